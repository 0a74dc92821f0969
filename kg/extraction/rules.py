"""Relation rules over chunk sequences (see :mod:`kg.extraction.mentions` for the codes).

Each rule is a function ``rule(ctx, sent) -> None`` that adds facts to the context; one
registry, :data:`RULES`, lists them in the order they run.  Each branch says why it exists.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from kg.extraction.mentions import Chunk, M, codes
from kg.records import Article, Sentence

# Confidence of each rule: how often it was right on sentences we wrote and read.
CONFIDENCE = {
    "post-chain": 0.9,
    "name-title": 0.85,
    "org-name-list": 0.8,
    "issued-active": 0.95,
    "issued-passive": 0.9,
    "issued-unquoted": 0.75,
    "issued-parts": 0.8,
    "issued-header": 0.85,
    "post-chain-shared": 0.8,
    "team-name": 0.85,
    "achieved-trigger": 0.8,
    "achieved-progress": 0.75,
    "published-same-sentence": 0.9,
    "published-later-sentence": 0.75,
    "partOf-name": 0.95,
    "partOf-chain": 0.85,
    "leads-team-name": 0.9,
    "leads-led-by": 0.85,
    "leads-head-title": 0.8,
    "locatedIn-event": 0.7,
    "locatedIn-name": 0.7,
    "reporter-byline": 0.99,
    "reporter-text": 0.8,
    "organizer-event": 0.8,
}

# Titles whose holder heads the organization (deputies do not).
_HEAD_TITLES = {"部长", "局长", "司长", "主任", "院长", "校长", "所长", "厅长", "处长", "组长", "负责人", "带头人",
                "董事长", "总经理", "总裁", "主席", "署长", "行长", "会长", "理事长", "社长", "台长", "总干事", "首席科学家"}
_MEDIA_TITLES = {"记者", "通讯员", "特约记者", "实习生", "实习记者", "见习记者", "首席记者"}
_POLICY_HEAD = re.compile(
    r"(?:办法|规定|意见|通知|条例|规划|纲要|方案|决定|法|细则|规范|指引|指南|计划|措施|标准|大纲|说明|制度|准则|规则|"
    r"目录|清单|名录|公告|通告|批复|决议|章程|战略|纲领|导则|要点|政策|通报|公报)"
    r"(?:[（(][^（）()]{0,16}(?:试行|暂行|稿|修订|版|年)[）)])*$"
)
_JOURNAL_CONTEXT = re.compile(r"(?:期刊|杂志|学报|发表在|发表于|刊登在|刊发在|刊发于|在线发表于)\s*$")
_JOURNAL_AFTER = re.compile(r"^\s*(?:\([^)]*\)|（[^）]*）)?\s*(?:上|杂志|期刊|在线|发表|刊发|刊登|以封面)")
_ALIAS_INTRO = re.compile(r"(?:以下简称|下称|简称)[“\"《]?([^，,。；;）)”\"》]{1,20})")
_RESULT_LEADS = re.compile(r"^(?:了|出|并验证了|并验证|并|成功|首次|出了)+")
_RESULT_QUANT = re.compile(r"^(?:首个|首种|首套|首款|首台|首条|首例|一种|一个|一项|一套|一批|一类|一条|多项|多个|一系列|新一代|全新的|新型的?|国际上首个|世界首个|全球首个)+")
_GENERIC_RESULT = {"方法", "新方法", "机制", "新机制", "基础", "结构基础", "进展", "重要进展", "突破", "重大突破", "成果", "技术",
                   "新技术", "思路", "新思路", "途径", "新途径", "模式", "新模式", "材料", "新材料", "体系", "能力", "作用", "关系", "方案",
                   "特征", "双重特征", "特性", "性质", "现象", "效果", "影响", "问题", "目标", "变化", "结果", "作用机制", "方式", "工作"}
# What a policy speech "proposes" or "achieves" — demands, goals, tasks — is no research result.
_NOT_A_RESULT = re.compile(r"(?:要求|意见|建议|倡议|目标|任务|希望|号召|部署|举措|措施|主张|原则|思想|理念|精神|开门红|增长|发展)$|^(?:明确要求|重要指示)")
_RESEARCH_CONTEXT = re.compile(r"研究|科研|团队|实验|成果|论文|期刊|杂志|技术|方法|模型|材料|院士|教授|研究员|课题组|实验室")
_MODAL = re.compile(r"(?:能|可|可以|能够|将|有望|以期|旨在|为了|用于|可望|拟|计划|准备|需要|要|还能|并能)$")
_SOURCE_BEFORE = ("从", "据", "向", "在")
# A photo credit after a name (李明/摄, 李明 摄) and a staff role before it (记者 李明): the
# newspaper's people, never the subject of what an article reports.
_CREDIT_AFTER = re.compile(r"\s*/?\s*摄(?:影)?(?![\u4e00-\u9fff])")
_STAFF_BEFORE = re.compile(r"(?:记者|通讯员|摄影)\s*\Z")
_PROGRESS = re.compile(r"在(?P<topic>[^，。；,;]{2,30}?)(?:研究)?(?:方面|领域|上)取得(?:了)?(?:重要|重大|突破性|新|一系列|系列)*(?:进展|突破|成果)")
_EVENT = re.compile(
    r"(?P<name>(?:[“\"][^”\"]{2,30}[”\"])?[^，。、；：:,;“”\"（）()]{0,24}?"
    r"(?:新闻发布会|发布会|记者招待会|记者会|座谈会|工作会议|会商会议|研讨会|论坛|峰会|博览会|展览会|全体会议|大会))"
)
# Everything up to the verb that holds the event (…在北京举行|的) is not part of its name.
_EVENT_DROP = re.compile(r"^(?:.*(?:举行|召开|主办|举办|开幕|闭幕)的?|在|于|出席|参加)")
_YEAR = re.compile(r"(?<![0-9])((?:19|20)[0-9]{2})年")
_INDICATOR = re.compile(
    r"(?P<what>[^，,。；;：:！？、“”（）()]{2,28}?)"
    r"(?P<verb>同比增长|同比下降|同比提高|比上年增长|增长|下降|提升至|提高到|提高至|达到|累计达|达|超过|超|突破|总数达到|总数达|共计|为)"
    r"(?P<value>[0-9]+(?:\.[0-9]+)?)\s*"
    r"(?P<unit>%|个百分点|倍|(?:万亿|千亿|亿|千万|百万|万|千)?(?:元|美元|个|家|辆|人次|人|户|项|部|台|所|条|座|吨|公里|千米|米|千瓦时|千瓦|瓦|件|套|张|篇|种|只|头|亩|公顷|平方米|立方米|标准箱|架|艘|次|例|名|位|份|册|台套)|万亿|亿|万)?"
)
_WHAT_DROP = re.compile(r"^(?:(?:截至|截止)?(?:19|20)[0-9]{2}年(?:[0-9]{1,2}月)?(?:底|末|初)?(?:以来)?，?|全年|其中|目前|同时|此外|累计|我国|全国)+")


@dataclass
class Fact:
    """A relation found by a rule, before resolution into entity ids."""

    subject: M
    predicate: str
    object: M
    rule: str
    start: int
    end: int
    sentence: Sentence


@dataclass
class PostFact:
    person: M
    organization: M | None
    title: str
    rule: str
    start: int
    end: int
    sentence: Sentence


@dataclass
class IndicatorFact:
    what: str
    written: str
    value: str
    unit: str | None
    verb: str
    period: str | None
    reported_by: M | None
    start: int
    end: int
    sentence: Sentence


@dataclass
class Context:
    """What the rules of one article share and produce."""

    article: Article
    text: str
    facts: list[Fact] = field(default_factory=list)
    posts: list[PostFact] = field(default_factory=list)
    indicators: list[IndicatorFact] = field(default_factory=list)
    results: list[M] = field(default_factory=list)  # in text order
    policies: list[M] = field(default_factory=list)
    extra_mentions: list[M] = field(default_factory=list)  # made by rules (results, events …)
    aliases: list[tuple[M, str]] = field(default_factory=list)
    paragraph_year: dict[int, str] = field(default_factory=dict)
    words: Callable[[str], list] = lambda text: []  # segmentation with dictionary tags  # type: ignore[type-arg]
    kicker_org: M | None = None  # 工业和信息化部： above the headline speaks for the article

    def speaker_org(self, sent: Sent) -> M | None:
        """Whose numbers a sentence gives: a post holder of this article speaking in it
        (陶青介绍, …), else the body the kicker names."""
        for post in self.posts:
            if post.organization is not None and post.person.canonical in sent.sentence.text and re.search(
                rf"{re.escape(post.person.canonical or '')}(?:[^，。]{{0,6}})?(?:介绍|表示|说|指出|称)", sent.sentence.text
            ):
                return post.organization
        return self.kicker_org

    def add(self, s: M, p: str, o: M, rule: str, sent: Sentence) -> None:
        self.facts.append(Fact(s, p, o, rule, min(s.start, o.start), max(s.end, o.end), sent))


@dataclass
class Sent:
    sentence: Sentence
    chunks: list[Chunk]

    @property
    def codes(self) -> str:
        return codes(self.chunks)


def _org(c: Chunk) -> M | None:
    """The organization a chunk stands for (a resolved coreference head included)."""
    m = c.mention
    if m is None:
        return None
    if c.code == "H":
        return m.ref
    if c.code in ("O",):
        return m
    return None


# --- 《》 titles ---------------------------------------------------------------------------

def classify_titles(ctx: Context, sent: Sent) -> None:
    """Decide for every 《…》 whether it names a policy, a journal, or something else.

    A journal is known to the lexicon or sits where journals sit (发表在《…》上); a policy
    ends in a document word (办法, 意见, 规划 …) or is what an issuing verb acts on.
    """
    chunks = sent.chunks
    for i, c in enumerate(chunks):
        if c.code != "B" or c.mention is None:
            continue
        m = c.mention
        inner = m.canonical or ""
        before = ctx.text[max(sent.sentence.start, c.start - 8) : c.start]
        after = ctx.text[c.end : c.end + 8]
        prev_trigger = any(ch.code == "I" for ch in chunks[max(0, i - 3) : i])
        if _JOURNAL_CONTEXT.search(before) or (_JOURNAL_AFTER.match(after) and any(ch.code == "S" for ch in chunks[i:])) or re.fullmatch(r"[A-Za-z][A-Za-z .&:-]{2,60}", inner) and any(ch.code == "S" for ch in chunks):
            m.code, m.type, m.rule = "J", "Journal", "journal-context"
        elif _POLICY_HEAD.search(inner) or prev_trigger:
            m.code, m.type, m.rule = "Q", "Policy", "policy-title"
        chunks[i] = Chunk(m.code, c.start, c.end, c.text, m)


def short_titles(ctx: Context, sent: Sent) -> None:
    """``（以下简称《通用大纲》）`` and a bare 《意见》 after 《关于…的意见》 are aliases, not new policies."""
    chunks = sent.chunks
    for i, c in enumerate(chunks):
        m = c.mention
        if m is None or c.code not in ("Q", "B"):
            continue
        before = ctx.text[max(sent.sentence.start, c.start - 6) : c.start]
        title = m.canonical or ""
        if re.search(r"(?:以下简称|下称|简称)$", before) and ctx.policies:
            target = ctx.policies[-1]
            ctx.aliases.append((target, title))
            m.attrs["alias_of"] = target
            chunks[i] = Chunk("w", c.start, c.end, c.text, None)
            continue
        if c.code == "Q":
            full = next((p for p in reversed(ctx.policies) if p.canonical != title and (p.canonical or "").endswith(title)), None)
            if full is not None and len(title) <= 6:
                m.attrs["alias_of"] = full
                ctx.aliases.append((full, title))
                chunks[i] = Chunk("w", c.start, c.end, c.text, None)
                continue
            if len(title) <= 3:
                chunks[i] = Chunk("B", c.start, c.end, c.text, m)  # 《决定》 alone: too vague to be an entity
                m.code, m.type = "B", ""
                continue
            ctx.policies.append(m)
    # Unquoted short names: (以下简称可研大纲) after a policy named without 《》.
    for match in _ALIAS_INTRO.finditer(ctx.text, sent.sentence.start, sent.sentence.end):
        if ctx.policies and not ctx.text[match.start(1) - 1 : match.start(1)] in ("《",):
            target = next((p for p in reversed(ctx.policies) if p.start < match.start()), None)
            if target is not None:
                ctx.aliases.append((target, match.group(1)))


# --- people and posts ---------------------------------------------------------------------

_CHAIN = re.compile(r"(?:[OUH]?T(?:dT)*[cd])*[OUH]?T(?:dT)*$")


def posts(ctx: Context, sent: Sent) -> None:
    """Posts and affiliations written around a name.

    * ``工业和信息化部副部长张云明``; ``中央宣传部副部长，国家广播电视总局党组书记、局长曹淑敏``
      (items split where a new organization starts; titles joined by 、 stay one post);
      a unit with no parent in its item (``宣传司副司长``) belongs to the item before.
    * ``该所马雄飞研究员`` / ``缪峰教授``: name, then title.
    * ``中科院物理所何珂、吕力、马旭村等``: names listed right after an organization.
    * ``记者王海涵``: a journalist named in the text is a reporter of the article.
    """
    chunks, code = sent.chunks, sent.codes
    for k, c in enumerate(chunks):
        if c.code != "P" or c.mention is None:
            continue
        person = c.mention
        match = _CHAIN.search(code[:k])
        if match:
            items = _split_items(chunks[match.start() : k])
            prev_org: M | None = None
            for org_chunk, titles in items:
                org = _org(org_chunk) if org_chunk is not None and org_chunk.code != "U" else None
                if org_chunk is not None and org_chunk.code == "U" and org_chunk.mention is not None:
                    unit = org_chunk.mention
                    if prev_org is not None:
                        unit.parent = prev_org
                        unit.code = "O"
                        org = unit
                    else:
                        org = None
                names = [t.text for t in titles]
                if all(n in _MEDIA_TITLES for n in names):
                    ctx.add(_article_mention(ctx), "reporter", person, "reporter-text", sent.sentence)
                    continue
                if org is None and prev_org is not None and org_chunk is None and len(items) > 1:
                    org = prev_org
                title = "、".join(names)
                start = (org_chunk.start if org_chunk is not None else titles[0].start)
                ctx.posts.append(PostFact(person, org, title, "post-chain", start, c.end, sent.sentence))
                if org is not None and any(n in _HEAD_TITLES for n in names):
                    ctx.add(person, "leads", org, "leads-head-title", sent.sentence)
                prev_org = org or prev_org
                # 中科院副院长李树深、高鸿钧: the names listed after share the post.
                j = k + 1
                while j + 1 < len(chunks) and chunks[j].code == "d" and chunks[j + 1].code == "P" and chunks[j + 1].mention is not None:
                    ctx.posts.append(PostFact(chunks[j + 1].mention, org, title, "post-chain-shared", start, chunks[j + 1].end, sent.sentence))
                    j += 2
            # 南方科技大学校长薛其坤院士: an honorific after the name as well.
            if k + 1 < len(chunks) and chunks[k + 1].code == "T" and chunks[k + 1].text not in _MEDIA_TITLES:
                ctx.posts.append(PostFact(person, None, chunks[k + 1].text, "name-title", c.start, chunks[k + 1].end, sent.sentence))
            continue
        # Name then title: 马雄飞研究员, optionally after an organization.
        if k + 1 < len(chunks) and chunks[k + 1].code == "T":
            t = chunks[k + 1]
            j = k + 2
            titles = [t]
            while j + 1 < len(chunks) and chunks[j].code == "d" and chunks[j + 1].code == "T":
                titles.append(chunks[j + 1])
                j += 2
            names = [x.text for x in titles]
            if all(n in _MEDIA_TITLES for n in names):
                continue
            org_chunk = chunks[k - 1] if k > 0 and chunks[k - 1].code in ("O", "H") else None
            org = _org(org_chunk) if org_chunk is not None else None
            start = org_chunk.start if org_chunk is not None else c.start
            ctx.posts.append(PostFact(person, org, "、".join(names), "name-title", start, titles[-1].end, sent.sentence))
            continue
        # Names listed after an organization: 中科院物理所何珂、吕力、马旭村等.
        j = k - 1
        while j >= 1 and chunks[j].code == "d" and chunks[j - 1].code == "P":
            j -= 2
        if j >= 0 and chunks[j].code in ("O", "H"):
            org = _org(chunks[j])
            if org is not None and org.type != "MediaOutlet":
                ctx.add(person, "affiliatedWith", org, "org-name-list", sent.sentence)


def _split_items(chunks: list[Chunk]) -> list[tuple[Chunk | None, list[Chunk]]]:
    items: list[tuple[Chunk | None, list[Chunk]]] = []
    org: Chunk | None = None
    titles: list[Chunk] = []
    for i, c in enumerate(chunks):
        if c.code in ("O", "U", "H"):
            if titles:
                items.append((org, titles))
                titles = []
            org = c
        elif c.code == "T":
            titles.append(c)
        elif c.code in ("c",) or (c.code == "d" and i + 1 < len(chunks) and chunks[i + 1].code in ("O", "U", "H")):
            if titles:
                items.append((org, titles))
                titles = []
                org = None
    if titles:
        items.append((org, titles))
    return items


def _article_mention(ctx: Context) -> M:
    return M("ART", "Article", 0, 0, ctx.article.id, "article", canonical=ctx.article.id)


def teams(ctx: Context, sent: Sent) -> None:
    """Who leads a team: a name inside the team's name (马雄飞研究员团队), or 由…领衔的 …团队."""
    chunks = sent.chunks
    for k, c in enumerate(chunks):
        m = c.mention
        if m is None:
            continue
        if c.code == "O" and m.type == "ResearchTeam":
            # 该所马雄飞研究员团队: 马雄飞 leads the team and is a 研究员 of 该所.
            inst = _institution(m)
            title = "、".join(t.text for t in m.titles)
            for leader in m.members:
                ctx.add(leader, "leads", m, "leads-team-name", sent.sentence)
                if title:
                    ctx.posts.append(PostFact(leader, inst, title, "team-name", m.start, m.end, sent.sentence))
                elif inst is not None:
                    ctx.add(leader, "affiliatedWith", inst, "team-name", sent.sentence)
        if c.code in ("O",) and m.type == "ResearchTeam" and k >= 2:
            # 由 P (T)? 领衔 的 … 团队
            window = ctx.text[max(sent.sentence.start, c.start - 40) : c.start]
            lead = re.search(r"领衔(?:的)?[^，。]*$", window)
            if lead:
                people = [x.mention for x in chunks[:k] if x.code == "P" and x.mention is not None and x.end <= c.start - len(window) + lead.start() + 40]
                if people:
                    ctx.add(people[-1], "leads", m, "leads-led-by", sent.sentence)


# --- policies --------------------------------------------------------------------------------

_ISSUED = re.compile(r"(?P<subj>[OH](?:(?:[dc]|w)?[OH])*)(?P<mid>w{0,3})I(?P<gap>w{0,2})(?P<obj>Q(?:(?:[dc]?w?|w)Q)*)")
_PASSIVE = re.compile(r"(?P<obj>Q(?:[dc]?Q)*)w{0,2}(?P<by>w)(?P<subj>[OH](?:[dcw]?[OH])*)w{0,2}I")
_CONJ = {"和", "与", "及", "以及", "、", "会同", "同"}
_ADVERB_OK = re.compile(r"^(?:联合|共同|近日|日前|正式|分别|已|于|今天|昨天|[0-9]+日|[0-9]+月[0-9]+日|今年|此前|先后|再次|又|也|还|相继|已经|专门|牵头)$")


def issued(ctx: Context, sent: Sent) -> None:
    """``国家发展改革委、国家数据局联合公布《A》《B》，以及《C》`` → every issuer × every document.

    The issuers are the organizations listed right before the issuing verb (only adverbs
    such as 联合/近日 may come between); the documents are the 《》 titles right after it,
    with 、，以及 和 between them.  ``《X》由A、B印发`` is the passive form.
    """
    chunks, code = sent.chunks, sent.codes
    for match in _ISSUED.finditer(code):
        mid = chunks[match.start("mid") : match.end("mid")]
        if not all(_ADVERB_OK.match(c.text) for c in mid):
            continue
        subj = chunks[match.start("subj") : match.end("subj")]
        if any(c.code == "w" and c.text not in _CONJ for c in subj):
            continue
        gap = chunks[match.start("gap") : match.end("gap")]
        if any(c.text not in ("了", "出", "实施", "施行", "出台") for c in gap):
            continue
        objs = [c.mention for c in chunks[match.start("obj") : match.end("obj")] if c.code == "Q" and c.mention is not None]
        obj_words = [c for c in chunks[match.start("obj") : match.end("obj")] if c.code == "w"]
        if any(c.text not in _CONJ for c in obj_words):
            objs = objs[:1]
        issuers = [o for o in (_org(c) for c in subj) if o is not None]
        for org in issuers:
            for policy in objs:
                ctx.add(org, "issued", policy, "issued-active", sent.sentence)
    for match in _PASSIVE.finditer(code):
        if chunks[match.start("by")].text != "由":
            continue
        objs = [c.mention for c in chunks[match.start("obj") : match.end("obj")] if c.code == "Q" and c.mention is not None]
        issuers = [o for o in (_org(c) for c in chunks[match.start("subj") : match.end("subj")]) if o is not None]
        for org in issuers:
            for policy in objs:
                ctx.add(org, "issued", policy, "issued-passive", sent.sentence)
    _issued_unquoted(ctx, sent)
    _document_headers(ctx, sent)
    _issued_parts(ctx, sent)


# An unquoted document name must end in one of these (通报, 公报 are too often not a title).
_UNQUOTED_HEAD = re.compile(_POLICY_HEAD.pattern.replace("|通报|公报", ""))


_HEADER_TITLE = re.compile(r"关于[^。；，,《》“”\s]{2,60}?的(?:[^，。；\s的]{0,4})?(?:通知|意见|决定|规定|办法|批复|公告|通告|方案|函)")


def _document_headers(ctx: Context, sent: Sent) -> None:
    """``教育部办公厅 农业农村部办公厅关于推广…的通知``: a document header names its issuers
    in front of an unquoted 关于…的通知 title."""
    chunks = sent.chunks
    text = ctx.text
    for match in _HEADER_TITLE.finditer(text, sent.sentence.start, sent.sentence.end):
        k = next((i for i, c in enumerate(chunks) if c.end == match.start() or (c.end < match.start() and not text[c.end : match.start()].strip())), None)
        issuers: list[M] = []
        j = k
        while j is not None and j >= 0:
            c = chunks[j]
            org = _org(c) if c.code in ("O", "H") else None
            if org is not None:
                issuers.append(org)
            elif not (c.code == "x" and not c.text.strip()) and c.code != "d" and c.text not in _CONJ:
                break
            j -= 1
        if not issuers:
            continue
        title = match.group(0)
        policy = M("Q", "Policy", match.start(), match.end(), title, "policy-header", canonical=title)
        ctx.extra_mentions.append(policy)
        ctx.policies.append(policy)
        for org in reversed(issuers):
            ctx.add(org, "issued", policy, "issued-header", sent.sentence)


def _issued_parts(ctx: Context, sent: Sent) -> None:
    """``…印发X，包括《A》、《B》和《C》``: the parts listed after 包括 were issued too."""
    chunks = sent.chunks
    issued_here = [f for f in ctx.facts if f.predicate == "issued" and f.sentence == sent.sentence]
    if not issued_here:
        return
    issuers = list(dict.fromkeys(f.subject for f in issued_here))
    after = max(f.object.end for f in issued_here)
    for k, c in enumerate(chunks):
        if c.start < after or c.code != "w" or c.text not in ("包括", "包含", "含", "分别为", "分别是", "即"):
            continue
        for x in chunks[k + 1 :]:
            if x.code == "Q" and x.mention is not None:
                for org in issuers:
                    ctx.add(org, "issued", x.mention, "issued-parts", sent.sentence)
            elif x.code in ("x",) and x.text in ("。", "；", ";"):
                break


def _issued_unquoted(ctx: Context, sent: Sent) -> None:
    """``国家发展改革委印发投资项目可行性研究报告编写大纲及说明(发改投资规〔2023〕304号)``:
    a document named without 《》 right after the issuing verb, ending in a document word."""
    chunks = sent.chunks
    for k, c in enumerate(chunks):
        if c.code != "I" or k == 0:
            continue
        j = k - 1
        while j >= 0 and chunks[j].code == "w" and _ADVERB_OK.match(chunks[j].text):
            j -= 1
        if j < 0 or chunks[j].code not in ("O", "H"):
            continue
        issuers = []
        while j >= 0 and chunks[j].code in ("O", "H", "d") or (j >= 0 and chunks[j].text in _CONJ):
            org = _org(chunks[j])
            if org is not None:
                issuers.append(org)
            j -= 1
        # The words after the verb up to punctuation or a bracket.
        e = k + 1
        while e < len(chunks) and chunks[e].code == "w" and chunks[e].text not in ("(", "（", "等"):
            e += 1
        if e == k + 1 or any(ch.code not in ("w",) for ch in chunks[k + 1 : e]):
            continue
        phrase = ctx.text[chunks[k + 1].start : chunks[e - 1].end]
        phrase = re.sub(r"^(?:了|实施|出台|发布)+", "", phrase)
        pieces = [p for p in re.split(r"[、和及]", phrase) if p] if "、" in phrase else [phrase]
        offset = chunks[e - 1].end - len(phrase)
        for piece in pieces:
            if not (4 <= len(piece) <= 40) or not _UNQUOTED_HEAD.search(piece):
                continue
            s = ctx.text.index(piece, offset)
            policy = M("Q", "Policy", s, s + len(piece), piece, "policy-unquoted", canonical=piece)
            ctx.extra_mentions.append(policy)
            ctx.policies.append(policy)
            for org in issuers:
                ctx.add(org, "issued", policy, "issued-unquoted", sent.sentence)


# --- results and journals ------------------------------------------------------------------

def results(ctx: Context, sent: Sent) -> None:
    """Research results: ``…团队构建了首个…图谱``, ``在…方面取得重要进展``; with the journal
    when the same sentence names one, or when a later sentence says the results were published."""
    chunks = sent.chunks
    text = ctx.text
    made: list[M] = []
    achievers = _achievers(ctx, sent)
    covered_until = -1
    for k, c in enumerate(chunks):
        if c.code not in ("A", "S") or c.start < covered_until:
            continue  # a trigger inside the phrase of the one before (获得准确解析火线…)
        if c.code == "S" and not text[c.end : c.end + 1] == "了":
            continue  # 发表了X: X is the result; 发表在 is about where
        if _MODAL.search(text[max(sent.sentence.start, c.start - 4) : c.start]):
            continue  # 能揭示…, 有望实现…: what a result can do, not a result
        label, s, e = _result_phrase(ctx, sent, c.end)
        if label is None or not achievers or _NOT_A_RESULT.search(label):
            continue
        if all(a.type == "Person" for a in achievers) and not _RESEARCH_CONTEXT.search(sent.sentence.text):
            continue  # a person "提出" demands or "实现" goals: no research in sight
        covered_until = e
        m = M("R", "ResearchResult", s, e, text[s:e], "result-trigger", canonical=label)
        made.append(m)
    for match in _PROGRESS.finditer(text, sent.sentence.start, sent.sentence.end):
        topic = re.sub(r"^(?:了|在)", "", match.group("topic"))
        if achievers and 2 <= len(topic) <= 30:
            s = match.start("topic")
            made.append(M("R", "ResearchResult", s, s + len(topic), topic, "result-progress", canonical=_tidy_label(topic)))
    journals = [c.mention for c in chunks if c.code == "J" and c.mention is not None]
    for m in made:
        ctx.extra_mentions.append(m)
        ctx.results.append(m)
        for who in achievers:
            ctx.add(who, "achieved", m, "achieved-trigger" if m.rule == "result-trigger" else "achieved-progress", sent.sentence)
        for j in journals:
            ctx.add(m, "publishedIn", j, "published-same-sentence", sent.sentence)
    if journals and not made and any(c.code == "S" for c in chunks):
        # 相关研究成果发表在《自然·通讯》上: the article's latest results.
        recent = [r for r in ctx.results if r.start < sent.sentence.start]
        if recent:
            last_sentence = max(r.start for r in recent)
            for r in recent:
                if r.start >= last_sentence - 200:
                    for j in journals:
                        ctx.add(r, "publishedIn", j, "published-later-sentence", sent.sentence)


def _achievers(ctx: Context, sent: Sent) -> list[M]:
    """Who achieved what a sentence reports: its first organizations and people, before the verb."""
    chunks = sent.chunks
    first_trigger = next((i for i, c in enumerate(chunks) if c.code in ("A", "S") or c.text in ("取得",)), None)
    if first_trigger is None:
        if not _PROGRESS.search(ctx.text, sent.sentence.start, sent.sentence.end):
            return []
        first_trigger = len(chunks)
    out: list[M] = []
    candidates = []
    for c in chunks[:first_trigger]:
        m = _org(c) if c.code in ("O", "H") else c.mention if c.code == "P" else None
        if m is None:
            continue
        if ctx.text[c.start - 1 : c.start] in _SOURCE_BEFORE and m.type != "ResearchTeam":
            continue  # 记者从福州大学获悉: where the news came from, not who did the work
        if c.code == "P" and (_CREDIT_AFTER.match(ctx.text, c.end) or _STAFF_BEFORE.search(ctx.text, max(0, c.start - 6), c.start)):
            continue  # 记者 王海涵/摄: the paper's staff, not who did the work
        candidates.append(m)
    teams = [m for m in candidates if m.type == "ResearchTeam"]
    if teams:
        candidates = teams  # the team is the subject; the rest of the clause says where it sits
    for m in candidates:
        if m.type == "ResearchTeam":
            # A team achieves through its institution and its leaders.
            inst = _institution(m)
            for x in ([inst] if inst is not None else []) + list(m.members):
                if x not in out:
                    out.append(x)
            continue
        if m.type in ("MediaOutlet", "GovernmentAgency"):
            continue
        if m not in out:
            out.append(m)
    return out


def _institution(team: M) -> M | None:
    p = team.parent
    while p is not None:
        target = p.ref if p.code == "H" else p
        if target is None:
            return None
        if target.type != "ResearchTeam":
            return target
        p = target.parent
    return None


def _result_phrase(ctx: Context, sent: Sent, pos: int) -> tuple[str | None, int, int]:
    text = ctx.text
    end = sent.sentence.end
    m = re.match(r"[^，。；;,！？]{2,60}", text[pos:end])
    if not m:
        return None, 0, 0
    phrase = m.group(0)
    lead = _RESULT_LEADS.match(phrase)
    skip = lead.end() if lead else 0
    phrase = phrase[skip:]
    quant = _RESULT_QUANT.match(phrase)
    if quant:
        skip += quant.end()
        phrase = phrase[quant.end() :]
    s = pos + skip
    # Stop at a clause that says what the result is for (…，为… / 可…).
    phrase = re.split(r"(?:，|,|；|。|可以|可引导|能够|并在|并将|为进一步)", phrase)[0]
    if len(phrase) < 3:
        return None, 0, 0
    label = _tidy_label(phrase)
    if "的" in label:
        tail = label.rsplit("的", 1)[1]
        if len(tail) >= 4 and tail not in _GENERIC_RESULT:
            label = tail
    if len(label) > 30:
        label = label[-30:]
    if label in _GENERIC_RESULT or len(label) < 3 or label[0] in "等的和及与了着":
        return None, 0, 0
    return label, s, s + len(phrase)


def _tidy_label(text: str) -> str:
    """Quotes and citation marks ([20]) are not part of a name."""
    return re.sub(r"\[[0-9,，\-–]+\]|[“”\"‘’「」]", "", text).strip()


# --- indicators -------------------------------------------------------------------------------

def indicators(ctx: Context, sent: Sent) -> None:
    """``5G基站达到425万个``, ``规模以上工业增加值同比增长5.8%``: what, value, unit, period."""
    text = ctx.text
    s0, e0 = sent.sentence.start, sent.sentence.end
    years = _YEAR.findall(text, s0, e0)
    period = years[0] if years else ctx.paragraph_year.get(_paragraph_start(text, s0))
    reporters = [m for m in (_org(c) for c in sent.chunks if c.code in ("O", "H")) if m is not None]
    reporter = None
    for m in reporters:
        after = text[m.end : m.end + 6]
        before = text[max(s0, m.start - 1) : m.start]
        if before == "据" or re.match(r"^(?:数据显示|统计|发布|公布|介绍|表示|称)", after):
            reporter = m
            break
    for match in _INDICATOR.finditer(text, s0, e0):
        what = _WHAT_DROP.sub("", match.group("what")).strip()
        what = re.sub(r"^(?:和|及|与|的|其中|同时|共|已|还)", "", what)
        what = re.sub(r"(?:已经|已|均|将|还|也|共|都|再|又|累计)+$", "", what)
        if len(what) < 2 or re.search(r"[0-9]{2,}", what[-2:]) or what.endswith(("的", "了", "在")):
            continue
        last = ctx.words(what)[-1] if what else None
        if last is not None and len(last.text) >= 2 and last.pos.startswith("v"):
            continue  # (累计)汇集超过2900万条…: a verb; what was counted comes after the number
        if match.group("verb") == "为" and not match.group("unit"):
            continue
        unit = match.group("unit")
        if unit is None and match.group("verb") not in ("增长", "同比增长", "下降", "同比下降"):
            continue
        start = match.end("what") - len(what)
        written = text[match.start("verb") : match.end()]
        ctx.indicators.append(
            IndicatorFact(what, written, match.group("value"), unit, match.group("verb"), period, reporter or ctx.speaker_org(sent), start, match.end(), sent.sentence)
        )


def _paragraph_start(text: str, pos: int) -> int:
    return text.rfind("\n", 0, pos) + 1


# --- events ---------------------------------------------------------------------------------

def events(ctx: Context, sent: Sent) -> None:
    """Named meetings and press conferences, with their organizer and place when stated."""
    text = ctx.text
    for match in _EVENT.finditer(text, sent.sentence.start, sent.sentence.end):
        name = match.group("name")
        s = match.start("name")
        drop = _EVENT_DROP.match(name)
        if drop:
            name, s = name[drop.end() :], s + drop.end()
        lead = re.match(r"^(?:[0-9]{1,2}日|上午|下午|今天|昨天|近日|日前|于)+", name)
        if lead:
            name, s = name[lead.end() :], s + lead.end()
        if not name:
            continue
        organizer = None
        inside = None
        for c in sent.chunks:
            org = _org(c) if c.code in ("O", "H") else None
            if org is None:
                continue
            if c.start >= s and c.end <= s + len(name):
                organizer = inside = org
                # 记者从人力资源社会保障部2024年四季度新闻发布会: the name starts at the body.
                name, s = name[c.start - s :], c.start
                break
            if c.end <= s and re.search(r"(?:举行|召开|主办|举办)", text[c.end : match.end()]):
                organizer = org
        bare = re.fullmatch(r"(?:新闻发布会|发布会|记者招待会|记者会|座谈会|会议|大会|论坛|峰会|研讨会)", name)
        if bare:
            if organizer is None:
                continue
            label = (organizer.canonical or organizer.text) + name
        else:
            label = _tidy_label(name)
            # A name, not a kind of meeting: quoted, held by a named body, numbered or national.
            if inside is None and not re.search(r"[“\"0-9]|年|届|第|全国|国际|中国|世界|全球", name):
                continue
        if len(label) < 5:
            continue
        ev = M("E", "Event", s, s + len(name), name, "event", canonical=label)
        ctx.extra_mentions.append(ev)
        if organizer is not None:
            ctx.add(ev, "organizer", organizer, "organizer-event", sent.sentence)
        place = _event_place(ctx, sent, s)
        if place is not None:
            ctx.add(ev, "locatedIn", place, "locatedIn-event", sent.sentence)


def _event_place(ctx: Context, sent: Sent, event_start: int) -> M | None:
    for c in sent.chunks:
        if c.code == "L" and c.mention is not None and c.end <= event_start and ctx.text[c.start - 1 : c.start] == "在":
            return c.mention
    return None


# --- organizations: nesting and places -----------------------------------------------------

def nesting(ctx: Context, sent: Sent) -> None:
    """``中国农业科学院棉花研究所`` partOf ``中国农业科学院``, at every level of nesting; a body
    named after a place (陕西省通信管理局) is located in it."""
    nested: list[M] = []
    for c in sent.chunks:
        m = c.mention
        while m is not None and m.code == "O" and m not in nested:
            nested.append(m)
            m = m.parent.ref if m.parent is not None and m.parent.code == "H" else m.parent
    for m in nested:
        parent = m.parent.ref if m.parent is not None and m.parent.code == "H" else m.parent
        if parent is not None:
            ctx.add(m, "partOf", parent, "partOf-name", sent.sentence)
        place = m.attrs.get("place")
        if isinstance(place, M) and (place.entry is None or place.entry.level != "country"):
            # A body named after a place below the national level is in that place.
            ctx.add(m, "locatedIn", place, "locatedIn-name", sent.sentence)


#: Every rule, in the order it runs on each sentence.
RULES: dict[str, Callable[[Context, Sent], None]] = {
    "classify-titles": classify_titles,
    "short-titles": short_titles,
    "posts": posts,
    "teams": teams,
    "issued": issued,
    "results": results,
    "indicators": indicators,
    "events": events,
    "nesting": nesting,
}
