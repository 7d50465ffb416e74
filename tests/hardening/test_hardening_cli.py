"""The ingest command under faults: SIGKILL mid-run, concurrent writers, non-English input.

Each test runs ``python -m syraq.cli.main ingest`` in subprocesses over reports written
by hardkit.py. The spaCy model loads in every subprocess (a few seconds), so corpora stay small.
"""

from __future__ import annotations

import os
import signal
import threading
import time
from pathlib import Path

import pytest
from hardkit import cli, db_counts, integrity, per_document, write_corpus

from syraq.store import Store

pytestmark = pytest.mark.slow  # loads the spaCy model in subprocesses


def finish(proc, timeout: float = 240) -> tuple[int, str, str]:
    out, err = proc.communicate(timeout=timeout)
    return proc.returncode, out, err


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, dict[str, tuple[int, int, int]]]:
    """30 reports and a reference database from one clean, uninterrupted run."""
    root = tmp_path_factory.mktemp("killcorpus")
    folder = root / "reports"
    write_corpus(folder, 30)
    reference = root / "reference.db"
    code, _out, err = finish(cli("ingest", str(folder), "--db", f"sqlite:///{reference}"))
    assert code == 0, err
    return folder, reference, per_document(reference)


def test_sigkill_mid_ingest_leaves_only_complete_documents(corpus, tmp_path: Path) -> None:
    folder, reference_db, reference = corpus
    assert len(reference) == 30 and sum(v[1] for v in reference.values()) > 30  # a real corpus with events
    db = tmp_path / "killed.db"
    proc = cli("ingest", str(folder), "--db", f"sqlite:///{db}")
    deadline = time.monotonic() + 180
    while db_counts(db)["documents"] == 0:
        assert proc.poll() is None, "the ingest ended before it could be killed"
        assert time.monotonic() < deadline
        time.sleep(0.01)
    os.kill(proc.pid, signal.SIGKILL)
    proc.communicate(timeout=30)
    assert proc.returncode == -signal.SIGKILL

    assert integrity(db) == "ok"
    stored = per_document(db)
    assert 0 < len(stored) < 30, f"{len(stored)} documents: the kill did not land mid-run"
    for doc_id, counts in stored.items():  # every stored document is whole: all its spans, events, claims
        assert counts == reference[doc_id], doc_id

    code, out, err = finish(cli("ingest", str(folder), "--db", f"sqlite:///{db}"))
    assert code == 0, err
    assert f"{30 - len(stored)} documents stored, {len(stored)} unchanged, 0 failed" in out
    assert per_document(db) == reference  # completed, nothing twice
    assert db_counts(db) == db_counts(reference_db)
    assert integrity(db) == "ok"


def test_two_ingests_and_api_reviews_share_one_sqlite_file(tmp_path: Path) -> None:
    from fastapi.testclient import TestClient

    from syraq.api import create_app

    db = tmp_path / "shared.db"
    url = f"sqlite:///{db}"
    seed, first, second = tmp_path / "seed", tmp_path / "a", tmp_path / "b"
    write_corpus(seed, 4, start=100)
    write_corpus(first, 10, start=200)
    write_corpus(second, 10, start=300)
    code, _out, err = finish(cli("ingest", str(seed), "--db", url))
    assert code == 0, err
    with Store(url) as store:
        token = store.create_token("Night Shift")
        event_ids = [ev.id for ev in store.events(limit=None)]
    assert len(event_ids) >= 4

    app = create_app(url, static_dir=False)
    posted: list[int] = []
    failures: list[str] = []
    stop = threading.Event()

    def reviewer() -> None:
        with TestClient(app, raise_server_exceptions=False) as client:
            i = 0
            while not stop.is_set() or i < 2 * len(event_ids):
                event_id = event_ids[i % len(event_ids)]
                r = client.post(
                    f"/api/events/{event_id}/review",
                    json={"action": "accept" if i % 2 else "reject", "comment": f"pass {i}"},
                    headers={"Authorization": f"Bearer {token}"},
                )
                if r.status_code == 201:
                    posted.append(len(r.json()["reviews"]))
                else:
                    failures.append(f"{r.status_code} {r.text}")
                r = client.get("/api/events?limit=50")
                if r.status_code != 200:
                    failures.append(f"{r.status_code} {r.text}")
                i += 1
                time.sleep(0.01)

    thread = threading.Thread(target=reviewer)
    thread.start()
    try:
        procs = [cli("ingest", str(first), "--db", url), cli("ingest", str(second), "--db", url)]
        results = [finish(p) for p in procs]
    finally:
        stop.set()
        thread.join(timeout=120)
    for code, _out, err in results:
        assert code == 0, err
        assert "locked" not in err.lower() and "E204" not in err
    assert not failures, failures[:3]
    counts = db_counts(db)
    assert counts["documents"] == 4 + 10 + 10
    assert counts["reviews"] == sum(posted) and sum(posted) >= 2 * len(event_ids)
    with Store(url) as store:  # nothing lost: every document is whole
        assert sum(len(store.reviews(e)) for e in event_ids) == counts["reviews"]
    assert integrity(db) == "ok"


NON_ENGLISH = {
    "arabic.txt": "قصفت قوات النظام السوري مدينة سراقب في ريف إدلب الشرقي يوم الثلاثاء، ما أسفر عن مقتل ثلاثة مدنيين "
    "وإصابة آخرين، بحسب ما أفاد ناشطون محليون. وقال الدفاع المدني إن فرقه عملت على انتشال الضحايا من تحت الأنقاض.",
    "french.txt": "Les forces gouvernementales syriennes ont bombardé mardi la ville de Saraqeb, dans la province "
    "d'Idleb, tuant trois civils selon des militants locaux. La défense civile a indiqué que ses équipes "
    "recherchaient encore des victimes sous les décombres.",
    "russian.txt": "Правительственные войска Сирии во вторник обстреляли город Саракиб в провинции Идлиб, в результате "
    "чего погибли три мирных жителя, сообщили местные активисты. Спасатели продолжают разбирать завалы.",
}


def test_non_english_reports_are_skipped_with_e117(tmp_path: Path) -> None:
    folder = tmp_path / "mixed"
    folder.mkdir()
    for name, text in NON_ENGLISH.items():
        (folder / name).write_text(text, encoding="utf-8")
    write_corpus(folder, 1, start=400)
    db = tmp_path / "lang.db"
    code, out, err = finish(cli("ingest", str(folder), "--db", f"sqlite:///{db}"))
    assert code == 3, (out, err)  # partial: some inputs failed
    e117 = [line for line in err.splitlines() if "E117" in line]
    assert len(e117) == 3, err
    for name, language in (("arabic.txt", "ar"), ("french.txt", "fr"), ("russian.txt", "ru")):
        (line,) = [line for line in e117 if name in line]
        assert line.startswith("error[E117]:") and f"'{language}'" in line, line
    assert "Traceback" not in err
    assert db_counts(db)["documents"] == 1  # only the English report

    only_foreign = tmp_path / "foreign"
    only_foreign.mkdir()
    (only_foreign / "french.txt").write_text(NON_ENGLISH["french.txt"], encoding="utf-8")
    code, out, err = finish(cli("ingest", str(only_foreign), "--db", f"sqlite:///{tmp_path / 'none.db'}"))
    assert code == 1, (out, err)  # nothing could be ingested at all: an error, not a partial run
    assert err.count("E117") == 1 and db_counts(tmp_path / "none.db")["documents"] == 0
