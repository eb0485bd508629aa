"""Every fuzz target runs for a short budget in CI (issue 20), so a regression in a
parser's guard shows without `make fuzz`. atheris is installed by `make test` (the
`fuzz` extra). It runs under CI=true (a few minutes on a busy machine) and skips
otherwise; `make fuzz` is the long run."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

FUZZ = Path(__file__).resolve().parents[2] / "fuzz"
SECONDS = os.environ.get("KG_FUZZ_SMOKE_SECONDS", "2")


@pytest.mark.slow
def test_every_fuzz_target_runs_briefly_without_a_crash():
    if os.environ.get("CI", "").lower() not in ("1", "true", "yes"):
        # a few minutes on a busy machine (each target instruments kg at start-up): CI only
        pytest.skip("runs under CI=true; locally run make fuzz")
    try:
        import atheris  # noqa: F401
    except ImportError:
        pytest.fail("atheris is required in CI (make test installs the fuzz extra)")
    sys.path.insert(0, str(FUZZ))
    try:
        import run as fuzz_run
    finally:
        sys.path.pop(0)
    p = subprocess.run([sys.executable, str(FUZZ / "run.py"), "--seconds", SECONDS], capture_output=True,
                       text=True, timeout=900, cwd=str(FUZZ))
    assert p.returncode == 0, p.stdout[-3000:] + p.stderr[-3000:]
    table = p.stdout.split("target", 1)[1]
    for t in fuzz_run.TARGETS:
        line = next(ln for ln in table.splitlines() if ln.startswith(t + " ") or ln.split()[:1] == [t])
        assert int(line.split()[2]) > 0, line    # it really executed inputs
