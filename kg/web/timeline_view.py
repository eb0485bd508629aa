"""The timeline as the page draws it: the library's timeline model
(:func:`kg.exports.diagrams.model.build_timeline`, the one `kg diagram timeline` draws) laid out as
an SVG on the server. Positions are SVG attributes, not inline styles, so the page keeps
its strict Content-Security-Policy; a what-if's moves are applied to the model's bars
with the old position kept (ghosted), as `--since` does for a snapshot.
"""
from __future__ import annotations

import copy
import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from datetime import date

from kg.exports.diagrams.model import TooBig, build_timeline
from kg.errors import InputError
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


_MODELS: "OrderedDict[tuple, object]" = OrderedDict()
_MODELS_LOCK = threading.Lock()
MODELS_KEPT = 8


def _model(ws, lang, start, end, group_by, focus):
    """The library's timeline model, kept while the workspace's catalog is unchanged (every
    write changes it): reading every initiative costs seconds on a sector-scale workspace,
    and the page asks for the same model again and again. A copy is handed out, so a
    what-if's moves never touch the kept one."""
    key = (str(ws.path), ws.catalog_stamp(), lang, start, end, group_by, focus)
    with _MODELS_LOCK:
        hit = _MODELS.get(key)
        if hit is not None:
            _MODELS.move_to_end(key)
            return copy.deepcopy(hit)
    model = build_timeline(ws, lang, start=start, end=end, group_by=group_by, focus=focus)
    with _MODELS_LOCK:
        _MODELS[key] = model
        while len(_MODELS) > MODELS_KEPT:
            _MODELS.popitem(last=False)
    return copy.deepcopy(model)


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


def _when(text: str | None, end: bool, name: str) -> date | None:
    if not text:
        return None
    w = parse_when(text, column=name)
    return (w.latest or w.earliest) if end else w.earliest


def filtered_model(ws, lang: str, *, lane: str = "owner", phase: str | None = None, network: str | None = None,
                   start: date | None = None, end: date | None = None, focus: str | None = None):
    """The library's timeline model with only the bars of one phase and one network (what
    the page shows, and what /download/timeline.* draws with the same filters)."""
    model = _model(ws, lang, start, end, lane, focus)
    if not phase and not network:
        return model
    by_net = model if lane == "network" or not network else _model(ws, lang, start, end, "network", focus)
    net_of = {b.id: b.lane for b in by_net.bars.values()}
    keep = {k for k, b in model.bars.items()
            if (not phase or slug(b.phase or "") == phase)
            and (not network or slug(net_of.get(b.id, "") or "") == network)}
    model.bars = {k: b for k, b in model.bars.items() if k in keep}
    for ln in model.lanes:
        ln.bars = [i for i in ln.bars if i in keep]
    model.lanes = [ln for ln in model.lanes if ln.bars]
    model.arrows = [a for a in model.arrows if a.src in keep and a.dst in keep]
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
    try:
        # lanes by challenge: the library's model in one lane, then laid out per challenge here
        model = _model(ws, lang, start, end, "none" if lane == "challenge" else lane, focus_iri)
        # each bar's network, only when the filter asks for one (a second pass over the roadmap)
        by_net = model if lane == "network" or not network else \
            _model(ws, lang, start, end, "network", focus_iri)
    except TooBig as e:
        return TimelineView("", 0, 0, too_big=e.message(lang))
    repeated = challenge_lanes(ws, lang, model) if lane == "challenge" else 0
    net_of = {b.id: b.lane for b in by_net.bars.values()}
    nets = [r["n"].value for r in ws.select("SELECT DISTINCT ?n WHERE { ?n a kg:Network }")]
    net_labels = labels_for(ws, nets, lang) if nets else {}
    from kg.ids import resolve
    phase_iris = {p: resolve(ws, p) for p in sorted({b.phase for b in model.bars.values() if b.phase})}
    plabels = labels_for(ws, list(phase_iris.values()), lang) if phase_iris else {}
    view = TimelineView(model.title, LABEL_W + PLOT_W + 20, 0,
                        phases=[(p, plabels.get(iri, p)) for p, iri in phase_iris.items()],
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

    def keep(b) -> bool:
        if phase and slug(b.phase or "") != phase:
            return False
        if network and slug(net_of.get(b.id, "") or "") != network:
            return False
        return True

    y = AXIS_H
    for ln in model.lanes:
        bars = [model.bars[i] for i in ln.bars if keep(model.bars[i])]
        if not bars:
            continue
        top = y
        y += 18  # the lane's name on a row of its own
        for b in bars:
            view.total += 1
            if len(view.bars) >= MAX_DRAWN:
                view.capped += 1
                continue
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
