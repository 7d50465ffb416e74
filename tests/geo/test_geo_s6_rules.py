"""Rule families of session 6: an Arabic article written in lower case before a hyphen starts a name
("as-Suqaylabiyah"), and matches a gazetteer name that spells an article too; a small place the
gazetteer knows is recognised alone only where the text calls it a town or village; a settlement
lies in a province by GeoNames' own admin1 when both come from GeoNames; a given span (gold span,
reviewer's selection) that no layer knows is read by what its words name. The gazetteer is a slice
we write."""

from __future__ import annotations

import pytest

from syraq.geo import Gazetteer, build_index, geoparse_text
from syraq.geo.recognize import STRONG_MATCH, toponyms_from_spans
from syraq.model import Place
from syraq_testkit import geonames_row, mentions


def _row(gid: str, name: str, alts: str, lat: str, lon: str, cc: str, pop: str, fclass: str, code: str) -> list[str]:
    return geonames_row(gid, name, lat, lon, cc, pop, code, alts=alts, fclass=fclass)


@pytest.fixture(scope="module")
def gaz(tmp_path_factory: pytest.TempPathFactory) -> Gazetteer:
    rows = [
        _row("750001", "As Suqaylibiyah", "Suqaylabiyah", "35.37", "36.39", "SY", "0", "P", "PPL"),
        _row("750002", "Ahram", "", "28.88", "51.27", "IR", "8000", "P", "PPL"),
        _row("750003", "Hama", "", "35.13", "36.75", "SY", "700000", "P", "PPLA"),
        _row("750004", "Colorado", "", "39.0", "-105.5", "US", "5000000", "A", "ADM1"),
        _row("750005", "North America", "", "46.07", "-100.55", "", "0", "L", "CONT"),
        _row("750006", "Philippines", "", "13.0", "122.0", "PH", "100000000", "A", "PCLI"),
        _row("750007", "Birmingham", "", "52.48", "-1.90", "GB", "984000", "P", "PPLA2"),
        _row("750008", "Erbil", "Arbil,Hawler", "36.19", "44.01", "IQ", "1612700", "P", "PPLA"),
        _row("750009", "Irbin", "Aarbil", "33.54", "36.37", "SY", "42474", "P", "PPL"),
        _row("750010", "Afrin", "", "36.51", "36.87", "SY", "36562", "P", "PPLA2"),
        _row("750011", "Syria", "", "35.0", "38.0", "SY", "22000000", "A", "PCLI"),
        _row("750012", "Mexico", "United Mexican States", "23.0", "-102.0", "MX", "128000000", "A", "PCLI"),
    ]
    path = build_index(tmp_path_factory.mktemp("s6") / "s6.sqlite", geonames_rows=rows, supplement=False)
    return Gazetteer.open(path)


def test_an_articled_spelling_matches_an_articled_name(gaz: Gazetteer) -> None:
    best = gaz.lookup("as-Suqaylabiyah")[0]
    assert best.place.name == "As Suqaylibiyah" and best.match >= STRONG_MATCH
    # an article the place never spells stays a weak match ("Al-Ahram" is as likely a newspaper)
    assert gaz.lookup("Al-Ahram")[0].match < STRONG_MATCH


def test_a_lower_case_article_starts_a_name_the_text_calls_a_town(gaz: Gazetteer, nlp) -> None:
    text = "Rebel forces shelled positions in the town of as-Suqaylabiyah, causing material damage."
    found = mentions(text, gaz, nlp)
    assert found["as-Suqaylabiyah"].place is not None
    assert found["as-Suqaylabiyah"].place.name == "As Suqaylibiyah"


def test_a_small_place_alone_needs_a_settlement_word(gaz: Gazetteer, nlp) -> None:
    # the same unpopulated place with no word calling it a town: not taken from the gazetteer alone
    text = "Officials said Suqaylabiyah residents were safe."
    spans = [m.span.text(text) for m in geoparse_text(text, gaz, nlp) if m.how == "gazetteer"]
    assert "Suqaylabiyah" not in spans


def test_a_geonames_settlement_lies_in_its_own_province() -> None:
    from syraq.geo.resolve import _in_container

    idlib = Place(id="geonames:169387", name="Idlib", lat=35.8, lon=36.6, feature_class="A", feature_code="ADM1",
                  country_code="SY", alternate_names=("Idleb",))
    haffah = Place(id="geonames:173856", name="Al Haffah", lat=35.6, lon=36.03, feature_class="P",
                   feature_code="PPL", country_code="SY", admin1="Al Lādhiqīyah")
    saraqib = Place(id="geonames:163806", name="Saraqib", lat=35.86, lon=36.8, feature_class="P",
                    feature_code="PPL", country_code="SY", admin1="Idlib")
    learned = Place(id="acled:saraqib@35.86,36.80", name="Saraqib", lat=35.86, lon=36.8, feature_class="P",
                    feature_code="PPL", country_code="SY", admin1="Idlib Governorate")
    assert not _in_container(haffah, idlib)  # 55 km away, but GeoNames puts it in Latakia
    assert _in_container(saraqib, idlib)
    assert _in_container(learned, idlib)  # an analyst's layer spells provinces its own way: near enough


@pytest.mark.parametrize(
    ("text", "span", "place"),
    [
        ("He studied at Colorado State University last year.", "Colorado State University", "Colorado"),
        ("The North American market grew.", "North American", "North America"),
        ("A Philippine court ruled.", "Philippine", "Philippines"),
        ("Birmingham City lost again.", "Birmingham City", "Birmingham"),
        # no place among its words: the nationality that opens it (session 13)
        ("The Mexican Senate approved the reform.", "Mexican Senate", "Mexico"),
        ("A Syrian Foreign Ministry statement followed.", "Syrian Foreign Ministry", "Syria"),
        # a place among its words outranks the nationality that opens it
        ("The Syrian Afrin Council met.", "Syrian Afrin Council", "Afrin"),
    ],
)
def test_a_given_span_no_layer_knows_is_read_by_its_words(gaz: Gazetteer, text: str, span: str, place: str) -> None:
    start = text.index(span)
    (top,) = toponyms_from_spans(text, [(start, start + len(span))], gaz)
    assert top.candidates and top.candidates[0].place.name == place
    assert "by its words" in top.how


@pytest.mark.parametrize(("text", "span"), [("The Trump Tower opened.", "Trump Tower"),
                                           ("The Kurdish Council met.", "Kurdish Council")])
def test_a_given_span_of_english_words_names_no_place(gaz: Gazetteer, text: str, span: str) -> None:
    start = text.index(span)
    (top,) = toponyms_from_spans(text, [(start, start + len(span))], gaz)
    assert top.candidates == []


def test_a_big_city_spelled_exactly_beats_a_small_place_found_by_spelling_folds(gaz: Gazetteer, nlp) -> None:
    # a report on Syria names Erbil: the Iraqi city, not the Damascus suburb Irbin found through "Aarbil"
    text = "Kurdish people staged a protest in Erbil against the Turkish operation in Afrin, Syria."
    found = mentions(text, gaz, nlp)
    assert gaz.lookup("Erbil", 5)[-1].place.name == "Irbin"  # the folded spelling does find the suburb
    assert found["Erbil"].place is not None and found["Erbil"].place.name == "Erbil"
