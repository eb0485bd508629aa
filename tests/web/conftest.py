"""A real `kg serve` on a free port (a subprocess, as a user starts it) over a private
copy of the baseline with one hostile label, and a real Chromium driven by Playwright."""
from __future__ import annotations

from pathlib import Path

import pytest

from _support import IN_CI, need_tool, one_worker

from web_support import HOSTILE_LABEL, TOKEN, Server, _lit, free_port, login, make_web_ws  # noqa: F401


@pytest.fixture(scope="session")
@one_worker("web")   # the server, the browser and the workspace they share: one worker
def web_ws(tmp_path_factory) -> Path:
    return make_web_ws(tmp_path_factory.mktemp("web"))


@pytest.fixture(scope="session")
@one_worker("web")
def server(web_ws):
    s = Server(web_ws)
    yield s
    s.stop()


@pytest.fixture(scope="session")
@one_worker("web")
def browser():
    exe = need_tool("chromium")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        if IN_CI:
            pytest.fail("playwright is required in CI (the test extra installs it)")
        pytest.skip("playwright not installed")
    pw = sync_playwright().start()
    b = pw.chromium.launch(executable_path=exe, args=["--no-sandbox", "--disable-gpu"])
    yield b
    b.close()
    pw.stop()


@pytest.fixture
def page(browser, server):
    """A fresh browser context (no cookies); console errors and page errors collected."""
    ctx = browser.new_context(base_url=server.url, viewport={"width": 1300, "height": 1000})
    p = ctx.new_page()
    p.errors = []
    p.on("console", lambda m: p.errors.append(f"console.{m.type}: {m.text}") if m.type == "error" else None)
    p.on("pageerror", lambda e: p.errors.append(f"pageerror: {e}"))
    p.set_default_timeout(30000)
    yield p
    ctx.close()
