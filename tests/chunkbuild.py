"""Hand-built chunk tuples for rule tests: no jieba, no model, no name lookups.

A clause is written as space-separated items ``kind:text``, with an optional ``/tag``
(grammar class, frame, title kind or coreference kind), ``@Type`` (ontology class) and
``#pos`` (a word's part of speech, as the segmenter gives it; ``n`` by default)::

    clause("org:甲部 enum:、 org:乙局 quant:等3部门 verb:印发/issue policy:《丙办法》")

Offsets are laid out one clause after another, so ``article.text[c.start:c.end] == c.text``
holds as it does for real chunks.  Nested chunks (a team with its body and leaders) are
built with :func:`nested` and passed to :func:`clause` through ``extra``.
"""

from __future__ import annotations

from dataclasses import replace

from kg.extraction.frames import Doc, Env, Words
from kg.extraction.registry import RULES
from kg.lexicon import default_lexicon
from kg.records import Article, Chunk, Clause, Fact, Kind, Sentence

_DEFAULT_TYPE = {
    Kind.ORG: "GovernmentAgency",
    Kind.UNIT: "GovernmentAgency",
    Kind.PERSON: "Person",
    Kind.PLACE: "Place",
    Kind.POLICY: "Policy",
    Kind.JOURNAL: "Journal",
    Kind.TITLE: "Title",
}


def item(spec: str, start: int = 0) -> Chunk:
    """One chunk from ``kind:text[/tag][@Type]``."""
    kind_name, _, rest = spec.partition(":")
    kind = Kind(kind_name)
    pos = ""
    if "#" in rest:
        rest, pos = rest.split("#", 1)
    elif kind is Kind.WORD:
        pos = "n"
    type_ = ""
    if "@" in rest:
        rest, type_ = rest.split("@", 1)
    text, _, tag = rest.partition("/")
    type_ = type_ or _DEFAULT_TYPE.get(kind, "")
    canonical = text.strip("《》") if kind in (Kind.ORG, Kind.POLICY, Kind.JOURNAL, Kind.PERSON, Kind.PLACE, Kind.TITLE) else ""
    if kind is Kind.ALIAS:
        canonical = tag or text
        tag = ""
    source = "book-title" if kind is Kind.BOOK else "hand"
    return Chunk(kind, start, start + len(text), text, type=type_, canonical=canonical, tag=tag, source=source, pos=pos)


def shifted(c: Chunk, by: int) -> Chunk:
    """The same chunk (and everything nested in it) ``by`` characters later."""
    return replace(
        c,
        start=c.start + by,
        end=c.end + by,
        parent=shifted(c.parent, by) if c.parent is not None else None,
        parts=tuple(shifted(p, by) for p in c.parts),
    )


def nested(kind: Kind, type_: str, *pieces: Chunk | str, parent_index: int | None = 0, canonical: str = "") -> Chunk:
    """A chunk made of pieces laid out from offset 0: chunks (from :func:`item`) and plain
    text; the piece at ``parent_index`` becomes its parent, the other chunks its parts."""
    pos = 0
    placed: list[Chunk] = []
    text = ""
    for p in pieces:
        if isinstance(p, str):
            text += p
            pos += len(p)
            continue
        c = shifted(p, pos - p.start)
        placed.append(c)
        text += c.text
        pos = c.end
    parent = placed[parent_index] if parent_index is not None else None
    parts = tuple(c for i, c in enumerate(placed) if i != parent_index)
    return Chunk(kind, 0, len(text), text, type=type_, canonical=canonical, parent=parent, parts=parts, source="hand")


def doc(*clauses: str | list[Chunk | str], paragraph: bool = False) -> Doc:
    """A document of hand-built clauses, one per line of the article (``paragraph``: all
    in one paragraph, one sentence after another)."""
    built: list[Clause] = []
    lines: list[str] = []
    pos = 0
    for n, spec in enumerate(clauses):
        pieces = spec.split(" ") if isinstance(spec, str) else spec
        chunks: list[Chunk] = []
        start = pos
        for p in pieces:
            if isinstance(p, str):
                if not p:
                    continue
                c = item(p, pos)
            else:
                c = shifted(p, pos - p.start)
            chunks.append(c)
            pos = c.end
        text = "".join(c.text for c in chunks)
        lines.append(text)
        built.append(Clause(Sentence(text, start, pos), tuple(chunks), 0 if paragraph else n))
        if not paragraph:
            pos += 1  # the line break
    article = Article(id="hand", text=("" if paragraph else "\n").join(lines))
    return Doc(article, tuple(built))


def env() -> Env:
    lexicon = default_lexicon()
    return Env(lexicon, Words.of(lexicon))


def run(d: Doc) -> list[Fact]:
    """Every fact the registered rules find in a hand-built document."""
    produced = RULES.run(d, env())
    return [x for items in produced.values() for x in items if isinstance(x, Fact)]


def pairs(d: Doc, predicate: str) -> set[tuple[str, str]]:
    """``(subject text, object text)`` of the facts of one predicate (the article is ``ART``)."""
    return {(f.subject.text if f.subject is not None else "ART", f.object.text if f.object is not None else "") for f in run(d) if f.predicate == predicate}


def posts(d: Doc) -> set[tuple[str, str | None, str]]:
    """``(person, body or None, title)`` of the posts found."""
    return {(f.subject.text, f.object.text if f.object is not None else None, f.title) for f in run(d) if f.predicate == "holds" and f.subject is not None}
