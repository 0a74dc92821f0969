"""The one loader for packaged data: lexicons, the ontology, named queries and models.

Everything is read through :mod:`importlib.resources`, so it works the same from a source
checkout and from an installed wheel.  The ontology lives in the repository's top-level
``ontology/`` directory; the wheel carries a copy as ``kg/ontology`` (see pyproject.toml),
and :func:`ontology_files` finds whichever is there.

Lexicon files are UTF-8 TSV: ``#`` lines are comments (each file opens with where its
content comes from), the first other line names the columns, multi-valued cells are
separated by ``|``.  Every loader accepts an explicit path that overrides the packaged file.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from functools import lru_cache
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path

from kg.errors import ResourceError

_PACKAGE = "kg"


def _package_dir(name: str) -> Traversable:
    return resources.files(_PACKAGE) / name


def lexicon_path(name: str) -> Traversable:
    """The packaged lexicon file ``kg/lexicons/<name>``."""
    path = _package_dir("lexicons") / name
    if not path.is_file():
        raise ResourceError(f"packaged lexicon {name!r} is missing (looked in {path})")
    return path


def read_table(name: str, path: str | Path | None = None) -> list[dict[str, str]]:
    """Read a TSV lexicon into a list of rows (column name → cell, '' when empty).

    ``path`` overrides the packaged file ``kg/lexicons/<name>``.
    """
    source: Traversable | Path = Path(path) if path is not None else lexicon_path(name)
    try:
        text = source.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ResourceError(f"{source}: cannot read lexicon: {exc}") from exc
    lines = [ln for ln in text.splitlines() if ln.strip() and not ln.startswith("#")]
    if not lines:
        raise ResourceError(f"{source}: lexicon has no header line")
    reader = csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE)
    rows = []
    for lineno, row in enumerate(reader, start=2):
        if None in row or any(v is None for v in row.values()):
            raise ResourceError(
                f"{source}: row {lineno} has {len(row)} cells, expected {len(reader.fieldnames or [])}"
            )
        rows.append({k: v.strip() for k, v in row.items()})
    return rows


def split_multi(cell: str) -> list[str]:
    """Split a ``|``-separated cell, dropping empty parts."""
    return [part.strip() for part in cell.split("|") if part.strip()]


@lru_cache(maxsize=1)
def _ontology_dir() -> Traversable:
    packaged = _package_dir("ontology")
    if packaged.is_dir():
        return packaged
    # Running from a source checkout: the package sits next to the top-level ontology/.
    checkout = Path(__file__).resolve().parent.parent / "ontology"
    if checkout.is_dir():
        return checkout
    raise ResourceError("the ontology files are missing: neither kg/ontology nor ./ontology exists")


def ontology_files() -> dict[str, Traversable]:
    """The ontology's Turtle files by name (``newskg.ttl``, ``shapes.ttl``)."""
    root = _ontology_dir()
    return {p.name: p for p in root.iterdir() if p.name.endswith(".ttl")}


def ontology_file(name: str) -> Traversable:
    """One ontology file, e.g. ``ontology_file("shapes.ttl")``."""
    files = ontology_files()
    if name not in files:
        raise ResourceError(f"ontology file {name!r} is missing; have: {', '.join(sorted(files))}")
    return files[name]


def data_files(folder: str, suffix: str) -> Iterator[Traversable]:
    """Packaged files ``kg/<folder>/*<suffix>``, sorted by name."""
    root = _package_dir(folder)
    if not root.is_dir():
        return iter(())
    return iter(sorted((p for p in root.iterdir() if p.name.endswith(suffix)), key=lambda p: p.name))


def data_file(folder: str, name: str) -> Traversable:
    """One packaged file ``kg/<folder>/<name>``."""
    path = _package_dir(folder) / name
    if not path.is_file():
        raise ResourceError(f"packaged file {folder}/{name} is missing")
    return path


def installed_file(package: str, *parts: str, what: str) -> str:
    """The text of a file inside an installed package, found without importing the package
    (jieba's and pyvis's ``__init__`` each cost 0.1 s for nothing here).  ``what`` names the
    file in the error: ``"jieba's dictionary"``."""
    import importlib.util

    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        raise ResourceError(f"{what} is missing: pip install {package}")
    path = Path(next(iter(spec.submodule_search_locations))).joinpath(*parts)
    try:
        return path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ResourceError(f"{path}: cannot read {what}: {exc}") from exc
