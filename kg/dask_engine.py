"""Extraction on a Dask cluster (``kg build --engine dask [--scheduler ADDRESS]``).

Dask schedules; newskg only says what to run.  Each batch of records is one task running
:func:`kg.partition.process_records` — the very function the local process pool runs — and
results come back in input order with a bounded number of tasks in flight, so the build
loop of :func:`kg.pipeline.build_files` loads them into the store exactly as it loads a
local pool's: the same store, whatever the engine.

A :class:`ExtractorPlugin` (a Dask worker plugin) loads jieba, the lexicons and the NER
model once per worker when the worker joins, not once per task.  Without a scheduler
address a :class:`distributed.LocalCluster` of worker processes (one thread each: the
extraction is pure Python and holds the GIL) runs on this machine.  Workers of a remote
cluster need newskg installed (``pip install 'newskg[dask]'``) at the same version.
"""

from __future__ import annotations

import logging
import warnings
from collections import deque
from collections.abc import Iterable, Iterator
from contextlib import contextmanager

from kg.errors import UsageError
from kg.partition import RecordResult, init_worker, process_records
from kg.reader import ReadOptions, Record

log = logging.getLogger(__name__)

#: How long to keep trying to reach a scheduler given by address.
CONNECT_TIMEOUT = "20s"
#: Tasks queued per worker: enough that no worker waits for the next batch, few enough that
#: the client holds a bounded number of records and results.
_IN_FLIGHT_PER_WORKER = 4


def _distributed():  # type: ignore[no-untyped-def]
    try:
        import distributed
    except ImportError as exc:
        raise UsageError("--engine dask needs Dask: pip install 'newskg[dask]'") from exc
    # Dask logs every worker and connection at INFO; newskg's own level decides (-v shows them).
    if not logging.getLogger().isEnabledFor(logging.DEBUG):
        for name in ("distributed", "dask"):
            logging.getLogger(name).setLevel(logging.WARNING)
    return distributed


try:  # imported only for --engine dask; without Dask the error comes from _distributed()
    from distributed.diagnostics.plugin import WorkerPlugin as _WorkerPlugin
except ImportError:  # pragma: no cover - the dask extra is not installed
    _WorkerPlugin = object  # type: ignore[assignment,misc]


class ExtractorPlugin(_WorkerPlugin):  # type: ignore[misc,valid-type]
    """Loads the extractor when a worker starts (and on every worker that joins later)."""

    name = "newskg-extractor"

    def __init__(self, options: ReadOptions) -> None:
        self.options = options

    def setup(self, worker) -> None:  # type: ignore[no-untyped-def]
        init_worker(self.options)


@contextmanager
def client(scheduler: str | None = None, workers: int | None = None) -> Iterator[object]:
    """A Dask client: of the cluster at ``scheduler``, or of a new LocalCluster of ``workers``
    processes bound to 127.0.0.1 (closed on exit)."""
    distributed = _distributed()
    if scheduler:
        try:
            c = distributed.Client(scheduler, timeout=CONNECT_TIMEOUT)
        except (OSError, TimeoutError) as exc:
            raise UsageError(f"--scheduler {scheduler}: cannot reach a Dask scheduler there ({exc})") from exc
        with c:
            yield c
        return
    with warnings.catch_warnings():
        # The scheduler's health/metrics HTTP server wants port 8787 and takes another
        # when that one is busy (another cluster); it says so in a warning meant for notebooks.
        warnings.filterwarnings("ignore", message="Port 8787 is already in use")
        cluster = distributed.LocalCluster(
            n_workers=max(1, workers or 1), threads_per_worker=1, processes=True,
            # Worker processes log on their own; at shutdown a heartbeat racing the
            # scheduler's close logs an ERROR that means nothing.  Task failures still reach
            # the client as exceptions.
            host="127.0.0.1", dashboard_address=None, silence_logs=logging.CRITICAL,
        )
    with cluster, distributed.Client(cluster) as c:
        yield c


def ordered_results(
    batches: Iterable[list[Record]], options: ReadOptions, *, scheduler: str | None = None, workers: int | None = None
) -> Iterator[list[RecordResult]]:
    """Run every batch on the cluster; yield the results in input order."""
    with client(scheduler, workers) as c:
        c.register_plugin(ExtractorPlugin(options))  # type: ignore[attr-defined]
        n = max(1, len(c.scheduler_info().get("workers", {})))  # type: ignore[attr-defined]
        pending: deque = deque()  # type: ignore[type-arg]
        for batch in batches:
            # pure=False: no hashing of the records to name the task; every batch is new work.
            pending.append(c.submit(process_records, batch, options, pure=False))  # type: ignore[attr-defined]
            if len(pending) >= n * _IN_FLIGHT_PER_WORKER:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()
