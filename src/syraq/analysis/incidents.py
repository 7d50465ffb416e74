"""Incidents: events from different reports that describe the same happening, grouped as one.

Two events join one incident when they come from different documents, their sub-event
types are of one family (or of compatible families), their actors are compatible, their
places are close enough for the coarser of their geo precisions, and their dates close
enough for the coarser of their time precisions. The thresholds and families are in
``data/analysis/incidents-v1.toml``, for an analyst to read and change::

    from syraq.analysis.incidents import group_incidents

    incidents = group_incidents(events)
    later = group_incidents(new_events, existing=incidents)   # new events join old incidents
    for member in later[0].members:
        print(member.event_id, member.why)                    # "founded" or the distance, days, actors

Grouping is deterministic: events are taken in (date, id) order, an event joins the
closest incident it matches every member of (complete linkage: no chains of near
matches), and an incident's id is derived from the id of the event that founded it, so
it never changes as more reports join. Grouping sets each event's ``incident_id``.
"""

from __future__ import annotations

import hashlib
import math
import tomllib
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from syraq.analysis.control import AnalysisError
from syraq.errors import ConfigError
from syraq.geodesy import haversine_km
from syraq.model import Event, PlaceMention
from syraq.taxonomy import EVENT_TYPE_OF

DEFAULT_RULES = "incidents-v1.toml"
_FUNCTION = "group_incidents"


@dataclass(frozen=True, slots=True)
class IncidentRules:
    """The matching rules (see ``data/analysis/incidents-v1.toml``)."""

    version: int
    family_of: Mapping[str, str]  # sub-event type -> family
    event_type_family: Mapping[str, str]  # event type -> family, for events without a sub-type
    compatible: frozenset[frozenset[str]]  # pairs of families that may describe one happening
    distance_km: Mapping[int, float]  # by the coarser geo_precision
    window_days: Mapping[int, int]  # by the coarser time_precision
    uninformative: tuple[str, ...]  # actor names (or prefixes) that say nothing about who
    side_of: Mapping[str, frozenset[int]]  # actor name -> the same-side groups it is in
    same_place_km: float = 1.0  # two precision-1 places with different ids: at most this far apart

    def family(self, event: Event) -> str:
        return self.family_of.get(event.sub_event_type) or self.event_type_family.get(
            event.event_type or EVENT_TYPE_OF.get(event.sub_event_type, ""), event.event_type or "?"
        )

    def families_match(self, a: str, b: str) -> str | None:
        if a == b:
            return f"same family: {a}"
        if frozenset((a, b)) in self.compatible:
            return f"compatible families: {a} ~ {b}"
        return None

    def informative(self, name: str) -> bool:
        folded = name.strip().casefold()
        if not folded:
            return False
        return not any(u and folded.startswith(u.casefold()) for u in self.uninformative)


def parse_rules(data: Mapping[str, Any], source: str = DEFAULT_RULES) -> IncidentRules:
    """Rules from the parsed TOML; a malformed file is E006."""
    try:
        family_of: dict[str, str] = {}
        for fam, subs in data["families"].items():
            for sub in subs:
                family_of[str(sub)] = str(fam)
        event_type_family = {str(k): str(v) for k, v in data.get("event_type_families", {}).items()}
        pairs = frozenset(frozenset(map(str, pair)) for pair in data.get("compatible", {}).get("pairs", []))
        distance = {int(k): float(v) for k, v in data["distance_km"].items()}
        window = {int(k): int(v) for k, v in data["window_days"].items()}
        actors = data.get("actors", {})
        uninformative = tuple(str(u) for u in actors.get("uninformative", []))
        groups: dict[str, set[int]] = defaultdict(set)
        for i, group in enumerate(actors.get("same_side", [])):
            for name in group:
                groups[str(name)].add(i)
        side_of = {name: frozenset(ids) for name, ids in groups.items()}
        same_place_km = float(data.get("places", {}).get("same_place_km", 1.0))
        version = int(data.get("version", 1))
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise ConfigError("E006", path=source, reason=f"{type(exc).__name__}: {exc}") from None
    for table, values in (("distance_km", distance), ("window_days", window)):
        if sorted(values) != [1, 2, 3] or any(v < 0 for v in values.values()):
            raise ConfigError(
                "E006", path=source, reason=f"[{table}] needs non-negative values for precisions 1, 2 and 3"
            )
    known = set(family_of.values()) | set(event_type_family.values())
    for pair in pairs:
        if len(pair) != 2 or not pair <= known:
            raise ConfigError("E006", path=source, reason=f"compatible pair {sorted(pair)} names an unknown family")
    return IncidentRules(
        version, family_of, event_type_family, pairs, distance, window, uninformative, side_of, same_place_km
    )


@lru_cache(maxsize=8)
def load_rules(path: str | None = None) -> IncidentRules:
    """The rules from ``path``, or the packaged ``incidents-v1.toml``; cached."""
    try:
        if path is None:
            text = (resources.files("syraq") / "data" / "analysis" / DEFAULT_RULES).read_text(encoding="utf-8")
        else:
            text = Path(path).read_text(encoding="utf-8")
        data = tomllib.loads(text)
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError("E006", path=path or DEFAULT_RULES, reason=str(exc)) from None
    return parse_rules(data, path or DEFAULT_RULES)


@dataclass(frozen=True, slots=True)
class Match:
    """Why an event belongs with another: the evidence for one membership."""

    event_id: str  # the member it was compared with (the closest one)
    distance_km: float
    max_km: float
    days_apart: int
    max_days: int
    family: str  # "same family: remote" or "compatible families: battle ~ remote"
    actors: str  # "shared: ...", "same side: A ~ B", "unnamed on one side"

    def __str__(self) -> str:
        return (
            f"{self.distance_km:.1f} km (max {self.max_km:g}) and {self.days_apart} days (max {self.max_days}) "
            f"from event {self.event_id}; {self.family}; actors {self.actors}"
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "event_id": self.event_id,
            "distance_km": round(self.distance_km, 3),
            "max_km": self.max_km,
            "days_apart": self.days_apart,
            "max_days": self.max_days,
            "family": self.family,
            "actors": self.actors,
        }


@dataclass(frozen=True, slots=True)
class Membership:
    """One event in an incident, with why it is there (``match`` is None for the founding event)."""

    event_id: str
    document_id: str
    match: Match | None = None

    @property
    def why(self) -> str:
        return "founded the incident" if self.match is None else str(self.match)

    def to_dict(self) -> dict[str, Any]:
        return {
            "event_id": self.event_id,
            "document_id": self.document_id,
            "why": self.why,
            "match": self.match.to_dict() if self.match else None,
        }


@dataclass(slots=True)
class Incident:
    """Several events, from different reports, of one happening."""

    id: str
    events: list[Event] = field(default_factory=list)
    members: list[Membership] = field(default_factory=list)

    @property
    def sources(self) -> list[str]:
        """The documents that report it, in the order they joined."""
        return list(dict.fromkeys(m.document_id for m in self.members))

    @property
    def founder(self) -> Event:
        return self.events[0]

    @property
    def place(self) -> PlaceMention | None:
        """The most precise place any source gave (the founder's on a tie)."""
        placed = [e.place for e in self.events if _coords(e) is not None]
        return min(placed, key=lambda p: p.geo_precision) if placed else None  # type: ignore[union-attr]

    @property
    def date_start(self) -> date | None:
        starts = [e.date_start for e in self.events if e.date_start]
        return min(starts) if starts else None

    @property
    def date_end(self) -> date | None:
        ends = [e.date_end or e.date_start for e in self.events if e.date_end or e.date_start]
        return max(ends) if ends else None  # type: ignore[type-var]

    @property
    def fatalities(self) -> int:
        """The highest count any source gives: sources report the same deaths, so they are not added up."""
        return max((e.fatalities for e in self.events), default=0)

    def to_dict(self) -> dict[str, Any]:
        place = self.place
        return {
            "id": self.id,
            "event_type": self.founder.event_type,
            "sub_event_type": self.founder.sub_event_type,
            "sources": self.sources,
            "events": [e.id for e in self.events],
            "members": [m.to_dict() for m in self.members],
            "place": place.place.name if place and place.place else None,
            "date_start": self.date_start.isoformat() if self.date_start else None,
            "date_end": self.date_end.isoformat() if self.date_end else None,
            "fatalities": self.fatalities,
        }


def incident_id(founder: Event) -> str:
    """An incident's id: from the event that founded it, so it is stable as sources join."""
    return "inc-" + hashlib.sha256(f"incident:{founder.id}".encode()).hexdigest()[:16]


def _coords(event: Event) -> tuple[float, float] | None:
    place = event.place.place if event.place else None
    if place is None:
        return None
    if not (math.isfinite(place.lat) and math.isfinite(place.lon)):
        return None
    return place.lat, place.lon


def _km(a: tuple[float, float], b: tuple[float, float]) -> float:
    return haversine_km(a[0], a[1], b[0], b[1])


def _range(event: Event) -> tuple[int, int] | None:
    if event.date_start is None:
        return None
    end = event.date_end or event.date_start
    return event.date_start.toordinal(), max(end, event.date_start).toordinal()


def _gap_days(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, max(a[0], b[0]) - min(a[1], b[1]))


def _actors(event: Event, rules: IncidentRules) -> list[str]:
    names = (event.actor1, event.assoc_actor_1, event.actor2, event.assoc_actor_2)
    out: list[str] = []
    for raw in names:
        for name in (raw or "").split(";"):  # ACLED joins several associated actors with "; "
            name = name.strip()
            if rules.informative(name) and name not in out:
                out.append(name)
    return out


def _related(a: str, b: str, rules: IncidentRules) -> bool:
    if a == b:
        return True
    return bool(rules.side_of.get(a, frozenset()) & rules.side_of.get(b, frozenset()))


def actors_match(a: Event, b: Event, rules: IncidentRules) -> str | None:
    """Why two events' actors are compatible, or None when they contradict.

    Compatible: one side names no informative actor; or they share an actor (or two of one
    same-side group) and the actors left over do not contradict (when both name others, at
    least one of those must be shared too, so "army vs rebels" never joins "army vs IS").
    """
    left, right = _actors(a, rules), _actors(b, rules)
    if not left or not right:
        return "unnamed on one side"
    pairs = [(x, y) for x in left for y in right if _related(x, y, rules)]
    if not pairs:
        return None
    x, y = pairs[0]
    rest_left = [n for n in left if not any(_related(n, m, rules) for m in right)]
    rest_right = [n for n in right if not any(_related(n, m, rules) for m in left)]
    if rest_left and rest_right:
        return None
    return f"shared: {x}" if x == y else f"same side: {x} ~ {y}"


def match_events(a: Event, b: Event, rules: IncidentRules | None = None) -> Match | None:
    """The evidence that ``a`` and ``b`` describe one happening, or None."""
    rules = rules or load_rules()
    if a.document_id == b.document_id:
        return None
    family = rules.families_match(rules.family(a), rules.family(b))
    if family is None:
        return None
    pa, pb, ra, rb = _coords(a), _coords(b), _range(a), _range(b)
    if pa is None or pb is None or ra is None or rb is None:
        return None
    max_days = rules.window_days[max(a.time_precision, b.time_precision)]
    days = _gap_days(ra, rb)
    if days > max_days:
        return None
    km = _km(pa, pb)
    if _geo(a) == _geo(b) == 1:  # both name a town: it must be the same town
        same_id = a.place.place.id == b.place.place.id  # type: ignore[union-attr]
        max_km = km if same_id else rules.same_place_km
    else:
        max_km = rules.distance_km[max(_geo(a), _geo(b))]
    if km > max_km:
        return None
    actors = actors_match(a, b, rules)
    if actors is None:
        return None
    return Match(b.id, km, max_km, days, max_days, family, actors)


def _geo(event: Event) -> int:
    return min(3, max(1, int(event.geo_precision or 3)))


def _order_key(event: Event) -> tuple[str, str]:
    return (event.date_start.isoformat() if event.date_start else "9999-12-31", event.id)


class _Index:
    """Incidents by day, so an event is compared only with incidents near it in time."""

    def __init__(self, rules: IncidentRules) -> None:
        self.by_day: dict[int, list[int]] = defaultdict(list)
        self.reach = max(rules.window_days.values())

    def add(self, slot: int, event: Event) -> None:
        span = _range(event)
        if span is not None:
            for day in range(span[0], span[1] + 1):
                self.by_day[day].append(slot)

    def near(self, event: Event) -> list[int]:
        span = _range(event)
        if span is None:
            return []
        found: set[int] = set()
        for day in range(span[0] - self.reach, span[1] + self.reach + 1):
            found.update(self.by_day.get(day, ()))
        return sorted(found)


def _copy(incident: Incident) -> Incident:
    return Incident(incident.id, list(incident.events), list(incident.members))


def group_incidents(
    events: Iterable[Event],
    *,
    existing: list[Incident] | None = None,
    rules: IncidentRules | None = None,
) -> list[Incident]:
    """Group ``events`` into incidents, joining ``existing`` ones where they match; return them all.

    Existing incidents are copied, never changed; an event already in one is skipped, so
    running the same events twice changes nothing. Each event's ``incident_id`` is set.
    The result lists existing incidents first (in their order), then new ones by founding event.
    """
    rules = rules or load_rules()
    items = list(events)
    for position, item in enumerate(items):
        if not isinstance(item, Event):
            raise AnalysisError("E900", function=_FUNCTION, index=position, kind=type(item).__name__)
    incidents = [_copy(i) for i in existing or []]
    index = _Index(rules)
    seen: set[str] = set()
    for slot, incident in enumerate(incidents):
        for event in incident.events:
            index.add(slot, event)
            seen.add(event.id)
    for event in sorted(items, key=_order_key):
        if event.id in seen:
            continue
        seen.add(event.id)
        best: tuple[tuple[int, float, str], int, Match] | None = None
        for slot in index.near(event):
            incident = incidents[slot]
            matches = [m for member in incident.events if (m := match_events(event, member, rules)) is not None]
            if len(matches) < len(incident.events):  # it must match every member: no chains
                continue
            closest = min(matches, key=lambda m: (m.days_apart, m.distance_km, m.event_id))
            key = (closest.days_apart, closest.distance_km, incident.id)
            if best is None or key < best[0]:
                best = (key, slot, closest)
        if best is None:
            incidents.append(Incident(incident_id(event), [event], [Membership(event.id, event.document_id)]))
            slot = len(incidents) - 1
        else:
            _, slot, closest = best
            incidents[slot].events.append(event)
            incidents[slot].members.append(Membership(event.id, event.document_id, closest))
        index.add(slot, event)
    for incident in incidents:
        for event in incident.events:
            event.incident_id = incident.id
    return incidents
