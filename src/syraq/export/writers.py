"""Writers for each export format. Every writer takes reviewed events and returns the count written."""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import IO, Any

from ..model import Event
from .acled import COLUMNS, _attr, acled_row, evidence_text

Writer = Callable[[Sequence[Event], Mapping[str, Any], IO[Any], int], int]


def _cell(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    return value


def write_acled_csv(events: Sequence[Event], documents: Mapping[str, Any], fh: IO[str], timestamp: int) -> int:
    writer = csv.writer(fh, lineterminator="\n")
    writer.writerow(COLUMNS)
    for event in events:
        row = acled_row(event, documents.get(event.document_id), timestamp)
        writer.writerow([_cell(row[c]) for c in COLUMNS])
    return len(events)


def _properties(event: Event, doc: Any, timestamp: int) -> dict[str, Any]:
    props = {k: _cell(v) for k, v in acled_row(event, doc, timestamp).items()}
    props.update(
        {
            "id": event.id,
            "date_start": _cell(event.date_start),
            "date_end": _cell(event.date_end),
            "date_precision": event.date_precision,
            "date_from_publication": event.date_from_publication,
            "place_id": event.place.place.id if event.place and event.place.place else None,
            "rule": event.rule,
            "incident_id": event.incident_id,
            "document_title": _attr(doc, "title") or "",
        }
    )
    return props


def write_geojson(events: Sequence[Event], documents: Mapping[str, Any], fh: IO[str], timestamp: int) -> int:
    features = []
    for event in events:
        place = event.place.place if event.place else None
        geometry = {"type": "Point", "coordinates": [place.lon, place.lat]} if place else None
        features.append(
            {
                "type": "Feature",
                "id": event.id,
                "geometry": geometry,
                "properties": _properties(event, documents.get(event.document_id), timestamp),
            }
        )
    json.dump({"type": "FeatureCollection", "features": features}, fh, ensure_ascii=False)
    fh.write("\n")
    return len(events)


def write_jsonl(events: Sequence[Event], documents: Mapping[str, Any], fh: IO[str], timestamp: int) -> int:
    for event in events:
        doc = documents.get(event.document_id)
        line = event.to_dict()
        line["document_url"] = _attr(doc, "url") or ""
        line["document_title"] = _attr(doc, "title") or ""
        line["evidence_text"] = evidence_text(event, doc)
        fh.write(json.dumps(line, ensure_ascii=False) + "\n")
    return len(events)


def parquet_schema() -> Any:
    """The Arrow schema of the parquet export: ACLED's columns and provenance, typed."""
    import pyarrow as pa

    types: dict[str, Any] = {
        "event_date": pa.date32(),
        "year": pa.int32(),
        "time_precision": pa.int8(),
        "inter1": pa.int8(),
        "inter2": pa.int8(),
        "interaction": pa.int16(),
        "iso": pa.int32(),
        "latitude": pa.float64(),
        "longitude": pa.float64(),
        "geo_precision": pa.int8(),
        "fatalities": pa.int32(),
        "timestamp": pa.int64(),
        "confidence": pa.float64(),
    }
    return pa.schema([(c, types.get(c, pa.string())) for c in COLUMNS])


def write_parquet(events: Sequence[Event], documents: Mapping[str, Any], path: Path, timestamp: int) -> int:
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = parquet_schema()
    columns: dict[str, list[Any]] = {c: [] for c in COLUMNS}
    for event in events:
        row = acled_row(event, documents.get(event.document_id), timestamp)
        for c in COLUMNS:
            value = row[c]
            # '' marks an empty cell in CSV; in typed columns it is a null
            if value == "" and schema.field(c).type != pa.string():
                value = None
            columns[c].append(value)
    table = pa.table(columns, schema=schema)
    pq.write_table(table, path)
    return len(events)
