"""The journal of large writes (kg.store.workspace: KG_BULK_MIN): a committed journal left by a
killed command is applied by the next command that opens the workspace, reader or writer;
a journal that was still being written is thrown away; both write paths give the same
graph."""
from __future__ import annotations

import csv
import json

import pytest

from kg.store.workspace import JOURNAL, Content, Workspace, _Op, source_iri

ROWS = 40


def _plan(path, version: str) -> None:
    with open(path, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, delimiter=";")
        w.writerow(["id", "tittel", "status", "start", "avhenger_av"])
        for i in range(ROWS):
            w.writerow([f"t-{i}", f"Tiltak {i} {version}", "planlagt", "2026-Q1", f"t-{i - 1}" if i else ""])


def _graph(ws_path, name: str) -> set[bytes]:
    import pyoxigraph as ox
    with Workspace.open(ws_path) as ws:
        assert ws.verify() == []
        data = ws.store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.NamedNode(source_iri(name)))
    return set(data.splitlines()) - {b""}


def _commit_without_applying(ws_path, name: str, lines: list[bytes]) -> None:
    """What a command killed right after its commit point leaves: journal/ complete,
    nothing of it in the store."""
    g = source_iri(name)
    entry = Workspace._catalog_entry(name, len(lines), "2026-11-24T00:00:00Z", {"kind": "import"})
    with Workspace.open(ws_path, write=True) as ws:
        ws._write_journal([_Op(update=f"DROP SILENT GRAPH <{g}>"), _Op(graph=g, lines=lines),
                           _Op(update=f"INSERT DATA {{ GRAPH <{source_iri('catalog')}> {{ {entry} }} }}")])
    assert (ws_path / JOURNAL / "plan.json").is_file()


LINES = sorted(f'<http://example.org/n{i}> <http://www.w3.org/2004/02/skos/core#prefLabel> "n{i}"@nb .'.encode()
               for i in range(25))


@pytest.mark.parametrize("opener", ["reader", "writer"])
def test_a_committed_journal_is_applied_by_the_next_command(hostile_ws, opener):
    _commit_without_applying(hostile_ws, "late", LINES)
    with Workspace.open(hostile_ws, write=opener == "writer") as ws:
        # the first thing anyone sees is the whole write, catalog included
        assert not (hostile_ws / JOURNAL).exists()
        assert ws.source("late").triples == 25
        assert ws.count("GRAPH <%s> { ?s ?p ?o }" % source_iri("late")) == 25
        assert ws.verify() == []


def test_a_journal_still_being_written_is_discarded(hostile_ws):
    before = _graph(hostile_ws, "roadmap")
    half = hostile_ws / f"{JOURNAL}.new-99999"
    half.mkdir()
    (half / "load-0.nt").write_bytes(LINES[0])
    with Workspace.open(hostile_ws, write=True) as ws:
        assert [s.name for s in ws.sources() if s.name == "late"] == []
    assert not half.exists()
    assert _graph(hostile_ws, "roadmap") == before


def test_a_damaged_journal_is_reported_not_ignored(hostile_ws, cli_run):
    _commit_without_applying(hostile_ws, "late", LINES)
    (hostile_ws / JOURNAL / "plan.json").write_text("{not json", encoding="utf-8")
    res = cli_run(["--data", hostile_ws, "--lang", "en", "sources"])
    assert res.exit_code == 2
    assert "journal" in res.stderr and "damaged" in res.stderr and "--verify" in res.stderr
    assert "Traceback" not in res.stderr


def test_both_write_paths_give_the_same_graph(hostile_template, tmp_path, cli_run, monkeypatch):
    import shutil
    a, b = tmp_path / "plan-a.csv", tmp_path / "plan-b.csv"
    _plan(a, "A")
    _plan(b, "B")
    graphs = {}
    for path, minimum in (("transaction", "1000000000"), ("journal", "1")):
        ws = tmp_path / path
        shutil.copytree(hostile_template, ws)
        monkeypatch.setenv("KG_BULK_MIN", minimum)
        for f in (a, b, a):
            res = cli_run(["--data", ws, "import", f, "--source", "plan", "--format", "json"])
            assert res.exit_code == 0, res.output
            assert json.loads(res.stdout)["files"][0]["status"] == "imported"
        assert not (ws / JOURNAL).exists()
        graphs[path] = {t for t in _graph(ws, "plan") if b"/terms/created>" not in t}  # the import time
    assert graphs["transaction"] == graphs["journal"]
    assert any(b"Tiltak 3 A" in line for line in graphs["journal"])
    assert not any(b"Tiltak 3 B" in line for line in graphs["journal"])


def test_the_same_content_has_the_same_digest_whatever_the_order():
    import pyoxigraph as ox
    ts = [ox.Triple(ox.NamedNode(f"http://example.org/{i}"), ox.NamedNode("http://example.org/p"), ox.Literal(str(i)))
          for i in range(50)]
    c1, c2 = Content.of(ts), Content.of(list(reversed(ts)) + ts[:5])
    assert c1.digest == c2.digest and len(c1) == len(c2) == 50
    assert Content.of(ts[:-1]).digest != c1.digest
    assert not c1.blank and Content.of([ox.Triple(ox.BlankNode(), ts[0].predicate, ts[0].object)]).blank
