"""The actor dictionary: ACLED-style canonical actors, their aliases, inter codes and validity.

Read from a versioned TOML file (``src/syraq/data/actors/actors-v1.toml`` by default) that an
analyst can extend. Matching is alias-based and country-aware: "the army" is the Syrian army
in a report about Syria and the Iraqi army in one about Iraq; "IS" in Deir ez-Zor is
"Islamic State (Syria)".
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any, TypeGuard

from ..errors import ConfigError
from ..model import Actor, Place

DEFAULT_ACTORS = "actors-v1.toml"

_DASHES = str.maketrans({"‐": "-", "‑": "-", "–": "-", "—": "-", "’": "'", "‘": "'"})


def _norm(text: str) -> str:
    """Case-folded, dash- and quote-normalised, whitespace-collapsed text used for alias keys."""
    return " ".join(text.translate(_DASHES).casefold().split())


def _name_key(name: str) -> str:
    return re.sub(r"[\s\-:]+", " ", _norm(name)).strip()


@dataclass(slots=True, eq=False)
class ActorEntry:
    """One dictionary entry: the model :class:`~syraq.model.Actor` plus what matching needs."""

    actor: Actor
    local_aliases: tuple[str, ...] = ()
    affiliate_of: tuple[str, ...] = ()
    parent: str = ""
    order: int = 0
    #: where the actor fights, for events a report places nowhere else (a region, precision 3), and until when
    theatre: Place | None = None
    theatre_from: date | None = None
    theatre_until: date | None = None

    @property
    def name(self) -> str:
        return self.actor.name

    def valid_on(self, day: date | None) -> bool:
        if day is None:
            return True
        a = self.actor
        return (a.valid_from is None or a.valid_from <= day) and (a.valid_to is None or day <= a.valid_to)


@dataclass(frozen=True, slots=True)
class ActorMention:
    """An alias found in a text: character offsets relative to that text, and its entry."""

    start: int
    end: int
    alias: str
    entries: tuple[ActorEntry, ...]


@dataclass(slots=True)
class ActorDictionary:
    """Canonical actors with alias lookup (see :func:`load_actors`)."""

    version: str
    entries: list[ActorEntry]
    inter_abroad: int = 8
    path: str = ""
    _by_name: dict[str, ActorEntry] = field(default_factory=dict, repr=False)
    _exact: dict[str, list[tuple[ActorEntry, bool]]] = field(default_factory=dict, repr=False)
    _folded: dict[str, list[tuple[ActorEntry, bool]]] = field(default_factory=dict, repr=False)
    _pattern: re.Pattern[str] | None = field(default=None, repr=False)
    _holder_pattern: re.Pattern[str] | None = field(default=None, repr=False)
    #: countries whose actors share a name with another country's ("Islamic State", "civilians")
    variant_countries: frozenset[str] = field(default=frozenset(), repr=False)

    def __post_init__(self) -> None:
        for entry in self.entries:
            self._by_name[_name_key(entry.name)] = entry
            for alias, local in [(a, False) for a in (entry.name, *entry.actor.aliases)] + [
                (a, True) for a in entry.local_aliases
            ]:
                alias = alias.translate(_DASHES).strip()
                if not alias:
                    continue
                if _is_acronym(alias):
                    self._exact.setdefault(alias, []).append((entry, local))
                else:
                    self._folded.setdefault(_norm(alias), []).append((entry, local))
        shared: set[str] = set()
        for pairs in [*self._exact.values(), *self._folded.values()]:
            countries = {e.actor.country for e, local in pairs if not local and e.actor.country}
            if len(countries) > 1:
                shared |= countries
        self.variant_countries = frozenset(shared)
        alternatives = sorted(
            {re.escape(a) for a in self._exact} | {re.escape(a) for a in self._folded}, key=len, reverse=True
        )
        body = "|".join(alternatives) if alternatives else r"(?!x)x"
        self._pattern = re.compile(rf"(?<![\w-])(?:{body})(?![\w-])", re.IGNORECASE)
        #: "the Jaysh al-Islam-controlled town", "YPG-held villages": the force holding a place, glued to its modifier
        self._holder_pattern = re.compile(rf"(?<![\w-])(?:{body})(?=-(?:controlled|held)\b)", re.IGNORECASE)

    def __len__(self) -> int:
        return len(self.entries)

    def __iter__(self) -> Any:
        return (e.actor for e in self.entries)

    # -- lookup -----------------------------------------------------------------------------

    def get(self, name: str) -> Actor | None:
        """The actor with this canonical name (hyphens, colons and case ignored), or None."""
        entry = self._by_name.get(_name_key(name))
        return entry.actor if entry else None

    def entry(self, name: str) -> ActorEntry | None:
        return self._by_name.get(_name_key(name))

    def theatre(self, actor: Actor, on: date | None = None) -> Place | None:
        """The region the actor is known to fight in on ``on`` (its ``theatre`` entry), or None."""
        entry = self.entry(actor.name)
        if entry is None or entry.theatre is None or not entry.valid_on(on):
            return None
        if on is not None and (
            (entry.theatre_until is not None and on > entry.theatre_until)
            or (entry.theatre_from is not None and on < entry.theatre_from)
        ):
            return None
        return entry.theatre

    def named(self, name: str, country: str = "") -> Actor | None:
        """The actor called ``name``; else the one whose name starts with ``name`` and belongs to ``country``
        ("Unidentified Armed Group" in IQ -> "Unidentified Armed Group (Iraq)")."""
        entry = self.entry(name)
        if entry is not None:
            return entry.actor
        country = country.upper()
        for e in self._by_name.values():
            if e.name.startswith(name) and country and e.actor.country == country:
                return e.actor
        return None

    def _candidates(self, alias: str) -> list[tuple[ActorEntry, bool]]:
        text = alias.translate(_DASHES).strip()
        found = list(self._exact.get(text, []))
        found += self._folded.get(_norm(text), [])
        return found

    def choose(
        self, candidates: list[tuple[ActorEntry, bool]], country: str = "", on: date | None = None
    ) -> ActorEntry | None:
        """Pick among entries sharing an alias: valid on the day, local aliases only at home, own country first."""
        country = country.upper()
        usable = [
            (e, local)
            for e, local in candidates
            if e.valid_on(on) and (not local or not country or e.actor.country == country)
        ]
        if not usable:
            return None
        # a local alias without a known country only stands for the first actor that has it
        if not country and all(local for _, local in usable):
            return min(usable, key=lambda p: p[0].order)[0]

        def rank(pair: tuple[ActorEntry, bool]) -> tuple[int, int, int]:
            e, local = pair
            home = 0 if country and e.actor.country == country else (1 if not e.actor.country else 2)
            return (home, 0 if not local else 1, e.order)

        return min(usable, key=rank)[0]

    def match(self, text: str, country: str = "", on: date | None = None) -> Actor | None:
        """The actor a whole phrase names ("regime forces", "IS"), in ``country`` on day ``on``, or None.

        A leading article is ignored ("the SDF"); country-specific aliases ("the army") only
        match in their country.
        """
        phrase = text.strip()
        candidates = self._candidates(phrase)
        if not candidates:
            stripped = re.sub(r"^(?:the|a|an)\s+", "", phrase, flags=re.IGNORECASE)
            candidates = self._candidates(stripped)
        entry = self.choose(candidates, country, on)
        return entry.actor if entry else None

    def find(self, text: str) -> list[ActorMention]:
        """Every alias in ``text``, longest first and not overlapping, in text order."""
        if self._pattern is None:
            return []
        out: list[ActorMention] = []
        for m in self._pattern.finditer(text):
            surface = m.group(0)
            candidates = self._candidates(surface)
            if not candidates:  # matched case-insensitively an acronym written otherwise ("is")
                continue
            out.append(ActorMention(m.start(), m.end(), surface, tuple(dict.fromkeys(e for e, _ in candidates))))
        return out

    def find_holders(self, text: str) -> list[ActorMention]:
        """Every alias glued to "-controlled" or "-held" ("the Jaysh al-Islam-controlled town of X"): the force that
        holds a place the text names. Not actors of an event (:meth:`find` leaves them out), but they tell where
        the report is."""
        out: list[ActorMention] = []
        if self._holder_pattern is None:
            return out
        for m in self._holder_pattern.finditer(text):
            candidates = self._candidates(m.group(0))
            if candidates:
                out.append(ActorMention(m.start(), m.end(), m.group(0), tuple(dict.fromkeys(e for e, _ in candidates))))
        return out

    def home_country(self, mention: ActorMention) -> str:
        """The country a mention betrays: one of :attr:`variant_countries` when every actor its alias may name
        belongs to it ("Popular Mobilization" -> IQ, "regime forces" -> SY, "the police" -> the one country whose
        police the dictionary knows), else ""."""
        countries = {e.actor.country for e, _local in self._candidates(mention.alias)}
        if len(countries) == 1:
            (country,) = countries
            if country in self.variant_countries:
                return country
        return ""

    def resolve(self, mention: ActorMention, country: str = "", on: date | None = None) -> Actor | None:
        """The actor a found mention stands for in ``country`` on day ``on``."""
        entry = self.choose(self._candidates(mention.alias), country, on)
        return entry.actor if entry else None

    def inter_for(self, actor: Actor, country: str = "") -> int:
        """ACLED inter code of ``actor`` in an event in ``country``: state forces abroad are external (8)."""
        if actor.inter == 1 and country and actor.country and actor.country != country.upper():
            return self.inter_abroad
        return actor.inter

    def is_government_side(self, actor: Actor, country: str = "") -> bool:
        """True for the state forces of the event's country, and for actors fighting for that government."""
        entry = self.entry(actor.name)
        country = country.upper()
        if actor.inter == 1 and (not country or actor.country == country):
            return True
        if entry is not None and country and country in entry.affiliate_of:
            return True
        return bool(entry is not None and not country and entry.affiliate_of and actor.inter == 1)


def _is_acronym(alias: str) -> bool:
    letters = [c for c in alias if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters) and len(alias) <= 8 and " " not in alias


def _parse_date(value: Any, where: str, path: str) -> date | None:
    if value in (None, ""):
        return None
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise ConfigError("E601", path=path, reason=f"{where}: {value!r} is not an ISO date (YYYY-MM-DD)") from None


def _table(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _is_number(value: Any) -> TypeGuard[int | float]:
    """An int or a float, not a bool (TOML's true is no latitude)."""
    return isinstance(value, int | float) and not isinstance(value, bool)


def _parse_theatre(value: Any, actor: Actor, where: str, path: str) -> Place | None:
    """``theatre = { name, lat, lon, country, admin1, from, until, source }``: a region point for the actor's
    battlefield (``country`` defaults to the actor's)."""
    if value is None:
        return None
    if not isinstance(value, dict):
        raise ConfigError("E601", path=path, reason=f"{where}: theatre must be a table {{ name, lat, lon, ... }}")
    name, lat, lon = value.get("name"), value.get("lat"), value.get("lon")
    if not isinstance(name, str) or not name.strip():
        raise ConfigError("E601", path=path, reason=f"{where}: theatre has no name")
    if not (_is_number(lat) and _is_number(lon)) or not (-90 <= lat <= 90 and -180 <= lon <= 180):
        raise ConfigError("E601", path=path, reason=f"{where}: theatre lat/lon must be numbers on the globe")
    if not str(value.get("source", "")).strip():
        raise ConfigError("E601", path=path, reason=f"{where}: theatre needs a source (where its extent comes from)")
    slug = re.sub(r"[^a-z0-9]+", "-", actor.name.casefold()).strip("-")
    return Place(
        id=f"syraq:theatre:{slug}",
        name=name.strip(),
        lat=float(lat),
        lon=float(lon),
        feature_class="L",
        feature_code="RGN",
        country_code=str(value.get("country", actor.country)).upper(),
        admin1=str(value.get("admin1", "")),
        source="actors",
    )


def parse_actors(data: dict[str, Any], path: str = "<actors>") -> ActorDictionary:
    """Build an :class:`ActorDictionary` from the parsed TOML; E601 on any malformed entry."""
    version = str(data.get("version", "")).strip()
    if not version:
        raise ConfigError("E601", path=path, reason="no 'version' key")
    raw = data.get("actor")
    if not isinstance(raw, list) or not raw:
        raise ConfigError("E601", path=path, reason="no [[actor]] entries")
    entries: list[ActorEntry] = []
    seen: set[str] = set()
    for i, item in enumerate(raw):
        where = f"actor #{i + 1}"
        if not isinstance(item, dict):
            raise ConfigError("E601", path=path, reason=f"{where} is not a table")
        name = str(item.get("name", "")).strip()
        if not name:
            raise ConfigError("E601", path=path, reason=f"{where} has no name")
        where = f"actor {name!r}"
        if _name_key(name) in seen:
            raise ConfigError("E601", path=path, reason=f"{where} is listed twice")
        seen.add(_name_key(name))
        inter = item.get("inter")
        if not isinstance(inter, int) or not 1 <= inter <= 8:
            raise ConfigError("E601", path=path, reason=f"{where}: inter must be a whole number 1-8, got {inter!r}")
        for key in ("aliases", "local_aliases", "affiliate_of"):
            value = item.get(key, [])
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                raise ConfigError("E601", path=path, reason=f"{where}: {key} must be a list of strings")
        actor = Actor(
            name=name,
            inter=inter,
            actor_type=str(item.get("type", "")),
            country=str(item.get("country", "")).upper(),
            aliases=tuple(item.get("aliases", [])),
            valid_from=_parse_date(item.get("valid_from"), where, path),
            valid_to=_parse_date(item.get("valid_to"), where, path),
        )
        entries.append(
            ActorEntry(
                actor=actor,
                local_aliases=tuple(item.get("local_aliases", [])),
                affiliate_of=tuple(c.upper() for c in item.get("affiliate_of", [])),
                parent=str(item.get("parent", "")),
                order=i,
                theatre=_parse_theatre(item.get("theatre"), actor, where, path),
                theatre_from=_parse_date(_table(item.get("theatre")).get("from"), where, path),
                theatre_until=_parse_date(_table(item.get("theatre")).get("until"), where, path),
            )
        )
    inter_abroad = data.get("inter_abroad", 8)
    if not isinstance(inter_abroad, int):
        raise ConfigError("E601", path=path, reason="inter_abroad must be a whole number")
    return ActorDictionary(version=version, entries=entries, inter_abroad=inter_abroad, path=path)


def load_actors(path: Path | None = None) -> ActorDictionary:
    """Load the actor dictionary (the packaged ``actors-v1.toml`` when ``path`` is None)."""
    if path is None:
        return _default_actors()
    return _load_actors_file(Path(path))


def _load_actors_file(path: Path) -> ActorDictionary:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError("E601", path=path, reason="no such file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError("E601", path=path, reason=str(exc)) from exc
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError("E601", path=path, reason=f"not valid TOML ({exc})") from exc
    return parse_actors(data, str(path))


@lru_cache(maxsize=1)
def _default_actors() -> ActorDictionary:
    ref = resources.files("syraq") / "data" / "actors" / DEFAULT_ACTORS
    with resources.as_file(ref) as p:
        return _load_actors_file(Path(p))
