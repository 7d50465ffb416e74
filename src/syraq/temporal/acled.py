"""ACLED's event_date and time_precision from a resolved range."""

from __future__ import annotations

from datetime import date, timedelta

from ..errors import InputError
from ..model import TIME_PRECISIONS
from .calendar import last_day
from .lexicon import load_lexicon


def acled_event_date(start: date, end: date, precision: str, modifier: str = "") -> tuple[date, int]:
    """The ACLED ``event_date`` and ``time_precision`` for a range.

    * day: the first day of the range, precision 1 (ACLED codes "1-5 March" as one
      event per day; the first is the one this range stands for);
    * week: the middle day of the range, precision 2;
    * month or coarser: mid-month (the 15th) of the month in the middle of the range,
      or the first day of the first month / last day of the last month when the
      modifier says start or end ("early", "the beginning of" / "late", "the end of");
      precision 3. A mid-month day outside the range (a range within the last third
      of a month, say) is moved to the nearest day inside it.
    """
    if precision not in TIME_PRECISIONS:
        raise InputError("E502", precision=precision, known=", ".join(TIME_PRECISIONS))
    if end < start:
        start, end = end, start
    if precision == "day":
        return start, 1
    if precision == "week":
        return start + timedelta(days=(end - start).days // 2), 2
    lex = load_lexicon()
    if modifier in lex.acled_start:
        return date(start.year, start.month, 1), 3
    if modifier in lex.acled_end:
        return date(end.year, end.month, last_day(end.year, end.month)), 3
    middle = start + timedelta(days=(end - start).days // 2)
    mid_month = date(middle.year, middle.month, 15)
    return min(max(mid_month, start), end), 3  # never a day outside the range the text gives
