"""Fault injection at every step of the journal path (issue 20, item 2).

A real process writes a large change through the journal (KG_BULK_MIN=1) and is killed
with SIGKILL right before its 1st, 2nd, … file or store operation (tests/hostile/
fault_driver.py counts every rename, mkdir, unlink, rmdir, fsync, store update, bulk load
and flush), until one run finishes. After every kill the next command, a reader, must
open the workspace, find it sound and see the source complete in its old or its new
version. The recovery itself is then killed at every one of its steps too."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox

from kg.store.workspace import JOURNAL, Workspace, source_iri

DRIVER = str(Path(__file__).with_name("fault_driver.py"))
ENV = dict(os.environ, KG_BULK_MIN="1", KG_LOCK_WAIT="30")


def drive(ws, mode, version, kill_at, env=ENV):
    p = subprocess.run([sys.executable, DRIVER, str(ws), mode, version, str(kill_at)],
                       capture_output=True, text=True, env=env, timeout=120)
    if p.returncode == 0:
        return int(p.stdout.split()[-1])
    assert p.returncode == -9, (kill_at, p.returncode, p.stderr[-2000:])
    return None


def version(ws) -> str:
    """'A' or 'B' when the source holds one version whole; anything else fails."""
    with Workspace.open(ws) as ws_:
        assert ws_.verify() == []
        data = ws_.store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.NamedNode(source_iri("plan")))
        listed = ws_.source("plan").triples
    labels = {line.decode() for line in data.splitlines() if line}
    tags = {t.rsplit('"', 1)[0].rsplit(" ", 1)[-1] for t in labels if ' A"' in t or ' B"' in t}
    assert len(tags) == 1, tags
    got = tags.pop()
    assert len(labels) == listed == (30 if got == "A" else 45), (got, len(labels), listed)
    return got


def test_kill_before_every_step_of_a_journal_write(hostile_ws, tmp_path):
    import shutil
    assert drive(hostile_ws, "write", "A", 0) is not None
    template = tmp_path / "template"
    shutil.copytree(hostile_ws, template)
    total = drive(hostile_ws, "write", "B", 0)
    assert version(hostile_ws) == "B"
    assert total >= 8, total     # the journal path really ran: files, renames, loads
    outcomes = []
    for n in range(1, total + 2):
        ws = tmp_path / f"ws-{n}"
        shutil.copytree(template, ws)
        finished = drive(ws, "write", "B", n)
        got = version(ws)        # a reader: opens, recovers, sees a whole version
        assert not (ws / JOURNAL).exists()
        assert [p.name for p in ws.iterdir() if p.name.startswith(JOURNAL)] == [] or finished is None
        outcomes.append((n, finished is not None, got))
        # the workspace still takes writes
        assert drive(ws, "write", "A" if got == "B" else "B", 0) is not None
        assert version(ws) == ("A" if got == "B" else "B")
        assert [p.name for p in ws.iterdir() if p.name.startswith(JOURNAL)] == []
        shutil.rmtree(ws)
    assert outcomes[-1][1], "the last run finished"
    assert {o[2] for o in outcomes} == {"A", "B"}, outcomes   # kills before and after the commit point


def test_kill_before_every_step_of_the_recovery(hostile_ws, tmp_path):
    """A kill right after the commit point leaves a complete journal; the reader that
    recovers it is killed at each of its steps in turn; the next reader still finishes."""
    import shutil
    assert drive(hostile_ws, "write", "A", 0) is not None
    template = tmp_path / "template"
    shutil.copytree(hostile_ws, template)
    # find the commit point: the first kill after which version B is seen
    n = 1
    while True:
        ws = tmp_path / "probe"
        shutil.copytree(template, ws)
        drive(ws, "write", "B", n)
        committed = (ws / JOURNAL).is_dir()
        shutil.rmtree(ws)
        if committed:
            break
        n += 1
        assert n < 100
    committed_state = tmp_path / "committed"
    shutil.copytree(template, committed_state)
    drive(committed_state, "write", "B", n)
    assert (committed_state / JOURNAL).is_dir()
    steps = drive(shutil.copytree(committed_state, tmp_path / "full"), "read", "-", 0)
    assert steps >= 5, steps
    for m in range(1, steps + 1):
        ws = tmp_path / f"rec-{m}"
        shutil.copytree(committed_state, ws)
        assert drive(ws, "read", "-", m) is None
        assert version(ws) == "B"
        assert [p.name for p in ws.iterdir() if p.name.startswith(JOURNAL)] == []
        shutil.rmtree(ws)


def _fresh(ws) -> frozenset:
    """The new source 'fresh' as a reader sees it (after recovering any journal): its lines,
    empty when it is not there; a source that is there is listed with as many as it holds."""
    with Workspace.open(ws) as ws_:
        assert ws_.verify() == []
        data = ws_.store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.NamedNode(source_iri("fresh")))
        got = frozenset(line for line in data.splitlines() if line)
        if "fresh" in {s.name for s in ws_.sources()}:
            assert ws_.source("fresh").triples == len(got)
        else:
            assert got == frozenset()
    return got


def test_kill_at_every_step_of_a_new_source_loaded_in_pieces(hostile_ws, tmp_path):
    """A new source's load is cut in pieces, one bulk loader per core (kg.store.bulk). A kill
    before any step, a piece's load included (the others may be half-way), leaves either
    no source or, once the next reader has replayed the journal, the whole source: a replay
    that finds the graph half-filled loads the file whole over it."""
    import shutil
    pieces = dict(ENV, KG_FAULT_PIECE_BYTES="1500")
    template = tmp_path / "template"
    shutil.copytree(hostile_ws, template)
    plain = drive(shutil.copytree(template, tmp_path / "plain"), "new", "B", 0)
    total = drive(shutil.copytree(template, tmp_path / "pieces"), "new", "B", 0, env=pieces)
    whole = _fresh(tmp_path / "plain")
    assert len(whole) == 45 and _fresh(tmp_path / "pieces") == whole
    assert total >= plain + 2, (plain, total)   # the load ran as several bulk loads
    outcomes, half = [], []
    for n in range(1, total + 2):
        ws = tmp_path / f"ws-{n}"
        shutil.copytree(template, ws)
        finished = drive(ws, "new", "B", n, env=pieces)
        if (ws / JOURNAL).is_dir():   # killed after the commit point: what the store holds now
            store = ox.Store.read_only(str(ws / "store"))
            half.append(len(list(store.quads_for_pattern(None, None, None, ox.NamedNode(source_iri("fresh"))))))
            del store
        # the recovery runs in pieces too when the graph is still empty
        drive(ws, "read", "-", 0, env=pieces)
        got = _fresh(ws)
        assert got in (frozenset(), whole), (n, len(got))
        outcomes.append((n, finished is not None, len(got)))
        assert not (ws / JOURNAL).exists()   # (a journal still being written is a writer's to remove)
        shutil.rmtree(ws)
    assert outcomes[-1][1], "the last run finished"
    assert {o[2] for o in outcomes} == {0, 45}, outcomes
    assert any(0 < k < 45 for k in half), half   # some kill left the graph half-loaded, and it was made whole
