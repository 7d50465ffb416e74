"""Protests: where a protest was is where its protesters were, not what they protested about; "in protest of"
gives the reason for the main event and codes no event of its own. Notes written in the style of ACLED's."""

from __future__ import annotations

from rulekit import one


def test_what_a_protest_is_against_is_not_where_it_was(code) -> None:  # type: ignore[no-untyped-def]
    doc = code("Dozens of Syrian Kurds in Raqqa demonstrated in protest against the Turkish military operation in "
               "Afrin. No fatalities reported.")
    e = one(doc)
    assert e.event_type == "Protests"
    assert e.place is not None and e.place.place is not None and e.place.place.name == "Ar Raqqah"


def test_in_protest_of_gives_a_reason_and_codes_no_event_of_its_own(code) -> None:  # type: ignore[no-untyped-def]
    doc = code("A demonstration took place in Raqqa in protest of Turkish military actions in Afrin.")
    e = one(doc)  # not a second protest "by" the Turkish military in Afrin
    assert e.event_type == "Protests" and "Turkey" not in e.actor1
    assert e.place is not None and e.place.place is not None and e.place.place.name == "Ar Raqqah"


def test_a_protest_named_only_by_in_protest_is_still_a_protest(code) -> None:  # type: ignore[no-untyped-def]
    e = one(code("Hundreds of residents gathered in Raqqa in protest of the poor services."))
    assert e.event_type == "Protests"
