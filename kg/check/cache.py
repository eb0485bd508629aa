"""The whole-workspace `kg check` result, kept while the workspace is unchanged: in this
process, and as plain data in the cache folder (:mod:`kg.store.cache`). A default whole check
(shipped shapes, fast engine, every code, the whole graph) keeps its result (:func:`keep`,
called by :func:`kg.check.engine.check`); a long-running reader (`kg serve`) runs the
check once per version of the workspace, a restarted one not at all, and the deck, the
report and the diagrams' gap marks (:func:`kg.facade.gaps_from_check`) read the last
`kg check` instead of checking again.

The key is the catalog stamp (every write changes the catalog), ``kg.json``, the shipped
shapes' contents and kg's version: a changed workspace or a new kg never meets a stale
result.
The file holds data only (the result types as plain values, in marshal's format), never
code. A cache that cannot be read or written is skipped.

    from kg.check.cache import cached_check
    report = cached_check(ws)             # the check, computed at most once per version
    report = cached_check(ws, wait=0.5)   # None if it is still being computed elsewhere
"""
from __future__ import annotations

import functools
import hashlib
import marshal
import threading
import time
from dataclasses import asdict
from pathlib import Path

from kg import __version__
from kg.store.cache import cache_dir, on_disk, workspace_key, write_atomic
from kg.check.results import CheckReport, CheckResult, ShapeInfo

FORMAT = 1
_KEPT: dict[str, tuple[str, CheckReport]] = {}   # workspace folder -> (key, report)
_RUNNING: dict[str, threading.Event] = {}        # workspace folder -> set when its run ends
_LOCK = threading.Lock()


@functools.lru_cache(maxsize=1)
def _shapes_digest() -> str:
    from kg.check.shape_files import shipped_shape_files
    h = hashlib.sha256()
    for f in shipped_shape_files():
        h.update(f.name.encode())
        h.update(f.read_bytes())
    return h.hexdigest()


def report_key(ws) -> str:
    """What the cached result depends on: the catalog, kg.json, the shapes, kg's version."""
    key = "\n".join((str(FORMAT), __version__, ws.catalog_stamp(), _shapes_digest()))
    return hashlib.sha256(key.encode()).hexdigest()


def keep(ws, report: CheckReport) -> None:
    """Keep ``report``, the result of a default whole check of ``ws``, in this process and
    in the cache folder (a cache that cannot be written is skipped). An in-memory view (a
    snapshot, a file loaded for a diff) has no folder to key it by: nothing is kept."""
    if not on_disk(ws):
        return
    try:
        key = report_key(ws)
        folder = str(Path(ws.path).resolve())
    except (OSError, TypeError, AttributeError):  # a folder that cannot be resolved: nothing kept
        return
    with _LOCK:
        _KEPT[folder] = (key, report)
    try:
        write_atomic(_file(ws), to_bytes(report, key))
    except (OSError, ValueError, TypeError):
        pass


def _file(ws) -> Path:
    # marshal: plain data (strings, numbers, lists and dicts of them) read and written in a
    # third of the time JSON takes; the kept result is read and written by every check
    return cache_dir() / f"check-report-{workspace_key(ws)}.marshal"


def read_kept(ws, key: str) -> CheckReport | None:
    """The result kept in the cache folder for ``ws`` if it was made for ``key`` (see
    :func:`report_key`), else None (also when the file is damaged)."""
    try:
        return from_bytes(_file(ws).read_bytes(), key)
    except OSError:
        return None


def _data(report: CheckReport, key: str) -> dict:
    """``report`` as plain data, made for ``key``."""
    return {"key": key, "format": FORMAT, "engine": report.engine, "seconds": report.seconds,
            "fallback_shapes": report.fallback_shapes,
            "shapes": {k: asdict(v) for k, v in report.shapes.items()},
            # the fields are plain (strings, numbers, dicts of strings): asdict's deep copy
            # of each costs more than the rest of a check after a change
            "results": [dict(vars(r)) for r in report.results]}


def kept_bytes(ws) -> tuple[str, bytes] | None:
    """``(key, bytes)``: the result kept for ``ws`` under its current key, not yet read:
    this process's copy, else the cache file's bytes (:func:`from_bytes` reads them, and
    refuses them when they were made for another key); None when nothing is kept. For a
    caller that keeps the result for later (a snapshot)."""
    if not on_disk(ws):
        return None
    try:
        key = report_key(ws)
        folder = str(Path(ws.path).resolve())
    except (OSError, TypeError, AttributeError):
        return None
    with _LOCK:
        kept = _KEPT.get(folder)
    if kept is not None and kept[0] == key:
        return key, to_bytes(kept[1], key)
    try:
        return key, _file(ws).read_bytes()
    except OSError:
        return None


def to_bytes(report: CheckReport, key: str) -> bytes:
    """``report``, made for ``key``, as the cache file holds it."""
    return marshal.dumps(_data(report, key))


def from_bytes(data: bytes, key: str) -> CheckReport | None:
    """The report in ``data`` (:func:`to_bytes`) if it was made for ``key``, else None (also
    when the bytes are damaged)."""
    try:
        d = marshal.loads(data)
    except (ValueError, EOFError, TypeError):
        return None
    return from_dict(d, key) if isinstance(d, dict) else None


def from_dict(d: dict, key: str) -> CheckReport | None:
    """The report in ``d`` (the data :func:`to_bytes` and :func:`keep` write, read) if made for ``key``, else None."""
    try:
        if d.get("key") != key or d.get("format") != FORMAT:
            return None
        return CheckReport(results=[CheckResult(**r) for r in d["results"]],
                           shapes={k: ShapeInfo(**v) for k, v in d["shapes"].items()},
                           engine=d["engine"], seconds=d["seconds"], fallback_shapes=d["fallback_shapes"])
    except (ValueError, TypeError, KeyError):
        return None


def cached_check(ws, wait: float | None = None, run: bool | str = True) -> CheckReport | None:
    """`kg check` of ``ws`` (shipped shapes, fast engine) from this process's copy, else
    the cache file, else run now (once: a second caller waits for the first run).
    ``wait`` (seconds): return None instead of waiting longer for another caller's run.
    ``run=False``: None rather than start a run (a page that can do without gaps);
    ``run="background"``: start it in a thread of its own (on its own opening of the
    workspace) and wait for it as for another caller's run."""
    if run == "background":
        with _LOCK:
            folder = str(Path(ws.path).resolve())
            kept = _KEPT.get(folder)
            busy = folder in _RUNNING or (kept is not None and kept[0] == report_key(ws))
        if not busy:
            start_in_background(ws.path)
            for _ in range(100):  # until it has claimed the run (or finished it)
                if folder in _RUNNING or folder in _KEPT:
                    break
                time.sleep(0.01)
        return cached_check(ws, wait=wait, run=False) or (None if wait is not None else cached_check(ws))
    folder = str(Path(ws.path).resolve())
    key = report_key(ws)
    while True:
        with _LOCK:
            kept = _KEPT.get(folder)
            if kept is not None and kept[0] == key:
                return kept[1]
            running = _RUNNING.get(folder)
            if running is None and not run:
                break
            if running is None:
                mine = _RUNNING[folder] = threading.Event()
                break
        if not running.wait(wait):
            return None
    if not run:  # nothing kept, nothing running: the cache file, or nothing
        report = read_kept(ws, key)
        if report is not None:
            with _LOCK:
                _KEPT[folder] = (key, report)
        return report
    try:
        report = read_kept(ws, key)
        if report is None:
            # the kept result re-checked where a change reaches, from the kept compiled
            # shapes (no rdflib, no engine), as a default whole check starts; the engine
            # (rdflib) only when that gives way
            from kg.check import incremental
            report = incremental.check_kept(ws)
        if report is None:
            from kg.check import engine as checking   # (rdflib: only when a check runs)
            report = checking.check(ws)  # a default whole check: it keeps itself (keep)
        with _LOCK:
            _KEPT[folder] = (key, report)
        return report
    finally:
        with _LOCK:
            _RUNNING.pop(folder, None)
        mine.set()


def start_in_background(path) -> threading.Thread:
    """Run :func:`cached_check` for the workspace at ``path`` in a daemon thread."""
    def work():
        from kg.store.workspace import Workspace
        try:
            with Workspace.open(path, reuse=True) as ws:
                cached_check(ws)
        except Exception:  # noqa: BLE001  (a page that needs the check runs it and reports)
            pass
    t = threading.Thread(target=work, name="kg-check", daemon=True)
    t.start()
    return t
