"""GET /api/export: the filtered events in ACLED CSV, GeoJSON, JSON Lines or Parquet."""

from __future__ import annotations

import io
import tempfile
from pathlib import Path
from typing import Annotated, Literal

from fastapi import APIRouter, Query
from fastapi.responses import Response

from ..deps import FiltersDep, StoreDep
from ..schemas import ErrorPublic

router = APIRouter(tags=["export"])

MEDIA = {
    "acled-csv": ("text/csv; charset=utf-8", "csv"),
    "geojson": ("application/geo+json", "geojson"),
    "jsonl": ("application/x-ndjson", "jsonl"),
    "parquet": ("application/vnd.apache.parquet", "parquet"),
}


@router.get(
    "/export",
    summary="Export events",
    response_class=Response,
    responses={
        200: {"description": "the file", "content": {m: {} for m, _ in MEDIA.values()}},
        422: {"model": ErrorPublic, "description": "a filter or the format is invalid"},
    },
)
def export(
    store: StoreDep,
    filters: FiltersDep,
    format: Annotated[Literal["acled-csv", "geojson", "jsonl", "parquet"], Query(description="file format")],
) -> Response:
    """The events matching the filters, with reviewed values and review status, as a download.
    Duplicates a reviewer merged into another event are left out (the store hides them)."""
    from ...export import export_events

    events = store.events(**filters.store_kwargs())
    reviews = store.reviews_for([e.id for e in events]) if events else []
    documents = store.documents_by_id({e.document_id for e in events})
    media, ext = MEDIA[format]
    if format == "parquet":
        with tempfile.TemporaryDirectory(prefix="syraq-export-") as tmp:
            path = Path(tmp) / "events.parquet"
            export_events(events, documents, format, path, reviews=reviews)
            content: bytes = path.read_bytes()
    else:
        buffer = io.StringIO()
        export_events(events, documents, format, buffer, reviews=reviews)
        content = buffer.getvalue().encode("utf-8")
    return Response(
        content=content,
        media_type=media,
        headers={"Content-Disposition": f'attachment; filename="syraq-events.{ext}"'},
    )
