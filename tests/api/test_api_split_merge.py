"""Split into derived events, merge/unmerge, and filters on reviewed values (both backends)."""

from __future__ import annotations

import json
from typing import Any

from fastapi.testclient import TestClient

from syraq.api import create_app
from syraq.api.review import build_reviews, derived_id
from syraq.errors import StoreError
from syraq.store import Store

Api = Any  # the `api` fixture of conftest.py

MAYADEEN = "geonames:170794"


def post(api: Api, event_id: str, body: dict[str, Any], status: int = 201) -> dict[str, Any]:
    resp = api.client.post(f"/api/events/{event_id}/review", json=body, headers=api.auth())
    assert resp.status_code == status, resp.text
    return resp.json()  # type: ignore[no-any-return]


def listed(api: Api, query: str = "") -> list[str]:
    resp = api.client.get(f"/api/events?limit=1000&{query}")
    assert resp.status_code == 200, resp.text
    return [e["id"] for e in resp.json()["items"]]


def split_shelling(api: Api) -> tuple[str, list[str], dict[str, Any]]:
    """Split the Mayadeen shelling into two days, the second moved to Idlib with 3 dead."""
    ev = api.event("Shelling/artillery/missile attack")
    parts = [
        {"date_start": "2017-10-14", "date_end": "2017-10-14"},
        {"date_start": "2017-10-15", "date_end": "2017-10-15", "place": "geonames:169389", "fatalities": 3},
    ]
    body = post(api, ev.id, {"action": "split", "changes": {"parts": parts}, "comment": "two days of shelling"})
    parent_review = next(r for r in body["reviews"] if r["event_id"] == ev.id)
    ids = parent_review["after"]["events"]
    return ev.id, ids, body


def test_split_creates_derived_events_and_hides_the_parent(api: Api) -> None:
    ev = api.event("Shelling/artillery/missile attack")
    [(machine_before,)] = api.query("SELECT data FROM events WHERE id = :id", id=ev.id)
    parent_id, ids, body = split_shelling(api)
    parent_review = next(r for r in body["reviews"] if r["event_id"] == parent_id)
    # ids derive from the parent and the split review, and stay the same when recomputed
    assert ids == [derived_id(parent_id, parent_review["id"], i) for i in range(2)]
    assert len(set(ids)) == 2 and parent_id not in ids
    assert body["event"]["review_status"] == "split"

    # the list shows the parts, not the parent (unless asked for)
    shown = listed(api)
    assert set(ids) <= set(shown) and parent_id not in shown
    assert len(shown) == 6 - 1 + 2
    assert parent_id in listed(api, "include_split=true")
    assert set(listed(api, "review_status=edited")) == set(ids)

    # each part: the parent's evidence and provenance, its own values, a link to the parent
    first, second = (api.client.get(f"/api/events/{i}").json() for i in ids)
    parent = api.client.get(f"/api/events/{parent_id}").json()
    for part in (first, second):
        assert part["review_status"] == "edited"
        assert part["document_id"] == parent["document_id"] and part["rule"] == parent["rule"]
        assert part["evidence"]["sentence"] == parent["evidence"]["sentence"]
        assert part["sentence"] == parent["sentence"]
        assert part["sub_event_type"] == parent["sub_event_type"] and part["actor1"] == parent["actor1"]
        assert any(r["action"] == "split" and r["after"]["split_from"] == parent_id for r in part["reviews"])
    assert first["date_start"] == "2017-10-14" and first["place"]["name"] == "Mayadeen" and first["fatalities"] == 0
    assert second["date_start"] == "2017-10-15" and second["place"]["name"] == "Idlib" and second["fatalities"] == 3
    assert second["machine"]["fatalities"] == 0 and second["machine"]["place"]["place"]["name"] == "Mayadeen"
    assert [p["id"] for p in parent["split_parts"]] == ids
    assert parent["split_parts"][1]["fatalities"] == 3

    # the parent's machine coding is never changed
    [(machine_after,)] = api.query("SELECT data FROM events WHERE id = :id", id=parent_id)
    assert json.loads(machine_after) == json.loads(machine_before)

    # exports carry the parts, not the parent
    lines = [json.loads(x) for x in api.client.get("/api/export?format=jsonl").text.splitlines()]
    exported = {x["id"] for x in lines}
    assert set(ids) <= exported and parent_id not in exported
    # places and stats count the parts where they are now
    places = {p["name"]: p["events"] for p in api.client.get("/api/places").json()["items"]}
    assert places["Idlib"] == 2 and places["Mayadeen"] == 1
    stats = api.client.get("/api/stats").json()
    assert stats["events"] == 7 and stats["by_review_status"]["edited"] == 2

    # a second split of the same event is refused, and nothing is stored
    n_reviews = len(api.store.reviews())
    again = api.client.post(f"/api/events/{parent_id}/review", headers=api.auth(),
                            json={"action": "split", "changes": {"parts": [{}, {}]}})
    assert again.status_code == 422 and again.json()["code"] == "E806"
    assert len(api.store.reviews()) == n_reviews


def test_split_parts_survive_a_restart(api: Api) -> None:
    parent_id, ids, _ = split_shelling(api)
    api.store.close()
    with Store(api.url) as store:
        events = {e.id: e for e in store.events()}
        assert set(ids) <= set(events) and parent_id not in events
        assert store.get_event(parent_id).review_status == "split"
    app = create_app(api.url, static_dir=False)
    with TestClient(app) as client:
        items = {e["id"]: e for e in client.get("/api/events?limit=1000").json()["items"]}
        assert items[ids[1]]["fatalities"] == 3 and items[ids[1]]["place"]["name"] == "Idlib"
    app.state.store.close()


def test_split_parts_inherit_earlier_edits_and_count_in_control(api: Api) -> None:
    retake = api.event("Government regains territory")
    post(api, retake.id, {"action": "edit", "changes": {"fatalities": 4}})
    parts = [{"date_start": "2017-10-21", "date_end": "2017-10-21"},
             {"date_start": "2017-10-23", "date_end": "2017-10-23", "assoc_actor_1": "Military Forces of Russia"}]
    body = post(api, retake.id, {"action": "split", "changes": {"parts": parts}})
    ids = next(r for r in body["reviews"] if r["event_id"] == retake.id)["after"]["events"]
    first, second = (api.client.get(f"/api/events/{i}").json() for i in ids)
    assert first["fatalities"] == 4 and second["fatalities"] == 4  # the parent's reviewed value
    assert second["assoc_actor_1"] == "Military Forces of Russia" and first["assoc_actor_1"] == ""
    assert second["machine"]["fatalities"] == 12
    control = api.client.get("/api/control").json()["items"]
    qaryatayn = next(c for c in control if c["place"]["name"] == "Qaryatayn")
    counted = {i for period in qaryatayn["periods"] for i in period["event_ids"]}
    assert retake.id not in counted and set(ids) <= counted


def test_a_bad_part_refuses_the_whole_split(api: Api) -> None:
    ev = api.event("Peaceful protest")
    resp = api.client.post(f"/api/events/{ev.id}/review", headers=api.auth(), json={
        "action": "split", "changes": {"parts": [{"fatalities": 1}, {"date_end": "2001-01-01"}]}})
    assert resp.status_code == 422 and resp.json()["code"] == "E806"
    assert api.store.reviews() == []
    assert len(api.query("SELECT id FROM events")) == 6


def test_concurrent_splits_store_only_one(api: Api) -> None:
    ev = api.event("Peaceful protest")
    a = build_reviews(api.store, ev.id, "split", {"parts": [{}, {"fatalities": 1}]}, "", "A", lambda _: None)
    b = build_reviews(api.store, ev.id, "split", {"parts": [{}, {"fatalities": 2}]}, "", "B", lambda _: None)
    assert api.store.add_reviews(a) == 3 + 1
    try:
        api.store.add_reviews(b)
    except StoreError as exc:
        assert exc.code == "E810"
    else:
        raise AssertionError("a second split of the same event was stored")
    assert len(api.query("SELECT id FROM events")) == 6 + 2


def test_merged_duplicates_are_hidden_and_unmerge_restores_them(api: Api) -> None:
    keep, dup = api.event("Air/drone strike"), api.event("Armed clash")
    post(api, dup.id, {"action": "accept"})
    post(api, keep.id, {"action": "merge", "changes": {"events": [dup.id]}})
    assert dup.id not in listed(api) and keep.id in listed(api)
    assert dup.id in listed(api, "include_merged=true")
    assert api.client.get(f"/api/events/{dup.id}").json()["review_status"] == "merged"
    assert post(api, keep.id, {"action": "unmerge"}, 422)["code"] == "E806"  # the keeper is not merged

    body = post(api, dup.id, {"action": "unmerge", "comment": "not the same strike"})
    assert {(r["event_id"], r["action"]) for r in body["reviews"]} == {(dup.id, "unmerge"), (keep.id, "unmerge")}
    restored = api.client.get(f"/api/events/{dup.id}").json()
    assert restored["merged_into"] is None and restored["review_status"] == "accepted"
    assert [r["action"] for r in restored["reviews"]] == ["accept", "merge", "unmerge"]
    assert api.client.get(f"/api/events/{keep.id}").json()["merged"] == []
    assert dup.id in listed(api)
    assert dup.id in {e.id for e in api.store.events()}  # what exports and analyses read
    assert post(api, dup.id, {"action": "unmerge"}, 422)["code"] == "E806"


def test_filters_match_reviewed_values(api: Api) -> None:
    strike = api.event("Air/drone strike")  # machine: Saraqib, 2018-02-12, Explosions/Remote violence
    post(api, strike.id, {"action": "edit", "changes": {
        "place": MAYADEEN, "date_start": "2017-10-30", "date_end": "2017-10-30",
        "sub_event_type": "Shelling/artillery/missile attack", "actor1": "Military Forces of Russia"}})
    assert strike.id in listed(api, "place=Mayadeen")
    assert strike.id not in listed(api, "place=Saraqib")
    assert strike.id in listed(api, "bbox=40.3,34.9,40.6,35.1")  # Mayadeen
    assert strike.id not in listed(api, "bbox=36.7,35.8,36.9,35.9")  # Saraqib
    assert strike.id in listed(api, "sub_event_type=Shelling/artillery/missile attack")
    assert strike.id not in listed(api, "sub_event_type=Air/drone strike")
    assert strike.id in listed(api, "actor=russia")
    assert strike.id in listed(api, "since=2017-10-29&until=2017-10-31")
    assert strike.id not in listed(api, "since=2018-02-01")
    places = {p["name"]: p["events"] for p in api.client.get("/api/places").json()["items"]}
    assert places["Mayadeen"] == 2 and places["Saraqib"] == 1
    by_sub = api.client.get("/api/stats").json()["by_sub_event_type"]
    assert by_sub.get("Air/drone strike", 0) == 0 and by_sub["Shelling/artillery/missile attack"] == 2
    # the machine coding stays in the row's JSON
    [(data,)] = api.query("SELECT data FROM events WHERE id = :id", id=strike.id)
    assert json.loads(data)["place"]["place"]["name"] == "Saraqib"


def test_refresh_reviewed_values_rebuilds_the_columns(api: Api) -> None:
    strike = api.event("Air/drone strike")
    post(api, strike.id, {"action": "edit", "changes": {"place": MAYADEEN}})
    # a database written before the columns held reviewed values
    api.store._write(lambda conn: conn.exec_driver_sql(
        "UPDATE events SET place_name = 'Saraqib', lat = 35.8647, lon = 36.8006"))
    assert strike.id not in listed(api, "place=Mayadeen")
    assert api.store.refresh_reviewed_values() == 1
    assert strike.id in listed(api, "place=Mayadeen")
