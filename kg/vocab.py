"""The newskg vocabulary as code: one attribute per term of ``ontology/newskg.ttl``.

:class:`KGO` is a closed :class:`~rdflib.namespace.DefinedNamespace` (``_fail = True``), so a
misspelt term fails at once instead of writing a wrong IRI into the graph:

>>> KGO.Article
rdflib.term.URIRef('https://w3id.org/newskg/ontology#Article')
>>> KGO["issued"] == KGO.issued
True
>>> "Artcle" in KGO
False

``tests/test_vocab.py`` checks that this class and the ontology declare the same terms,
and that every ``KGO.<term>`` used in the package exists.  Add a term to both files.

The other namespaces the graph uses are re-exported here so that code imports them from
one place; :func:`bind_prefixes` binds them all on a graph.
"""

from __future__ import annotations

from rdflib import Graph
from rdflib.namespace import ORG, OWL, PROV, RDF, RDFS, SKOS, XSD, DefinedNamespace, Namespace
from rdflib.term import URIRef

__all__ = [
    "KGO",
    "KGR",
    "KGSH",
    "ORG",
    "OWL",
    "PROV",
    "RDF",
    "RDFS",
    "SCHEMA",
    "SKOS",
    "XSD",
    "PREFIXES",
    "bind_prefixes",
]

KGR = Namespace("https://w3id.org/newskg/resource/")
"""Default base of entity IRIs (``kgr:GovernmentAgency/工业和信息化部``); may be overridden."""

KGSH = Namespace("https://w3id.org/newskg/shapes#")
"""Namespace of the SHACL shapes in ``ontology/shapes.ttl``."""

SCHEMA = Namespace("https://schema.org/")
"""schema.org, in its ``https`` form (the same IRIs as rdflib's ``SDO``)."""


class KGO(DefinedNamespace):
    """
    newskg ontology

    Classes and properties of the knowledge graph that newskg extracts from Chinese
    government and science news.

    Generated from: https://w3id.org/newskg/ontology (ontology/newskg.ttl), kept in step by
    tests/test_vocab.py.
    """

    _fail = True

    # http://www.w3.org/2002/07/owl#Class
    Article: URIRef  # One news article, e.g. a 科技日报 report.  Extracted facts point back to it through prov:wasDerivedFrom on their reified statements.
    Organization: URIRef  # Any organization: government body, research institution, team, company or media outlet.
    GovernmentAgency: URIRef  # A Party or state body at any level, or one of its internal departments, e.g. 工业和信息化部, 国家数据局, 中共中央办公厅, 教育部高等教育司.
    ResearchInstitution: URIRef  # A university or one of its schools, an academy, institute or laboratory, e.g. 福州大学, 中国农业科学院棉花研究所.
    ResearchTeam: URIRef  # A named research team or group, e.g. 森林火灾智能防控科研团队, 马雄飞研究员团队.
    Company: URIRef  # An enterprise, e.g. 歌华有线.
    MediaOutlet: URIRef  # A newspaper, news agency or broadcaster, e.g. 科技日报, 新华社.
    Person: URIRef  # A named person, e.g. 张云明.
    Position: URIRef  # A person's post in an organization, e.g. 工业和信息化部副部长: an n-ary node linking the person (kgo:holdsPosition), the organization (kgo:positionIn) and the title as written (kgo:positionTitle).
    Policy: URIRef  # A named policy, legal or planning document, e.g. 《公共数据资源登记管理暂行办法》.
    ResearchResult: URIRef  # A research finding, method, dataset or product, e.g. 火场火线自动提取方法.
    Journal: URIRef  # A journal in which research results are published, e.g. 《自然·通讯》.
    Place: URIRef  # A named place, e.g. 福州, 黑龙江帽儿山实验林场.
    Event: URIRef  # A named event such as a press conference, e.g. 国新办新闻发布会.
    Indicator: URIRef  # A reported statistic: what is measured (kgo:measure), the value as written (kgo:valueText) and as a number (kgo:value), the unit, the period and who reported it, e.g. 5G基站 425万个 (2024).

    # http://www.w3.org/2002/07/owl#ObjectProperty
    issued: URIRef  # The organization issued, published or jointly issued the policy (印发, 发布, 公布, 出台, 制定).
    achieved: URIRef  # The organization or person produced the research result.
    publishedIn: URIRef  # The research result was published in the journal.
    affiliatedWith: URIRef  # The person holds a post in, or belongs to, the organization.
    holdsPosition: URIRef  # The person holds the post (an n-ary kgo:Position node).
    positionIn: URIRef  # The organization in which the post exists.
    leads: URIRef  # The person heads the team or unit.
    partOf: URIRef  # The organization is a unit inside the larger body, e.g. 教育部高等教育司 part of 教育部.
    locatedIn: URIRef  # The organization, event or place is located in the place.
    reporter: URIRef  # A journalist or correspondent who wrote the article.
    correspondent: URIRef  # A correspondent (通讯员) named in the article's dateline or sign-off: a kind of kgo:reporter.
    mentions: URIRef  # The article mentions the entity.
    source: URIRef  # The media outlet that published the article, e.g. 科技日报.
    datelinePlace: URIRef  # The place named in the article's dateline, e.g. 福州 in 本报福州1月21日电.
    reportedBy: URIRef  # The organization that reported the statistic.
    organizer: URIRef  # The organization that held the event.

    # http://www.w3.org/2002/07/owl#DatatypeProperty
    positionTitle: URIRef  # The title of the post as written, e.g. 副部长, 党组书记、局长, 研究员: a "…"@zh or xsd:string literal.
    title: URIRef  # The headline of the article: a "…"@zh or xsd:string literal.
    datePublished: URIRef  # The date the article was published: an xsd:date, or an xsd:gMonthDay ("--01-21") when the year is unknown.
    kicker: URIRef  # The kicker (引题): the short line printed above the headline.
    url: URIRef  # The web address of the article, as an xsd:anyURI literal.
    sourceId: URIRef  # The identifier the input gave the article, if any.
    continuedFrom: URIRef  # The page the article is continued from, as printed in （上接第一版）: "第一版".
    continuedOn: URIRef  # The page the article continues on, as printed in （下转第二版）: "第二版".
    inputFile: URIRef  # The name of the input file the article was read from.
    evidence: URIRef  # The sentence the statement was read from, as a "…"@zh literal.
    charStart: URIRef  # Start of the evidence span in the article text: a 0-based offset counted in Unicode code points (an xsd:integer, 0 or more).
    charEnd: URIRef  # End of the evidence span in the article text, exclusive, so greater than kgo:charStart (an xsd:integer, 0 or more).
    confidence: URIRef  # How sure the extractor is of the statement: an xsd:decimal from 0 to 1.
    extractor: URIRef  # The name of the extraction rule that produced the statement.
    measure: URIRef  # What the statistic measures, e.g. "5G基站"@zh.
    value: URIRef  # The value as a number, when it can be read as one: an xsd:decimal with multipliers such as 万 and 亿 applied (425万个 → 4250000).
    valueText: URIRef  # The value exactly as written in the article, e.g. "425万个".
    unit: URIRef  # The unit of the value as written, e.g. 个, 亿元, %.
    period: URIRef  # The period the statistic covers, as written or normalised, e.g. "2024", "2024年底".
    change: URIRef  # Set when the value is a change rather than a level: the wording used, e.g. 同比增长, 增长, 下降.
    eventDate: URIRef  # When the event took place, as written or normalised, e.g. "1月21日".

    _NS = Namespace("https://w3id.org/newskg/ontology#")


PREFIXES: dict[str, Namespace | type[DefinedNamespace]] = {
    "kgo": KGO,
    "kgr": KGR,
    "schema": SCHEMA,
    "prov": PROV,
    "skos": SKOS,
    "org": ORG,
    "rdf": RDF,
    "rdfs": RDFS,
    "xsd": XSD,
    "owl": OWL,
}
"""The prefixes newskg output uses, by prefix (``kgr`` is the default resource base)."""


def bind_prefixes(graph: Graph, resource_base: str | None = None) -> Graph:
    """Bind the newskg prefixes on ``graph`` (replacing other bindings of them) and return it.

    ``resource_base`` overrides the IRI bound to ``kgr:`` when entities live elsewhere.

    >>> g = bind_prefixes(Graph())
    >>> g.namespace_manager.compute_qname(str(KGO.issued))[:2]
    ('kgo', rdflib.term.URIRef('https://w3id.org/newskg/ontology#'))
    """
    for prefix, namespace in PREFIXES.items():
        iri = resource_base if prefix == "kgr" and resource_base is not None else str(namespace)
        graph.bind(prefix, Namespace(iri), override=True, replace=True)
    return graph
