"""kg push: a store into a real Oxigraph server (read-write) started by the test."""

from __future__ import annotations

import socket
import subprocess
import time
import urllib.request
from urllib.parse import quote

import pyoxigraph as ox
import pytest

from kg.cli import main
from kg.errors import RemoteError
from kg.push import graph_store_url, push, remote_counts
from kg.store import KGStore

try:
    from kg.serve import oxigraph_binary

    OXIGRAPH = oxigraph_binary()
except Exception as exc:  # noqa: BLE001
    pytest.skip(f"no usable Oxigraph server: {exc}", allow_module_level=True)


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture()
def remote(tmp_path):
    """A fresh read-write Oxigraph server on loopback: its base URL."""
    port = _port()
    proc = subprocess.Popen([OXIGRAPH, "serve", "--location", str(tmp_path / "remote"), "--bind", f"127.0.0.1:{port}"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    for _ in range(200):
        try:
            urllib.request.urlopen(url + "/query?query=ASK%7B%7D", timeout=2).read()
            break
        except OSError:
            time.sleep(0.05)
    yield url
    proc.terminate()
    proc.wait(timeout=30)


def remote_quads(url: str) -> set[ox.Quad]:
    """Everything the server holds (the Graph Store Protocol's dataset GET, as N-Quads)."""
    req = urllib.request.Request(url + "/store", headers={"Accept": "application/n-quads"})
    with urllib.request.urlopen(req, timeout=60) as resp:
        return set(ox.parse(resp.read(), format=ox.RdfFormat.N_QUADS))


def named_quads(store_dir) -> set[ox.Quad]:
    with KGStore(store_dir, create=False, read_only=True) as store:
        return {q for q in store.db if not isinstance(q.graph_name, ox.DefaultGraph)}


def test_push_fills_a_real_oxigraph_server(seed_build, remote, capsys):
    store = seed_build[0]
    assert main(["push", "--store", str(store), "--endpoint", remote + "/query", "--batch", "3"]) == 0
    out = capsys.readouterr().out
    assert "7 article graphs uploaded" in out and "3 batches" in out and "0 already there" in out
    assert remote_quads(remote) == named_quads(store)  # one named graph per article, nothing else


def test_push_is_idempotent_and_resumes(seed_build, remote, tmp_path, capsys):
    store = seed_build[0]
    gsp = remote + "/store"
    with KGStore(store, create=False, read_only=True) as s:
        first = push(s, remote + "/query", batch=2)
        assert (first.uploaded, first.already) == (7, 0)
        again = push(s, remote + "/query")
        assert (again.uploaded, again.already) == (0, 7)  # nothing to do
        # An interrupted push: one graph missing, one half there.
        graphs = sorted(remote_counts(remote + "/query", "https://w3id.org/newskg/resource/article/"))
        urllib.request.urlopen(urllib.request.Request(f"{gsp}?graph={quote(graphs[0], safe='')}", method="DELETE"), timeout=30)
        urllib.request.urlopen(urllib.request.Request(
            f"{gsp}?graph={quote(graphs[1], safe='')}", data=b"<urn:x> <urn:y> <urn:z> .\n", method="PUT",
            headers={"Content-Type": "application/n-triples"}), timeout=30)
        resumed = push(s, remote + "/query")
        assert (resumed.uploaded, resumed.already) == (2, 5)
    assert remote_quads(remote) == named_quads(store)


def test_push_union_fills_the_default_graph(seed_build, remote):
    store = seed_build[0]
    with KGStore(store, create=False, read_only=True) as s:
        push(s, remote + "/query", union=True)
        union = {ox.Quad(q.subject, q.predicate, q.object) for q in s.db.quads_for_pattern(None, None, None, ox.DefaultGraph())}
    got = {q for q in remote_quads(remote) if isinstance(q.graph_name, ox.DefaultGraph)}
    assert got == union


def test_push_errors_are_one_line(seed_build, tmp_path, capsys):
    port = _port()  # nothing listens there
    assert main(["push", "--store", str(seed_build[0]), "--endpoint", f"http://127.0.0.1:{port}/query"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("kg: error: POST http://127.0.0.1:") and "cannot reach the server" in err and "Traceback" not in err
    with pytest.raises(RemoteError, match="give --graph-store"):
        graph_store_url("http://example.org/endpoint")


@pytest.mark.parametrize(("endpoint", "gsp"), [
    ("http://127.0.0.1:7878/query", "http://127.0.0.1:7878/store"),
    ("http://localhost:3030/news/sparql", "http://localhost:3030/news/data"),
    ("http://localhost:3030/news/query", "http://localhost:3030/news/data"),
    ("http://localhost:8890/sparql", "http://localhost:8890/sparql-graph-crud"),
])
def test_push_graph_store_url_beside_the_endpoint(endpoint, gsp):
    assert graph_store_url(endpoint) == gsp


def test_push_into_kg_serve_is_refused(seed_build, tmp_path, capsys):
    # kg serve is read-only: pushing into it fails with the server's word, on one line.
    from tests.test_serve import Server

    empty = tmp_path / "empty"
    assert main(["load", "--store", str(empty), "/dev/null"]) == 0  # an empty store to serve
    server = Server(empty)
    try:
        capsys.readouterr()
        code = main(["push", "--store", str(seed_build[0]), "--endpoint", server.endpoint])
    finally:
        server.stop()
    err = capsys.readouterr().err
    assert code == 1 and "HTTP 403" in err and "read-only" in err and "Traceback" not in err
