"""Helpers the tests import by name (``from _support import need_tool``).

They live here, not in conftest.py: several test folders have a conftest.py of their own,
so ``from conftest import …`` would pick whichever was imported last.
"""
from __future__ import annotations

import fcntl
import os
import shutil
from pathlib import Path

import pytest

IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")


def need_tool(name: str) -> str:
    """The path of an external program; in CI a missing tool fails instead of skipping."""
    path = shutil.which(name)
    if path:
        return path
    if IN_CI:
        pytest.fail(f"{name} is required in CI but not installed (make test installs it)")
    pytest.skip(f"{name} not installed")


def need_tools(missing: list[str], why: str) -> None:
    """Skip (in CI: fail) when ``missing`` names programs a test needs; ``why`` says what to
    install and for which tests."""
    if missing:
        msg = f"{' and '.join(missing)} not installed: {why}"
        if IN_CI:
            pytest.fail(msg)
        pytest.skip(msg)


def one_worker(group: str):
    """Marks a fixture whose tests all run on one pytest-xdist worker (``make test`` runs
    the suite with ``--dist loadgroup``): a real server or a browser is then started once
    per test run, and tests that take turns on it (one writes, the next reads) stay in
    order. tests/_parallel.py turns it into an ``xdist_group`` mark on every test that
    uses the fixture, directly or through another fixture."""
    def mark(fn):
        fn.kg_xdist_group = group
        return fn
    return mark


def once_per_run(tmp_path_factory, name: str, build) -> Path:
    """A folder ``name`` filled by ``build(folder)`` once per test run; tests only read it.

    In one process that is once per session. Under pytest-xdist every worker has its own
    temp folder inside the run's; the first worker to ask builds the folder there, under
    a file lock, and the others wait for it and read the same one. A build that failed
    leaves no ``.built`` stamp, so the next worker tries again (and fails the same way)."""
    if not os.environ.get("PYTEST_XDIST_WORKER"):
        folder = tmp_path_factory.mktemp(name)
        build(folder)
        return folder
    run_root = tmp_path_factory.getbasetemp().parent
    folder = run_root / f"shared-{name}"
    with open(run_root / f"shared-{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (folder / ".built").exists():
            shutil.rmtree(folder, ignore_errors=True)
            folder.mkdir()
            build(folder)
            (folder / ".built").touch()
    return folder


PREFIXES_TTL = """@prefix kg: <https://w3id.org/kommune-ki/ont#> .
@prefix kgid: <https://w3id.org/kommune-ki/id/> .
@prefix kgsrc: <https://w3id.org/kommune-ki/source/> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix dct: <http://purl.org/dc/terms/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix time: <http://www.w3.org/2006/time#> .
@prefix sdg: <http://metadata.un.org/sdg/> .
"""


def workspace_from_ttl(folder, ttl: str, name: str = "test"):
    """A workspace in ``folder``/ws holding the reference data (no baseline) and ``ttl``
    (written after PREFIXES_TTL) as source ``name``; returns its path."""
    from kg.store.workspace import Workspace
    folder = Path(folder)
    f = folder / f"{name}.ttl"
    f.write_text(PREFIXES_TTL + ttl, encoding="utf-8")
    Workspace.create(folder / "ws", baseline=False, extra=[(name, f, {"kind": "test"})])
    return folder / "ws"
