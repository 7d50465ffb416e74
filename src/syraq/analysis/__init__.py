"""Analysis of coded events: who controlled which place when, and how fragile that control is.

Pure functions over :class:`syraq.model.Event` objects; nothing here reads a database::

    from syraq.analysis import control_timeline, fragility

    timelines = control_timeline(events)           # {place id: PlaceControl}
    for place in fragility(events, window_days=90):
        print(place.place.name, place.score, *place.explanation, sep="\\n  ")

Where an actor's activity is rising, and where events cluster (H3 hexagons)::

    from syraq.analysis import hotspots, resurgence

    rising = [a for a in resurgence(events, actor="Islamic State") if a.rising]

The rules an analyst can change live in ``data/analysis/control-v1.toml`` and
``data/analysis/resurgence-v1.toml``.
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
from syraq.analysis.resurgence import (
    AreaTrend,
    Hotspot,
    Period,
    ResurgenceRules,
    actor_matches,
    base_name,
    hotspots,
    load_resurgence_rules,
    parse_resurgence_rules,
    resurgence,
)
from syraq.analysis.rules import ControlRules, load_rules, parse_rules

__all__ = [
    "GOVERNMENT",
    "AnalysisError",
    "AreaTrend",
    "Attack",
    "ContestedPeriod",
    "ControlChange",
    "ControlPeriod",
    "ControlRules",
    "GainAttacks",
    "Hotspot",
    "Period",
    "PlaceControl",
    "PlaceFragility",
    "ResurgenceRules",
    "Reversal",
    "actor_matches",
    "base_name",
    "control_timeline",
    "distance_km",
    "fragility",
    "hotspots",
    "load_resurgence_rules",
    "load_rules",
    "parse_resurgence_rules",
    "parse_rules",
    "resurgence",
    "transfer_direction",
]
