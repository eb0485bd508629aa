"""Work is bounded by the limits, and refused before it is done (issue 20, item 9):
columns and cells of a table, mapping files that can hold only patterns and YAML that
cannot blow up, and a dependency diagram too big to draw refused before it is laid out."""
from __future__ import annotations

import csv
import io

import pytest

from hostile_helpers import refused

HEADER = ["id", "tittel", "status", "start", "avhenger_av"]


def _csv(rows) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=";")
    for r in rows:
        w.writerow(r)
    return buf.getvalue()


def test_too_many_columns_refused_at_the_header(hostile_ws, tmp_path, cli_run):
    f = tmp_path / "bred.csv"
    f.write_text(_csv([HEADER + [f"x{i}" for i in range(3000)], ["b-1", "Bred", "planlagt", "2026", ""]]),
                 encoding="utf-8")
    refused(cli_run, hostile_ws, ["import", f], str(f), "3 005 columns", "KG_MAX_COLUMNS")


def test_too_many_cells_refused_while_reading(hostile_ws, tmp_path, cli_run):
    f = tmp_path / "mange.csv"
    f.write_text(_csv([HEADER] + [[f"c-{i}", f"T {i}", "planlagt", "2026", ""] for i in range(300)]), encoding="utf-8")
    refused(cli_run, hostile_ws, ["import", f], "more than 1 000 cells", "KG_MAX_CELLS",
             env={"KG_MAX_CELLS": "1000"})


def test_too_many_columns_in_xlsx(hostile_ws, tmp_path, cli_run):
    import openpyxl
    wb = openpyxl.Workbook()
    wb.active.append(HEADER + [f"x{i}" for i in range(1500)])
    wb.active.append(["b-1", "Bred", "planlagt", "2026", ""])
    f = tmp_path / "bred.xlsx"
    wb.save(f)
    refused(cli_run, hostile_ws, ["import", f], "1 505 columns", "KG_MAX_COLUMNS")


PLAN = _csv([["Navn", "Partnere"], ["Et tiltak", "Bodø, Tromsø og Alta"]])


@pytest.mark.parametrize("split,word", [
    ("'(a+)+$'", "split"),
    ("'(x|x)*y'", "split"),
    ("'(\\s*)*,'", "split"),
    ("'(a)\\1'", "split"),
    ("'(?=,),'", "split"),
])
def test_mapping_split_patterns_that_can_blow_up_are_refused(hostile_ws, tmp_path, cli_run, split, word):
    f, m = tmp_path / "fremmed.csv", tmp_path / "m.yaml"
    f.write_text(PLAN, encoding="utf-8")
    m.write_text(f"columns:\n  Navn: tittel\n  Partnere: kommuner\nsplit:\n  kommuner: {split}\n", encoding="utf-8")
    refused(cli_run, hostile_ws, ["import", f, "--mapping", m], str(m), word)


def test_mapping_split_as_documented_still_works(hostile_ws, tmp_path, cli_run):
    f, m = tmp_path / "fremmed.csv", tmp_path / "m.yaml"
    f.write_text(PLAN, encoding="utf-8")
    m.write_text("columns:\n  Navn: tittel\n  Partnere: kommuner\nsplit:\n  kommuner: '[,;\\n]|\\bog\\b'\n"
                 "id: [Navn]\n", encoding="utf-8")
    res = cli_run(["--data", hostile_ws, "--lang", "en", "import", f, "--mapping", m])
    assert res.exit_code in (0, 1), res.stdout + res.stderr


ALIAS_BOMB = """a: &a ["x","x","x","x","x","x","x","x","x"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
columns:
  Navn: tittel
values:
  status: {x: *f}
"""


def test_mapping_yaml_aliases_refused(hostile_ws, tmp_path, cli_run):
    f, m = tmp_path / "fremmed.csv", tmp_path / "bomb.yaml"
    f.write_text(PLAN, encoding="utf-8")
    m.write_text(ALIAS_BOMB, encoding="utf-8")
    refused(cli_run, hostile_ws, ["import", f, "--mapping", m], str(m), "alias")


def test_mapping_deep_yaml_refused(hostile_ws, tmp_path, kg_proc):
    f, m = tmp_path / "fremmed.csv", tmp_path / "deep.yaml"
    f.write_text(PLAN, encoding="utf-8")
    m.write_text("columns: " + "[" * 5000 + "]" * 5000 + "\n", encoding="utf-8")
    res = kg_proc(["--data", hostile_ws, "--lang", "en", "import", f, "--mapping", m])
    assert res.returncode == 2, res.stderr
    assert "deep" in res.stderr and "internal error" not in res.stderr


def test_too_big_dependency_diagram_refused_before_the_checks(hostile_ws, tmp_path, cli_run, monkeypatch):
    """900 initiatives (over MAX_NODES, 800): refused with exit 2 before kg check runs for
    the gap marks (that check was the 205 s of the attack). A spy records whether the
    checks were asked for; it calls the real function."""
    import kg.cli.diagram_cmds as dc
    f = tmp_path / "mange.csv"
    f.write_text(_csv([HEADER] + [[f"m-{i}", f"Tiltak {i}", "planlagt", "2026", f"m-{i - 1}" if i else ""]
                                  for i in range(900)]), encoding="utf-8")
    res = cli_run(["--data", hostile_ws, "import", f])
    assert res.exit_code in (0, 1), res.stderr
    calls = []
    real = dc.gaps_from_check
    monkeypatch.setattr(dc, "gaps_from_check", lambda *a, **k: calls.append(1) or real(*a, **k))
    for args in (["diagram", "dependencies", "--format", "dot"],
                 ["diagram", "dependencies", "mange/m-450", "--format", "dot"]):
        res = cli_run(["--data", hostile_ws, "--lang", "en", *args])
        assert res.exit_code == 2, res.stdout[-300:] + res.stderr
        assert "more than 800" in res.stderr
    assert calls == []
