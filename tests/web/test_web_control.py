"""The fragile-places panel and the place card (control timeline) in headless Chromium."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import httpx
import pytest

from . import conftest
from .conftest import GOV, IS, _doc, serve
from .test_web_browser import load, reloaded, wait_until

Page = Any

# markup in a place name and in evidence sentences must stay text and never run
HOSTILE_TOWN = '<img src=x onerror="window.__pwned = 9">Qaryatain'
REPORT_TOWN = (
    "Islamic State fighters seized Palmyra on 11 December after government forces withdrew from the city. "
    'Government troops recaptured Palmyra on 2 March, said a post signed <img src=x onerror="window.__pwned = 7">. '
    "Islamic State militants clashed with the army on the edge of Palmyra on 20 March. "
    f"Islamic State fighters overran {HOSTILE_TOWN} on 1 March."
)


@pytest.fixture
def contested(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    """The army holds Palmyra, IS takes it, the army retakes it; a clash there after; IS takes a second town."""
    monkeypatch.setitem(conftest.PLACES, HOSTILE_TOWN, ("geonames:166365", 34.2285, 37.2406, "Homs"))
    docs = [
        _doc(REPORT_TOWN, "Palmyra changes hands", date(2017, 3, 21), [
            (0, "seized", "Non-state actor overtakes territory", "Battles", "Palmyra", date(2016, 12, 11), IS, GOV, 0),
            (1, "recaptured", "Government regains territory", "Battles", "Palmyra", date(2017, 3, 2), GOV, IS, 0),
            (2, "clashed", "Armed clash", "Battles", "Palmyra", date(2017, 3, 20), IS, GOV, 3),
            (3, "overran", "Non-state actor overtakes territory", "Battles", HOSTILE_TOWN, date(2017, 3, 1), IS, GOV, 0),
        ]),
    ]
    yield from serve(f"sqlite:///{tmp_path / 'control.db'}", docs)


def fragile_names(page: Page) -> list[str]:
    return page.locator("#fragility-list > li > button > strong").all_inner_texts()


def test_fragile_places_panel_lists_towns_with_explanations(page: Page, contested: Any) -> None:
    load(page, contested)
    page.wait_for_selector("#fragility-list > li", timeout=15000)
    names = fragile_names(page)
    assert names[0] == "Palmyra"  # two changes and a reversal: the most fragile
    assert HOSTILE_TOWN in names  # the markup in the name shows as text
    first = page.locator("#fragility-list > li").first
    text = first.inner_text()
    assert f"held by {GOV}" in text
    assert "changed hands twice" in text
    assert f"control reverted to {GOV}" in text
    api = httpx.get(f"{contested.url}/api/fragility").json()["items"]
    assert [f["place"]["name"] for f in api] == names
    assert page.locator("#fragility-list .score").all_inner_texts() == [f"{f['score']:.2f}" for f in api]
    # the period filter: as of 2017-02-01 IS held Palmyra and the other town was not yet taken
    reloaded(page, lambda: (page.fill("#f-since", "2016-11-01"), page.fill("#f-until", "2017-02-01"),
                            page.dispatch_event("#f-until", "change")))
    wait_until(page, "document.getElementById('fragility-note').textContent.includes('as of 2017-02-01')")
    assert fragile_names(page) == ["Palmyra"]
    assert f"held by {IS}" in page.locator("#fragility-list > li").first.inner_text()
    assert page.evaluate("window.__pwned") is None
    assert page.errors == []


def test_fragile_place_opens_place_card_with_timeline_and_evidence(page: Page, contested: Any) -> None:
    load(page, contested)
    page.wait_for_selector("#fragility-list > li", timeout=15000)
    page.locator("#fragility-list > li > button", has_text="Palmyra").click()
    page.wait_for_selector("#place-periods li", timeout=15000)
    wait_until(page, "syraqDesk.view().zoom >= 10")  # the map jumps to the town
    view = page.evaluate("syraqDesk.view()")
    assert view["zoom"] >= 10 and abs(view["lat"] - 34.5604) < 0.01 and abs(view["lon"] - 38.2810) < 0.01
    assert page.locator("#card h2").inner_text().startswith("Control of Palmyra")
    periods = page.locator("#place-periods > li").all_inner_texts()
    assert len(periods) == 3
    assert periods[0].startswith(GOV) and "until 2016-12-11" in periods[0] and "inferred" in periods[0]
    assert periods[1].startswith(IS) and "2016-12-11 – 2017-03-02" in periods[1] and "captured" in periods[1]
    assert periods[2].startswith(GOV) and "2017-03-02 – now" in periods[2] and "regained" in periods[2]
    changes = page.locator("#place-changes > li")
    assert changes.count() == 2
    assert f"{GOV} → {IS}" in changes.nth(0).inner_text()
    assert "seized Palmyra on 11 December" in changes.nth(0).locator(".sentence").inner_text()
    # the evidence sentence's markup is shown as text, not parsed
    second = changes.nth(1).locator(".sentence")
    assert '<img src=x onerror="window.__pwned = 7">' in second.inner_text()
    assert page.locator("#card img").count() == 0
    assert page.locator("#place-contested li").count() >= 1
    assert "2017-03-20" in page.locator("#place-contested").inner_text()
    # the change's link opens the event card, whose link leads back to the place card
    changes.nth(1).locator("a.event-link").click()
    page.wait_for_selector("#card-fields", timeout=15000)
    assert "Government regains territory" in page.locator("#card h2").inner_text()
    page.click("#card-place-link")
    page.wait_for_selector("#place-periods li", timeout=15000)
    assert page.locator("#place-periods > li").count() == 3
    assert page.evaluate("window.__pwned") is None
    assert page.errors == []


def test_event_card_link_opens_place_card_of_a_hostile_name(page: Page, contested: Any) -> None:
    load(page, contested)
    page.locator("#event-list li button", has_text="Qaryatain").click()
    page.wait_for_selector("#card-place-link", timeout=15000)
    assert page.locator("#card-place-link").inner_text() == f"control timeline of {HOSTILE_TOWN}"
    page.click("#card-place-link")
    page.wait_for_selector("#place-periods li", timeout=15000)
    assert page.locator("#card h2").inner_text().startswith(f"Control of {HOSTILE_TOWN}")
    assert page.locator("#place-periods > li").count() == 2  # inferred government, then IS
    assert page.locator("#card img, #fragility-list img").count() == 0
    assert page.evaluate("window.__pwned") is None
    assert page.errors == []
