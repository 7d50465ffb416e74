"""GET /api/places (places with event counts) and GET /api/places/{place_id} (events and control)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from ..deps import FiltersDep, StoreDep
from ..errors import ApiError
from ..present import events_public
from ..schemas import ErrorPublic, PlaceDetail, PlaceList, PlaceSummary
from .analysis import analysed_events, control_public

router = APIRouter(tags=["places"])


@router.get("/places", response_model=PlaceList, summary="Places with event counts")
def list_places(
    store: StoreDep,
    filters: FiltersDep,
    limit: Annotated[int, Query(ge=1, le=10000)] = 1000,
) -> PlaceList:
    """Every place with events matching the filters, most events first, with its coordinates,
    region and first and last event dates (for the map)."""
    rows = store.place_summaries(**filters.store_kwargs())[:limit]
    return PlaceList(items=[PlaceSummary(**row) for row in rows])


@router.get(
    "/places/{place_id}",
    response_model=PlaceDetail,
    summary="One place: its events and control timeline",
    responses={404: {"model": ErrorPublic, "description": "no events at this place (E807)"}},
)
def get_place(
    store: StoreDep,
    place_id: str,
    limit: Annotated[int, Query(ge=1, le=5000, description="at most this many events")] = 500,
) -> PlaceDetail:
    """The place's events (reviewed values, oldest first) and who held it when."""
    from ...analysis import control_timeline

    rows = store.place_summaries(place_id=place_id)
    if not rows:
        raise ApiError("E807", 404, place_id=place_id)
    page, _ = store.event_page(limit=limit, place_id=place_id)
    events, texts = analysed_events(store, place_id=place_id)
    timeline = control_timeline(events, place_id=place_id, documents=texts).get(place_id)
    return PlaceDetail(
        place=PlaceSummary(**rows[0]),
        events=events_public(store, page),
        control=control_public(timeline) if timeline is not None else None,
    )
