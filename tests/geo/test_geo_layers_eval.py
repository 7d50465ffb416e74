"""Layers (GeoNames files, ACLED/UCDP exports) and the geoparsing evaluation on a tiny corpus we wrote."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from syraq.errors import EvaluationError, InputError, NotFoundError
from syraq.geo import (
    Gazetteer,
    evaluate_geoparse,
    geoparse_corpus,
    learn_places,
    list_layers,
    load_gazetteer,
    load_geonames_file,
    remove_layer,
)
from syraq.geo.index import INDEX_NAME
from syraq_testkit import mentions

ACLED_CSV = (
    "data_id,event_date,country,admin1,admin2,admin3,location,latitude,longitude,geo_precision,notes\n"
    "1,01-Jan-18,Syria,Deir-ez-Zor,Abu Kamal,Hajin,Hajin,34.6900,40.8300,1,Clashes in Hajin.\n"
    "2,02-Jan-18,Syria,Deir-ez-Zor,Abu Kamal,Hajin,Hajin,34.6900,40.8300,1,Shelling on Hajin.\n"
    "3,03-Jan-18,Syria,Deir-ez-Zor,Abu Kamal,Hajin,Al Sousa,34.5100,40.9000,1,Airstrike on Al Sousa.\n"
    "4,04-Jan-18,Syria,Deir-ez-Zor,Deir-ez-Zor,,Deir-ez-Zor countryside,35.3000,40.1000,3,Clashes in the countryside.\n"
    "5,05-Jan-18,Syria,Deir-ez-Zor,Deir-ez-Zor,Khasham,Tabiyet Jazira,35.2100,40.2700,2,Clashes near Tabiyet Jazira.\n"
)


@pytest.fixture()
def home(tmp_path: Path, mini_index: Path) -> Path:
    home = tmp_path / "home"
    (home / "gazetteer").mkdir(parents=True)
    shutil.copy(mini_index, home / "gazetteer" / INDEX_NAME)
    return home


def test_learn_places_from_acled(home: Path, tmp_path: Path) -> None:
    csv_path = tmp_path / "acled.csv"
    csv_path.write_text(ACLED_CSV, encoding="utf-8")
    layer = learn_places(csv_path, "acled", name="acled-test", home=home)
    assert layer.name == "acled-test.sqlite"
    gaz = load_gazetteer(home)
    hajin = gaz.lookup("Hajin")[0]
    assert hajin.layer == "acled-test" and hajin.place.country_code == "SY" and hajin.place.population == 2
    assert gaz.lookup("al-Sousa")[0].place.admin2 == "Abu Kamal"
    # a place an event happened near (precision 2) is still that place; a region coded to a stand-in point is not
    assert gaz.lookup("Tabiyet Jazira")[0].layer == "acled-test"
    assert not gaz.lookup("Deir-ez-Zor countryside") or gaz.lookup("Deir-ez-Zor countryside")[0].layer != "acled-test"
    assert [entry["name"] for entry in list_layers(home)] == ["acled-test"]
    remove_layer("acled-test", home)
    assert list_layers(home) == []
    with pytest.raises(NotFoundError) as err:
        remove_layer("acled-test", home)
    assert err.value.code == "E402"


def test_a_dashed_acled_location_is_learned_under_each_of_its_names(home: Path, tmp_path: Path) -> None:
    # ACLED writes "Arabic name - Kurdish name" and "Town - Part"; reports write one part
    csv_path = tmp_path / "acled.csv"
    csv_path.write_text(
        "data_id,event_date,country,admin1,admin2,admin3,location,latitude,longitude,geo_precision,notes\n"
        "1,21-Jan-18,Syria,Aleppo,Afrin,Jandairis,Hamam - Qushla,36.4100,36.6900,1,Shelling on Hamam.\n"
        "2,22-Jan-18,Syria,Hama,Hama,Hama,Hama - Airbase,35.1200,36.7100,1,Strike on the airbase.\n",
        encoding="utf-8",
    )
    learn_places(csv_path, "acled", name="acled-dashed", home=home)
    gaz = load_gazetteer(home)
    for name in ("Hamam", "Qushla", "Hamam - Qushla"):
        best = gaz.lookup(name)[0]
        assert best.layer == "acled-dashed" and best.place.name == "Hamam - Qushla", name
    assert not any(c.layer == "acled-dashed" for c in gaz.lookup("Airbase"))  # a generic word is no name


def test_a_near_spelling_in_a_layer_keeps_to_the_reports_demonyms(home: Path, tmp_path: Path, nlp) -> None:

    csv_path = tmp_path / "acled.csv"
    csv_path.write_text(
        "data_id,event_date,country,admin1,admin2,admin3,location,latitude,longitude,geo_precision,notes\n"
        "1,21-Jan-18,Iraq,Ninewa,Telafar,Telafar,Telafar,36.3800,42.4700,1,IED in Telafar.\n",
        encoding="utf-8",
    )
    learn_places(csv_path, "acled", name="acled-iraq", home=home)
    gaz = load_gazetteer(home)
    # nothing but "Syrian or Russian" ties the note to a country: Talafeh (one edit from Telafar) is not in Iraq
    text = "Syrian or Russian warplanes conducted several airstrikes on Talafeh village in the southern countryside."
    found = mentions(text, gaz, nlp)
    assert "Talafeh" in found and found["Talafeh"].place is None
    text = "Iraqi warplanes conducted several airstrikes on Talafeh village in the western countryside."
    found = mentions(text, gaz, nlp)
    assert found["Talafeh"].place is not None and found["Talafeh"].place.name == "Telafar"


def test_learn_places_rejects_other_files(home: Path, tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("a,b\n1,2\n", encoding="utf-8")
    with pytest.raises(InputError) as err:
        learn_places(bad, "acled", home=home)
    assert err.value.code == "E403"
    with pytest.raises(InputError):
        learn_places(bad, "gdelt", home=home)


def test_load_geonames_file_layer(home: Path, tmp_path: Path) -> None:
    dump = tmp_path / "SY.txt"
    cols = [
        "9990002",
        "Khirbat al-Test",
        "Khirbat al-Test",
        "Khirbet Test",
        "35.2",
        "40.3",
        "P",
        "PPL",
        "SY",
        "",
        "07",
        "",
        "",
        "",
        "120",
        "",
        "",
        "Asia/Damascus",
        "2024-01-01",
    ]
    dump.write_text("\t".join(cols) + "\n", encoding="utf-8")
    load_geonames_file(dump, home=home)
    gaz = load_gazetteer(home)
    assert gaz.lookup("Khirbet Test")[0].place.id == "geonames:9990002"
    assert gaz.get("geonames:9990002").source == "sy"


CORPUS = [
    {
        "id": "d1",
        "text": "Syrian troops retook Palmyra from IS fighters, state media in Damascus said.",
        "toponyms": [
            {"start": 21, "end": 28, "name": "Palmyra", "lat": 34.56, "lon": 38.27},
            {"start": 62, "end": 70, "name": "Damascus", "lat": 33.51, "lon": 36.29},
        ],
    },
    {
        "id": "d2",
        "text": "Police in Paris, Texas arrested a man from Alexandria, Virginia.",
        "toponyms": [
            {"start": 10, "end": 15, "name": "Paris", "lat": 33.66, "lon": -95.56},
            {"start": 17, "end": 22, "name": "Texas", "lat": 31.25, "lon": -99.25},
            {"start": 43, "end": 53, "name": "Alexandria", "lat": 38.80, "lon": -77.05},
            {"start": 55, "end": 63, "name": "Virginia", "lat": 37.5, "lon": -78.5},
        ],
    },
]


@pytest.fixture()
def corpus(tmp_path: Path) -> Path:
    path = tmp_path / "gold.jsonl"
    for doc in CORPUS:
        for t in doc["toponyms"]:
            assert doc["text"][t["start"] : t["end"]] == t["name"]
    path.write_text("\n".join(json.dumps(d) for d in CORPUS) + "\n", encoding="utf-8")
    return path


@pytest.mark.slow
def test_evaluate_end_to_end(corpus: Path, mini_gazetteer: Gazetteer, nlp) -> None:
    report = evaluate_geoparse(corpus, False, gazetteer=mini_gazetteer, nlp=nlp)
    assert report["documents"] == 2 and report["gold_toponyms"] == 6
    assert report["recognition"]["recall"] == 1.0
    assert report["resolution"]["acc161"] == 1.0 and report["resolution"]["auc"] < 0.2
    assert set(report) == {
        "corpus",
        "split",
        "documents",
        "gold_toponyms",
        "recognition",
        "resolution",
        "docs_per_second",
    }
    assert report["split"] == "all"


@pytest.mark.slow
def test_evaluate_held_out_halves(corpus: Path, mini_gazetteer: Gazetteer, nlp) -> None:
    even = evaluate_geoparse(corpus, True, gazetteer=mini_gazetteer, nlp=nlp, split="even")
    odd = evaluate_geoparse(corpus, True, gazetteer=mini_gazetteer, nlp=nlp, split="odd")
    assert (even["documents"], odd["documents"]) == (1, 1)
    assert even["gold_toponyms"] + odd["gold_toponyms"] == 6 and even["split"] == "even"
    with pytest.raises(EvaluationError):
        evaluate_geoparse(corpus, True, gazetteer=mini_gazetteer, nlp=nlp, split="first")


@pytest.mark.slow
def test_evaluate_gold_spans_and_output(corpus: Path, tmp_path: Path, mini_gazetteer: Gazetteer, nlp) -> None:
    report = evaluate_geoparse(corpus, True, gazetteer=mini_gazetteer, nlp=nlp)
    assert report["recognition"] is None and report["resolution"]["n"] == 6
    out = tmp_path / "out.jsonl"
    assert geoparse_corpus(corpus, out, True, gazetteer=mini_gazetteer, nlp=nlp) == 2
    first = json.loads(out.read_text(encoding="utf-8").splitlines()[0])
    assert first["id"] == "d1" and first["toponyms"][0]["geonameid"] == 163808


@pytest.mark.slow
def test_the_candidate_ceiling_counts_the_gold_points_some_candidate_reaches(
    tmp_path: Path, mini_gazetteer: Gazetteer, nlp
) -> None:
    # Damascus's gold point moved to the Gulf of Guinea: no candidate of "Damascus" lies within 161 km of it,
    # so no choice among candidates could score it, whatever the resolver does
    docs = json.loads(json.dumps(CORPUS))
    docs[0]["toponyms"][1].update(lat=1.0, lon=1.0)
    path = tmp_path / "moved.jsonl"
    path.write_text("\n".join(json.dumps(d) for d in docs) + "\n", encoding="utf-8")
    report = evaluate_geoparse(path, True, gazetteer=mini_gazetteer, nlp=nlp)["resolution"]
    assert report["candidate_ceiling"] == round(5 / 6, 4)
    assert report["acc161"] <= report["candidate_ceiling"]
    end_to_end = evaluate_geoparse(path, False, gazetteer=mini_gazetteer, nlp=nlp)["resolution"]
    assert "candidate_ceiling" not in end_to_end  # the recogniser's own spans: no ceiling is computed


def test_an_unwritable_output_is_a_clear_error(corpus: Path, tmp_path: Path, mini_gazetteer: Gazetteer) -> None:
    with pytest.raises(EvaluationError) as err:
        geoparse_corpus(corpus, tmp_path / "no-such-folder" / "out.jsonl", True, gazetteer=mini_gazetteer, nlp=object())
    assert err.value.code == "E702" and "no-such-folder" in str(err.value)


def test_evaluate_missing_corpus(tmp_path: Path, mini_gazetteer: Gazetteer) -> None:
    with pytest.raises(EvaluationError) as err:
        evaluate_geoparse(tmp_path / "none.jsonl", True, gazetteer=mini_gazetteer, nlp=object())
    assert err.value.code == "E700"


@pytest.mark.slow
def test_evaluate_reports_the_geonames_linked_subset(tmp_path: Path, mini_gazetteer: Gazetteer, nlp) -> None:
    """GeoWebNews mixes GeoNames-linked gold with coordinate-only spans; the standard geocoding gold is the linked
    subset, so the report gives it apart (and only when the corpus mixes both)."""
    doc = dict(CORPUS[0])
    doc["toponyms"] = [
        {**CORPUS[0]["toponyms"][0], "geonameid": 163345},
        {**CORPUS[0]["toponyms"][1], "lat": 29.0, "lon": 30.0},  # a coordinate-only span we cannot match
    ]
    path = tmp_path / "mixed.jsonl"
    path.write_text(json.dumps(doc) + "\n", encoding="utf-8")
    report = evaluate_geoparse(path, True, gazetteer=mini_gazetteer, nlp=nlp)
    assert report["resolution"]["acc161"] == 0.5
    linked = report["resolution_geonames_linked"]
    assert linked == {"n": 1, "acc161": 1.0, "auc": linked["auc"], "candidate_ceiling": 1.0}
    assert report["resolution"]["candidate_ceiling"] == 0.5  # no "Damascus" lies near the moved point
    plain = evaluate_geoparse(_write(tmp_path, CORPUS), True, gazetteer=mini_gazetteer, nlp=nlp)
    assert "resolution_geonames_linked" not in plain


def _write(tmp_path: Path, docs: list[dict]) -> Path:
    path = tmp_path / "plain.jsonl"
    path.write_text("\n".join(json.dumps(d) for d in docs) + "\n", encoding="utf-8")
    return path
