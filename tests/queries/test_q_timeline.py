"""kg query timeline (answers by hand, see qgraphs.py)."""
from __future__ import annotations


def _cells(period):
    return {l["lane"]: (l["starts"], l["runs"], l["ends"]) for l in period["lanes"]}


def test_by_year(roadmap, q):
    data = q(roadmap, "timeline", "--from", "2026", "--to", "2027")
    p26, p27 = data["periods"]
    assert _cells(p26) == {"": (["a", "b", "d", "e", "f"], [], ["a", "b", "d"])}
    assert _cells(p27) == {"": (["c"], [], ["c", "e", "f"])}
    ms = {(m["id"], m["kind"]) for m in p26["milestones"]}
    assert ("ki-lov", "entry-into-force") in ms
    # the AI Act's general application date (reference data) is a milestone in 2026
    assert any(m["earliest"] == "2026-08-02" and m["text"] == "original" for m in p26["milestones"])


def test_by_quarter(roadmap, q):
    data = q(roadmap, "timeline", "--from", "2026-Q3", "--to", "2026-Q4", "--by", "quarter")
    q3, q4 = data["periods"]
    assert (q3["period"], q4["period"]) == ("2026-Q3", "2026-Q4")
    assert _cells(q3) == {"": (["b", "e"], [], ["d"])}
    assert _cells(q4) == {"": (["f"], ["e"], ["b"])}


def test_lanes_by_owner(roadmap, q):
    data = q(roadmap, "timeline", "--from", "2026-Q1", "--to", "2026-Q2", "--by", "quarter", "--lane", "owner")
    q1, q2 = data["periods"]
    assert _cells(q1) == {"kommune-0301": (["a"], [], [])}
    assert _cells(q2) == {"kommune-0301": ([], [], ["a"]), "ks": (["d"], [], [])}


def test_text_version_filter(roadmap, q):
    amended = q(roadmap, "timeline", "--from", "2026", "--to", "2026", "--text", "amended")
    texts = {m["text"] for m in amended["periods"][0]["milestones"] if m["kind"] == "application-date"}
    assert texts == {"amended"}


def test_by_phase_and_table(make_ws, cli_run):
    from qgraphs import init
    ws = make_ws(init("g", "G", phase="kgid:fase-planlagt") + init("h", "H", phase="kgid:fase-etablert"))
    r = cli_run(["--data", ws, "--lang", "en", "query", "timeline", "--by", "phase"])
    assert r.exit_code == 0
    lines = r.stdout.splitlines()
    assert lines[0] == "Timeline by phase"
    planned = next(l for l in lines if "G EN" in l)
    established = next(l for l in lines if "H EN" in l)
    assert planned != established


def test_machine_formats_are_whole_only_the_text_table_elides(roadmap, cli_run):
    # six initiatives are planned (no phase: all in "(none)"); --limit 2
    import csv
    import io
    base = ["--data", roadmap, "--lang", "en", "query", "timeline", "--by", "phase", "--limit", "2"]
    r = cli_run(base + ["--format", "csv"])
    rows = list(csv.DictReader(io.StringIO(r.stdout)))
    assert r.exit_code == 0 and "…" not in r.stdout
    assert sorted(rows[0]["runs"].split(", ")) == ["Alpha", "Beta EN", "Delta EN", "Epsilon EN", "Fi EN", "Gamma EN"]
    r = cli_run(base + ["--format", "md"])
    assert "…" not in r.stdout and "Gamma EN" in r.stdout
    r = cli_run(base)
    assert "… +4" in r.stdout and "the table shows 2 names per cell" in r.stdout


def test_order_and_coverage_csv_are_whole(roadmap, cli_run):
    r = cli_run(["--data", roadmap, "query", "order", "--limit", "1", "--format", "csv"])
    assert r.exit_code == 0 and "…" not in r.stdout
    r = cli_run(["--data", roadmap, "query", "coverage", "challenges", "--limit", "1", "--format", "csv"])
    assert r.exit_code == 0 and "…" not in r.stdout and "Alfa" in r.stdout and "Beta" in r.stdout
