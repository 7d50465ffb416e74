"""`make eval` learns places from parts of the gold files only: January's ACLED rows, UCDP's events before 2018. A
row of the measured month leaking into a learned layer would inflate every place figure, so the filters are tested
on exports we write."""

from __future__ import annotations

import csv
from pathlib import Path

from syraq.evaluation import UCDP_BEFORE, _acled_month_file, _ucdp_before_file


def _write(path: Path, header: list[str], rows: list[list[str]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def _column(path: Path, name: str) -> list[str]:
    with path.open(newline="", encoding="utf-8") as fh:
        return [row[name] for row in csv.DictReader(fh)]


def test_the_january_file_holds_january_rows_only(tmp_path: Path) -> None:
    src = _write(
        tmp_path / "acled.csv",
        ["event_date", "location", "notes"],
        [["31-Jan-2018", "Afrin", "a"], ["01-Feb-2018", "Jandairis", "b"], ["15-Jan-2018", "Saraqab", "c"]],
    )
    out = _acled_month_file(src, 1, tmp_path / "jan.csv")
    assert _column(out, "location") == ["Afrin", "Saraqab"]
    assert _column(_acled_month_file(src, 2, tmp_path / "feb.csv"), "location") == ["Jandairis"]


def test_the_ucdp_file_holds_the_events_before_the_measured_year(tmp_path: Path) -> None:
    src = _write(
        tmp_path / "ucdp.csv",
        ["date_start", "where_coordinates"],
        [["2017-12-31", "Teir Maaleh village"], ["2018-01-01", "Kafr Nabl town"], ["2016-03-02", "Hawar village"]],
    )
    out = _ucdp_before_file(src, UCDP_BEFORE, tmp_path / "before.csv")
    assert _column(out, "where_coordinates") == ["Teir Maaleh village", "Hawar village"]
    assert UCDP_BEFORE <= "2018-01-01"  # nothing of the measured February (or its January) is learned
