"""Modality and hedges: what is a forecast or a claim, and what only hedges a detail of an event.

Codebook section `[modality]` (src/syraq/data/codebook/acled-v1.toml): "will likely storm" and "will likely attack"
are claims, not events; "likely" before a place or prepositional phrase ("likely in the X area", "likely following
clashes with X") and a belief verb coordinated with the event ("warplanes, thought to be Russian") do not make the
event hypothetical; what a side acted "to avoid" (`[negation]`) did not happen; a participle that says who a noun
is ("the fighters besieging Foah", `[generic] participles`) is no event. Exercised through rules `air-strike`,
`air-strike-by-aircraft`, `clash` and `withdrawal`.

The notes are written for these tests in the style of ACLED's notes."""

from __future__ import annotations

import pytest
from rulekit import PUB_MAR_09, one

pytestmark = pytest.mark.slow


def test_likely_before_a_verb_is_still_a_forecast(code) -> None:  # type: ignore[no-untyped-def]
    doc = code("Regime forces will likely storm Kafr Nabl.", published=PUB_MAR_09)
    assert not doc.events and doc.claims


def test_a_hedged_event_itself_is_still_a_claim(code) -> None:  # type: ignore[no-untyped-def]
    doc = code("IS will likely attack Hajin in the coming days.", published=PUB_MAR_09, places=["Hajin"])
    assert not doc.events


def test_likely_before_a_place_phrase_does_not_make_a_forecast(code) -> None:  # type: ignore[no-untyped-def]
    doc = code("Regime helicopters dropped barrel bombs on Kafr Nabl, likely in the Maarat al-Numan area. "
               "No fatalities reported.", published=PUB_MAR_09)
    e = one(doc)
    assert e.sub_event_type == "Air/drone strike" and not doc.claims


def test_a_hedge_before_a_phrase_does_not_make_the_event_hypothetical(code) -> None:  # type: ignore[no-untyped-def]
    e = one(
        code(
            "Regime forces advanced from the Hajin area, likely following clashes with IS fighters. No fatalities "
            "reported.",
            published=PUB_MAR_09,
            places=["Hajin"],
        )
    )
    assert (e.event_type, e.sub_event_type) == ("Battles", "Armed clash")
    assert {e.actor1, e.actor2} == {"Military Forces of Syria (2000-)", "Islamic State (Syria)"}


def test_belief_verb_coordinated_with_the_strike_does_not_govern_it(code) -> None:  # type: ignore[no-untyped-def]
    e = one(code("Warplanes, thought to be Russian, carried out strikes on Hajin town. No fatalities reported.",
                 published=PUB_MAR_09))
    assert e.event_type == "Explosions/Remote violence"


def test_belief_verb_with_its_own_infinitive_hedges_only_the_attribution(code) -> None:  # type: ignore[no-untyped-def]
    # "believed to belong to X" says whose the warplanes were; the strike is reported as fact
    e = one(code("Warplanes believed to belong to the International Coalition struck the Islamic State-controlled "
                 "town of Hajin which resulted in the death of 12 persons.", published=PUB_MAR_09, places=["Hajin"]))
    assert (e.sub_event_type, e.actor1, e.fatalities) == ("Air/drone strike", "Global Coalition Against Daesh", 12)


def test_a_belief_about_the_weapon_does_not_hedge_the_battle_around_it(code) -> None:  # type: ignore[no-untyped-def]
    # the parser hangs "as clashes took place" from "believed": the belief is about the missiles only
    doc = code("Regime forces fired 6 missiles, believed to be ground-to-ground, on Hajin city as clashes took place "
               "between regime forces and Islamic State fighters on the outskirts of the city.", published=PUB_MAR_09,
               places=["Hajin"])
    assert doc.events and {e.sub_event_type for e in doc.events} == {"Armed clash"}


def test_a_belief_about_the_event_itself_stays_a_claim(code) -> None:  # type: ignore[no-untyped-def]
    doc = code("It is believed that IS fighters attacked Hajin.", published=PUB_MAR_09, places=["Hajin"])
    assert not doc.events


def test_what_a_side_acted_to_avoid_did_not_happen(code) -> None:  # type: ignore[no-untyped-def]
    e = one(code("HTS fighters withdrew from Kafr Nabl to avoid being besieged by regime forces.", published=PUB_MAR_09))
    assert (e.sub_event_type, e.rule) == ("Non-violent transfer of territory", "codebook:v1:withdrawal")


@pytest.mark.parametrize(
    "text",
    [
        "A civilian in Hajin was injured by Islamist faction snipers besieging the town.",
        "The Islamist faction fighters besieging the town of Hajin targeted areas with sniper fire, which injured "
        "several civilians.",
    ],
)
def test_fighters_besieging_a_town_say_who_shot_not_a_battle(code, text: str) -> None:  # type: ignore[no-untyped-def]
    e = one(code(text, published=PUB_MAR_09, places=["Hajin"]))
    assert (e.event_type, e.sub_event_type, e.actor2) == ("Violence against civilians", "Attack", "Civilians (Syria)")


def test_forces_that_are_besieging_a_town_fight(code) -> None:  # type: ignore[no-untyped-def]
    e = one(code("Regime forces are besieging the town of Hajin.", published=PUB_MAR_09, places=["Hajin"]))
    assert e.sub_event_type == "Armed clash"
