"""kg.viz without a browser: selection, labels, the page's self-containment and escaping.

Every graph here is built in the test from triples that follow the graph model of
kg/graph.py (typed entities with one Chinese rdfs:label, articles that mention them,
relations reified with evidence), so the expected nodes and edges can be read off the
builder.  tests/test_viz_browser.py runs the same kind of page in Chromium.
"""

from __future__ import annotations

import base64
import hashlib
import itertools
import json
import math
import re
from html.parser import HTMLParser

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL

from kg.errors import UsageError
from kg.graph import iri_segment, new_graph
from kg.resources import ontology_file
from kg.viz import Triples, VizOptions, VizSummary, build_network, generate_html, layout, write_html
from kg.vocab import KGO, KGR, PROV, RDF, RDFS, SKOS


class Builder:
    """Writes newskg-shaped triples: entities, articles, relations with evidence."""

    def __init__(self) -> None:
        self.g = new_graph()
        self._n = 0

    def entity(self, kind: str, label: str, *aliases: str) -> URIRef:
        node = KGR[f"{kind.lower()}/{iri_segment(label)}"]
        self.g.add((node, RDF.type, KGO[kind]))
        self.g.add((node, RDFS.label, Literal(label, lang="zh")))
        for a in aliases:
            self.g.add((node, SKOS.altLabel, Literal(a, lang="en" if a.isascii() else "zh")))
        return node

    def article(self, key: str, title: str, *mentions: URIRef) -> URIRef:
        art = KGR[f"article/{key}"]
        self.g.add((art, RDF.type, KGO.Article))
        self.g.add((art, KGO.title, Literal(title, lang="zh")))
        self.g.add((art, KGO.datePublished, Literal("2025-01-21")))
        for m in mentions:
            self.g.add((art, KGO.mentions, m))
        return art

    def relation(self, s: URIRef, pred: URIRef, o: URIRef, article: URIRef, evidence: str = "证据句。", confidence: str = "0.9") -> None:
        self.g.add((s, pred, o))
        self._n += 1
        st = KGR[f"statement/{self._n}"]
        for p, v in (
            (RDF.type, RDF.Statement),
            (RDF.subject, s),
            (RDF.predicate, pred),
            (RDF.object, o),
            (KGO.evidence, Literal(evidence, lang="zh")),
            (KGO.confidence, Literal(confidence)),
            (PROV.wasDerivedFrom, article),
        ):
            self.g.add((st, p, v))

    def post(self, person: URIRef, title: str, org: URIRef, article: URIRef) -> None:
        pos = KGR[f"position/{title}"]
        self.g.add((pos, RDF.type, KGO.Position))
        self.g.add((pos, KGO.positionTitle, Literal(title, lang="zh")))
        self.g.add((pos, KGO.positionIn, org))
        self.relation(person, KGO.holdsPosition, pos, article, f"{title}说。")
        self.relation(person, KGO.affiliatedWith, org, article, f"{title}说。")


@pytest.fixture()
def small() -> Builder:
    """国家数据局 issued a policy; 张三 is its 局长; it is part of 国家发改委; one article mentions all."""
    b = Builder()
    agency = b.entity("GovernmentAgency", "国家数据局", "数据局")
    parent = b.entity("GovernmentAgency", "国家发展和改革委员会", "国家发改委")
    policy = b.entity("Policy", "公共数据资源登记管理暂行办法")
    person = b.entity("Person", "张三")
    outlet = b.entity("MediaOutlet", "科技日报")
    art = b.article("a1", "公共数据资源开发利用实施细则出台", agency, parent, policy, person, outlet)
    b.g.add((art, KGO.source, outlet))
    b.relation(agency, KGO.issued, policy, art, "国家数据局印发《公共数据资源登记管理暂行办法》。")
    b.relation(agency, KGO.partOf, parent, art)
    b.post(person, "局长", agency, art)
    ind = KGR["indicator/1"]
    b.g.add((ind, RDF.type, KGO.Indicator))
    b.g.add((ind, RDFS.label, Literal("5G基站 425万个", lang="zh")))
    b.g.add((art, KGO.mentions, ind))
    return b


def _labels(net) -> set[str]:
    return {d["label"] for _, d in net.nodes(data=True)}


def _edges(net) -> set[tuple[str, str, str]]:
    return {(net.nodes[s]["label"], d["label"], net.nodes[o]["label"]) for s, o, d in net.edges(data=True)}


def _zh_label(term: URIRef) -> str:
    onto = Graph().parse(data=ontology_file("newskg.ttl").read_text(encoding="utf-8"), format="turtle")
    return next(str(o) for o in onto.objects(term, RDFS.label) if o.language == "zh")


# --------------------------------------------------------------------------- the network


def test_viz_edges_carry_the_ontology_labels(small):
    net, summary = build_network(small.g)
    edges = _edges(net)
    assert ("国家数据局", _zh_label(KGO.issued), "公共数据资源登记管理暂行办法") in edges
    assert ("国家数据局", _zh_label(KGO.partOf), "国家发展和改革委员会") in edges
    assert ("公共数据资源开发利用实施细则出台", _zh_label(KGO.source), "科技日报") in edges
    # The post is one person → organization edge labelled with the title; the
    # affiliatedWith edge for the same pair is folded into it, and no Position node shows.
    assert ("张三", "局长", "国家数据局") in edges
    assert not any(label == _zh_label(KGO.affiliatedWith) for _, label, _ in edges)
    assert all(d["type"] != "Position" for _, d in net.nodes(data=True))
    # Mentions are drawn only where no more specific article edge (source) says it already.
    mentions = {o for s, lab, o in edges if lab == _zh_label(KGO.mentions)}
    assert mentions == {"国家数据局", "国家发展和改革委员会", "公共数据资源登记管理暂行办法", "张三"}
    # issued, partOf, the post; the source; four mentions.
    assert (summary.nodes, summary.edges) == (6, 3 + 1 + 4)


def test_viz_nodes_carry_type_aliases_articles_and_evidence(small):
    net, _ = build_network(small.g)
    agency = net.nodes[str(KGR["governmentagency/国家数据局"])]
    assert agency["type"] == "GovernmentAgency"
    assert agency["aliases"] == ("数据局",)
    assert agency["articles"] == (str(KGR["article/a1"]),)
    issued = next(d for _, _, d in net.edges(data=True) if d["predicate"] == "issued")
    assert issued["evidence"] == (("国家数据局印发《公共数据资源登记管理暂行办法》。", str(KGR["article/a1"]), 0.9),)


@pytest.mark.parametrize(
    ("hops", "expected"),
    [
        (0, {"B"}),
        (1, {"A", "B", "C"}),
        (2, {"A", "B", "C", "D"}),
        (9, {"A", "B", "C", "D", "E"}),
    ],
)
def test_viz_focus_keeps_the_neighbourhood(hops, expected):
    b = Builder()
    nodes = [b.entity("GovernmentAgency", name) for name in "ABCDE"]
    art = b.article("x", "标题")
    for s, o in itertools.pairwise(nodes):
        b.relation(s, KGO.partOf, o, art)
    net, summary = build_network(b.g, VizOptions(focus="B", hops=hops, articles=False))
    assert _labels(net) == expected
    left = 5 - len(expected)
    assert summary.nodes_left_out == 1 + left  # the article, and what is too far
    assert net.graph["focus"] == (str(nodes[1]),)


@pytest.mark.parametrize("name", ["数据局", "国家数据局", "《国家数据局》", " 国家数据局 "])
def test_viz_focus_by_alias_or_quoted_name(small, name):
    net, _ = build_network(small.g, VizOptions(focus=name, hops=0))
    assert _labels(net) == {"国家数据局"}


def test_viz_focus_is_case_insensitive_for_latin_aliases():
    b = Builder()
    b.entity("Journal", "自然·通讯", "Nature Communications")
    net, _ = build_network(b.g, VizOptions(focus="nature communications", hops=0))
    assert _labels(net) == {"自然·通讯"}


def test_viz_unknown_focus_lists_the_closest_names(small):
    with pytest.raises(UsageError) as err:
        build_network(small.g, VizOptions(focus="国家数据中心"))
    message = str(err.value)
    assert "国家数据中心" in message and "closest:" in message
    assert "国家数据局" in message
    assert err.value.exit_status == 2


def test_viz_types_keep_classes_and_their_subclasses(small):
    net, summary = build_network(small.g, VizOptions(types=("Policy", "GovernmentAgency")))
    assert {d["type"] for _, d in net.nodes(data=True)} == {"Policy", "GovernmentAgency"}
    assert _edges(net) == {("国家数据局", "发布", "公共数据资源登记管理暂行办法"), ("国家数据局", "隶属于", "国家发展和改革委员会")}
    assert "--types Policy,GovernmentAgency" in str(summary)
    net, _ = build_network(small.g, VizOptions(types=("Organization",)))
    assert {d["type"] for _, d in net.nodes(data=True)} == {"GovernmentAgency", "MediaOutlet"}


def test_viz_types_accept_any_case_and_indicators_on_request(small):
    net, _ = build_network(small.g, VizOptions(types=("indicator", "article")))
    assert {d["type"] for _, d in net.nodes(data=True)} == {"Indicator", "Article"}


def test_viz_indicators_are_left_out_by_default(small):
    net, summary = build_network(small.g)
    assert "Indicator" not in {d["type"] for _, d in net.nodes(data=True)}
    assert summary.left_out == (("indicators (add Indicator to --types)", 1),)


def test_viz_unknown_type_lists_the_known_classes(small):
    with pytest.raises(UsageError) as err:
        build_network(small.g, VizOptions(types=("Polcy",)))
    message = str(err.value)
    assert "'Polcy'" in message and "did you mean 'Policy'" in message
    onto = Graph().parse(data=ontology_file("newskg.ttl").read_text(encoding="utf-8"), format="turtle")
    classes = {str(c).rsplit("#", 1)[1] for c in onto.subjects(RDF.type, OWL.Class) if str(c).startswith(str(KGO))}
    for name in classes - {"Position"}:
        assert name in message


def test_viz_focus_survives_the_type_filter(small):
    net, _ = build_network(small.g, VizOptions(focus="张三", hops=2, types=("Policy",)))
    assert _labels(net) == {"张三", "公共数据资源登记管理暂行办法"}


def test_viz_max_nodes_keeps_the_best_connected():
    b = Builder()
    hub = b.entity("GovernmentAgency", "中心")
    art = b.article("x", "标题")
    second = b.entity("GovernmentAgency", "次中心")
    b.relation(hub, KGO.partOf, second, art)
    for i in range(6):
        leaf = b.entity("Policy", f"政策{i}")
        b.relation(hub, KGO.issued, leaf, art)
        if i < 2:
            b.relation(second, KGO.issued, leaf, art)
    net, summary = build_network(b.g, VizOptions(max_nodes=4, articles=False))
    # Degrees: 中心 7, 次中心 3, 政策0 and 政策1 2 each, the other policies 1.
    assert _labels(net) == {"中心", "次中心", "政策0", "政策1"}
    assert str(summary) == "4 nodes, 5 edges (5 left out: 1 by --no-articles, 4 by --max-nodes 4)"
    html, _ = generate_html(b.g, VizOptions(max_nodes=4, articles=False))
    assert "未显示 5 个节点" in html and "--max-nodes 4" in html


def test_viz_no_articles(small):
    net, summary = build_network(small.g, VizOptions(articles=False))
    assert "Article" not in {d["type"] for _, d in net.nodes(data=True)}
    assert ("--no-articles", 1) in summary.left_out


@pytest.mark.parametrize("options", [VizOptions(hops=-1, focus="张三"), VizOptions(max_nodes=0)])
def test_viz_bad_numbers_are_usage_errors(small, options):
    with pytest.raises(UsageError):
        build_network(small.g, options)


@pytest.mark.parametrize(
    ("summary", "text"),
    [
        (VizSummary(0, 0), "0 nodes, 0 edges"),
        (VizSummary(1234, 5678), "1,234 nodes, 5,678 edges"),
        (VizSummary(123, 245, (("--max-nodes 123", 40),)), "123 nodes, 245 edges (40 left out: --max-nodes 123)"),
        (VizSummary(3, 2, (("--no-articles", 4), ("--max-nodes 3", 5))), "3 nodes, 2 edges (9 left out: 4 by --no-articles, 5 by --max-nodes 3)"),
    ],
)
def test_viz_summary_reads_as_one_line(summary, text):
    assert str(summary) == text


def test_viz_build_cap_is_a_positive_class_constant():
    assert isinstance(VizOptions.BUILD_MAX_NODES, int) and VizOptions.BUILD_MAX_NODES > 0
    assert VizOptions(max_nodes=VizOptions.BUILD_MAX_NODES).max_nodes == VizOptions.BUILD_MAX_NODES


def test_viz_layout_places_every_node_apart():
    b = Builder()
    art = b.article("x", "标题")
    nodes = [b.entity("Person", f"人{i}") for i in range(60)]
    for i, n in enumerate(nodes[1:], 1):
        b.relation(nodes[i // 3], KGO.affiliatedWith, n, art)
    b.entity("Place", "孤立地点")
    net, _ = build_network(b.g)
    pos = layout(net)
    assert set(pos) == set(net)
    assert all(math.isfinite(x) and math.isfinite(y) for x, y in pos.values())
    assert len(set(pos.values())) == len(pos)
    assert pos == layout(net)


# --------------------------------------------------------------------------- the page


class _Page(HTMLParser):
    """Tags with their attributes, and the text of each script and style element."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.scripts: list[tuple[dict[str, str | None], str]] = []
        self.styles: list[str] = []
        self._open: tuple[str, dict[str, str | None]] | None = None
        self._buf: list[str] = []
        self.text: list[str] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if tag in ("script", "style"):
            self._open, self._buf = (tag, dict(attrs)), []

    def handle_endtag(self, tag):
        if self._open and tag == self._open[0]:
            body = "".join(self._buf)
            if tag == "script":
                self.scripts.append((self._open[1], body))
            else:
                self.styles.append(body)
            self._open = None

    def handle_data(self, data):
        if self._open:
            self._buf.append(data)
        else:
            self.text.append(data)


def _data(page: _Page) -> dict:
    (block,) = [body for attrs, body in page.scripts if attrs.get("type") == "application/json"]
    return json.loads(block)


def test_viz_page_loads_nothing_from_outside(small, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # pyvis's own writer would drop a lib/ folder here
    out = tmp_path / "out" / "graph.html"
    summary = write_html(small.g, out)
    html = out.read_text(encoding="utf-8")
    page = _Page(html)
    # No reference to any other file or address: no src, href, link, import or url().
    for tag, attrs in page.tags:
        assert tag not in ("link", "iframe", "img", "object", "embed", "base"), tag
        for name in ("src", "href", "data", "action", "srcset"):
            assert name not in attrs, (tag, attrs)
    for css in page.styles:
        assert "@import" not in css and not re.search(r"url\(\s*['\"]?(?!data:)", css)
    assert not re.search(r"""<(script|link)[^>]+(src|href)\s*=\s*["']?https?://""", html, re.I)
    # vis-network is inlined, and the policy forbids every load but the page's own scripts.
    inline = [body for attrs, body in page.scripts if "type" not in attrs]
    assert len(inline) == 2 and "vis-network" in inline[0] and "kgViz" in inline[1]
    (csp,) = [a["content"] for t, a in page.tags if t == "meta" and a.get("http-equiv") == "Content-Security-Policy"]
    assert "default-src 'none'" in csp
    for body in inline:
        digest = base64.b64encode(hashlib.sha256(body.encode("utf-8")).digest()).decode()
        assert f"'sha256-{digest}'" in csp
    assert sorted(p.name for p in tmp_path.rglob("*")) == ["graph.html", "out"]
    assert summary.nodes == len(_data(page)["nodes"])


def test_viz_page_data_matches_the_network(small):
    html, summary = generate_html(small.g)
    data = _data(_Page(html))
    assert len(data["nodes"]) == summary.nodes and len(data["edges"]) == summary.edges
    labels = {n["label"]: n for n in data["nodes"]}
    assert labels["国家数据局"]["aliases"] == ["数据局"]
    assert [data["articles"][i]["title"] for i in labels["国家数据局"]["articles"]] == ["公共数据资源开发利用实施细则出台"]
    issued = next(e for e in data["edges"] if e["predicate"] == "issued")
    assert issued["label"] == "发布" and issued["evidence"][0]["confidence"] == 0.9
    assert data["physics"] is True  # small: vis-network untangles it, then stops
    legend = {t["name"]: t for t in data["types"]}
    assert legend["GovernmentAgency"]["label"] == "党政机关" and legend["GovernmentAgency"]["count"] == 2
    assert "党政机关" in html and "图谱" in html


def test_viz_same_graph_same_page(small):
    first, _ = generate_html(small.g)
    shuffled = new_graph()
    for t in sorted(small.g, key=lambda t: hashlib.md5(repr(t).encode()).hexdigest()):
        shuffled.add(t)
    second, _ = generate_html(shuffled)
    assert first == second


def test_viz_page_from_oxigraph_triples_is_the_page_from_rdflib(small, tmp_path):
    """A store or a graph file is drawn without an rdflib graph in between (Triples.from_ox),
    in whatever order the triples come: the page is the one rdflib's graph gives."""
    from kg.rdfio import parse_rdf

    # Enough nodes and edges that the layout depends on the order edges are added.
    labs = [small.entity("ResearchInstitution", f"第{k}研究所") for k in "一二三四五六"]
    for i in range(48):
        person = small.entity("Person", f"测试者{i:02d}")
        art = small.article(f"b{i:02d}", f"第{i}篇报道", person, labs[i % 6], labs[(i * 5) % 6])
        small.post(person, ("所长", "研究员", "副所长")[i % 3], labs[i % 6], art)
        small.relation(person, KGO.leads, labs[(i * 5) % 6], art)
    ttl = tmp_path / "g.ttl"
    small.g.serialize(ttl, format="turtle")
    want, want_summary = generate_html(small.g)
    quads = list(parse_rdf(ttl))
    for order in (quads, quads[::-1], sorted(quads, key=lambda q: hashlib.md5(str(q).encode()).hexdigest())):
        got, summary = generate_html(Triples.from_ox(order))
        assert str(summary) == str(want_summary) and got == want
    assert len(Triples.from_ox(quads)) == len(small.g)
    data = json.loads(re.search(r'<script type="application/json" id="kg-data">(.*?)</script>', want, re.S).group(1))
    assert {n["label"] for n in data["nodes"]} >= {"测试者00", "测试者47", "第六研究所"}


@pytest.mark.parametrize(
    ("graph_has", "options", "text"),
    [
        (False, VizOptions(), "图谱为空"),
        (True, VizOptions(types=("Journal",)), "所选范围内没有节点"),
    ],
)
def test_viz_empty_page_says_so(small, graph_has, options, text):
    html, summary = generate_html(small.g if graph_has else new_graph(), options)
    page = _Page(html)
    assert summary.nodes == 0
    assert text in "".join(page.text)
    assert page.scripts == [] and 'id="kg-network"' not in html


HOSTILE = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "《</script><!--<script>alert(2)</script>》",
    "</style><svg onload=alert(3)>",
    "\u2028{{ 7*7 }}&amp;'",
]


@pytest.mark.parametrize("hostile", HOSTILE)
def test_viz_hostile_text_stays_text(hostile):
    b = Builder()
    agency = b.entity("GovernmentAgency", "国家数据局" + hostile, hostile)
    policy = b.entity("Policy", hostile + "办法")
    art = b.article("x", "标题" + hostile, agency, policy)
    b.relation(agency, KGO.issued, policy, art, "证据" + hostile)
    html, _ = generate_html(b.g, VizOptions(focus="国家数据局" + hostile, hops=1))
    page = _Page(html)
    # The page's own tags only: three scripts (data, vis-network, the page script), no
    # image or svg element, and the data block holds the strings exactly as written.
    assert [attrs.get("type") for attrs, _ in page.scripts] == ["application/json", None, None]
    assert not any(tag in ("img", "svg") and ("onerror" in attrs or "onload" in attrs) for tag, attrs in page.tags)
    data = _data(page)
    (node,) = [n for n in data["nodes"] if n["type"] == "GovernmentAgency"]
    assert node["label"] == "国家数据局" + hostile and node["aliases"] == [hostile]
    (issued,) = [e for e in data["edges"] if e["predicate"] == "issued"]
    assert issued["evidence"][0]["text"] == "证据" + hostile
    assert data["articles"][0]["title"] == "标题" + hostile
    block = next(body for attrs, body in page.scripts if attrs.get("type") == "application/json")
    assert "<" not in block and ">" not in block and "\u2028" not in block
    # Outside the data block the strings appear only HTML-escaped (the --focus echo).
    outside = html.replace(block, "")
    if any(c in hostile for c in "<>&\""):
        assert hostile not in outside
    assert "49" not in "".join(page.text)  # no template evaluation of {{ 7*7 }}
