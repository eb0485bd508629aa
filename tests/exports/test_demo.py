"""`kg demo` writes the three diagrams (and the board) and the map in SVG and PNG in both languages
and the HTML report, and prints what it wrote."""
from __future__ import annotations

import html

import pytest

from _support import need_tool


@pytest.mark.dot
def test_demo_writes_diagrams_and_report(cli_run, tmp_path):
    need_tool("dot")
    need_tool("neato")
    need_tool("rsvg-convert")
    out = tmp_path / "demo"
    r = cli_run(["--lang", "nb", "demo", "-o", out])
    assert r.exit_code == 0, r.stderr
    for name in ("dependencies", "timeline", "timeline-board", "target-picture", "map"):
        for suffix in ("", ".en"):
            svg = out / f"{name}{suffix}.svg"
            png = out / f"{name}{suffix}.png"
            assert str(svg) in r.stdout and str(png) in r.stdout
            assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
            assert "<svg" in svg.read_text(encoding="utf-8")
    nb = html.unescape((out / "dependencies.svg").read_text(encoding="utf-8"))
    en = html.unescape((out / "dependencies.en.svg").read_text(encoding="utf-8"))
    assert "KI-plattform for alle kommuner" in nb and "Pågående" in nb
    assert "AI platform for all municipalities" in en and "Ongoing" in en
    board = html.unescape((out / "timeline-board.svg").read_text(encoding="utf-8"))
    assert "Etablerte initiativer 2025" in board and "Planlagte tiltak 2026+" in board
    target = html.unescape((out / "target-picture.svg").read_text(encoding="utf-8"))
    for cap in ("KI-fabrikk", "Juridisk støtte"):
        assert cap in target
    report = (out / "report.html").read_text(encoding="utf-8")
    assert str(out / "report.html") in r.stdout
    assert report.count("<svg") == 5 and "KI-plattform for alle kommuner" in report
    assert "© Kartverket" in report and report.count('class="municipality"') == 357
    # the last lines say where to go next: the report, then the workspace it left
    tail = r.stdout.rstrip().splitlines()[-4:]
    assert tail[0] == f"Åpne rapporten først: {out / 'report.html'}"
    assert tail[1].startswith(f"Arbeidsområdet demoen bygde: {out / 'workspace'}")
    assert (out / "workspace" / "kg.json").is_file()
    assert ".venv/bin" in tail[2] and "kg init" in tail[3]
