"""Parallel annotation on one machine: the default pipeline in N worker processes.

Every worker process has the spaCy model and the gazetteer loaded once, then annotates
batches of documents. Annotated documents come back to the parent without their spaCy
``Doc`` (``doc.nlp`` is None) and in input order, so a single writer in the parent can
store them through one :class:`~syraq.store.Store`::

    from syraq.scale.workers import RunStats, run_parallel

    stats = RunStats()
    for doc in run_parallel(documents, workers=2, stats=stats):
        store.save_document(doc)
    print(stats.peak_rss_mb)            # the largest worker's own peak resident memory

:func:`run_parallel` starts a :class:`WorkerPool` for one stream and stops it after; a caller
that starts the pool itself (before reading input, before starting threads of its own, or
to reuse it for several streams) passes it to :func:`syraq.scale.annotate` as ``pool=``.

How workers start (:func:`start_method`):

* ``fork`` on Linux when the parent runs a single thread: the parent loads the model and
  the gazetteer once (as a one-process run would), freezes its objects out of the garbage
  collector's reach (:func:`gc.freeze`) and forks; the workers share that memory
  copy-on-write and start in milliseconds instead of each loading the model again. SQLite
  connections are never carried across the fork: each worker reopens the gazetteer's
  read-only connections, and never touches the parent's store.
* ``forkserver`` (else ``spawn``) elsewhere, and whenever the parent already runs other
  threads (a progress bar, a Dask client), since a fork would copy locks those threads may
  hold: each worker then loads the model and gazetteer in the pool's initializer.

Work is sent in tasks of at most ``batch_size`` documents and about :data:`TASK_CHARS`
characters, so a batch of long articles does not keep one worker busy while the other
idles; at most ``4 * workers`` tasks are in flight, so a long input stream is read lazily
and memory stays bounded. Each worker runs its numeric libraries single-threaded
(:data:`THREAD_LIMITS`): N workers on N cores, not N x cores threads fighting for them.
Every task also reports its worker's resource use (:class:`WorkerStats`: peak RSS from
``getrusage``, private and proportional memory from ``/proc/self/smaps_rollup``).
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import resource
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import asdict, dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from ..errors import PipelineError
from ..model import Document
from ..pipeline import Pipeline

#: the pipeline of this process per data folder, built once by :func:`worker_pipeline`
_PIPELINES: dict[str | None, Pipeline] = {}
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

#: start methods a caller may ask for; ``None`` lets :func:`start_method` choose
START_METHODS = ("fork", "forkserver", "spawn")

#: a short report the pipeline is warmed on when it is built, so that every lazily loaded
#: table (codebook, actor lists, lexicons) is in memory before workers fork from it
_WARM_TEXT = (
    "Government forces shelled the town of Saraqib in Idlib province on Monday, killing two "
    "civilians, and clashed with rebel fighters nearby, a local monitor said."
)


def limit_threads() -> None:
    """Make this (worker) process single-threaded in its numeric libraries.

    Sets :data:`THREAD_LIMITS` in the environment (read by BLAS/OpenMP when they load, so
    call it before spaCy is imported) and, if torch is already loaded, caps its pools too.
    """
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
    """The pipeline of this process for data folder ``home``: built and warmed on first use, then cached."""
    with _PIPELINE_LOCK:  # a Dask worker may run several threads
        pipeline = _PIPELINES.get(home)
        if pipeline is None:
            from ..build import default_pipeline
            from ..nlp.stage import NlpStage

            pipeline = default_pipeline(home=Path(home) if home else None)
            for stage in pipeline.stages:
                if isinstance(stage, NlpStage):
                    _ = stage.spacy  # load the model now, not on the first batch
            for doc in pipeline.pipe([Document(text=_WARM_TEXT, published=date(2018, 1, 15))]):
                doc.nlp = None
            _PIPELINES[home] = pipeline
        return pipeline


def prepare_gazetteer(home: Path | None = None) -> None:
    """Build the gazetteer index here, once, if it is missing, so workers never race to build it."""
    from ..geo import load_gazetteer

    load_gazetteer(home)


def init_worker(home: str | None) -> None:
    """Pool initializer: single-threaded numerics, then the model and gazetteer, once per process.

    In a forked worker the pipeline is already there; only the gazetteer's SQLite
    connections are reopened, since a connection must not be shared across a fork.
    """
    limit_threads()
    if home in _PIPELINES:
        _reopen_connections(_PIPELINES[home])
    worker_pipeline(home)


def _reopen_connections(pipeline: Pipeline) -> None:
    """Give every gazetteer of ``pipeline`` fresh read-only connections (after a fork)."""
    from ..geo.gazetteer import Gazetteer

    for stage in pipeline.stages:
        gazetteer = getattr(stage, "gazetteer", None)
        if isinstance(gazetteer, Gazetteer):
            gazetteer.__setstate__(gazetteer.__getstate__())  # its pickle form: reopens from the paths


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


@dataclass(slots=True)
class WorkerStats:
    """What one worker process did and the memory it held, as its tasks reported it.

    ``peak_rss_mb`` is the process's own peak resident set (``getrusage(RUSAGE_SELF)``);
    it counts pages shared copy-on-write with a forking parent as well. ``private_mb``
    (pages only this worker holds) and ``pss_mb`` (its proportional share of shared pages)
    are the largest values seen at the end of a task, from ``/proc/self/smaps_rollup``
    (None where the platform lacks it).
    """

    pid: int
    tasks: int = 0
    documents: int = 0
    busy_seconds: float = 0.0
    peak_rss_mb: float = 0.0
    private_mb: float | None = None
    pss_mb: float | None = None

    def add(self, usage: TaskUsage) -> None:
        self.tasks += 1
        self.documents += usage.documents
        self.busy_seconds += usage.seconds
        self.peak_rss_mb = max(self.peak_rss_mb, usage.peak_rss_mb)
        if usage.private_mb is not None:
            self.private_mb = max(self.private_mb or 0.0, usage.private_mb)
        if usage.pss_mb is not None:
            self.pss_mb = max(self.pss_mb or 0.0, usage.pss_mb)


@dataclass(frozen=True, slots=True)
class TaskUsage:
    """One task's report from its worker: who ran it, how long, and the worker's memory after it."""

    pid: int
    documents: int
    seconds: float
    peak_rss_mb: float
    private_mb: float | None
    pss_mb: float | None


@dataclass(slots=True)
class RunStats:
    """How a parallel run went; pass one to :func:`run_parallel` or :func:`~syraq.scale.dask.run_dask`."""

    start_method: str = ""
    #: seconds to start the pool (:attr:`WorkerPool.startup_seconds`), or for Dask to start
    #: the cluster and load the pipeline on every worker
    startup_seconds: float = 0.0
    #: seconds from the first document sent (after start-up) until the first batch came back
    first_result_seconds: float | None = None
    workers: dict[int, WorkerStats] = field(default_factory=dict)

    def record(self, usage: TaskUsage) -> None:
        self.workers.setdefault(usage.pid, WorkerStats(usage.pid)).add(usage)

    @property
    def peak_rss_mb(self) -> float | None:
        """The largest peak RSS of any worker, in MB (None before any task came back)."""
        return max((w.peak_rss_mb for w in self.workers.values()), default=None)

    def to_dict(self) -> dict[str, Any]:
        return {
            "start_method": self.start_method,
            "startup_seconds": round(self.startup_seconds, 3),
            "first_result_seconds": None if self.first_result_seconds is None else round(self.first_result_seconds, 3),
            "workers": [asdict(w) for w in sorted(self.workers.values(), key=lambda w: w.pid)],
        }


def _rss_mb(kib_or_bytes: int) -> float:
    # ru_maxrss is in KiB on Linux and in bytes on macOS
    return round(kib_or_bytes / (1024 * 1024 if sys.platform == "darwin" else 1024), 1)


def _smaps_rollup() -> tuple[float | None, float | None]:
    """(private MB, PSS MB) of this process from /proc/self/smaps_rollup, or (None, None)."""
    try:
        lines = Path("/proc/self/smaps_rollup").read_text(encoding="ascii").splitlines()
        fields = dict(line.split(":", 1) for line in lines if ":" in line and not line.startswith(" "))
    except OSError:
        return None, None
    try:
        kib = {key: int(value.split()[0]) for key, value in fields.items() if value.strip().endswith("kB")}
    except (ValueError, IndexError):  # pragma: no cover - an unexpected kernel format
        return None, None
    private = kib.get("Private_Clean", 0) + kib.get("Private_Dirty", 0)
    pss = kib.get("Pss")
    return round(private / 1024, 1), (None if pss is None else round(pss / 1024, 1))


def usage_now(documents: int, seconds: float) -> TaskUsage:
    """This process's :class:`TaskUsage` after a task of ``documents`` that took ``seconds``."""
    private, pss = _smaps_rollup()
    return TaskUsage(
        pid=os.getpid(),
        documents=documents,
        seconds=round(seconds, 4),
        peak_rss_mb=_rss_mb(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss),
        private_mb=private,
        pss_mb=pss,
    )


def annotate_task(batch: list[Document], home: str | None = None) -> tuple[list[Document], TaskUsage]:
    """:func:`annotate_batch`, plus the worker's resource use after the batch (what pools submit)."""
    t0 = time.perf_counter()
    out = annotate_batch(batch, home)
    return out, usage_now(len(out), time.perf_counter() - t0)


class _WorkerFailure(Exception):
    """Picklable carrier of a worker's failure (catalogued errors do not round-trip through pickle)."""

    def __init__(self, document_id: str, kind: str, reason: str) -> None:
        super().__init__(document_id, kind, reason)
        self.document_id = document_id
        self.kind = kind
        self.reason = reason

    def to_error(self) -> PipelineError:
        return PipelineError("E1001", document_id=self.document_id, kind=self.kind, reason=self.reason)


def start_method(preferred: str | None = None) -> str:
    """How worker processes start: ``preferred`` if given, else ``fork`` on Linux when this
    process runs one thread, else ``forkserver`` where the platform has it, else ``spawn``."""
    methods = multiprocessing.get_all_start_methods()
    if preferred is not None:
        if preferred not in START_METHODS or preferred not in methods:
            raise PipelineError(
                "E1000", name="start_method", value=preferred,
                reason=f"this platform offers {', '.join(m for m in START_METHODS if m in methods)}",
            )
        return preferred
    if sys.platform.startswith("linux") and "fork" in methods and threading.active_count() == 1:
        return "fork"
    return "forkserver" if "forkserver" in methods else "spawn"


def _context(preferred: str | None = None) -> Any:
    return multiprocessing.get_context(start_method(preferred))


class WorkerPool:
    """``workers`` processes with the default pipeline loaded, started now; annotate streams with it.

    Starting the pool before the input is read overlaps the workers' start-up with reading
    (and, for ``fork``, lets a caller start it before it starts threads of its own, such as
    a progress bar). A pool may annotate several streams, one after the other, paying
    start-up once::

        with WorkerPool(2) as pool:
            for doc in pool.annotate(documents):
                store.save_document(doc)

    ``method`` forces a start method (see :func:`start_method`); ``home`` is the syraq data
    folder whose gazetteer the workers open (default: SYRAQ_HOME, which they inherit).
    """

    def __init__(self, workers: int, *, home: Path | None = None, method: str | None = None) -> None:
        check_positive("workers", workers)
        t0 = time.perf_counter()
        self.workers = workers
        self.method = start_method(method)
        self._home = str(home) if home is not None else None
        if self.method == "fork":
            worker_pipeline(self._home)  # loaded here once; the workers share it copy-on-write
        else:
            prepare_gazetteer(home)
        self._executor = ProcessPoolExecutor(
            max_workers=workers,
            mp_context=multiprocessing.get_context(self.method),
            initializer=init_worker,
            initargs=(self._home,),
        )
        self._start()
        #: seconds the constructor took: for ``fork`` the model loading and the forks; for the
        #: other methods only the launch (the workers load the model in the background)
        self.startup_seconds = time.perf_counter() - t0

    def _start(self) -> None:
        """Start every process now. A forking pool forks all workers at its first task; the
        parent hides its objects from the garbage collector meanwhile (:func:`gc.freeze`), so
        collections in the workers do not write to, and so copy, the pages they share."""
        if self.method != "fork":
            for _ in range(self.workers):  # one process is launched per task while none is idle
                self._executor.submit(os.getpid)
            return
        gc.freeze()
        try:
            self._executor.submit(os.getpid)
        finally:
            gc.unfreeze()

    def annotate(
        self, docs: Iterable[Document], *, batch_size: int = 8, stats: RunStats | None = None
    ) -> Iterator[Document]:
        """Annotate ``docs`` in the pool; yield them in input order with ``doc.nlp`` None.

        At most ``4 * workers`` tasks are in flight. ``stats``, if given, gets every worker's
        :class:`WorkerStats` and the time to the first result.
        """
        check_positive("batch_size", batch_size)
        t0 = time.perf_counter()
        stats = stats if stats is not None else RunStats()
        stats.start_method = self.method
        pending: deque[Future[tuple[list[Document], TaskUsage]]] = deque()
        try:
            for batch in tasks(docs, batch_size):
                pending.append(_submit(self._executor, annotate_task, batch, self._home))
                if len(pending) >= 4 * self.workers:
                    yield from _collect(pending.popleft(), stats, t0)
            while pending:
                yield from _collect(pending.popleft(), stats, t0)
        finally:
            for fut in pending:
                fut.cancel()

    def close(self) -> None:
        """Stop the workers (waiting for running tasks; queued ones are cancelled)."""
        self._executor.shutdown(wait=True, cancel_futures=True)

    def __enter__(self) -> WorkerPool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _submit(executor: ProcessPoolExecutor, fn: Callable[..., Any], *args: Any) -> Future[Any]:
    try:
        return executor.submit(fn, *args)
    except BrokenProcessPool as exc:
        raise PipelineError("E1002", reason=str(exc) or type(exc).__name__) from None


def run_parallel(
    docs: Iterable[Document],
    workers: int,
    *,
    batch_size: int = 8,
    home: Path | None = None,
    method: str | None = None,
    stats: RunStats | None = None,
) -> Iterator[Document]:
    """Annotate ``docs`` with the default pipeline in ``workers`` processes; yield them in input order.

    The documents are the same as a single-process ``default_pipeline().pipe(docs)``
    would give, except that ``doc.nlp`` is None. A :class:`WorkerPool` is started for the
    call (its start-up goes into ``stats.startup_seconds``) and stopped at the end.
    """
    check_positive("workers", workers)
    check_positive("batch_size", batch_size)
    stats = stats if stats is not None else RunStats()
    with WorkerPool(workers, home=home, method=method) as pool:
        stats.startup_seconds = pool.startup_seconds
        yield from pool.annotate(docs, batch_size=batch_size, stats=stats)


def _collect(future: Future[tuple[list[Document], TaskUsage]], stats: RunStats, t0: float) -> list[Document]:
    out, usage = _result_of(future.result)
    stats.record(usage)
    if stats.first_result_seconds is None:
        stats.first_result_seconds = time.perf_counter() - t0
    return out


def _result_of(get: Callable[[], Any]) -> Any:
    """A task's result; a worker's failure becomes a catalogued error."""
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
