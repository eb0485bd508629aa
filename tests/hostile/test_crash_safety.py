"""Crash safety: `kg import` killed with SIGKILL at random moments leaves a workspace
that opens, passes its own integrity check (Workspace.verify: catalog counts equal graph
contents, no orphan graphs) and holds the old or the new version of the source, never
part of one. Many runs, each a real subprocess."""
from __future__ import annotations

import csv
import os
import random
import signal
import subprocess
import time

import pytest
from hostile_helpers import kg_cmd
from kg.store.workspace import Workspace, source_iri

RUNS = 20


def write_version(path, version: str, n: int) -> None:
    with open(path, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, delimiter=";")
        w.writerow(["id", "tittel", "status", "start", "avhenger_av"])
        for i in range(n):
            w.writerow([f"t-{i}", f"Tiltak {i} versjon {version}", "planlagt", "2026-Q1", f"t-{i - 1}" if i else ""])


def state(ws_path) -> tuple[str, int]:
    """(which version the source 'plan' holds: 'A', 'B', 'none' or 'MIXED …', its triple count),
    after checking that the workspace opens and is sound."""
    with Workspace.open(ws_path) as ws:
        problems = ws.verify()
        assert problems == [], problems
        rows = ws.select("SELECT ?l WHERE { GRAPH ?g { ?s skos:prefLabel ?l } }", g=source_iri("plan"))
        versions = {r["l"].value.rsplit(" ", 1)[-1] for r in rows}
        n = ws.count("GRAPH <%s> { ?s ?p ?o }" % source_iri("plan"))
    if not rows:
        return "none", n
    if len(versions) == 1 and len(rows) == SIZE[versions.copy().pop()]:
        return versions.pop(), n
    return f"MIXED {sorted(versions)} {len(rows)} labels", n


SIZE = {"A": 150, "B": 220}


@pytest.mark.parametrize("path", ["transaction", "journal"])
def test_sigkill_during_import_never_leaves_half_a_source(hostile_ws, tmp_path, path):
    """Both write paths: one Oxigraph transaction (small writes) and the journal + bulk
    loader (large writes; KG_BULK_MIN=1 sends every write there)."""
    a, b = tmp_path / "plan-a.csv", tmp_path / "plan-b.csv"
    write_version(a, "A", SIZE["A"])
    write_version(b, "B", SIZE["B"])
    env = dict(os.environ, KG_LOCK_WAIT="60", KG_BULK_MIN="1" if path == "journal" else "1000000000")

    def start(f):
        return subprocess.Popen(kg_cmd() + ["--data", str(hostile_ws), "import", str(f), "--source", "plan"],
                                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)

    # a full, undisturbed run first: how long an import takes here (the kill window)
    t0 = time.monotonic()
    p = start(a)
    assert p.wait(timeout=600) == 0, p.stderr.read()
    full = time.monotonic() - t0
    assert state(hostile_ws)[0] == "A"
    counts = {"A": state(hostile_ws)[1]}

    rng = random.Random(8)
    outcomes = []
    current = "A"
    for run in range(RUNS):
        target = "B" if current == "A" else "A"
        # half the kills anywhere in the run, half in its last stretch (the write)
        delay = rng.uniform(0.05, full) if run % 2 == 0 else rng.uniform(0.75 * full, 1.25 * full)
        p = start(b if target == "B" else a)
        time.sleep(delay)
        p.send_signal(signal.SIGKILL)
        rc = p.wait(timeout=60)
        got, n = state(hostile_ws)
        assert got in (current, target), f"run {run}: killed after {delay:.2f}s (rc {rc}): {got}"
        counts.setdefault(got, n)
        assert n == counts[got], f"run {run}: version {got} with {n} triples, before {counts[got]}"
        outcomes.append((round(delay, 2), rc, current, got))
        current = got
    # the workspace still takes writes after all the kills
    p = start(b if current == "A" else a)
    assert p.wait(timeout=600) == 0, p.stderr.read()
    assert state(hostile_ws)[0] == ("B" if current == "A" else "A")
    assert not (hostile_ws / "journal").exists()
    print(f"\nfull import {full:.2f}s; kills (delay s, exit, before, after): {outcomes}")


def test_verify_finds_orphan_graphs_and_wrong_counts(hostile_ws, cli_run):
    """The integrity check itself can fail: a graph written behind the catalog's back and
    a count that no longer matches are both reported (exit 1), in nb and en."""
    res = cli_run(["--data", hostile_ws, "--lang", "en", "sources", "--verify"])
    assert res.exit_code == 0 and "All sound" in res.stdout
    with Workspace.open(hostile_ws, write=True) as ws:
        ws.store.update("INSERT DATA { GRAPH <https://w3id.org/kommune-ki/source/ghost> { <http://x/a> <http://x/b> 1 } "
                        "GRAPH <https://w3id.org/kommune-ki/source/roadmap> { <http://x/a> <http://x/b> 2 } }")
    res = cli_run(["--data", hostile_ws, "--lang", "en", "sources", "--verify"])
    assert res.exit_code == 1
    assert "ghost" in res.stdout and "the catalog does not list" in res.stdout
    assert "roadmap" in res.stdout and "the catalog records" in res.stdout
    res = cli_run(["--data", hostile_ws, "--lang", "nb", "sources", "--verify", "--format", "json"])
    assert res.exit_code == 1 and "katalogen" in res.stdout
