"""One odd cell must not break everything (issue 20, item 6, the import side and the
outputs). Control characters and noncharacters are cleaned at the import and reported
by row and column; absurd years are refused by row and column; and every output stays
well-formed with such values already stored (written past the import)."""
from __future__ import annotations

import json
import xml.etree.ElementTree as ET

import pyoxigraph as ox

from hostile_helpers import need_tool
from kg.store.workspace import Workspace

ODD_LABEL = "Tittel\u0007med\ufffe rare\u0001 tegn"


def test_import_cleans_odd_characters_and_names_the_cell(hostile_ws, tmp_path, cli_run):
    f = tmp_path / "rar.csv"
    f.write_text(f"id;tittel;status\nr-1;{ODD_LABEL};planlagt\nr-2;Vanlig;planlagt\n", encoding="utf-8")
    res = cli_run(["--data", hostile_ws, "--lang", "en", "import", f, "--format", "json"])
    assert res.exit_code in (0, 1), res.stderr
    out = json.loads(res.stdout)["files"][0]
    assert out["accepted"] == 2
    warn = [w for w in out["warnings"] if w.get("code") == "odd-characters"]
    assert warn and warn[0]["row"] == 2 and warn[0]["column"] == "tittel", out["warnings"]
    assert "U+0007" in json.dumps(warn) and "U+FFFE" in json.dumps(warn)
    with Workspace.open(hostile_ws) as ws:
        labels = {r["l"].value for r in ws.select("SELECT ?l WHERE { ?s skos:prefLabel ?l }")}
    assert "Tittel\ufffdmed\ufffd rare\ufffd tegn" in labels


def test_absurd_year_refused_with_row_and_column(hostile_ws, tmp_path, cli_run):
    f = tmp_path / "aar.csv"
    f.write_text("id;tittel;status;start;slutt\na-1;Evig;planlagt;2026;9999\na-2;Ok;planlagt;2026;2027\n",
                 encoding="utf-8")
    res = cli_run(["--data", hostile_ws, "--lang", "en", "import", f])
    assert res.exit_code == 1, res.stdout + res.stderr
    assert f"{f}:2:slutt" in res.stdout + res.stderr and "1900–2200" in res.stdout + res.stderr


def _store_odd(ws_path):
    nt = (f'<https://w3id.org/kommune-ki/id/rar> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> '
          f'<https://w3id.org/kommune-ki/ont#Initiative> .\n'
          f'<https://w3id.org/kommune-ki/id/rar> <http://www.w3.org/2004/02/skos/core#prefLabel> '
          f'"{ODD_LABEL.encode("unicode_escape").decode().replace(chr(92) + "x", chr(92) + "u00")}"@nb .\n'
          f'<https://w3id.org/kommune-ki/id/rar> <https://w3id.org/kommune-ki/ont#dependsOn> '
          f'<https://w3id.org/kommune-ki/id/ki-plattform> .\n')
    with Workspace.open(ws_path, write=True) as ws:
        ws.replace_source("rar", ox.parse(nt.encode(), format=ox.RdfFormat.N_TRIPLES))
        assert any("\ufffe" in r["l"].value for r in ws.select("SELECT ?l WHERE { ?s skos:prefLabel ?l }"))


def test_graphml_is_well_formed_with_odd_values_stored(hostile_ws, tmp_path, cli_run):
    _store_odd(hostile_ws)
    out = tmp_path / "g.graphml"
    res = cli_run(["--data", hostile_ws, "export", "graphml", "-o", out])
    assert res.exit_code == 0, res.stderr
    ET.parse(out)                       # raises on ill-formed XML
    assert "Tittel" in out.read_text(encoding="utf-8")


def test_diagrams_and_report_with_odd_values_stored(hostile_ws, tmp_path, cli_run):
    need_tool("dot")
    _store_odd(hostile_ws)
    for kind in ("dependencies", "timeline"):
        out = tmp_path / f"{kind}.svg"
        res = cli_run(["--data", hostile_ws, "diagram", kind, "-o", out])
        assert res.exit_code == 0, (kind, res.stderr)
        ET.parse(out)
    res = cli_run(["--data", hostile_ws, "report", "-o", tmp_path / "rapport"])
    assert res.exit_code == 0, res.stderr
    assert (tmp_path / "rapport" / "report.html").stat().st_size > 1000
