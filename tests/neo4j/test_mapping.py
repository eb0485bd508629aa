"""The RDF ↔ property-graph mapping on its own (no server): every literal kind survives
describe → undescribe, and no name outside the ontology becomes a label or type."""
from __future__ import annotations

import json

import pyoxigraph as ox

from kg.neo4j.mapping import (
    NAME_RE,
    Mapping,
    decode_property,
    describe,
    encode_literal,
    shorten,
    split_key,
    undescribe,
)

XSD = "http://www.w3.org/2001/XMLSchema#"
KG = "https://w3id.org/kommune-ki/ont#"
S = "https://w3id.org/kommune-ki/id/x"


def lit(v, dt=None, lang=None):
    if lang:
        return ox.Literal(v, language=lang)
    return ox.Literal(v, datatype=ox.NamedNode(dt)) if dt else ox.Literal(v)


def test_literals_round_trip():
    p = "http://www.w3.org/2004/02/skos/core#notation"
    cases = [lit("a"), lit("KI", lang="nb"), lit("AI", lang="en-GB"), lit("42", XSD + "integer"),
             lit("042", XSD + "integer"), lit("true", XSD + "boolean"), lit("1", XSD + "boolean"),
             lit("2026-07-01", XSD + "date"), lit("2026-07-01T00:00:00Z", XSD + "dateTime"),
             lit("1.50", XSD + "decimal"), lit("9.c", "http://metadata.un.org/sdg/ontology#SDGCode"),
             lit("x", "http://example.org/dt#weird")]
    for c in cases:
        k, v = encode_literal(p, c)
        assert decode_property(k, v) == [(p, c)], c
    assert encode_literal(p, lit("KI", lang="nb"))[0] == "skos__notation@nb"
    assert encode_literal("http://example.org/p@x", lit("v"))[0] == "<http://example.org/p@x>"
    assert split_key("<http://example.org/p@x>@nb") == ("<http://example.org/p@x>", "nb", None)
    assert shorten(KG + "dependsOn") == "kg__dependsOn"


def test_describe_undescribe_with_sources_and_foreign_types():
    m = Mapping.from_iris({KG + "Initiative"}, {KG + "dependsOn"})
    rdf_type = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
    quads = [(rdf_type, ox.NamedNode(KG + "Initiative"), "seed"),
             (rdf_type, ox.NamedNode("http://example.org/Evil%60DETACH"), "net"),
             ("http://www.w3.org/2004/02/skos/core#prefLabel", lit("Navn", lang="nb"), "seed"),
             ("http://www.w3.org/2004/02/skos/core#prefLabel", lit("Navn", lang="nb"), "net"),
             ("http://www.w3.org/2004/02/skos/core#prefLabel", lit("Name", lang="en"), "net"),
             (KG + "dependsOn", ox.NamedNode("https://w3id.org/kommune-ki/id/y"), "seed"),
             ("http://example.org/other", ox.NamedNode("https://w3id.org/kommune-ki/id/z"), "net")]
    d = describe(S, quads, m, "sig")
    assert d.labels == ["Initiative"]
    assert d.props["rdf__type"] == "http://example.org/Evil%60DETACH"
    assert d.props["sources"] == ["net", "seed"]
    assert json.loads(d.props["_provenance"])
    assert set(d.rels) == {("dependsOn", None), ("RELATED", "http://example.org/other")}
    back = undescribe(S, d.labels, d.props, m)
    want = {(p, str(o), g) for p, o, g in quads if isinstance(o, ox.Literal) or p == rdf_type}
    assert {(p.value, str(o), g) for _, p, o, g in back} == want
    # the same facts give the same hash, whatever their order
    assert describe(S, list(reversed(quads)), m, "sig").hash == d.hash


def test_names_only_from_the_ontology_and_safe():
    m = Mapping.from_iris({KG + "Initiative", "http://www.w3.org/2004/02/skos/core#Concept",
                           "http://example.org/NotOurs", KG + "Bad`Name"}, {KG + "dependsOn", KG + "x y"})
    assert set(m.labels.values()) == {"Initiative", "skos__Concept"}
    assert set(m.rel_types.values()) == {"dependsOn"}
    assert all(NAME_RE.match(n) for n in list(m.labels.values()) + list(m.rel_types.values()))
