"""kg.viz pages in a real headless Chromium, with the network switched off.

Chromium is driven over the DevTools protocol on a pipe (``--remote-debugging-pipe``): no
port, no websocket library, only the standard library.  Every host name resolves to
nothing and every connection goes to a dead proxy, so a page that tried to load anything
from the web would fail here (and log a console error, which the tests look for).

Skipped when no Chromium is installed (``.ci/run`` installs Debian's ``chromium``).
:class:`Chromium` is also used by ``benchmarks/viz_bench.py``.
"""

from __future__ import annotations

import base64
import contextlib
import fcntl
import json
import os
import shutil
import subprocess
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import pytest
from rdflib import Graph, Literal, URIRef

from kg.graph import new_graph
from kg.viz import PHYSICS_MAX_NODES, VizOptions, write_html
from kg.vocab import KGO, KGR, PROV, RDF, RDFS, SKOS

CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")


def find_chromium() -> str | None:
    """The Chromium binary: $CHROMIUM, or the first of the usual names on PATH."""
    env = os.environ.get("CHROMIUM")
    if env:
        return env if os.access(env, os.X_OK) else None
    for name in CHROMIUM_NAMES:
        found = shutil.which(name)
        if found:
            return found
    return None


class BrowserError(RuntimeError):
    """A DevTools command failed, or the browser did not answer in time."""


class Chromium:
    """A headless Chromium driven over the DevTools protocol on a pipe.

    Messages are JSON objects separated by NUL bytes: the browser reads commands from its
    file descriptor 3 and writes answers and events to descriptor 4.

    >>> with Chromium() as browser:            # doctest: +SKIP
    ...     page = browser.open(Path("graph.html").resolve().as_uri())
    ...     page.evaluate("document.title")
    """

    def __init__(self, binary: str | None = None, width: int = 1400, height: int = 900, *, loopback: bool = False) -> None:
        binary = binary or find_chromium()
        if binary is None:
            raise BrowserError("no chromium binary found")
        self.profile = tempfile.mkdtemp(prefix="kg-chromium-")
        to_browser_r, self._to_browser = os.pipe()
        self._from_browser, from_browser_w = os.pipe()

        def as_fds_3_and_4() -> None:  # runs in the child, before exec
            a = fcntl.fcntl(to_browser_r, fcntl.F_DUPFD, 10)
            b = fcntl.fcntl(from_browser_w, fcntl.F_DUPFD, 10)
            os.dup2(a, 3)
            os.dup2(b, 4)

        args = [
            binary,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--no-default-browser-check",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-extensions",
            "--disable-default-apps",
            "--mute-audio",
            "--hide-scrollbars",
            "--disable-dev-shm-usage",
            f"--user-data-dir={self.profile}",
            # Network off: everything goes to a dead proxy, every host name fails to resolve.
            "--proxy-server=127.0.0.1:9",
            # loopback=True: pages served by a test's own server on 127.0.0.1 stay reachable.
            "--host-resolver-rules=MAP * ~NOTFOUND" + (", EXCLUDE 127.0.0.1" if loopback else ""),
            f"--window-size={width},{height}",
            "--remote-debugging-pipe",
            "about:blank",
        ]
        self._log = open(os.path.join(self.profile, "stderr.log"), "wb")  # noqa: SIM115
        self.proc = subprocess.Popen(
            args, stdin=subprocess.DEVNULL, stdout=self._log, stderr=self._log, preexec_fn=as_fds_3_and_4, close_fds=False
        )
        os.close(to_browser_r)
        os.close(from_browser_w)
        self._next_id = 0
        self._answers: dict[int, dict[str, Any]] = {}
        self.events: list[dict[str, Any]] = []
        self._cond = threading.Condition()
        self._closed = False
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()
        self.width, self.height = width, height
        self.send("Browser.getVersion", timeout=30)

    def _read(self) -> None:
        buf = b""
        while True:
            try:
                chunk = os.read(self._from_browser, 1 << 20)
            except OSError:
                chunk = b""
            if not chunk:
                with self._cond:
                    self._closed = True
                    self._cond.notify_all()
                return
            buf += chunk
            *messages, buf = buf.split(b"\0")
            with self._cond:
                for raw in messages:
                    msg = json.loads(raw)
                    if "id" in msg:
                        self._answers[msg["id"]] = msg
                    else:
                        self.events.append(msg)
                self._cond.notify_all()

    def send(self, method: str, params: dict[str, Any] | None = None, session: str | None = None, timeout: float = 30) -> dict[str, Any]:
        """Send one command and wait for its answer."""
        with self._cond:
            self._next_id += 1
            mid = self._next_id
        msg: dict[str, Any] = {"id": mid, "method": method, "params": params or {}}
        if session:
            msg["sessionId"] = session
        os.write(self._to_browser, json.dumps(msg).encode("utf-8") + b"\0")
        deadline = time.monotonic() + timeout
        with self._cond:
            while mid not in self._answers:
                left = deadline - time.monotonic()
                if left <= 0 or self._closed:
                    raise BrowserError(f"{method}: no answer from the browser within {timeout} s")
                self._cond.wait(left)
            answer = self._answers.pop(mid)
        if "error" in answer:
            raise BrowserError(f"{method}: {answer['error']}")
        return answer.get("result", {})

    def wait_event(self, method: str, session: str | None = None, timeout: float = 30, since: int = 0) -> dict[str, Any]:
        deadline = time.monotonic() + timeout
        with self._cond:
            while True:
                for ev in self.events[since:]:
                    if ev.get("method") == method and (session is None or ev.get("sessionId") == session):
                        return ev
                left = deadline - time.monotonic()
                if left <= 0 or self._closed:
                    raise BrowserError(f"no {method} event within {timeout} s")
                self._cond.wait(left)

    def open(self, url: str, timeout: float = 60) -> Page:
        """A new tab showing ``url``, once its load event has fired."""
        target = self.send("Target.createTarget", {"url": "about:blank"})["targetId"]
        session = self.send("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        page = Page(self, session, target)
        for domain in ("Page", "Runtime", "Log"):
            page.send(f"{domain}.enable")
        page.send("Emulation.setDeviceMetricsOverride", {"width": self.width, "height": self.height, "deviceScaleFactor": 1, "mobile": False})
        page.navigate(url, timeout)
        return page

    def close(self) -> None:
        try:
            if self.proc.poll() is None:
                with contextlib.suppress(BrowserError):
                    self.send("Browser.close", timeout=5)
                try:
                    self.proc.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    self.proc.kill()
                    self.proc.wait(timeout=10)
        finally:
            for fd in (self._to_browser, self._from_browser):
                with contextlib.suppress(OSError):
                    os.close(fd)
            self._log.close()
            shutil.rmtree(self.profile, ignore_errors=True)

    def __enter__(self) -> Chromium:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class Page:
    """One tab: navigate, evaluate JavaScript, read its console errors, take screenshots."""

    def __init__(self, browser: Chromium, session: str, target: str) -> None:
        self.browser, self.session, self.target = browser, session, target

    def send(self, method: str, params: dict[str, Any] | None = None, timeout: float = 30) -> dict[str, Any]:
        return self.browser.send(method, params, self.session, timeout)

    def navigate(self, url: str, timeout: float = 60) -> None:
        since = len(self.browser.events)
        answer = self.send("Page.navigate", {"url": url})
        if answer.get("errorText"):
            raise BrowserError(f"cannot open {url}: {answer['errorText']}")
        self.browser.wait_event("Page.loadEventFired", self.session, timeout, since)

    def evaluate(self, expression: str, timeout: float = 60) -> Any:
        """The value of a JavaScript expression (promises are awaited)."""
        answer = self.send("Runtime.evaluate", {"expression": expression, "awaitPromise": True, "returnByValue": True}, timeout)
        if "exceptionDetails" in answer:
            details = answer["exceptionDetails"]
            raise BrowserError(f"{expression[:60]!r} threw: {details.get('exception', {}).get('description') or details.get('text')}")
        return answer["result"].get("value")

    def errors(self) -> list[str]:
        """Console errors, uncaught exceptions and browser log errors of this tab so far."""
        out = []
        for ev in list(self.browser.events):
            if ev.get("sessionId") != self.session:
                continue
            method, params = ev.get("method"), ev.get("params", {})
            if method == "Runtime.consoleAPICalled" and params.get("type") in ("error", "assert"):
                out.append("console: " + " ".join(str(a.get("value", a.get("description", ""))) for a in params.get("args", [])))
            elif method == "Runtime.exceptionThrown":
                d = params.get("exceptionDetails", {})
                out.append("exception: " + str(d.get("exception", {}).get("description") or d.get("text")))
            elif method == "Log.entryAdded" and params.get("entry", {}).get("level") == "error":
                entry = params["entry"]
                out.append(f"log ({entry.get('source')}): {entry.get('text')} {entry.get('url', '')}".strip())
        return out

    def mouse(self, kind: str, x: float, y: float) -> None:
        """A real mouse event (``mouseMoved``, ``mousePressed``, ``mouseReleased``) at page pixels."""
        params: dict[str, Any] = {"type": kind, "x": x, "y": y}
        if kind != "mouseMoved":
            params.update(button="left", clickCount=1)
        self.send("Input.dispatchMouseEvent", params)

    def screenshot(self, path: str | Path) -> None:
        data = self.send("Page.captureScreenshot", {"format": "png"})["data"]
        Path(path).write_bytes(base64.b64decode(data))

    def close(self) -> None:
        with contextlib.suppress(BrowserError):
            self.browser.send("Target.closeTarget", {"targetId": self.target}, timeout=10)


# --------------------------------------------------------------------------- tests

CHROMIUM = find_chromium()
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed (apt-get install chromium fonts-noto-cjk; .ci/run does this)")

HOSTILE_TITLE = '<script>window.__xss=1</script>"><img src=x onerror="window.__xss=2">'
HOSTILE_NAME = '《"><img src=x onerror=window.__xss=3>》</script><!--'
HOSTILE_SENTENCE = "国家数据局发布<svg onload=window.__xss=4>《办法》</script>。"


def _graph() -> Graph:
    """Two articles, four entities, three relations with evidence, hostile strings included."""
    g = new_graph()
    a1, a2 = KGR["article/a1"], KGR["article/a2"]
    agency, policy, person, outlet = KGR["org/国家数据局"], KGR["policy/x"], KGR["person/张三"], KGR["org/科技日报"]
    for art, title in ((a1, "国家数据局发布新办法"), (a2, HOSTILE_TITLE)):
        g.add((art, RDF.type, KGO.Article))
        g.add((art, KGO.title, Literal(title, lang="zh")))
        g.add((art, KGO.datePublished, Literal("2025-01-21")))
    for node, cls, label in ((agency, KGO.GovernmentAgency, "国家数据局"), (policy, KGO.Policy, HOSTILE_NAME), (person, KGO.Person, "张三"), (outlet, KGO.MediaOutlet, "科技日报")):
        g.add((node, RDF.type, cls))
        g.add((node, RDFS.label, Literal(label, lang="zh")))
        for art in (a1, a2):
            g.add((art, KGO.mentions, node))
    g.add((agency, SKOS.altLabel, Literal("数据局", lang="zh")))
    g.add((a1, KGO.source, outlet))
    g.add((a1, KGO.reporter, person))
    for i, (s, p, o) in enumerate(((agency, KGO.issued, policy), (person, KGO.affiliatedWith, agency), (outlet, KGO.locatedIn, agency))):
        g.add((s, p, o))
        st = URIRef(f"{KGR}statement/{i}")
        g.add((st, RDF.type, RDF.Statement))
        g.add((st, RDF.subject, s))
        g.add((st, RDF.predicate, p))
        g.add((st, RDF.object, o))
        g.add((st, KGO.evidence, Literal(HOSTILE_SENTENCE, lang="zh")))
        g.add((st, KGO.confidence, Literal("0.9")))
        g.add((st, PROV.wasDerivedFrom, a2))
    return g


@pytest.fixture(scope="module")
def browser():
    with Chromium(CHROMIUM) as b:
        yield b


@pytest.fixture(scope="module")
def page(browser, tmp_path_factory):
    path = tmp_path_factory.mktemp("viz") / "graph.html"
    summary = write_html(_graph(), path)
    p = browser.open(path.resolve().as_uri())
    p.evaluate("window.kgViz.ready")
    p.summary = summary  # type: ignore[attr-defined]
    yield p
    p.close()


def test_viz_browser_draws_every_node_and_edge(page):
    shown = page.evaluate(
        "({nodes: kgViz.nodes.length, edges: kgViz.edges.length, drawn: kgViz.drawn, stable: kgViz.stable,"
        " placed: Object.keys(kgViz.network.getPositions()).length,"
        " physics: kgViz.network.physics.options.enabled,"
        " canvas: document.querySelector('#kg-network canvas').width})"
    )
    # 2 articles + 4 entities; 3 relations + source + reporter + mentions not covered by them
    # (a1: agency and policy; a2: all four).
    assert (shown["nodes"], shown["edges"]) == (page.summary.nodes, page.summary.edges) == (6, 3 + 2 + 2 + 4)
    assert shown["drawn"] and shown["stable"] and shown["placed"] == 6
    assert shown["physics"] is False  # stabilised, then stopped
    assert shown["canvas"] > 0


def test_viz_browser_search_selects_node_by_alias(page):
    found = page.evaluate("kgViz.runSearch('数据局').map(id => kgViz.data.nodes[id].label)")
    assert found[0] == "国家数据局"
    selected = page.evaluate("kgViz.network.getSelectedNodes().map(id => kgViz.data.nodes[id].label)")
    assert selected == ["国家数据局"]
    details = page.evaluate("document.getElementById('kg-details').textContent")
    assert "国家数据局" in details and "数据局" in details and "党政机关" in details


def test_viz_browser_mouse_hover_and_click_show_the_node(page):
    page.evaluate("void kgViz.network.unselectAll()")

    def where() -> tuple[float, float]:
        # Asked afresh on every attempt: an earlier test's zoom animation may still move the view.
        return page.evaluate(
            "(() => { const id = kgViz.search('国家数据局')[0]; const p = kgViz.network.canvasToDOM(kgViz.network.getPositions([id])[id]);"
            " const r = document.getElementById('kg-network').getBoundingClientRect(); return [r.left + p.x, r.top + p.y]; })()"
        )

    # A loaded machine can drop a hover: move away and back until the tooltip shows.
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        x, y = where()
        page.mouse("mouseMoved", x - 40, y - 40)
        page.mouse("mouseMoved", x, y)
        step = time.monotonic() + 1.5
        while page.evaluate("document.getElementById('kg-tooltip').hidden") and time.monotonic() < step:
            time.sleep(0.05)
        if not page.evaluate("document.getElementById('kg-tooltip').hidden"):
            break
    tip = page.evaluate("document.getElementById('kg-tooltip').textContent")
    assert "国家数据局" in tip and "党政机关" in tip and "数据局" in tip and "国家数据局发布新办法" in tip
    deadline = time.monotonic() + 15
    while not page.evaluate("kgViz.network.getSelectedNodes().length") and time.monotonic() < deadline:
        x, y = where()
        page.mouse("mousePressed", x, y)
        page.mouse("mouseReleased", x, y)
        step = time.monotonic() + 1.5
        while not page.evaluate("kgViz.network.getSelectedNodes().length") and time.monotonic() < step:
            time.sleep(0.05)
    assert page.evaluate("kgViz.network.getSelectedNodes().map(id => kgViz.data.nodes[id].label)") == ["国家数据局"]
    assert "IRI" in page.evaluate("document.getElementById('kg-details').textContent")
    page.mouse("mouseMoved", 5, 5)


def test_viz_browser_search_form_and_type_filter(page):
    page.evaluate(
        "(() => { const i = document.getElementById('kg-search'); i.value = '张三';"
        " document.getElementById('kg-search-form').requestSubmit(); })()"
    )
    assert page.evaluate("kgViz.network.getSelectedNodes().map(id => kgViz.data.nodes[id].label)") == ["张三"]
    page.evaluate("kgViz.setTypeShown('Article', false)")
    assert page.evaluate("kgViz.nodes.get({filter: n => !n.hidden}).length") == 4
    page.evaluate("kgViz.setTypeShown('Article', true)")
    assert page.evaluate("kgViz.nodes.get({filter: n => !n.hidden}).length") == 6


def test_viz_browser_hostile_text_is_shown_not_run(page):
    # Put every hostile string on screen: node details, edge details and an edge tooltip.
    found = page.evaluate("kgViz.runSearch('__xss=3').map(id => kgViz.data.nodes[id].label)")
    assert found == [HOSTILE_NAME]
    details = page.evaluate("document.getElementById('kg-details').textContent")
    assert HOSTILE_NAME in details and HOSTILE_TITLE in details
    edge = page.evaluate("kgViz.data.edges.findIndex(e => e.predicate === 'issued')")
    page.evaluate(f"void kgViz.network.emit('click', {{nodes: [], edges: [{edge}], pointer: {{DOM: {{x: 5, y: 5}}}}}})")
    details = page.evaluate("document.getElementById('kg-details').textContent")
    assert HOSTILE_SENTENCE in details and HOSTILE_TITLE in details and "置信度 0.9" in details
    page.evaluate(f"void kgViz.network.emit('hoverEdge', {{edge: {edge}, pointer: {{DOM: {{x: 10, y: 10}}}}}})")
    tip = page.evaluate("document.getElementById('kg-tooltip').textContent")
    assert HOSTILE_SENTENCE in tip and HOSTILE_TITLE in tip
    # Nothing ran and nothing became markup: no image, no svg with handlers, and the page's
    # own three script blocks are the only ones.
    assert page.evaluate("window.__xss === undefined")
    assert page.evaluate("document.querySelectorAll('img, [onerror], [onload]').length") == 0
    assert page.evaluate("document.scripts.length") == 3


def test_viz_browser_console_has_no_errors(page):
    assert page.errors() == []


def test_viz_browser_empty_graph_says_so(browser, tmp_path):
    path = tmp_path / "empty.html"
    write_html(new_graph(), path)
    p = browser.open(path.resolve().as_uri())
    try:
        assert "图谱为空" in p.evaluate("document.body.innerText")
        assert p.evaluate("document.querySelector('canvas')") is None
        assert p.errors() == []
    finally:
        p.close()


def test_viz_browser_physics_off_for_large_pages(browser, tmp_path):
    g = new_graph()
    hub = KGR["org/hub"]
    g.add((hub, RDF.type, KGO.GovernmentAgency))
    g.add((hub, RDFS.label, Literal("中心机构", lang="zh")))
    for i in range(PHYSICS_MAX_NODES + 100):
        node = KGR[f"policy/p{i}"]
        g.add((node, RDF.type, KGO.Policy))
        g.add((node, RDFS.label, Literal(f"政策{i}", lang="zh")))
        g.add((hub, KGO.issued, node))
    path = tmp_path / "large.html"
    keep = PHYSICS_MAX_NODES + 50
    summary = write_html(g, path, VizOptions(max_nodes=keep))
    p = browser.open(path.resolve().as_uri())
    try:
        timings = p.evaluate("kgViz.ready")
        assert p.evaluate("kgViz.nodes.length") == summary.nodes == keep
        assert p.evaluate("kgViz.network.physics.options.enabled") is False
        assert timings["stable"] >= timings["firstDraw"] > 0
        # Arrowheads are drawn only from a readable zoom level on (a search zooms in).
        arrows = "kgViz.network.edgesHandler.options.arrows.to.enabled"
        p.evaluate("kgViz.network.moveTo({scale: 0.05}); kgViz.updateArrows()")
        assert p.evaluate(arrows) is False
        p.evaluate("kgViz.runSearch('中心机构').length")
        deadline = time.monotonic() + 10
        while not p.evaluate(f"kgViz.network.getScale() >= 1.19 && {arrows}") and time.monotonic() < deadline:
            time.sleep(0.05)
        assert p.evaluate(arrows) is True
        assert f"未显示 {PHYSICS_MAX_NODES + 101 - keep} 个节点" in p.evaluate("document.getElementById('kg-note').textContent")
        assert p.errors() == []
    finally:
        p.close()


_VISIBLE_LABELS = """(function () {
  var net = kgViz.network, out = {};
  kgViz.nodes.forEach(function (n) {
    var body = net.body.nodes[n.id];
    out[n.id] = body.labelModule.visible();  // vis-network's own test before it draws a label
  });
  return out;
})()"""


def _hub_graph(hubs: int = 12, leaves: int = 15) -> Graph:
    """``hubs`` agencies issuing ``leaves`` policies each, joined through shared articles:
    about 200 nodes, as many as the dev set's page."""
    g = new_graph()
    for h in range(hubs):
        hub = KGR[f"org/机构{h}"]
        g.add((hub, RDF.type, KGO.GovernmentAgency))
        g.add((hub, RDFS.label, Literal(f"机构{h}", lang="zh")))
        for k in range(leaves):
            doc = KGR[f"policy/{h}-{k}"]
            g.add((doc, RDF.type, KGO.Policy))
            g.add((doc, RDFS.label, Literal(f"机构{h}的第{k}号办法", lang="zh")))
            g.add((hub, KGO.issued, doc))
        art = KGR[f"article/{h}"]
        g.add((art, RDF.type, KGO.Article))
        g.add((art, KGO.title, Literal(f"第{h}篇报道", lang="zh")))
        g.add((art, KGO.mentions, hub))
        g.add((art, KGO.mentions, KGR[f"org/机构{(h + 1) % hubs}"]))
    return g


def test_viz_browser_names_of_the_hubs_are_drawn_at_the_first_zoom(browser, tmp_path):
    """A 200-node page fitted to the window: the best-connected entities' names are drawn
    without zooming (vis-network used to leave every label out at that scale)."""
    path = tmp_path / "hubs.html"
    write_html(_hub_graph(), path)
    p = browser.open(path.resolve().as_uri())
    try:
        p.evaluate("kgViz.ready")
        assert p.evaluate("kgViz.network.getScale()") < 0.5  # zoomed out to fit: plain 14-unit labels are under 7 pixels
        nodes = p.evaluate("kgViz.data.nodes.map(function (n) { return [n.id, n.type, n.degree, n.label]; })")
        hubs = [i for i, kind, degree, _ in sorted(nodes, key=lambda n: -n[2]) if kind == "GovernmentAgency"]
        visible = {int(k): v for k, v in p.evaluate(_VISIBLE_LABELS).items()}
        assert len(hubs) == 12 and all(visible[i] for i in hubs)
        assert sum(visible.values()) < len(visible)  # the leaves wait for a closer look
        p.evaluate("kgViz.network.moveTo({scale: 0.08}); kgViz.updateLabels && kgViz.updateLabels()")
        visible = {int(k): v for k, v in p.evaluate(_VISIBLE_LABELS).items()}
        assert all(visible[i] for i in hubs)  # further out still
        assert p.errors() == []
    finally:
        p.close()


def test_viz_browser_capped_build_page_shows_what_connects(browser, tmp_path, monkeypatch):
    """The page of a store too big to draw whole (here made small by lowering the bounds):
    the hub every article mentions is on it with its name drawn, and no node stands
    without an edge (a 3,000-article page had 1,281 of 1,500 such nodes)."""
    import json

    import kg.store
    from kg.pipeline import build_files

    monkeypatch.setattr(kg.store, "_SMALL_GRAPH", 0)
    monkeypatch.setattr(VizOptions, "BUILD_MAX_NODES", 120)
    rows = [
        {"title": f"第{i}号通知", "text": f"国家数据局与{partner}联合印发《数据管理办法第{i}号》。{partner}副部长王{i}明介绍了情况。"}
        for i, partner in enumerate(["工业和信息化部", "财政部", "科学技术部", "教育部", "商务部"] * 24)
    ]
    src = tmp_path / "corpus.jsonl"
    src.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n", encoding="utf-8")
    build_files(src, tmp_path / "out", jobs=1, store=tmp_path / "store")
    p = browser.open((tmp_path / "out" / "graph.html").resolve().as_uri())
    try:
        p.evaluate("kgViz.ready")
        shown = p.evaluate("""(function () {
          var linked = {};
          kgViz.edges.forEach(function (e) { linked[e.from] = linked[e.to] = true; });
          return {nodes: kgViz.nodes.length, lonely: kgViz.nodes.get().filter(function (n) { return !linked[n.id]; }).length,
                  hub: kgViz.data.nodes.filter(function (n) { return n.label === "国家数据局"; }).map(function (n) { return n.id; })};
        })()""")
        assert shown["nodes"] == 120 and shown["lonely"] == 0 and len(shown["hub"]) == 1
        assert p.evaluate(_VISIBLE_LABELS)[str(shown["hub"][0])] is True
        assert p.errors() == []
    finally:
        p.close()
