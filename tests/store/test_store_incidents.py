"""Incidents in the store: grouping after save, incremental joins, idempotence, repair, review."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import create_engine, text

from syraq.errors import NotFoundError, StoreError
from syraq.model import Document, Event, Place, PlaceMention, Span
from syraq.store import Store

GOV = "Military Forces of Syria (2000-)"
SARAQIB = Place("geonames:163099", "Saraqib", 35.8647, 36.8006, country_code="SY", country="Syria", admin1="Idlib")
JANDAIRIS = Place("geonames:169304", "Jandairis", 36.39, 36.72, country_code="SY", country="Syria", admin1="Aleppo")


def report(
    text_: str,
    trigger: str,
    place: Place,
    day: date,
    *,
    sub: str = "Air/drone strike",
    etype: str = "Explosions/Remote violence",
    actor1: str = GOV,
    fatalities: int = 0,
    source: str = "Example Wire",
) -> Document:
    doc = Document(text=text_, url=f"https://example.org/{abs(hash(text_))}", source=source, published=day)
    sentence = Span(0, len(text_), "sentence")
    doc.sentences = [sentence]
    at = text_.index(trigger)
    trig = Span(at, at + len(trigger), "trigger")
    p = text_.index(place.name)
    mention = PlaceMention(Span(p, p + len(place.name), "place"), place, 0.9, 1)
    doc.places = [mention]
    doc.events = [
        Event(
            id=Event.make_id(doc.id, sentence, trig, sub), document_id=doc.id, event_type=etype,
            sub_event_type=sub, evidence=[sentence, trig], rule="test", actor1=actor1,
            actor2="Civilians (Syria)", place=mention, date_start=day, date_end=day, fatalities=fatalities,
        )
    ]
    return doc


def strike_a() -> Document:
    return report("Government warplanes bombed the market of Saraqib on 12 February, killing five civilians.",
                  "bombed", SARAQIB, date(2018, 2, 12), fatalities=5)


def strike_b() -> Document:
    return report("Saraqib's main market was hit by regime shelling on Monday 12 February; seven people died.",
                  "shelling", SARAQIB, date(2018, 2, 12), sub="Shelling/artillery/missile attack", fatalities=7,
                  source="Other Outlet")


def unrelated() -> Document:
    return report("Turkish jets struck Jandairis on 3 February, residents said.", "struck", JANDAIRIS,
                  date(2018, 2, 3), actor1="Military Forces of Turkey (2016-)")


def _sql(store: Store, sql: str) -> list[tuple]:
    return store._read(lambda conn: [tuple(r) for r in conn.execute(text(sql))])


def test_two_reports_of_one_strike_are_one_incident_and_a_third_is_its_own(store: Store) -> None:
    a, b, c = strike_a(), strike_b(), unrelated()
    for doc in (a, b, c):
        store.save_document(doc)
    first = store.assign_incidents_report(a.id)
    assert (first.created, first.joined) == (1, 0)
    second = store.assign_incidents_report(b.id)
    assert (second.created, second.joined) == (0, 1)
    assert second.incident_ids == first.incident_ids  # the second report joined the first one's incident
    third = store.assign_incidents(c.id)
    assert third != first.incident_ids
    assert store.count_incidents() == 2
    inc = store.get_incident(first.incident_ids[0])
    assert inc.sources == [a.id, b.id]
    assert inc.fatalities == 7  # highest count, never the sum
    assert inc.members[1].match is not None and inc.members[1].match.event_id == a.events[0].id
    members = store.incident_members(inc.id)
    assert [m["added_by"] for m in members] == ["machine", "machine"]
    assert members[0]["why"]["why"] == "founded the incident"
    assert "km" in members[1]["why"]["why"] and "shelling" in members[1]["sentence"]
    # the id reaches every reader of events (exports, analysis)
    assert store.get_event(b.events[0].id).incident_id == inc.id
    row = _sql(store, f"SELECT sources, events, fatalities, place_name FROM incidents WHERE id = '{inc.id}'")
    assert row == [(2, 2, 7, "Saraqib")]


def test_assign_is_idempotent_and_repairs_what_a_crash_left(store: Store) -> None:
    a, b = strike_a(), strike_b()
    store.save_document(a)
    store.save_document(b)  # "crash": neither grouped yet
    assert store.unassigned_events() == 2
    ids = store.assign_incidents()  # the repair: every event without a membership
    assert len(set(ids)) == 1 and store.unassigned_events() == 0
    dump = _sql(store, "SELECT * FROM incident_members ORDER BY event_id")
    assert store.assign_incidents() == [] and store.assign_incidents(a.id) == []
    assert _sql(store, "SELECT * FROM incident_members ORDER BY event_id") == dump
    assert store.count_incidents() == 1


def test_candidates_are_found_by_time_and_place_not_the_whole_store(store: Store) -> None:
    a = strike_a()
    store.save_document(a)
    store.assign_incidents(a.id)
    later = report("Government warplanes bombed Saraqib market again on 20 March.", "bombed", SARAQIB,
                   date(2018, 3, 20))
    store.save_document(later)
    result = store.assign_incidents_report(later.id)
    assert (result.created, result.joined) == (1, 0)  # 36 days later: another happening


def test_filters_pages_and_min_sources(store: Store) -> None:
    for doc in (strike_a(), strike_b(), unrelated()):
        store.save_document(doc)
        store.assign_incidents(doc.id)
    assert store.count_incidents(place="saraqib") == 1
    assert store.count_incidents(min_sources=2) == 1
    assert store.count_incidents(since=date(2018, 2, 10)) == 1
    page, cursor = store.incident_page(limit=1)
    assert page[0].founder.place.place.name == "Jandairis" and cursor is not None  # 3 Feb first
    page2, cursor2 = store.incident_page(limit=1, cursor=cursor)
    assert page2[0].founder.place.place.name == "Saraqib" and cursor2 is None
    counts = store.incident_counts()
    assert counts["total"] == 2 and store.event_counts()["total"] == 3
    assert counts["by_day"] == {"2018-02-03": 1, "2018-02-12": 1}


def test_split_and_merge_are_kept_with_the_reviewer_in_the_audit_trail(store: Store) -> None:
    a, b = strike_a(), strike_b()
    for doc in (a, b):
        store.save_document(doc)
        store.assign_incidents(doc.id)
    inc_id = store.get_event(a.events[0].id).incident_id
    ids, [review] = store.review_incident(inc_id, "split", reviewer="Rana", event_ids=[b.events[0].id])
    assert ids[0] == inc_id and len(ids) == 2 and review.action == "split"
    new_id = ids[1]
    assert store.get_incident(new_id).sources == [b.id] and store.get_incident(inc_id).sources == [a.id]
    assert store.incident_members(new_id)[0]["added_by"] == "Rana"
    assert store.get_event(b.events[0].id).incident_id == new_id
    assert store.assign_incidents() == []  # the machine never undoes a reviewer's split
    store.review_incident(inc_id, "merge", reviewer="Omar", other=new_id, comment="same strike")
    with pytest.raises(NotFoundError):
        store.get_incident(new_id)
    assert store.get_incident(inc_id).sources == [a.id, b.id]
    log = store.reviews()
    assert [(r.action, r.reviewer) for r in log] == [("split", "Rana"), ("merge", "Omar")]
    assert log[1].after["from"] == [new_id] and log[0].before["incident_id"] == inc_id
    assert store.get_event(a.events[0].id).review_status == "unreviewed"  # grouping decides no status


def test_bad_reviews_are_refused_with_catalogued_errors(store: Store) -> None:
    a, c = strike_a(), unrelated()
    for doc in (a, c):
        store.save_document(doc)
    ids = store.assign_incidents()
    with pytest.raises(StoreError) as err:
        store.review_incident(ids[0], "split", reviewer="R", event_ids=[a.events[0].id])
    assert err.value.code == "E209"  # nothing would be left
    with pytest.raises(StoreError):
        store.review_incident(ids[0], "split", reviewer="R", event_ids=["nope"])
    with pytest.raises(StoreError):
        store.review_incident(ids[0], "explode", reviewer="R")
    with pytest.raises(NotFoundError):
        store.review_incident("inc-missing", "merge", reviewer="R", other=ids[0])
    assert store.reviews() == []


def test_migration_creates_incident_tables(tmp_path) -> None:
    url = f"sqlite:///{tmp_path / 'm.db'}"
    Store(url).close()
    engine = create_engine(url)
    with engine.connect() as conn:
        version = conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
        cols = {r[1] for r in conn.execute(text("PRAGMA table_info(incident_members)"))}
    engine.dispose()
    assert version == "0003_incidents"
    assert {"incident_id", "event_id", "document_id", "why", "added_at", "added_by"} <= cols
