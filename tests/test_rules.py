"""The extraction rules on hand-built chunk tuples: no jieba, no model, no name lookups.

Each frame is tested on a table of structural variants — order (active, passive,
apposition), adjuncts, coordination, closing quantifiers — written with placeholder names
(甲部, 乙局, 张某某), so what is tested is the shape, not any particular sentence.
"""

from __future__ import annotations

import copy
import dataclasses

import pytest
from tests.chunkbuild import doc, env, item, nested, pairs, posts, run

from kg.records import Kind

# --- the issuing frame ------------------------------------------------------------------------

ISSUED = [
    # active, bare
    ("org:甲部 verb:印发/issue policy:《乙办法》", {("甲部", "《乙办法》")}),
    # a date, time words and manner adverbs between agent and verb
    ("org:甲部 date:3月2日 verb:发布/issue policy:《乙规定》", {("甲部", "《乙规定》")}),
    ("org:甲部 date:近日 word:正式 word:对外 verb:发布/issue policy:《乙规定》", {("甲部", "《乙规定》")}),
    ("org:甲部 word:于 date:6月14日 word:正式 verb:发布/issue policy:《乙规定》", {("甲部", "《乙规定》")}),
    # a meeting phrase and an alias aside between them
    ("org:甲部 word:在 word:发布会 word:上 verb:发布/issue policy:《乙规定》", {("甲部", "《乙规定》")}),
    ("org:甲部 alias:（以下简称甲）/甲 verb:印发/issue policy:《乙规定》", {("甲部", "《乙规定》")}),
    # coordinated agents: 、 和 会同 联合, closed by 等N部门 or 等
    ("org:甲部 enum:、 org:乙局 word:和 org:丙委 verb:印发/issue policy:《丁方案》", {("甲部", "《丁方案》"), ("乙局", "《丁方案》"), ("丙委", "《丁方案》")}),
    ("org:甲部 enum:、 org:乙局 quant:等5部门 word:联合 verb:印发/issue policy:《丁方案》", {("甲部", "《丁方案》"), ("乙局", "《丁方案》")}),
    ("org:甲部 word:等 word:联合 verb:印发/issue policy:《丁方案》", {("甲部", "《丁方案》")}),
    ("org:甲部 word:会同 org:乙局 verb:印发/issue policy:《丁方案》", {("甲部", "《丁方案》"), ("乙局", "《丁方案》")}),
    ("org:甲部 word:联合 org:乙局 enum:、 org:丙署 verb:印发/issue policy:《丁方案》", {("甲部", "《丁方案》"), ("乙局", "《丁方案》"), ("丙署", "《丁方案》")}),
    # an item the chunker did not know, inside a closed list, is skipped, not a stop
    ("org:甲部 enum:、 word:交通运输 enum:、 org:乙局 quant:等3部门 verb:印发/issue policy:《丁方案》", {("甲部", "《丁方案》"), ("乙局", "《丁方案》")}),
    # several documents
    ("org:甲部 verb:印发/issue policy:《A办法》 policy:《B规定》 comma:， word:以及 policy:《C意见》", {("甲部", "《A办法》"), ("甲部", "《B规定》"), ("甲部", "《C意见》")}),
    ("org:甲部 verb:印发/issue policy:《A办法》 word:和 book:《B》", {("甲部", "《A办法》"), ("甲部", "《B》")}),
    # a verb group carries one frame
    ("org:甲部 word:会同 org:乙局 verb:制定/issue word:并 verb:发布/issue word:了 policy:《丁规定》", {("甲部", "《丁规定》"), ("乙局", "《丁规定》")}),
    # passive: 《X》（已）（于…）由A（正式）印发
    ("policy:《丁方案》 word:已 word:由 org:甲部 word:正式 verb:印发/issue", {("甲部", "《丁方案》")}),
    ("policy:《A办法》 word:和 policy:《B规定》 date:近日 word:由 org:甲部 word:和 org:乙局 word:联合 verb:发布/issue", {("甲部", "《A办法》"), ("甲部", "《B规定》"), ("乙局", "《A办法》"), ("乙局", "《B规定》")}),
    ("policy:《丁方案》 word:已由 org:甲部 verb:发布/issue", {("甲部", "《丁方案》")}),
    # an approval phrase names no issuer
    ("word:经 org:国务院 word:同意 comma:， org:甲部 verb:印发/issue policy:《丁》", {("甲部", "《丁》")}),
]

NOT_ISSUED = [
    "org:甲部 word:将 verb:发布/issue policy:《丁》",  # not done yet
    "policy:《丁》 date:日前 word:正式 verb:发布/issue",  # nobody named
    "org:甲部 word:要求 verb:印发/issue policy:《丁》",  # a word the frame has no place for
    "org:甲部 verb:印发/issue word:通知 comma:，",  # no document
]


@pytest.mark.parametrize(("spec", "expected"), ISSUED)
def test_rules_issued_frame_variants(spec, expected):
    assert pairs(doc(spec), "issued") == expected


@pytest.mark.parametrize("spec", NOT_ISSUED)
def test_rules_issued_frame_needs_agent_verb_and_document(spec):
    assert pairs(doc(spec), "issued") == set()


def test_rules_issued_parts_after_includes():
    d = doc("org:甲部 verb:印发/issue word:系列 word:文件 comma:， word:包括 policy:《A办法》 enum:、 policy:《B规定》")
    assert {("甲部", "《A办法》"), ("甲部", "《B规定》")} <= pairs(d, "issued")


# --- posts ------------------------------------------------------------------------------------

POSTS = [
    ("org:甲部 title:副部长 person:张某某", {("张某某", "甲部", "副部长")}),
    # titles joined by 、 or 兼 are one post, written as they stand
    ("org:甲部 title:党组成员 enum:、 title:副部长 person:张某某", {("张某某", "甲部", "党组成员、副部长")}),
    ("org:甲局 title:副司长 word:兼 title:新闻发言人 person:梅某某", {("梅某某", "甲局", "副司长兼新闻发言人")}),
    # a new body starts a new post
    ("org:甲办 title:副主任 comma:， org:乙局 title:党组书记 enum:、 title:局长 person:周某某", {("周某某", "甲办", "副主任"), ("周某某", "乙局", "党组书记、局长")}),
    # a name, then its title, after a body
    ("org:甲所 person:马某某 title:研究员", {("马某某", "甲所", "研究员")}),
    # apposition: 张三，甲局副司长，…  and  张三（甲大学教授）
    ("person:田某某 comma:， org:甲局 title:副司长 comma:， word:长期", {("田某某", "甲局", "副司长")}),
    ("person:田某某 punct:（ org:甲大学@ResearchInstitution title:教授 punct:）", {("田某某", "甲大学", "教授")}),
    # a former post, 原 on either side of the body
    ("word:原 org:甲局 title:副局长 person:孟某某", {("孟某某", "甲局", "副局长")}),
    ("org:甲局 word:原 title:副局长 person:孟某某", {("孟某某", "甲局", "副局长")}),
    # names listed after a chain share it
    ("org:甲部 title:副部长 person:陈某 enum:、 person:林某", {("陈某", "甲部", "副部长"), ("林某", "甲部", "副部长")}),
    # the first chain's body carries over to titles that name none
    ("org:甲部 title:部长 person:赵某 comma:， title:副部长 person:钱某 enum:、 title:副部长 person:孙某", {("赵某", "甲部", "部长"), ("钱某", "甲部", "副部长"), ("孙某", "甲部", "副部长")}),
    # nouns between a body and its title belong to the title
    ("org:甲部 word:对外经济#n word:谈判#vn title:代表 word:兼 title:副部长 person:钟某", {("钟某", "甲部", "对外经济谈判代表兼副部长")}),
]


@pytest.mark.parametrize(("spec", "expected"), POSTS)
def test_rules_posts_chain_variants(spec, expected):
    assert posts(doc(spec)) == expected


def test_rules_posts_unit_belongs_to_body_before():
    d = doc("org:甲署 title:新闻发言人 enum:、 unit:统计司 title:司长 person:吕某某")
    assert posts(d) == {("吕某某", "甲署", "新闻发言人"), ("吕某某", "统计司", "司长")}
    assert ("统计司", "甲署") in pairs(d, "partOf")


def test_rules_posts_media_and_status_titles_are_no_posts():
    d = doc("title:记者/media person:王某某 word:从 org:甲部 word:获悉", "org:甲大学 title:博士生/status person:金某")
    assert posts(d) == set()
    assert pairs(d, "reporter") == {("ART", "王某某")}


def test_rules_posts_head_title_leads_the_body():
    assert pairs(doc("org:甲部 title:部长 person:蓝某某"), "leads") == {("蓝某某", "甲部")}
    assert pairs(doc("org:甲部 title:副部长 person:蓝某某"), "leads") == set()


# --- appointments -------------------------------------------------------------------------------

APPOINTMENTS = [
    # 任命 [the current post] 某某 为 [the new post]
    ("verb:任命/appoint org:甲大学 title:党委书记 person:单某某 word:为 org:乙部 title:副部长", {("单某某", "甲大学", "党委书记"), ("单某某", "乙部", "副部长")}),
    ("verb:任命/appoint person:尹某某 word:为 org:乙部 title:副部长", {("尹某某", "乙部", "副部长")}),
    # the person before the verb; with 被 + body; across a comma
    ("person:龚某某 verb:出任/appoint org:甲局 title:副局长", {("龚某某", "甲局", "副局长")}),
    ("person:牛某 word:被 org:国务院 verb:任命/appoint word:为 org:甲部 title:副部长", {("牛某", "甲部", "副部长")}),
    ("person:陈某某 comma:， date:3月 verb:履任/appoint org:甲部 title:部长", {("陈某某", "甲部", "部长")}),
    # a post given up is a post held
    ("verb:免去/dismiss person:谭某某 word:的 org:甲部 title:副部长 word:职务", {("谭某某", "甲部", "副部长")}),
    # 接替A任X的B: B takes the post, not A
    ("word:接替 person:刘某某 verb:任/appoint org:甲局 title:局长 word:的 person:王某", {("王某", "甲局", "局长")}),
    # several people, several posts
    ("verb:增补/appoint person:周某 enum:、 person:解某 word:为 org:甲会 title:委员", {("周某", "甲会", "委员"), ("解某", "甲会", "委员")}),
    ("person:郝某某 verb:已任/appoint org:甲院 title:党组成员 enum:、 title:副院长", {("郝某某", "甲院", "党组成员、副院长")}),
]


@pytest.mark.parametrize(("spec", "expected"), APPOINTMENTS)
def test_rules_appointment_frame_variants(spec, expected):
    assert posts(doc(spec)) == expected


def test_rules_future_appointment_is_no_post():
    assert posts(doc("person:龚某某 word:将 verb:出任/appoint org:甲局 title:副局长")) == set()


# --- teams, coreference, members ------------------------------------------------------------------

def _team(*pieces, parent_index=0):
    return nested(Kind.ORG, "ResearchTeam", *pieces, parent_index=parent_index)


def test_rules_team_leader_title_and_body():
    team = _team(item("org:甲学院@ResearchInstitution"), item("title:教授/academic"), item("person:黄某某"), "团队")
    d = doc([team, item("verb:研制/achieve"), item("word:出"), item("word:柔性电子皮肤")])
    assert ("黄某某", team.text) in pairs(d, "leads")
    assert posts(d) == {("黄某某", "甲学院", "教授")}


def test_rules_team_leaders_keep_their_own_titles():
    team = _team(
        item("org:甲大学@ResearchInstitution"), item("person:肖某某"), item("title:教授/academic"), "和", item("person:王某"), item("title:研究员/academic"), "团队"
    )
    assert posts(doc([team])) == {("肖某某", "甲大学", "教授"), ("王某", "甲大学", "研究员")}


def test_rules_coreference_school_is_the_university_not_its_college():
    college = nested(Kind.ORG, "ResearchInstitution", item("org:甲大学@ResearchInstitution"), "化学学院")
    d = doc([college, item("title:教授"), item("person:柳某")], "coref:该校/school word:材料学院")
    assert pairs(d, "refers") == {("该校", "甲大学")}


def test_rules_coreference_needs_a_matching_antecedent():
    d = doc("org:甲部 verb:印发/issue policy:《丁》", "coref:该校/school word:教授")
    assert pairs(d, "refers") == set()
    d = doc([_team(item("org:甲所@ResearchInstitution"), item("person:马某"), "团队")], "coref:该团队/team verb:发现/achieve word:新型催化剂")
    assert pairs(d, "refers") == {("该团队", "甲所马某团队")}


def test_rules_members_listed_after_a_body():
    d = doc("org:甲所@ResearchInstitution person:何某 enum:、 person:吕某 enum:、 person:马某某 word:等")
    assert pairs(d, "affiliatedWith") == {("何某", "甲所"), ("吕某", "甲所"), ("马某某", "甲所")}
    assert pairs(doc("word:记者 word:从 org:甲部 person:王某 word:获悉"), "affiliatedWith") == set()


def test_rules_unit_named_alone_belongs_to_the_body_of_its_paragraph():
    d = doc(["org:甲大学@ResearchInstitution", "word:三项", "word:成果", "punct:。", "unit:物理系@ResearchInstitution", "title:教授", "person:翁某某"])
    assert ("物理系", "甲大学") in pairs(d, "partOf")
    # a word that only ends like a unit (植物根系) is not placed
    assert pairs(doc("org:甲大学@ResearchInstitution word:研究 unit:植物根系@ResearchInstitution word:发育"), "partOf") == set()


# --- results and journals ------------------------------------------------------------------------

def _results(d):
    return pairs(d, "achieved"), pairs(d, "publishedIn")


def test_rules_result_and_journal_in_one_clause():
    team = _team(item("org:甲大学@ResearchInstitution"), item("person:卞某某"), "团队")
    d = doc([team, item("word:在"), item("journal:《甲刊》"), item("verb:发表/publish"), item("word:论文"), item("comma:，"), item("verb:报道/achieve"), item("word:了"), item("word:一种新的拓扑超导态")])
    achieved, published = _results(d)
    # the label is what was found, without the quantifier (一种新的)
    assert achieved == {("甲大学", "拓扑超导态"), ("卞某某", "拓扑超导态")}
    assert published == {("拓扑超导态", "《甲刊》")}


def test_rules_summary_sentence_links_the_results_described_after_it():
    a = _team(item("org:甲学院@ResearchInstitution"), item("person:龙某"), "团队")
    b = _team(item("org:乙学院@ResearchInstitution"), item("person:易某"), "团队")
    d = doc(
        [item("org:甲大学@ResearchInstitution"), item("word:两项"), item("word:成果"), item("word:在"), item("journal:《甲刊》"), item("verb:发表/publish"), item("punct:。")],
        [a, item("verb:发现/achieve"), item("word:了"), item("word:调控再生的信号通路"), item("punct:；"), b, item("verb:揭示/achieve"), item("word:了"), item("word:蛋白折叠的动态过程")],
        paragraph=True,
    )
    _, published = _results(d)
    assert published == {("调控再生的信号通路", "《甲刊》"), ("蛋白折叠的动态过程", "《甲刊》")}


def test_rules_related_results_published_sentence_links_back():
    team = _team(item("org:甲学院@ResearchInstitution"), item("person:卞某"), "团队")
    d = doc([team, item("verb:开发/achieve"), item("word:出"), item("word:可降解的生物塑料"), item("punct:。")], "word:相关 word:研究成果 verb:发表于/publish journal:《乙刊》")
    assert _results(d)[1] == {("可降解的生物塑料", "《乙刊》")}


def test_rules_results_with_generic_heads_stay_distinct():
    a = _team(item("org:甲学院@ResearchInstitution"), item("person:甲某"), "团队")
    b = _team(item("org:乙学院@ResearchInstitution"), item("person:乙某"), "团队")
    d = doc(
        [a, item("word:在"), item("journal:《甲刊》"), item("verb:发表/publish"), item("word:研究论文"), item("comma:，"), item("verb:揭示/achieve"), item("word:了"), item("word:睡眠调控新机制")],
        [b, item("word:在"), item("journal:《乙刊》"), item("verb:发表/publish"), item("word:研究论文"), item("comma:，"), item("verb:报道/achieve"), item("word:了"), item("word:一种新型电池材料")],
    )
    achieved, published = _results(d)
    assert published == {("睡眠调控新机制", "《甲刊》"), ("电池材料", "《乙刊》")}
    assert not any(r in ("研究论文", "论文") for _, r in achieved)


def test_rules_paper_phrase_names_the_result():
    team = _team(item("org:甲所@ResearchInstitution"), item("person:闻某某"), "团队")
    d = doc([team, item("word:关于"), item("word:深海冷泉生态"), item("word:的"), item("word:研究成果"), item("verb:发表在/publish"), item("journal:《甲刊》"), item("word:上")])
    assert _results(d) == ({("甲所", "深海冷泉生态"), ("闻某某", "深海冷泉生态")}, {("深海冷泉生态", "《甲刊》")})


def test_rules_what_a_result_can_do_is_no_result():
    team = _team(item("org:甲所@ResearchInstitution"), item("person:闻某"), "团队")
    d = doc([team, item("word:有望"), item("verb:实现/achieve"), item("word:低成本制氢")])
    assert pairs(d, "achieved") == set()


# --- purity --------------------------------------------------------------------------------------

def test_rules_never_change_their_input():
    team = _team(item("org:甲学院@ResearchInstitution"), item("title:教授"), item("person:黄某某"), "团队")
    d = doc(
        "org:甲部 enum:、 org:乙局 quant:等2部门 verb:印发/issue policy:《丙办法》",
        "org:甲署 title:新闻发言人 enum:、 unit:统计司 title:司长 person:吕某某",
        [team, item("verb:研制/achieve"), item("word:出"), item("word:柔性电子皮肤")],
    )
    before = copy.deepcopy(d)
    facts = run(d)
    assert facts and d == before
    with pytest.raises(dataclasses.FrozenInstanceError):
        d.clauses[0].chunks[0].text = "丁部"  # type: ignore[misc]


def test_rules_env_gives_only_what_a_rule_requires():
    from kg.extraction.frames import Doc, Env
    from kg.extraction.registry import Registry, Rule

    seen = {}

    def spy(name):
        def rule(doc: Doc, env: Env):
            seen[name] = sorted(env.given)
            return ()

        return rule

    Registry([Rule("a", spy("a"), provides="a"), Rule("b", spy("b"), provides="b"), Rule("c", spy("c"), requires=("a",), provides="c")]).run(doc("org:甲部"), env())
    assert seen == {"a": [], "b": [], "c": ["a"]}


# --- the gates of the event and indicator patterns ---------------------------------------------

def test_every_event_and_measure_match_passes_its_gate():
    """A sentence is searched with the event and indicator patterns only when their gate
    matches it: the gate must hold wherever the pattern can (one word of each class, in
    sentences written for this test), and miss a sentence with neither."""
    from kg.extraction.rules import _Patterns
    from kg.lexicon import default_lexicon

    lex = default_lexicon()
    pats = _Patterns.of(lex)
    for head in lex.head_set("event"):
        sentence = f"某省某厅昨天举办了“青苗计划”第三届{head}，邀请多方参加"
        if pats.event.search(sentence):
            assert pats.event_gate.search(sentence), head
    for verb in lex.words("measure-verb"):
        sentence = f"今年以来，全市新建充电桩数量{verb}37万个，较上年明显增加"
        if pats.measure.search(sentence):
            assert pats.measure_gate.search(sentence), verb
    assert pats.event.search("市里召开第二届青苗技能交流会") and pats.event_gate.search("市里召开第二届青苗技能交流会")
    assert pats.measure.search("全市新建充电桩数量达到37万个") and pats.measure_gate.search("全市新建充电桩数量达到37万个")
    assert not pats.event_gate.search("他说这件事要慢慢来") and not pats.measure_gate.search("他说这件事要慢慢来")
