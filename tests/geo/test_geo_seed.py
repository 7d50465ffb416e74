"""The seed interview: every place it names resolves within 25 km of the right place.

Reference points are ours (town centres as any atlas gives them); provinces, regions and
countries pass when the point is inside them, checked here with a radius around the
centre of the area that stays inside it.
"""

from __future__ import annotations

import os
from importlib.resources import files
from pathlib import Path

import pytest

from syraq import config
from syraq.geo import Gazetteer, geoparse_text, haversine_km, load_gazetteer
from syraq.geo.index import INDEX_NAME

pytestmark = pytest.mark.slow

SEED = Path(str(files("syraq") / "data" / "example" / "syria-direct-2018-02-15-hassan-interview.txt"))

#: surface form -> acceptable (lat, lon, km) targets; a form with two targets may be either
EXPECTED: dict[str, list[tuple[float, float, float]]] = {
    "Syria": [(35.0, 38.5, 300)],
    "Iraq": [(33.0, 43.5, 400)],
    "Euphrates": [(35.33, 40.14, 150)],
    "Euphrates River": [(35.33, 40.14, 150)],
    "Euphrates River Valley": [(34.9, 40.6, 120)],
    "Deir e-Zor": [(35.33, 40.14, 25), (35.0, 40.3, 120)],  # the city, or the province
    "Washington": [(38.895, -77.036, 25)],
    "DC": [(38.9, -77.03, 25)],
    "Homs": [(34.73, 36.72, 25), (34.5, 38.0, 200)],  # the city, or the province
    "Sukhna": [(34.885, 38.871, 25)],
    "Qaryatayn": [(34.23, 37.24, 25)],
    "Fallujah": [(33.35, 43.78, 25)],
    "Diyala": [(33.9, 45.0, 130)],
    "Qamishli": [(37.05, 41.23, 25)],
    "Aleppo": [(36.2, 37.16, 25)],
    "Palmyra": [(34.56, 38.28, 25)],
    "Raqqa": [(35.95, 39.01, 25)],
    "Damascus": [(33.51, 36.29, 25)],
    "al-Bukamal": [(34.45, 40.92, 25)],
    "Idlib": [(35.8, 36.6, 100)],
    "East Ghouta": [(33.55, 36.4, 25)],
    "Mosul": [(36.34, 43.13, 25)],
    "Anbar": [(33.4, 42.0, 300)],
    "Mayadeen": [(35.02, 40.45, 25)],
    "Afghanistan": [(33.9, 67.7, 700)],
    "Pakistan": [(30.0, 70.0, 800)],
}
PROVINCE_CUES = {"Deir e-Zor", "Homs", "Idlib", "Anbar"}


def check_seed(gaz: Gazetteer, nlp) -> None:
    text = SEED.read_text(encoding="utf-8")
    mentions = geoparse_text(text, gaz, nlp)
    seen: dict[str, int] = {}
    for m in mentions:
        name = text[m.span.start : m.span.end]
        if name not in EXPECTED:
            continue
        seen[name] = seen.get(name, 0) + 1
        assert m.place is not None, f"{name} at {m.span.start} is unresolved"
        ok = any(haversine_km(m.place.lat, m.place.lon, lat, lon) <= km for lat, lon, km in EXPECTED[name])
        assert ok, f"{name} at {m.span.start} -> {m.place.name} ({m.place.lat}, {m.place.lon})"
        after = text[m.span.end : m.span.end + 10]
        if name in PROVINCE_CUES and after.startswith(" province"):
            assert m.place.feature_code == "ADM1", f"{name} province -> {m.place.feature_code}"
            assert m.geo_precision == 3
    missing = {
        "Syria",
        "Iraq",
        "Deir e-Zor",
        "Washington",
        "Homs",
        "Sukhna",
        "Qaryatayn",
        "Fallujah",
        "Diyala",
        "Qamishli",
        "Aleppo",
        "Palmyra",
        "Raqqa",
        "Damascus",
        "al-Bukamal",
        "Idlib",
        "East Ghouta",
        "Mosul",
        "Anbar",
        "Mayadeen",
        "Afghanistan",
        "Pakistan",
    } - set(seen)
    assert not missing, f"not recognised: {sorted(missing)}"
    assert {"Euphrates", "Euphrates River"} & set(seen)
    # nothing outside the theatre except Washington DC and AfPak's countries
    for m in mentions:
        if m.place is not None and m.place.country_code not in ("SY", "IQ", "US", "AF", "PK", "RU", ""):
            raise AssertionError(f"{text[m.span.start : m.span.end]!r} resolved to {m.place.country}")


def test_seed_with_mini_gazetteer(mini_gazetteer: Gazetteer, nlp) -> None:
    check_seed(mini_gazetteer, nlp)


def test_seed_with_full_index(nlp) -> None:
    """Runs when the full index exists in this session's home, or SYRAQ_FULL_GAZETTEER=1 asks to build it (~30 s)."""
    path = config.home() / "gazetteer" / INDEX_NAME
    if not path.exists() and os.environ.get("SYRAQ_FULL_GAZETTEER") != "1":
        pytest.skip(f"no full gazetteer index at {path}; set SYRAQ_FULL_GAZETTEER=1 to build it")
    check_seed(load_gazetteer(), nlp)
