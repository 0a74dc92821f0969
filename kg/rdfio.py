"""RDF input/output: rdflib terms ↔ Oxigraph terms, deterministic serialization, loading.

rdflib is the in-memory graph of the Python API; Oxigraph (pyoxigraph) parses, serializes
and answers SPARQL far faster (1M triples: Turtle written in under a second instead of a
minute), so files go through Oxigraph.  Output is deterministic: triples are sorted before
they are written, and every file is written to a temporary name and renamed into place.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

from kg.errors import GraphParseError, InputNotFound, OutputError, unknown_name
from kg.vocab import PREFIXES

#: Export formats by name: (Oxigraph format, whether it carries named graphs).
FORMATS: dict[str, tuple[ox.RdfFormat, bool]] = {
    "turtle": (ox.RdfFormat.TURTLE, False),
    "ttl": (ox.RdfFormat.TURTLE, False),
    "nt": (ox.RdfFormat.N_TRIPLES, False),
    "ntriples": (ox.RdfFormat.N_TRIPLES, False),
    "nquads": (ox.RdfFormat.N_QUADS, True),
    "trig": (ox.RdfFormat.TRIG, True),
    "jsonld": (ox.RdfFormat.JSON_LD, True),
    "xml": (ox.RdfFormat.RDF_XML, False),
}


def rdf_format(name: str) -> tuple[ox.RdfFormat, bool]:
    try:
        return FORMATS[name.lower()]
    except KeyError:
        raise unknown_name("format", name, FORMATS) from None


def to_ox(term: Node) -> ox.NamedNode | ox.Literal | ox.BlankNode:
    """An rdflib term as an Oxigraph term."""
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype is not None:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    raise TypeError(f"not an RDF term: {term!r}")


def from_ox(term: object) -> Node:
    """An Oxigraph term as an rdflib term."""
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        dt = term.datatype.value
        if dt == "http://www.w3.org/2001/XMLSchema#string":
            return Literal(term.value)
        return Literal(term.value, datatype=URIRef(dt))
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    raise TypeError(f"not an RDF term: {term!r}")


def _prefixes(base: str | None = None) -> dict[str, str]:
    out = {p: str(ns) for p, ns in PREFIXES.items() if p not in ("rdf", "rdfs", "xsd", "owl", "org")}
    out.update({"rdf": str(PREFIXES["rdf"]), "rdfs": str(PREFIXES["rdfs"]), "xsd": str(PREFIXES["xsd"])})
    if base:
        out["kgr"] = base
    return out


def _sort_key(t: tuple[Node, ...]) -> tuple[str, ...]:
    return tuple(f"{type(x).__name__}\x00{x}\x00{getattr(x, 'language', '') or ''}\x00{getattr(x, 'datatype', '') or ''}" for x in t)


def serialize_triples(triples: Iterable[tuple[Node, Node, Node]], fmt: str = "turtle", base: str | None = None) -> bytes:
    """Serialize rdflib triples deterministically (sorted) in an Oxigraph format."""
    ox_format, _ = rdf_format(fmt)
    ordered = sorted(set(triples), key=_sort_key)
    quads = (ox.Triple(to_ox(s), to_ox(p), to_ox(o)) for s, p, o in ordered)  # type: ignore[arg-type]
    kwargs = {"prefixes": _prefixes(base)} if ox_format in (ox.RdfFormat.TURTLE, ox.RdfFormat.TRIG, ox.RdfFormat.N3, ox.RdfFormat.RDF_XML) else {}
    return ox.serialize(quads, format=ox_format, **kwargs)


def serialize_quads(groups: Iterable[tuple[Node | None, list[tuple[Node, Node, Node]]]], fmt: str, base: str | None = None) -> bytes:
    """Serialize named graphs ``(graph name, triples)``; ``None`` is the default graph."""
    ox_format, _ = rdf_format(fmt)
    quads: list[ox.Quad] = []
    for name, triples in groups:
        g = ox.DefaultGraph() if name is None else to_ox(name)
        quads.extend(ox.Quad(to_ox(s), to_ox(p), to_ox(o), g) for s, p, o in sorted(set(triples), key=_sort_key))  # type: ignore[arg-type]
    kwargs = {"prefixes": _prefixes(base)} if ox_format == ox.RdfFormat.TRIG else {}
    return ox.serialize(quads, format=ox_format, **kwargs)


def _reason(exc: OSError) -> str:
    return exc.strerror or str(exc)


def check_output_dir(path: str | Path) -> None:
    """Raise :class:`OutputError` unless files can be created in directory ``path`` (or in
    the directory that will hold it, when it does not exist yet).  Called before long work,
    so that a read-only disk or a file in the way is reported at once, not at the end."""
    path = Path(path)
    probe = path
    while not probe.exists() and probe.parent != probe:
        probe = probe.parent
    if not probe.is_dir():
        what = "is a file, not a directory" if probe.is_file() else "is not a directory"
        raise OutputError(probe, what + (" (an output directory is expected)" if probe == path else f" (cannot hold {path})"))
    try:
        fd, tmp = tempfile.mkstemp(prefix=".kg-probe-", dir=probe)
        os.close(fd)
        os.unlink(tmp)
    except OSError as exc:
        raise OutputError(path, f"cannot write here: {_reason(exc)}") from exc


def check_output_file(path: str | Path) -> None:
    """Raise :class:`OutputError` unless ``path`` can be written as a file."""
    path = Path(path)
    if path.is_dir():
        raise OutputError(path, "is a directory (an output file name is expected)")
    check_output_dir(path.parent)


class _Guarded:
    """A file whose write errors (a full disk, a file too large) are :class:`OutputError`s
    naming the output, told apart from errors of whatever produces the data."""

    def __init__(self, fh: IO[Any], path: Path) -> None:
        self._fh, self._path = fh, path

    def write(self, data: Any) -> int:
        try:
            return self._fh.write(data)
        except OSError as exc:
            raise OutputError(self._path, f"cannot write: {_reason(exc)}") from exc

    def flush(self) -> None:
        try:
            self._fh.flush()
        except OSError as exc:
            raise OutputError(self._path, f"cannot write: {_reason(exc)}") from exc


class OutputFiles:
    """Output files written to temporary names beside their targets and renamed into place
    together once every one of them is complete.

    An error (a full disk, Ctrl-C, bad input found late) leaves every previous output as it
    was: never ``graph.ttl`` of one build beside ``graph.html`` of another, never a
    half-written file.

    >>> import tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> with OutputFiles() as out:
    ...     with out.open(d / "a.txt", "w") as fh:
    ...         _ = fh.write("甲")
    >>> (d / "a.txt").read_text(encoding="utf-8")
    '甲'
    """

    def __init__(self) -> None:
        self._pending: list[tuple[str, Path]] = []

    @contextmanager
    def open(self, path: str | Path, mode: str = "wb") -> Iterator[Any]:
        path = Path(path)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        except OSError as exc:
            raise OutputError(path, f"cannot write here: {_reason(exc)}") from exc
        self._pending.append((tmp, path))
        fh = os.fdopen(fd, mode, **({} if "b" in mode else {"encoding": "utf-8"}))
        try:
            yield _Guarded(fh, path)
        finally:
            try:
                fh.close()  # a full disk may only show here, when the buffer is written
            except OSError as exc:
                raise OutputError(path, f"cannot write: {_reason(exc)}") from exc

    def commit(self) -> None:
        # mkstemp creates 0600; an output file gets the usual permissions (umask applied).
        umask = os.umask(0)
        os.umask(umask)
        for tmp, path in self._pending:
            try:
                os.chmod(tmp, 0o666 & ~umask)
                os.replace(tmp, path)
            except OSError as exc:
                raise OutputError(path, f"cannot write: {_reason(exc)}") from exc
        self._pending.clear()

    def discard(self) -> None:
        for tmp, _ in self._pending:
            try:
                os.unlink(tmp)
            except FileNotFoundError:
                pass
        self._pending.clear()

    def __enter__(self) -> OutputFiles:
        return self

    def __exit__(self, exc_type: object, *exc: object) -> None:
        try:
            if exc_type is None:
                self.commit()
        finally:
            self.discard()


@contextmanager
def atomic_write(path: str | Path, mode: str = "wb") -> Iterator[Any]:
    """Write to a temporary file beside ``path`` and rename it into place when done.

    An error (or Ctrl-C) leaves ``path`` as it was: never a half-written output file.
    """
    with OutputFiles() as out, out.open(path, mode) as fh:
        yield fh


def write_bytes(path: str | Path, data: bytes) -> None:
    with atomic_write(path, "wb") as fh:
        fh.write(data)  # type: ignore[attr-defined]


def _guess_format(path: Path) -> ox.RdfFormat:
    try:
        fmt = ox.RdfFormat.from_extension(path.suffix.lstrip(".") or "ttl")
    except Exception:  # noqa: BLE001 - unknown extension: newskg writes Turtle
        fmt = None
    return fmt or ox.RdfFormat.TURTLE


@contextmanager
def _rdf_file(path: str | Path) -> Iterator[Path]:
    """An RDF file to read: missing, or not valid RDF while it is read, is a one-line error naming it."""
    path = Path(path)
    if not path.is_file():
        raise InputNotFound(path, "no such graph file")
    try:
        yield path
    except (SyntaxError, ValueError, OSError) as exc:
        raise GraphParseError(path, f"not a valid RDF graph: {exc}") from exc


def load_store(path: str | Path, store: ox.Store | None = None) -> ox.Store:
    """Load an RDF file into an (in-memory by default) Oxigraph store."""
    store = store if store is not None else ox.Store()
    with _rdf_file(path) as file:
        store.bulk_load(path=str(file), format=_guess_format(file))
    return store


def parse_rdf(path: str | Path) -> Iterator[ox.Quad]:
    """The triples (as quads) of an RDF file, parsed by Oxigraph as they are read."""
    with _rdf_file(path) as file:
        yield from ox.parse(path=str(file), format=_guess_format(file))


def load_graph(path: str | Path) -> Graph:
    """Load an RDF file into an rdflib graph (parsed by Oxigraph, which is much faster)."""
    graph = Graph()
    for quad in parse_rdf(path):
        graph.add((from_ox(quad.subject), from_ox(quad.predicate), from_ox(quad.object)))
    from kg.vocab import bind_prefixes

    return bind_prefixes(graph)


def graph_to_store(graph: Graph) -> ox.Store:
    """An in-memory Oxigraph store holding the triples of an rdflib graph."""
    store = ox.Store()
    store.bulk_extend(ox.Quad(to_ox(s), to_ox(p), to_ox(o), ox.DefaultGraph()) for s, p, o in graph)  # type: ignore[arg-type]
    return store
