"""Reviewed values: a reviewer's edits applied to a copy of the machine coding.

The machine coding of an event is never changed: reviews are kept as separate rows,
and whoever shows or exports an event applies them to a copy with
:func:`apply_reviews`. The rules:

* reviews apply in time order (``at``, then id); for each field the latest edit wins;
* the status is that of the latest deciding review: ``accept`` -> accepted,
  ``reject`` -> rejected, ``edit`` -> edited; a ``merge`` entry on a duplicate
  (``after.merged_into``) -> merged, and an ``unmerge`` on it restores the status it
  had before; a ``split`` entry on the event split (``after.parts``) -> split, and on
  each event derived from it (``after.split_from``) -> edited. Merge and split
  entries change no field;
* merged and split events are kept (with their machine coding) but left out of lists,
  exports and analysis by default (:data:`HIDDEN_STATUSES`);
* editing a date drops the "date from publication" flag unless the edit sets it.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ..errors import StoreError
from ..model import Event, Review

#: review actions, and the review status each one sets (None: no change)
REVIEW_ACTIONS: dict[str, str | None] = {
    "accept": "accepted",
    "reject": "rejected",
    "edit": "edited",
    "merge": None,
    "unmerge": None,
    "split": None,
}

#: statuses of events left out of lists, exports and analysis unless asked for: duplicates merged
#: into another event, and events a reviewer split into several (their parts are listed instead)
HIDDEN_STATUSES: tuple[str, ...] = ("merged", "split")

#: the event fields a reviewer may edit; the rest (id, document, evidence, rule) is provenance
EDITABLE_FIELDS: tuple[str, ...] = (
    "event_type",
    "sub_event_type",
    "actor1",
    "assoc_actor_1",
    "inter1",
    "actor2",
    "assoc_actor_2",
    "inter2",
    "place",
    "date_start",
    "date_end",
    "date_precision",
    "date_from_publication",
    "fatalities",
    "civilian_targeting",
    "incident_id",
)


def check_review(review: Review) -> None:
    """Raise a catalogued StoreError (E207/E208) if ``review`` cannot be stored or applied."""
    if review.action not in REVIEW_ACTIONS:
        raise StoreError("E207", review_id=review.id, action=review.action, known=", ".join(REVIEW_ACTIONS))
    if review.action == "edit":
        for name in review.after:
            if name not in EDITABLE_FIELDS:
                raise StoreError("E208", review_id=review.id, field=name, known=", ".join(EDITABLE_FIELDS))


def review_status(reviews: Iterable[Review], default: str = "unreviewed") -> str:
    """The status the latest deciding review gives, or ``default`` when none decides
    (merge, unmerge and split entries as the module docstring says)."""
    status = default
    before_merge = default
    for review in sorted(reviews, key=lambda r: (r.at, r.id)):
        decided = REVIEW_ACTIONS.get(review.action)
        if decided is not None:
            status = decided
        elif review.action == "merge" and review.after.get("merged_into"):
            if status != "merged":
                before_merge = status
            status = "merged"
        elif review.action == "unmerge" and status == "merged" and review.before.get("merged_into"):
            status = before_merge
        elif review.action == "split":
            if review.after.get("parts"):
                status = "split"
            elif review.after.get("split_from"):
                status = "edited"
    return status


def split_from(reviews: Iterable[Review]) -> str | None:
    """The id of the event this one was split from (None for an event the machine coded)."""
    for review in reviews:
        if review.action == "split" and review.after.get("split_from"):
            return str(review.after["split_from"])
    return None


def apply_reviews(event: Event, reviews: Iterable[Review]) -> Event:
    """A copy of ``event`` with its reviews' edits applied and its review status set.

    Reviews of other events are ignored. ``event`` itself is not changed.
    """
    mine = sorted((r for r in reviews if r.event_id == event.id), key=lambda r: (r.at, r.id))
    if not mine:
        return Event.from_dict(event.to_dict())
    data: dict[str, Any] = event.to_dict()
    for review in mine:
        check_review(review)
        if review.action != "edit":
            continue
        data.update(review.after)
        if ("date_start" in review.after or "date_end" in review.after) and (
            "date_from_publication" not in review.after
        ):
            data["date_from_publication"] = False
    data["review_status"] = review_status(mine, default=event.review_status)
    try:
        return Event.from_dict(data)
    except (ValueError, TypeError, KeyError) as exc:
        raise StoreError("E209", review_id=mine[-1].id, reason=str(exc)) from exc


def reviewed_events(store: Any, **filters: Any) -> list[Event]:
    """The events an analysis counts: reviews applied, rejected events left out (the store already
    leaves out merged duplicates and split parents, and lists the parts of a split)."""
    events = store.events(**filters)
    by_event: dict[str, list[Review]] = {}
    for review in store.reviews_for([e.id for e in events]) if events else []:
        by_event.setdefault(review.event_id, []).append(review)
    out = []
    for event in events:
        mine = by_event.get(event.id, [])
        reviewed = apply_reviews(event, mine) if mine else event
        if reviewed.review_status != "rejected":
            out.append(reviewed)
    return out
