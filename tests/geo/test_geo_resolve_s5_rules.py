"""Resolution rule families of round 5, on a GeoNames-format slice we write.

* a well-known country or province named exactly overshadows places of another name (Franca for "France"), a
  capital named by the country's name ("Mexico" is not Mexico City) and small foreign namesakes (Ontario,
  California for "Ontario" the province);
* a name in a list of first-level divisions is one ("Ohio, Washington and Utah"), and "the state of Washington" or
  "Washington State" is the state;
* a site no layer knows ("the Royal Alexandra Hospital", "Collins Avenue") lies in the town the text puts it in,
  else in the town the report is about; an unknown name that is no site stays unresolved;
* supplement rows: Kenya's former provinces, US Army posts, great lakes and islands, the article-less "Democratic
  Republic of Congo".
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from syraq.geo import Gazetteer, build_index, geoparse_text
from syraq.geo.context import country_hints
from syraq.geo.index import read_aliases, read_supplement
from syraq.geo.recognize import Toponym
from syraq.geo.resolve import _overshadowed, resolve
from syraq_testkit import geonames_row


def _row(
    gid: str, name: str, lat: str, lon: str, cc: str, pop: str, code: str = "PPL", admin1: str = "01", alt: str = ""
) -> list[str]:
    return geonames_row(gid, name, lat, lon, cc, pop, code, alts=alt, admin1=admin1)


@pytest.fixture(scope="module")
def gaz(tmp_path_factory: pytest.TempPathFactory) -> Gazetteer:
    rows = [
        # countries and their namesakes
        _row("910001", "France", "46.0", "2.0", "FR", "66987244", code="PCLI", admin1="00"),
        _row("910002", "Franca", "-20.54", "-47.40", "BR", "358539", admin1="27"),
        _row("910003", "Brazil", "-10.0", "-55.0", "BR", "209469333", code="PCLI", admin1="00"),
        _row("910004", "Sao Paulo", "-23.55", "-46.63", "BR", "10021295", code="PPLA", admin1="27"),
        _row("910005", "Mexico", "23.0", "-102.0", "MX", "126190788", code="PCLI", admin1="00"),
        _row("910006", "Mexico City", "19.43", "-99.13", "MX", "12294193", code="PPLC", admin1="09", alt="Mexico"),
        _row("910007", "Guerrero", "17.67", "-100.0", "MX", "3388768", code="ADM1", admin1="12"),
        _row("910008", "Acapulco", "16.86", "-99.88", "MX", "652136", admin1="12"),
        # Canadian provinces and the Californian city of Ontario
        _row("910010", "Ontario", "49.25", "-84.50", "CA", "17792592", code="ADM1", admin1="08"),
        _row("910011", "Alberta", "52.28", "-113.0", "CA", "4067175", code="ADM1", admin1="01"),
        _row("910012", "Nova Scotia", "45.0", "-63.0", "CA", "923598", code="ADM1", admin1="07"),
        _row("910013", "Ontario", "34.06", "-117.65", "US", "171214", admin1="CA"),
        _row("910014", "Los Angeles", "34.05", "-118.24", "US", "3971883", admin1="CA"),
        # US states and the capital
        _row("910020", "Washington", "47.50", "-120.50", "US", "6544495", code="ADM1", admin1="WA"),
        _row("910021", "Washington", "38.90", "-77.04", "US", "689545", code="PPLC", admin1="DC"),
        _row("910022", "Ohio", "40.25", "-83.0", "US", "11467123", code="ADM1", admin1="OH"),
        _row("910023", "Utah", "39.25", "-111.75", "US", "3101833", code="ADM1", admin1="UT"),
        _row("910024", "Oregon", "44.0", "-120.5", "US", "4190713", code="ADM1", admin1="OR"),
        _row("910025", "Baltimore", "39.29", "-76.61", "US", "585708", admin1="MD"),
        _row("910026", "Maryland", "39.0", "-76.75", "US", "6042718", code="ADM1", admin1="MD"),
        # a Scottish town and its country
        _row("910030", "Paisley", "55.83", "-4.43", "GB", "77270", admin1="SCT"),
        _row("910031", "Scotland", "56.0", "-4.0", "GB", "5404700", code="ADM1", admin1="SCT"),
        _row("910032", "Glasgow", "55.86", "-4.25", "GB", "626410", admin1="SCT"),
        _row("910040", "Kenya", "1.0", "38.0", "KE", "51393010", code="PCLI", admin1="00"),
        _row("910041", "Kisumu", "-0.10", "34.76", "KE", "216479", admin1="35"),
        _row("910042", "Nyanza", "-2.35", "29.74", "RW", "32016", admin1="05"),
    ]
    path = build_index(tmp_path_factory.mktemp("s5") / "s5.sqlite", geonames_rows=rows)
    return Gazetteer.open(path)


def _places(text: str, gaz: Gazetteer, nlp) -> dict[str, list]:
    out: dict[str, list] = {}
    for m in geoparse_text(text, gaz, nlp):
        out.setdefault(m.span.text(text), []).append(m)
    return out


# -- a well-known jurisdiction overshadows other names ---------------------------------------------------------


def test_a_country_named_exactly_is_not_a_town_of_another_name(gaz: Gazetteer, nlp) -> None:
    text = (
        "Brazil reported 40 new cases on Monday, most of them in Sao Paulo. Nine countries, among them Brazil "
        "and France, have pledged vaccine doses."
    )
    france = _places(text, gaz, nlp)["France"][0]
    assert france.place is not None and france.place.country_code == "FR"


def test_a_country_is_not_its_capital_named_after_it(gaz: Gazetteer, nlp) -> None:
    text = (
        "Acapulco, a city of the state of Guerrero on the coast, lies 300 miles from Mexico City. "
        "Rival drug gang violence in Mexico has killed 2,300 people this year."
    )
    mexico = _places(text, gaz, nlp)["Mexico"]
    assert mexico and all(m.place is not None and m.place.feature_code == "PCLI" for m in mexico)
    # the capital, matched only by its alternate name "Mexico", is overshadowed however large it is
    top = _given(text, ["Mexico"], gaz)[0]
    assert "geonames:910006" in _overshadowed(top, [])
    # a city named by a province's name is not: "New York" may well be the city in the state


@pytest.mark.parametrize(
    ("town", "country"),
    [
        ("Baltimore", "CA"),  # a report from elsewhere: the province of 17 million, not the Californian city
        ("Los Angeles", "US"),  # local news: a report from Los Angeles means the city of Ontario 55 km away
    ],
)
def test_a_province_overshadows_a_foreign_city_of_its_name_unless_the_news_is_local(
    gaz: Gazetteer, nlp, town: str, country: str
) -> None:
    text = f"{town} health officials met on Monday. Cases were reported in Ontario, where hospitals are full."
    ontario = _places(text, gaz, nlp)["Ontario"][0]
    assert ontario.place is not None and ontario.place.country_code == country


# -- lists and division cues ------------------------------------------------------------------------------------


def test_a_name_in_a_list_of_states_is_a_state(gaz: Gazetteer, nlp) -> None:
    text = "Illnesses were reported in Ohio, Oregon, Washington and Utah, the health agency said."
    washington = _places(text, gaz, nlp)["Washington"][0]
    assert washington.place is not None and washington.place.feature_code == "ADM1"


def test_without_the_list_washington_is_the_capital(gaz: Gazetteer, nlp) -> None:
    text = "Officials in Washington said the agency would publish its report on Friday."
    washington = _places(text, gaz, nlp)["Washington"][0]
    assert washington.place is not None and washington.place.feature_code == "PPLC"


@pytest.mark.parametrize(
    "text",
    [
        "The first case was discovered in December in the state of Washington, officials said.",
        "Officials in Washington State said the first case was discovered in December.",
    ],
)
def test_the_state_of_x_is_the_state(gaz: Gazetteer, nlp, text: str) -> None:
    washington = _places(text, gaz, nlp)["Washington"][0]
    assert washington.place is not None and washington.place.feature_code == "ADM1"


# -- sites no layer knows ------------------------------------------------------------------------------------


def _given(text: str, names: list[str], gaz: Gazetteer, container: dict[str, str] | None = None) -> list[Toponym]:
    """Toponyms at the given names, as gold spans or a recogniser would hand them over (with their candidates)."""
    tops = []
    for name in names:
        start = text.index(name)
        tops.append(Toponym(start, start + len(name), name, "given", candidates=gaz.lookup(name)))
    for inner, outer in (container or {}).items():
        i, j = names.index(inner), names.index(outer)
        tops[i] = replace(tops[i], container=j)
        tops[j] = replace(tops[j], container_role=True)
    return tops


def test_a_site_lies_in_the_town_the_text_puts_it_in(gaz: Gazetteer) -> None:
    text = (
        "Five people in the Glasgow area have been hospitalised. One patient is at the Royal Alexandra Hospital "
        "in Paisley, Scotland."
    )
    names = ["Glasgow", "Royal Alexandra Hospital", "Paisley", "Scotland"]
    tops = _given(text, names, gaz, {"Royal Alexandra Hospital": "Paisley"})
    hospital = resolve(tops, country_hints(text, gaz), text)[1]
    assert hospital.place is not None and hospital.place.name == "Paisley"
    assert hospital.score < 0.5  # a fallback, not a match


def test_a_site_without_a_town_lies_in_the_town_the_report_is_about(gaz: Gazetteer) -> None:
    text = (
        "Police said the man was shot in Baltimore, Maryland, late on Monday. He was taken to the Shock Trauma "
        "Center, and Baltimore detectives are searching Greenmount Avenue for the weapon."
    )
    names = ["Baltimore", "Maryland", "Shock Trauma Center", "Greenmount Avenue"]
    tops = _given(text, names, gaz)
    sites = resolve(tops, country_hints(text, gaz), text)[2:]
    assert all(r.place is not None and r.place.name == "Baltimore" and r.geo_precision == 2 for r in sites)


def test_an_unknown_name_that_is_no_site_stays_unresolved(gaz: Gazetteer) -> None:
    text = "Police said the man came from Baltimore. He had lived in Zorblatt and worked at Zorblatt Foods."
    tops = _given(text, ["Baltimore", "Zorblatt", "Zorblatt Foods"], gaz)
    assert [r.place is None for r in resolve(tops, country_hints(text, gaz), text)] == [False, True, True]


# -- supplement rows ---------------------------------------------------------------------------------------------


def test_kenyas_former_provinces_are_known(gaz: Gazetteer, nlp) -> None:
    text = "Kenya has reported 750 cholera cases in Nyanza Province, most of them around Kisumu, and more in Nyanza."
    found = _places(text, gaz, nlp)
    assert all(m.place is not None and m.place.country_code == "KE" for m in found["Nyanza Province"])
    assert all(m.place is not None and m.place.country_code == "KE" for m in found["Nyanza"])


def test_supplement_rows_for_bases_lakes_and_islands() -> None:
    rows = {r.id: r for r in read_supplement()}
    for pid in ("syraq:fort-hood", "syraq:fort-detrick", "syraq:lake-erie", "syraq:sumatra", "syraq:ural-mountains"):
        assert pid in rows
    assert rows["syraq:fort-hood"].country_code == "US" and rows["syraq:fort-hood"].feature_class == "S"
    aliases = {a: t for a, t, _ in read_aliases()}
    assert aliases["Democratic Republic of Congo"] == "country:CD"
    assert aliases["Republic of Congo"] == "country:CG"


def test_and_in_joins_two_places_it_does_not_put_one_in_the_other(gaz: Gazetteer, nlp) -> None:
    text = "Officials are prepared to handle 48,000 deaths in Glasgow and in Scotland for a long pandemic."
    glasgow = _places(text, gaz, nlp)["Glasgow"][0]
    assert "in:" not in glasgow.how
