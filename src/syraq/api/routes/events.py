"""GET /api/events (filtered, cursor-paginated) and GET /api/events/{id} (with evidence and audit trail)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from ...export import apply_reviews
from ..deps import FiltersDep, StoreDep, decode_cursor, encode_cursor
from ..present import (
    ReviewState,
    event_public,
    events_public,
    evidence_public,
    machine_values,
    review_public,
)
from ..schemas import ErrorPublic, EventDetail, EventPage

router = APIRouter(tags=["events"])


@router.get(
    "/events",
    response_model=EventPage,
    summary="List events",
    responses={422: {"model": ErrorPublic, "description": "a filter value is invalid"}},
)
def list_events(
    store: StoreDep,
    filters: FiltersDep,
    limit: Annotated[int, Query(ge=1, le=1000, description="events per page")] = 100,
    cursor: Annotated[str | None, Query(description="next_cursor of the previous page", max_length=500)] = None,
    include_merged: Annotated[bool, Query(description="also list duplicates merged into another event")] = False,
    include_split: Annotated[bool, Query(description="also list events a reviewer split into parts")] = False,
) -> EventPage:
    """Events ordered by start date (undated last), then id, with their reviewed values.

    Filters combine with AND; where a reviewer edited a field they match its reviewed value
    (an event moved to Raqqa is found by ``place=Raqqa``, no longer by its machine place).
    Merged duplicates and events split into parts are left out unless asked for; the parts
    of a split are listed as events of their own. Pages are keyset-paginated: pass
    ``next_cursor`` back as ``cursor``.
    """
    page, nxt = store.event_page(limit=limit, cursor=decode_cursor(cursor), include_merged=include_merged,
                                 include_split=include_split, **filters.store_kwargs())
    return EventPage(items=events_public(store, page), limit=limit, next_cursor=encode_cursor(nxt))


@router.get(
    "/events/{event_id}",
    response_model=EventDetail,
    summary="One event with its evidence",
    responses={404: {"model": ErrorPublic, "description": "no such event (E202)"}},
)
def get_event(store: StoreDep, event_id: str) -> EventDetail:
    """The event's reviewed values, its evidence (document, sentence, highlighted spans with
    offsets relative to the sentence, the coding rule), the machine coding of each reviewed
    field, merges and splits, and the full audit trail."""
    machine = store.get_event(event_id)
    reviews = store.reviews(event_id)
    state = ReviewState(reviews)
    event = apply_reviews(machine, reviews) if reviews else machine
    doc = store.documents_by_id([machine.document_id])[machine.document_id]
    public = event_public(event, doc.span_text(machine.sentence), state)
    return EventDetail(
        **public.model_dump(),
        evidence=evidence_public(machine, doc),
        machine=machine_values(machine, state.reviewed_fields),
        merged=state.merged,
        split_parts=state.split_parts,
        reviews=[review_public(r) for r in state.reviews],
    )
