"""One catalog stamp (kg.store.workspace.Workspace.catalog_stamp: the catalog graph and
kg.json) keys the roadmap index, the lens index and the check's cached result, and an
in-memory copy of a workspace (a diff side) has the same stamp as the workspace."""
from __future__ import annotations

import json
import shutil

from kg.check import cache as check_cache
from kg.diff.compare import _in_memory, load_text
from kg.roadmap import index as roadmap_index
from kg.roadmap.lens_index import load_facts
from kg.store.workspace import Workspace


def test_one_stamp_keys_every_cache(baseline_dir, tmp_path):
    ws_path = tmp_path / "ws"
    shutil.copytree(baseline_dir, ws_path, ignore=shutil.ignore_patterns(".lock"))
    with Workspace.open(ws_path) as ws:
        stamp = ws.catalog_stamp()
        assert stamp == ws.catalog_stamp()  # the same workspace, the same stamp
        roadmap_index.load_index(ws)
        held_stamp, _ = ws._roadmap_index
        assert held_stamp == f"{roadmap_index.INDEX_VERSION}-{stamp}"
        key = check_cache.report_key(ws)
        assert load_facts(ws, "vendors")["stamp"] == stamp
    # a diff side: the workspace copied into memory keeps the stamp
    assert _in_memory(Workspace.open(ws_path)).catalog_stamp() == stamp
    # kg.json is part of the stamp: a changed setting invalidates every cache
    meta = ws_path / "kg.json"
    info = json.loads(meta.read_text(encoding="utf-8"))
    info["note"] = "changed"
    meta.write_text(json.dumps(info), encoding="utf-8")
    with Workspace.open(ws_path) as ws:
        assert ws.catalog_stamp() != stamp
        assert check_cache.report_key(ws) != key
        assert roadmap_index._stamp(ws) != held_stamp
        assert load_facts(ws, "vendors")["stamp"] == ws.catalog_stamp()


def test_a_write_changes_the_stamp(baseline_copy):
    with Workspace.open(baseline_copy) as ws:
        before = ws.catalog_stamp()
    with Workspace.open(baseline_copy, write=True) as ws:
        import pyoxigraph as ox
        ws.replace_source("one", [ox.Triple(ox.NamedNode("https://w3id.org/kommune-ki/id/t-one"),
                                            ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label"),
                                            ox.Literal("one"))], {"kind": "test"})
    with Workspace.open(baseline_copy) as ws:
        assert ws.catalog_stamp() != before


def test_a_file_read_into_memory_has_a_stamp_of_its_catalog():
    # no catalog graph and no kg.json: the digest of nothing, the same for any such file
    a = load_text("<urn:a> <urn:p> <urn:b> .", name="a")
    b = load_text("<urn:c> <urn:p> <urn:d> .", name="b")
    assert a.catalog_stamp() == b.catalog_stamp()
