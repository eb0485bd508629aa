"""The full push reads the store subject by subject (kg.exports.neo4j_push): every subject
must get exactly the facts a plain pass over every quad gives it, from every source, once.
No server needed: this is the reading, not the writing."""
from __future__ import annotations

import pyoxigraph as ox
import pytest

from kg.exports import neo4j_push
from kg.neo4j.mapping import Mapping, describe, node_key
from kg.store.workspace import CATALOG, Workspace, source_name

NET = "https://w3id.org/kommune-ki/id/"


def _plain(ws) -> dict[str, list]:
    """subject -> sorted (predicate, object as N-Triples, source) of every quad but the catalog's."""
    out: dict[str, list] = {}
    for q in ws.store:
        g = q.graph_name
        if isinstance(g, ox.DefaultGraph) or g.value == str(CATALOG):
            continue
        out.setdefault(node_key(q.subject), []).append((q.predicate.value, str(q.object), source_name(g.value)))
    return {k: sorted(v) for k, v in out.items()}


@pytest.mark.parametrize("held", [neo4j_push.HELD_FACTS, 2000, 0])
def test_streamed_facts_equal_a_plain_pass(make_ws, monkeypatch, held):
    """All sources held (the default at this size), only the small ones held (one big
    source read subject by subject), and none held (every source big: a subject's facts
    in the other big sources come by lookup, and it is described once)."""
    # a subject with facts in two sources, and a blank node
    ttl = f"""<{NET}ki-plattform> skos:altLabel "Plattformen"@nb ; kg:dependsOn <{NET}x-ekstern> .
<{NET}x-ekstern> skos:prefLabel "Ekstern"@nb ; kg:note [ skos:prefLabel "Blank"@nb ] .
"""
    path = make_ws(ttl, baseline=True)
    monkeypatch.setattr(neo4j_push, "HELD_FACTS", held)
    with Workspace.open(path) as ws:
        want = _plain(ws)
        got: dict[str, list] = {}
        for uri, quads in neo4j_push._subject_facts(ws):
            assert uri not in got, f"{uri} described twice"
            got[uri] = sorted((p, str(o), g) for p, o, g in quads)
        assert got == want
        assert {g for _, _, g in got[NET + "ki-plattform"]} >= {"seed", "test"}
        # batches: every subject once, and the same description a plain pass gives
        m = Mapping.from_workspace(ws)
        batches = list(neo4j_push._stream_full(ws, m, m.signature, 50))
        assert all(len(b) <= 50 for b in batches)
        descs = {d.uri: d for b in batches for d in b}
        assert len(descs) == sum(len(b) for b in batches) == len(want)
        facts = [(q.predicate.value, q.object, source_name(q.graph_name.value))
                 for q in ws.store.quads_for_pattern(ox.NamedNode(NET + "ki-plattform"), None, None, None)
                 if q.graph_name.value != str(CATALOG)]
        d = describe(NET + "ki-plattform", facts, m, m.signature)
        assert descs[NET + "ki-plattform"].hash == d.hash and descs[NET + "ki-plattform"].props == d.props


def test_streamed_text_describes_as_the_terms_do(make_ws):
    """The full push reads Oxigraph's N-Triples text and parses each object itself
    (kg.neo4j.mapping.describe_text): for literals that need escaping, language tags,
    datatypes kg turns into native values and those it keeps as text, blank nodes and IRIs,
    every node must come out exactly as describe() makes it from the store's terms (same
    properties, labels, relationships and hash, so a later incremental push sees no change)."""
    ttl = f"""<{NET}tekst> skos:prefLabel "Sitat \\"inne\\" og \\\\ skråstrek"@nb ;
    skos:altLabel "linje 1\\nlinje 2\\ttab\\r"@en , "kontroll \\u0001 og \\u2028 skille" ;
    skos:note "æøå ÆØÅ 😀"@nb-NO , "ends with quote\\""  , "" ;
    kg:earliest "2026-07-01"^^xsd:date , "2026-13-45"^^xsd:date ;
    kg:order 7 , "007"^^xsd:integer , "true"^^xsd:boolean , "1.5"^^xsd:decimal ;
    kg:custom "x y"^^<http://example.org/dt> ;
    kg:dependsOn <{NET}mål> , [ skos:prefLabel "blank" ] ;
    a kg:Initiative , <http://example.org/Other> .
<{NET}mål> <http://example.org/p?q=1&r=%20> "v" .
"""
    path = make_ws(ttl)
    with Workspace.open(path) as ws:
        m = Mapping.from_workspace(ws)
        streamed = {d.uri: d for b in neo4j_push._stream_full(ws, m, m.signature, 1000) for d in b}
        facts: dict[str, list] = {}
        for q in ws.store:
            g = q.graph_name
            if isinstance(g, ox.DefaultGraph) or g.value == str(CATALOG):
                continue
            facts.setdefault(node_key(q.subject), []).append((q.predicate.value, q.object, source_name(g.value)))
        assert set(streamed) == set(facts)
        for uri, fs in facts.items():
            want = describe(uri, fs, m, m.signature)
            got = streamed[uri]
            assert (got.props, got.labels, got.rels, got.hash) == (want.props, want.labels, want.rels, want.hash), uri
        props = streamed[NET + "tekst"].props
        assert props["skos__prefLabel@nb"] == 'Sitat "inne" og \\ skråstrek'
        assert props["skos__altLabel@en"] == "linje 1\nlinje 2\ttab\r"
        assert props["skos__altLabel"] == "kontroll \x01 og \u2028 skille"
        assert sorted(props["skos__note"]) == ["", 'ends with quote"']
        assert props["skos__note@nb-no"] == "æøå ÆØÅ 😀"   # Oxigraph keeps language tags in lower case
        assert props["kg__custom^^<http://example.org/dt>"] == "x y"


def test_a_graph_read_stopped_half_way_ends_its_reader(make_ws, monkeypatch):
    """A push that stops reading (the server failed, Ctrl-C) leaves no thread behind: the
    thread Oxigraph writes a graph's lines in ends when the reader goes away, though the
    queue between them is full. Read whole, the lines are the graph's."""
    import threading
    monkeypatch.setattr(neo4j_push, "QUEUED_CHUNKS", 2)
    with Workspace.open(make_ws(baseline=True)) as ws:
        g = ox.NamedNode(ws.source("sdg").iri)
        lines = neo4j_push._graph_lines(ws.store, g)
        next(lines)
        lines.close()
        assert not [t for t in threading.enumerate() if t.name == "kg-neo4j-reader"]
        whole = list(neo4j_push._graph_lines(ws.store, g))
        assert len(whole) == ws.source("sdg").triples > 1000
        assert sorted(" ".join(x) for x in whole) == sorted(
            f"{q.subject} {q.predicate} {q.object}" for q in ws.store.quads_for_pattern(None, None, None, g))
