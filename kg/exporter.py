"""Export a graph: RDF formats, and network formats for Gephi and Neo4j.

Every export format is one entry of a registry (in the manner of rdflib's plugin
registry): a name, the module and function that write it (imported on first use, so
``import kg`` stays cheap and pyld is only loaded for JSON-LD), and whether it writes
one file or several.  A new format joins :data:`EXPORTERS` in :func:`_builtin` — the
one place that fills it — instead of a new branch in the CLI.

* RDF triple formats (Turtle, N-Triples, RDF/XML) write the merged graph; quad formats
  (TriG, N-Quads, JSON-LD) put each article's statements in a named graph named by the
  article's IRI, recovered from the provenance the graph carries (:func:`kg.graph.partition`).
  ``jsonld`` is compacted with newskg's ``@context`` (pyld); ``jsonld-expanded`` is
  Oxigraph's expanded form, which a store streams.
* Network formats (``graphml``, ``gexf``, ``neo4j``) write the entity network that the
  HTML page draws (:func:`kg.viz.build_network`), every node and edge of it, with flat
  attributes (:mod:`kg.netexport`).
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import import_module
from pathlib import Path
from typing import Any

from rdflib import Graph

from kg.errors import UsageError, unknown_name
from kg.graph import partition
from kg.rdfio import FORMATS, load_graph, rdf_format, serialize_quads, serialize_triples


@dataclass(frozen=True)
class ExportFormat:
    """One export format: ``module.function(graph, *args)`` returns the bytes of one file,
    or, when ``files`` names several, a mapping file name → bytes (written into a directory)."""

    name: str
    module: str
    function: str
    description: str
    args: tuple[Any, ...] = ()
    files: tuple[str, ...] = ()  # several output files: their names (the output is a directory)
    streams: bool = False  # a store can stream it without building an rdflib graph (RDF formats)

    @property
    def multi_file(self) -> bool:
        return len(self.files) > 1

    def generate(self, graph: Graph) -> Any:
        return getattr(import_module(self.module), self.function)(graph, *self.args)


#: Export formats by name, filled by :func:`_builtin` (and :func:`register`).
EXPORTERS: dict[str, ExportFormat] = {}


def register(fmt: ExportFormat) -> None:
    """Add (or replace) an export format."""
    EXPORTERS[fmt.name] = fmt


def _builtin() -> None:
    rdf = {
        "turtle": "Turtle (the merged graph)",
        "ttl": "Turtle (the merged graph)",
        "nt": "N-Triples",
        "ntriples": "N-Triples",
        "xml": "RDF/XML",
        "nquads": "N-Quads, one named graph per article",
        "trig": "TriG, one named graph per article",
    }
    for name, description in rdf.items():
        register(ExportFormat(name, __name__, "generate_rdf", description, args=(name,), streams=True))
    register(ExportFormat("jsonld", "kg.jsonld", "generate_jsonld", "JSON-LD compacted with newskg's @context, one named graph per article"))
    register(ExportFormat("jsonld-expanded", __name__, "generate_rdf", "expanded JSON-LD (streams from a store)", args=("jsonld",), streams=True))
    register(ExportFormat("graphml", "kg.netexport", "generate_graphml", "GraphML of the entity network (Gephi, yEd, networkx)"))
    register(ExportFormat("gexf", "kg.netexport", "generate_gexf", "GEXF 1.2 of the entity network, with type colours (Gephi)"))
    register(ExportFormat(
        "neo4j", "kg.netexport", "generate_neo4j", "nodes.csv and relationships.csv for neo4j-admin database import",
        files=("nodes.csv", "relationships.csv"),
    ))


_builtin()


def export_format(name: str) -> ExportFormat:
    """The registered format called ``name`` (case-insensitive); an unknown name lists the known ones."""
    try:
        return EXPORTERS[name.lower()]
    except KeyError:
        raise unknown_name("format", name, EXPORTERS) from None


def generate_rdf(graph: Graph, fmt: str) -> bytes:
    """An RDF serialization of ``graph`` (see :data:`kg.rdfio.FORMATS`), deterministically."""
    _, quads = rdf_format(fmt)
    if quads:
        return serialize_quads(partition(graph), fmt)
    return serialize_triples(graph, fmt)


def export(graph: Graph, fmt: str = "turtle") -> bytes:
    """The graph in the one-file format ``fmt`` (see :data:`EXPORTERS`).

    >>> from kg.graph import new_graph
    >>> export(new_graph(), "nt")
    b''
    """
    spec = export_format(fmt)
    if spec.multi_file:
        raise UsageError(f"format {spec.name!r} writes {len(spec.files)} files ({', '.join(spec.files)}): use export_files, or -o DIR on the command line")
    return spec.generate(graph)  # type: ignore[no-any-return]


def export_files(graph: Graph, fmt: str) -> dict[str, bytes]:
    """The graph in format ``fmt`` as files: name → bytes (one entry for one-file formats)."""
    spec = export_format(fmt)
    data = spec.generate(graph)
    return dict(data) if spec.multi_file else {f"graph.{spec.name}": data}


def write_export(graph: Graph, fmt: str, output: str | Path) -> list[Path]:
    """Write ``graph`` in format ``fmt``: to the file ``output``, or, for a format of several
    files, into the directory ``output``.  Each file is written atomically."""
    from kg.rdfio import OutputFiles, write_bytes

    spec = export_format(fmt)
    output = Path(output)
    if not spec.multi_file:
        write_bytes(output, spec.generate(graph))
        return [output]
    if output.exists() and not output.is_dir():
        raise UsageError(f"{output}: format {spec.name!r} writes {', '.join(spec.files)} into a directory, and this is a file")
    written = []
    with OutputFiles() as files:  # renamed into place together: never one new file beside an old one
        for name, data in export_files(graph, fmt).items():
            with files.open(output / name) as fh:
                fh.write(data)
            written.append(output / name)
    return written


def export_file(path: str | Path, fmt: str = "turtle") -> bytes:
    """Export a graph file (any RDF format Oxigraph reads) as ``fmt``."""
    export_format(fmt)  # an unknown format fails before the graph is loaded
    return export(load_graph(path), fmt)


def export_store(store, fmt: str, output: str | Path | None) -> bytes | None:  # type: ignore[no-untyped-def]
    """Export a store as ``fmt``.  RDF formats stream: the union for triple formats, one
    named graph per article for quad formats, linear in the size of the store.  Other
    formats go through the store's rdflib graph.  Written atomically."""
    from kg.rdfio import _prefixes, atomic_write

    spec = export_format(fmt)
    if not spec.streams:
        graph = store.to_graph()
        if output is None:
            return export(graph, fmt)
        write_export(graph, fmt, output)
        return None
    ox_format, quads = FORMATS[spec.args[0]]
    if output is None:
        return store.dump(None, ox_format, named_graphs=quads, prefixes=_prefixes())  # type: ignore[no-any-return]
    with atomic_write(output) as fh:
        store.dump(fh, ox_format, named_graphs=quads, prefixes=_prefixes())
    return None
