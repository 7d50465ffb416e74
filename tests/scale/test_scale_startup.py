"""How pool workers start (fork from a loaded parent, or forkserver/spawn), and what they report back."""

from __future__ import annotations

import copy
import multiprocessing
import os
import sys
import threading

import pytest

from syraq.errors import PipelineError
from syraq.model import Document
from syraq.scale import annotate, workers
from syraq.scale.workers import RunStats, run_parallel, start_method

AVAILABLE = [m for m in ("fork", "forkserver") if m in multiprocessing.get_all_start_methods()]


@pytest.mark.parametrize("method", AVAILABLE)
def test_every_start_method_gives_the_single_process_documents(
    method: str, reports: list[Document], reference: list[dict]
) -> None:
    stats = RunStats()
    out = list(run_parallel(copy.deepcopy(reports), workers=2, batch_size=1, method=method, stats=stats))
    assert [d.to_dict() for d in out] == reference
    assert stats.start_method == method
    # every task reported its worker: documents add up, the workers are other processes
    assert sum(w.documents for w in stats.workers.values()) == len(reports)
    assert sum(w.tasks for w in stats.workers.values()) == len(reports)
    assert 1 <= len(stats.workers) <= 2 and os.getpid() not in stats.workers
    assert stats.first_result_seconds is not None and stats.first_result_seconds > 0
    assert stats.startup_seconds > 0


def test_workers_report_their_own_peak_memory(reports: list[Document]) -> None:
    stats = RunStats()
    list(annotate(copy.deepcopy(reports), workers=2, batch_size=2, stats=stats))
    assert stats.peak_rss_mb is not None
    for worker in stats.workers.values():
        # a loaded spaCy model and gazetteer take tens of MB at least; the target is under 1.5 GB
        assert 30 < worker.peak_rss_mb < 1500
        if sys.platform.startswith("linux"):
            assert worker.private_mb is not None and 0 < worker.private_mb <= worker.peak_rss_mb
            assert worker.pss_mb is not None and worker.private_mb <= worker.pss_mb <= worker.peak_rss_mb
    as_dict = stats.to_dict()
    assert {w["pid"] for w in as_dict["workers"]} == set(stats.workers)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="fork is chosen on Linux only")
def test_fork_only_from_a_single_threaded_parent(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(workers.threading, "active_count", lambda: 1)
    assert start_method() == "fork"
    monkeypatch.setattr(workers.threading, "active_count", lambda: 3)  # e.g. a progress bar's thread
    assert start_method() in ("forkserver", "spawn")


def test_a_running_thread_rules_out_fork() -> None:
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait, daemon=True)
    thread.start()
    try:
        assert start_method() != "fork"
    finally:
        stop.set()
        thread.join()


def test_an_explicit_start_method_wins_and_a_bad_one_is_catalogued() -> None:
    assert start_method("spawn") == "spawn"
    with pytest.raises(PipelineError) as err:
        start_method("threads")
    assert err.value.code == "E1000" and "start_method" in err.value.message


def test_a_forked_worker_reopens_the_gazetteer_connections() -> None:
    from syraq.geo.gazetteer import Gazetteer

    pipeline = workers.worker_pipeline(None)
    gazetteers = [s.gazetteer for s in pipeline.stages if isinstance(getattr(s, "gazetteer", None), Gazetteer)]
    assert gazetteers, "the default pipeline has a gazetteer stage"
    before = [layer.con for g in gazetteers for layer in g.layers]
    found = gazetteers[0].lookup("Aleppo")
    workers._reopen_connections(pipeline)
    after = [layer.con for g in gazetteers for layer in g.layers]
    assert all(a is not b for a, b in zip(after, before, strict=True))
    assert [c.place.id for c in gazetteers[0].lookup("Aleppo")] == [c.place.id for c in found]


def test_a_started_pool_serves_several_streams_with_the_same_workers(
    reports: list[Document], reference: list[dict]
) -> None:
    from syraq.scale.workers import WorkerPool

    first, second = RunStats(), RunStats()
    with WorkerPool(2) as pool:
        # a thread started after the pool (a progress bar, say) does not matter any more
        stop = threading.Event()
        thread = threading.Thread(target=stop.wait, daemon=True)
        thread.start()
        try:
            out1 = list(annotate(copy.deepcopy(reports), pool=pool, batch_size=1, stats=first))
            out2 = list(pool.annotate(copy.deepcopy(reports[:3]), batch_size=1, stats=second))
        finally:
            stop.set()
            thread.join()
    assert [d.to_dict() for d in out1] == reference
    assert [d.to_dict() for d in out2] == reference[:3]
    assert len(set(first.workers) | set(second.workers)) <= 2  # no new processes for the second stream
