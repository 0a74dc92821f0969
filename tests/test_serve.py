"""kg serve: the real Oxigraph server behind newskg's front, queried with SPARQLWrapper.

Each server is started as ``python -m kg serve --port 0`` on a copy of the seed store and
stopped at the end; everything runs on 127.0.0.1.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import quote

import pytest

SPARQLWrapper = pytest.importorskip("SPARQLWrapper")
from SPARQLWrapper import CSV, JSON, JSONLD, N3, POST, RDFXML, TSV, TURTLE, XML  # noqa: E402

from kg.cli import main  # noqa: E402
from kg.serve import oxigraph_binary, snapshot, store_lock  # noqa: E402
from kg.store import KGStore  # noqa: E402
from tests.helpers import SEED  # noqa: E402

try:
    oxigraph_binary()
except Exception as exc:  # noqa: BLE001
    pytest.skip(f"no usable Oxigraph server: {exc}", allow_module_level=True)

# SPARQLWrapper and rdflib's parsers still build ConjunctiveGraphs.
pytestmark = pytest.mark.filterwarnings("ignore:.*(ConjunctiveGraph|default_context) is deprecated:DeprecationWarning")

KGO = "https://w3id.org/newskg/ontology#"
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
# A cross product of the store with itself, three times: no answer within seconds.
SLOW_COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
SLOW_STREAM = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


class Server:
    """``kg serve`` in a child process."""

    def __init__(self, store: Path, *args: str) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "kg", "serve", "--store", str(store), "--port", "0", *args],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )
        line: list[str] = []
        reader = threading.Thread(target=lambda: line.append(self.proc.stdout.readline()), daemon=True)  # type: ignore[union-attr]
        reader.start()
        reader.join(60)
        if not line or not line[0].startswith("kg serve: http://"):
            self.stop()
            raise RuntimeError(f"kg serve did not start: {line} {self.proc.stderr.read() if self.proc.stderr else ''}")
        self.banner = line[0]
        self.url = line[0].split()[2]
        self.endpoint = self.url + "query"

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()

    def get(self, path: str, accept: str | None = None) -> tuple[int, str, str]:
        req = urllib.request.Request(self.url + path.lstrip("/"), headers={"Accept": accept} if accept else {})
        try:
            with urllib.request.urlopen(req, timeout=60) as resp:
                return resp.status, resp.headers.get("Content-Type", ""), resp.read().decode("utf-8")
        except urllib.error.HTTPError as err:
            return err.code, err.headers.get("Content-Type", ""), err.read().decode("utf-8")

    def status(self) -> dict:
        return json.loads(self.get("/status")[2])


def _copy(store: Path, dest: Path) -> Path:
    shutil.copytree(store, dest)
    return dest


@pytest.fixture(scope="module")
def server(seed_build, tmp_path_factory):
    store = _copy(seed_build[0], tmp_path_factory.mktemp("serve") / "store")
    s = Server(store, "--timeout-s", "2")
    yield s
    s.stop()
    assert not list(store.parent.glob(".kg-serve-*")), "snapshots left behind"


def sparql(server: Server, query: str, fmt=JSON, method: str | None = None):  # type: ignore[no-untyped-def]
    w = SPARQLWrapper.SPARQLWrapper(server.endpoint)
    w.setQuery(query)
    w.setReturnFormat(fmt)
    if method:
        w.setMethod(method)
    return w


def _count(server: Server, query: str = COUNT) -> int:
    return int(sparql(server, query).queryAndConvert()["results"]["bindings"][0]["n"]["value"])


# --------------------------------------------------------------------------- protocol


def test_serve_listens_on_loopback_only(server):
    assert server.url.startswith("http://127.0.0.1:")
    assert "SPARQL endpoint" in server.banner and "time out after 2 s" in server.banner


def test_serve_select_in_every_result_format(server):
    expected = _count(server)
    assert expected > 1000
    assert int(sparql(server, COUNT, JSON).queryAndConvert()["results"]["bindings"][0]["n"]["value"]) == expected
    xml = sparql(server, COUNT, XML).queryAndConvert()  # a DOM document
    assert xml.getElementsByTagName("literal")[0].firstChild.data == str(expected)
    rows = list(csv.reader(io.StringIO(sparql(server, COUNT, CSV).queryAndConvert().decode("utf-8"))))
    assert rows == [["n"], [str(expected)]]
    assert sparql(server, COUNT, TSV).queryAndConvert().decode("utf-8").splitlines() == ["?n", str(expected)]


def test_serve_ask_and_construct_in_every_format(server):
    ask = f"ASK {{ ?a <{KGO}issued> ?p }}"
    assert sparql(server, ask, JSON).queryAndConvert()["boolean"] is True
    assert sparql(server, ask, XML).queryAndConvert().getElementsByTagName("boolean")[0].firstChild.data == "true"
    construct = f"CONSTRUCT {{ ?a <{KGO}issued> ?p }} WHERE {{ ?a <{KGO}issued> ?p }}"
    sizes = set()
    for fmt in (TURTLE, RDFXML, N3, JSONLD):
        graph = sparql(server, construct, fmt).queryAndConvert()
        if isinstance(graph, bytes):  # SPARQLWrapper hands Turtle and N3 back as bytes
            from rdflib import Graph

            graph = Graph().parse(data=graph.decode("utf-8"), format="turtle" if fmt == TURTLE else "n3")
        sizes.add(len(graph))
    assert sizes == {13}  # the seed page's 13 issued statements, in every format


def test_serve_get_post_form_and_post_body_agree(server):
    answers = []
    for method, request in (("GET", None), (POST, SPARQLWrapper.URLENCODED), (POST, SPARQLWrapper.POSTDIRECTLY)):
        w = sparql(server, COUNT, JSON, method if method != "GET" else None)
        if request:
            w.setRequestMethod(request)
        answers.append(w.queryAndConvert()["results"]["bindings"][0]["n"]["value"])
    assert len(set(answers)) == 1


def test_serve_default_and_named_graph_uri(server, seed_build):
    with KGStore(seed_build[0], create=False, read_only=True) as store:
        article = next(store.articles())
        in_graph = sum(1 for _ in store.db.quads_for_pattern(None, None, None, __import__("pyoxigraph").NamedNode(f"https://w3id.org/newskg/resource/article/{article}")))
    graph_iri = f"https://w3id.org/newskg/resource/article/{article}"
    w = sparql(server, COUNT)
    w.addDefaultGraph(graph_iri)
    assert int(w.queryAndConvert()["results"]["bindings"][0]["n"]["value"]) == in_graph
    w = sparql(server, "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g")
    w.addNamedGraph(graph_iri)
    rows = w.queryAndConvert()["results"]["bindings"]
    assert [(r["g"]["value"], int(r["n"]["value"])) for r in rows] == [(graph_iri, in_graph)]


def test_serve_malformed_query_is_a_400(server):
    with pytest.raises(SPARQLWrapper.SPARQLExceptions.QueryBadFormed):
        sparql(server, "SELECT WHERE {").queryAndConvert()


# --------------------------------------------------------------------------- timeouts


@pytest.mark.parametrize("query", [SLOW_COUNT, SLOW_STREAM], ids=["no-answer-yet", "streaming-answer"])
def test_serve_query_past_the_timeout_is_a_503(server, query):
    # Oxigraph alone answers 200 with a truncated body in both cases; the client must see an error.
    with pytest.raises(urllib.error.HTTPError) as info:
        sparql(server, query).queryAndConvert()
    assert info.value.code == 503
    assert "timed out" in info.value.read().decode("utf-8")
    assert _count(server) > 0  # and the server still answers


def test_serve_concurrent_clients_get_their_own_answers(server):
    queries = {name: f"SELECT (COUNT(*) AS ?n) WHERE {{ ?s <{KGO}{name}> ?o }}" for name in ("issued", "mentions", "reporter", "partOf")}
    expected = {name: _count(server, q) for name, q in queries.items()}
    got: list[tuple[str, int]] = []
    errors: list[BaseException] = []

    def client(i: int) -> None:
        try:
            for k in range(4):
                name = list(queries)[(i + k) % len(queries)]
                got.append((name, _count(server, queries[name])))
        except BaseException as exc:  # noqa: BLE001
            errors.append(exc)

    threads = [threading.Thread(target=client, args=(i,)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    assert not errors and len(got) == 32
    assert all(n == expected[name] for name, n in got)


# --------------------------------------------------------------------------- newskg's routes


def test_serve_named_queries_over_http(server):
    code, ctype, body = server.get("/queries")
    assert code == 200 and ctype == "application/json"
    assert {"name": "policies-by-agency"}.items() <= next(q for q in json.loads(body) if q["name"] == "policies-by-agency").items()
    code, ctype, body = server.get("/queries/policies-by-agency?agency=" + quote("发改委"), "application/sparql-results+json")
    assert code == 200 and "sparql-results+json" in ctype
    agencies = {b["agency"]["value"] for b in json.loads(body)["results"]["bindings"]}
    assert agencies == {"国家发展和改革委员会"}
    code, ctype, body = server.get("/queries/posts?format=csv")
    assert code == 200 and body.splitlines()[0] == "person,title,organization,article"
    code, _, text = server.get("/queries/posts.rq?person=" + quote("张云明"))
    assert code == 200 and 'BIND ("张云明" AS ?param_person)' in text
    code, _, body = server.get("/queries/nope")
    assert code == 400 and "unknown query name 'nope'" in body and "policies-by-agency" in body
    code, _, body = server.get("/queries/posts?colour=red")
    assert code == 400 and "parameter of query 'posts'" in body


def test_serve_is_read_only(server):
    req = urllib.request.Request(server.url + "update", data=b"update=" + quote("INSERT DATA { <urn:a> <urn:b> <urn:c> }").encode(), method="POST")
    with pytest.raises(urllib.error.HTTPError) as info:
        urllib.request.urlopen(req, timeout=30)
    assert info.value.code == 403
    req = urllib.request.Request(server.url + "store?default", data=b"<urn:a> <urn:b> <urn:c> .", method="PUT", headers={"Content-Type": "application/n-triples"})
    with pytest.raises(urllib.error.HTTPError) as info:
        urllib.request.urlopen(req, timeout=30)
    assert info.value.code == 403
    assert _count(server, "ASK { <urn:a> ?p ?o }".replace("ASK", "SELECT (COUNT(*) AS ?n) WHERE")) == 0


def test_serve_network_and_entity_pages(server):
    code, ctype, html = server.get("/graph?focus=" + quote("国家数据局"))
    assert code == 200 and ctype.startswith("text/html") and "国家数据局" in html and "--focus 国家数据局" in html
    code, _, body = server.get("/graph?focus=" + quote("没有这个机构"))
    assert code == 400 and "no entity named" in body


def test_serve_page_is_self_contained(server):
    code, ctype, html = server.get("/")
    assert code == 200 and ctype.startswith("text/html")
    assert "http://" not in html.split("</head>")[0].replace("http-equiv", "") and "src=" not in html
    assert "policies-by-agency" in html  # the named queries are the examples


# --------------------------------------------------------------------------- refresh and errors


def _wait_for(predicate, timeout: float = 60.0) -> bool:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.2)
    return False


def test_serve_sees_articles_added_and_removed_without_restart(seed_build, tmp_path, capsys):
    store = _copy(seed_build[0], tmp_path / "store")
    s = Server(store, "--refresh-s", "0.3")
    try:
        articles = f"SELECT (COUNT(*) AS ?n) WHERE {{ ?a a <{KGO}Article> }}"
        assert _count(s, articles) == 7
        with KGStore(store, create=False, read_only=True) as kgs:
            victim = next(kgs.articles())
        snap = s.status()["snapshot"]
        assert main(["remove", "--store", str(store), victim]) == 0
        assert _wait_for(lambda: _count(s, articles) == 6), "the removal never became visible"
        assert s.status()["snapshot"] > snap
        assert main(["build", str(SEED), "--date", "2025-01-22", "--store", str(store), "--no-html"]) == 0
        assert _wait_for(lambda: _count(s, articles) == 7), "the new article never became visible"
    finally:
        s.stop()
    capsys.readouterr()
    assert not list(tmp_path.glob(".kg-serve-*"))


def test_serve_snapshot_lock_makes_writers_wait(seed_build, tmp_path):
    # kg serve holds the store's lock while it snapshots: a bare writer is refused, a
    # KGStore waits for the lock and opens the store once it is free.
    store = _copy(seed_build[0], tmp_path / "store")
    code = f"from kg.store import KGStore; print('trying', flush=True); KGStore({str(store)!r}, create=False).close(); print('opened')"
    with store_lock(store) as held:
        assert held
        raw = subprocess.run([sys.executable, "-c", f"import pyoxigraph as ox; ox.Store({str(store)!r})"], capture_output=True, text=True)
        assert raw.returncode != 0 and "lock" in raw.stderr.lower()
        writer = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
        assert writer.stdout is not None and writer.stdout.readline().strip() == "trying"
        time.sleep(0.3)  # the writer meets the lock
    out, _ = writer.communicate(timeout=60)
    assert writer.returncode == 0 and out.strip() == "opened"
    assert snapshot(store, tmp_path / "snap") is not None  # and a snapshot is taken once nobody writes
    with KGStore(tmp_path / "snap", create=False, read_only=True) as snap, KGStore(store, create=False, read_only=True) as live:
        assert set(snap.db) == set(live.db)


def test_serve_refuses_what_is_not_a_store(tmp_path, capsys):
    assert main(["serve", "--store", str(tmp_path / "nothing"), "--port", "0"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("kg: error: ") and "no newskg store here" in err and "Traceback" not in err


# --------------------------------------------------------------------------- the page in a browser


def test_serve_page_runs_a_named_query_offline_in_chromium(server, tmp_path):
    from tests.test_viz_browser import Chromium, find_chromium

    if find_chromium() is None:
        pytest.skip("Chromium is not installed (apt-get install chromium fonts-noto-cjk; .ci/run does this)")
    # Every host but this machine's loopback fails to resolve: the page must need nothing else.
    with Chromium(loopback=True) as browser:
        page = browser.open(server.url)
        page.evaluate("(() => { const s = document.getElementById('kg-named'); s.value = 'policies-by-agency'; s.dispatchEvent(new Event('change')); })()")
        page.evaluate("(() => { const i = document.querySelector('#kg-params input[name=agency]'); i.value = '国家数据局'; i.dispatchEvent(new Event('change')); })()")
        assert _wait_for(lambda: "国家数据局" in page.evaluate("document.getElementById('kg-query').value"), 30)
        page.evaluate("document.getElementById('kg-run').click()")
        assert _wait_for(lambda: page.evaluate("window.kgQuery.done") == 1, 30)
        state = page.evaluate("window.kgQuery")
        cells = page.evaluate("[...document.querySelectorAll('#kg-results tbody td')].map(td => td.textContent)")
        assert state["error"] is None and state["rows"] == 3
        assert cells.count("国家数据局") == 3 and "公共数据资源登记管理暂行办法" in cells
        # A query past the timeout shows the server's error, not a half-drawn table.
        page.evaluate(f"document.getElementById('kg-query').value = {json.dumps(SLOW_COUNT)}")
        page.evaluate("document.getElementById('kg-run').click()")
        assert _wait_for(lambda: page.evaluate("window.kgQuery.done") == 2, 60)
        assert page.evaluate("window.kgQuery.error").startswith("503 query timed out")
        page.screenshot(tmp_path / "page.png")
        # Only the deliberate 503 is logged: nothing was fetched from elsewhere, nothing threw.
        errors = [e for e in page.errors() if "503" not in e]
        assert errors == []
