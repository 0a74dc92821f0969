"""The read stage: files → :class:`~kg.records.Article` records.

Inputs are files, directories (searched recursively) or ``-`` for standard input, in two
formats, told apart by content:

* a page of plain text or Markdown, possibly holding several articles (OCR'd newspaper
  pages); see :mod:`kg.reader.page`;
* JSON Lines, one article per line: ``title``, ``text`` (or ``body`` / ``content``) and
  optionally ``date``, ``source``, ``url``, ``id``.

Articles stream out one file (one JSONL line) at a time.  Problems that spoil a whole file
named by the caller raise an :class:`~kg.errors.InputError`; a bad JSONL record, or a bad
file found while walking a directory, goes to ``on_problem`` (default: a logged warning)
and is skipped.
"""

from __future__ import annotations

import io
import json
import logging
import re
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path

from kg.errors import DecodeError, EmptyInput, InputError, InputNotFound, NoInputFiles, RecordError, UsageError
from kg.lexicon import Lexicon
from kg.reader.decode import decode
from kg.reader.page import Meta, assemble, blocks_of, starts_article
from kg.reader.repair import Repairer, ends_mid_sentence
from kg.reader.sentences import cut_points
from kg.records import Article
from kg.segment import Segmenter, default_segmenter

__all__ = ["ReadOptions", "Record", "read", "read_text", "records", "articles_of", "iter_inputs", "parse_date"]

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
    path: Path | None  # None: standard input (or text given to read_text)
    explicit: bool  # named by the caller (fatal if bad), or found in a directory (skipped if bad)
    label: str = "<stdin>"  # the name of an input that is not a file

    @property
    def name(self) -> str:
        return self.label if self.path is None else str(self.path)

    @property
    def size(self) -> int:
        """Bytes in the file (0 when unknown: standard input, or a file that went away)."""
        try:
            return self.path.stat().st_size if self.path is not None else 0
        except OSError:
            return 0


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


@dataclass(frozen=True)
class Record:
    """One unit of input: a whole page of text, or one JSON Lines record (one article)."""

    name: str  # the input file ("<stdin>" for standard input)
    kind: str  # "page" or "jsonl"
    text: str
    line: int = 0  # 1-based line of a JSON Lines record
    explicit: bool = True  # named by the caller, or found while walking a directory
    first_line: int = 1  # 1-based line of the file where a page record's text starts
    position: int = 0  # bytes of the whole input read once this record is done (for progress)


_BAD_UTF8 = "\x00bad-utf8:"
#: How much of a file is looked at to tell JSON Lines from a page and to detect its encoding.
_SNIFF = 1 << 20
#: Characters of text one record holds at most (about): a longer page is read in pieces,
#: cut before an article heading where it can be, and a longer JSON Lines text is cut into
#: parts, each an article with the record's metadata.  Newspaper pages and news articles
#: are far shorter (the seed page: 7 articles in 9,000 characters); the bound keeps the
#: memory and time of one record bounded and lets a big file show progress.
PIECE_CHARS = 100_000
# Where a text too long for one record is cut, best first.
_PIECE_BREAKS = ("\n", "。！？!?", "；;，,、：:", " \t\u3000")


def records(
    paths: Iterable[str | Path] | str | Path,
    *,
    stdin: bytes | None = None,
    on_problem: Callable[[InputError], None] | None = None,
) -> Iterator[Record]:
    """Stream the input as records, file by file; JSON Lines files are read line by line.

    A problem with a file named by the caller raises; one with a file found in a directory
    goes to ``on_problem`` and the file is skipped.
    """
    if isinstance(paths, (str, Path)):
        paths = [paths]
    report = on_problem or (lambda exc: log.warning("%s", exc))
    base = 0
    for item in iter_inputs(paths):
        try:
            yield from _records_of(item, stdin, base)
        except InputError as exc:
            if item.explicit:
                raise
            report(exc)
        base += item.size


def _records_of(item: InputFile, stdin: bytes | None, base: int) -> Iterator[Record]:
    if item.path is None:
        data = stdin if stdin is not None else sys.stdin.buffer.read()
        yield from _records_of_bytes(data, item, base)
        return
    try:
        with item.path.open("rb") as fh:
            head = fh.read(_SNIFF)
            if len(head) < _SNIFF:
                yield from _records_of_bytes(head, item, base)
                return
            # A big file is streamed: detect the encoding (and JSON Lines) on its head, cut
            # after the last whole line, or after the last whole UTF-8 character when the
            # first line is longer than the head.
            text, encoding = decode(head[: _head_cut(head)], item.name)
            fh.seek(0)
            if encoding in ("utf-8", "utf-8-sig", "ascii") and _looks_like_jsonl(text, item.name):
                yield from _stream_jsonl(fh, item, base)
            else:
                yield from _stream_page(fh, item, encoding, base)
    except OSError as exc:
        raise InputError(item.path, f"cannot read: {exc.strerror or exc}") from exc


def _head_cut(head: bytes) -> int:
    """Where to cut the head of a big file for sniffing: after its last line break, else
    before a UTF-8 character that the head cuts in two (continuation bytes are 10xxxxxx)."""
    newline = head.rfind(b"\n")
    if newline >= 0:
        return newline + 1
    cut = len(head)
    while cut > len(head) - 4 and cut > 0 and head[cut - 1] & 0xC0 == 0x80:
        cut -= 1
    if cut > 0 and head[cut - 1] >= 0xC0:  # the lead byte of the character cut in two
        cut -= 1
    return cut


def _records_of_bytes(data: bytes, item: InputFile, base: int) -> Iterator[Record]:
    text, encoding = decode(data, item.name)
    log.debug("%s: decoded as %s", item.name, encoding)
    yield from _records_of_decoded(text, item, base, len(data))


def _records_of_decoded(text: str, item: InputFile, base: int = 0, size: int = 0) -> Iterator[Record]:
    """Records of a whole decoded file (``size`` bytes, for progress)."""
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    total = max(len(text), 1)
    done = 0
    if not _looks_like_jsonl(text, item.name):
        if not text.strip():
            raise EmptyInput(item.name, "file is empty")
        for first, piece in _page_pieces(text.split("\n")):
            done += len(piece) + 1
            yield Record(item.name, "page", piece, 0, item.explicit, first_line=first, position=base + size * min(done, total) // total)
        return
    for lineno, line in enumerate(text.split("\n"), start=1):
        done += len(line) + 1
        if line.strip():
            yield from _jsonl_records(Record(item.name, "jsonl", line, lineno, item.explicit, position=base + size * min(done, total) // total))


def _stream_jsonl(fh, item: InputFile, base: int) -> Iterator[Record]:  # type: ignore[no-untyped-def]
    done = 0
    for lineno, raw in enumerate(fh, start=1):
        done += len(raw)
        if lineno == 1:
            raw = raw.removeprefix(b"\xef\xbb\xbf")
        try:
            line = raw.decode("utf-8").rstrip("\r\n")
        except UnicodeDecodeError as exc:
            line = _BAD_UTF8 + exc.reason  # reported for this line only, by _record
        if line.strip():
            yield from _jsonl_records(Record(item.name, "jsonl", line, lineno, item.explicit, position=base + done))


def _stream_page(fh, item: InputFile, encoding: str, base: int) -> Iterator[Record]:  # type: ignore[no-untyped-def]
    """A big page file, decoded as it is read and handed out in pieces (see :data:`PIECE_CHARS`)."""
    reader = io.TextIOWrapper(fh, encoding=encoding, errors="strict", newline=None)
    at = [0]

    def lines() -> Iterator[str]:
        try:
            for at[0], line in enumerate(reader, start=1):
                yield line.rstrip("\n").lstrip("\ufeff") if at[0] == 1 else line.rstrip("\n")
        except UnicodeDecodeError as exc:
            raise DecodeError(item.name, f"not {encoding} after line {at[0]}: {exc.reason}", line=at[0] + 1) from exc

    for first, piece in _page_pieces(lines()):
        yield Record(item.name, "page", piece, 0, item.explicit, first_line=first, position=base + fh.tell())


def _page_pieces(lines: Iterable[str]) -> Iterator[tuple[int, str]]:
    """Cut a page, given as its lines, into pieces of about :data:`PIECE_CHARS` characters:
    ``(first line, text)``.

    Once a piece is that long it ends before the next line that starts an article (a
    ``#``/``##`` heading, ``（上接…）``); at twice that, before the next paragraph after a
    closed sentence (nothing for the OCR repair to join across the cut); at three times,
    before any line.  A line longer than a piece is cut on its own, after a sentence or
    clause where it can be.  A page shorter than a piece is one piece, as it always was.
    """
    buf: list[str] = []
    size = 0
    first = 1
    closed = True  # the last non-blank line of the piece ends a sentence
    for lineno, line in enumerate(lines, start=1):
        if len(line) > PIECE_CHARS:
            if buf:
                yield first, "\n".join(buf)
                buf, size = [], 0
            s = 0
            for cut in cut_points(line, 0, len(line), PIECE_CHARS, _PIECE_BREAKS):
                yield lineno, line[s:cut]
                s = cut
            yield lineno, line[s:]
            closed = True
            continue
        if buf and size >= PIECE_CHARS and (starts_article(line) or (size >= 2 * PIECE_CHARS and closed) or size >= 3 * PIECE_CHARS):
            yield first, "\n".join(buf)
            buf, size = [], 0
        if not buf:
            first = lineno
        buf.append(line)
        size += len(line) + 1
        if line.strip():
            closed = not ends_mid_sentence(line)
    if buf:
        yield first, "\n".join(buf)


def _jsonl_records(record: Record) -> Iterator[Record]:
    """A JSON Lines record, or the parts of one whose text is longer than :data:`PIECE_CHARS`
    (each part a record of its own, with the same metadata and line)."""
    if len(record.text) <= PIECE_CHARS:
        yield record
        return
    try:
        obj = json.loads(record.text)
    except (ValueError, RecursionError):
        obj = None  # reported by _record, in the worker
    key = next((k for k in _TEXT_KEYS if isinstance(obj, dict) and isinstance(obj.get(k), str) and obj[k].strip()), None)
    if key is None or len(obj[key]) <= PIECE_CHARS:  # type: ignore[index]
        yield record
        return
    body: str = obj[key]  # type: ignore[index]
    s = 0
    for cut in [*cut_points(body, 0, len(body), PIECE_CHARS, _PIECE_BREAKS), len(body)]:
        yield replace(record, text=json.dumps({**obj, key: body[s:cut]}, ensure_ascii=False))  # type: ignore[dict-item]
        s = cut


def articles_of(record: Record, options: ReadOptions | None = None, repairer: Repairer | None = None) -> list[Article]:
    """The articles of one record; raises :class:`RecordError`/:class:`EmptyInput` if there are none."""
    options = options or ReadOptions()
    repairer = repairer or Repairer(default_segmenter())
    if record.kind == "page":
        articles = assemble(blocks_of(record.text, first_line=record.first_line, lexicon=repairer.lexicon), _base_meta(options, record.name), repairer)
        if not articles and record.first_line == 1:  # a later piece of a big page may hold only headings
            raise EmptyInput(record.name, "no article text found")
        return articles
    return [_record(record.text, record.line, record.name, options, repairer)]


class FileTally:
    """Counts good and bad JSON Lines records per file: a file whose every record is bad
    is an error of the file, not of a record."""

    def __init__(self) -> None:
        self.good: dict[str, int] = {}
        self.bad: dict[str, int] = {}
        self.explicit: dict[str, bool] = {}

    def count(self, record: Record, ok: bool) -> None:
        table = self.good if ok else self.bad
        table[record.name] = table.get(record.name, 0) + 1
        self.explicit[record.name] = record.explicit

    def check(self, report: Callable[[InputError], None]) -> None:
        for name, bad in self.bad.items():
            if not self.good.get(name):
                exc = RecordError(name, f"no usable record ({bad} bad line{'s' if bad > 1 else ''})")
                if self.explicit.get(name, True):
                    raise exc
                report(exc)


def read(
    paths: Iterable[str | Path] | str | Path,
    options: ReadOptions | None = None,
    *,
    segmenter: Segmenter | None = None,
    on_problem: Callable[[InputError], None] | None = None,
    stdin: bytes | None = None,
    lexicon: Lexicon | None = None,
) -> Iterator[Article]:
    """Read articles from files, directories or ``-`` (standard input), streaming.

    >>> arts = list(read_text("## 标题\\n\\n新华社北京3月5日电（记者王明）国务院今天开会。", options=ReadOptions(year=2024)))
    >>> arts[0].title, arts[0].date, [r.name for r in arts[0].reporters]
    ('标题', '2024-03-05', ['王明'])
    """
    report = _Problems(on_problem)
    names = [paths] if isinstance(paths, (str, Path)) else list(paths)
    return _articles(records(names, stdin=stdin, on_problem=report), options, segmenter, report, ", ".join(map(str, names)), lexicon)


def read_text(
    text: str,
    name: str = "<text>",
    options: ReadOptions | None = None,
    *,
    segmenter: Segmenter | None = None,
    on_problem: Callable[[InputError], None] | None = None,
    lexicon: Lexicon | None = None,
) -> Iterator[Article]:
    """Read articles from already-decoded text (a page or JSON Lines, told apart by content)."""
    return _articles(_records_of_text(text, name), options, segmenter, _Problems(on_problem), name, lexicon)


def _articles(
    recs: Iterable[Record], options: ReadOptions | None, segmenter: Segmenter | None, report: _Problems, names: str, lexicon: Lexicon | None = None
) -> Iterator[Article]:
    """Articles of a stream of records: a bad record is reported and skipped, a bad file
    named by the caller raises, and so does input that holds no article at all."""
    options = options or ReadOptions()
    repairer = Repairer(segmenter or default_segmenter(), lexicon)
    tally = FileTally()
    found = 0
    for record in recs:
        try:
            articles = articles_of(record, options, repairer)
        except RecordError as exc:
            tally.count(record, False)
            report(exc)
            continue
        except InputError as exc:
            if record.explicit:
                raise
            report(exc)
            continue
        tally.count(record, True)
        found += len(articles)
        yield from articles
    tally.check(report)
    if not found:
        raise no_articles(names, report.count)


class _Problems:
    """Passes problems on to the caller's ``on_problem`` and counts them."""

    def __init__(self, report: Callable[[InputError], None] | None) -> None:
        self.report = report or (lambda exc: log.warning("%s", exc))
        self.count = 0

    def __call__(self, exc: InputError) -> None:
        self.count += 1
        self.report(exc)


def no_articles(names: str, skipped: int) -> NoInputFiles:
    """The error for input in which nothing was readable (every file empty, binary …)."""
    return NoInputFiles(names, "no readable articles" + (f" ({skipped} skipped)" if skipped else ""))


def _records_of_text(text: str, name: str) -> Iterator[Record]:
    return _records_of_decoded(text, InputFile(None, True, name))


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
    except RecursionError:
        return True  # an object nested too deep to parse: JSON all the same (and a bad record)


def _record(line: str, lineno: int, name: str, options: ReadOptions, repairer: Repairer) -> Article:
    if line.startswith(_BAD_UTF8):
        raise RecordError(name, f"not UTF-8: {line[len(_BAD_UTF8):]}", line=lineno)
    obj = _json_object(line, lineno, name)
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
    articles = assemble(blocks_of(body, title=meta.title, lexicon=repairer.lexicon), meta, repairer, split=False)
    if not articles:
        raise RecordError(name, "record has no text", line=lineno)
    article = articles[0]
    return replace(article, line=lineno)


def _json_object(line: str, lineno: int, name: str) -> dict[str, object]:
    """One JSON Lines record as a dict whose strings are all valid Unicode, or a RecordError."""
    try:
        obj = json.loads(line)
    except json.JSONDecodeError as exc:
        raise RecordError(name, f"not valid JSON: {exc.msg} (column {exc.colno})", line=lineno) from exc
    except RecursionError as exc:
        # json recurses once per nesting level; thousands of [[[[ exhaust the stack.
        raise RecordError(name, "not valid JSON: nested too deeply", line=lineno) from exc
    if not isinstance(obj, dict):
        raise RecordError(name, f"expected a JSON object, got {type(obj).__name__}", line=lineno)
    for key, value in obj.items():
        # JSON's \uXXXX escapes can spell half of a surrogate pair ("\ud800"), which is no
        # character: such a string cannot be written as UTF-8 (nor hashed, stored or shown).
        if isinstance(value, str):
            try:
                value.encode("utf-8")
            except UnicodeEncodeError as exc:
                bad = f"\\u{ord(value[exc.start]):04x}"
                raise RecordError(name, f"field {key!r} holds a lone surrogate ({bad} at character {exc.start}), not valid Unicode", line=lineno) from exc
    return obj


def _str(value: object) -> str | None:
    if value is None:
        return None
    s = str(value).strip()
    return s or None
