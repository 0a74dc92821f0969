"""Engine-neutral extraction: records in, N-Quads out, one named graph per article.

This is the unit of work every engine runs — the local process pool of ``kg build``, a
Dask cluster (``kg build --engine dask``), or Spark and Ray (see the README):

* :func:`records_to_nquads` takes records (:class:`kg.reader.Record`: a page, or one JSON
  Lines line with its file name and line number) and returns N-Quads, each article's
  triples in the named graph of the article's IRI — the layout of a newskg store.
  ``kg load --store DIR PARTS…`` loads such partitions into a store and rebuilds the union
  graph, which gives the same store as a local ``kg build --store`` of the same records
  (loaded in input order: an article met twice keeps its first reading, as in a build).
* :func:`process_records` is the same work with a result per record (its articles as
  N-Triples, or the problem that skipped it), which ``kg build`` uses to count and report.

Loading jieba, the lexicons and the NER model takes seconds, so it happens once per
process: :func:`init_worker` (called by a pool's initializer or a Dask worker plugin), or
lazily on first use.

>>> from kg.reader import Record
>>> record = Record("example.jsonl", "jsonl", '{"title": "示例", "text": "国家数据局发布《公共数据资源登记管理暂行办法》。"}', 1)
>>> nquads = records_to_nquads([record])
>>> b"<https://w3id.org/newskg/ontology#issued>" in nquads
True
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from itertools import islice
from dataclasses import dataclass
from typing import Any

import pyoxigraph as ox

from kg.errors import InputError, RecordError
from kg.extraction import Extractor, default_extractor
from kg.graph import article_ntriples
from kg.reader import ReadOptions, Record, articles_of
from kg.reader.repair import Repairer
from kg.store import article_nquads

log = logging.getLogger(__name__)

__all__ = ["RecordResult", "init_worker", "process_records", "records_to_nquads", "split_nquads", "to_nquads"]


@dataclass(frozen=True)
class RecordResult:
    """What extraction made of one record."""

    name: str
    line: int
    explicit: bool
    articles: tuple[tuple[str, bytes, int], ...] = ()  # (article id, N-Triples, characters)
    problem: str | None = None
    fatal: bool = False  # the problem spoils a file named by the caller
    position: int = 0  # bytes of the input done (Record.position), for progress


_state: tuple[Extractor, Repairer, ReadOptions] | None = None


def init_worker(options: ReadOptions | None = None) -> None:
    """Load the extractor (jieba, lexicons, NER model) for this process, once."""
    global _state
    options = options or ReadOptions()
    if _state is None:
        ex = default_extractor()
        _state = (ex, Repairer(ex.segmenter, ex.lexicon), options)
    elif _state[2] != options:
        _state = (_state[0], _state[1], options)


def process_records(batch: Iterable[Record], options: ReadOptions | None = None) -> list[RecordResult]:
    """Read and extract each record; one bad article never aborts the others."""
    if _state is None or (options is not None and options != _state[2]):
        init_worker(options)
    assert _state is not None
    ex, repairer, opts = _state
    out = []
    for record in batch:

        def result(**what: Any) -> RecordResult:
            return RecordResult(record.name, record.line, record.explicit, position=record.position, **what)  # noqa: B023 - called at once

        try:
            articles = articles_of(record, opts, repairer)
        except RecordError as exc:
            out.append(result(problem=str(exc)))
            continue
        except InputError as exc:
            out.append(result(problem=str(exc), fatal=record.explicit))
            continue
        except Exception as exc:  # noqa: BLE001 - a reader bug on one record never aborts a corpus build
            log.debug("reading failed", exc_info=True)
            where = f"{record.name}:{record.line}" if record.line else record.name
            out.append(result(problem=f"{where}: reading failed ({type(exc).__name__}: {exc}); record skipped"))
            continue
        done = []
        for article in articles:
            try:
                data = article_ntriples(ex.extract(article))
            except Exception as exc:  # noqa: BLE001 - one bad article never aborts a corpus build
                log.debug("extraction failed", exc_info=True)
                where = f"{record.name}:{article.line}" if article.line else record.name
                out.append(result(problem=f"{where}: extraction failed ({type(exc).__name__}: {exc}); article skipped"))
                continue
            done.append((article.id, data, len(article.text)))
        out.append(result(articles=tuple(done)))
    return out


def to_nquads(results: Iterable[RecordResult]) -> bytes:
    """The articles of ``results`` as N-Quads, in order; problems are logged."""
    chunks = []
    for result in results:
        if result.problem is not None:
            log.warning("%s (skipped)", result.problem)
        chunks.extend(article_nquads(aid, data) for aid, data, _ in result.articles)
    return b"".join(chunks)


def records_to_nquads(records: Iterable[Record], options: ReadOptions | None = None) -> bytes:
    """Records in, N-Quads out (one named graph per article): the function an engine maps
    over partitions of the input.  Safe to call in any process: the extractor is loaded
    on first use and kept for the next partition."""
    return to_nquads(process_records(list(records), options))


def split_nquads(data: bytes, source: str = "N-Quads partition") -> Iterator[tuple[str, bytes]]:
    """(article id, N-Triples) for each article graph of an N-Quads partition, in order of
    first appearance.  A quad outside an article graph is an error: a partition only ever
    holds articles."""
    from kg.errors import GraphParseError
    from kg.store import article_id_of

    groups: dict[str, list[ox.Triple]] = {}
    try:
        for q in ox.parse(data, format=ox.RdfFormat.N_QUADS):
            article_id = article_id_of(q.graph_name)
            if article_id is None:
                raise GraphParseError(source, f"a quad outside any article graph ({q.graph_name}); expected the output of records_to_nquads")
            groups.setdefault(article_id, []).append(ox.Triple(q.subject, q.predicate, q.object))
    except SyntaxError as exc:
        raise GraphParseError(source, f"not valid N-Quads: {exc}") from exc
    for article_id, triples in groups.items():
        yield article_id, ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES)


#: Articles per transaction when loading a partition.
_LOAD_CHUNK = 500


def load_nquads(store, data: bytes, source: str = "N-Quads partition") -> tuple[int, int]:  # type: ignore[no-untyped-def]
    """Add the articles of an N-Quads partition to a :class:`~kg.store.KGStore`: each
    article's named graph and its triples in the union (default) graph, a transaction per
    chunk of articles.  An article already stored is left as it is.  Returns (added, already there)."""
    added = seen = 0
    articles = split_nquads(data, source)
    for chunk in iter(lambda: list(islice(articles, _LOAD_CHUNK)), []):
        new = store.add_articles(chunk)
        added, seen = added + len(new), seen + len(chunk) - len(new)
    return added, seen
