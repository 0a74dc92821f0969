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


def test_query_malformed_sparql_names_line_and_column(graph):
    with pytest.raises(QuerySyntaxError, match=r"2:\d+"):
        query(graph, "SELECT ?x WHERE {\n ?x ?y }")


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
