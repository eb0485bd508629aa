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
importing or removing a source rebuilds it. It is rebuilt from per-source parts
(:mod:`kg.roadmap.index_parts`, cached beside it): a write reads again only the sources
it changed, and the merge gives what the scans over all sources give. If the cache
cannot be written the index is simply built each time.

Dependency semantics are those of :mod:`kg.roadmap.model`: a qualified dependency wins over the
simple ``kg:dependsOn`` edge between the same two nodes; a simple edge alone is a hard
*requires* dependency.
"""
from __future__ import annotations

import calendar
import marshal
import re
import threading
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path


from kg.store.cache import cache_dir, on_disk, read_stamped, read_stamped_bytes, workspace_key, write_stamped
from kg.errors import KgError
from kg.roadmap.records import (
    _IDB, DEP_STRENGTHS, DEP_TYPES, Dep, InitiativeRec, RegulationRec,
)
from kg.store.terms import term_value
from kg.store.terms import tsv_rows as _tsv
from kg.roadmap.index_parts import LABEL_PROPS, STRENGTHS, TYPES, Parts, gather, read_link, read_notes
from kg.roadmap.index_parts import bind_reader, reader
from kg.roadmap.index_parts import first as _first
from kg.ids import slug, texts_for
from kg.roadmap.timewin import When
from kg.store.terms import literal_parts
from kg.store.workspace import source_name


INDEX_VERSION = 8
LINKS = {
    "owners": "kg:owner", "participants": "kg:participant", "challenges": "kg:addresses",
    "principles": "kg:follows", "regulations": "kg:subjectTo", "requires_in_force": "kg:requiresInForce",
    "services": "kg:delivers", "capabilities": "kg:builds", "sdgs": "kg:contributesTo",
    "sdgs_against": "kg:worksAgainst",
}
PHASES = ("fase-etablert", "fase-pagaende", "fase-planlagt")
SKOS_PREF, RDFS_LABEL = LABEL_PROPS


def fast_slug(iri: str) -> str:
    """kg.ids.slug with a fast path for the common case (an IRI under kgid:)."""
    return iri[len(_IDB):] if iri.startswith(_IDB) else slug(iri)


def label_map(ws, iris, lang: str | None = None) -> dict:
    """Each IRI's label in both languages (:class:`kg.i18n.Text`, kg.ids.texts_for), or,
    given ``lang``, in that one (a str). Asked in chunks of at most 250 nodes up to a few
    thousand nodes: targeted lookups then beat one pass over the whole label index at 1M."""
    iris = list(dict.fromkeys(iris))
    if len(iris) > 5000:
        out = texts_for(ws, iris)
    else:
        out = {}
        for i in range(0, len(iris), 250):
            out.update(texts_for(ws, iris[i:i + 250]))
    return out if lang is None else {k: v.get(lang) for k, v in out.items()}


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
    """Every initiative (indices 0..n_init-1 of ``iris``, in IRI order) with its time, phase,
    status, links and dependencies. Other IRIs (link targets, dependency targets that are
    not initiatives, phases, regulations) follow in ``iris``.

    The core (dates, phase, status, dependencies, regulations' entry windows) is read when
    the index is built; the windows' precision and notation, links, labels, parents and
    sources (``records``) the first time a question needs them, and then kept in the cache
    file too."""

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
    # window key (2i: start of initiative i, 2i+1: its end, -1-r: regulation r's entry) ->
    # (precision, notation, earliest given): only windows that say more than their dates
    wmeta: dict[int, tuple[str, str, bool]] = field(default_factory=dict)
    _pos: dict[str, int] = field(default_factory=dict, repr=False)
    _ws: object = field(default=None, repr=False)
    _path: Path | None = field(default=None, repr=False)
    _data: dict | None = field(default=None, repr=False)
    _up: list[list[int]] | None = field(default=None, repr=False)
    _down: list[list[int]] | None = field(default=None, repr=False)
    _recs: dict | None = field(default=None, repr=False)
    _regrecs: dict | None = field(default=None, repr=False)
    _instants: tuple | None = field(default=None, repr=False)  # the scans of a build in this process
    _parts: object = field(default=None, repr=False)     # kg.roadmap.index_parts.Parts, when cached
    _lock: object = field(default_factory=threading.RLock, repr=False)
    memo: dict = field(default_factory=dict, repr=False)    # what a long-running reader derives once
    _held: bool = field(default=False, repr=False)          # saves held back (see records)
    _unsaved: bool = field(default=False, repr=False)

    def pos(self, iri: str) -> int | None:
        if len(self._pos) != len(self.iris):
            self._pos = {x: i for i, x in enumerate(self.iris)}
        return self._pos.get(iri)

    def is_initiative(self, i: int) -> bool:
        return 0 <= i < self.n_init

    def _when(self, key: int, e: int, l: int) -> When | None:
        if not e and not l:
            return None
        self._read_notes()
        prec, note, given = self.wmeta.get(key, ("", "", True))
        return When(from_ordinal(e) if given else None, from_ordinal(l),
                    prec or ("dag" if e == l else "vindu"), note)

    def start(self, i: int) -> When | None:
        if i >= self.n_init:
            return None
        return self._when(2 * i, self.sE[i], self.sL[i])

    def end(self, i: int) -> When | None:
        if i >= self.n_init:
            return None
        return self._when(2 * i + 1, self.eE[i], self.eL[i])

    def up(self) -> list[list[int]]:
        """For each node, the dependency indices (into dep_*) where it is the dependent."""
        if self._up is None:
            up: list[list[int]] = [[] for _ in self.iris]
            down: list[list[int]] = [[] for _ in self.iris]
            for k, (a, b) in enumerate(zip(self.dep_a, self.dep_b)):
                up[a].append(k)
                down[b].append(k)
            self._down = down  # whole lists only: a reader on another thread never sees half
            self._up = up
        return self._up

    def down(self) -> list[list[int]]:
        """For each node, the dependency indices where it is the prerequisite."""
        self.up()
        return self._down

    def dep(self, k: int) -> Dep:
        return Dep(self.iris[self.dep_a[k]], self.iris[self.dep_b[k]], TYPES[self.dep_t[k]],
                   STRENGTHS[self.dep_s[k]], self.sources[self.dep_g[k]])

    def link_map(self, name: str) -> dict[int, list[int]]:
        """initiative → the targets of one link (owners, challenges, …), each target once,
        in IRI order. Each link is read the first time a question needs it and then kept
        in the cache file, so the first `coverage challenges` does not pay for reading
        every other link."""
        src, dst = self.link_pairs(name)
        out: dict[int, list[int]] = {}
        for a, b in zip(src, dst):
            out.setdefault(a, []).append(b)
        return out

    def link_pairs(self, name: str) -> tuple[list[int], list[int]]:
        """The same link as two parallel lists (initiative, target), as kept: for a pass
        over every pair without building the map."""
        with self._lock:  # an index kept in a server is shared by its requests
            if name not in self.links:
                self._read_link(name)
                self._save()
        return self.links.get(name, ([], []))

    def _read_link(self, name: str) -> None:
        pairs: list[tuple[int, str]] = []
        ws = reader(self, self._ws)
        if ws is not None and name in LINKS:
            self.pos("")
            n, pos = self.n_init, self._pos
            # the rows come sorted and each once; the initiatives are the first IRIs, in
            # IRI order: so the pairs (position, target) are sorted and unique as well
            for a, b in _link_rows(ws, self.source_parts(), name):
                pa = pos.get(a)
                if pa is not None and pa < n:
                    pairs.append((pa, b))
        src, dst = [], []
        for pa, b in pairs:
            pb = self._pos.get(b)
            if pb is None:
                pb = self._pos[b] = len(self.iris)
                self.iris.append(b)
            src.append(pa)
            dst.append(pb)
        self.links[name] = (src, dst)

    def _read_notes(self) -> None:
        """The precision and notation of every window ("2026-Q3" as it was written), read
        the first time a window is asked for as a :class:`When` and then cached: the
        questions that need only dates (order, impact, timeline, coverage) never pay for them."""
        d = self._data
        if d is None or d.get("notes"):
            return
        ws, n = reader(self, self._ws), self.n_init

        def scan(pred: str) -> dict[str, str]:
            return _first(_tsv(ws, "SELECT ?a ?b WHERE { ?a %s ?b }" % pred))
        parts = self.source_parts()
        notes = parts.notes() if parts is not None else read_notes(ws, None)
        precision, notation = notes["precision"], notes["notation"]   # instant -> raw term
        wanted: dict[str, list[int]] = {}   # instant -> window keys
        if precision or notation:
            # the core's scans when it was built in this process, else read again
            period, begin, end, entry = self._instants or (
                scan("kg:period"), scan("time:hasBeginning"), scan("time:hasEnd"), scan("kg:entryIntoForce"))
            for i in range(n):
                p = period.get(self.iris[i])
                if p is not None:
                    for key, inst in ((2 * i, begin.get(p)), (2 * i + 1, end.get(p))):
                        if inst is not None:
                            wanted.setdefault(inst, []).append(key)
            for r in self.regs:
                inst = entry.get(self.iris[r])
                if inst is not None:
                    wanted.setdefault(inst, []).append(-1 - r)
        # the values of the raw terms, each distinct term once ("2026-Q3" dates thousands of windows)
        prec_of: dict[str, str] = {}
        note_of: dict[str, str] = {}
        for inst, keys in wanted.items():
            p, t = precision.get(inst), notation.get(inst)
            prec = note = ""
            if p is not None:
                prec = prec_of.get(p)
                if prec is None:
                    prec = prec_of[p] = fast_slug(p).rsplit("presisjon-", 1)[-1]
            if t is not None:
                note = note_of.get(t)
                if note is None:
                    note = note_of[t] = term_value(t)
            if prec or note:
                for key in keys:
                    self.wmeta[key] = (prec, note, self.wmeta.get(key, ("", "", True))[2])
        d["notes"] = True
        self._save()

    def source_parts(self):
        """The per-source parts (:mod:`kg.roadmap.index_parts`) of an index cached for an
        on-disk workspace, loaded the first time a lazy fact needs them; None for a view
        read without the cache."""
        ws = reader(self, self._ws)
        if self._parts is None and self._path is not None and ws is not None:
            self._parts = Parts(ws)
        if self._parts is not None and ws is not None:
            bind_reader(self._parts, ws)   # its lazy reads go through this thread's workspace
        return self._parts

    def _save(self) -> None:
        if self._data is not None and self._path is not None:
            if self._held:   # inside records(): written once when it is done
                self._unsaved = True
                return
            _write(self._path, self._data)

    def reg_entry(self, iri: str) -> When | None:
        p = self.pos(iri)
        if p is None or p not in self.regs:
            return None
        e, l = self.regs[p]
        return self._when(-1 - p, e, l)

    # -- the records (kg.roadmap.model's answers)
    def _read_records(self) -> None:
        """Labels, parents and sources of the initiatives (and the regulations' labels),
        and every link: what a whole record needs beyond the core."""
        d = self._data
        if d is None or "labels" in d:
            return
        for name in LINKS:
            if name not in self.links:
                self._read_link(name)
        ws, n = reader(self, self._ws), self.n_init
        self.pos("")
        wanted = set(range(n)) | set(self.regs)
        labels: dict[int, dict[str, str]] = {}
        parts = self.source_parts()
        facts = parts.records() if parts is not None else None   # per source, cached
        # skos:prefLabel; rdfs:label only for a node with no prefLabel (the rule of kg.ids.labels_for)
        for prop in (SKOS_PREF, RDFS_LABEL):
            got: dict[int, dict[str, str]] = {}
            rows = facts["labels"][prop] if facts else _tsv(ws, "SELECT ?a ?l WHERE { ?a <%s> ?l }" % prop)
            for a, l in rows:
                p = self._pos.get(a)
                if p is None or p not in wanted or p in labels or not l.startswith('"'):
                    continue
                v, lang, _ = literal_parts(l)   # (term_value, term_lang) in one reading
                per, lang = got.setdefault(p, {}), lang or ""
                if lang not in per or v < per[lang]:
                    per[lang] = v
            # languages in their order, whichever order the store or the sources gave them in
            labels.update((p, dict(sorted(per.items()))) for p, per in got.items())
        parent: dict[int, str] = {}
        parents = facts["parent"] if facts else _first(_tsv(ws, "SELECT ?a ?b WHERE { ?a kg:partOf ?b }"))
        for a, b in parents.items():
            if self._pos.get(a, n) < n:
                parent[self._pos[a]] = term_value(b)
        # the sources that say anything about each initiative
        if facts:
            inits = set(self.iris[:n])
            pairs = {(i, name) for name, subjects in facts["subjects"].items() for i in subjects if i in inits}
        else:
            pairs = {(i, source_name(g)) for i, g in _tsv(
                ws, "SELECT DISTINCT ?i ?g WHERE { ?i a kg:Initiative . GRAPH ?g { ?i ?p ?o } "
                    "FILTER(?g != kgsrc:catalog) }")}
        spos = {name: k for k, name in enumerate(self.sources)}
        for name in sorted({name for _, name in pairs} - set(spos)):   # new names in name order
            spos[name] = len(self.sources)
            self.sources.append(name)
        isrc: dict[int, set[int]] = {}
        for i, name in pairs:
            isrc.setdefault(self._pos[i], set()).add(spos[name])
        d["labels"], d["parent"] = labels, parent
        d["isrc"] = {i: sorted(ks, key=lambda k: self.sources[k]) for i, ks in isrc.items()}
        self._save()

    def records(self) -> dict[str, InitiativeRec]:
        """Every initiative as a :class:`~kg.roadmap.records.InitiativeRec`, keyed by IRI in
        IRI order (built once per index; the records are shared, do not change them)."""
        if self._recs is None:
            self._held, self._unsaved = True, False   # the links, labels and notes: one write of the file
            try:
                self._read_records()
                self._read_notes()
            finally:
                self._held = False
            if self._unsaved:
                self._save()
            d, iris, n = self._data, self.iris, self.n_init
            labels, parent, isrc, wmeta = d["labels"], d["parent"], d["isrc"], self.wmeta
            whens: dict[tuple, When] = {}   # a When is frozen: equal windows share one (as _when makes them)
            plain = ("", "", True)

            def when(key: int, e: int, l: int) -> When | None:
                if not e and not l:
                    return None
                k = (e, l, wmeta.get(key, plain))
                w = whens.get(k)
                if w is None:
                    prec, note, given = k[2]
                    w = whens[k] = When(from_ordinal(e) if given else None, from_ordinal(l),
                                        prec or ("dag" if e == l else "vindu"), note)
                return w
            slugs = {x: fast_slug(x) for x in {iris[k] for k in (*self.phase, *self.status) if k >= 0}}
            sE, sL, eE, eL = self.sE, self.sL, self.eE, self.eL
            recs = {}
            for i in range(n):
                x = iris[i]
                ph, st = self.phase[i], self.status[i]
                recs[x] = InitiativeRec(
                    iri=x, id=fast_slug(x), labels=dict(labels.get(i, {})),
                    phase=slugs[iris[ph]] if ph >= 0 else None, status=slugs[iris[st]] if st >= 0 else None,
                    start=when(2 * i, sE[i], sL[i]), end=when(2 * i + 1, eE[i], eL[i]), parent=parent.get(i),
                    sources=[self.sources[k] for k in isrc.get(i, ())])
            for name in LINKS:
                if name in ("sdgs_against",):
                    continue
                src, dst = self.links[name]
                for a, b in zip(src, dst):
                    getattr(recs[iris[a]], name).append(iris[b])
            for k, a in enumerate(self.dep_a):
                if a < n:
                    recs[iris[a]].deps.append(self.dep(k))
            self._recs = recs
        return self._recs

    def regulation_records(self) -> dict[str, RegulationRec]:
        """Every kg:Regulation with its labels and entry-into-force window, in IRI order."""
        if self._regrecs is None:
            self._read_records()
            labels = self._data["labels"]
            out = {}
            for r in sorted(self.regs, key=lambda r: self.iris[r]):
                x = self.iris[r]
                out[x] = RegulationRec(iri=x, id=slug(x), labels=dict(labels.get(r, {})), entry=self.reg_entry(x))
            self._regrecs = out
        return self._regrecs


def _stamp(ws) -> str:
    """The index's key: its format and the workspace's catalog stamp (catalog and kg.json)."""
    return f"{INDEX_VERSION}-{ws.catalog_stamp()}"


# The index last loaded per cache file, kept in this process while its stamp is current:
# a long-running reader (`kg serve`) then pays neither the file read nor the unmarshal
# per request. Kept indexes are shared; what is read into one later (a link) is read
# under its lock.
_KEPT: dict[str, RoadmapIndex] = {}
_KEPT_LOCK = threading.Lock()


def load_index(ws, use_cache: bool = True) -> RoadmapIndex:
    """The roadmap index of ``ws``: the one this process already read while the catalog
    stamp is the same, else from the cache file when it is current, else built (and
    cached). Every reader of the roadmap (queries, the check's order rules, diagrams,
    report, deck, diff, the scheduling model) gets its answers from here.

    Every write through kg renews the catalog, so a read after a write sees it. An
    in-memory view (a snapshot or a file loaded for a diff) is read-only and is filled
    before it is read: its index is kept for as long as the view is open."""
    stamp = _stamp(ws)
    held = getattr(ws, "_roadmap_index", None)
    if use_cache and held is not None and held[0] == stamp:
        bind_reader(held[1], ws)   # this thread's lazy reads go through the caller's handle
        return held[1]
    path = None
    ix = None
    if use_cache and on_disk(ws):
        path = cache_dir() / f"index-{workspace_key(ws)}.marshal"
        kept = _KEPT.get(str(path))  # a long-running reader (kg serve): read once per version
        if kept is not None and kept._data is not None and kept._data.get("stamp") == stamp:
            kept._ws = ws  # later link reads go to the caller's open workspace
            bind_reader(kept, ws)  # in this thread: another's handle may close meanwhile
            if kept._parts is not None:
                kept._parts.ws = ws
                bind_reader(kept._parts, ws)
            try:
                ws._roadmap_index = (stamp, kept)
            except AttributeError:
                pass
            return kept
        data = read_stamped(path, stamp)   # a stale file is told by its first line, not loaded
        if isinstance(data, dict) and data.get("stamp") == stamp:
            try:
                ix = _from_data(data, ws, path)
            except KeyError:
                pass
    if ix is None:
        # on disk, each source's facts come from its cached part: a write re-reads only
        # the sources it changed (kg.roadmap.index_parts)
        parts = Parts(ws) if path is not None else None
        data = instants = None
        if parts is not None:   # sources only added: the kept whole index with theirs put in
            from kg.roadmap.index_patch import patched
            data = patched(ws, path, parts)
        if data is None:
            data = build_data(ws, parts)
            instants = data.pop("instants")
        data["stamp"] = stamp
        if parts is not None:   # the parts it is made of (kg.roadmap.index_patch)
            data["pkeys"] = dict(parts.keys)
        if path is not None:
            _write(path, data)
        ix = _from_data(data, ws, path)
        ix._instants = instants
        ix._parts = parts
    if path is not None:
        _keep(path, ix)
        bind_reader(ix, ws)
    if use_cache:
        try:  # kept with the open workspace: gone when it is
            ws._roadmap_index = (stamp, ix)
        except AttributeError:
            pass
    return ix


def cached_records_data(ws) -> dict | None:
    """The index data of ``ws`` with every part read (records and regulations need no store
    any more), as this process or the cache file holds it for the workspace's current
    stamp; None when there is none or it lacks a part. Never builds, never reads a scan:
    for a caller that keeps the roadmap of this version only when that is free (a snapshot)."""
    got = cached_records_bytes(ws)
    return None if got is None else records_data(*got)


def cached_records_bytes(ws) -> tuple[str, bytes | dict] | None:
    """``(stamp, data)``: the index of ``ws`` for its current stamp as this process holds it
    (a dict), else the cache file's marshalled bytes for that stamp, not yet loaded
    (:func:`records_data` loads them and tells whether every part was read); None when
    there is neither. For a caller that keeps the index for later without paying to read
    it now (a snapshot)."""
    stamp = _stamp(ws)
    held = getattr(ws, "_roadmap_index", None)
    if held is not None and held[0] == stamp and held[1]._data is not None:
        return stamp, held[1]._data
    if not on_disk(ws):
        return None
    path = cache_dir() / f"index-{workspace_key(ws)}.marshal"
    kept = _KEPT.get(str(path))
    if kept is not None and kept._data is not None and kept._data.get("stamp") == stamp:
        return stamp, kept._data
    raw = read_stamped_bytes(path, stamp)
    return None if raw is None else (stamp, raw)


def records_data(stamp: str, data: bytes | dict) -> dict | None:
    """The index data in ``data`` (as :func:`cached_records_bytes` gives it) if it is of
    ``stamp`` and has every part read, else None."""
    if not isinstance(data, dict):
        try:
            data = marshal.loads(data)
        except (EOFError, ValueError, TypeError):
            return None
    if not isinstance(data, dict) or data.get("stamp") != stamp or "labels" not in data or not data.get("notes") \
            or any(name not in data.get("links", {}) for name in LINKS):
        return None
    return data


def _keep(path: Path, ix: RoadmapIndex) -> RoadmapIndex:
    with _KEPT_LOCK:
        _KEPT[str(path)] = ix
    return ix


def _write(path: Path, data: dict) -> None:
    write_stamped(path, data["stamp"], data)


def _from_data(d: dict, ws=None, path: Path | None = None) -> RoadmapIndex:
    return RoadmapIndex(iris=d["iris"], n_init=d["n_init"], sE=d["sE"], sL=d["sL"], eE=d["eE"], eL=d["eL"],
                        phase=d["phase"], status=d["status"], links=d["links"], dep_a=d["dep_a"],
                        dep_b=d["dep_b"], dep_t=d["dep_t"], dep_s=d["dep_s"], dep_g=d["dep_g"],
                        sources=d["sources"], regs=d["regs"], wmeta=d["wmeta"], _ws=ws, _path=path, _data=d)


_DATE = re.compile(r'^"(\d{4}-\d{2}-\d{2})')


def _date_ord(term: str) -> int:
    m = _DATE.match(term)
    if not m:
        return 0
    try:
        return date.fromisoformat(m[1]).toordinal()
    except ValueError:
        return 0


def numbering(iris: list[str]) -> tuple[dict[str, int], object]:
    """``(pos, ix)`` over ``iris`` (the initiatives, in IRI order): each IRI's position, and
    ``ix(x)``, the position of ``x``, appended the first time it is met."""
    pos = {x: i for i, x in enumerate(iris)}

    def ix(x: str) -> int:
        p = pos.get(x)
        if p is None:
            p = pos[x] = len(iris)
            iris.append(x)
        return p
    return pos, ix


def build_data(ws, parts=None) -> dict:
    """Build the index data from the facts of every source: ``parts``
    (:class:`kg.roadmap.index_parts.Parts`, cached per source) or, without them,
    single-predicate scans over the union (the rules are in :mod:`kg.roadmap.model`'s
    docstring)."""
    raw = parts.raw() if parts is not None else gather(ws, None)
    inits = raw["init"]
    iris = list(inits)
    pos, ix = numbering(iris)
    n = len(inits)
    # time: initiative -> period -> beginning/end -> earliest/latest (+ precision, notation)
    period = {a: b for a, b in raw["period"].items() if a in pos}
    begin, end = raw["begin"], raw["end"]
    earliest, latest = raw["earliest"], raw["latest"]
    # windows with no earliest date (their precision and notation are read when first asked for)
    wmeta: dict[int, tuple[str, str, bool]] = {}
    ords: dict[str, int] = {}   # a date term -> its ordinal (many windows share a date)

    def _ord(term: str) -> int:
        ords[term] = o = _date_ord(term)
        return o

    def window(x: str | None, key: int) -> tuple[int, int]:
        if x is None:
            return 0, 0
        e, l = earliest.get(x), latest.get(x)
        e, l = (ords[e] if e in ords else _ord(e)) if e else 0, (ords[l] if l in ords else _ord(l)) if l else 0
        if not e and not l:
            return 0, 0
        if not e:
            wmeta[key] = ("", "", False)
        # no earliest date: the window counts from its latest (an open window "2026+" has
        # no latest date: it stays 0, None)
        return e or l, l

    sE, sL, eE, eL = [0] * n, [0] * n, [0] * n, [0] * n
    for i, x in enumerate(inits):
        p = period.get(x)
        if p is not None:
            sE[i], sL[i] = window(begin.get(p), 2 * i)
            eE[i], eL[i] = window(end.get(p), 2 * i + 1)
    phase, status = [-1] * n, [-1] * n
    for arr, key in ((phase, "phase"), (status, "status")):
        for a, b in sorted(raw[key].items()):   # in IRI order, whichever order the sources came in
            if pos.get(a, n) < n:
                arr[pos[a]] = ix(term_value(b))
    # dependencies: a qualified dependency wins over the simple edge between the same two
    # nodes; of several statements of one edge the strongest type and strength count
    # (requires before enables before informs, hard before soft), from the first source by name
    sources: list[str] = []
    spos: dict[str, int] = {}

    def sx(name: str) -> int:
        if name not in spos:
            spos[name] = len(sources)
            sources.append(name)
        return spos[name]

    qon, qt, qs = raw["qon"], raw["qt"], raw["qs"]
    best: dict[tuple[str, str], tuple[int, int, str]] = {}
    for a, q, g in raw["qdep"]:
        for b in qon.get(q, ()):
            cand = (qt.get(q, 0), qs.get(q, 0), g)
            if (a, b) not in best or cand < best[(a, b)]:
                best[(a, b)] = cand
    simple: dict[tuple[str, str], tuple[int, int, str]] = {}
    for a, b, g in raw["simple"]:
        if (a, b) not in best:
            cand = (0, 0, g)
            if (a, b) not in simple or cand < simple[(a, b)]:
                simple[(a, b)] = cand
    best.update(simple)
    keys = sorted(best)  # by the IRIs of dependent and target
    for a, b in keys:
        ix(a), ix(b)
    # regulations: the entry into force, by the same rules as an initiative's windows
    entry = raw["entry"]
    regs: dict[int, tuple[int, int]] = {}
    for r in raw["reg"]:
        p = ix(r)
        regs[p] = window(entry.get(r), -1 - p)
    # the one link the scheduling model needs, read with the core; the others when first asked for
    rif = sorted({(pos[a], b) for a, b in _link_rows(ws, parts, "requires_in_force") if pos.get(a, n) < n})
    links = {"requires_in_force": ([a for a, _ in rif], [ix(b) for _, b in rif])}
    return {"v": INDEX_VERSION, "iris": iris, "n_init": n, "sE": sE, "sL": sL, "eE": eE, "eL": eL,
            "phase": phase, "status": status, "links": links, "wmeta": wmeta,
            "dep_a": [pos[a] for a, b in keys], "dep_b": [pos[b] for a, b in keys],
            "dep_t": [best[k][0] for k in keys], "dep_s": [best[k][1] for k in keys],
            "dep_g": [sx(best[k][2]) for k in keys], "sources": sources, "regs": regs,
            "instants": (period, begin, end, entry)}


def _link_rows(ws, parts, name: str) -> list[tuple[str, str]]:
    """(initiative or any subject, target value) of one link: merged from the cached
    parts when there are, else read over the union."""
    if parts is not None:
        return parts.link(name, LINKS[name])
    return read_link(ws, None, LINKS[name])


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
    one node (or a self-loop), each sorted.

    By hand, not networkx (``strongly_connected_components``, ``topological_generations``,
    ``dag_longest_path``), here and for the dependency order (``kg query order``'s waves,
    the scheduling model's Kahn order, critical path's longest chains). Measured on the 1M
    bench workspace (21,819 initiatives, 20,868 dependencies, 8,386 hard ones between
    initiatives; 2 cores shared, load 8-15): importing networkx costs 0.2 s warm and 1.1 s
    in a cold ``kg query order`` (a third of that command at 100k); building its graph
    costs 0.1-0.5 s where each whole pass by hand costs 0.015-0.04 s (waves by hand 0.015 s,
    through ``topological_generations`` 0.47 s; the scheduling order 0.015 s against
    ``topological_sort`` 0.77 s, which also refuses a graph with a cycle where this order
    goes on around it; these components 0.04 s against 0.31 s), and these answers come
    from the cached index in about 0.2 s. ``dag_longest_path`` gives one path of the whole
    graph, not the longest chain to each end point with its dates. networkx stays where a
    graph is walked for a drawing (:func:`kg.roadmap.model.dependency_digraph`)."""
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

