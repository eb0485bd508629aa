"""The fast engine splits its copy of the data into stores of their own for groups of
queries that share no predicate but rdf:type (kg.check.engine._Subset.plan), loaded side
by side. Split or not, a check gives the same results: on generated roadmap graphs (blank
nodes among them: the dates are ``[ kg:earliest … ]``) and on all fixtures together,
whose one-store results test_differential holds equal to pyshacl's."""
from __future__ import annotations

from hypothesis import HealthCheck, given, settings

from kg.check import engine as checking
from tests.check.helpers import FIXTURES, mem_ws
from tests.check.test_differential import roadmap

_PLAN = checking._Subset.plan


def _count_stores(monkeypatch) -> list[int]:
    """The number of stores each check from now on loads, in order."""
    plans: list[int] = []

    def spy(self, mentions, ways=2, **kw):
        out = _PLAN(self, mentions, ways, **kw)
        plans.append(len(out))
        return out
    monkeypatch.setattr(checking._Subset, "plan", spy)
    return plans


def _both(ws, monkeypatch):
    """(results with one store, results split, the number of stores the split made)."""
    plans = _count_stores(monkeypatch)
    monkeypatch.setattr(checking, "_cores", lambda: 2)
    monkeypatch.setattr(checking._Subset, "SPLIT_BYTES", 10 ** 12)
    one = checking.check(ws)
    monkeypatch.setattr(checking._Subset, "SPLIT_BYTES", 0)
    split = checking.check(ws)
    assert plans[0] == 1
    return one, split, plans[1]


def test_all_fixtures_split_or_not(monkeypatch):
    ttl = [f.read_text(encoding="utf-8").replace("kgid:", f"kgid:f{k}-").replace(f"kgid:f{k}-styrke", "kgid:styrke")
           .replace(f"kgid:f{k}-status", "kgid:status").replace(f"kgid:f{k}-vurdering", "kgid:vurdering")
           for k, f in enumerate(sorted(FIXTURES.glob("*.ttl")))]
    one, split, stores = _both(mem_ws("\n".join(ttl)), monkeypatch)
    assert stores == 2                  # the dates and dependencies apart from the rest
    assert len(one.results) > 40
    assert [r.__dict__ for r in split.results] == [r.__dict__ for r in one.results]


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(roadmap())
def test_generated_graphs_split_or_not(monkeypatch, ttl):
    one, split, _ = _both(mem_ws(ttl), monkeypatch)
    assert split.keys() == one.keys()


def _split_ws():
    return mem_ws("\n".join(f.read_text(encoding="utf-8") for f in sorted(FIXTURES.glob("dependency-order-*.ttl"))
                            + sorted(FIXTURES.glob("reuse-missing-*.ttl"))))


def test_one_core_gets_one_store(monkeypatch):
    plans = _count_stores(monkeypatch)
    monkeypatch.setattr(checking._Subset, "SPLIT_BYTES", 0)
    ws = _split_ws()
    monkeypatch.setattr(checking, "_cores", lambda: 1)
    one = checking.check(ws)
    monkeypatch.setattr(checking, "_cores", lambda: 2)
    two = checking.check(ws)
    assert plans == [1, 2]
    assert one.keys() == two.keys() and one.results


def test_the_split_does_not_follow_the_load(monkeypatch):
    """The same workspace on the same cores is split the same way, however busy the
    machine is (the choice once followed the 1-minute load average)."""
    plans = _count_stores(monkeypatch)
    monkeypatch.setattr(checking._Subset, "SPLIT_BYTES", 0)
    monkeypatch.setattr(checking, "_cores", lambda: 2)
    ws = _split_ws()
    for load in (0.0, 1.9, 7.5):
        monkeypatch.setattr(checking.os, "getloadavg", lambda load=load: (load, load, load))
        checking.check(ws)
    assert plans == [2, 2, 2]


def test_plan_cuts_each_part_out_whole():
    """The parts of the chunks (``# kg-part <p>`` then that predicate's triples) go into the
    documents of the stores whose queries mention the predicate, every line once, and a
    chunk without parts into every store."""
    p, q, t = "https://example.org/p", "https://example.org/q", checking.RDF_TYPE
    line = lambda s, pred, o: f'<https://example.org/{s}> <{pred}> "{o}" .\n'.encode()   # noqa: E731
    part = lambda pred, body: checking._PART + f"<{pred}>\n".encode() + body              # noqa: E731
    sub = object.__new__(checking._Subset)
    sub._chunks = [
        part(p, line("a", p, "1") + line("b", p, "# kg-part x")) + part(t, line("a", t, "T")) + part(q, line("c", q, "3")),
        part(q, line("d", q, "4")[:-1]),            # the last line of a chunk without its newline
        line("w", "https://example.org/w", "whole"),  # no parts: into every store
    ]
    sub._sections = None
    sub.SPLIT_BYTES = 0
    plan = sub.plan([{p}, {q}], ways=2)
    docs = {tuple(idx): {x for x in doc.split(b"\n") if x} for doc, idx in plan}
    whole, typ = line("w", "https://example.org/w", "whole").strip(), line("a", t, "T").strip()
    assert docs == {(0,): {line("a", p, "1").strip(), line("b", p, "# kg-part x").strip(), typ, whole},
                    (1,): {line("c", q, "3").strip(), line("d", q, "4").strip(), typ, whole}}


def test_type_reads_of_queries():
    """Which type triples a query can read, by class (kg.check.engine._type_reads)."""
    reads = checking._type_reads
    kg = "https://w3id.org/kommune-ki/ont#"
    assert reads("SELECT ?this WHERE { ?this a <%sInitiative> . ?this a kg:AISystem ; kg:owner ?o }" % kg) == \
        ({kg + "Initiative", kg + "AISystem"}, set())
    assert reads("SELECT ?this WHERE { ?this a ?c . VALUES ?c { kg:A <%sB> } }" % kg) == ({kg + "A", kg + "B"}, set())
    assert reads("SELECT ?this WHERE { ?o a ?ot . ?ot rdfs:subClassOf* ?pc . FILTER(?pc IN (kg:Municipality)) }") == \
        (set(), {kg + "Municipality"})
    # any other use of a type's object, a path through rdf:type, an object list: any type
    assert reads("SELECT ?this WHERE { FILTER NOT EXISTS { ?this a ?type } }") is None
    assert reads("SELECT ?this WHERE { ?this a/rdfs:subClassOf* kg:A }") is None
    assert reads("SELECT ?this WHERE { ?this ^a kg:A }") is None
    assert reads("SELECT ?this WHERE { ?this a kg:A , kg:B }") is None
    assert reads("SELECT ?this WHERE { ?this rdf:type ?t . ?t kg:p ?x }") is None
    # "a" as a variable, inside a prefixed name or an IRI is no type
    assert reads("SELECT ?a WHERE { ?a kg:a <https://example.org/a> }") == (set(), set())


def test_types_by_class_as_all_types(monkeypatch):
    """A store that gets only the type triples of the classes its queries can read gives
    what one with every type triple gives: on all fixtures together, with an owner typed by
    a subclass of a public organisation two steps down (fria-missing reads the owner's type
    through rdfs:subClassOf*) and an organisation of a class outside it."""
    ttl = "\n".join(f.read_text(encoding="utf-8") for f in sorted(FIXTURES.glob("fria-missing-*.ttl")))
    ttl += """
kgid:Etat rdfs:subClassOf kgid:Statlig . kgid:Statlig rdfs:subClassOf cv:PublicOrganisation .
kgid:s2 a kg:AISystem ; kg:riskLevel kgid:risiko-hoy .
kgid:i2 a kg:Initiative ; kg:usesSystem kgid:s2 ; kg:owner kgid:etat .
kgid:etat a kgid:Etat .
kgid:s3 a kg:AISystem ; kg:riskLevel kgid:risiko-hoy .
kgid:i3 a kg:Initiative ; kg:usesSystem kgid:s3 ; kg:owner kgid:firma .
kgid:firma a kgid:Firma .
"""
    monkeypatch.setattr(checking._Subset, "SPLIT_BYTES", 0)
    ws = mem_ws(ttl)
    by_class = checking.check(ws)
    # s2's owner is public through two subclass steps: reported; s3's is not
    assert {r.id for r in by_class.results if r.code == "fria-missing"} >= {"s2"}
    assert "s3" not in {r.id for r in by_class.results if r.code == "fria-missing"}
    monkeypatch.setattr(checking, "_type_reads", lambda q: None)
    every = checking.check(ws)
    assert [r.__dict__ for r in by_class.results] == [r.__dict__ for r in every.results]


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(roadmap())
def test_generated_graphs_types_by_class_or_all(monkeypatch, ttl):
    ws = mem_ws(ttl + "\nkgid:pub a kgid:Etat . kgid:Etat rdfs:subClassOf cv:PublicOrganisation .")
    monkeypatch.setattr(checking._Subset, "SPLIT_BYTES", 0)
    by_class = checking.check(ws)
    with monkeypatch.context() as m:
        m.setattr(checking, "_type_reads", lambda q: None)
        every = checking.check(ws)
    assert [r.__dict__ for r in by_class.results] == [r.__dict__ for r in every.results]
