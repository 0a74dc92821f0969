"""The resolve stage: canonical names, in-article coreference, stable entity ids.

* Canonical names: a lexicon name or alias becomes the lexicon's canonical name
  (工信部 → 工业和信息化部); a unit inside a body gets the body's canonical name in front
  (该校物理与信息工程学院 → 福州大学物理与信息工程学院, 中科院物理所 → 中国科学院物理研究所).
* Coreference: 该校/该所/该院/该部/该局/该中心/该团队/研究团队 … point back to the most
  recent organization of the matching kind in the same article, or to nothing.  A head
  never resolves across articles and never to an organization of another kind.
* Ids: ``<group>/<canonical name>`` where the group is org, person, place, policy,
  journal, result, event — the same name gives the same id in every article and run.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

from kg.extraction.mentions import M, group_of

# What each coreference head may point to: suffixes of the antecedent's canonical name.
_HEAD_SUFFIXES: dict[str, tuple[str, ...]] = {
    "school": ("大学", "学院", "学校", "大学堂"),
    "institute": ("研究所", "所"),
    "academy": ("研究院", "科学院", "工程院", "学院", "医院", "设计院", "法院", "检察院"),
    "ministry": ("部",),
    "bureau": ("局",),
    "centre": ("中心",),
    "commission": ("委员会", "委"),
    "department": ("司",),
    "lab": ("实验室",),
}

# Abbreviated unit names: 物理所 → 物理研究所 (inside an academy).
_UNIT_ABBREVIATIONS = (("所", "研究所"),)


def canonical_org(m: M) -> str:
    """The canonical name of an organization mention (parent prefix, abbreviations expanded).

    Teams keep their own name (马雄飞研究员团队); units inside a body carry the body's
    canonical name (该校物理与信息工程学院 → 福州大学物理与信息工程学院).
    """
    if m.entry is not None:
        return m.entry.name
    own = own_part(m)
    parent = m.parent.ref if m.parent is not None and m.parent.code == "H" else m.parent
    if m.type == "ResearchTeam" or parent is None:
        return own if m.type == "ResearchTeam" or m.parent is None else m.text
    parent_name = parent.canonical or parent.text
    if parent.type == "ResearchInstitution":
        for short, full in _UNIT_ABBREVIATIONS:
            if own.endswith(short) and not own.endswith(full) and len(own) >= 3:
                own = own[: -len(short)] + full
    return parent_name + own


def own_part(m: M) -> str:
    """The unit's own words, without the parent's name in front (物理与信息工程学院)."""
    if m.parent is not None and m.text.startswith(m.parent.text):
        return m.text[len(m.parent.text) :]
    return m.text


class Coreference:
    """Tracks the organizations of one article, in order, to resolve 该校/该所/团队 …"""

    def __init__(self) -> None:
        self._orgs: list[M] = []

    def observe(self, m: M) -> None:
        if group_of(m.type) == "org" and m.code in ("O",):
            self._orgs.append(m)

    def resolve(self, head: M) -> M | None:
        kind = str(head.attrs.get("kind"))
        for cand in reversed(self._orgs):
            if cand.start >= head.start:
                continue
            name = cand.canonical or cand.text
            if kind == "team":
                if cand.type == "ResearchTeam":
                    return cand
                continue
            if kind == "company":
                if cand.type == "Company":
                    return cand
                continue
            suffixes = _HEAD_SUFFIXES.get(kind, ())
            if cand.type != "ResearchTeam" and name.endswith(suffixes):
                # 该所 must not resolve to 研究院 just because 院 and 所 both end names.
                return cand
        return None


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
