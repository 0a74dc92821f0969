"""The Python API mirrors the CLI: kg.read, kg.extract, kg.build, kg.query, kg.export, kg.validate."""

from __future__ import annotations

import importlib

import kg
from tests.helpers import SEED


def test_api_functions_stay_functions_after_submodule_imports():
    # Importing every stage module first must not shadow the API functions.
    for module in ("kg.reader", "kg.extraction", "kg.sparql", "kg.exporter", "kg.shacl", "kg.pipeline", "kg.viz"):
        importlib.import_module(module)
    for name in ("read", "extract", "build", "query", "export", "validate", "write_html"):
        assert callable(getattr(kg, name)), name


def test_api_round_trip():
    articles = list(kg.read(SEED, kg.ReadOptions(date="2025-01-22")))
    assert len(articles) == 7
    extraction = kg.extract(articles[2])
    assert {r.predicate for r in extraction.relations} >= {"issued", "reporter"}
    graph = kg.build([SEED], kg.ReadOptions(date="2025-01-22"))
    rows = kg.run_named(graph, "policies-by-agency", {"agency": "国家数据局"}).rows
    assert len(rows) == 3
    assert kg.query(graph, "ASK { ?s ?p ?o }").boolean
    assert kg.export(graph, "nt").count(b"\n") == len(graph)
    assert kg.validate(graph).conforms
