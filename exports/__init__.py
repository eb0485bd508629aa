"""One module per output, behind one registry keyed by a stable name.

Each exporter writes one result object to one stream. Modules are imported lazily.
"""
from __future__ import annotations

import importlib

# name -> (module, description nb, description en)
REGISTRY: dict[str, tuple[str, str, str]] = {
    "table": ("kg.exports.table", "tabeller som tekst, JSON, CSV og Markdown", "tables as text, JSON, CSV and Markdown"),
    "graph-tables": ("kg.exports.graph_tables", "grafen som GraphML og CSV", "the graph as GraphML and CSV"),
    "rdf": ("kg.exports.rdf", "grafen i RDF-formater", "the graph in RDF formats"),
    "import_report": ("kg.exports.import_report", "importrapport rad for rad (tekst, JSON)",
                      "the row-by-row import report (text, JSON)"),
    "check": ("kg.exports.check_report", "gap-rapporten som tekst, JSON, Markdown, HTML og SHACL-Turtle",
              "the gap report as text, JSON, Markdown, HTML and SHACL Turtle"),
    "diff_report": ("kg.exports.diff_report", "endringer mellom to versjoner av veikartet (tekst, Markdown, JSON, HTML)",
                    "changes between two versions of the roadmap (text, Markdown, JSON, HTML)"),
    "diagram-dependencies": ("kg.exports.diagrams.dependencies", "avhengighetsdiagram (DOT, Mermaid-flytskjema)",
                             "the dependency diagram (DOT, Mermaid flowchart)"),
    "diagram-timeline": ("kg.exports.diagrams.timeline", "tidslinje og tavle (DOT, Mermaid-gantt)",
                         "the timeline and the board (DOT, Mermaid gantt)"),
    "diagram-target": ("kg.exports.diagrams.target", "felles målbilde (DOT, Mermaid)",
                       "the shared target picture (DOT, Mermaid)"),
    "diagram-map": ("kg.exports.diagrams.map", "kart over kommunene (SVG)", "the map of the municipalities (SVG)"),
    "render": ("kg.exports.diagrams.render", "DOT til SVG, PNG og PDF med graphviz; SVG til PNG og PDF med rsvg-convert",
               "DOT to SVG, PNG and PDF with graphviz; SVG to PNG and PDF with rsvg-convert"),
    "report": ("kg.exports.report", "selvstendig HTML-rapport", "the self-contained HTML report"),
    "deck": ("kg.exports.slides.pptx", "lysbildeserie (PPTX, 16:9, redigerbar tekst)", "slide deck (PPTX, 16:9, editable text)"),
    "initiatives": ("kg.exports.initiatives", "ett tiltak per rad (XLSX, CSV)", "one initiative per row (XLSX, CSV)"),
}

# RDF serialisations of `kg export`: name -> (suffix, description)
RDF_EXPORTS = {
    "ttl": ("ttl", "Turtle (union of all sources)"),
    "trig": ("trig", "TriG (one named graph per source)"),
    "nq": ("nq", "N-Quads (one named graph per source)"),
    "nt": ("nt", "N-Triples (union of all sources)"),
    "jsonld": ("jsonld", "JSON-LD (union of all sources)"),
}


def get(name: str):
    return importlib.import_module(REGISTRY[name][0])
