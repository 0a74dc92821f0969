"""The kg command line, run in-process (and once as an installed program)."""

from __future__ import annotations

import contextlib
import io
import os
import resource
import select
import shutil
import signal
import tempfile
import time
import json
import subprocess
import sys
from pathlib import Path

import pytest

from kg.cli import main
from kg.rdfio import atomic_write
from tests.helpers import SEED, page


def run(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    code = main(list(argv), out=out)
    return code, out.getvalue()


def test_cli_read_seed_text(capsys):
    code, out = run("read", str(SEED), "--date", "2025-01-22", "--explain")
    assert code == 0
    assert out.count("\n[") + out.startswith("[") == 7
    assert "我国制造业总体规模连续15年保持全球第一" in out and "kicker: 工业和信息化部：" in out
    assert "move: …" in out and "why: dictionary word '黑龙江' spans the cut" in out
    assert capsys.readouterr().err == ""


def test_cli_read_json(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text(page("# 标题", "新华社北京3月5日电（记者王明）国务院发布通知。"), encoding="utf-8")
    code, out = run("read", str(path), "--format", "json", "--year", "2024")
    data = json.loads(out)
    assert code == 0 and data[0]["title"] == "标题" and data[0]["reporters"][0]["name"] == "王明"
    assert data[0]["date"] == "2024-03-05"


def test_cli_missing_file_is_one_line_error(tmp_path, capsys):
    code, _ = run("read", str(tmp_path / "nope.txt"))
    err = capsys.readouterr().err
    assert code == 1
    assert err.strip().splitlines() == [f"kg: error: {tmp_path / 'nope.txt'}: no such file or directory"]
    assert "Traceback" not in err


def test_cli_bad_jsonl_record_warns_and_goes_on(tmp_path, capsys):
    path = tmp_path / "a.jsonl"
    path.write_text('{"title": "好", "text": "国务院发布通知。"}\n{broken\n', encoding="utf-8")
    code, out = run("read", str(path))
    err = capsys.readouterr().err
    assert code == 0 and "[1] 好" in out
    assert f"kg: warning: {path}:2: not valid JSON" in err


def test_cli_usage_errors_exit_2(capsys):
    assert run("read")[0] == 2
    assert run("nonsense")[0] == 2
    assert run("read", "x", "--date", "someday")[0] == 2
    assert "Traceback" not in capsys.readouterr().err


def test_cli_build_writes_graph_and_summary(tmp_path):
    code, out = run("build", str(SEED), "--date", "2025-01-22", "-o", str(tmp_path), "--no-html")
    assert code == 0
    assert (tmp_path / "graph.ttl").is_file()
    assert "7 articles" in out and "issued" in out and "GovernmentAgency" in out
    assert not list(tmp_path.glob(".*.tmp"))


def test_cli_build_bad_input_leaves_no_output(tmp_path, capsys):
    out_dir = tmp_path / "out"
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(50))
    code, _ = run("build", str(bad), "-o", str(out_dir), "--no-html")
    assert code == 1
    assert "binary data (PNG image)" in capsys.readouterr().err
    assert not (out_dir / "graph.ttl").exists()


def test_cli_atomic_write_keeps_old_file_on_error(tmp_path):
    target = tmp_path / "graph.ttl"
    target.write_text("old", encoding="utf-8")
    with pytest.raises(RuntimeError):
        with atomic_write(target) as fh:
            fh.write(b"half")  # type: ignore[attr-defined]
            raise RuntimeError("interrupted")
    assert target.read_text(encoding="utf-8") == "old"
    assert list(tmp_path.iterdir()) == [target]


@pytest.fixture(scope="module")
def seed_graph(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("seed")
    assert run("build", str(SEED), "--date", "2025-01-22", "-o", str(out), "--no-html")[0] == 0
    return out / "graph.ttl"


def test_cli_query_named_policies(seed_graph):
    code, out = run("query", str(seed_graph), "--name", "policies-by-agency")
    assert code == 0
    for doc in ("公共数据资源登记管理暂行办法", "公共数据资源授权运营实施规范（试行）", "关于建立公共数据资源授权运营价格形成机制的通知",
                "关于加快公共数据资源开发利用的意见", "整治形式主义为基层减负若干规定"):
        assert doc in out
    code, out = run("query", str(seed_graph), "--name", "policies-by-agency", "--param", "agency=中办", "--format", "csv")
    rows = out.strip().splitlines()
    assert rows[0] == "agency,policy,date,article" and all(r.startswith("中共中央办公厅,") for r in rows[1:])


def test_cli_query_errors(seed_graph, tmp_path, capsys):
    code, _ = run("query", str(seed_graph), "SELECT ?x WHERE {\n  ?x ?y }")
    err = capsys.readouterr().err
    assert code == 2 and "malformed SPARQL at line 2, column" in err and "Traceback" not in err
    code, _ = run("query", str(seed_graph), "--name", "nope")
    assert code == 2 and "known: article, entities" in capsys.readouterr().err
    code, _ = run("query", str(seed_graph), "ASK {}", "--format", "yaml")
    assert code == 2 and "known: csv, json, table, tsv, xml" in capsys.readouterr().err
    broken = tmp_path / "broken.ttl"
    broken.write_text("<a> <b> .", encoding="utf-8")
    code, _ = run("query", str(broken), "ASK {}")
    err = capsys.readouterr().err
    assert code == 1 and err.count("\n") == 1 and f"{broken}: not a valid RDF graph" in err


def test_cli_query_list_and_file(seed_graph, tmp_path):
    code, out = run("query", "--list")
    assert code == 0 and "policies-by-agency" in out and "--param agency=" in out
    rq = tmp_path / "q.rq"
    rq.write_text("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", encoding="utf-8")
    code, out = run("query", str(seed_graph), "-f", str(rq), "--format", "json")
    assert code == 0 and int(json.loads(out)["results"]["bindings"][0]["n"]["value"]) > 500


def test_cli_export_and_validate(seed_graph, tmp_path):
    trig = tmp_path / "g.trig"
    code, _ = run("export", str(seed_graph), "--format", "trig", "-o", str(trig))
    assert code == 0 and trig.read_text(encoding="utf-8").count("GRAPH") + trig.read_text(encoding="utf-8").count("{") >= 7
    code, out = run("validate", str(seed_graph))
    assert code == 0 and out.startswith("conforms")
    broken = tmp_path / "broken.ttl"
    broken.write_text(
        seed_graph.read_text(encoding="utf-8")
        + '\n<https://w3id.org/newskg/resource/org/国家数据局> <http://www.w3.org/2000/01/rdf-schema#label> "别名"@zh .\n',
        encoding="utf-8",
    )
    code, out = run("validate", str(broken))
    assert code == 1 and "does not conform" in out and "国家数据局" in out


def test_cli_installed_program_runs(tmp_path):
    """``python -m kg`` from another directory: the installed package finds its data files."""
    code = (
        "import kg.resources as r, kg.lexicon as l;"
        "print(sorted(r.ontology_files()));"
        "print(len(l.default_lexicon().entries) > 1000)"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split("\n")[:2] == ["['newskg.ttl', 'shapes.ttl']", "True"]
    version = subprocess.run([sys.executable, "-m", "kg", "--version"], cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert version.returncode == 0 and version.stdout.startswith("newskg ")


def test_cli_ner_spans_adapter(monkeypatch):
    """``kg ner --format spans`` is the adapter ner_bench.py calls: one JSON list per line."""
    monkeypatch.setattr(sys, "stdin", io.StringIO("教育部部长怀明远在北京会见了法国客人。\n\n"))
    code, out = run("ner", "--format", "spans")
    lines = out.splitlines()
    assert code == 0 and len(lines) == 2 and lines[1] == "[]"
    spans = {("教育部部长怀明远在北京会见了法国客人。"[s:e], t) for s, e, t in json.loads(lines[0])}
    assert {("教育部", "ORG"), ("北京", "LOC")} <= spans


# --- outputs that cannot be written ----------------------------------------------------

def _no_work(*args, **kwargs):
    raise AssertionError("the build started reading although its output cannot be written")


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda d: (d / "out").write_text("mine", encoding="utf-8"), "out: is a file, not a directory"),
        (lambda d: (d / "afile").write_text("mine", encoding="utf-8"), "afile: is a file, not a directory (cannot hold"),
    ],
)
def test_cli_build_output_problem_is_one_line_before_the_work(tmp_path, capsys, monkeypatch, make, message):
    import kg.pipeline

    make(tmp_path)
    target = tmp_path / ("out" if "out:" in message else "afile/sub")
    monkeypatch.setattr(kg.pipeline, "records", _no_work)
    code, _ = run("build", str(SEED), "-o", str(target))
    err = capsys.readouterr().err
    assert code == 1 and err.count("\n") == 1 and message in err and err.startswith("kg: error: ")


def _as_unprivileged(argv: list[str]) -> tuple[int, str]:
    """``main(argv)`` run by a user who cannot write a 0o555 directory: this process when it
    is not root, else a forked child that drops to nobody (root writes anywhere)."""
    if os.geteuid() != 0:
        err = io.StringIO()
        with contextlib.redirect_stderr(err):
            return main(argv, out=io.StringIO()), err.getvalue()
    import kg.pipeline  # noqa: F401 - imported while the files are still readable

    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child
        try:
            os.close(read_end)
            os.setgroups([])
            os.setgid(65534)
            os.setuid(65534)
            sys.stderr = err = io.StringIO()
            code = main(argv, out=io.StringIO())
            os.write(write_end, f"{code}\n{err.getvalue()}".encode())
        finally:
            os._exit(0)
    os.close(write_end)
    ready, _, _ = select.select([read_end], [], [], 60)
    if not ready:  # a child stuck on a lock some thread held at fork time: fail, do not hang
        os.kill(pid, signal.SIGKILL)
    with os.fdopen(read_end, "rb") as fh:
        data = fh.read().decode()
    os.waitpid(pid, 0)
    code, _, err = data.partition("\n")
    assert code, "the unprivileged child gave no answer within 60 s"
    return int(code), err


def test_cli_build_read_only_output_directory(tmp_path):
    ro = Path(tempfile.mkdtemp(prefix="kg-ro-"))
    try:
        ro.chmod(0o555)
        code, err = _as_unprivileged(["build", str(SEED), "-o", str(ro)])
        assert code == 1 and err.count("\n") == 1, err
        assert f"kg: error: {ro}: cannot write here: Permission denied" in err and "Traceback" not in err
        code, err = _as_unprivileged(["export", str(SEED), "-o", str(ro / "g.nt"), "--format", "nt"])
        assert code == 1 and "cannot write here: Permission denied" in err and "Traceback" not in err
    finally:
        ro.chmod(0o755)
        shutil.rmtree(ro)


def test_cli_export_and_viz_to_a_directory_is_one_line(seed_graph, tmp_path, capsys):
    for argv in (["export", str(seed_graph), "-o", str(tmp_path)], ["viz", str(seed_graph), "-o", str(tmp_path)]):
        code, _ = run(*argv)
        err = capsys.readouterr().err
        assert code == 1 and err == f"kg: error: {tmp_path}: is a directory (an output file name is expected)\n"


def test_cli_build_full_disk_keeps_the_previous_outputs(tmp_path):
    """Writing fails half-way (here a file-size limit, as a full disk would): one line, exit
    1, and graph.ttl and graph.html stay those of the previous build, as a pair."""
    out = tmp_path / "out"
    first = tmp_path / "first.txt"
    first.write_text(page("# 国家数据局发布通知", "国家数据局发布《数据安全办法》。"), encoding="utf-8")
    assert run("build", str(first), "-o", str(out))[0] == 0
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    assert set(before) == {"graph.ttl", "graph.html"} and len(before["graph.html"]) > 300_000

    def limit() -> None:  # Python ignores SIGXFSZ: a write past the limit fails with EFBIG
        resource.setrlimit(resource.RLIMIT_FSIZE, (200_000, 200_000))

    done = subprocess.run([sys.executable, "-m", "kg", "build", str(SEED), "--date", "2025-01-22", "-o", str(out)],
                          capture_output=True, text=True, timeout=300, preexec_fn=limit)
    assert done.returncode == 1, done.stderr
    assert done.stderr.splitlines()[-1] == f"kg: error: {out / 'graph.html'}: cannot write: File too large"
    assert "Traceback" not in done.stderr
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before  # no temporary file left either


def test_cli_build_and_read_of_nothing_readable_is_an_error(tmp_path, capsys):
    junk = tmp_path / "junk"
    (junk / "sub").mkdir(parents=True)
    (junk / "empty.txt").write_bytes(b"")
    (junk / "noise.txt").write_bytes(bytes(range(256)) * 8)
    (junk / "sub" / "image.md").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(50))
    for argv in (["build", str(junk), "-o", str(tmp_path / "out")], ["read", str(junk)]):
        code, _ = run(*argv)
        err = capsys.readouterr().err.splitlines()
        assert code == 1 and err[-1] == f"kg: error: {junk}: no readable articles (3 skipped)"
        assert len(err) == 4 and all(line.endswith("(skipped)") for line in err[:3])
    assert not (tmp_path / "out").exists()


# --- queries: bounded, interruptible, W3C formats ---------------------------------------

def test_cli_query_timeout_max_rows_and_formats(seed_graph, capsys):
    cartesian = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
    code, out = run("query", str(seed_graph), cartesian, "--format", "tsv", "--timeout", "0.5")
    err = capsys.readouterr().err
    assert code == 1 and err == "kg: error: query stopped after 0.5 s (--timeout); add a LIMIT or a more selective pattern, or allow more time\n"
    code, out = run("query", str(seed_graph), cartesian, "--max-rows", "3")
    assert code == 0 and out.splitlines()[-1].startswith("(the first 3 rows; more not shown") and len(out.splitlines()) == 2 + 3 + 1
    code, out = run("query", str(seed_graph), "ASK { ?s ?p ?o }", "--format", "csv")
    assert code == 2 and "for SELECT only" in capsys.readouterr().err
    code, out = run("query", str(seed_graph), "CONSTRUCT WHERE { ?s a ?t } LIMIT 3", "--format", "json")
    assert code == 0 and "@id" in out and not out.startswith("@prefix")


def test_cli_query_stops_on_ctrl_c_with_status_130(seed_graph):
    """A query busy inside Oxigraph (an aggregate over a cartesian product) used to ignore
    SIGINT for good; now the process exits with 130 at once."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "kg", "query", str(seed_graph), "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }", "--timeout", "0"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    time.sleep(3)  # started and deep in the query (it runs for hours)
    proc.send_signal(signal.SIGINT)
    try:
        out, err = proc.communicate(timeout=15)  # a liveness bound, not a measurement
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.communicate()
        pytest.fail("kg query was still running 15 s after SIGINT")
    assert proc.returncode == 130 and err == "kg: interrupted\n" and out == ""
