"""Date arithmetic the resolver needs: month and season ranges, shifts, modifiers, precision."""

from __future__ import annotations

import calendar
from datetime import date, timedelta

from .lexicon import PRECISION_RANK, Modifier

Range = tuple[date, date]
PRECISIONS_BY_RANK: tuple[str, ...] = tuple(sorted(PRECISION_RANK, key=PRECISION_RANK.__getitem__))


def last_day(year: int, month: int) -> int:
    return calendar.monthrange(year, month)[1]


def month_range(year: int, month: int) -> Range:
    return date(year, month, 1), date(year, month, last_day(year, month))


def year_range(year: int) -> Range:
    return date(year, 1, 1), date(year, 12, 31)


def add_months(d: date, n: int) -> date:
    """``d`` moved by ``n`` calendar months; the day is clamped to the month's length."""
    index = d.year * 12 + d.month - 1 + n
    year, month = divmod(index, 12)
    return date(year, month + 1, min(d.day, last_day(year, month + 1)))


def months_range(year: int, first_month: int, length: int) -> Range:
    """``length`` months from ``first_month`` of ``year`` (may run into the next year)."""
    start = date(year, first_month, 1)
    end = add_months(start, length - 1)
    return start, date(end.year, end.month, last_day(end.year, end.month))


def shift_range(rng: Range, days: int = 0, months: int = 0) -> Range:
    """Move a range; a range of whole months stays whole months."""
    lo, hi = rng
    if months:
        whole_end = hi.day == last_day(hi.year, hi.month)
        lo, hi = add_months(lo, months), add_months(hi, months)
        if whole_end:
            hi = date(hi.year, hi.month, last_day(hi.year, hi.month))
    return lo + timedelta(days=days), hi + timedelta(days=days)


def week_of(d: date) -> Range:
    """The Monday-to-Sunday week holding ``d``."""
    monday = d - timedelta(days=d.weekday())
    return monday, monday + timedelta(days=6)


def coarser(*precisions: str) -> str:
    """The coarsest of some precisions."""
    return max(precisions, key=PRECISION_RANK.__getitem__)


def step_up(precision: str) -> str:
    """One step coarser than ``precision`` (day -> week -> month -> year -> multi-year)."""
    return {"day": "week", "week": "month", "month": "year", "season": "year", "quarter": "year"}.get(
        precision, "multi-year"
    )


def duration_precision(rng: Range) -> str:
    """The precision a range of this length stands for: <=2 days day, <=8 week, <=32 month,
    <=93 season, <=367 year, else multi-year."""
    days = (rng[1] - rng[0]).days + 1
    for limit, name in ((2, "day"), (8, "week"), (32, "month"), (93, "season"), (367, "year")):
        if days <= limit:
            return name
    return "multi-year"


def apply_modifier(rng: Range, precision: str, mod: Modifier | None) -> tuple[Range, str]:
    """Keep the part of ``rng`` a modifier names ("late" September: 16-30 September).

    Over a year or longer the fraction is taken of whole months, otherwise of days.
    The precision stays that of what is modified, unless the modifier fixes a finer one
    ("the first week of March": week).
    """
    if mod is None:
        return rng, precision
    lo, hi = rng
    n_days = (hi - lo).days + 1
    if mod.first_days or mod.last_days:
        n = min(mod.first_days or mod.last_days, n_days)
        new = (lo, lo + timedelta(days=n - 1)) if mod.first_days else (hi - timedelta(days=n - 1), hi)
        finer = mod.precision and PRECISION_RANK[mod.precision] < PRECISION_RANK[precision]
        return new, (mod.precision if finer else precision)
    a, b = mod.fraction
    if PRECISION_RANK[precision] >= PRECISION_RANK["year"] and n_days >= 360:
        n_months = (hi.year - lo.year) * 12 + hi.month - lo.month + 1
        first = int(a * n_months + 1e-6)
        last = max(first, _floor(b * n_months) - 1)
        base = date(lo.year, lo.month, 1)
        start, end_month = add_months(base, first), add_months(base, last)
        return (start, date(end_month.year, end_month.month, last_day(end_month.year, end_month.month))), precision
    if precision == "month" and (lo.day, hi.day) == (1, last_day(hi.year, hi.month)) and lo.month == hi.month:
        # a calendar month is read as 30 nominal days: "late" is the 16th to the month's end,
        # "the end of" the 21st to the end, in February as in March
        first = int(a * 30 + 1e-6)
        last = n_days - 1 if b >= 1.0 else min(n_days - 1, max(first, _floor(b * 30) - 1))
        return (lo + timedelta(days=first), lo + timedelta(days=last)), precision
    first = int(a * n_days + 1e-6)
    last = max(first, _floor(b * n_days) - 1)
    return (lo + timedelta(days=first), lo + timedelta(days=last)), precision


def _floor(x: float) -> int:
    return int(x + 1e-6)
