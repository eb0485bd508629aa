"""The lenses' facts built from per-source parts (kg.roadmap.lens_parts, cached beside the
roadmap index's parts) equal those read from the whole store: a case worked by hand whose
facts are spread over four sources (a subject in one source, its type or its object's
type in another), then random series of edits across sources, with a large source edited
a piece at a time so that its part is brought up to date from the kept steps."""
from __future__ import annotations

import random

import pyoxigraph as ox
import pytest

from kg.roadmap import index as rindex
from kg.roadmap.index import load_index
from kg.roadmap.lens_index import build_facts, load_facts
from kg.roadmap.lens_parts import LENS
from kg.roadmap.lenses import sustainability, vendor_landscape
from kg.store.workspace import Workspace, source_iri
from tests._support import PREFIXES_TTL
from tests.kg.test_index_parts import random_write

PREFIXES = PREFIXES_TTL + """@prefix sdgo: <http://metadata.un.org/sdg/ontology#> .
@prefix org: <http://www.w3.org/ns/org#> .
"""
ID = "https://w3id.org/kommune-ki/id/"
SDG = "http://metadata.un.org/sdg/"


def _quads(ttl: str) -> list:
    return list(ox.parse(input=(PREFIXES + ttl).encode(), format=ox.RdfFormat.TURTLE))


def _from_parts(ws) -> dict:
    """Both lenses' facts as a later command gets them: through the cache and the parts."""
    rindex._KEPT.clear()
    ws._roadmap_index = None
    out = {part: load_facts(ws, part) for part in ("vendors", "sdgs")}
    for facts in out.values():
        facts.pop("stamp", None)
    return out


def _from_store(ws) -> dict:
    """Both lenses' facts read from the whole store, nothing cached."""
    ws._roadmap_index = None
    return {part: build_facts(ws, part, use_cache=False) for part in ("vendors", "sdgs")}


def _answers(ws, use_cache: bool) -> tuple:
    rindex._KEPT.clear()
    ws._roadmap_index = None
    return vendor_landscape(ws, use_cache=use_cache), sustainability(ws, use_cache=use_cache)


@pytest.fixture
def path(tmp_path, monkeypatch):
    """A new workspace without the baseline, with a cache folder of its own."""
    monkeypatch.setenv("KG_CACHE_DIR", str(tmp_path / "cache"))
    Workspace.create(tmp_path / "ws", baseline=False)
    return tmp_path / "ws"


HAND = {
    # the initiatives and their links
    "a": """kgid:i1 a kg:Initiative ; kg:vendor kgid:v1 ; kg:owner kgid:m1 ; kg:contributesTo kgid:t1 .
            kgid:i2 a kg:Initiative ; kg:usesSystem kgid:s1 ; kg:participant kgid:n1 ; kg:contributesTo kgid:g1 .""",
    # the municipalities, the system (its vendor, location, exit plan, reuse) and a vendor's type
    "b": """kgid:m1 a kg:Municipality . kgid:m2 a kg:Municipality .
            kgid:s1 a kg:AISystem ; kg:vendor kgid:v2 ; kg:dataLocation kgid:lagring-eos ; kg:exitPlan true ;
                kg:reusedBy kgid:m2 , kgid:x .
            kgid:v1 a kg:Vendor .""",
    # the goal and target's types, a network and its member
    "c": """kgid:g1 a sdgo:Goal . kgid:t1 a sdgo:Target . kgid:n1 a kg:Network . kgid:m2 org:memberOf kgid:n1 .""",
    # the target's goal, an indicator of it with its notation and set
    "d": """kgid:t1 sdgo:isTargetOf kgid:g1 .
            kgid:x1 sdgo:isIndicatorOf kgid:t1 ; skos:notation "1.1.1" ; skos:inScheme kgid:un .""",
}


def _ours(d: dict) -> dict:
    """The entries about this test's nodes (the reference data holds the UN's goals too)."""
    return {k: v for k, v in d.items() if k.startswith(ID)}


def test_a_case_by_hand_spread_over_four_sources(path):
    """By hand (every join crosses sources):
    vendors: i1 has vendor v1 (typed in b); i2 uses s1, whose own vendor is v2 (in b), so
      both are relevant. i1's owner m1 is a municipality (b): muni_of i1 = [m1]; i2's
      participant n1 is a network, not a municipality: muni_of i2 = []. s1 is reused by m2
      (a municipality) and x (not one): reused s1 = [m2]. Location and exit plan from b.
      The landscape: v1 serves m1 through i1; v2 supplies s1 and serves m2 by its reuse:
      systems v1 0, v2 1 → HHI 10000; municipalities v1 1, v2 1 → HHI 5000.
    sustainability: t1 is a target (c) of goal g1 (d, typed in c); x1 indicates t1 (d).
      i1 contributes to t1 and reaches its owner m1; i2 contributes to g1 and reaches m2,
      member (c) of the network n1 it takes part in. Goal g1: i1, i2, m1, m2; target t1:
      i1, m1, indicator x1 (notation 1.1.1, set un).
    After source d is removed, t1 has no goal: i1's contribution no longer counts, g1 has
    i2 (and m2) only and no targets."""
    with Workspace.open(path, write=True) as ws:
        for name, ttl in HAND.items():
            ws.replace_source(name, _quads(ttl), {"kind": "test"})
    with Workspace.open(path) as ws:
        got = _from_parts(ws)
        assert got == _from_store(ws)
        v, s = got["vendors"], got["sdgs"]
        assert v["init_vendors"] == {ID + "i1": [ID + "v1"]} and v["sys_own"] == {ID + "s1": [ID + "v2"]}
        assert v["relevant"] == [ID + "i1", ID + "i2"]
        assert v["muni_of"] == {ID + "i1": [ID + "m1"], ID + "i2": []}
        assert v["reused"] == {ID + "s1": [ID + "m2"]}
        assert v["location"] == {ID + "s1": ID + "lagring-eos"} and v["exit_plan"] == {ID + "s1": True}
        assert _ours(s["target_goal"]) == {ID + "t1": ID + "g1"}
        assert _ours(s["ind_target"]) == {ID + "x1": [ID + "t1"]}
        assert _ours(s["notation"]) == {ID + "x1": "1.1.1"} and _ours(s["scheme"]) == {ID + "x1": ID + "un"}
        assert s["reach"] == {ID + "i1": [ID + "m1"], ID + "i2": [ID + "m2"]}
        vendors, sdgs = _answers(ws, use_cache=True)
        assert (vendors, sdgs) == _answers(ws, use_cache=False)
        by_id = {x["id"]: x for x in vendors["vendors"]}
        assert by_id["v1"]["municipalities"] == ["m1"] and by_id["v1"]["systems"] == []
        assert by_id["v2"]["municipalities"] == ["m2"] and by_id["v2"]["systems"] == ["s1"]
        assert vendors["concentration"]["systems"]["hhi"] == 10000.0
        assert vendors["concentration"]["municipalities"]["hhi"] == 5000.0
        goal = next(g for g in sdgs["goals"] if g["id"] == "g1")
        assert (goal["initiatives"], goal["municipalities"]) == (["i1", "i2"], ["m1", "m2"])
        target = goal["targets"][0]
        assert (target["id"], target["initiatives"], target["municipalities"]) == ("t1", ["i1"], ["m1"])
        assert [(x["id"], x["notation"], x["scheme"]) for x in target["indicators"]] == [("x1", "1.1.1", "un")]
    with Workspace.open(path, write=True) as ws:
        ws.remove_source("d")
    with Workspace.open(path) as ws:
        got = _from_parts(ws)
        assert got == _from_store(ws)
        assert _ours(got["sdgs"]["target_goal"]) == {} and got["sdgs"]["contrib"] == {ID + "i2": [ID + "g1"]}
        sdgs = _answers(ws, use_cache=True)[1]
        goal = next(g for g in sdgs["goals"] if g["id"] == "g1")
        assert (goal["initiatives"], goal["municipalities"], goal["targets"]) == (["i2"], ["m2"], [])


# ---------------------------------------------------------------- random edits
INITS = [f"kgid:i{k}" for k in range(5)]
SYSTEMS = [f"kgid:s{k}" for k in range(3)]
MUNIS = [f"kgid:m{k}" for k in range(3)]
VENDORS = [f"kgid:v{k}" for k in range(3)]
GOALS = ["sdg:1", "sdg:2"]
TARGETS = ["sdg:1.1", "sdg:1.2", "sdg:2.1"]
INDICATORS = ["sdg:1.1.1", "sdg:1.2.1", "kgid:nasjonal-1"]
NETWORKS = ["kgid:n1", "kgid:n2"]


def random_source(rnd: random.Random) -> list[str]:
    """Statements (one per line) of one source: each lens fact with its own chance, about a
    small shared set of nodes, so that sources often state the same, competing or joining
    facts (a type here, its link in another source)."""
    c = rnd.choice
    pool = [
        lambda: f"{c(INITS)} a kg:Initiative .",
        lambda: f"{c(INITS + SYSTEMS)} kg:vendor {c(VENDORS)} .",
        lambda: f"{c(VENDORS)} a kg:Vendor .",
        lambda: f"{c(SYSTEMS)} a kg:AISystem .",
        lambda: f"{c(INITS)} kg:usesSystem {c(SYSTEMS)} .",
        lambda: f"{c(SYSTEMS)} kg:reusedBy {c(MUNIS + NETWORKS)} .",
        lambda: f"{c(SYSTEMS)} kg:dataLocation kgid:{c(['lagring-eos', 'lagring-utenfor-eos'])} .",
        lambda: f"{c(SYSTEMS)} kg:exitPlan {c(['true', 'false'])} .",
        lambda: f"{c(MUNIS)} a kg:Municipality .",
        lambda: f"{c(INITS)} kg:owner {c(MUNIS + NETWORKS)} .",
        lambda: f"{c(INITS)} kg:participant {c(MUNIS + NETWORKS)} .",
        lambda: f"{c(INITS)} kg:delivers kgid:tjeneste-{rnd.randint(1, 2)} .",
        lambda: f"{c(GOALS)} a sdgo:Goal .",
        lambda: f"{c(TARGETS)} a sdgo:Target .",
        lambda: f"{c(TARGETS)} {c(['sdgo:isTargetOf', 'skos:broader'])} {c(GOALS)} .",
        lambda: f"{c(INDICATORS)} sdgo:isIndicatorOf {c(TARGETS)} .",
        lambda: f"{c(INDICATORS)} skos:inScheme kgid:{c(['un', 'ssb'])} .",
        lambda: f'{c(INDICATORS)} skos:notation "{c(["1.1.1", "01.01.01", "C1"])}" .',
        lambda: f"{c(INITS)} {c(['kg:contributesTo', 'kg:worksAgainst', 'kg:measuredBy'])} "
                f"{c(GOALS + TARGETS + INDICATORS)} .",
        lambda: f"{c(NETWORKS)} a kg:Network .",
        lambda: f"{c(MUNIS)} org:memberOf {c(NETWORKS)} .",
        lambda: f"kgid:ms{rnd.randint(1, 2)} org:member {c(MUNIS)} .",
        lambda: f"kgid:ms{rnd.randint(1, 2)} org:organization {c(NETWORKS)} .",
        lambda: f'{c(VENDORS + MUNIS)} skos:prefLabel "{c(["Alfa", "Beta"])}"@{c(["nb", "en"])} .',
    ]
    return [f() for f in rnd.choices(pool, k=rnd.randint(3, 14))]


def _lens_files(folder) -> set[str]:
    return {p.name for p in folder.glob(f"ixpart-*.{LENS}.marshal")}


@pytest.mark.parametrize("seed", range(5))
def test_random_edits_across_sources(path, seed):
    rnd = random.Random(seed)
    cache = path.parent / "cache"
    names = ["a", "b", "c"]
    held: set[str] = set()
    read_again = []
    for step in range(10):
        what = random_write(path, rnd, names, held, lambda r: "\n".join(random_source(r)), _quads)
        with Workspace.open(path) as ws:
            before = _lens_files(cache)
            got = _from_parts(ws)
            read_again.append(len(_lens_files(cache) - before))
            assert got == _from_store(ws), f"seed {seed}, step {step}: {what}"
            assert _answers(ws, True) == _answers(ws, False), f"seed {seed}, step {step}: {what}"
    # after the first reading only the source a step wrote is read again
    assert all(n <= 1 for n in read_again[1:]), read_again


@pytest.mark.parametrize("seed", range(4))
def test_a_large_source_edited_a_piece_at_a_time_is_stepped(path, seed):
    """One source far larger than an edit: each write keeps its step, and the source's lens
    facts are brought up to date from it (only the changed subjects read again)."""
    rnd = random.Random(100 + seed)
    pieces = [random_source(rnd) for _ in range(6)]
    with Workspace.open(path, write=True) as ws:
        ws.replace_source("big", _quads("\n".join(sum(pieces, []))), {"kind": "test"})
        ws.replace_source("other", _quads("\n".join(random_source(rnd))), {"kind": "test"})
    with Workspace.open(path) as ws:
        _from_parts(ws)
    stepped = 0
    for step in range(8):
        pieces[rnd.randrange(len(pieces))] = random_source(rnd)
        with Workspace.open(path, write=True) as ws:
            ws.replace_source("big", _quads("\n".join(sum(pieces, []))), {"kind": "test"})
        with Workspace.open(path) as ws:
            got = _from_parts(ws)
            parts = load_index(ws).source_parts()
            stepped += source_iri("big") in parts.stepped
            assert got == _from_store(ws), f"seed {seed}, step {step}"
    assert stepped >= 6, stepped
