"""The workspace store: sources as named graphs, atomic writes, locking, round trips."""
from __future__ import annotations

import pyoxigraph as ox
import pytest
from rdflib import Dataset, Graph
from rdflib.compare import isomorphic

from kg.errors import InputError, WorkspaceBusy, WorkspaceError
from kg.store.workspace import Workspace, shipped_sources

EX = "https://w3id.org/kommune-ki/id/"


def test_union_default_graph_and_named_sources(make_ws):
    path = make_ws('kgid:a a kg:Initiative ; skos:prefLabel "A"@nb , "A"@en .')
    with Workspace.open(path) as ws:
        assert ws.count("?i a kg:Initiative") == 1
        assert ws.ask("ASK { GRAPH kgsrc:test { kgid:a a kg:Initiative } }")
        assert not ws.ask("ASK { GRAPH kgsrc:ontology { kgid:a ?p ?o } }")
        names = {s.name for s in ws.sources()}
        assert {"ontology", "test"} <= names
        assert ws.source("test").triples == 3


def test_replace_source_replaces_and_is_idempotent(make_ws):
    path = make_ws('kgid:a a kg:Initiative .')
    q = [ox.Quad(ox.NamedNode(EX + "b"), ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"),
                 ox.NamedNode("https://w3id.org/kommune-ki/ont#Initiative"))]
    with Workspace.open(path, write=True) as ws:
        ws.replace_source("test", q, {"kind": "import"})
        ws.replace_source("test", q, {"kind": "import"})
        assert ws.count("?i a kg:Initiative") == 1
        assert ws.ask("ASK { kgid:b a kg:Initiative }")
        assert ws.source("test").triples == 1
        assert ws.source("test").kind == "import"


def test_failed_write_leaves_workspace_as_it_was(make_ws):
    path = make_ws('kgid:a a kg:Initiative .')
    with Workspace.open(path) as ws:
        before = sorted(str(q) for q in ws.store)

    class Boom(Exception):
        pass

    def quads():
        yield ox.Triple(ox.NamedNode(EX + "c"), ox.NamedNode(EX + "p"), ox.Literal("x"))
        raise Boom()

    with Workspace.open(path, write=True) as ws:
        with pytest.raises(Boom):
            ws.replace_source("test", quads())
    with Workspace.open(path) as ws:
        assert sorted(str(q) for q in ws.store) == before


def test_remove_source(make_ws):
    path = make_ws('kgid:a a kg:Initiative .')
    with Workspace.open(path, write=True) as ws:
        ws.remove_source("test")
        assert ws.count("?i a kg:Initiative") == 0
        assert "test" not in {s.name for s in ws.sources()}


def test_writer_excludes_other_writers(make_ws):
    path = make_ws()
    with Workspace.open(path, write=True):
        with pytest.raises(WorkspaceBusy):
            Workspace.open(path, write=True, wait=0.2)


def test_missing_workspace_says_how_to_create_one(tmp_path):
    with pytest.raises(WorkspaceError) as e:
        Workspace.open(tmp_path / "nope")
    assert "kg init" in e.value.message("en") and "kg init" in e.value.message("nb")


def test_create_refuses_a_foreign_directory(tmp_path):
    d = tmp_path / "mine"
    d.mkdir()
    (d / "notes.txt").write_text("keep me")
    with pytest.raises(InputError):
        Workspace.create(d)
    assert (d / "notes.txt").read_text() == "keep me"


def test_create_with_a_broken_extra_source_leaves_nothing(tmp_path):
    bad = tmp_path / "bad.ttl"
    bad.write_text("this is not turtle .", encoding="utf-8")
    with pytest.raises(InputError):
        Workspace.create(tmp_path / "ws", extra=[("bad", bad, {})])
    assert not (tmp_path / "ws").exists()
    assert [p.name for p in tmp_path.iterdir()] == ["bad.ttl"]


def test_shipped_files_are_in_the_package():
    names = [n for n, _ in shipped_sources()]
    assert names[0] == "ontology"
    assert all(p.is_file() for _, p in shipped_sources())


@pytest.mark.parametrize("fmt,rdflib_fmt", [("ttl", "turtle"), ("nt", "nt"), ("jsonld", "json-ld")])
def test_triple_exports_round_trip_isomorphic(make_ws, fmt, rdflib_fmt):
    path = make_ws('kgid:a a kg:Initiative ; skos:prefLabel "Æ ø å «x»"@nb ; kg:period [ kg:earliest "2026-01-01"^^xsd:date ] .')
    with Workspace.open(path) as ws:
        data = ws.dump(fmt, source="test")
        # one parse, so blank node labels stay shared between triples
        expected = Graph().parse(data="\n".join(f"{q.subject} {q.predicate} {q.object} ." for q in ws.source_quads("test")), format="nt")
    got = Graph().parse(data=data, format=rdflib_fmt)
    assert isomorphic(got, expected)


@pytest.mark.parametrize("fmt,rdflib_fmt", [("trig", "trig"), ("nq", "nquads")])
def test_quad_exports_keep_sources(make_ws, fmt, rdflib_fmt):
    path = make_ws('kgid:a a kg:Initiative .')
    with Workspace.open(path) as ws:
        data = ws.dump(fmt)
        n = sum(1 for q in ws.store if not q.graph_name.value.endswith("/catalog"))
    ds = Dataset()
    ds.parse(data=data, format=rdflib_fmt)
    graphs = {str(c.identifier) for c in ds.contexts() if len(c)}
    assert "https://w3id.org/kommune-ki/source/test" in graphs
    assert "https://w3id.org/kommune-ki/source/ontology" in graphs
    assert sum(len(c) for c in ds.contexts()) == n


@pytest.mark.parametrize("error", [RuntimeError, KeyboardInterrupt, OSError])
def test_a_store_that_cannot_be_opened_leaves_no_lock_held(baseline_copy, monkeypatch, error):
    """Whatever stops the opening of the store, the lock taken for it goes with it: a
    writer after a failed read must not wait for a lock nobody holds. Oxigraph's errors
    (RuntimeError, OSError) are said in both languages."""
    class Refusing:
        """pyoxigraph's Store, whose read-only opening fails as ``error``."""

        @staticmethod
        def read_only(path):
            raise error("cut short")

    monkeypatch.setattr(ox, "Store", Refusing)
    expected = KeyboardInterrupt if error is KeyboardInterrupt else WorkspaceError
    with pytest.raises(expected) as got:
        Workspace.open(baseline_copy, write=False, reuse=False)
    if expected is WorkspaceError:
        assert "Cannot open the store" in got.value.en and "Kan ikke åpne lageret" in got.value.nb
    monkeypatch.undo()
    with Workspace.open(baseline_copy, write=True, wait=0.5):   # the exclusive lock is free
        pass
