"""Replace snapshot NAME of the workspace WS (``kg snapshot NAME --force``) and SIGKILL the
process right before the N-th step of the swap: fault injection at every step where the
old snapshot gives way to the new one.

    python snapshot_fault_driver.py WS NAME MESSAGE KILL_AT

KILL_AT 0 never kills. Prints ``done STEPS`` (the number of steps seen) when it finishes.
The steps counted are every os.rename/os.replace and every removal of a file or folder
that is there (kg.store.snapshots._remove_path), from the moment the new checkpoint is
built beside the old one (kg.store.snapshots._swap_in) until the swap is done. Used by
test_snapshot_replace.py."""
from __future__ import annotations

import os
import signal
import sys

from kg import api
from kg.store import snapshots as S

ws_path, name, message, kill_at = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
state = {"armed": False, "n": 0}


def step() -> None:
    if not state["armed"]:
        return
    state["n"] += 1
    if state["n"] == kill_at:
        sys.stdout.flush()
        os.kill(os.getpid(), signal.SIGKILL)


def counted(real, only_if_there=False):
    def f(p, *a, **k):
        if not only_if_there or os.path.lexists(p):
            step()
        return real(p, *a, **k)
    return f


os.rename, os.replace = counted(os.rename), counted(os.replace)
S._remove_path = counted(S._remove_path, only_if_there=True)
_swap_in = S._swap_in


def swap_in(*a, **k):
    state["armed"] = True
    try:
        return _swap_in(*a, **k)
    finally:
        state["armed"] = False


S._swap_in = swap_in
api.Workspace(ws_path).snapshot(name, message, force=True)
print(f"done {state['n']}")
