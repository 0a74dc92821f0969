"""SPARQL over a newskg graph: ad-hoc queries, the named-query library, result formats.

Queries run on Oxigraph (an rdflib graph is copied into an in-memory store first), which
implements SPARQL 1.1 and is one to two orders of magnitude faster than rdflib's engine.
Results come back as a :class:`QueryResult`; machines get the standard SPARQL 1.1 Query
Results CSV/TSV/JSON formats, people an aligned table that counts CJK characters as two
columns.

Named queries are the ``kg/queries/*.rq`` files; each opens with comment lines::

    # title: one line
    # description: what it answers
    # param: agency — part of an agency's name or alias (optional)

A parameter is used as ``?param_<name>`` and bound to a string literal by a ``BIND``
right before its first use (the value is an RDF term written by Oxigraph: never spliced
into the query text, see :func:`bind_params`); a line that ends in ``# if:<name>`` is
kept only when that parameter is given, so a query pays for a filter (and its join) only
when asked to filter, and a line that ends in ``# unless:<name>`` only when it is not.

Every query runs in a worker thread (Oxigraph evaluates in Rust, releasing the GIL), so
the caller's thread stays free to notice Ctrl-C and a time limit: rows are taken and
results written under a cancel flag that stops them at the next row.  A query still busy
inside one Rust call (a sort, an aggregate) cannot be stopped from Python: the thread is
abandoned (a daemon; ``kg query`` exits with it), and the process is stopped when it
grows by more than :data:`MAX_QUERY_GROWTH` bytes while it waits.  pyoxigraph 0.5 offers
no cancellation or time limit of its own, and a child process per query would add its
start-up and copy every result.

Written for Oxigraph's planner, which orders joins greedily by a static estimate (a
pattern with a constant predicate and object counts as small) and runs a pattern as an
index lookup per row once a variable of it is bound: a filtered question starts from the
names it filters (a one-row ``VALUES`` makes that the cheapest start), membership checks on
already-bound variables are ``FILTER EXISTS``, and an ``OPTIONAL`` of several patterns is
joined by hash, so it is kept small.  ``run_named`` sorts rows in Python rather than
with the query's final ``ORDER BY`` line: on the disk store Oxigraph's ORDER BY re-reads
every string it compares (about 0.1 ms a row); the order is the same.
"""

from __future__ import annotations

import codecs
import io
import os
import re
import threading
import time
from collections.abc import Callable, Mapping
from typing import Any, TextIO
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import pyoxigraph as ox
from rdflib import XSD, BNode, Graph, Literal
from rdflib.term import Node
from wcwidth import wcswidth

from kg.errors import KGError, QuerySyntaxError, UsageError, unknown_name
from kg.rdfio import from_ox, graph_to_store, load_store
from kg.resources import data_files

#: Output formats of query results.
RESULT_FORMATS = ("table", "csv", "tsv", "json", "xml")
_OX_RESULTS = {
    "csv": ox.QueryResultsFormat.CSV,
    "tsv": ox.QueryResultsFormat.TSV,
    "json": ox.QueryResultsFormat.JSON,
    "xml": ox.QueryResultsFormat.XML,
}


#: Seconds ``kg query`` waits for a query by default (``--timeout``).
DEFAULT_TIMEOUT = 60.0
#: Rows the table format shows at most by default (``--max-rows``).
TABLE_MAX_ROWS = 10_000
#: A query is stopped when the process grows by more than this while it runs (bytes).
MAX_QUERY_GROWTH = 4 << 30


class QueryStopped(KGError):
    """A query stopped before its end: past its time limit, or growing too big."""


@dataclass(frozen=True)
class NamedQuery:
    name: str
    title: str
    description: str
    params: tuple[tuple[str, str], ...]
    text: str


@lru_cache(maxsize=1)
def named_queries() -> dict[str, NamedQuery]:
    """The packaged named queries, by name."""
    out = {}
    for file in data_files("queries", ".rq"):
        text = file.read_text(encoding="utf-8")
        meta: dict[str, str] = {}
        params = []
        for line in text.splitlines():
            m = re.match(r"^#\s*(title|description|param):\s*(.*)$", line)
            if not m:
                continue
            if m.group(1) == "param":
                name, _, doc = m.group(2).partition("—")
                params.append((name.strip(), doc.strip()))
            else:
                meta[m.group(1)] = m.group(2).strip()
        name = file.name[: -len(".rq")]
        out[name] = NamedQuery(name, meta.get("title", name), meta.get("description", ""), tuple(params), text)
    return out


def named_query(name: str) -> NamedQuery:
    queries = named_queries()
    if name not in queries:
        raise unknown_name("query name", name, queries)
    return queries[name]


@dataclass
class QueryResult:
    """The answer to a query: a table (SELECT), a boolean (ASK) or triples (CONSTRUCT/DESCRIBE)."""

    kind: str  # "select" | "ask" | "graph"
    variables: list[str] = field(default_factory=list)
    rows: list[tuple[Node | None, ...]] = field(default_factory=list)
    boolean: bool | None = None
    triples: list[tuple[Node, Node, Node]] = field(default_factory=list)
    #: More rows exist than were taken (``max_rows``).
    truncated: bool = False
    # Re-runs the query for Oxigraph's own writer of the standard formats (its solutions
    # iterate only once, and they were consumed building ``rows``).
    _rerun: Callable[[], object] | None = field(default=None, repr=False)
    timeout: float | None = field(default=None, repr=False)

    def __len__(self) -> int:
        return len(self.rows) if self.kind == "select" else len(self.triples) if self.kind == "graph" else 1

    def serialize(self, fmt: str = "table") -> str:
        """Render in one of :data:`RESULT_FORMATS` (graphs: table → Turtle, json →
        JSON-LD, xml → RDF/XML; the W3C forms)."""
        out = io.StringIO()
        self.write(out, fmt)
        return out.getvalue()

    def write(self, out: TextIO, fmt: str = "table") -> None:
        """Write the result to ``out``; the machine formats stream from Oxigraph's writers
        (bounded memory), under the query's time limit."""
        if fmt not in RESULT_FORMATS:
            raise unknown_name("result format", fmt, RESULT_FORMATS)
        if self.kind == "graph":
            from kg.rdfio import serialize_triples

            graph_formats = {"table": "turtle", "json": "jsonld", "xml": "xml"}
            if fmt not in graph_formats:
                raise UsageError(f"--format {fmt}: CONSTRUCT and DESCRIBE give a graph, which has no {fmt.upper()} form; use table (Turtle), json (JSON-LD) or xml (RDF/XML)")
            out.write(serialize_triples(self.triples, graph_formats[fmt]).decode("utf-8"))
            return
        if self.kind == "ask" and fmt in ("csv", "tsv"):
            raise UsageError(f"--format {fmt}: the W3C {fmt.upper()} results format is for SELECT only; an ASK answer is table, json or xml")
        if fmt == "table":
            out.write(format_table(self))
            return
        assert self._rerun is not None
        rerun = self._rerun

        def work(cancelled: threading.Event) -> None:
            rerun().serialize(_Sink(out, cancelled), format=_OX_RESULTS[fmt])  # type: ignore[attr-defined]

        _bounded(work, self.timeout)


class _Sink:
    """Bytes from Oxigraph's writers to a text stream, checking the cancel flag."""

    def __init__(self, out: TextIO, cancelled: threading.Event) -> None:
        self.out, self.cancelled = out, cancelled
        self.decoder = codecs.getincrementaldecoder("utf-8")()  # a chunk may end inside a character

    def write(self, data: bytes) -> int:
        if self.cancelled.is_set():
            raise _Cancelled
        self.out.write(self.decoder.decode(bytes(data)))
        return len(data)

    def flush(self) -> None:
        self.out.flush()


class _Cancelled(Exception):
    """Raised inside the worker thread to stop a query whose caller gave up on it."""


def _rss() -> int | None:
    """Resident memory of this process in bytes (Linux), else ``None``."""
    try:
        with open("/proc/self/statm", "rb") as fh:
            return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return None


def _bounded(work: Callable[[threading.Event], Any], timeout: float | None) -> Any:
    """``work(cancelled)`` in a daemon thread, waited for at most ``timeout`` seconds.

    Ctrl-C (KeyboardInterrupt) reaches this thread at once and is re-raised; a time limit
    or too much growth raises :class:`QueryStopped`.  Either way the cancel flag is set, so
    the work stops at its next row or write."""
    cancelled = threading.Event()
    box: dict[str, Any] = {}

    def target() -> None:
        try:
            box["result"] = work(cancelled)
        except _Cancelled:
            pass  # the waiting thread gave up on us and has raised already
        except BaseException as exc:  # noqa: BLE001 - handed to the waiting thread
            # Without its traceback: the frames hold Oxigraph's result iterators, which
            # must be dropped in the thread that made them (pyo3 "unsendable").
            for e in (exc, exc.__cause__, exc.__context__):
                if e is not None:
                    e.with_traceback(None)
            box["error"] = exc

    thread = threading.Thread(target=target, name="kg-query", daemon=True)
    start, base = time.monotonic(), _rss()
    thread.start()
    try:
        while thread.is_alive():
            thread.join(0.1)
            if timeout and time.monotonic() - start > timeout:
                raise QueryStopped(f"query stopped after {timeout:g} s (--timeout); add a LIMIT or a more selective pattern, or allow more time")
            now = _rss()
            if base is not None and now is not None and now - base > MAX_QUERY_GROWTH:
                raise QueryStopped(f"query stopped: it needed more than {MAX_QUERY_GROWTH >> 30} GB of memory; add a LIMIT or a more selective pattern")
    except BaseException:
        cancelled.set()
        raise
    if "error" in box:
        raise box["error"]
    return box.get("result")


def _store_for(source: Graph | ox.Store | str | Path) -> ox.Store:
    if isinstance(source, ox.Store):
        return source
    if isinstance(source, Graph):
        return graph_to_store(source)
    return load_store(source)


def query(
    source: Graph | ox.Store | str | Path,
    sparql: str,
    params: Mapping[str, str] | None = None,
    *,
    timeout: float | None = None,
    max_rows: int | None = None,
) -> QueryResult:
    """Run a SPARQL 1.1 query on a graph, a store or a graph file.

    ``params`` bind the query's ``?param_<name>`` variables to string literals (how named
    queries take arguments); a parameter not given stays an unbound variable.  ``timeout``
    (seconds) bounds the query, Ctrl-C stops it (see the module docstring); ``max_rows``
    keeps the first rows of a SELECT and marks the result ``truncated``.

    >>> from rdflib import Graph, URIRef, Literal
    >>> g = Graph(); _ = g.add((URIRef("urn:x"), URIRef("urn:p"), Literal("值")))
    >>> [str(r[0]) for r in query(g, "SELECT ?o WHERE { ?s ?p ?o }").rows]
    ['值']
    """
    store = _store_for(source)
    sparql = bind_params(sparql, params or {})

    def run() -> object:
        try:
            return store.query(sparql)
        except SyntaxError as exc:
            raise QuerySyntaxError(syntax_message(sparql, exc)) from exc
        except (ValueError, OSError, RuntimeError) as exc:
            raise UsageError(f"query failed: {exc}") from exc

    def work(cancelled: threading.Event) -> QueryResult:
        answer = run()
        if isinstance(answer, ox.QueryBoolean):
            return QueryResult("ask", boolean=bool(answer), _rerun=run, timeout=timeout)
        if isinstance(answer, ox.QuerySolutions):
            variables = [v.value for v in answer.variables]
            # Results repeat terms (a title on every row of its article): convert each once.
            converted: dict[object, Node] = {}

            def term(value: object) -> Node | None:
                if value is None:
                    return None
                node = converted.get(value)
                if node is None:
                    node = converted[value] = from_ox(value)  # type: ignore[arg-type]
                return node

            rows = []
            truncated = False
            for sol in answer:
                if cancelled.is_set():
                    raise _Cancelled
                if max_rows is not None and len(rows) >= max_rows:
                    truncated = True
                    break
                rows.append(tuple(term(sol[v]) for v in answer.variables))
            return QueryResult("select", variables=variables, rows=rows, truncated=truncated, _rerun=run, timeout=timeout)
        triples = []
        for t in answer:  # type: ignore[union-attr]
            if cancelled.is_set():
                raise _Cancelled
            triples.append((from_ox(t.subject), from_ox(t.predicate), from_ox(t.object)))
        return QueryResult("graph", triples=triples, timeout=timeout)

    return _bounded(work, timeout)  # type: ignore[no-any-return]


_ERROR_AT = re.compile(r"^error at (\d+):(\d+): (.*)$", re.DOTALL)


def syntax_message(sparql: str, exc: SyntaxError) -> str:
    """Oxigraph's parse error as a person reads it: line, column, the text there and before
    it, and what was expected in SPARQL's words (keywords and punctuation, without the
    parser's character classes).  Oxigraph reports the furthest point its parser reached,
    which is often the end of the query.

    >>> syntax_message("SELECT ?x WHERE { ?x ?y ?z } LIMT 3", SyntaxError("error at 1:36: expected one of HAVING, OFFSET, [_]"))
    "malformed SPARQL at line 1, column 36 (the end of the query), after '…{ ?x ?y ?z } LIMT 3': expected HAVING, OFFSET"
    >>> syntax_message("SELEC ?x WHERE {}", SyntaxError("error at 1:10: expected CONSTRUCT"))
    "malformed SPARQL at line 1, column 10, at 'WHERE' after 'SELEC ?x': expected CONSTRUCT"
    """
    m = _ERROR_AT.match(str(exc))
    if m is None:
        return f"malformed SPARQL: {exc}"
    line, column, expected = int(m.group(1)), int(m.group(2)), m.group(3)
    lines = sparql.split("\n")
    text = lines[line - 1] if 0 < line <= len(lines) else ""
    before, rest = text[: column - 1], text[column - 1 :]
    before = before.strip()
    before = "…" + before[-20:].lstrip() if len(before) > 20 else before
    if rest.strip():
        where = f"at {rest.split()[0][:20]!r}" + (f" after {before!r}" if before else "")
    else:
        end = "the end of the query" if line >= len(lines) or not "".join(lines[line:]).strip() else f"the end of line {line}"
        where = f"({end})" + (f", after {before!r}" if before else "")
    words = re.findall(r"\b[A-Z][A-Za-z_]+\b|\"[^\"]+\"", re.sub(r"\[[^\]]*\]", "", expected))
    hint = ("expected " + ", ".join(words[:10]) + (" …" if len(words) > 10 else "")) if words else "unexpected text"
    sep = " " if where.startswith("(") else ", "
    return f"malformed SPARQL at line {line}, column {column}{sep}{where}: {hint}"


def run_named(
    source: Graph | ox.Store | str | Path,
    name: str,
    params: Mapping[str, str] | None = None,
    *,
    timeout: float | None = None,
    max_rows: int | None = None,
) -> QueryResult:
    """Run a named query; ``params`` bind its ``?param_<name>`` variables.

    Unknown parameters are an error listing the known ones.
    """
    text, given = _named_text(name, params)
    split = split_order_by(text)
    if split is None:
        return query(source, text, given, timeout=timeout, max_rows=max_rows)
    store = _store_for(source)
    unordered, keys = split
    result = query(store, unordered, given, timeout=timeout, max_rows=max_rows)
    if result.truncated or any(var not in result.variables for var, _ in keys):
        # Sorted on a variable it does not return, or too many rows to sort here: leave it to Oxigraph.
        return query(store, text, given, timeout=timeout, max_rows=max_rows)
    result.rows = sort_rows(result.rows, result.variables, keys)
    ordered = bind_params(text, given)
    result._rerun = lambda: store.query(ordered)  # machine formats: Oxigraph's writers, same order
    return result


def named_query_text(name: str, params: Mapping[str, str] | None = None) -> str:
    """The text of a named query with its parameters bound, as :func:`run_named` runs it
    (its final ``ORDER BY`` kept): what ``kg serve`` sends to the SPARQL server.

    >>> 'BIND ("国家数据局" AS ?param_agency)' in named_query_text("policies-by-agency", {"agency": "国家数据局"})
    True
    """
    return bind_params(*_named_text(name, params))


def _named_text(name: str, params: Mapping[str, str] | None) -> tuple[str, dict[str, str]]:
    """A named query's text specialised for ``params`` (parameters not bound yet), and the
    parameters; an unknown parameter is an error listing the known ones."""
    nq = named_query(name)
    known = {p for p, _ in nq.params}
    given = dict(params or {})
    for p in given:
        if p not in known:
            raise unknown_name(f"parameter of query {name!r}", p, known or {"(none)"})
    return specialise(nq.text, given), given


_WHERE = re.compile(r"(?im)^[^#\n]*?\bWHERE\s*\{")


def bind_params(sparql: str, params: Mapping[str, str]) -> str:
    """Bind each ``?param_<name>`` to its value, a string literal: ``BIND ("…" AS
    ?param_<name>)`` on a line of its own right before the first line of the ``WHERE``
    group that uses it.

    The value travels as an RDF term, escaped by Oxigraph's own writer, and every line is
    placed in one pass over the query, so no value can end up read as SPARQL, not even one
    that spells another parameter.  (A one-row ``VALUES`` at the head of the group binds
    as well, but Oxigraph then plans the query from it and the typical question runs 10–20
    times slower; pyoxigraph's ``substitutions`` only take projected variables.)

    >>> print(bind_params('SELECT ?x WHERE {\\n  ?x ?p ?n .\\n  FILTER (CONTAINS(?n, ?param_a))\\n}', {"a": '?param_b" } #'}))
    SELECT ?x WHERE {
      ?x ?p ?n .
      BIND ("?param_b\\" } #" AS ?param_a)
      FILTER (CONTAINS(?n, ?param_a))
    }
    """
    if not params:
        return sparql
    for name, value in params.items():
        if not re.fullmatch(r"\w+", name):
            raise UsageError(f"parameter name {name!r}: letters, digits and _ only")
        try:
            value.encode("utf-8")
        except UnicodeEncodeError as exc:
            raise UsageError(f"parameter {name}: the value is not valid Unicode ({exc.reason})") from exc
    m = _WHERE.search(sparql) or re.search(r"\{", sparql)
    if m is None:
        raise QuerySyntaxError("malformed SPARQL: no { … } group to bind the parameters in")
    head, body = sparql[: m.end()], sparql[m.end() :]
    lines = body.split("\n")
    before: dict[int, list[str]] = {}
    for name, value in params.items():
        use = re.compile(rf"\?param_{re.escape(name)}\b")
        at = next((i for i, line in enumerate(lines) if use.search(line.split("#", 1)[0])), None)
        if at is None:
            continue  # not used: nothing to bind
        indent = re.match(r"\s*", lines[at]).group(0) if at else " "  # type: ignore[union-attr]
        before.setdefault(at, []).append(f"{indent}BIND ({ox.Literal(value)} AS ?param_{name})")
    out = []
    for i, line in enumerate(lines):
        if i == 0 and i in before:  # the use is on the WHERE line itself
            out.append(" ".join(b.strip() for b in before[0]) + " " + line)
            continue
        out.extend(before.get(i, ()))
        out.append(line)
    return head + "\n".join(out)


_IF = re.compile(r"\s*#\s*(if|unless):(\w+)\s*$")


def specialise(text: str, params: Mapping[str, str]) -> str:
    """Keep the ``# if:<name>`` lines of the parameters given and the ``# unless:<name>``
    lines of those not given; drop the others."""
    lines = []
    for line in text.splitlines():
        cond = _IF.search(line)
        if cond is None:
            lines.append(line)
        elif (cond.group(2) in params) == (cond.group(1) == "if"):
            lines.append(line[: cond.start()])
    return "\n".join(lines) + "\n"


_KEY = r"(?:(?:ASC|DESC)\(\s*\?\w+\s*\)|\?\w+)"
_ORDER_BY = re.compile(rf"\s*ORDER\s+BY((?:\s+{_KEY})+)\s*", re.IGNORECASE)
_ORDER_KEY = re.compile(r"(ASC|DESC)\(\s*\?(\w+)\s*\)|\?(\w+)", re.IGNORECASE)


def split_order_by(text: str) -> tuple[str, list[tuple[str, bool]]] | None:
    """A query whose last line is ``ORDER BY`` on plain variables → (the query without
    it, [(variable, descending)]); ``None`` for any other query."""
    lines = text.rstrip().splitlines()
    m = _ORDER_BY.fullmatch(lines[-1]) if lines else None
    if m is None:
        return None
    keys = [(a or b, d.upper() == "DESC") for d, a, b in _ORDER_KEY.findall(m.group(1))]
    return "\n".join(lines[:-1]) + "\n", keys


_NUMERIC = {XSD.integer, XSD.decimal, XSD.double, XSD.float, XSD.int, XSD.long, XSD.short, XSD.byte,
            XSD.nonNegativeInteger, XSD.positiveInteger, XSD.negativeInteger, XSD.nonPositiveInteger,
            XSD.unsignedInt, XSD.unsignedLong, XSD.unsignedShort, XSD.unsignedByte}


def order_key(term: Node | None) -> tuple[int, int, object]:
    """SPARQL 1.1 ORDER BY for one term: unbound < blank node < IRI < literal; numbers by
    value, other literals by their lexical form (code-point order, as Oxigraph)."""
    if term is None:
        return (0, 0, "")
    if isinstance(term, BNode):
        return (1, 0, str(term))
    if isinstance(term, Literal):
        if term.datatype in _NUMERIC:
            try:
                return (3, 0, float(term))
            except ValueError:
                pass
        return (3, 1, str(term))
    return (2, 0, str(term))


def sort_rows(rows: list[tuple[Node | None, ...]], variables: list[str], keys: list[tuple[str, bool]]) -> list[tuple[Node | None, ...]]:
    """Rows in the order ``ORDER BY`` on ``keys`` gives (stable, like Oxigraph's sort)."""
    out = list(rows)
    for var, descending in reversed(keys):
        i = variables.index(var)
        out.sort(key=lambda row: order_key(row[i]), reverse=descending)
    return out


def _cell(term: Node | None) -> str:
    if term is None:
        return ""
    text = str(term)
    return text.replace("\n", " ")


def format_table(result: QueryResult, max_width: int = 60) -> str:
    """An aligned text table; CJK characters count as two columns (wcwidth)."""
    if result.kind == "ask":
        return "yes" if result.boolean else "no"
    if result.truncated:
        n = len(result.rows)
        return _table(result, max_width) + f"\n(the first {n:,} rows; more not shown: add a LIMIT, raise --max-rows or use --format csv)"
    return _table(result, max_width) + f"\n({len(result.rows)} row{'s' if len(result.rows) != 1 else ''})"


def _table(result: QueryResult, max_width: int) -> str:
    headers = result.variables
    rows = [[_shorten(_cell(c), max_width) for c in row] for row in result.rows]
    widths = [max([_width(h)] + [_width(r[i]) for r in rows]) for i, h in enumerate(headers)]
    lines = [_pad_row(headers, widths), "  ".join("-" * w for w in widths)]
    lines.extend(_pad_row(r, widths) for r in rows)
    return "\n".join(lines)


def _width(text: str) -> int:
    w = wcswidth(text)
    return w if w >= 0 else len(text)


def _shorten(text: str, limit: int) -> str:
    if _width(text) <= limit:
        return text
    out, used = "", 0
    for ch in text:
        cw = max(_width(ch), 1)
        if used + cw > limit - 1:
            break
        out += ch
        used += cw
    return out + "…"


def _pad_row(cells: list[str], widths: list[int]) -> str:
    return "  ".join(c + " " * (w - _width(c)) for c, w in zip(cells, widths)).rstrip()
