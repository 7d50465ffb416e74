"""Parallel runs (process pool, Dask LocalCluster) give exactly the single-process documents."""

from __future__ import annotations

import copy
from datetime import date

import pytest

from syraq.errors import PipelineError
from syraq.model import Document
from syraq.scale import annotate
from syraq.scale.workers import run_parallel


def test_reference_codes_events(reference: list[dict]) -> None:
    # the comparison below is only worth something if the pipeline codes events on these reports
    assert sum(len(d["events"]) for d in reference) >= 5
    assert all(d["sentences"] for d in reference)


def test_process_pool_matches_single_process(reports: list[Document], reference: list[dict]) -> None:
    out = list(run_parallel(copy.deepcopy(reports), workers=2, batch_size=2))
    assert all(doc.nlp is None for doc in out)
    assert [d.id for d in out] == [d["id"] for d in reference]  # input order
    assert [d.to_dict() for d in out] == reference


def test_process_pool_keeps_order_with_single_document_batches(reports: list[Document], reference: list[dict]) -> None:
    many = copy.deepcopy(reports) * 3  # more batches than workers x in-flight limit
    out = list(run_parallel(many, workers=2, batch_size=1))
    assert [d.id for d in out] == [d["id"] for d in reference] * 3
    assert [e.id for d in out for e in d.events] == [e["id"] for d in reference * 3 for e in d["events"]]


def test_annotate_in_process_drops_spacy_doc(reports: list[Document], reference: list[dict]) -> None:
    out = list(annotate(copy.deepcopy(reports[:2])))
    assert [d.to_dict() for d in out] == reference[:2]
    assert all(d.nlp is None for d in out)


@pytest.mark.parametrize("workers", [0, -1, 1.5, True])
def test_invalid_worker_count_is_a_catalogued_error(workers: object) -> None:
    with pytest.raises(PipelineError) as err:
        list(annotate([], workers=workers))  # type: ignore[arg-type]
    assert err.value.code == "E1000"


def test_worker_failure_names_the_batch(reports: list[Document]) -> None:
    bad = Document(text="Clashes were reported in Idlib on Monday.", published=date(2018, 1, 1))
    bad.published = "not a date"  # type: ignore[assignment]  # what a broken upstream stage could hand on
    with pytest.raises(PipelineError) as err:
        list(run_parallel([copy.deepcopy(reports[0]), bad], workers=2, batch_size=1))
    assert err.value.code == "E1001"
    assert bad.id in err.value.message


def test_dask_local_cluster_matches_single_process(reports: list[Document], reference: list[dict]) -> None:
    pytest.importorskip("distributed")
    from syraq.scale.dask import run_dask
    from syraq.scale.workers import RunStats

    stats = RunStats()
    out = list(run_dask(copy.deepcopy(reports), "local", n_workers=2, batch_size=2, stats=stats))
    assert [d.to_dict() for d in out] == reference
    # each Dask worker reported its own memory and the documents it annotated
    assert stats.start_method == "dask" and sum(w.documents for w in stats.workers.values()) == len(reports)
    assert all(0 < w.peak_rss_mb < 1500 for w in stats.workers.values())
    events = [e for d in out for e in d.events]
    assert [e.to_dict() for e in events] == [e for d in reference for e in d["events"]]


def test_dask_bad_address_is_a_catalogued_error() -> None:
    pytest.importorskip("distributed")
    from syraq.errors import ConfigError
    from syraq.scale.dask import run_dask

    with pytest.raises(ConfigError) as err:
        list(run_dask([], "localhost:8786"))
    assert err.value.code == "E1003"
