"""GET /api/incidents (one row per happening, however many reports), GET /api/incidents/{id}
(every source with its evidence sentence and why it was grouped), and
POST /api/incidents/{id}/review (split or merge, needs a token; kept in the review log)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query
from pydantic import BaseModel, ConfigDict, Field

from ...analysis.incidents import Incident
from ..deps import FiltersDep, ReviewerDep, StoreDep, decode_cursor, encode_cursor
from ..present import events_public, review_public
from ..schemas import ErrorPublic, EventPublic, ReviewPublic

router = APIRouter(tags=["incidents"])


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class IncidentPublic(_Model):
    """One happening, as several reports describe it."""

    id: str
    event_type: str = Field(description="the founding report's event type")
    sub_event_type: str
    place: str | None = Field(description="the most precise place any source gave")
    place_id: str | None
    lat: float | None
    lon: float | None
    date_start: date | None
    date_end: date | None
    fatalities: int = Field(description="the highest count any source gives (never the sum)")
    sources: int = Field(description="how many documents report it")
    document_ids: list[str]
    event_ids: list[str]


class IncidentPage(_Model):
    items: list[IncidentPublic]
    limit: int
    total: int = Field(description="incidents matching the filters")
    next_cursor: str | None


class SourcePublic(_Model):
    """One report of the incident: its event (reviewed values), evidence and why it is here."""

    event: EventPublic
    document_id: str
    title: str
    url: str
    source: str
    published: date | None
    sentence: str
    why: str = Field(description="'founded the incident', the distance, days and actors it matched on, or the review")
    match: dict[str, Any] | None
    added_by: str = Field(description="'machine' or the reviewer who put it here")
    added_at: datetime


class IncidentDetail(IncidentPublic):
    members: list[SourcePublic]


class IncidentReview(_Model):
    action: Literal["split", "merge"]
    event_ids: list[Annotated[str, Field(max_length=64)]] = Field(
        default_factory=list, max_length=1000, description="split: the events to move to a new incident"
    )
    other: str | None = Field(default=None, max_length=64, description="merge: the incident to merge into this one")
    comment: str = Field(default="", max_length=2000)


class IncidentReviewResult(_Model):
    incidents: list[IncidentPublic] = Field(description="this incident, then the one a split created")
    reviews: list[ReviewPublic]


def incident_public(inc: Incident) -> IncidentPublic:
    mention = inc.place
    place = mention.place if mention else None
    founder = inc.founder
    return IncidentPublic(
        id=inc.id,
        event_type=founder.event_type,
        sub_event_type=founder.sub_event_type,
        place=place.name if place else None,
        place_id=place.id if place else None,
        lat=place.lat if place else None,
        lon=place.lon if place else None,
        date_start=inc.date_start,
        date_end=inc.date_end,
        fatalities=inc.fatalities,
        sources=len(inc.sources),
        document_ids=inc.sources,
        event_ids=[e.id for e in inc.events],
    )


def incident_detail(store: Any, incident_id: str) -> IncidentDetail:
    inc = store.get_incident(incident_id)
    rows = {r["event_id"]: r for r in store.incident_members(incident_id)}
    events = {e.id: e for e in inc.events}
    kept = [row for eid, row in rows.items() if eid in events]
    public = events_public(store, [(events[row["event_id"]], row["sentence"] or "") for row in kept])
    members = []
    for ev_public, row in zip(public, kept, strict=True):
        why = row["why"]
        members.append(
            SourcePublic(
                event=ev_public, document_id=row["document_id"], title=row["title"] or "", url=row["url"] or "",
                source=row["source"] or "", published=row["published"], sentence=row["sentence"] or "",
                why=str(why.get("why", "")), match=why.get("match"), added_by=row["added_by"],
                added_at=row["added_at"],
            )
        )
    return IncidentDetail(**incident_public(inc).model_dump(), members=members)


@router.get(
    "/incidents",
    response_model=IncidentPage,
    summary="List incidents",
    responses={422: {"model": ErrorPublic, "description": "a filter value is invalid"}},
)
def list_incidents(
    store: StoreDep,
    filters: FiltersDep,
    min_sources: Annotated[int | None, Query(ge=1, le=10000, description="reported by at least this many documents")] = None,
    limit: Annotated[int, Query(ge=1, le=1000, description="incidents per page")] = 100,
    cursor: Annotated[str | None, Query(description="next_cursor of the previous page", max_length=500)] = None,
) -> IncidentPage:
    """Incidents (events from different reports of one happening, counted once) ordered by start
    date, then id. The filters are those of /api/events: an incident matches when one of its
    events does. Keyset-paginated: pass ``next_cursor`` back as ``cursor``."""
    kwargs = filters.store_kwargs()
    if min_sources:
        kwargs["min_sources"] = min_sources
    page, nxt = store.incident_page(limit=limit, cursor=decode_cursor(cursor), **kwargs)
    return IncidentPage(
        items=[incident_public(i) for i in page], limit=limit, total=store.count_incidents(**kwargs),
        next_cursor=encode_cursor(nxt),
    )


@router.get(
    "/incidents/{incident_id}",
    response_model=IncidentDetail,
    summary="One incident with every source",
    responses={404: {"model": ErrorPublic, "description": "no such incident (E210)"}},
)
def get_incident(store: StoreDep, incident_id: str) -> IncidentDetail:
    """The incident, and each report of it: the event, the document, the evidence sentence, why it
    was grouped (distance, days apart, actors; or the reviewer's split/merge), by whom and when."""
    return incident_detail(store, incident_id)


@router.post(
    "/incidents/{incident_id}/review",
    response_model=IncidentReviewResult,
    status_code=201,
    summary="Split or merge an incident",
    responses={
        401: {"model": ErrorPublic, "description": "no or invalid token (E801/E802)"},
        404: {"model": ErrorPublic, "description": "no such incident (E210)"},
        422: {"model": ErrorPublic, "description": "the review cannot apply (E209/E800)"},
    },
)
def review_incident(
    store: StoreDep, reviewer: ReviewerDep, incident_id: str, body: IncidentReview
) -> IncidentReviewResult:
    """``split``: move ``event_ids`` to a new incident. ``merge``: move every event of ``other``
    into this one. Needs ``Authorization: Bearer TOKEN``; the memberships record the reviewer and
    one audit entry (action split/merge, incident ids before and after) joins the review log."""
    ids, reviews = store.review_incident(
        incident_id, body.action, reviewer=reviewer, event_ids=body.event_ids, other=body.other, comment=body.comment
    )
    return IncidentReviewResult(
        incidents=[incident_public(store.get_incident(i)) for i in ids], reviews=[review_public(r) for r in reviews]
    )
