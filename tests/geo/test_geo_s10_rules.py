"""Rule family of session 10: "the" before a name, or before one or two lower-case words that qualify it ("the
tropical Atlantic", "the eastern Mediterranean"), asks for the place called "the X" (an ocean, not Atlantic County);
a preposition ends the qualifying words ("the town of Atlantic"). The gazetteer slice is written for these tests."""

from __future__ import annotations

import pytest

from syraq.geo import Gazetteer
from syraq_testkit import mentions, slice_gazetteer

SLICE = [
    ("773001", "Atlantic", "", "41.40", "-95.01", "US", "6800", "PPL", "IA"),
    ("773002", "Atlantic County", "", "39.47", "-74.63", "US", "270000", "ADM2", "NJ"),
    ("773003", "Atlantic Ocean", "Atlantic,the Atlantic", "10.00", "-25.00", "", "0", "OCN", ""),
    ("773004", "Fort Collins", "", "40.59", "-105.08", "US", "160000", "PPL", "CO"),
    ("773005", "Colorado", "", "39.00", "-105.50", "US", "5000000", "ADM1", "CO"),
]


@pytest.fixture(scope="module")
def gaz(tmp_path_factory: pytest.TempPathFactory) -> Gazetteer:
    return slice_gazetteer(tmp_path_factory.mktemp("s10"), SLICE)


@pytest.mark.parametrize(
    "text",
    [
        "Forecasters in Fort Collins, Colorado, said the tropical Atlantic was warmer than average.",
        "Forecasters in Fort Collins, Colorado, said the eastern tropical Atlantic was cooler than average.",
        "Forecasters in Fort Collins, Colorado, said the Atlantic was warmer than average.",
    ],
)
def test_the_with_qualifying_words_asks_for_the_place_called_the_x(gaz: Gazetteer, nlp, text: str) -> None:  # type: ignore[no-untyped-def]
    place = mentions(text, gaz, nlp)["Atlantic"].place
    assert place is not None and place.feature_code == "OCN"


def test_a_preposition_ends_the_qualifying_words(gaz: Gazetteer, nlp) -> None:  # type: ignore[no-untyped-def]
    from syraq.geo.recognize import _AFTER_THE

    assert _AFTER_THE.search("in the tropical ") and _AFTER_THE.search("The north ")
    assert not _AFTER_THE.search("the town of ") and not _AFTER_THE.search("the people in ")
