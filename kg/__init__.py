"""newskg: a knowledge-graph builder for Chinese government and science news.

The Python API mirrors the command line::

    import kg
    articles = list(kg.read("page.txt", kg.ReadOptions(date="2025-01-22")))
    extraction = kg.extract(articles[0])          # entities, relations, posts, indicators
    graph = kg.build(["page.txt"])                # an rdflib Graph
    result = kg.query(graph, "SELECT ...")        # or kg.run_named(graph, "posts")
    turtle = kg.export(graph, "turtle")           # bytes; trig/nquads/jsonld: a graph per article
    report = kg.validate(graph)                   # SHACL
    kg.write_html(graph, "graph.html")            # the offline network page

Names are imported on first use, so ``import kg`` stays cheap.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

__version__ = "0.1.0"

# public name → module that defines it
_API = {
    "read": "kg.reader",
    "read_text": "kg.reader",
    "ReadOptions": "kg.reader",
    "extract": "kg.extraction",
    "Extractor": "kg.extraction",
    "build": "kg.pipeline",
    "build_files": "kg.pipeline",
    "query": "kg.sparql",
    "run_named": "kg.sparql",
    "named_queries": "kg.sparql",
    "export": "kg.exporter",
    "validate": "kg.shacl",
    "write_html": "kg.viz",
    "generate_html": "kg.viz",
    "VizOptions": "kg.viz",
    "KGStore": "kg.store",
    "to_graph": "kg.graph",
}

__all__ = ["__version__", *_API]


def __getattr__(name: str) -> Any:
    if name in _API:
        value = getattr(import_module(_API[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'kg' has no attribute {name!r}")
