"""Chunking: one sentence → a tuple of frozen, typed :class:`~kg.records.Chunk`.

Detection runs in layers; each layer leaves alone the characters an earlier one claimed:

1. ``《…》`` titles, classified by what they are and where they stand: a journal (known, or
   where journals stand: 发表在《…》上), a document (a document head word, or right after an
   issuing verb), or another title;
2. ``（以下简称X）`` parentheticals (:attr:`Kind.ALIAS`), coreference heads (该校, 该所 …);
3. known names from the lexicons, position titles and trigger verbs, leftmost-longest on
   word boundaries;
4. people: names the article already established, a name next to a title (副部长张云明,
   马雄飞研究员), lists of names, team leaders, the NER model's spans, jieba's person tags —
   always checked against the surname list and the dictionary;
5. organizations built on a suffix (研究所, 学院, 司, 团队 …), grown leftwards over name-like
   words up to a function word or an anchor (a known body or 该校, which becomes the parent);
6. the words between: dates and time words (:attr:`Kind.DATE`), ``等N部门`` (:attr:`Kind.QUANT`),
   punctuation, and other words tagged with their grammar class from ``grammar.tsv``.

The chunker is the only place that looks at characters and jieba's words; rules see chunks.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Sequence

from kg.extraction.gazetteer import Gazetteer
from kg.lexicon import Entry, Lexicon, alternation
from kg.records import Chunk, Kind
from kg.segment import Segmenter, Token

_CJK = re.compile(r"^[\u4e00-\u9fff]+$")
_BOOK = re.compile(r"《([^《》\n]{1,80})》")
_FOREIGN_NAME = re.compile(r"[\u4e00-\u9fff]{1,8}(?:[·•・][\u4e00-\u9fff]{1,8})+")
_LATIN_NAME = re.compile(r"[A-Z][a-z]+(?:[ -](?:[A-Z][a-z]+|[A-Z]\.)){1,2}(?![A-Za-z])")
_NUMBER_POS = ("m", "q", "mq")
_LATIN_RUN = re.compile(r"^[A-Za-z][A-Za-z0-9\-]*$|^-$")
# Words inside an organization name even though jieba tags them as verbs (管理, 监督).
_NAME_POS = {"n", "nz", "ns", "nt", "nrt", "vn", "v", "an", "a", "b", "j", "l", "i", "eng", "ng", "vd", "s", "f", "nr", "nrfg", "nrx", "z", "t"}
# Dictionary frequency above which a two-character word is an everyday word.
_COMMON_WORD = 250
_SPACE = " \u3000\t"


class _Claims:
    """The mentions claimed so far in one sentence, with a mask of the characters they cover."""

    def __init__(self, start: int, end: int) -> None:
        self.start = start
        self.items: list[Chunk] = []
        self.mask = bytearray(end - start)

    def free(self, s: int, e: int) -> bool:
        return not any(self.mask[s - self.start : e - self.start])

    def add(self, c: Chunk) -> Chunk:
        self.items.append(c)
        self.mask[c.start - self.start : c.end - self.start] = b"\x01" * (c.end - c.start)
        return c

    def remove(self, c: Chunk) -> None:
        self.items.remove(c)
        self.mask[c.start - self.start : c.end - self.start] = b"\x00" * (c.end - c.start)

    def overlapping(self, s: int, e: int) -> list[Chunk]:
        return [c for c in self.items if c.start < e and s < c.end]

    def of_kind(self, *kinds: Kind) -> list[Chunk]:
        return sorted((c for c in self.items if c.kind in kinds), key=lambda c: c.start)


class Chunker:
    """Turns sentences into chunk tuples; one instance per extractor (owns its tables)."""

    def __init__(self, lexicon: Lexicon, segmenter: Segmenter, ner: object | None = None) -> None:
        self.lex = lexicon
        self.seg = segmenter
        self.ner = ner
        self.known: Gazetteer[Entry] = Gazetteer(lexicon.surface.items(), min_length=2)
        self.titles: Gazetteer[str] = Gazetteer(lexicon.titles.items(), min_length=2)
        self.suffixes: Gazetteer[tuple[str, bool]] = Gazetteer(lexicon.suffixes.items())
        self.surnames = lexicon.surnames
        self.title_tuple = tuple(lexicon.titles)
        # One table for the layer that matches names, titles and trigger verbs together: the
        # longest match wins; of the same length a name before a title before a trigger.
        self.words: Gazetteer[tuple[str, object]] = Gazetteer()
        for kind, items in (("known", lexicon.surface.items()), ("title", lexicon.titles.items()), ("trigger", lexicon.triggers.items())):
            for key, value in items:
                if len(key) >= 2 or kind == "trigger":
                    self.words.add(key, (kind, value))
        self.publish_words = tuple(w for w, f in lexicon.triggers.items() if f == "publish")
        self.issue_words = tuple(w for w, f in lexicon.triggers.items() if f == "issue")
        self.single_triggers = {w: f for w, f in lexicon.triggers.items() if len(w) == 1}
        self.coref = lexicon.heads("coref")
        self.coref_longest = tuple(sorted(self.coref, key=len, reverse=True))
        self.team_words = lexicon.head_set("team")
        self.bare_team = lexicon.head_set("team-bare")
        self.team_gaz: Gazetteer[str] = Gazetteer(((w, w) for w in self.team_words), min_length=2)
        self.document_heads = tuple(sorted(lexicon.head_set("document"), key=len, reverse=True))
        self.unit_chars = lexicon.head_set("unit-char")
        self.stop = lexicon.words("stop")
        self.generic_det = lexicon.words("generic-det")
        self.function_surnames = lexicon.words("function-surname")
        self.time_words = lexicon.words("time")
        self.address = lexicon.words("address")
        self.name_after = lexicon.words("name-after")
        self.list_cue = lexicon.words("list-cue")
        self.grammar: dict[str, str] = {}
        # A word's grammar class for the rules: the first class listed wins (和 is conj).
        for cls in ("conj", "joint", "verb-join", "passive", "aux", "future", "adverb", "time", "source-prep", "former", "speech"):
            for w in lexicon.words(cls):
                self.grammar.setdefault(w, cls)
        self.reporter_titles = lexicon.head_set("report-role")
        self.replace_words = lexicon.words("replace")
        self.outlet_endings = tuple(lexicon.head_set("outlet-ending"))
        self.levels = lexicon.words("level")
        self.name_breakers = frozenset(w for w in lexicon.head_set("photo-role") if len(w) == 1)
        # Verbs whose object is a person (任命张三为…): the name right after them is a name.
        self.person_object_verbs = frozenset(w for w, f in lexicon.triggers.items() if f in ("appoint", "dismiss") and w in lexicon.words("person-object"))
        w = lexicon.words
        # （以下简称X）, (发改投资规〔2023〕304号,以下简称X): an aside that gives a short name.
        self.alias_paren = re.compile(
            rf"[（(](?:[^（）()\n]{{0,40}}?[，,；;]\s*)?(?:{alternation(w('alias-intro'))})[：:为]?\s*[“\"《「]?"
            r"(?P<alias>[^，,。；;）)”\"》」\s]{1,20})[”\"》」]?\s*[）)]"
        )
        self.date = re.compile(
            rf"(?:(?:19|20)[0-9]{{2}}年(?:[0-9]{{1,2}}月(?:[0-9]{{1,2}}日)?|{alternation(w('year-part'))})?"
            rf"|[0-9]{{1,2}}月(?:[0-9]{{1,2}}日)?(?:[至到—-][0-9]{{1,2}}(?:月[0-9]{{1,2}})?日)?(?:以来)?"
            rf"|[0-9]{{1,2}}日)(?:{alternation(w('part-of-day'))})?"
        )
        self.quant = re.compile(rf"等(?:[0-9０-９一二三四五六七八九十两多几数]+(?:个|家)?)?(?:{alternation(w('quant-noun'))})")
        self.paper_title = (re.compile(rf"(?:{alternation(w('paper-title-intro'))})$"), re.compile(rf"^\s*(?:{alternation(w('paper-title-after'))})"))
        self.journal_before = re.compile(rf"(?:{alternation(w('journal-before'))})\s*$")
        self.journal_after = re.compile(rf"^\s*(?:\([^)]*\)|（[^）]*）)?\s*(?:{alternation(w('journal-after'))})")
        self.journal_after_bare = re.compile(rf"^\s*(?:{alternation(w('journal-after-bare'))})")
        self.issue_tail = re.compile(rf"(?:{alternation(w('aux') | w('issue-extra') | w('doc-modifier'))})+$")
        self.measure = re.compile(rf"[{''.join(w('numeral-det'))}][{''.join(w('person-measure'))}]$")
        self.team_det = re.compile(rf"^(?:{alternation(w('team-det'))})")
        self.research_words = re.compile(alternation(w("research-word")))
        self.name_joiners = w("name-joiner")
        self.conj = w("conj")
        self.number_chars = w("number-char")
        self.not_in_name = w("name-not-char")
        self.not_in_name_loose = w("name-not-char-loose")
        self.not_in_name_any = self.not_in_name | self.not_in_name_loose
        self.level_mark = w("level-mark")
        self.passive = w("passive")
        # Words that end names a foreign name may be glued to (英国某大学彼得·卡森).
        self.name_enders = tuple(sorted(set(lexicon.suffixes) | set(lexicon.titles), key=len, reverse=True))

    # -- public -------------------------------------------------------------------------

    def chunk(self, text: str, start: int, end: int, known_names: Iterable[str] = ()) -> tuple[Chunk, ...]:
        """The chunks of ``text[start:end]`` (a sentence), left to right.

        ``known_names``: people the article named earlier with more certainty (beside a
        title); a later mention of the same name is taken whole (钟立正在 → 钟立正).
        """
        local = self.seg.fast_tag(text[start:end])
        tokens = [Token(t.text, t.start + start, t.end + start, t.pos) for t in local]
        claims = _Claims(start, end)
        boundaries = {t.start for t in tokens} | {end}

        self._aliases(text, start, end, claims)
        self._books(text, start, end, claims)
        self._coref_heads(text, start, end, claims)
        self._known_words(text, start, end, claims, boundaries)
        self._people(text, start, end, tokens, local, claims, frozenset(known_names))
        self._suffix_orgs(text, start, end, tokens, claims)
        self._unit_titles(text, start, tokens, claims)
        return self._sequence(text, start, end, tokens, claims)

    # -- layer 1: 《》 titles ---------------------------------------------------------------

    def _books(self, text: str, start: int, end: int, claims: _Claims) -> None:
        sentence = text[start:end]
        publish_later = any(w in sentence for w in self.publish_words)
        for match in _BOOK.finditer(text, start, end):
            inner = match.group(1).strip()
            s, e = match.span()
            if not claims.free(s, e):
                continue  # inside an alias aside: （以下简称《意见》）
            entry = self.known.get(inner)
            before = text[max(start, s - 8) : s]
            after = text[e : e + 8]
            if entry is not None and entry.type == "Journal":
                kind, type_, canonical, source = Kind.JOURNAL, "Journal", entry.name, "journal-lexicon"
            elif self.paper_title[0].search(before) or self.paper_title[1].match(after):
                kind, type_, canonical, source = Kind.BOOK, "", _clean_title(inner), "paper-title"
            elif self._journal_context(before, after, inner, publish_later):
                kind, type_, canonical, source = Kind.JOURNAL, "Journal", _clean_title(inner), "journal-context"
            elif self._document_title(inner) or self._after_issue_verb(before):
                kind, type_, canonical, source = Kind.POLICY, "Policy", _clean_title(inner), "policy-title"
            else:
                kind, type_, canonical, source = Kind.BOOK, "", _clean_title(inner), "book-title"
            claims.add(Chunk(kind, s, e, match.group(0), type=type_, canonical=canonical, source=source))

    def _journal_context(self, before: str, after: str, inner: str, publish_later: bool) -> bool:
        if self.journal_before.search(before):
            return True
        if publish_later and self.journal_after.match(after):
            return True
        return publish_later and bool(re.fullmatch(r"[A-Za-z][A-Za-z .&:-]{2,60}", inner))

    def _document_title(self, inner: str) -> bool:
        """A title ending in a document word, perhaps with notes in brackets after it
        (（试行）, （2024年版）, （负面清单）)."""
        core = inner
        while True:
            m = re.search(r"[（(]([^（）()]{1,16})[）)]$", core)
            if m is None:
                return core.endswith(self.document_heads)
            if m.group(1).endswith(self.document_heads):
                return True
            core = core[: m.start()]

    def _after_issue_verb(self, before: str) -> bool:
        before = self.issue_tail.sub("", before)
        return before.endswith(self.issue_words)

    # -- layer 2: aliases and coreference heads ------------------------------------------

    def _aliases(self, text: str, start: int, end: int, claims: _Claims) -> None:
        for match in self.alias_paren.finditer(text, start, end):
            if claims.free(*match.span()):
                alias = _clean_title(match.group("alias"))
                claims.add(Chunk(Kind.ALIAS, match.start(), match.end(), match.group(0), canonical=alias, source="alias-paren"))

    def _coref_heads(self, text: str, start: int, end: int, claims: _Claims) -> None:
        # Longest first: 该研究团队 before 研究团队.  A head before a title is still a head
        # (该团队负责人 is 该团队 + 负责人).
        for head in self.coref_longest:
            pos = text.find(head, start, end)
            while pos >= 0:
                e = pos + len(head)
                if claims.free(pos, e) and (head.startswith("该") or self._bare_team_head(text, pos, start)):
                    claims.add(Chunk(Kind.COREF, pos, e, head, tag=self.coref[head], source="coref-head"))
                pos = text.find(head, e, end)

    @staticmethod
    def _bare_team_head(text: str, s: int, start: int) -> bool:
        # 研究团队 opening a clause, or after 的 (…联合组成的研究团队), refers back; after other
        # words (森林火灾智能防控科研团队) it ends a name.
        return s == start or text[s - 1] in "，。、；：,;: 的该“\""

    # -- layer 3: known names, titles, trigger verbs ---------------------------------------

    def _known_words(self, text: str, start: int, end: int, claims: _Claims, boundaries: set[int]) -> None:
        found, _ = self.words.scan(text, start, end)
        pos = start
        for at in sorted(found):
            if at < pos:
                continue
            pos = at
            hit = found.get(pos)
            if hit is None or not claims.free(pos, hit.end):
                pos += 1
                continue
            hit_end, (kind, value) = hit.end, hit.value
            surface = text[pos:hit_end]
            if kind == "known":
                entry: Entry = value  # type: ignore[assignment]
                # Names sit on word boundaries (南大 inside 河南大学 is not 南京大学, 联合国 inside
                # 联合|国家网信办 is no name); a title may follow a name in one word (日本首相).
                if not ((pos in boundaries and hit_end in boundaries) or (pos in boundaries and self.titles.longest_at(text, hit_end, end))):
                    pos += 1
                    continue
                if entry.type == "Place" and hit_end - pos >= 3:
                    # 日本国|家: a shorter place whose last character does not start a word.
                    shorter = self.known.longest_at(text, pos, hit_end - 1)
                    if shorter is not None and shorter.value.type == "Place" and self.seg.frequency(text[hit_end - 1 : hit_end + 1]) > 1000:
                        hit_end, entry = shorter.end, shorter.value
                        surface = text[pos:hit_end]
                if entry.type == "Journal" and not self._journal_in_text(text, surface, pos, hit_end, start):
                    pos += 1
                    continue
                kind_ = {"Place": Kind.PLACE, "Journal": Kind.JOURNAL}.get(entry.type, Kind.ORG)
                claims.add(Chunk(kind_, pos, hit_end, surface, type=entry.type, canonical=entry.name, source="lexicon"))
            elif kind == "title":
                # A title starts a word, or ends one it shares with its body's last character
                # (新闻局|局长 from jieba's 局局长); a short one ends a word too.
                if (pos not in boundaries and not (hit_end in boundaries and text[pos - 1] in self.unit_chars)) or (
                    hit_end - pos <= 2 and hit_end not in boundaries and not self.known.longest_at(text, hit_end, end)
                ):
                    pos += 1
                    continue
                claims.add(Chunk(Kind.TITLE, pos, hit_end, surface, type="Title", canonical=surface, tag=str(value), source="title-lexicon"))
            else:
                if not (pos in boundaries and hit_end in boundaries):  # 发布 in 发布会 is no trigger
                    pos += 1
                    continue
                claims.add(Chunk(Kind.VERB, pos, hit_end, surface, tag=str(value), canonical=surface, source="trigger"))
            pos = hit_end

    def _journal_in_text(self, text: str, surface: str, s: int, e: int, start: int) -> bool:
        """A journal named outside 《》 counts only where it cannot be an ordinary word.

        自然, 科学, 细胞 … are journal names and everyday words: outside 《》 they need a journal
        context (发表在期刊细胞上).  Latin-script titles (Science) and names no dictionary
        knows (自然·通讯) stand on their own.
        """
        if surface.isascii():
            before, after = text[s - 1 : s], text[e : e + 1]
            return not (before.isascii() and before.isalnum()) and not (after.isascii() and after.isalnum())
        if "·" in surface or (len(surface) >= 4 and not self.seg.is_word(surface)):
            return True
        before = text[max(start, s - 6) : s]
        after = text[e : e + 4]
        return bool(self.journal_before.search(before) or self.journal_after_bare.match(after))

    # -- layer 4: people ---------------------------------------------------------------------

    def valid_name(self, name: str, beside_title: bool = False, supported: bool = False) -> bool:
        """A plausible Chinese personal name (or a transliterated one with ·).

        ``beside_title``: the name touches a position title (部长阴和俊, 马大为研究员), so a
        three-character name may have 和 or 为 in its given name.  ``supported``: the NER
        model read the same span as a name beside a title — then a surname the list lacks
        is no reason to doubt it.
        """
        if _FOREIGN_NAME.fullmatch(name):
            return True
        if not (2 <= len(name) <= 4) or not _CJK.match(name):
            return False
        if name in self.lex.titles or name in self.lex.surface or name in self.stop or name in self.coref:
            return False
        compound = name[:2] in self.surnames
        if len(name) == 4 and not compound and not supported:
            return False
        if name[0] not in self.surnames and not compound and not supported:
            return False
        if name[0] in self.function_surnames and not compound:
            return False  # 和妇幼, 有资深: a conjunction or verb, not the rare surname
        function_chars = self.not_in_name if beside_title and len(name) == 3 else self.not_in_name_any
        if any(ch in function_chars for ch in name[1:]):
            return False
        if any(name[k:] in self.lex.titles or name[k:] in self.address for k in range(1, len(name) - 1)) or name[1:] in self.address:
            return False  # 金部长, 王先生: a surname and a form of address
        if name[-1] in self.unit_chars and not compound and (len(name) == 2 or name[-1] in self.lex.suffixes or name[-2:] in self.lex.suffixes or self.seg.is_word(name[-2:])):
            return False  # 部门, 林科院: a unit or a word, not a given name
        if name[-1] in self.name_breakers:
            return False  # 王某摄: a photo credit glued to the name
        tag = self.seg.dictionary_tag(name)
        freq = self.seg.frequency(name)
        if tag is not None and ((not tag.startswith("nr") and freq > 50) or (len(name) == 2 and freq > 300)):
            return False  # an ordinary word (高层, 卓越, 范畴) that happens to start with a surname
        if len(name) >= 3 and not compound and not supported and self._ends_in_word(name):
            return False  # 有关部门: the tail is a word of its own
        return True

    def _ends_in_word(self, name: str) -> bool:
        """The given name is an everyday word, or the name ends in a unit (有关部门, 学位)."""
        tail = name[1:]
        tag = self.seg.dictionary_tag(tail)
        if tail[-1:] in self.unit_chars and len(tail) >= 2 and self.seg.frequency(tail) > 0:
            return True
        if tag is not None and tag[:1] == "n" and not tag.startswith("nr") and self.seg.frequency(tail) > 4000:
            return True  # 单分子: the given name is an everyday noun
        return tag is not None and not tag.startswith("nr") and self.seg.frequency(tail) > 2000 and tag[:1] in ("d", "p", "c", "u", "r", "m", "q", "f")

    def _people(self, text: str, start: int, end: int, tokens: list[Token], local: list[Token], claims: _Claims, known_names: frozenset[str]) -> None:
        by_start = {t.start: t for t in tokens}
        by_end = {t.end: t for t in tokens}
        model: list[tuple[int, int]] | None = None

        def model_names() -> list[tuple[int, int]]:
            """The model's PER spans (run at most once per sentence, only when asked)."""
            nonlocal model
            if model is None:
                model = []
                if self.ner is not None:
                    model = [(s + start, e + start) for s, e, label in self.ner.tag(text[start:end], local) if label == "PER"]  # type: ignore[attr-defined]
            return model

        def person(s: int, e: int, rule: str, supported: bool = False) -> Chunk | None:
            name = text[s:e]
            beside = rule in ("title-name", "name-title", "known-name")
            if e <= s or not (rule == "known-name" or self.valid_name(name, beside_title=beside, supported=supported)):
                return None
            if not claims.free(s, e):
                # A title's neighbour is a name even if it reads as a place (司长吕丹阳, not 丹阳);
                # the model's longer name wins over a shorter one inside it (邹立|三 → 邹立三).
                blocking = claims.overlapping(s, e)
                inside = all(m.kind is Kind.PERSON and s <= m.start and m.end <= e and (m.start, m.end) != (s, e) for m in blocking)
                # 局长石建成: a verb read inside the given name (建成) gives way to the name.
                verb_inside = claims.free(s, s + 1) and all(m.kind is Kind.VERB and s < m.start and m.end <= e for m in blocking)
                if not ((rule in ("title-name", "name-title", "ner", "known-name", "object-name") and all(m.kind is Kind.PLACE for m in blocking)) or (rule == "ner" and inside) or (rule in ("title-name", "object-name") and verb_inside)):
                    return None
                for m in blocking:
                    claims.remove(m)
            return claims.add(Chunk(Kind.PERSON, s, e, name, type="Person", canonical=name, source=rule))

        # Names the article has already established (a title gave them): taken whole, even
        # where jieba now cuts them differently (钟立正|在 read as 钟立|正在).
        for name in sorted(known_names, key=len, reverse=True):
            pos = text.find(name, start, end)
            while pos >= 0:
                e = pos + len(name)
                if claims.free(pos, e) and not _inside_cjk_word(text, pos, e, start, end, self):
                    person(pos, e, "known-name")
                pos = text.find(name, e, end)

        # Transliterated names: 彼得·卡森.
        for match in _FOREIGN_NAME.finditer(text, start, end):
            s, e = match.span()
            while s < e and not claims.free(s, s + 1):
                s += 1  # a title or body glued on by the pattern
            dot = re.search(r"[·•・]", text[s:e])
            if dot is None:
                continue
            first = text[s : s + dot.start()]
            for ender in self.name_enders:
                cut = first.rfind(ender)
                if cut >= 0 and cut + len(ender) < len(first):
                    s = max(s, s + cut + len(ender))
            if any(part.endswith(self.outlet_endings) for part in re.split(r"[·•・]", text[s:e])):
                continue  # 齐鲁网·闪电新闻, 中青报·中青网: outlets, not people
            if e - s >= 3 and claims.free(s, e):
                person(s, e, "foreign-name")

        for t in claims.of_kind(Kind.TITLE):
            if t.tag == "media" and t.canonical not in self.reporter_titles:
                continue
            # Title + name: 副部长张云明 (a space between them in headings: 部长 任志远).  The
            # model's reading of the name's length comes first: jieba cuts unknown names
            # short (a three-character name read as two and one: 甲乙|丙在).
            s = t.end
            while s < end and text[s] in _SPACE and s - t.end < 2:
                s += 1
            latin = _LATIN_NAME.match(text, s, end)
            if latin is not None and t.tag not in ("media",):
                # 教授Marco Bellini: a name in Latin script after a title.
                if claims.free(s, latin.end()):
                    claims.add(Chunk(Kind.PERSON, s, latin.end(), latin.group(0), type="Person", canonical=latin.group(0), source="title-name"))
                continue
            if s < end and (text[s] not in _SPACE):
                clear = self._clear_name_from(s, by_start)
                if clear is not None and self._plausible_after_title(text, t, s, clear, end, by_start) and person(s, clear, "title-name") is not None:
                    continue  # jieba's word is a whole name: no need to ask the model
                tok = by_start.get(s)
                # The model is asked only where a name may start: not at a function word or
                # an everyday word (副部长出席, 记者从…), and only when jieba did not settle it.
                maybe = text[s] not in self.not_in_name and _CJK.match(text[s]) is not None and (
                    tok is None or len(tok.text) == 1 or tok.pos.startswith("nr") or self.seg.frequency(tok.text) <= _COMMON_WORD
                )
                said = next((e for a, e in model_names() if a == s and 2 <= e - a <= 4), None) if maybe else None
                if said is not None and text[s : s + 2] in self.surnames and said - s < 4:
                    said = None  # 欧阳子轩: a compound surname's given name may have two characters
                if said is not None and self._plausible_after_title(text, t, s, said, end, by_start, supported=True) and person(s, said, "title-name", supported=True) is not None:
                    continue
                e = self._name_end(text, s, end, by_start, beside_title=True)
                if e is not None and self._plausible_after_title(text, t, s, e, end, by_start) and person(s, e, "title-name") is not None:
                    continue
            # Name + title: 马雄飞研究员.
            e = t.start
            clear = self._clear_name_to(e, start, by_end, claims)
            if clear is not None and person(clear, e, "name-title") is not None:
                continue
            said = next((a for a, b in model_names() if b == e and 2 <= b - a <= 4), None)
            if said is not None and person(said, e, "name-title", supported=True) is not None:
                continue
            s = self._name_start(text, e, start, by_end, claims, beside_title=True)
            if s is not None:
                person(s, e, "name-title")
        # 张三出任…, 张三被任命为…: the name before an appointment verb.
        for v in claims.of_kind(Kind.VERB):
            if v.tag not in ("appoint", "dismiss") or v.canonical in self.person_object_verbs:
                continue
            e = v.start
            body = next((c for c in claims.items if c.end == e and c.kind is Kind.ORG), None)
            if body is not None and text[body.start - 1 : body.start] in self.passive:
                e = body.start - 1  # 张三被国务院任命为…
            elif text[e - 1 : e] in self.passive:
                e -= 1
            if e > start and claims.free(e - 1, e):
                said = next((a for a, b in model_names() if b == e and 2 <= b - a <= 4), None)
                if said is None or person(said, e, "subject-name", supported=True) is None:
                    s = self._name_start(text, e, start, by_end, claims)
                    if s is not None:
                        person(s, e, "subject-name")
        # 任命张三为…, 免去张三的…, 接替张三: words whose object is a person.
        cues = [v.end for v in claims.of_kind(Kind.VERB) if v.canonical in self.person_object_verbs]
        cues += [t.end for t in tokens if t.text in self.replace_words]
        for s in cues:
            if claims.free(s, min(end, s + 2)):
                said = next((e for a, e in model_names() if a == s and 2 <= e - a <= 4), None)
                if said is not None and person(s, said, "object-name", supported=True) is not None:
                    continue
                e = self._name_end(text, s, end, by_start)
                if e is not None:
                    person(s, e, "object-name")

        self._team_leaders(text, start, end, by_end, claims, person, model_names)
        self._name_lists(text, start, end, person)
        # 陈嘉明、林书平: names listed after a name are names too.
        changed = True
        while changed:
            changed = False
            for p in claims.of_kind(Kind.PERSON):
                if text[p.end : p.end + 1] not in self.name_joiners:
                    continue
                s = p.end + 1
                e = self._name_end(text, s, end, by_start)
                if e is not None and claims.free(s, e) and text[p.end] == "、" and person(s, e, "name-list") is not None:
                    changed = True
        for p in claims.of_kind(Kind.PERSON):
            frame = self.single_triggers.get(text[p.end : p.end + 1])
            if frame and claims.free(p.end, p.end + 1) and p.end + 1 < end and not self.seg.is_word(text[p.end : p.end + 2]):
                claims.add(Chunk(Kind.VERB, p.end, p.end + 1, text[p.end], tag=frame, canonical=text[p.end], source="trigger"))
        # The model, last and only where a name-shaped word is still unexplained (or its
        # spans were computed anyway): it costs as much as the rest of the sentence's
        # analysis, and most sentences name nobody.
        if self.ner is not None and (model is not None or self._unexplained_name(tokens, claims)):
            bounds = {t.start for t in tokens} | {t.end for t in tokens}
            titles = {c.end: c for c in claims.of_kind(Kind.TITLE)}
            for s, e in model_names():
                # On word boundaries only, and never an ordinary dictionary word (叶绿素); a
                # span that extends a shorter name found before wins over it; right after a
                # title, the same checks as a name the title introduces.
                tag = self.seg.dictionary_tag(text[s:e])
                t = titles.get(s)
                if t is not None and not self._plausible_after_title(text, t, s, e, end, by_start, supported=True):
                    continue
                if s in bounds and e in bounds and (tag is None or tag.startswith("nr")):
                    person(s, e, "ner")
        for tok in tokens:
            known_tag = self.seg.dictionary_tag(tok.text)
            if known_tag is not None and (not known_tag.startswith("nr") or (len(tok.text) == 2 and self.seg.frequency(tok.text) > 300)):
                continue  # a common word (周期, and 范畴 which jieba's dictionary calls a name)
            guessed = tok.pos == "nrx"
            if guessed and not (len(tok.text) == 3 and self.surnames.get(tok.text[0], 999) <= 300 and text[tok.start - 1 : tok.start] not in self.number_chars):
                continue  # an unknown word shaped like a name: only a common-surname triple
            if tok.pos in ("nr", "nrfg", "nrx") and 2 <= len(tok.text) <= 4:
                # jieba alone is noisy: a speech verb or an enumeration comma must follow.
                nxt = text[tok.end : tok.end + 2]
                if nxt[:1] in self.list_cue or nxt in self.name_after or nxt[:1] in self.name_after:
                    person(tok.start, tok.end, "jieba-nr")

    def _unexplained_name(self, tokens: Sequence[Token], claims: _Claims) -> bool:
        """A word shaped like a name that nothing explained: a dictionary name, or an unknown
        three-character word opening with a common surname (the model is asked only then)."""
        return any(
            (t.pos in ("nr", "nrfg") or (t.pos == "nrx" and len(t.text) == 3 and self.surnames.get(t.text[0], 999) <= 300))
            and 2 <= len(t.text) <= 4 and claims.free(t.start, t.end) and self.valid_name(t.text)
            for t in tokens
        )

    def _team_leaders(self, text, start, end, by_end, claims, person, model_names) -> None:  # type: ignore[no-untyped-def]
        """钱立团队, 冯一鸣和袁思远研究团队, 黄某教授团队: the names a team is called after."""
        for hit in self.team_gaz.finditer(text, start, end):
            e = hit.start
            t = claims.overlapping(e - 1, e)
            if t and t[0].kind is Kind.TITLE and t[0].end == e:
                e = t[0].start  # 马雄飞研究员团队: the name stands before the title
            while e > start:
                s = self._clear_name_to(e, start, by_end, claims)
                if s is None or person(s, e, "team-leader") is None:
                    s = next((a for a, b in model_names() if b == e and 2 <= b - a <= 4 and claims.free(a, b)), None)
                if s is None or (not any(c.kind is Kind.PERSON and c.start == s and c.end == e for c in claims.items) and person(s, e, "team-leader", supported=True) is None):
                    s = self._name_start(text, e, start, by_end, claims)
                    if s is None or person(s, e, "team-leader") is None:
                        break
                if text[s - 1 : s] not in self.name_joiners:
                    break
                e = s - 1

    def _name_lists(self, text, start, end, person) -> None:  # type: ignore[no-untyped-def]
        """程远、邵宁、韩晓东、卢佳等: three or more names in a 、 list (or two and 等).

        Worked on characters, not jieba's words, which glue list items to their neighbours:
        the items between two 、 must be names as they stand; the first and last items are
        the name-shaped ends of their stretches of text.
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
                if last_start + n <= end and self._list_item(text[last_start : last_start + n]) and (after == "" or after in self.list_cue):
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
        return 2 <= len(piece) <= 4 and piece[0] not in self.unit_chars and self.valid_name(piece)

    def _name_end(self, text: str, s: int, limit: int, by_start, beside_title: bool = False) -> int | None:  # type: ignore[no-untyped-def]
        """Where a name starting at ``s`` (right after a title) ends."""
        if s >= limit:
            return None
        tok = by_start.get(s)
        # A compound surname jieba left alone (司马|婉清): the given name follows.
        inside = {k for t in by_start.values() if len(t.text) >= 2 and self.seg.frequency(t.text) > _COMMON_WORD for k in range(t.start + 1, t.end)}
        if tok is not None and tok.text in self.surnames and len(tok.text) == 2:
            for n in (4, 3):
                if s + n <= limit and s + n not in inside and self.valid_name(text[s : s + n], beside_title):
                    return s + n
        if tok is not None and tok.pos in ("nr", "nrfg", "nrt", "nrx") and 2 <= len(tok.text) <= 4:
            nxt = by_start.get(tok.end)
            # 李乐/成到: jieba's HMM glued the name's last character to the next word.
            if len(tok.text) == 2 and nxt is not None and len(nxt.text) == 2 and not self.seg.is_word(nxt.text) and self.seg.is_word(nxt.text[1:]) and self.valid_name(text[s : tok.end + 1]):
                return tok.end + 1
            if self.valid_name(tok.text, beside_title):
                return tok.end
        if text[s : s + 1] in ("，", "、", " "):
            return None
        if tok is not None and len(tok.text) == 1 and tok.pos[:1] in ("d", "u", "p", "c", "v") and self.surnames.get(tok.text, 999) > 100:
            return None  # 部长和副部长都来了, 院士谈基础研究: an adverb or verb that is also a rare surname
        if tok is not None and len(tok.text) >= 2 and tok.text[:2] not in self.surnames and not tok.pos.startswith("nr") and self.seg.frequency(tok.text) > _COMMON_WORD:
            return None  # 副主任代表韩某: a name does not start with an everyday word
        # No model opinion: surname + given name, two characters unless the third starts a word,
        # and never ending inside an everyday word (单|分子科学 is no name 单分).
        for n in (3, 2):
            name = text[s : s + n]
            if s + n in inside and text[s + n : s + n + 1] not in self.not_in_name_any:
                continue
            if s + n <= limit and self.valid_name(name, beside_title):
                after = text[s + n : s + n + 2]
                if n == 3 and self.seg.is_word(text[s + 2 : s + 4]) and not self.seg.is_word(after) and text[s + 2 : s + 4] not in self.lex.titles:
                    continue
                return s + n
        return None

    def _clear_name_from(self, s: int, by_start) -> int | None:  # type: ignore[no-untyped-def]
        """Where a name starting at ``s`` ends when jieba's word there is plainly a whole name
        (a 2–3 character name-tagged word, valid, not followed by a lone character that could
        be the rest of it); ``None`` when the model should be asked."""
        tok = by_start.get(s)
        if tok is None or not tok.pos.startswith("nr") or not (2 <= len(tok.text) <= 3) or tok.text[:2] in self.surnames:
            return None
        nxt = by_start.get(tok.end)
        if nxt is not None and len(nxt.text) == 1 and nxt.text.isalnum() and nxt.text not in self.not_in_name_any and len(tok.text) == 2:
            return None  # 甲乙|丙: jieba may have cut the name short
        return tok.end if self.valid_name(tok.text, beside_title=True) else None

    def _clear_name_to(self, e: int, limit: int, by_end, claims: _Claims) -> int | None:  # type: ignore[no-untyped-def]
        """Where a name ending at ``e`` starts when jieba's word there is plainly a whole name."""
        tok = by_end.get(e)
        if tok is None or tok.start < limit or not tok.pos.startswith("nr") or not (2 <= len(tok.text) <= 3) or not claims.free(tok.start, e):
            return None
        prev = by_end.get(tok.start)
        if prev is not None and len(prev.text) == 1 and prev.text in self.surnames and prev.text not in self.not_in_name:
            return None  # 诸|葛亮: a surname jieba left alone may belong to it
        return tok.start if self.valid_name(tok.text, beside_title=True) else None

    def _plausible_after_title(self, text: str, t: Chunk, s: int, e: int, end: int, by_start, supported: bool = False) -> bool:  # type: ignore[no-untyped-def]
        """A name after a title: not inside quotes (“院士讲堂”), and a rare surname needs what
        usually follows a name (an adverb, a particle, a speech verb; any verb if the model
        read a name there too)."""
        if text[t.start - 1 : t.start] in "“\"「" or text[e : e + 1] in "”\"」":
            return False
        if self.surnames.get(text[s], 999) <= 300 or text[s : s + 2] in self.surnames:
            return True
        nxt = by_start.get(e)
        follows = ("p", "c", "u", "d", "v") if supported else ("p", "c", "u", "d")
        return e >= end or not text[e].isalnum() or (nxt is not None and (nxt.text in self.name_after or nxt.pos[:1] in follows or nxt.text in self.lex.titles))

    def _name_start(self, text: str, e: int, limit: int, by_end, claims: _Claims, beside_title: bool = False) -> int | None:  # type: ignore[no-untyped-def]
        """Where a name ending right before a title starts (马雄飞|研究员, 周海涛|教授)."""
        starts = {t.start for t in by_end.values()} | {t.end for t in by_end.values()}
        # Three characters before two (most Chinese names are three), on a word boundary,
        # and not reaching into an earlier mention, a number (2025年全国…) or a quotation
        # (“双师型”教师: a coined word, not a name).
        for n in (3, 2, 4):
            s = e - n
            if s < limit or not claims.free(s, e) or not _CJK.match(text[s:e]):
                continue
            if text[s - 1 : s].isdigit() or text[s - 1 : s] in "“\"‘「" or text[e : e + 1] in "”\"’」":
                continue
            if self.measure.search(text, max(limit, s - 2), s):
                continue  # 一位年轻博士: a description after a measure word, not a name
            if s in starts and self.valid_name(text[s:e], beside_title):
                return s
        return None

    # -- layer 5: organizations on a suffix ------------------------------------------------

    def _suffix_orgs(self, text: str, start: int, end: int, tokens: list[Token], claims: _Claims) -> None:
        """Organizations named by a suffix, left to right, so that an inner body found first
        (福州大学) becomes the parent of the unit after it (…大学物理学院) and is absorbed
        into it: the sentence then holds one chunk for the whole name."""
        found = []
        _, ending = self.suffixes.scan(text, start, end)
        for e in sorted(ending):
            hit = ending[e]
            if not claims.free(hit.start, hit.end):
                continue
            if self._continues_word(text, hit, e, end, claims):
                continue
            found.append(hit)
        for hit in found:
            if not claims.free(hit.start, hit.end):
                continue  # swallowed by a name found before it
            s_suf, e_suf = hit.start, hit.end
            type_, unit = hit.value
            anchors = {c.end: c for c in claims.items if c.kind in (Kind.ORG, Kind.UNIT, Kind.COREF, Kind.PLACE, Kind.PERSON, Kind.TITLE, Kind.ALIAS)}
            name_start, parent, leaders, absorbed = self._grow_left(text, start, s_suf, type_, tokens, anchors, claims)
            if parent is not None and parent.kind is Kind.ORG and name_start == s_suf and not unit and type_ == "Company":
                # 某某中心有限公司: a company form after a body's name is that body's full name.
                claims.remove(parent)
                claims.add(Chunk(Kind.ORG, parent.start, e_suf, text[parent.start : e_suf], type=type_, source="org-suffix", tag=text[s_suf:e_suf], parent=parent.parent, parts=parent.parts))
                continue
            verdict = self._acceptable(text, start, name_start, s_suf, e_suf, type_, unit, parent, bool(leaders), tokens)
            if not verdict:
                continue
            proper = verdict == "proper" or (verdict != "pending" and any(x.kind is Kind.PLACE for x in absorbed))
            if parent is not None:
                if parent.kind is not Kind.ALIAS:
                    absorbed.append(parent)
                name_start = parent.start
            for c in absorbed:
                if c in claims.items:
                    claims.remove(c)
            if type_ == "Organization" and self.research_words.search(text, name_start, s_suf):
                type_ = "ResearchInstitution"  # 东海量子科学中心: a 中心 doing research
            # A unit with neither a parent nor a proper name (宣传司) waits for a rule to say whose it is.
            kind = Kind.ORG if parent is not None or type_ == "ResearchTeam" or ((not unit or leaders or proper) and verdict != "pending") else Kind.UNIT
            if parent is not None and parent.kind is Kind.ALIAS:
                # 南湖材料科学研究院（以下简称南湖研究院）光电研究所: the body before the aside.
                body = parent
                parent = next((c for c in claims.items if c.end == body.start and c.kind in (Kind.ORG, Kind.COREF)), None)
                name_start = body.end
                if parent is None:
                    kind = Kind.UNIT if unit and not proper else Kind.ORG
            parts = tuple(sorted(absorbed_parts(absorbed, parent), key=lambda c: c.start))
            claims.add(
                Chunk(kind, name_start, e_suf, text[name_start:e_suf], type=type_, source="org-suffix", tag=text[s_suf:e_suf], parent=parent, parts=parts)
            )

    def _unit_titles(self, text: str, start: int, tokens: list[Token], claims: _Claims) -> None:
        """A title that begins with the end of its body's name: ``作物遗传卓越中心主任``,
        ``人事教育司长`` (司长 for 司司长).  The words before it name the body: the title
        becomes two chunks (中心 + 主任) or, where the title cannot be cut (司长), one title
        chunk whose ``parent`` is the body."""
        for t in claims.of_kind(Kind.TITLE):
            body = self.known.longest_at(text, t.start, t.end - 1)
            if body is not None and body.value.type not in ("Place", "Journal") and text[body.end : t.end] in self.lex.titles:
                # 中国工程院院士: the academy and the title.
                claims.remove(t)
                claims.add(Chunk(Kind.ORG, t.start, body.end, body.text, type=body.value.type, canonical=body.value.name, source="lexicon"))
                rest = text[body.end : t.end]
                claims.add(Chunk(Kind.TITLE, body.end, t.end, rest, type="Title", canonical=rest, tag=self.lex.titles[rest], source="title-lexicon"))
                continue
            # The longest suffix the title starts with (研究所 of 研究所长), shorter than it.
            head = self.suffixes.longest_at(text, t.start, t.end - 1)
            suffix = head.text if head is not None else None
            if suffix is None or t.start == start or not claims.free(t.start - 1, t.start):
                continue
            type_, unit = self.lex.suffixes[suffix]
            anchors = {c.end: c for c in claims.items if c.kind in (Kind.ORG, Kind.COREF, Kind.PLACE, Kind.ALIAS)}
            name_start, parent, _, absorbed = self._grow_left(text, start, t.start, type_, tokens, anchors, claims)
            own = text[name_start : t.start]
            if parent is not None and parent.kind is Kind.ALIAS:
                parent = None
            if len(own) < 2 or not _name_chars(own) or own in self.stop:
                continue
            prev = next((x for x in reversed(tokens) if x.end <= name_start), None)
            if prev is not None and prev.end == name_start and (prev.pos in _NUMBER_POS or prev.text in self.generic_det):
                continue
            cut = t.start + len(suffix)
            proper = any(x.kind is Kind.PLACE for x in absorbed) or any(tok.pos in ("ns", "nt", "nz", "nr", "eng", "j") for tok in tokens if name_start <= tok.start and tok.end <= t.start)
            kind = Kind.ORG if parent is not None or proper or not unit else Kind.UNIT
            begin = parent.start if parent is not None else name_start
            for c in absorbed + ([parent] if parent is not None else []):
                if c in claims.items:
                    claims.remove(c)
            claims.remove(t)
            body = Chunk(kind, begin, cut, text[begin:cut], type=type_, source="title-body", tag=suffix, parent=parent, parts=tuple(absorbed_parts(absorbed, parent)))
            rest = text[cut : t.end]
            if rest in self.lex.titles:
                claims.add(body)
                claims.add(Chunk(Kind.TITLE, cut, t.end, rest, type="Title", canonical=rest, tag=self.lex.titles[rest], source="title-lexicon"))
            else:
                # 人事教育司长: the title keeps its characters; its body overlaps it by one.
                claims.add(Chunk(Kind.TITLE, begin, t.end, text[begin : t.end], type="Title", canonical=t.text, tag=t.tag, source="title-body", parent=body))

    def _continues_word(self, text, hit, e, end, claims) -> bool:  # type: ignore[no-untyped-def]
        """A one-character suffix that is part of an ordinary word: 局 in 局面 or 布局, 部 in
        部分 or 干部, 系 in 体系 (a longer suffix such as 公司 was matched first)."""
        if len(hit.text) > 1:
            return False
        word = text[hit.start - 1 : e]
        if hit.start > 0 and self.seg.frequency(word) > _COMMON_WORD and word not in self.suffixes:
            return True  # a common word (体系, 布局, 干部), not a rare one (学系 in 应用化学系)
        return claims.free(e, min(e + 1, end)) and self.seg.is_word(text[e - 1 : e + 1])

    def _grow_left(self, text, start, s_suf, type_, tokens, anchors, claims):  # type: ignore[no-untyped-def]
        """Walk left from a suffix over name-like words.

        Returns ``(start, parent, leaders, absorbed)``: where the name starts, the body it
        belongs to (an organization, 该校, or an alias aside right before it), the people
        leading a team named after them, and the chunks it swallows (leaders, titles, places).
        """
        pos = s_suf
        parent: Chunk | None = None
        absorbed: list[Chunk] = []
        leaders: list[Chunk] = []
        team = type_ == "ResearchTeam"
        cuts = {s_suf} | {c.start for c in anchors.values()} | set(anchors)
        toks = [t for t in _clip([t for t in tokens if t.start < s_suf], cuts) if t.end <= s_suf]
        i = len(toks) - 1
        while pos > start:
            anchor = anchors.get(pos)
            if anchor is not None:
                if anchor.kind in (Kind.ORG, Kind.COREF, Kind.ALIAS) or (anchor.kind is Kind.UNIT and team):
                    parent = anchor  # (a team may belong to a unit whose own body comes later)
                    break
                if anchor.kind is Kind.TITLE and team and not leaders and not (anchors.get(anchor.start) is not None and anchors[anchor.start].kind is Kind.PERSON):
                    break  # 青年教授团队: a title with no name before it is no part of a team's name
                if anchor.kind in (Kind.PLACE, Kind.TITLE) and not (anchor.kind is Kind.TITLE and leaders):
                    # A place starts many names (甘肃省通信管理局); a title can sit inside one
                    # (人才与研究生工作司, 马雄飞研究员团队).
                    absorbed.append(anchor)
                    pos = anchor.start
                    while i >= 0 and toks[i].start >= pos:
                        i -= 1
                    continue
                if anchor.kind is Kind.PERSON and team and not leaders:
                    leaders.append(anchor)
                    absorbed.append(anchor)
                    pos = anchor.start
                    # 冯一鸣和袁思远研究团队, 肖某教授和王某研究员团队: more leaders joined by
                    # 和/、/与, each perhaps with a title after the name.
                    while True:
                        prev = anchors.get(pos - 1)
                        if text[pos - 1 : pos] not in self.name_joiners or prev is None:
                            break
                        title = prev if prev.kind is Kind.TITLE else None
                        if title is not None:
                            prev = anchors.get(title.start)
                        if prev is None or prev.kind is not Kind.PERSON:
                            break
                        absorbed.extend([prev] + ([title] if title is not None else []))
                        leaders.insert(0, prev)
                        pos = prev.start
                    # 物理学院教授黄某团队: the leader's title, then the body, before the names.
                    prev = anchors.get(pos)
                    while prev is not None and prev.kind is Kind.TITLE:
                        absorbed.append(prev)
                        pos = prev.start
                        prev = anchors.get(pos)
                    if prev is not None and prev.kind in (Kind.ORG, Kind.UNIT, Kind.COREF, Kind.ALIAS):
                        parent = prev
                    break
                break
            if not claims.free(pos - 1, pos):
                break
            while i >= 0 and toks[i].start >= pos:
                i -= 1
            if i < 0 or leaders:
                break
            tok = toks[i]
            if tok.end != pos:
                break  # jieba glued the first character of the name to the word before it
            word = tok.text
            if word in self.conj and i > 0 and toks[i - 1].pos in _NAME_POS and toks[i - 1].text not in self.stop and anchors.get(tok.start) is None:
                pos = tok.start
                i -= 1
                continue
            if word in self.stop or (tok.pos not in _NAME_POS and not _LATIN_RUN.match(word)) or not _name_chars(word):
                if tok.pos == "m" and word.startswith("第") and len(word) <= 4:
                    pos = tok.start
                    i -= 1
                    continue
                break
            pos = tok.start
            i -= 1
        return pos, parent, leaders, absorbed

    def _acceptable(self, text, start, name_start, s_suf, e_suf, type_, unit, parent, led, tokens) -> bool | str:  # type: ignore[no-untyped-def]
        """Whether a suffix name is a real name: ``False``, ``True``, ``"proper"`` (it holds a
        place or proper noun) or ``"pending"`` (a unit that needs a parent to count)."""
        own_name = text[name_start:s_suf]
        whole = text[name_start:e_suf]
        if type_ == "ResearchTeam":
            if self.team_det.match(whole):
                return False  # 这支科研团队: a reference, not a name
            if whole in self.bare_team or (not led and parent is None and len(own_name) < 2):
                return False
            return True
        if len(text[s_suf:e_suf]) == 1 and unit and parent is None:
            # 系, 所, 司 … on their own are too common (陆地棉标准系): a one-character unit
            # suffix needs a known name inside, or it waits for a rule to give it a parent.
            if not self._known_inside(text, name_start, s_suf):
                return "pending" if len(own_name) >= 2 else False
        if own_name in self.levels and parent is None:
            return "pending"  # 市公安局: the city's bureau, named by the place said before
        min_len = 2 if len(text[s_suf:e_suf]) == 1 else 1
        if parent is not None and unit and len(text[s_suf:e_suf]) >= 2:
            min_len = 0  # 中央纪委办公厅: the body's own office
        if len(own_name) < min_len:
            return False
        prev_tok = next((t for t in reversed(tokens) if t.end <= name_start), None)
        if prev_tok is not None and prev_tok.end == name_start and (prev_tok.pos in _NUMBER_POS or prev_tok.text in self.generic_det):
            return False
        if text[max(start, name_start - 1) : name_start] in self.generic_det and parent is None:
            return False
        if any(m in own_name[:3] for m in self.level_mark) and parent is None:
            return False
        # (a word jieba read whole over the name and its suffix counts: 华为技术有限公司 is one nt)
        inside = [t for t in tokens if t.start < s_suf and t.end > name_start and t.start >= name_start]
        if any(t.pos in ("ns", "nt", "nz", "nr", "nrt", "j", "eng") for t in inside) or self._known_inside(text, name_start, s_suf):
            return "proper"
        # A company is named by what stands before 公司/集团: any short name that is not an
        # everyday word (华信集团 yes; 上市公司, 子公司 no — jieba knows those as words).
        if type_ == "Company" and not unit and parent is None and 2 <= len(own_name) <= 6 and _CJK.match(own_name):
            if self.seg.frequency(own_name) <= _COMMON_WORD and self.seg.frequency(whole) <= _COMMON_WORD:
                return "proper"
        # A free-standing body needs a proper name; a unit may wait for its parent, and so
        # may a plain name on a long suffix (外事委员会 after 全国政协委员、).
        if not unit and parent is None and len(text[s_suf:e_suf]) >= 3 and len(own_name) >= 2:
            return "pending"
        return bool(unit or parent is not None)

    def _known_inside(self, text: str, start: int, end: int) -> bool:
        """Whether a place or organization the lexicons know sits inside ``text[start:end]``
        (journals do not count: 创新, 细胞 are ordinary words too)."""
        for a in range(start, end):
            hit = self.known.longest_at(text, a, end)
            if hit is not None and hit.value.type != "Journal":
                return True
        return False

    # -- layer 6: the words between ---------------------------------------------------------

    def _sequence(self, text: str, start: int, end: int, tokens: list[Token], claims: _Claims) -> tuple[Chunk, ...]:
        for m in self.date.finditer(text, start, end):
            s, e = m.span()
            # A date stands on its own: not the tail of a number (2024年 in 12024年) or a name.
            if e > s and claims.free(s, e) and not (s > start and text[s - 1].isdigit()):
                claims.add(Chunk(Kind.DATE, s, e, m.group(0), source="date"))
        for m in self.quant.finditer(text, start, end):
            if claims.free(*m.span()):
                claims.add(Chunk(Kind.QUANT, m.start(), m.end(), m.group(0), source="quant"))
        items = sorted(claims.items, key=lambda c: c.start)
        by_pos = {c.start: c for c in items}
        starts = [c.start for c in items]
        out: list[Chunk] = []
        pos = start
        k = 0
        while pos < end:
            c = by_pos.get(pos)
            if c is not None:
                out.append(c)
                pos = c.end
                continue
            while k < len(tokens) and tokens[k].end <= pos:
                k += 1
            if k >= len(tokens):
                break
            tok = tokens[k]
            j = bisect.bisect_right(starts, pos)
            nxt = starts[j] if j < len(starts) else end
            e = min(tok.end, nxt)
            word = text[pos:e]
            out.append(self._word(word, pos, e, tok.pos if e == tok.end and pos == tok.start else ""))
            pos = e
        return tuple(out)

    def _word(self, word: str, s: int, e: int, pos: str) -> Chunk:
        if word in ("，", ","):
            return Chunk(Kind.COMMA, s, e, word)
        if word == "、":
            return Chunk(Kind.ENUM, s, e, word)
        if word.strip(_SPACE) == "":
            return Chunk(Kind.PUNCT, s, e, word, tag="space")
        if len(word) == 1 and not word.isalnum():
            return Chunk(Kind.PUNCT, s, e, word)
        if word in self.time_words:
            return Chunk(Kind.DATE, s, e, word, tag="time", source="time-word")
        return Chunk(Kind.WORD, s, e, word, tag=self.grammar.get(word, ""), pos=pos)




def absorbed_parts(absorbed: list[Chunk], parent: Chunk | None) -> list[Chunk]:
    """The chunks a name swallowed, except its parent (which has a field of its own)."""
    return [c for c in absorbed if c is not parent and c.kind is not Kind.ALIAS]


def _inside_cjk_word(text: str, s: int, e: int, start: int, end: int, chunker: Chunker) -> bool:
    """A known name inside a longer word (李峰 in 李峰会)? Only a dictionary word counts."""
    return (s > start and chunker.seg.is_word(text[s - 1 : e])) or (e < end and chunker.seg.is_word(text[s : e + 1]) and not text[s : e + 1].endswith(chunker.title_tuple))


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


def _name_chars(word: str) -> bool:
    return bool(re.match(r"^[\u4e00-\u9fffA-Za-z0-9·\-]+$", word))


def _clean_title(inner: str) -> str:
    return re.sub(r"\s+", "", inner).replace("(", "（").replace(")", "）")
