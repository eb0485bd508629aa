"""kg neo4j against a real Neo4j 5 server (started by conftest.py from Maven Central)."""
from __future__ import annotations

import json
import shutil
import threading
import time

import pytest
import rdflib
from rdflib.compare import isomorphic

from kg.errors import InputError
from kg.store.workspace import Workspace

pytestmark = pytest.mark.neo4j


def _dataset(path) -> dict[str, rdflib.Graph]:
    with Workspace.open(path) as ws:
        data = ws.dump("nq")
    d = rdflib.Dataset()
    d.parse(data=data, format="nquads")
    return {str(g.identifier): g for g in d.graphs() if len(g)}


def _assert_same(a, b):
    da, db = _dataset(a), _dataset(b)
    assert sorted(da) == sorted(db)
    for name in da:
        assert len(da[name]) == len(db[name]), name
        assert isomorphic(da[name], db[name]), name


def _counts(conn):
    r = conn.read("MATCH (n:Resource) RETURN count(n) AS n, count(DISTINCT n.uri) AS u")[0]
    rels = conn.read("MATCH ()-[r]->() RETURN count(r) AS n")[0]["n"]
    return r["n"], r["u"], rels


def test_push_second_push_pull_isomorphic(baseline_copy, neo4j_conn, neo4j_env, cli_run, tmp_path):
    r = cli_run(["--data", baseline_copy, "neo4j", "push", "--format", "json"], env={**neo4j_env, "KG_PROGRESS": "1"})
    assert r.exit_code == 0, r.stderr
    first = json.loads(r.stdout)                       # the progress line stays on stderr
    assert first["changes"] > 0 and first["nodes_written"] > 1000
    assert "\rOverfører til Neo4j:" in r.stderr and r.stderr.endswith("\r")
    assert "seed" in first["sources_pushed"]
    nodes, uris, rels = _counts(neo4j_conn)
    assert nodes == uris and rels == first["relationships_created"]
    # n10s conventions: Resource + uri, constraint, ontology labels, language-tagged labels
    row = neo4j_conn.read("MATCH (i:Resource {uri: $u}) RETURN labels(i) AS l, i.`skos__prefLabel@nb` AS nb, "
                          "i.`skos__prefLabel@en` AS en, i.sources AS s",
                          u="https://w3id.org/kommune-ki/id/ki-plattform")[0]
    assert "Initiative" in row["l"] and row["nb"] and row["en"] and "seed" in row["s"]
    assert neo4j_conn.read("SHOW CONSTRAINTS YIELD name WHERE name = 'n10s_unique_uri' RETURN name")

    r2 = cli_run(["--data", baseline_copy, "neo4j", "push", "--format", "json"], env=neo4j_env)
    assert r2.exit_code == 0
    assert json.loads(r2.stdout)["changes"] == 0
    r3 = cli_run(["--data", baseline_copy, "--lang", "en", "neo4j", "push"], env=neo4j_env)
    assert "0 changes" in r3.stdout
    assert _counts(neo4j_conn) == (nodes, uris, rels)

    out = tmp_path / "pulled"
    r4 = cli_run(["--data", out, "neo4j", "pull"], env=neo4j_env)
    assert r4.exit_code == 0, r4.stderr
    _assert_same(baseline_copy, out)


def test_incremental_push_changes_only_that_source(baseline_copy, neo4j_conn, neo4j_env, cli_run, tmp_path):
    from kg.exports import neo4j_push
    with Workspace.open(baseline_copy) as ws:
        neo4j_push.push(ws, neo4j_conn, replace=True)
    with Workspace.open(baseline_copy, write=True) as ws:
        quads = ws.source_quads("assumptions")
        keep = quads[: len(quads) // 2]
        ws.replace_source("assumptions", keep, {"kind": "baseline"})
        ws.remove_source("organisations")
    r = cli_run(["--data", baseline_copy, "neo4j", "push", "--format", "json"], env=neo4j_env)
    rep = json.loads(r.stdout)
    assert rep["sources_pushed"] == ["assumptions"] and rep["sources_removed"] == ["organisations"]
    assert 0 < rep["nodes_written"] < 200
    assert "seed" in rep["sources_unchanged"]
    nodes, uris, _ = _counts(neo4j_conn)
    assert nodes == uris
    assert not neo4j_conn.read("MATCH (k:KgSource {name: 'organisations'}) RETURN k")
    out = tmp_path / "pulled"
    assert cli_run(["--data", out, "neo4j", "pull", "--exact"], env=neo4j_env).exit_code == 0
    _assert_same(baseline_copy, out)
    # and --replace gives the same graph from scratch
    r = cli_run(["--data", baseline_copy, "neo4j", "push", "--replace", "--format", "json"], env=neo4j_env)
    assert json.loads(r.stdout)["replaced"] is True
    out2 = tmp_path / "pulled2"
    assert cli_run(["--data", out2, "neo4j", "pull", "--exact"], env=neo4j_env).exit_code == 0
    _assert_same(baseline_copy, out2)


def test_queries_equal_local(baseline_dir, neo4j_conn):
    from kg.neo4j import cypher as nq
    from kg.exports import neo4j_push
    from kg.queries import critical_path, deps, impact, order, path
    with Workspace.open(baseline_dir) as ws:
        neo4j_push.push(ws, neo4j_conn, replace=True)
        inits = [r["i"].value for r in ws.select("SELECT ?i WHERE { ?i a kg:Initiative } ORDER BY ?i")]
        assert len(inits) >= 10
        s = nq._slug
        for hard in (False, True):
            assert [[s(x) for x in w] for w in nq.waves(neo4j_conn, hard)] == order.run(ws, hard_only=hard).data["waves"]
        for i in inits:
            for hard in (False, True):
                loc = deps.run(ws, id=i, hard_only=hard).data["edges"]
                rem = nq.deps(neo4j_conn, i, "both", None, hard)
                assert sorted((e["direction"], e["dependent"], e["target"], e["type"], e["strength"]) for e in loc) == \
                    sorted((e["direction"], s(e["dependent"]), s(e["target"]), e["type"], e["strength"]) for e in rem), i
            loc = critical_path.run(ws, id=i).data
            steps = loc["chains"][0]["steps"] if "chains" in loc else loc["steps"]
            assert [x["id"] for x in steps] == [s(x) for x in nq.critical_path(neo4j_conn, i)], i
            # what a slip moves is among what it can reach (slack may absorb the rest)
            try:
                moves = impact.run(ws, id=i, slip="6m").data["moves"]
            except InputError:  # under way with no end date: nothing to slip
                continue
            assert {m["id"] for m in moves if m["id"] != s(i)} <= {s(x) for x in nq.impact_reach(neo4j_conn, i)}, i
        for a in inits:
            for b in inits:
                if a == b:
                    continue
                loc = path.run(ws, a=a, b=b).data
                ps, direction = nq.paths(neo4j_conn, a, b)
                assert direction == loc["direction"], (a, b)
                assert [[s(x) for x in p] for p in ps] == \
                    [[p[0]["dependent"]] + [d["target"] for d in p] for p in loc["paths"]], (a, b)
        reg = "https://w3id.org/kommune-ki/id/ki-loven"
        moves = impact.run(ws, id="ki-loven", slip="6m").data["moves"]
        assert sorted(m["id"] for m in moves if m["kind"] == "initiative") == [s(x) for x in nq.impact_reach(neo4j_conn, reg)]
        assert [s(x) for x in nq.impact_reach(neo4j_conn, reg)] == ["skalere-tjenester"]


def test_query_cli(baseline_dir, neo4j_conn, neo4j_env, cli_run):
    from kg.exports import neo4j_push
    with Workspace.open(baseline_dir) as ws:
        neo4j_push.push(ws, neo4j_conn, replace=True)
    r = cli_run(["neo4j", "query", "deps", "ki-plattform", "--up", "--format", "json"], env=neo4j_env)
    assert r.exit_code == 0, r.stderr
    assert {"felles-okosystem"} <= {e["target"] for e in json.loads(r.stdout)["meta"]["edges"]} if "meta" in json.loads(r.stdout) \
        else "felles-okosystem" in r.stdout
    r = cli_run(["neo4j", "query", "deps", "finnes-ikke-123"], env=neo4j_env)
    assert r.exit_code == 1 and "finnes ikke" in r.stderr
    r = cli_run(["neo4j", "cypher", "-"], input="MATCH (i:Initiative) RETURN count(i) AS n", env=neo4j_env)
    assert r.exit_code == 0 and "n" in r.stdout
    r = cli_run(["neo4j", "cypher", "-"], input="MATCH (n) DETACH DELETE n", env=neo4j_env)
    assert r.exit_code == 2 and "bare spørringer som leser" in r.stderr
    assert _counts(neo4j_conn)[0] > 1000


HOSTILE = """
kgid:evil a kg:Initiative, <http://example.org/Evil`) DETACH DELETE n//> , <http://example.org/NotOntology> ;
  skos:prefLabel "x\\"}) MATCH (n) DETACH DELETE n //"@nb, "Robert'); DROP DATABASE neo4j;--"@en ;
  kg:note "`label` $param {map: 1}" ;
  <http://example.org/p`x> "y" ;
  kg:dependsOn <http://example.org/a%60b> .
"""


def test_injection_through_data_and_ids(make_ws, neo4j_conn, neo4j_env, cli_run, tmp_path):
    ttl = HOSTILE.replace("<http://example.org/Evil`) DETACH DELETE n//>", "<http://example.org/Evil%60DETACH>")
    ttl = ttl.replace("<http://example.org/p`x>", "<http://example.org/p%60x>")
    ws = make_ws(ttl)
    r = cli_run(["--data", ws, "neo4j", "push", "--replace"], env=neo4j_env)
    assert r.exit_code == 0, r.stderr
    labels = {x["l"] for x in neo4j_conn.read("CALL db.labels() YIELD label RETURN label AS l")}
    assert "NotOntology" not in labels and not any("Evil" in x for x in labels)
    node = neo4j_conn.read("MATCH (n:Resource {uri: $u}) RETURN n AS n, labels(n) AS l",
                           u="https://w3id.org/kommune-ki/id/evil")[0]
    assert "Initiative" in node["l"]
    assert set(node["n"]["rdf__type"]) == {"http://example.org/Evil%60DETACH", "http://example.org/NotOntology"}
    assert node["n"]["skos__prefLabel@en"] == "Robert'); DROP DATABASE neo4j;--"
    before = _counts(neo4j_conn)
    for hostile_id in ["x'}) MATCH (n) DETACH DELETE n //", "`) DETACH DELETE n //", "$id"]:
        r = cli_run(["neo4j", "query", "deps", hostile_id], env=neo4j_env)
        assert r.exit_code == 1
    r = cli_run(["neo4j", "query", "deps", "x\"}) MATCH (n) DETACH DELETE n //"], env=neo4j_env)
    assert r.exit_code == 0  # resolved by its (hostile) label, answered, nothing deleted
    assert _counts(neo4j_conn) == before
    out = tmp_path / "pulled"
    assert cli_run(["--data", out, "neo4j", "pull"], env=neo4j_env).exit_code == 0
    _assert_same(ws, out)


def test_wrong_password_and_down_server(baseline_dir, neo4j_server, cli_run):
    import socket
    env = {"NEO4J_URI": neo4j_server.url, "NEO4J_PASSWORD": "wrong-secret-XYZ"}
    t = time.monotonic()
    r = cli_run(["--data", baseline_dir, "neo4j", "push"], env=env)
    assert time.monotonic() - t < 10
    assert r.exit_code == 2
    assert "avviste innloggingen" in r.stderr and "wrong-secret-XYZ" not in r.stderr + r.stdout
    r = cli_run(["--data", baseline_dir, "--lang", "en", "neo4j", "pull"], env=env)
    assert r.exit_code == 2 and "refused the login" in r.stderr
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {"NEO4J_URI": f"bolt://127.0.0.1:{port}", "NEO4J_PASSWORD": "secret-ABC"}
    t = time.monotonic()
    r = cli_run(["--data", baseline_dir, "--lang", "en", "neo4j", "push"], env=env)
    assert time.monotonic() - t < 10
    assert r.exit_code == 2 and "Cannot reach Neo4j" in r.stderr and "secret-ABC" not in r.stderr
    r = cli_run(["--data", baseline_dir, "neo4j", "push", "--uri", "http://x"], env=env)
    assert r.exit_code == 2 and "ikke en Neo4j-URI" in r.stderr
    # no password anywhere: asked for; empty input gives a clear message
    r = cli_run(["--data", baseline_dir, "neo4j", "push"], env={"NEO4J_PASSWORD": "", "NEO4J_URI": neo4j_server.url}, input="")
    assert r.exit_code == 2 and "NEO4J_PASSWORD" in r.stderr


def test_server_killed_mid_push_then_rerun(baseline_copy, tmp_path, neo4j_launcher):
    """A push cut short by a crashed server fails within 10 s with a clear message; run
    again after a restart it completes, nothing duplicated, the graph intact."""
    launcher = neo4j_launcher
    from kg.errors import KgError
    from kg.exports import neo4j_push
    from kg.importers import neo4j_pull
    from kg.neo4j.connection import connect
    home = tmp_path / "n4"
    srv = launcher.start_neo4j(home)
    try:
        killed = {}

        def progress(done, total):
            if done >= total // 3 and "at" not in killed and done > 0:
                killed["at"] = time.monotonic()
                threading.Thread(target=srv.kill).start()

        with Workspace.open(baseline_copy) as ws, connect(srv.url, "neo4j", srv.password) as conn:
            with pytest.raises(KgError) as ei:
                neo4j_push.push(ws, conn, progress=progress, batch_nodes=25)
            assert time.monotonic() - killed["at"] < 10
            assert "lost" in ei.value.message("en") and "re-run" in ei.value.message("en")
            assert srv.password not in ei.value.message("en")
        srv = launcher.start_neo4j(home, port=int(srv.url.rsplit(":", 1)[1]))
        with Workspace.open(baseline_copy) as ws, connect(srv.url, "neo4j", srv.password) as conn:
            # the re-run a user makes (`kg neo4j push`): batches of the default size; the small
            # batches above only make the kill land mid-push
            rep = neo4j_push.push(ws, conn)
            assert rep.changes > 0
            assert neo4j_push.push(ws, conn).changes == 0
            n, u, _ = _counts(conn)
            assert n == u
            res = neo4j_pull.pull(conn)
        out = tmp_path / "pulled"
        Workspace.create(out, baseline=False)
        with Workspace.open(out, write=True) as w2:
            for name, quads in res.quads.items():
                w2.replace_source(name, quads, res.meta.get(name))
        _assert_same(baseline_copy, out)
    finally:
        srv.stop()
        shutil.rmtree(home, ignore_errors=True)


def _qgraphs():
    import importlib.util
    from pathlib import Path
    spec = importlib.util.spec_from_file_location("kg_test_qgraphs", Path(__file__).parent.parent / "queries" / "qgraphs.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


# (root, option, value): initiatives and regulations of the baseline, and the hand-worked
# roadmap of tests/queries (a, b, ki-lov) whose slips create new conflicts
IMPACT_CASES = [
    ("ki-plattform", "--slip", "6m"), ("ki-plattform", "--to", "2027-Q2"), ("ki-plattform", "--slip", "90d"),
    ("felles-okosystem", "--to", "2027-H1"), ("felles-okosystem", "--to", "2028-Q2"),
    ("fou-helse-omsorg", "--to", "2027"), ("skalere-tjenester", "--to", "2029"),
    ("ki-loven", "--slip", "6m"), ("ki-loven", "--to", "2027-Q3"), ("ki-loven", "--slip", "45d"),
    ("ai-act", "--slip", "1y"), ("gdpr", "--to", "2030"),
    ("a", "--slip", "6m"), ("a", "--slip", "1y"), ("b", "--to", "2027-Q3"), ("c", "--slip", "3m"),
    ("d", "--slip", "1y"), ("e", "--to", "2027-H2"), ("ki-lov", "--slip", "6m"), ("ki-lov", "--to", "2027-Q2"),
    ("p", "--slip", "1y"), ("co", "--slip", "6m"), ("g", "--slip", "3m"),
]
TODAY = ["--today", "2026-08-15"]  # a, d, p, co and g have started by date; r and g by status


def _impact_graph():
    """The roadmap of tests/queries, plus r (under way) hard-depending on p, g (under way)
    needing KI-lova in force, and a loop cx ⇄ cy hard-depending on co."""
    g = _qgraphs()
    q1, q2, q3, q4 = (g.q(2026, x) for x in (g.Q1, g.Q2, g.Q3, g.Q4))
    return (g.ROADMAP + g.init("p", "P") + g.init("r", "R", status="kgid:status-pagaende")
            + g.period("p", q1, q2) + g.period("r", q3, q4) + g.dep("r", "p")
            + g.init("g", "G", status="kgid:status-pagaende", requiresInForce="kgid:ki-lov")
            + g.period("g", q3, g.q(2027, g.Q4))
            + g.init("co", "Co") + g.init("cx", "Cx") + g.init("cy", "Cy")
            + g.period("co", q1, q2) + g.period("cx", q3, q4) + g.period("cy", q3, q4)
            + g.dep("cx", "co") + g.dep("cx", "cy") + g.dep("cy", "cx"))


def test_impact_equals_local(make_ws, neo4j_conn, neo4j_env, cli_run, tmp_path, monkeypatch):
    """kg neo4j query impact --slip/--to gives the local kg query impact's answer: the same
    moves with the same new windows, the same new conflicts, the same rows (labels in nb
    and en); only the title says (Neo4j)."""
    monkeypatch.setenv("KG_CACHE_DIR", str(tmp_path / "index-cache"))
    ws = make_ws(_impact_graph(), baseline=True)
    assert cli_run(["--data", ws, "neo4j", "push", "--replace"], env=neo4j_env).exit_code == 0
    seen = {"moves": 0, "dependency-order": 0, "regulation-timing": 0, "regulation": 0, "started": 0, "in_cycle": 0}
    for root, opt, value in IMPACT_CASES:
        for lang in ("nb", "en"):
            args = ["query", "impact", root, opt, value, *TODAY]
            loc = cli_run(["--data", ws, "--lang", lang, *args, "--format", "json"])
            rem = cli_run(["--lang", lang, "neo4j", *args, "--format", "json"], env=neo4j_env)
            assert loc.exit_code == 0 and rem.exit_code == 0, (root, opt, value, loc.stderr, rem.stderr)
            a, b = json.loads(loc.stdout), json.loads(rem.stdout)
            assert b == a, (root, opt, value, lang)
            loc_t = cli_run(["--data", ws, "--lang", lang, *args])
            rem_t = cli_run(["--lang", lang, "neo4j", *args], env=neo4j_env)
            assert rem_t.stdout.replace(" (Neo4j)", "", 1) == loc_t.stdout, (root, opt, value, lang)
        seen["moves"] += len(a["moves"]) > 1
        seen["regulation"] += a["origin_kind"] == "regulation" and len(a["moves"]) > 1
        seen["started"] += any(m.get("already_started") for m in a["moves"][1:])
        seen["in_cycle"] += a["in_cycle"] > 0
        for c in a["conflicts"]:
            seen[c["code"]] += 1
    # the cases exercise propagation, regulations, both kinds of new conflict, a dependent
    # under way and a dependency loop
    assert all(seen.values()), seen
    # the hand-worked answer of tests/queries/test_q_impact.py, from Neo4j
    r = cli_run(["--lang", "en", "neo4j", "query", "impact", "a", "--slip", "6m", "--today", "2025-01-01",
                 "--format", "json"], env=neo4j_env)
    data = json.loads(r.stdout)
    assert {m["id"]: (m["start_new"], m["end_new"]) for m in data["moves"]} == {
        "a": ("2026-Q3", "2026-Q4"), "b": ("2026-Q4", "2027-Q1"), "e": ("2026-Q4", "2027-Q2"), "c": ("2027-Q1", "2027-Q2")}
    assert data["conflicts"] == []
    # several changes at once, the same as locally
    args = ["query", "impact", "--change", "a:3m", "--change", "ki-lov:2027-Q2", *TODAY, "--format", "json"]
    loc = cli_run(["--data", ws, *args])
    rem = cli_run(["neo4j", *args], env=neo4j_env)
    assert loc.exit_code == rem.exit_code == 0 and json.loads(loc.stdout) == json.loads(rem.stdout)


def test_impact_bad_input(neo4j_conn, neo4j_env, cli_run, make_ws):
    ws = make_ws(_qgraphs().ROADMAP)
    assert cli_run(["--data", ws, "neo4j", "push", "--replace"], env=neo4j_env).exit_code == 0
    r = cli_run(["neo4j", "query", "impact", "a"], env=neo4j_env)
    assert r.exit_code == 2 and "oppgi enten --slip" in r.stderr
    r = cli_run(["--lang", "en", "neo4j", "query", "impact", "a", "--slip", "soon"], env=neo4j_env)
    assert r.exit_code == 2 and "not a duration" in r.stderr
    r = cli_run(["--lang", "en", "neo4j", "query", "impact", "ch-kompetanse", "--slip", "1m"], env=neo4j_env)
    assert r.exit_code == 2 and "neither an initiative nor a regulation" in r.stderr
    r = cli_run(["neo4j", "query", "impact", "ch-kompetanse", "--slip", "1m"], env=neo4j_env)
    assert r.exit_code == 2 and "verken et tiltak eller et regelverk" in r.stderr
    # an id close to nothing known: the suggestions read "name (id)", as everywhere in kg
    # ("alf" is in the label Alfa of initiative a, nowhere else)
    r = cli_run(["--lang", "en", "neo4j", "query", "deps", "alf"], env=neo4j_env)
    assert r.exit_code == 1 and "Alfa (a)" in r.stdout + r.stderr, r.stdout + r.stderr
