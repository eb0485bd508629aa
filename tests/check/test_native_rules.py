"""The rules of kg.check.native (the dependency, dates and regulation-timing shapes run as
passes over the copied triples) give exactly what their SPARQL forms give: the same
results, value, message and order included. Each rule on small cases worked out by hand,
then on random graphs of the triples they read, odd terms among them (blank nodes,
literals where a node is expected, dates with a time zone, ill-formed dates, date-times,
several periods, a subclass of kg:Initiative)."""
from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.check import engine as checking
from kg.check import native
from tests.check.helpers import ID, mem_ws
from tests.check.test_differential import roadmap

KG = "https://w3id.org/kommune-ki/ont#"
TIME = "http://www.w3.org/2006/time#"
CODES = ["dependency-order", "dependency-undated", "dependency-dangling", "dependency-cycle",
         "dates-missing", "dates-reversed", "regulation-timing", "label-missing", "owner-missing",
         "principle-missing", "challenge-missing", "challenge-unaddressed", "explanation-missing"]


def _both(ws, monkeypatch, code: str):
    """(the results by the native rules, the results by the SPARQL forms) of ``code``."""
    by_rule = checking.check(ws, codes=[code]).results
    with monkeypatch.context() as m:
        m.setattr(native, "RULES", {})
        by_sparql = checking.check(ws, codes=[code]).results
    return by_rule, by_sparql


def _found(ws, monkeypatch, code: str, severity: str | None = None) -> set[tuple]:
    """(focus id, path, value) of the results of ``code``, after holding both forms equal."""
    by_rule, by_sparql = _both(ws, monkeypatch, code)
    assert [r.__dict__ for r in by_rule] == [r.__dict__ for r in by_sparql]
    return {(r.id, r.path.rsplit("#", 1)[-1], r.value) for r in by_rule if severity in (None, r.severity)}


def _date(d: str) -> str:
    return f'"{d}"^^xsd:date'


DEPENDENCIES = f"""
kgid:a a kg:Initiative ; kg:period [ time:hasBeginning [ kg:latest {_date("2026-01-01")} ] ] ;
  kg:dependsOn kgid:b , kgid:c , kgid:e , kgid:g ;
  kg:qualifiedDependency [ kg:dependencyOn kgid:c ; kg:strength kgid:styrke-myk ] ,
                         [ kg:dependencyOn kgid:d ; kg:strength kgid:styrke-hard ] .
kgid:b a kg:Initiative ; kg:period [ time:hasEnd [ kg:earliest {_date("2026-06-01")} ] ] .
kgid:c a kg:Initiative ; kg:period [ time:hasEnd [ kg:earliest {_date("2026-06-01")} ] ] .
kgid:d a kg:Initiative ; kg:period [ time:hasEnd [ kg:earliest {_date("2025-06-01")} ; kg:latest {_date("2026-06-01")} ] ] .
kgid:e a kg:Initiative ; kg:period [ time:hasEnd [ kg:latest {_date("2026-06-01")} ] ] .
kgid:g a kg:Initiative ; kg:period [ time:hasEnd [ kg:earliest "not a date" ; kg:latest {_date("2027-01-01")} ] ] .
"""


def test_dependency_order_by_hand(monkeypatch):
    # a starts at the latest 2026-01-01. Its hard dependencies: b (plain kg:dependsOn, no
    # qualified form), d (qualified, strength hard), e and g (plain). c is not one: the
    # qualified dependency on c is soft, and the plain kg:dependsOn c has that qualified
    # form, which decides.
    # order (a violation): b can end at the earliest 2026-06-01, after a's latest start.
    # c would be too, but the dependency is soft. d ends 2025-06-01 at the earliest: fine.
    ws = mem_ws(DEPENDENCIES)
    assert _found(ws, monkeypatch, "dependency-order", "violation") == {("a", "dependsOn", ID + "b")}
    # at risk (a warning): a's latest start is before the latest end, and the earliest end
    # is not after it or there is none: d (2026-06-01 latest, 2025-06-01 earliest) and e (no
    # earliest). Not b (no latest end), not g: its earliest end is a plain string, so
    # "?sl < ?ve" is an error and FILTER(!(BOUND(?ve) && ?sl < ?ve)) drops the row
    assert _found(ws, monkeypatch, "dependency-order", "warning") == {
        ("a", "dependsOn", ID + "d"), ("a", "dependsOn", ID + "e")}


UNDATED = """
kgid:u1 a kg:Initiative ; kg:status kgid:status-pagaende ;
  kg:dependsOn kgid:p1 , kgid:p2 , kgid:p3 , kgid:p4 , "a literal" ;
  kg:qualifiedDependency [ kg:dependencyOn kgid:p5 ; kg:strength kgid:styrke-myk ] ,
                         [ kg:dependencyOn kgid:gone ] .
kgid:u2 a kg:Initiative ; kg:status kgid:status-planlagt ; kg:dependsOn kgid:p1 .
kgid:u3 kg:status kgid:status-pagaende ; kg:dependsOn kgid:p1 , kgid:nowhere .
kgid:p1 a kg:Initiative ; kg:status kgid:status-planlagt .
kgid:p2 a kg:Initiative ; kg:phase kgid:fase-planlagt ; kg:period [ time:hasEnd [ kg:latest "2027" ] ] .
kgid:p3 kg:status kgid:status-planlagt .
kgid:p4 a kg:Initiative ; kg:status kgid:status-etablert .
kgid:p5 a kg:Initiative ; kg:status kgid:status-planlagt .
"""


def test_dependency_undated_by_hand(monkeypatch):
    # u1 is ongoing and hard-depends on p1..p4, the literal and kgid:gone (a qualified
    # dependency with no strength is hard); p5 only softly.
    # p1: a planned kg:Initiative with no date at all: reported. p2 is planned but has an
    # end date (any literal counts). p3 is not typed kg:Initiative. p4 is established.
    # u2 is planned itself; u3 is no kg:Initiative, so not a focus node
    ws = mem_ws(UNDATED)
    assert _found(ws, monkeypatch, "dependency-undated") == {("u1", "dependsOn", ID + "p1")}


def test_dependency_dangling_by_hand(monkeypatch):
    # what u1 depends on without any type, whatever the strength: p3 (it has a status but
    # no type), kgid:gone (qualified), the literal. u3's kgid:nowhere is not reported: u3 is
    # no focus node
    ws = mem_ws(UNDATED)
    assert _found(ws, monkeypatch, "dependency-dangling") == {
        ("u1", "dependsOn", ID + "p3"), ("u1", "dependsOn", ID + "gone"), ("u1", "dependsOn", "a literal")}


def test_dependency_cycle_by_hand(monkeypatch):
    # x → y (plain), y → z (qualified, soft: a cycle counts every dependency), z → x; w → x
    # hangs off the loop; s depends on itself; n (no initiative) is on a loop with m
    ws = mem_ws("""
kgid:x a kg:Initiative ; kg:dependsOn kgid:y .
kgid:y a kg:Initiative ; kg:qualifiedDependency [ kg:dependencyOn kgid:z ; kg:strength kgid:styrke-myk ] .
kgid:z a kg:Initiative ; kg:dependsOn kgid:x .
kgid:w a kg:Initiative ; kg:dependsOn kgid:x .
kgid:s a kg:Initiative ; kg:dependsOn kgid:s .
kgid:m a kg:Initiative ; kg:dependsOn kgid:n . kgid:n kg:dependsOn kgid:m .
""")
    assert _found(ws, monkeypatch, "dependency-cycle") == {
        (f, "dependsOn", None) for f in ("x", "y", "z", "s", "m")}


def test_dates_missing_by_hand(monkeypatch):
    # m1 is planned with no period: both ends reported. m2 is ongoing (by its phase) with a
    # beginning only. m3 is established: not checked. m4 is planned, its beginning has a
    # latest date (a plain literal counts), its end only a type
    ws = mem_ws(f"""
kgid:m1 a kg:Initiative ; kg:status kgid:status-planlagt .
kgid:m2 a kg:Initiative ; kg:phase kgid:fase-pagaende ; kg:period [ time:hasBeginning [ kg:earliest {_date("2026-01-01")} ] ] .
kgid:m3 a kg:Initiative ; kg:status kgid:status-etablert .
kgid:m4 a kg:Initiative ; kg:status kgid:status-planlagt ;
  kg:period [ time:hasBeginning [ kg:latest "2026" ] ; time:hasEnd [ a kg:UncertainInstant ] ] .
""")
    assert _found(ws, monkeypatch, "dates-missing") == {
        ("m1", "hasBeginning", None), ("m1", "hasEnd", None), ("m2", "hasEnd", None), ("m4", "hasEnd", None)}


def test_dates_reversed_by_hand(monkeypatch):
    # r1 can end (latest 2026-01-01) before it can begin (earliest 2026-06-01): the value is
    # the end's latest date. r2 is in order. r3's reversed dates are in two periods, which
    # the shape does not compare
    ws = mem_ws(f"""
kgid:r1 a kg:Initiative ; kg:period [ time:hasBeginning [ kg:earliest {_date("2026-06-01")} ] ;
                                      time:hasEnd [ kg:latest {_date("2026-01-01")} ] ] .
kgid:r2 a kg:Initiative ; kg:period [ time:hasBeginning [ kg:earliest {_date("2026-01-01")} ] ;
                                      time:hasEnd [ kg:latest {_date("2026-06-01")} ] ] .
kgid:r3 a kg:Initiative ; kg:period [ time:hasBeginning [ kg:earliest {_date("2026-06-01")} ] ] ,
                                    [ time:hasEnd [ kg:latest {_date("2026-01-01")} ] ] .
""")
    assert _found(ws, monkeypatch, "dates-reversed") == {("r1", "hasEnd", "2026-01-01")}


def test_regulation_timing_by_hand(monkeypatch):
    # the law enters into force 2027-01-01 at the earliest. t1 starts 2026-06-01 at the
    # latest, before that: reported, the law as the value. t2 starts after; t3 has no
    # start; t4 requires a law with no date
    ws = mem_ws(f"""
kgid:law a kg:Regulation ; kg:entryIntoForce [ kg:earliest {_date("2027-01-01")} ] .
kgid:law2 a kg:Regulation .
kgid:t1 a kg:Initiative ; kg:requiresInForce kgid:law ; kg:period [ time:hasBeginning [ kg:latest {_date("2026-06-01")} ] ] .
kgid:t2 a kg:Initiative ; kg:requiresInForce kgid:law ; kg:period [ time:hasBeginning [ kg:latest {_date("2027-06-01")} ] ] .
kgid:t3 a kg:Initiative ; kg:requiresInForce kgid:law .
kgid:t4 a kg:Initiative ; kg:requiresInForce kgid:law2 ; kg:period [ time:hasBeginning [ kg:latest {_date("2026-06-01")} ] ] .
""")
    assert _found(ws, monkeypatch, "regulation-timing") == {("t1", "requiresInForce", ID + "law")}


def test_label_missing_by_hand(monkeypatch):
    # l1 has "nb-NO" (matches nb: a tag that starts with "nb-", in any case) and "EN":
    # nothing missing. l2 has "nn" (not nb) and an untagged label: both missing. l3 has an
    # number as label (no language) and "en-GB": nb missing. The value is the language
    ws = mem_ws("""
kgid:l1 a kg:Initiative ; skos:prefLabel "a"@nb-NO , "b"@EN .
kgid:l2 a kg:Challenge ; skos:prefLabel "c"@nn , "d" .
kgid:l3 a kg:Initiative ; skos:prefLabel 12 , "e"@en-GB .
""")
    assert _found(ws, monkeypatch, "label-missing") == {
        ("l2", "prefLabel", "nb"), ("l2", "prefLabel", "en"), ("l3", "prefLabel", "nb")}


def test_min_count_property_shapes_by_hand(monkeypatch):
    # owner-missing (sh:path kg:owner): o2 has none. challenge-unaddressed (the inverse
    # path ^kg:addresses): ch2 is addressed by no initiative; ch1 is, by o1
    ws = mem_ws("""
kgid:o1 a kg:Initiative ; kg:owner kgid:ks ; kg:addresses kgid:ch1 .
kgid:o2 a kg:Initiative .
kgid:ch1 a kg:Challenge . kgid:ch2 a kg:Challenge .
""")
    assert {f for f, _, _ in _found(ws, monkeypatch, "owner-missing")} == {"o2"}
    assert _found(ws, monkeypatch, "challenge-unaddressed") == {("ch2", "addresses", None)}
    assert [r.path_text for r in checking.check(ws, codes=["challenge-unaddressed"]).results] == ["^kg:addresses"]


def test_less_is_sparql_less():
    # the plain dates by their bytes, everything else as Oxigraph compares it (None: an error)
    less = native.Less()
    d = lambda s: f'"{s}"^^<http://www.w3.org/2001/XMLSchema#date>'.encode()   # noqa: E731
    assert less(d("2026-01-01"), d("2026-01-02")) is True
    assert less(d("2026-01-02"), d("2026-01-01")) is False
    assert less(d("2026-01-01"), b'"x"') is None                      # a date and a string
    assert less(b"<https://example.org/a>", d("2026-01-01")) is None   # an IRI has no order
    assert less(b'"a"', b'"b"') is True                               # strings by their code points
    assert less(d("2026-02-30"), d("2026-03-01")) is None             # an ill-formed date


# ---------------------------------------------------------------- random graphs

NODES = [f"kgid:n{i}" for i in range(7)] + ["_:b1", "_:b2"]
OBJECTS = NODES + [
    '"2026-01-01"^^xsd:date', '"2026-06-01"^^xsd:date', '"2027-01-01"^^xsd:date', '"2026-06-01Z"^^xsd:date',
    '"2026-02-30"^^xsd:date', '"2026-03-01T00:00:00"^^xsd:dateTime', '"2026"', '"x"@nb', "12",
    "kgid:styrke-myk", "kgid:styrke-hard", "kgid:status-planlagt", "kgid:status-pagaende",
    "kgid:status-etablert", "kgid:fase-planlagt", "kgid:fase-pagaende", "kgid:fase-etablert",
    "kg:Initiative", "kgid:Sub", "kg:Regulation", "kg:Challenge", "kg:AISystem",
    '"n"@nb', '"n"@NB-no', '"e"@en-GB', '"e"@en', '"x"@nn']
PREDICATES = ["a", "kg:dependsOn", "kg:qualifiedDependency", "kg:dependencyOn", "kg:strength", "kg:period",
              "time:hasBeginning", "time:hasEnd", "kg:earliest", "kg:latest", "kg:status", "kg:phase",
              "kg:requiresInForce", "kg:entryIntoForce", "skos:prefLabel", "kg:owner", "kg:follows",
              "kg:addresses", "kg:explanation"]


@st.composite
def messy(draw):
    """Random triples of the predicates the rules read, over a few nodes and odd terms."""
    triples = draw(st.lists(st.tuples(st.sampled_from(NODES), st.sampled_from(PREDICATES),
                                       st.sampled_from(OBJECTS)), min_size=5, max_size=60))
    head = "kgid:Sub rdfs:subClassOf kg:Initiative .\n" if draw(st.booleans()) else ""
    # most nodes initiatives, so that the rules have focus nodes to report
    head += "".join(f"{n} a {draw(st.sampled_from(['kg:Initiative', 'kg:Initiative', 'kgid:Sub']))} .\n"
                    for n in NODES if draw(st.floats(0, 1)) < 0.7)
    # (a label that is no literal: kg check's naming of results reads a label's language)
    return head + "".join(f"{s} {p} {o} .\n" for s, p, o in triples if p != "skos:prefLabel" or o[0] in '"1')


DATES = [o for o in OBJECTS if o.startswith('"2026') or o.startswith('"2027')] + [
    '"2025-06-01"^^xsd:date', '"2026-09-01"^^xsd:date', '"2026-09-01"^^xsd:date']
STATES = [o for o in OBJECTS if o.startswith(("kgid:status", "kgid:fase"))] + ["kgid:n0"]
INITIATIVES = [f"kgid:i{i}" for i in range(6)]


@st.composite
def roadmaps(draw):
    """Random roadmaps of initiatives with statuses, periods and dependencies of every
    form, the dates drawn from a few, odd ones among them, and random triples beside."""
    pick = lambda xs: draw(st.sampled_from(xs))   # noqa: E731
    maybe = lambda p=0.5: draw(st.floats(0, 1)) < p   # noqa: E731
    out = ["kgid:Sub rdfs:subClassOf kg:Initiative ." if maybe() else "",
           f"kgid:law a kg:Regulation ; kg:entryIntoForce [ kg:earliest {pick(DATES)} ] ."]
    for i in INITIATIVES:
        facts = [f"a {pick(['kg:Initiative', 'kg:Initiative', 'kgid:Sub'])}"] if maybe(0.9) else []
        facts += [f"kg:{pick(['status', 'phase'])} {pick(STATES)}" for _ in range(draw(st.integers(0, 2)))]
        for _ in range(draw(st.integers(0, 2))):
            ends = [f"time:{end} [ " + " ; ".join(f"kg:{k} {pick(DATES)}" for k in ("earliest", "latest") if maybe(0.7))
                    + " ]" for end in ("hasBeginning", "hasEnd") if maybe(0.8)]
            facts.append("kg:period [ " + " ; ".join(ends) + " ]" if ends else "kg:period kgid:noperiod")
        for _ in range(draw(st.integers(0, 3))):
            target = pick(INITIATIVES + ["kgid:gone", '"a literal"', "_:b1"])
            form = pick(["plain", "qualified", "both"])
            if form != "qualified":
                facts.append(f"kg:dependsOn {target}")
            if form != "plain":
                strength = pick(["kgid:styrke-myk", "kgid:styrke-hard", None])
                facts.append(f"kg:qualifiedDependency [ kg:dependencyOn {target}"
                             + (f" ; kg:strength {strength}" if strength else "") + " ]")
        if maybe(0.3):
            facts.append("kg:requiresInForce kgid:law")
        if facts:
            out.append(f"{i} " + " ;\n  ".join(facts) + " .")
    return "\n".join(out) + "\n" + draw(messy())


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(st.one_of(messy(), roadmaps(), roadmaps()))
def test_random_graphs_every_rule_as_its_sparql(monkeypatch, ttl):
    ws = mem_ws(ttl)
    for code in CODES:
        by_rule, by_sparql = _both(ws, monkeypatch, code)
        assert [r.__dict__ for r in by_rule] == [r.__dict__ for r in by_sparql], code


@settings(max_examples=20, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(roadmap())
def test_generated_roadmaps_whole_check_as_sparql(monkeypatch, ttl):
    """The whole check (every shape) on the differential test's generated roadmaps."""
    ws = mem_ws(ttl)
    by_rule = checking.check(ws).results
    with monkeypatch.context() as m:
        m.setattr(native, "RULES", {})
        by_sparql = checking.check(ws).results
    assert [r.__dict__ for r in by_rule] == [r.__dict__ for r in by_sparql]
