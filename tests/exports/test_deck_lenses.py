"""The deck's two lens slides (`kg export pptx`), read back with python-pptx, in nb and en:
vendors and lock-in, sustainability. The workspace: the baseline plus the vendor sheet of
tests/queries/lens_sheets.py (imported for Digi Innlandet).

Vendors, by hand (tests/queries/test_q_vendors.py has the working; the baseline records
no vendor): AI-system links Alfa 2, Beta 2, Gamma 1 → HHI 40² + 40² + 20² = 3600 (high);
municipalities served Alfa 3, Beta 2, Gamma 1 → 50² + 33.3² + 16.7² = 3888.9 (high);
single-vendor services: KI i saksbehandling and Tale til tekst (both Alfa); municipalities
on one vendor: Elverum (Beta), Løten (Alfa), Stange (Alfa) → 3 of the 4 with a vendor.
Data and exit plan: Alfa norge + eøs, exit plan on one of two systems (partly 1/2); Beta
utenfor-eøs + not recorded, no exit plan recorded.

Sustainability: Norway in SDR 2025, SDG Index rank 7 (82.72), spillover 55.41, rank 157 of
167 (the baseline's observations). The whole roadmap: the baseline's contributions and
t1's (9.c) cover goals 3, 4, 8, 9, 11, 16, 17 = 7 of 17 and targets 4.4, 8.2, 9.5, 9.c,
11.3, 16.6, 16.7, 17.17 = 8 of 169 (kg query sustainability on the same workspace).
The network's deck counts only the network's initiatives: t1 (Tale Hamar, owner Hamar,
participant Løten) on 9.c → goal 9 with 1 initiative and 2 municipalities; and the
baseline's kompetanse-spredning (owner KS, participant Digi Innlandet) on 4.4, which
reaches the network's members — the import made the sheet's municipalities members:
Hamar, Løten, Stange, Elverum → goal 4 with 1 initiative and 4 municipalities. So 2 of 17
goals and 2 of 169 targets; goals 10–17 have none.
"""
from __future__ import annotations

import sys
from pathlib import Path

import pytest
from pptx import Presentation

from _support import need_tool
from deck_helpers import overflowing

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "queries"))
from lens_sheets import vendor_workspace  # noqa: E402

NNBSP = "\u202f"


@pytest.fixture(scope="module")
def ws(tmp_path_factory):
    return vendor_workspace(tmp_path_factory.mktemp("decklens"))


def _deck(cli_run, ws, out, lang, *extra):
    need_tool("dot")
    r = cli_run(["--data", ws, "--lang", lang, "export", "pptx", "-o", out, "--no-gaps", *extra])
    assert r.exit_code == 0, r.stdout + r.stderr
    return Presentation(str(out))


def _slides(prs, start: str) -> list[str]:
    """The text of every slide whose title starts with ``start`` (continuations too),
    one string each: a box's lines (paragraphs) joined with a space, so a wrapped
    sentence reads whole again."""
    out = []
    for s in prs.slides:
        title = s.shapes[0].text_frame.text if s.shapes[0].has_text_frame else ""
        if title.startswith(start):
            out.append(" | ".join(" ".join(shp.text_frame.text.split("\n")) for shp in s.shapes if shp.has_text_frame))
    return out


def test_lens_slides_nb(ws, cli_run, tmp_path):
    prs = _deck(cli_run, ws, tmp_path / "nb.pptx", "nb")
    assert overflowing(prs) == []
    v = _slides(prs, "Leverandører og innlåsing")
    assert len(v) == 1, v
    text = v[0]
    assert f"Over KI-systemer: HHI 3{NNBSP}600,0 (høy)" in text
    assert f"Over kommuner betjent: HHI 3{NNBSP}888,9 (høy)" in text
    for share in ("Alfa AS: 40,0 %", "Beta AS: 40,0 %", "Gamma AS: 20,0 %", "Alfa AS: 50,0 %", "Beta AS: 33,3 %"):
        assert share in text, share
    assert "Tjenester med én leverandør: 2" in text
    assert "Kommuner der all KI kommer fra én leverandør: 3 av 4" in text
    assert "Elverum – Beta AS" in text and "Løten – Alfa AS" in text and "Stange – Alfa AS" in text
    assert "Exit-plan: delvis (1/2)" in text and "Exit-plan: ikke registrert" in text
    # three vendors all have a card (four fit); t6's system and the baseline's case-processing
    # system have no vendor
    assert "Uten leverandør 2 KI-systemer uten registrert leverandør." in text
    s = _slides(prs, "Bærekraft")
    assert len(s) >= 1
    text = " ".join(s)
    assert "Norge i SDR 2025" in text
    assert "nr. 7 · 82,72 poeng" in text and "55,41 poeng · nr. 157 av 167" in text
    assert "7 av 17 mål og 8 av 169 delmål har bidrag fra veikartet." in text
    assert "Mål uten bidrag: 1, 2, 5, 6, 7, 10, 12, 13, 14, 15" in text
    assert "9.c: " in text and "Tale Hamar" in text


def test_lens_slides_en_and_editable(ws, cli_run, tmp_path):
    prs = _deck(cli_run, ws, tmp_path / "en.pptx", "en")
    assert overflowing(prs) == []
    text = _slides(prs, "Vendors and lock-in")[0]
    assert f"Over AI systems: HHI 3{NNBSP}600.0 (high)" in text
    assert "Services with a single vendor: 2" in text
    assert "Municipalities whose AI runs on one vendor: 3 of 4" in text
    assert "Exit plan: partly (1/2)" in text
    sd = " ".join(_slides(prs, "Sustainability"))
    assert "Norway in SDR 2025" in sd and "rank 7 · score 82.72" in sd and "score 55.41 · rank 157 of 167" in sd
    assert "7 of 17 goals and 8 of 169 targets have contributions from the roadmap." in sd
    # editable: the figures are text in shapes, not pictures
    for slide in prs.slides:
        title = slide.shapes[0].text_frame.text
        if title.startswith(("Vendors", "Sustainability")):
            assert not [shp for shp in slide.shapes if shp.shape_type == 13]


def test_network_deck_counts_the_network_only(ws, cli_run, tmp_path):
    prs = _deck(cli_run, ws, tmp_path / "net.pptx", "en", "--network", "Digi Innlandet")
    assert overflowing(prs) == []
    v = _slides(prs, "Digi Innlandet: Vendors and lock-in")
    assert v and f"HHI 3{NNBSP}600.0 (high)" in v[0]
    sd = " ".join(_slides(prs, "Digi Innlandet: Sustainability"))
    assert "2 of 17 goals and 2 of 169 targets have contributions from the roadmap." in sd, sd
    assert "Goals nothing contributes to: 1, 2, 3, 5, 6, 7, 8, 10, 11, 12, 13, 14, 15, 16, 17" in sd
    assert "1 initiative · 2 municipalities 9.c: Tale Hamar" in sd
    assert "1 initiative · 4 municipalities 4.4: Competence and dissemination activities" in sd
    assert "Goals 10–17 with contributions | No contributions." in sd
