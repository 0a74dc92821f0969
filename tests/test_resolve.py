"""The resolve stage on hand-built findings: coreference, canonical names, aliases, ids."""

from __future__ import annotations

import subprocess
import sys

from kg.extraction.frames import Doc
from kg.records import Chunk, Fact, Findings, Kind
from kg.resolve import entity_id, resolve
from tests.chunkbuild import doc, item, nested


def _findings(d: Doc, *facts: Fact) -> Findings:
    return Findings(d.article, d.clauses, tuple(facts))


def _fact(predicate: str, s: Chunk | None, o: Chunk | None, title: str = "", rule: str = "hand") -> Fact:
    sentence = None
    return Fact(predicate, s, o, rule, sentence, 0, 1, 0.9, title)  # type: ignore[arg-type]


def _labels(ex):
    return {e.id: e.label for e in ex.entities}


def test_resolve_unit_under_coreference_gets_the_antecedents_name():
    school = item("org:甲大学@ResearchInstitution")
    unit = nested(Kind.ORG, "ResearchInstitution", item("coref:该校/school"), "材料学院")
    d = doc([school, item("verb:宣布/x")], [unit, item("title:教授"), item("person:庞某")])
    coref, college = d.clauses[1].chunks[0].parent, d.clauses[1].chunks[0]
    person = d.clauses[1].chunks[2]
    sent = d.clauses[1].sentence
    ex = resolve(_findings(d, Fact("refers", coref, d.clauses[0].chunks[0], "hand", sent, 0, 1), Fact("holds", person, college, "hand", sent, 0, 1, 0.9, "教授")))
    names = _labels(ex)
    assert [(names[p.person], names[p.organization], p.title) for p in ex.posts] == [("庞某", "甲大学材料学院", "教授")]
    # 该校材料学院 is never kept as a name
    assert not any("该校" in a for e in ex.entities for a in (e.label, *e.aliases))


def test_resolve_coreference_without_antecedent_drops_what_was_said_of_it():
    unit = nested(Kind.ORG, "ResearchInstitution", item("coref:该所/institute"), "光学实验室")
    d = doc([unit, item("person:魏某")])
    person = d.clauses[0].chunks[1]
    ex = resolve(_findings(d, Fact("affiliatedWith", person, d.clauses[0].chunks[0], "hand", d.clauses[0].sentence, 0, 1)))
    assert not ex.relations
    assert "光学实验室" not in {e.label for e in ex.entities}


def test_resolve_unit_placed_by_a_rule_takes_the_bodys_name():
    d = doc("org:甲署 title:新闻发言人 enum:、 unit:统计司 title:司长 person:吕某某")
    body, unit, person = d.clauses[0].chunks[0], d.clauses[0].chunks[3], d.clauses[0].chunks[5]
    sent = d.clauses[0].sentence
    ex = resolve(_findings(d, Fact("partOf", unit, body, "partOf-chain", sent, 0, 1), Fact("holds", person, unit, "hand", sent, 0, 1, 0.9, "司长")))
    names = _labels(ex)
    assert {names[p.organization] for p in ex.posts} == {"甲署统计司"}
    assert ("甲署统计司", "partOf", "甲署") in {(names[r.subject], r.predicate, names[r.object]) for r in ex.relations}


def test_resolve_unplaced_unit_is_no_entity():
    d = doc("unit:宣传司 title:副司长 person:钱某")
    assert "宣传司" not in {e.label for e in resolve(_findings(d)).entities}


def test_resolve_alias_aside_names_later_mentions():
    full = item("org:甲市光学精密机械研究所@ResearchInstitution")
    d = doc([full, item("alias:（以下简称光机所）/光机所")], "org:光机所@ResearchInstitution word:研制 person:卢某")
    aside = d.clauses[0].chunks[1]
    short = d.clauses[1].chunks[0]
    person = d.clauses[1].chunks[2]
    ex = resolve(_findings(d, Fact("alias", d.clauses[0].chunks[0], aside, "alias-aside", d.clauses[0].sentence, 0, 1), Fact("affiliatedWith", person, short, "hand", d.clauses[1].sentence, 0, 1)))
    names = _labels(ex)
    assert {(names[r.subject], names[r.object]) for r in ex.relations} == {("卢某", "甲市光学精密机械研究所")}
    entity = next(e for e in ex.entities if e.label == "甲市光学精密机械研究所")
    assert "光机所" in entity.aliases


def test_resolve_ids_are_stable_readable_and_one_segment():
    assert entity_id("org", "工业和信息化部") == "org/工业和信息化部"
    assert entity_id("policy", "A/B办法") == "policy/A／B办法"
    d = doc("org:甲部 verb:印发/issue policy:《乙办法》")
    a, b = resolve(_findings(d)), resolve(_findings(d))
    assert [e.id for e in a.entities] == [e.id for e in b.entities] and "policy/乙办法" in {e.id for e in a.entities}


def test_resolve_imports_alone_in_a_fresh_interpreter():
    done = subprocess.run([sys.executable, "-c", "import kg.resolve; import sys; print('kg.extraction' in sys.modules)"], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"  # resolve never reaches back into the extract stage
