"""kg diagram vendors on the vendor sheet (tests/queries/lens_sheets.py): what is drawn,
how big, which borders are red, rendered by the real `dot`.

By hand (see tests/queries/test_q_vendors.py): vendors Alfa (3 municipalities), Beta (2),
Gamma (1); services speech-to-text and case processing have one vendor (Alfa), staff
planning two; municipalities Løten, Stange, Elverum have one vendor, Hamar three; Beta
holds data outside the EEA. Edge Alfa → speech-to-text carries 3 (Hamar, Løten from t1,
Stange from t2); Beta → staff planning 2 (Elverum, Hamar).
"""
from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

from _support import need_tool

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "queries"))
from lens_sheets import VENDOR_HEADER, VENDOR_ROWS, import_sheet, write_sheet  # noqa: E402


@pytest.fixture
def ws(make_ws, tmp_path, cli_run):
    path = make_ws(baseline=True)
    import_sheet(cli_run, path, write_sheet(tmp_path / "lev.csv", VENDOR_HEADER, VENDOR_ROWS))
    return path


def test_model_by_hand(ws):
    from kg.exports.diagrams.vendors_model import build_vendors
    from kg.store.workspace import Workspace
    with Workspace.open(ws) as w:
        d = build_vendors(w, "en")
    assert [(n.label, n.reach) for n in d.vendors] == [("Alfa AS", 3), ("Beta AS", 2), ("Gamma AS", 1)]
    assert [n.warn for n in d.vendors] == [False, True, False]
    assert {n.label: n.warn for n in d.services} == {"AI in case processing": True, "Speech-to-text": True,
                                                     "Staff planning": False}
    assert {n.label: (n.reach, n.warn) for n in d.municipalities} == {
        "Hamar": (3, False), "Løten": (1, True), "Stange": (1, True), "Elverum": (1, True)}
    edges = {(e.src, e.dst): e.label for e in d.edges}
    assert edges[("v:leverandor-alfa-as", "s:tale-til-tekst")] == "3"
    assert edges[("v:leverandor-beta-as", "s:bemanningsplanlegging")] == "2"
    assert ("s:bemanningsplanlegging", "m:kommune-3420") in edges
    assert "HHI over municipalities served 3889 (high)" in d.subtitle
    # --top 1: Beta and Gamma summed up in one box reaching Elverum and Hamar
    with Workspace.open(ws) as w:
        d = build_vendors(w, "nb", top=1)
    assert [(n.id, n.reach) for n in d.vendors] == [("v:leverandor-alfa-as", 3), ("v:more", 2)]
    assert d.vendors[1].label == "+ 2 leverandører til"


def test_cli_dot_mermaid_and_real_svg(ws, cli_run, tmp_path):
    r = cli_run(["--data", ws, "diagram", "vendors", "--format", "dot"])
    assert r.exit_code == 0
    sizes = dict(re.findall(r'"(m:kommune-\d+)" \[label=<<FONT POINT-SIZE="([\d.]+)"', r.stdout))
    assert float(sizes["m:kommune-3403"]) > float(sizes["m:kommune-3412"])   # Hamar (3 vendors) larger
    assert "Leverandører, tjenester og kommuner" in r.stdout
    r = cli_run(["--data", ws, "--lang", "en", "diagram", "vendors", "--format", "mermaid"])
    assert r.stdout.startswith("---\ntitle: Vendors, services and municipalities") and "flowchart LR" in r.stdout
    need_tool("dot")
    out = tmp_path / "v.svg"
    r = cli_run(["--data", ws, "--lang", "en", "diagram", "vendors", "--service", "bemanningsplanlegging", "-o", out])
    assert r.exit_code == 0
    svg = out.read_text(encoding="utf-8")
    assert svg.lstrip().startswith(("<?xml", "<svg")) and "Staff planning" in svg and "Speech-to-text" not in svg
