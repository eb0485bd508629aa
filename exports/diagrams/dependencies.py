"""The dependency diagram as DOT (for graphviz ``dot``) or a Mermaid flowchart.

What comes first is on the left: an arrow goes from the prerequisite to what depends on
it. Hard dependencies are solid, soft ones dashed (the type is the tooltip and the
edge's title in SVG), a dependency-order conflict is red, initiatives are coloured by
phase and grouped in boxes by owner (or phase, or network), services and regulations
have their own colours and shapes, and each gap from ``kg check`` is marked on its node.
"""
from __future__ import annotations

import textwrap

from kg.exports.diagrams.model import FONT, CTRL_CHARS, dot_html as h, dot_quote as q
from kg.exports.diagrams.model import (
    CONFLICT_COLOUR,
    RISK_COLOUR,
    GAP_COLOUR,
    KIND_COLOURS,
    DependencyDiagram,
    gap_names,
    phase_colours,
)
from kg.roadmap.words import DEP_TYPES, PHASES, STRENGTHS, phase_name, status_name, tr





def wrap(s: str, width: int = 26) -> list[str]:
    return textwrap.wrap(s, width, break_long_words=True, break_on_hyphens=False) or [s]


def gap_text(gaps, lang: str) -> str:
    return f"⚠ {gap_names(gaps, lang)}"


def cut(s: str, n: int = 110) -> str:
    """A label short enough for a node; the tooltip keeps the whole text."""
    s = " ".join(str(s).split())
    return s if len(s) <= n else s[: n - 1].rstrip() + "…"


def _node_label(n, lang: str) -> str:
    lines = [f"<B>{h(x)}</B>" for x in wrap(cut(n.label))]
    sub = []
    if n.kind == "initiative":
        if n.status:
            sub.append(status_name(n.status, lang))
        if n.when:
            sub.append(n.when)
    elif n.kind == "service":
        sub.append(tr(lang, ("tjeneste", "service")))
    elif n.kind == "regulation":
        sub.append(tr(lang, ("regelverk", "regulation")))
    elif n.kind == "missing":
        sub.append(tr(lang, ("finnes ikke i grafen", "not in the graph")))
    if sub:
        lines.append(f'<FONT POINT-SIZE="9" COLOR="#37474f">{h(" · ".join(sub))}</FONT>')
    if n.gaps:
        for x in wrap(gap_text(n.gaps, lang), 34):
            lines.append(f'<FONT POINT-SIZE="9" COLOR="{GAP_COLOUR}">{h(x)}</FONT>')
    if n.at_risk:
        lines.append(f'<FONT POINT-SIZE="9" COLOR="{RISK_COLOUR}">{h(_risk_text(lang))}</FONT>')
    return "<" + "<BR/>".join(lines) + ">"


def _risk_text(lang: str) -> str:
    return tr(lang, ("⏱ i faresonen: ingen slakk", "⏱ at risk: no slack"))


def _risk_tooltip(n, lang: str) -> str:
    return tr(lang, ("I faresonen: passer bare om alt før ender tidligst mulig", "At risk: fits only if everything "
                     "before it ends at its earliest")) + ": " + " → ".join(n.risk_chain)


def _tooltip(n, lang: str) -> str:
    parts = [f"{n.label} ({n.id})"]
    if n.phase:
        parts.append(f"{tr(lang, ('Fase', 'Phase'))}: {phase_name(n.phase, lang)}")
    if n.when:
        parts.append(n.when)
    parts += [f"⚠ {g.code}: {g.message}" if g.message else f"⚠ {g.code}" for g in n.gaps]
    if n.at_risk:
        parts.append(_risk_tooltip(n, lang))
    return "\n".join(parts)


def _edge_tooltip(e, a, b, lang: str) -> str:
    if e.kind == "delivers":
        return f"{a.label} {tr(lang, ('leverer', 'delivers'))} {b.label}"
    if e.kind == "in-force":
        return f"{b.label} {tr(lang, ('krever at dette er i kraft', 'needs this in force'))}: {a.label}"
    t = tr(lang, DEP_TYPES.get(e.type, (e.type, e.type)))
    s = tr(lang, STRENGTHS.get(e.strength, (e.strength, e.strength)))
    text = f"{b.label} {t} {a.label} ({s})"
    if e.conflict:
        text += " — " + tr(lang, ("rekkefølgekonflikt: starter før forutsetningen kan være ferdig",
                                  "order conflict: starts before the prerequisite can be done"))
    elif e.risk:
        text += " — " + tr(lang, ("ingen slakk: på kjeden som setter et tiltak i faresonen",
                                  "no slack: on the chain that puts an initiative at risk"))
    return text


def legend_rows(d: DependencyDiagram) -> list[list[tuple[str, str]]]:
    """Two rows of legend entries (swatch cell, text): node colours, then edge styles."""
    lang = d.lang
    nodes_row, edges_row = [], []
    used_phases = [p for p in PHASES if any(n.phase == p for n in d.nodes)]
    if any(n.kind == "initiative" and n.phase not in PHASES for n in d.nodes):
        used_phases.append(None)
    for p in used_phases:
        fill, line = phase_colours(p)
        nodes_row.append((f'<TD BGCOLOR="{fill}" COLOR="{line}" BORDER="1" WIDTH="24" STYLE="rounded"> </TD>',
                          phase_name(p, lang)))
    names = {"service": ("Tjeneste", "Service"), "regulation": ("Regelverk", "Regulation"),
             "missing": ("Finnes ikke i grafen", "Not in the graph")}
    for k in sorted({n.kind for n in d.nodes} - {"initiative"}):
        fill, line = KIND_COLOURS[k]
        nodes_row.append((f'<TD BGCOLOR="{fill}" COLOR="{line}" BORDER="1" WIDTH="24"> </TD>',
                          tr(lang, names.get(k, (k, k)))))
    if any(n.faded for n in d.nodes):
        nodes_row.append(('<TD BGCOLOR="#f7f8f9" COLOR="#b0bec5" BORDER="1" WIDTH="24" STYLE="rounded,dashed"> </TD>',
                          tr(lang, ("Forutsetning utenfor nettverket", "Prerequisite outside the network"))))
    if any(n.gaps for n in d.nodes):
        nodes_row.append((f'<TD><FONT COLOR="{GAP_COLOUR}">⚠</FONT></TD>',
                          tr(lang, ("Mangel funnet av kg check", "Gap found by kg check"))))
    if any(n.at_risk for n in d.nodes):
        nodes_row.append((f'<TD><FONT COLOR="{RISK_COLOUR}">⏱</FONT></TD>',
                          tr(lang, ("I faresonen (ingen slakk)", "At risk (no slack)"))))
    kinds_e = {(e.kind, e.strength, e.conflict) for e in d.edges}
    if any(e.risk for e in d.edges):
        kinds_e.add(("risk", "hard", False))
    edges = [("dependency", "hard", False, "#455a64", "━━━▶", ("Krever (hard)", "Requires (hard)")),
             ("dependency", "soft", False, "#455a64", "╍╍╍▶", ("Myk: muliggjør, informerer", "Soft: enables, informs")),
             ("dependency", "hard", True, CONFLICT_COLOUR, "━━━▶", ("Rekkefølgekonflikt", "Order conflict")),
             ("risk", "hard", False, RISK_COLOUR, "━━━▶", ("Kjede uten slakk", "Chain with no slack")),
             ("delivers", "soft", False, KIND_COLOURS["service"][1], "┈┈┈▶", ("Leverer tjeneste", "Delivers service")),
             ("in-force", "hard", False, KIND_COLOURS["regulation"][1], "━━━▶", ("Må være i kraft først", "Must be in force first"))]
    for kind, strength, conflict, colour, glyph, text in edges:
        if (kind, strength, conflict) in kinds_e:
            edges_row.append((f'<TD><FONT COLOR="{colour}">{glyph}</FONT></TD>', tr(lang, text)))
    return [r for r in (nodes_row, edges_row) if r]


def _cell_width(sw: str) -> float:
    """Estimated width of a legend swatch cell: a WIDTH, or glyphs at ~11 pt each."""
    import re
    m = re.search(r'WIDTH="(\d+)"', sw)
    if m:
        return float(m.group(1)) + 2
    glyphs = re.sub(r"<[^>]+>", "", sw).strip()
    return 11.5 * max(1, len(glyphs)) + 2


def title_with_legend(title: str, rows, subtitle: str = "") -> str:
    """A graph label: the title, a subtitle, and the legend as short horizontal rows.

    Each legend row is a fixed-width table sized from its text (DejaVu Sans 11 pt), so a
    title wider than the legend does not stretch the legend across the picture."""
    parts = [f'<TR><TD ALIGN="LEFT"><FONT POINT-SIZE="22"><B>{h(title)}</B></FONT></TD></TR>']
    if subtitle:
        parts.append(f'<TR><TD ALIGN="LEFT"><FONT POINT-SIZE="11" COLOR="#546e7a">{h(subtitle)}</FONT></TD></TR>')
    for row in rows:
        cells = "".join(f'{sw}<TD ALIGN="LEFT">{h(text)}   </TD>' for sw, text in row)
        width = 3 + sum(_cell_width(sw) + 3 + 6.0 * (len(text) + 3) + 2 + 3 for sw, text in row)
        parts.append('<TR><TD ALIGN="LEFT"><TABLE BORDER="0" CELLSPACING="3" CELLPADDING="1" ALIGN="LEFT" FIXEDSIZE="TRUE" '
                     f'WIDTH="{width:.0f}" HEIGHT="22"><TR>{cells}</TR></TABLE></TD></TR>')
    return '<<TABLE BORDER="0" CELLSPACING="2" CELLPADDING="2">' + "".join(parts) + "</TABLE>>"


def to_dot(d: DependencyDiagram, *, id_prefix: str = "") -> str:
    """The diagram as DOT source. Deterministic: the same diagram gives the same text."""
    lang = d.lang
    by_iri = {n.iri: n for n in d.nodes}
    nid = {n.iri: f"n{i}" for i, n in enumerate(d.nodes)}
    rankdir = "TB" if getattr(d, "size", None) == "A4" else "LR"  # a tall page reads top to bottom
    out = ["digraph kg_dependencies {",
           f'  graph [rankdir={rankdir}, fontname={q(FONT)}, labelloc=t, labeljust=l, '
           f'label={title_with_legend(d.title, legend_rows(d))}, fontsize=11, nodesep=0.3, ranksep=0.8, pad=0.3, bgcolor="white", '
           f'compound=true, newrank=true, id={q(id_prefix + "graph")}];',
           f'  node [fontname={q(FONT)}, fontsize=11, shape=box, style="rounded,filled", penwidth=1.4, '
           f'margin="0.14,0.07"];',
           f'  edge [fontname={q(FONT)}, fontsize=9, color="#455a64", arrowsize=0.8, penwidth=1.3];']

    def node_line(n, indent="  "):
        if n.kind == "initiative":
            fill, line = phase_colours(n.phase)
            shape = "box"
            style = "rounded,filled"
        else:
            fill, line = KIND_COLOURS.get(n.kind, KIND_COLOURS["missing"])
            shape = {"service": "box", "regulation": "note"}.get(n.kind, "box")
            style = {"service": "filled,rounded", "regulation": "filled"}.get(n.kind, "dashed,rounded,filled")
        colour = GAP_COLOUR if n.gaps else (RISK_COLOUR if n.at_risk else line)
        if n.faded:  # `--network`: something the network's initiatives need, from outside it
            fill, colour, style = "#f7f8f9", "#b0bec5", "rounded,filled,dashed"
        attrs = [f"label={_node_label(n, lang)}", f"fillcolor={q(fill)}", f"color={q(colour)}",
                 f"shape={shape}", f"style={q(style)}", f"tooltip={q(_tooltip(n, lang))}",
                 f"id={q(id_prefix + 'node-' + n.id)}"]
        if n.faded:
            attrs.append('fontcolor="#78909c"')
        if n.gaps:
            attrs.append("penwidth=2.4")
        if n.focus:
            attrs.append("penwidth=3.2")
        return f"{indent}{nid[n.iri]} [{', '.join(attrs)}];"

    grouped = {g.key: [] for g in d.groups}
    loose = []
    for n in d.nodes:
        if n.kind == "initiative" and n.group in grouped:
            grouped[n.group].append(n)
        else:
            loose.append(n)
    for i, g in enumerate(d.groups):
        out.append(f"  subgraph cluster_{i} {{")
        style = "rounded,filled" if g.key else "rounded,dashed,filled"
        colour = "#cfd8dc" if g.key else GAP_COLOUR
        # the "no owner" box is usually laid out last, below the rest, with edges coming
        # in from above: its label goes at the bottom so no edge crosses it
        loc = "" if g.key else ", labelloc=b"
        out.append(f'    graph [label=<<B>{h(g.label)}</B>>, fontsize=13, style="{style}", '
                   f'fillcolor="#f5f7fa", color="{colour}", penwidth=1.2, margin=14{loc}];')
        for n in grouped[g.key]:
            out.append(node_line(n, "    "))
        out.append("  }")
    for n in loose:
        out.append(node_line(n))
    for e in d.edges:
        a, b = by_iri[e.src], by_iri[e.dst]
        attrs = []
        if e.kind == "dependency":
            attrs.append("style=solid" if e.strength == "hard" else 'style=dashed')
            if e.conflict:
                attrs += [f"color={q(CONFLICT_COLOUR)}", "penwidth=2.2"]
            elif e.risk:
                attrs += [f"color={q(RISK_COLOUR)}", "penwidth=2.0"]
        elif e.kind == "delivers":
            attrs += ["style=dotted", f"color={q(KIND_COLOURS['service'][1])}", "arrowhead=vee"]
        else:
            attrs += [f"color={q(KIND_COLOURS['regulation'][1])}", "arrowhead=vee"]
        tip = _edge_tooltip(e, a, b, lang)
        attrs += [f"tooltip={q(tip)}", f"edgetooltip={q(tip)}"]
        out.append(f"  {nid[e.src]} -> {nid[e.dst]} [{', '.join(attrs)}];")
    out.append("}")
    return "\n".join(out) + "\n"


# ---------------------------------------------------------------- Mermaid

def mq(s: str) -> str:
    """Text inside a Mermaid "quoted" label (entity codes keep it from being markup)."""
    rep = {'"': "#quot;", "<": "#lt;", ">": "#gt;", "&": "#amp;", "#": "#35;", "[": "#91;", "]": "#93;",
           "{": "#123;", "}": "#125;", "|": "#124;", "`": "#96;"}
    return "".join(rep.get(c, c) for c in CTRL_CHARS.sub("", str(s)).replace("\n", " "))


def to_mermaid(d: DependencyDiagram) -> str:
    """The diagram as a Mermaid flowchart (left to right)."""
    lang = d.lang
    nid = {n.iri: f"n{i}" for i, n in enumerate(d.nodes)}
    out = ["---", f"title: {mq(d.title)}", "---", "flowchart LR"]
    for p in PHASES:
        fill, line = phase_colours(p)
        out.append(f"  classDef {p.replace('-', '_')} fill:{fill},stroke:{line},color:#1b1b1b")
    fill, line = phase_colours(None)
    out.append(f"  classDef fase_ingen fill:{fill},stroke:{line},color:#1b1b1b")
    for k in ("service", "regulation", "missing"):
        fill, line = KIND_COLOURS[k]
        out.append(f"  classDef {k} fill:{fill},stroke:{line},color:#1b1b1b")
    out.append(f"  classDef gap stroke:{GAP_COLOUR},stroke-width:3px")

    def node(n, indent):
        text = n.label
        extra = []
        if n.kind == "initiative" and n.when:
            extra.append(n.when)
        if n.gaps:
            extra.append(gap_text(n.gaps, lang))
        if n.at_risk:
            extra.append(_risk_text(lang))
        label = mq(text) + "".join(f"<br/><small>{mq(x)}</small>" for x in extra)
        open_, close = {"service": ("([", "])"), "regulation": ("[/", "/]")}.get(n.kind, ('("', '")'))
        if open_ == '("':
            return f'{indent}{nid[n.iri]}("{label}")'
        return f'{indent}{nid[n.iri]}{open_}"{label}"{close}'

    grouped = {g.key: [] for g in d.groups}
    loose = []
    for n in d.nodes:
        (grouped[n.group] if n.kind == "initiative" and n.group in grouped else loose).append(n)
    for i, g in enumerate(d.groups):
        out.append(f'  subgraph g{i}["{mq(g.label)}"]')
        out += [node(n, "    ") for n in grouped[g.key]]
        out.append("  end")
    out += [node(n, "  ") for n in loose]
    link_styles = []
    for i, e in enumerate(d.edges):
        if e.kind == "delivers":
            text, arrow = tr(lang, ("leverer", "delivers")), "-.->"
        elif e.kind == "in-force":
            text, arrow = tr(lang, ("i kraft først", "in force first")), "==>"
        else:
            text = tr(lang, DEP_TYPES.get(e.type, (e.type, e.type)))
            arrow = "-->" if e.strength == "hard" else "-.->"
            if e.conflict:
                link_styles.append(f"  linkStyle {i} stroke:{CONFLICT_COLOUR},stroke-width:3px")
            elif e.risk:
                link_styles.append(f"  linkStyle {i} stroke:{RISK_COLOUR},stroke-width:3px")
        out.append(f'  {nid[e.src]} {arrow}|"{mq(text)}"| {nid[e.dst]}')
    for n in d.nodes:
        cls = (n.phase.replace("-", "_") if n.phase in PHASES else "fase_ingen") if n.kind == "initiative" else n.kind
        out.append(f"  class {nid[n.iri]} {cls}")
    gapped = [nid[n.iri] for n in d.nodes if n.gaps]
    if gapped:
        out.append(f"  class {','.join(gapped)} gap")
    out += link_styles
    return "\n".join(out) + "\n"
