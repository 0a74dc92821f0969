"""How fast the kg.viz page draws in headless Chromium, for synthetic graphs of given sizes.

    .venv/bin/python benchmarks/viz_bench.py                     # 2,000 and 5,000 nodes
    .venv/bin/python benchmarks/viz_bench.py --nodes 500 1000 2000 5000
    .venv/bin/python benchmarks/viz_bench.py --screenshot docs/seed-graph.png --graph output/graph.ttl

For each size it reports the Python side (reading the graph into networkx and selecting,
layout, the whole page) and, in Chromium with the network switched off, the time from
navigation start to the first drawn frame (vis-network ``afterDrawing``) and to a still
network (physics stopped: the same moment when positions are precomputed).  The synthetic
graphs look like newskg output: one article per eight nodes, each mentioning about eight
entities, mostly of its topic (six articles to a topic) and one of a few hubs every topic
shares (the outlet, the capital), and relations with reified evidence between entities of
the right classes, mostly within a topic.

Chromium is driven by ``tests/test_viz_browser.py``'s :class:`Chromium` (DevTools over a
pipe).  Measured figures are printed, not asserted.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path

from rdflib import Graph, Literal, URIRef

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kg.graph import new_graph  # noqa: E402
from kg.viz import VizOptions, build_network, generate_html, layout, write_html  # noqa: E402
from kg.vocab import KGO, KGR, PROV, RDF, RDFS, SKOS  # noqa: E402
from tests.test_viz_browser import Chromium, find_chromium  # noqa: E402

# (class, share of entities, IRI group, name pattern)
_KINDS = [
    ("GovernmentAgency", 0.18, "org", "{}部"),
    ("ResearchInstitution", 0.12, "org", "{}研究院"),
    ("ResearchTeam", 0.04, "org", "{}团队"),
    ("Company", 0.06, "org", "{}公司"),
    ("MediaOutlet", 0.01, "org", "{}日报"),
    ("Person", 0.22, "person", "张{}"),
    ("Policy", 0.12, "policy", "关于{}的意见"),
    ("ResearchResult", 0.07, "researchresult", "{}新方法"),
    ("Journal", 0.02, "journal", "{}学报"),
    ("Place", 0.14, "place", "{}市"),
    ("Event", 0.02, "event", "{}发布会"),
]
_RELATIONS = [
    ("GovernmentAgency", "issued", "Policy"),
    ("ResearchInstitution", "achieved", "ResearchResult"),
    ("ResearchTeam", "achieved", "ResearchResult"),
    ("ResearchResult", "publishedIn", "Journal"),
    ("Person", "affiliatedWith", "ResearchInstitution"),
    ("Person", "affiliatedWith", "GovernmentAgency"),
    ("Person", "leads", "ResearchTeam"),
    ("GovernmentAgency", "partOf", "GovernmentAgency"),
    ("ResearchInstitution", "locatedIn", "Place"),
    ("GovernmentAgency", "organizer", "Event"),
]
_SYLLABLES = "国家数据科技信息工业能源农业生态环境教育卫生健康交通水利自然资源文化旅游商务海关金融统计航天材料"


def synthetic_graph(nodes: int, seed: int = 1) -> Graph:
    """A newskg-shaped graph with exactly ``nodes`` article and entity nodes."""
    rng = random.Random(seed)
    g = new_graph()
    n_articles = max(1, nodes // 8)
    n_entities = nodes - n_articles
    by_kind: dict[str, list[URIRef]] = {k: [] for k, *_ in _KINDS}
    counts = [max(1, int(share * n_entities)) for _, share, *_ in _KINDS]
    counts[0] += n_entities - sum(counts)
    for (kind, _, group, pattern), count in zip(_KINDS, counts, strict=True):
        for i in range(count):
            stem = "".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 4))) + str(i)
            node = KGR[f"{group}/{kind}{i}"]
            g.add((node, RDF.type, KGO[kind]))
            g.add((node, RDFS.label, Literal(pattern.format(stem), lang="zh")))
            if rng.random() < 0.2:
                g.add((node, SKOS.altLabel, Literal(stem, lang="zh")))
            by_kind[kind].append(node)
    entities = [n for kind in by_kind.values() for n in kind]
    # News clusters by topic: an article mentions mostly entities of its topic, plus a few
    # hubs (the outlet, the capital, the State Council) that every topic shares.
    rng.shuffle(entities)
    hubs, rest = entities[:8], entities[8:]
    n_topics = max(1, n_articles // 6)
    topic_of = {e: i % n_topics for i, e in enumerate(rest)}
    members: dict[int, list[URIRef]] = {t: [] for t in range(n_topics)}
    for e, t in topic_of.items():
        members[t].append(e)
    articles = []
    for i in range(n_articles):
        art = KGR[f"article/{i:06d}"]
        articles.append(art)
        topic = members[i % n_topics] or rest
        g.add((art, RDF.type, KGO.Article))
        g.add((art, KGO.title, Literal(f"第{i}篇：" + "".join(rng.choice(_SYLLABLES) for _ in range(12)), lang="zh")))
        g.add((art, KGO.datePublished, Literal(f"2025-01-{1 + i % 28:02d}")))
        mentioned = set(rng.sample(topic, min(len(topic), 7))) | {rng.choice(hubs)}
        if rng.random() < 0.3:
            mentioned.add(rng.choice(rest))
        for e in mentioned:
            g.add((art, KGO.mentions, e))
    kinds = {e: k for k, nodes_ in by_kind.items() for e in nodes_}
    for k in range(int(n_entities * 0.6)):
        s = rng.choice(rest)
        options = [r for r in _RELATIONS if r[0] == kinds[s]]
        if not options:
            continue
        _, pred, o_kind = rng.choice(options)
        same_topic = [e for e in members[topic_of[s]] if kinds[e] == o_kind]
        pool = same_topic if same_topic and rng.random() < 0.85 else by_kind[o_kind]
        o = rng.choice(pool)
        if s == o:
            continue
        g.add((s, KGO[pred], o))
        st = URIRef(f"{KGR}statement/{k}")
        for p, v in (
            (RDF.type, RDF.Statement),
            (RDF.subject, s),
            (RDF.predicate, KGO[pred]),
            (RDF.object, o),
            (KGO.evidence, Literal("据报道，" + "".join(rng.choice(_SYLLABLES) for _ in range(30)) + "。", lang="zh")),
            (KGO.confidence, Literal("0.85")),
            (PROV.wasDerivedFrom, rng.choice(articles)),
        ):
            g.add((st, p, v))
    return g


def measure(browser: Chromium, nodes: int, out_dir: Path) -> dict[str, float]:
    graph = synthetic_graph(nodes)
    t0 = time.perf_counter()
    net, summary = build_network(graph)
    t1 = time.perf_counter()
    layout(net)
    t2 = time.perf_counter()
    html, _ = generate_html(graph)
    t3 = time.perf_counter()
    path = out_dir / f"bench-{nodes}.html"
    path.write_text(html, encoding="utf-8")
    started = time.perf_counter()
    page = browser.open(path.resolve().as_uri(), timeout=600)
    timings = page.evaluate("kgViz.ready", timeout=600)
    wall = time.perf_counter() - started
    shown = page.evaluate("({nodes: kgViz.nodes.length, edges: kgViz.edges.length, physics: kgViz.network.physics.options.enabled})")
    # One interaction after the first draw: a search that selects and focuses a node.
    t_search = page.evaluate("(() => { const t = performance.now(); kgViz.runSearch(kgViz.data.nodes[0].label); return performance.now() - t; })()")
    # The cost of one frame once drawn (what panning and zooming feel like).
    frame = page.evaluate("(() => { const r = kgViz.network.renderer; const t = performance.now(); for (let i = 0; i < 5; i++) r._redraw(); return (performance.now() - t) / 5; })()")
    errors = page.errors()
    page.close()
    return {
        "frame_ms": frame,
        "nodes": shown["nodes"],
        "edges": shown["edges"],
        "summary": str(summary),
        "network_s": t1 - t0,
        "layout_s": t2 - t1,
        "page_s": t3 - t2,
        "html_mb": len(html.encode("utf-8")) / 1e6,
        "first_draw_s": timings["firstDraw"] / 1000,
        "stable_s": timings["stable"] / 1000,
        "open_wall_s": wall,
        "search_ms": t_search,
        "physics_on": shown["physics"],
        "errors": len(errors),
    }


def screenshot(browser: Chromium, graph_path: Path, out: Path, options: VizOptions) -> None:
    from kg.rdfio import load_graph

    with tempfile.TemporaryDirectory() as tmp:
        page_path = Path(tmp) / "graph.html"
        summary = write_html(load_graph(graph_path), page_path, options)
        page = browser.open(page_path.resolve().as_uri())
        page.evaluate("kgViz.ready")
        # Show a node's details in the side panel, with the whole network in view.
        page.evaluate("(() => { const id = kgViz.search('国家数据局')[0]; if (id !== undefined) kgViz.selectNode(id); })()")
        time.sleep(0.5)  # the focus animation
        page.evaluate("void kgViz.network.fit({animation: false})")
        time.sleep(0.2)
        out.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(out)
        errors = page.errors()
        page.close()
    print(f"wrote {out}: {summary}" + (f"; console errors: {errors}" if errors else ""))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--nodes", type=int, nargs="+", default=[2000, 5000])
    parser.add_argument("--screenshot", type=Path, metavar="PNG", help="screenshot the page of --graph instead")
    parser.add_argument("--graph", type=Path, help="graph file for --screenshot")
    parser.add_argument("--width", type=int, default=1400)
    parser.add_argument("--height", type=int, default=900)
    args = parser.parse_args(argv)
    if find_chromium() is None:
        print("chromium is not installed", file=sys.stderr)
        return 1
    with Chromium(width=args.width, height=args.height) as browser:
        if args.screenshot:
            if not args.graph:
                parser.error("--screenshot needs --graph")
            screenshot(browser, args.graph, args.screenshot, VizOptions(max_nodes=VizOptions.BUILD_MAX_NODES))
            return 0
        with tempfile.TemporaryDirectory() as tmp:
            print("nodes  edges  network  layout  page(py)  html    first draw  still   frame   search  errors")
            for n in args.nodes:
                r = measure(browser, n, Path(tmp))
                print(
                    f"{r['nodes']:>5}  {r['edges']:>5}  {r['network_s']:6.2f}s  {r['layout_s']:5.2f}s  {r['page_s']:7.2f}s  "
                    f"{r['html_mb']:4.1f}MB  {r['first_draw_s']:9.2f}s  {r['stable_s']:5.2f}s  {r['frame_ms']:4.0f}ms  {r['search_ms']:5.0f}ms  {r['errors']}"
                )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
