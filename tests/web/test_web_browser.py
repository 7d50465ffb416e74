"""The web page in headless Chromium against a live server: map, filters, card, review, escaping."""

from __future__ import annotations

import json
import sqlite3
from typing import Any

Served = Any  # conftest.Served
Page = Any  # playwright.sync_api.Page


def load(page: Page, served: Served, query: str = "") -> None:
    page.goto(f"{served.url}/{query}")
    page.wait_for_selector("body[data-loaded]", state="attached", timeout=15000)


def wait_until(page: Page, expression: str, timeout_ms: int = 15000) -> None:
    """Poll a JS expression (wait_for_function would eval a string, which the page's CSP forbids)."""
    for _ in range(timeout_ms // 50):
        if page.evaluate(expression):
            return
        page.wait_for_timeout(50)
    raise AssertionError(f"timed out waiting for {expression}")


def reloaded(page: Page, action: Any) -> None:
    """Do ``action`` (which changes a filter) and wait for the event load it starts to finish."""
    before = page.evaluate("document.body.dataset.loaded")
    action()
    wait_until(page, f"document.body.dataset.loaded !== {json.dumps(before)}")


def listed(page: Page) -> list[str]:
    return [t.split("·")[0].strip() for t in page.locator("#event-list li strong").all_inner_texts()]


def test_map_shows_markers_outlines_and_legend_offline(page: Page, served: Served) -> None:
    load(page, served)
    assert page.evaluate("syraqDesk.markerCount()") == 6
    assert page.locator("#status").inner_text() == "6 events, 6 on the map"
    # markers are drawn (clustered or single) and the country outlines came from the vendored world-atlas
    page.wait_for_selector(".leaflet-overlay-pane path, .leaflet-overlay-pane canvas", state="attached")
    assert page.locator(".cluster-icon").count() + page.evaluate("syraqDesk.visibleMarkers()") > 0
    assert "Battles" in page.locator(".legend").inner_text()
    assert page.locator("#banner").is_hidden()  # vendor files present: no warning
    assert page.locator("#histogram svg rect.bar").count() > 0
    assert page.errors == []


def test_filters_by_type_and_period(page: Page, served: Served) -> None:
    load(page, served)
    reloaded(page, lambda: page.select_option("#f-type", "Explosions/Remote violence"))
    assert sorted(listed(page)) == ["Air/drone strike", "Remote explosive/landmine/IED",
                                    "Shelling/artillery/missile attack"]
    assert page.evaluate("syraqDesk.markerCount()") == 3
    # the sub-type choices follow the type
    subs = page.locator("#f-sub option").all_inner_texts()
    assert "Air/drone strike" in subs and "Armed clash" not in subs
    # a period: April to June 2017
    reloaded(page, lambda: page.fill("#f-since", "2017-04-01"))
    reloaded(page, lambda: page.fill("#f-until", "2017-06-30"))
    assert sorted(listed(page)) == ["Air/drone strike", "Remote explosive/landmine/IED"]
    # the brush: dragging across the whole histogram selects the full range again
    reloaded(page, lambda: page.click("#f-reset"))
    assert len(listed(page)) == 6
    box = page.locator("#histogram svg").bounding_box()
    y = box["y"] + box["height"] / 2

    def drag() -> None:
        page.mouse.move(box["x"] + 1, y)
        page.mouse.down()
        page.mouse.move(box["x"] + box["width"] * 0.3, y, steps=5)
        page.mouse.up()

    reloaded(page, drag)
    since, until = page.input_value("#f-since"), page.input_value("#f-until")
    assert since and until and since < until
    days = [e.date_start.isoformat() for d in served.docs for e in d.events]
    expected = sorted(d for d in days if since <= d <= until)
    assert 0 < len(expected) < 6
    assert len(listed(page)) == len(expected)
    assert page.errors == []


def test_card_edit_place_as_reviewer_is_kept_and_audited(page: Page, served: Served) -> None:
    ev = served.event("Air/drone strike")  # machine coding: Raqqa
    load(page, served)
    page.click(f'#event-list li[data-id="{ev.id}"] button')
    page.wait_for_selector("#card-sentence")
    assert page.locator("#card-sentence mark.hl-trigger").inner_text() == "struck"
    assert "Coalition aircraft struck Raqqa" in page.locator("#card-sentence").inner_text()
    assert page.locator("#card a", has_text="Northern front").get_attribute("href") == f"/api/documents/{ev.document_id}"
    assert "test:v1:struck" in page.locator("#card-fields").inner_text()

    page.fill("#r-token", served.token)
    page.dispatch_event("#r-token", "change")
    page.fill("#p-query", "Tabqa")
    page.click("#p-search")
    page.click('#p-candidates button[data-place-id="geonames:172408"]')
    page.wait_for_selector("#review-message.ok")
    assert "Tabqa" in page.locator("#card-fields").inner_text()

    # reload: the edit is kept, the token stayed in sessionStorage, the audit entry is shown
    load(page, served)
    assert page.evaluate("sessionStorage.getItem('syraq.token')") == served.token
    row = page.locator(f'#event-list li[data-id="{ev.id}"]')
    assert "Tabqa" in row.inner_text() and "edited" in row.inner_text()
    row.locator("button").click()
    page.wait_for_selector("#card-audit li")
    assert "Rana Analyst · edit · place" in page.locator("#card-audit").inner_text()
    assert page.input_value("#r-token") == served.token

    with sqlite3.connect(served.db.removeprefix("sqlite:///")) as con:
        rows = con.execute("SELECT event_id, action, reviewer FROM reviews").fetchall()
    assert rows == [(ev.id, "edit", "Rana Analyst")]
    stored = served.store.get_event(ev.id)
    assert stored.place.place.name == "Raqqa"  # the machine coding is never overwritten
    assert page.errors == []


def test_edit_fields_and_place_by_map_click(page: Page, served: Served) -> None:
    ev = served.event("Shelling/artillery/missile attack")
    load(page, served)
    page.evaluate(f"sessionStorage.setItem('syraq.token', {json.dumps(served.token)})")
    page.click(f'#event-list li[data-id="{ev.id}"] button')
    page.wait_for_selector("#e-fatalities")
    page.fill("#e-fatalities", "3")
    page.fill("#e-actor2", "Military Forces of Syria (2000-)")
    page.click("#e-save")
    page.wait_for_selector("#review-message.ok")
    fields = page.locator("#card-fields").inner_text()
    assert "Military Forces of Syria (2000-)" in fields
    page.fill("#p-name", "desert post")
    page.click("#p-pick")
    box = page.locator("#map").bounding_box()
    page.mouse.click(box["x"] + box["width"] * 0.5, box["y"] + box["height"] * 0.6)
    wait_until(page, "document.getElementById('card-fields').textContent.includes('desert post')")
    assert "Saved: edit" in page.locator("#review-message").inner_text()
    assert "desert post" in page.locator("#card-fields").inner_text()
    reviews = served.store.reviews(ev.id)
    assert [r.action for r in reviews] == ["edit", "edit"]
    assert reviews[0].after == {"fatalities": 3, "actor2": "Military Forces of Syria (2000-)"}
    assert reviews[1].after["place"]["place"]["name"] == "desert post"
    assert reviews[1].after["place"]["how"] == "review:map"


def test_without_token_the_ui_shows_401_and_nothing_is_written(page: Page, served: Served) -> None:
    ev = served.event("Government regains territory")
    load(page, served)
    page.click(f'#event-list li[data-id="{ev.id}"] button')
    page.wait_for_selector("#r-accept")
    assert page.input_value("#r-token") == ""
    page.click("#r-accept")
    page.wait_for_selector("#review-message.error")
    message = page.locator("#review-message").inner_text()
    assert "401" in message and "E801" in message
    page.fill("#r-token", "not-a-token")
    page.click("#r-reject")
    wait_until(page, "document.getElementById('review-message').textContent.includes('E802')")
    assert served.store.reviews() == []
    assert served.store.get_event(ev.id).review_status == "unreviewed"


def test_report_markup_is_shown_as_text_and_never_runs(page: Page, served: Served) -> None:
    load(page, served)
    row = page.locator("#event-list li", has_text="Armed clash")
    assert '<img src=x onerror="window.__pwned = 3">' in row.inner_text()
    row.locator("button").click()
    page.wait_for_selector("#card-sentence")
    sentence = page.locator("#card-sentence").inner_text()
    assert "<script>window.__pwned = 1</script>" in sentence and 'onerror="window.__pwned = 2"' in sentence
    assert page.locator("#card a", has_text="Checkpoint <b>attack</b>").count() == 1
    page.locator(".leaflet-marker-icon, .leaflet-interactive").first.hover()  # tooltips too
    page.wait_for_timeout(300)
    assert page.evaluate("window.__pwned") is None
    assert page.locator("#card script, #card img, #event-list img, #card b, .leaflet-tooltip img").count() == 0
    assert page.errors == []
