"""Named-entity recognition for PER / LOC / ORG with a small character-level CRF.

The model (``kg/models/ner-crf.crfsuite``, python-crfsuite) labels every character with a
BIOES tag.  Its features are computed by one function, :func:`char_features`, which the
training script ``scripts/train_ner.py`` imports too, so training and tagging cannot drift
apart.  The features are: the characters in a window of five, character bigrams and
classes, the jieba word each character sits in (its position in the word and the word's
POS tag, from :class:`kg.segment.Segmenter`), and the position of the character inside the
longest match of each packaged lexicon (places, organisations, surnames, titles,
organisation suffixes) — see :class:`Gazetteer`.  After the CRF, :func:`lexicon_mentions`
adds the lexicon's places and organisations, and one-character place abbreviations (中美,
京津冀), where the CRF found nothing; training completes CLUENER's labels with the same rule.

Spans are half-open character ranges into the tagged text:

>>> tagger = NERTagger()                                    # doctest: +SKIP
>>> tagger.tag("国务院总理李强在北京会见了法国总统。")          # doctest: +SKIP
[EntitySpan(start=0, end=3, type='ORG'), EntitySpan(start=5, end=7, type='PER'), ...]

``python -m kg.ner`` reads one sentence per line on stdin and prints, per line, a JSON list
of ``[start, end, type]``.
"""

from __future__ import annotations

import json
import logging
import sys
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from functools import cached_property
from importlib import resources
from pathlib import Path
from typing import Any, NamedTuple

import ahocorasick

from kg.errors import ResourceError
from kg.lexicon import Lexicon, default_lexicon, load_lexicon
from kg.resources import data_file, split_multi
from kg.segment import Segmenter, Token, default_segmenter

log = logging.getLogger(__name__)

ENTITY_TYPES = ("PER", "LOC", "ORG")
MODEL_NAME = "ner-crf.crfsuite"
# Bumped whenever char_features or the training-label rules (lexicon_mentions) change in a
# way that needs a retrained model; kg/models/README.md records the version it was trained at.
FEATURE_VERSION = 5


class EntitySpan(NamedTuple):
    """A recognised entity: ``text[start:end]`` is its surface, ``type`` one of PER/LOC/ORG."""

    start: int
    end: int
    type: str


# --- gazetteer ---------------------------------------------------------------------------

# Lexicon groups: feature prefix → (file, name column, alias column or None, subtype
# column(s), '+'-joined).
# Places keep their level (country, province, city ...) because a county name and a country
# name behave differently next to an organisation suffix; organisations keep their type.
_LEXICONS: dict[str, tuple[tuple[str, str, str | None, str | None], ...]] = {
    "loc": (("places.tsv", "name", "aliases", "level"),),
    "org": (
        ("agencies.tsv", "name", "aliases", "type"),
        ("international.tsv", "name", "aliases", "type"),
        ("institutions.tsv", "name", "aliases", "type"),
        ("outlets.tsv", "name", "aliases", "kind"),
    ),
    "ttl": (("titles.tsv", "title", None, "kind"),),
    # An organisation suffix that is a unit inside a body (司, 处, 实验室) says "the name
    # goes on to the left"; one that is not (大学, 人民政府) may end a whole name.
    "suf": (("org_suffixes.tsv", "suffix", None, "type+unit"),),
}
# Place and organisation names of one character (aliases like 京, 沪) match inside far too
# many ordinary words to be evidence of anything.
_MIN_LENGTH = {"loc": 2, "org": 2, "ttl": 1, "suf": 1}


@dataclass(frozen=True)
class _Lexicon:
    entries: dict[str, str]  # surface → subtype
    automaton: Any  # pyahocorasick: every surface, found in one pass over a text

    @classmethod
    def build(cls, entries: dict[str, str]) -> _Lexicon:
        automaton = ahocorasick.Automaton()
        for name in entries:
            automaton.add_word(name, len(name))
        if entries:
            automaton.make_automaton()
        return cls(entries, automaton)

    def longest_matches(self, text: str) -> list[tuple[int, int, str]]:
        """Non-overlapping matches, longest first (ties: leftmost first)."""
        if not self.entries:
            return []
        longest: dict[int, int] = {}
        for last, length in self.automaton.iter(text):
            s = last + 1 - length
            if longest.get(s, 0) < length:
                longest[s] = length
        found = sorted(((s, s + n) for s, n in longest.items()), key=lambda m: (m[0] - m[1], m[0]))
        taken = [False] * len(text)
        out = []
        for s, e in found:
            if not any(taken[s:e]):
                taken[s:e] = [True] * (e - s)
                out.append((s, e, self.entries[text[s:e]]))
        return sorted(out)


@dataclass(frozen=True)
class Gazetteer:
    """The packaged lexicons as fast longest-match tables.

    ``lexicons`` maps a feature prefix (``loc``, ``org``, ``ttl``, ``suf``) to a table of
    surface → subtype; ``surnames`` maps a surname to its frequency band.
    """

    lexicons: dict[str, _Lexicon] = field(default_factory=dict)
    surnames: dict[str, str] = field(default_factory=dict)
    cues: dict[str, str] = field(default_factory=dict)  # ner_cues.tsv: word → role
    # places.tsv: surface (name or alias) → the divisions above it, by their full names
    # (朝阳区 → 北京市, 朝阳市, 辽宁省 ...), and surface → its full names (裕华 → 裕华区).
    place_ancestors: dict[str, frozenset[str]] = field(default_factory=dict)
    place_names: dict[str, frozenset[str]] = field(default_factory=dict)
    # The NER's word classes (grammar.tsv, ner-…): one-character abbreviations of countries
    # and provinces (中美关系, 京津), the runs of them that are ordinary words (美德, 中意), what
    # may not follow a run (中美洲), abbreviations only after a cue verb (访华), numerals.
    country_abbreviations: frozenset[str] = frozenset()
    province_abbreviations: frozenset[str] = frozenset()
    run_only_abbreviations: frozenset[str] = frozenset()
    not_abbreviation_runs: frozenset[str] = frozenset()
    not_after_run: frozenset[str] = frozenset()
    cue_abbreviations: frozenset[str] = frozenset()
    numerals: frozenset[str] = frozenset()

    @cached_property
    def place_abbreviations(self) -> frozenset[str]:
        return self.country_abbreviations | self.province_abbreviations | self.run_only_abbreviations

    @classmethod
    def from_tables(
        cls,
        tables: dict[str, dict[str, str]],
        surnames: dict[str, str] | None = None,
        cues: dict[str, str] | None = None,
        place_parents: Iterable[tuple[str, Sequence[str], str]] = (),
    ) -> Gazetteer:
        """Build from explicit tables (tests, experiments).

        ``place_parents`` holds (name, aliases, parent name) for every place row.
        """
        parents: dict[str, set[str]] = {}
        names: dict[str, set[str]] = {}
        for name, aliases, parent in place_parents:
            if parent:
                parents.setdefault(name, set()).add(parent)
            for surface in (name, *aliases):
                names.setdefault(surface, set()).add(name)

        def ancestors(name: str) -> set[str]:
            seen: set[str] = set()
            todo = list(parents.get(name, ()))
            while todo:
                up = todo.pop()
                if up not in seen:
                    seen.add(up)
                    todo.extend(parents.get(up, ()))
            return seen

        place_ancestors = {
            surface: frozenset(a for n in full for a in ancestors(n)) for surface, full in names.items()
        }
        return cls(
            {k: _Lexicon.build(v) for k, v in tables.items()},
            dict(surnames or {}),
            dict(cues or {}),
            place_ancestors,
            {k: frozenset(v) for k, v in names.items()},
        )

    def inside(self, lower: str, upper: str) -> bool:
        """Whether the place ``lower`` lies in the place ``upper`` (郑州市 in 河南省)."""
        return bool(self.place_ancestors.get(lower, frozenset()) & self.place_names.get(upper, frozenset()))

    @classmethod
    def from_lexicons(cls, lexicon_dir: str | Path | None = None) -> Gazetteer:
        """The packaged lexicons (or those in ``lexicon_dir``): see :meth:`from_lexicon`."""
        return cls.from_lexicon(default_lexicon() if lexicon_dir is None else load_lexicon(lexicon_dir))

    @classmethod
    def from_lexicon(cls, lexicon: Lexicon) -> Gazetteer:
        """Build from the tables of the project's one :class:`~kg.lexicon.Lexicon`.

        A table that is missing is logged and left out: the tagger still works, a little
        worse, which is better than no NER at all in a checkout whose lexicons are in flux.
        """
        tables: dict[str, dict[str, str]] = {}
        for prefix, sources in _LEXICONS.items():
            table: dict[str, str] = {}
            for fname, name_col, alias_col, sub_col in sources:
                for row in _read_optional(fname, lexicon):
                    sub = _feature_value(
                        ".".join(row.get(col, "") for col in sub_col.split("+")) if sub_col else ""
                    )
                    names = [row.get(name_col, "")]
                    if alias_col:
                        names += split_multi(row.get(alias_col, ""))
                    for name in names:
                        name = fold_width(name.strip())
                        if len(name) >= _MIN_LENGTH[prefix]:
                            # The first source (and first row) wins: files are ordered by
                            # how specific they are.
                            table.setdefault(name, sub)
            tables[prefix] = table
        surnames: dict[str, str] = {}
        for row in _read_optional("surnames.tsv", lexicon):
            name = fold_width(row.get("surname", "").strip())
            if not name:
                continue
            try:
                rank = int(row.get("rank", "") or 10_000)
            except ValueError:
                rank = 10_000
            # Frequency bands rather than ranks: a handful of surnames cover most people.
            band = "top20" if rank <= 20 else "top100" if rank <= 100 else "top300" if rank <= 300 else "rare"
            surnames.setdefault(name, band)
        cues = {
            fold_width(row["word"].strip()): row.get("role", "")
            for row in _read_optional("ner_cues.tsv", lexicon)
            if row.get("word", "").strip()
        }
        place_parents = [
            (
                fold_width(row.get("name", "").strip()),
                [fold_width(a) for a in split_multi(row.get("aliases", ""))],
                fold_width(row.get("parent", "").strip()),
            )
            for row in _read_optional("places.tsv", lexicon)
            if row.get("name", "").strip()
        ]
        w = lexicon.words
        return replace(
            cls.from_tables(tables, surnames, cues, place_parents),
            country_abbreviations=w("ner-country-abbreviation"), province_abbreviations=w("ner-province-abbreviation"),
            run_only_abbreviations=w("ner-run-only-abbreviation"), not_abbreviation_runs=w("ner-not-abbreviation-run"),
            not_after_run=w("ner-not-after-run"), cue_abbreviations=w("ner-cue-abbreviation"), numerals=w("ner-numeral"),
        )

    def char_labels(self, text: str) -> dict[str, list[str]]:
        """Per lexicon, each character's ``BIES-subtype`` in the longest match ('' outside)."""
        out: dict[str, list[str]] = {}
        for prefix, lex in self.lexicons.items():
            labels = [""] * len(text)
            for s, e, sub in lex.longest_matches(text):
                if e - s == 1:
                    labels[s] = f"S-{sub}"
                else:
                    labels[s] = f"B-{sub}"
                    for k in range(s + 1, e - 1):
                        labels[k] = f"I-{sub}"
                    labels[e - 1] = f"E-{sub}"
            out[prefix] = labels
        return out

    @cached_property
    def country_initials(self) -> frozenset[str]:
        """First characters of country names (墨 of 墨西哥): the abbreviations of 墨美两国."""
        lex = self.lexicons.get("loc")
        return frozenset(name[0] for name, level in (lex.entries.items() if lex else ()) if level == "country")

    def place_spans(self, text: str) -> list[tuple[int, int, str]]:
        """Longest matches of the place lexicon: ``(start, end, level)``."""
        lex = self.lexicons.get("loc")
        return lex.longest_matches(text) if lex else []

    def org_spans(self, text: str) -> list[tuple[int, int, str]]:
        """Longest matches of the organisation lexicons: ``(start, end, type)``."""
        lex = self.lexicons.get("org")
        return lex.longest_matches(text) if lex else []


def _read_optional(name: str, lexicon: Lexicon) -> list[dict[str, str]]:
    try:
        return lexicon.table(name)
    except ResourceError as exc:
        log.warning("NER gazetteer: %s; features from it are left out", exc)
        return []


def _feature_value(value: str) -> str:
    # crfsuite's text format splits attributes on ':' (and tabs); keep subtypes plain.
    return value.replace(":", "_").replace("\t", "_").replace(" ", "_") or "x"


# --- features ----------------------------------------------------------------------------



class _FoldTable(dict):  # type: ignore[type-arg]
    """``str.translate`` table of NFKC per character, filled on first sight of a character."""

    def __missing__(self, code: int) -> int:
        n = unicodedata.normalize("NFKC", chr(code))
        folded = ord(n) if len(n) == 1 else code
        self[code] = folded
        return folded


_FOLD = _FoldTable()


def fold_width(text: str) -> str:
    """NFKC per character, so the length (and every offset) is kept: full-width → ASCII.

    >>> fold_width("ＡＢＣ１９９８年")
    'ABC1998年'
    """
    return text.translate(_FOLD)


def _char_class(ch: str, numerals: frozenset[str]) -> str:
    if ch.isdigit():
        return "D"
    if ch in numerals:
        return "N"
    if "a" <= ch.lower() <= "z":
        return "L"
    if ch.isspace():
        return "W"
    if "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf":
        return "H"
    cat = unicodedata.category(ch)
    return "P" if cat.startswith("P") else "O"


def _word_labels(tokens: Sequence[Token], n: int) -> tuple[list[str], list[str], list[str]]:
    """Each character's position in its word (B/I/E/S), the word's POS, and the word."""
    pos_in = ["S"] * n
    tags = ["x"] * n
    words = [""] * n
    for tok in tokens:
        length = tok.end - tok.start
        for k in range(tok.start, min(tok.end, n)):
            if length == 1:
                pos_in[k] = "S"
            elif k == tok.start:
                pos_in[k] = "B"
            elif k == tok.end - 1:
                pos_in[k] = "E"
            else:
                pos_in[k] = "I"
            tags[k] = tok.pos or "x"
            words[k] = tok.text
    return pos_in, tags, words


def char_features(text: str, tokens: Sequence[Token], gazetteer: Gazetteer) -> list[list[str]]:
    """The CRF features of every character of ``text`` (shared by training and tagging).

    ``tokens`` is ``Segmenter.fast_tag(text)``: jieba words with dictionary POS tags and offsets.
    """
    norm = fold_width(text)
    n = len(norm)
    chars = ["<s>", "<s>"] + list(norm) + ["</s>", "</s>"]
    classes = ["B", "B"] + [_char_class(c, gazetteer.numerals) for c in norm] + ["E", "E"]
    pos_in, tags, words = _word_labels(tokens, n)
    gaz = gazetteer.char_labels(norm)
    sur1 = [gazetteer.surnames.get(c, "") for c in norm]
    sur2 = [gazetteer.surnames.get(norm[i : i + 2], "") if i + 1 < n else "" for i in range(n)]
    feats: list[list[str]] = []
    for i in range(n):
        j = i + 2  # index into the padded lists
        c = chars
        f = [
            "b",
            f"c-2={c[j - 2]}",
            f"c-1={c[j - 1]}",
            f"c0={c[j]}",
            f"c+1={c[j + 1]}",
            f"c+2={c[j + 2]}",
            f"c-2c-1={c[j - 2]}{c[j - 1]}",
            f"c-1c0={c[j - 1]}{c[j]}",
            f"c0c+1={c[j]}{c[j + 1]}",
            f"c+1c+2={c[j + 1]}{c[j + 2]}",
            f"c-1c+1={c[j - 1]}{c[j + 1]}",
            f"t={classes[j - 1]}{classes[j]}{classes[j + 1]}",
            f"w={pos_in[i]}-{tags[i]}",
            f"wp={tags[i]}",
            f"wl={min(len(words[i]), 5)}{pos_in[i]}",
        ]
        if len(words[i]) > 1:
            f.append(f"word={words[i]}")
        if norm[i] in gazetteer.place_abbreviations:
            f.append("abbr")
        if i > 0:
            f.append(f"wp-1={tags[i - 1]}" if pos_in[i] in "BS" else "wp-1=in")
        if i + 1 < n:
            f.append(f"wp+1={tags[i + 1]}" if pos_in[i] in "ES" else "wp+1=in")
        for prefix, labels in gaz.items():
            if labels[i]:
                f.append(f"g{prefix}={labels[i]}")
                f.append(f"g{prefix}={labels[i][0]}")
            # What the neighbours are part of: a surname after a title, a place before an
            # organisation suffix.
            if i > 0 and labels[i - 1] and labels[i - 1][0] in "ES":
                f.append(f"g{prefix}-1=end")
            if i + 1 < n and labels[i + 1] and labels[i + 1][0] in "BS":
                f.append(f"g{prefix}+1=begin")
        if sur1[i]:
            f.append(f"sur1={sur1[i]}")
        if sur2[i]:
            f.append(f"sur2={sur2[i]}")
        feats.append(f)
    return feats


# --- lexicon mentions --------------------------------------------------------------------

# jieba POS tags of names: a county name that is also an ordinary word (城区, 长安) counts
# only where jieba, too, reads a name.
_NAME_POS = ("ns", "nr", "nz", "nt", "j")


_IDIOM_POS = ("i", "l")
# Tags of a jieba word that is a whole run of abbreviations and no run of places (加以/v).
_RUN_BREAK_POS = frozenset({"v", "p", "c", "d"})
# Place levels (places.tsv) whose names are rarely parts of ordinary words.
_WIDE_PLACE_LEVELS = frozenset({"country", "province", "region", "feature"})
_CITY_LEVELS = frozenset({"prefecture", "city"})
# jieba tags of one-character words that are not surnames there (向 "towards", 和 "and").
_FUNCTION_POS = ("p", "c", "u", "r")
# jieba's dictionary tags for person names (nr; nrt transliterated; nrfg full names).
_DICT_NAME_POS = frozenset({"nr", "nrt", "nrfg"})
# Tags of words that may be a whole place name with its suffix (jieba calls some nr, or guesses).
_PLACE_WORD_POS = frozenset({"ns", "nr", "nrx", "nz"})


def _known(word_tag: Callable[[str], str | None] | None, word: str) -> bool:
    """Whether the segmenter's dictionary knows ``word`` (never, without a dictionary)."""
    return word_tag is not None and word_tag(word) is not None


def _name_mask(norm: str, gazetteer: Gazetteer) -> list[bool]:
    """Which characters of ``norm`` lie inside a lexicon place or organisation."""
    mask = [False] * len(norm)
    for s, e, _ in gazetteer.place_spans(norm) + gazetteer.org_spans(norm):
        mask[s:e] = [True] * (e - s)
    return mask


def abbreviation_spans(
    text: str, tokens: Sequence[Token], gazetteer: Gazetteer, word_tag: Callable[[str], str | None] | None = None
) -> list[EntitySpan]:
    """One-character place abbreviations: runs like 中美, 京津冀, and 中方 / 美方.

    A run must start a jieba word that is not an idiom (日新月异), must not be part of a
    lexicon name (新加坡), and must not be followed by 洲/文/语 (中美洲, 中英文).
    """
    norm = fold_width(text)
    n = len(norm)
    in_name = _name_mask(norm, gazetteer)
    word_at = {t.start: t for t in tokens}
    out = []
    i = 0
    while i < n:
        if norm[i] not in gazetteer.place_abbreviations:
            i += 1
            continue
        j = i
        while j < n and norm[j] in gazetteer.place_abbreviations:
            j += 1
        run = norm[i:j]
        word = word_at.get(i)
        if (
            word is not None
            and not word.pos.startswith(_IDIOM_POS)
            and not any(in_name[i:j])
            and norm[j : j + 1] not in gazetteer.not_after_run
        ):
            # Not a run of places: the start of a longer word (菲亚特), a word of its own (加以
            # "to give"), a localiser after a noun (宇宙中黑洞), next to a number (比赛中以2∶1,
            # 1日以来).
            prev = norm[i - 1 : i]
            # A word that runs past the run must be the run + a word (中美 + 关系, 京沪 + 铁路).
            runs_on = any(
                i <= t.start < j < t.end and not (t.end - j >= 2 and _known(word_tag, norm[j : t.end]))
                for t in tokens
            )
            not_places = (
                runs_on
                or (word.end == j and word.pos in _RUN_BREAK_POS)
                or (word.end == i + 1 and word.pos in _FUNCTION_POS)
                or (word.pos == "f" and word.end == i + 1 and "\u4e00" <= prev <= "\u9fff")
                or prev.isdigit()
                or norm[j : j + 1].isdigit()
            )
            if len(run) >= 2 and run not in gazetteer.not_abbreviation_runs and not not_places:
                out.extend(EntitySpan(k, k + 1, "LOC") for k in range(i, j))
            elif len(run) == 1 and run in gazetteer.country_abbreviations and word.text == run + "方":
                out.append(EntitySpan(i, i + 1, "LOC"))
        i = j
    return out


def cue_spans(
    text: str, tokens: Sequence[Token], gazetteer: Gazetteer, word_tag: Callable[[str], str | None] | None = None
) -> list[EntitySpan]:
    """Names that their context makes names (word lists in ``ner_cues.tsv``).

    * A place abbreviation after a verb of travel or relation — 访华, 在京, 对美, 驻华 —
      when jieba does not read it as the start of another word (在美元 is not 在 + 美).
    * A country abbreviation before a leader title or a country noun: 俄总统, 美军, 俄政府.
    * A surname before a form of address or a title — 李老师, 郑先生, 王某, 江主席, 老于 —
      standing at a word start (全市长期 is 全市 + 长期, not 全 + 市长).
    * Two countries by their first characters before 两国, 关系 ...: 墨美两国, 奥中关系.
    * A name-like word with an administrative suffix: 公明镇, 信德省 (not 大城市).
    * A person a doctrine is named after: 邓小平理论, 马克思主义.
    * A name jieba's dictionary knows beside a title or a form of address (彭真同志,
      总理基里延科), or an unknown name-shaped word after a title (副部长张云明).

    ``word_tag`` is the segmenter's dictionary lookup (``Segmenter.dictionary_tag``); without
    it the rules that need to know a word are stricter or off.
    """
    cues = gazetteer.cues
    if not cues:
        return []
    norm = fold_width(text)
    n = len(norm)
    in_name = _name_mask(norm, gazetteer)
    titles = gazetteer.lexicons.get("ttl")
    suffixes = gazetteer.lexicons.get("suf")
    token_at: dict[int, Token] = {}
    for t in tokens:
        for k in range(t.start, t.end):
            token_at[k] = t

    def follows(i: int, roles: tuple[str, ...], leader_titles: bool, any_title: bool) -> bool:
        for k in range(i + 1, min(n, i + 6) + 1):
            word = norm[i + 1 : k]
            if cues.get(word) in roles:
                return True
            if titles is not None and word in titles.entries:
                kind = titles.entries[word]
                if any_title or (leader_titles and kind == "leader"):
                    return True
        return False

    out: list[EntitySpan] = []
    for i, ch in enumerate(norm):
        if in_name[i] or not ("\u4e00" <= ch <= "\u9fff"):
            continue
        tok = token_at.get(i)
        if tok is None:
            continue
        prev = norm[i - 1] if i else ""
        word_start = tok.start == i
        if (ch in gazetteer.place_abbreviations or ch in gazetteer.cue_abbreviations) and ch not in gazetteer.run_only_abbreviations:
            # 访华 (one jieba word) or 在 / 京 (two): the abbreviation ends its word.
            # 驻华大使: the verb, the abbreviation and a word after it may be one jieba word.
            one_word = tok.start == i - 1 and (
                tok.end == i + 1 or (tok.end - i > 2 and _known(word_tag, norm[i + 1 : tok.end]))
            )
            alone = tok.start == i and tok.end == i + 1 and tok.pos not in _FUNCTION_POS
            if cues.get(prev) == "travel" and (one_word or alone):
                out.append(EntitySpan(i, i + 1, "LOC"))
                continue
            if ch in gazetteer.country_abbreviations and word_start and follows(i, ("country-noun",), True, False):
                out.append(EntitySpan(i, i + 1, "LOC"))
                continue
        if ch in gazetteer.surnames and tok.pos not in _FUNCTION_POS:
            if cues.get(prev) == "familiar" and tok.start == i - 1 and tok.end == i + 1:
                # 老于, 小王: jieba's one word, a name-shaped one.
                if tok.pos.startswith(("nr", "nrx")):
                    out.append(EntitySpan(i, i + 1, "PER"))
                continue
            rest = norm[i + 1 : tok.end]
            whole = not rest or cues.get(rest) == "address" or (titles is not None and rest in titles.entries)
            if word_start and whole and follows(i, ("address",), False, True):
                out.append(EntitySpan(i, i + 1, "PER"))
    # Two countries by their first characters before 两国, 关系 ...: 墨美两国, 奥中关系.
    initials = gazetteer.country_initials
    for i in range(n - 2):
        pair = norm[i : i + 2]
        if (
            any(in_name[i : i + 2])
            or not all(ch in initials for ch in pair)
            or not any(ch in gazetteer.country_abbreviations for ch in pair)
            or (i and "\u4e00" <= norm[i - 1] <= "\u9fff" and token_at.get(i) is not None and token_at[i].start < i)
        ):
            continue
        if any(cues.get(norm[i + 2 : k]) == "pair-noun" for k in range(i + 3, min(n, i + 4) + 1)):
            out += [EntitySpan(i, i + 1, "LOC"), EntitySpan(i + 1, i + 2, "LOC")]
    # A name-like word that ends with an administrative suffix (公明镇, 信德省, 梁沟村) —
    # unless its last two characters are an ordinary word (城市, 城镇).
    for tok in tokens:
        if (
            len(tok.text) >= 3
            and tok.pos in _PLACE_WORD_POS
            and cues.get(tok.text[-1]) == "place-suffix"
            and not any(in_name[tok.start : tok.end])
            and not _known(word_tag, tok.text[-2:])
        ):
            out.append(EntitySpan(tok.start, tok.end, "LOC"))
    # A doctrine named after a person jieba's dictionary knows: 邓小平理论, 马克思主义.
    if word_tag is not None:
        for tok in tokens:
            for k in range(2, len(tok.text) - 1):
                if cues.get(tok.text[k:]) == "doctrine" and word_tag(tok.text[:k]) in _DICT_NAME_POS:
                    out.append(EntitySpan(tok.start, tok.start + k, "PER"))
                    break
    # Whole names jieba's dictionary knows (彭真, 基里延科), beside a title or a form of
    # address: 彭真同志, 基里延科总理, 总理基里延科.  A name-shaped unknown word counts after
    # a title only (副部长张云明), where the title itself is the evidence.
    for tok in tokens:
        if not (2 <= tok.end - tok.start <= 5) or any(in_name[tok.start : tok.end]):
            continue
        known = tok.pos in _DICT_NAME_POS
        if not (known or tok.pos == _UNKNOWN_WORD_POS):
            continue
        if suffixes is not None and any(tok.text[k:] in suffixes.entries for k in range(1, len(tok.text))):
            continue  # 宣传司, which jieba's dictionary calls a name, is a department
        before = norm[max(0, tok.start - 6) : tok.start]
        after_title = titles is not None and any(
            before[j:] in titles.entries for j in range(len(before) - 1)
        )
        if after_title or (known and follows(tok.end - 1, ("address",), False, True)):
            out.append(EntitySpan(tok.start, tok.end, "PER"))
    return out


def lexicon_mentions(
    text: str, tokens: Sequence[Token], gazetteer: Gazetteer, word_tag: Callable[[str], str | None] | None = None
) -> list[EntitySpan]:
    """Known places (LOC) and organisations (ORG) of the lexicons, and names their context gives.

    A lexicon match counts when it sits on jieba word boundaries (中国 in 中国人民银行 is
    left to the organisation) — where jieba's dictionary has a name and a title as one word
    (日本首相, 中国科学院院士), the title's start counts as a boundary too.  Countries,
    provinces, regions and natural features need one boundary only (法国人, 中国画, 亚洲地区),
    cities a word start (济南战役), and county names both plus a word jieba tags as a name.
    A title in book-title marks (《人民日报》) is not a name.  Then come the place
    abbreviations (:func:`abbreviation_spans`) and the names context gives
    (:func:`cue_spans`; ``word_tag``, the segmenter's dictionary lookup, keeps 大城市 from
    being a place).  Training uses this to complete CLUENER's annotation; the tagger to add what the
    CRF left out.
    """
    norm = fold_width(text)
    starts = {t.start for t in tokens}
    ends = {t.end for t in tokens}
    titles = gazetteer.lexicons.get("ttl")
    if titles is not None:
        for t in tokens:
            for k in range(t.start + 1, t.end):
                if norm[k : t.end] in titles.entries:
                    ends.add(k)
                    break
    out = []
    for kind, found in (("LOC", gazetteer.place_spans(norm)), ("ORG", gazetteer.org_spans(norm))):
        for s, e, sub in found:
            if kind == "LOC" and sub in _WIDE_PLACE_LEVELS:
                # Countries, provinces, regions and natural features keep their name inside
                # a word (法国人, 中国画, 亚洲地区): one edge on a word boundary is enough —
                # but an ethnic group is not its country (朝鲜族, 蒙古族).
                if (s not in starts and e not in ends) or (e not in ends and norm[e : e + 1] == "族"):
                    continue
            elif kind == "LOC" and sub in _CITY_LEVELS:
                # Cities start a word but may end inside one (济南战役, 桂林山水).
                if s not in starts:
                    continue
            elif s not in starts or e not in ends:
                continue
            if text[s - 1 : s] == "《" and text[e : e + 1] == "》":
                continue
            if sub == "county" and not any(
                t.pos.startswith(_NAME_POS) for t in tokens if t.start < e and t.end > s
            ):
                continue
            out.append(EntitySpan(s, e, kind))
    out += abbreviation_spans(text, tokens, gazetteer, word_tag)
    taken = [False] * len(norm)
    for sp in out:
        taken[sp.start : sp.end] = [True] * (sp.end - sp.start)
    for sp in sorted(cue_spans(text, tokens, gazetteer, word_tag), key=lambda x: (x.start - x.end, x.start)):
        if not any(taken[sp.start : sp.end]):
            taken[sp.start : sp.end] = [True] * (sp.end - sp.start)
            out.append(sp)
    return sorted(out)


class PlaceHeads(NamedTuple):
    """What may follow a place name inside an organisation name (see ``ner_heads.tsv``)."""

    generic: frozenset[str]  # 政府, 地区, 公安机关: the place alone is the name
    org: tuple[str, ...]  # 财政部, 代表团, 女队: the place and the word are one name
    events: tuple[str, ...] = ()  # 杯, 公开赛: the name of an event, not an organisation
    facilities: frozenset[str] = frozenset()  # 机场, 大桥, 路: a place with the word is a place

    @classmethod
    def load(cls, lexicon_dir: str | Path | None = None) -> PlaceHeads:
        """The packaged tables (or those in ``lexicon_dir``): see :meth:`from_lexicon`."""
        return cls.from_lexicon(default_lexicon() if lexicon_dir is None else load_lexicon(lexicon_dir))

    @classmethod
    def from_lexicon(cls, lexicon: Lexicon) -> PlaceHeads:
        roles: dict[str, set[str]] = {"generic": set(), "org": set(), "event": set(), "facility": set()}
        for row in _read_optional("ner_heads.tsv", lexicon):
            word = fold_width(row.get("word", "").strip())
            if word and row.get("role") in roles:
                roles[row["role"]].add(word)
        for row in _read_optional("org_suffixes.tsv", lexicon):
            word = fold_width(row.get("suffix", "").strip())
            if word and word not in roles["generic"]:
                roles["org"].add(word)
        return cls(
            frozenset(roles["generic"]),
            tuple(sorted(roles["org"])),
            tuple(sorted(roles["event"])),
            frozenset(roles["facility"]),
        )

    def _longest_end(self, words: str, heads: Iterable[str]) -> int:
        return max((len(h) for h in heads if words.endswith(h)), default=0)

    def ends_org(self, words: str) -> bool:
        """``words`` ends with an organisation head longer than any generic one (人民政府 is
        generic although it ends with the suffix 政府 ... and 公安局 is not although it ends with 局)."""
        org = self._longest_end(words, self.org)
        return org > 0 and org >= self._longest_end(words, self.generic)

    def ends_generic(self, words: str) -> bool:
        generic = self._longest_end(words, self.generic)
        return generic > 0 and generic > self._longest_end(words, self.org)


# Words an organisation name may run over between a place and its head (nouns, numbers,
# abbreviations, foreign words, unknown words) — not verbs, particles or punctuation.
_NAME_PART_POS = ("n", "m", "j", "nz", "nt", "ns", "nr", "eng", "b", "an", "vn", "q")
_MAX_HEAD_WORDS = 3
_UPPER_DIVISIONS = frozenset({"province", "prefecture"})
_LOWER_DIVISIONS = frozenset({"prefecture", "county"})
_UNKNOWN_WORD_POS = "nrx"  # Segmenter.fast_tag's tag for a word jieba's dictionary does not know


# Characters no name runs across (the CRF sometimes bridges them: 亨特，亨特).
_SPAN_BREAKS = frozenset("，。、；：！？,;:!? \t\u3000")
# Tags of words that cannot be part of an organisation name (prepositions, conjunctions, pronouns,
# particles: 我们与居委会); verbs can (国务院残疾人工作协调委员会).
_NOT_IN_NAME_POS = frozenset({"p", "c", "r", "uj", "ul", "uz", "ug", "ud", "uv"})
# Tags of words a person name does not end with (尹莉明白: 明白 is "understand").
_NOT_NAME_END_POS = frozenset({"v", "a", "d", "ad", "p", "c", "uj", "ul", "uz", "f", "t", "m"})


def _trim_name(norm: str, span: EntitySpan, cues: dict[str, str], titles: _Lexicon | None) -> EntitySpan:
    """A person span without a leading 请/祝贺 and a trailing 小姐/天皇 (see :func:`tidy_spans`)."""
    start, end = span.start, span.end
    for k in (2, 1):
        if end - start > k and cues.get(norm[start : start + k]) == "before-name":
            start += k
            break
    for k in range(min(4, end - start - 1), 0, -1):
        tail = norm[end - k : end]
        if cues.get(tail) == "address" or (titles is not None and tail in titles.entries):
            end -= k
            break
    return EntitySpan(start, end, span.type)


_MAX_FOREIGN_NAME = 8


def _run_on_transliteration(norm: str, span: EntitySpan, tokens: Sequence[Token], cues: dict[str, str]) -> EntitySpan:
    """A foreign name cut short (罗纳尔|多) runs on over transliteration characters.

    Only a name made of transliteration characters runs on, and never into a word jieba's
    dictionary starts there (多次, 加强).
    """
    name = norm[span.start : span.end]
    if len(name) < 2 or not all(cues.get(ch) == "transliteration" or ch == "·" for ch in name):
        return span
    word_at = {t.start: t for t in tokens}
    end = span.end
    while end < len(norm) and end - span.start < _MAX_FOREIGN_NAME and cues.get(norm[end]) == "transliteration":
        tok = word_at.get(end)
        if tok is not None and tok.end - tok.start >= 2 and tok.pos not in _DICT_NAME_POS and tok.pos != _UNKNOWN_WORD_POS:
            break
        end += 1
    return EntitySpan(span.start, end, span.type)


def tidy_spans(
    text: str, spans: Sequence[EntitySpan], tokens: Sequence[Token], gazetteer: Gazetteer | None = None
) -> list[EntitySpan]:
    """Repair CRF spans that no reading of the sentence allows.

    * A span is cut at punctuation and white space (亨特，亨特 is two names).
    * An organisation does not start with a preposition, a pronoun or the like:
      the name starts after the last such word (我们与居委会 → 居委会).
    * A person name has no digits and does not end with a verb, an adjective or an adverb
      that jieba reads as a whole word (阿巴查8日晨 → 阿巴查, 尹莉明白 → 尹莉).
    * With the ``gazetteer``: a person name does not start with a word that only stands
      before names (请, 祝贺: ``ner_cues.tsv``) nor end with a form of address or a title
      (陈小姐 → 陈, 明仁天皇 → 明仁); a foreign name cut short runs on over
      transliteration characters (罗纳尔 → 罗纳尔多).
    """
    cues = gazetteer.cues if gazetteer is not None else {}
    titles = gazetteer.lexicons.get("ttl") if gazetteer is not None else None
    norm = fold_width(text)
    out: list[EntitySpan] = []
    for sp in spans:
        start = sp.start
        pieces = []
        for k in range(sp.start, sp.end + 1):
            if k == sp.end or norm[k] in _SPAN_BREAKS:
                if k > start:
                    pieces.append(EntitySpan(start, k, sp.type))
                start = k + 1
        for piece in pieces:
            inside = [t for t in tokens if t.start >= piece.start and t.end <= piece.end]
            if piece.type == "ORG" and len(inside) >= 2:
                cut = [t.end for t in inside[:-1] if t.pos in _NOT_IN_NAME_POS]
                if cut:
                    piece = EntitySpan(max(cut), piece.end, "ORG")
            elif piece.type == "PER":
                digit = next((k for k in range(piece.start, piece.end) if norm[k].isdigit()), None)
                if digit is not None:
                    piece = EntitySpan(piece.start, digit, "PER")
                last = next((t for t in reversed(inside) if t.end == piece.end), None)
                if (
                    last is not None
                    and last.start - piece.start >= 2
                    and last.pos in _NOT_NAME_END_POS
                    and len(last.text) >= 2
                ):
                    piece = EntitySpan(piece.start, last.start, "PER")
                piece = _trim_name(norm, piece, cues, titles)
                piece = _run_on_transliteration(norm, piece, tokens, cues)
            if piece.end > piece.start:
                out.append(piece)
    return out


def _org_head_end(
    norm: str, pos: int, tokens: Sequence[Token], taken: Sequence[bool], heads: PlaceHeads, titles: _Lexicon | None
) -> int | None:
    """Where an organisation name that a place starts at ``pos`` ends, or ``None``.

    The name runs over at most a few name-like words and ends at a word end — or where a
    title starts inside a word (农业部长 is 农业部 + 部长) — with a word that ends
    organisation names (北京 + 大学, 古巴 + 代表团, 美国 + 能源部).
    """
    words = 0
    for t in tokens:
        if t.end <= pos:
            continue
        if words >= _MAX_HEAD_WORDS or any(taken[max(t.start, pos) : t.end]):
            return None
        if t.start >= pos and not t.pos.startswith(_NAME_PART_POS):
            return None
        words += 1
        inner = range(max(t.start, pos) + 1, t.end)
        if t.pos == _UNKNOWN_WORD_POS:
            # jieba's HMM glues unknown characters together (队以): any end will do.
            ends = [*inner, t.end]
        else:
            ends = [t.end]
            if titles is not None:
                for k in inner:
                    if norm[k : t.end] in titles.entries:
                        # 农业部长 = 农业部 + 部长: the title may share its first character.
                        ends += [k, k + 1]
                        break
        for end in ends:
            part = norm[pos:end]
            if heads.ends_org(part) and not heads.ends_generic(part):
                return end
    return None


def _place_run_on(
    norm: str,
    sp: EntitySpan,
    tokens: Sequence[Token],
    taken: Sequence[bool],
    heads: PlaceHeads,
    gazetteer: Gazetteer,
    word_tag: Callable[[str], str | None] | None,
) -> EntitySpan:
    """A place followed by its administrative suffix (维也纳市, 布宜诺斯艾利斯省) or by a
    facility word (德黑兰机场, 韶山路, 虹口体育馆) is that place, as one LOC."""
    nxt = norm[sp.end : sp.end + 1]
    if gazetteer.cues.get(nxt) == "place-suffix" and not taken[sp.end]:
        # ... but not 北京市场, 上海市民: the suffix character starts a word.
        if not _known(word_tag, norm[sp.end : sp.end + 2]):
            return EntitySpan(sp.start, sp.end + 1, "LOC")
    # The facility word right after the place (a named one, 英国 + 汉巴大桥, stands apart).
    tok = next((t for t in tokens if t.start == sp.end), None)
    if tok is not None and not taken[tok.start] and tok.text in heads.facilities:
        return EntitySpan(sp.start, tok.end, "LOC")
    return sp


def settle_place_heads(
    text: str,
    spans: Sequence[EntitySpan],
    tokens: Sequence[Token],
    gazetteer: Gazetteer,
    heads: PlaceHeads,
    word_tag: Callable[[str], str | None] | None = None,
) -> list[EntitySpan]:
    """Apply the span conventions for "place + word" to tagged spans.

    * An ORG that names an event (世界杯, 台北公开赛) is none; a place it starts with is a LOC.
    * An ORG that starts with a Chinese division and one below it (河南省郑州市 ...) leaves
      the first one out, as a LOC.
    * An ORG that is a known place name alone is a LOC.
    * An ORG that is a known place followed by words that do not end an organisation name
      (美国政府, 挪威石油, 北京多云) becomes the place alone (LOC).
    * A place followed by a generic word inside one LOC (海湾地区) loses the word.
    * A place directly followed by an ORG (美国 + 联邦贸易委员会) is one ORG.
    * A place followed, within a few name-like words, by a word that ends an organisation
      name (古巴代表团, 印尼女队, 北京九十中学) becomes that ORG.
    * A place followed by its administrative suffix or a facility word is one LOC with it
      (维也纳市, 德黑兰机场); ``word_tag`` (the segmenter's dictionary lookup) keeps 北京市场
      apart.
    """
    norm = fold_width(text)
    found = gazetteer.place_spans(norm)
    places = {s: e for s, e, _ in found}
    levels = {s: level for s, _, level in found}

    def nested_division(first: int, second: int) -> bool:
        # 河南省 + 郑州市, 长沙市 + 芙蓉区: a Chinese division and one of its own below it.
        return (
            levels.get(first) in _UPPER_DIVISIONS
            and levels.get(second) in _LOWER_DIVISIONS
            and gazetteer.inside(norm[second : places[second]], norm[first : places[first]])
        )

    org_names = gazetteer.lexicons.get("org")
    out: list[EntitySpan] = []
    for sp in spans:
        p = places.get(sp.start)
        known = org_names is not None and norm[sp.start : sp.end] in org_names.entries
        if sp.type == "ORG" and not known and norm[sp.start : sp.end].endswith(heads.events):
            # 世界杯, 台北公开赛: an event; only a place it starts with is a name.
            if p is not None and p < sp.end:
                out.append(EntitySpan(sp.start, p, "LOC"))
            continue
        if sp.type == "ORG" and not known and p in places and places[p] < sp.end and nested_division(sp.start, p):
            # 河南省 + 郑州市二七培训学校: the larger division before the one that starts the
            # name stands apart (美国哥伦比亚大学 stays whole).
            out.append(EntitySpan(sp.start, p, "LOC"))
            sp = EntitySpan(p, sp.end, "ORG")
            p = places.get(sp.start)
        if sp.type == "ORG" and p == sp.end and not known:
            # A place name alone is a place (不来梅, 悉尼), whatever club CLUENER named after it.
            sp = EntitySpan(sp.start, sp.end, "LOC")
        elif p is not None and p < sp.end:
            rest = norm[p : sp.end]
            if sp.type == "ORG" and not known and (heads.ends_generic(rest) or not heads.ends_org(rest)):
                sp = EntitySpan(sp.start, p, "LOC")
        if sp.type == "LOC":
            # 海湾地区, 中东一带: the place without the generic word.
            surface = norm[sp.start : sp.end]
            cut = next((g for g in heads.generic if surface.endswith(g) and len(surface) - len(g) >= 2), None)
            if cut is not None:
                sp = EntitySpan(sp.start, sp.end - len(cut), "LOC")
        elif sp.type == "ORG" and heads.ends_generic(norm[sp.start : sp.end]):
            continue
        out.append(sp)
    # Merge and extend places into the organisation names they start.
    by_start = {sp.start: sp for sp in out}
    taken = [False] * len(norm)
    for sp in out:
        taken[sp.start : sp.end] = [True] * (sp.end - sp.start)
    titles = gazetteer.lexicons.get("ttl")
    merged: list[EntitySpan] = []
    skip: set[int] = set()
    for sp in out:
        if sp.start in skip:
            continue
        if sp.type == "LOC" and sp.end - sp.start >= 2:
            nxt = by_start.get(sp.end)
            if nxt is not None and nxt.type == "ORG" and not nested_division(sp.start, nxt.start):
                merged.append(EntitySpan(sp.start, nxt.end, "ORG"))
                skip.add(nxt.start)
                continue
            if nxt is None:
                end = _org_head_end(norm, sp.end, tokens, taken, heads, titles)
                if end is not None:
                    merged.append(EntitySpan(sp.start, end, "ORG"))
                    continue
                sp = _place_run_on(norm, sp, tokens, taken, heads, gazetteer, word_tag)
        merged.append(sp)
    return merged


# --- tagging -----------------------------------------------------------------------------


def labels_to_spans(labels: Sequence[str]) -> list[EntitySpan]:
    """Turn BIOES (or BIO) labels into spans; a stray I/E continues the open span or starts one."""
    spans: list[EntitySpan] = []
    start, typ = None, None
    for i, lab in enumerate(list(labels) + ["O"]):
        tag, _, t = lab.partition("-")
        if tag in ("I", "E") and start is not None and t == typ:
            if tag == "E":
                spans.append(EntitySpan(start, i + 1, typ))
                start, typ = None, None
            continue
        if start is not None:
            spans.append(EntitySpan(start, i, typ))  # type: ignore[arg-type]
            start, typ = None, None
        if tag == "S":
            spans.append(EntitySpan(i, i + 1, t))
        elif tag in ("B", "I", "E"):
            if tag == "E":
                spans.append(EntitySpan(i, i + 1, t))
            else:
                start, typ = i, t
    return spans


class NERTagger:
    """The packaged CRF tagger.

    ``model_path`` overrides the packaged model, ``segmenter`` lets a caller share its
    (possibly user-dictionary-extended) :class:`Segmenter`, and ``gazetteer`` its lexicons.
    """

    def __init__(
        self,
        model_path: str | Path | None = None,
        segmenter: Segmenter | None = None,
        gazetteer: Gazetteer | None = None,
        complete: bool = True,
        lexicon: Lexicon | None = None,
    ) -> None:
        import pycrfsuite  # a runtime dependency only of NER, so imported here

        # The model was trained with the project segmenter (lexicon names as user words), so
        # that is the default; a caller passes its own to share one jieba instance.
        self.segmenter = segmenter if segmenter is not None else default_segmenter()
        if lexicon is None:
            lexicon = default_lexicon()
        self.gazetteer = gazetteer if gazetteer is not None else Gazetteer.from_lexicon(lexicon)
        self._tagger = pycrfsuite.Tagger()
        source = Path(model_path) if model_path is not None else data_file("models", MODEL_NAME)
        # crfsuite reads the whole model into memory on open, so a temporary file that
        # as_file makes for a zipped install may vanish afterwards.
        with resources.as_file(source) as path:
            try:
                self._tagger.open(str(path))
            except (OSError, ValueError) as exc:
                raise ResourceError(f"{path}: cannot load the NER model: {exc}") from exc
        self.labels = frozenset(self._tagger.labels())
        self.complete = complete
        self.heads = PlaceHeads.from_lexicon(lexicon)

    def tag(self, text: str, tokens: Sequence[Token] | None = None) -> list[EntitySpan]:
        """The PER/LOC/ORG spans of ``text``, in order.

        >>> NERTagger().tag("")                                  # doctest: +SKIP
        []
        """
        if not text or text.isspace():
            return []
        if tokens is None:
            tokens = self.segmenter.fast_tag(text)
        if sum(t.end - t.start for t in tokens) != len(text):
            # jieba dropped or merged something; fall back to per-character "words".
            log.debug("segmenter offsets do not cover %r; ignoring word features", text[:30])
            tokens = [Token(ch, i, i + 1, "x") for i, ch in enumerate(text)]
        labels = self._tagger.tag(char_features(text, tokens, self.gazetteer))
        spans = tidy_spans(
            text, [s for s in labels_to_spans(labels) if s.type in ENTITY_TYPES], tokens, self.gazetteer
        )
        if self.complete:
            spans = settle_place_heads(text, spans, tokens, self.gazetteer, self.heads, self.segmenter.dictionary_tag)
            # The CRF saw these names as features and still said no; where it said nothing
            # overlapping, the lexicon's word is taken (training labels were completed so).
            taken = [False] * len(text)
            for s in spans:
                taken[s.start : s.end] = [True] * (s.end - s.start)
            extra = [m for m in lexicon_mentions(text, tokens, self.gazetteer, self.segmenter.dictionary_tag) if not any(taken[m.start : m.end])]
            spans = settle_place_heads(
                text, sorted(spans + extra), tokens, self.gazetteer, self.heads, self.segmenter.dictionary_tag
            )
        return spans

    def tag_many(self, texts: Iterable[str]) -> Iterator[list[EntitySpan]]:
        """:meth:`tag` for each text, lazily."""
        for text in texts:
            yield self.tag(text)


def ner_lines(lines: Iterable[str], tagger: NERTagger | None = None) -> Iterator[list[list]]:
    """For each input line, its spans as ``[start, end, type]`` lists (JSON-ready).

    A trailing newline is not part of the sentence; an empty line gives ``[]``.
    """
    tagger = tagger if tagger is not None else NERTagger()
    for line in lines:
        text = line.rstrip("\r\n")
        yield [[s.start, s.end, s.type] for s in tagger.tag(text)]


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m kg.ner``: one sentence per line on stdin, one JSON list per line out."""
    import argparse

    ap = argparse.ArgumentParser(
        prog="python -m kg.ner", description="Tag PER/LOC/ORG spans, one sentence per stdin line."
    )
    ap.add_argument("--model", type=Path, default=None, help="a model file instead of the packaged one")
    ap.add_argument(
        "--no-lexicon", dest="complete", action="store_false", help="CRF spans only, no lexicon completion"
    )
    args = ap.parse_args(argv)  # exits with status 2 on a usage error
    for stream in (sys.stdin, sys.stdout):
        if hasattr(stream, "reconfigure"):  # a real text stream, not a test's StringIO
            stream.reconfigure(encoding="utf-8")
    for spans in ner_lines(sys.stdin, NERTagger(model_path=args.model, complete=args.complete)):
        sys.stdout.write(json.dumps(spans, ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
