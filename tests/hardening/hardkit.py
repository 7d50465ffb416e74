"""Fixture corpora for the hardening tests: short reports written for these tests, in the style of real ones.

Reports are generated from templates (an actor, an action, a town, a weekday, a toll),
so each one is different text (a different content hash) and describes events the
pipeline codes; nothing is copied from real reports or evaluation data.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

TOWNS = [
    ("Saraqib", "Idlib"), ("Maarat al-Numan", "Idlib"), ("Khan Shaykhun", "Idlib"), ("Douma", "Rif Dimashq"),
    ("Harasta", "Rif Dimashq"), ("Tadmur", "Homs"), ("Al Qaryatayn", "Homs"), ("Rastan", "Homs"),
    ("Manbij", "Aleppo"), ("Al Bab", "Aleppo"), ("Afrin", "Aleppo"), ("Mayadin", "Deir ez-Zor"),
    ("Al Bukamal", "Deir ez-Zor"), ("Hajin", "Deir ez-Zor"), ("Tabqa", "Raqqa"), ("Daraa", "Daraa"),
]
ACTIONS = [
    "Syrian government forces shelled the town of {town} in {province} province on {day}, killing {n} civilians, "
    "according to a local monitor.",
    "Islamic State fighters attacked army positions near {town} in {province} on {day}, and clashes continued "
    "for several hours; {n} soldiers were killed, a military source said.",
    "Russian warplanes carried out airstrikes on {town} in {province} province on {day}, killing {n} people "
    "including two children, rescue workers said.",
    "Rebel factions recaptured the village of {town} in {province} from government forces on {day} after heavy "
    "fighting that left {n} fighters dead, activists reported.",
]
CONTEXT = [
    "Residents said many families fled towards the north as the bombardment continued.",
    "The Syrian Observatory for Human Rights said the toll was likely to rise.",
    "Local councils appealed for medical supplies after the only hospital was damaged.",
    "A spokesman for the opposition said negotiations over a local truce had stalled.",
]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


def report(i: int, paragraphs: int = 3) -> str:
    """The i-th generated report (different text for every i)."""
    lines = []
    for p in range(paragraphs):
        town, province = TOWNS[(i * 3 + p * 5) % len(TOWNS)]
        lines.append(
            ACTIONS[(i + p) % len(ACTIONS)].format(
                town=town, province=province, day=DAYS[(i + p) % 7], n=2 + (i * 7 + p) % 23
            )
            + " "
            + CONTEXT[(i * 2 + p) % len(CONTEXT)]
        )
    lines.append(f"(Report number {i} of the hardening corpus.)")
    return "\n\n".join(lines) + "\n"


def write_corpus(folder: Path, count: int, start: int = 0, published: str = "2018-03-12") -> list[Path]:
    """``count`` reports as .txt files in ``folder``, each with a dateline so it is dated."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(start, start + count):
        path = folder / f"report-{i:03d}.txt"
        path.write_text(f"{published}\n\n{report(i)}", encoding="utf-8")
        paths.append(path)
    return paths


def cli(*args: str, **kw: object) -> subprocess.Popen[str]:
    """``python -m syraq.cli.main ARGS`` in a subprocess (stderr piped: no progress bar)."""
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    return subprocess.Popen(
        [sys.executable, "-m", "syraq.cli.main", *args],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, **kw,  # type: ignore[call-overload]
    )


def db_counts(db: Path) -> dict[str, int]:
    """Row counts of the stored tables, read with the stdlib driver (0 before the schema exists)."""
    if not db.exists():
        return {"documents": 0, "spans": 0, "events": 0, "claims": 0, "reviews": 0}
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5)
    try:
        out = {}
        for table in ("documents", "spans", "events", "claims", "reviews"):
            try:
                out[table] = int(con.execute(f"SELECT count(*) FROM {table}").fetchone()[0])
            except sqlite3.OperationalError:  # schema not created yet, or the writer holds a lock
                out[table] = 0
        return out
    finally:
        con.close()


def per_document(db: Path) -> dict[str, tuple[int, int, int]]:
    """document id -> (spans, events, claims) stored for it."""
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5)
    try:
        rows = con.execute(
            "SELECT d.id,"
            " (SELECT count(*) FROM spans s WHERE s.document_id = d.id),"
            " (SELECT count(*) FROM events e WHERE e.document_id = d.id),"
            " (SELECT count(*) FROM claims c WHERE c.document_id = d.id)"
            " FROM documents d"
        ).fetchall()
        return {r[0]: (r[1], r[2], r[3]) for r in rows}
    finally:
        con.close()


def integrity(db: Path) -> str:
    con = sqlite3.connect(str(db), timeout=10)
    try:
        result = con.execute("PRAGMA integrity_check").fetchall()
        orphans = con.execute(
            "SELECT (SELECT count(*) FROM spans WHERE document_id NOT IN (SELECT id FROM documents))"
            " + (SELECT count(*) FROM events WHERE document_id NOT IN (SELECT id FROM documents))"
            " + (SELECT count(*) FROM claims WHERE document_id NOT IN (SELECT id FROM documents))"
        ).fetchone()[0]
        return "ok" if result == [("ok",)] and orphans == 0 else f"{result} orphans={orphans}"
    finally:
        con.close()
