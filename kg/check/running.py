"""Running the compiled check queries and naming what they find, without rdflib: what
:mod:`kg.check.engine` and the re-check after a change (:mod:`kg.check.incremental`, which
works from the compiled queries it kept and so never parses the shapes) share.

A query's rows become :class:`~kg.check.results.CheckResult` objects (:func:`_result`),
the labels, sources and rows of their nodes are looked up (:func:`_enrich`), and
duplicates go (:func:`_dedupe`). :func:`_focus_on` binds a query to one focus node.
"""
from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from kg.check.results import CheckResult, ShapeInfo
from kg.errors import KgError
from kg.ids import slug
from kg.store.workspace import CATALOG, source_name


@dataclass
class Shape:
    """One shape of the shapes graph, with what both engines need to know about it."""

    node: object   # the shape's node: an rdflib term, or its IRI kept as text
    info: ShapeInfo
    queries: list[tuple[str, dict[str, str]]] = field(default_factory=list)  # (SPARQL, messages)
    unsupported: str = ""
    path: str | None = None  # the sh:path of a property shape, as the report names it



def _term_key(t) -> str | None:
    """A pyoxigraph or rdflib term as the report names it: IRI text or literal lexical form."""
    if t is None:
        return None
    return t.value if isinstance(t, (ox.NamedNode, ox.Literal, ox.BlankNode)) else str(t)


def _is_iri(t) -> bool:
    if isinstance(t, ox.NamedNode):
        return True
    rdflib = sys.modules.get("rdflib")   # not imported: no rdflib term can exist
    return rdflib is not None and isinstance(t, rdflib.URIRef)


def _fill(template: str, this: str, value: str | None, path: str | None) -> str:
    if "{" not in template:
        return template
    out = template.replace("{$this}", slug(this)).replace("{?this}", slug(this))
    out = out.replace("{?value}", slug(value) if value else "").replace("{$value}", slug(value) if value else "")
    out = out.replace("{?path}", slug(path.lstrip("^")) if path else "")
    return out


def _result(shape: Shape, messages: dict, focus, path, value) -> CheckResult:
    f = _term_key(focus)
    p = _term_key(path)
    v = _term_key(value)
    value_is_iri = value is not None and _is_iri(value)
    return CheckResult(
        code=shape.info.code, severity=shape.info.severity, focus=f, id=slug(f) if _is_iri(focus) else f,
        path=p, value=v, shape=shape.info.iri,
        messages={k: _fill(t, f, v, p) for k, t in messages.items()},
        path_text=None if p is None else (("^" + slug(p[1:])) if p.startswith("^") else slug(p)),
        value_text=None if v is None else (slug(v) if value_is_iri else v), value_iri=value_is_iri)


def _solutions(ws, query: str) -> list[tuple]:
    res = ws.query(query, prefixes=True)
    names = {v.value for v in res.variables}
    return [(sol["this"], sol["path"] if "path" in names else None, sol["value"] if "value" in names else None)
            for sol in res]


class InMemory:
    """An in-memory Oxigraph store queried like the workspace (its prefixes; the store's
    default graph holds the triples)."""

    def __init__(self, store: ox.Store, prefixes: str):
        self.store, self._prefixes = store, prefixes

    def query(self, sparql: str, prefixes: bool = True):
        return self.store.query((self._prefixes + sparql) if prefixes else sparql)


_THIS = re.compile(r"[?$]this\b")


_ABSENT = re.compile(r"OPTIONAL\s*\{([^{}]*)\}\s*FILTER\s*\(\s*!\s*BOUND\s*\(\s*(\?\w+)\s*\)\s*\)")
_VAR = re.compile(r"[?$]\w+")


def _absent_as_not_exists(body: str) -> str:
    """``OPTIONAL { P } FILTER(!BOUND(?d))`` written as ``FILTER NOT EXISTS { P }`` where
    that means the same: ``?d`` is used nowhere else, and every other variable of P is also
    bound outside it. Oxigraph evaluates an OPTIONAL's right side on its own (every
    initiative's period, 2 s at 1M) but a NOT EXISTS once per row, which is what one node needs."""
    def one(m: re.Match) -> str:
        pattern, var = m[1], m[2]
        rest = body[:m.start()] + body[m.end():]
        if _VAR.findall(pattern).count(var) != 1 or re.search(re.escape(var) + r"\b", rest):
            return m[0]
        if any(not re.search(re.escape(v) + r"\b", rest) for v in set(_VAR.findall(pattern)) - {var}):
            return m[0]
        return "FILTER NOT EXISTS {%s}" % pattern
    return _ABSENT.sub(one, body)


def _focus_on(query: str, node: str) -> str:
    """``query`` with its focus nodes bound to ``node``. Where ``?this`` appears in the
    pattern only (no subquery projects or groups by it), it is replaced by the IRI itself,
    as SHACL's pre-binding does, and bound again at the end for the projection: Oxigraph
    then starts from the node's own triples. A VALUES at the top of the first group is not
    always where Oxigraph starts (a UNION with OPTIONALs and property paths ran over every
    initiative, 4 s at 1M). With a subquery the VALUES form is kept."""
    i = query.find("{", query.upper().find("WHERE"))
    head, body = query[:i + 1], _absent_as_not_exists(query[i + 1:])
    if "SELECT" in body.upper():
        return head + " VALUES ?this { <%s> } " % node + body
    j = body.rfind("}")
    return head + _THIS.sub(lambda m: "<%s>" % node, body[:j]) + " BIND(<%s> AS ?this) " % node + body[j:]


def _enrich(ws, results: list[CheckResult]) -> None:
    """Labels (nb, en) of focus nodes and values; the source and row each focus came from."""
    iris = sorted({r.focus for r in results if r.focus and r.focus.startswith(("http://", "https://", "urn:"))}
                  | {r.value for r in results if r.value and r.value.startswith(("http://", "https://", "urn:"))})
    labels: dict[str, dict[str, str]] = {}
    where: dict[str, tuple[str, int | None, bool]] = {}
    files = {}
    try:
        for s in ws.sources():
            files[s.iri] = Path(s.file).name if s.file else None
    except KgError:
        pass
    for i in range(0, len(iris), 2000):
        chunk = " ".join(str(ox.NamedNode(x)) for x in iris[i:i + 2000])
        for row in ws.select("SELECT ?f ?l WHERE { VALUES ?f { %s } ?f skos:prefLabel ?l FILTER(isLiteral(?l)) }" % chunk):
            labels.setdefault(row["f"].value, {}).setdefault(row["l"].language or "", row["l"].value)
        # which sources hold facts about each node (one row per node and source, not per
        # fact: a node can have hundreds), and which of them give its row and its type
        holders = {(row["f"].value, row["g"].value) for row in ws.select(
            "SELECT DISTINCT ?f ?g WHERE { VALUES ?f { %s } GRAPH ?g { ?f ?p ?o } "
            "FILTER(?g != kgsrc:catalog) }" % chunk)}
        rows: dict[tuple[str, str], int] = {}
        for row in ws.select("SELECT ?f ?g ?row WHERE { VALUES ?f { %s } GRAPH ?g { ?f kg:sourceRow ?row } "
                             "FILTER(?g != kgsrc:catalog && isLiteral(?row)) }" % chunk):
            try:
                key, n = (row["f"].value, row["g"].value), int(row["row"].value)
            except ValueError:   # hand-made RDF: a row that is not a number is no row
                continue
            rows[key] = min(n, rows.get(key, n))   # two rows for one node (hand-made RDF): the first
        typed = {(row["f"].value, row["g"].value) for row in ws.select(
            "SELECT DISTINCT ?f ?g WHERE { VALUES ?f { %s } GRAPH ?g { ?f a ?t } "
            "FILTER(?g != kgsrc:catalog) }" % chunk)}
        for f, g in holders:
            best = where.get(f)
            cand = (g, rows.get((f, g)), (f, g) in typed)
            # prefer the graph that has a row number, then the one that types the node
            if best is None or (cand[1] is not None, cand[2]) > (best[1] is not None, best[2]) \
                    or ((cand[1] is not None, cand[2]) == (best[1] is not None, best[2]) and g < best[0]):
                where[f] = cand
    for r in results:
        r.labels = labels.get(r.focus, {})
        if r.value in labels:
            r.value_labels = labels[r.value]
        if r.focus in where:
            g, rown, _ = where[r.focus]
            r.graph = source_name(g)
            r.source = files.get(g)  # SPEC: the imported file, null for shipped data
            r.row = rown


def _dedupe(results: list[CheckResult]) -> list[CheckResult]:
    seen, out = set(), []
    for r in results:
        k = (r.code, r.severity, r.focus, r.path, r.value, r.shape)
        if k not in seen:
            seen.add(k)
            out.append(r)
    return sorted(out, key=lambda r: r.sort_key())


def catalog_entries(ws) -> tuple[list[str], dict[str, list[str]], list]:
    """(the named graphs' IRIs, graph → its catalog entry as "p o" lines for each source
    graph that has one, every named graph of the store)."""
    entries: dict[str, list[str]] = {}
    for row in ws.query("SELECT ?g ?p ?o WHERE { GRAPH <%s> { ?g ?p ?o } }" % CATALOG):
        entries.setdefault(str(row[0]), []).append(f"{row[1]} {row[2]}")
    named = list(ws.store.named_graphs())
    graphs = sorted(g.value for g in named if isinstance(g, ox.NamedNode))
    cacheable = {g: entries[f"<{g}>"] for g in graphs if g != CATALOG and f"<{g}>" in entries}
    return graphs, cacheable, named
