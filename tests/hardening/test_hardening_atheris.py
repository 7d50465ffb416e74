"""A bounded atheris (libFuzzer) run of atheris_harness.py; skipped when atheris is not installed."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

HARNESS = Path(__file__).resolve().parent / "atheris_harness.py"
RUNS = 3000


@pytest.mark.skipif(importlib.util.find_spec("atheris") is None, reason="atheris is not installed")
def test_atheris_bounded_run(tmp_path: Path) -> None:
    proc = subprocess.run(
        [sys.executable, str(HARNESS), f"-runs={RUNS}", "-max_total_time=60", "-seed=1", "-rss_limit_mb=2048"],
        cwd=tmp_path, capture_output=True, text=True, timeout=180, check=False,
    )
    crashes = sorted(p.name for p in tmp_path.glob("crash-*"))
    assert proc.returncode == 0 and not crashes, (crashes, proc.stderr[-4000:])
    assert "Done" in proc.stderr  # libFuzzer finished the runs
