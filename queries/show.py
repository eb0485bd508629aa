"""`kg query show ID`: one node with every fact about it and the source of each fact.

Example::

    kg query show ki-plattform --lang en
"""
from __future__ import annotations

from kg.ids import labels_for, resolve, slug
from kg.results import NodeFact, NodeView
from kg.workspace import source_name

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"


def run(ws, id: str, lang: str = "nb", incoming: bool = True) -> NodeView:
    node = resolve(ws, id)
    out = ws.select("SELECT ?p ?o ?g WHERE { GRAPH ?g { ?s ?p ?o } FILTER(?g != kgsrc:catalog) }", s=node)
    inc = ws.select("SELECT ?p ?o ?g WHERE { GRAPH ?g { ?o ?p ?s } FILTER(isIRI(?o) && ?g != kgsrc:catalog) }", s=node) if incoming else []
    iris = {node}
    for r in out + inc:
        iris.add(r["p"].value)
        if r["o"].__class__.__name__ == "NamedNode":
            iris.add(r["o"].value)
    labels = labels_for(ws, iris, lang)
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
    return NodeView(iri=node, id=slug(node), label=labels[node], types=types, facts=facts)
