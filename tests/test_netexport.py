"""Network exports: GraphML and GEXF for Gephi, CSV for neo4j-admin import."""

from __future__ import annotations

import csv
import io

import networkx as nx
import pytest

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
