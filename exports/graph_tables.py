"""The graph for Gephi/yEd (GraphML) and for spreadsheets (CSV).

GraphML: one node per resource (IRI) with its id, label in nb and en and its kg type;
one edge per object-property fact with the property's label and the source it came from.
Literals become node attributes only for labels; the full graph is in the RDF exports.

CSV: one row per fact (subject, property, value, and the source), labels beside ids, in
the chosen language. Cells that start with = + - @ are escaped so a spreadsheet does not
run them as formulas.

Example::

    kg export graphml -o roadmap.graphml     # open in Gephi or yEd
    kg --lang en export csv -o facts.csv
"""
from __future__ import annotations

import csv
import io
from xml.sax.saxutils import escape, quoteattr

from kg.ids import labels_for, slug
from kg.textsafe import ODD_CHARS, csv_safe
from kg.vocab import ONT
from kg.store.workspace import source_name

LABEL_PREDICATES = {"http://www.w3.org/2004/02/skos/core#prefLabel"}
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"


def _facts(ws):
    rows = ws.query("SELECT ?s ?p ?o ?g WHERE { GRAPH ?g { ?s ?p ?o } FILTER(?g != kgsrc:catalog && isIRI(?s)) }")
    for r in rows:
        yield r["s"], r["p"], r["o"], source_name(r["g"].value)


def write_graphml(ws, stream, *, lang: str = "nb") -> int:
    nodes: dict[str, dict] = {}
    edges: list[tuple[str, str, str, str]] = []
    for s, p, o, g in _facts(ws):
        si, pi = s.value, p.value
        n = nodes.setdefault(si, {"labels": {}, "types": set()})
        if o.__class__.__name__ == "NamedNode":
            if pi == RDF_TYPE:
                if o.value.startswith(ONT):
                    n["types"].add(o.value)
                continue
            nodes.setdefault(o.value, {"labels": {}, "types": set()})
            edges.append((si, o.value, pi, g))
        elif pi in LABEL_PREDICATES and o.__class__.__name__ == "Literal":
            n["labels"].setdefault(o.language or "", o.value)
    preds = sorted({e[2] for e in edges})
    types = sorted({t for n in nodes.values() for t in n["types"]})
    names = labels_for(ws, preds + types, lang)
    out = io.StringIO()
    out.write('<?xml version="1.0" encoding="UTF-8"?>\n'
              '<graphml xmlns="http://graphml.graphdrawing.org/xmlns">\n'
              '  <key id="id" for="node" attr.name="id" attr.type="string"/>\n'
              '  <key id="label" for="node" attr.name="label" attr.type="string"/>\n'
              '  <key id="label_nb" for="node" attr.name="label_nb" attr.type="string"/>\n'
              '  <key id="label_en" for="node" attr.name="label_en" attr.type="string"/>\n'
              '  <key id="type" for="node" attr.name="type" attr.type="string"/>\n'
              '  <key id="iri" for="node" attr.name="iri" attr.type="string"/>\n'
              '  <key id="property" for="edge" attr.name="property" attr.type="string"/>\n'
              '  <key id="property_iri" for="edge" attr.name="property_iri" attr.type="string"/>\n'
              '  <key id="source" for="edge" attr.name="source" attr.type="string"/>\n'
              '  <graph id="kg" edgedefault="directed">\n')
    ids = {iri: f"n{i}" for i, iri in enumerate(sorted(nodes))}
    for iri in sorted(nodes):
        n = nodes[iri]
        label = n["labels"].get(lang) or n["labels"].get("en" if lang == "nb" else "nb") or slug(iri)
        out.write(f"    <node id={quoteattr(ids[iri])}>")
        for key, value in (("id", slug(iri)), ("label", label), ("label_nb", n["labels"].get("nb", "")),
                           ("label_en", n["labels"].get("en", "")),
                           ("type", ", ".join(names[t] for t in sorted(n["types"]))), ("iri", iri)):
            if value:
                out.write(f'<data key="{key}">{escape(_xml_text(value))}</data>')
        out.write("</node>\n")
    for i, (a, b, p, g) in enumerate(sorted(edges)):
        out.write(f'    <edge id="e{i}" source="{ids[a]}" target="{ids[b]}">'
                  f'<data key="property">{escape(_xml_text(names[p]))}</data>'
                  f'<data key="property_iri">{escape(p)}</data><data key="source">{escape(g)}</data></edge>\n')
    out.write("  </graph>\n</graphml>\n")
    data = out.getvalue().encode("utf-8")
    stream.write(data)
    return len(data)


def _xml_text(s: str) -> str:
    # XML 1.0 cannot carry most control characters nor U+FFFE/U+FFFF, even escaped
    return ODD_CHARS.sub("", s)


def write_csv(ws, stream, *, lang: str = "nb") -> int:
    facts = list(_facts(ws))
    iris = {s.value for s, _, _, _ in facts} | {p.value for _, p, _, _ in facts} | \
           {o.value for _, _, o, _ in facts if o.__class__.__name__ == "NamedNode"}
    names = labels_for(ws, sorted(iris), lang)
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["subject_id", "subject", "property", "value_id", "value", "language", "source"])
    rows = []
    for s, p, o, g in facts:
        is_iri = o.__class__.__name__ == "NamedNode"
        rows.append([slug(s.value), names[s.value], names[p.value],
                     slug(o.value) if is_iri else "", names[o.value] if is_iri else o.value,
                     "" if is_iri else (getattr(o, "language", None) or ""), g])
    rows.sort()
    for r in rows:
        w.writerow([csv_safe(c) for c in r])
    data = buf.getvalue().encode("utf-8")
    stream.write(data)
    return len(data)
