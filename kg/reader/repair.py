"""OCR repair: find where a paragraph cut off mid-sentence continues.

Newspaper pages are OCR'd column by column, so a sentence that runs from the foot of one
column to the head of the next comes out as two paragraphs — and when columns of two
articles interleave, the continuation is not even the next paragraph.  For every paragraph
that ends mid-sentence (no closing punctuation) we score candidate continuations:

* a dictionary word spanning the cut (``黑`` + ``龙江…`` → 黑龙江; ``价`` + ``值…`` → 价值) is
  strong evidence, weighted by how common the word is;
* a continuation that opens with punctuation that cannot start a sentence (、，；) is too;
* a long paragraph that stops mid-sentence most likely goes on in the next paragraph;
* topical overlap between the candidate and the fragment's article breaks ties.

The next paragraph wins unless another fragment claims it with stronger evidence; only
then is a fragment further away considered, and it needs word or punctuation evidence.
Every decision is returned as a :class:`~kg.records.Repair` so ``kg read --explain`` can
show why.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from kg.lexicon import Lexicon
from kg.segment import Segmenter

# A paragraph that ends in one of these ended properly (a sentence, a quote, a list item,
# an introduction to what follows).
_CLOSED = set("。！？!?…”’」』）)》】〕;；:：—-～~·\"'")
_NON_INITIAL = set("、，,；;：:。．.！!？?）)”’》】")
# Evidence weights; see module docstring.
_W_WORD = 3.0
_W_PUNCT = 3.0
_W_ADJACENT = 1.0
_W_LONG = 1.0
_W_TOPIC = 2.0
_LONG_FRAGMENT = 30  # characters: a fragment this long with punctuation inside is body text
_MIN_MOVE_TOPIC = 0.15  # a moved fragment must share at least this much vocabulary
_CUT_CONTEXT = 4  # characters each side of the cut given to the segmenter
_WINDOW = 60  # blocks: how far away a continuation may be printed


@dataclass(frozen=True)
class Paragraph:
    """What the repairer needs to know about one body paragraph."""

    index: int  # position in the page's block list
    text: str
    line: int
    region: int  # the sequential article region (between headings) it was printed in
    next_index: int | None  # the block right after it, when that block is a body paragraph
    boundary: bool  # a dateline or marker: never a continuation


@dataclass(frozen=True)
class Join:
    """A decided repair: ``left`` continues in ``right``."""

    left: int
    right: int
    adjacent: bool
    score: float
    reason: str


def ends_mid_sentence(text: str) -> bool:
    """Whether a paragraph stops in the middle of a sentence.

    >>> ends_mid_sentence("全国科技"), ends_mid_sentence("超过60万家。"), ends_mid_sentence("写照：")
    (True, False, False)
    """
    stripped = text.rstrip()
    return bool(stripped) and stripped[-1] not in _CLOSED


class Repairer:
    """Scores and decides fragment joins on one page."""

    def __init__(self, segmenter: Segmenter, lexicon: Lexicon | None = None) -> None:
        self._seg = segmenter
        self.lexicon = lexicon  # the read stage's lexicon (bylines); None: the packaged one

    def spanning_word(self, left: str, right: str) -> str | None:
        """The dictionary word that spans the cut between ``left`` and ``right``, if any.

        Segmentation runs without jieba's HMM so that only dictionary words count (the HMM
        would happily invent 黑值 from 黑 + 值).
        """
        a = left[-_CUT_CONTEXT:]
        b = right[:_CUT_CONTEXT]
        cut = len(a)
        for token in self._seg.tokens(a + b, hmm=False):
            if token.start < cut < token.end and self._seg.is_word(token.text):
                return token.text
        return None

    @staticmethod
    def _topic_words(text: str) -> set[str]:
        """Character bigrams of the Chinese text: a cheap stand-in for its vocabulary
        (no segmentation needed), good enough to tell which article a fragment is about."""
        return {text[i : i + 2] for i in range(len(text) - 1) if "\u4e00" <= text[i] <= "\u9fff" and "\u4e00" <= text[i + 1] <= "\u9fff"}

    def decide(self, paragraphs: Sequence[Paragraph]) -> list[Join]:
        """Decide every join on a page; each fragment end and each continuation is used once."""
        fragments = [p for p in paragraphs if ends_mid_sentence(p.text)]
        if not fragments:
            return []  # the common case: nothing was cut, nothing to score
        by_index = {p.index: p for p in paragraphs}
        words = {p.index: self._topic_words(p.text) for p in paragraphs}
        region_words: dict[int, dict[str, int]] = {}
        for p in paragraphs:
            counts = region_words.setdefault(p.region, {})
            for w in words[p.index]:
                counts[w] = counts.get(w, 0) + 1

        def overlap(region: int, right: Paragraph) -> float:
            """Share of the candidate's words that the region's other paragraphs also use."""
            mine = words[right.index]
            if not mine:
                return 0.0
            counts = region_words.get(region, {})
            own = 1 if right.region == region else 0  # leave the candidate's own words out
            return sum(1 for w in mine if counts.get(w, 0) - own > 0) / len(mine)

        def topic(left: Paragraph, right: Paragraph) -> float:
            return overlap(left.region, right)

        def fits(left: Paragraph, right: Paragraph, t: float) -> bool:
            # A fragment printed inside another article moves only if it shares vocabulary
            # with the fragment's article, and no less than with the article around it.
            if right.region == left.region or t >= _MIN_MOVE_TOPIC:
                return True
            return t > 0 and t >= overlap(right.region, right)

        starts = [p for p in paragraphs if not p.boundary]

        # Strong evidence: a dictionary word or impossible opening punctuation across the cut.
        strong: list[tuple[float, int, int, str]] = []
        for left in fragments:
            for right in starts:
                if not 0 < right.index - left.index <= _WINDOW:
                    continue
                reason, score = self._evidence(left, right)
                if score <= 0:
                    continue
                t = topic(left, right)
                adjacent = left.next_index == right.index
                if not adjacent and not fits(left, right, t):
                    continue
                score += _W_TOPIC * t + (_W_ADJACENT if adjacent else 0.0)
                strong.append((score, left.index, right.index, f"{reason}; topic overlap {t:.2f}"))
        best_claim: dict[int, tuple[float, int]] = {}
        for score, li, ri, _ in strong:
            if ri not in best_claim or score > best_claim[ri][0]:
                best_claim[ri] = (score, li)

        joins: list[Join] = []
        used_left: set[int] = set()
        used_right: set[int] = set()

        def adjacent_score(left: Paragraph) -> float:
            nxt = by_index.get(left.next_index) if left.next_index is not None else None
            if nxt is None or nxt.boundary:
                return 0.0
            return _W_ADJACENT + (_W_LONG if self._is_body_text(left.text) else 0.0) + _W_TOPIC * topic(left, nxt)

        # Strong joins, best first; a far one only if the next paragraph is not ours to take.
        for score, li, ri, reason in sorted(strong, key=lambda s: (-s[0], s[1], s[2])):
            if li in used_left or ri in used_right:
                continue
            left = by_index[li]
            adjacent = left.next_index == ri
            if not adjacent and left.next_index in by_index:
                nxt = left.next_index
                claim = best_claim.get(nxt)
                taken_by_other = nxt in used_right or (claim is not None and claim[1] != li and claim[0] > adjacent_score(left))
                if not taken_by_other and not by_index[nxt].boundary:
                    continue
            joins.append(Join(li, ri, adjacent, score, reason))
            used_left.add(li)
            used_right.add(ri)

        # Weak joins: a long fragment continues in the next paragraph when nothing else claims it.
        for left in fragments:
            if left.index in used_left or left.next_index is None:
                continue
            nxt = by_index.get(left.next_index)
            if nxt is None or nxt.boundary or nxt.index in used_right:
                continue
            claim = best_claim.get(nxt.index)
            if claim is not None and claim[1] != left.index:
                continue
            if not self._is_body_text(left.text):
                continue
            score = adjacent_score(left)
            joins.append(Join(left.index, nxt.index, True, score, "long paragraph stops mid-sentence; next paragraph continues it"))
            used_left.add(left.index)
            used_right.add(nxt.index)
        return sorted(joins, key=lambda j: j.left)

    def _evidence(self, left: Paragraph, right: Paragraph) -> tuple[str, float]:
        head = right.text.lstrip()
        if head and head[0] in _NON_INITIAL:
            return f"continuation opens with {head[0]!r}, which cannot start a sentence", _W_PUNCT
        word = self.spanning_word(left.text.rstrip(), head)
        if word is not None:
            # Common words are better evidence than rare ones; log-frequency keeps it bounded.
            weight = _W_WORD + min(1.0, math.log10(1 + self._seg.frequency(word)) / 5)
            return f"dictionary word {word!r} spans the cut", weight
        return "", 0.0

    @staticmethod
    def _is_body_text(text: str) -> bool:
        return len(text) >= _LONG_FRAGMENT and any(ch in text for ch in "，。；、,")
