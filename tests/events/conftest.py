"""Fixtures for the events tests: run the real nlp stage, then hand-built places and times."""

from __future__ import annotations

import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from seedkit import add_places, add_time

from syraq.events import EventStage
from syraq.model import Document


@pytest.fixture(scope="session")
def nlp_stage():  # type: ignore[no-untyped-def]
    from syraq.nlp.stage import NlpStage

    return NlpStage()


@pytest.fixture(scope="session")
def event_stage() -> EventStage:
    return EventStage()


TimeSpec = tuple  # (text, start, end, precision[, nth occurrence])


@pytest.fixture
def code(nlp_stage, event_stage) -> Callable[..., Document]:  # type: ignore[no-untyped-def]
    """code(text, times=[(text, start, end, precision)], published=date) -> the coded Document."""

    def run(text: str, times: list[TimeSpec] | None = None, published: date | None = date(2018, 2, 15),
            places: list[str] | None = None) -> Document:
        doc = Document(text=text, published=published)
        nlp_stage(doc)
        add_places(doc, places)
        for spec in times or []:
            t_text, start, end, precision = spec[:4]
            add_time(doc, t_text, start, end, precision, nth=spec[4] if len(spec) > 4 else 0)
        return event_stage(doc)

    return run
