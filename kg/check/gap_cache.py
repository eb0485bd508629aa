"""The gaps of the last whole `kg check`, kept on disk until the workspace or kg changes.

A deck, a report or a diagram that marks gaps needs the results of the shipped shapes on
the whole workspace; at 1M triples one check costs several seconds. The check writes its
results here (:func:`store`, called by :func:`kg.check.engine.check` for the default run:
shipped shapes, fast engine, every code, the whole graph), and :func:`cached_results`
gives them back without importing the checker (rdflib) or touching the store beyond the
catalog.

The entry is keyed by the workspace's catalog stamp (every write changes it), its
``kg.json``, the shipped shape files and kg's own code (names, sizes and modification
times of its modules), so a changed workspace, shape or checker never meets a stale
entry. Everything here is derived data (see :mod:`kg.store.cache`): an entry that cannot be
read or written is skipped, never an error.
"""
from __future__ import annotations

import hashlib
import marshal
import os
from importlib import resources
from pathlib import Path

from kg.store.cache import cache_dir, workspace_key, write_atomic

VERSION = 1


def _code_digest(h) -> None:
    """kg's modules and shipped shapes: a new version or an edited checker changes it."""
    import kg
    h.update(kg.__version__.encode())
    roots = [Path(kg.__file__).resolve().parent, Path(str(resources.files("kg.ontology") / "shapes"))]
    for root in roots:
        for dirpath, dirnames, files in os.walk(root):
            dirnames[:] = sorted(d for d in dirnames if d != "__pycache__")
            for f in sorted(files):
                if f.endswith((".py", ".ttl")):
                    st = os.stat(os.path.join(dirpath, f))
                    h.update(f"{dirpath}/{f}:{st.st_size}:{st.st_mtime_ns}\n".encode())


def stamp(ws) -> str:
    h = hashlib.sha256(f"gaps-{VERSION}\n".encode())
    h.update(ws.catalog_stamp().encode())
    try:
        h.update((Path(ws.path) / "kg.json").read_bytes())
    except OSError:
        pass
    _code_digest(h)
    return h.hexdigest()


def _path(ws) -> Path:
    return cache_dir() / f"gaps-{workspace_key(ws)}.marshal"


def store(ws, results) -> None:
    """Keep the :class:`kg.check.results.CheckResult` list of a default whole check."""
    rows = [(r.code, r.severity, r.focus, r.message("nb"), r.message("en")) for r in results]
    try:
        write_atomic(_path(ws), marshal.dumps({"stamp": stamp(ws), "rows": rows}))
    except (OSError, ValueError, TypeError, AttributeError):  # a cache never stops a check
        pass


def cached_results(ws) -> list[tuple[str, str, str, str, str]] | None:
    """(code, severity, focus, message nb, message en) of each result of the last default
    check, when the workspace and kg are as they were then; else None."""
    try:
        with open(_path(ws), "rb") as fh:
            data = marshal.loads(fh.read())
        if data.get("stamp") == stamp(ws):
            return [tuple(r) for r in data["rows"]]
    except (OSError, EOFError, ValueError, TypeError, KeyError, AttributeError):
        pass
    return None
