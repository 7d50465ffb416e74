"""Captures and territory: who takes ground, who gives it up, and what is only an attempt.

Codebook rules (src/syraq/data/codebook/acled-v1.toml): `capture-government` and `capture-non-state`, including
captures the parser hides ("advanced to take control of", "were able to regain control of", "took control" with no
object or of a name tagged as an organisation, "restore control", a past verb parsed as a modifier, a name the
gazetteer lacks) and the `[territory]` nouns and quantities ("a total of 12 villages", "X and Y villages"; an
institution is not territory); `capture-government-fought` and `capture-non-state-fought` ("X controlled Y" with a
contest told: clashes, shelling, the other side's withdrawal) against `control-unfought` (no contest told: a non-violent
transfer), and a place held ("the town is controlled by X") is no event; `attempt-territory` (an attempt to take
ground is an armed clash, never a capture); `withdrawal` and `entry` (non-violent transfer of territory; the control
analysis reads a withdrawal as leaving, an entry or an unfought control as gaining).

The notes are written for these tests in the style of ACLED's notes."""

from __future__ import annotations

import pytest
from rulekit import PUB_MAR_06, PUB_MAR_09, one

pytestmark = pytest.mark.slow


def test_advanced_to_take_control_is_a_capture(code) -> None:  # type: ignore[no-untyped-def]
    e = one(code("Following clashes with rebel factions, regime forces advanced to take control of Kafr Nabl. "
                 "No fatalities reported.", published=PUB_MAR_09))
    assert e.sub_event_type == "Government regains territory"


def test_able_to_regain_control_is_a_capture(code) -> None:  # type: ignore[no-untyped-def]
    e = one(code("Rebel factions were able to regain control of Kafr Nabl after clashes with regime forces.",
                 published=PUB_MAR_09))
    assert e.sub_event_type == "Non-state actor overtakes territory"


def test_a_capture_of_a_name_the_gazetteer_lacks(code) -> None:  # type: ignore[no-untyped-def]
    e = one(code("Regime forces asserted control over Tell Zahwan in southern Idleb.", published=PUB_MAR_09, places=["Hajin"]))
    assert e.sub_event_type == "Government regains territory"


def test_names_sharing_one_settlement_noun_are_territory(code) -> None:  # type: ignore[no-untyped-def]
    # the parser makes the first name (tagged a person) the object and the plural noun a conjunct of it
    text = ("The Islamic State managed to control Jeb Elsafa and Ob Al Qanah Wardan villages in Hama countryside after "
            "HTS withdrawal from the villages.")
    e = one(code(text, published=PUB_MAR_09))
    assert (e.sub_event_type, e.actor1) == ("Non-state actor overtakes territory", "Islamic State (Syria)")


def test_a_past_verb_parsed_as_a_modifier_still_codes(code) -> None:  # type: ignore[no-untyped-def]
    # the small model parses "controlled" here as a modifier of "village" that keeps its own subject
    e = one(code("The Syrian army controlled Tuwal village in Idleb south eastern countryside after clashes with the "
                 "opposition factions.", published=PUB_MAR_09))
    assert e.sub_event_type == "Government regains territory"


def test_took_control_of_a_name_tagged_as_an_organisation_is_a_capture(code) -> None:  # type: ignore[no-untyped-def]
    e = one(code("Following clashes with rebels, regime forces took control of Marhamiya in southern Aleppo. "
                 "No fatalities reported.", published=PUB_MAR_09))
    assert (e.sub_event_type, e.actor1) == ("Government regains territory", "Military Forces of Syria (2000-)")
    assert e.actor2 == "Opposition Rebels (Syria)"


def test_took_control_of_an_institution_is_not_a_capture(code) -> None:  # type: ignore[no-untyped-def]
    doc = code("Regime forces took control of the Interior Ministry office.", published=PUB_MAR_09)
    assert all(e.sub_event_type != "Government regains territory" for e in doc.events)


def test_where_forces_took_control_is_a_capture_of_that_place(code) -> None:  # type: ignore[no-untyped-def]
    e = one(code("Clashes took place between regime forces and HTS fighters in Hajin town, where regime forces "
                 "took control. No fatalities reported.", published=PUB_MAR_09))
    assert (e.sub_event_type, e.actor1, e.actor2) == (
        "Government regains territory", "Military Forces of Syria (2000-)", "HTS: Hayat Tahrir al-Sham")


def test_non_state_actor_taking_control_with_no_object(code) -> None:  # type: ignore[no-untyped-def]
    e = one(code("Clashes took place between IS fighters and regime forces in Hajin town, where IS fighters took "
                 "control. No fatalities reported.", published=PUB_MAR_09))
    assert (e.sub_event_type, e.actor1) == ("Non-state actor overtakes territory", "Islamic State (Syria)")


def test_rebels_restoring_control_overtake_territory(code) -> None:  # type: ignore[no-untyped-def]
    text = "Rebel factions managed to restore control over Kafr Nabl town after the Syrian army held it for a few hours."
    e = one(code(text, published=PUB_MAR_09, places=["Kafr Nabl"]))
    assert e.sub_event_type == "Non-state actor overtakes territory"
    assert e.actor1 == "Opposition Rebels (Syria)"


def test_a_total_of_villages_is_territory(code) -> None:  # type: ignore[no-untyped-def]
    text = "Regime forces managed to recapture a total of 12 villages from HTS fighters in the countryside of Homs."
    e = one(code(text, published=PUB_MAR_09, places=["Homs"]))
    assert e.sub_event_type == "Government regains territory"


@pytest.mark.parametrize(
    "text",
    [
        "Regime forces tried to capture Kafr Nabl village but were repelled. No fatalities reported.",
        "Turkish forces attempted to storm the YPG-held village of Kafr Nabl. No fatalities reported.",
        "Regime forces suffered losses when they tried to enter the town of Kafr Nabl.",
    ],
)
def test_an_attempt_to_take_ground_is_an_armed_clash(code, text) -> None:  # type: ignore[no-untyped-def]
    e = one(code(text, published=PUB_MAR_09, places=["Kafr Nabl"]))
    assert e.event_type == "Battles"
    assert e.sub_event_type == "Armed clash"
    assert e.place is not None and e.place.span.text(text) == "Kafr Nabl"


def test_a_capture_stays_a_capture(code) -> None:  # type: ignore[no-untyped-def]
    e = one(code("Regime forces captured Kafr Nabl village. No fatalities reported.", published=PUB_MAR_09, places=["Kafr Nabl"]))
    assert e.sub_event_type == "Government regains territory"


def test_withdrawal_and_entry_are_separate_rules(code) -> None:  # type: ignore[no-untyped-def]
    left = one(code("IS fighters withdrew from Hajin.", published=PUB_MAR_06))
    came = one(code("Turkish forces entered Afrin without resistance.", published=PUB_MAR_06))
    assert left.sub_event_type == came.sub_event_type == "Non-violent transfer of territory"
    assert (left.rule, came.rule) == ("codebook:v1:withdrawal", "codebook:v1:entry")


def test_advances_after_clashes_are_the_battle_not_a_transfer(code) -> None:  # type: ignore[no-untyped-def]
    # "made advances" in the sentence after the clash is how the battle went, not a second, non-violent event
    doc = code("Clashes took place between Turkish forces and YPG fighters in Afrin. Turkish forces made advances "
               "in the town. No fatalities reported.", published=PUB_MAR_06)
    assert [e.sub_event_type for e in doc.events] == ["Armed clash"]
    came = one(code("Turkish forces advanced in Afrin. No fatalities reported.", published=PUB_MAR_06))
    assert came.sub_event_type == "Non-violent transfer of territory"


def test_a_claimed_capture_is_coded(code) -> None:  # type: ignore[no-untyped-def]
    # "claim to capture" reports what a party says it did, as "claimed to have captured" does: ACLED codes it
    e = one(code("HTS and Ahrar al-Sham claim to capture Kafr Nabl from regime forces. No fatalities reported.",
                 published=PUB_MAR_06))
    assert e.sub_event_type == "Non-state actor overtakes territory"
    # an intent is still no event
    assert not code("HTS plans to capture Kafr Nabl from regime forces.", published=PUB_MAR_06).events


def test_control_analysis_reads_withdrawal_as_leaving() -> None:
    from syraq.analysis.rules import load_rules

    assert "codebook:v1:withdrawal" in load_rules().leaving_rules


def test_control_without_a_contest_is_a_non_violent_transfer(code) -> None:  # type: ignore[no-untyped-def]
    e = one(code("IS controlled Kafr Nabl village in north-eastern countryside of Hama. Neither injuries nor "
                 "fatalities reported.", published=PUB_MAR_09))
    assert (e.sub_event_type, e.actor1) == ("Non-violent transfer of territory", "Islamic State (Syria)")
    assert e.rule == "codebook:v1:control-unfought"


@pytest.mark.parametrize(
    "contest",
    ["after clashes with the opposition factions", "after HTS withdrawal from the village",
     "amid intense shelling"],
)
def test_control_with_a_contest_is_a_capture(code, contest: str) -> None:  # type: ignore[no-untyped-def]
    e = one(code(f"The Syrian army controlled Kafr Nabl village in southern Idleb {contest}.", published=PUB_MAR_09))
    assert (e.sub_event_type, e.rule) == ("Government regains territory", "codebook:v1:capture-government-fought")


@pytest.mark.parametrize(
    "text",
    ["The town is controlled by Jaysh al-Islam.", "IS fighters are holding areas controlled by HTS in Hama."],
)
def test_a_place_held_is_no_event(code, text: str) -> None:  # type: ignore[no-untyped-def]
    doc = code(text, published=PUB_MAR_09)
    assert not [e for e in doc.events if e.event_type in ("Battles", "Strategic developments")]


def test_a_place_held_in_a_relative_clause_is_no_capture(code) -> None:  # type: ignore[no-untyped-def]
    doc = code("YPG fighters launched counter attacks on the villages of Kafr Nabl and Kafr Zeita which were recently "
               "controlled by the Turkish army.", published=PUB_MAR_09)
    assert [e.sub_event_type for e in doc.events] == ["Armed clash"]


def test_control_analysis_reads_unfought_control_as_gaining() -> None:
    from syraq.analysis.rules import load_rules

    assert "codebook:v1:control-unfought" in load_rules().gaining_rules


def test_a_clash_told_elsewhere_does_not_move_the_capture(code) -> None:  # type: ignore[no-untyped-def]
    text = ("Clashes took place between regime forces and Hayat Tahrir al-Sham, where the factions advanced to control "
            "a number of towns and villages, including Kafr Nabl. Clashes in Hajin, Raqqa, and other areas resulted in "
            "fatalities on both sides.")
    doc = code(text, published=PUB_MAR_09, places=["Kafr Nabl", "Hajin", "Raqqa"])
    captures = [e for e in doc.events if e.sub_event_type == "Non-state actor overtakes territory"]
    assert [e.place.span.text(text) for e in captures if e.place] == ["Kafr Nabl"]
