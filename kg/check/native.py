"""Shipped shapes evaluated in code over the engine's copy of the triples.

On a whole check the dependency shapes, dates-missing, dates-reversed, regulation-timing,
label-missing and every property shape with ``sh:minCount 1`` (compiled to a ``FILTER NOT
EXISTS``) are not run as SPARQL: their joins cost seconds of Oxigraph's time at 1M
triples, and the triples they read had to be loaded into a store first. Here the same
rules are passes over the copied N-Triples (:class:`kg.check.engine._Subset` hands them
over per part: one predicate, or the types of one class), each linear in the triples it
reads, giving exactly what the SPARQL forms give: the same (focus, path, value) rows.

Terms stay raw N-Triples (bytes): Oxigraph writes one term one way, so equal bytes are
the same term. Where the SPARQL compares (``FILTER(?sl < ?ve)``) two plain ``xsd:date``
literals it is their lexical order; any other pair of terms is asked of Oxigraph itself,
so a date with a time zone, another datatype or an ill-formed literal compares (or fails
to, which SPARQL treats as an error) as the query would. The re-check after a change
(:mod:`kg.check.incremental`) and ``--focus`` run the SPARQL forms; pyshacl
(``--engine pyshacl``) is the reference for both. ``tests/check/test_native_rules.py``
holds each rule equal to its SPARQL form on hand-made cases and on random graphs.
"""
from __future__ import annotations

import re
from typing import Callable, Iterable

import pyoxigraph as ox

from kg.roadmap.schedule import dependency_cycles

KG = "https://w3id.org/kommune-ki/ont#"
ID = "https://w3id.org/kommune-ki/id/"
TIME = "http://www.w3.org/2006/time#"
TYPE = b"<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"


def _t(iri: str) -> bytes:
    return f"<{iri}>".encode("utf-8")


DEPENDS_ON, QUALIFIED, DEPENDENCY_ON, STRENGTH = (_t(KG + n) for n in
                                                  ("dependsOn", "qualifiedDependency", "dependencyOn", "strength"))
PERIOD, EARLIEST, LATEST, STATUS, PHASE = (_t(KG + n) for n in ("period", "earliest", "latest", "status", "phase"))
BEGINNING, END = _t(TIME + "hasBeginning"), _t(TIME + "hasEnd")
INITIATIVE = _t(KG + "Initiative")
SOFT = _t(ID + "styrke-myk")
UNDER_WAY = {_t(ID + n) for n in ("status-etablert", "status-pagaende", "fase-etablert", "fase-pagaende")}
PLANNED = {_t(ID + n) for n in ("status-planlagt", "fase-planlagt")}


def _lines(data) -> list[bytes]:
    """N-Triples lines without their " ." (a literal writes a line break as \\n, so
    " .\\n" ends a line), the last one too when the data does not end in a line break."""
    data = bytes(data)
    return (data if data.endswith(b"\n") else data + b"\n").split(b" .\n")


Row = tuple   # (focus, value or None, path or None: the shape's own sh:path), terms as bytes


class Triples:
    """The copied triples of some predicates: per part of the chunks (``# kg-part <p>``, or
    ``# kg-part <rdf:type> <class>`` for the types of one class) its lines (memoryviews of
    N-Triples), and chunks without parts (every predicate mixed, read when asked)."""

    def __init__(self, sections: dict[str, list], whole: Iterable[bytes] = ()):
        self._parts: dict[bytes, list[tuple[bytes | None, object]]] = {}   # predicate → (class, lines)
        for key, views in sections.items():
            pred, _, obj = key.encode("utf-8").partition(b" ")
            self._parts.setdefault(pred, []).extend((obj or None, v) for v in views)
        self._whole = [w for w in whole if w.strip()]
        self._mixed: dict[bytes, list[tuple[bytes, bytes]]] | None = None
        self._pairs: dict[bytes, list[tuple[bytes, bytes]]] = {}
        self._maps: dict[bytes, dict[bytes, list[bytes]]] = {}
        self._kept: dict = {}

    def pairs(self, pred: bytes) -> list[tuple[bytes, bytes]]:
        """(subject, object) of every triple with predicate ``pred`` (terms as bytes)."""
        got = self._pairs.get(pred)
        if got is None:
            # each line is "s p o .": a literal writes its line breaks as \n, so " .\n" ends a line
            got = [(s, o) for _, view in self._parts.get(pred, ())
                   for s, _, o in (line.split(b" ", 2) for line in _lines(view) if line)]
            got += self._mixed_triples().get(pred, ())
            self._pairs[pred] = got
        return got

    def _mixed_triples(self) -> dict[bytes, list[tuple[bytes, bytes]]]:
        if self._mixed is None:
            self._mixed = {}
            for chunk in self._whole:
                for line in _lines(chunk):
                    if line:
                        s, p, o = line.split(b" ", 2)
                        self._mixed.setdefault(p, []).append((s, o))
        return self._mixed

    def subjects(self, pred: bytes, objects: Iterable[bytes] | None = None) -> set[bytes]:
        """The subjects of the triples with predicate ``pred`` and, given ``objects``,
        one of those as object (a part of one class is read without its objects)."""
        wanted = None if objects is None else set(objects)
        if pred in self._pairs:
            return {s for s, o in self._pairs[pred] if wanted is None or o in wanted}
        out: set[bytes] = set()
        for obj, view in self._parts.get(pred, ()):
            if wanted is None or obj in wanted:
                out.update(line[:line.find(b" ")] for line in bytes(view).split(b"\n") if line)
            elif obj is None:   # the part of every object: each line's own
                ends = tuple(b" " + o + b" ." for o in wanted)
                out.update(line[:line.find(b" ")] for line in bytes(view).split(b"\n") if line.endswith(ends))
        out.update(s for s, o in self._mixed_triples().get(pred, ()) if wanted is None or o in wanted)
        return out

    def map(self, pred: bytes) -> dict[bytes, list[bytes]]:
        """subject → its objects for ``pred``."""
        out = self._maps.get(pred)
        if out is None:
            out = self._maps[pred] = {}
            for s, o in self.pairs(pred):
                if s in out:
                    out[s].append(o)
                else:
                    out[s] = [o]
        return out

    def kept(self, key, make):
        """``make()``, once per ``key`` for these triples (what several rules share)."""
        if key not in self._kept:
            self._kept[key] = make()
        return self._kept[key]


_DATE = re.compile(rb'"\d{4}-\d{2}-\d{2}"\^\^<http://www\.w3\.org/2001/XMLSchema#date>')


class Less:
    """``a < b`` as SPARQL says it for two terms: True, False or None (an error, which a
    FILTER treats as false and ``!`` keeps an error)."""

    def __init__(self):
        self._plain: dict[bytes, bool] = {}
        self._asked: dict[tuple[bytes, bytes], bool | None] = {}

    def _plain_date(self, t: bytes) -> bool:
        ok = self._plain.get(t)
        if ok is None:
            ok = False
            if _DATE.fullmatch(t):
                import datetime
                try:
                    datetime.date.fromisoformat(t[1:11].decode("ascii"))
                    ok = True
                except ValueError:
                    pass
            self._plain[t] = ok
        return ok

    def __call__(self, a: bytes, b: bytes) -> bool | None:
        if self._plain_date(a) and self._plain_date(b):
            return a < b   # same length and datatype: the bytes order is the dates' order
        if not (a.startswith(b'"') and b.startswith(b'"')):
            return None    # an IRI or a blank node has no order
        key = (a, b)
        if key not in self._asked:
            q = "SELECT ?r WHERE { VALUES (?a ?b) { (%s %s) } BIND((?a < ?b) AS ?r) }" % (
                a.decode("utf-8"), b.decode("utf-8"))
            try:
                rows = list(ox.Store().query(q))
                r = rows[0]["r"] if rows else None
                self._asked[key] = None if r is None else r.value == "true"
            except SyntaxError:
                self._asked[key] = None
        return self._asked[key]


def _targets(data: Triples, classes: list[str]) -> set[bytes]:
    """The focus nodes of a shape whose targets are ``classes`` (IRIs): ``?this a ?c``."""
    return data.kept(("targets", tuple(classes)), lambda: data.subjects(TYPE, [_t(c) for c in classes]))


def _hard(data: Triples, classes: list[str]) -> list[tuple[bytes, bytes]]:
    """(this, value) of the hard dependencies of the targets, the UNION the shapes share:
    ``this kg:qualifiedDependency ?q . ?q kg:dependencyOn ?value`` where ``?q`` has no
    ``kg:strength kgid:styrke-myk``, or ``this kg:dependsOn ?value`` with no qualified
    dependency of ``this`` on the same ``?value`` (of any strength)."""
    return data.kept(("hard", tuple(classes)), lambda: _hard_pairs(data, _targets(data, classes)))


def _hard_pairs(data: Triples, targets: set[bytes]) -> list[tuple[bytes, bytes]]:
    on = data.map(DEPENDENCY_ON)
    soft = {s for s, o in data.pairs(STRENGTH) if o == SOFT}
    out: set[tuple[bytes, bytes]] = set()
    qualified: set[tuple[bytes, bytes]] = set()
    for this, q in data.pairs(QUALIFIED):
        if this in targets:
            for v in on.get(q, ()):
                qualified.add((this, v))
                if q not in soft:
                    out.add((this, v))
    for this, v in data.pairs(DEPENDS_ON):
        if this in targets and (this, v) not in qualified:
            out.add((this, v))
    return sorted(out)


def _chain(data: Triples, *preds: bytes | tuple[bytes, ...]) -> Callable[[bytes], list[bytes]]:
    """node → the nodes its path ``preds`` reaches (a step may be a tuple: alternatives),
    as the SPARQL sequence path gives them (each end once per way to it; kept in a dict)."""
    maps = [[data.map(p) for p in (step if isinstance(step, tuple) else (step,))] for step in preds]
    memo: dict[bytes, list[bytes]] = {}

    def reach(node: bytes) -> list[bytes]:
        got = memo.get(node)
        if got is None:
            at = [node]
            for step in maps:
                at = [o for n in at for m in step for o in m.get(n, ())]
            memo[node] = got = at
        return got
    return reach


def _having(data: Triples, *preds: bytes | tuple[bytes, ...], into: set[bytes] | None = None) -> set[bytes]:
    """The nodes from which the path ``preds`` (a step may be a tuple: alternatives)
    reaches a node of ``into`` (None: any node), walked backwards one step at a time."""
    *path, last = [step if isinstance(step, tuple) else (step,) for step in preds]
    if into is None:
        at = set().union(*(data.subjects(p) for p in last))
    else:
        at = {s for p in last for s, o in data.pairs(p) if o in into}
    for step in reversed(path):
        at = {s for p in step for s, o in data.pairs(p) if o in at}
    return at


def _in_state(data: Triples, states: set[bytes]) -> set[bytes]:
    """The nodes with a ``kg:status`` or ``kg:phase`` among ``states``."""
    return data.kept(("state", frozenset(states)), lambda: _having(data, (STATUS, PHASE), into=states))


def dependency_order(data: Triples, classes: list[str]) -> list[Row]:
    """kgsh:dependency-order: a hard dependency whose dependent's latest start
    (``kg:period/time:hasBeginning/kg:latest``) is before the prerequisite's earliest end
    (``kg:period/time:hasEnd/kg:earliest``), for some pair of them."""
    less = Less()
    start = _chain(data, PERIOD, BEGINNING, LATEST)
    end = _chain(data, PERIOD, END, EARLIEST)
    return [(this, v, DEPENDS_ON) for this, v in _hard(data, classes)
            if any(less(sl, ve) is True for sl in start(this) for ve in end(v))]


def dependency_order_risk(data: Triples, classes: list[str]) -> list[Row]:
    """kgsh:dependency-order-risk: a hard dependency whose dependent's latest start is
    before the prerequisite's latest end (``?sl < ?vl``) through some end ``?e`` that has no
    earliest date, or one (``?ve``) with ``?sl < ?ve`` false: not true, and not an error,
    which ``FILTER(!(BOUND(?ve) && ?sl < ?ve))`` drops as well."""
    less = Less()
    start = _chain(data, PERIOD, BEGINNING, LATEST)
    ends = _chain(data, PERIOD, END)
    latest, earliest = data.map(LATEST), data.map(EARLIEST)

    def at_risk(sl: bytes, e: bytes) -> bool:
        return any(less(sl, vl) is True for vl in latest.get(e, ())) and (
            e not in earliest or any(less(sl, ve) is False for ve in earliest[e]))
    return [(this, v, DEPENDS_ON) for this, v in _hard(data, classes)
            if any(at_risk(sl, e) for sl in start(this) for e in ends(v))]


def dependency_undated(data: Triples, classes: list[str]) -> list[Row]:
    """kgsh:dependency-undated: an established or ongoing dependent (``kg:status`` or
    ``kg:phase``) hard-depends on a ``kg:Initiative`` (that class itself) that is planned
    and has no ``kg:period/(time:hasBeginning|time:hasEnd)/(kg:earliest|kg:latest)``."""
    under_way, planned = _in_state(data, UNDER_WAY), _in_state(data, PLANNED)
    dated = _having(data, PERIOD, (BEGINNING, END), (EARLIEST, LATEST))
    initiatives = data.kept(("targets", (KG + "Initiative",)), lambda: data.subjects(TYPE, [INITIATIVE]))
    return [(this, v, DEPENDS_ON) for this, v in _hard(data, classes)
            if v in initiatives and this in under_way and v in planned and v not in dated]


def dependency_dangling(data: Triples, classes: list[str]) -> list[Row]:
    """kgsh:dependency-dangling: what a target depends on (``kg:dependsOn`` or
    ``kg:qualifiedDependency/kg:dependencyOn``, any strength) that has no type at all."""
    targets = _targets(data, classes)
    typed = data.subjects(TYPE)
    on = data.map(DEPENDENCY_ON)
    found = {(this, v) for this, v in data.pairs(DEPENDS_ON) if this in targets and v not in typed}
    found |= {(this, v) for this, q in data.pairs(QUALIFIED) if this in targets
              for v in on.get(q, ()) if v not in typed}
    return [(this, v, DEPENDS_ON) for this, v in sorted(found)]


def dependency_cycle(data: Triples, classes: list[str]) -> list[Row]:
    """kgsh:dependency-cycle: a target on a loop of ``kg:dependsOn`` or
    ``kg:qualifiedDependency/kg:dependencyOn`` edges (itself included): the strongly
    connected components of those edges, linear in their number, where the SPARQL form's
    ``(…)+`` walks a whole chain once per initiative."""
    on = data.map(DEPENDENCY_ON)
    edges = list(data.pairs(DEPENDS_ON))
    edges += [(a, b) for a, q in data.pairs(QUALIFIED) for b in on.get(q, ())]
    looped = dependency_cycles(edges)
    targets = _targets(data, classes)
    return [(this, None, DEPENDS_ON) for this in sorted(looped & targets)]


STARTED_OR_PLANNED = {_t(ID + n) for n in ("status-planlagt", "status-pagaende", "fase-planlagt", "fase-pagaende")}
REQUIRES, IN_FORCE = _t(KG + "requiresInForce"), _t(KG + "entryIntoForce")


def dates_missing(data: Triples, classes: list[str]) -> list[Row]:
    """kgsh:dates-missing: a planned or ongoing target (``kg:status`` or ``kg:phase``) with
    no ``kg:period/time:hasBeginning/(kg:earliest|kg:latest)`` (path time:hasBeginning),
    and the same for its end (time:hasEnd)."""
    checked = _targets(data, classes) & _in_state(data, STARTED_OR_PLANNED)
    out = []
    for step in (BEGINNING, END):
        dated = _having(data, PERIOD, step, (EARLIEST, LATEST))
        out += [(this, None, step) for this in sorted(checked - dated)]
    return out


def dates_reversed(data: Triples, classes: list[str]) -> list[Row]:
    """kgsh:dates-reversed: within one period of a target, an end's latest date
    (``time:hasEnd/kg:latest``, the value) before a beginning's earliest
    (``time:hasBeginning/kg:earliest``)."""
    less = Less()
    periods = data.map(PERIOD)
    begin, end = _chain(data, BEGINNING, EARLIEST), _chain(data, END, LATEST)
    found = {(this, v) for this in _targets(data, classes) for per in periods.get(this, ())
             for v in end(per) if any(less(v, se) is True for se in begin(per))}
    return [(this, v, END) for this, v in sorted(found)]


def regulation_timing(data: Triples, classes: list[str]) -> list[Row]:
    """kgsh:regulation-timing: a target requires (``kg:requiresInForce``) a regulation
    whose earliest entry into force (``kg:entryIntoForce/kg:earliest``) is after the
    target's latest start (``kg:period/time:hasBeginning/kg:latest``)."""
    less = Less()
    targets = _targets(data, classes)
    start = _chain(data, PERIOD, BEGINNING, LATEST)
    in_force = _chain(data, IN_FORCE, EARLIEST)
    found = {(this, v) for this, v in data.pairs(REQUIRES) if this in targets
             and any(less(sl, xe) is True for sl in start(this) for xe in in_force(v))}
    return [(this, v, REQUIRES) for this, v in sorted(found)]


LABEL = b"<http://www.w3.org/2004/02/skos/core#prefLabel>"
def _lang(term: bytes) -> bytes | None:
    """``LANG(term)`` in lower case, for ``LANGMATCHES`` with a plain range: None for an IRI
    (an error) or a literal without a tag (""), which match no range. A literal's lexical
    form writes its quotes as \\", so the last quote closes it; a direction ("--ltr") is no
    part of the language."""
    if not term.startswith(b'"'):
        return None
    rest = term[term.rfind(b'"') + 1:]
    return rest[1:].split(b"--", 1)[0].lower() if rest.startswith(b"@") else None


def label_missing(data: Triples, classes: list[str]) -> list[Row]:
    """kgsh:label-missing: a target without a ``skos:prefLabel`` in nb (``LANGMATCHES``:
    a tag "nb" or "nb-…", in any case), and the same for en; the value is the language."""
    has = {b"nb": set(), b"en": set()}
    for s, o in data.pairs(LABEL):
        tag = _lang(o)
        if tag is not None:
            for lang, into in has.items():
                if tag == lang or tag.startswith(lang + b"-"):
                    into.add(s)
    targets = _targets(data, classes)
    return [(this, b'"%s"' % lang, LABEL) for this in sorted(targets)
            for lang in (b"nb", b"en") if this not in has[lang]]


def missing(pred: bytes, inverse: bool) -> Callable[[Triples, list[str]], list[Row]]:
    """A property shape with ``sh:minCount 1`` on ``pred`` (or its inverse): the targets
    that are no subject (no object) of a ``pred`` triple."""
    def rule(data: Triples, classes: list[str]) -> list[Row]:
        have = {o for _, o in data.pairs(pred)} if inverse else data.subjects(pred)
        return [(this, None, None) for this in sorted(_targets(data, classes) - have)]
    return rule


SHAPES_NS = "https://w3id.org/kommune-ki/shapes#"
RULES: dict[str, Callable[[Triples, list[str]], list[Row]]] = {
    SHAPES_NS + "dates-missing": dates_missing,
    SHAPES_NS + "dates-reversed": dates_reversed,
    SHAPES_NS + "regulation-timing": regulation_timing,
    SHAPES_NS + "dependency-order": dependency_order,
    SHAPES_NS + "dependency-order-risk": dependency_order_risk,
    SHAPES_NS + "dependency-undated": dependency_undated,
    SHAPES_NS + "dependency-dangling": dependency_dangling,
    SHAPES_NS + "dependency-cycle": dependency_cycle,
    SHAPES_NS + "label-missing": label_missing,
}
_MIN_ONE = re.compile(r"SELECT DISTINCT \?this WHERE \{ (.*) FILTER NOT EXISTS \{ \?this (\^?)(<[^<>\s]+>) \?kgV \} \}")


def rule_for(shape, target_block: str):
    """The rule for ``shape`` (compiled; ``target_block``: its targets as the compiler
    writes them), or None: one of ``RULES`` by its IRI, or any property shape whose one
    query is the compiler's ``sh:minCount 1`` form over those targets."""
    if len(shape.queries) != 1:
        return None
    if str(shape.node) in RULES:
        return RULES[str(shape.node)]
    m = _MIN_ONE.fullmatch(shape.queries[0][0])
    if m and m[1] == target_block:
        return missing(m[3].encode("utf-8"), bool(m[2]))
    return None


def terms(raw: Iterable[bytes]) -> dict[bytes, object]:
    """Raw N-Triples terms → pyoxigraph terms, read by Oxigraph's own parser."""
    raw = sorted(set(raw))
    if not raw:
        return {}
    doc = b"".join(b"<urn:kg:t> <urn:kg:v> " + t + b" .\n" for t in raw)
    return dict(zip(raw, (t.object for t in ox.parse(doc, format=ox.RdfFormat.N_TRIPLES))))
