"""ACLED-note idioms, one test per rule family, on short notes written for these tests."""

from __future__ import annotations

from datetime import date

import pytest

from syraq.errors import ConfigError
from syraq.events.codebook import load_codebook, parse_codebook
from syraq.events.evaluate import admin1_key, base_actor
from syraq.model import Document

pytestmark = pytest.mark.slow

PUB = date(2018, 3, 6)


def kinds(doc: Document) -> list[tuple[str, str]]:
    return [(e.event_type, e.sub_event_type) for e in doc.events]


def one(doc: Document):  # type: ignore[no-untyped-def]
    assert len(doc.events) == 1, [(e.sub_event_type, e.actor1, e.actor2, e.fatalities) for e in doc.events]
    return doc.events[0]


# -- fatalities: killed only, lowest figure, stated figures, follow-up sentences ---------------------------

@pytest.mark.parametrize(
    ("text", "killed"),
    [
        ("Regime forces shelled Kafr Nabl with neither injuries nor fatalities reported.", 0),
        ("Russian warplanes bombed Kafr Nabl, killing between 4 and 6 civilians and injuring others.", 4),
        ("Unknown gunmen shot dead a shop owner in Mosul.", 1),
        ("Regime forces shelled Kafr Nabl. Two people were killed and five injured.", 2),
        ("Clashes took place between regime forces and rebels in Kafr Nabl. An unknown number of fatalities, "
         "coded as 10, were reported.", 10),
        ("Regime forces shelled Kafr Nabl. No deaths were reported.", 0),
    ],
)
def test_fatalities_as_acled_counts_them(code, text: str, killed: int) -> None:  # type: ignore[no-untyped-def]
    assert one(code(text, published=PUB)).fatalities == killed


# -- actors nobody names: ACLED's standing actors ---------------------------------------------------------

def test_unnamed_warplanes_in_syria_are_allied_syrian_and_or_russian_forces(code) -> None:  # type: ignore[no-untyped-def]
    e = one(code("Warplanes carried out strikes on Kafr Nabl. No fatalities reported.", published=PUB))
    assert e.sub_event_type == "Air/drone strike" and e.actor1 == "Allied Syrian and/or Russian Forces"
    assert "actor1" not in {s.label for s in e.evidence}  # a standing actor has no span in the text


def test_either_or_authors_are_allied_syrian_and_or_russian_forces(code) -> None:  # type: ignore[no-untyped-def]
    e = one(code("Warplanes, likely regime or Russian, bombed Kafr Nabl.", published=PUB))
    assert e.actor1 == "Allied Syrian and/or Russian Forces"


def test_unnamed_bomber_is_the_unidentified_armed_group_of_the_country(code) -> None:  # type: ignore[no-untyped-def]
    e = one(code("A roadside bomb exploded in Mosul, killing two civilians.", published=PUB))
    assert e.event_type == "Explosions/Remote violence"
    assert (e.actor1, e.actor2, e.fatalities) == ("Unidentified Armed Group (Iraq)", "Civilians (Iraq)", 2)


# -- second actor: the victims or the other side named in the note ----------------------------------------

def test_injured_people_make_civilians_the_second_actor(code) -> None:  # type: ignore[no-untyped-def]
    e = one(code("Regime forces shelled Kafr Nabl, injuring one person.", published=PUB))
    assert (e.actor1, e.actor2, e.fatalities) == ("Military Forces of Syria (2000-)", "Civilians (Syria)", 0)
    assert e.civilian_targeting


def test_capture_names_the_loser_as_second_actor(code) -> None:  # type: ignore[no-untyped-def]
    e = one(code("Regime forces established control of Kafr Nabl following clashes with Hayat Tahrir al-Sham.",
                 published=PUB))
    assert (e.event_type, e.sub_event_type) == ("Battles", "Government regains territory")
    assert e.actor2 == "HTS: Hayat Tahrir al-Sham"


def test_shelling_of_named_positions_names_the_target(code) -> None:  # type: ignore[no-untyped-def]
    e = one(code("Turkish forces shelled YPG positions near Afrin. No fatalities reported.", published=PUB))
    assert (e.actor1, e.actor2) == ("Military Forces of Turkey (2016-)", "YPG: Peoples Protection Units")


# -- battles: exchanges of fire, and strikes during a ground battle ---------------------------------------

def test_exchanged_shelling_is_an_armed_clash(code) -> None:  # type: ignore[no-untyped-def]
    e = one(code("Turkish and YPG forces exchanged shelling near Afrin. No fatalities reported.", published=PUB))
    assert (e.event_type, e.sub_event_type) == ("Battles", "Armed clash")


def test_airstrikes_during_a_ground_battle_are_one_battle(code) -> None:  # type: ignore[no-untyped-def]
    doc = code("Clashes took place between Turkish forces and YPG fighters in Afrin, accompanied by Turkish "
               "airstrikes. Three fighters were killed.", published=PUB)
    e = one(doc)
    assert (e.event_type, e.sub_event_type, e.fatalities) == ("Battles", "Armed clash", 3)


# -- territory without a fight: who left and who entered ---------------------------------------------------

def test_withdrawal_and_entry_are_separate_rules(code) -> None:  # type: ignore[no-untyped-def]
    left = one(code("IS fighters withdrew from Hajin.", published=PUB))
    came = one(code("Turkish forces entered Afrin without resistance.", published=PUB))
    assert left.sub_event_type == came.sub_event_type == "Non-violent transfer of territory"
    assert (left.rule, came.rule) == ("codebook:v1:withdrawal", "codebook:v1:entry")


def test_control_analysis_reads_withdrawal_as_leaving() -> None:
    from syraq.analysis.rules import load_rules

    assert "codebook:v1:withdrawal" in load_rules().leaving_rules


# -- explosives found and made safe -------------------------------------------------------------------------

def test_explosives_discovered_are_disrupted_weapons_use(code) -> None:  # type: ignore[no-untyped-def]
    e = one(code("Iraqi police discovered 13 IEDs buried near Tikrit.", published=PUB))
    assert (e.event_type, e.sub_event_type) == ("Strategic developments", "Disrupted weapons use")


# -- codebook and evaluation helpers --------------------------------------------------------------------------

def test_default_actor_table_is_validated() -> None:
    cb = load_codebook()
    assert cb.default_actor("Explosions/Remote violence", "Air/drone strike", "SY") == "Allied Syrian and/or Russian Forces"
    assert cb.default_actor("Explosions/Remote violence", "Air/drone strike", "IQ") == ""
    assert cb.default_actor("Violence against civilians", "Attack", "IQ") == "Unidentified Armed Group"
    assert cb.default_actor("Battles", "Armed clash", "SY") == ""
    bad = {
        "version": "1",
        "types": [{"event_type": "Battles", "sub_event_types": ["Armed clash"]}],
        "rules": [{"id": "c", "sub_event_type": "Armed clash", "triggers": ["clash"], "roles": {"subject": "actor1"}}],
        "default_actor1": [{"sub_event_types": ["Air raid"], "actor": "X"}],
    }
    with pytest.raises(ConfigError):
        parse_codebook(bad)


def test_base_actor_and_admin1_keys() -> None:
    assert base_actor("Military Forces of Syria (2000-) Syrian Arab Air Force") == "Military Forces of Syria (2000-)"
    assert base_actor("Islamic State (Iraq)") == "Islamic State (Iraq)"
    assert admin1_key("Idleb") == admin1_key("Idlib")
    assert admin1_key("Lattakia") == admin1_key("Latakia")
    assert admin1_key("Ninewa") == admin1_key("Nineveh")
    assert admin1_key("Aleppo") == admin1_key("Ḩalab") != admin1_key("Ḩamāh") == admin1_key("Hama")
    assert admin1_key("Deir-ez-Zor") == admin1_key("Dayr az Zawr")
