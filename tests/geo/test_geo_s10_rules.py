"""Rule family of session 10: "the" before a name, or before one or two lower-case words that qualify it ("the
tropical Atlantic", "the eastern Mediterranean"), asks for the place called "the X" (an ocean, not Atlantic County);
a preposition ends the qualifying words ("the town of Atlantic"). A national capital the report names does not make a
small namesake near it local news ("the Middle East" in a report from Washington is not Middle East, Maryland). Towns
of the theatre that cities500 lacks are in the supplement, with the spellings reports use (names that are words or
people's names are left out); GeoNames villages spelled otherwise are reached through aliases.tsv. The gazetteer
slices are written for these tests."""

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


def test_a_national_capital_named_nearby_does_not_make_a_namesake_local(tmp_path, nlp) -> None:  # type: ignore[no-untyped-def]
    from syraq.geo.index import PlaceRow, write_index

    # Middle East, Maryland lies 55 km from Washington; a report from Washington on the Gulf means the region
    rows = [
        PlaceRow(id="geonames:774001", name="Middle East", lat=39.30, lon=-76.59, country_code="US", admin1="Maryland",
                 population=1900),
        PlaceRow(id="geonames:774002", name="Washington", lat=38.90, lon=-77.04, feature_code="PPLC", country_code="US",
                 population=690000),
        PlaceRow(id="geonames:774003", name="Saudi Arabia", lat=25.0, lon=45.0, feature_class="A", feature_code="PCLI",
                 country_code="SA", population=33000000),
        PlaceRow(id="syraq:middle-east", name="Middle East", lat=33.14, lon=35.86, feature_class="L",
                 feature_code="RGN"),
    ]
    gaz = Gazetteer.open(write_index(tmp_path / "me.sqlite", rows))
    text = "Officials in Washington said Saudi Arabia was a force for stability in the Middle East."
    place = mentions(text, gaz, nlp)["Middle East"].place
    assert place is not None and place.id == "syraq:middle-east"
    # a small town near the report's other towns is still local news
    local = "Firefighters from Essex and Dundalk answered a call in Middle East on Tuesday."
    rows_local = [*rows[:1], PlaceRow(id="geonames:774004", name="Dundalk", lat=39.25, lon=-76.52, country_code="US",
                                      admin1="Maryland", population=63000), rows[3]]
    gaz_local = Gazetteer.open(write_index(tmp_path / "local.sqlite", rows_local))
    place = mentions(local, gaz_local, nlp)["Middle East"].place
    assert place is not None and place.country_code == "US"


@pytest.fixture(scope="module")
def theatre(tmp_path_factory: pytest.TempPathFactory) -> Gazetteer:
    """A GeoNames slice with the shipped supplement and aliases."""
    from syraq.geo import build_index
    from syraq_testkit import geonames_row

    rows = [
        geonames_row("775001", "Ba‘qūbah", "33.75", "44.64", "IQ", "150000", "PPLA", admin1="10"),
        geonames_row("167739", "Kurnāz", "35.39", "36.49", "SY", "10000", "PPL", admin1="11"),
    ]
    return Gazetteer.open(build_index(tmp_path_factory.mktemp("theatre") / "t.sqlite", geonames_rows=rows))


@pytest.mark.parametrize(
    ("text", "name", "place_id"),
    [
        # towns analysts of the theatre name that GeoNames' cities500 lacks, written as reports write them
        ("Two policemen were killed in an IED attack in the area of Tabaj, near Jalawla.", "Jalawla", "syraq:jalawla"),
        ("PMF fighters were wounded by an IED in the Jurf al-Sakhr region.", "Jurf al-Sakhr", "syraq:jurf-al-sakhar"),
        ("An IED exploded near a market in Yusufiya, south of Baghdad.", "Yusufiya", "syraq:yusufiyah"),
        ("Islamist factions shelled the besieged towns of Foah and Kefraya.", "Kefraya", "syraq:kafriya"),
        # a GeoNames village known by another spelling, through aliases.tsv
        ("Regime forces shelled Kernaz in northern Hama.", "Kernaz", "geonames:167739"),
    ],
)
def test_theatre_towns_of_the_supplement(theatre: Gazetteer, nlp, text: str, name: str, place_id: str) -> None:  # type: ignore[no-untyped-def]
    place = mentions(text, theatre, nlp)[name].place
    assert place is not None and place.id == place_id


def test_names_that_are_words_or_people_are_no_alternates() -> None:
    from syraq.geo.index import read_supplement

    alternates = {n for r in read_supplement() for n in (r.name, *r.alternate_names)}
    # the leader of IS and an English word would read as towns
    assert not {"al-Baghdadi", "Baghdadi", "Habit", "Zahra"} & alternates
