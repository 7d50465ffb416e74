"""GET /api/control (who held each place when) and GET /api/fragility (how fragile that control is)."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Query

from ...model import Event
from ...store import Store
from ..deps import FiltersDep, StoreDep
from ..present import group_reviews
from ..schemas import ControlList, ErrorPublic, FragilityList, PlaceControlPublic, PlaceFragilityPublic

router = APIRouter(tags=["analysis"])


def analysed_events(store: Store, **filters: Any) -> tuple[list[Event], dict[str, str]]:
    """The reviewed events analyses count (rejected events and merged duplicates left out), and
    the text of their documents (for evidence sentences)."""
    from ...export import apply_reviews

    events = store.events(**filters)
    by_event = group_reviews(store.reviews_for([e.id for e in events])) if events else {}
    out = []
    for event in events:
        mine = by_event.get(event.id, [])
        if any(r.action == "merge" and r.after.get("merged_into") for r in mine):
            continue
        reviewed = apply_reviews(event, mine) if mine else event
        if reviewed.review_status != "rejected":
            out.append(reviewed)
    docs = store.documents_by_id({e.document_id for e in out})
    return out, {k: d.text for k, d in docs.items()}


def control_public(pc: Any) -> PlaceControlPublic:
    return PlaceControlPublic.model_validate(_strip_place(pc.to_dict()))


def _strip_place(data: dict[str, Any]) -> dict[str, Any]:
    place = dict(data["place"])
    for extra in ("admin3", "alternate_names"):
        place.pop(extra, None)
    return {**data, "place": place}


@router.get("/control", response_model=ControlList, summary="Control timelines")
def control(
    store: StoreDep,
    filters: FiltersDep,
    place_id: Annotated[str | None, Query(description="only this place", max_length=100)] = None,
) -> ControlList:
    """Who held each place when, from the reviewed territorial events (rejected events and merged
    duplicates are left out): control periods, contested periods and sourced changes."""
    from ...analysis import control_timeline

    events, texts = analysed_events(store, **filters.store_kwargs())
    timelines = control_timeline(events, place_id=place_id, documents=texts)
    return ControlList(items=[control_public(pc) for pc in timelines.values()])


@router.get(
    "/fragility",
    response_model=FragilityList,
    summary="Fragility of control",
    responses={422: {"model": ErrorPublic, "description": "a parameter is invalid"}},
)
def fragility(
    store: StoreDep,
    filters: FiltersDep,
    as_of: Annotated[date | None, Query(description="the day to assess (default: the latest event)")] = None,
    window_days: Annotated[int, Query(ge=1, le=3650, description="window for reversals and attacks")] = 90,
    radius_km: Annotated[float, Query(gt=0, le=500, description="radius for attacks near a place")] = 25.0,
) -> FragilityList:
    """Places by fragility of control (score 0-1, highest first), each with its indicators and a
    plain-language explanation."""
    from ...analysis import fragility as assess

    events, texts = analysed_events(store, **filters.store_kwargs())
    items = assess(events, as_of=as_of, window_days=window_days, radius_km=radius_km, documents=texts)
    return FragilityList(
        as_of=as_of,
        window_days=window_days,
        items=[PlaceFragilityPublic.model_validate(_strip_place(f.to_dict())) for f in items],
    )
