"""Concurrency: two `kg import` processes on one workspace at once both finish (one
waits for the other's short final transaction) and nothing is lost; readers keep working
while an import parses, and wait briefly during its commit; a lock held too long gives a
clear "busy" error, not a hang or a corrupt store."""
from __future__ import annotations

import csv
import fcntl
import os
import subprocess
import time

from hostile_helpers import kg_cmd, tree_hash
from kg.store.workspace import Workspace, source_iri


def write_rows(path, tag: str, n: int) -> None:
    with open(path, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, delimiter=";")
        w.writerow(["id", "tittel", "status", "start"])
        for i in range(n):
            w.writerow([f"{tag}-{i}", f"{tag} tiltak {i}", "planlagt", "2026-Q2"])


def popen_import(ws, f, *extra, env=None):
    return subprocess.Popen(kg_cmd() + ["--data", str(ws), "import", str(f), *extra], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=dict(os.environ, **(env or {})))


def labels_of(ws_path, source) -> set[str]:
    with Workspace.open(ws_path) as ws:
        return {r["l"].value for r in ws.select("SELECT ?l WHERE { GRAPH ?g { ?s skos:prefLabel ?l } }",
                                                g=source_iri(source))}


def test_two_imports_of_different_sources_at_once(hostile_ws, tmp_path):
    a, b = tmp_path / "alfa.csv", tmp_path / "beta.csv"
    write_rows(a, "alfa", 120)
    write_rows(b, "beta", 120)
    pa, pb = popen_import(hostile_ws, a), popen_import(hostile_ws, b)
    ra, rb = pa.wait(timeout=600), pb.wait(timeout=600)
    assert (ra, rb) == (0, 0), (pa.stderr.read(), pb.stderr.read())
    assert len(labels_of(hostile_ws, "alfa")) == 120 and len(labels_of(hostile_ws, "beta")) == 120
    with Workspace.open(hostile_ws) as ws:
        assert ws.verify() == []
        assert ws.count("?s a kg:Initiative") == 2 + 240


def test_two_imports_of_the_same_source_at_once(hostile_ws, tmp_path):
    a, b = tmp_path / "a.csv", tmp_path / "b.csv"
    write_rows(a, "aaa", 90)
    write_rows(b, "bbb", 130)
    pa = popen_import(hostile_ws, a, "--source", "felles")
    pb = popen_import(hostile_ws, b, "--source", "felles")
    assert (pa.wait(timeout=600), pb.wait(timeout=600)) == (0, 0), (pa.stderr.read(), pb.stderr.read())
    got = labels_of(hostile_ws, "felles")
    assert got in ({f"aaa tiltak {i}" for i in range(90)}, {f"bbb tiltak {i}" for i in range(130)})
    with Workspace.open(hostile_ws) as ws:
        assert ws.verify() == []


def test_readers_keep_working_while_an_import_runs(hostile_ws, tmp_path):
    f = tmp_path / "stor.csv"
    write_rows(f, "stor", 1500)
    p = popen_import(hostile_ws, f)
    reads, slowest, during = 0, 0.0, 0
    while p.poll() is None:
        t0 = time.monotonic()
        with Workspace.open(hostile_ws, wait=60) as ws:
            n = ws.count("?s a kg:Initiative")
            assert ws.verify() == []
        dt = time.monotonic() - t0
        slowest = max(slowest, dt)
        reads += 1
        assert n in (2, 1502)
        if p.poll() is None:
            during += 1
        time.sleep(0.05)
    assert p.returncode == 0, p.stderr.read()
    assert during >= 3, f"only {during} reads completed while the import ran"
    assert labels_of(hostile_ws, "stor") == {f"stor tiltak {i}" for i in range(1500)}
    print(f"\n{reads} reads while importing 1500 rows; slowest read {slowest:.2f}s")


def test_busy_workspace_fails_clearly_then_waits(hostile_ws, tmp_path):
    f = tmp_path / "vent.csv"
    write_rows(f, "vent", 5)
    before = tree_hash(hostile_ws)
    with open(hostile_ws / ".lock", "a+") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)  # as a writer in its final transaction would
        p = popen_import(hostile_ws, f, env={"KG_LOCK_WAIT": "1"})
        out, err = p.communicate(timeout=120)
        assert p.returncode == 2
        assert "busy" in err or "opptatt" in err, err
        assert "Traceback" not in err
        r = subprocess.run(kg_cmd() + ["--data", str(hostile_ws), "--lang", "en", "sources"], capture_output=True,
                           text=True, env=dict(os.environ, KG_LOCK_WAIT="1"), timeout=120)
        assert r.returncode == 2 and "busy" in r.stderr
        # a reader with time to wait gets its answer once the lock goes
        reader = subprocess.Popen(kg_cmd() + ["--data", str(hostile_ws), "sources"], stdout=subprocess.PIPE,
                                  stderr=subprocess.PIPE, text=True, env=dict(os.environ, KG_LOCK_WAIT="60"))
        time.sleep(2.0)
        assert reader.poll() is None  # still waiting
        fcntl.flock(fh, fcntl.LOCK_UN)
    out, err = reader.communicate(timeout=120)
    assert reader.returncode == 0 and "roadmap" in out, err
    assert tree_hash(hostile_ws) == before
