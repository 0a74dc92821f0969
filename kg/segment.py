"""Word segmentation and POS tagging: the only module that touches the segmenter.

A :class:`Segmenter` owns its own segmenter instance — ``rjieba.Jieba``, the Rust binding of
jieba-rs, which cuts with jieba's dictionary and algorithm (the same words in 99.98% of
boundaries) at about twenty times jieba's speed — and adds the project's user words to it
alone: no process-wide state changes.  The dictionary lookups the rules need (a word's
frequency and part of speech) read jieba's own ``dict.txt``, parsed once per process.

>>> seg = Segmenter(user_words=[("国家数据局", 5000, "nt")])
>>> [t.text for t in seg.tokens("国家数据局公布")]
['国家数据局', '公布']
>>> seg.dictionary_tag("国家数据局"), seg.is_word("公布")
('nt', True)
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

import rjieba

from kg.resources import installed_file

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Token:
    """A word with its offsets into the segmented text (and its POS tag, when tagged)."""

    text: str
    start: int
    end: int
    pos: str = ""


@lru_cache(maxsize=1)
def _base_dictionary() -> tuple[dict[str, int], dict[str, str]]:
    """jieba's dictionary (``jieba/dict.txt``): word → frequency and word → POS tag.

    The segmenter itself carries the same dictionary compiled in; this copy answers the
    lookups the rules make (is this an everyday word? is it a name?).  Read once per
    process (about 0.3 s), shared read-only by every :class:`Segmenter`.
    """
    text = installed_file("jieba", "dict.txt", what="jieba's dictionary")
    freq: dict[str, int] = {}
    tags: dict[str, str] = {}
    for line in text.splitlines():
        word, count, tag = line.split(" ")
        freq[word] = int(count)
        tags[word] = tag
    return freq, tags


class Segmenter:
    """jieba segmentation (through jieba-rs) with the project's user dictionary, offsets included.

    ``user_words`` is an iterable of ``(word, frequency, pos_tag)``; the frequency decides
    how strongly the segmenter prefers the word over its pieces (``None`` lets it suggest one).
    """

    def __init__(self, user_words: Iterable[tuple[str, int | None, str | None]] = ()) -> None:
        self._rs = rjieba.Jieba()
        self._freq, self._tags = _base_dictionary()
        self._user_freq: dict[str, int] = {}
        self._user_tags: dict[str, str] = {}
        for word, freq, tag in user_words:
            if freq is None:
                freq = int(self._rs.suggest_freq(word))
            freq = max(int(freq), 1)  # 0 would mean "split it", not "a word"
            self._rs.add_word(word, freq, tag or None)
            self._user_freq[word] = freq
            if tag:
                self._user_tags[word] = tag

    def tokens(self, text: str, hmm: bool = True) -> list[Token]:
        """Segment ``text`` into words with offsets (no POS tags)."""
        return [Token(w, s, e) for w, s, e in self._rs.tokenize(text, "default", hmm)]

    def words(self, text: str, hmm: bool = True) -> list[str]:
        """Segment ``text`` into words."""
        return list(self._rs.cut(text, hmm))

    def tag(self, text: str, hmm: bool = True) -> list[Token]:
        """Segment and POS-tag ``text`` (unknown words get the segmenter's own guess)."""
        out: list[Token] = []
        pos = 0
        for word, flag in self._rs.tag(text, hmm):
            out.append(Token(word, pos, pos + len(word), flag))
            pos += len(word)
        return out

    def fast_tag(self, text: str) -> list[Token]:
        """Segment (with the HMM for unknown words) and tag words from the dictionary.

        A word the dictionary does not know is tagged by its shape — ``m`` for numbers,
        ``eng`` for Latin script, ``x`` for punctuation, ``nrx`` ("name-shaped", a guess the
        extractor must confirm) for two to four Chinese characters and ``n`` otherwise.
        """
        user, base = self._user_tags, self._tags
        out: list[Token] = []
        for word, start, end in self._rs.tokenize(text, "default", True):
            tag = user.get(word) or base.get(word)
            out.append(Token(word, start, end, tag if tag is not None else _shape_tag(word)))
        return out

    def frequency(self, word: str) -> int:
        """The dictionary frequency of ``word`` (0 when it is unknown)."""
        return self._user_freq.get(word) or self._freq.get(word, 0)

    def dictionary_tag(self, word: str) -> str | None:
        """The POS tag the dictionary gives ``word`` (``None`` for a word it does not know)."""
        return self._user_tags.get(word) or self._tags.get(word)

    def is_word(self, word: str) -> bool:
        """Whether ``word`` is a dictionary word."""
        return self.frequency(word) > 0


def _shape_tag(word: str) -> str:
    if word.isdigit() or all(ch in "0123456789.%．％" for ch in word):
        return "m"
    if word.isascii():
        return "eng" if any(ch.isalpha() for ch in word) else "x"
    if len(word) == 1 and not word.isalnum():
        return "x"
    if 2 <= len(word) <= 4 and all("\u4e00" <= ch <= "\u9fff" for ch in word):
        return "nrx"
    return "n"


@lru_cache(maxsize=1)
def default_segmenter() -> Segmenter:
    """A segmenter with the packaged lexicons as user dictionary, built once per process."""
    from kg.lexicon import default_lexicon  # the lexicon module does not need the segmenter

    return Segmenter(default_lexicon().user_words())
