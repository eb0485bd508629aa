"""The dependency questions as Cypher on a Neo4j server that holds a kg push.

Same semantics as the local ``kg query`` (kg.roadmap.index / queries/): a qualified
dependency ``(a)-[:qualifiedDependency]->(q)-[:dependencyOn]->(b)`` gives the type
(``dependencyType``) and strength (``strength``); a plain ``(a)-[:dependsOn]->(b)`` alone is
a hard *requires*. Traversals follow the ``dependsOn`` relationships (kg writes one for
every dependency) and read each step's qualification in the same statement.

Every value is a parameter; the only thing put into a statement is a depth, checked to be
an integer.
"""
from __future__ import annotations

import re
from datetime import date

from kg.errors import InputError, NotFound
from kg.i18n import best_label
from kg.ids import LABEL_PROPS, slug
from kg.neo4j.mapping import shorten, split_key
from kg.roadmap.index import STRENGTHS as RI_STRENGTHS, TYPES as RI_TYPES, RoadmapIndex
from kg.vocab import ID, ONT

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


def _labels(var: str, lang: str) -> str:
    """Cypher for the ``lang`` labels of node ``var`` as a list: n10s stores one label as a
    string and several (a name and a long name) as a list."""
    p = f"{var}.`skos__prefLabel@{lang}`"
    return f"(CASE WHEN {p} IS :: LIST<ANY> THEN {p} WHEN {p} IS NULL THEN [] ELSE [{p}] END)"


def resolve(conn, text: str) -> str:
    """An ID as slug, IRI or exact label (case-insensitive) → the node's IRI on the server."""
    rows = conn.read("""
        MATCH (n:Resource) WHERE n.uri = $t OR n.uri = $base + $t
        RETURN n.uri AS uri LIMIT 1""", t=text, base=_SLUG_BASE)
    if not rows:
        rows = conn.read(f"""
            MATCH (n:Resource) WHERE ANY(l IN {_labels("n", "nb")} + {_labels("n", "en")} WHERE toLower(l) = toLower($t))
            RETURN n.uri AS uri ORDER BY uri LIMIT 1""", t=text)
    if not rows:
        near = conn.read(f"""
            MATCH (i:Initiative) WHERE i.uri CONTAINS $t
               OR ANY(l IN {_labels("i", "nb")} WHERE toLower(l) CONTAINS toLower($t))
            RETURN i.uri AS uri, head({_labels("i", "nb")} + {_labels("i", "en")}) AS name
            ORDER BY uri LIMIT 5""", t=text[:40])
        # as every suggestion reads: "name (id)" (kg.ids.named)
        raise NotFound(f"'{text}' is not in the Neo4j graph.", f"«{text}» finnes ikke i Neo4j-grafen.",
                       suggestions=[f"{r['name']} ({_slug(r['uri'])})" if r.get("name") else _slug(r["uri"])
                                    for r in near])
    return rows[0]["uri"]


def _depth(depth) -> str:
    if depth is None:
        return ""
    if not isinstance(depth, int) or depth < 1 or depth > 1000:
        raise InputError("--depth must be a whole number from 1.", "--depth må være et heltall fra 1.")
    return str(depth)


def dep_edges(conn, uris: list[str] | None = None) -> list[dict]:
    """Every dependency edge (dependent, target, type, strength), as kg.roadmap.model.dependencies."""
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


# ---------------------------------------------------------------- impact on a subgraph
# Property keys as kg push writes them (kg.neo4j.mapping.shorten): kg:earliest → kg__earliest.
_EARLIEST = shorten(ONT + "earliest")
_LATEST = shorten(ONT + "latest")
_LABEL_KEYS = [shorten(p) for p in LABEL_PROPS[:2]]  # skos__prefLabel, rdfs__label
_DATE_PREFIX = re.compile(r"^(\d{4}-\d{2}-\d{2})")


def _date_ord(value) -> int:
    """The date ordinal of a pushed value (a native Date, or the lexical form of another
    datatype: ``2026-07-01``, ``2026-07-01T00:00:00``); 0 if none. As kg.roadmap.index
    reads a term: the first YYYY-MM-DD."""
    values = value if isinstance(value, list) else [value]
    out = []
    for v in values:
        text = v.iso_format() if hasattr(v, "iso_format") else v.isoformat() if isinstance(v, date) else str(v)
        m = _DATE_PREFIX.match(text)
        if m:
            try:
                out.append(date.fromisoformat(m[1]).toordinal())
            except ValueError:
                pass
    return min(out) if out else 0


def _instant(props: dict | None) -> tuple[int, int]:
    """(earliest, latest) ordinals of an uncertain instant's properties, whatever the
    datatype key (``kg__earliest``, ``kg__earliest^^xsd__dateTime`` …)."""
    e = l = 0
    for k, v in (props or {}).items():
        try:
            base, _, _ = split_key(k)
        except ValueError:
            continue
        if base == _EARLIEST and not e:
            e = _date_ord(v)
        elif base == _LATEST and not l:
            l = _date_ord(v)
    return e, l


_DEPS_OF = """
    UNWIND $uris AS u MATCH (b:Resource {uri: u})
    CALL {
      WITH b MATCH (a:Resource)-[:qualifiedDependency]->(q)-[:dependencyOn]->(b)
      OPTIONAL MATCH (q)-[:dependencyType]->(t) OPTIONAL MATCH (q)-[:strength]->(s)
      RETURN a, t.uri AS t, s.uri AS s, true AS qual
      UNION
      WITH b MATCH (a:Resource)-[:dependsOn]->(b)
      RETURN a, null AS t, null AS s, false AS qual
    }
    RETURN a.uri AS a, b.uri AS b, t, s, qual, a:Initiative AS a_init ORDER BY a, b, qual, t, s"""


def _add_deps(rows, deps: dict) -> None:
    """Dependency rows into ``deps`` {(a, b): (type, strength)} with kg.roadmap.index's
    rule: a qualified dependency wins over the simple edge between the same two nodes."""
    qualified = set()
    for r in rows:
        key = (r["a"], r["b"])
        if r["qual"]:
            if key not in qualified:
                qualified.add(key)
                deps[key] = (TYPES.get(r["t"], "requires"), "soft" if r["s"] == SOFT else "hard")
        elif key not in deps:
            deps[key] = ("requires", "hard")


_DEPS_UP = """
    UNWIND $uris AS u MATCH (a:Resource {uri: u})
    CALL {
      WITH a MATCH (a)-[:qualifiedDependency]->(q)-[:dependencyOn]->(b:Resource)
      OPTIONAL MATCH (q)-[:dependencyType]->(t) OPTIONAL MATCH (q)-[:strength]->(s)
      RETURN b, t.uri AS t, s.uri AS s, true AS qual
      UNION
      WITH a MATCH (a)-[:dependsOn]->(b:Resource)
      RETURN b, null AS t, null AS s, false AS qual
    }
    RETURN a.uri AS a, b.uri AS b, t, s, qual, b:Initiative AS b_init ORDER BY a, b, qual, t, s"""


def impact_index(conn, iri) -> RoadmapIndex:
    """The part of the roadmap that ``kg query impact`` reads for changes of ``iri`` (one
    IRI or a list), as a :class:`kg.roadmap.index.RoadmapIndex` (only these nodes), so
    that the scheduling model (kg.roadmap.schedule, via kg.queries.impact.compute) runs on it
    unchanged and gives the local answer: the origins; for a regulation, the initiatives
    that require it in force; everything reachable from those along hard dependencies
    (what a change can move); then everything those depend on, all the way up (what
    their schedule depends on), with every dependency edge between them; of each
    initiative its period (earliest/latest of start and end), status, phase and the
    regulations it requires in force; of each regulation its entry-into-force window."""
    origins = [iri] if isinstance(iri, str) else list(iri)
    rif: list[tuple[str, str]] = []
    deps: dict[tuple[str, str], tuple[str, str]] = {}
    inits: set[str] = set()
    nodes: set[str] = set(origins)
    seeds: list[str] = []
    for o in origins:
        head = conn.read("""MATCH (o:Resource {uri: $id})
            OPTIONAL MATCH (x:Initiative)-[:requiresInForce]->(o)
            RETURN o:Initiative AS init, o:Regulation AS reg, collect(DISTINCT x.uri) AS needs""", id=o)
        if not head:
            raise NotFound(f"'{_slug(o)}' is not in the Neo4j graph.", f"«{_slug(o)}» finnes ikke i Neo4j-grafen.")
        h = head[0]
        if h["init"]:
            inits.add(o)
            seeds.append(o)
        if h["reg"]:
            inits.update(h["needs"])
            nodes.update(h["needs"])
            seeds += list(h["needs"])
    # breadth first along hard dependencies, one statement per level
    seen = set(seeds)
    frontier = sorted(seen)
    while frontier:
        rows = conn.read(_DEPS_OF, uris=frontier)
        level: dict[tuple[str, str], tuple[str, str]] = {}
        _add_deps(rows, level)
        for r in rows:
            nodes.add(r["a"])
            if r["a_init"]:
                inits.add(r["a"])
        deps.update(level)
        nxt = {a for (a, _), (_, strength) in level.items() if strength == "hard" and a in inits and a not in seen}
        seen |= nxt
        frontier = sorted(nxt)
    # then up: everything the reached initiatives depend on, to the roots
    up_seen = set(inits)
    frontier = sorted(inits)
    while frontier:
        rows = conn.read(_DEPS_UP, uris=frontier)
        level = {}
        _add_deps(rows, level)
        deps.update(level)
        nxt = set()
        for r in rows:
            nodes.add(r["b"])
            if r["b_init"]:
                inits.add(r["b"])
                if r["b"] not in up_seen:
                    nxt.add(r["b"])
        up_seen |= nxt
        frontier = sorted(nxt)
    for r in conn.read("""UNWIND $uris AS u MATCH (a:Initiative {uri: u})-[:requiresInForce]->(g:Regulation)
                          RETURN a.uri AS a, g.uri AS g ORDER BY a, g""", uris=sorted(inits)):
        rif.append((r["a"], r["g"]))
        nodes.add(r["g"])
    nodes |= inits
    # the nodes' own data
    data = {r["u"]: r for r in conn.read("""
        UNWIND $uris AS u MATCH (n:Resource {uri: u})
        OPTIONAL MATCH (n)-[:period]->(p)
        WITH u, n, p ORDER BY p.uri
        WITH u, n, head(collect(p)) AS p
        OPTIONAL MATCH (p)-[:time__hasBeginning]->(s)
        OPTIONAL MATCH (p)-[:time__hasEnd]->(e)
        OPTIONAL MATCH (n)-[:status]->(st)
        OPTIONAL MATCH (n)-[:phase]->(ph)
        OPTIONAL MATCH (n)-[:entryIntoForce]->(x)
        WITH u, n, s, e, st, ph, x ORDER BY s.uri, e.uri, st.uri, ph.uri, x.uri
        RETURN u, n:Initiative AS init, n:Regulation AS reg, head(collect(properties(s))) AS s,
               head(collect(properties(e))) AS e, head(collect(st.uri)) AS st, head(collect(ph.uri)) AS ph,
               head(collect(properties(x))) AS x""",
        uris=sorted(nodes))}
    init_list = sorted(u for u in nodes if data.get(u) and data[u]["init"])
    iris = list(init_list)
    pos = {x: i for i, x in enumerate(iris)}

    def ix(x: str) -> int:
        if x not in pos:
            pos[x] = len(iris)
            iris.append(x)
        return pos[x]

    n = len(init_list)
    sE, sL, eE, eL, status = [0] * n, [0] * n, [0] * n, [0] * n, [-1] * n
    for i, u in enumerate(init_list):
        d = data[u]
        if d["s"] is not None:
            sE[i], sL[i] = _instant(d["s"])
            if sL[i] and not sE[i]:
                sE[i] = sL[i]
        if d["e"] is not None:
            eE[i], eL[i] = _instant(d["e"])
            if eL[i] and not eE[i]:
                eE[i] = eL[i]
    for u in sorted(nodes):
        ix(u)
    phase = [-1] * n
    for i, u in enumerate(init_list):
        if data[u]["st"]:
            status[i] = ix(data[u]["st"])
        if data[u].get("ph"):
            phase[i] = ix(data[u]["ph"])
    regs: dict[int, tuple[int, int]] = {}
    for u in sorted(nodes):
        d = data.get(u)
        if d and d["reg"]:
            e, l = _instant(d["x"])
            regs[ix(u)] = (e or l, l)
    src = [pos[a] for a, _ in rif if a in pos and pos[a] < n]
    dst = [pos[b] for a, b in rif if a in pos and pos[a] < n]
    types = {t: k for k, t in enumerate(RI_TYPES)}
    strengths = {s: k for k, s in enumerate(RI_STRENGTHS)}
    keys = sorted((ix(a), ix(b)) for a, b in deps)
    by_ix = {(pos[a], pos[b]): v for (a, b), v in deps.items()}
    return RoadmapIndex(
        iris=iris, n_init=n, sE=sE, sL=sL, eE=eE, eL=eL, phase=phase, status=status,
        links={"requires_in_force": (src, dst)},
        dep_a=[k[0] for k in keys], dep_b=[k[1] for k in keys],
        dep_t=[types[by_ix[k][0]] for k in keys], dep_s=[strengths[by_ix[k][1]] for k in keys],
        dep_g=[0] * len(keys), sources=["neo4j"], regs=regs)


def labels(conn, uris: list[str], lang: str) -> dict[str, str]:
    """The best label of each node in ``lang``, as kg.ids.labels_for: skos:prefLabel, then
    rdfs:label (each in ``lang``, then the other language, then any), then the slug."""
    uris = list(dict.fromkeys(uris))
    per: dict[str, dict[str, dict[str, str]]] = {}
    for r in conn.read("""
            UNWIND $uris AS u MATCH (n:Resource {uri: u})
            RETURN u, [k IN keys(n) WHERE any(p IN $props WHERE k = p OR k STARTS WITH p + '@' OR k STARTS WITH p + '^^')
                       | [k, n[k]]] AS ls""", uris=uris, props=_LABEL_KEYS):
        for k, v in r["ls"]:
            base, lang_, _ = split_key(k)
            vals = v if isinstance(v, list) else [v]
            per.setdefault(r["u"], {}).setdefault(base, {})[lang_ or ""] = str(sorted(map(str, vals))[0])
    out = {}
    for u in uris:
        got = per.get(u, {})
        for p in _LABEL_KEYS:
            if p in got:
                out[u] = best_label(got[p], lang)
                break
        else:
            out[u] = slug(u)
    return out
