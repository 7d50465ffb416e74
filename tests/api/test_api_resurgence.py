"""GET /api/hotspots and GET /api/resurgence over a store of hand-built reports."""

from __future__ import annotations

from datetime import date

import h3
import pytest

from .conftest import GOV, IS, PLACES, Api, Spec, build

REPORT_C = (
    "Islamic State fighters attacked an army checkpoint near Qaryatayn on 2 February, killing three soldiers. "
    "On 6 February the militants ambushed a patrol outside Qaryatayn. "
    "A car bomb exploded at the entrance of Qaryatayn on 10 February. "
    "Islamic State gunmen raided a farm near Qaryatayn on 13 February."
)


@pytest.fixture
def rising(api: Api) -> Api:
    """Four IS attacks at Qaryatayn in February 2018, after IS was last seen there in October 2017."""
    doc = build(REPORT_C, "Desert insurgency", date(2018, 2, 14), [
        Spec(0, "attacked", "Attack", "Violence against civilians", "Qaryatayn", date(2018, 2, 2), IS, GOV, 3),
        Spec(1, "ambushed", "Armed clash", "Battles", "Qaryatayn", date(2018, 2, 6), "Islamic State (Syria)", GOV),
        Spec(2, "exploded", "Remote explosive/landmine/IED", "Explosions/Remote violence", "Qaryatayn",
             date(2018, 2, 10), IS),
        Spec(3, "raided", "Attack", "Violence against civilians", "Qaryatayn", date(2018, 2, 13), IS),
    ])
    api.store.save_document(doc)
    api.docs.append(doc)
    return api


def cell_of(name: str, resolution: int = 5) -> str:
    _, lat, lon, _ = PLACES[name]
    return h3.latlng_to_cell(lat, lon, resolution)


def test_hotspots_counts_per_hexagon(rising: Api) -> None:
    r = rising.client.get("/api/hotspots")
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["resolution"] == 5
    counts = {h["cell"]: h["count"] for h in body["items"]}
    assert counts[cell_of("Qaryatayn")] == 6  # two events in October 2017, four in February 2018
    assert counts[cell_of("Saraqib")] == 2  # the strike, and the undated clash (no date filter was given)
    top = body["items"][0]
    assert top["cell"] == cell_of("Qaryatayn")
    assert len(top["boundary"]) == 6 and top["fatalities"] >= 15
    assert {"actor": IS, "count": 6} in top["top_actors"]


def test_hotspots_take_the_event_filters(rising: Api) -> None:
    r = rising.client.get("/api/hotspots", params={"since": "2018-02-01", "event_type": "Violence against civilians"})
    assert r.status_code == 200, r.text
    assert [(h["cell"], h["count"]) for h in r.json()["items"]] == [(cell_of("Qaryatayn"), 2)]
    r = rising.client.get("/api/hotspots", params={"resolution": 3})
    assert all(h["resolution"] == 3 for h in r.json()["items"])


def test_resurgence_flags_the_rising_area(rising: Api) -> None:
    r = rising.client.get("/api/resurgence", params={"actor": "Islamic State", "as_of": "2018-02-14"})
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["actor"] == "Islamic State" and body["as_of"] == "2018-02-14" and body["period_days"] == 30
    (area,) = body["items"]
    assert area["area"] == cell_of("Qaryatayn")
    assert area["counts"] == [1, 0, 0, 4]  # the 21 October retaking names IS as actor2; 1 October is too early
    assert area["rising"] is True
    assert "Rising" in " ".join(area["explanation"])
    assert area["actors"] == [IS]


def test_resurgence_defaults_and_longer_baseline(rising: Api) -> None:
    r = rising.client.get("/api/resurgence", params={"actor": "Islamic State (Syria)", "baseline_periods": 5})
    body = r.json()
    assert r.status_code == 200 and body["as_of"] == "2018-02-13"  # the latest dated event
    (area,) = body["items"]
    assert area["counts"] == [0, 1, 1, 0, 0, 4]  # 180 days from 18 August 2017
    assert r.json()["items"][0]["rising"] is True
    other = rising.client.get("/api/resurgence", params={"actor": "Islamic State (Iraq)"}).json()
    assert other["items"] == []


@pytest.mark.parametrize(
    ("path", "params", "field"),
    [
        ("/api/resurgence", {}, "actor"),
        ("/api/resurgence", {"actor": "   "}, "actor"),
        ("/api/resurgence", {"actor": IS, "period_days": 0}, "period_days"),
        ("/api/resurgence", {"actor": IS, "baseline_periods": "many"}, "baseline_periods"),
        ("/api/resurgence", {"actor": IS, "as_of": "yesterday"}, "as_of"),
        ("/api/resurgence", {"actor": IS, "by": "county"}, "by"),
        ("/api/resurgence", {"actor": IS, "resolution": 16}, "resolution"),
        ("/api/hotspots", {"resolution": -1}, "resolution"),
        ("/api/hotspots", {"event_type": "Picnics"}, "event_type"),
        ("/api/hotspots", {"since": "2018-03-01", "until": "2018-01-01"}, "until"),
    ],
)
def test_bad_values_are_422_in_the_one_shape(rising: Api, path: str, params: dict, field: str) -> None:
    r = rising.client.get(path, params=params)
    assert r.status_code == 422, r.text
    body = r.json()
    assert body["ok"] is False and body["status"] == 422 and body["code"]
    assert any(field in str(e.get("field", "")) for e in body["errors"]), body
