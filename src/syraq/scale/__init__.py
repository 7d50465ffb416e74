"""Scale: the default pipeline over many documents, in worker processes or on a Dask cluster.

:func:`annotate` picks the runner, so a caller (the CLI's ``ingest``) needs one line::

    for doc in annotate(new_documents, workers=args.workers, dask=args.dask):
        store.save_document(doc)

Nothing heavy is imported here; :mod:`syraq.scale.dask` imports Dask only when a run starts.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import PipelineError
from ..model import Document

if TYPE_CHECKING:
    from .workers import RunStats, WorkerPool


def annotate(
    docs: Iterable[Document],
    *,
    workers: int = 1,
    dask: str | None = None,
    batch_size: int = 8,
    home: Path | None = None,
    on_error: Callable[[Document, PipelineError], None] | None = None,
    stats: RunStats | None = None,
    pool: WorkerPool | None = None,
) -> Iterator[Document]:
    """Annotate ``docs`` with the default pipeline; yield them in input order with ``doc.nlp`` None.

    ``dask`` (``"local"`` or ``"tcp://HOST:8786"``) runs on a Dask cluster (``workers`` is then
    the number of local Dask workers, at least 2 by default for ``"local"``); else ``workers``
    > 1 runs a process pool; else everything runs in this process. ``on_error`` (in this
    process) receives each document a stage failed on, which is then left out (see
    :meth:`syraq.pipeline.Pipeline.pipe`). ``stats`` (parallel runs only) receives the
    start-up time and each worker's peak memory (:class:`~syraq.scale.workers.RunStats`).
    ``pool``, a :class:`~syraq.scale.workers.WorkerPool` the caller started (and closes),
    is used instead of starting one (``workers`` is then ignored)::

        with WorkerPool(args.workers) as pool:      # before any thread, e.g. a progress bar
            for doc in annotate(docs, pool=pool):
                ...
    """
    from .workers import check_positive

    check_positive("workers", workers)
    if dask:
        from .dask import run_dask

        return run_dask(docs, dask, batch_size=batch_size, n_workers=max(workers, 2), home=home, stats=stats)
    if pool is not None:
        return pool.annotate(docs, batch_size=batch_size, stats=stats)
    if workers > 1:
        from .workers import run_parallel

        return run_parallel(docs, workers, batch_size=batch_size, home=home, stats=stats)
    return _in_process(docs, batch_size=batch_size, home=home, on_error=on_error)


def _in_process(
    docs: Iterable[Document],
    *,
    batch_size: int,
    home: Path | None,
    on_error: Callable[[Document, PipelineError], None] | None,
) -> Iterator[Document]:
    from ..build import default_pipeline

    for doc in default_pipeline(home=home).pipe(docs, batch_size=batch_size, on_error=on_error):
        doc.nlp = None
        yield doc


__all__ = ["annotate"]
