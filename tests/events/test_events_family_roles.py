"""Roles: which participant fills actor1 and actor2.

Roles (subject, agent, object, target, between, modifier) in src/syraq/data/codebook/acled-v1.toml, through rules
`shelling`, `clash`, `capture-government`, `capture-non-state`, `vehicle-destroyed` and `suicide-bomb`: an author
named by a participle ("presumably launched by X"), "between X and Y against Z", the government's allies are not its
opponent, a capture names the loser, shelling of named positions names the target, a pronoun target stands for the
person named before it ("opened fire at him"), an actor acronym the parser reads as a verb ("5 IS pickups", "IS
controlled", "IS suicide bombings") is still the actor, a headline in capitals keeps its verb.

The notes are written for these tests in the style of ACLED's notes."""

from __future__ import annotations

from datetime import date

import pytest
from rulekit import PUB_MAR_06, PUB_MAR_09, one

pytestmark = pytest.mark.slow


def test_author_named_by_a_participle_is_actor1(code) -> None:  # type: ignore[no-untyped-def]
    e = one(code("A farmer was killed when two mortar shells presumably launched by Islamic State militants landed "
                 "on his land near Mosul.", published=PUB_MAR_06))
    assert e.actor1 == "Islamic State (Iraq)" and e.actor2 == "Civilians (Iraq)" and e.fatalities == 1


def test_between_one_side_against_the_other(code) -> None:  # type: ignore[no-untyped-def]
    e = one(code("Clashes took place between Turkish forces and Olive Branch factions against YPG fighters near Afrin. "
                 "No fatalities reported.", published=PUB_MAR_09))
    assert (e.actor1, e.actor2) == ("Military Forces of Turkey (2016-)", "YPG: Peoples Protection Units")


def test_the_governments_allies_are_not_its_opponent(code) -> None:  # type: ignore[no-untyped-def]
    text = "Regime forces supported by loyalist militias recaptured Kafr Nabl from HTS fighters. No fatalities reported."
    e = one(code(text, published=PUB_MAR_09, places=["Kafr Nabl"]))
    assert e.sub_event_type == "Government regains territory"
    assert e.actor2 == "HTS: Hayat Tahrir al-Sham"


def test_capture_names_the_loser_as_second_actor(code) -> None:  # type: ignore[no-untyped-def]
    e = one(code("Regime forces established control of Kafr Nabl following clashes with Hayat Tahrir al-Sham.",
                 published=PUB_MAR_06))
    assert (e.event_type, e.sub_event_type) == ("Battles", "Government regains territory")
    assert e.actor2 == "HTS: Hayat Tahrir al-Sham"


def test_shelling_of_named_positions_names_the_target(code) -> None:  # type: ignore[no-untyped-def]
    e = one(code("Turkish forces shelled YPG positions near Afrin. No fatalities reported.", published=PUB_MAR_06))
    assert (e.actor1, e.actor2) == ("Military Forces of Turkey (2016-)", "YPG: Peoples Protection Units")


def test_a_pronoun_target_stands_for_the_person_named_before(code) -> None:  # type: ignore[no-untyped-def]
    doc = code(
        "A policeman escaped an assassination attempt unharmed after gunmen opened fire at him in Mosul.",
        published=PUB_MAR_09,
        places=["Mosul"],
    )
    assert doc.events, "no event"
    e = doc.events[0]
    assert (e.event_type, e.sub_event_type) == ("Battles", "Armed clash")
    assert "Police Forces of Iraq (2014-)" in {e.actor1, e.actor2}


def test_an_acronym_read_as_a_verb_is_still_the_actor(code) -> None:  # type: ignore[no-untyped-def]
    text = "Regime forces destroyed 5 IS pickups near Mayadeen. No fatalities reported."
    e = one(code(text, published=PUB_MAR_09, places=["Mayadeen"]))
    assert e.sub_event_type == "Armed clash"
    assert e.actor1 == "Military Forces of Syria (2000-)"
    assert e.actor2 == "Islamic State (Syria)"


def test_an_acronym_read_as_a_verb_opens_a_capture(code) -> None:  # type: ignore[no-untyped-def]
    text = "IS controlled Sukhna town after clashes with regime forces. No fatalities reported."
    e = one(code(text, published=PUB_MAR_09, places=["Sukhna"]))
    assert e.sub_event_type == "Non-state actor overtakes territory"
    assert e.actor1 == "Islamic State (Syria)"


@pytest.mark.parametrize(
    "text",
    [
        "IS suicide bombings killed 20 people in Homs.",
        "In the past year, we have already seen IS suicide bombings in regime-held territories.",
    ],
)
def test_an_acronym_read_as_is_still_names_the_attacker(code, text) -> None:  # type: ignore[no-untyped-def]
    doc = code(text, published=date(2018, 2, 15), places=["Homs"] if "Homs" in text else None)
    bombs = [e for e in doc.events if e.sub_event_type == "Suicide bomb"]
    assert bombs and all(e.actor1.startswith("Islamic State") for e in bombs)
    assert all(not e.actor2.startswith("Islamic State") for e in bombs)


def test_a_capitals_headline_keeps_its_verb(code) -> None:  # type: ignore[no-untyped-def]
    text = "WHERE IS THE FRONT NOW? Regime forces shelled Hajin. No fatalities reported."
    e = one(code(text, published=PUB_MAR_09, places=["Hajin"]))
    assert e.actor1 == "Military Forces of Syria (2000-)"


@pytest.mark.parametrize(
    "text",
    [
        "Olive Branch forces, led by the Turkish military, captured the village of Kafr Nabl from YPG fighters. "
        "Neither injuries nor fatalities reported.",
        "Rebel factions backed by the Turkish army clashed with YPG fighters near Afrin. No fatalities reported.",
    ],
)
def test_who_leads_or_backs_the_first_actor_is_not_its_opponent(code, text) -> None:  # type: ignore[no-untyped-def]
    e = one(code(text, published=PUB_MAR_09, places=["Kafr Nabl", "Afrin"]))
    assert e.actor2 == "YPG: Peoples Protection Units"


def test_a_counted_weapon_keeps_its_firers_role(code) -> None:  # type: ignore[no-untyped-def]
    # "fired dozens of shells at X": the shells hang from the quantity, the firer is still the subject
    e = one(code("Turkish forces fired dozens of artillery shells at the town of Afrin with neither injuries nor "
                 "fatalities reported.", published=PUB_MAR_09, places=["Afrin"]))
    assert e.sub_event_type == "Shelling/artillery/missile attack"
    assert e.actor1 == "Military Forces of Turkey (2016-)"


def test_the_governments_allies_striking_with_it_are_associates_not_targets(code) -> None:  # type: ignore[no-untyped-def]
    text = ("The Syrian army shelled Kafr Nabl town as Russian warplanes carried out several strikes on the town. "
            "No casualties were reported.")
    doc = code(text, published=PUB_MAR_09, places=["Kafr Nabl"])
    assert doc.events
    for e in doc.events:
        assert e.actor2 not in ("Military Forces of Syria (2000-)", "Military Forces of Russia"), e
    by_author = {e.actor1: e for e in doc.events}
    assert by_author["Military Forces of Syria (2000-)"].assoc_actor_1 == "Military Forces of Russia"


def test_a_sentence_parsed_without_a_verb_still_has_its_author(code) -> None:  # type: ignore[no-untyped-def]
    # the parser reads "Syrian regime forces targeted areas in X" as one noun phrase ("targeted" an adjective)
    e = one(code("Syrian regime forces targeted areas in Haouch Salhiye of Rural Damascus causing only material "
                 "damage. Neither injuries nor fatalities reported.", published=PUB_MAR_09))
    assert (e.event_type, e.actor1) == ("Explosions/Remote violence", "Military Forces of Syria (2000-)")


def test_a_participle_describing_a_noun_is_still_no_event(code) -> None:  # type: ignore[no-untyped-def]
    assert not code("The besieged towns of Madaya and Zabadani.", published=PUB_MAR_09).events
