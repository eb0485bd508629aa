"""The steps kg keeps of its own writes (kg.store.delta) and the incremental check that
reads them instead of the changed source (kg.check.incremental): after each random edit
of a source that holds many more triples than the edit changes, the check that starts
from the kept result must equal a check of everything without any cache, result for
result; and where a step cannot be trusted (a write around kg, a damaged or missing
step) the source is read instead, with the same result.

More seeds: ``KG_CHECK_DIFF_SEEDS=40``."""
from __future__ import annotations

import os
import random
import shutil

import pyoxigraph as ox
import pytest

from kg.check import engine as checking
from kg.check import incremental
from kg.store import delta
from kg.store.workspace import CATALOG, Workspace, source_iri

from tests.check.helpers import HEADER
from tests.check.test_incremental import _check, _random_source

SEEDS = int(os.environ.get("KG_CHECK_DIFF_SEEDS", "4"))
KG = "https://w3id.org/kommune-ki/ont#"
BIG = "big"
_OWNERLESS = 'kgid:{x} a kg:Initiative ; skos:prefLabel "{x}"@nb .'


@pytest.fixture(autouse=True)
def analyse_at_once(monkeypatch):
    monkeypatch.setattr(incremental, "ANALYSE_AFTER", -1.0)


def _big(rnd: random.Random, n: int = 40) -> dict[str, str]:
    """The big source as initiative -> its Turtle: owners, statuses, periods, dependencies."""
    out = {}
    for i in range(n):
        x = f"b-{i}"
        facts = [f"kgid:{x} a kg:Initiative", f'skos:prefLabel "{x}"@nb']
        if rnd.random() < 0.7:
            facts.append(f"kg:owner kgid:{rnd.choice(['kommune-0301', 'ks', 'kommune-9998'])}")
        if rnd.random() < 0.6:
            facts.append("kg:status kgid:status-planlagt")
        if rnd.random() < 0.3:
            facts.append(f"kg:dependsOn kgid:b-{rnd.randrange(n)}")
        if rnd.random() < 0.2:
            facts.append("kg:addresses kgid:utfordring-1")
        ttl = " ; ".join(facts) + " ."
        if rnd.random() < 0.5:
            y = rnd.randint(2025, 2028)
            ttl += (f' kgid:{x} kg:period kgid:{x}-per . kgid:{x}-per time:hasBeginning kgid:{x}-s . '
                    f'kgid:{x}-s kg:earliest "{y}-01-01"^^xsd:date ; kg:latest "{y}-06-30"^^xsd:date .')
        out[x] = ttl
    return out


def _edit(rnd: random.Random, big: dict[str, str]) -> None:
    """A few of the big source's initiatives changed, removed or added (a re-import of an
    edited sheet)."""
    keys = sorted(big)
    for x in rnd.sample(keys, k=min(len(keys), rnd.randint(1, 4))):
        kind = rnd.random()
        if kind < 0.25:
            del big[x]
        elif kind < 0.6:
            big[x] = big[x].replace("kg:status kgid:status-planlagt", "kg:status kgid:status-pagaende") \
                if "status-planlagt" in big[x] else big[x].replace(" .", " ; kg:status kgid:status-planlagt .", 1)
        else:
            big[x] = big[x].replace(" .", f" ; kg:owner kgid:{rnd.choice(['org-x', 'kommune-0301'])} .", 1)
    if rnd.random() < 0.4:
        x = f"b-new-{rnd.randrange(1000)}"
        big[x] = f'kgid:{x} a kg:Initiative ; skos:prefLabel "{x}"@nb ; kg:dependsOn kgid:{rnd.choice(keys)} .'


def _write(ws_path, name: str, ttl: str) -> None:
    with Workspace.open(ws_path, write=True) as ws:
        ws.replace_source(name, list(ox.parse((HEADER + ttl).encode("utf-8"), format=ox.RdfFormat.TURTLE)),
                          meta={"kind": "import"})


def _full(monkeypatch, ws_path) -> list[dict]:
    monkeypatch.setenv("KG_CHECK_CACHE", "0")
    try:
        return _check(ws_path)
    finally:
        monkeypatch.delenv("KG_CHECK_CACHE", raising=False)


@pytest.fixture(scope="module")
def base(tmp_path_factory):
    path = tmp_path_factory.mktemp("incdelta") / "ws"
    Workspace.create(path, baseline=False)
    return path


@pytest.fixture
def ws_path(base, tmp_path, monkeypatch):
    path = tmp_path / "ws"
    shutil.copytree(base, path)
    monkeypatch.setenv("KG_CACHE_DIR", str(tmp_path / "cache"))
    return path


@pytest.mark.parametrize("seed", range(SEEDS))
def test_checks_from_kept_steps_equal_full_over_random_edits(seed, ws_path, monkeypatch):
    rnd = random.Random(seed)
    big = _big(rnd)
    _write(ws_path, BIG, "\n".join(big.values()))
    _write(ws_path, "small", _random_source(rnd, "small", [f"b-{i}" for i in range(8)], [f"sys-{i}" for i in range(4)]))
    _check(ws_path)   # the first: a full check, kept
    stepped = 0
    for step in range(8):
        _edit(rnd, big)
        _write(ws_path, BIG, "\n".join(big.values()))
        if rnd.random() < 0.3:   # two writes between checks: the steps are joined
            _edit(rnd, big)
            _write(ws_path, BIG, "\n".join(big.values()))
        if rnd.random() < 0.3:
            _write(ws_path, "small", _random_source(rnd, "small", [f"b-{i}" for i in range(8)], [f"sys-{i}" for i in range(4)]))
        got = _check(ws_path)
        way = dict(incremental.last)
        stepped += source_iri(BIG) in way.get("stepped", ())
        assert got == _full(monkeypatch, ws_path), f"seed {seed}, step {step} ({way}): incremental != full"
    # the big source was brought up to date from the kept steps, not read again
    assert stepped >= 4, stepped


def _bypass(ws_path, digest: str | None) -> None:
    """Edit the big source in the store directly, as a tool other than kg might: b-1 gets
    an owner, and the catalog's content digest is set to ``digest`` (None: left as is)."""
    with Workspace.open(ws_path, write=True) as ws:
        ws.store.update(f"INSERT DATA {{ GRAPH <{source_iri(BIG)}> {{ <https://w3id.org/kommune-ki/id/b-1> "
                        f"<{KG}owner> <https://w3id.org/kommune-ki/id/org-x> }} }}")
        if digest is not None:
            ws.store.update(f"""DELETE {{ GRAPH <{CATALOG}> {{ <{source_iri(BIG)}> <{KG}contentDigest> ?d }} }}
                INSERT {{ GRAPH <{CATALOG}> {{ <{source_iri(BIG)}> <{KG}contentDigest> "{digest}" }} }}
                WHERE {{ GRAPH <{CATALOG}> {{ <{source_iri(BIG)}> <{KG}contentDigest> ?d }} }}""")


def _start(ws_path, seed: int, ownerless: str) -> tuple[random.Random, dict[str, str]]:
    """The big source written with ``ownerless`` an initiative without an owner, and
    checked whole (owner-missing for it, hand-worked: it has no kg:owner)."""
    rnd = random.Random(seed)
    big = _big(rnd)
    big[ownerless] = _OWNERLESS.format(x=ownerless)
    _write(ws_path, BIG, "\n".join(big.values()))
    first = _check(ws_path)
    assert any(r["code"] == "owner-missing" and r["id"] == ownerless for r in first)
    return rnd, big


@pytest.mark.parametrize("digest", ["edited", "0" * 64])
def test_a_write_around_kg_is_read_not_stepped(digest, ws_path, monkeypatch):
    rnd, big = _start(ws_path, 7, "b-1")
    _edit(rnd, big)
    big["b-1"] = _OWNERLESS.format(x="b-1")
    _write(ws_path, BIG, "\n".join(big.values()))   # a kg write: its step is kept
    _bypass(ws_path, digest)                        # then one around kg: no step leads to its digest
    got = _check(ws_path)
    assert source_iri(BIG) not in incremental.last.get("stepped", ())
    assert got == _full(monkeypatch, ws_path)
    # hand-worked: b-1 had no owner (owner-missing); the bypass gave it one, so it is gone
    assert not any(r["code"] == "owner-missing" and r["id"] == "b-1" for r in got)


def _steps(tmp_cache) -> list:
    return sorted(p for p in tmp_cache.rglob("*.nt") if p.parent.name.startswith("delta-"))


def test_a_damaged_or_missing_step_reads_the_source(ws_path, tmp_path, monkeypatch):
    rnd = random.Random(3)
    big = _big(rnd)
    _write(ws_path, BIG, "\n".join(big.values()))
    _check(ws_path)
    for spoil in ("damage", "remove"):
        _edit(rnd, big)
        _write(ws_path, BIG, "\n".join(big.values()))
        steps = _steps(tmp_path / "cache")
        assert steps, "a kg write of a source kg wrote before keeps its step"
        newest = max(steps, key=lambda p: p.stat().st_mtime_ns)
        if spoil == "damage":
            newest.write_bytes(newest.read_bytes()[:-10])   # cut short: its checksum no longer fits
        else:
            newest.unlink()
        got = _check(ws_path)
        assert source_iri(BIG) not in incremental.last.get("stepped", ()), spoil
        assert incremental.last["way"] in ("incremental", "full")
        assert got == _full(monkeypatch, ws_path), spoil


def test_a_wrong_step_would_be_caught(ws_path, tmp_path, monkeypatch):
    """The comparison above has teeth: a kept step that lies (its checksum made to fit)
    gives another result than the full check. kg never writes such a step; this shows
    that the differential test would fail if it did."""
    _, big = _start(ws_path, 5, "b-0")
    big["b-0"] = big["b-0"].replace(" .", " ; kg:owner kgid:org-x .", 1)
    _write(ws_path, BIG, "\n".join(big.values()))
    newest = max(_steps(tmp_path / "cache"), key=lambda p: p.stat().st_mtime_ns)
    import hashlib
    body = b""   # the step says nothing changed
    newest.write_bytes(delta.MAGIC + hashlib.sha256(body).hexdigest().encode() + b"\n" + body)
    # b-0 had no owner before the write and has one after: owner-missing for b-0 goes in a
    # full check, and stays in one that trusts the wrong step
    got = _check(ws_path)
    assert source_iri(BIG) in incremental.last.get("stepped", ())
    assert got != _full(monkeypatch, ws_path)


def test_between_joins_steps_and_needs_a_chain(tmp_path, monkeypatch):
    monkeypatch.setenv("KG_CACHE_DIR", str(tmp_path / "cache"))

    class W:   # a workspace folder (its kg.json is what marks one)
        path = tmp_path / "ws"
    W.path.mkdir()
    (W.path / "kg.json").write_text("{}")
    a, b, c, d = ("a" * 64, "b" * 64, "c" * 64, "d" * 64)
    g = "https://w3id.org/kommune-ki/source/x"
    x, y, z = b"<x> <p> <o> .", b"<y> <p> <o> .", b"<z> <p> <o> ."

    class View:   # an in-memory view: nothing to key its steps by, none kept
        path = tmp_path / "memory"
    assert not delta.record(View, g, a, b, {x}, [y])
    assert delta.record(W, g, a, b, {x}, [y])
    assert delta.record(W, g, b, c, {y}, [z, x])
    # a -> c: x removed then added again (no change), y added then removed, z added
    assert delta.between(W, g, a, c) == (set(), {z})
    assert delta.between(W, g, a, a) == (set(), set())
    assert delta.between(W, g, a, d) is None               # no step leads to d
    assert delta.between(W, g, c, a) is None               # steps go one way
    assert delta.between(W, g + "y", a, b) is None         # another graph's steps
    assert not delta.record(W, g, None, b, set(), [y])     # no old digest: nothing kept
    assert not delta.record(W, g, "edited", b, set(), [y])
    assert delta.record(W, g, "file-sha256:" + d, a, set(), [y])   # a source loaded from a file
    assert delta.between(W, g, "file-sha256:" + d, b) == ({x}, {y})
    assert not delta.record(W, g, a, b, set(), [b"_:b1 <p> <o> ."])   # blank nodes
