"""Drawing: `kg diagram` at fixed sizes, and on the whole generated workspace.

``render-dependencies-<n>``   kg diagram dependencies -o x.svg on a roadmap of n initiatives
                              (n = 300 and 2000; owners as boxes, hard and soft dependencies)
``render-timeline-<n>``       kg diagram timeline -o x.svg on the same roadmap
``render-dependencies-all``   the dependency diagram of the whole generated workspace: it either
                              draws, or stops at once (exit 2) asking to narrow it with ID/--depth
``render-timeline-all``       the timeline of the whole generated workspace (draws, or stops at once)
``render-target-picture-all`` the target picture of the whole generated workspace
``render-map``                kg diagram map -o x.png on the whole generated workspace: the 357
                              municipalities coloured by their initiatives, converted to PNG
                              (target ≤ 2 s); reference: rsvg-convert of the same map's SVG

The n-initiative roadmaps are made here (not timed) so their size does not depend on the
generator; checks are left out (--no-gaps) so only reading, layout and drawing are timed.
Acceptance (issue 5): a 300-node dependency diagram within 3 s; larger ones draw within
60 s or stop at once (the dependency diagram refuses more than 800 nodes: dot needs
minutes for 2000).
"""
from __future__ import annotations

import random
from pathlib import Path

SIZES = (300, 2000)
PREFIXES = """@prefix kg: <https://w3id.org/kommune-ki/ont#> .
@prefix kgid: <https://w3id.org/kommune-ki/id/> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix time: <http://www.w3.org/2006/time#> .
"""
PHASES = ("fase-etablert", "fase-pagaende", "fase-planlagt")


def roadmap_ttl(n: int, seed: int = 5) -> str:
    """n initiatives in n/20 owners, each depending on up to two earlier ones."""
    rnd = random.Random(seed)
    owners = max(1, n // 20)
    out = [PREFIXES]
    for o in range(owners):
        out.append(f'kgid:r-org-{o} a kg:Organisation ; skos:prefLabel "Kommune {o} – Ålesund-nettverket"@nb , "Municipality {o}"@en .')
    for i in range(n):
        y = 2025 + rnd.randrange(4)
        q = rnd.randrange(1, 5)
        end_y = y + rnd.randrange(0, 3)
        ph = PHASES[min(2, y - 2025)]
        deps = ""
        if i:
            for j in sorted({rnd.randrange(max(0, i - 60), i) for _ in range(rnd.randrange(1, 3))}):
                strength = "styrke-hard" if rnd.random() < 0.7 else "styrke-myk"
                typ = "avh-krever" if strength == "styrke-hard" else "avh-muliggjor"
                deps += (f" ; kg:qualifiedDependency [ kg:dependencyOn kgid:r-{j} ; kg:dependencyType kgid:{typ} ;"
                         f" kg:strength kgid:{strength} ]")
        m0 = 3 * (q - 1) + 1
        out.append(
            f'kgid:r-{i} a kg:Initiative ; skos:prefLabel "Tiltak {i}: kunnskapsdeling og tjenesteutvikling"@nb , '
            f'"Initiative {i}: knowledge sharing and service development"@en ; kg:phase kgid:{ph} ; '
            f'kg:owner kgid:r-org-{rnd.randrange(owners)}{deps} ; kg:period [ a kg:Period ; '
            f'time:hasBeginning [ a kg:UncertainInstant ; kg:earliest "{y}-{m0:02d}-01"^^xsd:date ; '
            f'kg:latest "{y}-{m0 + 2:02d}-28"^^xsd:date ] ; '
            f'time:hasEnd [ a kg:UncertainInstant ; kg:earliest "{end_y + 1}-01-01"^^xsd:date ; '
            f'kg:latest "{end_y + 1}-06-30"^^xsd:date ] ] .')
    return "\n".join(out) + "\n"


def _workspace(ctx, n: int) -> Path:
    from kg.store.workspace import Workspace
    d = ctx.scratch(f"render-{n}")
    f = d / "roadmap.ttl"
    f.write_text(roadmap_ttl(n), encoding="utf-8")
    Workspace.create(d / "ws", baseline=False, extra=[("roadmap", f, {"kind": "bench"})])
    return d


def run(ctx):
    for n in SIZES:
        if not (ctx.wants(f"render-dependencies-{n}") or ctx.wants(f"render-timeline-{n}")):
            continue
        d = _workspace(ctx, n)
        # above kg.exports.diagrams.model.MAX_NODES the command refuses at once (exit 2) with a hint to narrow it
        ctx.run_kg(f"render-dependencies-{n}", ["diagram", "dependencies", "--no-gaps", "-o", d / "deps.svg"],
                   data=d / "ws", ok_codes=(0, 2),
                   note="exit 2 = refused at once (more than 800 nodes)" if n > 800 else "")
        ctx.run_kg(f"render-timeline-{n}", ["diagram", "timeline", "--no-gaps", "-o", d / "timeline.svg"],
                   data=d / "ws")
    out = ctx.scratch("render-all")
    from kg.exports.diagrams.model import MAX_BARS, MAX_NODES
    from kg.store.workspace import Workspace
    with Workspace.open(ctx.workspace) as ws:
        n = ws.count("?i a kg:Initiative")
    # the whole sector-scale workspace: draws, or stops at once with exit 2 and a hint to narrow it
    ctx.run_kg("render-dependencies-all", ["diagram", "dependencies", "--no-gaps", "-o", out / "deps.svg"],
               ok_codes=(0, 2), note=f"{n} initiatives" + (f": refused at once (> {MAX_NODES} nodes), exit 2" if n > MAX_NODES else ""))
    ctx.run_kg("render-timeline-all", ["diagram", "timeline", "--no-gaps", "-o", out / "timeline.svg"],
               ok_codes=(0, 2), note=f"{n} initiatives" + (f": refused at once (> {MAX_BARS} bars), exit 2" if n > MAX_BARS else ""))
    ctx.run_kg("render-target-picture-all", ["diagram", "target-picture", "--no-gaps", "-o", out / "target.svg"],
               note=f"{n} initiatives")
    if ctx.wants("render-map"):
        # the reference: rsvg-convert alone turning the same map (its SVG) into the same PNG
        ctx.measure([ctx.kg, "--data", ctx.workspace, "diagram", "map", "--size", "16:9", "-o", out / "map.svg"])
        ctx.run_kg("render-map", ["diagram", "map", "--size", "16:9", "-o", out / "map.png"],
                   reference=("rsvg-convert", ["rsvg-convert", "-f", "png", "-d", "144", "-p", "144",
                                               "-o", out / "ref.png", out / "map.svg"]),
                   note=f"{n} initiatives, 357 municipalities, PNG")
