"""`kg query sparql FILE|-`: a SPARQL query over the workspace (read-only).

The default graph is the union of all sources; ``GRAPH kgsrc:NAME { … }`` reads one
source. The usual prefixes (kg, kgid, kgsrc, skos, dct, prov, org, sdg, …) are predefined.

Example::

    echo 'SELECT (COUNT(*) AS ?n) WHERE { ?i a kg:Initiative }' | kg query sparql -
"""
from __future__ import annotations

import re

from kg.errors import InputError
from kg.results import Table, col

_UPDATE = re.compile(r"\b(INSERT|DELETE|LOAD|CLEAR|CREATE|DROP|COPY|MOVE|ADD)\b\s", re.I)


def _strip(q: str) -> str:
    q = re.sub(r"<[^>\s]*>", "<>", q)
    q = re.sub(r'"""[\s\S]*?"""|\'\'\'[\s\S]*?\'\'\'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'', '""', q)
    return re.sub(r"#[^\n]*", "", q)


def run(ws, text: str, lang: str = "nb"):
    """Run a SELECT, ASK, CONSTRUCT or DESCRIBE query; updates are refused."""
    body = _strip(text)
    if _UPDATE.search(re.sub(r"(?i)\bPREFIX\s+\S*\s*<>", "", body)) and not re.search(r"(?i)\b(SELECT|ASK|CONSTRUCT|DESCRIBE)\b", body):
        raise InputError("kg query sparql only reads; SPARQL Update is not allowed here.",
                         "kg query sparql bare leser; SPARQL Update er ikke tillatt her.")
    if re.search(r"(?i)\bSERVICE\b", body):
        # Oxigraph would send the query (and data bound in it) to that server over HTTP
        raise InputError("kg query sparql only reads the workspace; federated queries (SERVICE) are not allowed.",
                         "kg query sparql leser bare arbeidsområdet; fødererte spørringer (SERVICE) er ikke tillatt.")
    res = ws.query(text)
    if isinstance(res, bool) or res.__class__.__name__ == "QueryBoolean":
        return Table([col("result", "svar", "result")], [{"result": bool(res)}], meta={"boolean": bool(res)})
    if hasattr(res, "variables"):
        names = [v.value for v in res.variables]
        rows = []
        for sol in res:
            row = {}
            for n in names:
                t = sol[n]
                row[n] = None if t is None else t.value
            rows.append(row)
        return Table([col(n, n) for n in names], rows)
    # CONSTRUCT / DESCRIBE: triples
    rows = [{"subject": t.subject.value, "predicate": t.predicate.value, "object": t.object.value} for t in res]
    return Table([col("subject", "subjekt", "subject"), col("predicate", "predikat", "predicate"),
                  col("object", "objekt", "object")], rows)
