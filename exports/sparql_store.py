"""The workspace into any SPARQL 1.1 store through the Graph Store HTTP Protocol.

Each source goes to its own named graph (its kg source IRI, e.g.
``https://w3id.org/kommune-ki/source/seed``) by ``PUT <store>?graph=<iri>``, which replaces
that graph and nothing else, so pushing again is idempotent. With ``graph=IRI`` the union
of all sources goes into that one graph instead. Bodies are N-Triples (every store reads
them). Only http(s) URLs; credentials, if any, go as HTTP Basic auth.
"""
from __future__ import annotations

import tempfile
import time

import pyoxigraph as ox

from kg.sparql.http import StorePushReport, check_url, graph_url, request


def push(ws, store: str, *, graph: str | None = None, auth=None, source: str | None = None) -> StorePushReport:
    """PUT each source (or the union, into ``graph``) into the store at ``store``."""
    check_url(store)
    t0 = time.monotonic()
    rep = StorePushReport()
    if graph:
        data = ws.dump("nt", source=source)
        request("PUT", graph_url(store, graph), data=data, headers={"Content-Type": "application/n-triples"}, auth=auth)
        rep.graphs[graph] = data.count(b"\n")
    else:
        for s in ws.sources():
            if s.name == "catalog" or (source and s.name != source):
                continue
            # the store writes the graph's N-Triples to a temporary file, sent from there: the
            # memory does not grow with the source (a 10M-triple source is about 1.5 GB of text)
            with tempfile.TemporaryFile() as fh:
                ws.store.dump(fh, format=ox.RdfFormat.N_TRIPLES, from_graph=ox.NamedNode(s.iri))
                size = fh.tell()
                fh.seek(0)
                request("PUT", graph_url(store, s.iri), data=fh, auth=auth,
                        headers={"Content-Type": "application/n-triples", "Content-Length": str(size)})
            rep.graphs[s.iri] = s.triples
    rep.seconds = time.monotonic() - t0
    return rep
