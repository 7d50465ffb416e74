"""Incidents: cross-report grouping with explanations, per rule family of incidents-v1.toml."""

from __future__ import annotations

import dataclasses
import random
from datetime import date

import pytest

from syraq.analysis.control import AnalysisError
from syraq.analysis.incidents import group_incidents, load_rules, match_events, parse_rules
from syraq.errors import ConfigError
from syraq.model import Event, Place, PlaceMention, Span

SARAQIB = (35.8617, 36.8000)
NEAR_SARAQIB = (35.8700, 36.8000)  # 0.9 km north: the same town as another gazetteer places it
AFIS = (35.8900, 36.8000)  # 3.1 km north: a neighbouring village
IDLIB = (35.9306, 36.6339)  # ~17 km away


def ev(
    eid: str,
    doc: str,
    *,
    sub: str = "Air/drone strike",
    etype: str = "Explosions/Remote violence",
    day: date = date(2018, 2, 5),
    end: date | None = None,
    precision: str = "day",
    where: tuple[float, float] = SARAQIB,
    place_id: str = "geonames:163345",
    geo: int = 1,
    actor1: str = "Military Forces of Syria (2000-)",
    actor2: str = "Civilians (Syria)",
    fatalities: int = 0,
) -> Event:
    place = Place(place_id, "Saraqib", *where)
    return Event(
        id=eid,
        document_id=doc,
        event_type=etype,
        sub_event_type=sub,
        evidence=[Span(0, 10, "sentence")],
        rule="test",
        actor1=actor1,
        actor2=actor2,
        place=PlaceMention(Span(0, 7, "place"), place, 1.0, geo),
        date_start=day,
        date_end=end or day,
        date_precision=precision,
        fatalities=fatalities,
    )


def test_two_reports_of_one_strike_form_one_incident_with_reasons() -> None:
    a = ev("a", "doc1", fatalities=3)
    b = ev("b", "doc2", sub="Shelling/artillery/missile attack", where=NEAR_SARAQIB, place_id="other:1", fatalities=5)
    [incident] = group_incidents([a, b])
    assert incident.sources == ["doc1", "doc2"]
    assert incident.members[0].match is None
    why = incident.members[1].match
    assert why is not None and why.event_id == "a" and why.days_apart == 0
    assert why.distance_km == pytest.approx(0.92, abs=0.05)
    assert "same family: remote" in why.family and why.actors.startswith("shared")
    assert incident.fatalities == 5  # the highest count, never the sum
    assert a.incident_id == b.incident_id == incident.id


def test_same_document_never_merges() -> None:
    assert len(group_incidents([ev("a", "doc1"), ev("b", "doc1")])) == 2


def test_neighbouring_villages_are_different_happenings() -> None:
    # both precise (geo 1), different places, 3 km apart: two villages shelled the same day
    assert len(group_incidents([ev("a", "d1"), ev("b", "d2", where=AFIS, place_id="geonames:1")])) == 2


def test_distance_window_grows_with_coarser_geo_precision() -> None:
    town = ev("a", "d1")
    region = ev("b", "d2", where=IDLIB, place_id="geonames:169389", geo=3)  # "in Idlib province"
    near = ev("c", "d3", where=IDLIB, place_id="geonames:169389", geo=2)
    rules = load_rules()
    assert rules.distance_km[2] < 17 < rules.distance_km[3]
    assert match_events(region, town) is not None
    assert match_events(near, town) is None


def test_date_window_grows_with_coarser_time_precision() -> None:
    day1 = ev("a", "d1", day=date(2018, 2, 5))
    next_day = ev("b", "d2", day=date(2018, 2, 6))
    this_week = ev("c", "d3", day=date(2018, 2, 1), end=date(2018, 2, 3), precision="week")
    assert match_events(next_day, day1) is None  # two day-precise dates must agree
    match = match_events(this_week, day1)
    assert match is not None and match.days_apart == 2 and match.max_days == load_rules().window_days[2]


def test_families_same_compatible_and_incompatible() -> None:
    strike = ev("a", "d1")
    clash = ev("b", "d2", sub="Armed clash", etype="Battles", actor2="Opposition Rebels (Syria)")
    protest = ev("c", "d3", sub="Peaceful protest", etype="Protests", actor1="Protesters (Syria)", actor2="")
    old_style = ev("d", "d4", sub="", etype="Explosions/Remote violence")  # no sub-type: family from the type
    assert "compatible families" in match_events(clash, strike).family  # type: ignore[union-attr]
    assert match_events(protest, strike) is None
    assert "same family: remote" in match_events(old_style, strike).family  # type: ignore[union-attr]


def test_actor_rules() -> None:
    army = ev("a", "d1", actor2="Opposition Rebels (Syria)")
    russia = ev("b", "d2", actor1="Military Forces of Russia", actor2="Opposition Rebels (Syria)")
    allied = ev("c", "d3", actor1="Allied Syrian and/or Russian Forces", actor2="")
    vs_is = ev("d", "d4", actor2="Islamic State (Syria)")
    unknown = ev("e", "d5", actor1="Unidentified Armed Group (Syria)", actor2="Civilians (Syria)")
    turkey = ev("f", "d6", actor1="Military Forces of Turkey (2016-)", actor2="")
    same_army = ev("g", "d7", actor1="Military Forces of Syria (2000-)", actor2="")
    assert match_events(same_army, army).actors == "shared: Military Forces of Syria (2000-)"  # type: ignore[union-attr]
    assert match_events(russia, army) is None  # a Russian strike and a Syrian one are two happenings
    assert match_events(allied, army).actors.startswith("same side")  # type: ignore[union-attr]
    assert match_events(vs_is, army) is None  # army vs rebels is not army vs IS
    assert match_events(unknown, army).actors == "unnamed on one side"  # type: ignore[union-attr]
    assert match_events(turkey, army) is None


def test_incremental_join_keeps_ids_and_is_idempotent() -> None:
    first = group_incidents([ev("a", "d1"), ev("x", "d9", day=date(2018, 1, 2))])
    ids = [i.id for i in first]
    later = group_incidents([ev("b", "d2", where=NEAR_SARAQIB, place_id="other:1")], existing=first)
    assert [i.id for i in later] == ids  # b joined a's incident; no id changed, no new incident
    assert [[e.id for e in i.events] for i in later] == [["x"], ["a", "b"]]
    assert len(first[0].events) + len(first[1].events) == 2  # existing incidents were not changed
    again = group_incidents([ev("b", "d2", where=NEAR_SARAQIB, place_id="other:1")], existing=later)
    assert [len(i.events) for i in again] == [len(i.events) for i in later]


def test_deterministic_whatever_the_input_order() -> None:
    events = [
        ev("a", "d1"),
        ev("b", "d2", where=NEAR_SARAQIB, place_id="o:1"),
        ev("c", "d3", where=AFIS, place_id="o:2"),
        ev("d", "d4", day=date(2018, 2, 9)),
        ev("e", "d5", where=IDLIB, place_id="o:3", geo=3),
    ]
    expected = sorted((i.id, tuple(sorted(e.id for e in i.events))) for i in group_incidents(events))
    rng = random.Random(7)
    for _ in range(5):
        shuffled = events[:]
        rng.shuffle(shuffled)
        assert sorted((i.id, tuple(sorted(e.id for e in i.events))) for i in group_incidents(shuffled)) == expected


def test_no_chaining_every_member_must_match() -> None:
    # b is 4.5 km from a and 4.5 km from c (both geo 2, max 15 km) but a-c is 9 km: all fit.
    # with geo 1 same-town rule, a and c (different places) must stay apart even if b links both.
    a = ev("a", "d1", where=(35.8617, 36.80), place_id="p:a")
    b = ev("b", "d2", where=(35.8617, 36.85), place_id="p:b", geo=2)
    c = ev("c", "d3", where=(35.8617, 36.90), place_id="p:c")
    incidents = group_incidents([a, b, c])
    assert not any({"a", "c"} <= {e.id for e in i.events} for i in incidents)


def test_events_without_place_or_date_stay_alone() -> None:
    a = ev("a", "d1")
    b = dataclasses.replace(ev("b", "d2"), place=None)
    c = dataclasses.replace(ev("c", "d3"), date_start=None, date_end=None)
    assert len(group_incidents([a, b, c])) == 3


def test_non_event_is_a_catalogued_error() -> None:
    with pytest.raises(AnalysisError) as err:
        group_incidents([ev("a", "d1"), {"id": "b"}])  # type: ignore[list-item]
    assert err.value.code == "E900"


def test_malformed_rules_are_e006() -> None:
    with pytest.raises(ConfigError) as err:
        parse_rules({"families": {"a": ["Attack"]}, "distance_km": {"1": 1}, "window_days": {"1": 0, "2": 1, "3": 2}})
    assert err.value.code == "E006"
    with pytest.raises(ConfigError):
        parse_rules(
            {
                "families": {"a": ["Attack"]},
                "compatible": {"pairs": [["a", "nope"]]},
                "distance_km": {"1": 1, "2": 2, "3": 3},
                "window_days": {"1": 0, "2": 1, "3": 2},
            }
        )


def test_to_dict_explains_every_member() -> None:
    [incident] = group_incidents([ev("a", "d1"), ev("b", "d2", where=NEAR_SARAQIB, place_id="o:1")])
    data = incident.to_dict()
    assert data["sources"] == ["d1", "d2"]
    assert data["members"][0]["why"] == "founded the incident"
    assert "km" in data["members"][1]["why"] and "days" in data["members"][1]["why"]
