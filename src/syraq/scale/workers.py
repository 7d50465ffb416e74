"""Parallel annotation on one machine: the default pipeline in N worker processes.

Each worker process loads the spaCy model and opens the gazetteer once, in the pool's
initializer, then annotates batches of documents. Annotated documents come back to the
parent without their spaCy ``Doc`` (``doc.nlp`` is None) and in input order, so a single
writer in the parent can store them through one :class:`~syraq.store.Store`::

    from syraq.scale.workers import run_parallel

    for doc in run_parallel(documents, workers=2):
        store.save_document(doc)

Work is sent in tasks of at most ``batch_size`` documents and about :data:`TASK_CHARS`
characters, so a batch of long articles does not keep one worker busy while the other
idles; at most ``4 * workers`` tasks are in flight, so a long input stream is read lazily
and memory stays bounded, while a slow task at the head of the queue does not starve the
other workers. Each worker runs its numeric libraries single-threaded
(:data:`THREAD_LIMITS`): N workers on N cores, not N x cores threads fighting for them.
Processes start with ``forkserver`` where the platform has it, else ``spawn``: never
``fork``, which would copy a parent's open database connections and threads into the workers.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import Any

from ..errors import PipelineError
from ..model import Document
from ..pipeline import Pipeline

#: the pipeline of this worker process, built once by :func:`init_worker`
_PIPELINE: Pipeline | None = None
_PIPELINE_LOCK = threading.Lock()

#: environment of a worker process: one thread per BLAS/OpenMP library, since the
#: parallelism is the processes themselves (values already set by the user are kept)
THREAD_LIMITS: dict[str, str] = {
    "OMP_NUM_THREADS": "1",
    "OPENBLAS_NUM_THREADS": "1",
    "MKL_NUM_THREADS": "1",
    "BLIS_NUM_THREADS": "1",
    "VECLIB_MAXIMUM_THREADS": "1",
    "NUMEXPR_NUM_THREADS": "1",
    "TOKENIZERS_PARALLELISM": "false",
}

#: a task is cut once its documents hold this many characters (or ``batch_size`` documents)
TASK_CHARS = 12_000


def limit_threads() -> None:
    """Make this (worker) process single-threaded in its numeric libraries.

    Sets :data:`THREAD_LIMITS` in the environment (read by BLAS/OpenMP when they load, so
    call it before spaCy is imported) and, if torch is already loaded, caps its pools too.
    """
    import sys

    for key, value in THREAD_LIMITS.items():
        os.environ.setdefault(key, value)
    torch = sys.modules.get("torch")
    if torch is not None:  # pragma: no cover - torch is not a dependency
        torch.set_num_threads(1)


def check_positive(name: str, value: int) -> int:
    """``value`` as a positive int, or E1000."""
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise PipelineError("E1000", name=name, value=value, reason="must be a whole number of at least 1")
    return value


def worker_pipeline(home: str | None = None) -> Pipeline:
    """The pipeline of this process, built on first use with spaCy and the gazetteer loaded now."""
    global _PIPELINE
    with _PIPELINE_LOCK:  # a Dask worker may run several threads
        if _PIPELINE is None:
            from ..build import default_pipeline
            from ..nlp.stage import NlpStage

            pipeline = default_pipeline(home=Path(home) if home else None)
            for stage in pipeline.stages:
                if isinstance(stage, NlpStage):
                    _ = stage.spacy  # load the model now, not on the first batch
            _PIPELINE = pipeline
        return _PIPELINE


def prepare_gazetteer(home: Path | None = None) -> None:
    """Build the gazetteer index here, once, if it is missing, so workers never race to build it."""
    from ..geo import load_gazetteer

    load_gazetteer(home)


def init_worker(home: str | None) -> None:
    """Pool initializer: single-threaded numerics, then the model and gazetteer, once per process."""
    limit_threads()
    worker_pipeline(home)


def tasks(docs: Iterable[Document], batch_size: int, max_chars: int = TASK_CHARS) -> Iterator[list[Document]]:
    """``docs`` in consecutive groups of at most ``batch_size`` documents and about ``max_chars`` characters.

    A group is closed as soon as it reaches either limit, so a single document longer than
    ``max_chars`` travels alone; the order of ``docs`` is kept.
    """
    group: list[Document] = []
    chars = 0
    for doc in docs:
        group.append(doc)
        chars += len(doc.text or "")
        if len(group) >= batch_size or chars >= max_chars:
            yield group
            group, chars = [], 0
    if group:
        yield group


def annotate_batch(batch: list[Document], home: str | None = None) -> list[Document]:
    """Run the pipeline over one batch in this process; drop the spaCy Docs before they are pickled back.

    A failure becomes E1001 naming the batch's first document; the original error's
    class and message travel as text, since catalogued errors are rebuilt from codes.
    """
    pipeline = worker_pipeline(home)
    try:
        out = list(pipeline.pipe(batch, batch_size=max(1, len(batch))))
    except Exception as exc:  # any worker failure must reach the parent as a catalogued error
        raise _WorkerFailure(batch[0].id if batch else "(none)", type(exc).__name__, str(exc)) from None
    for doc in out:
        doc.nlp = None
    return out


class _WorkerFailure(Exception):
    """Picklable carrier of a worker's failure (catalogued errors do not round-trip through pickle)."""

    def __init__(self, document_id: str, kind: str, reason: str) -> None:
        super().__init__(document_id, kind, reason)
        self.document_id = document_id
        self.kind = kind
        self.reason = reason

    def to_error(self) -> PipelineError:
        return PipelineError("E1001", document_id=self.document_id, kind=self.kind, reason=self.reason)


def _context() -> Any:
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")


def run_parallel(
    docs: Iterable[Document],
    workers: int,
    *,
    batch_size: int = 8,
    home: Path | None = None,
) -> Iterator[Document]:
    """Annotate ``docs`` with the default pipeline in ``workers`` processes; yield them in input order.

    The documents are the same as a single-process ``default_pipeline().pipe(docs)``
    would give, except that ``doc.nlp`` is None. ``home`` is the syraq data folder whose
    gazetteer the workers open (default: SYRAQ_HOME, which the workers inherit).
    """
    check_positive("workers", workers)
    check_positive("batch_size", batch_size)
    prepare_gazetteer(home)
    home_arg = str(home) if home is not None else None
    max_in_flight = 4 * workers
    pending: deque[Future[list[Document]]] = deque()
    executor = ProcessPoolExecutor(
        max_workers=workers, mp_context=_context(), initializer=init_worker, initargs=(home_arg,)
    )
    try:
        for batch in tasks(docs, batch_size):
            pending.append(executor.submit(annotate_batch, batch, home_arg))
            if len(pending) >= max_in_flight:
                yield from _result_of(pending.popleft().result)
        while pending:
            yield from _result_of(pending.popleft().result)
    finally:
        for fut in pending:
            fut.cancel()
        executor.shutdown(wait=True, cancel_futures=True)


def _result_of(get: Callable[[], list[Document]]) -> list[Document]:
    """A batch's result; a worker's failure becomes a catalogued error."""
    try:
        return get()
    except _WorkerFailure as exc:
        raise exc.to_error() from None
    except BrokenProcessPool as exc:
        raise PipelineError("E1002", reason=str(exc) or type(exc).__name__) from None


def cpu_count() -> int:
    """Cores this process may use (the affinity mask where the platform has one)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1
