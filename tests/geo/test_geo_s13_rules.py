"""Rule family of session 13: a near spelling is placed by the report's smaller places, not by a country's point
("Al-Malikeyyeh town in the north eastern countryside of Syria": Syria's point lies 450 km from Al-Malikiyah, which
says nothing of whether the spelling is the town). The gazetteer slice is written for these tests. (A given span read by
the nationality that opens it, "Mexican Senate" -> Mexico, is tested with the other given spans in test_geo_s6_rules.)"""

from __future__ import annotations

import pytest

from syraq.geo import Gazetteer
from syraq_testkit import mentions, slice_gazetteer

SLICE = [
    ("776001", "Syria", "Syrian Arab Republic", "35.00", "38.00", "SY", "22000000", "PCLI", "00"),
    ("776002", "Al Malikiyah", "Malikiyah,Al-Malikiyah", "37.17", "42.14", "SY", "26000", "PPL", "02"),
    ("776003", "Hasakah", "Al-Hasakeh", "36.50", "40.75", "SY", "190000", "PPLA", "02"),
]


@pytest.fixture(scope="module")
def gaz(tmp_path_factory: pytest.TempPathFactory) -> Gazetteer:
    return slice_gazetteer(tmp_path_factory.mktemp("s13"), SLICE)


def test_a_near_spelling_in_a_report_placed_only_by_its_country_is_taken(gaz: Gazetteer, nlp) -> None:  # type: ignore[no-untyped-def]
    text = (
        "The Turkish army shelled Al-Malikeyyeh town in the north eastern countryside of Syria near the Iraqi "
        "borders, no casualties were reported."
    )
    found = mentions(text, gaz, nlp)
    town = found["Al-Malikeyyeh"]
    assert town.place is not None and town.place.name == "Al Malikiyah"
    assert "near spelling" in town.how


def test_a_near_spelling_far_from_the_reports_towns_is_still_refused(gaz: Gazetteer, nlp) -> None:  # type: ignore[no-untyped-def]
    # the same spelling in a report whose other town lies 200 km away (and called a village, so no notable city)
    text = "The Turkish army shelled Al-Malikeyyeh village and the city of Hasakah, no casualties were reported."
    found = mentions(text, gaz, nlp)
    assert found["Hasakah"].place is not None
    assert found["Al-Malikeyyeh"].place is None

