"""Fragility of control: reversals, attacks after government gains, recency, holders."""

from __future__ import annotations

import json
from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from syraq.analysis import AnalysisError, fragility
from syraq.analysis import fragility as fragility_fn
from syraq.analysis.fragility import W_ATTACKS, W_HOLDERS, W_RECENCY, W_REVERSALS, distance_km

ARMY = "Military Forces of Syria (2000-)"
IS = "Islamic State (Syria)"
SDF = "QSD: Syrian Democratic Forces"

GRT = "Government regains territory"
NSO = "Non-state actor overtakes territory"
CLASH = "Armed clash"


def qaryatayn(make_event):
    return [
        make_event(NSO, IS, "Qaryatayn", "2017-09-28", actor2=ARMY, id="q-is"),
        make_event(GRT, ARMY, "Qaryatayn", "2017-10-21", actor2=IS, id="q-army"),
    ]


def sukhna(make_event):
    return [
        make_event(GRT, ARMY, "Sukhna", "2017-08-06", actor2=IS, id="s-army"),
        make_event(CLASH, IS, "Sukhna", "2017-09-11", actor2=ARMY, id="s-att1"),
        make_event("Suicide bomb", IS, "Hamlet", "2017-09-20", id="s-att2"),  # ~10 km away
        make_event(CLASH, IS, "Salamiyah", "2017-09-12", actor2=ARMY, id="far"),  # ~170 km away
        make_event("Air/drone strike", ARMY, "Sukhna", "2017-09-13", actor2=IS, id="own"),  # the holder's own
        make_event(CLASH, IS, "Sukhna", "2017-12-01", actor2=ARMY, id="late"),  # > 90 days after the gain
    ]


def stable(make_event):
    return [make_event(GRT, ARMY, "Raqqa", "2016-01-10", id="r-army")]


def by_name(results):
    return {r.place.name: r for r in results}


def test_seed_reversal_is_flagged(make_event):
    (q,) = fragility(qaryatayn(make_event))
    assert [(r.side, r.lost_to, r.lost_on, r.regained_by, r.days) for r in q.reversals] == [
        ("government", IS, date(2017, 9, 28), ARMY, 23)
    ]
    assert q.changes == 2 and q.holders == [ARMY, IS] and q.holder == ARMY
    assert "changed hands twice" in q.explanation[0]
    assert (
        f"control reverted to {ARMY} 23 days after {IS} took it on 2017-09-28" in q.explanation
    )


def test_reversal_beyond_the_window_is_not_counted(make_event):
    events = qaryatayn(make_event)
    (q,) = fragility(events, window_days=20)
    assert q.reversals == []
    (q,) = fragility(events, window_days=23)
    assert len(q.reversals) == 1


def test_government_gain_followed_by_insurgent_attacks(make_event):
    (s,) = fragility(sukhna(make_event), as_of=date(2017, 12, 31))
    assert len(s.gains_attacked) == 1
    gain = s.gains_attacked[0]
    assert (gain.actor, gain.gained_on, gain.event_id) == (ARMY, date(2017, 8, 6), "s-army")
    assert [a.event_id for a in gain.attacks] == ["s-att1", "s-att2"]
    assert gain.attacks[1].distance_km == pytest.approx(10.4, abs=1.0)
    assert s.attacks_after_gains == 2
    assert any(
        line.startswith("2 insurgent attacks within 25 km in the 90 days after the government") and "2017-08-06" in line
        for line in s.explanation
    )


def test_radius_is_a_parameter(make_event):
    (s,) = fragility(sukhna(make_event), as_of=date(2017, 12, 31), radius_km=5)
    assert s.attacks_after_gains == 1
    (s,) = fragility(sukhna(make_event), as_of=date(2017, 12, 31), radius_km=300)
    assert s.attacks_after_gains == 3


def test_stable_town_scores_lower_and_results_are_sorted(make_event):
    events = qaryatayn(make_event) + sukhna(make_event) + stable(make_event)
    results = fragility(events, as_of=date(2017, 12, 31))
    scores = [r.score for r in results]
    assert scores == sorted(scores, reverse=True)
    named = by_name(results)
    assert named["Ar Raqqah"].score < named["As Sukhnah"].score
    assert named["Ar Raqqah"].score < named["Al Qaryatayn"].score
    assert named["Ar Raqqah"].score < 0.1
    assert all(0.0 <= s <= 1.0 for s in scores)


def test_score_is_the_documented_weighted_sum(make_event):
    (q,) = fragility(qaryatayn(make_event), as_of=date(2017, 10, 21))
    c = q.components
    assert c == {"reversals": 0.5, "attacks": 0.0, "recency": 1.0, "holders": pytest.approx(1 / 3, abs=1e-4)}
    expected = W_REVERSALS * 0.5 + W_RECENCY * 1.0 + W_HOLDERS / 3
    assert q.score == pytest.approx(expected, abs=1e-3)
    assert sum((W_REVERSALS, W_ATTACKS, W_RECENCY, W_HOLDERS)) == pytest.approx(1.0)


def test_recency_fades_with_time(make_event):
    events = qaryatayn(make_event)
    (soon,) = fragility(events, as_of=date(2017, 10, 25))
    (later,) = fragility(events, as_of=date(2018, 6, 1))
    assert soon.days_since_change == 4 and later.days_since_change == 223
    assert later.components["recency"] < soon.components["recency"]
    assert later.score < soon.score


def test_as_of_defaults_to_latest_event_and_cuts_later_events(make_event):
    events = qaryatayn(make_event)
    (q,) = fragility(events)
    assert q.days_since_change == 0 and "before 2017-10-21" in q.explanation[-1]
    (q,) = fragility(events, as_of=date(2017, 10, 1))  # before the army's retake
    assert q.changes == 1 and q.holder == IS and q.reversals == []


def test_rejected_events_do_not_count(make_event):
    events = qaryatayn(make_event)
    events[1].review_status = "rejected"
    (q,) = fragility(events)
    assert q.reversals == [] and q.changes == 1


def test_brief_capture_is_explained(make_event):
    events = [
        make_event(GRT, ARMY, "Qaryatayn", "2017-04-03"),
        make_event(NSO, IS, "Qaryatayn", "2017-09-28", actor2=ARMY),
        make_event(GRT, ARMY, "Qaryatayn", "2017-09-29", actor2=IS),
    ]
    (q,) = fragility(events)
    assert q.brief_captures == 1
    assert any(line.startswith(f"brief capture by {IS} on 2017-09-28") for line in q.explanation)


def test_json_able(make_event):
    results = fragility(qaryatayn(make_event) + sukhna(make_event))
    data = json.loads(json.dumps([r.to_dict() for r in results]))
    assert {d["place"]["name"] for d in data} == {"Al Qaryatayn", "As Sukhnah"}
    assert all(isinstance(d["explanation"], list) and d["explanation"] for d in data)


def test_bad_parameters_get_catalogued_errors(make_event):
    for kwargs in ({"window_days": 0}, {"window_days": 1.5}, {"radius_km": -1}, {"as_of": "2017-10-01"}):
        with pytest.raises(AnalysisError) as err:
            fragility_fn(qaryatayn(make_event), **kwargs)
        assert err.value.code == "E901"


def test_no_events_no_results():
    assert fragility([]) == []


def test_distance():
    from syraq.model import Place

    a = Place("a", "A", 34.0, 38.0)
    b = Place("b", "B", 35.0, 38.0)
    assert distance_km(a, b) == pytest.approx(111.2, abs=0.5)
    assert distance_km(a, a) == 0.0


_ACTORS = [ARMY, IS, SDF]
_SUBS = [GRT, NSO, "Non-violent transfer of territory", CLASH, "Suicide bomb"]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.lists(
        st.tuples(
            st.sampled_from(_SUBS),
            st.sampled_from(_ACTORS),
            st.sampled_from([*_ACTORS, ""]),
            st.sampled_from(["Qaryatayn", "Sukhna", "Hamlet"]),
            st.one_of(st.none(), st.dates(min_value=date(2017, 1, 1), max_value=date(2018, 12, 31))),
        ),
        max_size=25,
    )
)
def test_invariants_on_any_sequence(make_event, rows):
    from syraq.analysis import control_timeline

    events = [make_event(sub, a1, place, day, actor2=a2 if a2 != a1 else "") for sub, a1, a2, place, day in rows]
    for pc in control_timeline(events).values():
        # periods follow one another without overlap; only the first may start unknown, only the last stay open
        for prev, nxt in zip(pc.periods, pc.periods[1:], strict=False):
            assert prev.end is not None and nxt.start is not None and prev.end <= nxt.start
        assert all(p.start is not None for p in pc.periods[1:])
        assert [c.start for c in pc.changes] == sorted(c.start for c in pc.changes)
        json.dumps(pc.to_dict())
    for f in fragility(events):
        assert 0.0 <= f.score <= 1.0
        json.dumps(f.to_dict())


@settings(max_examples=40, deadline=None)
@given(
    st.lists(st.tuples(st.floats(-70, 70), st.floats(-179, 179)), min_size=1, max_size=40),
    st.floats(1, 200),
)
def test_attack_index_finds_exactly_the_places_within_the_radius(coords, radius):
    from syraq.analysis.control import _Dated
    from syraq.analysis.fragility import _AttackIndex
    from syraq.analysis.rules import load_rules
    from syraq.model import Event, Place, PlaceMention, Span

    places = [Place(f"p{i}", f"P{i}", lat, lon) for i, (lat, lon) in enumerate(coords)]
    # cluster some places near the first one so that there is something to find
    places += [Place(f"q{i}", f"Q{i}", coords[0][0] + i * 0.05, coords[0][1] - i * 0.07) for i in range(10)]
    # and some across the antimeridian from each other
    places += [Place("w1", "W1", 10.0, 179.95), Place("w2", "W2", 10.0, -179.95)]
    dated = []
    for pl in places:
        ev = Event("e" + pl.id, "d", "Battles", "Armed clash", [Span(0, 1)], "t", actor1=IS, inter1=2,
                   place=PlaceMention(Span(0, 1), pl), date_start=date(2017, 1, 1), date_end=date(2017, 1, 1))
        dated.append(_Dated(ev, pl, date(2017, 1, 1), date(2017, 1, 1)))
    from syraq.analysis.control import Sides

    index = _AttackIndex(dated, Sides(dated, load_rules()), radius)
    for pl in places[:5] + places[-4:]:
        found = {p.id for p, _ in index.near(pl)}
        assert found == {o.id for o in places if distance_km(pl, o) <= radius}


def test_holders_component_counts_sides(make_event):
    tiger = "Military Forces of Syria (2000-) Tiger Forces"
    events = [
        make_event(NSO, IS, "Sukhna", "2017-05-01", actor2=tiger, inter2=1),
        make_event(GRT, ARMY, "Sukhna", "2017-08-06"),
    ]
    (s,) = fragility(events)
    assert s.holders == [tiger, IS, ARMY] and s.sides == 2
    assert s.components["holders"] == pytest.approx(1 / 3, abs=1e-4)
