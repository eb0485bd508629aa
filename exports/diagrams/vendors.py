"""`kg diagram vendors` as DOT or a Mermaid flowchart: vendors (left) ↔ services
(middle) ↔ municipalities (right), each box's font and width growing with its reach; a
service or municipality that depends on one vendor, and a vendor holding data outside
the EEA, drawn with a red border."""
from __future__ import annotations

from kg.exports.diagrams.model import FONT, GAP_COLOUR, KIND_COLOURS, dot_html as h, dot_quote as q
from kg.roadmap.words import tr
from kg.exports.diagrams.vendors_model import VendorDiagram

COLOURS = {"vendor": ("#fff3e0", "#e65100"), "service": KIND_COLOURS["service"],
           "municipality": ("#e3f2fd", "#1565c0"), "more": ("#f5f5f5", "#9e9e9e")}


def _size(reach: int, top: int) -> float:
    """Font size 10–20 by reach, on a square-root scale (area grows with reach)."""
    return round(10 + 10 * (reach / top) ** 0.5, 1) if top else 10


def _node(n, top: int, id_prefix: str) -> str:
    fill, line = COLOURS[n.kind]
    size = _size(n.reach, top)
    rows = [f'<FONT POINT-SIZE="{size}"><B>{h(n.label)}</B></FONT>']
    if n.note:
        rows.append(f'<FONT POINT-SIZE="8.5" COLOR="#455a64">{h(n.note)}</FONT>')
    label = "<" + "<BR/>".join(rows) + ">"
    border = GAP_COLOUR if n.warn else line
    pen = 2.2 if n.warn else 1
    return (f"  {q(n.id)} [label={label}, fillcolor={q(fill)}, color={q(border)}, penwidth={pen}, "
            f"id={q(id_prefix + n.id)}, tooltip={q(n.label)}];")


def _legend(lang: str) -> str:
    return tr(lang, ("Rød ramme: én leverandør (tjeneste, kommune) eller data utenfor EØS (leverandør). "
                     "Størrelse: antall kommuner betjent. Tall på pilene: kommuner nådd med tjenesten.",
                     "Red border: a single vendor (service, municipality) or data outside the EEA (vendor). "
                     "Size: municipalities served. Numbers on arrows: municipalities reached with the service."))


def to_dot(d: VendorDiagram, *, id_prefix: str = "") -> str:
    lang = d.lang
    out = ["digraph kg_vendors {",
           f'  graph [fontname={q(FONT)}, rankdir=LR, bgcolor="white", pad=0.3, nodesep=0.12, ranksep=1.1, '
           f'label=<<FONT POINT-SIZE="20"><B>{h(d.title)}</B></FONT><BR ALIGN="LEFT"/>'
           f'<FONT POINT-SIZE="11">{h(d.subtitle)}</FONT><BR ALIGN="LEFT"/>'
           f'<FONT POINT-SIZE="9" COLOR="#455a64">{h(_legend(lang))}</FONT><BR ALIGN="LEFT"/>>, '
           f'labelloc=t, labeljust=l];',
           f'  node [fontname={q(FONT)}, shape=box, style="rounded,filled", margin="0.15,0.06"];',
           f'  edge [color="#90a4ae", arrowsize=0.6, fontname={q(FONT)}, fontsize=9];']
    for title, nodes, key in ((tr(lang, ("Leverandører", "Vendors")), d.vendors, "vendors"),
                              (tr(lang, ("Tjenester", "Services")), d.services, "services"),
                              (tr(lang, ("Kommuner", "Municipalities")), d.municipalities, "municipalities")):
        out.append(f"  subgraph cluster_{key} {{")
        out.append(f'    label=<<FONT POINT-SIZE="13"><B>{h(title)}</B></FONT>>; color="#cfd8dc"; style=rounded;')
        for n in nodes:
            out.append("  " + _node(n, d.max_reach, id_prefix))
        if not nodes:
            empty = tr(lang, ("ingen", "none"))
            out.append(f'    "{key}-empty" [label={q(empty)}, shape=plaintext, style=""];')
        out.append("  }")
    for e in d.edges:
        width = round(min(6.0, 0.8 + 0.5 * e.weight ** 0.5), 2)
        lab = f", label={q(e.label)}" if e.label else ""
        out.append(f"  {q(e.src)} -> {q(e.dst)} [penwidth={width}{lab}];")
    out.append("}")
    return "\n".join(out) + "\n"


def _mid(x: str) -> str:
    return "n_" + "".join(ch if ch.isalnum() else "_" for ch in x)


def _mtext(s: str) -> str:
    return s.replace('"', "#quot;").replace("\n", " ")


def to_mermaid(d: VendorDiagram) -> str:
    out = ["---", f"title: {_mtext(d.title)} — {_mtext(d.subtitle)}", "---", "flowchart LR"]
    for key, nodes in (("vendors", d.vendors), ("services", d.services), ("municipalities", d.municipalities)):
        title = {"vendors": ("Leverandører", "Vendors"), "services": ("Tjenester", "Services"),
                 "municipalities": ("Kommuner", "Municipalities")}[key]
        out.append(f'  subgraph {key}["{_mtext(tr(d.lang, title))}"]')
        for n in nodes:
            text = _mtext(n.label) + (f"<br/><small>{_mtext(n.note)}</small>" if n.note else "")
            out.append(f'    {_mid(n.id)}["{text}"]')
        out.append("  end")
    for e in d.edges:
        lab = f"|{e.label}|" if e.label else ""
        out.append(f"  {_mid(e.src)} -->{lab} {_mid(e.dst)}")
    warn = [_mid(n.id) for n in d.vendors + d.services + d.municipalities if n.warn]
    if warn:
        out.append(f"  classDef warn stroke:{GAP_COLOUR},stroke-width:2px")
        out.append(f"  class {','.join(warn)} warn")
    return "\n".join(out) + "\n"
