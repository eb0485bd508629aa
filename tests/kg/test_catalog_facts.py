"""Workspace.catalog_facts: each source's triple count, modified time and content digest, the
one reader the write path, the snapshots and the roadmap index's parts share; and the step of
a write (kg.store.delta) kept by replace_source, not by working out the change."""
from __future__ import annotations

import hashlib
import os

import pyoxigraph as ox

from kg.store import delta
from kg.store.snapshots import source_digests
from kg.store.workspace import CATALOG, UNTRUSTED, Content, Workspace, source_iri

EX = "https://w3id.org/kommune-ki/id/"
TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
INIT = "https://w3id.org/kommune-ki/ont#Initiative"


def _triples(*names):
    return [ox.Triple(ox.NamedNode(EX + n), ox.NamedNode(TYPE), ox.NamedNode(INIT)) for n in names]


def test_facts_are_what_the_write_recorded(make_ws):
    path = make_ws('kgid:a a kg:Initiative .')
    with Workspace.open(path, write=True) as ws:
        ws.replace_source("mine", _triples("x", "y"))
        facts = ws.catalog_facts()
        mine = facts[source_iri("mine")]
        # two triples; the digest is the SHA-256 of the two sorted N-Triples lines joined
        lines = sorted(f"<{EX}{n}> <{TYPE}> <{INIT}> ." for n in ("x", "y"))
        assert mine.count == 2
        assert mine.digest == hashlib.sha256("\n".join(lines).encode()).hexdigest()
        assert mine.modified == ws.source("mine").modified and mine.modified.startswith("20")
        assert CATALOG not in facts and source_iri("ontology") in facts
        # one source asked for alone: the same facts, no other source
        assert ws.catalog_facts(source_iri("mine")) == {source_iri("mine"): mine}
        # the snapshots' reader says the same, by source name
        assert source_digests(ws)["mine"] == mine.digest


def test_a_source_listed_twice_with_different_facts_is_not_trusted(make_ws):
    path = make_ws('kgid:a a kg:Initiative .')
    with Workspace.open(path, write=True) as ws:
        ws.replace_source("mine", _triples("x"))
        g = source_iri("mine")
        # a write around kg adds a second count and digest for the same source
        ws.store.update(f'INSERT DATA {{ GRAPH <{CATALOG}> {{ <{g}> <https://w3id.org/kommune-ki/ont#tripleCount> 7 ; '
                        f'<https://w3id.org/kommune-ki/ont#contentDigest> "{"0" * 64}" }} }}')
        assert ws.catalog_facts()[g] == UNTRUSTED
        assert source_digests(ws)["mine"] is None
        # the write path takes no digest on trust: the graph's lines are compared (the same
        # lines: nothing to write) and no step is kept from a digest it cannot vouch for
        assert ws._changes(g, Content.of(_triples("x"))) is None
        ops, step = ws._changes(g, Content.of(_triples("w")))
        assert step[0] is None
        # a new content replaces the whole entry: one count, one digest again
        ws.replace_source("mine", _triples("w"))
        assert ws.catalog_facts()[g] == ws.catalog_facts(g)[g] and ws.catalog_facts()[g].count == 1


def test_working_out_a_change_keeps_no_step(make_ws, tmp_path, monkeypatch):
    monkeypatch.setenv("KG_CACHE_DIR", str(tmp_path / "cache"))
    path = make_ws('kgid:a a kg:Initiative .')
    with Workspace.open(path, write=True) as ws:
        ws.replace_source("mine", _triples("x", "y"))
        old = ws.catalog_facts()[source_iri("mine")].digest
        new = Content.of(_triples("y", "z"))
        ops, step = ws._changes(source_iri("mine"), new)
        # the step names both contents: x removed, z added
        assert step[0] == old and step[1] == new.digest
        assert step[2] == {f"<{EX}x> <{TYPE}> <{INIT}> .".encode()}
        assert step[3] == [f"<{EX}z> <{TYPE}> <{INIT}> .".encode()]
        folder = delta._folder(ws)
        assert not (folder.is_dir() and os.listdir(folder))   # nothing kept yet
        ws.replace_source("mine", _triples("y", "z"))
        got = delta.between(ws, source_iri("mine"), old, new.digest)
        assert got == ({f"<{EX}x> <{TYPE}> <{INIT}> .".encode()}, {f"<{EX}z> <{TYPE}> <{INIT}> .".encode()})
