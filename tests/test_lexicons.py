"""The packaged lexicons pass their own checker (kg/lexicons/_build/check.py)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def test_lexicons_pass_the_checker(capsys):
    spec = importlib.util.spec_from_file_location("check", REPO / "kg" / "lexicons" / "_build" / "check.py")
    check = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(check)
    assert check.main() == 0
    out = capsys.readouterr().out
    assert "ERROR" not in out and "clash" not in out, out
    # Every file the checker knows is one the package ships, and each says where it comes from.
    for name in check.COLUMNS:
        path = REPO / "kg" / "lexicons" / name
        assert path.read_text(encoding="utf-8").startswith("# "), name


# --- one Lexicon object serves every stage ----------------------------------------------------

import ast  # noqa: E402
import shutil  # noqa: E402

import pytest  # noqa: E402

from kg.lexicon import default_lexicon, load_lexicon  # noqa: E402

_WORD_FILES = ("grammar.tsv", "heads.tsv", "triggers.tsv")


def _override(tmp_path, name: str, extra_rows: str):
    """A lexicon directory whose ``name`` is the packaged file plus ``extra_rows``."""
    src = REPO / "kg" / "lexicons" / name
    (tmp_path / name).write_text(src.read_text(encoding="utf-8") + extra_rows, encoding="utf-8")
    return load_lexicon(tmp_path)


def test_lexicons_every_word_class_the_code_asks_for_exists():
    from kg.extraction import Extractor

    ex = Extractor(ner=None)  # building the chunker, the frames' words and the rules' patterns reads them all
    assert ex.words.conj and ex.chunker.coref
    with pytest.raises(Exception, match="known"):
        default_lexicon().words("no-such-class")


def test_lexicons_a_custom_trigger_reaches_the_rules(tmp_path):
    from kg.extraction import Extractor
    from kg.reader import read_text

    text = "# 题\n\n水利部近日颁行《河湖岸线保护办法》。\n"
    plain = Extractor(ner=None)
    custom = Extractor(lexicon=_override(tmp_path, "triggers.tsv", "issue\t颁行\t\n"), ner=None)
    issued = lambda ex: {(r.subject, r.object) for r in ex.extract(next(read_text(text))).relations if r.predicate == "issued"}  # noqa: E731
    assert issued(plain) == set()
    assert issued(custom) == {("org/水利部", "policy/河湖岸线保护办法")}


def test_lexicons_a_custom_outlet_reaches_the_bylines(tmp_path):
    from kg.reader import read_text

    text = "# 题\n\n晨星时讯北京3月2日电（记者 柯某某）某地举行活动。\n"
    lexicon = _override(tmp_path, "outlets.tsv", "晨星时讯\t\tnewspaper\n")
    plain = next(read_text(text))
    assert (plain.source, plain.place, plain.dateline_span) == (None, None, None)
    article = next(read_text(text, lexicon=lexicon))
    assert (article.source, article.place, [r.name for r in article.reporters]) == ("晨星时讯", "北京", ["柯某某"])


def test_lexicons_the_ner_gazetteer_comes_from_the_lexicon(tmp_path):
    from kg.ner import Gazetteer

    lexicon = _override(tmp_path, "places.tsv", "晨星湾\tcity\t\t\n")
    assert "晨星湾" in Gazetteer.from_lexicon(lexicon).lexicons["loc"].entries
    assert "晨星湾" not in Gazetteer.from_lexicon(default_lexicon()).lexicons["loc"].entries


def _cjk_word_lists(path):
    """Tuple, list and set literals of two or more Chinese strings in a module: word lists."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, (ast.Tuple, ast.List, ast.Set)):
            words = [e.value for e in node.elts if isinstance(e, ast.Constant) and isinstance(e.value, str) and any("\u4e00" <= ch <= "\u9fff" for ch in e.value)]
            if len(words) >= 2:
                found.append((node.lineno, words))
        if isinstance(node, ast.Dict):
            keys = [k.value for k in node.keys if isinstance(k, ast.Constant) and isinstance(k.value, str) and any("\u4e00" <= ch <= "\u9fff" for ch in k.value)]
            if len(keys) >= 2:
                found.append((node.lineno, keys))
    return found


@pytest.mark.parametrize(
    "module",
    sorted(str(p.relative_to(REPO)) for p in (REPO / "kg").rglob("*.py") if "_build" not in p.parts),
)
def test_lexicons_no_word_list_is_a_literal_in_code(module):
    assert _cjk_word_lists(REPO / module) == []


def test_lexicons_no_character_list_is_a_literal_in_code():
    """frozenset("中美日…") is a word list too."""
    for path in (REPO / "kg").rglob("*.py"):
        if "_build" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", "") in ("set", "frozenset") and node.args:
                arg = node.args[0]
                if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                    assert sum("\u4e00" <= ch <= "\u9fff" for ch in arg.value) < 2, f"{path}:{node.lineno}"


def test_lexicons_word_class_files_say_where_they_come_from():
    for name in _WORD_FILES:
        head = (REPO / "kg" / "lexicons" / name).read_text(encoding="utf-8").split("\n")[:6]
        assert head[0].startswith("# ") and any("Source" in line for line in head), name


def test_lexicons_load_from_a_directory_with_only_some_files(tmp_path):
    shutil.copy(REPO / "kg" / "lexicons" / "titles.tsv", tmp_path / "titles.tsv")
    lexicon = load_lexicon(tmp_path)
    assert lexicon.lookup("工信部") is not None and "副部长" in lexicon.titles
