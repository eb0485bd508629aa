"""Small in-memory workspaces for the check tests: the ontology plus a Turtle snippet,
in a real Oxigraph store wrapped in a real Workspace (no files, no lock)."""
from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox

from kg.store.workspace import Workspace, shipped_sources, source_iri

HEADER = """@prefix kg: <https://w3id.org/kommune-ki/ont#> .
@prefix kgid: <https://w3id.org/kommune-ki/id/> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix time: <http://www.w3.org/2006/time#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix cv: <http://data.europa.eu/m8g/> .
"""
FIXTURES = Path(__file__).parent / "fixtures"
ID = "https://w3id.org/kommune-ki/id/"


def mem_ws(ttl: str, *, source: str = "test") -> Workspace:
    """A read-only-in-spirit Workspace over an in-memory store: ontology + ``ttl``."""
    st = ox.Store()
    name, path = shipped_sources(baseline=False)[0]
    assert name == "ontology"
    st.bulk_load(path=str(path), format=ox.RdfFormat.TURTLE, to_graph=ox.NamedNode(source_iri("ontology")))
    st.load((HEADER + ttl).encode("utf-8"), format=ox.RdfFormat.TURTLE, to_graph=ox.NamedNode(source_iri(source)))
    return Workspace(Path(":memory:"), st, None, False)


def fixture(code: str, kind: str) -> str:
    return (FIXTURES / f"{code}-{kind}.ttl").read_text(encoding="utf-8")
