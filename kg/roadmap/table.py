"""One row per initiative, with everything a spreadsheet, a slide or a network's template
needs: titles in both languages, phase, status, owner, participants, time as it was
given, dependencies, challenges, principles, regulations, the networks it belongs to, and
the source file and row each came from.

Read with :func:`kg.roadmap.model.initiatives` plus three scans, so it costs about what the
diagrams cost on a large workspace.

Networks: an initiative belongs to a network when it was imported for that network
(``kg import FILE --network NAME``: the source names the network), or when its owner or
a participant is the network itself or one of its members.

Example::

    from kg.roadmap.table import initiative_rows, initiatives_table
    rows = initiative_rows(ws)                       # every initiative
    rows = initiative_rows(ws, network=net_iri)      # one network's
    table = initiatives_table(ws, rows, "en")        # kg.results.Table of plain text
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from kg.ids import labels_for, slug
from kg.roadmap.model import InitiativeRec, initiatives
from kg.store.terms import term_value, tsv_rows
from kg.results import Table, col
from kg.roadmap.timewin import When


@dataclass
class InitiativeRow:
    """One initiative as the roadmap's tables show it (IRIs; labels are chosen later)."""

    rec: InitiativeRec
    local_id: str = ""                      # the network's own id of the row (kg:localId)
    networks: list[str] = field(default_factory=list)
    imported_for: list[str] = field(default_factory=list)   # networks it was imported for
    origins: list[tuple[str, str, int | None]] = field(default_factory=list)  # (source, file, row)

    @property
    def iri(self) -> str:
        return self.rec.iri

    @property
    def id(self) -> str:
        return self.rec.id


def when_text(w: When | None) -> str:
    """Time in the form it was given (``2026-Q3/2026-Q4``), or ISO dates."""
    return w.text() if w is not None else ""


def network_members(ws) -> dict[str, set[str]]:
    """Network IRI → the organisations that belong to it (the network itself included)."""
    out: dict[str, set[str]] = defaultdict(set)
    for (n,) in tsv_rows(ws, "SELECT ?n WHERE { ?n a kg:Network }"):
        out[n].add(n)
    for o, n in tsv_rows(ws, """SELECT DISTINCT ?o ?n WHERE { ?n a kg:Network .
            { ?o org:memberOf ?n } UNION { ?m org:member ?o ; org:organization ?n } }"""):
        out[n].add(o)
    return dict(out)


def networks(ws, lang: str) -> list[tuple[str, str]]:
    """(IRI, label) of every network, sorted by label."""
    iris = sorted(network_members(ws))
    labels = labels_for(ws, iris, lang) if iris else {}
    return sorted(((i, labels.get(i, slug(i))) for i in iris), key=lambda x: (x[1].casefold(), x[0]))


def initiative_rows(ws, *, network: str | None = None, imported_only: bool = False) -> list[InitiativeRow]:
    """Every initiative (or those of ``network``), sorted by phase, start and title.

    ``imported_only``: with ``network``, only the rows imported for that network (what
    its spreadsheet holds), not the initiatives its members take part in."""
    scope = None
    if network:  # only the network's initiatives are read (the same rows, see kg.roadmap.network_scope)
        from kg.roadmap.network_scope import network_scope, rows_for
        scope = network_scope(ws, network, imported_only=imported_only)
    if scope is None:
        recs = initiatives(ws)
        local_ids = tsv_rows(ws, "SELECT ?i ?v WHERE { ?i a kg:Initiative ; kg:localId ?v }")
        source_rows = tsv_rows(ws, "SELECT ?i ?r ?g WHERE { GRAPH ?g { ?i kg:sourceRow ?r } ?i a kg:Initiative }")
    else:
        recs = initiatives(ws, only=scope)
        local_ids = rows_for(ws, scope, "SELECT ?i ?v WHERE { VALUES ?i { %s } ?i kg:localId ?v }")
        source_rows = rows_for(ws, scope, "SELECT ?i ?r ?g WHERE { VALUES ?i { %s } GRAPH ?g { ?i kg:sourceRow ?r } }")
    srcs = {s.iri: s for s in ws.sources() if s.name != "catalog"}
    src_net = {s.iri: s.network for s in srcs.values() if s.network}
    rows = {i: InitiativeRow(r) for i, r in recs.items()}
    for i, v in local_ids:
        if i in rows:
            rows[i].local_id = rows[i].local_id or term_value(v)
    where: dict[tuple[str, str], int] = {}
    for i, r, g in source_rows:
        try:
            where[(i, g)] = int(term_value(r))
        except ValueError:
            pass
    # a source node lives in its own graph; map source names back to graph IRIs
    by_name = {s.name: s.iri for s in srcs.values()}
    members = network_members(ws)
    member_of: dict[str, set[str]] = defaultdict(set)
    for n, orgs in members.items():
        for o in orgs:
            member_of[o].add(n)
    for i, row in rows.items():
        nets: set[str] = set()
        for name in row.rec.sources:
            g = by_name.get(name)
            if g is None:
                continue
            s = srcs[g]
            row.origins.append((name, s.file or "", where.get((i, g))))
            if g in src_net:
                nets.add(src_net[g])
        imported = set(nets)
        if not imported_only:
            for o in row.rec.owners + row.rec.participants:
                nets |= member_of.get(o, set())
        row.networks = sorted(nets)
        row.imported_for = sorted(imported)
    out = list(rows.values())
    if network:
        out = [r for r in out if network in (r.imported_for if imported_only else r.networks)]
    order = {"fase-etablert": 0, "fase-pagaende": 1, "fase-planlagt": 2}
    from datetime import date
    out.sort(key=lambda r: (order.get(r.rec.phase or "", 3),
                            r.rec.start.earliest if r.rec.start and r.rec.start.earliest else date.max,
                            r.rec.label("nb").casefold(), r.id))
    return out


COLUMNS = [
    col("id", "id"), col("title_nb", "tittel (nb)", "title (nb)"), col("title_en", "tittel (en)", "title (en)"),
    col("phase", "fase", "phase"), col("status", "status"), col("owner", "eier", "owner"),
    col("participants", "deltakere", "participants"), col("start", "start"), col("end", "slutt", "end"),
    col("depends_on", "avhenger av", "depends on"), col("challenges", "utfordringer", "challenges"),
    col("principles", "prinsipper", "principles"), col("regulations", "regelverk", "regulations"),
    col("network", "nettverk", "network"), col("source", "kildefil", "source file"), col("row", "rad", "row"),
]


def initiatives_table(ws, rows: list[InitiativeRow], lang: str) -> Table:
    """The rows as a :class:`~kg.results.Table` of plain text (lists joined with '; ')."""
    from kg.roadmap.words import phase_name, status_name
    iris: set[str] = set()
    for r in rows:
        rec = r.rec
        iris |= set(rec.owners) | set(rec.participants) | set(rec.challenges) | set(rec.principles)
        iris |= set(rec.regulations) | set(r.networks) | {d.target for d in rec.deps}
    labels = labels_for(ws, sorted(iris), lang) if iris else {}

    def names(xs) -> str:
        return "; ".join(labels.get(x, slug(x)) for x in xs)

    out = []
    for r in rows:
        rec = r.rec
        files = [f or name for name, f, _ in r.origins]
        lines = [str(n) for _, _, n in r.origins if n is not None]
        out.append({
            "id": rec.id, "title_nb": rec.labels.get("nb", ""), "title_en": rec.labels.get("en", ""),
            "phase": phase_name(rec.phase, lang) if rec.phase else "",
            "status": status_name(rec.status, lang) if rec.status else "",
            "owner": names(rec.owners), "participants": names(rec.participants),
            "start": when_text(rec.start), "end": when_text(rec.end),
            "depends_on": "; ".join(slug(d.target) for d in rec.deps),
            "challenges": names(rec.challenges), "principles": names(rec.principles),
            "regulations": names(rec.regulations), "network": names(r.networks),
            "source": "; ".join(files), "row": "; ".join(lines),
        })
    return Table(list(COLUMNS), out, title_nb="Tiltak", title_en="Initiatives", meta={"count": len(out)})
