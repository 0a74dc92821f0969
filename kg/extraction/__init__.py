"""The extract stage: one :class:`~kg.records.Article` → :class:`~kg.records.Findings`.

Each sentence becomes a tuple of frozen chunks (:mod:`kg.extraction.chunker`); the rules of
:data:`kg.extraction.registry.RULES` read them and yield facts (:mod:`kg.extraction.rules`,
built on the frames of :mod:`kg.extraction.frames`).  Nothing is resolved here: the resolve
stage (:mod:`kg.resolve`) turns findings into entities with ids, relations, posts and
indicators.  :meth:`Extractor.extract` runs both, for callers that want the resolved record.

>>> from kg.reader import read_text
>>> art = next(read_text("# 题\\n工业和信息化部副部长张云明介绍了情况。"))
>>> ex = extract(art)
>>> sorted((p.title, p.organization) for p in ex.posts)
[('副部长', 'org/工业和信息化部')]
"""

from __future__ import annotations

import bisect
import logging
from functools import lru_cache

from kg.extraction.chunker import Chunker
from kg.extraction.frames import Doc, Env, Words
from kg.extraction.registry import RULES, Registry
from kg.lexicon import Lexicon, default_lexicon
from kg.records import Article, Chunk, Clause, Extraction, Fact, Findings, Kind, Measure, Sentence
from kg.resolve import resolve
from kg.segment import Segmenter, default_segmenter

__all__ = ["Extractor", "extract", "default_extractor", "RULES"]

log = logging.getLogger(__name__)

# People whose names a later sentence may reuse whole (钟立正在 → 钟立正): found beside a
# title or in a list, not guessed from jieba's tags alone.
_CONFIDENT_NAMES = frozenset({"title-name", "name-title", "team-leader", "name-list", "foreign-name", "known-name"})


class Extractor:
    """Extraction with one lexicon, one segmenter and (optionally) the NER model.

    ``lexicon`` (a :class:`~kg.lexicon.Lexicon`) reaches every part: the segmenter's user
    words, the NER's gazetteer, the chunker and the rules.
    """

    def __init__(self, lexicon: Lexicon | None = None, segmenter: Segmenter | None = None, ner: object | None | str = "auto", rules: Registry = RULES) -> None:
        self.lexicon = lexicon or default_lexicon()
        if segmenter is None:
            segmenter = default_segmenter() if lexicon is None else Segmenter(self.lexicon.user_words())
        self.segmenter = segmenter
        if ner == "auto":
            ner = _load_ner(self.segmenter, self.lexicon)
        self.chunker = Chunker(self.lexicon, self.segmenter, ner)
        self.words = Words.of(self.lexicon)
        self.rules = rules

    def chunks(self, article: Article) -> tuple[Clause, ...]:
        """The article's sentences as chunk tuples (datelines and credit lines left out)."""
        text = article.text
        breaks = [i for i, ch in enumerate(text) if ch == "\n"]
        clauses: list[Clause] = []
        known: set[str] = set()
        cuts = sorted((x.start, x.end) for x in (article.dateline_span, *article.credit_spans) if x is not None)
        for sentence in article.sentences:
            for s, e in _body_spans(sentence.start, sentence.end, cuts, text):
                chunks = self.chunker.chunk(text, s, e, known)
                for c in chunks:
                    if c.kind is Kind.PERSON and c.source in _CONFIDENT_NAMES and len(c.text) >= 3:
                        known.add(c.text)
                clause_sentence = sentence if (s, e) == (sentence.start, sentence.end) else Sentence(text[s:e], s, e)
                clauses.append(Clause(clause_sentence, chunks, bisect.bisect_right(breaks, s)))
        return tuple(clauses)

    def find(self, article: Article) -> Findings:
        """Chunk the article and run the rules: the extract stage proper."""
        kicker = self._kicker(article)
        doc = Doc(article, self.chunks(article), kicker)
        produced = self.rules.run(doc, Env(self.lexicon, self.words))
        facts = tuple(x for items in produced.values() for x in items if isinstance(x, Fact))
        measures = tuple(x for items in produced.values() for x in items if isinstance(x, Measure))
        return Findings(article, doc.clauses, facts, measures, kicker)

    def extract(self, article: Article) -> Extraction:
        """Extract and resolve: entities, relations, posts and indicators of one article."""
        return resolve(self.find(article), self.lexicon)

    def _kicker(self, article: Article) -> Chunk | None:
        """工业和信息化部： above the headline: the body the article speaks for."""
        if not article.kicker:
            return None
        name = article.kicker.rstrip("：: ")
        entry = self.lexicon.lookup(name)
        if entry is None or entry.type not in ("GovernmentAgency", "Organization", "ResearchInstitution", "Company"):
            return None
        return Chunk(Kind.ORG, 0, 0, name, type=entry.type, canonical=entry.name, source="kicker")


def _body_spans(s: int, e: int, cuts: list[tuple[int, int]], text: str) -> list[tuple[int, int]]:
    """The parts of a sentence that are body text: what lies outside the dateline and the
    credits (（澎湃新闻记者 X）, 新华社记者 A、B 摄 …), with surrounding spaces trimmed."""
    pieces: list[tuple[int, int]] = []
    pos = s
    for a, b in cuts:
        if b <= pos or a >= e:
            continue
        if a > pos:
            pieces.append((pos, a))
        pos = max(pos, b)
    if pos < e:
        pieces.append((pos, e))
    out = []
    for a, b in pieces:
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        if b > a and any(ch.isalnum() for ch in text[a:b]):
            out.append((a, b))
    return out


def _load_ner(segmenter: Segmenter, lexicon: Lexicon) -> object | None:
    try:
        from kg.ner import Gazetteer, NERTagger
    except ImportError:
        return None
    try:
        return NERTagger(segmenter=segmenter, gazetteer=Gazetteer.from_lexicon(lexicon), lexicon=lexicon)
    except Exception as exc:  # noqa: BLE001 - a missing model must not stop extraction
        log.warning("NER model unavailable (%s); extracting without it", exc)
        return None


@lru_cache(maxsize=1)
def default_extractor() -> Extractor:
    """One extractor per process (workers each build their own)."""
    return Extractor()


def extract(article: Article) -> Extraction:
    """Extract entities, relations, posts and indicators from one article."""
    return default_extractor().extract(article)
