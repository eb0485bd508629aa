"""The sovereignty-risk rule (principle 5) fires from a spreadsheet row: the sheet writes
the vendor on the initiative (kg:vendor) and the AI system's data location and exit plan
on the row's system, and the rule reads an AI system's vendors as the lenses and the
leverandorkrav profile do: its own kg:vendor, else the vendors of the initiatives that use
it (kg.roadmap.solution_facts ``kgdef:vendors``).

By hand, one CSV (municipality Hamar owns every row):

  row  vendor(s)        data location  exit plan  → sovereignty-risk on the row's system
  r1   Alfa AS          norge          nei        yes: one vendor (Alfa), no exit plan
                                                   (value: the vendor, path kg:exitPlan)
  r2   Alfa AS          norge          ja         no: the exit plan exists
  r3   Beta; Gamma AS   norge          nei        no: two vendors, not locked in to one
  r4   Delta AS         utenfor-eøs    ja         yes: data outside the EEA (value: the
                                                   location, path kg:dataLocation)
  r5   —                norge          nei        no: no vendor (the municipality's own)
  r6   Epsilon AS       (no system columns)       no: the row has no AI system to judge
So exactly two results: r1/system and r4/system, both warnings, each pointing back at
its row (rows 2 and 5 of the file, the header being row 1).
"""
from __future__ import annotations

import csv
import json

HEADER = ["id", "tittel", "eier", "leverandør", "datalagring", "exitplan"]
ROWS = [
    ["r1", "Chat Hamar", "Hamar", "Alfa AS", "norge", "nei"],
    ["r2", "Tale Hamar", "Hamar", "Alfa AS", "norge", "ja"],
    ["r3", "Bemanning Hamar", "Hamar", "Beta AS; Gamma AS", "norge", "nei"],
    ["r4", "Oversetting Hamar", "Hamar", "Delta AS", "utenfor-eøs", "ja"],
    ["r5", "Egen modell Hamar", "Hamar", "", "norge", "nei"],
    ["r6", "Innkjøp Hamar", "Hamar", "Epsilon AS", "", ""],
]
NS = "https://w3id.org/kommune-ki/id/suverenitet/"
ID = "https://w3id.org/kommune-ki/id/"


def test_a_sheet_row_with_one_vendor_and_no_exit_plan_raises_the_gap(tmp_path, cli_run):
    from kg.store.workspace import Workspace
    ws = tmp_path / "ws"
    Workspace.create(ws, baseline=False)
    sheet = tmp_path / "suverenitet.csv"
    with open(sheet, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, delimiter=";")
        w.writerow(HEADER)
        w.writerows(ROWS)
    r = cli_run(["--data", ws, "import", sheet, "--format", "json"])
    assert r.exit_code == 0, r.stdout + r.stderr
    r = cli_run(["--data", ws, "--lang", "en", "check", "--format", "json"])
    results = [x for x in json.loads(r.stdout)["results"] if x["code"] == "sovereignty-risk"]
    got = sorted((x["focus"], x["severity"], x["path"], x["value"], x["row"]) for x in results)
    assert got == [
        (NS + "r1/system", "warning", "kg:exitPlan", "leverandor-alfa-as", 2),
        (NS + "r4/system", "warning", "kg:dataLocation", "lagring-utenfor-eos", 5),
    ], got
    # the message says why, in both languages
    assert "single vendor and no exit plan" in results[0]["message"]
    r = cli_run(["--data", ws, "check", "--format", "json", "--code", "sovereignty-risk"])
    nb = json.loads(r.stdout)["results"]
    assert {x["focus"] for x in nb} == {NS + "r1/system", NS + "r4/system"}
    assert all("exit-plan" in x["message"] for x in nb)
    # the reference engine reads the rule the same way
    r = cli_run(["--data", ws, "--lang", "en", "check", "--format", "json", "--engine", "pyshacl",
                 "--code", "sovereignty-risk"])
    ref = json.loads(r.stdout)["results"]
    assert sorted((x["focus"], x["path"], x["value"]) for x in ref) == [g[0:1] + g[2:4] for g in got]
