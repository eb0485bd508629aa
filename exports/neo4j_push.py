"""The workspace into Neo4j: one node per resource, relationships from object properties,
each fact's source kept (the mapping: kg.neo4j.mapping and docs/neo4j.md).

Incremental by default: Neo4j keeps a ``(:KgSource {name, version})`` node per source;
only sources whose catalog entry changed since the last push (and the nodes they touch)
are written. Within those, a node whose content hash (``_hash``) already matches is
skipped, so a second push reports 0 changes.

Crash-safe: every batch is one transaction; a node gets its ``_hash`` only in the same
transaction that writes its relationships, and the KgSource versions are written last.
A push cut short (server gone, Ctrl-C) and run again redoes only what is missing, and
MERGE on the unique ``uri`` means nothing is ever duplicated.

All values go as parameters (``UNWIND $rows``); label and relationship-type names come
from the ontology mapping and are checked against NAME_RE before they are put into a
statement, backtick-quoted.
"""
from __future__ import annotations

import time
from datetime import datetime, timezone

import pyoxigraph as ox

from kg.errors import InputError
from kg.neo4j.mapping import GENERIC_REL, NAME_RE, Mapping, PushReport, describe, node_key
from kg.store.workspace import CATALOG, source_name

BATCH_NODES = 2000
BATCH_RELS = 10000


def _n(name: str) -> str:
    """A label or type name that may go into a statement; never reached with names from
    the mapping, only with a label a tampered database holds."""
    if not NAME_RE.match(name):
        shown = name[:60].encode("unicode_escape").decode("ascii")
        raise InputError(f"Neo4j holds a label or type name kg will not put into a statement: '{shown}'. "
                         "Push with --replace, or remove that label in Neo4j.",
                         f"Neo4j har et etikett- eller typenavn kg ikke vil sette inn i en setning: «{shown}». "
                         "Overfør med --replace, eller fjern etiketten i Neo4j.")
    return name


def _q(name: str) -> str:
    return f"`{_n(name)}`"


def source_version(s) -> str:
    return f"{s.sha256}|{s.modified}|{s.triples}"


def ensure_schema(conn) -> None:
    conn.run_auto("CREATE CONSTRAINT n10s_unique_uri IF NOT EXISTS FOR (r:Resource) REQUIRE r.uri IS UNIQUE")
    conn.run_auto("CREATE CONSTRAINT kg_source_name IF NOT EXISTS FOR (s:KgSource) REQUIRE s.name IS UNIQUE")


def wipe(conn) -> None:
    """Remove everything a kg push wrote (for --replace)."""
    conn.run_auto("MATCH (n:Resource) CALL { WITH n DETACH DELETE n } IN TRANSACTIONS OF 5000 ROWS",
                  "while clearing the database", "under tømming av databasen")
    conn.run_auto("MATCH (n) WHERE n:KgSource OR n:KgConfig DETACH DELETE n")


def _batches(items, size):
    for i in range(0, len(items), size):
        yield items[i:i + size]


def push(ws, conn, *, replace: bool = False, progress=None, batch_nodes: int | None = None) -> PushReport:
    """Push the workspace ``ws`` over the open Connection ``conn``.

    ``progress(done, total)`` is called as nodes are written (for a progress bar).
    """
    t0 = time.monotonic()
    batch_nodes = batch_nodes or BATCH_NODES
    rep = PushReport(replaced=replace)
    mapping = Mapping.from_workspace(ws)
    sig = mapping.signature
    ensure_schema(conn)
    if replace:
        wipe(conn)
    remote_src = {r["name"]: r["version"] for r in conn.read("MATCH (s:KgSource) RETURN s.name AS name, s.version AS version")}
    cfg = conn.read("MATCH (c:KgConfig) RETURN c.signature AS sig, c.label_names AS labels")
    remote_sig = cfg[0]["sig"] if cfg else None
    known_labels = set(mapping.labels.values()) | set((cfg[0]["labels"] or []) if cfg else [])

    local = {s.name: s for s in ws.sources() if s.name != "catalog"}
    if remote_sig != sig:
        dirty = set(local) | set(remote_src)
    else:
        dirty = {n for n, s in local.items() if remote_src.get(n) != source_version(s)} | (set(remote_src) - set(local))
    rep.sources_unchanged = sorted(set(local) - dirty)
    rep.sources_pushed = sorted(dirty & set(local))
    rep.sources_removed = sorted(dirty - set(local))
    if not dirty:
        rep.seconds = time.monotonic() - t0
        return rep

    remote_count = conn.read("MATCH (n:Resource) RETURN count(n) AS n")[0]["n"]
    # the subjects to recompute: those with facts in a changed source, here or in Neo4j
    all_dirty = dirty >= set(local) and remote_count == 0
    subjects: set[str] | None = None
    if not all_dirty:
        subjects = set()
        for name in dirty & set(local):
            for q in ws.store.quads_for_pattern(None, None, None, ox.NamedNode(local[name].iri)):
                subjects.add(node_key(q.subject))
        if remote_count:
            for (u,) in conn.stream("MATCH (n:Resource) WHERE any(x IN n.sources WHERE x IN $d) RETURN n.uri",
                                    d=sorted(dirty)):
                subjects.add(u)

    # every fact of those subjects, from every source
    facts = _facts(ws, subjects)
    subject_set = set(facts)
    rep.nodes_checked = len(facts)

    # what Neo4j holds for them now
    remote: dict[str, tuple] = {}
    if remote_count:
        uris = sorted(set(facts) | (subjects or set()))
        for chunk in _batches(uris, 20000):
            for u, h, labels in conn.stream(
                    "UNWIND $uris AS u MATCH (n:Resource {uri: u}) RETURN n.uri, n._hash, labels(n)", uris=chunk):
                remote[u] = (h, [lab for lab in labels if lab in known_labels])
    todo = []
    for u in sorted(facts):
        d = describe(u, facts.pop(u), mapping, sig)
        rep.relationships += sum(len(r) for r in d.rels.values())
        if u not in remote or remote[u][0] != d.hash:
            todo.append(d)
    gone = sorted(u for u in (subjects or set()) if u not in subject_set and u in remote)
    targets = sorted({r["o"] for d in todo for rows in d.rels.values() for r in rows} - subject_set)
    total = len(todo) * 2 + len(gone)
    done = 0
    if progress:
        progress(0, total)
    orphan_candidates: set[str] = set()
    doing = ("while writing to it (the push is incomplete)", "under skrivingen (overføringen er ufullstendig)")

    # phase 1: nodes with their properties and labels (no _hash yet); their old outgoing
    # relationships go, to be written again in phase 2
    create = remote_count == 0
    dynamic = conn.dynamic_names
    for batch in _batches(todo, batch_nodes):
        st = conn.write(_node_work(batch, remote, create, dynamic), *doing)
        rep.nodes_written += len(batch)
        rep.relationships_deleted += st["deleted_rels"]
        orphan_candidates.update(st["ends"])
        done += len(batch)
        if progress:
            progress(done, total)

    # bare nodes for relationship targets that have no facts of their own
    for chunk in _batches(targets, 10000):
        conn.write(lambda tx, chunk=chunk: tx.run(
            "UNWIND $uris AS u MERGE (:Resource {uri: u})", uris=chunk).consume(), *doing)

    # phase 2: relationships, then the node's _hash (the mark that it is complete)
    for batch in _rel_batches(todo, batch_nodes):
        rep.relationships_created += conn.write(_rel_work(batch, dynamic), *doing)
        done += len(batch)
        if progress:
            progress(done, total)

    # subjects whose facts are all gone: strip them, delete them when nothing points at them
    for batch in _batches(gone, batch_nodes):
        def work_gone(tx, batch=batch):
            rec = tx.run("UNWIND $uris AS u MATCH (n:Resource {uri: u})-[r]->(m) "
                         "WITH r, m.uri AS mu DELETE r RETURN count(r) AS n, collect(DISTINCT mu) AS ends",
                         uris=batch).single()
            groups: dict[tuple, list] = {}
            for u in batch:
                old = tuple(remote.get(u, (None, []))[1])
                if old:
                    groups.setdefault(old, []).append(u)
            for rm, uris in groups.items():
                tx.run("UNWIND $uris AS u MATCH (n:Resource {uri: u}) REMOVE n" + "".join(":" + _q(r) for r in rm),
                       uris=uris).consume()
            tx.run("UNWIND $uris AS u MATCH (n:Resource {uri: u}) SET n = {uri: u}", uris=batch).consume()
            c = tx.run("UNWIND $uris AS u MATCH (n:Resource {uri: u}) WHERE NOT (n)--() DELETE n",
                       uris=batch).consume().counters
            return rec["n"], rec["ends"], c.nodes_deleted
        nrel, ends, ndel = conn.write(work_gone, *doing)
        rep.relationships_deleted += nrel
        rep.nodes_deleted += ndel
        orphan_candidates.update(ends)
        done += len(batch)
        if progress:
            progress(done, total)

    # targets left with no facts and no relationships
    cands = sorted(orphan_candidates - subject_set)
    for chunk in _batches(cands, 10000):
        c = conn.write(lambda tx, chunk=chunk: tx.run(
            "UNWIND $uris AS u MATCH (n:Resource {uri: u}) WHERE n.sources IS NULL AND NOT (n)--() DELETE n",
            uris=chunk).consume().counters, *doing)
        rep.nodes_deleted += c.nodes_deleted

    # last: the sources' versions and the mapping (so an interrupted push is redone)
    now = datetime.now(timezone.utc).replace(microsecond=0).isoformat()
    rows = []
    for name in rep.sources_pushed:
        s = local[name]
        rows.append({"name": name, "props": {
            "name": name, "iri": s.iri, "version": source_version(s), "kind": s.kind, "file": s.file,
            "sha256": s.sha256, "modified": s.modified, "triples": s.triples, "pushed": now,
            "title_nb": s.title.get("nb", ""), "title_en": s.title.get("en", ""), "title": s.title.get("", "")}})

    def finish(tx):
        tx.run("UNWIND $rows AS r MERGE (k:KgSource {name: r.name}) SET k = r.props", rows=rows).consume()
        tx.run("MATCH (k:KgSource) WHERE k.name IN $gone DELETE k", gone=rep.sources_removed).consume()
        tx.run("MERGE (c:KgConfig {id: 'kg'}) SET c += $cfg", cfg=mapping.as_config()).consume()
    conn.write(finish, *doing)
    rep.seconds = time.monotonic() - t0
    return rep


def _facts(ws, subjects: set[str] | None) -> dict[str, list]:
    """subject key -> [(predicate IRI, object term, source name)] from every source but
    the catalog (of ``subjects`` only, unless None)."""
    facts: dict[str, list] = {}
    cat = ox.NamedNode(str(CATALOG))
    gname: dict = {}
    for q in ws.store:
        g = q.graph_name
        if g == cat or isinstance(g, ox.DefaultGraph):
            continue
        s = node_key(q.subject)
        if subjects is not None and s not in subjects:
            continue
        name = gname.get(g)
        if name is None:
            name = gname[g] = source_name(g.value)
        facts.setdefault(s, []).append((q.predicate.value, q.object, name))
    return facts


def _rel_batches(todo: list, batch_nodes: int):
    """``todo`` in batches of at most ``batch_nodes`` nodes and about BATCH_RELS relationships."""
    batch, nrels = [], 0
    for d in todo:
        batch.append(d)
        nrels += sum(len(r) for r in d.rels.values())
        if len(batch) >= batch_nodes or nrels >= BATCH_RELS:
            yield batch
            batch, nrels = [], 0
    if batch:
        yield batch


def _node_work(batch: list, remote: dict, create: bool, dynamic: bool):
    """The transaction of phase 1 for ``batch`` (NodeDescs), its parameters built here."""
    rows = [{"uri": d.uri, "props": {k: v for k, v in d.props.items() if k != "_hash"}} for d in batch]
    groups: dict[tuple, list] = {}
    dyn_rows = []
    for d in batch:
        old = remote.get(d.uri, (None, []))[1]
        add = tuple(lab for lab in d.labels if lab not in old)
        rm = tuple(lab for lab in old if lab not in d.labels)
        if dynamic and (add or rm):
            dyn_rows.append({"uri": d.uri, "add": [_n(a) for a in add], "rm": [_n(r) for r in rm]})
        elif add or rm:
            groups.setdefault((add, rm), []).append(d.uri)
    old_uris = [d.uri for d in batch if d.uri in remote]
    verb = "CREATE (n:Resource)" if create else "MERGE (n:Resource {uri: row.uri})"

    def work(tx):
        stats = {"deleted_rels": 0, "ends": []}
        tx.run(f"UNWIND $rows AS row {verb} SET n = row.props", rows=rows).consume()
        if dyn_rows:
            tx.run("UNWIND $rows AS r MATCH (n:Resource {uri: r.uri}) SET n:$(r.add) REMOVE n:$(r.rm)",
                   rows=dyn_rows).consume()
        for (add, rm), uris in groups.items():
            clause = (" SET n" + "".join(":" + _q(a) for a in add) if add else "") + \
                     (" REMOVE n" + "".join(":" + _q(r) for r in rm) if rm else "")
            tx.run("UNWIND $uris AS u MATCH (n:Resource {uri: u})" + clause, uris=uris).consume()
        if old_uris:
            rec = tx.run("UNWIND $uris AS u MATCH (n:Resource {uri: u})-[r]->(m) "
                         "WITH r, m.uri AS mu DELETE r RETURN count(r) AS n, collect(DISTINCT mu) AS ends",
                         uris=old_uris).single()
            stats["deleted_rels"] = rec["n"]
            stats["ends"] = rec["ends"]
        return stats
    return work


def _rel_work(batch: list, dynamic: bool):
    """The transaction of phase 2 for ``batch``: its relationships, then each node's _hash."""
    groups: dict[tuple, list] = {}
    for d in batch:
        for key, rows in d.rels.items():
            groups.setdefault(key, []).extend(rows)
    statements: list[tuple[str, dict]] = []
    if dynamic:   # one statement for every type: the type is a parameter (Neo4j 5.26+)
        rows = [dict(r, t=_n(typ), p=pred) for (typ, pred), rs in groups.items() for r in rs]
        if rows:
            statements.append(("UNWIND $rows AS r MATCH (a:Resource {uri: r.s}) MATCH (b:Resource {uri: r.o}) "
                               "CREATE (a)-[x:$(r.t)]->(b) SET x.sources = r.src, x.predicate = r.p",
                               {"rows": rows}))
    else:
        for (typ, pred), rows in groups.items():
            extra = ", x.predicate = $pred" if typ == GENERIC_REL else ""
            statements.append((f"UNWIND $rows AS r MATCH (a:Resource {{uri: r.s}}) MATCH (b:Resource {{uri: r.o}}) "
                               f"CREATE (a)-[x:{_q(typ)}]->(b) SET x.sources = r.src{extra}",
                               {"rows": rows, "pred": pred}))
    hashes = [{"uri": d.uri, "h": d.hash} for d in batch]

    def work(tx):
        created = 0
        for cypher, params in statements:
            created += tx.run(cypher, params).consume().counters.relationships_created
        tx.run("UNWIND $rows AS row MATCH (n:Resource {uri: row.uri}) SET n._hash = row.h", rows=hashes).consume()
        return created
    return work
