"""JSON-LD compacted with newskg's own ``@context`` (pyld, the JSON-LD 1.1 processor).

Oxigraph writes JSON-LD in expanded form: every property a full IRI, every value an
object.  Compaction with :data:`CONTEXT` turns ``"https://w3id.org/newskg/ontology#issued":
[{"@id": "https://w3id.org/newskg/resource/policy/…"}]`` into ``"issued": {"@id":
"kgr:policy/…"}``: the ontology is the vocabulary (``@vocab``), other namespaces keep their
usual prefixes, and labels read as ``label``/``altLabel``.  The context travels inside the
document, so a reader never fetches anything, and pyld is given a document loader that
refuses the network: compaction never goes online either.

>>> from kg.graph import new_graph
>>> generate_jsonld(new_graph())[:41]
b'{\\n  "@context": {\\n    "@vocab": "https://'
"""

from __future__ import annotations

import json
from typing import Any

from rdflib import Graph

from kg.errors import UsageError
from kg.vocab import KGO, PREFIXES

#: The compact context: the ontology as vocabulary, the project's prefixes, readable labels.
CONTEXT: dict[str, Any] = {
    "@vocab": str(KGO),
    **{p: str(ns) for p, ns in sorted(PREFIXES.items()) if p not in ("kgo", "owl")},
    "label": {"@id": "rdfs:label"},
    "altLabel": {"@id": "skos:altLabel"},
}


def _no_network(url: str, options: object = None) -> Any:
    raise UsageError(f"JSON-LD: refusing to fetch {url} (newskg never loads remote contexts)")


def compact(expanded: Any) -> dict[str, Any]:
    """Compact an expanded JSON-LD document with :data:`CONTEXT`."""
    from pyld import jsonld

    return jsonld.compact(expanded, {"@context": CONTEXT}, {"documentLoader": _no_network})  # type: ignore[no-any-return]


def generate_jsonld(graph: Graph) -> bytes:
    """The graph as compact JSON-LD, one named graph per article (deterministic)."""
    from kg.exporter import generate_rdf

    return generate_from_nquads(generate_rdf(graph, "nquads"))


def generate_from_nquads(nquads: bytes) -> bytes:
    """Compact JSON-LD of an N-Quads document (``rdf:type`` becomes ``@type``)."""
    from pyld import jsonld

    expanded = jsonld.from_rdf(nquads.decode("utf-8"), {"format": "application/n-quads"})
    return (json.dumps(compact(expanded), ensure_ascii=False, indent=2) + "\n").encode("utf-8")
