"""`/import`: upload a CSV or XLSX, see the dry-run report row by row in a table shaped
like the sheet (errors highlighted), confirm to write, then the diff of what changed
(against a checkpoint of the store taken just before the write, :mod:`kg.store.snapshots`).

The same library calls as `kg import`: :func:`kg.importers.import_files` (dry run under
a read-only view; the write through :meth:`Workspace.staged_write`), under the same
limits (:mod:`kg.store.limits`: size, rows, unpacked size). The file is stored in a private
temporary folder between the two steps, parsed and never executed.
"""
from __future__ import annotations

import json
import re
import secrets
import shutil
import tempfile
from pathlib import Path

from fastapi import FastAPI, File, Form, Request, UploadFile
from fastapi.responses import Response

from kg.errors import InputError
from kg.store.workspace import Workspace

from kg.web.app import WebError, lang_of, render, require_write

SUFFIXES = (".csv", ".xlsx")
MAX_SHOWN_ROWS = 1000   # the sheet-shaped table shows at most this many rows (the report has all)
_ID = re.compile(r"^[0-9a-f]{32}$")


def uploads_dir() -> Path:
    d = Path(tempfile.gettempdir()) / f"kg-serve-uploads-{_uid()}"
    d.mkdir(mode=0o700, exist_ok=True)
    return d


def _uid() -> str:
    import os
    return str(os.getuid()) if hasattr(os, "getuid") else "user"


def _safe_stem(name: str) -> str:
    from kg.importers.tabular.names import slugify
    stem = Path(name or "import").stem
    return (slugify(stem) or "import")[:60]


def _save(upload: UploadFile, max_bytes: int, lang: str) -> tuple[str, Path, str]:
    suffix = Path(upload.filename or "").suffix.lower()
    if suffix not in SUFFIXES:
        raise InputError(f"upload a .csv or .xlsx file (got '{upload.filename}').",
                         f"last opp en .csv- eller .xlsx-fil (fikk «{upload.filename}»).")
    token = secrets.token_hex(16)
    folder = uploads_dir() / token
    folder.mkdir(mode=0o700)
    path = folder / (_safe_stem(upload.filename) + suffix)
    size = 0
    try:
        with open(path, "wb") as out:
            while chunk := upload.file.read(1 << 20):
                size += len(chunk)
                if size > max_bytes:
                    from kg.i18n import number
                    raise InputError(
                        f"the file is larger than the limit of {number(max_bytes)} bytes (KG_MAX_BYTES).",
                        f"filen er større enn grensen på {number(max_bytes)} byte (KG_MAX_BYTES).",
                        file=upload.filename)
                out.write(chunk)
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    return token, path, upload.filename or path.name


def _find(token: str) -> tuple[Path, dict]:
    if not _ID.match(token or ""):
        raise WebError(404, "No such upload.", "Ingen slik opplasting.")
    folder = uploads_dir() / token
    meta = folder / "meta.json"
    if not meta.is_file():
        raise WebError(404, "The upload is gone (already imported, or the server restarted); upload it again.",
                       "Opplastingen er borte (allerede importert, eller tjeneren startet på nytt); last den opp igjen.")
    info = json.loads(meta.read_text(encoding="utf-8"))
    return folder / info["stored"], info


def _rename(run, stored: Path, original: str) -> None:
    """The report speaks of the file the user chose, not of the temporary copy."""
    for rep in run.reports:
        if rep.file == str(stored):
            rep.file = original
        for issue in ([rep.fatal] if rep.fatal else []) + rep.warnings + [i for r in rep.rows for i in r.errors + r.warnings]:
            if issue.file == str(stored):
                issue.file = original


def _sheet(path: Path, report) -> dict | None:
    """The file's cells as read, with each row's errors by column, for the table shaped like the sheet."""
    from kg import importers
    if report is None or report.fatal:
        return None
    kind = report.format if report.format in ("csv", "xlsx") else None
    if kind is None:
        return None
    table = importers.get(kind).read_table(path)
    by_row = {r.row: r for r in report.rows}
    rows = []
    for n, cells in table.rows[:MAX_SHOWN_ROWS]:
        rr = by_row.get(n)
        errs = {}
        for e in (rr.errors if rr else []):
            errs.setdefault(e.column or "", []).append(e)
        rows.append({"row": n, "cells": list(cells) + [""] * (len(table.headers) - len(cells)),
                     "errors": errs, "warnings": rr.warnings if rr else [], "accepted": rr.accepted if rr else True,
                     "id": rr.local_id if rr else ""})
    return {"headers": table.headers, "rows": rows, "more": max(0, len(table.rows) - MAX_SHOWN_ROWS)}


def register(app: FastAPI) -> None:

    @app.get("/import", include_in_schema=False)
    def import_form(request: Request):
        return render(request, "import.html", {"stage": "form"})

    @app.get("/import/template.{ext}", include_in_schema=False)
    def template(request: Request, ext: str):
        import io

        from kg import importers
        tpl = importers.get("template")
        lang = lang_of(request)
        name = "kg-import-mal" if lang == "nb" else "kg-import-template"
        if ext == "csv":
            buf = io.StringIO()
            tpl.write_csv(buf, lang)
            return Response(buf.getvalue().encode("utf-8"), media_type="text/csv; charset=utf-8",
                            headers={"Content-Disposition": f'attachment; filename="{name}.csv"'})
        if ext == "xlsx":
            buf = io.BytesIO()
            with Workspace.open(request.app.state.settings.data) as ws:
                tpl.write_xlsx(buf, ws, lang)
            return Response(buf.getvalue(),
                            media_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                            headers={"Content-Disposition": f'attachment; filename="{name}.xlsx"'})
        raise WebError(404, "The template is .xlsx or .csv.", "Malen er .xlsx eller .csv.")

    def _dry_run(request, upload, source, network, csrf):
        from kg import importers
        from kg.store import limits
        settings = request.app.state.settings
        require_write(request, settings, csrf)
        limits.reset()
        token, path, original = _save(upload, limits.current().max_bytes, lang_of(request))
        source = source.strip() or None
        network = network.strip() or None
        try:
            with Workspace.open(settings.data) as ws:
                run = importers.import_files(ws, [path], source=source, network=network, dry_run=True)
        except BaseException:
            shutil.rmtree(path.parent, ignore_errors=True)
            raise
        (path.parent / "meta.json").write_text(json.dumps(
            {"stored": path.name, "original": original, "source": source, "network": network}), encoding="utf-8")
        sheet = _sheet(path, run.reports[0] if run.reports else None)
        _rename(run, path, original)
        return token, run, sheet, original

    @app.post("/import", include_in_schema=False)
    def import_upload(request: Request, file: UploadFile = File(...), source: str = Form(""),
                      network: str = Form(""), csrf: str = Form("")):
        token, run, sheet, original = _dry_run(request, file, source, network, csrf)
        rep = run.reports[0]
        usable = not rep.fatal and bool(rep.accepted)
        return render(request, "import.html", {"stage": "report", "token": token, "run": run, "rep": rep,
                                               "sheet": sheet, "original": original, "usable": usable},
                      status=400 if rep.fatal else 200)

    @app.post("/api/import", tags=["writes"], summary="kg import FILE --dry-run --format json (needs the token)")
    def api_import(request: Request, file: UploadFile = File(...), source: str = Form(""), network: str = Form(""),
                   csrf: str = Form("")):
        from kg.web.pages import _json
        token, run, _, _ = _dry_run(request, file, source, network, csrf)
        return _json({"upload": token, **run.as_dict(lang_of(request))}, status=400 if run.reports[0].fatal else 200)

    def _confirm(request, token, csrf):
        from kg import importers
        from kg.store import limits
        settings = request.app.state.settings
        require_write(request, settings, csrf)
        path, info = _find(token)
        lang = lang_of(request)
        limits.reset()
        # the version before, to say afterwards what changed (as kg diff SNAPSHOT @): a
        # checkpoint of the store in a folder of its own under the workspace's snapshots/
        # (on the store's file system: its files are linked, not copied), with the index
        # and check this server holds current; the diff then reads only what the import changed
        from kg.diff import indexed
        from kg.store import snapshots
        with Workspace.open(settings.data, write=True) as ws:
            held = snapshots.HeldFolder(ws.path)
            try:
                before = snapshots.create(ws, "før-importen" if lang == "nb" else "before-the-import",
                                          folder=held.path)
                indexed.keep_at_snapshot(ws, before)
            except BaseException:
                held.close()
                raise

        def work(ws):
            return importers.import_files(ws, [path], source=info["source"], network=info["network"])
        try:
            run = Workspace.staged_write(settings.data, work)
            _rename(run, path, info["original"])
            diff = None
            if not run.reports[0].fatal:
                diff = indexed.version_diff(before, data=settings.data, lang=lang, check=True)
        finally:
            indexed.forget(before)
            held.close()
            shutil.rmtree(path.parent, ignore_errors=True)
        return run, diff

    @app.post("/import/confirm", include_in_schema=False)
    def import_confirm(request: Request, upload: str = Form(...), csrf: str = Form("")):
        from kg.exports import diff_report
        run, diff = _confirm(request, upload, csrf)
        lang = lang_of(request)
        return render(request, "import.html", {
            "stage": "done", "run": run, "rep": run.reports[0],
            "diff_text": diff_report.render(diff, fmt="text", lang=lang) if diff else None,
            "diff_summary": diff_report.summary(diff, lang) if diff else None})

    @app.post("/api/import/confirm", tags=["writes"], summary="Write an upload checked by /api/import (needs the token)")
    def api_import_confirm(request: Request, upload: str = Form(...), csrf: str = Form("")):
        from kg.web.pages import _json
        run, diff = _confirm(request, upload, csrf)
        return _json({**run.as_dict(lang_of(request)), "diff": diff.as_dict() if diff else None})
