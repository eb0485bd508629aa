"""A source's roadmap index part brought up to date from the steps kg kept of its writes
(kg.roadmap.part_steps, kg.store.delta) equals the index built fresh from the store, over
random series of edits; a write around kg (no kept step leads to its digest) reads the
source again."""
from __future__ import annotations

import random

import pytest

from kg.roadmap import index as rindex
from kg.roadmap.index import load_index
from kg.roadmap.index_parts import Parts
from kg.store.workspace import CATALOG, Workspace, source_iri
from tests.kg.test_index_parts import _fresh, _quads, random_source, snapshot


def _piece(rnd: random.Random) -> str:
    """A random source's facts without its blank-node periods (a write with blank nodes
    replaces the whole graph and keeps no step)."""
    return "\n".join(line for line in random_source(rnd).split("\n") if "[" not in line)


def _big(rnd: random.Random) -> list[str]:
    """Several random sources' facts joined: one source far larger than an edit."""
    return [_piece(rnd) for _ in range(6)]


def _load(path) -> tuple[dict, dict, list[str]]:
    with Workspace.open(path) as ws:
        rindex._KEPT.clear()
        ix = load_index(ws)
        merged = snapshot(ix)
        stepped = list(ix.source_parts().stepped) if ix.source_parts() is not None else []
        return merged, _fresh(ws), stepped


@pytest.fixture
def path(tmp_path, monkeypatch):
    """A new workspace without the baseline, with a cache folder of its own."""
    monkeypatch.setenv("KG_CACHE_DIR", str(tmp_path / "cache"))
    Workspace.create(tmp_path / "ws", baseline=False)
    return tmp_path / "ws"


@pytest.mark.parametrize("seed", range(6))
def test_a_part_from_kept_steps_equals_a_fresh_build(path, seed):
    rnd = random.Random(seed)
    chunks = _big(rnd)
    with Workspace.open(path, write=True) as ws:
        ws.replace_source("big", _quads("\n".join(chunks)), {"kind": "test"})
    _load(path)
    stepped = 0
    for step in range(8):
        k = rnd.randrange(len(chunks))
        chunks[k] = _piece(rnd)                  # one piece of the big source edited
        with Workspace.open(path, write=True) as ws:
            ws.replace_source("big", _quads("\n".join(chunks)), {"kind": "test"})
            if rnd.random() < 0.3:
                ws.replace_source("small", _quads(random_source(rnd)), {"kind": "test"})
        merged, fresh, got = _load(path)
        stepped += source_iri("big") in got
        assert merged == fresh, f"seed {seed}, step {step}"
    assert stepped >= 6, stepped   # (an edit may leave the source as it was: nothing to step)


def test_a_write_around_kg_reads_the_source(path):
    ttl = "kgid:i1 a kg:Initiative ; kg:owner kgid:ks . kgid:i2 a kg:Initiative ."
    with Workspace.open(path, write=True) as ws:
        ws.replace_source("big", _quads(ttl), {"kind": "test"})
    _load(path)
    with Workspace.open(path, write=True) as ws:
        ws.replace_source("big", _quads(ttl + " kgid:i3 a kg:Initiative ."), {"kind": "test"})   # kept step
        g = source_iri("big")
        ws.store.update(f"INSERT DATA {{ GRAPH <{g}> {{ <https://w3id.org/kommune-ki/id/i4> a "
                        f"<https://w3id.org/kommune-ki/ont#Initiative> }} }}")
        ws.store.update(f"""DELETE {{ GRAPH <{CATALOG}> {{ <{g}> <https://w3id.org/kommune-ki/ont#contentDigest> ?d }} }}
            INSERT {{ GRAPH <{CATALOG}> {{ <{g}> <https://w3id.org/kommune-ki/ont#contentDigest> "{'1' * 64}" }} }}
            WHERE {{ GRAPH <{CATALOG}> {{ <{g}> <https://w3id.org/kommune-ki/ont#contentDigest> ?d }} }}""")
    merged, fresh, got = _load(path)
    assert source_iri("big") not in got
    assert merged == fresh
    # hand-worked: i1, i2, i3 by kg, i4 around it: all four are initiatives
    assert [i.rsplit("/", 1)[1] for i in merged["iris"][:merged["n_init"]]] == ["i1", "i2", "i3", "i4"]


def test_parts_record_their_content(path):
    with Workspace.open(path, write=True) as ws:
        info = ws.replace_source("a", _quads("kgid:i1 a kg:Initiative ."), {"kind": "test"})
    with Workspace.open(path) as ws:
        parts = Parts(ws)
        part = parts.parts[info.iri]
        assert part["g"] == info.iri and len(part["d"]) == 64 and part["s"] == parts.store_id
