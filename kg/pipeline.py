"""The whole pipeline: read → extract → graph, for one page or a corpus.

* :func:`build` returns an rdflib graph (the Python API, small inputs).
* :func:`build_files` streams a corpus through a pool of worker processes into an
  Oxigraph store and writes ``graph.ttl`` (and the HTML network).  Records (a page, or
  one JSON Lines line) go out in batches, results come back in input order, so the output
  is the same whatever the number of workers.  Each article enters the store in one
  transaction; an article already stored (same content hash) is skipped, which makes
  re-running a build with new inputs incremental.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import sys
import time
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator
from typing import Any
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph

from kg.errors import InputError, ReportedProblem, UsageError, unknown_name
from kg.extraction import Extractor, default_extractor
from kg.graph import new_graph, to_graph
from kg.partition import RecordResult, init_worker, process_records
from kg.rdfio import OutputFiles, check_output_dir
from kg.reader import PIECE_CHARS, FileTally, ReadOptions, Record, no_articles, read, records
from kg.records import Extraction

log = logging.getLogger(__name__)

_BATCH_RECORDS = 16  # JSON Lines records per task sent to a worker
_IN_FLIGHT_PER_WORKER = 4  # tasks queued per worker: bounded memory, workers never idle
_PARALLEL_MIN_RECORDS = 64  # below this, starting worker processes costs more than it saves
_FLUSH_EVERY = 500  # articles: write the store's in-memory tables to disk, keeping memory bounded
_PROGRESS_EVERY = 0.2  # seconds between progress reports


#: Where the extraction runs: this machine's process pool, or a Dask cluster.
ENGINES = ("local", "dask")


@dataclass
class BuildStats:
    """What a build did: counts for the summary."""

    records: int = 0
    articles: int = 0  # articles read and extracted
    added: int = 0  # articles new to the store
    duplicates: int = 0  # articles already stored (or seen twice)
    skipped: int = 0  # records or files skipped because of a problem
    characters: int = 0
    triples: int = 0
    entities: Counter[str] = field(default_factory=Counter)
    relations: Counter[str] = field(default_factory=Counter)
    seconds: float = 0.0
    jobs: int = 1
    problems: list[str] = field(default_factory=list)
    outputs: list[Path] = field(default_factory=list)


@dataclass(frozen=True)
class Progress:
    """A progress report: records and bytes of input done (of ``total_bytes``, when known:
    not for standard input), articles, records skipped, elapsed seconds."""

    records: int
    articles: int
    skipped: int
    seconds: float
    done_bytes: int = 0
    total_bytes: int | None = None


# --- the API ---------------------------------------------------------------------------

def extractions(
    paths: Iterable[str | Path] | str | Path,
    options: ReadOptions | None = None,
    *,
    extractor: Extractor | None = None,
    on_problem: Callable[[InputError], None] | None = None,
    stdin: bytes | None = None,
) -> Iterator[Extraction]:
    """Read and extract, one article at a time, in input order (one process)."""
    ex = extractor or default_extractor()
    for article in read(paths, options, segmenter=ex.segmenter, on_problem=on_problem, stdin=stdin, lexicon=ex.lexicon):
        yield ex.extract(article)


def build(
    paths: Iterable[str | Path] | str | Path,
    options: ReadOptions | None = None,
    *,
    on_problem: Callable[[InputError], None] | None = None,
) -> Graph:
    """Build the knowledge graph of the input as an rdflib graph.

    Entities merge across articles by canonical name; building again with one more
    article adds only what that article says.
    """
    graph = new_graph()
    for ex in extractions(paths, options, on_problem=on_problem):
        to_graph([ex], graph)
    return graph


# --- workers ---------------------------------------------------------------------------

# The worker's unit of work is engine-neutral (kg/partition.py: init_worker,
# process_records), so a local pool and a Dask cluster run the same code and give the same store.


def _start_worker(parent: int, init: Callable[..., None], *args: object) -> None:
    """A pool worker's first step: die with the parent process, then ``init(*args)``.

    A worker otherwise outlives a parent killed with SIGKILL until it has worked off the
    tasks it holds (a big record can take minutes).  On Linux the kernel sends SIGKILL to
    the worker when the parent dies (``PR_SET_PDEATHSIG``); elsewhere a thread looks for a
    new parent process id twice a second.  SIGINT is ignored: Ctrl-C reaches the whole
    process group, and it is the parent's to handle (it ends the pool)."""
    import signal
    import threading

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if sys.platform.startswith("linux"):
        try:
            import ctypes

            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(1, signal.SIGKILL, 0, 0, 0)  # PR_SET_PDEATHSIG = 1
        except (OSError, AttributeError):  # pragma: no cover - no libc to call: the thread below does it
            pass

    def watch() -> None:
        while True:
            if os.getppid() != parent:  # the parent died (maybe before prctl above): so do we
                os._exit(1)
            time.sleep(0.5)

    threading.Thread(target=watch, name="kg-parent-watch", daemon=True).start()
    init(*args)


def _batches(recs: Iterable[Record]) -> Iterator[list[Record]]:
    batch: list[Record] = []
    for r in recs:
        batch.append(r)
        if r.kind == "page" or len(batch) >= _BATCH_RECORDS:
            yield batch
            batch = []
    if batch:
        yield batch


def _ordered_pool(func: Callable[[list[Any]], list[Any]], batches: Iterator[list[Any]], jobs: int, init: Callable[..., None], *initargs: object) -> Iterator[list[Any]]:
    """Results in input order, with a bounded number of batches in flight; every worker
    runs ``init(*initargs)`` first, and dies with this process."""
    ctx = multiprocessing.get_context("spawn")  # safe everywhere; workers load their own dictionaries
    with ctx.Pool(jobs, initializer=_start_worker, initargs=(os.getpid(), init, *initargs)) as pool:
        pending: deque = deque()  # type: ignore[type-arg]
        limit = jobs * _IN_FLIGHT_PER_WORKER
        for batch in batches:
            pending.append(pool.apply_async(func, (batch,)))
            if len(pending) >= limit:
                yield pending.popleft().get()
        while pending:
            yield pending.popleft().get()


def estimate_input(paths: Iterable[str | Path] | str | Path) -> tuple[int | None, int | None]:
    """How many records the input holds (JSON Lines lines are counted) and its bytes, for
    the choice of workers and for progress; ``(None, None)`` when standard input is one of them."""
    from kg.reader import iter_inputs

    records = size = 0
    for item in iter_inputs([paths] if isinstance(paths, (str, Path)) else paths):
        if item.path is None:
            return None, None
        size += item.size
        if item.path.suffix.lower() in (".jsonl", ".ndjson"):
            with item.path.open("rb") as fh:
                records += sum(chunk.count(b"\n") for chunk in iter(lambda: fh.read(1 << 20), b""))  # noqa: B023 - read at once
        else:
            records += 1 + item.size // (3 * PIECE_CHARS)  # a big page is read in pieces (UTF-8 Chinese: 3 bytes a character)
    return records, size


# --- corpus builds ---------------------------------------------------------------------

def build_files(
    paths: Iterable[str | Path] | str | Path,
    out_dir: str | Path | None = "output",
    options: ReadOptions | None = None,
    *,
    jobs: int | None = None,
    store: str | Path | None = None,
    html: bool = True,
    on_problem: Callable[[InputError], None] | None = None,
    progress: Callable[[Progress], None] | None = None,
    stdin: bytes | None = None,
    engine: str = "local",
    scheduler: str | None = None,
) -> BuildStats:
    """Build a corpus into a store and write ``out_dir/graph.ttl`` (and ``graph.html``).

    ``store``: a persistent store directory to add to (incremental); without it a
    temporary store is used.  ``out_dir=None`` writes no files (the store is the output).
    ``engine``: ``"local"`` (a process pool of ``jobs`` workers) or ``"dask"`` (the Dask
    cluster at ``scheduler``, or a LocalCluster of ``jobs`` workers); the output is the same.
    """
    from kg.store import COMPACT_AFTER, KGStore

    started = time.perf_counter()
    options = options or ReadOptions()
    stats = BuildStats()
    report = on_problem or (lambda exc: log.warning("%s", exc))
    if out_dir is not None:
        check_output_dir(out_dir)  # a read-only disk or a file in the way: say so before the work

    def problem(exc: InputError | str) -> None:
        stats.skipped += 1
        stats.problems.append(str(exc))
        report(exc if isinstance(exc, InputError) else ReportedProblem(exc))

    if engine not in ENGINES:
        raise unknown_name("engine", engine, ENGINES)
    if scheduler and engine != "dask":
        raise UsageError("a scheduler address only applies to --engine dask")
    total, total_bytes = estimate_input(paths)
    jobs = max(1, jobs if jobs is not None else (os.cpu_count() or 1))
    if total is not None and total < _PARALLEL_MIN_RECORDS:
        jobs = 1
    stats.jobs = jobs
    tally = FileTally()
    with KGStore(store) as kgs:
        batches = _batches(records(paths, stdin=stdin, on_problem=problem))
        if engine == "dask":
            from kg.dask_engine import ordered_results

            results: Iterator[list[RecordResult]] = ordered_results(batches, options, scheduler=scheduler, workers=jobs)
        elif jobs == 1:
            init_worker(options)
            results = (process_records(b) for b in batches)
        else:
            results = _ordered_pool(process_records, batches, jobs, init_worker, options)
        last_report = 0.0
        flushed = 0
        position = 0
        for done_batch in results:
            new: list[tuple[str, bytes]] = []
            for done in done_batch:
                stats.records += 1
                position = max(position, done.position)
                record = Record(done.name, "jsonl" if done.line else "page", "", done.line, done.explicit)
                if done.problem is not None:
                    if done.fatal:
                        raise ReportedProblem(done.problem)
                    tally.count(record, False)
                    problem(done.problem)
                    continue
                tally.count(record, True)
                for article_id, data, chars in done.articles:
                    stats.articles += 1
                    stats.characters += chars
                    new.append((article_id, data))
            # One transaction per batch: after an interruption every article is in or out whole.
            added = kgs.add_articles(new)
            stats.added += len(added)
            stats.duplicates += len(new) - len(added)
            if stats.added - flushed >= _FLUSH_EVERY:
                kgs.flush()
                flushed = stats.added
            now = time.perf_counter()
            if progress is not None and now - last_report >= _PROGRESS_EVERY:
                last_report = now
                progress(Progress(stats.records, stats.articles, stats.skipped, now - started, position, total_bytes))
        tally.check(problem)
        if stats.articles == 0:
            raise no_articles(", ".join(str(p) for p in ([paths] if isinstance(paths, (str, Path)) else paths)), stats.skipped)
        if progress is not None:
            progress(Progress(stats.records, stats.articles, stats.skipped, time.perf_counter() - started, total_bytes or position, total_bytes))
        if not kgs.scratch and stats.added >= COMPACT_AFTER:
            kgs.optimize()  # a big load leaves many small files
        if out_dir is not None:
            _write_outputs(kgs, Path(out_dir), html, stats, meanwhile=lambda: _summarise(kgs, stats))
        else:
            _summarise(kgs, stats)
    stats.seconds = time.perf_counter() - started
    return stats


def _summarise(kgs, stats: BuildStats) -> None:  # type: ignore[no-untyped-def]
    kgo = "https://w3id.org/newskg/ontology#"
    stats.triples = len(kgs)
    for row in kgs.db.query(f"SELECT ?t (COUNT(DISTINCT ?e) AS ?n) WHERE {{ ?e a ?t FILTER STRSTARTS(STR(?t), \"{kgo}\") }} GROUP BY ?t"):
        name = row["t"].value[len(kgo) :]
        if name not in ("Article", "Position"):
            stats.entities[name] = int(row["n"].value)
    # One predicate at a time, each read from the store's predicate index: a scan of every
    # triple with a filter on the predicate took 2.6 s of a 10,000-article build's end.
    from kg.store import relation_predicates

    # Not the links of articles and posts to what they name: the summary lists relations.
    links = {f"{kgo}{name}" for name in ("mentions", "source", "datelinePlace", "positionIn")}
    values = " ".join(f"<{p}>" for p in relation_predicates() if p not in links)
    for row in kgs.db.query(f"SELECT ?p (COUNT(*) AS ?n) WHERE {{ VALUES ?p {{ {values} }} ?s ?p ?o FILTER isIRI(?o) }} GROUP BY ?p"):
        stats.relations[row["p"].value[len(kgo) :]] = int(row["n"].value)


def _write_outputs(kgs, out: Path, html: bool, stats: BuildStats, meanwhile: Callable[[], None]) -> None:  # type: ignore[no-untyped-def]
    """``graph.ttl`` and ``graph.html``, renamed into place together once both are written;
    ``meanwhile`` (the build's summary counts) runs while ``graph.ttl`` is being written."""
    from kg.rdfio import _prefixes

    ttl = out / "graph.ttl"
    page = out / "graph.html"
    from concurrent.futures import ThreadPoolExecutor

    def write_turtle() -> None:
        with files.open(ttl) as fh:
            kgs.dump(fh, ox.RdfFormat.TURTLE, named_graphs=False, prefixes=_prefixes())

    kgs.load_pending()  # before two threads read the store
    with OutputFiles() as files, ThreadPoolExecutor(1, thread_name_prefix="kg-turtle") as pool:
        # Oxigraph's Turtle writer releases the GIL: the summary is counted and the page
        # drawn meanwhile (a 10,000-article build spends about 8 s writing graph.ttl, 1.3 s
        # counting and 6 s drawing).
        turtle = pool.submit(write_turtle)
        meanwhile()  # its queries read the store in this thread
        if html:
            from kg.viz import Triples, VizOptions, generate_html

            cap = VizOptions.BUILD_MAX_NODES
            text, summary = generate_html(Triples.from_ox(kgs.page_triples(max_entities=cap, size=stats.triples or None)), VizOptions(max_nodes=cap))
            with files.open(page, "w") as fh:
                fh.write(text)
            log.info("wrote %s: %s", page, summary)
        turtle.result()  # its error, if any, before the outputs are committed
    stats.outputs.extend([ttl, page] if html else [ttl])
