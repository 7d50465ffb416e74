"""Violence against civilians, and when civilians are the second actor of remote violence.

Codebook rules (src/syraq/data/codebook/acled-v1.toml): `civilians-attacked` (coordinated passive participles share
victim and author, "was shot and killed by X"; fire opened on a civilian; militants wounding farmers, the civilian
side of `wound-armed`), `found-dead` (a body found is an attack by the unidentified armed group),
`civilians-attacked-unattributed` (a civilian killed or shot by no author the dictionary knows: the unidentified
armed group; not when a weapon, a clash or an accident in the sentence or the one before tells how), and `shelling`
(or any remote violence) whose report names people hurt or killed (civilians are the second actor and the event targets civilians; not when no one is
hurt).

The notes are written for these tests in the style of ACLED's notes."""

from __future__ import annotations

import pytest
from rulekit import PUB_MAR_06, PUB_MAR_09, one

pytestmark = pytest.mark.slow


def test_shot_and_killed_by_shares_victim_and_author(code) -> None:  # type: ignore[no-untyped-def]
    e = one(code("A woman was shot and killed by a regime sniper in Hajin.", published=PUB_MAR_09, places=["Hajin"]))
    assert (e.event_type, e.sub_event_type) == ("Violence against civilians", "Attack")
    assert (e.actor1, e.actor2) == ("Military Forces of Syria (2000-)", "Civilians (Syria)")
    assert e.fatalities == 1


def test_fire_opened_on_a_civilian_is_an_attack(code) -> None:  # type: ignore[no-untyped-def]
    e = one(
        code(
            "Unknown gunmen opened fire against a shop owner in the market of Hajin, wounding him severely.",
            published=PUB_MAR_09,
            places=["Hajin"],
        )
    )
    assert (e.event_type, e.sub_event_type) == ("Violence against civilians", "Attack")
    assert e.actor2 == "Civilians (Syria)"
    assert e.fatalities == 0


def test_militants_wounding_civilians_is_still_violence_against_civilians(code) -> None:  # type: ignore[no-untyped-def]
    text = "Islamic State militants wounded two farmers near Tikrit, north of Baghdad."
    e = one(code(text, published=PUB_MAR_09, places=["Tikrit"]))
    assert e.event_type == "Violence against civilians"


def test_a_body_found_is_an_attack_on_a_civilian_by_an_unknown_group(code) -> None:  # type: ignore[no-untyped-def]
    e = one(code("A shepherd was found dead near Hajin with gunshot wounds.", published=PUB_MAR_09))
    assert (e.sub_event_type, e.actor1, e.actor2) == ("Attack", "Unidentified Armed Group (Syria)", "Civilians (Syria)")


def test_injured_people_make_civilians_the_second_actor(code) -> None:  # type: ignore[no-untyped-def]
    e = one(code("Regime forces shelled Kafr Nabl, injuring one person.", published=PUB_MAR_06))
    assert (e.actor1, e.actor2, e.fatalities) == ("Military Forces of Syria (2000-)", "Civilians (Syria)", 0)
    assert e.civilian_targeting


def test_shelling_that_hurts_people_hits_civilians(code) -> None:  # type: ignore[no-untyped-def]
    e = one(code("Regime forces shelled Kafr Nabl with rockets. The shelling caused injuries.", published=PUB_MAR_09))
    assert e.actor2 == "Civilians (Syria)" and e.civilian_targeting


def test_shelling_that_hurts_no_one_has_no_civilian_target(code) -> None:  # type: ignore[no-untyped-def]
    e = one(code("Regime forces shelled Kafr Nabl with rockets. Neither injuries nor fatalities reported.",
                 published=PUB_MAR_09))
    assert e.actor2 != "Civilians (Syria)" and not e.civilian_targeting


@pytest.mark.parametrize(
    "text",
    [
        "Unidentified gunmen on motorbikes opened gunfire on 3 people in Hajin, killing 1 and injuring another.",
        "A civilian was shot and killed in Hajin by a sniper.",  # a sniper no report names is an unidentified group
    ],
)
def test_gunfire_and_an_unnamed_sniper_on_civilians(code, text: str) -> None:  # type: ignore[no-untyped-def]
    e = one(code(text, published=PUB_MAR_09, places=["Hajin"]))
    assert (e.event_type, e.sub_event_type) == ("Violence against civilians", "Attack")
    assert (e.actor1, e.actor2, e.fatalities) == ("Unidentified Armed Group (Syria)", "Civilians (Syria)", 1)


@pytest.mark.parametrize(
    ("text", "actor1"),
    [
        # [combatants] fire_nouns: the "from" phrase of the fire names who fired
        ("A person was injured by sniper fire from an Islamist faction fighter in the town of Hajin.",
         "Islamist Militia (Syria)"),
        ("A woman was injured by sniper fire from regime forces in the town of Hajin.", "Military Forces of Syria (2000-)"),
    ],
)
def test_fire_from_a_force_names_the_attacker(code, text: str, actor1: str) -> None:  # type: ignore[no-untyped-def]
    e = one(code(text, published=PUB_MAR_09, places=["Hajin"]))
    assert (e.event_type, e.actor1, e.actor2) == ("Violence against civilians", actor1, "Civilians (Syria)")


def test_a_reconciliation_committee_member_is_a_civilian(code) -> None:  # type: ignore[no-untyped-def]
    # actor dictionary: "reconciliation committee" is among the civilians' aliases, as "local council" is
    e = one(code("A member of the local Reconciliation Committee was shot by unknown gunmen in Hajin.",
                 published=PUB_MAR_09, places=["Hajin"]))
    assert (e.event_type, e.actor2) == ("Violence against civilians", "Civilians (Syria)")


def test_people_hurt_after_being_shot_are_the_ones_shot(code) -> None:  # type: ignore[no-untyped-def]
    # "after being shot by X": the participle's patient is the main clause's subject
    e = one(code("3 civilians were injured after being shot by Turkish border guards while attempting to cross into "
                 "Turkey near Hajin.", published=PUB_MAR_09, places=["Hajin"]))
    assert (e.event_type, e.actor1, e.actor2) == (
        "Violence against civilians", "Military Forces of Turkey (2016-)", "Civilians (Syria)")


def test_a_civilian_killed_by_no_named_author_is_an_attack_by_an_unknown_group(code) -> None:  # type: ignore[no-untyped-def]
    text = "A shepherd was shot and killed in Hajin under unknown circumstances."
    e = one(code(text, published=PUB_MAR_09, places=["Hajin"]))
    assert (e.event_type, e.sub_event_type) == ("Violence against civilians", "Attack")
    assert e.rule == "codebook:v1:civilians-attacked-unattributed"
    assert (e.actor1, e.actor2, e.fatalities) == ("Unidentified Armed Group (Syria)", "Civilians (Syria)", 1)


def test_an_author_the_dictionary_does_not_know_is_an_unknown_group(code) -> None:  # type: ignore[no-untyped-def]
    e = one(code("A child was killed by the Turksih borders guards near Hajin.", published=PUB_MAR_09, places=["Hajin"]))
    assert (e.sub_event_type, e.actor1, e.actor2) == ("Attack", "Unidentified Armed Group (Syria)", "Civilians (Syria)")


@pytest.mark.parametrize(
    "text",
    [
        "A child was killed in Hajin when an old building collapsed.",
        "A farmer was killed in a traffic accident near Hajin.",
    ],
)
def test_a_death_by_accident_is_no_attack(code, text: str) -> None:  # type: ignore[no-untyped-def]
    assert code(text, published=PUB_MAR_09, places=["Hajin"]).events == []


def test_a_weapon_in_the_sentence_before_tells_how_the_victims_died(code) -> None:  # type: ignore[no-untyped-def]
    text = "Regime helicopters dropped barrel bombs on Hajin. Two people were killed."
    events = code(text, published=PUB_MAR_09, places=["Hajin"]).events
    assert [e.sub_event_type for e in events] == ["Air/drone strike"]


def test_people_killed_by_strikes_with_no_armed_side_named_are_civilians(code) -> None:  # type: ignore[no-untyped-def]
    e = one(code("Syrian or Russian warplanes bombed the town of Kafr Nabl, killing two.", published=PUB_MAR_06))
    assert (e.actor2, e.fatalities) == ("Civilians (Syria)", 2) and e.civilian_targeting


def test_fighters_killed_by_strikes_are_no_civilians(code) -> None:  # type: ignore[no-untyped-def]
    e = one(code("Coalition warplanes struck Hajin, killing 5 Islamic State fighters.", published=PUB_MAR_09,
                 places=["Hajin"]))
    assert e.actor2 == "Islamic State (Syria)" and not e.civilian_targeting


@pytest.mark.parametrize("victim", ["a judicial investigator", "a cleric", "a local notable", "an engineer"])
def test_officials_and_professionals_are_civilians(code, victim: str) -> None:  # type: ignore[no-untyped-def]
    e = one(code(f"Unknown gunmen shot dead {victim} in Mosul.", published=PUB_MAR_09, places=["Mosul"]))
    assert (e.sub_event_type, e.actor2) == ("Attack", "Civilians (Iraq)")
