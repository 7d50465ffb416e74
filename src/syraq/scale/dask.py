"""The same pipeline on a Dask cluster: a local one, or a scheduler at ``tcp://HOST:8786``.

Each Dask worker process builds the pipeline once (a worker plugin loads the spaCy model
and opens the gazetteer when the worker joins; :func:`syraq.scale.workers.worker_pipeline`
caches it for the process, the same loader the process pool uses). Documents travel in
tasks (:func:`~syraq.scale.workers.tasks`) that name only the function and the documents,
never the pipeline; at most ``4 * workers`` tasks are in flight, and results come back in
input order without their spaCy ``Doc``, each with its worker's resource use
(:class:`~syraq.scale.workers.RunStats`)::

    from syraq.scale.dask import run_dask

    for doc in run_dask(documents, "local"):          # a LocalCluster of 2 processes
        store.save_document(doc)

Remote workers must run the same syraq version and see a gazetteer index under their own
SYRAQ_HOME (``syraq gazetteer build`` once per machine). Start them with one thread each
(``dask worker tcp://HOST:8786 --nthreads 1 --nworkers N``): spaCy is run one document at
a time per process. ``dask`` and ``distributed`` are imported only when a run starts.
"""

from __future__ import annotations

import logging
from collections import deque
from collections.abc import Iterable, Iterator
from contextlib import ExitStack
from pathlib import Path
from typing import Any

from ..errors import ConfigError
from ..model import Document
from .workers import RunStats, _result_of, annotate_task, check_positive, prepare_gazetteer, tasks

#: name under which the preload plugin is registered on each worker
PLUGIN_NAME = "syraq-pipeline"

#: Dask settings for a LocalCluster started here: no statistical profiler sampling every
#: worker thread's stack each 10 ms, and glibc's default memory trimming instead of
#: Dask's eager 64 KiB threshold (spaCy allocates and frees many small blocks per document).
#: Both cost throughput on a busy worker and give nothing to a batch run.
LOCAL_CONFIG: dict[str, Any] = {
    "distributed.worker.profile.enabled": False,
    "distributed.nanny.pre-spawn-environ.MALLOC_TRIM_THRESHOLD_": None,
}


def _distributed() -> Any:
    try:
        import distributed
    except ImportError as exc:
        raise ConfigError("E1004", reason=str(exc)) from None
    return distributed


def _plugin(home: str | None) -> Any:
    """A worker plugin that builds the pipeline (model + gazetteer) when a worker starts."""
    distributed = _distributed()

    class SyraqPipelinePlugin(distributed.WorkerPlugin):  # type: ignore[misc, name-defined]
        name = PLUGIN_NAME

        def __init__(self, home: str | None) -> None:
            self.home = home

        def setup(self, worker: Any) -> None:
            from syraq.scale.workers import limit_threads, worker_pipeline

            limit_threads()
            worker_pipeline(self.home)

    return SyraqPipelinePlugin(home)


def open_client(address: str, *, n_workers: int = 2, stack: ExitStack | None = None) -> Any:
    """A Dask client for ``address``: ``"local"`` starts a LocalCluster on 127.0.0.1 (no dashboard).

    With ``stack``, the client (and the local cluster) are closed when the stack closes.
    """
    distributed = _distributed()
    stack = stack if stack is not None else ExitStack()
    if address == "local":
        import dask

        check_positive("n_workers", n_workers)
        with dask.config.set(LOCAL_CONFIG):
            cluster = distributed.LocalCluster(
                n_workers=n_workers,
                threads_per_worker=1,
                processes=True,
                host="127.0.0.1",
                dashboard_address=None,
                silence_logs=logging.ERROR,
            )
        stack.callback(cluster.close)
        client = distributed.Client(cluster)
    else:
        if not address.startswith(("tcp://", "tls://", "inproc://", "ucx://")):
            raise ConfigError("E1003", address=address, reason="not a scheduler address like tcp://HOST:8786")
        try:
            client = distributed.Client(address, timeout="15s")
        except (OSError, TimeoutError) as exc:
            raise ConfigError("E1003", address=address, reason=str(exc) or type(exc).__name__) from None
    stack.callback(client.close)
    return client


def run_dask(
    docs: Iterable[Document],
    address: str,
    *,
    batch_size: int = 8,
    n_workers: int = 2,
    home: Path | None = None,
    client: Any = None,
    stats: RunStats | None = None,
) -> Iterator[Document]:
    """Annotate ``docs`` on a Dask cluster; yield them in input order, with ``doc.nlp`` None.

    ``address`` is ``"local"`` (a LocalCluster of ``n_workers`` processes, one thread each,
    bound to 127.0.0.1, dashboard off) or a scheduler address such as ``"tcp://HOST:8786"``.
    An open ``client`` may be passed instead (``address`` is then only used in messages).
    ``home`` is the syraq data folder the workers open (default: their SYRAQ_HOME).
    ``stats``, if given, gets the start-up time (cluster and model loading) and every
    worker's :class:`~syraq.scale.workers.WorkerStats`.
    """
    import time

    check_positive("batch_size", batch_size)
    t0 = time.perf_counter()
    stats = stats if stats is not None else RunStats()
    stats.start_method = "dask"
    home_arg = str(home) if home is not None else None
    with ExitStack() as stack:
        if client is None:
            if address == "local":
                prepare_gazetteer(home)
            client = open_client(address, n_workers=n_workers, stack=stack)
        client.register_plugin(_plugin(home_arg), name=PLUGIN_NAME)  # returns once every worker loaded it
        stats.startup_seconds = time.perf_counter() - t0
        n_threads = max(1, sum(client.nthreads().values()))
        pending: deque[Any] = deque()

        def collect(future: Any) -> list[Document]:
            out, usage = _result_of(future.result)
            stats.record(usage)
            if stats.first_result_seconds is None:
                stats.first_result_seconds = time.perf_counter() - t0
            return out

        try:
            for batch in tasks(docs, batch_size):
                pending.append(client.submit(annotate_task, batch, home_arg, pure=False))
                if len(pending) >= 4 * n_threads:
                    yield from collect(pending.popleft())
            while pending:
                yield from collect(pending.popleft())
        finally:
            if pending:
                client.cancel(list(pending))
