"""Every shipped label, note, comment, description and message is in both languages: a
text given in English has its bokmål twin and the other way round, in every Turtle file
under ontology/ (vocabulary, shapes, reference data, baseline).

Counted per subject and property: as many @nb texts as @en texts. One exception, named
here: the UN's own wording of the 169 SDG targets and 232 indicators (sdg.ttl), which the
UN publishes in its six official languages and not in Norwegian; the 17 goals have
Norwegian names, and every SDG note has its Norwegian twin.
"""
from __future__ import annotations

import collections
from pathlib import Path

import pytest
from pyoxigraph import Literal, NamedNode, RdfFormat, Store

ONTOLOGY = Path(__file__).resolve().parents[2] / "ontology"

RDFS = "http://www.w3.org/2000/01/rdf-schema#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
DCT = "http://purl.org/dc/terms/"
SH = "http://www.w3.org/ns/shacl#"
KG = "https://w3id.org/kommune-ki/ont#"
SDGO = "http://metadata.un.org/sdg/ontology#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"

# the texts a reader sees: names, notes, comments, descriptions, messages
TEXT_PROPERTIES = {RDFS + "label", RDFS + "comment", SKOS + "prefLabel", SKOS + "definition",
                   SKOS + "note", SKOS + "scopeNote", SKOS + "editorialNote", SKOS + "example",
                   SKOS + "changeNote", SKOS + "historyNote", DCT + "title", DCT + "description",
                   SH + "message", SH + "name", SH + "description", KG + "appliesWhen"}
# the UN's wording of targets and indicators: English only (see the module's docstring)
UN_WORDING = ({SDGO + "Target", SDGO + "Indicator"}, SKOS + "prefLabel")

FILES = sorted(p for p in ONTOLOGY.rglob("*.ttl") if not p.name.startswith("_"))


def one_sided(store: Store) -> list[str]:
    """'subject property: n @en, m @nb' for every text that lacks its twin."""
    counts: dict[tuple[str, str], collections.Counter] = collections.defaultdict(collections.Counter)
    for q in store:
        if q.predicate.value in TEXT_PROPERTIES and isinstance(q.object, Literal) and q.object.language:
            counts[(q.subject.value, q.predicate.value)][q.object.language.lower()] += 1
    types: dict[str, set[str]] = collections.defaultdict(set)
    for q in store.quads_for_pattern(None, NamedNode(RDF_TYPE), None):
        types[q.subject.value].add(q.object.value)
    out = []
    for (s, p), c in sorted(counts.items()):
        if c["en"] == c["nb"]:
            continue
        if p == UN_WORDING[1] and types[s] & UN_WORDING[0] and c["nb"] == 0:
            continue
        out.append(f"<{s}> <{p}>: {c['en']} @en, {c['nb']} @nb")
    return out


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(ONTOLOGY)))
def test_every_text_has_its_twin_in_the_other_language(path):
    store = Store()
    store.load(path=str(path), format=RdfFormat.TURTLE)
    missing = one_sided(store)
    assert not missing, f"{path.relative_to(ONTOLOGY)}:\n" + "\n".join(missing[:40])


def test_the_check_sees_a_missing_twin():
    store = Store()
    store.load(input=b'''
        @prefix skos: <http://www.w3.org/2004/02/skos/core#> .
        @prefix sdgo: <http://metadata.un.org/sdg/ontology#> .
        <urn:a> skos:note "Legal basis: Art. 113"@en , "A second note"@en , "En merknad"@nb .
        <urn:b> skos:prefLabel "Bare norsk"@nb .
        <urn:c> a sdgo:Target ; skos:prefLabel "The UN's wording"@en ; skos:note "Target 1.1"@en .
        <urn:d> skos:altLabel "KI"@nb ; skos:prefLabel "AI"@en , "KI"@nb .
    ''', format=RdfFormat.TURTLE)
    assert one_sided(store) == [
        "<urn:a> <http://www.w3.org/2004/02/skos/core#note>: 2 @en, 1 @nb",
        "<urn:b> <http://www.w3.org/2004/02/skos/core#prefLabel>: 0 @en, 1 @nb",
        "<urn:c> <http://www.w3.org/2004/02/skos/core#note>: 1 @en, 0 @nb",
    ]


def test_the_ai_act_dates_have_norwegian_notes():
    # the eleven application dates a user meets in `kg query timeline` and obligations
    store = Store()
    store.load(path=str(ONTOLOGY / "reference" / "ai-act.ttl"), format=RdfFormat.TURTLE)
    rows = list(store.query("""
        PREFIX kg: <https://w3id.org/kommune-ki/ont#>
        PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
        SELECT ?d ?nb WHERE { ?d a kg:ApplicationDate ; skos:note ?nb
                              FILTER(lang(?nb) = "nb" && STRSTARTS(?nb, "Rettslig grunnlag")) }"""))
    dates = {r[0].value for r in store.query(
        "SELECT ?d WHERE { ?d a <https://w3id.org/kommune-ki/ont#ApplicationDate> }")}
    assert len(rows) == len(dates) >= 11
    texts = {r[1].value for r in rows}
    assert "Rettslig grunnlag slik kildetabellen oppgir det: art. 111(4) slik den er endret" in texts
    assert not any("Art." in t or "as amended" in t for t in texts)
