"""A new snapshot copies the lines of every source an earlier snapshot holds with the same
content digest, and reads only the changed sources from the store; the result is the
same TriG as reading them all."""
from __future__ import annotations

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


def _quads(path) -> set:
    ws = load_rdf(path)
    try:
        return {(q.subject, q.predicate, q.object, q.graph_name) for q in ws.store}
    finally:
        ws.close()


def _workspace_quads(ws) -> set:
    cat = ox.NamedNode("https://w3id.org/kommune-ki/source/catalog")
    return {(q.subject, q.predicate, q.object, q.graph_name) for q in ws.store if q.graph_name != cat}


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
        assert _quads(baseline_copy / "snapshots" / "second.trig") == _workspace_quads(ws)
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
        whole = _workspace_quads(ws)
    assert counting.dumped   # what could not be copied whole was read from the store
    assert _quads(baseline_copy / "snapshots" / "second.trig") == whole
