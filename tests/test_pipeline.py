"""Corpus builds: workers, the on-disk store, incremental updates, removal, bad records."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import shutil
import time
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.cli import main
from kg.errors import StoreError
from kg.pipeline import build_files
from kg.rdfio import load_graph
from kg.store import KGStore
from kg.vocab import KGO, KGR, RDF
from tests.helpers import SEED

ROWS = [
    {"title": "海关总署发布数据", "date": "2023-07-13", "text": "新华社北京7月13日电（记者邹多为）海关总署13日发布数据。海关总署副署长王令浚介绍了情况。"},
    {"title": "两部门印发办法", "date": "2023-08-01", "text": "财政部、税务总局联合印发《研发费用加计扣除管理办法》。"},
    {"title": "高校团队发表成果", "date": "2023-09-02", "text": "记者从四川大学获悉，该校华西医院李青松教授团队研制出新型疫苗，相关成果发表在《柳叶刀》上。"},
]


def _jsonl(path, rows):
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n", encoding="utf-8")
    return path


def _articles(store_dir) -> list[str]:
    with KGStore(store_dir, create=False) as store:
        return list(store.articles())


def test_pipeline_store_is_incremental(tmp_path):
    store = tmp_path / "store"
    first = build_files(_jsonl(tmp_path / "a.jsonl", ROWS[:2]), None, store=store, html=False)
    assert (first.added, first.duplicates) == (2, 0)
    again = build_files(_jsonl(tmp_path / "b.jsonl", ROWS), None, store=store, html=False)
    assert (again.added, again.duplicates) == (1, 2)  # only the new article goes in
    assert len(_articles(store)) == 3


def test_pipeline_large_store_load_is_compacted(tmp_path, monkeypatch):
    """A load of at least COMPACT_AFTER articles compacts the store; a smaller one does not."""
    import kg.store

    calls = []
    monkeypatch.setattr(KGStore, "optimize", lambda self: calls.append(self.path))
    monkeypatch.setattr(kg.store, "COMPACT_AFTER", 3)
    build_files(_jsonl(tmp_path / "a.jsonl", ROWS[:2]), None, store=tmp_path / "store", html=False)
    assert calls == []
    build_files(_jsonl(tmp_path / "b.jsonl", ROWS), None, store=tmp_path / "store2", html=False)
    assert calls == [tmp_path / "store2"]
    build_files(_jsonl(tmp_path / "c.jsonl", ROWS), tmp_path / "out", html=False)  # temporary store: never
    assert calls == [tmp_path / "store2"]
    monkeypatch.undo()  # the real compaction keeps every triple and article
    with KGStore(tmp_path / "store2", create=False) as store:
        before = len(store)
        store.optimize()
        assert len(store) == before and len(list(store.articles())) == 3


def test_pipeline_store_equals_one_build(tmp_path):
    """Adding day by day gives the same graph as building everything at once."""
    store = tmp_path / "store"
    build_files(_jsonl(tmp_path / "a.jsonl", ROWS[:1]), None, store=store, html=False)
    build_files(_jsonl(tmp_path / "b.jsonl", ROWS[1:]), None, store=store, html=False)
    build_files(_jsonl(tmp_path / "c.jsonl", ROWS[1:2]), tmp_path / "inc", store=store, html=False)
    build_files(_jsonl(tmp_path / "all.jsonl", ROWS), tmp_path / "once", html=False)
    def triples(path):  # the input file names differ, everything else must not
        return {t for t in load_graph(path / "graph.ttl") if t[1] != KGO.inputFile}

    assert triples(tmp_path / "inc") == triples(tmp_path / "once")


def test_pipeline_remove_retracts_only_what_the_article_alone_supported(tmp_path):
    store = tmp_path / "store"
    rows = [ROWS[0], {"title": "海关总署再发数据", "date": "2023-07-20", "text": "海关总署20日发布了新的统计数据。"}]
    build_files(_jsonl(tmp_path / "a.jsonl", rows), None, store=store, html=False)
    ids = _articles(store)
    with KGStore(store) as kgs:
        victim = next(a for a in ids if kgs.db.query(f"ASK {{ GRAPH <https://w3id.org/newskg/resource/article/{a}> {{ ?s ?p ?o FILTER CONTAINS(STR(?o), '王令浚') }} }}"))
        assert kgs.remove_article(victim)
        assert not kgs.remove_article(victim)
        people = {str(r["l"].value) for r in kgs.db.query("SELECT ?l WHERE { ?p a <https://w3id.org/newskg/ontology#Person> ; <http://www.w3.org/2000/01/rdf-schema#label> ?l }")}
        agencies = {str(r["l"].value) for r in kgs.db.query("SELECT ?l WHERE { ?p a <https://w3id.org/newskg/ontology#GovernmentAgency> ; <http://www.w3.org/2000/01/rdf-schema#label> ?l }")}
    assert "王令浚" not in people  # only the removed article named him
    assert "海关总署" in agencies  # the other article still mentions it


def test_pipeline_parallel_output_identical(tmp_path):
    rows = [dict(r, title=f"{r['title']}{i}") for i in range(30) for r in ROWS]  # 90 records
    src = _jsonl(tmp_path / "many.jsonl", rows)
    one = build_files(src, tmp_path / "j1", jobs=1, html=False)
    two = build_files(src, tmp_path / "j2", jobs=2, html=False)
    assert two.jobs == 2 and one.articles == two.articles == 90
    assert (tmp_path / "j1" / "graph.ttl").read_bytes() == (tmp_path / "j2" / "graph.ttl").read_bytes()


def test_pipeline_bad_records_are_skipped_and_counted(tmp_path):
    src = tmp_path / "mixed.jsonl"
    src.write_text(
        json.dumps(ROWS[0], ensure_ascii=False) + "\n{not json\n" + json.dumps({"title": "无正文"}, ensure_ascii=False) + "\n"
        + json.dumps(ROWS[1], ensure_ascii=False) + "\n",
        encoding="utf-8",
    )
    problems = []
    stats = build_files(src, tmp_path / "out", html=False, on_problem=problems.append)
    assert (stats.articles, stats.skipped) == (2, 2)
    assert [str(p).split(": ")[0] for p in problems] == [f"{src}:2", f"{src}:3"]


def test_pipeline_scratch_store_loads_buffered_articles_before_any_read(monkeypatch):
    """A build's temporary store loads articles in large pieces; whatever reads it first
    (a count, a query, a dump) sees every article added, each shared triple once."""
    import kg.store as store_module

    a = ("0123456789abcdef", b'<http://example.org/a> <http://example.org/p> "1" .\n')
    b = ("fedcba9876543210", b'<http://example.org/b> <http://example.org/p> "2" .\n<http://example.org/a> <http://example.org/p> "1" .\n')
    with KGStore() as kgs:
        assert kgs.add_articles([a]) == [a[0]]
        assert kgs.add_articles([a, b, b]) == [b[0]]  # an article already added, or given twice, once
        assert kgs._pending  # below the threshold: not loaded yet
        assert len(kgs) == 2 and not kgs._pending
        assert {str(q.subject.value) for q in kgs.triples()} == {"http://example.org/a", "http://example.org/b"}
    monkeypatch.setattr(store_module, "_SCRATCH_LOAD_BYTES", 1)
    with KGStore() as kgs:
        kgs.add_articles([a])
        assert not kgs._pending  # past the threshold: loaded at once
        kgs.add_articles([b])
        assert b"<http://example.org/b>" in kgs.dump(None, ox.RdfFormat.N_TRIPLES, named_graphs=False)


def test_pipeline_best_connected_part_of_a_store(tmp_path):
    """What a page of a big store is drawn from: the entities with the most relations
    (never an article, never a literal value such as a confidence), their statements that
    join two of them, with the titles of the articles they come from."""
    from kg.viz import Triples, VizOptions, build_network

    rows = [
        {"title": f"第{i}号通知", "text": f"国家数据局与{partner}联合印发《数据管理办法第{i}号》。{partner}副部长王{i}明介绍了情况。"}
        for i, partner in enumerate(["工业和信息化部", "财政部", "科学技术部"] * 6)
    ]
    store = tmp_path / "store"
    build_files(_jsonl(tmp_path / "c.jsonl", rows), None, jobs=1, store=store)
    with KGStore(store, create=False, read_only=True) as kgs:
        quads = list(kgs.best_connected(8))
        everything = Triples.from_ox(kgs.triples())
    part = Triples.from_ox(quads)
    kgo, rdf = str(KGO), str(RDF)
    label = "http://www.w3.org/2000/01/rdf-schema#label"
    ranked = [s for s, o in part.pairs(label) if not s.startswith(str(KGR) + "article/")]
    names = {part.text(e, label) for e in ranked}
    assert {"国家数据局", "工业和信息化部", "财政部", "科学技术部"} <= names and len(ranked) == 8  # the hubs first
    assert all(len(part.objects(e, rdf + "type")) for e in ranked)
    statements = part.subjects(rdf + "type", rdf + "Statement")
    assert statements and all(part.value(st, rdf + "subject") in ranked and part.value(st, rdf + "object") in set(ranked) | set(part.subjects(rdf + "type", kgo + "Article")) for st in statements)
    for st in statements:  # every source article comes with its title
        assert part.text(part.value(st, "http://www.w3.org/ns/prov#wasDerivedFrom"), kgo + "title")
    assert len(part) < len(everything)
    net, _ = build_network(part, VizOptions(max_nodes=None))
    assert all(net.degree(n) for n in net)  # nothing on the page stands alone


def test_pipeline_store_refuses_a_foreign_directory(tmp_path):
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(StoreError, match="not empty and holds no store"):
        KGStore(tmp_path)
    with pytest.raises(StoreError, match="no newskg store here"):
        KGStore(tmp_path / "missing", create=False)


def test_pipeline_transaction_is_all_or_nothing(tmp_path):
    """A batch that fails half-way leaves none of its articles in the store."""
    with KGStore(tmp_path / "s") as store:
        good = b'<https://x/a> <https://x/p> "1" .\n'
        with pytest.raises(SyntaxError):
            store.add_articles([("a1", good), ("a2", b"<not n-triples")])
        assert list(store.articles()) == [] and len(store) == 0
        assert store.add_articles([("a1", good), ("a1", good)]) == ["a1"]


def test_pipeline_cli_store_query_export_remove(tmp_path, capsys):
    store = tmp_path / "store"
    assert main(["build", str(SEED), "--date", "2025-01-22", "--store", str(store), "--no-html"]) == 0
    out = capsys.readouterr().out
    assert "7 articles added" in out and not (tmp_path / "output").exists()
    assert main(["query", "--store", str(store), "--name", "joint-issuers", "--format", "csv"]) == 0
    assert "国家发展和改革委员会,国家数据局" in capsys.readouterr().out
    trig = tmp_path / "g.trig"
    assert main(["export", "--store", str(store), "--format", "nquads", "-o", str(trig)]) == 0
    graphs = {q.graph_name.value for q in ox.parse(path=str(trig), format=ox.RdfFormat.N_QUADS)}
    assert len(graphs) == 7
    ids = _articles(store)
    assert main(["remove", "--store", str(store), ids[0], "0123456789abcdef", 'id"x']) == 1
    err = capsys.readouterr().err
    assert "0123456789abcdef: no such article" in err and """'id"x': not an article id""" in err and "Traceback" not in err
    assert len(_articles(store)) == 6
    assert main(["build", str(SEED), "--date", "2025-01-22", "--store", str(store), "-o", str(tmp_path / "o"), "--no-html"]) == 0
    assert "1 articles added, 6 already there" in capsys.readouterr().out
    graph = load_graph(tmp_path / "o" / "graph.ttl")
    assert len(set(graph.subjects(RDF.type, KGO.Article))) == 7


def test_pipeline_odd_record_in_a_parallel_store_build_is_skipped_not_fatal(tmp_path):
    """The issue's case: record 49 of 121 holds a lone surrogate; the build used to stop
    after 48 articles with a UnicodeEncodeError.  Now that record alone is skipped."""
    rows = [json.dumps({"title": f"第{i}号", "text": f"财政部第{i}次印发《办法{i}》。"}, ensure_ascii=False) for i in range(121)]
    rows[48] = '{"title": "坏", "text": "国务院\\ud800发布通知。"}'
    rows[60] = '{"title": "深", "text": "x", "a": ' + "[" * 50_000 + "]" * 50_000 + "}"
    src = tmp_path / "r121.jsonl"
    src.write_text("\n".join(rows) + "\n", encoding="utf-8")
    problems = []
    stats = build_files(src, None, store=tmp_path / "store", jobs=2, on_problem=problems.append)
    assert (stats.added, stats.skipped) == (119, 2)
    assert [str(p).split(": ")[0] for p in problems] == [f"{src}:49", f"{src}:61"]
    assert len(_articles(tmp_path / "store")) == 119


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    try:  # a zombie waits for its (new) parent to reap it: it runs no more
        return Path(f"/proc/{pid}/stat").read_text().split(") ", 1)[1][0] != "Z"
    except (OSError, IndexError):
        return True


_POOL_SCRIPT = """
import os, sys, time
from pathlib import Path
from kg.pipeline import _ordered_pool

def nap(batch):
    Path(sys.argv[1], str(os.getpid())).touch()
    time.sleep(300)  # a worker deep in a big record
    return batch

def ready():
    pass

if __name__ == "__main__":
    for _ in _ordered_pool(nap, iter([[1], [2]]), 2, ready):
        pass
"""


def test_pipeline_workers_die_with_their_parent(tmp_path):
    """kill -9 of the build: its worker processes exit with it (they used to work off what
    they held first, for as long as that took)."""
    script = tmp_path / "pool.py"
    script.write_text(_POOL_SCRIPT, encoding="utf-8")
    pids_dir = tmp_path / "pids"
    pids_dir.mkdir()
    proc = subprocess.Popen([sys.executable, str(script), str(pids_dir)], cwd=tmp_path)
    try:
        deadline = time.monotonic() + 120
        while len(list(pids_dir.iterdir())) < 2 and time.monotonic() < deadline and proc.poll() is None:
            time.sleep(0.1)
        workers = [int(p.name) for p in pids_dir.iterdir()]
        assert len(workers) == 2 and all(_alive(w) for w in workers)
    finally:
        proc.kill()
        proc.wait()
    deadline = time.monotonic() + 10  # a liveness bound, far below the workers' 300 s nap
    while any(_alive(w) for w in workers) and time.monotonic() < deadline:
        time.sleep(0.1)
    still = [w for w in workers if _alive(w)]
    for w in still:
        os.kill(w, signal.SIGKILL)
    assert still == []


def test_pipeline_big_page_is_read_in_bounded_pieces_with_progress(tmp_path, monkeypatch):
    """A big page goes to the workers in pieces cut between articles, so memory per record
    is bounded and progress moves within the file; the articles are those of a whole read."""
    import kg.pipeline
    import kg.reader
    from kg.reader import read, records

    monkeypatch.setattr(kg.reader, "PIECE_CHARS", 1500)
    monkeypatch.setattr(kg.pipeline, "_PROGRESS_EVERY", 0)
    page = "".join(f"# 第{i}篇\n\n{ROWS[0]['text'] * 4}\n\n" for i in range(30))
    src = tmp_path / "page.txt"
    src.write_text(page, encoding="utf-8")
    pieces = list(records(src))
    assert len(pieces) > 3 and all(len(r.text) <= 3 * 1500 for r in pieces)
    assert all(r.text.startswith("# ") for r in pieces)  # cut before an article heading
    titles = [a.title for a in read(src)]
    monkeypatch.setattr(kg.reader, "PIECE_CHARS", 10**9)
    assert titles == [a.title for a in read(src)] == [f"第{i}篇" for i in range(30)]
    monkeypatch.setattr(kg.reader, "PIECE_CHARS", 1500)
    reports = []
    stats = build_files(src, None, jobs=1, progress=reports.append)
    done = [p.done_bytes for p in reports]
    assert stats.articles == 30 and reports[-1].total_bytes == src.stat().st_size == done[-1]
    assert len(set(done)) > 3 and done == sorted(done)  # it moved, within the one file


def test_pipeline_store_snapshot_survives_a_writer_deleting_files(tmp_path):
    """Readers of a store (kg query/export/validate/viz --store) read a checkpoint: when a
    build's compaction deletes the table files meanwhile (here: the whole directory goes),
    the reader still sees the store as it was, whole."""
    store = tmp_path / "store"
    build_files(_jsonl(tmp_path / "a.jsonl", ROWS), None, store=store, html=False)
    with KGStore(store, create=False, read_only=True) as direct:
        expected = len(direct)
    view = KGStore.snapshot(store)
    shutil.rmtree(store)
    assert len(view) == expected and len(list(view.articles())) == 3
    assert len(view.to_graph()) == expected
    view.close()
    assert not any(p.name.startswith(".newskg-snapshot-") for p in tmp_path.iterdir())


def test_pipeline_cli_reads_a_store_a_build_is_compacting(tmp_path, capsys, monkeypatch):
    """Opening a store read-only races with a writer's compaction (RocksDB: "Corruption …
    No such file … .sst", or FileNotFoundError): the reader tries again instead of dying
    with a traceback, for kg validate and kg viz as for kg query."""
    import types

    import kg.store

    store = tmp_path / "store"
    build_files(_jsonl(tmp_path / "a.jsonl", ROWS), None, store=store, html=False)
    failures = iter([RuntimeError("Corruption: IO error: No such file or directory: While open a file for random read: store/000177.sst"),
                     FileNotFoundError("IO error: No such file or directory: While open a file for random read: store/000198.sst")])

    class Flaky:
        def __new__(cls, *args, **kwargs):  # type: ignore[no-untyped-def]
            return ox.Store(*args, **kwargs)

        @staticmethod
        def read_only(path):  # type: ignore[no-untyped-def]
            failure = next(failures, None)
            if failure is not None:
                raise failure
            return ox.Store.read_only(path)

    monkeypatch.setattr(kg.store, "ox", types.SimpleNamespace(**{**{k: getattr(ox, k) for k in dir(ox) if not k.startswith("__")}, "Store": Flaky}))
    monkeypatch.setattr(time, "sleep", lambda s: None)
    assert main(["validate", "--store", str(store)]) == 0
    assert capsys.readouterr().out.startswith("conforms")
    failures = iter([RuntimeError("Corruption: IO error: No such file or directory: While open a file for random read: store/000201.sst")])
    assert main(["viz", "--store", str(store), "-o", str(tmp_path / "g.html")]) == 0
    assert "Traceback" not in capsys.readouterr().err and (tmp_path / "g.html").is_file()
