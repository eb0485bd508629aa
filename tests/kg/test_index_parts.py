"""The roadmap index merged from cached per-source parts (kg.roadmap.index_parts) equals
one built fresh from the store, after every step of random series of edits: sources added,
replaced and removed, holding initiatives, periods and dates (some split over two
sources), dependencies (simple and qualified, the qualification sometimes in another
source), regulations, links, labels, parents and the same facts stated twice (ties
between sources)."""
from __future__ import annotations

import random

import pyoxigraph as ox
import pytest

from kg.roadmap import index as rindex
from kg.roadmap.index import LINKS, load_index
from kg.store.workspace import Workspace
from tests._support import PREFIXES_TTL

NODES = [f"kgid:i{k}" for k in range(6)]
DATES = ["2025-01-01", "2025-06-30", "2026-03-01", "2026-12-31", "2027-07-01"]


def _date(rnd) -> str:
    return f'"{rnd.choice(DATES)}"^^xsd:date'


def random_source(rnd: random.Random) -> str:
    """Turtle for one source: a few facts about a shared set of nodes, so that two sources
    often state the same or competing facts."""
    out = []
    for node in rnd.sample(NODES, rnd.randint(1, 4)):
        k = node[len("kgid:i"):]
        if rnd.random() < 0.8:
            out.append(f"{node} a kg:Initiative .")
        if rnd.random() < 0.5:   # an IRI period: its parts may come from another source
            out.append(f"{node} kg:period kgid:p{k}{rnd.choice('ab')} .")
        if rnd.random() < 0.3:   # a blank-node period, all in this source
            out.append(f"{node} kg:period [ time:hasBeginning [ kg:earliest {_date(rnd)} ] ; "
                       f"time:hasEnd [ kg:latest {_date(rnd)} ; kg:precision kgid:presisjon-aar ] ] .")
        for p in ("a", "b"):
            if rnd.random() < 0.3:
                out.append(f"kgid:p{k}{p} time:hasBeginning kgid:s{k}{p} ; time:hasEnd kgid:e{k}{p} .")
            for inst in (f"kgid:s{k}{p}", f"kgid:e{k}{p}"):
                if rnd.random() < 0.2:
                    out.append(f"{inst} kg:earliest {_date(rnd)} .")
                if rnd.random() < 0.2:
                    out.append(f"{inst} kg:latest {_date(rnd)} .")
                if rnd.random() < 0.1:
                    out.append(f'{inst} skos:notation "{rnd.choice(["2026-Q1", "2026"])}" ; '
                               f"kg:precision kgid:presisjon-{rnd.choice(['kvartal', 'aar'])} .")
        if rnd.random() < 0.3:
            out.append(f"{node} kg:phase kgid:{rnd.choice(['fase-etablert', 'fase-planlagt'])} .")
        if rnd.random() < 0.3:
            out.append(f"{node} kg:status kgid:{rnd.choice(['status-ide', 'status-pagaende'])} .")
        other = rnd.choice(NODES + ["kgid:ext"])
        if rnd.random() < 0.4:
            out.append(f"{node} kg:dependsOn {other} .")
        if rnd.random() < 0.4:
            q = f"kgid:q{k}{rnd.randint(0, 1)}"
            out.append(f"{node} kg:qualifiedDependency {q} .")
            if rnd.random() < 0.7:
                out.append(f"{q} kg:dependencyOn {other} .")
        if rnd.random() < 0.3:   # a qualification, maybe of another source's edge
            q = f"kgid:q{rnd.randint(0, 5)}{rnd.randint(0, 1)}"
            out.append(f"{q} kg:dependencyType kgid:{rnd.choice(['avh-krever', 'avh-muliggjor', 'avh-informerer'])} ; "
                       f"kg:strength kgid:{rnd.choice(['styrke-hard', 'styrke-myk'])} ; "
                       f"kg:dependencyOn {rnd.choice(NODES)} .")
        # links, labels, a parent: each statement with its own chance
        facts = [(0.3, f"{node} {link} kgid:{rnd.choice(['ks', 'x1', 'reg1', 'i0'])} .")
                 for link in ("kg:owner", "kg:addresses", "kg:requiresInForce", "kg:follows")]
        facts += [(0.2, f'{node} skos:prefLabel "{rnd.choice(["Ett", "To"])}"@nb .'),
                  (0.2, f'{node} rdfs:label "{rnd.choice(["Tre", "Fire"])}"@{rnd.choice(["nb", "en"])} .'),
                  (0.2, f"{node} kg:partOf {rnd.choice(NODES)} .")]
        out += [text for chance, text in facts if rnd.random() < chance]
    if rnd.random() < 0.3:
        out.append(f"kgid:reg{rnd.randint(1, 2)} a kg:Regulation ; kg:entryIntoForce kgid:ent{rnd.randint(1, 2)} .")
    if rnd.random() < 0.3:
        out.append(f"kgid:ent{rnd.randint(1, 2)} kg:earliest {_date(rnd)} ; kg:latest {_date(rnd)} .")
    return "\n".join(out)


def _quads(ttl: str) -> list:
    return list(ox.parse(input=(PREFIXES_TTL + ttl).encode(), format=ox.RdfFormat.TURTLE))


def snapshot(ix) -> dict:
    """Everything an index answers, in one comparable value (links, windows with their
    notation, records: the lazy parts too)."""
    for name in LINKS:
        ix.link_pairs(name)
    out = {k: getattr(ix, k) for k in ("iris", "n_init", "sE", "sL", "eE", "eL", "phase", "status", "dep_a",
                                       "dep_b", "dep_t", "dep_s", "dep_g", "sources", "regs")}
    out["links"] = {name: ix.link_pairs(name) for name in LINKS}
    out["when"] = [(ix.start(i), ix.end(i)) for i in range(ix.n_init)]
    out["regs_when"] = [ix.reg_entry(ix.iris[r]) for r in sorted(ix.regs)]
    out["records"] = {k: repr(v) for k, v in ix.records().items()}
    out["deps"] = [ix.dep(k) for k in range(len(ix.dep_a))]
    return out


def _part_keys(folder) -> set[str]:
    """The keys of the parts cached in ``folder`` (a part's lazy facts have files of their own)."""
    return {p.name.split("-", 2)[2].split(".")[0] for p in folder.glob("ixpart-*")}


def _fresh(ws) -> dict:
    ws._roadmap_index = None
    return snapshot(load_index(ws, use_cache=False))


def random_write(path, rnd: random.Random, names: list[str], held: set[str], make_ttl, quads=_quads) -> str:
    """One random write: a source of ``names`` that ``held`` holds is sometimes removed,
    else replaced with ``make_ttl(rnd)``; returns what was done (for a failure message)."""
    with Workspace.open(path, write=True) as ws:
        name = rnd.choice(names)
        if name in held and rnd.random() < 0.25:
            ws.remove_source(name)
            held.discard(name)
            return f"removed {name}"
        ttl = make_ttl(rnd)
        ws.replace_source(name, quads(ttl), {"kind": "test"})
        held.add(name)
        return f"replaced {name} with:\n{ttl}"


@pytest.mark.parametrize("seed", range(6))
def test_the_index_merged_from_parts_equals_a_fresh_build(tmp_path, seed, monkeypatch):
    monkeypatch.setenv("KG_CACHE_DIR", str(tmp_path / "cache"))
    rnd = random.Random(seed)
    path = tmp_path / "ws"
    Workspace.create(path, baseline=False)
    names = ["a", "b", "c", "d"]
    held: set[str] = set()
    rebuilt_parts = []
    for step in range(10):
        what = random_write(path, rnd, names, held, random_source)
        with Workspace.open(path) as ws:   # a later command: the cache, then the parts
            rindex._KEPT.clear()
            before = _part_keys(tmp_path / "cache")
            merged = snapshot(load_index(ws))
            after = _part_keys(tmp_path / "cache")
            rebuilt_parts.append(len(after - before))
            fresh = _fresh(ws)
        assert merged == fresh, f"seed {seed}, step {step}: {what}"
    # after the first build only the source a step wrote is read again (one new part,
    # none when the step removed a source); the shipped sources' parts are reused
    assert all(n <= 1 for n in rebuilt_parts[1:]), rebuilt_parts


def test_a_part_is_read_again_only_when_its_source_changes(tmp_path, monkeypatch):
    monkeypatch.setenv("KG_CACHE_DIR", str(tmp_path / "cache"))
    from kg.roadmap.index_parts import Parts
    path = tmp_path / "ws"
    Workspace.create(path, baseline=False)
    with Workspace.open(path, write=True) as ws:
        ws.replace_source("a", _quads("kgid:i1 a kg:Initiative ."), {"kind": "test"})
        ws.replace_source("b", _quads("kgid:i2 a kg:Initiative ."), {"kind": "test"})
    with Workspace.open(path) as ws:
        first = Parts(ws).keys
    with Workspace.open(path, write=True) as ws:
        ws.replace_source("b", _quads("kgid:i2 a kg:Initiative . kgid:i3 a kg:Initiative ."), {"kind": "test"})
    with Workspace.open(path) as ws:
        parts = Parts(ws)
        second = parts.keys
        assert parts.raw()["init"] == [f"https://w3id.org/kommune-ki/id/i{k}" for k in (1, 2, 3)]
    changed = {g for g in second if first.get(g) != second[g]}
    assert changed == {"https://w3id.org/kommune-ki/source/b"}
    # the stale part of b is gone from the cache, the others stay
    assert _part_keys(tmp_path / "cache") == set(second.values())


def test_a_shared_index_reads_lazily_through_this_threads_workspace(tmp_path, monkeypatch):
    """kg serve keeps one index per version for every thread. A thread's lazy read (the
    windows' notes, the links) must use the workspace that thread holds open, not the last
    one any thread passed in: the warm-up thread closes its handle when done, and a page
    that then read through it failed with a 500 ('NoneType' has no attribute 'query')."""
    import threading
    from kg.roadmap.index import load_index
    from kg.store.workspace import Workspace
    monkeypatch.setenv("KG_CACHE_DIR", str(tmp_path / "cache"))
    Workspace.create(tmp_path / "ws")
    page = Workspace.open(tmp_path / "ws")
    ix = load_index(page)
    with Workspace.open(tmp_path / "ws") as fresh:
        want = dict(load_index(fresh, use_cache=False).regulation_records())

    def warm_up():
        with Workspace.open(tmp_path / "ws") as other:   # closed when the thread ends
            assert load_index(other) is ix                 # the same kept index, rebound
    t = threading.Thread(target=warm_up)
    t.start()
    t.join()
    got = dict(ix.regulation_records())                    # lazy: reads the windows' notes
    assert {k: v.entry for k, v in got.items()} == {k: v.entry for k, v in want.items()}
    page.close()


def test_a_bound_reader_keeps_neither_the_object_nor_its_workspace_alive():
    """kg serve's worker threads live long and bind an index (or its parts) to each
    request's workspace: the binding answers while both are in use, in that thread only,
    and keeps neither alive afterwards (a workspace holds its index, so a strong map kept
    every index and workspace a thread ever bound)."""
    import gc
    import threading
    import weakref

    from kg.roadmap import index_parts

    class Held:
        """An index or a workspace: any object."""

    ix, ws, default = Held(), Held(), Held()
    ws._roadmap_index = ("stamp", ix)   # as load_index keeps it with the workspace
    index_parts.bind_reader(ix, ws)
    assert index_parts.reader(ix, default) is ws
    elsewhere = []
    t = threading.Thread(target=lambda: elsewhere.append(index_parts.reader(ix, default)))
    t.start()
    t.join()
    assert elsewhere == [default]   # another thread reads through its own (here: the default)
    other = Held()
    index_parts.bind_reader(other, ws)
    gone, key = (weakref.ref(ix), weakref.ref(ws)), id(ix)
    del ix, ws
    gc.collect()
    assert gone[0]() is None and gone[1]() is None
    # the entry went with its object; another object's binding to the dead workspace answers the default
    assert key not in index_parts._READERS.m and index_parts.reader(other, default) is default
