"""Rule families of the seventh events round: a military vehicle destroyed by armed men is a clash; a perfect
infinitive ("claimed to have destroyed") reports a deed; an actor acronym the parser reads as a verb ("5 IS
pickups", "IS controlled the village") is still the actor; the singular "policeman"; a rebel capture that
"restored control"; "a total of N villages" is territory; the government's allies are not its opponent; strikes
that support a ground fight fold into the battle; booby traps and aircraft are remote violence, never a clash.
The notes are written for these tests in the style of ACLED's notes."""

from __future__ import annotations

from datetime import date

import pytest

pytestmark = pytest.mark.slow

PUB = date(2018, 3, 9)


def one(doc):  # type: ignore[no-untyped-def]
    assert len(doc.events) == 1, [(e.sub_event_type, e.actor1, e.actor2, e.rule) for e in doc.events]
    return doc.events[0]


# -- a military vehicle destroyed ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "actor1", "actor2"),
    [
        (
            "Jaysh al-Islam fighters destroyed a regime T-72 tank on the Hajin front. Neither injuries nor fatalities "
            "reported.",
            "Jaysh al-Islam",
            "Military Forces of Syria (2000-)",
        ),
        (
            "Regime forces claimed to have destroyed 3 HTS pickups near Hajin. No fatalities reported.",
            "Military Forces of Syria (2000-)",
            "HTS: Hayat Tahrir al-Sham",
        ),
    ],
)
def test_a_military_vehicle_destroyed_by_armed_men_is_a_clash(code, text, actor1, actor2) -> None:  # type: ignore[no-untyped-def]
    e = one(code(text, published=PUB, places=["Hajin"]))
    assert (e.event_type, e.sub_event_type) == ("Battles", "Armed clash")
    assert e.rule == "codebook:v1:vehicle-destroyed"
    assert (e.actor1, e.actor2) == (actor1, actor2)


def test_a_vehicle_destroyed_by_an_air_strike_stays_an_air_strike(code) -> None:  # type: ignore[no-untyped-def]
    text = "Turkish warplanes destroyed 2 YPG vehicles near Afrin. No fatalities reported."
    e = one(code(text, published=PUB, places=["Afrin"]))
    assert e.sub_event_type == "Air/drone strike"


def test_explosives_destroyed_are_no_clash(code) -> None:  # type: ignore[no-untyped-def]
    text = "Iraqi security forces discovered and destroyed 12 IEDs and a car bomb near Tikrit."
    e = one(code(text, published=PUB, places=["Tikrit"]))
    assert e.sub_event_type == "Disrupted weapons use"


def test_remote_explosives_are_an_explosive_device(code) -> None:  # type: ignore[no-untyped-def]
    text = "Islamic State militants damaged an armored vehicle of the Iraqi army using remote explosives near Tikrit."
    e = one(code(text, published=PUB, places=["Tikrit"]))
    assert e.sub_event_type == "Remote explosive/landmine/IED"


# -- an acronym the parser reads as a verb ---------------------------------------------------------------------


def test_an_acronym_read_as_a_verb_is_still_the_actor(code) -> None:  # type: ignore[no-untyped-def]
    text = "Regime forces destroyed 5 IS pickups near Mayadeen. No fatalities reported."
    e = one(code(text, published=PUB, places=["Mayadeen"]))
    assert e.sub_event_type == "Armed clash"
    assert e.actor1 == "Military Forces of Syria (2000-)"
    assert e.actor2 == "Islamic State (Syria)"


def test_an_acronym_read_as_a_verb_opens_a_capture(code) -> None:  # type: ignore[no-untyped-def]
    text = "IS controlled Sukhna town after clashes with regime forces. No fatalities reported."
    e = one(code(text, published=PUB, places=["Sukhna"]))
    assert e.sub_event_type == "Non-state actor overtakes territory"
    assert e.actor1 == "Islamic State (Syria)"


def test_a_capitals_headline_keeps_its_verb(code) -> None:  # type: ignore[no-untyped-def]
    text = "WHERE IS THE FRONT NOW? Regime forces shelled Hajin. No fatalities reported."
    e = one(code(text, published=PUB, places=["Hajin"]))
    assert e.actor1 == "Military Forces of Syria (2000-)"


# -- actors ----------------------------------------------------------------------------------------------------


def test_a_policeman_is_the_police(code) -> None:  # type: ignore[no-untyped-def]
    text = "Islamic State militants wounded a policeman by sniping near Tikrit."
    e = one(code(text, published=PUB, places=["Tikrit"]))
    assert (e.event_type, e.sub_event_type) == ("Battles", "Armed clash")
    assert e.actor2 == "Police Forces of Iraq (2014-)"


def test_the_governments_allies_are_not_its_opponent(code) -> None:  # type: ignore[no-untyped-def]
    text = "Regime forces supported by loyalist militias recaptured Kafr Nabl from HTS fighters. No fatalities reported."
    e = one(code(text, published=PUB, places=["Kafr Nabl"]))
    assert e.sub_event_type == "Government regains territory"
    assert e.actor2 == "HTS: Hayat Tahrir al-Sham"


# -- territory -------------------------------------------------------------------------------------------------


def test_rebels_restoring_control_overtake_territory(code) -> None:  # type: ignore[no-untyped-def]
    text = "Rebel factions managed to restore control over Kafr Nabl town after the Syrian army held it for a few hours."
    e = one(code(text, published=PUB, places=["Kafr Nabl"]))
    assert e.sub_event_type == "Non-state actor overtakes territory"
    assert e.actor1 == "Opposition Rebels (Syria)"


def test_a_total_of_villages_is_territory(code) -> None:  # type: ignore[no-untyped-def]
    text = "Regime forces managed to recapture a total of 12 villages from HTS fighters in the countryside of Homs."
    e = one(code(text, published=PUB, places=["Homs"]))
    assert e.sub_event_type == "Government regains territory"


# -- strikes that support a ground fight -----------------------------------------------------------------------


def test_air_support_folds_into_the_clash(code) -> None:  # type: ignore[no-untyped-def]
    text = "QSD forces, supported by Global Coalition airstrikes, clashed with IS fighters in Hajin. No fatalities reported."
    e = one(code(text, published=PUB, places=["Hajin"]))
    assert (e.event_type, e.sub_event_type) == ("Battles", "Armed clash")
    assert (e.actor1, e.actor2) == ("QSD: Syrian Democratic Forces", "Islamic State (Syria)")


def test_allied_strikes_fold_into_the_governments_capture(code) -> None:  # type: ignore[no-untyped-def]
    text = "Regime forces, accompanied by regime or Russian airstrikes, recaptured Sukhna town. No fatalities reported."
    e = one(code(text, published=PUB, places=["Sukhna"]))
    assert e.sub_event_type == "Government regains territory"


def test_shelling_during_sporadic_clashes_is_the_clash(code) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Regime forces shelled Hajin town, injuring several civilians, as sporadic clashes took place in the area "
        "between regime forces and Jaysh al-Islam fighters. No fatalities reported."
    )
    e = one(code(text, published=PUB, places=["Hajin"]))
    assert (e.event_type, e.sub_event_type) == ("Battles", "Armed clash")
    assert e.actor2 == "Jaysh al-Islam"  # the civilians the shelling hurt fought no battle


# -- remote violence is never a clash --------------------------------------------------------------------------


def test_a_booby_trap_killing_a_policeman_is_an_explosive(code) -> None:  # type: ignore[no-untyped-def]
    text = "Islamic State militants detonated a booby-trapped house near Tikrit, killing one policeman."
    e = one(code(text, published=PUB, places=["Tikrit"]))
    assert e.sub_event_type == "Remote explosive/landmine/IED"


def test_planes_carrying_out_raids_strike_from_the_air(code) -> None:  # type: ignore[no-untyped-def]
    text = "Russian planes carried out raids on Kafr Nabl town, killing a woman and her 4 children."
    e = one(code(text, published=PUB, places=["Kafr Nabl"]))
    assert e.sub_event_type == "Air/drone strike"
    assert e.actor1 == "Military Forces of Russia"


def test_heavy_machineguns_that_hurt_no_one_are_harassing_fire(code) -> None:  # type: ignore[no-untyped-def]
    text = "Regime forces targeted Kafr Nabl town with heavy machineguns, causing material damage. No fatalities reported."
    e = one(code(text, published=PUB, places=["Kafr Nabl"]))
    assert (e.event_type, e.sub_event_type) == ("Strategic developments", "Other")
