"""Workspace.staged_write, the write path of `kg import`: the staged re-import writes only
the difference, and ends in exactly the state a full replacement gives (with and without
blank nodes); a command that writes nothing never opens the store for writing."""
from __future__ import annotations

import shutil

from hostile_helpers import tree_hash
from kg import importers
from kg.store.workspace import Workspace, source_iri


def content(ws_path, name):
    """The source's triples without its own provenance node (which carries the time)."""
    with Workspace.open(ws_path) as ws:
        assert ws.verify() == []
        g = source_iri(name)
        return {str(q.triple) for q in ws.source_quads(name) if q.subject.value != g}, ws.source(name).triples


def test_staged_delta_equals_full_replace(hostile_ws, tmp_path, cli_run):
    f = tmp_path / "plan.csv"
    rows = [f"p-{i};Tiltak {i};planlagt;2026-Q{1 + i % 4}" for i in range(60)]
    f.write_text("id;tittel;status;start\n" + "\n".join(rows) + "\n", encoding="utf-8")
    assert cli_run(["--data", hostile_ws, "import", f]).exit_code == 0
    full = tmp_path / "full"
    shutil.copytree(hostile_ws, full, ignore=shutil.ignore_patterns(".lock"))
    rows[3] = "p-3;Endret tittel;pågående;2027"
    del rows[10]
    rows.append("p-new;Nytt tiltak;idé;2028-H1")
    f.write_text("id;tittel;status;start\n" + "\n".join(rows) + "\n", encoding="utf-8")
    assert cli_run(["--data", hostile_ws, "import", f]).exit_code == 0          # staged, difference only
    with Workspace.open(full, write=True) as ws:                                  # direct, whole graph
        importers.import_files(ws, [f])
    assert content(hostile_ws, "plan") == content(full, "plan")
    labels = {s for s in content(hostile_ws, "plan")[0] if "prefLabel" in s}
    assert any("Endret tittel" in s for s in labels) and not any('"Tiltak 10"' in s for s in labels)


def test_staged_reimport_with_blank_nodes(hostile_ws, tmp_path, cli_run):
    f = tmp_path / "blank.ttl"
    f.write_text("@prefix ex: <http://ex.org/> .\nex:a ex:p [ ex:q 1 ; ex:r [ ex:s 2 ] ] .\n", encoding="utf-8")
    assert cli_run(["--data", hostile_ws, "import", f]).exit_code == 0
    f.write_text("@prefix ex: <http://ex.org/> .\nex:a ex:p [ ex:q 1 ; ex:r [ ex:s 3 ] ] .\n", encoding="utf-8")
    assert cli_run(["--data", hostile_ws, "import", f]).exit_code == 0
    triples, n = content(hostile_ws, "blank")
    assert len(triples) == 4 and any('"3"' in t for t in triples) and not any('"2"' in t for t in triples)


def test_unchanged_reimport_writes_nothing(hostile_ws, tmp_path, cli_run):
    f = tmp_path / "same.csv"
    f.write_text("id;tittel\ns-1;Samme\n", encoding="utf-8")
    assert cli_run(["--data", hostile_ws, "import", f]).exit_code == 0
    before = tree_hash(hostile_ws)
    res = cli_run(["--data", hostile_ws, "--lang", "en", "import", f])
    assert res.exit_code == 0 and "unchanged" in res.stdout
    assert tree_hash(hostile_ws) == before
