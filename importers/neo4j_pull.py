"""Neo4j back into quads: the inverse of kg.exports.neo4j_push (mapping: kg.neo4j.mapping).

Reads the ``(:KgConfig)`` node for the label and relationship-type names the push used,
every ``(:Resource)`` node with facts of its own, every relationship between resources,
and the ``(:KgSource)`` nodes for each source's catalog data. Nodes and relationships that
kg did not write (no ``sources``) are read into the source ``neo4j``.
"""
from __future__ import annotations

import pyoxigraph as ox

from kg.errors import InputError
from kg.neo4j.mapping import GENERIC_REL, RESOURCE, Mapping, PullResult, key_term, undescribe


def pull(conn, *, progress=None) -> PullResult:
    """Read the kg graph from the open Connection ``conn``."""
    cfg = conn.read("MATCH (c:KgConfig) RETURN properties(c) AS c")
    if not cfg:
        raise InputError(
            f"Neo4j at {conn.target.where()} holds no graph pushed by kg (no KgConfig node).",
            f"Neo4j på {conn.target.where()} har ingen graf overført av kg (ingen KgConfig-node).",
            hint_en="Push one first with 'kg neo4j push'.", hint_nb="Overfør en først med «kg neo4j push».")
    mapping = Mapping.from_config(cfg[0]["c"])
    by_type = {v: k for k, v in mapping.rel_types.items()}
    out = PullResult()
    for r in conn.read("MATCH (k:KgSource) RETURN properties(k) AS k"):
        k = r["k"]
        title = {lang: k.get(f"title_{lang}") for lang in ("nb", "en") if k.get(f"title_{lang}")}
        if k.get("title"):
            title[""] = k["title"]
        out.meta[k["name"]] = {"kind": k.get("kind") or "", "title": title, "file": k.get("file") or "",
                               "sha256": k.get("sha256") or ""}
        out.quads.setdefault(k["name"], [])
    n = 0
    for uri, labels, props in conn.stream(
            "MATCH (n:Resource) WHERE n.sources IS NOT NULL OR size(keys(n)) > 1 "
            "RETURN n.uri, labels(n), properties(n)"):
        for s, p, o, g in undescribe(uri, [lab for lab in labels if lab != RESOURCE], props, mapping):
            out.quads.setdefault(g, []).append(ox.Quad(s, p, o))
        n += 1
        if progress and n % 5000 == 0:
            progress(n)
    out.nodes = n
    nrel = 0
    for s, typ, pred, srcs, o in conn.stream(
            "MATCH (a:Resource)-[r]->(b:Resource) RETURN a.uri, type(r), r.predicate, r.sources, b.uri"):
        p = pred if typ == GENERIC_REL and pred else by_type.get(typ)
        if not p:
            continue  # a relationship kg did not write and cannot name
        q = (key_term(s), ox.NamedNode(p), key_term(o))
        for g in (srcs or ["neo4j"]):
            out.quads.setdefault(g, []).append(ox.Quad(*q))
        nrel += 1
    out.relationships = nrel
    return out
