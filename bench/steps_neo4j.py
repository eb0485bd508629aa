"""Neo4j: `kg neo4j push` of the generated workspace into a real Neo4j 5 server, beside
rdflib-neo4j (Neo4j Labs' rdflib Store) pushing the same graph to the same server.

``neo4j-push``             kg neo4j push --replace (a clean load of every source) into the
                           emptied database, timed as a child process (start-up and
                           reading the workspace included); note: nodes/s and
                           relationships/s
``neo4j-push-unchanged``   kg neo4j push again: nothing changed, 0 changes expected
``neo4j-push-after-import-100``  100 rows (bench.steps_import.make_rows(100)) imported into
                           the pushed workspace (untimed), then kg neo4j push: only the new
                           source goes over (its nodes, and the nodes it adds facts to)
``neo4j-push-rdflib``      (reference, recorded as the reference of ``neo4j-push``) the
                           same triples added to an rdflib Graph backed by rdflib-neo4j's
                           Neo4jStore (batching on, batch 5000, full IRIs), into an emptied
                           database; only the store's own work is timed (the rdflib parse
                           before it is not)

The pushes go from a private copy of the workspace (the import writes to it). At sizes
above REFERENCE_MAX_SIZE the reference is left out: rdflib holds the whole graph in memory
(over 10 GB at 10M triples) and would take most of an hour.

The server is the test launcher's (tests/neo4j/server, built from Maven Central), on
127.0.0.1, started and stopped here. Needs java and mvn; skipped with a message without them.
"""
from __future__ import annotations

import importlib.util
import json
import shutil
import tempfile

from bench.context import ROOT

MAX_SIZE = None              # runs at every size (10M included)
REFERENCE_MAX_SIZE = "2m"

REFERENCE = r"""
import sys, time, json
import rdflib
from rdflib_neo4j import Neo4jStore, Neo4jStoreConfig, HANDLE_VOCAB_URI_STRATEGY
from neo4j import GraphDatabase
uri, pw, nt = sys.argv[1], sys.argv[2], sys.argv[3]
d = GraphDatabase.driver(uri, auth=("neo4j", pw))
src = rdflib.Graph()
src.parse(nt, format="nt")
cfg = Neo4jStoreConfig(auth_data={"uri": uri, "database": "neo4j", "user": "neo4j", "pwd": pw},
                       handle_vocab_uri_strategy=HANDLE_VOCAB_URI_STRATEGY.KEEP, batching=True, batch_size=5000)
g = rdflib.Graph(store=Neo4jStore(config=cfg))
t = time.perf_counter()
for tr in src:
    g.add(tr)
g.close(True)
secs = time.perf_counter() - t
n = d.execute_query("MATCH (n) RETURN count(n) AS n").records[0]["n"]
r = d.execute_query("MATCH ()-[r]->() RETURN count(r) AS n").records[0]["n"]
print(json.dumps({"seconds": secs, "triples": len(src), "nodes": n, "relationships": r}))
"""


CLEAR = r"""
import sys
from neo4j import GraphDatabase
d = GraphDatabase.driver(sys.argv[1], auth=("neo4j", sys.argv[2]))
with d.session() as s:   # CALL … IN TRANSACTIONS needs an auto-commit transaction
    s.run("MATCH (n) CALL { WITH n DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS").consume()
    left = s.run("MATCH (n) RETURN count(n) AS n").single()["n"]
d.close()
sys.exit(f"{left} nodes left after clearing" if left else 0)
"""


def _clear(ctx, srv) -> None:
    """Empty the database before a timed load (not timed itself)."""
    cleared = ctx.measure([ctx.python, "-c", CLEAR, srv.url, srv.password])
    if cleared.returncode != 0:
        ctx.log(f"  clearing the database failed: {cleared.stderr.strip()[-400:]}")


def _launcher():
    spec = importlib.util.spec_from_file_location("kg_bench_launcher", ROOT / "tests" / "neo4j" / "server" / "launcher.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def run(ctx):
    if not ctx.wants("neo4j-push"):
        return
    launcher = _launcher()
    missing = launcher.missing_tools()
    if missing:
        ctx.log(f"  neo4j-push skipped: {' and '.join(missing)} not installed")
        return
    home = tempfile.mkdtemp(prefix="kg-bench-neo4j-")
    srv = launcher.start_neo4j(home, heap="3g")
    try:
        env = {"NEO4J_URI": srv.url, "NEO4J_PASSWORD": srv.password, "NEO4J_USER": "neo4j"}
        # the reference first, on an empty database
        ref_seconds = None
        ref_note = ""
        installed = ctx.measure([ctx.python, "-c", "import rdflib_neo4j"]).returncode == 0
        have_ref = installed and not ctx.larger_than(REFERENCE_MAX_SIZE)
        if have_ref:
            _clear(ctx, srv)
            nt = ctx.scratch("neo4j") / "graph.nt"
            ctx.measure([ctx.kg, "--data", ctx.workspace, "export", "nt", "-o", nt])
            r = ctx.measure([ctx.python, "-c", REFERENCE, srv.url, srv.password, nt], timeout=7200)
            if r.returncode == 0:
                info = json.loads(r.stdout.strip().splitlines()[-1])
                ref_seconds = info["seconds"]
                ref_note = (f"rdflib-neo4j: {info['nodes']:,} nodes, {info['relationships']:,} rels, "
                            f"{info['nodes'] / ref_seconds:,.0f} nodes/s")
            else:
                ctx.log(f"  reference rdflib-neo4j failed: {r.stderr.strip()[-400:]}")
        elif installed:
            ctx.log(f"  reference rdflib-neo4j left out at {ctx.size}: it holds the graph in memory "
                    "(over 10 GB) and would take most of an hour")
        else:
            ctx.log("  reference rdflib-neo4j not installed (pip install rdflib-neo4j)")
        # both load into an empty database: the reference's graph is cleared (not timed)
        if have_ref:
            _clear(ctx, srv)
        ws = ctx.copy_workspace("neo4j-ws")
        run = ctx.run_kg("neo4j-push", ["neo4j", "push", "--replace", "--format", "json"], env=env, data=ws,
                         reference=("rdflib-neo4j", ref_seconds) if have_ref else None)
        if run is not None:
            rep = run.json()
            entry = ctx.results.entries[-1]
            secs = run.seconds
            entry["note"] = (f"{rep['nodes_written'] / secs:,.0f} nodes/s, "
                             f"{rep['relationships_created'] / secs:,.0f} relationships/s"
                             + (f"; {ref_note}" if ref_note else ""))
            ctx.log(f"    {entry['note']}")
        again = ctx.run_kg("neo4j-push-unchanged", ["neo4j", "push", "--format", "json"], env=env, data=ws)
        if again is not None and again.json()["changes"] != 0:
            ctx.fail("neo4j-push-unchanged", f"second push reported {again.json()['changes']} changes")
        if ctx.selected("neo4j-push-after-import-100"):
            _after_import(ctx, ws, env)
    finally:
        srv.stop()
        shutil.rmtree(home, ignore_errors=True)


def _after_import(ctx, ws, env) -> None:
    """100 rows imported into the pushed workspace, then a timed push of just that change."""
    from bench.steps_import import make_rows, run_import, write_files
    _, csvf = write_files(ctx.scratch("neo4j-import-files"), make_rows(100))
    imp = run_import(ctx, "neo4j-push-after-import-100", ws, csvf)
    if imp is None:
        return
    source = imp.json()["files"][0].get("source")
    r = ctx.run_kg("neo4j-push-after-import-100", ["neo4j", "push", "--format", "json"], env=env, data=ws)
    if r is None:
        return
    rep = r.json()
    entry = ctx.results.entries[-1]
    entry["note"] = (f"{rep['changes']:,} changes: {rep['nodes_written']:,} nodes written, "
                     f"{rep['relationships_created']:,} relationships; sources pushed: {', '.join(rep['sources_pushed'])}")
    ctx.log(f"    {entry['note']}")
    if not rep["changes"] or (source and rep["sources_pushed"] != [source]) or len(rep["sources_unchanged"]) < 3:
        ctx.fail("neo4j-push-after-import-100", f"expected only the imported source ({source}) to go over: "
                                                f"pushed {rep['sources_pushed']}, {rep['changes']} changes")
