"""Reading routes: events and filters, cursor pages, evidence, documents, places, analysis, export, stats."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

import pytest

GOV = "Military Forces of Syria (2000-)"
Api = Any  # the `api` fixture of conftest.py: client, store, token, docs


def ids(resp) -> list[str]:  # type: ignore[no-untyped-def]
    assert resp.status_code == 200, resp.text
    return [e["id"] for e in resp.json()["items"]]


def test_events_ordered_by_date_undated_last(api: Api) -> None:
    items = api.client.get("/api/events").json()["items"]
    assert len(items) == 6
    dates = [e["date_start"] for e in items]
    assert dates[:5] == sorted(dates[:5]) and dates[-1] is None
    first = items[0]
    assert first["sub_event_type"] == "Non-state actor overtakes territory"
    assert first["place"]["name"] == "Qaryatayn" and first["review_status"] == "unreviewed"
    assert first["sentence"].startswith("Islamic State fighters captured")


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("bbox=36.5,35.5,37,36.5", {"Peaceful protest", "Air/drone strike", "Armed clash"}),
        ("bbox=40,34,41,36", {"Shelling/artillery/missile attack"}),
        ("since=2018-01-01", {"Peaceful protest", "Air/drone strike"}),
        ("until=2017-10-14", {"Non-state actor overtakes territory", "Shelling/artillery/missile attack"}),
        ("event_type=battles", {"Non-state actor overtakes territory", "Government regains territory", "Armed clash"}),
        ("sub_event_type=Air/drone strike", {"Air/drone strike"}),
        ("actor=protesters", {"Peaceful protest"}),
        ("place=saraq", {"Air/drone strike", "Armed clash"}),
        ("country=SY", {"Non-state actor overtakes territory", "Government regains territory",
                        "Shelling/artillery/missile attack", "Peaceful protest", "Air/drone strike", "Armed clash"}),
        ("country=Lebanon", set()),
        ("admin1=deir ez-zor", {"Shelling/artillery/missile attack"}),
        ("q=KILLING FIVE", {"Air/drone strike"}),
        ("min_confidence=0.9", {"Government regains territory", "Air/drone strike"}),
        ("review_status=accepted", set()),
        ("event_type=Battles&bbox=36,34,38,37&since=2017-10-10", {"Government regains territory"}),
    ],
)
def test_event_filters(api: Api, query: str, expected: set[str]) -> None:
    items = api.client.get(f"/api/events?{query}").json()["items"]
    assert {e["sub_event_type"] for e in items} == expected


def test_q_is_parameterised_not_sql(api: Api) -> None:
    resp = api.client.get("/api/events", params={"q": "' OR 1=1 --"})
    assert resp.status_code == 200 and resp.json()["items"] == []
    resp = api.client.get("/api/events", params={"q": "%"})
    assert resp.json()["items"] == []  # a LIKE wildcard is matched literally


def test_cursor_pages_cover_everything_once_and_are_stable(api: Api) -> None:
    everything = ids(api.client.get("/api/events?limit=1000"))
    seen, cursor, pages = [], None, 0
    while True:
        params = {"limit": 2} | ({"cursor": cursor} if cursor else {})
        body = api.client.get("/api/events", params=params).json()
        seen += [e["id"] for e in body["items"]]
        pages += 1
        cursor = body["next_cursor"]
        if cursor is None:
            break
    assert seen == everything and pages == 3
    # the same cursor gives the same page again
    first = api.client.get("/api/events?limit=2").json()
    again = api.client.get("/api/events", params={"limit": 2, "cursor": first["next_cursor"]}).json()
    assert again == api.client.get("/api/events", params={"limit": 2, "cursor": first["next_cursor"]}).json()
    assert again["items"][0]["id"] == everything[2]


def test_cursor_keeps_filters(api: Api) -> None:
    body = api.client.get("/api/events?event_type=Battles&limit=2").json()
    rest = api.client.get("/api/events", params={"event_type": "Battles", "limit": 2, "cursor": body["next_cursor"]})
    assert [e["sub_event_type"] for e in rest.json()["items"]] == ["Armed clash"]
    assert rest.json()["next_cursor"] is None


def test_event_detail_has_evidence_with_relative_highlights(api: Api) -> None:
    ev = api.event("Government regains territory")
    body = api.client.get(f"/api/events/{ev.id}").json()
    evidence = body["evidence"]
    assert evidence["document"]["title"] == "Desert towns"
    assert evidence["document"]["url"].startswith("https://example.org/")
    assert evidence["rule"] == "codebook:v1:retook"
    sentence = evidence["sentence"]
    assert sentence.startswith("Government forces retook Qaryatayn")
    by_label = {h["label"]: h for h in evidence["highlights"]}
    for label, text in (("trigger", "retook"), ("place", "Qaryatayn")):
        h = by_label[label]
        assert sentence[h["start"] : h["end"]] == text == h["text"]
    assert body["reviews"] == [] and body["machine"] == {} and body["reviewed_fields"] == []


def test_documents(api: Api) -> None:
    body = api.client.get("/api/documents").json()
    assert body["total"] == 2
    assert [d["title"] for d in body["items"]] == ["Idlib week", "Desert towns"]  # newest published first
    assert {d["title"]: (d["events"], d["claims"]) for d in body["items"]} == {
        "Idlib week": (3, 0), "Desert towns": (3, 1)}
    doc_id = body["items"][1]["id"]
    detail = api.client.get(f"/api/documents/{doc_id}").json()
    assert detail["text"].startswith("Islamic State fighters")
    assert len(detail["event_items"]) == 3 and detail["claim_items"][0]["kind"] == "forecast"
    assert "could return" in detail["claim_items"][0]["sentence"]
    paged = api.client.get("/api/documents?limit=1&offset=1").json()
    assert [d["title"] for d in paged["items"]] == ["Desert towns"]


def test_places_and_place_detail(api: Api) -> None:
    items = api.client.get("/api/places").json()["items"]
    counts = {p["name"]: p["events"] for p in items}
    assert counts == {"Qaryatayn": 2, "Saraqib": 2, "Mayadeen": 1, "Idlib": 1}
    assert items[0]["events"] == 2
    filtered = api.client.get("/api/places?since=2018-01-01").json()["items"]
    assert {p["name"]: p["events"] for p in filtered} == {"Saraqib": 1, "Idlib": 1}
    detail = api.client.get("/api/places/geonames:163345").json()
    assert len(detail["events"]) == 2
    periods = detail["control"]["periods"]
    assert [p["actor"] for p in periods][-1] == GOV
    assert api.client.get("/api/places/geonames:169389").json()["control"] is None  # no territorial event


def test_control_and_fragility(api: Api) -> None:
    items = api.client.get("/api/control").json()["items"]
    assert [pc["place"]["name"] for pc in items] == ["Qaryatayn"]
    assert [c["how"] for c in items[0]["changes"]] == ["captured", "regained"]
    assert "retook" in items[0]["changes"][1]["evidence_text"]
    frag = api.client.get("/api/fragility?window_days=30").json()
    assert frag["window_days"] == 30
    top = frag["items"][0]
    assert top["place"]["name"] == "Qaryatayn" and 0 < top["score"] <= 1 and top["explanation"]
    assert api.client.get("/api/fragility?window_days=0").status_code == 422


def test_claims(api: Api) -> None:
    items = api.client.get("/api/claims").json()["items"]
    assert len(items) == 1 and items[0]["cue"] == "could"
    assert api.client.get("/api/claims?kind=threat").json()["items"] == []


def test_stats_by_type_and_week(api: Api) -> None:
    body = api.client.get("/api/stats").json()
    assert body["documents"] == 2 and body["events"] == 6 and body["undated"] == 1
    assert body["by_event_type"] == {"Battles": 3, "Explosions/Remote violence": 2, "Protests": 1}
    weeks = {w["week"]: w["count"] for w in body["by_week"]}
    assert weeks["2017-09-25"] == 1  # Sunday 1 October 2017 is in the week from Monday 25 September
    assert weeks["2018-02-05"] == 1 and weeks["2018-02-12"] == 1
    assert sum(weeks.values()) == 5 and weeks["2017-12-04"] == 0  # empty weeks are there for the histogram
    assert api.client.get("/api/stats?event_type=Protests").json()["events"] == 1


def test_export_formats_follow_filters(api: Api) -> None:
    resp = api.client.get("/api/export?format=acled-csv&event_type=Battles")
    assert resp.status_code == 200 and resp.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(resp.text)))
    assert len(rows) == 3
    geo = api.client.get("/api/export?format=geojson&place=Saraqib").json()
    assert len(geo["features"]) == 2
    lines = api.client.get("/api/export?format=jsonl").text.strip().splitlines()
    assert len(lines) == 6 and json.loads(lines[0])
    parquet = api.client.get("/api/export?format=parquet")
    assert parquet.status_code == 200 and parquet.content[:4] == b"PAR1"
    bad = api.client.get("/api/export?format=xlsx")
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "format"


def test_openapi_documents_every_route(api: Api) -> None:
    spec = api.client.get("/openapi.json").json()
    paths = spec["paths"]
    for path in ("/api/events", "/api/events/{event_id}", "/api/events/{event_id}/review", "/api/documents",
                 "/api/documents/{document_id}", "/api/places", "/api/places/{place_id}", "/api/control",
                 "/api/fragility", "/api/claims", "/api/export", "/api/stats", "/api/gazetteer", "/api/reviews"):
        assert path in paths, path
        for op in paths[path].values():
            assert op.get("summary") and op.get("description"), path
    for name in ("EventPublic", "EventPage", "EventDetail", "DocumentPublic", "ReviewCreate", "ErrorPublic"):
        assert name in spec["components"]["schemas"]


def test_gazetteer_lookup(api: Api) -> None:
    items = api.client.get("/api/gazetteer?q=Mayadeen").json()["items"]
    assert items[0]["place"]["id"] == "geonames:170794"
    assert api.client.get("/api/gazetteer").status_code == 422


def test_security_headers_and_no_cors(api: Api) -> None:
    resp = api.client.get("/api/events", headers={"Origin": "https://evil.example"})
    assert resp.headers["x-content-type-options"] == "nosniff"
    assert "access-control-allow-origin" not in resp.headers
    assert resp.headers["content-type"].startswith("application/json")
