"""Rule family: a settlement named with the larger place that locates it ("X town in western Y", "the X area of
Y", "X, south of Y") is where the event happened; the larger place only says where X lies. So is the one settlement a
report names among the places it speaks of in a larger one ("towns and villages in Y, including X"). Each town of
a list ("the towns of A, B, C, and D") is an event of its own, whatever the parser makes of the list; the area between
two towns is one place, and "A, B" alone may be a town and the larger place it lies in.

The notes are written in the style of ACLED's January 2018 notes; the places are built here.
"""

from __future__ import annotations

from datetime import date

import pytest
from seedkit import PLACES

from syraq.geo.areas import on_side
from syraq.model import Document, Place, PlaceMention, Span

pytestmark = pytest.mark.slow

DEIR = Place("geonames:170792", "Dayr az Zawr", 35.0, 40.3, "A", "ADM1", "SY", "Syria", "Dayr az Zawr")
#: the part a direction names: the geo stage builds these from the province's members; the id ends with it
EAST_DEIR = Place(
    "syraq:part:geonames:170792:eastern", "eastern Dayr az Zawr", 34.8, 40.7, "L", "RGN", "SY", "Syria", "Dayr az Zawr"
)
WEST_DEIR = Place(
    "syraq:part:geonames:170792:western", "western Dayr az Zawr", 35.3, 39.9, "L", "RGN", "SY", "Syria", "Dayr az Zawr"
)
GHARANIJ = Place("acled:gharanij@34.79,40.72", "Gharanij", 34.786, 40.718, "P", "PPL", "SY", "Syria", "Deir-ez-Zor")
BAGHDAD = Place(
    "geonames:98182", "Baghdad", 33.3406, 44.4009, "P", "PPLC", "IQ", "Iraq", "Baghdad", population=7_216_000
)
MAHMUDIYA = Place("geonames:99100", "Al Mahmudiyah", 33.0617, 44.3575, "P", "PPL", "IQ", "Iraq", "Baghdad")


def _code(nlp_stage, event_stage, text: str, places: list[tuple[str, Place, Place | None]]) -> Document:  # type: ignore[no-untyped-def]
    doc = Document(text=text, published=date(2018, 1, 20))
    nlp_stage(doc)
    mentions = []
    for name, place, area in places:
        i = text.index(name)
        mentions.append(
            PlaceMention(Span(i, i + len(name), "place"), place, 0.9, 3 if area else 1, how="test", area=area)
        )
    doc.places = sorted(mentions, key=lambda m: m.span.start)
    return event_stage(doc)


def _place(doc: Document) -> Place:
    (e,) = doc.events
    assert e.place is not None and e.place.place is not None
    return e.place.place


def test_a_town_in_a_province_part_is_the_events_place(nlp_stage, event_stage) -> None:  # type: ignore[no-untyped-def]
    text = (
        "The Islamic State clashed with the Syrian Democratic Forces in Gharanij town in eastern Deir-ez-Zor. "
        "No fatalities reported."
    )
    doc = _code(nlp_stage, event_stage, text, [("Gharanij", GHARANIJ, None), ("Deir-ez-Zor", DEIR, EAST_DEIR)])
    assert _place(doc) is GHARANIJ
    assert "located by 'Deir-ez-Zor'" in doc.events[0].place.how  # type: ignore[union-attr]


def test_a_town_and_its_outskirts_in_a_province(nlp_stage, event_stage) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Suspected regime helicopters dropped barrel bombs as warplanes shelled and opened heavy machine gun "
        "fire on areas of Gharanij town and it's outskirts in eastern Deir-ez-Zor, causing material damage."
    )
    doc = _code(nlp_stage, event_stage, text, [("Gharanij", GHARANIJ, None), ("Deir-ez-Zor", DEIR, EAST_DEIR)])
    assert _place(doc) is GHARANIJ


def test_a_town_placed_relative_to_a_city(nlp_stage, event_stage) -> None:  # type: ignore[no-untyped-def]
    text = "Four civilians were wounded by the explosion of an IED planted near a store in Mahmudiya, south of Baghdad."
    doc = _code(nlp_stage, event_stage, text, [("Mahmudiya", MAHMUDIYA, None), ("Baghdad", BAGHDAD, None)])
    assert _place(doc) is MAHMUDIYA


def test_two_towns_in_a_list_are_not_one_inside_the_other(nlp_stage, event_stage) -> None:  # type: ignore[no-untyped-def]
    # "Kafr Nabl and Deir-ez-Zor" coordinates two places: nothing locates the first in the second
    text = "Regime forces shelled Kafr Nabl and Deir-ez-Zor with artillery. No fatalities reported."
    doc = _code(nlp_stage, event_stage, text, [("Kafr Nabl", PLACES["Kafr Nabl"], None), ("Deir-ez-Zor", DEIR, None)])
    assert all(e.place is not None and e.place.how == "test" for e in doc.events)  # nothing was "located by"


def test_a_namesake_on_the_other_side_of_the_province_is_not_the_town_meant() -> None:
    # "Gharanij town in western Deir-ez-Zor": the only Gharanij the layers know lies east of the province's point
    assert on_side(GHARANIJ, EAST_DEIR, DEIR)
    assert not on_side(GHARANIJ, WEST_DEIR, DEIR)


def test_a_settlement_far_from_the_place_that_would_locate_it_is_not_inside_it(nlp_stage, event_stage) -> None:  # type: ignore[no-untyped-def]
    text = "Four civilians were wounded by the explosion of an IED planted near a store in Mahmudiya, south of Mosul."
    doc = _code(nlp_stage, event_stage, text, [("Mahmudiya", MAHMUDIYA, None), ("Mosul", PLACES["Mosul"], None)])
    assert _place(doc) is PLACES["Mosul"]


def test_the_settlement_a_report_names_among_a_provinces_places(nlp_stage, event_stage) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Clashes took place as the Islamic State advanced to control a number of towns and villages in "
        "Deir-ez-Zor, including Gharanij. No fatalities reported."
    )
    doc = _code(nlp_stage, event_stage, text, [("Deir-ez-Zor", DEIR, None), ("Gharanij", GHARANIJ, None)])
    assert {e.place.place.id for e in doc.events if e.place and e.place.place} == {GHARANIJ.id}
    # a place coordinated with the province is not one of its places
    text = "Regime forces shelled areas in Deir-ez-Zor and Gharanij. No fatalities reported."
    doc = _code(nlp_stage, event_stage, text, [("Deir-ez-Zor", DEIR, None), ("Gharanij", GHARANIJ, None)])
    assert DEIR.id in {e.place.place.id for e in doc.events if e.place and e.place.place}


def _town(name: str, lat: float, lon: float) -> Place:
    return Place(f"acled:{name.casefold()}", name, lat, lon, "P", "PPL", "SY", "Syria", "Rif Dimashq")


DUMA, ARBIN, KAFR_BATNA, MODIRA = (
    _town("Duma", 33.57, 36.40), _town("Arbin", 33.54, 36.37), _town("Kafr Batna", 33.51, 36.37),
    _town("Modira", 33.55, 36.39),
)


def test_each_town_of_a_list_is_an_event(nlp_stage, event_stage) -> None:  # type: ignore[no-untyped-def]
    # the small model makes "Arbin" an apposition of "Duma" and hangs the rest of the list from it
    text = ("Regime forces shelled and carried out air strikes on the towns of Duma, Arbin, Kafr Batna, and Modira "
            "which resulted in 8 civilian deaths. Fatalities spread evenly across events.")
    towns = [DUMA, ARBIN, KAFR_BATNA, MODIRA]
    doc = _code(nlp_stage, event_stage, text, [(t.name, t, None) for t in towns])
    assert sorted(e.place.place.name for e in doc.events if e.place and e.place.place) == sorted(t.name for t in towns)
    assert [e.fatalities for e in doc.events] == [2, 2, 2, 2]


def test_the_area_between_two_towns_is_one_place(nlp_stage, event_stage) -> None:  # type: ignore[no-untyped-def]
    text = "The Syrian army clashed with the rebel factions in the area between Duma and Arbin cities. No fatalities reported."
    doc = _code(nlp_stage, event_stage, text, [("Duma", DUMA, None), ("Arbin", ARBIN, None)])
    assert len(doc.events) == 1
