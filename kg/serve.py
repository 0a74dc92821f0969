"""``kg serve``: a store as a SPARQL 1.1 Protocol endpoint, on the Oxigraph server.

The SPARQL endpoint is the Oxigraph server (``oxigraph serve-read-only``, the pip package
``oxigraph`` of the same release range as pyoxigraph, which wrote the store): it implements
the protocol (GET, POST form, POST body, ``default-graph-uri``/``named-graph-uri``), every
W3C result format by content negotiation, and cancels runaway queries.  newskg adds a thin
front (standard library ``http.server``) for three things the server does not do:

* **A query past the timeout reaches the client as an error.**  Oxigraph streams results,
  so when it cancels a query it has already answered ``200 OK`` and ends the body with the
  text "The SPARQL operation has been cancelled" — a client sees a truncated document,
  not an error.  The front reads the whole answer (spilling to a temporary file past a few
  megabytes) before it sends anything, so it still can answer ``503 Service Unavailable``
  (what Fuseki answers) when the deadline passes; the server's own timeout, a second
  later, stops the work.
* **Articles added or retracted while it runs become visible.**  A read-only Oxigraph
  server reads the store as it was when it opened it, and opening a store that another
  process writes is undefined behaviour (``oxigraph serve-read-only --help``).  So the
  server never opens the store itself: it serves a *snapshot* — a RocksDB checkpoint, hard
  links to the store's immutable files, taken in milliseconds.  Every ``refresh`` seconds
  the front compares the store directory's listing (names, sizes, modification times);
  when it changed, it takes the store's lock (so no ``kg build``/``kg remove`` writes
  meanwhile; they wait for it, see :data:`kg.store.LOCK_WAIT_S`), snapshots, starts a new
  server on the new snapshot on another loopback port, sends new queries there, and stops
  the old server once its queries are done.  The public port never changes hands.
  Measured on this machine: a refresh (snapshot + server start) takes about 0.15 s.
* **newskg's own pages**: the query page at ``/`` (works offline: no CDN, everything
  inline; the named queries are its examples), the named queries over HTTP
  (``/queries``, ``/queries/NAME?param=…``, ``/queries/NAME.rq`` for the bound text) and
  the network page (``/graph``, ``/graph?focus=NAME&hops=N`` for an entity's page).

Everything binds to 127.0.0.1 unless told otherwise and is read-only: ``/update`` and
writes to ``/store`` are refused with 403.  The front never parses or evaluates SPARQL.
"""

from __future__ import annotations

import contextlib
import fcntl
import http.client
import io
import json
import logging
import math
import os
import shutil
import socket
import subprocess
import sysconfig
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import IO, Any
from urllib.parse import parse_qs, quote, urlsplit

import pyoxigraph as ox

from kg.errors import StoreError, UsageError

log = logging.getLogger(__name__)

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 7878
DEFAULT_TIMEOUT_S = 30.0
DEFAULT_REFRESH_S = 2.0
#: What Oxigraph appends to a streamed answer it had to cancel.
CANCELLED = b"The SPARQL operation has been cancelled"
#: Answers are held in memory up to this size, then in a temporary file.
_SPOOL_BYTES = 8 << 20
#: How long a new Oxigraph server may take to answer its first request.
_START_S = 20.0
_HOP_BY_HOP = {"connection", "keep-alive", "transfer-encoding", "te", "trailer", "upgrade", "proxy-authorization", "proxy-authenticate", "host", "content-length"}


# --------------------------------------------------------------------------- the Oxigraph binary


def oxigraph_binary() -> str:
    """The ``oxigraph`` server of this environment, checked to read pyoxigraph's stores.

    Looked up beside the running Python first (a virtual environment's ``bin/``), then on PATH.
    """
    here = Path(sysconfig.get_path("scripts")) / "oxigraph"
    found = str(here) if here.is_file() and os.access(here, os.X_OK) else shutil.which("oxigraph")
    if not found:
        raise UsageError("kg serve needs the Oxigraph server: pip install 'newskg[serve]' (the pip package oxigraph)")
    try:
        out = subprocess.run([found, "--version"], capture_output=True, text=True, timeout=30, check=True).stdout
    except (OSError, subprocess.SubprocessError) as exc:
        raise UsageError(f"{found}: cannot run the Oxigraph server: {exc}") from exc
    version = out.split()[-1] if out.split() else "?"
    if version.split(".")[:2] != ox.__version__.split(".")[:2]:
        raise UsageError(
            f"{found} is Oxigraph {version} but the store is written by pyoxigraph {ox.__version__}: "
            f"stores of one minor release cannot be read by another; pip install 'newskg[serve]' installs a matching one"
        )
    return found


# --------------------------------------------------------------------------- snapshots


def store_fingerprint(store: str | Path) -> tuple[tuple[str, int, int], ...]:
    """What changes when a store is written: its files' names, sizes and modification times
    (RocksDB's info log and lock file left out: they change without the data changing)."""
    out = []
    with os.scandir(store) as entries:
        for e in entries:
            if e.name.startswith("LOG") or e.name == "LOCK":
                continue
            with contextlib.suppress(FileNotFoundError):
                st = e.stat()
                out.append((e.name, st.st_size, st.st_mtime_ns))
    return tuple(sorted(out))


@contextlib.contextmanager
def store_lock(store: str | Path) -> Iterator[bool]:
    """Hold the store's RocksDB lock (the POSIX lock a writer takes on ``LOCK``) if no
    writer holds it; yields whether it is held."""
    fd = os.open(Path(store) / "LOCK", os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.lockf(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            yield False
            return
        try:
            yield True
        finally:
            fcntl.lockf(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)


def snapshot(store: str | Path, target: str | Path) -> tuple[tuple[str, int, int], ...] | None:
    """Checkpoint ``store`` into ``target`` (hard links: near-instant, no extra space) while
    holding its lock; returns the store's fingerprint at that moment, or ``None`` if a
    writer holds the store now (try again later).

    The store is opened read-only, which changes none of its files, so the fingerprint
    taken under the lock is exactly the snapshot's.  (A writer killed mid-write leaves its
    last transaction in RocksDB's log only; it reaches the snapshots once the store is next
    opened for writing, e.g. by re-running the build.)
    """
    if not (Path(store) / "CURRENT").is_file():
        from kg.store import no_store

        raise no_store(store)
    with store_lock(store) as held:
        if not held:
            return None
        fingerprint = store_fingerprint(store)
        db = ox.Store.read_only(str(store))
        try:
            db.backup(str(target))
        finally:
            del db
        return fingerprint


def _free_port(host: str = "127.0.0.1") -> int:
    with socket.socket() as s:
        s.bind((host, 0))
        return int(s.getsockname()[1])


class Upstream:
    """One ``oxigraph serve-read-only`` process over one snapshot, on a loopback port."""

    def __init__(self, binary: str, snapshot_dir: Path, timeout_s: float, generation: int) -> None:
        self.binary, self.snapshot_dir, self.generation = binary, snapshot_dir, generation
        # The server's own timeout stops the work a second after the front gave up.
        self.server_timeout = int(math.ceil(timeout_s)) + 1
        self.port = 0
        self.proc: subprocess.Popen[bytes] | None = None
        self._inflight = 0
        self._cond = threading.Condition()

    def start(self) -> Upstream:
        for _ in range(3):  # a port picked free can be taken before the server binds it
            self.port = _free_port()
            log_path = self.snapshot_dir.with_suffix(".log")
            with open(log_path, "wb") as log_file:
                self.proc = subprocess.Popen(
                    [self.binary, "serve-read-only", "--location", str(self.snapshot_dir),
                     "--bind", f"127.0.0.1:{self.port}", "--timeout-s", str(self.server_timeout)],
                    stdin=subprocess.DEVNULL, stdout=log_file, stderr=log_file,
                )
            deadline = time.monotonic() + _START_S
            while time.monotonic() < deadline and self.proc.poll() is None:
                try:
                    conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=2)
                    conn.request("GET", "/query?query=ASK%7B%7D", headers={"Accept": "application/sparql-results+json"})
                    ok = conn.getresponse().status == 200
                    conn.close()
                    if ok:
                        return self
                except OSError:
                    time.sleep(0.02)
            reason = log_path.read_text(encoding="utf-8", errors="replace").strip()[-300:]
            self.stop()
            if "address" not in reason.lower():
                raise StoreError(f"{self.snapshot_dir}: the Oxigraph server did not start: {reason or 'no answer'}")
        raise StoreError("the Oxigraph server found no free loopback port")

    @contextlib.contextmanager
    def use(self) -> Iterator[Upstream]:
        with self._cond:
            self._inflight += 1
        try:
            yield self
        finally:
            with self._cond:
                self._inflight -= 1
                self._cond.notify_all()

    def retire(self, grace_s: float) -> None:
        """Stop once the queries sent here are answered (or after ``grace_s``), and delete the snapshot."""
        deadline = time.monotonic() + grace_s
        with self._cond:
            while self._inflight and time.monotonic() < deadline:
                self._cond.wait(max(0.0, deadline - time.monotonic()))
        self.stop()

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=10)
        shutil.rmtree(self.snapshot_dir, ignore_errors=True)
        with contextlib.suppress(FileNotFoundError):
            self.snapshot_dir.with_suffix(".log").unlink()


class Endpoint:
    """The store behind the front: the current :class:`Upstream`, refreshed when the store changes."""

    def __init__(self, store: str | Path, *, timeout_s: float = DEFAULT_TIMEOUT_S, refresh_s: float = DEFAULT_REFRESH_S, binary: str | None = None) -> None:
        if timeout_s <= 0:
            raise UsageError(f"--timeout-s must be positive, got {timeout_s}")
        if refresh_s <= 0:
            raise UsageError(f"--refresh-s must be positive, got {refresh_s}")
        self.store = Path(store)
        if not (self.store / "CURRENT").is_file():
            from kg.store import no_store

            raise no_store(self.store)
        self.timeout_s, self.refresh_s = timeout_s, refresh_s
        self.binary = binary or oxigraph_binary()
        # Snapshots sit beside the store (same file system, so a checkpoint is hard links).
        self.work = Path(tempfile.mkdtemp(prefix=f".kg-serve-{self.store.name}-", dir=self.store.resolve().parent))
        self.generation = 0
        self.fingerprint: tuple[tuple[str, int, int], ...] | None = None
        self.refreshed_at = 0.0
        self._current: Upstream | None = None
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._watcher: threading.Thread | None = None
        self._retiring: list[threading.Thread] = []

    def start(self) -> Endpoint:
        deadline = time.monotonic() + 30
        while not self.refresh():
            if time.monotonic() > deadline:
                raise StoreError(f"{self.store}: another kg process has been writing the store for 30 s; try again when it is done")
            time.sleep(0.1)
        self._watcher = threading.Thread(target=self._watch, name="kg-serve-refresh", daemon=True)
        self._watcher.start()
        return self

    def refresh(self) -> bool:
        """Serve a new snapshot of the store; ``False`` when a writer holds the store now."""
        generation = self.generation + 1
        target = self.work / f"snapshot-{generation}"
        fingerprint = snapshot(self.store, target)
        if fingerprint is None:
            shutil.rmtree(target, ignore_errors=True)
            return False
        upstream = Upstream(self.binary, target, self.timeout_s, generation).start()
        with self._lock:
            old, self._current = self._current, upstream
            self.generation, self.fingerprint, self.refreshed_at = generation, fingerprint, time.time()
        if old is not None:
            t = threading.Thread(target=old.retire, args=(self.timeout_s + 5,), daemon=True)
            t.start()
            self._retiring.append(t)
        log.info("serving snapshot %d of %s on port %d", generation, self.store, upstream.port)
        return True

    def _watch(self) -> None:
        while not self._stop.wait(self.refresh_s):
            try:
                if store_fingerprint(self.store) != self.fingerprint:
                    self.refresh()
            except (OSError, StoreError) as exc:  # the store may be mid-rewrite: try again next time
                log.warning("kg serve: could not refresh from %s: %s", self.store, exc)

    @contextlib.contextmanager
    def upstream(self) -> Iterator[Upstream]:
        with self._lock:
            current = self._current
        if current is None:
            raise StoreError("the endpoint is closed")
        with current.use() as up:
            yield up

    def status(self) -> dict[str, Any]:
        return {"store": str(self.store), "snapshot": self.generation, "refreshed": round(self.refreshed_at, 3),
                "timeout_s": self.timeout_s, "refresh_s": self.refresh_s}

    def close(self) -> None:
        self._stop.set()
        if self._watcher is not None:
            self._watcher.join(timeout=self.refresh_s + 30)
        with self._lock:
            current, self._current = self._current, None
        if current is not None:
            current.stop()
        for t in self._retiring:
            t.join(timeout=1)
        shutil.rmtree(self.work, ignore_errors=True)

    def __enter__(self) -> Endpoint:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


# --------------------------------------------------------------------------- forwarding


@dataclass
class Answer:
    """A complete answer from the SPARQL server, or the front's own error."""

    status: int
    headers: list[tuple[str, str]]
    body: IO[bytes]
    length: int


def _error(status: HTTPStatus, message: str) -> Answer:
    data = (message + "\n").encode("utf-8")
    return Answer(int(status), [("Content-Type", "text/plain; charset=utf-8")], io.BytesIO(data), len(data))


def forward(endpoint: Endpoint, method: str, path: str, body: bytes | None, headers: dict[str, str]) -> Answer:
    """Send a request to the current SPARQL server and read its whole answer within the
    endpoint's timeout; a late or cancelled answer becomes ``503``."""
    deadline = time.monotonic() + endpoint.timeout_s
    timed_out = _error(HTTPStatus.SERVICE_UNAVAILABLE, f"query timed out: no complete answer within {endpoint.timeout_s:g} s (kg serve --timeout-s)")
    with endpoint.upstream() as up:
        conn = http.client.HTTPConnection("127.0.0.1", up.port, timeout=endpoint.timeout_s)
        spool = tempfile.SpooledTemporaryFile(max_size=_SPOOL_BYTES)
        try:
            conn.request(method, path, body=body, headers=headers)
            resp = conn.getresponse()
            tail = b""
            while True:
                left = deadline - time.monotonic()
                if left <= 0:
                    spool.close()
                    return timed_out
                if conn.sock is not None:
                    conn.sock.settimeout(left)
                chunk = resp.read1(1 << 16)
                if not chunk:
                    break
                spool.write(chunk)
                tail = (tail + chunk)[-len(CANCELLED) - 8 :]
        except (TimeoutError, socket.timeout):
            spool.close()
            return timed_out
        except (http.client.HTTPException, OSError) as exc:
            spool.close()
            return _error(HTTPStatus.BAD_GATEWAY, f"the SPARQL server broke off its answer ({type(exc).__name__})")
        finally:
            conn.close()
        if CANCELLED in tail:
            spool.close()
            return timed_out
        length = spool.tell()
        spool.seek(0)
        kept = [(k, v) for k, v in resp.getheaders() if k.lower() not in _HOP_BY_HOP and k.lower() != "server"]
        return Answer(resp.status, kept, spool, length)


# --------------------------------------------------------------------------- newskg's routes


def query_page(store_name: str) -> str:
    """The query page at ``/``: inline script and style, a CSP that allows nothing else."""
    import jinja2

    from markupsafe import Markup

    from kg.sparql import named_queries, specialise
    from kg.viz import csp_hash, json_for_script

    examples = [
        {"name": q.name, "title": q.title, "description": q.description, "params": [{"name": p, "doc": d} for p, d in q.params],
         "text": specialise(q.text, {})}
        for q in named_queries().values()
    ]
    from importlib import resources

    assets = resources.files("kg") / "serve_assets"
    script = (assets / "query.js").read_text(encoding="utf-8")
    env = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined, keep_trailing_newline=True)
    template = env.from_string((assets / "query.html").read_text(encoding="utf-8"))
    csp = f"default-src 'none'; style-src 'unsafe-inline'; connect-src 'self'; script-src {csp_hash(script)}"
    return template.render(
        csp=csp, store=store_name, examples=Markup(json_for_script(examples)),
        css=Markup((assets / "query.css").read_text(encoding="utf-8")), script=Markup(script),
    )


class _Handler(BaseHTTPRequestHandler):
    server: SPARQLServer
    protocol_version = "HTTP/1.1"
    server_version = "newskg"

    def setup(self) -> None:
        super().setup()
        # Headers and body go out in separate writes: without TCP_NODELAY, Nagle's algorithm
        # and the client's delayed ACK hold the body back about 40 ms (measured).
        with contextlib.suppress(OSError):
            self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the base class's name
        log.debug("%s %s", self.address_string(), format % args)

    # -- plumbing -----------------------------------------------------------------------

    def _send(self, answer: Answer, head: bool = False) -> None:
        try:
            self.send_response(answer.status)
            for k, v in answer.headers:
                self.send_header(k, v)
            self.send_header("Content-Length", str(answer.length))
            self.end_headers()
            if not head:
                shutil.copyfileobj(answer.body, self.wfile, 1 << 16)
        finally:
            answer.body.close()

    def _text(self, status: HTTPStatus, text: str, content_type: str = "text/plain; charset=utf-8") -> None:
        data = text.encode("utf-8")
        self.send_response(int(status))
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        if content_type.startswith("text/html"):
            self.send_header("Cache-Control", "no-store")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)

    def _body(self) -> bytes | None:
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length else None

    def _end_to_end_headers(self) -> dict[str, str]:
        """The request's headers that travel on to the SPARQL server (not the hop-by-hop ones)."""
        return {k: v for k, v in self.headers.items() if k.lower() not in _HOP_BY_HOP}

    def _forward(self, path: str, body: bytes | None = None, method: str | None = None) -> None:
        headers = self._end_to_end_headers()
        self._send(forward(self.server.endpoint, method or self.command, path, body, headers), head=self.command == "HEAD")

    # -- routes ---------------------------------------------------------------------------

    def do_GET(self) -> None:  # noqa: N802 - http.server's name
        url = urlsplit(self.path)
        route = url.path.rstrip("/") or "/"
        query = url.query
        try:
            if route == "/":
                self._text(HTTPStatus.OK, self.server.page, "text/html; charset=utf-8")
            elif route in ("/query", "/sparql"):
                self._forward("/query" + (f"?{query}" if query else ""))
            elif route == "/store":  # the Graph Store Protocol, reading only
                self._forward("/store" + (f"?{query}" if query else ""))
            elif route == "/status":
                self._text(HTTPStatus.OK, json.dumps(self.server.endpoint.status(), ensure_ascii=False), "application/json")
            elif route == "/queries":
                self._list_queries()
            elif route.startswith("/queries/"):
                self._named(route[len("/queries/") :], query)
            elif route == "/graph":
                self._graph_page(query)
            else:
                self._text(HTTPStatus.NOT_FOUND, f"no such page: {url.path} (try / , /query, /queries, /graph, /status)")
        except UsageError as exc:
            self._text(HTTPStatus.BAD_REQUEST, str(exc))
        except (BrokenPipeError, ConnectionResetError):
            pass
        except Exception as exc:  # noqa: BLE001 - one bad request never takes the server down
            log.exception("kg serve: %s failed", self.path)
            self._text(HTTPStatus.INTERNAL_SERVER_ERROR, f"internal error: {type(exc).__name__}: {exc}")

    do_HEAD = do_GET

    def do_POST(self) -> None:  # noqa: N802
        url = urlsplit(self.path)
        route, query = url.path.rstrip("/"), url.query
        body = self._body()
        try:
            if route in ("/query", "/sparql"):
                self._forward("/query" + (f"?{query}" if query else ""), body)
            elif route in ("/update", "/store"):
                self._text(HTTPStatus.FORBIDDEN, "kg serve is read-only: add articles with kg build --store, retract them with kg remove")
            else:
                self._text(HTTPStatus.NOT_FOUND, f"no such endpoint: {route}")
        except (BrokenPipeError, ConnectionResetError):
            pass

    def do_PUT(self) -> None:  # noqa: N802
        self._body()
        self._text(HTTPStatus.FORBIDDEN, "kg serve is read-only")

    do_DELETE = do_PUT
    do_PATCH = do_PUT

    def _list_queries(self) -> None:
        from kg.sparql import named_queries

        listing = [{"name": q.name, "title": q.title, "description": q.description, "params": [p for p, _ in q.params],
                    "url": f"/queries/{q.name}"} for q in named_queries().values()]
        self._text(HTTPStatus.OK, json.dumps(listing, ensure_ascii=False, indent=1), "application/json")

    def _named(self, name: str, query: str) -> None:
        from kg.sparql import named_query_text

        params = {k: v[-1] for k, v in parse_qs(query, keep_blank_values=False).items()}
        if name.endswith(".rq"):
            self._text(HTTPStatus.OK, named_query_text(name[:-3], params), "application/sparql-query; charset=utf-8")
            return
        # A format= parameter stands for the Accept header (handy in a browser's address bar).
        fmt = params.pop("format", None)
        text = named_query_text(name, params)
        headers = self._end_to_end_headers()
        if fmt:
            headers["Accept"] = _FORMATS.get(fmt, fmt)
        answer = forward(self.server.endpoint, "GET", "/query?query=" + quote(text), None, headers)
        self._send(answer, head=self.command == "HEAD")

    def _graph_page(self, query: str) -> None:
        from kg.viz import VizOptions, generate_html

        params = {k: v[-1] for k, v in parse_qs(query).items()}
        try:
            hops = int(params.get("hops", "1" if params.get("focus") else "2"))
            max_nodes = int(params["max_nodes"]) if "max_nodes" in params else None
        except ValueError as exc:
            raise UsageError(f"hops and max_nodes are numbers: {exc}") from exc
        options = VizOptions(focus=params.get("focus") or None, hops=hops, max_nodes=max_nodes or VizOptions.BUILD_MAX_NODES)
        html, _ = generate_html(self.server.graph(), options)
        self._text(HTTPStatus.OK, html, "text/html; charset=utf-8")


#: Short names for ``/queries/NAME?format=…``.
_FORMATS = {
    "json": "application/sparql-results+json", "xml": "application/sparql-results+xml",
    "csv": "text/csv", "tsv": "text/tab-separated-values", "turtle": "text/turtle",
}


class SPARQLServer(ThreadingHTTPServer):
    """The front: newskg's routes, and everything SPARQL forwarded to the Oxigraph server."""

    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, endpoint: Endpoint, host: str = DEFAULT_HOST, port: int = DEFAULT_PORT) -> None:
        self.endpoint = endpoint
        self.page = query_page(endpoint.store.name)
        self._graph: tuple[int, Any] | None = None
        self._graph_lock = threading.Lock()
        try:
            super().__init__((host, port), _Handler)
        except OSError as exc:
            raise UsageError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from exc

    @property
    def url(self) -> str:
        host, port = self.server_address[:2]
        return f"http://{host}:{port}/"

    def graph(self) -> Any:
        """What the page of the current snapshot is drawn from (its best-connected part if
        large), cached per snapshot."""
        from kg.store import KGStore
        from kg.viz import Triples, VizOptions

        with self._graph_lock:
            with self.endpoint.upstream() as up:
                if self._graph is None or self._graph[0] != up.generation:
                    # A read-only store needs no closing (there is nothing to flush).
                    store = KGStore(up.snapshot_dir, create=False, read_only=True)
                    self._graph = (up.generation, Triples.from_ox(store.page_triples(max_entities=VizOptions.BUILD_MAX_NODES)))
                    del store
            return self._graph[1]


def serve(
    store: str | Path,
    host: str = DEFAULT_HOST,
    port: int = DEFAULT_PORT,
    *,
    timeout_s: float = DEFAULT_TIMEOUT_S,
    refresh_s: float = DEFAULT_REFRESH_S,
    ready: Callable[[SPARQLServer], None] | None = None,
) -> None:
    """Serve ``store`` until interrupted (Ctrl-C or SIGTERM); ``ready`` is called once it listens."""
    import signal

    def stop(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, stop) if threading.current_thread() is threading.main_thread() else None
    try:
        with Endpoint(store, timeout_s=timeout_s, refresh_s=refresh_s) as endpoint:
            endpoint.start()
            with SPARQLServer(endpoint, host, port) as server:
                if ready is not None:
                    ready(server)
                try:
                    server.serve_forever(poll_interval=0.2)
                except KeyboardInterrupt:
                    pass
    finally:
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)


__all__ = ["Endpoint", "SPARQLServer", "Upstream", "forward", "oxigraph_binary", "query_page", "serve", "snapshot", "store_fingerprint", "store_lock"]

