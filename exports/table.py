"""Render a Table or NodeView as text, JSON, CSV or Markdown."""
from __future__ import annotations

import csv
import io
import json
import unicodedata
from typing import Any

from kg.results import NodeView, Table
from kg.textsafe import csv_safe

FORMATS = ("table", "json", "csv", "md")


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
    """``result`` as text, JSON, CSV or Markdown. Only the text table shortens list cells
    to ``limit`` names (and says so); CSV, JSON and Markdown are whole."""
    if isinstance(result, NodeView):
        return render_node(result, fmt, lang)
    if fmt == "json":
        return json.dumps(result.as_dict(), ensure_ascii=False, indent=2, default=str) + "\n"
    if fmt == "csv":
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\n")
        w.writerow([c.key for c in result.columns])
        for r in result.rows:
            w.writerow([csv_safe(_cell(r.get(c.key))) for c in result.columns])
        return buf.getvalue()
    if fmt == "md":
        head = [c.header(lang) for c in result.columns]
        lines = []
        if result.title(lang):
            lines += [f"### {result.title(lang)}", ""]
        lines.append("| " + " | ".join(head) + " |")
        lines.append("|" + "|".join("---" for _ in head) + "|")
        for r in result.rows:
            lines.append("| " + " | ".join(_cell(r.get(c.key)).replace("|", "\\|").replace("\n", " ") for c in result.columns) + " |")
        lines += result.notes
        return "\n".join(lines) + "\n"
    # plain aligned text
    head = [c.header(lang) for c in result.columns]
    cut = False
    body = []
    for r in result.rows:
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
    out += result.notes
    if cut:
        out.append(f"(… +N: tabellen viser {limit} navn per celle; --limit N, --format csv eller json har alle)" if lang == "nb"
                   else f"(… +N: the table shows {limit} names per cell; --limit N, --format csv or json has all)")
    return "\n".join(out) + "\n"


def render_node(view: NodeView, fmt: str, lang: str) -> str:
    if fmt == "json":
        return json.dumps(view.as_dict(), ensure_ascii=False, indent=2) + "\n"
    rows = []
    for f in view.facts:
        value = f.value_label if f.is_iri else f.value + (f"@{f.lang}" if f.lang else "")
        if f.is_iri:
            from kg.ids import slug
            value = f.value_label if f.value_label in (slug(f.value), f.value) else f"{f.value_label} ({slug(f.value)})"
        pred = f.predicate_label if f.direction == "out" else ("← " + f.predicate_label)
        rows.append({"property": pred, "value": value, "source": f.source})
    from kg.results import col
    t = Table([col("property", "egenskap", "property"), col("value", "verdi", "value"), col("source", "kilde", "source")], rows,
              title_nb=f"{view.label} ({view.id})", title_en=f"{view.label} ({view.id})")
    if fmt in ("csv", "md"):
        return render(t, fmt, lang)
    return render(t, "table", lang)
