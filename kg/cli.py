"""The ``kg`` command line: parses arguments, calls the library, prints.

Every subcommand is a thin function over the Python API; only this module prints.
Exit status: 0 success, 1 bad input or a failed check, 2 usage error, 130 interrupted.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import logging
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from kg import __version__
from kg.errors import InputError, KGError

log = logging.getLogger("kg")


class _Parser(argparse.ArgumentParser):
    """argparse that raises instead of exiting, so ``main`` returns the status."""

    def error(self, message: str) -> None:  # type: ignore[override]
        raise _UsageExit(f"{self.prog}: error: {message}")


class _UsageExit(Exception):
    pass


def _add_read_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("inputs", nargs="+", metavar="INPUT", help="files, directories (searched recursively) or - for stdin")
    p.add_argument("--date", help="publication date of the input (YYYY-MM-DD); gives datelines their year")
    p.add_argument("--year", type=int, help="year of the input's datelines, when --date is not known")
    p.add_argument("--source", help="outlet of the input when its datelines do not say (e.g. 科技日报)")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="kg", description="newskg: knowledge graphs from Chinese news.")
    parser.add_argument("--version", action="version", version=f"newskg {__version__}")
    parser.add_argument("-q", "--quiet", action="store_true", help="only errors on stderr")
    parser.add_argument("-v", "--verbose", action="store_true", help="debug logging on stderr")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    p = sub.add_parser("read", help="show the articles the reader finds in the input")
    _add_read_options(p)
    p.add_argument("--format", choices=("text", "json"), default="text", help="output format (default: text)")
    p.add_argument("--explain", action="store_true", help="show every OCR repair with its reason and score")
    p.add_argument("--sentences", action="store_true", help="text format: list every sentence with its offsets")
    p.set_defaults(func=cmd_read)

    p = sub.add_parser("build", help="read, extract and write the knowledge graph (graph.ttl, graph.html)")
    _add_read_options(p)
    p.add_argument("-o", "--output", metavar="DIR", help="output directory (default: output/; with --store, only when given)")
    p.add_argument("--no-html", action="store_true", help="do not write the HTML network")
    p.add_argument("-j", "--jobs", type=int, metavar="N", help="worker processes (default: one per core)")
    p.add_argument("--store", metavar="DIR", help="add to the on-disk store in DIR (created if missing); only new articles are added")
    p.add_argument("--engine", choices=("local", "dask"), default="local", help="local process pool (default) or Dask (needs newskg[dask]); same output")
    p.add_argument("--scheduler", metavar="ADDRESS", help="--engine dask: the scheduler (tcp://host:8786); default a LocalCluster of -j workers")
    p.set_defaults(func=cmd_build)

    p = sub.add_parser("load", help="load N-Quads partitions (records_to_nquads output, one graph per article) into a store")
    p.add_argument("--store", required=True, metavar="DIR", help="the store to add to (created if missing)")
    p.add_argument("parts", nargs="+", metavar="PART", help="N-Quads files, loaded in the order given (an article met twice keeps its first reading)")
    p.set_defaults(func=cmd_load)

    p = sub.add_parser("remove", help="retract articles (and what only they supported) from a store")
    p.add_argument("--store", required=True, metavar="DIR")
    p.add_argument("article_ids", nargs="+", metavar="ARTICLE_ID", help="article ids as shown by kg read / kg query --name article")
    p.set_defaults(func=cmd_remove)

    p = sub.add_parser("query", help="run a SPARQL query or a named query on a graph")
    p.add_argument("graph", nargs="?", metavar="GRAPH", help="a graph file (Turtle, N-Triples …)")
    p.add_argument("sparql", nargs="?", metavar="QUERY", help="the SPARQL query text")
    p.add_argument("--store", metavar="DIR", help="query a store instead of a graph file")
    p.add_argument("-f", "--file", metavar="FILE.rq", help="read the query from a file")
    p.add_argument("--name", metavar="NAME", help="run a named query (see --list)")
    p.add_argument("--param", action="append", default=[], metavar="NAME=VALUE", help="a named query's parameter (repeatable)")
    p.add_argument("--list", action="store_true", help="list the named queries and their parameters")
    p.add_argument("--format", default="table", help="table (default), csv, tsv, json or xml; CONSTRUCT/DESCRIBE: table (Turtle), json (JSON-LD), xml (RDF/XML)")
    p.add_argument("--timeout", type=float, default=None, metavar="SECONDS", help="stop the query after this long (default 60; 0: no limit)")
    p.add_argument("--max-rows", type=int, default=None, metavar="N", help="rows the table format shows at most (default 10000)")
    p.set_defaults(func=cmd_query)

    p = sub.add_parser("export", help="convert a graph to another RDF format")
    p.add_argument("graph", nargs="?", metavar="GRAPH")
    p.add_argument("--store", metavar="DIR", help="export a store instead of a graph file")
    p.add_argument("--format", default="turtle", help="turtle, nt, xml, nquads, trig, jsonld, jsonld-expanded (quad formats: one named graph per article); graphml, gexf (Gephi), neo4j (CSV files for neo4j-admin import, needs -o DIR)")
    p.add_argument("-o", "--output", metavar="FILE", help="write to FILE (a directory for neo4j) instead of standard output")
    p.set_defaults(func=cmd_export)

    p = sub.add_parser("validate", help="check a graph against the SHACL shapes of the ontology")
    p.add_argument("graph", nargs="?", metavar="GRAPH")
    p.add_argument("--store", metavar="DIR", help="validate a store instead of a graph file")
    p.add_argument("--limit", type=int, default=50, help="violations to show (default 50)")
    p.set_defaults(func=cmd_validate)

    p = sub.add_parser("viz", help="write the interactive HTML network of a graph (works offline)")
    p.add_argument("graph", nargs="?", metavar="GRAPH")
    p.add_argument("--store", metavar="DIR", help="draw a store instead of a graph file")
    p.add_argument("-o", "--output", default="output/graph.html", metavar="FILE", help="default: output/graph.html")
    p.add_argument("--focus", metavar="NAME", help="only the neighbourhood of this entity (name or alias)")
    p.add_argument("--hops", type=int, default=2, help="neighbourhood radius for --focus (default 2)")
    p.add_argument("--types", metavar="T,...", help="only these node types, e.g. GovernmentAgency,Policy")
    p.add_argument("--max-nodes", type=int, metavar="N", help="keep the N most central nodes")
    p.add_argument("--no-articles", action="store_true", help="leave article nodes out")
    p.set_defaults(func=cmd_viz)

    p = sub.add_parser("serve", help="serve a store as a read-only SPARQL 1.1 endpoint with a query page (Oxigraph server; needs newskg[serve])")
    p.add_argument("--store", required=True, metavar="DIR")
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1: this machine only)")
    p.add_argument("--port", type=int, default=7878, help="port (default 7878; 0 picks a free one)")
    p.add_argument("--timeout-s", type=float, default=30.0, metavar="N", help="a query without a complete answer after N seconds gets 503 (default 30)")
    p.add_argument("--refresh-s", type=float, default=2.0, metavar="N", help="look for articles added or removed every N seconds (default 2)")
    p.set_defaults(func=cmd_serve)

    p = sub.add_parser("push", help="upload a store to a SPARQL 1.1 Graph Store Protocol endpoint, one named graph per article (resumable)")
    p.add_argument("--store", required=True, metavar="DIR")
    p.add_argument("--endpoint", required=True, metavar="URL", help="the SPARQL query endpoint (asked which articles are already there)")
    p.add_argument("--graph-store", metavar="URL", help="the Graph Store Protocol URL (default: beside the endpoint: Oxigraph /store, Fuseki /ds/data)")
    p.add_argument("--union", action="store_true", help="also add every article's triples to the remote default graph (for servers without a union default graph)")
    p.add_argument("--batch", type=int, default=100, metavar="N", help="articles per batch (default 100)")
    p.set_defaults(func=cmd_push)

    p = sub.add_parser("ner", help="tag people, places and organizations in sentences read from stdin")
    p.add_argument("--format", choices=("spans", "text"), default="spans", help="spans: one JSON list of [start, end, type] per line")
    p.set_defaults(func=cmd_ner)
    return parser


def _read_options(args: argparse.Namespace):  # type: ignore[no-untyped-def]
    from kg.reader import ReadOptions, parse_date

    if args.date and parse_date(args.date)[0] is None:
        raise _UsageExit(f"kg: error: --date {args.date!r} is not a date (expected YYYY-MM-DD)")
    return ReadOptions(date=args.date, year=args.year, source=args.source)


def _warn(exc: InputError) -> None:
    log.warning("%s (skipped)", exc)


def cmd_read(args: argparse.Namespace, out: TextIO) -> int:
    from kg.reader import read

    articles = list(read(args.inputs, _read_options(args), on_problem=_warn))
    if args.format == "json":
        json.dump([a.to_dict() for a in articles], out, ensure_ascii=False, indent=1)
        out.write("\n")
        return 0
    for n, a in enumerate(articles, start=1):
        out.write(f"[{n}] {a.title or '(no headline) ' + a.label}\n")
        if a.kicker:
            out.write(f"    kicker: {a.kicker}\n")
        where = a.path or "?"
        if a.line:
            where += f":{a.line}"
        out.write(f"    id: {a.id}   input: {where}\n")
        facts = [f"source: {a.source or '-'}", f"place: {a.place or '-'}", f"date: {a.date or '-'}"]
        out.write("    " + "   ".join(facts) + "\n")
        if a.reporters:
            out.write("    reporters: " + ", ".join(f"{r.name} ({r.role})" for r in a.reporters) + "\n")
        if a.continued_from or a.continued_to:
            out.write(f"    continued from: {a.continued_from or '-'}   continued on: {a.continued_to or '-'}\n")
        out.write(f"    {len(a.text)} characters, {len(a.sentences)} sentences, {len(a.repairs)} repairs\n")
        for r in a.repairs:
            out.write(f"    {r.kind}: …{r.left} ⟶ {r.right}… (lines {r.left_line}→{r.right_line})\n")
            if args.explain:
                out.write(f"        why: {r.reason}; score {r.score}\n")
        if args.sentences:
            for i, s in enumerate(a.sentences, start=1):
                out.write(f"    {i:3d} [{s.start}:{s.end}] {s.text}\n")
        out.write("\n")
    return 0


def cmd_build(args: argparse.Namespace, out: TextIO) -> int:
    from kg.pipeline import build_files

    out_dir = args.output if args.output or args.store else "output"
    with _progress_reporter() as progress:
        stats = build_files(
            args.inputs, out_dir, _read_options(args), jobs=args.jobs, store=args.store,
            html=not args.no_html, on_problem=_warn, progress=progress,
            engine=args.engine, scheduler=args.scheduler,
        )
    if stats.outputs:
        out.write("wrote " + ", ".join(str(p) for p in stats.outputs) + "\n")
    if args.store:
        out.write(f"store {args.store}: {stats.added} articles added, {stats.duplicates} already there\n")
    skipped = f", {stats.skipped} skipped" if stats.skipped else ""
    workers = f" with {stats.jobs} workers" if stats.jobs > 1 else ""
    if args.engine == "dask":
        workers = f" on Dask ({args.scheduler or f'a LocalCluster of {stats.jobs} workers'})"
    out.write(f"{stats.articles} articles{skipped}, {stats.characters:,} characters, {stats.triples:,} triples in {stats.seconds:.1f} s{workers}\n")
    out.write("entities:  " + _counts(stats.entities) + "\n")
    out.write("relations: " + _counts(stats.relations) + "\n")
    return 0


def _size(n: int) -> str:
    return f"{n / 1e3:,.0f} kB" if n < 1e6 else f"{n / 1e6:,.1f} MB"


class _progress_reporter:
    """A progress bar (tqdm) on a terminal, a log line every 10 s otherwise; both count the
    bytes of input done, so a single big file shows its progress too."""

    def __init__(self) -> None:
        self.bar = None
        self.last = 0.0
        self.last_done = -1

    def __enter__(self):  # type: ignore[no-untyped-def]
        return self

    def __call__(self, p) -> None:  # type: ignore[no-untyped-def]
        if sys.stderr.isatty() and logging.getLogger().level <= logging.WARNING:
            from tqdm import tqdm

            if self.bar is None:
                self.bar = tqdm(total=p.total_bytes, unit="B", unit_scale=True, desc="kg build", dynamic_ncols=True, file=sys.stderr)
            self.bar.n = p.done_bytes
            self.bar.set_postfix(articles=p.articles, skipped=p.skipped, refresh=False)
            self.bar.refresh()
        elif p.done_bytes != self.last_done and (p.seconds - self.last >= 10 or (p.total_bytes and p.done_bytes >= p.total_bytes)):
            self.last, self.last_done = p.seconds, p.done_bytes
            rate = p.articles / p.seconds if p.seconds else 0.0
            done = f"{_size(p.done_bytes)} of {_size(p.total_bytes)} ({100 * p.done_bytes // p.total_bytes} %)" if p.total_bytes else _size(p.done_bytes)
            if logging.getLogger().level <= logging.WARNING:
                print(f"kg build: {done}, {p.records} records, {p.articles} articles ({rate:.1f}/s), {p.skipped} skipped, {p.seconds:.0f} s", file=sys.stderr)

    def __exit__(self, *exc: object) -> None:
        if self.bar is not None:
            self.bar.close()


def cmd_load(args: argparse.Namespace, out: TextIO) -> int:
    from kg.partition import load_nquads
    from kg.store import COMPACT_AFTER, KGStore

    added = seen = 0
    with KGStore(args.store) as store:
        for part in args.parts:
            try:
                data = Path(part).read_bytes()
            except OSError as exc:
                raise InputError(part, f"cannot read: {exc.strerror or exc}") from exc
            a, s = load_nquads(store, data, part)
            added, seen = added + a, seen + s
        if added >= COMPACT_AFTER:
            store.optimize()  # a big load leaves many small files (as kg build does)
        triples = len(store)
    out.write(f"store {args.store}: {added} articles added, {seen} already there, {triples:,} triples\n")
    return 0


def cmd_remove(args: argparse.Namespace, out: TextIO) -> int:
    from kg.store import KGStore, is_article_id

    with KGStore(args.store, create=False) as store:
        removed = [aid for aid in args.article_ids if store.remove_article(aid)]
    missing = sorted(set(args.article_ids) - set(removed))
    out.write(f"removed {len(removed)} article(s) from {args.store}\n")
    for aid in missing:
        if is_article_id(aid):
            log.warning("%s: no such article in %s", aid, args.store)
        else:
            log.warning("%r: not an article id (16 hexadecimal digits, as kg read and --name article show)", aid)
    return 0 if not missing else 1


def _counts(counter) -> str:  # type: ignore[no-untyped-def]
    return ", ".join(f"{k} {v}" for k, v in sorted(counter.items(), key=lambda kv: (-kv[1], kv[0]))) or "none"


def _params(pairs: list[str]) -> dict[str, str]:
    out = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name:
            raise _UsageExit(f"kg: error: --param {pair!r} is not NAME=VALUE")
        out[name.strip()] = value
    return out


def cmd_query(args: argparse.Namespace, out: TextIO) -> int:
    from kg.sparql import DEFAULT_TIMEOUT, RESULT_FORMATS, TABLE_MAX_ROWS, named_queries, query, run_named
    from kg.errors import unknown_name

    if args.list:
        for nq in named_queries().values():
            out.write(f"{nq.name}\n    {nq.title}. {nq.description}\n")
            for p, doc in nq.params:
                out.write(f"    --param {p}=…  {doc}\n")
        return 0
    if args.format not in RESULT_FORMATS:
        raise unknown_name("format", args.format, RESULT_FORMATS)
    if args.store and args.graph and not args.sparql and not (args.name or args.file):
        args.sparql, args.graph = args.graph, None  # kg query --store DIR 'SELECT …'
    source = _source(args, "query")
    given = sum(x is not None for x in (args.sparql, args.file, args.name))
    if given != 1:
        raise _UsageExit("kg query: error: give exactly one of QUERY, -f FILE.rq or --name NAME")
    timeout = DEFAULT_TIMEOUT if args.timeout is None else args.timeout
    if timeout < 0 or (args.max_rows is not None and args.max_rows < 1):
        raise _UsageExit("kg query: error: --timeout must be 0 or more, --max-rows 1 or more")
    bounds = {"timeout": timeout or None, "max_rows": (args.max_rows or TABLE_MAX_ROWS) if args.format == "table" else None}
    if args.name:
        result = run_named(source, args.name, _params(args.param), **bounds)
    else:
        if args.param:
            raise _UsageExit("kg query: error: --param only applies to --name queries")
        if args.file:
            try:
                text = Path(args.file).read_text(encoding="utf-8")
            except OSError as exc:
                raise InputError(args.file, f"cannot read query: {exc.strerror or exc}") from exc
        else:
            text = args.sparql
        result = query(source, text, **bounds)
    tee = _Tee(out)
    result.write(tee, args.format)
    if not tee.ends_line:
        out.write("\n")  # the output ends with one line break
    return 0


class _Tee:
    """Writes to ``out`` and remembers whether the last text written ended a line."""

    def __init__(self, out: TextIO) -> None:
        self.out, self.ends_line = out, False

    def write(self, text: str) -> int:
        if text:
            self.ends_line = text.endswith("\n")
        return self.out.write(text)

    def flush(self) -> None:
        self.out.flush()


def _source(args: argparse.Namespace, command: str):  # type: ignore[no-untyped-def]
    """The graph file named on the command line, or the --store (a snapshot: see
    :meth:`KGStore.snapshot`), kept open until the command ends."""
    if args.store and args.graph:
        raise _UsageExit(f"kg {command}: error: give a GRAPH file or --store DIR, not both")
    if args.store:
        return _store(args).db
    if not args.graph:
        raise _UsageExit(f"kg {command}: error: a GRAPH file (or --store DIR) is required")
    return args.graph


def _store(args: argparse.Namespace):  # type: ignore[no-untyped-def]
    from kg.store import KGStore

    store = KGStore.snapshot(args.store)
    args.close.callback(store.close)
    return store


def _graph(args: argparse.Namespace, command: str):  # type: ignore[no-untyped-def]
    """An rdflib graph of the GRAPH file or the --store."""
    from kg.rdfio import load_graph

    if args.store and not args.graph:
        return _store(args).to_graph()
    return load_graph(_source(args, command))


def _page_triples(args: argparse.Namespace, max_entities: int):  # type: ignore[no-untyped-def]
    """What a page is drawn from, read straight from the GRAPH file or the --store (no
    rdflib graph in between)."""
    from kg.rdfio import parse_rdf
    from kg.viz import Triples

    if args.store and not args.graph:
        return Triples.from_ox(_store(args).page_triples(max_entities))
    return Triples.from_ox(parse_rdf(_source(args, "viz")))


def cmd_export(args: argparse.Namespace, out: TextIO) -> int:
    from kg.exporter import export_file, export_format, export_store, write_export
    from kg.rdfio import check_output_dir, check_output_file

    spec = export_format(args.format)  # an unknown format, then an output that cannot be written: before any work
    if spec.multi_file and not args.output:
        raise _UsageExit(f"kg export: error: --format {spec.name} writes {', '.join(spec.files)}: give -o DIR")
    if args.output:
        if spec.multi_file:
            check_output_dir(args.output)
        else:
            check_output_file(args.output)
    if args.store and not args.graph:
        store = _store(args)
        if args.output:
            export_store(store, args.format, args.output)
            return 0
        data = export_store(store, args.format, None)
    elif args.output:
        from kg.rdfio import load_graph

        write_export(load_graph(_source(args, "export")), args.format, args.output)
        return 0
    else:
        data = export_file(_source(args, "export"), args.format)
    out.write(data.decode("utf-8"))
    return 0


def cmd_validate(args: argparse.Namespace, out: TextIO) -> int:
    from kg.shacl import validate

    report = validate(_graph(args, "validate"))
    out.write(report.text(args.limit) + "\n")
    return 0 if report.conforms else 1


def cmd_viz(args: argparse.Namespace, out: TextIO) -> int:
    from kg.viz import VizOptions, write_html

    from kg.rdfio import check_output_file

    check_output_file(args.output)
    types = tuple(t.strip() for t in args.types.split(",") if t.strip()) if args.types else None
    options = VizOptions(focus=args.focus, hops=args.hops, types=types, max_nodes=args.max_nodes, articles=not args.no_articles)
    summary = write_html(_page_triples(args, max_entities=args.max_nodes or VizOptions.BUILD_MAX_NODES), args.output, options)
    out.write(f"wrote {args.output}: {summary}\n")
    return 0


def cmd_ner(args: argparse.Namespace, out: TextIO) -> int:
    from kg.ner import ner_lines

    for spans in ner_lines(line.rstrip("\n") for line in sys.stdin):
        out.write(json.dumps(spans, ensure_ascii=False) + "\n")
    return 0


def cmd_push(args: argparse.Namespace, out: TextIO) -> int:
    from kg.push import push

    if args.batch < 1:
        raise _UsageExit(f"kg push: error: --batch must be 1 or more, got {args.batch}")

    def progress(stats) -> None:  # type: ignore[no-untyped-def]
        log.info("kg push: %d articles uploaded in %d batches", stats.uploaded, stats.batches)

    stats = push(_store(args), args.endpoint, args.graph_store, union=args.union, batch=args.batch, progress=progress)
    out.write(f"pushed {args.store} to {args.endpoint}: {stats.uploaded} article graphs uploaded ({stats.triples:,} triples, "
              f"{stats.batches} batches), {stats.already} already there\n")
    return 0


def cmd_serve(args: argparse.Namespace, out: TextIO) -> int:
    from kg.serve import serve

    def ready(server) -> None:  # type: ignore[no-untyped-def]
        url = server.url
        out.write(f"kg serve: {url} (SPARQL endpoint {url}query) over {args.store}; queries time out after {args.timeout_s:g} s; Ctrl-C stops\n")
        out.flush()

    serve(args.store, args.host, args.port, timeout_s=args.timeout_s, refresh_s=args.refresh_s, ready=ready)
    return 0


class _StderrFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        return f"kg: {record.levelname.lower()}: {record.getMessage()}"


def _configure_logging(args: argparse.Namespace) -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(_StderrFormatter())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(logging.DEBUG if args.verbose else logging.ERROR if args.quiet else logging.WARNING)


def main(argv: Sequence[str] | None = None, out: TextIO | None = None) -> int:
    """Run the ``kg`` command; returns the exit status."""
    out = out or sys.stdout
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
        if not getattr(args, "func", None):
            parser.print_help(out)
            return 2
        _configure_logging(args)
        with contextlib.ExitStack() as args.close:  # what a command opened (a store snapshot) closes with it
            return args.func(args, out)
    except _UsageExit as exc:
        print(exc, file=sys.stderr)
        return 2
    except KGError as exc:
        print(f"kg: error: {exc}", file=sys.stderr)
        return exc.exit_status
    except KeyboardInterrupt:
        print("kg: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader of our output went away (kg read … | head); not an error of ours.
        sys.stderr.close()
        return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
