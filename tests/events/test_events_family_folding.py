"""Folding and merging: when several triggers or sentences of a brief report are one event.

Section `[brief_report]` and the priority order of `[[types]]` in src/syraq/data/codebook/acled-v1.toml: a follow-up
sentence without an author folds into the event before it, a second place in the same sentence does not split one
shelling, a clash that ends in a capture is the capture (`capture-non-state`), strikes that support a ground fight
fold into the battle (`clash`) or the government's capture (`capture-government`), and shelling during sporadic
clashes is the clash.

The notes are written for these tests in the style of ACLED's notes."""

from __future__ import annotations

import pytest
from rulekit import PUB_MAR_06, PUB_MAR_09, actors, one

pytestmark = pytest.mark.slow


def test_follow_up_sentence_without_author_folds_into_the_event(code) -> None:  # type: ignore[no-untyped-def]
    e = one(code("Regime forces fired rockets on Kafr Nabl. Shelling destroyed a building, killing 3 civilians.",
                 published=PUB_MAR_06))
    assert e.actor1 == "Military Forces of Syria (2000-)" and e.fatalities == 3


def test_sentence_place_does_not_split_one_shelling(code) -> None:  # type: ignore[no-untyped-def]
    e = one(code("Regime forces fired a rocket on Kafr Nabl in Homs and also shelled the town, killing 5 civilians.",
                 published=PUB_MAR_06))
    assert e.place is not None and e.place.place is not None and e.place.place.name == "Kafr Nabl"
    assert e.fatalities == 5


def test_clash_that_ends_in_a_capture_is_the_capture(code) -> None:  # type: ignore[no-untyped-def]
    e = one(code("Clashes took place between SDF and IS fighters in Hajin. SDF forces reportedly established "
                 "control of the town. No fatalities reported.", published=PUB_MAR_06))
    assert e.sub_event_type == "Non-state actor overtakes territory"
    assert actors(e) == {"QSD: Syrian Democratic Forces", "Islamic State (Syria)"}


def test_airstrikes_during_a_ground_battle_are_one_battle(code) -> None:  # type: ignore[no-untyped-def]
    doc = code("Clashes took place between Turkish forces and YPG fighters in Afrin, accompanied by Turkish "
               "airstrikes. Three fighters were killed.", published=PUB_MAR_06)
    e = one(doc)
    assert (e.event_type, e.sub_event_type, e.fatalities) == ("Battles", "Armed clash", 3)


def test_air_support_folds_into_the_clash(code) -> None:  # type: ignore[no-untyped-def]
    text = "QSD forces, supported by Global Coalition airstrikes, clashed with IS fighters in Hajin. No fatalities reported."
    e = one(code(text, published=PUB_MAR_09, places=["Hajin"]))
    assert (e.event_type, e.sub_event_type) == ("Battles", "Armed clash")
    assert (e.actor1, e.actor2) == ("QSD: Syrian Democratic Forces", "Islamic State (Syria)")


def test_allied_strikes_fold_into_the_governments_capture(code) -> None:  # type: ignore[no-untyped-def]
    text = "Regime forces, accompanied by regime or Russian airstrikes, recaptured Sukhna town. No fatalities reported."
    e = one(code(text, published=PUB_MAR_09, places=["Sukhna"]))
    assert e.sub_event_type == "Government regains territory"


def test_shelling_during_sporadic_clashes_is_the_clash(code) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Regime forces shelled Hajin town, injuring several civilians, as sporadic clashes took place in the area "
        "between regime forces and Jaysh al-Islam fighters. No fatalities reported."
    )
    e = one(code(text, published=PUB_MAR_09, places=["Hajin"]))
    assert (e.event_type, e.sub_event_type) == ("Battles", "Armed clash")
    assert e.actor2 == "Jaysh al-Islam"  # the civilians the shelling hurt fought no battle


def test_a_clash_with_the_side_that_lost_the_ground_folds_into_the_capture(code) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Clashes took place between regime forces and Hayat Tahrir al-Sham, where the factions advanced to control "
        "Kafr Nabl town. No fatalities reported."
    )
    e = one(code(text, published=PUB_MAR_09, places=["Kafr Nabl"]))
    assert e.sub_event_type == "Non-state actor overtakes territory"
    # HTS, named only by the clash, fought on the side that took the town
    assert "HTS: Hayat Tahrir al-Sham" in [*e.assoc_actor_1.split(";"), e.actor1]
    assert e.actor2 == "Military Forces of Syria (2000-)"
