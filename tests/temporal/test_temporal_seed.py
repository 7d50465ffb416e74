"""The bundled seed interview, end to end, and the stage contract."""

from datetime import date
from importlib import resources

import pytest

from syraq.model import Document, Span
from syraq.pipeline import Pipeline, get_factory
from syraq.temporal import TemporalStage, find_times

SEED = "data/example/syria-direct-2018-02-15-hassan-interview.txt"
PUB = date(2018, 2, 15)

EXPECTED = [  # (text, start, end, precision), in text order
    ("15 February 2018", "2018-02-15", "2018-02-15", "day"),
    ("the past year", "2017-02-15", "2018-02-15", "year"),
    ("early August 2017", "2017-08-01", "2017-08-15", "month"),
    ("the past year", "2017-02-15", "2018-02-15", "year"),
    ("2017", "2017-01-01", "2017-12-31", "year"),
    ("late September 2017", "2017-09-16", "2017-09-30", "month"),
    ("Three weeks later", "2017-10-07", "2017-10-21", "month"),
    ("2018", "2018-01-01", "2018-02-15", "year"),
    ("September 2017", "2017-09-01", "2017-09-30", "month"),
    ("one month prior", "2017-08-01", "2017-08-31", "month"),
    ("days later", "2017-09-03", "2017-10-07", "month"),
    ("October 2017", "2017-10-01", "2017-10-31", "month"),
    ("October 2016", "2016-10-01", "2016-10-31", "month"),
    ("March 2008", "2008-03-01", "2008-03-31", "month"),
    ("from the spring of 2008 all the way to 2013", "2008-03-01", "2013-12-31", "multi-year"),
    ("spring 2013", "2013-03-01", "2013-05-31", "season"),
    ("2018", "2018-01-01", "2018-02-15", "year"),
    ("November 2013", "2013-11-01", "2013-11-30", "month"),
    ("today", "2018-02-15", "2018-02-15", "day"),
    ("June", "2017-06-01", "2017-06-30", "month"),
    ("October 14", "2017-10-14", "2017-10-14", "day"),
    ("December 2017", "2017-12-01", "2017-12-31", "month"),
]


@pytest.fixture(scope="module")
def seed_text() -> str:
    return resources.files("syraq").joinpath(SEED).read_text(encoding="utf-8")


def _rows(text: str, times: list) -> list[tuple[str, str, str, str]]:
    return [(text[t.span.start : t.span.end], str(t.start), str(t.end), t.precision) for t in times]


def test_seed_interview(seed_text: str) -> None:
    times = find_times(seed_text, PUB)
    assert _rows(seed_text, times) == EXPECTED
    assert "7 min read" not in [seed_text[t.span.start : t.span.end] for t in times]
    by_text = {seed_text[t.span.start : t.span.end]: t for t in times}
    assert by_text["Three weeks later"].anchor_span == by_text["late September 2017"].span
    assert by_text["one month prior"].anchor_span == by_text["September 2017"].span
    assert by_text["October 14"].anchor == "publication"
    assert all(t.span.label == "time" for t in times)


def test_stage_contract_and_order(seed_text: str) -> None:
    stage = TemporalStage()
    assert stage.name == "syraq.temporal.v1"
    assert stage.requires == ("nlp", "sentences") and stage.assigns == ("times",)
    assert isinstance(get_factory("syraq.temporal.v1")(), TemporalStage)
    doc = Document(text=seed_text, published=PUB)
    doc.sentences = [Span(0, len(seed_text), "sentence")]
    stage(doc)
    assert [t.span.start for t in doc.times] == sorted(t.span.start for t in doc.times)
    assert len(doc.times) == len(EXPECTED)


def test_stage_without_publication_keeps_absolute_dates() -> None:
    doc = Document(text="IS took the town in March 2008. Yesterday, it attacked again.", published=None)
    TemporalStage()(doc)
    assert [(str(t.start), t.anchor) for t in doc.times] == [("2008-03-01", "absolute")]


@pytest.mark.slow
def test_stage_with_spacy_tense(seed_text: str) -> None:
    from syraq.nlp import NlpStage

    pipe = Pipeline([NlpStage(), TemporalStage()])
    doc = pipe(Document(text=seed_text, published=PUB))
    assert _rows(seed_text, doc.times) == EXPECTED
    doc = pipe(
        Document(
            text="The army will attack Raqqa in March. IS said it took the town on Saturday.",
            published=PUB,
        )
    )
    assert [(str(t.start), str(t.end)) for t in doc.times] == [
        ("2018-03-01", "2018-03-31"),
        ("2018-02-10", "2018-02-10"),
    ]
