"""Extraction rules on sentences written for these tests (names, order and wording varied).

Each rule is tested away from the seed page: other ministries, people, journals and
sentence shapes, so that a rule fitted to the seed's sentences would fail here.
"""

from __future__ import annotations

import pytest

from kg.extraction import extract
from kg.reader import ReadOptions, read_text


def _extract(*paragraphs: str, title: str = "测试稿件", year: int | None = 2024):
    text = f"# {title}\n\n" + "\n\n".join(paragraphs) + "\n"
    [article] = list(read_text(text, "test.txt", ReadOptions(year=year)))
    return extract(article)


def _triples(ex, predicate: str) -> set[tuple[str, str]]:
    labels = {e.id: e.label for e in ex.entities}
    return {(labels.get(r.subject, r.subject), labels[r.object]) for r in ex.relations if r.predicate == predicate}


def _posts(ex) -> set[tuple[str, str | None, str]]:
    labels = {e.id: e.label for e in ex.entities}
    return {(labels[p.person], labels.get(p.organization) if p.organization else None, p.title) for p in ex.posts}


def _labels(ex, type_: str) -> set[str]:
    return {e.label for e in ex.entities if e.type == type_}


# --- posts -------------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("交通运输部副部长李明华出席会议并讲话。", {("李明华", "交通运输部", "副部长")}),
        ("会上，生态环境部党组成员、副部长郭建新介绍了有关情况。", {("郭建新", "生态环境部", "党组成员、副部长")}),
        # two posts in two bodies, separated by a comma
        ("中央网信办副主任，国家数据局党组书记、局长周文涛指出，要加快数据基础设施建设。",
         {("周文涛", "中央网络安全和信息化委员会办公室", "副主任"), ("周文涛", "国家数据局", "党组书记、局长")}),
        # a unit named without its parent belongs to the body before it in the chain
        ("海关总署新闻发言人、统计分析司司长吕丹阳表示，前三季度进出口保持增长。",
         {("吕丹阳", "海关总署", "新闻发言人"), ("吕丹阳", "海关总署统计分析司", "司长")}),
        # names listed after one title share it
        ("科学技术部副部长陈嘉明、林书平出席发布会。", {("陈嘉明", "科学技术部", "副部长"), ("林书平", "科学技术部", "副部长")}),
    ],
)
def test_extract_posts(sentence, expected):
    assert expected <= _posts(_extract(sentence))


def test_extract_post_org_is_also_affiliation():
    ex = _extract("财政部部长蓝卫东在会上作报告。")
    assert ("蓝卫东", "财政部", "部长") in _posts(ex)
    assert ("蓝卫东", "财政部") in _triples(ex, "leads")  # a head title heads the body


def test_extract_title_never_fused_into_a_name():
    ex = _extract("记者王丽从教育部获悉，教育部副部长孙建国出席活动。")
    people = _labels(ex, "Person")
    assert "孙建国" in people
    assert not any(p.startswith(("记者", "副部长", "部长")) for p in people)


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # 和 and 为 inside a given name, next to a title, with rare and common surnames
        ("自然资源部部长阴和俊在会上介绍了有关情况。", ("阴和俊", "自然资源部", "部长")),
        ("中国科学院上海有机化学研究所马大为研究员团队首次实现了高效合成。", ("马大为", "中国科学院上海有机化学研究所", "研究员")),
        ("复旦大学化学系教授吴为民说，这项工作历时五年。", ("吴为民", "复旦大学化学系", "教授")),
    ],
)
def test_extract_given_names_with_function_characters_beside_a_title(sentence, expected):
    assert expected in _posts(_extract(sentence))


def test_extract_function_words_after_a_title_are_not_names():
    ex = _extract("他被评为研究员后，部长和副部长都来了。", "会议由局长和秘书长主持。")
    assert _labels(ex, "Person") == set()


def test_extract_name_then_title_with_unit():
    ex = _extract("浙江大学医学院周海涛教授团队在《细胞》上发表了一项研究成果。")
    assert ("周海涛", "浙江大学医学院", "教授") in _posts(ex)
    assert ("周海涛", "周海涛教授团队") in _triples(ex, "leads")
    assert ("浙江大学医学院", "浙江大学") in _triples(ex, "partOf")


def test_extract_team_named_after_people():
    ex = _extract("中国科学院动物研究所周立新和韩子墨研究团队在《细胞》上发表论文。")
    assert {("周立新", "周立新和韩子墨研究团队"), ("韩子墨", "周立新和韩子墨研究团队")} <= _triples(ex, "leads")
    assert ("韩子墨", "中国科学院动物研究所") in _triples(ex, "affiliatedWith")
    ex = _extract("厦门大学化学化工学院洪晓峰团队研制出新型电池材料。")
    assert ("洪晓峰", "洪晓峰团队") in _triples(ex, "leads")


def test_extract_name_lists_after_an_institute():
    ex = _extract("由中科院化学所柯南、吕飞、孟庆丰、汪丽娟等组成的团队完成了实验。")
    assert {"柯南", "吕飞", "孟庆丰", "汪丽娟"} <= _labels(ex, "Person")
    assert ("孟庆丰", "中国科学院化学研究所") in _triples(ex, "affiliatedWith")


def test_extract_word_lists_are_not_names():
    ex = _extract("要推进强企、富民、兴业、安居等工作。")
    assert _labels(ex, "Person") == set()


# --- organizations and coreference ---------------------------------------------------------

def test_extract_nested_units_get_parent_names():
    ex = _extract("记者从中国农业科学院作物科学研究所获悉，该所水稻团队取得新进展。")
    assert "中国农业科学院作物科学研究所" in _labels(ex, "ResearchInstitution")
    assert ("中国农业科学院作物科学研究所", "中国农业科学院") in _triples(ex, "partOf")


def test_extract_abbreviated_academy_unit_expands():
    ex = _extract("中科院化学所的研究人员表示，该成果具有重要意义。")
    assert "中国科学院化学研究所" in _labels(ex, "ResearchInstitution")
    entity = next(e for e in ex.entities if e.label == "中国科学院化学研究所")
    assert "中科院化学所" in entity.aliases


def test_extract_gai_xiao_resolves_to_the_university():
    ex = _extract("近日，记者从复旦大学获悉，该校计算机科学技术学院一支团队研制出新型芯片。")
    assert "复旦大学计算机科学技术学院" in _labels(ex, "ResearchInstitution")
    assert ("复旦大学计算机科学技术学院", "复旦大学") in _triples(ex, "partOf")


def test_extract_coreference_never_resolves_to_the_wrong_kind():
    # 该所 must not point at a university, nor 该校 at an institute.
    ex = _extract("记者从清华大学获悉，该所研究人员开发了新算法。")
    assert not any("清华大学" in label and label != "清华大学" for label in _labels(ex, "ResearchInstitution"))
    ex = _extract("中国科学院半导体研究所发布消息，该校学生参与了项目。")
    assert _triples(ex, "partOf") <= {("中国科学院半导体研究所", "中国科学院")}


def test_extract_aliases_merge_to_canonical_names():
    a = _extract("工信部召开会议。")
    b = _extract("工业和信息化部召开会议。")
    ids_a = {e.id for e in a.entities if e.type == "GovernmentAgency"}
    ids_b = {e.id for e in b.entities if e.type == "GovernmentAgency"}
    assert ids_a == ids_b == {"org/工业和信息化部"}
    agency = next(e for e in a.entities if e.id == "org/工业和信息化部")
    assert "工信部" in agency.aliases


def test_extract_suffix_inside_an_everyday_word_names_nothing():
    ex = _extract("在完善科技创新体系方面，各地优化产业布局，加强干部队伍建设。", "这支科研团队很年轻。")
    assert not [e for e in ex.entities if e.type in ("ResearchInstitution", "GovernmentAgency", "ResearchTeam", "Organization")]
    ex = _extract("记者从武汉大学获悉，该校遥感信息工程学系的研究人员参加了测试。")
    assert ("武汉大学遥感信息工程学系", "武汉大学") in _triples(ex, "partOf")


def test_extract_generic_plural_is_not_an_organization():
    ex = _extract("今年新建5家国家级制造业创新中心，各地区生态环境局加强执法。")
    labels = {e.label for e in ex.entities}
    assert not any("创新中心" in x or "生态环境局" in x for x in labels)


def test_extract_place_in_a_body_name_is_where_it_is():
    ex = _extract("甘肃省气象局发布预警，浙江大学宁波研究院参与了项目，广东省深圳市南山区科技创新中心协办。")
    located = _triples(ex, "locatedIn")
    assert ("甘肃省气象局", "甘肃省") in located
    assert ("广东省深圳市南山区科技创新中心", "南山区") in located  # the innermost place
    assert not any(org == "中国科学院" for org, _ in located)


def test_extract_events_with_organizer_and_place():
    ex = _extract("国务院新闻办公室15日在北京举行新闻发布会。", "在10日举行的2024年全国能源工作会议上，有关负责人作了报告。")
    events = _labels(ex, "Event")
    assert "国务院新闻办公室新闻发布会" in events and "2024年全国能源工作会议" in events
    assert ("国务院新闻办公室新闻发布会", "国务院新闻办公室") in _triples(ex, "organizer")
    assert ("国务院新闻办公室新闻发布会", "北京市") in _triples(ex, "locatedIn")
    ex = _extract("会议强调要开好座谈会和论坛。")
    assert _labels(ex, "Event") == set()  # kinds of meetings, not named ones


def test_extract_gai_fuzeren_resolves_to_nobody():
    ex = _extract("财政部、税务总局联合印发《小微企业减税办法》。该负责人表示，办法将于下月实施。")
    assert not any(e.type == "Person" for e in ex.entities)
    assert not _triples(ex, "affiliatedWith")


# --- policies ---------------------------------------------------------------------------

def test_extract_issued_coordination_gives_every_pair():
    ex = _extract("科技部、教育部联合印发《关于加强科技伦理审查的指导意见》《科研诚信案件调查处理规则（试行）》，以及《关于弘扬科学家精神的若干措施》。")
    issued = _triples(ex, "issued")
    docs = {"关于加强科技伦理审查的指导意见", "科研诚信案件调查处理规则（试行）", "关于弘扬科学家精神的若干措施"}
    assert issued == {(org, doc) for org in ("科学技术部", "教育部") for doc in docs}


def test_extract_issued_passive_and_adverbs():
    ex = _extract("《网络数据安全管理条例》由国务院公布，自明年起施行。")
    assert ("国务院", "网络数据安全管理条例") in _triples(ex, "issued")
    ex = _extract("国家知识产权局近日正式发布《专利审查指南》。")
    assert ("国家知识产权局", "专利审查指南") in _triples(ex, "issued")


def test_extract_issued_only_what_the_verb_acts_on():
    ex = _extract("国务院办公厅印发《促进数字经济发展的实施方案》，要求各地认真落实《数据安全法》。")
    issued = _triples(ex, "issued")
    assert ("国务院办公厅", "促进数字经济发展的实施方案") in issued
    assert not any(doc == "数据安全法" for _, doc in issued)


def test_extract_document_header_names_its_issuers():
    ex = _extract("交通运输部办公厅 国家铁路局综合司关于做好春运安全工作的通知 交办运函〔2024〕5号")
    issued = _triples(ex, "issued")
    assert issued == {
        ("交通运输部办公厅", "关于做好春运安全工作的通知"),
        ("国家铁路局综合司", "关于做好春运安全工作的通知"),
    }


def test_extract_short_title_is_an_alias():
    ex = _extract("民政部印发《关于加强养老服务人才队伍建设的意见》（以下简称《意见》）。《意见》提出了五方面措施。")
    policies = {e.label: e for e in ex.entities if e.type == "Policy"}
    assert set(policies) == {"关于加强养老服务人才队伍建设的意见"}
    assert "意见" in policies["关于加强养老服务人才队伍建设的意见"].aliases


def test_extract_journal_versus_policy_by_context():
    ex = _extract("北京大学团队的研究成果发表在《自然·物理》上。市场监管总局发布《计量发展规划》。")
    assert "自然·物理" in _labels(ex, "Journal")
    assert "计量发展规划" in _labels(ex, "Policy")


def test_extract_journal_words_outside_brackets_need_context():
    ex = _extract("学校加强化学实验室安全管理，推动科学普及和创新发展。")
    assert _labels(ex, "Journal") == set()


# --- results ------------------------------------------------------------------------------

def test_extract_result_with_journal_in_the_same_sentence():
    ex = _extract("上海交通大学物理与天文学院张华教授团队首次实现了室温下的量子纠缠存储，成果在《科学》上发表。")
    results = _labels(ex, "ResearchResult")
    assert any("量子纠缠存储" in r for r in results)
    assert any(j == "科学" for _, j in _triples(ex, "publishedIn"))
    achievers = {who for who, _ in _triples(ex, "achieved")}
    assert {"上海交通大学物理与天文学院", "张华"} <= achievers


def test_extract_result_published_in_a_later_sentence():
    ex = _extract(
        "记者从武汉大学获悉，该校测绘学院研究团队研发了一种高精度卫星定位新算法。",
        "相关研究成果近日发表在国际期刊《自然·通讯》上。",
    )
    [(result, journal)] = _triples(ex, "publishedIn")
    assert journal == "自然·通讯" and "卫星定位新算法" in result
    assert ("武汉大学测绘学院", result) in _triples(ex, "achieved")


@pytest.mark.parametrize(
    "credit",
    ["本报记者 刘晓东/摄 ", "刘晓东 摄 ", "记者刘晓东 "],
)
def test_extract_the_papers_staff_achieve_nothing(credit):
    # A photo credit or a reporter before the sentence is the newspaper's, not the team's.
    ex = _extract("据悉，" + credit + "南京大学陈立新教授近日研制出一种新型固态电池电解质。")
    achievers = {who for who, _ in _triples(ex, "achieved")}
    assert "陈立新" in achievers
    assert "刘晓东" not in achievers


def test_extract_no_result_from_policy_talk():
    ex = _extract("国务院总理在会上提出明确要求：加快建设现代化产业体系。")
    assert _labels(ex, "ResearchResult") == set()


# --- indicators ---------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("sentence", "what", "value", "unit", "period"),
    [
        ("2023年，全国高速铁路营业里程达到4.5万公里。", "高速铁路营业里程", "45000", "万公里", "2023"),
        ("今年前三季度，规模以上工业增加值同比增长4.8%。", "规模以上工业增加值", "4.8", "%", None),
        ("截至2022年底，全国充电基础设施累计数量超过520万台。", "充电基础设施累计数量", "5200000", "万台", "2022"),
    ],
)
def test_extract_indicators(sentence, what, value, unit, period):
    ex = _extract(sentence)
    got = {(i.what, i.value, i.unit, i.period) for i in ex.indicators}
    assert (what, value, unit, period) in got


def test_extract_indicator_reported_by_a_speaking_official_or_the_kicker():
    ex = _extract("国家能源局新能源司司长李卫东介绍，全国风电装机容量达到4.4亿千瓦。")
    [ind] = ex.indicators
    assert ind.reported_by == "org/国家能源局新能源司"
    assert (ind.what, ind.written) == ("全国风电装机容量".removeprefix("全国"), "达到4.4亿千瓦")
    text = "## 国家统计局：\n\n# 粮食生产再获丰收\n\n全国粮食播种面积达到17.9亿亩。\n"
    [article] = list(read_text(text, "k.txt", ReadOptions(year=2024)))
    [ind] = extract(article).indicators
    assert ind.reported_by == "org/国家统计局"


def test_extract_indicator_needs_a_measured_thing():
    ex = _extract("系统累计汇集超过2900万条评审数据。")
    assert ex.indicators == ()


def test_extract_indicator_reported_by_speaker():
    ex = _extract("国家统计局数据显示，2023年全国粮食总产量达到6.95亿吨。")
    [ind] = ex.indicators
    assert ind.reported_by == "org/国家统计局"
    assert (ind.what, ind.value, ind.unit) == ("粮食总产量", "695000000", "亿吨")


# --- evidence -----------------------------------------------------------------------------

def test_extract_every_relation_has_exact_evidence():
    ex = _extract("自然资源部、农业农村部联合印发《耕地保护专项规划》。", "海关总署副署长王令俊出席。")
    assert ex.relations
    text = ex.article.text
    for rel in ex.relations:
        ev = rel.evidence
        assert ev.sentence in text
        assert 0 <= ev.start < ev.end <= len(text)
        assert 0 < rel.confidence <= 1 and rel.extractor
    for m in ex.mentions:
        assert text[m.start : m.end] == m.text


def test_extract_ids_are_deterministic():
    a = _extract("审计署副审计长王雅琴出席会议。")
    b = _extract("审计署副审计长王雅琴出席会议。")
    assert [e.id for e in a.entities] == [e.id for e in b.entities]
    assert a.relations == b.relations


# --- the shapes issue 11 named, end to end, on sentences written for these tests ---------------

def _pairs(ex, predicate: str) -> set[tuple[str, str]]:
    return _triples(ex, predicate)


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # 等N部门联合印发
        ("文化和旅游部、财政部、自然资源部等4部门近日联合印发《关于推动乡村旅游提质增效的指导意见》，提出多项举措。",
         {("文化和旅游部", "关于推动乡村旅游提质增效的指导意见"), ("财政部", "关于推动乡村旅游提质增效的指导意见"), ("自然资源部", "关于推动乡村旅游提质增效的指导意见")}),
        ("民政部等五部门联合印发《养老服务人才队伍建设行动方案》。", {("民政部", "养老服务人才队伍建设行动方案")}),
        # a date between issuer and verb
        ("海关总署3月2日正式发布《跨境电子商务零售进口商品清单（2025年版）》。", {("海关总署", "跨境电子商务零售进口商品清单（2025年版）")}),
        # A联合B、C印发; A会同B…制定并发布
        ("国家药监局联合国家卫生健康委、国家医保局印发《医疗器械临床使用管理办法》。",
         {("国家药品监督管理局", "医疗器械临床使用管理办法"), ("国家卫生健康委员会", "医疗器械临床使用管理办法"), ("国家医疗保障局", "医疗器械临床使用管理办法")}),
        ("司法部会同国家发展改革委研究制定并发布了《行政复议案件办理规定》。", {("司法部", "行政复议案件办理规定"), ("国家发展和改革委员会", "行政复议案件办理规定")}),
        # 《A》和《B》已于…由…发布
        ("《城市更新实施办法》和《老旧小区改造技术导则》已于近日由住房城乡建设部正式发布。",
         {("住房和城乡建设部", "城市更新实施办法"), ("住房和城乡建设部", "老旧小区改造技术导则")}),
        # an approval phrase first
        ("经国务院同意，国家发展改革委、财政部近日印发《关于完善政府投资项目管理的通知》。",
         {("国家发展和改革委员会", "关于完善政府投资项目管理的通知"), ("财政部", "关于完善政府投资项目管理的通知")}),
    ],
)
def test_extract_issued_shapes(sentence, expected):
    assert _pairs(_extract(sentence), "issued") == expected


@pytest.mark.parametrize(
    "sentence",
    [
        "记者从工业和信息化部获悉，工业和信息化部将于近期发布《工业互联网平台发展指南》。",
        "国家发展改革委将出台《关于促进民营经济发展的若干措施》。",
        "《网络安全审查办法》日前正式发布，自发布之日起施行。",
    ],
)
def test_extract_issued_needs_a_past_act_and_an_issuer(sentence):
    assert _pairs(_extract(sentence), "issued") == set()


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # a title before the name inside a team
        ("浙江大学光电科学与工程学院教授邱文博团队研制出一种新型光纤传感器。", ("邱文博", "浙江大学光电科学与工程学院", "教授")),
        # a name, then its post (apposition)
        ("会议由他主持。田志远，国家市场监督管理总局法规司副司长，长期从事竞争政策研究。", ("田志远", "国家市场监督管理总局法规司", "副司长")),
        ("诸葛云帆，中国农业大学资源与环境学院教授、博士生导师，主要研究土壤修复。", ("诸葛云帆", "中国农业大学资源与环境学院", "教授、博士生导师")),
        # compound surnames after a shared title
        ("民政部部长甘海峰，副部长欧阳静、副部长司马建新出席会议。", ("司马建新", "民政部", "副部长")),
        ("民政部部长甘海峰，副部长欧阳静、副部长司马建新出席会议。", ("欧阳静", "民政部", "副部长")),
        # appointments
        ("国务院任命北京理工大学党委书记柯明远为教育部副部长；任命黎华为科学技术部副部长。", ("柯明远", "教育部", "副部长")),
        ("国务院任命北京理工大学党委书记柯明远为教育部副部长；任命黎华为科学技术部副部长。", ("黎华", "科学技术部", "副部长")),
        ("近日，龚振宇出任国家统计局副局长。", ("龚振宇", "国家统计局", "副局长")),
        ("免去谭永刚的水利部副部长职务。", ("谭永刚", "水利部", "副部长")),
        ("曾任清华大学化学系主任的晏秀英教授，现任南方科技大学讲席教授。", ("晏秀英", "南方科技大学", "讲席教授")),
        ("年初调任生态环境部的祁宏涛，在3月接替邢文杰正式履任生态环境部部长。", ("祁宏涛", "生态环境部", "部长")),
        # a former post
        ("原国家能源局副局长孟繁祥出席论坛。", ("孟繁祥", "国家能源局", "副局长")),
        # an academy's title split from its name
        ("中国工程院院士、浙江大学教授邬建华在论坛上作主旨报告。", ("邬建华", "中国工程院", "院士")),
        # 的 and a describing word between the body and the title
        ("这是浙江大学的年轻教授祝文瀚的经历。", ("祝文瀚", "浙江大学", "教授")),
        # a company named only by what stands before 集团, and its department
        ("远洋港运集团发展规划部副总经理颜子骞介绍了有关情况。", ("颜子骞", "远洋港运集团发展规划部", "副总经理")),
        # words that qualify a title, and a second title joined by 兼
        ("商务部首席谈判代表兼副部长凌子衡出席会议。", ("凌子衡", "商务部", "首席谈判代表兼副部长")),
    ],
)
def test_extract_post_shapes(sentence, expected):
    assert expected in _posts(_extract(sentence))


def test_extract_replaced_person_holds_nothing_new():
    ex = _extract("年初调任生态环境部的祁宏涛，在3月接替邢文杰正式履任生态环境部部长。")
    assert not any(p[0] == "邢文杰" for p in _posts(ex))


def test_extract_names_the_article_established_are_taken_whole():
    ex = _extract("国家数据局副局长纪正出席发布会。纪正在回答提问时表示，数据要素市场将加快建设。")
    people = _labels(ex, "Person")
    assert "纪正" in people and "纪" not in people and not any(p.endswith("在") for p in people)


@pytest.mark.parametrize(
    "sentence",
    [
        "财政部有关负责人表示，将继续加大转移支付力度。",  # a department before a title
        "一位双博士告诉记者，交叉研究很有意思。",  # a degree word before a title
        "院士谈科学普及的意义。",  # a verb after a title
        "“部长和副部长都来了。”一位企业代表说。",
    ],
)
def test_extract_words_beside_titles_are_not_people(sentence):
    assert _labels(_extract(sentence), "Person") == set()


def test_extract_alias_aside_inside_a_name_is_not_a_label():
    ex = _extract("中国科学院上海光学精密机械研究所（以下简称上海光机所）强场激光物理国家重点实验室研究员魏浩然团队取得新进展。")
    labels = {a for e in ex.entities for a in (e.label, *e.aliases)}
    assert not any("以下简称" in a for a in labels)
    posts = _posts(ex)
    assert ("魏浩然", "中国科学院上海光学精密机械研究所强场激光物理国家重点实验室", "研究员") in posts


def test_extract_gai_xiao_unit_gets_the_university_name():
    ex = _extract("华南理工大学近日宣布，该校材料科学与工程学院教授凌志宏团队在《科学》发表论文。")
    assert ("凌志宏", "华南理工大学材料科学与工程学院", "教授") in _posts(ex)
    assert not any(a.startswith("该校") for e in ex.entities for a in (e.label, *e.aliases))


@pytest.mark.parametrize(
    ("paragraphs", "expected"),
    [
        # a journal named once, for the results the following clauses describe
        (("近日，四川大学两项研究成果同期在《细胞》发表。该校华西医学院教授龙海川团队发现了一种调控肝脏再生的新型信号通路；该校化学学院教授易晓澜团队则揭示了蛋白质折叠的动态过程。",),
         {("调控肝脏再生的新型信号通路", "细胞"), ("蛋白质折叠的动态过程", "细胞")}),
        # related results published, in the sentence after
        (("南京工业大学材料学院教授卞文韬团队开发出一种可降解的生物塑料。相关研究成果发表于《自然·可持续发展》。",), {("可降解的生物塑料", "自然·可持续发展")}),
        # the passive order, with what the paper was about
        (("中国科学院海洋研究所研究员闻慧敏团队关于深海冷泉生态系统的研究成果近日在线发表在《美国国家科学院院刊》上。",), {("深海冷泉生态系统", "美国国家科学院院刊")}),
        # bare 发表, then what the paper reports
        (("华东师范大学物理学院教授翟立伟团队在《物理评论快报》发表论文，报道了一种新的拓扑超导态。",), {("拓扑超导态", "物理评论快报")}),
        (("北京林业大学生态学院教授樊雨桐团队的森林碳汇计量研究成果发表在国际期刊《全球变化生物学》上。",), {("森林碳汇计量", "全球变化生物学")}),
    ],
)
def test_extract_result_and_journal_shapes(paragraphs, expected):
    assert _pairs(_extract(*paragraphs), "publishedIn") == expected


def test_extract_results_with_generic_heads_stay_apart():
    ex = _extract(
        "厦门大学化学化工学院钟晓岚教授课题组在《自然·能源》发表研究论文，揭示了锂金属电池枝晶生长的新机理。",
        "同济大学土木工程学院教授邝嘉树团队在《自然·通讯》发表研究论文，报道了一种高韧性混凝土。",
    )
    assert _pairs(ex, "publishedIn") == {("锂金属电池枝晶生长的新机理", "自然·能源"), ("高韧性混凝土", "自然·通讯")}
    assert not _labels(ex, "ResearchResult") & {"研究论文", "论文"}


@pytest.mark.parametrize(
    ("text", "reporters"),
    [
        ("多地开展汛期演练。（潮新闻记者 郑可馨）", ["郑可馨"]),
        ("（界面新闻记者 柴宇航）多家银行近日下调存款利率。", ["柴宇航"]),
        ("文|《光明日报》记者 邬明杰\n\n在西北的一片戈壁上，科研人员正在安装设备。", ["邬明杰"]),
        ("研究人员在野外采集样本。新华社记者 阮志诚 摄", ["阮志诚"]),
        ("研究人员在实验室调试设备。（新华社记者 霍宁远 摄）", ["霍宁远"]),
        ("中国科学院南海海洋研究所科考船近日返航。（记者 卢思彤）\n\n责任编辑：马晓晨", ["卢思彤"]),
        ("新华社北京5月6日电 题：数据产业加快发展 新华社记者 谷雨辰、樊一鸣、卜家豪 记者从国家数据局获悉，数据产业规模持续扩大。", ["谷雨辰", "樊一鸣", "卜家豪"]),
        ("某校举行开学典礼。\n\n（撰文：蒙晓川。）", ["蒙晓川"]),
    ],
)
def test_extract_byline_shapes(text, reporters):
    ex = _extract(text)
    assert sorted(r.name for r in ex.article.reporters) == sorted(reporters)
    assert {o for s, o in _pairs(ex, "reporter")} == set(reporters)  # an editor (马晓晨) is no reporter
