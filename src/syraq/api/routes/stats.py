"""GET /api/stats: counts by type, status and week (for the timeline histogram)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Annotated, Literal

from fastapi import APIRouter, Query
from pydantic import Field

from ..deps import FiltersDep, StoreDep
from ..schemas import StatsPublic, WeekCount

router = APIRouter(tags=["stats"])


class StatsCounted(StatsPublic):
    count: str = Field(description="what the filtered counts count: incidents (several reports of one happening "
                       "count once) or reports (every coded event)")
    incidents: int = Field(description="incidents matching the filters")
    reports: int = Field(description="events (reports) matching the filters")


def weekly(by_day: dict[str, int]) -> tuple[list[WeekCount], int]:
    """Day counts -> counts per ISO week (keyed by its Monday, every week in the range, zeros
    included), and the undated count."""
    weeks: dict[date, int] = {}
    for day, n in by_day.items():
        if not day:
            continue
        d = date.fromisoformat(day)
        monday = d - timedelta(days=d.weekday())
        weeks[monday] = weeks.get(monday, 0) + n
    out = []
    if weeks:
        week, last = min(weeks), max(weeks)
        while week <= last:
            out.append(WeekCount(week=week, count=weeks.get(week, 0)))
            week += timedelta(days=7)
    return out, by_day.get("", 0)


@router.get("/stats", response_model=StatsCounted, summary="Counts for charts")
def stats(
    store: StoreDep,
    filters: FiltersDep,
    count: Annotated[Literal["incidents", "reports"], Query(description="count incidents (default) or reports")] = "incidents",
) -> StatsCounted:
    """Store totals, and the incidents (or with ``count=reports`` the events) matching the filters
    counted by type, sub-event type, review status and week of their start date (for the histogram).
    ``events`` is that count; ``incidents`` and ``reports`` give both."""
    totals = store.stats()
    reports = store.event_counts(**filters.store_kwargs())
    incidents = store.incident_counts(**filters.store_kwargs())
    counts = incidents if count == "incidents" else reports
    by_week, undated = weekly(counts["by_day"])
    return StatsCounted(
        count=count,
        incidents=incidents["total"],
        reports=reports["total"],
        documents=totals["documents"],
        claims=totals["claims"],
        reviews=totals["reviews"],
        events=counts["total"],
        by_event_type=counts["by_event_type"],
        by_sub_event_type=counts["by_sub_event_type"],
        by_review_status=counts["by_review_status"],
        by_week=by_week,
        undated=undated,
    )
