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

import queue
import threading
import time
from datetime import datetime, timezone

import pyoxigraph as ox

from kg.errors import InputError
from kg.neo4j.mapping import (GENERIC_REL, NAME_RE, Mapping, PushReport, describe, describe_text, key_term,
                              node_key, target_key)
from kg.store.workspace import CATALOG, source_name

BATCH_NODES = 2000
BATCH_RELS = 10000
HELD_FACTS = 300_000    # a full push holds the facts of the small sources up to this many
QUEUED_CHUNKS = 64      # chunks of a graph's N-Triples that wait to be read


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

    ``progress(done, total)`` is called as facts are written (for a progress bar).
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
    doing = ("while writing to it (the push is incomplete)", "under skrivingen (overføringen er ufullstendig)")
    dynamic = conn.dynamic_names
    writer = _Writer(conn, doing, progress)
    gone: list[str] = []
    try:
        if dirty >= set(local) and remote_count == 0:
            # everything, into an empty database: stream the store subject by subject
            writer.total = sum(s.triples for s in local.values())
            created: set[str] = set()    # what this push created so far (nodes and targets)
            for batch in _stream_full(ws, mapping, sig, batch_nodes):
                rep.nodes_checked += len(batch)
                rep.relationships += sum(d.nrels for d in batch)
                writer.put(_batch_work(batch, {}, dynamic, created), sum(d.nfacts for d in batch), len(batch))
        else:
            # the subjects to recompute: those with facts in a changed source, here or in Neo4j
            subjects: set[str] = set()
            for name in dirty & set(local):
                for q in ws.store.quads_for_pattern(None, None, None, ox.NamedNode(local[name].iri)):
                    subjects.add(node_key(q.subject))
            on_server = sorted(dirty & set(remote_src))   # a new source is on no node yet
            if remote_count and on_server:
                for (u,) in conn.stream("MATCH (n:Resource) WHERE any(x IN n.sources WHERE x IN $d) RETURN n.uri",
                                        d=on_server):
                    subjects.add(u)
            order = sorted(subjects)
            writer.total = len(order)
            seen: set[str] = set()
            for chunk in _batches(order, batch_nodes):
                facts = _facts_of(ws, chunk)
                seen.update(facts)
                batch = [describe(u, facts[u], mapping, sig) for u in chunk if u in facts]
                rep.nodes_checked += len(batch)
                rep.relationships += sum(d.nrels for d in batch)
                remote = _remote(conn, [d.uri for d in batch], known_labels) if remote_count else {}
                todo = [d for d in batch if d.uri not in remote or remote[d.uri][0] != d.hash]
                writer.put(_batch_work(todo, remote, dynamic) if todo else None, len(chunk), len(todo))
            gone = [u for u in order if u not in seen]
        writer.close()
    finally:
        writer.stop()
    rep.nodes_written = writer.nodes
    rep.relationships_created = writer.created
    rep.relationships_deleted = writer.deleted
    orphan_candidates = set(writer.ends)

    # subjects whose facts are all gone: strip them, delete them when nothing points at them
    remote_gone = _remote(conn, gone, known_labels) if gone else {}
    gone = [u for u in gone if u in remote_gone]
    for batch in _batches(gone, batch_nodes):
        def work_gone(tx, batch=batch):
            rec = tx.run("UNWIND $uris AS u MATCH (n:Resource {uri: u})-[r]->(m) "
                         "WITH r, m.uri AS mu DELETE r RETURN count(r) AS n, collect(DISTINCT mu) AS ends",
                         uris=batch).single()
            groups: dict[tuple, list] = {}
            for u in batch:
                old = tuple(remote_gone.get(u, (None, []))[1])
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

    # targets left with no facts and no relationships
    cands = sorted(orphan_candidates)
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



class _Writer:
    """Writes the batches in a thread of its own, so that reading and describing the next
    batch (Python) overlaps with Neo4j writing this one. At most two batches wait; an
    error of the writer is raised in the caller at its next ``put`` or at ``close``."""

    def __init__(self, conn, doing, progress):
        self.conn, self.doing, self.progress = conn, doing, progress
        self.queue: queue.Queue = queue.Queue(maxsize=2)
        self.error: BaseException | None = None
        self.stopping = False
        self.total = 0
        self.done = self.nodes = self.created = self.deleted = 0
        self.ends: list[str] = []
        self.started = False
        self.thread = threading.Thread(target=self._run, name="kg-neo4j-writer", daemon=True)
        self.thread.start()

    def _run(self) -> None:
        while True:
            item = self.queue.get()
            if item is None:
                return
            if self.error is not None or self.stopping:
                continue
            work, units, nodes = item
            try:
                if work is not None:
                    st = self.conn.write(work, *self.doing)
                    self.created += st["created"]
                    self.deleted += st["deleted"]
                    self.ends.extend(st["ends"])
                self.nodes += nodes
                self.done += units
                if self.progress:
                    self.progress(self.done, self.total)
            except BaseException as e:  # noqa: BLE001 — handed to the caller
                self.error = e

    def _offer(self, item, *, until_error: bool) -> None:
        """Put ``item`` on the queue, waiting while it is full, as long as the thread runs
        (and, ``until_error``, has not failed: then its error is raised here)."""
        while self.thread.is_alive():
            if until_error and self.error is not None:
                break
            try:
                self.queue.put(item, timeout=0.2)
                return
            except queue.Full:
                continue
        if until_error and self.error is not None:
            raise self.error

    def put(self, work, units: int, nodes: int) -> None:
        if not self.started:
            self.started = True
            if self.progress:
                self.progress(0, self.total)
        self._offer((work, units, nodes), until_error=True)

    def close(self) -> None:
        """Wait until every batch is written; raise the writer's error if it had one."""
        self._offer(None, until_error=False)
        self.thread.join()
        if self.error is not None:
            raise self.error

    def stop(self) -> None:
        """Let the thread end without writing what is left (after an error)."""
        if self.thread.is_alive():
            self.stopping = True
            self._offer(None, until_error=False)
            self.thread.join(timeout=30)


def _graph_names(ws) -> list[tuple[object, str, int]]:
    """(graph term, source name, triples) of every named graph but the catalog."""
    sizes = {s.iri: s.triples for s in ws.sources()}
    cat = str(CATALOG)
    out = []
    for g in ws.store.named_graphs():
        if g.value == cat:
            continue
        out.append((g, source_name(g.value), sizes.get(g.value, 0)))
    return out


def _graph_lines(store, graph):
    """The N-Triples lines of one named graph, grouped by subject (Oxigraph writes a graph
    from its graph-subject index), as ``(subject, predicate, object)`` texts. Oxigraph
    writes them in a thread of its own, mostly without the GIL, while the caller reads
    the lines it wrote so far (at most QUEUED_CHUNKS chunks of about 8 kB wait)."""
    chunks: queue.Queue = queue.Queue(maxsize=QUEUED_CHUNKS)
    stop = threading.Event()

    class Sink:
        def write(self, b):
            while not stop.is_set():
                try:
                    chunks.put(bytes(b), timeout=0.2)
                    return len(b)
                except queue.Full:
                    continue
            raise _Stopped

        def flush(self):
            pass

    def run():
        try:
            store.dump(Sink(), format=ox.RdfFormat.N_TRIPLES, from_graph=graph)
            end = None
        except BaseException as e:  # noqa: BLE001 — handed to the reader
            end = e
        while not stop.is_set():
            try:
                chunks.put(("end", end), timeout=0.2)
                return
            except queue.Full:
                continue

    t = threading.Thread(target=run, name="kg-neo4j-reader", daemon=True)
    t.start()
    rest, end = b"", False
    try:
        while not end:
            b = chunks.get()
            if isinstance(b, tuple):
                if b[1] is not None and not isinstance(b[1], _Stopped):
                    raise b[1]
                end = True
                b = b"\n" if rest else b""   # a last line without its line end (Oxigraph ends each line)
            buf = rest + b
            i = buf.rfind(b"\n")
            if i < 0:
                rest = buf
                continue
            rest = buf[i + 1:]
            # split on "\n" only: a literal may hold other line separators (U+2028 …)
            for line in buf[:i].decode("utf-8").split("\n"):
                s, p, o = line.split(" ", 2)      # no space in an IRI or a blank node label
                yield s, p, o[:-2]                # without the closing " ."
    finally:
        stop.set()
        t.join(timeout=5)


class _Stopped(Exception):
    """The reader of _graph_lines went away: the dump ends."""


def _subject_facts(ws):
    """(subject key, [(predicate IRI, object in N-Triples syntax, source name)]) of every
    subject, from every source but the catalog, with bounded memory: the small graphs are
    held (up to HELD_FACTS facts), the big ones read subject by subject (a graph's lines
    come grouped by subject); a subject of a big graph gets its facts in the other big
    graphs by a lookup."""
    store = ws.store
    graphs = sorted(_graph_names(ws), key=lambda x: (x[2], x[1]))
    held, big, n = [], [], 0
    for g in graphs:
        if n + g[2] <= HELD_FACTS:
            held.append(g)
            n += g[2]
        else:
            big.append(g)
    mem: dict[str, list] = {}
    for g, name, _ in held:
        for s, p, o in _graph_lines(store, g):
            mem.setdefault(target_key(s), []).append((p[1:-1], o, name))
    done: set[str] | None = set() if len(big) > 1 else None

    def whole(uri, quads):
        if done is not None:
            if uri in done:
                return None
            done.add(uri)
            subject = key_term(uri)
            for h, hname, _ in big:
                if h != graph:
                    quads.extend((q.predicate.value, str(q.object), hname)
                                 for q in store.quads_for_pattern(subject, None, None, h))
        quads.extend(mem.pop(uri, ()))
        return uri, quads

    for graph, name, _ in big:
        cur, quads = None, []
        for s, p, o in _graph_lines(store, graph):
            if s != cur:
                if cur is not None:
                    got = whole(target_key(cur), quads)
                    if got:
                        yield got
                cur, quads = s, []
            quads.append((p[1:-1], o, name))
        if cur is not None:
            got = whole(target_key(cur), quads)
            if got:
                yield got
    for uri in sorted(mem):
        yield uri, mem.pop(uri)


def _stream_full(ws, mapping, sig, batch_nodes: int):
    """Every subject described, in batches of at most ``batch_nodes`` nodes and about
    BATCH_RELS relationships."""
    batch, nrels = [], 0
    for uri, quads in _subject_facts(ws):
        d = describe_text(uri, quads, mapping, sig)
        batch.append(d)
        nrels += d.nrels
        if len(batch) >= batch_nodes or nrels >= BATCH_RELS:
            yield batch
            batch, nrels = [], 0
    if batch:
        yield batch


def _facts_of(ws, uris) -> dict[str, list]:
    """subject key -> [(predicate IRI, object term, source name)] of these subjects."""
    cat = str(CATALOG)
    names: dict[str, str] = {}
    out: dict[str, list] = {}
    for u in uris:
        got = []
        for q in ws.store.quads_for_pattern(key_term(u), None, None, None):
            g = q.graph_name
            if isinstance(g, ox.DefaultGraph) or g.value == cat:
                continue
            name = names.get(g.value)
            if name is None:
                name = names[g.value] = source_name(g.value)
            got.append((q.predicate.value, q.object, name))
        if got:
            out[u] = got
    return out


def _remote(conn, uris: list[str], known_labels: set) -> dict[str, tuple]:
    """uri -> (_hash, kg's labels) of those of ``uris`` that Neo4j holds."""
    out = {}
    for chunk in _batches(uris, 20000):
        for u, h, labels in conn.stream(
                "UNWIND $uris AS u MATCH (n:Resource {uri: u}) RETURN n.uri, n._hash, labels(n)", uris=chunk):
            out[u] = (h, [lab for lab in labels if lab in known_labels])
    return out


def _batch_work(todo: list, remote: dict, dynamic: bool, created: set | None = None):
    """One transaction for the nodes ``todo`` (NodeDescs): the old outgoing relationships
    and labels of those Neo4j holds go; each node is written with its properties (its
    ``_hash`` too: the mark that it is complete) and labels; then the relationships, their
    targets first (a bare node until its own facts come).

    ``created``: on a load into an empty database, the URIs written so far (updated here):
    nodes are then created rather than merged, and only the new targets are created."""
    old_uris = [d.uri for d in todo if d.uri in remote]
    rm_rows, rm_groups = [], {}
    for d in todo:
        old = remote.get(d.uri, (None, []))[1]
        rm = tuple(lab for lab in old if lab not in d.labels)
        if rm and dynamic:
            rm_rows.append({"uri": d.uri, "rm": [_n(r) for r in rm]})
        elif rm:
            rm_groups.setdefault(rm, []).append(d.uri)
    statements: list[tuple[str, dict]] = []
    for rm, uris in rm_groups.items():
        statements.append(("UNWIND $uris AS u MATCH (n:Resource {uri: u}) REMOVE n" + "".join(":" + _q(r) for r in rm),
                           {"uris": uris}))
    if rm_rows:
        statements.append(("UNWIND $rows AS r MATCH (n:Resource {uri: r.uri}) REMOVE n:$(r.rm)", {"rows": rm_rows}))
    # the nodes: created (new in an empty database), or merged
    if created is None:
        parts = [("UNWIND $rows AS row MERGE (n:Resource {uri: row.uri})", todo)]
    else:
        parts = [("UNWIND $rows AS row CREATE (n:Resource)", [d for d in todo if d.uri not in created]),
                 ("UNWIND $rows AS row MATCH (n:Resource {uri: row.uri})", [d for d in todo if d.uri in created])]
        created.update(d.uri for d in todo)
    for head, ds in parts:
        if not ds:
            continue
        if dynamic:   # labels as a parameter (Neo4j 5.26+)
            statements.append((head + " SET n = row.props SET n:$(row.labels)",
                               {"rows": [{"props": d.props, "labels": [_n(lab) for lab in d.labels], "uri": d.uri}
                                         for d in ds]}))
            continue
        statements.append((head + " SET n = row.props", {"rows": [{"props": d.props, "uri": d.uri} for d in ds]}))
        groups: dict[tuple, list] = {}
        for d in ds:
            if d.labels:
                groups.setdefault(tuple(d.labels), []).append(d.uri)
        for labels, uris in groups.items():
            statements.append(("UNWIND $uris AS u MATCH (n:Resource {uri: u}) SET n" + "".join(":" + _q(a) for a in labels),
                               {"uris": uris}))
    # the targets of the relationships
    targets = {r["o"] for d in todo for rs in d.rels.values() for r in rs}
    if created is None:
        statements.append(("UNWIND $uris AS u MERGE (:Resource {uri: u})", {"uris": sorted(targets)}))
    else:
        new = sorted(targets - created)
        created.update(new)
        if new:
            statements.append(("UNWIND $uris AS u CREATE (:Resource {uri: u})", {"uris": new}))
    # the relationships
    if dynamic:   # the type as a parameter: one statement for every type
        for typ in {t for d in todo for t, _ in d.rels}:
            _n(typ)
        # grouped by their start node: one index lookup for it, one for each end
        rows = [{"s": d.uri, "r": [r for rs in d.rels.values() for r in rs]} for d in todo if d.nrels]
        if rows:
            statements.append(("UNWIND $rows AS row MATCH (a:Resource {uri: row.s}) UNWIND row.r AS r "
                               "MATCH (b:Resource {uri: r.o}) "
                               "CREATE (a)-[x:$(r.t)]->(b) SET x.sources = r.src, x.predicate = r.p", {"rows": rows}))
    else:
        rels: dict[tuple, list] = {}
        for d in todo:
            for key, rs in d.rels.items():
                rels.setdefault(key, []).extend({"s": d.uri, "o": r["o"], "src": r["src"]} for r in rs)
        for (typ, pred), rs in rels.items():
            extra = ", x.predicate = $pred" if typ == GENERIC_REL else ""
            statements.append((f"UNWIND $rows AS r MATCH (a:Resource {{uri: r.s}}) MATCH (b:Resource {{uri: r.o}}) "
                               f"CREATE (a)-[x:{_q(typ)}]->(b) SET x.sources = r.src{extra}",
                               {"rows": rs, "pred": pred}))

    def work(tx):
        st = {"created": 0, "deleted": 0, "ends": []}
        if old_uris:
            rec = tx.run("UNWIND $uris AS u MATCH (n:Resource {uri: u})-[r]->(m) "
                         "WITH r, m.uri AS mu DELETE r RETURN count(r) AS n, collect(DISTINCT mu) AS ends",
                         uris=old_uris).single()
            st["deleted"], st["ends"] = rec["n"], rec["ends"]
        for cypher, params in statements:
            st["created"] += tx.run(cypher, params).consume().counters.relationships_created
        return st
    return work
