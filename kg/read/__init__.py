"""The read stage: files → :class:`~kg.records.Article` records.

Inputs are files, directories (searched recursively) or ``-`` for standard input, in two
formats, told apart by content:

* a page of plain text or Markdown, possibly holding several articles (OCR'd newspaper
  pages); see :mod:`kg.read.page`;
* JSON Lines, one article per line: ``title``, ``text`` (or ``body`` / ``content``) and
  optionally ``date``, ``source``, ``url``, ``id``.

Articles stream out one file (one JSONL line) at a time.  Problems that spoil a whole file
named by the caller raise an :class:`~kg.errors.InputError`; a bad JSONL record, or a bad
file found while walking a directory, goes to ``on_problem`` (default: a logged warning)
and is skipped.
"""

from __future__ import annotations

import json
import logging
import re
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path

from kg.errors import EmptyInput, InputError, InputNotFound, NoInputFiles, RecordError, UsageError
from kg.read.decode import decode
from kg.read.page import Meta, assemble, blocks_of
from kg.read.repair import Repairer
from kg.records import Article
from kg.segment import Segmenter, default_segmenter

__all__ = ["ReadOptions", "read", "read_text", "iter_inputs", "parse_date"]

log = logging.getLogger(__name__)

#: File name endings read when walking a directory.
TEXT_SUFFIXES = (".txt", ".text", ".md", ".markdown", ".jsonl", ".ndjson", ".json")
_TEXT_KEYS = ("text", "body", "content")
# Year, then month and day with one separator throughout (2025-01-22, 2025/1/22, 2025年1月22日):
# 2026-02/03 is "February or March", not the 3rd of February.
_DATE = re.compile(r"^\s*(\d{4})(?:\s*(?P<sep>[-/.]|年)\s*(\d{1,2})(?!\d)(?:\s*(?:(?P=sep)|(?<=\d)月)\s*(\d{1,2})(?!\d))?)?")


@dataclass(frozen=True)
class ReadOptions:
    """Metadata the caller knows about the input (``--date``, ``--year``, ``--source``)."""

    date: str | None = None  # the page's publication date, YYYY-MM-DD (or YYYY-MM, YYYY)
    year: int | None = None
    source: str | None = None


def parse_date(value: str) -> tuple[int | None, int | None, int | None]:
    """Lenient date parsing for metadata: ``2025-01-22``, ``2024-10 (approx.)``, ``2019/2020``.

    >>> parse_date("2025-01-22"), parse_date("2024年10月"), parse_date("2019/2020"), parse_date("soon")
    ((2025, 1, 22), (2024, 10, None), (2019, None, None), (None, None, None))
    """
    match = _DATE.match(value or "")
    if not match:
        return None, None, None
    year, month, day = (int(g) if g else None for g in (match.group(1), match.group(3), match.group(4)))
    if match.group("sep") == "年" and day is not None and "月" not in match.group(0):
        day = None
    if month is not None and not 1 <= month <= 12:
        month = day = None
    if day is not None and not 1 <= day <= 31:
        day = None
    return year, month, day


def _base_meta(options: ReadOptions, path: str) -> Meta:
    year, month, day = parse_date(options.date) if options.date else (None, None, None)
    if options.year is not None:
        year = options.year
    return Meta(year=year, month=month, day=day, source=options.source, path=path)


@dataclass(frozen=True)
class InputFile:
    path: Path | None  # None: standard input
    explicit: bool  # named by the caller (fatal if bad), or found in a directory (skipped if bad)

    @property
    def name(self) -> str:
        return "<stdin>" if self.path is None else str(self.path)


def iter_inputs(paths: Iterable[str | Path]) -> list[InputFile]:
    """Expand paths into input files; every path is checked before anything is read."""
    out: list[InputFile] = []
    for raw in paths:
        if str(raw) == "-":
            out.append(InputFile(None, True))
            continue
        path = Path(raw)
        if path.is_dir():
            found = sorted(
                p
                for p in path.rglob("*")
                if p.is_file() and p.suffix.lower() in TEXT_SUFFIXES and not any(part.startswith(".") for part in p.relative_to(path).parts)
            )
            if not found:
                raise NoInputFiles(path, f"directory holds no readable files (looked for {', '.join(TEXT_SUFFIXES)})")
            out.extend(InputFile(p, False) for p in found)
        elif path.is_file():
            out.append(InputFile(path, True))
        elif path.exists():
            raise InputError(path, "not a regular file")
        else:
            raise InputNotFound(path, "no such file or directory")
    if not out:
        raise UsageError("no input given")
    return out


def read(
    paths: Iterable[str | Path] | str | Path,
    options: ReadOptions | None = None,
    *,
    segmenter: Segmenter | None = None,
    on_problem: Callable[[InputError], None] | None = None,
    stdin: bytes | None = None,
) -> Iterator[Article]:
    """Read articles from files, directories or ``-`` (standard input), streaming.

    >>> arts = list(read_text("## 标题\\n\\n新华社北京3月5日电（记者王明）国务院今天开会。", options=ReadOptions(year=2024)))
    >>> arts[0].title, arts[0].date, [r.name for r in arts[0].reporters]
    ('标题', '2024-03-05', ['王明'])
    """
    if isinstance(paths, (str, Path)):
        paths = [paths]
    options = options or ReadOptions()
    report = on_problem or (lambda exc: log.warning("%s", exc))
    inputs = iter_inputs(paths)
    seg = segmenter or default_segmenter()
    for item in inputs:
        try:
            data = (stdin if stdin is not None else sys.stdin.buffer.read()) if item.path is None else _read_bytes(item)
            text, encoding = decode(data, item.name)
            log.debug("%s: decoded as %s", item.name, encoding)
            yield from _read_decoded(text, item.name, options, seg, report)
        except InputError as exc:
            if item.explicit:
                raise
            report(exc)


def read_text(
    text: str,
    name: str = "<text>",
    options: ReadOptions | None = None,
    *,
    segmenter: Segmenter | None = None,
    on_problem: Callable[[InputError], None] | None = None,
) -> Iterator[Article]:
    """Read articles from already-decoded text (a page or JSON Lines, told apart by content)."""
    report = on_problem or (lambda exc: log.warning("%s", exc))
    return _read_decoded(text, name, options or ReadOptions(), segmenter or default_segmenter(), report)


def _read_bytes(item: InputFile) -> bytes:
    assert item.path is not None
    try:
        return item.path.read_bytes()
    except OSError as exc:
        raise InputError(item.path, f"cannot read: {exc.strerror or exc}") from exc


def _looks_like_jsonl(text: str, name: str) -> bool:
    if name.lower().endswith((".jsonl", ".ndjson")):
        return True
    first = next((ln for ln in text.splitlines() if ln.strip()), "")
    if not first.lstrip().startswith("{"):
        return False
    try:
        return isinstance(json.loads(first), dict)
    except json.JSONDecodeError:
        return False


def _read_decoded(text: str, name: str, options: ReadOptions, seg: Segmenter, report: Callable[[InputError], None]) -> Iterator[Article]:
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    repairer = Repairer(seg)
    if not _looks_like_jsonl(text, name):
        meta = _base_meta(options, name)
        articles = assemble(blocks_of(text), meta, repairer)
        if not articles:
            raise EmptyInput(name, "no article text found")
        yield from articles
        return
    good = bad = 0
    for lineno, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            article = _record(line, lineno, name, options, repairer)
        except RecordError as exc:
            bad += 1
            report(exc)
            continue
        good += 1
        yield article
    if good == 0:
        if bad:
            raise RecordError(name, f"no usable record ({bad} bad line{'s' if bad > 1 else ''})")
        raise EmptyInput(name, "no records")


def _record(line: str, lineno: int, name: str, options: ReadOptions, repairer: Repairer) -> Article:
    try:
        obj = json.loads(line)
    except json.JSONDecodeError as exc:
        raise RecordError(name, f"not valid JSON: {exc.msg} (column {exc.colno})", line=lineno) from exc
    if not isinstance(obj, dict):
        raise RecordError(name, f"expected a JSON object, got {type(obj).__name__}", line=lineno)
    body = next((obj[k] for k in _TEXT_KEYS if isinstance(obj.get(k), str) and obj[k].strip()), None)
    if body is None:
        raise RecordError(name, f"record has no text (expected a non-empty {', '.join(_TEXT_KEYS)})", line=lineno)
    meta = _base_meta(options, name)
    if isinstance(obj.get("date"), str):
        year, month, day = parse_date(obj["date"])
        if year is not None:
            meta.year, meta.month, meta.day = year, month, day
    title = obj.get("title")
    meta.title = title.strip() if isinstance(title, str) and title.strip() else None
    meta.source = _str(obj.get("source")) or meta.source
    meta.url = _str(obj.get("url"))
    meta.source_id = _str(obj.get("id"))
    meta.line = lineno
    body = body.replace("\r\n", "\n").replace("\r", "\n")
    articles = assemble(blocks_of(body, title=meta.title), meta, repairer, split=False)
    if not articles:
        raise RecordError(name, "record has no text", line=lineno)
    article = articles[0]
    return replace(article, line=lineno)


def _str(value: object) -> str | None:
    if value is None:
        return None
    s = str(value).strip()
    return s or None
