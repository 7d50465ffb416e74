"""The store methods the API adds: keyset pages, new filters, upgrade from revision 0001, the benchmark."""

from __future__ import annotations

from datetime import date

from syraq.api.bench import fill_store, measure
from syraq.model import Document, Event, Place, PlaceMention, Span
from syraq.store import Store
from syraq.store.migrate import head_revision


def _doc(spec: list[tuple[str, float, float, date | None, date | None]]) -> Document:
    text = " ".join(f"Event {i} happened." for i in range(len(spec)))
    doc = Document(text=text, title="t")
    for i, (name, lat, lon, start, end) in enumerate(spec):
        s = text.index(f"Event {i} ")
        sent = Span(s, s + len(f"Event {i} happened."), "sentence")
        place = Place(id=f"test:{name}", name=name, lat=lat, lon=lon, country_code="FJ", country="Fiji")
        doc.events.append(Event(id=f"e{i}", document_id=doc.id, event_type="Battles", sub_event_type="Armed clash",
                                evidence=[sent], rule="t", place=PlaceMention(sent, place), date_start=start,
                                date_end=end))
    return doc


def test_ranged_event_overlapping_since_and_antimeridian_box(db_url: str) -> None:
    with Store(db_url) as store:
        store.save_document(_doc([
            ("west", -17.0, 179.5, date(2020, 1, 1), date(2020, 1, 31)),  # a month-long event
            ("east", -17.0, -179.5, date(2020, 2, 1), date(2020, 2, 1)),
            ("far", -17.0, 100.0, date(2020, 2, 2), date(2020, 2, 2)),
            ("undated", -17.0, 179.9, None, None),
        ]))
        page, nxt = store.event_page(since=date(2020, 1, 20))
        assert [e.id for e, _ in page] == ["e0", "e1", "e2"] and nxt is None  # undated events have no date to match
        page, _ = store.event_page(bbox=(179.0, -18.0, -179.0, -16.0))
        assert [e.id for e, _ in page] == ["e0", "e1", "e3"]
        # keyset pages of one cross from the dated events into the undated tail
        seen, cursor = [], None
        while True:
            page, cursor = store.event_page(limit=1, cursor=cursor)
            seen += [e.id for e, _ in page]
            if cursor is None:
                break
        assert seen == ["e0", "e1", "e2", "e3"]


def test_a_revision_0001_database_is_upgraded(db_url: str) -> None:
    from alembic import command
    from sqlalchemy import create_engine, inspect, text

    from syraq.store.migrate import alembic_config

    engine = create_engine(db_url.replace("postgresql://", "postgresql+psycopg://", 1))
    with engine.begin() as conn:
        command.upgrade(alembic_config(conn), "0001")
    engine.dispose()
    with Store(db_url) as store:
        assert store.tokens() == []
    engine = create_engine(db_url.replace("postgresql://", "postgresql+psycopg://", 1))
    with engine.connect() as conn:
        assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == head_revision()
        indexes = {ix["name"] for ix in inspect(conn).get_indexes("events")}
    engine.dispose()
    assert {"ix_events_page", "ix_events_type_date", "ix_events_lon_lat"} <= indexes


def test_benchmark_runs_on_a_small_store(db_url: str) -> None:
    url = db_url
    with Store(url) as store:
        assert fill_store(store, 250) == 250
        assert store.count_events() == 250
    result = measure(url, requests=20)
    assert result.events == 250 and result.requests == 20
    assert 0 < result.p50_ms <= result.p95_ms <= result.max_ms
