"""The API benchmark's stores: the fast SQLite fill writes what ingesting the same documents would."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from syraq.api import bench
from syraq.store import Store


def _rows(path: Path, sql: str) -> list[tuple]:
    con = sqlite3.connect(path)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def test_fast_fill_writes_the_rows_save_document_writes(tmp_path: Path) -> None:
    slow, fast = tmp_path / "slow.db", tmp_path / "fast.db"
    with Store(f"sqlite:///{slow}") as store:
        assert bench.fill_store(store, 250) == 250
    assert bench.fill_sqlite(fast, 250, per_transaction=2) == 250  # 3 documents over 2 transactions
    for sql in (
        "SELECT * FROM events ORDER BY id",
        "SELECT * FROM spans ORDER BY id",
        "SELECT id, url, source, title, published, language, text, meta, pipeline_version FROM documents ORDER BY id",
        "SELECT type, name, sql FROM sqlite_master ORDER BY name",  # the same tables and indexes
    ):
        assert _rows(fast, sql) == _rows(slow, sql)
    assert len(_rows(fast, "SELECT id FROM events")) == 250
    assert len(_rows(fast, "SELECT id FROM documents")) == 3


def test_cached_store_is_built_once_and_rebuilt_when_its_key_changes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path, built = bench.cached_sqlite(120, tmp_path)
    assert built > 0 and path.exists()
    again, built_again = bench.cached_sqlite(120, tmp_path)
    assert again == path and built_again == 0.0
    (tmp_path / "api-events-120-building.db").write_bytes(b"half a file")  # an interrupted build is never reused
    monkeypatch.setattr(bench, "GENERATOR_VERSION", bench.GENERATOR_VERSION + 1)
    newer, rebuilt = bench.cached_sqlite(120, tmp_path)
    assert newer != path and rebuilt > 0
    assert sorted(p.name for p in tmp_path.iterdir()) == [newer.name]  # the old version is gone
    with Store(f"sqlite:///{newer}") as store:
        assert store.count_events() == 120


def test_latency_is_measured_through_the_api(tmp_path: Path) -> None:
    path, _ = bench.cached_sqlite(300, tmp_path)
    result = bench.measure(f"sqlite:///{path}", requests=5)
    assert result.events == 300 and result.requests == 5
    assert 0 < result.p50_ms <= result.p95_ms <= result.max_ms
