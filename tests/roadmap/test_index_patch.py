"""The roadmap index patched after sources were added (kg.roadmap.index_patch) equals one
built fresh from the store: every answer, the numbering too. Random series of additions
over random workspaces, some standing apart from the other sources (patched) and some
not (a label or a date on another source's node, another source's period or
qualification: built again), and one case worked out by hand."""
from __future__ import annotations

import random

import pytest

from kg.roadmap import index as rindex
from kg.roadmap import index_patch
from kg.roadmap.index import load_index
from kg.store.workspace import Workspace
from tests.kg.test_index_parts import DATES, NODES, _fresh, _quads, random_source, snapshot

KG = "https://w3id.org/kommune-ki/id/"


def added_source(rnd: random.Random, tag: str, tie: str | None) -> str:
    """Turtle for an added source: initiatives of its own (``kgid:{tag}…``, sorting before,
    between and after the others), with periods, dates, notations, phases, dependencies
    (simple and qualified) on its own and on the other sources' nodes, links to shared
    targets, labels, parents and a regulation. With ``tie``, one statement ties it to
    another source's node."""
    out = []
    for k in range(rnd.randint(1, 3)):
        node = f"kgid:{rnd.choice(['a', 'i', 'z'])}{tag}{k}"
        out.append(f"{node} a kg:Initiative .")
        if rnd.random() < 0.6:
            out.append(f"{node} kg:period kgid:p{tag}{k} . kgid:p{tag}{k} time:hasBeginning kgid:s{tag}{k} ; "
                       f"time:hasEnd kgid:e{tag}{k} .")
            out.append(f'kgid:s{tag}{k} kg:earliest "{rnd.choice(DATES)}"^^xsd:date .')
            if rnd.random() < 0.7:
                out.append(f'kgid:e{tag}{k} kg:latest "{rnd.choice(DATES)}"^^xsd:date .')
            if rnd.random() < 0.4:
                out.append(f'kgid:e{tag}{k} skos:notation "2026-Q3" ; kg:precision kgid:presisjon-kvartal .')
        elif rnd.random() < 0.3:   # a blank-node period (its subjects cannot be named)
            out.append(f'{node} kg:period [ time:hasBeginning [ kg:earliest "{rnd.choice(DATES)}"^^xsd:date ] ] .')
        if rnd.random() < 0.4:
            out.append(f"{node} kg:phase kgid:{rnd.choice(['fase-etablert', 'fase-ny'])} .")
        if rnd.random() < 0.3:
            out.append(f"{node} kg:status kgid:{rnd.choice(['status-ide', 'status-ny'])} .")
        target = rnd.choice(NODES + [f"kgid:i{tag}0", "kgid:ext", f"kgid:ny{tag}"])
        if rnd.random() < 0.5:
            out.append(f"{node} kg:dependsOn {target} .")
        if rnd.random() < 0.4:
            out.append(f"{node} kg:qualifiedDependency kgid:q{tag}{k} . kgid:q{tag}{k} kg:dependencyOn {target} ; "
                       f"kg:dependencyType kgid:{rnd.choice(['avh-krever', 'avh-informerer'])} .")
        for link in ("kg:owner", "kg:participant", "kg:addresses", "kg:delivers", "kg:contributesTo",
                     "kg:requiresInForce", "kg:follows"):
            if rnd.random() < 0.35:
                out.append(f"{node} {link} kgid:{rnd.choice(['ks', 'x1', 'reg1', 'i0', 'ny' + tag])} .")
        if rnd.random() < 0.6:
            out.append(f'{node} skos:prefLabel "{rnd.choice(["Nytt", "Annet"])} {tag}"@nb .')
        if rnd.random() < 0.4:
            out.append(f'{node} rdfs:label "New {tag}"@en .')
        if rnd.random() < 0.2:
            out.append(f"{node} kg:partOf {rnd.choice(NODES)} .")
    if rnd.random() < 0.3:
        out.append(f"kgid:reg{tag} a kg:Regulation ; kg:entryIntoForce kgid:ent{tag} . "
                   f'kgid:ent{tag} kg:earliest "2026-01-01"^^xsd:date ; rdfs:label "Forskrift {tag}"@nb .')
    if tie:   # ``tie``: another source's initiative (a subject there)
        out.append(rnd.choice([
            f'{tie} skos:prefLabel "Omdøpt {tag}"@nb .',                         # a fact about it
            f'{tie} kg:earliest "2025-01-01"^^xsd:date .',
            f"kgid:a{tag}0 a kg:Initiative ; kg:period {tie} .",                  # it as a period
            f"kgid:a{tag}0 a kg:Initiative ; kg:qualifiedDependency {tie} .",     # it as a qualification
        ]))
    return "\n".join(out)


def _add(path, name: str, ttl: str) -> None:
    with Workspace.open(path, write=True) as ws:
        ws.replace_source(name, _quads(ttl), {"kind": "test"})


def _whole(path) -> dict:
    """A later command reading the whole index (as `kg report` does) from the cache, and a
    fresh build of the same store."""
    with Workspace.open(path) as ws:
        rindex._KEPT.clear()
        got = snapshot(load_index(ws))
        return got, _fresh(ws)


@pytest.mark.parametrize("seed", range(8))
def test_an_index_patched_with_added_sources_equals_a_fresh_build(tmp_path, seed, monkeypatch):
    monkeypatch.setenv("KG_CACHE_DIR", str(tmp_path / "cache"))
    rnd = random.Random(seed)
    path = tmp_path / "ws"
    Workspace.create(path, baseline=False)
    for name in ("a", "b", "c")[:rnd.randint(1, 3)]:
        _add(path, name, random_source(rnd))
    got, fresh = _whole(path)
    assert got == fresh
    ways = []
    for step in range(6):
        inits = fresh["iris"][:fresh["n_init"]]
        tie = "kgid:" + rnd.choice(inits)[len(KG):] if inits and rnd.random() < 0.3 else None
        ttl = added_source(rnd, f"n{step}", tie)
        _add(path, f"new{step}", ttl)
        got, fresh = _whole(path)
        ways.append(index_patch.last.get("way"))
        assert got == fresh, f"seed {seed}, step {step} ({ways[-1]}):\n{ttl}"
        if tie:   # tied to another source's node: never patched
            assert ways[-1] != "patched", ttl
    assert "patched" in ways, ways   # the route this test is about was taken


def test_a_patched_index_by_hand(tmp_path, monkeypatch):
    """One source with i1; an added one with i0 (before i1 in IRI order, so every position
    moves), owned by the same ks, depending on i1, with a quarter as its end. Worked out by
    hand: i0 first, its window 2026-03-01 … 2026-09-30 noted "2026-Q3", its dependency
    requires/hard on i1 from source "ny", sources ["ny"]; i1 keeps its label, owner and
    source "gammel"."""
    monkeypatch.setenv("KG_CACHE_DIR", str(tmp_path / "cache"))
    path = tmp_path / "ws"
    Workspace.create(path, baseline=False)
    _add(path, "gammel", 'kgid:i1 a kg:Initiative ; skos:prefLabel "En"@nb ; kg:owner kgid:ks .')
    _whole(path)
    _add(path, "ny", """kgid:i0 a kg:Initiative ; skos:prefLabel "Null"@nb ; kg:owner kgid:ks ; kg:dependsOn kgid:i1 ;
        kg:period kgid:p0 . kgid:p0 time:hasBeginning kgid:s0 ; time:hasEnd kgid:e0 .
        kgid:s0 kg:earliest "2026-03-01"^^xsd:date .
        kgid:e0 kg:earliest "2026-07-01"^^xsd:date ; kg:latest "2026-09-30"^^xsd:date ; skos:notation "2026-Q3" .""")
    got, fresh = _whole(path)
    assert index_patch.last["way"] == "patched"
    assert got == fresh
    with Workspace.open(path) as ws:
        recs = load_index(ws).records()
    assert list(recs) == [KG + "i0", KG + "i1"]
    i0, i1 = recs[KG + "i0"], recs[KG + "i1"]
    assert (i0.labels, i0.owners, i0.sources) == ({"nb": "Null"}, [KG + "ks"], ["ny"])
    assert (str(i0.start.earliest), str(i0.end.latest), i0.end.notation) == ("2026-03-01", "2026-09-30", "2026-Q3")
    assert [(d.target, d.type, d.strength, d.source) for d in i0.deps] == [(KG + "i1", "requires", "hard", "ny")]
    assert (i1.labels, i1.owners, i1.sources, i1.deps) == ({"nb": "En"}, [KG + "ks"], ["gammel"], [])


def test_a_changed_source_is_built_again(tmp_path, monkeypatch):
    """Replacing a source (not adding one) takes the build from the parts, never the patch."""
    monkeypatch.setenv("KG_CACHE_DIR", str(tmp_path / "cache"))
    path = tmp_path / "ws"
    Workspace.create(path, baseline=False)
    _add(path, "a", "kgid:i1 a kg:Initiative .")
    _whole(path)
    _add(path, "a", "kgid:i2 a kg:Initiative .")
    got, fresh = _whole(path)
    assert index_patch.last["way"] == "a source changed or went"
    assert got == fresh
