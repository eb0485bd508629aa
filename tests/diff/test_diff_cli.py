"""`kg snapshot` and `kg diff` through the real CLI on real workspaces and files."""
from __future__ import annotations

import json
from datetime import date

import pytest

from diff_builder import PREFIXES, Ini, turtle
from kg.store import snapshots
from kg.diff.compare import open_side, timeline_since
from kg.store.workspace import Workspace

D = date


def roadmap():
    return [Ini("plan", "KI-plan", "AI plan", phase="fase-pagaende", owners=["ks"], challenges=["competence"],
                principles=["prinsipp-1"], start=(D(2026, 1, 1), D(2026, 3, 31)), end=(D(2026, 12, 1), D(2026, 12, 31))),
            Ini("plattform", "KI-plattform", "AI platform", phase="fase-planlagt", owners=["ks"],
                challenges=["technical"], principles=["prinsipp-5"], deps={"plan": ("requires", "hard")},
                start=(D(2026, 7, 1), D(2026, 9, 30)), end=(D(2027, 10, 1), D(2027, 12, 31)))]


@pytest.fixture
def ws(tmp_path):
    """A workspace with ontology, reference data and a small roadmap as source 'roadmap'."""
    f = tmp_path / "roadmap.ttl"
    f.write_text(turtle(roadmap()), encoding="utf-8")
    path = tmp_path / "ws"
    Workspace.create(path, baseline=False, extra=[("roadmap", f, {"kind": "test"})])
    return path


def _quads(text):
    import pyoxigraph as ox
    return list(ox.parse(text.encode(), format=ox.RdfFormat.TURTLE))


def _change(path, inis):
    with Workspace.open(path, write=True) as w:
        w.replace_source("roadmap", _quads(turtle(inis)), {"kind": "test"})


def test_snapshot_list_and_survives_a_new_source(ws, cli_run):
    r = cli_run(["--data", ws, "--lang", "en", "snapshot", "deck-1", "-m", "March deck"])
    assert r.exit_code == 0, r.output
    assert "Took snapshot deck-1" in r.stdout
    # a checkpoint of the store and its sidecar
    assert (ws / "snapshots" / "deck-1.store").is_dir() and (ws / "snapshots" / "deck-1.json").is_file()
    assert not (ws / "snapshots" / "deck-1.trig").exists()
    assert not list((ws / "snapshots").glob(".*tmp"))
    side = json.loads((ws / "snapshots" / "deck-1.json").read_text())
    assert side["message"] == "March deck" and side["initiatives"] == 2 and "roadmap" in side["sources"]
    # a later import (a new source) leaves the snapshot as it was
    with Workspace.open(ws, write=True) as w:
        w.replace_source("network", _quads(PREFIXES + 'kgid:n1 a kg:Initiative ; skos:prefLabel "Lokalt"@nb .'),
                         {"kind": "test"})
    r = cli_run(["--data", ws, "snapshot", "--list", "--format", "json"])
    assert r.exit_code == 0
    rows = json.loads(r.stdout)["rows"]
    assert [x["name"] for x in rows] == ["deck-1"] and rows[0]["initiatives"] == 2
    r = cli_run(["--data", ws, "--lang", "en", "diff", "deck-1", "@", "--no-check"])
    assert r.exit_code == 1
    assert "Initiatives added (1)" in r.stdout and "Lokalt [n1]" in r.stdout


def test_snapshot_roundtrip_is_equal_and_exit_0(ws, cli_run):
    assert cli_run(["--data", ws, "snapshot", "s"]).exit_code == 0
    r = cli_run(["--data", ws, "--lang", "en", "diff", "s"])
    assert r.exit_code == 0, r.output
    assert "No changes" in r.stdout


def test_snapshot_refuses_to_overwrite_and_bad_names(ws, cli_run):
    assert cli_run(["--data", ws, "snapshot", "s"]).exit_code == 0
    before = (ws / "snapshots" / "s.json").read_text()
    r = cli_run(["--data", ws, "--lang", "en", "snapshot", "s"])
    assert r.exit_code == 2 and "already exists" in r.stderr and "--force" in r.stderr
    assert (ws / "snapshots" / "s.json").read_text() == before
    assert cli_run(["--data", ws, "snapshot", "s", "--force", "-m", "again"]).exit_code == 0
    assert json.loads((ws / "snapshots" / "s.json").read_text())["message"] == "again"
    for bad in ["../evil", ".hidden", "a/b", "x" * 101, "has space"]:
        r = cli_run(["--data", ws, "--lang", "en", "snapshot", bad])
        assert r.exit_code == 2 and "cannot be used as a snapshot name" in r.stderr, bad
    assert sorted(p.name for p in (ws / "snapshots").iterdir()) == ["s.json", "s.store"]
    r = cli_run(["--data", ws, "snapshot"])
    assert r.exit_code == 2


def test_snapshot_remove(ws, cli_run):
    cli_run(["--data", ws, "snapshot", "s"])
    assert cli_run(["--data", ws, "snapshot", "--remove", "s"]).exit_code == 0
    assert snapshots.list_snapshots(ws) == []
    assert list((ws / "snapshots").iterdir()) == []   # the checkpoint went with its sidecar
    r = cli_run(["--data", ws, "snapshot", "--remove", "s"])
    assert r.exit_code == 1  # not there


def test_diff_after_changes_text_and_formats(ws, cli_run, tmp_path):
    cli_run(["--data", ws, "snapshot", "before"])
    b = roadmap()
    b[1].start = (D(2026, 10, 1), D(2026, 12, 31))   # +3 months
    b[1].owners = ["digdir"]
    b[0].principles = []                              # a gap appears: principle-missing
    _change(ws, b)
    r = cli_run(["--data", ws, "--lang", "en", "diff", "before", "@"])
    assert r.exit_code == 1, r.output
    out = r.stdout
    assert "Moved in time (1)" in out
    assert "AI platform [plattform]  start: 2026-07-01/2026-09-30 → 2026-10-01/2026-12-31 (+3 months)" in out
    assert "Owner changed (1)" in out and "[digdir]" in out
    assert "Gaps that appeared (kg check)" in out and "principle-missing" in out
    nb = cli_run(["--data", ws, "diff", "before"]).stdout
    assert "Flyttet i tid (1)" in nb and "KI-plattform [plattform]" in nb and "+3 mnd" in nb
    j = json.loads(cli_run(["--data", ws, "diff", "before", "--format", "json"]).stdout)
    assert j["equal"] is False and j["counts"]["moved"] == 1 and j["counts"]["owner"] == 1
    assert j["gaps_compared"] is True and j["counts"]["gap-appeared"] >= 1
    moved = [c for c in j["changes"] if c["kind"] == "moved"][0]
    assert moved["shift"]["earliest_months"] == 3 and moved["id"] == "plattform"
    md = cli_run(["--data", ws, "--lang", "en", "diff", "before", "--format", "md"]).stdout
    assert md.startswith("# Changes to the roadmap") and "## Moved in time (1)" in md
    out_html = tmp_path / "d.html"
    r = cli_run(["--data", ws, "diff", "before", "--format", "html", "-o", out_html])
    assert r.exit_code == 1
    page = out_html.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and "KI-plattform" in page and "<script" not in page


def test_diff_two_files_and_two_workspaces(ws, cli_run, tmp_path):
    a = tmp_path / "a.ttl"
    b = tmp_path / "b.ttl"
    a.write_text(turtle(roadmap()), encoding="utf-8")
    changed = roadmap()
    changed[0].challenges.append("economy")
    b.write_text(turtle(changed), encoding="utf-8")
    r = cli_run(["--lang", "en", "--data", ws, "diff", a, b, "--no-check"])
    assert r.exit_code == 1 and "challenges: + Challenge economy [economy]" in r.stdout
    assert cli_run(["--data", ws, "diff", a, a, "--no-check"]).exit_code == 0
    # the workspace against its own export, and two directories
    trig = tmp_path / "ws.trig"
    assert cli_run(["--data", ws, "export", "trig", "-o", trig]).exit_code == 0
    assert cli_run(["--data", ws, "diff", trig, "@"]).exit_code == 0
    assert cli_run(["diff", ws, ws]).exit_code == 0


def test_diff_usage_errors_exit_2(ws, cli_run, tmp_path):
    r = cli_run(["--data", ws, "--lang", "en", "diff", "nosuch", "@"])
    assert r.exit_code == 2 and "neither a file" in r.stderr
    bad = tmp_path / "bad.ttl"
    bad.write_text("@prefix : <x> .\n:a :b ", encoding="utf-8")
    r = cli_run(["--data", ws, "--lang", "en", "diff", bad, "@"])
    assert r.exit_code == 2 and "bad.ttl" in r.stderr and "syntax" in r.stderr.lower()
    odd = tmp_path / "notes.docx"
    odd.write_bytes(b"PK\x03\x04")
    r = cli_run(["--data", ws, "--lang", "en", "diff", odd, "@"])
    assert r.exit_code == 2 and "notes.docx" in r.stderr
    empty = tmp_path / "empty"
    empty.mkdir()
    r = cli_run(["--data", ws, "--lang", "en", "diff", empty, "@"])
    assert r.exit_code == 2 and "not a kg workspace" in r.stderr
    r = cli_run(["--data", ws, "diff", "@", "@", "--format", "pdf"])
    assert r.exit_code == 2
    r = cli_run(["--data", tmp_path / "nows", "--lang", "en", "diff", "x", "@"])
    assert r.exit_code == 2


def test_help_has_examples(cli_run):
    for cmd in (["diff", "--help"], ["snapshot", "--help"]):
        r = cli_run(cmd)
        assert r.exit_code == 0 and "Eksempler:" in r.stdout and "kg diff deck-2026-03" in r.stdout


def test_timeline_since_for_the_diagram(ws):
    with Workspace.open(ws, write=True) as w:
        snapshots.create(w, "t0")
    b = roadmap()
    b[0].end = (D(2027, 6, 1), D(2027, 6, 30))
    _change(ws, b)
    with Workspace.open(ws) as w:
        t = timeline_since(w, "t0")
    plan = t["https://w3id.org/kommune-ki/id/plan"]
    assert plan.status == "moved" and plan.old_end.earliest == D(2026, 12, 1) and plan.new_end.earliest == D(2027, 6, 1)
    assert t["https://w3id.org/kommune-ki/id/plattform"].status == "unchanged"


def test_open_side_kinds(ws, tmp_path):
    with Workspace.open(ws, write=True) as w:
        snapshots.create(w, "k")
    with open_side("snapshot:k", data=ws) as s:
        assert s.kind == "snapshot" and s.ws.count("?i a kg:Initiative") == 2
    with open_side("@", data=ws) as s:
        assert s.kind == "workspace"
    with open_side(str(ws)) as s:
        assert s.kind == "workspace"


DATA = __import__("pathlib").Path(__file__).parent / "data"


def test_docs_example_baseline_vs_imported_network_file(baseline_copy, cli_run, tmp_path):
    """The example of docs/diff.md: the KS baseline, then a network's spreadsheet imported."""
    ws = baseline_copy
    assert cli_run(["--data", ws, "snapshot", "basisveikart", "-m", "KS-basisveikartet"]).exit_code == 0
    r = cli_run(["--data", ws, "import", DATA / "digi-innlandet.csv"])
    assert r.exit_code == 0, r.output
    r = cli_run(["--data", ws, "--lang", "en", "diff", "basisveikart", "--format", "json"])
    assert r.exit_code == 1
    j = json.loads(r.stdout)
    added = {c["id"] for c in j["changes"] if c["kind"] == "added"}
    assert added == {"digi-innlandet/di-1", "digi-innlandet/di-2", "digi-innlandet/di-3"}
    assert [c["id"] for c in j["changes"] if c["kind"] == "source-added"] == ["kgsrc:digi-innlandet"]
    appeared = {(c["id"], c["field"]) for c in j["changes"] if c["kind"] == "gap-appeared"}
    assert ("digi-innlandet/di-3", "owner-missing") in appeared
    assert j["counts"]["removed"] == 0 and j["other"]["added_count"] == 0 and j["other"]["removed_count"] == 0

    # the network revises its sheet: di-2 starts half a year later, di-1 gets a third municipality
    assert cli_run(["--data", ws, "snapshot", "etter-import"]).exit_code == 0
    text = (DATA / "digi-innlandet.csv").read_text(encoding="utf-8")
    text = text.replace("2026-Q3/2026-Q4,2027-H2", "2027-Q1/2027-Q2,2027-H2").replace("Hamar;Elverum", "Hamar;Elverum;Løten")
    changed = tmp_path / "digi-innlandet.csv"
    changed.write_text(text, encoding="utf-8")
    assert cli_run(["--data", ws, "import", changed]).exit_code == 0
    r = cli_run(["--data", ws, "--lang", "en", "diff", "etter-import"])
    assert r.exit_code == 1
    out = r.stdout
    assert "AI support in building permits [digi-innlandet/di-2]  start: 2026-Q3/2026-Q4 → 2027-Q1/2027-Q2 (+6 months)" in out
    assert "participants (municipalities): + Løten [kommune-3412]" in out
    # the roadmap level leaves the provenance out; --all shows it
    assert "Sources whose provenance changed" not in out and "other statements" not in out
    r = cli_run(["--data", ws, "--lang", "en", "diff", "etter-import", "--all"])
    assert "Sources whose provenance changed (1)" in r.stdout  # another file, another checksum


def test_snapshot_that_cannot_be_written_is_a_clear_error(ws, cli_run):
    (ws / "snapshots").write_text("not a folder", encoding="utf-8")
    r = cli_run(["--data", ws, "--lang", "en", "snapshot", "s"])
    assert r.exit_code == 2 and "Cannot write the snapshot" in r.stderr and "Traceback" not in r.stderr
    assert (ws / "snapshots").read_text(encoding="utf-8") == "not a folder"
    assert sorted(p.name for p in ws.iterdir() if p.name.startswith(".s")) == []
