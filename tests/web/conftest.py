"""A real `kg serve` on a free port (a subprocess, as a user starts it) over a private
copy of the baseline with one hostile label, and a real Chromium driven by Playwright."""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from _support import IN_CI, PREFIXES_TTL, need_tool

TOKEN = "test-token-5b1d0c"   # a test value; the server reads it from its environment
HOSTILE_LABEL = "<script>alert('kg')</script>Skriptfelle"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    def __init__(self, ws: Path, *args: str, token: str | None = TOKEN):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.ws = ws
        env = {k: v for k, v in os.environ.items() if k != "KG_SERVE_TOKEN"}
        if token:
            env["KG_SERVE_TOKEN"] = token
        self.log = open(ws.parent / f"serve-{self.port}.log", "wb")
        self.proc = subprocess.Popen([sys.executable, "-c", "from kg.cli import main; main()", "--data", str(ws),
                                      "serve", "--port", str(self.port), *args],
                                     env=env, stdout=self.log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 90
        while True:
            try:
                with urllib.request.urlopen(self.url + "/api/openapi.json", timeout=5) as r:
                    if r.status == 200:
                        break
            except OSError:
                pass
            if self.proc.poll() is not None or time.monotonic() > deadline:
                self.stop()
                raise RuntimeError("kg serve did not start: " + (ws.parent / f"serve-{self.port}.log").read_text())
            time.sleep(0.2)

    def stop(self):
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
        self.log.close()


@pytest.fixture(scope="session")
def web_ws(tmp_path_factory) -> Path:
    from kg.workspace import Workspace
    root = tmp_path_factory.mktemp("web")
    extra = root / "hostile.ttl"
    extra.write_text(PREFIXES_TTL + f"""
kgid:skriptfelle a kg:Initiative ;
    skos:prefLabel {_lit(HOSTILE_LABEL, "nb")} , {_lit(HOSTILE_LABEL, "en")} .
""", encoding="utf-8")
    ws = root / "ws"
    Workspace.create(ws, extra=[("hostile", extra, {"kind": "test"})])
    return ws


def _lit(text: str, lang: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + f'"@{lang}'


@pytest.fixture(scope="session")
def server(web_ws):
    s = Server(web_ws)
    yield s
    s.stop()


@pytest.fixture(scope="session")
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


def login(page, token: str = TOKEN):
    page.goto("/login")
    page.fill("#token", token)
    page.click("form[action='/login'] button[type=submit]")
    page.wait_for_load_state()
