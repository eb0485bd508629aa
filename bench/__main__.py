"""``python -m bench [--sizes "100k 1m"] [--seed 1] [--only STEP-PREFIX] [--fresh]``

Runs ``bench/steps_core.py`` first, then every other ``bench/steps_*.py`` in name order,
against a generated workspace of each size. A step that fails is reported and the run
goes on; the exit code is 1 if any step failed.
"""
from __future__ import annotations

import argparse
import importlib
import json
import os
import platform
import subprocess
import sys
import time
import traceback
from pathlib import Path

from bench.context import HEADER, HERE, ROOT, Context, Results, StepFailed, format_row, skip_reason


def step_modules(names: list[str] | None = None) -> list[str]:
    found = sorted(p.stem for p in HERE.glob("steps_*.py"))
    found.sort(key=lambda s: (s != "steps_core", s))
    if names:
        found = [m for m in found if m in names or m.removeprefix("steps_") in names]
    return found


def machine() -> dict:
    info = {"nproc": os.cpu_count(), "python": platform.python_version(), "platform": platform.platform()}
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                info["ram_gb"] = round(int(line.split()[1]) / 1024 / 1024, 1)
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                info["cpu"] = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    try:
        import pyoxigraph
        info["pyoxigraph"] = pyoxigraph.__version__
    except Exception:  # noqa: BLE001
        pass
    try:
        import kg
        info["kg"] = kg.__version__
    except Exception:  # noqa: BLE001
        pass
    try:
        info["commit"] = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True,
                                        text=True, timeout=10).stdout.strip()
    except Exception:  # noqa: BLE001
        pass
    info["date"] = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
    try:
        info["loadavg_end"] = [round(x, 2) for x in os.getloadavg()]
    except OSError:
        pass
    return info


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench", description="Benchmark kg on generated workspaces.",
                                 epilog='Examples: python -m bench --sizes 100k;  python -m bench --only read- '
                                        '--sizes "100k 1m";  make bench SIZES=100k')
    ap.add_argument("--sizes", default="100k 1m", help='sizes in triples, e.g. "100k 1m" or "20k"')
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--only", action="append", default=[], metavar="STEP-PREFIX",
                    help="record only steps whose name starts with this (repeatable)")
    ap.add_argument("--modules", default="", help="only these step modules, e.g. 'core check'")
    ap.add_argument("--repeat", type=int, default=3, help="runs of each read command (median)")
    ap.add_argument("--fresh", action="store_true", help="rebuild the workspaces even if cached")
    ap.add_argument("--out", default=str(HERE / "results.json"), help="where to write the results")
    a = ap.parse_args(argv)
    sys.path.insert(0, str(ROOT))
    # kg as an installed kg starts: pip writes every module's bytecode when it installs a
    # package, but an editable checkout under PYTHONDONTWRITEBYTECODE=1 (as on CI machines)
    # would compile its changed modules again at every start, and the bench would time that
    import compileall
    for folder in ("kg", "importers", "queries", "exports"):
        compileall.compile_dir(str(ROOT / folder), quiet=1)
    results = Results()
    load_start = [round(x, 2) for x in os.getloadavg()]
    started = time.time()
    module_seconds: dict[str, float] = {}     # how long each module took at each size
    only = [o for x in a.only for o in x.split()]
    mods = step_modules(a.modules.split() or None)
    print(f"kg bench: sizes {a.sizes}, seed {a.seed}, modules {', '.join(m.removeprefix('steps_') for m in mods)}")
    for size in a.sizes.split():
        ctx = Context(size, a.seed, results, only=only, repeat=a.repeat, fresh=a.fresh)
        try:
            ctx.ensure_workspace()
        except Exception as e:  # noqa: BLE001 — without a workspace no step of this size can run
            ctx.fail("generate", f"{type(e).__name__}: {e}")
            continue
        for name in mods:
            t_mod = time.time()
            try:
                mod = importlib.import_module(f"bench.{name}")
                why = skip_reason(mod, size)
                if why:
                    ctx.log(f"  {name.removeprefix('steps_')} skipped at {size}: {why}")
                    continue
                mod.run(ctx)
            except StepFailed:
                pass
            except Exception as e:  # noqa: BLE001 — report, go on with the next module
                tb = traceback.format_exc(limit=3)
                ctx.fail(name.removeprefix("steps_"), f"{type(e).__name__}: {e}")
                print(tb, file=sys.stderr)
            took = round(time.time() - t_mod, 1)
            if took >= 1:
                module_seconds[f"{size} {name.removeprefix('steps_')}"] = took
                ctx.log(f"  [{size}] {name.removeprefix('steps_')}: {took:.0f} s")
            # written as we go, so an interrupted run keeps what it measured
            Path(a.out).write_text(json.dumps(results.entries, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    m = machine()
    m["loadavg_start"] = load_start
    m["sizes"] = a.sizes.split()
    m["seed"] = a.seed
    m["modules"] = [x.removeprefix("steps_") for x in mods]
    m["only"] = only
    m["run_seconds"] = round(time.time() - started, 1)
    m["module_seconds"] = module_seconds
    print()
    print(f"machine: {m.get('cpu', '?')}, {m.get('nproc')} cores, {m.get('ram_gb', '?')} GB RAM, "
          f"Python {m['python']}, pyoxigraph {m.get('pyoxigraph', '?')}")
    print(HEADER)
    for e in results.entries:
        print(format_row(e))
    out = Path(a.out)
    out.write_text(json.dumps(results.entries, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    (out.parent / "machine.json").write_text(json.dumps(m, indent=1) + "\n", encoding="utf-8")
    print(f"\nwrote {out} and {out.parent / 'machine.json'}")
    if results.failures:
        print(f"{results.failures} step(s) failed", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
