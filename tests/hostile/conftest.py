"""Fixtures for the hostile-input, fault and load tests (issue 8).

``hostile_ws`` is a private copy of one small real workspace (ontology + reference data +
a few initiatives); ``tree_hash`` fingerprints every file under a workspace so a test
can prove a failed command changed nothing, byte for byte; ``kg_proc`` runs the real
``kg`` program in a subprocess (needed for SIGKILL and for two processes at once).
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from kg.store.workspace import Workspace

from hostile_helpers import SEED_TTL, kg_cmd


@pytest.fixture(scope="session")
def hostile_template(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("hostile")
    seed = root / "seed.ttl"
    seed.write_text(SEED_TTL, encoding="utf-8")
    path = root / "ws"
    Workspace.create(path, baseline=False, extra=[("roadmap", seed, {"kind": "test"})])
    return path


@pytest.fixture
def hostile_ws(hostile_template, tmp_path) -> Path:
    dst = tmp_path / "ws"
    shutil.copytree(hostile_template, dst, ignore=shutil.ignore_patterns(".lock", "LOCK"))
    return dst


@pytest.fixture
def kg_proc():
    """kg_proc(args, **popen_kw) → CompletedProcess of the real kg program (text mode)."""
    def _run(args, timeout=300, env=None, **kw):
        e = dict(os.environ)
        e.update(env or {})
        return subprocess.run(kg_cmd() + [str(a) for a in args], capture_output=True, text=True,
                              timeout=timeout, env=e, **kw)
    return _run
