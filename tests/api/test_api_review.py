"""Review with audit, tokens, private mode and the one error shape."""

from __future__ import annotations

import json
from typing import Any

from fastapi.testclient import TestClient

from syraq.api import create_app
from syraq.cli import review as review_cli
from syraq.cli import serve as serve_cli
from syraq.errors import SyraqError

Api = Any  # the `api` fixture of conftest.py


def cli_main(argv: list[str]) -> int:
    """Run the token/review/serve commands as `syraq` will once cli/main.py registers them."""
    import argparse

    parser = argparse.ArgumentParser(prog="syraq")
    sub = parser.add_subparsers(dest="command", required=True)
    review_cli.add_parser(sub)
    serve_cli.add_parser(sub)
    args = parser.parse_args(argv)
    try:
        return int(args.func(args))
    except SyraqError:
        return 1


def assert_error(resp: Any, status: int, code: str, field: str | None = None) -> dict[str, Any]:
    body = resp.json()
    assert resp.status_code == status, resp.text
    assert set(body) == {"ok", "error", "code", "errors", "status"}
    assert body["ok"] is False and body["code"] == code and body["status"] == status and body["error"]
    if field is not None:
        assert field in {e["field"] for e in body["errors"]}, body
    return body


def test_edit_place_shows_reviewed_value_and_keeps_machine_coding(api: Api) -> None:
    ev = api.event("Air/drone strike")  # machine coding: Saraqib
    resp = api.client.post(
        f"/api/events/{ev.id}/review",
        json={"action": "edit", "changes": {"place": "geonames:169389", "fatalities": 7}, "comment": "town is Idlib"},
        headers=api.auth(),
    )
    assert resp.status_code == 201, resp.text
    entry = resp.json()["reviews"][0]
    assert entry["reviewer"] == "Rana Analyst" and entry["action"] == "edit"
    assert entry["before"]["place"]["place"]["name"] == "Saraqib" and entry["before"]["fatalities"] == 5
    assert entry["after"]["place"]["place"]["name"] == "Idlib" and entry["after"]["fatalities"] == 7

    body = api.client.get(f"/api/events/{ev.id}").json()
    assert body["place"]["name"] == "Idlib" and body["fatalities"] == 7
    assert body["review_status"] == "edited" and body["reviewed_fields"] == ["fatalities", "place"]
    assert body["machine"]["place"]["place"]["name"] == "Saraqib" and body["machine"]["fatalities"] == 5
    assert body["reviews"][0]["comment"] == "town is Idlib"
    # the list and exports show the reviewed value too
    listed = next(e for e in api.client.get("/api/events").json()["items"] if e["id"] == ev.id)
    assert listed["place"]["name"] == "Idlib" and listed["reviewed_fields"] == ["fatalities", "place"]
    lines = [json.loads(x) for x in api.client.get("/api/export?format=jsonl").text.splitlines()]
    assert any("Idlib" in json.dumps(x) and x.get("fatalities") == 7 for x in lines)
    # the stored machine coding is unchanged
    stored = api.store.get_event(ev.id)
    assert stored.place.place.name == "Saraqib" and stored.fatalities == 5 and stored.review_status == "edited"
    [(raw_data,)] = api.query("SELECT data FROM events WHERE id = :id", id=ev.id)
    data = raw_data if isinstance(raw_data, dict) else json.loads(raw_data)
    assert data["place"]["place"]["name"] == "Saraqib"


def test_edit_place_from_map_click_and_dates(api: Api) -> None:
    ev = api.event("Armed clash")
    resp = api.client.post(
        f"/api/events/{ev.id}/review",
        json={"action": "edit", "changes": {"place": {"lat": 35.87, "lon": 36.81, "name": "east of Saraqib"},
                                             "date_start": "2018-02-13", "date_end": "2018-02-13"}},
        headers=api.auth(),
    )
    assert resp.status_code == 201, resp.text
    event = resp.json()["event"]
    assert event["place"]["lat"] == 35.87 and event["place"]["source"] == "review"
    assert event["date_start"] == "2018-02-13" and event["date_from_publication"] is False


def test_accept_reject_set_status_and_filter(api: Api) -> None:
    a, r = api.event("Peaceful protest"), api.event("Armed clash")
    assert api.client.post(f"/api/events/{a.id}/review", json={"action": "accept"}, headers=api.auth()).status_code == 201
    assert api.client.post(f"/api/events/{r.id}/review", json={"action": "reject"}, headers=api.auth()).status_code == 201
    statuses = {e["id"]: e["review_status"] for e in api.client.get("/api/events").json()["items"]}
    assert statuses[a.id] == "accepted" and statuses[r.id] == "rejected"
    only = api.client.get("/api/events?review_status=rejected").json()["items"]
    assert [e["id"] for e in only] == [r.id]
    log = api.client.get(f"/api/reviews?event_id={a.id}").json()
    assert [x["action"] for x in log] == ["accept"] and log[0]["reviewer"] == "Rana Analyst"


def test_rejected_capture_leaves_the_control_timeline(api: Api) -> None:
    capture = api.event("Non-state actor overtakes territory")
    api.client.post(f"/api/events/{capture.id}/review", json={"action": "reject"}, headers=api.auth())
    changes = api.client.get("/api/control").json()["items"][0]["changes"]
    assert [c["event_id"] for c in changes] == [api.event("Government regains territory").id]


def test_merge_and_split_are_audited_reviews(api: Api) -> None:
    keep, dup = api.event("Air/drone strike"), api.event("Armed clash")
    resp = api.client.post(f"/api/events/{keep.id}/review", json={"action": "merge", "changes": {"events": [dup.id]}},
                           headers=api.auth())
    assert resp.status_code == 201 and len(resp.json()["reviews"]) == 2
    assert api.client.get(f"/api/events/{keep.id}").json()["merged"] == [dup.id]
    assert api.client.get(f"/api/events/{dup.id}").json()["merged_into"] == keep.id
    assert len(api.client.get("/api/export?format=jsonl").text.splitlines()) == 5  # the duplicate is left out
    ev = api.event("Shelling/artillery/missile attack")
    parts = [{"date_start": "2017-10-14", "date_end": "2017-10-14"}, {"date_start": "2017-10-15", "date_end": "2017-10-15"}]
    resp = api.client.post(f"/api/events/{ev.id}/review", json={"action": "split", "changes": {"parts": parts}},
                           headers=api.auth())
    assert resp.status_code == 201, resp.text
    assert [p["date_start"] for p in api.client.get(f"/api/events/{ev.id}").json()["split_parts"]] == [
        "2017-10-14", "2017-10-15"]
    other = api.event("Peaceful protest")
    assert_error(api.client.post(f"/api/events/{other.id}/review",
                                 json={"action": "merge", "changes": {"events": [other.id]}},
                                 headers=api.auth()), 422, "E806", "changes.events")
    assert_error(api.client.post(f"/api/events/{other.id}/review",
                                 json={"action": "merge", "changes": {"events": ["nope"]}},
                                 headers=api.auth()), 404, "E202")
    # a split event takes no more reviews: its parts do
    assert_error(api.client.post(f"/api/events/{ev.id}/review", json={"action": "accept"}, headers=api.auth()),
                 422, "E806")


def test_bad_reviews_are_refused_with_the_field(api: Api) -> None:
    ev = api.event("Peaceful protest")
    url = f"/api/events/{ev.id}/review"
    cases = [
        ({"action": "edit", "changes": {"confidence": 1.0}}, "E806", "changes.confidence"),
        ({"action": "edit", "changes": {"fatalities": -1}}, "E806", "changes.fatalities"),
        ({"action": "edit", "changes": {"sub_event_type": "Picnic"}}, "E806", "changes.sub_event_type"),
        ({"action": "edit", "changes": {"date_start": "2018-02-30"}}, "E806", "changes.date_start"),
        ({"action": "edit", "changes": {"date_end": "2017-01-01"}}, "E806", "changes.date_end"),
        ({"action": "edit", "changes": {"place": "geonames:0"}}, "E807", "changes.place"),
        ({"action": "edit", "changes": {"place": {"lat": 95, "lon": 0}}}, "E806", "changes.place"),
        ({"action": "accept", "changes": {"fatalities": 1}}, "E806", "changes"),
        ({"action": "destroy"}, "E800", "action"),
        ({"action": "edit", "changes": {}, "extra": 1}, "E800", "extra"),
    ]
    for body, code, field in cases:
        assert_error(api.client.post(url, json=body, headers=api.auth()), 422, code, field)
    assert api.store.reviews(ev.id) == []
    # a sub-event type edit sets its event type
    resp = api.client.post(url, json={"action": "edit", "changes": {"sub_event_type": "protest with intervention"}},
                           headers=api.auth())
    assert resp.json()["event"]["event_type"] == "Protests"
    assert resp.json()["event"]["sub_event_type"] == "Protest with intervention"


def test_writes_need_a_valid_token(api: Api) -> None:
    ev = api.event("Peaceful protest")
    url = f"/api/events/{ev.id}/review"
    resp = api.client.post(url, json={"action": "accept"})
    assert_error(resp, 401, "E801")
    assert resp.headers["www-authenticate"] == "Bearer"
    assert_error(api.client.post(url, json={"action": "accept"}, headers=api.auth("syraq_abcdef_wrong")), 401, "E802")
    assert_error(api.client.post(url, json={"action": "accept"}, headers={"Authorization": "Basic eDp5"}), 401, "E801")
    tid = api.token.split("_")[1]
    assert api.store.revoke_token(tid)
    assert_error(api.client.post(url, json={"action": "accept"}, headers=api.auth()), 401, "E802")
    assert api.store.reviews(ev.id) == []
    assert api.client.get("/api/events").status_code == 200  # reading stays open


def test_tokens_are_stored_hashed(api: Api) -> None:
    raw = api.store.create_token("Second Reviewer")
    assert api.store.verify_token(raw) == "Second Reviewer"
    assert api.store.verify_token(raw + "x") is None and api.store.verify_token("") is None
    secret = raw.split("_", 2)[2]
    everything = api.dump()
    rows = api.query("SELECT salt, digest FROM api_tokens")
    assert raw not in everything and secret not in everything and api.token.split("_", 2)[2] not in everything
    assert len({salt for salt, _ in rows}) == len(rows) == 2  # a salt per token
    assert [t["name"] for t in api.store.tokens()] == ["Rana Analyst", "Second Reviewer"]
    assert all("digest" not in t for t in api.store.tokens())


def test_private_mode_needs_a_token_to_read(api: Api) -> None:
    app = create_app(api.url, private=True, static_dir=False)
    with TestClient(app) as client:
        assert_error(client.get("/api/events"), 401, "E801")
        assert client.get("/api/events", headers=api.auth()).status_code == 200


def test_error_shape_on_404_422_405(api: Api) -> None:
    assert_error(api.client.get("/api/events/0000000000000000"), 404, "E202")
    assert_error(api.client.get("/api/documents/nope"), 404, "E205")
    assert_error(api.client.get("/api/places/geonames:1"), 404, "E807")
    assert_error(api.client.post("/api/events/nope/review", json={"action": "accept"}, headers=api.auth()), 404, "E202")
    assert_error(api.client.get("/api/reviews?event_id=nope"), 404, "E202")
    assert_error(api.client.get("/api/nothing"), 404, "E803")
    assert_error(api.client.delete("/api/events"), 405, "E804")
    for query, field in [("bbox=1,2,3", "bbox"), ("bbox=a,b,c,d", "bbox"), ("bbox=0,50,10,40", "bbox"),
                         ("since=2018-13-01", "since"), ("until=x", "until"), ("since=2018-02-01&until=2018-01-01", "until"),
                         ("event_type=Picnics", "event_type"), ("sub_event_type=x", "sub_event_type"),
                         ("review_status=maybe", "review_status"), ("min_confidence=2", "min_confidence"),
                         ("min_confidence=nan", "min_confidence"), ("limit=0", "limit"), ("limit=abc", "limit"),
                         ("cursor=!!!", "cursor"), ("cursor=WzEsMl0", "cursor")]:
        assert_error(api.client.get(f"/api/events?{query}"), 422, "E800", field)


def test_cli_token_and_review_log(api: Api, capsys: Any) -> None:
    assert cli_main(["token", "create", "CLI Reviewer", "--db", api.url]) == 0
    raw = capsys.readouterr().out.strip()
    assert api.store.verify_token(raw) == "CLI Reviewer"
    ev = api.event("Peaceful protest")
    api.client.post(f"/api/events/{ev.id}/review", json={"action": "edit", "changes": {"fatalities": 2}},
                    headers=api.auth(raw))
    assert cli_main(["review", "log", "--event", ev.id, "--db", api.url]) == 0
    out = capsys.readouterr().out
    assert "CLI Reviewer" in out and "fatalities: 0 -> 2" in out
    assert cli_main(["review", "log", "--event", "nope", "--db", api.url]) == 1


def test_serve_parser_defaults_to_localhost() -> None:
    import argparse

    parser = argparse.ArgumentParser(prog="syraq")
    serve_cli.add_parser(parser.add_subparsers(dest="command"))
    args = parser.parse_args(["serve"])
    assert (args.host, args.port, args.private, args.cors_origin) == ("127.0.0.1", 8000, False, [])
