"""`kg check` after a change: the kept result of the last check, re-checked only where the
change can reach.

A default whole check (:func:`kg.check.engine.check`: shipped shapes, fast engine, every
code) keeps its compiled shapes (their queries, named by kg's version, the shapes' contents
and the workspace's subclass triples, so that the next check needs neither rdflib nor the
shapes: :func:`check_kept`) and a *basis* in the cache folder (:mod:`kg.store.cache`): the
key of its kept results (:mod:`kg.check.cache`), the content digest, a key of the catalog
entry (which every write of the source changes) and the engine's chunk key of every source
(the chunk itself, the source's triples with a predicate the shapes read, is in the
engine's per-source cache), the catalog's own triples, and how long the whole check took.
The next check:

1. finds the sources whose key changed (an import replaces one source, so usually one);
   none, and the same catalog: the kept result is the answer, as it is;
2. takes the triples added to and removed from each changed source from the steps kg
   kept of its own writes (:mod:`kg.store.delta`), when a chain of them leads from the
   source's content digest in the basis to the one the catalog states now; else reads
   the new chunk from the store and compares it, line by line, with the old chunk kept in
   the cache;
3. for each compiled query, walks the data from the changed triples to the focus nodes
   whose results they can change (:mod:`kg.check.reach`, which also says why this finds
   all of them);
4. runs each shape's queries for those focus nodes only (``VALUES ?this { … }`` on an
   in-memory store of their neighbourhood, or on the store one focus node at a time when
   the neighbourhood outgrows ``NEAR_CAP``), and replaces the shape's kept results for
   them with the new ones; every other result stays. Labels, sources and rows are looked
   up again for every result (a changed source may name or place a node another shape
   reports).

It gives way, and the engine checks the whole workspace, when there is no usable basis
(another kg, other shapes, the subclass tree changed so the compiled queries differ, a
chunk missing from the cache), when the queries have not been read (that is done after a
whole check slower than ``ANALYSE_AFTER`` seconds: on a small workspace checking
everything is quicker), when checking everything is cheaper: more than ``MAX_CHANGED``
triples changed, or the changed triples at the measured cost of one (``PER_CHANGE``
until measured) would take longer than the last whole check took (decided before any
walking), and when a change touches a blank node, matches a pattern that cannot be
bounded, or reaches more than ``LIMIT`` focus nodes.
``KG_CHECK_CACHE=0`` turns it off with the per-source cache. ``tests/check/test_incremental.py``
holds it equal to a full check over random edits, ``tests/check/test_incremental_delta.py``
over random edits of a large source read through the kept steps.
"""
from __future__ import annotations

import hashlib
import json
import os
import time
from dataclasses import asdict
from pathlib import Path

import pyoxigraph as ox

from kg.check import cache, reach, running
from kg.check.results import CheckReport, ShapeInfo
from kg.store import delta
from kg.store.cache import on_disk

FORMAT = 3       # 3: the sources' own keys, the catalog's lines, the whole check's time and cost per change
SHAPES_FORMAT = 1   # the layout of the kept compiled shapes (check-shapes-*.json)
REACH = 2        # the layout of kg.check.reach.analyse, part of its cache file name
REACH_FORMAT = 1   # the layout of that file
last: dict = {}  # how the last call went: {"way": "kept" | "incremental" | "full", ...} (tests, bench)
LIMIT = 20_000   # focus nodes to re-check, at most; more and the whole check is as fast
MAX_CHANGED = 12_000   # changed triples (about 350 imported rows) beyond which walking costs more
# below that, the whole check runs when the changed triples times the seconds a changed
# triple took in the last re-checks (PER_CHANGE before one has been measured; measured on
# re-checks of PER_CHANGE_FROM changes or more, where the fixed costs weigh little) exceed
# the seconds of the last whole check: on a small workspace a whole check is quick
PER_CHANGE = 0.00015
PER_CHANGE_FROM = 500
# reading the queries (rdflib's SPARQL parser, about a second) is done once per kg version and
# cache folder, after a whole check that took longer than this (seconds): where a check is
# quicker, checking everything again costs less than reading them would (a whole check of
# 1M triples takes 2-3 s: above 2 s, whether a re-check could be used there hung on the load)
ANALYSE_AFTER = 1.0
# the in-memory neighbourhood of one query may hold NEAR_CAP + NEAR_PER_FOCUS triples per
# focus node; beyond, that query runs on the store for each of its focus nodes (at most
# STORE_FOCI of them, else the whole check runs)
NEAR_CAP = 5_000
NEAR_PER_FOCUS = 50
STORE_FOCI = 200


class _Clock:
    """Seconds of processor time per stage of the last call, in ``last["cpu"]`` (bench notes)."""

    def __init__(self):
        import time
        self._time = time.process_time
        self._at = self._time()
        last["cpu"] = {}

    def __call__(self, stage: str) -> None:
        now = self._time()
        last["cpu"][stage] = round(now - self._at, 3)
        self._at = now


def _enabled() -> bool:
    return os.environ.get("KG_CHECK_CACHE", "1").strip().lower() not in ("0", "no", "false", "off")


def _file(ws) -> Path:
    from kg.store.cache import cache_dir, workspace_key
    return cache_dir() / f"check-basis-{workspace_key(ws)}.json"


def _identity(ws) -> str:
    from kg import __version__
    from kg.check.cache import _shapes_digest
    h = hashlib.sha256(f"{FORMAT}\n{__version__}\n{_shapes_digest()}\n".encode())
    h.update((Path(ws.path) / "kg.json").read_bytes())
    return h.hexdigest()


def _queries_digest(shapes) -> str:
    h = hashlib.sha256()
    for s in shapes:
        for q, _ in s.queries:
            h.update(str(s.node).encode() + b"\0" + q.encode() + b"\0")
    return h.hexdigest()


def _preds(run_shapes) -> list[str] | None:
    from kg.check.engine import _mentioned_iris   # only when shapes are kept: the engine has run
    found = _mentioned_iris([q for s in run_shapes for q, _ in s.queries])
    return None if found is None else [str(ox.NamedNode(p)) for p in sorted(found)]


# ---------------------------------------------------------------- the compiled shapes, kept

def _shapes_file(ws) -> Path | None:
    """Where the compiled shapes for ``ws`` are kept: named by what compiling them read
    (kg's version, the shipped shapes' contents, and the workspace's rdfs:subClassOf
    triples, from which each target class's subclasses come)."""
    from kg import __version__
    from kg.store.cache import cache_dir
    pairs = sorted(f"{r[0]} {r[1]}" for r in ws.query(
        "SELECT ?c ?r WHERE { ?c <http://www.w3.org/2000/01/rdf-schema#subClassOf> ?r }", prefixes=False))
    h = hashlib.sha256(f"{SHAPES_FORMAT}\n{__version__}\n{cache._shapes_digest()}\n".encode())
    h.update("\n".join(pairs).encode("utf-8"))
    return cache_dir() / f"check-shapes-{h.hexdigest()[:24]}.json"


def keep_shapes(ws, shapes, run_shapes, infos: dict) -> None:
    """Keep the compiled ``shapes`` of a default whole check (``run_shapes``: those run as
    SPARQL, the rest natively; ``infos``: the report's shapes), so that the next check
    re-checks a change without parsing the shapes (:func:`check_kept`)."""
    if not _enabled() or not on_disk(ws):   # a snapshot or an in-memory view keeps nothing
        return
    preds = _preds(shapes)   # what the engine copied: the natively run shapes read that copy too
    if preds is None:
        return
    run = {id(s) for s in run_shapes}
    try:
        f = _shapes_file(ws)
        if f.exists():
            return
        from kg.store.cache import write_atomic
        write_atomic(f, json.dumps({
            "format": SHAPES_FORMAT, "preds": preds,
            "shapes": [{"node": str(s.node), "info": asdict(s.info), "queries": s.queries, "path": s.path,
                        "run": id(s) in run} for s in shapes],
            "infos": {k: asdict(v) for k, v in infos.items()}}, ensure_ascii=False).encode("utf-8"))
    except (OSError, TypeError, ValueError):
        pass


def _kept_shapes(ws):
    """(shapes, run_shapes, infos, preds) as :func:`keep_shapes` kept them for ``ws``, or None."""
    try:
        got = json.loads(_shapes_file(ws).read_bytes())
        if got.get("format") != SHAPES_FORMAT:
            return None
        shapes, run = [], []
        for d in got["shapes"]:
            s = running.Shape(d["node"], ShapeInfo(**d["info"]), [(q, m) for q, m in d["queries"]], "", d["path"])
            shapes.append(s)
            if d["run"]:
                run.append(s)
        return shapes, run, {k: ShapeInfo(**v) for k, v in got["infos"].items()}, got["preds"]
    except (OSError, ValueError, TypeError, KeyError, AttributeError):
        return None


# ---------------------------------------------------------------- the basis of the next check

def _source_keys(cacheable: dict[str, list[str]]) -> dict[str, str]:
    """graph IRI -> a digest of its catalog entry, which every write of the source changes."""
    return {g: hashlib.sha256("\n".join([g] + sorted(entry)).encode("utf-8")).hexdigest()[:24]
            for g, entry in cacheable.items()}


def _graph_lines(ws, graph: str, preds: list[str]) -> set[bytes]:
    """The triples of ``graph`` with the predicates the checks read, as N-Triples lines."""
    wanted = set(preds)
    return {f"{q.subject} {q.predicate} {q.object} .".encode("utf-8")
            for q in ws.store.quads_for_pattern(None, None, None, ox.NamedNode(graph))
            if str(q.predicate) in wanted}


def _catalog_lines(ws, preds: list[str]) -> set[bytes]:
    """The catalog's triples of the predicates the checks read, as N-Triples lines."""
    from kg.store.workspace import CATALOG
    return _graph_lines(ws, CATALOG, preds)


def save(ws, shapes, state: dict, report, whole: bool = False) -> None:
    """Keep the basis of ``report``, a default whole check of ``ws`` (``whole``: by the
    engine, which left ``state``: the sources' chunk keys). The results themselves are the
    check's kept result (:func:`kg.check.cache.keep`, called first): the basis names it by
    its key."""
    global _tried
    if not _enabled() or not on_disk(ws):   # a snapshot or an in-memory view keeps nothing
        return
    _tried = None   # a new basis: the next check_kept tries again
    if whole and report.seconds > ANALYSE_AFTER:
        _analyses(shapes, compute=True)
    from kg.store.cache import write_atomic
    try:
        before = _load(ws, shapes) or {}
        if "sources" not in state:   # an engine run: the workspace as it is now
            _, cacheable, _ = running.catalog_entries(ws)
            kept = _kept_shapes(ws)
            if kept is None:
                return
            state.update(sources=_source_keys(cacheable), catalog=_catalog_lines(ws, kept[3]),
                         chunks={g: list(k) for g, k in (state.get("keys") or {}).items()})
        basis = {"format": FORMAT, "identity": _identity(ws), "queries": _queries_digest(shapes),
                 "sources": state["sources"], "chunks": state["chunks"],
                 "catalog": sorted(ln.decode("utf-8") for ln in state["catalog"]),
                 # the sources' content digests: where the steps of later writes start
                 "digests": _digests(ws),
                 "report": cache.report_key(ws),
                 # what the choice between re-checking and checking everything is made from
                 "whole": report.seconds if whole else before.get("whole"),
                 "per_change": state.get("per_change") or before.get("per_change")}
        write_atomic(_file(ws), json.dumps(basis, ensure_ascii=False).encode("utf-8"))
    except (OSError, TypeError, ValueError, AttributeError):
        pass


def _load(ws, shapes) -> dict | None:
    try:
        basis = json.loads(_file(ws).read_bytes())
        if basis.get("format") != FORMAT or basis.get("identity") != _identity(ws) \
                or basis.get("queries") != _queries_digest(shapes) or not isinstance(basis.get("report"), str):
            return None
        return basis
    except (OSError, ValueError, TypeError, AttributeError):
        return None


def _analyses(shapes, compute: bool = False) -> dict[str, dict | None] | None:
    """query text → :func:`kg.check.reach.analyse` of it (None: unbounded), cached on disk
    by the queries' digest (rdflib's SPARQL parser takes a second for all of them). Not
    cached and not ``compute``: None."""
    from kg.store.cache import cache_dir, write_atomic
    digest = _queries_digest(shapes)
    f = cache_dir() / f"check-reach-{REACH}-{digest[:24]}.json"
    try:
        got = json.loads(f.read_bytes())
        if got.get("format") == REACH_FORMAT:
            return got["queries"]
    except (OSError, ValueError, TypeError, AttributeError):
        pass
    if not compute:
        return None
    out: dict[str, dict | None] = {}
    for s in shapes:
        for q, _ in s.queries:
            try:
                out[q] = reach.analyse(q)
            except reach.Unbounded:
                out[q] = None
    write_atomic(f, json.dumps({"format": REACH_FORMAT, "queries": out}).encode("utf-8"))
    return out


def _triples(lines: set[bytes]) -> list[tuple] | None:
    """The N-Triples ``lines`` as (s, p, o) pyoxigraph terms; None if one has a blank node
    (its label in a chunk is not the store's handle on it)."""
    if not lines:
        return []
    out = []
    for t in ox.parse(b"\n".join(sorted(lines)) + b"\n", format=ox.RdfFormat.N_TRIPLES):
        if isinstance(t.subject, ox.BlankNode) or isinstance(t.object, ox.BlankNode):
            return None
        out.append((t.subject, t.predicate, t.object))
    return out


def _digests(ws) -> dict[str, str]:
    """graph IRI -> the content digest the catalog states for its source."""
    from kg.store.snapshots import source_digests
    from kg.store.workspace import source_iri
    return {source_iri(n): d for n, d in source_digests(ws).items() if d}


def _costly(n: int, basis: dict) -> bool:
    """Would re-checking ``n`` changed triples cost more than checking everything? Decided
    from what is known before the work: ``n`` at the cost per change the last re-checks
    took (``PER_CHANGE`` until measured), against the time the last whole check took.
    Records the choice in ``last`` when it is yes."""
    per_change, whole = basis.get("per_change") or PER_CHANGE, basis.get("whole")
    if n > MAX_CHANGED or (whole and n * per_change > whole):
        last.update(way="full", changed=n, estimate=round(n * per_change, 3), whole=whole)
        return True
    return False


def _triple_count(entry: list[str]) -> int:
    """The triple count a source's catalog entry ("p o" lines) states (0 if none)."""
    for line in entry:
        if line.startswith("<https://w3id.org/kommune-ki/ont#tripleCount> "):
            try:
                return int(line.split('"')[1])
            except (IndexError, ValueError):
                return 0
    return 0


def _read_change(ws, g: str, old_key, there: bool, preds: list[str], chunk_keys: dict):
    """(added, removed) lines of source ``g`` (``there``: it still is), from its chunk in
    the engine's cache (``old_key``: its key then, None if not known, () for a source that
    was not there) and the store now; None when that chunk is not there. The new chunk is
    cached, its key put in ``chunk_keys``."""
    if old_key is None:
        return None
    if old_key == () and there:   # a new source (an import of its own): its triples, all added
        return _graph_lines(ws, g, preds), set()
    from kg.check import engine   # rarely: a write that kept no step (a source read around kg)
    chunks = engine._ChunkCache.open(ws, preds)
    if chunks is None:
        return None
    before = b""
    if old_key:
        before = engine._ChunkCache.read(chunks.path(*old_key))
        if before is None:
            return None
    after = b""
    if there:
        after = engine.extract(ws, g, preds)
        _, cacheable, _ = running.catalog_entries(ws)
        key = chunks.keys({g: cacheable[g]})[g]
        engine._ChunkCache.write(chunks.path(*key), after)
        chunk_keys[g] = list(key)
    a, b = _lines(after), _lines(before)
    return a - b, b - a


def _lines(chunk: bytes) -> set[bytes]:
    return {ln.strip() for ln in chunk.split(b"\n") if ln.strip() and not ln.startswith(b"#")}


def _with_foci(query: str, foci: list[str]) -> str:
    i = query.find("{", query.upper().find("WHERE"))
    return query[:i + 1] + " VALUES ?this { %s } " % " ".join(foci) + query[i + 1:]


_tried: tuple | None = None   # (folder, catalog stamp) of the last check_kept that gave way


def check_kept(ws, progress=None) -> CheckReport | None:
    """A default whole check of ``ws`` (shipped shapes, fast engine, every code) from the
    kept result and the kept compiled shapes: the kept result when nothing the checks read
    has changed, else re-checked where the change reaches. It keeps its result and the
    basis of the next. None when it gives way to the engine (which then checks everything;
    asked again for the same version, it gives way at once)."""
    global _tried
    t0 = time.monotonic()
    last.clear()
    last["way"] = "full"
    if not _enabled() or not on_disk(ws):   # an in-memory view keeps nothing
        return None
    try:
        me = (str(Path(ws.path).resolve()), ws.catalog_stamp())
    except (OSError, TypeError):
        return None
    if _tried == me:
        return None
    kept = _kept_shapes(ws)
    state: dict = {}
    got = None if kept is None else check(ws, kept[0], kept[1], progress=progress, state=state, preds=kept[3])
    if got is None:
        _tried = me
        return None
    results, kept_report = got
    if last["way"] == "kept" and state.get("report") == cache.report_key(ws):
        return kept_report   # kept under this very key: nothing to write
    report = CheckReport(results=results, shapes=kept[2], engine="fast", seconds=time.monotonic() - t0)
    if last["way"] == "incremental" and last.get("changed", 0) >= PER_CHANGE_FROM:
        state["per_change"] = report.seconds / last["changed"]
    cache.keep(ws, report)
    save(ws, kept[0], state, report)
    return report


def check(ws, shapes, run_shapes, progress=None, state: dict | None = None, preds: list[str] | None = None):
    """(results, the kept report they start from) of a default whole check of ``ws`` from
    the kept basis, or None when there is none to use or checking everything costs less
    (the caller then checks everything). ``shapes``: every compiled shape of the check;
    ``run_shapes``: those the engine runs as SPARQL (not natively); ``preds``: the
    predicates they read (kept with them)."""
    last.clear()
    last["way"] = "full"
    clock = _Clock()
    if not _enabled() or not on_disk(ws) or preds is None:
        return None
    from kg.store.workspace import CATALOG
    basis = _load(ws, shapes)
    if basis is None:
        return None
    graphs, cacheable, named = running.catalog_entries(ws)
    if any(not isinstance(g, ox.NamedNode) for g in named) or set(graphs) != set(cacheable) | {CATALOG} \
            or next(iter(ws.store.quads_for_pattern(None, None, None, ox.DefaultGraph())), None) is not None:
        return None
    now, old = _source_keys(cacheable), basis["sources"]
    changed = sorted(g for g in set(now) | set(old) if now.get(g) != old.get(g))
    catalog, catalog_then = _catalog_lines(ws, preds), {ln.encode("utf-8") for ln in basis["catalog"]}
    kept = cache.read_kept(ws, basis["report"])
    if kept is None:
        return None
    chunk_keys = {g: k for g, k in basis["chunks"].items() if g in now and g not in changed}
    if state is not None:
        state.update(sources=now, catalog=catalog, chunks=chunk_keys, report=basis["report"])
    if not changed and catalog == catalog_then:
        last["way"] = "kept"
        return kept.results, kept          # nothing the checks read has changed
    clock("basis")
    if progress:
        progress("read", 0, None)
    added: set[bytes] = set()
    removed: set[bytes] = set()
    stepped: dict[str, set[str]] = {}   # graph -> subjects of its kept step (kg.store.delta)
    then, digests = basis.get("digests") or {}, _digests(ws)
    wanted = set(preds)
    for g in changed:
        step = delta.between(ws, g, then.get(g), digests.get(g)) if g in old and g in now else None
        if step is not None:   # what the writes changed, as they kept it: no reading of the source
            subjects = delta.subjects(step)
            if subjects is None:
                return None
            stepped[g] = subjects
            for lines, into in ((step[0], removed), (step[1], added)):
                into.update(ln for ln in lines if ln.split(b" ", 2)[1].decode("utf-8") in wanted)
            continue
        if g not in old and _costly(_triple_count(cacheable[g]) + len(added) + len(removed), basis):
            return None   # a large new source: its size, from the catalog, says so before reading it
        got = _read_change(ws, g, basis["chunks"].get(g) if g in old else (), g in now, preds, chunk_keys)
        if got is None:
            return None
        added |= got[0]
        removed |= got[1]
    added |= catalog - catalog_then
    removed |= catalog_then - catalog
    if _costly(len(added) + len(removed), basis):
        return None
    plus, minus = _triples(added), _triples(removed)
    clock("difference")
    if plus is None or minus is None:
        return None
    analyses = _analyses(shapes)
    if analyses is None:
        return None
    data = reach.Data(ws, minus)
    foci: dict[str, set[str]] = {}
    try:
        for s in shapes:
            for q, _ in s.queries:
                r = analyses.get(q)
                if r is None:
                    return None
                foci.setdefault(s.info.iri, set()).update(reach.affected(r, plus + minus, data))
    except reach.Unbounded:
        return None
    if sum(len(f) for f in foci.values()) > LIMIT or any(
            not isinstance(f, ox.NamedNode) for fs in foci.values() for f in fs):
        return None
    last.update(way="incremental", changed=len(plus) + len(minus), foci=sum(len(f) for f in foci.values()),
                stepped=sorted(stepped))
    clock("affected")
    if progress:
        progress("run", len(shapes), None)
    # the re-check runs on an in-memory store holding what the queries can read from the
    # focus nodes (Oxigraph's planner does not always start from a VALUES on the big store)
    # A query whose neighbourhood grows past NEAR_CAP (a few challenges that thousands of
    # initiatives address) runs on the store instead, for each focus node on its own.
    triples: set = set()
    near = reach.Data(ws, record=triples, now=data._now)   # the store's answers, walked already
    on_store: set[str] = set()
    try:
        for s in shapes:
            for q, _ in s.queries:
                if foci.get(s.info.iri):
                    if not reach.closed(analyses[q]):
                        return None
                    near.cap = len(triples) + NEAR_CAP + NEAR_PER_FOCUS * len(foci[s.info.iri])
                    try:
                        reach.neighbourhood(analyses[q], foci[s.info.iri], near)
                    except reach.TooBig:
                        if len(foci[s.info.iri]) > STORE_FOCI:
                            return None
                        on_store.add(q)
    except reach.Unbounded:
        return None
    near.cap = None
    clock("neighbourhood")
    small = ox.Store()
    small.extend([ox.Quad(a, b, c, ox.DefaultGraph()) for a, b, c in triples])
    local = running.InMemory(small, ws._prefixes)
    last["on_store"] = len(on_store)
    results = []
    for s in shapes:
        fs = sorted(str(f) for f in foci.get(s.info.iri, ()))
        for q, messages in s.queries:
            if q in on_store:
                found = [row for f in fs for row in running._solutions(ws, running._focus_on(q, f[1:-1]))]
            else:
                found = [row for i in range(0, len(fs), 1000)
                         for row in running._solutions(local, _with_foci(q, fs[i:i + 1000]))]
            for focus, path, value in found:
                if focus is not None:
                    results.append(running._result(s, messages, focus,
                                                  path if path is not None else s.path, value))
    redo = list(results)
    clock("run")
    # a result's labels, source and row come from the triples about its focus and value
    # (any predicate) and the catalog's file names: named again when a changed source
    # holds such triples now, held them before (its triples of the checked predicates,
    # labels and types among them, are in the difference), or was the result's source
    preds_named = {reach.RDF_TYPE,
                           "<http://www.w3.org/2004/02/skos/core#prefLabel>"} <= set(preds)
    touched: set[str] = set()
    if preds_named:
        # a result's labels, holders, row and type are read from triples whose subject is
        # its focus or value: only the subjects of the changed triples can alter them
        touched.update(a.value for a, _, _ in plus + minus)
        for g in changed:
            if g in stepped:   # the subjects of every triple its writes changed (any predicate)
                touched |= stepped[g]
            elif g in now:
                touched.update(row[0].value for row in ws.query(
                    "SELECT DISTINCT ?s WHERE { GRAPH <%s> { ?s ?p ?o } }" % g, prefixes=False)
                    if isinstance(row[0], ox.NamedNode))
    from kg.store.workspace import source_name
    sources = {source_name(g) for g in changed}
    redone = {(iri, f.value) for iri, fs in foci.items() for f in fs}
    for r in kept.results:
        if (r.shape, r.focus) not in redone:
            results.append(r)
            if not preds_named or r.focus in touched or r.value in touched or r.graph in sources:
                r.labels, r.value_labels, r.graph, r.source, r.row = {}, {}, None, None, None
                redo.append(r)
    results = running._dedupe(results)
    if progress:
        progress("enrich", len(redo), None)
    clock("touched")
    last["named"] = len(redo)
    running._enrich(ws, redo)
    clock("enrich")
    return results, kept
