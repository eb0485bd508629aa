"""`kg report` (the self-contained HTML report) on the generated workspace.

``report``        the first report with an empty cache: kg check, the roadmap index and every
                  part of the report are built (the cold reference)
``report-again``  the same report again with that cache (a user's second report)
``report-after-import``  on a copy of the workspace whose caches are warm from a report
                  before (untimed), a 100-row sheet imported as a source of its own
                  (untimed), then `kg report`: a user's first report after an import (the
                  check re-checked where the import reaches, the roadmap index read again
                  only for the new source)

The report must hold a row for every initiative (its table is searchable, never cut).
"""
from __future__ import annotations

import shutil


def run(ctx) -> None:
    if not ctx.wants("report"):
        return
    from kg.store.workspace import Workspace
    with Workspace.open(ctx.workspace) as ws:
        n = ws.count("?i a kg:Initiative")
    cache = ctx.scratch("report-cache")
    out = ctx.scratch("report-out")
    env = {"KG_CACHE_DIR": str(cache)}
    for step in ("report", "report-again"):
        r = ctx.run_kg(step, ["--lang", "en", "report", "-o", out / f"{step}.html"], env=env,
                       note=f"{n} initiatives")
        if r is None:
            continue
        _rows(ctx, step, out / f"{step}.html", n)
    if ctx.selected("report-after-import"):
        _after_import(ctx, out)


def _rows(ctx, step, html, n) -> None:
    text = html.read_text(encoding="utf-8")
    rows = text.count('<tr id="row-')
    if rows < n:
        ctx.fail(step, f"the report has {rows} table rows for {n} initiatives")


def _after_import(ctx, out) -> None:
    from bench.steps_import import make_rows, write_files
    from kg.store.workspace import Workspace
    step = "report-after-import"
    ws = ctx.copy_workspace("report-import-ws")
    try:
        env = {"KG_CACHE_DIR": str(ctx.scratch("report-import-cache"))}
        warm = ctx.measure([ctx.kg, "--data", ws, "--lang", "en", "report", "-o", out / "warm.html"], env=env)
        if warm.returncode:
            ctx.fail(step, f"set-up report failed: {warm.stderr[-300:]}")
            return
        folder = ctx.scratch("report-import-files")
        xlsx, _ = write_files(folder, make_rows(100, seed=13))
        sheet = folder / "rows-100-report.xlsx"
        shutil.move(str(xlsx), sheet)
        imp = ctx.measure([ctx.kg, "--data", ws, "import", str(sheet), "--network", "digi-innlandet"], env=env)
        if imp.returncode not in (0, 1):
            ctx.fail(step, f"import failed: {imp.stderr[-300:]}")
            return
        with Workspace.open(ws) as w:
            n = w.count("?i a kg:Initiative")
        r = ctx.run_kg(step, ["--lang", "en", "report", "-o", out / f"{step}.html"], data=ws, env=env,
                       note=f"{n} initiatives; caches warm from a report before the 100-row import")
        if r is not None:
            _rows(ctx, step, out / f"{step}.html", n)
    finally:
        shutil.rmtree(ws, ignore_errors=True)
