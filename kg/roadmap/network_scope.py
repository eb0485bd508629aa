"""One network's initiatives read on their own, without a pass over the whole graph.

A network's deck, spreadsheet or template shows the initiatives of that network: those
imported for it (``kg import FILE --network NAME``: a source whose catalog entry names
the network) and those the network or one of its members owns or takes part in (the
rule of :func:`kg.roadmap.table.initiative_rows`). :func:`network_scope` finds them with
lookups bound to the network's own sources and members; :func:`initiatives_among` reads
exactly what :func:`kg.roadmap.model.initiatives` reads, for those initiatives only, in queries
bound to them (``VALUES``), so a network of a thousand initiatives in a workspace of
seventy thousand costs what its own thousand cost.

Both give what the whole-graph path gives for the same initiatives (a test holds them to
it); they return None where that cannot be promised (a blank node among the members or
initiatives cannot be bound in a query), and the callers then read the whole graph.
"""
from __future__ import annotations

from kg.roadmap.model import _LINKS, InitiativeRec, _date_of, term_lang, term_value, tsv_rows
from kg.ids import slug
from kg.roadmap.timewin import When
from kg.vocab import ONT
from kg.store.workspace import CATALOG, source_name

CHUNK = 400  # IRIs in one VALUES block (the targeted lookups of kg.roadmap.index use the same)
_TIME = "http://www.w3.org/2006/time#"
_SKOS = "http://www.w3.org/2004/02/skos/core#"
_KG = ONT


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


def initiatives_among(ws, iris) -> dict[str, InitiativeRec]:
    """:func:`kg.roadmap.model.initiatives` for the initiatives ``iris`` only (each must be a
    kg:Initiative), read with queries bound to them. Keyed and ordered as there."""
    return read_among(ws, iris)[0]


def read_among(ws, iris) -> tuple[dict[str, InitiativeRec], list[list[str]]]:
    """(:func:`initiatives_among`, every quad of those initiatives as [s, p, o, graph]):
    the records and the raw facts they were made from (kg.roadmap.table takes the local
    ids and source rows from the same facts)."""
    from kg.roadmap.index import dep_edges
    inits = sorted(set(iris))
    out: dict[str, InitiativeRec] = {i: InitiativeRec(iri=i, id=slug(i)) for i in inits}
    if not out:
        return out, []
    # every fact of each initiative in one lookup per subject (a VALUES join on the
    # predicate would make Oxigraph scan the store); the order per subject is the index
    # order the whole-graph scans of kg.roadmap.model see too
    quads = rows_for(ws, inits, "SELECT ?i ?p ?o ?g WHERE { VALUES ?i { %s } GRAPH ?g { ?i ?p ?o } }")
    facts: dict[tuple[str, str], list[str]] = {}
    for i, p, o, _ in quads:
        facts.setdefault((i, p), []).append(o)

    def first(table, key) -> str | None:
        got = table.get(key)
        return min(got) if got else None

    # the time of each initiative: period → beginning / end → earliest, latest, precision, notation
    ends: dict[tuple[str, str], list[str]] = {}
    inst: dict[tuple[str, str], list[str]] = {}
    for per, w, x, q, v in rows_for(ws, inits, "SELECT ?per ?w ?x ?q ?v WHERE { VALUES ?i { %s } ?i kg:period ?per . "
                                               "?per ?w ?x FILTER(?w IN (time:hasBeginning, time:hasEnd)) "
                                               "OPTIONAL { ?x ?q ?v FILTER(?q IN (kg:earliest, kg:latest, kg:precision, "
                                               "skos:notation)) } }"):
        ends.setdefault((per, w), []).append(x)
        if q:
            inst.setdefault((x, q), []).append(v)

    def when(x: str | None) -> When | None:
        if x is None:
            return None
        e, l = _date_of(first(inst, (x, _KG + "earliest"))), _date_of(first(inst, (x, _KG + "latest")))
        if e is None and l is None:
            return None
        p = first(inst, (x, _KG + "precision"))
        p = p.rsplit("presisjon-", 1)[-1] if p is not None else ("dag" if e == l else "vindu")
        n = first(inst, (x, _SKOS + "notation"))
        return When(e, l, p, term_value(n) if n is not None else "")

    link_preds = {p.replace("kg:", _KG): k for k, p in _LINKS.items()}
    for i, rec in out.items():
        for key in ("phase", "status"):
            v = first(facts, (i, _KG + key))
            if v is not None:
                setattr(rec, key, slug(term_value(v)))
        v = first(facts, (i, _KG + "partOf"))
        if v is not None:
            rec.parent = term_value(v)
        per = first(facts, (i, _KG + "period"))
        if per is not None:
            rec.start = when(first(ends, (per, _TIME + "hasBeginning")))
            rec.end = when(first(ends, (per, _TIME + "hasEnd")))
        for lab in facts.get((i, _SKOS + "prefLabel"), ()):
            if lab.startswith('"'):
                rec.labels.setdefault(term_lang(lab), term_value(lab))
        for pred, key in link_preds.items():
            got = facts.get((i, pred))
            if got:
                setattr(rec, key, sorted({term_value(b) for b in got}))
    graphs = {(i, g) for i, _, _, g in quads if g != CATALOG}
    for i, g in sorted(graphs):
        out[i].sources.append(source_name(g))
    for rec in out.values():
        rec.sources.sort()
    for d in dep_edges(ws, inits, "up"):
        if d.dependent in out:
            out[d.dependent].deps.append(d)
    return out, quads
