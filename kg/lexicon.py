"""The packaged lexicons, loaded once into one :class:`Lexicon` object.

One object serves every stage: the reader's bylines (outlets, credit roles), the NER
(its gazetteer is built from :meth:`Lexicon.table`), the chunker (names, titles, suffixes,
surnames, trigger verbs) and the rules (word classes).  Every word list is a TSV file in
``kg/lexicons`` with a header saying where it comes from (see its README.md):

* names — ``agencies``, ``international``, ``institutions``, ``outlets``, ``journals``,
  ``places``: every name and alias becomes a *surface form* that maps to its entry;
* ``titles``, ``org_suffixes``, ``surnames``;
* ``triggers`` — the verbs of each relation frame;
* ``grammar`` — closed word classes (conjunctions, adverbs, time words …);
* ``heads`` — head words (document kinds, team words, coreference heads …);
* ``ner_cues``, ``ner_heads`` — read by the NER through :meth:`Lexicon.table`.

>>> lex = default_lexicon()
>>> lex.lookup("工信部").name, "会同" in lex.words("joint")
('工业和信息化部', True)
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from kg.errors import ResourceError
from kg.resources import read_table, split_multi


def longest_first(words: Iterable[str]) -> tuple[str, ...]:
    """Words longest first (ties in code-point order), as alternations and prefix tests want them.

    >>> longest_first({"科技", "科技日报", "日报"})
    ('科技日报', '日报', '科技')
    """
    return tuple(sorted(words, key=lambda w: (-len(w), w)))


def alternation(words: Iterable[str]) -> str:
    """A regular-expression alternation of words, longest first."""
    return "|".join(map(re.escape, longest_first(words)))


@dataclass(frozen=True)
class Entry:
    """A lexicon entity: canonical name, ontology type, every alias, and its parent body."""

    name: str
    type: str
    aliases: tuple[str, ...] = ()
    parent: str | None = None
    level: str | None = None  # places: country/province/prefecture/county/region/city/feature


@dataclass(eq=False)  # compared and hashed by identity: one object per loaded set of files
class Lexicon:
    """All packaged lexicons.  Built once by :func:`load_lexicon`; read-only afterwards.

    ``directory`` (when given) holds files that replace the packaged ones of the same name.
    """

    directory: Path | None = None
    entries: dict[str, Entry] = field(default_factory=dict)  # canonical name → entry
    surface: dict[str, Entry] = field(default_factory=dict)  # name or alias → entry
    titles: dict[str, str] = field(default_factory=dict)  # title → kind
    suffixes: dict[str, tuple[str, bool]] = field(default_factory=dict)  # suffix → (type, is a unit)
    surnames: dict[str, int] = field(default_factory=dict)  # surname → frequency rank
    triggers: dict[str, str] = field(default_factory=dict)  # verb → frame (issue, achieve …)
    trigger_notes: dict[str, str] = field(default_factory=dict)  # verb → note (joint, pub)
    _words: dict[str, frozenset[str]] = field(default_factory=dict)  # grammar class → words
    _heads: dict[str, dict[str, str]] = field(default_factory=dict)  # head class → word → value
    _tables: dict[str, list[dict[str, str]]] = field(default_factory=dict)
    _head_sets: dict[str, frozenset[str]] = field(default_factory=dict)  # head class → words (a cache)

    # -- tables -------------------------------------------------------------------------

    def table(self, name: str) -> list[dict[str, str]]:
        """The rows of ``kg/lexicons/<name>`` (or of the override directory), read once."""
        rows = self._tables.get(name)
        if rows is None:
            path = self.directory / name if self.directory is not None and (self.directory / name).is_file() else None
            rows = read_table(name, path)
            self._tables[name] = rows
        return rows

    # -- word classes -------------------------------------------------------------------

    def words(self, cls: str) -> frozenset[str]:
        """The words of a grammar class (``grammar.tsv``), e.g. ``conj``, ``adverb``, ``time``."""
        try:
            return self._words[cls]
        except KeyError:
            raise ResourceError(f"grammar.tsv has no word class {cls!r} (known: {', '.join(sorted(self._words))})") from None

    def heads(self, cls: str) -> dict[str, str]:
        """The head words of a class (``heads.tsv``) with their values, e.g. ``document``, ``coref``."""
        try:
            return self._heads[cls]
        except KeyError:
            raise ResourceError(f"heads.tsv has no class {cls!r} (known: {', '.join(sorted(self._heads))})") from None

    def head_set(self, cls: str) -> frozenset[str]:
        """The head words of a class, without their values (made once per class)."""
        cached = self._head_sets.get(cls)
        if cached is None:
            cached = self._head_sets[cls] = frozenset(self.heads(cls))
        return cached

    # -- names --------------------------------------------------------------------------

    def add(self, entry: Entry) -> None:
        existing = self.entries.get(entry.name)
        if existing is not None and existing.type != entry.type:
            return  # the same name in two lexicons (a place named like an agency): first file wins
        self.entries.setdefault(entry.name, entry)
        for form in (entry.name, *entry.aliases):
            taken = self.surface.get(form)
            # First come first served, except that a canonical name beats another entry's alias.
            if taken is None or (form == entry.name and taken.name != form):
                self.surface[form] = entry

    def lookup(self, form: str) -> Entry | None:
        """The entry a name or alias denotes (``工信部`` → 工业和信息化部)."""
        return self.surface.get(form)

    def of_type(self, *types: str) -> Iterable[Entry]:
        return (e for e in self.entries.values() if e.type in types)

    def outlet_names(self) -> tuple[str, ...]:
        """Every name and alias of a news outlet, longest first (科技日报 before 科技)."""
        names = {n for e in self.of_type("MediaOutlet") for n in (e.name, *e.aliases)}
        return longest_first(names)

    def user_words(self) -> list[tuple[str, int, str]]:
        """``(word, frequency, pos_tag)`` for jieba: names, aliases, titles."""
        tags = {"Place": "ns", "Journal": "nz", "Person": "nr"}
        words: dict[str, tuple[int, str]] = {}
        for form, entry in self.surface.items():
            if entry.type == "Place" and entry.level == "county" and form != entry.name:
                continue  # a county's bare short form is too often an ordinary word
            # Frequencies just high enough to keep a name whole against its pieces, low enough
            # not to win against the ordinary words around it (日本|国家, not 日本国|家).
            words[form] = (100 if len(form) >= 3 else 500, tags.get(entry.type, "nt"))
        for title in self.titles:
            words.setdefault(title, (300, "n"))
        return sorted((w, f, t) for w, (f, t) in words.items())


def load_lexicon(directory: str | Path | None = None) -> Lexicon:
    """Load every lexicon (files in ``directory`` replace the packaged ones of the same name)."""
    lex = Lexicon(directory=Path(directory) if directory is not None else None)
    table = lex.table
    for row in table("agencies.tsv"):
        lex.add(Entry(row["name"], row["type"] or "GovernmentAgency", tuple(split_multi(row["aliases"])), row["parent"] or None))
    for row in table("international.tsv"):
        lex.add(Entry(row["name"], row["type"] or "Organization", tuple(split_multi(row["aliases"]))))
    for row in table("institutions.tsv"):
        lex.add(Entry(row["name"], row["type"] or "ResearchInstitution", tuple(split_multi(row["aliases"])), row["parent"] or None))
    for row in table("outlets.tsv"):
        lex.add(Entry(row["name"], "MediaOutlet", tuple(split_multi(row["aliases"]))))
    for row in table("journals.tsv"):
        aliases = tuple(split_multi(row["aliases"]))
        if row["name_en"]:
            aliases = (row["name_en"], *aliases)
        lex.add(Entry(row["name"], "Journal", aliases))
    for row in table("places.tsv"):
        lex.add(Entry(row["name"], "Place", tuple(split_multi(row["aliases"])), row["parent"] or None, level=row["level"] or None))
    lex.titles = {row["title"]: row["kind"] for row in table("titles.tsv")}
    lex.suffixes = {row["suffix"]: (row["type"], row["unit"] == "yes") for row in table("org_suffixes.tsv")}
    lex.surnames = {row["surname"]: int(row["rank"]) for row in table("surnames.tsv")}
    for row in table("triggers.tsv"):
        lex.triggers.setdefault(row["word"], row["frame"])
        lex.trigger_notes.setdefault(row["word"], row["note"])
    words: dict[str, set[str]] = {}
    for row in table("grammar.tsv"):
        words.setdefault(row["class"], set()).add(row["word"])
    lex._words = {k: frozenset(v) for k, v in words.items()}
    heads: dict[str, dict[str, str]] = {}
    for row in table("heads.tsv"):
        heads.setdefault(row["class"], {})[row["word"]] = row["value"]
    lex._heads = heads
    if not lex.entries:
        raise ResourceError("the packaged lexicons are empty")
    return lex


@lru_cache(maxsize=1)
def default_lexicon() -> Lexicon:
    """The packaged lexicons, loaded once per process."""
    return load_lexicon()
