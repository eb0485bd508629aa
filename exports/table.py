"""Render a Table or NodeView as text, JSON, CSV or Markdown."""
from __future__ import annotations

import csv
import io
import json
import unicodedata
from typing import Any

from kg.results import NodeView, Table
from kg.textsafe import csv_safe, md_text, terminal_text

FORMATS = ("table", "json", "csv", "md")
NOTE_NAMES = 12  # names a note lists in the text and Markdown tables (kg.results.NameList); JSON has all


def _cell(v: Any) -> str:
    if v is None:
        return ""
    if isinstance(v, bool):
        return "ja" if v else "nei"
    if isinstance(v, (list, tuple)):
        return ", ".join(_cell(x) for x in v)
    return str(v)


def _width(s: str) -> int:
    if not s or max(s) < "\u0300":  # no wide or combining character below U+0300: fast path
        return len(s)
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 0 if unicodedata.combining(c) else 1 for c in s)


def _elide(v: Any, limit: int | None) -> tuple[Any, bool]:
    """A list cell cut to ``limit`` items for the text table (the only format that may
    shorten), with how many were left out."""
    if limit is None or not isinstance(v, (list, tuple)) or len(v) <= limit:
        return v, False
    return list(v[:limit]) + [f"… +{len(v) - limit}"], True


def render(result: Table | NodeView, fmt: str = "table", lang: str = "nb", limit: int | None = None) -> str:
    """``result`` as text, JSON, CSV or Markdown in ``lang`` (every :class:`kg.i18n.Text`
    in it resolved to that language). Only the text table shortens list cells to ``limit``
    names (and says so); CSV, JSON and Markdown are whole."""
    if isinstance(result, NodeView):
        return render_node(result, fmt, lang)
    if fmt == "json":
        return json.dumps(result.as_dict(lang), ensure_ascii=False, indent=2, default=str) + "\n"
    rows, notes = result.display_rows(lang), result.display_notes(lang, NOTE_NAMES)
    if fmt == "csv":
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\n")
        w.writerow([c.key for c in result.columns])
        for r in rows:
            w.writerow([csv_safe(_cell(r.get(c.key))) for c in result.columns])
        return buf.getvalue()
    if fmt == "md":
        head = [c.header(lang) for c in result.columns]
        lines = []
        if result.title(lang):
            lines += [f"### {md_text(result.title(lang))}", ""]
        lines.append("| " + " | ".join(md_text(h) for h in head) + " |")
        lines.append("|" + "|".join("---" for _ in head) + "|")
        for r in rows:
            lines.append("| " + " | ".join(md_text(_cell(r.get(c.key))) for c in result.columns) + " |")
        lines += notes
        return "\n".join(lines) + "\n"
    # plain aligned text
    head = [c.header(lang) for c in result.columns]
    cut = False
    body = []
    for r in rows:
        cells = []
        for c in result.columns:
            v, was_cut = _elide(r.get(c.key), limit)
            cut = cut or was_cut
            cells.append(_cell(v).replace("\n", " "))
        body.append(cells)
    widths = [max([_width(h)] + [_width(b[i]) for b in body]) for i, h in enumerate(head)]
    def line(cells):
        return "  ".join(c + " " * (w - _width(c)) for c, w in zip(cells, widths)).rstrip()
    out = []
    if result.title(lang):
        out.append(result.title(lang))
    out.append(line(head))
    out.append(line(["-" * w for w in widths]))
    out += [line(b) for b in body]
    out += notes
    if cut:
        out.append(f"(… +N: tabellen viser {limit} navn per celle; --limit N, --format csv eller json har alle)" if lang == "nb"
                   else f"(… +N: the table shows {limit} names per cell; --limit N, --format csv or json has all)")
    return terminal_text("\n".join(out) + "\n")


def _wrap_table(t: Table, lang: str, width: int, wrap_key: str) -> str:
    """Aligned text like render(), with column ``wrap_key`` wrapped so lines fit ``width``."""
    import textwrap
    head = [c.header(lang) for c in t.columns]
    body = [[_cell(r.get(c.key)).replace("\n", " ") for c in t.columns] for r in t.display_rows(lang)]
    widths = [max([_width(h)] + [_width(b[i]) for b in body]) for i, h in enumerate(head)]
    k = [c.key for c in t.columns].index(wrap_key)
    room = width - sum(w for i, w in enumerate(widths) if i != k) - 2 * (len(widths) - 1)
    widths[k] = max(min(widths[k], room), 24)

    def lines(cells):
        parts = [textwrap.wrap(c, widths[i], break_on_hyphens=False) or [""] if i == k else [c]
                 for i, c in enumerate(cells)]
        out = []
        for n in range(max(len(p) for p in parts)):
            row = [p[n] if n < len(p) else "" for p in parts]
            out.append("  ".join(c + " " * (w - _width(c)) for c, w in zip(row, widths)).rstrip())
        return out
    out = [t.title(lang)] if t.title(lang) else []
    out += lines(head) + ["  ".join("-" * w for w in widths)]
    for b in body:
        out += lines(b)
    return "\n".join(out + t.display_notes(lang, NOTE_NAMES)) + "\n"


SHEET_WORDS = {
    "when": ("Når", "When"), "start": ("start", "start"), "end": ("slutt", "end"),
    "phase": ("Fase", "Phase"), "status": ("Status", "Status"), "owner": ("Eier", "Owner"),
    "participants": ("Deltakere", "Participants"), "depends_on": ("Avhenger av", "Depends on"),
    "needed_by": ("Trengs av", "Needed by"), "gaps": ("Gap", "Gaps"), "sources": ("Kilder", "Sources"),
    "none": ("ikke angitt", "not given"), "no_gaps": ("ingen (kg check)", "none (kg check)"),
    "nothing": ("ingen", "none"),
}


def render_sheet(view: NodeView, lang: str, width: int = 100) -> list[str]:
    """The fact sheet of an initiative as wrapped lines: label, description, then one
    'Heading: text' block per field, continuation lines indented under the text."""
    import textwrap
    sh = view.sheet or {}
    li = 0 if lang == "nb" else 1
    W = {k: v[li] for k, v in SHEET_WORDS.items()}
    keys = ("when", "phase", "status", "owner", "participants", "depends_on", "needed_by", "gaps", "sources")
    pad = max(len(W[k]) for k in keys) + 2
    text_w = max(width - pad, 30)
    out = [f"{view.label} ({view.id})"]
    if sh.get("description"):
        out += textwrap.wrap(sh["description"], max(width, 40), break_on_hyphens=False)
    out.append("")

    def name(i):
        return f"{i['label']} ({i['id']})" if i["label"] != i["id"] else i["id"]

    def when(w):
        if not w:
            return W["none"]
        written = w.get("written") or ""
        return w["iso"] + (f" ({written})" if written and written != w["iso"] else "")

    def block(key, entries):
        entries = entries or [W["none"]]
        first = True
        for e in entries:
            wrapped = textwrap.wrap(e, text_w, break_on_hyphens=False) or [""]
            for n, line in enumerate(wrapped):
                head = (W[key] + ":").ljust(pad) if first else " " * pad
                out.append((head + line).rstrip())
                first = False
    block("when", [f"{W['start']} {when(sh.get('start'))}; {W['end']} {when(sh.get('end'))}"])
    block("phase", [name(sh["phase"])] if sh.get("phase") else [])
    block("status", [name(sh["status"])] if sh.get("status") else [])
    block("owner", [name(o) for o in sh.get("owners", [])])
    block("participants", [", ".join(name(p) for p in sh.get("participants", []))] if sh.get("participants") else [])
    block("depends_on", [f"{name(d)}: {d['words']}" for d in sh.get("depends_on", [])] or [W["nothing"]])
    block("needed_by", [f"{name(d)}: {d['words']}" for d in sh.get("needed_by", [])] or [W["nothing"]])
    block("gaps", [f"{g['message']} ({g['code']})" for g in sh.get("gaps", [])] or [W["no_gaps"]])
    block("sources", [", ".join(sh.get("sources", []))])
    return out


def render_node(view: NodeView, fmt: str, lang: str, *, facts: bool = True, width: int = 100) -> str:
    """A node as text (its fact sheet when it has one, then, with ``facts``, every fact
    with its source, wrapped to ``width``), or as JSON, CSV or Markdown (the facts)."""
    if fmt == "json":
        return json.dumps(view.as_dict(lang), ensure_ascii=False, indent=2) + "\n"
    view = view.shown(lang)
    rows = []
    from kg.ids import slug
    # a literal in the chosen language stands for its translations (no @tags in text)
    have = {(f.predicate, f.direction, f.lang) for f in view.facts}
    for f in view.facts:
        if f.lang and f.lang != lang and (f.predicate, f.direction, lang) in have:
            continue
        value = f.value
        if f.is_iri:
            value = f.value_label if f.value_label in (slug(f.value), f.value) else f"{f.value_label} ({slug(f.value)})"
        pred = f.predicate_label if f.direction == "out" else ("← " + f.predicate_label)
        rows.append({"property": pred, "value": value, "source": f.source})
    from kg.results import col
    t = Table([col("property", "egenskap", "property"), col("value", "verdi", "value"), col("source", "kilde", "source")], rows,
              title_nb=f"{view.label} ({view.id})", title_en=f"{view.label} ({view.id})")
    if fmt in ("csv", "md"):
        return render(t, fmt, lang)
    if view.sheet is None:
        return terminal_text(_wrap_table(t, lang, width, "value"))
    out = render_sheet(view, lang, width)
    if facts:
        t.title_nb, t.title_en = "Alle fakta og kildene deres", "Every fact and its source"
        out += ["", _wrap_table(t, lang, width, "value").rstrip("\n")]
    else:
        out += ["", ("Alle fakta med kilde: kg query show %s --facts" if lang == "nb"
                     else "Every fact with its source: kg query show %s --facts") % view.id]
    return terminal_text("\n".join(out) + "\n")
