"""The page's files: no data through innerHTML, the taxonomy in step with syraq's, the vendor copy."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from typing import Any

import pytest

from syraq.taxonomy import TAXONOMY
from syraq.web import vendor

STATIC = Path(vendor.__file__).resolve().parent / "static"
APP = (STATIC / "app.js").read_text(encoding="utf-8")


def test_app_never_writes_markup_from_strings() -> None:
    for sink in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(", "new Function"):
        assert sink not in APP, sink
    index = (STATIC / "index.html").read_text(encoding="utf-8")
    assert "script-src 'self'" in index  # the CSP forbids inline and injected scripts
    assert not re.search(r"<script>(?!</script>)", index)  # no inline script
    assert "://" not in re.sub(r"https://\*\.tile\.openstreetmap\.org", "", index)  # nothing from a CDN


def test_taxonomy_in_app_matches_syraq() -> None:
    block = APP.split("// BEGIN TAXONOMY")[1].split("// END TAXONOMY")[0]
    body = block[block.index("{"): block.rindex("}") + 1]
    body = re.sub(r",(\s*[\]}])", r"\1", body)  # trailing commas are JavaScript, not JSON
    in_js = json.loads(body)
    assert in_js == {etype: list(subs) for etype, (_, subs) in TAXONOMY.items()}


def test_copy_vendor(tmp_path: Path) -> None:
    nm = tmp_path / "node_modules"
    for package, files in vendor.FILES.items():
        for rel in files:
            path = nm / package / rel
            if rel.endswith("images"):
                (path / "marker-icon.png").parent.mkdir(parents=True, exist_ok=True)
                (path / "marker-icon.png").write_bytes(b"png")
            else:
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(package)
    out = tmp_path / "vendor"
    written = vendor.copy_vendor(nm, out)
    assert (out / "leaflet" / "leaflet.js").read_text() == "leaflet"
    assert (out / "leaflet" / "images" / "marker-icon.png").is_file()
    assert (out / "world-atlas" / "countries-50m.json").is_file()
    assert len(written) == sum(len(f) for f in vendor.FILES.values())
    (nm / "topojson-client" / "dist" / "topojson-client.min.js").unlink()
    with pytest.raises(FileNotFoundError, match="npm ci"):
        vendor.copy_vendor(nm, out)
    assert vendor.main([str(tmp_path / "nowhere")]) == 1


def test_page_without_vendor_files_says_what_to_run(tmp_path: Path, browser: Any, serve_static: Any) -> None:
    """With static/vendor/ missing the page still loads, lists events and names the command to run."""
    site = tmp_path / "static"
    site.mkdir()
    for name in ("index.html", "app.js", "style.css"):
        shutil.copy(STATIC / name, site / name)
    served = serve_static(site)
    context = browser.new_context()
    try:
        page = context.new_page()
        page.goto(served.url + "/")
        page.wait_for_selector("body[data-loaded]", state="attached", timeout=15000)
        banner = page.locator("#banner")
        assert banner.is_visible() and "make install" in banner.inner_text()
        assert "python -m syraq.web.vendor" in banner.inner_text()
        assert page.locator("#event-list li").count() == 6
        assert page.locator("#status").inner_text().startswith("6 events")
    finally:
        context.close()
