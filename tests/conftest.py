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

