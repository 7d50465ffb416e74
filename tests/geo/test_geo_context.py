"""Country hints (armed-group cues, demonyms), names the NER takes for nationalities, names that
open with an Arabic generic word, and foreign alternate names: one test per rule family.

The gazetteer is our own GeoNames-format slice (tests/data/geo/gazetteer_context.tsv): a Syrian
border town without a population and a bigger foreign namesake, a foreign city known by an
alternate name, a village abroad named like the tail of a Syrian name, a US town named like an
armed operation.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from syraq.errors import ConfigError
from syraq.geo import Gazetteer, build_index, geoparse_text
from syraq.geo import context as geo_context
from syraq.geo.context import country_hints

CONTEXT_TSV = Path(__file__).resolve().parents[1] / "data" / "geo" / "gazetteer_context.tsv"


@pytest.fixture(scope="module")
def gaz(tmp_path_factory: pytest.TempPathFactory) -> Gazetteer:
    path = build_index(tmp_path_factory.mktemp("ctx") / "ctx.sqlite", geonames_file=CONTEXT_TSV, supplement=False)
    return Gazetteer.open(path)


def _places(text: str, gaz: Gazetteer, nlp) -> dict[str, str]:
    """Mention text -> country code of its place ("" when unresolved)."""
    return {
        text[m.span.start : m.span.end]: (m.place.country_code if m.place else "") for m in geoparse_text(text, gaz, nlp)
    }


# ------------------------------------------------------------------ hints


def test_hints_separate_group_cues_from_demonyms(gaz: Gazetteer) -> None:
    hints = country_hints("Turkish warplanes struck YPG and SDF positions; Syrian and Syrian-backed units.", gaz)
    assert hints.cues["SY"] == pytest.approx(1.0)  # YPG 0.5 + SDF 0.5, capped at 1.0
    assert hints.demonyms["TR"] == pytest.approx(0.5)
    assert hints.demonyms["SY"] == pytest.approx(1.0)  # two demonyms, capped
    assert "TR" not in hints.cues
    assert hints.combined()["SY"] == pytest.approx(1.0)


def test_cues_match_whole_words_only(gaz: Gazetteer) -> None:
    assert not country_hints("The FSAs and HTSx are not names; sdf is lower case.", gaz).cues


def test_an_armed_group_cue_picks_the_namesake_in_its_country(gaz: Gazetteer, nlp) -> None:
    # alone, the bigger foreign namesake wins on population
    assert _places("Warplanes targeted positions south of Ras al-Ain on Monday.", gaz, nlp)["Ras al-Ain"] == "IL"
    # the YPG fight in Syria: the Syrian town
    assert _places("Turkish warplanes targeted YPG positions south of Ras al-Ain.", gaz, nlp)["Ras al-Ain"] == "SY"


def test_a_demonym_never_makes_a_place_out_of_context(gaz: Gazetteer, nlp) -> None:
    # "Russian warplanes" strike Syria: Idleb (an alternate spelling) is not a weak guess outside Russia
    found = _places("Russian warplanes carried out raids on the eastern outskirts of Idleb city.", gaz, nlp)
    assert found["Idleb"] == "SY"


def test_group_names_are_not_places(gaz: Gazetteer, nlp) -> None:
    found = _places("Olive Branch forces shelled the town of Jandaris, near Afrin.", gaz, nlp)
    assert "Olive Branch" not in found
    assert found["Jandaris"] == "SY"


def test_bad_cue_file_is_a_config_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "country_cues.tsv").write_text("cue\tcountry\tweight\nYPG\tSyria\t0.5\n", encoding="utf-8")
    monkeypatch.setattr(geo_context, "data_dir", lambda: tmp_path)
    geo_context.load_cues.cache_clear()
    try:
        with pytest.raises(ConfigError) as err:
            geo_context.load_cues()
        assert err.value.code == "E006"
    finally:
        geo_context.load_cues.cache_clear()


def test_every_shipped_cue_row_is_well_formed() -> None:
    geo_context.load_cues.cache_clear()
    pattern, table = geo_context.load_cues()
    assert pattern is not None and len(table) >= 40
    assert all(len(cc) == 2 and cc.isupper() and 0 < w <= 1.0 for rows in table.values() for cc, w in rows)
    assert table["YPG"][0][0] == "SY" and table["Popular Mobilization"][0][0] == "IQ"


def test_a_group_active_in_two_countries_is_a_weak_cue_for_both(gaz: Gazetteer) -> None:
    hints = country_hints("Islamic State militants detonated an IED near the market.", gaz)
    assert set(hints.cues) == {"SY", "IQ"}
    assert hints.cues["SY"] == hints.cues["IQ"] < 0.5  # weaker than a group tied to one country


# ------------------------------------------------------------------ recognition


def test_a_town_the_ner_calls_a_nationality_is_still_a_place(gaz: Gazetteer, nlp) -> None:
    # the small English model labels Jandaris and Afrin NORP here; demonyms stay out
    found = _places("Turkish forces shelled Jandaris town in the Afrin area, killing 4.", gaz, nlp)
    assert found.get("Jandaris") == "SY" and found.get("Afrin") == "SY"
    assert "Turkish" not in found


def test_the_tail_of_an_unknown_arabic_name_is_not_looked_up_alone(gaz: Gazetteer, nlp) -> None:
    found = _places("Following clashes with rebels, regime forces took control of Tal Masih town.", gaz, nlp)
    assert "Masih" not in found  # not the Italian village
    assert found.get("Tal Masih", "") == ""  # kept as an unresolved name, if at all


def test_a_foreign_alternate_name_is_not_guessed_in_a_report_about_syria(gaz: Gazetteer, nlp) -> None:
    text = "Heavy clashes erupted in the village of Adama, between Turkish forces and YPG fighters near Afrin."
    found = _places(text, gaz, nlp)
    assert found.get("Adama", "") == ""  # unresolved, not the Ethiopian city
    assert found["Afrin"] == "SY"


def test_a_country_acronym_opening_an_agency_name_is_a_place(gaz: Gazetteer, nlp) -> None:
    found = _places("Samples were tested by the U.S. Centers for Disease Control and Prevention.", gaz, nlp)
    assert found.get("U.S.") == "US"


def test_a_name_before_virus_or_fever_is_a_disease(gaz: Gazetteer, nlp) -> None:
    found = _places("The Marburg virus spread in the region, health officials in Afrin said.", gaz, nlp)
    assert "Marburg" not in found and found["Afrin"] == "SY"


def test_a_one_word_person_is_a_place_only_in_a_place_slot(gaz: Gazetteer, nlp) -> None:
    # a small town named like a person: only "in Jin" makes it a place
    assert "Jin" not in _places("Professor Jin said the samples were negative.", gaz, nlp)
    assert _places("The samples came from a farm in Jin, officials said.", gaz, nlp).get("Jin") == "CN"


def test_a_country_named_as_a_modifier_does_not_make_places_foreign(gaz: Gazetteer, nlp) -> None:
    # "U.S.-led" names an actor, not where the strike was: Rutba (an alternate name) is still Iraqi
    text = "One strike by the U.S.-led coalition destroyed two Islamic State vehicles near Rutba."
    assert _places(text, gaz, nlp).get("Rutba") == "IQ"


def test_a_learned_village_is_found_without_the_ner(tmp_path: Path, nlp) -> None:
    # villages learned from a coded dataset have no population; the analyst's layer makes them notable
    from syraq.geo.index import PlaceRow

    rows = [
        PlaceRow(id="acled:kaljibrin@36.54,37.12", name="Kaljibrin", lat=36.54, lon=37.12, country_code="SY"),
    ]
    gaz = Gazetteer.open(build_index(tmp_path / "learned.sqlite", rows=rows, supplement=False))
    found = _places("YPG forces shelled the town of Kaljibrin yesterday.", gaz, nlp)
    assert found.get("Kaljibrin") == "SY"  # the NER calls it a nationality (NORP)


def test_a_province_named_with_a_direction_contains_the_village_before_it(gaz: Gazetteer, nlp) -> None:
    from syraq.geo.recognize import recognize

    for text, container in (
        ("Turkish warplanes struck Jandaris village in Afrin north western countryside.", "Afrin"),
        ("Turkish warplanes struck Jandaris town in southern Idleb.", "Idleb"),
    ):
        parsed = nlp(text)
        ents = [(e.start_char, e.end_char, e.label_) for e in parsed.ents]
        tops = recognize(text, gaz, ents, parsed, [(s.start_char, s.end_char) for s in parsed.sents])
        names = [t.text for t in tops]
        village = tops[names.index("Jandaris")]
        assert village.container is not None and tops[village.container].text == container, text
        assert tops[village.container].container_role


def test_phenomena_and_government_buildings_are_not_places(gaz: Gazetteer, nlp) -> None:
    text = "El Niño brought drought to Afrin, and the White House said the Kremlin was told."
    found = _places(text, gaz, nlp)
    assert not {"El Niño", "White House", "Kremlin"} & set(found) and found["Afrin"] == "SY"



def test_a_disease_named_after_a_place_and_a_strain_code_are_not_places(gaz: Gazetteer, nlp) -> None:
    found = _places("The spread of Ebola and of H5N1 worried doctors in Afrin.", gaz, nlp)
    assert "Ebola" not in found and "H5N1" not in found and found["Afrin"] == "SY"



def test_an_out_of_context_winner_gives_way_to_its_namesake_in_context(tmp_path: Path, nlp) -> None:
    """A bigger namesake abroad outscores the Syrian village on population, but the report is about Syria (an
    armed group's cue): rather than leave the name unresolved, the equally well matched Syrian place is taken."""

    def row(gid: str, cc: str, lat: str, lon: str, code: str, pop: str) -> list[str]:
        return [gid, "Tall Hamis", "Tall Hamis", "", lat, lon, "P", code, cc, "", "01", "", "", "", pop, "", "",
                "UTC", "2024-01-01"]

    # the namesake abroad is a small capital of 19,000 people; the Syrian village has no population on record
    rows = [row("720001", "SY", "36.71", "41.16", "PPL", "0"), row("720002", "MA", "32.98", "-7.40", "PPLC", "19000")]
    gaz = Gazetteer.open(build_index(tmp_path / "namesakes.sqlite", geonames_rows=rows, supplement=False))
    text = "Turkish warplanes targeted YPG positions south of Tall Hamis."
    assert _places(text, gaz, nlp)["Tall Hamis"] == "SY"


def test_a_group_active_in_two_countries_tips_a_close_call_between_namesakes(gaz: Gazetteer, nlp) -> None:
    text = "A sticky bomb planted by Islamic State militants exploded in central Mandali without causing casualties."
    assert _places(text, gaz, nlp).get("Mandali") == "IQ"  # not the far larger Mandalay


def test_the_town_of_x_makes_a_loosely_spelt_name_a_place(gaz: Gazetteer, nlp) -> None:
    # "Tall Refaat" only matches "Tal Refaat" after folding, and no entity supports it: the cue does
    text = "Turkish forces fired dozens of artillery shells at the town of Tall Refaat with no casualties reported."
    assert _places(text, gaz, nlp).get("Tall Refaat") == "SY"


def test_the_x_district_of_a_city_is_inside_the_city(gaz: Gazetteer, nlp) -> None:
    # "the Dummar district of Damascus": Damascus contains Dummar, so the German village is not it
    text = "Two shells fell on the Dummar district of Damascus city, causing material damage."
    how = {text[m.span.start : m.span.end]: (m.how, m.place) for m in geoparse_text(text, gaz, nlp)}
    assert "in:Damascus" in how["Dummar"][0] and "in:" not in how["Damascus"][0]
    assert how["Damascus"][1] is not None and how["Dummar"][1] is None


def test_a_namesake_outside_the_province_the_text_names_is_not_the_village(gaz: Gazetteer, nlp) -> None:
    # the only Ras al-Ain the gazetteer knows lies 300 km from Idleb: the village meant is another one
    text = "Regime helicopters dropped barrel bombs on Ras al-Ain village in eastern Idleb, killing 2 civilians."
    found = _places(text, gaz, nlp)
    assert found.get("Idleb") == "SY"
    assert found.get("Ras al-Ain", "") == ""


def test_every_name_of_a_list_lies_in_the_province_after_it(gaz: Gazetteer, nlp) -> None:
    # "X and Y villages in eastern Idleb": X is in Idleb too, so the Ras al-Ain of Hasakah is not it
    text = "Regime helicopters dropped barrel bombs on Ras al-Ain and Jandaris villages in eastern Idleb."
    how = {text[m.span.start : m.span.end]: (m.how, m.place) for m in geoparse_text(text, gaz, nlp)}
    assert "in:Idleb" in how["Ras al-Ain"][0] and how["Ras al-Ain"][1] is None


def test_a_village_in_the_countryside_of_a_province_lies_in_it(gaz: Gazetteer, nlp) -> None:
    text = "Regime helicopters dropped barrel bombs on Ras al-Ain village in the eastern countryside of Idleb."
    how = {text[m.span.start : m.span.end]: (m.how, m.place) for m in geoparse_text(text, gaz, nlp)}
    assert "in:Idleb" in how["Ras al-Ain"][0] and how["Ras al-Ain"][1] is None


def test_a_verb_that_treats_a_loosely_spelt_name_as_a_place_keeps_it(gaz: Gazetteer) -> None:
    from syraq.geo.stage import place_mentions

    # no entity supports "Tall Refaat" and it only matches "Tal Refaat" after folding: "shelled" makes it a place
    text = "Turkish forces shelled Tall Refaat with no information about casualties."
    found = {text[m.span.start : m.span.end]: m.place for m in place_mentions(text, gaz, [])}
    assert found.get("Tall Refaat") is not None and found["Tall Refaat"].country_code == "SY"
    # the same name in no place-like slot stays out
    text = "Tall Refaat said no information about casualties was available."
    assert "Tall Refaat" not in {text[m.span.start : m.span.end] for m in place_mentions(text, gaz, [])}


# ------------------------------------------------------------------ the analyst's area


def _with_layer(gaz: Gazetteer, tmp_path: Path, countries: dict[str, int]) -> Gazetteer:
    """The context slice under a layer of the analyst's own: ``n`` made-up places in each country."""
    from syraq.geo.index import PlaceRow, write_index

    rows = [
        PlaceRow(id=f"acled:p{cc}{i}", name=f"Qz{cc}{i}", lat=35.0 + i / 100, lon=38.0, country_code=cc, source="acled")
        for cc, n in countries.items()
        for i in range(n)
    ]
    layer = write_index(tmp_path / "mine.sqlite", rows)
    return Gazetteer([("mine", layer), ("embedded", gaz.layers[0].path)])


def test_the_analysts_layers_give_a_report_without_cues_its_countries(gaz: Gazetteer, tmp_path: Path, nlp) -> None:
    text = "Warplanes targeted positions south of Ras al-Ain on Monday."
    assert not country_hints(text, gaz).area  # the embedded index alone says nothing of where the analyst works
    mine = _with_layer(gaz, tmp_path, {"SY": 30, "IQ": 5, "JO": 1})
    area = country_hints(text, mine).area
    assert area["SY"] == pytest.approx(geo_context.AREA_WEIGHT)
    assert area["IQ"] == pytest.approx(geo_context.AREA_WEIGHT)
    assert "JO" not in area  # one place in 36: under AREA_SHARE
    # the bigger foreign namesake won alone; the analyst works on Syria
    assert _places(text, mine, nlp)["Ras al-Ain"] == "SY"


def test_a_report_with_its_own_cues_ignores_the_analysts_area(gaz: Gazetteer, tmp_path: Path) -> None:
    mine = _with_layer(gaz, tmp_path, {"IQ": 10})
    hints = country_hints("Turkish warplanes struck YPG positions.", mine)
    assert not hints.area
    assert "IQ" not in hints.combined()


def test_the_analysts_namesake_beats_a_foreign_alternate_name(tmp_path: Path, nlp) -> None:
    # "Riyad" is an alternate name of a foreign capital of millions; the analyst's coded places hold "Nahiyat ar
    # Riyad" in Iraq, which the report's armed group points to: that is the place, though its name matched less well
    from syraq.geo.index import PlaceRow, write_index

    capital = ["108410", "Riyadh", "Riyadh", "Riyad,Ar Riyad", "24.69", "46.72", "P", "PPLC", "SA", "", "10", "", "",
               "", "4205961", "", "", "Asia/Riyadh", "2024-01-01"]
    saudi = ["102358", "Saudi Arabia", "Saudi Arabia", "", "25.0", "45.0", "A", "PCLI", "SA", "", "00", "", "", "",
             "34000000", "", "", "Asia/Riyadh", "2024-01-01"]
    embedded = build_index(tmp_path / "embedded.sqlite", geonames_rows=[capital, saudi], supplement=False)
    row = PlaceRow(id="acled:nahiyat-ar-riyad@35.27,43.91", name="Nahiyat ar Riyad", lat=35.27, lon=43.91,
                   country_code="IQ", population=1, source="acled")
    mine = Gazetteer([("mine", write_index(tmp_path / "mine.sqlite", [row])), ("embedded", embedded)])
    text = "Islamic State militants targeted a vehicle of the Popular Mobilization by IED detonation near Riyad."
    found = {m.span.text(text): m.place for m in geoparse_text(text, mine, nlp)}
    assert found["Riyad"] is not None and found["Riyad"].id == row.id
    # a report whose demonyms name the capital's country keeps the capital
    text = "Saudi officials met Popular Mobilization leaders in Riyad on Monday."
    found = {m.span.text(text): m.place for m in geoparse_text(text, mine, nlp)}
    assert found["Riyad"] is not None and found["Riyad"].country_code == "SA"
