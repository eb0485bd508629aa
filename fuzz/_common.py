"""Shared set-up of the atheris fuzz targets (issue 8): a scratch folder, and the rule
that a parser may refuse input only with kg's own clear error (KgError); any other
exception is a crash, which libFuzzer records and `fuzz/run.py` counts.

Run one target by hand:  .venv/bin/python fuzz/fuzz_csv.py -max_total_time=30
Every crash found becomes a regression test in tests/hostile/test_fuzz_regressions.py.
"""
from __future__ import annotations

import os
import tempfile
from pathlib import Path

SCRATCH = Path(tempfile.mkdtemp(prefix="kg-fuzz-"))


def scratch_file(name: str, data: bytes) -> Path:
    p = SCRATCH / name
    p.write_bytes(data)
    return p


def env_limits() -> None:
    """Small limits, so that one input cannot take the fuzzer's memory."""
    os.environ.setdefault("KG_MAX_BYTES", "2M")
    os.environ.setdefault("KG_MAX_ROWS", "5000")
    os.environ.setdefault("KG_MAX_UNZIPPED", "20M")
