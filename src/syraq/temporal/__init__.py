"""Time expressions: found in the text, resolved to date ranges with an honest precision.

Not named ``time``: that would shadow the standard library.
"""

from __future__ import annotations

from .acled import acled_event_date
from .resolve import find_times
from .stage import TemporalStage

__all__ = ["TemporalStage", "acled_event_date", "find_times"]
