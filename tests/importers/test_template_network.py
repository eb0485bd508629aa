"""The network's round trip: `kg import template --network NAME` pre-fills the template
with the rows kg holds; importing that file again changes nothing (`kg diff` exit 0)."""
from __future__ import annotations

import csv

import openpyxl

from kg.importers.tabular.contract import COLUMNS

HEAD = [c.key for c in COLUMNS] + ["budsjett"]


def _row(**kw):
    return [kw.get(k, "") for k in HEAD]


ROWS = [
    _row(id="Hamar-TALE-01", tittel="Tale til tekst i hjemmetjenesten", tittel_en="Speech to text in home care",
         beskrivelse="Pilot i hjemmetjenesten.", eier="Hamar", kommuner="Hamar; 3420; 1818", status="pågående",
         start="2026-Q1", slutt="2026-Q3/2026-Q4", avhenger_av="ki-plattform", utfordringer="competence; technical",
         prinsipper="1; 4", regelverk="gdpr; ai-act", tjeneste="tale-til-tekst", **{"leverandør": "Talefirma AS"},
         personopplysninger="ja", dpia="ja", ros="nei", fria="ikke relevant", **{"risikonivå": "begrenset"},
         menneskelig_kontroll="ja", forklaring="https://example.org/forklaring", gjenbruk="plan",
         datalagring="norge", **{"bærekraftsmål": "9.c; 11.3"}, kilde="https://example.org/sak/1", budsjett="2 mill"),
    _row(id="di-2", tittel="KI-støtte i byggesak", eier="Innlandets digitale samarbeid", status="planlagt",
         start="2026-09", slutt="2027", avhenger_av="Hamar-TALE-01", utfordringer="regulation", prinsipper="2",
         regelverk="ki-loven", tjeneste="Byggesaksassistent"),
    _row(id="di-3", tittel="Felles bemanningsplanlegging", kommuner="Ringsaker", status="idé", start="2027-H2"),
]


def _write_csv(path, rows):
    with open(path, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(HEAD)
        # a blank row and a rejected row: the rows that remain keep their numbers
        w.writerow(rows[0])
        w.writerow([""] * len(HEAD))
        w.writerow(_row(id="bad", tittel="Ukjent kommune", kommuner="Atlantis"))
        for r in rows[1:]:
            w.writerow(r)


def test_round_trip_changes_nothing_then_an_edit_shows(baseline_copy, tmp_path, cli_run):
    ws = baseline_copy
    src = tmp_path / "digi-innlandet.csv"
    _write_csv(src, ROWS)
    res = cli_run(["--data", ws, "import", src, "--network", "Digi Innlandet"])
    assert res.exit_code == 1   # the row with an unknown municipality is rejected, the others imported
    assert cli_run(["--data", ws, "snapshot", "before"]).exit_code == 0

    out = tmp_path / "runde-2027.xlsx"
    res = cli_run(["--data", ws, "import", "template", "--network", "Digi Innlandet", "-o", out])
    assert res.exit_code == 0, res.output
    wb = openpyxl.load_workbook(out)
    sheet = wb["Tiltak"]
    heads = [c.value for c in sheet[1]]
    assert heads == HEAD
    cells = {(r, heads[c - 1]): sheet.cell(row=r, column=c).value for r in range(2, 8) for c in range(1, len(heads) + 1)}
    # each row where it was in the network's file (row 2; rows 5 and 6 after a blank and a rejected row)
    assert [cells[(r, "id")] for r in range(2, 8)] == ["Hamar-TALE-01", None, None, "di-2", "di-3", None]
    # as kg holds them: dates as given, names or numbers, ids, the template's words
    assert cells[(2, "slutt")] == "2026-Q3/2026-Q4" and cells[(5, "start")] == "2026-09"
    # Herøy is two municipalities: kg writes the name that tells them apart (the numbers order them)
    assert cells[(2, "kommuner")] == "Herøy (Nordland); Hamar; Elverum"
    assert cells[(2, "prinsipper")] == "1; 4" and cells[(2, "fria")] == "ikke relevant"
    assert cells[(2, "personopplysninger")] == "ja" and cells[(2, "risikonivå")] == "begrenset"
    assert cells[(2, "bærekraftsmål")] == "11.3; 9.c" and cells[(2, "budsjett")] == "2 mill"
    assert cells[(5, "avhenger_av")] == "Hamar-TALE-01" and cells[(5, "eier")] == "Innlandets digitale samarbeid"
    assert cells[(5, "tjeneste")] == "Byggesaksassistent" and cells[(6, "status")] == "idé"
    # the drop-downs are intact, and a hidden sheet says where the rows came from
    lists = {str(dv.sqref): dv.formula1 for dv in sheet.data_validations.dataValidation}
    assert any(ref.startswith("G2:G") for ref in lists) and any("Lister" in f for f in lists.values())
    assert wb["kg"].sheet_state == "hidden"
    assert wb["kg"]["B2"].value == "digi-innlandet"

    res = cli_run(["--data", ws, "import", out, "--network", "Digi Innlandet"])
    assert res.exit_code == 0, res.output
    assert "uendret" in res.stdout
    res = cli_run(["--data", ws, "diff", "before"])
    assert res.exit_code == 0, res.stdout
    assert cli_run(["--data", ws, "sources", "--format", "json"]).stdout.count('"import"') == 1

    # the network edits one date and imports the file again: the same source, one move
    sheet.cell(row=5, column=heads.index("slutt") + 1, value="2027-H2").data_type = "s"
    wb.save(out)
    res = cli_run(["--data", ws, "import", out, "--network", "Digi Innlandet"])
    assert res.exit_code == 0, res.output
    res = cli_run(["--data", ws, "--lang", "en", "diff", "before", "--format", "json"])
    assert res.exit_code == 1
    import json
    d = json.loads(res.stdout)
    moved = [c for c in d["changes"] if c["kind"] == "moved"]
    assert [c["id"] for c in moved] == ["digi-innlandet/di-2"]
    assert cli_run(["--data", ws, "sources", "--format", "json"]).stdout.count('"import"') == 1


def test_template_network_errors(baseline_copy, tmp_path, cli_run):
    res = cli_run(["--data", baseline_copy, "import", "template", "--network", "Digi Innlandet", "-o", tmp_path / "x.csv"])
    assert res.exit_code == 2 and "XLSX" in res.stderr
    res = cli_run(["--data", baseline_copy, "import", "template", "--network", "ki-plattform", "-o", tmp_path / "x.xlsx"])
    assert res.exit_code == 2 and "kg:Network" in res.stderr
    # a network with no rows yet: the blank template (with its drop-downs)
    res = cli_run(["--data", baseline_copy, "import", "template", "--network", "Digi Innlandet", "-o", tmp_path / "e.xlsx"])
    assert res.exit_code == 0
    assert openpyxl.load_workbook(tmp_path / "e.xlsx")["Tiltak"].max_row == 1


def test_rows_from_two_files_are_not_imported_twice(baseline_copy, tmp_path, cli_run):
    ws = baseline_copy
    for name, rows in (("hamar", ROWS[:1]), ("gjovik", ROWS[2:])):
        f = tmp_path / f"{name}.csv"
        with open(f, "w", encoding="utf-8", newline="") as fh:
            w = csv.writer(fh)
            w.writerow(HEAD)
            w.writerows(rows)
        assert cli_run(["--data", ws, "import", f, "--network", "Digi Innlandet"]).exit_code == 0
    out = tmp_path / "alle.xlsx"
    assert cli_run(["--data", ws, "import", "template", "--network", "Digi Innlandet", "-o", out]).exit_code == 0
    assert openpyxl.load_workbook(out)["kg"]["B2"].value == "gjovik;hamar"
    before = cli_run(["--data", ws, "sources", "--format", "json"]).stdout
    res = cli_run(["--data", ws, "import", out, "--network", "Digi Innlandet"])
    assert res.exit_code == 2 and "gjovik, hamar" in res.stderr and "--source" in res.stderr
    assert cli_run(["--data", ws, "sources", "--format", "json"]).stdout == before
