"""kg's Mermaid output parses and renders with the real Mermaid, in headless Chromium.

Mermaid is pinned in tests/exports/mermaid/package-lock.json and installed with
`npm ci` into tests/artifacts/mermaid/ (gitignored) the first time; the page renders
every diagram with ``securityLevel: 'strict'`` and reports each result.
"""
from __future__ import annotations

import hashlib
import json
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

from _support import need_tool
from kg.exports.diagrams import model as dm
from kg.exports.diagrams import dependencies as diagram_dependencies
from kg.exports.diagrams import target as diagram_target
from kg.exports.diagrams import timeline as diagram_timeline
from kg.store.workspace import Workspace

HERE = Path(__file__).parent
PINNED = HERE / "mermaid"
INSTALL = HERE.parent / "artifacts" / "mermaid"
MINI = (HERE / "data" / "mini.ttl").read_text(encoding="utf-8")


def _mermaid_js() -> Path:
    js = INSTALL / "node_modules" / "mermaid" / "dist" / "mermaid.min.js"
    lock = (PINNED / "package-lock.json").read_bytes()
    stamp = INSTALL / ".lock-sha256"
    digest = hashlib.sha256(lock).hexdigest()
    if js.exists() and stamp.exists() and stamp.read_text() == digest:
        return js
    npm = need_tool("npm")
    shutil.rmtree(INSTALL, ignore_errors=True)
    INSTALL.mkdir(parents=True)
    for f in ("package.json", "package-lock.json"):
        shutil.copy(PINNED / f, INSTALL / f)
    r = subprocess.run([npm, "ci", "--no-audit", "--no-fund", "--ignore-scripts"], cwd=INSTALL,
                       capture_output=True, text=True, timeout=600)
    assert r.returncode == 0 and js.exists(), f"npm ci failed: {r.stderr[-1500:]}"
    stamp.write_text(digest)
    return js


@pytest.fixture(scope="module")
def mermaid_texts(tmp_path_factory):
    from _support import PREFIXES_TTL
    d = tmp_path_factory.mktemp("mm")
    f = d / "mini.ttl"
    f.write_text(PREFIXES_TTL + MINI, encoding="utf-8")
    Workspace.create(d / "ws", extra=[("test", f, {"kind": "test"})])  # with the KS baseline too
    out = {}
    with Workspace.open(d / "ws") as ws:
        for lang in ("nb", "en"):
            gaps = [dm.Gap("owner-missing", "violation", "https://w3id.org/kommune-ki/id/t-fabrikk", "x")]
            out[f"dependencies-{lang}"] = diagram_dependencies.to_mermaid(dm.build_dependencies(ws, lang, gaps=gaps))
            out[f"timeline-{lang}"] = diagram_timeline.to_mermaid(dm.build_timeline(ws, lang, gaps=gaps))
            out[f"board-{lang}"] = diagram_timeline.board_to_mermaid(dm.build_board(ws, lang, gaps=gaps))
            out[f"target-{lang}"] = diagram_target.to_mermaid(dm.build_target(ws, lang, gaps=gaps))
    return out


@pytest.mark.browser
def test_mermaid_output_renders_in_mermaid(mermaid_texts):
    chromium = need_tool("chromium")
    js = _mermaid_js()
    data = json.dumps(mermaid_texts, ensure_ascii=False).replace("</", "<\\/")
    page = INSTALL / "check.html"
    page.write_text(f"""<!DOCTYPE html><html><head><meta charset="utf-8">
<script src="{js.relative_to(INSTALL).as_posix()}"></script></head><body><pre id="out">pending</pre><script>
const texts = {data};
mermaid.initialize({{startOnLoad: false, securityLevel: 'strict'}});
(async () => {{ const res = {{}}; let i = 0;
  for (const [k, t] of Object.entries(texts)) {{
    try {{ const r = await mermaid.render('m' + (i++), t);
           res[k] = r.svg.includes('<svg') ? 'ok' : 'no svg'; }}
    catch (e) {{ res[k] = 'error: ' + ((e && e.message) || e); }} }}
  document.getElementById('out').textContent = JSON.stringify(res); }})();
</script></body></html>""", encoding="utf-8")
    with tempfile.TemporaryDirectory(prefix="kg-chromium-") as profile:
        r = subprocess.run([chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                            "--disable-background-networking", "--disable-component-update", "--disable-sync",
                            f"--user-data-dir={profile}", "--virtual-time-budget=20000", "--dump-dom",
                            page.as_uri()], capture_output=True, text=True, timeout=180)
    m = re.search(r'<pre id="out">([^<]*)</pre>', r.stdout)
    assert m, r.stderr[-1000:]
    import html
    results = json.loads(html.unescape(m.group(1)))
    assert results == {k: "ok" for k in mermaid_texts}, results
