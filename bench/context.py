"""What every bench step gets: the generated workspace and a way to time commands.

A step module is ``bench/steps_<area>.py`` with ``def run(ctx)``. Use::

    def run(ctx):
        if not ctx.wants("query-"):          # skip costly set-up when --only excludes it
            return
        ctx.run_kg("query-order", ["query", "order", "--format", "json"])
        ref = ctx.measure([str(ctx.python), "-c", "..."])        # a reference, not recorded
        ctx.run_kg("check", ["check", "--format", "json"], ok_codes=(0, 1),
                   reference=("pyshacl", ref.seconds))

``ctx.size`` ('100k' | '1m' | …), ``ctx.workspace`` (Path; read-only: steps that write
use ``ctx.copy_workspace(name)``), ``ctx.triples``, ``ctx.bench_file`` (the generated
Turtle), ``ctx.planted`` (the planted gaps), ``ctx.sample_initiative`` (IRI of a clean
bench initiative with dependencies and an AI system), ``ctx.python`` / ``ctx.kg`` (the
interpreter and the ``kg`` script of this venv), ``ctx.scratch(name)`` (an empty folder).

Time is wall time of a child process; memory is the child's peak resident set
(``ru_maxrss`` of exactly that child, from ``os.wait4``), so start-up is included.
A command that exits with a code outside ``ok_codes`` is recorded as a failure and
raises :class:`StepFailed`; the runner reports it and goes on with the next module.
"""
from __future__ import annotations

import json
import os
import signal
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
WORK = HERE / "work"


class StepFailed(Exception):
    """A measured command failed; already recorded in the results."""


@dataclass
class Run:
    """One measured child process."""

    argv: list[str]
    seconds: float
    peak_mb: float
    returncode: int
    stdout: str = ""
    stderr: str = ""

    def json(self):
        return json.loads(self.stdout)


# The child is started by a small Python that forks it and reports its rusage: a child forked
# straight from a large process (pytest late in a run, the bench itself) would have that
# process's resident size recorded as its own peak when it execs (Linux counts the old
# image's high-water mark), so a 10 MB command could read as 500 MB.
_SPAWNER = """
import os, sys
pid = os.fork()
if pid == 0:
    try:
        os.execvp(sys.argv[2], sys.argv[2:])
    except OSError as e:
        os.write(2, f"cannot run {sys.argv[2]}: {e}\\n".encode())
        os._exit(127)
_, status, usage = os.wait4(pid, 0)
with open(sys.argv[1], "w") as fh:
    fh.write(str(usage.ru_maxrss))
sys.exit(os.waitstatus_to_exitcode(status) & 0xFF)
"""


def measure(argv: list[str], *, input: str | bytes | None = None, env: dict | None = None,
            cwd: str | Path | None = None, timeout: float = 3600) -> Run:
    """Run ``argv``; wall seconds and the child's own peak RSS in MB."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err, tempfile.TemporaryFile() as inp, \
            tempfile.NamedTemporaryFile("r", suffix=".rss") as rss:
        if input is not None:
            inp.write(input.encode() if isinstance(input, str) else input)
            inp.seek(0)
        args = [str(a) for a in argv]
        t0 = time.perf_counter()
        p = subprocess.Popen([sys.executable, "-S", "-c", _SPAWNER, rss.name, *args], stdin=inp, stdout=out,
                             stderr=err, env={**os.environ, **(env or {})}, cwd=cwd, start_new_session=True)
        timer = threading.Timer(timeout, lambda: os.killpg(p.pid, signal.SIGKILL))
        timer.start()
        try:
            p.wait()
        finally:
            timer.cancel()
        seconds = time.perf_counter() - t0
        out.seek(0)
        err.seek(0)
        try:
            peak_kb = int(rss.read() or 0)
        except ValueError:
            peak_kb = 0
        return Run(args, seconds, peak_kb / 1024.0, p.returncode,
                   out.read().decode("utf-8", "replace"), err.read().decode("utf-8", "replace"))


@dataclass
class Results:
    """Every entry of one bench run (all sizes)."""

    entries: list[dict] = field(default_factory=list)
    failures: int = 0


class Context:
    def __init__(self, size: str, seed: int, results: Results, only: list[str] | None = None,
                 repeat: int = 3, fresh: bool = False, log=print):
        self.size = size
        self.seed = seed
        self.results = results
        self.only = only or []
        self.repeat = repeat
        self.fresh = fresh
        self.log = log
        self.dir = WORK / f"{size}-{seed}"
        self.workspace = self.dir / "ws"
        self.bench_file = self.dir / "bench.ttl"
        self.python = Path(sys.executable)
        kg = self.python.parent / "kg"
        self.kg = kg if kg.exists() else Path(shutil.which("kg") or "kg")
        self.meta: dict = {}
        self.build: dict = {}          # how the workspace was made (times, cached or not)
        self.triples = 0
        self._planted = None

    # ------------------------------------------------------------------ the workspace
    @property
    def planted(self) -> list[dict]:
        if self._planted is None:
            self._planted = json.loads((self.dir / "planted.json").read_text(encoding="utf-8"))
        return self._planted

    @property
    def sample_initiative(self) -> str:
        return self.meta["sample_initiative"]

    def _fresh_cache(self) -> bool:
        from bench.generate import GENERATOR_VERSION, load_reference
        try:
            built = json.loads((self.dir / "built.json").read_text(encoding="utf-8"))
            meta = json.loads((self.dir / "meta.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return False
        if built.get("generator_version") != GENERATOR_VERSION or not (self.workspace / "kg.json").exists():
            return False
        if meta.get("reference_fingerprint") != load_reference().fingerprint:
            return False
        self.meta, self.build = meta, built
        return True

    def ensure_workspace(self) -> None:
        """Generate and load the workspace, or reuse the cached one of the same generator
        version, seed, size and shipped data."""
        if not self.fresh and self._fresh_cache():
            self.triples = self.build["triples"]
            self.build["cached"] = True
            self.log(f"[{self.size}] using cached workspace {self.workspace} ({self.triples:,} triples)")
            return
        from bench.generate import GENERATOR_VERSION
        shutil.rmtree(self.dir, ignore_errors=True)
        self.dir.mkdir(parents=True)
        self.log(f"[{self.size}] generating (seed {self.seed}) …")
        gen = self.measure_generate(self.dir)
        self.meta = json.loads((self.dir / "meta.json").read_text(encoding="utf-8"))
        self.log(f"[{self.size}] {self.meta['initiatives']:,} initiatives, {self.meta['bench_triples']:,} triples "
                 f"in {gen.seconds:.1f} s; loading the workspace …")
        ini = self.measure_init(self.bench_file, self.workspace)
        summary = json.loads(ini.stdout)
        self.triples = summary["triples"]
        self.build = {"generator_version": GENERATOR_VERSION, "triples": self.triples, "cached": False,
                      "generate": [gen.seconds, gen.peak_mb], "init": [ini.seconds, ini.peak_mb],
                      "built": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())}
        (self.dir / "built.json").write_text(json.dumps(self.build, indent=1), encoding="utf-8")
        self.log(f"[{self.size}] workspace ready: {self.triples:,} triples, init {ini.seconds:.1f} s")

    def measure_generate(self, out_dir: Path) -> Run:
        r = measure([self.python, "-m", "bench.generate", "--size", self.size, "--seed", str(self.seed),
                     "-o", out_dir], cwd=ROOT)
        if r.returncode:
            raise RuntimeError(f"generating the {self.size} workspace failed:\n{r.stderr[-3000:]}")
        return r

    def measure_init(self, ttl: Path, ws: Path, env: dict | None = None) -> Run:
        r = measure([self.python, "-m", "bench.loadws", ttl, ws], cwd=ROOT, env=env)
        if r.returncode:
            raise RuntimeError(f"loading the {self.size} workspace failed:\n{r.stderr[-3000:]}")
        return r

    def scratch(self, name: str) -> Path:
        """An empty folder for a step's own files (removed and re-made each call)."""
        p = self.dir / "scratch" / name
        shutil.rmtree(p, ignore_errors=True)
        p.mkdir(parents=True)
        return p

    def copy_workspace(self, name: str) -> Path:
        """A private writable copy of the workspace (for steps that import or remove)."""
        p = self.dir / "scratch" / name
        shutil.rmtree(p, ignore_errors=True)
        p.parent.mkdir(parents=True, exist_ok=True)
        shutil.copytree(self.workspace, p, ignore=shutil.ignore_patterns(".lock"))
        return p

    # ------------------------------------------------------------------ measuring
    def wants(self, step: str) -> bool:
        """Whether --only lets ``step`` (or a step starting with it) run."""
        if not self.only:
            return True
        return any(step.startswith(o) or o.startswith(step) for o in self.only)

    def selected(self, step: str) -> bool:
        """Whether ``step`` itself is recorded under --only (it starts with a prefix)."""
        return not self.only or any(step.startswith(o) for o in self.only)

    def measure(self, argv: list, **kw) -> Run:
        """Run and time a command without recording it (for references)."""
        return measure([str(a) for a in argv], cwd=kw.pop("cwd", ROOT), **kw)

    def run(self, step: str, argv: list, *, reference=None, ok_codes=(0,), repeat: int = 1,
            note: str = "", **kw) -> Run | None:
        """Time ``argv`` (median of ``repeat`` runs, peak memory the largest) and record it
        as ``step``. ``reference``: None, (name, seconds), (name, Run), (name, argv) or
        (name, a function called after the runs that returns one of those)."""
        if not self.selected(step):
            return None
        runs = []
        for _ in range(max(1, repeat)):
            r = self.measure(argv, **kw)
            if r.returncode not in ok_codes:
                msg = (r.stderr.strip() or r.stdout.strip())[-800:]
                self.fail(step, f"exit {r.returncode}: {msg}")
                raise StepFailed(f"{step}: exit {r.returncode}")
            runs.append(r)
        seconds = statistics.median(x.seconds for x in runs)
        peak = max(x.peak_mb for x in runs)
        ref_name, ref_seconds = self._reference(reference)
        e = self.record(step, seconds, peak, ref_name, ref_seconds, note=note)
        if len(runs) > 1 and e:
            # the fastest run: closest to what an idle machine shows when others share it
            e["runs"] = len(runs)
            e["min_seconds"] = round(min(x.seconds for x in runs), 3)
        best = min(runs, key=lambda x: abs(x.seconds - seconds))
        return best

    def run_kg(self, step: str, args: list, *, reference=None, ok_codes=(0,), repeat: int = 1,
               data: Path | None = None, **kw) -> Run | None:
        """Time ``kg --data <workspace> args…`` as ``step``."""
        argv = [self.kg, "--data", data or self.workspace] + [str(a) for a in args]
        return self.run(step, argv, reference=reference, ok_codes=ok_codes, repeat=repeat, **kw)

    def _reference(self, reference):
        if reference is None:
            return None, None
        name, what = reference
        if callable(what):  # worked out once the step has run (e.g. from the file it wrote)
            what = what()
        if isinstance(what, Run):
            return name, what.seconds
        if isinstance(what, (int, float)) or what is None:
            return name, what
        r = self.measure(list(what))
        if r.returncode:
            self.log(f"  reference {name} failed (exit {r.returncode}): {r.stderr.strip()[-300:]}")
            return name, None
        return name, r.seconds

    def record(self, step: str, seconds: float | None, peak_mb: float | None, reference: str | None = None,
               reference_seconds: float | None = None, *, note: str = "", size: str | None = None,
               triples: int | None = None) -> dict:
        """Add one result row. ``size``/``triples`` default to this workspace's."""
        if not self.selected(step):
            return {}
        # the ratio of the figures as written (rounded), so the JSON is consistent
        seconds = None if seconds is None else round(seconds, 3)
        reference_seconds = None if reference_seconds is None else round(reference_seconds, 3)
        ratio = round(reference_seconds / seconds, 2) if reference_seconds and seconds else None
        e = {"step": step, "size": size or self.size, "triples": self.triples if triples is None else triples,
             "seconds": None if seconds is None else round(seconds, 3),
             "peak_mb": None if peak_mb is None else round(peak_mb, 1),
             "reference": reference, "reference_seconds": None if reference_seconds is None else round(reference_seconds, 3),
             "ratio": ratio}
        if note:
            e["note"] = note
        self.results.entries.append(e)
        self.log("  " + format_row(e))
        return e

    def fail(self, step: str, message: str) -> None:
        e = {"step": step, "size": self.size, "triples": self.triples, "seconds": None, "peak_mb": None,
             "reference": None, "reference_seconds": None, "ratio": None, "error": message}
        self.results.entries.append(e)
        self.results.failures += 1
        self.log(f"  FAILED {step} [{self.size}]: {message}")


def format_row(e: dict) -> str:
    def num(v, f):
        return "" if v is None else format(v, f)
    return (f"{e['step']:<28} {e['size']:>6} {e['triples'] or 0:>10,} {num(e['seconds'], '.3f'):>9} "
            f"{num(e.get('min_seconds'), '.3f'):>9} "
            f"{num(e['peak_mb'], '.0f'):>7} {e['reference'] or '':<16} {num(e['reference_seconds'], '.3f'):>9} "
            f"{num(e['ratio'], '.1f'):>7}" + ("  FAILED: " + e["error"][:80] if e.get("error") else "")
            + (f"  ({e['note']})" if e.get("note") else ""))


HEADER = (f"{'step':<28} {'size':>6} {'triples':>10} {'seconds':>9} {'fastest':>9} {'peak MB':>7} {'reference':<16} "
          f"{'ref s':>9} {'ratio':>7}")
