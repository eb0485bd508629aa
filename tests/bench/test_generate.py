"""The bench generator: deterministic by seed, every municipality present, planted gaps
listed, and the generated Turtle is valid RDF. Small sizes only (speed is measured in
bench/, never here)."""
from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

import pyoxigraph as ox
import pytest

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench import generate as gen  # noqa: E402

BENCH = gen.BENCH
KG = gen.ONT


@pytest.fixture(scope="module")
def two_runs(tmp_path_factory):
    a = tmp_path_factory.mktemp("a")
    b = tmp_path_factory.mktemp("b")
    c = tmp_path_factory.mktemp("c")
    return (gen.generate(a, "15k", seed=7), a), (gen.generate(b, "15k", seed=7), b), (gen.generate(c, "15k", seed=8), c)


def test_same_seed_same_output(two_runs):
    (ma, a), (mb, b), (mc, c) = two_runs
    assert (a / "bench.ttl").read_bytes() == (b / "bench.ttl").read_bytes()
    assert (a / "planted.json").read_text() == (b / "planted.json").read_text()
    assert (a / "bench.ttl").read_bytes() != (c / "bench.ttl").read_bytes()


def test_turtle_parses_and_counts_match(two_runs):
    (meta, a), _, _ = two_runs
    quads = list(ox.parse(path=str(a / "bench.ttl"), format=ox.RdfFormat.TURTLE))
    assert len(quads) == meta["bench_triples"]
    assert meta["generator_version"] == gen.GENERATOR_VERSION


def test_every_municipality_has_an_initiative(two_runs):
    (meta, a), _, _ = two_runs
    store = ox.Store()
    store.bulk_load(path=str(a / "bench.ttl"), format=ox.RdfFormat.TURTLE)
    rows = store.query(f"SELECT (COUNT(DISTINCT ?m) AS ?n) WHERE {{ ?i a <{KG}Initiative> ; <{KG}owner>|<{KG}participant> ?m "
                       f"FILTER(STRSTARTS(STR(?m), '{gen.ID}kommune-')) }}")
    assert int(next(iter(rows))["n"].value) == meta["municipalities"] >= 356
    n = int(next(iter(store.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ ?i a <{KG}Initiative> }}")))["n"].value)
    assert n == meta["initiatives"]


def test_planted_gaps_cover_every_code_on_real_nodes(two_runs):
    (meta, a), _, _ = two_runs
    planted = json.loads((a / "planted.json").read_text())
    assert {p["code"] for p in planted} == set(gen.CODES)
    assert Counter(p["code"] for p in planted) == {c: n for c, n in meta["planted_by_code"].items() if n}
    store = ox.Store()
    store.bulk_load(path=str(a / "bench.ttl"), format=ox.RdfFormat.TURTLE)
    for p in planted:
        assert p["focus"].startswith(BENCH)
        kind = "AISystem" if p["code"] in gen.AI_CODES else "Initiative"
        assert ox.Quad(ox.NamedNode(p["focus"]), ox.NamedNode(gen.PREFIXES["rdf"] + "type"),
                       ox.NamedNode(KG + kind)) in store, p
    # a planted defect is really there: e.g. no owner, no en or nb label, cycle members link in a loop
    for p in planted:
        s = ox.NamedNode(p["focus"])
        if p["code"] == "owner-missing":
            assert not list(store.quads_for_pattern(s, ox.NamedNode(KG + "owner"), None))
        if p["code"] == "label-missing":
            langs = {q.object.language for q in store.quads_for_pattern(s, ox.NamedNode(gen.PREFIXES["skos"] + "prefLabel"), None)}
            assert len(langs) == 1


def test_clean_dependencies_are_ordered(two_runs):
    """Outside the planted ones, every dependent starts strictly after its prerequisite's
    latest end, so no dependency-order result (violation or at-risk) is expected."""
    (meta, a), _, _ = two_runs
    planted = {p["initiative"] for p in json.loads((a / "planted.json").read_text())}
    store = ox.Store()
    store.bulk_load(path=str(a / "bench.ttl"), format=ox.RdfFormat.TURTLE)
    q = f"""PREFIX kg: <{KG}> PREFIX time: <http://www.w3.org/2006/time#>
      SELECT ?a ?b ?se ?bl WHERE {{ ?a kg:dependsOn ?b .
        ?a kg:period/time:hasBeginning/kg:earliest ?se . ?b kg:period/time:hasEnd/kg:latest ?bl }}"""
    n = 0
    for r in store.query(q):
        if r["a"].value in planted:
            continue
        n += 1
        assert r["se"].value > r["bl"].value, (r["a"].value, r["b"].value)
    assert n > 50


def test_parse_size():
    assert gen.parse_size("100k") == 100_000
    assert gen.parse_size("1m") == 1_000_000
    assert gen.parse_size("5000") == 5000


def test_check_finds_exactly_the_planted_gaps(two_runs, tmp_path):
    """The bench's check-planted step in small: the fast engine reports every planted gap
    with its code on its node, and nothing on the clean generated nodes. A planted gap the
    shapes do not see (e.g. a 'used by one municipality' system whose initiative still has
    participants) means the generator and the shapes disagree about what a gap is."""
    from kg.check.engine import check
    from kg.store.workspace import Workspace
    (meta, a), _, _ = two_runs
    Workspace.create(tmp_path / "ws", force=True, extra=[("bench", a / "bench.ttl", {"kind": "import"})])
    with Workspace.open(tmp_path / "ws") as ws:
        report = check(ws)
    found = {(r.code, str(r.focus)) for r in report.results if str(r.focus).startswith(BENCH)}
    planted = {(p["code"], p["focus"]) for p in json.loads((a / "planted.json").read_text())}
    assert planted - found == set()
    assert found - planted == set()


def test_check_of_one_node_equals_the_full_check_on_planted_gaps(two_runs, tmp_path):
    """`kg query show` checks one node (its queries bound to the node, an absent-value
    OPTIONAL asked as NOT EXISTS): the same results as the whole check for that node, on
    every planted gap's node and a sample of clean ones."""
    from kg.check.engine import check
    from kg.store.workspace import Workspace
    (meta, a), _, _ = two_runs
    Workspace.create(tmp_path / "ws", force=True, extra=[("bench", a / "bench.ttl", {"kind": "import"})])
    planted = sorted({p["focus"] for p in json.loads((a / "planted.json").read_text())})
    with Workspace.open(tmp_path / "ws") as ws:
        full = check(ws)
        clean = sorted(r["i"].value for r in ws.select("SELECT ?i WHERE { ?i a kg:Initiative }"))[::25]
        for n in planted + clean:
            want = sorted((r.code, r.path or "", str(r.value)) for r in full.results if r.focus == n)
            got = sorted((r.code, r.path or "", str(r.value)) for r in check(ws, focus=n).results)
            assert got == want, n
