"""A store of hand-built reports served by uvicorn on 127.0.0.1, and a headless Chromium page.

The browser tests skip (with the reason) only when /usr/bin/chromium is missing; install it with
`apt-get install -y chromium` (CI does, see .ci/run). Playwright's own browser download is never used.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from syraq.model import Document, Event, Place, PlaceMention, Span
from syraq.store import Store
from syraq_testkit import sentences, syrian_town

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]

GOV = "Military Forces of Syria (2000-)"
IS = "Islamic State (Syria)"
SDF = "QSD: Syrian Democratic Forces"

# name -> (id, lat, lon, admin1)
PLACES = {
    "Palmyra": ("geonames:170017", 34.5604, 38.2810, "Homs"),
    "Albukamal": ("geonames:173576", 34.4536, 40.9368, "Deir ez-Zor"),
    "Raqqa": ("geonames:163915", 35.9528, 39.0079, "Raqqa"),
    "Tabqa": ("geonames:172408", 35.8347, 38.5481, "Raqqa"),
    "Hama": ("geonames:170063", 35.1318, 36.7578, "Hama"),
}

REPORT_DESERT = (
    "Government troops recaptured Palmyra on 2 March after a week of fighting that killed 30 fighters. "
    "Islamic State militants shelled positions near Albukamal on 9 March. "
    "A car bomb exploded in Palmyra on 20 April, killing 4 civilians."
)
REPORT_NORTH = (
    "Kurdish-led forces took control of Tabqa on 10 May after a negotiated withdrawal. "
    "Coalition aircraft struck Raqqa on 1 June, killing 11 people, activists said."
)
# a hostile report: markup in the text must show as text and never run
REPORT_HOSTILE = (
    'A group calling itself <script>window.__pwned = 1</script> attacked a checkpoint in Hama on 3 July, '
    'said a post signed <img src=x onerror="window.__pwned = 2">.'
)


def make_place(name: str) -> Place:
    pid, lat, lon, admin1 = PLACES[name]
    return syrian_town(name, pid, lat, lon, admin1, population=30000)


def _doc(text: str, title: str, published: date,
         specs: list[tuple[int, str, str, str, str, date, str, str, int]]) -> Document:
    """specs: (sentence, trigger, sub-event type, event type, place, day, actor1, actor2, fatalities)."""
    doc = Document(text=text, url=f"https://example.org/{title.lower().replace(' ', '-')}", source="Example Wire",
                   title=title, published=published, language="en")
    doc.sentences = sentences(text)
    for n, trigger, sub, etype, place, day, actor1, actor2, deaths in specs:
        sent = doc.sentences[n]
        t = text.index(trigger, sent.start)
        trig = Span(t, t + len(trigger), "trigger")
        p = text.index(place, sent.start)
        mention = PlaceMention(Span(p, p + len(place), "place"), make_place(place), 0.9, 1, [], "test")
        doc.places.append(mention)
        doc.events.append(Event(
            id=Event.make_id(doc.id, sent, trig, sub), document_id=doc.id, event_type=etype, sub_event_type=sub,
            evidence=[sent, trig], rule=f"test:v1:{trigger}", actor1=actor1, actor2=actor2, place=mention,
            date_start=day, date_end=day, fatalities=deaths, confidence=0.8,
        ))
    return doc


def documents() -> list[Document]:
    return [
        _doc(REPORT_DESERT, "Desert front", date(2017, 4, 21), [
            (0, "recaptured", "Government regains territory", "Battles", "Palmyra", date(2017, 3, 2), GOV, IS, 30),
            (1, "shelled", "Shelling/artillery/missile attack", "Explosions/Remote violence", "Albukamal",
             date(2017, 3, 9), IS, "", 0),
            (2, "car bomb", "Remote explosive/landmine/IED", "Explosions/Remote violence", "Palmyra",
             date(2017, 4, 20), "Unidentified Armed Group (Syria)", "Civilians (Syria)", 4),
        ]),
        _doc(REPORT_NORTH, "Northern front", date(2017, 6, 2), [
            (0, "took control", "Non-violent transfer of territory", "Strategic developments", "Tabqa",
             date(2017, 5, 10), SDF, "", 0),
            (1, "struck", "Air/drone strike", "Explosions/Remote violence", "Raqqa", date(2017, 6, 1),
             "Military Forces of the United States (2017-2021)", "", 11),
        ]),
        _doc(REPORT_HOSTILE, "Checkpoint <b>attack</b>", date(2017, 7, 4), [
            (0, "attacked", "Armed clash", "Battles", "Hama", date(2017, 7, 3),
             'Unidentified Armed Group (Syria) <img src=x onerror="window.__pwned = 3">', GOV, 0),
        ]),
    ]


class FakeGazetteer:
    """Gazetteer lookups over the fixture places (the real gazetteer is tested in tests/geo)."""

    def __init__(self) -> None:
        self.places = {make_place(n).id: make_place(n) for n in PLACES}

    def get(self, place_id: str) -> Place | None:
        return self.places.get(place_id)

    def lookup(self, name: str, limit: int = 10) -> list[Any]:
        from syraq.geo import Candidate

        hits = [p for p in self.places.values() if p.name.lower().startswith(name.lower().strip())]
        return [Candidate(p, 1.0, "test", p.name) for p in hits][:limit]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Served:
    url: str  # http://127.0.0.1:PORT
    db: str
    store: Store
    token: str
    docs: list[Document]

    def event(self, sub: str) -> Event:
        return next(e for d in self.docs for e in d.events if e.sub_event_type == sub)


def serve(db_url: str, docs: list[Document], static_dir: Path | None = None) -> Iterator[Served]:
    import uvicorn

    from syraq.api import create_app

    with Store(db_url) as store:
        for doc in docs:
            store.save_document(doc)
        token = store.create_token("Rana Analyst")
    app = create_app(db_url, static_dir=static_dir)
    app.state.gazetteer = FakeGazetteer()
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="on"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.05)
    try:
        yield Served(f"http://127.0.0.1:{port}", db_url, app.state.store, token, docs)
    finally:
        server.should_exit = True
        thread.join(timeout=10)


@pytest.fixture
def served(tmp_path: Path) -> Iterator[Served]:
    yield from serve(f"sqlite:///{tmp_path / 'web.db'}", documents())


@pytest.fixture
def serve_static(tmp_path: Path) -> Iterator[Callable[[Path], Served]]:
    """Serve the fixture store with another static folder (``serve_static(folder)``)."""
    servers: list[Iterator[Served]] = []

    def start(folder: Path) -> Served:
        gen = serve(f"sqlite:///{tmp_path / f'static{len(servers)}.db'}", documents(), folder)
        servers.append(gen)
        return next(gen)

    yield start
    for gen in servers:
        gen.close()


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        pytest.skip("/usr/bin/chromium is missing: install it with `apt-get install -y chromium` to run the browser tests")
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed (pip install playwright)")
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1500, "height": 900})
    page = context.new_page()
    page.errors = []  # type: ignore[attr-defined]
    page.on("pageerror", lambda exc: page.errors.append(str(exc)))  # type: ignore[attr-defined]
    # the page must work offline: refuse every request that leaves the test server
    page.route("**/*", lambda route: route.continue_() if route.request.url.startswith("http://127.0.0.1:")
               else route.abort())
    try:
        yield page
    finally:
        context.close()
