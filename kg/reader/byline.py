"""Datelines, bylines, credits and page-continuation markers of Chinese news reports.

Recognised forms (outlet names come from the lexicon's outlets; any name ending in
日报/晚报/报/社/网/台/新闻 is accepted too; role words come from ``heads.tsv``)::

    某某日报杭州3月5日电（记者甲乙）…              dateline + byline opening the lead
    某某社成都6月2日电(记者甲乙 丙丁 戊己庚)…
    某某日报讯（记者甲乙）… / 某某网4月9日讯…      讯: no place (and perhaps a date)
    某某网西安8月3日消息(记者甲乙)…
    （某某社长沙7月6日电 某某社记者甲乙 丙丁）       closing sign-off
    （某某新闻记者 甲乙）  （记者 丙丁）            a credit in brackets, opening or closing a paragraph
    文|《某某报》记者 甲乙 / 文/图 某报记者 X / ■本报记者 X        byline lines
    某某社记者 甲乙 摄 / 某某日报记者 丙丁摄         photo credits by a named reporter
    （撰文：甲乙。）   （责任编辑：丙丁）            writers count; editors do not
    （上接第一版） （下转第二版）                     continuation markers

Editors, proof-readers and photographers who are not reporters are recognised (so the text
is known to be a credit, not body text) but not returned as reporters.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from kg.lexicon import Lexicon, alternation, default_lexicon, longest_first
from kg.records import Reporter

_CJK = r"\u4e00-\u9fff"
# A Chinese personal name in a byline: 2–4 characters, or a transliterated name with ·.
_NAME = re.compile(rf"^[{_CJK}]{{2,4}}$|^[{_CJK}]{{1,6}}[·•][{_CJK}]{{1,8}}$")
_OPEN, _CLOSE = "（(", "）)"


@dataclass(frozen=True)
class Dateline:
    """What a dateline or credit says, and how many characters of the paragraph it covers."""

    outlet: str | None
    place: str | None
    month: int | None
    day: int | None
    reporters: tuple[Reporter, ...]
    length: int
    offset: int = 0  # where in the paragraph it starts (after a repeated headline)


class Bylines:
    """The byline grammar of one lexicon: outlets, reporter roles, staff and photo roles."""

    def __init__(self, lexicon: Lexicon) -> None:
        self.lexicon = lexicon
        self.role_of = lexicon.heads("report-role")  # role as written → role recorded (本报记者 → 记者)
        self.staff_roles = longest_first(lexicon.head_set("staff-role"))
        self.photo_roles = longest_first(lexicon.head_set("photo-role"))
        roles = alternation({*self.role_of, *self.staff_roles})
        self.role = re.compile(roles)
        self.role_token = re.compile(rf"^(?P<outlet>.*?)(?P<role>{roles})[:：]?(?P<rest>.*)$")  # 新华社记者黄玥
        known = "|".join(re.escape(n) for n in lexicon.outlet_names())
        # Any name ending like an outlet's is taken for one (本报, 某某日报, 某某网, 某某新闻).
        generic = rf"(?:{alternation(lexicon.words('own-outlet'))}|[{_CJK}A-Za-z·]{{1,10}}?(?:{alternation(lexicon.head_set('outlet-ending'))}))"
        outlet = f"(?:{known}|{generic})" if known else generic
        self.outlet = re.compile(outlet)
        self.dateline = re.compile(
            rf"(?P<outlet>{outlet})"
            rf"(?:(?P<place>[{_CJK}]{{1,12}}?)?(?:(?P<month>\d{{1,2}})月)?(?P<day>\d{{1,2}})日\s*(?:[电電]|[讯訊]|消息)|(?P<xun>[讯訊]))"
            rf"(?:\s*[{_OPEN}](?P<byline>[^{_CLOSE}\n]{{1,80}})[{_CLOSE}])?"
        )
        photo = "|".join(map(re.escape, self.photo_roles))
        names = rf"[{_CJK}·•]{{2,10}}(?:\s*[、,，\s]\s*[{_CJK}·•]{{2,10}}){{0,6}}"
        # A credit inside a paragraph: in brackets, or closing it, or a line of its own.
        self.bracketed = re.compile(rf"[{_OPEN}](?P<inner>[^{_OPEN}{_CLOSE}\n]{{2,80}})[{_CLOSE}]")
        self.trailing = re.compile(
            rf"(?:(?<=[。！？”\s])|^)(?P<credit>(?:{outlet})?\s*(?:{roles})[:：]?\s*{names}(?:\s*/?\s*(?:{photo}|{alternation(lexicon.words('credit-tail'))}))?)\s*$"
        )
        # 新华社记者 李某、张某 记者从…: an outlet's reporters named inside a paragraph.
        self.inline = re.compile(rf"(?:(?<=\s)|^)(?P<credit>(?:{known or generic})(?:{roles})\s+{names})(?=\s)")
        self.credit_tails = lexicon.words("credit-tail")
        self.after_name = re.compile(rf"\s*/?\s*(?:{alternation(self.photo_roles + tuple(self.credit_tails))})")  # 摄, 报道 after a name
        self.marker = re.compile(
            rf"^[（(]\s*(?P<kind>{alternation(lexicon.words('marker-from') | lexicon.words('marker-to'))})\s*(?P<page>第?[一二三四五六七八九十百\dA-Za-z]+版)\s*[）)]$"
        )
        self.marker_from = lexicon.words("marker-from")
        self.prefix = re.compile(r"^(?:[■□●◆▲▼★☆◎○]+\s*|文\s*[|｜/]\s*(?:图\s*)?|文/图\s*|图/文\s*|图文\s*[|｜/]?\s*)")

    # -- the inside of a byline -----------------------------------------------------------

    def parse_byline(self, text: str, outlet: str | None = None, *, lenient: bool = False) -> tuple[Reporter, ...]:
        """``记者谢开飞 通讯员陈思喜`` → reporters with roles (staff included, see
        :meth:`reporters_only`).  A role word applies to every name after it until the next
        role word; an outlet in front of a role (``新华社记者黄玥``) names their outlet.
        ``lenient``: stop at the first word that is not a name instead of refusing."""
        role: str | None = None
        current_outlet = outlet
        out: list[Reporter] = []
        text = self.prefix.sub("", text.strip()).strip().rstrip("。")
        for part in re.split(r"[\s、，,；;/|｜]+", text):
            if not part:
                continue
            m = self.role_token.match(part)
            if m:
                role = m["role"]
                if m["outlet"]:
                    current_outlet = m["outlet"].strip("《》")
                part = m["rest"]
                if not part:
                    continue
            for photo in self.photo_roles:
                part = part.removesuffix(photo)
            if not part or part in self.credit_tails:
                continue
            if role is None or not _NAME.match(part):
                if lenient and out:
                    break
                return ()  # not a byline after all (（图）, （完）), or an unexpected token
            out.append(Reporter(part, role, current_outlet))
        return tuple(out)

    def reporters_only(self, people: tuple[Reporter, ...]) -> tuple[Reporter, ...]:
        """The reporters among credited people: not editors, proof-readers or other staff."""
        return tuple(Reporter(r.name, self.role_of[r.role] or r.role, r.outlet) for r in people if r.role in self.role_of and r.role not in self.staff_roles)

    # -- datelines ------------------------------------------------------------------------

    def parse_dateline(self, paragraph: str, start: int = 0) -> Dateline | None:
        """A dateline (and byline) opening ``paragraph``; ``None`` if it has none."""
        match = self.dateline.match(paragraph, start)
        if match is None:
            return None
        outlet = match["outlet"]
        reporters = self.parse_byline(match["byline"], outlet) if match["byline"] else ()
        if match["byline"] and not reporters:
            # A parenthesis that is not a byline (新华社北京电(图)) is not part of the dateline.
            length = match.start("byline") - 1 - start
        else:
            length = match.end() - start
        return Dateline(
            outlet=outlet,
            place=match["place"] or None,
            month=int(match["month"]) if match["month"] else None,
            day=int(match["day"]) if match["day"] else None,
            reporters=self.reporters_only(reporters),
            length=length,
            offset=start,
        )

    # -- credits ------------------------------------------------------------------------

    def parse_credit(self, paragraph: str) -> Dateline | None:
        """A paragraph that only credits people: a sign-off or a byline line."""
        p = paragraph.strip()
        if len(p) < 3:
            return None
        found = self._credit(p)
        if found is None:
            return None
        return Dateline(found.outlet, found.place, found.month, found.day, found.reporters, len(paragraph))

    def _credit(self, text: str) -> Dateline | None:
        """What a credit says: brackets, a leading 文|, ■ and the like allowed."""
        inner = text[1:-1].strip() if text[:1] in _OPEN and text[-1:] in _CLOSE else text
        inner = self.prefix.sub("", inner).strip()
        dateline = self.dateline.match(inner)
        if dateline is not None and not dateline["byline"] and inner is not text:
            rest = inner[dateline.end() :].strip()
            people = self.parse_byline(rest, dateline["outlet"]) if rest else ()
            if rest and not people:
                return None
            return Dateline(
                outlet=dateline["outlet"],
                place=dateline["place"] or None,
                month=int(dateline["month"]) if dateline["month"] else None,
                day=int(dateline["day"]) if dateline["day"] else None,
                reporters=self.reporters_only(people),
                length=len(text),
            )
        # "OUTLET[PLACE] 记者NAME": everything before the first role word names the outlet.
        role = self.role.search(inner)
        if role is None or role.start() > 14:
            return None
        prefix = inner[: role.start()].strip().strip("《》")
        people = self.parse_byline(inner[role.start() :])
        if not people:
            return None
        outlet, place = self._split_outlet_place(prefix) if prefix else (people[0].outlet, None)
        if prefix and outlet is not None and not self.outlet.fullmatch(outlet):
            return None  # words before the role that are no outlet: not a credit
        if prefix and people[0].outlet is None:
            people = tuple(Reporter(r.name, r.role, outlet) for r in people)
        return Dateline(outlet, place, None, None, self.reporters_only(people), len(text))

    def find_credits(self, paragraph: str) -> list[tuple[int, int, Dateline]]:
        """Credits inside a paragraph of body text, as ``(start, end, what it says)``:
        ``（澎湃新闻记者 X）`` opening or closing it, ``新华社记者 X 摄`` closing a caption,
        ``新华社记者 A、B、C`` after a dateline's headline."""
        out: list[tuple[int, int, Dateline]] = []
        for m in self.bracketed.finditer(paragraph):
            credit = self._credit(m.group(0))
            if credit is not None:
                out.append((m.start(), m.end(), credit))
        taken = [(s, e) for s, e, _ in out]
        for pattern in (self.trailing, self.inline):
            for m in pattern.finditer(paragraph):
                s, e = m.span("credit")
                if any(a < e and s < b for a, b in taken):
                    continue
                text = m.group("credit")
                role = self.role.search(text)
                if role is None:
                    continue
                prefix = text[: role.start()].strip()
                people = self.parse_byline(text[role.start() :], prefix or None, lenient=True)
                if not people:
                    continue
                consumed = self._consumed(text, people)
                out.append((s, s + consumed, Dateline(prefix or None, None, None, None, self.reporters_only(people), consumed)))
                taken.append((s, s + consumed))
        return sorted(out, key=lambda x: x[0])

    def _consumed(self, text: str, people: tuple[Reporter, ...]) -> int:
        """How much of ``text`` a lenient parse used: up to the last name (and 摄/报道 after it)."""
        last = people[-1].name
        i = text.rfind(last) + len(last)
        m = self.after_name.match(text, i)
        return m.end() if m else i

    def _split_outlet_place(self, prefix: str) -> tuple[str | None, str | None]:
        """``第一健康报道北京`` → (``第一健康报道``, ``北京``), using the lexicon's place names."""
        for cut in range(1, len(prefix) - 1):
            tail = prefix[cut:]
            entry = self.lexicon.lookup(tail)
            if entry is not None and entry.type == "Place":
                return prefix[:cut], tail
        return prefix, None


def bylines_for(lexicon: Lexicon | None = None) -> Bylines:
    """The byline grammar of a lexicon (the packaged one by default), built once."""
    return _bylines(lexicon if lexicon is not None else default_lexicon())


@lru_cache(maxsize=4)
def _bylines(lexicon: Lexicon) -> Bylines:
    return Bylines(lexicon)


def parse_dateline(paragraph: str, start: int = 0, lexicon: Lexicon | None = None) -> Dateline | None:
    """Parse a dateline (and byline) opening ``paragraph``; ``None`` if it has none.

    >>> d = parse_dateline("科技日报福州1月21日电（记者谢开飞 通讯员陈思喜）21日，记者从福州大学获悉")
    >>> d.outlet, d.place, d.month, d.day, [(r.name, r.role) for r in d.reporters]
    ('科技日报', '福州', 1, 21, [('谢开飞', '记者'), ('陈思喜', '通讯员')])
    """
    return bylines_for(lexicon).parse_dateline(paragraph, start)


def parse_byline(text: str, outlet: str | None = None, lexicon: Lexicon | None = None) -> tuple[Reporter, ...]:
    """Parse the inside of a byline: ``记者谢开飞 通讯员陈思喜`` → two reporters with roles.

    >>> [(r.name, r.role, r.outlet) for r in parse_byline("新华社记者黄玥 董博婷")]
    [('黄玥', '记者', '新华社'), ('董博婷', '记者', '新华社')]
    """
    return bylines_for(lexicon).parse_byline(text, outlet)


def parse_credit(paragraph: str, lexicon: Lexicon | None = None) -> Dateline | None:
    """Parse a paragraph that only credits people: a sign-off or a byline line.

    >>> [r.name for r in parse_credit("（新华社南宁5月12日电 新华社记者欧阳岚 韦志成）").reporters]
    ['欧阳岚', '韦志成']
    >>> parse_credit("（责任编辑：钟毅）").reporters, parse_credit("（完）")
    ((), None)
    >>> [r.name for r in parse_credit("文|《工人日报》记者 谭某某").reporters]
    ['谭某某']
    """
    return bylines_for(lexicon).parse_credit(paragraph)


def find_credits(paragraph: str, lexicon: Lexicon | None = None) -> list[tuple[int, int, Dateline]]:
    """Credits inside a paragraph of body text (see :meth:`Bylines.find_credits`).

    >>> [(s, e, [r.name for r in d.reporters]) for s, e, d in find_credits("这座桥将在年底通车。（澎湃新闻记者 莫某某）")]
    [(10, 22, ['莫某某'])]
    """
    return bylines_for(lexicon).find_credits(paragraph)


def parse_marker(paragraph: str, lexicon: Lexicon | None = None) -> tuple[str, str] | None:
    """``（上接第一版）`` → ``("from", "第一版")``; ``（下转第二版）`` → ``("to", "第二版")``."""
    bylines = bylines_for(lexicon)
    match = bylines.marker.match(paragraph.strip())
    if match is None:
        return None
    page = match["page"] if match["page"].startswith("第") else "第" + match["page"]
    return ("from" if match["kind"] in bylines.marker_from else "to"), page


