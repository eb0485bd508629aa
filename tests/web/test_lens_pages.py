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
from lens_sheets import vendor_workspace  # noqa: E402

pytestmark = pytest.mark.browser
NNBSP = "\u202f"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """This module's server (the conftest's page fixture drives it): the baseline plus the
    vendor sheet."""
    s = Server(vendor_workspace(tmp_path_factory.mktemp("lensweb")))
    yield s
    s.stop()


def test_vendors_page_figures_filters_and_twin(page):
    resp = page.goto("/vendors")
    assert resp.status == 200
    page.wait_for_load_state("networkidle")
    assert page.inner_text("#hhi-systems") == f"3{NNBSP}600,0"
    assert page.inner_text("#hhi-municipalities") == f"3{NNBSP}888,9"
    assert "Konsentrasjon over KI-systemer: HHI 3" in page.inner_text("#concentration")
    assert page.eval_on_selector_all("#vendor-table tbody tr", "els => els.map(e => e.dataset.id)") == [
        "leverandor-alfa-as", "leverandor-beta-as", "leverandor-gamma-as"]
    assert page.inner_text("#single-municipalities").split("\n") == [
        "Elverum – Beta AS", "Løten – Alfa AS", "Stange – Alfa AS"]
    # a filter goes into the URL (htmx pushes it) and narrows the figures
    page.select_option("#service", "bemanningsplanlegging")
    page.wait_for_url(re.compile(r"service=bemanningsplanlegging"))
    for _ in range(300):   # the page's CSP forbids the eval wait_for_function needs: poll
        if page.inner_text("#hhi-systems") == f"5{NNBSP}555,6":
            break
        page.wait_for_timeout(100)
    assert page.inner_text("#hhi-systems") == f"5{NNBSP}555,6"
    assert page.eval_on_selector_all("#vendor-table tbody tr", "els => els.map(e => e.dataset.id)") == [
        "leverandor-beta-as", "leverandor-gamma-as"]
    # the JSON twin of the same URL, and the same in English
    twin = page.request.get("/api/vendors?municipality=kommune-3412&lang=en").json()
    assert twin["filters"] == {"municipality": "kommune-3412"}
    assert twin["concentration"]["systems"]["hhi"] == 10000.0 and [v["id"] for v in twin["vendors"]] == ["leverandor-alfa-as"]
    page.goto("/vendors?municipality=kommune-3412&lang=en")
    assert page.inner_text("#hhi-systems") == f"10{NNBSP}000.0"
    assert "Vendors and lock-in" in page.inner_text("main h1")
    assert page.errors == []


def test_vendor_diagram_downloads_with_the_page_filters(page):
    # the page links `kg diagram vendors` with its filters; ?service=bemanningsplanlegging
    # keeps Beta AS and Gamma AS (t3, t4), not Alfa AS
    page.goto("/vendors?service=bemanningsplanlegging")
    href = page.get_attribute("#vendor-downloads a", "href")
    assert href == "/download/vendors.svg?service=bemanningsplanlegging"
    r = page.request.get(href)
    assert r.status == 200 and r.headers["content-type"].startswith("image/svg+xml")
    svg = r.text()
    assert "<svg" in svg and "Beta AS" in svg and "Gamma AS" in svg and "Alfa AS" not in svg
    r = page.request.get("/download/vendors.mmd?lang=en")
    assert r.status == 200 and "Alfa AS" in r.text() and "Vendors, services and municipalities" in r.text()
    assert page.errors == []


def test_sustainability_page_and_twin(page):
    resp = page.goto("/sustainability?lang=en")
    assert resp.status == 200
    page.wait_for_load_state("networkidle")
    assert page.get_attribute("#coverage", "data-goals") == "7"
    assert page.get_attribute("#coverage", "data-targets") == "8"
    assert "Norway in SDR 2025: SDG Index rank 7 (82.72 points); spillover score 55.41, rank 157 of 167" == \
        page.inner_text("#sdr")
    assert "Tale Hamar" in page.inner_text("#sdg-table tr[data-sdg='9.c']")
    page.select_option("#goal", "9")
    page.wait_for_url(re.compile(r"goal=9"))
    for _ in range(300):
        if page.locator("#sdg-table tr.goal").count() == 1:
            break
        page.wait_for_timeout(100)
    assert page.eval_on_selector_all("#sdg-table tr.goal", "els => els.map(e => e.dataset.sdg)") == ["9"]
    twin = page.request.get("/api/sustainability?goal=9").json()
    assert [g["code"] for g in twin["goals"]] == ["9"]
    assert page.errors == []


def test_nav_overview_and_bad_filter(page):
    page.goto("/")
    assert page.locator("nav a[href='/vendors']").count() == 1
    assert page.locator("nav a[href='/sustainability']").count() == 1
    page.click("#lens-links a[href='/vendors']")
    page.wait_for_url("**/vendors")
    assert page.errors == []
    # an unknown filter value: a 4xx with the same message as the command line, no traceback
    r = page.request.get("/api/vendors?service=kommune-3403&lang=en")
    assert r.status == 400 and r.json()["error"] == "kommune-3403 is not a service."
    r = page.request.get("/api/sustainability?goal=18&lang=en")
    assert r.status == 400 and "1–17" in r.json()["error"]
    resp = page.goto("/vendors?network=hamar")
    assert resp.status in (400, 404) and "Traceback" not in page.content()


@pytest.mark.parametrize("path", ["/vendors?municipality=kommune-0301", "/vendors?municipality=kommune-0301&lang=en",
                                  "/sustainability?uncovered=1"])
def test_lens_pages_with_nothing_to_show(page, path):
    """Oslo (0301) has no initiative with a vendor: no vendor table, HHI 0; the pages
    still load whole, without errors."""
    resp = page.goto(path)
    assert resp.status == 200
    page.wait_for_load_state("networkidle")
    assert page.errors == [] and page.locator("main h1").count() == 1
    if path.startswith("/vendors"):
        assert page.locator("#vendor-table").count() == 0
        assert page.inner_text("#hhi-systems") == ("0.0" if "lang=en" in path else "0,0")
