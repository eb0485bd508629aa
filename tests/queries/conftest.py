"""Fixtures for the dependency and timeline questions: small hand-worked graphs."""
from __future__ import annotations

import pytest

from qgraphs import CYCLE, ROADMAP


@pytest.fixture(autouse=True)
def _index_cache(tmp_path_factory, monkeypatch):
    # the roadmap index cache of these tests lives in a temporary folder
    monkeypatch.setenv("KG_CACHE_DIR", str(tmp_path_factory.getbasetemp() / "kg-index-cache"))


@pytest.fixture
def roadmap(make_ws):
    return make_ws(ROADMAP, reuse=True)


@pytest.fixture
def cyclic(make_ws):
    return make_ws(CYCLE, reuse=True)


@pytest.fixture
def q(cli_run):
    """q(ws, "deps", "a", "--format", "json") → parsed JSON of `kg --data ws query …`."""
    import json

    def _q(ws, *args, lang="en", code=0):
        r = cli_run(["--data", ws, "--lang", lang, "query", *args, "--format", "json"])
        assert r.exit_code == code, r.stdout + r.stderr
        return json.loads(r.stdout)
    return _q
