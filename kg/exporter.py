"""Export a graph in another RDF format.

Triple formats (Turtle, N-Triples, RDF/XML) write the merged graph; quad formats (TriG,
N-Quads, JSON-LD) put each article's statements in a named graph named by the article's
IRI, recovered from the provenance the graph carries (:func:`kg.graph.partition`).
"""

from __future__ import annotations

from pathlib import Path

from rdflib import Graph

from kg.graph import partition
from kg.rdfio import load_graph, rdf_format, serialize_quads, serialize_triples


def export(graph: Graph, fmt: str = "turtle") -> bytes:
    """The graph serialized as ``fmt`` (see :data:`kg.rdfio.FORMATS`), deterministically."""
    _, quads = rdf_format(fmt)
    if quads:
        return serialize_quads(partition(graph), fmt)
    return serialize_triples(graph, fmt)


def export_file(path: str | Path, fmt: str = "turtle") -> bytes:
    """Export a graph file (any RDF format Oxigraph reads) as ``fmt``."""
    rdf_format(fmt)  # an unknown format fails before the graph is loaded
    return export(load_graph(path), fmt)


def export_store(store, fmt: str, output: str | Path | None) -> bytes | None:  # type: ignore[no-untyped-def]
    """Stream a store out as ``fmt``: the union for triple formats, one named graph per
    article for quad formats.  Linear in the size of the store; written atomically."""
    from kg.rdfio import _prefixes, atomic_write

    ox_format, quads = rdf_format(fmt)
    if output is None:
        return store.dump(None, ox_format, named_graphs=quads, prefixes=_prefixes())
    with atomic_write(output) as fh:
        store.dump(fh, ox_format, named_graphs=quads, prefixes=_prefixes())
    return None
