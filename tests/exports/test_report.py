"""The HTML report in a real headless Chromium (Debian's), driven over the DevTools protocol.

It must load with no console errors, show the diagrams, narrow the table when a filter
is chosen, and keep a label containing <script> as text. A screenshot is kept under
tests/artifacts/ (gitignored) for a person to look at.
"""
from __future__ import annotations

import base64
import json
import re
import shutil
import subprocess
import tempfile
import time
import urllib.request
from pathlib import Path

import pytest

from _support import need_tool
from kg.store.workspace import Workspace

HERE = Path(__file__).parent
ARTIFACTS = HERE.parent / "artifacts"
MINI = (HERE / "data" / "mini.ttl").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def report_file(tmp_path_factory):
    need_tool("dot")
    need_tool("neato")
    from click.testing import CliRunner

    from _support import PREFIXES_TTL
    from kg.cli import cli
    d = tmp_path_factory.mktemp("report")
    f = d / "mini.ttl"
    f.write_text(PREFIXES_TTL + MINI, encoding="utf-8")
    Workspace.create(d / "ws", baseline=False, extra=[("test", f, {"kind": "test"})])
    r = CliRunner().invoke(cli, ["--data", str(d / "ws"), "report", "-o", str(d / "out")], catch_exceptions=False)
    assert r.exit_code == 0, r.stderr
    return d / "out" / "report.html"


def test_report_is_self_contained_and_escaped(report_file):
    text = report_file.read_text(encoding="utf-8")
    assert text.count("<script>") == 1  # our own script, nothing from a label
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text
    assert not re.search(r"""(src|href)=["']https?:""", text)  # nothing fetched from the network
    assert text.count("<svg") >= 4
    assert 'id="generated"' in text and "Tøyen-KS" in text
    for facet in ("phase", "owner", "challenge", "principle", "municipality"):
        assert f'data-facet="{facet}"' in text


class Chromium:
    """A headless Chromium with one page, spoken to over the DevTools websocket."""

    def __init__(self, exe: str):
        import websocket  # the websocket-client package (test extra)
        self.profile = tempfile.mkdtemp(prefix="kg-chromium-")
        self.proc = subprocess.Popen(
            [exe, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             "--disable-dev-shm-usage", f"--user-data-dir={self.profile}", "--remote-debugging-port=0",
             "--window-size=1400,1000", "about:blank"],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        port = None
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and port is None:
            line = self.proc.stderr.readline()
            if not line and self.proc.poll() is not None:
                break
            m = re.search(r"DevTools listening on ws://[^:]+:(\d+)/", line)
            if m:
                port = int(m.group(1))
        if port is None:
            self.close()
            raise RuntimeError("Chromium did not start its DevTools endpoint")
        pages = []
        while time.monotonic() < deadline and not pages:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list", timeout=10) as resp:
                pages = [p for p in json.load(resp) if p.get("type") == "page"]
            if not pages:
                time.sleep(0.2)
        self.ws = websocket.create_connection(pages[0]["webSocketDebuggerUrl"], timeout=30,
                                              suppress_origin=True)
        self.next_id = 0
        self.events: list[dict] = []

    def send(self, method: str, **params):
        self.next_id += 1
        mid = self.next_id
        self.ws.send(json.dumps({"id": mid, "method": method, "params": params}))
        while True:
            msg = json.loads(self.ws.recv())
            if msg.get("id") == mid:
                if "error" in msg:
                    raise RuntimeError(f"{method}: {msg['error']}")
                return msg.get("result", {})
            self.events.append(msg)

    def wait_for(self, method: str, timeout: float = 30):
        deadline = time.monotonic() + timeout
        for e in self.events:
            if e.get("method") == method:
                return e
        while time.monotonic() < deadline:
            msg = json.loads(self.ws.recv())
            self.events.append(msg)
            if msg.get("method") == method:
                return msg
        raise TimeoutError(method)

    def eval(self, expr: str):
        r = self.send("Runtime.evaluate", expression=expr, returnByValue=True, awaitPromise=True)
        if "exceptionDetails" in r:
            raise RuntimeError(r["exceptionDetails"])
        return r["result"].get("value")

    def errors(self) -> list[str]:
        out = []
        for e in self.events:
            m, p = e.get("method"), e.get("params", {})
            if m == "Runtime.exceptionThrown":
                out.append(json.dumps(p.get("exceptionDetails", {}))[:300])
            elif m == "Runtime.consoleAPICalled" and p.get("type") in ("error", "assert"):
                out.append(json.dumps(p.get("args", []))[:300])
            elif m == "Log.entryAdded" and p.get("entry", {}).get("level") == "error":
                out.append(p["entry"].get("text", ""))
        return out

    def close(self):
        try:
            if getattr(self, "ws", None):
                self.ws.close()
        finally:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
            shutil.rmtree(self.profile, ignore_errors=True)


@pytest.fixture(scope="module")
def browser():
    exe = need_tool("chromium")
    b = Chromium(exe)
    yield b
    b.close()


@pytest.mark.browser
def test_report_in_headless_chromium(report_file, browser):
    b = browser
    b.send("Page.enable")
    b.send("Runtime.enable")
    b.send("Log.enable")
    b.send("Page.navigate", url=report_file.as_uri())
    b.wait_for("Page.loadEventFired")
    deadline = time.monotonic() + 15
    while b.eval("document.documentElement.getAttribute('data-ready')") != "1" and time.monotonic() < deadline:
        time.sleep(0.1)
    assert b.errors() == []
    # the diagrams are there and drawn at a visible size
    sizes = b.eval("""Array.from(document.querySelectorAll('#diagrams svg')).map(s => {
        const r = s.getBoundingClientRect(); return [r.width, r.height]; })""")
    assert len(sizes) == 5 and all(w > 200 and h > 100 for w, h in sizes), sizes
    # the label with <script> is text, and no script of it ran
    assert b.eval("document.querySelectorAll('script').length") == 1
    assert b.eval("document.getElementById('row-t-tale').textContent.includes('<script>alert(1)</script>')")
    total = b.eval("document.querySelectorAll('#initiatives tbody tr').length")
    assert total == 6
    visible = "document.querySelectorAll('#initiatives tbody tr:not(.hidden)').length"
    # a filter narrows the table: phase, then owner on top of it
    b.eval("""(() => { const s = document.getElementById('f-phase'); s.value = 'Planlagt';
               s.dispatchEvent(new Event('change')); })()""")
    assert b.eval(visible) == 3
    assert b.eval("document.getElementById('shown').textContent") == "3"
    b.eval("""(() => { const s = document.getElementById('f-owner'); s.value = 'Tøyen-KS';
               s.dispatchEvent(new Event('change')); })()""")
    assert b.eval(visible) == 1
    b.eval("document.getElementById('f-reset').click()")
    assert b.eval(visible) == total
    # free text search folds accents: 'baerum' finds Bærum (owner of one, participant in another)
    b.eval("""(() => { const i = document.getElementById('f-q'); i.value = 'baerum';
               i.dispatchEvent(new Event('input')); })()""")
    assert b.eval(visible) == 2
    b.eval("document.getElementById('f-reset').click()")
    b.eval("""(() => { const s = document.getElementById('f-municipality'); s.value = 'Bærum kommune';
               s.dispatchEvent(new Event('change')); })()""")
    assert b.eval(visible) == 2
    b.eval("document.getElementById('f-reset').click()")
    # the filter can come from the link: #phase=Etablert
    b.send("Page.navigate", url=report_file.as_uri() + "#phase=Etablert")
    time.sleep(0.5)
    b.eval("window.dispatchEvent(new HashChangeEvent('hashchange'))")
    assert b.eval(visible) == 1
    b.eval("document.getElementById('f-reset').click()")
    # a box in the dependency diagram and a bar in the timeline lead to their table rows
    b.eval("""(() => { const s = document.getElementById('f-phase'); s.value = 'Etablert';
               s.dispatchEvent(new Event('change')); })()""")
    assert b.eval("document.getElementById('row-t-fabrikk').classList.contains('hidden')")
    b.eval("document.getElementById('node-t-fabrikk').dispatchEvent(new MouseEvent('click', {bubbles: true}))")
    assert b.eval("document.getElementById('row-t-fabrikk').classList.contains('flash')")
    assert not b.eval("document.getElementById('row-t-fabrikk').classList.contains('hidden')")  # filters let go
    assert b.eval("document.getElementById('bar-t-juss').getAttribute('data-row')") == "row-t-juss"
    # the filtered table as CSV, made in the page: a header, then the rows shown
    b.eval("""(() => { const s = document.getElementById('f-phase'); s.value = 'Planlagt';
               s.dispatchEvent(new Event('change')); })()""")
    text = b.eval("window.kgReportCsv()")
    lines = text.lstrip("\ufeff").strip().split("\r\n")
    assert lines[0].startswith("id,Tiltak,Fase / status,Tid,Eier")
    assert len(lines) == 1 + 3 and {ln.split(",")[0] for ln in lines[1:]} <= {"t-fabrikk", "t-plattform", "t-tale"}
    assert any(ln.startswith("t-plattform,KI-plattform for alle kommuner,") for ln in lines)
    # and the button saves the same text as a file (a real download, no network)
    down = Path(tempfile.mkdtemp(prefix="kg-dl-"))
    try:
        b.send("Browser.setDownloadBehavior", behavior="allow", downloadPath=str(down))
        b.eval("document.getElementById('f-csv').click()")
        deadline = time.monotonic() + 15
        while not (down / "tiltak.csv").exists() and time.monotonic() < deadline:
            time.sleep(0.2)
        assert (down / "tiltak.csv").read_bytes().decode("utf-8") == text
    finally:
        shutil.rmtree(down, ignore_errors=True)
    # a cell a spreadsheet would take for a formula is written as text
    b.eval("document.querySelector('#row-t-fabrikk td b').textContent = '=HYPERLINK(\"x\")'")
    assert "t-fabrikk,\"'=HYPERLINK(\"\"x\"\")\"," in b.eval("window.kgReportCsv()")
    b.eval("document.getElementById('f-reset').click()")
    shot = b.send("Page.captureScreenshot", format="png", captureBeyondViewport=False)
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "report.png").write_bytes(base64.b64decode(shot["data"]))
    assert (ARTIFACTS / "report.png").stat().st_size > 10_000
    assert b.errors() == []


def test_report_to_a_named_file(cli_run, tmp_path, report_file):
    target = tmp_path / "rapport.html"
    r = cli_run(["--data", report_file.parent.parent / "ws", "report", "-o", target])
    assert r.exit_code == 0, r.stderr
    assert target.is_file() and target.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["rapport.html"]
    r = cli_run(["--data", report_file.parent.parent / "ws", "report", "-o", tmp_path / "missing" / "r.html"])
    assert r.exit_code == 2 and not (tmp_path / "missing").exists()


def test_report_cli_errors(cli_run, tmp_path, report_file):
    f = tmp_path / "a-file"
    f.write_text("x")
    r = cli_run(["--data", report_file.parent.parent / "ws", "report", "-o", f])
    assert r.exit_code == 2 and "a-file" in r.stderr
    r = cli_run(["--data", tmp_path / "nothing-here", "report", "-o", tmp_path / "out"])
    assert r.exit_code == 2 and not (tmp_path / "out").exists()


def test_report_says_why_a_diagram_is_missing(report_file):
    from kg.exports.diagrams.model import ReportData
    from kg.exports import report
    data = ReportData("Tittel <x>", "nb", "2026-11-24", [], [], {}, {}, False, [])
    text = report.render(data, [("dependencies", "Avhengigheter", None, "For stort <b>: avgrens med ID")])
    assert 'id="fig-dependencies"' in text and "For stort &lt;b&gt;: avgrens med ID" in text
    assert "Tittel &lt;x&gt;" in text and "<svg" not in text


@pytest.mark.browser
def test_report_map_filters_the_table_by_municipality(tmp_path, browser, cli_run):
    """Oslo takes part in t-a, t-b and t-c, Bergen in t-a: a click on Oslo on the map
    shows those three rows."""
    need_tool("dot")
    need_tool("neato")
    from _support import workspace_from_ttl
    ws = workspace_from_ttl(tmp_path, """
kgid:t-a a kg:Initiative ; skos:prefLabel "A"@nb , "A"@en ; kg:owner kgid:kommune-0301 ; kg:participant kgid:kommune-4601 .
kgid:t-b a kg:Initiative ; skos:prefLabel "B"@nb , "B"@en ; kg:owner kgid:kommune-0301 .
kgid:t-c a kg:Initiative ; skos:prefLabel "C"@nb , "C"@en ; kg:participant kgid:kommune-0301 .
kgid:t-d a kg:Initiative ; skos:prefLabel "D"@nb , "D"@en ; kg:owner kgid:kommune-4601 .
""", "map")
    out = tmp_path / "kart.html"
    r = cli_run(["--data", ws, "report", "-o", out])
    assert r.exit_code == 0, r.stderr
    b = browser
    b.events.clear()  # the page before left its own load event
    b.send("Page.navigate", url=out.as_uri())
    b.wait_for("Page.loadEventFired")
    deadline = time.monotonic() + 15
    ready = "document.documentElement && document.documentElement.getAttribute('data-ready')"
    while b.eval(ready) != "1" and time.monotonic() < deadline:
        time.sleep(0.1)
    assert b.eval("document.querySelectorAll('#fig-map path.municipality').length") == 357
    visible = "Array.from(document.querySelectorAll('#initiatives tbody tr:not(.hidden)')).map(r => r.id).sort()"
    assert b.eval(visible) == ["row-t-a", "row-t-b", "row-t-c", "row-t-d"]
    b.eval("document.getElementById('kommune-0301').dispatchEvent(new MouseEvent('click', {bubbles: true}))")
    assert b.eval("document.getElementById('f-municipality').value") == "Oslo - Oslove"
    assert b.eval(visible) == ["row-t-a", "row-t-b", "row-t-c"]
    assert b.eval("document.getElementById('kommune-5001').getAttribute('data-row')") is None  # takes part in none
    assert b.errors() == []
