"""Longest-match lookup of known strings (names, aliases, titles, suffixes) in text.

A plain dictionary keyed by the string, probed from the longest possible length down: for
the few thousand forms of the packaged lexicons this beats a regex alternation and needs
no extra dependency.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Generic, TypeVar

V = TypeVar("V")


@dataclass(frozen=True, slots=True)
class Hit(Generic[V]):
    start: int
    end: int
    text: str
    value: V


class Gazetteer(Generic[V]):
    """Known strings with a value each; finds their longest non-overlapping occurrences."""

    def __init__(self, items: Iterable[tuple[str, V]] = (), min_length: int = 1) -> None:
        self._table: dict[str, V] = {}
        # Lengths of the keys by first and by last character, longest first: most
        # characters start (or end) no key, so most positions cost one dictionary probe.
        self._by_first: dict[str, tuple[int, ...]] = {}
        self._by_last: dict[str, tuple[int, ...]] = {}
        self._min = min_length
        for key, value in items:
            self.add(key, value)

    def add(self, key: str, value: V) -> None:
        if len(key) < self._min:
            return
        self._table.setdefault(key, value)
        n = len(key)
        for index, ch in ((self._by_first, key[0]), (self._by_last, key[-1])):
            lengths = index.get(ch, ())
            if n not in lengths:
                index[ch] = tuple(sorted((*lengths, n), reverse=True))

    def __contains__(self, key: str) -> bool:
        return key in self._table

    def get(self, key: str) -> V | None:
        return self._table.get(key)

    def longest_at(self, text: str, pos: int, end: int | None = None) -> Hit[V] | None:
        """The longest known string starting at ``pos`` (and ending by ``end``)."""
        limit = len(text) if end is None else end
        if pos >= limit:
            return None
        for n in self._by_first.get(text[pos], ()):
            if pos + n <= limit:
                key = text[pos : pos + n]
                if key in self._table:
                    return Hit(pos, pos + n, key, self._table[key])
        return None

    def longest_ending_at(self, text: str, end: int, start: int = 0) -> Hit[V] | None:
        """The longest known string ending at ``end`` (and starting at or after ``start``)."""
        if end <= start:
            return None
        for n in self._by_last.get(text[end - 1], ()):
            if end - n >= start:
                key = text[end - n : end]
                if key in self._table:
                    return Hit(end - n, end, key, self._table[key])
        return None

    def finditer(self, text: str, start: int = 0, end: int | None = None) -> Iterator[Hit[V]]:
        """Leftmost-longest, non-overlapping occurrences in ``text[start:end]``."""
        limit = len(text) if end is None else end
        pos = start
        while pos < limit:
            hit = self.longest_at(text, pos, limit)
            if hit is None:
                pos += 1
            else:
                yield hit
                pos = hit.end
