"""The row-by-row report of ``kg import``, as text or JSON.

Text lists, per file, the counts and then every rejected cell and warning as
``file:row:column 'value': reason`` so an editor or a terminal can jump to it.
"""
from __future__ import annotations

import re

from kg.import_results import ImportReport, ImportRun, Issue, exit_code

FORMATS = ("text", "json")

_STATUS = {
    "imported": ("skrevet til arbeidsområdet", "written to the workspace"),
    "unchanged": ("uendret (samme innhold som før; ingenting skrevet)", "unchanged (same content as before; nothing written)"),
    "dry-run": ("prøvekjøring: ingenting skrevet", "dry run: nothing written"),
    "not-written": ("ingenting skrevet (--strict: minst én rad ble avvist)", "nothing written (--strict: at least one row was rejected)"),
    "blocked": ("ingenting skrevet (en annen fil kunne ikke brukes)", "nothing written (another file could not be used)"),
    "failed": ("kan ikke brukes; ingenting skrevet", "cannot be used; nothing written"),
    "pending": ("", ""),
}
_CSV_DELIMITERS_NB = {"semicolon": "semikolon", "comma": "komma", "tab": "tabulator"}


def _t(lang: str, nb: str, en: str) -> str:
    return nb if lang == "nb" else en


def _issue_line(i: Issue, lang: str) -> str:
    where = i.where()
    val = f" «{i.value}»" if lang == "nb" and i.value not in (None, "") else (f" '{i.value}'" if i.value not in (None, "") else "")
    return f"{where}{val}: {i.reason(lang)}"


def render_report(r: ImportReport, lang: str = "nb") -> str:
    lines = []
    status = _t(lang, *_STATUS.get(r.status, (r.status, r.status)))
    if r.fatal:
        lines.append(f"{r.file}: {status}")
        lines.append("  " + _t(lang, "FEIL ", "ERROR ") + _issue_line(r.fatal, lang))
        return "\n".join(lines) + "\n"
    sheet = r.sheet
    if r.format == "csv" and lang == "nb":  # the delimiter, named in the report's language
        sheet = re.sub(r"^(semicolon|comma|tab)\b", lambda m: _CSV_DELIMITERS_NB[m[1]], sheet)
    where = f"{r.format}" + (f", {_t(lang, 'ark', 'sheet')} {sheet}" if sheet and r.format == "xlsx" else
                             f", {sheet}" if sheet else "")
    head = f"{r.file} → {_t(lang, 'kilde', 'source')} {r.source} ({where})"
    if r.format in ("csv", "xlsx"):
        counts = _t(lang, f"{len(r.rows)} rader: {len(r.accepted)} godtatt, {len(r.rejected)} avvist",
                    f"{len(r.rows)} rows: {len(r.accepted)} accepted, {len(r.rejected)} rejected")
    else:
        counts = ""
    nw = len(r.all_warnings)
    parts = [p for p in (counts, _t(lang, f"{nw} advarsler", f"{nw} warnings") if nw else "",
                         _t(lang, f"{r.triples} tripler", f"{r.triples} triples")) if p]
    lines.append(head)
    lines.append("  " + "; ".join(parts) + f" — {status}")
    for e in r.errors:
        lines.append("  " + _t(lang, "AVVIST ", "REJECTED ") + _issue_line(e, lang))
    for w in r.all_warnings:
        lines.append("  " + _t(lang, "ADVARSEL ", "WARNING ") + _issue_line(w, lang))
    return "\n".join(lines) + "\n"


def render(run: ImportRun, *, fmt: str = "text", lang: str = "nb") -> str:
    if fmt == "json":
        from kg.json_text import dumps   # json.dumps(…, ensure_ascii=False, indent=2), quicker
        return dumps(run.as_dict(lang)) + "\n"
    out = [render_report(r, lang) for r in run.reports]
    code = exit_code(run)
    rows = sum(len(r.rows) for r in run.reports)
    acc = sum(len(r.accepted) for r in run.reports)
    rej = sum(len(r.rejected) for r in run.reports)
    if len(run.reports) > 1:
        out.append(_t(lang, f"Til sammen {len(run.reports)} filer, {rows} rader: {acc} godtatt, {rej} avvist.\n",
                      f"In all {len(run.reports)} files, {rows} rows: {acc} accepted, {rej} rejected.\n"))
    if code == 1 and not run.strict:
        out.append(_t(lang, "De godkjente radene er importert; rett de avviste og importer filen på nytt.\n",
                      "The accepted rows were imported; fix the rejected ones and import the file again.\n")
                   if not run.dry_run else
                   _t(lang, "Uten --dry-run ville de godkjente radene blitt importert.\n",
                      "Without --dry-run the accepted rows would be imported.\n"))
    return "".join(out)
