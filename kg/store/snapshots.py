"""Snapshots: the whole workspace frozen under a name, so a later version can be compared
with it (``kg diff deck-mars @``).

A snapshot is two files in ``<workspace>/snapshots/``::

    NAME.trig   every source as its own named graph: ``<graph> {`` N-Triples ``}``
    NAME.json   date, message, and per source: triple count, content digest, and where
                its N-Triples lines sit in NAME.trig (byte offset and length)

Each source's block is written by Oxigraph in one call (no Python per triple), and the
offsets let ``kg diff`` read only the sources whose digest changed. Reading the store
is what a snapshot costs (about 10 µs a quad: ~10 s at a million triples); a source
that an earlier snapshot already holds with the same content digest is copied from
that snapshot's file instead, so a new snapshot after an import reads only the
sources the import changed.

`kg snapshot` (kg.api) also keeps the version's roadmap and check result beside the
cache when the workspace holds them current (:mod:`kg.diff.indexed`), so a later
``kg diff NAME @`` reads no triple of the old version.

The JSON sidecar is written last and is what makes a snapshot exist: a crash while
writing leaves at most a stray ``.tmp`` file, never half a snapshot. Snapshots live
beside the store, so importing, replacing or removing sources never touches them.
(``kg init --force`` replaces the whole workspace directory, snapshots included.)
"""
from __future__ import annotations

import difflib
import hashlib
import json
import os
import re
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from kg import __version__
from kg.errors import InputError, NotFound, WorkspaceError

SNAPSHOT_DIR = "snapshots"
# letters of any alphabet (før-høstmøtet), digits, '.', '_', '-'; never a path separator
_NAME = re.compile(r"^[^\W_][\w.-]{0,99}$")


@dataclass
class SnapshotInfo:
    """One snapshot, as ``kg snapshot --list`` shows it."""

    name: str
    created: str = ""
    message: str = ""
    triples: int = 0
    initiatives: int = 0
    sources: dict[str, dict] = field(default_factory=dict)
    kg_version: str = ""
    file: str = ""
    sha256: str = ""

    def as_dict(self) -> dict:
        return {"name": self.name, "created": self.created, "message": self.message,
                "triples": self.triples, "initiatives": self.initiatives, "sources": self.sources,
                "kg_version": self.kg_version, "file": self.file, "sha256": self.sha256}


def snapshot_dir(ws_path: str | os.PathLike) -> Path:
    return Path(ws_path) / SNAPSHOT_DIR


def check_name(name: str) -> str:
    """A snapshot name is a file name kg can trust: letters (æ, ø, å too), digits, '.', '_', '-'.
    Returned in Unicode NFC, so 'ø' typed two ways names one file."""
    import unicodedata
    if isinstance(name, str):
        name = unicodedata.normalize("NFC", name)
    if not isinstance(name, str) or not _NAME.match(name) or ".." in name:
        raise InputError(
            f"'{name}' cannot be used as a snapshot name: use letters, digits, '.', '_' and '-' "
            "(at most 100 characters, starting with a letter or digit).",
            f"«{name}» kan ikke brukes som navn på et øyeblikksbilde: bruk bokstaver, sifre, «.», «_» "
            "og «-» (høyst 100 tegn, og begynn med en bokstav eller et siffer).")
    return name


def _now() -> str:
    return datetime.now(timezone.utc).replace(microsecond=0).isoformat()


def _atomic_write(path: Path, data: bytes) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with open(tmp, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        tmp.replace(path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def write(ws_path: str | os.PathLike, name: str, trig: bytes, info: SnapshotInfo,
          *, force: bool = False) -> SnapshotInfo:
    """Store ``trig`` as snapshot ``name`` with ``info`` as its sidecar (atomically)."""
    return _store(ws_path, name, info, lambda out: out.write(trig), force=force)


class _Out:
    """The TriG file being written: its size and SHA-256 kept as the bytes go by."""

    def __init__(self, fh):
        self.fh, self.size, self.sha = fh, 0, hashlib.sha256()

    def write(self, b) -> int:
        self.fh.write(b)
        self.sha.update(b)
        self.size += len(b)
        return len(b)

    def flush(self) -> None:
        pass


def _store(ws_path, name: str, info: SnapshotInfo, fill, *, force: bool = False) -> SnapshotInfo:
    """Write snapshot ``name``: ``fill(out)`` writes its TriG into a temporary file (``out``:
    an :class:`_Out`, as it goes, never whole in memory), then ``info`` is completed and
    written as its sidecar, last."""
    name = check_name(name)
    folder = snapshot_dir(ws_path)
    if (folder / f"{name}.json").exists() and not force:
        raise InputError(
            f"A snapshot named '{name}' already exists.",
            f"Det finnes allerede et øyeblikksbilde med navnet «{name}».",
            hint_en="Choose another name, or replace it with --force.",
            hint_nb="Velg et annet navn, eller erstatt det med --force.")
    info.name = name
    info.file = str(Path(SNAPSHOT_DIR) / f"{name}.trig")
    tmp = folder / f".{name}.trig.{os.getpid()}.tmp"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        try:
            with open(tmp, "wb") as fh:
                out = _Out(fh)
                fill(out)
                fh.flush()
                os.fsync(fh.fileno())
            info.sha256 = out.sha.hexdigest()
            tmp.replace(folder / f"{name}.trig")
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise
        # the sidecar last: a snapshot exists once its JSON is in place
        _atomic_write(folder / f"{name}.json",
                      json.dumps(info.as_dict(), ensure_ascii=False, indent=2).encode("utf-8"))
    except OSError as e:
        raise WorkspaceError(
            f"Cannot write the snapshot into {folder}: {e.strerror or e}",
            f"Kan ikke skrive øyeblikksbildet til {folder}: {e.strerror or e}",
            hint_en="Check that the folder exists, is a folder and is writable, and that the disk has room.",
            hint_nb="Sjekk at mappen finnes, er en mappe og er skrivbar, og at disken har plass.") from None
    return info


def create(ws, name: str, message: str = "", *, force: bool = False) -> SnapshotInfo:
    """Freeze the open workspace ``ws`` as snapshot ``name`` (every source, as TriG)."""
    name = check_name(name)
    if (snapshot_dir(ws.path) / f"{name}.json").exists() and not force:
        write(ws.path, name, b"", SnapshotInfo(name))  # raises the 'already exists' error
    import pyoxigraph as ox
    digests = source_digests(ws)
    donors = _blocks_by_digest(ws.path)
    sources: dict[str, dict] = {}
    info = SnapshotInfo(name=name, created=_now(), message=message or "", kg_version=__version__,
                        initiatives=ws.count("?i a kg:Initiative"), sources=sources)

    def fill(out: _Out) -> None:
        for s in ws.sources():
            if s.name == "catalog":
                continue
            out.write(f"<{s.iri}> {{\n".encode("utf-8"))
            start = out.size
            # a source an earlier snapshot already holds with this content: its lines from
            # there (reading a quad from the store costs ~10 µs; copying its line far less)
            body = _read_block(donors.get(digests.get(s.name))) if digests.get(s.name) else None
            if body is not None:
                out.write(body)
            else:   # Oxigraph writes the lines straight into the file
                ws.store.dump(out, format=ox.RdfFormat.N_TRIPLES, from_graph=ox.NamedNode(s.iri))
            sources[s.name] = {"triples": s.triples, "kind": s.kind, "title": s.title,
                               "modified": s.modified, "file": s.file, "digest": digests.get(s.name),
                               "offset": start, "length": out.size - start}
            out.write(b"}\n")
        info.triples = sum(v["triples"] for v in sources.values())
    return _store(ws.path, name, info, fill, force=force)


def _blocks_by_digest(ws_path) -> dict[str, tuple[Path, int, int]]:
    """content digest -> (TriG file, offset, length) of a source's lines in an existing
    snapshot (the newest that holds it)."""
    out: dict[str, tuple[Path, int, int]] = {}
    for info in reversed(list_snapshots(ws_path)):
        for src in info.sources.values():
            d, off, n = src.get("digest"), src.get("offset"), src.get("length")
            if isinstance(d, str) and d and isinstance(off, int) and isinstance(n, int) and d not in out:
                out[d] = (snapshot_dir(ws_path) / f"{info.name}.trig", off, n)
    return out


def _read_block(where: tuple[Path, int, int] | None) -> bytes | None:
    """The lines at ``where``, or None when they cannot be read whole (then the store is read)."""
    if where is None:
        return None
    path, off, n = where
    try:
        with open(path, "rb") as fh:
            fh.seek(off)
            data = fh.read(n)
    except OSError:
        return None
    if len(data) != n or (n and not data.endswith(b"\n")):
        return None
    return data


def source_digests(ws) -> dict[str, str | None]:
    """Each source's content digest as the workspace's catalog records it (None when it
    records none): two sources with the same digest hold the same triples."""
    from kg.store.workspace import source_name
    return {source_name(g): f.digest for g, f in ws.catalog_facts().items()}


def source_lines(ws_path, info: SnapshotInfo, name: str) -> list[bytes] | None:
    """The N-Triples lines of source ``name`` in the snapshot, read from its place in the
    TriG file; None when the sidecar does not say where it is (an older snapshot)."""
    src = info.sources.get(name) or {}
    if "offset" not in src or "length" not in src:
        return None
    with open(snapshot_dir(ws_path) / f"{info.name}.trig", "rb") as fh:
        fh.seek(src["offset"])
        data = fh.read(src["length"])
    return data.splitlines()


def _read_info(path: Path) -> SnapshotInfo | None:
    try:
        d = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(d, dict):
        return None
    known = SnapshotInfo.__dataclass_fields__
    info = SnapshotInfo(**{k: v for k, v in d.items() if k in known})
    info.name = path.stem
    return info


def list_snapshots(ws_path: str | os.PathLike) -> list[SnapshotInfo]:
    """Every snapshot of the workspace, oldest first (those whose TriG file is present)."""
    folder = snapshot_dir(ws_path)
    if not folder.is_dir():
        return []
    out = []
    for f in folder.glob("*.json"):
        if not _NAME.match(f.stem) or not (folder / f"{f.stem}.trig").is_file():
            continue
        info = _read_info(f)
        if info is not None:
            out.append(info)
    return sorted(out, key=lambda i: (i.created, i.name))


def get(ws_path: str | os.PathLike, name: str) -> SnapshotInfo:
    """The snapshot ``name``; NotFound (with the closest names) when there is none."""
    for info in list_snapshots(ws_path):
        if info.name == name:
            return info
    names = [i.name for i in list_snapshots(ws_path)]
    raise NotFound(
        f"No snapshot named '{name}' in {ws_path}.",
        f"Fant ikke noe øyeblikksbilde med navnet «{name}» i {ws_path}.",
        suggestions=difflib.get_close_matches(name, names, n=5, cutoff=0.3) or names[-8:],
        hint_en="'kg snapshot --list' shows them; 'kg snapshot NAME' makes one.",
        hint_nb="«kg snapshot --list» viser dem; «kg snapshot NAVN» lager et.")


def remove(ws_path: str | os.PathLike, name: str) -> SnapshotInfo:
    info = get(ws_path, name)
    folder = snapshot_dir(ws_path)
    (folder / f"{name}.json").unlink(missing_ok=True)  # the marker first
    (folder / f"{name}.trig").unlink(missing_ok=True)
    return info
