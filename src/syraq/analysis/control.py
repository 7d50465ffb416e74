"""Who controlled which place when: control timelines from coded territorial events.

The rules an analyst applies by hand, written down once:

* **Territorial events** change control: "Government regains territory", "Non-state actor
  overtakes territory" (actor1 gains the place) and "Non-violent transfer of territory" (actor1
  gains it, or, for a withdrawal, actor1 is the one who left; see
  ``data/analysis/control-v1.toml`` for how the direction is decided from the event's fields).
* **Order**: events are ordered by ``date_start``, ties by ``date_end`` and then ``id``; within
  one day, an event that follows on from the current holder (its actor2 is the holder, or its
  actor1 is not) goes first. Undated events cannot be ordered: they are skipped and listed in
  :attr:`PlaceControl.notes`. Rejected events (``review_status == "rejected"``) and events with
  no resolved place are ignored.
* **Coarse dates**: an event dated only to a long range ("in 2017", longer than ``[order]
  coarse_days``) that contains a finer capture of the place by the same actor is another report
  of that capture; otherwise it is placed at the start of its range, with a note.
* **The first holder** is inferred from actor2 of the first capture when it names one (the side
  it was taken from), or from actor1 of a first withdrawal, or, when a capture from an unknown
  holder is followed by a "Government regains territory", from the regaining government actor:
  a period with an unknown start and ``how == "inferred"``.
* **A capture by the actor that already holds the place**, or by another government-side actor
  (a unit, an affiliate) while the government side holds it, is another report of the same
  holding: its event id is added to the period; nothing changes.
* **Brief captures** (the next change comes within ``[brief] max_days`` days, or the sentence
  says "briefly" when the documents' text is given) stay in the timeline, flagged ``brief``.
* **Contested periods**: armed clashes, attacks and strikes at the place group into periods
  (events closer than ``[contest] gap_days`` days apart, under one holder).
* **Sides**: an actor is on the government side when it is state forces of the place's
  country (ACLED inter code 1 on an event, or a "Military Forces of <country>" / "Police Forces
  of <country>" name), or actor1 of a "Government regains territory" event; any other actor is
  its own side.

Every function is pure: events in, results out; nothing reads a database.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from syraq.analysis.rules import ControlRules, load_rules
from syraq.errors import SyraqError
from syraq.model import Event, Place, Span

GOVERNMENT = "government"

#: how a period began, by the sub-event type that opened it
_HOW = {
    "Government regains territory": "regained",
    "Non-state actor overtakes territory": "captured",
    "Non-violent transfer of territory": "transferred",
}


#: ACLED's names for a side nobody identified ("Unidentified Armed Group (Syria)"): coded as the
#: opponent of a capture that names none, they say nothing about who held the place before
UNKNOWN_SIDE_PREFIXES = ("Unidentified ",)


def _unknown_side(actor: str) -> bool:
    return actor.startswith(UNKNOWN_SIDE_PREFIXES)


class AnalysisError(SyraqError):
    """The analysis was given something it cannot work with (codes E900-E999)."""



def _iso(value: date | None) -> str | None:
    return value.isoformat() if value is not None else None


@dataclass(slots=True)
class ControlChange:
    """One change of control at a place, sourced to one event."""

    start: date  # the event's date range
    end: date
    precision: str  # the event's date_precision ("day", "week", "month", ...)
    from_actor: str  # "" when the holder before was unknown
    to_actor: str  # "" when the holder after is unknown (a withdrawal to no one named)
    from_side: str
    to_side: str
    event_id: str
    document_id: str
    sub_event_type: str
    how: str  # "captured", "regained", "transferred" or "withdrew"
    evidence: Span  # the event's sentence
    evidence_text: str = ""  # the sentence, when the documents' text was given
    rule: str = ""  # the event's coding rule
    brief: bool = False
    brief_reason: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "precision": self.precision,
            "from_actor": self.from_actor,
            "to_actor": self.to_actor,
            "from_side": self.from_side,
            "to_side": self.to_side,
            "event_id": self.event_id,
            "document_id": self.document_id,
            "sub_event_type": self.sub_event_type,
            "how": self.how,
            "evidence": self.evidence.to_dict(),
            "evidence_text": self.evidence_text,
            "rule": self.rule,
            "brief": self.brief,
            "brief_reason": self.brief_reason,
        }


@dataclass(slots=True)
class ControlPeriod:
    """A time during which one actor held a place."""

    actor: str
    side: str  # "government" or the actor's own name
    start: date | None  # None: held since before anything we know
    end: date | None  # None: still holding as far as we know
    how: str  # "captured", "regained", "transferred" or "inferred"
    event_ids: list[str] = field(default_factory=list)  # the event that opened it first, then corroborations
    start_precision: str = ""  # precision of the opening event's date ("" when inferred)
    brief: bool = False

    def covers(self, day: date) -> bool:
        """True when ``day`` falls in the period (start inclusive, end exclusive)."""
        return (self.start is None or self.start <= day) and (self.end is None or day < self.end)

    def days(self, as_of: date | None = None) -> int | None:
        """Length in days (up to ``as_of`` for an open period); None when the start is unknown."""
        if self.start is None:
            return None
        end = self.end or as_of
        return None if end is None else (end - self.start).days

    def to_dict(self) -> dict[str, Any]:
        return {
            "actor": self.actor,
            "side": self.side,
            "start": _iso(self.start),
            "end": _iso(self.end),
            "how": self.how,
            "event_ids": list(self.event_ids),
            "start_precision": self.start_precision,
            "brief": self.brief,
        }


@dataclass(slots=True)
class ContestedPeriod:
    """Fighting at a place while someone (or no one known) held it."""

    start: date
    end: date
    holder: str  # the actor holding the place then; "" when unknown
    actors: list[str] = field(default_factory=list)
    event_ids: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "holder": self.holder,
            "actors": list(self.actors),
            "event_ids": list(self.event_ids),
        }


@dataclass(slots=True)
class PlaceControl:
    """The control history of one place."""

    place: Place
    periods: list[ControlPeriod] = field(default_factory=list)
    contested: list[ContestedPeriod] = field(default_factory=list)
    changes: list[ControlChange] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def current(self) -> ControlPeriod | None:
        """The open period at the end of the timeline, if any."""
        return self.periods[-1] if self.periods and self.periods[-1].end is None else None

    def holder_on(self, day: date) -> ControlPeriod | None:
        """The period covering ``day``, or None when no holder is known then."""
        return next((p for p in self.periods if p.covers(day)), None)

    @property
    def holders(self) -> list[str]:
        """Distinct holders, in the order they first held the place."""
        return list(dict.fromkeys(p.actor for p in self.periods))

    def to_dict(self) -> dict[str, Any]:
        return {
            "place": self.place.to_dict(),
            "periods": [p.to_dict() for p in self.periods],
            "contested": [c.to_dict() for c in self.contested],
            "changes": [c.to_dict() for c in self.changes],
            "notes": list(self.notes),
        }


# ---------------------------------------------------------------------------- input checks


@dataclass(slots=True)
class _Dated:
    """An event with its resolved place and checked dates (the event itself is never modified)."""

    event: Event
    place: Place
    start: date | None
    end: date | None


@dataclass(slots=True)
class _Timed:
    """A dated event: the only kind that can be ordered."""

    event: Event
    place: Place
    start: date
    end: date

    @classmethod
    def of(cls, d: _Dated) -> _Timed | None:
        if d.start is None or d.end is None:
            return None
        return cls(d.event, d.place, d.start, d.end)


def _as_date(value: Any, event: Event, name: str, function: str) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        raise AnalysisError(
            "E902", function=function, event_id=event.id, field=name, value=value, reason="not an ISO date"
        ) from None


def prepare(events: Iterable[Event], function: str) -> tuple[list[_Dated], int]:
    """Check the input; keep events that are not rejected and have a resolved place.

    Returns the kept events and how many had no resolved place.
    """
    if isinstance(events, (str, bytes, Event)) or not isinstance(events, Iterable):
        raise AnalysisError("E901", function=function, name="events", value=type(events).__name__,
                            reason="give an iterable of Event objects")
    kept: list[_Dated] = []
    unplaced = 0
    for index, event in enumerate(events):
        if not isinstance(event, Event):
            raise AnalysisError("E900", function=function, index=index, kind=type(event).__name__)
        if event.review_status == "rejected":
            continue
        if event.place is None or event.place.place is None:
            unplaced += 1
            continue
        start = _as_date(event.date_start, event, "date_start", function)
        end = _as_date(event.date_end, event, "date_end", function)
        if start is not None and (end is None or end < start):
            end = start
        if start is None and end is not None:
            start = end
        kept.append(_Dated(event, event.place.place, start, end))
    return kept, unplaced


# ---------------------------------------------------------------------------- sides


class Sides:
    """Decides which actors are on the government side of a place's country (see module doc)."""

    def __init__(self, events: Iterable[_Dated], rules: ControlRules) -> None:
        self.rules = rules
        self._gov: set[tuple[str, str]] = set()
        for d in events:
            ev, cc = d.event, d.place.country_code.upper()
            if ev.actor1 and ev.inter1 in rules.government_inter_codes:
                self._gov.add((ev.actor1, cc))
            if ev.actor2 and ev.inter2 in rules.government_inter_codes:
                self._gov.add((ev.actor2, cc))
            if rules.regains_marks_government and ev.actor1 and ev.sub_event_type == "Government regains territory":
                self._gov.add((ev.actor1, cc))

    def is_government(self, actor: str, place: Place) -> bool:
        if not actor:
            return False
        # a state's own name decides first: "Military Forces of Turkey" is never Syria's government,
        # whatever inter code or sub-event type an event gave it
        folded = actor.casefold()
        for prefix in self.rules.government_name_prefixes:
            if folded.startswith(prefix.casefold()):
                rest = folded[len(prefix) :].strip()
                country = place.country.casefold().strip()
                return not country or rest.startswith(country)
        return (actor, place.country_code.upper()) in self._gov

    def side(self, actor: str, place: Place) -> str:
        if not actor:
            return ""
        return GOVERNMENT if self.is_government(actor, place) else actor


# ---------------------------------------------------------------------------- timeline


def _sentence(event: Event, documents: Mapping[str, str] | None) -> str:
    if not documents:
        return ""
    text = documents.get(event.document_id)
    if not isinstance(text, str):
        return ""
    span = event.evidence[0]
    return text[span.start : span.end]


def _trigger(event: Event, documents: Mapping[str, str] | None) -> str:
    if not documents:
        return ""
    text = documents.get(event.document_id)
    if not isinstance(text, str):
        return ""
    span = next((s for s in event.evidence if s.label == "trigger"), None)
    return text[span.start : span.end] if span is not None else ""


def _starts_with_any(text: str, words: tuple[str, ...]) -> bool:
    folded = " ".join(text.casefold().split())
    return any(folded.startswith(w) for w in words)


def transfer_direction(
    event: Event, holder: str | None, rules: ControlRules, documents: Mapping[str, str] | None = None
) -> str:
    """``"gains"`` or ``"leaves"``: what actor1 of a territorial event did (module doc, data file)."""
    if rules.territorial.get(event.sub_event_type) != "depends":
        return "gains"
    if event.rule in rules.leaving_rules:
        return "leaves"
    if event.rule in rules.gaining_rules:
        return "gains"
    trigger = _trigger(event, documents)
    if trigger:
        if _starts_with_any(trigger, rules.leaving_triggers):
            return "leaves"
        if _starts_with_any(trigger, rules.gaining_triggers):
            return "gains"
    return "leaves" if holder is not None and holder == event.actor1 else "gains"


def _order_day(group: list[_Timed], holder: str | None) -> list[_Timed]:
    """Order the territorial events of one day so that each follows on from the holder before it."""
    pending = sorted(group, key=lambda d: (d.end, d.event.id))
    out: list[_Timed] = []
    while pending:
        pick = next(
            (d for d in pending if d.event.actor1 != holder and (not d.event.actor2 or d.event.actor2 == holder)),
            pending[0],
        )
        pending.remove(pick)
        out.append(pick)
        holder = pick.event.actor1 if pick.event.actor1 != holder else holder
    return out


class _Builder:
    def __init__(self, place: Place, rules: ControlRules, sides: Sides, documents: Mapping[str, str] | None) -> None:
        self.pc = PlaceControl(place=place)
        self.rules = rules
        self.sides = sides
        self.documents = documents

    @property
    def holder(self) -> str | None:
        cur = self.pc.current
        return cur.actor if cur is not None else None

    def _open(self, actor: str, start: date | None, how: str, event_ids: list[str], precision: str) -> None:
        self.pc.periods.append(
            ControlPeriod(actor, self.sides.side(actor, self.pc.place), start, None, how, event_ids, precision)
        )

    def _close(self, day: date) -> None:
        cur = self.pc.current
        if cur is not None:
            cur.end = day

    def _change(self, d: _Timed, from_actor: str, to_actor: str, how: str) -> None:
        ev, place = d.event, self.pc.place
        self.pc.changes.append(
            ControlChange(
                start=d.start,
                end=d.end,
                precision=ev.date_precision,
                from_actor=from_actor,
                to_actor=to_actor,
                from_side=self.sides.side(from_actor, place),
                to_side=self.sides.side(to_actor, place),
                event_id=ev.id,
                document_id=ev.document_id,
                sub_event_type=ev.sub_event_type,
                how=how,
                evidence=ev.evidence[0],
                evidence_text=_sentence(ev, self.documents),
                rule=ev.rule,
            )
        )

    def add(self, d: _Timed) -> None:
        ev = d.event
        if not ev.actor1:
            self.pc.notes.append(f"event {ev.id} ({ev.sub_event_type}, {d.start}) names no actor1: skipped")
            return
        first = not self.pc.changes and not self.pc.periods
        holder = self.holder
        direction = transfer_direction(ev, holder, self.rules, self.documents)
        if direction == "gains":
            self._gain(d, first, holder)
        else:
            self._leave(d, first, holder)

    def _gain(self, d: _Timed, first: bool, holder: str | None) -> None:
        ev = d.event
        cur = self.pc.current
        if cur is not None and holder == ev.actor1:
            cur.event_ids.append(ev.id)
            self.pc.notes.append(
                f"event {ev.id} ({d.start}): {ev.actor1} already held the place; counted as another report of it"
            )
            return
        if cur is not None and cur.side == GOVERNMENT and self.sides.side(ev.actor1, self.pc.place) == GOVERNMENT:
            cur.event_ids.append(ev.id)
            self.pc.notes.append(
                f"event {ev.id} ({d.start}): {ev.actor1} is on the government side, which already held the place "
                f"({holder}); counted as another report of it"
            )
            return
        if first and ev.actor2 and ev.actor2 != ev.actor1 and not _unknown_side(ev.actor2):
            self._open(ev.actor2, None, "inferred", [ev.id], "")
            holder = ev.actor2
        elif holder is not None and ev.actor2 and ev.actor2 != holder:
            self.pc.notes.append(
                f"event {ev.id} ({d.start}) says {ev.actor1} took the place from {ev.actor2}, "
                f"but the timeline had {holder} holding it"
            )
        how = _HOW.get(ev.sub_event_type, "captured")
        self._close(d.start)
        self._change(d, holder or "", ev.actor1, how)
        self._open(ev.actor1, d.start, how, [ev.id], ev.date_precision)

    def _leave(self, d: _Timed, first: bool, holder: str | None) -> None:
        ev = d.event
        if first:
            self._open(ev.actor1, None, "inferred", [ev.id], "")
            holder = ev.actor1
        elif holder != ev.actor1:
            self.pc.notes.append(
                f"event {ev.id} ({d.start}) says {ev.actor1} left the place, "
                f"but the timeline had {holder or 'no known actor'} holding it"
            )
            if not ev.actor2 or ev.actor2 == holder:
                return
        successor = ev.actor2 if ev.actor2 and ev.actor2 != ev.actor1 else ""
        self._close(d.start)
        self._change(d, ev.actor1, successor, "withdrew" if not successor else "transferred")
        if successor:
            self._open(successor, d.start, "transferred", [ev.id], ev.date_precision)
        else:
            self.pc.notes.append(f"after event {ev.id} ({d.start}) no holder of the place is known")

    def attach(self, absorbed: list[tuple[_Timed, _Timed | None]]) -> None:
        """Add coarse reports to the period their finer twin opened or confirmed; note the others."""
        for coarse, match in absorbed:
            ev = coarse.event
            span = f"{coarse.start}..{coarse.end}"
            if match is None:
                self.pc.notes.append(
                    f"event {ev.id} is dated only to {span} ({ev.date_precision}): placed at the start of its range"
                )
                continue
            period = next((p for p in self.pc.periods if match.event.id in p.event_ids and p.how != "inferred"), None)
            if period is not None:
                period.event_ids.append(ev.id)
            self.pc.notes.append(
                f"event {ev.id} ({ev.actor1}, dated only to {span}) is taken as another report of event "
                f"{match.event.id} ({match.start})"
            )

    def infer_government_before(self) -> None:
        """A government *regain* after a capture from an unknown holder: the government held it before."""
        changes = self.pc.changes
        if len(changes) < 2 or changes[0].from_actor or not self.pc.periods or self.pc.periods[0].how == "inferred":
            return
        first, regain = changes[0], changes[1]
        if (
            regain.sub_event_type != "Government regains territory"
            or regain.to_side != GOVERNMENT
            or first.to_side == GOVERNMENT
        ):
            return
        first.from_actor, first.from_side = regain.to_actor, regain.to_side
        self.pc.periods.insert(
            0, ControlPeriod(regain.to_actor, regain.to_side, None, first.start, "inferred", [regain.event_id], "")
        )
        self.pc.notes.append(
            f"{regain.to_actor} is inferred to have held the place before {first.to_actor} took it: "
            f"event {regain.event_id} codes the government regaining it"
        )

    def flag_brief(self) -> None:
        changes = self.pc.changes
        for i, change in enumerate(changes):
            if not change.to_actor:
                continue
            cue = next(
                (c for c in self.rules.brief_cues if c in " ".join(change.evidence_text.casefold().split())), None
            )
            if cue is not None:
                change.brief, change.brief_reason = True, f'the report says "{cue}"'
            elif i + 1 < len(changes):
                # the latest the next change can have come: two "September" events are not brief
                gap = (changes[i + 1].end - change.start).days
                if gap <= self.rules.brief_max_days:
                    change.brief = True
                    change.brief_reason = f"lost again {gap} day{'s' if gap != 1 else ''} later"
        by_event = {c.event_id: c for c in changes if c.brief}
        for period in self.pc.periods:
            if period.how != "inferred" and period.event_ids and period.event_ids[0] in by_event:
                period.brief = True

    def contest(self, fights: list[_Timed]) -> None:
        gap = self.rules.contest_gap_days
        current: ContestedPeriod | None = None
        for d in fights:
            period = self.pc.holder_on(d.start)
            holder = period.actor if period is not None else ""
            if current is None or current.holder != holder or (d.start - current.end).days > gap:
                current = ContestedPeriod(d.start, d.end, holder)
                self.pc.contested.append(current)
            current.end = max(current.end, d.end)
            current.event_ids.append(d.event.id)
            for actor in (d.event.actor1, d.event.actor2):
                if actor and actor not in current.actors:
                    current.actors.append(actor)


def _absorb_coarse(timed: list[_Timed], coarse_days: int) -> tuple[list[_Timed], list[tuple[_Timed, _Timed | None]]]:
    """Split off coarse events: (events to order, [(coarse event, the finer one it repeats or None)]).

    A coarse event that repeats no finer one stays in the order, and is listed with None.
    """
    fine = [t for t in timed if (t.end - t.start).days <= coarse_days]
    keep: list[_Timed] = []
    absorbed: list[tuple[_Timed, _Timed | None]] = []
    for t in timed:
        if (t.end - t.start).days <= coarse_days:
            keep.append(t)
            continue
        match = next(
            (
                f
                for f in fine
                if f.event.actor1 == t.event.actor1
                and f.event.sub_event_type == t.event.sub_event_type
                and t.start <= f.start <= t.end
            ),
            None,
        )
        absorbed.append((t, match))
        if match is None:
            keep.append(t)
    return keep, absorbed


def _sort_key(d: _Timed) -> tuple[date, date, str]:
    return (d.start, d.end, d.event.id)


def build_timelines(
    dated: list[_Dated],
    rules: ControlRules,
    sides: Sides,
    *,
    place_id: str | None = None,
    documents: Mapping[str, str] | None = None,
) -> dict[str, PlaceControl]:
    """The control timelines of checked events (see :func:`control_timeline`)."""
    by_place: dict[str, list[_Dated]] = defaultdict(list)
    for d in dated:
        if place_id is None or d.place.id == place_id:
            by_place[d.place.id].append(d)
    out: dict[str, PlaceControl] = {}
    for pid, items in by_place.items():
        territorial = [d for d in items if rules.is_territorial(d.event.sub_event_type)]
        if not territorial:
            continue
        builder = _Builder(territorial[0].place, rules, sides, documents)
        undated = [d.event.id for d in territorial if d.start is None]
        if undated:
            builder.pc.notes.append(
                f"{len(undated)} territorial event(s) without a date cannot be ordered and were skipped: "
                + ", ".join(sorted(undated))
            )
        timed = sorted((t for t in map(_Timed.of, territorial) if t is not None), key=_sort_key)
        timed, absorbed = _absorb_coarse(timed, rules.coarse_days)
        day_groups: dict[date, list[_Timed]] = defaultdict(list)
        for t in timed:
            day_groups[t.start].append(t)
        for day in sorted(day_groups):
            group = day_groups[day]
            for t in _order_day(group, builder.holder) if len(group) > 1 else group:
                builder.add(t)
        builder.attach(absorbed)
        if rules.regain_implies_government_before:
            builder.infer_government_before()
        builder.flag_brief()
        contest = [d for d in items if rules.is_contest(d.event.event_type, d.event.sub_event_type)]
        builder.contest(sorted((t for t in map(_Timed.of, contest) if t is not None), key=_sort_key))
        undated_fights = sum(1 for d in contest if d.start is None)
        if undated_fights:
            builder.pc.notes.append(
                f"{undated_fights} clash or attack event(s) without a date were left out of the contested periods"
            )
        out[pid] = builder.pc
    return out


def control_timeline(
    events: Iterable[Event],
    *,
    place_id: str | None = None,
    documents: Mapping[str, str] | None = None,
    rules: ControlRules | None = None,
) -> dict[str, PlaceControl]:
    """Who held each place when, from coded events, keyed by place id.

    ``place_id`` limits the result to one place. ``documents`` (document id -> stored text) is
    optional: with it, changes carry their evidence sentence, "briefly" in a sentence flags a
    brief capture, and the trigger word decides the direction of a non-violent transfer.
    ``rules`` replaces the packaged ``data/analysis/control-v1.toml``.
    Only places with at least one dated or undated territorial event appear. See the module
    docstring for the rules. Raises ``AnalysisError`` (E900-E902) on input that is not events.
    """
    rules = rules or load_rules()
    if documents is not None and not isinstance(documents, Mapping):
        raise AnalysisError("E901", function="control_timeline", name="documents", value=type(documents).__name__,
                            reason="give a mapping of document id to text, or None")
    dated, _ = prepare(events, "control_timeline")
    return build_timelines(dated, rules, Sides(dated, rules), place_id=place_id, documents=documents)
