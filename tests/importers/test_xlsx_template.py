"""XLSX written by openpyxl, and the template: drop-downs, instructions, municipalities,
filled in by hand and imported next to other initiatives."""
from __future__ import annotations

import datetime

import openpyxl
import pytest

from kg.store.workspace import Workspace

from import_helpers import GOOD, HEADER, write_xlsx

KGID = "https://w3id.org/kommune-ki/id/"


def test_xlsx_with_typed_cells(net_ws, tmp_path, run_import):
    rows = [["x-1", "Excel-rad", "", 3403, 3405, "Etablert", datetime.datetime(2025, 6, 1), 2026,
             "", "", 1, "", "", "", True, "Ikke relevant", "", "", ""]]
    f = write_xlsx(tmp_path / "ark.xlsx", rows)
    res, rep = run_import(net_ws, f)
    assert res.exit_code == 0, rep
    assert rep["files"][0]["format"] == "xlsx" and rep["files"][0]["sheet"] == "Tiltak"
    with Workspace.open(net_ws) as ws:
        assert ws.ask("""ASK { <%sark/x-1> kg:owner kgid:kommune-3403 ; kg:participant kgid:kommune-3405 ;
                         kg:status kgid:status-etablert ; kg:follows kgid:prinsipp-1 ;
                         kg:period/time:hasBeginning ?s ; kg:usesSystem ?sys .
                         ?s kg:earliest '2025-06-01'^^xsd:date ; kg:precision kgid:presisjon-dag .
                         ?sys kg:processesPersonalData true ; kg:dpia kgid:vurdering-ikke-relevant }""" % KGID)


def test_xlsx_error_rows_use_spreadsheet_numbers(net_ws, tmp_path, run_import):
    rows = [GOOD[1], [None] * len(HEADER), ["y", "Y", "", "Atlantis"] + [""] * 15]
    f = write_xlsx(tmp_path / "hull.xlsx", rows)
    res, rep = run_import(net_ws, f)
    assert res.exit_code == 0   # an unknown owner name is a new organisation, with a warning
    w = [x for x in rep["files"][0]["warnings"] if x["code"] == "organisation-new"]
    assert (w[0]["row"], w[0]["column"], w[0]["value"]) == (4, "eier", "Atlantis")   # the empty row 3 still counts


def test_not_a_workbook(net_ws, tmp_path, cli_run):
    f = tmp_path / "falsk.xlsx"
    f.write_text("id;tittel\n1;a\n", encoding="utf-8")
    res = cli_run(["--data", net_ws, "--lang", "en", "import", f])
    assert res.exit_code == 2
    assert f"kg: {f}: the file is named .xlsx but is not an Excel workbook." in res.stderr


@pytest.fixture
def template(tmp_path, cli_run, net_ws):
    def _make(lang="nb"):
        out = tmp_path / f"mal-{lang}.xlsx"
        res = cli_run(["--data", net_ws, "import", "template", "-o", out, "--lang", lang])
        assert res.exit_code == 0, res.stderr
        return out
    return _make


def test_template_has_dropdowns_instructions_and_municipalities(template):
    wb = openpyxl.load_workbook(template("nb"))
    assert wb.sheetnames == ["Tiltak", "Veiledning", "Kommuner", "Lister"]
    data = wb["Tiltak"]
    assert [c.value for c in data[1]] == ["id", "tittel", "tittel_en", "beskrivelse", "eier", "kommuner", "status",
                                         "start", "slutt", "avhenger_av", "utfordringer", "prinsipper", "regelverk",
                                         "tjeneste", "leverandør", "personopplysninger", "dpia", "ros", "fria",
                                         "risikonivå", "menneskelig_kontroll", "forklaring", "gjenbruk",
                                         "datalagring", "bærekraftsmål", "kilde",
                                         # the shared vendor requirements (kg check --profile leverandorkrav)
                                         "exitplan", "åpne_formater", "leverandørinformasjon", "databehandleravtale"]
    headers = [c.value for c in data[1]]
    lists = wb["Lister"]
    by_col = {}
    for dv in data.data_validations.dataValidation:
        col = str(dv.sqref).split(":")[0].rstrip("0123456789")
        ref = dv.formula1.split("!")[1].replace("$", "")
        first, last = ref.split(":")
        letter = first.rstrip("0123456789")
        values = [lists[f"{letter}{i}"].value for i in range(int(first[len(letter):]), int(last[len(letter):]) + 1)]
        by_col[headers[openpyxl.utils.column_index_from_string(col) - 1]] = (values, dv.errorStyle)
    # every closed column has a drop-down
    assert by_col["status"] == (["idé", "planlagt", "pågående", "etablert", "avsluttet", "stanset"], "stop")
    assert by_col["personopplysninger"] == (["ja", "nei"], "stop")
    assert by_col["menneskelig_kontroll"] == (["ja", "nei"], "stop")
    for c in ("dpia", "ros", "fria"):
        assert by_col[c] == (["ja", "nei", "ikke relevant"], "stop")
    assert by_col["risikonivå"] == (["forbudt", "høy", "begrenset", "minimal"], "stop")
    assert by_col["gjenbruk"] == (["ja", "plan", "nei"], "stop")
    assert by_col["datalagring"] == (["norge", "eøs", "utenfor-eøs"], "stop")
    assert by_col["utfordringer"][0] == ["competence", "technical"]
    assert by_col["prinsipper"][0] == ["1", "4"]
    assert {"gdpr", "ai-act", "ki-loven", "forvaltningsloven"} <= set(by_col["regelverk"][0])
    assert len(by_col["kommuner"][0]) == 357
    assert "9.c" in by_col["bærekraftsmål"][0]
    # goals, targets and indicators, in UN order
    assert by_col["bærekraftsmål"][0][:3] == ["1", "1.1", "1.1.1"] and "11.3.1" in by_col["bærekraftsmål"][0]
    for c in ("exitplan", "åpne_formater", "leverandørinformasjon", "databehandleravtale"):
        assert by_col[c] == (["ja", "nei"], "stop")
    munis = wb["Kommuner"]
    assert [c.value for c in munis[1]] == ["kommunenummer", "kommune", "fylke"]
    rows = [(r[0].value, r[1].value) for r in munis.iter_rows(min_row=2)]
    assert len(rows) == 357 and ("0301", "Oslo - Oslove") in rows and ("5636", "Unjárga - Nesseby") in rows
    guide = wb["Veiledning"]
    texts = [c.value for row in guide.iter_rows() for c in row if c.value]
    assert any("Én rad per lokalt tiltak" in str(t) for t in texts)
    assert "hamar-tale-01" in texts   # the example row


def test_template_in_english_and_csv(template, tmp_path, cli_run, net_ws):
    wb = openpyxl.load_workbook(template("en"))
    assert wb.sheetnames[:3] == ["Initiatives", "Instructions", "Municipalities"]
    assert [c.value for c in wb["Initiatives"][1]][:6] == ["id", "title", "title_en", "description", "owner", "municipalities"]
    out = tmp_path / "mal.csv"
    res = cli_run(["--data", net_ws, "import", "template", "-o", out])
    assert res.exit_code == 0
    assert out.read_bytes().startswith(b"\xef\xbb\xbfid;tittel;tittel_en;")
    res = cli_run(["import", "template", "-o", "-", "--lang", "en"])
    assert res.stdout.startswith("\ufeffid;title;title_en;description;owner;")


def test_template_without_workspace(tmp_path, cli_run):
    out = tmp_path / "mal.xlsx"
    res = cli_run(["--data", tmp_path / "ingen", "import", "template", "-o", out])
    assert res.exit_code == 0, res.stderr
    assert openpyxl.load_workbook(out)["Kommuner"].max_row == 358


def test_filled_template_imports_and_shows_next_to_the_baseline(template, net_ws, run_import, cli_run, tmp_path):
    """A template filled in by hand (here: by openpyxl, cell by cell, as a person would)."""
    for lang in ("nb", "en"):
        path = template(lang)
        wb = openpyxl.load_workbook(path)
        ws = wb.worksheets[0]
        vals = {"id": f"innl-{lang}-1", "tittel": "KI-assistent i barnevernet", "tittel_en": "AI assistant in child welfare",
                "eier": "Lillehammer", "kommuner": "Gjøvik; 3403", "status": "planlagt" if lang == "nb" else "planned",
                "start": "2026-Q3", "slutt": "2027-H1", "avhenger_av": "ki-plattform", "utfordringer": "competence",
                "prinsipper": "1", "regelverk": "gdpr; ki-loven", "personopplysninger": "ja" if lang == "nb" else "yes",
                "risikonivå": "høy" if lang == "nb" else "high", "bærekraftsmål": "16.6"}
        from kg.importers.tabular.contract import column_for
        for i, cell in enumerate(ws[1], start=1):
            key = column_for(cell.value)
            if key in vals:
                ws.cell(row=2, column=i, value=vals[key])
        filled = tmp_path / f"fylt-{lang}.xlsx"
        wb.save(filled)
        res, rep = run_import(net_ws, filled, "--network", "Digi Innlandet")
        assert res.exit_code == 0, rep
        assert rep["files"][0]["accepted"] == 1
    res = cli_run(["--data", net_ws, "--lang", "en", "query", "show", "digi-innlandet/innl-en-1"])
    assert res.exit_code == 0
    assert "AI assistant in child welfare" in res.stdout and "Lillehammer" in res.stdout
    from kg.roadmap.model import initiatives
    with Workspace.open(net_ws) as ws:
        recs = initiatives(ws)
    rec = recs[KGID + "digi-innlandet/innl-nb-1"]
    assert rec.status == "status-planlagt" and rec.start.earliest == datetime.date(2026, 7, 1)
    assert rec.end.latest == datetime.date(2027, 6, 30)
    assert [d.target for d in rec.deps] == [KGID + "ki-plattform"] and rec.deps[0].hard
    assert KGID + "ki-plattform" in recs   # next to the baseline's initiatives
