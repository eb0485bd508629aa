"""`/download/{name}.{ext}`: each diagram, the report and the gap list, with the page's
filters, drawn by the same library functions as `kg diagram`, `kg report` and `kg check`.
"""
from __future__ import annotations

from fastapi import FastAPI, Query, Request
from fastapi.responses import Response

from kg.errors import UsageError
from kg.exports import REGISTRY as EXPORTS
from kg.exports.diagrams import REGISTRY as DIAGRAMS
from kg.store.workspace import Workspace

from kg.web.app import WebError, lang_of

MEDIA = {"svg": "image/svg+xml", "png": "image/png", "pdf": "application/pdf", "dot": "text/vnd.graphviz; charset=utf-8",
         "mermaid": "text/plain; charset=utf-8", "mmd": "text/plain; charset=utf-8", "html": "text/html; charset=utf-8",
         "csv": "text/csv; charset=utf-8", "json": "application/json", "md": "text/markdown; charset=utf-8"}
# what each name can be downloaded as: every diagram of `kg diagram` in its formats (Mermaid
# also as .mmd), the report, the gaps, and the deck and the initiatives of `kg export`
NAMES = {
    **{kind: d.formats + (("mmd",) if "mermaid" in d.formats else ()) for kind, d in DIAGRAMS.items()},
    "report": ("html",), "gaps": ("csv", "json", "md", "html"),
    "deck": EXPORTS["pptx"].files, "initiatives": EXPORTS["initiatives"].files,
}
MEDIA["pptx"] = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
MEDIA["xlsx"] = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

def _when(text, end):
    if not text:
        return None
    from kg.roadmap.timewin import parse_when
    w = parse_when(text, column="to" if end else "from")
    return (w.latest or w.earliest) if end else w.earliest


def register(app: FastAPI) -> None:

    @app.get("/download/{filename}", tags=["downloads"],
             summary="A diagram (svg, png, pdf, dot, mermaid), the report (html) or the gaps (csv, json, md, html)")
    def download(request: Request, filename: str, id: str | None = None, depth: int | None = Query(None, ge=0, le=20),
                 direction: str = "both", lane: str = "owner", from_: str | None = Query(None, alias="from"),
                 to: str | None = None, code: list[str] = Query([]), severity: str | None = None,
                 phase: str | None = None, network: str | None = None, service: str | None = None,
                 initiative: str | None = None, municipality: str | None = None):
        from kg import facade
        from kg.exports.diagrams.model import build_board, build_dependencies, build_target
        from kg.ids import resolve
        lang = lang_of(request)
        name, _, ext = filename.rpartition(".")
        if name not in NAMES or ext not in NAMES[name]:
            known = ", ".join(f"{n}.{{{','.join(f)}}}" for n, f in NAMES.items())
            raise WebError(404, f"No download '{filename}'. There are: {known}.",
                           f"Ingen nedlasting «{filename}». Det finnes: {known}.")
        if direction not in ("up", "down", "both"):
            raise UsageError("direction must be up, down or both.", "retning må være up, down eller both.")
        fmt = "mermaid" if ext == "mmd" else ext
        with Workspace.open(request.app.state.settings.data) as ws:
            if name == "gaps":
                from kg.check.cache import cached_check
                from kg.exports import check_report
                report = cached_check(ws).filtered(severity=severity or None, codes=[c for c in code if c] or None)
                if ext == "csv":
                    data = _gaps_csv(report, lang)
                else:
                    data = check_report.render(report, fmt=ext, lang=lang).encode("utf-8")
            elif name in ("deck", "initiatives"):
                import io
                buf = io.BytesIO()
                if name == "deck":
                    facade.deck_pptx(ws, buf, lang=lang, network=network or None)
                else:
                    facade.initiatives_file(ws, buf, lang=lang, kind=ext, network=network or None)
                data = buf.getvalue()
            elif name == "map":  # `kg diagram map` with the page's filters
                model = facade.municipality_map(ws, lang, network=network or None, service=service or None,
                                                initiative=initiative or None)
                data = facade.draw("map", model, fmt)
            elif name == "vendors":  # `kg diagram vendors` with the page's filters
                from kg.exports.diagrams.vendors_model import build_vendors
                model = build_vendors(ws, lang, service=service or None, network=network or None,
                                      municipality=municipality or None)
                data = facade.draw("vendors", model, fmt)
            elif name == "report":
                data = facade.build_report_html(ws, lang).encode("utf-8")
            else:
                focus = {}
                if id:
                    focus = {"focus": resolve(ws, id), "depth": depth, "up": direction != "down",
                             "down": direction != "up"}
                gaps = facade.diagram_gaps(ws, lang)  # as `kg diagram` marks them
                if name == "dependencies":
                    model = build_dependencies(ws, lang, gaps=gaps, only=facade.network_only(ws, network), **focus)
                    data = facade.draw("dependencies", model, fmt)
                elif name == "timeline":  # the page's lanes and filters, as the page shows them
                    from kg.web import timeline_view
                    model = timeline_view.download_model(
                        ws, lang, lane=lane, phase=phase or None, network=network or None,
                        start=_when(from_, False), end=_when(to, True), gaps=gaps, **focus)
                    data = facade.draw("timeline", model, fmt)
                elif name == "board":
                    data = facade.draw("timeline", build_board(ws, lang, gaps=gaps), fmt, board=True)
                elif name == "target-picture":
                    data = facade.draw("target-picture", build_target(ws, lang, gaps=gaps, **focus), fmt)
                else:  # a kind of diagram the registry has and this page does not draw yet
                    raise WebError(404, f"No download '{filename}' yet; kg diagram {name} draws it.",
                                   f"Ingen nedlasting «{filename}» ennå; kg diagram {name} tegner den.")
        headers = {}
        if ext not in ("svg", "png"):
            headers["Content-Disposition"] = f'attachment; filename="{filename}"'
        return Response(data, media_type=MEDIA[ext], headers=headers)


def _gaps_csv(report, lang: str) -> bytes:
    import csv
    import io

    from kg.textsafe import csv_safe
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    keys = ["code", "severity", "id", "label", "path", "value", "message", "source", "row"]
    w.writerow(keys)
    for r in report.results:
        d = r.as_dict(lang)
        w.writerow([csv_safe("" if d.get(k) is None else str(d.get(k))) for k in keys])
    return buf.getvalue().encode("utf-8")
