"""How fragile is control of a place? Indicators and a score from coded events.

An analyst calls a government gain fragile when the place changed hands back soon after, when
insurgents kept attacking around it after the government took it, when control changed
recently, and when many actors have held it. :func:`fragility` measures each of these from the
control timelines (:mod:`syraq.analysis.control`) and the attacks around each place:

* **reversals**: a change that gives the place back to a side that had lost it at most
  ``window_days`` earlier (army -> IS -> army within 90 days is one reversal). Sides, not actor
  names, are compared: all government-side actors are one side.
* **attacks after government gains**: for every change that gave the place to the government
  side, the attacks within ``radius_km`` (25 km) in the ``window_days`` after it. An attack is a
  Battles, Explosions/Remote violence or Violence against civilians event (``[attacks]`` in the
  data file) whose actor1 is named and not on the government side. Each attack counts once per
  place.
* **days since the last change**, up to ``as_of`` (by default the latest event date).
* **holders**: how many distinct sides held the place (inferred first holders included; the
  army and its units are one side). :attr:`PlaceFragility.holders` lists the actors by name.

The score is a weighted sum of four components, each in [0, 1], so the score is in [0, 1]::

    score = W_REVERSALS * min(1, reversals / REVERSALS_FULL)
          + W_ATTACKS   * min(1, attacks / ATTACKS_FULL)
          + W_RECENCY   * 0.5 ** (days_since_last_change / window_days)   (0 with no change)
          + W_HOLDERS   * min(1, (sides - 1) / HOLDERS_FULL)

Reversals weigh most: a place that has already gone back is the plainest sign that a gain does
not hold. Attacks after a gain are next: they show the loser is still active nearby. A recent
change counts half after ``window_days`` and fades after that. Many holders show a place that
keeps being fought over. A place held by one actor with no change scores 0.

Events after ``as_of`` are left out, so ``as_of`` also answers "how did it look then?".
"""

from __future__ import annotations

import math
from bisect import bisect_left
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from syraq.analysis.control import (
    GOVERNMENT,
    AnalysisError,
    ControlChange,
    PlaceControl,
    Sides,
    _Dated,
    build_timelines,
    prepare,
)
from syraq.analysis.rules import ControlRules, load_rules
from syraq.geodesy import haversine_km
from syraq.model import Event, Place

#: weights of the four components; they sum to 1
W_REVERSALS = 0.35
W_ATTACKS = 0.30
W_RECENCY = 0.20
W_HOLDERS = 0.15
#: how many of each indicator make its component full (1.0)
REVERSALS_FULL = 2
ATTACKS_FULL = 3
HOLDERS_FULL = 3
#: attacks this close to a government gain count against it
RADIUS_KM = 25.0
KM_PER_DEGREE = 110.0  # a degree of latitude is 110.6-111.7 km: 110 keeps each grid cell at least the radius


def distance_km(a: Place, b: Place) -> float:
    """Great-circle distance between two places, in kilometres (haversine)."""
    return haversine_km(a.lat, a.lon, b.lat, b.lon)


@dataclass(slots=True)
class Reversal:
    """Control went back to a side that had lost the place shortly before."""

    side: str  # the side that lost and regained it
    lost_to: str  # the actor that took it from that side
    lost_on: date
    lost_event_id: str
    regained_by: str  # the actor that took it back
    regained_on: date
    regained_event_id: str
    days: int  # between the two changes' start dates: what the window is checked against
    days_min: int  # the shortest and longest gap their date ranges allow
    days_max: int
    lost_until: date | None = None  # the end of the loss's date range when it is not one day
    regained_until: date | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "side": self.side,
            "lost_to": self.lost_to,
            "lost_on": self.lost_on.isoformat(),
            "lost_event_id": self.lost_event_id,
            "regained_by": self.regained_by,
            "regained_on": self.regained_on.isoformat(),
            "regained_event_id": self.regained_event_id,
            "days": self.days,
            "days_min": self.days_min,
            "days_max": self.days_max,
            "lost_until": self.lost_until.isoformat() if self.lost_until else None,
            "regained_until": self.regained_until.isoformat() if self.regained_until else None,
        }


@dataclass(slots=True)
class Attack:
    """An attack near a place after the government gained it."""

    event_id: str
    date: date
    actor1: str
    event_type: str
    sub_event_type: str
    place_id: str
    place_name: str
    distance_km: float

    def to_dict(self) -> dict[str, Any]:
        return {
            "event_id": self.event_id,
            "date": self.date.isoformat(),
            "actor1": self.actor1,
            "event_type": self.event_type,
            "sub_event_type": self.sub_event_type,
            "place_id": self.place_id,
            "place_name": self.place_name,
            "distance_km": round(self.distance_km, 2),
        }


@dataclass(slots=True)
class GainAttacks:
    """One government gain and the insurgent attacks around the place in the window after it."""

    actor: str
    gained_on: date
    event_id: str
    attacks: list[Attack] = field(default_factory=list)
    gained_until: date | None = None  # the end of the gain's date range when it is not one day

    def to_dict(self) -> dict[str, Any]:
        return {
            "actor": self.actor,
            "gained_on": self.gained_on.isoformat(),
            "event_id": self.event_id,
            "attacks": [a.to_dict() for a in self.attacks],
            "gained_until": self.gained_until.isoformat() if self.gained_until else None,
        }


@dataclass(slots=True)
class PlaceFragility:
    """The fragility indicators, score and explanation of one place."""

    place: Place
    score: float
    changes: int
    holders: list[str]  # actors, in the order they first held it
    sides: int  # distinct sides among them (all government-side actors are one)
    holder: str  # the holder at as_of; "" when unknown
    last_change: date | None
    days_since_change: int | None
    reversals: list[Reversal] = field(default_factory=list)
    gains_attacked: list[GainAttacks] = field(default_factory=list)  # government gains with attacks after them
    attacks_after_gains: int = 0  # distinct attack events
    brief_captures: int = 0
    components: dict[str, float] = field(default_factory=dict)
    explanation: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "place": self.place.to_dict(),
            "score": self.score,
            "changes": self.changes,
            "holders": list(self.holders),
            "sides": self.sides,
            "holder": self.holder,
            "last_change": self.last_change.isoformat() if self.last_change else None,
            "days_since_change": self.days_since_change,
            "reversals": [r.to_dict() for r in self.reversals],
            "gains_attacked": [g.to_dict() for g in self.gains_attacked],
            "attacks_after_gains": self.attacks_after_gains,
            "brief_captures": self.brief_captures,
            "components": dict(self.components),
            "explanation": list(self.explanation),
        }


def _reversals(changes: list[ControlChange], window_days: int) -> list[Reversal]:
    out: list[Reversal] = []
    for j, back in enumerate(changes):
        if not back.to_side:
            continue
        for i in range(j - 1, -1, -1):
            lost = changes[i]
            if lost.from_side == back.to_side:
                days = (back.start - lost.start).days
                if days <= window_days and lost.to_side != back.to_side:
                    out.append(
                        Reversal(
                            side=back.to_side,
                            lost_to=lost.to_actor,
                            lost_on=lost.start,
                            lost_event_id=lost.event_id,
                            regained_by=back.to_actor,
                            regained_on=back.start,
                            regained_event_id=back.event_id,
                            days=days,
                            days_min=max(0, (back.start - lost.end).days),
                            days_max=(back.end - lost.start).days,
                            lost_until=lost.end if lost.end != lost.start else None,
                            regained_until=back.end if back.end != back.start else None,
                        )
                    )
                break
    return out


class _AttackIndex:
    """Insurgent attacks by place, with a grid over their places, so that each government gain
    looks only at places within the radius and, there, only at the days of its window."""

    def __init__(self, attacks: list[_Dated], sides: Sides, radius_km: float) -> None:
        self.radius_km = radius_km
        self.cell = max(radius_km / KM_PER_DEGREE, 1e-6)  # degrees; one cell spans the radius in latitude
        self.columns = max(1, math.ceil(360 / self.cell))  # longitude wraps round at the antimeridian
        self.by_place: dict[str, tuple[Place, list[tuple[date, str, _Dated]]]] = {}
        for d in attacks:
            ev = d.event
            if d.start is None or not ev.actor1 or sides.is_government(ev.actor1, d.place):
                continue
            entry = self.by_place.setdefault(d.place.id, (d.place, []))
            entry[1].append((d.start, ev.id, d))
        self.grid: dict[tuple[int, int], list[Place]] = defaultdict(list)
        for place, items in self.by_place.values():
            items.sort(key=lambda item: (item[0], item[1]))
            self.grid[self._key(place.lat, place.lon)].append(place)
        self._near: dict[str, list[tuple[Place, float]]] = {}

    def _key(self, lat: float, lon: float) -> tuple[int, int]:
        return (math.floor(lat / self.cell), math.floor((lon + 180.0) / self.cell) % self.columns)

    def near(self, place: Place) -> list[tuple[Place, float]]:
        """Attack places within the radius of ``place``, with their distance (cached per place)."""
        cached = self._near.get(place.id)
        if cached is not None:
            return cached
        row, col = self._key(place.lat, place.lon)
        widest = min(89.0, abs(place.lat) + self.cell)
        span = math.ceil(1 / math.cos(math.radians(widest)))  # longitude cells per radius at this latitude
        found: list[tuple[Place, float]] = []
        columns = {c % self.columns for c in range(col - span, col + span + 1)}
        for r in range(row - 1, row + 2):
            for c in columns:
                for other in self.grid.get((r, c), ()):
                    km = distance_km(place, other)
                    if km <= self.radius_km:
                        found.append((other, km))
        self._near[place.id] = found
        return found

    def after(self, place: Place, since: date, until: date) -> list[tuple[_Dated, float]]:
        out: list[tuple[_Dated, float]] = []
        for other, km in self.near(place):
            items = self.by_place[other.id][1]
            i = bisect_left(items, since, key=lambda item: item[0])
            while i < len(items) and items[i][0] <= until:
                out.append((items[i][2], km))
                i += 1
        out.sort(key=lambda pair: (pair[0].start or since, pair[0].event.id))
        return out


def _attacks_after_gains(pc: PlaceControl, index: _AttackIndex, window_days: int) -> list[GainAttacks]:
    out: list[GainAttacks] = []
    for change in pc.changes:
        if change.to_side != GOVERNMENT:
            continue
        until = change.start + timedelta(days=window_days)
        until_range = change.end if change.end != change.start else None
        found = GainAttacks(change.to_actor, change.start, change.event_id, gained_until=until_range)
        for d, km in index.after(pc.place, change.start, until):
            ev = d.event
            if ev.id == change.event_id or d.start is None:
                continue
            found.attacks.append(
                Attack(ev.id, d.start, ev.actor1, ev.event_type, ev.sub_event_type, d.place.id, d.place.name, km)
            )
        if found.attacks:
            out.append(found)
    return out


def _plural(n: int, word: str, plural: str | None = None) -> str:
    return f"{n} {word if n == 1 else (plural or word + 's')}"


def _when(start: date, end: date) -> str:
    return f"on {start.isoformat()}" if start == end else f"between {start.isoformat()} and {end.isoformat()}"


def _explain(f: PlaceFragility, pc: PlaceControl, window_days: int, radius_km: float, as_of: date) -> list[str]:
    lines: list[str] = []
    if f.changes:
        times = "once" if f.changes == 1 else "twice" if f.changes == 2 else f"{f.changes} times"
        lines.append(f"changed hands {times}; held by {_plural(len(f.holders), 'actor')}: {', '.join(f.holders)}")
    else:
        lines.append(f"no change of control recorded; held by {f.holder or 'an unknown actor'}")
    for r in f.reversals:
        gap = _plural(r.days, "day") if r.days_min == r.days_max else f"{r.days_min}-{r.days_max} days"
        taker, when = r.lost_to or "an unknown actor", _when(r.lost_on, r.lost_until or r.lost_on)
        lines.append(f"control reverted to {r.regained_by} {gap} after {taker} took it {when}")
    for g in f.gains_attacked:
        n = len(g.attacks)
        lines.append(
            f"{_plural(n, 'insurgent attack')} within {radius_km:g} km in the {window_days} days after "
            f"the government ({g.actor}) took it {_when(g.gained_on, g.gained_until or g.gained_on)}"
        )
    for c in pc.changes:
        if c.brief:
            lines.append(f"brief capture by {c.to_actor} {_when(c.start, c.end)} ({c.brief_reason})")
    if f.days_since_change is not None and pc.changes:
        last = pc.changes[-1]
        lines.append(
            f"last change {_plural(f.days_since_change, 'day')} before {as_of.isoformat()} "
            f"({_when(last.start, last.end)})"
        )
    return lines


def _latest(dated: list[_Dated]) -> date | None:
    days = [d.end or d.start for d in dated if d.start is not None]
    return max((d for d in days if d is not None), default=None)


def fragility(
    events: Iterable[Event],
    *,
    as_of: date | None = None,
    window_days: int = 90,
    radius_km: float = RADIUS_KM,
    documents: Mapping[str, str] | None = None,
    rules: ControlRules | None = None,
) -> list[PlaceFragility]:
    """Fragility of control for every place with a control timeline, highest score first.

    ``as_of`` defaults to the latest event date; events that start after it are left out.
    ``window_days`` bounds reversals and attacks after gains, and sets the recency half-life.
    ``documents`` and ``rules`` are passed on to :func:`~syraq.analysis.control.control_timeline`.
    See the module docstring for the indicators and the score. Ties in score are ordered by
    place name, then id.
    """
    if isinstance(window_days, bool) or not isinstance(window_days, int) or window_days <= 0:
        raise AnalysisError("E901", function="fragility", name="window_days", value=window_days,
                            reason="give a whole number of days > 0")
    if isinstance(radius_km, bool) or not isinstance(radius_km, (int, float)) or not radius_km > 0:
        raise AnalysisError("E901", function="fragility", name="radius_km", value=radius_km,
                            reason="give a distance in km > 0")
    if as_of is not None and not isinstance(as_of, date):
        raise AnalysisError("E901", function="fragility", name="as_of", value=as_of, reason="give a date or None")
    if isinstance(as_of, datetime):
        as_of = as_of.date()
    rules = rules or load_rules()
    dated, _ = prepare(events, "fragility")
    if as_of is None:
        as_of = _latest(dated)
    if as_of is not None:
        dated = [d for d in dated if d.start is None or d.start <= as_of]
    sides = Sides(dated, rules)
    timelines = build_timelines(dated, rules, sides, documents=documents)
    attacks = [d for d in dated if d.start is not None and rules.is_attack(d.event.event_type, d.event.sub_event_type)]
    index = _AttackIndex(attacks, sides, float(radius_km))
    out: list[PlaceFragility] = []
    for pc in timelines.values():
        ref = as_of or date.today()
        last = pc.changes[-1].start if pc.changes else None
        since = (ref - last).days if last is not None else None
        holder_period = pc.holder_on(ref)
        reversals = _reversals(pc.changes, window_days)
        gains = _attacks_after_gains(pc, index, window_days)
        n_attacks = len({a.event_id for g in gains for a in g.attacks})
        holders = pc.holders
        n_sides = len({p.side for p in pc.periods})
        components = {
            "reversals": min(1.0, len(reversals) / REVERSALS_FULL),
            "attacks": min(1.0, n_attacks / ATTACKS_FULL),
            "recency": 0.5 ** (max(0, since) / window_days) if since is not None else 0.0,
            "holders": min(1.0, max(0, n_sides - 1) / HOLDERS_FULL),
        }
        score = (
            W_REVERSALS * components["reversals"]
            + W_ATTACKS * components["attacks"]
            + W_RECENCY * components["recency"]
            + W_HOLDERS * components["holders"]
        )
        f = PlaceFragility(
            place=pc.place,
            score=round(min(1.0, max(0.0, score)), 4),
            changes=len(pc.changes),
            holders=holders,
            sides=n_sides,
            holder=holder_period.actor if holder_period is not None else "",
            last_change=last,
            days_since_change=since,
            reversals=reversals,
            gains_attacked=gains,
            attacks_after_gains=n_attacks,
            brief_captures=sum(1 for c in pc.changes if c.brief),
            components={k: round(v, 4) for k, v in components.items()},
        )
        f.explanation = _explain(f, pc, window_days, radius_km, ref)
        out.append(f)
    out.sort(key=lambda f: (-f.score, f.place.name, f.place.id))
    return out
