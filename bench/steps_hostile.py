"""Bench steps of issue 8 (readers during a write, docs/security.md section 5).

``read-during-import``   the slowest `kg sources` while `kg import` of 2 000 rows runs on
                         the same workspace (readers wait only for the final transaction)
``import-lock-hold``     a re-import of those rows with 2 changed: the whole command; the
                         note gives the reads' median and slowest during the first import
"""
from __future__ import annotations

import csv
import statistics
import subprocess
import time

ROWS = 2000


def _write(path, changed: bool = False) -> None:
    with open(path, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, delimiter=";")
        w.writerow(["id", "tittel", "status", "start"])
        for i in range(ROWS):
            title = f"Samtidig tiltak {i}" + (" endret" if changed and i in (7, 1999) else "")
            w.writerow([f"samtidig-{i}", title, "planlagt", "2026-Q2"])


def run(ctx):
    if not ctx.wants("read-during-import") and not ctx.wants("import-lock-hold"):
        return
    folder = ctx.scratch("hostile-files")
    f = folder / "samtidig.csv"
    _write(f)
    ws = ctx.copy_workspace("hostile-ws")
    t0 = time.monotonic()
    p = subprocess.Popen([str(ctx.kg), "--data", str(ws), "import", str(f)], stdout=subprocess.DEVNULL,
                         stderr=subprocess.PIPE, text=True)
    reads = []
    while p.poll() is None:
        r = ctx.measure([ctx.kg, "--data", ws, "sources", "--format", "json"])
        if r.returncode != 0:
            ctx.fail("read-during-import", f"a read failed during the import: {r.stderr[-300:]}")
            p.wait()
            return
        reads.append(r.seconds)
    import_s = time.monotonic() - t0
    if p.returncode != 0:
        ctx.fail("read-during-import", f"import exit {p.returncode}: {p.stderr.read()[-300:]}")
        return
    if reads:
        ctx.record("read-during-import", max(reads), None,
                   note=f"{len(reads)} reads during a {import_s:.1f} s import of {ROWS} rows; "
                        f"median {statistics.median(reads):.2f} s")
    _write(f, changed=True)
    ctx.run_kg("import-lock-hold", ["import", f], data=ws,
               note=f"re-import of {ROWS} rows, 2 changed: only the difference is written under the exclusive lock")
