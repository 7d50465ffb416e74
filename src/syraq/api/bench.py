"""A latency benchmark of the event list: p50/p95 of a filtered page through the API.

    python -m syraq.api.bench --events 100000                    # a temporary store, then measures
    python -m syraq.api.bench --events 1000000 --folder bench/.cache   # builds once, reused after

:func:`fill_store` writes ``n`` synthetic events (random places in a box over Syria, dates
over three years, every event type) in documents of 100 events, one
:meth:`~syraq.store.Store.save_document` at a time (any database). :func:`fill_sqlite`
writes exactly the same rows into a SQLite file with the store's own row builder, but
thousands of events per transaction (``executemany``), about 20,000 events a second;
:func:`cached_sqlite` keeps such a file in a folder under a name keyed by the generator's
version, the schema's revision and the size, so a million events are generated once.
:func:`measure` times ``GET /api/events?bbox=...&since=...&event_type=...&limit=100``
through FastAPI's TestClient (so JSON encoding and validation are included, not the network).
"""

from __future__ import annotations

import argparse
import math
import random
import statistics
import tempfile
import time
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from ..model import Document, Event, Place, PlaceMention, Span
from ..store import Store

#: a box over Syria (min lon, min lat, max lon, max lat) and a smaller one the queries ask for
SYRIA = (35.7, 32.3, 42.4, 37.3)
QUERY_BOX = (36.0, 35.0, 38.0, 36.5)
START = date(2016, 1, 1)
DAYS = 3 * 365
EVENTS_PER_DOCUMENT = 100

#: bump when the synthetic documents change, so that cached stores are built again
GENERATOR_VERSION = 1

#: documents written per transaction by :func:`fill_sqlite` (100 events each)
DOCUMENTS_PER_TRANSACTION = 100


@dataclass(frozen=True, slots=True)
class BenchResult:
    events: int
    requests: int
    p50_ms: float
    p95_ms: float
    max_ms: float
    page_size: int

    def __str__(self) -> str:
        return (f"{self.events} events, {self.requests} requests: p50 {self.p50_ms:.1f} ms, "
                f"p95 {self.p95_ms:.1f} ms, max {self.max_ms:.1f} ms (page of {self.page_size})")


def _document(rng: random.Random, n: int, k: int) -> Document:
    from ..taxonomy import EVENT_TYPE_OF

    subs = list(EVENT_TYPE_OF)
    sentence = "Fighters clashed with government forces near the town, a local source said."
    text = " ".join([sentence] * n)
    doc = Document(text=text, id=f"bench{k:08d}", title=f"synthetic report {k}", source="bench",
                   published=START + timedelta(days=rng.randrange(DAYS)))
    step = len(sentence) + 1
    for i in range(n):
        sent = Span(i * step, i * step + len(sentence), "sentence")
        trig = Span(sent.start + 9, sent.start + 16, "trigger")
        lon, lat = rng.uniform(SYRIA[0], SYRIA[2]), rng.uniform(SYRIA[1], SYRIA[3])
        place = Place(id=f"bench:{rng.randrange(5000)}", name=f"Place {rng.randrange(5000)}", lat=lat, lon=lon,
                      country_code="SY", country="Syria", admin1=f"Region {rng.randrange(14)}")
        sub = rng.choice(subs)
        day = START + timedelta(days=rng.randrange(DAYS))
        doc.events.append(Event(
            id=f"{doc.id}-{i:03d}", document_id=doc.id, event_type=EVENT_TYPE_OF[sub], sub_event_type=sub,
            evidence=[sent, trig], rule="bench", actor1="Military Forces of Syria (2000-)",
            place=PlaceMention(Span(sent.start + 47, sent.start + 51, "place"), place, 0.9, 1),
            date_start=day, date_end=day, fatalities=rng.randrange(5), confidence=round(rng.random(), 3),
        ))
    doc.sentences = [e.sentence for e in doc.events]
    return doc


def fill_store(store: Store, n: int, *, seed: int = 7) -> int:
    """Write ``n`` synthetic events into ``store``; return how many were written."""
    rng = random.Random(seed)
    written, k = 0, 0
    while written < n:
        size = min(EVENTS_PER_DOCUMENT, n - written)
        written += store.save_document(_document(rng, size, k)).events
        k += 1
    return written


def fill_sqlite(path: Path, n: int, *, seed: int = 7, per_transaction: int = DOCUMENTS_PER_TRANSACTION) -> int:
    """Write into the SQLite file ``path`` the rows :func:`fill_store` would, much faster; return the event count.

    The schema comes from the store's migrations and every row from the store's own row
    builder, so the file is what ingesting the same documents would leave (the same
    indexes, filled as they grow); only the transactions are larger, ``per_transaction``
    documents each, written with ``executemany``, a 256 MB page cache and ``synchronous=OFF``
    (a benchmark file: a crash while building it only means building it again).
    """
    from sqlalchemy import create_engine, insert

    from ..store import schema
    from ..store.repository import _document_rows

    url = f"sqlite:///{path}"
    Store(url).close()  # creates the schema through the migrations
    engine = create_engine(url)
    rng = random.Random(seed)
    written, k = 0, 0
    try:
        with engine.connect() as conn:
            conn.exec_driver_sql("PRAGMA synchronous = OFF")
            conn.exec_driver_sql("PRAGMA cache_size = -262144")  # 256 MB: the indexes grow in memory
            conn.commit()
            while written < n:
                tables: dict[str, list[dict[str, Any]]] = {"document": [], "spans": [], "events": [], "claims": []}
                for _ in range(per_transaction):
                    if written >= n:
                        break
                    size = min(EVENTS_PER_DOCUMENT, n - written)
                    rows = _document_rows(_document(rng, size, k))
                    tables["document"].append(rows["document"])
                    for name in ("spans", "events", "claims"):
                        tables[name].extend(rows[name])
                    written += size
                    k += 1
                with conn.begin():
                    conn.execute(insert(schema.documents), tables["document"])
                    for name, table in (("spans", schema.spans), ("events", schema.events), ("claims", schema.claims)):
                        if tables[name]:
                            conn.execute(insert(table), tables[name])
    finally:
        engine.dispose()
    return written


def cache_key(seed: int = 7) -> str:
    """What a cached benchmark store depends on: the generator, the schema revision, the seed."""
    from .. import __version__
    from ..store.migrate import head_revision

    return f"g{GENERATOR_VERSION}-{head_revision()}-s{seed}-{__version__}".replace("/", "_").replace("+", "_")


def cached_sqlite(n: int, folder: Path, *, seed: int = 7) -> tuple[Path, float]:
    """A SQLite file of ``n`` synthetic events in ``folder``, built now only if no current one is there.

    Returns the path and the seconds spent building it (0.0 when reused). The file is
    built under a temporary name and renamed when complete, so an interrupted build is
    never reused; files of the same size from older generator or schema versions are removed.
    """
    folder.mkdir(parents=True, exist_ok=True)
    stem = f"api-events-{n}-"
    path = folder / f"{stem}{cache_key(seed)}.db"
    if path.exists():
        return path, 0.0
    for old in folder.glob(f"{stem}*"):
        old.unlink()
    tmp = folder / f"{stem}building.db"
    t0 = time.perf_counter()
    fill_sqlite(tmp, n, seed=seed)
    _checkpoint(tmp)
    tmp.replace(path)
    return path, time.perf_counter() - t0


def _checkpoint(path: Path) -> None:
    """Fold the write-ahead log into the file and drop it, so the file alone is the whole store."""
    import sqlite3

    con = sqlite3.connect(path)
    try:
        con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        con.execute("PRAGMA journal_mode = DELETE")
    finally:
        con.close()


def measure(store_url: str, *, requests: int = 200, limit: int = 100, seed: int = 11) -> BenchResult:
    """p50/p95 of filtered pages (box, since and event type vary per request) through TestClient."""
    from fastapi.testclient import TestClient

    from . import create_app

    rng = random.Random(seed)
    types = ["Battles", "Explosions/Remote violence", "Violence against civilians", "Strategic developments"]
    app = create_app(store_url, static_dir=False)
    times: list[float] = []
    with TestClient(app) as client:
        for i in range(requests + 10):
            dx, dy = rng.uniform(-0.3, 0.3), rng.uniform(-0.3, 0.3)
            bbox = f"{QUERY_BOX[0] + dx},{QUERY_BOX[1] + dy},{QUERY_BOX[2] + dx},{QUERY_BOX[3] + dy}"
            since = (START + timedelta(days=rng.randrange(DAYS - 60))).isoformat()
            params = {"bbox": bbox, "since": since, "event_type": rng.choice(types), "limit": str(limit)}
            t0 = time.perf_counter()
            resp = client.get("/api/events", params=params)
            elapsed = (time.perf_counter() - t0) * 1000
            if resp.status_code != 200:
                raise RuntimeError(f"benchmark request failed: {resp.status_code} {resp.text[:200]}")
            if i >= 10:  # the first requests warm caches
                times.append(elapsed)
    count = store_count(store_url)
    times.sort()
    return BenchResult(
        events=count,
        requests=len(times),
        p50_ms=statistics.median(times),
        p95_ms=times[max(0, math.ceil(0.95 * len(times)) - 1)],
        max_ms=times[-1],
        page_size=limit,
    )


def store_count(store_url: str) -> int:
    with Store(store_url) as store:
        return store.count_events()


def run(n: int, *, requests: int = 200, folder: Path | None = None) -> BenchResult:
    """Measure a SQLite store of ``n`` synthetic events: cached in ``folder`` (see :func:`cached_sqlite`),
    else built in a temporary folder and removed afterwards."""
    with tempfile.TemporaryDirectory(prefix="syraq-bench-") as tmp:
        path, _ = cached_sqlite(n, Path(folder) if folder is not None else Path(tmp))
        return measure(f"sqlite:///{path}", requests=requests)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m syraq.api.bench", description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--folder", type=Path, default=None, help="keep the store here (reused by the next run)")
    args = parser.parse_args(argv)
    t0 = time.perf_counter()
    result = run(args.events, requests=args.requests, folder=args.folder)
    print(result)
    print(f"(total {time.perf_counter() - t0:.0f} s including building the store)")
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
