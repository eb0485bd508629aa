"""The timeline diagram marks what the scheduling model finds at risk (the same answer as
kg query timeline / impact): the bar, its chain in the tooltip, the arrows along it."""
from __future__ import annotations

import pytest

from kg.exports.diagrams.model import RISK_COLOUR, build_timeline
from kg.store.workspace import Workspace

# a ends in the window 2026-Q2/2026-Q3 (04-01..09-30); b requires a and starts in August
# 2026 (08-01..08-31): it fits only if a ends by 08-31 — at risk, chain a → b. c requires b
# but starts 2027-Q2, long after b can end: safe.
TTL = """kgid:a a kg:Initiative ; skos:prefLabel "A"@nb , "A"@en ; kg:period kgid:a-p .
kgid:a-p time:hasBeginning [ kg:earliest "2026-01-01"^^xsd:date ; kg:latest "2026-03-31"^^xsd:date ] ;
  time:hasEnd [ kg:earliest "2026-04-01"^^xsd:date ; kg:latest "2026-09-30"^^xsd:date ] .
kgid:b a kg:Initiative ; skos:prefLabel "B"@nb , "B"@en ; kg:dependsOn kgid:a ; kg:period kgid:b-p .
kgid:b-p time:hasBeginning [ kg:earliest "2026-08-01"^^xsd:date ; kg:latest "2026-08-31"^^xsd:date ] ;
  time:hasEnd [ kg:earliest "2026-10-01"^^xsd:date ; kg:latest "2026-12-31"^^xsd:date ] .
kgid:c a kg:Initiative ; skos:prefLabel "C"@nb , "C"@en ; kg:dependsOn kgid:b ; kg:period kgid:c-p .
kgid:c-p time:hasBeginning [ kg:earliest "2027-04-01"^^xsd:date ; kg:latest "2027-06-30"^^xsd:date ] .
"""


@pytest.fixture
def ws(make_ws, tmp_path, monkeypatch):
    monkeypatch.setenv("KG_CACHE_DIR", str(tmp_path / "cache"))
    with Workspace.open(make_ws(TTL)) as w:
        yield w


def test_at_risk_bar_and_chain(ws):
    d = build_timeline(ws, "en")
    assert d.bars["b"].at_risk and d.bars["b"].risk_chain == ["A", "B"]
    assert not d.bars["a"].at_risk and not d.bars["c"].at_risk
    states = {(a.src, a.dst): a.state for a in d.arrows}
    assert states[("a", "b")] == "risk" and states[("b", "c")] == ""


def test_at_risk_drawn_in_dot_and_mermaid(ws):
    from kg.exports.diagrams.timeline import to_dot, to_mermaid
    d = build_timeline(ws, "en")
    dot = to_dot(d)
    assert RISK_COLOUR in dot and "at risk: fits only if everything before it ends at its earliest: A → B" in dot
    assert "⚠ B" in to_mermaid(d)


def test_an_end_in_9999_draws(make_ws, tmp_path, monkeypatch):
    # issue #20: a date at the end of the calendar must not overflow the drawing
    from datetime import date

    from kg.exports.diagrams.timeline import to_dot, to_mermaid
    monkeypatch.setenv("KG_CACHE_DIR", str(tmp_path / "cache"))
    ttl = TTL.replace('"2027-04-01"', '"9999-10-01"').replace('"2027-06-30"', '"9999-12-31"')
    ttl += """kgid:z a kg:Initiative ; skos:prefLabel "Z"@nb , "Z"@en ; kg:period [
      time:hasBeginning [ kg:earliest "2026-01-01"^^xsd:date ; kg:latest "2026-12-31"^^xsd:date ] ;
      time:hasEnd [ kg:earliest "9999-01-01"^^xsd:date ; kg:latest "9999-12-31"^^xsd:date ] ] ."""
    with Workspace.open(make_ws(ttl)) as w:
        for start, end in ((None, None), (date(9998, 1, 1), date(9999, 12, 31))):
            d = build_timeline(w, "en", start=start, end=end)
            assert "Z" in to_dot(d) and "Z" in to_mermaid(d)


def test_dependency_diagram_marks_the_same_at_risk_chain(ws):
    # the same case: B is at risk through A → B; the arrow A → B is on that chain, B → C not
    from kg.exports.diagrams.model import build_dependencies
    from kg.exports.diagrams.dependencies import to_dot, to_mermaid
    from kg.facade import draw
    d = build_dependencies(ws, "en")
    nodes = {n.id: n for n in d.nodes}
    assert nodes["b"].at_risk and nodes["b"].risk_chain == ["A", "B"]
    assert not nodes["a"].at_risk and not nodes["c"].at_risk
    risk = {(e.src.rsplit("/", 1)[-1], e.dst.rsplit("/", 1)[-1]): e.risk for e in d.edges if e.kind == "dependency"}
    assert risk == {("a", "b"): True, ("b", "c"): False}
    dot = to_dot(d)
    assert "At risk: fits only if everything before it ends at its earliest: A → B" in dot
    assert "At risk (no slack)" in dot and "Chain with no slack" in dot
    assert f"color={RISK_COLOUR!r}".replace("'", '"') in dot
    mmd = to_mermaid(d)
    assert "at risk: no slack" in mmd and f"stroke:{RISK_COLOUR}" in mmd
    svg = draw("dependencies", d, "svg").decode("utf-8")  # the real dot reads it
    assert "<svg" in svg and "at risk: no slack" in svg
