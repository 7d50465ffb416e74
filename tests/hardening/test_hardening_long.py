"""Very long documents through the full pipeline (nlp, geo, temporal, events, store) in bounded memory.

longdoc.py runs in a subprocess so that ru_maxrss is the peak of that run alone.
The default test parses a 120,000-character report (past MAX_CHUNK_CHARS, so the
chunked path runs). The 300-page test (1.5M characters, ~240,000 words) takes about 70 s on 2 cores
since geo and events look mentions up by offset (it did not finish before).

Memory bound, documented: the model and the embedded gazetteer take ~750 MB once
loaded; a document may add at most ~0.5 KB per character on top, and a 300-page report
must stay under 1.5 GB in all.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
PEAK_RSS_BOUND_MB = 1536


def run_long(chars: int, tmp_path: Path) -> dict:
    db = tmp_path / "long.db"
    proc = subprocess.run(
        [sys.executable, str(HERE / "longdoc.py"), str(chars), f"sqlite:///{db}"],
        capture_output=True, text=True, timeout=1800, check=False,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    return json.loads(proc.stdout.strip().splitlines()[-1])


def check(figures: dict, chars: int) -> None:
    assert figures["chars"] == chars
    assert figures["peak_rss_mb"] < PEAK_RSS_BOUND_MB, figures
    assert figures["peak_rss_mb"] - figures["warm_rss_mb"] < chars / 2048 + 100, figures  # ~0.5 KB per char
    # the document was really processed: sentences everywhere, events coded and stored
    assert figures["sentences"] > chars / 200
    assert figures["places"] > chars / 200
    assert figures["events"] > 100  # the generated reports repeat towns and days, so events merge: no per-char floor
    assert figures["saved_events"] == figures["events"]


@pytest.mark.slow
def test_long_report_is_processed_in_bounded_memory(tmp_path: Path) -> None:
    figures = run_long(120_000, tmp_path)
    check(figures, 120_000)


@pytest.mark.slow
def test_300_page_report_is_processed_in_bounded_memory(tmp_path: Path) -> None:
    figures = run_long(1_500_000, tmp_path)
    check(figures, 1_500_000)
    assert figures["seconds"] < 600, figures
