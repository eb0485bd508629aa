"""A compact, cached index of the roadmap for whole-graph questions (order, critical path,
impact, timeline, coverage), and targeted SPARQL walks for single-node questions (deps,
path).

Why: on a 1M-triple workspace (~69k initiatives) any SPARQL join over every initiative
costs several seconds on Oxigraph, and ``kg.roadmap.model.initiatives`` about a minute. The index
holds what those questions need as integers and short strings (dates as ordinals,
links as index pairs) and is read with ``marshal`` in a few tens of milliseconds. It is
built from single-predicate scans (each one pass over an Oxigraph index) and joined in
Python; the first build costs about as much as one scan of the store.

The cache lives outside the workspace (``KG_CACHE_DIR``, else ``$XDG_CACHE_HOME/kg``,
else ``~/.cache/kg``), one file per workspace path, and is keyed by the workspace's
source catalog (every source's triple count, modification time and checksum), so
importing or removing a source rebuilds it. If the cache cannot be written the index is
simply built each time.

Dependency semantics are those of :mod:`kg.roadmap.model`: a qualified dependency wins over the
simple ``kg:dependsOn`` edge between the same two nodes; a simple edge alone is a hard
*requires* dependency.
"""
from __future__ import annotations

import calendar
import hashlib
import marshal
import os
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pyoxigraph as ox

from kg.store.cache import cache_dir, workspace_key, write_atomic
from kg.errors import KgError
from kg.roadmap.model import _IDB, DEP_STRENGTHS, DEP_TYPES, Dep
from kg.roadmap.model import tsv_rows as _tsv
from kg.ids import labels_for, slug
from kg.roadmap.timewin import When
from kg.store.workspace import source_name


INDEX_VERSION = 5
TYPES = ("requires", "enables", "informs")
STRENGTHS = ("hard", "soft")
LINKS = {
    "owners": "kg:owner", "participants": "kg:participant", "challenges": "kg:addresses",
    "principles": "kg:follows", "regulations": "kg:subjectTo", "requires_in_force": "kg:requiresInForce",
    "services": "kg:delivers", "sdgs": "kg:contributesTo", "sdgs_against": "kg:worksAgainst",
}
PHASES = ("fase-etablert", "fase-pagaende", "fase-planlagt")


def fast_slug(iri: str) -> str:
    """kg.ids.slug with a fast path for the common case (an IRI under kgid:)."""
    return iri[len(_IDB):] if iri.startswith(_IDB) else slug(iri)


def label_map(ws, iris, lang: str) -> dict[str, str]:
    """kg.ids.labels_for, asked in chunks of at most 250 nodes up to a few thousand
    nodes: targeted lookups then beat one pass over the whole label index at 1M."""
    iris = list(dict.fromkeys(iris))
    if len(iris) > 5000:
        return labels_for(ws, iris, lang)
    out: dict[str, str] = {}
    for i in range(0, len(iris), 250):
        out.update(labels_for(ws, iris[i:i + 250], lang))
    return out


class DependencyCycle(KgError):
    """Initiatives depend on each other in a loop, so the question has no answer."""

    exit_code = 1

    def __init__(self, cycles: list[list[str]]):
        self.cycles = cycles
        text = "; ".join(" → ".join(c + c[:1]) for c in cycles)
        super().__init__(f"Dependency cycle: {text}", f"Avhengighetssløyfe: {text}",
                         hint_en="Break the loop (kg query order lists every cycle).",
                         hint_nb="Bryt sløyfen (kg query order viser alle sløyfer).")


# ---------------------------------------------------------------- time helpers
def ordinal(d: date | None) -> int:
    return d.toordinal() if d else 0


def from_ordinal(n: int) -> date | None:
    return date.fromordinal(n) if n else None


def window_text(e: date | None, l: date | None) -> str:
    """A compact text for a window: 2026-09-15, 2026-09, 2026-Q3, 2026-H2, 2026, or a/b."""
    if e is None and l is None:
        return ""
    if l is None:
        if e.month == 1 and e.day == 1:
            return f"{e.year}+"
        if e.day == 1 and (e.month - 1) % 3 == 0:
            return f"{e.year}-Q{(e.month - 1) // 3 + 1}+"
        return f"{e.isoformat()}+"
    if e is None:
        return f"…/{l.isoformat()}"
    if e == l:
        return e.isoformat()
    one = _unit_text(e, l)
    if one:
        return one
    return f"{e.isoformat()}/{l.isoformat()}"


def point_text(d: date) -> str:
    return d.isoformat()


def _unit_text(e: date, l: date) -> str:
    if e.day != 1 or l.day != calendar.monthrange(l.year, l.month)[1] or e.year != l.year:
        return ""
    if e.month == l.month:
        return f"{e.year}-{e.month:02d}"
    if e.month == 1 and l.month == 12:
        return str(e.year)
    if (e.month - 1) % 3 == 0 and l.month == e.month + 2:
        return f"{e.year}-Q{(e.month - 1) // 3 + 1}"
    if e.month in (1, 7) and l.month == e.month + 5:
        return f"{e.year}-H{1 if e.month == 1 else 2}"
    return ""


def when_text(w: When | None) -> str:
    if w is None:
        return ""
    return window_text(w.earliest, w.latest)


# ---------------------------------------------------------------- the index
@dataclass
class RoadmapIndex:
    """Every initiative (indices 0..n_init-1 of ``iris``) with its time, phase, status,
    links and dependencies. Other IRIs (link targets, dependency targets that are not
    initiatives) follow in ``iris``."""

    iris: list[str]
    n_init: int
    sE: list[int]
    sL: list[int]
    eE: list[int]
    eL: list[int]
    phase: list[int]
    status: list[int]
    links: dict[str, tuple[list[int], list[int]]]
    dep_a: list[int]
    dep_b: list[int]
    dep_t: list[int]
    dep_s: list[int]
    dep_g: list[int]
    sources: list[str]
    regs: dict[int, tuple[int, int]]  # regulation index -> entry window (ordinals)
    _pos: dict[str, int] = field(default_factory=dict, repr=False)
    _ws: object = field(default=None, repr=False)
    _path: Path | None = field(default=None, repr=False)
    _data: dict | None = field(default=None, repr=False)
    _up: list[list[int]] | None = field(default=None, repr=False)
    _down: list[list[int]] | None = field(default=None, repr=False)

    def pos(self, iri: str) -> int | None:
        if not self._pos:
            self._pos = {x: i for i, x in enumerate(self.iris)}
        return self._pos.get(iri)

    def is_initiative(self, i: int) -> bool:
        return 0 <= i < self.n_init

    def start(self, i: int) -> When | None:
        if i >= self.n_init or not self.sE[i]:
            return None
        return When(from_ordinal(self.sE[i]), from_ordinal(self.sL[i]), "vindu")

    def end(self, i: int) -> When | None:
        if i >= self.n_init or not self.eE[i]:
            return None
        return When(from_ordinal(self.eE[i]), from_ordinal(self.eL[i]), "vindu")

    def up(self) -> list[list[int]]:
        """For each node, the dependency indices (into dep_*) where it is the dependent."""
        if self._up is None:
            self._up = [[] for _ in self.iris]
            self._down = [[] for _ in self.iris]
            for k, (a, b) in enumerate(zip(self.dep_a, self.dep_b)):
                self._up[a].append(k)
                self._down[b].append(k)
        return self._up

    def down(self) -> list[list[int]]:
        """For each node, the dependency indices where it is the prerequisite."""
        self.up()
        return self._down

    def dep(self, k: int) -> Dep:
        return Dep(self.iris[self.dep_a[k]], self.iris[self.dep_b[k]], TYPES[self.dep_t[k]],
                   STRENGTHS[self.dep_s[k]], self.sources[self.dep_g[k]])

    def link_map(self, name: str) -> dict[int, list[int]]:
        """initiative → the targets of one link (owners, challenges, …). Each link is read
        the first time a question needs it and then kept in the cache file, so the first
        `coverage challenges` does not pay for reading every other link."""
        src, dst = self.link_pairs(name)
        out: dict[int, list[int]] = {}
        for a, b in zip(src, dst):
            out.setdefault(a, []).append(b)
        return out

    def link_pairs(self, name: str) -> tuple[list[int], list[int]]:
        """The same link as two parallel lists (initiative, target), as kept: for a pass
        over every pair without building the map."""
        if name not in self.links:
            self._load_link(name)
        return self.links.get(name, ([], []))

    def _load_link(self, name: str) -> None:
        src, dst = [], []
        if self._ws is not None and name in LINKS:
            self.pos("")
            for a, b in _tsv(self._ws, "SELECT ?a ?b WHERE { ?a %s ?b }" % LINKS[name]):
                pa = self._pos.get(a)
                if pa is None or pa >= self.n_init:
                    continue
                pb = self._pos.get(b)
                if pb is None:
                    pb = self._pos[b] = len(self.iris)
                    self.iris.append(b)
                src.append(pa)
                dst.append(pb)
        self.links[name] = (src, dst)
        if self._data is not None and self._path is not None:
            _write(self._path, self._data)

    def reg_entry(self, iri: str) -> When | None:
        p = self.pos(iri)
        if p is None or p not in self.regs:
            return None
        e, l = self.regs[p]
        return When(from_ordinal(e), from_ordinal(l), "vindu")


def _stamp(ws) -> str:
    rows = ws.query("SELECT ?s ?p ?o WHERE { GRAPH kgsrc:catalog { ?s ?p ?o } }").serialize(
        format=ox.QueryResultsFormat.TSV)
    lines = sorted(rows.decode("utf-8").splitlines()[1:])
    h = hashlib.sha256()
    h.update(str(INDEX_VERSION).encode())
    try:
        h.update((Path(ws.path) / "kg.json").read_bytes())
    except OSError:
        pass
    h.update("\n".join(lines).encode())
    return h.hexdigest()


def load_index(ws, use_cache: bool = True) -> RoadmapIndex:
    """The roadmap index of ``ws``, from the cache when it is current, else built (and cached)."""
    stamp = _stamp(ws)
    path = None
    if use_cache:
        path = cache_dir() / f"index-{workspace_key(ws)}.marshal"
        try:
            with open(path, "rb") as fh:
                data = marshal.loads(fh.read())
            if data.get("stamp") == stamp:
                return _from_data(data, ws, path)
        except (OSError, EOFError, ValueError, TypeError, KeyError):
            pass
    data = build_data(ws)
    data["stamp"] = stamp
    if path is not None:
        _write(path, data)
    return _from_data(data, ws, path)


def _write(path: Path, data: dict) -> None:
    write_atomic(path, marshal.dumps(data))


def _from_data(d: dict, ws=None, path: Path | None = None) -> RoadmapIndex:
    return RoadmapIndex(iris=d["iris"], n_init=d["n_init"], sE=d["sE"], sL=d["sL"], eE=d["eE"], eL=d["eL"],
                        phase=d["phase"], status=d["status"], links=d["links"], dep_a=d["dep_a"],
                        dep_b=d["dep_b"], dep_t=d["dep_t"], dep_s=d["dep_s"], dep_g=d["dep_g"],
                        sources=d["sources"], regs=d["regs"], _ws=ws, _path=path, _data=d)


_DATE = re.compile(r'^"(\d{4}-\d{2}-\d{2})')


def _date_ord(term: str) -> int:
    m = _DATE.match(term)
    if not m:
        return 0
    try:
        return date.fromisoformat(m[1]).toordinal()
    except ValueError:
        return 0


def build_data(ws) -> dict:
    """Build the index data from single-predicate scans."""
    inits = sorted(r[0] for r in _tsv(ws, "SELECT ?i WHERE { ?i a kg:Initiative }"))
    iris = list(inits)
    pos = {x: i for i, x in enumerate(iris)}

    def ix(x: str) -> int:
        p = pos.get(x)
        if p is None:
            p = pos[x] = len(iris)
            iris.append(x)
        return p

    n = len(inits)
    # time: initiative -> period -> beginning/end -> earliest/latest
    period = {a: b for a, b in _tsv(ws, "SELECT ?a ?b WHERE { ?a kg:period ?b }") if a in pos}
    begin = dict(_tsv(ws, "SELECT ?a ?b WHERE { ?a time:hasBeginning ?b }"))
    end = dict(_tsv(ws, "SELECT ?a ?b WHERE { ?a time:hasEnd ?b }"))
    earliest = {a: _date_ord(b) for a, b in _tsv(ws, "SELECT ?a ?b WHERE { ?a kg:earliest ?b }")}
    latest = {a: _date_ord(b) for a, b in _tsv(ws, "SELECT ?a ?b WHERE { ?a kg:latest ?b }")}
    sE, sL, eE, eL = [0] * n, [0] * n, [0] * n, [0] * n
    for i, x in enumerate(inits):
        p = period.get(x)
        if p is None:
            continue
        b, e = begin.get(p), end.get(p)
        # an open window ("2026+") has no latest date: it stays 0 (None)
        if b:
            sE[i], sL[i] = earliest.get(b, 0), latest.get(b, 0)
            if sL[i] and not sE[i]:
                sE[i] = sL[i]
        if e:
            eE[i], eL[i] = earliest.get(e, 0), latest.get(e, 0)
            if eL[i] and not eE[i]:
                eE[i] = eL[i]
    phase, status = [-1] * n, [-1] * n
    for a, b in _tsv(ws, "SELECT ?a ?b WHERE { ?a kg:phase ?b }"):
        if a in pos and pos[a] < n:
            phase[pos[a]] = ix(b)
    for a, b in _tsv(ws, "SELECT ?a ?b WHERE { ?a kg:status ?b }"):
        if a in pos and pos[a] < n:
            status[pos[a]] = ix(b)
    # only the small link impact needs is read now; the others when first asked for
    links: dict[str, tuple[list[int], list[int]]] = {}
    for name, prop in LINKS.items():
        if name != "requires_in_force":
            continue
        src, dst = [], []
        for a, b in _tsv(ws, "SELECT ?a ?b WHERE { ?a %s ?b }" % prop):
            pa = pos.get(a)
            if pa is not None and pa < n:
                src.append(pa)
                dst.append(ix(b))
        links[name] = (src, dst)
    # dependencies
    sources: list[str] = []
    spos: dict[str, int] = {}

    def sx(g: str) -> int:
        name = source_name(g)
        if name not in spos:
            spos[name] = len(sources)
            sources.append(name)
        return spos[name]

    qa = {q: (a, g) for a, q, g in _tsv(ws, "SELECT ?a ?q ?g WHERE { GRAPH ?g { ?a kg:qualifiedDependency ?q } }")}
    qon = dict(_tsv(ws, "SELECT ?q ?b WHERE { ?q kg:dependencyOn ?b }"))
    qt = dict(_tsv(ws, "SELECT ?q ?t WHERE { ?q kg:dependencyType ?t }"))
    qs = dict(_tsv(ws, "SELECT ?q ?s WHERE { ?q kg:strength ?s }"))
    types = {k: TYPES.index(v) for k, v in DEP_TYPES.items()}
    strengths = {k: STRENGTHS.index(v) for k, v in DEP_STRENGTHS.items()}
    deps: dict[tuple[int, int], tuple[int, int, int]] = {}
    for q, (a, g) in qa.items():
        b = qon.get(q)
        if b is None:
            continue
        deps[(ix(a), ix(b))] = (types.get(qt.get(q, ""), 0), strengths.get(qs.get(q, ""), 0), sx(g))
    for a, b, g in _tsv(ws, "SELECT ?a ?b ?g WHERE { GRAPH ?g { ?a kg:dependsOn ?b } }"):
        key = (ix(a), ix(b))
        if key not in deps:
            deps[key] = (0, 0, sx(g))
    keys = sorted(deps)
    regs: dict[int, tuple[int, int]] = {}
    for r, x in _tsv(ws, "SELECT ?r ?x WHERE { ?r a kg:Regulation ; kg:entryIntoForce ?x }"):
        e, l = earliest.get(x, 0), latest.get(x, 0)
        regs[ix(r)] = (e or l, l)
    for r in _tsv(ws, "SELECT ?r WHERE { ?r a kg:Regulation }"):
        regs.setdefault(ix(r[0]), (0, 0))
    return {"v": INDEX_VERSION, "iris": iris, "n_init": n, "sE": sE, "sL": sL, "eE": eE, "eL": eL,
            "phase": phase, "status": status, "links": links,
            "dep_a": [k[0] for k in keys], "dep_b": [k[1] for k in keys],
            "dep_t": [deps[k][0] for k in keys], "dep_s": [deps[k][1] for k in keys],
            "dep_g": [deps[k][2] for k in keys], "sources": sources, "regs": regs}


# ---------------------------------------------------------------- targeted walks
def _values(iris) -> str:
    return " ".join(f"<{x}>" for x in iris)


def dep_edges(ws, nodes, direction: str) -> list[Dep]:
    """The dependency edges touching ``nodes``: ``up`` where they are the dependent
    (what they depend on), ``down`` where they are the prerequisite."""
    nodes = sorted(set(nodes))
    out: dict[tuple[str, str], Dep] = {}
    simple: dict[tuple[str, str], Dep] = {}
    # the bound variable's pattern comes first: Oxigraph evaluates a UNION with an outer
    # VALUES badly (a full scan), so each form is its own query
    for i in range(0, len(nodes), 400):
        vals = _values(nodes[i:i + 400])
        if direction == "up":
            q1 = """SELECT ?a ?b ?t ?s ?g WHERE { VALUES ?a { %s } GRAPH ?g { ?a kg:qualifiedDependency ?q }
                     ?q kg:dependencyOn ?b . OPTIONAL { ?q kg:dependencyType ?t } OPTIONAL { ?q kg:strength ?s } }""" % vals
            q2 = "SELECT ?a ?b ?g WHERE { VALUES ?a { %s } GRAPH ?g { ?a kg:dependsOn ?b } }" % vals
        else:
            q1 = """SELECT ?a ?b ?t ?s ?g WHERE { VALUES ?b { %s } ?q kg:dependencyOn ?b .
                     GRAPH ?g { ?a kg:qualifiedDependency ?q }
                     OPTIONAL { ?q kg:dependencyType ?t } OPTIONAL { ?q kg:strength ?s } }""" % vals
            q2 = "SELECT ?a ?b ?g WHERE { VALUES ?b { %s } GRAPH ?g { ?a kg:dependsOn ?b } }" % vals
        for a, b, t, s, g in _tsv(ws, q1):
            out[(a, b)] = Dep(a, b, DEP_TYPES.get(t, "requires"), DEP_STRENGTHS.get(s, "hard"), source_name(g))
        for a, b, g in _tsv(ws, q2):
            simple.setdefault((a, b), Dep(a, b, "requires", "hard", source_name(g)))
    for key, d in simple.items():
        out.setdefault(key, d)
    return [out[k] for k in sorted(out)]


def walk(ws, start: str, direction: str, depth: int | None = None, keep=None,
         switch_at: int = 2000) -> list[tuple[int, Dep]]:
    """Breadth-first walk from ``start`` (``up``: what it depends on; ``down``: what depends
    on it). Returns (level, edge) for every edge reached, level 1 next to ``start``.
    ``keep(dep)`` filters the edges followed.

    Small neighbourhoods are walked with targeted SPARQL lookups; once more than
    ``switch_at`` nodes are reached the walk goes on in the roadmap index (same edges),
    which costs one index load instead of thousands of lookups."""
    seen = {start}
    frontier = [start]
    level = 0
    out: list[tuple[int, Dep]] = []
    ix = None
    while frontier and (depth is None or level < depth):
        level += 1
        nxt = []
        if ix is None and len(seen) > switch_at:
            ix = load_index(ws)
        if ix is not None:
            adj = ix.up() if direction == "up" else ix.down()
            edges = []
            for v in frontier:
                p = ix.pos(v)
                if p is not None:
                    edges += sorted((ix.dep(k) for k in adj[p]), key=lambda d: (d.dependent, d.target))
        else:
            edges = dep_edges(ws, frontier, direction)
        for d in edges:
            if keep is not None and not keep(d):
                continue
            out.append((level, d))
            other = d.target if direction == "up" else d.dependent
            if other not in seen:
                seen.add(other)
                nxt.append(other)
        frontier = nxt
    return out


def windows(ws, iris) -> dict[str, tuple[When | None, When | None]]:
    """Start and end windows of the given initiatives, by targeted lookups."""
    out: dict[str, tuple[When | None, When | None]] = {}
    iris = sorted(set(iris))
    for i in range(0, len(iris), 400):
        chunk = iris[i:i + 400]
        rows = []
        for w, prop in (('"s"', "time:hasBeginning"), ('"e"', "time:hasEnd")):
            rows += [[r[0], w, r[1], r[2]] for r in _tsv(ws, """SELECT ?i ?e ?l WHERE { VALUES ?i { %s } ?i kg:period ?p .
                ?p %s ?x . OPTIONAL { ?x kg:earliest ?e } OPTIONAL { ?x kg:latest ?l } }""" % (_values(chunk), prop))]
        for i_, w, e, l in rows:
            eo, lo = _date_ord(e), _date_ord(l)
            win = When(from_ordinal(eo or lo), from_ordinal(lo), "vindu") if (eo or lo) else None
            s0, e0 = out.get(i_, (None, None))
            out[i_] = (win, e0) if w == '"s"' else (s0, win)
    return out


def strongly_connected(nodes, succ) -> list[list]:
    """Tarjan's algorithm, iterative: the strongly connected components with more than
    one node (or a self-loop), each sorted."""
    index: dict = {}
    low: dict = {}
    on: set = set()
    stack: list = []
    comps: list[list] = []
    counter = 0
    for root in nodes:
        if root in index:
            continue
        work = [(root, iter(succ(root)))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on.add(root)
        while work:
            v, it = work[-1]
            advanced = False
            for w in it:
                if w not in index:
                    index[w] = low[w] = counter
                    counter += 1
                    stack.append(w)
                    on.add(w)
                    work.append((w, iter(succ(w))))
                    advanced = True
                    break
                if w in on:
                    low[v] = min(low[v], index[w])
            if advanced:
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[v])
            if low[v] == index[v]:
                comp = []
                while True:
                    w = stack.pop()
                    on.discard(w)
                    comp.append(w)
                    if w == v:
                        break
                if len(comp) > 1 or v in succ(v):
                    comps.append(sorted(comp))
    return comps


def cycle_in(comp, succ) -> list:
    """One loop through a strongly connected component, as a list of nodes (the first
    node is not repeated at the end)."""
    members = set(comp)
    start = comp[0]
    path = [start]
    seen = {start: 0}
    v = start
    while True:
        nxt = sorted(w for w in succ(v) if w in members)
        for w in nxt:
            if w == start:
                return path
        # prefer an unvisited successor; a visited one closes a loop
        for w in nxt:
            if w not in seen:
                seen[w] = len(path)
                path.append(w)
                v = w
                break
        else:
            w = nxt[0]
            return path[seen[w]:]

