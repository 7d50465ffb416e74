"""Where is an actor coming back? Activity by area over time, and hotspots of events.

Areas are H3 hexagons (``resolution`` 5 is about 250 km², a district around a town) or, with
``by="admin2"``, second-level administrative divisions. Both functions are pure: they take
:class:`syraq.model.Event` objects and return JSON-able results (``to_dict``)::

    from syraq.analysis import hotspots, resurgence

    for area in resurgence(events, actor="Islamic State", period_days=30):
        if area.rising:
            print(area.label, area.counts, *area.explanation, sep="\\n  ")
    cells = hotspots(events, resolution=5, since=date(2018, 1, 1))

Counting (both functions):

* rejected events (``review_status == "rejected"``) are left out;
* events that carry an ``incident_id`` are counted once per incident (several reports of one
  happening are one happening); ``count="reports"`` counts every event instead. An incident's
  date is its earliest member's, its place the most precise member's, its fatalities the
  highest any report gives;
* events without a resolved place, or placed coarser than ``max_geo_precision`` (a province
  centroid says nothing about the hexagon), are left out and counted in ``skipped``.

Resurgence splits the time before ``as_of`` (default: the latest event date among all events)
into ``baseline_periods + 1`` periods of ``period_days``: the last one is the *latest* period,
the ones before it the *baseline*. An area is ``rising`` when the latest period's weighted
activity exceeds ``mean + k_sd * max(sd, min_sd)`` of the baseline and it has at least
``min_events`` events; ``k_sd``, ``min_sd``, ``min_events`` and the event-type weights are in
``data/analysis/resurgence-v1.toml``. The trend is the least-squares slope of the weighted
activity over all periods (activity per period, per period).

Actor matching: ``actor`` matches an event actor with the same name, or with the same *base
name* when ``actor`` has no country suffix: "Islamic State" matches "Islamic State (Syria)" and
"Islamic State (Iraq)"; "Islamic State (Iraq)" matches only itself. Case is ignored.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import cache
from pathlib import Path
from typing import Any

from syraq.analysis.control import AnalysisError
from syraq.analysis.rules import packaged_rules_file, read_rules_file
from syraq.errors import ConfigError
from syraq.model import Event, Place

DEFAULT_RULES = "resurgence-v1.toml"
AREA_KINDS = ("h3", "admin2")
COUNT_MODES = ("incidents", "reports")
ROLES = ("actor1", "assoc_actor_1", "actor2", "assoc_actor_2")
_SUFFIX = re.compile(r"\s*\(([^()]*)\)\s*$")


# ---------------------------------------------------------------------------- rules


@dataclass(frozen=True, slots=True)
class ResurgenceRules:
    """Parsed resurgence rules; see the data file for what each value means."""

    version: str
    k_sd: float
    min_events: int
    min_sd: float
    roles: tuple[str, ...]
    max_geo_precision: int
    weights: Mapping[str, float]
    default_weight: float
    top_actors: int
    hotspot_max_geo_precision: int

    def weight(self, event_type: str) -> float:
        return self.weights.get(event_type, self.default_weight)


def _number(table: Mapping[str, Any], key: str, default: float, path: str, where: str, *, whole: bool = False) -> Any:
    value = table.get(key, default)
    ok = isinstance(value, int) if whole else isinstance(value, (int, float))
    if isinstance(value, bool) or not ok or value < 0 or (not whole and not math.isfinite(value)):
        kind = "a whole number >= 0" if whole else "a number >= 0"
        raise ConfigError("E006", path=path, reason=f"[{where}] {key} must be {kind}, not {value!r}")
    return value


def parse_resurgence_rules(data: Mapping[str, Any], path: str = "<resurgence rules>") -> ResurgenceRules:
    """Build :class:`ResurgenceRules` from the parsed TOML; ``E006`` on anything malformed."""
    version = str(data.get("version", "")).strip()
    if not version:
        raise ConfigError("E006", path=path, reason="no 'version'")
    tables = {}
    for name in ("rising", "activity", "hotspots"):
        value = data.get(name, {})
        if not isinstance(value, dict):
            raise ConfigError("E006", path=path, reason=f"[{name}] must be a table")
        tables[name] = value
    rising, activity, hot = tables["rising"], tables["activity"], tables["hotspots"]
    roles = activity.get("roles", list(ROLES))
    if not isinstance(roles, list) or not roles or any(r not in ROLES for r in roles):
        raise ConfigError("E006", path=path, reason=f"[activity] roles must list some of: {', '.join(ROLES)}")
    raw_weights = activity.get("weights", {})
    if not isinstance(raw_weights, dict):
        raise ConfigError("E006", path=path, reason="[activity.weights] must be a table")
    weights = {str(k): float(_number(raw_weights, k, 1.0, path, "activity.weights")) for k in raw_weights}
    default_weight = weights.pop("default", 1.0)
    precisions = []
    for table, where in ((activity, "activity"), (hot, "hotspots")):
        p = _number(table, "max_geo_precision", 2, path, where, whole=True)
        if p not in (1, 2, 3):
            raise ConfigError("E006", path=path, reason=f"[{where}] max_geo_precision must be 1, 2 or 3, not {p!r}")
        precisions.append(p)
    return ResurgenceRules(
        version=version,
        k_sd=float(_number(rising, "k_sd", 1.5, path, "rising")),
        min_events=_number(rising, "min_events", 3, path, "rising", whole=True),
        min_sd=float(_number(rising, "min_sd", 1.0, path, "rising")),
        roles=tuple(roles),
        max_geo_precision=precisions[0],
        weights=weights,
        default_weight=default_weight,
        top_actors=_number(hot, "top_actors", 3, path, "hotspots", whole=True),
        hotspot_max_geo_precision=precisions[1],
    )


def load_resurgence_rules(path: str | Path | None = None) -> ResurgenceRules:
    """Read rules from ``path``, or the packaged default (read once per process)."""
    if path is None:
        return _default_rules()
    return parse_resurgence_rules(read_rules_file(path), str(path))


@cache
def _default_rules() -> ResurgenceRules:
    ref = packaged_rules_file(DEFAULT_RULES)
    return parse_resurgence_rules(read_rules_file(ref), str(ref))


# ---------------------------------------------------------------------------- actors


def base_name(actor: str) -> str:
    """An ACLED actor name without its country suffix: "Islamic State (Syria)" -> "Islamic State".

    Only a suffix that is not the whole name is removed, and only one: "Military Forces of Syria
    (2000-)" keeps its years because a bracket of digits is not a country.
    """
    name = " ".join(actor.split())
    m = _SUFFIX.search(name)
    if m and m.start() > 0 and not any(ch.isdigit() for ch in m.group(1)):
        return name[: m.start()].strip()
    return name


def actor_matches(query: str, name: str) -> bool:
    """Does the event actor ``name`` match what the analyst asked for (see the module doc)?"""
    q = " ".join(query.split()).casefold()
    n = " ".join(name.split()).casefold()
    if not q or not n:
        return False
    if q == n:
        return True
    if base_name(query) != " ".join(query.split()):  # the query names a country: exact only
        return False
    return base_name(name).casefold() == q


def _names(event: Event, roles: Iterable[str]) -> list[str]:
    out: list[str] = []
    for role in roles:
        for name in (getattr(event, role) or "").split(";"):  # ACLED joins associated actors with "; "
            name = name.strip()
            if name and name not in out:
                out.append(name)
    return out


# ---------------------------------------------------------------------------- units counted


@dataclass(slots=True)
class _Unit:
    """One counted happening: an event, or an incident (several reports of one event)."""

    key: str
    events: list[Event]
    day: date | None
    place: Place | None
    geo_precision: int
    fatalities: int
    event_type: str


def _as_date(value: Any, event: Event, name: str, function: str) -> date | None:
    if value is None or (isinstance(value, date) and not isinstance(value, datetime)):
        return value
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    raise AnalysisError("E902", function=function, event_id=event.id, field=name, value=value, reason="not an ISO date")


def _check(events: Iterable[Event], function: str) -> list[Event]:
    if isinstance(events, (str, bytes, Event)) or not isinstance(events, Iterable):
        raise AnalysisError("E901", function=function, name="events", value=type(events).__name__,
                            reason="give an iterable of Event objects")
    kept = []
    for index, event in enumerate(events):
        if not isinstance(event, Event):
            raise AnalysisError("E900", function=function, index=index, kind=type(event).__name__)
        if event.review_status != "rejected":
            kept.append(event)
    return kept


def _span(event: Event, function: str) -> tuple[date | None, date | None]:
    start = _as_date(event.date_start, event, "date_start", function)
    end = _as_date(event.date_end, event, "date_end", function)
    if start is None:
        return end, end
    if end is None or end < start:
        end = start
    return start, end


def _units(events: list[Event], count: str, function: str) -> list[_Unit]:
    groups: dict[str, list[Event]] = defaultdict(list)
    for event in events:
        key = event.incident_id if count == "incidents" and event.incident_id else f"event:{event.id}"
        groups[key].append(event)
    units = []
    for key, members in groups.items():
        days = [d for d in (_span(e, function)[0] for e in members) if d is not None]
        placed = [e for e in members if e.place is not None and e.place.place is not None]
        best = min(placed, key=lambda e: (e.geo_precision, e.id)) if placed else None
        founder = min(members, key=lambda e: (_span(e, function)[0] or date.max, e.id))
        units.append(
            _Unit(
                key=key,
                events=sorted(members, key=lambda e: e.id),
                day=min(days) if days else None,
                place=best.place.place if best and best.place else None,
                geo_precision=best.geo_precision if best else 3,
                fatalities=max((max(0, int(e.fatalities or 0)) for e in members), default=0),
                event_type=founder.event_type,
            )
        )
    return units


def _invalid(function: str, name: str, value: Any, reason: str) -> AnalysisError:
    return AnalysisError("E901", function=function, name=name, value=value, reason=reason)


def _check_resolution(resolution: Any, function: str) -> int:
    if isinstance(resolution, bool) or not isinstance(resolution, int) or not 0 <= resolution <= 15:
        raise _invalid(function, "resolution", resolution, "an H3 resolution is a whole number from 0 to 15")
    return resolution


def _check_count(count: Any, function: str) -> str:
    if count not in COUNT_MODES:
        raise _invalid(function, "count", count, f"one of: {', '.join(COUNT_MODES)}")
    return str(count)


def _check_day(value: Any, name: str, function: str) -> date | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    raise _invalid(function, name, value, "give a date (YYYY-MM-DD)")


def _cell(place: Place, resolution: int) -> str | None:
    import h3  # lazily: only analyses that map areas need it

    if not (math.isfinite(place.lat) and math.isfinite(place.lon)) or not -90 <= place.lat <= 90:
        return None
    return str(h3.latlng_to_cell(place.lat, place.lon, resolution))


def _geometry(cell: str) -> tuple[float, float, list[list[float]]]:
    import h3

    lat, lon = h3.cell_to_latlng(cell)
    ring = [[round(a, 6), round(b, 6)] for a, b in h3.cell_to_boundary(cell)]
    return round(lat, 6), round(lon, 6), ring


# ---------------------------------------------------------------------------- hotspots


@dataclass(slots=True)
class Hotspot:
    """Events in one H3 hexagon."""

    cell: str
    resolution: int
    lat: float  # the hexagon's centre
    lon: float
    boundary: list[list[float]]  # [[lat, lon], ...], the hexagon's corners (not closed)
    count: int  # incidents (or reports with count="reports")
    reports: int  # events, every report counted
    fatalities: int
    event_types: dict[str, int]
    top_actors: list[tuple[str, int]]
    places: list[str]  # place names, most events first
    first: date | None
    last: date | None

    def to_dict(self) -> dict[str, Any]:
        return {
            "cell": self.cell,
            "resolution": self.resolution,
            "lat": self.lat,
            "lon": self.lon,
            "boundary": [list(p) for p in self.boundary],
            "count": self.count,
            "reports": self.reports,
            "fatalities": self.fatalities,
            "event_types": dict(self.event_types),
            "top_actors": [{"actor": a, "count": n} for a, n in self.top_actors],
            "places": list(self.places),
            "first": self.first.isoformat() if self.first else None,
            "last": self.last.isoformat() if self.last else None,
        }


def _overlaps(unit_events: list[Event], since: date | None, until: date | None, function: str) -> bool:
    if since is None and until is None:
        return True
    for event in unit_events:
        start, end = _span(event, function)
        if start is None:
            continue
        if (since is None or end >= since) and (until is None or start <= until):  # type: ignore[operator]
            return True
    return False


def hotspots(
    events: Iterable[Event],
    *,
    resolution: int = 5,
    since: date | None = None,
    until: date | None = None,
    count: str = "incidents",
    rules: ResurgenceRules | None = None,
) -> list[Hotspot]:
    """Events per H3 hexagon, most first (ties: more fatalities, then cell id).

    ``since``/``until`` keep events whose date range overlaps them (as the event filters do);
    filter by actor, type or place before calling. See the module doc for what is counted.
    """
    function = "hotspots"
    rules = rules or load_resurgence_rules()
    resolution = _check_resolution(resolution, function)
    count = _check_count(count, function)
    since, until = _check_day(since, "since", function), _check_day(until, "until", function)
    if since and until and since > until:
        raise _invalid(function, "until", until.isoformat(), "until is before since")
    cells: dict[str, list[_Unit]] = defaultdict(list)
    for unit in _units(_check(events, function), count, function):
        if unit.place is None or unit.geo_precision > rules.hotspot_max_geo_precision:
            continue
        if not _overlaps(unit.events, since, until, function):
            continue
        cell = _cell(unit.place, resolution)
        if cell is not None:
            cells[cell].append(unit)
    out = []
    for cell, units in cells.items():
        types: Counter[str] = Counter(u.event_type or "?" for u in units)
        actors: Counter[str] = Counter()
        places: Counter[str] = Counter()
        for u in units:
            actors.update(set().union(*(_names(e, ("actor1", "actor2")) for e in u.events)))
            if u.place:
                places[u.place.name] += 1
        days = [u.day for u in units if u.day]
        lat, lon, ring = _geometry(cell)
        out.append(
            Hotspot(
                cell=cell, resolution=resolution, lat=lat, lon=lon, boundary=ring, count=len(units),
                reports=sum(len(u.events) for u in units), fatalities=sum(u.fatalities for u in units),
                event_types=dict(sorted(types.items(), key=lambda kv: (-kv[1], kv[0]))),
                top_actors=sorted(actors.items(), key=lambda kv: (-kv[1], kv[0]))[: rules.top_actors],
                places=[p for p, _ in sorted(places.items(), key=lambda kv: (-kv[1], kv[0]))],
                first=min(days) if days else None, last=max(days) if days else None,
            )
        )
    out.sort(key=lambda h: (-h.count, -h.fatalities, h.cell))
    return out


# ---------------------------------------------------------------------------- resurgence


@dataclass(slots=True)
class Period:
    """One period of ``period_days`` days, ``start`` to ``end`` inclusive."""

    start: date
    end: date
    count: int
    activity: float

    def to_dict(self) -> dict[str, Any]:
        return {"start": self.start.isoformat(), "end": self.end.isoformat(), "count": self.count,
                "activity": round(self.activity, 3)}


@dataclass(slots=True)
class AreaTrend:
    """An actor's activity in one area, period by period, with its trend and the rising flag."""

    area: str  # an H3 cell id, or "CC/admin1/admin2"
    kind: str  # "h3" or "admin2"
    label: str  # place names for a cell; the admin2 name
    lat: float
    lon: float
    boundary: list[list[float]]  # the hexagon's corners; [] for admin2
    actor: str  # what was asked for
    actors: list[str]  # the event actor names that matched in this area
    periods: list[Period]  # oldest first; the last is the latest period
    baseline_mean: float
    baseline_sd: float
    latest: int  # events (incidents) in the latest period
    latest_activity: float
    threshold: float  # latest_activity must exceed this to be rising
    trend: float  # least-squares slope of activity, per period
    rising: bool
    score: float  # (latest_activity - mean) / max(sd, min_sd): how far above the baseline
    fatalities_latest: int
    event_ids: list[str]  # the events in the latest period
    explanation: list[str] = field(default_factory=list)

    @property
    def counts(self) -> list[int]:
        return [p.count for p in self.periods]

    def to_dict(self) -> dict[str, Any]:
        return {
            "area": self.area,
            "kind": self.kind,
            "label": self.label,
            "lat": self.lat,
            "lon": self.lon,
            "boundary": [list(p) for p in self.boundary],
            "actor": self.actor,
            "actors": list(self.actors),
            "periods": [p.to_dict() for p in self.periods],
            "counts": self.counts,
            "baseline_mean": round(self.baseline_mean, 3),
            "baseline_sd": round(self.baseline_sd, 3),
            "latest": self.latest,
            "latest_activity": round(self.latest_activity, 3),
            "threshold": round(self.threshold, 3),
            "trend": round(self.trend, 3),
            "rising": self.rising,
            "score": round(self.score, 3),
            "fatalities_latest": self.fatalities_latest,
            "event_ids": list(self.event_ids),
            "explanation": list(self.explanation),
        }


def _slope(values: list[float]) -> float:
    n = len(values)
    if n < 2:
        return 0.0
    mx, my = (n - 1) / 2, sum(values) / n
    num = sum((i - mx) * (v - my) for i, v in enumerate(values))
    den = sum((i - mx) ** 2 for i in range(n))
    return num / den


def _fmt(x: float) -> str:
    return f"{x:.1f}".rstrip("0").rstrip(".") if x != int(x) else str(int(x))


def _area_key(place: Place, by: str, resolution: int) -> tuple[str, str] | None:
    if by == "h3":
        cell = _cell(place, resolution)
        return (cell, "") if cell else None
    if not place.admin2:
        return None
    return f"{place.country_code.upper()}/{place.admin1}/{place.admin2}", place.admin2


def resurgence(
    events: Iterable[Event],
    *,
    actor: str,
    resolution: int = 5,
    period_days: int = 30,
    baseline_periods: int = 3,
    as_of: date | None = None,
    by: str = "h3",
    count: str = "incidents",
    rules: ResurgenceRules | None = None,
) -> list[AreaTrend]:
    """The actor's activity per area over ``baseline_periods + 1`` periods ending at ``as_of``.

    Returns every area where the actor was active in any period: rising areas first (highest
    score first), then the others by score. See the module doc for the rules.
    """
    function = "resurgence"
    rules = rules or load_resurgence_rules()
    if not isinstance(actor, str) or not actor.strip():
        raise _invalid(function, "actor", actor, "name an actor, e.g. 'Islamic State'")
    actor = " ".join(actor.split())
    resolution = _check_resolution(resolution, function)
    count = _check_count(count, function)
    if by not in AREA_KINDS:
        raise _invalid(function, "by", by, f"one of: {', '.join(AREA_KINDS)}")
    for name, value, low, high in (("period_days", period_days, 1, 3660), ("baseline_periods", baseline_periods, 1, 120)):
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            raise _invalid(function, name, value, f"a whole number from {low} to {high}")
    as_of = _check_day(as_of, "as_of", function)
    kept = _check(events, function)
    if as_of is None:  # the latest day any event (not only the actor's) reaches: quiet actors stay quiet
        ends = [d for d in (_span(e, function)[1] for e in kept) if d is not None]
        if not ends:
            return []
        as_of = max(ends)
    mine = [e for e in kept if any(actor_matches(actor, n) for n in _names(e, rules.roles))]
    n_periods = baseline_periods + 1
    first_day = as_of - timedelta(days=n_periods * period_days - 1)
    bounds = [
        (first_day + timedelta(days=i * period_days), first_day + timedelta(days=(i + 1) * period_days - 1))
        for i in range(n_periods)
    ]
    areas: dict[str, dict[str, Any]] = {}
    for unit in _units(mine, count, function):
        if unit.place is None or unit.day is None or unit.geo_precision > rules.max_geo_precision:
            continue
        if not first_day <= unit.day <= as_of:
            continue
        keyed = _area_key(unit.place, by, resolution)
        if keyed is None:
            continue
        area = areas.setdefault(keyed[0], {"label": keyed[1], "units": [[] for _ in range(n_periods)], "places": Counter(),
                                         "coords": []})
        area["units"][(unit.day - first_day).days // period_days].append(unit)
        area["places"][unit.place.name] += 1
        area["coords"].append((unit.place.lat, unit.place.lon))
    out = []
    for key, area in areas.items():
        periods = []
        for (start, end), units in zip(bounds, area["units"], strict=True):
            activity = sum(rules.weight(u.event_type) for u in units)
            periods.append(Period(start, end, len(units), activity))
        base = [p.activity for p in periods[:-1]]
        mean = sum(base) / len(base)
        # sample sd (n - 1): with a few baseline periods the population sd understates the spread
        sd = math.sqrt(sum((b - mean) ** 2 for b in base) / (len(base) - 1)) if len(base) > 1 else 0.0
        used_sd = max(sd, rules.min_sd)
        threshold = mean + rules.k_sd * used_sd
        last = periods[-1]
        rising = last.activity > threshold and last.count >= rules.min_events
        score = (last.activity - mean) / used_sd if used_sd else 0.0
        trend = _slope([p.activity for p in periods])
        latest_units = area["units"][-1]
        matched = sorted({n for units in area["units"] for u in units for e in u.events for n in _names(e, rules.roles)
                          if actor_matches(actor, n)})
        if by == "h3":
            lat, lon, ring = _geometry(key)
            label = ", ".join(p for p, _ in sorted(area["places"].items(), key=lambda kv: (-kv[1], kv[0]))[:3])
        else:
            coords = area["coords"]
            lat = round(sum(c[0] for c in coords) / len(coords), 6)
            lon = round(sum(c[1] for c in coords) / len(coords), 6)
            ring, label = [], area["label"]
        trend_obj = AreaTrend(
            area=key, kind=by, label=label, lat=lat, lon=lon, boundary=ring, actor=actor, actors=matched,
            periods=periods, baseline_mean=mean, baseline_sd=sd, latest=last.count, latest_activity=last.activity,
            threshold=threshold, trend=trend, rising=rising, score=score,
            fatalities_latest=sum(u.fatalities for u in latest_units),
            event_ids=sorted(e.id for u in latest_units for e in u.events),
        )
        trend_obj.explanation = _explain(trend_obj, rules, count, period_days)
        out.append(trend_obj)
    out.sort(key=lambda a: (not a.rising, -a.score, -a.latest, a.area))
    return out


def _explain(a: AreaTrend, rules: ResurgenceRules, count: str, period_days: int) -> list[str]:
    unit = "incidents" if count == "incidents" else "reports"
    last = a.periods[-1]
    base = a.periods[:-1]
    lines = [
        f"{a.actor} in {a.label or a.area}: {a.latest} {unit} (activity {_fmt(a.latest_activity)}) in the latest "
        f"{period_days} days ({last.start.isoformat()} to {last.end.isoformat()}), against a baseline of "
        f"{_fmt(round(a.baseline_mean, 1))} ± {_fmt(round(a.baseline_sd, 1))} a period over the {len(base)} periods "
        f"before ({base[0].start.isoformat()} to {base[-1].end.isoformat()}).",
    ]
    above = a.latest_activity > a.threshold
    rule = f"mean + {_fmt(rules.k_sd)} × sd (sd at least {_fmt(rules.min_sd)}) = {_fmt(round(a.threshold, 2))}"
    if a.rising:
        lines.append(f"Rising: the latest period is above {rule} and has at least {rules.min_events} {unit}.")
    elif not above:
        lines.append(f"Not rising: the latest period is not above {rule}.")
    else:
        lines.append(f"Not rising: above {rule}, but fewer than {rules.min_events} {unit} in the latest period.")
    direction = "up" if a.trend > 0.05 else "down" if a.trend < -0.05 else "flat"
    lines.append(f"Trend {direction}: {a.trend:+.2f} activity per period over {len(a.periods)} periods "
                 f"({', '.join(str(p.count) for p in a.periods)} {unit}, oldest first).")
    if a.fatalities_latest:
        lines.append(f"{a.fatalities_latest} reported fatalities in the latest period.")
    return lines
