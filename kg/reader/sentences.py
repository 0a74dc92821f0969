"""Sentence splitting for Chinese news text, with exact character offsets.

A sentence ends at 。！？ (or their half-width forms ! ?), together with any closing quotes
and brackets right after it: in ``他说：“好。”随后离开。`` the first sentence ends after
``”``.  A line break always ends a sentence (headlines and paragraphs are lines).
"""

from __future__ import annotations

import re

from kg.records import Sentence

_ENDERS = "。！？!?"
_CLOSERS = "”’」』）)》】〕\"'"
# One sentence: anything up to an ender run plus closers, or up to a line break / the end.
_SENTENCE = re.compile(rf"[^\n]*?(?:[{_ENDERS}]+[{re.escape(_CLOSERS)}]*|(?=\n)|$)")


def split_sentences(text: str, start: int = 0, end: int | None = None) -> list[Sentence]:
    """Split ``text[start:end]`` into sentences whose offsets index ``text``.

    >>> [s.text for s in split_sentences("他说：“好。”随后离开。\\n新的一段")]
    ['他说：“好。”', '随后离开。', '新的一段']
    """
    end = len(text) if end is None else end
    out: list[Sentence] = []
    pos = start
    while pos < end:
        match = _SENTENCE.match(text, pos, end)
        assert match is not None  # the pattern can match the empty string
        s, e = match.start(), match.end()
        if e == pos:  # at a line break
            pos += 1
            continue
        # Trim surrounding whitespace so the sentence text starts and ends on a character.
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            out.append(Sentence(text[s:e], s, e))
        pos = match.end()
    return out
