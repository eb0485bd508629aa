"""The timeline as the page draws it, laid out as an SVG on the server. The bars come from
the roadmap index (:mod:`kg.roadmap.index`, cached per version of the workspace) in the
order of `kg diagram timeline` (lanes by name, bars by start, name and id), capped at
``MAX_DRAWN`` with the total given, so a sector-scale workspace answers at once and the
page says how to narrow it. Positions are SVG attributes, not inline styles, so the page
keeps its strict Content-Security-Policy; a what-if's moves are applied to the bars with
the old position kept (ghosted), as `--since` does for a snapshot.

The downloads draw the library's own diagram model (:func:`kg.exports.diagrams.model.build_timeline`,
the one `kg diagram timeline` draws) with the page's lanes and filters (:func:`download_model`).
"""
from __future__ import annotations

import copy
from collections import OrderedDict
from dataclasses import dataclass, field
from datetime import date

from kg.exports.diagrams.model import build_timeline
from kg.errors import InputError
from kg.ids import iri as iri_of
from kg.ids import labels_for, slug
from kg.roadmap.timewin import parse_when

LABEL_W = 300     # the lane and bar names on the left
PLOT_W = 900      # the time axis
ROW_H = 24
LANE_GAP = 10
AXIS_H = 40
LANES = ("owner", "phase", "challenge", "network")
MAX_DRAWN = 400   # bars drawn at most; the page says how many more there are and how to narrow


@dataclass
class SvgBar:
    id: str
    label: str
    x: float
    w: float
    y: float
    when: str
    phase: str
    fade_start: tuple[float, float] | None = None   # (x, w) of the uncertain start window
    fade_end: tuple[float, float] | None = None
    open_end: bool = False
    conflict: bool = False
    gaps: int = 0
    moved: bool = False
    ghost: tuple[float, float] | None = None        # (x, w) where it was before the what-if
    shift: str = ""


@dataclass
class SvgLane:
    label: str
    y: float
    h: float


@dataclass
class TimelineView:
    title: str
    width: int
    height: int
    lanes: list[SvgLane] = field(default_factory=list)
    bars: list[SvgBar] = field(default_factory=list)
    ticks: list[tuple[float, str]] = field(default_factory=list)
    milestones: list[dict] = field(default_factory=list)
    today: float | None = None
    undated: list[tuple[str, str]] = field(default_factory=list)
    phases: list[tuple[str, str]] = field(default_factory=list)
    networks: list[tuple[str, str]] = field(default_factory=list)
    too_big: str | None = None
    start: str = ""
    end: str = ""
    total: int = 0
    capped: int = 0   # bars matched but not drawn (more than MAX_DRAWN)
    lane: str = "owner"
    repeated: int = 0  # initiatives drawn in more than one lane (lanes by challenge)

    def bars_svg(self, lang: str):
        """The bars as SVG markup, every text escaped: written here rather than by the
        template, as a few hundred bars are thousands of template expressions."""
        from html import escape

        from markupsafe import Markup

        from kg.web.pages import node_url
        gaps_word = "gap" if lang == "nb" else "gaps"
        out = []
        for b in self.bars:
            cls = "bar phase-" + b.phase + (" conflict" if b.conflict else "") + (" moved" if b.moved else "") \
                + (" open" if b.open_end else "")
            title = f"{b.label}: {b.when}" + (f" ({b.shift})" if b.moved else "") \
                + (f" · {b.gaps} {gaps_word}" if b.gaps else "")
            y3 = b.y + 3
            parts = [f'<a href="{escape(node_url(b.id))}" class="bar-link">\n'
                     f'<g class="{escape(cls)}" data-id="{escape(b.id)}">\n<title>{escape(title)}</title>\n']
            if b.ghost:
                parts.append(f'<rect class="ghost" x="{b.ghost[0]}" y="{y3}" width="{b.ghost[1]}" height="16" rx="3"></rect>')
            parts.append(f'<rect class="body" x="{b.x}" y="{y3}" width="{b.w}" height="16" rx="3"></rect>')
            for fade in (b.fade_start, b.fade_end):
                if fade:
                    parts.append(f'<rect class="fade" x="{fade[0]}" y="{y3}" width="{fade[1]}" height="16"></rect>')
            label = b.label if len(b.label) <= 45 else b.label[:39] + "…"  # as Jinja's truncate(40, True, "…")
            parts.append(f'\n<text class="bar-label" x="12" y="{b.y + 15}">{escape(label)}</text>\n</g></a>\n')
            out.append("".join(parts))
        return Markup("".join(out))


MODELS_KEPT = 8  # timelines kept per version of the roadmap index


def challenge_lanes(ws, lang: str, model) -> int:
    """Lay the model's bars out in one lane per challenge (``kg:addresses``), by the
    challenge's name, with a last lane for the initiatives that address none. The rule: an
    initiative addressing several challenges is drawn in each of their lanes (its place on
    the time axis is the same in each). Returns how many initiatives are drawn more than once."""
    from collections import defaultdict

    from kg.exports.diagrams.model import Lane
    order = {k: n for n, k in enumerate(i for ln in model.lanes for i in ln.bars)}
    by_iri = {b.iri: k for k, b in model.bars.items()}
    lanes: dict[str, list[str]] = defaultdict(list)
    for r in ws.select("SELECT DISTINCT ?i ?c WHERE { ?i a kg:Initiative ; kg:addresses ?c }"):
        k = by_iri.get(r["i"].value)
        if k is not None and k in order:
            lanes[r["c"].value].append(k)
    labels = labels_for(ws, list(lanes), lang) if lanes else {}
    keys = sorted(lanes, key=lambda c: (labels.get(c, slug(c)).casefold(), c))
    out = [Lane(c, labels.get(c, slug(c)), sorted(lanes[c], key=order.get)) for c in keys]
    placed = [k for c in keys for k in lanes[c]]
    rest = [k for k in sorted(order, key=order.get) if k not in set(placed)]
    if rest:
        out.append(Lane("", "Uten utfordring" if lang == "nb" else "No challenge", rest))
    model.lanes = out
    return len({k for k in placed if placed.count(k) > 1})


def _index_memo(ix, name: str, make):
    """What one version of the roadmap index gives once (kept on the index itself, so a
    write, which makes a new index, drops it)."""
    with ix._lock:
        if name not in ix.memo:
            ix.memo[name] = make()
        return ix.memo[name]


def _data_end(ix, start: date) -> date:
    """The end of the axis when none is asked for, as the diagram's: the last year of the
    data, at least three and at most twelve years after the start."""
    last = max([0] + [x for arr in (ix.sE, ix.sL, ix.eE, ix.eL) for x in arr])
    y = max(start.year + 3, date.fromordinal(last).year if last else 0)
    return date(min(y, start.year + 12), 12, 31)


def index_model(ws, lang: str, *, lane: str = "owner", start: date | None = None, end: date | None = None,
                phase: str | None = None, network: str | None = None, focus: str | None = None,
                limit: int = MAX_DRAWN, report=None, only: frozenset | None = None):
    """:func:`select_bars`, the last few answers kept per version of the roadmap index
    (and of the check result), each handed out as a copy (a what-if moves its bars)."""
    from kg.roadmap.index import load_index
    ix = load_index(ws)
    key = (lang, lane, start, end, phase, network, focus, limit, id(report), only)
    kept = _index_memo(ix, "timelines", OrderedDict)
    with ix._lock:
        hit = kept.get(key)
        if hit is not None:
            kept.move_to_end(key)
    if hit is None:
        hit = select_bars(ws, lang, lane=lane, start=start, end=end, phase=phase, network=network, focus=focus,
                          limit=limit, report=report, only=only)
        with ix._lock:
            kept[key] = hit
            while len(kept) > MODELS_KEPT:
                kept.popitem(last=False)
    model, total, phases, repeated = hit
    # a copy of what build() changes (the bars' windows, for a what-if), not of the rest
    model = copy.copy(model)
    model.bars = {k: copy.copy(b) for k, b in model.bars.items()}
    return model, total, list(phases), repeated


def select_bars(ws, lang: str, *, lane: str = "owner", start: date | None = None, end: date | None = None,
                phase: str | None = None, network: str | None = None, focus: str | None = None,
                limit: int = MAX_DRAWN, report=None, only: frozenset | None = None):
    """The timeline the page draws, read from the roadmap index (kg.roadmap.index: dates,
    phase, owners, challenges, dependencies, cached per version of the workspace) instead
    of every initiative's facts: the bars in the window that pass the filters, in lanes
    in the order of `kg diagram timeline` (lanes by name, bars by start, name, id), of
    which only the first ``limit`` are handed out with their labels.

    Returns (a TimelineDiagram of the drawn bars, how many bars pass the filters, the
    phases in the window to filter by, how many initiatives are drawn more than once).
    ``only``: these initiatives (IRIs) alone (a what-if's moves)."""
    from kg.exports.diagrams.model import (
        Bar,
        Lane,
        Milestone,
        TimelineDiagram,
        _application_dates,
        _networks,
        _no_group_label,
    )
    from kg.roadmap.words import phase_name, tr
    from kg.roadmap.model import regulations
    from kg.roadmap.index import fast_slug, from_ordinal, load_index, window_text
    from kg.roadmap.timewin import When
    ix = load_index(ws)
    start = start or date(2025, 1, 1)
    end = end or _data_end(ix, start)
    if end <= start:
        raise InputError("--to must be after --from.", "--to må være etter --from.")
    s0, s1 = start.toordinal(), end.toordinal()
    n = ix.n_init
    # in the window (an undated one too: the page lists it), of the phase, in the focus
    keep = []
    focus_set = None
    if focus:
        fp = ix.pos(focus)
        focus_set = {fp} if fp is not None else set()
        for adj, other in ((ix.up(), ix.dep_b), (ix.down(), ix.dep_a)):
            todo = [fp] if fp is not None else []
            seen = set(todo)
            while todo:
                v = todo.pop()
                for k in adj[v]:
                    w = other[k]
                    if w not in seen:
                        seen.add(w)
                        todo.append(w)
            focus_set |= seen
    phase_slugs = _index_memo(ix, "phase-slugs", lambda: {p: fast_slug(ix.iris[p]) for p in set(ix.phase) if p >= 0})

    def spans():
        lo, hi = [], []
        for i in range(n):
            w = [x for x in (ix.sE[i], ix.sL[i], ix.eE[i], ix.eL[i]) if x]
            lo.append(min(w) if w else 0)
            hi.append(max(w) if w else 0)
        return lo, hi
    lo, hi = _index_memo(ix, "spans", spans)
    # wholly outside the window asked for: left out (an undated one stays: the page lists it)
    in_window = [i for i in range(n) if not lo[i] or (hi[i] >= s0 and lo[i] <= s1)]
    if focus_set is not None:
        in_window = [i for i in in_window if i in focus_set]
    if only is not None:  # these initiatives (IRIs) alone
        in_window = [i for i in in_window if ix.iris[i] in only]
    phases_seen = sorted({phase_slugs[ix.phase[i]] for i in in_window if ix.phase[i] >= 0})
    for i in in_window:
        if phase and (phase_slugs.get(ix.phase[i], "") != phase):
            continue
        keep.append(i)
    # networks: an organisation's (a network is its own), as the diagram groups them
    nets = _index_memo(ix, "networks", lambda: _networks(ws))
    owners = _index_memo(ix, "owners", lambda: {i: sorted(v, key=ix.iris.__getitem__)
                                                 for i, v in ix.link_map("owners").items()})

    def network_of(i: int) -> str:
        for o in owners.get(i, []) + sorted(parts.get(i, []), key=ix.iris.__getitem__):
            got = nets.get(ix.iris[o])
            if got:
                return got[0]
        return ""
    if network or lane == "network":
        parts = _index_memo(ix, "participants", lambda: ix.link_map("participants"))
        net_of = {i: network_of(i) for i in keep}
        if network:
            keep = [i for i in keep if net_of[i] and fast_slug(net_of[i]) == network]
    # lanes
    groups: dict[str, list[int]] = {}
    if lane == "challenge":
        chal = _index_memo(ix, "challenges", lambda: ix.link_map("challenges"))
        for i in keep:
            for c in chal.get(i, []) or [-1]:
                groups.setdefault(ix.iris[c] if c >= 0 else "", []).append(i)
    else:
        for i in keep:
            if lane == "phase":
                k = ix.iris[ix.phase[i]] if ix.phase[i] >= 0 else ""
            elif lane == "network":
                k = net_of[i]
            else:
                k = ix.iris[owners[i][0]] if owners.get(i) else ""
            groups.setdefault(k, []).append(i)
    keys = [k for k in groups if k]
    if lane == "phase":
        from kg.roadmap.index import PHASES
        glabels = {k: phase_name(fast_slug(k), lang) for k in keys}
        keys.sort(key=lambda k: (PHASES.index(fast_slug(k)) if fast_slug(k) in PHASES else 99, k))
    else:
        glabels = label_map_cached(ws, keys, lang)
        keys.sort(key=lambda k: (glabels.get(k, slug(k)).casefold(), k))
    if "" in groups:
        keys.append("")
        glabels[""] = ("Uten utfordring" if lang == "nb" else "No challenge") if lane == "challenge" \
            else _no_group_label(lane, lang)
    # the bars' order within a lane needs the names of the lanes drawn (from the label
    # index, kept in memory); only the drawn ones become bars
    names: dict[str, str] = {}
    room = limit
    for k in keys:
        if room <= 0:
            break
        names.update(label_map_cached(ws, [ix.iris[i] for i in groups[k]], lang))
        room -= len(groups[k])
    big = date.max.toordinal()
    total = sum(len(v) for v in groups.values())
    seen_once: set[int] = set()
    twice: set[int] = set()
    for v in groups.values():
        for i in v:
            (twice if i in seen_once else seen_once).add(i)
    repeated = len(twice)
    by_focus: dict[str, list] = {}
    if report is not None:
        by_focus = _index_memo(ix, f"gaps-{id(report)}", lambda: _gaps_by_focus(report))
    lanes, bars, drawn = [], {}, 0
    for k in keys:
        members = sorted(groups[k], key=lambda i: (ix.sE[i] or big, names.get(ix.iris[i], "").casefold(), ix.iris[i]))
        ids = []
        for i in members:
            if drawn >= limit:
                break
            drawn += 1
            iri = ix.iris[i]
            bid = fast_slug(iri)
            if bid not in bars:
                st = When(from_ordinal(ix.sE[i]), from_ordinal(ix.sL[i]), "vindu",
                          window_text(from_ordinal(ix.sE[i]), from_ordinal(ix.sL[i]))) if ix.sE[i] else None
                en = When(from_ordinal(ix.eE[i]), from_ordinal(ix.eL[i]), "vindu",
                          window_text(from_ordinal(ix.eE[i]), from_ordinal(ix.eL[i]))) if ix.eE[i] else None
                gaps = by_focus.get(iri, [])
                bars[bid] = Bar(bid, iri, names.get(iri, bid), k, st, en,
                                phase_slugs.get(ix.phase[i]), None, gaps,
                                any(g.code == "dependency-order" for g in gaps))
            ids.append(bid)
        if ids:
            lanes.append(Lane(k, glabels.get(k, slug(k)), ids))
        if drawn >= limit:
            break

    def milestones():
        ms = []
        for r in regulations(ws).values():
            if r.entry and r.entry.earliest:
                ms.append(Milestone(r.id, r.label(lang), r.entry.earliest, r.entry.latest or r.entry.earliest,
                                    "regulation", tr(lang, ("i kraft", "in force"))))
        return ms + _application_dates(ws, lang)
    ms = [m for m in _index_memo(ix, f"milestones-{lang}", milestones)
          if ((m.latest >= start and m.earliest <= end) if m.kind == "regulation" else start <= m.earliest <= end)]
    ms.sort(key=lambda m: (m.earliest, m.latest, m.id))
    title = tr(lang, ("Tidslinje", "Timeline"))
    if focus and ix.pos(focus) is not None:
        title += ": " + label_map_cached(ws, [focus], lang).get(focus, fast_slug(focus))
    model = TimelineDiagram(title, lang, start, end, date.today(), lanes, bars, ms, [], lane)
    return model, total, phases_seen, repeated


def _gaps_by_focus(report) -> dict[str, list]:
    out: dict[str, list] = {}
    for r in report.results:
        out.setdefault(r.focus, []).append(r)
    return out


def label_map_cached(ws, iris, lang: str) -> dict[str, str]:
    """kg.ids.labels_for; many names come from the label index a long-running server
    keeps parsed in memory, a few by targeted lookups."""
    return labels_for(ws, iris, lang)


def _when(text: str | None, end: bool, name: str) -> date | None:
    if not text:
        return None
    w = parse_when(text, column=name)
    return (w.latest or w.earliest) if end else w.earliest


def download_model(ws, lang: str, *, lane: str = "owner", phase: str | None = None, network: str | None = None,
                   start: date | None = None, end: date | None = None, gaps=(), **focus):
    """The diagram `kg diagram timeline` draws (:func:`kg.exports.diagrams.model.build_timeline`),
    with the page's lanes (owner, phase, network, or one per challenge as the page lays
    them out) and only the bars of its phase and network: what /download/timeline.*
    draws for the page it is linked from. ``focus``: build_timeline's focus, depth, up, down."""
    if lane not in LANES:
        raise InputError(f"lane must be one of {', '.join(LANES)}, not '{lane}'.",
                         f"felt må være en av {', '.join(LANES)}, ikke «{lane}».")
    kw = dict(gaps=gaps, start=start, end=end, today=date.today(), **focus)
    model = build_timeline(ws, lang, group_by="none" if lane == "challenge" else lane, **kw)
    if phase or network:
        by_net = model if lane == "network" or not network else build_timeline(ws, lang, group_by="network", **kw)
        net_of = {b.id: b.lane for b in by_net.bars.values()}
        keep = {k for k, b in model.bars.items()
                if (not phase or slug(b.phase or "") == phase)
                and (not network or slug(net_of.get(b.id, "") or "") == network)}
        model.bars = {k: b for k, b in model.bars.items() if k in keep}
        for ln in model.lanes:
            ln.bars = [i for i in ln.bars if i in keep]
        model.lanes = [ln for ln in model.lanes if ln.bars]
        model.arrows = [a for a in model.arrows if a.src in keep and a.dst in keep]
    if lane == "challenge":
        challenge_lanes(ws, lang, model)
    return model


def build(ws, lang: str, *, lane: str = "owner", phase: str | None = None, network: str | None = None,
          from_: str | None = None, to: str | None = None, focus: str | None = None,
          moves: list[dict] | None = None) -> TimelineView:
    if lane not in LANES:
        raise InputError(f"lane must be one of {', '.join(LANES)}, not '{lane}'.",
                         f"felt må være en av {', '.join(LANES)}, ikke «{lane}».")
    start, end = _when(from_, False, "from"), _when(to, True, "to")
    focus_iri = None
    if focus:
        from kg.ids import resolve
        focus_iri = resolve(ws, focus)
    from kg.check.cache import cached_check
    report = cached_check(ws, wait=0, run=False)  # the gaps and conflicts once the check has run
    model, total, phase_slugs, repeated = index_model(
        ws, lang, lane=lane, start=start, end=end, phase=phase, network=network, focus=focus_iri,
        report=report)
    moved = frozenset(iri_of(m["id"]) for m in (moves or []) if m.get("kind", "initiative") == "initiative")
    if moved and total > MAX_DRAWN and not moved <= {b.iri for b in model.bars.values()}:
        # a what-if on a big roadmap: what it moves, not the first bars of the whole plan
        model, total, phase_slugs, repeated = index_model(
            ws, lang, lane=lane, start=start, end=end, phase=phase, network=network, focus=focus_iri,
            report=report, only=moved)
    nets = [r["n"].value for r in ws.select("SELECT DISTINCT ?n WHERE { ?n a kg:Network }")]
    net_labels = labels_for(ws, nets, lang) if nets else {}
    from kg.roadmap.words import phase_name
    view = TimelineView(model.title, LABEL_W + PLOT_W + 20, 0,
                        phases=[(p, phase_name(p, lang)) for p in phase_slugs],
                        networks=sorted(((slug(k), v) for k, v in net_labels.items()), key=lambda x: x[1].casefold()),
                        start=model.start.isoformat(), end=model.end.isoformat(), lane=lane, repeated=repeated)
    s0, s1 = model.start.toordinal(), model.end.toordinal()
    span = max(1, s1 - s0)

    def x(d: date | None, default: float) -> float:
        if d is None:
            return default
        return LABEL_W + max(0.0, min(1.0, (d.toordinal() - s0) / span)) * PLOT_W

    shifts = {m["id"]: m for m in (moves or []) if m.get("kind", "initiative") == "initiative"}
    for b in model.bars.values():
        m = shifts.get(b.id)
        if m and m.get("shift_days"):
            b.change = "moved"
            b.old_start, b.old_end = b.start, b.end
            # what has started keeps its start (kg.roadmap.schedule); only its end moves
            if b.start and not m.get("already_started"):
                b.start = b.start.shifted(days=m["shift_days"])
            b.end = b.end.shifted(days=m["shift_days"]) if b.end else None

    y = AXIS_H
    for ln in model.lanes:
        bars = [model.bars[i] for i in ln.bars]
        if not bars:
            continue
        top = y
        y += 18  # the lane's name on a row of its own
        for b in bars:
            s = b.start.earliest if b.start else None
            e = (b.end.latest or b.end.earliest) if b.end else None
            if s is None and e is None:
                view.undated.append((b.id, b.label))
                continue
            x0, x1 = x(s, LABEL_W), x(e, LABEL_W + PLOT_W)
            bar = SvgBar(b.id, b.label, x0, max(4.0, x1 - x0), y, b.when, slug(b.phase or ""),
                         open_end=e is None, conflict=b.conflict, gaps=len(b.gaps))
            if b.start and b.start.latest and b.start.earliest and b.start.latest > b.start.earliest:
                bar.fade_start = (x0, max(0.0, x(b.start.latest, x0) - x0))
            if b.end and b.end.earliest and b.end.latest and b.end.latest > b.end.earliest:
                fx = x(b.end.earliest, x1)
                bar.fade_end = (fx, max(0.0, x1 - fx))
            if b.change == "moved":
                bar.moved = True
                m = shifts[b.id]
                bar.shift = f"+{m['shift_days']} d"
                os_ = b.old_start.earliest if b.old_start else None
                oe = (b.old_end.latest or b.old_end.earliest) if b.old_end else None
                gx0, gx1 = x(os_, LABEL_W), x(oe, LABEL_W + PLOT_W)
                bar.ghost = (gx0, max(4.0, gx1 - gx0))
            view.bars.append(bar)
            y += ROW_H
        if y == top + 18:  # nothing drawn in this lane (all capped or undated)
            y = top
        if y > top:
            view.lanes.append(SvgLane(ln.label, top, y - top))
            y += LANE_GAP
    view.total, view.capped = total, total - sum(len(ln.bars) for ln in model.lanes)
    view.height = int(y + 10)
    # ticks: years, or quarters on a short axis
    years = range(model.start.year, model.end.year + 1)
    quarters = (s1 - s0) < 3 * 366
    for yr in years:
        for q in ((1, 4, 7, 10) if quarters else (1,)):
            d = date(yr, q, 1)
            if model.start <= d <= model.end:
                view.ticks.append((x(d, 0), f"{yr}" if q == 1 else f"Q{(q + 2) // 3}"))
    for ms in model.milestones:
        mx0, mx1 = x(ms.earliest, 0), x(ms.latest, 0)
        view.milestones.append({"id": ms.id, "label": ms.label, "x": mx0, "w": max(0.0, mx1 - mx0),
                                "kind": ms.kind, "when": ms.earliest.isoformat() if ms.earliest == ms.latest
                                else f"{ms.earliest.isoformat()}/{ms.latest.isoformat()}"})
    if model.start <= model.today <= model.end:
        view.today = x(model.today, 0)
    return view
