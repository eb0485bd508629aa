"""The dependency questions as Cypher on a Neo4j server that holds a kg push.

Same semantics as the local ``kg query`` (kg.roadmap_index / queries/): a qualified
dependency ``(a)-[:qualifiedDependency]->(q)-[:dependencyOn]->(b)`` gives the type
(``dependencyType``) and strength (``strength``); a plain ``(a)-[:dependsOn]->(b)`` alone is
a hard *requires*. Traversals follow the ``dependsOn`` relationships (kg writes one for
every dependency) and read each step's qualification in the same statement.

Every value is a parameter; the only thing put into a statement is a depth, checked to be
an integer.
"""
from __future__ import annotations

from .errors import InputError, NotFound
from .vocab import ID

SOFT = str(ID["styrke-myk"])
TYPES = {str(ID["avh-krever"]): "requires", str(ID["avh-muliggjor"]): "enables",
         str(ID["avh-informerer"]): "informs"}
_SLUG_BASE = str(ID)

# a relationship r (a dependsOn step) is soft when a qualified form says so
_IS_SOFT = ("EXISTS { MATCH (sa)-[:qualifiedDependency]->(q)-[:dependencyOn]->(eb) "
            "WHERE sa = startNode(r) AND eb = endNode(r) "
            "MATCH (q)-[:strength]->(st) WHERE st.uri = $soft }")


def _slug(uri: str) -> str:
    return uri[len(_SLUG_BASE):] if uri.startswith(_SLUG_BASE) else uri


def resolve(conn, text: str) -> str:
    """An ID as slug, IRI or exact label (case-insensitive) → the node's IRI on the server."""
    rows = conn.read("""
        MATCH (n:Resource) WHERE n.uri = $t OR n.uri = $base + $t
        RETURN n.uri AS uri LIMIT 1""", t=text, base=_SLUG_BASE)
    if not rows:
        rows = conn.read("""
            MATCH (n:Resource) WHERE toLower(n.`skos__prefLabel@nb`) = toLower($t)
               OR toLower(n.`skos__prefLabel@en`) = toLower($t)
            RETURN n.uri AS uri ORDER BY uri LIMIT 1""", t=text)
    if not rows:
        near = conn.read("""
            MATCH (i:Initiative) WHERE i.uri CONTAINS $t OR toLower(i.`skos__prefLabel@nb`) CONTAINS toLower($t)
            RETURN i.uri AS uri ORDER BY uri LIMIT 5""", t=text[:40])
        raise NotFound(f"'{text}' is not in the Neo4j graph.", f"«{text}» finnes ikke i Neo4j-grafen.",
                       suggestions=[_slug(r["uri"]) for r in near])
    return rows[0]["uri"]


def _depth(depth) -> str:
    if depth is None:
        return ""
    if not isinstance(depth, int) or depth < 1 or depth > 1000:
        raise InputError("--depth must be a whole number from 1.", "--depth må være et heltall fra 1.")
    return str(depth)


def dep_edges(conn, uris: list[str] | None = None) -> list[dict]:
    """Every dependency edge (dependent, target, type, strength), as kg.model.dependencies."""
    rows = conn.read("""
        MATCH (a:Resource)-[:qualifiedDependency]->(q)-[:dependencyOn]->(b:Resource)
        OPTIONAL MATCH (q)-[:dependencyType]->(t) OPTIONAL MATCH (q)-[:strength]->(s)
        RETURN a.uri AS a, b.uri AS b, t.uri AS t, s.uri AS s
        UNION
        MATCH (a:Resource)-[:dependsOn]->(b:Resource)
        WHERE NOT EXISTS { MATCH (a)-[:qualifiedDependency]->()-[:dependencyOn]->(b) }
        RETURN a.uri AS a, b.uri AS b, null AS t, null AS s""")
    out = {}
    for r in rows:
        key = (r["a"], r["b"])
        if key in out and r["t"] is None and r["s"] is None:
            continue
        out[key] = {"dependent": r["a"], "target": r["b"], "type": TYPES.get(r["t"], "requires"),
                    "strength": "soft" if r["s"] == SOFT else "hard"}
    return sorted(out.values(), key=lambda d: (d["dependent"], d["target"]))


def deps(conn, iri: str, direction: str = "both", depth: int | None = None, hard_only: bool = False) -> list[dict]:
    """Edges reached from ``iri``: [{direction, level, dependent, target, type, strength}]."""
    d = _depth(depth)
    out = []
    for dr in (["up", "down"] if direction == "both" else [direction]):
        pattern = f"(root)-[:dependsOn*1..{d}]->(x)" if dr == "up" else f"(root)<-[:dependsOn*1..{d}]-(x)"
        hard = ("AND all(r IN relationships(p) WHERE NOT " + _IS_SOFT + ")") if hard_only else ""
        rows = conn.read(f"""
            MATCH (root:Resource {{uri: $id}})
            OPTIONAL MATCH p = {pattern} WHERE true {hard}
            WITH root, x, min(length(p)) AS lvl
            WITH root, collect([x, lvl]) AS reached
            UNWIND [[root, 0]] + [e IN reached WHERE e[0] IS NOT NULL] AS e
            WITH e[0] AS a, e[1] AS lvl
            MATCH (a)-[r:dependsOn]-(b) WHERE {'startNode(r) = a' if dr == 'up' else 'endNode(r) = a'}
            WITH a, lvl, r, b
            OPTIONAL MATCH (sa)-[:qualifiedDependency]->(q)-[:dependencyOn]->(eb)
              WHERE sa = startNode(r) AND eb = endNode(r)
            OPTIONAL MATCH (q)-[:dependencyType]->(t) OPTIONAL MATCH (q)-[:strength]->(s)
            RETURN DISTINCT startNode(r).uri AS dependent, endNode(r).uri AS target, lvl + 1 AS level,
                   t.uri AS t, s.uri AS s""", id=iri, soft=SOFT)
        for r in rows:
            strength = "soft" if r["s"] == SOFT else "hard"
            if hard_only and strength == "soft":
                continue
            if depth is not None and r["level"] > depth:
                continue
            out.append({"direction": dr, "level": r["level"], "dependent": r["dependent"], "target": r["target"],
                        "type": TYPES.get(r["t"], "requires"), "strength": strength})
    out.sort(key=lambda e: (e["direction"], e["level"], e["dependent"], e["target"]))
    return out


def paths(conn, a: str, b: str, hard_only: bool = False, limit: int = 100) -> tuple[list[list[str]], str]:
    """Every dependency path from a to b (a depends on b, transitively), shortest first;
    if none, those from b to a. Returns (paths as lists of IRIs, direction)."""
    hard = ("AND all(r IN relationships(p) WHERE NOT " + _IS_SOFT + ")") if hard_only else ""
    for x, y, direction in ((a, b, "forward"), (b, a, "reverse")):
        rows = conn.read(f"""
            MATCH p = (s:Resource {{uri: $x}})-[:dependsOn*1..]->(t:Resource {{uri: $y}})
            WHERE all(n IN nodes(p) WHERE single(m IN nodes(p) WHERE m = n)) {hard}
            RETURN [n IN nodes(p) | n.uri] AS ids ORDER BY length(p), ids LIMIT $limit""",
            x=x, y=y, limit=limit, soft=SOFT)
        if rows:
            return [r["ids"] for r in rows], direction
        if a == b:
            break
    return [], "none"


def waves(conn, hard_only: bool = False) -> list[list[str]]:
    """The initiatives in waves: wave k needs only waves before it (the longest chain of
    prerequisites below an initiative, plus one)."""
    hard = ("AND all(r IN relationships(p) WHERE NOT " + _IS_SOFT + ")") if hard_only else ""
    rows = conn.read(f"""
        MATCH (i:Initiative)
        OPTIONAL MATCH p = (i)-[:dependsOn*1..]->(x:Initiative)
          WHERE all(n IN nodes(p) WHERE n:Initiative) {hard}
        RETURN i.uri AS i, coalesce(max(length(p)), 0) + 1 AS wave""", soft=SOFT)
    n = max((r["wave"] for r in rows), default=0)
    out: list[list[str]] = [[] for _ in range(n)]
    for r in rows:
        out[r["wave"] - 1].append(r["i"])
    return [sorted(w) for w in out if w]


def critical_path(conn, iri: str) -> list[str]:
    """The longest chain of hard dependencies ending at ``iri`` (first prerequisite first)."""
    rows = conn.read(f"""
        MATCH (t:Resource {{uri: $id}})
        OPTIONAL MATCH p = (t)-[:dependsOn*1..]->(x)
          WHERE all(r IN relationships(p) WHERE NOT {_IS_SOFT})
        WITH t, p ORDER BY length(p) DESC, [n IN nodes(p) | n.uri] LIMIT 1
        RETURN CASE WHEN p IS NULL THEN [t.uri] ELSE [n IN nodes(p) | n.uri] END AS chain""", id=iri, soft=SOFT)
    return list(reversed(rows[0]["chain"])) if rows else [iri]


def impact_reach(conn, iri: str) -> list[str]:
    """Everything that hard-depends on ``iri``, directly or through others (what a slip of
    ``iri`` can move), or that requires it in force if it is a regulation."""
    rows = conn.read(f"""
        MATCH (o:Resource {{uri: $id}})
        OPTIONAL MATCH (x:Initiative)-[:requiresInForce]->(o)
        WITH o, collect(x) AS direct
        UNWIND [o] + direct AS s
        OPTIONAL MATCH p = (y)-[:dependsOn*1..]->(s)
          WHERE all(r IN relationships(p) WHERE NOT {_IS_SOFT})
        WITH o, direct, collect(DISTINCT y) AS down
        UNWIND direct + down AS m
        WITH DISTINCT m WHERE m IS NOT NULL AND m.uri <> $id
        RETURN m.uri AS uri ORDER BY uri""", id=iri, soft=SOFT)
    return [r["uri"] for r in rows]


def starts_ends(conn, uris: list[str]) -> dict[str, dict]:
    """Earliest start and end dates of the given initiatives, for impact arithmetic."""
    rows = conn.read("""
        UNWIND $uris AS u MATCH (i:Resource {uri: u})
        OPTIONAL MATCH (i)-[:period]->(p)
        OPTIONAL MATCH (p)-[:time__hasBeginning]->(s)
        OPTIONAL MATCH (p)-[:time__hasEnd]->(e)
        RETURN u, s.kg__earliest AS se, s.kg__latest AS sl, e.kg__earliest AS ee, e.kg__latest AS el""", uris=uris)
    return {r["u"]: r for r in rows}
