"""An embedded, persistent newskg store on Oxigraph (RocksDB on disk).

Layout: each article's triples live in a named graph named by the article's IRI (so an
article can be retracted, and TriG/N-Quads exports keep the attribution), and the default
graph holds the union of all of them (so queries and Turtle exports need no union at query
time).  Adding an article is one transaction: after a crash or Ctrl-C an article is either
fully in the store or not at all.  Articles are identified by their content hash, so adding
the same article again changes nothing.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import tempfile
import time
from collections import Counter
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path
from typing import IO

import pyoxigraph as ox
from rdflib import Graph

from kg.errors import StoreError
from kg.vocab import KGO, KGR, PROV, RDF

_ARTICLE_PREFIX = f"{KGR}article/"
#: Seconds a writer waits for the store's lock (held briefly by kg serve's snapshots).
LOCK_WAIT_S = 5.0
_ARTICLE_ID = re.compile(r"[0-9a-f]{16}")  # blake2b, 8 bytes (kg.reader.page)
# A temporary store loads its articles in pieces of about this many bytes of N-Triples.
_SCRATCH_LOAD_BYTES = 16 << 20
#: Articles added by one build or load before the store is compacted (a big load leaves
#: many small files); a day's paper is fewer.
COMPACT_AFTER = 500
# Below this many triples the whole graph is handed to the visualisation.
_SMALL_GRAPH = 200_000
_KGO = str(KGO)


@lru_cache(maxsize=1)
def relation_predicates() -> tuple[str, ...]:
    """The IRIs of the ontology's object properties (``kgo:``): the relations between
    entities, and between articles and what they name."""
    from kg.resources import ontology_file

    onto = ox.Store()
    onto.load(ontology_file("newskg.ttl").read_bytes(), format=ox.RdfFormat.TURTLE)
    rows = onto.query("SELECT DISTINCT ?p WHERE { ?p a <http://www.w3.org/2002/07/owl#ObjectProperty> }")
    return tuple(sorted(v for v in (row["p"].value for row in rows) if v.startswith(_KGO)))  # type: ignore[index,union-attr]


def no_store(path: str | Path) -> StoreError:
    """The error for a directory that holds no newskg store."""
    return StoreError(f"{path}: no newskg store here (build one with kg build --store {path})")


def is_article_id(text: str) -> bool:
    """Whether ``text`` has the form of an article id (16 hexadecimal digits)."""
    return _ARTICLE_ID.fullmatch(text) is not None


def article_graph(article_id: str) -> ox.NamedNode:
    return ox.NamedNode(_ARTICLE_PREFIX + article_id)


def article_nquads(article_id: str, ntriples: bytes) -> bytes:
    """An article's N-Triples as N-Quads in the article's named graph.

    A line ends in ``" .\\n"`` and a literal never holds a raw line break, so the
    replacement is exact.
    """
    return ntriples.replace(b" .\n", f" <{article_graph(article_id).value}> .\n".encode())


def article_id_of(graph: object) -> str | None:
    """The article id of an article's named graph (the inverse of :func:`article_graph`);
    ``None`` for any other graph name."""
    if isinstance(graph, ox.NamedNode) and graph.value.startswith(_ARTICLE_PREFIX):
        return graph.value[len(_ARTICLE_PREFIX) :]
    return None


def _snapshot_dir(path: Path) -> tempfile.TemporaryDirectory[str] | None:
    """A temporary directory on the store's file system (hard links cannot cross one)."""
    try:
        device = path.stat().st_dev
    except OSError:
        return None
    for parent in (None, path.parent):
        try:
            if os.stat(parent or tempfile.gettempdir()).st_dev == device:
                return tempfile.TemporaryDirectory(prefix=".newskg-snapshot-", dir=parent)
        except OSError:
            continue
    return None


class KGStore:
    """A newskg store in a directory (or, with ``path=None``, a temporary one).

    A temporary store only serves one build's output: it keeps the union alone (no named
    graphs) and loads without transactions, which it does not need.
    """

    def __init__(self, path: str | Path | None = None, *, create: bool = True, read_only: bool = False) -> None:
        self._tmp: tempfile.TemporaryDirectory[str] | None = None
        self.scratch = path is None
        self.read_only = read_only
        self._seen: set[str] = set()  # a temporary store's articles (it has no named graphs to ask)
        self._pending: list[bytes] = []  # a temporary store's N-Triples not loaded yet
        self._pending_bytes = 0
        if path is None:
            self._tmp = tempfile.TemporaryDirectory(prefix="newskg-store-")
            path = self._tmp.name
        self.path = Path(path)
        if not self.path.exists():
            if not create or read_only:
                raise no_store(self.path)
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise StoreError(f"{self.path}: cannot create the store: {exc.strerror or exc}") from exc
        elif not self.path.is_dir():
            raise StoreError(f"{self.path}: not a directory")
        elif any(self.path.iterdir()) and not (self.path / "CURRENT").exists():
            raise StoreError(f"{self.path}: directory is not empty and holds no store; choose another --store directory")
        # kg serve takes the store's lock for a few milliseconds while it snapshots the
        # store: a writer that meets the lock waits a little before giving up.
        deadline = time.monotonic() + (0.0 if read_only else LOCK_WAIT_S)
        while True:
            try:
                self._db = ox.Store.read_only(str(self.path)) if read_only else ox.Store(str(self.path))
                break
            except (OSError, RuntimeError) as exc:
                locked = "lock" in str(exc).lower()
                if locked and time.monotonic() < deadline:
                    time.sleep(0.05)
                    continue
                reason = "in use by another kg process" if locked else str(exc)
                raise StoreError(f"{self.path}: cannot open store: {reason}") from exc

    @property
    def db(self) -> ox.Store:
        """The Oxigraph store (a temporary store's pending articles loaded first)."""
        self.load_pending()
        return self._db

    def load_pending(self) -> None:
        """Load what a temporary store still buffers (its reads do so first anyway)."""
        if not self._pending:
            return
        payload = b"".join(self._pending)
        self._pending, self._pending_bytes = [], 0
        # Nothing to keep consistent: the store is thrown away after the build.
        self._db.bulk_load(payload, format=ox.RdfFormat.N_TRIPLES)

    @classmethod
    def snapshot(cls, path: str | Path, attempts: int = 5) -> KGStore:
        """The store at ``path`` as it is now, read-only, unaffected by a build writing it.

        RocksDB lets a read-only instance open while another process writes, but the
        writer's compactions delete table files that the reader has not opened yet
        (``FileNotFoundError … .sst``, or "Corruption" once it has half-read them).  A
        checkpoint taken from the read-only instance (pyoxigraph's ``backup``: hard links
        to the table files and a copy of the log, milliseconds) is a consistent copy that
        nobody deletes from.  Taking it can race with a compaction, so it is retried.  When
        no directory on the store's disk can take the links, the store is read directly.
        """
        path = Path(path)
        holder = _snapshot_dir(path)
        if holder is None:
            return cls(path, create=False, read_only=True)
        last: Exception | None = None
        for attempt in range(attempts):
            target = Path(holder.name) / f"snapshot-{attempt}"
            try:
                source = ox.Store.read_only(str(path))
                source.backup(str(target))
                del source
                view = cls(target, create=False, read_only=True)
            except (OSError, RuntimeError, StoreError) as exc:  # a file compacted away meanwhile: again
                last = exc
                shutil.rmtree(target, ignore_errors=True)
                if not (path / "CURRENT").exists():
                    break
                time.sleep(0.1 * (attempt + 1))
                continue
            view.path = path
            view._tmp = holder
            return view
        holder.cleanup()
        if not (path / "CURRENT").exists():
            raise no_store(path)
        raise StoreError(f"{path}: cannot read the store while another process changes it ({last}); try again") from last

    # -- articles -----------------------------------------------------------------------

    def has_article(self, article_id: str) -> bool:
        if self.scratch:
            return article_id in self._seen
        return self.db.contains_named_graph(article_graph(article_id))

    def articles(self) -> Iterator[str]:
        """Ids of the stored articles, sorted."""
        return iter(sorted(filter(None, map(article_id_of, self.db.named_graphs()))))

    def add_articles(self, items: list[tuple[str, bytes]]) -> list[str]:
        """Add several articles in one transaction (all or none); returns the ids that were new.

        An article already stored, or given twice, is added once.
        """
        chunks: list[bytes] = []
        added: list[str] = []
        for article_id, ntriples in items:
            if article_id in added or self.has_article(article_id):
                continue
            chunks.append(ntriples)  # N-Triples lines are N-Quads lines of the default graph
            if not self.scratch:
                chunks.append(article_nquads(article_id, ntriples))  # the same lines in the article's graph
            added.append(article_id)
        if chunks and self.scratch:
            # Loaded in large pieces: each bulk load writes table files of its own, so one
            # per batch of records costs twice the CPU (measured) and leaves many small files.
            self._pending.extend(chunks)
            self._pending_bytes += sum(map(len, chunks))
            if self._pending_bytes >= _SCRATCH_LOAD_BYTES:
                self.load_pending()
        elif chunks:
            self.db.load(b"".join(chunks), format=ox.RdfFormat.N_QUADS)  # one transaction
        if self.scratch:
            self._seen.update(added)
        return added

    def remove_article(self, article_id: str) -> bool:
        """Retract an article, and every triple of the union that only it supported.

        ``False`` for an article that is not stored, or an id that is none (article ids are
        16 hexadecimal digits): an id is never spliced into the update unchecked."""
        if not is_article_id(article_id):
            return False
        graph = article_graph(article_id)
        if not self.db.contains_named_graph(graph):
            return False
        iri = graph.value
        self.db.update(
            f"""
            DELETE {{ ?s ?p ?o }}
            WHERE {{
              GRAPH <{iri}> {{ ?s ?p ?o }}
              FILTER NOT EXISTS {{ GRAPH ?other {{ ?s ?p ?o }} FILTER (?other != <{iri}>) }}
            }} ;
            DROP GRAPH <{iri}>
            """
        )
        return True

    # -- reading ------------------------------------------------------------------------

    def __len__(self) -> int:
        answer = self.db.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
        return int(next(iter(answer))["n"].value)  # type: ignore[index]

    def triples(self) -> Iterator[ox.Quad]:
        return iter(self.db.quads_for_pattern(None, None, None, ox.DefaultGraph()))

    def dump(self, output: IO[bytes] | None, fmt: ox.RdfFormat, named_graphs: bool, prefixes: dict[str, str] | None = None) -> bytes | None:
        """Serialize: the union (default graph) for triple formats, every article's named
        graph for quad formats.  Streams, in the store's (deterministic) key order."""
        kwargs = {"prefixes": prefixes} if prefixes and fmt in (ox.RdfFormat.TURTLE, ox.RdfFormat.TRIG) else {}
        if named_graphs:
            quads = (q for q in self.db.quads_for_pattern(None, None, None, None) if not isinstance(q.graph_name, ox.DefaultGraph))
            return ox.serialize(quads, output, format=fmt, **kwargs)
        return self.db.dump(output, format=fmt, from_graph=ox.DefaultGraph(), **kwargs)

    def page_triples(self, max_entities: int | None = None, size: int | None = None) -> Iterator[ox.Triple | ox.Quad]:
        """The union's triples; with ``max_entities``, only the best-connected entities of a
        large store: what a network page is drawn from.  See :meth:`best_connected`.
        ``size`` is the number of triples, when the caller has counted them already."""
        if max_entities is None or (len(self) if size is None else size) <= _SMALL_GRAPH:
            return iter(self.triples())
        return self.best_connected(max_entities)

    def best_connected(self, limit: int) -> Iterator[ox.Quad]:
        """The ``limit`` entities with the most relations (mentions by articles included; ties
        by IRI) — the hubs a reader looks for — with all their triples, the reified
        statements that join two of them with their articles' titles, and the articles that
        mention them, so that a page drawn from it shows how they connect.

        Read from the store's indexes, one predicate or one entity at a time: a SPARQL
        CONSTRUCT doing about the same (a scan of every triple, grouped and sorted) took
        25 s on a 10,000-article store.
        """
        db, default = self.db, ox.DefaultGraph()
        rdf_type, article_class = ox.NamedNode(str(RDF.type)), ox.NamedNode(str(KGO.Article))
        title, mentions = ox.NamedNode(str(KGO.title)), ox.NamedNode(str(KGO.mentions))
        subject_of, object_of = ox.NamedNode(str(RDF.subject)), ox.NamedNode(str(RDF.object))
        derived = ox.NamedNode(str(PROV.wasDerivedFrom))
        articles = {q.subject for q in db.quads_for_pattern(None, rdf_type, article_class, default)}
        degree: Counter[ox.NamedNode] = Counter()
        for predicate in relation_predicates():
            for q in db.quads_for_pattern(None, ox.NamedNode(predicate), None, default):
                if isinstance(q.subject, ox.NamedNode) and isinstance(q.object, ox.NamedNode):
                    degree[q.subject] += 1
                    degree[q.object] += 1
        ranked = sorted((e for e in degree if e not in articles), key=lambda e: (-degree[e], e.value))[:limit]
        shown = set(ranked)
        article_quads: dict[object, list[ox.Quad]] = {}  # type and title; empty without a title
        given: set[object] = set()

        def titled(a: object) -> bool:
            if a not in article_quads:
                titles = list(db.quads_for_pattern(a, title, None, default))  # type: ignore[arg-type]
                article_quads[a] = [ox.Quad(a, rdf_type, article_class, default), *titles] if titles else []  # type: ignore[arg-type]
            return bool(article_quads[a])

        def article(a: object) -> list[ox.Quad]:
            """An article's type and title, the first time it is asked for."""
            if a in given or not titled(a):
                return []
            given.add(a)
            return article_quads[a]

        # Each quad is read once: an entity's own, a statement's (it has one rdf:subject),
        # a mention's (one per article and entity); an article's type and title the first
        # time it is met.
        for entity in ranked:
            yield from db.quads_for_pattern(entity, None, None, default)
            for q in db.quads_for_pattern(None, subject_of, entity, default):
                statement = list(db.quads_for_pattern(q.subject, None, None, default))
                if not any(x.predicate == object_of and (x.object in shown or x.object in articles) for x in statement):
                    continue  # a relation to something not on the page: no edge to show it on
                sources = [x.object for x in statement if x.predicate == derived]
                if not any(titled(a) for a in sources):
                    continue  # evidence from no article with a title: nothing a page can show
                yield from statement
                for a in sources:
                    yield from article(a)
            for q in db.quads_for_pattern(None, mentions, entity, default):
                if titled(q.subject):
                    yield q
                    yield from article(q.subject)

    def to_graph(self) -> Graph:
        """The union as an rdflib graph."""
        from kg.rdfio import from_ox
        from kg.vocab import bind_prefixes

        graph = bind_prefixes(Graph())
        for t in self.triples():
            graph.add((from_ox(t.subject), from_ox(t.predicate), from_ox(t.object)))
        return graph

    def flush(self) -> None:
        if self.read_only:
            return  # nothing to write (and Oxigraph refuses to flush a read-only store)
        with contextlib.suppress(OSError):
            self.db.flush()

    def optimize(self) -> None:
        """Compact the store after a large load: queries then read fewer files (about 1.5×
        faster on a freshly built million-triple store, measured) and it takes less disk."""
        with contextlib.suppress(OSError):
            self.db.optimize()

    def close(self) -> None:
        if self.scratch:
            self._pending = []  # thrown away with the store: no need to load it
        else:
            self.flush()
        del self._db
        if self._tmp is not None:
            self._tmp.cleanup()
            self._tmp = None

    def __enter__(self) -> KGStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
