"""kg query show: an initiative as a fact sheet (worked out by hand below), the raw facts
with their sources only with --facts, no language tags, lines within the terminal width.

The graph: initiative a starts in 2026-Q3 (2026-07-01..2026-09-30) and ends in 2027
(2027-01-01..2027-12-31), is planned, owned by Hamar with Elverum taking part, and
requires b (hard). b has dates, a phase and a status but no owner, so its sheet shows the
one gap owner-missing; a's sheet shows no gap and names b under "depends on", and b's
sheet names a under "needed by".
"""
from __future__ import annotations

import json

from kg.check import engine as checking
from kg.store.workspace import Workspace

TTL = """
kgid:a a kg:Initiative ; skos:prefLabel "Tiltak A"@nb , "Initiative A"@en ;
    dct:description "En lang beskrivelse på norsk som går over mange ord, slik at den må brytes på en smal terminal."@nb ,
                    "A long description in English."@en ;
    kg:phase kgid:fase-planlagt ; kg:status kgid:status-planlagt ; kg:owner kgid:kommune-3403 ;
    kg:participant kgid:kommune-3420 ; kg:period kgid:a-p ;
    kg:addresses kgid:competence ; kg:follows kgid:prinsipp-1 ;
    kg:dependsOn kgid:b ; kg:qualifiedDependency kgid:a-b .
kgid:a-b kg:dependencyOn kgid:b ; kg:dependencyType kgid:avh-krever ; kg:strength kgid:styrke-hard .
kgid:a-p time:hasBeginning kgid:a-s ; time:hasEnd kgid:a-e .
kgid:a-s kg:earliest "2026-07-01"^^xsd:date ; kg:latest "2026-09-30"^^xsd:date ; skos:notation "2026-Q3" .
kgid:a-e kg:earliest "2027-01-01"^^xsd:date ; kg:latest "2027-12-31"^^xsd:date ; skos:notation "2027" .
kgid:b a kg:Initiative ; skos:prefLabel "Tiltak B"@nb , "Initiative B"@en ;
    kg:phase kgid:fase-planlagt ; kg:status kgid:status-planlagt ; kg:period kgid:b-p ;
    kg:addresses kgid:competence ; kg:follows kgid:prinsipp-1 .
kgid:b-p time:hasBeginning kgid:b-s ; time:hasEnd kgid:b-e .
kgid:b-s kg:earliest "2026-01-01"^^xsd:date ; kg:latest "2026-03-31"^^xsd:date .
kgid:b-e kg:earliest "2026-06-30"^^xsd:date ; kg:latest "2026-06-30"^^xsd:date .
"""


def _sheet(cli_run, ws, node, lang="en"):
    r = cli_run(["--data", ws, "--lang", lang, "query", "show", node, "--format", "json"])
    assert r.exit_code == 0, r.output
    return json.loads(r.stdout)["sheet"]


def test_fact_sheet_by_hand(make_ws, cli_run):
    ws = make_ws(TTL)
    a = _sheet(cli_run, ws, "a")
    assert a["start"] == {"earliest": "2026-07-01", "latest": "2026-09-30", "iso": "2026-07-01/2026-09-30",
                          "written": "2026-Q3"}
    assert a["end"]["iso"] == "2027-01-01/2027-12-31"
    assert a["phase"]["id"] == "fase-planlagt" and a["status"]["id"] == "status-planlagt"
    assert [o["id"] for o in a["owners"]] == ["kommune-3403"]
    assert [p["id"] for p in a["participants"]] == ["kommune-3420"]
    assert [(d["id"], d["type"], d["strength"]) for d in a["depends_on"]] == [("b", "requires", "hard")]
    assert a["needed_by"] == [] and a["gaps"] == []
    b = _sheet(cli_run, ws, "b")
    assert [g["code"] for g in b["gaps"]] == ["owner-missing"]
    assert [d["id"] for d in b["needed_by"]] == ["a"]
    assert b["end"]["iso"] == "2026-06-30"


def test_text_sheet_is_plain_and_fits_the_terminal(make_ws, cli_run):
    ws = make_ws(TTL)
    r = cli_run(["--data", ws, "query", "show", "a"], env={"COLUMNS": "70"})
    out = r.stdout
    assert r.exit_code == 0
    assert "@nb" not in out and "@en" not in out
    assert all(len(line) <= 70 for line in out.splitlines()), out
    assert "Når:" in out and "start 2026-07-01/2026-09-30 (2026-Q3)" in out
    assert "Eier:" in out and "Hamar (kommune-3403)" in out
    assert "Avhenger av:" in out and "Tiltak B (b): krever, hard" in out
    assert "ingen (kg check)" in out
    assert "A long description" not in out      # the English text stays out of nb
    assert "kilde" not in out.split("Kilder:")[0]  # the facts table only with --facts
    r = cli_run(["--data", ws, "query", "show", "a", "--facts"], env={"COLUMNS": "70"})
    assert "Alle fakta og kildene deres" in r.stdout and "test" in r.stdout
    assert all(len(line) <= 70 for line in r.stdout.splitlines())
    b = cli_run(["--data", ws, "--lang", "en", "query", "show", "b"]).stdout
    assert "The initiative has no owner" in b and "(owner-missing)" in b


def test_sdg_target_in_norwegian(baseline_dir, cli_run):
    r = cli_run(["--data", baseline_dir, "query", "show", "ki-plattform", "--facts"], env={"COLUMNS": "200"})
    assert "delmål 9.c (sdg-9.c)" in r.stdout
    assert "Significantly increase access" not in r.stdout
    r = cli_run(["--data", baseline_dir, "--lang", "en", "query", "show", "ki-plattform", "--facts"],
                env={"COLUMNS": "200"})
    assert "Significantly increase access" in r.stdout


def test_check_of_one_node_equals_the_full_check(baseline_dir):
    """checking.check(focus=X) gives exactly the full check's results for X, for every
    initiative and every other node the full check names."""
    with Workspace.open(baseline_dir) as ws:
        full = checking.check(ws)
        nodes = {r.focus for r in full.results} | {
            r["i"].value for r in ws.select("SELECT ?i WHERE { ?i a kg:Initiative }")}
        for n in sorted(x for x in nodes if x.startswith("http")):
            want = sorted((r.code, r.path or "", str(r.value)) for r in full.results if r.focus == n)
            got = sorted((r.code, r.path or "", str(r.value)) for r in checking.check(ws, focus=n).results)
            assert got == want, n
