"""Where a build spends its CPU: one table of stages, in one process, on one input.

    python benchmarks/stages.py [INPUT] [--limit N]

INPUT is a file the reader takes (default: a synthetic corpus of 300 articles made by
``benchmarks/corpus.py``).  Each stage is timed with ``time.process_time`` around the calls
that make it up — reading (decode, split, repair), segmentation, the NER model, the rest of
chunking, the rules, resolution and writing the N-Triples a worker sends back — and the
table gives each one's seconds, its share, and characters per CPU second; the last line
compares the whole with bare ``jieba.posseg.lcut`` and ``rjieba`` tagging of the same text,
measured in the same run.  Nothing here is asserted.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))


class Stopwatch:
    """CPU seconds per stage; a stage inside another is charged to the inner one only."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = defaultdict(float)
        self._stack: list[tuple[str, float]] = []

    def wrap(self, owner: object, name: str, stage: str) -> None:
        original = getattr(owner, name)

        def timed(*args, **kwargs):  # type: ignore[no-untyped-def]
            now = time.process_time()
            if self._stack:
                outer, since = self._stack[-1]
                self.seconds[outer] += now - since
            self._stack.append((stage, now))
            try:
                return original(*args, **kwargs)
            finally:
                end = time.process_time()
                _, since = self._stack.pop()
                self.seconds[stage] += end - since
                if self._stack:
                    outer, _ = self._stack[-1]
                    self._stack[-1] = (outer, end)

        setattr(owner, name, timed)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("input", nargs="?")
    parser.add_argument("--limit", type=int, default=300, help="articles of the synthetic corpus (when no input is given)")
    args = parser.parse_args(argv)

    import corpus

    from kg import graph, reader
    from kg.extraction import default_extractor
    from kg.extraction.registry import RULES

    path = args.input
    if path is None:
        path = str(Path(tempfile.mkdtemp()) / f"corpus-{args.limit}.jsonl")
        corpus.write(args.limit, path)

    watch = Stopwatch()
    ex = default_extractor()
    chunker = ex.chunker
    watch.wrap(chunker.seg, "fast_tag", "segmentation")
    if chunker.ner is not None:
        watch.wrap(chunker.ner, "tag", "NER model")
    watch.wrap(chunker, "chunk", "chunking (the rest)")
    watch.wrap(RULES, "run", "rules")
    import kg.extraction as extraction

    watch.wrap(extraction, "resolve", "resolve")  # the name the extractor calls
    watch.wrap(graph, "article_ntriples", "graph (N-Triples)")

    start = time.process_time()
    articles = list(reader.read(path))
    watch.seconds["read"] += time.process_time() - start
    chars = sum(len(a.text) for a in articles)
    for a in articles:
        graph.article_ntriples(ex.extract(a))
    total = sum(watch.seconds.values())

    from bench import jieba_baselines

    base = jieba_baselines([a.text for a in articles])  # the same text, in a fresh process
    print(f"{len(articles)} articles, {chars:,} characters, {total:.2f} s CPU in all ({chars / total:,.0f} chars/s)")
    print(f"{'stage':24s} {'CPU s':>7s} {'share':>6s} {'chars/s':>12s}")
    for stage, sec in sorted(watch.seconds.items(), key=lambda kv: -kv[1]):
        print(f"{stage:24s} {sec:7.2f} {sec / total:6.1%} {chars / sec if sec else 0:12,.0f}")
    print(f"bare jieba.posseg.lcut: {base['posseg']:,.0f} chars/s (the build is {chars / total / base['posseg']:.2f}x its speed); rjieba tag: {base['rjieba']:,.0f} chars/s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
