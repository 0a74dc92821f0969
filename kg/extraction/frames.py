"""Relation frames over chunk tuples: slots, adjuncts and the words between them.

A relation is written as a *frame*: a trigger verb, typed slots around it, and adjuncts
that may stand between them.  The functions here read one slot or skip adjuncts; the rules
in :mod:`kg.extraction.rules` put them together, once per frame, so that the active,
passive and apposition orders of a relation are variants of one frame:

* :func:`agents_before` — a coordinated list of organizations ending at a chunk:
  ``A、B和C``, ``A会同B、C``, ``A联合B``, closed by ``等N部门`` or ``等``;
* :func:`documents_after` / :func:`documents_before` — one or more documents:
  ``《A》《B》以及《C》``, ``《A》和《B》``;
* :func:`skip_adjuncts_left` / :func:`skip_adjuncts_right` — what may stand between a slot
  and its verb, recognised by what it is: a date or time word (1月20日, 近日), an adverb of
  manner (正式, 联合, 对外, 已), a place or meeting phrase (在北京, 在发布会上), an alias
  aside (（以下简称…）), the approval phrase 经国务院同意.

Every function is pure: it reads a tuple of frozen chunks and returns indices or chunks.

>>> from kg.records import Chunk, Kind
>>> c = lambda kind, text, tag="": Chunk(kind, 0, len(text), text, tag=tag)
>>> words = Words.of(__import__("kg.lexicon").lexicon.default_lexicon())
>>> chunks = (c(Kind.ORG, "甲部"), c(Kind.ENUM, "、"), c(Kind.ORG, "乙局"), c(Kind.QUANT, "等3部门"),
...           c(Kind.WORD, "近日", "adverb"), c(Kind.VERB, "印发", "issue"))
>>> [a.text for a in agents_before(chunks, skip_adjuncts_left(chunks, 5, words), words)[0]]
['甲部', '乙局']
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from kg.lexicon import Lexicon
from kg.records import Article, Chunk, Clause, Fact, Kind

_ORG_KINDS = (Kind.ORG, Kind.COREF)
_MAX_PHRASE = 10  # chunks a 在… or 经… phrase may span


@dataclass(frozen=True)
class Words:
    """The word classes the frames need, read once from the lexicon's ``grammar.tsv``."""

    conj: frozenset[str]
    joint: frozenset[str]
    verb_join: frozenset[str]
    adverb: frozenset[str]
    time: frozenset[str]
    aux: frozenset[str]
    passive: frozenset[str]
    future: frozenset[str]
    modal: frozenset[str]
    former: frozenset[str]
    speech: frozenset[str]
    source_prep: frozenset[str]
    phrase_end: tuple[str, ...]  # 在…上, 在…期间
    approval: frozenset[str]  # 经…同意
    approval_prep: frozenset[str]
    loc_prep: frozenset[str]  # 在, 于
    doc_join: frozenset[str]
    title_join: frozenset[str]
    media_titles: frozenset[str] = frozenset()  # 记者, 编辑 …: a credit, not a post
    status_titles: frozenset[str] = frozenset()  # 博士生, 科学家 …: a description, not a post
    head_titles: frozenset[str] = frozenset()  # 部长, 局长 …: the one who leads the body

    @classmethod
    def of(cls, lexicon: Lexicon) -> Words:
        w = lexicon.words
        titles = lexicon.titles.items()
        deputy = tuple(w("deputy"))
        return cls(
            media_titles=frozenset(t for t, kind in titles if kind == "media"),
            status_titles=frozenset(t for t, kind in titles if kind == "status"),
            head_titles=frozenset(t for t, kind in titles if kind == "leader" and not t.startswith(deputy)) | lexicon.head_set("head-title"),
            conj=w("conj"), joint=w("joint"), verb_join=w("verb-join"), adverb=w("adverb"), time=w("time"),
            aux=w("aux"), passive=w("passive"), future=w("future"), modal=w("modal"), former=w("former"),
            speech=w("speech"), source_prep=w("source-prep"), phrase_end=tuple(w("phrase-end")), approval=w("approval"),
            approval_prep=w("approval-prep"), loc_prep=w("loc-prep"), doc_join=w("doc-join"), title_join=w("title-join"),
        )


@dataclass(frozen=True)
class Doc:
    """What every rule reads: the article and its sentences as chunk tuples."""

    article: Article
    clauses: tuple[Clause, ...]
    kicker: Chunk | None = None  # the body a kicker line names (工业和信息化部：)


@dataclass(frozen=True)
class Env:
    """What a rule may use besides the document: the lexicon, its word classes, and the
    facts of the rules it declared it requires (and only those)."""

    lexicon: Lexicon
    words: Words
    given: Mapping[str, tuple[Fact, ...]] = field(default_factory=lambda: MappingProxyType({}))


# --- adjuncts ---------------------------------------------------------------------------------

def is_adjunct(c: Chunk, words: Words) -> bool:
    """A chunk that may stand between a slot and its verb on its own."""
    if c.kind in (Kind.DATE, Kind.ALIAS):
        return True
    if c.kind is Kind.PUNCT and c.tag == "space":
        return True
    return c.kind is Kind.WORD and (c.text in words.adverb or c.text in words.time)


def skip_adjuncts_left(chunks: tuple[Chunk, ...], i: int, words: Words) -> int:
    """The index of the first chunk left of ``chunks[i]`` that is not an adjunct (-1 if none)."""
    k = i - 1
    while k >= 0:
        c = chunks[k]
        if is_adjunct(c, words):
            k -= 1
            continue
        if c.kind is Kind.WORD and c.text[-1:] in words.loc_prep and (len(c.text) == 1 or c.text[:-1] in words.adverb) and k + 1 < len(chunks) and chunks[k + 1].kind is Kind.DATE:
            k -= 1  # 于6月14日, 已于3月5日
            continue
        phrase = _phrase_start_left(chunks, k, words)
        if phrase is not None:
            k = phrase - 1
            continue
        break
    return k


def _phrase_start_left(chunks: tuple[Chunk, ...], k: int, words: Words) -> int | None:
    """Where a 在…上 / 在PLACE / 经…同意 phrase ending at ``chunks[k]`` starts."""
    c = chunks[k]
    if c.kind is Kind.PLACE and k > 0 and chunks[k - 1].text in words.loc_prep:
        return k - 1
    if c.kind is Kind.WORD and (c.text.endswith(words.phrase_end) or c.text in words.approval):
        opener = words.approval_prep if c.text in words.approval else words.loc_prep
        for j in range(k - 1, max(-1, k - _MAX_PHRASE), -1):
            x = chunks[j]
            if x.kind in (Kind.COMMA, Kind.VERB) or (x.kind is Kind.PUNCT and x.text in "。；;！？"):
                return None
            if x.kind is Kind.WORD and x.text in opener:
                return j
    return None


def skip_adjuncts_right(chunks: tuple[Chunk, ...], i: int, words: Words, *, aux: bool = True) -> int:
    """The index of the first chunk right of ``chunks[i]`` that is not an adjunct (len if none).

    ``aux``: aspect particles (了, 出) count too — right after a verb they do.
    """
    k = i + 1
    while k < len(chunks):
        c = chunks[k]
        if is_adjunct(c, words) or (aux and c.kind is Kind.WORD and c.text in words.aux):
            k += 1
            continue
        break
    return k


# --- organizations -----------------------------------------------------------------------------

def is_org(c: Chunk) -> bool:
    return c.kind in _ORG_KINDS or c.kind is Kind.UNIT


def agents_before(chunks: tuple[Chunk, ...], j: int, words: Words) -> tuple[tuple[Chunk, ...], int]:
    """The coordinated organizations ending at ``chunks[j]``, and the index where the list starts.

    ``A、B和C``, ``A会同B、C``, ``A联合B``, ``A与B``, ``A B`` (document headers), with an
    optional closing ``等N部门`` / ``等``.  Returns ``((), j + 1)`` when there is none.
    """
    if j < 0:
        return (), j + 1
    k = j
    if chunks[k].kind is Kind.QUANT or (chunks[k].kind is Kind.WORD and chunks[k].text == "等"):
        k -= 1
    items: list[Chunk] = []
    while k >= 0 and is_org(chunks[k]):
        items.insert(0, chunks[k])
        k -= 1
        if k >= 1 and _joins(chunks[k], words) and is_org(chunks[k - 1]):
            k -= 1
            continue
        if k >= 2 and chunks[k].kind is Kind.ENUM and chunks[k - 1].kind is Kind.WORD and chunks[k - 1].text in words.conj and is_org(chunks[k - 2]):
            k -= 2
            continue
        # A list item the chunker did not know, between two others (A、交通运输、B等七部门:
        # a name cut short in the source): skipped, the list goes on.
        n = _unknown_item(chunks, k)
        if n and chunks[k].kind is Kind.ENUM and k - n - 2 >= 0 and chunks[k - n - 1].kind is Kind.ENUM and is_org(chunks[k - n - 2]):
            k -= n + 2
            continue
        break
    if not items:
        return (), j + 1
    return tuple(items), k + 1


def _unknown_item(chunks: tuple[Chunk, ...], k: int) -> int:
    """How many plain words (1–3, no verbs) stand between ``chunks[k]`` (a 、) and the 、 before."""
    n = 0
    while n < 3 and k - 1 - n >= 0 and chunks[k - 1 - n].kind is Kind.WORD and chunks[k - 1 - n].pos[:1] not in ("p", "c", "u", "d", "r", "m") and not chunks[k - 1 - n].tag:
        n += 1
    return n


def _joins(c: Chunk, words: Words) -> bool:
    """A word or mark that joins two agents of one act."""
    if c.kind is Kind.ENUM:
        return True
    if c.kind is Kind.PUNCT and c.tag == "space":
        return True
    return c.kind is Kind.WORD and (c.text in words.conj or c.text in words.joint)


# --- documents ------------------------------------------------------------------------------

def is_document(c: Chunk, first: bool) -> bool:
    """A document slot filler: a document title, or (after a first document in a list) any
    other 《》 title, which a list of documents makes one too (《A办法》和《B》)."""
    return c.kind is Kind.POLICY or (not first and c.kind is Kind.BOOK and c.source == "book-title")


def documents_after(chunks: tuple[Chunk, ...], j: int, words: Words) -> tuple[tuple[Chunk, ...], int]:
    """The documents listed from ``chunks[j]`` on: ``《A》《B》``, ``《A》、《B》和《C》``,
    ``《A》，以及《B》``; and the index after the list."""
    items: list[Chunk] = []
    k = j
    while k < len(chunks) and is_document(chunks[k], not items):
        items.append(chunks[k])
        k += 1
        if k < len(chunks) and is_document(chunks[k], False):
            continue
        # a separator, or a comma and 以及/和
        n = 0
        while k + n < len(chunks) and n < 3 and _separates_documents(chunks[k + n], words):
            n += 1
        if n and k + n < len(chunks) and is_document(chunks[k + n], False):
            k += n
            continue
        break
    return tuple(as_policy(c) for c in items), k


def documents_before(chunks: tuple[Chunk, ...], j: int, words: Words) -> tuple[Chunk, ...]:
    """The documents listed up to ``chunks[j]`` (the passive order: 《A》和《B》已由…印发)."""
    items: list[Chunk] = []
    k = j
    while k >= 0 and is_document(chunks[k], False):
        items.insert(0, chunks[k])
        k -= 1
        n = 0
        while k - n >= 0 and n < 2 and _separates_documents(chunks[k - n], words):
            n += 1
        if k - n >= 0 and chunks[k - n].kind in (Kind.POLICY, Kind.BOOK):
            k -= n
            continue
        break
    if not any(c.kind is Kind.POLICY for c in items):
        return ()
    return tuple(as_policy(c) for c in items)


def _separates_documents(c: Chunk, words: Words) -> bool:
    """What may stand between two documents of a list: 、，和 以及, or an alias aside."""
    return c.kind in (Kind.ENUM, Kind.COMMA, Kind.ALIAS) or (c.kind is Kind.WORD and (c.text in words.conj or c.text in words.doc_join))


def as_policy(c: Chunk) -> Chunk:
    """The same title as a document (a new chunk: the input is never changed)."""
    if c.kind is Kind.POLICY:
        return c
    from dataclasses import replace

    return replace(c, kind=Kind.POLICY, type="Policy", source="policy-in-list")


# --- facts --------------------------------------------------------------------------------------

def fact(predicate: str, subject: Chunk | None, obj: Chunk | None, rule: str, clause: Clause, confidence: float, *, title: str = "", span: tuple[int, int] | None = None) -> Fact:
    """A fact whose evidence is the clause, spanning both chunks (or ``span``)."""
    if span is None:
        points = [c for c in (subject, obj) if c is not None and c.end > c.start]
        span = (min(c.start for c in points), max(c.end for c in points)) if points else (clause.sentence.start, clause.sentence.end)
    return Fact(predicate, subject, obj, rule, clause.sentence, span[0], span[1], confidence, title)
