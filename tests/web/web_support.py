"""What the web tests share that is not a fixture: the server launcher, the test token,
the hostile label and the login step (imported by name, not through conftest, since
several test folders have a conftest of their own)."""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

TOKEN = "test-token-5b1d0c"   # a test value; the server reads it from its environment
HOSTILE_LABEL = "<script>alert('kg')</script>Skriptfelle"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    def __init__(self, ws: Path, *args: str, token: str | None = TOKEN):
        self.ws = ws
        env = {k: v for k, v in os.environ.items() if k != "KG_SERVE_TOKEN"}
        if token:
            env["KG_SERVE_TOKEN"] = token
        # a free port is only free until someone binds it: a test on another pytest-xdist
        # worker may take it first, so a server that cannot bind tries another port
        for attempt in range(3):
            if self._start(ws, args, env) or attempt == 2:
                break
        if self.proc.poll() is not None:
            raise RuntimeError("kg serve did not start: " + self.log_path.read_text())

    def _start(self, ws: Path, args, env) -> bool:
        """Start on a free port; False when the port was taken (try again), True otherwise."""
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log_path = ws.parent / f"serve-{self.port}.log"
        self.log = open(self.log_path, "wb")
        self.proc = subprocess.Popen([sys.executable, "-c", "from kg.cli import main; main()", "--data", str(ws),
                                      "serve", "--port", str(self.port), *args],
                                     env=env, stdout=self.log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 90
        while True:
            try:
                with urllib.request.urlopen(self.url + "/api/openapi.json", timeout=5) as r:
                    if r.status == 200 and self.proc.poll() is None:
                        return True
            except OSError:
                pass
            if self.proc.poll() is not None or time.monotonic() > deadline:
                self.stop()
                return "address already in use" not in self.log_path.read_text(errors="replace").lower()
            time.sleep(0.2)

    def stop(self):
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
        self.log.close()


def _lit(text: str, lang: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + f'"@{lang}'


def login(page, token: str = TOKEN):
    page.goto("/login")
    page.fill("#token", token)
    page.click("form[action='/login'] button[type=submit]")
    page.wait_for_load_state()


def make_web_ws(root: Path) -> Path:
    """A private copy of the baseline with one hostile label, in ``root``: what the web
    tests' server serves."""
    from _support import PREFIXES_TTL
    from kg.store.workspace import Workspace
    extra = root / "hostile.ttl"
    extra.write_text(PREFIXES_TTL + f"""
kgid:skriptfelle a kg:Initiative ;
    skos:prefLabel {_lit(HOSTILE_LABEL, "nb")} , {_lit(HOSTILE_LABEL, "en")} .
""", encoding="utf-8")
    ws = root / "ws"
    Workspace.create(ws, extra=[("hostile", extra, {"kind": "test"})])
    return ws
