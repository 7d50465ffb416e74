"""The actor dictionary: aliases, country-specific names, inter codes, validity, errors."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from syraq.errors import ConfigError
from syraq.events import load_actors

REQUIRED = [
    "Military Forces of Syria (2000-)", "Islamic State (Syria)", "Islamic State (Iraq)",
    "QSD: Syrian Democratic Forces", "YPG: Peoples Protection Units", "HTS: Hayat Tahrir al-Sham",
    "Military Forces of Russia", "Military Forces of Turkey (2016-)", "Global Coalition Against Daesh",
    "Militia (Pro-Iran)", "Military Forces of Iraq (2014-)", "Police Forces of Iraq (2014-)",
    "Opposition Rebels (Syria)", "Operation Olive Branch", "Allied Syrian and/or Russian Forces",
    "Civilians (Syria)", "Civilians (Iraq)", "Unidentified Armed Group (Syria)", "Unidentified Armed Group (Iraq)",
    "Protesters (Syria)", "Al Qaeda", "Jabhat al Nusra",
]


def test_dictionary_is_versioned_and_has_the_acled_actors() -> None:
    actors = load_actors()
    assert actors.version == "1"
    for name in REQUIRED:
        assert actors.get(name) is not None, name
    # names are looked up forgivingly (hyphen vs space, case)
    assert actors.get("HTS: Hayat Tahrir al Sham") is actors.get("HTS: Hayat Tahrir al-Sham")
    assert actors.get("Popular Mobilization Forces") is None  # a unit is coded under its force's name


@pytest.mark.parametrize(
    ("alias", "country", "expected"),
    [
        ("regime forces", "SY", "Military Forces of Syria (2000-)"),
        ("SAA", "", "Military Forces of Syria (2000-)"),
        ("Syrian Arab Army", "", "Military Forces of Syria (2000-)"),
        ("the army", "SY", "Military Forces of Syria (2000-)"),
        ("the army", "IQ", "Military Forces of Iraq (2014-)"),
        ("IS", "SY", "Islamic State (Syria)"),
        ("ISIS", "IQ", "Islamic State (Iraq)"),
        ("Daesh", "IQ", "Islamic State (Iraq)"),
        ("Wilayat al-Kheir", "", "Islamic State (Syria)"),
        ("SDF", "SY", "QSD: Syrian Democratic Forces"),
        ("Russian warplanes", "SY", "Military Forces of Russia"),
        ("US-led coalition", "SY", "Global Coalition Against Daesh"),
        ("Hashd al-Shaabi", "IQ", "Military Forces of Iraq (2014-) Popular Mobilization Forces"),
        ("Turkish-backed rebels", "SY", "Operation Olive Branch"),
        ("unidentified gunmen", "IQ", "Unidentified Armed Group (Iraq)"),
        ("civilians", "SY", "Civilians (Syria)"),
    ],
)
def test_aliases_resolve_by_country(alias: str, country: str, expected: str) -> None:
    actor = load_actors().match(alias, country)
    assert actor is not None and actor.name == expected


def test_acronyms_are_case_sensitive_and_local_aliases_stay_home() -> None:
    actors = load_actors()
    assert actors.match("is") is None  # the verb, not the Islamic State
    assert [m.alias for m in actors.find("It is clear that IS fighters moved.")] == ["IS fighters"]
    assert actors.match("the army", "TR").name == "Military Forces of Turkey (2016-)"
    assert actors.match("the army", "LB") is None  # no Lebanese army in the dictionary: no guess


def test_validity_dates_and_inter_codes() -> None:
    actors = load_actors()
    # Jabhat al-Nusra's name ends in January 2017; HTS begins then
    assert actors.match("Nusra", "SY", on=date(2016, 6, 1)).name == "Jabhat al Nusra"
    assert actors.match("Nusra", "SY", on=date(2018, 6, 1)) is None
    turkey = actors.get("Military Forces of Turkey (2016-)")
    assert actors.inter_for(turkey, "TR") == 1
    assert actors.inter_for(turkey, "SY") == 8  # state forces abroad are external forces
    assert actors.is_government_side(actors.get("Military Forces of Syria (2000-)"), "SY")
    assert actors.is_government_side(actors.get("Military Forces of Russia"), "SY")  # fights for Damascus
    assert not actors.is_government_side(turkey, "SY")
    assert not actors.is_government_side(actors.get("Islamic State (Syria)"), "SY")


def test_malformed_dictionary_raises_E601(tmp_path: Path) -> None:
    bad = tmp_path / "actors.toml"
    bad.write_text('version = "1"\n[[actor]]\nname = "X"\ninter = 11\n', encoding="utf-8")
    with pytest.raises(ConfigError) as err:
        load_actors(bad)
    assert err.value.code == "E601" and "inter" in err.value.message
    bad.write_text('version = "1"\n[[actor]]\nname = "X"\ninter = 2\nvalid_from = "last year"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="ISO date"):
        load_actors(bad)
    with pytest.raises(ConfigError, match="no such file"):
        load_actors(tmp_path / "missing.toml")
