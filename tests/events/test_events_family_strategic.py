"""Strategic developments: non-violent events, explosives made safe, fire that hurts no one.

Codebook rules (src/syraq/data/codebook/acled-v1.toml): `mass-grave`, `curfew`, `statement`, `arrests`, `dismissal`,
`property-destroyed`; `combatants-abducted` (soldiers or fighters an armed group seizes are detained, not civilians
abducted); `explosives-found` (explosives discovered or destroyed are disrupted weapons use, not a
clash); `explosives-handled` (a government's forces detonating a car bomb made it safe), with `explosive-hit` (a
government vehicle that struck a landmine was its target) and `blow-up` (a pro-government militia blowing up an IS
vehicle attacked it); `harassing-fire` (machine gun fire that causes only material damage is "Other", not remote violence).

The notes are written for these tests in the style of ACLED's notes."""

from __future__ import annotations

import pytest
from rulekit import PUB_MAR_06, PUB_MAR_09, one

pytestmark = pytest.mark.slow


@pytest.mark.parametrize(
    ("text", "sub", "rule"),
    [
        ("Iraqi security forces uncovered a mass grave holding the remains of 20 farmers near Tikrit.", "Other",
         "mass-grave"),
        ("Regime forces imposed a curfew on Hajin after the killing of an officer.", "Other", "curfew"),
        ("HTS issued a statement denying any role in the Kafr Nabl bombing.", "Other", "statement"),
        ("Regime forces launched a campaign of arrests in Hajin.", "Arrests", "arrests"),
        ("A Syrian army colonel in charge of the Raqqa front was removed from his post.",
         "Change to group/activity", "dismissal"),
        ("Iraqi army engineers destroyed four Islamic State hideouts and two tunnels near Tikrit.",
         "Looting/property destruction", "property-destroyed"),
    ],
)
def test_non_violent_developments(code, text: str, sub: str, rule: str) -> None:  # type: ignore[no-untyped-def]
    e = one(code(text, published=PUB_MAR_09))
    assert (e.event_type, e.sub_event_type) == ("Strategic developments", sub)
    assert e.rule.endswith(rule)


def test_explosives_discovered_are_disrupted_weapons_use(code) -> None:  # type: ignore[no-untyped-def]
    e = one(code("Iraqi police discovered 13 IEDs buried near Tikrit.", published=PUB_MAR_06))
    assert (e.event_type, e.sub_event_type) == ("Strategic developments", "Disrupted weapons use")


def test_explosives_destroyed_are_no_clash(code) -> None:  # type: ignore[no-untyped-def]
    text = "Iraqi security forces discovered and destroyed 12 IEDs and a car bomb near Tikrit."
    e = one(code(text, published=PUB_MAR_09, places=["Tikrit"]))
    assert e.sub_event_type == "Disrupted weapons use"


@pytest.mark.parametrize(
    "text",
    [
        "Iraqi police discovered 25 IEDs, an artisanal rocket and 39 mortar shells near Tikrit.",
        "Iraqi police dismantled two IEDs and two mortar shells near Tikrit.",
    ],
)
def test_shells_and_rockets_found_are_not_fired(code, text: str) -> None:  # type: ignore[no-untyped-def]
    e = one(code(text, published=PUB_MAR_06, places=["Tikrit"]))
    assert (e.event_type, e.sub_event_type) == ("Strategic developments", "Disrupted weapons use")


def test_a_launcher_seized_with_its_rockets_is_no_shelling(code) -> None:  # type: ignore[no-untyped-def]
    doc = code("Iraqi police seized an RPG launcher with rockets near Tikrit.", published=PUB_MAR_06, places=["Tikrit"])
    assert all(e.event_type != "Explosions/Remote violence" for e in doc.events)


def test_weapons_a_convoy_is_allowed_to_keep_are_no_shelling(code) -> None:  # type: ignore[no-untyped-def]
    doc = code(
        "The YPG offered their release in exchange for safe passage with heavy weapons through regime-held areas.",
        published=PUB_MAR_06,
    )
    assert all(e.event_type != "Explosions/Remote violence" for e in doc.events)


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Five regime soldiers were kidnapped by YPG fighters in Hajin.", ("Strategic developments", "Arrests")),
        ("Unknown gunmen kidnapped two Popular Mobilization fighters near Tikrit.", ("Strategic developments", "Arrests")),
        # civilians seized are still violence against civilians
        ("Unknown gunmen kidnapped two shepherds near Tikrit.", ("Violence against civilians",
                                                                 "Abduction/forced disappearance")),
    ],
)
def test_combatants_seized_by_an_armed_group_are_detained(code, text: str, kind: tuple[str, str]) -> None:  # type: ignore[no-untyped-def]
    e = one(code(text, published=PUB_MAR_06, places=["Hajin", "Tikrit"]))
    assert (e.event_type, e.sub_event_type) == kind


def test_rockets_fired_are_still_shelling(code) -> None:  # type: ignore[no-untyped-def]
    e = one(code("Islamic State militants fired rockets at Tikrit. No fatalities reported.", published=PUB_MAR_06,
                 places=["Tikrit"]))
    assert e.sub_event_type == "Shelling/artillery/missile attack"


def test_harmless_machine_gun_fire_is_a_strategic_development(code) -> None:  # type: ignore[no-untyped-def]
    e = one(code("Regime forces opened heavy machine gun fire on Kafr Nabl, causing material damage. "
                 "No fatalities reported.", published=PUB_MAR_06))
    assert (e.event_type, e.sub_event_type) == ("Strategic developments", "Other")
    assert e.rule == "codebook:v1:harassing-fire"


def test_heavy_machineguns_that_hurt_no_one_are_harassing_fire(code) -> None:  # type: ignore[no-untyped-def]
    text = "Regime forces targeted Kafr Nabl town with heavy machineguns, causing material damage. No fatalities reported."
    e = one(code(text, published=PUB_MAR_09, places=["Kafr Nabl"]))
    assert (e.event_type, e.sub_event_type) == ("Strategic developments", "Other")


def test_security_forces_detonating_a_car_bomb_made_it_safe(code) -> None:  # type: ignore[no-untyped-def]
    e = one(code("Security forces detonated a car bomb near Tikrit.", published=PUB_MAR_09, places=["Tikrit"]))
    assert (e.event_type, e.sub_event_type) == ("Strategic developments", "Disrupted weapons use")
    assert e.rule == "codebook:v1:explosives-handled"


def test_a_government_vehicle_that_struck_a_landmine_was_its_target(code) -> None:  # type: ignore[no-untyped-def]
    e = one(code("An Iraqi army vehicle struck a landmine near Tikrit, wounding two soldiers.", published=PUB_MAR_09,
                 places=["Tikrit"]))
    assert e.sub_event_type == "Remote explosive/landmine/IED"
    assert (e.actor1, e.actor2) == ("Unidentified Armed Group (Iraq)", "Military Forces of Iraq (2014-)")


def test_a_militia_blowing_up_an_is_vehicle_attacked_it(code) -> None:  # type: ignore[no-untyped-def]
    e = one(code("The Popular mobilization blew up an Islamic State vehicle near Tikrit.", published=PUB_MAR_09,
                 places=["Tikrit"]))
    assert (e.sub_event_type, e.actor2) == ("Remote explosive/landmine/IED", "Islamic State (Iraq)")


def test_militants_detonating_a_car_bomb_attacked(code) -> None:  # type: ignore[no-untyped-def]
    e = one(code("Islamic State militants detonated a car bomb near Tikrit.", published=PUB_MAR_09, places=["Tikrit"]))
    assert (e.sub_event_type, e.actor1) == ("Remote explosive/landmine/IED", "Islamic State (Iraq)")
