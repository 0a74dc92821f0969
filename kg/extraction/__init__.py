"""The extract stage: one :class:`~kg.records.Article` → one :class:`~kg.records.Extraction`.

Sentences are chunked into typed mentions (:mod:`kg.extraction.mentions`), coreference heads
and unit names are resolved (:mod:`kg.resolve`), relation rules run over the chunks
(:mod:`kg.extraction.rules`), and everything is frozen into records: entities with stable ids,
relations with their evidence (sentence, span, confidence, rule), posts and indicators.

>>> from kg.reader import read_text
>>> art = next(read_text("# 题\\n工业和信息化部副部长张云明介绍了情况。"))
>>> ex = extract(art)
>>> sorted((p.title, p.organization) for p in ex.posts)
[('副部长', 'org/工业和信息化部')]
"""

from __future__ import annotations

import logging
import re
from collections import defaultdict
from decimal import Decimal
from functools import lru_cache

from kg.extraction.mentions import M, MentionFinder, group_of
from kg.extraction.rules import RULES, Context, Fact, Sent
from kg.lexicon import Lexicon, default_lexicon
from kg.records import Article, Entity, Evidence, Extraction, Indicator, Mention, Post, Relation, Sentence
from kg.resolve import Coreference, canonical_org, entity_id, short_hash
from kg.segment import Segmenter, default_segmenter

__all__ = ["Extractor", "extract", "default_extractor"]

log = logging.getLogger(__name__)

_TYPE_PRIORITY = ("GovernmentAgency", "ResearchInstitution", "MediaOutlet", "Company", "ResearchTeam", "Organization")
_ENTITY_CODES = {"O", "P", "L", "Q", "J", "E", "R"}
_UNIT_MULTIPLIER = {"千": 1_000, "万": 10_000, "百万": 1_000_000, "千万": 10_000_000, "亿": 100_000_000, "千亿": 100_000_000_000, "万亿": 1_000_000_000_000}


class Extractor:
    """Extraction with one lexicon, one segmenter and (optionally) the NER model."""

    def __init__(self, lexicon: Lexicon | None = None, segmenter: Segmenter | None = None, ner: object | None | str = "auto") -> None:
        self.lexicon = lexicon or default_lexicon()
        self.segmenter = segmenter or default_segmenter()
        if ner == "auto":
            ner = _load_ner(self.segmenter)
        self.finder = MentionFinder(self.lexicon, self.segmenter, ner)

    def extract(self, article: Article) -> Extraction:
        text = article.text
        ctx = Context(article, text, words=self.segmenter.fast_tag)
        if article.kicker:
            entry = self.lexicon.lookup(article.kicker.rstrip("：: "))
            if entry is not None and entry.type in ("GovernmentAgency", "Organization", "ResearchInstitution", "Company"):
                ctx.kicker_org = M("O", entry.type, 0, 0, article.kicker.rstrip("：: "), "kicker", canonical=entry.name, entry=entry)
        coref = Coreference()
        sents: list[Sent] = []
        for sentence in article.sentences:
            span = self._span(article, sentence)
            if span is None:
                continue
            s, e = span
            chunks = self.finder.chunks(text, s, e)
            for c in chunks:
                if c.mention is not None:
                    _resolve(c.mention, coref)
            sents.append(Sent(Sentence(text[s:e], s, e), chunks))
        self._paragraph_years(ctx)
        for sent in sents:
            for rule in RULES.values():
                rule(ctx, sent)
        # Units given a parent by a post chain (宣传司 after 国家卫生健康委) get their full name.
        for sent in sents:
            for c in sent.chunks:
                if c.mention is not None and c.mention.code == "O" and c.mention.rule == "org-suffix":
                    for m in _nested(c.mention):
                        if m.code == "O" and m.rule == "org-suffix":
                            m.canonical = canonical_org(m)
        return self._freeze(article, ctx, sents)

    # -- helpers ------------------------------------------------------------------------

    @staticmethod
    def _span(article: Article, sentence: Sentence) -> tuple[int, int] | None:
        s, e = sentence.start, sentence.end
        for credit in article.credit_spans:
            if credit.start <= s and e <= credit.end:
                return None
        d = article.dateline_span
        if d is not None and d.start <= s < d.end:
            s = d.end
        return (s, e) if e > s else None

    @staticmethod
    def _paragraph_years(ctx: Context) -> None:
        pos = 0
        for para in ctx.text.split("\n"):
            match = re.match(r"^(?:截至|截止)?((?:19|20)[0-9]{2})年", para)
            if match:
                ctx.paragraph_year[pos] = match.group(1)
            pos += len(para) + 1

    def _freeze(self, article: Article, ctx: Context, sents: list[Sent]) -> Extraction:
        text = article.text
        mentions: list[M] = []
        for sent in sents:
            for c in sent.chunks:
                if c.mention is not None:
                    mentions.extend(x for x in _nested(c.mention) if x.code in _ENTITY_CODES)
        mentions.extend(m for m in ctx.extra_mentions if m.code in _ENTITY_CODES)
        mentions = list(dict.fromkeys(mentions))

        # Entities: one per (group, canonical name), with every surface form as an alias.
        types: dict[tuple[str, str], list[str]] = defaultdict(list)
        aliases: dict[tuple[str, str], set[str]] = defaultdict(set)
        for m in mentions:
            key = _key(m)
            types[key].append(m.type)
            aliases[key].add(m.text.strip("《》"))
            if m.entry is not None:
                aliases[key].update(m.entry.aliases)
        for target, alias in ctx.aliases:
            aliases[_key(target)].add(alias.strip("《》"))

        def add_entity(type_: str, name: str, alias: str | None = None) -> str:
            key = (group_of(type_), name)
            types[key].append(type_)
            entry = self.lexicon.lookup(name)
            if entry is not None and group_of(entry.type) == key[0]:
                aliases[key].update(entry.aliases)
            if alias:
                aliases[key].add(alias)
            return entity_id(*key)

        relations: list[Relation] = []
        article_id = f"article/{article.id}"

        def evidence(sentence: Sentence, start: int, end: int) -> Evidence:
            return Evidence(article.id, sentence.text, start, end)

        # Metadata people and outlets.
        if article.source:
            entry = self.lexicon.lookup(article.source)
            if entry is not None and entry.type == "MediaOutlet":
                add_entity("MediaOutlet", entry.name, article.source)
        if article.place:
            entry = self.lexicon.lookup(article.place)
            add_entity("Place", entry.name if entry is not None and entry.type == "Place" else article.place, article.place)
        for r in article.reporters:
            pid = add_entity("Person", r.name)
            span = _find_span(text, r.name, article)
            sentence = _sentence_at(article, span[0]) if span else None
            if span and sentence:
                relations.append(Relation(article_id, "reporter", pid, evidence(sentence, *span), 0.99, "reporter-byline"))

        seen: set[tuple[str, str, str]] = set()
        for fact in ctx.facts:
            subj = article_id if fact.subject.code == "ART" else entity_id(*_key(fact.subject))
            if fact.subject.code != "ART" and _key(fact.subject) not in types:
                continue
            if _key(fact.object) not in types:
                continue
            obj = entity_id(*_key(fact.object))
            if subj == obj or (subj, fact.predicate, obj) in seen:
                continue
            seen.add((subj, fact.predicate, obj))
            relations.append(
                Relation(subj, fact.predicate, obj, evidence(fact.sentence, fact.start, fact.end), _confidence(fact), fact.rule)
            )

        posts: list[Post] = []
        seen_posts: set[tuple[str, str | None, str]] = set()
        for pf in ctx.posts:
            if _key(pf.person) not in types:
                continue
            person = entity_id(*_key(pf.person))
            org = None
            if pf.organization is not None and pf.organization.code == "O":
                key = _key(pf.organization)
                if key not in types:
                    types[key].append(pf.organization.type)
                    aliases[key].add(pf.organization.text)
                org = entity_id(*key)
            ident = (person, org, pf.title)
            if ident in seen_posts:
                continue
            seen_posts.add(ident)
            posts.append(Post(person, org, pf.title, evidence(pf.sentence, pf.start, pf.end), 0.9 if org else 0.8, pf.rule))

        indicators: list[Indicator] = []
        for ind in ctx.indicators:
            reporter = None
            if ind.reported_by is not None:
                key = _key(ind.reported_by)
                if key not in types:  # the kicker's body is an entity of the article too
                    types[key].append(ind.reported_by.type)
                    aliases[key].add(ind.reported_by.text)
                reporter = entity_id(*key)
            ident = short_hash(ind.what, ind.value, ind.unit or "", ind.period or "", article.id)
            indicators.append(
                Indicator(
                    id=f"indicator/{ident}",
                    what=ind.what,
                    value=_decimal(ind.value, ind.unit),
                    unit=ind.unit,
                    period=ind.period,
                    reported_by=reporter,
                    evidence=evidence(ind.sentence, ind.start, ind.end),
                    extractor="indicator-pattern",
                    change=ind.verb if "增长" in ind.verb or "下降" in ind.verb or "提" in ind.verb else None,
                    written=ind.written,
                )
            )

        entities = []
        for key in sorted(types):
            group, name = key
            type_ = _pick_type(types[key])
            entities.append(Entity(entity_id(group, name), type_, name, tuple(sorted(a for a in aliases[key] if a and a != name))))
        frozen = tuple(
            sorted(
                {Mention(m.text, m.type, m.start, m.end, m.rule, m.canonical) for m in mentions if text[m.start : m.end] == m.text},
                key=lambda x: (x.start, x.end, x.type),
            )
        )
        return Extraction(article, frozen, tuple(entities), tuple(relations), tuple(posts), tuple(indicators))


def _resolve(m: M, coref: Coreference) -> None:
    """Resolve a mention and everything nested in it, innermost first."""
    if m.parent is not None:
        _resolve(m.parent, coref)
    for member in m.members:
        _resolve(member, coref)
    if m.code == "H":
        m.ref = coref.resolve(m)
    elif m.code in ("O", "U"):
        m.canonical = canonical_org(m)
        if m.code == "O":
            coref.observe(m)


def _nested(m: M) -> list[M]:
    """A mention with the mentions nested in it (parents, team leaders)."""
    out = [m]
    if m.parent is not None:
        parent = m.parent.ref if m.parent.code == "H" else m.parent
        if parent is not None:
            out.extend(_nested(parent))
    for member in m.members:
        out.extend(_nested(member))
    place = m.attrs.get("place")
    if isinstance(place, M):
        out.append(place)
    return out


def _key(m: M) -> tuple[str, str]:
    if m.code == "ART":
        return ("article", m.canonical or m.text)
    return (group_of(m.type), m.canonical or m.text)


def _pick_type(types: list[str]) -> str:
    if all(t in _TYPE_PRIORITY for t in types):
        # A lexicon type beats a suffix guess; among guesses the most specific wins.
        return min(types, key=lambda t: (_TYPE_PRIORITY.index(t)))
    return types[0]


def _confidence(fact: Fact) -> float:
    from kg.extraction.rules import CONFIDENCE

    return CONFIDENCE.get(fact.rule, 0.7)


def _decimal(value: str, unit: str | None) -> str:
    """The value with 万/亿 multipliers applied, as a decimal string (425万个 → 4250000)."""
    number = Decimal(value)
    if unit:
        for prefix in ("万亿", "千亿", "亿", "千万", "百万", "万", "千"):
            if unit.startswith(prefix) and unit not in ("千瓦", "千瓦时", "千米"):
                number *= _UNIT_MULTIPLIER[prefix]
                break
    return format(number.normalize(), "f")


def _find_span(text: str, name: str, article: Article) -> tuple[int, int] | None:
    spans = [article.dateline_span, *article.credit_spans]
    for span in spans:
        if span is None:
            continue
        i = text.find(name, span.start, span.end)
        if i >= 0:
            return i, i + len(name)
    i = text.find(name)
    return (i, i + len(name)) if i >= 0 else None


def _sentence_at(article: Article, pos: int) -> Sentence | None:
    for s in article.sentences:
        if s.start <= pos < s.end:
            return s
    return None


def _load_ner(segmenter: Segmenter) -> object | None:
    try:
        from kg.ner import NERTagger  # type: ignore[attr-defined]
    except ImportError:
        return None
    try:
        return NERTagger(segmenter=segmenter)
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
