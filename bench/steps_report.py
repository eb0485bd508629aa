"""`kg report` (the self-contained HTML report) on the generated workspace.

``report``        the first report with an empty cache: kg check, the roadmap index and every
                  part of the report are built (a user's first report after an import)
``report-again``  the same report again with that cache (a user's second report)

The report must hold a row for every initiative (its table is searchable, never cut).
"""
from __future__ import annotations


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
        text = (out / f"{step}.html").read_text(encoding="utf-8")
        rows = text.count('<tr id="row-')
        if rows < n:
            ctx.fail(step, f"the report has {rows} table rows for {n} initiatives")
