"""The graph stage: extractions → RDF triples against the newskg ontology.

Everything about one article becomes a list of triples (:func:`article_triples`), so the
same data can fill an in-memory rdflib graph, one named graph per article (TriG,
N-Quads), or an on-disk store.  Every extracted relation is asserted *and* reified as an
``rdf:Statement`` carrying its evidence sentence, character span, confidence, the rule that
produced it and ``prov:wasDerivedFrom`` the article.

IRIs are readable and deterministic: ``kgr:org/工业和信息化部``, ``kgr:person/张云明``,
``kgr:article/<content hash>``, ``kgr:statement/<hash>``.  Characters an IRI may not hold
are percent-encoded, never allowed to break serialization.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from decimal import Decimal
from functools import lru_cache

import pyoxigraph as ox
from rdflib import Graph, Literal, URIRef
from rdflib.term import Node

from kg.rdfio import from_ox
from kg.records import Article, Extraction
from kg.vocab import KGO, KGR, PROV, RDF, RDFS, SKOS, XSD, bind_prefixes

Triple = tuple[Node, Node, Node]

# ASCII characters an IRI path segment may hold as they are (RFC 3987 iunreserved,
# sub-delims, ":" and "@"); any other ASCII character is percent-encoded.
_SAFE_ASCII = set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~!$&'()*+,;=:@")


def _iri_char_ok(ch: str) -> bool:
    c = ord(ch)
    if c < 0x80:
        return ch in _SAFE_ASCII
    # RFC 3987 ucschar ranges (CJK, full-width forms ... are all inside).
    return (0xA0 <= c <= 0xD7FF or 0xF900 <= c <= 0xFDCF or 0xFDF0 <= c <= 0xFFEF) or (0x10000 <= c <= 0xEFFFD and (c & 0xFFFF) < 0xFFFE)


def iri_segment(text: str) -> str:
    """Percent-encode what an IRI path segment may not contain; keep Chinese as it is.

    >>> iri_segment("工业和信息化部"), iri_segment("A B<C>[1]")
    ('工业和信息化部', 'A%20B%3CC%3E%5B1%5D')
    """
    return "".join(ch if _iri_char_ok(ch) else "".join(f"%{b:02X}" for b in ch.encode("utf-8")) for ch in text)


@lru_cache(maxsize=1 << 16)
def _entity_iri(entity_id: str, base: str) -> str:
    group, _, name = entity_id.partition("/")
    return f"{base}{group}/{iri_segment(name)}"


def entity_iri(entity_id: str, base: str = str(KGR)) -> URIRef:
    """The IRI of an entity id such as ``org/工业和信息化部``."""
    return URIRef(_entity_iri(entity_id, base))


def _article_iri(article_id: str, base: str) -> str:
    return f"{base}article/{article_id}"


def article_iri(article: Article | str, base: str = str(KGR)) -> URIRef:
    return URIRef(_article_iri(article if isinstance(article, str) else article.id, base))


def _hash(*parts: object) -> str:
    return hashlib.blake2b("\x1f".join(str(p) for p in parts).encode("utf-8"), digest_size=8).hexdigest()


class _Terms:
    """Oxigraph terms of the vocabulary, made once: the hot path builds no rdflib objects."""

    def __init__(self) -> None:
        n = ox.NamedNode
        self.type = n(str(RDF.type))
        self.label = n(str(RDFS.label))
        self.alt = n(str(SKOS.altLabel))
        self.statement = n(str(RDF.Statement))
        self.subject, self.predicate, self.object = n(str(RDF.subject)), n(str(RDF.predicate)), n(str(RDF.object))
        self.derived = n(str(PROV.wasDerivedFrom))
        self.xsd = {name: n(str(XSD[name])) for name in ("date", "gMonthDay", "integer", "decimal", "anyURI")}
        self._kgo: dict[str, ox.NamedNode] = {}

    def kgo(self, name: str) -> ox.NamedNode:
        term = self._kgo.get(name)
        if term is None:
            term = self._kgo[name] = ox.NamedNode(str(KGO[name]))
        return term


_T = _Terms()


def _zh(text: str) -> ox.Literal:
    return ox.Literal(text, language="zh")


def _alias(text: str) -> ox.Literal:
    # Latin-script aliases (Nature, CERN) are English names; the rest are Chinese.
    return ox.Literal(text, language="en" if text.isascii() else "zh")


def _plain(text: str) -> ox.Literal:
    return ox.Literal(text)


def _date(value: str) -> ox.Literal:
    return ox.Literal(value, datatype=_T.xsd["gMonthDay" if value.startswith("--") else "date"])


def _nonneg(n: int) -> ox.Literal:
    return ox.Literal(str(n), datatype=_T.xsd["integer"])


@lru_cache(maxsize=4096)  # confidences take few values
def _decimal(value: Decimal | str) -> ox.Literal:
    # The lexical form rdflib gives a Decimal, so both paths write the same literal.
    return ox.Literal(str(Literal(Decimal(value))), datatype=_T.xsd["decimal"])


def _iri(entity_id: str, base: str) -> ox.NamedNode:
    return ox.NamedNode(_entity_iri(entity_id, base))


def article_quads(ex: Extraction, base: str = str(KGR)) -> list[ox.Triple]:
    """Every triple one article contributes to the graph, as Oxigraph terms.

    The one build path: the store, the N-Triples workers send and the rdflib graph of the
    Python API (:func:`article_triples`) all start here.
    """
    t = _T
    kgo = t.kgo
    a = ex.article
    art = ox.NamedNode(_article_iri(a.id, base))
    ids = {e.id for e in ex.entities}
    out: list[ox.Triple] = [ox.Triple(art, t.type, kgo("Article")), ox.Triple(art, kgo("title"), _zh(a.label))]
    if a.kicker:
        out.append(ox.Triple(art, kgo("kicker"), _zh(a.kicker)))
    if a.date:
        out.append(ox.Triple(art, kgo("datePublished"), _date(a.date)))
    if a.url:
        out.append(ox.Triple(art, kgo("url"), ox.Literal(a.url, datatype=t.xsd["anyURI"])))
    if a.source_id:
        out.append(ox.Triple(art, kgo("sourceId"), _plain(a.source_id)))
    if a.path:
        out.append(ox.Triple(art, kgo("inputFile"), _plain(a.path)))
    if a.continued_from:
        out.append(ox.Triple(art, kgo("continuedFrom"), _zh(a.continued_from)))
    if a.continued_to:
        out.append(ox.Triple(art, kgo("continuedOn"), _zh(a.continued_to)))

    by_label = {(e.type, e.label): e.id for e in ex.entities}
    if a.source:
        outlet = by_label.get(("MediaOutlet", a.source)) or next((e.id for e in ex.entities if e.type == "MediaOutlet" and a.source in e.aliases), None)
        if outlet:
            out.append(ox.Triple(art, kgo("source"), _iri(outlet, base)))
    if a.place:
        place = next((e.id for e in ex.entities if e.type == "Place" and (e.label == a.place or a.place in e.aliases)), None)
        if place:
            out.append(ox.Triple(art, kgo("datelinePlace"), _iri(place, base)))

    mentions = kgo("mentions")
    for e in ex.entities:
        node = _iri(e.id, base)
        out.append(ox.Triple(node, t.type, kgo(e.type)))
        out.append(ox.Triple(node, t.label, _zh(e.label)))
        out.extend(ox.Triple(node, t.alt, _alias(alias)) for alias in e.aliases)
        out.append(ox.Triple(art, mentions, node))

    correspondents = {r.name for r in a.reporters if r.role == "通讯员"}
    for rel in ex.relations:
        subj = art if rel.subject.startswith("article/") else _iri(rel.subject, base)
        if rel.subject not in ids and subj != art:
            continue
        obj = _iri(rel.object, base)
        name = rel.predicate
        if name == "reporter" and rel.object.partition("/")[2] in correspondents:
            name = "correspondent"
        pred = kgo(name)
        out.append(ox.Triple(subj, pred, obj))
        out.extend(_statement(subj, pred, obj, art, rel.evidence, rel.confidence, rel.extractor, base))

    holds, position_in, affiliated = kgo("holdsPosition"), kgo("positionIn"), kgo("affiliatedWith")
    for post in ex.posts:
        person = _iri(post.person, base)
        pos = ox.NamedNode(f"{base}position/{_hash(post.person, post.organization, post.title)}")
        out.append(ox.Triple(pos, t.type, kgo("Position")))
        # No rdfs:label: the post is identified by its person, organization and title.
        out.append(ox.Triple(pos, kgo("positionTitle"), _zh(post.title)))
        out.append(ox.Triple(person, holds, pos))
        out.extend(_statement(person, holds, pos, art, post.evidence, post.confidence, post.extractor, base))
        if post.organization:
            org = _iri(post.organization, base)
            out.append(ox.Triple(pos, position_in, org))
            out.append(ox.Triple(person, affiliated, org))
            out.extend(_statement(person, affiliated, org, art, post.evidence, post.confidence, post.extractor, base))

    for ind in ex.indicators:
        node = ox.NamedNode(f"{base}{ind.id}")
        written = ind.written or a.text[ind.evidence.start : ind.evidence.end]
        out.append(ox.Triple(node, t.type, kgo("Indicator")))
        label = f"{ind.what} {written}" + (f" ({ind.period})" if ind.period else "")
        out.append(ox.Triple(node, t.label, _zh(label)))
        out.append(ox.Triple(node, kgo("measure"), _zh(ind.what)))
        out.append(ox.Triple(node, kgo("valueText"), _zh(written)))
        out.append(ox.Triple(node, kgo("value"), _decimal(ind.value)))
        if ind.unit:
            out.append(ox.Triple(node, kgo("unit"), _zh(ind.unit)))
        if ind.period:
            out.append(ox.Triple(node, kgo("period"), _plain(ind.period)))
        if ind.change:
            out.append(ox.Triple(node, kgo("change"), _zh(ind.change)))
        if ind.reported_by:
            out.append(ox.Triple(node, kgo("reportedBy"), _iri(ind.reported_by, base)))
        out.append(ox.Triple(art, mentions, node))
        out.extend(_statement(art, mentions, node, art, ind.evidence, 0.8, ind.extractor, base))
    return out


def article_ntriples(ex: Extraction, base: str = str(KGR)) -> bytes:
    """The article's triples as N-Triples (what a worker sends back to the build)."""
    return ox.serialize(article_quads(ex, base), format=ox.RdfFormat.N_TRIPLES)  # type: ignore[no-any-return]


def article_triples(ex: Extraction, base: str = str(KGR)) -> list[Triple]:
    """Every triple one article contributes to the graph, as rdflib terms (the Python API)."""
    return [(from_ox(q.subject), from_ox(q.predicate), from_ox(q.object)) for q in article_quads(ex, base)]


def _statement(s: ox.NamedNode, p: ox.NamedNode, o: ox.NamedNode, art: ox.NamedNode, evidence, confidence: float, extractor: str, base: str) -> list[ox.Triple]:  # type: ignore[no-untyped-def]
    # The statement's id hashes the terms as rdflib wrote them (their IRIs), so ids stay stable.
    st = ox.NamedNode(f"{base}statement/{_hash(s.value, p.value, o.value, art.value, evidence.start, evidence.end, extractor)}")
    start, end = evidence.start, max(evidence.end, evidence.start + 1)
    t, kgo = _T, _T.kgo
    return [
        ox.Triple(st, t.type, t.statement),
        ox.Triple(st, t.subject, s),
        ox.Triple(st, t.predicate, p),
        ox.Triple(st, t.object, o),
        ox.Triple(st, t.derived, art),
        ox.Triple(st, kgo("evidence"), _zh(evidence.sentence)),
        ox.Triple(st, kgo("charStart"), _nonneg(start)),
        ox.Triple(st, kgo("charEnd"), _nonneg(end)),
        ox.Triple(st, kgo("confidence"), _decimal(str(round(confidence, 3)))),
        ox.Triple(st, kgo("extractor"), _plain(extractor)),
    ]


def new_graph(base: str | None = None) -> Graph:
    """An empty rdflib graph with the newskg prefixes bound."""
    return bind_prefixes(Graph(), base)


def to_graph(extractions: Iterable[Extraction], graph: Graph | None = None, base: str = str(KGR)) -> Graph:
    """Add the triples of every extraction to ``graph`` (a new one by default).

    Adding an article already in the graph changes nothing: triples are a set and ids are
    deterministic.
    """
    graph = graph if graph is not None else new_graph(None if base == str(KGR) else base)
    for ex in extractions:
        for triple in article_triples(ex, base):
            graph.add(triple)
    return graph


def partition(graph: Graph) -> Iterator[tuple[URIRef | None, list[Triple]]]:
    """Split a merged graph back into per-article named graphs, using its provenance.

    An article's graph holds the article's own triples, its reified statements and the
    triples they support, and the type and label triples of the entities it mentions.
    Triples no article accounts for come last, with graph name ``None``.
    """
    articles = sorted(graph.subjects(RDF.type, KGO.Article))
    assigned: set[Triple] = set()
    for art in articles:
        triples: set[Triple] = set(graph.triples((art, None, None)))
        for st in graph.subjects(PROV.wasDerivedFrom, art):
            triples.update(graph.triples((st, None, None)))
            s, p, o = graph.value(st, RDF.subject), graph.value(st, RDF.predicate), graph.value(st, RDF.object)
            if s is not None and p is not None and o is not None and (s, p, o) in graph:
                triples.add((s, p, o))
                if p == KGO.holdsPosition:
                    triples.update(graph.triples((o, None, None)))
        for node in graph.objects(art, KGO.mentions):
            for p in (RDF.type, RDFS.label, SKOS.altLabel):
                triples.update(graph.triples((node, p, None)))
            if (node, RDF.type, KGO.Indicator) in graph:
                triples.update(graph.triples((node, None, None)))
        assigned.update(triples)
        yield art, sorted(triples)
    rest = [t for t in graph if t not in assigned]
    if rest:
        yield None, sorted(rest)
