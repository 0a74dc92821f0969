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

from rdflib import Graph, Literal, URIRef
from rdflib.term import Node

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


def entity_iri(entity_id: str, base: str = str(KGR)) -> URIRef:
    """The IRI of an entity id such as ``org/工业和信息化部``."""
    group, _, name = entity_id.partition("/")
    return URIRef(f"{base}{group}/{iri_segment(name)}")


def article_iri(article: Article | str, base: str = str(KGR)) -> URIRef:
    aid = article if isinstance(article, str) else article.id
    return URIRef(f"{base}article/{aid}")


def _hash(*parts: object) -> str:
    return hashlib.blake2b("\x1f".join(str(p) for p in parts).encode("utf-8"), digest_size=8).hexdigest()


def _zh(text: str) -> Literal:
    return Literal(text, lang="zh")


def _alias(text: str) -> Literal:
    # Latin-script aliases (Nature, CERN) are English names; the rest are Chinese.
    return Literal(text, lang="en" if text.isascii() else "zh")


def _date(value: str) -> Literal:
    if value.startswith("--"):
        return Literal(value, datatype=XSD.gMonthDay)
    return Literal(value, datatype=XSD.date)


def _nonneg(n: int) -> Literal:
    return Literal(str(n), datatype=XSD.integer)


def article_triples(ex: Extraction, base: str = str(KGR)) -> list[Triple]:
    """Every triple one article contributes to the graph."""
    a = ex.article
    art = article_iri(a, base)
    ids = {e.id for e in ex.entities}
    out: list[Triple] = [
        (art, RDF.type, KGO.Article),
        (art, KGO.title, _zh(a.label)),
    ]
    if a.kicker:
        out.append((art, KGO.kicker, _zh(a.kicker)))
    if a.date:
        out.append((art, KGO.datePublished, _date(a.date)))
    if a.url:
        out.append((art, KGO.url, Literal(a.url, datatype=XSD.anyURI)))
    if a.source_id:
        out.append((art, KGO.sourceId, Literal(a.source_id)))
    if a.path:
        out.append((art, KGO.inputFile, Literal(a.path)))
    if a.continued_from:
        out.append((art, KGO.continuedFrom, _zh(a.continued_from)))
    if a.continued_to:
        out.append((art, KGO.continuedOn, _zh(a.continued_to)))

    by_label = {(e.type, e.label): e.id for e in ex.entities}
    if a.source:
        outlet = by_label.get(("MediaOutlet", a.source)) or next((e.id for e in ex.entities if e.type == "MediaOutlet" and a.source in e.aliases), None)
        if outlet:
            out.append((art, KGO.source, entity_iri(outlet, base)))
    if a.place:
        place = next((e.id for e in ex.entities if e.type == "Place" and (e.label == a.place or a.place in e.aliases)), None)
        if place:
            out.append((art, KGO.datelinePlace, entity_iri(place, base)))

    for e in ex.entities:
        node = entity_iri(e.id, base)
        out.append((node, RDF.type, KGO[e.type]))
        out.append((node, RDFS.label, _zh(e.label)))
        out.extend((node, SKOS.altLabel, _alias(alias)) for alias in e.aliases)
        out.append((art, KGO.mentions, node))

    correspondents = {r.name for r in a.reporters if r.role == "通讯员"}
    for rel in ex.relations:
        subj = art if rel.subject.startswith("article/") else entity_iri(rel.subject, base)
        if rel.subject not in ids and subj != art:
            continue
        obj = entity_iri(rel.object, base)
        pred = KGO[rel.predicate]
        if rel.predicate == "reporter" and rel.object.partition("/")[2] in correspondents:
            pred = KGO.correspondent
        out.append((subj, pred, obj))
        out.extend(_statement(subj, pred, obj, art, rel.evidence, rel.confidence, rel.extractor, base))

    for post in ex.posts:
        person = entity_iri(post.person, base)
        pos = URIRef(f"{base}position/{_hash(post.person, post.organization, post.title)}")
        out.append((pos, RDF.type, KGO.Position))
        # No rdfs:label: the post is identified by its person, organization and title.
        out.append((pos, KGO.positionTitle, _zh(post.title)))
        out.append((person, KGO.holdsPosition, pos))
        out.extend(_statement(person, KGO.holdsPosition, pos, art, post.evidence, post.confidence, post.extractor, base))
        if post.organization:
            org = entity_iri(post.organization, base)
            out.append((pos, KGO.positionIn, org))
            out.append((person, KGO.affiliatedWith, org))
            out.extend(_statement(person, KGO.affiliatedWith, org, art, post.evidence, post.confidence, post.extractor, base))

    for ind in ex.indicators:
        node = URIRef(f"{base}{ind.id}")
        written = ind.written or a.text[ind.evidence.start : ind.evidence.end]
        out.append((node, RDF.type, KGO.Indicator))
        label = f"{ind.what} {written}" + (f" ({ind.period})" if ind.period else "")
        out.append((node, RDFS.label, _zh(label)))
        out.append((node, KGO.measure, _zh(ind.what)))
        out.append((node, KGO.valueText, _zh(written)))
        out.append((node, KGO.value, Literal(Decimal(ind.value))))
        if ind.unit:
            out.append((node, KGO.unit, _zh(ind.unit)))
        if ind.period:
            out.append((node, KGO.period, Literal(ind.period)))
        if ind.change:
            out.append((node, KGO.change, _zh(ind.change)))
        if ind.reported_by:
            out.append((node, KGO.reportedBy, entity_iri(ind.reported_by, base)))
        out.append((art, KGO.mentions, node))
        out.extend(_statement(art, KGO.mentions, node, art, ind.evidence, 0.8, ind.extractor, base))
    return out


def _statement(s: Node, p: Node, o: Node, art: URIRef, evidence, confidence: float, extractor: str, base: str) -> list[Triple]:  # type: ignore[no-untyped-def]
    st = URIRef(f"{base}statement/{_hash(s, p, o, art, evidence.start, evidence.end, extractor)}")
    start, end = evidence.start, max(evidence.end, evidence.start + 1)
    return [
        (st, RDF.type, RDF.Statement),
        (st, RDF.subject, s),
        (st, RDF.predicate, p),
        (st, RDF.object, o),
        (st, PROV.wasDerivedFrom, art),
        (st, KGO.evidence, _zh(evidence.sentence)),
        (st, KGO.charStart, _nonneg(start)),
        (st, KGO.charEnd, _nonneg(end)),
        (st, KGO.confidence, Literal(Decimal(str(round(confidence, 3))))),
        (st, KGO.extractor, Literal(extractor)),
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
