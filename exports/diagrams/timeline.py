"""The timeline as DOT with fixed positions (drawn by ``neato -n2``), or a Mermaid gantt;
and the seed's "drawing board" (``--style board``) as DOT for ``dot``.

The timeline has a real time axis (years and quarters), one lane per owner, phase or
network, a bar per initiative whose certain part is solid and whose uncertain ends are
faded windows (an open end fades out; no date is ever invented), the regulation windows
(KI-loven) as shaded bands and the AI Act application dates as milestones, dependency
arrows (order conflicts in red) and a line for today.

Every position is computed here, so the DOT text is deterministic and the layout
engine only draws: ``render_dot(text, fmt, engine="neato")``.
"""
from __future__ import annotations

import re
import textwrap
from datetime import date, timedelta

from kg.exports.diagrams.model import FONT, CTRL_CHARS, dot_html as h, dot_quote as q
from kg.exports.diagrams.model import (
    CONFLICT_COLOUR,
    GAP_COLOUR,
    KIND_COLOURS,
    RISK_COLOUR,
    BoardDiagram,
    TimelineDiagram,
    gap_names,
    phase_colours,
)
from kg.roadmap.words import PHASES, phase_name, status_name, tr

ENGINE = "neato"  # positions are fixed: render with neato -n2
BOARD_ENGINE = "dot"
MAX_CARDS = 14    # cards per board column; the rest are counted

LABEL_W = 270.0   # the left column with the names
GUTTER = 14.0     # between names and axis
ROW_H = 24.0
LANE_H = 26.0
BAR_H = 14.0
PAD = 16.0




def _cut(s: str, n: int) -> str:
    return s if len(s) <= n else s[: n - 1].rstrip() + "…"


def _text_w(s: str, size: float) -> float:
    return len(s) * size * 0.58 + 6


class _Canvas:
    """Collects positioned nodes and edges; y grows downwards until written out."""

    def __init__(self):
        self.items: list[tuple[str, float, float, dict]] = []  # (kind, x, y, attrs)
        self.edges: list[tuple[list[tuple[float, float]], dict]] = []
        self.n = 0

    def box(self, x0, y0, x1, y1, fill, line="none", pen=0.0, tooltip="", style="filled", id_="", gradient=False):
        w, hgt = max(x1 - x0, 0.5), max(y1 - y0, 0.5)
        a = {"shape": "box", "style": style, "fillcolor": fill, "color": line, "penwidth": pen,
             "width": w / 72, "height": hgt / 72, "label": '""'}
        if gradient:  # "a:b" fades from a (left) to b (right)
            a["gradientangle"] = 0
        if tooltip:
            a["tooltip"] = q(tooltip)
        if id_:
            a["id"] = q(id_)
        self.items.append(("node", x0 + w / 2, y0 + hgt / 2, a))

    def diamond(self, x, y, size, fill, line, tooltip=""):
        self.items.append(("node", x, y, {"shape": "diamond", "style": "filled", "fillcolor": fill, "color": line,
                                          "penwidth": 1, "width": size / 72, "height": size / 72, "label": '""',
                                          "tooltip": q(tooltip)}))

    def text(self, x, y, w, text_html, align="LEFT", hgt=ROW_H, tooltip=""):
        """A text cell of width w whose left edge (or centre, or right edge) is at x."""
        cx = {"LEFT": x + w / 2, "CENTER": x, "RIGHT": x - w / 2}[align]
        label = (f'<<TABLE BORDER="0" CELLPADDING="0" CELLSPACING="0" FIXEDSIZE="TRUE" WIDTH="{w:.0f}" '
                 f'HEIGHT="{hgt:.0f}"><TR><TD ALIGN="{align}" VALIGN="MIDDLE" WIDTH="{w:.0f}" HEIGHT="{hgt:.0f}">'
                 f"{text_html}</TD></TR></TABLE>>")
        a = {"shape": "plain", "label": label}
        if tooltip:
            a["tooltip"] = q(tooltip)
        self.items.append(("node", cx, y, a))

    def curve(self, pts, **attrs):
        self.edges.append((pts, attrs))

    def dot(self, total_h: float, graph_attrs: str) -> str:
        out = ["digraph kg_timeline {",
               f"  graph [{graph_attrs}, outputorder=nodesfirst, splines=true];",
               f'  node [fontname={q(FONT)}, fontsize=10, fixedsize=true, margin=0];',
               '  edge [arrowsize=0.7];']
        ids = []
        for i, (kind, x, y, a) in enumerate(self.items):
            a = dict(a)
            if a.get("shape") == "plain":
                a.pop("fixedsize", None)
                extra = ", fixedsize=false"
            else:
                extra = ""
            attrs = ", ".join(f"{k}={_v(v)}" for k, v in a.items())
            out.append(f'  i{i} [pos="{x:.1f},{total_h - y:.1f}!", {attrs}{extra}];')
            ids.append(f"i{i}")
        for j, (pts, a) in enumerate(self.edges):
            # edges need endpoints: two invisible point nodes at the curve's ends
            (x0, y0), (x3, y3) = pts[0], pts[-1]
            out.append(f'  e{j}a [pos="{x0:.1f},{total_h - y0:.1f}!", shape=point, width=0.01, height=0.01, style=invis, label=""];')
            out.append(f'  e{j}b [pos="{x3:.1f},{total_h - y3:.1f}!", shape=point, width=0.01, height=0.01, style=invis, label=""];')
            arrow = a.pop("arrow", True)
            ps = " ".join(f"{x:.1f},{total_h - y:.1f}" for x, y in pts[:-1])
            if arrow:
                # the spline stops short of the tip; graphviz draws the arrowhead to the tip
                tx, ty = pts[-1]
                bx, by = pts[-2]
                sx, sy = tx - 7 if tx >= bx else tx + 7, ty
                ps = " ".join(f"{x:.1f},{total_h - y:.1f}" for x, y in pts[:-1]) + f" {sx:.1f},{total_h - sy:.1f}"
                pos = f"e,{tx:.1f},{total_h - ty:.1f} {ps}"
            else:
                pos = ps + f" {x3:.1f},{total_h - y3:.1f}"
                a["dir"] = "none"
            attrs = ", ".join(f"{k}={_v(v)}" for k, v in a.items())
            out.append(f'  e{j}a -> e{j}b [pos="{pos}", {attrs}];')
        out.append("}")
        return "\n".join(out) + "\n"


def _v(v) -> str:
    if isinstance(v, float):
        return f"{v:.3f}".rstrip("0").rstrip(".")
    if isinstance(v, int):
        return str(v)
    s = str(v)
    if s.startswith("<") or (s.startswith('"') and s.endswith('"')):
        return s
    return q(s)


def _after(day: date) -> date:
    """The next day, kept inside the calendar (an end in 9999 must not overflow)."""
    return day + timedelta(days=1) if day < date.max else day


def _x_of(d: TimelineDiagram, x0: float, width: float):
    span = (d.end - d.start).days or 1

    def x(day: date) -> float:
        day = min(max(day, d.start), _after(d.end))
        return x0 + width * (day - d.start).days / (span + 1)
    return x


def _quarters(a: date, b: date):
    y, m = a.year, ((a.month - 1) // 3) * 3 + 1
    while y <= 9999 and date(y, m, 1) <= b:  # the calendar ends in 9999
        yield date(y, m, 1), (m - 1) // 3 + 1
        m += 3
        if m > 12:
            y, m = y + 1, 1


def to_dot(d: TimelineDiagram, *, id_prefix: str = "") -> str:
    """The timeline as DOT with every position fixed (``neato -n2``). Deterministic."""
    lang = d.lang
    years = d.end.year - d.start.year + 1
    width = max(760.0, min(years * 230.0, 2400.0))
    size = getattr(d, "size", None)
    if size:  # as wide as the page's shape asks for, given how tall the rows make it
        from kg.exports.diagrams.page_sizes import PAGE_SIZES
        pw, ph = PAGE_SIZES[size]
        est_h = 160 + LANE_H * len(d.lanes) + ROW_H * len(d.bars) + 90
        width = max(420.0, min(est_h * pw / ph - (2 * PAD + LABEL_W + GUTTER), 2400.0))
    x0 = PAD + LABEL_W + GUTTER
    x = _x_of(d, x0, width)
    x_end = x0 + width
    c = _Canvas()
    y = PAD
    # -- time axis: years, then quarters
    for yr in range(d.start.year, d.end.year + 1):
        a, b = x(max(date(yr, 1, 1), d.start)), x(min(_after(date(yr, 12, 31)), _after(d.end)))
        c.box(a, y, b, y + 22, "#37474f" if yr % 2 else "#455a64", "#ffffff", 1.0)
        c.text((a + b) / 2, y + 11, b - a, f'<FONT COLOR="#ffffff" POINT-SIZE="12"><B>{yr}</B></FONT>', "CENTER", 22)
    y += 22
    for qd, qn in _quarters(d.start, d.end):
        a = x(max(qd, d.start))
        nxt = date(qd.year + 1, 1, 1) if qd.month == 10 and qd.year < 9999 else (
            date(qd.year, qd.month + 3, 1) if qd.month < 10 else date.max)
        b = x(min(nxt, _after(d.end)))
        c.box(a, y, b, y + 16, "#eceff1", "#ffffff", 1.0)
        if b - a > 18:
            c.text((a + b) / 2, y + 8, b - a, f'<FONT POINT-SIZE="8" COLOR="#455a64">{"K" if lang == "nb" else "Q"}{qn}</FONT>',
                   "CENTER", 16)
    y += 16
    axis_bottom = y
    # -- milestones: regulation windows as bands (drawn below), AI Act dates as diamonds with stacked labels
    reg_top = y + 6
    c.text(PAD, reg_top + ROW_H / 2, LABEL_W - 10,
           f'<B>{h(tr(lang, ("Regelverk", "Regulation")))}</B>', "LEFT")
    windows = [m for m in d.milestones if m.latest > m.earliest]
    points: dict[date, list] = {}
    for m in d.milestones:
        if m.latest == m.earliest:
            points.setdefault(m.earliest, []).append(m)
    rows_end: list[float] = []
    placed = []
    for day in sorted(points):
        ms = points[day]
        amended_only = all(m.note for m in ms)
        names = "; ".join(dict.fromkeys(m.label for m in ms))
        short = day.isoformat() + (f" · {tr(lang, ('endret', 'amended'))}" if amended_only else "")
        w = _text_w(short, 8.5)
        px = x(day)
        left = px + 8 + w > x_end  # near the chart's right edge the label goes left of its diamond
        a, z = (px - 8 - w, px + 8) if left else (px - 6, px + 8 + w)
        for r, end in enumerate(rows_end):
            if a >= end:
                rows_end[r] = z
                break
        else:
            r = len(rows_end)
            rows_end.append(z)
        placed.append((day, px, r, short, names, amended_only, w, left))
    n_rows = max(1, len(rows_end))
    for day, px, r, short, names, amended_only, w, left in placed:
        yy = reg_top + 8 + r * 15
        fill, line = (("#ffffff", "#8e24aa") if amended_only else ("#8e24aa", "#6a1b9a"))
        c.diamond(px, yy, 9, fill, line, f"{day.isoformat()}: {names}")
        c.text(px - 7 if left else px + 7, yy, w, f'<FONT POINT-SIZE="8.5" COLOR="#4a148c">{h(short)}</FONT>',
               "RIGHT" if left else "LEFT", 13, tooltip=f"{day.isoformat()}: {names}")
    y = reg_top + 8 + n_rows * 15 + 6
    # -- lanes and bars
    lanes_top = y  # grid and today line start here, clear of the milestone labels above
    rows = []  # (bar, y centre)
    band = 0
    for lane in d.lanes:
        c.box(PAD, y, x_end, y + LANE_H, "#cfd8dc" if band % 2 == 0 else "#d7dee2")
        c.text(PAD + 6, y + LANE_H / 2, LABEL_W + width - 12, f'<B>{h(_cut(lane.label, 120))}</B>', "LEFT", LANE_H)
        y += LANE_H
        for bid in lane.bars:
            c.box(PAD, y, x_end, y + ROW_H, "#fafbfc" if band % 2 == 0 else "#f3f5f7")
            rows.append((d.bars[bid], y + ROW_H / 2))
            y += ROW_H
        band += 1
    chart_bottom = y
    # vertical grid over the lanes (thin boxes, so they sit under the bars)
    for qd, qn in _quarters(d.start, d.end):
        if qd <= d.start:
            continue
        gx = x(qd)
        if qn == 1:
            c.box(gx - 0.6, lanes_top, gx + 0.6, chart_bottom, "#90a4ae")
        else:
            c.box(gx - 0.3, lanes_top, gx + 0.3, chart_bottom, "#dfe4e8")
    # regulation windows (KI-loven) as shaded bands over the whole chart
    for wi, m in enumerate(windows):
        a, b = x(m.earliest), x(_after(m.latest))
        tip = f"{m.label}: {m.earliest.isoformat()} – {m.latest.isoformat()}" + (f" ({m.note})" if m.note else "")
        c.box(a, axis_bottom, b, chart_bottom, "#ad145726", KIND_COLOURS["regulation"][1], 0.8, tip, "filled,dashed")
        lab = f"{m.label} ({tr(lang, ('ventet i kraft', 'expected in force'))})"
        c.text(a + 3, chart_bottom + 9 + 14 * wi, _text_w(lab, 8.5) + 4,
               f'<FONT POINT-SIZE="8.5" COLOR="#ad1457"><B>{h(lab)}</B></FONT>', "LEFT", 14, tooltip=tip)
    # bars
    ends: dict[str, tuple[float, float]] = {}
    starts: dict[str, tuple[float, float]] = {}
    # a dependency whose prerequisite has no known end has no timing to draw: the
    # dependent's tooltip names it, and the dependency diagram draws it
    untimed: dict[str, list[str]] = {}
    for a in d.arrows:
        pre = d.bars.get(a.src)
        if pre is not None and a.dst in d.bars and not (pre.end and (pre.end.earliest or pre.end.latest)):
            untimed.setdefault(a.dst, []).append(pre.label)
    for b, cy in rows:
        fill, line = phase_colours(b.phase)
        if b.faded:  # `--network`: a prerequisite from outside the network
            fill, line = "#f5f5f5", "#b0bec5"
        tip = f"{b.label} ({b.id})\n{b.when or tr(lang, ('ingen datoer', 'no dates'))}"
        if b.status:
            tip += f"\n{status_name(b.status, lang)}"
        if b.conflict:
            tip += "\n" + tr(lang, ("⚠ starter før noe den avhenger av kan være ferdig",
                                    "⚠ starts before something it depends on can be done"))
        if b.id in untimed:
            tip += "\n" + tr(lang, ("Avhenger av (slutt ukjent): ", "Depends on (end unknown): ")) + ", ".join(untimed[b.id])
        if b.at_risk:
            tip += "\n" + tr(lang, ("⚠ i fare: passer bare hvis alt før slutter tidligst mulig: ",
                                    "⚠ at risk: fits only if everything before it ends at its earliest: ")) + " → ".join(b.risk_chain)
        tip += "".join(f"\n⚠ {g.code}: {g.message}" if g.message else f"\n⚠ {g.code}" for g in b.gaps)
        mark = f' <FONT COLOR="{GAP_COLOUR}">⚠</FONT>' if (b.gaps or b.conflict) else (
            f' <FONT COLOR="{RISK_COLOUR}">⚠</FONT>' if b.at_risk else "")
        name = h(_cut(b.label, 40))
        if b.faded:
            name = f'<FONT COLOR="#78909c"><I>{name}</I></FONT>'
        c.text(PAD + 14, cy, LABEL_W - 20, f"{name}{mark}", "LEFT", ROW_H, tooltip=tip)
        top, bot = cy - BAR_H / 2, cy + BAR_H / 2
        s, e = b.start, b.end
        s_e = s.earliest if s and s.earliest else None
        s_l = (s.latest or s.earliest) if s else None
        e_e = (e.earliest or e.latest) if e else None
        e_l = e.latest if e else None
        border = CONFLICT_COLOUR if b.conflict else (RISK_COLOUR if b.at_risk else line)
        pen = 2.0 if b.conflict else (1.6 if b.at_risk else 0.8)
        soft = line + "40"
        if b.change == "moved" and (b.old_start or b.old_end):
            _ghost(c, x, d, b, cy, s, lang)
        if b.change == "added":
            c.text(PAD + LABEL_W - 34, cy, 30, f'<FONT POINT-SIZE="8" COLOR="#2e7d32"><B>{h(tr(lang, ("NY", "NEW")))}</B></FONT>',
                   "RIGHT", ROW_H, tooltip=tr(lang, (f"Ny siden {d.since}", f"New since {d.since}")))
        if s_e is None and e_e is None:
            c.text(x0 + 4, cy, 200, f'<FONT POINT-SIZE="9" COLOR="#78909c"><I>{h(tr(lang, ("ingen datoer", "no dates")))}</I></FONT>',
                   "LEFT", ROW_H, tooltip=tip)
            continue
        if s_e is not None and s.latest is None:
            # an open start window ("2026+": from 2026, latest not known): the whole bar is
            # uncertain, so it is drawn as a window (pale, dashed) to its end, or to the
            # chart's edge when the end is unknown too — never as solid as a certain bar
            z = x(_after(e_l)) if e_l else (x(e_e) if e_e else x_end)
            c.box(x(s_e), top, max(z, x(s_e) + 3), bot, soft, border, pen, tip, "filled,dashed",
                  id_prefix + "bar-" + b.id)
            if e_e is None:
                c.text(x_end - 14, cy, 14, f'<FONT POINT-SIZE="10" COLOR="{line}"><B>?</B></FONT>', "CENTER", ROW_H,
                       tooltip=tip)
            ends[b.id] = (z, cy, e_e is not None)
            starts[b.id] = (x(s_e), cy)
            continue
        if s_e is None:  # only an end: the start is unknown, fade in from the axis
            c.box(x(d.start), top, x(e_e), bot, f"{line}00:{line}66", border if b.conflict else "none", pen, tip,
                  "filled", id_prefix + "bar-" + b.id, gradient=True)
            solid_a = solid_b = x(e_e)
        else:
            if s_l and s_l > s_e:  # uncertain start window
                c.box(x(s_e), top, x(_after(s_l)), bot, soft, border, pen, tip, "filled,dashed")
            solid_a = x(_after(s_l)) if s_l and s_l > s_e else x(s_e)
            if e_e is None:  # open end: fade to the edge of the chart
                c.box(solid_a, top, x_end, bot, f"{line}77:{line}00", border if b.conflict else "none", pen, tip,
                      "filled", id_prefix + "bar-" + b.id, gradient=True)
                c.text(x_end - 14, cy, 14, f'<FONT POINT-SIZE="10" COLOR="{line}"><B>?</B></FONT>', "CENTER", ROW_H,
                       tooltip=tip)
                solid_b = solid_a
            else:
                solid_b = x(e_e)
                if solid_b > solid_a:
                    c.box(solid_a, top, solid_b, bot, line, border, pen, tip, "filled", id_prefix + "bar-" + b.id)
                else:
                    solid_b = solid_a
                if e_l and e_l > e_e:
                    c.box(solid_b, top, x(_after(e_l)), bot, soft, border, pen, tip, "filled,dashed")
        ends[b.id] = (solid_b if e_e else solid_a, cy, e_e is not None)
        starts[b.id] = (x(s_e) if s_e else x(d.start), cy)
    # today
    if d.start <= d.today <= d.end:
        tx = x(d.today)
        c.curve([(tx, lanes_top), (tx, lanes_top + 1), (tx, chart_bottom - 1), (tx, chart_bottom)],
                arrow=False, color="#e65100", penwidth=1.6, style="dashed",
                tooltip=q(f"{tr(lang, ('I dag', 'Today'))} {d.today.isoformat()}"))
        lab = f"{tr(lang, ('I dag', 'Today'))} {d.today.isoformat()}"
        c.text(tx, chart_bottom + 24 + 14 * max(0, len(windows) - 1), _text_w(lab, 9) + 6, f'<FONT POINT-SIZE="9" COLOR="#e65100"><B>{h(lab)}</B></FONT>',
               "CENTER", 14)
    # dependency arrows: from the end of the prerequisite to the start of the dependent
    # (only where both are known: see ``untimed`` above)
    row_y = {b.id: cy for b, cy in rows}
    for a in d.arrows:
        if a.src not in row_y or a.dst not in row_y:
            continue
        colour = CONFLICT_COLOUR if a.state == "conflict" else (RISK_COLOUR if a.state == "risk" else "#546e7a")
        txt = tr(lang, ("avhenger av", "depends on"))
        attrs = {"color": colour, "penwidth": 1.8 if a.state in ("conflict", "risk") else 1.0,
                 "style": "solid" if a.hard else "dashed",
                 "tooltip": q(f"{d.bars[a.dst].label} {txt} {d.bars[a.src].label}"
                              + (" — " + tr(lang, ("rekkefølgekonflikt", "order conflict")) if a.state == "conflict" else "")
                              + (" — " + tr(lang, ("i fare: ingen slakk", "at risk: no slack")) if a.state == "risk" else ""))}
        if not (a.src in ends and a.dst in starts and ends[a.src][2]):
            continue
        (ax, ay, _), (bx, by) = ends[a.src], starts[a.dst]
        if bx >= ax + 20:
            bend = max(24.0, (bx - ax) / 3)
            pts = [(ax, ay), (ax + bend, ay), (bx - bend, by), (bx, by)]
        else:  # backwards in time (an order problem) or nearly vertical: an S-curve
            dy = (by - ay) * 0.6
            pts = [(ax, ay), (ax + 6, ay + dy), (bx - 14, by - dy), (bx, by)]
        c.curve(pts, **attrs)
    # legend under the chart
    y = chart_bottom + 44 + 14 * max(0, len(windows) - 1)
    items = []
    for p in PHASES:
        fill, line = phase_colours(p)
        items.append((f'<TD BGCOLOR="{line}" WIDTH="26" HEIGHT="10"> </TD>', phase_name(p, lang)))
    items.append((f'<TD BGCOLOR="{phase_colours("fase-planlagt")[1]}40" BORDER="1" STYLE="dashed" COLOR="{phase_colours("fase-planlagt")[1]}" WIDTH="26" HEIGHT="10"> </TD>',
                  tr(lang, ("Usikker start/slutt (vindu)", "Uncertain start/end (window)"))))
    items.append((f'<TD BGCOLOR="{phase_colours("fase-planlagt")[1]}77:{phase_colours("fase-planlagt")[1]}00" '
                  f'GRADIENTANGLE="0" WIDTH="26" HEIGHT="10"> </TD>', tr(lang, ("Åpen slutt (ikke kjent)", "Open end (not known)"))))
    items.append((f'<TD><FONT COLOR="{CONFLICT_COLOUR}">━━▶</FONT></TD>', tr(lang, ("Rekkefølgekonflikt", "Order conflict"))))
    if any(b.at_risk for b in d.bars.values()):
        items.append((f'<TD><FONT COLOR="{RISK_COLOUR}">━━▶</FONT></TD>',
                       tr(lang, ("I fare: passer bare hvis alt før slutter tidligst", "At risk: fits only if all before ends earliest"))))
    items.append(('<TD><FONT COLOR="#546e7a">━━▶</FONT></TD>',
                  tr(lang, ("Avhengighet (når forutsetningens slutt er kjent)", "Dependency (when the prerequisite's end is known)"))))
    if any(b.faded for b in d.bars.values()):
        items.append(('<TD BGCOLOR="#f5f5f5" BORDER="1" COLOR="#b0bec5" WIDTH="26" HEIGHT="10"> </TD>',
                      tr(lang, ("Forutsetning utenfor nettverket", "Prerequisite outside the network"))))
    items.append(('<TD><FONT COLOR="#8e24aa">◆</FONT></TD>', tr(lang, ("AI Act-dato (åpen: endret tekst)", "AI Act date (hollow: amended text)"))))
    items.append(('<TD BGCOLOR="#ad145726" WIDTH="26" HEIGHT="10"> </TD>', tr(lang, ("Ventet ikrafttredelse", "Expected entry into force"))))
    items.append(('<TD><FONT COLOR="#e65100">┆</FONT></TD>', tr(lang, ("I dag", "Today"))))
    if d.since:
        items.append((f'<TD BGCOLOR="{GHOST_FILL}" BORDER="1" STYLE="dashed" COLOR="{GHOST_LINE}" WIDTH="26" HEIGHT="6"> </TD>',
                      tr(lang, (f"Før (øyeblikksbilde {d.since})", f"Before (snapshot {d.since})"))))
        items.append(('<TD><FONT COLOR="#2e7d32"><B>NY</B></FONT></TD>' if lang == "nb" else
                      '<TD><FONT COLOR="#2e7d32"><B>NEW</B></FONT></TD>',
                      tr(lang, (f"Nytt siden {d.since}", f"New since {d.since}"))))
    # legend rows as wide as the chart (a page-sized timeline can be narrow)
    rows_, cur, used = [], [], 0.0
    for it in items:
        iw = _text_w(it[1], 10) + 44
        if cur and (used + iw > LABEL_W + GUTTER + width or len(cur) == 5):
            rows_.append(cur)
            cur, used = [], 0.0
        cur.append(it)
        used += iw
    rows_.append(cur)
    for row in rows_:
        if not row:
            continue
        cells = "".join(f'{sw}<TD ALIGN="LEFT">{h(t)}   </TD>' for sw, t in row)
        lw = sum(_text_w(t, 10) + 44 for _, t in row)
        c.text(PAD, y, lw, f'<TABLE BORDER="0" CELLSPACING="3" CELLPADDING="1"><TR>{cells}</TR></TABLE>', "LEFT", 22)
        y += 22
    total_h = y
    graph = (f'label=<<FONT POINT-SIZE="22"><B>{h(d.title)}</B></FONT>>, labelloc=t, labeljust=l, '
             f'fontname={q(FONT)}, bgcolor="white", pad=0.3, id={q(id_prefix + "graph")}')
    return c.dot(total_h, graph)


GHOST_FILL = "#90a4ae55"
GHOST_LINE = "#607d8b"


def _ghost(c, x, d, b, cy, new_start, lang) -> None:
    """The old position of a moved bar: a thin dashed outline along the top of its row,
    and an arrow from the old start to the new one."""
    os_, oe = b.old_start, b.old_end
    a = (os_.earliest if os_ and os_.earliest else None) or (oe.earliest if oe else None)
    z = (oe.latest or oe.earliest) if oe else ((os_.latest or os_.earliest) if os_ else None)
    if a is None:
        return
    a = max(a, d.start)
    z = min(z, d.end) if z else d.end
    if z < a:
        z = a
    top = cy - BAR_H / 2 - 3
    tip = tr(lang, (f"Før: {os_.text() if os_ else '?'} – {oe.text() if oe else '?'} (øyeblikksbilde {d.since})",
                    f"Before: {os_.text() if os_ else '?'} – {oe.text() if oe else '?'} (snapshot {d.since})"))
    c.box(x(a), top - 4, max(x(_after(z)), x(a) + 3), top, GHOST_FILL, GHOST_LINE, 0.8, tip, "filled,dashed")
    ns = new_start.earliest if new_start and new_start.earliest else None
    if ns and d.start <= ns <= d.end and abs(x(ns) - x(a)) > 6:
        c.curve([(x(a), top - 2), (x(a) + (x(ns) - x(a)) / 3, top - 2), (x(ns) - (x(ns) - x(a)) / 3, cy - 2), (x(ns), cy - 2)],
                color=GHOST_LINE, penwidth=1.2, style="solid", tooltip=q(tip))


# ---------------------------------------------------------------- Mermaid gantt

def _gantt_text(s: str) -> str:
    """A task name Mermaid's gantt parser takes as text: no ':' '#' ';', no markup, and not
    starting with a digit (it would be read as a date)."""
    t = (CTRL_CHARS.sub("", str(s)).replace(":", " –").replace("#", "").replace(";", ",").replace("<", "‹")
         .replace(">", "›").replace("\n", " ").strip())
    return "‣ " + t if t[:1].isdigit() else t


def _milestone_name(m) -> str:
    """An AI Act date's name without the date it starts with (the bar shows the date)."""
    return re.sub(r"^\d{4}-\d{2}-\d{2}\s*[–-]\s*", "", m.label) or m.label


def to_mermaid(d: TimelineDiagram) -> str:
    """The timeline as a Mermaid gantt: a bar from the earliest start to the latest end
    (the whole window); an open end is a milestone at the start, never an invented date."""
    lang = d.lang
    out = ["gantt", f"  title {_gantt_text(d.title)}", "  dateFormat YYYY-MM-DD", "  axisFormat %Y-%m",
           f"  todayMarker stroke-width:3px,stroke:#e65100"]
    tags = {"fase-etablert": "done, ", "fase-pagaende": "active, "}
    regs = [m for m in d.milestones]
    if regs:
        out.append(f"  section {_gantt_text(tr(lang, ('Regelverk', 'Regulation')))}")
        for i, m in enumerate(regs):
            if m.latest > m.earliest:
                out.append(f"  {_gantt_text(m.label)} ({_gantt_text(tr(lang, ('vindu', 'window')))}) :crit, m{i}, "
                           f"{m.earliest.isoformat()}, {m.latest.isoformat()}")
            else:
                name = _milestone_name(m)
                if m.kind == "application-date" and not name.lower().startswith(("ai act", "ki-forordning")):
                    name = f"AI Act {name}"
                out.append(f"  {_gantt_text(name)} :milestone, m{i}, {m.earliest.isoformat()}, 0d")
    used: set[str] = set()
    for lane in d.lanes:
        out.append(f"  section {_gantt_text(lane.label)}")
        for bid in lane.bars:
            b = d.bars[bid]
            tid = "b_" + "".join(ch if ch.isalnum() else "_" for ch in b.id)
            n, base = 1, tid
            while tid in used:  # one initiative in two lanes (lanes by challenge): a task each
                n += 1
                tid = f"{base}_{n}"
            used.add(tid)
            tag = ("crit, " if b.conflict else "") + tags.get(b.phase or "", "")
            s = b.start.earliest if b.start and b.start.earliest else None
            e = (b.end.latest or b.end.earliest) if b.end else None
            label = _gantt_text(("⚠ " if b.at_risk else "") + b.label)  # at risk (the scheduling model)
            if s and e:
                out.append(f"  {label} :{tag}{tid}, {s.isoformat()}, {e.isoformat()}")
            elif s:
                out.append(f"  {label} ({_gantt_text(tr(lang, ('slutt ukjent', 'end unknown')))}) :{tag}milestone, "
                           f"{tid}, {s.isoformat()}, 0d")
            elif e:
                out.append(f"  {label} ({_gantt_text(tr(lang, ('start ukjent', 'start unknown')))}) :{tag}milestone, "
                           f"{tid}, {e.isoformat()}, 0d")
            else:
                out.append(f"  %% {label}: {_gantt_text(tr(lang, ('ingen datoer', 'no dates')))}")
    return "\n".join(out) + "\n"


# ---------------------------------------------------------------- the board (three columns)

CARD_W = 310
MAX_PAGES = 20


def _card_height(it) -> float:
    """Estimated height of a card in points (the wrapping below, DejaVu Sans)."""
    n_label = len(textwrap.wrap(_cut(it.label, 110), 34) or [it.label])
    n_desc = len(textwrap.wrap(_cut(it.description, 200), 50)) if it.description else 0
    n_gaps = len(textwrap.wrap("⚠ " + ", ".join(g.code for g in it.gaps), 52)) if it.gaps else 0
    return 18 + 15 * n_label + 11 * n_desc + 11 + 10 * n_gaps + 12  # padding, lines, meta, spacing


def board_pages(b: BoardDiagram) -> list[BoardDiagram]:
    """The board laid out for its page size (``b.size``), split over as many pages as
    its tallest column needs: page k holds the k-th run of cards of every column."""
    import dataclasses
    from kg.exports.diagrams.page_sizes import PAGE_SIZES
    if not getattr(b, "size", None):
        return [b]
    pw, ph = PAGE_SIZES[b.size]
    natural_w = max(len(b.columns), 1) * (CARD_W + 12) + 12 + 43
    scale = min(1.0, pw / natural_w)
    room = ph / scale - 43 - 42 - 52  # pad, title, column headings
    runs: list[list[list]] = []  # per column, its runs of cards
    for col in b.columns:
        cur, used, col_runs = [], 0.0, []
        for it in col.items:
            hgt = _card_height(it)
            if cur and used + hgt > room:
                col_runs.append(cur)
                cur, used = [], 0.0
            cur.append(it)
            used += hgt
        col_runs.append(cur)
        runs.append(col_runs)
    n = max(len(r) for r in runs) if runs else 1
    shown = min(n, MAX_PAGES)
    pages = []
    for k in range(shown):
        cols = [dataclasses.replace(col, items=(r[k] if k < len(r) else [])) for col, r in zip(b.columns, runs)]
        title = b.title if n == 1 else f"{b.title} ({k + 1}/{shown})"
        pages.append(dataclasses.replace(b, title=title, columns=cols, page=(k + 1, shown)))
    if n > shown:  # say so on the last page: nothing is left out silently
        left = sum(len(x) for r in runs for x in r[shown:])
        last = pages[-1]
        last.title += tr(b.lang, (f" — + {left} tiltak til", f" — + {left} more initiatives"))
    return pages


def board_to_dot(b: BoardDiagram) -> str:
    """The seed's drawing board: a column of cards per phase (a grid, so cards line up).
    Laid out for a page (``size``, see :func:`board_pages`) it shows every card it is given;
    otherwise the first MAX_CARDS of each column and how many more."""
    lang = b.lang
    limit = None if getattr(b, "size", None) else MAX_CARDS
    heads, columns = [], []
    for col in b.columns:
        fill, line = phase_colours(col.key or None)
        heads.append(f'<TD ALIGN="LEFT" BGCOLOR="{line}" CELLPADDING="10" STYLE="rounded" WIDTH="310">'
                     f'<FONT COLOR="#ffffff" POINT-SIZE="15"><B>{h(col.heading)}</B></FONT></TD>')
        cards = []
        for it in col.items[:limit]:
            lines = [f'<FONT POINT-SIZE="12"><B>{h(x)}</B></FONT>' for x in textwrap.wrap(_cut(it.label, 110), 34) or [it.label]]
            if it.description:
                lines += [f'<FONT POINT-SIZE="9" COLOR="#37474f">{h(x)}</FONT>'
                          for x in textwrap.wrap(_cut(it.description, 200), 50)]
            meta = " · ".join(x for x in (status_name(it.status, lang) if it.status else "", it.when) if x)
            if meta:
                lines.append(f'<FONT POINT-SIZE="9" COLOR="{line}"><B>{h(meta)}</B></FONT>')
            if it.gaps:
                lines += [f'<FONT POINT-SIZE="8.5" COLOR="{GAP_COLOUR}">{h(x)}</FONT>'
                          for x in textwrap.wrap("⚠ " + gap_names(it.gaps, lang), 52)]
            cards.append(f'<TD BGCOLOR="{fill}" COLOR="{line}" BORDER="1" STYLE="rounded" CELLPADDING="9" '
                         f'ALIGN="LEFT" BALIGN="LEFT" VALIGN="TOP" WIDTH="310">{"<BR/>".join(lines)}</TD>')
        if limit is not None and len(col.items) > limit:
            more = len(col.items) - limit
            cards.append(f'<TD WIDTH="310" ALIGN="LEFT"><FONT COLOR="{line}"><B>'
                         f'{h(tr(lang, (f"+ {more} tiltak til", f"+ {more} more initiatives")))}</B></FONT></TD>')
        if not cards:
            cards.append(f'<TD WIDTH="310"><FONT COLOR="#90a4ae"><I>{h(tr(lang, ("ingen", "none")))}</I></FONT></TD>')
        columns.append(cards)
    depth = max(len(c) for c in columns) if columns else 0
    rows = [f'<TR>{"".join(heads)}</TR>']
    for i in range(depth):
        rows.append("<TR>" + "".join(c[i] if i < len(c) else '<TD WIDTH="310"> </TD>' for c in columns) + "</TR>")
    table = ('<<TABLE BORDER="0" CELLSPACING="12" CELLPADDING="0">'
             f'<TR><TD COLSPAN="{max(len(columns), 1)}" ALIGN="LEFT"><FONT POINT-SIZE="22"><B>{h(b.title)}</B></FONT></TD></TR>'
             + "".join(rows) + "</TABLE>>")
    return ("digraph kg_board {\n"
            f'  graph [fontname={q(FONT)}, bgcolor="white", pad=0.3];\n'
            f'  node [fontname={q(FONT)}, fontsize=10];\n'
            f"  board [shape=plain, label={table}];\n"
            "}\n")


def board_to_mermaid(b: BoardDiagram) -> str:
    """The board as a Mermaid flowchart with one column (subgraph) per phase."""
    from_phase = {}
    out = ["flowchart LR"]
    for i, col in enumerate(b.columns):
        out.append(f'  subgraph c{i}["{_mm(col.heading)}"]')
        out.append("    direction TB")
        for j, it in enumerate(col.items):
            out.append(f'    c{i}n{j}("{_mm(it.label)}")')
            from_phase.setdefault(i, []).append(f"c{i}n{j}")
        out.append("  end")
    for i, col in enumerate(b.columns):
        fill, line = phase_colours(col.key or None)
        out.append(f"  style c{i} fill:{fill},stroke:{line}")
    return "\n".join(out) + "\n"


def _mm(s: str) -> str:
    rep = {'"': "#quot;", "<": "#lt;", ">": "#gt;", "&": "#amp;", "#": "#35;"}
    return "".join(rep.get(ch, ch) for ch in CTRL_CHARS.sub("", str(s)).replace("\n", " "))
