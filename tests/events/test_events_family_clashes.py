"""Battles: armed clashes and attacks on armed men.

Codebook rules (src/syraq/data/codebook/acled-v1.toml): `clash` (exchanged shelling; the slip "Clashed took place"),
`kill-armed` (security forces killing militants; the slip "snipped"), `attack-position` (an attack on a checkpoint),
`positions-taken` (a force's posts taken: "IS took several regime positions"), `wound-armed` (armed men wounding armed men is a clash, like a killing; wounds from shelling stay `shelling`),
`vehicle-destroyed` (a military vehicle destroyed by armed men, also "claimed to have destroyed"; destroyed from the
air it stays `air-strike`); a battle the report names no side of is fought by the sides of the battle it named before,
and the fallen ("X and Y were killed in clashes", "X were killed in clashes against Y") are its sides; strikes on a
side of a battle the same sentence tells are part of the battle, the striker on the other side.

The notes are written for these tests in the style of ACLED's notes."""

from __future__ import annotations

import pytest
from rulekit import PUB_MAR_06, PUB_MAR_09, actors, one

pytestmark = pytest.mark.slow


@pytest.mark.parametrize("fire", ["shelling", "artillery fire", "mortar fire"])
def test_exchanged_shelling_is_an_armed_clash(code, fire: str) -> None:  # type: ignore[no-untyped-def]
    e = one(code(f"Turkish and YPG forces exchanged {fire} near Afrin. No fatalities reported.", published=PUB_MAR_06))
    assert (e.event_type, e.sub_event_type) == ("Battles", "Armed clash")


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("Clashed took place between regime forces and HTS fighters in Hajin. No fatalities reported.", "clash"),
        ("Turkish border guards snipped a YPG fighter in Hajin, which led to his death.", "kill-armed"),
    ],
)
def test_common_slips_still_code(code, text, rule) -> None:  # type: ignore[no-untyped-def]
    e = one(code(text, published=PUB_MAR_09, places=["Hajin"]))
    assert (e.event_type, e.sub_event_type) == ("Battles", "Armed clash")
    assert e.rule == f"codebook:v1:{rule}"


def test_security_forces_killing_militants_is_an_armed_clash(code) -> None:  # type: ignore[no-untyped-def]
    e = one(code("The Popular mobilization killed three Islamic State militants near Mosul.", published=PUB_MAR_06))
    assert (e.event_type, e.sub_event_type) == ("Battles", "Armed clash")
    assert e.actor1.startswith("Military Forces of Iraq (2014-)") and e.actor2 == "Islamic State (Iraq)"
    assert e.fatalities == 3


def test_attack_on_a_checkpoint_is_an_armed_clash(code) -> None:  # type: ignore[no-untyped-def]
    e = one(code("Islamic State militants attacked a checkpoint near Tikrit, wounding three fighters.",
                 published=PUB_MAR_06))
    assert (e.event_type, e.sub_event_type) == ("Battles", "Armed clash")
    assert e.rule == "codebook:v1:attack-position"


def test_positions_taken_from_a_force_are_an_armed_clash(code) -> None:  # type: ignore[no-untyped-def]
    e = one(code("IS took several regime positions to the east of Hajin. No fatalities reported.", published=PUB_MAR_09,
                 places=["Hajin"]))
    assert (e.event_type, e.sub_event_type, e.rule) == ("Battles", "Armed clash", "codebook:v1:positions-taken")
    assert actors(e) == {"Islamic State (Syria)", "Military Forces of Syria (2000-)"}
    # "took place" near positions is no taking
    text = "Clashes took place near regime positions in Hajin between regime forces and IS. No fatalities reported."
    assert one(code(text, published=PUB_MAR_09, places=["Hajin"])).rule != "codebook:v1:positions-taken"


def test_militants_wounding_a_soldier_is_a_clash(code) -> None:  # type: ignore[no-untyped-def]
    text = "Islamic State militants wounded a soldier of the Iraqi army near Tikrit, north of Baghdad."
    e = one(code(text, published=PUB_MAR_09, places=["Tikrit"]))
    assert (e.event_type, e.sub_event_type) == ("Battles", "Armed clash")
    assert e.actor1.startswith("Islamic State")
    assert e.actor2.startswith("Military Forces of Iraq")
    assert e.fatalities == 0


def test_a_soldier_wounded_by_shelling_is_not_a_clash(code) -> None:  # type: ignore[no-untyped-def]
    text = "Islamic State shelling wounded a soldier of the Iraqi army near Tikrit, north of Baghdad."
    e = one(code(text, published=PUB_MAR_09, places=["Tikrit"]))
    assert e.sub_event_type == "Shelling/artillery/missile attack"


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
    e = one(code(text, published=PUB_MAR_09, places=["Hajin"]))
    assert (e.event_type, e.sub_event_type) == ("Battles", "Armed clash")
    assert e.rule == "codebook:v1:vehicle-destroyed"
    assert (e.actor1, e.actor2) == (actor1, actor2)


def test_a_vehicle_destroyed_by_an_air_strike_stays_an_air_strike(code) -> None:  # type: ignore[no-untyped-def]
    text = "Turkish warplanes destroyed 2 YPG vehicles near Afrin. No fatalities reported."
    e = one(code(text, published=PUB_MAR_09, places=["Afrin"]))
    assert e.sub_event_type == "Air/drone strike"


@pytest.mark.parametrize(
    "text",
    [
        "Unidentified gunmen killed one rebel commander and injured another in the town of Hajin.",
        "A Jaysh al-Abibal commander was killed in Hajin, presumably by regime forces.",  # a force no dictionary knows
    ],
)
def test_killing_a_combatant_of_any_force_is_an_armed_clash(code, text: str) -> None:  # type: ignore[no-untyped-def]
    # [combatants] nouns in the codebook: the victim is armed even when the report names a force we do not know
    e = one(code(text, published=PUB_MAR_09))
    assert (e.event_type, e.sub_event_type, e.rule) == ("Battles", "Armed clash", "codebook:v1:kill-armed")
    assert e.fatalities == 1


def test_killing_a_person_of_no_named_force_is_no_armed_clash(code) -> None:  # type: ignore[no-untyped-def]
    doc = code("Unidentified gunmen killed a judge in the town of Hajin.", published=PUB_MAR_09)
    assert all(e.sub_event_type != "Armed clash" for e in doc.events)


def test_killing_a_party_cadre_is_an_armed_clash(code) -> None:  # type: ignore[no-untyped-def]
    # [combatants] nouns: "cadre" names a member of an armed or political organisation's fighting ranks
    e = one(code("Unknown gunmen assassinated a cadre of the Turkmen Front in Hajin.", published=PUB_MAR_09,
                 places=["Hajin"]))
    assert (e.event_type, e.sub_event_type, e.rule) == ("Battles", "Armed clash", "codebook:v1:kill-armed")


@pytest.mark.parametrize(
    "text",
    [
        "Regime and allied militia forces advanced against Jaysh al-Islam fighters near Hajin. No fatalities reported.",
        "Regime forces made advances against Jaysh al-Islam fighters near Hajin. No fatalities reported.",
        # the enemy named after the front
        "Regime forces made advances on the Hajin front, likely against Jaysh al-Islam fighters. No fatalities reported.",
    ],
)
def test_an_advance_against_a_named_enemy_is_an_armed_clash(code, text: str) -> None:  # type: ignore[no-untyped-def]
    e = one(code(text, published=PUB_MAR_09, places=["Hajin"]))
    assert (e.sub_event_type, e.rule) == ("Armed clash", "codebook:v1:advance-against")
    assert actors(e) == {"Military Forces of Syria (2000-)", "Jaysh al-Islam"}


@pytest.mark.parametrize(
    "text", ["Regime forces advanced towards Hajin. No fatalities reported.",
             "Regime forces made advances in Hajin. No fatalities reported."],
)
def test_an_advance_on_a_place_alone_is_no_clash(code, text: str) -> None:  # type: ignore[no-untyped-def]
    doc = code(text, published=PUB_MAR_09, places=["Hajin"])
    assert all(e.rule != "codebook:v1:advance-against" for e in doc.events)


def test_a_battle_with_no_side_named_is_fought_by_the_sides_named_before(code) -> None:  # type: ignore[no-untyped-def]
    text = ("Clashes took place between regime forces and Hayat Tahrir al-Sham fighters in Kafr Nabl on Monday, "
            "where the factions advanced. Other factions included Ahrar al-Sham and Jaysh al-Nasr. Clashes in Hajin "
            "and other areas resulted in fatalities on both sides.")
    got = {(e.place.place.name if e.place and e.place.place else "", e.actor1, e.actor2) for e in code(text).events}
    assert all(a1 and a2 for _, a1, a2 in got), got


@pytest.mark.parametrize(
    ("text", "sides"),
    [
        ("Two policemen and three Islamic State militants were killed amidst clashes on the outskirts of Mosul.",
         ("Police Forces of Iraq (2014-)", "Islamic State (Iraq)")),
        ("4 Hayat Tahrir al-Sham fighters were killed in clashes against Islamic State fighters in southern Damascus.",
         ("HTS: Hayat Tahrir al-Sham", "Islamic State (Syria)")),
    ],
)
def test_the_fallen_are_the_sides_of_the_battle(code, text: str, sides: tuple[str, str]) -> None:  # type: ignore[no-untyped-def]
    e = one(code(text, published=PUB_MAR_09, places=["Mosul", "Damascus"]))
    assert (e.sub_event_type, e.actor1, e.actor2) == ("Armed clash", *sides)


def test_strikes_on_a_side_of_a_battle_are_part_of_it(code) -> None:  # type: ignore[no-untyped-def]
    doc = code("Turkish warplanes targeted Afrin town as clashes took place between YPG forces and Olive Branch "
               "factions in the town. No fatalities reported.", published=PUB_MAR_09, places=["Afrin"])
    e = one(doc)
    assert e.sub_event_type == "Armed clash"
    assert "YPG: Peoples Protection Units" in actors(e)
    assert "Military Forces of Turkey (2016-)" in {*e.assoc_actor_1.split(";"), *e.assoc_actor_2.split(";")}
