"""The graph stage: triples, IRIs, provenance, determinism, merging, exports, validation."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic

from kg.exporter import export
from kg.extraction import extract
from kg.graph import entity_iri, iri_segment, partition, to_graph
from kg.pipeline import build
from kg.rdfio import serialize_triples
from kg.reader import ReadOptions, read_text
from kg.shacl import validate
from kg.vocab import KGO, KGR, PROV, RDF, RDFS, XSD
from tests.helpers import page

PAGE_A = page(
    "# 两部门联合印发通知",
    "经济日报北京6月3日电（记者赵明远）自然资源部、农业农村部联合印发《耕地保护专项规划》《土地整治管理办法（试行）》。",
    "自然资源部副部长钱卫平介绍了有关情况。",
)
PAGE_B = page(
    "# 高校团队取得新成果",
    "光明日报南京6月4日电（记者孙晓燕 通讯员冯立）记者从南京大学获悉，该校化学化工学院郑海鹰教授团队研制出一种新型催化材料，相关成果发表在《自然·化学》上。",
    "自然资源部还表示将继续推进有关工作。",
)


def _extractions(*pages: str, year: int = 2024):
    out = []
    for i, text in enumerate(pages):
        out.extend(extract(a) for a in read_text(text, f"page{i}.txt", ReadOptions(year=year)))
    return out


@pytest.fixture(scope="module")
def graph_ab():
    return to_graph(_extractions(PAGE_A, PAGE_B))


def _label(g: Graph, node) -> str:
    return str(g.value(node, RDFS.label))


def test_graph_entities_have_one_zh_label_and_aliases(graph_ab):
    agency = entity_iri("org/自然资源部")
    labels = list(graph_ab.objects(agency, RDFS.label))
    assert labels == [Literal("自然资源部", lang="zh")]
    assert (agency, RDF.type, KGO.GovernmentAgency) in graph_ab


def test_graph_issued_is_asserted_and_reified_with_evidence(graph_ab):
    agency, policy = entity_iri("org/自然资源部"), entity_iri("policy/耕地保护专项规划")
    assert (agency, KGO.issued, policy) in graph_ab
    statements = list(graph_ab.subjects(RDF.subject, agency))
    st = next(s for s in statements if graph_ab.value(s, RDF.object) == policy)
    assert graph_ab.value(st, RDF.predicate) == KGO.issued
    evidence = graph_ab.value(st, KGO.evidence)
    assert evidence.language == "zh" and "联合印发《耕地保护专项规划》" in str(evidence)
    assert graph_ab.value(st, KGO.confidence).datatype == XSD.decimal
    assert graph_ab.value(st, KGO.charStart).datatype == XSD.integer
    article = graph_ab.value(st, PROV.wasDerivedFrom)
    assert (article, RDF.type, KGO.Article) in graph_ab
    assert str(graph_ab.value(article, KGO.title)) == "两部门联合印发通知"


def test_graph_evidence_span_points_into_the_article_text():
    [ex] = _extractions(PAGE_A)
    g = to_graph([ex])
    text = ex.article.text
    for st in g.subjects(RDF.type, RDF.Statement):
        start, end = int(g.value(st, KGO.charStart)), int(g.value(st, KGO.charEnd))
        assert str(g.value(st, KGO.evidence)).find(text[start:end]) >= 0


def test_graph_posts_are_n_ary(graph_ab):
    person = entity_iri("person/钱卫平")
    [post] = list(graph_ab.objects(person, KGO.holdsPosition))
    assert (post, RDF.type, KGO.Position) in graph_ab
    assert str(graph_ab.value(post, KGO.positionTitle)) == "副部长"
    assert graph_ab.value(post, KGO.positionIn) == entity_iri("org/自然资源部")
    assert (person, KGO.affiliatedWith, entity_iri("org/自然资源部")) in graph_ab


def test_graph_article_metadata(graph_ab):
    articles = {_label_title(graph_ab, a): a for a in graph_ab.subjects(RDF.type, KGO.Article)}
    b = articles["高校团队取得新成果"]
    assert graph_ab.value(b, KGO.datePublished) == Literal("2024-06-04", datatype=XSD.date)
    assert _label(graph_ab, graph_ab.value(b, KGO.source)) == "光明日报"
    assert {_label(graph_ab, p) for p in graph_ab.objects(b, KGO.reporter)} == {"孙晓燕"}
    assert {_label(graph_ab, p) for p in graph_ab.objects(b, KGO.correspondent)} == {"冯立"}
    assert entity_iri("org/自然资源部") in set(graph_ab.objects(b, KGO.mentions))


def _label_title(g: Graph, article) -> str:
    return str(g.value(article, KGO.title))


def test_graph_month_day_date_when_year_unknown():
    g = to_graph([extract(a) for a in read_text(PAGE_A, "a.txt")])
    [date] = list(g.objects(None, KGO.datePublished))
    assert date == Literal("--06-03", datatype=XSD.gMonthDay)


def test_graph_entities_merge_across_articles(graph_ab):
    agency = entity_iri("org/自然资源部")
    mentioned_by = set(graph_ab.subjects(KGO.mentions, agency))
    assert len(mentioned_by) == 2


def test_graph_one_more_article_adds_without_duplicating():
    a, b = _extractions(PAGE_A), _extractions(PAGE_B)
    g_a, g_b, g_ab = to_graph(a), to_graph(b), to_graph(a + b)
    assert set(g_ab) == set(g_a) | set(g_b)
    again = to_graph(a, to_graph(a + b))  # the same article twice changes nothing
    assert len(again) == len(g_ab)


def test_graph_iri_segments_are_encoded():
    assert iri_segment('A B"<x>{}|\\^`[]#?%') == "A%20B%22%3Cx%3E%7B%7D%7C%5C%5E%60%5B%5D%23%3F%25"
    assert iri_segment("工业和信息化部（试行）") == "工业和信息化部（试行）"
    iri = entity_iri("policy/Plan <2024> \"draft\"")
    ox.NamedNode(str(iri))  # Oxigraph rejects an invalid IRI at once


def test_graph_hostile_titles_serialize_and_parse():
    text = page('# 标题 <script>alert(1)</script> "quoted"', '国务院印发《Plan A "x" <b>{y}|\\ [1]》。')
    ex = [extract(a) for a in read_text(text, "x.txt")]
    data = serialize_triples(to_graph(ex), "turtle")
    reparsed = Graph().parse(data=data.decode("utf-8"), format="turtle")
    assert isomorphic(reparsed, to_graph(ex))


def test_graph_turtle_is_byte_identical_and_independently_parsed():
    first = serialize_triples(to_graph(_extractions(PAGE_A, PAGE_B)), "turtle")
    second = serialize_triples(to_graph(_extractions(PAGE_A, PAGE_B)), "turtle")
    assert first == second
    rdflib_graph = Graph().parse(data=first.decode("utf-8"), format="turtle")
    ox_triples = {(q.subject.value, q.predicate.value, str(q.object)) for q in ox.parse(first, format=ox.RdfFormat.TURTLE)}
    assert len(ox_triples) == len(rdflib_graph)


def test_graph_export_named_graph_per_article(graph_ab):
    trig = export(graph_ab, "trig").decode("utf-8")
    ds = list(ox.parse(trig.encode("utf-8"), format=ox.RdfFormat.TRIG))
    graphs = {q.graph_name.value for q in ds if isinstance(q.graph_name, ox.NamedNode)}
    articles = {str(a) for a in graph_ab.subjects(RDF.type, KGO.Article)}
    assert graphs == articles
    # every triple of the merged graph lands in some named graph
    assert {(q.subject.value, q.predicate.value) for q in ds} >= {(str(s), str(p)) for s, p, _ in graph_ab}
    nquads = export(graph_ab, "nquads").decode("utf-8")
    assert nquads.count("\n") >= len(graph_ab)


def test_graph_partition_keeps_shared_entities_in_each_article(graph_ab):
    groups = dict(partition(graph_ab))
    agency = entity_iri("org/自然资源部")
    holding = [name for name, triples in groups.items() if (agency, RDFS.label, Literal("自然资源部", lang="zh")) in triples]
    assert len(holding) == 2


def test_graph_export_jsonld_and_ntriples(graph_ab):
    jsonld = export(graph_ab, "jsonld").decode("utf-8")
    assert jsonld.lstrip().startswith(("[", "{")) and "自然资源部" in jsonld
    nt = export(graph_ab, "nt").decode("utf-8")
    assert len(Graph().parse(data=nt, format="nt")) == len(graph_ab)


def test_graph_built_output_validates(graph_ab):
    report = validate(graph_ab)
    assert report.conforms, report.text()


def test_graph_validation_reports_violations(graph_ab):
    broken = Graph()
    for t in graph_ab:
        broken.add(t)
    agency = entity_iri("org/自然资源部")
    broken.add((agency, RDFS.label, Literal("自然资源部第二名称", lang="zh")))
    person = entity_iri("person/钱卫平")
    broken.add((person, KGO.issued, entity_iri("policy/耕地保护专项规划")))
    report = validate(broken)
    assert not report.conforms
    focus = {v.focus for v in report.violations}
    assert str(agency) in focus and str(person) in focus


def test_graph_build_api_equals_to_graph(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text(PAGE_A, encoding="utf-8")
    g = build(path, ReadOptions(year=2024))
    expected = to_graph(_extractions(PAGE_A))
    # The same triples, but for the input file's name.
    without_file = lambda graph: {t for t in graph if t[1] != KGO.inputFile}  # noqa: E731
    assert without_file(g) == without_file(expected)
    assert [str(f) for f in g.objects(None, KGO.inputFile)] == [str(path)]
    assert URIRef(str(KGR) + "org/自然资源部") in set(g.subjects())
