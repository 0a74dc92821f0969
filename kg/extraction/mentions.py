"""Mention detection: one sentence → a left-to-right sequence of typed chunks.

Detection runs in layers, each layer leaving alone the characters an earlier one claimed:

1. ``《…》`` titles (their inside is a name, not text to mine);
2. known names from the packaged lexicons (agencies, institutions, outlets, journals,
   places), longest match on jieba word boundaries; position titles (副部长, 研究员 …);
3. people: a name next to a title (``副部长张云明``, ``马雄飞研究员``), jieba's person tags,
   the NER model's PER spans — always checked against the surname list;
4. organizations built on a suffix (研究所, 学院, 司, 团队 …), grown leftwards over
   name-like words until a function word, punctuation, number or an anchor (a known
   organization or 该校/该所, which becomes the parent unit);
5. coreference heads (该校, 该所, 该团队 …), left for :mod:`kg.resolve`.

The chunk codes let relation rules be written as regular expressions over a sentence:
``O`` organization, ``U`` unit whose parent is not in the sentence, ``P`` person,
``T`` title, ``L`` place, ``Q`` policy, ``J`` journal, ``B`` other 《》 title, ``H``
coreference head, ``I``/``A``/``S`` issue/achieve/publish trigger words, ``c`` comma,
``d`` 、, ``x`` other punctuation, ``w`` any other word.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from kg.extraction.gazetteer import Gazetteer
from kg.lexicon import Entry, Lexicon
from kg.segment import Segmenter, Token

_CJK = re.compile(r"^[\u4e00-\u9fff]+$")
_BOOK = re.compile(r"《([^《》\n]{1,80})》")
_FOREIGN_NAME = re.compile(r"[\u4e00-\u9fff]{1,8}(?:[·•・][\u4e00-\u9fff]{1,8})+")
_ORG_GROUP = ("GovernmentAgency", "ResearchInstitution", "ResearchTeam", "Company", "MediaOutlet", "Organization")

# Words that may sit inside an organization name even though jieba tags them as verbs.
_NAME_POS = {"n", "nz", "ns", "nt", "nrt", "vn", "v", "an", "a", "b", "j", "l", "i", "eng", "ng", "vd", "s", "f", "nr", "nrfg", "nrx", "z", "t"}
_STOP_WORDS = {
    "的", "在", "从", "由", "到", "向", "对", "把", "被", "将", "是", "为", "以", "于", "了", "和", "与", "及", "或",
    "等", "该", "其", "这", "那", "各", "多", "据", "经", "通过", "并", "也", "还", "都", "又", "已", "曾", "会同",
    "联合", "举行", "召开", "发布", "印发", "公布", "表示", "介绍", "指出", "认为", "获悉", "了解", "来自", "位于",
    "成立", "组织", "牵头", "依托", "支持", "推动", "加强", "建设", "建立", "设立", "成为", "包括", "全国", "我国",
    "新", "首个", "首家", "一批", "一个", "一家", "一些", "有关", "相关", "上述", "这些", "部分", "其他", "当地",
    # time words that open a clause rather than a name (近代力学系 keeps 近代)
    "今年", "去年", "明年", "目前", "当前", "近日", "日前", "此前", "同时", "今天", "昨天", "明天", "近年", "近年来",
    "当时", "现在", "以来", "期间", "之后", "此后", "随后", "最近", "年底", "年初",
}
# Words before a name that make it a category rather than a name (5家…中心, 各…局).
_GENERIC_BEFORE = {"各", "多", "多家", "一批", "一些", "有关", "相关", "上述", "这些", "部分", "其他", "等", "家", "个", "所", "批", "类", "级", "各级", "各地"}
# Surnames that are far more often function words: a name needs a model's or a title's
# support to start with one.
_FUNCTION_SURNAMES = set("和及与向有把被将为以由自其而之所同等第在是从对该这那每各")
_COREF_HEADS = {
    "该校": "school", "该所": "institute", "该院": "academy", "该部": "ministry", "该局": "bureau",
    "该中心": "centre", "该委": "commission", "该司": "department", "该公司": "company", "该企业": "company",
    "该团队": "team", "该研究团队": "team", "该科研团队": "team", "该课题组": "team", "研究团队": "team",
    "科研团队": "team", "该实验室": "lab",
}
# Dictionary frequency above which a two-character word is an everyday word.
_COMMON_WORD = 250
# Characters that end organization names: in 物理所何珂 the name starts after 所.
_SUFFIX_CHARS = set("所院系部局司处室校厅组队委办会")
_TEAM_WORD = re.compile(r"(?:研究|科研|创新|攻关)?(?:团队|课题组|研究组|研究小组|小组)")
# 团队 alone, or 研究团队 with nothing in front, is a coreference head, not a name.
_BARE_TEAM = {"团队", "研究团队", "科研团队", "课题组", "研究组", "小组", "攻关团队", "创新团队", "联合攻关团队", "联合团队"}


@dataclass(eq=False)
class M:
    """A mention being built (mutable until extraction freezes it into records)."""

    code: str
    type: str
    start: int  # offsets into the article text
    end: int
    text: str
    rule: str
    canonical: str | None = None
    entry: Entry | None = None
    parent: M | None = None  # the organization this unit belongs to
    members: list[M] = field(default_factory=list)  # people named inside (team leaders)
    titles: list[M] = field(default_factory=list)
    attrs: dict[str, object] = field(default_factory=dict)
    ref: M | None = None  # coreference: the antecedent

    @property
    def key(self) -> tuple[str, str]:
        return (group_of(self.type), self.canonical or self.text)


def group_of(type_: str) -> str:
    """The identity group of a type: every organization subtype shares one."""
    return "org" if type_ in _ORG_GROUP else type_.lower()


@dataclass(frozen=True)
class Chunk:
    code: str
    start: int
    end: int
    text: str
    mention: M | None = None
    pos: str = ""


class MentionFinder:
    """Finds mentions in sentences; one instance per extractor (owns its gazetteers)."""

    def __init__(self, lexicon: Lexicon, segmenter: Segmenter, ner: object | None = None) -> None:
        self.lex = lexicon
        self.seg = segmenter
        self.ner = ner
        self.known: Gazetteer[Entry] = Gazetteer(((f, e) for f, e in lexicon.surface.items()), min_length=2)
        self.titles: Gazetteer[str] = Gazetteer(lexicon.titles.items(), min_length=2)
        self.suffixes: Gazetteer[tuple[str, bool]] = Gazetteer(lexicon.suffixes.items())
        self.surnames = lexicon.surnames
        self.triggers: dict[str, str] = {}
        for relation, code in (("issued", "I"), ("achieved", "A"), ("publishedIn", "S")):
            for word in lexicon.triggers.get(relation, {}):
                self.triggers.setdefault(word, code)
        # One table for the layer that matches names, titles and trigger words together:
        # the longest match wins, a name before a title before a trigger of the same length.
        self.words: Gazetteer[tuple[str, object]] = Gazetteer(min_length=2)
        for kind, gaz_items in (("known", lexicon.surface.items()), ("title", lexicon.titles.items()), ("trigger", self.triggers.items())):
            for key, value in gaz_items:
                self.words.add(key, (kind, value))

    # -- public -------------------------------------------------------------------------

    def chunks(self, text: str, start: int, end: int) -> list[Chunk]:
        """Mentions and words of ``text[start:end]`` (a sentence), left to right."""
        sentence = text[start:end]
        local = self.seg.fast_tag(sentence)
        tokens = [Token(t.text, t.start + start, t.end + start, t.pos) for t in local]
        claimed: list[M] = []
        taken = bytearray(end - start)

        def free(s: int, e: int) -> bool:
            return not any(taken[s - start : e - start])

        def claim(m: M) -> M:
            claimed.append(m)
            taken[m.start - start : m.end - start] = b"\x01" * (m.end - m.start)
            return m

        def unclaim(m: M) -> None:
            claimed.remove(m)
            taken[m.start - start : m.end - start] = b"\x00" * (m.end - m.start)

        boundaries = {t.start for t in tokens} | {end}

        # 1. 《…》 titles.
        for match in _BOOK.finditer(text, start, end):
            inner = match.group(1).strip()
            entry = self.known.get(inner)
            if entry is not None and entry.type == "Journal":
                claim(M("J", "Journal", match.start(), match.end(), match.group(0), "journal-lexicon", canonical=entry.name, entry=entry))
            else:
                claim(M("B", "", match.start(), match.end(), match.group(0), "book-title", canonical=_clean_title(inner)))

        # 2. Coreference heads (before titles: 该团队负责人 is 该团队 + 负责人).
        for head in sorted(_COREF_HEADS, key=len, reverse=True):
            for match in re.finditer(re.escape(head), text[start:end]):
                s, e = match.start() + start, match.end() + start
                if free(s, e) and (head.startswith("该") or self._bare_team_head(text, s, start)):
                    claim(M("H", "Coref", s, e, head, "coref-head", attrs={"kind": _COREF_HEADS[head]}))

        # 3. Known names, titles and trigger words (leftmost-longest over all three).
        pos = start
        while pos < end:
            hit = self.words.longest_at(text, pos, end)
            if hit is None or not free(pos, hit.end):
                pos += 1
                continue
            hit_end, (kind, value) = hit.end, hit.value
            surface = text[pos:hit_end]
            if kind == "known":
                entry = value  # type: ignore[assignment]
                # Short forms must sit on word boundaries (南大 inside 河南大学 is not 南京大学).
                if (len(surface) <= 2 or entry.type == "Place") and not (pos in boundaries and hit_end in boundaries or self._suffix_follows(text, hit_end, end)):
                    pos += 1
                    continue
                if entry.type == "Place" and hit_end - pos >= 3:
                    # 日本国|家: a shorter place whose last character does not start a word.
                    shorter = self.known.longest_at(text, pos, hit_end - 1)
                    if shorter is not None and shorter.value.type == "Place" and self.seg.frequency(text[hit_end - 1 : hit_end + 1]) > 1000:
                        hit_end, entry = shorter.end, shorter.value
                        surface = text[pos:hit_end]
                if entry.type == "Journal" and not self._journal_in_text(text, surface, pos, hit_end, start, end):
                    pos += 1
                    continue
                code = {"Place": "L", "Journal": "J"}.get(entry.type, "O")
                claim(M(code, entry.type, pos, hit_end, surface, "lexicon", canonical=entry.name, entry=entry))
            elif kind == "title":
                claim(M("T", "Title", pos, hit_end, surface, "title-lexicon", canonical=surface, attrs={"kind": value}))
            else:
                if pos in boundaries and hit_end in boundaries:  # 发布 in 发布会 is no trigger
                    claim(M(str(value), "Trigger", pos, hit_end, surface, "trigger", canonical=surface))
                else:
                    pos += 1
                    continue
            pos = hit_end

        # 4. People.
        self._people(text, start, end, tokens, local, free, claim, unclaim, claimed)

        # 5. Organizations built on a suffix.
        self._suffix_orgs(text, start, end, tokens, free, claim, claimed)

        return self._sequence(text, start, end, tokens, claimed)

    # -- people ---------------------------------------------------------------------------

    def valid_name(self, name: str, beside_title: bool = False) -> bool:
        """A plausible Chinese personal name (or a transliterated one with ·).

        ``beside_title``: the name touches a position title (部长阴和俊, 马大为研究员), so a
        three-character name may have 和 or 为 in its given name."""
        if _FOREIGN_NAME.fullmatch(name):
            return True
        if not (2 <= len(name) <= 4) or not _CJK.match(name):
            return False
        if name in self.lex.titles or name in self.lex.surface or name in _STOP_WORDS or name in _COREF_HEADS:
            return False
        if len(name) == 4 and name[:2] not in self.surnames:
            return False
        if name[0] not in self.surnames and name[:2] not in self.surnames:
            return False
        if name[0] in _FUNCTION_SURNAMES and name[:2] not in self.surnames:
            return False  # 和妇幼, 有资深: a conjunction or verb, not the rare surname
        function_chars = "的了在是与及等说称向对从把被将也都还就并" + ("" if beside_title and len(name) == 3 else "和为")
        if any(ch in function_chars for ch in name[1:]):
            return False
        tag = self.seg.dictionary_tag(name)
        freq = self.seg.frequency(name)
        if tag is not None and ((not tag.startswith("nr") and freq > 50) or (len(name) == 2 and freq > 300)):
            return False  # an ordinary word (高层, 卓越, 范畴) that happens to start with a surname
        return True

    def _people(self, text, start, end, tokens, local, free, claim, unclaim, claimed) -> None:  # type: ignore[no-untyped-def]
        by_start = {t.start: t for t in tokens}
        by_end = {t.end: t for t in tokens}

        def person(s: int, e: int, rule: str) -> M | None:
            name = text[s:e]
            if e <= s or not self.valid_name(name, beside_title=rule in ("title-name", "name-title")):
                return None
            if not free(s, e):
                # A title's neighbour is a name even if it reads as a place (司长吕丹阳, not 丹阳).
                blocking = [m for m in claimed if m.start < e and s < m.end]
                if rule not in ("title-name", "name-title", "ner") or any(m.code != "L" for m in blocking):
                    return None
                for m in blocking:
                    unclaim(m)
            return claim(M("P", "Person", s, e, name, rule, canonical=name))

        # Transliterated names: 安德烈·海姆.
        for match in _FOREIGN_NAME.finditer(text, start, end):
            s, e = match.span()
            # Trim a leading title/org word glued on by the regex (英国曼彻斯特大学安德烈·海姆).
            while s < e and not free(s, s + 1):
                s += 1
            dot = re.search(r"[·•・]", text[s:e])
            if dot is None:
                continue
            first = text[s : s + dot.start()]
            for suffix in ("大学", "学院", "研究所", "公司", "中心", "主任", "教授", "总统", "首相", "总理", "主席", "部长"):
                cut = first.rfind(suffix)
                if cut >= 0:
                    s = max(s, s + cut + len(suffix))
            if e - s >= 3 and free(s, e):
                person(s, e, "foreign-name")

        titles = sorted((m for m in claimed if m.code == "T"), key=lambda m: m.start)
        for t in titles:
            if t.attrs.get("kind") == "media" and t.text not in ("记者", "通讯员", "实习生", "特约记者"):
                continue
            # Title + name: 副部长张云明.
            s = t.end
            e = self._name_end(text, s, end, by_start, beside_title=True)
            if e is not None and person(s, e, "title-name") is not None:
                continue
            # Name + title: 马雄飞研究员.
            e = t.start
            s = self._name_start(text, e, start, by_end, free, beside_title=True)
            if s is not None:
                person(s, e, "name-title")

        self._team_leaders(text, start, end, by_end, free, person)
        self._name_lists(text, start, end, person)
        # 陈嘉明、林书平: names listed after a name are names too.
        changed = True
        while changed:
            changed = False
            for p in [m for m in claimed if m.code == "P"]:
                if text[p.end : p.end + 1] != "、":
                    continue
                s = p.end + 1
                e = self._name_end(text, s, end, by_start)
                if e is not None and free(s, e) and person(s, e, "name-list") is not None:
                    changed = True
        # The model, last and only where a name-shaped word is still unexplained: it costs as
        # much as the rest of the sentence's analysis, and most sentences name nobody.
        if self.ner is not None and self._unexplained_name(tokens, free):
            boundaries = {t.start for t in tokens} | {t.end for t in tokens}
            for s, e, label in self.ner.tag(text[start:end], local):  # type: ignore[attr-defined]
                s, e = s + start, e + start
                # On word boundaries only, and never an ordinary dictionary word (叶绿素).
                tag = self.seg.dictionary_tag(text[s:e])
                if label == "PER" and s in boundaries and e in boundaries and (tag is None or tag.startswith("nr")):
                    person(s, e, "ner")
        for tok in tokens:
            known_tag = self.seg.dictionary_tag(tok.text)
            if known_tag is not None and (not known_tag.startswith("nr") or (len(tok.text) == 2 and self.seg.frequency(tok.text) > 300)):
                continue  # a common word (周期, and 范畴 which jieba's dictionary calls a name)
            guessed = tok.pos == "nrx"
            if guessed and not (len(tok.text) == 3 and self.surnames.get(tok.text[0], 999) <= 300 and text[tok.start - 1 : tok.start] not in "0123456789多余万千百几"):
                continue  # an unknown word shaped like a name: only a common-surname triple
            if tok.pos in ("nr", "nrfg", "nrx") and 2 <= len(tok.text) <= 4:
                # jieba alone is noisy: a speech verb or an enumeration comma must follow.
                nxt = text[tok.end : tok.end + 2]
                if nxt[:1] in "、，,（(等和与" or nxt in ("表示", "介绍", "指出", "认为", "强调", "说，", "说：", "告诉", "等人", "团队", "研究", "课题", "小组") or nxt[:1] in "说称":
                    person(tok.start, tok.end, "jieba-nr")

    def _unexplained_name(self, tokens, free) -> bool:  # type: ignore[no-untyped-def]
        return any(
            t.pos in ("nr", "nrfg", "nrx") and 2 <= len(t.text) <= 4 and free(t.start, t.end) and self.valid_name(t.text) for t in tokens
        )

    def _team_leaders(self, text, start, end, by_end, free, person) -> None:  # type: ignore[no-untyped-def]
        """黎建团队, 沈建仁和匡廷云研究团队: the names a team is called after."""
        for match in _TEAM_WORD.finditer(text, start, end):
            e = match.start()
            while e > start:
                s = self._name_start(text, e, start, by_end, free)
                if s is None or person(s, e, "team-leader") is None:
                    break
                if text[s - 1 : s] not in ("和", "、", "与"):
                    break
                e = s - 1

    def _name_lists(self, text, start, end, person) -> None:  # type: ignore[no-untyped-def]
        """何珂、吕力、马旭村、王立莉等: three or more names in a 、 list (or two and 等).

        Worked on characters, not jieba's words, which glue list items to their neighbours
        (所柯南, 孟/庆丰): the items between two 、 must be names as they stand; the first and
        last items are the name-shaped ends of their stretches of text.
        """
        seps = [i for i in range(start, end) if text[i] == "、"]
        groups: list[list[int]] = []
        for i in seps:
            if groups and self._list_item(text[groups[-1][-1] + 1 : i]):
                groups[-1].append(i)
            else:
                groups.append([i])
        for group in groups:
            first_end, last_start = group[0], group[-1] + 1
            first = next((first_end - n for n in (3, 2, 4) if first_end - n >= start and self._list_item(text[first_end - n : first_end])), None)
            last = None
            for n in (3, 2, 4):
                after = text[last_start + n : last_start + n + 1]
                if last_start + n <= end and self._list_item(text[last_start : last_start + n]) and (after == "" or after in "等和与，,。；及共同组、（"):
                    last = last_start + n
                    break
            if first is None or last is None:
                continue
            items = [(first, first_end)] + [(a + 1, b) for a, b in zip(group, group[1:])] + [(last_start, last)]
            if len(items) < 3 and text[last : last + 1] != "等":
                continue
            for s, e in items:
                person(s, e, "name-list")

    def _list_item(self, piece: str) -> bool:
        return 2 <= len(piece) <= 4 and piece[0] not in _SUFFIX_CHARS and self.valid_name(piece)

    def _name_end(self, text: str, s: int, limit: int, by_start, beside_title: bool = False) -> int | None:  # type: ignore[no-untyped-def]
        if s >= limit:
            return None
        tok = by_start.get(s)
        if tok is not None and tok.pos in ("nr", "nrfg", "nrt", "nrx") and 2 <= len(tok.text) <= 4:
            nxt = by_start.get(tok.end)
            # 李乐/成到: jieba's HMM glued the name's last character to the next word.
            if len(tok.text) == 2 and nxt is not None and len(nxt.text) == 2 and not self.seg.is_word(nxt.text) and self.seg.is_word(nxt.text[1:]) and self.valid_name(text[s : tok.end + 1]):
                return tok.end + 1
            return tok.end
        if text[s : s + 1] in ("，", "、", " "):
            return None
        if tok is not None and len(tok.text) == 1 and tok.pos[:1] in ("d", "u") and self.surnames.get(tok.text, 999) > 100:
            return None  # 部长和副部长都来了: an adverb that is also a rare surname
        # No model opinion: surname + given name, two characters unless the third starts a word.
        for n in (3, 2):
            name = text[s : s + n]
            if s + n <= limit and self.valid_name(name, beside_title):
                after = text[s + n : s + n + 2]
                if n == 3 and self.seg.is_word(text[s + 2 : s + 4]) and not self.seg.is_word(after):
                    continue
                return s + n
        return None

    def _name_start(self, text: str, e: int, limit: int, by_end, free, beside_title: bool = False) -> int | None:  # type: ignore[no-untyped-def]
        """Where a name ending right before a title starts (马雄飞|研究员, 周海涛|教授)."""
        starts = {t.start for t in by_end.values()} | {t.end for t in by_end.values()}
        # Three characters before two (most Chinese names are three), on a word boundary,
        # and not reaching into an earlier mention.
        for n in (3, 2, 4):
            s = e - n
            if s < limit or not free(s, e) or not _CJK.match(text[s:e]):
                continue
            if s in starts and self.valid_name(text[s:e], beside_title):
                return s
        return None

    # -- organizations on a suffix -------------------------------------------------------

    def _journal_in_text(self, text: str, surface: str, s: int, e: int, start: int, end: int) -> bool:
        """A journal named outside 《》 counts only where it cannot be an ordinary word.

        自然, 科学, 细胞, 化学, 创新 … are journal names and everyday words: outside 《》 they
        need a journal context (发表在期刊自然上).  Latin-script titles (Science) and names
        no dictionary knows (自然·通讯) stand on their own.
        """
        if surface.isascii():
            before, after = text[s - 1 : s], text[e : e + 1]
            return not (before.isascii() and before.isalnum()) and not (after.isascii() and after.isalnum())
        if "·" in surface or (len(surface) >= 4 and not self.seg.is_word(surface)):
            return True
        before = text[max(start, s - 6) : s]
        after = text[e : e + 4]
        return bool(re.search(r"(?:期刊|杂志|学报|发表在|发表于|刊登在|刊发在|刊发于|登上)\s*$", before)) or bool(
            re.match(r"^\s*(?:上发表|杂志|期刊|在线发表|上在线)", after)
        )

    def _suffix_follows(self, text: str, pos: int, end: int) -> bool:
        hit = self.titles.longest_at(text, pos, end)
        return hit is not None

    @staticmethod
    def _bare_team_head(text: str, s: int, start: int) -> bool:
        # 研究团队 opening a clause, or after 的 (…联合组成的研究团队), refers back; after
        # other words (森林火灾智能防控科研团队) it ends a name.
        return s == start or text[s - 1] in "，。、；：,;: 的该“\""

    def _suffix_orgs(self, text, start, end, tokens, free, claim, claimed) -> None:  # type: ignore[no-untyped-def]
        """Organizations named by a suffix, left to right, so that an inner body found first
        (福州大学) becomes the parent of the unit after it (…大学物理学院) and is absorbed
        into it: the sentence then holds one chunk for the whole name."""
        found = []
        for e in range(start + 1, end + 1):
            hit = self.suffixes.longest_ending_at(text, e, start)
            if hit is None or not free(hit.start, hit.end):
                continue
            if self._continues_word(text, hit, e, end, free):
                continue
            found.append(hit)
        # A suffix swallowed by a name found before it (left to right) is skipped.
        for hit in found:
            if not free(hit.start, hit.end):
                continue
            s_suf, e_suf = hit.start, hit.end
            type_, unit = hit.value
            anchors = {m.end: m for m in claimed if m.code in ("O", "H", "L", "P", "T")}
            name_start, parent, leaders, absorbed = self._grow_left(text, start, s_suf, type_, tokens, anchors, free)
            leader = leaders[-1] if leaders else None
            verdict = self._acceptable(text, start, name_start, s_suf, e_suf, type_, unit, parent, leader, tokens)
            if not verdict:
                continue
            proper = verdict == "proper" or (verdict != "pending" and any(x.code == "L" for x in absorbed))
            if parent is not None:
                absorbed.append(parent)
                name_start = parent.start
            # The new name swallows its parent, leader and titles: they stay mentions (nested)
            # but are no longer chunks of their own.
            for m in absorbed:
                if m in claimed:
                    claimed.remove(m)
            # A unit with neither a parent nor a proper name (宣传司) waits for a post chain to say whose it is.
            code = "O" if parent is not None or not unit or leader is not None or proper else "U"
            if type_ == "Organization" and re.search(r"科学|研究|技术|实验|科技|工程", text[name_start:s_suf]):
                type_ = "ResearchInstitution"  # 粤港澳大湾区量子科学中心: a 中心 doing research
            m = M(code, type_, name_start, e_suf, text[name_start:e_suf], "org-suffix", parent=parent, attrs={"unit": unit, "suffix": text[s_suf:e_suf]})
            m.members.extend(leaders)
            if type_ == "ResearchTeam":
                m.titles.extend(x for x in absorbed if x.code == "T")
            places = sorted((x for x in absorbed if x.code == "L"), key=lambda x: x.start)
            if places and parent is None and places[0].start == m.start:
                # 四川省成都市金牛区对外交流中心: the innermost of the places in front of the name.
                m.attrs["place"] = places[-1]
            claim(m)

    def _continues_word(self, text, hit, e, end, free) -> bool:  # type: ignore[no-untyped-def]
        """A one-character suffix that is part of an ordinary word: 局 in 局面 or 布局,
        部 in 部分 or 干部, 系 in 体系 (a longer suffix such as 公司 was matched first)."""
        if len(hit.text) > 1:
            return False
        word = text[hit.start - 1 : e]
        if hit.start > 0 and self.seg.frequency(word) > _COMMON_WORD and word not in self.suffixes:
            return True  # a common word (体系, 布局, 干部), not a rare one (学系 in 近代力学系)
        return free(e, min(e + 1, end)) and self.seg.is_word(text[e - 1 : e + 1])

    def _grow_left(self, text, start, s_suf, type_, tokens, anchors, free):  # type: ignore[no-untyped-def]
        """Walk left from a suffix over name-like words.

        Returns ``(start, parent, leaders, absorbed)``: where the name starts, the body it
        belongs to (an organization or 该校 right before it), the people leading a team
        named after them, and the nested mentions (leaders, titles, places) it swallows.
        """
        pos = s_suf
        parent: M | None = None
        absorbed: list[M] = []
        leaders: list[M] = []
        team = type_ == "ResearchTeam"
        cuts = {s_suf} | {m.start for m in anchors.values()} | set(anchors)
        toks = [t for t in _clip([t for t in tokens if t.start < s_suf], cuts) if t.end <= s_suf]
        i = len(toks) - 1
        while pos > start:
            anchor = anchors.get(pos)
            if anchor is not None:
                if anchor.code in ("O", "H"):
                    parent = anchor
                    break
                if anchor.code in ("L", "T"):
                    # A place starts many names (陕西省通信管理局); a title word can sit inside
                    # one (学位管理与研究生教育司, 马雄飞研究员团队).
                    absorbed.append(anchor)
                    pos = anchor.start
                    while i >= 0 and toks[i].start >= pos:
                        i -= 1
                    continue
                if anchor.code == "P" and team:
                    leaders.append(anchor)
                    absorbed.append(anchor)
                    pos = anchor.start
                    # 沈建仁和匡廷云研究团队: more leaders joined by 和/、.
                    while True:
                        link = text[pos - 1 : pos]
                        prev = anchors.get(pos - 1)
                        if link in ("和", "、", "与") and prev is not None and prev.code == "P":
                            absorbed.append(prev)
                            leaders.insert(0, prev)
                            pos = prev.start
                            continue
                        break
                    prev = anchors.get(pos)
                    if prev is not None and prev.code in ("O", "H"):
                        parent = prev
                    break
                break
            if not free(pos - 1, pos):
                break
            while i >= 0 and toks[i].start >= pos:
                i -= 1
            if i < 0:
                break
            tok = toks[i]
            if tok.end != pos:
                # jieba glued the first character of the name to the word before it.
                break
            word = tok.text
            if word in ("与", "和", "及") and i > 0 and toks[i - 1].pos in ("n", "vn", "nz") and toks[i - 1].text not in _STOP_WORDS and anchors.get(tok.start) is None and not team:
                pos = tok.start
                i -= 1
                continue
            if word in _STOP_WORDS or tok.pos not in _NAME_POS or not _name_chars(word):
                if tok.pos == "m" and word.startswith("第") and len(word) <= 4:
                    pos = tok.start
                    i -= 1
                    continue
                break
            pos = tok.start
            i -= 1
        return pos, parent, leaders, absorbed

    def _acceptable(self, text, start, name_start, s_suf, e_suf, type_, unit, parent, leader, tokens) -> bool | str:  # type: ignore[no-untyped-def]
        """Whether a suffix name is a real name: ``False``, ``True``, ``"proper"`` (it holds a
        place or proper noun) or ``"pending"`` (a unit that needs a parent to count)."""
        own_name = text[name_start:s_suf]
        if type_ == "ResearchTeam":
            whole = text[name_start:e_suf]
            if re.match(r"^(?:这|那|此|该|本|其|一支|多支|每支|各)", whole):
                return False  # 这支科研团队: a reference, not a name
            if whole in _BARE_TEAM or (leader is None and parent is None and len(own_name) < 2):
                return False
            return True
        if len(text[s_suf:e_suf]) == 1 and unit and parent is None:
            # 系, 所, 司 … on their own are too common (陆地棉标准系): a one-character unit
            # suffix needs a known name inside, or it waits for a post chain to give it a
            # parent (宣传司副司长 after 国家卫生健康委…), and is dropped otherwise.
            if not self._known_inside(text, name_start, s_suf):
                return "pending" if len(text[name_start:s_suf]) >= 2 else False
        min_len = 2 if len(text[s_suf:e_suf]) == 1 else 1
        if parent is not None and unit and len(text[s_suf:e_suf]) >= 2:
            min_len = 0  # 中央纪委办公厅: the body's own office
        if len(own_name) < min_len:
            return False
        before = text[max(start, name_start - 2) : name_start]
        prev_tok = next((t for t in reversed(tokens) if t.end <= name_start), None)
        if prev_tok is not None and prev_tok.end == name_start and (prev_tok.pos in ("m", "q", "mq") or prev_tok.text in _GENERIC_BEFORE):
            return False
        if before[-1:] in ("各", "家", "个", "所") and parent is None:
            return False
        if "级" in own_name[:3] and parent is None:
            return False
        # Something proper in the name: a place or proper noun (粤港澳大湾区…, 陕西省…).
        inside = [t for t in tokens if name_start <= t.start and t.end <= s_suf]
        proper = any(t.pos in ("ns", "nt", "nz", "nr", "nrt", "j", "eng") for t in inside) or self._known_inside(text, name_start, s_suf)
        if proper:
            return "proper"
        # A free-standing body needs a proper name; a unit may wait for its parent.
        return bool(unit or parent is not None)

    def _known_inside(self, text: str, start: int, end: int) -> bool:
        """Whether a place or organization the lexicons know sits inside ``text[start:end]``
        (journals do not count: 创新, 细胞 are ordinary words too)."""
        for a in range(start, end):
            for b in range(a + 2, min(end, a + 8) + 1):
                entry = self.lex.lookup(text[a:b])
                if entry is not None and entry.type != "Journal":
                    return True
        return False

    # -- assembling the chunk sequence -----------------------------------------------

    def _sequence(self, text, start, end, tokens, claimed) -> list[Chunk]:  # type: ignore[no-untyped-def]
        claimed.sort(key=lambda m: m.start)
        out: list[Chunk] = []
        by_pos = {m.start: m for m in claimed}
        starts = [m.start for m in claimed]
        pos = start
        tok_iter = iter(tokens)
        tok = next(tok_iter, None)
        while pos < end:
            m = by_pos.get(pos)
            if m is not None:
                out.append(Chunk(m.code, m.start, m.end, m.text, m))
                pos = m.end
                continue
            while tok is not None and tok.end <= pos:
                tok = next(tok_iter, None)
            if tok is None:
                break
            # The word, cut at the next mention.
            k = bisect.bisect_right(starts, pos)
            nxt = starts[k] if k < len(starts) else end
            e = min(tok.end, nxt)
            word = text[pos:e]
            out.append(Chunk(_punct_code(word), pos, e, word, None, tok.pos))
            pos = e
        return out


def _clip(tokens: Sequence[Token], cuts: set[int]) -> list[Token]:
    """Split tokens at the given offsets (jieba may glue a name's first word to a suffix)."""
    out: list[Token] = []
    for t in tokens:
        inner = sorted(c for c in cuts if t.start < c < t.end)
        s = t.start
        for c in inner + [t.end]:
            out.append(Token(t.text[s - t.start : c - t.start], s, c, t.pos))
            s = c
    return out


def _punct_code(word: str) -> str:
    if word in ("，", ","):
        return "c"
    if word == "、":
        return "d"
    if len(word) == 1 and not word.isalnum():
        return "x"
    return "w"


def _name_chars(word: str) -> bool:
    return bool(re.match(r"^[\u4e00-\u9fffA-Za-z0-9·]+$", word))


def _clean_title(inner: str) -> str:
    return re.sub(r"\s+", "", inner).replace("(", "（").replace(")", "）")


def codes(chunks: Sequence[Chunk]) -> str:
    """The chunk codes of a sentence as one string, for regular-expression rules."""
    return "".join(c.code for c in chunks)
