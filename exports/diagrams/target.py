"""The shared target picture (felles målbilde) as DOT or a Mermaid flowchart.

Drawn as a house: the five principles are the foundation, the shared capabilities
(platform, AI factory, ecosystem, legal support, competence) the pillars, the services
the roof; the challenges the capabilities address stand on the left and the SDG goals
they serve on the right. Each pillar names the initiatives that build it and the
challenges and goals it reaches; a challenge nothing addresses is marked as a gap.
"""
from __future__ import annotations

import textwrap

from kg.exports.diagrams.model import FONT, CTRL_CHARS, dot_html as h, dot_quote as q
from kg.exports.diagrams.model import GAP_COLOUR, KIND_COLOURS, TargetPicture, gap_names
from kg.roadmap.words import tr





def _lines(s: str, width: int, size: float, colour: str = "#1b1b1b", bold: bool = False) -> list[str]:
    out = []
    s = " ".join(str(s).split())
    s = s if len(s) <= 150 else s[:149].rstrip() + "…"
    for x in textwrap.wrap(s, width, break_on_hyphens=False) or [s]:
        t = f"<B>{h(x)}</B>" if bold else h(x)
        out.append(f'<FONT POINT-SIZE="{size}" COLOR="{colour}">{t}</FONT>')
    return out


def _sdg_label(t) -> str:
    num = t.iri.rstrip("/").rsplit("/", 1)[-1]
    return f"{'SDG' if not num.isdigit() else 'SDG ' + num}: {t.label}" if num.isdigit() else t.label


MAX_LIST = 6  # initiatives named under one item; the rest are counted


def _more(n: int, lang: str) -> str:
    return tr(lang, (f"+ {n} til", f"+ {n} more"))


def _some(t, lang: str, limit: int = 3) -> str:
    """The first few initiatives behind ``t`` and how many more; only the number when
    the model names none (too many to name)."""
    total = t.count
    if not t.by:
        return tr(lang, (f"{total} tiltak", f"{total} initiatives"))
    shown = t.by[:limit]
    text = ", ".join(shown)
    return text + (" " + _more(total - len(shown), lang) if total > len(shown) else "")


def _sdg_short(t) -> str:
    num = t.iri.rstrip("/").rsplit("/", 1)[-1]
    return f"SDG {num}" if num.isdigit() else t.label


def _gap_lines(t, lang) -> list[str]:
    if not t.gaps:
        return []
    return _lines("⚠ " + gap_names(t.gaps, lang), 30, 8.5, GAP_COLOUR)


def to_dot(t: TargetPicture, *, id_prefix: str = "") -> str:
    """The target picture as one DOT node holding the house (an HTML-like table)."""
    lang = t.lang
    ncols = max(len(t.capabilities), len(t.principles), 1)
    W = 150  # width of a pillar
    cap_fill, cap_line = KIND_COLOURS["capability"]
    by_id = {x.id: x for x in t.challenges + t.sdgs}

    def cell(content: list[str], fill: str, line: str, colspan: int = 1, width: int = W, pad: int = 8,
             align: str = "CENTER", tooltip: str = "", rounded: bool = True) -> str:
        tip = f' TOOLTIP="{h(tooltip)}" HREF="#"' if tooltip else ""
        style = ' STYLE="rounded"' if rounded else ""
        return (f'<TD COLSPAN="{colspan}" BGCOLOR="{fill}" COLOR="{line}" BORDER="1"{style} CELLPADDING="{pad}" '
                f'WIDTH="{width}" ALIGN="{align}" BALIGN="{align}" VALIGN="TOP"{tip}>' + "<BR/>".join(content) + "</TD>")

    def band(text: str, colour: str) -> str:
        return (f'<TR><TD COLSPAN="{ncols}" ALIGN="LEFT" CELLPADDING="2">'
                f'<FONT POINT-SIZE="11" COLOR="{colour}"><B>{h(text.upper())}</B></FONT></TD></TR>')

    # -- the middle: roof (services), pillars (capabilities), foundation (principles)
    mid = [f'<TABLE BORDER="0" CELLSPACING="8" CELLPADDING="0">']
    s_fill, s_line = KIND_COLOURS["service"]
    mid.append(band(tr(lang, ("Tjenester", "Services")), s_line))
    if t.services:
        per = ncols // len(t.services) if len(t.services) <= ncols else 1
        cells = []
        rest = ncols - per * min(len(t.services), ncols)
        for i, s in enumerate(t.services[:ncols]):
            span = per + (1 if i < rest else 0)
            content = _lines(s.label, 22 * span, 12, "#311b92", True)
            if s.count:
                content += _lines(tr(lang, ("via ", "via ")) + _some(s, lang), 30 * span, 8.5, "#5e35b1")
            content += _gap_lines(s, lang)
            cells.append(cell(content, s_fill, s_line, span, W * span, tooltip=f"{s.label} ({s.id})"))
        mid.append("<TR>" + "".join(cells) + "</TR>")
        if len(t.services) > ncols:
            more = ", ".join(x.label for x in t.services[ncols:])
            mid.append(f'<TR><TD COLSPAN="{ncols}">{"<BR/>".join(_lines("+ " + more, 30 * ncols, 9, "#5e35b1"))}</TD></TR>')
    else:
        mid.append(f'<TR><TD COLSPAN="{ncols}">{"<BR/>".join(_lines(tr(lang, ("ingen tjenester i grafen", "no services in the graph")), 60, 9, "#90a4ae"))}</TD></TR>')
    mid.append(band(tr(lang, ("Felles kapabiliteter", "Shared capabilities")), cap_line))
    cells = []
    for c in t.capabilities:
        content = _lines(c.label, 20, 12, "#004d40", True)
        if c.count:
            content += [""] + _lines(tr(lang, ("Bygges av:", "Built by:")), 24, 8.5, "#00695c", True)
            for b in c.by[:MAX_LIST]:
                content += _lines("• " + b, 24, 8.5, "#263238")
            if not c.by:
                content += _lines(tr(lang, (f"{c.count} tiltak", f"{c.count} initiatives")), 24, 8.5, "#263238")
            elif c.count > min(len(c.by), MAX_LIST):
                content += _lines(_more(c.count - min(len(c.by), MAX_LIST), lang), 24, 8.5, "#546e7a")
        chips = [by_id[x] for x in c.links if x in by_id]
        if chips:
            content += [""] + _lines(tr(lang, ("Svarer på:", "Answers:")), 24, 8.5, "#00695c", True)
            for x in chips:
                label = _sdg_short(x) if x in t.sdgs else x.label
                content += _lines(("◆ " if x in t.sdgs else "▲ ") + label, 24, 8.5, "#1b5e20" if x in t.sdgs else "#8d6e00")
        if not c.count:
            content += _lines(tr(lang, ("⚠ ingen tiltak bygger denne", "⚠ no initiative builds this")), 24, 8.5, GAP_COLOUR)
        content += _gap_lines(c, lang)
        cells.append(cell(content, cap_fill, cap_line, tooltip=f"{c.label} ({c.id})"))
    cells += ['<TD> </TD>'] * (ncols - len(cells))
    mid.append("<TR>" + "".join(cells) + "</TR>")
    mid.append(band(tr(lang, ("Felles prinsipper – fundamentet", "Shared principles – the foundation")), "#263238"))
    p_fill, p_line = KIND_COLOURS["principle"]
    cells = []
    for p in t.principles:
        head = f"{p.number}. " if p.number else ""
        content = _lines(head + p.label, 20, 10.5, "#ffffff", True) + _gap_lines(p, lang)
        cells.append(cell(content, p_fill, p_line, tooltip=f"{p.label} ({p.id})"))
    cells += ['<TD> </TD>'] * (ncols - len(cells))
    mid.append("<TR>" + "".join(cells) + "</TR>")
    mid.append("</TABLE>")

    # -- the sides: challenges (left) and SDG goals (right)
    def side(title: str, items, colours, label_fn, empty_text: str, unaddressed: str | None) -> str:
        fill, line = colours
        rows = [f'<TR><TD ALIGN="LEFT" CELLPADDING="2"><FONT POINT-SIZE="11" COLOR="{line}"><B>{h(title.upper())}</B></FONT></TD></TR>']
        for x in items:
            content = _lines(label_fn(x), 24, 10.5, "#1b1b1b", True)
            gap = unaddressed is not None and not x.count
            if x.count:
                content += _lines(_some(x, lang), 32, 8, "#546e7a")
            elif unaddressed:
                content += _lines("⚠ " + unaddressed, 30, 8.5, GAP_COLOUR)
            # the check's "not addressed" says what the line above already says
            content += _gap_lines(x if not gap else _without(x, "challenge-unaddressed"), lang)
            rows.append("<TR>" + cell(content, fill, GAP_COLOUR if gap else line, width=190, align="LEFT",
                                      tooltip=f"{label_fn(x)} ({x.id})") + "</TR>")
        if not items:
            rows.append(f'<TR><TD>{"<BR/>".join(_lines(empty_text, 24, 9, "#90a4ae"))}</TD></TR>')
        if unaddressed is None and t.context:   # the goals' side: Norway's SDR standing as context
            rows.append(f'<TR><TD ALIGN="LEFT" BALIGN="LEFT" CELLPADDING="4">{"<BR/>".join(_lines(t.context, 30, 8.5, "#1b5e20"))}</TD></TR>')
        return '<TABLE BORDER="0" CELLSPACING="8" CELLPADDING="0">' + "".join(rows) + "</TABLE>"

    left = side(tr(lang, ("Utfordringer", "Challenges")), t.challenges, KIND_COLOURS["challenge"], lambda x: x.label,
                tr(lang, ("ingen utfordringer i grafen", "no challenges in the graph")),
                tr(lang, ("ingen tiltak adresserer denne", "no initiative addresses this")))
    right = side(tr(lang, ("Bærekraftsmål", "Sustainable Development Goals")), t.sdgs, KIND_COLOURS["sdg"], _sdg_label,
                 tr(lang, ("ingen tiltak er knyttet til bærekraftsmål", "no initiative is linked to an SDG")), None)
    # the legend under the title (as on the dependency diagram): in the picture's own
    # table graphviz would stretch it across the whole width
    title = (f'<<TABLE BORDER="0" CELLSPACING="2" CELLPADDING="2"><TR><TD ALIGN="LEFT"><FONT POINT-SIZE="22"><B>'
             f'{h(t.title)}</B></FONT></TD></TR><TR><TD ALIGN="LEFT">{_legend(lang)}</TD></TR></TABLE>>')
    # one table, its three parts aligned at the top: side by side on a wide page, the
    # challenges and goals under the house on a tall one (A4)
    tall = getattr(t, "size", None) == "A4"
    if tall:
        body = f'<TR><TD COLSPAN="2" VALIGN="TOP">{"".join(mid)}</TD></TR>' + _top_aligned([left, right])
    else:
        body = _top_aligned([left, "".join(mid), right])
    table = f'<TABLE BORDER="0" CELLSPACING="6" CELLPADDING="0">{body}</TABLE>'
    return ("digraph kg_target_picture {\n"
            f'  graph [fontname={q(FONT)}, bgcolor="white", pad=0.3, label={title}, labelloc=t, labeljust=l, '
            f'id={q(id_prefix + "graph")}];\n'
            f'  node [fontname={q(FONT)}, fontsize=10, shape=plain];\n'
            f'  picture [label=<{table}>, id={q(id_prefix + "house")}];\n'
            "}\n")


def _height(table: str) -> float:
    """A rough height of an HTML-like table: per row, its tallest cell's lines."""
    total = 0.0
    for row in table.split("<TR>")[1:]:
        cells = row.split("<TD")[1:] or [row]
        total += 22 + 12 * max(c.count("<BR/>") for c in cells)
    return total


def _top_aligned(parts: list[str]) -> str:
    """Table rows with ``parts`` side by side, each at the top of its column. graphviz
    stretches a nested table to the height of its row, so a shorter part spans fewer
    rows and an empty cell under it takes up the rest."""
    order = sorted(range(len(parts)), key=lambda i: _height(parts[i]))
    span = {i: k + 1 for k, i in enumerate(order)}  # shortest 1 row, tallest all of them
    n = len(parts)
    rows = [[] for _ in range(n)]
    for i, part in enumerate(parts):
        rows[0].append(f'<TD ROWSPAN="{span[i]}" VALIGN="TOP">{part}</TD>')
        if span[i] < n:
            rows[span[i]].append((i, f'<TD ROWSPAN="{n - span[i]}"> </TD>'))
    out = ["<TR>" + "".join(rows[0]) + "</TR>"]
    for r in rows[1:]:
        out.append("<TR>" + "".join(cell for _, cell in sorted(r)) + "</TR>")
    return "".join(out)


def _without(x, code: str):
    """``x`` with the gaps of ``code`` left out (for marks that would repeat a line)."""
    import dataclasses
    return dataclasses.replace(x, gaps=[g for g in x.gaps if g.code != code])


def _legend(lang: str) -> str:
    items = [("▲", "#8d6e00", tr(lang, ("utfordring som kapabiliteten svarer på", "challenge the capability answers"))),
             ("◆", "#1b5e20", tr(lang, ("bærekraftsmål den bidrar til", "SDG goal it contributes to"))),
             ("⚠", GAP_COLOUR, tr(lang, ("mangel", "gap")))]
    cells = "".join(f'<TD><FONT COLOR="{c}">{g}</FONT></TD><TD ALIGN="LEFT"><FONT POINT-SIZE="9">{h(t)}</FONT>   </TD>'
                    for g, c, t in items)
    return f'<TABLE BORDER="0" CELLSPACING="2" CELLPADDING="1"><TR>{cells}</TR></TABLE>'


# ---------------------------------------------------------------- Mermaid

def mq(s: str) -> str:
    rep = {'"': "#quot;", "<": "#lt;", ">": "#gt;", "&": "#amp;", "#": "#35;"}
    return "".join(rep.get(c, c) for c in CTRL_CHARS.sub("", str(s)).replace("\n", " "))


def to_mermaid(t: TargetPicture) -> str:
    """The target picture as a Mermaid flowchart: services above capabilities above
    principles; capabilities linked to the challenges and goals they reach."""
    lang = t.lang
    out = ["---", f"title: {mq(t.title)}", "---", "flowchart TB"]
    ids = {}

    def nid(x, prefix):
        ids.setdefault(x.id, f"{prefix}{len(ids)}")
        return ids[x.id]
    for title, items, prefix in ((tr(lang, ("Tjenester", "Services")), t.services, "s"),
                                 (tr(lang, ("Felles kapabiliteter", "Shared capabilities")), t.capabilities, "k"),
                                 (tr(lang, ("Felles prinsipper", "Shared principles")), t.principles, "p"),
                                 (tr(lang, ("Utfordringer", "Challenges")), t.challenges, "u"),
                                 (tr(lang, ("Bærekraftsmål", "Sustainable Development Goals")), t.sdgs, "g")):
        out.append(f'  subgraph {prefix}_layer["{mq(title)}"]')
        for x in items:
            label = (f"{x.number}. " if x.number else "") + (_sdg_label(x) if prefix == "g" else x.label)
            out.append(f'    {nid(x, prefix)}["{mq(label)}"]')
        if prefix == "g" and t.context:
            out.append(f'    g_context["{mq(t.context)}"]')
        out.append("  end")
    out.append("  s_layer ~~~ k_layer ~~~ p_layer")
    for s in t.services:
        for link in s.links:
            if link in ids:
                out.append(f"  {ids[s.id]} --> {ids[link]}")
    for c in t.capabilities:
        for link in c.links:
            if link in ids:
                out.append(f"  {ids[c.id]} -.-> {ids[link]}")
    for prefix, (fill, line) in (("s", KIND_COLOURS["service"]), ("k", KIND_COLOURS["capability"]),
                                 ("u", KIND_COLOURS["challenge"]), ("g", KIND_COLOURS["sdg"])):
        out.append(f"  style {prefix}_layer fill:{fill},stroke:{line}")
    out.append("  style p_layer fill:#eceff1,stroke:#263238")
    gapped = [ids[x.id] for x in t.challenges if not x.count] + \
        [ids[x.id] for x in t.services + t.capabilities + t.principles + t.sdgs if x.gaps]
    if gapped:
        out.append(f"  classDef gap stroke:{GAP_COLOUR},stroke-width:3px")
        out.append(f"  class {','.join(sorted(set(gapped)))} gap")
    return "\n".join(out) + "\n"
