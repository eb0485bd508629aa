"""The workspace: an embedded, persistent quad store with one named graph per source.

Chosen by measurement (see the README and ../shared/MEASUREMENTS.md): pyoxigraph (the
Rust Oxigraph store on RocksDB) parses ~35x faster than rdflib and runs the same SPARQL
~100x faster, and an on-disk store opens in milliseconds, so read commands answer within
a second on a 1M-triple workspace. rdflib is still used where a Python graph is needed
(pyshacl, small in-memory graphs).

Layout of a workspace directory::

    kg.json        format version, creation time, kg version
    store/         the Oxigraph (RocksDB) store
    .lock          advisory lock: writers exclusive, readers shared

SPARQL sees the union of all sources as its default graph and each source by name
(``GRAPH kgsrc:seed { … }``). Bookkeeping about each source (triple count, when it was
written) lives in the named graph ``kgsrc:catalog``.

Writes are all-or-nothing. A small write (under ``KG_BULK_MIN`` triples, default 20,000)
is one SPARQL Update, which Oxigraph applies in a single transaction. A large one goes
through a journal: the whole write (updates and the N-Triples to load) is put in
``journal/`` first, and only once that folder is complete (written beside, then renamed:
the commit point) is it applied, with Oxigraph's bulk loader, which is ~4x faster than its
transactions but not atomic (into a graph that holds nothing yet, one loader per core:
kg.store.bulk). A command killed while applying leaves the journal behind;
the next command that opens the workspace (reader or writer) applies it again before
anything else, so nobody ever sees half a write. The end of a journal is one rename too
(``journal/`` → ``journal.done-PID/``, then deleted): a kill while it is removed leaves
either a journal that is applied again or a folder that is only deleted. Creating a
workspace builds it beside the target and renames it into place.
"""
from __future__ import annotations

import errno
import fcntl
import re
import hashlib
import json
import os
import shutil
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime, timezone
from importlib import resources
from pathlib import Path
from typing import Iterable, Iterator

import pyoxigraph as ox

from kg import __version__
from kg.errors import InputError, NotFound, WorkspaceBusy, WorkspaceError
from kg.store.bulk import load_file
from kg.vocab import ONT, SOURCE, sparql_prefixes

WORKSPACE_FILE = "kg.json"
JOURNAL = "journal"
FORMAT_VERSION = 1
SMALL_LOAD = 4 << 20   # bytes: a file below this is loaded in one transaction, above by the bulk loader
JOURNAL_PIECE_MAX = 64 << 20   # bytes: the largest piece of a journal's load (~420k triples: one loader's memory)
CATALOG = str(SOURCE) + "catalog"  # a plain string: no rdflib at start-up
DCT = "http://purl.org/dc/terms/"
XSD = "http://www.w3.org/2001/XMLSchema#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"

RDF_FORMATS = {
    "ttl": ox.RdfFormat.TURTLE,
    "turtle": ox.RdfFormat.TURTLE,
    "nt": ox.RdfFormat.N_TRIPLES,
    "ntriples": ox.RdfFormat.N_TRIPLES,
    "nq": ox.RdfFormat.N_QUADS,
    "trig": ox.RdfFormat.TRIG,
    "jsonld": ox.RdfFormat.JSON_LD,
    "json-ld": ox.RdfFormat.JSON_LD,
    "rdf": ox.RdfFormat.RDF_XML,
    "xml": ox.RdfFormat.RDF_XML,
    "owl": ox.RdfFormat.RDF_XML,
}


def default_path(data: str | os.PathLike | None = None) -> Path:
    """The workspace directory: ``--data``, then ``KG_DATA``, then ``./kg-data``."""
    return Path(data or os.environ.get("KG_DATA") or "kg-data")


def lock_wait(default: float) -> float:
    """Seconds to wait for another command's lock: ``KG_LOCK_WAIT``, else ``default``."""
    try:
        return float(os.environ["KG_LOCK_WAIT"])
    except (KeyError, ValueError):
        return default


def bulk_min() -> int:
    """Writes of at least this many triples go through the journal and the bulk loader
    (``KG_BULK_MIN``; default 20,000)."""
    try:
        return max(0, int(os.environ["KG_BULK_MIN"]))
    except (KeyError, ValueError):
        return 20_000


class Content:
    """A source's triples as sorted, unique N-Triples lines (bytes) and their SHA-256.

    Serialised in Rust (``ox.serialize``) in one call, or written as lines by the importer
    (:meth:`from_lines`): comparing and writing lines is far cheaper than hashing and
    formatting a Python object per term. Two contents are the same data exactly when their
    digests are equal (unless blank nodes are involved: their labels change from one
    parse to the next). ``data`` is the lines joined by line breaks (what is digested,
    and what a new source's load file holds)."""

    __slots__ = ("_lines", "count", "digest", "blank", "data")

    def __init__(self, lines: list[bytes] | None, data: bytes | None = None, count: int | None = None,
                 blank: bool | None = None):
        self._lines = lines   # None: split from ``data`` when first asked for
        self.count = len(lines) if lines is not None else count
        import hashlib
        self.data = b"\n".join(lines) if data is None else data
        self.digest = hashlib.sha256(self.data).hexdigest()
        # as in any one line (every line ends with " ."); a literal's "_:" counts too, which
        # only makes a write replace the whole graph. False from a writer that makes none.
        self.blank = b"_:" in self.data if blank is None else blank

    @property
    def lines(self) -> list[bytes]:
        if self._lines is None:
            self._lines = self.data.split(b"\n") if self.data else []
        return self._lines

    @classmethod
    def of(cls, quads: Iterable) -> "Content":
        if isinstance(quads, Content):
            return quads
        triples = [q.triple if isinstance(q, ox.Quad) else q for q in quads]
        data = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) if triples else b""
        return cls(sorted(set(data.splitlines()) - {b""}))

    @classmethod
    def from_lines(cls, lines: Iterable[str], *, blank_nodes: bool = True) -> "Content":
        """The content of N-Triples lines (str, each ``<s> <p> <o> .`` as Oxigraph writes a
        triple, no line break), in any order and with repeats: the same as :meth:`of` the
        triples they state. Sorted as text: the order of code points is the order of
        their UTF-8 bytes. ``blank_nodes=False``: the writer made every subject and object
        an IRI or a literal (then the data is not searched for one)."""
        ordered = sorted(lines)   # before removing repeats: sorting the importer's order (runs of
        # one row's lines) is twice as quick as sorting a set's
        unique = [x for x, before in zip(ordered, [None] + ordered) if x != before]
        data = "\n".join(unique).encode("utf-8")
        return cls(None, data, len(unique), blank=None if blank_nodes else False)

    def __len__(self) -> int:
        return self.count


@dataclass
class _Op:
    """One step of a write: a SPARQL Update, or N-Triples lines to add to a graph."""

    update: str = ""
    graph: str = ""
    lines: "list[bytes] | Content | None" = None   # a whole Content: its lines need not be split
    data: bytes | None = None   # ``lines`` joined by line breaks, when already at hand

    def joined(self) -> bytes:
        return b"\n".join(self.lines) if self.data is None else self.data

    def as_update(self) -> str:
        if self.lines is None:
            return self.update
        return f"INSERT DATA {{ GRAPH <{self.graph}> {{\n" + self.joined().decode("utf-8") + "\n} }"


def source_iri(name: str) -> str:
    return str(SOURCE) + name


def source_name(iri: str) -> str:
    return iri[len(str(SOURCE)):] if iri.startswith(str(SOURCE)) else iri


@dataclass(frozen=True)
class CatalogFacts:
    """What the catalog records of a source's content (:meth:`Workspace.catalog_facts`):
    its triple count, when it was written (``dct:modified``, "" if not recorded) and its
    content digest (the SHA-256 kg wrote, None if none). Equal digests: the same triples."""

    count: int
    modified: str
    digest: str | None


UNTRUSTED = CatalogFacts(-1, "", None)   # a source listed twice, with different facts


@dataclass
class SourceInfo:
    """One named graph of the workspace, as `kg sources` lists it."""

    name: str
    iri: str
    kind: str = ""
    title: dict[str, str] = field(default_factory=dict)
    triples: int = 0
    modified: str = ""
    file: str = ""
    sha256: str = ""
    network: str = ""
    changed: bool = True  # False when a replace_source found the same content

    def as_dict(self) -> dict:
        return {"name": self.name, "iri": self.iri, "kind": self.kind, "title": self.title,
                "triples": self.triples, "modified": self.modified, "file": self.file,
                "sha256": self.sha256, "network": self.network}


def shipped_sources(baseline: bool = True) -> list[tuple[str, Path]]:
    """The Turtle files inside the package that `kg init` loads: (source name, path).

    The ontology is source ``ontology``; every other file's stem is its source name.
    ``baseline=False`` leaves out the KS baseline roadmap (seed and assumptions).
    """
    root = resources.files("kg.ontology")
    out = [("ontology", Path(str(root / "kg.ttl")))]
    folders = ["reference"] + (["baseline"] if baseline else [])
    for folder in folders:
        for f in sorted(Path(str(root / folder)).glob("*.ttl")):
            out.append((f.stem, f))
    return out


def _now() -> str:
    return datetime.now(timezone.utc).replace(microsecond=0).isoformat()


def _lit(value: str, dtype: str | None = None, lang: str | None = None) -> str:
    if lang:
        return str(ox.Literal(value, language=lang))
    if dtype:
        return str(ox.Literal(value, datatype=ox.NamedNode(dtype)))
    return str(ox.Literal(value))


class _Lock:
    """An advisory file lock; writers take it exclusively, readers shared."""

    def __init__(self, path: Path, exclusive: bool, wait: float):
        try:
            self.fh = open(path, "a+")
        except OSError as e:
            if exclusive or e.errno not in (errno.EROFS, errno.EACCES, errno.EPERM):
                raise WorkspaceError(
                    f"The workspace {path.parent} is read-only ({e.strerror}): kg can read it but not write to it.",
                    f"Arbeidsområdet {path.parent} er skrivebeskyttet ({e.strerror}): kg kan lese det, men ikke skrive til det.",
                    hint_en="Copy it to a folder you can write to, or use --data to choose another workspace.",
                    hint_nb="Kopier det til en mappe du kan skrive i, eller velg et annet med --data.") from None
            # a read-only workspace (a snapshot on a read-only share): nobody can write
            # it, so a reader needs no lock; a lock file that is there is still honoured
            try:
                self.fh = open(path, "r")
            except OSError:
                self.fh = None
                return
        mode = fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH
        deadline = time.monotonic() + wait
        while True:
            try:
                fcntl.flock(self.fh, mode | fcntl.LOCK_NB)
                return
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    self.fh.close()
                    raise WorkspaceBusy(
                        f"The workspace {path.parent} is busy: another kg command is writing to it.",
                        f"Arbeidsområdet {path.parent} er opptatt: en annen kg-kommando skriver til det.",
                        hint_en="Wait for it to finish and try again.",
                        hint_nb="Vent til den er ferdig, og prøv igjen.") from None
                time.sleep(0.05)

    def release(self) -> None:
        if self.fh is None:
            return
        try:
            fcntl.flock(self.fh, fcntl.LOCK_UN)
        finally:
            self.fh.close()


_READERS: dict[str, tuple[tuple, "ox.Store"]] = {}


def _kept_reader(store_dir: Path) -> "ox.Store":
    """A read-only handle on ``store_dir``, the same one while the store's files (names,
    sizes, times; not RocksDB's own LOG files) are unchanged. Called under the shared
    lock, so no write is under way: a write changes the files, and the next reader opens
    a fresh handle that sees it whole."""
    with os.scandir(store_dir) as it:
        sig = tuple(sorted((e.name, e.stat().st_size, e.stat().st_mtime_ns) for e in it
                           if not e.name.startswith("LOG")))
    key = str(store_dir)
    kept = _READERS.get(key)
    if kept is not None and kept[0] == sig:
        return kept[1]
    store = ox.Store.read_only(key)
    _READERS[key] = (sig, store)
    return store


class Workspace:
    """An open workspace. Use as a context manager::

        with Workspace.open("kg-data") as ws:
            rows = ws.select("SELECT (COUNT(*) AS ?n) WHERE { ?s a kg:Initiative }")
    """

    def __init__(self, path: Path, store: ox.Store, lock: _Lock | None, writable: bool):
        self.path = path
        self.store = store
        self._lock = lock
        self.writable = writable
        self._prefixes = sparql_prefixes()
        self._staged: list[_Op] | None = None  # writes held back by staged_write

    # ------------------------------------------------------------------ lifecycle
    @classmethod
    def open(cls, path: str | os.PathLike | None = None, *, write: bool = False,
             wait: float | None = None, reuse: bool = False) -> "Workspace":
        """Open for reading (shared lock) or writing (exclusive lock), waiting up to
        ``wait`` seconds (default ``KG_LOCK_WAIT`` or 60: a large import holds the lock for
        seconds, readers wait for it rather than fail) for another command's lock.
        ``reuse`` (reading only): keep this process's read-only store handle while the
        store's files are unchanged (a server opens the workspace per request)."""
        path = default_path(path)
        if wait is None:
            wait = lock_wait(60.0)
        meta = path / WORKSPACE_FILE
        if not meta.is_file() or not (path / "store").is_dir():
            raise WorkspaceError(
                f"No workspace found in {path}.", f"Fant ikke noe arbeidsområde i {path}.",
                hint_en="Create one with 'kg init', or choose another with --data DIR or KG_DATA.",
                hint_nb="Opprett et med «kg init», eller velg et annet med --data DIR eller KG_DATA.")
        try:
            info = json.loads(meta.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            raise WorkspaceError(f"{meta} is damaged (not JSON).", f"{meta} er skadet (ikke JSON).") from None
        if info.get("format") != FORMAT_VERSION:
            raise WorkspaceError(
                f"{path} was written by another version of kg (format {info.get('format')}).",
                f"{path} ble skrevet av en annen versjon av kg (format {info.get('format')}).")
        lock = _Lock(path / ".lock", exclusive=write, wait=wait)
        if ((path / JOURNAL).is_dir() or any(path.glob(JOURNAL + ".done-*"))
                or (write and any(path.glob(JOURNAL + ".new-*")))):
            lock = cls._finish_interrupted_write(path, lock, write, wait)
        try:
            store = ox.Store(str(path / "store")) if write else \
                _kept_reader(path / "store") if reuse else ox.Store.read_only(str(path / "store"))
        except (OSError, RuntimeError) as e:   # Oxigraph's own errors: said in both languages
            lock.release()
            raise WorkspaceError(f"Cannot open the store in {path}: {e}",
                                 f"Kan ikke åpne lageret i {path}: {e}") from None
        except BaseException:   # anything else (an interrupt): the lock never outlives the failure
            lock.release()
            raise
        return cls(path, store, lock, write)

    @classmethod
    def _finish_interrupted_write(cls, path: Path, lock: "_Lock", write: bool, wait: float) -> "_Lock":
        """A write that was killed after its journal was complete: apply it now, under the
        exclusive lock (a reader takes it for this and goes back to a shared one). A
        journal still being written (``journal.new-*``) was never committed: removed."""
        if not write:
            lock.release()
            lock = _Lock(path / ".lock", exclusive=True, wait=wait)
        try:
            for tmp in path.glob(JOURNAL + ".new-*"):
                shutil.rmtree(tmp, ignore_errors=True)
            for done in path.glob(JOURNAL + ".done-*"):   # applied; its removal was cut short
                shutil.rmtree(done, ignore_errors=True)
            if (path / JOURNAL).is_dir():
                try:
                    store = ox.Store(str(path / "store"))
                except OSError as e:
                    raise WorkspaceError(f"Cannot finish an interrupted write in {path}: {e}",
                                         f"Kan ikke fullføre en avbrutt skriving i {path}: {e}") from None
                cls(path, store, None, True)._replay()
                del store
                _drop_label_index(path)
        except BaseException:
            lock.release()
            raise
        if not write:
            lock.release()
            lock = _Lock(path / ".lock", exclusive=False, wait=wait)
        return lock

    @classmethod
    def staged_write(cls, path, work, *, wait: float | None = None, commit_wait: float | None = None):
        """Run ``work(ws)`` (a command that reads, parses and then writes) with the
        exclusive lock held only for the final write.

        ``work`` gets a read-only view under the shared lock, so readers keep working
        while it parses and checks; its ``replace_source``/``remove_source`` calls are
        staged, not applied. Then the exclusive lock is taken (waiting up to
        ``commit_wait`` seconds for other commands) and every staged write is applied
        all or nothing (one transaction, or the journal): all sources of the command, or none. If another
        command wrote in between (the catalog changed), ``work`` runs again under the
        exclusive lock so that nothing is decided on a stale view. Returns what
        ``work`` returns.
        """
        if commit_wait is None:
            commit_wait = lock_wait(300.0)
        ws = cls.open(path, write=False, wait=wait)
        try:
            ws._staged = []
            result = work(ws)
            staged, stamp = ws._staged, ws.catalog_stamp()
        finally:
            ws.close()
        if not staged:
            return result
        w = cls.open(path, write=True, wait=commit_wait)
        try:
            if w.catalog_stamp() != stamp:
                return work(w)
            w._commit(staged)
        finally:
            w.close()
        return result

    def catalog_stamp(self) -> str:
        """The key of everything kept from this workspace (the roadmap index, the lens
        index, the check's result) and of a staged write: a digest of the catalog graph,
        which every write changes (counts, times, checksums), and of ``kg.json`` (the
        workspace's settings). An in-memory copy (a diff side) has the same stamp as the
        workspace it copies; a file or snapshot read into memory has no ``kg.json``."""
        import hashlib
        quads = sorted(str(q) for q in self.store.quads_for_pattern(None, None, None, ox.NamedNode(CATALOG)))
        h = hashlib.sha256("\n".join(quads).encode("utf-8"))
        try:
            h.update((Path(self.path) / WORKSPACE_FILE).read_bytes())
        except OSError:
            pass
        return h.hexdigest()

    def verify(self) -> list[tuple[str, str, str]]:
        """The workspace's integrity check: [(source, problem en, problem nb)], empty if sound.

        Every source in the catalog holds exactly the number of triples the catalog
        records, and every named graph has a catalog entry (no orphan graphs)."""
        problems = []
        actual = {r["g"].value: int(r["n"].value) for r in self.select(
            "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g")}
        listed = {}
        for r in self.select("SELECT ?g ?n WHERE { GRAPH kgsrc:catalog { ?g a kg:Source . "
                             "OPTIONAL { ?g kg:tripleCount ?n } } }"):
            g = r["g"].value
            if "n" not in r:
                problems.append((source_name(g), "the catalog entry has no triple count",
                                 "katalogoppføringen mangler antall tripler"))
                continue
            if g in listed:
                problems.append((source_name(g), "the catalog lists the source twice",
                                 "katalogen har kilden to ganger"))
            listed[g] = int(r["n"].value)
        for g, n in listed.items():
            have = actual.get(g, 0)
            if have != n:
                problems.append((source_name(g), f"the catalog records {n} triples, the graph holds {have}",
                                 f"katalogen oppgir {n} tripler, grafen har {have}"))
        for g, have in actual.items():
            if g != CATALOG and g not in listed:
                problems.append((source_name(g), f"a graph with {have} triples that the catalog does not list",
                                 f"en graf med {have} tripler som katalogen ikke har"))
        return problems

    @classmethod
    def create(cls, path: str | os.PathLike | None = None, *, baseline: bool = True,
               force: bool = False, extra: Iterable[tuple[str, Path, dict]] = (),
               progress=None) -> dict:
        """Build a new workspace at ``path`` from the shipped files (and ``extra`` sources).

        ``progress(i, n, name)`` hears of each source before it is loaded, and once more
        with ``name`` None when the label index is built (the last stage).

        The store is built beside the target and renamed into place, so a crash never
        leaves half a workspace. Returns a summary: path, sources, triples.
        """
        path = default_path(path)
        if path.exists() and not path.is_dir():
            raise InputError(
                f"{path} is a file, not a folder; a workspace is a folder.",
                f"{path} er en fil, ikke en mappe; et arbeidsområde er en mappe.",
                hint_en="Give a new or empty folder with --data (e.g. --data kg-data).",
                hint_nb="Oppgi en ny eller tom mappe med --data (f.eks. --data kg-data).")
        if path.exists() and any(path.iterdir()):
            if not (path / WORKSPACE_FILE).exists():
                raise InputError(
                    f"{path} exists and is not a kg workspace; kg will not write into it.",
                    f"{path} finnes og er ikke et kg-arbeidsområde; kg skriver ikke inn i den.",
                    hint_en="Choose an empty or new directory with --data.",
                    hint_nb="Velg en tom eller ny mappe med --data.")
            if not force:
                raise InputError(
                    f"A workspace already exists in {path}.",
                    f"Det finnes allerede et arbeidsområde i {path}.",
                    hint_en="Use --force to replace it, or --data to choose another directory.",
                    hint_nb="Bruk --force for å erstatte det, eller --data for å velge en annen mappe.")
        tmp = path.parent / f".{path.name}.new-{os.getpid()}"
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            shutil.rmtree(tmp, ignore_errors=True)
            tmp.mkdir()
        except OSError as e:
            raise InputError(f"cannot create the workspace here: {e.strerror or e}",
                             f"kan ikke opprette arbeidsområdet her: {e.strerror or e}", file=str(path),
                             hint_en="Choose a folder you can write to with --data.",
                             hint_nb="Velg en mappe du kan skrive i, med --data.") from None
        store = pool = None
        try:
            store = ox.Store(str(tmp / "store"))
            now = _now()
            sources = [(n, p, {}) for n, p in shipped_sources(baseline)] + list(extra)
            catalog: list[str] = []
            total = before = 0
            seen: set[str] = set()
            labels = None   # the label index's lines, read beside the last source's count
            pool = ThreadPoolExecutor(1)
            for i, (name, file, meta) in enumerate(sources):
                if progress:
                    progress(i, len(sources), name)
                g = ox.NamedNode(source_iri(name))
                fmt = RDF_FORMATS.get(Path(file).suffix.lstrip(".").lower(), ox.RdfFormat.TURTLE)
                try:
                    # a small file in one transaction (several times quicker than the bulk
                    # loader's fixed cost per call: the shipped files take 0.4 s, not 1.7 s)
                    if os.path.getsize(file) < SMALL_LOAD:
                        store.load(path=str(file), format=fmt, to_graph=g)
                    else:   # cut at statement boundaries and loaded on every core where safe
                        load_file(store, file, fmt, g, fresh=name not in seen)
                except SyntaxError as e:
                    raise InputError(f"cannot read RDF: {e}", f"kan ikke lese RDF: {e}", file=str(file)) from None
                # counted inside Oxigraph (iterating the quads in Python costs ~20x more): a
                # new graph holds what the store gained, and the store's size is counted
                # in half the time of a COUNT over the graph (0.5 s against 1 s at 1M)
                if i == len(sources) - 1:
                    # all is loaded: the label index (kg.ids) reads the labels on another core
                    # while the store counts itself (the catalog it is keyed by comes later)
                    if progress:
                        progress(len(sources), len(sources), None)   # the last stage: no source
                    from kg.ids import label_index_body
                    labels = pool.submit(label_index_body, cls(tmp, store, None, False))
                size = len(store)
                n, before = size - before, size
                if name in seen:   # a second file into the same source: the graph's whole count
                    rows = list(store.query("SELECT (COUNT(*) AS ?n) WHERE { GRAPH <%s> { ?s ?p ?o } }" % g.value))
                    n = int(rows[0][0].value)
                seen.add(name)
                total += n
                # the digest of the file the source was loaded from: equal digests, equal
                # content (kg diff compares sources by it before reading any of them)
                catalog.append(cls._catalog_entry(name, n, now, {**meta, "digest": meta.get("digest") or _file_digest(file)}))
            body = labels.result() if labels else None
            pool.shutdown()
            store.update(cls._prefix_block() + "INSERT DATA { GRAPH <%s> {\n%s\n} }" % (CATALOG, "\n".join(catalog)))
            store.flush()
            del store
            # the label index that `kg query find` and label lookups read (kg.ids), keyed by
            # the closed store so that its key matches what readers will see
            if progress and not labels:
                progress(len(sources), len(sources), None)   # the last stage: no source
            from kg.ids import write_label_index
            write_label_index(cls(tmp, ox.Store.read_only(str(tmp / "store")), None, False), body=body)
            (tmp / WORKSPACE_FILE).write_text(json.dumps(
                {"format": FORMAT_VERSION, "created": now, "kg_version": __version__,
                 "baseline": baseline}, indent=2), encoding="utf-8")
            if path.exists():
                old = path.parent / f".{path.name}.old-{os.getpid()}"
                lock = _Lock(path / ".lock", exclusive=True, wait=10) if (path / WORKSPACE_FILE).exists() else None
                try:
                    path.rename(old)
                finally:
                    if lock:
                        lock.release()
                tmp.rename(path)
                shutil.rmtree(old, ignore_errors=True)
            else:
                tmp.rename(path)
        except BaseException:
            if pool is not None:
                pool.shutdown(cancel_futures=True)   # the label reader first: it reads the store
            store = None  # close the store first: its background threads write into tmp
            shutil.rmtree(tmp, ignore_errors=True)
            raise
        return {"path": str(path), "sources": len(sources), "triples": total}

    def close(self) -> None:
        if self.store is not None:
            if self.writable:
                self.store.flush()
            self.store = None
        if self._lock:
            self._lock.release()
            self._lock = None

    def __enter__(self) -> "Workspace":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # ------------------------------------------------------------------ reading
    @staticmethod
    def _prefix_block() -> str:
        return sparql_prefixes()

    def query(self, sparql: str, *, prefixes: bool = True, **kw):
        """Run SPARQL with the union of all sources as the default graph."""
        text = (self._prefixes + sparql) if prefixes else sparql
        try:
            return self.store.query(text, use_default_graph_as_union=True, **kw)
        except SyntaxError as e:
            from kg.sparql.errors import syntax_error
            raise syntax_error(e, sparql, self._prefixes.count("\n") if prefixes else 0) from None

    def select(self, sparql: str, **bindings) -> list[dict]:
        """SELECT as a list of dicts (variable name → pyoxigraph term, or absent).

        Keyword arguments bind variables safely (never by string pasting): an str that
        looks like an IRI becomes a NamedNode, anything else a Literal.
        """
        res = self.query(_bind(sparql, bindings)) if bindings else self.query(sparql)
        names = [v.value for v in res.variables]
        idx = range(len(names))
        # positional access is about twice as fast as by name on large results
        return [{names[i]: t for i in idx if (t := sol[i]) is not None} for sol in res]

    def ask(self, sparql: str, **bindings) -> bool:
        return bool(self.query(_bind(sparql, bindings) if bindings else sparql))

    def count(self, sparql_where: str) -> int:
        rows = self.select(f"SELECT (COUNT(*) AS ?n) WHERE {{ {sparql_where} }}")
        return int(rows[0]["n"].value)

    def catalog_facts(self, graph: str | None = None) -> dict[str, CatalogFacts]:
        """Graph IRI → what the catalog records of that source's content: triple count,
        modified time and content digest (see :class:`CatalogFacts`); ``graph`` asks for
        one source only. A source the catalog lists without a triple count is left out; one
        it lists twice with different facts gets facts that match nothing
        (:data:`UNTRUSTED`), as if kg had not written it."""
        q = ("SELECT ?g ?n ?m ?d WHERE { GRAPH kgsrc:catalog { ?g kg:tripleCount ?n "
             "OPTIONAL { ?g dct:modified ?m } OPTIONAL { ?g kg:contentDigest ?d } } }")
        rows = self.select(q, g=graph) if graph else self.select(q)
        out: dict[str, CatalogFacts] = {}
        for r in rows:
            try:
                n = int(r["n"].value)
            except ValueError:
                n = -1
            facts = CatalogFacts(n, r["m"].value if "m" in r else "", r["d"].value if "d" in r else None)
            g = r["g"].value
            out[g] = facts if out.get(g, facts) == facts else UNTRUSTED
        return out

    def sources(self) -> list[SourceInfo]:
        rows = self.select("""
            SELECT ?g ?n ?mod ?kind ?title ?file ?sha ?net WHERE {
              GRAPH kgsrc:catalog { ?g kg:tripleCount ?n ; dct:modified ?mod .
                OPTIONAL { ?g kg:sourceKind ?kind0 } OPTIONAL { ?g dct:title ?t0 }
                OPTIONAL { ?g dcat:downloadURL ?file } OPTIONAL { ?g kg:sha256 ?sha }
                OPTIONAL { ?g kg:network ?net } }
              OPTIONAL { GRAPH ?g { ?g kg:sourceKind ?kind1 } }
              OPTIONAL { GRAPH ?g { ?g dct:title ?t1 } }
              BIND(COALESCE(?kind0, ?kind1) AS ?kind)
              BIND(COALESCE(?t0, ?t1) AS ?title)
            } ORDER BY ?g""")
        by: dict[str, SourceInfo] = {}
        for r in rows:
            iri = r["g"].value
            s = by.get(iri)
            if s is None:
                s = by[iri] = SourceInfo(name=source_name(iri), iri=iri, triples=int(r["n"].value),
                                         modified=r["mod"].value)
            if "kind" in r:
                s.kind = r["kind"].value
            if "title" in r:
                s.title[getattr(r["title"], "language", None) or ""] = r["title"].value
            if "file" in r:
                s.file = r["file"].value
            if "sha" in r:
                s.sha256 = r["sha"].value
            if "net" in r:
                s.network = r["net"].value
        return list(by.values())

    def source(self, name: str) -> SourceInfo:
        for s in self.sources():
            if s.name == name or s.iri == name:
                return s
        import difflib
        names = [s.name for s in self.sources()]
        raise NotFound(f"No source named '{name}' in the workspace.",
                       f"Ingen kilde med navnet «{name}» i arbeidsområdet.",
                       suggestions=difflib.get_close_matches(name, names, n=5, cutoff=0.3) or names[:8])

    def dump(self, fmt: str, *, source: str | None = None) -> bytes:
        """Serialise the workspace. Quad formats (trig, nq) keep the sources; triple formats
        (ttl, nt, jsonld) write the union of all sources, or one source with ``source``."""
        f = RDF_FORMATS[fmt]
        if f in (ox.RdfFormat.TRIG, ox.RdfFormat.N_QUADS):
            if source:
                g = ox.NamedNode(source_iri(source))
                quads = self.store.quads_for_pattern(None, None, None, g)
            else:
                quads = (q for q in self.store if q.graph_name != ox.NamedNode(str(CATALOG)))
            return ox.serialize(quads, format=f, prefixes=_prefix_map())
        if source:
            return self.store.dump(format=f, from_graph=ox.NamedNode(source_iri(source)), prefixes=_prefix_map())
        triples = self._union_triples()
        return ox.serialize(triples, format=f, prefixes=_prefix_map())

    def _union_triples(self) -> Iterator[ox.Triple]:
        seen = set()
        cat = ox.NamedNode(str(CATALOG))
        for q in self.store:
            if q.graph_name == cat:
                continue
            t = q.triple
            if t not in seen:
                seen.add(t)
                yield t

    # ------------------------------------------------------------------ writing
    def _require_write(self) -> None:
        if not self.writable and self._staged is None:
            raise WorkspaceError("The workspace was opened read-only.", "Arbeidsområdet er åpnet skrivebeskyttet.")

    @staticmethod
    def _catalog_entry(name: str, count: int, when: str, meta: dict) -> str:
        g = f"<{source_iri(name)}>"
        parts = [f"{g} a <{ONT}Source>",
                 f"<{ONT}tripleCount> {_lit(str(count), XSD + 'integer')}",
                 f"<{DCT}modified> {_lit(when, XSD + 'dateTime')}",
                 f"<{ONT}toolVersion> {_lit(__version__)}"]
        if meta.get("kind"):
            parts.append(f"<{ONT}sourceKind> {_lit(meta['kind'])}")
        for lang, t in (meta.get("title") or {}).items():
            parts.append(f"<{DCT}title> {_lit(t, lang=lang or None)}")
        if meta.get("file"):
            parts.append(f"<http://www.w3.org/ns/dcat#downloadURL> {_lit(meta['file'])}")
        if meta.get("sha256"):
            parts.append(f"<{ONT}sha256> {_lit(meta['sha256'])}")
        if meta.get("network"):
            parts.append(f"<{ONT}network> <{meta['network']}>")
        if meta.get("digest"):
            parts.append(f"<{ONT}contentDigest> {_lit(meta['digest'])}")
        return " ;\n  ".join(parts) + " ."

    def replace_source(self, name: str, quads: Iterable, meta: dict | None = None) -> SourceInfo:
        """Put ``quads`` (triples, quads or a :class:`Content`; graph names are ignored)
        into source ``name``, replacing what it held, and update the catalog: all of it
        or nothing (see the module's notes on writes).

        Only the difference is written: nothing at all when the content is what the
        source already holds (the returned info then has ``changed=False``), else the
        triples removed and added (the whole graph when blank nodes make a difference
        meaningless). ``meta`` may hold kind, title ({lang: text}), file, sha256, network
        (IRI). In a staged write (:meth:`staged_write`) the change is held back.
        """
        self._require_write()
        if name in ("catalog",) or not name or any(c in name for c in "<>\"{}|^`\\ "):
            raise InputError(f"'{name}' cannot be used as a source name.",
                             f"«{name}» kan ikke brukes som kildenavn.")
        content = Content.of(quads)
        g = source_iri(name)
        info = SourceInfo(name=name, iri=g, kind=(meta or {}).get("kind", ""), triples=len(content))
        change = self._changes(g, content)
        if change is None:
            info.changed = False
            return info
        ops, step = change
        if step is not None:   # kept for what is derived from the source, before the write
            from kg.store import delta
            delta.record(self, g, *step)
        entry = self._catalog_entry(name, len(content), _now(), {**(meta or {}), "digest": content.digest})
        ops.append(_Op(update=f"DELETE WHERE {{ GRAPH <{CATALOG}> {{ <{g}> ?p ?o }} }} ;\n"
                              f"INSERT DATA {{ GRAPH <{CATALOG}> {{\n{entry}\n}} }}"))
        if self._staged is not None:
            self._staged.extend(ops)
            return info
        self._commit(ops)
        return self.source(name)

    def _changes(self, g: str, content: Content) -> "tuple[list[_Op], tuple | None] | None":
        """The steps that turn graph ``g`` into ``content`` without its catalog entry, and
        the step of content to keep (:func:`kg.store.delta.record`'s old digest, new
        digest, lines removed, lines added; None when there is none to keep); None when
        the graph already holds exactly that."""
        listed = self.catalog_facts(g).get(g)
        if listed is not None and listed.digest == content.digest and not content.blank:
            return None
        old = self.store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.NamedNode(g)) or b""
        if content.blank or b"_:" in old:
            # DELETE DATA cannot name blank nodes: replace the whole graph
            return [_Op(update=f"DROP SILENT GRAPH <{g}>"), _Op(graph=g, lines=content, data=content.data)], None
        before = set(old.splitlines()) - {b""}
        if not before:   # a new source (the usual first import): every line is added, in order
            return None if listed is not None and not len(content) else \
                ([_Op(graph=g, lines=content, data=content.data)], None)
        removed = before.difference(content.lines)
        added = [line for line in content.lines if line not in before]   # stays sorted
        if listed is not None and not removed and not added:
            return None
        # the old digest names the graph's lines only when the catalog counts as many
        old_digest = listed.digest if listed is not None and listed.count == len(before) else None
        ops = []
        if removed:
            ops.append(_Op(update=f"DELETE DATA {{ GRAPH <{g}> {{\n"
                                  + b"\n".join(sorted(removed)).decode("utf-8") + "\n} }"))
        ops.append(_Op(graph=g, lines=added))
        return ops, (old_digest, content.digest, removed, added)

    def remove_source(self, name: str) -> SourceInfo:
        self._require_write()
        info = self.source(name)
        op = _Op(update=f"DROP SILENT GRAPH <{info.iri}> ;\n"
                        f"DELETE WHERE {{ GRAPH <{CATALOG}> {{ <{info.iri}> ?p ?o }} }}")
        if self._staged is not None:
            self._staged.append(op)
            return info
        self._commit([op])
        return info

    def _commit(self, ops: list[_Op]) -> None:
        """Apply ``ops`` all or nothing: one transaction when small, else the journal."""
        if not ops:
            return
        if sum(len(op.lines) for op in ops if op.lines is not None) < bulk_min():
            self.store.update(" ;\n".join(op.as_update() for op in ops if op.lines or op.update))
        else:
            self._write_journal(ops)
            self._replay()
        self.store.flush()
        _drop_label_index(self.path)

    def _write_journal(self, ops: list[_Op]) -> None:
        """Write the steps into ``journal.new-PID/`` and rename it to ``journal/``: once the
        rename is done the write is committed (it will be applied even after a crash)."""
        tmp = self.path / f"{JOURNAL}.new-{os.getpid()}"
        shutil.rmtree(tmp, ignore_errors=True)
        try:
            self._write_journal_into(tmp, ops)
            # applying the journal needs about as much room again in the store (and its
            # log): without it the write would be committed here and then stop half-way, so
            # a disk that cannot take it refuses the write now, before anything is committed
            need = 2 * sum(f.stat().st_size for f in tmp.iterdir()) + (1 << 20)
            if shutil.disk_usage(self.path).free < need:
                raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(self.path))
        except BaseException:
            # not committed: nothing happened; leave no half journal filling the disk
            shutil.rmtree(tmp, ignore_errors=True)
            raise
        os.rename(tmp, self.path / JOURNAL)
        _fsync_dir(self.path)

    def _write_journal_into(self, tmp: Path, ops: list[_Op]) -> None:
        tmp.mkdir()
        steps = []
        for i, op in enumerate(ops):
            if op.lines is None:
                steps.append({"update": op.update})
                continue
            f = tmp / f"load-{i}.nt"
            with open(f, "wb") as fh:
                fh.write(op.joined())
                fh.write(b"\n")
                fh.flush()
                os.fsync(fh.fileno())
            steps.append({"load": f.name, "graph": op.graph, "triples": len(op.lines)})
        with open(tmp / "plan.json", "w", encoding="utf-8") as fh:
            json.dump({"kg_version": __version__, "steps": steps}, fh)
            fh.flush()
            os.fsync(fh.fileno())
        _fsync_dir(tmp)

    def _replay(self) -> None:
        """Apply ``journal/`` (every step can be applied twice with the same result: drops,
        DELETE/INSERT DATA and loads of the same triples), then remove it."""
        jdir = self.path / JOURNAL
        try:
            plan = json.loads((jdir / "plan.json").read_text(encoding="utf-8"))
        except (OSError, ValueError) as e:
            raise WorkspaceError(
                f"The journal of an interrupted write in {jdir} is damaged: {e}",
                f"Journalen til en avbrutt skriving i {jdir} er skadet: {e}",
                hint_en=f"The write cannot be finished. Move {jdir} aside, run 'kg sources --verify' to see "
                        "what is incomplete, and import that source again (or restore a snapshot).",
                hint_nb=f"Skrivingen kan ikke fullføres. Flytt {jdir} til side, kjør «kg sources --verify» for å se "
                        "hva som er ufullstendig, og importer den kilden på nytt (eller hent fram et øyeblikksbilde).") from None
        for step in plan["steps"]:
            if "update" in step:
                self.store.update(step["update"])
            else:
                # a load into a graph that holds nothing (a new source, or one just dropped by
                # the step before) may go in pieces, one bulk loader per core: should a piece
                # fail, the graph is emptied and loaded whole. Asked of the store, not of the
                # plan: a replay after a crash half-way through this load finds the graph not
                # empty and loads the file whole over it (adding a triple twice keeps one)
                g = ox.NamedNode(step["graph"])
                empty = next(self.store.quads_for_pattern(None, None, None, g), None) is None
                path = jdir / step["load"]
                load_file(self.store, path, ox.RdfFormat.N_TRIPLES, g, fresh=empty,
                          piece_bytes=_journal_piece(path.stat().st_size))
        self.store.flush()
        # the end of the journal is one rename (atomic): before it the journal is applied
        # again by the next command, after it the leftover folder is only deleted
        done = self.path / f"{JOURNAL}.done-{os.getpid()}"
        shutil.rmtree(done, ignore_errors=True)
        os.rename(jdir, done)
        _fsync_dir(self.path)
        shutil.rmtree(done, ignore_errors=True)

    def source_quads(self, name: str) -> list[ox.Quad]:
        return list(self.store.quads_for_pattern(None, None, None, ox.NamedNode(source_iri(name))))


def _journal_piece(size: int) -> int:
    """The size of a journal load's pieces: one piece per core, none over JOURNAL_PIECE_MAX.
    Each piece's loader ends by adding its files to the store's newest level; in a large
    store two of them there start a compaction that rewrites the level below. Pieces of
    one round (one per core) add them at the same moment, at the end; more, smaller pieces
    start that compaction during the load as well and cost more CPU."""
    from kg.store import bulk
    return max(1, min(-(-size // bulk.cores()), JOURNAL_PIECE_MAX))


def _file_digest(path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return "file-sha256:" + h.hexdigest()


def _fsync_dir(path: Path) -> None:
    fd = os.open(str(path), os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _drop_label_index(path: Path) -> None:
    from kg.ids import drop_label_index
    drop_label_index(path)


def _prefix_map() -> dict[str, str]:
    from kg.vocab import PREFIXES
    return dict(PREFIXES)


_WHERE = re.compile(r"\b(WHERE|ASK)\s*\{", re.I)


def _bind(sparql: str, bindings: dict) -> str:
    """Bind variables by a VALUES block after the first WHERE/ASK brace. Terms are
    serialised by Oxigraph (IRIs validated, literals escaped), so a value can never
    change the query's structure."""
    m = _WHERE.search(sparql)
    if not m:
        raise ValueError("query has no WHERE clause to bind into")
    values = " ".join(f"VALUES ?{k} {{ {_term(v)} }}" for k, v in bindings.items())
    return sparql[:m.end()] + " " + values + " " + sparql[m.end():]


def _term(v):
    if isinstance(v, (ox.NamedNode, ox.Literal, ox.BlankNode)):
        return v
    if isinstance(v, str) and (v.startswith("http://") or v.startswith("https://") or v.startswith("urn:")):
        try:
            return ox.NamedNode(v)
        except ValueError:
            raise InputError(f"'{v}' is not a valid IRI.", f"«{v}» er ikke en gyldig IRI.") from None
    return ox.Literal(str(v))


def parse_rdf_file(path: str | os.PathLike, fmt: str | None = None) -> list[ox.Quad]:
    """Parse an RDF file with Oxigraph; a syntax error names the file, line and column.
    Bounded by kg.store.parse_limits (triples, literal length; RDF/XML entities and depth)."""
    p = Path(path)
    f = RDF_FORMATS.get((fmt or p.suffix.lstrip(".")).lower())
    if f is None:
        raise InputError(f"unknown RDF format '{fmt or p.suffix}'", f"ukjent RDF-format «{fmt or p.suffix}»", file=str(p))
    from kg.store.parse_limits import bounded, check_rdfxml
    if f == ox.RdfFormat.RDF_XML:
        check_rdfxml(p)
    try:
        return bounded(ox.parse(path=str(p), format=f), p)
    except SyntaxError as e:
        raise InputError(f"RDF syntax error: {e}", f"syntaksfeil i RDF: {e}", file=str(p)) from None
    except OSError as e:
        raise InputError(f"cannot read the file: {e.strerror or e}", f"kan ikke lese filen: {e.strerror or e}", file=str(p)) from None
