"""The extraction rules: pure generators from a document's chunks to facts.

Every rule has the signature ``rule(doc: Doc, env: Env) -> Iterator[Fact | Measure]``; it
reads the frozen chunks of :class:`~kg.extraction.frames.Doc` (and, through ``env.given``,
the facts of the rules it declares it requires) and yields new records.  It never changes
what it reads.  :mod:`kg.extraction.registry` lists the rules with what each requires and
provides.  Each branch says why it exists; the frames it uses are in
:mod:`kg.extraction.frames`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from kg.extraction.frames import (
    Doc,
    Env,
    Words,
    agents_before,
    documents_after,
    documents_before,
    fact,
    is_org,
    skip_adjuncts_left,
    skip_adjuncts_right,
)
from kg.lexicon import Lexicon, alternation, longest_first
from kg.records import Chunk, Clause, Fact, Kind, Measure

# How often each rule was right on sentences we wrote and read (the graph's confidence).
CONFIDENCE = {
    "issued-active": 0.95,
    "issued-passive": 0.9,
    "issued-header": 0.85,
    "issued-unquoted": 0.75,
    "issued-parts": 0.8,
    "post-chain": 0.9,
    "post-shared": 0.85,
    "post-apposition": 0.85,
    "post-name-title": 0.85,
    "post-appointment": 0.85,
    "post-team": 0.85,
    "post-former": 0.75,
    "leads-head-title": 0.8,
    "leads-team-name": 0.9,
    "leads-led-by": 0.85,
    "member-list": 0.8,
    "team-member": 0.85,
    "achieved-trigger": 0.8,
    "achieved-paper": 0.8,
    "achieved-progress": 0.75,
    "published-same-clause": 0.9,
    "published-paragraph": 0.75,
    "partOf-name": 0.95,
    "partOf-chain": 0.85,
    "locatedIn-name": 0.7,
    "locatedIn-event": 0.7,
    "organizer-event": 0.8,
    "reporter-text": 0.8,
    "alias-aside": 0.95,
    "alias-short-title": 0.85,
    "refers-coref": 0.9,
    "partOf-context": 0.7,
}


def _doc_chunks(doc: Doc) -> Iterator[tuple[Clause, Chunk]]:
    """Every chunk of the document with its clause, nested ones included, in the order their
    names end (a body named inside a longer name comes before it)."""
    for clause in doc.clauses:
        for c in clause.chunks:
            if c.parent is None and not c.parts:
                yield clause, c  # most chunks nest nothing
                continue
            nested = sorted(set(c.nested()), key=lambda x: (x.end, -x.start))
            for x in nested:
                yield clause, x


# --- aliases and coreference -------------------------------------------------------------------

def aliases(doc: Doc, env: Env) -> Iterator[Fact]:
    """Other names the text gives an entity.

    * ``中国科学院南湖材料科学研究院（以下简称南湖研究院）``: the aside names the chunk before it
      (an organization, a document, a person);
    * a bare ``《意见》`` after ``《关于…的意见》``: a short title of the last document whose
      title ends with it (a short title alone is too vague to be a document of its own).
    """
    policies: list[Chunk] = []
    for clause in doc.clauses:
        chunks = clause.chunks
        for i, c in enumerate(chunks):
            if c.kind is Kind.ALIAS and i > 0 and chunks[i - 1].kind in (Kind.ORG, Kind.POLICY, Kind.PERSON, Kind.JOURNAL, Kind.BOOK):
                yield fact("alias", chunks[i - 1], c, "alias-aside", clause, CONFIDENCE["alias-aside"])
            if c.kind in (Kind.POLICY, Kind.BOOK) and c.canonical:
                full = next((p for p in reversed(policies) if p.canonical != c.canonical and p.canonical.endswith(c.canonical)), None)
                if full is not None and len(c.canonical) <= 6:
                    yield fact("alias", full, c, "alias-short-title", clause, CONFIDENCE["alias-short-title"], span=(c.start, c.end))
                elif c.kind is Kind.POLICY and len(c.canonical) > 3:
                    policies.append(c)


def coreference(doc: Doc, env: Env) -> Iterator[Fact]:
    """What 该校, 该所, 该团队, 研究团队 … point back to: the most recent organization of the
    matching kind named before, in the same article (a 团队 word to a team, 该校 to a body
    whose name ends like a school).  Nothing when there is none: a wrong antecedent is worse
    than a missing one."""
    targets = {kind: tuple(v.split("|")) for kind, v in env.lexicon.heads("coref-target").items()}
    containers = {unit: tuple(v.split("|")) for unit, v in env.lexicon.heads("unit-container").items()}
    units = longest_first(containers)
    slots = _org_slots(doc)
    seen: list[Chunk] = []
    para: dict[Chunk, int] = {}
    for clause, c in _doc_chunks(doc):
        if c.kind is Kind.UNIT and c in slots:
            # 其中，物理系教授某某团队…: a unit named alone before a title, a name or a team
            # belongs to the last body named before it in the paragraph that can hold it (a
            # university for a 系); elsewhere (树木根系) a word ending like a unit is no unit.
            ending = next((u for u in units if c.text.endswith(u)), None)
            if ending is not None:
                body = next((x for x in reversed(seen) if x.end <= c.start and para[x] == clause.paragraph and (x.canonical or x.text).endswith(containers[ending]) and x.type != "ResearchTeam"), None)
                if body is not None:
                    yield fact("partOf", c, body, "partOf-context", clause, CONFIDENCE["partOf-context"], span=(c.start, c.end))
            continue
        if c.kind is Kind.COREF:
            endings = targets.get(c.tag, ())
            for cand in reversed(seen):
                if cand.start >= c.start:
                    continue
                name = cand.canonical or cand.text
                if c.tag == "team":
                    if cand.type == "ResearchTeam":
                        yield fact("refers", c, cand, "refers-coref", clause, CONFIDENCE["refers-coref"], span=(c.start, c.end))
                        break
                    continue
                if c.tag == "school" and cand.parent is not None:
                    continue  # 该校 is a school, not one of its colleges (航天学院 inside a 大学)
                if cand.type != "ResearchTeam" and name.endswith(endings):
                    yield fact("refers", c, cand, "refers-coref", clause, CONFIDENCE["refers-coref"], span=(c.start, c.end))
                    break
        elif c.kind is Kind.ORG:
            seen.append(c)
            para.setdefault(c, clause.paragraph)


def _org_slots(doc: Doc) -> set[Chunk]:
    """Units that stand where a body does: before a title or a name, or inside a team's name."""
    out: set[Chunk] = set()
    for clause in doc.clauses:
        chunks = clause.chunks
        for i, c in enumerate(chunks):
            for x in c.nested():
                if x.parent is not None and x.parent.kind is Kind.UNIT:
                    out.add(x.parent)
            nxt = chunks[i + 1] if i + 1 < len(chunks) else None
            if c.kind is Kind.UNIT and nxt is not None and nxt.kind in (Kind.TITLE, Kind.PERSON):
                out.add(c)
            if c.kind is Kind.TITLE and c.parent is not None:
                out.add(c.parent)
    return out


def _paragraph_of(doc: Doc, c: Chunk) -> int:
    """The paragraph (line) a chunk stands in."""
    return doc.article.text.count("\n", 0, c.start)


def _refers(env: Env) -> dict[Chunk, Chunk]:
    """Each coreference head with the organization it points back to (the coreference rule's facts)."""
    return {f.subject: f.object for f in env.given["coreference"] if f.subject is not None and f.object is not None}


def _referent(c: Chunk, refers: dict[Chunk, Chunk]) -> Chunk | None:
    """The organization a slot filler stands for, through coreference."""
    if c.kind is Kind.COREF:
        return refers.get(c)
    return c


# --- documents: the issuing frame ----------------------------------------------------------

def issued(doc: Doc, env: Env) -> Iterator[Fact]:
    """Who issued which document: one frame, three orders.

    * active — ``A、B等N部门（近日）（联合）印发（了）《X》《Y》``: the agents are the
      coordinated organizations before the verb (adjuncts between them are recognised by
      what they are: dates, 正式/对外/联合, 在…上, 经…同意), the documents are listed after it;
    * passive — ``《X》和《Y》（已）（于3月5日）由A、B（联合）印发``;
    * verb groups — ``制定并发布``, ``研究制定``: the agents and documents of the last verb;
    * document headers — ``A办公厅 B办公厅关于…的通知`` names its issuers before an
      unquoted ``关于…的通知`` title (no verb: the header is the act).

    A future or planned act (将发布, 拟出台) is no fact yet; a document without 《》 counts
    only right after an issuing verb and when it ends in a document word.
    """
    words = env.words
    for clause in doc.clauses:
        chunks = clause.chunks
        for i, verb in enumerate(chunks):
            if verb.kind is not Kind.VERB or verb.tag != "issue":
                continue
            if _continues_verb_group(chunks, i, words, "issue"):
                continue  # 制定并发布: the group's last verb carries the frame
            left = _verb_group_start(chunks, i, words, "issue")
            j = skip_adjuncts_left(chunks, left, words)
            if j >= 0 and chunks[j].kind is Kind.WORD and chunks[j].text in words.future:
                continue  # 将发布: not done yet
            agents, a_start = agents_before(chunks, j, words)
            orgs = [a for a in agents]
            if not orgs:
                continue
            before = skip_adjuncts_left(chunks, a_start, words)
            if before >= 0 and chunks[before].kind is Kind.WORD and chunks[before].text in words.future:
                continue
            k = skip_adjuncts_right(chunks, i, words)
            k = _skip_document_modifiers(chunks, k, env.lexicon.words("doc-modifier"))
            docs, _ = documents_after(chunks, k, words)
            if docs:
                rule = "issued-active"
            elif before >= 0 and chunks[before].kind is Kind.WORD and _passive(chunks[before].text, words):
                # 《X》（已）由A印发
                d = skip_adjuncts_left(chunks, before, words)
                docs = documents_before(chunks, d, words)
                rule = "issued-passive"
            else:
                unquoted = _unquoted_document(clause, chunks, k, env)
                docs = (unquoted,) if unquoted is not None else ()
                rule = "issued-unquoted"
            for org in orgs:
                for d in docs:
                    yield fact("issued", org, d, rule, clause, CONFIDENCE[rule])
            if rule != "issued-passive":
                yield from _issued_parts(clause, chunks, i, orgs, words, env.lexicon.words("parts-intro"))
        yield from _document_headers(clause, chunks, env)


def _passive(word: str, words: Words) -> bool:
    """由, and 由 after an adverb in one word (已由, 均由)."""
    return word in words.passive or (word[-1:] in words.passive and word[:-1] in words.adverb)


def _continues_verb_group(chunks: tuple[Chunk, ...], i: int, words: Words, frame: str) -> bool:
    """Whether another verb of the same frame follows, joined by 并/和 or directly (制定并发布)."""
    k = i + 1
    if k < len(chunks) and chunks[k].kind is Kind.WORD and chunks[k].text in words.verb_join:
        k += 1
    return k < len(chunks) and chunks[k].kind is Kind.VERB and chunks[k].tag == frame and k > i


def _verb_group_start(chunks: tuple[Chunk, ...], i: int, words: Words, frame: str) -> int:
    """The first verb of the group ending at ``chunks[i]`` (研究制定并印发 → 制定)."""
    k = i
    while k > 0:
        p = k - 1
        if p > 0 and chunks[p].kind is Kind.WORD and chunks[p].text in words.verb_join and chunks[p - 1].kind is Kind.VERB and chunks[p - 1].tag == frame:
            k = p - 1
            continue
        if chunks[p].kind is Kind.VERB and chunks[p].tag == frame:
            k = p
            continue
        break
    return k


def _skip_document_modifiers(chunks: tuple[Chunk, ...], k: int, modifiers: frozenset[str]) -> int:
    """``印发修订后的《X》``, ``发布新版《X》``: a short modifier ending in 的 before the title."""
    for n in (1, 2, 3):
        if k + n < len(chunks) and chunks[k + n].kind is Kind.POLICY:
            between = chunks[k : k + n]
            if all(c.kind is Kind.WORD for c in between) and (between[-1].text.endswith("的") or between[-1].text in modifiers):
                return k + n
    return k


def _unquoted_document(clause: Clause, chunks: tuple[Chunk, ...], k: int, env: Env) -> Chunk | None:
    """``印发工程项目造价评估工作指引（某规〔2024〕12号）``: the words after the
    verb, up to punctuation or a bracket, when they end in a document word (not a weak one).
    Words the verb may take first (实施, 了) are not part of the title."""
    lead = env.lexicon.words("issue-extra") | env.words.aux
    while k < len(chunks) and chunks[k].kind is Kind.WORD and chunks[k].text in lead:
        k += 1
    e = k
    stops = env.lexicon.words("doc-stop")
    while e < len(chunks) and chunks[e].kind in (Kind.WORD, Kind.PLACE, Kind.DATE) and chunks[e].text not in stops:
        e += 1
    if k >= len(chunks) or e == k or e - k > 12:
        return None
    if e < len(chunks) and chunks[e].kind not in (Kind.COMMA, Kind.PUNCT, Kind.ALIAS):
        return None
    s = chunks[k].start
    phrase = clause.sentence.text[s - clause.sentence.start : chunks[e - 1].end - clause.sentence.start]
    heads = env.lexicon.head_set("document") - env.lexicon.head_set("document-weak")
    if not (4 <= len(phrase) <= 40) or not phrase.endswith(tuple(heads)) or phrase.startswith(tuple(env.words.aux)):
        return None
    if chunks[k].pos in ("m", "q", "mq") or phrase.startswith(tuple(env.lexicon.words("result-quant"))) or re.match(r"^[0-9一二三四五六七八九十两几多]", phrase):
        return None  # 印发两项制度: a count of documents, not a title
    return Chunk(Kind.POLICY, s, s + len(phrase), phrase, type="Policy", canonical=phrase, source="policy-unquoted")


def _issued_parts(clause: Clause, chunks: tuple[Chunk, ...], i: int, orgs: list[Chunk], words: Words, intro: frozenset[str]) -> Iterator[Fact]:
    """``…印发X，包括《A》、《B》和《C》``: the parts listed after 包括 were issued too."""
    for k in range(i + 1, len(chunks)):
        c = chunks[k]
        if c.kind is Kind.PUNCT and c.text in "。；;":
            return
        if c.kind is Kind.WORD and c.text in intro:
            docs, _ = documents_after(chunks, k + 1, words)
            for org in orgs:
                for d in docs:
                    yield fact("issued", org, d, "issued-parts", clause, CONFIDENCE["issued-parts"])
            return


def _document_headers(clause: Clause, chunks: tuple[Chunk, ...], env: Env) -> Iterator[Fact]:
    """``教育部办公厅 农业农村部办公厅关于推广…的通知``: a header names its issuers (joined by
    spaces or 、) right before an unquoted ``关于…的通知`` title."""
    text = clause.sentence.text
    base = clause.sentence.start
    for match in _Patterns.of(env.lexicon).header_title.finditer(text):
        s, e = base + match.start(), base + match.end()
        j = next((i for i, c in enumerate(chunks) if c.end == s or (c.end < s and not text[c.end - base : s - base].strip())), None)
        if j is None or not is_org(chunks[j]):
            continue
        agents, _ = agents_before(chunks, j, env.words)
        if not agents:
            continue
        title = match.group(0)
        policy = Chunk(Kind.POLICY, s, e, title, type="Policy", canonical=title, source="policy-header")
        for org in agents:
            yield fact("issued", org, policy, "issued-header", clause, CONFIDENCE["issued-header"])


# --- people: posts, appointments, reporters ------------------------------------------------

def _post_chain(chunks: tuple[Chunk, ...], k: int, words: Words) -> tuple[list[tuple[Chunk | None, list[Chunk], bool]], int]:
    """The chain of posts written right before ``chunks[k]`` (a person), right to left:
    ``中央宣传部副部长，国家广播电视总局党组书记、局长`` → two items ``(body, titles, former)``;
    titles joined by 、 or 兼 stay one item; a new body starts a new item.  Returns the items
    in text order and the index where the chain starts."""
    items: list[tuple[Chunk | None, list[Chunk], bool]] = []
    pos = k - 1
    if pos >= 1 and chunks[pos].kind is Kind.PUNCT and chunks[pos].tag == "space" and chunks[pos - 1].kind is Kind.TITLE:
        pos -= 1  # 部长 任志远, 记者 王某: headings and bylines put a space between
    while pos >= 0:
        titles: list[Chunk] = []
        while pos >= 0 and chunks[pos].kind is Kind.TITLE:
            titles.insert(0, chunks[pos])
            pos -= 1
            if pos >= 1 and (chunks[pos].kind is Kind.ENUM or chunks[pos].text in words.title_join) and chunks[pos - 1].kind is Kind.TITLE:
                titles.insert(0, chunks[pos])  # keep the joiner to write the title as it stands
                pos -= 1
        if not titles:
            break
        # 国家林草局原副局长 / 原国家发展改革委副主任: 原 on either side of the body.
        former = pos >= 0 and chunks[pos].kind is Kind.WORD and chunks[pos].text in words.former
        if former:
            pos -= 1
        org = titles[0].parent  # 人事教育司长: the body is inside the title
        # 商务部国际贸易谈判代表: nouns between the body and the title belong to the title.
        n = 0
        while n < 3 and pos - n >= 0 and _descriptor(chunks[pos - n], words):
            n += 1
        if n and org is None and pos - n >= 0 and is_org(chunks[pos - n]):
            titles = [*chunks[pos - n + 1 : pos + 1], *titles]
            pos -= n
        if org is None and pos >= 0 and (is_org(chunks[pos]) or chunks[pos].kind is Kind.PLACE):
            org = chunks[pos]
            pos -= 1
        elif org is None and pos >= 1 and _of_body(chunks, pos, words):
            # 某中心的(年轻)研究员周某: the body, then 的 and perhaps one describing word.
            pos = _of_body(chunks, pos, words)
            org = chunks[pos]
            pos -= 1
        if not former and pos >= 0 and chunks[pos].kind is Kind.WORD and chunks[pos].text in words.former:
            former = True
            pos -= 1
        items.insert(0, (org, titles, former))
        if pos >= 1 and chunks[pos].kind in (Kind.COMMA, Kind.ENUM) and chunks[pos - 1].kind is Kind.TITLE:
            pos -= 1
            continue
        break
    return items, pos + 1


def _of_body(chunks: tuple[Chunk, ...], pos: int, words: Words) -> int:
    """The index of a body written ``BODY的 [word]`` ending at ``chunks[pos]``, else 0."""
    k = pos
    if chunks[k].kind is Kind.WORD and chunks[k].text != "的" and chunks[k].pos[:1] in ("a", "b", "n") and not chunks[k].tag:
        k -= 1  # one describing word: 年轻, 资深
    if k >= 1 and chunks[k].kind is Kind.WORD and chunks[k].text == "的" and is_org(chunks[k - 1]) and chunks[k - 1].kind is not Kind.UNIT:
        return k - 1
    return 0


def _descriptor(c: Chunk, words: Words) -> bool:
    """A noun that can qualify a title (国际贸易谈判|代表), not a function word."""
    return c.kind is Kind.WORD and not c.tag and (c.pos[:1] in ("n", "j") or c.pos == "vn") and len(c.text) >= 2


def _title_text(titles: list[Chunk]) -> str:
    """Titles as written: 党组书记、局长; 副司长兼新闻发言人 (人事教育司长 → 司长: its body
    is a chunk of its own)."""
    return "".join(t.canonical if t.parent is not None else t.text for t in titles)


def _title_names(titles: list[Chunk]) -> list[str]:
    return [t.canonical or t.text for t in titles if t.kind is Kind.TITLE]


def posts(doc: Doc, env: Env) -> Iterator[Fact]:
    """Posts written around a name: who holds which title in which body.

    * chains before a name — ``工业和信息化部副部长张云明``, ``中央网信办副主任，国家数据局
      党组书记、局长周文涛`` (items split where a new body starts), ``新闻发言人、运行监测
      协调局局长邵某`` (a unit named without its body belongs to the body before it);
    * names that share a chain — ``副部长甲、乙、丙``; ``部长甲，副部长乙`` (the body of the
      first chain carries over to titles that name none);
    * a name, then its title — ``该所马雄飞研究员``, ``邓华院士``;
    * apposition — ``张三，工业和信息化部副部长，…`` and ``张三（某大学教授）``;
    * ``记者许晴`` — a journalist named in the text is a reporter of the article.
    A head's title (部长, 局长 …) also says who leads the body.
    """
    words = env.words
    media, students, heads = words.media_titles, words.status_titles, words.head_titles
    for clause in doc.clauses:
        chunks = clause.chunks
        last_org: Chunk | None = None  # the body of this sentence's last chain, for 部长甲，副部长乙
        for k, c in enumerate(chunks):
            if c.kind is not Kind.PERSON:
                continue
            items, chain_start = _post_chain(chunks, k, words)
            if items:
                if chain_start > 0 and chunks[chain_start - 1].kind in (Kind.COMMA, Kind.ENUM) and chain_start >= 2 and chunks[chain_start - 2].kind is Kind.PERSON:
                    inherited = last_org
                else:
                    inherited = None
                prev_org: Chunk | None = None
                for n, (org, titles, former) in enumerate(items):
                    names = _title_names(titles)
                    if all(t in students for t in names):
                        continue  # 博士生金某: a name, but no post
                    if all(t in media for t in names):
                        if not former:
                            yield fact("reporter", None, c, "reporter-text", clause, CONFIDENCE["reporter-text"], span=(titles[0].start, c.end))
                        continue
                    if org is not None and org.kind is Kind.PLACE:
                        org = None
                    if org is not None and org.kind is Kind.UNIT and prev_org is not None:
                        yield fact("partOf", org, prev_org, "partOf-chain", clause, CONFIDENCE["partOf-chain"])
                    if org is None and n > 0 and prev_org is not None and len(items) > 1:
                        org = prev_org  # 海关总署新闻发言人、司长: the same body
                    if org is None and inherited is not None:
                        org = inherited
                    rule = "post-former" if former else ("post-chain" if inherited is None else "post-shared")
                    span = ((org.start if org is not None and org.start < titles[0].start else titles[0].start), c.end)
                    yield fact("holds", c, org, rule, clause, CONFIDENCE[rule], title=_title_text(titles), span=span)
                    if org is not None and not former and any(t in heads for t in names):
                        yield fact("leads", c, org, "leads-head-title", clause, CONFIDENCE["leads-head-title"])
                    prev_org = org or prev_org
                    # 副部长甲、乙: the names listed after share the post.
                    j = k + 1
                    while j + 1 < len(chunks) and chunks[j].kind is Kind.ENUM and chunks[j + 1].kind is Kind.PERSON:
                        yield fact("holds", chunks[j + 1], org, "post-shared", clause, CONFIDENCE["post-shared"], title=_title_text(titles), span=(span[0], chunks[j + 1].end))
                        j += 2
                last_org = prev_org or last_org
                # 某大学校长陈立华院士: an honorific after the name as well.
                if k + 1 < len(chunks) and chunks[k + 1].kind is Kind.TITLE and chunks[k + 1].text not in media:
                    yield fact("holds", c, None, "post-name-title", clause, CONFIDENCE["post-name-title"], title=chunks[k + 1].text, span=(c.start, chunks[k + 1].end))
                continue
            # Name, then title: 马雄飞研究员 (after a body: 该所马雄飞研究员).
            if k + 1 < len(chunks) and chunks[k + 1].kind is Kind.TITLE:
                titles = [chunks[k + 1]]
                j = k + 2
                while j + 1 < len(chunks) and chunks[j].kind is Kind.ENUM and chunks[j + 1].kind is Kind.TITLE:
                    titles += [chunks[j], chunks[j + 1]]
                    j += 2
                names = _title_names(titles)
                if all(t in media or t in students for t in names):
                    continue
                org = chunks[k - 1] if k > 0 and is_org(chunks[k - 1]) and chunks[k - 1].kind is not Kind.UNIT else None
                start = org.start if org is not None else c.start
                yield fact("holds", c, org, "post-name-title", clause, CONFIDENCE["post-name-title"], title=_title_text(titles), span=(start, titles[-1].end))
                continue
            # Apposition: 张三，工业和信息化部副部长，…  /  张三（某大学教授）
            yield from _apposition(clause, chunks, k, words)


def _title_run(chunks: tuple[Chunk, ...], j: int, words: Words) -> tuple[list[Chunk], int]:
    """The titles from ``chunks[j]`` on, with the marks that join them (党组成员、副院长:
    one post, written as it stands), and the index after them."""
    titles: list[Chunk] = []
    while j < len(chunks) and chunks[j].kind is Kind.TITLE:
        titles.append(chunks[j])
        j += 1
        if j + 1 < len(chunks) and (chunks[j].kind is Kind.ENUM or chunks[j].text in words.title_join) and chunks[j + 1].kind is Kind.TITLE:
            titles.append(chunks[j])
            j += 1
    return titles, j


def _apposition(clause: Clause, chunks: tuple[Chunk, ...], k: int, words: Words) -> Iterator[Fact]:
    person = chunks[k]
    if k + 2 >= len(chunks) or chunks[k + 1].text not in ("，", ",", "（", "("):
        return
    opened = chunks[k + 1].text in "（("
    j = k + 2
    org = None
    if j < len(chunks) and (is_org(chunks[j]) and chunks[j].kind is not Kind.COREF):
        org = chunks[j]
        j += 1
    titles, j = _title_run(chunks, j, words)
    if not titles or all(t in words.media_titles or t in words.status_titles for t in _title_names(titles)):
        return
    closer = chunks[j].text if j < len(chunks) else "。"
    if opened and closer not in ("）", ")"):
        return
    if not opened and closer not in ("，", ",", "。", "；", ";") and not (j < len(chunks) and chunks[j].kind is Kind.ENUM):
        return
    if org is None and not opened:
        return  # 张三，副部长，… is too loose without a body
    if org is not None and org.kind is Kind.UNIT:
        org = None if not org.parent else org
    yield fact("holds", person, org, "post-apposition", clause, CONFIDENCE["post-apposition"], title=_title_text(titles), span=(person.start, titles[-1].end))


def appointments(doc: Doc, env: Env) -> Iterator[Fact]:
    """Appointments: the frame of 任命/出任/升任/接任 … and 免去/不再担任.

    * ``任命[甲大学党委书记]张三为乙部副部长`` — the person after 任命 (with the post the chain
      before the name gives) takes the post after 为;
    * ``张三（被国务院）任命为…``, ``张三出任/升任/调任/接任/兼任/任…``, ``当选为…``, ``增补为…``;
    * ``免去张三的乙部副部长职务``, ``张三不再担任…`` — a post held until now.
    The post after the verb is a chain of bodies and titles (``国资委党委委员``,
    ``全国政协委员、外事委员会副主任``).
    """
    words = env.words
    person_object = env.lexicon.words("person-object")
    replaces = env.lexicon.words("replace")
    links = env.lexicon.words("object-link")
    for clause in doc.clauses:
        chunks = clause.chunks
        for i, verb in enumerate(chunks):
            if verb.kind is not Kind.VERB or verb.tag not in ("appoint", "dismiss"):
                continue
            person: Chunk | None = None
            others: list[Chunk] = []
            # 任命张三为…, 免去张三的…
            if verb.text in person_object and i + 1 < len(chunks) and chunks[i + 1].text not in links:
                # the person may stand after a chain of their current posts: 任命甲大学党委书记张三
                j = i + 1
                while j < len(chunks) and j - i <= 6 and chunks[j].kind in (Kind.ORG, Kind.UNIT, Kind.TITLE, Kind.ENUM, Kind.PLACE):
                    j += 1
                if j < len(chunks) and chunks[j].kind is Kind.PERSON:
                    person = chunks[j]
                    after = j + 1
                    others = []
                    while after + 1 < len(chunks) and chunks[after].kind is Kind.ENUM and chunks[after + 1].kind is Kind.PERSON:
                        others.append(chunks[after + 1])  # 增补甲、乙为…: both take the post
                        after += 2
                    if after < len(chunks) and chunks[after].text in links:
                        after += 1
                    elif verb.tag != "dismiss":
                        continue
                else:
                    continue
            else:
                # 张三（被国务院）任命为 / 出任 / 升任 …: the person stands before the verb.
                j = skip_adjuncts_left(chunks, i, words)
                if j >= 0 and chunks[j].kind is Kind.WORD and chunks[j].text in words.passive:
                    j = skip_adjuncts_left(chunks, j, words)
                if j >= 1 and chunks[j].kind in (Kind.ORG,) and chunks[j - 1].text in words.passive:
                    j = skip_adjuncts_left(chunks, j - 1, words)
                if j >= 0 and chunks[j].kind is Kind.WORD and chunks[j].text in words.future:
                    continue
                if j >= 1 and chunks[j].kind is Kind.TITLE and chunks[j - 1].kind is Kind.PERSON:
                    j -= 1  # 邝某教授现任…
                if j >= 0 and chunks[j].kind is Kind.COMMA:
                    found = _subject_before(chunks, j + 1, words)  # 张三，现任…
                    if found is None:
                        continue
                    j = chunks.index(found)
                if j < 0 or chunks[j].kind is not Kind.PERSON or (j >= 1 and chunks[j - 1].kind is Kind.WORD and chunks[j - 1].text in replaces and _subject_before(chunks, j - 1, words) is None):
                    # 曾任某大学化学学院院长的邝某, 接替某某任国家海洋局局长的王某: the person
                    # the clause describes stands after it.
                    after = i + 1 + (1 if i + 1 < len(chunks) and chunks[i + 1].text == "为" else 0)
                    holder = _relative_holder(chunks, after)
                    if holder is not None:
                        yield from _posts_after(clause, chunks, after, holder, verb, words, env)
                    continue
                person = chunks[j]
                if j >= 1 and chunks[j - 1].kind is Kind.WORD and chunks[j - 1].text in replaces:
                    # 接替张三任…: 张三 is the one replaced; the subject stands further left.
                    person = _subject_before(chunks, j - 1, words)
                    if person is None:
                        continue
                after = i + 1
                if after < len(chunks) and chunks[after].text in links:
                    after += 1
            yield from _posts_after(clause, chunks, after, person, verb, words, env)
            for other in others:
                yield from _posts_after(clause, chunks, after, other, verb, words, env)


def _subject_before(chunks: tuple[Chunk, ...], j: int, words: Words) -> Chunk | None:
    """The person a clause is about, left of ``chunks[j]``: 陈某，在2月接替… → 陈某."""
    k = j - 1
    while k >= 0 and j - k <= 30:
        c = chunks[k]
        if c.kind is Kind.PERSON:
            return c
        if c.kind is Kind.PUNCT and c.text in "。；;！？":
            return None
        k -= 1
    return None


def _relative_holder(chunks: tuple[Chunk, ...], j: int) -> Chunk | None:
    """The person after ``[body] title 的`` (曾任某大学化学学院院长的邝某)."""
    k = j
    while k < len(chunks) and k - j <= 6 and chunks[k].kind in (Kind.ORG, Kind.UNIT, Kind.TITLE, Kind.ENUM, Kind.PLACE):
        k += 1
    if k + 1 < len(chunks) and k > j and chunks[k].text == "的" and chunks[k + 1].kind is Kind.PERSON:
        return chunks[k + 1]
    return None


def _posts_after(clause: Clause, chunks: tuple[Chunk, ...], j: int, person: Chunk, verb: Chunk, words: Words, env: Env) -> Iterator[Fact]:
    """The chain of posts after an appointment verb: ``[body] title（、title）*``, items
    separated by 、 when a new body starts (全国政协委员、外事委员会副主任)."""
    prev_org: Chunk | None = None
    former = verb.tag == "dismiss" or env.lexicon.trigger_notes.get(verb.canonical) == "former"
    rule = "post-former" if former else "post-appointment"
    while j < len(chunks):
        org = None
        if chunks[j].kind in (Kind.ORG, Kind.UNIT, Kind.COREF) or (chunks[j].kind is Kind.PLACE):
            org = chunks[j] if chunks[j].kind is not Kind.PLACE else None
            j += 1
        titles, j = _title_run(chunks, j, words)
        if not titles:
            return
        if org is not None and org.kind is Kind.UNIT:
            if prev_org is not None:
                yield fact("partOf", org, prev_org, "partOf-chain", clause, CONFIDENCE["partOf-chain"])
            else:
                org = None
        if org is None:
            org = prev_org
        yield fact("holds", person, org, rule, clause, CONFIDENCE[rule], title=_title_text(titles), span=(person.start, titles[-1].end) if person.start < titles[-1].end else (verb.start, titles[-1].end))
        prev_org = org
        if j + 1 < len(chunks) and chunks[j].kind is Kind.ENUM:
            j += 1
            continue
        return


# --- teams and members ----------------------------------------------------------------------

def _institution(team: Chunk, refers: dict[Chunk, Chunk]) -> Chunk | None:
    """The body a team belongs to: its parent, through 该校 and nested teams."""
    p = team.parent
    while p is not None:
        target = _referent(p, refers)
        if target is None:
            return None
        if target.type != "ResearchTeam":
            return target
        p = target.parent
    return None


def teams(doc: Doc, env: Env) -> Iterator[Fact]:
    """Who leads a team and where they work.

    * a name inside the team's name: ``该所马雄飞研究员团队``, ``X学院教授黄某团队`` — the
      leader leads the team, and holds the title written with the name in the team's body
      (or is affiliated with it when no title is written);
    * ``由张三（教授）领衔的…团队``.
    """
    refers = _refers(env)
    lead_verbs = env.lexicon.words("lead-verb")
    for clause in doc.clauses:
        chunks = clause.chunks
        for k, c in enumerate(chunks):
            for team in (x for x in c.nested() if x.kind is Kind.ORG and x.type == "ResearchTeam"):
                inst = _institution(team, refers)
                titles = [p for p in team.parts if p.kind is Kind.TITLE]
                for leader in team.people():
                    yield fact("leads", leader, team, "leads-team-name", clause, CONFIDENCE["leads-team-name"])
                    # 肖某教授和王某研究员团队: the titles right beside each name are that leader's
                    # (教授郭某院士团队: both).
                    own = [t for t in titles if t.start == leader.end or t.end == leader.start]
                    for t in own:
                        yield fact("holds", leader, team.parent if team.parent is not None and inst is not None else None, "post-team", clause, CONFIDENCE["post-team"], title=t.text, span=(team.start, team.end))
                    if not own and inst is not None:
                        yield fact("affiliatedWith", leader, team.parent, "team-member", clause, CONFIDENCE["team-member"])
            if c.kind is Kind.ORG and c.type == "ResearchTeam" and k >= 2:
                # 由 P (T)? 领衔 的 … 团队
                for j in range(k - 1, max(-1, k - 8), -1):
                    if chunks[j].text in lead_verbs and j >= 1:
                        people = [x for x in chunks[max(0, j - 4) : j] if x.kind is Kind.PERSON]
                        if people:
                            yield fact("leads", people[-1], c, "leads-led-by", clause, CONFIDENCE["leads-led-by"])
                        break


def members(doc: Doc, env: Env) -> Iterator[Fact]:
    """``中科院化学所程远、邵宁、韩晓东等``: names listed right after a body work there."""
    for clause in doc.clauses:
        chunks = clause.chunks
        for k, c in enumerate(chunks):
            if c.kind is not Kind.PERSON or (k + 1 < len(chunks) and chunks[k + 1].kind is Kind.TITLE):
                continue
            j = k - 1
            while j >= 1 and chunks[j].kind is Kind.ENUM and chunks[j - 1].kind is Kind.PERSON:
                j -= 2
            if j >= 0 and chunks[j].kind in (Kind.ORG, Kind.COREF) and chunks[j].type not in ("MediaOutlet",):
                if j >= 1 and chunks[j - 1].kind is Kind.WORD and chunks[j - 1].text in env.words.source_prep:
                    continue
                yield fact("affiliatedWith", c, chunks[j], "member-list", clause, CONFIDENCE["member-list"])


# --- organizations: nesting and places ---------------------------------------------------------

def nesting(doc: Doc, env: Env) -> Iterator[Fact]:
    """``中国农业科学院棉花研究所`` partOf ``中国农业科学院``, at every level of nesting; a body
    named after a place below the national level (甘肃省通信管理局) is located in it."""
    for clause in doc.clauses:
        done: set[Chunk] = set()
        for c in clause.chunks:
            for x in c.nested():
                if x.kind not in (Kind.ORG, Kind.UNIT) or x in done:
                    continue
                done.add(x)
                if x.parent is not None:
                    yield fact("partOf", x, x.parent, "partOf-name", clause, CONFIDENCE["partOf-name"])
                places = [p for p in x.parts if p.kind is Kind.PLACE and p.start == x.start]
                if places and x.parent is None:
                    place = max((p for p in x.parts if p.kind is Kind.PLACE), key=lambda p: p.start)
                    entry = env.lexicon.lookup(place.canonical or place.text)
                    if entry is None or entry.level != "country":
                        yield fact("locatedIn", x, place, "locatedIn-name", clause, CONFIDENCE["locatedIn-name"])


# --- results and journals --------------------------------------------------------------------



@dataclass(frozen=True)
class _Patterns:
    """The regular expressions of the rules, built once per lexicon from its word classes."""

    progress: re.Pattern[str]  # 在X方面取得重要进展
    paper_about: re.Pattern[str]  # 关于X的研究成果
    paper_of: re.Pattern[str]  # 的X研究成果发表…
    credit_after: re.Pattern[str]  # 王某/摄
    measure: re.Pattern[str]  # 5G基站达到425万个
    measure_drop: re.Pattern[str]
    measure_lead: re.Pattern[str]
    measure_trail: re.Pattern[str]
    report_after: re.Pattern[str]  # 某局数据显示
    hold: re.Pattern[str]  # 举行, 召开 …
    event_drop: re.Pattern[str]
    event_lead: re.Pattern[str]
    event_mark: re.Pattern[str]
    title_intro: re.Pattern[str]  # 题为《…》
    about_lead: re.Pattern[str]  # 关于X的…
    year_lead: re.Pattern[str]  # 截至2024年…
    event: re.Pattern[str]  # a meeting's name, ending in an event word
    header_title: re.Pattern[str]  # an unquoted 关于…的通知 after a document header
    # What a match of ``event`` and ``measure`` must contain: a cheap search that spares a
    # sentence without it the patterns' lazy leading runs, tried at every character.
    event_gate: re.Pattern[str]
    measure_gate: re.Pattern[str]

    @classmethod
    def of(cls, lexicon: Lexicon) -> _Patterns:
        return _patterns(lexicon)


@lru_cache(maxsize=4)
def _patterns(lexicon: Lexicon) -> _Patterns:
    w, h = lexicon.words, lexicon.head_set
    paper = alternation(h("paper"))
    units = alternation(u for u in lexicon.heads("unit"))
    hold = alternation(w("hold-verb"))
    return _Patterns(
        progress=re.compile(
            rf"(?:{alternation(w('loc-prep'))})(?P<topic>[^，。；,;]{{2,30}}?)(?:研究)?(?:{alternation(w('progress-field'))})(?:{alternation(w('progress-verb'))})"
            rf"(?:{alternation(w('aux'))})?(?:{alternation(w('progress-adj'))})*(?:{alternation(w('progress-noun'))})"
        ),
        paper_about=re.compile(rf"(?:{alternation(w('about'))})(?P<topic>[^，。；,;《》]{{2,40}}?)的(?:研究|最新)?(?:{paper})"),
        paper_of=re.compile(rf"的(?P<topic>[^，。；,;《》的]{{2,24}}?)(?:{paper})(?:{alternation(w('paper-follow'))})"),
        credit_after=re.compile(rf"\s*/?\s*(?:{alternation(h('photo-role'))})(?![\u4e00-\u9fff])"),
        measure=re.compile(
            r"(?P<what>[^，,。；;：:！？、“”（）()]{2,28}?)"
            rf"(?P<verb>{alternation(w('measure-verb'))})"
            r"(?P<value>[0-9]+(?:\.[0-9]+)?)\s*"
            rf"(?P<unit>{units})?"
        ),
        measure_drop=re.compile(rf"^(?:(?:{alternation(w('as-of'))})?(?:19|20)[0-9]{{2}}年(?:[0-9]{{1,2}}月)?(?:底|末|初)?(?:以来)?，?|{alternation(w('measure-drop'))})+"),
        year_lead=re.compile(rf"(?:{alternation(w('as-of'))})?((?:19|20)[0-9]{{2}})年"),
        event=re.compile(rf"(?P<name>(?:[“\"][^”\"]{{2,30}}[”\"])?[^，。、；：:,;“”\"（）()]{{0,24}}?(?:{alternation(h('event'))}))"),
        event_gate=re.compile(alternation(h("event"))),
        header_title=re.compile(rf"关于[^。；，,《》“”\s]{{2,60}}?的(?:[^，。；\s的]{{0,4}}?)(?:{alternation(h('header-document'))})(?=[\s\u3000，。；（(]|$)"),
        measure_gate=re.compile(rf"(?:{alternation(w('measure-verb'))})[0-9]"),
        measure_lead=re.compile(rf"^(?:{alternation(w('measure-lead'))})"),
        measure_trail=re.compile(rf"(?:{alternation(w('measure-trail'))})+$"),
        report_after=re.compile(rf"^(?:{alternation(w('report-verb'))})"),
        hold=re.compile(rf"(?:{hold})"),
        event_drop=re.compile(rf"^(?:.*(?:{hold})的?|{alternation(w('loc-prep') | w('attend-verb'))})"),
        event_lead=re.compile(rf"^(?:[0-9]{{1,2}}日|{alternation(w('time') | w('loc-prep'))})+"),
        event_mark=re.compile(rf"[“\"0-9]|{alternation(w('event-mark'))}"),
        title_intro=re.compile(rf"^(?:{alternation(w('paper-title-intro'))})《([^》]+)》"),
        about_lead=re.compile(rf"^(?:{alternation(w('about'))})(.{{2,40}}?)的"),
    )

_CLAUSE_BREAK = "；;"


def _subclauses(chunks: tuple[Chunk, ...]) -> list[tuple[Chunk, ...]]:
    """A sentence cut at ；: each part says what its own subject did (A发现了X；B揭示了Y)."""
    out: list[list[Chunk]] = [[]]
    for c in chunks:
        # A space between words is a break too: web and OCR text runs captions and
        # sentences together with only a space between them.
        if c.kind is Kind.PUNCT and (c.text in _CLAUSE_BREAK or c.tag == "space"):
            out.append([])
        else:
            out[-1].append(c)
    return [tuple(x) for x in out if x]


def results(doc: Doc, env: Env) -> Iterator[Fact]:
    """Research results, who achieved them, and where they were published.

    * achieving frame — ``[achievers] …研制出/揭示了/首次实现 [result]``: the achievers are
      the teams (else bodies and people) in the subject of the clause, before its first verb
      (a team achieves through its institution and leaders; a body the news came from —
      记者从X获悉 — and the paper's own staff are not achievers);
    * paper frame — ``A团队（关于|有关|对）X的研究成果发表在《J》上``, ``A团队的X研究成果``:
      the result is X;
    * publishing frame — ``A在《J》（在线）发表（论文|研究成果），报道了X``: the result is
      what the paper reports; ``发表了题为《T》的论文``: the paper's title;
    * progress — ``在X方面取得重要进展``;
    * journals — a journal in the same sentence as a result and a publishing verb is where it
      was published; a sentence that only says results were published (相关成果发表于《J》,
      两项成果同期在《J》发表) links its journal to the results of its paragraph that have
      none: those before it, else those the following sentences describe.
    """
    words = env.words
    lex = env.lexicon
    refers = _refers(env)
    rw = _ResultWords.of(env)
    pats = _Patterns.of(lex)
    oblique = lex.words("oblique")
    purpose = lex.words("purpose")
    # People the article names only by a non-research title (局长, 总书记): they set goals,
    # they do not achieve research results.
    research_kinds = {"academic", "honorary", "status"}
    kinds: dict[Chunk, set[str]] = {}
    for f in env.given["posts"]:
        if f.predicate == "holds" and f.subject is not None:
            kinds.setdefault(f.subject, set()).update(lex.titles.get(t, "staff") for t in re.split(r"[、兼]", f.title))
    officials = {p for p, ks in kinds.items() if not ks & research_kinds}
    pub_where = lex.words("pub-where")
    causative = lex.words("causative")
    led: dict[Chunk, list[Chunk]] = {}
    for f in env.given["teams"]:
        if f.predicate == "leads" and f.rule == "leads-led-by" and f.subject is not None and f.object is not None:
            led.setdefault(f.object, []).append(f.subject)
    generic = rw.generic
    research = lex.head_set("result-noun")
    made: list[tuple[Clause, Chunk, list[Chunk], list[Chunk]]] = []  # (clause, result, achievers, journals)
    summaries: list[tuple[Clause, list[Chunk]]] = []
    for clause in doc.clauses:
        text = clause.sentence.text
        base = clause.sentence.start
        has_research = any(w in text for w in research)
        sentence_achievers: list[Chunk] = []
        found_here: list[Chunk] = []
        for part in _subclauses(clause.chunks):
            achievers = _achievers(part, refers, words, led, pats) or sentence_achievers
            if achievers and not sentence_achievers:
                sentence_achievers = achievers
            journals = [c for c in part if c.kind is Kind.JOURNAL]
            publishes = any(c.kind is Kind.VERB and c.tag == "publish" for c in part)
            results_here: list[Chunk] = []
            covered = -1
            for k, c in enumerate(part):
                if c.kind is not Kind.VERB or c.tag not in ("achieve", "publish") or c.start < covered:
                    continue
                if c.tag == "publish" and not _publish_object(part, k, pub_where):
                    continue  # 发表在…上 is about where, not what
                before = text[max(0, c.start - base - 4) : c.start - base]
                if any(before.endswith(m) for m in words.modal) or any(before.endswith(f) for f in words.future):
                    continue  # 能揭示, 有望实现: what a result can do
                if before.endswith(tuple(oblique)) or _caused(part, k, causative | purpose):
                    continue  # 对培育…具有意义, 让小麦具备…, 以期…开发: not the subject's own result
                if c.kind is Kind.VERB and any(x.kind is Kind.PERSON and x in officials for x in achievers) and all(a.kind is Kind.PERSON for a in achievers):
                    continue  # an official "打造"s or "提出"s goals: no research result
                label, s, e = _result_phrase(text, base, c.end, rw, pats)
                if label is None or any(x.kind in (Kind.ORG, Kind.PERSON, Kind.COREF) and s <= x.start and x.end <= e for x in part):
                    continue  # (a label never holds a body or a person: 发表了某团队的…)
                if not achievers:
                    continue
                if all(a.type == "Person" for a in achievers) and not has_research:
                    continue  # a person "提出" demands: no research in sight
                covered = e
                results_here.append(Chunk(Kind.RESULT, s, e, text[s - base : e - base], type="ResearchResult", canonical=label, source="result-trigger"))
            # a paper's title (以《T》为题发表, 题为《T》的论文) names what was published
            if not results_here and achievers and (publishes or journals):
                for x in part:
                    if x.kind is Kind.BOOK and x.source == "paper-title" and len(x.canonical) >= 3:
                        results_here.append(Chunk(Kind.RESULT, x.start + 1, x.end - 1, x.text[1:-1], type="ResearchResult", canonical=x.canonical, source="result-trigger"))
            # the paper frame: [A团队]关于X的研究成果 — its achievers are whoever the phrase
            # belongs to (Nature发表了A团队关于X的成果), else the clause's subject.
            if not results_here and (publishes or journals):
                for pattern in (pats.paper_about, pats.paper_of):
                    m = pattern.search(text, _part_start(part) - base, _part_end(part) - base)
                    if m is None:
                        continue
                    topic = _tidy_label(m.group("topic"))
                    owners = _achievers(tuple(x for x in part if x.end <= base + m.start()), refers, words, led, pats, last_verb=True)
                    if owners:
                        achievers = owners
                    if achievers and len(topic) >= 3 and topic not in generic:
                        s = base + m.start("topic")
                        results_here.append(Chunk(Kind.RESULT, s, s + len(m.group("topic")), m.group("topic"), type="ResearchResult", canonical=topic, source="result-paper"))
                        break
            for m in pats.progress.finditer(text, _part_start(part) - base, _part_end(part) - base):
                topic = m.group("topic").lstrip("了")
                if achievers and 2 <= len(topic) <= 30:
                    s = base + m.start("topic")
                    results_here.append(Chunk(Kind.RESULT, s, s + len(topic), topic, type="ResearchResult", canonical=_tidy_label(topic), source="result-progress"))
            for r in results_here:
                rule = {"result-trigger": "achieved-trigger", "result-paper": "achieved-paper", "result-progress": "achieved-progress"}[r.source]
                for who in achievers:
                    yield fact("achieved", who, r, rule, clause, CONFIDENCE[rule])
                # Published where the clause says so: with a publishing verb, or 在《J》报道了….
                own = journals if (publishes or any(j.start > 0 and text[j.start - base - 1 : j.start - base] in words.loc_prep for j in journals)) else []
                if own:
                    for j in own:
                        yield fact("publishedIn", r, j, "published-same-clause", clause, CONFIDENCE["published-same-clause"])
                made.append((clause, r, achievers, own))
            found_here += results_here
        journals = list({(c.canonical or c.text): c for c in clause.chunks if c.kind is Kind.JOURNAL}.values())
        publishes = any(c.kind is Kind.VERB and c.tag == "publish" for c in clause.chunks)
        if journals and publishes and not found_here:
            summaries.append((clause, journals))
    # Summary sentences: their journals go to results that have none — those of the last
    # sentence before that reported any (相关成果发表于…), else those the following sentences
    # of the paragraph describe (两项成果同期在《J》发表。A发现…；B揭示…).
    for clause, journals in summaries:
        if len(journals) > 1:
            continue  # 在《自然》《科学》发表: which result went where is for the clauses to say
        open_ = [(c, r) for c, r, _, own in made if not own]
        before = [c.sentence.start for c, r, _, own in made if c.sentence.end <= clause.sentence.start]
        if before:
            last = max(before)
            targets = [r for c, r in open_ if c.sentence.start == last]
        else:
            targets = [r for c, r in open_ if c.paragraph == clause.paragraph and c.sentence.start >= clause.sentence.end]
        for r in targets:
            for j in journals:
                yield fact("publishedIn", r, j, "published-paragraph", clause, CONFIDENCE["published-paragraph"], span=(j.start, j.end))


def _caused(part: tuple[Chunk, ...], k: int, causative: frozenset[str]) -> bool:
    """Whether the verb at ``k`` follows 让/使 + its object in the same stretch (让X获得)."""
    for j in range(k - 1, -1, -1):
        c = part[j]
        if c.kind in (Kind.COMMA, Kind.PUNCT):
            return False
        if c.kind is Kind.WORD and c.text in causative:
            return True
    return False


def _part_start(part: tuple[Chunk, ...]) -> int:
    return part[0].start


def _part_end(part: tuple[Chunk, ...]) -> int:
    return part[-1].end


def _publish_object(part: tuple[Chunk, ...], k: int, where: frozenset[str]) -> bool:
    """发表了X / 发表X (X the paper or result) — not 发表在/于《J》上."""
    verb = part[k]
    if verb.text[-1:] in where:
        return False
    nxt = part[k + 1] if k + 1 < len(part) else None
    if nxt is None or nxt.kind in (Kind.COMMA, Kind.PUNCT, Kind.JOURNAL):
        return False
    return not (nxt.kind is Kind.WORD and nxt.text in where)


def _achievers(part: tuple[Chunk, ...], refers: dict[Chunk, Chunk], words: Words, led: dict[Chunk, list[Chunk]], pats: _Patterns, last_verb: bool = False) -> list[Chunk]:
    """Who achieved what a clause reports: its teams, else its bodies and people, before the
    verb (``last_verb``: before the end of ``part``, after its last verb — the owner of a
    phrase after the verb)."""
    first = next((i for i, c in enumerate(part) if (c.kind is Kind.VERB and c.tag in ("achieve", "publish")) or c.text == "取得"), len(part))
    begin = 0
    if last_verb:
        first = len(part)
        begin = max((i + 1 for i, c in enumerate(part) if c.kind is Kind.VERB), default=0)
    candidates: list[Chunk] = []
    for i, c in enumerate(part[begin:first], start=begin):
        m: Chunk | None
        if c.kind in (Kind.ORG, Kind.COREF):
            m = _referent(c, refers)
        elif c.kind is Kind.PERSON:
            m = c
        else:
            m = None
        if m is None:
            continue
        prev = part[i - 1] if i > 0 else None
        if prev is not None and prev.kind is Kind.WORD and prev.text in words.source_prep and m.type != "ResearchTeam":
            continue  # 记者从福州大学获悉: where the news came from
        if c.kind is Kind.PERSON and (_staff(part, i) or pats.credit_after.match(_text_after(part, i))):
            continue  # 记者王某, 王某/摄: the paper's staff
        candidates.append(m)
    teams = [m for m in candidates if m.type == "ResearchTeam"]
    if teams:
        candidates = teams  # the team is the subject; the rest of the clause says where it sits
    out: list[Chunk] = []
    for m in candidates:
        if m.type == "ResearchTeam":
            inst = _institution(m, refers)
            members = ([inst] if inst is not None else []) + list(m.people()) + led.get(m, [])
            for x in members or [m]:  # a team known by no body or leader stands for itself
                if x not in out:
                    out.append(x)
            continue
        if m.type in ("MediaOutlet", "GovernmentAgency"):
            continue
        if m not in out:
            out.append(m)
    return out


def _staff(part: tuple[Chunk, ...], i: int) -> bool:
    """A person introduced by a media title (记者 王某)."""
    j = i - 1
    if j >= 0 and part[j].kind is Kind.PUNCT and part[j].tag == "space":
        j -= 1
    return j >= 0 and part[j].kind is Kind.TITLE and part[j].tag == "media"


def _text_after(part: tuple[Chunk, ...], i: int) -> str:
    return "".join(c.text for c in part[i + 1 : i + 4])


@dataclass(frozen=True)
class _ResultWords:
    """The word classes that shape a result's label (grammar.tsv, heads.tsv)."""

    leads: tuple[str, ...]  # 了, 出, 成功 … before the phrase
    quant: tuple[str, ...]  # 一种, 首个, 一系列 …
    stops: tuple[str, ...]  # 可以, 从而, 具有 …: a clause of purpose or a predicate starts
    generic: frozenset[str]  # 方法, 机制, 成果 …: too generic alone
    paper: frozenset[str]  # 论文, 研究成果 …: the paper, not what it reports
    not_result: tuple[str, ...]  # 要求, 目标 …
    ends: tuple[str, ...]  # 后, 时, 发布会 …: a time clause or an event, not a result

    @classmethod
    def of(cls, env: Env) -> _ResultWords:
        lex = env.lexicon
        return cls(
            leads=longest_first(lex.words("result-lead")),
            quant=longest_first(lex.words("result-quant")),
            stops=longest_first(lex.words("result-stop")),
            generic=lex.head_set("result-generic"),
            paper=lex.head_set("paper"),
            not_result=longest_first(lex.head_set("not-result")),
            ends=longest_first(lex.words("result-end") | lex.head_set("event")),
        )


def _result_phrase(text: str, base: int, pos: int, rw: _ResultWords, pats: _Patterns) -> tuple[str | None, int, int]:
    """The result a verb at ``pos`` names: the noun phrase after it, up to the end of the
    clause, a clause of purpose (…，为… / 可以…) or a predicate (具有…).  Quantifiers and
    particles in front are dropped; a label is never a generic head (研究论文), a reference
    (这样的构想), a time clause (…后) or an event."""
    rel = pos - base
    m = re.match(r"[^，。；;,！？：:\s]{2,60}", text[rel:])
    if not m:
        return None, 0, 0
    phrase = m.group(0)
    skip = 0
    changed = True
    while changed:
        changed = False
        for w in rw.leads + rw.quant:
            if phrase[skip:].startswith(w) and len(phrase) - skip - len(w) >= 2:
                skip += len(w)
                changed = True
                break
    phrase = phrase[skip:]
    cut = min((i for i in (phrase.find(w) for w in rw.stops) if i > 0), default=len(phrase))
    phrase = phrase[:cut]
    title = pats.title_intro.match(phrase)
    if title:
        label = title.group(1)
    else:
        label = _tidy_label(re.sub(r"[（(][^（）()]*[）)]", "", phrase))
        about = pats.about_lead.match(label)
        if about and label[about.end() :] in rw.paper | rw.generic:
            label = about.group(1)  # 发表了关于X的研究论文 → X
        tail = next((w for w in longest_first(rw.paper) if label.endswith(w)), None)
        if tail is not None and (label == tail or label[: -len(tail)].isascii()):
            return None, 0, 0  # 发表了研究成果 / 多篇CNS论文: the paper; what it reports comes elsewhere
        if tail is not None and label[: -len(tail)].endswith("的"):
            label = label[: -len(tail) - 1]  # 高效光催化分解水的研究 → what it is about (a possessor is no result: see the caller)
    if len(label) > 40:
        label = label[:40]
    if label in rw.generic or len(label) < 3 or label[0] in "等的和及与了着" or label.isascii():
        return None, 0, 0
    if label.endswith(rw.ends) or label.startswith(rw.not_result) or label.endswith(rw.not_result):
        return None, 0, 0
    s = pos + skip
    return label, s, s + len(phrase)


def _tidy_label(text: str) -> str:
    """Quotes and citation marks ([20]) are not part of a name."""
    return re.sub(r"\[[0-9,，\-–]+\]|[“”\"‘’「」]", "", text).strip()


# --- indicators -------------------------------------------------------------------------------

_YEAR = re.compile(r"(?<![0-9])((?:19|20)[0-9]{2})年")


def indicators(doc: Doc, env: Env) -> Iterator[Measure]:
    """``5G基站达到425万个``, ``规模以上工业增加值同比增长5.8%``: what, value, unit, period,
    and who reported it (据X, X数据显示, or a post holder of the article speaking)."""
    text = doc.article.text
    posts_ = [f for f in env.given["posts"] if f.predicate == "holds" and f.object is not None and f.object.kind is not Kind.COREF]
    speech = env.words.speech
    pats = _Patterns.of(env.lexicon)
    stuck = env.lexicon.words("measure-stuck")
    changes = env.lexicon.words("change-verb")
    according = env.lexicon.words("according")
    paragraph_year: dict[int, str] = {}
    for clause in doc.clauses:
        s0 = clause.sentence.start
        para_start = text.rfind("\n", 0, s0) + 1
        if para_start not in paragraph_year:
            m = pats.year_lead.match(text, para_start)
            paragraph_year[para_start] = m.group(1) if m else ""
    for clause in doc.clauses:
        s0, e0 = clause.sentence.start, clause.sentence.end
        if pats.measure_gate.search(text, s0, e0) is None:
            continue
        years = _YEAR.findall(text, s0, e0)
        period = years[0] if years else (paragraph_year.get(text.rfind("\n", 0, s0) + 1) or None)
        reporter = None
        for c in clause.chunks:
            if c.kind is not Kind.ORG:
                continue
            after = text[c.end : c.end + 6]
            if any(text[max(0, c.start - len(a)) : c.start] == a for a in according) or pats.report_after.match(after):
                reporter = c
                break
        if reporter is None:
            reporter = _speaker_org(clause, posts_, speech) or doc.kicker
        for match in pats.measure.finditer(text, s0, e0):
            what = pats.measure_drop.sub("", match.group("what")).strip()
            what = pats.measure_lead.sub("", what)
            what = pats.measure_trail.sub("", what)
            if len(what) < 2 or re.search(r"[0-9]{2,}", what[-2:]) or what[-1:] in stuck:
                continue
            if _ends_in_verb(clause, match.end("what")):
                continue  # (累计)汇集超过2900万条…: a verb; what was counted comes after the number
            if match.group("verb") == "为" and not match.group("unit"):
                continue
            unit = match.group("unit")
            if unit is None and match.group("verb") not in changes:
                continue
            start = match.end("what") - len(what)
            written = text[match.start("verb") : match.end()]
            yield Measure(what, written, match.group("value"), unit, match.group("verb"), period, reporter, clause.sentence, start, match.end())


def _ends_in_verb(clause: Clause, end: int) -> bool:
    """Whether the words before a number end in a verb (its chunk's part of speech)."""
    last = next((c for c in clause.chunks if c.start < end <= c.end), None)
    return last is not None and last.kind is Kind.WORD and len(last.text) >= 2 and last.pos.startswith("v") and last.end == end


def _speaker_org(clause: Clause, posts_: list[Fact], speech: frozenset[str]) -> Chunk | None:
    """Whose numbers a sentence gives: a post holder of this article speaking in it."""
    text = clause.sentence.text
    for f in posts_:
        name = f.subject.text if f.subject is not None else ""
        i = text.find(name) if name else -1
        if i >= 0 and any(text[i + len(name) : i + len(name) + 8].find(v) >= 0 for v in speech):
            return f.object
    return None


# --- events -----------------------------------------------------------------------------------

def events(doc: Doc, env: Env) -> Iterator[Fact]:
    """Named meetings and press conferences, with their organizer and place when stated."""
    text = doc.article.text
    pats = _Patterns.of(env.lexicon)
    pattern = pats.event
    bare = env.lexicon.head_set("event") | env.lexicon.head_set("event-bare")
    for clause in doc.clauses:
        if pats.event_gate.search(text, clause.sentence.start, clause.sentence.end) is None:
            continue
        for match in pattern.finditer(text, clause.sentence.start, clause.sentence.end):
            name = match.group("name")
            s = match.start("name")
            d = pats.event_drop.match(name)
            if d:
                name, s = name[d.end() :], s + d.end()
            lead = pats.event_lead.match(name)
            if lead:
                name, s = name[lead.end() :], s + lead.end()
            if not name:
                continue
            organizer = None
            inside = None
            for c in clause.chunks:
                if c.kind is not Kind.ORG:
                    continue
                if c.start >= s and c.end <= s + len(name):
                    organizer = inside = c
                    name, s = name[c.start - s :], c.start  # the name starts at the body
                    break
                if c.end <= s and pats.hold.search(text, c.end, match.end()):
                    organizer = c
            if name in bare:
                if organizer is None:
                    continue
                label = (organizer.canonical or organizer.text) + name
            else:
                label = _tidy_label(name)
                # A name, not a kind of meeting: quoted, held by a named body, numbered or national.
                if inside is None and not pats.event_mark.search(name):
                    continue
            if len(label) < 5:
                continue
            ev = Chunk(Kind.EVENT, s, s + len(name), name, type="Event", canonical=label, source="event")
            yield fact("mentions", None, ev, "event", clause, 0.7, span=(ev.start, ev.end))
            if organizer is not None:
                yield fact("organizer", ev, organizer, "organizer-event", clause, CONFIDENCE["organizer-event"])
            place = next((c for c in clause.chunks if c.kind is Kind.PLACE and c.end <= s and text[c.start - 1 : c.start] == "在"), None)
            if place is not None:
                yield fact("locatedIn", ev, place, "locatedIn-event", clause, CONFIDENCE["locatedIn-event"])
