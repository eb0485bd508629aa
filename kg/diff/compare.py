"""What changed between two versions of the roadmap.

Either side is a snapshot (``kg snapshot NAME``), a workspace directory, or an RDF file
(Turtle, TriG, N-Triples, N-Quads, JSON-LD, RDF/XML). Files and snapshots are loaded into
an in-memory Oxigraph store wrapped as a read-only :class:`~kg.store.workspace.Workspace`, so
the roadmap is read through :mod:`kg.roadmap.model` exactly as every other command reads it.

The comparison is by meaning:

* initiatives are compared field by field (time, phase, status, owner, links,
  dependencies, labels), so blank-node identities, the order of triples, which source a
  fact sits in and how a date is spelt ("2026-Q3" or "2026-07-01/2026-09-30") do not count;
* every other statement is compared as a set of triples whose blank nodes are replaced
  by a signature of their content, so a re-parsed file with new blank-node ids is equal;
* provenance timestamps (``dct:modified``, ``dct:created``, … on source and catalog
  nodes) are ignored, and the workspace's own catalog graph is never compared.

A move in time compares the earliest and the latest end of each window separately: a
start moving from "2026-Q3" to "2026-Q3/2026-Q4" keeps its earliest date and moves its
latest date by 92 days (3 months).

Example::

    from kg.diff.compare import open_side, diff
    with open_side("deck-mars", data="kg-data") as old, open_side("@", data="kg-data") as new:
        d = diff(old, new, lang="en")
    d.equal, d.counts()
"""
from __future__ import annotations

import calendar
import hashlib
import os
from dataclasses import dataclass, field as _f
from datetime import date
from pathlib import Path
from typing import Any, Iterable

import pyoxigraph as ox

from kg.store import snapshots
from kg.errors import InputError, NotFound
from kg.ids import iri as slug_iri, labels_for, slug
from kg.roadmap.model import InitiativeRec, initiatives, regulations
from kg.roadmap.timewin import When
from kg.vocab import ONT, SOURCE
from kg.store.workspace import CATALOG, RDF_FORMATS, WORKSPACE_FILE, Workspace, default_path

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
SKOS_PREF = "http://www.w3.org/2004/02/skos/core#prefLabel"
DCT = "http://purl.org/dc/terms/"
PROV = "http://www.w3.org/ns/prov#"
DCAT = "http://www.w3.org/ns/dcat#"
TIME = "http://www.w3.org/2006/time#"

CURRENT = ("@", "@workspace")

# provenance timestamps: never a change of meaning when they sit on a source/catalog node
TIMESTAMP_PREDICATES = frozenset({
    DCT + "modified", DCT + "created", DCT + "issued", DCT + "date",
    PROV + "generatedAtTime", PROV + "startedAtTime", PROV + "endedAtTime",
    ONT + "toolVersion",
})
SOURCE_CLASSES = frozenset({ONT + "Source", DCAT + "Dataset", DCAT + "Distribution", DCAT + "Catalog",
                            DCAT + "CatalogRecord", "http://rdfs.org/ns/void#Dataset"})

# the links of an initiative the diff compares as sets: field -> kg.roadmap.model attribute
LINK_FIELDS = ("participants", "challenges", "principles", "regulations", "requires_in_force",
               "services", "capabilities", "sdgs")
FIELD_LABELS = {
    "owners": ("eier", "owner"),
    "participants": ("deltakere (kommuner)", "participants (municipalities)"),
    "challenges": ("utfordringer", "challenges"),
    "principles": ("prinsipper", "principles"),
    "regulations": ("regelverk", "regulations"),
    "requires_in_force": ("krever i kraft", "requires in force"),
    "services": ("tjenester", "services"),
    "capabilities": ("kapabiliteter", "capabilities"),
    "sdgs": ("bærekraftsmål", "SDG targets"),
    "dependencies": ("avhengigheter", "dependencies"),
    "start": ("start", "start"),
    "end": ("slutt", "end"),
    "phase": ("fase", "phase"),
    "status": ("status", "status"),
    "parent": ("del av", "part of"),
    "entry": ("ikrafttredelse", "entry into force"),
}
# predicates of an initiative that the field-by-field comparison covers
_LINK_PREDS = {"owners": "owner", "participants": "participant", "challenges": "addresses",
               "principles": "follows", "regulations": "subjectTo", "requires_in_force": "requiresInForce",
               "services": "delivers", "capabilities": "builds", "sdgs": "contributesTo"}
COVERED_PREDICATES = frozenset({SKOS_PREF, ONT + "phase", ONT + "status", ONT + "partOf", ONT + "period",
                                ONT + "dependsOn", ONT + "qualifiedDependency"}
                               | {ONT + p for p in _LINK_PREDS.values()})

# the order of sections in every report
KINDS = ("added", "removed", "moved", "phase", "status", "owner", "links", "dependency",
         "renamed", "parent", "regulation-moved", "gap-appeared", "gap-closed",
         "source-added", "source-removed", "source-changed")


# ---------------------------------------------------------------------- the two sides
@dataclass
class Side:
    """One version of the roadmap, open for reading. Use as a context manager."""

    spec: str
    kind: str  # snapshot | workspace | file
    name: str
    ws: Workspace
    created: str = ""
    message: str = ""
    _owned: bool = True

    def describe(self) -> dict:
        return {"spec": self.spec, "kind": self.kind, "name": self.name,
                "created": self.created, "message": self.message}

    def close(self) -> None:
        if self._owned and self.ws is not None:
            self.ws.close()
        self.ws = None

    def __enter__(self) -> "Side":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def memory_workspace(name: str = "memory") -> Workspace:
    """An empty in-memory store wrapped as a read-only Workspace (no lock, no disk)."""
    return Workspace(Path(name), ox.Store(), None, False)


def _default_graph_name(label: str) -> ox.NamedNode:
    safe = "".join(c if c.isalnum() or c in "-._" else "-" for c in label)[:80] or "file"
    return ox.NamedNode(str(SOURCE[safe]))


def load_rdf(path: str | os.PathLike, fmt: str | None = None, *, name: str | None = None) -> Workspace:
    """An RDF file (ttl, trig, nt, nq, jsonld, rdf) as an in-memory read-only Workspace.

    Triples outside any named graph go into a graph named after the file, so that reading
    by source (``GRAPH ?g``) works as it does in a workspace. Syntax errors name the file.
    """
    p = Path(path)
    f = RDF_FORMATS.get((fmt or p.suffix.lstrip(".")).lower())
    if f is None:
        raise InputError(
            f"kg cannot read '{p.suffix or p.name}' files as RDF; use .ttl, .trig, .nt, .nq, .jsonld or .rdf.",
            f"kg kan ikke lese «{p.suffix or p.name}»-filer som RDF; bruk .ttl, .trig, .nt, .nq, .jsonld eller .rdf.",
            file=str(p))
    ws = memory_workspace(name or p.name)
    g = _default_graph_name(name or p.stem)
    try:
        if f in (ox.RdfFormat.TRIG, ox.RdfFormat.N_QUADS):
            ws.store.bulk_load(path=str(p), format=f)
            stray = list(ws.store.quads_for_pattern(None, None, None, ox.DefaultGraph()))
            if stray:
                ws.store.extend(ox.Quad(q.subject, q.predicate, q.object, g) for q in stray)
                for q in stray:
                    ws.store.remove(q)
        else:
            ws.store.bulk_load(path=str(p), format=f, to_graph=g)
    except SyntaxError as e:
        raise InputError(f"RDF syntax error: {e}", f"syntaksfeil i RDF: {e}", file=str(p)) from None
    except OSError as e:
        raise InputError(f"cannot read the file: {e.strerror or e}",
                         f"kan ikke lese filen: {e.strerror or e}", file=str(p)) from None
    return ws


def load_text(text: str, fmt: str = "ttl", *, name: str = "text") -> Workspace:
    """RDF text (Turtle by default) as an in-memory read-only Workspace (for tests and tools)."""
    ws = memory_workspace(name)
    f = RDF_FORMATS[fmt]
    kw = {} if f in (ox.RdfFormat.TRIG, ox.RdfFormat.N_QUADS) else {"to_graph": _default_graph_name(name)}
    try:
        ws.store.load(text.encode("utf-8"), format=f, **kw)
    except SyntaxError as e:
        raise InputError(f"RDF syntax error: {e}", f"syntaksfeil i RDF: {e}", file=name) from None
    return ws


def open_side(spec: str, *, data: str | os.PathLike | None = None) -> Side:
    """Open one version of the roadmap named by ``spec``:

    * ``@`` — the current workspace (``--data`` / ``KG_DATA`` / ``./kg-data``);
    * an existing file — an RDF file, by its suffix;
    * an existing directory — a kg workspace;
    * ``snapshot:NAME`` or just ``NAME`` — a snapshot of the current workspace.
    """
    spec = str(spec).strip()
    if not spec:
        raise InputError("An empty name names no version of the roadmap.",
                         "Et tomt navn peker ikke på noen versjon av veikartet.")
    if spec in CURRENT:
        ws = _in_memory(Workspace.open(data))
        return Side(spec, "workspace", str(ws.path), ws, created=_ws_created(ws.path))
    if not spec.startswith("snapshot:"):
        p = Path(spec)
        if p.is_file():
            return Side(spec, "file", str(p), load_rdf(p))
        if p.is_dir():
            if not (p / WORKSPACE_FILE).is_file():
                raise InputError(
                    "is a directory but not a kg workspace (no kg.json).",
                    "er en mappe, men ikke et kg-arbeidsområde (ingen kg.json).", file=str(p))
            ws = _in_memory(Workspace.open(p))
            return Side(spec, "workspace", str(p), ws, created=_ws_created(p))
    name = spec[len("snapshot:"):] if spec.startswith("snapshot:") else spec
    ws_path = default_path(data)
    if not (ws_path / WORKSPACE_FILE).is_file():
        raise InputError(
            f"'{spec}' is neither a file, a workspace directory, nor a snapshot "
            f"(there is no workspace in {ws_path} to hold snapshots).",
            f"«{spec}» er verken en fil, en arbeidsområde-mappe eller et øyeblikksbilde "
            f"(det finnes ikke noe arbeidsområde i {ws_path} med øyeblikksbilder).",
            hint_en="Give an RDF file, a workspace directory, '@' for the current workspace, or choose the workspace with --data.",
            hint_nb="Oppgi en RDF-fil, en arbeidsområde-mappe, «@» for gjeldende arbeidsområde, eller velg arbeidsområde med --data.")
    try:
        info = snapshots.get(ws_path, name)
    except NotFound as e:
        # for diff an unknown version is a usage error (exit 2): 1 means "different"
        raise InputError(
            f"'{spec}' is neither a file, a workspace directory, nor a snapshot of {ws_path}."
            + (f"\nSnapshots: {', '.join(e.suggestions)}" if e.suggestions else ""),
            f"«{spec}» er verken en fil, en arbeidsområde-mappe eller et øyeblikksbilde i {ws_path}."
            + (f"\nØyeblikksbilder: {', '.join(e.suggestions)}" if e.suggestions else ""),
            hint_en="'kg snapshot --list' shows the snapshots; '@' is the current workspace.",
            hint_nb="«kg snapshot --list» viser øyeblikksbildene; «@» er gjeldende arbeidsområde.") from None
    ws = open_snapshot(ws_path, info)
    if info.is_store:   # its checkpoint is open under the lock: the sidecar of that version
        try:
            info = snapshots.current(ws_path, info)
        except BaseException:
            ws.close()
            raise
    return Side(spec, "snapshot", name, ws, created=info.created, message=info.message)


def open_snapshot(ws_path, info: "snapshots.SnapshotInfo") -> Workspace:
    """The version snapshot ``info`` holds, read-only: its store checkpoint read where it
    lies (:func:`kg.store.snapshots.open_store`), or a TriG snapshot (made by kg before
    checkpoints) loaded into memory."""
    if info.is_store:
        return snapshots.open_store(ws_path, info)
    return load_rdf(snapshots.trig_file(ws_path, info.name), name=f"snapshot-{info.name}")


def _in_memory(ws: Workspace) -> Workspace:
    """A copy of an on-disk workspace in memory; the workspace is closed (and unlocked) at once.

    Reading every term of an on-disk store costs a lookup per term, so the several passes
    of a diff (and the two runs of kg check) are much faster on one in-memory copy; the
    price is memory: about the size of the store."""
    try:
        mem = memory_workspace(str(ws.path))
        mem.path = ws.path
        mem.store.bulk_extend(ws.store)
        return mem
    finally:
        ws.close()


def _ws_created(path) -> str:
    try:
        import json
        return json.loads((Path(path) / WORKSPACE_FILE).read_text(encoding="utf-8")).get("created", "")
    except (OSError, ValueError):
        return ""


def wrap(ws, name: str = "", kind: str = "workspace") -> Side:
    """An already open workspace (or in-memory view) as a Side that close() leaves open."""
    return Side(name or str(getattr(ws, "path", "")), kind, name or str(getattr(ws, "path", "")), ws, _owned=False)


# ---------------------------------------------------------------------- the result
@dataclass
class Item:
    """A node a change refers to: IRI, short id, label in the report's language."""

    iri: str
    id: str
    label: str
    note: str = ""

    def as_dict(self) -> dict:
        d = {"iri": self.iri, "id": self.id, "label": self.label}
        if self.note:
            d["note"] = self.note
        return d


@dataclass
class Shift:
    """How far one end of an initiative's time moved; earliest and latest separately.

    ``*_days`` is the difference in days (positive: later); ``*_months`` the difference in
    whole calendar months when both dates fall on the same day of the month (or both on
    a month's last day), else None. A side without a date gives None throughout."""

    old: When | None
    new: When | None
    earliest_days: int | None = None
    latest_days: int | None = None
    earliest_months: int | None = None
    latest_months: int | None = None

    def as_dict(self) -> dict:
        return {"old": when_dict(self.old), "new": when_dict(self.new),
                "earliest_days": self.earliest_days, "latest_days": self.latest_days,
                "earliest_months": self.earliest_months, "latest_months": self.latest_months}


@dataclass
class Change:
    """One change. ``kind`` is one of KINDS; ``field`` says which part changed
    (start/end for moves, the link field for links, the language for a renamed label)."""

    kind: str
    iri: str
    id: str
    label: str
    field: str = ""
    old: Any = None
    new: Any = None
    added: list[Item] = _f(default_factory=list)
    removed: list[Item] = _f(default_factory=list)
    shift: Shift | None = None
    detail: dict = _f(default_factory=dict)

    def as_dict(self) -> dict:
        return {"kind": self.kind, "iri": self.iri, "id": self.id, "label": self.label,
                "field": self.field or None, "old": _plain(self.old), "new": _plain(self.new),
                "added": [i.as_dict() for i in self.added], "removed": [i.as_dict() for i in self.removed],
                "shift": self.shift.as_dict() if self.shift else None, "detail": _plain(self.detail)}


@dataclass
class Statement:
    """A statement outside the roadmap fields that is only in one version."""

    subject: str
    predicate: str
    object: str
    subject_label: str = ""

    def as_dict(self) -> dict:
        return {"subject": self.subject, "predicate": self.predicate, "object": self.object,
                "subject_label": self.subject_label}


@dataclass
class RoadmapDiff:
    """The difference between two versions. ``equal`` is True when nothing of meaning differs."""

    old: dict
    new: dict
    lang: str
    changes: list[Change] = _f(default_factory=list)
    other_added: list[Statement] = _f(default_factory=list)
    other_removed: list[Statement] = _f(default_factory=list)
    other_added_count: int = 0
    other_removed_count: int = 0
    gaps_compared: bool = False
    notes: list[str] = _f(default_factory=list)
    # "roadmap": initiatives, dates, owners, links, gaps and sources only; "all": also every
    # other statement (kg diff --all)
    scope: str = "all"
    # gaps of initiatives (or other nodes) that are gone: not "closed", they left with them
    gaps_gone: int = 0

    @property
    def equal(self) -> bool:
        return not self.changes and not self.other_added_count and not self.other_removed_count

    def of_kind(self, kind: str) -> list[Change]:
        return [c for c in self.changes if c.kind == kind]

    def counts(self) -> dict[str, int]:
        out = {k: len(self.of_kind(k)) for k in KINDS}
        out["other-added"] = self.other_added_count
        out["other-removed"] = self.other_removed_count
        return out

    def as_dict(self) -> dict:
        return {"equal": self.equal, "old": self.old, "new": self.new, "lang": self.lang,
                "counts": self.counts(), "gaps_compared": self.gaps_compared,
                "scope": self.scope, "statements_compared": self.scope == "all",
                "gaps_gone_with_node": self.gaps_gone,
                "changes": [c.as_dict() for c in self.changes],
                "other": {"added": [s.as_dict() for s in self.other_added],
                          "removed": [s.as_dict() for s in self.other_removed],
                          "added_count": self.other_added_count,
                          "removed_count": self.other_removed_count},
                "notes": self.notes}


def when_dict(w: When | None) -> dict | None:
    if w is None:
        return None
    return {"earliest": w.earliest.isoformat() if w.earliest else None,
            "latest": w.latest.isoformat() if w.latest else None, "text": w.text()}


def _plain(v):
    if isinstance(v, When):
        return when_dict(v)
    if isinstance(v, (Item, Shift, Change, Statement)):
        return v.as_dict()
    if isinstance(v, dict):
        return {k: _plain(x) for k, x in v.items()}
    if isinstance(v, (list, tuple)):
        return [_plain(x) for x in v]
    return v


# ---------------------------------------------------------------------- time arithmetic
def _last_day(d: date) -> bool:
    return d.day == calendar.monthrange(d.year, d.month)[1]


def months_between(a: date | None, b: date | None) -> int | None:
    """Whole calendar months from a to b, when the move is a whole number of months."""
    if a is None or b is None:
        return None
    if a.day == b.day or (_last_day(a) and _last_day(b)):
        return (b.year - a.year) * 12 + (b.month - a.month)
    return None


def _days(a: date | None, b: date | None) -> int | None:
    return None if a is None or b is None else (b - a).days


def shift_of(old: When | None, new: When | None) -> Shift | None:
    """The Shift from ``old`` to ``new``, or None when both ends are the same."""
    oe, ol = (old.earliest, old.latest) if old else (None, None)
    ne, nl = (new.earliest, new.latest) if new else (None, None)
    if (oe, ol) == (ne, nl):
        return None
    return Shift(old, new, _days(oe, ne), _days(ol, nl), months_between(oe, ne), months_between(ol, nl))


# ---------------------------------------------------------------------- labels
class _Labels:
    """Labels in one language, from the new version first, then the old, then the id."""

    def __init__(self, views: list, lang: str):
        self.views = [v for v in views if v is not None]
        self.lang = lang
        self.cache: dict[str, str] = {}

    def prime(self, iris: Iterable[str]) -> None:
        todo = [i for i in dict.fromkeys(iris) if i not in self.cache]
        for v in self.views:
            if not todo:
                break
            if callable(v):  # a view made only when asked: for these IRIs (a snapshot's TriG)
                v = v(todo)
            got = labels_for(v, todo, self.lang)
            rest = []
            for i in todo:
                lab = got.get(i)
                if lab and lab != slug(i):
                    self.cache[i] = lab
                else:
                    rest.append(i)
            todo = rest
        for i in todo:
            self.cache[i] = slug(i)

    def item(self, iri: str, note: str = "") -> Item:
        if iri not in self.cache:
            self.prime([iri])
        return Item(iri, slug(iri), self.cache[iri], note)


# ---------------------------------------------------------------------- the comparison
def diff(old, new, *, lang: str = "nb", gaps: tuple[list[dict], list[dict]] | None = None,
         statements: bool = True, max_statements: int = 500, label_views: Iterable = ()) -> RoadmapDiff:
    """Compare two versions of the roadmap.

    ``old`` and ``new`` are :class:`Side` objects or anything with ``.select()`` (an open
    Workspace, an in-memory view). ``gaps``, when given, is ``(old results, new results)``
    of ``kg check`` as dicts in the JSON contract (code, focus, path, value, message …).
    ``statements=False`` leaves out the comparison of statements outside the roadmap;
    at most ``max_statements`` of them are listed per direction (all are counted).
    ``label_views``: more workspaces to take labels from when neither version has one
    (a bare Turtle file rarely carries the labels of the municipalities it names).
    """
    old_side = old if isinstance(old, Side) else wrap(old, "old")
    new_side = new if isinstance(new, Side) else wrap(new, "new")
    ow, nw = old_side.ws, new_side.ws
    a, b = initiatives(ow), initiatives(nw)
    labels = _Labels([nw, ow, *label_views], lang)
    result = RoadmapDiff(old=old_side.describe(), new=new_side.describe(), lang=lang,
                         scope="all" if statements else "roadmap")
    result.changes = compare_initiatives(a, b, labels)
    regs = (regulations(ow), regulations(nw))
    result.changes += compare_regulations(regs[0], regs[1], labels)
    if gaps is not None:
        add_gaps(result, gaps, a, b, labels, lambda iri: _has_node(nw, iri))
    if statements:
        _compare_statements(ow, nw, a, b, regs, labels, result, max_statements)
    elif "file" not in (old_side.kind, new_side.kind):
        result.changes += _compare_source_sets(ow, nw, lang)
    sort_changes(result)
    return result


def add_gaps(result: "RoadmapDiff", gaps: tuple[list[dict], list[dict]], a: dict, b: dict, labels: "_Labels",
             has_node) -> None:
    """The gaps that appeared and closed, into ``result``; ``a``/``b`` the initiatives of
    each version, ``has_node(iri)`` whether the new version still has that node."""
    gap_changes = compare_gaps(gaps[0], gaps[1], labels)
    # a removed initiative's gaps did not close: they left with it (and so did the
    # gaps of any other node the new version no longer has)
    gone = [c for c in gap_changes if c.kind == "gap-closed"
            and (c.iri in a and c.iri not in b or (c.iri.startswith(("http://", "https://"))
                                                   and not has_node(c.iri)))]
    result.gaps_gone = len(gone)
    result.changes += [c for c in gap_changes if not any(c is g for g in gone)]
    result.gaps_compared = True


def sort_changes(result: "RoadmapDiff") -> None:
    """The one order of every report: by kind, then label, id, and start before end."""
    order = {"start": "0", "end": "1"}
    result.changes.sort(key=lambda c: (KINDS.index(c.kind), c.label.casefold(), c.id, order.get(c.field, c.field)))


def _has_node(ws, iri: str) -> bool:
    """Whether ``iri`` is the subject of any statement in ``ws``."""
    node = ox.NamedNode(iri)
    return next(iter(ws.store.quads_for_pattern(node, None, None, None)), None) is not None


def _compare_source_sets(ow, nw, lang: str) -> list[Change]:
    """Sources (named graphs) that came or went, without comparing what they say (that is
    --all). A bare RDF file's graph is named after the file, so files are not compared."""
    def names(ws):
        cat = str(CATALOG)
        return {g.value for g in ws.store.named_graphs() if isinstance(g, ox.NamedNode) and g.value != cat}
    return source_set_changes(names(ow), names(nw), lambda iri, new: _source_title(nw if new else ow, iri, lang))


def source_set_changes(so: set[str], sn: set[str], title) -> list[Change]:
    """Sources (graph IRIs) only in the new set ``sn`` or only in the old ``so``;
    ``title(iri, in_new)`` names one ("" when it has no title)."""
    out = []
    for iri in sorted(so ^ sn):
        kind = "source-added" if iri in sn else "source-removed"
        out.append(Change(kind, iri, slug(iri), title(iri, iri in sn) or slug(iri)))
    return out


def _name(rec: InitiativeRec, lang: str) -> str:
    return rec.label(lang)


def compare_initiatives(a: dict[str, InitiativeRec], b: dict[str, InitiativeRec], labels: _Labels) -> list[Change]:
    """Field-by-field changes between two ``kg.roadmap.model.initiatives()`` readings."""
    lang = labels.lang
    both = set(a) & set(b)
    # equal records are surely the same (a cheap test); others are compared by what counts
    same = {i for i in both if a[i] == b[i] or _key(a[i]) == _key(b[i])}
    # labels only for what the report will name
    iris = set()
    for rec in [r for i, r in a.items() if i not in same] + [r for i, r in b.items() if i not in same]:
        iris.update(rec.owners)
        for k in LINK_FIELDS:
            iris.update(getattr(rec, k))
        iris.update(d.target for d in rec.deps)
        iris.update(slug_iri(x) for x in (rec.phase, rec.status) if x)
        if rec.parent:
            iris.add(rec.parent)
    labels.prime(iris)
    out: list[Change] = []
    for i in sorted(set(b) - set(a)):
        r = b[i]
        out.append(Change("added", i, r.id, _name(r, lang), new=_summary(r, labels)))
    for i in sorted(set(a) - set(b)):
        r = a[i]
        out.append(Change("removed", i, r.id, _name(r, lang), old=_summary(r, labels)))
    for i in sorted(both - same):
        o, n = a[i], b[i]
        name = _name(n, lang)

        def ch(kind, **kw):
            out.append(Change(kind, i, n.id, name, **kw))

        for end in ("start", "end"):
            s = shift_of(getattr(o, end), getattr(n, end))
            if s:
                ch("moved", field=end, old=getattr(o, end), new=getattr(n, end), shift=s)
        for f in ("phase", "status"):
            ov, nv = getattr(o, f), getattr(n, f)
            if ov != nv:
                ch(f, field=f, old=labels.item(slug_iri(ov)) if ov else None,
                   new=labels.item(slug_iri(nv)) if nv else None)
        if set(o.owners) != set(n.owners):
            ch("owner", field="owners", old=[labels.item(x) for x in o.owners],
               new=[labels.item(x) for x in n.owners],
               added=[labels.item(x) for x in sorted(set(n.owners) - set(o.owners))],
               removed=[labels.item(x) for x in sorted(set(o.owners) - set(n.owners))])
        od, nd = {d.target: d for d in o.deps}, {d.target: d for d in n.deps}
        if set(od) != set(nd):
            ch("links", field="dependencies",
               added=[labels.item(t, f"{nd[t].type}, {nd[t].strength}") for t in sorted(set(nd) - set(od))],
               removed=[labels.item(t, f"{od[t].type}, {od[t].strength}") for t in sorted(set(od) - set(nd))])
        for t in sorted(set(od) & set(nd)):
            if (od[t].type, od[t].strength) != (nd[t].type, nd[t].strength):
                ch("dependency", field="dependencies", old={"type": od[t].type, "strength": od[t].strength},
                   new={"type": nd[t].type, "strength": nd[t].strength}, added=[labels.item(t)])
        for f in LINK_FIELDS:
            ov, nv = set(getattr(o, f)), set(getattr(n, f))
            if ov != nv:
                ch("links", field=f, added=[labels.item(x) for x in sorted(nv - ov)],
                   removed=[labels.item(x) for x in sorted(ov - nv)])
        for lg in sorted(set(o.labels) | set(n.labels)):
            if o.labels.get(lg) != n.labels.get(lg):
                ch("renamed", field=lg or "-", old=o.labels.get(lg), new=n.labels.get(lg))
        if o.parent != n.parent:
            ch("parent", field="parent", old=labels.item(o.parent) if o.parent else None,
               new=labels.item(n.parent) if n.parent else None)
    return out


def _ends(w: When | None) -> tuple:
    return (w.earliest, w.latest) if w is not None else (None, None)


def _key(r: InitiativeRec) -> tuple:
    """Everything compare_initiatives compares, so unchanged initiatives are skipped fast."""
    return (_ends(r.start), _ends(r.end), r.phase, r.status, frozenset(r.owners),
            frozenset((d.target, d.type, d.strength) for d in r.deps),
            tuple(frozenset(getattr(r, f)) for f in LINK_FIELDS),
            tuple(sorted(r.labels.items())), r.parent)


def _summary(r: InitiativeRec, labels: _Labels) -> dict:
    return {"start": r.start, "end": r.end,
            "phase": labels.item(slug_iri(r.phase)) if r.phase else None,
            "status": labels.item(slug_iri(r.status)) if r.status else None,
            "owners": [labels.item(x) for x in r.owners],
            "participants": [labels.item(x) for x in r.participants]}


def compare_regulations(a: dict, b: dict, labels: _Labels) -> list[Change]:
    """A regulation whose entry into force moved (KI-loven late is a roadmap change)."""
    out = []
    for i in sorted(set(a) & set(b)):
        s = shift_of(a[i].entry, b[i].entry)
        if s:
            out.append(Change("regulation-moved", i, b[i].id, b[i].label(labels.lang), field="entry",
                              old=a[i].entry, new=b[i].entry, shift=s))
    return out


def gap_key(r: dict) -> tuple:
    """What identifies a gap across versions: the shape's code, the node, the path, the value."""
    return (r.get("code") or r.get("shape") or "", r.get("focus") or r.get("id") or "",
            r.get("path") or "", "" if r.get("value") is None else str(r.get("value")))


def compare_gaps(old: list[dict], new: list[dict], labels: _Labels) -> list[Change]:
    """Gaps (check results, as dicts) that appeared in ``new`` and that ``new`` closed."""
    ok, nk = {gap_key(r): r for r in old}, {gap_key(r): r for r in new}
    out = []
    for kind, keys, src in (("gap-appeared", set(nk) - set(ok), nk), ("gap-closed", set(ok) - set(nk), ok)):
        for k in sorted(keys):
            r = src[k]
            focus = r.get("focus") or ""
            label = r.get("label") or (labels.item(focus).label if focus.startswith(("http://", "https://")) else focus)
            out.append(Change(kind, focus, r.get("id") or (slug(focus) if focus else ""), label or "",
                              field=r.get("code") or "",
                              detail={"severity": r.get("severity"), "path": r.get("path"),
                                      "value": r.get("value"), "message": r.get("message"),
                                      "source": r.get("source"), "row": r.get("row")}))
    return out


# ---------------------------------------------------------------------- other statements
def _source_nodes(ws) -> set[str]:
    rows = ws.select("SELECT DISTINCT ?s WHERE { ?s a ?c . VALUES ?c { %s } FILTER(isIRI(?s)) }"
                     % " ".join(f"<{c}>" for c in sorted(SOURCE_CLASSES)))
    return {r["s"].value for r in rows}


def _structure_nodes(ws) -> set:
    """Nodes that only carry an initiative's time, its qualified dependencies or a
    regulation's entry into force (compared by the model, so their own statements are not
    compared again). Read by predicate from the store: cheaper than SPARQL paths."""
    st = ws.store

    def objects(pred: str, subjects: set | None = None) -> set:
        return {q.object for q in st.quads_for_pattern(None, ox.NamedNode(pred), None, None)
                if subjects is None or q.subject in subjects}

    periods = objects(ONT + "period")
    instants = objects(TIME + "hasBeginning", periods) | objects(TIME + "hasEnd", periods)
    return periods | instants | objects(ONT + "qualifiedDependency") | objects(ONT + "entryIntoForce")


def _sign_bnodes(props: dict) -> dict:
    """A content signature for each blank node: a hash of its outgoing statements, with
    nested blank nodes signed first (cycles cut), so ids never matter.

    Depth-first with an explicit stack, not recursion: an RDF list of 100,000 items is a
    chain of 100,000 blank nodes (it used to end in RecursionError)."""
    sigs: dict = {}

    def done(parts: list[str]) -> str:
        return "_:" + hashlib.sha1("\n".join(sorted(parts)).encode("utf-8")).hexdigest()[:16]

    for root in list(props):
        if root in sigs:
            continue
        on_path = {root}
        # frame: [node, its statements, next index, parts so far, predicate awaiting a child]
        stack = [[root, list(props.get(root, ())), 0, [], None]]
        while stack:
            frame = stack[-1]
            node, kids, i, parts = frame[0], frame[1], frame[2], frame[3]
            if i < len(kids):
                frame[2] = i + 1
                p, o = kids[i]
                if not isinstance(o, ox.BlankNode):
                    parts.append(f"{p} {o}")
                elif o in sigs:
                    parts.append(f"{p} {sigs[o]}")
                elif o in on_path:
                    parts.append(f"{p} _:cycle")
                else:
                    frame[4] = p
                    on_path.add(o)
                    stack.append([o, list(props.get(o, ())), 0, [], None])
                continue
            sig = sigs[node] = done(parts)
            on_path.discard(node)
            stack.pop()
            if stack:
                parent = stack[-1]
                parent[3].append(f"{parent[4]} {sig}")
    return sigs


_TYPE = ox.NamedNode(RDF_TYPE)
_INITIATIVE = ox.NamedNode(ONT + "Initiative")
_TS_PREDS = frozenset(ox.NamedNode(p) for p in TIMESTAMP_PREDICATES)


def _graphs(ws) -> list:
    cat = ox.NamedNode(str(CATALOG))
    return [ox.DefaultGraph()] + [g for g in ws.store.named_graphs() if g != cat]


def _statement_keys(ws, skip_subjects: set[str], skip_structure: set, covered: dict[str, frozenset],
                    want: set[int] | None = None, collect: list | None = None,
                    per_source: dict | None = None) -> set[int]:
    """Hashes of the comparable statements of ``ws`` (the union of its sources, in one pass).

    ``covered``: per subject IRI, the predicates already compared field by field.
    With ``want``, statements whose hash is in it are appended to ``collect`` as
    (subject, predicate, object, subject text, object text). Statements about a source
    node (its provenance) go to ``per_source`` (source IRI -> {hash: predicate}) instead."""
    skip = {ox.NamedNode(x) for x in skip_subjects} | set(skip_structure)
    as_terms: dict = {}  # the few distinct predicate sets, converted once
    for v in covered.values():
        if id(v) not in as_terms:
            as_terms[id(v)] = frozenset(ox.NamedNode(p) for p in v)
    cov = {ox.NamedNode(k): as_terms[id(v)] for k, v in covered.items()}
    sources = {ox.NamedNode(x) for x in _source_nodes(ws)}
    src_ns = str(SOURCE)
    keys: set[int] = set()
    props: dict = {}
    deferred = []
    for g in _graphs(ws):
        for q in ws.store.quads_for_pattern(None, None, None, g):
            s, p, o = q.subject, q.predicate, q.object
            if s in skip:
                continue
            c = cov.get(s)
            if c is not None and (p in c or (p == _TYPE and o == _INITIATIVE)):
                continue
            is_src = s in sources or (isinstance(s, ox.NamedNode) and s.value.startswith(src_ns))
            if is_src:
                if p not in _TS_PREDS and per_source is not None:
                    per_source.setdefault(s.value, {})[hash((s, p, o))] = p.value
                continue
            sb, ob = isinstance(s, ox.BlankNode), isinstance(o, ox.BlankNode)
            if sb or ob:
                if sb:
                    props.setdefault(s, set()).add((p, o))
                deferred.append((s, p, o))
                continue
            h = hash((s, p, o))
            if want is not None and h in want and h not in keys:
                collect.append((s, p, o, "", ""))
            keys.add(h)
    if deferred:
        sigs = _sign_bnodes(props)
        for s, p, o in deferred:
            ss = sigs.get(s, "_:?") if isinstance(s, ox.BlankNode) else s
            os_ = sigs.get(o, "_:?") if isinstance(o, ox.BlankNode) else o
            h = hash((ss, p, os_))
            if want is not None and h in want and h not in keys:
                collect.append((s, p, o, ss if isinstance(ss, str) else "", os_ if isinstance(os_, str) else ""))
            keys.add(h)
    return keys


def _term_text(t, sig: str) -> str:
    if isinstance(t, ox.NamedNode):
        return slug(t.value)
    if isinstance(t, ox.BlankNode):
        return "[" + sig[2:10] + "]"
    if isinstance(t, ox.Literal):
        if t.language:
            return f'"{t.value}"@{t.language}'
        return f'"{t.value}"'
    return str(t)


def _source_title(ws, iri: str, lang: str) -> str:
    from kg.i18n import best_label
    rows = ws.select("SELECT ?t WHERE { ?s dct:title ?t }", s=iri)
    return best_label({(r["t"].language or ""): r["t"].value for r in rows}, lang, "")


def _compare_sources(ow, nw, so: dict, sn: dict, lang: str = "nb") -> list[Change]:
    """Sources (their provenance nodes) that came, went, or now describe another file."""
    out = []
    for iri in sorted(set(so) | set(sn)):
        a, b = so.get(iri), sn.get(iri)
        if a is not None and b is not None and set(a) == set(b):
            continue
        kind = "source-added" if a is None else "source-removed" if b is None else "source-changed"
        ws = nw if b is not None else ow
        preds = sorted({slug(p) for h, p in (b or {}).items() if a is None or h not in a}
                       | {slug(p) for h, p in (a or {}).items() if b is None or h not in b})
        title = _source_title(ws, iri, lang)
        out.append(Change(kind, iri, slug(iri), title or slug(iri),
                          detail={"predicates": preds} if kind == "source-changed" else {}))
    return out


def _compare_statements(ow, nw, a: dict, b: dict, regs: tuple[dict, dict], labels: _Labels,
                        result: RoadmapDiff, limit: int) -> None:
    covered = dict.fromkeys(set(a) & set(b), COVERED_PREDICATES)
    for r in set(regs[0]) & set(regs[1]):
        covered.setdefault(r, frozenset({ONT + "entryIntoForce"}))
    # added and removed initiatives are reported as such, not statement by statement
    skip_old = skip_new = set(a) ^ set(b)
    # nodes that carry an initiative's time or qualified dependencies in either version
    # (an orphaned period node left behind by a removed initiative is not news)
    struct = _structure_nodes(ow) | _structure_nodes(nw)
    so: dict = {}
    sn: dict = {}
    ko = _statement_keys(ow, skip_old, struct, covered, per_source=so)
    kn = _statement_keys(nw, skip_new, struct, covered, per_source=sn)
    result.changes += _compare_sources(ow, nw, so, sn, labels.lang)
    gone, came = ko - kn, kn - ko
    result.other_removed_count, result.other_added_count = len(gone), len(came)
    for keys, ws, skip, target in ((gone, ow, skip_old, result.other_removed),
                                   (came, nw, skip_new, result.other_added)):
        if not keys:
            continue
        rows: list = []
        _statement_keys(ws, skip, struct, covered, want=keys, collect=rows)
        # a stable sample: named subjects first, in id order
        rows.sort(key=lambda r: (isinstance(r[0], ox.BlankNode), _term_text(r[0], r[3]),
                                 slug(r[1].value), _term_text(r[2], r[4])))
        rows = rows[:limit]
        labels.prime([r[0].value for r in rows if isinstance(r[0], ox.NamedNode)])
        for s, p, o, ss, os_ in rows:
            target.append(Statement(_term_text(s, ss), slug(p.value), _term_text(o, os_),
                                    labels.item(s.value).label if isinstance(s, ox.NamedNode) else ""))


# ---------------------------------------------------------------------- for the timeline diagram
@dataclass
class TimelineChange:
    """Where an initiative was and where it is now, for ghosting the old position.

    ``status``: "added" (old_* are None), "removed" (new_* are None), "moved" (start or end
    differs, windows compared end by end) or "unchanged"."""

    iri: str
    id: str
    status: str
    old_start: When | None = None
    old_end: When | None = None
    new_start: When | None = None
    new_end: When | None = None


def timeline_changes(old, new) -> dict[str, TimelineChange]:
    """Per initiative IRI, old and new start/end. ``old`` and ``new``: Side, Workspace,
    in-memory view, or an already read ``kg.roadmap.model.initiatives()`` dict."""
    def recs(x):
        if isinstance(x, dict):
            return x
        return initiatives(x.ws if isinstance(x, Side) else x)
    a, b = recs(old), recs(new)
    out: dict[str, TimelineChange] = {}
    for i in sorted(set(a) | set(b)):
        o, n = a.get(i), b.get(i)
        if o is None:
            out[i] = TimelineChange(i, n.id, "added", new_start=n.start, new_end=n.end)
        elif n is None:
            out[i] = TimelineChange(i, o.id, "removed", old_start=o.start, old_end=o.end)
        else:
            moved = shift_of(o.start, n.start) or shift_of(o.end, n.end)
            out[i] = TimelineChange(i, n.id, "moved" if moved else "unchanged",
                                    o.start, o.end, n.start, n.end)
    return out


def timeline_since(ws, snapshot: str) -> dict[str, TimelineChange]:
    """``timeline_changes`` between snapshot ``snapshot`` of the open workspace ``ws`` and
    ``ws`` itself — what ``kg diagram timeline --since SNAPSHOT`` draws."""
    old = open_snapshot(ws.path, snapshots.get(ws.path, snapshot))
    try:
        return timeline_changes(old, ws)
    finally:
        old.close()
