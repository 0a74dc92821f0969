"""SPARQL: ad-hoc queries, the named-query library on graphs built from our own pages, formats."""

from __future__ import annotations

import csv
import io
import json

import pytest

from kg.errors import QuerySyntaxError, UsageError
from kg.extraction import extract
from kg.graph import to_graph
from kg.sparql import format_table, named_queries, query, run_named
from kg.reader import ReadOptions, read_text
from tests.helpers import page

PAGES = [
    page(
        "# 两部门印发规划",
        "人民日报北京5月6日电（记者钱昊）国家林业和草原局、生态环境部联合印发《湿地保护规划》《自然保护地管理办法（试行）》。",
        "国家林业和草原局副局长唐明辉介绍，规划明确了主要任务。",
    ),
    page(
        "# 研究团队在期刊发表成果",
        "科技日报合肥5月7日电（记者吴长锋）记者从中国科学技术大学获悉，该校物理学院林志远教授团队首次实现了长寿命量子存储，相关成果发表在《物理评论快报》上。",
    ),
]


@pytest.fixture(scope="module")
def graph():
    exs = [extract(a) for i, p in enumerate(PAGES) for a in read_text(p, f"p{i}.txt", ReadOptions(year=2023))]
    return to_graph(exs)


def _rows(result):
    return [tuple(str(c) if c is not None else None for c in row) for row in result.rows]


def test_query_policies_by_agency(graph):
    rows = _rows(run_named(graph, "policies-by-agency"))
    pairs = {(r[0], r[1]) for r in rows}
    assert pairs == {
        (agency, doc)
        for agency in ("国家林业和草原局", "生态环境部")
        for doc in ("湿地保护规划", "自然保护地管理办法（试行）")
    }
    assert all(r[2] == "2023-05-06" and r[3] == "两部门印发规划" for r in rows)


def test_query_policies_by_agency_param_matches_alias(graph):
    rows = _rows(run_named(graph, "policies-by-agency", {"agency": "林草局"}))
    assert {r[0] for r in rows} == {"国家林业和草原局"}


def test_query_posts(graph):
    rows = _rows(run_named(graph, "posts", {"person": "唐明辉"}))
    assert [(r[0], r[1], r[2]) for r in rows] == [("唐明辉", "副局长", "国家林业和草原局")]


def test_query_results_and_journals(graph):
    rows = _rows(run_named(graph, "results-journals"))
    assert any("量子存储" in r[0] and r[2] == "物理评论快报" for r in rows)
    assert {r[1] for r in rows if r[1]} >= {"中国科学技术大学物理学院", "林志远"}
    english = _rows(run_named(graph, "results-journals", {"journal": "physical review letters"}))
    assert english and all(r[2] == "物理评论快报" for r in english)


def test_query_joint_issuers(graph):
    rows = _rows(run_named(graph, "joint-issuers"))
    assert ("国家林业和草原局", "生态环境部", "湿地保护规划") in {tuple(r) for r in rows}


def test_query_article_and_evidence(graph):
    rows = _rows(run_named(graph, "article", {"article": "两部门"}))
    assert rows and all(r[0] == "两部门印发规划" for r in rows)
    assert ("国家林业和草原局", "issued", "湿地保护规划") in {(r[1], r[2], r[3]) for r in rows}
    assert ("唐明辉", "holdsPosition", "副局长") in {(r[1], r[2], r[3]) for r in rows}
    evidence = _rows(run_named(graph, "evidence", {"subject": "生态环境部", "relation": "issued"}))
    assert evidence and all("联合印发" in r[3] for r in evidence)
    assert all(0 < float(r[7]) <= 1 for r in evidence)


def test_query_unknown_name_and_parameter():
    with pytest.raises(UsageError, match="unknown query name 'policy-by-agency' .did you mean 'policies-by-agency'"):
        run_named(None, "policy-by-agency")  # type: ignore[arg-type]
    with pytest.raises(UsageError, match="known: agency"):
        run_named(None, "policies-by-agency", {"agnecy": "x"})  # type: ignore[arg-type]


def test_query_every_named_query_is_documented_and_runs(graph):
    for name, nq in named_queries().items():
        assert nq.title and nq.description, name
        result = run_named(graph, name)
        assert result.kind == "select"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("SELECT ?x WHERE {\n ?x ?y }", "malformed SPARQL at line 2, column 9 (the end of the query), after '?x ?y }': expected"),
        ("SELECT * WHERE { ?s ?p ?o } LIMT 3", "at line 1, column 35 (the end of the query), after '…{ ?s ?p ?o } LIMT 3': expected"),
        ("SELECT * WHERE {\n  ?s ?p ?o .\n  FILTER (?o = ) }", "line 3, column"),
    ],
)
def test_query_malformed_sparql_names_line_column_and_text(graph, text, message):
    """Line, column and the text there, not the parser's character classes."""
    with pytest.raises(QuerySyntaxError) as info:
        query(graph, text)
    assert message in str(info.value) and "[_]" not in str(info.value) and "\\u{" not in str(info.value)


def test_query_formats(graph):
    result = query(graph, "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> SELECT ?l WHERE { ?s rdfs:label ?l } ORDER BY ?l LIMIT 3")
    parsed = list(csv.reader(io.StringIO(result.serialize("csv"))))
    assert parsed[0] == ["l"] and len(parsed) == 4
    data = json.loads(result.serialize("json"))
    assert data["head"]["vars"] == ["l"] and len(data["results"]["bindings"]) == 3
    tsv = result.serialize("tsv").splitlines()
    assert tsv[0] == "?l" and len(tsv) == 4
    ask = query(graph, "ASK { ?s ?p ?o }")
    assert ask.boolean is True and format_table(ask) == "yes"
    assert json.loads(ask.serialize("json"))["boolean"] is True
    construct = query(graph, "CONSTRUCT { ?s a ?t } WHERE { ?s a ?t } LIMIT 2")
    assert construct.kind == "graph" and "@prefix" in construct.serialize("table")


def test_query_table_aligns_cjk_width():
    from kg.sparql import QueryResult
    from rdflib import Literal

    result = QueryResult("select", variables=["name", "n"], rows=[(Literal("国家数据局"), Literal("1")), (Literal("MOST"), Literal("22"))])
    from wcwidth import wcswidth

    lines = format_table(result).splitlines()
    # 国家数据局 is five characters but ten columns wide: the second column lines up.
    assert wcswidth(lines[2][: lines[2].index("1")]) == wcswidth(lines[3][: lines[3].index("22")]) == 12


MORE_PAGES = PAGES + [
    page(
        "# 三部门发布通知",
        "新华社北京3月2日电（记者周楠 通讯员马晓）工业和信息化部、科学技术部、财政部日前联合发布《关于推动未来产业创新发展的实施意见》和《首台套装备推广应用指导目录》。",
        "工业和信息化部总工程师赵志国表示，2023年全国规模以上工业增加值同比增长4.6%。",
        "科学技术部部长阴和俊在会上介绍了有关情况。",
    ),
    page(
        "# 两项成果同日刊发",
        "科技日报杭州3月3日电（记者江耘）浙江大学医学院徐骁教授团队发现了一种肝脏再生新机制，相关成果发表在《自然》上。",
        "中国科学院上海有机化学研究所马大为研究员团队首次实现了复杂天然产物的高效合成，成果发表于《科学》。",
    ),
]


@pytest.fixture(scope="module")
def more_graph():
    exs = [extract(a) for i, p in enumerate(MORE_PAGES) for a in read_text(p, f"m{i}.txt", ReadOptions(year=2024))]
    return to_graph(exs)


QUESTIONS = {
    "policies-by-agency": [{}, {"agency": "部"}, {"agency": "工信部"}],
    "joint-issuers": [{}, {"agency": "财政部"}],
    "posts": [{}, {"person": "赵"}, {"organization": "工业和信息化部"}, {"person": "阴", "organization": "科技部"}],
    "results-journals": [{}, {"journal": "Science"}, {"journal": "自然"}],
    "article": [{}, {"article": "成果"}],
    "evidence": [{}, {"relation": "issued"}, {"subject": "工业和信息化部", "relation": "issued"}, {"object": "自然"}],
    "entities": [{}, {"type": "GovernmentAgency"}, {"type": "NoSuchClass"}],
    "indicators": [{}, {"measure": "工业"}],
    "reporters": [{}, {"reporter": "周"}],
}


@pytest.mark.parametrize("name", sorted(QUESTIONS))
def test_named_query_rows_sorted_in_python_equal_sparql_order_by(more_graph, name):
    """run_named drops the final ORDER BY and sorts in Python: same rows, same order as
    Oxigraph's ORDER BY on the full query text."""
    from kg.sparql import bind_params, specialise

    assert set(QUESTIONS) == set(named_queries())
    for params in QUESTIONS[name]:
        text = specialise(named_queries()[name].text, params)
        assert text.rstrip().splitlines()[-1].startswith("ORDER BY"), name
        ours = _rows(run_named(more_graph, name, params))
        reference = _rows(query(more_graph, bind_params(text, params)))
        assert ours == reference, (name, params)
        if params and name != "entities":
            assert ours, (name, params)  # every question above has answers on these pages
    csv_rows = list(csv.reader(io.StringIO(run_named(more_graph, name).serialize("csv"))))
    assert [tuple(r) for r in csv_rows[1:]] == [tuple(c or "" for c in r) for r in _rows(run_named(more_graph, name))]


def test_named_query_filters_select_what_they_name(more_graph):
    posts = _rows(run_named(more_graph, "posts", {"organization": "工信部"}))
    assert {(r[0], r[1]) for r in posts} == {("赵志国", "总工程师")}
    science = _rows(run_named(more_graph, "results-journals", {"journal": "science"}))
    assert science and {r[2] for r in science} == {"科学"} and all("合成" in r[0] for r in science)
    agencies = _rows(run_named(more_graph, "entities", {"type": "GovernmentAgency"}))
    assert {"工业和信息化部", "科学技术部", "财政部"} <= {r[1] for r in agencies} and {r[0] for r in agencies} == {"GovernmentAgency"}
    assert _rows(run_named(more_graph, "entities", {"type": "NoSuchClass"})) == []
    joint = _rows(run_named(more_graph, "joint-issuers", {"agency": "财政部"}))
    assert {r[0] for r in joint} == {"财政部"} and {r[1] for r in joint} == {"工业和信息化部", "科学技术部"}


def test_specialise_keeps_if_and_unless_lines():
    from kg.sparql import specialise

    text = "a\nb  # if:x\nc  # unless:x\nd # if:y\n"
    assert specialise(text, {"x": "1"}).split() == ["a", "b"]
    assert specialise(text, {}).split() == ["a", "c"]
    assert specialise(text, {"x": "1", "y": "2"}).split() == ["a", "b", "d"]


def test_order_key_follows_sparql_term_order():
    from rdflib import XSD, BNode, Literal, URIRef

    from kg.sparql import order_key, sort_rows, split_order_by

    terms = [Literal("b"), None, Literal(10), URIRef("urn:a"), BNode("x"), Literal(9), Literal("a", lang="zh")]
    assert sorted(terms, key=order_key) == [None, BNode("x"), URIRef("urn:a"), Literal(9), Literal(10), Literal("a", lang="zh"), Literal("b")]
    assert order_key(Literal("2", datatype=XSD.integer)) < order_key(Literal("10", datatype=XSD.integer))
    unordered, keys = split_order_by("SELECT ?t ?n WHERE { }\nORDER BY ?t DESC(?n) ?x\n")
    assert unordered.strip() == "SELECT ?t ?n WHERE { }" and keys == [("t", False), ("n", True), ("x", False)]
    rows = [(Literal("b"), Literal(1)), (Literal("a"), Literal(1)), (Literal("a"), Literal(3))]
    assert sort_rows(rows, ["t", "n"], keys[:2]) == [rows[2], rows[1], rows[0]]
    assert split_order_by("SELECT * WHERE { } ORDER BY STR(?x)") is None


# --- parameters are terms, formats are the W3C ones, results are bounded ---------------

@pytest.mark.parametrize(
    "params",
    [
        {"person": "?param_organization", "organization": "国家林业"},  # a value spelling the other parameter
        {"person": '") || true || ("', "organization": "国家林业"},  # a value closing its string literal
        {"person": "唐\"}} ?x ?y ?z . {{", "organization": "?param_person"},
    ],
)
def test_query_param_values_are_bound_as_literals_never_as_sparql(graph, params):
    """``--param person=?param_organization --param organization=X`` used to splice X in as
    SPARQL; now each value is one string literal: no person is named like that."""
    assert run_named(graph, "posts", {"organization": "国家林业"}).rows  # the filter alone matches
    assert run_named(graph, "posts", params).rows == []


def test_query_ask_has_no_csv_but_w3c_json_and_xml(graph):
    ask = query(graph, "ASK { ?s ?p ?o }")
    for fmt in ("csv", "tsv"):
        with pytest.raises(UsageError, match=f"{fmt.upper()} results format is for SELECT only"):
            ask.serialize(fmt)
    assert json.loads(ask.serialize("json")) == {"head": {}, "boolean": True}
    assert "<boolean>true</boolean>" in ask.serialize("xml")


def test_query_construct_as_json_is_json_ld_and_csv_is_refused(graph):
    construct = query(graph, "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> CONSTRUCT { ?s rdfs:label ?l } WHERE { ?s rdfs:label ?l }")
    data = json.loads(construct.serialize("json"))
    nodes = data if isinstance(data, list) else data.get("@graph", [data])
    assert any("@id" in n for n in nodes) and "@prefix" not in construct.serialize("json")
    assert "rdf:RDF" in construct.serialize("xml")
    with pytest.raises(UsageError, match="has no CSV form"):
        construct.serialize("csv")


def test_query_max_rows_keeps_the_first_rows_and_says_so(graph):
    text = "SELECT ?s ?p ?o WHERE { ?s ?p ?o }"
    everything = query(graph, text)
    capped = query(graph, text, max_rows=5)
    assert len(everything.rows) > 5 and capped.rows == everything.rows[:5] and capped.truncated
    table = format_table(capped)
    assert table.count("\n") == 2 + 5 and table.endswith("(the first 5 rows; more not shown: add a LIMIT, raise --max-rows or use --format csv)")
    assert not query(graph, text, max_rows=len(everything.rows)).truncated


def test_query_timeout_stops_the_query_and_its_thread(graph):
    """A cartesian product streamed as CSV: stopped at the time limit, and the worker thread
    stops at its next write (nothing keeps running in the background)."""
    import threading
    import time

    from kg.sparql import QueryStopped

    result = query(graph, "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }", timeout=0.5, max_rows=10)
    assert result.truncated and len(result.rows) == 10
    out = io.StringIO()
    with pytest.raises(QueryStopped, match=r"query stopped after 0\.5 s"):
        result.write(out, "csv")
    assert out.getvalue().startswith("a,b,c,d,e,f,g,h,i")
    deadline = time.monotonic() + 10
    while any(t.name == "kg-query" for t in threading.enumerate()) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not any(t.name == "kg-query" for t in threading.enumerate())
