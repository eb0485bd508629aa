"""Fixtures for the importer tests (helpers that write real files: import_helpers.py)."""
from __future__ import annotations

import json

import pytest

from import_helpers import TTL


@pytest.fixture
def net_ws(make_ws):
    """A workspace with ontology, reference data and a few baseline-like nodes."""
    return make_ws(TTL, name="base", reuse=True)


@pytest.fixture
def run_import(cli_run):
    """run_import(ws, *args) → (result, parsed JSON report) with --lang en --format json."""
    def _run(ws, *args):
        res = cli_run(["--data", ws, "--lang", "en", "import", *args, "--format", "json"])
        return res, json.loads(res.stdout) if res.stdout.strip().startswith("{") else None
    return _run
