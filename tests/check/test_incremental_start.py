"""The re-check after a change (kg.check.incremental.check_kept) works from the compiled
shapes a whole check kept: `kg check` after an import loads no rdflib; the kept shapes are
named by the workspace's subclass triples, so a new subclass of a target class is checked
as the engine would; and the re-check gives way to a whole check, decided before any
walking, when the changed triples would cost more than the last whole check took. Every
result is compared with a check of everything without any cache (KG_CHECK_CACHE=0)."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest

from kg.check import incremental
from kg.store.workspace import Workspace

from tests.check.test_incremental import _check, _write
from tests.check.test_incremental_delta import _full

BASE = """kgid:t-1 a kg:Initiative ; skos:prefLabel "t-1"@nb ; kg:status kgid:status-planlagt .
kgid:t-2 a kg:Initiative ; skos:prefLabel "t-2"@nb ; kg:dependsOn kgid:t-1 ; kg:owner kgid:ks ."""


@pytest.fixture(autouse=True)
def analyse_at_once(monkeypatch):
    # on this small workspace a whole check is quicker than ANALYSE_AFTER: read the queries anyway
    monkeypatch.setattr(incremental, "ANALYSE_AFTER", -1.0)


@pytest.fixture
def ws_path(tmp_path_factory, tmp_path, monkeypatch):
    path = tmp_path / "ws"
    Workspace.create(path, baseline=False)
    monkeypatch.setenv("KG_CACHE_DIR", str(tmp_path / "cache"))
    _write(path, "a", BASE)
    return path


def test_kg_check_after_an_import_loads_no_rdflib(ws_path, tmp_path, monkeypatch):
    _check(ws_path)                       # a whole check: keeps the result, the shapes, the queries' reach
    _write(ws_path, "b", 'kgid:t-3 a kg:Initiative ; skos:prefLabel "t-3"@nb ; kg:dependsOn kgid:t-2 .')
    out = tmp_path / "after.json"
    code = ("import json, sys\nfrom kg.cli import main\n"
            f"try:\n    main(['--data', {str(ws_path)!r}, 'check', '--format', 'json', '-o', {str(out)!r}])\n"
            "except SystemExit:\n    pass\n"
            "from kg.check import incremental\n"
            "print(json.dumps({'way': incremental.last.get('way'),"
            " 'rdflib': sorted(m for m in sys.modules if m.split('.')[0] == 'rdflib' or m == 'kg.check.engine')}))")
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    got = json.loads(r.stdout.strip().splitlines()[-1])
    assert got == {"way": "incremental", "rdflib": []}
    after = json.loads(out.read_text(encoding="utf-8"))
    full = _full(monkeypatch, ws_path)
    assert after["results"] == [{k: v for k, v in d.items() if k not in ("en", "label_en")} for d in full]
    # hand-worked: t-3 is new, has no owner (owner-missing) and depends on t-2 (no cycle)
    assert any(x["code"] == "owner-missing" and x["id"] == "t-3" for x in after["results"])


def test_a_new_subclass_of_a_target_class_is_checked(ws_path, monkeypatch):
    first = _check(ws_path)
    assert incremental.last["way"] == "full"
    # a class of the workspace's own below kg:Initiative: the compiled queries' targets
    # now include it, so the kept compiled shapes (named by the subclass triples) do not fit
    _write(ws_path, "b", "kgid:Pilot rdfs:subClassOf kg:Initiative .\n"
                         'kgid:p-1 a kgid:Pilot ; skos:prefLabel "p-1"@nb .')
    got = _check(ws_path)
    assert got == _full(monkeypatch, ws_path)
    # hand-worked: p-1 is an initiative through its class, and has no owner
    assert any(r["code"] == "owner-missing" and r["id"] == "p-1" for r in got)
    assert not any(r["id"] == "p-1" for r in first)
    # a change after that starts from the shapes compiled for the new tree
    _write(ws_path, "c", "kgid:p-1 kg:owner kgid:ks .")
    again = _check(ws_path)
    assert incremental.last["way"] == "incremental"
    assert again == _full(monkeypatch, ws_path)
    assert not any(r["code"] == "owner-missing" and r["id"] == "p-1" for r in again)


def test_gives_way_when_the_change_costs_more_than_a_whole_check(ws_path, monkeypatch):
    _check(ws_path)
    basis = json.loads(next((ws_path.parent / "cache").glob("check-basis-*.json")).read_text())
    assert basis["whole"] > 0          # the whole check's time, measured and kept
    # each changed triple priced above the whole check: the whole check runs, and the
    # choice is made before any walking (no "affected" stage)
    monkeypatch.setattr(incremental, "PER_CHANGE", basis["whole"] * 2)
    _write(ws_path, "b", "kgid:t-9 a kg:Initiative .")
    got = _check(ws_path)
    assert incremental.last["way"] == "full"
    assert incremental.last["estimate"] > incremental.last["whole"]
    assert "affected" not in incremental.last["cpu"]
    # b is a new source: its size comes from the catalog, so it is not even read
    assert "difference" not in incremental.last["cpu"]
    assert got == _full(monkeypatch, ws_path)
    # priced far below it: the same kind of change is re-checked where it reaches
    monkeypatch.setattr(incremental, "PER_CHANGE", 1e-9)
    _write(ws_path, "b", "kgid:t-9 a kg:Initiative ; kg:owner kgid:ks .")
    got = _check(ws_path)
    assert incremental.last["way"] == "incremental"
    assert got == _full(monkeypatch, ws_path)


def test_the_cost_of_a_change_is_measured_on_large_enough_rechecks(ws_path, monkeypatch):
    _check(ws_path)
    monkeypatch.setattr(incremental, "PER_CHANGE_FROM", 1)
    _write(ws_path, "b", "kgid:t-8 a kg:Initiative ; kg:owner kgid:ks .")
    _check(ws_path)
    assert incremental.last["way"] == "incremental"
    changed = incremental.last["changed"]
    basis = json.loads(next((ws_path.parent / "cache").glob("check-basis-*.json")).read_text())
    assert 0 < basis["per_change"] * changed < 60
    # a whole check's time is kept across re-checks (only the engine measures it)
    assert basis["whole"] > 0


def test_a_snapshot_or_a_file_in_memory_keeps_nothing(ws_path, tmp_path, monkeypatch):
    """What the re-check keeps (kg.check.incremental: keep_shapes, save, check) is for a
    workspace folder. A snapshot's checkpoint (a workspace with a folder, but no kg.json)
    and an RDF file read into memory for a diff keep nothing, read no basis, and leave the
    workspace's re-check as it was (a save tells check_kept to try again)."""
    from kg import api
    from kg.check import engine
    from kg.diff.compare import load_text, open_snapshot
    from tests.check.helpers import HEADER
    _check(ws_path)                      # a whole check of the workspace keeps its compiled shapes
    with Workspace.open(ws_path) as ws:
        shapes, run, infos, preds = incremental._kept_shapes(ws)
        report = engine.check(ws)        # the kept result
    info = api.Workspace(ws_path).snapshot("s")
    cache = tmp_path / "cache"
    for f in cache.glob("check-shapes-*"):
        f.unlink()                       # so that keeping them again would show
    before = sorted(str(p.relative_to(cache)) for p in cache.rglob("*"))
    marker = (str(ws_path), "the workspace's re-check gave way for this version")
    monkeypatch.setattr(incremental, "_tried", marker)
    with open_snapshot(ws_path, info) as old, load_text(HEADER + BASE, name="file") as mem:
        for version in (old, mem):
            incremental.keep_shapes(version, shapes, run, infos)
            incremental.save(version, shapes, {}, report)
            assert incremental.check(version, shapes, run, preds=preds) is None
            assert incremental.check_kept(version) is None
    assert sorted(str(p.relative_to(cache)) for p in cache.rglob("*")) == before
    assert incremental._tried == marker
