"""The per-source cache of what the checks read (kg.checking._Subset): a check after an
import reads from the store only the source the import wrote, a damaged cache file is
not used, and the results are always those of a check without the cache."""
from __future__ import annotations

import json

import pytest

from kg import checking
from kg.workspace import Workspace, source_iri

PLAN = "id;tittel;status;start\n{rows}"
GOOD = "t-{i};Tiltak {i};planlagt;2026-Q1\n"   # no end date: one dates-missing
BAD = "t-{i};Tiltak {i};planlagt;\n"           # no start and no end: two


@pytest.fixture
def cache(tmp_path, monkeypatch):
    folder = tmp_path / "cache"
    monkeypatch.setenv("KG_CACHE_DIR", str(folder))
    monkeypatch.delenv("KG_CHECK_CACHE", raising=False)
    return folder


@pytest.fixture
def extracted(monkeypatch):
    """The graphs each check read from the store (not from the cache)."""
    seen: list[list[str]] = []
    real = checking._Subset.__init__

    def spy(self, *a, **k):
        real(self, *a, **k)
        seen.append(sorted(self.extracted))
    monkeypatch.setattr(checking._Subset, "__init__", spy)
    return seen


def _keys(ws_path, monkeypatch=None, cache_on=True):
    if monkeypatch is not None:
        monkeypatch.setenv("KG_CHECK_CACHE", "1" if cache_on else "0")
    with Workspace.open(ws_path) as ws:
        rep = checking.check(ws)
    return sorted((r.code, r.severity, r.focus, r.path, r.value, r.graph, r.row) for r in rep.results)


def _dates_missing(keys) -> int:
    return sum(1 for k in keys if k[0] == "dates-missing" and k[5] == "plan")


def _csv(path, bad: int, good: int = 3):
    path.write_text(PLAN.format(rows="".join(BAD.format(i=i) for i in range(bad))
                                + "".join(GOOD.format(i=100 + i) for i in range(good))), encoding="utf-8")
    return path


def test_after_an_import_only_that_source_is_read_again(make_ws, cli_run, cache, extracted, tmp_path, monkeypatch):
    ws = make_ws("kgid:x a kg:Initiative ; skos:prefLabel \"X\"@nb .")
    first = _keys(ws)
    assert source_iri("ontology") in extracted[-1] and source_iri("test") in extracted[-1]
    assert _keys(ws) == first
    assert extracted[-1] == [source_iri("catalog")]          # the catalog is never cached
    assert cli_run(["--data", ws, "import", _csv(tmp_path / "plan.csv", bad=2), "--source", "plan"]).exit_code == 0
    after = _keys(ws)
    assert extracted[-1] == [source_iri("catalog"), source_iri("plan")]
    assert _dates_missing(after) == 2 * 2 + 3
    assert after == _keys(ws, monkeypatch, cache_on=False)   # the same without the cache
    # a re-import that changes the source: read again, and the answer follows it
    assert cli_run(["--data", ws, "import", _csv(tmp_path / "plan.csv", bad=5), "--source", "plan"]).exit_code == 0
    monkeypatch.setenv("KG_CHECK_CACHE", "1")
    again = _keys(ws)
    assert extracted[-1] == [source_iri("catalog"), source_iri("plan")]
    assert _dates_missing(again) == 5 * 2 + 3
    assert again == _keys(ws, monkeypatch, cache_on=False)


def test_a_damaged_cache_file_is_not_used(make_ws, cache, extracted):
    ws = make_ws("kgid:x a kg:Initiative ; skos:prefLabel \"X\"@nb ; kg:dependsOn kgid:borte .")
    assert any(k[0] == "dependency-dangling" for k in _keys(ws, None))
    first = _keys(ws)
    files = sorted(cache.glob("check-*/*.nt"))
    assert files, "the check wrote no cache"
    # cut one short and alter another: both are read from the store again
    files[0].write_bytes(files[0].read_bytes()[:-40])
    body = files[-1].read_bytes()
    files[-1].write_bytes(body.replace(b"kommune-ki", b"kommune-KI", 1))
    assert _keys(ws) == first
    assert len(extracted[-1]) == 3      # the two damaged ones and the catalog
    assert _keys(ws) == first and extracted[-1] == [source_iri("catalog")]


def test_removing_a_source_takes_its_gaps_away(make_ws, cli_run, cache, tmp_path):
    ws = make_ws("kgid:x a kg:Initiative ; skos:prefLabel \"X\"@nb .")
    assert cli_run(["--data", ws, "import", _csv(tmp_path / "plan.csv", bad=3), "--source", "plan"]).exit_code == 0
    with_plan = _keys(ws)
    assert _dates_missing(with_plan) == 3 * 2 + 3
    assert cli_run(["--data", ws, "remove", "plan"]).exit_code == 0
    assert _dates_missing(_keys(ws)) == 0
    # back again, from the same file: the cached chunk of that content may serve, and is right
    assert cli_run(["--data", ws, "import", tmp_path / "plan.csv", "--source", "plan"]).exit_code == 0
    assert _keys(ws) == with_plan


def test_check_cache_off_writes_nothing(make_ws, cli_run, cache, monkeypatch):
    ws = make_ws("kgid:x a kg:Initiative .")
    monkeypatch.setenv("KG_CHECK_CACHE", "0")
    r = cli_run(["--data", ws, "check", "--format", "json"])
    assert r.exit_code in (0, 1) and json.loads(r.stdout)["results"] is not None
    assert not list(cache.glob("check-*/*.nt"))
