"""kg query impact: slips propagated through hard dependencies (answers by hand).

a 2026-Q1/2026-Q2 slips 6 months → ends 2026-Q4 (earliest end 2026-04-01 → 2026-10-01,
+183 days). b (starts 2026-Q3, earliest 2026-07-01) had 91 days of slack after a's
earliest end, so it must move 183 − 91 = 92 days: three whole months, to 2026-Q4. e the
same. c starts 2027-01-01, 92 days after b's earliest end (2026-10-01); b's end moves
2026-10-01 → 2027-01-01 (+92 days), so c keeps its date. d depends on a only softly.
"""
from __future__ import annotations


def _moves(data):
    return {m["id"]: (m["start_old"], m["start_new"], m["end_old"], m["end_new"]) for m in data["moves"] if m["kind"] == "initiative"}


def test_initiative_slip(roadmap, q):
    data = q(roadmap, "impact", "a", "--slip", "6m")
    assert data["origin_kind"] == "initiative" and data["shift_days"] == 183
    assert _moves(data) == {
        "a": ("2026-Q1", "2026-Q3", "2026-Q2", "2026-Q4"),
        "b": ("2026-Q3", "2026-Q4", "2026-Q4", "2027-Q1"),
        "e": ("2026-Q3", "2026-Q4", "2027-Q1", "2027-Q2"),
    }
    assert {m["id"]: m["because"] for m in data["moves"]} == {"a": None, "b": "a", "e": "a"}
    # if nobody else is replanned, b and e now start (even at their latest) before a can end
    assert {(c["code"], c["id"], c["on"]) for c in data["conflicts"]} == {
        ("dependency-order", "b", "a"), ("dependency-order", "e", "a")}


def test_slip_to_a_date(roadmap, q):
    # b ends 2026-Q4 → 2027-Q3 (+9 months); c (starts 2027-Q1, 92 days after b's earliest
    # end) must move 273 − 92 = 181 days: six months, to 2027-Q3
    data = q(roadmap, "impact", "b", "--to", "2027-Q3")
    assert _moves(data) == {"b": ("2026-Q3", "2027-Q2", "2026-Q4", "2027-Q3"),
                            "c": ("2027-Q1", "2027-Q3", "2027-Q2", "2027-Q4")}
    assert [(c["code"], c["id"], c["on"]) for c in data["conflicts"]] == [("dependency-order", "c", "b")]


def test_soft_dependents_do_not_move(roadmap, q):
    data = q(roadmap, "impact", "d", "--slip", "1y")
    assert set(_moves(data)) == {"d"} and data["conflicts"] == []


def test_regulation_slip_moves_initiatives_that_need_it_in_force(roadmap, q):
    # KI-lova's window 2026-07-01..2026-12-31 moves to 2027-H1; f (starts 2026-Q4, 92 days
    # after the earliest entry) must move 184 − 92 = 92 days: to 2027-Q1
    data = q(roadmap, "impact", "ki-lov", "--slip", "6m")
    reg = data["moves"][0]
    assert reg["kind"] == "regulation" and (reg["entry_old"], reg["entry_new"]) == ("2026-H2", "2027-H1")
    assert _moves(data) == {"f": ("2026-Q4", "2027-Q1", "2027-Q4", "2028-Q1")}
    assert [(c["code"], c["id"], c["on"]) for c in data["conflicts"]] == [("regulation-timing", "f", "ki-lov")]


def test_impact_text_in_both_languages(roadmap, cli_run):
    r = cli_run(["--data", roadmap, "query", "impact", "a", "--slip", "6m"])
    assert r.exit_code == 0 and "+6 mnd" in r.stdout and "dependency-order: Beta starter 2026-Q3" in r.stdout
    r = cli_run(["--data", roadmap, "--lang", "en", "query", "impact", "a", "--slip", "6 mnd"])
    assert "+6 months" in r.stdout and "before Alpha can end" in r.stdout


def test_impact_bad_input_exit_2(roadmap, cli_run):
    assert cli_run(["--data", roadmap, "query", "impact", "a"]).exit_code == 2
    r = cli_run(["--data", roadmap, "--lang", "en", "query", "impact", "a", "--slip", "soon"])
    assert r.exit_code == 2 and "not a duration" in r.stderr
    r = cli_run(["--data", roadmap, "--lang", "en", "query", "impact", "ch-kompetanse", "--slip", "1m"])
    assert r.exit_code == 2 and "neither an initiative nor a regulation" in r.stderr


def test_started_dependents_are_flagged(make_ws, q):
    from qgraphs import Q1, Q2, Q3, Q4, dep, init, period, q as quarter
    ws = make_ws(init("p", "P") + init("r", "R", status="kgid:status-pagaende")
                 + period("p", quarter(2026, Q1), quarter(2026, Q2)) + period("r", quarter(2026, Q3), quarter(2026, Q4))
                 + dep("r", "p"))
    data = q(ws, "impact", "p", "--slip", "1y")
    r = next(m for m in data["moves"] if m["id"] == "r")
    # r had 91 days of slack after p's earliest end (2026-04-01); p's end moves 365 days, so r
    # moves 274 days = nine months, to start when p can end at the earliest: 2027-04-01
    assert r["already_started"] is True and r["start_new"] == "2027-Q2"
