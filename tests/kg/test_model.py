"""kg.roadmap.model reads the roadmap with one scan per predicate (raw TSV terms); what it gives
must be what the terms say: literal text unescaped, language tags kept, IRIs as is."""
from __future__ import annotations

from datetime import date

from kg.roadmap import model
from kg.store import terms
from kg.store.workspace import Workspace

ESCAPED = r'''
kgid:t1 a kg:Initiative ; skos:prefLabel "Tiltak \"sitat\"\nlinje 2 – æøå"@nb , "Plain"@en ;
    kg:period [ time:hasBeginning kgid:t1-start ] ; kg:partOf kgid:t2 ;
    kg:owner kgid:ks , kgid:ks .
kgid:t1-start kg:earliest "2026-04-01"^^xsd:date ; kg:latest "2026-06-30"^^xsd:date ;
    skos:notation "2026-Q2 \"omtrent\"" .
kgid:t2 a kg:Initiative .
'''


def test_terms_are_read_as_values():
    assert terms.term_value('"a \\"b\\"\\nc"@nb') == 'a "b"\nc'
    assert terms.term_value('"2026"^^<http://www.w3.org/2001/XMLSchema#gYear>') == "2026"
    assert terms.term_value("https://w3id.org/kommune-ki/id/ks") == "https://w3id.org/kommune-ki/id/ks"
    assert terms.term_lang('"x"@nb') == "nb" and terms.term_lang('"x"') == ""
    assert terms.term_lang('"x@y"^^<http://www.w3.org/2001/XMLSchema#string>') == ""


def test_initiatives_from_scans(make_ws):
    with Workspace.open(make_ws(ESCAPED)) as ws:
        recs = model.initiatives(ws)
    t1 = recs["https://w3id.org/kommune-ki/id/t1"]
    assert t1.labels == {"nb": 'Tiltak "sitat"\nlinje 2 – æøå', "en": "Plain"}
    assert t1.start.earliest == date(2026, 4, 1) and t1.start.latest == date(2026, 6, 30)
    assert t1.start.notation == '2026-Q2 "omtrent"'
    assert t1.end is None
    assert t1.parent == "https://w3id.org/kommune-ki/id/t2"
    assert t1.owners == ["https://w3id.org/kommune-ki/id/ks"]
    assert t1.sources == ["test"]
    assert set(recs) == {"https://w3id.org/kommune-ki/id/t1", "https://w3id.org/kommune-ki/id/t2"}
