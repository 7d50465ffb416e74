"""`syraq events`, `syraq show`, `syraq export`: read what is stored."""

from __future__ import annotations

import argparse
import csv
import json
import sys
from pathlib import Path
from typing import Any

from ..errors import ExportError
from .common import EXIT_OK, add_db_option, add_filter_options, filter_kwargs, open_store, stdout_console
from .display import ROW_FIELDS, block, row


def add_parser(sub: Any) -> None:
    p = sub.add_parser("events", help="list stored events", description="List stored events, filtered.")
    add_filter_options(p)
    p.add_argument("--format", choices=("table", "json", "csv"), default="table", help="output format (default: table)")
    p.add_argument("--limit", type=int, default=None, help="at most this many events")
    add_db_option(p)
    p.set_defaults(func=run_events)

    p = sub.add_parser("show", help="one event with its evidence", description="Show one event with its evidence.")
    p.add_argument("event_id", metavar="EVENT_ID")
    add_db_option(p)
    p.set_defaults(func=run_show)

    from ..export import EXPORT_FORMATS

    p = sub.add_parser("export", help="export events (ACLED CSV, GeoJSON, JSON Lines, Parquet)")
    p.add_argument("--format", choices=EXPORT_FORMATS, required=True, dest="fmt")
    p.add_argument(
        "-o", "--output", metavar="FILE", help="output file ('-' or omitted: standard output, not for parquet)"
    )
    add_filter_options(p)
    add_db_option(p)
    p.set_defaults(func=run_export)


def run_events(args: argparse.Namespace) -> int:
    store = open_store(args.db)
    try:
        events = store.events(limit=args.limit, **filter_kwargs(args))
    finally:
        store.close()
    rows = [row(e) for e in events]
    if args.format == "json":
        json.dump(rows, sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
    elif args.format == "csv":
        writer = csv.DictWriter(sys.stdout, fieldnames=list(ROW_FIELDS))
        writer.writeheader()
        writer.writerows(rows)
    else:
        _table(rows)
    return EXIT_OK


def _table(rows: list[dict[str, Any]]) -> None:
    from rich.table import Table

    console = stdout_console()
    table = Table(show_lines=False, header_style="bold")
    for name in ("id", "date", "sub_event_type", "actor1", "actor2", "location", "fatalities"):
        table.add_column(name, overflow="fold")
    for r in rows:
        date_text = f"{r['date']} p{r['time_precision']}" if r["date"] else "undated"
        table.add_row(
            r["id"], date_text, r["sub_event_type"], r["actor1"], r["actor2"], r["location"], str(r["fatalities"])
        )
    console.print(table)
    console.print(f"{len(rows)} events")


def run_show(args: argparse.Namespace) -> int:
    store = open_store(args.db)
    try:
        event = store.get_event(args.event_id)
        doc = store.get_document(event.document_id)
    finally:
        store.close()
    print(block(event, doc.text, document=doc))
    return EXIT_OK


def run_export(args: argparse.Namespace) -> int:
    from ..export import export_events

    store = open_store(args.db)
    try:
        events = store.events(**filter_kwargs(args))
        documents = {d: store.get_document(d) for d in {e.document_id for e in events}}
        reviews = store.reviews()
    finally:
        store.close()
    out = args.output
    if out in (None, "-"):
        if args.fmt == "parquet":
            raise ExportError("E302", fmt=args.fmt)
        n = export_events(events, documents, args.fmt, sys.stdout, reviews=reviews)
    else:
        n = export_events(events, documents, args.fmt, Path(out), reviews=reviews)
        print(f"{n} events written to {out}", file=sys.stderr)
    return EXIT_OK
