"""The whole pipeline: read → extract → graph, and the build summary.

:func:`build` returns an rdflib graph (the Python API); :func:`build_files` writes
``graph.ttl`` (and the HTML network) into an output directory, atomically.
"""

from __future__ import annotations

import logging
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph

from kg.errors import InputError
from kg.extract import Extractor, default_extractor
from kg.graph import article_triples, new_graph, to_graph
from kg.read import ReadOptions, read
from kg.records import Extraction

log = logging.getLogger(__name__)


@dataclass
class BuildStats:
    """What a build did: counts for the summary line."""

    articles: int = 0
    skipped: int = 0
    characters: int = 0
    triples: int = 0
    entities: Counter[str] = field(default_factory=Counter)
    relations: Counter[str] = field(default_factory=Counter)
    seconds: float = 0.0
    problems: list[str] = field(default_factory=list)
    outputs: list[Path] = field(default_factory=list)

    def add(self, ex: Extraction) -> None:
        self.articles += 1
        self.characters += len(ex.article.text)
        self.entities.update(e.type for e in ex.entities)
        self.relations.update(r.predicate for r in ex.relations)
        self.relations["holdsPosition"] += len(ex.posts)
        self.relations["affiliatedWith"] += sum(1 for p in ex.posts if p.organization)
        if ex.indicators:
            self.entities["Indicator"] += len(ex.indicators)


def extractions(
    paths: Iterable[str | Path] | str | Path,
    options: ReadOptions | None = None,
    *,
    extractor: Extractor | None = None,
    on_problem: Callable[[InputError], None] | None = None,
    stdin: bytes | None = None,
) -> Iterator[Extraction]:
    """Read and extract, one article at a time, in input order."""
    ex = extractor or default_extractor()
    for article in read(paths, options, segmenter=ex.segmenter, on_problem=on_problem, stdin=stdin):
        yield ex.extract(article)


def build(
    paths: Iterable[str | Path] | str | Path,
    options: ReadOptions | None = None,
    *,
    on_problem: Callable[[InputError], None] | None = None,
    stats: BuildStats | None = None,
) -> Graph:
    """Build the knowledge graph of the input as an rdflib graph.

    Entities merge across articles by canonical name; building again with one more
    article adds only what that article says.
    """
    graph = new_graph()
    for ex in extractions(paths, options, on_problem=on_problem):
        if stats is not None:
            stats.add(ex)
        to_graph([ex], graph)
    return graph


def build_files(
    paths: Iterable[str | Path] | str | Path,
    out_dir: str | Path = "output",
    options: ReadOptions | None = None,
    *,
    html: bool = True,
    on_problem: Callable[[InputError], None] | None = None,
    stdin: bytes | None = None,
) -> BuildStats:
    """Build and write ``out_dir/graph.ttl`` (and ``graph.html``); returns the summary."""
    from kg.rdfio import serialize_triples, write_bytes

    started = time.perf_counter()
    stats = BuildStats()

    def problem(exc: InputError) -> None:
        stats.skipped += 1
        stats.problems.append(str(exc))
        (on_problem or (lambda e: log.warning("%s", e)))(exc)

    triples: set = set()  # type: ignore[type-arg]
    for ex in extractions(paths, options, on_problem=problem, stdin=stdin):
        stats.add(ex)
        triples.update(article_triples(ex))
    stats.triples = len(triples)
    out = Path(out_dir)
    ttl = out / "graph.ttl"
    write_bytes(ttl, serialize_triples(triples, "turtle"))
    stats.outputs.append(ttl)
    if html:
        from kg.viz import VizOptions, write_html

        graph = new_graph()  # the page is drawn from the triples just written
        for t in triples:
            graph.add(t)
        page = out / "graph.html"
        write_html(graph, page, VizOptions(max_nodes=VizOptions.BUILD_MAX_NODES))
        stats.outputs.append(page)
    stats.seconds = time.perf_counter() - started
    return stats
