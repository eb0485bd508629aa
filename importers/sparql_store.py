"""Any SPARQL 1.1 store into the workspace: its named graphs, one source each.

Lists the store's named graphs with a SPARQL query (``SELECT DISTINCT ?g``), then reads
each one with the Graph Store HTTP Protocol (``GET <store>?graph=<iri>`` as N-Triples).
A graph named by a kg source IRI becomes that source again; any other graph becomes a
source named from its IRI. Nothing is written here: the caller writes the result into the
workspace after every graph was read, so a failure half-way changes nothing.
"""
from __future__ import annotations

import re

import pyoxigraph as ox

from kg.errors import InputError
from kg.store.parse_limits import bounded
from kg.sparql.http import check_url, graph_url, request, select
from kg.store.workspace import source_name

CATALOG = "https://w3id.org/kommune-ki/source/catalog"


def name_for(graph: str) -> str:
    """A source name for a graph IRI."""
    n = source_name(graph)
    if n != graph:
        return n
    tail = re.sub(r"[^A-Za-z0-9._-]+", "-", graph.rstrip("/#").rsplit("/", 1)[-1]).strip("-")
    return tail or "sparql"


def pull(store: str, *, query_url: str | None = None, graph: str | None = None, auth=None) -> dict[str, list]:
    """{source name: [quads]} for every named graph of the store (or just ``graph``)."""
    check_url(store)
    if graph:
        graphs = [graph]
    else:
        rows = select(query_url or store, "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } } ORDER BY ?g", auth=auth)
        graphs = [r["g"] for r in rows if "g" in r and r["g"] != CATALOG]
    out: dict[str, list] = {}
    for g in graphs:
        body = request("GET", graph_url(store, g), headers={"Accept": "application/n-triples"}, auth=auth)
        try:
            triples = bounded(ox.parse(body, format=ox.RdfFormat.N_TRIPLES), g)
        except SyntaxError as e:
            raise InputError(f"the store's graph {g} is not valid N-Triples: {e}",
                             f"lagerets graf {g} er ikke gyldig N-Triples: {e}") from None
        name = name_for(g)
        out.setdefault(name, []).extend(triples)
    return out
