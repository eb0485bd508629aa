"""The roadmap index after sources were added: the kept whole index of the version before,
with the added sources' facts put in, instead of merging every source's facts again.

Why: after a small import, the first whole-graph reader (`kg report`) used to merge the
links, labels, parents, sources and window notes of every source again from the parts
(:mod:`kg.roadmap.index_parts`) and place hundreds of thousands of link pairs: about a
second at 1M triples, for a source of a few thousand triples.

When: the cache file still holds the whole index of the version just before (its records
read: labels, parents, sources, every link, the windows' notes), made from the parts the
workspace still has (``pkeys``: every part's key then), and the change only *added*
sources, which stand *apart* from the others:

1. no node is a subject both in an added source and in another source;
2. no object of ``kg:period``, ``time:hasBeginning``, ``time:hasEnd``,
   ``kg:entryIntoForce`` or ``kg:qualifiedDependency`` (the joins the index makes) in an
   added source is a subject in another source;
3. nor the other way round.

Then every merged fact of a node of the old sources is what it was (each fact of the
index is about its subject, or joined through those objects), and every fact of a node of
an added source comes from the added sources alone. The new index is the old one with the
index of the added sources (built by the same code, :func:`kg.roadmap.index.build_data`
and the lazy reads, over their parts alone) put in, every position renumbered by IRI.

Anything else (a source changed or removed, an added source that touches another's nodes,
an index file without its records): :func:`patched` says None, and the index is built
from the parts as before. tests/roadmap/test_index_patch.py holds the patched index to a
fresh build over random additions.
"""
from __future__ import annotations

from bisect import bisect_left
from pathlib import Path

from kg.roadmap.index_parts import Parts
from kg.store.terms import tsv_rows
from kg.store.cache import read_stamped
from kg.store.workspace import CATALOG

JOINS = ("kg:period", "time:hasBeginning", "time:hasEnd", "kg:entryIntoForce", "kg:qualifiedDependency")
last: dict = {}   # how the last build went ("way": "patched" or why not), for the tests


class _Added:
    """The parts of the added sources only, read as :class:`Parts` are (the core merged,
    the lazy facts through the workspace's parts, so they are cached as theirs)."""

    raw = Parts.raw
    link = Parts.link
    notes = Parts.notes
    records = Parts.records

    def __init__(self, every: Parts, graphs: list[str]):
        self._every = every
        self.parts = {g: every.parts[g] for g in graphs}

    def extra(self, name: str, read) -> list:
        return [self._every.extra_of(g, name, read) for g in sorted(self.parts)]


def _apart(ws, added: list[str]) -> bool:
    """Whether the added graphs stand apart from every other source (conditions 1-3)."""
    new = " ".join("<%s>" % g for g in added)
    others = "FILTER(?h NOT IN (<%s>, %s))" % (CATALOG, ", ".join("<%s>" % g for g in added))
    joins = " ".join(JOINS)
    subjects = [r[0] for r in tsv_rows(ws, "SELECT DISTINCT ?a WHERE { VALUES ?g { %s } GRAPH ?g { ?a ?p ?o } }" % new)]
    if any(a.startswith("_:") for a in subjects):   # a blank node cannot be named: ask by pattern
        shared = ["VALUES ?g { %s } GRAPH ?g { ?a ?p ?o } GRAPH ?h { ?a ?q ?x } %s" % (new, others)]
    else:   # by name: a lookup per subject (a few times quicker at 1M)
        shared = ["VALUES ?a { %s } GRAPH ?h { ?a ?q ?x } %s" % (" ".join("<%s>" % a for a in subjects[i:i + 5000]),
                                                                  others) for i in range(0, len(subjects), 5000)]
    for body in (
            *shared,
            "VALUES ?g { %s } VALUES ?p { %s } GRAPH ?g { ?a ?p ?x } GRAPH ?h { ?x ?q ?y } %s" % (new, joins, others),
            "VALUES ?g { %s } VALUES ?p { %s } GRAPH ?g { ?x ?q ?y } GRAPH ?h { ?a ?p ?x } %s" % (new, joins, others)):
        if tsv_rows(ws, "SELECT ?h WHERE { %s } LIMIT 1" % body):
            return False
    return True


def patched(ws, path: Path, parts: Parts) -> dict | None:
    """The index data of ``ws`` from the kept index at ``path`` and the added sources'
    parts (see the module notes); None when that does not hold (build it instead)."""
    from kg.roadmap.index import INDEX_VERSION, _from_data, build_data, records_data
    last.clear()
    keys = parts.keys
    if parts.replaced:   # a source's earlier part was there: it changed (told before reading the file)
        last["way"] = "a source changed or went"
        return None
    old = read_stamped(path, None)   # whatever version of the workspace it is of
    old = old if isinstance(old, dict) else None
    okeys = old.get("pkeys") if old is not None else None
    if old is None or old.get("v") != INDEX_VERSION or not isinstance(okeys, dict) \
            or records_data(old.get("stamp", ""), old) is None:
        last["way"] = "no whole index kept"
        return None
    if any(k is None for k in keys.values()) or any(keys.get(g) != k for g, k in okeys.items()):
        last["way"] = "a source changed or went"
        return None
    added = sorted(g for g in keys if g not in okeys)
    if not added:
        last["way"] = "no source added"
        return None
    if not _apart(ws, added):
        last["way"] = "not apart"
        return None
    # the added sources' own index, by the same code as a whole build
    one = _Added(parts, added)
    data = build_data(ws, one)
    instants = data.pop("instants")
    mini = _from_data(data, ws, None)
    mini._instants, mini._parts = instants, one
    mini._read_records()
    mini._read_notes()
    got = combine(old, mini._data)
    last["way"] = "patched" if got is not None else "an initiative in both"
    return got


def combine(old: dict, new: dict) -> dict | None:
    """One index of two whose nodes' facts come from disjoint sources (see the module
    notes), numbered as a build numbers a fresh index whose records are read
    (:func:`kg.roadmap.index.build_data`, then the links in the order of ``LINKS``): the
    initiatives in IRI order, then the phases and statuses, the dependencies' ends, the
    regulations and the links' targets as met. None when an initiative is in both (they
    are not apart)."""
    from kg.roadmap.index import LINKS, numbering
    on, nn = old["n_init"], new["n_init"]
    oiris, niris = old["iris"], new["iris"]
    inits = sorted(oiris[:on] + niris[:nn])
    n = len(inits)
    iris = list(inits)
    pos, ix = numbering(iris)
    if len(pos) != on + nn:
        return None
    # each initiative's index and place there
    where: list = [None] * n
    for d, irs in ((old, oiris), (new, niris)):
        for i in range(d["n_init"]):
            where[pos[irs[i]]] = (d, irs, i)
    out: dict = {"v": old["v"], "n_init": n, "notes": True}
    for key in ("sE", "sL", "eE", "eL"):
        out[key] = [d[key][i] for d, _, i in where]
    for key in ("phase", "status"):
        out[key] = [ix(irs[d[key][i]]) if d[key][i] >= 0 else -1 for d, irs, i in where]
    # dependencies: in the order of (dependent, target) IRIs, as a build keeps them
    deps = [(irs[a], irs[b], t, s_, d["sources"][g]) for d, irs in ((old, oiris), (new, niris))
            for a, b, t, s_, g in zip(d["dep_a"], d["dep_b"], d["dep_t"], d["dep_s"], d["dep_g"])]
    deps.sort(key=lambda e: (e[0], e[1]))
    sources: list[str] = []
    spos: dict[str, int] = {}
    for e in deps:
        if e[4] not in spos:
            spos[e[4]] = len(sources)
            sources.append(e[4])
    out["dep_a"], out["dep_b"] = [0] * len(deps), [0] * len(deps)
    for k, e in enumerate(deps):   # each pair numbered as met: the dependent, then its target
        out["dep_a"][k] = ix(e[0])
        out["dep_b"][k] = ix(e[1])
    out["dep_t"] = [e[2] for e in deps]
    out["dep_s"] = [e[3] for e in deps]
    out["dep_g"] = [spos[e[4]] for e in deps]
    regs = sorted([(oiris[r], w) for r, w in old["regs"].items()] + [(niris[r], w) for r, w in new["regs"].items()])
    out["regs"] = {ix(x): w for x, w in regs}
    links: dict = {}
    for name in ("requires_in_force", *(x for x in LINKS if x != "requires_in_force")):
        if name in old["links"] or name in new["links"]:
            links[name] = _links(old["links"].get(name, ([], [])), oiris, new["links"].get(name, ([], [])),
                                 niris, pos, ix)
    out["links"] = links
    for x in (*oiris, *niris):   # any other node either index holds
        ix(x)
    out["iris"] = iris
    om = [pos[x] for x in oiris]
    nm = [pos[x] for x in niris]

    def key(k: int, m: list[int]) -> int:
        if k >= 0:
            i, half = divmod(k, 2)
            return 2 * m[i] + half
        return -1 - m[-1 - k]
    out["wmeta"] = {**{key(k, om): v for k, v in old["wmeta"].items()},
                    **{key(k, nm): v for k, v in new["wmeta"].items()}}
    for name in ("labels", "parent"):
        out[name] = {**{om[p]: v for p, v in old[name].items()}, **{nm[p]: v for p, v in new[name].items()}}
    # the sources that say anything about an initiative, after those of the dependencies, by name
    named = {old["sources"][k] for ks in old["isrc"].values() for k in ks}
    named |= {new["sources"][k] for ks in new["isrc"].values() for k in ks}
    for name in sorted(named - set(spos)):
        spos[name] = len(sources)
        sources.append(name)
    out["sources"] = sources
    out["isrc"] = {m[i]: sorted((spos[d["sources"][k]] for k in ks), key=lambda k: sources[k])
                   for d, m in ((old, om), (new, nm)) for i, ks in d["isrc"].items()}
    return out


def _links(old, oiris, new, niris, pos, ix) -> tuple[list[int], list[int]]:
    """One link's pairs of both indexes in the order a build keeps them: by initiative
    (position, which is IRI order), each one's targets as read; the targets numbered as
    met. An initiative's pairs all come from one index, and each index keeps its
    initiatives in IRI order."""
    src = [pos[oiris[a]] for a in old[0]]
    dst = [oiris[b] for b in old[1]]
    add_s = [pos[niris[a]] for a in new[0]]
    add_d = [niris[b] for b in new[1]]
    if add_s:
        out_s: list[int] = []
        out_d: list[str] = []
        i = k = 0
        while k < len(add_s):
            a = add_s[k]
            j = bisect_left(src, a, i)
            out_s += src[i:j]
            out_d += dst[i:j]
            e = k
            while e < len(add_s) and add_s[e] == a:
                e += 1
            out_s += add_s[k:e]
            out_d += add_d[k:e]
            i, k = j, e
        src, dst = out_s + src[i:], out_d + dst[i:]
    get = pos.get
    return src, [get(b) if b in pos else ix(b) for b in dst]
