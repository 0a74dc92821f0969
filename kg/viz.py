"""The interactive HTML network of a knowledge graph: one self-contained, offline page.

Three steps, each usable on its own:

* :func:`build_network` reads the RDF graph into a :class:`networkx.MultiDiGraph` of
  entities (and articles) joined by the ontology's relations, then selects what to show
  (``--focus``/``--hops`` ego graph, ``--types``, ``--max-nodes`` by degree centrality);
* :func:`generate_html` lays that network out and returns the page as a string (pure);
* :func:`write_html` writes the page atomically as UTF-8.

The page embeds vis-network (the copy pyvis ships) and its own script and style inline: it
loads nothing from anywhere, so it works offline and leaves no ``lib/`` folder behind.  All
text taken from the news (names, aliases, headlines, evidence sentences) reaches the page
only as JSON inside a ``<script type="application/json">`` block, with ``<``, ``>`` and
``&`` written as ``\\u003c`` … so nothing in it can close the block, and the page script
shows it through ``textContent``, never ``innerHTML``.  A Content-Security-Policy that only
allows the page's own two scripts (by hash) backs this up.

>>> from kg.graph import new_graph
>>> html, summary = generate_html(new_graph())
>>> str(summary)
'0 nodes, 0 edges'
>>> "图谱为空" in html
True
"""

from __future__ import annotations

import base64
import hashlib
import json
import logging
import math
import random
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from difflib import get_close_matches
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any, ClassVar
from urllib.parse import unquote

import networkx as nx
from rdflib import Graph, Literal, URIRef
from rdflib.term import Node

from kg.errors import ResourceError, UsageError, unknown_name
from kg.resources import installed_file, ontology_file
from kg.vocab import KGO, PROV, RDF, RDFS, SKOS

__all__ = ["PHYSICS_MAX_NODES", "TYPE_STYLES", "Triples", "VizOptions", "VizSummary", "build_network", "class_ancestors", "connected_first", "generate_html", "known_types", "layout", "write_html"]

log = logging.getLogger(__name__)

#: Colour and vis-network shape of each node class.  Organizations are dots in different
#: colours; other kinds of thing get a shape of their own, so the legend reads at a glance
#: even for colour-blind readers.  A class missing here is drawn as a grey dot.
TYPE_STYLES: dict[str, tuple[str, str]] = {
    "GovernmentAgency": ("#e15759", "dot"),
    "ResearchInstitution": ("#4e79a7", "dot"),
    "ResearchTeam": ("#76b7b2", "dot"),
    "Company": ("#f28e2b", "dot"),
    "MediaOutlet": ("#9c755f", "dot"),
    "Organization": ("#bab0ac", "dot"),
    "Person": ("#59a14f", "diamond"),
    "Policy": ("#edc948", "square"),
    "ResearchResult": ("#b07aa1", "star"),
    "Journal": ("#ff9da7", "triangle"),
    "Place": ("#17becf", "triangleDown"),
    "Event": ("#bcbd22", "hexagon"),
    "Indicator": ("#8c8c8c", "dot"),
    "Article": ("#c7c7c7", "square"),
}
_DEFAULT_STYLE = ("#999999", "dot")

#: Relations drawn between entities (subject → object), in the order the legend lists them.
_RELATIONS = ("issued", "achieved", "publishedIn", "affiliatedWith", "leads", "partOf", "locatedIn", "organizer", "reportedBy")
#: Relations from an article to what it names; ``mentions`` is drawn only when no more
#: specific one (reporter, source …) already joins the same article and entity.
_ARTICLE_RELATIONS = ("reporter", "correspondent", "source", "datelinePlace")

#: Evidence sentences kept per edge in the page (the count of the rest is shown).
_MAX_EVIDENCE = 12
#: At most this many nodes get live physics in the browser; larger networks are drawn at
#: positions computed here, with physics off, so the first frame is the final layout.
PHYSICS_MAX_NODES = 200
#: Beyond this many nodes the page still works but gets slow to write and to pan; say so.
LARGE_PAGE_NODES = 5000
#: Pixels per unit of the layout (the ideal edge length).
_SCALE = 90.0


# --------------------------------------------------------------------------- options and summary


@dataclass(frozen=True)
class VizOptions:
    """What part of the graph to draw.

    ``types`` are ontology class local names (``GovernmentAgency``, ``Policy`` …); a class
    keeps its subclasses (``Organization`` keeps agencies, institutions …).  Articles are
    kept by ``articles`` unless ``types`` is given without ``Article``.  Indicators are
    drawn only when ``types`` names ``Indicator``.
    """

    focus: str | None = None
    hops: int = 2
    types: tuple[str, ...] | None = None
    max_nodes: int | None = None
    articles: bool = True
    #: The cap ``kg build`` uses for the page it writes beside the graph: the measured draw
    #: time of a 2,000-node page is well under the 3 s budget, so 1,500 leaves headroom.
    BUILD_MAX_NODES: ClassVar[int] = 1500


@dataclass(frozen=True)
class VizSummary:
    """What the page shows, and how many nodes were left out for which reason.

    >>> str(VizSummary(nodes=123, edges=245, left_out=(("--max-nodes 123", 40),)))
    '123 nodes, 245 edges (40 left out: --max-nodes 123)'
    """

    nodes: int
    edges: int
    left_out: tuple[tuple[str, int], ...] = ()
    #: Nodes in the whole graph, before selection.
    total_nodes: int | None = None

    @property
    def nodes_left_out(self) -> int:
        return sum(n for _, n in self.left_out)

    def __str__(self) -> str:
        text = f"{self.nodes:,} nodes, {self.edges:,} edges"
        if self.left_out:
            one = len(self.left_out) == 1
            why = self.left_out[0][0] if one else ", ".join(f"{n:,} by {reason}" for reason, n in self.left_out)
            text += f" ({self.nodes_left_out:,} left out: {why})"
        return text


# --------------------------------------------------------------------------- ontology


@dataclass(frozen=True)
class _Ontology:
    class_labels: Mapping[str, str]
    property_labels: Mapping[str, str]
    #: local name → itself and every kgo superclass (transitively).
    ancestors: Mapping[str, frozenset[str]]

    def descendants(self, name: str) -> set[str]:
        return {c for c, anc in self.ancestors.items() if name in anc}


@lru_cache(maxsize=1)
def _ontology() -> _Ontology:
    """Chinese labels of classes and properties, and the class hierarchy, from newskg.ttl."""
    g = Graph()
    g.parse(data=ontology_file("newskg.ttl").read_text(encoding="utf-8"), format="turtle")
    ns = str(KGO)

    def local(term: Node) -> str | None:
        return str(term)[len(ns) :] if isinstance(term, URIRef) and str(term).startswith(ns) else None

    def zh_label(term: Node) -> str:
        labels = sorted(str(o) for o in g.objects(term, RDFS.label) if isinstance(o, Literal) and o.language == "zh")
        return labels[0] if labels else local(term) or str(term)

    classes = {local(c): c for c in g.subjects(RDF.type, URIRef("http://www.w3.org/2002/07/owl#Class")) if local(c)}
    props = {local(p): p for p in g.subjects(RDFS.domain, None) if local(p)}
    props.update({local(p): p for p in g.subjects(RDF.type, URIRef("http://www.w3.org/2002/07/owl#ObjectProperty")) if local(p)})
    parents = {name: {local(o) for o in g.objects(term, RDFS.subClassOf)} - {None} for name, term in classes.items()}
    ancestors: dict[str, frozenset[str]] = {}
    for name in classes:
        seen, todo = {name}, [name]
        while todo:
            for parent in parents.get(todo.pop(), ()):
                if parent not in seen:
                    seen.add(parent)
                    todo.append(parent)
        ancestors[name] = frozenset(seen)  # type: ignore[arg-type]
    return _Ontology(
        class_labels={name: zh_label(term) for name, term in classes.items()},  # type: ignore[misc]
        property_labels={name: zh_label(term) for name, term in props.items()},  # type: ignore[misc]
        ancestors=ancestors,
    )


def known_types() -> list[str]:
    """The class names ``VizOptions.types`` accepts (every ontology class drawn as a node)."""
    return sorted(c for c in _ontology().class_labels if c != "Position")


def class_ancestors(name: str) -> list[str]:
    """An ontology class and its kgo superclasses, most specific first (ties by name).

    >>> class_ancestors("GovernmentAgency")
    ['GovernmentAgency', 'Organization']
    """
    anc = _ontology().ancestors.get(name, frozenset({name}))
    return sorted(anc, key=lambda c: (-len(_ontology().ancestors.get(c, ())), c))


# --------------------------------------------------------------------------- graph → network


class _Lit(tuple):  # type: ignore[type-arg]
    """A literal as the page needs it: its text and language tag."""

    __slots__ = ()

    def __new__(cls, value: str, lang: str | None) -> _Lit:
        return tuple.__new__(cls, (value, lang or ""))

    @property
    def value(self) -> str:
        return self[0]  # type: ignore[no-any-return]

    @property
    def lang(self) -> str:
        return self[1]  # type: ignore[no-any-return]


def _term_key(term: object) -> tuple[int, str, str]:
    return (0, term, "") if isinstance(term, str) else (1, *term)  # type: ignore[return-value,misc]


class Triples:
    """The triples a page is drawn from, as plain strings, indexed the ways the page reads
    them: an IRI is its string, a blank node ``_:id``, a literal its text and language.

    Built from an rdflib graph (:meth:`from_graph`) or from pyoxigraph triples
    (:meth:`from_ox`, what a store gives without an rdflib graph in between); both give
    the same page.

    >>> from kg.graph import new_graph
    >>> len(Triples.from_graph(new_graph()))
    0
    """

    def __init__(self, triples: Iterable[tuple[str, str, object]]) -> None:
        self._sp: dict[tuple[str, str], list[object]] = defaultdict(list)
        self._by_p: dict[str, list[tuple[str, object]]] = defaultdict(list)
        self._n = 0
        for s, p, o in triples:
            self._sp[(s, p)].append(o)
            self._by_p[p].append((s, o))
            self._n += 1
        self._po: dict[str, dict[object, list[str]]] = {}

    def __len__(self) -> int:
        return self._n

    @classmethod
    def from_graph(cls, graph: Graph) -> Triples:
        def term(t: Node) -> object:
            if isinstance(t, Literal):
                return _Lit(str(t), t.language)
            return str(t) if isinstance(t, URIRef) else f"_:{t}"

        return cls((term(s), str(p), term(o)) for s, p, o in graph)  # type: ignore[misc]

    @classmethod
    def from_ox(cls, triples: Iterable[Any]) -> Triples:
        """From pyoxigraph triples or quads (graph names are ignored)."""
        import pyoxigraph as ox

        def term(t: Any) -> object:
            if isinstance(t, ox.NamedNode):
                return t.value
            if isinstance(t, ox.Literal):
                return _Lit(t.value, t.language)
            return f"_:{t.value}"

        return cls((term(t.subject), t.predicate.value, term(t.object)) for t in triples)

    def objects(self, s: str, p: str) -> list[object]:
        return self._sp.get((s, p), [])

    def value(self, s: str, p: str) -> object | None:
        """One value of ``p`` for ``s`` (the least, when there are several)."""
        values = self._sp.get((s, p))
        if not values:
            return None
        return values[0] if len(values) == 1 else min(values, key=_term_key)

    def pairs(self, p: str) -> list[tuple[str, object]]:
        """(subject, object) of every triple with predicate ``p``, in input order."""
        return self._by_p.get(p, [])

    def sorted_pairs(self, p: str) -> list[tuple[str, object]]:
        """:meth:`pairs` in a fixed order, whatever order the triples came in (the layout
        depends on the order edges are added)."""
        return sorted(self.pairs(p), key=lambda so: (so[0], _term_key(so[1])))

    def subjects(self, p: str, o: object) -> list[str]:
        index = self._po.get(p)
        if index is None:
            index = self._po[p] = defaultdict(list)
            for s, obj in self.pairs(p):
                index[obj].append(s)
        return index.get(o, [])

    def text(self, s: str, p: str) -> str | None:
        """The value of a text property, preferring a Chinese literal (deterministic choice)."""
        values = [o for o in self.objects(s, p) if isinstance(o, _Lit)]
        if not values:
            return None
        return min(values, key=lambda o: (o.lang != "zh", o.value)).value


def _triples(graph: Graph | Triples) -> Triples:
    return graph if isinstance(graph, Triples) else Triples.from_graph(graph)


def _iri_tail(node: str) -> str:
    return unquote(str(node).rstrip("/").rsplit("/", 1)[-1].rsplit("#", 1)[-1]) or str(node)


def _norm(text: str) -> str:
    """How names are compared for --focus and search: NFKC, case-folded, no quotes or spaces."""
    text = unicodedata.normalize("NFKC", text).casefold()
    return "".join(ch for ch in text if ch not in " \t《》〈〉“”\"'‘’「」『』")


def _read_network(graph: Triples) -> nx.MultiDiGraph:
    """Every article, entity and indicator of ``graph`` as nodes; relations as edges."""
    onto = _ontology()
    net = nx.MultiDiGraph()
    kgo = str(KGO)
    rdf_type, label_p, alt_p = str(RDF.type), str(RDFS.label), str(SKOS.altLabel)

    # Node kind: the most specific ontology class the node has (classes are few, so the
    # number of ancestors is a fine measure of specificity).
    types: dict[str, str] = {}
    for cls in onto.class_labels:
        if cls == "Position":
            continue
        for s in graph.subjects(rdf_type, kgo + cls):
            prev = types.get(s)
            if prev is None or (len(onto.ancestors[cls]), cls) > (len(onto.ancestors[prev]), prev):
                types[s] = cls

    articles = {s for s, t in types.items() if t == "Article"}
    for node in sorted(types):
        kind = types[node]
        if kind == "Article":
            title = graph.text(node, kgo + "title") or f"（无标题）{_iri_tail(node)}"
            date = graph.text(node, kgo + "datePublished")
            info = [("日期", date)] if date else []
            source = graph.value(node, kgo + "source")
            if isinstance(source, str):
                info.append(("来源", graph.text(source, label_p) or _iri_tail(source)))
            net.add_node(node, type=kind, label=title, aliases=(), articles=(), info=tuple(info), date=date or "")
            continue
        label = graph.text(node, label_p) or _iri_tail(node)
        aliases = tuple(sorted({o.value if isinstance(o, _Lit) else str(o) for o in graph.objects(node, alt_p)} - {label}))
        mentioned_in = tuple(sorted(a for a in graph.subjects(kgo + "mentions", node) if a in articles))
        info: list[tuple[str, str]] = []
        if kind == "Indicator":
            for key, pred in (("统计项", "measure"), ("原文数值", "valueText"), ("统计期", "period"), ("变动", "change")):
                value = graph.text(node, kgo + pred)
                if value:
                    info.append((key, value))
        net.add_node(node, type=kind, label=label, aliases=aliases, articles=mentioned_in, info=tuple(info))

    evidence = _statements(graph)

    def add_edge(s: object, o: object, key: str, predicate: str, label: str, ev: list[tuple[str, str, float]]) -> None:
        if isinstance(s, str) and isinstance(o, str) and s in net and o in net:
            net.add_edge(s, o, key=key, predicate=predicate, label=label, evidence=tuple(sorted(set(ev))))

    # Posts: person → organization, labelled with the title(s) as written; an
    # affiliatedWith edge for the same pair says nothing more, so its evidence joins this one.
    holds = kgo + "holdsPosition"
    posts: dict[tuple[str, object], list[tuple[str, list[tuple[str, str, float]]]]] = defaultdict(list)
    untied: dict[str, list[str]] = defaultdict(list)
    for person, post in graph.sorted_pairs(holds):
        title = (graph.text(post, kgo + "positionTitle") if isinstance(post, str) else None) or onto.property_labels.get("holdsPosition", "担任")
        org = graph.value(post, kgo + "positionIn") if isinstance(post, str) else None
        if org is None:
            untied[person].append(title)
        else:
            posts[(person, org)].append((title, evidence.get((person, holds, post), [])))
    for person, titles in untied.items():
        if person in net:
            data = net.nodes[person]
            data["info"] = data["info"] + tuple(("职务", t) for t in sorted(set(titles)))
    for (person, org), held in posts.items():
        ev = [e for _, es in held for e in es] + evidence.get((person, kgo + "affiliatedWith", org), [])
        add_edge(person, org, "holdsPosition", "holdsPosition", "、".join(sorted({t for t, _ in held})), ev)

    for name in _RELATIONS:
        pred = kgo + name
        for s, o in graph.sorted_pairs(pred):
            if name == "affiliatedWith" and (s, o) in posts:
                continue
            add_edge(s, o, name, name, onto.property_labels[name], evidence.get((s, pred, o), []))

    joined: set[tuple[str, object]] = set()
    for name in _ARTICLE_RELATIONS:
        pred = kgo + name
        for s, o in graph.sorted_pairs(pred):
            joined.add((s, o))
            add_edge(s, o, name, name, onto.property_labels[name], evidence.get((s, pred, o), []))
    mentions = kgo + "mentions"
    for s, o in graph.sorted_pairs(mentions):
        if (s, o) not in joined:
            add_edge(s, o, "mentions", "mentions", onto.property_labels["mentions"], evidence.get((s, mentions, o), []))
    return net


def _statements(graph: Triples) -> dict[tuple[str, str, object], list[tuple[str, str, float]]]:
    """Reified provenance by triple: (evidence sentence, article IRI, confidence)."""
    out: dict[tuple[str, str, object], list[tuple[str, str, float]]] = defaultdict(list)
    rdf = str(RDF)
    for st in graph.subjects(rdf + "type", rdf + "Statement"):
        s, p, o = graph.value(st, rdf + "subject"), graph.value(st, rdf + "predicate"), graph.value(st, rdf + "object")
        if s is None or p is None or o is None:
            continue
        sentence = graph.text(st, str(KGO.evidence)) or ""
        article = graph.value(st, str(PROV.wasDerivedFrom))
        conf = graph.value(st, str(KGO.confidence))
        try:
            confidence = round(float(conf.value if isinstance(conf, _Lit) else conf), 3) if conf is not None else -1.0  # type: ignore[arg-type]
        except (TypeError, ValueError):
            confidence = -1.0
        out[(s, p, o)].append((sentence, str(article) if isinstance(article, str) else "", confidence))  # type: ignore[index]
    return out


def _undirected_degrees(net: nx.MultiDiGraph) -> dict[str, int]:
    """Distinct neighbours of each node (parallel edges count once)."""
    return {n: len(set(net.predecessors(n)) | set(net.successors(n))) for n in net}


def connected_first(net: nx.MultiDiGraph, limit: int, centres: Iterable[str] = ()) -> list[str]:
    """The ``limit`` nodes a capped page shows: what connects first.

    Start from the focus nodes, else the best-connected node (most distinct neighbours);
    then always take, among the nodes next to one already taken, the best-connected one;
    only when none is left start again from the best-connected node not taken.  So the
    hubs come with their relations, every node taken (but the start of each component) has
    an edge on the page, and isolated nodes come last.  Ties go by label, then IRI.

    (A plain degree ranking filled a 3,000-article page with 1,281 nodes whose neighbours
    were all left out: a grid of grey dots.)

    >>> g = nx.MultiDiGraph()
    >>> _ = g.add_edges_from([("hub", "a"), ("hub", "b"), ("hub", "c"), ("x", "y")]); g.add_node("lone")
    >>> for n in g: g.nodes[n]["label"] = n
    >>> connected_first(g, 5)
    ['hub', 'a', 'b', 'c', 'x']
    """
    import heapq

    neighbours = {n: set(net.predecessors(n)) | set(net.successors(n)) for n in net}
    degree = {n: len(near) for n, near in neighbours.items()}

    def rank(n: str) -> tuple[int, str, str]:
        return (-degree[n], net.nodes[n]["label"], n)

    starts = sorted(net, key=rank)
    focus = [c for c in centres if c in net]
    next_start = 0
    taken: list[str] = []
    seen: set[str] = set()
    frontier: list[tuple[tuple[int, str, str], str]] = []
    while len(taken) < min(limit, len(degree)):
        if focus:
            node = focus.pop(0)
        elif frontier:
            node = heapq.heappop(frontier)[1]
        else:
            while starts[next_start] in seen:
                next_start += 1
            node = starts[next_start]
        if node in seen:
            continue
        seen.add(node)
        taken.append(node)
        for m in neighbours[node]:
            if m not in seen:
                heapq.heappush(frontier, (rank(m), m))
    return taken


def _names(net: nx.MultiDiGraph, nodes: Iterable[str]) -> dict[str, list[str]]:
    """Normalised name → nodes, over labels and aliases."""
    out: dict[str, list[str]] = defaultdict(list)
    for n in nodes:
        data = net.nodes[n]
        for name in {data["label"], *data["aliases"]}:
            out[_norm(name)].append(n)
    return out


def _focus_nodes(net: nx.MultiDiGraph, name: str, candidates: Iterable[str]) -> list[str]:
    candidates = list(candidates)
    hits = _names(net, candidates).get(_norm(name))
    if hits:
        return sorted(set(hits))
    shown = sorted({x for n in candidates for x in (net.nodes[n]["label"], *net.nodes[n]["aliases"])})
    key = _norm(name)
    # Names that contain what was typed (工信部 → 工业和信息化部 does not, but 工业 does)
    # come first, then difflib's closest matches.
    containing = sorted((x for x in shown if key and (key in _norm(x) or _norm(x) in key)), key=lambda x: (len(x), x))
    close = containing[:5] + [x for x in get_close_matches(name, shown, n=8, cutoff=0.3) if x not in containing[:5]]
    close = close[:5]
    if close:
        hint = "; closest: " + ", ".join(close)
    elif shown:
        hint = f"; none is close among {len(shown):,} names"
    else:
        hint = "; the graph has no named nodes"
    raise UsageError(f"--focus: no entity named {name!r}{hint}")


def _check(options: VizOptions) -> tuple[str, ...] | None:
    if options.hops < 0:
        raise UsageError(f"--hops must be 0 or more, got {options.hops}")
    if options.max_nodes is not None and options.max_nodes < 1:
        raise UsageError(f"--max-nodes must be 1 or more, got {options.max_nodes}")
    if options.types is None:
        return None
    known = {t.casefold(): t for t in known_types()}
    chosen = []
    for t in options.types:
        if t.casefold() not in known:
            raise unknown_name("node type", t, known.values())
        chosen.append(known[t.casefold()])
    return tuple(dict.fromkeys(chosen))


def build_network(graph: Graph | Triples, options: VizOptions | None = None) -> tuple[nx.MultiDiGraph, VizSummary]:
    """The network to draw: nodes and edges of ``graph`` (an rdflib graph or
    :class:`Triples`) selected by ``options``.

    Nodes are keyed by IRI and carry ``type``, ``label``, ``aliases``, ``articles`` (IRIs
    of the articles that mention them), ``info`` and ``degree``; edges are keyed by
    predicate and carry ``predicate``, ``label`` (the property's Chinese label, or the post
    title for ``holdsPosition``) and ``evidence`` (sentence, article IRI, confidence).

    Selection runs in this order: articles and indicators; the ``focus`` ego graph of
    radius ``hops`` (undirected); ``types`` (the focus node itself always stays); the
    ``max_nodes`` nodes :func:`connected_first` takes (hubs and their relations first,
    isolated nodes last).

    >>> from kg.graph import new_graph
    >>> net, summary = build_network(new_graph())
    >>> net.number_of_nodes(), summary.nodes_left_out
    (0, 0)
    """
    options = options or VizOptions()
    types = _check(options)
    onto = _ontology()
    full = _read_network(_triples(graph))
    keep = set(full)
    left_out: list[tuple[str, int]] = []

    def drop(reason: str, remove: set[str]) -> None:
        remove &= keep
        if remove:
            keep.difference_update(remove)
            left_out.append((reason, len(remove)))

    shown_types: set[str] | None = None
    if types is not None:
        shown_types = set().union(*(onto.descendants(t) for t in types))
    if not options.articles:
        drop("--no-articles", {n for n in keep if full.nodes[n]["type"] == "Article"})
    if shown_types is None or "Indicator" not in shown_types:
        drop("indicators (add Indicator to --types)", {n for n in keep if full.nodes[n]["type"] == "Indicator"})

    centres: list[str] = []
    if options.focus is not None:
        centres = _focus_nodes(full, options.focus, sorted(keep))
        undirected = full.subgraph(keep).to_undirected(as_view=True)
        near: set[str] = set()
        for c in centres:
            near.update(nx.single_source_shortest_path_length(undirected, c, cutoff=options.hops))
        drop(f"--focus {options.focus} --hops {options.hops}", keep - near)

    if shown_types is not None:
        drop(f"--types {','.join(types or ())}", {n for n in keep if full.nodes[n]["type"] not in shown_types} - set(centres))

    if options.max_nodes is not None and len(keep) > options.max_nodes:
        chosen = connected_first(full.subgraph(keep), options.max_nodes, centres)
        drop(f"--max-nodes {options.max_nodes}", keep - set(chosen))

    net = nx.MultiDiGraph()
    for n in sorted(keep):
        net.add_node(n, **full.nodes[n])
    for s, o, key, data in full.edges(keys=True, data=True):
        if s in keep and o in keep:
            net.add_edge(s, o, key=key, **data)
    for n, deg in _undirected_degrees(net).items():
        net.nodes[n]["degree"] = deg
    net.graph["focus"] = tuple(centres)
    summary = VizSummary(net.number_of_nodes(), net.number_of_edges(), tuple(left_out), full.number_of_nodes())
    return net, summary


# --------------------------------------------------------------------------- layout


def layout(net: nx.Graph, seed: int = 7) -> dict[str, tuple[float, float]]:
    """Positions in pixels: a force-directed layout per connected component, components packed.

    Fruchterman–Reingold repulsion between nodes closer than two edge lengths (a grid finds
    them), a coarse far field between blocks of nodes, and linear attraction along edges.
    One iteration costs O(nodes + edges) and the iteration count is bounded, so a 5,000-node
    network is laid out in about two seconds of pure Python, the same way on every run.
    """
    simple = nx.Graph()
    simple.add_nodes_from(sorted(net))
    simple.add_edges_from((s, o) for s, o in net.edges() if s != o)
    comps = sorted((sorted(c) for c in nx.connected_components(simple)), key=lambda c: (-len(c), c[0]))
    placed: list[tuple[list[str], list[tuple[float, float]]]] = []
    singles: list[str] = []
    for comp in comps:
        if len(comp) == 1:
            singles.append(comp[0])
        else:
            placed.append((comp, _fruchterman_reingold(simple, comp, seed)))
    if singles:
        side = math.ceil(math.sqrt(len(singles)))
        placed.append((singles, [(float(i % side), float(i // side)) for i in range(len(singles))]))

    # Shelf packing: components left to right in rows about as wide as the largest one
    # (or the square root of the total area, whichever is wider).
    boxes = []
    for nodes, pos in placed:
        xs, ys = [p[0] for p in pos], [p[1] for p in pos]
        boxes.append((nodes, pos, min(xs), min(ys), max(xs) - min(xs) + 1.5, max(ys) - min(ys) + 1.5))
    row_width = max(max(b[4] for b in boxes), math.sqrt(sum(b[4] * b[5] for b in boxes)) * 1.2) if boxes else 0
    out: dict[str, tuple[float, float]] = {}
    x = y = row_h = 0.0
    for nodes, pos, x0, y0, w, h in boxes:
        if x > 0 and x + w > row_width:
            x, y, row_h = 0.0, y + row_h, 0.0
        for n, (px, py) in zip(nodes, pos, strict=True):
            out[n] = (round((x + px - x0) * _SCALE, 1), round((y + py - y0) * _SCALE, 1))
        x += w
        row_h = max(row_h, h)
    return out


def _fruchterman_reingold(graph: nx.Graph, nodes: list[str], seed: int) -> list[tuple[float, float]]:
    """One connected component, in units of the ideal edge length.

    Positions are complex numbers so that the vector arithmetic runs in C.  The start is a
    sunflower spiral filled in breadth-first order from the best-connected node: neighbours
    start near each other, so few iterations untangle the picture.
    """
    n = len(nodes)
    index = {v: i for i, v in enumerate(nodes)}
    edges = [(index[a], index[b]) for a, b in graph.subgraph(nodes).edges()]
    start = max(nodes, key=lambda v: (graph.degree(v), -index[v]))
    order = [start] + [v for _, v in nx.bfs_edges(graph, start, sort_neighbors=sorted)]
    rng = random.Random(seed * 1_000_003 + n)
    golden = math.pi * (3 - math.sqrt(5))
    pos = [0j] * n
    for rank, v in enumerate(order):
        r = 0.6 * math.sqrt(rank + 0.5) + rng.uniform(0, 0.05)
        pos[index[v]] = complex(r * math.cos(rank * golden), r * math.sin(rank * golden))
    # Bounded work: the iteration count shrinks as the component grows (40 to 150).
    iterations = max(40, min(150, 3_000_000 // (12 * n + 2 * len(edges) + 1)))
    t0 = math.sqrt(n) * 0.15 + 0.3
    cell = 2.0  # repulsion range, in edge lengths
    cell2 = cell * cell
    neighbours = ((1, 0), (0, 1), (1, 1), (1, -1))
    for it in range(iterations):
        temp = t0 * (1 - it / iterations) ** 1.5 + 0.02
        disp = [0j] * n
        grid: dict[tuple[int, int], list[int]] = defaultdict(list)
        for i, z in enumerate(pos):
            grid[(int(z.real // cell), int(z.imag // cell))].append(i)
        # Repulsion k²/d between nodes in the same or adjacent cells (each pair once).
        for (cx, cy), members in grid.items():
            for a, i in enumerate(members):
                zi = pos[i]
                acc = 0j
                for j in members[a + 1 :]:
                    d = zi - pos[j]
                    d2 = d.real * d.real + d.imag * d.imag
                    if d2 < cell2:
                        f = d / (d2 + 1e-9)
                        acc += f
                        disp[j] -= f
                disp[i] += acc
            for ox, oy in neighbours:
                other = grid.get((cx + ox, cy + oy))
                if not other:
                    continue
                for i in members:
                    zi = pos[i]
                    acc = 0j
                    for j in other:
                        d = zi - pos[j]
                        d2 = d.real * d.real + d.imag * d.imag
                        if d2 < cell2:
                            f = d / (d2 + 1e-9)
                            acc += f
                            disp[j] -= f
                    disp[i] += acc
        # Far field: nodes further apart than the grid sees still repel, or a dense graph
        # would collapse.  Nodes are lumped into coarse blocks; each block pushes every other
        # block's nodes as one mass at its centroid (blocks are few, so this is cheap).
        xs = [z.real for z in pos]
        ys = [z.imag for z in pos]
        far = max(6.0, (max(xs) - min(xs)) / 12, (max(ys) - min(ys)) / 12)  # at most ~13×13 blocks
        blocks: dict[tuple[int, int], list[int]] = defaultdict(list)
        for i, z in enumerate(pos):
            blocks[(int(z.real // far), int(z.imag // far))].append(i)
        centres = [(sum((pos[i] for i in members), 0j) / len(members), len(members), members) for members in blocks.values()]
        for a, (ca, _, members) in enumerate(centres):
            push = 0j
            for b, (cb, mb, _) in enumerate(centres):
                if a != b:
                    d = ca - cb
                    push += 0.25 * mb * d / (d.real * d.real + d.imag * d.imag + 1e-9)
            for i in members:
                disp[i] += push
        # Attraction along edges, linear in the distance (not FR's d²): weaker at long
        # range, so groups of articles on one topic pull apart into visible clusters.
        for i, j in edges:
            d = pos[i] - pos[j]
            disp[i] -= d
            disp[j] += d
        for i in range(n):
            d = disp[i]
            length = abs(d)
            if length > temp:
                d *= temp / length
            pos[i] += d
    return [(z.real, z.imag) for z in pos]


# --------------------------------------------------------------------------- page


def _asset(name: str) -> str:
    path = resources.files("kg") / "viz_assets" / name
    try:
        return path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ResourceError(f"packaged page asset viz_assets/{name} is missing: {exc}") from exc


@lru_cache(maxsize=1)
def _vis_network_js() -> str:
    """vis-network as pyvis 0.3.2 ships it (pyvis/lib/vis-9.1.2/vis-network.min.js)."""
    text = installed_file("pyvis", "lib", "vis-9.1.2", "vis-network.min.js", what="vis-network")
    # Inline scripts end at the first "</script"; the library never has one, but make sure.
    return text.replace("</script", "<\\/script").replace("<!--", "<\\!--")


def json_for_script(data: Any) -> str:
    """JSON that is safe inside ``<script type="application/json">``.

    ``<``, ``>`` and ``&`` become ``\\u003c`` …, so no ``</script>`` or ``<!--`` can occur;
    U+2028/U+2029 are escaped too.  Keys are sorted, so equal graphs give equal pages.
    """
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    for ch, esc in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"), ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(ch, esc)
    return text


def csp_hash(script: str) -> str:
    """The Content-Security-Policy source that allows one inline script (also kg serve's query page)."""
    return "'sha256-" + base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii") + "'"


@dataclass
class _PageData:
    """The JSON the page script reads: compact lists, articles referenced by index."""

    types: list[dict[str, Any]] = field(default_factory=list)
    articles: list[dict[str, Any]] = field(default_factory=list)
    nodes: list[dict[str, Any]] = field(default_factory=list)
    edges: list[dict[str, Any]] = field(default_factory=list)


def _page_data(net: nx.MultiDiGraph, graph: Triples) -> tuple[_PageData, bool]:
    onto = _ontology()
    positions = layout(net)
    physics = net.number_of_nodes() <= PHYSICS_MAX_NODES
    data = _PageData()

    # Articles referenced by nodes or evidence, whether or not drawn as nodes.
    article_ids = sorted({a for _, d in net.nodes(data=True) for a in d["articles"]} | {e[1] for _, _, d in net.edges(data=True) for e in d["evidence"] if e[1]})
    art_index = {a: i for i, a in enumerate(article_ids)}
    title, date = str(KGO.title), str(KGO.datePublished)
    for a in article_ids:
        data.articles.append({"iri": a, "title": graph.text(a, title) or _iri_tail(a), "date": graph.text(a, date) or ""})

    counts: dict[str, int] = defaultdict(int)
    for _, d in net.nodes(data=True):
        counts[d["type"]] += 1
    order = list(TYPE_STYLES) + sorted(set(counts) - set(TYPE_STYLES))
    for t in order:
        if counts.get(t):
            colour, shape = TYPE_STYLES.get(t, _DEFAULT_STYLE)
            data.types.append({"name": t, "label": onto.class_labels.get(t, t), "color": colour, "shape": shape, "count": counts[t]})

    node_index = {n: i for i, n in enumerate(sorted(net))}
    focus = set(net.graph.get("focus", ()))
    for n, i in node_index.items():
        d = net.nodes[n]
        x, y = positions[n]
        item = {
            "id": i,
            "iri": n,
            "label": d["label"],
            "type": d["type"],
            "aliases": list(d["aliases"]),
            "articles": sorted((art_index[a] for a in d["articles"] if a in art_index), key=lambda k: (data.articles[k]["date"], k), reverse=True),
            "info": [list(kv) for kv in d["info"]],
            "degree": d["degree"],
            "x": x,
            "y": y,
        }
        if n in focus:
            item["focus"] = True
        data.nodes.append(item)

    for s, o, key, d in sorted(net.edges(keys=True, data=True), key=lambda e: (node_index[e[0]], node_index[e[1]], e[2])):
        ev = sorted(d["evidence"], key=lambda e: (-e[2], e[1], e[0]))
        edge = {
            "from": node_index[s],
            "to": node_index[o],
            "label": d["label"],
            "predicate": d["predicate"],
            "evidence": [{"text": t, "article": art_index.get(a, -1), "confidence": c} for t, a, c in ev[:_MAX_EVIDENCE]],
        }
        if len(ev) > _MAX_EVIDENCE:
            edge["more"] = len(ev) - _MAX_EVIDENCE
        if key == "holdsPosition":
            edge["relation"] = onto.property_labels.get("holdsPosition", "担任")
        data.edges.append(edge)
    return data, physics


def _left_out_note(summary: VizSummary) -> str:
    if not summary.left_out:
        return ""
    parts = []
    for reason, n in summary.left_out:
        if reason.startswith("--max-nodes"):
            parts.append(f"{n:,} 个度中心性较低的节点（{reason}）")
        elif reason.startswith("indicators"):
            parts.append(f"{n:,} 个统计指标（--types 加上 Indicator 可显示）")
        else:
            parts.append(f"{n:,} 个节点（{reason}）")
    return f"未显示 {summary.nodes_left_out:,} 个节点：" + "；".join(parts) + "。"


def generate_html(graph: Graph | Triples, options: VizOptions | None = None) -> tuple[str, VizSummary]:
    """The interactive page of ``graph`` (an rdflib graph or :class:`Triples`) as a
    string, and what it shows.

    Pure: reads nothing but the packaged assets, writes nothing.
    """
    import jinja2

    options = options or VizOptions()
    graph = _triples(graph)
    net, summary = build_network(graph, options)
    env = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined, keep_trailing_newline=True)
    template = env.from_string(_asset("page.html"))
    scope = [f"--focus {options.focus} --hops {options.hops}"] if options.focus else []
    context: dict[str, Any] = {
        "summary": str(summary),
        "note": _left_out_note(summary),
        "scope": " ".join(scope),
        "empty": summary.nodes == 0,
        "graph_empty": not summary.total_nodes,
        "css": _markup(_asset("viz.css")),
    }
    scripts: list[str] = []
    if summary.nodes > LARGE_PAGE_NODES:
        log.warning("drawing %s nodes: the page will be slow; --max-nodes or --focus draw less", f"{summary.nodes:,}")
    if summary.nodes:
        page, physics = _page_data(net, graph)
        payload = {
            "types": page.types,
            "articles": page.articles,
            "nodes": page.nodes,
            "edges": page.edges,
            "physics": physics,
            "summary": str(summary),
        }
        vis_js = _vis_network_js()
        app_js = _asset("viz.js")
        scripts = [vis_js, app_js]
        context.update(
            types=page.types,
            data_json=_markup(json_for_script(payload)),
            vis_js=_markup(vis_js),
            app_js=_markup(app_js),
        )
    csp = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; script-src " + (" ".join(csp_hash(s) for s in scripts) or "'none'")
    context["csp"] = csp
    return template.render(**context), summary


def _markup(text: str) -> Any:
    from markupsafe import Markup

    return Markup(text)


def write_html(graph: Graph | Triples, path: str | Path, options: VizOptions | None = None) -> VizSummary:
    """Write the page of ``graph`` to ``path`` (atomically, UTF-8) and return its summary."""
    from kg.rdfio import atomic_write

    html, summary = generate_html(graph, options)
    with atomic_write(path, "w") as fh:
        fh.write(html)  # type: ignore[attr-defined]
    log.info("wrote %s: %s", path, summary)
    return summary
