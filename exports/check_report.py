"""Render a :class:`kg.check.results.CheckReport` as text, JSON, Markdown, HTML or a SHACL
validation report in Turtle.

``render(report, fmt, lang) -> str``. Output is deterministic (sorted; no timestamps).
Text, Markdown and HTML group the results by code and shape, with the shape's message
(what is wrong and what to do) once per group, then one line per node.
"""
from __future__ import annotations

import html
import json

from kg.check.results import CheckReport, CheckResult, severity_label
from kg.textsafe import md_text, terminal_text

FORMATS = ("text", "json", "md", "html", "ttl")


def _t(lang: str, nb: str, en: str) -> str:
    return nb if lang == "nb" else en


def _groups(report: CheckReport) -> list[tuple[str, str, list[CheckResult]]]:
    """(code, shape IRI, results) in report order."""
    out: dict[tuple[str, str], list[CheckResult]] = {}
    for r in report.results:
        out.setdefault((r.code, r.shape), []).append(r)
    return [(c, s, rs) for (c, s), rs in out.items()]


def summary(report: CheckReport, lang: str) -> str:
    c = report.counts()
    if not report.results:
        return _t(lang, "Ingen gap funnet.", "No gaps found.")
    def n(k, one, many):
        return f"{c[k]} {one if c[k] == 1 else many}"
    if lang == "nb":
        return ", ".join([n("violation", "brudd", "brudd"), n("warning", "advarsel", "advarsler"), n("info", "info", "info")])
    return ", ".join([n("violation", "violation", "violations"), n("warning", "warning", "warnings"),
                      n("info", "info", "info")])


def _title(report: CheckReport, code: str, shape: str, lang: str, first: CheckResult) -> str:
    info = report.shapes.get(code)
    if info is not None and info.iri == shape:
        return info.title(lang)
    return info.title(lang) if info else code


def _where(r: CheckResult, lang: str) -> str:
    where = r.source or r.graph  # the imported file, else the source it came from
    if where is None:
        return ""
    if r.row is not None:
        return _t(lang, f"{where}, rad {r.row}", f"{where}, row {r.row}")
    return where


def _line(r: CheckResult, lang: str) -> str:
    parts = [f"{r.label(lang)} ({r.id})"]
    if r.path_text:
        parts.append(f"{r.path_text}")
    v = r.value_label(lang)
    if v:
        parts.append(_t(lang, f"verdi: {v}", f"value: {v}"))
    w = _where(r, lang)
    if w:
        parts.append(f"[{w}]")
    return "  ".join(parts)


def render_text(report: CheckReport, lang: str) -> str:
    lines = [_t(lang, "Gap-sjekk: ", "Gap check: ") + summary(report, lang)]
    for code, shape, rs in _groups(report):
        sev = severity_label(rs[0].severity, lang)
        lines.append("")
        lines.append(f"{code} — {_title(report, code, shape, lang, rs[0])} ({sev}, {len(rs)})")
        msgs = {r.message(lang) for r in rs}
        if len(msgs) == 1:
            lines.append(f"  {msgs.pop()}")
            lines += [f"  - {_line(r, lang)}" for r in rs]
        else:
            for r in rs:
                lines.append(f"  - {_line(r, lang)}")
                lines.append(f"      {r.message(lang)}")
    return terminal_text("\n".join(lines) + "\n")


def render_json(report: CheckReport, lang: str) -> str:
    return json.dumps(report.as_dict(lang), ensure_ascii=False, indent=2) + "\n"


def _md(s) -> str:
    return "" if s is None else md_text(str(s))


def _md_code(s) -> str:
    """Inside a code span nothing is markup, but a backtick or pipe would end it or the cell."""
    return terminal_text(" ".join(str(s).split())).replace("`", "'").replace("|", "\\|")


def render_md(report: CheckReport, lang: str, heading: str = "##") -> str:
    lines = [f"{heading} " + _t(lang, "Gap-sjekk", "Gap check"), "", summary(report, lang) + "."]
    for code, shape, rs in _groups(report):
        sev = severity_label(rs[0].severity, lang)
        lines += ["", f"{heading}# `{code}` — {_title(report, code, shape, lang, rs[0])} ({sev}, {len(rs)})", ""]
        msgs = {r.message(lang) for r in rs}
        same = len(msgs) == 1
        if same:
            lines += [msgs.pop(), ""]
        head = [_t(lang, "node", "node"), "id", _t(lang, "sti", "path"), _t(lang, "verdi", "value"),
                _t(lang, "kilde", "source")] + ([] if same else [_t(lang, "melding", "message")])
        lines.append("| " + " | ".join(head) + " |")
        lines.append("|" + "|".join("---" for _ in head) + "|")
        for r in rs:
            # ids and paths are kg's own (slugs, prefixed names) and shown as code spans;
            # labels, values, places and messages are text, escaped
            cells = [_md(r.label(lang)), f"`{_md_code(r.id)}`", f"`{_md_code(r.path_text)}`" if r.path_text else "",
                     _md(r.value_label(lang)), _md(_where(r, lang))] + ([] if same else [_md(r.message(lang))])
            lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


_CSS = """body{font-family:system-ui,sans-serif;margin:2rem;max-width:70rem;color:#222}
table{border-collapse:collapse;width:100%;margin:.5rem 0 1.5rem}
th,td{border:1px solid #ccc;padding:.3rem .5rem;text-align:left;vertical-align:top;font-size:.9rem}
th{background:#f3f3f3}.violation{color:#a40000}.warning{color:#8a5a00}.info{color:#2a5d8a}
code{font-size:.85rem}"""


def render_html(report: CheckReport, lang: str) -> str:
    e = html.escape
    title = _t(lang, "Gap-sjekk", "Gap check")
    out = [f'<!DOCTYPE html>\n<html lang="{"nb" if lang == "nb" else "en"}"><head><meta charset="utf-8">',
           f"<title>{e(title)}</title><style>{_CSS}</style></head><body>",
           f"<h1>{e(title)}</h1>", f"<p>{e(summary(report, lang))}.</p>"]
    for code, shape, rs in _groups(report):
        sev = rs[0].severity
        out.append(f'<h2 id="{e(code)}"><code>{e(code)}</code> — {e(_title(report, code, shape, lang, rs[0]))} '
                   f'<span class="{e(sev)}">({e(severity_label(sev, lang))}, {len(rs)})</span></h2>')
        msgs = {r.message(lang) for r in rs}
        same = len(msgs) == 1
        if same:
            out.append(f"<p>{e(msgs.pop())}</p>")
        heads = [_t(lang, "node", "node"), "id", _t(lang, "sti", "path"), _t(lang, "verdi", "value"),
                 _t(lang, "kilde", "source")] + ([] if same else [_t(lang, "melding", "message")])
        out.append("<table><tr>" + "".join(f"<th>{e(h)}</th>" for h in heads) + "</tr>")
        for r in rs:
            cells = [e(r.label(lang)), f"<code>{e(r.id)}</code>", f"<code>{e(r.path_text or '')}</code>",
                     e(r.value_label(lang) or ""), e(_where(r, lang))] + ([] if same else [e(r.message(lang))])
            out.append("<tr>" + "".join(f"<td>{c}</td>" for c in cells) + "</tr>")
        out.append("</table>")
    out.append("</body></html>")
    return "\n".join(out) + "\n"


def render_ttl(report: CheckReport, lang: str) -> str:
    """A standard SHACL validation report (sh:ValidationReport) with both languages'
    messages and each result's code as dct:identifier. ``sh:conforms`` follows SHACL:
    false when there is any result at all."""
    import rdflib
    from rdflib import BNode, Literal, URIRef
    from rdflib.namespace import DCTERMS, RDF, SH, XSD
    g = rdflib.Graph()
    g.bind("sh", SH)
    g.bind("dct", DCTERMS)
    g.bind("kgsh", "https://w3id.org/kommune-ki/shapes#")
    g.bind("kgid", "https://w3id.org/kommune-ki/id/")
    g.bind("kg", "https://w3id.org/kommune-ki/ont#")
    rep = BNode("report")
    g.add((rep, RDF.type, SH.ValidationReport))
    g.add((rep, SH.conforms, Literal(not report.results)))
    sev = {"violation": SH.Violation, "warning": SH.Warning, "info": SH.Info}
    for i, r in enumerate(report.results):
        n = BNode(f"r{i:06d}")
        g.add((rep, SH.result, n))
        g.add((n, RDF.type, SH.ValidationResult))
        g.add((n, SH.focusNode, URIRef(r.focus)))
        g.add((n, SH.resultSeverity, sev.get(r.severity, SH.Violation)))
        if r.shape:
            g.add((n, SH.sourceShape, URIRef(r.shape)))
        g.add((n, DCTERMS.identifier, Literal(r.code)))
        if r.path:
            if r.path.startswith("^"):
                p = BNode(f"p{i:06d}")
                g.add((p, SH.inversePath, URIRef(r.path[1:])))
                g.add((n, SH.resultPath, p))
            else:
                g.add((n, SH.resultPath, URIRef(r.path)))
        if r.value is not None:
            g.add((n, SH.value, URIRef(r.value) if r.value_iri else Literal(r.value)))
        for lg, m in sorted(r.messages.items()):
            if lg:
                g.add((n, SH.resultMessage, Literal(m, lang=lg)))
        if r.source or r.graph:
            g.add((n, DCTERMS.source, Literal(r.source or r.graph)))
        if r.row is not None:
            g.add((n, URIRef("https://w3id.org/kommune-ki/ont#sourceRow"), Literal(r.row, datatype=XSD.integer)))
    return g.serialize(format="turtle")


def render(report: CheckReport, *, fmt: str = "text", lang: str = "nb") -> str:
    return {"text": render_text, "json": render_json, "md": render_md, "html": render_html,
            "ttl": render_ttl}[fmt](report, lang)
