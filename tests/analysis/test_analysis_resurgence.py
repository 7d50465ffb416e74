"""Resurgence (an actor's activity rising in an area) and hotspots (events per H3 hexagon)."""

from __future__ import annotations

from datetime import date, timedelta

import h3
import pytest

from syraq.analysis import (
    AnalysisError,
    actor_matches,
    base_name,
    hotspots,
    load_resurgence_rules,
    parse_resurgence_rules,
    resurgence,
)
from syraq.errors import ConfigError

from .conftest import ARMY, IS, PLACES

AS_OF = date(2018, 2, 14)
ATTACK = "Attack"
CLASH = "Armed clash"


def day(offset: int) -> str:
    """The day ``offset`` days before AS_OF."""
    return (AS_OF - timedelta(days=offset)).isoformat()


@pytest.fixture
def history(make_event):
    """IS in Sukhna: quiet baseline (1 attack a month), then 5 attacks in the latest month.
    IS in Qaryatayn: steady 2 a month in every period (stable). The army elsewhere, on AS_OF."""
    events = []
    for month in (1, 2, 3):  # baseline periods: 30-59, 60-89, 90-119 days back
        events.append(make_event(ATTACK, IS, "Sukhna", day(30 * month + 5)))
    for k in range(5):
        events.append(make_event(ATTACK, IS, "Sukhna", day(2 + 4 * k)))
    for month in (0, 1, 2, 3):
        events.append(make_event(ATTACK, IS, "Qaryatayn", day(30 * month + 3)))
        events.append(make_event(CLASH, ARMY, "Qaryatayn", day(30 * month + 10), actor2=IS))
    events.append(make_event(CLASH, ARMY, "Raqqa", day(0), actor2="QSD: Syrian Democratic Forces"))
    return events


def by_label(areas):
    return {a.label.split(",")[0]: a for a in areas}


def test_rising_area_is_flagged_with_an_explanation(history):
    areas = by_label(resurgence(history, actor="Islamic State", as_of=AS_OF))
    sukhna = areas["As Sukhnah"]
    assert sukhna.rising
    assert sukhna.counts == [1, 1, 1, 5]
    assert sukhna.baseline_mean == pytest.approx(1.0)
    assert sukhna.baseline_sd == pytest.approx(0.0)
    assert sukhna.threshold == pytest.approx(2.5)  # 1 + 1.5 * max(0, min_sd 1)
    assert sukhna.trend > 0
    assert sukhna.area == h3.latlng_to_cell(34.8867, 38.8721, 5)
    assert len(sukhna.boundary) == 6
    assert sukhna.actors == [IS]
    text = " ".join(sukhna.explanation)
    assert "Rising" in text and "5 incidents" in text and "2018-01-16 to 2018-02-14" in text
    assert len(sukhna.event_ids) == 5


def test_stable_area_is_not_flagged(history):
    areas = by_label(resurgence(history, actor="Islamic State", as_of=AS_OF))
    qaryatayn = areas["Al Qaryatayn"]
    assert not qaryatayn.rising
    assert qaryatayn.counts == [2, 2, 2, 2]  # the army's clashes with IS count as IS activity (actor2)
    assert qaryatayn.trend == pytest.approx(0.0)
    assert any(line.startswith("Not rising") for line in qaryatayn.explanation)
    # rising areas come first; Raqqa has no IS activity at all
    assert resurgence(history, actor="Islamic State", as_of=AS_OF)[0].label.startswith("As Sukhnah")
    assert "Ar Raqqah" not in areas


def test_too_few_events_is_not_rising_even_above_the_baseline(make_event):
    events = [make_event(ATTACK, IS, "Sukhna", day(1)), make_event(ATTACK, IS, "Sukhna", day(3))]
    (area,) = resurgence(events, actor=IS, as_of=AS_OF)
    assert area.counts == [0, 0, 0, 2]
    assert area.latest_activity > area.threshold
    assert not area.rising
    assert "fewer than 3" in area.explanation[1]


def test_actor_matching_uses_the_base_name_but_a_country_suffix_is_exact():
    assert base_name("Islamic State (Syria)") == "Islamic State"
    assert base_name("Military Forces of Syria (2000-)") == "Military Forces of Syria (2000-)"
    assert actor_matches("Islamic State", "Islamic State (Iraq)")
    assert actor_matches("islamic state", "Islamic State (Syria)")
    assert actor_matches("Islamic State (Syria)", "Islamic State (Syria)")
    assert not actor_matches("Islamic State (Iraq)", "Islamic State (Syria)")
    assert not actor_matches("Islamic State", "Islamic State-Sinai Province")
    assert not actor_matches("Military Forces of Syria", "Military Forces of Syria (2000-)")


def test_other_countries_match_the_base_name(make_event):
    events = [make_event(ATTACK, "Islamic State (Iraq)", "Sukhna", day(1))]
    assert resurgence(events, actor="Islamic State", as_of=AS_OF)
    assert resurgence(events, actor="Islamic State (Syria)", as_of=AS_OF) == []


def test_incidents_count_once_and_rejected_events_are_ignored(make_event):
    events = []
    for k in range(3):  # three happenings, each reported by two outlets
        for doc in ("a", "b"):
            e = make_event(ATTACK, IS, "Sukhna", day(1 + 5 * k), document_id=doc)
            e.incident_id = f"inc-{k}"
            events.append(e)
    events.append(make_event(ATTACK, IS, "Sukhna", day(2), status="rejected"))
    (area,) = resurgence(events, actor="Islamic State", as_of=AS_OF)
    assert area.latest == 3 and area.rising
    assert len(area.event_ids) == 6
    (reports,) = resurgence(events, actor="Islamic State", as_of=AS_OF, count="reports")
    assert reports.latest == 6


def test_as_of_defaults_to_the_latest_event_of_any_actor(make_event):
    events = [make_event(ATTACK, IS, "Sukhna", "2017-06-01"), make_event(CLASH, ARMY, "Raqqa", "2018-02-14")]
    (area,) = resurgence(events, actor="Islamic State", period_days=90)
    assert area.periods[-1].end == date(2018, 2, 14)
    assert area.counts == [0, 1, 0, 0]


def test_event_type_weights_from_the_rules(make_event):
    rules = load_resurgence_rules()
    assert rules.weight("Protests") < rules.weight("Battles") == 1.0
    events = [make_event("Arrests", IS, "Sukhna", day(k)) for k in (1, 2, 3)]
    (area,) = resurgence(events, actor=IS, as_of=AS_OF)
    assert area.latest == 3 and area.latest_activity == pytest.approx(1.5)
    assert not area.rising  # 1.5 is not above 0 + 1.5 * 1


def test_admin2_areas(make_event, places):
    from dataclasses import replace

    town = replace(places["Sukhna"], admin2="Tadmur District")
    events = [make_event(ATTACK, IS, town, day(k)) for k in (1, 2, 3)]
    events.append(make_event(ATTACK, IS, "Qaryatayn", day(1)))  # no admin2: left out
    (area,) = resurgence(events, actor=IS, as_of=AS_OF, by="admin2")
    assert area.area == "SY/Homs/Tadmur District" and area.kind == "admin2" and area.boundary == []
    assert area.rising


def test_province_level_events_are_not_put_in_a_hexagon(make_event):
    e = make_event(ATTACK, IS, "Sukhna", day(1))
    e.place.geo_precision = 3
    assert resurgence([e], actor=IS, as_of=AS_OF) == []
    assert hotspots([e]) == []


@pytest.mark.parametrize(
    ("kwargs", "name"),
    [
        ({"actor": ""}, "actor"),
        ({"actor": IS, "resolution": 16}, "resolution"),
        ({"actor": IS, "period_days": 0}, "period_days"),
        ({"actor": IS, "baseline_periods": 0}, "baseline_periods"),
        ({"actor": IS, "by": "county"}, "by"),
        ({"actor": IS, "as_of": "last week"}, "as_of"),
        ({"actor": IS, "count": "mentions"}, "count"),
    ],
)
def test_bad_arguments_are_e901(make_event, kwargs, name):
    with pytest.raises(AnalysisError) as info:
        resurgence([make_event(ATTACK, IS, "Sukhna", day(1))], **kwargs)
    assert info.value.code == "E901" and name in str(info.value)


def test_non_events_are_e900():
    with pytest.raises(AnalysisError) as info:
        hotspots([{"id": "x"}])
    assert info.value.code == "E900"


def test_hotspots_count_per_cell(make_event):
    events = [
        make_event(ATTACK, IS, "Sukhna", "2018-01-05"),
        make_event(CLASH, ARMY, "Sukhna", "2018-01-07", actor2=IS),
        make_event(ATTACK, IS, "Hamlet", "2018-01-09"),  # 10 km away: the neighbouring res-5 cell, or the same
        make_event(CLASH, ARMY, "Raqqa", "2018-01-10", actor2=IS),
        make_event(CLASH, ARMY, "Raqqa", "2018-03-10", actor2=IS),
        make_event(ATTACK, IS, "Raqqa", "2018-01-11", status="rejected"),
    ]
    events[0].fatalities, events[1].fatalities = 4, 2
    cells = hotspots(events, resolution=5)
    expected: dict[str, int] = {}
    for e in events[:5]:
        cell = h3.latlng_to_cell(e.place.place.lat, e.place.place.lon, 5)
        expected[cell] = expected.get(cell, 0) + 1
    assert {c.cell: c.count for c in cells} == expected
    sukhna = next(c for c in cells if "As Sukhnah" in c.places)
    assert sukhna.fatalities == 6
    assert sukhna.event_types["Battles"] == 1
    assert dict(sukhna.top_actors)[IS] >= 2
    assert len(sukhna.boundary) == 6
    assert cells == sorted(cells, key=lambda c: (-c.count, -c.fatalities, c.cell))
    # since/until keep events overlapping the window
    raqqa_cell = h3.latlng_to_cell(PLACES["Raqqa"].lat, PLACES["Raqqa"].lon, 5)
    later = hotspots(events, since=date(2018, 2, 1))
    assert [(c.cell, c.count) for c in later] == [(raqqa_cell, 1)]
    assert hotspots(events, until=date(2017, 12, 31)) == []


def test_hotspots_count_incidents_once_with_the_highest_fatalities(make_event):
    a = make_event(ATTACK, IS, "Raqqa", "2018-01-10", document_id="a")
    b = make_event(ATTACK, IS, "Raqqa", "2018-01-10", document_id="b")
    a.fatalities, b.fatalities = 3, 5
    a.incident_id = b.incident_id = "inc-1"
    (cell,) = hotspots([a, b])
    assert (cell.count, cell.reports, cell.fatalities) == (1, 2, 5)
    (cell,) = hotspots([a, b], count="reports")
    assert cell.count == 2
    assert set(cell.to_dict()) >= {"cell", "lat", "lon", "boundary", "count", "fatalities", "event_types", "top_actors"}


def test_coarser_resolution_merges_cells(make_event):
    events = [make_event(ATTACK, IS, "Sukhna", "2018-01-05"), make_event(ATTACK, IS, "Qaryatayn", "2018-01-05")]
    assert len(hotspots(events, resolution=6)) == 2
    assert len(hotspots(events, resolution=1)) == 1


def test_rules_file_is_validated():
    with pytest.raises(ConfigError) as info:
        parse_resurgence_rules({"version": "1", "rising": {"k_sd": -1}})
    assert info.value.code == "E006"
    with pytest.raises(ConfigError):
        parse_resurgence_rules({"version": "1", "activity": {"roles": ["actor3"]}})
    with pytest.raises(ConfigError):
        parse_resurgence_rules({"version": "1", "hotspots": {"max_geo_precision": 4}})
    rules = parse_resurgence_rules({"version": "2", "rising": {"k_sd": 0.5, "min_events": 1}})
    assert (rules.k_sd, rules.min_events) == (0.5, 1)


def test_results_are_json_able(history):
    import json

    areas = resurgence(history, actor="Islamic State", as_of=AS_OF)
    data = json.loads(json.dumps([a.to_dict() for a in areas]))
    assert data[0]["rising"] is True and data[0]["counts"] == [1, 1, 1, 5]
    json.dumps([h.to_dict() for h in hotspots(history)])
