"""Control timelines from hand-built territorial events (builder: tests/analysis/conftest.py)."""

from __future__ import annotations

import json
from datetime import date

import pytest

from syraq.analysis import AnalysisError, control_timeline, load_rules, parse_rules, transfer_direction
from syraq.errors import SyraqError

ARMY = "Military Forces of Syria (2000-)"
IS = "Islamic State (Syria)"
SDF = "QSD: Syrian Democratic Forces"
TURKEY = "Military Forces of Turkey (2016-)"
NDF = "National Defence Forces"

GRT = "Government regains territory"
NSO = "Non-state actor overtakes territory"
NVT = "Non-violent transfer of territory"
CLASH = "Armed clash"
QID = "geonames:163345"


def seed_sequence(make_event):
    """Army holds Qaryatayn, IS takes it late September 2017, the army retakes it three weeks later."""
    return [
        make_event(GRT, ARMY, "Qaryatayn", "2017-10-21", actor2=IS, id="retake"),
        make_event(NSO, IS, "Qaryatayn", "2017-09-28", actor2=ARMY, id="is-takes"),
    ]


def test_seed_sequence_gives_army_is_army(make_event):
    pc = control_timeline(seed_sequence(make_event))[QID]
    assert [(p.actor, p.start, p.end, p.how) for p in pc.periods] == [
        (ARMY, None, date(2017, 9, 28), "inferred"),
        (IS, date(2017, 9, 28), date(2017, 10, 21), "captured"),
        (ARMY, date(2017, 10, 21), None, "regained"),
    ]
    assert [p.side for p in pc.periods] == ["government", IS, "government"]
    assert [(c.from_actor, c.to_actor, c.event_id) for c in pc.changes] == [
        (ARMY, IS, "is-takes"),
        (IS, ARMY, "retake"),
    ]
    assert pc.periods[1].event_ids == ["is-takes"]
    assert pc.current is not None and pc.current.actor == ARMY
    assert pc.holder_on(date(2017, 10, 1)).actor == IS
    assert pc.holder_on(date(2017, 1, 1)).actor == ARMY  # inferred: held since before we know
    assert not any(c.brief for c in pc.changes)
    assert pc.holders == [ARMY, IS]


def test_result_is_json_able(make_event):
    pc = control_timeline(seed_sequence(make_event))[QID]
    data = json.loads(json.dumps(pc.to_dict()))
    assert data["place"]["name"] == "Al Qaryatayn"
    assert data["periods"][0]["start"] is None and data["periods"][1]["start"] == "2017-09-28"
    assert data["changes"][0]["evidence"] == {"start": 0, "end": 1, "label": "sentence"}


def test_first_holder_unknown_without_actor2(make_event):
    pc = control_timeline([make_event(NSO, IS, "Qaryatayn", "2017-09-28")])[QID]
    assert [(p.actor, p.start) for p in pc.periods] == [(IS, date(2017, 9, 28))]
    assert pc.changes[0].from_actor == "" and pc.changes[0].from_side == ""


def test_an_unidentified_opponent_is_no_known_holder(make_event):
    # "The army captured Mayadeen": coded against "Unidentified Armed Group (Syria)", which held nothing we know of
    ev = make_event(NSO, IS, "Qaryatayn", "2017-09-28", actor2="Unidentified Armed Group (Syria)")
    pc = control_timeline([ev])[QID]
    assert [(p.actor, p.start) for p in pc.periods] == [(IS, date(2017, 9, 28))]


def test_earlier_capture_sets_the_holder(make_event):
    events = [
        make_event(GRT, ARMY, "Qaryatayn", "2017-04-03"),
        make_event(NSO, IS, "Qaryatayn", "2017-09-28"),
        make_event(GRT, ARMY, "Qaryatayn", "2017-10-21"),
    ]
    pc = control_timeline(events)[QID]
    assert [p.actor for p in pc.periods] == [ARMY, IS, ARMY]
    assert pc.periods[0].how == "regained" and pc.periods[0].start == date(2017, 4, 3)


def test_rejected_unplaced_and_unresolved_events_are_ignored(make_event):
    events = [
        *seed_sequence(make_event),
        make_event(NSO, SDF, "Qaryatayn", "2017-10-25", status="rejected"),
        make_event(NSO, SDF, None, "2017-10-26"),
        make_event(NSO, SDF, "Qaryatayn", "2017-10-27", resolved=False),
        make_event(NSO, SDF, "Raqqa", "2017-10-17", status="rejected"),
    ]
    out = control_timeline(events)
    assert list(out) == [QID]
    assert [p.actor for p in out[QID].periods] == [ARMY, IS, ARMY]


def test_undated_events_are_skipped_and_noted(make_event):
    events = [*seed_sequence(make_event), make_event(NSO, SDF, "Qaryatayn", None, id="undated")]
    pc = control_timeline(events)[QID]
    assert len(pc.changes) == 2
    assert any("without a date" in n and "undated" in n for n in pc.notes)


def test_order_by_start_then_end_then_id(make_event):
    # a month-precision capture (1-30 Sept) starts before a day-precise one inside it
    events = [
        make_event(GRT, ARMY, "Qaryatayn", "2017-09-15", id="b"),
        make_event(NSO, IS, "Qaryatayn", "2017-09-01", end="2017-09-30", precision="month", id="a"),
    ]
    pc = control_timeline(events)[QID]
    assert [c.event_id for c in pc.changes] == ["a", "b"]
    assert pc.changes[0].precision == "month" and pc.changes[0].end == date(2017, 9, 30)


def test_same_day_events_follow_the_chain(make_event):
    # given in the "wrong" id order: the retake names IS as the loser, so it comes after IS's capture
    events = [
        make_event(GRT, ARMY, "Qaryatayn", "2017-04-03", id="z-hold"),
        make_event(GRT, ARMY, "Qaryatayn", "2017-09-28", actor2=IS, id="a-retake"),
        make_event(NSO, IS, "Qaryatayn", "2017-09-28", actor2=ARMY, id="b-take"),
    ]
    pc = control_timeline(events)[QID]
    assert [c.event_id for c in pc.changes] == ["z-hold", "b-take", "a-retake"]
    # IS held it for less than a day: a brief capture, kept and flagged
    assert pc.changes[1].brief and "0 days" in pc.changes[1].brief_reason
    assert pc.periods[1].brief and pc.periods[1].actor == IS
    assert not pc.changes[2].brief


def test_brief_capture_from_the_text(make_event):
    text = "IS fighters briefly seized the town before withdrawing."
    events = [
        make_event(NSO, IS, "Qaryatayn", "2017-09-28", actor2=ARMY, sentence=(0, len(text))),
        make_event(GRT, ARMY, "Qaryatayn", "2017-10-21"),
    ]
    pc = control_timeline(events, documents={"doc-1": text})[QID]
    assert pc.changes[0].brief and "briefly" in pc.changes[0].brief_reason
    assert pc.changes[0].evidence_text == text
    # without the text nothing says it was brief: three weeks is not brief
    assert not control_timeline(events)[QID].changes[0].brief


def test_a_second_report_of_the_same_capture_corroborates(make_event):
    events = [
        *seed_sequence(make_event),
        make_event(GRT, ARMY, "Qaryatayn", "2017-10-22", actor2=IS, id="retake-2", document_id="doc-2"),
    ]
    pc = control_timeline(events)[QID]
    assert len(pc.changes) == 2
    assert pc.periods[-1].event_ids == ["retake", "retake-2"]
    assert any("retake-2" in n and "already held" in n for n in pc.notes)


def test_conflicting_loser_is_noted(make_event):
    events = [
        make_event(GRT, ARMY, "Qaryatayn", "2017-04-03"),
        make_event(NSO, IS, "Qaryatayn", "2017-09-28", actor2=SDF, id="odd"),
    ]
    pc = control_timeline(events)[QID]
    assert pc.changes[-1].from_actor == ARMY
    assert any("odd" in n and SDF in n for n in pc.notes)


# --- non-violent transfers: who gained, who left -----------------------------------------------


def test_withdrawal_wording_from_the_trigger(make_event):
    text = "IS withdrew from the town on Monday."
    events = [make_event(NVT, IS, "Raqqa", "2017-10-17", sentence=(0, len(text)), trigger=(3, 16))]
    pc = control_timeline(events, documents={"doc-1": text})["geonames:172955"]
    assert [(p.actor, p.start, p.end, p.how) for p in pc.periods] == [(IS, None, date(2017, 10, 17), "inferred")]
    assert pc.changes[0].from_actor == IS and pc.changes[0].to_actor == "" and pc.changes[0].how == "withdrew"
    assert any("no holder" in n for n in pc.notes)


def test_handover_goes_to_actor2(make_event):
    text = "IS handed over the town to the SDF."
    events = [make_event(NVT, IS, "Raqqa", "2017-10-17", actor2=SDF, sentence=(0, len(text)), trigger=(3, 14))]
    pc = control_timeline(events, documents={"doc-1": text})["geonames:172955"]
    assert [(p.actor, p.how) for p in pc.periods] == [(IS, "inferred"), (SDF, "transferred")]


def test_entry_wording_gains(make_event):
    text = "SDF fighters entered the town."
    events = [make_event(NVT, SDF, "Raqqa", "2017-10-17", actor2=IS, sentence=(0, len(text)), trigger=(13, 20))]
    pc = control_timeline(events, documents={"doc-1": text})["geonames:172955"]
    assert [(p.actor, p.how) for p in pc.periods] == [(IS, "inferred"), (SDF, "transferred")]


def test_withdrawal_of_the_holder_without_text(make_event):
    # no text: the actor that already holds the place can only be leaving it
    events = [
        make_event(NSO, IS, "Raqqa", "2014-01-13"),
        make_event(NVT, IS, "Raqqa", "2017-10-17", actor2=SDF),
    ]
    pc = control_timeline(events)["geonames:172955"]
    assert [p.actor for p in pc.periods] == [IS, SDF]
    assert pc.changes[-1].from_actor == IS and pc.changes[-1].to_actor == SDF


def test_direction_by_rule_id(make_event):
    rules = load_rules()
    custom = parse_rules(
        {
            "version": "t",
            "territorial": {NVT: "depends"},
            "transfer": {"leaving_rules": ["codebook:v9:withdrawal"], "gaining_rules": ["codebook:v9:entry"]},
        }
    )
    leave = make_event(NVT, IS, "Raqqa", "2017-10-17", rule="codebook:v9:withdrawal")
    enter = make_event(NVT, IS, "Raqqa", "2017-10-17", rule="codebook:v9:entry")
    assert transfer_direction(leave, None, custom) == "leaves"
    assert transfer_direction(enter, IS, custom) == "gains"
    # captures always gain, whatever the rule id
    assert transfer_direction(make_event(NSO, IS, "Raqqa", "2017-10-17"), IS, rules) == "gains"


# --- contested periods ---------------------------------------------------------------------------


def test_clashes_while_held_make_contested_periods(make_event):
    events = [
        *seed_sequence(make_event),
        make_event(CLASH, IS, "Qaryatayn", "2017-11-02", actor2=ARMY, id="c1"),
        make_event(CLASH, IS, "Qaryatayn", "2017-11-10", actor2=ARMY, id="c2"),
        make_event("Suicide bomb", IS, "Qaryatayn", "2017-12-20", id="c3"),  # > 14 days later: new period
        make_event(CLASH, ARMY, "Qaryatayn", "2017-10-05", actor2=IS, id="c0"),  # while IS held it
        make_event(CLASH, ARMY, "Salamiyah", "2017-11-03", actor2=IS),  # elsewhere
    ]
    pc = control_timeline(events)[QID]
    assert [(c.holder, c.start, c.end, c.event_ids) for c in pc.contested] == [
        (IS, date(2017, 10, 5), date(2017, 10, 5), ["c0"]),
        (ARMY, date(2017, 11, 2), date(2017, 11, 10), ["c1", "c2"]),
        (ARMY, date(2017, 12, 20), date(2017, 12, 20), ["c3"]),
    ]
    assert pc.contested[1].actors == [IS, ARMY]


def test_places_with_only_clashes_have_no_timeline(make_event):
    assert control_timeline([make_event(CLASH, ARMY, "Salamiyah", "2017-11-03", actor2=IS)]) == {}


def test_place_id_filter(make_event):
    events = [*seed_sequence(make_event), make_event(NSO, SDF, "Raqqa", "2017-10-17", actor2=IS)]
    assert set(control_timeline(events)) == {QID, "geonames:172955"}
    assert set(control_timeline(events, place_id="geonames:172955")) == {"geonames:172955"}


# --- sides ---------------------------------------------------------------------------------------


def test_foreign_state_forces_are_not_the_government(make_event):
    events = [make_event(NSO, TURKEY, "Afrin", "2018-03-18", actor2="YPG: Peoples Protection Units")]
    pc = control_timeline(events)["geonames:170000"]
    assert pc.periods[-1].side == TURKEY


def test_government_by_name_prefix_inter_code_and_regains(make_event):
    events = [
        # a state force of the country by name only (no inter code on the event)
        make_event(NSO, "Police Forces of Syria (2000-)", "Raqqa", "2017-01-01", inter1=0),
        # state forces by inter code, whatever the name
        make_event(NSO, "Syrian Republican Guard", "Sukhna", "2017-08-06", inter1=1),
        # an affiliate whose capture the coder called a government regain
        make_event(GRT, NDF, "Salamiyah", "2017-08-06"),
        make_event(NSO, IS, "Salamiyah", "2017-09-06"),
    ]
    out = control_timeline(events)
    assert out["geonames:172955"].periods[-1].side == "government"
    assert out["geonames:163099"].periods[-1].side == "government"
    assert out["geonames:163345x"].periods[0].side == "government"
    assert out["geonames:163345x"].periods[-1].side == IS


def test_works_outside_syria(make_event, places):
    mali = "Military Forces of Mali (2021-)"
    jnim = "JNIM: Group for Support of Islam and Muslims"
    events = [
        make_event(NSO, jnim, "Menaka", "2023-03-01", actor2=mali, inter1=2, inter2=1),
        make_event(GRT, mali, "Menaka", "2023-03-12", actor2=jnim, inter1=1, inter2=2),
    ]
    pc = control_timeline(events)[places["Menaka"].id]
    assert [(p.actor, p.side) for p in pc.periods] == [(mali, "government"), (jnim, jnim), (mali, "government")]


# --- bad input -----------------------------------------------------------------------------------


def test_bad_input_gets_catalogued_errors(make_event):
    with pytest.raises(AnalysisError) as err:
        control_timeline([make_event(NSO, IS, "Raqqa", "2017-10-17"), {"id": "x"}])
    assert err.value.code == "E900" and "item 1" in err.value.message
    with pytest.raises(SyraqError) as err:
        control_timeline("not events")  # type: ignore[arg-type]
    assert err.value.code == "E901"
    bad = make_event(NSO, IS, "Raqqa", "2017-10-17")
    bad.date_start = "sometime"  # type: ignore[assignment]
    with pytest.raises(AnalysisError) as err:
        control_timeline([bad])
    assert err.value.code == "E902" and bad.id in err.value.message


def test_events_are_not_modified(make_event):
    events = seed_sequence(make_event)
    before = [e.to_dict() for e in events]
    control_timeline(events)
    assert [e.to_dict() for e in events] == before


def test_generator_input(make_event):
    assert QID in control_timeline(e for e in seed_sequence(make_event))


# --- coarse dates and inference from a government regain ---------------------------------------


def test_coarse_report_is_absorbed_by_the_finer_capture(make_event):
    events = [
        make_event(NSO, IS, "Qaryatayn", "2017-01-01", end="2017-12-31", precision="year", id="in-2017"),
        make_event(NSO, IS, "Qaryatayn", "2017-09-21", end="2017-09-30", precision="month", id="late-sept"),
        make_event(GRT, ARMY, "Qaryatayn", "2017-10-15", id="retake"),
    ]
    pc = control_timeline(events)[QID]
    assert [c.event_id for c in pc.changes] == ["late-sept", "retake"]
    is_period = next(p for p in pc.periods if p.actor == IS)
    assert is_period.event_ids == ["late-sept", "in-2017"] and is_period.start == date(2017, 9, 21)
    assert any("in-2017" in n and "another report" in n for n in pc.notes)


def test_coarse_report_without_a_twin_is_placed_at_its_start(make_event):
    events = [make_event(NSO, IS, "Raqqa", "2014-01-01", end="2014-12-31", precision="year", id="in-2014")]
    pc = control_timeline(events)["geonames:172955"]
    assert pc.periods[0].start == date(2014, 1, 1)
    assert any("in-2014" in n and "start of its range" in n for n in pc.notes)


def test_regain_implies_the_government_held_it_before(make_event):
    events = [
        make_event(NSO, IS, "Qaryatayn", "2017-09-28", id="take"),  # no actor2: loser not named
        make_event(GRT, ARMY, "Qaryatayn", "2017-10-21", id="regain"),
    ]
    pc = control_timeline(events)[QID]
    assert [(p.actor, p.how, p.start) for p in pc.periods] == [
        (ARMY, "inferred", None),
        (IS, "captured", date(2017, 9, 28)),
        (ARMY, "regained", date(2017, 10, 21)),
    ]
    assert pc.changes[0].from_actor == ARMY
    # a later capture by a non-state actor implies nothing about who held it first
    other = [make_event(NSO, IS, "Raqqa", "2014-01-13"), make_event(NSO, SDF, "Raqqa", "2017-10-17")]
    assert control_timeline(other)["geonames:172955"].changes[0].from_actor == ""


def test_two_month_precision_changes_are_not_brief(make_event):
    events = [
        make_event(GRT, ARMY, "Sukhna", "2017-08-01", end="2017-08-31", precision="month"),
        make_event(NSO, IS, "Sukhna", "2017-09-01", end="2017-09-30", precision="month"),
        make_event(GRT, ARMY, "Sukhna", "2017-09-02", end="2017-09-30", precision="month"),
    ]
    pc = control_timeline(events)["geonames:163099"]
    assert len(pc.changes) == 3 and not any(c.brief for c in pc.changes)


def test_a_government_unit_taking_a_government_held_place_is_no_change(make_event):
    tiger = "Military Forces of Syria (2000-) Tiger Forces"
    events = [
        make_event(GRT, tiger, "Sukhna", "2017-08-05", inter1=1, id="tiger"),
        make_event(GRT, ARMY, "Sukhna", "2017-08-06", id="army"),
        make_event(NSO, IS, "Sukhna", "2017-09-06", id="is"),
    ]
    pc = control_timeline(events)["geonames:163099"]
    assert [c.event_id for c in pc.changes] == ["tiger", "is"]
    assert pc.periods[0].event_ids == ["tiger", "army"]
    assert not pc.changes[0].brief


def test_a_foreign_state_named_as_such_is_never_the_government(make_event):
    # even when an event gave it inter code 1 or called its capture a government regain
    events = [make_event(GRT, TURKEY, "Afrin", "2018-03-18", inter1=1)]
    assert control_timeline(events)["geonames:170000"].periods[-1].side == TURKEY
