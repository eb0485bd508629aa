"""A new snapshot copies the lines of every source an earlier snapshot holds with the same
content digest, and reads only the changed sources from the store; the result is the
same TriG as reading them all."""
from __future__ import annotations

import hashlib

import pyoxigraph as ox

from kg.diff.compare import load_rdf
from kg.store import snapshots
from kg.store.workspace import Workspace

K = "https://w3id.org/kommune-ki/ont#"
ID = "https://w3id.org/kommune-ki/id/"


class _Counting:
    """The store, counting which graphs are dumped."""

    def __init__(self, store):
        self._store = store
        self.dumped: list[str] = []

    def dump(self, *a, **kw):
        self.dumped.append(kw["from_graph"].value.rsplit("/", 1)[-1])
        return self._store.dump(*a, **kw)

    def __getattr__(self, name):
        return getattr(self._store, name)

    def __iter__(self):
        return iter(self._store)


def _same_as_the_store(ws, name: str) -> None:
    """Each source's lines in the snapshot are what the store holds now, as Oxigraph writes
    them (blank nodes by their store ids), and the file reads back as RDF."""
    info = snapshots.get(ws.path, name)
    for s in ws.sources():
        if s.name != "catalog":
            now = ws.store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.NamedNode(s.iri)) or b""
            assert snapshots.source_lines(ws.path, info, s.name) == now.splitlines(), s.name
    trig = snapshots.snapshot_dir(ws.path) / f"{name}.trig"
    load_rdf(trig).close()
    # the file is written as Oxigraph dumps it: its digest and count are of what is on disk
    assert info.sha256 == hashlib.sha256(trig.read_bytes()).hexdigest()
    assert info.triples == sum(s.triples for s in ws.sources() if s.name != "catalog")
    assert not list(trig.parent.glob(".*.tmp"))


def test_a_later_snapshot_reads_only_the_changed_source(baseline_copy):
    with Workspace.open(baseline_copy) as ws:
        names = [s.name for s in ws.sources() if s.name != "catalog" and s.triples]
        ws.store = counting = _Counting(ws.store)
        snapshots.create(ws, "first")
        assert sorted(counting.dumped) == sorted(names)   # nothing to copy from yet
    with Workspace.open(baseline_copy, write=True) as ws:
        quads = [q.triple for q in ws.source_quads("seed")]
        quads.append(ox.Triple(ox.NamedNode(ID + "ki-plan"), ox.NamedNode(K + "status"),
                               ox.NamedNode(ID + "status-stanset")))
        ws.replace_source("seed", quads, {"kind": ws.source("seed").kind})
    with Workspace.open(baseline_copy) as ws:
        ws.store = counting = _Counting(ws.store)
        snapshots.create(ws, "second")
        assert counting.dumped == ["seed"]
    with Workspace.open(baseline_copy) as ws:
        _same_as_the_store(ws, "second")
    # the lines of an unchanged source are the earlier snapshot's, byte for byte
    first, second = snapshots.get(baseline_copy, "first"), snapshots.get(baseline_copy, "second")
    name = next(n for n in names if n != "seed")
    assert snapshots.source_lines(baseline_copy, first, name) == snapshots.source_lines(baseline_copy, second, name)
    assert snapshots.source_lines(baseline_copy, first, "seed") != snapshots.source_lines(baseline_copy, second, "seed")


def test_a_damaged_earlier_snapshot_is_not_copied(baseline_copy):
    with Workspace.open(baseline_copy) as ws:
        snapshots.create(ws, "first")
    trig = baseline_copy / "snapshots" / "first.trig"
    trig.write_bytes(trig.read_bytes()[: trig.stat().st_size // 2])   # cut short
    with Workspace.open(baseline_copy) as ws:
        ws.store = counting = _Counting(ws.store)
        snapshots.create(ws, "second")
    assert counting.dumped   # what could not be copied whole was read from the store
    with Workspace.open(baseline_copy) as ws:
        _same_as_the_store(ws, "second")
