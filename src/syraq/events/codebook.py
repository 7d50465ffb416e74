"""The event codebook: ACLED's taxonomy in priority order, and the rules that code it.

Read from a versioned TOML file (``src/syraq/data/codebook/acled-v1.toml`` by default); the
file's header explains every key. Code reads the codebook; it embeds no trigger words.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from ..errors import ConfigError

DEFAULT_CODEBOOK = "acled-v1.toml"

ROLE_KEYS = frozenset({"subject", "agent", "object", "target", "between", "modifier", "governor", "self"})
ROLE_VALUES = frozenset({"actor1", "actor2", "place", "actors"})
CONDITION_KEYS = frozenset(
    {"actor1", "actor1_side", "actor2", "object", "context_any", "context_none", "context_before_none", "weapon_none",
     "governor_none", "subject_none"}
)
CONDITION_VALUES: dict[str, frozenset[str]] = {
    "actor1": frozenset({"required"}),
    "actor1_side": frozenset({"government", "other"}),
    "actor2": frozenset({"civilians", "not-civilians", "armed"}),
    "object": frozenset({"territory", "not-territory"}),
}
CONFIDENCE_KEYS: dict[str, float] = {
    "actor1_missing": 0.8,
    "actor1_from_order": 0.9,
    "place_in_clause": 1.0,
    "place_in_sentence": 0.9,
    "place_from_paragraph": 0.75,
    "place_from_document": 0.55,
    "place_missing": 0.4,
    "place_unresolved": 0.75,
    "place_around_unlocated": 0.6,
    "place_from_theatre": 0.45,
    "date_from_text": 1.0,
    "date_from_narrative": 0.9,
    "date_from_publication": 0.8,
    "date_missing": 0.7,
    "present_tense": 0.85,
    "generic_plural": 0.8,
    "place_score_weight": 0.4,
}


@dataclass(frozen=True, slots=True)
class TriggerWord:
    """One word of a trigger phrase, optionally restricted to a coarse part of speech."""

    text: str
    pos: str = ""


@dataclass(frozen=True, slots=True)
class Rule:
    """One codebook rule: triggers, roles and conditions for one sub-event type."""

    id: str
    event_type: str
    sub_event_type: str
    triggers: tuple[tuple[TriggerWord, ...], ...]
    roles: dict[str, str]
    when: dict[str, Any]
    strength: float
    order: int

    @property
    def name(self) -> str:
        return self.id


@dataclass(frozen=True, slots=True)
class DefaultActor:
    """ACLED's standing actor for an event whose author the report does not name (see [[default_actor1]])."""

    actor: str  # a dictionary name or a name prefix completed by the event's country; "" = leave empty
    event_types: frozenset[str] = frozenset()
    sub_event_types: frozenset[str] = frozenset()
    countries: frozenset[str] = frozenset()

    def fits(self, event_type: str, sub_event_type: str, country: str) -> bool:
        return (
            (not self.event_types or event_type in self.event_types)
            and (not self.sub_event_types or sub_event_type in self.sub_event_types)
            and (not self.countries or country.upper() in self.countries)
        )


@dataclass(frozen=True, slots=True)
class YieldActor:
    """A standing actor that gives way, in a brief report, to a named actor of its side acting at the same place
    (see [[yield_actor1]])."""

    actor: str  # the first actor that gives way ("Allied Syrian and/or Russian Forces")
    to: frozenset[str]  # the first actors it gives way to (dictionary names; their units count too)
    event_types: frozenset[str] = frozenset()


@dataclass(slots=True)
class Codebook:
    """The parsed codebook (see :func:`load_codebook`)."""

    version: str
    name: str
    types: list[tuple[str, str, tuple[str, ...]]]  # (event_type, disorder_type, sub-types by priority)
    rules: list[Rule]
    territory_nouns: frozenset[str] = frozenset()
    #: nouns that name a combatant whatever force the report names ("killed a fighter", "shot a commander")
    combatant_nouns: frozenset[str] = frozenset()
    party_nouns: frozenset[str] = frozenset()  # a place qualifying one names the party's home ([combatants] parties)
    #: nouns of fire whose "from" phrase names who fired ("sniper fire from an HTS fighter"; [combatants] fire_nouns)
    fire_nouns: frozenset[str] = frozenset()
    #: lemmas under which a place is what a protest is about, not where it was ([protests] topic_words)
    protest_topic_words: frozenset[str] = frozenset()
    #: nouns that after "in" give another event's reason and code none of their own ([protests] purpose_nouns)
    purpose_nouns: frozenset[str] = frozenset()
    #: nouns that only count what their "of" phrase names ("a total of 22 villages"): the territory is in that phrase
    territory_quantities: frozenset[str] = frozenset()
    modality: dict[str, tuple[str, ...]] = field(default_factory=dict)  # kind -> cues
    negation: tuple[str, ...] = ()
    generic_modifiers: frozenset[str] = frozenset()
    #: verbs whose present participle after a noun says who the noun is ("the fighters besieging Foah"), not an event
    state_participles: frozenset[str] = frozenset()
    death_words: tuple[str, ...] = ()
    #: words that report people hurt; remote violence that hurts people no armed actor is named for hit civilians
    injury_words: tuple[str, ...] = ()
    #: words whose "of"/"for"/"over" phrase gives the reason for a deed, not a death of the report
    reason_heads: frozenset[str] = frozenset()
    #: prepositions whose phrase counts a part of victims already counted ("including 3 commanders")
    subset_words: frozenset[str] = frozenset()
    #: words that link a figure to a higher alternative ("4, possibly 5", "145-150", "3 or 4"): the lowest counts
    alternative_words: frozenset[str] = frozenset()
    vague_numbers: dict[str, int] = field(default_factory=dict)
    unspecified_singular: int = 1
    unspecified_plural: int = 3
    #: a total the report spreads over several events ("coded as 10 and split between the 5 locations")
    split_verbs: tuple[str, ...] = ()
    split_units: tuple[str, ...] = ()
    allocation_words: tuple[str, ...] = ()
    confidence: dict[str, float] = field(default_factory=dict)
    default_actor1: tuple[DefaultActor, ...] = ()
    default_actor2: tuple[DefaultActor, ...] = ()
    yield_actor1: tuple[YieldActor, ...] = ()
    brief_max_sentences: int = 4
    brief_max_chars: int = 1200
    path: str = ""
    _priority: dict[str, int] = field(default_factory=dict, repr=False)
    _event_type: dict[str, str] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        rank = 0
        for event_type, _disorder, subs in self.types:
            for sub in subs:
                self._priority[sub] = rank
                self._event_type[sub] = event_type
                rank += 1

    def priority(self, sub_event_type: str) -> int:
        """Rank of a sub-event type in ACLED's priority order: lower wins."""
        return self._priority.get(sub_event_type, len(self._priority))

    def event_type_of(self, sub_event_type: str) -> str:
        return self._event_type[sub_event_type]

    @property
    def sub_event_types(self) -> list[str]:
        return sorted(self._priority, key=self._priority.__getitem__)

    def default_actor(self, event_type: str, sub_event_type: str, country: str) -> str:
        """The standing actor1 for an unnamed author ("" when none applies)."""
        for d in self.default_actor1:
            if d.fits(event_type, sub_event_type, country):
                return d.actor
        return ""

    def default_opponent(self, event_type: str, sub_event_type: str, country: str) -> str:
        """The standing actor2 for an unnamed opponent ("" when none applies; see [[default_actor2]])."""
        for d in self.default_actor2:
            if d.fits(event_type, sub_event_type, country):
                return d.actor
        return ""

    def rule(self, rule_id: str) -> Rule | None:
        return next((r for r in self.rules if r.id == rule_id), None)

    def rule_name(self, rule: Rule) -> str:
        """The rule reference stored on events: ``codebook:v<version>:<rule id>``."""
        return f"codebook:v{self.version}:{rule.id}"


def _fail(path: str, reason: str) -> ConfigError:
    return ConfigError("E600", path=path, reason=reason)


def _split_words(table: dict[str, Any], key: str, path: str) -> tuple[str, ...]:
    if key not in table:
        return ()
    return tuple(w.casefold() for w in _str_list(table[key], f"[fatalities.split] {key}", path))


def _str_list(value: Any, where: str, path: str) -> list[str]:
    if not isinstance(value, list) or not value or not all(isinstance(v, str) and v.strip() for v in value):
        raise _fail(path, f"{where} must be a non-empty list of non-empty strings")
    return [v.strip() for v in value]


def _expand(values: list[str], lists: dict[str, list[str]], where: str, path: str) -> list[str]:
    """``values`` with each ``"@name"`` replaced, in place, by the words of ``[lists] name``."""
    out: list[str] = []
    for v in values:
        if not v.startswith("@"):
            out.append(v)
        elif v[1:] in lists:
            out.extend(lists[v[1:]])
        else:
            raise _fail(path, f"{where}: no list {v[1:]!r} in [lists] (known: {sorted(lists)})")
    return out


def parse_trigger(phrase: str) -> tuple[TriggerWord, ...]:
    """``"take control of"`` -> three words; ``"bomb:VERB"`` -> bomb restricted to verbs."""
    words = []
    for raw in phrase.split():
        text, _, pos = raw.partition(":")
        words.append(TriggerWord(text.casefold(), pos.upper()))
    return tuple(words)


def parse_codebook(data: dict[str, Any], path: str = "<codebook>") -> Codebook:
    """Validate and build a :class:`Codebook` from parsed TOML; E600 says what is wrong."""
    version = str(data.get("version", "")).strip()
    if not version:
        raise _fail(path, "no 'version' key")
    types: list[tuple[str, str, tuple[str, ...]]] = []
    sub_to_type: dict[str, str] = {}
    for i, t in enumerate(data.get("types", [])):
        if not isinstance(t, dict) or not t.get("event_type"):
            raise _fail(path, f"[[types]] #{i + 1} needs an event_type")
        subs = _str_list(t.get("sub_event_types"), f"[[types]] {t['event_type']!r} sub_event_types", path)
        for sub in subs:
            if sub in sub_to_type:
                raise _fail(path, f"sub_event_type {sub!r} is listed twice in [[types]]")
            sub_to_type[sub] = str(t["event_type"])
        types.append((str(t["event_type"]), str(t.get("disorder_type", "")), tuple(subs)))
    if not types:
        raise _fail(path, "no [[types]] (the event types and sub-types in priority order)")
    raw_lists = data.get("lists", {})
    if not isinstance(raw_lists, dict):
        raise _fail(path, "[lists] must be a table of named word lists")
    lists: dict[str, list[str]] = {}
    for name, words in raw_lists.items():  # a list may use the lists named before it ("contested" uses "fighting")
        lists[name] = _expand(_str_list(words, f"[lists] {name}", path), lists, f"[lists] {name}", path)
    rules: list[Rule] = []
    seen: set[str] = set()
    raw_rules = data.get("rules", [])
    if not isinstance(raw_rules, list) or not raw_rules:
        raise _fail(path, "no [[rules]]")
    for i, r in enumerate(raw_rules):
        rid = str(r.get("id", "")).strip() if isinstance(r, dict) else ""
        if not rid:
            raise _fail(path, f"rule #{i + 1} has no id")
        if rid in seen:
            raise _fail(path, f"rule id {rid!r} is used twice")
        seen.add(rid)
        sub = str(r.get("sub_event_type", ""))
        if sub not in sub_to_type:
            raise _fail(path, f"rule {rid!r}: sub_event_type {sub!r} is not one of the [[types]]")
        phrases = _expand(_str_list(r.get("triggers"), f"rule {rid!r} triggers", path), lists, f"rule {rid!r}", path)
        triggers = tuple(parse_trigger(p) for p in phrases)
        roles = r.get("roles", {})
        if not isinstance(roles, dict) or not roles:
            raise _fail(path, f"rule {rid!r} needs roles")
        for key, value in roles.items():
            if key not in ROLE_KEYS or value not in ROLE_VALUES:
                raise _fail(
                    path,
                    f"rule {rid!r}: role {key} = {value!r} (keys: {sorted(ROLE_KEYS)}; values: {sorted(ROLE_VALUES)})",
                )
        when = r.get("when", {})
        if not isinstance(when, dict):
            raise _fail(path, f"rule {rid!r}: 'when' must be a table")
        when = dict(when)  # its lists are expanded below; the caller's data stays as it was
        for key, value in list(when.items()):
            if key not in CONDITION_KEYS:
                raise _fail(path, f"rule {rid!r}: unknown condition {key!r} (known: {sorted(CONDITION_KEYS)})")
            if key in CONDITION_VALUES and value not in CONDITION_VALUES[key]:
                raise _fail(path, f"rule {rid!r}: {key} = {value!r} (one of {sorted(CONDITION_VALUES[key])})")
            if key.startswith(("context", "weapon")) or key.endswith("_none"):
                when[key] = _expand(_str_list(value, f"rule {rid!r} {key}", path), lists, f"rule {rid!r}", path)
        strength = r.get("strength", 0.7)
        if not isinstance(strength, int | float) or not 0 < strength <= 1:
            raise _fail(path, f"rule {rid!r}: strength must be a number in (0, 1]")
        rules.append(Rule(rid, sub_to_type[sub], sub, triggers, dict(roles), dict(when), float(strength), i))
    modality = {
        kind: tuple(c.casefold() for c in _str_list(cues, f"[modality] {kind}", path))
        for kind, cues in data.get("modality", {}).items()
    }
    fat = data.get("fatalities", {})
    vague = fat.get("vague", {})
    if not all(isinstance(v, int) and v >= 0 for v in vague.values()):
        raise _fail(path, "[fatalities.vague] values must be whole numbers")
    unspecified = fat.get("unspecified", {})
    split = fat.get("split", {})
    if not isinstance(split, dict):
        raise _fail(path, "[fatalities.split] must be a table")
    confidence = dict(CONFIDENCE_KEYS)
    for key, value in data.get("confidence", {}).items():
        if key not in CONFIDENCE_KEYS:
            raise _fail(path, f"[confidence] unknown factor {key!r} (known: {sorted(CONFIDENCE_KEYS)})")
        if not isinstance(value, int | float) or not 0 <= value <= 1:
            raise _fail(path, f"[confidence] {key} must be a number in [0, 1]")
        confidence[key] = float(value)
    defaults = {
        key: _default_actors(data.get(key, []), key, sub_to_type, path) for key in ("default_actor1", "default_actor2")
    }
    brief = data.get("brief_report", {})
    for key in ("max_sentences", "max_chars"):
        if key in brief and not (isinstance(brief[key], int) and brief[key] >= 0):
            raise _fail(path, f"[brief_report] {key} must be a whole number")
    return Codebook(
        version=version,
        name=str(data.get("name", "")),
        types=types,
        rules=rules,
        territory_nouns=frozenset(n.casefold() for n in data.get("territory", {}).get("nouns", [])),
        combatant_nouns=frozenset(n.casefold() for n in data.get("combatants", {}).get("nouns", [])),
        party_nouns=frozenset(n.casefold() for n in data.get("combatants", {}).get("parties", [])),
        fire_nouns=frozenset(n.casefold() for n in data.get("combatants", {}).get("fire_nouns", [])),
        protest_topic_words=frozenset(w.casefold() for w in data.get("protests", {}).get("topic_words", [])),
        purpose_nouns=frozenset(w.casefold() for w in data.get("protests", {}).get("purpose_nouns", [])),
        territory_quantities=frozenset(n.casefold() for n in data.get("territory", {}).get("quantities", [])),
        modality=modality,
        negation=tuple(c.casefold() for c in data.get("negation", {}).get("cues", [])),
        generic_modifiers=frozenset(c.casefold() for c in data.get("generic", {}).get("modifiers", [])),
        state_participles=frozenset(c.casefold() for c in data.get("generic", {}).get("participles", [])),
        death_words=tuple(w.casefold() for w in fat.get("death_words", [])),
        injury_words=tuple(w.casefold() for w in fat.get("injury_words", [])),
        reason_heads=frozenset(w.casefold() for w in fat.get("reason_heads", [])),
        subset_words=frozenset(w.casefold() for w in fat.get("subset_words", [])),
        alternative_words=frozenset(w.casefold() for w in fat.get("alternative_words", [])),
        vague_numbers={k.casefold(): int(v) for k, v in vague.items()},
        unspecified_singular=int(unspecified.get("singular", 1)),
        unspecified_plural=int(unspecified.get("plural", 3)),
        split_verbs=_split_words(split, "verbs", path),
        split_units=_split_words(split, "units", path),
        allocation_words=_split_words(split, "allocation", path),
        confidence=confidence,
        default_actor1=defaults["default_actor1"],
        default_actor2=defaults["default_actor2"],
        yield_actor1=_yield_actors(data.get("yield_actor1", []), {t for t, _d, _s in types}, path),
        brief_max_sentences=int(brief.get("max_sentences", 4)),
        brief_max_chars=int(brief.get("max_chars", 1200)),
        path=path,
    )


def _default_actors(raw: Any, key: str, sub_to_type: dict[str, str], path: str) -> tuple[DefaultActor, ...]:
    """Parse [[default_actor1]] / [[default_actor2]] entries."""
    if not isinstance(raw, list):
        raise _fail(path, f"[[{key}]] must be a list of tables")
    out = []
    for i, d in enumerate(raw):
        if not isinstance(d, dict) or not isinstance(d.get("actor"), str):
            raise _fail(path, f"[[{key}]] #{i + 1} needs an actor (a name, a name prefix or \"\")")
        subs = frozenset(d.get("sub_event_types", []))
        unknown = [x for x in subs if x not in sub_to_type]
        if unknown:
            raise _fail(path, f"[[{key}]] #{i + 1}: unknown sub_event_types {unknown}")
        out.append(DefaultActor(
            d["actor"].strip(), frozenset(d.get("event_types", [])), subs,
            frozenset(c.upper() for c in d.get("countries", [])),
        ))
    return tuple(out)


def _yield_actors(raw: Any, event_types: set[str], path: str) -> tuple[YieldActor, ...]:
    """Parse [[yield_actor1]] entries."""
    if not isinstance(raw, list):
        raise _fail(path, "[[yield_actor1]] must be a list of tables")
    out = []
    for i, d in enumerate(raw):
        to = d.get("to") if isinstance(d, dict) else None
        if not isinstance(d, dict) or not isinstance(d.get("actor"), str) or not d["actor"].strip():
            raise _fail(path, f"[[yield_actor1]] #{i + 1} needs an actor (a dictionary name)")
        if not isinstance(to, list) or not to or not all(isinstance(x, str) and x.strip() for x in to):
            raise _fail(path, f"[[yield_actor1]] #{i + 1} needs `to`: a list of dictionary names")
        types = frozenset(d.get("event_types", []))
        unknown = sorted(types - event_types)
        if unknown:
            raise _fail(path, f"[[yield_actor1]] #{i + 1}: unknown event_types {unknown}")
        out.append(YieldActor(d["actor"].strip(), frozenset(x.strip() for x in to), types))
    return tuple(out)


def load_codebook(path: Path | None = None) -> Codebook:
    """Load the codebook (the packaged ``acled-v1.toml`` when ``path`` is None)."""
    if path is None:
        return _default_codebook()
    return _load_file(Path(path))


def _load_file(path: Path) -> Codebook:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise _fail(str(path), "no such file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise _fail(str(path), str(exc)) from exc
    except tomllib.TOMLDecodeError as exc:
        raise _fail(str(path), f"not valid TOML ({exc})") from exc
    return parse_codebook(data, str(path))


@lru_cache(maxsize=1)
def _default_codebook() -> Codebook:
    ref = resources.files("syraq") / "data" / "codebook" / DEFAULT_CODEBOOK
    with resources.as_file(ref) as p:
        return _load_file(Path(p))
