"""`syraq demo`: the bundled example, end to end."""

from __future__ import annotations

import argparse
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Any

from .. import config
from .common import EXIT_OK, add_db_option

#: The bundled example: a Syria Direct interview, shipped with credit to its source.
EXAMPLE_FILE = "syria-direct-2018-02-15-hassan-interview.txt"
EXAMPLE_SOURCE = "Syria Direct"
EXAMPLE_PUBLISHED = date(2018, 2, 15)
EXAMPLE_TITLE = "Syrian-Iraqi borderlands key to \u2018post-caliphate\u2019 Islamic State, says analyst Hassan Hassan"


def add_parser(sub: Any) -> None:
    p = sub.add_parser(
        "demo",
        help="run the whole pipeline on the bundled example and print the events",
        description="Ingest the bundled example (a Syria Direct interview, 15 February 2018) "
        "into a fresh database and print the events found.",
    )
    add_db_option(p)
    p.set_defaults(func=run)


def example_path() -> Path:
    return Path(str(resources.files("syraq") / "data" / "example" / EXAMPLE_FILE))


def example_document() -> Any:
    from ..ingest import iter_documents
    from ..model import Document

    for item in iter_documents([str(example_path())], published=EXAMPLE_PUBLISHED):
        if isinstance(item, Document):
            item.source = item.source or EXAMPLE_SOURCE
            item.title = EXAMPLE_TITLE
            item.published = item.published or EXAMPLE_PUBLISHED
            return item
        raise item
    raise RuntimeError("the bundled example is missing from the installation")  # pragma: no cover


def run(args: argparse.Namespace) -> int:
    from ..build import default_pipeline
    from ..store import Store
    from .display import block

    url = args.db
    if url is None:
        path = config.home() / "demo.db"
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        url = f"sqlite:///{path}"
    doc = example_document()
    print(f"syraq demo: {EXAMPLE_SOURCE}, {EXAMPLE_PUBLISHED:%d %B %Y}: \u201c{EXAMPLE_TITLE}\u201d")
    print("loading the spaCy model and the gazetteer (the first run compiles the gazetteer index)...", flush=True)
    pipeline = default_pipeline()
    doc = pipeline(doc)
    store = Store(url)
    try:
        store.save_document(doc)
        events = store.events(document_id=doc.id)
        claims = store.claims(document_id=doc.id)
    finally:
        store.close()
    print(f"\n{len(events)} events, {len(claims)} claims (forecasts, threats: not counted as events); database {url}\n")
    for event in events:
        print(block(event, doc.text))
        print()
    for claim in claims:
        text = " ".join(doc.text[claim.evidence.start : claim.evidence.end].split())
        print(f"claim ({claim.kind}, cue {claim.cue!r}): \u201c{text}\u201d")
    return EXIT_OK
