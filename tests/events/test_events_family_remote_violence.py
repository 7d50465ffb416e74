"""Explosions/remote violence: air strikes, shelling, explosives, and targeting with no weapon named.

Codebook rules (src/syraq/data/codebook/acled-v1.toml): `air-strike` and `air-strike-by-aircraft` ("coalition
strikes" as a noun, planes carrying out raids; "one strike engaged an IS unit" is no battle: `clash`'s
`subject_none`), `shelling` (anti-tank missiles), `targeting-place` and
`targeting-force` (a village targeted by unknown means, fire on enemy positions; sniper fire is neither),
`remote-explosive` (explosives set off by hand, remote explosives, booby traps: never a clash, even when they kill a
policeman).

The notes are written for these tests in the style of ACLED's notes."""

from __future__ import annotations

import pytest
from rulekit import PUB_MAR_06, PUB_MAR_09, events, one

pytestmark = pytest.mark.slow


def test_coalition_strikes_noun_is_an_air_strike(code) -> None:  # type: ignore[no-untyped-def]
    e = one(code("Coalition strikes near Hajin reportedly killed 6 IS fighters.", published=PUB_MAR_06))
    assert e.sub_event_type == "Air/drone strike" and e.fatalities == 6


def test_planes_carrying_out_raids_strike_from_the_air(code) -> None:  # type: ignore[no-untyped-def]
    text = "Russian planes carried out raids on Kafr Nabl town, killing a woman and her 4 children."
    e = one(code(text, published=PUB_MAR_09, places=["Kafr Nabl"]))
    assert e.sub_event_type == "Air/drone strike"
    assert e.actor1 == "Military Forces of Russia"


def test_anti_tank_missile_is_shelling(code) -> None:  # type: ignore[no-untyped-def]
    e = one(code("IS fighters hit a regime tank in Hajin with an ATGM. No fatalities reported.", published=PUB_MAR_06))
    assert e.sub_event_type == "Shelling/artillery/missile attack"


def test_targeting_a_village_without_a_weapon_is_shelling(code) -> None:  # type: ignore[no-untyped-def]
    e = one(code("Regime forces targeted, by unknown means, the village of Kafr Nabl. No fatalities reported.",
                 published=PUB_MAR_09))
    assert (e.sub_event_type, e.actor1) == ("Shelling/artillery/missile attack", "Military Forces of Syria (2000-)")
    assert e.rule.endswith("targeting-place")


def test_fire_on_enemy_positions_is_remote_violence_against_them(code) -> None:  # type: ignore[no-untyped-def]
    e = one(code("YPG fighters fired on Turkish army positions near Afrin, causing material damage. "
                 "No fatalities reported.", published=PUB_MAR_09))
    assert e.event_type == "Explosions/Remote violence"
    assert (e.actor1, e.actor2) == ("YPG: Peoples Protection Units", "Military Forces of Turkey (2016-)")


def test_gunfire_on_a_village_is_not_remote_targeting(code) -> None:  # type: ignore[no-untyped-def]
    doc = code("Regime snipers targeted Kafr Nabl, killing a shepherd.", published=PUB_MAR_09)
    assert all(not e.rule.endswith(("targeting-place", "targeting-force")) for e in doc.events), events(doc)


def test_explosives_set_off_by_hand_are_a_remote_explosive(code) -> None:  # type: ignore[no-untyped-def]
    e = one(code("Islamic State militants blew up the house of a tribal elder near Tikrit.", published=PUB_MAR_09))
    assert e.sub_event_type == "Remote explosive/landmine/IED"


def test_remote_explosives_are_an_explosive_device(code) -> None:  # type: ignore[no-untyped-def]
    text = "Islamic State militants damaged an armored vehicle of the Iraqi army using remote explosives near Tikrit."
    e = one(code(text, published=PUB_MAR_09, places=["Tikrit"]))
    assert e.sub_event_type == "Remote explosive/landmine/IED"


def test_a_booby_trap_killing_a_policeman_is_an_explosive(code) -> None:  # type: ignore[no-untyped-def]
    text = "Islamic State militants detonated a booby-trapped house near Tikrit, killing one policeman."
    e = one(code(text, published=PUB_MAR_09, places=["Tikrit"]))
    assert e.sub_event_type == "Remote explosive/landmine/IED"


def test_a_strike_that_engaged_a_unit_is_the_strike_not_a_battle(code) -> None:  # type: ignore[no-untyped-def]
    # the coalition's strike releases: "one strike engaged an ISIS tactical unit"
    e = one(code("One strike by the U.S.-led coalition engaged an Islamic State tactical unit near Hajin.",
                 published=PUB_MAR_09, places=["Hajin"]))
    assert (e.event_type, e.sub_event_type) == ("Explosions/Remote violence", "Air/drone strike")
    assert e.actor1 == "Global Coalition Against Daesh"


def test_forces_that_engaged_fighters_still_fought(code) -> None:  # type: ignore[no-untyped-def]
    e = one(code("Regime forces engaged IS fighters near Hajin.", published=PUB_MAR_09, places=["Hajin"]))
    assert e.sub_event_type == "Armed clash"
