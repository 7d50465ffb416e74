"""How documents are cut into worker tasks, and the single-threaded numerics of a worker."""

from __future__ import annotations

import os
from datetime import date

import pytest

from syraq.model import Document
from syraq.scale import workers
from syraq.scale.workers import THREAD_LIMITS, limit_threads, tasks


def _doc(chars: int, i: int) -> Document:
    text = ("Clashes were reported near the town on Monday. " * (chars // 47 + 1))[:chars]
    return Document(text=text, published=date(2018, 1, 1), url=f"https://example.org/{i}")


def test_tasks_cut_at_batch_size_for_short_reports() -> None:
    docs = [_doc(200, i) for i in range(7)]
    groups = list(tasks(docs, 3))
    assert [len(g) for g in groups] == [3, 3, 1]
    assert [d.id for g in groups for d in g] == [d.id for d in docs]  # order kept, nothing lost


def test_tasks_cut_long_articles_early_so_workers_share_them() -> None:
    docs = [_doc(5000, i) for i in range(5)] + [_doc(300, 10 + i) for i in range(4)]
    groups = list(tasks(docs, 8, max_chars=12_000))
    # three long articles reach 12,000 characters: a task of 8 such would keep one worker busy alone
    assert [len(g) for g in groups] == [3, 6]
    assert [d.id for g in groups for d in g] == [d.id for d in docs]


def test_a_document_longer_than_the_cap_travels_alone() -> None:
    docs = [_doc(100, 0), _doc(50_000, 1), _doc(100, 2)]
    assert [len(g) for g in tasks(docs, 8, max_chars=1000)] == [2, 1]
    assert [len(g) for g in tasks([_doc(50_000, 1), _doc(100, 2)], 8, max_chars=1000)] == [1, 1]
    assert list(tasks([], 8)) == []


def test_limit_threads_sets_single_threaded_defaults_but_keeps_user_values(monkeypatch: pytest.MonkeyPatch) -> None:
    for key in THREAD_LIMITS:
        monkeypatch.delenv(key, raising=False)
    monkeypatch.setenv("MKL_NUM_THREADS", "3")  # an operator's explicit choice wins
    limit_threads()
    assert os.environ["OMP_NUM_THREADS"] == "1" and os.environ["OPENBLAS_NUM_THREADS"] == "1"
    assert os.environ["MKL_NUM_THREADS"] == "3"


def test_pool_workers_run_with_thread_limits(monkeypatch: pytest.MonkeyPatch) -> None:
    for key in THREAD_LIMITS:
        monkeypatch.delenv(key, raising=False)
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(1, mp_context=workers._context(), initializer=limit_threads) as pool:
        env = {key: pool.submit(os.getenv, key).result() for key in THREAD_LIMITS}
    assert env == THREAD_LIMITS
