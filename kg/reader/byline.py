"""Datelines, bylines, sign-offs and page-continuation markers of Chinese news reports.

Recognised forms (outlet names come from the packaged ``outlets.tsv``; any name ending in
日报/晚报/报/社/网/台 is accepted too)::

    科技日报北京1月21日电（记者吴叶凡）…            dateline + byline opening the lead
    新华社北京9月8日电(记者喻菲 李宓 全晓书)…
    科技日报讯（记者刘园园）…                        讯: no place, no date
    本报北京21日电 …                                 day without month
    （新华社北京1月21日电 新华社记者黄玥 董博婷 王玉玉）   closing sign-off
    （上接第一版） （下转第二版）                     continuation markers
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from kg.records import Reporter

ROLES = ("特约记者", "实习记者", "见习记者", "特派记者", "首席记者", "本报记者", "记者", "通讯员", "实习生",
         "記者", "通訊員")  # traditional-script pages (Big5) write 記者/通訊員
# Credited staff who are not reporters of the article (kept out of Article.reporters).
STAFF_ROLES = ("责任编辑", "责编", "编辑", "校对", "审核", "监制", "制作", "摄影", "摄")
_ROLE_RE = "|".join(ROLES + STAFF_ROLES)
_CJK = r"\u4e00-\u9fff"
_GENERIC_OUTLET = rf"(?:本报|本台|本刊|[{_CJK}A-Za-z]{{1,10}}?(?:日[报報]|晚[报報]|[时時][报報]|[报報]|通[讯訊]社|社|[网網]|[电電]视台|广播电台|台|新闻))"
# A Chinese personal name in a byline: 2–4 characters, or a transliterated name with ·.
_NAME = re.compile(rf"^[{_CJK}]{{2,4}}$|^[{_CJK}]{{1,6}}[·•][{_CJK}]{{1,8}}$")
_OPEN, _CLOSE = "（(", "）)"
_MARKER = re.compile(r"^[（(]\s*(?P<kind>上接|下转|接|转|紧接)\s*(?P<page>第?[一二三四五六七八九十百\dA-Za-z]+版)\s*[）)]$")


@dataclass(frozen=True)
class Dateline:
    """What a dateline says, and how many characters of the paragraph it covers."""

    outlet: str | None
    place: str | None
    month: int | None
    day: int | None
    reporters: tuple[Reporter, ...]
    length: int
    offset: int = 0  # where in the paragraph the dateline starts (after a repeated headline)


@lru_cache(maxsize=1)
def _outlet_names() -> tuple[str, ...]:
    from kg.lexicon import default_lexicon

    names: set[str] = set()
    for entry in default_lexicon().of_type("MediaOutlet"):
        names.add(entry.name)
        names.update(entry.aliases)
    # Longest first, so 科技日报 wins over a shorter name it contains.
    return tuple(sorted(names, key=lambda n: (-len(n), n)))


@lru_cache(maxsize=1)
def _dateline_re() -> re.Pattern[str]:
    known = "|".join(re.escape(n) for n in _outlet_names())
    outlet = f"(?P<outlet>{known}|{_GENERIC_OUTLET})" if known else f"(?P<outlet>{_GENERIC_OUTLET})"
    return re.compile(
        rf"{outlet}"
        rf"(?:(?P<place>[{_CJK}]{{1,12}}?)?(?:(?P<month>\d{{1,2}})月)?(?P<day>\d{{1,2}})日\s*[电電]|(?P<xun>[讯訊]))"
        rf"(?:\s*[{_OPEN}](?P<byline>[^{_CLOSE}\n]{{1,80}})[{_CLOSE}])?"
    )


def parse_dateline(paragraph: str, start: int = 0) -> Dateline | None:
    """Parse a dateline (and byline) opening ``paragraph``; ``None`` if it has none.

    >>> d = parse_dateline("科技日报福州1月21日电（记者谢开飞 通讯员陈思喜）21日，记者从福州大学获悉")
    >>> d.outlet, d.place, d.month, d.day, [(r.name, r.role) for r in d.reporters]
    ('科技日报', '福州', 1, 21, [('谢开飞', '记者'), ('陈思喜', '通讯员')])
    """
    match = _dateline_re().match(paragraph, start)
    if match is None:
        return None
    outlet = match["outlet"]
    reporters = parse_byline(match["byline"], outlet) if match["byline"] else ()
    if match["byline"] and not reporters:
        # A parenthesis that is not a byline ("新华社北京电(图)") is not part of the dateline.
        length = match.start("byline") - 1 - start
    else:
        length = match.end() - start
    return Dateline(
        outlet=outlet,
        place=match["place"] or None,
        month=int(match["month"]) if match["month"] else None,
        day=int(match["day"]) if match["day"] else None,
        reporters=_reporters_only(reporters),
        length=length,
        offset=start,
    )


def parse_byline(text: str, outlet: str | None = None) -> tuple[Reporter, ...]:
    """Parse the inside of a byline: ``记者谢开飞 通讯员陈思喜`` → two reporters with roles.

    A role word applies to every name after it until the next role word; an outlet name
    in front of a role (``新华社记者黄玥``) names the reporters' outlet.

    >>> [(r.name, r.role, r.outlet) for r in parse_byline("新华社记者黄玥 董博婷")]
    [('黄玥', '记者', '新华社'), ('董博婷', '记者', '新华社')]
    """
    role: str | None = None
    current_outlet = outlet
    out: list[Reporter] = []
    for part in re.split(r"[\s、，,；;/]+", text.strip()):
        if not part:
            continue
        m = re.match(rf"^(?P<outlet>.*?)(?P<role>{_ROLE_RE})[:：]?(?P<rest>.*)$", part)
        if m:
            role = {"本报记者": "记者", "記者": "记者", "通訊員": "通讯员"}.get(m["role"], m["role"])
            if m["outlet"]:
                current_outlet = m["outlet"]
            part = m["rest"]
            if not part:
                continue
        part = part.removesuffix("/摄").removesuffix("摄")
        if role is None or not _NAME.match(part):
            # Not a byline after all (e.g. "（图）", "（完）"), or an unexpected token.
            return ()
        out.append(Reporter(part, role, current_outlet))
    return tuple(out)


def _reporters_only(people: tuple[Reporter, ...]) -> tuple[Reporter, ...]:
    return tuple(r for r in people if r.role in ROLES)


def parse_credit(paragraph: str) -> Dateline | None:
    """Parse a paragraph that only credits people: a sign-off or a byline line.

    Forms: ``（新华社北京1月21日电 新华社记者黄玥 董博婷）``, ``（记者 王海涵）``,
    ``(第一健康报道北京 记者马源)``, ``记者:张爽、殷家捷``, ``（责任编辑：王炬鹏）``.
    Returns ``None`` for anything else; editors and photographers are recognised (so the
    line is known to be a credit) but are not returned as reporters.

    >>> [r.name for r in parse_credit("（新华社北京1月21日电 新华社记者黄玥 董博婷）").reporters]
    ['黄玥', '董博婷']
    >>> parse_credit("（责任编辑：王炬鹏）").reporters, parse_credit("（完）")
    ((), None)
    """
    p = paragraph.strip()
    if len(p) < 3:
        return None
    inner = p[1:-1].strip() if p[0] in _OPEN and p[-1] in _CLOSE else p
    dateline = _dateline_re().match(inner)
    if dateline is not None and not dateline["byline"] and inner is not p:
        rest = inner[dateline.end():].strip()
        people = parse_byline(rest, dateline["outlet"]) if rest else ()
        if rest and not people:
            return None
        return Dateline(
            outlet=dateline["outlet"],
            place=dateline["place"] or None,
            month=int(dateline["month"]) if dateline["month"] else None,
            day=int(dateline["day"]) if dateline["day"] else None,
            reporters=_reporters_only(people),
            length=len(paragraph),
        )
    # "OUTLET[PLACE] 记者NAME": everything before the first role word names the outlet.
    role = re.search(_ROLE_RE, inner)
    if role is None or role.start() > 12 or (inner is p and role.start() > 0):
        return None
    prefix = inner[: role.start()].strip()
    people = parse_byline(inner[role.start():])
    if not people:
        return None
    outlet, place = _split_outlet_place(prefix) if prefix else (people[0].outlet, None)
    if prefix and people[0].outlet is None:
        people = tuple(Reporter(r.name, r.role, outlet) for r in people)
    return Dateline(outlet, place, None, None, _reporters_only(people), len(paragraph))


def _split_outlet_place(prefix: str) -> tuple[str | None, str | None]:
    """``第一健康报道北京`` → (``第一健康报道``, ``北京``), using the packaged place names."""
    from kg.lexicon import default_lexicon

    lex = default_lexicon()
    for cut in range(1, len(prefix) - 1):
        tail = prefix[cut:]
        entry = lex.lookup(tail)
        if entry is not None and entry.type == "Place":
            return prefix[:cut], tail
    return prefix, None


def parse_marker(paragraph: str) -> tuple[str, str] | None:
    """``（上接第一版）`` → ``("from", "第一版")``; ``（下转第二版）`` → ``("to", "第二版")``."""
    match = _MARKER.match(paragraph.strip())
    if match is None:
        return None
    page = match["page"] if match["page"].startswith("第") else "第" + match["page"]
    return ("from" if match["kind"] in ("上接", "接", "紧接") else "to"), page
