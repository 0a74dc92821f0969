"""Helpers shared by the tests (fixtures live in conftest.py)."""

from __future__ import annotations

from pathlib import Path

DATA = Path(__file__).parent / "data"
SEED = DATA / "seed_kjrb_2025-01-22.txt"


def page(*blocks: str) -> str:
    """Compose a page: blocks separated by blank lines, as OCR output prints them."""
    return "\n\n".join(blocks) + "\n"
