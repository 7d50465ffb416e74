"""Rule family of session 8: a place the text locates from another ("Abbara, south of Baquba", "50 km north of
Baghdad") lies within the distance the text allows of it; a namesake further away is not the place meant, and a
place known only far away stands at the town, precision 2, as ACLED codes it. The gazetteer is a slice we write."""

from __future__ import annotations

import pytest

from syraq.geo import Gazetteer, geoparse_text
from syraq.geo.recognize import NEAR_TOWN_KM, RELATIVE_KM, _relative_km
from syraq.geo.resolve import _foreign_local
from syraq_testkit import slice_gazetteer

#: an Iraqi slice: two Abbaras (a bigger one by Basra, a hamlet by Baquba) and a Tarmiyah 45 km from Baghdad
IRAQI = [
    ("770001", "Baqubah", "Baquba", "33.75", "44.64", "IQ", "152000", "PPLA", "10"),
    ("770002", "Baghdad", "", "33.34", "44.40", "IQ", "7216000", "PPLC", "07"),
    ("770003", "Abbara", "", "30.60", "47.70", "IQ", "12000", "PPL", "02"),
    ("770004", "Abbara", "", "33.66", "44.70", "IQ", "800", "PPL", "10"),
    ("770005", "Tarmiyah", "", "33.67", "44.40", "IQ", "40000", "PPL", "07"),
    ("770006", "Hawar", "", "30.80", "47.60", "IQ", "9000", "PPL", "02"),
    ("770007", "Tikrit", "", "34.60", "43.68", "IQ", "160000", "PPLA", "18"),
    ("770008", "Naama", "", "30.50", "47.80", "IQ", "30000", "PPL", "02"),
]


@pytest.fixture(scope="module")
def iraqi(tmp_path_factory: pytest.TempPathFactory) -> Gazetteer:
    return slice_gazetteer(tmp_path_factory.mktemp("s8iq"), IRAQI)


def _found(text: str, gaz: Gazetteer, nlp) -> dict[str, tuple[float, float] | None]:  # type: ignore[no-untyped-def]
    return {m.span.text(text): ((m.place.lat, m.place.lon) if m.place else None) for m in geoparse_text(text, gaz, nlp)}


def test_the_words_between_two_places_give_the_distance() -> None:
    assert _relative_km(", south of ") == RELATIVE_KM
    assert _relative_km(" area south of ") == RELATIVE_KM
    assert _relative_km(", some 50 km north of ") == pytest.approx(50 * 1.25 + 25)
    assert _relative_km(", 20 miles to the north-east of the town of ") == pytest.approx(20 * 1.609 * 1.25 + 25)
    assert _relative_km(" dam, near ") == _relative_km(" camp near the village of ") == NEAR_TOWN_KM
    assert _relative_km(" towns, in the vicinity of ") == NEAR_TOWN_KM
    assert _relative_km(" and ") == 0.0
    assert _relative_km(" in southern ") == 0.0


def test_a_place_located_from_another_is_the_namesake_near_it(iraqi: Gazetteer, nlp) -> None:  # type: ignore[no-untyped-def]
    text = "An IED attack by Islamic State militants killed a farmer in the area of Abbara south of Baquba."
    assert _found(text, iraqi, nlp)["Abbara"] == (33.66, 44.70)
    # named alone, the bigger Abbara wins as before
    assert _found("An IED attack killed a farmer in Abbara.", iraqi, nlp)["Abbara"] == (30.60, 47.70)


def test_a_place_located_from_a_town_but_known_only_far_away_stands_at_the_town(iraqi: Gazetteer, nlp) -> None:  # type: ignore[no-untyped-def]
    text = "The Popular Mobilization thwarted an attack by Islamic State militants in the Hawar area south of Baquba."
    found = _found(text, iraqi, nlp)
    # its only namesake lies 330 km away, by Basra: the unknown Hawar stands at the town the text locates it from
    assert found["Hawar"] == found["Baquba"] == (33.75, 44.64)
    hawar = next(m for m in geoparse_text(text, iraqi, nlp) if m.span.text(text) == "Hawar")
    assert hawar.geo_precision == 2 and "placed at Baqubah" in hawar.how


def test_every_name_of_a_list_is_located_from_the_town(iraqi: Gazetteer, nlp) -> None:  # type: ignore[no-untyped-def]
    text = "The Iraqi army dismantled an IED planted on the road linking Naama and Abbara, east of Tikrit."
    found = _found(text, iraqi, nlp)
    assert found["Naama"] == (34.60, 43.68)  # the only Naama lies by Basra, 500 km from Tikrit: at Tikrit
    assert _found("The Iraqi army dismantled an IED planted in Naama.", iraqi, nlp)["Naama"] == (30.50, 47.80)


def test_a_site_near_a_town_is_not_a_namesake_far_away(iraqi: Gazetteer, nlp) -> None:  # type: ignore[no-untyped-def]
    text = "Islamic State militants shelled the Hawar dam, near Baquba, causing material damage."
    assert _found(text, iraqi, nlp)["Hawar"] == (33.75, 44.64)


def test_a_given_distance_bounds_the_place(iraqi: Gazetteer, nlp) -> None:  # type: ignore[no-untyped-def]
    assert _found("Clashes broke out in Tarmiyah, 50 km north of Baghdad.", iraqi, nlp)["Tarmiyah"] == (33.67, 44.40)
    # 2 km cannot be 37 km: the text's own distance says this Tarmiyah is another place
    assert _found("Clashes broke out in Tarmiyah, 2 km north of Baghdad.", iraqi, nlp)["Tarmiyah"] == (33.34, 44.40)


#: a Syrian slice: Idlib province, a Tall Dhahab only in Homs, and a big Emirati city one of whose alternate names is
#: a Syrian village's
SYRIAN = [
    ("771001", "Idlib", "Idleb", "35.80", "36.60", "SY", "1500000", "ADM1", "10"),
    ("771002", "Idlib", "Idleb", "35.93", "36.63", "SY", "128000", "PPLA", "10"),
    ("771003", "Tall Dhahab", "Tal al-Dhahab", "34.91", "36.49", "SY", "9000", "PPL", "11"),
    ("771004", "Maarrat an Numan", "Al-Marra", "35.64", "36.67", "SY", "58000", "PPL", "10"),
    ("771005", "Saraqib", "Saraqeb", "35.86", "36.80", "SY", "30000", "PPL", "10"),
    ("771006", "Sharjah", "Sarja", "25.36", "55.40", "AE", "1800000", "PPLA", "06"),
]


@pytest.fixture(scope="module")
def syrian(tmp_path_factory: pytest.TempPathFactory) -> Gazetteer:
    return slice_gazetteer(tmp_path_factory.mktemp("s8sy"), SYRIAN)


def test_the_area_of_a_province_part_is_in_the_province(syrian: Gazetteer, nlp) -> None:  # type: ignore[no-untyped-def]
    # "the X area of western Idleb": the direction does not hide the container; the Tall Dhahab of Homs is not meant
    text = "A mine detonated in the Tal al-Dhahab area of western Idleb, causing material damage."
    found = _found(text, syrian, nlp)
    assert found["Tal al-Dhahab"] is None
    assert found["Idleb"] is not None


def test_a_site_is_not_read_as_a_misspelt_town(syrian: Gazetteer, nlp) -> None:  # type: ignore[no-untyped-def]
    # "Al-Jarra" is one edit from "Al-Marra"; written before "roundabout" it names a site of Idleb city
    text = "An explosive device detonated near Al-Jarra roundabout in Idleb city, causing material damage."
    assert _found(text, syrian, nlp)["Al-Jarra"] != (35.64, 36.67)
    # a name the text calls a village is still read as a misspelt one
    assert _found("Warplanes struck Al-Jarra village in Idleb.", syrian, nlp)["Al-Jarra"] == (35.64, 36.67)


def test_part_is_a_word_not_perth() -> None:
    from syraq.geo.recognize import load_rules

    assert {"part", "parts"} <= load_rules().common_words


def test_names_listed_after_a_locative_word_are_places() -> None:
    from syraq.geo.recognize import _listed_after_locative, load_rules

    rules = load_rules()
    # the parser calls "Raju" an organisation and "Jandaris" a person; the list "in A, B, C, ..." makes them places
    assert _listed_after_locative("Clashes in Jabal Barsaya, Qastal Jandu, Bulbul, ", rules)
    assert _listed_after_locative("Clashes in Jabal Barsaya, Qastal Jandu, Bulbul, Raju, Jandaris, and ", rules)
    assert _listed_after_locative("struck areas near al-Bab and ", rules)
    # a list of people, or a name with no list before it, is not
    assert not _listed_after_locative("The meeting of Hassan, Ahmed and ", rules)
    assert not _listed_after_locative("Clashes killed ", rules)
    assert not _listed_after_locative("Clashes in Afrin killed Raju, ", rules)
    assert _listed_after_locative("Turkish warplanes targeted the villages and areas of Raju, ", rules)


def test_a_town_of_a_conflict_report_is_not_a_foreign_city_of_another_name(syrian: Gazetteer, nlp) -> None:  # type: ignore[no-untyped-def]
    # HTS places the report in Syria; nothing names the Emirates: "the town of Sarja" is a Syrian village
    assert _found("HTS fighters shelled the town of Sarja.", syrian, nlp)["Sarja"] is None
    # named by its own name, or in a report that names the Emirates, it is Sharjah
    assert _found("HTS fighters shelled the city of Sharjah.", syrian, nlp)["Sharjah"] == (25.36, 55.40)
    sharjah = next(c for c in syrian.lookup("Sarja", 5) if c.place.country_code == "AE")
    assert _foreign_local(sharjah, {"SY": 0.5}, set())
    assert not _foreign_local(sharjah, {"SY": 0.5}, {"AE"})  # "Emirati officials met ... in the town of Sarja"
    assert not _foreign_local(sharjah, {}, set())  # a report that names no country judges nothing foreign


def test_a_plural_settlement_word_ends_a_list_of_settlements() -> None:
    from syraq.geo.recognize import _LISTED_SETTLEMENTS

    assert _LISTED_SETTLEMENTS.match(", Um Jorah and Rasm Ayed towns, in the vicinity of Abul Thohur")
    assert _LISTED_SETTLEMENTS.match(" and al-Hamra villages in northern Hama")
    assert not _LISTED_SETTLEMENTS.match(" and Russian warplanes struck")
    assert not _LISTED_SETTLEMENTS.match(" towns")  # a name's own word is its own cue, not a list's


def test_a_near_spelling_lies_near_the_town_the_text_locates_it_from(syrian: Gazetteer, nlp) -> None:  # type: ignore[no-untyped-def]
    # "Al-Jarra" is one edit from Al-Marra (Maarrat an Numan), 80 km from Tall Dhahab: not the village near it
    found = _found("Warplanes struck Al-Jarra village, near Tal al-Dhahab.", syrian, nlp)
    assert found["Al-Jarra"] == found["Tal al-Dhahab"] == (34.91, 36.49)
    # 25 km from Saraqeb, it is
    assert _found("Warplanes struck Al-Jarra village, near Saraqeb.", syrian, nlp)["Al-Jarra"] == (35.64, 36.67)


def test_a_side_of_a_city_is_no_province_called_coast(tmp_path, nlp) -> None:  # type: ignore[no-untyped-def]
    # [guards] never_alone: "coast", "bank", "side" name a side of a city ("the Right Coast of Mosul"), never a
    # place alone, though GeoNames has a Coast province in Kenya and in Tanzania
    gaz = slice_gazetteer(
        tmp_path,
        [
            ("770101", "Coast", "Coast Province", "-3.0", "39.5", "KE", "3300000", "ADM1", "02"),
            ("770102", "Mosul", "", "36.34", "43.13", "IQ", "1739800", "PPLA", "15"),
        ],
    )
    text = "A civilian was killed by an IED on the Right Coast of Mosul."
    found = _found(text, gaz, nlp)
    assert (-3.0, 39.5) not in found.values()
    assert found["Mosul"] == (36.34, 43.13)
