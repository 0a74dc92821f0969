"""The resolve stage: :class:`~kg.records.Findings` → :class:`~kg.records.Extraction`.

It reads only records (``kg.records``) and the lexicon; it never imports the extract stage.

* Coreference: a ``refers`` fact points 该校/该所/研究团队 … to an organization named before;
  a head with no such fact resolves to nothing, and what was said of it is dropped.
* Canonical names: a lexicon name or alias becomes the lexicon's canonical name
  (工信部 → 工业和信息化部); a unit inside a body gets the body's canonical name in front
  (该校物理与信息工程学院 → 福州大学物理与信息工程学院, 中科院物理所 → 中国科学院物理研究所),
  and so does a unit a rule placed in a body (规划司 after 水利部 → 水利部规划司).
* Aliases: an ``alias`` fact (（以下简称X）, a short title) makes X another name of the entity:
  later mentions of X in the article are that entity.
* Ids: ``<group>/<canonical name>`` where the group is org, person, place, policy, journal,
  result, event — the same name gives the same id in every article and run.

>>> entity_id("org", "工业和信息化部")
'org/工业和信息化部'
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable
from decimal import Decimal

from kg.lexicon import Lexicon, default_lexicon
from kg.records import (
    Article,
    Chunk,
    Entity,
    Evidence,
    Extraction,
    Findings,
    Indicator,
    Kind,
    Measure,
    Mention,
    Post,
    Relation,
    Sentence,
)

__all__ = ["resolve", "entity_id", "group_of", "short_hash"]

ORG_TYPES = ("GovernmentAgency", "ResearchInstitution", "MediaOutlet", "Company", "ResearchTeam", "Organization")
#: Predicates that become relations of the graph (the rest are hints for this stage).
RELATIONS = frozenset({"issued", "achieved", "publishedIn", "affiliatedWith", "leads", "partOf", "locatedIn", "organizer", "reporter"})
_KIND_TYPE = {Kind.PERSON: "Person", Kind.PLACE: "Place", Kind.POLICY: "Policy", Kind.JOURNAL: "Journal", Kind.RESULT: "ResearchResult", Kind.EVENT: "Event"}


def group_of(type_: str) -> str:
    """The identity group of a type: every organization subtype shares one."""
    return "org" if type_ in ORG_TYPES else type_.lower()


def entity_id(group: str, name: str) -> str:
    """A stable, readable entity id: ``org/工业和信息化部``.

    Characters that may not appear in an IRI path segment are percent-encoded later by the
    graph stage; here only path separators are replaced, so the id stays one segment.
    """
    return f"{group}/{name.replace('/', '／')}"


def short_hash(*parts: Iterable[str] | str) -> str:
    """A short content hash for ids of things that have no name (indicators, posts)."""
    text = "\x1f".join(p if isinstance(p, str) else "\x1e".join(p) for p in parts)
    return hashlib.blake2b(text.encode("utf-8"), digest_size=6).hexdigest()


class _Names:
    """Canonical names and entity keys of one article's chunks."""

    def __init__(self, findings: Findings, lexicon: Lexicon) -> None:
        self.lex = lexicon
        self.refers: dict[Chunk, Chunk] = {}
        self.placed: dict[Chunk, Chunk] = {}  # a unit → the body a rule placed it in
        self.alias_of: dict[str, Chunk] = {}  # an alias's text → the chunk it names
        self.aliases: dict[Chunk, set[str]] = defaultdict(set)
        self.abbreviations = lexicon.heads("unit-abbreviation")
        # A body a rule read from the sentence (a post chain) beats one inferred from context.
        for f in sorted(findings.facts, key=lambda f: f.rule == "partOf-context"):
            if f.subject is None or f.object is None:
                continue
            if f.predicate == "refers":
                self.refers.setdefault(f.subject, f.object)
            elif f.predicate == "partOf" and f.subject.kind is Kind.UNIT:
                self.placed.setdefault(f.subject, f.object)
            elif f.predicate == "alias":
                alias = f.object.canonical or f.object.text
                self.alias_of.setdefault(alias, f.subject)
                self.aliases[f.subject].add(alias)
        self._cache: dict[Chunk, tuple[str, str] | None] = {}

    def target(self, c: Chunk) -> Chunk | None:
        """The chunk an entity slot really denotes (through coreference and aliases)."""
        seen = 0
        while c.kind is Kind.COREF:
            nxt = self.refers.get(c)
            if nxt is None or seen > 5:
                return None
            c, seen = nxt, seen + 1
        # The article's own declaration (（以下简称X）) says what a later X is.
        full = self.alias_of.get(c.text.strip("《》")) or self.alias_of.get(c.canonical)
        if full is not None and full != c and full.kind in (c.kind, Kind.ORG, Kind.POLICY):
            return full
        return c

    def key(self, c: Chunk) -> tuple[str, str] | None:
        """``(group, canonical name)`` of the entity a chunk denotes, or ``None``."""
        if c in self._cache:
            return self._cache[c]
        self._cache[c] = None  # a cycle resolves to nothing
        t = self.target(c)
        out = None if t is None else self._key(t)
        self._cache[c] = out
        return out

    def _key(self, c: Chunk) -> tuple[str, str] | None:
        if c.kind in (Kind.ORG, Kind.UNIT):
            name = self.org_name(c)
            return ("org", name) if name else None
        type_ = c.type or _KIND_TYPE.get(c.kind, "")
        if not type_ or c.kind in (Kind.BOOK, Kind.TITLE, Kind.ALIAS):
            return None
        name = (c.canonical or c.text).strip("《》")
        return (group_of(type_), name) if name else None

    def org_name(self, c: Chunk) -> str | None:
        if c.canonical:
            return c.canonical
        parent = c.parent if c.parent is not None else self.placed.get(c)
        if parent is None:
            return c.text if c.kind is Kind.ORG else None  # a unit of nobody: no entity
        own = self.own_part(c)
        if c.type == "ResearchTeam":
            leaders = c.people()
            titles_first = [p for p in c.parts if p.kind is Kind.TITLE and leaders and p.end <= leaders[0].start]
            if titles_first:
                return c.text[leaders[0].start - c.start :]  # 教授黄某团队 → 黄某团队
            return own
        pkey = self.key(parent)
        if pkey is None:
            return None if c.parent is not None and c.parent.kind is Kind.COREF else c.text
        parent_name = pkey[1]
        target = self.target(parent)
        if target is not None and target.type == "ResearchInstitution":
            for short, full in self.abbreviations.items():
                if own.endswith(short) and not own.endswith(full) and len(own) >= 3:
                    own = own[: -len(short)] + full
        whole = parent_name + own
        entry = self.lex.lookup(whole)
        return entry.name if entry is not None and group_of(entry.type) == "org" else whole

    @staticmethod
    def own_part(c: Chunk) -> str:
        """The unit's own words, without its parent's name in front (物理与信息工程学院)."""
        if c.parent is not None and c.text.startswith(c.parent.text):
            return c.text[len(c.parent.text) :]
        return c.text

    def type_of(self, c: Chunk) -> str:
        t = self.target(c) or c
        if t.kind is Kind.UNIT:
            return t.type or "Organization"
        return t.type or _KIND_TYPE.get(t.kind, "")


def _under_coref(c: Chunk) -> bool:
    """A name written with 该校/该所 in front (该校化工学院): not a name to keep as written."""
    p = c.parent
    while p is not None:
        if p.kind is Kind.COREF:
            return True
        p = p.parent
    return False


def resolve(findings: Findings, lexicon: Lexicon | None = None) -> Extraction:
    """Entities with stable ids, relations with evidence, posts and indicators of one article."""
    lex = lexicon or default_lexicon()
    article = findings.article
    text = article.text
    names = _Names(findings, lex)
    types: dict[tuple[str, str], list[str]] = defaultdict(list)
    aliases: dict[tuple[str, str], set[str]] = defaultdict(set)
    mentions: list[Mention] = []

    def enter(c: Chunk) -> tuple[str, str] | None:
        key = names.key(c)
        if key is None:
            return None
        t = names.target(c) or c
        types[key].append(names.type_of(c))
        if c.kind is not Kind.COREF and not _under_coref(c):
            surface = c.text.strip("《》")
            if surface:
                aliases[key].add(surface)
        for a in names.aliases.get(t, ()):
            aliases[key].add(a)
        entry = lex.lookup(key[1])
        if entry is not None and group_of(entry.type) == key[0]:
            aliases[key].update(entry.aliases)
        if c.kind is not Kind.COREF and text[c.start : c.end] == c.text:
            mentions.append(Mention(c.text, names.type_of(c), c.start, c.end, c.source or "chunk", key[1]))
        return key

    entity_kinds = (Kind.ORG, Kind.UNIT, Kind.PERSON, Kind.PLACE, Kind.POLICY, Kind.JOURNAL)
    for clause in findings.clauses:
        for chunk in clause.chunks:
            for c in chunk.nested():
                if c.kind in entity_kinds:
                    enter(c)
    if findings.kicker is not None:
        enter(findings.kicker)

    def evidence(sentence: Sentence, start: int, end: int) -> Evidence:
        return Evidence(article.id, sentence.text, start, end)

    def entity_of(c: Chunk | None) -> str | None:
        if c is None:
            return None
        key = enter(c) if c.kind in (Kind.RESULT, Kind.EVENT, Kind.POLICY) else names.key(c)
        if key is None:
            return None
        if key not in types:
            enter(c)
        return entity_id(*key)

    relations: list[Relation] = []
    seen: set[tuple[str, str, str]] = set()
    article_ref = f"article/{article.id}"

    def relate(subj: str, predicate: str, obj: str, ev: Evidence, confidence: float, rule: str) -> None:
        if subj == obj or (subj, predicate, obj) in seen:
            return
        seen.add((subj, predicate, obj))
        relations.append(Relation(subj, predicate, obj, ev, confidence, rule))

    # Metadata: the outlet, the dateline's place, the byline's people.
    if article.source:
        entry = lex.lookup(article.source)
        if entry is not None and entry.type == "MediaOutlet":
            key = ("org", entry.name)
            types[key].append("MediaOutlet")
            aliases[key].update({article.source, *entry.aliases})
    if article.place:
        entry = lex.lookup(article.place)
        key = ("place", entry.name if entry is not None and entry.type == "Place" else article.place)
        types[key].append("Place")
        aliases[key].add(article.place)
    for r in article.reporters:
        key = ("person", r.name)
        types[key].append("Person")
        span = _find_span(text, r.name, article)
        sentence = _sentence_at(article, span[0]) if span else None
        if span and sentence:
            relate(article_ref, "reporter", entity_id(*key), evidence(sentence, *span), 0.99, "reporter-byline")

    posts: list[Post] = []
    seen_posts: set[tuple[str, str | None, str]] = set()
    for f in findings.facts:
        if f.predicate == "holds":
            person = entity_of(f.subject)
            if person is None:
                continue
            org = entity_of(f.object) if f.object is not None else None
            if f.object is not None and org is None and f.object.kind is not Kind.UNIT:
                continue  # 该所 that points nowhere: the post's body is unknown, not absent
            ident = (person, org, f.title)
            if ident in seen_posts:
                continue
            seen_posts.add(ident)
            posts.append(Post(person, org, f.title, evidence(f.sentence, f.start, f.end), f.confidence if org else min(f.confidence, 0.8), f.rule))
        elif f.predicate in RELATIONS:
            subj = article_ref if f.subject is None else entity_of(f.subject)
            obj = entity_of(f.object)
            if subj is None or obj is None:
                continue
            relate(subj, f.predicate, obj, evidence(f.sentence, f.start, f.end), f.confidence, f.rule)
        elif f.predicate == "mentions":
            entity_of(f.object)

    multipliers = lex.heads("unit")
    indicators = [_indicator(m, article, entity_of, multipliers) for m in findings.measures]

    entities = []
    for key in sorted(types):
        group, name = key
        entities.append(Entity(entity_id(group, name), _pick_type(types[key]), name, tuple(sorted(a for a in aliases[key] if a and a != name))))
    frozen = tuple(sorted(set(mentions), key=lambda m: (m.start, m.end, m.type)))
    return Extraction(article, frozen, tuple(entities), tuple(relations), tuple(posts), tuple(indicators))


def _indicator(m: Measure, article: Article, entity_of, multipliers: dict[str, str]) -> Indicator:  # type: ignore[no-untyped-def]
    reporter = entity_of(m.reported_by) if m.reported_by is not None else None
    ident = short_hash(m.what, m.value, m.unit or "", m.period or "", article.id)
    return Indicator(
        id=f"indicator/{ident}",
        what=m.what,
        value=_decimal(m.value, m.unit, multipliers),
        unit=m.unit,
        period=m.period,
        reported_by=reporter,
        evidence=Evidence(article.id, m.sentence.text, m.start, m.end),
        extractor=m.rule,
        change=m.verb if "增长" in m.verb or "下降" in m.verb or "提" in m.verb else None,
        written=m.written,
    )


def _pick_type(types: list[str]) -> str:
    if all(t in ORG_TYPES for t in types):
        # A lexicon type beats a suffix guess; among guesses the most specific wins.
        return min(types, key=ORG_TYPES.index)
    return types[0]


def _decimal(value: str, unit: str | None, multipliers: dict[str, str]) -> str:
    """The value with the unit's 万/亿 multiplier applied, as a decimal string (425万个 → 4250000).

    >>> _decimal("425", "万个", {"万个": "10000"})
    '4250000'
    """
    number = Decimal(value)
    if unit:
        number *= Decimal(multipliers.get(unit) or 1)
    return format(number.normalize(), "f")


def _find_span(text: str, name: str, article: Article) -> tuple[int, int] | None:
    for span in (article.dateline_span, *article.credit_spans):
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

