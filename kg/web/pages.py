"""The pages of `kg serve` and their JSON twins under /api/.

Each page parses its query, calls the library function the CLI calls for the same
question, and renders the result; its twin returns that result as ``--format json``
prints it. The workspace is opened per request (a read-only view under the shared lock),
so a reader sees the graph as it was before a write or after it, never half.
"""
from __future__ import annotations

import contextlib
import json
import time
from datetime import date
from urllib.parse import quote

from fastapi import FastAPI, Form, Query, Request
from fastapi.responses import JSONResponse

from kg.errors import InputError, KgError, NotFound
from kg.facade import ask
from kg.i18n import Text
from kg.i18n import render as present
from kg.store.workspace import Workspace

from kg.web.app import (
    SESSION_COOKIE,
    Settings,
    WebError,
    check_csrf,
    lang_of,
    redirect,
    render,
    require_write,
    safe_next,
)


def _settings(request: Request) -> Settings:
    return request.app.state.settings


@contextlib.contextmanager
def _ws(request: Request):
    with Workspace.open(_settings(request).data, reuse=True) as ws:
        yield ws


def filter_choices(ws, lang: str, cls: str) -> list[tuple[str, str]]:
    """(id, label) of every node of class ``cls`` (``kg:Network`` …), sorted by label: the
    options of a page's filter."""
    from kg.ids import labels_for, slug
    iris = [r["n"].value for r in ws.select("SELECT DISTINCT ?n WHERE { ?n a %s }" % cls)]
    labels = labels_for(ws, iris, lang) if iris else {}
    return sorted(((slug(i), labels.get(i, slug(i))) for i in iris), key=lambda x: x[1].casefold())


def node_url(id: str) -> str:
    """The node page of an id (``ki-plattform``, ``digi-innlandet/di-1``) or of any IRI:
    the workspace's own nodes by their short id, anything else by its IRI."""
    from kg.vocab import PREFIXES
    if id.startswith(PREFIXES["kgid"]):
        id = id[len(PREFIXES["kgid"]):]
    return "/node/" + quote(id, safe="/:")


GRAPH_MAX = 300   # nodes the dependency explorer draws at most (nearest first)
DEPS_SHOWN = 500  # rows of the dependency list drawn at most; the page says how to narrow
GAPS_SHOWN = 300  # rows of the gap table drawn at most; the page says how to narrow (the CSV has all)
GAPS_WAIT = 3.0  # seconds the node page waits for a check still running before it says so


def check_report(ws, wait: float | None = None, run: bool | str = True):
    """`kg check` of the workspace as it is, computed once per version of the workspace
    (kg.check.cache: in memory and in the cache folder), so the pages that show gaps
    never re-run the checks per request. With ``wait``, None while a run started
    elsewhere (the warm-up at start) has not finished within that many seconds."""
    from kg.check.cache import cached_check
    return cached_check(ws, wait=wait, run=run)


class _JSONResponse(JSONResponse):
    """JSON in one pass (dates and other values as text), as JSONResponse writes it."""

    def render(self, content) -> bytes:
        return json.dumps(content, default=str, ensure_ascii=False, allow_nan=False, indent=None,
                          separators=(",", ":")).encode("utf-8")


def _json(data, status: int = 200) -> JSONResponse:
    return _JSONResponse(data, status_code=status)


def timeline_narrowing(request: Request):
    """``narrow(phase=…)``: the query of /timeline with this page's timeline filters and
    one more (the links a capped timeline offers)."""
    from urllib.parse import urlencode
    keep = ("lane", "phase", "network", "from", "to", "id")

    def narrow(**kw) -> str:
        items = [(k, v) for k, v in request.query_params.multi_items() if k in keep and k not in kw and v]
        return urlencode(items + [(k, v) for k, v in kw.items() if v])
    return narrow


# --------------------------------------------------------------------------- overview

def overview_data(ws, lang: str) -> dict:
    from kg.store import snapshots
    from kg.facade import sources_table
    summary = ask(ws, "summary")
    phases = ask(ws, "timeline", by="phase")
    from kg.ids import labels_for, resolve
    phase_rows = []
    for p in phases.data.get("periods", []):
        n = len({i for ln in p.get("lanes", []) for i in ln.get("runs", [])})
        try:
            label = labels_for(ws, [resolve(ws, str(p["period"]))], lang).popitem()[1]
        except KgError:
            label = present(p["period"], lang)
        phase_rows.append({"phase": p["period"], "label": label, "count": n})
    report = check_report(ws)
    sources = sources_table(ws, lang)
    recent = sorted((r for r in sources.rows if r["kind"] == "import"), key=lambda r: r["modified"] or "",
                    reverse=True)[:10]
    snaps = snapshots.list_snapshots(ws.path)
    return {"summary": summary, "phases": phases, "phase_rows": phase_rows, "gaps": report, "sources": sources, "recent": recent,
            "last_snapshot": snaps[-1] if snaps else None}


def _since_last(request, settings, snap, lang):
    if snap is None:
        return None
    from kg.exports import diff_report
    from kg.facade import diff_versions
    result = diff_versions(snap.name, "@", data=settings.data, lang=lang, check=False, max_statements=0)
    return {"name": snap.name, "summary": diff_report.summary(result, lang), "equal": result.equal}


# --------------------------------------------------------------------------- gaps

def gaps_data(ws, lang: str, code: list[str], severity: str | None, network: str | None, source: str | None):
    from kg.check.results import SEVERITIES
    if severity and severity not in SEVERITIES:
        raise InputError(f"severity must be one of {', '.join(SEVERITIES)}.",
                         f"alvorlighetsgrad må være en av {', '.join(SEVERITIES)}.")
    full = check_report(ws)
    known = sorted(full.shapes)  # every shipped shape's code (the check lists them all)
    for c in code:
        if c not in known:
            raise InputError(f"Unknown check code '{c}'.", f"Ukjent sjekkode «{c}».")
    report = full.filtered(severity=severity, codes=code or None)
    srcs = {s.name: s for s in ws.sources()}
    if source:
        if source not in srcs:
            raise NotFound(f"No source '{source}'.", f"Ingen kilde «{source}».")
        report.results = [r for r in report.results if r.graph and r.graph.rsplit("/", 1)[-1] == source]
    if network:
        from kg.ids import slug
        in_net = {n for n, s in srcs.items() if s.network and (slug(s.network) == network or s.network == network)}
        report.results = [r for r in report.results if r.graph and r.graph.rsplit("/", 1)[-1] in in_net]
    networks = sorted({s.network for s in srcs.values() if s.network})
    return report, known, sorted(n for n in srcs if n != "catalog"), networks


# --------------------------------------------------------------------------- impact

def check_changes(changes: list[str]) -> list[str]:
    """The what-if changes ``ID:SLIP`` / ``ID:@DATE``-style strings, checked by the
    library's own parser (the one `kg query impact --change` uses), so a bad one is
    refused with the CLI's message (an InputError: HTTP 400)."""
    from kg.queries import get
    changes = [c.strip() for c in changes if c and c.strip()]
    if changes:
        get("impact").check_args(None, None, changes)
    return changes


# --------------------------------------------------------------------------- register

def register(app: FastAPI) -> None:  # noqa: C901  (one place that lists every path)

    # ---------------------------------------------------------------- overview
    @app.get("/", include_in_schema=False)
    def overview(request: Request):
        lang = lang_of(request)
        with _ws(request) as ws:
            d = overview_data(ws, lang)
        d["since"] = _since_last(request, _settings(request), d["last_snapshot"], lang)
        return render(request, "overview.html", d)

    @app.get("/api/overview", tags=["pages"], summary="Counts, phases, gaps by severity, sources, last snapshot")
    def api_overview(request: Request):
        lang = lang_of(request)
        with _ws(request) as ws:
            d = overview_data(ws, lang)
        since = _since_last(request, _settings(request), d["last_snapshot"], lang)
        return _json({"summary": d["summary"].as_dict(lang), "phases": d["phases"].as_dict(lang),
                      "gaps": {"conforms": d["gaps"].conforms, "counts": d["gaps"].counts()},
                      "sources": d["sources"].as_dict(), "since_last_snapshot": since})

    # ---------------------------------------------------------------- search and node
    @app.get("/search", include_in_schema=False)
    def search(request: Request, q: str = "", type: str | None = None, limit: int = Query(50, ge=1, le=500)):
        res = None
        if q.strip():
            with _ws(request) as ws:
                res = ask(ws, "find", text=q, top=limit, type=type or None)
        return render(request, "search.html", {"q": q, "res": res, "node_url": node_url})

    @app.get("/api/search", tags=["pages"], summary="kg query find TEXT")
    def api_search(request: Request, q: str, type: str | None = None, limit: int = Query(50, ge=1, le=500)):
        with _ws(request) as ws:
            return _json(ask(ws, "find", text=q, top=limit, type=type or None).as_dict(lang_of(request)))

    def node_data(ws, id: str, lang: str, on: str | None):
        """The node's own facts, its dependencies one step up and down, its obligations,
        and its gaps from the kept check result (None while the check is still running)."""
        from kg.check.results import CheckReport
        report = check_report(ws, wait=GAPS_WAIT, run="background")
        view = ask(ws, "show", id=id, report=report if report is not None else CheckReport())
        deps = None
        with contextlib.suppress(KgError):
            deps = ask(ws, "deps", id=view.iri, depth=1)
        obligations = None
        with contextlib.suppress(KgError):
            obligations = ask(ws, "obligations", id=view.iri, on=on)
        gaps = report.filtered(focus=view.iri) if report is not None else None
        return view, deps, obligations, gaps

    @app.get("/node/{id:path}", include_in_schema=False)
    def node(request: Request, id: str, on: str | None = None):
        lang = lang_of(request)
        with _ws(request) as ws:
            view, deps, obligations, gaps = node_data(ws, id, lang, on)
        return render(request, "node.html", {"view": view.shown(lang), "deps": deps, "obligations": obligations,
                                             "gaps": gaps, "on": on or date.today().isoformat(),
                                             "node_url": node_url})

    @app.get("/api/node/{id:path}", tags=["pages"], summary="kg query show ID, with deps, obligations and gaps")
    def api_node(request: Request, id: str, on: str | None = None):
        lang = lang_of(request)
        with _ws(request) as ws:
            view, deps, obligations, gaps = node_data(ws, id, lang, on)
        return _json({**view.as_dict(lang), "deps": deps.as_dict(lang) if deps else None,
                      "obligations": obligations.as_dict(lang) if obligations else None,
                      "gaps": gaps.as_dict(lang) if gaps is not None else None,
                      "gaps_pending": gaps is None})

    # ---------------------------------------------------------------- gaps
    @app.get("/gaps", include_in_schema=False)
    def gaps(request: Request, code: list[str] = Query([]), severity: str | None = None,
             network: str | None = None, source: str | None = None):
        lang = lang_of(request)
        code = [c for c in code if c]
        with _ws(request) as ws:
            report, known, sources, networks = gaps_data(ws, lang, code, severity or None, network or None,
                                                         source or None)
        from collections import Counter
        top = Counter(r.code for r in report.results).most_common(8) if len(report.results) > GAPS_SHOWN else []
        return render(request, "gaps.html", {"report": report, "codes": known, "sources": sources,
                                             "max_rows": GAPS_SHOWN, "top_codes": top,
                                             "networks": networks, "sel": {"code": code, "severity": severity,
                                                                           "network": network, "source": source},
                                             "node_url": node_url})

    @app.get("/api/gaps", tags=["pages"], summary="kg check --format json, filtered")
    def api_gaps(request: Request, code: list[str] = Query([]), severity: str | None = None,
                 network: str | None = None, source: str | None = None):
        lang = lang_of(request)
        with _ws(request) as ws:
            report = gaps_data(ws, lang, [c for c in code if c], severity or None, network or None, source or None)[0]
        return _json(report.as_dict(lang))

    # ---------------------------------------------------------------- timeline and board
    @app.get("/timeline", include_in_schema=False)
    def timeline(request: Request, lane: str = "owner", phase: str | None = None, network: str | None = None,
                 from_: str | None = Query(None, alias="from"), to: str | None = None, id: str | None = None):
        lang = lang_of(request)
        from kg.web import timeline_view
        with _ws(request) as ws:
            view = timeline_view.build(ws, lang, lane=lane, phase=phase or None, network=network or None,
                                       from_=from_ or None, to=to or None, focus=id or None)
        ctx = {"tl": view, "sel": {"lane": lane, "phase": phase or "", "network": network or "",
                                   "from": from_ or "", "to": to or "", "id": id or ""}, "node_url": node_url,
               "narrow": timeline_narrowing(request)}
        if request.headers.get("hx-request"):
            return render(request, "_timeline.html", ctx)
        return render(request, "timeline.html", ctx)

    @app.get("/api/timeline", tags=["pages"], summary="kg query timeline --format json")
    def api_timeline(request: Request, by: str = "year", lane: str | None = None,
                     from_: str | None = Query(None, alias="from"), to: str | None = None,
                     text: str = "both", limit: int = Query(8, ge=1, le=1000)):
        with _ws(request) as ws:
            return _json(ask(ws, "timeline", from_=from_, to=to, by=by, lane=lane or None, text=text).as_dict(lang_of(request)))

    @app.get("/board", include_in_schema=False)
    def board(request: Request):
        from kg.exports.diagrams.model import build_board
        lang = lang_of(request)
        with _ws(request) as ws:
            model = build_board(ws, lang)
        return render(request, "board.html", {"board": model, "node_url": node_url})

    @app.get("/api/board", tags=["pages"], summary="The seed's three columns")
    def api_board(request: Request):
        from dataclasses import asdict

        from kg.exports.diagrams.model import build_board
        with _ws(request) as ws:
            return _json(asdict(build_board(ws, lang_of(request))))

    @app.get("/target-picture", include_in_schema=False)
    def target_picture(request: Request):
        return render(request, "target.html", {})

    @app.get("/api/target-picture", tags=["pages"], summary="The target picture's parts")
    def api_target(request: Request):
        from dataclasses import asdict

        from kg.exports.diagrams.model import build_target
        with _ws(request) as ws:
            return _json(asdict(build_target(ws, lang_of(request))))

    # ---------------------------------------------------------------- the municipality map
    def map_choices(ws, lang: str) -> dict:
        """The networks, services and initiatives the map can be filtered to."""
        return {key: filter_choices(ws, lang, cls) for key, cls in (
            ("networks", "kg:Network"), ("services", "kg:Service"), ("initiatives", "kg:Initiative"))}

    def map_model(ws, lang: str, network, service, initiative):
        from kg.facade import municipality_map
        return municipality_map(ws, lang, network=network or None, service=service or None,
                                initiative=initiative or None)

    @app.get("/map", include_in_schema=False)
    def municipality_map_page(request: Request, network: str | None = None, service: str | None = None,
                              initiative: str | None = None):
        from kg.facade import map_svg
        lang = lang_of(request)
        with _ws(request) as ws:
            model = map_model(ws, lang, network, service, initiative)
            choices = map_choices(ws, lang)
        svg = map_svg(model, link=lambda num, iri: node_url(iri or f"kommune-{num}"))
        sel = {"network": network or "", "service": service or "", "initiative": initiative or ""}
        return render(request, "map.html", {"map": model, "svg": svg, "choices": choices, "sel": sel,
                                            "query": request.url.query})

    @app.get("/api/map", tags=["pages"], summary="kg diagram map as data: initiatives (or roles) per municipality")
    def api_map(request: Request, network: str | None = None, service: str | None = None,
                initiative: str | None = None):
        lang = lang_of(request)
        with _ws(request) as ws:
            m = map_model(ws, lang, network, service, initiative)
        return _json({"title": m.title, "subtitle": m.subtitle, "lang": m.lang, "mode": m.mode, "total": m.total,
                      "municipalities": [{"number": num, "name": m.names.get(num, num), "iri": m.iris.get(num),
                                          "count": m.counts.get(num, 0), "role": m.roles.get(num),
                                          "member": num in m.members} for num in sorted(m.names)]})

    # ---------------------------------------------------------------- dependencies
    def network_filter(ws, lang: str, network: str | None):
        """`--network NAME` on the dependency views: (the slugs of the network's initiatives,
        its label) or (None, "") for all; the same set the timeline and the map use."""
        if not network:
            return None, ""
        from kg.facade import network_only
        from kg.ids import labels_for, slug
        from kg.exports.diagrams.map_model import resolve_network
        iri = resolve_network(ws, network)
        return {slug(i) for i in network_only(ws, network)}, labels_for(ws, [iri], lang).get(iri, slug(iri))

    def narrow_deps(res, keep: set[str] | None, name: str, lang: str):
        """The dependency tree with only the network's initiatives (the root stays): the
        rows of other nodes and the edges touching them are left out, and a note says so."""
        if keep is None:
            return res
        root = res.data["root"]
        res.keep_rows(lambda r: r["id"] in keep)
        for data in [res.data] + [lay["data"] for lay in res.layouts.values() if "edges" in lay.get("data", {})]:
            data["edges"] = [e for e in data["edges"] if {e["dependent"], e["target"]} <= keep | {root}]
        res.data["network"] = name
        res.notes.append(Text(f"Bare tiltakene i nettverket {name} (og {root}); de andre er utelatt.",
                              f"Only the initiatives of the network {name} (and {root}); the others are left out."))
        return res

    @app.get("/deps/{id:path}", include_in_schema=False)
    def deps(request: Request, id: str, depth: int = Query(2, ge=1, le=10), direction: str = "both",
             type: list[str] = Query([]), hard: bool = False, network: str | None = None):
        lang = lang_of(request)
        types = [x for x in type if x]
        with _ws(request) as ws:
            keep, name = network_filter(ws, lang, network)
            res = narrow_deps(ask(ws, "deps", id=id, direction=direction, depth=depth, types=types, hard_only=hard), keep, name, lang)
            networks = filter_choices(ws, lang, "kg:Network")
        return render(request, "deps.html", {"res": res, "max_rows": DEPS_SHOWN, "graph_max": GRAPH_MAX,
                                             "sel": {"depth": depth, "direction": direction,
                                                                 "type": types, "hard": hard,
                                                                 "network": network or ""},
                                             "networks": networks, "node_url": node_url})

    @app.get("/api/deps/{id:path}", tags=["pages"], summary="kg query deps ID --format json")
    def api_deps(request: Request, id: str, depth: int | None = Query(None, ge=1, le=20), direction: str = "both",
                 type: list[str] = Query([]), hard: bool = False, network: str | None = None):
        lang = lang_of(request)
        with _ws(request) as ws:
            keep, name = network_filter(ws, lang, network)
            return _json(narrow_deps(ask(ws, "deps", id=id, direction=direction, depth=depth, types=[x for x in type if x],
                                                    hard_only=hard), keep, name, lang).as_dict(lang))

    @app.get("/api/graph/{id:path}", tags=["pages"],
             summary="The dependency neighbourhood as nodes and edges (what the explorer draws)")
    def api_graph(request: Request, id: str, depth: int = Query(1, ge=1, le=10), direction: str = "both",
                  network: str | None = None):
        """The edges of `kg query deps` (the library's walk from the node) as a graph, each
        node with its label, phase, owner and dates from the roadmap index."""
        from kg.roadmap.index import fast_slug, label_map, load_index, when_text
        lang = lang_of(request)
        with _ws(request) as ws:
            keep, name = network_filter(ws, lang, network)
            tree = narrow_deps(ask(ws, "deps", id=id, direction=direction, depth=depth), keep, name, lang)
            root_iri = tree.data["iri"]
            ix = load_index(ws)
            edges, seen = [], set()
            for e in tree.data["edges"]:
                key = (e["target"], e["dependent"])
                if key in seen:
                    continue
                seen.add(key)
                edges.append({"source": e["target"], "target": e["dependent"], "type": e["type"],
                              "strength": e["strength"], "source_graph": e["source"], "kind": "dependency"})
            # a hub's neighbourhood: the first GRAPH_MAX nodes in the walk's order (nearest
            # first) are drawn; the answer says how many there are
            all_ids = {tree.data["root"]} | {x for e in edges for x in (e["source"], e["target"])}
            ids = {tree.data["root"]}
            kept = []
            for e in edges:
                new = {e["source"], e["target"]} - ids
                if len(ids) + len(new) > GRAPH_MAX:
                    continue
                ids |= new
                kept.append(e)
            edges = kept
            from kg.web.timeline_view import _index_memo  # kept per version of the index
            by_slug = _index_memo(ix, "by-slug", lambda: {fast_slug(x): x for x in ix.iris})
            node_iris = {i: by_slug.get(i) or (root_iri if i == tree.data["root"] else None) for i in ids}
            labels = label_map(ws, [x for x in node_iris.values() if x], lang)
            owners = _index_memo(ix, "owners-map", lambda: ix.link_map("owners"))
            extra = [ix.iris[o] for x in node_iris.values() if x and ix.pos(x) is not None
                     for o in owners.get(ix.pos(x), [])]
            olabels = label_map(ws, sorted(set(extra)), lang) if extra else {}
            nodes = []
            for i in sorted(ids):
                iri = node_iris.get(i)
                k = ix.pos(iri) if iri else None
                phase = owner = when = ""
                if k is not None and ix.is_initiative(k):
                    if ix.phase[k] >= 0:
                        phase = fast_slug(ix.iris[ix.phase[k]])
                    owner = ", ".join(olabels.get(ix.iris[o], "") for o in owners.get(k, []))
                    when = f"{when_text(ix.start(k)) or '?'} – {when_text(ix.end(k)) or '?'}"
                nodes.append({"id": i, "iri": iri, "label": labels.get(iri, i) if iri else i, "phase": phase,
                              "owner": owner, "when": when, "focus": i == tree.data["root"], "url": node_url(i)})
        return _json({"root": tree.data["root"], "nodes": nodes, "edges": edges, "total_nodes": len(all_ids),
                      "capped": len(all_ids) > len(ids)})

    # ---------------------------------------------------------------- impact and scenarios
    def impact_data(request: Request, change: list[str]):
        from kg.facade import impact_of_changes
        from kg.web import timeline_view
        lang = lang_of(request)
        changes = check_changes(change)
        with _ws(request) as ws:
            result = impact_of_changes(ws, changes) if changes else None
            tl = timeline_view.build(ws, lang, lane="owner", moves=result["moves"] if result else None)
        return result, tl

    @app.get("/impact", include_in_schema=False)
    def impact(request: Request, change: list[str] = Query([])):
        change = [c for c in change if c.strip()]
        result, tl = impact_data(request, change)
        return render(request, "impact.html", {"result": result, "tl": tl, "changes": change,
                                               "node_url": node_url, "sel": {}, "narrow": timeline_narrowing(request)})

    @app.get("/api/impact", tags=["pages"], summary="kg query impact, for one or more changes ID:SLIP")
    def api_impact(request: Request, change: list[str] = Query(...)):
        result, _ = impact_data(request, [c for c in change if c.strip()])
        if result is None:
            raise InputError("give at least one change=ID:SLIP.", "oppgi minst én change=ID:FORSINKELSE.")
        return _json({"changes": result["changes"], "moves": result["moves"], "conflicts": result["conflicts"],
                      "reports": [r.as_dict(lang_of(request)) for r in result["reports"]]})

    @app.get("/scenarios", include_in_schema=False)
    def scenarios(request: Request):
        from kg.facade import snapshots_table
        table = snapshots_table(_settings(request).data, lang_of(request))
        for r in table.rows:
            r["whatif"] = _scenario_url(r["message"])
        return render(request, "scenarios.html", {"table": table})

    @app.get("/api/scenarios", tags=["pages"], summary="kg snapshot --list --format json")
    def api_scenarios(request: Request):
        from kg.facade import snapshots_table
        return _json(snapshots_table(_settings(request).data, lang_of(request)).as_dict())

    @app.post("/scenarios", include_in_schema=False)
    def save_scenario(request: Request, name: str = Form(...), note: str = Form(""),
                      change: list[str] = Form([]), csrf: str = Form("")):
        return _snapshot(request, name, note, [c for c in change if c.strip()], csrf)

    @app.post("/api/snapshots", tags=["writes"], summary="kg snapshot NAME -m NOTE (needs the token)")
    def api_snapshot(request: Request, name: str = Form(...), note: str = Form(""),
                     change: list[str] = Form([]), csrf: str = Form("")):
        return _snapshot(request, name, note, [c for c in change if c.strip()], csrf, api=True)

    def _snapshot(request, name, note, changes, csrf, api=False):
        from kg.store import snapshots
        require_write(request, _settings(request), csrf)
        snapshots.check_name(name)
        check_changes(changes)
        message = note.strip()
        if changes:
            message = (message + " " if message else "") + "[what-if: " + " ".join(f"change={c}" for c in changes) + "]"
        from kg.api import Workspace as KgWorkspace
        # a checkpoint of the store, under the write lock; the index and check this server
        # holds current are kept for kg diff
        info = KgWorkspace(_settings(request).data).snapshot(name, message)
        if api:
            return _json(info.as_dict())
        return redirect("/scenarios")

    # ---------------------------------------------------------------- diff
    @app.get("/diff", include_in_schema=False)
    def diff(request: Request, from_: str | None = Query(None, alias="from"), to: str = "@"):
        from kg.facade import snapshots_table
        lang = lang_of(request)
        table = snapshots_table(_settings(request).data, lang)
        result = text = None
        if from_:
            result = _diff(request, from_, to)
            from kg.exports import diff_report
            text = diff_report.render(result, fmt="text", lang=lang)
        return render(request, "diff.html", {"table": table, "result": result, "text": text,
                                             "sel": {"from": from_ or "", "to": to}})

    @app.get("/api/diff", tags=["pages"], summary="kg diff FROM TO --format json")
    def api_diff(request: Request, from_: str = Query(..., alias="from"), to: str = "@"):
        return _json(_diff(request, from_, to).as_dict())

    def _diff(request, old, new):
        from kg.store import snapshots
        from kg.facade import diff_versions
        settings = _settings(request)
        # only '@' and this workspace's snapshots: a web user names no file or folder on the server
        for side in (old, new):
            if side != "@":
                snapshots.get(settings.data, snapshots.check_name(side.removeprefix("snapshot:")))
        return diff_versions(old, new, data=settings.data, lang=lang_of(request), check=True)

    # ---------------------------------------------------------------- SPARQL
    def _sparql_on(request):
        if not _settings(request).sparql:
            raise WebError(404, "SPARQL is turned off on this server (kg serve --no-sparql).",
                           "SPARQL er slått av på denne tjeneren (kg serve --no-sparql).")

    @app.get("/sparql", include_in_schema=False)
    def sparql(request: Request, query: str = ""):
        _sparql_on(request)
        res = error = None
        if query.strip():
            try:
                with _ws(request) as ws:
                    res = ask(ws, "sparql", text=query)
            except KgError as e:
                error = e.message(lang_of(request))
            except Exception as e:  # the store's own parse error: a message, not a crash
                if type(e).__name__ not in ("SyntaxError", "ValueError", "OSError"):
                    raise
                error = str(e)
        return render(request, "sparql.html", {"query": query, "res": res, "error": error, "node_url": node_url},
                      status=400 if error else 200)

    @app.get("/api/sparql", tags=["pages"], summary="kg query sparql --format json (read-only)")
    def api_sparql(request: Request, query: str):
        _sparql_on(request)
        try:
            with _ws(request) as ws:
                return _json(ask(ws, "sparql", text=query).as_dict(lang_of(request)))
        except (SyntaxError, ValueError, OSError) as e:
            raise InputError(str(e), str(e)) from None

    # ---------------------------------------------------------------- import
    from kg.web import upload
    upload.register(app)

    # ---------------------------------------------------------------- downloads
    from kg.web import downloads
    downloads.register(app)

    # ---------------------------------------------------------------- login
    @app.get("/login", include_in_schema=False)
    def login_form(request: Request, next: str = "/"):
        return render(request, "login.html", {"next": safe_next(next)})

    @app.post("/login", include_in_schema=False)
    def login(request: Request, token: str = Form(""), csrf: str = Form(""), next: str = Form("/")):
        import hmac
        settings = _settings(request)
        check_csrf(request, settings, csrf)
        if settings.read_only or not settings.token:
            raise WebError(403, "This server takes no writes, so there is nothing to log in to.",
                           "Denne tjeneren tar ikke imot skriving, så det er ikke noe å logge inn til.")
        if not hmac.compare_digest(token.encode("utf-8"), settings.token.encode("utf-8")):
            time.sleep(0.5)  # slows guessing
            raise WebError(401, "Wrong token.", "Feil nøkkel.")
        resp = redirect(safe_next(next))
        resp.set_cookie(SESSION_COOKIE, settings.session_value(), httponly=True, samesite="strict", path="/")
        return resp

    @app.post("/logout", include_in_schema=False)
    def logout(request: Request, csrf: str = Form("")):
        check_csrf(request, _settings(request), csrf)
        resp = redirect("/")
        resp.delete_cookie(SESSION_COOKIE, path="/")
        return resp


def _scenario_url(message: str) -> str | None:
    if "[what-if: " not in (message or ""):
        return None
    inner = message.split("[what-if: ", 1)[1].rstrip("]")
    from urllib.parse import urlencode
    return "/impact?" + urlencode([("change", p.split("=", 1)[1]) for p in inner.split() if p.startswith("change=")])

