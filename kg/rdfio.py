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

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

from kg.errors import GraphParseError, InputNotFound, unknown_name
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


@contextmanager
def atomic_write(path: str | Path, mode: str = "wb") -> Iterator[object]:
    """Write to a temporary file beside ``path`` and rename it into place when done.

    An error (or Ctrl-C) leaves ``path`` as it was: never a half-written output file.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, mode, **({} if "b" in mode else {"encoding": "utf-8"})) as fh:
            yield fh
        # mkstemp creates 0600; an output file gets the usual permissions (umask applied).
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise


def write_bytes(path: str | Path, data: bytes) -> None:
    with atomic_write(path, "wb") as fh:
        fh.write(data)  # type: ignore[attr-defined]


def _guess_format(path: Path) -> ox.RdfFormat:
    try:
        fmt = ox.RdfFormat.from_extension(path.suffix.lstrip(".") or "ttl")
    except Exception:  # noqa: BLE001 - unknown extension: newskg writes Turtle
        fmt = None
    return fmt or ox.RdfFormat.TURTLE


def load_store(path: str | Path, store: ox.Store | None = None) -> ox.Store:
    """Load an RDF file into an (in-memory by default) Oxigraph store."""
    path = Path(path)
    if not path.is_file():
        raise InputNotFound(path, "no such graph file")
    store = store if store is not None else ox.Store()
    try:
        store.bulk_load(path=str(path), format=_guess_format(path))
    except (SyntaxError, ValueError, OSError) as exc:
        raise GraphParseError(path, f"not a valid RDF graph: {exc}") from exc
    return store


def load_graph(path: str | Path) -> Graph:
    """Load an RDF file into an rdflib graph (parsed by Oxigraph, which is much faster)."""
    path = Path(path)
    if not path.is_file():
        raise InputNotFound(path, "no such graph file")
    graph = Graph()
    try:
        for quad in ox.parse(path=str(path), format=_guess_format(path)):
            graph.add((from_ox(quad.subject), from_ox(quad.predicate), from_ox(quad.object)))
    except (SyntaxError, ValueError, OSError) as exc:
        raise GraphParseError(path, f"not a valid RDF graph: {exc}") from exc
    from kg.vocab import bind_prefixes

    return bind_prefixes(graph)


def graph_to_store(graph: Graph) -> ox.Store:
    """An in-memory Oxigraph store holding the triples of an rdflib graph."""
    store = ox.Store()
    store.bulk_extend(ox.Quad(to_ox(s), to_ox(p), to_ox(o), ox.DefaultGraph()) for s, p, o in graph)  # type: ignore[arg-type]
    return store
