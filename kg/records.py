"""Typed, frozen records passed between the pipeline stages.

read → :class:`Article` (with :class:`Sentence`, :class:`Reporter`, :class:`Repair`)
extract → :class:`Extraction` (:class:`Mention`, :class:`Entity`, :class:`Relation`,
:class:`Post`, :class:`Indicator`, each relation with its :class:`Evidence`)

Offsets always point into ``Article.text``: ``article.text[m.start:m.end] == m.text``.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
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
