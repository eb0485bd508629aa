"""`kg query sparql FILE|-`: a SPARQL query over the workspace (read-only).

The default graph is the union of all sources; ``GRAPH kgsrc:NAME { … }`` reads one
source. The usual prefixes (kg, kgid, kgsrc, skos, dct, prov, org, sdg, …) are predefined.

Example::

    echo 'SELECT (COUNT(*) AS ?n) WHERE { ?i a kg:Initiative }' | kg query sparql -
"""
from __future__ import annotations

from kg.results import Table, col
from kg.sparql.guard import check_query


def run(ws, text: str, lang: str = "nb"):
    """Run a SELECT, ASK, CONSTRUCT or DESCRIBE query; updates and SERVICE are refused."""
    # decided on the parsed query (kg.sparql.guard): no update, LOAD or SERVICE
    check_query(text)
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
