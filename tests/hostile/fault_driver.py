"""Run one journal write (or one read) and SIGKILL the process right before its N-th
file or store operation: fault injection at every step of the journal path.

    python fault_driver.py WS write VERSION KILL_AT   # replace source 'plan' with VERSION
    python fault_driver.py WS read  -       KILL_AT   # open for reading (recovers a journal)
    python fault_driver.py WS new   VERSION KILL_AT   # write VERSION as the new source 'fresh'

With KG_FAULT_PIECE_BYTES set, a load into an empty graph goes in pieces of that many bytes
on two bulk loaders (kg.store.bulk), each piece's load counted as a step.

KILL_AT 0 never kills. Prints ``done OPS`` (the number of operations seen) when it
finishes. The operations counted are every os.rename/replace/mkdir/rmdir/unlink/fsync
and every store update/bulk_load/flush, from the moment the write (or the recovery)
begins. Used by test_journal_faults.py."""
from __future__ import annotations

import os
import signal
import sys

import kg.store.workspace as W

ws_path, mode, version, kill_at = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
state = {"armed": False, "n": 0}


def step(name):
    if not state["armed"]:
        return
    state["n"] += 1
    if state["n"] == kill_at:
        sys.stdout.flush()
        os.kill(os.getpid(), signal.SIGKILL)


def wrap(mod, attr):
    real = getattr(mod, attr)

    def f(*a, **k):
        step(attr)
        return real(*a, **k)
    setattr(mod, attr, f)


for name in ("rename", "replace", "mkdir", "rmdir", "unlink", "fsync"):
    wrap(os, name)


class Store:
    """The real store, with its writes counted as steps."""

    def __init__(self, real):
        self._real = real

    def __getattr__(self, name):
        attr = getattr(self._real, name)
        if name in ("update", "bulk_load", "flush"):
            def f(*a, **k):
                step(name)
                return attr(*a, **k)
            return f
        return attr

    def __iter__(self):
        return iter(self._real)


_commit, _replay = W.Workspace._commit, W.Workspace._replay


def commit(self, ops):
    state["armed"] = True
    self.store = Store(self.store)
    return _commit(self, ops)


def replay(self):
    state["armed"] = True
    if not isinstance(self.store, Store):
        self.store = Store(self.store)
    return _replay(self)


W.Workspace._commit, W.Workspace._replay = commit, replay

if os.environ.get("KG_FAULT_PIECE_BYTES"):
    from kg.store import bulk
    bulk.MIN_SPLIT_BYTES = 0
    W.JOURNAL_PIECE_MAX = int(os.environ["KG_FAULT_PIECE_BYTES"])
    bulk.cores = lambda: 2
_finish = W.Workspace._finish_interrupted_write.__func__


def finish(cls, *a, **k):
    state["armed"] = True   # the clean-up of leftovers counts too
    return _finish(cls, *a, **k)


W.Workspace._finish_interrupted_write = classmethod(finish)


def lines(version):
    n = 30 if version == "A" else 45
    # versions share their first 20 nodes (kept by a difference write), and differ after
    return [f'<http://example.org/n{i}> <http://www.w3.org/2004/02/skos/core#prefLabel> "n{i} {version if i >= 20 else ""}"@nb .'
            .encode() for i in range(n)]


if mode in ("write", "new"):
    import pyoxigraph as ox
    quads = list(ox.parse(b"\n".join(lines(version)), format=ox.RdfFormat.N_TRIPLES))
    with W.Workspace.open(ws_path, write=True) as ws:
        ws.replace_source("plan" if mode == "write" else "fresh", quads, {"kind": "test"})
else:
    with W.Workspace.open(ws_path) as ws:
        ws.sources()
print("done", state["n"])
