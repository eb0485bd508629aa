"""`kg query run NAME`: a saved SPARQL query from the queries folder (``NAME.rq``);
`kg query run --list` lists them with their descriptions.

A saved query starts with comment lines that describe it::

    # nb: Tiltak uten eier
    # en: Initiatives with no owner
    # param: id — an optional node, bound to ?id (slug, IRI or label)
    # param-nb: id — en valgfri node, bundet til ?id (slug, IRI eller navn)

Two variables ``?x_nb`` and ``?x_en`` together are one column ``x``, shown in the
language chosen (a label in both languages). Variables may be bound from the command line: ``kg query run deps-of --bind id=ki-plattform``
(the value is resolved as an id; a value that is no id is bound as a plain literal).

Example::

    kg query run --list
    kg query run initiatives-without-owner
"""
from __future__ import annotations

import re
from importlib import resources

from kg.errors import InputError, NotFound
from kg.i18n import Text
from kg.ids import resolve
from kg.results import Table, col
from kg.sparql.guard import check_query

_DESC = re.compile(r"^#\s*(nb|en|param-nb|param)\s*:\s*(.*)$")


def saved() -> dict[str, dict]:
    """Every saved query: name → {nb, en, params, text}."""
    out = {}
    root = resources.files("kg.queries")
    for f in sorted(root.iterdir(), key=lambda f: f.name):
        if not f.name.endswith(".rq"):
            continue
        text = f.read_text(encoding="utf-8")
        meta = {"nb": "", "en": "", "params": [], "params_nb": [], "text": text}
        for line in text.splitlines():
            if not line.startswith("#"):
                break
            m = _DESC.match(line)
            if m:
                if m[1] == "param":
                    meta["params"].append(m[2])
                elif m[1] == "param-nb":
                    meta["params_nb"].append(m[2])
                else:
                    meta[m[1]] = m[2]
        out[f.name[:-3]] = meta
    return out


def listing() -> Table:
    """The saved queries with their descriptions (``kg query run --list``)."""
    rows = [{"name": k, "description": Text(v["nb"] or v["en"], v["en"] or v["nb"]),
             "params": Text("; ".join(v["params_nb"] or v["params"]), "; ".join(v["params"]))}
            for k, v in saved().items()]
    return Table([col("name", "navn", "name"), col("description", "beskrivelse", "description"),
                  col("params", "parametre", "parameters")], rows,
                 title_nb="Lagrede spørringer (kg query run NAVN)", title_en="Saved queries (kg query run NAME)")


def run(ws, *, name: str, bindings: dict[str, str] | None = None) -> Table:
    """Saved query ``name`` with ``bindings`` (variable → id, IRI, label or literal)."""
    queries = saved()
    if name not in queries:
        import difflib
        raise NotFound(f"No saved query named '{name}'.", f"Ingen lagret spørring heter «{name}».",
                       suggestions=difflib.get_close_matches(name, list(queries), n=5, cutoff=0.3) or sorted(queries)[:8])
    meta = queries[name]
    text = meta["text"]
    check_query(text, what=f"kg query run {name}")
    binds = {}
    for k, v in (bindings or {}).items():
        if not re.match(r"^[A-Za-z_][A-Za-z0-9_]*$", k):
            raise InputError(f"'{k}' is not a SPARQL variable name.", f"«{k}» er ikke et SPARQL-variabelnavn.")
        try:
            binds[k] = resolve(ws, v)
        except NotFound:
            binds[k] = _Literal(v)
    if binds:
        from kg.store.workspace import _bind
        text = _bind(text, binds)
    res = ws.query(text)
    names = [v.value for v in res.variables]
    # ?x_nb and ?x_en together are one column x, shown in the language chosen
    pairs = {n[:-3] for n in names if n.endswith("_nb") and n[:-3] + "_en" in names}
    columns = [n[:-3] if n[:-3] in pairs else n for n in names if not (n.endswith("_en") and n[:-3] in pairs)]
    rows = []
    for sol in res:
        row = {n: (None if sol[n] is None else sol[n].value) for n in names}
        for base in pairs:
            nb, en = row.pop(base + "_nb"), row.pop(base + "_en")
            row[base] = Text(nb or en or "", en or nb or "") if (nb or en) else None
        rows.append({c: row[c] for c in columns})
    return Table([col(n, n) for n in columns], rows, title_nb=meta["nb"] or name, title_en=meta["en"] or name,
                 meta={"query": name})


def _Literal(v):
    import pyoxigraph as ox
    return ox.Literal(v)
