"""One module per output; :data:`REGISTRY` is what `kg export FORMAT` offers.

Every format of `kg export` has one writer with one signature, ``writer(ws, target, *,
…options) -> int``: the open workspace, where to write (a binary stream, or a store's URL
for ``to="url"``), then keyword-only options; it returns how much it wrote (bytes, slides,
initiatives; a store's push report). The registry says which of `kg export`'s options each format takes,
so the command line offers its formats and refuses an option a format does not take from
this one table, and the tests run every format.

The diagrams of `kg diagram` are registered in :mod:`kg.exports.diagrams`; the reports
(`kg check`, `kg diff`, `kg import`, `kg report`) are rendered by their commands. A format
whose writer composes several exports (the deck, the initiatives table) names its
:mod:`kg.facade` function. Writers are imported lazily.
"""
from __future__ import annotations

import importlib
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Export:
    """One format of `kg export`."""

    writer: str                 # "module:function", called as function(ws, target, **fixed, **options)
    suffix: str                 # the file it writes (.ttl, .pptx …); "" for a store
    nb: str
    en: str
    options: tuple[str, ...] = ()   # the `kg export` options it takes: lang, source, graph, network, …
    fixed: dict = field(default_factory=dict)   # keywords every call gets (the RDF syntax)
    to: str = "file"            # "file": a binary stream; "url": a SPARQL store's Graph Store endpoint
    counts: tuple[str, str] = ("byte", "bytes")   # what the number the writer returns counts (nb, en)
    kinds: tuple[str, ...] = ()  # the files it can write (its ``kind`` option), when more than its suffix

    @property
    def files(self) -> tuple[str, ...]:
        """The file types this format writes (the web offers each as a download)."""
        return self.kinds or ((self.suffix,) if self.suffix else ())

    def function(self):
        module, _, name = self.writer.partition(":")
        return getattr(importlib.import_module(module), name)

    def write(self, ws, target, **options) -> int:
        """Write the workspace to ``target`` with ``options`` (only those this format takes)."""
        unknown = set(options) - set(self.options)
        if unknown:
            raise TypeError(f"{self.writer} takes no {', '.join(sorted(unknown))}")
        return self.function()(ws, target, **self.fixed, **options)


def _rdf(syntax: str, nb: str, en: str) -> Export:
    return Export("kg.exports.rdf:write", syntax, nb, en, ("source",), {"fmt": syntax})


REGISTRY: dict[str, Export] = {
    "ttl": _rdf("ttl", "Turtle (alle kildene samlet)", "Turtle (the union of all sources)"),
    "trig": _rdf("trig", "TriG (én navngitt graf per kilde)", "TriG (one named graph per source)"),
    "nq": _rdf("nq", "N-Quads (én navngitt graf per kilde)", "N-Quads (one named graph per source)"),
    "nt": _rdf("nt", "N-Triples (alle kildene samlet)", "N-Triples (the union of all sources)"),
    "jsonld": _rdf("jsonld", "JSON-LD (alle kildene samlet)", "JSON-LD (the union of all sources)"),
    "graphml": Export("kg.exports.graph_tables:write_graphml", "graphml", "grafen som GraphML (Gephi, yEd)",
                      "the graph as GraphML (Gephi, yEd)", ("lang",)),
    "csv": Export("kg.exports.graph_tables:write_csv", "csv", "én rad per faktum (CSV, formler nøytralisert)",
                  "one row per fact (CSV, formula cells escaped)", ("lang",)),
    "sparql": Export("kg.exports.sparql_store:push", "", "hver kilde til sin navngitte graf i et SPARQL-lager",
                     "each source to its named graph in a SPARQL store", ("source", "graph", "auth"), to="url"),
    "pptx": Export("kg.facade:deck_pptx", "pptx", "lysbildeserie (16:9, redigerbar tekst, diagrammer som PNG)",
                   "slide deck (16:9, editable text, diagrams as PNG)",
                   ("lang", "network", "title", "template", "gaps"), counts=("lysbilder", "slides")),
    "initiatives": Export("kg.facade:initiatives_file", "xlsx", "ett tiltak per rad (XLSX eller CSV)",
                          "one initiative per row (XLSX or CSV)", ("lang", "network", "kind"),
                          counts=("tiltak", "initiatives"), kinds=("xlsx", "csv")),
}
