"""`kg report` after an import: the check re-checked from the kept result and kept compiled
shapes (no rdflib, no check engine), the roadmap index patched with the imported source
(kg.roadmap.index_patch), and the report byte for byte the one made with nothing kept
(an empty cache, the re-check off)."""
from __future__ import annotations

import csv
import json
import os
import shutil
import subprocess
import sys

from tests._support import need_tool


def _report(ws_path, out, cache, **env):
    # a whole check reads its queries' reach even on a small workspace (as at 1M, where it
    # takes longer than ANALYSE_AFTER), so that the re-check after the import can start from it
    code = ("import json, sys\nfrom kg.cli import main\nfrom kg.check import incremental\n"
            "incremental.ANALYSE_AFTER = -1.0\n"
            f"try:\n    main(['--data', {str(ws_path)!r}, '--lang', 'en', 'report', '-o', {str(out)!r}])\n"
            "except SystemExit as e:\n    assert not e.code, e.code\n"
            "from kg.roadmap import index_patch\n"
            "print(json.dumps({'check': incremental.last.get('way'), 'index': index_patch.last.get('way'),"
            " 'rdflib': sorted(m for m in sys.modules if m.split('.')[0] == 'rdflib' or m == 'kg.check.engine')}))")
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=600,
                       env={**os.environ, "KG_CACHE_DIR": str(cache), **env})
    assert r.returncode == 0, r.stderr
    return json.loads(r.stdout.strip().splitlines()[-1])


def test_the_report_after_an_import_is_patched_and_equals_one_made_from_nothing(baseline_dir, tmp_path, cli_run):
    need_tool("dot")
    ws_path = tmp_path / "ws"
    shutil.copytree(baseline_dir, ws_path)
    cache = tmp_path / "cache"
    _report(ws_path, tmp_path / "warm.html", cache)   # the user's report before the import
    f = tmp_path / "ny.csv"
    with open(f, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["id", "tittel", "status", "start", "slutt", "eier"])
        w.writerow(["ny-en", "Et nytt tiltak", "planlagt", "2027", "2028-Q2", "Digi Innlandet"])
        w.writerow(["ny-to", "Et tiltak uten eier", "planlagt", "2027-03", "", ""])
    res = cli_run(["--data", ws_path, "import", f, "--network", "Digi Innlandet"])
    assert res.exit_code == 0, res.output
    got = _report(ws_path, tmp_path / "after.html", cache)
    assert got == {"check": "incremental", "index": "patched", "rdflib": []}
    plain = _report(ws_path, tmp_path / "plain.html", tmp_path / "empty-cache", KG_CHECK_CACHE="0")
    assert plain["index"] == "no whole index kept"
    after = (tmp_path / "after.html").read_bytes()
    assert after == (tmp_path / "plain.html").read_bytes()
    # the imported initiatives are rows of the table
    assert b"Et nytt tiltak" in after and b"Et tiltak uten eier" in after
