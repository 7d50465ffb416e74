"""The analyst-editable control rules (data/analysis/control-v1.toml): one test per rule family."""

from __future__ import annotations

from pathlib import Path

import pytest

from syraq.analysis import load_rules, parse_rules, transfer_direction
from syraq.analysis.control import Sides
from syraq.errors import ConfigError
from syraq.model import Place

SYRIA = Place("p:sy", "Town", 34.0, 38.0, country_code="SY", country="Syria")
UNKNOWN_COUNTRY = Place("p:xx", "Town", 34.0, 38.0)


def test_packaged_rules_load():
    rules = load_rules()
    assert rules.version == "1"
    assert set(rules.territorial) == {
        "Government regains territory",
        "Non-state actor overtakes territory",
        "Non-violent transfer of territory",
    }
    assert load_rules() is rules  # read once per process


def test_government_family():
    rules = load_rules()
    sides = Sides([], rules)
    assert sides.is_government("Military Forces of Syria (2000-)", SYRIA)
    assert sides.is_government("Police Forces of Syria (2000-)", SYRIA)
    assert not sides.is_government("Military Forces of Turkey (2016-)", SYRIA)
    assert sides.is_government("Military Forces of Turkey (2016-)", UNKNOWN_COUNTRY)  # no country: the name decides
    assert not sides.is_government("Islamic State (Syria)", SYRIA)
    assert sides.side("Islamic State (Syria)", SYRIA) == "Islamic State (Syria)"
    assert sides.side("", SYRIA) == ""


def test_transfer_family(make_event):
    rules = load_rules()
    nvt = "Non-violent transfer of territory"
    for text, expected in [
        ("withdrew from", "leaves"),
        ("pulled out of", "leaves"),
        ("handed over", "leaves"),
        ("evacuated", "leaves"),
        ("entered", "gains"),
        ("took over", "gains"),
    ]:
        event = make_event(nvt, "Islamic State (Syria)", "Raqqa", "2017-10-17", sentence=(0, len(text)),
                           trigger=(0, len(text)))
        assert transfer_direction(event, None, rules, {"doc-1": text}) == expected, text
    # no text and no listed rule: the holder can only leave; anyone else gains
    event = make_event(nvt, "Islamic State (Syria)", "Raqqa", "2017-10-17")
    assert transfer_direction(event, "Islamic State (Syria)", rules) == "leaves"
    assert transfer_direction(event, "QSD: Syrian Democratic Forces", rules) == "gains"


def test_brief_family():
    rules = load_rules()
    assert rules.brief_max_days == 1
    assert {"briefly", "temporarily"} <= set(rules.brief_cues)


def test_contest_and_attack_families():
    rules = load_rules()
    assert rules.is_contest("Battles", "Armed clash")
    assert not rules.is_contest("Battles", "Non-state actor overtakes territory")
    assert not rules.is_contest("Protests", "Peaceful protest")
    assert rules.is_attack("Explosions/Remote violence", "Suicide bomb")
    assert rules.is_attack("Violence against civilians", "Attack")
    assert not rules.is_attack("Strategic developments", "Looting/property destruction")


def test_order_family():
    rules = load_rules()
    assert rules.coarse_days == 31 and rules.regain_implies_government_before


@pytest.mark.parametrize(
    ("data", "fragment"),
    [
        ({}, "version"),
        ({"version": "1"}, "territorial"),
        ({"version": "1", "territorial": {"Armed clash": "sometimes"}}, "sometimes"),
        ({"version": "1", "territorial": {"X": "actor1"}, "brief": {"cues": "briefly"}}, "cues"),
        ({"version": "1", "territorial": {"X": "actor1"}, "brief": {"max_days": -1}}, "max_days"),
        ({"version": "1", "territorial": {"X": "actor1"}, "government": {"inter_codes": ["1"]}}, "inter_codes"),
    ],
)
def test_malformed_rules_get_E006(data, fragment):
    with pytest.raises(ConfigError) as err:
        parse_rules(data, "rules.toml")
    assert err.value.code == "E006" and fragment in err.value.message


def test_rules_from_a_file(tmp_path: Path):
    path = tmp_path / "rules.toml"
    path.write_text('version = "x"\n[territorial]\n"Non-state actor overtakes territory" = "actor1"\n')
    assert load_rules(path).version == "x"
    path.write_text("version = [")
    with pytest.raises(ConfigError) as err:
        load_rules(path)
    assert err.value.code == "E006"
    with pytest.raises(ConfigError):
        load_rules(tmp_path / "missing.toml")
