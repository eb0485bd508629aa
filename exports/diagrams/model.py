"""What the diagrams and the HTML report show, as data built from :mod:`kg.roadmap.model`.

The builders here decide *what* to draw (nodes, edges, lanes, bars, milestones, the
columns of the board, the layers of the target picture); the modules in ``exports/``
decide *how* (DOT, Mermaid, HTML). Nothing here renders or prints.

Every builder takes ``gaps``: the results of ``kg check`` (a list of :class:`Gap`),
which the diagrams mark on their nodes. The command line fills it when the check
module is there; an empty list draws no marks.

Labels come out in one language (``lang``). Phases and statuses have fixed names in
both languages so that a diagram reads the same whatever reference data is loaded.
"""
from __future__ import annotations

from collections import defaultdict, deque
from dataclasses import dataclass, field
from datetime import date

from kg.errors import KgError
from kg.textsafe import ODD_CHARS
from kg.ids import labels_for, slug
from kg.roadmap.model import InitiativeRec, dependencies, dependency_digraph, initiatives, regulations
from kg.roadmap.timewin import When
from kg.roadmap.words import PHASES, phase_name, status_name, tr

# ---------------------------------------------------------------- fixed vocabularies

NO_GROUP = ("Uten eier", "No owner")

# colours shared by every rendering (DOT, Mermaid, HTML): phase → (light fill, strong line)
PHASE_COLOURS = {
    "fase-etablert": ("#e3f1e4", "#2e7d32"),
    "fase-pagaende": ("#e1ecf8", "#1f5fa8"),
    "fase-planlagt": ("#fdf0dc", "#b26a00"),
}
NO_PHASE_COLOURS = ("#eceff1", "#607d8b")
KIND_COLOURS = {"service": ("#ede7f6", "#5e35b1"), "regulation": ("#fce4ec", "#ad1457"),
                "missing": ("#ffffff", "#9e9e9e"), "capability": ("#e0f2f1", "#00695c"),
                "principle": ("#37474f", "#263238"), "challenge": ("#fff8e1", "#8d6e00"),
                "sdg": ("#e8f5e9", "#1b5e20")}
GAP_COLOUR = "#c62828"
CONFLICT_COLOUR = "#d32f2f"
RISK_COLOUR = "#ef8f00"


def phase_colours(ph: str | None) -> tuple[str, str]:
    return PHASE_COLOURS.get(ph or "", NO_PHASE_COLOURS)


FONT = "DejaVu Sans"
# control characters would make the SVG invalid XML; they carry no meaning in a label
# control characters and noncharacters (U+FFFE …): graphviz and SVG (XML) cannot carry them
CTRL_CHARS = ODD_CHARS


def dot_quote(s: str) -> str:
    """A DOT double-quoted string."""
    return '"' + CTRL_CHARS.sub("", str(s)).replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def dot_html(s: str) -> str:
    """Text inside a DOT HTML-like label."""
    import html
    return html.escape(CTRL_CHARS.sub("", str(s)), quote=True)


# ---------------------------------------------------------------- gaps

@dataclass(frozen=True)
class Gap:
    """One result of ``kg check`` attached to the node it is about."""

    code: str
    severity: str
    focus: str
    message: str = ""


# short names of the check codes, for marks on diagrams (the full message is the tooltip)
GAP_SHORT = {
    "owner-missing": ("mangler eier", "no owner"),
    "dates-missing": ("mangler datoer", "no dates"),
    "dates-reversed": ("slutt før start", "end before start"),
    "dependency-order": ("rekkefølgekonflikt", "order conflict"),
    "dependency-cycle": ("avhengighet i ring", "dependency loop"),
    "dependency-undated": ("venter på udatert tiltak", "waits on an undated initiative"),
    "dependency-dangling": ("avhenger av noe ukjent", "depends on something unknown"),
    "challenge-missing": ("ingen utfordring", "no challenge"),
    "principle-missing": ("intet prinsipp", "no principle"),
    "challenge-unaddressed": ("ingen tiltak", "not addressed"),
    "dpia-missing": ("mangler DPIA", "no DPIA"),
    "fria-missing": ("mangler FRIA", "no FRIA"),
    "ros-missing": ("mangler ROS", "no ROS"),
    "human-oversight-missing": ("mangler menneskelig kontroll", "no human oversight"),
    "explanation-missing": ("mangler forklaring", "no explanation"),
    "reuse-missing": ("ingen delingsplan", "no plan to share"),
    "sovereignty-risk": ("suverenitetsrisiko", "sovereignty risk"),
    "regulation-timing": ("før regelverket gjelder", "before the regulation applies"),
    "municipality-unknown": ("ukjent kommune", "unknown municipality"),
    "label-missing": ("navn mangler på ett språk", "name missing in one language"),
}


def gap_names(gaps, lang: str) -> str:
    """'mangler eier, mangler datoer': the gaps of one node, short, in ``lang``."""
    codes = sorted({g.code for g in gaps})
    return ", ".join(tr(lang, GAP_SHORT[c]) if c in GAP_SHORT else c for c in codes)


def gaps_by_focus(gaps) -> dict[str, list[Gap]]:
    out: dict[str, list[Gap]] = defaultdict(list)
    for g in dict.fromkeys(gaps or ()):   # each gap once (a Gap is frozen: hashable), in order
        out[g.focus].append(g)
    for v in out.values():
        v.sort(key=lambda g: (g.severity != "violation", g.code, g.message))
    return dict(out)


# ---------------------------------------------------------------- dependency diagram

@dataclass
class DNode:
    id: str
    iri: str
    label: str
    kind: str = "initiative"  # initiative | service | regulation
    phase: str | None = None
    status: str | None = None
    group: str = ""
    when: str = ""
    gaps: list[Gap] = field(default_factory=list)
    focus: bool = False
    faded: bool = False  # `--network`: not the network's own, drawn because one of its initiatives needs it
    # the scheduling model (kg.roadmap.schedule): fits only if everything before it ends at its
    # earliest; risk_chain names that chain, first to last
    at_risk: bool = False
    risk_chain: list[str] = field(default_factory=list)


@dataclass
class DEdge:
    src: str  # what comes first (the prerequisite, or the initiative that delivers a service)
    dst: str
    kind: str = "dependency"  # dependency | delivers | in-force
    type: str = "requires"
    strength: str = "hard"
    conflict: bool = False
    risk: bool = False  # on the chain that leaves an initiative at risk (no slack)


@dataclass
class DGroup:
    key: str
    label: str


@dataclass
class DependencyDiagram:
    title: str
    lang: str
    nodes: list[DNode]
    edges: list[DEdge]
    groups: list[DGroup]
    group_by: str = "owner"
    focus: str | None = None
    size: str | None = None  # `--size`: the page it is laid out for (a key of PAGE_SIZES)


class TooBig(KgError):
    """The diagram would be too large to read or to lay out in reasonable time."""


MAX_NODES = 800  # beyond this dot takes minutes (2000 nodes: > 120 s); refuse at once instead


def _neighbourhood(g, start: str, depth: int | None, up: bool, down: bool) -> set[str]:
    keep = {start}
    for forward in ([True] if down else []) + ([False] if up else []):
        seen, q = {start: 0}, deque([start])
        while q:
            n = q.popleft()
            if depth is not None and seen[n] >= depth:
                continue
            nxt = g.successors(n) if forward else g.predecessors(n)
            for m in nxt:
                if m not in seen:
                    seen[m] = seen[n] + 1
                    q.append(m)
        keep |= set(seen)
    return keep


def _too_big(n: int, limit: int, kind: str) -> TooBig:
    hint_en, hint_nb = {
        "dependencies": ("Narrow it: give an initiative ID with --depth N, or --up/--down.",
                         "Avgrens det: oppgi et tiltak (ID) med --depth N, eller --up/--down."),
        "timeline": ("Narrow it: give an initiative ID (its dependencies, --depth N), or --from/--to.",
                     "Avgrens den: oppgi et tiltak (ID) (med avhengighetene, --depth N), eller --from/--to."),
        "board": ("Draw the timeline around an initiative instead: kg diagram timeline ID --depth N.",
                  "Tegn heller tidslinjen rundt et tiltak: kg diagram timeline ID --depth N."),
    }[kind]
    what_en, what_nb = {"dependencies": ("nodes", "noder"), "timeline": ("bars", "stolper"),
                        "board": ("cards", "kort")}[kind]
    return TooBig(
        f"The diagram would have {n} {what_en} (more than {limit}); nobody can read it and drawing it takes long.",
        f"Diagrammet ville fått {n} {what_nb} (mer enn {limit}); det kan ingen lese, og tegningen tar lang tid.",
        hint_en=hint_en, hint_nb=hint_nb)


def _refuse_if_big(ws, limit: int, kind: str) -> None:
    """Count the initiatives before reading them, so a huge workspace is refused at once."""
    n = ws.count("?i a kg:Initiative")
    if n > limit:
        raise _too_big(n, limit, kind)


def with_prerequisites(deps, only: set[str]) -> set[str]:
    """``only`` and everything it depends on, all the way down (`--network`: the
    network's initiatives and what they need, which is drawn faded)."""
    g = dependency_digraph(deps)
    keep = set(only)
    for i in only:
        if i in g:
            keep |= _neighbourhood(g, i, None, True, False)
    return keep


def refuse_big_dependencies(ws, *, focus: str | None = None, depth: int | None = None, up: bool = True,
                            down: bool = True, max_nodes: int = MAX_NODES, **_ignored) -> None:
    """Refuse a dependency diagram that would be too big, before any other work (the
    checks for its gap marks, reading every initiative): the whole roadmap by a count,
    a focus by its neighbourhood in the dependency graph alone."""
    if not focus:
        _refuse_if_big(ws, max_nodes, "dependencies")
        return
    g = dependency_digraph(dependencies(ws))
    g.add_node(focus)
    n = len(_neighbourhood(g, focus, depth, up, down))
    if n > max_nodes:
        raise _too_big(n, max_nodes, "dependencies")


def _focus_set(recs, deps, focus: str | None, depth: int | None, up: bool, down: bool) -> set[str]:
    """Every initiative, or ``focus`` and its dependency neighbourhood."""
    if not focus:
        return set(recs)
    g = dependency_digraph(deps)
    g.add_node(focus)
    return _neighbourhood(g, focus, depth, up, down)


def _when_text(rec: InitiativeRec) -> str:
    a = rec.start.text() if rec.start else "?"
    b = rec.end.text() if rec.end else "?"
    if not rec.start and not rec.end:
        return ""
    return f"{a} – {b}"


def _networks(ws) -> dict[str, list[str]]:
    """Organisation IRI → networks it belongs to (a network is its own network)."""
    out: dict[str, list[str]] = defaultdict(list)
    for r in ws.select("""
        SELECT DISTINCT ?o ?n WHERE {
          { ?n a kg:Network . BIND(?n AS ?o) }
          UNION { ?o org:memberOf ?n . ?n a kg:Network }
          UNION { ?m org:member ?o ; org:organization ?n . ?n a kg:Network } }"""):
        if r["n"].value not in out[r["o"].value]:
            out[r["o"].value].append(r["n"].value)
    for v in out.values():
        v.sort()
    return out


def _group_key(rec: InitiativeRec, group_by: str, nets: dict[str, list[str]]) -> str:
    if group_by == "phase":
        return rec.phase or ""
    if group_by == "network":
        for o in rec.owners + rec.participants:
            if nets.get(o):
                return nets[o][0]
        return ""
    if group_by == "none":
        return ""
    return rec.owners[0] if rec.owners else ""


def _group_labels(ws, keys, group_by: str, lang: str) -> list[DGroup]:
    keys = sorted(k for k in set(keys) if k)
    if group_by == "phase":
        labels = {k: phase_name(slug(k) if k.startswith("http") else k, lang) for k in keys}
    else:
        labels = labels_for(ws, keys, lang) if keys else {}
    groups = [DGroup(k, labels.get(k, slug(k))) for k in keys]
    order = list(PHASES)
    if group_by == "phase":
        groups.sort(key=lambda g: order.index(g.key) if g.key in order else 99)
    else:
        groups.sort(key=lambda g: (g.label.casefold(), g.key))
    return groups


def _no_group_label(group_by: str, lang: str) -> str:
    return tr(lang, {"phase": ("Uten fase", "No phase"), "network": ("Uten nettverk", "No network")}.get(group_by, NO_GROUP))


def dependency_order_conflicts(recs: dict[str, InitiativeRec], deps) -> dict[tuple[str, str], str]:
    """(dependent, target) → 'conflict' when even the latest possible start of the
    dependent is before the earliest possible end of what it hard-depends on, or
    'risk' when it fits only if that ends early (its latest start is before the latest
    end: ``kg check``'s at-risk warning). Unknown dates give nothing."""
    out = {}
    for d in deps:
        if not d.hard:
            continue
        a, b = recs.get(d.dependent), recs.get(d.target)
        if not a or not b or not a.start or not b.end:
            continue
        s_late = a.start.latest or a.start.earliest
        e_early = b.end.earliest or b.end.latest
        e_late = b.end.latest
        if s_late and e_early and s_late < e_early:
            out[(d.dependent, d.target)] = "conflict"
        elif a.start.latest and e_late and a.start.latest < e_late:
            out[(d.dependent, d.target)] = "risk"
    return out


def build_dependencies(ws, lang: str = "nb", *, focus: str | None = None, depth: int | None = None,
                       up: bool = True, down: bool = True, group_by: str = "owner",
                       gaps=(), services: bool = True, max_nodes: int = MAX_NODES,
                       only: set[str] | None = None) -> DependencyDiagram:
    """Initiatives (plus the services they deliver and the regulations they need in
    force) and their dependencies. ``focus``: an initiative IRI; then only what it
    depends on (``up``) and what depends on it (``down``), ``depth`` steps out.
    ``only``: these initiatives (a network's), with what they depend on faded."""
    if not focus and only is None:
        _refuse_if_big(ws, max_nodes, "dependencies")
    recs = initiatives(ws)
    deps = [d for d in dependencies(ws) if d.dependent in recs or d.target in recs]
    keep = _focus_set(recs, deps, focus, depth, up, down)
    if only is not None:
        keep &= with_prerequisites(deps, only)
    deps = [d for d in deps if d.dependent in keep and d.target in keep]
    conflicts = dependency_order_conflicts(recs, deps)
    by_focus = gaps_by_focus(gaps)
    nets = _networks(ws) if group_by == "network" else {}
    nodes: dict[str, DNode] = {}
    extra_iris = set()
    for i in sorted(keep):
        rec = recs.get(i)
        if rec is None:  # a dangling dependency target or a non-initiative
            extra_iris.add(i)
            continue
        nodes[i] = DNode(rec.id, i, rec.label(lang), "initiative", rec.phase, rec.status,
                         _group_key(rec, group_by, nets), _when_text(rec), by_focus.get(i, []), i == focus,
                         only is not None and i not in only)
    edges = [DEdge(d.target, d.dependent, "dependency", d.type, d.strength,
                   conflicts.get((d.dependent, d.target)) == "conflict") for d in deps]
    if services:
        for i in sorted(nodes):
            rec = recs[i]
            for s in rec.services:
                extra_iris.add(s)
                edges.append(DEdge(i, s, "delivers", "delivers", "soft"))
            for r in rec.requires_in_force:
                extra_iris.add(r)
                edges.append(DEdge(r, i, "in-force", "requires", "hard"))
    if len(nodes) + len(extra_iris) > max_nodes:
        raise _too_big(len(nodes) + len(extra_iris), max_nodes, "dependencies")
    if extra_iris:
        labels = labels_for(ws, sorted(extra_iris), lang)
        kinds = {}
        for r in ws.select("SELECT ?x ?k WHERE { VALUES ?x { %s } ?x a ?k }"
                           % " ".join(f"<{x}>" for x in sorted(extra_iris))):
            k = slug(r["k"].value)
            if k in ("kg:Service", "kg:Regulation"):
                kinds[r["x"].value] = "service" if k == "kg:Service" else "regulation"
        for x in sorted(extra_iris):
            nodes[x] = DNode(slug(x), x, labels.get(x, slug(x)), kinds.get(x, "missing"),
                             gaps=by_focus.get(x, []))
    groups = _group_labels(ws, [n.group for n in nodes.values() if n.kind == "initiative"], group_by, lang)
    if group_by != "none" and any(n.kind == "initiative" and not n.group for n in nodes.values()):
        groups.append(DGroup("", _no_group_label(group_by, lang)))
    _mark_nodes_at_risk(ws, nodes, edges)
    edges.sort(key=lambda e: (e.kind, nodes[e.src].id, nodes[e.dst].id))
    title = tr(lang, ("Avhengigheter", "Dependencies"))
    if focus and focus in nodes:
        title += f": {nodes[focus].label}"
    return DependencyDiagram(title, lang, sorted(nodes.values(), key=lambda n: (n.kind, n.id)),
                             edges, groups, group_by, focus)


def _mark_nodes_at_risk(ws, nodes: dict[str, DNode], edges: list[DEdge], today: date | None = None) -> None:
    """The dependency diagram's at-risk marks: the same answer as the timeline's
    (:func:`_mark_at_risk`), impact and critical path, from :mod:`kg.roadmap.schedule`."""
    from kg.roadmap.index import load_index
    from kg.roadmap.schedule import Schedule
    sched = Schedule(load_index(ws), today=today)
    ix = sched.ix
    by_edge = {(e.src, e.dst): e for e in edges if e.kind == "dependency"}
    for v, chain in sched.at_risk_list():
        n = nodes.get(ix.iris[v])
        if n is None or n.kind != "initiative":
            continue
        n.at_risk = True
        iris = [ix.iris[x] for x in chain]
        n.risk_chain = [nodes[i].label if i in nodes else slug(i) for i in iris]
        for src, dst in zip(iris, iris[1:]):
            e = by_edge.get((src, dst))
            if e is not None and not e.conflict:
                e.risk = True


# ---------------------------------------------------------------- timeline

@dataclass
class Bar:
    id: str
    iri: str
    label: str
    lane: str
    start: When | None
    end: When | None
    phase: str | None = None
    status: str | None = None
    gaps: list[Gap] = field(default_factory=list)
    conflict: bool = False  # dependency-order: starts before a hard prerequisite can end
    # the scheduling model (kg.roadmap.schedule): fits only if everything before it ends at its
    # earliest; the chain of labels that leaves it no slack
    at_risk: bool = False
    risk_chain: list[str] = field(default_factory=list)
    # `--since SNAPSHOT`: "added", "moved" or "unchanged", and where a moved bar was
    change: str = ""
    old_start: When | None = None
    old_end: When | None = None
    faded: bool = False  # `--network`: a prerequisite outside the network

    @property
    def when(self) -> str:
        if not self.start and not self.end:
            return ""
        return f"{self.start.text() if self.start else '?'} – {self.end.text() if self.end else '?'}"


@dataclass
class Milestone:
    id: str
    label: str
    earliest: date
    latest: date  # == earliest for a fixed date; later for a window (KI-loven Q3/Q4 2026)
    kind: str = "regulation"  # regulation | application-date
    note: str = ""


@dataclass
class Lane:
    key: str
    label: str
    bars: list[str] = field(default_factory=list)  # bar ids, top to bottom


@dataclass
class Arrow:
    src: str  # the prerequisite (its end)
    dst: str  # the dependent (its start)
    hard: bool = True
    state: str = ""  # "" | "risk" | "conflict"


@dataclass
class TimelineDiagram:
    title: str
    lang: str
    start: date
    end: date
    today: date
    lanes: list[Lane]
    bars: dict[str, Bar]
    milestones: list[Milestone]
    arrows: list[Arrow]
    group_by: str = "owner"
    since: str = ""  # the snapshot the changes are shown against, if any
    size: str | None = None


def _application_dates(ws, lang: str) -> list[Milestone]:
    out = []
    rows = ws.select("""
        SELECT ?a ?d ?l ?p ?v WHERE {
          ?x kg:applicationDate ?a . ?a eli:date_applicability ?d .
          OPTIONAL { ?a skos:prefLabel ?l } OPTIONAL { ?a kg:provision ?p } OPTIONAL { ?a kg:textVersion ?v } }""")
    seen: dict[str, dict] = {}
    for r in rows:
        a = r["a"].value
        e = seen.setdefault(a, {"labels": {}, "d": r["d"].value[:10], "p": "", "v": ""})
        if "l" in r:
            e["labels"].setdefault(r["l"].language or "", r["l"].value)
        if "p" in r:
            e["p"] = r["p"].value
        if "v" in r:
            e["v"] = slug(r["v"].value)
    for a, e in seen.items():
        try:
            d = date.fromisoformat(e["d"])
        except ValueError:
            continue
        lab = e["labels"].get(lang) or e["labels"].get("en" if lang == "nb" else "nb") or e["p"] or slug(a)
        note = tr(lang, ("endret tekst", "amended text")) if e["v"].endswith("endret") else ""
        out.append(Milestone(slug(a), lab, d, d, "application-date", note))
    return out


MAX_BARS = 2500  # a taller timeline is unreadable and takes graphviz a minute to draw


def build_timeline(ws, lang: str = "nb", *, start: date | None = None, end: date | None = None,
                   group_by: str = "owner", gaps=(), today: date | None = None,
                   application_dates: bool = True, focus: str | None = None, depth: int | None = None,
                   up: bool = True, down: bool = True, max_bars: int = MAX_BARS,
                   only: set[str] | None = None) -> TimelineDiagram:
    """A bar per initiative on a time axis (2025 onwards unless ``start``), one lane per
    owner, phase or network; regulation windows and AI Act dates as milestones.
    ``focus``: only that initiative and its dependency neighbourhood. ``only``: these
    initiatives (a network's), with what they depend on faded."""
    if not focus and start is None and end is None and only is None:
        _refuse_if_big(ws, max_bars, "timeline")
    recs = initiatives(ws)
    deps = dependencies(ws)
    if focus:
        keep = _focus_set(recs, deps, focus, depth, up, down)
        recs = {i: r for i, r in recs.items() if i in keep}
    if only is not None:
        keep = with_prerequisites(deps, only)
        recs = {i: r for i, r in recs.items() if i in keep}
    conflicts = dependency_order_conflicts(recs, deps)
    by_focus = gaps_by_focus(gaps)
    bad = {a for (a, b), s in conflicts.items() if s == "conflict"}
    bad |= {f for f, gs in by_focus.items() if any(g.code == "dependency-order" for g in gs)}
    nets = _networks(ws) if group_by == "network" else {}
    start = start or date(2025, 1, 1)
    if end is None:
        last = [d for r in recs.values() for w in (r.start, r.end) if w for d in (w.earliest, w.latest) if d]
        y = max([start.year + 3] + [d.year for d in last])
        end = date(min(y, start.year + 12), 12, 31)
    if end <= start:
        raise KgError("--to must be after --from.", "--to må være etter --from.")
    bars = {}
    for i, rec in recs.items():
        w = [d for x in (rec.start, rec.end) if x for d in (x.earliest, x.latest) if d]
        if w and (max(w) < start or min(w) > end):
            continue  # wholly outside the window asked for
        bars[rec.id] = Bar(rec.id, i, rec.label(lang), _group_key(rec, group_by, nets), rec.start, rec.end,
                           rec.phase, rec.status, by_focus.get(i, []), i in bad,
                           faded=only is not None and i not in only)
    if len(bars) > max_bars:
        raise _too_big(len(bars), max_bars, "timeline")
    lanes_by: dict[str, list[Bar]] = defaultdict(list)
    for b in bars.values():
        lanes_by[b.lane].append(b)
    groups = _group_labels(ws, list(lanes_by), group_by, lang)
    if "" in lanes_by:
        groups.append(DGroup("", _no_group_label(group_by, lang)))

    def order(b: Bar):
        s = b.start.earliest if b.start and b.start.earliest else date.max
        return (s, b.label.casefold(), b.id)
    lanes = [Lane(g.key, g.label, [b.id for b in sorted(lanes_by[g.key], key=order)]) for g in groups]
    ms = []
    for r in sorted(regulations(ws).values(), key=lambda r: r.id):
        if r.entry and r.entry.earliest:
            la = r.entry.latest or r.entry.earliest
            if la >= start and r.entry.earliest <= end:
                ms.append(Milestone(r.id, r.label(lang), r.entry.earliest, la, "regulation",
                                    tr(lang, ("i kraft", "in force"))))
    if application_dates:
        ms += [m for m in _application_dates(ws, lang) if start <= m.earliest <= end]
    ms.sort(key=lambda m: (m.earliest, m.latest, m.id))
    iri_to_id = {r.iri: r.id for r in recs.values()}
    arrows = []
    for d in deps:
        a, b = iri_to_id.get(d.target), iri_to_id.get(d.dependent)
        if a in bars and b in bars:
            arrows.append(Arrow(a, b, d.hard, conflicts.get((d.dependent, d.target), "") if d.hard else ""))
    _mark_at_risk(ws, bars, arrows, today)
    arrows.sort(key=lambda x: (x.src, x.dst))
    title = tr(lang, ("Tidslinje", "Timeline"))
    if focus and focus in recs:
        title += f": {recs[focus].label(lang)}"
    return TimelineDiagram(title, lang, start, end, today or date.today(), lanes, bars, ms, arrows, group_by)


def _mark_at_risk(ws, bars: dict[str, Bar], arrows: list[Arrow], today: date | None) -> None:
    """Mark the bars the scheduling model finds at risk, with their chain, and the
    arrows along each chain (the same answer as impact, critical path and timeline)."""
    from kg.roadmap.index import fast_slug, load_index
    from kg.roadmap.schedule import Schedule
    sched = Schedule(load_index(ws), today=today)
    ix = sched.ix
    by_arrow = {(a.src, a.dst): a for a in arrows}
    for v, chain in sched.at_risk_list():
        bid = fast_slug(ix.iris[v])
        if bid not in bars:
            continue
        bar = bars[bid]
        bar.at_risk = True
        bar.risk_chain = [bars[fast_slug(ix.iris[x])].label if fast_slug(ix.iris[x]) in bars else fast_slug(ix.iris[x])
                          for x in chain]
        ids = [fast_slug(ix.iris[x]) for x in chain]
        for src, dst in zip(ids, ids[1:]):
            a = by_arrow.get((src, dst))
            if a is not None and a.state != "conflict":
                a.state = "risk"


# ---------------------------------------------------------------- board (the seed's three columns)

@dataclass
class BoardItem:
    id: str
    label: str
    description: str = ""
    status: str | None = None
    when: str = ""
    gaps: list[Gap] = field(default_factory=list)


@dataclass
class BoardColumn:
    key: str
    heading: str
    items: list[BoardItem]


@dataclass
class BoardDiagram:
    title: str
    lang: str
    columns: list[BoardColumn]
    size: str | None = None
    page: tuple[int, int] = (1, 1)  # (this page, pages) when the board is split over pages


def _descriptions(ws, iris, lang: str) -> dict[str, str]:
    out: dict[str, dict[str, str]] = defaultdict(dict)
    if not iris:
        return {}
    for r in ws.select("SELECT ?s ?d WHERE { VALUES ?s { %s } ?s dct:description ?d }"
                       % " ".join(f"<{x}>" for x in sorted(iris))):
        out[r["s"].value].setdefault(r["d"].language or "", r["d"].value)
    from kg.i18n import best_label
    return {k: best_label(v, lang) for k, v in out.items()}


def _start_key(rec: InitiativeRec) -> date:
    return rec.start.earliest if rec.start and rec.start.earliest else date.max


def build_board(ws, lang: str = "nb", *, gaps=(), only: set[str] | None = None) -> BoardDiagram:
    """The seed's drawing-board slide: established 2025, ongoing 2026, planned 2026+.
    ``only``: these initiatives (a network's)."""
    if only is None:
        _refuse_if_big(ws, MAX_BARS, "board")
    recs = initiatives(ws)
    if only is not None:
        recs = {i: r for i, r in recs.items() if i in only}
    desc = _descriptions(ws, list(recs), lang)
    by_focus = gaps_by_focus(gaps)
    by_id = {r.id: r for r in recs.values()}
    cols = []
    extra = sorted({r.phase for r in recs.values() if r.phase not in PHASES and r.phase})
    for ph in list(PHASES) + extra:
        heading = tr(lang, PHASES[ph][2:]) if ph in PHASES else phase_name(ph, lang)
        items = [BoardItem(r.id, r.label(lang), desc.get(i, ""), r.status, _when_text(r), by_focus.get(i, []))
                 for i, r in recs.items() if r.phase == ph and not r.parent]
        items.sort(key=lambda it: (_start_key(by_id[it.id]), it.label.casefold(), it.id))
        cols.append(BoardColumn(ph, heading, items))
    nophase = [r for r in recs.values() if not r.phase and not r.parent]
    if nophase:
        cols.append(BoardColumn("", phase_name(None, lang),
                                sorted((BoardItem(r.id, r.label(lang), desc.get(r.iri, ""), r.status, _when_text(r),
                                                  by_focus.get(r.iri, [])) for r in nophase),
                                       key=lambda it: (it.label.casefold(), it.id))))
    title = tr(lang, ("KI i kommunesektoren – veikart", "AI in the municipal sector – roadmap"))
    return BoardDiagram(title, lang, cols)


# ---------------------------------------------------------------- target picture

@dataclass
class TItem:
    id: str
    iri: str
    label: str
    number: int | None = None
    by: list[str] = field(default_factory=list)  # labels of the initiatives behind it
    links: list[str] = field(default_factory=list)  # ids of related items (challenges, SDGs, capabilities)
    gaps: list[Gap] = field(default_factory=list)
    n: int = 0  # how many initiatives are behind it (``by`` names them when there are few)

    @property
    def count(self) -> int:
        return max(self.n, len(self.by))


@dataclass
class TargetPicture:
    title: str
    lang: str
    services: list[TItem]
    capabilities: list[TItem]
    principles: list[TItem]
    challenges: list[TItem]
    sdgs: list[TItem]
    context: str = ""  # Norway's SDR standing (kg.roadmap.lenses.sdr_text), shown under the goals
    size: str | None = None


def _typed(ws, cls: str) -> list[str]:
    return sorted(r["x"].value for r in ws.select("SELECT DISTINCT ?x WHERE { ?x a %s }" % cls))


_SDG_BASE = "http://metadata.un.org/sdg/"


def _sdg_goal(iri: str) -> str:
    """http://metadata.un.org/sdg/9.c → …/sdg/9 (targets are grouped under their goal)."""
    base, _, tail = iri.rpartition("/")
    return f"{base}/{tail.split('.')[0]}" if tail and tail.split(".")[0].isdigit() else iri


MAX_NAMED = 40  # above this many initiatives, an item of the target picture gives the number only
_TP_PROPS = {"builds": "capabilities", "delivers": "services", "addresses": "challenges",
             "follows": "principles", "contributesTo": "sdgs"}


def _label_bind(var: str, lang: str) -> str:
    other = "en" if lang == "nb" else "nb"
    return (f'OPTIONAL {{ {var} skos:prefLabel ?l1 FILTER(langMatches(lang(?l1), "{lang}")) }} '
            f'OPTIONAL {{ {var} skos:prefLabel ?l2 FILTER(langMatches(lang(?l2), "{other}")) }} '
            f"BIND(COALESCE(?l1, ?l2, STR({var})) AS ?l)")


def build_target(ws, lang: str = "nb", *, gaps=(), focus: str | None = None, depth: int | None = None,
                 up: bool = True, down: bool = True, only: set[str] | None = None) -> TargetPicture:
    """The shared target picture: services on top of shared capabilities on top of the
    five principles, with the challenges they address and the SDG goals they serve.
    ``focus``: only the part that initiative (and its dependency neighbourhood) builds.

    Read with a few grouped queries (not every initiative's record), so the whole
    sector-scale workspace is drawn in seconds."""
    values = ""
    title_suffix = ""
    if focus:
        keep = _focus_set({focus: None}, dependencies(ws), focus, depth, up, down)
        values = "VALUES ?i { %s }" % " ".join(f"<{x}>" for x in sorted(keep))
        lab = labels_for(ws, [focus], lang).get(focus)
        title_suffix = f": {lab}" if lab else ""
    if only is not None:  # a network's initiatives (within the focus, if both)
        keep = (keep & only) if focus else set(only)
        values = "VALUES ?i { %s }" % " ".join(f"<{x}>" for x in sorted(keep))
        focus = focus or "network"  # draw only what these initiatives build
    # who is behind each capability, service, challenge, principle and SDG target: counted
    # in one grouped query, named only where there are few (a pillar built by 5 000 local
    # initiatives says so; it does not list them). These properties have initiatives as
    # their domain, so no type test is needed (joining on it is what makes this slow).
    counts: dict[tuple[str, str], int] = {}
    for r in ws.select("SELECT ?p ?o (COUNT(DISTINCT ?i) AS ?n) WHERE { %s VALUES ?p { %s } ?i ?p ?o } GROUP BY ?p ?o"
                       % (values, " ".join(f"kg:{k}" for k in _TP_PROPS))):
        counts[(_TP_PROPS[r["p"].value.rsplit("#", 1)[-1]], r["o"].value)] = int(r["n"].value)
    by_obj: dict[tuple[str, str], list[str]] = {}
    small = [(k, o) for (k, o), n in counts.items() if n <= MAX_NAMED]
    inv = {v: k for k, v in _TP_PROPS.items()}
    for i in range(0, len(small), 200):
        chunk = small[i:i + 200]
        pairs = " ".join(f"(kg:{inv[k]} <{o}>)" for k, o in chunk)
        for r in ws.select("SELECT DISTINCT ?p ?o ?i ?l WHERE { %s VALUES (?p ?o) { %s } ?i ?p ?o . %s }"
                           % (values, pairs, _label_bind("?i", lang))):
            key = (_TP_PROPS[r["p"].value.rsplit("#", 1)[-1]], r["o"].value)
            name = r["l"].value
            by_obj.setdefault(key, []).append(slug(name) if name.startswith("http") else name)
    for key in counts:
        by_obj[key] = sorted(set(by_obj.get(key, [])), key=str.casefold)

    def objs(kind):
        return {o for (k, o) in by_obj if k == kind}
    cap_links: dict[str, set[str]] = defaultdict(set)
    for r in ws.select("SELECT DISTINCT ?c ?x WHERE { %s ?i kg:builds ?c ; kg:addresses|kg:contributesTo ?x }"
                       % values):
        x = r["x"].value
        cap_links[r["c"].value].add(_sdg_goal(x) if x.startswith(_SDG_BASE) else x)
    srv_links: dict[str, set[str]] = defaultdict(set)
    for r in ws.select("SELECT DISTINCT ?s ?c WHERE { %s ?i kg:delivers ?s ; kg:builds ?c }" % values):
        srv_links[r["s"].value].add(r["c"].value)
    if focus:
        caps, servs = objs("capabilities"), objs("services")
    else:
        caps = set(_typed(ws, "kg:Capability")) | objs("capabilities")
        servs = set(_typed(ws, "kg:Service")) | objs("services")
    by_focus = gaps_by_focus(gaps)
    prins = _typed(ws, "kg:Principle")
    chals = sorted(objs("challenges")) if focus else _typed(ws, "kg:Challenge")
    goal_by: dict[str, set[str]] = defaultdict(set)
    goal_n: dict[str, int] = defaultdict(int)
    for (k, o), names in by_obj.items():
        if k == "sdgs":
            goal_by[_sdg_goal(o)] |= set(names)
            goal_n[_sdg_goal(o)] += counts[(k, o)]  # an initiative under two targets of a goal counts twice
    sdg_goals = sorted(goal_by)
    numbers = {r["x"].value: int(r["n"].value) for r in ws.select(
        "SELECT ?x ?n WHERE { ?x a kg:Principle ; kg:principleNumber ?n }") if r["n"].value.isdigit()}
    labels = labels_for(ws, sorted(caps | servs | set(prins) | set(chals) | set(sdg_goals)), lang)

    def item(x, **kw):
        return TItem(slug(x), x, labels.get(x, slug(x)), gaps=by_focus.get(x, []), **kw)

    def link_ids(xs):
        plain = sorted(x for x in xs if not x.startswith(_SDG_BASE))
        goals = sorted(x for x in xs if x.startswith(_SDG_BASE))
        return [slug(x) for x in plain] + [slug(x) for x in goals]
    def n(kind, x):
        return counts.get((kind, x), 0)
    cap_items = [item(c, by=by_obj.get(("capabilities", c), []), links=link_ids(cap_links.get(c, ())),
                      n=n("capabilities", c)) for c in caps]
    srv_items = [item(x, by=by_obj.get(("services", x), []), links=[slug(c) for c in sorted(srv_links.get(x, ()))],
                      n=n("services", x)) for x in servs]
    pr_items = [item(x, number=numbers.get(x), by=by_obj.get(("principles", x), []), n=n("principles", x))
                for x in prins]
    ch_items = [item(x, by=by_obj.get(("challenges", x), []), n=n("challenges", x)) for x in chals]
    sdg_items = [item(x, by=sorted(goal_by[x], key=str.casefold) if goal_n[x] <= MAX_NAMED else [], n=goal_n[x])
                 for x in sdg_goals]

    def num_key(t):
        tail = t.iri.rstrip("/").rsplit("/", 1)[-1]
        return (int(tail) if tail.isdigit() else 999, t.label.casefold(), t.id)
    cap_order = ["kapabilitet-plattform", "kapabilitet-ki-fabrikk", "kapabilitet-okosystem",
                 "kapabilitet-juridisk-stotte", "kapabilitet-kompetanse"]
    cap_items.sort(key=lambda t: (cap_order.index(t.id) if t.id in cap_order else 99, t.label.casefold()))
    srv_items.sort(key=lambda t: (t.label.casefold(), t.id))
    pr_items.sort(key=lambda t: (t.number or 99, t.label.casefold()))
    ch_order = ["competence", "regulation", "organisation", "economy", "technical", "procurement"]
    ch_items.sort(key=lambda t: (ch_order.index(t.id) if t.id in ch_order else 99, t.label.casefold()))
    sdg_items.sort(key=num_key)
    title = tr(lang, ("Felles målbilde for KI i kommunesektoren", "Shared target picture for AI in the municipal sector"))
    title += title_suffix
    from kg.roadmap.lenses import sdr_context, sdr_text
    return TargetPicture(title, lang, srv_items, cap_items, pr_items, ch_items, sdg_items,
                         context=sdr_text(sdr_context(ws), lang))


# ---------------------------------------------------------------- the HTML report

@dataclass
class ReportRow:
    id: str
    iri: str
    label: str
    phase: str
    status: str
    owners: list[str]
    participants: list[str]
    when: str
    challenges: list[str]
    principles: list[str]
    municipalities: list[str]
    services: list[str]
    depends_on: list[str]
    sources: list[str]
    gaps: list[Gap] = field(default_factory=list)


@dataclass
class ReportData:
    title: str
    lang: str
    generated: str
    rows: list[ReportRow]
    gaps: list[Gap]
    labels: dict[str, str]  # IRI → label for every node a gap is about
    gap_ids: dict[str, str]  # IRI → slug
    checked: bool  # False when the check module is not available
    sources: list[tuple[str, str, int]]  # (name, title, triples)
    counts: dict[str, int] = field(default_factory=dict)


def build_report(ws, lang: str = "nb", *, gaps=(), checked: bool = False, generated: str | None = None) -> ReportData:
    recs = initiatives(ws)
    iris = set()
    for r in recs.values():
        iris.update(r.owners, r.participants, r.challenges, r.principles, r.services)
    # the municipalities among the owners and participants: the few typed nodes, not a join
    # over every initiative (seconds at 1M)
    munis = {r["x"].value for r in ws.select("SELECT ?x WHERE { ?x a kg:Municipality }")}
    gaps = list(gaps or ())
    iris |= {g.focus for g in gaps}
    labels = labels_for(ws, sorted(iris), lang) if iris else {}
    by_focus = gaps_by_focus(gaps)

    def lab(xs):
        return [labels[x] if x in labels else slug(x) for x in xs]
    rows = []
    name = {i: r.label(lang) for i, r in recs.items()}   # each initiative's name once
    for i, r in sorted(recs.items(), key=lambda kv: (name[kv[0]].casefold(), kv[1].id)):
        rows.append(ReportRow(r.id, i, name[i], phase_name(r.phase, lang) if r.phase else "",
                              status_name(r.status, lang) if r.status else "",
                              lab(r.owners), lab(r.participants), _when_text(r), lab(r.challenges), lab(r.principles),
                              lab(sorted(x for x in set(r.owners) | set(r.participants) if x in munis)),
                              lab(r.services), [name[d.target] if d.target in name else slug(d.target)
                                                for d in r.deps], r.sources, by_focus.get(i, [])))
    srcs = []
    from kg.i18n import best_label
    for s in ws.sources():
        if s.name != "catalog":
            srcs.append((s.name, best_label(s.title, lang) if isinstance(s.title, dict) else str(s.title or ""), s.triples))
    counts = defaultdict(int)
    for g in gaps:
        counts[g.severity] += 1
    title = tr(lang, ("KI i kommunesektoren – målbilde, veikart og gap",
                      "AI in the municipal sector – target picture, roadmap and gaps"))
    return ReportData(title, lang, generated or date.today().isoformat(), rows,
                      sorted(gaps, key=lambda g: ({"violation": 0, "warning": 1}.get(g.severity, 2), g.code,
                                                  labels.get(g.focus, g.focus).casefold(), g.message)),
                      labels, {g.focus: slug(g.focus) for g in gaps}, checked, srcs, dict(counts))


def mark_changes(model: "TimelineDiagram", changes: dict, since: str) -> "TimelineDiagram":
    """Mark what moved and what is new since a snapshot (``kg.diff.compare.timeline_since``):
    a moved bar keeps its old start and end so the renderer can ghost them."""
    model.since = since
    for iri, ch in changes.items():
        bar = next((b for b in model.bars.values() if b.iri == iri), None)
        if bar is None:
            continue
        bar.change = ch.status
        if ch.status == "moved":
            bar.old_start, bar.old_end = ch.old_start, ch.old_end
    return model
