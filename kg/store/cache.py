"""Where kg keeps what it can rebuild from a workspace (the roadmap index, the gap check's
per-source copies): ``$KG_CACHE_DIR``, else ``$XDG_CACHE_HOME/kg`` or ``~/.cache/kg``.

Everything here is derived data: a cache that cannot be written or read is skipped, never
an error, and every entry is keyed so that a changed workspace never meets a stale one.
"""
from __future__ import annotations

import hashlib
import os
from pathlib import Path


def cache_dir() -> Path:
    if os.environ.get("KG_CACHE_DIR"):
        return Path(os.environ["KG_CACHE_DIR"])
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "kg"


def on_disk(ws) -> bool:
    """True for a workspace folder on disk; False for an in-memory view (a snapshot or a
    file loaded for a diff), which has nothing to key a cache entry by."""
    path = getattr(ws, "path", None)
    return path is not None and (Path(path) / "kg.json").is_file()


def workspace_key(ws) -> str:
    """A short key for the workspace folder (its resolved path)."""
    return hashlib.sha1(str(Path(ws.path).resolve()).encode()).hexdigest()[:16]


def write_atomic(path: Path, data: bytes) -> bool:
    """Write ``data`` to ``path`` through a temporary file and a rename (readers never see
    half a file). False when the cache cannot be written."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        with open(tmp, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
        return True
    except OSError:
        return False


def write_stamped(path: Path, stamp: str, obj) -> bool:
    """``obj`` marshalled behind a first line holding ``stamp`` (the key it was made for), so
    that a reader can tell a stale file from its first line without loading it all."""
    import marshal
    return write_atomic(path, stamp.encode("utf-8") + b"\n" + marshal.dumps(obj))


def read_stamped(path: Path, stamp: str | None):
    """What :func:`write_stamped` wrote to ``path`` for ``stamp`` (None: for any stamp);
    None when the file is missing, damaged or made for another stamp."""
    import marshal
    raw = read_stamped_bytes(path, stamp)
    try:
        return None if raw is None else marshal.loads(raw)
    except (EOFError, ValueError, TypeError):
        return None


def read_stamped_bytes(path: Path, stamp: str | None) -> bytes | None:
    """The marshalled bytes :func:`write_stamped` wrote to ``path`` for ``stamp`` (None: for
    any stamp), not yet loaded (for a caller that keeps them for later); None when missing
    or of another stamp."""
    try:
        with open(path, "rb") as fh:
            head = fh.readline()
            if stamp is not None and head != stamp.encode("utf-8") + b"\n":
                return None
            return fh.read()
    except OSError:
        return None

