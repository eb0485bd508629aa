"""RDF files as they are: Turtle, N-Triples, N-Quads, TriG, JSON-LD and RDF/XML.

The whole file becomes one source (named graph); graph names inside a TriG or N-Quads
file are merged into it, with a warning. A syntax error names the file, line and column
and imports nothing.
"""
from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox

from kg.store import limits
from kg.import_results import ImportContext, ImportReport, ImportResult, Issue, file_sha256
from kg.importers.tabular.contract import source_triples
from kg.textsafe import clean_text, odd_characters
from kg.store.workspace import parse_rdf_file

FORMATS = ("ttl", "nt", "nq", "trig", "jsonld", "rdf")


def read(path: Path, *, ctx: ImportContext, fmt: str = "ttl") -> ImportResult:
    path = Path(path)
    limits.check_file_size(path)
    quads = parse_rdf_file(path, fmt)
    sha = file_sha256(path)
    report = ImportReport(file=str(path), source=ctx.source, format=fmt, sha256=sha, network=ctx.network or "")
    graphs = sorted({str(q.graph_name) for q in quads if not isinstance(q.graph_name, ox.DefaultGraph)})
    if graphs:
        report.warnings.append(Issue(
            str(path), None, None, ", ".join(graphs[:5]) + (" …" if len(graphs) > 5 else ""),
            f"{len(graphs)} named graph(s) in the file were merged into source '{ctx.source}'",
            f"{len(graphs)} navngitte graf(er) i filen ble slått sammen til kilden «{ctx.source}»",
            code="graphs-merged"))
    triples = _clean_literals([q.triple for q in quads], report, str(path))
    if not triples:
        report.warnings.append(Issue(str(path), None, None, None, "the file holds no triples",
                                     "filen inneholder ingen tripler", code="rdf-empty"))
    out = source_triples(ctx, path=str(path), sha256=sha, fmt=fmt) + triples
    meta = {"kind": "import", "title": {"": path.name}, "file": path.name, "sha256": sha,
            "network": ctx.network or ""}
    return ImportResult(out, report, meta)


def _clean_literals(triples: list, report: ImportReport, file: str) -> list:
    """Literals with control characters or noncharacters (U+0007, U+FFFE …) break every
    XML output; each such character is replaced by U+FFFD and the statement reported
    by subject and predicate (an RDF file has no rows)."""
    out = []
    for t in triples:
        o = t.object
        if type(o) is ox.Literal and odd_characters(o.value):
            odd = ", ".join(odd_characters(o.value))
            text = clean_text(o.value)
            o = (ox.Literal(text, language=o.language) if o.language else ox.Literal(text, datatype=o.datatype))
            report.warnings.append(Issue(
                file, None, None, f"{t.subject} {t.predicate}",
                f"a literal held control characters or noncharacters ({odd}); each was replaced by \ufffd",
                f"en literal hadde kontrolltegn eller ikke-tegn ({odd}); hvert ble erstattet med \ufffd",
                code="odd-characters"))
            t = ox.Triple(t.subject, t.predicate, o)
        out.append(t)
    return out
