"""Typed, frozen records passed between the pipeline stages.

read → :class:`Article` (with :class:`Sentence`, :class:`Reporter`, :class:`Repair`)
extract → :class:`Findings`: each sentence as a tuple of frozen :class:`Chunk` (a
:class:`Clause`), and the :class:`Fact` and :class:`Measure` records the rules derived from
them — nothing resolved yet, nothing mutated
resolve → :class:`Extraction` (:class:`Mention`, :class:`Entity`, :class:`Relation`,
:class:`Post`, :class:`Indicator`, each relation with its :class:`Evidence`)

Offsets always point into ``Article.text``: ``article.text[m.start:m.end] == m.text``.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from enum import Enum
from typing import Any


@dataclass(frozen=True)
class Span:
    """A half-open character range ``[start, end)`` into an article's text."""

    start: int
    end: int


@dataclass(frozen=True)
class Sentence:
    """One sentence of an article, with its offsets into ``Article.text``."""

    text: str
    start: int
    end: int


@dataclass(frozen=True)
class Reporter:
    """A journalist or correspondent named in a dateline or sign-off."""

    name: str
    role: str  # 记者 / 通讯员 / 实习生 / 特约记者 ...
    outlet: str | None = None


@dataclass(frozen=True)
class Repair:
    """One OCR repair the reader made: two fragments joined (and maybe moved)."""

    kind: str  # "join" (next paragraph) or "move" (a fragment found elsewhere on the page)
    left: str  # the end of the fragment that stopped mid-sentence
    right: str  # the start of its continuation
    reason: str  # why this continuation was chosen
    score: float
    left_line: int  # 1-based line numbers in the input file
    right_line: int


@dataclass(frozen=True)
class Article:
    """One news article as the reader understood it.

    ``text`` holds the kicker and headline (one line each, when present) followed by the
    body paragraphs, one per line.  ``title_span`` and ``dateline_span`` locate the headline
    and the opening dateline in it; ``credit_spans`` the lines that only credit people.
    """

    id: str
    text: str
    title: str | None = None
    kicker: str | None = None
    source: str | None = None  # the outlet: 科技日报, 新华社 ...
    place: str | None = None  # dateline place: 北京, 福州 ...
    date: str | None = None  # ISO date, or --MM-DD (xsd:gMonthDay) when the year is unknown
    reporters: tuple[Reporter, ...] = ()
    sentences: tuple[Sentence, ...] = ()
    repairs: tuple[Repair, ...] = ()
    title_span: Span | None = None
    dateline_span: Span | None = None
    credit_spans: tuple[Span, ...] = ()  # sign-offs and byline/editor lines: not body text
    continued_from: str | None = None  # （上接第一版） → "第一版"
    continued_to: str | None = None  # （下转第二版） → "第二版"
    path: str | None = None
    line: int | None = None  # 1-based line in the input where the article starts
    url: str | None = None
    source_id: str | None = None  # the id the input gave, if any

    @property
    def label(self) -> str:
        """The headline, or (for an article printed without one) the start of its lead."""
        if self.title:
            return self.title
        lead = self.sentences[0].text if self.sentences else self.text
        return lead[:30] + ("…" if len(lead) > 30 else "")

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class Evidence:
    """Where a fact was read: the sentence and the character span in the article."""

    article_id: str
    sentence: str
    start: int
    end: int


@dataclass(frozen=True)
class Mention:
    """A typed mention of an entity in an article's text."""

    text: str
    type: str  # an ontology class local name: Person, GovernmentAgency, ...
    start: int
    end: int
    extractor: str
    canonical: str | None = None  # the canonical name, when a lexicon or rule knows it


@dataclass(frozen=True)
class Entity:
    """A resolved entity: one node of the graph."""

    id: str  # stable, readable local id, e.g. "GovernmentAgency/工业和信息化部"
    type: str
    label: str
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Relation:
    """A relation triple between two entities, with the evidence it was read from."""

    subject: str  # Entity.id
    predicate: str  # ontology property local name: issued, achieved, ...
    object: str  # Entity.id
    evidence: Evidence
    confidence: float
    extractor: str


@dataclass(frozen=True)
class Post:
    """A person's post in an organization (the n-ary ``kgo:Position``)."""

    person: str  # Entity.id
    organization: str | None  # Entity.id, when the text names it
    title: str  # as written: 副部长, 党组书记、局长, 研究员
    evidence: Evidence
    confidence: float
    extractor: str


@dataclass(frozen=True)
class Indicator:
    """A reported statistic: what, value, unit, period, and who reported it."""

    id: str
    what: str
    value: str
    unit: str | None
    period: str | None
    reported_by: str | None  # Entity.id
    evidence: Evidence
    extractor: str
    change: str | None = None  # 同比增长 / 增长 / 下降 ... when the value is a change
    written: str = ""  # the value as written: 达到425万个


@dataclass(frozen=True)
class Extraction:
    """Everything extraction found in one article."""

    article: Article
    mentions: tuple[Mention, ...] = ()
    entities: tuple[Entity, ...] = ()
    relations: tuple[Relation, ...] = ()
    posts: tuple[Post, ...] = ()
    indicators: tuple[Indicator, ...] = ()
    extra: dict[str, Any] = field(default_factory=dict, compare=False)


# --- the extract stage's output: chunks and facts, before resolution -----------------------

class Kind(str, Enum):
    """What a chunk of a sentence is.  Entity kinds first, then the words between them."""

    ORG = "org"  # an organization; ``type`` says which kind (GovernmentAgency, ResearchTeam ...)
    UNIT = "unit"  # a unit named without its body (宣传司): an organization once a rule places it
    PERSON = "person"
    TITLE = "title"  # a position title (副部长, 研究员); ``tag`` is its kind from titles.tsv
    PLACE = "place"
    POLICY = "policy"  # a document: a 《》 title that names one, or an unquoted title a rule found
    JOURNAL = "journal"
    BOOK = "book"  # any other 《》 title (a paper, a programme, a TV series)
    COREF = "coref"  # 该校, 该所, 该团队 …: ``tag`` says what it may point back to
    ALIAS = "alias"  # （以下简称X）: ``canonical`` is X
    RESULT = "result"  # a research result (made by a rule, never by the chunker)
    EVENT = "event"  # a named meeting (made by a rule)
    VERB = "verb"  # a trigger verb; ``tag`` names its frame (issue, achieve, publish, appoint …)
    DATE = "date"  # 1月20日, 2024年, 今天, 近日: a time adjunct
    QUANT = "quant"  # 等6部门, 等部门: closes a coordinated list
    COMMA = "comma"  # ， ,
    ENUM = "enum"  # 、
    PUNCT = "punct"  # any other punctuation
    WORD = "word"  # any other word; ``tag`` is its grammar class (conj, adverb …) when it has one


@dataclass(frozen=True, slots=True)
class Chunk:
    """One piece of a sentence: a mention, a trigger, an adjunct, a word or a punctuation mark.

    Offsets point into the article's text (``article.text[c.start:c.end] == c.text``).  A
    chunk never changes: facts about it (its antecedent, the body a unit belongs to, an
    alias) are :class:`Fact` records beside it.

    ``parent`` is the body named inside an organization's own name (福州大学 in
    福州大学物理学院; a :attr:`Kind.COREF` in 该校物理学院); ``parts`` are the other chunks the
    name swallowed (a team's leaders and their titles, the place a body is named after).
    """

    kind: Kind
    start: int
    end: int
    text: str
    type: str = ""  # the ontology class of an entity chunk
    canonical: str = ""  # the lexicon's name for it, or a cleaned form ("" when unknown)
    tag: str = ""  # grammar class, frame, title kind or coreference kind
    source: str = ""  # what found it: lexicon, title-name, org-suffix, ner …
    pos: str = ""  # the segmenter's part-of-speech tag, for words
    parent: Chunk | None = None
    parts: tuple[Chunk, ...] = ()

    def people(self) -> tuple[Chunk, ...]:
        """The people named inside this chunk (a team's leaders)."""
        return tuple(p for p in self.parts if p.kind is Kind.PERSON)

    def nested(self) -> Iterator[Chunk]:
        """This chunk and every chunk nested in it: its parent chain and its parts."""
        yield self
        if self.parent is not None:
            yield from self.parent.nested()
        for p in self.parts:
            yield from p.nested()


@dataclass(frozen=True, slots=True)
class Clause:
    """A sentence as a tuple of chunks (the unit every rule reads)."""

    sentence: Sentence
    chunks: tuple[Chunk, ...]
    paragraph: int = 0  # index of the paragraph (line of ``Article.text``) it stands in


@dataclass(frozen=True, slots=True)
class Fact:
    """A relation a rule found between two chunks, before resolution.

    ``subject`` is ``None`` for a fact about the article itself (its reporter).
    ``predicate`` is an ontology property (issued, achieved, partOf …) or one of the hints
    the resolve stage reads: ``holds`` (a post: ``title`` as written, ``object`` the body or
    ``None``), ``alias`` (``object`` is another name of ``subject``).
    """

    predicate: str
    subject: Chunk | None
    object: Chunk | None
    rule: str
    sentence: Sentence
    start: int
    end: int
    confidence: float = 0.8
    title: str = ""


@dataclass(frozen=True, slots=True)
class Measure:
    """A reported statistic as a rule read it (resolved into an :class:`Indicator`)."""

    what: str
    written: str  # the value as written: 达到425万个
    value: str
    unit: str | None
    verb: str
    period: str | None
    reported_by: Chunk | None
    sentence: Sentence
    start: int
    end: int
    rule: str = "indicator-pattern"


@dataclass(frozen=True)
class Findings:
    """Everything the extract stage found in one article, ready for the resolve stage."""

    article: Article
    clauses: tuple[Clause, ...]
    facts: tuple[Fact, ...] = ()
    measures: tuple[Measure, ...] = ()
    kicker: Chunk | None = None  # the body a kicker line (工业和信息化部：) names
