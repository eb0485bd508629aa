"""Gap checks: `kg check` on the generated workspace, against the planted gaps and pyshacl.

``check``   kg check --format json (the fast engine: one SPARQL query per shape on the
            store).
``check-vs-pyshacl``  the reference, run with the 100k size: pyshacl took ~10 minutes on the
            100k workspace, most of a whole bench run, so both engines run on a generated
            sample of PYSHACL_SAMPLE triples (same generator and seed) instead: the fast
            check's median beside one ``--engine pyshacl`` run of the same command on the
            same sample (ratio = pyshacl seconds / fast seconds). At 1M pyshacl is not run.

            It gets a cache folder of its own, empty at first: the first run fills the
            per-source cache (kg.check.engine), the median is a check with all of it cached.
``check-first``         the same with an empty cache folder: nothing of the per-source copy
                        cached (the first check after kg init)
``check-after-import``  on a copy of the workspace whose cache is warm, a 1,000-row import,
                        then kg check: only the imported source is read from the store (its
                        results must equal those of the same check with KG_CHECK_CACHE=0)

Correctness is checked on the way, not timed: the two engines must report the same set
of (focus, path, code, severity), and the fast engine must find every planted gap with
its code and node and nothing else on the generated (``kgid:bench/…``) nodes. A
mismatch is recorded as a failure (``check-same-results`` / ``check-planted``).
"""
from __future__ import annotations

import json

BENCH = "https://w3id.org/kommune-ki/id/bench/"
ENGINE_REFERENCE_SIZES = ("100k",)
PYSHACL_SAMPLE = "25k"
MAX_SIZE = None                 # runs at every size (10M included)
AFTER_IMPORT_MAX_SIZE = "2m"    # above: check-after-import is left out (a copy of the workspace and three checks)


def _keys(data: dict) -> set[tuple]:
    return {(r["focus"], r["path"], r["code"], r["severity"]) for r in data["results"]}


def run(ctx):
    if not ctx.wants("check"):
        return
    argv = ["check", "--format", "json"]
    # a cache folder of its own, empty at first: the first of the runs fills it, the median
    # is a check with every source cached (what a user sees from the second check on)
    fast = ctx.run_kg("check", argv, ok_codes=(0, 1), repeat=ctx.repeat,
                      env={"KG_CACHE_DIR": str(ctx.scratch("check-cache"))})
    if ctx.size in ENGINE_REFERENCE_SIZES and ctx.selected("check-vs-pyshacl"):
        _against_pyshacl(ctx, argv)
    if fast is None:
        return
    data = fast.json()
    planted = {(p["code"], p["focus"]) for p in ctx.planted}
    found = {(r["code"], r["focus"]) for r in data["results"] if r["focus"].startswith(BENCH)}
    _first_and_after_import(ctx, argv, _keys(data))
    missing, extra = planted - found, found - planted
    if missing or extra:
        ctx.fail("check-planted", f"{len(missing)} planted gaps not found (e.g. {sorted(missing)[:3]}), "
                                  f"{len(extra)} results on clean nodes (e.g. {sorted(extra)[:3]})")
    else:
        ctx.log(f"  all {len(planted)} planted gaps found with the right code and node, nothing else "
                f"({json.dumps(data['counts'])})")


def _first_and_after_import(ctx, argv, keys: set) -> None:
    first = ctx.measure([ctx.kg, "--data", ctx.workspace] + argv,
                        env={"KG_CACHE_DIR": str(ctx.scratch("check-cache-first"))})
    if first.returncode not in (0, 1) or _keys(first.json()) != keys:
        ctx.fail("check-first", f"exit {first.returncode}, or other results without the cache: {first.stderr[-300:]}")
    else:
        ctx.record("check-first", first.seconds, first.peak_mb, note="nothing cached: the first check after kg init")
    if not ctx.wants("check-after-import"):
        return
    if ctx.larger_than(AFTER_IMPORT_MAX_SIZE):
        ctx.skip("check-after-import", f"left out above {AFTER_IMPORT_MAX_SIZE} (a copy of the workspace and three "
                                       "more checks); the 1,000-row import is timed as import-rows-1000")
        return
    from bench.steps_import import make_rows, write_files
    folder = ctx.scratch("check-import-files")
    xlsx, _ = write_files(folder, make_rows(1000, seed=11))
    ws = ctx.copy_workspace("check-after-import-ws")
    env = {"KG_CACHE_DIR": str(ctx.scratch("check-cache-import"))}
    warm = ctx.measure([ctx.kg, "--data", ws] + argv, env=env)             # fills the copy's cache
    imp = ctx.measure([ctx.kg, "--data", ws, "import", xlsx, "--network", "digi-innlandet"], env=env)
    if warm.returncode not in (0, 1) or imp.returncode not in (0, 1):
        ctx.fail("check-after-import", f"set-up failed: {warm.stderr[-300:]} {imp.stderr[-300:]}")
        return
    after = ctx.measure([ctx.kg, "--data", ws] + argv, env=env)
    if after.returncode not in (0, 1):
        ctx.fail("check-after-import", f"exit {after.returncode}: {after.stderr[-300:]}")
        return
    plain = ctx.measure([ctx.kg, "--data", ws] + argv, env={**env, "KG_CHECK_CACHE": "0"})   # untimed
    if plain.returncode != after.returncode or _keys(plain.json()) != _keys(after.json()):
        ctx.fail("check-after-import", "other results than the same check without the cache")
        return
    ctx.record("check-after-import", after.seconds, after.peak_mb,
               note="1,000 rows imported since the last check: only that source read from the store")


def _against_pyshacl(ctx, argv) -> None:
    """Both engines on the same generated sample: the ratio, and the same results."""
    from bench.context import Context
    sample = Context(PYSHACL_SAMPLE, ctx.seed, ctx.results, repeat=ctx.repeat, fresh=ctx.fresh, log=ctx.log)
    sample.ensure_workspace()
    cache = {"KG_CACHE_DIR": str(ctx.scratch("check-sample-cache"))}
    fast = [ctx.measure([ctx.kg, "--data", sample.workspace] + argv, env=cache) for _ in range(max(1, ctx.repeat))]
    if any(r.returncode not in (0, 1) for r in fast):
        ctx.fail("check-vs-pyshacl", f"fast check on the sample failed: {fast[-1].stderr.strip()[-300:]}")
        return
    ctx.log(f"  [{PYSHACL_SAMPLE} sample] pyshacl reference (slow) …")
    ref = ctx.measure([ctx.kg, "--data", sample.workspace] + argv + ["--engine", "pyshacl"], timeout=4 * 3600)
    if ref.returncode not in (0, 1):
        ctx.fail("check-vs-pyshacl", f"pyshacl reference failed (exit {ref.returncode}): {ref.stderr.strip()[-300:]}")
        return
    a, b = _keys(fast[-1].json()), _keys(ref.json())
    if a != b:
        ctx.fail("check-same-results",
                 f"fast and pyshacl differ: {len(a - b)} only fast, {len(b - a)} only pyshacl; "
                 f"e.g. {sorted(a - b)[:2]} / {sorted(b - a)[:2]}")
        return
    median = sorted(r.seconds for r in fast)[len(fast) // 2]
    ctx.record("check-vs-pyshacl", median, max(r.peak_mb or 0 for r in fast), "pyshacl", ref.seconds,
               size=PYSHACL_SAMPLE, triples=sample.triples,
               note=f"both engines on a {PYSHACL_SAMPLE} sample (run with {ctx.size}); same {len(a)} results; "
                    f"pyshacl peak {ref.peak_mb:.0f} MB")
