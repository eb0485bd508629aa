"""Shared fixtures: real workspaces on disk, the CLI through click's CliRunner."""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.store.workspace import Workspace

from _support import IN_CI, PREFIXES_TTL, need_tool, once_per_run  # noqa: F401  (re-exported for fixtures)
from _parallel import pytest_collection_modifyitems, pytest_xdist_make_scheduler  # noqa: F401  (hooks)


@pytest.fixture(scope="session", autouse=True)
def _private_cache(tmp_path_factory):
    """kg's caches (roadmap index, check chunks) go under this session's basetemp, not
    into the user's ~/.cache; subprocesses inherit it. A test may point elsewhere."""
    old = os.environ.get("KG_CACHE_DIR")
    os.environ["KG_CACHE_DIR"] = str(tmp_path_factory.getbasetemp() / "kg-cache")
    yield
    if old is None:
        os.environ.pop("KG_CACHE_DIR", None)
    else:
        os.environ["KG_CACHE_DIR"] = old


@pytest.fixture(scope="session")
def baseline_dir(tmp_path_factory) -> Path:
    """A workspace with the full KS baseline, built once per test run (shared by the
    pytest-xdist workers). Do not write to it."""
    return once_per_run(tmp_path_factory, "baseline", lambda folder: Workspace.create(folder / "ws")) / "ws"


@pytest.fixture
def baseline_copy(baseline_dir, tmp_path) -> Path:
    """A private copy of the baseline workspace that a test may change."""
    dst = tmp_path / "ws"
    shutil.copytree(baseline_dir, dst, ignore=shutil.ignore_patterns(".lock"))
    return dst


@pytest.fixture(scope="session")
def _ws_templates(tmp_path_factory) -> dict:
    """make_ws(…, reuse=True)'s workspaces, built once per worker: arguments → folder."""
    return {}


@pytest.fixture
def make_ws(tmp_path, tmp_path_factory, _ws_templates):
    """make_ws(ttl, baseline=False, name="test", reuse=False) → path of a workspace holding
    the ontology and reference data (and the baseline if asked) plus ``ttl`` as source
    ``name``. With reuse=True it is a private copy of the workspace built for the same
    arguments earlier in this worker (a copy takes a few per cent of a build): for
    fixtures that give many tests the same workspace."""
    counter = iter(range(1000))

    def _build(path: Path, ttl: str, baseline: bool, name: str, ttl_file: Path) -> None:
        extra = []
        if ttl:
            ttl_file.write_text(PREFIXES_TTL + ttl, encoding="utf-8")
            extra.append((name, ttl_file, {"kind": "test"}))
        Workspace.create(path, baseline=baseline, extra=extra)

    def _make(ttl: str = "", baseline: bool = False, name: str = "test", reuse: bool = False) -> Path:
        i = next(counter)
        path = tmp_path / f"ws{i}"
        if not reuse:
            _build(path, ttl, baseline, name, tmp_path / f"{name}-{i}.ttl")
            return path
        key = (ttl, baseline, name)
        if key not in _ws_templates:
            folder = tmp_path_factory.mktemp("ws-template")
            _build(folder / "ws", ttl, baseline, name, folder / f"{name}.ttl")
            _ws_templates[key] = folder / "ws"
        if ttl:
            (tmp_path / f"{name}-{i}.ttl").write_text(PREFIXES_TTL + ttl, encoding="utf-8")
        shutil.copytree(_ws_templates[key], path, ignore=shutil.ignore_patterns(".lock"))
        return path
    return _make


@pytest.fixture
def cli_run():
    """cli_run(["--data", path, "query", "show", "x"]) → click Result (exit_code, stdout, stderr)."""
    from kg.cli import cli
    runner = CliRunner()

    def _run(args, input=None, env=None):
        return runner.invoke(cli, [str(a) for a in args], input=input, env=env, catch_exceptions=False)
    return _run
