"""How events look in a terminal: one-line rows for tables, blocks for `show` and `demo`."""

from __future__ import annotations

from typing import Any

from ..model import Event


def when(event: Event) -> str:
    """The date as the text gives it: a day, or a range with its precision."""
    if event.date_start is None:
        return "undated"
    if event.date_end is None or event.date_end == event.date_start:
        text = event.date_start.isoformat()
    else:
        text = f"{event.date_start.isoformat()}..{event.date_end.isoformat()}"
    suffix = f" ({event.date_precision}"
    suffix += ", from publication date)" if event.date_from_publication else ")"
    return text + suffix


def where(event: Event) -> str:
    mention = event.place
    if mention is None or mention.place is None:
        return "unlocated"
    place = mention.place
    admin = ", ".join(x for x in (place.admin1, place.country) if x and x != place.name)
    label = f"{place.name} ({admin})" if admin else place.name
    return f"{label} [{place.lat:.4f}, {place.lon:.4f}] geo_precision {mention.geo_precision}"


def actors(event: Event) -> str:
    one = event.actor1 or "?"
    if event.assoc_actor_1:
        one += f" with {event.assoc_actor_1}"
    if not event.actor2:
        return one
    two = event.actor2 + (f" with {event.assoc_actor_2}" if event.assoc_actor_2 else "")
    return f"{one} -> {two}"


def evidence_text(event: Event, text: str) -> str:
    return " ".join(text[event.sentence.start : event.sentence.end].split())


def block(event: Event, text: str, *, document: Any = None) -> str:
    """A multi-line description of one event with its evidence."""
    lines = [
        f"{when(event)}  {event.event_type} / {event.sub_event_type}",
        f"  actors:     {actors(event)}",
        f"  place:      {where(event)}",
        f"  fatalities: {event.fatalities}   confidence: {event.confidence:.2f}   review: {event.review_status}",
        f"  evidence:   \u201c{evidence_text(event, text)}\u201d",
        f"  rule:       {event.rule}   id: {event.id}",
    ]
    if document is not None:
        src = ", ".join(x for x in (document.source, document.published and document.published.isoformat()) if x)
        lines.append(f"  source:     {document.title or document.url}{f' ({src})' if src else ''}")
    return "\n".join(lines)


ROW_FIELDS: tuple[str, ...] = (
    "id",
    "date",
    "time_precision",
    "event_type",
    "sub_event_type",
    "actor1",
    "actor2",
    "location",
    "latitude",
    "longitude",
    "fatalities",
    "confidence",
)


def row(event: Event) -> dict[str, Any]:
    place = event.place.place if event.place and event.place.place else None
    return {
        "id": event.id,
        "date": event.date_start.isoformat() if event.date_start else "",
        "time_precision": event.time_precision,
        "event_type": event.event_type,
        "sub_event_type": event.sub_event_type,
        "actor1": event.actor1,
        "actor2": event.actor2,
        "location": place.name if place else "",
        "latitude": round(place.lat, 5) if place else None,
        "longitude": round(place.lon, 5) if place else None,
        "fatalities": event.fatalities,
        "confidence": round(event.confidence, 3),
    }
