"""The compiled index: building, lookup, get, the supplement and alias files, loading from home."""

from __future__ import annotations

import os
import shutil
import sqlite3
from pathlib import Path

import pytest

from syraq.errors import ConfigError, InputError
from syraq.geo import Gazetteer, build_index, haversine_km, load_gazetteer
from syraq.geo.index import INDEX_NAME, SCHEMA_VERSION, read_aliases, read_supplement

MINI_TSV = Path(__file__).resolve().parents[1] / "data" / "geo" / "gazetteer_mini.tsv"


def ids(cands) -> list[str]:
    return [c.place.id for c in cands]


@pytest.mark.parametrize(
    ("name", "geonameid"),
    [
        ("Deir e-Zor", "geonames:170794"),
        ("Dayr az Zawr", "geonames:170794"),
        ("al-Bukamal", "geonames:174448"),
        ("Albu Kamal", "geonames:174448"),
        ("Abu Kamal", "geonames:174448"),
        ("Mayadeen", "geonames:173480"),
        ("al-Mayadin", "geonames:173480"),
        ("Sukhna", "geonames:172425"),
        ("Qaryatein", "geonames:173361"),
        ("Qamishli", "geonames:173377"),
    ],
)
def test_transliterations_find_the_place(mini_gazetteer: Gazetteer, name: str, geonameid: str) -> None:
    assert geonameid in ids(mini_gazetteer.lookup(name, 5))


def test_exact_spelling_outranks_a_fold(mini_gazetteer: Gazetteer) -> None:
    cands = mini_gazetteer.lookup("Palmyra")
    assert cands[0].place.name == "Tadmur" and cands[0].match >= 0.95
    deir = {c.place.id: c.match for c in mini_gazetteer.lookup("Deir ez-Zor")}
    assert deir["geonames:170794"] == 1.0


def test_ambiguous_names_return_every_candidate(mini_gazetteer: Gazetteer) -> None:
    assert {"geonames:2988507", "geonames:4717560"} <= set(ids(mini_gazetteer.lookup("Paris")))
    assert {"geonames:361058", "geonames:4744091"} <= set(ids(mini_gazetteer.lookup("Alexandria")))
    homs = mini_gazetteer.lookup("Homs")
    assert {"geonames:169577", "geonames:169575", "geonames:2214846"} <= set(ids(homs))


def test_get_and_admin_fill(mini_gazetteer: Gazetteer) -> None:
    place = mini_gazetteer.get("geonames:172425")
    assert place is not None and place.name == "As Sukhnah"
    assert place.admin1 == "Ḩimş" and place.country == "Syria" and place.country_code == "SY"
    assert "Sukhnah" in place.alternate_names
    assert mini_gazetteer.get("geonames:1") is None


def test_aliases_and_demonyms(mini_gazetteer: Gazetteer) -> None:
    assert "geonames:6252001" in ids(mini_gazetteer.lookup("U.S."))
    assert "geonames:4138106" in ids(mini_gazetteer.lookup("DC"))
    assert "geonames:163843" not in ids(mini_gazetteer.lookup("Syrian"))  # demonyms are not names
    assert mini_gazetteer.lookup("Syrian", demonyms=True)[0].place.id == "geonames:163843"


def test_supplement_is_in_the_index(mini_gazetteer: Gazetteer) -> None:
    for name in ("Euphrates", "East Ghouta", "al-Tanf", "T4", "Bab al-Hawa", "Hamrin mountains"):
        cands = mini_gazetteer.lookup(name)
        assert cands and cands[0].place.id.startswith("syraq:"), name


def test_supplement_rows_are_sound() -> None:
    rows = read_supplement()
    assert len({r.id for r in rows}) == len(rows)
    for r in rows:
        assert r.id.startswith("syraq:") and r.feature_class in "PAHTSL"
        assert -90 <= r.lat <= 90 and -180 <= r.lon <= 180
    # every Syria/Iraq row lies in the theatre's box
    for r in rows:
        if r.country_code in ("SY", "IQ"):
            assert 29 <= r.lat <= 38 and 35 <= r.lon <= 49, r.id
    tanf = next(r for r in rows if r.id == "syraq:al-tanf")
    assert haversine_km(tanf.lat, tanf.lon, 33.5, 38.6) < 25


def test_alias_file_kinds() -> None:
    kinds = {k for _, _, k in read_aliases()}
    assert kinds == {"alias", "demonym"}


def test_bad_geonames_file_is_a_catalogued_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.tsv"
    bad.write_text("not\ta\tgeonames\tfile\n", encoding="utf-8")
    with pytest.raises(InputError) as err:
        build_index(tmp_path / "x.sqlite", geonames_file=bad)
    assert err.value.code == "E401" and "line 1" in err.value.message


def test_unreadable_index_is_a_catalogued_error(tmp_path: Path) -> None:
    junk = tmp_path / "junk.sqlite"
    junk.write_bytes(b"this is not sqlite")
    with pytest.raises(ConfigError) as err:
        Gazetteer.open(junk)
    assert err.value.code == "E400"


def test_index_meta(mini_index: Path) -> None:
    con = sqlite3.connect(mini_index)
    meta = dict(con.execute("SELECT key, value FROM meta"))
    indexes = {name for (name,) in con.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
    plan = " ".join(
        row[-1]
        for row in con.execute(
            "EXPLAIN QUERY PLAN SELECT n.key FROM places p JOIN names n ON n.pk = p.pk WHERE p.country_code = 'SY'"
        )
    )
    con.close()
    assert meta["schema_version"] == str(SCHEMA_VERSION) and int(meta["places"]) > 50
    assert {"places_country", "names_pk"} <= indexes
    assert "places_country" in plan and "names_pk" in plan  # a country's names without scanning every name


def test_load_gazetteer_opens_without_rebuilding(tmp_path: Path, mini_index: Path) -> None:
    home = tmp_path / "home"
    (home / "gazetteer").mkdir(parents=True)
    target = home / "gazetteer" / INDEX_NAME
    shutil.copy(mini_index, target)
    before = os.stat(target).st_mtime_ns
    gaz = load_gazetteer(home)
    assert gaz.lookup("Sukhna")[0].place.id == "geonames:172425"
    assert os.stat(target).st_mtime_ns == before
    assert load_gazetteer(home) is gaz  # cached per process


def test_layers_come_first(tmp_path: Path, mini_index: Path) -> None:
    home = tmp_path / "home"
    (home / "gazetteer" / "layers").mkdir(parents=True)
    shutil.copy(mini_index, home / "gazetteer" / INDEX_NAME)
    layer_tsv = tmp_path / "layer.tsv"
    layer_tsv.write_text(
        "\t".join(
            [
                "9990001",
                "Tal Shaqra",
                "Tal Shaqra",
                "Tell Shaqra",
                "35.1",
                "40.2",
                "P",
                "PPL",
                "SY",
                "",
                "07",
                "",
                "",
                "",
                "300",
                "",
                "",
                "Asia/Damascus",
                "2024-01-01",
            ]
        )
        + "\n",
        encoding="utf-8",
    )
    build_index(home / "gazetteer" / "layers" / "mine.sqlite", geonames_file=layer_tsv, supplement=False)
    gaz = load_gazetteer(home)
    cand = gaz.lookup("Tell Shaqra")[0]
    assert cand.place.id == "geonames:9990001" and cand.layer == "mine"
    assert MINI_TSV.exists()


def test_gazetteer_pickles_for_worker_processes(mini_gazetteer: Gazetteer) -> None:
    import pickle

    clone = pickle.loads(pickle.dumps(mini_gazetteer))
    assert clone.lookup("Mayadeen")[0].place.id == "geonames:173480"


def test_gazetteer_info_never_builds(tmp_path: Path, mini_index: Path) -> None:
    from syraq.geo import gazetteer_info

    empty = gazetteer_info(tmp_path / "nothing")
    assert empty["exists"] is False and empty["current"] is False and empty["layers"] == []
    assert not (tmp_path / "nothing" / "gazetteer" / INDEX_NAME).exists()
    home = tmp_path / "home"
    (home / "gazetteer").mkdir(parents=True)
    shutil.copy(mini_index, home / "gazetteer" / INDEX_NAME)
    info = gazetteer_info(home)
    assert info["exists"] and info["current"] and int(info["meta"]["places"]) > 50
