"""The bench's measuring: a child's own time and peak memory, results in SPEC.md's shape,
a failing command recorded as a failure (speed itself is measured only in bench/)."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.context import Context, Results, StepFailed, measure  # noqa: E402

KEYS = {"step", "size", "triples", "seconds", "peak_mb", "reference", "reference_seconds", "ratio"}


def test_measure_reports_the_childs_own_peak_memory():
    small = measure([sys.executable, "-c", "pass"])
    big = measure([sys.executable, "-c", "x = bytearray(200_000_000); x[::4096] = b'1' * len(x[::4096])"])
    assert small.returncode == big.returncode == 0
    assert big.peak_mb >= 190 > small.peak_mb
    assert big.seconds > 0


def test_run_records_entries_in_the_spec_shape(tmp_path):
    res = Results()
    ctx = Context("20k", 1, res, log=lambda *a: None)
    ctx.triples = 1234
    r = ctx.run("echo", [sys.executable, "-c", "print('hi')"], reference=("slow", 2.0), repeat=2)
    assert r.stdout.strip() == "hi"
    e = res.entries[0]
    assert KEYS <= set(e) and e["step"] == "echo" and e["size"] == "20k" and e["triples"] == 1234
    assert e["reference"] == "slow" and e["reference_seconds"] == 2.0
    assert e["ratio"] == round(2.0 / e["seconds"], 2)


def test_a_failing_command_is_recorded_and_raises():
    res = Results()
    ctx = Context("20k", 1, res, log=lambda *a: None)
    with pytest.raises(StepFailed):
        ctx.run("boom", [sys.executable, "-c", "import sys; sys.exit(3)"])
    assert res.failures == 1 and res.entries[0]["error"].startswith("exit 3")
    # an allowed exit code is not a failure
    ctx.run("one", [sys.executable, "-c", "import sys; sys.exit(1)"], ok_codes=(0, 1))
    assert res.failures == 1 and res.entries[-1]["step"] == "one"


def test_only_filters_what_is_recorded():
    res = Results()
    ctx = Context("20k", 1, res, only=["read-"], log=lambda *a: None)
    assert ctx.run("check", [sys.executable, "-c", "pass"]) is None
    assert ctx.run("read-x", [sys.executable, "-c", "pass"]) is not None
    assert [e["step"] for e in res.entries] == ["read-x"]
    assert ctx.wants("read") and not ctx.wants("check")


def test_a_module_says_the_sizes_it_runs_at(capsys):
    """MAX_SIZE of a step module: None runs at every size, a size runs up to it, none at
    all up to DEFAULT_MAX_SIZE; the runner prints the reason it leaves one out."""
    import types

    from bench.context import DEFAULT_MAX_SIZE, skip_reason
    every = types.SimpleNamespace(MAX_SIZE=None)
    small = types.SimpleNamespace(MAX_SIZE="1m", SIZE_REASON="too slow beyond")
    plain = types.SimpleNamespace()
    assert skip_reason(every, "10m") is None and skip_reason(small, "1m") is None
    assert skip_reason(small, "10m") == "runs up to 1m: too slow beyond"
    assert skip_reason(plain, DEFAULT_MAX_SIZE) is None and skip_reason(plain, "10m").startswith("runs up to")
    # the modules the 10M run needs run at 10M; the others say why not
    import importlib
    for name in ("core", "check", "query", "import", "neo4j"):
        assert skip_reason(importlib.import_module(f"bench.steps_{name}"), "10m") is None, name
    assert skip_reason(importlib.import_module("bench.steps_diff"), "10m")
    res = Results()
    ctx = Context("10m", 1, res, log=print)
    assert ctx.larger_than("2m") and not ctx.larger_than("10m")
    ctx.skip("query-order", "only the index build at this size")
    assert "query-order skipped at 10m: only the index build at this size" in capsys.readouterr().out
    assert res.entries == [] and res.failures == 0
