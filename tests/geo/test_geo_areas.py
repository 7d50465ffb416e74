"""Parts of a province ("southern Idleb", "Hama north western countryside"): the direction a
report gives, the point for that part, and where events are located when no smaller place
is known. The gazetteer is a slice we write: a province with villages spread over it."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from syraq.geo import Gazetteer, build_index
from syraq.geo.areas import direction_cue, direction_vector, province_part
from syraq.geo.gazetteer import haversine_km
from syraq.model import Document, Place, PlaceMention, Span
from syraq_testkit import mentions

# a square province, 1 degree on each side, with a seat in the middle and a 5 x 5 grid of villages
_ROWS = [
    ["700000", "Qarbala", "Qarbala", "", "35.5", "37.5", "A", "ADM1", "SY", "", "09", "", "", "", "900000"],
    ["700001", "Qarbala", "Qarbala", "Karbala City", "35.5", "37.5", "P", "PPLA", "SY", "", "09", "", "", "", "200000"],
]
for i in range(5):
    for j in range(5):
        _ROWS.append(
            [str(700100 + 5 * i + j), f"Village {i}{j}", f"Village {i}{j}", "", str(35.0 + 0.25 * i),
             str(37.0 + 0.25 * j), "P", "PPL", "SY", "", "09", "", "", "", "1000"]
        )


@pytest.fixture(scope="module")
def gaz(tmp_path_factory: pytest.TempPathFactory) -> Gazetteer:
    rows = [[*r, "", "", "Asia/Damascus", "2024-01-01"] for r in _ROWS]
    path = build_index(tmp_path_factory.mktemp("areas") / "areas.sqlite", geonames_rows=rows, supplement=False)
    return Gazetteer.open(path)


@pytest.mark.parametrize(
    ("word", "north", "east"),
    [("north", 1, 0), ("southern", -1, 0), ("North-Eastern", 0.7071, 0.7071), ("south west", -0.7071, -0.7071),
     ("northeast", 0.7071, 0.7071)],
)
def test_direction_words(word: str, north: float, east: float) -> None:
    v = direction_vector(word)
    assert v is not None and v[0] == pytest.approx(north, abs=1e-3) and v[1] == pytest.approx(east, abs=1e-3)
    assert direction_vector("central") is None


@pytest.mark.parametrize(
    ("text", "name", "cue"),
    [
        ("Warplanes struck Tell Sawa town in southern Qarbala.", "Qarbala", "southern"),
        ("Shelling hit the northern countryside of Qarbala.", "Qarbala", "northern"),
        ("Clashes in Qarbala north western countryside.", "Qarbala", "north western"),
        ("Strikes on villages in Qarbala's eastern countryside.", "Qarbala", "eastern"),
        ("Warplanes carried out strikes on Jabal Zulu in the eastern desert of Qarbala.", "Qarbala", "eastern"),
        ("Shells hit the western outskirts of Qarbala city.", "Qarbala", ""),  # a part of the city
        # a part of the district the town gives its name to (district_part), not of the town
        ("Clashes in Qorna village in the northern countryside of Qarbala district.", "Qarbala", "northern"),
        ("Regime forces shelled Qarbala.", "Qarbala", ""),
    ],
)
def test_direction_cue(text: str, name: str, cue: str) -> None:
    start = text.index(name)
    assert direction_cue(text, start, start + len(name)) == cue


def test_the_part_lies_in_the_named_direction(gaz: Gazetteer) -> None:
    seat = gaz.get("geonames:700001")
    assert seat is not None
    south = province_part(gaz, "Qarbala", seat, "southern")
    north_east = province_part(gaz, "Qarbala", seat, "north-eastern")
    assert south is not None and north_east is not None
    assert south.lat < 35.3 and abs(south.lon - 37.5) < 0.2  # among the southern villages
    assert north_east.lat > 35.5 and north_east.lon > 37.5
    assert south.feature_code == "RGN" and south.id.startswith("syraq:part:geonames:700000")
    # a village is no province: no part
    village = gaz.get("geonames:700100")
    assert village is not None and province_part(gaz, "Village 00", village, "southern") is None


def test_events_in_an_unknown_village_are_located_in_the_part(gaz: Gazetteer) -> None:
    from syraq.events import EventStage
    from syraq.geo import GeoStage
    from syraq.nlp import NlpStage
    from syraq.pipeline import Pipeline
    from syraq.temporal import TemporalStage

    text = "Regime forces shelled Tell Sawa village in southern Qarbala, killing two civilians."
    doc = Pipeline([NlpStage(), GeoStage(gaz), TemporalStage(), EventStage()])(Document(text=text, published=date(2018, 1, 20)))
    mention = next(m for m in doc.places if text[m.span.start : m.span.end] == "Qarbala")
    # the name still means Qarbala: the province that contains the village, or its seat
    assert mention.place is not None and mention.place.id in ("geonames:700000", "geonames:700001")
    assert mention.area is not None and "southern" in mention.area.name
    event = doc.events[0]
    assert event.place is not None and event.place.place is not None
    assert event.place.place.id == mention.area.id and event.place.geo_precision == 2
    assert haversine_km(event.place.place.lat, event.place.place.lon, 35.0, 37.5) < 30


def test_area_round_trips_in_json() -> None:
    area = Place(id="syraq:part:x:southern", name="southern X", lat=1.0, lon=2.0, feature_code="RGN")
    m = PlaceMention(span=Span(0, 1, "place"), area=area)
    assert PlaceMention.from_dict(m.to_dict()).area == area
    assert "area" not in PlaceMention(span=Span(0, 1, "place")).to_dict()


def test_a_province_containing_an_unknown_village_is_kept(tmp_path_factory: pytest.TempPathFactory, nlp) -> None:
    """ "X village in northern Y": Y is kept even when the gazetteer alone found it, by an alternate name, in a
    report whose other places it cannot confirm: the text puts something in it."""

    rows = [
        ["710000", "Muhafazat Halab", "Muhafazat Halab", "Aleppo", "36.2", "37.2", "A", "ADM1", "SY", "", "11", "",
         "", "", "900000", "", "", "Asia/Damascus", "2024-01-01"],
    ]
    gaz = Gazetteer.open(build_index(tmp_path_factory.mktemp("halab") / "h.sqlite", geonames_rows=rows,
                                     supplement=False))
    text = "Turkish forces fired missiles on Kafr Zibad village in northern Aleppo. No fatalities reported."
    found = mentions(text, gaz, nlp)
    assert found["Aleppo"].place is not None and found["Aleppo"].place.feature_code == "ADM1"


def test_an_analysts_layer_draws_the_part_to_where_events_happen(gaz: Gazetteer, tmp_path: Path) -> None:
    """A layer of coded places (an ACLED export learned as a layer) spells the province its own way ("Qarbalah");
    its places count as members, so the northern part moves towards the north-western villages events hit."""
    from syraq.geo.index import PlaceRow, write_index

    rows = [
        PlaceRow(id=f"acled:hamlet-{n}", name=f"Hamlet {n}", lat=35.9 + 0.01 * n, lon=37.02 + 0.01 * n,
                 country_code="SY", admin1="Qarbalah", population=3, source="acled")
        for n in range(12)
    ]
    layer = write_index(tmp_path / "learned.sqlite", rows, sources="test")
    seat = gaz.get("geonames:700001")
    assert seat is not None
    alone = province_part(gaz, "Qarbala", seat, "northern")
    both = Gazetteer([("embedded", gaz.layers[0].path), ("learned", layer)])
    drawn = province_part(both, "Qarbala", seat, "northern")
    assert alone is not None and drawn is not None
    assert drawn.lon < alone.lon - 0.2  # towards the coded hamlets in the north-west


def test_a_district_named_with_a_direction_is_located_at_its_part(gaz: Gazetteer, tmp_path: Path) -> None:
    """"Western Darun": a town that gives its name to a district the analyst's layer codes places in (admin2
    "Darun"); the part is the median of the district's furthest quarter, on that side of the town, and it is a
    district's part (its id says so), not a province's."""
    from syraq.geo.areas import DISTRICT_PART_PREFIX, district_part
    from syraq.geo.index import PlaceRow, write_index

    rows = [
        PlaceRow(id=f"acled:farm-{i}{j}", name=f"Farm {i}{j}", lat=36.4 + 0.05 * i, lon=36.7 + 0.05 * j,
                 country_code="SY", admin1="Qarbalah", admin2="Darun", population=2, source="acled")
        for i in range(4)
        for j in range(4)
    ]
    layer = write_index(tmp_path / "learned.sqlite", rows, sources="test")
    both = Gazetteer([("learned", layer), ("embedded", gaz.layers[0].path)])
    town = Place("acled:darun", "Darun", 36.475, 36.775, "P", "PPL", "SY", "Syria", "Qarbalah")
    west = district_part(both, "Darun", town, "western")
    assert west is not None and west.id.startswith(DISTRICT_PART_PREFIX)
    assert west.lon < town.lon - 0.05 and abs(west.lat - town.lat) < 0.1
    # a town whose name no layer gives a district: no part
    assert district_part(both, "Qarbala", gaz.get("geonames:700001"), "western") is None  # type: ignore[arg-type]
    # the embedded slice alone knows no district members
    assert district_part(gaz, "Darun", town, "western") is None
