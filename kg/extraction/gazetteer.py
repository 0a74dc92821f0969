"""Longest-match lookup of known strings (names, aliases, titles, suffixes) in text.

Point lookups (``longest_at``) probe a dictionary from the longest possible length down;
scanning a whole sentence (:meth:`Gazetteer.scan`) runs an Aho–Corasick automaton
(pyahocorasick, in C) once instead of probing every character in Python.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Generic, TypeVar

import ahocorasick

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
        # Lengths of the keys by first character, longest first: most characters start no
        # key, so most positions cost one dictionary probe.
        self._by_first: dict[str, tuple[int, ...]] = {}
        self._min = min_length
        self._automaton: ahocorasick.Automaton | None = None
        for key, value in items:
            self.add(key, value)

    def add(self, key: str, value: V) -> None:
        if len(key) < self._min:
            return
        self._automaton = None  # rebuilt on the next scan
        self._table.setdefault(key, value)
        n = len(key)
        lengths = self._by_first.get(key[0], ())
        if n not in lengths:
            self._by_first[key[0]] = tuple(sorted((*lengths, n), reverse=True))

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

    def scan(self, text: str, start: int = 0, end: int | None = None) -> tuple[dict[int, Hit[V]], dict[int, Hit[V]]]:
        """Every known string in ``text[start:end]`` at once: the longest hit starting at each
        position, and the longest hit ending at each position (both keyed by offset)."""
        limit = len(text) if end is None else end
        by_start: dict[int, Hit[V]] = {}
        by_end: dict[int, Hit[V]] = {}
        if limit <= start or not self._table:
            return by_start, by_end
        automaton = self._compiled()
        for last, key in automaton.iter(text, start, limit):
            e = last + 1
            s = e - len(key)
            hit = by_start.get(s)
            if hit is None or hit.end < e:
                by_start[s] = Hit(s, e, key, self._table[key])
            hit = by_end.get(e)
            if hit is None or hit.start > s:
                by_end[e] = Hit(s, e, key, self._table[key])
        return by_start, by_end

    def _compiled(self) -> ahocorasick.Automaton:
        if self._automaton is None:
            automaton = ahocorasick.Automaton()
            for key in self._table:
                automaton.add_word(key, key)
            automaton.make_automaton()
            self._automaton = automaton
        return self._automaton

    def finditer(self, text: str, start: int = 0, end: int | None = None) -> Iterator[Hit[V]]:
        """Leftmost-longest, non-overlapping occurrences in ``text[start:end]``."""
        by_start, _ = self.scan(text, start, end)
        pos = start
        for s in sorted(by_start):
            if s >= pos:
                yield by_start[s]
                pos = by_start[s].end
