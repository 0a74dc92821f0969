"""Split a page (plain text or Markdown) into articles and assemble each article's text.

Rules, in the order they apply:

* every non-blank line is a block: a Markdown heading, a continuation marker or a paragraph;
* ``#``/``##`` headings start an article; a short heading ending in ``：`` right before
  another heading is that article's kicker; ``###`` and deeper stay inside the article;
* ``（上接第一版）`` starts an article, ``（下转第二版）`` ends one; both are recorded, not kept;
* a paragraph opening with a dateline starts a new article when the current one already
  has a dateline;
* paragraphs cut mid-sentence are rejoined, and interleaved column fragments moved to the
  article they belong to (:mod:`kg.reader.repair`);
* a closing sign-off belongs to the article it ends.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from kg.lexicon import Lexicon, default_lexicon
from kg.reader.byline import Dateline, bylines_for, parse_marker
from kg.reader.repair import Join, Paragraph, Repairer
from kg.reader.sentences import split_sentences
from kg.records import Article, Repair, Reporter, Span

_HEADING = re.compile(r"^(#{1,6})\s*(.*?)\s*#*\s*$")
_KICKER_MAX = 20
_FRAGMENT_SHOWN = 12  # characters of each side shown in a repair record


@dataclass
class Block:
    index: int
    kind: str  # "heading" | "para" | "marker"
    text: str
    line: int
    level: int = 0
    dateline: Dateline | None = None
    marker: tuple[str, str] | None = None
    credit: Dateline | None = None  # the whole paragraph credits people
    credits: tuple[tuple[int, int, Dateline], ...] = ()  # credits inside a paragraph of text


@dataclass
class Meta:
    """What the input says about its articles beyond their text."""

    year: int | None = None
    month: int | None = None
    day: int | None = None
    source: str | None = None
    title: str | None = None
    url: str | None = None
    source_id: str | None = None
    path: str | None = None
    line: int | None = None


@dataclass
class _Draft:
    first_line: int
    kicker: str | None = None
    title: str | None = None
    subheads: set[int] = field(default_factory=set)
    parts: list[list[int]] = field(default_factory=list)  # paragraphs; each a chain of joined blocks
    dateline: Dateline | None = None
    dateline_block: int | None = None
    continued_from: str | None = None
    continued_to: str | None = None


def blocks_of(text: str, first_line: int = 1, title: str | None = None, lexicon: Lexicon | None = None) -> list[Block]:
    """Cut text into blocks, one per non-blank line.

    ``title``: a headline given separately (JSON Lines); when the text repeats it in front
    of the dateline, the dateline is still found.  ``lexicon``: whose outlets and credit
    roles the bylines are read with (the packaged one by default).
    """
    bylines = bylines_for(lexicon)
    blocks: list[Block] = []
    for offset, raw in enumerate(text.split("\n")):
        line = raw.strip().replace("\u3000", " ").strip()
        if not line:
            continue
        lineno = first_line + offset
        heading = _HEADING.match(line)
        if heading and heading.group(2):
            blocks.append(Block(len(blocks), "heading", heading.group(2), lineno, level=len(heading.group(1))))
            continue
        marker = parse_marker(line, lexicon)
        if marker:
            blocks.append(Block(len(blocks), "marker", line, lineno, marker=marker))
            continue
        start = _repeated_title_length(line, title) if title and not blocks else 0
        dateline = bylines.parse_dateline(line, start)
        credit = bylines.parse_credit(line) if dateline is None else None
        skip = dateline.offset + dateline.length if dateline is not None else 0
        inside = tuple((a + skip, b + skip, d) for a, b, d in bylines.find_credits(line[skip:])) if credit is None else ()
        blocks.append(Block(len(blocks), "para", line, lineno, dateline=dateline, credit=credit, credits=inside))
    return blocks


def _repeated_title_length(line: str, title: str) -> int:
    """Length of ``title`` repeated (spacing aside) at the start of ``line``, else 0."""
    want = "".join(title.split())
    i = j = 0
    while i < len(line) and j < len(want):
        if line[i].isspace():
            i += 1
        elif line[i] == want[j]:
            i += 1
            j += 1
        else:
            return 0
    while i < len(line) and line[i].isspace():
        i += 1
    return i if j == len(want) else 0


def starts_article(line: str) -> bool:
    """Whether a line starts an article: a ``#``/``##`` heading or ``（上接第一版）``."""
    line = line.strip()
    heading = _HEADING.match(line)
    if heading and heading.group(2):
        return len(heading.group(1)) <= 2
    marker = parse_marker(line)
    return bool(marker and marker[0] == "from")


def _is_article_heading(b: Block) -> bool:
    return b.kind == "heading" and b.level <= 2


def assemble(blocks: Sequence[Block], meta: Meta, repairer: Repairer, split: bool = True) -> list[Article]:
    """Turn a page's blocks into articles (``split=False``: the blocks are one article)."""
    regions: list[int] = []
    region = 0
    for b in blocks:
        if split and (_is_article_heading(b) or (b.marker and b.marker[0] == "from")):
            region += 1
        regions.append(region)
    paragraphs = []
    for b in blocks:
        if b.kind == "heading" and not _is_article_heading(b):
            continue
        if b.kind != "para":
            continue
        nxt = blocks[b.index + 1] if b.index + 1 < len(blocks) else None
        paragraphs.append(
            Paragraph(
                index=b.index,
                text=b.text,
                line=b.line,
                region=regions[b.index],
                next_index=nxt.index if nxt is not None and nxt.kind == "para" else None,
                boundary=b.dateline is not None or b.credit is not None,  # a credit line continues nothing
            )
        )
    joins = {j.left: j for j in repairer.decide(paragraphs)}
    targets = {j.right: j for j in joins.values()}

    drafts: list[_Draft] = []
    visited: set[int] = set()

    def walk(draft: _Draft, start: int) -> None:
        """Follow the text flow from ``start``: next paragraph, or the chosen continuation."""
        i: int | None = start
        chain: list[int] | None = None
        while i is not None and i < len(blocks) and i not in visited:
            b = blocks[i]
            via_join = chain is not None
            if not via_join:
                if _is_article_heading(b) and split:
                    return
                if b.marker:
                    if b.marker[0] == "to":
                        draft.continued_to = b.marker[1]
                        visited.add(i)
                    return
                if i in targets and i != start:
                    return  # printed here, but continues another paragraph
                if b.dateline is not None and split and draft.dateline is not None:
                    return
            visited.add(i)
            if b.kind == "heading":  # ### sub-heading inside the article
                draft.subheads.add(i)
                draft.parts.append([i])
                i += 1
                continue
            if b.dateline is not None and draft.dateline is None and chain is None:
                draft.dateline = b.dateline
                draft.dateline_block = i
            if chain is None:
                chain = [i]
                draft.parts.append(chain)
            else:
                chain.append(i)
            join = joins.get(i)
            if join is not None:
                i = join.right
                continue
            chain = None
            i += 1

    for b in blocks:
        if b.index in visited:
            continue
        if b.index in targets:
            continue  # reached through its fragment
        if not split:
            if not drafts:
                drafts.append(_Draft(first_line=meta.line or b.line))
            walk(drafts[0], b.index)
            continue
        if _is_article_heading(b):
            draft = _Draft(first_line=b.line)
            j = b.index
            headings = []
            while j < len(blocks) and _is_article_heading(blocks[j]):
                headings.append(blocks[j].text)
                visited.add(j)
                j += 1
            if len(headings) >= 2 and _is_kicker(headings[0]):
                draft.kicker = headings[0]
                draft.title = "".join(headings[1:])
            else:
                draft.title = headings[-1] if len(headings) == 1 else "".join(headings)
            drafts.append(draft)
            walk(draft, j)
        elif b.marker and b.marker[0] == "from":
            draft = _Draft(first_line=b.line, continued_from=b.marker[1])
            visited.add(b.index)
            drafts.append(draft)
            walk(draft, b.index + 1)
        elif b.marker:
            visited.add(b.index)
            if drafts:
                drafts[-1].continued_to = b.marker[1]
        else:
            draft = _Draft(first_line=b.line)
            drafts.append(draft)
            walk(draft, b.index)

    # Anything no walk reached (a continuation whose fragment stopped early) stays with
    # the article it was printed in rather than being lost.
    for b in blocks:
        if b.index not in visited and b.kind == "para" and drafts:
            owner = max((d for d in drafts if d.first_line <= b.line), key=lambda d: d.first_line, default=drafts[0])
            owner.parts.append([b.index])
            visited.add(b.index)

    own_outlets = (repairer.lexicon or default_lexicon()).words("own-outlet")
    articles = []
    for draft in drafts:
        if not draft.parts and not draft.title:
            continue
        articles.append(_build(draft, blocks, joins, meta, own_outlets))
    return articles


def _is_kicker(heading: str) -> bool:
    return heading.endswith(("：", ":")) and len(heading) <= _KICKER_MAX


def _build(draft: _Draft, blocks: Sequence[Block], joins: dict[int, Join], meta: Meta, own_outlets: frozenset[str] = frozenset()) -> Article:
    lines: list[str] = []
    start = 0  # where the next line starts in the article text (a running sum: linear)

    def add(line: str) -> None:
        nonlocal start
        lines.append(line)
        start += len(line) + 1

    title_span = None
    if draft.kicker:
        add(draft.kicker)
    title = draft.title or meta.title
    if title:
        title_span = Span(start, start + len(title))
        add(title)
    repairs: list[Repair] = []
    dateline_span = None
    credits: list[tuple[Span, Dateline]] = []
    for part in draft.parts:
        if draft.dateline is not None and part[0] == draft.dateline_block:
            begin = start + draft.dateline.offset
            dateline_span = Span(begin, begin + draft.dateline.length)
        if len(part) == 1 and blocks[part[0]].credit is not None:
            credits.append((Span(start, start + len(blocks[part[0]].text)), blocks[part[0]].credit))
        offset = start
        for i in part:
            for s, e, credit in blocks[i].credits:
                credits.append((Span(offset + s, offset + e), credit))
            offset += len(blocks[i].text)
        add("".join(blocks[i].text for i in part))
        for left, right in zip(part, part[1:]):
            join = joins[left]
            repairs.append(
                Repair(
                    kind="join" if join.adjacent else "move",
                    left=blocks[left].text[-_FRAGMENT_SHOWN:],
                    right=blocks[right].text[:_FRAGMENT_SHOWN],
                    reason=join.reason,
                    score=round(join.score, 3),
                    left_line=blocks[left].line,
                    right_line=blocks[right].line,
                )
            )
    text = "\n".join(lines)

    sources = [d for d in (draft.dateline, *(c for _, c in credits)) if d is not None]
    reporters: list[Reporter] = []
    for d in sources:
        reporters.extend(r for r in d.reporters if r.name not in {x.name for x in reporters})
    # 本报, 本台: the paper names itself; the outlet comes from elsewhere (--source, the JSONL record)
    outlet = _first(d.outlet for d in sources if d.outlet is not None and d.outlet not in own_outlets)
    place = _first(d.place for d in sources)
    month = _first(d.month for d in sources)
    day = _first(d.day for d in sources if d.month is not None)
    date = _date(month, day, meta)

    sentences = tuple(split_sentences(text))
    digest = hashlib.blake2b(text.encode("utf-8"), digest_size=8).hexdigest()
    return Article(
        id=digest,
        text=text,
        title=title,
        kicker=draft.kicker,
        source=outlet or meta.source,
        place=place,
        date=date,
        reporters=tuple(reporters),
        sentences=sentences,
        repairs=tuple(repairs),
        title_span=title_span,
        dateline_span=dateline_span,
        credit_spans=tuple(span for span, _ in credits),
        continued_from=draft.continued_from,
        continued_to=draft.continued_to,
        path=meta.path,
        line=meta.line or draft.first_line,
        url=meta.url,
        source_id=meta.source_id,
    )


def _first(values):  # type: ignore[no-untyped-def]
    for v in values:
        if v is not None:
            return v
    return None


def _date(month: int | None, day: int | None, meta: Meta) -> str | None:
    """The article's date: the dateline's month-day with the year from the input's metadata.

    A dateline in December on a page dated January belongs to the year before.  When the
    year is unknown the month-day stays alone (``--01-21``, xsd:gMonthDay); nothing is invented.
    """
    if month is None or day is None:
        if meta.year and meta.month and meta.day:
            return f"{meta.year:04d}-{meta.month:02d}-{meta.day:02d}"
        return None
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return None
    if meta.year is None:
        return f"--{month:02d}-{day:02d}"
    year = meta.year
    if meta.month is not None and month > meta.month + 6:
        year -= 1
    return f"{year:04d}-{month:02d}-{day:02d}"
