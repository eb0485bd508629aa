"""kg diff speaks of the roadmap: a re-import of the same sheet is no change, and the gaps
of a removed initiative did not "close"."""
from __future__ import annotations

import json
from pathlib import Path

from importers import import_files
from kg.store.workspace import Workspace

DATA = Path(__file__).parent / "data"


def test_same_sheet_imported_on_another_day_is_no_change(baseline_copy, cli_run):
    ws = baseline_copy
    with Workspace.open(ws, write=True) as w:
        import_files(w, [DATA / "digi-innlandet.csv"], network="Digi Innlandet", now="2026-03-01T09:00:00Z")
    assert cli_run(["--data", ws, "snapshot", "mars"]).exit_code == 0
    # taken out and read again half a year later: only the import's own time differs
    assert cli_run(["--data", ws, "remove", "digi-innlandet"]).exit_code == 0
    with Workspace.open(ws, write=True) as w:
        import_files(w, [DATA / "digi-innlandet.csv"], network="Digi Innlandet", now="2026-09-01T09:00:00Z")
        created = w.select("SELECT ?c WHERE { GRAPH kgsrc:digi-innlandet { ?s dct:created ?c } }")
        assert created[0]["c"].value.startswith("2026-09-01")
    r = cli_run(["--data", ws, "--lang", "en", "diff", "mars", "--no-check"])
    assert r.exit_code == 0, r.stdout
    assert "No changes to the roadmap" in r.stdout
    # not even at the RDF level: memberships carry no import day any more
    r = cli_run(["--data", ws, "--lang", "en", "diff", "mars", "--no-check", "--all", "--format", "json"])
    assert r.exit_code == 0, r.stdout
    j = json.loads(r.stdout)
    assert j["equal"] and j["other"]["added_count"] == 0 and j["scope"] == "all"


def test_removed_initiatives_gaps_are_not_closed(baseline_copy, cli_run):
    """digi-innlandet.csv adds three initiatives; di-3 has no owner (owner-missing). When
    the source is removed, di-3 is gone: its gap went with it, it was not closed."""
    ws = baseline_copy
    assert cli_run(["--data", ws, "import", DATA / "digi-innlandet.csv"]).exit_code == 0
    assert cli_run(["--data", ws, "snapshot", "med-nettverk"]).exit_code == 0
    assert cli_run(["--data", ws, "remove", "digi-innlandet"]).exit_code == 0
    r = cli_run(["--data", ws, "--lang", "en", "diff", "med-nettverk", "--format", "json"])
    assert r.exit_code == 1
    j = json.loads(r.stdout)
    assert {c["id"] for c in j["changes"] if c["kind"] == "removed"} == {
        "digi-innlandet/di-1", "digi-innlandet/di-2", "digi-innlandet/di-3"}
    closed = {(c["id"], c["field"]) for c in j["changes"] if c["kind"] == "gap-closed"}
    assert not any(i.startswith("digi-innlandet/") for i, _ in closed), closed
    assert j["gaps_gone_with_node"] >= 1
    assert [c["id"] for c in j["changes"] if c["kind"] == "source-removed"] == ["kgsrc:digi-innlandet"]
    r = cli_run(["--data", ws, "--lang", "en", "diff", "med-nettverk"])
    assert "went away with removed initiatives" in r.stdout
