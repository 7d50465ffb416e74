"""/api/incidents, the incident review (split/merge with an audit entry) and stats count=incidents|reports."""

from __future__ import annotations

from datetime import date

from syraq.store import Store

from .conftest import GOV, Api, Spec, build

SECOND_REPORT = (
    "Regime aircraft struck the crowded market in Saraqib on 12 February; seven people were killed. "
    "Residents said rescue teams worked through the night."
)


def second_report():
    return build(SECOND_REPORT, "Saraqib market", date(2018, 2, 13), [
        Spec(0, "struck", "Air/drone strike", "Explosions/Remote violence", "Saraqib", date(2018, 2, 12), GOV,
             fatalities=7),
    ])


def grouped(api: Api) -> str:
    """Store the second report of the Saraqib strike and group everything; the strike's incident id."""
    doc = second_report()
    with Store(api.url) as store:
        store.save_document(doc)
        store.assign_incidents()
        return store.get_event(doc.events[0].id).incident_id


def test_two_reports_of_one_strike_are_one_incident_with_sources_and_why(api: Api) -> None:
    strike_id = grouped(api)
    page = api.client.get("/api/incidents?limit=100").json()
    assert page["total"] == 6  # 7 events, two of them one strike
    strike = next(i for i in page["items"] if i["id"] == strike_id)
    assert strike["sources"] == 2 and strike["fatalities"] == 7 and strike["place"] == "Saraqib"
    detail = api.client.get(f"/api/incidents/{strike_id}").json()
    assert detail["members"][0]["why"] == "founded the incident"
    second = detail["members"][1]
    assert second["added_by"] == "machine" and "km" in second["why"] and second["match"]["days_apart"] == 0
    sentences = sorted(m["sentence"][:15] for m in detail["members"])
    assert sentences == ["An airstrike hi", "Regime aircraft"]  # each source with its own evidence
    assert second["event"]["incident_id"] == strike_id
    filtered = api.client.get("/api/incidents", params={"min_sources": 2}).json()
    assert [i["id"] for i in filtered["items"]] == [strike_id]
    assert api.client.get("/api/incidents", params={"place": "mayadeen"}).json()["total"] == 1
    assert api.client.get("/api/incidents/inc-nope").json()["code"] == "E210"


def test_pages_follow_the_cursor(api: Api) -> None:
    grouped(api)
    seen, cursor = [], None
    while True:
        params = {"limit": 2} | ({"cursor": cursor} if cursor else {})
        body = api.client.get("/api/incidents", params=params).json()
        seen += [i["id"] for i in body["items"]]
        cursor = body["next_cursor"]
        if not cursor:
            break
    assert len(seen) == len(set(seen)) == 6


def test_stats_count_incidents_by_default_and_reports_on_request(api: Api) -> None:
    grouped(api)
    incidents = api.client.get("/api/stats").json()
    reports = api.client.get("/api/stats", params={"count": "reports"}).json()
    assert incidents["count"] == "incidents" and incidents["events"] == 6
    assert reports["count"] == "reports" and reports["events"] == 7
    assert incidents["by_event_type"]["Explosions/Remote violence"] == reports["by_event_type"][
        "Explosions/Remote violence"] - 1
    assert incidents["incidents"] == 6 and incidents["reports"] == 7
    assert api.client.get("/api/stats", params={"count": "documents"}).status_code == 422


def test_split_and_merge_need_a_token_and_are_in_the_review_log(api: Api) -> None:
    strike_id = grouped(api)
    detail = api.client.get(f"/api/incidents/{strike_id}").json()
    moved = detail["members"][1]["event"]["id"]
    body = {"action": "split", "event_ids": [moved], "comment": "different strike"}
    assert api.client.post(f"/api/incidents/{strike_id}/review", json=body).status_code == 401
    r = api.client.post(f"/api/incidents/{strike_id}/review", json=body, headers=api.auth())
    assert r.status_code == 201, r.text
    first, new = r.json()["incidents"]
    assert first["sources"] == 1 and new["event_ids"] == [moved]
    assert api.client.get("/api/stats").json()["events"] == 7
    member = api.client.get(f"/api/incidents/{new['id']}").json()["members"][0]
    assert member["added_by"] == "Rana Analyst" and "split" in member["why"]
    merge = {"action": "merge", "other": new["id"]}
    r = api.client.post(f"/api/incidents/{strike_id}/review", json=merge, headers=api.auth())
    assert r.status_code == 201 and r.json()["incidents"][0]["sources"] == 2
    assert api.client.get(f"/api/incidents/{new['id']}").status_code == 404
    log = api.client.get("/api/reviews").json()
    assert [(e["action"], e["reviewer"]) for e in log] == [("split", "Rana Analyst"), ("merge", "Rana Analyst")]
    assert log[0]["after"]["incident_id"] == new["id"] and log[1]["after"]["from"] == [new["id"]]
    bad = api.client.post(f"/api/incidents/{strike_id}/review", json={"action": "split", "event_ids": ["x"]},
                          headers=api.auth())
    assert bad.status_code == 422 and bad.json()["code"] == "E209"
    assert api.client.post(f"/api/incidents/{strike_id}/review", json={"action": "explode"},
                           headers=api.auth()).status_code == 422


def test_exports_carry_the_incident_id(api: Api) -> None:
    strike_id = grouped(api)
    lines = api.client.get("/api/export", params={"format": "jsonl"})
    assert lines.status_code == 200
    assert sum(strike_id in line for line in lines.text.splitlines()) == 2
    geo = api.client.get("/api/export", params={"format": "geojson"}).json()
    assert sum(f["properties"]["incident_id"] == strike_id for f in geo["features"]) == 2
    csv_header = api.client.get("/api/export", params={"format": "acled-csv"}).text.splitlines()[0]
    assert "incident_id" not in csv_header  # the ACLED column set is fixed
