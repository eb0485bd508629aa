"""`kg snapshot NAME --force` replaces a snapshot by building the new checkpoint beside the
old one and swapping them by renames (kg.store.snapshots._swap_in): killed at any step,
the process leaves the old snapshot or the new one whole, never neither and never a mix
of one's sidecar with the other's checkpoint. The listing puts back (or finishes) a
replacement cut short when nobody uses the workspace; the next snapshot always does."""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox

from kg import api
from kg.diff.compare import open_snapshot
from kg.store import snapshots
from kg.store.workspace import Workspace

from legacy import trig_snapshot
from test_snapshot_store import _small_import

ID = "https://w3id.org/kommune-ki/id/"
DRIVER = Path(__file__).with_name("snapshot_fault_driver.py")


def _replace_killed_at(ws, kill_at: int) -> str | None:
    """Run `snapshot s --force` (message 'second') in a real process killed before the
    swap's step ``kill_at``; None when it was killed, else what it printed."""
    r = subprocess.run([sys.executable, str(DRIVER), str(ws), "s", "second", str(kill_at)],
                       capture_output=True, text=True, timeout=300, env=dict(os.environ, KG_LOCK_WAIT="60"))
    if r.returncode == -signal.SIGKILL:
        return None
    assert r.returncode == 0, r.stderr
    return r.stdout.strip()


def _files(ws) -> list[str]:
    return sorted(p.name for p in snapshots.snapshot_dir(ws).iterdir())


def _whole(ws, cli_run) -> str:
    """Which snapshot 's' the workspace holds ('first' or 'second'), after checking that it
    is whole: its sidecar and its checkpoint are of one version, and diff reads it."""
    [info] = snapshots.list_snapshots(ws)
    assert info.name == "s" and info.message in ("first", "second")
    # 'second' was taken after the source 'extra' was imported, 'first' before
    assert ("extra" in info.sources) == (info.message == "second")
    with open_snapshot(ws, info) as old:
        assert old.count("?i a kg:Initiative") == info.initiatives
        has_extra = next(iter(old.store.quads_for_pattern(ox.NamedNode(f"{ID}extra-0"), None, None, None)), None)
        assert (has_extra is not None) == (info.message == "second")
    # the workspace holds what 'second' froze: equal (0) to it, different (1) from 'first'
    r = cli_run(["--data", ws, "diff", "s", "--no-check"])
    assert r.exit_code == (0 if info.message == "second" else 1), r.output
    return info.message


def test_force_killed_at_each_step_leaves_the_old_or_the_new_snapshot(baseline_copy, tmp_path, cli_run):
    api.Workspace(baseline_copy).snapshot("s", "first")
    _small_import(baseline_copy, "extra")
    seen, kill_at = [], 1
    while True:
        run = tmp_path / f"kill-{kill_at}"
        shutil.copytree(baseline_copy, run, ignore=shutil.ignore_patterns(".lock"))
        out = _replace_killed_at(run, kill_at)
        if out is not None:   # the swap has fewer steps: it ran to the end
            assert out == f"done {kill_at - 1}"
            assert _whole(run, cli_run) == "second" and _files(run) == ["s.json", "s.store"]
            break
        # the same crash, found by the next snapshot (before any listing) ...
        again = tmp_path / f"again-{kill_at}"
        shutil.copytree(run, again, ignore=shutil.ignore_patterns(".lock"))
        api.Workspace(again).snapshot("t")
        assert _files(again) == ["s.json", "s.store", "t.json", "t.store"]
        # ... and by a listing, with the workspace otherwise idle
        seen.append(_whole(run, cli_run))
        assert _files(run) == ["s.json", "s.store"]
        assert [i.message for i in snapshots.list_snapshots(again) if i.name == "s"] == [seen[-1]]
        kill_at += 1
    # the old snapshot until the new sidecar is in place, the new one from then on
    # (steps: old sidecar aside, old checkpoint aside, new checkpoint in place, new
    # sidecar in place, then the old pair removed: checkpoint, sidecar)
    assert seen == ["first"] * 4 + ["second"] * 2, seen


def test_an_older_trig_snapshot_replaced_and_cut_short_comes_back(baseline_copy, cli_run):
    """The old snapshot is a TriG file (made before checkpoints): killed with the new
    checkpoint in place but before its sidecar (step 4), the TriG snapshot is back and the
    checkpoint that never became a snapshot is gone."""
    trig_snapshot(baseline_copy, "s", message="first")
    _small_import(baseline_copy, "extra")
    assert _replace_killed_at(baseline_copy, 4) is None
    left = _files(baseline_copy)   # and the new sidecar, written but not yet in place
    assert [n for n in left if not n.endswith(".tmp")] == [".s.json.replaced", ".s.trig.replaced", "s.store"]
    assert [n.split(".")[:3] for n in left if n.endswith(".tmp")] == [["", "s", "json"]]
    [info] = snapshots.list_snapshots(baseline_copy)
    assert info.format == "trig" and info.message == "first"
    assert _files(baseline_copy) == ["s.json", "s.trig"]
    assert _whole(baseline_copy, cli_run) == "first"


def test_a_listing_leaves_a_replacement_alone_while_the_workspace_is_in_use(baseline_copy):
    api.Workspace(baseline_copy).snapshot("s", "first")
    folder = snapshots.snapshot_dir(baseline_copy)
    with Workspace.open(baseline_copy, write=True):
        # what a --force in progress (or cut short) leaves after its first step
        (folder / "s.json").rename(folder / ".s.json.replaced")
        assert snapshots.list_snapshots(baseline_copy) == []   # the writer may be swapping right now
        assert _files(baseline_copy) == [".s.json.replaced", "s.store"]
    assert [i.message for i in snapshots.list_snapshots(baseline_copy)] == ["first"]
    assert _files(baseline_copy) == ["s.json", "s.store"]
    # --remove finds it too, under the write lock (no listing could put it back first)
    (folder / "s.json").rename(folder / ".s.json.replaced")
    assert api.Workspace(baseline_copy).remove_snapshot("s").message == "first"
    assert _files(baseline_copy) == []


def test_a_sidecar_without_its_checkpoint_never_comes_back_over_the_new_one(baseline_copy, tmp_path):
    """A snapshot whose checkpoint is gone (its sidecar alone, not listed) replaced with
    --force and killed at each step: the old sidecar is dropped, not put aside, so no
    recovery can put it back over the new checkpoint (its key and sources would then
    describe content it never froze). Killed before the new sidecar, there is no snapshot
    's'; after it, the new one."""
    api.Workspace(baseline_copy).snapshot("s", "first")
    shutil.rmtree(snapshots.snapshot_dir(baseline_copy) / "s.store")
    _small_import(baseline_copy, "extra")
    kill_at = 1
    while True:
        run = tmp_path / f"kill-{kill_at}"
        shutil.copytree(baseline_copy, run, ignore=shutil.ignore_patterns(".lock"))
        out = _replace_killed_at(run, kill_at)
        listed = [(i.name, i.message) for i in snapshots.list_snapshots(run)]
        assert ("s", "first") not in listed, (kill_at, listed)
        if out is not None:
            assert listed == [("s", "second")]
            break
        assert listed in ([], [("s", "second")]), (kill_at, listed)
        kill_at += 1
    assert kill_at > 1
