"""newskg big-input benchmark: is the cost of a build linear in the length of its input?

    pip install '.[bench]' && python benchmarks/big_input.py [--jobs 1] [--workdir DIR]

Three inputs, made deterministically from the seed page and the dev articles
(``benchmarks/corpus.py``): a 1 MB and a 10 MB page of articles under ``#`` headings, and
one line of 5,000,000 characters with no punctuation and no line break (the articles' text
with every mark and space taken out).  Each is built with ``kg build`` as a user runs it;
the table gives characters per second and the peak RSS of the build's process tree, and
the ratio of each to the 1 MB build in the same run (the machine is shared: read the
ratios).  Linear time means a rate ratio near 1; bounded memory, a peak that does not grow
with the input.  Nothing here is asserted.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import corpus  # noqa: E402  (benchmarks/corpus.py)
from bench import build  # noqa: E402  (the same build and measures as benchmarks/bench.py)


def _rows(n: int = 2000) -> list[dict[str, str]]:
    with tempfile.TemporaryDirectory() as tmp:
        path = corpus.write(n, Path(tmp) / "corpus.jsonl")
        return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def write_page(path: Path, size: int, rows: list[dict[str, str]]) -> Path:
    """Articles under ``#`` headings until the page holds ``size`` bytes of UTF-8."""
    done, i = 0, 0
    with path.open("w", encoding="utf-8") as fh:
        while done < size:
            row = rows[i % len(rows)]
            block = f"# {row['title']}（{i}）\n\n{row['text']}\n\n"
            fh.write(block)
            done += len(block.encode("utf-8"))
            i += 1
    return path


def write_unpunctuated_line(path: Path, chars: int, rows: list[dict[str, str]]) -> Path:
    """One line of ``chars`` characters without sentence or clause punctuation or spaces."""
    out: list[str] = []
    n, i = 0, 0
    while n < chars:
        text = re.sub(r"[\s\W_]", "", rows[i % len(rows)]["text"])
        out.append(text)
        n += len(text)
        i += 1
    path.write_text("".join(out)[:chars] + "\n", encoding="utf-8")
    return path


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--jobs", type=int, default=1, help="worker processes of each build (default 1)")
    ap.add_argument("--line-chars", type=int, default=5_000_000, help="length of the unpunctuated line")
    ap.add_argument("--workdir", default=None)
    args = ap.parse_args()
    work = Path(args.workdir or tempfile.mkdtemp(prefix="newskg-big-"))
    work.mkdir(parents=True, exist_ok=True)
    rows = _rows()
    inputs = [
        ("1 MB page", write_page(work / "page-1mb.txt", 1_000_000, rows)),
        ("10 MB page", write_page(work / "page-10mb.txt", 10_000_000, rows)),
        (f"{args.line_chars / 1e6:g} M-character line, no punctuation", write_unpunctuated_line(work / "line.txt", args.line_chars, rows)),
    ]
    lines = [f"newskg big-input benchmark — {os.cpu_count()} cores, Python {sys.version.split()[0]}, {args.jobs} job(s), work dir {work}", ""]
    lines.append("| input | bytes | characters | articles | build s | chars/s | × 1 MB rate | peak RSS MB | × 1 MB peak |")
    lines.append("|---|---|---|---|---|---|---|---|---|")
    first = None
    for label, src in inputs:
        r = build(src, work / f"out-{src.stem}", args.jobs)
        rate = r["chars"] / r["seconds"]
        first = first or (rate, r["rss"])
        lines.append(
            f"| {label} | {src.stat().st_size:,} | {r['chars']:,} | {r['articles']:,} | {r['seconds']:.1f} | {rate:,.0f} "
            f"| {rate / first[0]:.2f} | {r['rss'] / 2**20:.0f} | {r['rss'] / first[1]:.2f} |"
        )
        print(lines[-1], file=sys.stderr, flush=True)
    print("\n".join(lines))


if __name__ == "__main__":
    main()
