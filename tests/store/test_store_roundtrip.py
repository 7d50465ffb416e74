"""Round trips, idempotent re-save, rollback, filters, reviews, errors."""

from __future__ import annotations

import sqlite3
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from sqlalchemy import create_engine, func, inspect, select

from syraq.errors import NotFoundError, StoreError
from syraq.model import Document, Event, Review
from syraq.store import SaveResult, Store
from syraq.store import schema as store_schema
from syraq.store.migrate import head_revision


def test_open_creates_schema_in_wal_mode(db_path: Path) -> None:
    with Store(f"sqlite:///{db_path}") as s, s._engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() > 0
    con = sqlite3.connect(db_path)
    try:
        assert con.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert con.execute("SELECT version_num FROM alembic_version").fetchone()[0] == head_revision()
    finally:
        con.close()
    # the migrated database has exactly the tables and columns the queries use
    insp = inspect(create_engine(f"sqlite:///{db_path}"))
    for table in store_schema.metadata.sorted_tables:
        assert {c["name"] for c in insp.get_columns(table.name)} == set(table.columns.keys()), table.name


def test_reopen_is_idempotent(db_path: Path, doc: Document) -> None:
    with Store(f"sqlite:///{db_path}") as s:
        s.save_document(doc)
    with Store(f"sqlite:///{db_path}") as s:
        assert s.has_document(doc.id)
        assert s.stats()["events"] == 3


def test_document_round_trip(store: Store, doc: Document) -> None:
    result = store.save_document(doc)
    assert result == SaveResult(doc.id, True, 3, 1)
    back = store.get_document(doc.id)
    assert back.to_dict() == doc.to_dict()
    # offsets index the stored text
    assert back.span_text(back.places[2].span) == "Mayadeen"
    assert back.times[0].modifier == "late"
    assert back.places[0].alternatives == [("geonames:163345", 0.92), ("geonames:1", 0.1)]


def test_resave_changes_nothing(store: Store, doc: Document) -> None:
    store.save_document(doc)
    doc.title = "changed"
    doc.events = doc.events[:1]
    again = store.save_document(doc)
    assert again == SaveResult(doc.id, False, 0, 0)
    assert store.get_document(doc.id).title == "Desert towns"
    assert store.count_events() == 3


def test_event_round_trip_and_get_event(store: Store, doc: Document) -> None:
    store.save_document(doc)
    for event in doc.events:
        assert store.get_event(event.id).to_dict() == event.to_dict()
    with pytest.raises(NotFoundError) as err:
        store.get_event("nope")
    assert err.value.code == "E202"
    with pytest.raises(NotFoundError) as err2:
        store.get_document("nope")
    assert err2.value.code == "E205"


def test_rollback_when_an_insert_fails_midway(store: Store, doc: Document) -> None:
    # two events with one id: the document and spans go in, then the second event fails
    doc.events.append(Event.from_dict(doc.events[0].to_dict()))
    with pytest.raises(StoreError) as err:
        store.save_document(doc)
    assert err.value.code == "E203"
    assert not store.has_document(doc.id)
    assert store.stats() == {
        "documents": 0,
        "events": 0,
        "claims": 0,
        "reviews": 0,
        "by_event_type": {},
        "by_review_status": {},
    }
    # nothing half-stored: the spans table is empty too
    with store._engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(store_schema.spans)).scalar_one() == 0


def test_rollback_when_a_late_step_raises(store: Store, doc: Document, monkeypatch: pytest.MonkeyPatch) -> None:
    def boom(self, conn, rows):  # claims are the last step of the transaction
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(Store, "_insert_claims", boom)
    with pytest.raises(StoreError, match="disk on fire"):
        store.save_document(doc)
    assert store.count_events() == 0
    assert not store.has_document(doc.id)
    monkeypatch.undo()
    assert store.save_document(doc).created


def test_filters(store: Store, doc: Document, other_doc: Document) -> None:
    store.save_document(doc)
    store.save_document(other_doc)
    assert store.count_events() == 4
    assert [e.sub_event_type for e in store.events(event_type="Battles")] == [
        "Non-state actor overtakes territory",
        "Government regains territory",
        "Government regains territory",
    ]
    assert store.count_events(sub_event_type="Air/drone strike") == 1
    # actor: case-insensitive substring of actor1, actor2 or an associated actor
    assert store.count_events(actor="turkey") == 1
    assert store.count_events(actor="RUSSIA") == 1
    assert store.count_events(actor="islamic state") == 3
    # place: name, admin1 or admin2
    assert store.count_events(place="qaryat") == 2
    assert store.count_events(place="deir ez") == 1
    assert store.count_events(place="afrin district") == 1
    # dates: ranges overlap the window; ordered by date_start
    ordered = store.events()
    assert [e.date_start for e in ordered] == sorted(e.date_start for e in ordered)
    assert store.count_events(since=date(2017, 9, 25), until=date(2017, 9, 30)) == 1  # "late September"
    assert store.count_events(since=date(2017, 10, 15), until=date(2017, 10, 31)) == 1
    assert store.count_events(since=date(2018, 1, 1)) == 1
    assert store.count_events(until=date(2017, 12, 31)) == 3
    assert store.count_events(document_id=other_doc.id) == 1
    # limit and offset page through the same order
    assert [e.id for e in store.events(limit=2, offset=1)] == [e.id for e in ordered[1:3]]
    # a literal % is not a wildcard
    assert store.count_events(actor="%") == 0


def test_undated_events_sort_last(store: Store, doc: Document) -> None:
    doc.events[0].date_start = None
    doc.events[0].date_end = None
    store.save_document(doc)
    assert store.events()[-1].id == doc.events[0].id
    assert store.count_events(since=date(2000, 1, 1)) == 2


def test_claims_and_documents_listing(store: Store, doc: Document, other_doc: Document) -> None:
    store.save_document(doc)
    store.save_document(other_doc)
    claims = store.claims(document_id=doc.id)
    assert [c.to_dict() for c in claims] == [c.to_dict() for c in doc.claims]
    assert store.claims(kind="threat") == []
    listed = store.documents(limit=10)
    assert [d.id for d in listed] == [doc.id, other_doc.id]
    assert listed[0].events == [] and listed[0].text == doc.text
    assert store.documents(limit=1, offset=1, full=True)[0].events[0].fatalities == 5


def test_reviews_are_separate_rows(store: Store, doc: Document) -> None:
    store.save_document(doc)
    event = doc.events[1]
    t0 = datetime(2018, 3, 1, 9, 0, tzinfo=UTC)
    edit = Review("r1", event.id, "edit", "ana", t0, {"fatalities": 12}, {"fatalities": 9}, "one report says 9")
    assert store.add_review(edit) is True
    assert store.add_review(edit) is False  # same id: nothing changes
    stored = store.get_event(event.id)
    assert stored.review_status == "edited"
    assert stored.fatalities == 12  # the machine coding is kept
    accept = Review("r2", event.id, "accept", "ben", datetime(2018, 3, 2, tzinfo=UTC))
    store.add_review(accept)
    assert store.get_event(event.id).review_status == "accepted"
    assert [r.to_dict() for r in store.reviews(event.id)] == [edit.to_dict(), accept.to_dict()]
    assert store.reviews(doc.events[0].id) == []
    assert store.stats()["by_review_status"] == {"accepted": 1, "unreviewed": 2}


def test_export_of_stored_events_uses_reviews(store: Store, doc: Document) -> None:
    import io

    import pandas as pd

    from syraq.export import export_events

    store.save_document(doc)
    event = doc.events[1]
    store.add_review(Review("r1", event.id, "edit", "ana", datetime(2018, 3, 1, tzinfo=UTC), {}, {"fatalities": 9}))
    events = store.events()
    documents = {d: store.get_document(d) for d in {e.document_id for e in events}}
    buf = io.StringIO()
    assert export_events(events, documents, "acled-csv", buf, reviews=store.reviews()) == 3
    df = pd.read_csv(io.StringIO(buf.getvalue()), dtype=str, keep_default_na=False)
    row = df[df["notes"].str.startswith("Government forces retook")].iloc[0]
    assert (row["fatalities"], row["review_status"]) == ("9", "edited")
    assert row["event_date"] == "2017-10-19" and row["source"] == "Syria Direct"
    assert df.iloc[0]["event_date"] == "2017-09-30"  # "late September", from the stored time expression
    assert store.get_event(event.id).fatalities == 12  # stored machine coding unchanged


def test_bad_reviews_are_refused(store: Store, doc: Document) -> None:
    store.save_document(doc)
    at = datetime(2018, 3, 1, tzinfo=UTC)
    with pytest.raises(NotFoundError):
        store.add_review(Review("r1", "no-such-event", "accept", "ana", at))
    with pytest.raises(StoreError) as err:
        store.add_review(Review("r2", doc.events[0].id, "approve", "ana", at))
    assert err.value.code == "E207"
    with pytest.raises(StoreError) as err2:
        store.add_review(Review("r3", doc.events[0].id, "edit", "ana", at, {}, {"evidence": []}))
    assert err2.value.code == "E208"
    assert store.reviews() == []


def test_unopenable_urls(tmp_path: Path) -> None:
    with pytest.raises(StoreError) as err:
        Store(f"sqlite:///{tmp_path}")  # a folder
    assert err.value.code == "E200"
    with pytest.raises(StoreError) as err:
        Store(f"sqlite:///{tmp_path / 'missing' / 'events.db'}")
    assert err.value.code == "E200"
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"this is not a database, just some text that is long enough" * 100)
    with pytest.raises(StoreError) as err:
        Store(f"sqlite:///{junk}")
    assert err.value.code == "E200"
    with pytest.raises(StoreError) as err:
        Store("not a url")
    assert err.value.code == "E206"
    with pytest.raises(StoreError) as err:
        Store("mysql://localhost/db")
    assert err.value.code == "E206"


def test_newer_schema_is_refused(db_path: Path) -> None:
    Store(f"sqlite:///{db_path}").close()
    con = sqlite3.connect(db_path)
    con.execute("UPDATE alembic_version SET version_num = '9999'")
    con.commit()
    con.close()
    with pytest.raises(StoreError) as err:
        Store(f"sqlite:///{db_path}")
    assert err.value.code == "E201"


def test_in_memory_store(doc: Document) -> None:
    with Store("sqlite://") as s:
        s.save_document(doc)
        assert s.get_document(doc.id).to_dict() == doc.to_dict()
