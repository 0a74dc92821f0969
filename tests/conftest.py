"""Shared fixtures.  Test data provenance: see tests/data/README.md."""

from __future__ import annotations

import pytest

from kg.reader import ReadOptions, read
from kg.segment import default_segmenter
from tests.helpers import SEED


@pytest.fixture(scope="session")
def seg():
    """The project segmenter (packaged lexicons as user dictionary), built once."""
    return default_segmenter()


@pytest.fixture(scope="session")
def seed_articles(seg):
    """The seed page (科技日报 2025-01-22, page 1) as read with its publication date."""
    return list(read(SEED, ReadOptions(date="2025-01-22"), segmenter=seg))



@pytest.fixture(scope="session")
def seed_build(tmp_path_factory):
    """The seed page built once into a store and ``graph.ttl``: ``(store dir, graph.ttl)``.
    Read-only for the tests that share it."""
    from kg.pipeline import build_files

    out = tmp_path_factory.mktemp("seed-build")
    build_files([SEED], out, ReadOptions(date="2025-01-22"), jobs=1, store=out / "store", html=False)
    return out / "store", out / "graph.ttl"


@pytest.fixture(scope="session")
def seed_rdf(seed_build):
    """The seed page's graph as an rdflib graph."""
    from kg.rdfio import load_graph

    return load_graph(seed_build[1])
