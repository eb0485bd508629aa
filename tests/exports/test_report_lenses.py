"""kg report holds the deck's two lenses, in nb and en: vendors and lock-in (with the
vendor diagram) and sustainability (with Norway's SDR 2025 standing), on the vendor
sheet of tests/queries/lens_sheets.py over the baseline (figures by hand in
tests/queries/test_q_vendors.py)."""
from __future__ import annotations

import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest

from _support import need_tool

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "queries"))
from lens_sheets import VENDOR_HEADER, VENDOR_ROWS, import_sheet, write_sheet  # noqa: E402


class _Sections(HTMLParser):
    """Text of each <section id=…>."""

    def __init__(self):
        super().__init__()
        self.texts: dict[str, list[str]] = {}
        self.current = None

    def handle_starttag(self, tag, attrs):
        if tag == "section":
            self.current = dict(attrs).get("id")
            self.texts[self.current] = []

    def handle_data(self, data):
        if self.current:
            self.texts[self.current].append(data)

    def text(self, sid):
        return " ".join(" ".join(self.texts.get(sid, [])).split()).replace("\u202f", " ")


@pytest.fixture
def ws(make_ws, tmp_path, cli_run):
    path = make_ws(baseline=True)
    import_sheet(cli_run, path, write_sheet(tmp_path / "lev.csv", VENDOR_HEADER, VENDOR_ROWS))
    return path


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_report_has_both_lenses(ws, cli_run, tmp_path, lang):
    need_tool("dot")
    out = tmp_path / f"rep-{lang}"
    r = cli_run(["--data", ws, "--lang", lang, "report", "-o", out])
    assert r.exit_code == 0, r.stdout + r.stderr
    html = (out / "report.html").read_text(encoding="utf-8")
    p = _Sections()
    p.feed(html)
    vendors, sdg = p.text("vendors"), p.text("sustainability")
    if lang == "en":
        assert "Vendors and lock-in" in vendors
        assert "Concentration over AI systems: HHI 3 600.0 (high)" in vendors
        assert "Concentration over municipalities served: HHI 3 888.9 (high)" in vendors
        assert "Services with a single vendor (2): AI in case processing (Alfa AS); Speech-to-text (Alfa AS)" in vendors
        assert "Norway in SDR 2025: SDG Index rank 7 (82.72 points); spillover score 55.41, rank 157 of 167" in sdg
        assert "Goals nothing contributes to" in sdg
    else:
        assert "Leverandører og innlåsing" in vendors and "HHI 3 600,0 (høy)" in vendors
        assert "Kommuner der all KI kommer fra én leverandør (3): Elverum (Beta AS); Løten (Alfa AS); Stange (Alfa AS)" in vendors
        assert "Norge i SDR 2025: SDG-indeksen nr. 7 (82,72 poeng)" in sdg
    assert 'id="fig-vendors"' in html and "<svg" in html.split('id="fig-vendors"')[1][:5000]
    assert 'href="#vendors"' in html and 'href="#sustainability"' in html


def test_target_picture_carries_the_sdr_context(baseline_dir, cli_run):
    r = cli_run(["--data", baseline_dir, "--lang", "en", "diagram", "target-picture", "--format", "dot", "--no-gaps"])
    # wrapped over a few lines of the goals' column
    assert "Norway in SDR 2025: SDG Index" in r.stdout and "rank 7 (82.72 points);" in r.stdout
    assert "157 of 167" in r.stdout
    r = cli_run(["--data", baseline_dir, "diagram", "target-picture", "--format", "mermaid", "--no-gaps"])
    assert "Norge i SDR 2025" in r.stdout
