"""`kg serve`'s lens pages, /vendors and /sustainability, in a real Chromium against a
real server over the baseline plus the vendor sheet of tests/queries/lens_sheets.py
(imported for Digi Innlandet).

By hand (tests/queries/test_q_vendors.py has the working): AI-system links Alfa 2,
Beta 2, Gamma 1 → HHI 40² + 40² + 20² = 3600; municipalities served Alfa 3, Beta 2,
Gamma 1 → 50² + 33.3² + 16.7² = 3888.9. ?service=bemanningsplanlegging keeps t3, t4:
Beta 2 systems, Gamma 1 → 66.67² + 33.33² = 5555.6. ?municipality=kommune-3412 (Løten):
t1 and t5, Alfa only → 10 000.
Sustainability: the baseline's contributions and t1's (9.c) cover 7 of 17 goals and 8
of 169 targets (tests/exports/test_deck_lenses.py); ?goal=9 shows goal 9 alone.
"""
from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

from web_support import Server

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "queries"))
from lens_sheets import VENDOR_HEADER, VENDOR_ROWS, write_sheet  # noqa: E402

pytestmark = pytest.mark.browser
NNBSP = "\u202f"


@pytest.fixture(scope="module")
def lens_server(tmp_path_factory):
    from click.testing import CliRunner

    from kg.cli import cli
    from kg.workspace import Workspace
    root = tmp_path_factory.mktemp("lensweb")
    ws = root / "ws"
    Workspace.create(ws, baseline=True)
    sheet = write_sheet(root / "leverandorer.csv", VENDOR_HEADER, VENDOR_ROWS)
    r = CliRunner().invoke(cli, ["--data", str(ws), "import", str(sheet), "--network", "Digi Innlandet"])
    assert r.exit_code == 0, r.output
    s = Server(ws)
    yield s
    s.stop()


@pytest.fixture
def lpage(browser, lens_server):
    ctx = browser.new_context(base_url=lens_server.url, viewport={"width": 1300, "height": 1000})
    p = ctx.new_page()
    p.errors = []
    p.on("console", lambda m: p.errors.append(f"console.{m.type}: {m.text}") if m.type == "error" else None)
    p.on("pageerror", lambda e: p.errors.append(f"pageerror: {e}"))
    p.set_default_timeout(30000)
    yield p
    ctx.close()


def test_vendors_page_figures_filters_and_twin(lpage):
    resp = lpage.goto("/vendors")
    assert resp.status == 200
    lpage.wait_for_load_state("networkidle")
    assert lpage.inner_text("#hhi-systems") == f"3{NNBSP}600,0"
    assert lpage.inner_text("#hhi-municipalities") == f"3{NNBSP}888,9"
    assert "Konsentrasjon over KI-systemer: HHI 3" in lpage.inner_text("#concentration")
    assert lpage.eval_on_selector_all("#vendor-table tbody tr", "els => els.map(e => e.dataset.id)") == [
        "leverandor-alfa-as", "leverandor-beta-as", "leverandor-gamma-as"]
    assert lpage.inner_text("#single-municipalities").split("\n") == [
        "Elverum – Beta AS", "Løten – Alfa AS", "Stange – Alfa AS"]
    # a filter goes into the URL (htmx pushes it) and narrows the figures
    lpage.select_option("#service", "bemanningsplanlegging")
    lpage.wait_for_url(re.compile(r"service=bemanningsplanlegging"))
    for _ in range(300):   # the page's CSP forbids the eval wait_for_function needs: poll
        if lpage.inner_text("#hhi-systems") == f"5{NNBSP}555,6":
            break
        lpage.wait_for_timeout(100)
    assert lpage.inner_text("#hhi-systems") == f"5{NNBSP}555,6"
    assert lpage.eval_on_selector_all("#vendor-table tbody tr", "els => els.map(e => e.dataset.id)") == [
        "leverandor-beta-as", "leverandor-gamma-as"]
    # the JSON twin of the same URL, and the same in English
    twin = lpage.request.get("/api/vendors?municipality=kommune-3412&lang=en").json()
    assert twin["filters"] == {"municipality": "kommune-3412"}
    assert twin["concentration"]["systems"]["hhi"] == 10000.0 and [v["id"] for v in twin["vendors"]] == ["leverandor-alfa-as"]
    lpage.goto("/vendors?municipality=kommune-3412&lang=en")
    assert lpage.inner_text("#hhi-systems") == f"10{NNBSP}000.0"
    assert "Vendors and lock-in" in lpage.inner_text("main h1")
    assert lpage.errors == []


def test_sustainability_page_and_twin(lpage):
    resp = lpage.goto("/sustainability?lang=en")
    assert resp.status == 200
    lpage.wait_for_load_state("networkidle")
    assert lpage.get_attribute("#coverage", "data-goals") == "7"
    assert lpage.get_attribute("#coverage", "data-targets") == "8"
    assert "Norway in SDR 2025: SDG Index rank 7 (82.72 points); spillover score 55.41, rank 157 of 167" == \
        lpage.inner_text("#sdr")
    assert "Tale Hamar" in lpage.inner_text("#sdg-table tr[data-sdg='9.c']")
    lpage.select_option("#goal", "9")
    lpage.wait_for_url(re.compile(r"goal=9"))
    for _ in range(300):
        if lpage.locator("#sdg-table tr.goal").count() == 1:
            break
        lpage.wait_for_timeout(100)
    assert lpage.eval_on_selector_all("#sdg-table tr.goal", "els => els.map(e => e.dataset.sdg)") == ["9"]
    twin = lpage.request.get("/api/sustainability?goal=9").json()
    assert [g["code"] for g in twin["goals"]] == ["9"]
    assert lpage.errors == []


def test_nav_overview_and_bad_filter(lpage):
    lpage.goto("/")
    assert lpage.locator("nav a[href='/vendors']").count() == 1
    assert lpage.locator("nav a[href='/sustainability']").count() == 1
    lpage.click("#lens-links a[href='/vendors']")
    lpage.wait_for_url("**/vendors")
    assert lpage.errors == []
    # an unknown filter value: a 4xx with the same message as the command line, no traceback
    r = lpage.request.get("/api/vendors?service=kommune-3403&lang=en")
    assert r.status == 400 and r.json()["error"] == "kommune-3403 is not a service."
    r = lpage.request.get("/api/sustainability?goal=18&lang=en")
    assert r.status == 400 and "1–17" in r.json()["error"]
    resp = lpage.goto("/vendors?network=hamar")
    assert resp.status in (400, 404) and "Traceback" not in lpage.content()


@pytest.mark.parametrize("path", ["/vendors", "/vendors?lang=en", "/sustainability", "/sustainability?uncovered=1"])
def test_lens_pages_on_the_bare_baseline(page, path):
    """The shared server (the baseline, no vendor recorded): the pages say so, no errors."""
    resp = page.goto(path)
    assert resp.status == 200
    page.wait_for_load_state("networkidle")
    assert page.errors == [] and page.locator("main h1").count() == 1
    if path.startswith("/vendors"):
        assert page.locator("#vendor-table").count() == 0
        assert page.inner_text("#hhi-systems") == ("0.0" if "lang=en" in path else "0,0")
