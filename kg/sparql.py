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

A parameter is used as ``?param_<name>`` and replaced by a string literal; a line that
ends in ``# if:<name>`` is kept only when that parameter is given, so a query pays for a
filter (and its join) only when asked to filter, and a line that ends in
``# unless:<name>`` only when it is not.

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

import json
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import pyoxigraph as ox
from rdflib import XSD, BNode, Graph, Literal
from rdflib.term import Node
from wcwidth import wcswidth

from kg.errors import QuerySyntaxError, UsageError, unknown_name
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
    # Re-runs the query for Oxigraph's own writer of the standard formats (its solutions
    # iterate only once, and they were consumed building ``rows``).
    _rerun: Callable[[], object] | None = field(default=None, repr=False)

    def __len__(self) -> int:
        return len(self.rows) if self.kind == "select" else len(self.triples) if self.kind == "graph" else 1

    def serialize(self, fmt: str = "table") -> str:
        """Render in one of :data:`RESULT_FORMATS` (graphs: table → Turtle)."""
        if fmt not in RESULT_FORMATS:
            raise unknown_name("result format", fmt, RESULT_FORMATS)
        if self.kind == "graph":
            from kg.rdfio import serialize_triples

            return serialize_triples(self.triples, "turtle" if fmt in ("table", "json", "csv", "tsv") else "xml").decode("utf-8")
        if fmt == "table":
            return format_table(self)
        assert self._rerun is not None
        return self._rerun().serialize(format=_OX_RESULTS[fmt]).decode("utf-8")  # type: ignore[attr-defined]


def _store_for(source: Graph | ox.Store | str | Path) -> ox.Store:
    if isinstance(source, ox.Store):
        return source
    if isinstance(source, Graph):
        return graph_to_store(source)
    return load_store(source)


def query(source: Graph | ox.Store | str | Path, sparql: str, params: Mapping[str, str] | None = None) -> QueryResult:
    """Run a SPARQL 1.1 query on a graph, a store or a graph file.

    ``params`` replace the query's ``?param_<name>`` variables by string literals (how
    named queries take arguments); a parameter not given stays an unbound variable.

    >>> from rdflib import Graph, URIRef, Literal
    >>> g = Graph(); _ = g.add((URIRef("urn:x"), URIRef("urn:p"), Literal("值")))
    >>> [str(r[0]) for r in query(g, "SELECT ?o WHERE { ?s ?p ?o }").rows]
    ['值']
    """
    store = _store_for(source)
    sparql = bind_params(sparql, params or {})
    try:
        answer = store.query(sparql)
    except SyntaxError as exc:
        raise QuerySyntaxError(f"malformed SPARQL: {exc}") from exc
    except (ValueError, OSError) as exc:
        raise UsageError(f"query failed: {exc}") from exc

    def rerun() -> object:
        return store.query(sparql)

    if isinstance(answer, ox.QueryBoolean):
        return QueryResult("ask", boolean=bool(answer), _rerun=rerun)
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

        rows = [tuple(term(sol[v]) for v in answer.variables) for sol in answer]
        return QueryResult("select", variables=variables, rows=rows, _rerun=rerun)
    triples = [(from_ox(t.subject), from_ox(t.predicate), from_ox(t.object)) for t in answer]
    return QueryResult("graph", triples=triples)


def run_named(source: Graph | ox.Store | str | Path, name: str, params: Mapping[str, str] | None = None) -> QueryResult:
    """Run a named query; ``params`` bind its ``?param_<name>`` variables.

    Unknown parameters are an error listing the known ones.
    """
    nq = named_query(name)
    known = {p for p, _ in nq.params}
    given = dict(params or {})
    for p in given:
        if p not in known:
            raise unknown_name(f"parameter of query {name!r}", p, known or {"(none)"})
    text = specialise(nq.text, given)
    split = split_order_by(text)
    if split is None:
        return query(source, text, given)
    store = _store_for(source)
    unordered, keys = split
    result = query(store, unordered, given)
    if any(var not in result.variables for var, _ in keys):
        return query(store, text, given)  # sorted on a variable it does not return: leave it to Oxigraph
    result.rows = sort_rows(result.rows, result.variables, keys)
    ordered = bind_params(text, given)
    result._rerun = lambda: store.query(ordered)  # machine formats: Oxigraph's writers, same order
    return result


def named_query_text(name: str, params: Mapping[str, str] | None = None) -> str:
    """The text of a named query with its parameters bound, as :func:`run_named` runs it
    (its final ``ORDER BY`` kept): what ``kg serve`` sends to the SPARQL server.

    >>> "?param_agency" in named_query_text("policies-by-agency", {"agency": "国家数据局"})
    False
    """
    nq = named_query(name)
    known = {p for p, _ in nq.params}
    given = dict(params or {})
    for p in given:
        if p not in known:
            raise unknown_name(f"parameter of query {name!r}", p, known or {"(none)"})
    return bind_params(specialise(nq.text, given), given)


def bind_params(sparql: str, params: Mapping[str, str]) -> str:
    """Replace each ``?param_<name>`` by the given value as a string literal."""
    for name, value in params.items():
        # A JSON string is a valid SPARQL string literal (same escapes, \\uXXXX included).
        sparql = re.sub(rf"\?param_{re.escape(name)}\b", lambda _m: json.dumps(value, ensure_ascii=False), sparql)
    return sparql


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
    headers = result.variables
    rows = [[_shorten(_cell(c), max_width) for c in row] for row in result.rows]
    widths = [max([_width(h)] + [_width(r[i]) for r in rows]) for i, h in enumerate(headers)]
    lines = [_pad_row(headers, widths), "  ".join("-" * w for w in widths)]
    lines.extend(_pad_row(r, widths) for r in rows)
    lines.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
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
