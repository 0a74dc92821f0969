"""JSON-LD compacted with newskg's @context (pyld), without the network."""

from __future__ import annotations

import json

import pytest
import pyoxigraph as ox

from kg.errors import UsageError
from kg.exporter import export
from kg.jsonld import CONTEXT, compact


def _quads(data: bytes, fmt: str) -> set:
    return set(ox.parse(data, format=ox.RdfFormat.JSON_LD if fmt == "json-ld" else ox.RdfFormat.N_QUADS))


def test_jsonld_compact_holds_the_same_quads_as_nquads(seed_rdf):
    compacted = export(seed_rdf, "jsonld")
    assert _quads(compacted, "json-ld") == _quads(export(seed_rdf, "nquads"), "nquads")
    assert _quads(export(seed_rdf, "jsonld-expanded"), "json-ld") == _quads(compacted, "json-ld")


def test_jsonld_compact_reads_with_the_context(seed_rdf):
    doc = json.loads(export(seed_rdf, "jsonld"))
    assert doc["@context"] == CONTEXT
    graphs = {g["@id"]: g["@graph"] for g in doc["@graph"]}
    assert all(name.startswith("kgr:article/") for name in graphs)
    nodes = [n for g in graphs.values() for n in g]
    agency = next(n for n in nodes if n["@id"] == "kgr:org/国家数据局")
    assert agency["@type"] == "GovernmentAgency"
    assert agency["label"] == {"@language": "zh", "@value": "国家数据局"}
    assert any(n.get("issued") for n in nodes if n["@id"] == "kgr:org/国家数据局")


def test_jsonld_never_fetches_a_remote_context():
    with pytest.raises(Exception) as info:
        compact({"@context": "https://example.org/context.jsonld", "name": "x"})
    causes, exc = [], info.value  # pyld wraps the loader's error in its own
    while exc is not None:
        causes.append(exc)
        exc = getattr(exc, "cause", None) or exc.__cause__
    assert any(isinstance(e, UsageError) and "refusing to fetch https://example.org/context.jsonld" in str(e) for e in causes)
