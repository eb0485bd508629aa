"""`kg export initiatives`: one row per initiative, read back with openpyxl and csv."""
from __future__ import annotations

import csv
import io

import openpyxl
import pytest

from kg.roadmap.model import initiatives
from kg.store.workspace import Workspace

HOSTILE = ["=HYPERLINK(\"http://x\")", "+47 sum", "-1+2", "@SUM(A1)"]


@pytest.fixture
def ws_with_rows(baseline_copy, tmp_path, cli_run):
    f = tmp_path / "digi.csv"
    with open(f, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["id", "tittel", "tittel_en", "eier", "kommuner", "status", "start", "slutt", "avhenger_av",
                    "utfordringer", "prinsipper", "regelverk"])
        w.writerow(["di-1", "Tale til tekst", "Speech to text", "Hamar", "Hamar;Elverum", "pågående", "2026-Q1",
                    "2026-Q3/2026-Q4", "ki-plattform", "competence", "1;4", "gdpr"])
        for i, t in enumerate(HOSTILE, start=2):
            w.writerow([f"di-{i}", t, "", "", "", "idé", "2027", "", "", "", "", ""])
    res = cli_run(["--data", baseline_copy, "import", f, "--network", "Digi Innlandet"])
    assert res.exit_code == 0, res.output
    return baseline_copy


def test_xlsx_one_row_per_initiative_formula_safe(ws_with_rows, tmp_path, cli_run):
    out = tmp_path / "tiltak.xlsx"
    res = cli_run(["--data", ws_with_rows, "export", "initiatives", "-o", out])
    assert res.exit_code == 0, res.output
    wb = openpyxl.load_workbook(out)
    sh = wb.active
    heads = [c.value for c in sh[1]]
    assert heads == ["id", "tittel (nb)", "tittel (en)", "fase", "status", "eier", "deltakere", "start", "slutt",
                     "avhenger av", "utfordringer", "prinsipper", "regelverk", "nettverk", "kildefil", "rad"]
    assert sh.auto_filter.ref == f"A1:P{sh.max_row}"
    assert sh.freeze_panes == "B2"
    with Workspace.open(ws_with_rows) as ws:
        n = len(initiatives(ws))
    assert sh.max_row - 1 == n == 15
    rows = {r[0]: dict(zip(heads, r)) for r in sh.iter_rows(min_row=2, values_only=True)}
    r = rows["digi-innlandet/di-1"]
    # dates as given, names of what it links to, where it came from
    assert (r["start"], r["slutt"]) == ("2026-Q1", "2026-Q3/2026-Q4")
    assert (r["eier"], r["deltakere"]) == ("Hamar", "Hamar; Elverum")   # participants in municipality-number order
    assert (r["avhenger av"], r["regelverk"]) == ("ki-plattform", "Personvernforordningen (GDPR)")
    assert r["prinsipper"] == "Beslutningsstøtte – ikke autonom myndighetsutøvelse; Design for gjenbruk"
    assert (r["fase"], r["status"], r["tittel (en)"]) == ("Pågående", "Pågående", "Speech to text")
    assert (r["nettverk"], r["kildefil"], r["rad"]) == ("Digi Innlandet", "digi.csv", 2)
    p = rows["ki-plattform"]
    assert (p["fase"], p["start"], p["slutt"], p["eier"]) == ("Planlagt", "2026+", None, None)
    assert p["avhenger av"] == "felles-okosystem; juridisk-stotte; ki-plan"
    assert p["kildefil"] == "assumptions; seed" and p["rad"] is None
    # formula-safe: every cell a value, texts that look like formulas stay text
    for row in sh.iter_rows():
        for c in row:
            assert c.data_type != "f", (c.coordinate, c.value)
    titles = {r["tittel (nb)"] for r in rows.values()}
    for t in HOSTILE:
        assert t in titles


def test_csv_and_english(ws_with_rows, tmp_path, cli_run):
    res = cli_run(["--data", ws_with_rows, "export", "initiatives", "--lang", "en", "-o", "-"])
    assert res.exit_code == 0
    text = res.stdout_bytes.decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text), delimiter=";"))
    assert len(rows) == 15
    assert rows[0].keys() >= {"id", "title (nb)", "title (en)", "phase", "network", "source file", "row"}
    by = {r["id"]: r for r in rows}
    assert by["ki-plattform"]["phase"] == "Planned"
    # a text starting with = + - @ is prefixed with ' so a spreadsheet keeps it as text
    assert {by[f"digi-innlandet/di-{i}"]["title (nb)"] for i in range(2, 6)} == {"'" + t for t in HOSTILE}


def test_network_only_and_bad_name(ws_with_rows, tmp_path, cli_run):
    out = tmp_path / "n.csv"
    res = cli_run(["--data", ws_with_rows, "export", "initiatives", "--network", "digi-innlandet", "-o", out])
    assert res.exit_code == 0
    ids = [r["id"] for r in csv.DictReader(io.StringIO(out.read_text("utf-8-sig")), delimiter=";")]
    # its five rows and the baseline initiative it takes part in
    assert sorted(ids) == sorted([f"digi-innlandet/di-{i}" for i in range(1, 6)] + ["kompetanse-spredning"])
    res = cli_run(["--data", ws_with_rows, "export", "initiatives", "-o", tmp_path / "x.ods"])
    assert res.exit_code == 2 and not (tmp_path / "x.ods").exists()
    res = cli_run(["--data", ws_with_rows, "export", "initiatives", "--title", "x", "-o", tmp_path / "x.csv"])
    assert res.exit_code == 2
