"""The analyst-editable rules of the control analysis (``data/analysis/control-v1.toml``).

The file is read once per process, lazily, the first time an analysis function needs it.
Pass a :class:`ControlRules` of your own (``load_rules(path)``) to try other rules.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

from syraq.errors import ConfigError

DEFAULT_RULES = "control-v1.toml"
_GAINS = ("actor1", "depends")


@dataclass(frozen=True, slots=True)
class ControlRules:
    """Parsed control rules; see the data file for what each field means."""

    version: str
    government_inter_codes: frozenset[int]
    government_name_prefixes: tuple[str, ...]
    regains_marks_government: bool
    territorial: dict[str, str]  # sub_event_type -> "actor1" | "depends"
    leaving_rules: frozenset[str]
    gaining_rules: frozenset[str]
    leaving_triggers: tuple[str, ...]
    gaining_triggers: tuple[str, ...]
    coarse_days: int
    regain_implies_government_before: bool
    brief_max_days: int
    brief_cues: tuple[str, ...]
    contest_event_types: frozenset[str]
    contest_exclude_sub_types: frozenset[str]
    contest_gap_days: int
    attack_event_types: frozenset[str]
    attack_exclude_sub_types: frozenset[str]

    def is_territorial(self, sub_event_type: str) -> bool:
        return sub_event_type in self.territorial

    def is_contest(self, event_type: str, sub_event_type: str) -> bool:
        return event_type in self.contest_event_types and sub_event_type not in self.contest_exclude_sub_types

    def is_attack(self, event_type: str, sub_event_type: str) -> bool:
        return event_type in self.attack_event_types and sub_event_type not in self.attack_exclude_sub_types


def _strings(data: dict[str, Any], key: str, path: str, where: str) -> tuple[str, ...]:
    value = data.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise ConfigError("E006", path=path, reason=f"[{where}] {key} must be a list of non-empty strings")
    return tuple(v.strip() for v in value)


def _int(data: dict[str, Any], key: str, default: int, path: str, where: str) -> int:
    value = data.get(key, default)
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ConfigError("E006", path=path, reason=f"[{where}] {key} must be a whole number >= 0, not {value!r}")
    return value


def _table(data: dict[str, Any], key: str, path: str) -> dict[str, Any]:
    value = data.get(key, {})
    if not isinstance(value, dict):
        raise ConfigError("E006", path=path, reason=f"[{key}] must be a table")
    return value


def parse_rules(data: dict[str, Any], path: str = "<control rules>") -> ControlRules:
    """Build :class:`ControlRules` from the parsed TOML; ``E006`` on anything malformed."""
    version = str(data.get("version", "")).strip()
    if not version:
        raise ConfigError("E006", path=path, reason="no 'version'")
    gov = _table(data, "government", path)
    codes = gov.get("inter_codes", [1])
    if not isinstance(codes, list) or not all(isinstance(c, int) and not isinstance(c, bool) for c in codes):
        raise ConfigError("E006", path=path, reason="[government] inter_codes must be a list of ACLED inter codes")
    territorial = _table(data, "territorial", path)
    if not territorial:
        raise ConfigError("E006", path=path, reason="[territorial] lists no sub-event types")
    for sub, gains in territorial.items():
        if gains not in _GAINS:
            raise ConfigError(
                "E006", path=path, reason=f"[territorial] {sub!r} = {gains!r}: use one of {', '.join(_GAINS)}"
            )
    transfer = _table(data, "transfer", path)
    brief = _table(data, "brief", path)
    order = _table(data, "order", path)
    contest = _table(data, "contest", path)
    attacks = _table(data, "attacks", path)
    return ControlRules(
        version=version,
        government_inter_codes=frozenset(codes),
        government_name_prefixes=_strings(gov, "name_prefixes", path, "government"),
        regains_marks_government=bool(gov.get("regains_marks_government", True)),
        territorial={str(k): str(v) for k, v in territorial.items()},
        leaving_rules=frozenset(_strings(transfer, "leaving_rules", path, "transfer")),
        gaining_rules=frozenset(_strings(transfer, "gaining_rules", path, "transfer")),
        leaving_triggers=tuple(t.casefold() for t in _strings(transfer, "leaving_triggers", path, "transfer")),
        gaining_triggers=tuple(t.casefold() for t in _strings(transfer, "gaining_triggers", path, "transfer")),
        coarse_days=_int(order, "coarse_days", 31, path, "order"),
        regain_implies_government_before=bool(order.get("regain_implies_government_before", True)),
        brief_max_days=_int(brief, "max_days", 1, path, "brief"),
        brief_cues=tuple(c.casefold() for c in _strings(brief, "cues", path, "brief")),
        contest_event_types=frozenset(_strings(contest, "event_types", path, "contest")),
        contest_exclude_sub_types=frozenset(_strings(contest, "exclude_sub_types", path, "contest")),
        contest_gap_days=_int(contest, "gap_days", 14, path, "contest"),
        attack_event_types=frozenset(_strings(attacks, "event_types", path, "attacks")),
        attack_exclude_sub_types=frozenset(_strings(attacks, "exclude_sub_types", path, "attacks")),
    )


def read_rules_file(source: str | Path | Traversable) -> dict[str, Any]:
    """A rules file's TOML (a path, or a packaged file); E006 when it cannot be read or parsed."""
    try:
        ref = source if isinstance(source, Traversable) else Path(source)
        return tomllib.loads(ref.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError("E006", path=str(source), reason=str(exc)) from exc


def packaged_rules_file(name: str) -> Traversable:
    """A rules file shipped in ``syraq/data/analysis``."""
    return resources.files("syraq") / "data" / "analysis" / name


def load_rules(path: str | Path | None = None) -> ControlRules:
    """Read control rules from ``path``, or the packaged default (read once per process)."""
    if path is None:
        return _default_rules()
    return parse_rules(read_rules_file(path), str(path))


@cache
def _default_rules() -> ControlRules:
    ref = packaged_rules_file(DEFAULT_RULES)
    return parse_rules(read_rules_file(ref), str(ref))
