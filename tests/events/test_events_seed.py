"""The seed interview (Syria Direct, 15 February 2018): the events an analyst noted by hand.

Runs the real nlp stage. Places and time expressions are tagged by hand here (the geo and
temporal stages are tested on their own); every other decision is the events stage's.
"""

from __future__ import annotations

from datetime import date
from importlib import resources

import pytest
from seedkit import add_places, add_time

from syraq.events import EventStage
from syraq.model import Document

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def seed(nlp_stage) -> Document:
    ref = resources.files("syraq") / "data" / "example" / "syria-direct-2018-02-15-hassan-interview.txt"
    doc = Document(text=ref.read_text(encoding="utf-8"), published=date(2018, 2, 15), source="Syria Direct")
    nlp_stage(doc)
    add_places(doc)
    add_time(doc, "late September 2017", date(2017, 9, 21), date(2017, 9, 30), "month")
    add_time(doc, "Three weeks later", date(2017, 10, 12), date(2017, 10, 21), "week", "narrative")
    add_time(doc, "In September 2017", date(2017, 9, 1), date(2017, 9, 30), "month")
    add_time(doc, "one month prior", date(2017, 8, 1), date(2017, 8, 31), "month", "narrative")
    add_time(doc, "October 14", date(2017, 10, 14), date(2017, 10, 14), "day")
    add_time(doc, "October 2017", date(2017, 10, 1), date(2017, 10, 31), "month")
    return EventStage()(doc)


def _find(doc: Document, sub: str, actor1: str, place: str, month: tuple[int, int] | None = None):  # type: ignore[no-untyped-def]
    found = [
        e for e in doc.events
        if e.sub_event_type == sub and e.actor1 == actor1 and e.place is not None and e.place.place is not None
        and e.place.place.name == place
        and (month is None or (e.date_start is not None and (e.date_start.year, e.date_start.month) == month))
    ]
    assert found, [(e.sub_event_type, e.actor1, e.place and e.place.place and e.place.place.name, e.date_start)
                   for e in doc.events]
    return found[0]


def test_is_took_qaryatayn_in_late_september_2017(seed: Document) -> None:
    e = _find(seed, "Non-state actor overtakes territory", "Islamic State (Syria)", "Al Qaryatayn", (2017, 9))
    assert e.date_start == date(2017, 9, 21) and e.inter1 == 2
    assert "IS fighters briefly retook the town of Qaryatayn" in seed.span_text(e.sentence)


def test_the_army_retook_qaryatayn_three_weeks_later(seed: Document) -> None:
    e = _find(seed, "Government regains territory", "Military Forces of Syria (2000-)", "Al Qaryatayn", (2017, 10))
    assert e.date_start == date(2017, 10, 12) and e.date_precision == "week"


def test_the_army_captured_sukhna_in_august_2017(seed: Document) -> None:
    e = _find(seed, "Government regains territory", "Military Forces of Syria (2000-)", "As Sukhnah", (2017, 8))
    assert "captured one month prior by SAA forces" in seed.span_text(e.sentence)
    _find(seed, "Non-state actor overtakes territory", "Islamic State (Syria)", "As Sukhnah", (2017, 9))


def test_the_army_captured_mayadeen_on_14_october(seed: Document) -> None:
    e = _find(seed, "Government regains territory", "Military Forces of Syria (2000-)", "Al Mayadin")
    assert (e.date_start, e.date_end, e.date_precision) == (date(2017, 10, 14), date(2017, 10, 14), "day")
    assert e.confidence >= 0.8
    assert {s.label for s in e.evidence} >= {"sentence", "trigger", "actor1", "place", "time"}


def test_the_forecast_about_al_bukamal_is_a_claim_not_an_event(seed: Document) -> None:
    claims = [c for c in seed.claims if "reclaim areas such as al-Bukamal" in seed.span_text(c.evidence)]
    assert claims and claims[0].cue == "could"
    assert {p.place.name for p in claims[0].places if p.place} >= {"Abu Kamal", "Deir ez-Zor"}
    assert not any(
        "reclaim" in seed.span_text(e.sentence) and "al-Bukamal" in seed.span_text(e.sentence) for e in seed.events
    )


def test_no_event_from_questions_or_analysis(seed: Document) -> None:
    for e in seed.events:
        sentence = seed.span_text(e.sentence)
        assert not sentence.rstrip().endswith("?")
        assert "can attack" not in sentence
    assert len(seed.events) <= 10  # an interview: a handful of reported events, not every verb
