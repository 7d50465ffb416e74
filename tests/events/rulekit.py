"""Shared helpers for the event rule tests (test_events_family_*.py), imported like seedkit.

The notes the tests code were written in the style of ACLED notes published on the dates below.
"""

from __future__ import annotations

from datetime import date

from syraq.model import Document, Event

PUB_MAR_06 = date(2018, 3, 6)
PUB_MAR_09 = date(2018, 3, 9)


def events(doc: Document) -> list[tuple[str, str, str, str, int]]:
    """The coded events of a document, short enough for an assertion message."""
    return [(e.event_type, e.sub_event_type, e.actor1, e.actor2, e.fatalities) for e in doc.events]


def one(doc: Document) -> Event:
    """The one event the document codes; fails, listing what was coded, if there is not exactly one."""
    assert len(doc.events) == 1, [(e.sub_event_type, e.actor1, e.actor2, e.fatalities, e.rule) for e in doc.events]
    return doc.events[0]


def actors(e: Event) -> set[str]:
    """The named actors of an event, without the empty second actor."""
    return {e.actor1, e.actor2} - {""}
