"""The README's tour runs verbatim, in order, as a new user would after `make demo`.

Every command block of README.md is run in a temporary directory (holding only what a
clone has that the tour names: docs/examples/), with kg on the PATH the way the README
says to get it (`source .venv/bin/activate`):

* a ```sh block: each line is a command and must succeed (exit 0), unless EXIT_CODES
  below says otherwise (with the reason);
* a ``` block of `$ command` lines: each command runs, must not fail as a usage or input
  error or crash (exit 0 or 1), and every output line shown under it must appear in the
  real output, in the order shown. A line "…" stands for lines left out; a line that
  ends in "…" must start a real line. Dates on the lines that name when a version was
  taken are the day the test runs, so they are compared as DATE;
* a ```python block: run as a script in the same folder, with the same Python, and must
  succeed.

Not run: the set-up block (`make demo`/`make test`, which this test is part of), the
Neo4j/SPARQL-store block (it needs a running server; tests/neo4j runs those commands
against a real one), the `kg serve` block (a server that runs until stopped; tests/web
starts one and drives it in a browser) and the Development block.
"""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from _support import need_tool

ROOT = Path(__file__).resolve().parents[1]
# `kg serve` runs until stopped; tests/web starts a real one and drives it with Chromium
SKIP_SECTIONS = ("", "Bigger than one laptop: `kg neo4j`, SPARQL stores", "Development",
                 "In the browser: `kg serve`")
# commands whose documented exit code is not 0, and why
EXIT_CODES = {
    # one row of the messy catalogue is rejected (docs/import.md shows the report)
    "kg import docs/examples/katalog.csv --mapping docs/examples/katalog.yaml": 1,
}
DATED = re.compile(r"^(Endringer fra|Changes from|Plikter for|Obligations of|Gap-sjekk|Gap check)")
ISO = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")


def blocks(text: str):
    """(section heading, kind, lines) for each fenced block; kind is sh, python or transcript."""
    section, out, lines, fence = "", [], None, ""
    for line in text.splitlines():
        if lines is None:
            if line.startswith("## ") or line.startswith("### "):
                section = line.lstrip("#").strip()   # the title's own block (set-up) stays ""
            elif line.startswith("```"):
                lines, fence = [], line[3:].strip()
            continue
        if line.startswith("```"):
            if fence in ("sh", "python"):
                out.append((section, fence, lines))
            elif lines and lines[0].startswith("$ "):
                out.append((section, "transcript", lines))
            lines = None
            continue
        lines.append(line)
    return out


def _norm(line: str) -> str:
    line = line.rstrip()
    return ISO.sub("DATE", line) if DATED.match(line) else line


def contains_in_order(shown: list[str], real: str) -> str | None:
    """None when every shown line is in ``real`` in order, else the first that is not."""
    got = [_norm(x) for x in real.splitlines()]
    i = 0
    for want in shown:
        want = _norm(want)
        if not want.strip() or want.strip() == "…":
            continue
        prefix = want.endswith("…")
        key = want[:-1].rstrip() if prefix else want
        while i < len(got) and not (got[i].startswith(key) if prefix else got[i] == key):
            i += 1
        if i == len(got):
            return want
        i += 1
    return None


@pytest.mark.dot
def test_readme_tour_runs_verbatim(tmp_path):
    need_tool("dot")
    work = tmp_path / "clone"
    (work / "docs").mkdir(parents=True)
    shutil.copytree(ROOT / "docs" / "examples", work / "docs" / "examples")
    activate = Path(sys.prefix) / "bin" / "activate"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("KG_DATA", "KG_LANG", "NEO4J"))}
    env.update(KG_PROGRESS="0", COLUMNS="100", LC_ALL="C.UTF-8")

    def sh(cmd: str) -> subprocess.CompletedProcess:
        script = (f"source '{activate}'\n" if activate.is_file() else
                  f"export PATH='{Path(sys.executable).parent}':$PATH\n") + cmd
        return subprocess.run(["bash", "-c", script], cwd=work, env=env, capture_output=True,
                              text=True, timeout=600)

    ran = 0
    for section, kind, lines in blocks((ROOT / "README.md").read_text(encoding="utf-8")):
        if section in SKIP_SECTIONS:
            continue
        if kind == "sh":
            for cmd in lines:
                if not cmd.strip() or cmd.lstrip().startswith("#"):
                    continue
                r = sh(cmd)
                bare = cmd.split("  #")[0].strip()
                assert r.returncode == EXIT_CODES.get(bare, 0), f"[{section}] {cmd}\n{r.stdout}\n{r.stderr}"
                assert "Traceback" not in r.stderr
                ran += 1
            continue
        if kind == "python":  # run as a script in the same folder, after the commands above it
            r = sh("python - <<'KG_README_PY'\n" + "\n".join(lines) + "\nKG_README_PY")
            assert r.returncode == 0, f"[{section}] python block\n{r.stdout}\n{r.stderr}"
            ran += 1
            continue
        # a transcript: `$ command`, then the output shown for it
        cmd, shown = None, []
        for line in lines + ["$ "]:
            if line.startswith("$ "):
                if cmd:
                    r = sh(cmd)
                    assert r.returncode in (0, 1), f"[{section}] {cmd}\n{r.stdout}\n{r.stderr}"
                    missing = contains_in_order(shown, r.stdout)
                    assert missing is None, f"[{section}] {cmd}: not in the real output:\n{missing}\n---\n{r.stdout}"
                    ran += 1
                cmd, shown = line[2:].strip(), []
            else:
                shown.append(line)
    assert ran >= 20


def test_excerpt_matching_can_fail():
    """The comparison itself: order, the '…' forms and the DATE rule."""
    real = "a\nb 1\nc\nEndringer fra x (2026-12-04)\n"
    assert contains_in_order(["a", "…", "c"], real) is None
    assert contains_in_order(["b …"], real) is None
    assert contains_in_order(["c", "a"], real) == "a"
    assert contains_in_order(["b 2"], real) == "b 2"
    assert contains_in_order(["Endringer fra x (2026-11-24)"], real) is None
