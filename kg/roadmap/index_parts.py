"""The roadmap index's facts, read and cached per source, so that a write rebuilds only
the part of the source it changed.

Why: on a 1M-triple workspace reading the index's facts (a dozen single-predicate scans
of the whole store) costs several seconds, and every write used to throw all of it away,
so the first whole-graph question after a small import paid for the whole store again.
Here each source (named graph) has its own *part*: the same scans restricted to that
graph (``GRAPH <g> { ?a kg:period ?b }``), kept in a file of its own. A part is keyed by
what the catalog records of its source (content digest, modification time, triple count)
and by the store folder it was read from, so a part is reused exactly while its source
is unchanged; a write of one small source reads that source again and merges it with the
cached parts of every other source.

The merge gives what the scans over the union of all sources give, fact by fact:

* the initiatives and the regulations: the union of each part's;
* a property with one value (``kg:period``, ``time:hasBeginning``, ``kg:earliest``,
  ``kg:phase``, …): of its values in every source the smallest raw term
  (:func:`kg.roadmap.index._first`'s rule, which does not depend on the order);
* the dependencies: each source's qualified and simple edges with the source's name
  (they are graph-scoped already), the qualifications (``kg:dependencyOn`` targets,
  the strongest type and strength) joined over all parts, so a qualification stated in
  another source than its edge is still seen;
* a link (owners, challenges, …) and the windows' precision and notation: read per part
  the first time a question needs them, merged as a union and a smallest term.

The joins (initiative → period → instant → date) are made after the merge, in
:func:`kg.roadmap.index.assemble`, on the merged facts: a period in one source and its
dates in another are joined as they are in the store. ``tests/kg/test_index_parts.py``
checks, over random series of edits (sources added, replaced and removed, with
initiatives, dependencies, windows and ties between sources), that the index merged from
the parts equals one built fresh from the store.

An in-memory view (a snapshot or a file loaded for a diff) has no catalog and no cache:
it is read with the same scans over the union (``graph=None``).
"""
from __future__ import annotations

import hashlib
import marshal
import os
import sys
import threading
import weakref
from pathlib import Path

from kg.roadmap.records import DEP_STRENGTHS, DEP_TYPES
from kg.store.terms import term_value
from kg.store.terms import tsv_rows as _tsv
from kg.store.cache import cache_dir, workspace_key, write_atomic
from kg.store.workspace import CATALOG, source_name

PART_VERSION = 2
TYPES = ("requires", "enables", "informs")   # a dependency's type by rank: the first is the strongest
STRENGTHS = ("hard", "soft")
# property with one value: the key in a part and its predicate
SINGLE = {"period": "kg:period", "begin": "time:hasBeginning", "end": "time:hasEnd",
          "earliest": "kg:earliest", "latest": "kg:latest", "phase": "kg:phase", "status": "kg:status",
          "entry": "kg:entryIntoForce"}
NOTES = {"precision": "kg:precision", "notation": "skos:notation"}
# a record's label: skos:prefLabel, else rdfs:label (the rule of kg.ids.labels_for)
LABEL_PROPS = ("http://www.w3.org/2004/02/skos/core#prefLabel", "http://www.w3.org/2000/01/rdf-schema#label")


def first(rows) -> dict[str, str]:
    """subject → its smallest object: the one rule for a property that should have one
    value and has several (two sources disagree), whichever order the store returns them in."""
    out: dict[str, str] = {}
    for a, b in rows:
        if a not in out or b < out[a]:
            out[a] = b
    return out


def _query(ws, graph: str | None, pattern: str, variables: str, subjects=None) -> list[list[str]]:
    """The rows of one pattern in one graph (or the union), every term interned: a node or
    a date met in several facts is then one string, which marshal writes once (a part of
    the 1M bench source shrinks by more than half and loads as much faster). With
    ``subjects`` (IRIs), only the rows whose ``?a`` is one of them."""
    if subjects is not None:
        pattern = "VALUES ?a { %s } %s" % (" ".join("<%s>" % a for a in sorted(subjects)), pattern)
    body = pattern if graph is None else "GRAPH <%s> { %s }" % (graph, pattern)
    intern = sys.intern
    return [[intern(c) for c in row] for row in _tsv(ws, "SELECT %s WHERE { %s }" % (variables, body))]


def gather(ws, graph: str | None, subjects=None) -> dict:
    """The core facts of one source (``graph``: its IRI), or of the union of every graph
    (``None``), as raw terms (:func:`kg.store.terms.tsv_rows`); with ``subjects``, the
    facts about those nodes only (every fact of a part is about its subject ``?a``)."""
    def q(pattern, variables="?a ?b"):
        return _query(ws, graph, pattern, variables, subjects)
    part: dict = {"v": PART_VERSION}
    part["init"] = sorted({r[0] for r in q("?a a kg:Initiative", "?a")})
    part["reg"] = sorted({r[0] for r in q("?a a kg:Regulation", "?a")})
    for key, pred in SINGLE.items():
        part[key] = first(q("?a %s ?b" % pred))
    qon: dict[str, list[str]] = {}
    for a, b in q("?a kg:dependencyOn ?b"):
        qon.setdefault(a, []).append(b)
    part["qon"] = qon
    types = {k: TYPES.index(v) for k, v in DEP_TYPES.items()}
    strengths = {k: STRENGTHS.index(v) for k, v in DEP_STRENGTHS.items()}
    qt: dict[str, int] = {}
    for a, t in q("?a kg:dependencyType ?b"):
        qt[a] = min(qt.get(a, 9), types.get(t, 0))
    qs: dict[str, int] = {}
    for a, s in q("?a kg:strength ?b"):
        qs[a] = min(qs.get(a, 9), strengths.get(s, 0))
    part["qt"], part["qs"] = qt, qs
    # the edges are graph-scoped: each with the name of the source that states it
    if graph is None:
        part["qdep"] = [(a, b, source_name(g)) for a, b, g in _tsv(
            ws, "SELECT ?a ?b ?g WHERE { GRAPH ?g { ?a kg:qualifiedDependency ?b } }")]
        part["simple"] = [(a, b, source_name(g)) for a, b, g in _tsv(
            ws, "SELECT ?a ?b ?g WHERE { GRAPH ?g { ?a kg:dependsOn ?b } }")]
    else:
        name = source_name(graph)
        part["qdep"] = [(a, b, name) for a, b in q("?a kg:qualifiedDependency ?b")]
        part["simple"] = [(a, b, name) for a, b in q("?a kg:dependsOn ?b")]
    return part


def read_link(ws, graph: str | None, pred: str, subjects=None) -> list[tuple[str, str]]:
    """(subject, the object's value) of one link predicate in one source (or the union)."""
    return sorted({(a, term_value(b)) for a, b in _query(ws, graph, "?a %s ?b" % pred, "?a ?b", subjects)})


def read_record_facts(ws, graph: str, subjects=None) -> dict:
    """A source's literal labels (skos:prefLabel, rdfs:label: subject, raw term), its
    kg:partOf (smallest term) and its subjects: what a whole record needs."""
    return {"labels": {prop: [(a, b) for a, b in _query(ws, graph, "?a <%s> ?b" % prop, "?a ?b", subjects)
                              if b.startswith('"')]
                       for prop in LABEL_PROPS},
            "parent": first(_query(ws, graph, "?a kg:partOf ?b", "?a ?b", subjects)),
            "subjects": sorted({r[0] for r in _query(ws, graph, "?a ?p ?b", "DISTINCT ?a", subjects)})}


def read_notes(ws, graph: str | None, subjects=None) -> dict[str, dict[str, str]]:
    """The windows' precision and notation (instant → smallest raw term)."""
    return {key: first(_query(ws, graph, "?a %s ?b" % pred, "?a ?b", subjects)) for key, pred in NOTES.items()}


# ---------------------------------------------------------------- merging
def sorted_union(runs) -> list:
    """The items of several sorted lists (each item once within a list), sorted, each once:
    the lists are runs that one sort merges, and a repeat then sits next to its twin."""
    rows = [tuple(e) if isinstance(e, list) else e for run in runs for e in run]
    rows.sort()
    return [e for k, e in enumerate(rows) if not k or e != rows[k - 1]]


def merge_first(dicts) -> dict:
    """The smallest value per key over several ``first`` maps (or ranks: the strongest
    type or strength of a dependency); the largest map is copied, the others folded in."""
    dicts = sorted((d for d in dicts if d), key=len, reverse=True)
    if not dicts:
        return {}
    out = dict(dicts[0])
    for d in dicts[1:]:
        for a, b in d.items():
            if a not in out or b < out[a]:
                out[a] = b
    return out


def merge(parts: list[dict]) -> dict:
    """The facts of several sources as one (the union scans' answer); see the module notes."""
    if len(parts) == 1:
        return parts[0]
    raw: dict = {}
    for key in ("init", "reg"):
        raw[key] = sorted(set().union(*(p[key] for p in parts)))
    for key in SINGLE:
        raw[key] = merge_first(p[key] for p in parts)
    qon: dict[str, list[str]] = {}
    for p in parts:
        for a, bs in p["qon"].items():
            if a in qon:
                qon[a] = qon[a] + bs
            else:
                qon[a] = bs
    raw["qon"] = qon
    raw["qt"] = merge_first(p["qt"] for p in parts)
    raw["qs"] = merge_first(p["qs"] for p in parts)
    raw["qdep"] = [e for p in parts for e in p["qdep"]]
    raw["simple"] = [e for p in parts for e in p["simple"]]
    return raw


# ---------------------------------------------------------------- the cache of parts
# per thread: id(object) -> (a weak reference to the object, one to the workspace its
# caller holds open). Weak both: a long-lived thread (kg serve's workers) binds an index,
# its parts and a workspace per request, and a strong map would keep every one alive (a
# workspace keeps its index: ws._roadmap_index); an object's entry goes with the object.
_READERS = threading.local()


def _weak(x):
    """A weak reference to ``x``, or (an object that cannot have one) a call returning it."""
    try:
        return weakref.ref(x)
    except TypeError:
        return lambda: x


def bind_reader(obj, ws) -> None:
    """Let ``obj`` (an index or its parts, shared by the threads of a long-running reader)
    read lazily through ``ws`` in this thread: the workspace this thread's caller holds open.
    Another thread's handle may be closed by the time a lazy read comes."""
    m = _READERS.__dict__.setdefault("m", {})
    key = id(obj)

    def gone(ref, m=m, key=key):
        e = m.get(key)
        if e is not None and e[0] is ref:
            m.pop(key, None)
    m[key] = (weakref.ref(obj, gone), _weak(ws))


def reader(obj, default):
    """The workspace ``obj`` reads through in this thread (see :func:`bind_reader`):
    ``default`` when none is bound, or the bound one is gone."""
    e = getattr(_READERS, "m", {}).get(id(obj))
    if e is None or e[0]() is not obj:
        return default
    ws = e[1]()
    return default if ws is None else ws


class Parts:
    """The parts of an on-disk workspace's sources: read from the cache where their key
    is current, else from the store (and cached). ``link`` and ``notes`` read the lazy
    facts per part the first time they are asked for."""

    def __init__(self, ws):
        self._ws = ws
        self.wskey = workspace_key(ws)
        self.digests: dict[str, str] = {}   # graph IRI -> the content digest its catalog entry states
        self.store_id = ""
        self.stepped: list[str] = []   # the graphs whose part was brought up to date from kept steps
        self.replaced: set[str] = set()   # the graphs read again that had a part of an earlier content
        self.keys = self._keys()
        self.parts: dict[str, dict] = {}   # graph IRI -> part
        self._extras: dict[tuple[str, str], dict] = {}   # (graph IRI, name) -> a lazy fact
        self.memo: dict = {}   # what a reader derives once from every part (the lenses' merged facts)
        stale = None
        for g, key in self.keys.items():
            part = self._load(key)
            if part is None:
                if stale is None:
                    stale = self._stale()
                if g in stale:
                    self.replaced.add(g)
                part = self._stepped(g, stale.get(g)) or gather(ws, g)
                part.update(g=g, d=self.digests.get(g, ""), s=self.store_id)
                self._save(g, part)
            self.parts[g] = part
        self._clean()

    @property
    def ws(self):
        return reader(self, self._ws)

    @ws.setter
    def ws(self, value) -> None:
        self._ws = value

    def _keys(self) -> dict[str, str | None]:
        """Every named graph but the catalog → the key of its part (None: not in the catalog,
        so read every time)."""
        import pyoxigraph as ox
        ws = self.ws
        graphs = sorted(g.value for g in ws.store.named_graphs()
                        if isinstance(g, ox.NamedNode) and g.value != CATALOG)
        listed = ws.catalog_facts()
        try:  # a workspace made again in the same place is another store
            store_id = str(os.stat(Path(ws.path) / "store").st_ino)
        except (OSError, TypeError):
            store_id = ""
        self.store_id = store_id
        out: dict[str, str | None] = {}
        for g in graphs:
            facts = listed.get(g)
            if facts is None or not facts.modified:
                out[g] = None
                continue
            self.digests[g] = facts.digest or ""
            h = hashlib.sha256("\n".join([str(PART_VERSION), self.wskey, store_id, g, str(facts.count),
                                           facts.modified, facts.digest or ""]).encode())
            out[g] = h.hexdigest()[:32]
        return out

    def _file(self, key: str, extra: str = "") -> Path:
        return cache_dir() / f"ixpart-{self.wskey}-{key}{'.' + extra if extra else ''}.marshal"

    def _load(self, key: str | None, extra: str = ""):
        if key is None:
            return None
        try:
            with open(self._file(key, extra), "rb") as fh:
                got = marshal.loads(fh.read())
            return got if isinstance(got, dict) and got.get("v") == PART_VERSION else None
        except (OSError, EOFError, ValueError, TypeError):
            return None

    def _save(self, g: str, part: dict, extra: str = "") -> None:
        key = self.keys.get(g)
        if key is not None:
            write_atomic(self._file(key, extra), marshal.dumps(part))

    def _clean(self) -> None:
        """Remove this workspace's parts (and their lazy facts) of sources that changed or
        went away."""
        keep = {k for k in self.keys.values() if k}
        prefix = f"ixpart-{self.wskey}-"
        try:
            for f in cache_dir().glob(prefix + "*.marshal"):
                if f.name[len(prefix):].split(".", 1)[0] not in keep:
                    f.unlink(missing_ok=True)
        except OSError:
            pass

    def _stale(self) -> dict[str, tuple[str, dict]]:
        """graph IRI -> (key, core part) of this workspace's parts of an earlier content of
        a source (left by the last reading; :meth:`_clean` removes them)."""
        keep = {k for k in self.keys.values() if k}
        prefix = f"ixpart-{self.wskey}-"
        out: dict[str, tuple[str, dict]] = {}
        try:
            files = [f for f in cache_dir().glob(prefix + "*.marshal") if "." not in f.name[len(prefix):-8]]
        except OSError:
            return out
        for f in files:
            key = f.name[len(prefix):-8]
            if key in keep:
                continue
            part = self._load(key)
            if part is not None and part.get("s") == self.store_id and part.get("g") in self.keys:
                out[part["g"]] = (key, part)
        return out

    def _stepped(self, g: str, stale: tuple[str, dict] | None) -> dict | None:
        """The part of ``g`` from its stale part and the steps kept since
        (:mod:`kg.roadmap.part_steps`); its lazy facts too, where they were read. None when
        no chain of steps leads from the stale part's content to the current one."""
        if stale is None:
            return None
        from kg.roadmap import part_steps
        old_key, old = stale
        subjects = part_steps.step_subjects(self.ws, g, old.get("d"), self.digests.get(g))
        if subjects is None:
            return None
        part = part_steps.core(old, gather(self.ws, g, subjects), subjects)
        from kg.roadmap.index import LINKS
        from kg.roadmap.lens_parts import LENS, gather_lens
        readers = {"notes": read_notes, "records": read_record_facts, LENS: gather_lens}
        readers.update({"link-" + name: (lambda ws, graph, subj, pred=pred: read_link(ws, graph, pred, subj))
                        for name, pred in LINKS.items()})
        for name, read in readers.items():
            was = self._load(old_key, name)
            if was is not None:
                facts = part_steps.extra(name, was["facts"], read(self.ws, g, subjects), subjects)
                if facts is not None:
                    got = self._extras[(g, name)] = {"v": PART_VERSION, "facts": facts}
                    self._save_key(self.keys[g], got, name)
        self.stepped.append(g)
        return part

    def _save_key(self, key: str | None, part: dict, extra: str = "") -> None:
        if key is not None:
            write_atomic(self._file(key, extra), marshal.dumps(part))

    def raw(self) -> dict:
        return merge([self.parts[g] for g in sorted(self.parts)])

    def extra(self, name: str, read) -> list:
        """One lazy fact of every part, in graph order: ``read(ws, graph)`` the first time,
        then from its own file beside the part (so the core part stays small to load)."""
        return [self.extra_of(g, name, read) for g in sorted(self.parts)]

    def extra_of(self, g: str, name: str, read):
        """One lazy fact of the part of ``g`` (see :meth:`extra`)."""
        got = self._extras.get((g, name))
        if got is None:
            got = self._load(self.keys.get(g), name)
            if got is None:
                got = {"v": PART_VERSION, "facts": read(self.ws, g)}
                self._save(g, got, name)
            self._extras[(g, name)] = got
        return got["facts"]

    def link(self, name: str, pred: str) -> list[tuple[str, str]]:
        """Every source's pairs of one link, merged (each pair once)."""
        some = [pairs for pairs in self.extra("link-" + name, lambda ws, g: read_link(ws, g, pred)) if pairs]
        if len(some) == 1:   # one source states the link: its pairs are sorted and unique already
            return list(some[0])
        return sorted_union(some)

    def notes(self) -> dict[str, dict[str, str]]:
        """Every source's precision and notation, merged by the smallest term."""
        got = self.extra("notes", read_notes)
        return {key: merge_first(n[key] for n in got) for key in NOTES}

    def records(self) -> dict:
        """What whole records need beyond the core, merged: the literal labels by
        property (rows), the parents (smallest term) and, per source, its subjects."""
        got = self.extra("records", read_record_facts)
        labels = {prop: [r for x in got for r in x["labels"][prop]] for prop in LABEL_PROPS}
        return {"labels": labels, "parent": merge_first(x["parent"] for x in got),
                "subjects": {source_name(g): x["subjects"] for g, x in zip(sorted(self.parts), got)}}
