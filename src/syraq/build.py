"""Assemble the default pipeline: nlp -> geo -> temporal -> events.

Each stage loads its model or data lazily on first use, so building a pipeline is
cheap; the heavy work happens once per process, on the first document.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .pipeline import Pipeline


def default_pipeline(*, home: Path | None = None, gazetteer: Any = None, nlp: Any = None) -> Pipeline:
    """The full syraq pipeline. ``gazetteer`` and ``nlp`` may be injected (tests, workers)."""
    from .events import EventStage
    from .geo import GeoStage, load_gazetteer
    from .nlp import NlpStage
    from .temporal import TemporalStage

    if gazetteer is None:
        gazetteer = load_gazetteer(home)
    return Pipeline([NlpStage(nlp), GeoStage(gazetteer), TemporalStage(), EventStage()])
