"""The closed namespace matches the ontology, and every term speaks nb and en."""
from __future__ import annotations

import logging
from importlib import resources

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from kg.vocab import KG, ONT, TERMS


@pytest.fixture(scope="module")
def onto() -> Graph:
    g = Graph()
    g.parse(str(resources.files("kg.ontology") / "kg.ttl"), format="turtle")
    return g


def _declared(g: Graph) -> set[str]:
    kinds = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty)
    return {str(s)[len(ONT):] for k in kinds for s in g.subjects(RDF.type, k) if str(s).startswith(ONT)}


def test_namespace_matches_ontology(onto):
    assert set(TERMS) == _declared(onto)


def test_misspelt_term_fails():
    with pytest.raises(AttributeError):
        KG.Initative  # noqa: B018


def test_every_term_has_nb_and_en_label_and_definition(onto):
    missing = []
    for term in _declared(onto):
        s = URIRef(ONT + term)
        for prop in (RDFS.label, SKOS.definition):
            langs = {o.language for o in onto.objects(s, prop) if isinstance(o, Literal)}
            if not {"nb", "en"} <= langs:
                missing.append(f"{term} {prop.n3(onto.namespace_manager)} {sorted(l or '' for l in langs)}")
    assert missing == []


@pytest.mark.parametrize("term,label", [
    ("Initiative", "Initiative"), ("Principle", "Principle"), ("Challenge", "Challenge"),
    ("Regulation", "Regulation"), ("Obligation", "Obligation"), ("Organisation", "Organisation"),
    ("Municipality", "Municipality"), ("CountyMunicipality", "County municipality"),
    ("Network", "Network"), ("Vendor", "Vendor"), ("Service", "Service"), ("AISystem", "AI system"),
])
def test_main_class_english_labels_are_exact(onto, term, label):
    labels = {str(o) for o in onto.objects(URIRef(ONT + term), RDFS.label) if o.language == "en"}
    assert labels == {label}


def test_ontology_loads_without_warnings(caplog):
    caplog.set_level(logging.WARNING)
    g = Graph()
    g.parse(str(resources.files("kg.ontology") / "kg.ttl"), format="turtle")
    assert len(g) > 500
    assert [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING] == []


def test_standard_vocabularies_are_reused_not_redefined(onto):
    # only our own namespace defines classes/properties; standard terms are referenced
    defined = {str(s) for s in onto.subjects(RDF.type, OWL.Class)} | \
              {str(s) for s in onto.subjects(RDF.type, OWL.ObjectProperty)}
    assert all(s.startswith(ONT) for s in defined)
    supers = {str(o) for o in onto.objects(None, RDFS.subClassOf)}
    assert "http://www.w3.org/ns/prov#Activity" in supers
    assert "http://www.w3.org/ns/org#Organization" in supers
    assert "http://data.europa.eu/eli/ontology#LegalResource" in supers
