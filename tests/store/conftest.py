"""Hand-built documents for the store tests (no spaCy)."""

from __future__ import annotations

import os
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from syraq.model import Claim, Document, Event, Place, PlaceMention, Span, TimeExpression
from syraq.store import Store
from syraq_testkit import reset_postgres, syrian_town

REPORT = (
    "Islamic State fighters captured the town of Qaryatayn in late September, residents said. "
    "Government forces retook Qaryatayn three weeks later after heavy fighting that killed 12 people. "
    "On 14 October the army took Mayadeen from the Islamic State. "
    "Analysts warned that the group could return to the desert towns."
)


def sentence_spans(text: str) -> list[Span]:
    spans, start = [], 0
    for part in text.split(". "):
        end = start + len(part) + (1 if start + len(part) < len(text) else 0)
        spans.append(Span(start, min(end, len(text)), "sentence"))
        start = end + 1
    return spans


def find(text: str, needle: str, label: str, after: int = 0) -> Span:
    start = text.index(needle, after)
    return Span(start, start + len(needle), label)


def place(name: str, geonameid: int, lat: float, lon: float, admin1: str, admin2: str = "") -> Place:
    town = syrian_town(name, f"geonames:{geonameid}", lat, lon, admin1, population=25000)
    return replace(town, admin2=admin2, alternate_names=(f"al-{name}",))


def make_document(text: str = REPORT, source: str = "Syria Direct", published: date = date(2017, 10, 20)) -> Document:
    doc = Document(
        text=text, url="https://example.org/report", source=source, title="Desert towns", published=published
    )
    doc.meta = {"byline": "staff", "tags": ["syria", "is"]}
    doc.sentences = sentence_spans(text)
    qaryatayn = place("Qaryatayn", 163345, 34.2296, 37.2406, "Homs", "Homs District")
    mayadeen = place("Mayadeen", 170794, 35.0206, 40.4512, "Deir ez-Zor", "Mayadeen District")
    q1 = find(text, "Qaryatayn", "place")
    q2 = find(text, "Qaryatayn", "place", q1.end)
    m = find(text, "Mayadeen", "place")
    doc.entities = [find(text, "Islamic State", "ORG"), Span(q1.start, q1.end, "GPE"), Span(m.start, m.end, "GPE")]
    doc.places = [
        PlaceMention(q1, qaryatayn, 0.92, 1, [("geonames:163345", 0.92), ("geonames:1", 0.1)], "ner+gazetteer"),
        PlaceMention(q2, qaryatayn, 0.9, 1, [], "coref"),
        PlaceMention(m, mayadeen, 0.95, 1, [], "ner+gazetteer"),
    ]
    t_late = find(text, "late September", "time")
    t_oct = find(text, "14 October", "time")
    doc.times = [
        TimeExpression(t_late, date(2017, 9, 21), date(2017, 9, 30), "month", "publication", None, "late"),
        TimeExpression(t_oct, date(2017, 10, 14), date(2017, 10, 14), "day", "publication"),
    ]
    s1, s2, s3, s4 = doc.sentences
    trig1 = find(text, "captured", "trigger")
    trig2 = find(text, "retook", "trigger")
    trig3 = find(text, "took", "trigger", s3.start)
    doc.events = [
        Event(
            id=Event.make_id(doc.id, s1, trig1, "Non-state actor overtakes territory"),
            document_id=doc.id,
            event_type="Battles",
            sub_event_type="Non-state actor overtakes territory",
            evidence=[s1, trig1, t_late],
            rule="codebook:v1:capture",
            actor1="Islamic State (Syria)",
            inter1=2,
            actor2="Military Forces of Syria (2000-)",
            inter2=1,
            place=doc.places[0],
            date_start=date(2017, 9, 21),
            date_end=date(2017, 9, 30),
            date_precision="month",
            confidence=0.8,
        ),
        Event(
            id=Event.make_id(doc.id, s2, trig2, "Government regains territory"),
            document_id=doc.id,
            event_type="Battles",
            sub_event_type="Government regains territory",
            evidence=[s2, trig2],
            rule="codebook:v1:recapture",
            actor1="Military Forces of Syria (2000-)",
            inter1=1,
            actor2="Islamic State (Syria)",
            inter2=2,
            place=doc.places[1],
            date_start=date(2017, 10, 16),
            date_end=date(2017, 10, 22),
            date_precision="week",
            fatalities=12,
            confidence=0.7,
        ),
        Event(
            id=Event.make_id(doc.id, s3, trig3, "Government regains territory"),
            document_id=doc.id,
            event_type="Battles",
            sub_event_type="Government regains territory",
            evidence=[s3, trig3, t_oct],
            rule="codebook:v1:recapture",
            actor1="Military Forces of Syria (2000-)",
            assoc_actor_1="Military Forces of Russia",
            inter1=1,
            actor2="Islamic State (Syria)",
            inter2=2,
            place=doc.places[2],
            date_start=date(2017, 10, 14),
            date_end=date(2017, 10, 14),
            date_precision="day",
            confidence=0.9,
        ),
    ]
    doc.claims = [
        Claim(
            id=f"{doc.id}:claim:0",
            document_id=doc.id,
            kind="forecast",
            evidence=s4,
            cue="could",
            speaker="Analysts",
            places=[],
        )
    ]
    return doc


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "events.db"


#: set SYRAQ_TEST_PG_URL (e.g. postgresql://postgres@127.0.0.1:55432/syraq_test) to run the
#: store tests on PostgreSQL as well; the database's syraq tables are dropped before each test
PG_URL = os.environ.get("SYRAQ_TEST_PG_URL", "")
BACKENDS = [
    "sqlite",
    pytest.param("postgresql", marks=pytest.mark.skipif(not PG_URL, reason="SYRAQ_TEST_PG_URL unset")),
]


@pytest.fixture(params=BACKENDS)
def store(request: pytest.FixtureRequest, db_path: Path):
    if request.param == "postgresql":
        reset_postgres(PG_URL)
        s = Store(PG_URL)
    else:
        s = Store(f"sqlite:///{db_path}")
    yield s
    s.close()


@pytest.fixture
def doc() -> Document:
    return make_document()


@pytest.fixture
def other_doc() -> Document:
    text = (
        "Turkish warplanes struck the village of Jandairis in Afrin on 3 February, killing 5 civilians. "
        "Protesters gathered in Idlib city the next day."
    )
    d = Document(text=text, url="https://example.org/afrin", source="Enab Baladi", published=date(2018, 2, 5))
    d.sentences = sentence_spans(text)
    jandairis = Place(
        id="geonames:169304",
        name="Jandairis",
        lat=36.39,
        lon=36.72,
        feature_class="P",
        feature_code="PPL",
        country_code="SY",
        country="Syria",
        admin1="Aleppo",
        admin2="Afrin District",
    )
    mention = PlaceMention(find(text, "Jandairis", "place"), jandairis, 0.9, 1)
    d.places = [mention]
    trigger = find(text, "struck", "trigger")
    d.events = [
        Event(
            id=Event.make_id(d.id, d.sentences[0], trigger, "Air/drone strike"),
            document_id=d.id,
            event_type="Explosions/Remote violence",
            sub_event_type="Air/drone strike",
            evidence=[d.sentences[0], trigger],
            rule="codebook:v1:airstrike",
            actor1="Military Forces of Turkey (2016-)",
            inter1=8,
            actor2="Civilians (Syria)",
            inter2=7,
            place=mention,
            date_start=date(2018, 2, 3),
            date_end=date(2018, 2, 3),
            fatalities=5,
            civilian_targeting=True,
            confidence=0.85,
        )
    ]
    return d
