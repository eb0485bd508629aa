"""A snapshot is a checkpoint of the workspace's store and its sidecar
(kg.store.snapshots): it holds exactly what the workspace held, including what the last
write left only in the store's log; it shares the store's files; a cut-short snapshot
leaves nothing that counts as one and is cleared by the next; --force, --remove and
--export; and a snapshot in the older TriG form is still listed, read and exported."""
from __future__ import annotations

import json
import os

import pyoxigraph as ox
import pytest

from kg import api
from kg.diff.compare import load_rdf, open_snapshot
from kg.errors import InputError, WorkspaceError
from kg.store import snapshots
from kg.store.workspace import CATALOG, Workspace

from legacy import trig_snapshot

K = "https://w3id.org/kommune-ki/ont#"
ID = "https://w3id.org/kommune-ki/id/"
TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
SKOS = "http://www.w3.org/2004/02/skos/core#prefLabel"


def _quads(store, catalog: bool = True) -> set:
    cat = ox.NamedNode(CATALOG)
    return {q for q in store if catalog or q.graph_name != cat}


def _small_import(path, name: str, n: int = 5) -> None:
    quads = []
    for k in range(n):
        s = ox.NamedNode(f"{ID}{name}-{k}")
        quads += [ox.Triple(s, ox.NamedNode(TYPE), ox.NamedNode(K + "Initiative")),
                  ox.Triple(s, ox.NamedNode(SKOS), ox.Literal(f"Tiltak {k}", language="nb"))]
    with Workspace.open(path, write=True) as ws:
        ws.replace_source(name, quads, {"kind": "test"})


def test_a_snapshot_holds_what_the_last_write_left_in_the_log(baseline_copy, tmp_path):
    _small_import(baseline_copy, "extra")
    # a write cut short after its transaction and before kg's flush (the process killed):
    # the triple is only in RocksDB's log, which a writable opening of the store replays
    store = ox.Store(str(baseline_copy / "store"))
    late = ox.Quad(ox.NamedNode(f"{ID}extra-0"), ox.NamedNode(K + "status"), ox.NamedNode(ID + "status-stanset"),
                   ox.NamedNode("https://w3id.org/kommune-ki/source/extra"))
    store.add(late)
    del store
    # a checkpoint from a read-only handle misses it (why kg takes one under the write lock)
    ro = ox.Store.read_only(str(baseline_copy / "store"))
    assert late in ro
    ro.backup(str(tmp_path / "ro-checkpoint"))
    missed = late not in ox.Store.read_only(str(tmp_path / "ro-checkpoint"))
    del ro
    info = api.Workspace(baseline_copy).snapshot("s", "after the import")
    assert info.format == "store" and info.file == "snapshots/s.store"
    with Workspace.open(baseline_copy) as ws, open_snapshot(baseline_copy, info) as old:
        assert late in old.store
        assert _quads(old.store) == _quads(ws.store)   # every quad, the catalog too
        assert old.count("?i a kg:Initiative") == info.initiatives == ws.count("?i a kg:Initiative")
        assert {s.name for s in old.sources()} - {"catalog"} == set(info.sources)
    assert info.sources["extra"]["triples"] == 10 and info.triples == sum(v["triples"] for v in info.sources.values())
    assert missed, "Oxigraph's read-only checkpoint now sees the log: the write lock could be dropped"


def test_a_snapshot_shares_the_store_files_and_outlives_compaction(baseline_copy):
    info = api.Workspace(baseline_copy).snapshot("s")
    with Workspace.open(baseline_copy) as ws:
        before = _quads(ws.store, catalog=False)
    folder = snapshots.store_dir(baseline_copy, "s")
    data = [f for f in folder.iterdir() if f.suffix == ".sst"]
    assert data
    store_inodes = {f.stat().st_ino for f in (baseline_copy / "store").iterdir()}
    # hard links: the same files on disk, no copy (the store may already have compacted
    # a file or two away in the background since)
    shared = sum(f.stat().st_size for f in data if f.stat().st_ino in store_inodes and f.stat().st_nlink >= 2)
    assert shared >= 0.5 * sum(f.stat().st_size for f in data)
    # the workspace changes and compacts its files away; the snapshot keeps its own links
    _small_import(baseline_copy, "extra", 200)
    with Workspace.open(baseline_copy, write=True) as ws:
        ws.remove_source("seed")
        ws.store.optimize()
    with open_snapshot(baseline_copy, info) as old:
        assert _quads(old.store, catalog=False) == before
    assert any(f.stat().st_nlink == 1 for f in data)   # now only the snapshot holds some of them


def test_a_snapshot_cut_short_leaves_no_snapshot_and_the_next_clears_it(baseline_copy):
    class Cut:
        """The store, with a checkpoint that stops half-way (the process killed)."""

        def __init__(self, store):
            self._store = store

        def backup(self, target):
            os.makedirs(target)
            (ox_file := os.path.join(target, "000001.sst")) and open(ox_file, "wb").write(b"half")
            raise KeyboardInterrupt

        def __getattr__(self, name):
            return getattr(self._store, name)

    with Workspace.open(baseline_copy, write=True) as ws:
        ws.store = Cut(ws.store)
        with pytest.raises(KeyboardInterrupt):
            snapshots.create(ws, "s")
    folder = snapshots.snapshot_dir(baseline_copy)
    left = sorted(p.name for p in folder.iterdir())
    assert left == [f".s.store.{os.getpid()}.tmp"]
    # a checkpoint whose sidecar was never written (cut short just before it)
    (folder / "t.store").mkdir()
    assert snapshots.list_snapshots(baseline_copy) == []
    api.Workspace(baseline_copy).snapshot("u")
    assert sorted(p.name for p in folder.iterdir()) == ["u.json", "u.store"]


def test_force_replaces_remove_deletes(baseline_copy, cli_run):
    api.Workspace(baseline_copy).snapshot("s", "first")
    _small_import(baseline_copy, "extra")
    with pytest.raises(InputError, match="already exists"):
        api.Workspace(baseline_copy).snapshot("s")
    info = api.Workspace(baseline_copy).snapshot("s", "second", force=True)
    folder = snapshots.snapshot_dir(baseline_copy)
    assert sorted(p.name for p in folder.iterdir()) == ["s.json", "s.store"]
    assert snapshots.get(baseline_copy, "s").message == "second" and "extra" in info.sources
    with open_snapshot(baseline_copy, info) as old:
        assert old.count("?i a kg:Initiative") == info.initiatives
        assert next(iter(old.store.quads_for_pattern(ox.NamedNode(f"{ID}extra-0"), None, None, None)), None)
    assert cli_run(["--data", baseline_copy, "snapshot", "--remove", "s"]).exit_code == 0
    assert list(folder.iterdir()) == []


def test_a_read_only_handle_cannot_take_one(baseline_copy):
    with Workspace.open(baseline_copy) as ws:
        with pytest.raises(WorkspaceError, match="open for writing"):
            snapshots.create(ws, "s")
    assert snapshots.list_snapshots(baseline_copy) == []


def test_export_writes_the_snapshot_as_trig(baseline_copy, cli_run, tmp_path):
    api.Workspace(baseline_copy).snapshot("s")
    with Workspace.open(baseline_copy) as ws:
        want = {q for q in _quads(ws.store, catalog=False)}
    _small_import(baseline_copy, "extra")   # the export is of the snapshot, not of the workspace now
    out = tmp_path / "s.trig"
    r = cli_run(["--data", baseline_copy, "--lang", "en", "snapshot", "s", "--export", out])
    assert r.exit_code == 0, r.output
    assert "Wrote snapshot s to" in r.stdout
    got = load_rdf(out)
    try:
        # each source its own named graph, as in the workspace (blank nodes get new labels
        # when a file is read: those quads are counted)
        def named(qs):
            return {q for q in qs if not isinstance(q.subject, ox.BlankNode) and not isinstance(q.object, ox.BlankNode)}
        have = _quads(got.store)
        assert named(have) == named(want) and len(have) == len(want)
    finally:
        got.close()
    # a file anyone can diff against the snapshot: equal
    r = cli_run(["--data", baseline_copy, "diff", out, "s", "--no-check"])
    assert r.exit_code == 0, r.output
    r = cli_run(["--data", baseline_copy, "--lang", "en", "snapshot", "nope", "--export", out])
    assert r.exit_code == 1 and "No snapshot named 'nope'" in r.stderr
    r = cli_run(["--data", baseline_copy, "--lang", "en", "snapshot", "s", "--export", out, "--force"])
    assert r.exit_code == 2 and "cannot be combined" in r.stderr
    r = cli_run(["--data", baseline_copy, "snapshot", "s", "--export", tmp_path / "no" / "such" / "dir.trig"])
    assert r.exit_code == 2 and "Traceback" not in r.stderr
    assert not list(tmp_path.glob(".*tmp"))


def test_an_older_trig_snapshot_is_listed_read_and_exported(baseline_copy, cli_run, tmp_path):
    side = trig_snapshot(baseline_copy, "old", message="before checkpoints")
    api.Workspace(baseline_copy).snapshot("new")
    infos = {i.name: i for i in snapshots.list_snapshots(baseline_copy)}
    assert infos["old"].format == "trig" and infos["new"].format == "store"
    assert infos["old"].ident == side["sha256"]
    r = cli_run(["--data", baseline_copy, "diff", "old", "new"])
    assert r.exit_code == 0, r.output   # the same version, in both forms
    out = tmp_path / "old.trig"
    assert cli_run(["--data", baseline_copy, "snapshot", "old", "--export", out]).exit_code == 0
    assert out.read_bytes() == (baseline_copy / "snapshots" / "old.trig").read_bytes()
    r = cli_run(["--data", baseline_copy, "snapshot", "--list", "--format", "json"])
    assert [x["name"] for x in json.loads(r.stdout)["rows"]] == ["old", "new"]
    assert cli_run(["--data", baseline_copy, "snapshot", "--remove", "old"]).exit_code == 0
    assert sorted(p.name for p in snapshots.snapshot_dir(baseline_copy).iterdir()) == ["new.json", "new.store"]
    # an older snapshot replaced with --force becomes a checkpoint; its TriG file goes
    trig_snapshot(baseline_copy, "old")
    assert api.Workspace(baseline_copy).snapshot("old", force=True).format == "store"
    assert sorted(p.name for p in snapshots.snapshot_dir(baseline_copy).iterdir()) \
        == ["new.json", "new.store", "old.json", "old.store"]


def test_init_force_removes_the_snapshots(baseline_copy):
    api.Workspace(baseline_copy).snapshot("s")
    assert snapshots.store_dir(baseline_copy, "s").is_dir()
    Workspace.create(baseline_copy, baseline=False, force=True)   # kg init --force
    assert not snapshots.snapshot_dir(baseline_copy).exists() and snapshots.list_snapshots(baseline_copy) == []


def test_remove_waits_for_a_reader_of_the_snapshot(baseline_copy, cli_run, monkeypatch):
    info = api.Workspace(baseline_copy).snapshot("s")
    monkeypatch.setenv("KG_LOCK_WAIT", "0.2")
    with open_snapshot(baseline_copy, info) as old:   # a diff reading it
        r = cli_run(["--data", baseline_copy, "--lang", "en", "snapshot", "--remove", "s"])
        assert r.exit_code == 2 and "busy" in r.stderr and "Traceback" not in r.stderr
        assert old.count("?i a kg:Initiative") == info.initiatives   # its files are all there
    assert cli_run(["--data", baseline_copy, "snapshot", "--remove", "s"]).exit_code == 0
    assert snapshots.list_snapshots(baseline_copy) == []


def test_remove_and_force_drop_the_kept_roadmap(baseline_copy, cli_run):
    """The roadmap and check kept for a snapshot (kg.diff.indexed, in the cache) go with it:
    `kg snapshot --remove` (CLI and kg.api) and `kg snapshot NAME --force` leave none behind."""
    from kg.diff import indexed
    ws = api.Workspace(baseline_copy)

    def kept(info):
        assert indexed.save(info, None, ("key", b"the check's bytes"))
        return indexed._file(info)

    first = kept(ws.snapshot("s"))
    second = ws.snapshot("s", force=True)
    assert not first.exists()                      # the replaced version's kept roadmap went
    assert indexed.load(second) is None            # the new one keeps nothing yet
    second_file = kept(second)
    assert cli_run(["--data", baseline_copy, "snapshot", "--remove", "s"]).exit_code == 0
    assert not second_file.exists()
    third = kept(ws.snapshot("t"))
    assert ws.remove_snapshot("t").name == "t"
    assert not third.exists() and snapshots.list_snapshots(baseline_copy) == []


def test_a_diff_reads_the_snapshot_as_it_is_once_it_holds_the_lock(baseline_copy, cli_run):
    """`kg snapshot s --force` between a diff's reading of the sidecar (no lock yet) and its
    opening of the workspace (the lock): the diff is of the snapshot as it was replaced,
    never the replaced sidecar's sources with the new checkpoint."""
    from kg.diff import indexed
    from kg.errors import NotFound
    ws = api.Workspace(baseline_copy)
    ws.snapshot("s", "first")
    _small_import(baseline_copy, "extra")
    stale = snapshots.get(baseline_copy, "s")      # read before the lock ...
    ws.snapshot("s", "second", force=True)          # ... replaced meanwhile by the workspace as it is now
    d = indexed.version_diff(stale, data=baseline_copy, check=False)
    # the replaced snapshot holds what the workspace holds: equal, and named as it is now
    assert d.route == "equal" and d.equal and d.old["message"] == "second"
    stale = snapshots.get(baseline_copy, "s")
    assert cli_run(["--data", baseline_copy, "snapshot", "--remove", "s"]).exit_code == 0
    with pytest.raises(NotFound):   # removed meanwhile: no version of it is read
        indexed.version_diff(stale, data=baseline_copy, check=False)


def test_export_to_an_empty_file_is_refused(baseline_copy, cli_run):
    api.Workspace(baseline_copy).snapshot("s")
    for lang, says in (("en", "Give the FILE to write the snapshot to"), ("nb", "Oppgi FILEN øyeblikksbildet")):
        r = cli_run(["--data", baseline_copy, "--lang", lang, "snapshot", "s", "--export", ""])
        assert r.exit_code == 2 and says in r.stderr and "Traceback" not in r.stderr, r.output
    with pytest.raises(InputError, match="Give the FILE"):
        api.Workspace(baseline_copy).export_snapshot("s", " ")
    assert sorted(p.name for p in baseline_copy.iterdir() if p.name.startswith(".") and p.name.endswith("tmp")) == []


@pytest.mark.parametrize("error", [KeyboardInterrupt, RuntimeError, OSError])
def test_a_checkpoint_that_cannot_be_opened_leaves_no_lock_held(baseline_copy, monkeypatch, error):
    """Whatever stops the opening of a snapshot's checkpoint, the workspace's shared lock
    goes with it (a writer would wait for it until the process ends); Oxigraph's errors
    are said in both languages."""
    info = api.Workspace(baseline_copy).snapshot("s")

    class Refusing:
        """pyoxigraph's Store, whose read-only opening fails as ``error``."""

        @staticmethod
        def read_only(path):
            raise error("cut short")

    monkeypatch.setattr(ox, "Store", Refusing)
    # ``got`` keeps the traceback (and so any lock object in its frames) alive
    if error is KeyboardInterrupt:
        with pytest.raises(KeyboardInterrupt) as got:
            open_snapshot(baseline_copy, info)
    else:
        with pytest.raises(WorkspaceError) as got:
            open_snapshot(baseline_copy, info)
        assert "Cannot open snapshot s" in got.value.en and "Kan ikke åpne øyeblikksbildet s" in got.value.nb
    monkeypatch.undo()
    with Workspace.open(baseline_copy, write=True, wait=0.5):   # the exclusive lock: nobody holds the shared one
        pass


def test_a_name_typed_in_nfd_finds_the_snapshot(baseline_copy, cli_run):
    """'å' typed as 'a' and a combining ring (NFD, as some keyboards and file systems
    give it) names the snapshot that `kg snapshot` stored under the NFC name."""
    import unicodedata
    nfc = "før-årsmøtet"
    nfd = unicodedata.normalize("NFD", nfc)
    assert nfd != nfc
    api.Workspace(baseline_copy).snapshot(nfd, "høst")     # stored under the NFC name
    assert [i.name for i in snapshots.list_snapshots(baseline_copy)] == [nfc]
    assert snapshots.get(baseline_copy, nfd).message == "høst"
    r = cli_run(["--data", baseline_copy, "diff", nfd, "@", "--no-check"])
    assert r.exit_code == 0, r.output
    assert cli_run(["--data", baseline_copy, "snapshot", "--remove", nfd]).exit_code == 0
    assert snapshots.list_snapshots(baseline_copy) == []
    assert list(snapshots.snapshot_dir(baseline_copy).iterdir()) == []
    # a name no snapshot can bear is simply not there
    from kg.errors import NotFound
    with pytest.raises(NotFound):
        snapshots.get(baseline_copy, "a/b")


def test_a_held_folder_keeps_a_version_on_the_workspace_file_system(baseline_copy):
    """The web import's version before its write (snapshots.HeldFolder): under the
    workspace's snapshots/, so its checkpoint links the store's files (a folder in /tmp,
    on another file system, copied the whole store); never listed as a snapshot; removed
    by its maker; left by a crash (nobody holds it), cleared by the next snapshot."""
    import subprocess
    import sys
    with Workspace.open(baseline_copy, write=True) as ws:
        held = snapshots.HeldFolder(ws.path)
        before = snapshots.create(ws, "før-importen", folder=held.path)
    assert held.path.parent == snapshots.snapshot_dir(baseline_copy) and held.path.name.startswith(".import-")
    store_inodes = {f.stat().st_ino for f in (baseline_copy / "store").iterdir()}
    data = [f for f in (held.path / "før-importen.store").iterdir() if f.suffix == ".sst"]
    assert data and any(f.stat().st_ino in store_inodes for f in data)   # linked, not copied
    assert snapshots.list_snapshots(baseline_copy) == []
    # a snapshot taken meanwhile leaves a held folder alone
    api.Workspace(baseline_copy).snapshot("s")
    assert held.path.is_dir()
    with open_snapshot(baseline_copy, before) as old, Workspace.open(baseline_copy) as ws:
        assert _quads(old.store, catalog=False) == _quads(ws.store, catalog=False)
    held.close()
    assert not held.path.exists()
    # a maker that dies holding one (a crash): the next snapshot clears it away
    code = ("import os, sys\nfrom kg.store import snapshots\n"
            "print(snapshots.HeldFolder(sys.argv[1]).path, flush=True)\nos._exit(0)")
    out = subprocess.run([sys.executable, "-c", code, str(baseline_copy)], capture_output=True, text=True, check=True)
    left = snapshots.snapshot_dir(baseline_copy) / os.path.basename(out.stdout.strip())
    assert left.is_dir()
    api.Workspace(baseline_copy).snapshot("t")
    assert not left.exists()
    assert sorted(p.name for p in snapshots.snapshot_dir(baseline_copy).iterdir()) == \
        ["s.json", "s.store", "t.json", "t.store"]
