"""Network exports: GraphML and GEXF for Gephi, CSV for neo4j-admin import; and the registry."""

from __future__ import annotations

import csv
import io
import subprocess
import sys

import networkx as nx
import pytest

from kg.cli import main
from kg.errors import UsageError
from kg.exporter import EXPORTERS, export, export_files, export_format
from kg.netexport import NODE_HEADER, RELATIONSHIP_HEADER, flat_network, generate_gexf, generate_graphml, generate_neo4j, relationship_type
from kg.viz import VizOptions, build_network, known_types

KGR = "https://w3id.org/newskg/resource/"
AGENCY = f"{KGR}org/国家数据局"


@pytest.fixture(scope="module")
def flat(seed_rdf):
    return flat_network(seed_rdf)


def test_netexport_networkx_writers_need_flat_attributes(seed_rdf):
    # Why flat_network exists: the page's network keeps tuples, which networkx refuses.
    net, _ = build_network(seed_rdf, VizOptions(types=tuple(known_types())))
    with pytest.raises((nx.NetworkXError, TypeError, KeyError)):
        "".join(nx.generate_graphml(net))


def test_netexport_flat_network_is_the_whole_page_network(seed_rdf, flat):
    net, summary = build_network(seed_rdf, VizOptions(types=tuple(known_types())))
    assert summary.nodes_left_out == 0
    assert (flat.number_of_nodes(), flat.number_of_edges()) == (net.number_of_nodes(), net.number_of_edges())
    for _, data in flat.nodes(data=True):
        assert all(isinstance(v, (str, int, float)) for v in data.values())
    assert flat.nodes[AGENCY]["label"] == "国家数据局" and flat.nodes[AGENCY]["type"] == "GovernmentAgency"


def test_netexport_graphml_reimports_with_the_same_counts(seed_rdf, flat):
    back = nx.read_graphml(io.BytesIO(generate_graphml(seed_rdf)))
    assert isinstance(back, nx.MultiDiGraph)
    assert (back.number_of_nodes(), back.number_of_edges()) == (flat.number_of_nodes(), flat.number_of_edges())
    assert back.nodes[AGENCY]["label"] == "国家数据局"
    issued = [d for _, _, d in back.out_edges(AGENCY, data=True) if d["predicate"] == "issued"]
    assert len(issued) == 3 and all("国家数据局" in d["evidence"] and d["confidence"] > 0 for d in issued)


def test_netexport_gexf_reimports_with_the_same_counts_and_colours(seed_rdf, flat):
    data = generate_gexf(seed_rdf)
    back = nx.read_gexf(io.BytesIO(data))
    assert (back.number_of_nodes(), back.number_of_edges()) == (flat.number_of_nodes(), flat.number_of_edges())
    assert back.nodes[AGENCY]["label"] == "国家数据局"
    assert back.nodes[AGENCY]["viz"]["color"] == {"r": 0xE1, "g": 0x57, "b": 0x59, "a": 1.0}  # the page's agency red
    assert "国家数据局".encode() in data  # UTF-8 text, not character references


def test_netexport_outputs_are_deterministic(seed_rdf):
    assert generate_graphml(seed_rdf) == generate_graphml(seed_rdf)
    assert generate_gexf(seed_rdf) == generate_gexf(seed_rdf)  # no date stamp
    assert b"lastmodifieddate" not in generate_gexf(seed_rdf)


def _rows(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8"))))


def test_netexport_neo4j_csv_layout_and_reimport(seed_rdf, flat):
    files = generate_neo4j(seed_rdf)
    nodes, rels = _rows(files["nodes.csv"]), _rows(files["relationships.csv"])
    assert nodes[0] == NODE_HEADER and rels[0] == RELATIONSHIP_HEADER
    ids = {row[0] for row in nodes[1:]}
    assert len(ids) == len(nodes) - 1 == flat.number_of_nodes()
    g = nx.MultiDiGraph()
    g.add_nodes_from(ids)
    for start, end, rtype, *_ in rels[1:]:
        assert start in ids and end in ids  # every relationship joins two imported nodes
        g.add_edge(start, end, key=rtype)
    assert g.number_of_edges() == flat.number_of_edges()
    by_id = {row[0]: dict(zip(NODE_HEADER, row)) for row in nodes[1:]}
    assert by_id[AGENCY][":LABEL"] == "GovernmentAgency;Organization"
    assert by_id[f"{KGR}org/中共中央办公厅"]["aliases:string[]"].split(";") == ["中办", "中央办公厅"]
    issued = [dict(zip(RELATIONSHIP_HEADER, r)) for r in rels[1:] if r[0] == AGENCY and r[2] == "ISSUED"]
    assert len(issued) == 3
    for r in issued:
        assert "国家数据局" in r["evidence"] and r["article"].startswith("https://w3id.org/newskg/resource/article/")
        assert 0 < float(r["confidence:float"]) <= 1 and int(r["evidenceCount:int"]) >= 1
    # No supporting sentence: empty evidence columns, which neo4j-admin reads as no property.
    mention = next(dict(zip(RELATIONSHIP_HEADER, r)) for r in rels[1:] if r[2] == "MENTIONS" and r[7] == "0")
    assert mention["confidence:float"] == "" and mention["evidence"] == ""


@pytest.mark.parametrize(("predicate", "rtype"), [("issued", "ISSUED"), ("affiliatedWith", "AFFILIATED_WITH"), ("holdsPosition", "HOLDS_POSITION"), ("partOf", "PART_OF")])
def test_netexport_relationship_types(predicate, rtype):
    assert relationship_type(predicate) == rtype


def test_exporter_registry_knows_every_format_and_lists_them():
    for name in ("turtle", "nt", "nquads", "trig", "xml", "jsonld", "jsonld-expanded", "graphml", "gexf", "neo4j"):
        assert export_format(name).name == name
    with pytest.raises(UsageError, match=r"unknown format 'graphm' \(did you mean 'graphml'\?\); known: .*gexf"):
        export_format("graphm")
    assert EXPORTERS["neo4j"].multi_file and not EXPORTERS["graphml"].multi_file


def test_exporter_multi_file_format_needs_export_files(seed_rdf):
    with pytest.raises(UsageError, match="nodes.csv, relationships.csv"):
        export(seed_rdf, "neo4j")
    assert set(export_files(seed_rdf, "neo4j")) == {"nodes.csv", "relationships.csv"}


def test_exporter_imports_writers_lazily():
    code = "import sys, kg.exporter; print(any(m in sys.modules for m in ('pyld', 'kg.netexport', 'kg.jsonld')))"
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip() == "False"


def test_exporter_cli_writes_every_network_format(seed_build, tmp_path, capsys):
    store, ttl = seed_build
    assert main(["export", str(ttl), "--format", "graphml", "-o", str(tmp_path / "g.graphml")]) == 0
    assert main(["export", "--store", str(store), "--format", "gexf", "-o", str(tmp_path / "g.gexf")]) == 0
    assert main(["export", str(ttl), "--format", "neo4j", "-o", str(tmp_path / "neo4j")]) == 0
    assert sorted(p.name for p in (tmp_path / "neo4j").iterdir()) == ["nodes.csv", "relationships.csv"]
    a, b = nx.read_graphml(tmp_path / "g.graphml"), nx.read_gexf(tmp_path / "g.gexf")
    assert (a.number_of_nodes(), a.number_of_edges()) == (b.number_of_nodes(), b.number_of_edges())  # file and store agree
    capsys.readouterr()
    assert main(["export", str(ttl), "--format", "neo4j"]) == 2
    assert "give -o DIR" in capsys.readouterr().err
