"""A synthetic but realistic corpus, made deterministically from real sentences.

The base articles are the seed page (科技日报 2025-01-22) and ../shared/dev/articles.jsonl.
Article *i* is base article ``i % len(bases)`` with its names varied: every agency,
institution, journal and province/city the packaged lexicons know is swapped for another
of the same kind, and every person the extractor finds gets a new name built from the
packaged surname list — all drawn from a random generator seeded with *i*, so the same
``n`` always gives the same corpus.

    python benchmarks/corpus.py 1000 /tmp/corpus-1k.jsonl
"""

from __future__ import annotations

import json
import random
import sys
from collections.abc import Iterator
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
SEED = ROOT / "samples" / "kjrb-2025-01-22-p1.txt"
DEV = ROOT.parent / "shared" / "dev" / "articles.jsonl"

_GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华建国海燕玉兰志红春梅晓晨宇浩然子轩欣怡思远嘉文博"


def base_articles() -> list[tuple[str, str, str]]:
    """(title, text, date) of every base article."""
    from kg.reader import ReadOptions, read

    bases = []
    for a in read(SEED, ReadOptions(date="2025-01-22")):
        body = a.text[a.title_span.end + 1 :] if a.title_span else a.text
        bases.append((a.label, body, a.date or "2025-01-22"))
    if DEV.is_file():
        for line in DEV.read_text(encoding="utf-8").splitlines():
            row = json.loads(line)
            bases.append((row["title"], row["text"], row.get("date", "")))
    return bases


def _pools() -> dict[str, list[str]]:
    from kg.lexicon import default_lexicon

    lex = default_lexicon()
    pools: dict[str, list[str]] = {}
    for entry in lex.entries.values():
        kind = entry.type if entry.type != "Place" else f"Place/{entry.level}"
        if kind in ("Place/province", "Place/prefecture", "GovernmentAgency", "ResearchInstitution", "Journal"):
            pools.setdefault(kind, []).append(entry.name)
    return {k: sorted(v) for k, v in pools.items()}


def _people(bases: list[tuple[str, str, str]]) -> list[set[str]]:
    from kg.extraction import default_extractor
    from kg.reader import read_text

    ex = default_extractor()
    out = []
    for title, text, _ in bases:
        names: set[str] = set()
        for article in read_text(f"# {title}\n\n{text}", "base.txt"):
            names |= {e.label for e in ex.extract(article).entities if e.type == "Person" and "·" not in e.label}
        out.append(names)
    return out


def generate(n: int) -> Iterator[dict[str, str]]:
    """``n`` synthetic articles as JSON Lines records."""
    from kg.lexicon import default_lexicon

    lex = default_lexicon()
    bases = base_articles()
    people = _people(bases)
    pools = _pools()
    surnames = sorted(lex.surnames, key=lambda s: lex.surnames[s])[:200]
    for i in range(n):
        rng = random.Random(i)
        k = i % len(bases)
        title, text, date = bases[k]
        swaps: dict[str, str] = {}
        for name in sorted(people[k], key=lambda s: (-len(s), s)):  # longest first, ties by name: no set order
            swaps[name] = rng.choice(surnames) + "".join(rng.choice(_GIVEN) for _ in range(rng.choice((1, 2))))
        for kind, pool in pools.items():
            for name in pool:
                if name in text and name not in swaps:
                    swaps[name] = rng.choice(pool)
        for old in sorted(swaps, key=lambda s: (-len(s), s)):
            text = text.replace(old, swaps[old])
            title = title.replace(old, swaps[old])
        yield {"id": f"syn-{i:06d}", "title": f"{title}（{i}）", "date": date, "source": "synthetic", "text": text}


def write(n: int, path: str | Path) -> Path:
    path = Path(path)
    with path.open("w", encoding="utf-8") as fh:
        for row in generate(n):
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    return path


if __name__ == "__main__":
    write(int(sys.argv[1]), sys.argv[2])
