"""A temporary store filled with hand-built reports and events, and a TestClient over it."""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from syraq.api import create_app
from syraq.model import Claim, Document, Event, Place, PlaceMention, Span
from syraq.store import Store
from syraq_testkit import engine_url, reset_postgres, sentences, syrian_town

GOV = "Military Forces of Syria (2000-)"
IS = "Islamic State (Syria)"

PLACES = {
    "Qaryatayn": ("geonames:163345", 34.2296, 37.2406, "Homs"),
    "Mayadeen": ("geonames:170794", 35.0206, 40.4512, "Deir ez-Zor"),
    "Idlib": ("geonames:169389", 35.9306, 36.6339, "Idlib"),
    "Saraqib": ("geonames:163099", 35.8647, 36.8006, "Idlib"),
}

REPORT_A = (
    "Islamic State fighters captured the town of Qaryatayn on 1 October, residents said. "
    "Government forces retook Qaryatayn on 21 October after heavy fighting that killed 12 people. "
    "On 14 October the army shelled Mayadeen. "
    "Analysts warned that the group could return to the desert towns."
)
REPORT_B = (
    "Protesters gathered in Idlib on 9 February to demand the release of detainees. "
    "An airstrike hit a market in Saraqib on 12 February, killing five civilians. "
    "Fighters clashed with government troops near Saraqib, a local source said."
)


def make_place(name: str) -> Place:
    pid, lat, lon, admin1 = PLACES[name]
    return syrian_town(name, pid, lat, lon, admin1)


def find(text: str, needle: str, label: str, after: int = 0) -> Span:
    i = text.index(needle, after)
    return Span(i, i + len(needle), label)


@dataclass
class Spec:
    sentence: int
    trigger: str
    sub: str
    etype: str
    place: str | None
    day: date | None
    actor1: str = ""
    actor2: str = ""
    fatalities: int = 0
    confidence: float = 0.8


def build(text: str, title: str, published: date, specs: list[Spec], claim: str | None = None) -> Document:
    doc = Document(text=text, url=f"https://example.org/{title.lower().replace(' ', '-')}", source="Example Wire",
                   title=title, published=published, language="en")
    doc.sentences = sentences(text)
    for spec in specs:
        sent = doc.sentences[spec.sentence]
        trig = find(text, spec.trigger, "trigger", sent.start)
        mention = None
        if spec.place:
            pspan = find(text, spec.place, "place", sent.start)
            mention = PlaceMention(pspan, make_place(spec.place), 0.9, 1, [], "test")
            doc.places.append(mention)
        ev = Event(
            id=Event.make_id(doc.id, sent, trig, spec.sub), document_id=doc.id, event_type=spec.etype,
            sub_event_type=spec.sub, evidence=[sent, trig], rule=f"codebook:v1:{spec.trigger}", actor1=spec.actor1,
            actor2=spec.actor2, place=mention, date_start=spec.day, date_end=spec.day, fatalities=spec.fatalities,
            confidence=spec.confidence, inter1=1 if spec.actor1 == GOV else (2 if spec.actor1 else 0),
        )
        doc.events.append(ev)
    if claim:
        sent = next(s for s in doc.sentences if claim in doc.span_text(s))
        doc.claims.append(Claim(id=f"{doc.id}-c0", document_id=doc.id, kind="forecast", evidence=sent, cue="could"))
    return doc


def documents() -> list[Document]:
    a = build(REPORT_A, "Desert towns", date(2017, 10, 25), [
        Spec(0, "captured", "Non-state actor overtakes territory", "Battles", "Qaryatayn", date(2017, 10, 1), IS, GOV),
        Spec(1, "retook", "Government regains territory", "Battles", "Qaryatayn", date(2017, 10, 21), GOV, IS, 12, 0.9),
        Spec(2, "shelled", "Shelling/artillery/missile attack", "Explosions/Remote violence", "Mayadeen",
             date(2017, 10, 14), GOV, confidence=0.6),
    ], claim="could return")
    b = build(REPORT_B, "Idlib week", date(2018, 2, 15), [
        Spec(0, "gathered", "Peaceful protest", "Protests", "Idlib", date(2018, 2, 9), "Protesters (Syria)",
             confidence=0.7),
        Spec(1, "airstrike", "Air/drone strike", "Explosions/Remote violence", "Saraqib", date(2018, 2, 12), GOV,
             fatalities=5, confidence=0.95),
        Spec(2, "clashed", "Armed clash", "Battles", "Saraqib", None, "Opposition Fighters (Syria)", GOV,
             confidence=0.5),
    ])
    return [a, b]


@dataclass
class Api:
    client: TestClient
    store: Store
    token: str
    url: str
    docs: list[Document]

    def auth(self, token: str | None = None) -> dict[str, str]:
        return {"Authorization": f"Bearer {token or self.token}"}

    def event(self, sub: str) -> Event:
        return next(e for d in self.docs for e in d.events if e.sub_event_type == sub)

    def query(self, sql: str, **params: object) -> list[tuple]:
        return query(self.url, sql, **params)

    def dump(self) -> str:
        return dump(self.url)


class FakeGazetteer:
    """The two places a reviewer may pick in the tests (the real gazetteer is tested in tests/geo)."""

    def __init__(self) -> None:
        self.places = {p.id: p for p in (make_place("Mayadeen"), make_place("Idlib"))}

    def get(self, place_id: str) -> Place | None:
        return self.places.get(place_id)

    def lookup(self, name: str, limit: int = 10) -> list:
        from syraq.geo import Candidate

        return [Candidate(p, 1.0, "test", p.name) for p in self.places.values() if p.name.lower() == name.lower()]


#: set SYRAQ_TEST_PG_URL (e.g. postgresql://postgres@127.0.0.1:55432/syraq_test) to run every API test
#: on PostgreSQL as well; the database's public schema is dropped and recreated before each test
PG_URL = os.environ.get("SYRAQ_TEST_PG_URL", "")
BACKENDS = [
    "sqlite",
    pytest.param("postgresql", marks=pytest.mark.skipif(not PG_URL, reason="SYRAQ_TEST_PG_URL unset")),
]




def query(url: str, sql: str, **params: object) -> list[tuple]:
    """Run one SQL statement on the store's database behind the store's back (for assertions)."""
    from sqlalchemy import create_engine, text

    engine = create_engine(engine_url(url))
    try:
        with engine.connect() as conn:
            return [tuple(row) for row in conn.execute(text(sql), params)]
    finally:
        engine.dispose()


def dump(url: str) -> str:
    """Every row of every table as text: what someone who copies the database file would see."""
    from sqlalchemy import create_engine, inspect, text

    engine = create_engine(engine_url(url))
    try:
        with engine.connect() as conn:
            lines = []
            for table in inspect(conn).get_table_names():
                for row in conn.execute(text(f'SELECT * FROM "{table}"')):
                    lines.append(f"{table}: {tuple(row)!r}")
            return "\n".join(lines)
    finally:
        engine.dispose()


@pytest.fixture(params=BACKENDS)
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """An empty database: a SQLite file, or the PostgreSQL test database with its schema reset."""
    if request.param == "postgresql":
        reset_postgres(PG_URL)
        return PG_URL
    return f"sqlite:///{tmp_path / 'events.db'}"


@pytest.fixture
def api(db_url: str) -> Iterator[Api]:
    url = db_url
    docs = documents()
    with Store(url) as store:
        for doc in docs:
            store.save_document(doc)
        token = store.create_token("Rana Analyst")
    app = create_app(url, static_dir=False)
    app.state.gazetteer = FakeGazetteer()
    with TestClient(app) as client:
        yield Api(client, app.state.store, token, url, docs)
    app.state.store.close()
