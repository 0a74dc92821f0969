"""The packaged lexicons pass their own checker (kg/lexicons/_build/check.py)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def test_lexicons_pass_the_checker(capsys):
    spec = importlib.util.spec_from_file_location("check", REPO / "kg" / "lexicons" / "_build" / "check.py")
    check = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(check)
    assert check.main() == 0
    out = capsys.readouterr().out
    assert "ERROR" not in out and "clash" not in out, out
    # Every file the checker knows is one the package ships, and each says where it comes from.
    for name in check.COLUMNS:
        path = REPO / "kg" / "lexicons" / name
        assert path.read_text(encoding="utf-8").startswith("# "), name
