"""Core steps: generating and loading the workspace, and the read commands.

``generate``     writing the Turtle of the generated workspace (python -m bench.generate)
``init``         Workspace.create with the shipped data and the generated file;
                 reference ``rdflib-parse``: rdflib parsing the generated Turtle alone
                 (sizes up to 200k triples; it takes minutes beyond that)
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

MAX_SIZE = None          # runs at every size (10M included)
# above this size a cached workspace's generate/init figures are those measured when it was
# built (measuring them again would take a quarter of an hour at 10M)
REMEASURE_MAX_SIZE = "2m"

COUNT_QUERY = "SELECT (COUNT(?i) AS ?n) WHERE { ?i a kg:Initiative }\n"
RDFLIB_PARSE = "import sys, rdflib; g = rdflib.Graph(); g.parse(sys.argv[1], format='turtle'); print(len(g))"


def _slug(iri: str) -> str:
    return iri.split("/id/", 1)[1]


def run(ctx) -> None:
    cached = ctx.build.get("cached")
    built = ""
    if cached and ctx.larger_than(REMEASURE_MAX_SIZE):
        cached = False   # record the figures of the build
        built = f"; measured when the workspace was built, {ctx.build.get('built', '?')}"
    if ctx.selected("generate"):
        if cached:  # measure again, into scratch, so the figure is from this run
            r = ctx.measure_generate(ctx.scratch("generate"))
            ctx.record("generate", r.seconds, r.peak_mb, note=f"{ctx.meta['initiatives']:,} initiatives")
        else:
            s, mb = ctx.build["generate"]
            ctx.record("generate", s, mb, note=f"{ctx.meta['initiatives']:,} initiatives{built}")
    if ctx.selected("init"):
        ref = None
        if parse_size(ctx.size) <= 200_000:
            ref = ("rdflib-parse", [ctx.python, "-c", RDFLIB_PARSE, ctx.bench_file])
        if cached:
            scratch = ctx.scratch("init")
            r = ctx.measure_init(ctx.bench_file, scratch / "ws")
            s, mb = r.seconds, r.peak_mb
            shutil.rmtree(scratch, ignore_errors=True)
        else:
            s, mb = ctx.build["init"]
        name, ref_s = ctx._reference(ref)
        ctx.record("init", s, mb, name, ref_s, note=built.lstrip("; "))

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
