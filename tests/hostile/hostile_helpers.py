"""Helpers of the hostile tests: workspace fingerprints and the real kg program."""
from __future__ import annotations

import hashlib
import os
import sys
from pathlib import Path

# Files under a workspace that are not its content, and may change on a read or a failed
# write (docs/security.md): the advisory lock file and the cached label index.
IGNORED = {".lock", "labels.idx"}

SEED_TTL = """@prefix kg: <https://w3id.org/kommune-ki/ont#> .
@prefix kgid: <https://w3id.org/kommune-ki/id/> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
kgid:ki-plattform a kg:Initiative ; skos:prefLabel "KI-plattform for alle kommuner"@nb , "AI platform"@en .
kgid:kompetanse-spredning a kg:Initiative ; skos:prefLabel "Kompetansespredning"@nb , "Spreading competence"@en ;
    kg:dependsOn kgid:ki-plattform .
"""


def tree_hash(path: Path) -> dict[str, str]:
    """{relative path: sha256} of every file under ``path`` except the IGNORED ones."""
    out = {}
    for d, _dirs, files in os.walk(path):
        for f in files:
            p = Path(d) / f
            rel = str(p.relative_to(path))
            if p.name in IGNORED or p.name.endswith(".tmp") or ".tmp-" in p.name:
                continue
            out[rel] = hashlib.sha256(p.read_bytes()).hexdigest()
    return out


def kg_cmd() -> list[str]:
    exe = Path(sys.executable).with_name("kg")
    return [str(exe)] if exe.exists() else [sys.executable, "-c", "import sys; from kg.cli import main; sys.exit(main())"]


def need_tool(name: str) -> str:
    """As tests/conftest.need_tool (that module's name is shadowed here): the path of a
    program; a missing one skips locally and fails under CI=true."""
    import shutil

    import pytest
    path = shutil.which(name)
    if path:
        return path
    if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
        pytest.fail(f"{name} is required in CI but not installed (make test installs it)")
    pytest.skip(f"{name} not installed")


def refused(cli_run, ws: Path, args, *words, env=None):
    """Run kg with ``args`` on workspace ``ws``: exit 2, no traceback, every one of
    ``words`` in the message, and the workspace byte for byte as it was."""
    before = tree_hash(ws)
    res = cli_run(["--data", ws, "--lang", "en", *args], env=env)
    assert res.exit_code == 2, res.stdout + res.stderr
    assert "Traceback" not in res.stderr
    for w in words:
        assert w in res.stderr, res.stderr
    assert tree_hash(ws) == before
    return res
