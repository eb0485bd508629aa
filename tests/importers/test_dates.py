"""Dates as planners write them, in the start/slutt columns: read as windows, kept in one
ISO notation, with a warning naming the reading; an unreadable one gets a suggestion."""
from __future__ import annotations

import json

import pytest

from import_helpers import write_csv, write_xlsx
from kg.store.workspace import Workspace

KGID = "https://w3id.org/kommune-ki/id/"
HEADER = ["id", "tittel", "start", "slutt"]

# typed -> (notation kept, earliest, latest); worked out by hand:
# høst = second half-year; uke 36 2026 is ISO week 36, Monday 31 August to Sunday 6 September
CASES = [
    ("høst 2026", "2026-H2", "2026-07-01", "2026-12-31"),
    ("vår 2026", "2026-H1", "2026-01-01", "2026-06-30"),
    ("Q3 2026", "2026-Q3", "2026-07-01", "2026-09-30"),
    ("3. kvartal 2026", "2026-Q3", "2026-07-01", "2026-09-30"),
    ("2026 Q3", "2026-Q3", "2026-07-01", "2026-09-30"),
    ("medio 2026", "2026-06/2026-07", "2026-06-01", "2026-07-31"),
    ("uke 36 2026", "2026-08-31/2026-09-06", "2026-08-31", "2026-09-06"),
    ("Q3/Q4 2026", "2026-Q3/2026-Q4", "2026-07-01", "2026-12-31"),
    ("september 2026", "2026-09", "2026-09-01", "2026-09-30"),
    ("15.09.2026", "2026-09-15", "2026-09-15", "2026-09-15"),
]


def _import(cli_run, ws, f, lang="en"):
    res = cli_run(["--data", ws, "--lang", lang, "import", f, "--format", "json"])
    return res, json.loads(res.stdout)


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_planner_dates_are_read_as_windows_with_a_warning(net_ws, tmp_path, cli_run, kind):
    rows = [[f"r{i}", "T", typed, ""] for i, (typed, *_) in enumerate(CASES)]
    f = (write_csv(tmp_path / "d.csv", rows, header=HEADER) if kind == "csv"
         else write_xlsx(tmp_path / "d.xlsx", rows, header=HEADER))
    res, rep = _import(cli_run, net_ws, f)
    assert res.exit_code == 0, rep
    warnings = {x["row"]: x for x in rep["files"][0]["warnings"]}
    with Workspace.open(net_ws) as ws:
        for i, (typed, notation, a, b) in enumerate(CASES):
            w = warnings[i + 2]
            span = a if a == b else f"{a}–{b}"
            assert (w["column"], w["value"], w["code"], w["reason"]) == (
                "start", typed, "date-read", f"'{typed}' read as {notation} ({span})")
            node = f"{KGID}d/r{i}/start"
            got = {r["p"].value.rsplit("#", 1)[-1]: r["o"].value for r in ws.query(
                "SELECT ?p ?o WHERE { <%s> ?p ?o FILTER(?p IN (kg:earliest, kg:latest, skos:notation)) }" % node)}
            assert got == {"earliest": a, "latest": b, "notation": notation}, typed


def test_iso_dates_give_no_warning_and_keep_one_notation(net_ws, tmp_path, cli_run):
    f = write_csv(tmp_path / "iso.csv", [["a", "T", "2026-q3", "2026-Q3/2026-Q4"]], header=HEADER)
    res, rep = _import(cli_run, net_ws, f)
    assert res.exit_code == 0 and rep["files"][0]["warnings"] == []
    with Workspace.open(net_ws) as ws:
        assert ws.ask('ASK { <%siso/a/start> skos:notation "2026-Q3" }' % KGID)


def test_norwegian_reading(net_ws, tmp_path, cli_run):
    f = write_csv(tmp_path / "nb.csv", [["a", "T", "høsten 2026", "1. halvår 2027"]], header=HEADER)
    res, rep = _import(cli_run, net_ws, f, lang="nb")
    assert [x["reason"] for x in rep["files"][0]["warnings"]] == [
        "«høsten 2026» lest som 2026-H2 (2026-07-01–2026-12-31)",
        "«1. halvår 2027» lest som 2027-H1 (2027-01-01–2027-06-30)"]


@pytest.mark.parametrize("lang,reason", [
    ("en", "'høsr 2026' is not a date kg understands. Use 2026, 2026-Q3, 2026-H2, 2026-09, 2026-09-15 or a "
           "window 2026-Q3/2026-Q4. Did you mean 'høst 2026' (2026-H2)?"),
    ("nb", "«høsr 2026» er ikke en dato kg forstår. Bruk 2026, 2026-Q3, 2026-H2, 2026-09, 2026-09-15 eller et "
           "vindu 2026-Q3/2026-Q4. Mente du «høst 2026» (2026-H2)?"),
])
def test_unreadable_date_gets_a_suggestion(net_ws, tmp_path, cli_run, lang, reason):
    f = write_csv(tmp_path / "bad.csv", [["a", "T", "høsr 2026", ""]], header=HEADER)
    res, rep = _import(cli_run, net_ws, f, lang=lang)
    assert res.exit_code == 1
    e = rep["files"][0]["errors"][0]
    assert (e["row"], e["column"], e["code"], e["reason"]) == (2, "start", "date-malformed", reason)
