"""Exports: ACLED-format CSV, GeoJSON, JSON Lines and Parquet.

    >>> from syraq.export import export_events
    >>> export_events(store.events(), documents, "acled-csv", Path("events.csv"), reviews=store.reviews())
    42

Events are exported with their reviewed values: pass the stored reviews and the
latest edits are applied to copies (the stored machine coding is never changed);
``review_status`` says what a reviewer decided.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import IO, Any

from ..errors import ExportError
from ..model import Event, Review
from .acled import ACLED_COLUMNS, COLUMNS, PROVENANCE_COLUMNS, acled_regions, acled_row, event_id_cnty, interaction
from .review import EDITABLE_FIELDS, REVIEW_ACTIONS, apply_reviews, review_status

#: the formats :func:`export_events` writes
EXPORT_FORMATS: tuple[str, ...] = ("acled-csv", "geojson", "jsonl", "parquet")


def reviewed(events: Iterable[Event], reviews: Iterable[Review] | None) -> list[Event]:
    """Copies of ``events`` with their reviews applied (the events themselves are unchanged)."""
    events = list(events)
    if reviews is None:
        return events
    by_event: dict[str, list[Review]] = {}
    for review in reviews:
        by_event.setdefault(review.event_id, []).append(review)
    return [apply_reviews(e, by_event[e.id]) if e.id in by_event else e for e in events]


def export_events(
    events: Sequence[Event],
    documents: Mapping[str, Any],
    fmt: str,
    out: Path | str | IO[Any],
    *,
    reviews: Iterable[Review] | None = None,
) -> int:
    """Write ``events`` in format ``fmt`` to ``out`` (a path, or an open text stream); return the count.

    ``documents`` maps a document id to the Document (or any object or mapping with
    ``text``, ``url``, ``source``, ``title``) the event came from: it gives the evidence
    sentence, the source outlet and the url. ``reviews`` (optional) are applied first.
    Errors: E300 unknown format, E301 cannot write, E302 parquet without a file path.
    """
    from .writers import write_acled_csv, write_geojson, write_jsonl, write_parquet

    if fmt not in EXPORT_FORMATS:
        raise ExportError("E300", fmt=fmt, known=", ".join(EXPORT_FORMATS))
    rows = reviewed(events, reviews)
    timestamp = int(time.time())
    if fmt == "parquet":
        if not isinstance(out, str | Path):
            raise ExportError("E302", fmt=fmt)
        path = Path(out)
        try:
            return write_parquet(rows, documents, path, timestamp)
        except OSError as exc:
            raise ExportError("E301", path=path, reason=exc.strerror or str(exc)) from exc
    writer = {"acled-csv": write_acled_csv, "geojson": write_geojson, "jsonl": write_jsonl}[fmt]
    if isinstance(out, str | Path):
        path = Path(out)
        try:
            with path.open("w", encoding="utf-8", newline="") as fh:
                return writer(rows, documents, fh, timestamp)
        except OSError as exc:
            raise ExportError("E301", path=path, reason=exc.strerror or str(exc)) from exc
    try:
        return writer(rows, documents, out, timestamp)
    except OSError as exc:
        raise ExportError("E301", path=getattr(out, "name", "<stream>"), reason=exc.strerror or str(exc)) from exc


__all__ = [
    "ACLED_COLUMNS",
    "COLUMNS",
    "EDITABLE_FIELDS",
    "EXPORT_FORMATS",
    "PROVENANCE_COLUMNS",
    "REVIEW_ACTIONS",
    "acled_regions",
    "acled_row",
    "apply_reviews",
    "event_id_cnty",
    "export_events",
    "interaction",
    "review_status",
    "reviewed",
]
