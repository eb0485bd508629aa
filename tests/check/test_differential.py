"""The fast engine and pyshacl (the reference) give the same results — focus node, path,
code and severity — on generated roadmap graphs (hypothesis) with every kind of gap."""
from __future__ import annotations

from datetime import date, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.check import engine as checking
from tests.check.helpers import mem_ws

D0 = date(2025, 1, 1)


def _d(n: int) -> str:
    return f'"{(D0 + timedelta(days=30 * n)).isoformat()}"^^xsd:date'


@st.composite
def instant(draw):
    a = draw(st.integers(0, 40))
    width = draw(st.integers(0, 8))
    kind = draw(st.sampled_from(["both", "both", "earliest", "latest"]))
    parts = []
    if kind in ("both", "earliest"):
        parts.append(f"kg:earliest {_d(a)}")
    if kind in ("both", "latest"):
        parts.append(f"kg:latest {_d(a + width)}")
    return "[ " + " ; ".join(parts) + " ]"


ORGS = ["kgid:kommune-0301", "kgid:kommune-0302", "kgid:kommune-9999", "kgid:ks", "kgid:pub", "kgid:lev"]
ORG_TTL = """kgid:kommune-0301 a kg:Municipality ; kg:organisationNumber "0301" .
kgid:kommune-0302 a kg:Municipality .
kgid:ks a kg:Organisation . kgid:pub a cv:PublicOrganisation . kgid:lev a kg:Vendor .
kgid:reg a kg:Regulation ; kg:entryIntoForce [ kg:earliest %s ; kg:latest %s ] .
"""


@st.composite
def roadmap(draw):
    n = draw(st.integers(1, 6))
    m = draw(st.integers(0, 3))
    ints = [f"kgid:i{k}" for k in range(n)]
    systems = [f"kgid:s{k}" for k in range(m)]
    challenges = ["kgid:c0", "kgid:c1"]
    out = [ORG_TTL % (_d(draw(st.integers(0, 20))), _d(draw(st.integers(20, 30))))]
    out += [f"{c} a kg:Challenge ; skos:prefLabel \"u\"@nb ." for c in challenges]
    maybe = lambda p=0.5: draw(st.floats(0, 1)) < p  # noqa: E731
    for k, i in enumerate(ints):
        facts = ["a kg:Initiative"]
        if maybe():
            facts.append('skos:prefLabel "nb"@nb')
        if maybe():
            facts.append('skos:prefLabel "en"@en')
        if maybe():
            facts.append(f"kg:owner {draw(st.sampled_from(ORGS))}")
        if maybe(0.3):
            facts.append(f"kg:participant {draw(st.sampled_from(ORGS))}")
        if maybe():
            facts.append(f"kg:status kgid:{draw(st.sampled_from(['status-planlagt', 'status-pagaende', 'status-etablert']))}")
        if maybe(0.3):
            facts.append(f"kg:phase kgid:{draw(st.sampled_from(['fase-planlagt', 'fase-etablert']))}")
        if maybe():
            facts.append(f"kg:addresses {draw(st.sampled_from(challenges))}")
        if maybe():
            facts.append("kg:follows kgid:prinsipp-1")
        if maybe(0.3):
            facts.append("kg:requiresInForce kgid:reg")
        if maybe(0.8):
            ends = []
            if maybe(0.8):
                ends.append(f"time:hasBeginning {draw(instant())}")
            if maybe(0.7):
                ends.append(f"time:hasEnd {draw(instant())}")
            facts.append("kg:period [ " + " ; ".join(ends) + " ]" if ends else "kg:period [ a kg:Period ]")
        for j in range(draw(st.integers(0, 2))):
            target = draw(st.sampled_from(ints + ["kgid:borte"]))
            form = draw(st.sampled_from(["simple", "hard", "soft", "both"]))
            if form in ("simple", "both"):
                facts.append(f"kg:dependsOn {target}")
            if form in ("hard", "soft", "both"):
                strength = "kgid:styrke-myk" if form == "soft" else "kgid:styrke-hard"
                facts.append(f"kg:qualifiedDependency [ a kg:Dependency ; kg:dependencyOn {target} ; kg:strength {strength} ]")
        if systems and maybe():
            facts.append(f"kg:usesSystem {draw(st.sampled_from(systems))}")
        if maybe(0.2):
            facts.append("kg:delivers kgid:ki-i-saksbehandling")
        out.append(i + " " + " ;\n  ".join(facts) + " .")
    for s in systems:
        facts = ["a kg:AISystem"]
        for prop, values in [("kg:processesPersonalData", ["true", "false"]), ("kg:usedInDecisions", ["true", "false"]),
                             ("kg:humanOversight", ["true", "false"]), ("kg:exitPlan", ["true", "false"]),
                             ("kg:riskLevel", ["kgid:risiko-hoy", "kgid:risiko-minimal"]),
                             ("kg:dpia", ["kgid:vurdering-ja", "kgid:vurdering-nei", "kgid:vurdering-ikke-relevant"]),
                             ("kg:ros", ["kgid:vurdering-ja", "kgid:vurdering-nei"]),
                             ("kg:fria", ["kgid:vurdering-ja", "kgid:vurdering-nei"]),
                             ("kg:reuse", ["kgid:gjenbruk-ja", "kgid:gjenbruk-plan", "kgid:gjenbruk-nei"]),
                             ("kg:dataLocation", ["kgid:lagring-norge", "kgid:lagring-utenfor-eos"]),
                             ("kg:explanation", ['"se dokumentasjon"']), ("skos:prefLabel", ['"sys"@nb'])]:
            if maybe():
                facts.append(f"{prop} {draw(st.sampled_from(values))}")
        for _ in range(draw(st.integers(0, 2))):
            facts.append(f"kg:vendor kgid:v{draw(st.integers(0, 1))}")
        for _ in range(draw(st.integers(0, 2))):
            facts.append(f"kg:reusedBy {draw(st.sampled_from(ORGS[:3]))}")
        out.append(s + " " + " ;\n  ".join(facts) + " .")
    return "\n".join(out)


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(roadmap())
def test_fast_engine_matches_pyshacl(ttl):
    ws = mem_ws(ttl)
    fast = checking.check(ws)
    ref = checking.check(ws, engine="pyshacl")
    assert fast.fallback_shapes == []
    assert fast.keys() == ref.keys(), (sorted(fast.keys() - ref.keys()), sorted(ref.keys() - fast.keys()))


def test_fixtures_agree_between_engines():
    """All fixtures together in one graph: both engines, same results."""
    from tests.check.helpers import FIXTURES
    ttl = []
    for k, f in enumerate(sorted(FIXTURES.glob("*.ttl"))):
        # rename the fixture's nodes so the fixtures do not merge into each other
        ttl.append(f.read_text(encoding="utf-8").replace("kgid:", f"kgid:f{k}-")
                   .replace(f"kgid:f{k}-vurdering", "kgid:vurdering").replace(f"kgid:f{k}-risiko", "kgid:risiko")
                   .replace(f"kgid:f{k}-status", "kgid:status").replace(f"kgid:f{k}-styrke", "kgid:styrke")
                   .replace(f"kgid:f{k}-gjenbruk", "kgid:gjenbruk").replace(f"kgid:f{k}-lagring", "kgid:lagring")
                   .replace(f"kgid:f{k}-avh-", "kgid:avh-"))
    ws = mem_ws("\n".join(ttl))
    fast, ref = checking.check(ws), checking.check(ws, engine="pyshacl")
    assert len(fast.results) > 40
    assert fast.keys() == ref.keys()
