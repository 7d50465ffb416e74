"""An actor acronym the parser reads as a verb: "IS suicide bombings" is IS's bombing, not one IS
suffered. The sentences are written for this test."""

from __future__ import annotations

from datetime import date

import pytest

pytestmark = pytest.mark.slow


@pytest.mark.parametrize(
    "text",
    [
        "IS suicide bombings killed 20 people in Homs.",
        "In the past year, we have already seen IS suicide bombings in regime-held territories.",
    ],
)
def test_an_acronym_read_as_is_still_names_the_attacker(code, text) -> None:  # type: ignore[no-untyped-def]
    doc = code(text, published=date(2018, 2, 15), places=["Homs"] if "Homs" in text else None)
    bombs = [e for e in doc.events if e.sub_event_type == "Suicide bomb"]
    assert bombs and all(e.actor1.startswith("Islamic State") for e in bombs)
    assert all(not e.actor2.startswith("Islamic State") for e in bombs)
