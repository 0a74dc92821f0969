"""The export registry: every format by name, lazily imported; the CLI writes each kind."""

from __future__ import annotations

import subprocess
import sys

import networkx as nx
import pytest

from kg.cli import main
from kg.errors import UsageError
from kg.exporter import EXPORTERS, export, export_files, export_format


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
