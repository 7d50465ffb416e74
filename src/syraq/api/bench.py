"""A latency benchmark of the event list: p50/p95 of a filtered page through the API.

    python -m syraq.api.bench --events 100000            # builds a temporary store, then measures

:func:`fill_store` writes ``n`` synthetic events (random places in a box over Syria, dates
over three years, every event type) in documents of 100 events; :func:`measure` times
``GET /api/events?bbox=...&since=...&event_type=...&limit=100`` through FastAPI's
TestClient (so JSON encoding and validation are included, not the network).
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

from ..model import Document, Event, Place, PlaceMention, Span
from ..store import Store

#: a box over Syria (min lon, min lat, max lon, max lat) and a smaller one the queries ask for
SYRIA = (35.7, 32.3, 42.4, 37.3)
QUERY_BOX = (36.0, 35.0, 38.0, 36.5)
START = date(2016, 1, 1)
DAYS = 3 * 365
EVENTS_PER_DOCUMENT = 100


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
    """Build a store of ``n`` synthetic events in ``folder`` (a temporary one by default) and measure it."""
    with tempfile.TemporaryDirectory(prefix="syraq-bench-") as tmp:
        path = Path(folder or tmp) / f"bench-{n}.db"
        url = f"sqlite:///{path}"
        with Store(url) as store:
            if store.count_events() < n:
                fill_store(store, n - store.count_events())
        return measure(url, requests=requests)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m syraq.api.bench", description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--folder", type=Path, default=None, help="keep the store here (reused on the next run)")
    args = parser.parse_args(argv)
    t0 = time.perf_counter()
    result = run(args.events, requests=args.requests, folder=args.folder)
    print(result)
    print(f"(total {time.perf_counter() - t0:.0f} s including building the store)")
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
