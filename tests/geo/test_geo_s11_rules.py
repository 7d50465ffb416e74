"""Rule family of session 11: an entity that is a name and a lower-case place-type word after it ("Sheikh Khalil
village" read as one PERSON, or as "Sheikh" and "Khalil village") is the name: the type word is no part of it and
does not hide it. A capitalised type word belongs to the name ("Mexico City", "Orange County"). The gazetteer slice
is written for these tests."""

from __future__ import annotations

import pytest

from syraq.geo import Gazetteer
from syraq.geo.recognize import _entity_end_at_name, load_rules
from syraq_testkit import mentions, slice_gazetteer

SLICE = [
    ("774001", "Shaykh Khalil", "Sheikh Khalil", "35.90", "37.13", "SY", "0", "PPL", "01"),
    ("774002", "Aleppo", "Halab", "36.20", "37.16", "SY", "1600000", "PPLA", "01"),
]


@pytest.fixture(scope="module")
def gaz(tmp_path_factory: pytest.TempPathFactory) -> Gazetteer:
    return slice_gazetteer(tmp_path_factory.mktemp("s11"), SLICE)


@pytest.mark.parametrize(
    "text",
    [
        "Regime forces took control of Sheikh Khalil village in the eastern countryside of Aleppo.",
        "Clashes took place in Sheikh Khalil village, where regime forces took control.",
    ],
)
def test_a_name_with_its_type_word_in_one_entity_is_found(gaz: Gazetteer, nlp, text: str) -> None:  # type: ignore[no-untyped-def]
    found = mentions(text, gaz, nlp)
    assert "Sheikh Khalil" in found and found["Sheikh Khalil"].place is not None
    assert found["Sheikh Khalil"].place.id == "geonames:774001"


@pytest.mark.parametrize(
    ("text", "cut"),
    [("Sheikh Khalil village", True), ("Idleb province", True), ("Mexico City", False), ("Orange County", False),
     ("Sheikh Khalil Brigade", False)],
)
def test_only_a_lower_case_type_word_leaves_the_entity(text: str, cut: bool) -> None:
    end = text.rindex(" ")
    assert (_entity_end_at_name(text, 0, len(text), end, load_rules()) == end) is cut


@pytest.fixture(scope="module")
def namesakes(tmp_path_factory: pytest.TempPathFactory) -> Gazetteer:
    """A GeoNames slice with the shipped aliases: Iskandariya in Iraq and the Egyptian Alexandria."""
    from syraq.geo import build_index
    from syraq_testkit import geonames_row

    rows = [
        geonames_row("361058", "Alexandria", "31.20", "29.92", "EG", "5263542", "PPLA", admin1="06"),
        geonames_row("99226", "Nāḩiyat al Iskandarīyah", "32.89", "44.35", "IQ", "100600", "PPL", admin1="06"),
        geonames_row("98182", "Baghdad", "33.34", "44.40", "IQ", "7216000", "PPLC", admin1="07"),
    ]
    return Gazetteer.open(build_index(tmp_path_factory.mktemp("namesakes") / "n.sqlite", geonames_rows=rows))


def test_the_english_name_of_an_iraqi_town_reaches_it(namesakes: Gazetteer) -> None:
    # aliases.tsv: reports on Iraq write Iskandariya (Babil) as "Alexandria"; which one a report means is the
    # resolver's choice in context (the Egyptian city stays the better-known one)
    found = {c.place.id: c.match for c in namesakes.lookup("Alexandria", 5)}
    assert found["geonames:361058"] > found["geonames:99226"] >= 0.9
