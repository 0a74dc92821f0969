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
    PlaceHeads,
    abbreviation_spans,
    char_features,
    cue_spans,
    labels_to_spans,
    lexicon_mentions,
    main,
    ner_lines,
    settle_place_heads,
    tidy_spans,
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
        ("巴以双方恢复谈判", ["巴", "以"]),
        ("在欧美工作", ["欧", "美"]),
        ("京沪铁路提速", ["京", "沪"]),
        ("菲亚特汽车", []),  # a word that runs on past the run
        ("应当加以改进", []),  # a verb
        ("比赛中以2∶1获胜", []),  # a localiser and a preposition
        ("自5月1日以来", []),  # a date
    ],
)
def test_ner_abbreviation_spans(seg, tagger, text, expected):
    got = abbreviation_spans(text, seg.fast_tag(text), tagger.gazetteer, seg.dictionary_tag)
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


# --- span conventions and context cues ------------------------------------------------------


@pytest.fixture(scope="module")
def heads():
    return PlaceHeads.load()


@pytest.mark.parametrize(
    ("text", "spans", "expected"),
    [
        # A place + a generic word is the place alone (the government, the police, the weather).
        ("加拿大政府宣布新措施。", [(0, 5, "ORG")], [("加拿大", "LOC")]),
        ("挪威石油出口增长。", [(0, 4, "ORG")], [("挪威", "LOC")]),
        ("广州小雨转多云。", [(0, 4, "ORG")], [("广州", "LOC")]),
        ("中东地区局势紧张。", [(0, 4, "LOC")], [("中东", "LOC")]),
        # A place name alone is a place, whatever club is named after it.
        ("悉尼以二比一取胜。", [(0, 2, "ORG")], [("悉尼", "LOC")]),
        # A place + an organisation's own name is one organisation.
        ("德国联邦银行昨天表态。", [(0, 2, "LOC"), (2, 6, "ORG")], [("德国联邦银行", "ORG")]),
        # A place + words that end an organisation name grows into it.
        ("泰国代表团抵达会场。", [(0, 2, "LOC")], [("泰国代表团", "ORG")]),
        ("荷兰女队夺得冠军。", [(0, 2, "LOC")], [("荷兰女队", "ORG")]),
        ("巴西农业部长表示关切。", [(0, 2, "LOC")], [("巴西农业部", "ORG")]),
        ("南京大学举行校庆。", [(0, 2, "LOC")], [("南京大学", "ORG")]),
        # ... but not over a verb or into a generic word.
        ("泰国宣布成立委员会。", [(0, 2, "LOC")], [("泰国", "LOC")]),
        ("美国部队撤出该地。", [(0, 2, "LOC")], [("美国", "LOC")]),
        # A known organisation keeps its name even when it starts with a place.
        ("中国人民银行发布数据。", [(0, 6, "ORG")], [("中国人民银行", "ORG")]),
        # An event is no organisation; the place it starts with is a place.
        ("世界杯今晚揭幕。", [(0, 3, "ORG")], []),
        ("深圳公开赛进入决赛。", [(0, 5, "ORG")], [("深圳", "LOC")]),
        # A province before the city that starts the name stands apart; a country does not.
        ("湖北省武汉市第三中学举行典礼。", [(0, 10, "ORG")], [("湖北省", "LOC"), ("武汉市第三中学", "ORG")]),
        ("湖北省武汉市第三中学举行典礼。", [(0, 3, "LOC"), (3, 10, "ORG")], [("湖北省", "LOC"), ("武汉市第三中学", "ORG")]),
        ("美国哥伦比亚大学的教授。", [(0, 8, "ORG")], [("美国哥伦比亚大学", "ORG")]),
        # A place with its administrative suffix or a facility word is one place ...
        ("巴塞罗那市举办活动。", [(0, 4, "LOC")], [("巴塞罗那市", "LOC")]),
        ("首尔机场暂时关闭。", [(0, 2, "LOC")], [("首尔机场", "LOC")]),
        # ... but not when the suffix starts a word, nor across a facility's own name.
        ("北京市场很繁荣。", [(0, 2, "LOC")], [("北京", "LOC")]),
        ("中国铁路建设加快。", [(0, 2, "LOC")], [("中国", "LOC")]),
        # Sports bodies and teams by their short names.
        ("日本足协作出决定。", [(0, 2, "LOC")], [("日本足协", "ORG")]),
        ("江苏省妇联举办活动。", [(0, 3, "LOC")], [("江苏省妇联", "ORG")]),
    ],
)
def test_ner_settle_place_heads(seg, tagger, heads, text, spans, expected):
    got = settle_place_heads(
        text, [EntitySpan(*s) for s in spans], seg.fast_tag(text), tagger.gazetteer, heads, seg.dictionary_tag
    )
    assert [(text[s.start : s.end], s.type) for s in got] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("德国总理结束访华行程。", {("华", "LOC")}),
        ("会议明天在京召开。", {("京", "LOC")}),
        ("该国扩大对美出口。", {("美", "LOC")}),
        ("俄总统发表讲话。", {("俄", "LOC")}),
        ("美军撤离了基地。", {("美", "LOC")}),
        ("李老师说明天考试。", {("李", "PER")}),
        ("赵先生已经退休。", {("赵", "PER")}),
        ("老孙的女儿考上了大学。", {("孙", "PER")}),
        ("周局长主持会议。", {("周", "PER")}),
        # Two countries by their first characters before 两国, 关系: 墨西哥 and 美国, 奥地利 and 中国.
        ("墨美两国加强合作。", {("墨", "LOC"), ("美", "LOC")}),
        ("奥中关系发展顺利。", {("奥", "LOC"), ("中", "LOC")}),
        ("国际关系学院的学生。", set()),
        # Not: a word that starts with the abbreviation, a preposition, a word across a title.
        ("他在美元区工作。", set()),
        ("我们向老师学习。", set()),
        ("全市长期坚持植树。", set()),
        ("小米手机销量增长。", set()),
    ],
)
def test_ner_cue_spans(seg, tagger, text, expected):
    got = _surfaces(text, cue_spans(text, seg.fast_tag(text), tagger.gazetteer, seg.dictionary_tag))
    assert {g for g in got if len(g[0]) == 1} == expected


def test_ner_cue_spans_names_beside_titles_and_suffixed_places(seg, tagger):
    text = "彭真同志和总理基里延科听取了汇报。"
    got = _surfaces(text, cue_spans(text, seg.fast_tag(text), tagger.gazetteer, seg.dictionary_tag))
    assert {("彭真", "PER"), ("基里延科", "PER")} <= got
    # A doctrine named after a person names the person.
    text = "深入学习马克思主义和毛泽东思想。"
    got = _surfaces(text, cue_spans(text, seg.fast_tag(text), tagger.gazetteer, seg.dictionary_tag))
    assert {("马克思", "PER"), ("毛泽东", "PER")} <= got
    # A department jieba's dictionary calls a name is no person, even before a title.
    text = "国家卫生健康委宣传司司长出席。"
    got = _surfaces(text, cue_spans(text, seg.fast_tag(text), tagger.gazetteer, seg.dictionary_tag))
    assert not any(t == "PER" for _, t in got)
    # A name-like word with an administrative suffix is a place; 城市 is an ordinary word.
    tokens = [Token("他", 0, 1, "r"), Token("来到", 1, 3, "v"), Token("石岭镇", 3, 6, "nrx"), Token("和", 6, 7, "c"), Token("大城市", 7, 10, "nrx")]
    got = _surfaces("他来到石岭镇和大城市", cue_spans("他来到石岭镇和大城市", tokens, tagger.gazetteer, seg.dictionary_tag))
    assert got == {("石岭镇", "LOC")}


@pytest.mark.parametrize(
    ("text", "spans", "expected"),
    [
        ("亨特，亨特又进球了。", [(0, 5, "PER")], [("亨特", "PER"), ("亨特", "PER")]),
        ("阿卜杜勒8日晨抵达。", [(0, 7, "PER")], [("阿卜杜勒", "PER")]),
        ("我们与居委会商量。", [(0, 6, "ORG")], [("居委会", "ORG")]),
        ("国务院残疾人工作协调委员会成立。", [(0, 13, "ORG")], [("国务院残疾人工作协调委员会", "ORG")]),
        # Names lose what only stands before or after them.
        ("我们祝贺莫里森当选。", [(2, 7, "PER")], [("莫里森", "PER")]),
        ("何小姐笑了。", [(0, 3, "PER")], [("何", "PER")]),
        ("主持人请苏晓明发言。", [(3, 7, "PER")], [("苏晓明", "PER")]),
        # A foreign name cut short runs on over transliteration characters ...
        ("前锋巴蒂斯图塔进球了。", [(2, 4, "PER")], [("巴蒂斯图塔", "PER")]),
        ("伊梅尔达今天出庭。", [(0, 3, "PER")], [("伊梅尔达", "PER")]),
        # ... but not into a word, and a Chinese name does not.
        ("阿马托加强了防守。", [(0, 3, "PER")], [("阿马托", "PER")]),
        ("王明达成协议。", [(0, 2, "PER")], [("王明", "PER")]),
    ],
)
def test_ner_tidy_spans(seg, tagger, text, spans, expected):
    got = tidy_spans(text, [EntitySpan(*s) for s in spans], seg.fast_tag(text), tagger.gazetteer)
    assert [(text[s.start : s.end], s.type) for s in got] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("不少法国人喜欢足球。", {("法国", "LOC")}),
        ("他擅长中国画。", {("中国", "LOC")}),
        ("济南战役打响了。", {("济南", "LOC")}),
        ("长江和黄河是母亲河。", {("长江", "LOC"), ("黄河", "LOC")}),
        ("探测器飞越太平洋上空。", {("太平洋", "LOC")}),
        ("苏联解体以后，南斯拉夫也分裂了。", {("苏联", "LOC"), ("南斯拉夫", "LOC")}),
        ("朝鲜族群众载歌载舞。", set()),  # an ethnic group, not the country
    ],
)
def test_ner_lexicon_places_inside_words_and_natural_features(seg, tagger, text, expected):
    got = _surfaces(text, lexicon_mentions(text, seg.fast_tag(text), tagger.gazetteer, seg.dictionary_tag))
    assert expected <= got, got
    if not expected:
        assert not any(t == "LOC" for _, t in got), got


def test_ner_tag_applies_the_conventions_end_to_end(tagger):
    text = "智利代表团访华期间，赵先生陪同参观了南京大学。"
    got = _surfaces(text, tagger.tag(text))
    assert {("智利代表团", "ORG"), ("华", "LOC"), ("赵", "PER"), ("南京大学", "ORG")} <= got
    assert ("智利", "LOC") not in got
