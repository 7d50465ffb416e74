"""Several processes writing to one SQLite file: no "database is locked" reaches the caller."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from syraq.errors import StoreError
from syraq.model import Document
from syraq.store import Store

WRITER = """
import sys
from datetime import date
from syraq.model import Document, Event, Span
from syraq.store import Store

url, name, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
store = Store(url)
created = 0
for i in range(n):
    # documents of their own, and documents both writers save (the same ids)
    for text in (f"Writer {name} report {i}: fighters shelled the town of Sarmin on 2 May.",
                 f"Shared report {i}: clashes erupted near the village of Jisr al-Shughur."):
        doc = Document(text=text, source="test", published=date(2018, 5, 3))
        sent = Span(0, len(text), "sentence")
        doc.sentences = [sent]
        trig = Span(text.index(": ") + 2, text.index(": ") + 12, "trigger")
        doc.events = [Event(id=Event.make_id(doc.id, sent, trig, "Armed clash"), document_id=doc.id,
                            event_type="Battles", sub_event_type="Armed clash", evidence=[sent, trig],
                            rule="test", date_start=date(2018, 5, 2), date_end=date(2018, 5, 2))]
        created += store.save_document(doc).created
store.close()
print(created)
"""


def test_two_processes_write_one_file(tmp_path: Path) -> None:
    db = tmp_path / "shared.db"
    url = f"sqlite:///{db}"
    script = tmp_path / "writer.py"
    script.write_text(WRITER)
    n = 40
    procs = [
        subprocess.Popen(
            [sys.executable, str(script), url, name, str(n)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for name in ("a", "b", "c")
    ]
    outputs = [p.communicate(timeout=240) for p in procs]
    for p, (_out, err) in zip(procs, outputs, strict=True):
        assert p.returncode == 0, err
        assert "locked" not in err
    created = sum(int(out.strip()) for out, _ in outputs)
    with Store(url) as store:
        stats = store.stats()
    # each writer's own documents, plus each shared document exactly once
    assert stats["documents"] == 3 * n + n == created
    assert stats["events"] == 4 * n


def test_busy_database_gives_e204(db_path: Path, doc: Document) -> None:
    Store(f"sqlite:///{db_path}").close()
    holder = sqlite3.connect(db_path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # another writer holds the write lock
    try:
        store = Store(f"sqlite:///{db_path}", busy_seconds=0.3)
        started = time.monotonic()
        with pytest.raises(StoreError) as err:
            store.save_document(doc)
        assert err.value.code == "E204"
        assert time.monotonic() - started < 5
        store.close()
    finally:
        holder.execute("ROLLBACK")
        holder.close()


def test_write_waits_for_a_short_lock(db_path: Path, doc: Document) -> None:
    Store(f"sqlite:///{db_path}").close()
    holder = sqlite3.connect(db_path, isolation_level=None, check_same_thread=False)
    holder.execute("BEGIN IMMEDIATE")
    release = threading.Timer(0.5, lambda: holder.execute("COMMIT"))
    release.start()
    try:
        with Store(f"sqlite:///{db_path}", busy_seconds=10) as store:
            assert store.save_document(doc).created
            assert store.count_events() == 3
    finally:
        release.join()
        holder.close()
