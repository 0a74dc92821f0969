"""Engine-neutral extraction: records in, N-Quads out; kg load gives the store kg build gives."""

from __future__ import annotations

import json

import pyoxigraph as ox
import pytest

from kg.cli import main
from kg.errors import GraphParseError
from kg.partition import RecordResult, process_records, records_to_nquads, split_nquads
from kg.pipeline import build_files
from kg.reader import ReadOptions, Record, records
from kg.store import KGStore, article_id_of
from tests.helpers import SEED

ROWS = [
    {"title": "海关总署发布数据", "date": "2023-07-13", "text": "新华社北京7月13日电（记者邹多为）海关总署13日发布数据。海关总署副署长王令浚介绍了情况。"},
    {"title": "两部门印发办法", "date": "2023-08-01", "text": "财政部、税务总局联合印发《研发费用加计扣除管理办法》。"},
    {"title": "高校团队发表成果", "date": "2023-09-02", "text": "记者从四川大学获悉，该校华西医院李青松教授团队研制出新型疫苗，相关成果发表在《柳叶刀》上。"},
]


def corpus(path):
    """Three articles, a bad line, and the first article again (a duplicate)."""
    lines = [json.dumps(r, ensure_ascii=False) for r in ROWS] + ["{not json", json.dumps(ROWS[0], ensure_ascii=False)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def store_quads(path) -> set[ox.Quad]:
    return set(ox.Store.read_only(str(path)))


def test_partition_records_to_nquads_puts_each_article_in_its_graph(tmp_path):
    nquads = records_to_nquads(records(corpus(tmp_path / "c.jsonl")))
    quads = list(ox.parse(nquads, format=ox.RdfFormat.N_QUADS))
    graphs = {article_id_of(q.graph_name) for q in quads}
    assert None not in graphs and len(graphs) == 3  # the duplicate shares its graph; the bad line is skipped
    titles = {q.object.value for q in quads if q.predicate.value.endswith("#title")}
    assert titles == {r["title"] for r in ROWS}


def test_partition_process_records_reports_each_record(tmp_path):
    results = process_records(records(corpus(tmp_path / "c.jsonl")))
    assert [len(r.articles) for r in results] == [1, 1, 1, 0, 1]
    bad = results[3]
    assert isinstance(bad, RecordResult) and bad.line == 4 and "not valid JSON" in (bad.problem or "") and not bad.fatal
    assert results[0].articles[0][0] == results[4].articles[0][0]  # same content, same article id


def test_partition_load_equals_a_local_build(tmp_path):
    src = corpus(tmp_path / "c.jsonl")
    build_files(src, None, store=tmp_path / "built", html=False, jobs=1)
    recs = list(records(src))
    # Two partitions, as an engine would make them, loaded in input order.
    for i, part in enumerate((recs[:2], recs[2:])):
        (tmp_path / f"part-{i}.nq").write_bytes(records_to_nquads(part))
    assert main(["load", "--store", str(tmp_path / "loaded"), str(tmp_path / "part-0.nq"), str(tmp_path / "part-1.nq")]) == 0
    built, loaded = store_quads(tmp_path / "built"), store_quads(tmp_path / "loaded")
    assert built == loaded
    assert any(isinstance(q.graph_name, ox.DefaultGraph) for q in loaded)  # the union graph is rebuilt
    assert len({q.graph_name for q in loaded}) == 4  # three articles and the union


def test_partition_load_of_the_seed_page_equals_kg_build(tmp_path, seed_build):
    store, _ = seed_build
    nquads = records_to_nquads(records(SEED), ReadOptions(date="2025-01-22"))
    (tmp_path / "seed.nq").write_bytes(nquads)
    assert main(["load", "--store", str(tmp_path / "s"), str(tmp_path / "seed.nq")]) == 0
    assert store_quads(tmp_path / "s") == store_quads(store)
    # Loading again changes nothing: articles are keyed by content.
    assert main(["load", "--store", str(tmp_path / "s"), str(tmp_path / "seed.nq")]) == 0
    assert store_quads(tmp_path / "s") == store_quads(store)


def test_partition_load_rejects_what_is_not_a_partition(tmp_path, capsys):
    (tmp_path / "x.nq").write_bytes(b"<urn:s> <urn:p> <urn:o> .\n")  # the default graph: not an article
    assert main(["load", "--store", str(tmp_path / "s"), str(tmp_path / "x.nq")]) == 1
    err = capsys.readouterr().err
    assert err.startswith("kg: error: ") and "x.nq" in err and "outside any article graph" in err and "Traceback" not in err
    with pytest.raises(GraphParseError, match="not valid N-Quads"):
        list(split_nquads(b"<urn:s> <urn:p> .\n"))
    with KGStore(tmp_path / "s", create=False) as s:
        assert len(s) == 0  # nothing half-loaded


def test_partition_records_from_any_engine_are_plain_records():
    # What Spark or Ray ship to workers: picklable records, and the function by reference.
    import pickle

    record = Record("x.jsonl", "jsonl", json.dumps(ROWS[1], ensure_ascii=False), 1)
    assert pickle.loads(pickle.dumps(record)) == record
    assert pickle.loads(pickle.dumps(records_to_nquads)) is records_to_nquads
