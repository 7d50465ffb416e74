"""`syraq ingest`: sources in, events stored."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from ..errors import InputError, SyraqError
from ..model import Document
from .common import (
    EXIT_ERROR,
    EXIT_INTERRUPTED,
    EXIT_OK,
    EXIT_PARTIAL,
    add_db_option,
    open_store,
    print_error,
    print_warning,
    published_date,
)


def add_parser(sub: Any) -> None:
    p = sub.add_parser(
        "ingest",
        help="read reports and store the events they describe",
        description="Read reports (text, HTML, JSON Lines, RSS/Atom feeds, folders, globs, http(s) URLs), "
        "run the pipeline, and store documents and events. Re-ingesting a report changes nothing.",
    )
    p.add_argument("sources", nargs="+", metavar="SOURCE", help="file, folder, glob, feed or http(s) URL")
    p.add_argument(
        "--published",
        type=published_date,
        metavar="DATE",
        help="publication date (YYYY-MM-DD) for reports whose metadata has none",
    )
    p.add_argument("--max-bytes", type=int, default=None, help="size cap per input in bytes (default 20 MB)")
    p.add_argument("--timeout", type=float, default=None, help="seconds before a URL fetch gives up (default 20)")
    p.add_argument(
        "--allow-private",
        action="store_true",
        help="allow fetching URLs on private, loopback or link-local addresses (refused by default)",
    )
    p.add_argument("--workers", type=int, default=1, metavar="N", help="run the pipeline in N processes (default 1)")
    p.add_argument(
        "--dask",
        metavar="ADDRESS",
        default=None,
        help="run the pipeline on a Dask cluster: 'local' (a LocalCluster) or tcp://HOST:8786",
    )
    add_db_option(p)
    p.set_defaults(func=run)


@dataclass
class IngestTally:
    stored: int = 0
    unchanged: int = 0
    failed: int = 0
    events: int = 0
    claims: int = 0
    incidents: int = 0  # incidents the new events are in
    joined: int = 0  # of those, incidents that existed before (another report of the same happening)
    failures: list[str] = field(default_factory=list)

    def grouped(self, result: Any) -> None:
        self.incidents += len(result.incident_ids)
        self.joined += result.joined


def _new_documents(stream: Iterator[Document | InputError], store: Any, tally: IngestTally) -> Iterator[Document]:
    """Pass on documents not yet stored; report failed inputs and duplicates as they come."""
    seen: set[str] = set()
    for item in stream:
        if isinstance(item, SyraqError):
            tally.failed += 1
            print_error(item)
            continue
        if item.id in seen or store.has_document(item.id):
            tally.unchanged += 1
            where = item.url or item.title or item.id
            print_warning("W002", f"{where}: already ingested as document {item.id}; nothing changed.")
            continue
        seen.add(item.id)
        yield item


def run(args: argparse.Namespace) -> int:
    from ..ingest import iter_documents
    from ..scale import annotate

    store = open_store(args.db)
    tally = IngestTally()
    try:  # events a crash left ungrouped (saved, then stopped before grouping) are grouped first
        tally.grouped(store.assign_incidents_report())
    except SyraqError as err:
        print_error(err)
    stream = iter_documents(
        args.sources,
        published=args.published,
        max_bytes=args.max_bytes,
        timeout=args.timeout,
        allow_private=args.allow_private,
    )
    pool = None
    if args.workers > 1 and not args.dask:
        from ..scale.workers import WorkerPool

        # started before the progress bar's thread, so that workers can fork from this process and
        # share its loaded model instead of loading their own
        pool = WorkerPool(args.workers)
    progress = _progress()
    try:
        with progress as bar:
            task = bar.add_task("ingesting", total=None) if bar else None

            def failed(_doc: Document, err: SyraqError) -> None:
                tally.failed += 1
                print_error(err)

            annotated = annotate(
                _new_documents(stream, store, tally),
                workers=args.workers,
                dask=args.dask,
                batch_size=8,
                on_error=failed,
                pool=pool,
            )
            for doc in annotated:
                try:
                    result = store.save_document(doc)
                except SyraqError as err:  # one document's failure never stops the batch
                    tally.failed += 1
                    print_error(err)
                    continue
                tally.stored += int(result.created)
                tally.events += result.events
                tally.claims += result.claims
                try:  # grouping into incidents; if it fails the next ingest groups these events
                    tally.grouped(store.assign_incidents_report(doc.id))
                except SyraqError as err:
                    print_error(err)
                if not doc.published:
                    print_warning(
                        "W001",
                        f"{doc.url or doc.id}: no publication date in its metadata and none given with --published; "
                        "events are dated only where the text dates them.",
                    )
                if bar is not None:
                    bar.update(task, advance=1, description=f"ingesting: {tally.stored} stored, {tally.events} events")
    except KeyboardInterrupt:
        print(
            f"interrupted: {tally.stored} documents were stored completely; the one in progress was not stored. "
            "Run the same command again to finish (stored documents are skipped).",
            file=sys.stderr,
        )
        return EXIT_INTERRUPTED
    finally:
        if pool is not None:
            pool.close()
        store.close()
    print(
        f"{tally.stored} documents stored, {tally.unchanged} unchanged, {tally.failed} failed; "
        f"{tally.events} events and {tally.claims} claims added; "
        f"{tally.incidents} incidents ({tally.joined} joined existing ones)."
    )
    if tally.failed and not (tally.stored or tally.unchanged):
        return EXIT_ERROR
    return EXIT_PARTIAL if tally.failed else EXIT_OK


class _NoProgress:
    def __enter__(self) -> None:
        return None

    def __exit__(self, *exc: object) -> None:
        return None


def _progress() -> Any:
    """A rich progress bar on a terminal; nothing when stderr is piped."""
    if not sys.stderr.isatty():
        return _NoProgress()
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    from .common import stderr_console

    return Progress(
        SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn(), console=stderr_console(), transient=True
    )
