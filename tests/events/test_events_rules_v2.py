"""Rule families added for ACLED notes: actor country, named authors, standing opponents, new triggers,
fatality idioms and brief-report folding. Notes are written for these tests (unresolved place names on
purpose where the country must come from the actors)."""

from __future__ import annotations

from datetime import date

import pytest

from syraq.events.actors import load_actors
from syraq.events.codebook import load_codebook
from syraq.model import Document

pytestmark = pytest.mark.slow

PUB = date(2018, 3, 6)


def one(doc: Document):  # type: ignore[no-untyped-def]
    assert len(doc.events) == 1, [(e.sub_event_type, e.actor1, e.actor2, e.fatalities) for e in doc.events]
    return doc.events[0]


def actors(e) -> set[str]:  # type: ignore[no-untyped-def]
    return {e.actor1, e.actor2} - {""}


# -- the actors' country: from the places, else from the actors the note names -----------------------------


def test_iraqi_actors_make_islamic_state_iraqi_where_no_place_resolves(code) -> None:  # type: ignore[no-untyped-def]
    e = one(code("Islamic State militants detonated an IED on a vehicle of the Popular mobilization in the area "
                 "of Zawiyat Qasr, killing two of the occupants.", published=PUB, places=["Mosul"]))
    assert "Islamic State (Iraq)" in actors(e)
    assert e.actor1 == "Islamic State (Iraq)"


def test_syrian_actors_keep_islamic_state_syrian(code) -> None:  # type: ignore[no-untyped-def]
    e = one(code("Regime forces clashed with Islamic State fighters near Tell Umm Hamid. No fatalities reported.",
                 published=PUB, places=["Mosul"]))
    assert actors(e) == {"Military Forces of Syria (2000-)", "Islamic State (Syria)"}


def test_place_country_decides_when_the_actors_do_not(code) -> None:  # type: ignore[no-untyped-def]
    e = one(code("Unknown gunmen shot dead a shop owner in Mosul.", published=PUB))
    assert e.actor1 == "Unidentified Armed Group (Iraq)" and e.actor2 == "Civilians (Iraq)"


def test_home_country_of_a_mention() -> None:
    d = load_actors()
    assert d.variant_countries >= {"SY", "IQ"}
    found = {m.alias.casefold(): d.home_country(m) for m in d.find("Popular Mobilization, regime forces, ISIS")}
    assert found == {"popular mobilization": "IQ", "regime forces": "SY", "isis": ""}


# -- named authors, standing actors ------------------------------------------------------------------------


def test_author_named_by_a_participle_is_actor1(code) -> None:  # type: ignore[no-untyped-def]
    e = one(code("A farmer was killed when two mortar shells presumably launched by Islamic State militants landed "
                 "on his land near Mosul.", published=PUB))
    assert e.actor1 == "Islamic State (Iraq)" and e.actor2 == "Civilians (Iraq)" and e.fatalities == 1


def test_battle_with_one_named_side_gets_the_unidentified_armed_group(code) -> None:  # type: ignore[no-untyped-def]
    e = one(code("Regime forces recaptured the village of Kafr Nabl with neither injuries nor fatalities reported.",
                 published=PUB))
    assert e.sub_event_type == "Government regains territory"
    assert e.actor2 == "Unidentified Armed Group (Syria)"
    assert all(s.label != "actor2" for s in e.evidence)  # a standing actor has no evidence span


def test_protest_without_a_named_actor_is_coded_with_protesters(code) -> None:  # type: ignore[no-untyped-def]
    e = one(code("Displaced people held a demonstration in Afrin against the military operation.", published=PUB))
    assert e.event_type == "Protests" and e.actor1 == "Protesters (Syria)"


def test_default_actor2_section_is_read() -> None:
    cb = load_codebook()
    assert cb.default_opponent("Battles", "Armed clash", "SY") == "Unidentified Armed Group"
    assert cb.default_opponent("Explosions/Remote violence", "Air/drone strike", "SY") == ""


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Khalid ibn al-Walid Army fighters clashed with faction fighters near Kafr Nabl.",
         {"Khalid ibn al-Walid Army", "Opposition Rebels (Syria)"}),
        ("Regime forces clashed with Rahman Corps fighters in Kafr Nabl.",
         {"Military Forces of Syria (2000-)", "FaR: Al-Rahman Corps"}),
        ("Unidentified warplanes carried out strikes on Kafr Nabl. No fatalities reported.",
         {"Unidentified Military Forces (Syria)"}),
    ],
)
def test_new_aliases(code, text: str, expected: set[str]) -> None:  # type: ignore[no-untyped-def]
    assert actors(one(code(text, published=PUB))) == expected


# -- new triggers: combatants killed, attacks on positions, harassing fire, anti-tank weapons --------------


def test_security_forces_killing_militants_is_an_armed_clash(code) -> None:  # type: ignore[no-untyped-def]
    e = one(code("The Popular mobilization killed three Islamic State militants near Mosul.", published=PUB))
    assert (e.event_type, e.sub_event_type) == ("Battles", "Armed clash")
    assert e.actor1.startswith("Military Forces of Iraq (2014-)") and e.actor2 == "Islamic State (Iraq)"
    assert e.fatalities == 3


def test_attack_on_a_checkpoint_is_an_armed_clash(code) -> None:  # type: ignore[no-untyped-def]
    e = one(code("Islamic State militants attacked a checkpoint near Tikrit, wounding three fighters.",
                 published=PUB))
    assert (e.event_type, e.sub_event_type) == ("Battles", "Armed clash")
    assert e.rule == "codebook:v1:attack-position"


def test_harmless_machine_gun_fire_is_a_strategic_development(code) -> None:  # type: ignore[no-untyped-def]
    e = one(code("Regime forces opened heavy machine gun fire on Kafr Nabl, causing material damage. "
                 "No fatalities reported.", published=PUB))
    assert (e.event_type, e.sub_event_type) == ("Strategic developments", "Other")
    assert e.rule == "codebook:v1:harassing-fire"


def test_anti_tank_missile_is_shelling(code) -> None:  # type: ignore[no-untyped-def]
    e = one(code("IS fighters hit a regime tank in Hajin with an ATGM. No fatalities reported.", published=PUB))
    assert e.sub_event_type == "Shelling/artillery/missile attack"


def test_coalition_strikes_noun_is_an_air_strike(code) -> None:  # type: ignore[no-untyped-def]
    e = one(code("Coalition strikes near Hajin reportedly killed 6 IS fighters.", published=PUB))
    assert e.sub_event_type == "Air/drone strike" and e.fatalities == 6


# -- fatality idioms -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "killed"),
    [
        ("Warplanes carried out strikes on Kafr Nabl, leading to the death of a man.", 1),
        ("Turkish warplanes targeted YPG positions in Afrin, which led to the killing of 5 YPG fighters.", 5),
        ("Unknown gunmen assassinated a tribal elder in Mosul.", 1),
        ("HTS fighters attacked a regime position near Kafr Nabl, killing several pro-regime fighters. "
         "Unknown number of fatalities coded as 10.", 10),
    ],
)
def test_fatality_idioms(code, text: str, killed: int) -> None:  # type: ignore[no-untyped-def]
    assert one(code(text, published=PUB)).fatalities == killed


# -- brief reports: follow-up sentences and captures ---------------------------------------------------------


def test_follow_up_sentence_without_author_folds_into_the_event(code) -> None:  # type: ignore[no-untyped-def]
    e = one(code("Regime forces fired rockets on Kafr Nabl. Shelling destroyed a building, killing 3 civilians.",
                 published=PUB))
    assert e.actor1 == "Military Forces of Syria (2000-)" and e.fatalities == 3


def test_sentence_place_does_not_split_one_shelling(code) -> None:  # type: ignore[no-untyped-def]
    e = one(code("Regime forces fired a rocket on Kafr Nabl in Homs and also shelled the town, killing 5 civilians.",
                 published=PUB))
    assert e.place is not None and e.place.place is not None and e.place.place.name == "Kafr Nabl"
    assert e.fatalities == 5


def test_clash_that_ends_in_a_capture_is_the_capture(code) -> None:  # type: ignore[no-untyped-def]
    e = one(code("Clashes took place between SDF and IS fighters in Hajin. SDF forces reportedly established "
                 "control of the town. No fatalities reported.", published=PUB))
    assert e.sub_event_type == "Non-state actor overtakes territory"
    assert actors(e) == {"QSD: Syrian Democratic Forces", "Islamic State (Syria)"}
