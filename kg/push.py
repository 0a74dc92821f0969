"""``kg push``: upload a store to a SPARQL 1.1 Graph Store Protocol endpoint.

One named graph per article, as in the store: each is sent with an HTTP ``PUT
<graph-store>?graph=<article IRI>`` (the protocol's "replace this graph"), so pushing again
changes nothing (idempotent) and an interrupted push is simply run again (resumable):
before uploading, ``kg push`` asks the SPARQL endpoint how many triples each article graph
already holds there and skips the graphs that are complete.  Articles go in batches (a few
uploads at a time), each batch reported as it completes.

The store's union graph is not sent: servers make their own (Oxigraph
``--union-default-graph``, Fuseki ``unionDefaultGraph``; Virtuoso's default graph is always
the union, see the README).  ``union=True`` also appends each batch's triples to the
server's default graph (``POST <graph-store>?default``), for servers that have no union.

Only standard HTTP (``urllib``): no SPARQL is parsed or evaluated here.
"""

from __future__ import annotations

import json
import logging
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from urllib.parse import quote, urlencode, urlsplit, urlunsplit

import pyoxigraph as ox

from kg.errors import RemoteError
from kg.store import KGStore, article_graph

log = logging.getLogger(__name__)

#: Articles per batch, and uploads under way at once within a batch.
BATCH = 100
PARALLEL = 4
_TIMEOUT_S = 120
_N_TRIPLES = "application/n-triples"


@dataclass
class PushStats:
    articles: int = 0
    uploaded: int = 0
    already: int = 0
    triples: int = 0
    batches: int = 0


def graph_store_url(endpoint: str) -> str:
    """The Graph Store Protocol URL beside a SPARQL endpoint, for the usual layouts:
    Oxigraph ``/query`` → ``/store``, Fuseki ``/ds/query`` or ``/ds/sparql`` → ``/ds/data``,
    Virtuoso ``/sparql`` → ``/sparql-graph-crud``; otherwise give ``--graph-store``.

    >>> graph_store_url("http://127.0.0.1:7878/query"), graph_store_url("http://h:3030/news/sparql")
    ('http://127.0.0.1:7878/store', 'http://h:3030/news/data')
    """
    parts = urlsplit(endpoint)
    head, _, last = parts.path.rstrip("/").rpartition("/")
    if last not in ("query", "sparql"):
        raise RemoteError(f"{endpoint}: cannot tell its Graph Store Protocol URL; give --graph-store URL")
    new = f"{head}/data" if head else "/store" if last == "query" else "/sparql-graph-crud"
    return urlunsplit((parts.scheme, parts.netloc, new, "", ""))


def _request(url: str, method: str, data: bytes | None = None, headers: dict[str, str] | None = None) -> bytes:
    req = urllib.request.Request(url, data=data, method=method, headers=headers or {})
    try:
        with urllib.request.urlopen(req, timeout=_TIMEOUT_S) as resp:
            return resp.read()  # type: ignore[no-any-return]
    except urllib.error.HTTPError as err:
        detail = err.read().decode("utf-8", "replace").strip().splitlines()
        raise RemoteError(f"{method} {url}: HTTP {err.code} {err.reason}{': ' + detail[0][:200] if detail else ''}") from err
    except (urllib.error.URLError, OSError) as err:
        reason = getattr(err, "reason", err)
        raise RemoteError(f"{method} {url}: cannot reach the server ({reason})") from err


def remote_counts(endpoint: str, prefix: str) -> dict[str, int]:
    """Triples per named graph at the SPARQL ``endpoint``, for graphs whose IRI starts with ``prefix``."""
    query = f"SELECT ?g (COUNT(*) AS ?n) WHERE {{ GRAPH ?g {{ ?s ?p ?o }} FILTER(STRSTARTS(STR(?g), {ox.Literal(prefix)})) }} GROUP BY ?g"
    body = _request(endpoint, "POST", urlencode({"query": query}).encode(), {
        "Content-Type": "application/x-www-form-urlencoded", "Accept": "application/sparql-results+json",
    })
    try:
        rows = json.loads(body)["results"]["bindings"]
        return {r["g"]["value"]: int(r["n"]["value"]) for r in rows}
    except (ValueError, KeyError, TypeError) as exc:
        raise RemoteError(f"{endpoint}: not a SPARQL endpoint's answer ({exc})") from exc


def _article_graphs(store: KGStore) -> Iterator[tuple[str, list[ox.Triple]]]:
    """(graph IRI, triples) for each article of the store, in id order."""
    for article_id in store.articles():
        graph = article_graph(article_id)
        yield graph.value, [ox.Triple(q.subject, q.predicate, q.object) for q in store.db.quads_for_pattern(None, None, None, graph)]


def push(
    store: KGStore,
    endpoint: str,
    graph_store: str | None = None,
    *,
    union: bool = False,
    batch: int = BATCH,
    progress: Callable[[PushStats], None] | None = None,
) -> PushStats:
    """Upload every article graph of ``store`` that the remote does not hold complete."""
    gsp = graph_store or graph_store_url(endpoint)
    sep = "&" if "?" in gsp else "?"
    prefix = article_graph("").value
    remote = remote_counts(endpoint, prefix)
    stats = PushStats()

    def upload(item: tuple[str, bytes, int]) -> None:
        iri, data, _ = item
        _request(f"{gsp}{sep}graph={quote(iri, safe='')}", "PUT", data, {"Content-Type": _N_TRIPLES})

    pending: list[tuple[str, bytes, int]] = []

    def flush(pool: ThreadPoolExecutor) -> None:
        if not pending:
            return
        list(pool.map(upload, pending))  # re-raises the first failure
        if union:
            _request(f"{gsp}{sep}default", "POST", b"".join(d for _, d, _ in pending), {"Content-Type": _N_TRIPLES})
        stats.uploaded += len(pending)
        stats.triples += sum(n for _, _, n in pending)
        stats.batches += 1
        pending.clear()
        if progress is not None:
            progress(stats)

    with ThreadPoolExecutor(PARALLEL) as pool:
        for iri, triples in _article_graphs(store):
            stats.articles += 1
            if remote.get(iri) == len(triples):
                stats.already += 1
                continue
            # Serialised only when it goes up: a repeated push serialises nothing.
            pending.append((iri, ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES), len(triples)))
            if len(pending) >= batch:
                flush(pool)
        flush(pool)
    return stats
