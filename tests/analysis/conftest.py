"""Hand-built events for the analysis tests: a quick Event builder and a few places."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from datetime import date

import pytest

from syraq.model import Event, Place, PlaceMention, Span
from syraq.taxonomy import EVENT_TYPE_OF

ARMY = "Military Forces of Syria (2000-)"
IS = "Islamic State (Syria)"
SDF = "QSD: Syrian Democratic Forces"
TURKEY = "Military Forces of Turkey (2016-)"
NDF = "National Defence Forces"

#: ACLED inter codes of the actors above, as the event coder would set them in Syria
INTER = {ARMY: 1, IS: 2, SDF: 2, TURKEY: 8, NDF: 3}

PLACES: dict[str, Place] = {
    "Qaryatayn": Place("geonames:163345", "Al Qaryatayn", 34.2295, 37.2406, "P", "PPL", "SY", "Syria", "Homs"),
    "Sukhna": Place("geonames:163099", "As Sukhnah", 34.8867, 38.8721, "P", "PPL", "SY", "Syria", "Homs"),
    # a hamlet about 10 km north-east of Sukhna, and a town about 100 km away
    "Hamlet": Place("test:hamlet", "Tell Hamlet", 34.95, 38.95, "P", "PPL", "SY", "Syria", "Homs"),
    "Salamiyah": Place("geonames:163345x", "Salamiyah", 35.0113, 37.0532, "P", "PPL", "SY", "Syria", "Hama"),
    "Raqqa": Place("geonames:172955", "Ar Raqqah", 35.9528, 39.0079, "P", "PPLA", "SY", "Syria", "Raqqa"),
    "Afrin": Place("geonames:170000", "Afrin", 36.5119, 36.8690, "P", "PPL", "SY", "Syria", "Aleppo"),
    "Menaka": Place("geonames:2454533", "Menaka", 15.9182, 2.4022, "P", "PPLA", "ML", "Mali", "Menaka"),
}

EventMaker = Callable[..., Event]


@pytest.fixture
def make_event() -> EventMaker:
    """``make_event(sub_event_type, actor1, place, "2017-09-28", actor2=..., ...)`` -> Event."""
    counter = itertools.count(1)

    def build(
        sub_event_type: str,
        actor1: str,
        place: str | Place | None,
        start: str | date | None,
        *,
        actor2: str = "",
        end: str | date | None = None,
        precision: str = "day",
        inter1: int | None = None,
        inter2: int | None = None,
        status: str = "unreviewed",
        id: str | None = None,
        document_id: str = "doc-1",
        rule: str = "",
        sentence: tuple[int, int] = (0, 1),
        trigger: tuple[int, int] | None = None,
        resolved: bool = True,
    ) -> Event:
        n = next(counter)
        start_d = date.fromisoformat(start) if isinstance(start, str) else start
        end_d = date.fromisoformat(end) if isinstance(end, str) else end
        if start_d is not None and end_d is None:
            end_d = start_d
        pl = PLACES[place] if isinstance(place, str) else place
        mention = None if pl is None else PlaceMention(Span(0, 1, "place"), pl if resolved else None, 1.0)
        evidence = [Span(*sentence, "sentence")]
        if trigger is not None:
            evidence.append(Span(*trigger, "trigger"))
        return Event(
            id=id or f"e{n:03d}",
            document_id=document_id,
            event_type=EVENT_TYPE_OF[sub_event_type],
            sub_event_type=sub_event_type,
            evidence=evidence,
            rule=rule or "test:hand-built",
            actor1=actor1,
            inter1=INTER.get(actor1, 0) if inter1 is None else inter1,
            actor2=actor2,
            inter2=INTER.get(actor2, 0) if inter2 is None else inter2,
            place=mention,
            date_start=start_d,
            date_end=end_d,
            date_precision=precision,
            review_status=status,
        )

    return build


@pytest.fixture
def places() -> dict[str, Place]:
    return PLACES
