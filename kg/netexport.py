"""The entity network as GraphML, GEXF (Gephi) and CSV for ``neo4j-admin database import``.

The network is the one the HTML page draws (:func:`kg.viz.build_network`), whole: every
article, entity and indicator is a node, every relation an edge (a post is one
person → organization edge labelled with the title).  networkx's GraphML and GEXF writers
accept only scalar attributes, and the page's network keeps tuples (aliases, the articles
that mention a node, evidence), so :func:`flat_network` turns each into a scalar first:

* nodes: ``label``, ``type``, ``aliases`` (joined by ``;``), ``article_count``,
  ``articles`` (article IRIs joined by spaces), ``info`` (``key: value`` pairs joined by
  ``; ``), ``date`` (articles), ``degree``;
* edges (keyed by predicate): ``predicate``, ``label``, ``evidence`` (the best-supported
  sentence: highest confidence, then first in order), ``article`` (where it was read),
  ``confidence`` (-1.0 when no sentence supports the edge: mentions, reporters …) and
  ``evidence_count``.

Every attribute is present on every node (or edge) with one type, as both formats want.
Output is deterministic: nodes sorted by IRI, edges by (source, target, predicate).

>>> from kg.graph import new_graph
>>> flat_network(new_graph()).number_of_nodes()
0
"""

from __future__ import annotations

import csv
import io
import re

import networkx as nx
from rdflib import Graph

from kg.viz import TYPE_STYLES, VizOptions, build_network, class_ancestors, known_types

#: The separator of list values in one CSV cell (neo4j-admin's default ``--array-delimiter``).
ARRAY_DELIMITER = ";"


def flat_network(graph: Graph) -> nx.MultiDiGraph:
    """The whole entity network of ``graph`` with scalar attributes only (see the module doc)."""
    net, _ = build_network(graph, VizOptions(types=tuple(known_types())))
    flat = nx.MultiDiGraph()
    for node in sorted(net):
        data = net.nodes[node]
        flat.add_node(
            node,
            label=data["label"],
            type=data["type"],
            aliases=ARRAY_DELIMITER.join(a.replace(ARRAY_DELIMITER, "；") for a in data["aliases"]),
            article_count=len(data["articles"]),
            articles=" ".join(data["articles"]),
            info="; ".join(f"{k}: {v}" for k, v in data["info"]),
            date=data.get("date", ""),
            degree=int(data.get("degree", 0)),
        )
    for s, o, key, data in sorted(net.edges(keys=True, data=True), key=lambda e: (e[0], e[1], e[2])):
        evidence = list(data["evidence"])
        # The best-supported reading: the highest confidence, then the first in order.
        best = min(evidence, key=lambda e: (-e[2], e[0], e[1])) if evidence else ("", "", -1.0)
        flat.add_edge(
            s, o, key=key,
            predicate=data["predicate"], label=data["label"],
            evidence=best[0], article=best[1], confidence=float(best[2]), evidence_count=len(evidence),
        )
    return flat


def generate_graphml(graph: Graph) -> bytes:
    """GraphML of the entity network (UTF-8 bytes)."""
    buf = io.BytesIO()
    # The standard-library writer (networkx picks lxml's when installed, which ignores
    # prettyprint): the same bytes whatever is installed.
    nx.readwrite.graphml.write_graphml_xml(flat_network(graph), buf, encoding="utf-8", prettyprint=True)
    return buf.getvalue()


def _rgb(hex_colour: str) -> dict[str, int | float]:
    h = hex_colour.lstrip("#")
    return {"r": int(h[0:2], 16), "g": int(h[2:4], 16), "b": int(h[4:6], 16), "a": 1.0}


def generate_gexf(graph: Graph) -> bytes:
    """GEXF 1.2 of the entity network, each node coloured by its type as on the page and
    sized by its degree, so Gephi opens it looking like the page's legend."""
    net = flat_network(graph)
    for _, data in net.nodes(data=True):
        colour = TYPE_STYLES.get(data["type"], ("#999999", "dot"))[0]
        data["viz"] = {"color": _rgb(colour), "size": float(4 + min(data["degree"], 40))}
    buf = io.BytesIO()
    nx.write_gexf(net, buf, encoding="utf-8", prettyprint=True, version="1.2draft")
    # networkx stamps today's date (optional in GEXF): drop it, so the same graph gives the same file.
    return re.sub(rb' lastmodifieddate="[^"]*"', b"", buf.getvalue(), count=1)


def relationship_type(predicate: str) -> str:
    """A predicate's local name as a Neo4j relationship type: ``affiliatedWith`` → ``AFFILIATED_WITH``.

    >>> relationship_type("holdsPosition"), relationship_type("issued")
    ('HOLDS_POSITION', 'ISSUED')
    """
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", predicate).upper()


def _csv(rows: list[list[object]]) -> bytes:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    for row in rows:
        # neo4j-admin reads a field over several lines only with --multiline-fields; keep one.
        writer.writerow([" ".join(str(c).splitlines()) if isinstance(c, str) else c for c in row])
    return buf.getvalue().encode("utf-8")


#: The header rows, in the layout ``neo4j-admin database import`` reads: ``:ID`` and
#: ``:LABEL`` columns for nodes, ``:START_ID``/``:END_ID``/``:TYPE`` for relationships, typed
#: properties (``:int``, ``:float``, ``:string[]``).
NODE_HEADER = ["iri:ID", "name", "aliases:string[]", "type", "articleCount:int", "date", "info", ":LABEL"]
RELATIONSHIP_HEADER = [":START_ID", ":END_ID", ":TYPE", "label", "evidence", "article", "confidence:float", "evidenceCount:int"]


def generate_neo4j(graph: Graph) -> dict[str, bytes]:
    """``nodes.csv`` and ``relationships.csv`` for ``neo4j-admin database import full
    --nodes=nodes.csv --relationships=relationships.csv``.

    Node labels are the node's class and its superclasses (``GovernmentAgency;Organization``),
    so ``MATCH (o:Organization)`` finds every kind of organization; relationship types are
    the predicates in Neo4j's style (``ISSUED``, ``AFFILIATED_WITH``), with the evidence
    sentence, the article, the confidence and the number of supporting sentences.
    """
    net = flat_network(graph)
    nodes: list[list[object]] = [NODE_HEADER]
    for node, d in net.nodes(data=True):
        labels = ARRAY_DELIMITER.join(class_ancestors(d["type"]))
        nodes.append([node, d["label"], d["aliases"], d["type"], d["article_count"], d["date"], d["info"], labels])
    rels: list[list[object]] = [RELATIONSHIP_HEADER]
    for s, o, d in net.edges(data=True):
        # No supporting sentence (mentions, reporter …): leave the evidence columns empty,
        # which neo4j-admin reads as "no such property".
        confidence = d["confidence"] if d["evidence_count"] else ""
        rels.append([s, o, relationship_type(d["predicate"]), d["label"], d["evidence"], d["article"], confidence, d["evidence_count"]])
    return {"nodes.csv": _csv(nodes), "relationships.csv": _csv(rels)}
