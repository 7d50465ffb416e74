"""Typed dependencies: the store, the gazetteer, the reviewer behind a token, and the event filters."""

from __future__ import annotations

import base64
import binascii
import json
from dataclasses import dataclass
from datetime import date
from typing import Annotated, Any

from fastapi import Depends, Query, Request

from ..model import REVIEW_STATUSES
from ..store import Store
from .errors import ApiError, field_error


def get_store(request: Request) -> Store:
    """The store the app was created with."""
    return request.app.state.store  # type: ignore[no-any-return]


def get_gazetteer(request: Request) -> Any:
    """The gazetteer (loaded on first use, then kept by the app); tests override this dependency."""
    gaz = getattr(request.app.state, "gazetteer", None)
    if gaz is None:
        from .. import config
        from ..geo import load_gazetteer

        gaz = load_gazetteer(config.home())
        request.app.state.gazetteer = gaz
    return gaz


StoreDep = Annotated[Store, Depends(get_store)]
GazetteerDep = Annotated[Any, Depends(get_gazetteer)]


def bearer_token(request: Request) -> str | None:
    header = request.headers.get("authorization", "")
    scheme, _, value = header.partition(" ")
    if scheme.lower() != "bearer" or not value.strip():
        return None
    return value.strip()


def require_reviewer(request: Request, store: StoreDep) -> str:
    """The reviewer's name from ``Authorization: Bearer TOKEN``; 401 E801 without one, E802 if invalid."""
    raw = bearer_token(request)
    if raw is None:
        raise ApiError("E801", 401)
    name = store.verify_token(raw)
    if name is None:
        raise ApiError("E802", 401)
    return name


def require_reader(request: Request) -> None:
    """Reading is open unless the app is private (``syraq serve --private``): then a token is needed."""
    if request.app.state.private:
        require_reviewer(request, get_store(request))


ReviewerDep = Annotated[str, Depends(require_reviewer)]


# ------------------------------------------------------------------------- filters


def parse_bbox(raw: str | None) -> tuple[float, float, float, float] | None:
    """``minlon,minlat,maxlon,maxlat`` -> a tuple; 422 (field ``bbox``) when malformed."""
    if raw is None or raw == "":
        return None
    parts = raw.split(",")
    if len(parts) != 4:
        raise field_error("bbox", "give four numbers: minlon,minlat,maxlon,maxlat")
    try:
        min_lon, min_lat, max_lon, max_lat = (float(p) for p in parts)
    except ValueError:
        raise field_error("bbox", "give four numbers: minlon,minlat,maxlon,maxlat") from None
    values = (min_lon, min_lat, max_lon, max_lat)
    if any(v != v or v in (float("inf"), float("-inf")) for v in values):
        raise field_error("bbox", "coordinates must be finite numbers")
    if not (-180 <= min_lon <= 180 and -180 <= max_lon <= 180):
        raise field_error("bbox", "longitudes must be between -180 and 180")
    if not (-90 <= min_lat <= 90 and -90 <= max_lat <= 90):
        raise field_error("bbox", "latitudes must be between -90 and 90")
    if min_lat > max_lat:
        raise field_error("bbox", "minlat is greater than maxlat")
    return values


def encode_cursor(cursor: tuple[date | None, str] | None) -> str | None:
    """An opaque cursor string for the next page."""
    if cursor is None:
        return None
    day, last = cursor
    raw = json.dumps([day.isoformat() if day else None, last], separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(raw: str | None) -> tuple[date | None, str] | None:
    """The ``(date_start, id)`` a cursor stands for; 422 (field ``cursor``) when it is not one of ours."""
    if not raw:
        return None
    try:
        data = json.loads(base64.urlsafe_b64decode(raw + "=" * (-len(raw) % 4)))
        day, last = data
        if not isinstance(last, str) or not (day is None or isinstance(day, str)):
            raise ValueError("wrong types")
        return (date.fromisoformat(day) if day else None, last)
    except (ValueError, TypeError, binascii.Error, UnicodeDecodeError):
        raise field_error("cursor", "not a cursor from a previous page (use next_cursor as given)") from None


@dataclass(slots=True)
class EventFilters:
    """The event filters shared by /api/events, /api/places, /api/stats and /api/export."""

    bbox: tuple[float, float, float, float] | None = None
    since: date | None = None
    until: date | None = None
    event_type: str | None = None
    sub_event_type: str | None = None
    actor: str | None = None
    place: str | None = None
    country: str | None = None
    admin1: str | None = None
    q: str | None = None
    review_status: str | None = None
    min_confidence: float | None = None

    def store_kwargs(self) -> dict[str, Any]:
        """Keyword arguments for :meth:`Store.events` and its siblings (unset filters left out)."""
        return {k: getattr(self, k) for k in self.__slots__ if getattr(self, k) not in (None, "")}  # type: ignore[attr-defined]


def event_filters(
    bbox: Annotated[
        str | None, Query(description="minlon,minlat,maxlon,maxlat (WGS84 degrees)", examples=["35.5,32.3,42.4,37.4"])
    ] = None,
    since: Annotated[date | None, Query(description="events whose date range ends on or after this day")] = None,
    until: Annotated[date | None, Query(description="events whose date range starts on or before this day")] = None,
    event_type: Annotated[str | None, Query(description="ACLED event type, e.g. Battles", max_length=100)] = None,
    sub_event_type: Annotated[
        str | None, Query(description="ACLED sub-event type, e.g. Armed clash", max_length=100)
    ] = None,
    actor: Annotated[str | None, Query(description="part of an actor name (any actor role)", max_length=300)] = None,
    place: Annotated[str | None, Query(description="part of a place, admin1 or admin2 name", max_length=300)] = None,
    country: Annotated[str | None, Query(description="ISO 3166 alpha-2 code or country name", max_length=100)] = None,
    admin1: Annotated[str | None, Query(description="first-level region (governorate), exact", max_length=200)] = None,
    q: Annotated[str | None, Query(description="text in the evidence sentence", max_length=200)] = None,
    review_status: Annotated[str | None, Query(description="unreviewed, accepted, rejected or edited")] = None,
    min_confidence: Annotated[float | None, Query(ge=0.0, le=1.0, description="lowest coding confidence")] = None,
) -> EventFilters:
    """Parse and check the shared event filters (422 naming the field on a bad value)."""
    from ..taxonomy import EVENT_TYPES, SUB_EVENT_TYPES, canonical_event_type, canonical_sub_event_type

    if event_type:
        canonical = canonical_event_type(event_type)
        if canonical is None:
            raise field_error("event_type", f"unknown event type {event_type!r}; one of: {', '.join(EVENT_TYPES)}")
        event_type = canonical
    if sub_event_type:
        canonical = canonical_sub_event_type(sub_event_type)
        if canonical is None:
            raise field_error(
                "sub_event_type", f"unknown sub-event type {sub_event_type!r}; one of: {', '.join(SUB_EVENT_TYPES)}"
            )
        sub_event_type = canonical
    if review_status and review_status not in REVIEW_STATUSES:
        raise field_error("review_status", f"one of: {', '.join(REVIEW_STATUSES)}")
    if since and until and since > until:
        raise field_error("until", "until is before since")
    return EventFilters(
        bbox=parse_bbox(bbox),
        since=since,
        until=until,
        event_type=event_type,
        sub_event_type=sub_event_type,
        actor=actor.strip() if actor else None,
        place=place.strip() if place else None,
        country=country.strip() if country else None,
        admin1=admin1.strip() if admin1 else None,
        q=q.strip() if q else None,
        review_status=review_status,
        min_confidence=min_confidence,
    )


FiltersDep = Annotated[EventFilters, Depends(event_filters)]
