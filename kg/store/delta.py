"""What each write of a source changed: the N-Triples lines it removed and added, kept so
that what is derived from a source (the check's kept result, :mod:`kg.check.incremental`)
can be brought up to date without reading the whole source again.

A write through kg (:meth:`kg.store.workspace.Workspace.replace_source`) already works out
the difference between the graph's triples and the new content. When the source was
written by kg before (its catalog entry holds the SHA-256 of its content or of the file
it was loaded from, ``kg:contentDigest``, and as many triples as the graph holds) the difference is kept here,
as the step from the old content digest to the new one::

    <cache>/delta-<workspace key>/<G>-<old>-<new>.nt

(G: digest of the graph's IRI, old and new: of the two content digests; :mod:`kg.store.cache` has the folder). A file starts with
``# kg-delta v1 <SHA-256 of the rest>``, then one line per triple: ``- <s> <p> <o> .``
removed, ``+ …`` added. It is written before the write is committed; a write that is then
refused or cut short leaves a step that is still true (it names two contents, not a
moment), and the next write, or the journal's replay, changes nothing about it.

A step is a statement about two contents, so it can be trusted exactly as far as the
catalog's digest can: a reader asks for the way from the digest it knows (kept with its
derived data) to the digest the catalog states now (:func:`between`), and gets None, and
reads the source itself, when no chain of kept steps leads there: a write that went
around kg and changed the digest (or wrote none), a step too large to keep
(``MAX_LINES``), or a step pruned away. Blank nodes make a difference meaningless (their
labels change from one parse to the next): no step is kept for such a write.
Each graph keeps its ``KEEP`` newest steps; ``KG_CHECK_CACHE=0`` turns this off.
"""
from __future__ import annotations

import hashlib
import os
import re
from pathlib import Path

MAGIC = b"# kg-delta v1 "
MAX_LINES = 50_000   # a larger difference is not kept (the reader reads the source instead)
KEEP = 16            # steps kept per graph
# a content digest as kg writes it: the SHA-256 of the content's lines, or of the file a
# source was loaded from whole (kg init, the bench)
_DIGEST = re.compile(r"^(file-sha256:)?[0-9a-f]{64}$")
_NAME = re.compile(r"^([0-9a-f]{16})-([0-9a-f]{32})-([0-9a-f]{32})\.nt$")


def _enabled() -> bool:
    return os.environ.get("KG_CHECK_CACHE", "1").strip().lower() not in ("0", "no", "false", "off")


def _folder(ws) -> Path | None:
    """The steps' folder of ``ws``; None for an in-memory view (nothing to key it by)."""
    from kg.store.cache import cache_dir, on_disk, workspace_key
    if not on_disk(ws):
        return None
    try:
        return cache_dir() / f"delta-{workspace_key(ws)}"
    except (OSError, TypeError):
        return None


def _gkey(graph: str) -> str:
    return hashlib.sha256(graph.encode("utf-8")).hexdigest()[:16]


def _dkey(digest: str) -> str:
    return hashlib.sha256(digest.encode("utf-8")).hexdigest()[:32]


def record(ws, graph: str, old_digest: str | None, new_digest: str, removed, added) -> bool:
    """Keep the step of ``graph`` from content ``old_digest`` to ``new_digest``: the lines
    ``removed`` and ``added`` (N-Triples, bytes). False (nothing kept) when it cannot or
    should not be: no old digest, too large, blank nodes, no cache folder."""
    if not _enabled() or not old_digest or not _DIGEST.match(old_digest) or not _DIGEST.match(new_digest) \
            or old_digest == new_digest or len(removed) + len(added) > MAX_LINES:
        return False
    body = b"".join([b"- " + ln + b"\n" for ln in sorted(removed)] + [b"+ " + ln + b"\n" for ln in added])
    if b"_:" in body:
        return False
    folder = _folder(ws)
    if folder is None:
        return False
    from kg.store.cache import write_atomic
    ok = write_atomic(folder / f"{_gkey(graph)}-{_dkey(old_digest)}-{_dkey(new_digest)}.nt",
                      MAGIC + hashlib.sha256(body).hexdigest().encode() + b"\n" + body)
    if ok:
        _prune(folder, _gkey(graph))
    return ok


def _prune(folder: Path, gkey: str) -> None:
    try:
        mine = [(e.stat().st_mtime, e.path) for e in os.scandir(folder)
                if e.name.startswith(gkey + "-") and e.name.endswith(".nt")]
    except OSError:
        return
    for _, p in sorted(mine, reverse=True)[KEEP:]:
        try:
            os.unlink(p)
        except OSError:
            pass


def _read(path: Path) -> tuple[list[bytes], list[bytes]] | None:
    try:
        raw = path.read_bytes()
    except OSError:
        return None
    head, nl, body = raw.partition(b"\n")
    if not nl or not head.startswith(MAGIC) or head[len(MAGIC):] != hashlib.sha256(body).hexdigest().encode():
        return None
    removed, added = [], []
    for ln in body.split(b"\n"):
        if ln.startswith(b"- "):
            removed.append(ln[2:])
        elif ln.startswith(b"+ "):
            added.append(ln[2:])
        elif ln:
            return None
    return removed, added


def between(ws, graph: str, old_digest: str | None, new_digest: str | None) -> tuple[set, set] | None:
    """The lines removed from and added to ``graph`` from content ``old_digest`` to
    ``new_digest``, joined over the chain of kept steps; None when no chain leads there."""
    if not _enabled() or not old_digest or not new_digest or not _DIGEST.match(old_digest) \
            or not _DIGEST.match(new_digest):
        return None
    if old_digest == new_digest:
        return set(), set()
    old_digest, new_digest = _dkey(old_digest), _dkey(new_digest)
    folder = _folder(ws)
    if folder is None:
        return None
    gkey = _gkey(graph)
    steps: dict[str, list[tuple[str, Path]]] = {}
    try:
        for e in os.scandir(folder):
            m = _NAME.match(e.name)
            if m and m[1] == gkey:
                steps.setdefault(m[2], []).append((m[3], Path(e.path)))
    except OSError:
        return None
    # the shortest chain of steps (breadth first)
    back: dict[str, tuple[str, Path] | None] = {old_digest: None}
    frontier = [old_digest]
    while frontier and new_digest not in back:
        nxt = []
        for d in frontier:
            for to, path in steps.get(d, ()):
                if to not in back:
                    back[to] = (d, path)
                    nxt.append(to)
        frontier = nxt
    if new_digest not in back:
        return None
    chain = []
    d = new_digest
    while back[d] is not None:
        d, path = back[d]
        chain.append(path)
    removed: set = set()
    added: set = set()
    for path in reversed(chain):
        got = _read(path)
        if got is None:
            return None
        for ln in got[0]:
            if ln in added:
                added.discard(ln)
            else:
                removed.add(ln)
        for ln in got[1]:
            if ln in removed:
                removed.discard(ln)
            else:
                added.add(ln)
    return removed, added


def subjects(step: tuple) -> set[str] | None:
    """The subjects (IRIs) of every line of ``step`` (removed, added), as :func:`between`
    gives it; None if a subject is not an IRI."""
    out = set()
    for lines in step:
        for ln in lines:
            s = ln.split(b" ", 1)[0]
            if not s.startswith(b"<"):
                return None
            out.add(s[1:-1].decode("utf-8"))
    return out
