"""GET /api/control (who held each place when), GET /api/fragility (how fragile that control is),
GET /api/hotspots (events per H3 hexagon) and GET /api/resurgence (where an actor's activity rises)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query

from ...model import Event
from ...store import Store
from ..deps import FiltersDep, StoreDep
from ..schemas import (
    AreaTrendPublic,
    ControlList,
    ErrorPublic,
    FragilityList,
    HotspotList,
    HotspotPublic,
    PlaceControlPublic,
    PlaceFragilityPublic,
    ResurgenceList,
)

router = APIRouter(tags=["analysis"])


def analysed_events(store: Store, *, texts: bool = True, **filters: Any) -> tuple[list[Event], dict[str, str]]:
    """The reviewed events analyses count (rejected events and merged duplicates left out), and
    the text of their documents (for evidence sentences; not read when ``texts`` is False)."""
    from ...export.review import reviewed_events

    out = reviewed_events(store, **filters)
    if not texts:
        return out, {}
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


_BAD: dict[int | str, dict[str, Any]] = {422: {"model": ErrorPublic, "description": "a parameter is invalid"}}


@router.get("/hotspots", response_model=HotspotList, summary="Hotspots (H3 hexagons)", responses=_BAD)
def hotspots(
    store: StoreDep,
    filters: FiltersDep,
    resolution: Annotated[
        int, Query(ge=0, le=15, description="H3 resolution: 4 ~ 1,770 km², 5 ~ 250 km², 6 ~ 36 km²")
    ] = 5,
) -> HotspotList:
    """Reviewed events (same filters as /api/events) per H3 hexagon, most first: incidents
    reported by several sources count once; each hexagon has its corners for a map."""
    from ...analysis import hotspots as cells

    events, _ = analysed_events(store, texts=False, **filters.store_kwargs())
    items = cells(events, resolution=resolution, since=filters.since, until=filters.until)
    return HotspotList(resolution=resolution, items=[HotspotPublic.model_validate(h.to_dict()) for h in items])


@router.get("/resurgence", response_model=ResurgenceList, summary="Where an actor's activity rises", responses=_BAD)
def resurgence(
    store: StoreDep,
    actor: Annotated[
        str,
        Query(
            min_length=1,
            max_length=300,
            description="actor name; a name without a country "
            "suffix also matches its '(Syria)', '(Iraq)', ... variants",
        ),
    ],
    resolution: Annotated[int, Query(ge=0, le=15, description="H3 resolution of the areas")] = 5,
    period_days: Annotated[int, Query(ge=1, le=3660, description="days in a period")] = 30,
    baseline_periods: Annotated[int, Query(ge=1, le=120, description="periods before the latest one")] = 3,
    as_of: Annotated[
        date | None, Query(description="the last day of the latest period (default: latest event)")
    ] = None,
    by: Annotated[Literal["h3", "admin2"], Query(description="areas: H3 hexagons or admin2 divisions")] = "h3",
) -> ResurgenceList:
    """The actor's activity per area, period by period: baseline mean and sd, trend, and a
    ``rising`` flag with a plain explanation. Rising areas come first."""
    from ...analysis import base_name
    from ...analysis import resurgence as assess

    if not actor.strip():
        from ..errors import field_error

        raise field_error("actor", "name an actor, e.g. Islamic State")
    if as_of is None:  # as_of is the latest day of any event, so every event is needed
        events, _ = analysed_events(store, texts=False)
    else:
        since = as_of - timedelta(days=period_days * (baseline_periods + 1))
        events, _ = analysed_events(store, texts=False, actor=base_name(actor), since=since, until=as_of)
    items = assess(
        events,
        actor=actor,
        resolution=resolution,
        period_days=period_days,
        baseline_periods=baseline_periods,
        as_of=as_of,
        by=by,
    )
    return ResurgenceList(
        actor=" ".join(actor.split()),
        as_of=items[0].periods[-1].end if items else as_of,
        period_days=period_days,
        baseline_periods=baseline_periods,
        by=by,
        resolution=resolution,
        items=[AreaTrendPublic.model_validate(a.to_dict()) for a in items],
    )
