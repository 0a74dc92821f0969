"""The README's tour runs as printed, and the outputs it shows are what the commands print.

The tour is run as a bash script in a fresh directory that holds only ``samples/`` and the
project's virtual environment as ``.venv`` (what the install command leaves behind), so a
command that needs an activated environment, or a file the tour did not make, fails here.
"""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def _blocks(text: str) -> list[tuple[int, int, str, str]]:
    """Fenced code blocks: (start, end, language, content)."""
    return [(m.start(), m.end(), m.group(1), m.group(2)) for m in re.finditer(r"^```(\w*)\n(.*?)^```$", text, re.MULTILINE | re.DOTALL)]


def _tour() -> str:
    start = README.index("## A five-minute tour")
    return next(content for pos, _, lang, content in _blocks(README) if pos > start and lang == "bash")


def _examples() -> list[tuple[str, str, bool]]:
    """(command, output shown, excerpt?) for every output block the README introduces with
    the full command in backticks (``… `kg …`:``), or that follows right after a bash block
    holding one ``kg query``."""
    out = []
    blocks = _blocks(README)
    for i, (start, end, lang, content) in enumerate(blocks):
        if lang:
            continue
        before = blocks[i - 1] if i else None
        if before and before[2] == "bash" and before[3].startswith("kg query ") and not README[before[1] : start].strip():
            out.append((before[3].strip(), content, False))
            continue
        intro = README[:start].rstrip().rsplit("\n", 1)[-1]
        m = re.search(r"`(kg [^`]+)`( \(excerpt[^)]*\))?:$", intro)
        if m:
            out.append((m.group(1), content, bool(m.group(2))))
    return out


@pytest.fixture(scope="module")
def tour_dir(tmp_path_factory) -> Path:
    """The tour, run as printed; its directory holds the outputs the examples query."""
    work = tmp_path_factory.mktemp("tour")
    (work / "samples").symlink_to(ROOT / "samples")
    (work / ".venv").symlink_to(Path(sys.prefix))
    env = {k: v for k, v in os.environ.items() if k not in ("VIRTUAL_ENV", "PYTHONPATH")}
    env["PATH"] = ":".join(p for p in env.get("PATH", "").split(":") if not p.startswith(sys.prefix))
    script = "set -e\n" + _tour()
    done = subprocess.run(["bash", "-c", script], cwd=work, env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, f"the tour failed as printed:\n{done.stderr[-3000:]}"
    return work


def test_readme_tour_runs_as_printed(tour_dir):
    for name in ("graph.ttl", "graph.html", "graph.trig", "data.html"):
        assert (tour_dir / "output" / name).is_file()


def test_readme_install_command_puts_kg_on_the_path():
    install = _blocks(README)[0][3]
    assert ". .venv/bin/activate" in install and "kg build" in install
    assert ". .venv/bin/activate" in _tour().splitlines()[0]


def test_readme_examples_match_what_the_commands_print(tour_dir):
    examples = _examples()
    assert len(examples) >= 6  # the explain, SPARQL tour and ad-hoc query examples
    for command, shown, excerpt in examples:
        argv = shlex.split(command)
        assert argv[0] == "kg"
        done = subprocess.run([sys.executable, "-m", "kg", *argv[1:]], cwd=tour_dir, capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, f"{command}: {done.stderr}"
        got = [line.rstrip() for line in done.stdout.splitlines()]
        want = [line.rstrip() for line in shown.strip("\n").splitlines()]
        if excerpt:
            at = [i for i in range(len(got)) if got[i : i + len(want)] == want]
            if not at:  # an excerpt of a table: its header, then some of its rows
                assert got[: 2] == want[:2] and all(line in got for line in want[2:]), f"{command}: the README's excerpt is not in the output"
        else:
            assert got == want, f"{command}: the README shows other output"
