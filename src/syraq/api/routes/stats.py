"""GET /api/stats: counts by type, status and week (for the timeline histogram)."""

from __future__ import annotations

from datetime import date, timedelta

from fastapi import APIRouter

from ..deps import FiltersDep, StoreDep
from ..schemas import StatsPublic, WeekCount

router = APIRouter(tags=["stats"])


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


@router.get("/stats", response_model=StatsPublic, summary="Counts for charts")
def stats(store: StoreDep, filters: FiltersDep) -> StatsPublic:
    """Store totals, and the events matching the filters counted by type, sub-event type,
    review status and week of their start date (for the histogram)."""
    totals = store.stats()
    counts = store.event_counts(**filters.store_kwargs())
    by_week, undated = weekly(counts["by_day"])
    return StatsPublic(
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
