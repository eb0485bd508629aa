"""Render a :class:`kg.diff.compare.RoadmapDiff` as text, Markdown, JSON or a self-contained HTML page.

Every line names the initiative by its label in the chosen language with its id beside
it (``Felles KI-plattform [ki-plattform]``). Output is deterministic: the diff is sorted,
and nothing here adds a timestamp.
"""
from __future__ import annotations

import html
import json

from kg.diff.compare import KINDS, FIELD_LABELS, Change, RoadmapDiff, Shift
from kg.textsafe import md_text, terminal_text

FORMATS = ("text", "md", "json", "html")

TITLES = {
    "added": ("Nye tiltak", "Initiatives added"),
    "removed": ("Fjernede tiltak", "Initiatives removed"),
    "moved": ("Flyttet i tid", "Moved in time"),
    "phase": ("Endret fase", "Phase changed"),
    "status": ("Endret status", "Status changed"),
    "owner": ("Endret eier", "Owner changed"),
    "links": ("Endrede koblinger", "Links added or removed"),
    "dependency": ("Endret type eller styrke på avhengighet", "Dependency type or strength changed"),
    "renamed": ("Nytt navn", "Renamed"),
    "parent": ("Flyttet under et annet tiltak", "Parent initiative changed"),
    "regulation-moved": ("Regelverk med ny ikrafttredelse", "Regulation's entry into force moved"),
    "gap-appeared": ("Nye gap (kg check)", "Gaps that appeared (kg check)"),
    "gap-closed": ("Lukkede gap (kg check)", "Gaps that were closed (kg check)"),
    "source-added": ("Nye kilder", "Sources added"),
    "source-removed": ("Fjernede kilder", "Sources removed"),
    "source-changed": ("Kilder med endret proveniens", "Sources whose provenance changed"),
}
SYMBOL = {"added": "+", "removed": "-", "gap-appeared": "!", "gap-closed": "✓", "source-added": "+",
          "source-removed": "-"}
SIDE_KIND = {"snapshot": ("øyeblikksbilde", "snapshot"), "workspace": ("arbeidsområde", "workspace"),
             "file": ("fil", "file")}


def _t(lang: str, nb: str, en: str) -> str:
    return nb if lang == "nb" else en


def _item(i) -> str:
    if i is None:
        return "—"
    return f"{i.label} [{i.id}]" if i.label != i.id else f"[{i.id}]"


def _delta(days, months, lang) -> str:
    if days is None:
        return "—"
    if days == 0:
        return _t(lang, "uendret", "unchanged")
    if months:
        return f"{months:+d} " + _t(lang, "mnd", "months" if abs(months) != 1 else "month")
    return f"{days:+d} " + _t(lang, "dager" if abs(days) != 1 else "dag", "days" if abs(days) != 1 else "day")


def shift_text(s: Shift, lang: str) -> str:
    """'+6 mnd' when both ends moved alike; else earliest and latest separately."""
    if s.old is None:
        return _t(lang, "dato satt", "date set")
    if s.new is None:
        return _t(lang, "dato fjernet", "date removed")
    a = _delta(s.earliest_days, s.earliest_months, lang)
    b = _delta(s.latest_days, s.latest_months, lang)
    if a == b:
        return a
    return _t(lang, f"tidligst {a}, senest {b}", f"earliest {a}, latest {b}")


def _when(w) -> str:
    return w.text() if w is not None else "—"


def _field(f: str, lang: str) -> str:
    nb, en = FIELD_LABELS.get(f, (f, f))
    return _t(lang, nb, en)


def describe(c: Change, lang: str) -> str:
    """The detail of one change, in ``lang``, after the initiative's name."""
    k = c.kind
    if k in ("added", "removed"):
        s = c.new if k == "added" else c.old
        parts = [f"{_field('start', lang)} {_when(s['start'])}", f"{_field('end', lang)} {_when(s['end'])}"]
        if s.get("phase"):
            parts.append(f"{_field('phase', lang)} {s['phase'].label}")
        if s.get("status"):
            parts.append(f"{_field('status', lang)} {s['status'].label}")
        if s.get("owners"):
            parts.append(f"{_field('owners', lang)} " + ", ".join(_item(o) for o in s["owners"]))
        if s.get("participants"):
            parts.append(f"{_field('participants', lang)} " + ", ".join(_item(o) for o in s["participants"]))
        return "; ".join(parts)
    if k in ("moved", "regulation-moved"):
        return f"{_field(c.field, lang)}: {_when(c.old)} → {_when(c.new)} ({shift_text(c.shift, lang)})"
    if k in ("phase", "status", "parent"):
        return f"{_field(c.field, lang)}: {_item(c.old)} → {_item(c.new)}"
    if k == "owner":
        return (f"{_field('owners', lang)}: " + (", ".join(_item(o) for o in c.old) or "—") + " → "
                + (", ".join(_item(o) for o in c.new) or "—"))
    if k == "links":
        parts = []
        if c.added:
            parts.append("+ " + ", ".join(_item(i) + (f" ({i.note})" if i.note else "") for i in c.added))
        if c.removed:
            parts.append("− " + ", ".join(_item(i) + (f" ({i.note})" if i.note else "") for i in c.removed))
        return f"{_field(c.field, lang)}: " + "; ".join(parts)
    if k == "dependency":
        target = _item(c.added[0]) if c.added else ""
        return (_t(lang, f"avhengighet av {target}: ", f"dependency on {target}: ")
                + f"{c.old['type']}, {c.old['strength']} → {c.new['type']}, {c.new['strength']}")
    if k == "renamed":
        return f"{c.field}: «{c.old or '—'}» → «{c.new or '—'}»"
    if k in ("gap-appeared", "gap-closed"):
        d = c.detail
        where = ""
        if d.get("source"):
            where = f" ({d['source']}" + (f", {_t(lang, 'rad', 'row')} {d['row']}" if d.get("row") else "") + ")"
        return f"{c.field}: {d.get('message') or ''}{where}".rstrip()
    if k == "source-changed":
        return ", ".join(c.detail.get("predicates", []))
    return ""


def _head(c: Change) -> str:
    if not c.id:
        return c.label or "—"
    return f"{c.label} [{c.id}]" if c.label and c.label != c.id else f"[{c.id}]"


def _side(d: dict, lang: str) -> str:
    kind = _t(lang, *SIDE_KIND.get(d.get("kind", ""), (d.get("kind", ""), d.get("kind", ""))))
    extra = [x for x in (d.get("created", "")[:10], d.get("message", "")) if x]
    return f"{d.get('name') or d.get('spec')} ({kind}" + (", " + ", ".join(extra) if extra else "") + ")"


def sections(diff: RoadmapDiff, lang: str) -> list[tuple[str, str, list[tuple[str, str, str]]]]:
    """(kind, title, [(symbol, head, detail)]) for each kind that has changes."""
    out = []
    for k in KINDS:
        cs = diff.of_kind(k)
        if cs:
            out.append((k, _t(lang, *TITLES[k]) + f" ({len(cs)})",
                        [(SYMBOL.get(k, "~"), _head(c), describe(c, lang)) for c in cs]))
    return out


def _plural(n: int, one: str, many: str) -> str:
    return one if n == 1 else many


def summary(diff: RoadmapDiff, lang: str) -> str:
    if diff.equal:
        if getattr(diff, "scope", "all") == "roadmap":
            return _t(lang, "Ingen endringer i veikartet: tiltak, datoer, eiere, deltakere, avhengigheter og gap er like.",
                      "No changes to the roadmap: initiatives, dates, owners, participants, dependencies and gaps are the same.")
        return _t(lang, "Ingen endringer: de to versjonene av veikartet er like.",
                  "No changes: the two versions of the roadmap are equal.")
    n = len([c for c in diff.changes if not c.kind.startswith(("gap-", "source-"))])
    g = len([c for c in diff.changes if c.kind.startswith("gap-")])
    s = _t(lang, f"{n} {_plural(n, 'endring', 'endringer')} i veikartet",
           f"{n} {_plural(n, 'change', 'changes')} to the roadmap")
    if diff.gaps_compared:
        s += _t(lang, f", {g} {_plural(g, 'endring', 'endringer')} i gap",
                f", {g} {_plural(g, 'change', 'changes')} in gaps")
    k = len([c for c in diff.changes if c.kind.startswith("source-")])
    if k:
        s += _t(lang, f", {k} {_plural(k, 'kilde', 'kilder')} lagt til, fjernet eller endret",
                f", {k} {_plural(k, 'source', 'sources')} added, removed or changed")
    if getattr(diff, "scope", "all") == "all":
        s += _t(lang, f"; andre utsagn: {diff.other_added_count} lagt til, {diff.other_removed_count} fjernet.",
                f"; other statements: {diff.other_added_count} added, {diff.other_removed_count} removed.")
    else:
        s += "."
    return s


def _other_title(which: str, n: int, shown: int, lang: str) -> str:
    t = _t(lang, "Andre utsagn lagt til" if which == "added" else "Andre utsagn fjernet",
           "Other statements added" if which == "added" else "Other statements removed") + f" ({n})"
    if shown < n:
        t += _t(lang, f" — viser {shown}", f" — showing {shown}")
    return t


def _others(diff: RoadmapDiff):
    return [("added", "+", diff.other_added, diff.other_added_count),
            ("removed", "-", diff.other_removed, diff.other_removed_count)]


def _stmt_head(st) -> str:
    return f"{st.subject_label} [{st.subject}]" if st.subject_label and st.subject_label != st.subject else st.subject


def _gap_note(diff: RoadmapDiff, lang: str) -> list[str]:
    notes = list(diff.notes)
    n = getattr(diff, "gaps_gone", 0)
    if n:
        notes.append(_t(lang, f"{n} {_plural(n, 'gap', 'gap')} forsvant sammen med tiltak eller noder som er fjernet "
                              "(de er ikke lukket).",
                        f"{n} {_plural(n, 'gap', 'gaps')} went away with removed initiatives or nodes "
                        "(they were not closed)."))
    return notes


def render_text(diff: RoadmapDiff, lang: str) -> str:
    lines = [_t(lang, "Endringer fra ", "Changes from ") + _side(diff.old, lang)
             + _t(lang, " til ", " to ") + _side(diff.new, lang), summary(diff, lang)]
    for _k, title, entries in sections(diff, lang):
        lines += ["", title]
        lines += [f"  {sym} {head}  {detail}".rstrip() for sym, head, detail in entries]
    for which, sym, rows, n in _others(diff):
        if n:
            lines += ["", _other_title(which, n, len(rows), lang)]
            lines += [f"  {sym} {_stmt_head(st)}  {st.predicate}  {st.object}" for st in rows]
    notes = _gap_note(diff, lang)
    if notes:
        lines += [""] + notes
    return terminal_text("\n".join(lines) + "\n")


def _md(s: str) -> str:
    return md_text(s)


def render_md(diff: RoadmapDiff, lang: str) -> str:
    lines = ["# " + _t(lang, "Endringer i veikartet", "Changes to the roadmap"), "",
             f"- {_t(lang, 'Fra', 'From')}: {_md(_side(diff.old, lang))}",
             f"- {_t(lang, 'Til', 'To')}: {_md(_side(diff.new, lang))}", "", _md(summary(diff, lang))]
    for _k, title, entries in sections(diff, lang):
        lines += ["", f"## {_md(title)}", ""]
        lines += [f"- **{_md(head)}**" + (f" — {_md(detail)}" if detail else "") for _s, head, detail in entries]
    for which, sym, rows, n in _others(diff):
        if n:
            lines += ["", f"## {_md(_other_title(which, n, len(rows), lang))}", ""]
            lines += [f"- {sym} {_md(_stmt_head(st))} `{st.predicate}` {_md(st.object)}" for st in rows]
    notes = _gap_note(diff, lang)
    if notes:
        lines += [""] + [f"_{_md(n)}_" for n in notes]
    return "\n".join(lines) + "\n"


_CSS = """body{font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:2rem;max-width:70rem;color:#1d2433}
h1{font-size:1.5rem}h2{font-size:1.1rem;margin-top:1.6rem;border-bottom:1px solid #d8dce4;padding-bottom:.2rem}
table{border-collapse:collapse;width:100%}td{padding:.25rem .5rem;vertical-align:top;border-bottom:1px solid #eef0f4}
td.sym{width:1.5rem;text-align:center;font-weight:bold}td.head{width:35%}.id{color:#667085;font-family:monospace}
.k-added td.sym,.k-gap-closed td.sym{color:#137333}.k-removed td.sym,.k-gap-appeared td.sym{color:#b3261e}
.summary{background:#f4f6fa;padding:.6rem .8rem;border-radius:6px}"""


def _h(s) -> str:
    return html.escape(str(s), quote=True)


def _head_html(head: str) -> str:
    if head.endswith("]") and " [" in head:
        label, _, rest = head.rpartition(" [")
        return f"{_h(label)} <span class=\"id\">[{_h(rest[:-1])}]</span>"
    return _h(head)


def render_html(diff: RoadmapDiff, lang: str) -> str:
    title = _t(lang, "Endringer i veikartet", "Changes to the roadmap")
    out = [f"<!DOCTYPE html>\n<html lang=\"{_h(lang)}\"><head><meta charset=\"utf-8\">"
           f"<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
           f"<title>{_h(title)}</title><style>{_CSS}</style></head><body>",
           f"<h1>{_h(title)}</h1>",
           f"<p>{_h(_t(lang, 'Fra', 'From'))}: {_h(_side(diff.old, lang))}<br>"
           f"{_h(_t(lang, 'Til', 'To'))}: {_h(_side(diff.new, lang))}</p>",
           f"<p class=\"summary\">{_h(summary(diff, lang))}</p>"]
    for k, title_, entries in sections(diff, lang):
        out.append(f"<h2>{_h(title_)}</h2><table class=\"k-{_h(k)}\">")
        out += [f"<tr><td class=\"sym\">{_h(sym)}</td><td class=\"head\">{_head_html(head)}</td>"
                f"<td>{_h(detail)}</td></tr>" for sym, head, detail in entries]
        out.append("</table>")
    for which, sym, rows, n in _others(diff):
        if n:
            out.append(f"<h2>{_h(_other_title(which, n, len(rows), lang))}</h2><table class=\"k-{which}\">")
            out += [f"<tr><td class=\"sym\">{_h(sym)}</td><td class=\"head\">{_head_html(_stmt_head(st))}</td>"
                    f"<td><span class=\"id\">{_h(st.predicate)}</span> {_h(st.object)}</td></tr>" for st in rows]
            out.append("</table>")
    for n in _gap_note(diff, lang):
        out.append(f"<p><em>{_h(n)}</em></p>")
    out.append("</body></html>")
    return "\n".join(out) + "\n"


def render_json(diff: RoadmapDiff, lang: str) -> str:
    return json.dumps(diff.as_dict(), ensure_ascii=False, indent=2, sort_keys=False) + "\n"


def render(diff: RoadmapDiff, *, fmt: str = "text", lang: str = "nb") -> str:
    """The diff as text (default), md, json or html."""
    fn = {"text": render_text, "md": render_md, "json": render_json, "html": render_html}.get(fmt)
    if fn is None:
        raise ValueError(f"unknown diff format {fmt!r}; choose one of {', '.join(FORMATS)}")
    return fn(diff, lang)
