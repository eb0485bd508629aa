"""The deck's two lenses in `kg serve`: ``/vendors`` (vendors and lock-in, digital
sovereignty) and ``/sustainability`` (the SDGs), each with its JSON twin under ``/api/``
(what ``kg query vendors|sustainability --format json`` prints). Filters live in the URL
as the command's options do: ``?service=&network=&municipality=`` and ``?goal=&uncovered=1``.
"""
from __future__ import annotations

from fastapi import FastAPI, Request

from kg.web.app import lang_of, render
from kg.facade import ask
from kg.web.pages import _json, _ws, filter_choices, node_url

SHOWN_NAMES = 8   # names in a table cell; the JSON twin holds them all


def _choices(ws, lang: str) -> dict[str, list[tuple[str, str]]]:
    """The networks, services and municipalities a vendor view can be narrowed to."""
    return {key: filter_choices(ws, lang, cls) for key, cls in (
        ("networks", "kg:Network"), ("services", "kg:Service"), ("municipalities", "kg:Municipality"))}


def _vendor_report(ws, lang: str, service, network, municipality):
    return ask(ws, "vendors", service=service or None, network=network or None, municipality=municipality or None)


def _sdg_report(ws, lang: str, goal, uncovered):
    return ask(ws, "sustainability", goal=goal or None, uncovered_only=bool(uncovered))


def register(app: FastAPI) -> None:
    @app.get("/vendors", include_in_schema=False)
    def vendors(request: Request, service: str | None = None, network: str | None = None,
                municipality: str | None = None):
        from kg.roadmap.lenses import concentration_lines, decimal_text
        lang = lang_of(request)
        with _ws(request) as ws:
            res = _vendor_report(ws, lang, service, network, municipality)
            choices = _choices(ws, lang)
        sel = {"service": service or "", "network": network or "", "municipality": municipality or ""}
        return render(request, "vendors.html", {"res": res, "data": res.data, "choices": choices, "sel": sel,
                                                "lines": [x.get(lang) for x in concentration_lines(res.data)], "shown": SHOWN_NAMES,
                                                "hhi": {k: decimal_text(c["hhi"], lang)
                                                        for k, c in res.data["concentration"].items()},
                                                "node_url": node_url})

    @app.get("/api/vendors", tags=["pages"], summary="kg query vendors --format json")
    def api_vendors(request: Request, service: str | None = None, network: str | None = None,
                    municipality: str | None = None):
        with _ws(request) as ws:
            return _json(_vendor_report(ws, lang_of(request), service, network, municipality).as_dict(lang_of(request)))

    @app.get("/sustainability", include_in_schema=False)
    def sustainability(request: Request, goal: str | None = None, uncovered: str | None = None):
        from kg.roadmap.lenses import sdr_text
        lang = lang_of(request)
        with _ws(request) as ws:
            res = _sdg_report(ws, lang, goal, uncovered)
        data = res.data
        n_goals = len(data["goals"])
        n_targets = sum(len(g["targets"]) for g in data["goals"])
        coverage = {"goals": n_goals - len(data["uncovered_goals"]), "of_goals": n_goals,
                    "targets": n_targets - len(data["uncovered_targets"]), "of_targets": n_targets}
        sel = {"goal": goal or "", "uncovered": bool(uncovered)}
        return render(request, "sustainability.html", {
            "res": res, "data": data, "sel": sel, "coverage": coverage, "shown": SHOWN_NAMES,
            "sdr": sdr_text(data.get("context", {}).get("sdr", {}), lang), "node_url": node_url})

    @app.get("/api/sustainability", tags=["pages"], summary="kg query sustainability --format json")
    def api_sustainability(request: Request, goal: str | None = None, uncovered: str | None = None):
        with _ws(request) as ws:
            return _json(_sdg_report(ws, lang_of(request), goal, uncovered).as_dict(lang_of(request)))
