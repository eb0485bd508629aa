"""Gap checks: the shipped SHACL shapes (``ontology/shapes/*.ttl``) run against a workspace.

Two engines give the same results (focus node, path, code, severity; a differential test
holds them to it):

``fast`` (the default)
    Each shape is compiled to ONE SPARQL SELECT over all its focus nodes and run on the
    workspace's Oxigraph store. A SPARQL-based constraint (``sh:sparql``) keeps its own
    query: ``$this`` becomes a variable joined with the shape's targets instead of being
    pre-bound once per focus node. Core property shapes with ``sh:minCount`` /
    ``sh:maxCount`` on a predicate or inverse path become ``FILTER NOT EXISTS`` / ``GROUP
    BY … HAVING`` queries. This is how RDF4J made bulk validation 20–30× faster, and it
    keeps a check of a 100k-triple workspace near one second (see bench/steps_check.py).
    A shape using anything else (user shapes from ``--shapes`` may) is handed to pyshacl.
    Before the queries run, the triples whose predicate they mention are copied once
    (a CONSTRUCT per source and predicate, serialised and bulk-loaded in Rust) into
    in-memory stores, where joins cost far less than on the on-disk store: one store per
    group of queries sharing no predicate but ``rdf:type``, loaded side by side; the
    queries then run there, two at a time, the longest first. The copy of each source is
    cached until that source changes (``_Subset``).

    A whole check (shipped shapes, every code) keeps its result with the version key of
    every source (:mod:`kg.check.incremental`). The next one starts from it: nothing
    changed, it is the answer; a source changed (an import), the added and removed
    triples are found against that source's cached copy, a walk from them
    (:mod:`kg.check.reach`) bounds the focus nodes whose results they can change, and only
    those are checked again, on an in-memory store of their neighbourhood. Where the
    reach cannot be bounded, everything is checked. A differential test over random
    edits (tests/check/test_incremental.py) holds it equal to a check of everything.

``pyshacl``
    The reference: pyshacl validates an rdflib copy of the workspace. Slow on big
    workspaces (rdflib's SPARQL runs each constraint once per focus node) but complete.

Every shape carries its stable code in ``dct:identifier``, its severity in ``sh:severity``
and its message in ``sh:message`` in nb and en (see ``ontology/shapes/README.md``).

Example::

    with Workspace.open("kg-data") as ws:
        report = check(ws)
        for r in report.results:
            print(r.code, r.id, r.message("en"))
"""
from __future__ import annotations

import os
import re
import time
from pathlib import Path
from typing import Iterable

import pyoxigraph as ox
import rdflib
from rdflib import BNode, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, SH

from kg.store.bulk import cores as _cores   # the cores this process may run on
from kg.check.results import CheckReport, CheckResult, ShapeInfo
from kg.check.running import (  # noqa: F401  (rdflib-free; kg.check.incremental uses them too)
    InMemory, Shape, _dedupe, _enrich, _focus_on, _result, _solutions, catalog_entries)
from kg.check.shape_files import shipped_shape_files
from kg.errors import InputError, KgError
from kg.store.workspace import CATALOG

SEVERITY_OF = {SH.Violation: "violation", SH.Warning: "warning", SH.Info: "info"}
SHAPES_NS = "https://w3id.org/kommune-ki/shapes#"


class Unsupported(Exception):
    """The fast engine cannot compile this shape; pyshacl runs it instead."""


# ---------------------------------------------------------------------------- shapes


_SHIPPED: rdflib.Graph | None = None   # the shipped shapes, parsed once per process


def _parse_shape_file(g: rdflib.Graph, f: Path, user: bool) -> None:
    fmt = rdflib.util.guess_format(str(f)) or "turtle"
    try:
        if user:
            # a user's shapes: parsed alone, their SPARQL through the guard first
            one = rdflib.Graph()
            one.parse(str(f), format=fmt)
            from kg.sparql.guard import check_shapes_graph
            check_shapes_graph(one, file=str(f))
            g += one
        else:
            g.parse(str(f), format=fmt)
    except InputError:
        raise
    except FileNotFoundError:
        raise InputError("no such file.", "finner ikke filen.", file=str(f)) from None
    except Exception as e:  # rdflib raises many kinds of parse errors
        raise InputError(f"not a readable SHACL shapes file: {e}",
                         f"ikke en lesbar SHACL-formfil: {e}", file=str(f)) from None


def _expand_definitions(g: rdflib.Graph) -> None:
    """The shared definitions (who uses a solution, personal data, high-risk) written out
    where a query names them (:mod:`kg.roadmap.solution_facts`)."""
    from kg.roadmap.solution_facts import expand
    for c, sel in list(g.subject_objects(SH.select)):
        text = str(sel)
        if "kgdef:" in text:
            g.set((c, SH.select, Literal(expand(text))))


def load_shapes_graph(extra: Iterable[str | Path] = (), shipped: bool = True) -> rdflib.Graph:
    """The shipped shapes (and ``extra`` shape files) as one rdflib Graph of its own (the
    shipped files are parsed once per process; each caller gets a copy).

    A shape file that is not valid RDF raises :class:`InputError` naming the file and line.
    """
    global _SHIPPED
    g = rdflib.Graph()
    if shipped:
        if _SHIPPED is None:
            base = rdflib.Graph()
            for f in shipped_shape_files():
                _parse_shape_file(base, f, user=False)
            _expand_definitions(base)
            _SHIPPED = base
        g += _SHIPPED
    extra_files = [Path(p) for p in extra]
    for f in extra_files:
        _parse_shape_file(g, f, user=True)
    if extra_files:
        _expand_definitions(g)
    return g


def _texts(g: rdflib.Graph, node, pred) -> dict[str, str]:
    out: dict[str, str] = {}
    for o in g.objects(node, pred):
        if isinstance(o, Literal):
            out.setdefault(o.language or "", str(o))
    if "" in out:
        out.setdefault("nb", out[""])
        out.setdefault("en", out[""])
    return out


def _code(g: rdflib.Graph, node) -> str:
    for o in g.objects(node, DCTERMS.identifier):
        return str(o)
    for o in g.objects(node, SH.name):
        return str(o)
    if isinstance(node, URIRef):
        s = str(node)
        return s.rsplit("#", 1)[-1].rsplit("/", 1)[-1] or s
    return "shape"


def shape_nodes(g: rdflib.Graph) -> list:
    """Shapes that select focus nodes themselves (they have a target)."""
    targets = (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf)
    nodes = {s for t in targets for s in g.subjects(t, None)}
    nodes = {n for n in nodes if not any(str(v).lower() == "true" for v in g.objects(n, SH.deactivated))}
    return sorted(nodes, key=str)


def shape_info(g: rdflib.Graph, node, file: str = "") -> ShapeInfo:
    sev = SEVERITY_OF.get(g.value(node, SH.severity), "violation")
    titles = _texts(g, node, RDFS.label) or _texts(g, node, SH.name)
    return ShapeInfo(iri=str(node), code=_code(g, node), severity=sev, titles=titles,
                     messages=_texts(g, node, SH.message), file=file)


def shipped_shapes() -> dict[str, ShapeInfo]:
    """code → ShapeInfo of every shipped shape (for a code with two shapes, the first)."""
    g = load_shapes_graph()
    out: dict[str, ShapeInfo] = {}
    for n in shape_nodes(g):
        info = shape_info(g, n)
        out.setdefault(info.code, info)
    return out


def shipped_codes() -> list[str]:
    return sorted(shipped_shapes())


# ---------------------------------------------------------------------------- compiling


def _n3(node) -> str:
    if isinstance(node, URIRef):
        return f"<{node}>"
    if isinstance(node, Literal):
        return node.n3()
    raise Unsupported(f"blank node {node} used as a term")


def _path(g: rdflib.Graph, p) -> str:
    """A SHACL path as a SPARQL property path; predicates and inverse predicates only."""
    if isinstance(p, URIRef):
        return f"<{p}>"
    inv = g.value(p, SH.inversePath)
    if isinstance(inv, URIRef):
        return f"^<{inv}>"
    raise Unsupported("complex property path")


def path_key(g: rdflib.Graph, p) -> str | None:
    """The path as the report names it: an IRI, or ``^IRI`` for an inverse path."""
    if p is None:
        return None
    if isinstance(p, URIRef):
        return str(p)
    inv = g.value(p, SH.inversePath)
    if isinstance(inv, URIRef):
        return "^" + str(inv)
    return str(p)


_THIS = re.compile(r"\$this\b")
_WHERE = re.compile(r"\bWHERE\s*\{", re.I)
_SELECT = re.compile(r"\bSELECT\b", re.I)


def _prefixes_of(g: rdflib.Graph, sparql_node) -> str:
    lines = []
    for pnode in g.objects(sparql_node, SH.prefixes):
        for decl in g.objects(pnode, SH.declare):
            p, ns = g.value(decl, SH.prefix), g.value(decl, SH.namespace)
            if p is not None and ns is not None:
                lines.append(f"PREFIX {p}: <{ns}>")
    return "\n".join(sorted(set(lines))) + "\n"


class _Compiler:
    """Turns shapes into SPARQL over all focus nodes of a workspace."""

    def __init__(self, ws, g: rdflib.Graph):
        self.ws = ws
        self.g = g
        self._subclasses: dict[str, list[str]] = {}

    def subclasses(self, cls: str) -> list[str]:
        if cls not in self._subclasses:
            rows = self.ws.select("SELECT DISTINCT ?c WHERE { ?c rdfs:subClassOf* ?root }", root=cls)
            found = sorted({r["c"].value for r in rows} | {cls})
            self._subclasses[cls] = found
        return self._subclasses[cls]

    def classes(self, node) -> list[str]:
        """The classes whose members are the shape's focus nodes: its target classes and
        their subclasses in the workspace."""
        return sorted({c for t in self.g.objects(node, SH.targetClass) if isinstance(t, URIRef)
                       for c in self.subclasses(str(t))})

    def only_classes(self, node) -> bool:
        """Are the shape's focus nodes the members of its target classes, nothing else?"""
        g = self.g
        return not any(next(iter(g.objects(node, t)), None) is not None for t in
                       (SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf, SH.target))

    def target_block(self, node) -> str:
        g = self.g
        parts = []
        classes = self.classes(node)
        if len(classes) == 1:
            parts.append("{ ?this a <%s> . }" % classes[0])
        elif classes:
            parts.append("{ ?this a ?kgTargetClass . VALUES ?kgTargetClass { %s } }"
                         % " ".join(f"<{c}>" for c in classes))
        nodes = [t for t in g.objects(node, SH.targetNode)]
        if nodes:
            parts.append("{ VALUES ?this { %s } }" % " ".join(_n3(n) for n in nodes))
        for p in g.objects(node, SH.targetSubjectsOf):
            parts.append("{ ?this %s ?kgTargetObj . }" % _n3(p))
        for p in g.objects(node, SH.targetObjectsOf):
            parts.append("{ ?kgTargetSubj %s ?this . }" % _n3(p))
        if not parts:
            raise Unsupported("no target")
        if any(isinstance(t, BNode) for t in g.objects(node, SH.target)):
            raise Unsupported("SPARQL-based target")
        # a node matched twice gives duplicate rows; the report removes duplicates
        return " UNION ".join(parts) if len(parts) > 1 else parts[0]

    def compile(self, node, file: str = "") -> Shape:
        g = self.g
        info = shape_info(g, node, file)
        shape = Shape(node, info)
        try:
            shape.queries = self._queries(node, info)
        except Unsupported as e:
            shape.unsupported = str(e)
            shape.queries = []
        return shape

    _KNOWN = {RDF.type, RDFS.label, RDFS.comment, DCTERMS.identifier, SH.name, SH.description,
              SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf,
              SH.severity, SH.message, SH.sparql, SH.path, SH.minCount, SH.maxCount,
              SH.deactivated, SH.order, SH.group, RDFS.seeAlso, DCTERMS.description}

    def _queries(self, node, info: ShapeInfo) -> list[tuple[str, dict]]:
        g = self.g
        for p in set(g.predicates(node, None)):
            if p not in self._KNOWN:
                raise Unsupported(f"constraint {p}")
        target = self.target_block(node)
        out = []
        path = g.value(node, SH.path)
        if path is not None:
            pp = _path(g, path)
            mn, mx = g.value(node, SH.minCount), g.value(node, SH.maxCount)
            if mn is not None and int(mn) == 1:
                out.append((f"SELECT DISTINCT ?this WHERE {{ {target} FILTER NOT EXISTS {{ ?this {pp} ?kgV }} }}",
                            info.messages))
            elif mn is not None and int(mn) > 1:
                out.append((f"SELECT ?this WHERE {{ {target} OPTIONAL {{ ?this {pp} ?kgV }} }} "
                            f"GROUP BY ?this HAVING (COUNT(DISTINCT ?kgV) < {int(mn)})", info.messages))
            if mx is not None:
                out.append((f"SELECT ?this WHERE {{ {target} ?this {pp} ?kgV }} "
                            f"GROUP BY ?this HAVING (COUNT(DISTINCT ?kgV) > {int(mx)})", info.messages))
        elif g.value(node, SH.minCount) is not None or g.value(node, SH.maxCount) is not None:
            raise Unsupported("count without a path")
        for c in g.objects(node, SH.sparql):
            if any(str(v).lower() == "true" for v in g.objects(c, SH.deactivated)):
                continue
            sel = g.value(c, SH.select)
            if sel is None:
                raise Unsupported("SPARQL constraint without sh:select")
            text = _THIS.sub("?this", str(sel))
            m = _WHERE.search(text)
            if not m or not _SELECT.search(text[:m.start()]) or "?this" not in text[:m.start()]:
                raise Unsupported("SPARQL constraint whose SELECT does not project $this")
            query = _prefixes_of(g, c) + text[:m.end()] + " " + target + " " + text[m.end():]
            out.append((query, _texts(g, c, SH.message) or info.messages))
        if not out:
            raise Unsupported("no constraint the fast engine knows")
        return out


# ---------------------------------------------------------------------------- running


_PREFIX_DECL = re.compile(r"PREFIX\s+([\w-]*):\s*<([^>]*)>", re.I)
_IRIREF = re.compile(r"<([^>\s]+)>")
_PNAME = re.compile(r"(?<![\w?$<:#])([A-Za-z][\w-]*):([\w.-]*[\w-])")
_VAR_PREDICATE = re.compile(r"[?$]\w+\s+[?$]\w+\s+[?$<\w\"\[]")
RDF_TYPE = str(RDF.type)


def _mentioned_iris(queries: list[str]) -> set[str] | None:
    """Every IRI a query mentions (the predicates it can read are among them), or None
    when a query has a variable in predicate position (it may read anything)."""
    from kg.vocab import PREFIXES
    prefixes = dict(PREFIXES)
    iris = {RDF_TYPE}
    for q in queries:
        for m in _PREFIX_DECL.finditer(q):
            prefixes[m[1]] = m[2]
    for q in queries:
        body = _PREFIX_DECL.sub("", q)
        body = re.sub(r'"(?:[^"\\]|\\.)*"', '""', body)   # no IRIs inside string literals
        if _VAR_PREDICATE.search(body[body.find("{"):]):   # the projection lists variables too
            return None
        iris |= {m[1] for m in _IRIREF.finditer(body)}
        # outside the IRIs (their "host:port" is no prefixed name), a "/" is a path's sequence
        iris |= {prefixes[m[1]] + m[2] for m in _PNAME.finditer(_IRIREF.sub(" ", body)) if m[1] in prefixes}
    return iris


_TYPE_WORD = re.compile(r"(?<![\w?$:#/.<@-])a(?![\w:-])|(?<![\w?$])rdf:type(?![\w-])|"
                        r"<http://www\.w3\.org/1999/02/22-rdf-syntax-ns#type>")
_CONST = re.compile(r"\s*(?:<[^>\s]*>|[A-Za-z][\w-]*:[\w.-]*[\w-]|[A-Za-z][\w-]*:)(?=[\s;,.}])")
_VALUES_OF = re.compile(r"\s+([?$]\w+)\s*\.\s*VALUES\s+\1\s*\{([^{}]*)\}")
_SUBCLASS_IN = re.compile(r"\s+([?$]\w+)\s*\.\s*\1\s+(?:rdfs:subClassOf|<http://www\.w3\.org/2000/01/rdf-schema#subClassOf>)"
                          r"\*\s+([?$]\w+)\s*\.?\s*FILTER\s*\(\s*\2\s+IN\s*\(([^()]*)\)\s*\)")


def _type_reads(query: str) -> tuple[set[str], set[str]] | None:
    """Which rdf:type triples ``query`` can read, by their class: (classes, roots), the
    classes named and those whose subclasses (``rdfs:subClassOf*``) count too; None when
    it may read any type. A type pattern's object is a class named in the query, a
    variable bound right after it by ``VALUES`` (the target of a shape with subclasses),
    or a variable whose ``rdfs:subClassOf*`` must reach a class listed in a ``FILTER(… IN
    (…))`` right after (the owner of a system in fria-missing); anything else (a variable
    used otherwise, a property path through rdf:type) may read any type."""
    from kg.vocab import PREFIXES
    prefixes = dict(PREFIXES)
    for m in _PREFIX_DECL.finditer(query):
        prefixes[m[1]] = m[2]
    body = _PREFIX_DECL.sub("", query)
    body = re.sub(r'"(?:[^"\\]|\\.)*"', '""', body)

    def iris(text: str) -> set[str] | None:
        out = set()
        for term in text.replace(",", " ").split():
            if term.startswith("<") and term.endswith(">"):
                out.add(term[1:-1])
            elif ":" in term and term.split(":", 1)[0] in prefixes:
                out.add(prefixes[term.split(":", 1)[0]] + term.split(":", 1)[1])
            else:
                return None
        return out
    classes: set[str] = set()
    roots: set[str] = set()
    for m in _TYPE_WORD.finditer(body):
        before = body[:m.start()].rstrip()[-1:]
        rest = body[m.end():]
        if before in ("^", "/", "|", "(", "!") or rest[:1] in ("/", "|", "*", "+", "?", ")"):
            return None   # inside a property path
        # a class named; a variable bound by VALUES right after; one whose subClassOf* must
        # reach a listed class
        for pattern, group, into in ((_CONST, 0, classes), (_VALUES_OF, 2, classes), (_SUBCLASS_IN, 3, roots)):
            found = pattern.match(rest)
            if found:
                got = iris(found[group].strip())
                if got is None or (pattern is _CONST and rest[found.end():].lstrip()[:1] == ","):
                    return None   # (an object list: its other classes are not read here)
                into |= got
                break
        else:
            return None
    return classes, roots


class _Subset:
    """In-memory Oxigraph stores holding only the triples (union of all sources) whose
    predicate the compiled queries mention. Reading the on-disk store costs ~10 µs a quad,
    joins in memory are ~15× cheaper than on disk, so copying once what the checks read
    and joining in memory halves a check at 1M triples.

    The copy is made per source (named graph) and kept in the cache (see
    :class:`_ChunkCache`), keyed by the predicates, the workspace and the source's
    catalog entry, which every write of the source changes. So a check after an import
    reads from the store only the source that the import wrote; the others come from
    their cached N-Triples (``KG_CHECK_CACHE=0`` turns this off). The catalog, a graph
    without a catalog entry and triples outside named graphs are always read.

    A chunk holds one part per predicate, each after a comment line ``# kg-part <p>``.
    Loading into Oxigraph (~3 µs a triple, one core) is most of a check, so the queries
    are split into groups that share no predicate but ``rdf:type`` (at 1M: the
    initiatives' dates and dependencies, and the rest), each group gets a store of its
    own with its predicates only, and the stores are loaded side by side
    (:meth:`plan`; :func:`_run_fast` runs each group's queries as soon as its store is in)
    when the process may use more than one core."""

    SPLIT_BYTES = 8_000_000   # below this, one store: the types copied twice cost more than they save

    def __init__(self, ws, predicates: set[str], workers: int = 2):
        preds = [str(ox.NamedNode(p)) for p in sorted(predicates)]
        self.extracted: list[str] = []   # the graphs read from the store this time (a test hook)
        graphs, cacheable, named = catalog_entries(ws)
        cache = _ChunkCache.open(ws, preds)
        self.cache_folder = cache.folder if cache is not None else None
        paths = cache.paths(cacheable) if cache is not None else {}
        chunks: dict[str, bytes] = {}
        todo: list[str] = []
        for g in graphs:
            data = cache.read(paths[g]) if g in paths else None
            if data is not None:
                chunks[g] = data
            else:
                todo.append(g)
        # outside the named graphs (kg writes nothing there, a direct store write may):
        # the store's own default graph and graphs named by a blank node
        rest = any(not isinstance(g, ox.NamedNode) for g in named) or \
            next(iter(ws.store.quads_for_pattern(None, None, None, ox.DefaultGraph())), None) is not None

        # one job per graph and predicate: the parts of a chunk, and every core busy
        # even when one large source (the usual case after an import) is read
        jobs = [(g, p) for g in todo for p in preds]
        if rest:
            jobs.append((None, " ".join(preds)))

        def fetch(job: tuple[str | None, str]) -> bytes:
            g, p = job
            if g is None:
                res = ws.store.query("CONSTRUCT { ?s ?p ?o } WHERE { VALUES ?p { %s } { ?s ?p ?o } UNION "
                                     "{ GRAPH ?g { ?s ?p ?o } FILTER(isBlank(?g)) } }" % p)
                return res.serialize(format=ox.RdfFormat.N_TRIPLES) or b""
            return _part(ws, g, p)

        if workers > 1 and len(jobs) > 1:
            from concurrent.futures import ThreadPoolExecutor
            with ThreadPoolExecutor(workers) as ex:
                got = list(ex.map(fetch, jobs))
        else:
            got = [fetch(j) for j in jobs]
        parts: dict[str | None, list[bytes]] = {}
        for (g, _), data in zip(jobs, got):
            parts.setdefault(g, []).append(data)
        for g in todo:
            chunks[g] = b"".join(parts.get(g, []))
            if g in paths:
                cache.write(paths[g], chunks[g])
        self.extracted = todo + (["(outside named graphs)"] if rest else [])
        # what kg.check.incremental keeps of this version: the sources' chunk keys, the catalog
        self.keys = cache.keys(cacheable) if cache is not None and not rest and \
            set(graphs) == set(cacheable) | {CATALOG} else None
        self.catalog = chunks.get(CATALOG, b"")
        self._chunks = [chunks[g] for g in graphs if chunks.get(g)] + parts.get(None, [])
        self._sections: tuple[dict[str, list[memoryview]], list[bytes]] | None = None
        self._prefixes = ws._prefixes

    def plan(self, mentions: list[set[str]], ways: int = 2,
             types: list[tuple[set[str], set[str]] | None] | None = None) -> list[tuple[bytes, list[int]]]:
        """(N-Triples document to load, the indexes of the queries to run on it) per store,
        for queries mentioning the IRIs ``mentions`` (one set per query, from
        :func:`_mentioned_iris`) and reading the rdf:type triples ``types`` says (one per
        query, from :func:`_type_reads`; not given: every type triple).

        The type triples of a chunk come in one part per class (``# kg-part <rdf:type>
        <class>``); a store gets those of the classes its queries read, the subclasses of
        a root among them (by the copied ``rdfs:subClassOf`` triples), or all of them when
        one of its queries may read any.

        Each document is ONE document: the store's blank node ids are the same in every
        chunk (and in a chunk cached by an earlier check), but a blank node label names
        the same node only within one loaded document. A store holds every predicate its
        queries mention, so each query sees what it would see in one store of all. The
        parts are cut out of the chunks as views and copied once, into the document."""
        sections, whole = self.sections()
        size = {p: sum(len(b) for b in bs) for p, bs in sections.items()}
        type_ = str(ox.NamedNode(RDF_TYPE))
        mentions = [{str(ox.NamedNode(i)) for i in m} for m in mentions]
        groups = _groups(mentions, {p for p, n in size.items() if n and p.split(" ", 1)[0] != type_})
        typed = sorted(p for p in sections if p.startswith(type_ + " "))   # the parts per class
        if types is None:
            types = [None] * len(mentions)
        elif typed and any(t is not None and t[1] for t in types):
            from kg.check.native import Triples   # the classes below a root, by the copied triples
            below: dict[str, list[str]] = {}
            for c, parent in Triples(sections, whole).pairs(b"<" + RDFS_SUBCLASS.encode() + b">"):
                below.setdefault(parent.decode("utf-8"), []).append(c.decode("utf-8"))
            types = [t if t is None else (t[0] | _below(t[1], below), set()) for t in types]
        if len(groups) > 1 and ways > 1 and sum(size.values()) >= self.SPLIT_BYTES:
            # the largest groups first, each into the store with the fewest bytes so far
            weight = [sum(size.get(p, 0) for p in set().union(*(mentions[i] for i in g)) - {type_}) for g in groups]
            stores: list[list[int]] = [[] for _ in range(min(ways, len(groups)))]
            load = [0] * len(stores)
            for w, g in sorted(zip(weight, groups), key=lambda x: (-x[0], x[1])):
                k = load.index(min(load))
                stores[k] += g
                load[k] += w
        else:
            stores = [list(range(len(mentions)))]
        out = []
        for idx in stores:
            wanted = set().union(*(mentions[i] for i in idx)) | {type_}
            if any(types[i] is None for i in idx):
                wanted.update(typed)
            else:
                wanted.update(f"{type_} {str(ox.NamedNode(c))}" for i in idx for c in types[i][0])
            doc = b"\n".join(whole + [b for p in sorted(wanted) for b in sections.get(p, ())])
            out.append((doc, sorted(idx)))
        return out

    def sections(self) -> tuple[dict[str, list[memoryview]], list[bytes]]:
        """The chunks cut into their parts: predicate (N-Triples form) → its parts (views of
        the chunks, nothing copied), and the chunks without parts (every predicate mixed)."""
        if self._sections is None:
            sections: dict[str, list[memoryview]] = {}
            whole: list[bytes] = []
            for chunk in self._chunks:
                if not chunk.startswith(_PART):
                    if chunk.strip():
                        whole.append(chunk)
                    continue
                view = memoryview(chunk)
                at = 0
                while at < len(chunk):
                    nl = chunk.find(b"\n", at)
                    if nl < 0:
                        break
                    nxt = chunk.find(b"\n" + _PART, nl)
                    end = len(chunk) if nxt < 0 else nxt + 1
                    if end > nl + 1:
                        head = chunk[at + len(_PART):nl].decode("utf-8")
                        sections.setdefault(head, []).append(view[nl + 1:end])
                    at = end
            self._sections = (sections, whole)
            self._chunks = []
        return self._sections

    def load(self, doc: bytes) -> InMemory:
        store = ox.Store()
        if doc:
            # lenient: everything here was written by Oxigraph's own serialiser (the cached
            # chunks are checked against their SHA-256), so validating IRIs again is waste
            store.bulk_load(doc, format=ox.RdfFormat.N_TRIPLES, lenient=True)
        return InMemory(store, self._prefixes)


_PART = b"# kg-part "   # a comment: what follows are the triples of one predicate (of rdf:type: one class)
RDFS_SUBCLASS = str(RDFS.subClassOf)


def _below(roots: set[str], below: dict[str, list[str]]) -> set[str]:
    """``roots`` and every class whose rdfs:subClassOf chain reaches one of them
    (``below``: class → its direct subclasses, in N-Triples form)."""
    seen = {str(ox.NamedNode(r)) for r in roots}
    todo = list(seen)
    while todo:
        for c in below.get(todo.pop(), ()):
            if c not in seen:
                seen.add(c)
                todo.append(c)
    return {c[1:-1] for c in seen if c.startswith("<")}


def _part(ws, graph: str, pred: str) -> bytes:
    """The triples of ``graph`` with predicate ``pred`` (N-Triples form) as one part of a
    chunk: its ``# kg-part`` line, then the triples (nothing when there are none)."""
    res = ws.query("CONSTRUCT { ?s %s ?o } WHERE { GRAPH <%s> { ?s %s ?o } }" % (pred, graph, pred),
                   prefixes=False)
    data = res.serialize(format=ox.RdfFormat.N_TRIPLES) or b""
    if not data:
        return b""
    head = _PART + pred.encode("utf-8")
    if pred != _TYPE:
        return head + b"\n" + data
    by_class: dict[bytes, list[bytes]] = {}   # "s p o" lines (a literal writes its line breaks as \n)
    for line in data.split(b" .\n"):
        if line:
            by_class.setdefault(line.split(b" ", 2)[2], []).append(line + b" .\n")
    return b"".join(head + b" " + c + b"\n" + b"".join(lines) for c, lines in sorted(by_class.items()))


_TYPE = "<%s>" % RDF_TYPE


def _groups(mentions: list[set[str]], shared: set[str]) -> list[list[int]]:
    """The queries (indexes) in groups that share none of the predicates ``shared`` (those
    holding data, rdf:type left out) with another group."""
    owner: dict[str, int] = {}
    parent = list(range(len(mentions)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i
    for i, ps in enumerate(mentions):
        for p in ps & shared:
            if p in owner:
                parent[root(i)] = root(owner[p])
            else:
                owner[p] = i
    out: dict[int, list[int]] = {}
    for i in range(len(mentions)):
        out.setdefault(root(i), []).append(i)
    return sorted(out.values())


def extract(ws, graph: str, preds: list[str]) -> bytes:
    """The triples of source ``graph`` whose predicate is among ``preds`` (N-Triples terms),
    as a chunk: one part per predicate (see :class:`_Subset`)."""
    return b"".join(_part(ws, graph, p) for p in preds)


class _ChunkCache:
    """The cached chunks of one workspace: ``<cache>/check-<workspace key>/G-E-P.nt``
    (kg.store.cache has the folder), one file per source graph (G: digest of its IRI), version
    of that source (E: digest of the workspace's kg.json, the IRI and the source's catalog
    entry, which every write of the source changes: its time, count and content digest)
    and predicate set (P: the predicates the shapes read, different for ``--code`` or
    ``--shapes``). A file starts with ``# kg-check-chunk v1 <SHA-256 of the rest>``; it
    is used only when that matches, else the source is read from the store again.

    Each check removes the files of graphs that are gone and of old versions of a source
    (another E for the same G), keeps at most ``VARIANTS`` predicate sets per version,
    and leftovers of interrupted writes. A cache folder that cannot be read or written
    means no cache, never an error."""

    MAGIC = b"# kg-check-chunk v1 "
    FORMAT = "kg-check-chunk 4"     # part of E: a change of the layout invalidates old files
    VARIANTS = 6
    _NAME = re.compile(r"^([0-9a-f]{16})-([0-9a-f]{24})-([0-9a-f]{16})\.nt$")

    def __init__(self, folder: Path, identity: bytes, preds: list[str]):
        import hashlib
        self.folder = folder
        self.identity = identity
        self.pkey = hashlib.sha256("\n".join(preds).encode("utf-8")).hexdigest()[:16]

    @classmethod
    def open(cls, ws, preds: list[str]) -> "_ChunkCache | None":
        """The cache of ``ws``; None when switched off (``KG_CHECK_CACHE=0``) or the
        workspace is not a folder on disk."""
        if os.environ.get("KG_CHECK_CACHE", "1").strip().lower() in ("0", "no", "false", "off"):
            return None
        path = getattr(ws, "path", None)
        try:
            identity = (Path(path) / "kg.json").read_bytes()   # a workspace made anew is another
        except (OSError, TypeError):
            return None
        from kg.store.cache import cache_dir, workspace_key
        return cls(cache_dir() / f"check-{workspace_key(ws)}", identity, preds)

    def keys(self, entries: dict[str, list[str]]) -> dict[str, tuple[str, str]]:
        """graph IRI → (G, E) of its chunk, for ``entries`` (graph → its catalog entry,
        "p o" lines)."""
        import hashlib
        keys = {}
        for g, entry in entries.items():
            gkey = hashlib.sha256(g.encode("utf-8")).hexdigest()[:16]
            ekey = hashlib.sha256(b"\n".join([self.FORMAT.encode(), self.identity, g.encode("utf-8")]
                                             + sorted(e.encode("utf-8") for e in entry))).hexdigest()[:24]
            keys[g] = (gkey, ekey)
        return keys

    def path(self, gkey: str, ekey: str) -> Path:
        return self.folder / f"{gkey}-{ekey}-{self.pkey}.nt"

    def paths(self, entries: dict[str, list[str]]) -> dict[str, Path]:
        """graph IRI → the file of its chunk, for ``entries`` (graph → its catalog entry,
        "p o" lines); removes what no longer fits."""
        keys = self.keys(entries)
        self._prune(dict(keys.values()))
        return {g: self.path(gkey, ekey) for g, (gkey, ekey) in keys.items()}

    def _prune(self, current: dict[str, str]) -> None:
        try:
            files = list(os.scandir(self.folder))
        except OSError:
            return
        now = time.time()
        kept: dict[str, list[tuple[float, str]]] = {}
        for f in files:
            m = self._NAME.match(f.name)
            try:
                if m and current.get(m[1]) == m[2]:
                    if m[3] != self.pkey:
                        kept.setdefault(m[1], []).append((f.stat().st_mtime, f.path))
                    continue
                if f.name.startswith(".") and f.name.endswith(".tmp") and now - f.stat().st_mtime < 3600:
                    continue   # perhaps being written by a check running now
                os.unlink(f.path)
            except OSError:
                pass
        for variants in kept.values():   # other predicate sets of a current version
            for _, p in sorted(variants, reverse=True)[self.VARIANTS - 1:]:
                try:
                    os.unlink(p)
                except OSError:
                    pass

    @classmethod
    def read(cls, path: Path) -> bytes | None:
        """The chunk in ``path``, or None when missing, unreadable, damaged or cut short."""
        import hashlib
        try:
            raw = path.read_bytes()
        except OSError:
            return None
        head, nl, body = raw.partition(b"\n")
        if not nl or not head.startswith(cls.MAGIC) or \
                head[len(cls.MAGIC):] != hashlib.sha256(body).hexdigest().encode():
            return None
        try:
            os.utime(path)   # recently used: kept before other predicate sets
        except OSError:
            pass
        return body

    @classmethod
    def write(cls, path: Path, body: bytes) -> None:
        import hashlib
        from kg.store.cache import write_atomic
        write_atomic(path, cls.MAGIC + hashlib.sha256(body).hexdigest().encode() + b"\n" + body)


def _run_fast(ws, shapes: list[Shape], workers: int = 2, progress=None, focus: str | None = None,
              state: dict | None = None, natives: list[tuple[Shape, list[str], object]] = ()) -> list[CheckResult]:
    """Run every compiled query; Oxigraph loads and evaluates outside the GIL, so two
    threads use two cores. With ``focus`` (an IRI), only that node is checked, straight on
    the store. ``natives``: (shape, its target classes, its rule) of the shapes among ``shapes``
    that :mod:`kg.check.native` evaluates in code over the copied triples, in a thread of its own
    beside the queries (their SPARQL runs instead where there is no copy)."""
    natives = [n for n in natives if focus is None]
    inline = {id(n[0]) for n in natives}
    jobs = [(shape, query if focus is None else _focus_on(query, focus), messages)
            for shape in shapes if id(shape) not in inline for query, messages in shape.queries]
    queries = [j[1] for j in jobs]
    mentions = [_mentioned_iris([q]) for q in queries] if (len(jobs) > 1 or natives) and focus is None else [None]
    read = [_mentioned_iris([q for q, _ in n[0].queries]) for n in natives]
    if any(m is None for m in mentions + read) and natives:   # no copy: every query as SPARQL
        return _run_fast(ws, shapes, workers, progress, focus, state)
    out = []
    if all(m is not None for m in mentions):
        if progress:
            progress("read", 0, None)
        sub = _Subset(ws, set().union(*mentions, *read))
        if state is not None and sub.keys is not None:
            state.update(keys=sub.keys, catalog=sub.catalog)
        if progress:
            progress("run", len(shapes), None)
        side = None
        if natives:
            from concurrent.futures import ThreadPoolExecutor
            sections = sub.sections()
            pool = ThreadPoolExecutor(1)
            side = pool.submit(_native_results, sections, natives)
        try:
            rows = _schedule(sub, queries, mentions, workers) if jobs else []
        finally:
            if side is not None:
                pool.shutdown(wait=True)
        if side is not None:
            out = side.result()
    else:
        if progress:
            progress("run", len(shapes), None)
        if workers > 1 and len(jobs) > 1:
            from concurrent.futures import ThreadPoolExecutor
            with ThreadPoolExecutor(workers) as ex:
                rows = list(ex.map(lambda q: _solutions(ws, q), queries))
        else:
            rows = [_solutions(ws, q) for q in queries]
    for (shape, _, messages), sols in zip(jobs, rows):
        for focus, path, value in sols:
            if focus is None:
                continue
            out.append(_result(shape, messages, focus, path if path is not None else shape.path, value))
    return out


def _native_results(sections, natives: list[tuple[Shape, list[str], object]]) -> list[CheckResult]:
    """The results of the ``natives`` (shape, target classes, rule), each by its rule in
    :mod:`kg.check.native` over the copied triples (``sections``: :meth:`_Subset.sections`)."""
    from kg.check import native
    data = native.Triples(*sections)
    rows = [(shape, rule(data, classes)) for shape, classes, rule in natives]
    terms = native.terms(t for _, found in rows for row in found for t in row if t is not None)
    return [_result(shape, shape.queries[0][1], terms[f], shape.path if p is None else terms[p],
                    None if v is None else terms[v]) for shape, found in rows for f, v, p in found]


def _schedule(sub: _Subset, queries: list[str], mentions: list[set[str]], workers: int) -> list[list[tuple]]:
    """The solutions of each of ``queries`` on the stores of ``sub`` (:meth:`_Subset.plan`):
    ``workers`` threads load the stores first, side by side, then take the queries whose
    store is in, the longest first (each query's time in the last check, kept beside the
    chunk cache; one not timed yet counts as the longest)."""
    import hashlib
    import json
    import threading
    # side by side when the process has a core for each store: the same split whatever else
    # the machine is doing (on a busy one the types copied into every store cost ~15% more)
    workers = max(1, min(workers, _cores()))
    plan = sub.plan(mentions, ways=workers, types=[_type_reads(q) for q in queries])
    key = [hashlib.sha256(q.encode("utf-8")).hexdigest()[:16] for q in queries]
    times_file = sub.cache_folder.parent / (sub.cache_folder.name + "-times.json") if sub.cache_folder else None
    try:
        last = json.loads(times_file.read_bytes()) if times_file else {}
        last = {k: float(v) for k, v in last.items()} if isinstance(last, dict) else {}
    except (OSError, ValueError, TypeError):
        last = {}
    loads = list(range(len(plan)))
    todo = [sorted(idx, key=lambda i: -last.get(key[i], float("inf"))) for _, idx in plan]
    stores: list[InMemory | None] = [None] * len(plan)
    rows: list[list[tuple]] = [[] for _ in queries]
    took: dict[str, float] = {}
    failed: list[BaseException] = []
    cond = threading.Condition()

    def take():
        with cond:
            while not failed:
                if loads:
                    return "load", loads.pop(0)
                ready = [k for k in range(len(plan)) if stores[k] is not None and todo[k]]
                if ready:
                    k = max(ready, key=lambda k: last.get(key[todo[k][0]], float("inf")))
                    return "query", todo[k].pop(0)
                if not any(todo):
                    return None
                cond.wait()
            return None

    def work():
        while (task := take()) is not None:
            kind, i = task
            try:
                if kind == "load":
                    store = sub.load(plan[i][0])
                    with cond:
                        stores[i] = store
                        plan[i] = (b"", plan[i][1])   # the document is not needed any more
                        cond.notify_all()
                else:
                    k = next(n for n, (_, idx) in enumerate(plan) if i in idx)
                    t = time.monotonic()
                    rows[i] = _solutions(stores[k], queries[i])
                    took[key[i]] = round(time.monotonic() - t, 4)
            except BaseException as e:   # noqa: BLE001 (raised again below, in the caller's thread)
                with cond:
                    failed.append(e)
                    cond.notify_all()
                return

    threads = [threading.Thread(target=work, daemon=True) for _ in range(max(1, workers) - 1)]
    for t in threads:
        t.start()
    work()
    for t in threads:
        t.join()
    if failed:
        raise failed[0]
    if times_file is not None:
        from kg.store.cache import write_atomic   # a cache that cannot be written is skipped
        write_atomic(times_file, json.dumps(took, sort_keys=True).encode("utf-8"))
    return rows


def data_graph(ws) -> rdflib.Graph:
    """The union of the workspace's sources (not its catalog) as an rdflib Graph."""
    g = rdflib.Graph()
    g.parse(data=ws.dump("nt"), format="nt")
    return g


def _run_pyshacl(data: rdflib.Graph, shapes_g: rdflib.Graph, shapes: list[Shape]) -> list[CheckResult]:
    """Validate with pyshacl; results mapped to codes by their source shape."""
    import pyshacl
    wanted = {s.node for s in shapes}
    g = rdflib.Graph()
    for t in shapes_g:
        g.add(t)
    # only the wanted shapes: deactivate the others
    for n in shape_nodes(shapes_g):
        if n not in wanted:
            g.add((n, SH.deactivated, Literal(True)))
    conforms, rg, _ = pyshacl.validate(data, shacl_graph=g, inference="none", advanced=True,
                                       allow_warnings=True, allow_infos=True)
    by_node = {s.node: s for s in shapes}
    out = []
    for r in rg.subjects(RDF.type, SH.ValidationResult):
        src = rg.value(r, SH.sourceShape)
        shape = by_node.get(src)
        if shape is None:  # a nested property shape: find its parent
            for parent in shapes_g.subjects(SH.property, src):
                shape = by_node.get(parent)
                if shape:
                    break
        if shape is None:
            info = shape_info(shapes_g, src)
            shape = Shape(src, info)
        sev = SEVERITY_OF.get(rg.value(r, SH.resultSeverity), shape.info.severity)
        pnode = rg.value(r, SH.resultPath)
        path = path_key(rg, pnode) if pnode is not None else None
        focus = rg.value(r, SH.focusNode)
        value = rg.value(r, SH.value)
        # for a minCount result pyshacl names no value; keep the shape's own message texts
        msgs = _texts(rg, r, SH.resultMessage) if not shape.info.messages else shape.info.messages
        res = _result(shape, msgs, focus, path, value)
        res.severity = sev
        out.append(res)
    return out


def _property_paths(shapes_g: rdflib.Graph, shapes: list[Shape]) -> None:
    for s in shapes:
        p = shapes_g.value(s.node, SH.path)
        s.path = path_key(shapes_g, p) if p is not None else None


def check(ws, *, shapes: Iterable[str | Path] = (), engine: str = "fast", codes: Iterable[str] = (),
          shipped: bool = True, data: rdflib.Graph | None = None, progress=None,
          focus: str | None = None) -> CheckReport:
    """Validate the workspace ``ws`` against the shipped shapes plus ``shapes`` (files).

    ``engine``: ``fast`` (compiled SPARQL on the store; shapes it cannot compile go to
    pyshacl) or ``pyshacl`` (everything through pyshacl). ``codes`` limits the run to
    shapes with those codes. ``data`` may give the rdflib copy of the workspace that
    pyshacl should use (tests pass it to avoid reading it twice). ``progress(stage, done,
    total)`` hears of the stages: "read" (the checked triples), "run" (``done`` shapes),
    "pyshacl" (``done`` shapes handed to it), "enrich" (``done`` results to name).
    ``focus`` (an IRI) checks that one node only, fast enough for `kg query show`.
    """
    if engine not in ("fast", "pyshacl"):
        raise KgError(f"Unknown engine '{engine}': use fast or pyshacl.",
                      f"Ukjent motor «{engine}»: bruk fast eller pyshacl.")
    t0 = time.monotonic()
    whole = not shapes and shipped and engine == "fast" and not codes and focus is None and data is None
    if whole:   # the kept result, re-checked where the change reaches (no shapes parsed)
        from kg.check import incremental
        report = incremental.check_kept(ws, progress=progress)
        if report is not None:
            return report
    g = load_shapes_graph(shapes, shipped=shipped)
    codes = set(codes)
    comp = _Compiler(ws, g)
    all_shapes = [comp.compile(n) if engine == "fast" else Shape(n, shape_info(g, n)) for n in shape_nodes(g)]
    selected = [s for s in all_shapes if not codes or s.info.code in codes]
    _property_paths(g, selected)
    infos: dict[str, ShapeInfo] = {}
    for s in all_shapes:
        infos.setdefault(s.info.code, s.info)
    fast = [s for s in selected if engine == "fast" and not s.unsupported]
    slow = [s for s in selected if s not in fast]
    # one focus node: the SPARQL form bound to it is cheap; the whole graph: the shapes with
    # a rule in kg.check.native (linear passes over the copied triples) run by that rule
    from kg.check.native import rule_for
    native = [(s, comp.classes(s.node), rule) for s in fast if comp.only_classes(s.node)
              for rule in [rule_for(s, comp.target_block(s.node))] if rule is not None] if focus is None else []
    state: dict = {}
    results = _run_fast(ws, fast, progress=progress, focus=focus, state=state, natives=native)
    if slow and focus is None:
        if progress:
            progress("pyshacl", len(slow), None)
        results += _run_pyshacl(data if data is not None else data_graph(ws), g, slow)
    results = _dedupe(results)
    if focus is not None:
        results = [r for r in results if r.focus == focus]
    if progress:
        progress("enrich", len(results), None)
    _enrich(ws, results)
    report = CheckReport(results=results, shapes=infos, engine=engine, seconds=time.monotonic() - t0,
                         fallback_shapes=[s.info.iri for s in slow] if engine == "fast" else [])
    if whole:
        from kg.check import cache  # the deck, report, diagrams and web read it without checking again
        cache.keep(ws, report)
        if not slow and state:
            from kg.check import incremental
            incremental.keep_shapes(ws, fast, [s for s in fast if all(s is not n for n, *_ in native)], infos)
            incremental.save(ws, fast, state, report, whole=True)
    return report
