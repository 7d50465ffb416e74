"""Rule families of the eighth events round: coordinated passive participles share their victim and their "by"
phrase ("was shot and killed by X"); a pronoun in a target role stands for the person named before it ("opened
fire at him"); fire opened on a civilian is an attack on civilians; a hedge before a prepositional phrase
("..., likely following clashes with X") qualifies the detail, not whether the event happened; common slips
("clashed took place", "snipped"); "succumbed to wounds" is a death. The notes are written for these tests in
the style of ACLED's notes."""

from __future__ import annotations

from datetime import date

import pytest

from syraq.events.codebook import load_codebook
from syraq.events.fatalities import count_fatalities

pytestmark = pytest.mark.slow

PUB = date(2018, 3, 9)


def one(doc):  # type: ignore[no-untyped-def]
    assert len(doc.events) == 1, [(e.sub_event_type, e.actor1, e.actor2, e.rule) for e in doc.events]
    return doc.events[0]


def test_shot_and_killed_by_shares_victim_and_author(code) -> None:  # type: ignore[no-untyped-def]
    e = one(code("A woman was shot and killed by a regime sniper in Hajin.", published=PUB, places=["Hajin"]))
    assert (e.event_type, e.sub_event_type) == ("Violence against civilians", "Attack")
    assert (e.actor1, e.actor2) == ("Military Forces of Syria (2000-)", "Civilians (Syria)")
    assert e.fatalities == 1


def test_a_pronoun_target_stands_for_the_person_named_before(code) -> None:  # type: ignore[no-untyped-def]
    doc = code(
        "A policeman escaped an assassination attempt unharmed after gunmen opened fire at him in Mosul.",
        published=PUB,
        places=["Mosul"],
    )
    assert doc.events, "no event"
    e = doc.events[0]
    assert (e.event_type, e.sub_event_type) == ("Battles", "Armed clash")
    assert "Police Forces of Iraq (2014-)" in {e.actor1, e.actor2}


def test_fire_opened_on_a_civilian_is_an_attack(code) -> None:  # type: ignore[no-untyped-def]
    e = one(
        code(
            "Unknown gunmen opened fire against a shop owner in the market of Hajin, wounding him severely.",
            published=PUB,
            places=["Hajin"],
        )
    )
    assert (e.event_type, e.sub_event_type) == ("Violence against civilians", "Attack")
    assert e.actor2 == "Civilians (Syria)"
    assert e.fatalities == 0


def test_a_hedge_before_a_phrase_does_not_make_the_event_hypothetical(code) -> None:  # type: ignore[no-untyped-def]
    e = one(
        code(
            "Regime forces advanced from the Hajin area, likely following clashes with IS fighters. No fatalities "
            "reported.",
            published=PUB,
            places=["Hajin"],
        )
    )
    assert (e.event_type, e.sub_event_type) == ("Battles", "Armed clash")
    assert {e.actor1, e.actor2} == {"Military Forces of Syria (2000-)", "Islamic State (Syria)"}


def test_a_hedged_event_itself_is_still_a_claim(code) -> None:  # type: ignore[no-untyped-def]
    doc = code("IS will likely attack Hajin in the coming days.", published=PUB, places=["Hajin"])
    assert not doc.events


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("Clashed took place between regime forces and HTS fighters in Hajin. No fatalities reported.", "clash"),
        ("Turkish border guards snipped a YPG fighter in Hajin, which led to his death.", "kill-armed"),
    ],
)
def test_common_slips_still_code(code, text, rule) -> None:  # type: ignore[no-untyped-def]
    e = one(code(text, published=PUB, places=["Hajin"]))
    assert (e.event_type, e.sub_event_type) == ("Battles", "Armed clash")
    assert e.rule == f"codebook:v1:{rule}"


@pytest.mark.parametrize(
    ("text", "killed"),
    [
        ("A man was shot and killed by unknown gunmen.", 1),
        ("Later, two civilians succumbed to wounds they received from shelling the day before.", 2),
        ("A child succumbed to wounds received in the shelling.", 1),
    ],
)
def test_deaths_by_coordinated_participle_or_succumbing(nlp_stage, text, killed) -> None:  # type: ignore[no-untyped-def]
    from syraq.model import Document

    doc = nlp_stage(Document(text=text, published=PUB))
    sent = next(iter(doc.nlp.sents))
    assert sum(c.count for c in count_fatalities(sent, load_codebook())) == killed
