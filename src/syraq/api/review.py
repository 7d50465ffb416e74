"""Turning a reviewer's request into audit entries (:class:`syraq.model.Review`), checked first.

The machine coding is never touched: each entry keeps the values before (the event's
reviewed values at that moment) and after, the reviewer (the token's name) and the time.
"""

from __future__ import annotations

import hashlib
import math
import secrets
from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import Any

from ..errors import StoreError
from ..export import EDITABLE_FIELDS, apply_reviews
from ..model import TIME_PRECISIONS, Event, Place, PlaceMention, Review
from ..store import Store
from .errors import ApiError

#: the most parts a split may have, and the most events one merge may absorb
MAX_PARTS = 20
MAX_MERGE = 100


def _refuse(event_id: str, reason: str, field: str = "changes") -> ApiError:
    return ApiError("E806", 422, errors=[{"field": field, "message": reason}], event_id=event_id, reason=reason)


def _text(event_id: str, name: str, value: Any, limit: int = 300) -> str:
    if not isinstance(value, str) or len(value) > limit or not value.isprintable():
        raise _refuse(event_id, f"{name} must be printable text of at most {limit} characters", f"changes.{name}")
    return value.strip()


def _place(event_id: str, value: Any, event: Event, get_place: Callable[[str], Place | None]) -> dict[str, Any]:
    """A gazetteer id or a map click {lat, lon, name} -> a place mention (JSON form)."""
    span = event.place.span if event.place is not None else event.sentence
    if isinstance(value, str):
        place = get_place(value.strip())
        if place is None:
            raise ApiError("E807", 422, errors=[{"field": "changes.place", "message": f"unknown place {value!r}"}],
                           place_id=value)
        mention = PlaceMention(span=span, place=place, score=1.0, geo_precision=1, how="review:gazetteer")
        return mention.to_dict()
    if isinstance(value, dict):
        try:
            lat, lon = float(value["lat"]), float(value["lon"])
        except (KeyError, TypeError, ValueError):
            raise _refuse(event_id, "a map click needs numeric lat and lon", "changes.place") from None
        if not (math.isfinite(lat) and math.isfinite(lon) and -90 <= lat <= 90 and -180 <= lon <= 180):
            raise _refuse(event_id, "lat must be in [-90, 90] and lon in [-180, 180]", "changes.place")
        name = _text(event_id, "place.name", value.get("name", ""), 300) or f"{lat:.5f}, {lon:.5f}"
        precision = value.get("geo_precision", 1)
        if precision not in (1, 2, 3):
            raise _refuse(event_id, "geo_precision must be 1, 2 or 3", "changes.place")
        place = Place(id=f"point:{lat:.5f},{lon:.5f}", name=name, lat=round(lat, 5), lon=round(lon, 5),
                      source="review")
        return PlaceMention(span=span, place=place, score=1.0, geo_precision=precision, how="review:map").to_dict()
    raise _refuse(event_id, "place is a gazetteer id or {lat, lon, name}", "changes.place")


def normalise_changes(
    event: Event, changes: dict[str, Any], get_place: Callable[[str], Place | None]
) -> dict[str, Any]:
    """Check each edited field and return its value in the stored JSON form (422 E806/E807 if bad)."""
    from ..taxonomy import EVENT_TYPE_OF, canonical_event_type, canonical_sub_event_type

    eid = event.id
    if not changes:
        raise _refuse(eid, "an edit needs at least one field in changes")
    out: dict[str, Any] = {}
    for name, value in changes.items():
        if name not in EDITABLE_FIELDS:
            raise _refuse(eid, f"{name!r} is not editable; editable: {', '.join(EDITABLE_FIELDS)}", f"changes.{name}")
        if name == "event_type":
            canonical = canonical_event_type(value) if isinstance(value, str) else None
            if canonical is None:
                raise _refuse(eid, f"unknown event type {value!r}", "changes.event_type")
            out[name] = canonical
        elif name == "sub_event_type":
            canonical = canonical_sub_event_type(value) if isinstance(value, str) else None
            if canonical is None:
                raise _refuse(eid, f"unknown sub-event type {value!r}", "changes.sub_event_type")
            out[name] = canonical
        elif name in ("actor1", "actor2", "assoc_actor_1", "assoc_actor_2", "incident_id"):
            out[name] = _text(eid, name, value)
        elif name in ("inter1", "inter2"):
            if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 8:
                raise _refuse(eid, f"{name} is an ACLED inter code 0-8", f"changes.{name}")
            out[name] = value
        elif name == "fatalities":
            if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 1_000_000:
                raise _refuse(eid, "fatalities is a whole number >= 0", "changes.fatalities")
            out[name] = value
        elif name in ("civilian_targeting", "date_from_publication"):
            if not isinstance(value, bool):
                raise _refuse(eid, f"{name} is true or false", f"changes.{name}")
            out[name] = value
        elif name in ("date_start", "date_end"):
            try:
                out[name] = date.fromisoformat(value).isoformat() if value is not None else None
            except (TypeError, ValueError):
                raise _refuse(eid, f"{name} is an ISO date YYYY-MM-DD", f"changes.{name}") from None
        elif name == "date_precision":
            if value not in TIME_PRECISIONS:
                raise _refuse(eid, f"date_precision is one of {', '.join(TIME_PRECISIONS)}", "changes.date_precision")
            out[name] = value
        elif name == "place":
            out[name] = _place(eid, value, event, get_place) if value is not None else None
    # a sub-event type fixes its event type
    sub = out.get("sub_event_type")
    if sub is not None:
        parent = EVENT_TYPE_OF[sub]
        if "event_type" in out and out["event_type"] != parent:
            raise _refuse(eid, f"{sub!r} belongs to {parent!r}, not {out['event_type']!r}", "changes.event_type")
        out["event_type"] = parent
    elif "event_type" in out and EVENT_TYPE_OF.get(event.sub_event_type) != out["event_type"]:
        raise _refuse(eid, "changing the event type needs a sub_event_type of that type", "changes.sub_event_type")
    start = out.get("date_start", event.date_start.isoformat() if event.date_start else None)
    end = out.get("date_end", event.date_end.isoformat() if event.date_end else None)
    if start and end and end < start:
        raise _refuse(eid, f"date_end {end} is before date_start {start}", "changes.date_end")
    return out


def _new_id() -> str:
    return secrets.token_hex(8)


def derived_id(parent_id: str, review_id: str, part: int) -> str:
    """The id of part ``part`` of a split: stable, from the parent event and the split review."""
    return hashlib.sha256(f"{parent_id}:split:{review_id}:{part}".encode()).hexdigest()[:16]


def build_reviews(
    store: Store,
    event_id: str,
    action: str,
    changes: dict[str, Any],
    comment: str,
    reviewer: str,
    get_place: Callable[[str], Place | None],
) -> list[Review]:
    """The audit entries a request makes (checked, not yet stored). E202 for unknown events."""
    machine = store.get_event(event_id)
    history = store.reviews(event_id)
    current = apply_reviews(machine, history)
    now = datetime.now(UTC)
    if current.review_status == "split":
        parts = [str(i) for r in history if r.action == "split" for i in r.after.get("events", [])]
        raise _refuse(event_id, f"this event was split into {', '.join(parts) or 'parts'}; review its parts")

    def review(eid: str, act: str, before: dict[str, Any], after: dict[str, Any]) -> Review:
        return Review(id=_new_id(), event_id=eid, action=act, reviewer=reviewer, at=now, before=before, after=after,
                      comment=comment)

    if action in ("accept", "reject"):
        if changes:
            raise _refuse(event_id, f"{action} takes no changes; use edit to change values")
        return [review(event_id, action, {"review_status": current.review_status}, {})]

    if action == "edit":
        after = normalise_changes(current, changes, get_place)
        data = current.to_dict()
        before = {name: data.get(name) for name in after}
        entry = review(event_id, "edit", before, after)
        try:  # the edit must leave a valid event
            apply_reviews(current, [entry])
        except StoreError as exc:
            raise _refuse(event_id, exc.message) from exc
        return [entry]

    if action == "merge":
        others = changes.get("events")
        if set(changes) - {"events"} or not isinstance(others, list) or not others:
            raise _refuse(event_id, 'merge takes changes = {"events": [ids of the duplicates]}', "changes.events")
        if len(others) > MAX_MERGE or not all(isinstance(o, str) for o in others):
            raise _refuse(event_id, f"give at most {MAX_MERGE} event ids as strings", "changes.events")
        ids = list(dict.fromkeys(others))
        if event_id in ids:
            raise _refuse(event_id, "an event cannot be merged into itself", "changes.events")
        for other in ids:
            if store.get_event(other).review_status == "split":  # E202 if unknown
                raise _refuse(event_id, f"{other} was split into parts; merge its parts", "changes.events")
        if current.review_status == "merged":
            raise _refuse(event_id, "this event is itself merged into another; merge into that one or unmerge it")
        entries = [review(event_id, "merge", {}, {"merged": ids})]
        entries += [review(other, "merge", {}, {"merged_into": event_id}) for other in ids]
        return entries

    if action == "split":
        given = changes.get("parts")
        if set(changes) - {"parts"} or not isinstance(given, list) or not 2 <= len(given) <= MAX_PARTS:
            raise _refuse(event_id, f'split takes changes = {{"parts": [2-{MAX_PARTS} objects of field values]}}',
                          "changes.parts")
        normalised: list[dict[str, Any]] = []
        for i, part in enumerate(given):
            if not isinstance(part, dict):
                raise _refuse(event_id, f"part {i} is not an object of field values", f"changes.parts.{i}")
            normalised.append(normalise_changes(current, part, get_place) if part else {})
        parent = review(event_id, "split", {}, {})
        ids = [derived_id(event_id, parent.id, i) for i in range(len(normalised))]
        parent.after = {"parts": normalised, "events": ids}
        # each part: the parent's reviewed values, then the part's own values
        inherited = current.to_dict()
        machine_data = machine.to_dict()
        edited = [name for r in history if r.action == "edit" for name in r.after]
        entries = [parent]
        for i, (did, values) in enumerate(zip(ids, normalised, strict=True)):
            entries.append(review(did, "split", {}, {"split_from": event_id, "part": i, "review": parent.id}))
            after = {name: inherited.get(name) for name in dict.fromkeys(edited)} | values
            if after:
                edit = review(did, "edit", {name: machine_data.get(name) for name in after}, after)
                try:  # each part must be a valid event
                    apply_reviews(Event.from_dict({**machine_data, "id": did}), [edit])
                except StoreError as exc:
                    raise _refuse(event_id, f"part {i}: {exc.message}", f"changes.parts.{i}") from exc
                entries.append(edit)
        return entries

    if action == "unmerge":
        if changes:
            raise _refuse(event_id, "unmerge takes no changes: send it on the merged duplicate")
        if current.review_status != "merged":
            raise _refuse(event_id, "this event is not a merged duplicate", "action")
        keeper = next((str(r.after["merged_into"]) for r in reversed(history)
                       if r.action == "merge" and r.after.get("merged_into")), "")
        entries = [review(event_id, "unmerge", {"merged_into": keeper}, {})]
        if keeper:
            entries.append(review(keeper, "unmerge", {}, {"unmerged": [event_id]}))
        return entries

    raise _refuse(event_id, f"unknown action {action!r}", "action")
