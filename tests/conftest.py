"""Test-wide set-up: tests never touch the user's data folder or database.

SYRAQ_HOME points at one temporary folder for the whole session, so the embedded
gazetteer index is compiled at most once per run (about 30 s) and shared by every
test that needs the real gazetteer; SYRAQ_DB is unset so each test names its own.
"""

from __future__ import annotations

import os
import shutil
import tempfile

import pytest

_HOME: str | None = None


def pytest_configure(config: pytest.Config) -> None:
    global _HOME
    _HOME = tempfile.mkdtemp(prefix="syraq-test-home-")
    os.environ["SYRAQ_HOME"] = _HOME
    os.environ.pop("SYRAQ_DB", None)


def pytest_unconfigure(config: pytest.Config) -> None:
    if _HOME:
        shutil.rmtree(_HOME, ignore_errors=True)
