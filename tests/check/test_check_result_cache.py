"""The whole check kept per version of the workspace (kg.check.cache), as `kg serve`, the
deck and the diagrams use it: the same results as a fresh check, read back from its file by a new process, never
used once the workspace has changed; and the reader's store handle kept only while the
store is unchanged (kg.store.workspace, ``reuse``)."""
from __future__ import annotations

import marshal

import pytest

from kg.check import cache as check_cache
from kg.check import engine as checking
from kg.store.workspace import Workspace

PLAN = "id;tittel;status;start\nt-1;Tiltak 1;planlagt;\nt-2;Tiltak 2;planlagt;2026-Q1\n"


@pytest.fixture
def cache(tmp_path, monkeypatch):
    folder = tmp_path / "cache"
    monkeypatch.setenv("KG_CACHE_DIR", str(folder))
    check_cache._KEPT.clear()
    yield folder
    check_cache._KEPT.clear()


def _keys(report):
    return sorted((r.code, r.severity, r.focus, r.path, r.value, r.graph, r.row) for r in report.results)


def test_kept_check_is_the_check_and_is_read_back_until_the_workspace_changes(baseline_copy, cache, cli_run,
                                                                               tmp_path):
    ws_path = baseline_copy
    with Workspace.open(ws_path) as ws:
        assert check_cache.cached_check(ws, run=False) is None  # nothing kept, no file: no run either
        fresh = checking.check(ws)  # a default whole check keeps its result
        kept = check_cache.cached_check(ws, run=False)
        assert kept is fresh
        assert check_cache.cached_check(ws) is check_cache.cached_check(ws)  # the same object while nothing changed
        # a check of some codes only is not the whole check: it leaves what is kept alone
        checking.check(ws, codes=[fresh.results[0].code])
        assert _keys(check_cache.cached_check(ws, run=False)) == _keys(fresh)
    [file] = cache.glob("check-report-*.marshal")
    # a new process (here: a forgotten copy) reads the file; to see that it does, the file
    # is made to hold one result less than the check gives
    data = marshal.loads(file.read_bytes())
    dropped = data["results"].pop()
    file.write_bytes(marshal.dumps(data))
    check_cache._KEPT.clear()
    with Workspace.open(ws_path) as ws:
        again = check_cache.cached_check(ws, run=False)
    assert again is not None and len(again.results) == len(fresh.results) - 1
    assert sum(r.code == dropped["code"] for r in again.results) == sum(r.code == dropped["code"] for r in fresh.results) - 1
    # an import changes the catalog: the kept result and the file are not used; the
    # imported rows' gaps are there (by hand: t-1 has no start and no end, t-2 no end)
    plan = tmp_path / "plan.csv"
    plan.write_text(PLAN, encoding="utf-8")
    assert cli_run(["--data", str(ws_path), "import", str(plan), "--source", "plan"]).exit_code == 0
    with Workspace.open(ws_path) as ws:
        assert check_cache.cached_check(ws, run=False) is None
        after = check_cache.cached_check(ws)
        assert _keys(after) == _keys(checking.check(ws))
    plan_gaps = {(r.id, r.code) for r in after.results if (r.graph or "").rsplit("/", 1)[-1] == "plan"}
    assert any(c == "dates-missing" for _, c in plan_gaps)
    assert {i.rsplit("/", 1)[-1] for i, _ in plan_gaps} >= {"t-1", "t-2"}


def test_a_damaged_file_is_not_used(baseline_copy, cache):
    with Workspace.open(baseline_copy) as ws:
        first = check_cache.cached_check(ws)
    [file] = cache.glob("check-report-*.marshal")
    file.write_bytes(marshal.dumps({"key": "x"})[:-3])   # cut short
    check_cache._KEPT.clear()
    with Workspace.open(baseline_copy) as ws:
        assert check_cache.cached_check(ws, run=False) is None
        assert _keys(check_cache.cached_check(ws)) == _keys(first)


def test_reused_reader_sees_a_write(baseline_copy, cli_run, tmp_path):
    with Workspace.open(baseline_copy, reuse=True) as ws:
        store = ws.store
        assert not ws.ask("ASK { ?s ?p ?o }", s="https://w3id.org/kommune-ki/id/plan/t-1")
    with Workspace.open(baseline_copy, reuse=True) as ws:
        assert ws.store is store  # unchanged store: the same handle
    plan = tmp_path / "plan.csv"
    plan.write_text(PLAN, encoding="utf-8")
    assert cli_run(["--data", str(baseline_copy), "import", str(plan), "--source", "plan"]).exit_code == 0
    with Workspace.open(baseline_copy, reuse=True) as ws:
        assert ws.store is not store
        assert ws.ask("ASK { ?s ?p ?o }", s="https://w3id.org/kommune-ki/id/plan/t-1")


def test_a_check_of_an_in_memory_view_keeps_nothing(baseline_copy, cache, tmp_path, monkeypatch):
    """A version loaded from a file (a snapshot, an RDF file for a diff) has no folder and
    no catalog to key a kept result by: two such views would share one key, so the check
    of one must not be kept where the other (or a workspace) could meet it."""
    from kg.diff.compare import load_rdf
    monkeypatch.chdir(tmp_path)
    trig = tmp_path / "version.trig"
    with Workspace.open(baseline_copy) as ws:
        trig.write_bytes(ws.dump("trig"))
    view = load_rdf(trig, name="snapshot-version")
    report = checking.check(view)
    assert report.results  # the baseline has gaps: the check ran and found them
    assert check_cache._KEPT == {}
    assert list(cache.glob("check-report-*")) == []
