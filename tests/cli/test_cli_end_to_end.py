"""The command line from a user's point of view: ingest, list, show, export, demo, bad input.

These run the real pipeline (spaCy model, embedded gazetteer compiled once per session).
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import pandas as pd
import pytest

from syraq.cli.main import main
from syraq.export import COLUMNS

REPORTS = Path(__file__).resolve().parents[1] / "data" / "reports"

pytestmark = pytest.mark.slow


def km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p = math.pi / 180
    a = (
        0.5
        - math.cos((lat2 - lat1) * p) / 2
        + math.cos(lat1 * p) * math.cos(lat2 * p) * (1 - math.cos((lon2 - lon1) * p)) / 2
    )
    return 12742 * math.asin(math.sqrt(a))


@pytest.fixture
def db(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'events.db'}"


def _events(db: str, capsys: pytest.CaptureFixture[str], *extra: str) -> list[dict]:
    capsys.readouterr()
    assert main(["events", "--db", db, "--format", "json", *extra]) == 0
    return json.loads(capsys.readouterr().out)


def test_ingest_folder_twice_changes_nothing(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["ingest", str(REPORTS), "--published", "2018-03-05", "--db", db]) == 0
    first = _events(db, capsys)
    assert first, "the fixture reports describe several events"
    assert main(["ingest", str(REPORTS), "--published", "2018-03-05", "--db", db]) == 0
    out = capsys.readouterr()
    assert "0 documents stored" in out.out and "W002" in out.err
    assert _events(db, capsys) == first


def test_events_are_located_dated_and_filterable(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["ingest", str(REPORTS), "--published", "2018-03-05", "--db", db]) == 0
    rows = _events(db, capsys)
    takeovers = [r for r in rows if r["sub_event_type"] == "Non-state actor overtakes territory"]
    assert any(r["location"].endswith("Qaryatayn") for r in takeovers)
    q = next(r for r in takeovers if r["location"].endswith("Qaryatayn"))
    assert km(q["latitude"], q["longitude"], 34.2296, 37.2407) < 10
    assert q["date"] == "2018-03-04"  # "on Sunday" before Monday 5 March 2018
    regained = _events(db, capsys, "--type", "Government regains territory")
    assert regained and all(r["sub_event_type"] == "Government regains territory" for r in regained)
    later = _events(db, capsys, "--since", "2018-03-06")
    assert later and all(r["date"] >= "2018-03-06" for r in later)
    assert not [r for r in _events(db, capsys, "--until", "2018-03-05") if r["date"] > "2018-03-05"]
    assert _events(db, capsys, "--actor", "no such actor") == []


def test_show_prints_the_evidence_sentence(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["ingest", str(REPORTS / "2018-03-05-wire-homs.txt"), "--published", "2018-03-05", "--db", db]) == 0
    event = _events(db, capsys)[0]
    assert main(["show", event["id"], "--db", db]) == 0
    out = capsys.readouterr().out
    assert "Islamic State fighters seized the town of Al Qaryatayn" in out
    assert main(["show", "nonexistent", "--db", db]) == 1
    assert "error[E202]" in capsys.readouterr().err


def test_acled_csv_export_has_exactly_the_acled_and_provenance_columns(db: str, tmp_path: Path, capsys) -> None:
    assert main(["ingest", str(REPORTS), "--published", "2018-03-05", "--db", db]) == 0
    out = tmp_path / "events.csv"
    assert main(["export", "--format", "acled-csv", "-o", str(out), "--db", db]) == 0
    frame = pd.read_csv(out)
    assert list(frame.columns) == list(COLUMNS)
    assert len(frame) == len(_events(db, capsys))
    assert frame["evidence"].str.len().min() > 10
    assert set(frame["document_url"].str.slice(0, 8)) <= {"file:///", "https://"}
    for fmt, name in (("geojson", "e.geojson"), ("jsonl", "e.jsonl"), ("parquet", "e.parquet")):
        assert main(["export", "--format", fmt, "-o", str(tmp_path / name), "--db", db]) == 0
    assert len(json.loads((tmp_path / "e.geojson").read_text())["features"]) == len(frame)


def test_bad_inputs_get_one_line_each_and_the_rest_goes_on(db: str, tmp_path: Path, capsys) -> None:
    (tmp_path / "empty.txt").write_text("")
    (tmp_path / "blob.bin").write_bytes(b"\x00\x01\x02PK\x03\x04" * 50)
    (tmp_path / "bad.jsonl").write_text(
        '{"text": "Clashes erupted in Raqqa on Monday.", "published": "2018-01-08"}\nnot json\n'
    )
    good = REPORTS / "2018-03-05-wire-homs.txt"
    code = main(
        [
            "ingest",
            str(tmp_path / "empty.txt"),
            str(tmp_path / "blob.bin"),
            str(tmp_path / "bad.jsonl"),
            str(tmp_path / "missing.txt"),
            str(good),
            "--published",
            "2018-03-05",
            "--db",
            db,
        ]
    )
    out = capsys.readouterr()
    assert code == 3
    errors = [line for line in out.err.splitlines() if line.startswith("error[")]
    assert {e.split("]")[0] for e in errors} == {"error[E102", "error[E103", "error[E106", "error[E100"}
    assert "Traceback" not in out.err
    assert "2 documents stored" in out.out


def test_published_must_be_an_iso_date(db: str, capsys) -> None:
    with pytest.raises(SystemExit) as info:
        main(["ingest", str(REPORTS), "--published", "last tuesday", "--db", db])
    assert info.value.code == 2
    assert "last tuesday" in capsys.readouterr().err


def test_demo_finds_the_seed_interview_events(tmp_path: Path, capsys) -> None:
    db = f"sqlite:///{tmp_path / 'demo.db'}"
    assert main(["demo", "--db", db]) == 0
    out = capsys.readouterr().out
    assert "Al Qaryatayn" in out and "As Sukhnah" in out and "Mayādīn" in out
    rows = _events(db, capsys)
    real = {"Qaryatayn": (34.2296, 37.2407), "Sukhnah": (34.8853, 38.8711), "Mayādīn": (35.0198, 40.4515)}
    for name, (lat, lon) in real.items():
        hits = [r for r in rows if name in r["location"]]
        assert hits, name
        assert all(km(r["latitude"], r["longitude"], lat, lon) < 10 for r in hits)
    mayadeen = [r for r in rows if "Mayādīn" in r["location"] and r["sub_event_type"] == "Government regains territory"]
    assert mayadeen and mayadeen[0]["date"] == "2017-10-14"

    def coded(place: str, sub: str, actor: str) -> list[str]:
        return sorted(
            r["date"] for r in rows if place in r["location"] and r["sub_event_type"] == sub and r["actor1"] == actor
        )

    army, isis = "Military Forces of Syria (2000-)", "Islamic State (Syria)"
    # the analyst's reading: IS took Qaryatayn in late September 2017, the army retook it three weeks later
    assert "2017-09-16" in coded("Qaryatayn", "Non-state actor overtakes territory", isis)
    assert any(d.startswith("2017-10") for d in coded("Qaryatayn", "Government regains territory", army))
    assert any(d.startswith("2017-08") for d in coded("Sukhnah", "Government regains territory", army))
    # the forecast about al-Bukamal is a claim, never an event
    assert not [r for r in rows if "Kamāl" in r["location"]]
    assert "claim (hypothesis, cue 'could')" in out and "al-Bukamal" in out
    assert main(["info", "--db", db]) == 0


def test_ingest_with_two_workers_stores_the_same_events(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    one, two = f"sqlite:///{tmp_path / 'one.db'}", f"sqlite:///{tmp_path / 'two.db'}"
    assert main(["ingest", str(REPORTS), "--published", "2018-03-05", "--db", one]) == 0
    assert main(["ingest", str(REPORTS), "--published", "2018-03-05", "--db", two, "--workers", "2"]) == 0

    def key(rows: list[dict]) -> list[tuple]:
        return sorted((r["id"], r["sub_event_type"], r["actor1"], r["location"], r["date"]) for r in rows)

    assert key(_events(one, capsys)) == key(_events(two, capsys))
