"""The hotspot overlay and the resurgence panel in headless Chromium against a live server."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from .conftest import IS, _doc, documents, serve
from .test_web_browser import load, wait_until

Page = Any

REPORT_RETURN = (
    "Islamic State militants attacked a checkpoint in Palmyra on 10 June. "
    "On 20 June Islamic State gunmen ambushed a convoy outside Palmyra. "
    "A roadside bomb planted by the group exploded in Palmyra on 28 June."
)


@pytest.fixture
def rising(tmp_path: Path) -> Iterator[Any]:
    """The desk's fixture reports plus three IS attacks at Palmyra in June 2017."""
    extra = _doc(REPORT_RETURN, "Return to Palmyra", date(2017, 6, 30), [
        (0, "attacked", "Attack", "Violence against civilians", "Palmyra", date(2017, 6, 10), IS, "", 0),
        (1, "ambushed", "Armed clash", "Battles", "Palmyra", date(2017, 6, 20), IS, "", 2),
        (2, "exploded", "Remote explosive/landmine/IED", "Explosions/Remote violence", "Palmyra",
         date(2017, 6, 28), IS, "", 0),
    ])
    yield from serve(f"sqlite:///{tmp_path / 'rising.db'}", [*documents(), extra])


def toggle_hotspots(page: Page) -> None:
    page.locator(".leaflet-control-layers label", has_text="Hotspots").locator("input").check()


def test_hotspot_layer_draws_hexagons_for_the_filters(page: Page, rising: Any) -> None:
    load(page, rising)
    assert page.evaluate("syraqDesk.hotspotCount()") == 0  # off until switched on
    toggle_hotspots(page)
    wait_until(page, "syraqDesk.hotspotCount() > 0")
    drawn = page.evaluate("syraqDesk.hotspotCount()")
    assert drawn == int(page.evaluate("document.body.dataset.hotspots"))
    assert drawn >= 5  # Palmyra, Albukamal, Tabqa, Raqqa, Hama are hexagons apart at any resolution used
    page.wait_for_selector(".leaflet-overlay-pane canvas, .leaflet-overlay-pane path", state="attached")
    # a filter redraws the layer: only Battles (Palmyra, Hama)
    page.select_option("#f-type", "Battles")
    wait_until(page, "syraqDesk.hotspotCount() === 2")
    page.locator(".leaflet-control-layers label", has_text="Hotspots").locator("input").uncheck()
    wait_until(page, "syraqDesk.hotspotCount() === 0")
    assert page.errors == []


def test_resurgence_panel_lists_rising_areas_and_zooms(page: Page, rising: Any) -> None:
    load(page, rising)
    page.fill("#r-actor", "Islamic State")
    page.click("#r-go")
    page.wait_for_selector("#resurgence-list li button", timeout=15000)
    items = page.locator("#resurgence-list li")
    assert items.count() == 1
    assert "Palmyra" in items.first.inner_text()
    assert "0 → 0 → 0 → 3" in items.first.inner_text()
    items.first.locator("button").click()
    wait_until(page, "syraqDesk.resurgenceShown() === 1")
    assert "Rising" in page.locator("#resurgence-note").inner_text()
    # an actor with no activity: a plain note, no list
    page.fill("#r-actor", "Nobody At All")
    page.click("#r-go")
    wait_until(page, "document.getElementById('resurgence-note').textContent.startsWith('No rising area')")
    assert page.locator("#resurgence-list li").count() == 0
    assert page.errors == []
