"""kg query impact on the small roadmap of qgraphs.py (answers by hand; more cases, one
rule each, in scenarios/). --today 2025-01-01: nothing has started by date.

a 2026-Q1/2026-Q2 slips 6 months → 2026-Q3/2026-Q4 (earliest end 2026-04-01 → 2026-10-01).
b (2026-Q3, requires a) may start 2026-10-01 at the earliest: 92 days = 3 months after
its planned 2026-07-01, so start 2026-Q4, end 2027-Q1. e (2026-Q3 → 2027-Q1, requires a)
the same three months: 2026-Q4 → 2027-Q2. c (2027-Q1, requires b and a) keeps its window:
b ends 2027-01-01 at the earliest (c's earliest start) and 2027-03-31 at the latest (c's
latest start); but c may now have to wait 2027-01-01 → 2027-03-31 = 89 days (before: 0),
so it is listed. d depends on a only softly.
"""
from __future__ import annotations

T = ["--today", "2025-01-01"]


def _moves(data):
    return {m["id"]: (m["start_old"], m["start_new"], m["end_old"], m["end_new"]) for m in data["moves"] if m["kind"] == "initiative"}


def test_initiative_slip(roadmap, q):
    data = q(roadmap, "impact", "a", "--slip", "6m", *T)
    assert data["origin_kind"] == "initiative" and data["shift_days"] == 183
    assert _moves(data) == {
        "a": ("2026-Q1", "2026-Q3", "2026-Q2", "2026-Q4"),
        "b": ("2026-Q3", "2026-Q4", "2026-Q4", "2027-Q1"),
        "e": ("2026-Q3", "2026-Q4", "2027-Q1", "2027-Q2"),
        "c": ("2027-Q1", "2027-Q1", "2027-Q2", "2027-Q2"),
    }
    by = {m["id"]: m for m in data["moves"]}
    assert {k: m["because"] for k, m in by.items()} == {"a": None, "b": "a", "e": "a", "c": "b"}
    assert (by["b"]["at_least_days"], by["b"]["up_to_days"]) == (92, 183)
    assert (by["c"]["at_least_days"], by["c"]["up_to_days"]) == (0, 89)
    # nothing has started, so everything can move: no conflicts, nothing newly at risk
    assert data["conflicts"] == [] and data["at_risk"] == []


def test_slip_to_a_date_sets_the_end(roadmap, q):
    # b gets a new end 2027-Q3; its start stays 2026-Q3. c (requires b) may start
    # 2027-07-01 at the earliest (6 months after 2027-01-01) and 2027-09-30 at the latest
    # (6 months after 2027-03-31): start 2027-Q3, end 2027-Q4
    data = q(roadmap, "impact", "b", "--to", "2027-Q3", *T)
    assert _moves(data) == {"b": ("2026-Q3", "2026-Q3", "2026-Q4", "2027-Q3"),
                            "c": ("2027-Q1", "2027-Q3", "2027-Q2", "2027-Q4")}
    assert data["conflicts"] == []


def test_soft_dependents_do_not_move(roadmap, q):
    data = q(roadmap, "impact", "d", "--slip", "1y", *T)
    assert set(_moves(data)) == {"d"} and data["conflicts"] == []


def test_regulation_slip_moves_initiatives_that_need_it_in_force(roadmap, q):
    # KI-lova's window 2026-H2 moves to 2027-H1. f (starts 2026-Q4) may start 2027-01-01
    # at the earliest (+3 months) and must allow for 2027-06-30 at the latest (its latest
    # start 2026-12-31 + 6 months): start 2027-H1; end 2027-10-01 + 3 months = 2028-01-01
    # to 2027-12-31 + 6 months = 2028-06-30: 2028-H1
    data = q(roadmap, "impact", "ki-lov", "--slip", "6m", *T)
    reg = data["moves"][0]
    assert reg["kind"] == "regulation" and (reg["entry_old"], reg["entry_new"]) == ("2026-H2", "2027-H1")
    assert _moves(data) == {"f": ("2026-Q4", "2027-H1", "2027-Q4", "2028-H1")}
    f = data["moves"][1]
    assert (f["at_least_days"], f["up_to_days"], f["because"]) == (92, 272, "ki-lov")


def test_impact_text_in_both_languages(roadmap, cli_run):
    r = cli_run(["--data", roadmap, "query", "impact", "a", "--slip", "6m", *T])
    assert r.exit_code == 0 and "+6 mnd" in r.stdout and "flyttes minst" in r.stdout and "+3 mnd (+92 d)" in r.stdout
    r = cli_run(["--data", roadmap, "--lang", "en", "query", "impact", "a", "--slip", "6 mnd", *T])
    assert "+6 months" in r.stdout and "may have to move up to" in r.stdout and "New conflicts: 0" in r.stdout


def test_impact_bad_input_exit_2(roadmap, cli_run):
    assert cli_run(["--data", roadmap, "query", "impact", "a"]).exit_code == 2
    r = cli_run(["--data", roadmap, "--lang", "en", "query", "impact", "a", "--slip", "soon"])
    assert r.exit_code == 2 and "not a duration" in r.stderr
    r = cli_run(["--data", roadmap, "--lang", "en", "query", "impact", "ch-kompetanse", "--slip", "1m"])
    assert r.exit_code == 2 and "neither an initiative nor a regulation" in r.stderr
    r = cli_run(["--data", roadmap, "--lang", "en", "query", "impact", "--change", "a:soon"])
    assert r.exit_code == 2 and "neither a duration" in r.stderr


def test_started_dependents_keep_their_start(make_ws, q):
    from qgraphs import Q1, Q2, Q3, Q4, dep, init, period, q as quarter
    ws = make_ws(init("p", "P") + init("r", "R", status="kgid:status-pagaende")
                 + period("p", quarter(2026, Q1), quarter(2026, Q2)) + period("r", quarter(2026, Q3), quarter(2026, Q4))
                 + dep("r", "p"))
    data = q(ws, "impact", "p", "--slip", "1y", *T)
    r = next(m for m in data["moves"] if m["id"] == "r")
    # r is under way: its start 2026-Q3 stays; it would have had to start 2027-04-01 (9
    # months later), so its end moves 9 months: 2026-Q4 → 2027-Q3, and it now runs before
    # p can end: a dependency-order conflict
    assert r["already_started"] is True and (r["start_new"], r["end_new"]) == ("2026-Q3", "2027-Q3")
    assert [(c["code"], c["id"], c["on"]) for c in data["conflicts"]] == [("dependency-order", "r", "p")]


def test_today_decides_what_has_started(roadmap, q):
    # on 2026-06-01, a (start 2026-Q1, wholly before) has started: a slip moves only its end
    data = q(roadmap, "impact", "a", "--slip", "6m", "--today", "2026-06-01")
    assert _moves(data)["a"] == ("2026-Q1", "2026-Q1", "2026-Q2", "2026-Q4")
    assert data["today"] == "2026-06-01"
