"""`kg neo4j push|pull|query|cypher`: the graph to, from and on a Neo4j server."""
from __future__ import annotations

import json
import os

import click

from kg.cli import cli
from kg.cli.common import FORMAT_OPTION, echo_result, impact_options, open_ws, read_text_arg
from kg.errors import InputError, KgError
from kg.results import Table, col

CONN_EPILOG = """
The password is read from NEO4J_PASSWORD, or asked for; it is never an argument."""


def conn_options(f):
    f = click.option("--database", envvar="NEO4J_DATABASE", default=None, metavar="NAME",
                     help="Database (also NEO4J_DATABASE; default: the server's default).")(f)
    f = click.option("--user", envvar="NEO4J_USER", default="neo4j", show_default=True,
                     help="User name (also NEO4J_USER).")(f)
    f = click.option("--uri", envvar="NEO4J_URI", default="bolt://localhost:7687", show_default=True,
                     metavar="URI", help="bolt://, neo4j://, neo4j+s:// … (also NEO4J_URI).")(f)
    return f


def _password(obj) -> str:
    pw = os.environ.get("NEO4J_PASSWORD")
    if pw:
        return pw
    try:
        return click.prompt(obj.t("Passord til Neo4j", "Neo4j password"), hide_input=True, err=True)
    except (click.Abort, EOFError):
        raise KgError("No Neo4j password: set NEO4J_PASSWORD or type it when asked.",
                      "Mangler passord til Neo4j: sett NEO4J_PASSWORD eller skriv det inn når du blir spurt.") from None


def _connect(obj, uri, user, database):
    from kg.neo4j.connection import connect
    return connect(uri, user, _password(obj), database)


@cli.group("neo4j", epilog="""\b
Examples:
  export NEO4J_PASSWORD=…            # never on the command line
  kg neo4j push --uri bolt://localhost:7687
  kg neo4j push --replace            # a clean load
  kg --data ./fra-neo4j neo4j pull   # back into a workspace
  kg neo4j query deps ki-plattform
  echo 'MATCH (i:Initiative) RETURN i.uri LIMIT 5' | kg neo4j cypher -""")
def neo4j_group():
    """The graph in Neo4j: push, pull, and the dependency questions as Cypher.

    Mapping (n10s conventions): docs/neo4j.md.
    """


@neo4j_group.command("push", epilog="""\b
Examples:
  NEO4J_PASSWORD=… kg neo4j push
  kg neo4j push --uri neo4j+s://xxxx.databases.neo4j.io --user neo4j
  kg neo4j push --replace --format json
""" + CONN_EPILOG)
@conn_options
@click.option("--replace", is_flag=True, help="Delete what kg pushed before and load everything again.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.pass_obj
def push_cmd(obj, uri, user, database, replace, fmt):
    """Push the workspace into Neo4j (incremental: only sources that changed).

    A second push with nothing changed reports 0 changes.
    """
    from kg.exports import neo4j_push
    from kg.progress import Status
    status = Status()

    def progress(done, total):   # nodes and relationship batches written, of all to write
        status.count(obj.t("Overfører til Neo4j:", "Pushing to Neo4j:"), done, total)

    with open_ws(obj) as ws, _connect(obj, uri, user, database) as conn:
        try:
            rep = neo4j_push.push(ws, conn, replace=replace, progress=progress)
        finally:
            status.done()
    if fmt == "json":
        click.echo(json.dumps(rep.as_dict(), indent=2, ensure_ascii=False))
        return
    where = conn.target.where()
    if rep.changes == 0 and not rep.sources_pushed and not rep.sources_removed:
        click.echo(obj.t(f"Ingen endringer: Neo4j på {where} har allerede arbeidsområdet "
                         f"({len(rep.sources_unchanged)} kilder uendret). 0 endringer.",
                         f"No changes: Neo4j at {where} already holds the workspace "
                         f"({len(rep.sources_unchanged)} sources unchanged). 0 changes."))
        return
    click.echo(obj.t(
        f"Overførte til {where} på {rep.seconds:.1f} s: {rep.changes} endringer — {rep.nodes_written} noder skrevet, "
        f"{rep.nodes_deleted} slettet, {rep.relationships_created} relasjoner opprettet, {rep.relationships_deleted} slettet.",
        f"Pushed to {where} in {rep.seconds:.1f} s: {rep.changes} changes — {rep.nodes_written} nodes written, "
        f"{rep.nodes_deleted} deleted, {rep.relationships_created} relationships created, {rep.relationships_deleted} deleted."))
    if rep.sources_pushed:
        click.echo(obj.t("Kilder overført: ", "Sources pushed: ") + ", ".join(rep.sources_pushed))
    if rep.sources_removed:
        click.echo(obj.t("Kilder fjernet: ", "Sources removed: ") + ", ".join(rep.sources_removed))
    if rep.sources_unchanged:
        click.echo(obj.t("Uendret: ", "Unchanged: ") + ", ".join(rep.sources_unchanged))


@neo4j_group.command("pull", epilog="""\b
Examples:
  kg --data ./fra-neo4j neo4j pull          # creates the workspace if it is not there
  kg neo4j pull --exact                     # also remove local sources Neo4j does not have
""" + CONN_EPILOG)
@conn_options
@click.option("--exact", is_flag=True, help="Remove local sources that Neo4j does not hold.")
@click.pass_obj
def pull_cmd(obj, uri, user, database, exact):
    """Read the graph back from Neo4j into the workspace, source by source.
    """
    from kg.importers import neo4j_pull
    from kg.store.workspace import Workspace, default_path, WORKSPACE_FILE
    from kg.progress import Status
    status = Status()
    with _connect(obj, uri, user, database) as conn:
        try:
            res = neo4j_pull.pull(conn, progress=lambda n: status.count(
                obj.t("Henter fra Neo4j: noder", "Pulling from Neo4j: nodes"), n))
        finally:
            status.done()
        where = conn.target.where()
    path = default_path(obj.data)
    if not (path / WORKSPACE_FILE).exists():
        Workspace.create(path, baseline=False)
    with open_ws(obj, write=True) as ws:
        for name in sorted(res.quads):
            ws.replace_source(name, res.quads[name], res.meta.get(name) or {"kind": "neo4j"})
        removed = []
        if exact:
            for s in ws.sources():
                if s.name not in res.quads and s.name != "catalog":
                    ws.remove_source(s.name)
                    removed.append(s.name)
    n = sum(len(q) for q in res.quads.values())
    click.echo(obj.t(f"Hentet {n} tripler i {len(res.quads)} kilder fra {where} "
                     f"({res.nodes} noder, {res.relationships} relasjoner) til {path}.",
                     f"Pulled {n} triples in {len(res.quads)} sources from {where} "
                     f"({res.nodes} nodes, {res.relationships} relationships) into {path}."))
    if removed:
        click.echo(obj.t("Fjernet lokale kilder: ", "Removed local sources: ") + ", ".join(removed))


@neo4j_group.command("cypher", epilog="""\b
Examples:
  kg neo4j cypher query.cypher
  echo 'MATCH (i:Initiative) RETURN i.uri AS id, i.`skos__prefLabel@nb` AS navn' | kg neo4j cypher -
  kg neo4j cypher q.cypher --param id=https://w3id.org/kommune-ki/id/ki-plattform --format json
""" + CONN_EPILOG)
@click.argument("file", metavar="FILE|-")
@click.option("--param", "params", multiple=True, metavar="NAME=VALUE", help="A query parameter ($NAME).")
@conn_options
@FORMAT_OPTION
@click.pass_obj
def cypher_cmd(obj, file, params, uri, user, database, fmt):
    """Run read-only Cypher from FILE (or - for standard input) on the server.

    A query that would write is refused before it runs.
    """
    text = read_text_arg(file).strip()
    if not text:
        raise InputError("the Cypher query is empty.", "Cypher-spørringen er tom.", file=file)
    pmap = {}
    for p in params:
        k, sep, v = p.partition("=")
        if not sep or not k.isidentifier():
            raise InputError(f"--param must be NAME=VALUE, got '{p}'.", f"--param må være NAVN=VERDI, fikk «{p}».")
        pmap[k] = v
    with _connect(obj, uri, user, database) as conn:
        qt = conn.query_type(text, **pmap)
        if qt != "r":
            raise InputError("kg neo4j cypher only runs read-only queries; this one would write "
                             f"(query type '{qt}').",
                             "kg neo4j cypher kjører bare spørringer som leser; denne ville skrive "
                             f"(spørringstype «{qt}»).", file=file)
        rows = conn.read(text, **pmap)
    cols = list(rows[0].keys()) if rows else []
    out = [{k: _plain(v) for k, v in r.items()} for r in rows]
    echo_result(obj, Table([col(c, c, c) for c in cols], out, title_nb="Cypher", title_en="Cypher",
                           meta={"rows": len(out)}), fmt)


def _plain(v):
    if isinstance(v, (str, int, float, bool)) or v is None:
        return v
    if isinstance(v, list):
        return [_plain(x) for x in v]
    if isinstance(v, dict):
        return {k: _plain(x) for k, x in v.items()}
    if hasattr(v, "iso_format"):
        return v.iso_format()
    if hasattr(v, "element_id"):
        return dict(v) if not hasattr(v, "nodes") else str(v)
    return str(v)


@neo4j_group.group("query", epilog="""\b
Examples:
  kg neo4j query deps ki-plattform --up
  kg neo4j query path skalere-tjenester ki-plan
  kg neo4j query order --hard-only
  kg neo4j query critical-path skalere-tjenester
  kg neo4j query impact ki-plattform --slip 6m --format json
""" + CONN_EPILOG)
def neo4j_query():
    """The dependency questions, run as Cypher on the server (same answers as `kg query`).
    """


def _slugs(xs):
    from kg.neo4j.cypher import _slug
    return [_slug(x) for x in xs]


def _emit(obj, fmt, columns, rows, title_nb, title_en, data):
    echo_result(obj, Table([col(*c) for c in columns], rows, title_nb=title_nb, title_en=title_en, meta=data), fmt)


@neo4j_query.command("deps", epilog="\b\nExample: kg neo4j query deps ki-plattform --down --depth 2" + CONN_EPILOG)
@click.argument("id")
@click.option("--up", "direction", flag_value="up", help="Only what ID depends on.")
@click.option("--down", "direction", flag_value="down", help="Only what depends on ID.")
@click.option("--depth", type=click.IntRange(1, 1000), default=None)
@click.option("--hard-only", is_flag=True)
@conn_options
@FORMAT_OPTION
@click.pass_obj
def q_deps(obj, id, direction, depth, hard_only, uri, user, database, fmt):
    """What ID depends on (up) and what depends on it (down)."""
    from kg.neo4j import cypher as nq
    with _connect(obj, uri, user, database) as conn:
        root = nq.resolve(conn, id)
        edges = nq.deps(conn, root, direction or "both", depth, hard_only)
    rows = [{"direction": e["direction"], "level": e["level"], "dependent": nq._slug(e["dependent"]),
             "target": nq._slug(e["target"]), "type": e["type"], "strength": e["strength"]} for e in edges]
    _emit(obj, fmt, [("direction", "retning", "direction"), ("level", "nivå", "level"),
                     ("dependent", "avhengig", "dependent"), ("target", "avhenger av", "depends on"),
                     ("type", "type", "type"), ("strength", "styrke", "strength")], rows,
          f"Avhengigheter for {nq._slug(root)} (Neo4j)", f"Dependencies of {nq._slug(root)} (Neo4j)",
          {"root": nq._slug(root), "edges": rows})


@neo4j_query.command("path", epilog="\b\nExample: kg neo4j query path skalere-tjenester ki-plan" + CONN_EPILOG)
@click.argument("a")
@click.argument("b")
@click.option("--hard-only", is_flag=True)
@click.option("--limit", type=click.IntRange(1, 10000), default=100, show_default=True)
@conn_options
@FORMAT_OPTION
@click.pass_obj
def q_path(obj, a, b, hard_only, limit, uri, user, database, fmt):
    """Every dependency path between A and B, shortest first."""
    from kg.neo4j import cypher as nq
    with _connect(obj, uri, user, database) as conn:
        ia, ib = nq.resolve(conn, a), nq.resolve(conn, b)
        ps, direction = nq.paths(conn, ia, ib, hard_only, limit)
    rows = [{"n": k, "length": len(p) - 1, "path": " → ".join(_slugs(p))} for k, p in enumerate(ps, 1)]
    _emit(obj, fmt, [("n", "#", "#"), ("length", "steg", "steps"), ("path", "sti", "path")], rows,
          "Avhengighetsstier (Neo4j)", "Dependency paths (Neo4j)",
          {"direction": direction, "paths": [_slugs(p) for p in ps]})


@neo4j_query.command("order", epilog="\b\nExample: kg neo4j query order --hard-only" + CONN_EPILOG)
@click.option("--hard-only", is_flag=True)
@conn_options
@FORMAT_OPTION
@click.pass_obj
def q_order(obj, hard_only, uri, user, database, fmt):
    """The initiatives in waves: wave 1 can start at once, wave 2 needs only wave 1, …"""
    from kg.neo4j import cypher as nq
    with _connect(obj, uri, user, database) as conn:
        ws_ = nq.waves(conn, hard_only)
    rows = [{"wave": k, "count": len(w), "initiatives": ", ".join(_slugs(w))} for k, w in enumerate(ws_, 1)]
    _emit(obj, fmt, [("wave", "bølge", "wave"), ("count", "antall", "count"), ("initiatives", "tiltak", "initiatives")],
          rows, "Rekkefølge (Neo4j)", "Order (Neo4j)", {"waves": [_slugs(w) for w in ws_]})


@neo4j_query.command("critical-path", epilog="\b\nExample: kg neo4j query critical-path skalere-tjenester" + CONN_EPILOG)
@click.argument("id")
@conn_options
@FORMAT_OPTION
@click.pass_obj
def q_critical(obj, id, uri, user, database, fmt):
    """The longest chain of hard dependencies ending at ID."""
    from kg.neo4j import cypher as nq
    with _connect(obj, uri, user, database) as conn:
        chain = nq.critical_path(conn, nq.resolve(conn, id))
    rows = [{"step": k, "id": s} for k, s in enumerate(_slugs(chain), 1)]
    _emit(obj, fmt, [("step", "steg", "step"), ("id", "id", "id")], rows,
          "Kritisk sti (Neo4j)", "Critical path (Neo4j)", {"chain": _slugs(chain)})


@neo4j_query.command("impact", epilog="""\b
Examples:
  kg neo4j query impact ki-plattform --slip 6m
  kg neo4j query impact ki-loven --slip 6m        # a regulation: initiatives that need it in force
  kg neo4j query impact ki-plattform --to 2027-Q2 --format json
  kg neo4j query impact --change ki-loven:6m --change ki-plattform:2027-H2

Durations: 6m, 2q, 1y, 90d, 3w (also 6 mnd, 1 år). Dates: 2027, 2027-Q2, 2027-06, 2027-06-30.
The same answer as `kg query impact` (the same scheduling model, run on the subgraph read from Neo4j).
""" + CONN_EPILOG)
@impact_options
@conn_options
@FORMAT_OPTION
@click.pass_obj
def q_impact(obj, id, slip, to, changes, today, uri, user, database, fmt):
    """What moves (at least, and at most), what is left at risk, and which conflicts
    appear, if ID (an initiative or a regulation) is late — or after several changes.
    """
    from kg.neo4j import cypher as nq
    from kg.queries import impact
    from kg.roadmap.timewin import parse_when
    impact.check_args(slip, to, changes)  # bad input fails before connecting
    day = parse_when(today, column="--today").earliest if today else None
    with _connect(obj, uri, user, database) as conn:
        chs = impact.parse_changes(lambda x: nq.resolve(conn, x), id, slip, to, changes)
        ix = nq.impact_index(conn, [c.node for c in chs])
        res = impact.compute(ix, chs, lang=obj.lang, labels=lambda iris: nq.labels(conn, iris, obj.lang), today=day)
    res.title_nb += " (Neo4j)"
    res.title_en += " (Neo4j)"
    echo_result(obj, res, fmt)


# ---------------------------------------------------------------- SPARQL 1.1 stores

def _store_auth():
    user = os.environ.get("SPARQL_USER")
    return (user, os.environ.get("SPARQL_PASSWORD", "")) if user else None


def export_sparql(obj, url, graph, source):
    """`kg export sparql URL [--graph IRI]` (registered on `kg export` in workspace_cmds)."""
    from kg import exports
    if not url:
        raise InputError("kg export sparql needs the URL of the store's Graph Store endpoint.",
                         "kg export sparql trenger URL-en til lagerets Graph Store-endepunkt.",
                         hint_en="Example: kg export sparql http://localhost:3030/ds",
                         hint_nb="Eksempel: kg export sparql http://localhost:3030/ds")
    with open_ws(obj) as ws:
        if source:
            ws.source(source)
        rep = exports.REGISTRY["sparql"].write(ws, url, graph=graph, auth=_store_auth(), source=source)
    n = sum(rep.graphs.values())
    click.echo(obj.t(f"Skrev {n} tripler i {len(rep.graphs)} navngitte grafer til {url.split('?')[0]} ({rep.seconds:.1f} s).",
                     f"Wrote {n} triples in {len(rep.graphs)} named graphs to {url.split('?')[0]} ({rep.seconds:.1f} s)."))


try:
    from kg.cli.import_cmds import import_group as _import_group
except ImportError:  # the import group is not there
    _import_group = None

if _import_group is not None:
    @_import_group.command("sparql", epilog="""\b
Examples:
  kg import sparql http://localhost:3030/ds              # every named graph, one source each
  kg import sparql http://host/ds/data --query-url http://host/ds/query
  kg import sparql http://localhost:3030/ds --graph https://example.org/g --source fra-lager
Credentials, if the store needs them: SPARQL_USER and SPARQL_PASSWORD.""")
    @click.argument("url")
    @click.option("--query-url", default=None, metavar="URL", help="The SPARQL query endpoint (default: URL).")
    @click.option("--graph", default=None, metavar="IRI", help="Only this named graph.")
    @click.option("--source", default=None, metavar="NAME", help="With --graph: the source name to give it.")
    @click.pass_obj
    def import_sparql(obj, url, query_url, graph, source):
        """Read the named graphs of a SPARQL 1.1 store (Graph Store protocol) into the
        workspace, one source per graph; a graph kg exported becomes its source again.
        """
        from kg.importers import sparql_store
        from kg.store.workspace import Workspace, WORKSPACE_FILE, default_path
        got = sparql_store.pull(url, query_url=query_url, graph=graph, auth=_store_auth())
        if source and graph:
            got = {source: [t for v in got.values() for t in v]}
        path = default_path(obj.data)
        if not (path / WORKSPACE_FILE).exists():
            Workspace.create(path, baseline=False)
        with open_ws(obj, write=True) as ws:
            for name, triples in sorted(got.items()):
                ws.replace_source(name, triples, {"kind": "sparql", "file": url.split("?")[0]})
        n = sum(len(v) for v in got.values())
        click.echo(obj.t(f"Leste {n} tripler i {len(got)} kilder fra {url.split('?')[0]}: " + ", ".join(sorted(got)),
                         f"Read {n} triples in {len(got)} sources from {url.split('?')[0]}: " + ", ".join(sorted(got))))
