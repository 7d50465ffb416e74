"""The codebook data file: taxonomy and priority order, validation, analyst-added triggers."""

from __future__ import annotations

import tomllib
from datetime import date
from importlib import resources
from pathlib import Path

import pytest

from syraq.errors import ConfigError
from syraq.events import EventStage, load_codebook
from syraq.events.codebook import parse_codebook
from syraq.model import Document

ACLED_ORDER = [
    "Government regains territory", "Non-state actor overtakes territory", "Armed clash",
    "Excessive force against protesters", "Protest with intervention", "Peaceful protest",
    "Violent demonstration", "Mob violence",
    "Chemical weapon", "Air/drone strike", "Suicide bomb", "Shelling/artillery/missile attack",
    "Remote explosive/landmine/IED", "Grenade",
    "Sexual violence", "Attack", "Abduction/forced disappearance",
    "Agreement", "Arrests", "Change to group/activity", "Disrupted weapons use",
    "Headquarters or base established", "Looting/property destruction", "Non-violent transfer of territory", "Other",
]


def _raw() -> dict:
    ref = resources.files("syraq") / "data" / "codebook" / "acled-v1.toml"
    return tomllib.loads(ref.read_text(encoding="utf-8"))


def test_codebook_has_version_and_acled_taxonomy_in_priority_order() -> None:
    cb = load_codebook()
    assert cb.version == "1"
    assert cb.sub_event_types == ACLED_ORDER
    assert [t[0] for t in cb.types] == [
        "Battles", "Protests", "Riots", "Explosions/Remote violence", "Violence against civilians",
        "Strategic developments",
    ]
    assert cb.priority("Air/drone strike") < cb.priority("Shelling/artillery/missile attack")
    assert cb.priority("Attack") < cb.priority("Abduction/forced disappearance")
    assert cb.event_type_of("Suicide bomb") == "Explosions/Remote violence"


def test_every_sub_event_type_with_a_rule_is_coded_by_name() -> None:
    cb = load_codebook()
    covered = {r.sub_event_type for r in cb.rules}
    # every sub-type has at least one rule ("Other": harassing fire that hurts no one)
    assert covered == set(ACLED_ORDER)
    assert cb.rule_name(cb.rules[0]) == f"codebook:v1:{cb.rules[0].id}"


@pytest.mark.parametrize(
    ("mutate", "fragment"),
    [
        (lambda d: d.pop("version"), "version"),
        (lambda d: d["rules"][0].update(sub_event_type="Skirmish"), "Skirmish"),
        (lambda d: d["rules"][0].update(triggers=[]), "triggers"),
        (lambda d: d["rules"][0].update(roles={"subject": "hero"}), "role"),
        (lambda d: d["rules"][0].update(when={"actor1_side": "left"}), "actor1_side"),
        (lambda d: d["rules"][1].update(id=d["rules"][0]["id"]), "twice"),
        (lambda d: d["confidence"].update(bogus=0.5), "bogus"),
        (lambda d: d.update(yield_actor1=[{"actor": "Allied Syrian and/or Russian Forces"}]), "`to`"),
        (lambda d: d.update(yield_actor1=[{"actor": "A", "to": ["B"], "event_types": ["Skirmishes"]}]), "Skirmishes"),
        (lambda d: d.update(yield_actor1={"actor": "A"}), "yield_actor1"),
        (lambda d: d["rules"][0].update(triggers=["@nowhere"]), "nowhere"),
        (lambda d: d["lists"].update(weapons=[]), "weapons"),
    ],
)
def test_malformed_codebook_raises_E600(mutate, fragment: str) -> None:
    data = _raw()
    mutate(data)
    with pytest.raises(ConfigError) as err:
        parse_codebook(data, "test.toml")
    assert err.value.code == "E600"
    assert fragment in err.value.message


def test_missing_or_invalid_codebook_file_is_a_catalogued_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as err:
        load_codebook(tmp_path / "nope.toml")
    assert err.value.code == "E600"
    bad = tmp_path / "bad.toml"
    bad.write_text("version = \n", encoding="utf-8")
    with pytest.raises(ConfigError):
        load_codebook(bad)


@pytest.mark.slow
def test_an_analyst_adds_a_trigger_without_touching_code(tmp_path: Path, nlp_stage) -> None:
    from seedkit import add_places

    text = "Regime forces pummelled the town of Kafr Nabl."

    def doc() -> Document:
        return add_places(nlp_stage(Document(text=text, published=date(2018, 2, 15))))

    assert EventStage()(doc()).events == []  # "pummel" is not in the shipped codebook
    data = (resources.files("syraq") / "data" / "codebook" / "acled-v1.toml").read_text(encoding="utf-8")
    old = '"shell", "shelling", "artillery",'
    data = data.replace(old, '"shell", "pummel", "pummelled", "shelling", "artillery",', 1)
    path = tmp_path / "acled-v1-local.toml"
    path.write_text(data, encoding="utf-8")
    coded = EventStage(codebook=load_codebook(path))(doc())
    assert [e.sub_event_type for e in coded.events] == ["Shelling/artillery/missile attack"]
    assert coded.events[0].actor1 == "Military Forces of Syria (2000-)"
    assert coded.events[0].rule == "codebook:v1:shelling"


def test_codebook_agrees_with_the_shared_taxonomy() -> None:
    taxonomy = pytest.importorskip("syraq.taxonomy")
    assert tuple(load_codebook().sub_event_types) == taxonomy.SUB_EVENT_TYPES


def test_a_named_list_stands_for_its_words_in_place() -> None:
    data = _raw()
    data["lists"]["hurt"] = ["killed", "wounded"]
    data["rules"][0]["when"] = {"context_none": ["@hurt", "accident"]}
    data["rules"][0]["triggers"] = [*data["rules"][0]["triggers"], "@hurt"]
    rule = parse_codebook(data, "test.toml").rules[0]
    assert rule.when["context_none"] == ["killed", "wounded", "accident"]
    assert [" ".join(w.text for w in t) for t in rule.triggers][-2:] == ["killed", "wounded"]
    assert data["rules"][0]["when"]["context_none"] == ["@hurt", "accident"]  # the caller's data is left as it was


def test_a_named_list_may_use_the_lists_above_it() -> None:
    data = _raw()
    data["lists"]["hurt"] = ["killed", "wounded"]
    data["lists"]["contest"] = ["@hurt", "clashes"]
    data["rules"][0]["when"] = {"context_none": ["@contest"]}
    assert parse_codebook(data, "test.toml").rules[0].when["context_none"] == ["killed", "wounded", "clashes"]
    data["lists"] = {"contest": ["@later"], "later": ["clashes"]}  # only lists above it
    with pytest.raises(ConfigError, match="later"):
        parse_codebook(data, "test.toml")
