"""Word segmentation and POS tagging: the only module that imports jieba.

A :class:`Segmenter` owns its own ``jieba.Tokenizer`` and ``jieba.posseg.POSTokenizer``;
jieba's module-level functions (``jieba.add_word``, ``jieba.load_userdict``) change one
tokenizer for the whole process and are never used here.

>>> seg = Segmenter(user_words=[("国家数据局", 5000, "nt")])
>>> [t.text for t in seg.tokens("国家数据局公布")]
['国家数据局', '公布']
"""

from __future__ import annotations

import logging
from functools import lru_cache
from collections.abc import Iterable
from dataclasses import dataclass

import jieba
import jieba.posseg

# jieba logs "Building prefix dict ..." at DEBUG through a handler of its own on stderr;
# newskg's own logging configuration decides what the user sees.
jieba.setLogLevel(logging.WARNING)

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Token:
    """A word with its offsets into the segmented text (and its POS tag, when tagged)."""

    text: str
    start: int
    end: int
    pos: str = ""


class Segmenter:
    """jieba segmentation with the project's user dictionary, offsets included.

    ``user_words`` is an iterable of ``(word, frequency, pos_tag)``; the frequency decides
    how strongly jieba prefers the word over its pieces (``None`` lets jieba suggest one).
    """

    def __init__(self, user_words: Iterable[tuple[str, int | None, str | None]] = ()) -> None:
        self._tokenizer = jieba.Tokenizer()
        self._tokenizer.initialize()
        for word, freq, tag in user_words:
            if freq is None:
                freq = self._tokenizer.suggest_freq(word, False)
            # freq 0 would call jieba.finalseg.add_force_split, a process-wide change.
            self._tokenizer.add_word(word, max(int(freq), 1), tag or None)
        self._posseg = jieba.posseg.POSTokenizer(self._tokenizer)

    def tokens(self, text: str, hmm: bool = True) -> list[Token]:
        """Segment ``text`` into words with offsets (no POS tags)."""
        return [Token(w, s, e) for w, s, e in self._tokenizer.tokenize(text, HMM=hmm)]

    def words(self, text: str, hmm: bool = True) -> list[str]:
        """Segment ``text`` into words."""
        return self._tokenizer.lcut(text, HMM=hmm)

    def tag(self, text: str, hmm: bool = True) -> list[Token]:
        """Segment and POS-tag ``text``; offsets are accumulated from the word lengths."""
        out: list[Token] = []
        pos = 0
        for pair in self._posseg.cut(text, HMM=hmm):
            word, flag = pair.word, pair.flag
            out.append(Token(word, pos, pos + len(word), flag))
            pos += len(word)
        return out

    def fast_tag(self, text: str) -> list[Token]:
        """Segment (with jieba's HMM for unknown words) and tag words from the dictionary.

        Several times faster than :meth:`tag`, whose character-level POS Viterbi dominates
        its cost: a word the dictionary does not know is tagged by its shape — ``m`` for
        numbers, ``eng`` for Latin script, ``x`` for punctuation, ``nrx`` ("name-shaped",
        a guess the extractor must confirm) for two to four Chinese characters and ``n``
        otherwise.
        """
        self._posseg.makesure_userdict_loaded()
        table = self._posseg.word_tag_tab
        out: list[Token] = []
        for word, start, end in self._tokenizer.tokenize(text, HMM=True):
            tag = table.get(word)
            if tag is None:
                tag = _shape_tag(word)
            out.append(Token(word, start, end, tag))
        return out

    def frequency(self, word: str) -> int:
        """The dictionary frequency of ``word`` (0 when it is only a prefix or unknown)."""
        return self._tokenizer.FREQ.get(word, 0) or 0

    def dictionary_tag(self, word: str) -> str | None:
        """The POS tag the dictionary gives ``word`` (``None`` for a word it does not know)."""
        self._posseg.makesure_userdict_loaded()
        return self._posseg.word_tag_tab.get(word)

    def is_word(self, word: str) -> bool:
        """Whether ``word`` is a dictionary word (not just a prefix of one)."""
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
    from kg.lexicon import default_lexicon  # the lexicon module does not need jieba

    return Segmenter(default_lexicon().user_words())
