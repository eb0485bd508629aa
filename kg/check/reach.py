"""How far a change of the data can reach into the results of one compiled check query.

:func:`analyse` reads a compiled query (SPARQL text, ``?this`` the focus node) once and
keeps, as plain data (JSON-ready, cached by :mod:`kg.check.incremental`), its triple
patterns ("edges") and, per edge, which other edges a walk from that edge to ``?this`` may
use. :func:`affected` then takes the triples added to and removed from the data and walks
the data from every changed triple to the focus nodes whose results it can change.

Why the walk finds every such focus node
    A result of focus ``f`` changes only if some solution of some part of the query
    (the main pattern, an OPTIONAL, a FILTER [NOT] EXISTS, a sub-select) exists in the
    old data and not in the new, or the other way round, with ``?this = f``. Such a
    solution μ matches a changed triple ``t`` to one of its triple patterns ``e``. μ
    also satisfies every pattern of ``e``'s group and of the groups around it (an
    OPTIONAL or EXISTS extends the outer solution; the branch of each UNION that μ took),
    so if those patterns connect an end of ``e`` to ``?this`` through variables, walking
    the data (old ∪ new: the store now plus the removed triples) along them from ``t``
    reaches ``μ(?this) = f``. :func:`analyse` checks this connection for every choice
    of UNION branches; where it fails (a pattern not joined to ``?this``, a variable
    predicate, a negated path, MINUS, GRAPH) the edge is *unbounded*: a change matching
    it makes the caller run the whole query. Constants are never walked through (a
    class or a date shared by thousands of nodes would reach them all); only paths
    through variables count, which the check above guarantees exist. Property paths
    are walked as they are (``*``/``+`` to a fixpoint), so a changed link deep in a
    dependency chain reaches every initiative whose chain passes through it.
"""
from __future__ import annotations

import itertools

import pyoxigraph as ox

RDF_TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
THIS = "?this"


class Unbounded(Exception):
    """The query (or a changed triple matching one of its patterns) cannot be bounded."""


class TooBig(Exception):
    """A walk recorded more triples than :attr:`Data.cap` allows."""


# ---------------------------------------------------------------------------- analysis


def _term(t) -> str:
    from rdflib import BNode, Literal, URIRef, Variable
    if isinstance(t, Variable):
        return "?" + str(t)
    if isinstance(t, BNode):          # a blank node in a pattern is a variable
        return "?_:b" + str(t)
    if isinstance(t, URIRef):
        return f"<{t}>"
    if isinstance(t, Literal):
        return "L" + t.n3()
    raise Unbounded(f"term {t!r}")


def _path(p):
    """A predicate or property path as data: "<iri>", ["inv", x], ["seq", [..]],
    ["alt", [..]], ["mul", x]."""
    from rdflib import URIRef
    from rdflib.paths import AlternativePath, InvPath, MulPath, SequencePath
    if isinstance(p, URIRef):
        return f"<{p}>"
    if isinstance(p, InvPath):
        return ["inv", _path(p.arg)]
    if isinstance(p, SequencePath):
        return ["seq", [_path(x) for x in p.args]]
    if isinstance(p, AlternativePath):
        return ["alt", [_path(x) for x in p.args]]
    if isinstance(p, MulPath):
        return ["mul", _path(p.path)]
    raise Unbounded(f"predicate {p!r}")   # a variable, a negated property set


def path_iris(p) -> set[str]:
    if isinstance(p, str):
        return {p}
    if p[0] in ("inv", "mul"):
        return path_iris(p[1])
    return set().union(*(path_iris(x) for x in p[1]))


class _Scope:
    def __init__(self, parent=None, union=None):
        self.parent, self.union = parent, union   # union: the union (list of scopes) holding it
        self.edges: list[int] = []
        self.unions: list[list[_Scope]] = []
        self.kids: list[_Scope] = []              # OPTIONAL, [NOT] EXISTS, sub-selects
        if parent is not None and union is None:
            parent.kids.append(self)


def analyse(query: str) -> dict:
    """The query's edges ``[[a, path, b], …]`` and per edge ``region`` (the edges a walk
    from it may use) or ``None`` (unbounded). Raises :class:`Unbounded` when the query
    as a whole cannot be bounded."""
    from rdflib.plugins.sparql.algebra import translateQuery
    from rdflib.plugins.sparql.parser import parseQuery
    try:
        algebra = translateQuery(parseQuery(query)).algebra
    except Exception as e:  # noqa: BLE001  (rdflib raises many kinds)
        raise Unbounded(f"unparsable: {e}") from None
    edges: list[list] = []
    root = _Scope()
    scope_of: list[_Scope] = []
    _collect(algebra, root, edges, scope_of)
    regions = []
    for i in range(len(edges)):
        regions.append(_region(i, edges, scope_of))
    return {"edges": edges, "region": regions, "ways": _ways(root, edges)}


def _whole(scope: _Scope):
    """Every conjunctive pattern the query evaluates in ``scope``: one branch of each
    UNION, each OPTIONAL / EXISTS / sub-select with or without its own patterns."""
    options = [[list(scope.edges)]]
    for u in scope.unions:
        options.append([e for b in u for e in _whole(b)])
    for k in scope.kids:
        options.append([[]] + list(_whole(k)))
    for combo in itertools.product(*options):
        yield [e for part in combo for e in part]


def _ways(root: _Scope, edges: list) -> list[list] | None:
    """[edge, forward] pairs :func:`neighbourhood` walks, or None when some pattern the
    query evaluates has a part not joined to ``?this`` through variables. In each such
    pattern the variables get their distance from ``?this``; an edge is walked from the
    nearer end (both ways at equal distance, always from a variable towards a constant),
    so every solution's nodes are reached from its focus node without going back through
    a shared node (a class, a municipality) to all its neighbours."""
    ways: set[tuple[int, bool]] = set()
    for es in _whole(root):
        level = {THIS: 0}
        frontier = [THIS]
        while frontier:
            nxt = []
            for n in frontier:
                for e in es:
                    a, _, b = edges[e]
                    for u, v in ((a, b), (b, a)):
                        if u == n and v.startswith("?") and v not in level:
                            level[v] = level[n] + 1
                            nxt.append(v)
            frontier = nxt
        for e in es:
            a, _, b = edges[e]
            la, lb = level.get(a), level.get(b)
            if (a.startswith("?") and la is None) or (b.startswith("?") and lb is None) or \
                    (la is None and lb is None):
                return None
            if la is not None and (lb is None or la <= lb):
                ways.add((e, True))
            if lb is not None and (la is None or lb <= la):
                ways.add((e, False))
    return sorted([e, f] for e, f in ways)


def _collect(node, scope: _Scope, edges: list, scope_of: list) -> None:
    from rdflib.plugins.sparql.algebra import translateGroupGraphPattern, translatePath, traverse
    from rdflib.plugins.sparql.parserutils import CompValue
    if isinstance(node, (list, tuple)):
        for x in node:
            _collect(x, scope, edges, scope_of)
        return
    if not isinstance(node, CompValue):
        return
    name = node.name
    if name in ("Minus", "Graph", "ServiceGraphPattern", "SERVICE"):
        raise Unbounded(name)
    if name == "GroupGraphPatternSub":     # an EXISTS pattern rdflib left untranslated
        node = translateGroupGraphPattern(traverse(node, visitPost=translatePath))
        _collect(node, scope, edges, scope_of)
        return
    if name in ("BGP", "TriplesBlock"):
        for s, p, o in node.triples:
            edge = [_term(s), _path(p), _term(o)]
            if edge in edges:              # the same pattern twice (two branches, a repeat)
                j = edges.index(edge)
                if scope_of[j] is scope or _is_ancestor(scope_of[j], scope):
                    continue
            edges.append(edge)
            scope_of.append(scope)
            scope.edges.append(len(edges) - 1)
        return
    if name == "Union":
        branches: list[_Scope] = []
        union: list[_Scope] = []
        for part in _union_parts(node):
            b = _Scope(scope, union)
            _collect(part, b, edges, scope_of)
            branches.append(b)
        union.extend(branches)
        scope.unions.append(union)
        return
    if name in ("LeftJoin",):
        _collect(node.p1, scope, edges, scope_of)
        kid = _Scope(scope)
        _collect(node.p2, kid, edges, scope_of)
        _collect(node.get("expr"), kid, edges, scope_of)
        return
    if name in ("Builtin_EXISTS", "Builtin_NOTEXISTS", "ToMultiSet"):
        kid = _Scope(scope)        # a pattern evaluated with (or joined to) the outer solution
        _collect(node.get("graph") if name != "ToMultiSet" else node.p, kid, edges, scope_of)
        return
    for k, v in node.items():
        if k != "_vars":
            _collect(v, scope, edges, scope_of)


def _is_ancestor(a: _Scope, b: _Scope) -> bool:
    while b is not None:
        if b is a:
            return True
        b = b.parent
    return False


def _union_parts(node):
    from rdflib.plugins.sparql.parserutils import CompValue
    for p in (node.p1, node.p2):
        if isinstance(p, CompValue) and p.name == "Union":
            yield from _union_parts(p)
        else:
            yield p


def _choices(scope: _Scope, skip_union=None):
    """Every set of edges a solution may satisfy in ``scope`` and the UNION branches
    inside it (one branch per union), except inside ``skip_union``."""
    options = [[list(scope.edges)]]
    for u in scope.unions:
        if u is skip_union:
            continue
        options.append([e for b in u for e in _choices(b)])
    for combo in itertools.product(*options):
        yield [e for part in combo for e in part]


def _region(i: int, edges: list, scope_of: list) -> list[int] | None:
    """The edges a walk from edge ``i`` to ``?this`` may use, or None when for some
    choice of UNION branches neither end of ``i`` joins ``?this`` through variables."""
    chain_options = []
    s, skip = scope_of[i], None
    while s is not None:
        chain_options.append(list(_choices(s, skip)))
        skip = s.union
        s = s.parent
    region: set[int] = set()
    a, _, b = edges[i]
    for combo in itertools.product(*chain_options):
        es = {e for part in combo for e in part} - {i}
        if not (_joins(a, es, edges) or _joins(b, es, edges)):
            return None
        region |= es
    return sorted(region)


def _joins(x: str, es: set[int], edges: list) -> bool:
    """Is ``x`` ``?this``, or a variable joined to it through variables by edges ``es``?"""
    if x == THIS:
        return True
    if not x.startswith("?"):
        return False
    seen, todo = {x}, [x]
    while todo:
        n = todo.pop()
        for e in es:
            a, _, b = edges[e]
            for u, v in ((a, b), (b, a)):
                if u == n and v.startswith("?") and v not in seen:
                    if v == THIS:
                        return True
                    seen.add(v)
                    todo.append(v)
    return False


# ---------------------------------------------------------------------------- walking


class Data:
    """The data a walk follows: the store now (every source, read quad by quad, so blank
    nodes are followed too) plus ``removed``, the triples removed since the kept result
    (old ∪ new). Nodes are pyoxigraph terms. With ``record`` (a set) every triple
    followed is added to it."""

    def __init__(self, ws, removed: list[tuple] = (), record: set | None = None, now: dict | None = None):
        self.ws, self.store = ws, ws.store
        self._now = {} if now is None else now   # (predicate, node, forward) -> nodes in the store
        self.fwd: dict[tuple, set] = {}
        self.bwd: dict[tuple, set] = {}
        for s, p, o in removed:
            self.fwd.setdefault((s, p), set()).add(o)
            self.bwd.setdefault((o, p), set()).add(s)
        self.record = record
        self.cap: int | None = None   # with record: raise TooBig once it holds more triples
        self._memo: dict[tuple, set] = {}
        self._preds: dict[str, object] = {}

    def step(self, p: str, nodes: set, forward: bool) -> set:
        pred = self._preds.get(p)
        if pred is None:
            pred = self._preds[p] = ox.NamedNode(p[1:-1])
        out: set = set()
        memo, record = self._memo, self.record
        ask = [n for n in nodes if (pred, n, forward) not in memo and (pred, n, forward) not in self._now
               and isinstance(n, ox.NamedNode)]
        if len(ask) > self._min_batch:   # many nodes: one query for them all (a quad pattern each costs more)
            self._ask(pred, ask, forward)
        for n in nodes:
            key = (pred, n, forward)
            got = memo.get(key)
            if got is None:
                got = self._now.get(key)
                if got is None:
                    if forward and isinstance(n, ox.Literal):
                        got = set()
                    else:
                        quads = self.store.quads_for_pattern(n, pred, None, None) if forward else \
                            self.store.quads_for_pattern(None, pred, n, None)
                        room = self._room()
                        if room is not None:   # stop reading once there is more than the cap allows
                            quads = list(itertools.islice(quads, room + 1))
                            if len(quads) > room:
                                raise TooBig(p)
                        got = {q.object for q in quads} if forward else {q.subject for q in quads}
                    self._now[key] = got
                extra = (self.fwd if forward else self.bwd).get((n, pred))
                if extra:
                    got = got | extra
                memo[key] = got
            out |= got
            if record is not None:
                record.update((n, pred, m) if forward else (m, pred, n) for m in got)
                if self.cap is not None and len(record) > self.cap:
                    raise TooBig(p)
        return out

    BATCH = 500
    _min_batch = 4

    def _room(self) -> int | None:
        """How many more triples the record may take (None: no cap)."""
        if self.cap is None or self.record is None:
            return None
        return max(0, self.cap - len(self.record))

    def _ask(self, pred, nodes: list, forward: bool) -> None:
        for i in range(0, len(nodes), self.BATCH):
            chunk = nodes[i:i + self.BATCH]
            got: dict = {n: set() for n in chunk}
            pattern = f"?n {pred} ?m" if forward else f"?m {pred} ?n"
            room = self._room()
            for k, row in enumerate(self.ws.query("SELECT ?n ?m WHERE { VALUES ?n { %s } %s }"
                                                  % (" ".join(str(n) for n in chunk), pattern), prefixes=False)):
                if room is not None and k >= room:
                    raise TooBig(str(pred))
                got.setdefault(row[0], set()).add(row[1])
            for n, ms in got.items():
                self._now[(pred, n, forward)] = ms

    def walk(self, path, nodes: set, forward: bool) -> set:
        """The nodes ``path`` leads to from ``nodes`` (``forward``) or from which it leads
        to them."""
        if not nodes:
            return set()
        if isinstance(path, str):
            return self.step(path, nodes, forward)
        kind = path[0]
        if kind == "inv":
            return self.walk(path[1], nodes, not forward)
        if kind == "seq":
            for part in (path[1] if forward else reversed(path[1])):
                nodes = self.walk(part, nodes, forward)
            return nodes
        if kind == "alt":
            return set().union(*(self.walk(x, nodes, forward) for x in path[1]))
        if kind == "mul":   # * + ?: the closure, the start included (a superset of each)
            seen, frontier = set(nodes), set(nodes)
            while frontier:
                frontier = self.walk(path[1], frontier, forward) - seen
                seen |= frontier
            return seen
        raise Unbounded(f"path {path!r}")

def _locate(path, ts: list[tuple], data: Data) -> list[tuple[set, set]]:
    """Where the changed triples ``ts`` can sit in matches of ``path``: pairs (nodes at
    the path's start, nodes at its end) of the matches that use one of them as a step
    (one pair per triple for a plain predicate, the union of them for a longer path)."""
    if isinstance(path, str):
        return [({s}, {o}) for s, p, o in ts if path == f"<{p.value}>"]
    kind = path[0]
    if kind == "inv":
        return [(b, a) for a, b in _locate(path[1], ts, data)]
    if kind == "alt":
        return [x for part in path[1] for x in _locate(part, ts, data)]
    if kind == "seq":
        parts, out = path[1], []
        for i, part in enumerate(parts):
            found = _locate(part, ts, data)
            if not found:
                continue
            a = set().union(*(x for x, _ in found))
            b = set().union(*(y for _, y in found))
            if i:
                a = data.walk(["seq", parts[:i]], a, False)
            if i < len(parts) - 1:
                b = data.walk(["seq", parts[i + 1:]], b, True)
            out.append((a, b))
        return out
    if kind == "mul":
        found = _locate(path[1], ts, data)
        if not found:
            return []
        a = set().union(*(x for x, _ in found))
        b = set().union(*(y for _, y in found))
        return [(data.walk(path, a, False), data.walk(path, b, True))]
    raise Unbounded(f"path {path!r}")


def _fits(pattern: str, nodes: set) -> set:
    """The data nodes that can stand for ``pattern`` (a variable: all; an IRI: itself;
    a literal: any literal, since equal literals may be written differently)."""
    if pattern.startswith("?"):
        return nodes
    if pattern.startswith("L"):
        return {n for n in nodes if isinstance(n, ox.Literal)}
    return {n for n in nodes if isinstance(n, ox.NamedNode) and f"<{n.value}>" == pattern}


def _fits_one(pattern: str, node) -> bool:
    """Can ``node`` stand for ``pattern`` (:func:`_fits` of one node)?"""
    if pattern.startswith("?"):
        return True
    if pattern.startswith("L"):
        return isinstance(node, ox.Literal)
    return isinstance(node, ox.NamedNode) and f"<{node.value}>" == pattern


def affected(reach: dict, changed: list[tuple], data: Data) -> set:
    """The focus nodes (pyoxigraph terms) whose results the ``changed`` triples (added or
    removed, pyoxigraph terms) can change. Raises :class:`Unbounded` when a changed
    triple matches a pattern that cannot be bounded."""
    edges, regions = reach["edges"], reach["region"]
    by_pred: dict[str, list[tuple]] = {}
    for t in changed:
        by_pred.setdefault(f"<{t[1].value}>", []).append(t)
    foci: set = set()
    # (pattern node, the edge it was reached by, the changed edge the walk started
    # from) -> data nodes: walked already (seen), still to walk from (todo)
    seen: dict[tuple[str, int, int], set] = {}
    todo: dict[tuple[str, int, int], set] = {}
    for i, (a, path, b) in enumerate(edges):
        ts = [t for iri in sorted(path_iris(path)) for t in by_pred.get(iri, ())]
        if not ts:
            continue
        if isinstance(path, str):   # a plain predicate: the triples that fit, as one pair (the same union)
            ok = [t for t in ts if _fits_one(a, t[0]) and _fits_one(b, t[2])]
            pairs = [({t[0] for t in ok}, {t[2] for t in ok})] if ok else []
        else:
            pairs = _locate(path, ts, data)
        for starts, ends in pairs:
            sa, sb = _fits(a, starts), _fits(b, ends)
            if not sa or not sb:
                continue          # no triple can be this pattern's match
            if regions[i] is None:
                raise Unbounded(f"pattern {edges[i]} is not joined to ?this")
            for x, nodes in ((a, sa), (b, sb)):
                if x == THIS:
                    foci |= nodes
                elif x.startswith("?"):
                    todo.setdefault((x, i, i), set()).update(nodes)
    while todo:
        key, nodes = todo.popitem()
        x, via, seed = key
        new = nodes - seen.get(key, set())
        if not new:
            continue
        seen.setdefault(key, set()).update(new)
        for j in regions[seed]:
            if j == via:
                continue
            a, path, b = edges[j]
            for u, v, forward in ((a, b, True), (b, a, False)):
                if u != x or not v.startswith("?"):
                    continue
                got = data.walk(path, new, forward)
                if v == THIS:
                    foci |= got
                elif got:
                    todo.setdefault((v, j, seed), set()).update(got)
    return foci


def closed(reach: dict) -> bool:
    """Is every pattern the query evaluates joined to ``?this`` through variables? Then
    the triples :func:`neighbourhood` collects are all its solutions for the given focus
    nodes can use."""
    return reach.get("ways") is not None


def neighbourhood(reach: dict, foci: set, data: Data) -> None:
    """Walk the query's patterns (the ways :func:`_ways` allows) from ``foci`` (bound to
    ``?this``) through the data now, recording (``data.record``) every triple followed:
    on them alone the query gives for these focus nodes what it gives on all the data."""
    edges = reach["edges"]
    ways = reach["ways"]
    at: dict[str, set] = {THIS: set(foci)}
    todo = [(THIS, set(foci))]
    while todo:
        x, nodes = todo.pop()
        for e, forward in ways:
            a, path, b = edges[e]
            u, v = (a, b) if forward else (b, a)
            if u != x:
                continue
            got = data.walk(path, nodes, forward)
            if v.startswith("?") and v != THIS:
                new = got - at.setdefault(v, set())
                if new:
                    at[v] |= new
                    todo.append((v, new))
