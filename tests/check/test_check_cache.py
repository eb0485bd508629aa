"""The per-source cache of what the checks read (kg.check.engine._Subset, _ChunkCache): a
check after an import reads from the store only the source the import wrote, a damaged
cache file is not used, stale files go, and the results are always those of a check
without the cache."""
from __future__ import annotations

import hashlib
import json

import pyoxigraph as ox
import pytest

from kg.check import engine as checking
from kg.store.workspace import Workspace, source_iri

PLAN = "id;tittel;status;start\n{rows}"
GOOD = "t-{i};Tiltak {i};planlagt;2026-Q1\n"   # no end date: one dates-missing
BAD = "t-{i};Tiltak {i};planlagt;\n"           # no start and no end: two
OUTSIDE = "(outside named graphs)"


@pytest.fixture
def cache(tmp_path, monkeypatch):
    folder = tmp_path / "cache"
    monkeypatch.setenv("KG_CACHE_DIR", str(folder))
    monkeypatch.delenv("KG_CHECK_CACHE", raising=False)
    return folder


@pytest.fixture
def extracted(monkeypatch):
    """The graphs each check read from the store (not from the cache). Every check runs
    the engine here: the kept result and its re-check after a change
    (kg.check.incremental, tests/check/test_incremental.py) are left out."""
    from kg.check import incremental
    monkeypatch.setattr(incremental, "check", lambda *a, **k: None)
    seen: list[list[str]] = []
    real = checking._Subset.__init__

    def spy(self, *a, **k):
        real(self, *a, **k)
        seen.append(sorted(self.extracted))
    monkeypatch.setattr(checking._Subset, "__init__", spy)
    return seen


def _keys(ws_path, monkeypatch=None, cache_on=True, codes=()):
    if monkeypatch is not None:
        monkeypatch.setenv("KG_CHECK_CACHE", "1" if cache_on else "0")
    with Workspace.open(ws_path) as ws:
        rep = checking.check(ws, codes=codes)
    if monkeypatch is not None:
        monkeypatch.setenv("KG_CHECK_CACHE", "1")
    return sorted((r.code, r.severity, r.focus, r.path, r.value, r.graph, r.row) for r in rep.results)


def _dates_missing(keys) -> int:
    return sum(1 for k in keys if k[0] == "dates-missing" and k[5] == "plan")


def _csv(path, bad: int, good: int = 3):
    path.write_text(PLAN.format(rows="".join(BAD.format(i=i) for i in range(bad))
                                + "".join(GOOD.format(i=100 + i) for i in range(good))), encoding="utf-8")
    return path


def _files_of(cache, source: str) -> list[str]:
    """The cache files of one source (their names start with a digest of its IRI)."""
    g = hashlib.sha256(source_iri(source).encode()).hexdigest()[:16]
    return sorted(f.name for f in cache.glob("check-*/*.nt") if f.name.startswith(g + "-"))


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
    assert len(_files_of(cache, "plan")) == 1
    # a re-import that changes the source: read again, and the answer follows it
    assert cli_run(["--data", ws, "import", _csv(tmp_path / "plan.csv", bad=5), "--source", "plan"]).exit_code == 0
    again = _keys(ws)
    assert extracted[-1] == [source_iri("catalog"), source_iri("plan")]
    assert _dates_missing(again) == 5 * 2 + 3
    assert again == _keys(ws, monkeypatch, cache_on=False)
    assert len(_files_of(cache, "plan")) == 1                # the old version's file is gone


def test_a_damaged_cache_file_is_not_used(make_ws, cache, extracted):
    ws = make_ws("kgid:x a kg:Initiative ; skos:prefLabel \"X\"@nb ; kg:dependsOn kgid:borte .")
    first = _keys(ws)
    assert any(k[0] == "dependency-dangling" for k in first)
    files = sorted(cache.glob("check-*/*.nt"), key=lambda f: f.stat().st_size)
    assert len(files) >= 4, "the check wrote no cache"
    big, bigger, biggest = files[-3:]
    # cut one short, change a byte in another, empty a third: all read from the store again
    biggest.write_bytes(biggest.read_bytes()[: biggest.stat().st_size // 2])
    body = bytearray(bigger.read_bytes())
    body[len(body) // 2] ^= 0x01
    bigger.write_bytes(bytes(body))
    big.write_bytes(b"")
    assert _keys(ws) == first
    assert len(extracted[-1]) == 4      # the three damaged ones and the catalog
    assert _keys(ws) == first and extracted[-1] == [source_iri("catalog")]   # and written again


def test_a_chunk_with_a_wrong_checksum_changes_nothing(make_ws, cache, extracted):
    """A file whose body was replaced (its header names another content) is not used,
    even when the new body is well-formed N-Triples."""
    ws = make_ws("kgid:x a kg:Initiative ; skos:prefLabel \"X\"@nb .")
    first = _keys(ws)
    (f,) = _files_of(cache, "test")
    path = next(cache.glob(f"check-*/{f}"))
    head = path.read_bytes().partition(b"\n")[0]
    path.write_bytes(head + b"\n")        # the checked triples of source "test" gone
    assert _keys(ws) == first
    assert source_iri("test") in extracted[-1]


def test_removing_a_source_and_importing_it_again(make_ws, cli_run, cache, extracted, tmp_path, monkeypatch):
    ws = make_ws("kgid:x a kg:Initiative ; skos:prefLabel \"X\"@nb .")
    assert cli_run(["--data", ws, "import", _csv(tmp_path / "plan.csv", bad=3), "--source", "plan"]).exit_code == 0
    with_plan = _keys(ws)
    assert _dates_missing(with_plan) == 3 * 2 + 3 and _files_of(cache, "plan")
    assert cli_run(["--data", ws, "remove", "plan"]).exit_code == 0
    assert _dates_missing(_keys(ws)) == 0
    assert _files_of(cache, "plan") == []                    # a removed source's file goes
    # the same name, other content: read from the store, not an old chunk
    assert cli_run(["--data", ws, "import", _csv(tmp_path / "plan2.csv", bad=1, good=1),
                    "--source", "plan"]).exit_code == 0
    other = _keys(ws)
    assert source_iri("plan") in extracted[-1]
    assert _dates_missing(other) == 1 * 2 + 1
    assert other == _keys(ws, monkeypatch, cache_on=False)
    # removed and imported again from the first file: the results of the first import
    assert cli_run(["--data", ws, "remove", "plan"]).exit_code == 0
    assert cli_run(["--data", ws, "import", tmp_path / "plan.csv", "--source", "plan"]).exit_code == 0
    assert _keys(ws) == with_plan == _keys(ws, monkeypatch, cache_on=False)


def test_other_predicate_sets_are_kept_beside(make_ws, cli_run, cache, extracted, tmp_path):
    """`kg check --code …` reads fewer predicates: its chunks sit beside the full ones,
    and both go when the source changes."""
    ws = make_ws("kgid:x a kg:Initiative ; skos:prefLabel \"X\"@nb .")
    assert cli_run(["--data", ws, "import", _csv(tmp_path / "plan.csv", bad=2), "--source", "plan"]).exit_code == 0
    full = _keys(ws)
    some = _keys(ws, codes=["dates-missing", "owner-missing"])
    assert len(_files_of(cache, "plan")) == 2
    assert _keys(ws) == full and extracted[-1] == [source_iri("catalog")]
    assert _keys(ws, codes=["dates-missing", "owner-missing"]) == some and extracted[-1] == [source_iri("catalog")]
    assert cli_run(["--data", ws, "import", _csv(tmp_path / "plan.csv", bad=4), "--source", "plan"]).exit_code == 0
    assert _dates_missing(_keys(ws)) == 4 * 2 + 3
    assert len(_files_of(cache, "plan")) == 1


def test_graphs_outside_the_catalog_are_always_read(make_ws, cache, extracted, monkeypatch):
    """Triples that a direct store write put in a graph without a catalog entry, or in
    the store's default graph, are checked like the rest and never come from the cache."""
    ws = make_ws("kgid:x a kg:Initiative ; skos:prefLabel \"X\"@nb .")
    stray = "urn:x-test:stray"
    with Workspace.open(ws, write=True) as w:
        for name, graph in (("stray", ox.NamedNode(stray)), ("loose", ox.DefaultGraph())):
            w.store.add(ox.Quad(ox.NamedNode(f"https://w3id.org/kommune-ki/id/{name}"),
                                ox.NamedNode(checking.RDF_TYPE),
                                ox.NamedNode("https://w3id.org/kommune-ki/ont#Initiative"), graph))
    first = _keys(ws)
    focus = {k[2] for k in first}
    assert {"https://w3id.org/kommune-ki/id/stray", "https://w3id.org/kommune-ki/id/loose"} <= focus
    assert _keys(ws) == first == _keys(ws, monkeypatch, cache_on=False)
    assert extracted[-2] == sorted([source_iri("catalog"), stray, OUTSIDE])


def test_an_unwritable_cache_folder_is_no_cache(make_ws, tmp_path, monkeypatch, extracted):
    ws = make_ws("kgid:x a kg:Initiative ; skos:prefLabel \"X\"@nb .")
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("KG_CACHE_DIR", str(blocker / "kg"))
    monkeypatch.delenv("KG_CHECK_CACHE", raising=False)
    first = _keys(ws)
    assert _keys(ws) == first == _keys(ws, monkeypatch, cache_on=False)
    assert source_iri("test") in extracted[-3] and source_iri("test") in extracted[-2]


def test_check_cache_off_writes_nothing(make_ws, cli_run, cache, monkeypatch):
    ws = make_ws("kgid:x a kg:Initiative .")
    monkeypatch.setenv("KG_CHECK_CACHE", "0")
    r = cli_run(["--data", ws, "check", "--format", "json"])
    assert r.exit_code in (0, 1) and json.loads(r.stdout)["results"] is not None
    assert not list(cache.glob("check-*/*.nt"))
