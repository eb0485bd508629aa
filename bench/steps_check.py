"""Gap checks: `kg check` on the generated workspace, against the planted gaps and pyshacl.

``check``   kg check --format json (the fast engine: one SPARQL query per shape on the
            store).
``check-vs-pyshacl``  the reference, run with the 100k size: pyshacl took ~10 minutes on the
            100k workspace, most of a whole bench run, so both engines run on a generated
            sample of PYSHACL_SAMPLE triples (same generator and seed) instead: the fast
            check's median beside one ``--engine pyshacl`` run of the same command on the
            same sample (ratio = pyshacl seconds / fast seconds). At 1M pyshacl is not run.

            It gets a cache folder of its own, empty at first: the first run fills the
            per-source cache (kg.check.engine) and keeps its result; the median is a check
            of the unchanged workspace, which is that kept result (kg.check.incremental).
``check-engine-warm``   the engine itself with its per-source cache warm but no kept result
                        (the result file removed before each run): what a check costs when
                        the kept result cannot be used
``check-first``         the same with an empty cache folder: nothing of the per-source copy
                        cached (the first check after kg init)
``check-after-import``  on a copy of the workspace whose cache is warm, a 1,000-row import,
                        then kg check: more changed triples than kg.check.incremental walks,
                        so the engine runs with only that source read from the store (its
                        output must equal that of the same check with KG_CHECK_CACHE=0, byte
                        for byte)
``check-after-import-100``  then a 100-row sheet imported as a source of its own, and kg
                        check again (the same comparison)

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
    # a cache folder of its own, empty at first: the first of the runs fills it and keeps its
    # result, the median is a check of the unchanged workspace (what a user sees from the
    # second check on: the kept result)
    fast = ctx.run_kg("check", argv, ok_codes=(0, 1), repeat=ctx.repeat,
                      env={"KG_CACHE_DIR": str(ctx.scratch("check-cache"))})
    if ctx.size in ENGINE_REFERENCE_SIZES and ctx.selected("check-vs-pyshacl"):
        _against_pyshacl(ctx, argv)
    if fast is None:
        if not ctx.wants("check-after-import"):
            return
        # --only check-after…: the results to compare with, from an untimed check
        fast = ctx.measure([ctx.kg, "--data", ctx.workspace] + argv,
                           env={"KG_CACHE_DIR": str(ctx.scratch("check-cache"))})
        if fast.returncode not in (0, 1):
            ctx.fail("check", f"exit {fast.returncode}: {fast.stderr[-300:]}")
            return
    data = fast.json()
    _engine_warm(ctx, argv, _keys(data))
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


def _engine_run(ctx, ws, argv, folder):
    """``kg check`` with cache folder ``folder`` after removing its kept result (the basis
    of kg.check.incremental): the engine runs, on the per-source copies cached there."""
    for f in folder.glob("check-basis-*.json"):
        f.unlink()
    return ctx.measure([ctx.kg, "--data", ws] + argv, env={"KG_CACHE_DIR": str(folder)})


def _engine_warm(ctx, argv, keys: set) -> None:
    """``check-engine-warm``: the check's cache folder as the step left it, but without
    the kept result (its basis file removed before each run)."""
    if not ctx.selected("check-engine-warm"):
        return
    folder = ctx.dir / "scratch" / "check-cache"   # as the step left it (scratch() would empty it)
    runs = [_engine_run(ctx, ctx.workspace, argv, folder) for _ in range(2)]
    if any(r.returncode not in (0, 1) or _keys(r.json()) != keys for r in runs):
        ctx.fail("check-engine-warm", f"exit {runs[-1].returncode}, or other results: {runs[-1].stderr[-300:]}")
        return
    ctx.record("check-engine-warm", min(r.seconds for r in runs), max(r.peak_mb for r in runs),
               note="per-source cache warm, no kept result: every shape is checked (in-memory queries and rules in code)")


def _first_and_after_import(ctx, argv, keys: set) -> None:
    if ctx.selected("check-first"):
        first = ctx.measure([ctx.kg, "--data", ctx.workspace] + argv,
                            env={"KG_CACHE_DIR": str(ctx.scratch("check-cache-first"))})
        if first.returncode not in (0, 1) or _keys(first.json()) != keys:
            ctx.fail("check-first", f"exit {first.returncode}, or other results without the cache: "
                                    f"{first.stderr[-300:]}")
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
    if warm.returncode not in (0, 1):
        ctx.fail("check-after-import", f"set-up failed: {warm.stderr[-300:]}")
        return
    if not _import_and_check(ctx, "check-after-import", ws, xlsx, argv, env,
                             "1,000 rows imported since the last check: more changed triples than walking "
                             "pays for, so every query runs, only that source read from the store"):
        return
    if not ctx.wants("check-after-import-100"):
        return
    import shutil
    folder = ctx.scratch("check-import-files-100")
    xlsx, _ = write_files(folder, make_rows(100, seed=12))
    small = folder / "rows-100.xlsx"
    shutil.move(str(xlsx), small)   # a source of its own beside the 1,000 rows
    _import_and_check(ctx, "check-after-import-100", ws, small, argv, env,
                      "a 100-row sheet imported since the last check: re-checked where the change reaches")


def _import_and_check(ctx, step, ws, sheet, argv, env, note) -> bool:
    """Import ``sheet``, then time the check as ``step``; its output must equal that of a
    check without any cache. False (and a failure recorded) if anything went wrong."""
    imp = ctx.measure([ctx.kg, "--data", ws, "import", str(sheet), "--network", "digi-innlandet"], env=env)
    if imp.returncode not in (0, 1):
        ctx.fail(step, f"import failed: {imp.stderr[-300:]}")
        return False
    after = ctx.measure([ctx.kg, "--data", ws] + argv, env=env)
    if after.returncode not in (0, 1):
        ctx.fail(step, f"exit {after.returncode}: {after.stderr[-300:]}")
        return False
    if not _same_as_full(ctx, step, ws, argv, env, after):
        return False
    ctx.record(step, after.seconds, after.peak_mb, note=note)
    return True


def _same_as_full(ctx, step, ws, argv, env, after) -> bool:
    """Does ``after`` (a check using the kept result) equal a full check without any
    cache (untimed)? Records a failure if not."""
    plain = ctx.measure([ctx.kg, "--data", ws] + argv, env={**env, "KG_CHECK_CACHE": "0"})
    if plain.returncode != after.returncode or plain.json() != after.json():
        ctx.fail(step, "other results than the same check without the cache")
        return False
    return True



def _against_pyshacl(ctx, argv) -> None:
    """Both engines on the same generated sample: the ratio, and the same results."""
    from bench.context import Context
    sample = Context(PYSHACL_SAMPLE, ctx.seed, ctx.results, repeat=ctx.repeat, fresh=ctx.fresh, log=ctx.log)
    sample.ensure_workspace()
    # the engine each time (the per-source cache warm from the second run), never a kept result
    folder = ctx.scratch("check-sample-cache")
    fast = [_engine_run(ctx, sample.workspace, argv, folder) for _ in range(max(1, ctx.repeat))]
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
