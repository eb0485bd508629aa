"""``python -m bench.report``: bench/results.json and bench/machine.json as Markdown
tables (what docs/benchmarks.md shows)."""
from __future__ import annotations

import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def _n(v, f):
    return "" if v is None else format(v, f)


def markdown(results: list[dict], machine: dict) -> str:
    out = [f"Machine: {machine.get('cpu', '?')}, {machine.get('nproc')} cores, {machine.get('ram_gb', '?')} GB RAM; "
           f"Python {machine.get('python')}, pyoxigraph {machine.get('pyoxigraph', '?')}, kg {machine.get('kg', '?')} "
           f"(commit {machine.get('commit', '?')}); run {machine.get('date', '?')}, "
           f"{machine.get('run_seconds', '?')} s; load average at start {machine.get('loadavg_start', '?')}, "
           f"at end {machine.get('loadavg_end', '?')}.", "",
           "| step | size | triples | seconds (median) | fastest | peak MB | reference | reference s | ratio | note |",
           "|---|---|---:|---:|---:|---:|---|---:|---:|---|"]
    for e in results:
        note = ("FAILED: " + e["error"].replace("|", "/").replace("\n", " ")[:120]) if e.get("error") else e.get("note", "")
        out.append(f"| {e['step']} | {e['size']} | {_n(e['triples'], ',')} | {_n(e['seconds'], '.3f')} | "
                   f"{_n(e.get('min_seconds'), '.3f')} | "
                   f"{_n(e['peak_mb'], '.0f')} | {e.get('reference') or ''} | {_n(e.get('reference_seconds'), '.3f')} | "
                   f"{_n(e.get('ratio'), '.2f')} | {note} |")
    return "\n".join(out) + "\n"


def main(argv=None) -> int:
    """``python -m bench.report [RESULTS.json]`` (machine.json is read beside it)."""
    argv = sys.argv[1:] if argv is None else argv
    path = Path(argv[0]) if argv else HERE / "results.json"
    results = json.loads(path.read_text(encoding="utf-8"))
    machine = json.loads((path.parent / "machine.json").read_text(encoding="utf-8"))
    sys.stdout.write(markdown(results, machine))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
