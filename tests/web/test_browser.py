"""`kg serve` in a real Chromium (Playwright) against a real server (tests/web/conftest.py)."""
from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from web_support import HOSTILE_LABEL, login

pytestmark = pytest.mark.browser


def wait_until(check, timeout=30.0):
    """Poll ``check()`` (the page's CSP forbids the eval that wait_for_function uses)."""
    import time
    end = time.monotonic() + timeout
    while not check():
        assert time.monotonic() < end, "timed out"
        time.sleep(0.1)

ROOT = Path(__file__).resolve().parents[2]
PAGES = ["/", "/search?q=plattform", "/node/ki-plattform", "/node/kommune-3403", "/gaps",
         "/gaps?severity=violation", "/timeline", "/timeline?lane=phase&from=2026&to=2027", "/timeline?lane=challenge", "/board",
         "/target-picture", "/map", "/map?lang=en", "/deps/ki-plattform", "/deps/ki-plan?network=digi-innlandet", "/impact", "/impact?change=ki-plattform:6m",
         "/scenarios", "/diff", "/import", "/sparql", "/sparql?query=ASK%20%7B%3Fs%20%3Fp%20%3Fo%7D", "/login"]


@pytest.mark.parametrize("path", PAGES)
def test_every_page_loads_without_console_errors(page, path):
    resp = page.goto(path)
    assert resp.status == 200, path
    if path.startswith("/deps/"):
        page.wait_for_selector("#cy[data-ready=true]")
    page.wait_for_load_state("networkidle")
    assert page.errors == []
    assert page.locator("main h1").count() == 1


def test_search_node_deps_click_through(page):
    page.goto("/")
    page.fill("#quick-q", "plattform")
    page.press("#quick-q", "Enter")
    page.wait_for_url(re.compile(r"/search\?q=plattform"))
    page.click("ul.hits a:text-is('KI-plattform for alle kommuner')")
    page.wait_for_url("**/node/ki-plattform")
    assert "Fakta og kilder" in page.inner_text("main")
    page.click("text=Avhengighetsutforsker")
    page.wait_for_url("**/deps/ki-plattform")
    page.wait_for_selector("#cy[data-ready=true]")
    # by hand (the README's `kg query deps ki-plattform`): up felles-okosystem, juridisk-stotte,
    # ki-plan, and through felles-okosystem samarbeid-leverandorer; down ki-fabrikk and
    # skalere-tjenester; with ki-plattform itself 7 nodes at depth 2
    assert page.get_attribute("#cy", "data-nodes") == "7"
    # edges at depth 2: felles-okosystem, juridisk-stotte, ki-plan → ki-plattform; ki-plan,
    # samarbeid-leverandorer → felles-okosystem; ki-plattform → ki-fabrikk, skalere-tjenester;
    # and whatever else joins two of the seven (counted from the API, which the page draws)
    api = page.request.get("/api/graph/ki-plattform?depth=2").json()
    assert len(api["edges"]) >= 7
    assert page.get_attribute("#cy", "data-edges") == str(len(api["edges"]))
    page.click("#deps-list a:text-is('felles-okosystem')")
    page.wait_for_url("**/node/felles-okosystem")
    assert page.errors == []


def tap_ki_plattform(page):
    # a function that returns nothing: emit() returns the Cytoscape element, which
    # Playwright would copy back whole (over a minute for the graph it links to)
    page.evaluate("() => { document.getElementById('cy').cy.getElementById('ki-plattform').emit('tap'); }")


def test_deps_explorer_expands_and_collapses_a_node(page):
    page.goto("/deps/skalere-tjenester?depth=1&direction=up")
    page.wait_for_selector("#cy[data-ready=true]")
    # skalere-tjenester hard-requires ki-plattform and fou-helse-omsorg (assumptions source)
    assert page.get_attribute("#cy", "data-nodes") == "3"
    # a click on ki-plattform adds what it depends on: felles-okosystem, juridisk-stotte, ki-plan
    tap_ki_plattform(page)
    wait_until(lambda: page.get_attribute("#cy", "data-nodes") == "6")
    assert "KI-plattform for alle kommuner" in page.inner_text("#cy-selected")
    assert page.get_attribute("#cy-open", "href") == "/node/ki-plattform"
    # a second click collapses what the first added
    tap_ki_plattform(page)
    wait_until(lambda: page.get_attribute("#cy", "data-nodes") == "3")
    # the phase filter hides nodes of other phases (the root stays)
    page.select_option("#f-phase", "fase-planlagt")
    hidden = page.evaluate("document.getElementById('cy').cy.nodes('.hidden').map(n => n.id())")
    assert hidden == ["fou-helse-omsorg"]
    assert page.errors == []


def test_deps_network_filter_narrows_the_graph(page):
    page.goto("/deps/ki-plan?depth=2")
    page.wait_for_selector("#cy[data-ready=true]")
    # by hand (`kg query deps ki-plan --depth 2`): ki-plan with felles-okosystem,
    # samarbeid-leverandorer, kompetanse-spredning, ki-plattform, ki-fabrikk, skalere-tjenester
    assert page.get_attribute("#cy", "data-nodes") == "7"
    assert page.locator("#deps-list tbody tr").count() > 1
    # Digi Innlandet's one initiative in the seed is kompetanse-spredning, which requires ki-plan
    page.select_option("#network", "digi-innlandet")
    page.click("#deps-filters button[type=submit]")
    page.wait_for_url(re.compile(r"network=digi-innlandet"))
    page.wait_for_selector("#cy[data-ready=true]")
    assert page.get_attribute("#cy", "data-nodes") == "2"
    assert page.get_attribute("#cy", "data-edges") == "1"
    ids = page.eval_on_selector_all("#deps-list tbody tr td:nth-child(2)", "els => els.map(e => e.textContent)")
    assert ids == ["kompetanse-spredning"]
    assert "Bare tiltakene i nettverket Digi Innlandet" in page.inner_text("main")
    api = page.request.get("/api/deps/ki-plan?depth=2&network=digi-innlandet&lang=en").json()
    assert [r["id"] for r in api["rows"]] == ["kompetanse-spredning"]
    page.goto(page.url + "&lang=en")
    page.wait_for_selector("#cy[data-ready=true]")
    assert "Only the initiatives of the network Digi Innlandet" in page.inner_text("main")
    assert page.errors == []


def test_timeline_filter_changes_url_and_bars(page):
    page.goto("/timeline")
    all_bars = page.locator("svg.tl g.bar").count()
    assert all_bars == 10  # the ten initiatives of the seed; the hostile one has no dates
    page.select_option("#phase", "fase-planlagt")
    page.wait_for_url(re.compile(r"phase=fase-planlagt"))
    wait_until(lambda: page.locator("svg.tl g.bar").count() == 3)
    # the seed's planned phase: KI-fabrikk, KI-plattform, Skalere 3 tjenester
    ids = sorted(page.eval_on_selector_all("svg.tl g.bar", "els => els.map(e => e.dataset.id)"))
    assert ids == ["ki-fabrikk", "ki-plattform", "skalere-tjenester"]
    # the URL holds the state: loading it again gives the same bars
    page.goto(page.url)
    assert page.locator("svg.tl g.bar").count() == 3
    assert page.errors == []


def test_timeline_lanes_by_challenge(page):
    """Before the upload test (which adds an initiative that addresses no challenge)."""
    page.goto("/timeline")
    page.select_option("#lane", "challenge")
    page.wait_for_url(re.compile(r"lane=challenge"))
    # by hand, from the seed's kg:addresses: the five challenges the ten dated initiatives
    # address, by name; ki-plan (competence, organisation) and felles-okosystem (technical,
    # organisation) address two each, so they are drawn in both lanes: 12 bars
    nb = ["Anskaffelsesutfordringer", "Kompetanse og kapasitet", "Organisatoriske forhold",
          "Tekniske forutsetninger", "Usikkerhet rundt regelverk"]
    wait_until(lambda: page.eval_on_selector_all("svg.tl text.lane-label", "els => els.map(e => e.textContent)") == nb)
    assert page.locator("svg.tl g.bar").count() == 12
    assert page.locator("svg.tl g.bar[data-id=ki-plan]").count() == 2
    assert page.locator("svg.tl g.bar[data-id=felles-okosystem]").count() == 2
    assert "2 tiltak vises mer enn én gang" in page.inner_text("#lane-note")
    # ki-plan's two bars lie in the lanes of competence and organisation
    lanes = page.eval_on_selector_all(
        "svg.tl rect.lane", "els => els.map(e => [+e.getAttribute('y'), +e.getAttribute('height')])")
    ys = [float(y) for y in page.eval_on_selector_all("svg.tl g.bar[data-id=ki-plan] rect.body",
                                                      "els => els.map(e => e.getAttribute('y'))")]
    assert sorted(next(n for n, (top, h) in enumerate(lanes) if top <= y <= top + h) for y in ys) == [1, 2]
    page.goto(page.url + "&lang=en")
    assert page.eval_on_selector_all("svg.tl text.lane-label", "els => els.map(e => e.textContent)") == [
        "Competence and capacity", "Organisational conditions", "Procurement challenges",
        "Regulatory uncertainty", "Technical preconditions"]
    assert "shown in the lane of each" in page.inner_text("#lane-note")
    assert page.errors == []


def test_what_if_with_two_changes_moves_and_ghosts(page):
    page.goto("/impact?change=ki-plattform:6m&change=ki-loven:6m")
    # by hand (the scheduling model, docs/queries.md): ki-plattform is planned "2026+" in the
    # baseline (not under way), so its window moves +6m (181 d); ki-fabrikk hard-requires it
    # and moves as far: 181 d. skalere-tjenester ("2026+", earliest start 2026-01-01) needs KI-loven in force,
    # which now comes 2027-H1 at the earliest: it must start 2027-01-01 at the earliest,
    # +365 d from the plan as written (more than the platform's 181 d forces)
    moved = sorted(page.eval_on_selector_all("svg.tl g.bar.moved", "els => els.map(e => e.dataset.id)"))
    assert moved == ["ki-fabrikk", "ki-plattform", "skalere-tjenester"]
    rows = page.eval_on_selector_all("#moves tbody tr", "rs => rs.map(r => [r.cells[0].innerText, r.cells[1].innerText])")
    assert ["ki-plattform", "+181 d"] in rows and ["ki-fabrikk", "+181 d"] in rows
    assert ["skalere-tjenester", "+365 d"] in rows
    # the ghost is the old position, drawn before the moved bar
    for bar in ("ki-plattform", "skalere-tjenester"):
        ghost = page.locator(f"g.bar[data-id={bar}] rect.ghost")
        body = page.locator(f"g.bar[data-id={bar}] rect.body")
        assert float(ghost.get_attribute("x")) < float(body.get_attribute("x"))
    assert page.errors == []


def test_upload_one_bad_row_report_confirm_timeline(page, tmp_path):
    sheet = tmp_path / "nettverk-web.csv"
    sheet.write_text("id;tittel;status;start;slutt\n"
                     "w1;Webtiltak for søknader;planlagt;2026-Q1;2026-Q4\n"
                     "w2;Ødelagt rad;kanskje;2026;2027\n", encoding="utf-8")
    login(page)
    page.goto("/import")
    page.set_input_files("#file", str(sheet))
    page.click("#upload button[type=submit]")
    page.wait_for_selector("#sheet")
    bad = page.locator("#sheet tr[data-row='3']")
    assert "rejected" in bad.get_attribute("class")
    assert bad.locator("td.cell-error").count() == 1
    assert "kanskje" in bad.locator("td.cell-error").inner_text()
    assert "rejected" not in page.locator("#sheet tr[data-row='2']").get_attribute("class")
    page.click("#confirm button[type=submit]")
    page.wait_for_selector("pre.diff")
    assert "Webtiltak for søknader" in page.inner_text("pre.diff")
    page.goto("/timeline")
    labels = page.eval_on_selector_all("svg.tl g.bar title", "els => els.map(e => e.textContent)")
    assert any(t.startswith("Webtiltak for søknader") for t in labels)
    assert not any("Ødelagt rad" in t for t in labels)
    assert page.errors == []


def test_script_label_shows_as_text(page):
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto("/search?q=Skriptfelle")
    link = page.locator("ul.hits a").first
    assert link.inner_text() == HOSTILE_LABEL
    link.click()
    page.wait_for_url("**/node/skriptfelle")
    assert page.locator("h1").inner_text().startswith(HOSTILE_LABEL)
    assert page.locator("script:not([src])").count() == 0
    assert dialogs == []


def test_post_without_token_is_refused_and_changes_nothing(page, server):
    before = sorted(p.name for p in (server.ws / "snapshots").glob("*")) if (server.ws / "snapshots").exists() else []
    r = page.request.post(server.url + "/scenarios", form={"name": "uten-nokkel", "note": "x"})
    assert r.status == 401
    r = page.request.post(server.url + "/api/snapshots", form={"name": "feil-nokkel"},
                          headers={"Authorization": "Bearer wrong"})
    assert r.status == 401
    # logged in, but the form lacks its CSRF token
    login(page)
    r = page.request.post(server.url + "/scenarios", form={"name": "uten-csrf"})
    assert r.status == 403 and "CSRF" in r.json()["error"] if r.headers["content-type"].startswith("application/json") \
        else r.status == 403
    after = sorted(p.name for p in (server.ws / "snapshots").glob("*")) if (server.ws / "snapshots").exists() else []
    assert after == before


def test_language_toggle_is_remembered(page):
    page.goto("/")
    assert page.get_attribute("html", "lang") == "nb"
    assert page.locator("main h1").inner_text() == "Veikart for KI i kommunesektoren"
    page.click("header a.lang")
    assert page.get_attribute("html", "lang") == "en"
    assert "lang=en" in page.url
    assert page.locator("main h1").inner_text() == "Roadmap for AI in the municipal sector"
    page.goto("/gaps")  # no ?lang: the cookie remembers
    assert page.get_attribute("html", "lang") == "en"
    assert page.locator("main h1").inner_text() == "Gaps"
    page.goto("/gaps?lang=nb")
    assert page.locator("main h1").inner_text() == "Gap"


@pytest.mark.parametrize("path", ["/", "/search?q=ki", "/gaps", "/timeline", "/map", "/deps/ki-plattform", "/impact",
                                  "/sparql", "/import", "/login"])
def test_accessibility_landmarks_labels_keyboard(page, path):
    page.goto(path)
    assert page.locator("header.top").count() == 1 and page.locator("main").count() == 1
    assert page.locator("nav[aria-label]").count() >= 1 and page.locator("footer").count() == 1
    unlabelled = page.eval_on_selector_all(
        "input:not([type=hidden]), select, textarea",
        """els => els.filter(e => !(e.id && document.querySelector('label[for="' + e.id + '"]'))
                               && !e.getAttribute('aria-label')).map(e => e.outerHTML)""")
    assert unlabelled == []
    # keyboard: the first Tab reaches the skip link, Enter moves focus to the main content
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


def test_security_headers(page, server):
    r = page.request.get(server.url + "/")
    csp = r.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp and "frame-ancestors 'none'" in csp
    assert r.headers["x-content-type-options"] == "nosniff"
    r = page.request.get(server.url + "/api/search?q=plattform")
    assert r.headers["x-content-type-options"] == "nosniff"
    assert "ki-plattform" in [row["id"] for row in r.json()["rows"]]


def test_screenshots_for_the_readme(page, tmp_path):
    """The README's pictures of `kg serve`, taken here (KG_UPDATE_SCREENSHOTS=1 writes them
    into docs/img/; otherwise into a temporary folder, so the run still checks they can be made)."""
    out = ROOT / "docs" / "img" if os.environ.get("KG_UPDATE_SCREENSHOTS") == "1" else tmp_path
    page.set_viewport_size({"width": 1300, "height": 820})
    page.goto("/deps/ki-plattform?lang=en")
    page.wait_for_selector("#cy[data-ready=true]")
    page.wait_for_load_state("networkidle")
    page.screenshot(path=str(out / "serve-deps.en.png"))
    page.goto("/impact?change=ki-plattform:6m&change=ki-loven:6m&lang=en")
    page.locator("svg.tl").screenshot(path=str(out / "serve-whatif.en.png"))
    for name in ("serve-deps.en.png", "serve-whatif.en.png"):
        assert (out / name).stat().st_size > 10_000
    assert page.errors == []


def test_save_a_what_if_as_a_scenario_then_diff(page):
    login(page)
    page.goto("/impact?change=ki-plattform:6m&change=ki-loven:6m")
    page.fill("#sc-name", "hva-om-plattform")
    page.fill("#sc-note", "Plattformen et halvår senere")
    page.click("form[action='/scenarios'] button[type=submit]")
    page.wait_for_url("**/scenarios")
    row = page.locator("table.data tr", has_text="hva-om-plattform")
    assert "Plattformen et halvår senere" in row.inner_text()
    row.locator("a", has_text="hva om").click()
    page.wait_for_url(re.compile(r"/impact\?change=ki-plattform%3A6m&change=ki-loven%3A6m"))
    assert page.locator("svg.tl g.bar.moved").count() == 3
    page.goto("/diff?from=hva-om-plattform&to=%40")
    assert page.locator("pre.diff").count() == 1
    assert page.errors == []


def test_gaps_filter_updates_the_table_and_the_url(page):
    page.goto("/gaps")
    page.select_option("#severity", "violation")
    page.wait_for_url(re.compile(r"severity=violation"))
    # the baseline's three violations (docs/check.md): dpia-missing, fria-missing and
    # human-oversight-missing, all on ki-i-saksbehandling-system
    wait_until(lambda: page.locator("table.data tbody tr.sev-violation").count() == 3)
    assert page.locator("table.data tbody tr").count() == 3
    assert page.locator("main").count() == 1
    assert page.errors == []


def _map_title(page, num: str) -> str:
    return page.locator(f"#map svg path#kommune-{num} > title").text_content()


def test_map_colours_follow_an_import_and_the_filters_sit_in_the_url(page, tmp_path):
    """Last in the file: it imports two initiatives with municipalities into the shared server."""
    page.goto("/map")
    assert page.locator("nav a[href='/map']").count() == 1
    # the map of `kg diagram map`: all 357 municipalities, each a link to its node page
    assert page.locator("#map svg path.municipality").count() == 357
    assert page.get_attribute("#map svg a:has(path#kommune-3407)", "href") == "/node/kommune-3407"
    # the baseline has no municipal participants: Gjøvik counts none and has the empty fill
    assert _map_title(page, "3407") == "Gjøvik (3407): 0 tiltak"
    empty = page.get_attribute("#kommune-3407", "fill")
    # by hand: Kartprøve has Gjøvik, Kartprøve to has Hamar; both Gjøvik and Hamar then count 1
    sheet = tmp_path / "nettverk-kart.csv"
    sheet.write_text("id;tittel;status;start;slutt;kommuner\n"
                     "k1;Kartprøve;planlagt;2026;2027;Gjøvik\n"
                     "k2;Kartprøve to;planlagt;2026;2027;Hamar\n", encoding="utf-8")
    login(page)
    page.goto("/import")
    page.set_input_files("#file", str(sheet))
    page.click("#upload button[type=submit]")
    page.wait_for_selector("#sheet")
    page.click("#confirm button[type=submit]")
    page.wait_for_selector("pre.diff")
    page.goto("/map")
    assert _map_title(page, "3407") == "Gjøvik (3407): 1 tiltak"
    assert _map_title(page, "3403") == "Hamar (3403): 1 tiltak"
    assert page.get_attribute("#kommune-3407", "fill") != empty
    assert page.get_attribute("#kommune-3407", "data-count") == "1"
    # the initiative filter: only Gjøvik takes part in Kartprøve; the URL holds it
    page.select_option("#initiative", label="Kartprøve")
    page.click("#map-filters button[type=submit]")
    page.wait_for_url(re.compile(r"initiative=[^&]*k1"))
    assert _map_title(page, "3407") == "Gjøvik (3407): deltar"
    assert _map_title(page, "3403") == "Hamar (3403): deltar ikke"
    page.goto(page.url + "&lang=en")  # the same map in English, from the same URL
    assert _map_title(page, "3407") == "Gjøvik (3407): takes part"
    assert page.locator("main h1").inner_text() == "Map of the municipalities"
    # the downloads carry the filter; the JSON twin says the same
    query = page.url.split("?", 1)[1]
    for ext, media in (("svg", "image/svg+xml"), ("png", "image/png"), ("pdf", "application/pdf")):
        r = page.request.get(f"/download/map.{ext}?{query}")
        assert r.status == 200 and r.headers["content-type"].startswith(media), ext
    assert "data-role=\"participant\"" in page.request.get(f"/download/map.svg?{query}").text()
    api = page.request.get(f"/api/map?{query}").json()
    roles = {m["number"]: m["role"] for m in api["municipalities"] if m["role"]}
    assert roles == {"3407": "participant"}
    # a click on a municipality opens its page
    page.click("#map svg a:has(path#kommune-3407)")
    page.wait_for_url("**/node/kommune-3407")
    assert page.errors == []
