"""One network's initiatives: the one rule, found without a pass over the whole graph.

The initiatives of a network are those imported for it (``kg import FILE --network
NAME``: they have facts in a source whose catalog entry names the network) and those the
network or one of its members (``org:memberOf``, or an ``org:Membership``) owns or takes
part in. :func:`network_initiatives` is that set, for every reader that narrows to a
network (a network's deck, spreadsheet and template, ``--network`` of the diagrams, the
map and the vendor lens); :func:`kg.roadmap.table.initiative_rows` applies the same rule
row by row. :func:`network_scope` finds them with lookups bound to the network's own
sources and members, and :func:`rows_for` runs a query over just those (``VALUES``), so
what is read about them costs what they cost.

It gives what the whole-graph rule gives (a test holds them to it), or None where that
cannot be promised (a blank node among the members or initiatives cannot be bound in a
query), and the callers then apply the rule to the whole graph.
"""
from __future__ import annotations

from kg.store.terms import tsv_rows

CHUNK = 400  # IRIs in one VALUES block (the targeted lookups of kg.roadmap.index use the same)


def _bindable(iris) -> bool:
    return all(not x.startswith("_:") for x in iris)


def rows_for(ws, iris, query: str) -> list[list[str]]:
    """``query`` (with ``%s`` where the IRIs go in a VALUES block) run over ``iris`` in
    chunks; the TSV rows of every chunk, in order."""
    iris = sorted(set(iris))
    out: list[list[str]] = []
    for k in range(0, len(iris), CHUNK):
        out += tsv_rows(ws, query % " ".join(f"<{x}>" for x in iris[k:k + CHUNK]))
    return out


def network_scope(ws, network: str, *, imported_only: bool = False) -> set[str] | None:
    """IRIs of the initiatives of ``network`` (an IRI): those with facts in a source
    imported for it and, unless ``imported_only``, those it or a member owns or takes
    part in. None when they cannot be looked up one by one (then read the whole graph)."""
    from kg.roadmap.table import network_members
    graphs = [s.iri for s in ws.sources() if s.name != "catalog" and s.network == network]
    found: set[str] = set()
    for g in graphs:  # the subjects of the network's own graph, then which of them are initiatives
        if tsv_rows(ws, "SELECT ?i WHERE { GRAPH <%s> { ?i a kg:Initiative } FILTER(isBlank(?i)) } LIMIT 1" % g):
            return None
        subjects = {r[0] for r in tsv_rows(ws, "SELECT DISTINCT ?i WHERE { GRAPH <%s> { ?i ?p ?o } }" % g)}
        found |= {r[0] for r in rows_for(ws, {x for x in subjects if not x.startswith("_:")},
                                         "SELECT ?i WHERE { VALUES ?i { %s } ?i a kg:Initiative }")}
    if not imported_only:
        members = network_members(ws).get(network, set())
        if not _bindable(members):
            return None
        for pred in ("kg:owner", "kg:participant"):
            found |= {r[0] for r in rows_for(ws, members, "SELECT DISTINCT ?i WHERE { VALUES ?o { %s } ?i "
                                             + pred + " ?o . ?i a kg:Initiative }")}
    return found if _bindable(found) else None


def network_initiatives(ws, network: str, *, imported_only: bool = False) -> set[str]:
    """IRIs of the initiatives of ``network`` (an IRI) by the one rule above: looked up
    (:func:`network_scope`), or, where that cannot be promised, the whole-graph reading of
    :func:`kg.roadmap.table.initiative_rows`."""
    found = network_scope(ws, network, imported_only=imported_only)
    if found is not None:
        return found
    from kg.roadmap.table import initiative_rows
    return {r.iri for r in initiative_rows(ws, network=network, imported_only=imported_only)}
