"""`kg query show ID`: one node as a fact sheet, and every fact about it with its source.

For an initiative the sheet comes first, in plain words: its own dates (ISO windows),
phase, status, owner, participants, what it depends on and what depends on it, and its
gaps from `kg check` (that node only). The raw facts (every statement, the source of
each) follow with ``--facts``; JSON always carries both, and every language of each
literal. Text shows a literal in the chosen language when it exists in it (no language
tags); an SDG target with only an English name is called "delmål 9.c" in Norwegian.

Example::

    kg query show ki-plattform --lang en
    kg query show ki-plattform --facts
"""
from __future__ import annotations

import re

from kg.ids import labels_for, resolve, slug
from kg.results import NodeFact, NodeView
from kg.store.workspace import source_name

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
KG = "https://w3id.org/kommune-ki/ont#"
SDG_TARGET = re.compile(r"^http://metadata\.un\.org/sdg/(\d+\.[0-9a-z]+)$")
DEP_WORDS = {"requires": ("krever", "requires"), "enables": ("muliggjør", "enables"),
             "informs": ("informerer", "informs"), "hard": ("hard", "hard"), "soft": ("myk", "soft")}


def _labels(ws, iris, lang: str) -> dict[str, str]:
    """labels_for, with a Norwegian name for an SDG target that has only an English one."""
    labels = labels_for(ws, iris, lang)
    if lang == "nb":
        targets = [i for i in labels if SDG_TARGET.match(i)]
        if targets:
            nb = {r["s"].value for r in ws.select(
                "SELECT DISTINCT ?s WHERE { VALUES ?s { %s } ?s skos:prefLabel ?l FILTER(lang(?l) = 'nb') }"
                % " ".join(f"<{t}>" for t in targets))}
            for t in targets:
                if t not in nb:
                    labels[t] = f"delmål {SDG_TARGET.match(t)[1]}"
    return labels


def run(ws, id: str, lang: str = "nb", incoming: bool = True, report=None) -> NodeView:
    """The node ``id`` with every fact. ``report``: a whole-workspace check result to take
    the initiative's gaps from (a server keeps one), instead of checking the node now."""
    node = resolve(ws, id)
    out = ws.select("SELECT ?p ?o ?g WHERE { GRAPH ?g { ?s ?p ?o } FILTER(?g != kgsrc:catalog) }", s=node)
    inc = ws.select("SELECT ?p ?o ?g WHERE { GRAPH ?g { ?o ?p ?s } FILTER(isIRI(?o) && ?g != kgsrc:catalog) }", s=node) if incoming else []
    iris = {node}
    for r in out + inc:
        iris.add(r["p"].value)
        if r["o"].__class__.__name__ == "NamedNode":
            iris.add(r["o"].value)
    labels = _labels(ws, iris, lang)
    facts = []
    for direction, rows in (("out", out), ("in", inc)):
        for r in rows:
            o = r["o"]
            is_iri = o.__class__.__name__ == "NamedNode"
            facts.append(NodeFact(
                predicate=r["p"].value, predicate_label=labels[r["p"].value],
                value=o.value, value_label=labels.get(o.value, o.value) if is_iri else o.value,
                is_iri=is_iri, lang=getattr(o, "language", None) or "",
                datatype=(o.datatype.value if not is_iri and getattr(o, "datatype", None) else ""),
                source=source_name(r["g"].value), direction=direction))
    # labels in the chosen language first, then by predicate
    facts.sort(key=lambda f: (f.direction != "out", f.predicate != RDF_TYPE, f.predicate_label.lower(),
                              f.lang not in ("", lang), f.value_label.lower()))
    types = [f.value for f in facts if f.predicate == RDF_TYPE and f.direction == "out"]
    view = NodeView(iri=node, id=slug(node), label=labels[node], types=types, facts=facts)
    if KG + "Initiative" in types:
        view.sheet = initiative_sheet(ws, node, facts, lang, report)
    return view


def _item(iri: str, labels: dict[str, str]) -> dict:
    return {"id": slug(iri), "label": labels.get(iri, slug(iri)), "iri": iri}


def _window(ws, node: str) -> dict:
    """The initiative's own start and end as ISO windows (earliest/latest) and as written."""
    out = {}
    for end, pred in (("start", "time:hasBeginning"), ("end", "time:hasEnd")):
        rows = ws.select("SELECT ?e ?l ?n WHERE { ?s kg:period ?p . ?p %s ?x . "
                         "OPTIONAL { ?x kg:earliest ?e } OPTIONAL { ?x kg:latest ?l } "
                         "OPTIONAL { ?x skos:notation ?n } }" % pred, s=node)
        if not rows:
            out[end] = None
            continue
        r = rows[0]
        e, l = (r["e"].value[:10] if "e" in r else None), (r["l"].value[:10] if "l" in r else None)
        iso = e if e == l else f"{e or '…'}/{l or '…'}"
        out[end] = {"earliest": e, "latest": l, "iso": iso, "written": r["n"].value if "n" in r else ""}
    return out


def initiative_sheet(ws, node: str, facts: list[NodeFact], lang: str, report=None) -> dict:
    """What a reader asks first about an initiative, as data (rendered by exports.table)."""
    from kg.check import engine as checking

    def values(pred: str, direction: str = "out") -> list[str]:
        return sorted({f.value for f in facts if f.predicate == KG + pred and f.direction == direction})

    # the edges touching this one node, by targeted lookups (a qualified dependency wins
    # over the simple edge between the same two nodes, as everywhere in kg)
    from kg.roadmap.index import dep_edges
    deps = [(d.target, d.type, d.strength) for d in dep_edges(ws, [node], "up")]
    needed = [(d.dependent, d.type, d.strength) for d in dep_edges(ws, [node], "down")]
    deps, needed = sorted(set(deps)), sorted(set(needed))
    phase, status = values("phase"), values("status")
    owners, participants = values("owner"), values("participant")
    links = set(phase + status + owners + participants + [d[0] for d in deps + needed])
    labels = _labels(ws, links | {node}, lang)
    report = checking.check(ws, focus=node) if report is None else report.filtered(focus=node)
    li = 0 if lang == "nb" else 1
    gaps = [{"code": r.code, "severity": r.severity, "path": r.path_text or r.path,
             "message": r.message(lang)} for r in report.results]
    sources = sorted({f.source for f in facts if f.direction == "out"})
    desc = sorted((f.lang != lang, f.value) for f in facts
                  if f.predicate == "http://purl.org/dc/terms/description" and f.direction == "out")
    desc = [d for _, d in desc]
    return {
        "kind": "initiative", **_window(ws, node),
        "description": desc[0] if desc else "",
        "phase": _item(phase[0], labels) if phase else None,
        "status": _item(status[0], labels) if status else None,
        "owners": [_item(o, labels) for o in owners],
        "participants": [_item(p, labels) for p in participants],
        "depends_on": [{**_item(b, labels), "type": t, "strength": s,
                        "words": f"{DEP_WORDS[t][li]}, {DEP_WORDS[s][li]}"} for b, t, s in deps],
        "needed_by": [{**_item(a, labels), "type": t, "strength": s,
                       "words": f"{DEP_WORDS[t][li]}, {DEP_WORDS[s][li]}"} for a, t, s in needed],
        "gaps": gaps,
        "sources": sources,
    }
