"""Rule families of the fifth events round: a figure with a higher alternative ("4, possibly 5", "145-150")
counts its lowest, once; a capture told as "took control" with no object or of a name the parser calls an
organisation is still a capture. The notes are written for these tests in the style of ACLED's notes."""

from __future__ import annotations

from datetime import date

import pytest

pytestmark = pytest.mark.slow

PUB = date(2018, 3, 9)


def one(doc):  # type: ignore[no-untyped-def]
    assert len(doc.events) == 1, [(e.sub_event_type, e.actor1, e.fatalities) for e in doc.events]
    return doc.events[0]


# -- fatalities: the lowest of alternative figures ------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "fatalities"),
    [
        ("Turkish warplanes struck the Afrin countryside, killing 7, possibly 8, civilians.", 7),
        ("Turkish forces shelled Jandaris town, killing 4, possibly 5, children and women and injuring 20 others.", 4),
        ("Coalition strikes on the Hajin area killed an estimated 120-130 IS fighters.", 120),
        ("Regime forces shelled Kafr Nabl, killing 3 or 4 civilians.", 3),
    ],
)
def test_alternative_figures_count_the_lowest_once(code, text, fatalities) -> None:  # type: ignore[no-untyped-def]
    assert one(code(text, published=PUB)).fatalities == fatalities


def test_separate_groups_of_victims_still_add_up(code) -> None:  # type: ignore[no-untyped-def]
    e = one(code("Regime forces shelled Kafr Nabl, killing 2 civilians and 3 fighters.", published=PUB))
    assert e.fatalities == 5


# -- captures without a capture object the parser recognises --------------------------------------------------


def test_took_control_of_a_name_tagged_as_an_organisation_is_a_capture(code) -> None:  # type: ignore[no-untyped-def]
    e = one(code("Following clashes with rebels, regime forces took control of Marhamiya in southern Aleppo. "
                 "No fatalities reported.", published=PUB))
    assert (e.sub_event_type, e.actor1) == ("Government regains territory", "Military Forces of Syria (2000-)")
    assert e.actor2 == "Opposition Rebels (Syria)"


def test_took_control_of_an_institution_is_not_a_capture(code) -> None:  # type: ignore[no-untyped-def]
    doc = code("Regime forces took control of the Interior Ministry office.", published=PUB)
    assert all(e.sub_event_type != "Government regains territory" for e in doc.events)


def test_where_forces_took_control_is_a_capture_of_that_place(code) -> None:  # type: ignore[no-untyped-def]
    e = one(code("Clashes took place between regime forces and HTS fighters in Hajin town, where regime forces "
                 "took control. No fatalities reported.", published=PUB))
    assert (e.sub_event_type, e.actor1, e.actor2) == (
        "Government regains territory", "Military Forces of Syria (2000-)", "HTS: Hayat Tahrir al-Sham")


def test_non_state_actor_taking_control_with_no_object(code) -> None:  # type: ignore[no-untyped-def]
    e = one(code("Clashes took place between IS fighters and regime forces in Hajin town, where IS fighters took "
                 "control. No fatalities reported.", published=PUB))
    assert (e.sub_event_type, e.actor1) == ("Non-state actor overtakes territory", "Islamic State (Syria)")
