"""Analysis of coded events: who controlled which place when, and how fragile that control is.

Pure functions over :class:`syraq.model.Event` objects; nothing here reads a database::

    from syraq.analysis import control_timeline, fragility

    timelines = control_timeline(events)           # {place id: PlaceControl}
    for place in fragility(events, window_days=90):
        print(place.place.name, place.score, *place.explanation, sep="\\n  ")

The rules an analyst can change live in ``data/analysis/control-v1.toml``.
"""

from syraq.analysis.control import (
    GOVERNMENT,
    AnalysisError,
    ContestedPeriod,
    ControlChange,
    ControlPeriod,
    PlaceControl,
    control_timeline,
    transfer_direction,
)
from syraq.analysis.fragility import (
    Attack,
    GainAttacks,
    PlaceFragility,
    Reversal,
    distance_km,
    fragility,
)
from syraq.analysis.rules import ControlRules, load_rules, parse_rules

__all__ = [
    "GOVERNMENT",
    "AnalysisError",
    "Attack",
    "ContestedPeriod",
    "ControlChange",
    "ControlPeriod",
    "ControlRules",
    "GainAttacks",
    "PlaceControl",
    "PlaceFragility",
    "Reversal",
    "control_timeline",
    "distance_km",
    "fragility",
    "load_rules",
    "parse_rules",
    "transfer_direction",
]
