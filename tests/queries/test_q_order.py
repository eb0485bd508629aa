"""kg query order and kg query critical-path (answers by hand, see qgraphs.py)."""
from __future__ import annotations

import json


def test_waves(roadmap, q):
    data = q(roadmap, "order")
    assert data["waves"] == [["a", "f"], ["b", "d"], ["c", "e"]]
    assert data["cycles"] == []


def test_waves_hard_only(roadmap, q):
    # d's only dependency is soft, so it can start at once; e then needs only a
    assert q(roadmap, "order", "--hard-only")["waves"] == [["a", "d", "f"], ["b", "e"], ["c"]]


def test_cycle_named_node_by_node_exit_1(cyclic, cli_run):
    r = cli_run(["--data", cyclic, "--lang", "en", "query", "order", "--format", "json"])
    assert r.exit_code == 1
    data = json.loads(r.stdout)
    assert sorted(sorted(c["members"]) for c in data["cycles"]) == [["v"], ["x", "y", "z"]]
    loop = next(c["loop"] for c in data["cycles"] if len(c["members"]) == 3)
    assert sorted(loop) == ["x", "y", "z"]
    assert data["blocked"] == ["w"]
    text = cli_run(["--data", cyclic, "--lang", "en", "query", "order"]).stdout
    assert "Cycle (depends on): X EN → Y EN → Z EN → X EN" in text


def test_critical_path_to_id_with_dates(roadmap, q):
    data = q(roadmap, "critical-path", "c")
    (chain,) = data["chains"]
    assert [s["id"] for s in chain["steps"]] == ["a", "b", "c"]
    a, b, c = chain["steps"]
    assert (a["start_earliest"], a["start_latest"], a["end_earliest"], a["end_latest"]) == (
        "2026-01-01", "2026-03-31", "2026-04-01", "2026-06-30")
    assert [s["earliest_possible_end"] for s in chain["steps"]] == ["2026-04-01", "2026-10-01", "2027-04-01"]
    assert [s["latest_possible_end"] for s in chain["steps"]] == ["2026-06-30", "2026-12-31", "2027-06-30"]
    assert [r["possible_end"] for r in data["rows"]] == ["2026-Q2", "2026-Q4", "2027-Q2"]
    assert all(s["late_days"] == 0 for s in chain["steps"])


def test_critical_path_every_end_point_longest_first(roadmap, q):
    data = q(roadmap, "critical-path")
    assert [[s["id"] for s in c["steps"]] for c in data["chains"]] == [["a", "b", "c"], ["a", "e"]]


def test_critical_path_late_when_prerequisite_ends_after_start(make_ws, q):
    from qgraphs import Q1, Q3, Q4, dep, init, period, q as quarter
    ws = make_ws(init("p", "P") + init("r", "R") + period("p", quarter(2026, Q1), quarter(2026, Q4))
                 + period("r", quarter(2026, Q3), quarter(2026, Q3)) + dep("r", "p"))
    steps = q(ws, "critical-path", "r")["chains"][0]["steps"]
    # r may start only when p has ended (2026-10-01 at the earliest): its planned quarter
    # moves by 92 days, so it ends 2026-10-01 + 0 … the earliest end is 2026-07-01 + 92 d
    assert steps[1]["earliest_possible_end"] == "2026-10-01" and steps[1]["late_days"] == 92
    # with the latest dates: p may end as late as 2026-12-31, 92 days after r's latest start
    # (2026-09-30); r keeps its duration, so it may end as late as 2026-09-30 + 92 d = 2026-12-31
    assert steps[1]["latest_possible_end"] == "2026-12-31"


def test_critical_path_cycle_exit_1(cyclic, cli_run):
    r = cli_run(["--data", cyclic, "--lang", "en", "query", "critical-path", "y"])
    assert r.exit_code == 1 and "x → y → z → x" in r.stderr
    r = cli_run(["--data", cyclic, "--lang", "en", "query", "critical-path"])
    assert r.exit_code == 0 and "dependency cycles" in r.stdout
