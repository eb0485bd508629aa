"""Gap checks: `kg check` on the generated workspace, against the planted gaps and pyshacl.

``check``   kg check --format json (the fast engine: one SPARQL query per shape on the
            store). At 100k the same command with ``--engine pyshacl`` runs once in the
            same run as the reference (ratio = pyshacl seconds / fast seconds); at 1M
            pyshacl is not run (it would take hours).

Correctness is checked on the way, not timed: the two engines must report the same set
of (focus, path, code, severity), and the fast engine must find every planted gap with
its code and node and nothing else on the generated (``kgid:bench/…``) nodes. A
mismatch is recorded as a failure (``check-same-results`` / ``check-planted``).
"""
from __future__ import annotations

import json

BENCH = "https://w3id.org/kommune-ki/id/bench/"
ENGINE_REFERENCE_SIZES = ("100k",)


def _keys(data: dict) -> set[tuple]:
    return {(r["focus"], r["path"], r["code"], r["severity"]) for r in data["results"]}


def run(ctx):
    if not ctx.wants("check"):
        return
    argv = ["check", "--format", "json"]
    ref = None
    if ctx.size in ENGINE_REFERENCE_SIZES:
        ctx.log(f"  [{ctx.size}] pyshacl reference (slow) …")
        ref = ctx.measure([ctx.kg, "--data", ctx.workspace] + argv + ["--engine", "pyshacl"], timeout=4 * 3600)
        if ref.returncode not in (0, 1):
            ctx.log(f"  pyshacl reference failed (exit {ref.returncode}): {ref.stderr.strip()[-300:]}")
            ref = None
    fast = ctx.run_kg("check", argv, ok_codes=(0, 1), repeat=ctx.repeat,
                      reference=("pyshacl", ref) if ref is not None else None,
                      note="pyshacl on the same data and shapes" if ref is not None else "")
    if fast is None:
        return
    data = fast.json()
    if ref is not None:
        a, b = _keys(data), _keys(ref.json())
        if a != b:
            ctx.fail("check-same-results",
                     f"fast and pyshacl differ: {len(a - b)} only fast, {len(b - a)} only pyshacl; "
                     f"e.g. {sorted(a - b)[:2]} / {sorted(b - a)[:2]}")
        else:
            ctx.log(f"  fast and pyshacl agree on {len(a)} results; pyshacl {ref.seconds:.1f} s, "
                    f"{ref.peak_mb:.0f} MB")
    planted = {(p["code"], p["focus"]) for p in ctx.planted}
    found = {(r["code"], r["focus"]) for r in data["results"] if r["focus"].startswith(BENCH)}
    missing, extra = planted - found, found - planted
    if missing or extra:
        ctx.fail("check-planted", f"{len(missing)} planted gaps not found (e.g. {sorted(missing)[:3]}), "
                                  f"{len(extra)} results on clean nodes (e.g. {sorted(extra)[:3]})")
    else:
        ctx.log(f"  all {len(planted)} planted gaps found with the right code and node, nothing else "
                f"({json.dumps(data['counts'])})")
