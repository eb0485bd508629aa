"""Snapshots as kg wrote them before checkpoints: a TriG file (every source as its own
named graph, ``<graph> {`` N-Triples ``}``) and a sidecar saying where each source's lines
sit, with its content digest and the file's SHA-256. Workspaces made then still hold
them; kg reads them as before."""
from __future__ import annotations

import hashlib
import json

from kg.store import snapshots
from kg.store.workspace import Workspace


def trig_snapshot(ws_path, name: str, *, message: str = "", created: str = "2026-01-01T00:00:00+00:00") -> dict:
    """Write snapshot ``name`` of the workspace at ``ws_path`` in the TriG form; returns its sidecar."""
    folder = snapshots.snapshot_dir(ws_path)
    folder.mkdir(parents=True, exist_ok=True)
    trig = folder / f"{name}.trig"
    with Workspace.open(ws_path) as ws:
        digests = snapshots.source_digests(ws)
        infos = [s for s in ws.sources() if s.name != "catalog"]
        with open(trig, "wb") as fh:
            where = snapshots.write_trig(ws, [s.name for s in infos], snapshots._Out(fh))
        initiatives = ws.count("?i a kg:Initiative")
    sources = {s.name: {"triples": s.triples, "kind": s.kind, "title": s.title, "modified": s.modified,
                        "file": s.file, "digest": digests.get(s.name), **where[s.name]} for s in infos}
    side = {"name": name, "created": created, "message": message, "initiatives": initiatives,
            "triples": sum(v["triples"] for v in sources.values()), "sources": sources, "kg_version": "0.0.9",
            "file": f"snapshots/{name}.trig", "sha256": hashlib.sha256(trig.read_bytes()).hexdigest()}
    (folder / f"{name}.json").write_text(json.dumps(side, ensure_ascii=False, indent=2), encoding="utf-8")
    return side
