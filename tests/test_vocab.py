"""kg.vocab against ontology/newskg.ttl, and ontology/shapes.ttl against small graphs.

The ontology files are read only through :func:`kg.resources.ontology_file`, the loader the
package itself uses, so these tests also hold for an installed wheel.
"""

from __future__ import annotations

import inspect
import itertools
import re
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pyoxigraph
import pytest
import rdflib.namespace
import rdflib.term
from pyshacl import validate
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.compare import isomorphic
from rdflib.namespace import OWL, PROV, RDF, RDFS, SH, SKOS

from kg.resources import ontology_file
from kg.vocab import KGO, KGR, SCHEMA, bind_prefixes

# rdflib's XSD namespace warns on unknown attributes, and pytest probes every module
# global for mock attributes, so keep the namespace itself out of this module's globals.
XSD_DATE = rdflib.namespace.XSD.date
XSD_GMONTHDAY = rdflib.namespace.XSD.gMonthDay
XSD_INT = rdflib.namespace.XSD.integer
XSD_ANYURI = rdflib.namespace.XSD.anyURI

PACKAGE_DIR = Path(__file__).resolve().parent.parent / "kg"
ONTOLOGY_IRI = URIRef("https://w3id.org/newskg/ontology")
TERM_TYPES = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty)

# The fixed contract of ONTOLOGY-CORE.md: these local names may never change.
CORE_CLASSES = [
    "Article",
    "Organization",
    "GovernmentAgency",
    "ResearchInstitution",
    "ResearchTeam",
    "Company",
    "MediaOutlet",
    "Person",
    "Position",
    "Policy",
    "ResearchResult",
    "Journal",
    "Place",
    "Event",
    "Indicator",
]
CORE_PROPERTIES = [
    "issued",
    "achieved",
    "publishedIn",
    "affiliatedWith",
    "holdsPosition",
    "positionIn",
    "positionTitle",
    "leads",
    "partOf",
    "locatedIn",
    "reporter",
    "mentions",
    "title",
    "datePublished",
]
CORE_PROVENANCE = ["evidence", "charStart", "charEnd", "confidence", "extractor"]

# The visualisation prints these Chinese labels on the edges.
EDGE_LABELS_ZH = [
    ("issued", "发布"),
    ("achieved", "取得"),
    ("publishedIn", "发表于"),
    ("affiliatedWith", "任职于"),
    ("holdsPosition", "担任"),
    ("positionIn", "职位所在"),
    ("positionTitle", "职务"),
    ("leads", "领导"),
    ("partOf", "隶属于"),
    ("locatedIn", "位于"),
    ("reporter", "记者"),
    ("mentions", "提及"),
]

# "none" is the recommended mode (see the top of shapes.ttl); "rdfs" must work as well.
INFERENCE_MODES = ["none", "rdfs"]


def _parse(name: str) -> Graph:
    return Graph().parse(data=ontology_file(name).read_text(encoding="utf-8"), format="turtle")


@pytest.fixture(autouse=True)
def _rdflib_literal_converters():
    # inference="rdfs" runs owlrl, which leaves its own literal converters installed in
    # rdflib; its xsd:gMonthDay one rejects "--01-22".  Undo that so tests stay independent.
    saved = dict(rdflib.term._toPythonMapping)
    yield
    rdflib.term._toPythonMapping.clear()
    rdflib.term._toPythonMapping.update(saved)


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return _parse("newskg.ttl")


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return _parse("shapes.ttl")


def _code_terms() -> set[str]:
    return set(inspect.get_annotations(KGO))


def _ontology_terms(ontology: Graph) -> set[str]:
    return {
        str(s)[len(str(KGO)) :]
        for t in TERM_TYPES
        for s in ontology.subjects(RDF.type, t)
        if isinstance(s, URIRef) and str(s).startswith(str(KGO))
    }


# --- code and ontology declare the same terms -------------------------------------------


def test_vocab_code_terms_are_declared_in_ontology(ontology: Graph) -> None:
    missing = _code_terms() - _ontology_terms(ontology)
    assert not missing, f"in kg/vocab.py KGO but not declared in newskg.ttl: {sorted(missing)}"


def test_vocab_ontology_terms_are_in_code(ontology: Graph) -> None:
    missing = _ontology_terms(ontology) - _code_terms()
    assert not missing, f"declared in newskg.ttl but missing from kg/vocab.py KGO: {sorted(missing)}"


def test_vocab_every_kgo_iri_in_ontology_is_declared(ontology: Graph) -> None:
    # Catches a typo inside the ontology itself (kgo:Organisation in a domain, say).
    used = {
        str(term)[len(str(KGO)) :]
        for triple in ontology
        for term in triple
        if isinstance(term, URIRef) and str(term).startswith(str(KGO))
    }
    assert used - _code_terms() == set()


def test_vocab_misspelt_term_raises() -> None:
    with pytest.raises(AttributeError):
        KGO.Artcle  # noqa: B018 - the lookup itself must fail
    with pytest.raises(AttributeError):
        KGO["isued"]


def test_vocab_terms_are_in_the_ontology_namespace() -> None:
    assert KGO.Article == URIRef("https://w3id.org/newskg/ontology#Article")
    assert KGR["GovernmentAgency/工业和信息化部"].startswith("https://w3id.org/newskg/resource/")


@pytest.mark.parametrize("name", CORE_CLASSES)
def test_vocab_core_class_is_declared(ontology: Graph, name: str) -> None:
    assert name in KGO
    assert (KGO[name], RDF.type, OWL.Class) in ontology


@pytest.mark.parametrize("name", CORE_PROPERTIES + CORE_PROVENANCE)
def test_vocab_core_property_is_declared(ontology: Graph, name: str) -> None:
    assert name in KGO
    kinds = set(ontology.objects(KGO[name], RDF.type))
    assert kinds & {OWL.ObjectProperty, OWL.DatatypeProperty}, f"kgo:{name} is not declared as a property"


@pytest.mark.parametrize("name", sorted(_code_terms()))
def test_vocab_term_has_labels_and_comment(ontology: Graph, name: str) -> None:
    term = KGO[name]
    labels = list(ontology.objects(term, RDFS.label))
    for lang in ("zh", "en"):
        in_lang = [lb for lb in labels if isinstance(lb, Literal) and lb.language == lang]
        assert len(in_lang) == 1, f"kgo:{name} has {len(in_lang)} rdfs:label @{lang}, expected one"
    comments = [c for c in ontology.objects(term, RDFS.comment) if isinstance(c, Literal) and c.language == "en"]
    assert comments and all(str(c).strip() for c in comments), f"kgo:{name} has no rdfs:comment @en"
    assert (term, RDFS.isDefinedBy, ONTOLOGY_IRI) in ontology


@pytest.mark.parametrize(("name", "label"), EDGE_LABELS_ZH)
def test_vocab_edge_label_zh(ontology: Graph, name: str, label: str) -> None:
    assert Literal(label, lang="zh") in set(ontology.objects(KGO[name], RDFS.label))


def test_vocab_ontology_header(ontology: Graph) -> None:
    assert (ONTOLOGY_IRI, RDF.type, OWL.Ontology) in ontology
    for prop in (OWL.versionInfo, OWL.versionIRI, URIRef("http://purl.org/dc/terms/license")):
        assert ontology.value(ONTOLOGY_IRI, prop) is not None, f"the ontology header lacks {prop}"


@pytest.mark.parametrize(
    ("sub", "relation", "sup"),
    [
        (KGO.Organization, RDFS.subClassOf, URIRef("http://www.w3.org/ns/org#Organization")),
        (KGO.Organization, RDFS.subClassOf, SCHEMA.Organization),
        (KGO.Person, RDFS.subClassOf, PROV.Agent),
        (KGO.Article, RDFS.subClassOf, SCHEMA.NewsArticle),
        (KGO.GovernmentAgency, RDFS.subClassOf, KGO.Organization),
        (KGO.partOf, RDFS.subPropertyOf, URIRef("http://www.w3.org/ns/org#subOrganizationOf")),
        (KGO.correspondent, RDFS.subPropertyOf, KGO.reporter),
        (KGO.mentions, RDFS.subPropertyOf, SCHEMA.mentions),
    ],
)
def test_vocab_alignment(ontology: Graph, sub: URIRef, relation: URIRef, sup: URIRef) -> None:
    assert (sub, relation, sup) in ontology


def test_vocab_terms_used_in_package_are_declared() -> None:
    # Guards code written later: a KGO.<typo> would only fail when that line runs.
    pattern = re.compile(r"KGO\.([A-Za-z_]+)")
    unknown = {
        f"{path.relative_to(PACKAGE_DIR.parent)}: KGO.{name}"
        for path in PACKAGE_DIR.rglob("*.py")
        for name in pattern.findall(path.read_text(encoding="utf-8"))
        if name not in KGO
    }
    assert not unknown, f"undeclared terms used: {sorted(unknown)}"


def test_vocab_shapes_use_only_declared_terms(shapes: Graph) -> None:
    used = {
        str(term)[len(str(KGO)) :]
        for triple in shapes
        for term in triple
        if isinstance(term, URIRef) and str(term).startswith(str(KGO))
    }
    assert used and used <= _code_terms(), sorted(used - _code_terms())


def test_vocab_bind_prefixes() -> None:
    graph = bind_prefixes(Graph())
    bound = {prefix: str(ns) for prefix, ns in graph.namespaces()}
    assert bound["kgo"] == str(KGO)
    assert bound["kgr"] == str(KGR)
    assert bound["schema"] == "https://schema.org/"
    assert {"prov", "skos", "org", "rdfs", "xsd", "owl"} <= set(bound)
    other = bind_prefixes(Graph(), resource_base="https://example.org/kg/")
    assert dict(other.namespaces())["kgr"] == URIRef("https://example.org/kg/")


# --- independent parser -------------------------------------------------------------------


@pytest.mark.parametrize("name", ["newskg.ttl", "shapes.ttl"])
def test_vocab_ontology_parses_with_pyoxigraph(name: str) -> None:
    text = ontology_file(name).read_text(encoding="utf-8")
    triples = set(pyoxigraph.parse(text, pyoxigraph.RdfFormat.TURTLE))
    reference = _parse(name)
    assert len(triples) == len(reference)
    ntriples = pyoxigraph.serialize(triples, format=pyoxigraph.RdfFormat.N_TRIPLES)
    assert isomorphic(Graph().parse(data=ntriples.decode("utf-8"), format="nt"), reference)


# --- SHACL shapes ----------------------------------------------------------------------------

ARTICLE = KGR["Article/kjrb-2025-01-22-p1-1"]
OUTLET = KGR["MediaOutlet/科技日报"]
PLACE = KGR["Place/北京"]
REPORTER = KGR["Person/刘垠"]
AGENCY = KGR["GovernmentAgency/工业和信息化部"]
POLICY = KGR["Policy/《工业互联网创新发展行动计划》"]
OFFICIAL = KGR["Person/张云明"]
POSITION = KGR["Position/张云明-工业和信息化部-副部长"]
INDICATOR = KGR["Indicator/kjrb-2025-01-22-p1-1-1"]
INTRUDER = KGR["Person/王五"]
STATEMENT = BNode("issued-statement")

ARTICLE_TEXT = (
    "工信部印发行动计划\n"
    "本报北京1月21日电 工业和信息化部近日印发《工业互联网创新发展行动计划》。"
)
EVIDENCE = "工业和信息化部近日印发《工业互联网创新发展行动计划》。"
EVIDENCE_START = ARTICLE_TEXT.index(EVIDENCE)


def _valid_graph() -> Graph:
    """One article with an issued relation, its reification and a few other entities."""
    g = bind_prefixes(Graph())
    zh = lambda text: Literal(text, lang="zh")  # noqa: E731 - local shorthand
    g.add((ARTICLE, RDF.type, KGO.Article))
    g.add((ARTICLE, KGO.title, zh("工信部印发行动计划")))
    g.add((ARTICLE, KGO.kicker, zh("推动工业互联网发展")))
    g.add((ARTICLE, KGO.datePublished, Literal("2025-01-22", datatype=XSD_DATE)))
    g.add((ARTICLE, KGO.source, OUTLET))
    g.add((ARTICLE, KGO.datelinePlace, PLACE))
    g.add((ARTICLE, KGO.reporter, REPORTER))
    g.add((ARTICLE, KGO.url, Literal("https://example.org/kjrb/1.html", datatype=XSD_ANYURI)))
    g.add((ARTICLE, KGO.sourceId, Literal("kjrb-2025-01-22-p1-1")))
    g.add((ARTICLE, KGO.inputFile, Literal("kjrb-2025-01-22-p1.txt")))
    for entity in (AGENCY, POLICY, OFFICIAL):
        g.add((ARTICLE, KGO.mentions, entity))

    for node, cls, label in [
        (OUTLET, KGO.MediaOutlet, "科技日报"),
        (PLACE, KGO.Place, "北京"),
        (REPORTER, KGO.Person, "刘垠"),
        (AGENCY, KGO.GovernmentAgency, "工业和信息化部"),
        (POLICY, KGO.Policy, "《工业互联网创新发展行动计划》"),
        (OFFICIAL, KGO.Person, "张云明"),
    ]:
        g.add((node, RDF.type, cls))
        g.add((node, RDFS.label, zh(label)))
    g.add((AGENCY, SKOS.altLabel, zh("工信部")))
    g.add((AGENCY, SKOS.altLabel, Literal("Ministry of Industry and Information Technology", lang="en")))

    g.add((AGENCY, KGO.issued, POLICY))
    g.add((STATEMENT, RDF.type, RDF.Statement))
    g.add((STATEMENT, RDF.subject, AGENCY))
    g.add((STATEMENT, RDF.predicate, KGO.issued))
    g.add((STATEMENT, RDF.object, POLICY))
    g.add((STATEMENT, PROV.wasDerivedFrom, ARTICLE))
    g.add((STATEMENT, KGO.evidence, zh(EVIDENCE)))
    g.add((STATEMENT, KGO.charStart, Literal(EVIDENCE_START, datatype=XSD_INT)))
    end = EVIDENCE_START + len(EVIDENCE)
    g.add((STATEMENT, KGO.charEnd, Literal(end, datatype=XSD_INT)))
    g.add((STATEMENT, KGO.confidence, Literal(Decimal("0.9"))))
    g.add((STATEMENT, KGO.extractor, Literal("issued.verb")))

    g.add((OFFICIAL, KGO.affiliatedWith, AGENCY))
    g.add((OFFICIAL, KGO.holdsPosition, POSITION))
    g.add((POSITION, RDF.type, KGO.Position))
    g.add((POSITION, KGO.positionTitle, zh("副部长")))
    g.add((POSITION, KGO.positionIn, AGENCY))

    g.add((INDICATOR, RDF.type, KGO.Indicator))
    g.add((INDICATOR, KGO.measure, zh("5G基站")))
    g.add((INDICATOR, KGO.valueText, zh("425万个")))
    g.add((INDICATOR, KGO.value, Literal(Decimal("4250000"))))
    g.add((INDICATOR, KGO.unit, zh("个")))
    g.add((INDICATOR, KGO.period, Literal("2024")))
    g.add((INDICATOR, KGO.reportedBy, AGENCY))
    return g


def _violations(data: Graph, shapes: Graph, ontology: Graph, inference: str) -> list[dict[str, object]]:
    conforms, results, _text = validate(
        data, shacl_graph=shapes, ont_graph=ontology, inference=inference, allow_warnings=False
    )
    found = [
        {
            "focus": results.value(r, SH.focusNode),
            "path": results.value(r, SH.resultPath),
            "component": results.value(r, SH.sourceConstraintComponent),
            "message": str(results.value(r, SH.resultMessage)),
        }
        for r in results.objects(None, SH.result)
        if results.value(r, SH.resultSeverity) == SH.Violation
    ]
    assert conforms == (not found)
    return found


def _set(node: URIRef | BNode, prop: URIRef, value: object) -> Callable[[Graph], None]:
    def change(g: Graph) -> None:
        g.set((node, prop, value if isinstance(value, (URIRef, BNode, Literal)) else Literal(value)))

    return change


def _drop(node: URIRef | BNode, prop: URIRef) -> Callable[[Graph], None]:
    def change(g: Graph) -> None:
        g.remove((node, prop, None))

    return change


def _add(*triples: tuple) -> Callable[[Graph], None]:
    def change(g: Graph) -> None:
        for triple in triples:
            g.add(triple)

    return change


def _person_issues_policy(g: Graph) -> None:
    g.add((INTRUDER, RDF.type, KGO.Person))
    g.add((INTRUDER, RDFS.label, Literal("王五", lang="zh")))
    g.add((INTRUDER, KGO.issued, POLICY))


def _agency_issues_person(g: Graph) -> None:
    g.add((INTRUDER, RDF.type, KGO.Person))
    g.add((INTRUDER, RDFS.label, Literal("王五", lang="zh")))
    g.add((AGENCY, KGO.issued, INTRUDER))


# (name, change to the valid graph, nodes of which at least one must be a violation's focus).
# With inference="rdfs" a wrongly typed end of a relation is reported by the disjointness
# shapes on that node; with "none" by the relation's shape on the subject.
BROKEN = [
    ("second_zh_label", _add((AGENCY, RDFS.label, Literal("工信部", lang="zh"))), {AGENCY}),
    ("english_label_only", _set(POLICY, RDFS.label, Literal("Action plan", lang="en")), {POLICY}),
    ("alt_label_without_language", _add((AGENCY, SKOS.altLabel, Literal("工信部"))), {AGENCY}),
    ("issued_from_person", _person_issues_policy, {INTRUDER}),
    ("issued_to_person", _agency_issues_person, {INTRUDER, AGENCY}),
    ("confidence_above_one", _set(STATEMENT, KGO.confidence, Literal(Decimal("1.5"))), {STATEMENT}),
    ("confidence_as_double", _set(STATEMENT, KGO.confidence, Literal(0.9)), {STATEMENT}),
    ("statement_without_evidence", _drop(STATEMENT, KGO.evidence), {STATEMENT}),
    ("evidence_without_language", _set(STATEMENT, KGO.evidence, Literal(EVIDENCE)), {STATEMENT}),
    ("statement_without_extractor", _drop(STATEMENT, KGO.extractor), {STATEMENT}),
    ("char_start_negative", _set(STATEMENT, KGO.charStart, Literal(-1)), {STATEMENT}),
    ("char_start_as_string", _set(STATEMENT, KGO.charStart, Literal(str(EVIDENCE_START))), {STATEMENT}),
    (
        "char_end_before_start",
        _set(STATEMENT, KGO.charEnd, Literal(EVIDENCE_START, datatype=XSD_INT)),
        {STATEMENT},
    ),
    ("derived_from_non_article", _set(STATEMENT, PROV.wasDerivedFrom, AGENCY), {STATEMENT}),
    ("statement_without_type", _drop(STATEMENT, RDF.type), {STATEMENT}),
    ("article_without_title", _drop(ARTICLE, KGO.title), {ARTICLE}),
    ("article_with_two_titles", _add((ARTICLE, KGO.title, Literal("另一个标题", lang="zh"))), {ARTICLE}),
    ("date_as_string", _set(ARTICLE, KGO.datePublished, Literal("2025-01-22")), {ARTICLE}),
    ("position_without_title", _drop(POSITION, KGO.positionTitle), {POSITION}),
    ("indicator_without_measure", _drop(INDICATOR, KGO.measure), {INDICATOR}),
    ("indicator_value_as_text", _set(INDICATOR, KGO.value, Literal("425万")), {INDICATOR}),
]


# Under inference="rdfs" the ontology's rdfs:domain of kgo:evidence types the node as an
# rdf:Statement, so a forgotten type is only reported with "none".
TYPED_BY_RDFS = {"statement_without_type"}


@pytest.mark.parametrize("inference", INFERENCE_MODES)
def test_vocab_shapes_accept_valid_graph(shapes: Graph, ontology: Graph, inference: str) -> None:
    assert _violations(_valid_graph(), shapes, ontology, inference) == []


@pytest.mark.parametrize("inference", INFERENCE_MODES)
def test_vocab_shapes_accept_other_valid_forms(shapes: Graph, ontology: Graph, inference: str) -> None:
    g = _valid_graph()
    # Allowed alternatives: plain-string titles, a month-day date, an extra English rdfs:label.
    g.set((ARTICLE, KGO.title, Literal("工信部印发行动计划")))
    g.set((ARTICLE, KGO.datePublished, Literal("--01-22", datatype=XSD_GMONTHDAY)))
    g.set((POSITION, KGO.positionTitle, Literal("党组书记、局长")))
    g.add((POLICY, RDFS.label, Literal("Action plan", lang="en")))
    assert _violations(g, shapes, ontology, inference) == []


@pytest.mark.parametrize("inference", INFERENCE_MODES)
@pytest.mark.parametrize(("name", "change", "focus"), BROKEN, ids=[b[0] for b in BROKEN])
def test_vocab_shapes_report_broken_graph(
    shapes: Graph,
    ontology: Graph,
    inference: str,
    name: str,
    change: Callable[[Graph], None],
    focus: set[URIRef | BNode],
) -> None:
    g = _valid_graph()
    change(g)
    found = _violations(g, shapes, ontology, inference)
    if inference == "rdfs" and name in TYPED_BY_RDFS:
        assert found == []
        return
    assert found, f"{name}: the broken graph conforms"
    assert {v["focus"] for v in found} & focus, f"{name}: violations on other nodes: {found}"
    assert all(v["message"].strip() for v in found)


def _disjoint_pairs(ontology: Graph) -> set[frozenset[URIRef]]:
    """Every pair of kgo classes the ontology makes disjoint, subclasses included."""

    def with_subclasses(cls: URIRef) -> set[URIRef]:
        return set(ontology.transitive_subjects(RDFS.subClassOf, cls))  # includes cls

    pairs = set()
    for axiom in ontology.subjects(RDF.type, OWL.AllDisjointClasses):
        members = list(Collection(ontology, ontology.value(axiom, OWL.members)))
        for a, b in itertools.combinations(members, 2):
            pairs |= {frozenset((x, y)) for x in with_subclasses(a) for y in with_subclasses(b)}
    return pairs


@pytest.mark.parametrize("inference", INFERENCE_MODES)
def test_vocab_shapes_enforce_disjoint_classes(shapes: Graph, ontology: Graph, inference: str) -> None:
    # A node typed with both classes of a disjoint pair must be caught by a disjointness
    # (sh:not) shape; classes that may overlap must not be.
    pairs = _disjoint_pairs(ontology)
    assert frozenset((KGO.Person, KGO.MediaOutlet)) in pairs
    overlaps = [
        (KGO.Organization, KGO.Place),
        (KGO.ResearchInstitution, KGO.Place),
        (KGO.MediaOutlet, KGO.Journal),
        (KGO.GovernmentAgency, KGO.ResearchInstitution),
    ]
    assert not {frozenset(p) for p in overlaps} & pairs

    g = Graph()
    nodes = {}
    for i, pair in enumerate(sorted(tuple(sorted(p)) for p in pairs)):
        nodes[KGR[f"test/disjoint-{i}"]] = pair
    for i, pair in enumerate(overlaps):
        nodes[KGR[f"test/overlap-{i}"]] = pair
    for node, pair in nodes.items():
        for cls in pair:
            g.add((node, RDF.type, cls))
        g.add((node, RDFS.label, Literal("测试", lang="zh")))
    results = _violations(g, shapes, ontology, inference)
    caught = [v["focus"] for v in results if v["component"] == SH.NotConstraintComponent]
    expected = {node for node in nodes if "disjoint" in node}
    missed = [nodes[n] for n in expected - set(caught)]
    wrongly = [nodes[n] for n in set(caught) - expected]
    assert not missed and not wrongly, f"missed: {missed}; wrongly reported: {wrongly}"
    if inference == "none":  # with "rdfs" the superclasses are types too, and are reported as well
        assert len(caught) == len(expected), "a disjoint pair is reported more than once"


@pytest.mark.xfail(strict=True, reason="owlrl 7.6.2 leaves a broken xsd:gMonthDay converter in rdflib")
def test_vocab_rdfs_inference_leaves_month_day_dates_valid(shapes: Graph, ontology: Graph) -> None:
    # Documents why shapes.ttl recommends inference="none": after one "rdfs" validation, a
    # month-day date built in the same process is ill-typed.  When this starts passing,
    # the workaround in the fixture above (and any in kg) can go.
    _violations(_valid_graph(), shapes, ontology, "rdfs")
    g = _valid_graph()
    g.set((ARTICLE, KGO.datePublished, Literal("--01-22", datatype=XSD_GMONTHDAY)))
    assert _violations(g, shapes, ontology, "none") == []
