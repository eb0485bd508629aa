"""Snapshots: the whole workspace frozen under a name, so a later version can be compared
with it (``kg diff deck-mars @``).

A snapshot is, in ``<workspace>/snapshots/``::

    NAME.store/  a checkpoint of the workspace's Oxigraph store as it was (RocksDB files)
    NAME.json    date, message, and per source: triple count, kind, title, content digest

The checkpoint is Oxigraph's ``Store.backup``: on the same file system its data files
are hard links to the store's own (RocksDB never changes a data file once written), so
taking one costs milliseconds and no room at first, whatever the size of the
workspace. The store keeps writing new files and compacting old ones away as sources
are imported; a snapshot keeps the files it links, so its room grows with what has
changed since, up to the size of the store at the time (``du`` counts a linked file
once). On another file system the files are copied. The old version is then read as a
read-only workspace over the checkpoint (:func:`kg.diff.compare.open_snapshot`):
`kg diff`, the roadmap index and `kg check` read it as they read the workspace.

Only a writable handle sees what the last write left in the store's log, so a
snapshot is taken under the workspace's write lock (:func:`take`; readers wait
milliseconds). The JSON sidecar is written last and is what makes a snapshot exist: a
crash while taking one leaves at most a ``.NAME.store.*.tmp`` folder or a checkpoint
without its sidecar, which the next snapshot clears away, never half a snapshot.
``--force`` builds the new checkpoint beside the old one, then swaps them by renames:
the old pair is moved aside (``.NAME.json.replaced`` first, then its files), the new
checkpoint takes its place and the new sidecar is written. A crash before the new
sidecar is in place leaves the old pair aside, and the next snapshot or listing puts
it back (:func:`recover`); a crash after it leaves the new snapshot whole and the old
pair aside, which is then removed: never neither.
``kg snapshot --remove`` deletes the sidecar, then the checkpoint; ``kg init --force``
replaces the whole workspace directory, snapshots included.

Snapshots made by kg before checkpoints are a TriG file instead of the folder::

    NAME.trig    every source as its own named graph: ``<graph> {`` N-Triples ``}``
    NAME.json    as above, with where each source's lines sit in NAME.trig (offset, length)

They are read as before (loaded into memory). ``kg snapshot NAME --export FILE`` writes
any snapshot as such a TriG file, to share or keep outside kg (:func:`export_trig`);
`kg diff FILE @` reads it like any RDF file.

`kg snapshot` (kg.api) also keeps the version's roadmap and check result beside the
cache when the workspace holds them current (:mod:`kg.diff.indexed`), so a later
``kg diff NAME @`` reads no triple of the old version.

The web import (:mod:`kg.web.upload`) freezes the version before its write the same way,
in a folder of its own under ``snapshots/`` (:class:`HeldFolder`,
``.import-<random>/``: never listed as a snapshot; on the workspace's file system, so
the checkpoint links the store's files rather than copying them), and removes it once
it has said what the import changed. The folder is held (a lock on its ``.held`` file)
while in use; one that nobody holds was left by a crash, and the next snapshot clears
it away with the other leftovers.
"""
from __future__ import annotations

import difflib
import fcntl
import hashlib
import json
import os
import re
import shutil
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from kg import __version__
from kg.errors import InputError, NotFound, WorkspaceError

SNAPSHOT_DIR = "snapshots"
HELD_PREFIX = ".import-"   # snapshots/.import-<random>/: a version a caller keeps for a while (HeldFolder)
ASIDE = ".replaced"   # .NAME.json.replaced, .NAME.store.replaced, .NAME.trig.replaced: the pair --force moved aside
STORE, TRIG = "store", "trig"   # a snapshot's format: a store checkpoint, or (before it) a TriG file
# letters of any alphabet (før-høstmøtet), digits, '.', '_', '-'; never a path separator
_NAME = re.compile(r"^[^\W_][\w.-]{0,99}$")


@dataclass
class SnapshotInfo:
    """One snapshot, as ``kg snapshot --list`` shows it. ``format`` is ``store`` (a
    checkpoint folder, ``file``) or ``trig`` (a TriG file, made by kg before checkpoints;
    a sidecar without ``format`` is one); ``key`` names this snapshot's kept roadmap
    (:mod:`kg.diff.indexed`): the TriG file's SHA-256, or a random id given when taken."""

    name: str
    created: str = ""
    message: str = ""
    triples: int = 0
    initiatives: int = 0
    sources: dict[str, dict] = field(default_factory=dict)
    kg_version: str = ""
    file: str = ""
    sha256: str = ""
    format: str = TRIG
    key: str = ""
    # where the snapshot lies when not in the workspace's snapshots/ (a web import's
    # version before, kept beside the upload): never read from a sidecar
    folder: str = ""

    def as_dict(self) -> dict:
        return {"name": self.name, "created": self.created, "message": self.message,
                "triples": self.triples, "initiatives": self.initiatives, "sources": self.sources,
                "kg_version": self.kg_version, "file": self.file, "sha256": self.sha256,
                "format": self.format, "key": self.key}

    @property
    def is_store(self) -> bool:
        return self.format == STORE

    @property
    def ident(self) -> str:
        """What names this version's kept roadmap: the TriG file's digest, or the key."""
        return self.key if self.is_store else self.sha256


def snapshot_dir(ws_path: str | os.PathLike) -> Path:
    return Path(ws_path) / SNAPSHOT_DIR


def store_dir(ws_path: str | os.PathLike, name: str) -> Path:
    """The checkpoint folder of snapshot ``name``."""
    return snapshot_dir(ws_path) / f"{name}.store"


def trig_file(ws_path: str | os.PathLike, name: str) -> Path:
    """The TriG file of snapshot ``name`` (a snapshot made before checkpoints)."""
    return snapshot_dir(ws_path) / f"{name}.trig"


def _folder(ws_path, info: SnapshotInfo) -> Path:
    return Path(info.folder) if info.folder else snapshot_dir(ws_path)


def check_name(name: str) -> str:
    """A snapshot name is a file name kg can trust: letters (æ, ø, å too), digits, '.', '_', '-'.
    Returned in Unicode NFC, so 'å' typed two ways names one file."""
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


def _exists(name: str) -> InputError:
    return InputError(
        f"A snapshot named '{name}' already exists.",
        f"Det finnes allerede et øyeblikksbilde med navnet «{name}».",
        hint_en="Choose another name, or replace it with --force.",
        hint_nb="Velg et annet navn, eller erstatt det med --force.")


def _cannot_write(folder: Path, e: OSError) -> WorkspaceError:
    return WorkspaceError(
        f"Cannot write the snapshot into {folder}: {e.strerror or e}",
        f"Kan ikke skrive øyeblikksbildet til {folder}: {e.strerror or e}",
        hint_en="Check that the folder exists, is a folder and is writable, and that the disk has room.",
        hint_nb="Sjekk at mappen finnes, er en mappe og er skrivbar, og at disken har plass.")


def _remove_path(p: Path) -> None:
    """Remove a file or folder if it is there (what cannot be removed stays)."""
    try:
        if p.is_dir() and not p.is_symlink():
            shutil.rmtree(p, ignore_errors=True)
        else:
            p.unlink(missing_ok=True)
    except OSError:
        pass


class HeldFolder:
    """A folder of its own under the workspace's ``snapshots/`` for a version a caller
    keeps for a while (``create(..., folder=held.path)``; the web import's version before
    its write): never listed as a snapshot, and on the workspace's file system, so its
    checkpoint links the store's files. Held by an exclusive lock on its ``.held`` file
    until :meth:`close`, which removes it; :func:`clear_leftovers` removes one that nobody
    holds (a crash left it). Make it under the workspace's write lock, as
    :func:`clear_leftovers` runs, so that it is never swept before it is held."""

    def __init__(self, ws_path: str | os.PathLike):
        self.path = snapshot_dir(ws_path) / f"{HELD_PREFIX}{uuid.uuid4().hex}"
        try:
            self.path.mkdir(parents=True)
            self._fh = open(self.path / ".held", "wb")
        except OSError as e:
            _remove_path(self.path)
            raise _cannot_write(self.path.parent, e) from None
        fcntl.flock(self._fh, fcntl.LOCK_EX)

    def close(self) -> None:
        """Remove the folder and what it holds (then let go of it)."""
        if self._fh is None:
            return
        try:
            _remove_path(self.path)
        finally:
            self._fh.close()
            self._fh = None

    def __enter__(self) -> "HeldFolder":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def _held(folder: Path) -> bool:
    """Whether a :class:`HeldFolder` is in use: its ``.held`` file locked by its maker."""
    try:
        fh = open(folder / ".held", "rb")
    except FileNotFoundError:
        return False
    except OSError:
        return True   # cannot tell: left alone
    with fh:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            return True
        return False


def _aside(folder: Path, name: str, part: str) -> Path:
    """Where `--force` moves the ``part`` (json, store, trig) of the snapshot it replaces."""
    return folder / f".{name}.{part}{ASIDE}"


def _replacing(folder: Path) -> list[str]:
    """The snapshots whose replacement (`--force`) has not finished: those whose old
    sidecar lies aside."""
    try:
        entries = [p.name for p in folder.iterdir()]
    except OSError:
        return []
    tail = f".json{ASIDE}"
    return sorted(n[1:-len(tail)] for n in entries
                  if n.startswith(".") and n.endswith(tail) and _NAME.match(n[1:-len(tail)]))


def recover(folder: str | os.PathLike) -> list[str]:
    """Finish each replacement (`--force`) in ``folder`` that was cut short, so that the
    snapshot is whole again: when the new sidecar is in place the new snapshot is whole
    and the old pair aside goes; before that, the new checkpoint (if it got in place) goes
    and the old pair is put back. Safe to run again if cut short itself. Call it with the
    workspace's write lock held (no replacement is under way). Returns the names."""
    folder = Path(folder)
    names = _replacing(folder)
    for name in names:
        side, ckpt, trig = (_aside(folder, name, part) for part in ("json", "store", "trig"))
        if (folder / f"{name}.json").exists():   # the new snapshot is whole: the old one goes
            _remove_path(ckpt)
            _remove_path(trig)
            _remove_path(side)   # last: while it is there, the replacement is not finished
            continue
        was = _read_info(side)
        if ckpt.exists() or (was is not None and not was.is_store):
            _remove_path(folder / f"{name}.store")   # the new checkpoint, never made a snapshot
        if ckpt.exists():
            ckpt.rename(folder / f"{name}.store")
        if trig.exists():
            trig.rename(folder / f"{name}.trig")
        side.rename(folder / f"{name}.json")
    return names


def _tidy_if_idle(ws_path: str | os.PathLike, folder: Path) -> None:
    """:func:`clear_leftovers` (a replacement cut short put back or finished first), when
    there is something to clear and nobody uses the workspace (its write lock free at
    once); else it is left for the next snapshot."""
    try:
        names = {p.name for p in folder.iterdir()}
    except OSError:
        return
    if not any(n.startswith(".") or (n.endswith(".store") and f"{n[:-6]}.json" not in names) for n in names):
        return
    from kg.store.workspace import _Lock
    try:
        lock = _Lock(Path(ws_path) / ".lock", exclusive=True, wait=0.0)
    except WorkspaceError:   # in use (a writer may be replacing a snapshot right now), or read-only
        return
    try:
        clear_leftovers(ws_path)
    finally:
        lock.release()


def clear_leftovers(ws_path: str | os.PathLike) -> list[str]:
    """Put back or finish a replacement cut short (:func:`recover`), then remove what a
    snapshot cut short left behind: temporary ``.*.tmp`` files and folders, checkpoint
    folders without their sidecar (never a snapshot: the sidecar is written last), and
    :class:`HeldFolder` folders nobody holds (their maker crashed). Called by
    :func:`create` under the write lock, so no other snapshot is being taken. Returns the
    names removed."""
    folder = snapshot_dir(ws_path)
    gone: list[str] = []
    try:
        recover(folder)
        entries = list(folder.iterdir())
    except OSError:
        return gone
    for p in entries:
        stray = p.name.startswith(".") and p.name.endswith(".tmp")
        orphan = p.suffix == ".store" and p.is_dir() and not (folder / f"{p.stem}.json").exists() \
            and not _aside(folder, p.stem, "json").exists()
        forsaken = p.name.startswith(HELD_PREFIX) and p.is_dir() and not _held(p)
        if stray or orphan or forsaken:
            _remove_path(p)
            gone.append(p.name)
    return gone


def create(ws, name: str, message: str = "", *, force: bool = False, folder=None) -> SnapshotInfo:
    """Freeze the workspace ``ws`` as snapshot ``name``: a checkpoint of its store and the
    sidecar. ``ws`` must be open for writing (:meth:`kg.store.workspace.Workspace.open`
    with ``write=True``): a read-only handle cannot checkpoint what the last write left
    in the store's log. ``folder``: another folder than the workspace's ``snapshots/``
    (a version kept for a while by a caller, never listed as a snapshot)."""
    name = check_name(name)
    own = folder is None
    folder = snapshot_dir(ws.path) if own else Path(folder)
    if (folder / f"{name}.json").exists() and not force:
        raise _exists(name)
    if not ws.writable:
        raise WorkspaceError("A snapshot is taken with the workspace open for writing (it was opened read-only).",
                             "Et øyeblikksbilde tas med arbeidsområdet åpnet for skriving (det ble åpnet "
                             "skrivebeskyttet).")
    digests = source_digests(ws)
    sources = {s.name: {"triples": s.triples, "kind": s.kind, "title": s.title, "modified": s.modified,
                        "file": s.file, "digest": digests.get(s.name)}
               for s in ws.sources() if s.name != "catalog"}
    info = SnapshotInfo(name=name, created=_now(), message=message or "", kg_version=__version__,
                        initiatives=ws.count("?i a kg:Initiative"), sources=sources,
                        triples=sum(v["triples"] for v in sources.values()),
                        file=str(Path(SNAPSHOT_DIR) / f"{name}.store" if own else folder / f"{name}.store"),
                        format=STORE, key=uuid.uuid4().hex,
                        folder="" if own else str(folder))
    tmp = folder / f".{name}.store.{os.getpid()}.tmp"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        if own:
            clear_leftovers(ws.path)   # a replacement cut short is finished or undone first
            if (folder / f"{name}.json").exists() and not force:
                raise _exists(name)
        try:
            ws.store.backup(str(tmp))   # hard links on the same file system
        except (OSError, RuntimeError) as e:
            _remove_path(tmp)
            raise WorkspaceError(
                f"Cannot take the snapshot into {folder}: {e}",
                f"Kan ikke ta øyeblikksbildet til {folder}: {e}",
                hint_en="Check that the folder is writable and that the disk has room.",
                hint_nb="Sjekk at mappen er skrivbar, og at disken har plass.") from None
        _swap_in(folder, name, tmp, json.dumps(info.as_dict(), ensure_ascii=False, indent=2).encode("utf-8"))
    except OSError as e:
        _remove_path(tmp)
        try:
            recover(folder)   # the snapshot it was replacing, back in place
        except OSError:
            pass
        raise _cannot_write(folder, e) from None
    return info


def _swap_in(folder: Path, name: str, checkpoint: Path, sidecar: bytes) -> None:
    """Make ``checkpoint`` (built beside, in ``folder``) snapshot ``name`` with its
    ``sidecar``; an earlier snapshot of that name (--force) is moved aside first, its
    sidecar before its files, and removed once the new sidecar is in place. Cut short at
    any step, :func:`recover` finds the old snapshot or the new one whole."""
    if (folder / f"{name}.json").exists():
        if any((folder / f"{name}.{part}").exists() for part in ("store", "trig")):
            (folder / f"{name}.json").rename(_aside(folder, name, "json"))
        else:   # a sidecar whose files are gone is no snapshot: put back, it would name the new files
            (folder / f"{name}.json").unlink()
    for part in ("store", "trig"):   # a snapshot before checkpoints is a TriG file
        if (folder / f"{name}.{part}").exists():
            (folder / f"{name}.{part}").rename(_aside(folder, name, part))
    checkpoint.rename(folder / f"{name}.store")
    _atomic_write(folder / f"{name}.json", sidecar)   # the new snapshot exists from here
    for part in ("store", "trig", "json"):
        _remove_path(_aside(folder, name, part))


def open_store(ws_path: str | os.PathLike, info: SnapshotInfo):
    """The checkpoint of snapshot ``info`` as a read-only
    :class:`~kg.store.workspace.Workspace`, holding the workspace's shared lock while it
    is open (`kg snapshot --remove` takes the write lock, so it never removes files a
    reader is reading). Its path is the checkpoint folder, which holds no ``kg.json``:
    nothing derived from it is cached under the workspace's key."""
    import pyoxigraph as ox
    from kg.store.workspace import Workspace, _Lock, lock_wait
    path = _folder(ws_path, info) / f"{info.name}.store"
    lock = _Lock(Path(ws_path) / ".lock", exclusive=False, wait=lock_wait(60.0))
    try:
        store = ox.Store.read_only(str(path))
    except BaseException as e:
        lock.release()   # whatever went wrong: the lock is never left held
        if isinstance(e, (OSError, RuntimeError)):
            raise WorkspaceError(f"Cannot open snapshot {info.name} ({path}): {e}",
                                 f"Kan ikke åpne øyeblikksbildet {info.name} ({path}): {e}") from None
        raise
    return Workspace(path, store, lock, False)


class _Out:
    """A file being written: its size and SHA-256 kept as the bytes go by."""

    def __init__(self, fh):
        self.fh, self.size, self.sha = fh, 0, hashlib.sha256()

    def write(self, b) -> int:
        self.fh.write(b)
        self.sha.update(b)
        self.size += len(b)
        return len(b)

    def flush(self) -> None:
        pass


def write_trig(version, names, out: _Out) -> dict[str, dict]:
    """Every source of ``version`` (an open workspace or a snapshot's checkpoint) named in
    ``names`` as its own named graph, ``<graph> {`` N-Triples ``}``, written by Oxigraph
    straight into ``out``; returns per source where its lines sit (offset, length)."""
    import pyoxigraph as ox
    from kg.store.workspace import source_iri
    where: dict[str, dict] = {}
    for n in names:
        iri = source_iri(n)
        out.write(f"<{iri}> {{\n".encode("utf-8"))
        start = out.size
        version.store.dump(out, format=ox.RdfFormat.N_TRIPLES, from_graph=ox.NamedNode(iri))
        where[n] = {"offset": start, "length": out.size - start}
        out.write(b"}\n")
    return where


def export_trig(ws_path: str | os.PathLike, info: SnapshotInfo, dest: str | os.PathLike) -> dict[str, dict]:
    """Snapshot ``info`` as one TriG file at ``dest`` (every source its own named graph),
    written through a temporary file; returns where each source's lines sit. A snapshot
    that is a TriG file already is copied as it is."""
    if not str(dest).strip():
        raise InputError("Give the FILE to write the snapshot to (it was empty).",
                         "Oppgi FILEN øyeblikksbildet skal skrives til (den var tom).",
                         hint_en="For example: kg snapshot NAME --export NAME.trig",
                         hint_nb="For eksempel: kg snapshot NAVN --export NAVN.trig")
    dest = Path(dest)
    tmp = dest.with_name(f".{dest.name}.{os.getpid()}.tmp")
    try:
        if not info.is_store:
            shutil.copyfile(trig_file(ws_path, info.name), tmp)
            where = {n: {k: v[k] for k in ("offset", "length") if k in v} for n, v in info.sources.items()}
        else:
            version = open_store(ws_path, info)
            try:
                with open(tmp, "wb") as fh:
                    where = write_trig(version, sorted(info.sources), _Out(fh))
            finally:
                version.close()
        tmp.replace(dest)
    except OSError as e:
        tmp.unlink(missing_ok=True)
        raise WorkspaceError(f"Cannot write {dest}: {e.strerror or e}",
                             f"Kan ikke skrive {dest}: {e.strerror or e}",
                             hint_en="Check that the folder exists and is writable, and that the disk has room.",
                             hint_nb="Sjekk at mappen finnes og er skrivbar, og at disken har plass.") from None
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return where


def source_digests(ws) -> dict[str, str | None]:
    """Each source's content digest as the workspace's catalog records it (None when it
    records none): two sources with the same digest hold the same triples."""
    from kg.store.workspace import source_name
    return {source_name(g): f.digest for g, f in ws.catalog_facts().items()}


def source_lines(ws_path, info: SnapshotInfo, name: str) -> list[bytes] | None:
    """The N-Triples lines of source ``name`` in the snapshot: from its checkpoint, or
    from its place in the TriG file; None when a TriG snapshot's sidecar does not say
    where they are (an older snapshot)."""
    if info.is_store:
        import pyoxigraph as ox
        from kg.store.workspace import source_iri
        version = open_store(ws_path, info)
        try:
            data = version.store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.NamedNode(source_iri(name)))
        finally:
            version.close()
        return (data or b"").splitlines()
    src = info.sources.get(name) or {}
    if "offset" not in src or "length" not in src:
        return None
    with open(trig_file(ws_path, info.name), "rb") as fh:
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
    known = set(SnapshotInfo.__dataclass_fields__) - {"folder"}
    info = SnapshotInfo(**{k: v for k, v in d.items() if k in known})
    info.name = path.stem
    if info.format not in (STORE, TRIG):
        return None
    return info


def list_snapshots(ws_path: str | os.PathLike) -> list[SnapshotInfo]:
    """Every snapshot of the workspace, oldest first (those whose checkpoint or TriG file
    is present)."""
    folder = snapshot_dir(ws_path)
    if not folder.is_dir():
        return []
    _tidy_if_idle(ws_path, folder)
    out = []
    for f in folder.glob("*.json"):
        if not _NAME.match(f.stem):
            continue
        info = _read_info(f)
        if info is None:
            continue
        if (store_dir(ws_path, f.stem).is_dir() if info.is_store else trig_file(ws_path, f.stem).is_file()):
            out.append(info)
    return sorted(out, key=lambda i: (i.created, i.name))


def get(ws_path: str | os.PathLike, name: str) -> SnapshotInfo:
    """The snapshot ``name`` (in Unicode NFC, as :func:`create` names it: 'ø' typed either
    way finds it); NotFound (with the closest names) when there is none."""
    try:
        name = check_name(name)
    except InputError:
        pass   # no snapshot can bear that name: not found, below
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


def current(ws_path: str | os.PathLike, info: SnapshotInfo) -> SnapshotInfo:
    """Snapshot ``info`` as its sidecar states it now. Call it with the workspace's lock
    held (no `kg snapshot NAME --force` or ``--remove`` runs meanwhile) by a reader that
    read ``info`` before taking the lock: what it then reads of the snapshot (its
    checkpoint, its kept roadmap) is of the version the returned info describes. The
    fresh info when the snapshot was replaced in between; NotFound when it was removed.
    A version kept elsewhere (``info.folder``) is returned as it is."""
    if info.folder:
        return info
    fresh = _read_info(snapshot_dir(ws_path) / f"{info.name}.json")
    if fresh is None:
        return get(ws_path, info.name)
    same = (fresh.format, fresh.key, fresh.sha256, fresh.created) == (info.format, info.key, info.sha256, info.created)
    return info if same else fresh


def remove(ws_path: str | os.PathLike, name: str) -> SnapshotInfo:
    """Delete snapshot ``name``: its sidecar first (it stops existing), then its files.
    Call it under the workspace's write lock (no reader has the checkpoint open)."""
    recover(snapshot_dir(ws_path))
    info = get(ws_path, name)
    name = info.name   # as it is stored (NFC)
    folder = snapshot_dir(ws_path)
    (folder / f"{name}.json").unlink(missing_ok=True)  # the marker first
    trig_file(ws_path, name).unlink(missing_ok=True)
    _remove_path(store_dir(ws_path, name))
    return info
