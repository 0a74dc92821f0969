"""The NER tagger (kg.ner) and the conversion of its training data (scripts/train_ner.py).

The sentences below were written for these tests (no benchmark data): they vary the
names, places and organisations, and each expected span is one the packaged model must
find exactly, with its type.
"""

from __future__ import annotations

import importlib.util
import io
import json
import sys
from pathlib import Path

import pytest

from kg.ner import (
    ENTITY_TYPES,
    MODEL_NAME,
    EntitySpan,
    Gazetteer,
    NERTagger,
    abbreviation_spans,
    char_features,
    labels_to_spans,
    main,
    ner_lines,
)
from kg.resources import data_file
from kg.segment import Token

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def tagger(seg):
    return NERTagger(segmenter=seg)


@pytest.fixture(scope="module")
def train_script():
    """scripts/train_ner.py as a module (it is a script, not part of the package)."""
    spec = importlib.util.spec_from_file_location("train_ner", REPO / "scripts" / "train_ner.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _surfaces(text: str, spans: list[EntitySpan]) -> set[tuple[str, str]]:
    return {(text[s.start : s.end], s.type) for s in spans}


# --- the packaged model ------------------------------------------------------------------


def test_ner_model_is_packaged_and_small():
    model = data_file("models", MODEL_NAME)
    assert model.is_file()
    # The model ships inside the wheel; the README promises a small file.
    assert len(model.read_bytes()) < 15_000_000


def test_ner_model_loads_through_the_package(tagger):
    assert {f"{tag}-{typ}" for tag in "BIES" for typ in ENTITY_TYPES} <= tagger.labels
    assert tagger.segmenter is not None


def test_ner_unreadable_model_is_a_resource_error(tmp_path):
    from kg.errors import ResourceError

    bad = tmp_path / "bad.crfsuite"
    bad.write_bytes(b"not a model")
    with pytest.raises(ResourceError, match="bad.crfsuite"):
        NERTagger(model_path=bad, gazetteer=Gazetteer())


# --- tagging -----------------------------------------------------------------------------

EXAMPLES = [
    (
        "国务院总理李强在北京会见了法国总统。",
        {("国务院", "ORG"), ("李强", "PER"), ("北京", "LOC"), ("法国", "LOC")},
    ),
    ("浙江大学与杭州市政府签署合作协议。", {("浙江大学", "ORG")}),
    ("张伟和王芳昨天从上海飞往广州。", {("张伟", "PER"), ("王芳", "PER"), ("上海", "LOC"), ("广州", "LOC")}),
    ("外交部发言人表示，中俄两国元首通了电话。", {("外交部", "ORG"), ("中", "LOC"), ("俄", "LOC")}),
    ("外交部发言人表示，中美关系总体保持稳定。", {("外交部", "ORG"), ("中", "LOC"), ("美", "LOC")}),
    ("记者刘洋报道，云南省昆明市举行了表彰大会。", {("刘洋", "PER"), ("云南省", "LOC"), ("昆明市", "LOC")}),
    ("新华社东京电，日本首相会见了韩国外长。", {("新华社", "ORG"), ("东京", "LOC"), ("日本", "LOC"), ("韩国", "LOC")}),
    ("中国科学院院士陈建国在武汉大学作报告。", {("中国科学院", "ORG"), ("陈建国", "PER"), ("武汉大学", "ORG")}),
    ("欧阳明昨天前往甘肃省兰州市考察。", {("欧阳明", "PER"), ("甘肃省", "LOC"), ("兰州市", "LOC")}),
    ("联合国秘书长古特雷斯抵达日内瓦。", {("联合国", "ORG"), ("古特雷斯", "PER"), ("日内瓦", "LOC")}),
    ("华为公司在东莞建设研发基地。", {("华为公司", "ORG"), ("东莞", "LOC")}),
]


@pytest.mark.parametrize(("text", "expected"), EXAMPLES)
def test_ner_tag_finds_the_entities(tagger, text, expected):
    got = _surfaces(text, tagger.tag(text))
    assert expected <= got, f"missing {expected - got}; got {got}"


@pytest.mark.parametrize(
    "text",
    ["今天天气很好，我们一起去散步吧。", "这项技术的成本下降了百分之三十。"],
)
def test_ner_tag_leaves_plain_sentences_alone(tagger, text):
    assert tagger.tag(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "国务院总理李强在北京会见了法国总统。",
        "ＡＢＣ公司在１９９８年进入中国 市场\t(上海)…",
        "Apple CEO Tim Cook visited 北京 on 3 March 😀",
        "　　中共中央、国务院印发《意见》。",
        "a",
        "。",
    ],
)
def test_ner_tag_offsets_are_valid(tagger, text):
    spans = tagger.tag(text)
    previous_end = 0
    for span in spans:
        assert isinstance(span, EntitySpan)
        assert span.type in ENTITY_TYPES
        assert previous_end <= span.start < span.end <= len(text)
        assert text[span.start : span.end].strip() == text[span.start : span.end]
        previous_end = span.end


@pytest.mark.parametrize("text", ["", " ", "\t\u3000"])
def test_ner_tag_empty_or_blank_gives_nothing(tagger, text):
    assert tagger.tag(text) == []


def test_ner_tag_many_matches_tag(tagger):
    texts = ["张伟在上海。", "", "浙江大学与杭州市政府签署合作协议。"]
    assert list(tagger.tag_many(texts)) == [tagger.tag(t) for t in texts]


def test_ner_without_lexicon_completion_is_the_crf_alone(seg, tagger):
    plain = NERTagger(segmenter=seg, gazetteer=tagger.gazetteer, complete=False)
    text = "中美关系总体保持稳定。"
    assert set(plain.tag(text)) <= set(tagger.tag(text))


# --- the command-line adapter ------------------------------------------------------------


def test_ner_lines_gives_one_json_list_per_line(tagger):
    lines = ["张伟在上海。\n", "\n", "", "新华社北京电\r\n"]
    out = list(ner_lines(lines, tagger))
    assert len(out) == 4
    assert out[1] == [] and out[2] == []
    assert [0, 2, "PER"] in out[0] and [3, 5, "LOC"] in out[0]
    assert [0, 3, "ORG"] in out[3]
    json.dumps(out)  # JSON-ready: lists of [int, int, str]


def test_ner_main_reads_stdin_writes_json_lines(monkeypatch, capsys):
    monkeypatch.setattr(sys, "stdin", io.StringIO("张伟在上海。\n\n"))
    assert main([]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 2
    assert [0, 2, "PER"] in json.loads(lines[0])
    assert json.loads(lines[1]) == []


def test_ner_main_unknown_option_is_a_usage_error(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["--bogus"])
    assert exc.value.code == 2


# --- pieces ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("labels", "expected"),
    [
        (["O", "B-PER", "E-PER", "O"], [(1, 3, "PER")]),
        (["S-LOC", "S-LOC"], [(0, 1, "LOC"), (1, 2, "LOC")]),
        (["B-ORG", "I-ORG", "I-ORG", "E-ORG"], [(0, 4, "ORG")]),
        # A span the CRF left open still ends, at the next O or the end.
        (["B-LOC", "I-LOC", "O", "B-PER", "I-PER"], [(0, 2, "LOC"), (3, 5, "PER")]),
        # A change of type inside a span starts a new one.
        (["B-LOC", "E-ORG"], [(0, 1, "LOC"), (1, 2, "ORG")]),
        # Plain BIO works too.
        (["B-PER", "I-PER", "B-PER"], [(0, 2, "PER"), (2, 3, "PER")]),
        ([], []),
    ],
)
def test_ner_labels_to_spans(labels, expected):
    assert labels_to_spans(labels) == expected


def test_ner_gazetteer_prefers_the_longest_match():
    gaz = Gazetteer.from_tables({"loc": {"北京": "province", "北京市": "province", "京市": "city"}})
    labels = gaz.char_labels("在北京市长")["loc"]
    assert labels == ["", "B-province", "I-province", "E-province", ""]
    assert gaz.place_spans("北京和北京市") == [(0, 2, "province"), (3, 6, "province")]


def test_ner_char_features_one_list_per_character():
    gaz = Gazetteer.from_tables({"loc": {"上海": "province"}, "ttl": {"总理": "leader"}}, {"李": "top20"})
    text = "总理李强到上海"
    tokens = [Token("总理", 0, 2, "n"), Token("李强", 2, 4, "nr"), Token("到", 4, 5, "v"), Token("上海", 5, 7, "ns")]
    feats = char_features(text, tokens, gaz)
    assert len(feats) == len(text)
    assert "sur1=top20" in feats[2] and "gttl-1=end" in feats[2]
    assert "gloc=B-province" in feats[5] and "w=B-ns" in feats[5]
    # Attribute names must not hold crfsuite's separator.
    assert all(":" not in f for fs in feats for f in fs)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("中美关系", ["中", "美"]),
        ("京津冀协同发展", ["京", "津", "冀"]),
        ("中方表示欢迎", ["中"]),
        ("中美洲国家", []),  # Central America
        ("他精通中英文", []),  # the languages
        ("日新月异", []),  # an idiom
    ],
)
def test_ner_abbreviation_spans(seg, tagger, text, expected):
    got = abbreviation_spans(text, seg.tag(text), tagger.gazetteer)
    assert [text[s.start : s.end] for s in got] == expected


# --- the training data conversion (scripts/train_ner.py) --------------------------------


@pytest.mark.parametrize(
    ("address", "places"),
    [
        ("北京市海淀区中关村大街27号", ["北京市", "海淀区", "中关村大街"]),
        ("美国加州安纳海姆会议中心", ["美国", "加州"]),
        ("通州区梨园南街", ["通州区", "梨园南街"]),
        ("三里屯", ["三里屯"]),  # a bare name
        ("央视新址附属文化中心", []),  # a building, not a place name
        ("地铁8号线耀华路站1号出口", []),
    ],
)
def test_ner_train_splits_addresses_into_place_names(train_script, tagger, address, places):
    text = "地址：" + address + "。"
    pieces = train_script.split_address(text, 3, 3 + len(address), tagger.gazetteer)
    assert [text[a:b] for a, b in pieces] == places


def test_ner_train_converts_cluener_labels(train_script, seg, tagger):
    from collections import Counter

    text = "美国政府和浙商银行的叶老桂经理在北京市朝阳区见面。"
    spans = [
        (0, 4, "government"),
        (5, 9, "company"),
        (10, 13, "name"),
        (13, 15, "position"),
        (16, 22, "address"),
    ]
    got = train_script.convert(text, spans, seg.tag(text), tagger.gazetteer, Counter(), tagger.heads)
    assert [(text[s:e], t) for s, e, t in got] == [
        ("美国", "LOC"),  # 美国政府: the country only
        ("浙商银行", "ORG"),
        ("叶老桂", "PER"),
        ("北京市", "LOC"),
        ("朝阳区", "LOC"),
    ]
    # A foreign state body keeps its country (People's Daily: 美国国防部 is one name), and a
    # place + a generic word in an address loses the word.
    text = "俄罗斯国防部和中东地区的代表。"
    got = train_script.convert(text, [(0, 6, "government"), (7, 11, "address")], seg.tag(text), tagger.gazetteer, Counter(), tagger.heads)
    assert [(text[s:e], t) for s, e, t in got] == [("俄罗斯国防部", "ORG"), ("中东", "LOC")]
