"""Core steps: generating and loading the workspace, and the read commands.

``generate``     writing the Turtle of the generated workspace (python -m bench.generate)
``init``         Workspace.create with the shipped data and the generated file, with the
                 progress line on (KG_PROGRESS=1; the step fails if none is shown);
                 reference ``rdflib-parse``: rdflib parsing the generated Turtle alone
                 (sizes up to 200k triples; it takes minutes beyond that); beyond,
                 ``oxigraph-bulk``: Oxigraph's bulk loader alone on the same file (the floor)
``read-show``    kg query show <a bench initiative by id>
``read-show-label`` kg query show "<its Norwegian label>" (resolving a label)
``read-show-hub`` kg query show prinsipp-1 (a node with thousands of incoming facts)
``read-find``    kg query find <a municipality name> (many hits, first 50 shown)
``read-sources`` kg sources
``read-sparql``  kg query sparql - with a COUNT of the initiatives

Read commands run ``ctx.repeat`` times (median; start-up included). Target: each within
1 s on the 1M-triple workspace.
"""
from __future__ import annotations

import shutil

from bench.generate import parse_size

COUNT_QUERY = "SELECT (COUNT(?i) AS ?n) WHERE { ?i a kg:Initiative }\n"
OX_BULK = ("import sys, pyoxigraph as ox; s = ox.Store(sys.argv[2]); "
           "s.bulk_load(path=sys.argv[1], format=ox.RdfFormat.TURTLE, to_graph=ox.NamedNode('urn:x:bench')); s.flush()")
RDFLIB_PARSE = "import sys, rdflib; g = rdflib.Graph(); g.parse(sys.argv[1], format='turtle'); print(len(g))"


def _slug(iri: str) -> str:
    return iri.split("/id/", 1)[1]


def run(ctx) -> None:
    cached = ctx.build.get("cached")
    if ctx.selected("generate"):
        if cached:  # measure again, into scratch, so the figure is from this run
            r = ctx.measure_generate(ctx.scratch("generate"))
            ctx.record("generate", r.seconds, r.peak_mb, note=f"{ctx.meta['initiatives']:,} initiatives")
        else:
            s, mb = ctx.build["generate"]
            ctx.record("generate", s, mb, note=f"{ctx.meta['initiatives']:,} initiatives")
    if ctx.selected("init"):
        ref = None
        if parse_size(ctx.size) <= 200_000:
            ref = ("rdflib-parse", [ctx.python, "-c", RDFLIB_PARSE, ctx.bench_file])
        else:   # the floor: Oxigraph's bulk loader alone, the generated file into an empty store
            ref = ("oxigraph-bulk", [ctx.python, "-c", OX_BULK, ctx.bench_file, ctx.scratch("init-ref") / "store"])
        note = ""
        if cached:
            scratch = ctx.scratch("init")
            # with the progress line on (as on a terminal): it must appear once a second has passed
            r = ctx.measure_init(ctx.bench_file, scratch / "ws", env={"KG_PROGRESS": "1"})
            s, mb = r.seconds, r.peak_mb
            shutil.rmtree(scratch, ignore_errors=True)
            stages = [x for x in r.stderr.split("\r") if x.strip()]
            if s > 1.5 and not any("Loading source" in x for x in stages):
                ctx.fail("init", f"no progress shown in {s:.1f} s: {r.stderr[-300:]!r}")
            note = f"progress shown: {len(stages)} stages, the last '{stages[-1].strip()}'" if stages else \
                "no progress line (done within a second)"
        else:
            s, mb = ctx.build["init"]
        name, ref_s = ctx._reference(ref)
        ctx.record("init", s, mb, name, ref_s, note=note)

    rep = ctx.repeat
    ctx.run_kg("read-show", ["query", "show", _slug(ctx.sample_initiative)], repeat=rep)
    ctx.run_kg("read-show-label", ["query", "show", ctx.meta["sample_label_nb"]], repeat=rep)
    # a hub: every initiative follows principles, so this lists thousands of incoming facts
    ctx.run_kg("read-show-hub", ["query", "show", "prinsipp-1"], repeat=rep, note="thousands of incoming facts")
    r = ctx.run_kg("read-find", ["query", "find", ctx.meta["sample_text"]], repeat=rep)
    if r is not None and ctx.meta["sample_text"].split()[0] not in r.stdout:
        ctx.fail("read-find", "the hits do not name the municipality searched for")
    ctx.run_kg("read-sources", ["sources"], repeat=rep)
    r = ctx.run_kg("read-sparql", ["query", "sparql", "-", "--format", "json"], input=COUNT_QUERY, repeat=rep)
    if r is not None:
        n = int(r.json()["rows"][0]["n"])
        if n < ctx.meta["initiatives"]:
            ctx.fail("read-sparql", f"counted {n} initiatives, generated {ctx.meta['initiatives']}")
