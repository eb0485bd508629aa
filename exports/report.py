"""The HTML report: one self-contained file (inline CSS, JS and SVG; no network access).

It holds the diagrams, the gap list from ``kg check``, a table of the initiatives with
search and filters (phase, owner, challenge, principle, municipality), each initiative's
sources, and the date it was generated. Every label from the graph is escaped, so a
label such as ``<script>`` stays text.

``render(data, svgs)``: ``data`` is a :class:`kg.exports.diagrams.model.ReportData`; ``svgs`` a
list of ``(key, title, svg_text)`` drawn by graphviz (the command line renders them), or
``(key, title, None, note)`` for a diagram too large to draw.
"""
from __future__ import annotations

import json
import re
from json.encoder import encode_basestring
from pathlib import Path

from kg.exports.diagrams.model import ReportData, gap_names
from kg.roadmap.words import tr

_HERE = Path(__file__).resolve().parent
SEVERITY = {"violation": ("brudd", "violation"), "warning": ("advarsel", "warning"), "info": ("info", "info")}


# html.escape(quote=True) with the control characters dropped, as one table; most texts
# need neither, which one search tells
_ESCAPES = {ord("&"): "&amp;", ord("<"): "&lt;", ord(">"): "&gt;", ord('"'): "&quot;", ord("'"): "&#x27;",
            **{c: None for c in (*range(0x00, 0x09), 0x0b, 0x0c, *range(0x0e, 0x20), 0x7f)}}
_NEEDS = re.compile(r"[&<>\"'\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def e(s) -> str:
    s = "" if s is None else str(s)
    return s.translate(_ESCAPES) if _NEEDS.search(s) else s


def _json_list(names) -> str:
    """``json.dumps(list(names), ensure_ascii=False)`` for a list of strings, without the
    encoder's set-up (thousands of rows)."""
    names = list(names)
    if all(isinstance(x, str) for x in names):
        return "[" + ", ".join(map(encode_basestring, names)) + "]"
    return json.dumps(names, ensure_ascii=False)


def _inline_svg(svg: str, key: str = "") -> str:
    """The <svg> element alone (no XML prolog, DOCTYPE or comments before it), with
    graphviz's gradient ids (l_0, r_0, …) made unique to this figure: several SVGs
    share one HTML document, and a repeated id would borrow another figure's colours."""
    i = svg.find("<svg")
    svg = svg[i:] if i >= 0 else ""
    if key:
        svg = re.sub(r'(id="|url\(#)([lr]_\d+)', lambda m: f"{m.group(1)}{key}-{m.group(2)}", svg)
    # a scripted SVG must never run: graphviz writes none, but be sure
    if "<script" in svg.lower():
        svg = svg.replace("<script", "&lt;script").replace("<SCRIPT", "&lt;SCRIPT")
    return svg


def _facet_values(rows, attr) -> list[str]:
    return sorted({v for r in rows for v in getattr(r, attr)}, key=lambda s: s.casefold())


def _lens_sections(lenses: dict, lang: str) -> list[str]:
    """The deck's two lenses: vendors and lock-in (digital sovereignty), sustainability."""
    from kg.i18n import render as in_lang
    from kg.roadmap.lenses import concentration_lines, sdr_text, vendor_rows
    t = lambda nb, en: tr(lang, (nb, en))  # noqa: E731
    out = []
    v = lenses.get("vendors")
    if v is not None:
        out.append(f'<section id="vendors"><h2>{e(t("Leverandører og innlåsing", "Vendors and lock-in"))}</h2>')
        intro = t("Digital suverenitet (prinsipp 5): hvem leverer KI til sektoren, og hvem avhenger av én leverandør. "
                  "HHI = Herfindahl–Hirschman-indeksen (10\u202f000 = én leverandør).",
                  "Digital sovereignty (principle 5): who supplies the sector’s AI, and who depends on one vendor. "
                  "HHI = Herfindahl–Hirschman index (10\u202f000 = a single vendor).")
        out.append(f'<p class="note">{e(intro)}</p>')
        out.append("<ul>" + "".join(f"<li>{e(x)}</li>" for x in in_lang(concentration_lines(v), lang)) + "</ul>")
        svg = lenses.get("vendors_svg")
        if svg:
            out.append(f'<figure id="fig-vendors"><figcaption>{e(t("Leverandører, tjenester og kommuner", "Vendors, services and municipalities"))}</figcaption>'
                       f'<div class="diagram">{_inline_svg(svg, "vendors")}</div></figure>')
        rows = vendor_rows(v)
        if rows:
            heads = [t("Leverandør", "Vendor"), t("Tiltak", "Initiatives"), t("KI-systemer", "AI systems"),
                     t("Tjenester", "Services"), t("Kommuner", "Municipalities"), t("Datalagring", "Data location"),
                     t("Exit-plan", "Exit plan")]
            out.append('<table id="vendor-table"><thead><tr>' + "".join(f"<th>{e(h)}</th>" for h in heads) + "</tr></thead><tbody>")
            for r in in_lang(rows[:100], lang):
                out.append(f'<tr><td><b>{e(r["vendor"])}</b><br><span class="id">{e(r["id"])}</span></td><td>{r["initiatives"]}</td>'
                           f'<td>{r["systems"]}</td><td>{e(_names(r["services"]))}</td><td>{r["municipalities"]}: {e(_names(r["municipality_names"]))}</td>'
                           f'<td>{e(r["data_location"])}</td><td>{e(r["exit_plan"])}</td></tr>')
            out.append("</tbody></table>")
            if len(rows) > 100:
                out.append(f'<p class="note">{e(t(f"… og {len(rows) - 100} leverandører til (kg query vendors viser alle).", f"… and {len(rows) - 100} more vendors (kg query vendors lists them all)."))}</p>')
        else:
            none = t("Ingen leverandører er registrert i grafen. Fyll ut kolonnen «leverandør» i importmalen "
                     "(kg import template) og importer arket.",
                     "No vendors are recorded in the graph. Fill in the 'leverandør' (vendor) column of the "
                     "import template (kg import template) and import the sheet.")
            out.append(f'<p class="note">{e(none)}</p>')
        for key, title in (("single_vendor_services", t("Tjenester med én leverandør", "Services with a single vendor")),
                           ("single_vendor_municipalities", t("Kommuner der all KI kommer fra én leverandør", "Municipalities whose AI runs on one vendor only"))):
            items = v.get(key) or []
            if items:
                shown = "; ".join(f"{x['label'][lang]} ({x['vendor_label'][lang]})" for x in items[:60])
                more = f" … +{len(items) - 60}" if len(items) > 60 else ""
                out.append(f"<p><b>{e(title)} ({len(items)}):</b> {e(shown + more)}</p>")
        out.append("</section>")
    sd = lenses.get("sustainability")
    if sd is not None:
        out.append(f'<section id="sustainability"><h2>{e(t("Bærekraft", "Sustainability"))}</h2>')
        ctx = sdr_text(sd.get("context", {}).get("sdr", {}), lang)
        if ctx:
            out.append(f'<p class="note">{e(ctx)}</p>')
        heads = [t("Mål", "SDG"), t("Navn", "Name"), t("Tiltak", "Initiatives"), t("Kommuner nådd", "Municipalities reached"),
                 t("Delmål med bidrag", "Targets with contributions"), t("Indikatorer", "Indicators")]
        out.append('<table id="sdg-table"><thead><tr>' + "".join(f"<th>{e(h)}</th>" for h in heads) + "</tr></thead><tbody>")
        for g in sd["goals"]:
            targets = ", ".join(x["code"] for x in g["targets"] if x["covered"])
            nat = f" ({g['national_indicators']} {t('nasjonale', 'national')})" if g["national_indicators"] else ""
            cls = "" if g["covered"] else ' class="uncovered"'
            out.append(f'<tr{cls}><td class="id">{e(g["code"])}</td><td>{e(g["label"][lang])}</td><td>{len(g["initiatives"])}</td>'
                       f'<td>{len(g["municipalities"])}</td><td>{e(targets)}</td><td>{g["indicators"]}{e(nat)}</td></tr>')
        out.append("</tbody></table>")
        n_t = len(sd["uncovered_targets"])
        n_all = sum(len(g["targets"]) for g in sd["goals"])
        if sd["uncovered_goals"]:
            out.append(f'<p><b>{e(t("Mål uten bidrag", "Goals nothing contributes to"))}:</b> {e(", ".join(sd["uncovered_goals"]))}</p>')
        out.append(f'<p class="note">{e(t(f"{n_t} av {n_all} delmål har ingen bidrag.", f"{n_t} of {n_all} targets have no contribution."))}</p>')
        out.append("</section>")
    return out


def render(data: ReportData, svgs, lenses: dict | None = None) -> str:
    """``lenses``: the data of kg.roadmap.lenses (``vendors``, ``vendors_svg``, ``sustainability``)
    for the sections on vendors and sustainability; left out when None."""
    lang = data.lang
    t = lambda nb, en: tr(lang, (nb, en))  # noqa: E731
    css = (_HERE / "report.css").read_text(encoding="utf-8")
    js = (_HERE / "report.js").read_text(encoding="utf-8")
    n_rows = len(data.rows)
    out = [
        "<!DOCTYPE html>",
        f'<html lang="{ "nb" if lang == "nb" else "en" }">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        # nothing may be fetched: the report works offline and runs only its own script
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; "
        "script-src 'unsafe-inline'; img-src data:\">",
        '<link rel="icon" href="data:,">',
        f"<title>{e(data.title)}</title>",
        f"<style>\n{css}</style>",
        "</head>",
        "<body>",
        f'<header><h1>{e(data.title)}</h1><p>{e(t("Generert", "Generated"))} '
        f'<time id="generated" datetime="{e(data.generated)}">{e(data.generated)}</time> '
        f'{e(t("med kg", "by kg"))}</p></header>',
        "<nav>",
        f'<a href="#diagrams">{e(t("Diagrammer", "Diagrams"))}</a>',
        f'<a href="#gaps">{e(t("Mangler", "Gaps"))}</a>',
        f'<a href="#table">{e(t("Tiltak", "Initiatives"))}</a>',
        *([f'<a href="#vendors">{e(t("Leverandører", "Vendors"))}</a>'] if lenses and "vendors" in lenses else []),
        *([f'<a href="#sustainability">{e(t("Bærekraft", "Sustainability"))}</a>'] if lenses and "sustainability" in lenses else []),
        f'<a href="#sources">{e(t("Kilder", "Sources"))}</a>',
        "</nav>",
        "<main>",
    ]
    counts = data.counts
    out.append('<div class="cards">')
    out.append(f'<div class="card"><b>{n_rows}</b>{e(t("tiltak", "initiatives"))}</div>')
    if data.checked:
        for sev in ("violation", "warning", "info"):
            out.append(f'<div class="card"><b>{counts.get(sev, 0)}</b>{e(tr(lang, SEVERITY[sev]))}</div>')
    out.append(f'<div class="card"><b>{len(data.sources)}</b>{e(t("kilder", "sources"))}</div>')
    out.append("</div>")

    # -- diagrams
    out.append(f'<section id="diagrams"><h2>{e(t("Diagrammer", "Diagrams"))}</h2>')
    for key, title, svg, *note in svgs:
        if svg is None:  # too large to draw: say why and how to narrow it
            out.append(f'<figure id="fig-{e(key)}"><figcaption>{e(title)}</figcaption>'
                       f'<p class="note">{e(note[0] if note else "")}</p></figure>')
            continue
        out.append(f'<figure id="fig-{e(key)}"><figcaption>{e(title)}</figcaption>'
                   f'<div class="diagram">{_inline_svg(svg, key)}</div></figure>')
    out.append("</section>")

    # -- gaps
    out.append(f'<section id="gaps"><h2>{e(t("Mangler funnet av kg check", "Gaps found by kg check"))}</h2>')
    if not data.checked:
        out.append(f'<p class="note">{e(t("Sjekkene er ikke tilgjengelige i denne installasjonen.", "The checks are not available in this installation."))}</p>')
    elif not data.gaps:
        out.append(f'<p class="note">{e(t("Ingen mangler funnet.", "No gaps found."))}</p>')
    else:
        out.append(f'<table id="gap-table"><thead><tr><th>{e(t("Alvor", "Severity"))}</th><th>{e(t("Kode", "Code"))}</th>'
                   f'<th>{e(t("Node", "Node"))}</th><th>{e(t("Melding", "Message"))}</th></tr></thead><tbody>')
        for g in data.gaps:
            label = data.labels.get(g.focus, data.gap_ids.get(g.focus, g.focus))
            out.append(f'<tr><td><span class="sev sev-{e(g.severity)}">{e(tr(lang, SEVERITY.get(g.severity, (g.severity, g.severity))))}</span></td>'
                       f'<td class="id">{e(g.code)}</td><td>{e(label)} <span class="id">{e(data.gap_ids.get(g.focus, ""))}</span></td>'
                       f"<td>{e(g.message)}</td></tr>")
        out.append("</tbody></table>")
    out.append("</section>")

    # -- initiatives with filters
    facets = [("phase", t("Fase", "Phase"), sorted({r.phase for r in data.rows if r.phase}, key=str.casefold)),
              ("owner", t("Eier", "Owner"), _facet_values(data.rows, "owners")),
              ("challenge", t("Utfordring", "Challenge"), _facet_values(data.rows, "challenges")),
              ("principle", t("Prinsipp", "Principle"), _facet_values(data.rows, "principles")),
              ("municipality", t("Kommune", "Municipality"), _facet_values(data.rows, "municipalities"))]
    out.append(f'<section id="table"><h2>{e(t("Tiltak", "Initiatives"))}</h2>')
    out.append('<div class="filters">')
    out.append(f'<label>{e(t("Søk", "Search"))}<input id="f-q" type="search" '
               f'placeholder="{e(t("navn, id, eier …", "name, id, owner …"))}"></label>')
    for key, title, values in facets:
        opts = "".join(f'<option value="{e(v)}">{e(v)}</option>' for v in values)
        out.append(f'<label>{e(title)}<select id="f-{key}" data-facet="{key}"><option value="">{e(t("alle", "all"))}</option>'
                   f"{opts}</select></label>")
    out.append(f'<button id="f-reset" type="button">{e(t("Nullstill", "Reset"))}</button>')
    # the rows shown (after the filters) as CSV, made in the page: nothing is fetched
    out.append(f'<button id="f-csv" type="button" data-file="{e(t("tiltak", "initiatives"))}.csv" '
               f'data-id-head="id">{e(t("Last ned CSV", "Download CSV"))}</button></div>')
    out.append(f'<p class="count"><span id="shown">{n_rows}</span> {e(t("av", "of"))} '
               f'<span id="total">{n_rows}</span> {e(t("tiltak vises", "initiatives shown"))}</p>')
    heads = [t("Tiltak", "Initiative"), t("Fase / status", "Phase / status"), t("Tid", "When"), t("Eier", "Owner"),
             t("Utfordringer", "Challenges"), t("Prinsipper", "Principles"), t("Avhenger av", "Depends on"),
             t("Kommuner", "Municipalities"), t("Kilder", "Sources")]
    out.append('<table id="initiatives"><thead><tr>' + "".join(f"<th>{e(x)}</th>" for x in heads) + "</tr></thead><tbody>")
    # the same owners, challenges, phases … recur on thousands of rows: each distinct cell
    # and filter attribute is escaped once
    seen: dict = {}

    def cell(names) -> str:
        key = ("c", tuple(names))
        got = seen.get(key)
        if got is None:
            got = seen[key] = e(", ".join(names))
        return got

    def attr(k: str, names) -> str:
        key = (k, tuple(names))
        got = seen.get(key)
        if got is None:
            got = seen[key] = f'data-{k}="{e(_json_list(names))}"'
        return got

    for r in data.rows:
        data_attrs = " ".join((attr("phase", [r.phase] if r.phase else []), attr("owner", r.owners),
                               attr("challenge", r.challenges), attr("principle", r.principles),
                               attr("municipality", r.municipalities)))
        gap = ""
        if r.gaps:
            gap = f' <span class="gapmark" title="{e(gap_names(r.gaps, lang))}">⚠ {len(r.gaps)}</span>'
        phase = seen.get(("p", r.phase, r.status))
        if phase is None:
            phase = seen[("p", r.phase, r.status)] = e(" / ".join(x for x in (r.phase, r.status) if x))
        out.append(f'<tr id="row-{e(r.id)}" {data_attrs}><td><b>{e(r.label)}</b>{gap}<br><span class="id">{e(r.id)}</span></td>'
                   f"<td>{phase}</td><td>{cell([r.when])}</td><td>{cell(r.owners)}</td>"
                   f"<td>{cell(r.challenges)}</td><td>{cell(r.principles)}</td>"
                   f"<td>{e(', '.join(r.depends_on))}</td><td>{cell(r.municipalities)}</td>"
                   f'<td class="id">{cell(r.sources)}</td></tr>')
    out.append("</tbody></table></section>")

    if lenses:
        out += _lens_sections(lenses, lang)

    # -- sources
    out.append(f'<section id="sources"><h2>{e(t("Kilder i grafen", "Sources in the graph"))}</h2>')
    out.append(f'<table id="source-table"><thead><tr><th>{e(t("Kilde", "Source"))}</th><th>{e(t("Tittel", "Title"))}</th>'
               f'<th>{e(t("Tripler", "Triples"))}</th></tr></thead><tbody>')
    for name, title, triples in data.sources:
        out.append(f'<tr><td class="id">{e(name)}</td><td>{e(title)}</td><td>{e(triples)}</td></tr>')
    out.append("</tbody></table></section>")
    out.append("</main>")
    out.append(f'<footer>{e(t("Laget", "Made"))} {e(data.generated)} · kg — '
               f'{e(t("kunnskapsgraf og veikart for KI i kommunesektoren", "knowledge graph and roadmap for AI in the municipal sector"))}</footer>')
    out.append(f"<script>\n{js}</script>")
    out.append("</body></html>")
    return "\n".join(out) + "\n"


def _names(names: list[str], limit: int = 8) -> str:
    """A list of names for a report cell: the first ``limit``, then how many more."""
    return ", ".join(names[:limit]) + (f" … +{len(names) - limit}" if len(names) > limit else "")
