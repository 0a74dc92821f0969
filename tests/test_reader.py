"""The read stage: splitting pages, OCR repair, datelines, dates, sentences, inputs."""

from __future__ import annotations

import json
import re

import pytest

from kg.errors import BinaryInput, DecodeError, EmptyInput, InputNotFound, NoInputFiles, RecordError
from kg.reader import ReadOptions, parse_date, read, read_text
from kg.reader.byline import parse_byline, parse_credit, parse_dateline, parse_marker
from kg.reader.sentences import split_sentences
from tests.helpers import SEED, page


def _read(text: str, seg, **options):
    return list(read_text(text, "page.txt", ReadOptions(**options), segmenter=seg))


# --- the seed page -------------------------------------------------------------------

SEED_HEADLINES = [
    "我国制造业总体规模连续15年保持全球第一",
    "“重温经典”频道今年再推236部佳作",
    "公共数据资源开发利用实施细则出台",
    "可见光图像下火场火线自动提取技术获突破",
    None,  # 人社部 report: printed with a dateline but no headline
    "首个棉花纤维起始发育单细胞时空组学图谱发布",
    None,  # （上接第一版） the continuation of a 新华社 front-page report
]


def test_read_seed_finds_seven_articles_with_headlines(seed_articles):
    assert [a.title for a in seed_articles] == SEED_HEADLINES
    assert seed_articles[0].kicker == "工业和信息化部："


def test_read_seed_reporters_and_roles(seed_articles):
    got = [[(r.name, r.role) for r in a.reporters] for a in seed_articles]
    assert got == [
        [("崔爽", "记者")],
        [("马爱平", "记者")],
        [("刘园园", "记者")],
        [("谢开飞", "记者"), ("陈思喜", "通讯员")],
        [("吴叶凡", "记者")],
        [("李禾", "记者")],
        [("黄玥", "记者"), ("董博婷", "记者"), ("王玉玉", "记者")],
    ]


def test_read_seed_metadata(seed_articles):
    fire = seed_articles[3]
    assert (fire.source, fire.place, fire.date) == ("科技日报", "福州", "2025-01-21")
    xinhua = seed_articles[6]
    assert (xinhua.source, xinhua.place, xinhua.date, xinhua.continued_from) == ("新华社", "北京", "2025-01-21", "第一版")
    assert "上接第一版" not in xinhua.text
    assert xinhua.text.endswith("（新华社北京1月21日电 新华社记者黄玥 董博婷 王玉玉）")
    last = xinhua.credit_spans[-1]
    assert xinhua.text[last.start : last.end].startswith("（新华社")


def test_read_seed_reassembles_interleaved_columns(seed_articles):
    fire, data = seed_articles[3], seed_articles[2]
    assert "研究人员通过黑龙江帽儿山实验林场" in fire.text
    assert "是推动公共数据资源价值有序释放的重要保障" in data.text
    assert "授权运营价格形成机制的通知》聚焦" in data.text
    assert "公共数据" not in fire.text  # no fragment of the data-policy article left behind
    assert "火线" not in data.text
    moves = [(r.left[-1], r.right[0]) for a in seed_articles for r in a.repairs if r.kind == "move"]
    assert sorted(moves) == [("价", "值"), ("黑", "龙")]


def test_read_seed_adjacent_joins_insert_nothing(seed_articles):
    first = seed_articles[0]
    assert "全国科技和创新型企业数量超过60万家" in first.text
    assert "累计达到33家" in first.text and "物联网等领域" in first.text
    # The truncated last paragraph of the 重温经典 report has no continuation on this page.
    assert seed_articles[1].text.endswith("激励广大创作者积极创作更多新时代")


def test_read_seed_no_article_holds_another_articles_sentence(seed_articles):
    owners = {}
    for a in seed_articles:
        for s in a.sentences:
            owners.setdefault(s.text, set()).add(a.id)
    assert all(len(ids) == 1 for ids in owners.values())


def test_read_seed_offsets_exact(seed_articles):
    for a in seed_articles:
        for s in a.sentences:
            assert a.text[s.start : s.end] == s.text
        if a.title_span:
            assert a.text[a.title_span.start : a.title_span.end] == a.title
        if a.dateline_span:
            assert a.text[a.dateline_span.start : a.dateline_span.end].endswith(("）", "讯"))


def test_read_article_ids_stable_and_distinct(seed_articles, seg):
    again = _read(SEED.read_text(encoding="utf-8"), seg, date="2025-01-22")
    assert [a.id for a in again] == [a.id for a in seed_articles]
    assert len({a.id for a in seed_articles}) == 7


# --- splitting rules on pages we compose ---------------------------------------------

def test_read_kicker_then_headline_is_one_article(seg):
    text = page("## 国家能源局：", "# 今年风电装机容量再创新高", "人民日报北京3月5日电（记者赵明）国家能源局5日发布数据。")
    [a] = _read(text, seg, year=2023)
    assert (a.kicker, a.title, a.source, a.date) == ("国家能源局：", "今年风电装机容量再创新高", "人民日报", "2023-03-05")


def test_read_long_heading_with_colon_is_not_a_kicker(seg):
    text = page("## 这是一条很长的标题它以冒号结尾但有二十多个字那么长：", "# 第二条标题", "正文一句。")
    arts = _read(text, seg)
    assert arts[0].kicker is None


def test_read_subheadings_stay_inside_article(seg):
    text = page("# 主标题", "第一段正文。", "### 小标题", "第二段正文。", "## 另一篇报道", "另一篇的正文。")
    arts = _read(text, seg)
    assert [a.title for a in arts] == ["主标题", "另一篇报道"]
    assert "小标题\n第二段正文。" in arts[0].text


def test_read_second_dateline_starts_new_article(seg):
    text = page(
        "# 标题甲",
        "光明日报上海6月2日电（记者孙立）上海市今天发布了新的人才政策。",
        "该政策自7月起施行。",
        "光明日报广州6月2日电（记者钱芳 通讯员周涛）广东省科技厅发布年度报告。",
    )
    arts = _read(text, seg, year=2022)
    assert [a.title for a in arts] == ["标题甲", None]
    assert [a.place for a in arts] == ["上海", "广州"]
    assert [[r.name for r in a.reporters] for a in arts] == [["孙立"], ["钱芳", "周涛"]]
    assert "该政策自7月起施行" in arts[0].text


def test_read_first_dateline_after_heading_does_not_split(seg):
    text = page("# 标题乙", "经济日报北京5月1日电（记者吴刚）财政部发布通知。")
    [a] = _read(text, seg)
    assert a.title == "标题乙" and a.reporters[0].name == "吴刚"
    assert a.date == "--05-01"  # no year known: month-day only, nothing invented


def test_read_continuation_markers_recorded_not_kept(seg):
    text = page("# 甲报道", "正文第一句。", "（下转第三版）", "（上接第二版）", "前文继续说明了具体措施。")
    arts = _read(text, seg)
    assert arts[0].continued_to == "第三版" and arts[1].continued_from == "第二版"
    assert all("版）" not in a.text for a in arts)


def test_read_signoff_belongs_to_the_article_it_ends(seg):
    text = page("# 乙报道", "国务院常务会议研究部署了相关工作。", "（中新社北京4月9日电 记者刘洋 陈晨）", "## 下一篇", "下一篇正文。")
    arts = _read(text, seg, date="2024-04-10")
    first = arts[0]
    assert [r.name for r in first.reporters] == ["刘洋", "陈晨"]
    assert (first.source, first.place, first.date) == ("中新社", "北京", "2024-04-09")
    assert arts[1].reporters == ()


# --- OCR repair on pages we compose ---------------------------------------------------

def test_read_adjacent_fragment_joined_without_inserting(seg):
    text = page("# 标题", "农业农村部表示，今年将继续加大对粮食主产区的支持力度，推动农业科技", "成果在更大范围推广应用。")
    [a] = _read(text, seg)
    assert "推动农业科技成果在更大范围推广应用。" in a.text
    assert [r.kind for r in a.repairs] == ["join"]


def test_read_interleaved_fragments_moved_to_their_articles(seg):
    # Article one stops at 转|化; its continuation is printed inside article two, which
    # itself stops at 江|苏 and continues after the intruding paragraphs.
    text = page(
        "## 高校科研经费持续增长",
        "光明日报北京3月2日电（记者王晓东）记者从教育部获悉，2023年全国高校科研经费稳步增长，高校承担的国家重点研发计划项目数量创历史新高。",
        "教育部有关负责人表示，下一步将深化高校科研评价改革，完善成果转化激励机制，推动更多高校科研成果转",
        "## 新型电池材料研制成功",
        "新华社南京3月1日电（记者周敏）南京一家研究院的科研团队研制出一种新型固态电池材料，电池能量密度和循环寿命明显提升。",
        "为了验证这种电池材料的性能，研究团队在江",
        "化为现实生产力，服务高校所在地区的经济社会发展。”该负责人说。",
        "教育部还将加强高校科研经费管理，确保科研经费用于科研创新。",
        "苏省常州市的电池工厂开展了中试生产，电池材料的各项性能指标达到设计要求。",
        "研究团队表示，这种电池材料有望在新能源汽车领域得到应用。",
    )
    edu, battery = _read(text, seg)
    assert "推动更多高校科研成果转化为现实生产力" in edu.text
    assert "教育部还将加强高校科研经费管理" in edu.text
    assert "研究团队在江苏省常州市的电池工厂" in battery.text
    assert "教育部" not in battery.text
    assert sorted(r.kind for r in edu.repairs + battery.repairs) == ["move", "move"]
    why = {r.reason for r in battery.repairs}
    assert any("江苏" in reason for reason in why)


def test_read_truncated_fragment_without_continuation_left_alone(seg):
    text = page("# 标题", "该频道发挥示范引领作用，激励广大创作者积极创作更多新时代", "## 另一篇", "科技部发布了年度报告，报告显示科技投入持续增长。")
    arts = _read(text, seg)
    assert arts[0].text.endswith("更多新时代") and arts[0].repairs == ()


def test_read_next_paragraph_preferred_over_distant_word_match(seg):
    # 科技 + 馆 would make 科技馆, but nothing else claims the next paragraph: keep the flow.
    text = page(
        "# 标题",
        "目前，全市已建成各类创新平台超过三百个，累计培育高新技术企业和全国科技",
        "型中小企业两千余家，创新活力持续增强。",
        "馆藏文物的数字化工作也在有序推进之中，已完成三万余件文物的数字化采集。",
    )
    [a] = _read(text, seg)
    assert "全国科技型中小企业两千余家" in a.text
    assert "\n馆藏文物" in a.text


def test_read_short_unpunctuated_line_not_glued_to_next(seg):
    text = page("# 标题", "一图读懂", "国务院新闻办公室今天举行新闻发布会。")
    [a] = _read(text, seg)
    assert "一图读懂\n国务院新闻办公室" in a.text


def test_read_continuation_opening_with_punctuation_joined(seg):
    text = page("# 标题", "会议强调，要统筹推进科技创新、产业创新和体制机制创新", "，加快形成新质生产力。")
    [a] = _read(text, seg)
    assert "体制机制创新，加快形成新质生产力。" in a.text


# --- datelines, bylines, markers ------------------------------------------------------

@pytest.mark.parametrize(
    ("text", "outlet", "place", "month", "day", "reporters"),
    [
        ("科技日报北京1月21日电（记者吴叶凡）21日，记者从", "科技日报", "北京", 1, 21, [("吴叶凡", "记者")]),
        ("新华社北京9月8日电(记者喻菲 李宓 全晓书)国务院", "新华社", "北京", 9, 8, [("喻菲", "记者"), ("李宓", "记者"), ("全晓书", "记者")]),
        ("科技日报讯（记者刘园园）1月20日晚", "科技日报", None, None, None, [("刘园园", "记者")]),
        ("本报杭州12月3日电（记者 沈洁、何川）浙江", "本报", "杭州", 12, 3, [("沈洁", "记者"), ("何川", "记者")]),
        ("人民网乌鲁木齐10月9日电（实习生马丽 记者郑伟）", "人民网", "乌鲁木齐", 10, 9, [("马丽", "实习生"), ("郑伟", "记者")]),
        ("新华网北京12月28日电国务院新闻办公室28日", "新华网", "北京", 12, 28, []),
        ("本报北京21日电 商务部今天表示", "本报", "北京", None, 21, []),
    ],
)
def test_read_dateline_forms(text, outlet, place, month, day, reporters):
    d = parse_dateline(text)
    assert d is not None
    assert (d.outlet, d.place, d.month, d.day) == (outlet, place, month, day)
    assert [(r.name, r.role) for r in d.reporters] == reporters


@pytest.mark.parametrize("text", ["北京时间1月21日，国务院发布", "21日，记者从福州大学获悉", "新华社记者从国家统计局获悉"])
def test_read_not_a_dateline(text):
    assert parse_dateline(text) is None


def test_read_byline_outlet_prefix_and_roles():
    rs = parse_byline("新华社记者黄玥 董博婷 通讯员陈三")
    assert [(r.name, r.role, r.outlet) for r in rs] == [("黄玥", "记者", "新华社"), ("董博婷", "记者", "新华社"), ("陈三", "通讯员", "新华社")]
    assert parse_byline("图") == ()
    assert parse_byline("完") == ()


def test_read_signoff_and_markers():
    s = parse_credit("（新华社北京1月21日电 新华社记者黄玥 董博婷 王玉玉）")
    assert (s.outlet, s.place, s.month, s.day, len(s.reporters)) == ("新华社", "北京", 1, 21, 3)
    assert parse_credit("（记者 许晴）").reporters[0].name == "许晴"
    assert parse_credit("（完）") is None
    assert parse_credit("（图片来源：网络）") is None
    assert parse_marker("（上接第一版）") == ("from", "第一版")
    assert parse_marker("（下转第4版）") == ("to", "第4版")
    assert parse_marker("（上接第一版）正文") is None


@pytest.mark.parametrize(
    ("line", "outlet", "place", "names"),
    [
        ("（健康时报上海 记者李娜）", "健康时报", "上海", ["李娜"]),
        ("(新京报 记者 赵强 实习生 钱多多)", "新京报", None, ["赵强", "钱多多"]),
        ("记者:周明、吴霞、郑凯", None, None, ["周明", "吴霞", "郑凯"]),
        ("（责任编辑：孙华）", None, None, []),
        ("(责编 刘一)", None, None, []),
    ],
)
def test_read_credit_lines(line, outlet, place, names):
    c = parse_credit(line)
    assert c is not None
    assert (c.outlet, c.place, [r.name for r in c.reporters]) == (outlet, place, names)


@pytest.mark.parametrize("line", ["记者从教育部获悉，今年招生计划有所增加。", "新华社音视频部制作", "（图为会议现场）"])
def test_read_not_a_credit_line(line):
    assert parse_credit(line) is None


def test_read_credit_lines_feed_reporters_not_editors(seg):
    text = page("# 卫生健康委发布会", "（健康时报北京 记者李娜）", "国家卫生健康委今天召开新闻发布会。", "记者:周明、吴霞", "（责任编辑：孙华）")
    [a] = _read(text, seg)
    assert [r.name for r in a.reporters] == ["李娜", "周明", "吴霞"]
    assert a.source == "健康时报" and a.place == "北京"
    assert len(a.credit_spans) == 3


def test_read_jsonl_dateline_after_repeated_headline(tmp_path, seg):
    row = {"title": "海关总署公布数据", "date": "2023-05-09", "text": "海关总署 公布数据 新华网北京5月9日电海关总署9日公布前4个月进出口数据。"}
    path = tmp_path / "a.jsonl"
    path.write_text(json.dumps(row, ensure_ascii=False), encoding="utf-8")
    [a] = list(read(path, segmenter=seg))
    assert (a.source, a.place, a.date) == ("新华网", "北京", "2023-05-09")
    assert a.text[a.dateline_span.start : a.dateline_span.end] == "新华网北京5月9日电"


@pytest.mark.parametrize(
    ("meta", "dateline", "expected"),
    [
        (dict(date="2025-01-22"), "1月21日", "2025-01-21"),
        (dict(date="2025-01-02"), "12月31日", "2024-12-31"),  # a December dateline on a January page
        (dict(year=2019), "3月8日", "2019-03-08"),
        (dict(), "3月8日", "--03-08"),
    ],
)
def test_read_dateline_year(seg, meta, dateline, expected):
    [a] = _read(page("# 题", f"新华社北京{dateline}电（记者李明）国务院发布通知。"), seg, **meta)
    assert a.date == expected


def test_read_parse_date_lenient():
    assert parse_date("2025-01-22") == (2025, 1, 22)
    assert parse_date("2024-10 (approx.)") == (2024, 10, None)
    assert parse_date("2026-02/03 (approx.)") == (2026, 2, None)
    assert parse_date("2020年5月2日") == (2020, 5, 2)
    assert parse_date("") == (None, None, None)


# --- sentences ------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("他说：“今年要加快发展。”随后离开。", ["他说：“今年要加快发展。”", "随后离开。"]),
        ("增长5.8%。真的吗？！是的", ["增长5.8%。", "真的吗？！", "是的"]),
        ("标题\n第一句。第二句！", ["标题", "第一句。", "第二句！"]),
        ("“重温经典”频道播出。", ["“重温经典”频道播出。"]),
        ("Half-width works too! Really? Yes.", ["Half-width works too!", "Really?", "Yes."]),
    ],
)
def test_read_sentences(text, expected):
    got = split_sentences(text)
    assert [s.text for s in got] == expected
    assert all(text[s.start : s.end] == s.text for s in got)


# --- formats and encodings ------------------------------------------------------------

SAMPLE = page("# 科技部发布通知", "科技日报北京2月3日电（记者陈宇）科技部3日发布《关于加强科技伦理治理的通知》。")


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030", "gbk", "utf-16", "utf-16-le-bom", "utf-16-be-bom", "big5"])
def test_read_encodings_detected(tmp_path, seg, encoding):
    text = SAMPLE
    if encoding == "big5":
        text = page("# 科技部發布通知", "科技日報北京2月3日電（記者陳宇）科技部3日發布關於加強科技倫理治理的通知，要求各地各部門認真貫徹落實。")
    if encoding.endswith("-bom"):
        codec = encoding[: -len("-bom")]
        bom = b"\xff\xfe" if codec.endswith("le") else b"\xfe\xff"
        data = bom + text.encode(codec)
    else:
        data = text.encode(encoding)
    path = tmp_path / "page.dat"
    path.write_bytes(data)
    [a] = list(read(path, ReadOptions(year=2024), segmenter=seg))
    assert a.title == text.split("\n")[0][2:]
    assert a.reporters[0].name in ("陈宇", "陳宇")


def test_read_full_width_punctuation_kept_offsets_exact(seg):
    text = page("# 标题", "科技部（ＭＯＳＴ）发布通知：今年投入１２００亿元。下一句。")
    [a] = _read(text, seg)
    assert "（ＭＯＳＴ）" in a.text and "１２００" in a.text
    assert all(a.text[s.start : s.end] == s.text for s in a.sentences)


def test_read_jsonl_records(tmp_path, seg):
    rows = [
        {"id": "x1", "title": "国家统计局发布数据", "date": "2024-07-15", "source": "某网站", "url": "http://example.org/1", "text": "新华社北京7月15日电（记者韩洁）国家统计局15日发布数据。"},
        {"title": "无日期的稿件", "body": "工业和信息化部召开会议。"},
        {"title": "内容字段", "content": "教育部发布通知。", "date": "2019/2020"},
    ]
    path = tmp_path / "a.jsonl"
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n", encoding="utf-8")
    arts = list(read(path, segmenter=seg))
    assert [a.title for a in arts] == ["国家统计局发布数据", "无日期的稿件", "内容字段"]
    assert (arts[0].date, arts[0].source, arts[0].url, arts[0].source_id, arts[0].line) == ("2024-07-15", "新华社", "http://example.org/1", "x1", 1)
    assert arts[1].date is None and arts[2].line == 3
    assert arts[0].text.startswith("国家统计局发布数据\n新华社北京")


def test_read_jsonl_detected_by_content_not_name(tmp_path, seg):
    path = tmp_path / "feed.txt"
    path.write_text(json.dumps({"title": "题", "text": "正文。"}, ensure_ascii=False) + "\n", encoding="utf-8")
    [a] = list(read(path, segmenter=seg))
    assert a.title == "题"


def test_read_directory_recursive_and_stdin(tmp_path, seg):
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.md").write_text(page("# 乙", "乙文。"), encoding="utf-8")
    (tmp_path / "a.txt").write_text(page("# 甲", "甲文。"), encoding="utf-8")
    (tmp_path / "image.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    assert [a.title for a in read(tmp_path, segmenter=seg)] == ["甲", "乙"]
    [a] = list(read("-", segmenter=seg, stdin=page("# 丙", "丙文。").encode("gb18030")))
    assert a.title == "丙"


# --- bad input ------------------------------------------------------------------------

def test_read_missing_path(tmp_path, seg):
    with pytest.raises(InputNotFound, match="nope.txt: no such file"):
        list(read(tmp_path / "nope.txt", segmenter=seg))


def test_read_directory_without_text_files(tmp_path, seg):
    (tmp_path / "x.png").write_bytes(b"\x89PNG")
    with pytest.raises(NoInputFiles, match="holds no readable files"):
        list(read(tmp_path, segmenter=seg))


@pytest.mark.parametrize(
    ("data", "error", "message"),
    [
        (b"", EmptyInput, "empty"),
        (b"\n  \n", EmptyInput, "empty"),
        (b"\x89PNG\r\n\x1a\n" + bytes(100), BinaryInput, "PNG"),
        (bytes(range(256)) * 8, BinaryInput, "binary"),
        (b"%PDF-1.7\n", BinaryInput, "PDF"),
    ],
)
def test_read_bad_files(tmp_path, seg, data, error, message):
    path = tmp_path / "bad.txt"
    path.write_bytes(data)
    with pytest.raises(error, match=message) as info:
        list(read(path, segmenter=seg))
    assert str(path) in str(info.value)


def test_read_undecodable_bom(tmp_path, seg):
    path = tmp_path / "bad.txt"
    path.write_bytes(b"\xef\xbb\xbf" + "科技".encode("gb18030") + b"\xff\xfe\xfd")
    with pytest.raises(DecodeError, match="utf-8-sig"):
        list(read(path, segmenter=seg))


def test_read_bad_jsonl_line_warned_and_skipped(tmp_path, seg):
    path = tmp_path / "a.jsonl"
    path.write_text('{"title": "好", "text": "正文。"}\n{"title": 坏}\n{"title": "无正文"}\n[1, 2]\n', encoding="utf-8")
    problems = []
    arts = list(read(path, segmenter=seg, on_problem=problems.append))
    assert [a.title for a in arts] == ["好"]
    assert [(p.line, type(p)) for p in problems] == [(2, RecordError), (3, RecordError), (4, RecordError)]
    assert "not valid JSON" in str(problems[0]) and f"{path}:2" in str(problems[0])
    assert "has no text" in str(problems[1])
    assert "expected a JSON object" in str(problems[2])


def test_read_jsonl_with_only_bad_lines_is_fatal(tmp_path, seg):
    path = tmp_path / "a.jsonl"
    path.write_text('{"title": 1}\n{oops\n', encoding="utf-8")
    with pytest.raises(RecordError, match="no usable record"):
        list(read(path, segmenter=seg, on_problem=lambda e: None))


def test_read_bad_file_inside_directory_skipped(tmp_path, seg):
    (tmp_path / "good.txt").write_text(page("# 好", "好文。"), encoding="utf-8")
    (tmp_path / "empty.txt").write_bytes(b"")
    problems = []
    arts = list(read(tmp_path, segmenter=seg, on_problem=problems.append))
    assert [a.title for a in arts] == ["好"]
    assert len(problems) == 1 and "empty.txt" in str(problems[0])


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ('{"title": "深", "text": "正文。", "x": ' + "[" * 100_000 + "]" * 100_000 + "}", "nested too deeply"),
        ('{"title": "坏", "text": "国务院\\ud800发布通知。"}', r"field 'text' holds a lone surrogate \(\\ud800 at character 3\)"),
        ('{"title": "\\udfff", "text": "正文。"}', "field 'title' holds a lone surrogate"),
    ],
)
@pytest.mark.parametrize("first", [False, True])
def test_read_odd_jsonl_record_skipped_with_file_and_line(tmp_path, seg, line, message, first):
    """A record json.loads cannot take (too deep) or whose strings are no Unicode (a lone
    surrogate escape) is one bad record, first line or not: warned with file and line, skipped."""
    good = json.dumps({"title": "好", "text": "国务院发布通知。"}, ensure_ascii=False)
    lines = [line, good] if first else [good, line, good]
    path = tmp_path / "odd.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    problems = []
    arts = list(read(path, segmenter=seg, on_problem=problems.append))
    assert [a.title for a in arts] == ["好"] * (len(lines) - 1)
    bad_line = 1 if first else 2
    assert [(type(p), p.line) for p in problems] == [(RecordError, bad_line)]
    assert re.search(message, str(problems[0])) and str(problems[0]).startswith(f"{path}:{bad_line}: ")


# --- big input --------------------------------------------------------------------------

_PROSE = "国家数据局发布公共数据资源登记管理暂行办法，明确登记主体和程序。工业和信息化部表示，我国制造业总体规模连续保持全球第一！"


def test_read_first_line_longer_than_the_sniffed_head_is_utf8(tmp_path, seg):
    """The encoding is sniffed on the first MiB, cut after a whole line; a first line longer
    than that used to be cut inside a character and the file called "not UTF-8"."""
    line = _PROSE * (1_300_000 // len(_PROSE.encode()) + 1)  # 1.3 MB of UTF-8 in one line
    path = tmp_path / "long.txt"
    path.write_text(line + "\n", encoding="utf-8")
    assert path.stat().st_size > (1 << 20)
    arts = list(read(path, segmenter=seg))
    assert "".join(a.text for a in arts) == line  # every character read once, in order
    assert all(a.text[s.start : s.end] == s.text for a in arts for s in a.sentences)


def test_read_unpunctuated_run_is_cut_into_bounded_sentences(seg):
    """Extraction works sentence by sentence, and its cost grows faster than a sentence's
    length: a run without 。！？ is cut into pieces of at most MAX_SENTENCE characters,
    after a clause mark where there is one, offsets exact."""
    from kg.reader.sentences import MAX_SENTENCE

    run = "国家数据局发布公共数据资源登记管理暂行办法" * 1000  # 21,000 characters, no punctuation
    clauses = "，".join(["工业和信息化部召开新闻发布会介绍工业经济运行情况"] * 300)
    [a] = _read(page("# 标题", run, clauses + "。"), seg)
    body = [s for s in a.sentences if s.start > len("标题")]
    assert all(0 < len(s.text) <= MAX_SENTENCE and a.text[s.start : s.end] == s.text for s in body)
    assert "".join(s.text for s in body) == run + clauses + "。"
    assert all(s.text.endswith(("，", "。")) for s in body if s.start > len(run))  # cut after a clause


@pytest.mark.parametrize(
    ("text", "limit", "cuts"),
    [
        ("甲乙丙丁戊己庚辛", 3, [3, 6]),  # no break: cut at the limit
        ("甲乙，丙丁戊己庚", 4, [3, 7]),  # after the clause mark in the window's second half
        ("甲，乙丙丁戊己庚", 4, [4]),  # a mark in the first half would make too short a piece
    ],
)
def test_read_cut_points(text, limit, cuts):
    from kg.reader.sentences import cut_points

    assert list(cut_points(text, 0, len(text), limit, ["，"])) == cuts


def test_read_long_jsonl_text_is_cut_into_articles_with_its_metadata(tmp_path, seg, monkeypatch):
    import kg.reader

    monkeypatch.setattr(kg.reader, "PIECE_CHARS", 200)
    body = "\n".join(f"第{i}段" + _PROSE * 2 for i in range(6))  # 6 paragraphs of 121 characters
    path = tmp_path / "a.jsonl"
    path.write_text(json.dumps({"title": "长文", "date": "2025-01-22", "text": body}, ensure_ascii=False) + "\n", encoding="utf-8")
    arts = list(read(path, segmenter=seg))
    assert len(arts) > 1 and {(a.title, a.date, a.line) for a in arts} == {("长文", "2025-01-22", 1)}
    assert "\n".join(a.text.split("\n", 1)[1] for a in arts) == body  # cut between paragraphs
    assert len({a.id for a in arts}) == len(arts)
