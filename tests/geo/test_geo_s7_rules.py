"""Rule families of session 7: an abbreviation listed with its period ("Mass.") is a place only where the text
writes the period; a name the geo stage does not keep gives the other names no context. The gazetteer is a slice
we write."""

from __future__ import annotations

import pytest

from syraq.geo import Gazetteer, geoparse_text
from syraq_testkit import slice_gazetteer

#: an American slice: a state known by its abbreviation, a county, and "Hood", a name several small places share
AMERICAN = [
    ("760001", "Massachusetts", "Mass.", "42.36", "-71.11", "US", "6500000", "ADM1", "MA"),
    ("760002", "Boston", "", "42.36", "-71.06", "US", "617000", "PPLA", "MA"),
    ("760003", "Graves County", "", "36.72", "-88.65", "US", "37000", "ADM2", "KY"),
    ("760004", "Elkins", "Hood", "36.00", "-94.01", "US", "3000", "PPL", "AR"),
    ("760006", "Pine Mountain", "Hood", "32.86", "-84.85", "US", "1400", "PPL", "GA"),
    ("760007", "Webb", "Hood", "33.95", "-90.34", "US", "500", "PPL", "MS"),
    ("760005", "Mosul", "", "36.34", "43.13", "IQ", "1739800", "PPLA", "15"),
]
#: a Syrian slice, with a hamlet and a French village named like the heads of Syrian names
SYRIAN = [
    ("761001", "Fuah", "Foah", "35.98", "36.70", "SY", "3000", "PPL", "10"),
    ("761002", "Idlib", "Idleb", "35.93", "36.63", "SY", "128000", "PPLA", "10"),
    ("761003", "Ghasham", "Rasm", "35.0", "38.3", "SY", "900", "PPL", "11"),
    ("761004", "Marat", "", "45.6", "3.2", "FR", "1000", "PPL", "84"),
]


def _gazetteer(factory: pytest.TempPathFactory, rows: list[tuple[str, ...]]) -> Gazetteer:
    return slice_gazetteer(factory.mktemp("s7"), rows)


@pytest.fixture(scope="module")
def gaz(tmp_path_factory: pytest.TempPathFactory) -> Gazetteer:
    return _gazetteer(tmp_path_factory, AMERICAN)


def _found(text: str, gaz: Gazetteer, nlp) -> dict[str, str]:  # type: ignore[no-untyped-def]
    return {m.span.text(text): (m.place.name if m.place else "") for m in geoparse_text(text, gaz, nlp)}


def test_an_abbreviation_with_a_period_needs_the_period(gaz: Gazetteer, nlp) -> None:  # type: ignore[no-untyped-def]
    found = _found("He moved from Boston, Mass. last year.", gaz, nlp)
    assert found.get("Mass.") == "Massachusetts"
    # a note's heading: "Mass" without its period is a word, not the state
    found = _found("Mass Graves: security forces found a grave south of Mosul.", gaz, nlp)
    assert "Massachusetts" not in found.values()


def test_a_name_not_kept_gives_no_context(gaz: Gazetteer, nlp) -> None:  # type: ignore[no-untyped-def]
    # "Graves" alone is a weak reading of Graves County, Kentucky, and is dropped; it must not first pull the
    # unknown village "al-Houd" to an American "Hood"
    text = (
        "Mass Graves: Iraqi security forces found a mass grave of civilians executed by Islamic State militants in the "
        "al-Houd village, south of Mosul."
    )
    found = _found(text, gaz, nlp)
    assert "Graves" not in found
    assert found.get("al-Houd", "") not in ("Elkins", "Pine Mountain", "Webb")
    assert found.get("Mosul") == "Mosul"


@pytest.fixture(scope="module")
def syrian(tmp_path_factory: pytest.TempPathFactory) -> Gazetteer:
    return _gazetteer(tmp_path_factory, SYRIAN)


def test_a_town_in_a_province_read_as_one_entity_is_two_places(syrian: Gazetteer, nlp) -> None:  # type: ignore[no-untyped-def]
    text = "A woman was killed by a rebel faction sniper shot in the town of Foah in Idleb."
    found = _found(text, syrian, nlp)
    assert found.get("Foah") == "Fuah"
    assert found.get("Idleb") == "Idlib"


@pytest.mark.parametrize(
    "text",
    [
        "Regime forces controlled Rasm Hamam village after clashes with IS fighters.",
        "Syrian or Russian warplanes struck the town of Ma'arrat Dibsah with no casualties reported.",
    ],
)
def test_the_generic_head_of_an_unknown_syrian_name_is_no_place(syrian: Gazetteer, nlp, text: str) -> None:  # type: ignore[no-untyped-def]
    # "Rasm" (a village's land) and "Ma'arrat" open names; alone they are a Syrian hamlet and a French village
    found = _found(text, syrian, nlp)
    assert "Ghasham" not in found.values() and "Marat" not in found.values()


def test_a_part_named_with_a_parenthesis_lies_in_the_town_after_it(tmp_path_factory: pytest.TempPathFactory, nlp) -> None:  # type: ignore[no-untyped-def]
    gaz = _gazetteer(tmp_path_factory, [
        ("762001", "Mosul", "", "36.34", "43.13", "IQ", "1739800", "PPLA", "15"),
        # two small European villages that back each other up when nothing says where the report is
        ("762002", "Zahra", "", "48.2", "17.6", "SK", "1500", "PPL", "02"),
        ("762003", "Zuhur", "", "48.25", "17.55", "SK", "1200", "PPL", "02"),
    ])
    text = "Unknown gunmen shot dead a senior Islamic State commander in the Zahra area (Zuhur district) of Mosul."
    found = {m.span.text(text): m.place for m in geoparse_text(text, gaz, nlp)}
    assert found["Mosul"] is not None and found["Mosul"].country_code == "IQ"
    for name in ("Zahra", "Zuhur"):  # parts of Mosul the gazetteer does not know: not the Slovak villages
        assert found.get(name) is None or found[name].country_code == "IQ"


def test_a_province_abroad_named_by_another_name_is_no_place_of_a_conflict_report(
    tmp_path_factory: pytest.TempPathFactory, nlp  # type: ignore[no-untyped-def]
) -> None:
    gaz = _gazetteer(tmp_path_factory, [
        ("763001", "Lakes", "Buhayrat", "6.8", "29.7", "SS", "1000000", "ADM1", "01"),
        ("763002", "Baghdad", "", "33.34", "44.40", "IQ", "7216000", "PPLC", "07"),
    ])
    # the Popular Mobilization places the report in Iraq: "Buhayrat" (lakes) is not South Sudan's Lakes state
    text = "Popular Mobilization forces discovered 25 IEDs in the areas of Buhayrat and Halabsa, south of Baghdad."
    assert _found(text, gaz, nlp).get("Buhayrat", "") == ""
    # a report no armed group places elsewhere keeps the state
    text = "Flooding in Buhayrat displaced thousands, officials in Juba said."
    assert _found(text, gaz, nlp).get("Buhayrat") == "Lakes"
