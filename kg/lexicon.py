"""The packaged lexicons, loaded once into one :class:`Lexicon` object.

Files (``kg/lexicons/*.tsv``, see its README.md for sources): agencies, international,
institutions, outlets, journals, places, titles, org_suffixes, surnames, triggers.  Every name and alias
becomes a *surface form* that maps to its canonical name and ontology type, and jieba gets
them all as user words so that segmentation keeps them whole.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from kg.errors import ResourceError
from kg.resources import read_table, split_multi


@dataclass(frozen=True)
class Entry:
    """A lexicon entity: canonical name, ontology type, every alias, and its parent body."""

    name: str
    type: str
    aliases: tuple[str, ...] = ()
    parent: str | None = None
    level: str | None = None  # places: country/province/prefecture/county/region/city/feature


@dataclass
class Lexicon:
    """All packaged lexicons; ``surface`` maps every written form to its entry."""

    entries: dict[str, Entry] = field(default_factory=dict)  # canonical name → entry
    surface: dict[str, Entry] = field(default_factory=dict)  # name or alias → entry
    titles: dict[str, str] = field(default_factory=dict)  # title → kind
    suffixes: dict[str, tuple[str, bool]] = field(default_factory=dict)  # suffix → (type, is a unit)
    surnames: dict[str, int] = field(default_factory=dict)  # surname → frequency rank
    triggers: dict[str, dict[str, str]] = field(default_factory=dict)  # relation → word → note

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

    def user_words(self) -> list[tuple[str, int, str]]:
        """``(word, frequency, pos_tag)`` for jieba: names, aliases, titles, suffix words."""
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

    def of_type(self, *types: str) -> Iterable[Entry]:
        return (e for e in self.entries.values() if e.type in types)


def load_lexicon(directory: str | Path | None = None) -> Lexicon:
    """Load every lexicon (from ``directory`` instead of the packaged files, when given)."""

    def table(name: str) -> list[dict[str, str]]:
        return read_table(name, Path(directory) / name if directory else None)

    lex = Lexicon()
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
        lex.triggers.setdefault(row["relation"], {})[row["word"]] = row["note"]
    if not lex.entries:
        raise ResourceError("the packaged lexicons are empty")
    return lex


@lru_cache(maxsize=1)
def default_lexicon() -> Lexicon:
    """The packaged lexicons, loaded once per process."""
    return load_lexicon()
