"""Versions of the roadmap: `kg snapshot` and `kg diff` on the generated workspace.

``snapshot``          kg snapshot base — a checkpoint of the workspace's store with its sidecar
                      (and the version's roadmap and check kept, as the workspace holds them)
``snapshot-again``    kg snapshot again after a small source (30 initiatives) was imported
``diff``              kg diff base @ --format json — the snapshot against the workspace after
                      changes, gaps of kg check included: what changed read from the steps kg
                      kept of the writes, only the initiatives it touches read in both versions,
                      the old version's check from what the snapshot kept, the new one checked
                      (nothing is current after the change)
``diff-no-check``     the same without the check (the new version's index is current now)
``diff-after-check``  the diff with the gaps when the changed workspace has been checked
                      (`kg check` after the import, as a user does): both versions are read
                      from what they keep
``diff-full``         the reference: the whole comparison (KG_DIFF_FULL=1: both versions read
                      whole — the snapshot from its checkpoint, the workspace copied into
                      memory — and checked)

Set-up (not timed): a private copy of the workspace is checked and its roadmap read
(as before a deck: `kg check`, `kg report`), then snapshotted, then changed as a user
changes it: the big ``bench`` source re-imported with edits (read, edited and written back
whole through kg, which writes the difference and keeps it for what is derived from the
source) — 50 bench initiatives start 90 days later, 50 change status, 20 are removed —
and a new source of 30 initiatives imported. Every diff must report exactly those.
"""
from __future__ import annotations

import shutil
from datetime import date, timedelta

MOVED, RESTATUS, REMOVED, ADDED = 50, 50, 20, 30
KGID = "https://w3id.org/kommune-ki/id/"


def _change(ws_path) -> dict:
    """Apply the known changes to the copy, as a user's re-import of the edited sheet does:
    the ``bench`` source read, edited (50 initiatives start 90 days later, 50 change
    status, 20 are removed) and written back whole through kg (``replace_source``, which
    writes only the difference and keeps it, kg.store.delta), and a new source of 30
    initiatives imported; returns how many of each were made."""
    import pyoxigraph as ox
    from kg.store.workspace import Workspace, source_iri
    made = {"moved": 0, "status": 0, "removed": REMOVED, "added": ADDED}
    K, ID = "https://w3id.org/kommune-ki/ont#", KGID
    with Workspace.open(ws_path, write=True) as ws:
        g = ox.NamedNode(source_iri("bench"))
        rows = ws.select("SELECT ?i WHERE { GRAPH kgsrc:bench { ?i a kg:Initiative } } ORDER BY ?i LIMIT %d"
                         % (MOVED + RESTATUS + REMOVED))
        inis = [r["i"].value for r in rows]
        move, restatus, remove = inis[:MOVED], inis[MOVED:MOVED + RESTATUS], inis[MOVED + RESTATUS:]
        dels, ins = set(), set()
        vals = " ".join(f"<{i}>" for i in move)
        for r in ws.select("""SELECT ?s ?e WHERE { VALUES ?i { %s }
                GRAPH kgsrc:bench { ?i kg:period ?p . ?p time:hasBeginning ?s . ?s kg:earliest ?e } }""" % vals):
            e = date.fromisoformat(r["e"].value[:10])
            dels.add(ox.Triple(r["s"], ox.NamedNode(K + "earliest"), r["e"]))
            ins.add(ox.Triple(r["s"], ox.NamedNode(K + "earliest"),
                              ox.Literal((e + timedelta(days=90)).isoformat(),
                                         datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#date"))))
            made["moved"] += 1
        vals = " ".join(f"<{i}>" for i in restatus)
        for r in ws.select("SELECT ?i ?st WHERE { VALUES ?i { %s } GRAPH kgsrc:bench { ?i kg:status ?st } }" % vals):
            new = "status-stanset" if not r["st"].value.endswith("status-stanset") else "status-avsluttet"
            dels.add(ox.Triple(r["i"], ox.NamedNode(K + "status"), r["st"]))
            ins.add(ox.Triple(r["i"], ox.NamedNode(K + "status"), ox.NamedNode(ID + new)))
            made["status"] += 1
        gone = {ox.NamedNode(i) for i in remove}
        triples = [q.triple for q in ws.store.quads_for_pattern(None, None, None, g)
                   if q.subject not in gone and q.triple not in dels]
        info = ws.source("bench")
        ws.replace_source("bench", triples + sorted(ins, key=str),
                          {"kind": info.kind, "title": info.title, "file": info.file, "sha256": info.sha256,
                           "network": info.network})
        quads = []
        for n in range(ADDED):
            s = ox.NamedNode(f"{ID}bench-diff-ny-{n}")
            quads += [ox.Triple(s, ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"), ox.NamedNode(K + "Initiative")),
                      ox.Triple(s, ox.NamedNode("http://www.w3.org/2004/02/skos/core#prefLabel"),
                                ox.Literal(f"Nytt tiltak {n}", language="nb")),
                      ox.Triple(s, ox.NamedNode(K + "owner"), ox.NamedNode(ID + "ks"))]
        ws.replace_source("bench-diff-new", quads, {"kind": "test"})
    return made


def _small_import(ws_path, name: str, remove: bool = False) -> None:
    """A small source of 30 initiatives written through kg (or removed again)."""
    import pyoxigraph as ox
    from kg.store.workspace import Workspace
    K, ID = "https://w3id.org/kommune-ki/ont#", KGID
    with Workspace.open(ws_path, write=True) as ws:
        if remove:
            ws.remove_source(name)
            return
        quads = []
        for n in range(30):
            s = ox.NamedNode(f"{ID}{name}-{n}")
            quads += [ox.Triple(s, ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"), ox.NamedNode(K + "Initiative")),
                      ox.Triple(s, ox.NamedNode("http://www.w3.org/2004/02/skos/core#prefLabel"),
                                ox.Literal(f"Ekstra tiltak {n}", language="nb"))]
        ws.replace_source(name, quads, {"kind": "test"})


def _warm(ws_path) -> None:
    """The workspace checked and its roadmap read (kept in the cache, as after a `kg check`
    and a `kg report`)."""
    from kg.check.cache import cached_check
    from kg.roadmap.model import initiatives
    from kg.store.workspace import Workspace
    with Workspace.open(ws_path) as ws:
        cached_check(ws)
        initiatives(ws)


def run(ctx) -> None:
    if not ctx.wants("snapshot") and not ctx.wants("diff"):
        return
    ws = ctx.copy_workspace("diff")
    try:
        _warm(ws)
        ctx.run_kg("snapshot", ["snapshot", "base", "-m", "bench"], data=ws)
        if not (ws / "snapshots" / "base.json").exists():  # --only left the timed step out
            r = ctx.measure([ctx.kg, "--data", ws, "snapshot", "base"])
            if r.returncode:
                ctx.fail("diff", f"kg snapshot failed: {r.stderr[-500:]}")
                return
        if ctx.selected("snapshot-again"):
            _small_import(ws, "bench-snapshot-extra")
            ctx.run_kg("snapshot-again", ["snapshot", "again", "-m", "bench"], data=ws)
            _small_import(ws, "bench-snapshot-extra", remove=True)
        made = _change(ws)
        full = None
        for step, extra in (("diff-full", []), ("diff", []), ("diff-no-check", ["--no-check"]),
                            ("diff-after-check", [])):
            if step == "diff-after-check" and ctx.selected(step):
                _warm(ws)
            reference, env = None, None
            if step == "diff-full":  # its own cache folder: it must not make the others' caches current
                env = {"KG_DIFF_FULL": "1", "KG_CACHE_DIR": str(ctx.scratch("diff-full-cache"))}
            elif step in ("diff", "diff-after-check") and full is not None:
                reference = ("whole comparison", full)
            r = ctx.run_kg(step, ["diff", "base", "@", "--format", "json", *extra], data=ws, ok_codes=(1,),
                           env=env, reference=reference)
            if step == "diff-full" and r is not None:
                full = r
            if r is None:
                continue
            counts = r.json()["counts"]
            want = {"moved": made["moved"], "status": made["status"], "removed": made["removed"],
                    "added": made["added"]}
            got = {k: counts[k] for k in want}
            if got != want:
                ctx.fail(step, f"the diff reported {got}, the changes made were {want}")
            elif step == "diff" and counts["gap-appeared"] + counts["gap-closed"] == 0:
                ctx.fail(step, "no gap appeared or closed, though 30 new initiatives lack dates, challenges, principles")
    finally:
        shutil.rmtree(ws, ignore_errors=True)
