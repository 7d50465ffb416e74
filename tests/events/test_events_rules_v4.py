"""Rule families of the fourth events round: hedged places and coordinated belief verbs are not modality,
weaponless targeting, non-violent developments, fatalities a report splits between events, the other side of
"between X and Y against Z", people hurt by remote violence, and captures the parser hides. The notes are
written for these tests in the style of ACLED's notes."""

from __future__ import annotations

from datetime import date

import pytest

from syraq.events.codebook import load_codebook
from syraq.events.fatalities import find_split

pytestmark = pytest.mark.slow

PUB = date(2018, 3, 9)


def events(doc):  # type: ignore[no-untyped-def]
    return [(e.event_type, e.sub_event_type, e.actor1, e.actor2, e.fatalities) for e in doc.events]


def one(doc):  # type: ignore[no-untyped-def]
    assert len(doc.events) == 1, events(doc)
    return doc.events[0]


# -- modality: a hedge on a phrase, a belief verb coordinated with the event -------------------------------


def test_likely_before_a_place_phrase_does_not_make_a_forecast(code) -> None:  # type: ignore[no-untyped-def]
    doc = code("Regime helicopters dropped barrel bombs on Kafr Nabl, likely in the Maarat al-Numan area. "
               "No fatalities reported.", published=PUB)
    e = one(doc)
    assert e.sub_event_type == "Air/drone strike" and not doc.claims


def test_likely_before_a_verb_is_still_a_forecast(code) -> None:  # type: ignore[no-untyped-def]
    doc = code("Regime forces will likely storm Kafr Nabl.", published=PUB)
    assert not doc.events and doc.claims


def test_belief_verb_coordinated_with_the_strike_does_not_govern_it(code) -> None:  # type: ignore[no-untyped-def]
    e = one(code("Warplanes, thought to be Russian, carried out strikes on Hajin town. No fatalities reported.",
                 published=PUB))
    assert e.event_type == "Explosions/Remote violence"


# -- targeting with no weapon named --------------------------------------------------------------------------


def test_targeting_a_village_without_a_weapon_is_shelling(code) -> None:  # type: ignore[no-untyped-def]
    e = one(code("Regime forces targeted, by unknown means, the village of Kafr Nabl. No fatalities reported.",
                 published=PUB))
    assert (e.sub_event_type, e.actor1) == ("Shelling/artillery/missile attack", "Military Forces of Syria (2000-)")
    assert e.rule.endswith("targeting-place")


def test_fire_on_enemy_positions_is_remote_violence_against_them(code) -> None:  # type: ignore[no-untyped-def]
    e = one(code("YPG fighters fired on Turkish army positions near Afrin, causing material damage. "
                 "No fatalities reported.", published=PUB))
    assert e.event_type == "Explosions/Remote violence"
    assert (e.actor1, e.actor2) == ("YPG: Peoples Protection Units", "Military Forces of Turkey (2016-)")


def test_gunfire_on_a_village_is_not_remote_targeting(code) -> None:  # type: ignore[no-untyped-def]
    doc = code("Regime snipers targeted Kafr Nabl, killing a shepherd.", published=PUB)
    assert all(not e.rule.endswith(("targeting-place", "targeting-force")) for e in doc.events), events(doc)


# -- non-violent developments --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "sub", "rule"),
    [
        ("Iraqi security forces uncovered a mass grave holding the remains of 20 farmers near Tikrit.", "Other",
         "mass-grave"),
        ("Regime forces imposed a curfew on Hajin after the killing of an officer.", "Other", "curfew"),
        ("HTS issued a statement denying any role in the Kafr Nabl bombing.", "Other", "statement"),
        ("Regime forces launched a campaign of arrests in Hajin.", "Arrests", "arrests"),
        ("A Syrian army colonel in charge of the Raqqa front was removed from his post.",
         "Change to group/activity", "dismissal"),
        ("Iraqi army engineers destroyed four Islamic State hideouts and two tunnels near Tikrit.",
         "Looting/property destruction", "property-destroyed"),
    ],
)
def test_non_violent_developments(code, text: str, sub: str, rule: str) -> None:  # type: ignore[no-untyped-def]
    e = one(code(text, published=PUB))
    assert (e.event_type, e.sub_event_type) == ("Strategic developments", sub)
    assert e.rule.endswith(rule)


def test_a_body_found_is_an_attack_on_a_civilian_by_an_unknown_group(code) -> None:  # type: ignore[no-untyped-def]
    e = one(code("A shepherd was found dead near Hajin with gunshot wounds.", published=PUB))
    assert (e.sub_event_type, e.actor1, e.actor2) == ("Attack", "Unidentified Armed Group (Syria)", "Civilians (Syria)")


def test_explosives_set_off_by_hand_are_a_remote_explosive(code) -> None:  # type: ignore[no-untyped-def]
    e = one(code("Islamic State militants blew up the house of a tribal elder near Tikrit.", published=PUB))
    assert e.sub_event_type == "Remote explosive/landmine/IED"


# -- fatalities split between events ---------------------------------------------------------------------------


def test_split_between_a_number_of_locations() -> None:
    s = find_split("Clashes caused deaths on both sides, coded as 9 and split between the 4 locations.", load_codebook())
    assert s is not None and (s.parts, s.total) == (4, 9)
    assert s.share(9, ["Hajin"]) == 2


def test_split_over_listed_places_gives_the_remainder_to_the_first() -> None:
    s = find_split("Fatalities were distributed over the activities in Hajin, Afrin and Raqqa.", load_codebook())
    assert s is not None and s.listed == ("Hajin", "Afrin", "Raqqa")
    assert [s.share(7, [n]) for n in ("Hajin", "Afrin", "Raqqa")] == [3, 2, 2]


def test_split_figures_allocated_by_name_and_each() -> None:
    cb = load_codebook()
    s = find_split("The 11 fatalities are split between 3 locations, with Hajin allocated 5 and Afrin and Raqqa "
                   "each allocated 3.", cb)
    assert s is not None and [s.share(0, [n]) for n in ("Hajin", "Afrin", "Raqqa")] == [5, 3, 3]
    s = find_split("Unknown fatalities coded as 8 and split, 4 each, between Hajin and Afrin.", cb)
    assert s is not None and s.share(8, ["Afrin"]) == 4
    s = find_split("Shelling killed 3 people. 2 fatalities allocated to Hajin and 1 to Afrin.", cb)
    assert s is not None and (s.share(3, ["Hajin"]), s.share(3, ["Afrin"])) == (2, 1)


def test_a_town_divided_between_two_forces_is_no_split() -> None:
    assert find_split("The town was divided between IS and the army; 3 people were killed.", load_codebook()) is None


def test_each_event_of_a_split_report_gets_its_share(code) -> None:  # type: ignore[no-untyped-def]
    doc = code("Turkish forces clashed with YPG fighters in Afrin. An unknown number of fatalities are coded as 10 "
               "and split between the 4 locations.", published=PUB)
    assert [e.fatalities for e in doc.events] == [2]


# -- actors --------------------------------------------------------------------------------------------------


def test_between_one_side_against_the_other(code) -> None:  # type: ignore[no-untyped-def]
    e = one(code("Clashes took place between Turkish forces and Olive Branch factions against YPG fighters near Afrin. "
                 "No fatalities reported.", published=PUB))
    assert (e.actor1, e.actor2) == ("Military Forces of Turkey (2016-)", "YPG: Peoples Protection Units")


def test_shelling_that_hurts_people_hits_civilians(code) -> None:  # type: ignore[no-untyped-def]
    e = one(code("Regime forces shelled Kafr Nabl with rockets. The shelling caused injuries.", published=PUB))
    assert e.actor2 == "Civilians (Syria)" and e.civilian_targeting


def test_shelling_that_hurts_no_one_has_no_civilian_target(code) -> None:  # type: ignore[no-untyped-def]
    e = one(code("Regime forces shelled Kafr Nabl with rockets. Neither injuries nor fatalities reported.",
                 published=PUB))
    assert e.actor2 != "Civilians (Syria)" and not e.civilian_targeting


def test_regime_and_russian_warplanes_are_the_syrian_air_force(code) -> None:  # type: ignore[no-untyped-def]
    e = one(code("Regime and Russian warplanes carried out strikes on Kafr Nabl. No fatalities reported.",
                 published=PUB))
    assert e.actor1 == "Military Forces of Syria (2000-) Syrian Arab Air Force"


# -- captures the parse hides ------------------------------------------------------------------------------------


def test_advanced_to_take_control_is_a_capture(code) -> None:  # type: ignore[no-untyped-def]
    e = one(code("Following clashes with rebel factions, regime forces advanced to take control of Kafr Nabl. "
                 "No fatalities reported.", published=PUB))
    assert e.sub_event_type == "Government regains territory"


def test_able_to_regain_control_is_a_capture(code) -> None:  # type: ignore[no-untyped-def]
    e = one(code("Rebel factions were able to regain control of Kafr Nabl after clashes with regime forces.",
                 published=PUB))
    assert e.sub_event_type == "Non-state actor overtakes territory"


def test_a_capture_of_a_name_the_gazetteer_lacks(code) -> None:  # type: ignore[no-untyped-def]
    e = one(code("Regime forces asserted control over Tell Zahwan in southern Idleb.", published=PUB, places=["Hajin"]))
    assert e.sub_event_type == "Government regains territory"


def test_a_past_verb_parsed_as_a_modifier_still_codes(code) -> None:  # type: ignore[no-untyped-def]
    # the small model parses "controlled" here as a modifier of "village" that keeps its own subject
    e = one(code("The Syrian army controlled Tuwal village in Idleb south eastern countryside after clashes with the "
                 "opposition factions.", published=PUB))
    assert e.sub_event_type == "Government regains territory"
