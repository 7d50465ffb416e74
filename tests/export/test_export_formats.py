"""Exports read back with pandas, pyarrow and json; ACLED column order and rules; reviewed values."""

from __future__ import annotations

import io
import json
from datetime import UTC, date, datetime
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import pytest

from syraq.errors import ExportError, StoreError
from syraq.export import ACLED_COLUMNS, COLUMNS, EXPORT_FORMATS, apply_reviews, export_events, interaction
from syraq.export.acled import _acled_event_date, acled_regions, event_id_cnty
from syraq.model import Document, Event, Place, PlaceMention, Review, Span, TimeExpression

TEXT = (
    "Syrian government forces recaptured the town of Qaryatayn from the Islamic State in early October. "
    "A car bomb exploded in Baghdad, killing several people. "
    "Residents said a drone struck a house in the region."
)


def _span(needle: str, label: str) -> Span:
    i = TEXT.index(needle)
    return Span(i, i + len(needle), label)


def _place(name: str, cc: str, country: str, lat: float, lon: float, admin1: str) -> Place:
    return Place(
        id=f"geonames:{abs(hash(name)) % 10**6}",
        name=name,
        lat=lat,
        lon=lon,
        country_code=cc,
        country=country,
        admin1=admin1,
        admin2=f"{name} District",
        feature_class="P",
    )


@pytest.fixture
def doc() -> Document:
    d = Document(
        text=TEXT,
        url="https://example.org/a",
        source="Example Post",
        title="Towns change hands",
        published=date(2017, 10, 20),
    )
    s1 = Span(0, TEXT.index(" A car"), "sentence")
    s2 = Span(s1.end + 1, TEXT.index(" Residents"), "sentence")
    s3 = Span(s2.end + 1, len(TEXT), "sentence")
    d.sentences = [s1, s2, s3]
    early = _span("early October", "time")
    d.times = [TimeExpression(early, date(2017, 10, 1), date(2017, 10, 10), "month", "publication", None, "early")]
    q = PlaceMention(_span("Qaryatayn", "place"), _place("Qaryatayn", "SY", "Syria", 34.23, 37.24, "Homs"), 0.9, 1)
    b = PlaceMention(_span("Baghdad", "place"), _place("Baghdad", "IQ", "Iraq", 33.34, 44.40, "Baghdad"), 0.9, 1)
    d.places = [q, b]
    t1, t2, t3 = _span("recaptured", "trigger"), _span("car bomb", "trigger"), _span("drone struck", "trigger")
    d.events = [
        Event(
            id=Event.make_id(d.id, s1, t1, "Government regains territory"),
            document_id=d.id,
            event_type="Battles",
            sub_event_type="Government regains territory",
            evidence=[s1, t1, early],
            rule="codebook:v1:recapture",
            actor1="Military Forces of Syria (2000-)",
            inter1=1,
            actor2="Islamic State (Syria)",
            inter2=2,
            place=q,
            date_start=date(2017, 10, 1),
            date_end=date(2017, 10, 10),
            date_precision="month",
            confidence=0.8,
        ),
        Event(
            id=Event.make_id(d.id, s2, t2, "Suicide bomb"),
            document_id=d.id,
            event_type="Explosions/Remote violence",
            sub_event_type="Suicide bomb",
            evidence=[s2, t2],
            rule="codebook:v1:svbied",
            actor1="Islamic State (Iraq)",
            inter1=2,
            actor2="Civilians (Iraq)",
            inter2=7,
            place=b,
            date_start=date(2017, 10, 20),
            date_end=date(2017, 10, 20),
            date_from_publication=True,
            fatalities=3,
            civilian_targeting=True,
            confidence=0.6,
        ),
        Event(
            id=Event.make_id(d.id, s3, t3, "Air/drone strike"),
            document_id=d.id,
            event_type="Explosions/Remote violence",
            sub_event_type="Air/drone strike",
            evidence=[s3, t3],
            rule="codebook:v1:airstrike",
            actor1="Unidentified Armed Group (Syria)",
            inter1=3,
            date_start=date(2017, 10, 9),
            date_end=date(2017, 10, 15),
            date_precision="week",
            confidence=0.4,
        ),
    ]
    return d


def test_acled_csv_columns_and_values(doc: Document, tmp_path: Path) -> None:
    out = tmp_path / "events.csv"
    assert export_events(doc.events, {doc.id: doc}, "acled-csv", out) == 3
    df = pd.read_csv(out, dtype=str, keep_default_na=False)
    expected = [
        "event_id_cnty",
        "event_date",
        "year",
        "time_precision",
        "disorder_type",
        "event_type",
        "sub_event_type",
        "actor1",
        "assoc_actor_1",
        "inter1",
        "actor2",
        "assoc_actor_2",
        "inter2",
        "interaction",
        "civilian_targeting",
        "iso",
        "region",
        "country",
        "admin1",
        "admin2",
        "admin3",
        "location",
        "latitude",
        "longitude",
        "geo_precision",
        "source",
        "source_scale",
        "notes",
        "fatalities",
        "tags",
        "timestamp",
        "document_id",
        "document_url",
        "evidence",
        "confidence",
        "review_status",
    ]
    assert list(df.columns) == expected
    assert list(ACLED_COLUMNS) == expected[:31]
    recapture, bomb, drone = (df.iloc[i] for i in range(3))
    assert recapture["event_id_cnty"].startswith("SYR") and recapture["event_id_cnty"][3:].isdigit()
    assert recapture["event_date"] == "2017-10-01"  # "early October": the first of the month
    assert recapture["year"] == "2017"
    assert recapture["time_precision"] == "3"
    assert recapture["disorder_type"] == "Political violence"
    assert recapture["interaction"] == "12"
    assert recapture["iso"] == "760" and recapture["region"] == "Middle East" and recapture["country"] == "Syria"
    assert recapture["location"] == "Qaryatayn" and recapture["admin1"] == "Homs"
    assert float(recapture["latitude"]) == pytest.approx(34.23)
    assert recapture["geo_precision"] == "1"
    assert recapture["source"] == "Example Post" and recapture["source_scale"] == ""
    assert recapture["notes"] == TEXT[: TEXT.index(" A car")] == recapture["evidence"]
    assert recapture["tags"] == "" and recapture["civilian_targeting"] == ""
    assert recapture["document_url"] == "https://example.org/a" and recapture["review_status"] == "unreviewed"
    assert bomb["event_id_cnty"].startswith("IRQ") and bomb["iso"] == "368"
    assert bomb["interaction"] == "27" and bomb["civilian_targeting"] == "Civilian targeting"
    assert bomb["tags"] == "date from publication" and bomb["fatalities"] == "3"
    # no place: no location columns, an unknown-country id, interaction for one actor
    assert drone["event_id_cnty"].startswith("XXX") and drone["location"] == "" and drone["latitude"] == ""
    assert drone["interaction"] == "30"
    assert drone["event_date"] == "2017-10-12" and drone["time_precision"] == "2"  # a week: its middle day
    assert int(recapture["timestamp"]) == pytest.approx(datetime.now(UTC).timestamp(), abs=120)


def test_event_ids_are_stable(doc: Document) -> None:
    first = [event_id_cnty(e) for e in doc.events]
    again = [event_id_cnty(Event.from_dict(e.to_dict())) for e in doc.events]
    assert first == again and len(set(first)) == 3


def test_geojson(doc: Document) -> None:
    buf = io.StringIO()
    assert export_events(doc.events, {doc.id: doc}, "geojson", buf) == 3
    data = json.loads(buf.getvalue())
    assert data["type"] == "FeatureCollection"
    first, _, no_place = data["features"]
    assert first["geometry"] == {"type": "Point", "coordinates": [37.24, 34.23]}
    assert no_place["geometry"] is None
    props = first["properties"]
    assert set(COLUMNS) <= set(props)
    assert props["id"] == doc.events[0].id and props["document_title"] == "Towns change hands"
    assert props["date_start"] == "2017-10-01" and props["sub_event_type"] == "Government regains territory"


def test_jsonl(doc: Document, tmp_path: Path) -> None:
    out = tmp_path / "events.jsonl"
    export_events(doc.events, {doc.id: doc}, "jsonl", out)
    lines = [json.loads(line) for line in out.read_text().splitlines()]
    assert len(lines) == 3
    for line, event in zip(lines, doc.events, strict=True):
        assert Event.from_dict(line).to_dict() == event.to_dict()
        assert line["document_url"] == "https://example.org/a" and line["document_title"] == "Towns change hands"


def test_parquet(doc: Document, tmp_path: Path) -> None:
    out = tmp_path / "events.parquet"
    assert export_events(doc.events, {doc.id: doc}, "parquet", out) == 3
    table = pq.read_table(out)
    assert table.column_names == list(COLUMNS)
    rows = table.to_pylist()
    assert rows[0]["event_date"] == date(2017, 10, 1) and rows[0]["iso"] == 760
    assert rows[2]["latitude"] is None and rows[2]["interaction"] == 30
    with pytest.raises(ExportError) as err:
        export_events(doc.events, {doc.id: doc}, "parquet", io.BytesIO())
    assert err.value.code == "E302"


def test_errors(doc: Document, tmp_path: Path) -> None:
    with pytest.raises(ExportError) as err:
        export_events(doc.events, {}, "xlsx", tmp_path / "x")
    assert err.value.code == "E300"
    with pytest.raises(ExportError) as err:
        export_events(doc.events, {}, "acled-csv", tmp_path / "no" / "such" / "dir.csv")
    assert err.value.code == "E301"
    assert set(EXPORT_FORMATS) == {"acled-csv", "geojson", "jsonl", "parquet"}


def test_missing_document_leaves_provenance_empty(doc: Document) -> None:
    buf = io.StringIO()
    export_events(doc.events[:1], {}, "acled-csv", buf)
    row = pd.read_csv(io.StringIO(buf.getvalue()), dtype=str, keep_default_na=False).iloc[0]
    assert row["notes"] == "" and row["source"] == "" and row["location"] == "Qaryatayn"


def test_reviews_apply_to_a_copy(doc: Document) -> None:
    event = doc.events[1]
    t = datetime(2018, 1, 5, tzinfo=UTC)
    reviews = [
        Review("r1", event.id, "edit", "ana", t, {"fatalities": 3}, {"fatalities": 4, "actor1": "Unidentified"}),
        Review("r2", event.id, "edit", "ben", t.replace(day=6), {"fatalities": 4}, {"fatalities": 2}),
        Review(
            "r3", event.id, "edit", "ben", t.replace(day=7), {}, {"date_start": "2017-10-18", "date_end": "2017-10-18"}
        ),
    ]
    reviewed = apply_reviews(event, reviews)
    assert (reviewed.fatalities, reviewed.actor1, reviewed.review_status) == (2, "Unidentified", "edited")
    assert reviewed.date_start == date(2017, 10, 18) and reviewed.date_from_publication is False
    assert event.fatalities == 3 and event.review_status == "unreviewed"  # the machine coding is untouched
    buf = io.StringIO()
    export_events(doc.events, {doc.id: doc}, "acled-csv", buf, reviews=reviews)
    row = pd.read_csv(io.StringIO(buf.getvalue()), dtype=str, keep_default_na=False).iloc[1]
    assert (row["fatalities"], row["review_status"], row["tags"]) == ("2", "edited", "")
    assert row["event_date"] == "2017-10-18"
    rejected = apply_reviews(event, [*reviews, Review("r4", event.id, "reject", "cy", t.replace(day=8))])
    assert rejected.review_status == "rejected" and rejected.fatalities == 2
    with pytest.raises(StoreError):
        apply_reviews(event, [Review("r5", event.id, "edit", "cy", t, {}, {"rule": "x"})])


@pytest.mark.parametrize(
    ("start", "end", "precision", "modifier", "expected"),
    [
        (date(2017, 10, 14), date(2017, 10, 14), "day", "", date(2017, 10, 14)),
        (date(2017, 10, 16), date(2017, 10, 22), "week", "", date(2017, 10, 19)),
        (date(2017, 10, 1), date(2017, 10, 31), "month", "", date(2017, 10, 15)),
        (date(2017, 9, 1), date(2017, 9, 30), "month", "start", date(2017, 9, 1)),
        (date(2017, 9, 21), date(2017, 9, 30), "month", "late", date(2017, 9, 30)),
        (date(2018, 2, 1), date(2018, 2, 28), "month", "end", date(2018, 2, 28)),
        (date(2017, 9, 21), date(2017, 9, 30), "month", "", date(2017, 9, 21)),
        (date(2017, 1, 1), date(2017, 12, 31), "year", "", date(2017, 7, 15)),
        (None, None, "day", "", None),
    ],
)
def test_acled_event_date(start, end, precision, modifier, expected) -> None:
    assert _acled_event_date(start, end, precision, modifier) == expected


def test_interaction_codes() -> None:
    assert interaction(1, 2) == 12 and interaction(2, 1) == 12
    assert interaction(8, 7) == 78 and interaction(3, 0) == 30 and interaction(0, 0) is None
    assert interaction(2, 2) == 22


def test_regions_file_covers_acled_middle_east() -> None:
    regions = acled_regions()
    for iso2 in ("SY", "IQ", "JO", "LB", "TR", "IR", "YE", "IL", "PS", "SA"):
        assert regions[iso2] == "Middle East", iso2
    assert regions["EG"] == "Northern Africa" and regions["AF"] == "South Asia" and regions["UA"] == "Europe"
    assert all(len(k) == 2 and v for k, v in regions.items())
