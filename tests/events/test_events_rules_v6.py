"""Rule families of the sixth events round: an attempt to take ground ("tried to capture the YPG-held town")
is a clash, never a capture; armed men wounding armed men is a clash, like a killing. The notes are written
for these tests in the style of ACLED's notes."""

from __future__ import annotations

from datetime import date

import pytest

pytestmark = pytest.mark.slow

PUB = date(2018, 3, 9)


def one(doc):  # type: ignore[no-untyped-def]
    assert len(doc.events) == 1, [(e.sub_event_type, e.actor1, e.fatalities) for e in doc.events]
    return doc.events[0]


# -- an attempt to take ground is a clash ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Regime forces tried to capture Kafr Nabl village but were repelled. No fatalities reported.",
        "Turkish forces attempted to storm the YPG-held village of Kafr Nabl. No fatalities reported.",
        "Regime forces suffered losses when they tried to enter the town of Kafr Nabl.",
    ],
)
def test_an_attempt_to_take_ground_is_an_armed_clash(code, text) -> None:  # type: ignore[no-untyped-def]
    e = one(code(text, published=PUB, places=["Kafr Nabl"]))
    assert e.event_type == "Battles"
    assert e.sub_event_type == "Armed clash"
    assert e.place is not None and e.place.span.text(text) == "Kafr Nabl"


def test_a_capture_stays_a_capture(code) -> None:  # type: ignore[no-untyped-def]
    e = one(code("Regime forces captured Kafr Nabl village. No fatalities reported.", published=PUB, places=["Kafr Nabl"]))
    assert e.sub_event_type == "Government regains territory"


# -- armed men wounding armed men ------------------------------------------------------------------------------


def test_militants_wounding_a_soldier_is_a_clash(code) -> None:  # type: ignore[no-untyped-def]
    text = "Islamic State militants wounded a soldier of the Iraqi army near Tikrit, north of Baghdad."
    e = one(code(text, published=PUB, places=["Tikrit"]))
    assert (e.event_type, e.sub_event_type) == ("Battles", "Armed clash")
    assert e.actor1.startswith("Islamic State")
    assert e.actor2.startswith("Military Forces of Iraq")
    assert e.fatalities == 0


def test_militants_wounding_civilians_is_still_violence_against_civilians(code) -> None:  # type: ignore[no-untyped-def]
    text = "Islamic State militants wounded two farmers near Tikrit, north of Baghdad."
    e = one(code(text, published=PUB, places=["Tikrit"]))
    assert e.event_type == "Violence against civilians"


def test_a_soldier_wounded_by_shelling_is_not_a_clash(code) -> None:  # type: ignore[no-untyped-def]
    text = "Islamic State shelling wounded a soldier of the Iraqi army near Tikrit, north of Baghdad."
    e = one(code(text, published=PUB, places=["Tikrit"]))
    assert e.sub_event_type == "Shelling/artillery/missile attack"
