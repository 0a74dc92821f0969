"""newskg benchmark: build throughput (local pool and Dask), memory, query latency, export
time, and SPARQL endpoint latency under concurrent clients (kg serve).

    pip install '.[bench,serve,dask]' && python benchmarks/bench.py [--sizes 1000,10000] [--jobs 1,2] [--clients 1,8]

Prints one table.  Every figure that depends on the machine is also given as a ratio to a
baseline measured in the same run on the same text (bare ``jieba.lcut`` and
``jieba.posseg.lcut`` for builds, rdflib's in-memory graph for queries), because the
machines are shared and absolute seconds mean little.  Nothing here is asserted.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import corpus  # noqa: E402  (benchmarks/corpus.py)


def _kg() -> list[str]:
    return [sys.executable, "-m", "kg"]


def peak_rss(cmd: list[str], **kwargs) -> tuple[float, int, subprocess.CompletedProcess]:  # type: ignore[type-arg]
    """Run a command; return (seconds, peak RSS in bytes of its whole process tree, result).
    The CPU seconds of the whole tree (user + system) are in ``result.cpu``."""
    import resource

    import psutil

    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **kwargs)
    peak = 0
    stop = threading.Event()

    def poll() -> None:
        nonlocal peak
        try:
            root = psutil.Process(proc.pid)
        except psutil.NoSuchProcess:
            return
        while not stop.is_set():
            try:
                tree = [root, *root.children(recursive=True)]
                peak = max(peak, sum(p.memory_info().rss for p in tree if p.is_running()))
            except psutil.Error:
                pass
            time.sleep(0.1)

    thread = threading.Thread(target=poll, daemon=True)
    thread.start()
    out, err = proc.communicate()
    stop.set()
    thread.join()
    seconds = time.perf_counter() - started
    result = subprocess.CompletedProcess(cmd, proc.returncode, out, err)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)  # the tree: each process counts the children it waited for
    result.cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)  # type: ignore[attr-defined]
    if proc.returncode:
        raise SystemExit(f"{' '.join(cmd)} failed:\n{err[-2000:]}")
    return seconds, peak, result


def jieba_baselines(texts: list[str]) -> dict[str, float]:
    """Characters per CPU second of bare jieba (``lcut``, ``posseg.lcut``) and of rjieba's
    ``tag`` (jieba-rs, what newskg segments with) on the corpus text, in a fresh process."""
    code = r"""
import json, sys, time, jieba, jieba.posseg, rjieba
texts = json.load(sys.stdin)
jieba.initialize()
jieba.posseg.lcut("预热")
rs = rjieba.Jieba()
n = sum(len(t) for t in texts)
t = time.process_time()
for x in texts: jieba.lcut(x)
cut = time.process_time() - t
t = time.process_time()
for x in texts: jieba.posseg.lcut(x)
pos = time.process_time() - t
t = time.process_time()
for x in texts: rs.tag(x)
rust = time.process_time() - t
print(json.dumps({"cut": n / cut, "posseg": n / pos, "rjieba": n / rust}))
"""
    done = subprocess.run([sys.executable, "-c", code], input=json.dumps(texts), capture_output=True, text=True, check=True)
    return json.loads(done.stdout)


def build(src: Path, out: Path, jobs: int, store: bool = False, engine: str = "local") -> dict[str, float]:
    """A corpus build as a user runs it: ``out/graph.ttl``, and with ``store`` an on-disk
    store in ``out/store`` (every article in its own transaction-safe named graph).  With
    ``engine="dask"`` the build starts a LocalCluster of ``jobs`` workers, inside the
    build's own clock (cluster start included)."""
    cmd = [*_kg(), "-q", "build", str(src), "-o", str(out), "-j", str(jobs), "--no-html", "--engine", engine]
    if store:
        cmd += ["--store", str(out / "store")]
    seconds, rss, result = peak_rss(cmd)
    first = result.stdout.splitlines()
    line = next(x for x in first if "articles" in x and "characters" in x)
    articles = int(line.split()[0].replace(",", ""))
    chars = int(line.split(", ")[1].split()[0].replace(",", ""))
    triples = int(line.split(", ")[2].split()[0].replace(",", ""))
    # The build's own clock excludes interpreter start-up; use it for throughput.
    build_seconds = float(line.rsplit(" in ", 1)[1].split()[0])
    return {"seconds": build_seconds, "wall": seconds, "cpu": result.cpu, "rss": rss, "articles": articles, "chars": chars, "triples": triples}  # type: ignore[attr-defined]


def one_page_cpu(repeats: int = 3) -> float:
    """Median CPU seconds (the whole process tree, start-up included) of ``kg build`` on the
    bundled sample page, graph.ttl and graph.html: what a user waits for on one page."""
    sample = HERE.parent / "samples" / "kjrb-2025-01-22-p1.txt"
    runs = []
    with tempfile.TemporaryDirectory() as tmp:
        for _ in range(repeats):
            _, _, result = peak_rss([*_kg(), "-q", "build", str(sample), "-o", tmp])
            runs.append(result.cpu)  # type: ignore[attr-defined]
    return statistics.median(runs)


# A typical question for every named query (values that occur in the synthetic corpus).
TYPICAL = {
    "policies-by-agency": {"agency": "国家发展改革委"},
    "joint-issuers": {"agency": "国家数据局"},
    "posts": {"person": "张"},
    "results-journals": {"journal": "Nature"},
    "article": {"article": "公共数据"},
    "evidence": {"subject": "国家数据局", "relation": "issued"},
    "entities": {"type": "Journal"},
    "indicators": {"measure": "5G"},
    "reporters": {"reporter": "王"},
}


class _Timeout(Exception):
    pass


def _timed(run, repeats: int, budget: float) -> float | None:
    """Median seconds of ``run()``; ``None`` when one run exceeds ``budget`` seconds."""
    import signal

    def alarm(*_: object) -> None:
        raise _Timeout

    old = signal.signal(signal.SIGALRM, alarm)
    times = []
    try:
        for _ in range(repeats):
            signal.setitimer(signal.ITIMER_REAL, budget)
            t = time.perf_counter()
            try:
                run()
            except _Timeout:
                return None
            finally:
                signal.setitimer(signal.ITIMER_REAL, 0)
            times.append(time.perf_counter() - t)
    finally:
        signal.signal(signal.SIGALRM, old)
    return statistics.median(times)


def query_latency(store_dir: Path, graph_file: Path, repeats: int, rdflib_repeats: int, budget: float) -> list[tuple[str, float, float, float | None, float | None]]:
    """Per named query: store median (typical question, full listing) and rdflib median
    (typical question, full listing; ``None`` past the time budget)."""
    from kg.rdfio import load_graph
    from kg.sparql import bind_params, named_queries, run_named, specialise
    from kg.store import KGStore

    store = KGStore(store_dir, create=False, read_only=True)
    store_times = {}
    for name in named_queries():
        params = TYPICAL.get(name, {})
        # The store as a user gets it: run_named, rows converted to rdflib terms and sorted.
        typ = _timed(lambda: run_named(store.db, name, params), repeats, 600) or float("nan")
        listing = _timed(lambda: run_named(store.db, name, {}), repeats, 600) or float("nan")
        store_times[name] = (typ, listing)
    # rdflib afterwards: its million-triple graph in this process would slow every
    # allocation-heavy step above (Python's collector walks all of its objects).
    graph = load_graph(graph_file) if rdflib_repeats else None
    rows = []
    for name, nq in named_queries().items():
        params = TYPICAL.get(name, {})
        rdf_typ = rdf_all = None
        if graph is not None:
            typical = bind_params(specialise(nq.text, params), params)
            listing = specialise(nq.text, {})
            rdf_typ = _timed(lambda: list(graph.query(typical)), rdflib_repeats, budget)
            rdf_all = _timed(lambda: list(graph.query(listing)), rdflib_repeats, budget)
        rows.append((name, *store_times[name], rdf_typ, rdf_all))
    return rows


#: Store exports timed (compact JSON-LD goes through pyld in memory; the streaming form is timed).
EXPORT_FORMATS = ("turtle", "nt", "nquads", "trig", "jsonld-expanded")


def endpoint_latency(store_dir: Path, clients: int, rounds: int) -> dict[str, float]:
    """``kg serve`` on the store, ``clients`` threads each asking every typical named
    question ``rounds`` times over one keep-alive connection; latency percentiles of all
    requests, and the same questions sent straight to an Oxigraph server on a snapshot of
    the store (what the front costs)."""
    import http.client
    import shutil
    from urllib.parse import quote, urlsplit

    from kg.serve import Upstream, oxigraph_binary, snapshot
    from kg.sparql import named_query_text

    paths = [f"/query?query={quote(named_query_text(name, params))}" for name, params in sorted(TYPICAL.items())]

    def hammer(port: int) -> tuple[list[float], float]:
        latencies: list[float] = []
        lock = threading.Lock()
        errors: list[str] = []

        def client(i: int) -> None:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=300)
            mine = []
            for r in range(rounds):
                for k in range(len(paths)):
                    path = paths[(i + k + r) % len(paths)]
                    t = time.perf_counter()
                    conn.request("GET", path, headers={"Accept": "application/sparql-results+json"})
                    resp = conn.getresponse()
                    resp.read()
                    mine.append(time.perf_counter() - t)
                    if resp.status != 200:
                        errors.append(f"{resp.status} {path[:80]}")
            conn.close()
            with lock:
                latencies.extend(mine)

        threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
        t0 = time.perf_counter()
        for th in threads:
            th.start()
        for th in threads:
            th.join()
        if errors:
            raise SystemExit(f"endpoint errors: {errors[:3]}")
        return latencies, time.perf_counter() - t0

    def pct(xs: list[float], q: float) -> float:
        xs = sorted(xs)
        return xs[min(len(xs) - 1, int(round(q * (len(xs) - 1))))]

    proc = subprocess.Popen([*_kg(), "serve", "--store", str(store_dir), "--port", "0", "--timeout-s", "120"], stdout=subprocess.PIPE, text=True)
    try:
        banner = proc.stdout.readline() if proc.stdout else ""
        port = int(urlsplit(banner.split()[2]).port or 0)
        via_front, wall = hammer(port)
    finally:
        proc.terminate()
        proc.wait(timeout=60)
    snap_root = Path(tempfile.mkdtemp(prefix="bench-snap-", dir=store_dir.parent))
    t = time.perf_counter()
    snapshot(store_dir, snap_root / "s")
    upstream = Upstream(oxigraph_binary(), snap_root / "s", 120, 1).start()
    refresh = time.perf_counter() - t  # what kg serve does when the store changes
    try:
        direct, _ = hammer(upstream.port)
    finally:
        upstream.stop()
        shutil.rmtree(snap_root, ignore_errors=True)
    return {
        "requests": len(via_front), "p50": pct(via_front, 0.5), "p95": pct(via_front, 0.95), "rate": len(via_front) / wall,
        "direct_p50": pct(direct, 0.5), "direct_p95": pct(direct, 0.95), "refresh": refresh,
    }


def export_times(store_dir: Path) -> dict[str, float]:
    """Seconds to export the store in every format (quad formats: one graph per article)."""
    from kg.exporter import export_store
    from kg.store import KGStore

    out = {}
    store = KGStore(store_dir, create=False, read_only=True)
    with tempfile.TemporaryDirectory() as tmp:
        for fmt in EXPORT_FORMATS:
            t = time.perf_counter()
            export_store(store, fmt, Path(tmp) / f"out.{fmt}")
            out[fmt] = time.perf_counter() - t
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--sizes", default="1000,10000", help="corpus sizes in articles")
    ap.add_argument("--jobs", default="1,2", help="worker counts to compare")
    ap.add_argument("--repeats", type=int, default=5, help="runs per query for the median")
    ap.add_argument("--rdflib-repeats", type=int, default=1, help="runs per query on rdflib (slow)")
    ap.add_argument("--rdflib-budget", type=float, default=120, help="seconds before an rdflib query is given up")
    ap.add_argument("--clients", default="1,8", help="concurrent clients of the SPARQL endpoint (kg serve)")
    ap.add_argument("--rounds", type=int, default=5, help="times each client asks every typical question")
    ap.add_argument("--no-dask", action="store_true", help="skip the Dask build")
    ap.add_argument("--stages", type=int, default=1000, help="articles of the stage table (benchmarks/stages.py)")
    ap.add_argument("--no-stages", action="store_true", help="skip the stage table")
    ap.add_argument("--only-builds", action="store_true", help="stop after the build tables (no queries, exports or endpoint)")
    ap.add_argument("--workdir", default=None)
    args = ap.parse_args()
    sizes = [int(x) for x in args.sizes.split(",")]
    try:
        import distributed  # noqa: F401
    except ImportError:
        print("Dask is not installed (pip install '.[dask]'): no Dask build", file=sys.stderr)
        args.no_dask = True
    try:
        from kg.serve import oxigraph_binary

        oxigraph_binary()
        serve_ok = True
    except Exception as exc:  # noqa: BLE001
        print(f"no endpoint latency: {exc}", file=sys.stderr)
        serve_ok = False
    jobs = [int(x) for x in args.jobs.split(",")]
    work = Path(args.workdir or tempfile.mkdtemp(prefix="newskg-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    lines = [f"newskg benchmark — {os.cpu_count()} cores, Python {sys.version.split()[0]}, work dir {work}", ""]

    lines.append("CPU chars/s: characters per CPU second of the build's whole process tree; × posseg, × rjieba: against bare")
    lines.append("jieba.posseg.lcut and rjieba tag on the same text (CPU per character); × 1 job: throughput (build clock) against -j 1.")
    lines.append("")
    lines.append("| corpus | build | jobs | articles | chars | triples | build s | CPU s | CPU chars/s | × posseg | × rjieba | × 1 job | peak RSS MB |")
    lines.append("|---|---|---|---|---|---|---|---|---|---|---|---|---|")
    graphs: dict[int, Path] = {}
    triples: dict[int, int] = {}
    for n in sizes:
        src = corpus.write(n, work / f"corpus-{n}.jsonl")
        texts = [json.loads(x)["text"] for x in src.read_text(encoding="utf-8").splitlines()]
        base = jieba_baselines(texts)
        one = None
        runs = [(j, False, "local") for j in jobs] + ([] if args.no_dask else [(max(jobs), False, "dask")]) + [(max(jobs), True, "local")]
        for j, with_store, engine in runs:
            out = work / f"out-{n}-j{j}{'-store' if with_store else ''}-{engine}"
            r = build(src, out, j, store=with_store, engine=engine)
            rate = r["chars"] / r["seconds"]
            cpu_rate = r["chars"] / r["cpu"]
            one = one or rate
            kind = ("--store" if with_store else "-o") + (" --engine dask" if engine == "dask" else "")
            lines.append(
                f"| {n} | {kind} | {j} | {r['articles']} | {r['chars']:,} | {r['triples']:,} | {r['seconds']:.1f} | {r['cpu']:.1f} "
                f"| {cpu_rate:,.0f} | {cpu_rate / base['posseg']:.2f} | {cpu_rate / base['rjieba']:.3f} | {rate / one:.2f} | {r['rss'] / 2**20:.0f} |"
            )
            if with_store:
                graphs[n] = out
                triples[n] = r["triples"]
        lines.append(f"| {n} | bare segmenters | | | | | | | cut {base['cut']:,.0f}, posseg {base['posseg']:,.0f}, rjieba tag {base['rjieba']:,.0f} | | | | |")
    lines.append("")
    lines.append(f"One-page build (samples/, graph.ttl and graph.html, start-up included): {one_page_cpu():.2f} s CPU, median of 3.")
    lines.append("")
    if not args.no_stages:
        lines.append(f"Where the CPU goes (benchmarks/stages.py, {args.stages} articles of the same corpus, one process):")
        lines.append("")
        done = subprocess.run([sys.executable, str(HERE / "stages.py"), "--limit", str(args.stages)], capture_output=True, text=True, check=True)
        lines.extend(["```", *done.stdout.rstrip().splitlines(), "```", ""])

    if args.only_builds:
        print("\n".join(lines))
        return
    lines.append("| graph | query | store: typical question | store: full listing | rdflib: typical | rdflib: full listing | × faster (typical) |")
    lines.append("|---|---|---|---|---|---|---|")

    def fmt(x: float | None, budget: float) -> str:
        if not args.rdflib_repeats:
            return "—"
        return f"> {budget:.0f}" if x is None else f"{x:.3f}"

    for n in sizes:
        label = f"{triples[n]:,} triples"
        for name, ox_typ, ox_all, rdf_typ, rdf_all in query_latency(graphs[n] / "store", graphs[n] / "graph.ttl", args.repeats, args.rdflib_repeats, args.rdflib_budget):
            ratio = "—" if not args.rdflib_repeats else f"{rdf_typ / ox_typ:.0f}" if rdf_typ else f"> {args.rdflib_budget / ox_typ:.0f}"
            lines.append(f"| {label} | {name} | {ox_typ:.3f} | {ox_all:.3f} | {fmt(rdf_typ, args.rdflib_budget)} | {fmt(rdf_all, args.rdflib_budget)} | {ratio} |")
    lines.append("")
    lines.append("| graph | " + " | ".join(EXPORT_FORMATS) + " |")
    lines.append("|---|---|---|---|---|---|")
    for n in sizes:
        t = export_times(graphs[n] / "store")
        lines.append(f"| {triples[n]:,} triples | " + " | ".join(f"{t[f]:.2f} s" for f in EXPORT_FORMATS) + " |")
    lines.append("")
    lines.append("| graph | clients | requests | req/s | p50 | p95 | Oxigraph direct p50 | direct p95 | refresh (snapshot + server start) |")
    lines.append("|---|---|---|---|---|---|---|---|---|")
    for n in sizes if serve_ok else []:
        for c in (int(x) for x in args.clients.split(",")):
            e = endpoint_latency(graphs[n] / "store", c, args.rounds)
            lines.append(
                f"| {triples[n]:,} triples | {c} | {e['requests']} | {e['rate']:.1f} | {e['p50'] * 1000:.0f} ms | {e['p95'] * 1000:.0f} ms "
                f"| {e['direct_p50'] * 1000:.0f} ms | {e['direct_p95'] * 1000:.0f} ms | {e['refresh']:.2f} s |"
            )
    print("\n".join(lines))


if __name__ == "__main__":
    main()
