"""Check the packaged lexicons: format, columns, duplicates and cross-file alias clashes.

    python kg/lexicons/_build/check.py

Exits non-zero on a format error; prints clashes between files (a name or alias of one file that is
a name or alias of another) for review — some are intended, e.g. a journal named like a word.
"""

from __future__ import annotations

import sys
from collections import defaultdict
from pathlib import Path

from kg.resources import read_table, split_multi

HERE = Path(__file__).resolve().parent.parent

COLUMNS = {
    "agencies.tsv": ["name", "type", "aliases", "parent"],
    "places.tsv": ["name", "level", "aliases", "parent"],
    "titles.tsv": ["title", "kind"],
    "org_suffixes.tsv": ["suffix", "type", "unit"],
    "journals.tsv": ["name", "name_en", "aliases"],
    "outlets.tsv": ["name", "aliases", "kind"],
    "institutions.tsv": ["name", "type", "aliases", "parent"],
    "surnames.tsv": ["surname", "rank"],
    "ner_heads.tsv": ["word", "role"],
    "ner_cues.tsv": ["word", "role"],
    "grammar.tsv": ["class", "word", "note"],
    "heads.tsv": ["class", "word", "value"],
    "triggers.tsv": ["frame", "word", "note"],
}
# What makes a row unique (default: the first column, with the parent where there is one).
KEYS = {"grammar.tsv": ("class", "word"), "heads.tsv": ("class", "word"), "triggers.tsv": ("frame", "word")}
VALUES = {
    ("agencies.tsv", "type"): {"GovernmentAgency", "Organization"},
    ("places.tsv", "level"): {"country", "province", "prefecture", "county", "region", "city", "feature"},
    ("titles.tsv", "kind"): {"leader", "party", "academic", "staff", "media", "honorary", "status"},
    ("org_suffixes.tsv", "type"): {"GovernmentAgency", "ResearchInstitution", "ResearchTeam",
                                   "Company", "MediaOutlet", "Organization"},
    ("org_suffixes.tsv", "unit"): {"yes", "no"},
    ("outlets.tsv", "kind"): {"agency", "newspaper", "broadcaster", "website", "magazine"},
    ("institutions.tsv", "type"): {"ResearchInstitution"},
    ("ner_heads.tsv", "role"): {"generic", "org", "event", "facility"},
    ("ner_cues.tsv", "role"): {"travel", "country-noun", "address", "familiar", "place-suffix", "before-name", "transliteration", "pair-noun", "doctrine"},
    ("triggers.tsv", "frame"): {"issue", "achieve", "publish", "appoint", "dismiss"},
    ("triggers.tsv", "note"): {"", "joint", "pub", "former"},
}


def main() -> int:
    errors: list[str] = []
    surface: dict[str, set[str]] = defaultdict(set)  # name/alias -> files
    for fname, cols in COLUMNS.items():
        path = HERE / fname
        lines = path.read_text(encoding="utf-8").splitlines()
        if not lines or not lines[0].startswith("#"):
            errors.append(f"{fname}: does not open with a # comment")
        header = next(ln for ln in lines if ln.strip() and not ln.startswith("#"))
        if header.split("\t") != cols:
            errors.append(f"{fname}: header {header.split(chr(9))} != {cols}")
        for i, ln in enumerate(lines, 1):
            if not ln.startswith("#") and any(c != c.strip() for c in ln.split("\t")):
                errors.append(f"{fname}:{i}: stray spaces")
        rows = read_table(fname)
        key = cols[0]
        seen: dict[tuple[str, str], int] = {}
        alias_owner: dict[str, str] = {}
        if fname in KEYS:
            # A word class file: every class it holds is described in its header.
            described = {ln.split()[1] for ln in lines if ln.startswith("#   ") and len(ln.split()) > 1}
            for c in sorted({r[key] for r in rows} - described):
                errors.append(f"{fname}: class {c!r} is not described in the header")
        for n, row in enumerate(rows, 1):
            if not row[key]:
                errors.append(f"{fname}: row {n} has an empty {key}")
            ident = tuple(row[c] for c in KEYS[fname]) if fname in KEYS else (row[key], row.get("parent", ""))
            if ident in seen:
                errors.append(f"{fname}: duplicate {ident}")
            seen[ident] = n
            for (f, col), allowed in VALUES.items():
                if f == fname and row[col] not in allowed:
                    errors.append(f"{fname}: row {n} {col}={row[col]!r}")
            if fname not in KEYS:
                surface[row[key]].add(fname)
            for alias in split_multi(row.get("aliases", "")):
                if alias in alias_owner and alias_owner[alias] != row[key]:
                    errors.append(f"{fname}: alias {alias!r} of {row[key]} and {alias_owner[alias]}")
                alias_owner[alias] = row[key]
                surface[alias].add(fname)
        names = {r[key] for r in rows}
        if "parent" in cols and fname != "places.tsv":
            for row in rows:
                if row["parent"] and row["parent"] not in names:
                    errors.append(f"{fname}: parent {row['parent']!r} of {row[key]} is not a name")
        if fname == "places.tsv":
            for row in rows:
                if row["parent"] and row["parent"] not in names:
                    errors.append(f"places.tsv: parent {row['parent']!r} of {row[key]} is not a name")
        print(f"{fname}: {len(rows)} rows")
    # Word lists (titles, suffixes, surnames, the NER cue words) are not names: they may repeat.
    skip = {"titles.tsv", "org_suffixes.tsv", "surnames.tsv", "ner_heads.tsv", "ner_cues.tsv"}
    for text, files in sorted(surface.items()):
        if len(files - skip) > 1:
            print(f"clash: {text} in {', '.join(sorted(files))}")
    for e in errors:
        print("ERROR", e)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
