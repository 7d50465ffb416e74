"""`syraq report`: the self-contained HTML brief (TopoJSON decoding, SVG, escaping, the CLI)."""

from __future__ import annotations

import argparse
import json
import re
from datetime import date
from pathlib import Path

import pytest

from syraq.cli import report as report_cli
from syraq.errors import ExportError, SyraqError
from syraq.model import Document, Event, Place, PlaceMention, Span
from syraq.store import Store
from syraq.web import report
from syraq.web.vendor import world_atlas_path

GOV = "Military Forces of Syria (2000-)"
IS = "Islamic State (Syria)"


def cli(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="syraq")
    report_cli.add_parser(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(argv)
    try:
        return int(args.func(args))
    except SyraqError:
        return 1


# ------------------------------------------------------------ TopoJSON


def test_decode_quantized_topology_with_shared_reversed_arcs() -> None:
    # two unit squares side by side sharing the arc x=1; quantized with scale 0.5, translate (10, 20)
    topo = {
        "type": "Topology",
        "transform": {"scale": [0.5, 0.5], "translate": [10, 20]},
        "arcs": [
            [[2, 0], [0, 2]],             # shared edge: (2,0)->(2,2)
            [[2, 2], [-2, 0], [0, -2], [2, 0]],  # left square's other edges back to the start
            [[2, 0], [2, 0], [0, 2], [-2, 0]],   # right square's other edges, ending at (2,2)
        ],
        "objects": {"countries": {"type": "GeometryCollection", "geometries": [
            {"type": "Polygon", "arcs": [[0, 1]], "properties": {"name": "West"}},
            {"type": "MultiPolygon", "arcs": [[[2, ~0]]], "properties": {"name": "East"}},
            {"type": None, "properties": {"name": "Nowhere"}},
        ]}},
    }
    features = report.decode_topojson(topo)
    assert [name for name, _ in features] == ["West", "East"]
    west = features[0][1][0][0]
    assert west == [(11.0, 20.0), (11.0, 21.0), (10.0, 21.0), (10.0, 20.0), (11.0, 20.0)]
    east = features[1][1][0][0]
    # the shared arc is walked backwards and its first point (the join) is not repeated
    assert east == [(11.0, 20.0), (12.0, 20.0), (12.0, 21.0), (11.0, 21.0), (11.0, 20.0)]


def test_decode_plain_arcs_and_bad_input() -> None:
    topo = {"type": "Topology", "arcs": [[[35.0, 32.0], [42.0, 32.0], [42.0, 37.0], [35.0, 32.0]]],
            "objects": {"countries": {"geometries": [{"type": "Polygon", "arcs": [[0]], "properties": {"name": "S"}}]}}}
    assert report.decode_topojson(topo)[0][1][0][0][1] == (42.0, 32.0)
    with pytest.raises(ValueError):
        report.decode_topojson({"type": "FeatureCollection"})
    with pytest.raises(ValueError):
        report.decode_topojson(topo, "land")


def test_bad_outline_file_is_a_catalogued_error(tmp_path: Path) -> None:
    bad = tmp_path / "countries.json"
    bad.write_text("{not json")
    with pytest.raises(ExportError) as err:
        report.load_outlines(bad)
    assert err.value.code == "E1101"


@pytest.mark.skipif(world_atlas_path() is None, reason="world-atlas not vendored: run make install")
def test_vendored_world_atlas_has_syria() -> None:
    outlines = report.load_outlines()
    assert outlines is not None and len(outlines) > 200
    syria = dict(outlines)["Syria"]
    lons = [lon for poly in syria for ring in poly for lon, _ in ring]
    lats = [lat for poly in syria for ring in poly for _, lat in ring]
    assert 35 < min(lons) < 36.5 and 42 < max(lons) < 43 and 32 < min(lats) < 33 and 37 < max(lats) < 37.5


# ------------------------------------------------------------ rendering


def _event(doc: Document, text: str, needle: str, sub: str, etype: str, place: Place, day: date, a1: str, a2: str,
           deaths: int = 0) -> Event:
    start = text.index(needle)
    end = text.find(". ", start)
    sent = Span(text.rfind(". ", 0, start) + 2 if ". " in text[:start] else 0, len(text) if end < 0 else end + 1,
                "sentence")
    trig = Span(start, start + len(needle), "trigger")
    mention = PlaceMention(Span(start, start + len(needle), "place"), place, 0.9, 1, [], "test")
    return Event(id=Event.make_id(doc.id, sent, trig, sub), document_id=doc.id, event_type=etype, sub_event_type=sub,
                 evidence=[sent, trig], rule="test:v1", actor1=a1, actor2=a2, place=mention, date_start=day,
                 date_end=day, fatalities=deaths, confidence=0.8)


TOWN = Place(id="geonames:1", name="Tell <Abyad>", lat=36.70, lon=38.95, feature_class="P", country_code="SY",
             country="Syria", source="geonames")


def hand_store(url: str) -> Store:
    text = ("Rebels captured Tell Abyad on 2 June & held it. "
            "The army retook Tell Abyad on 20 June, killing 9 <script>alert(1)</script> fighters. "
            "Rebels seized Tell Abyad again on 1 July.")
    doc = Document(text=text, url="https://example.org/x", source="Wire", title="North <i>front</i>",
                   published=date(2017, 7, 2), language="en")
    doc.events = [
        _event(doc, text, "captured", "Non-state actor overtakes territory", "Battles", TOWN, date(2017, 6, 2),
               "Opposition Fighters (Syria)", GOV),
        _event(doc, text, "retook", "Government regains territory", "Battles", TOWN, date(2017, 6, 20), GOV,
               "Opposition Fighters (Syria)", 9),
        _event(doc, text, "seized", "Non-state actor overtakes territory", "Battles", TOWN, date(2017, 7, 1),
               "Opposition Fighters (Syria)", GOV),
    ]
    store = Store(url)
    store.save_document(doc)
    return store


def test_report_escapes_text_has_no_script_and_shows_control(tmp_path: Path) -> None:
    store = hand_store(f"sqlite:///{tmp_path / 'r.db'}")
    try:
        data = report.build_report(store, date(2017, 6, 1), date(2017, 7, 31))
    finally:
        store.close()
    page = report.render_report(data, outlines=None)
    assert "<script" not in page.lower() and "alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "Tell &lt;Abyad&gt;" in page and "<Abyad>" not in page
    assert "North &lt;i&gt;front&lt;/i&gt;" in page
    assert "http://" not in page.replace("http://www.w3.org/2000/svg", "")  # nothing loads from outside
    assert "Country outlines are not installed" in page  # the fallback note
    assert page.count("<circle") == 1  # three events, one place: one dot
    assert len(data.control_changes) == 3
    assert [c["change"].how for c in data.control_changes] == ["captured", "regained", "captured"]
    assert data.fragile and data.fragile[0].place.name == "Tell <Abyad>"
    assert any("reverted" in line for line in data.fragile[0].explanation)
    # the weekly chart covers every week of the period
    weeks = report.weekly_counts(data.events, data.since, data.until)
    assert weeks[0][0] == date(2017, 5, 29) and sum(n for _, n in weeks) == 3 and len(weeks) == 10


def test_map_is_fitted_to_the_events_and_clips_outlines() -> None:
    ev = Event(id="e1", document_id="d", event_type="Battles", sub_event_type="Armed clash", evidence=[Span(0, 1)],
               rule="r", place=PlaceMention(Span(0, 1), TOWN, 1.0, 1, [], "t"))
    far = ("Far", [[[(100.0, 0.0), (101.0, 0.0), (101.0, 1.0), (100.0, 0.0)]]])
    near = ("Near", [[[(37.0, 35.0), (40.0, 35.0), (40.0, 38.0), (37.0, 35.0)]]])
    svg = report.map_svg([ev], [far, near], width=400, height=300)
    assert "<title>Near</title>" in svg and "<title>Far</title>" not in svg
    cx, cy = (float(v) for v in re.search(r'<circle cx="([\d.]+)" cy="([\d.]+)"', svg).groups())
    assert (cx, cy) == (200.0, 150.0)  # one place: the map centres on it


def test_an_event_whose_place_was_left_unresolved_is_drawn_nowhere() -> None:
    placed = Event(id="e1", document_id="d", event_type="Battles", sub_event_type="Armed clash", evidence=[Span(0, 1)],
                   rule="r", place=PlaceMention(Span(0, 1), TOWN, 1.0, 1, [], "t"))
    unresolved = Event(id="e2", document_id="d", event_type="Battles", sub_event_type="Armed clash",
                       evidence=[Span(0, 1)], rule="r", place=PlaceMention(Span(2, 5), None, 0.0, 1, [], "unresolved"))
    svg = report.map_svg([placed, unresolved], None, width=400, height=300)
    assert svg.count("<circle") == 1
    assert "no map" in report.map_svg([unresolved], None)


def test_cli_writes_report_and_refuses_reversed_period(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'r.db'}"
    hand_store(url).close()
    out = tmp_path / "brief.html"
    assert cli(["report", "--since", "2017-06-01", "--until", "2017-07-31", "--db", url, "-o", str(out)]) == 0
    html = out.read_text(encoding="utf-8")
    assert html.startswith("<!doctype html>") and "Conflict brief, 2017-06-01 to 2017-07-31" in html
    assert cli(["report", "--since", "2017-08-01", "--until", "2017-07-31", "--db", url, "-o", str(out)]) == 1
    assert cli(["report", "--since", "2017-06-01", "--until", "2017-07-31", "--db", url,
                "-o", str(tmp_path / "missing" / "x.html")]) == 1


@pytest.mark.slow
def test_report_on_the_bundled_example_shows_the_reversals(tmp_path: Path) -> None:
    from syraq.build import default_pipeline
    from syraq.cli.demo import example_document

    url = f"sqlite:///{tmp_path / 'demo.db'}"
    with Store(url) as store:
        store.save_document(default_pipeline()(example_document()))
        data = report.write_report(store, date(2017, 1, 1), date(2018, 2, 15), tmp_path / "brief.html")
    page = (tmp_path / "brief.html").read_text(encoding="utf-8")
    changes = {}
    for item in data.control_changes:
        changes.setdefault(item["place"].name, []).append((item["change"].how, item["change"].to_actor))
    qaryatayn = next(v for k, v in changes.items() if "Qaryatayn" in k)
    sukhna = next(v for k, v in changes.items() if "Sukhn" in k)
    assert ("captured", IS) in qaryatayn and ("regained", GOV) in qaryatayn
    assert ("captured", IS) in sukhna and ("regained", GOV) in sukhna
    fragile = {f.place.name: f for f in data.fragile}
    for name in (n for n in fragile if "Qaryatayn" in n or "Sukhn" in n):
        assert fragile[name].reversals and any("reverted" in line for line in fragile[name].explanation)
    assert sum(1 for n in fragile if "Qaryatayn" in n or "Sukhn" in n) == 2
    assert "Qaryatayn" in page and "Sukhna" in page and "control reverted" in page
    assert "<svg class=\"map\"" in page and page.count("<circle") >= 5
    json.dumps([c["change"].to_dict() for c in data.control_changes])  # plain data all the way
