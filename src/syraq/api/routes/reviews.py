"""POST /api/events/{id}/review (needs a token) and GET /api/reviews (the audit trail)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request

from ...model import Place
from ..deps import ReviewerDep, StoreDep, get_gazetteer
from ..present import events_public, review_public
from ..review import build_reviews
from ..schemas import ErrorPublic, ReviewCreate, ReviewPublic, ReviewResult

router = APIRouter(tags=["review"])


@router.post(
    "/events/{event_id}/review",
    response_model=ReviewResult,
    status_code=201,
    summary="Review an event",
    responses={
        401: {"model": ErrorPublic, "description": "no or invalid token (E801/E802)"},
        404: {"model": ErrorPublic, "description": "no such event (E202)"},
        422: {"model": ErrorPublic, "description": "the review is not valid (E800/E806/E807)"},
    },
)
def review_event(
    request: Request, store: StoreDep, reviewer: ReviewerDep, event_id: str, body: ReviewCreate
) -> ReviewResult:
    """Accept, reject, edit, merge or split an event. Needs ``Authorization: Bearer TOKEN``.

    The machine coding is never overwritten: each decision is an audit entry with the values
    before and after, the reviewer (the token's name) and the time. A merge writes one entry
    on this event and one on each merged duplicate, in one transaction.
    """

    def get_place(place_id: str) -> Place | None:
        return get_gazetteer(request).get(place_id)  # type: ignore[no-any-return]

    entries = build_reviews(store, event_id, body.action, body.changes, body.comment, reviewer, get_place)
    store.add_reviews(entries)
    event = store.get_event(event_id)
    doc = store.documents_by_id([event.document_id]).get(event.document_id)
    sentence = doc.span_text(event.sentence) if doc else ""
    return ReviewResult(reviews=[review_public(r) for r in entries], event=events_public(store, [(event, sentence)])[0])


@router.get("/reviews", response_model=list[ReviewPublic], summary="The review audit trail")
def list_reviews(
    store: StoreDep,
    event_id: Annotated[str | None, Query(description="only this event's reviews", max_length=64)] = None,
) -> list[Any]:
    """Every review (or one event's), oldest first: action, reviewer, time, before and after."""
    if event_id is not None:
        store.get_event(event_id)
    return [review_public(r) for r in store.reviews(event_id)]
