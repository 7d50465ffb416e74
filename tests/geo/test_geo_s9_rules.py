"""Rule family of session 9: a container reading that holds none of the places the text puts in it vouches for
nothing ("Gharanij town in eastern Dier-ez-Zor" is not in Dyer, Indiana); the analyst's village of the very name
written beats a GeoNames town matched only by an alternate name ("Maar Shamarin"); Syrian opposition groups tie a
report to Syria (`country_cues.tsv`); a name after an infinitive of capture is a place ("managed to recapture
Zarzur"). The gazetteer slices are written for these tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from syraq.geo import Gazetteer
from syraq.geo.index import PlaceRow, write_index
from syraq_testkit import mentions, slice_gazetteer

SLICE = [
    ("772001", "Gharanij", "Garanij", "34.79", "40.72", "SY", "12000", "PPL", "07"),
    ("772002", "Dyer", "Dier", "41.49", "-87.52", "US", "16000", "PPL", "IN"),
    ("772003", "Ma'arratmisrin", "Marshemarin", "36.01", "36.67", "SY", "32000", "PPL", "10"),
    ("772004", "Idlib", "Idleb", "35.80", "36.60", "SY", "1500000", "ADM1", "10"),
    ("772005", "Hit", "", "33.64", "42.83", "IQ", "32000", "PPL", "01"),
    ("772006", "Zarzur", "", "35.95", "36.34", "SY", "3000", "PPL", "10"),
]


@pytest.fixture(scope="module")
def gaz(tmp_path_factory: pytest.TempPathFactory) -> Gazetteer:
    return slice_gazetteer(tmp_path_factory.mktemp("s9"), SLICE)


def _with_layer(gaz: Gazetteer, folder: Path, rows: list[PlaceRow]) -> Gazetteer:
    layer = write_index(folder / "learned.sqlite", rows, sources="test")
    return Gazetteer([("learned", layer), ("embedded", gaz.layers[0].path)])


def _village(name: str, lat: float, lon: float, admin1: str) -> PlaceRow:
    return PlaceRow(id=f"acled:{name.lower().replace(' ', '-')}@{lat},{lon}", name=name, lat=lat, lon=lon,
                    country_code="SY", admin1=admin1, population=3, source="acled")


def test_a_container_reading_that_holds_none_of_its_places_constrains_nothing(gaz: Gazetteer, nlp) -> None:  # type: ignore[no-untyped-def]
    text = "Clashes took place between SDF and IS fighters in Gharanij town in eastern Dier-ez-Zor."
    found = mentions(text, gaz, nlp)
    assert found["Gharanij"].place is not None and found["Gharanij"].place.country_code == "SY"
    assert all(m.place is None or m.place.country_code != "US" for m in found.values())


def test_the_analysts_village_of_the_very_name_beats_an_alias_of_a_town(gaz: Gazetteer, tmp_path: Path, nlp) -> None:  # type: ignore[no-untyped-def]
    both = _with_layer(gaz, tmp_path, [_village("Maar Shamarin", 35.62, 36.72, "Idleb")])
    text = "Warplanes raided Maar Shamarin village in southern Idleb. No fatalities reported."
    place = mentions(text, both, nlp)["Maar Shamarin"].place
    assert place is not None and (place.lat, place.lon) == (35.62, 36.72)
    # without the analyst's layer, GeoNames' alternate name still places it
    alone = mentions(text, gaz, nlp)["Maar Shamarin"].place
    assert alone is not None and alone.name == "Ma'arratmisrin"


def test_the_analysts_village_does_not_replace_a_province(gaz: Gazetteer, tmp_path: Path, nlp) -> None:  # type: ignore[no-untyped-def]
    both = _with_layer(gaz, tmp_path, [_village("Idleb", 35.93, 36.63, "Idleb")])
    place = mentions("Warplanes raided villages in southern Idleb.", both, nlp)["Idleb"].place
    assert place is not None and place.feature_code == "ADM1"


@pytest.mark.parametrize(
    "text",
    [
        "Islamist faction fighters shelled areas in the vicinity of Hit.",
        "Rebel and Islamist factions clashed with regime forces near Hit.",
        "The Turkistan Islamic Party and Nour al-Din al-Zenki shelled Hit.",
    ],
)
def test_syrian_opposition_groups_tie_a_report_to_syria(gaz: Gazetteer, tmp_path: Path, nlp, text: str) -> None:  # type: ignore[no-untyped-def]
    from syraq.geo.context import country_hints

    assert country_hints(text, gaz).cues.get("SY", 0.0) > 0
    both = _with_layer(gaz, tmp_path, [_village("Hit", 32.75, 35.91, "Dar'a")])
    place = mentions(text, both, nlp)["Hit"].place
    assert place is not None and place.country_code == "SY"


def test_a_name_after_an_infinitive_of_capture_is_a_place(gaz: Gazetteer, nlp) -> None:  # type: ignore[no-untyped-def]
    text = "Regime forces managed to recapture Zarzur, which they had lost the day prior, from rebel fighters."
    assert mentions(text, gaz, nlp)["Zarzur"].place is not None


def test_rural_before_a_town_names_its_countryside(gaz: Gazetteer, nlp) -> None:  # type: ignore[no-untyped-def]
    # [ner_only] locative_before and [precision] near_before: "in rural X" is X's countryside, near X (precision 2)
    text = "Turkish military forces shelled the YPG-held village of Aud al-Dadad in rural Zarzur."
    zarzur = mentions(text, gaz, nlp)["Zarzur"]
    assert zarzur.place is not None and zarzur.geo_precision == 2


#: a province whose GeoNames point lies in its empty east, its towns in the west
DESERT_PROVINCE = [
    ("773001", "Wadi Province", "", "35.00", "39.00", "SY", "900000", "ADM1", "20"),
    ("773002", "Alpha", "", "35.00", "36.50", "SY", "9000", "PPL", "20"),
    ("773003", "Bravo", "", "35.10", "36.60", "SY", "8000", "PPL", "20"),
    ("773004", "Charlie", "", "34.90", "36.55", "SY", "7000", "PPL", "20"),
    ("773005", "Delta Town", "", "35.05", "36.45", "SY", "6000", "PPL", "20"),
    ("773006", "Echo", "", "34.95", "36.65", "SY", "5000", "PPL", "20"),
    ("773007", "Foxtrot", "", "35.20", "38.90", "SY", "4000", "PPL", "20"),
]


def test_a_province_named_whole_has_a_populated_heart(tmp_path: Path, nlp) -> None:  # type: ignore[no-untyped-def]
    from syraq.geo.stage import _with_areas

    gaz = slice_gazetteer(tmp_path, DESERT_PROVINCE)
    text = "Warplanes struck Zulu village in Wadi Province, causing material damage."
    found = {m.span.text(text): m for m in _with_areas(text, list(mentions(text, gaz, nlp).values()), gaz)}
    province = found["Wadi Province"]
    assert province.place is not None and province.area is None and province.core is not None
    # the median of its six towns lies among the five western ones, not at GeoNames' point 220 km east of them
    assert province.core.lon == pytest.approx(36.575, abs=0.01) and province.core.id.endswith(":core")
    # a province named with a direction gets its part, not its core
    text = "Warplanes struck Zulu village in western Wadi Province."
    western = {m.span.text(text): m for m in _with_areas(text, list(mentions(text, gaz, nlp).values()), gaz)}
    assert western["Wadi Province"].area is not None and western["Wadi Province"].core is None


def test_a_mentions_core_survives_its_dict() -> None:
    from syraq.model import Place, PlaceMention, Span

    core = Place(id="syraq:part:geonames:1:core", name="central X", lat=35.0, lon=36.5, feature_class="L",
                 feature_code="RGN", country_code="SY")
    m = PlaceMention(span=Span(0, 1, "place"), core=core)
    assert PlaceMention.from_dict(m.to_dict()).core == core
    assert "core" not in PlaceMention(span=Span(0, 1, "place")).to_dict()


@pytest.fixture(scope="module")
def with_supplement(tmp_path_factory: pytest.TempPathFactory) -> Gazetteer:
    from syraq.geo import build_index
    from syraq_testkit import geonames_row

    rows = [geonames_row("774001", "Taftanaz", "35.998", "36.786", "SY", "12000", "PPL", admin1="10")]
    return Gazetteer.open(build_index(tmp_path_factory.mktemp("sup") / "sup.sqlite", geonames_rows=rows))


@pytest.mark.parametrize(
    ("text", "name", "place_id"),
    [
        # the supplement's bases, with the spellings Syrian monitors use
        ("Warplanes bombed areas in the vicinity of the Teftnaz airbase.", "Teftnaz airbase", "syraq:taftanaz-airbase"),
        ("Warplanes carried out strikes on Abul Thohur Airbase.", "Abul Thohur Airbase", "syraq:abu-al-duhur"),
        ("Regime forces shelled the Tabqa airbase.", "Tabqa airbase", "syraq:tabqa-airbase"),
    ],
)
def test_a_name_and_its_kind_word_are_one_feature(with_supplement: Gazetteer, nlp, text: str, name: str, place_id: str) -> None:  # type: ignore[no-untyped-def]
    found = mentions(text, with_supplement, nlp)
    assert found[name].place is not None and found[name].place.id == place_id


def test_a_kind_word_joins_a_name_only_when_the_gazetteer_lists_the_pair(with_supplement: Gazetteer, nlp) -> None:  # type: ignore[no-untyped-def]
    # "Taftanaz" is a town; "Taftanaz village" is the town, not a feature called so
    found = mentions("Warplanes struck Taftanaz village.", with_supplement, nlp)
    assert "Taftanaz" in found and found["Taftanaz"].place is not None


def test_the_analysts_area_does_not_vouch_for_a_village_abroad(tmp_path: Path, nlp) -> None:  # type: ignore[no-untyped-def]
    # the report's own places are Syrian; the analyst's layer covers Syria and Iraq, but an Iraqi town matched by a
    # folded spelling is not the village the text calls "Qurna village" in the Afrin district
    rows = [
        ("775001", "Al Qurnah", "", "31.01", "47.43", "IQ", "27000", "PPL", "02"),
        ("775002", "Afrin", "", "36.51", "36.87", "SY", "36000", "PPL", "09"),
        ("775003", "Aleppo", "", "36.20", "37.16", "SY", "1600000", "PPLA", "09"),
    ]
    gaz = slice_gazetteer(tmp_path, rows)
    layer = [PlaceRow(id=f"acled:p{n}", name=f"Village {n}", lat=33.0 + n / 10, lon=44.0, country_code=cc,
                      admin1="", population=3, source="acled") for n, cc in enumerate(["IQ"] * 5 + ["SY"] * 5)]
    both = Gazetteer([("learned", write_index(tmp_path / "learned.sqlite", layer, sources="test")),
                      ("embedded", gaz.layers[0].path)])
    text = "Turkish warplanes raided Qurna village the Afrin district of northern Aleppo."
    found = mentions(text, both, nlp)
    assert found["Qurna"].place is None or found["Qurna"].place.country_code != "IQ"


def test_a_slip_for_a_town_the_report_names_is_that_town(gaz: Gazetteer, nlp) -> None:  # type: ignore[no-untyped-def]
    # a town the text names once misspelt ("Zafr Zeita") and once right ("Kafr Zeita"): the slip is that town
    text = "Warplanes struck Zarzux town in northern Idleb. Targeting of Zarzur caused material damage."
    found = mentions(text, gaz, nlp)
    assert found["Zarzux"].place is not None and found["Zarzux"].place.name == "Zarzur"
    assert "the report's own spelling of Zarzur" in found["Zarzux"].how
