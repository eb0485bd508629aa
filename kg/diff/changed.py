"""What changed between a snapshot and the workspace, read without either version whole:
the statements each changed source gained and lost (from kg's kept write steps, or its
lines compared), and two small in-memory views around them that hold everything the
roadmap model needs about the subjects they touch. :mod:`kg.diff.indexed` compares the
roadmap of those views (the route of `kg diff SNAPSHOT @`)."""
from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox

from kg.diff.compare import CURRENT, TIME, memory_workspace
from kg.errors import NotFound
from kg.store import snapshots
from kg.store.workspace import CATALOG, WORKSPACE_FILE, default_path, source_iri, source_name
from kg.vocab import ONT

STRUCTURE_PREDICATES = (ONT + "period", TIME + "hasBeginning", TIME + "hasEnd", ONT + "qualifiedDependency",
                        ONT + "entryIntoForce")


def changed_quads(ws, ws_path, info, old_d: dict, new_d: dict, *, limit: int | None = None):
    """What the workspace ``ws`` holds and snapshot ``info`` does not (added), and the
    other way (removed), over the sources whose content digest differs (``old_d``: the
    snapshot's, ``new_d``: the workspace's): ``(added quads, removed quads)``, or None
    when that cannot be told exactly here.

    A source in both versions is taken from kg's kept write steps (:mod:`kg.store.delta`)
    when a chain of them leads from the snapshot's digest to the workspace's: nothing is
    read. Otherwise (and for a source only one version holds) its N-Triples lines are
    compared: the snapshot's from its checkpoint or its place in the TriG file, the
    workspace's dumped by Oxigraph; with ``limit``, only while the two hold at most that
    many triples together (None when more). Blank nodes (their labels differ between
    readings) give None, as does a source without a digest or an older TriG snapshot
    that does not say where a source's lines are."""
    from kg.store import delta
    if None in old_d.values() or None in new_d.values():
        return None
    counts = None
    added: list[bytes] = []
    removed: list[bytes] = []
    for n in sorted(set(old_d) | set(new_d)):
        if old_d.get(n) == new_d.get(n):
            continue
        g = source_iri(n)
        step = delta.between(ws, g, old_d[n], new_d[n]) if n in old_d and n in new_d else None
        if step is not None:
            minus, plus = step
        else:
            if limit is not None:
                if counts is None:
                    counts = {source_name(c): f.count for c, f in ws.catalog_facts().items()}
                if (info.sources.get(n, {}).get("triples") or 0) + max(counts.get(n, 0), 0) > limit:
                    return None
            old_lines = snapshots.source_lines(ws_path, info, n) if n in old_d else []
            if old_lines is None:
                return None
            new_lines = (ws.store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.NamedNode(g)) or b"").splitlines() \
                if n in new_d else []
            a, b = set(old_lines), set(new_lines)
            a.discard(b"")
            b.discard(b"")
            plus, minus = b - a, a - b
        if any(b"_:" in x for x in plus) or any(b"_:" in x for x in minus):
            return None
        added += [x[:-1].rstrip() + f" <{g}> .".encode() for x in plus]
        removed += [x[:-1].rstrip() + f" <{g}> .".encode() for x in minus]
    plus_q = list(ox.parse(b"\n".join(added), format=ox.RdfFormat.N_QUADS)) if added else []
    minus_q = list(ox.parse(b"\n".join(removed), format=ox.RdfFormat.N_QUADS)) if removed else []
    return plus_q, minus_q


def snapshot_against_workspace(old_spec: str, new_spec: str, data) -> tuple | None:
    """(spec, snapshot name, workspace path, its SnapshotInfo) when ``old_spec`` names a
    snapshot of the current workspace and ``new_spec`` is the workspace itself, else None."""
    spec = str(old_spec).strip()
    if spec in CURRENT or str(new_spec).strip() not in CURRENT:
        return None
    name = spec[len("snapshot:"):] if spec.startswith("snapshot:") else spec
    ws_path = default_path(data)
    if not spec.startswith("snapshot:") and Path(spec).exists():
        return None
    if not (ws_path / WORKSPACE_FILE).is_file():
        return None
    try:
        return spec, name, ws_path, snapshots.get(ws_path, name)
    except NotFound:
        return None


def delta_views(ws, plus: list, minus: list):
    """Two small in-memory views (old, new) holding every statement about the subjects
    the change touches, with the structure nodes under them, and about the initiatives
    or regulations that own a touched structure node."""
    st = ws.store
    struct_preds = [ox.NamedNode(p) for p in STRUCTURE_PREDICATES]
    touched = {q.subject for q in plus} | {q.subject for q in minus}
    # owners of a touched structure node, in the new version and among removed statements
    owners = set()
    frontier = set(touched)
    for _ in range(3):   # instant → period → initiative (and qualified dependency → initiative)
        nxt = set()
        for x in frontier:
            for p in struct_preds:
                nxt |= {q.subject for q in st.quads_for_pattern(None, p, x, None)}
        nxt |= {q.subject for q in minus if q.object in frontier and q.predicate in struct_preds}
        nxt -= owners | touched
        owners |= nxt
        frontier = nxt
        if not frontier:
            break
    roots = touched | owners
    # the structure under each root, in either version
    subjects = set(roots)
    frontier = set(roots)
    while frontier:
        nxt = set()
        for x in frontier:
            for p in struct_preds:
                nxt |= {q.object for q in st.quads_for_pattern(x, p, None, None) if not isinstance(q.object, ox.Literal)}
        nxt |= {q.object for q in minus if q.subject in frontier and q.predicate in struct_preds}
        nxt -= subjects
        subjects |= nxt
        frontier = nxt
    new_quads = [q for s in subjects for q in st.quads_for_pattern(s, None, None, None)
                 if not (isinstance(q.graph_name, ox.NamedNode) and q.graph_name.value == str(CATALOG))]
    plus_set = set(plus)
    old_quads = [q for q in new_quads if q not in plus_set] + [q for q in minus if q.subject in subjects]
    oldv, newv = memory_workspace("old"), memory_workspace("new")
    if old_quads:
        oldv.store.extend(old_quads)
    if new_quads:
        newv.store.extend(new_quads)
    return oldv, newv
