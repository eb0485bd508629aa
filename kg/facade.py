"""The façade's composed jobs: what both front doors (``kg.cli`` and ``kg.web``) call
when one answer needs queries, exports or importers together.

A command or a page parses its input, calls one function here (a question: :func:`ask`,
as ``kg.api.Workspace.query`` does), and renders the result; neither keeps its own copy
of this logic. No click, no web framework here.
"""
from __future__ import annotations

from datetime import date

from kg.errors import UsageError
from kg.exports.diagrams import REGISTRY as DIAGRAMS
from kg.results import Table, col

MAX_RASTER_BARS = 600  # a taller timeline exceeds what a PNG can hold at slide resolution


def ask(ws, name: str, /, *args, **params):
    """Question ``name`` of ``kg.queries.REGISTRY`` asked of the open store ``ws``: the one
    path of ``kg query …``, the web pages and ``kg.api.Workspace.query``. Positional
    arguments fill the question's keyword-only parameters in order; the rest by name (a
    question's own ``name``, as `kg query run NAME` has, included)."""
    import inspect

    from kg import queries
    if name not in queries.REGISTRY:
        raise UsageError(f"unknown question '{name}'; ask one of: {', '.join(queries.REGISTRY)}",
                         f"ukjent spørsmål «{name}»; spør ett av: {', '.join(queries.REGISTRY)}")
    run = queries.get(name).run
    if args:   # every question is run(ws, *, …): its keyword-only parameters, in order
        names = [p.name for p in inspect.signature(run).parameters.values() if p.kind is p.KEYWORD_ONLY]
        if len(args) > len(names):
            raise UsageError(f"'{name}' takes at most {len(names)} values in order ({', '.join(names)})",
                             f"«{name}» tar høyst {len(names)} verdier i rekkefølge ({', '.join(names)})")
        for pname, value in zip(names, args):
            if pname in params:
                raise UsageError(f"'{pname}' given twice", f"«{pname}» er gitt to ganger")
            params[pname] = value
    return run(ws, **params)


def gaps_from_check(ws, lang: str, level: str = "all"):
    """(gaps, checked): the results of `kg check` as diagram gaps: the last whole check of
    this very workspace when nothing changed since (:mod:`kg.check.cache`), else a new one.
    ``level`` "default" leaves out info-level results (`kg diagram --gaps`)."""
    from kg.check.cache import cached_check
    from kg.exports.diagrams.model import Gap
    report = cached_check(ws)
    return [Gap(r.code, r.severity, r.focus, r.message(lang)) for r in report.results
            if level == "all" or r.severity != "info"], True


def diagram_gaps(ws, lang: str, gaps: str = "default") -> list:
    """The gaps a diagram marks: ``gaps`` "none", "default" (violations and warnings)
    or "all" (info too)."""
    return [] if gaps == "none" else gaps_from_check(ws, lang, gaps)[0]


def network_only(ws, network: str | None) -> set[str] | None:
    """`--network NAME`: the IRIs of that network's initiatives, or None for all."""
    if not network:
        return None
    from kg.exports.diagrams.map_model import resolve_network
    from kg.roadmap.network_scope import network_initiatives
    return network_initiatives(ws, resolve_network(ws, network))


def diagram_module(name: str):
    """The export module that writes diagram ``name``."""
    import importlib
    return importlib.import_module(f"kg.exports.diagrams.{DIAGRAMS[name].module}")


def draw(kind: str, model, fmt: str, *, board: bool = False) -> bytes:
    """The diagram ``model`` in ``fmt`` as bytes (DOT/Mermaid text or a rendered picture).
    A model with ``size`` set is laid out for that page (`--size`)."""
    mod = diagram_module(kind)
    board = board or DIAGRAMS[kind].board
    size = getattr(model, "size", None)
    if DIAGRAMS[kind].svg_only:
        if fmt not in DIAGRAMS[kind].formats:
            raise UsageError(f"The {kind} is drawn as svg, png or pdf, not {fmt}.",
                             f"Kartet tegnes som svg, png eller pdf, ikke {fmt}.")
        from kg.exports.diagrams import render
        return render.render_svg(mod.to_svg(model, size=size), fmt)
    bars = len(getattr(model, "bars", ()))
    if fmt in ("png", "pdf") and bars > MAX_RASTER_BARS:
        from kg.exports.diagrams.model import TooBig
        raise TooBig(
            f"A timeline of {bars} bars is too tall for {fmt.upper()} (more than {MAX_RASTER_BARS}); "
            "nobody could read it and drawing it takes minutes.",
            f"En tidslinje med {bars} stolper er for høy for {fmt.upper()} (mer enn {MAX_RASTER_BARS}); "
            "ingen kunne lest den, og tegningen tar minutter.",
            hint_en="Use --format svg (it scrolls), or narrow it: an ID with --depth N, or --from/--to.",
            hint_nb="Bruk --format svg (den kan rulles), eller avgrens: en ID med --depth N, eller --from/--to.")
    if board:
        text = mod.board_to_mermaid(model) if fmt == "mermaid" else mod.board_to_dot(model)
        engine = getattr(mod, "BOARD_ENGINE", "dot")
    else:
        text = mod.to_mermaid(model) if fmt == "mermaid" else mod.to_dot(model)
        engine = getattr(mod, "ENGINE", "dot")
    if size and fmt != "mermaid":
        # only a layout of many nodes can spread to the page's shape; a picture that is one
        # table (board, target picture) would have its cells stretched instead
        text = page_attrs(text, size, spread=kind in ("dependencies", "vendors"))
    if fmt in ("dot", "mermaid"):
        return text.encode("utf-8")
    from kg.exports.diagrams import render
    if size:  # exactly the page: graphviz's SVG placed on it, then converted
        from kg.exports.diagrams.page_sizes import PAGE_SIZES
        page = render.fit_page(render.render_dot(text, "svg", engine=engine), *PAGE_SIZES[size])
        return render.render_svg(page, fmt)
    return render.render_dot(text, fmt, engine=engine)


def page_attrs(dot_text: str, size: str, *, spread: bool = True) -> str:
    """DOT drawn to fill a page of ``size``: scaled to fit (size=…!) and, with ``spread``,
    given the page's aspect ratio (graphviz spreads the layout, never distorts the boxes).
    The other diagrams are laid out for the page's shape by their exporters."""
    from kg.exports.diagrams.page_sizes import PAGE_SIZES
    w, h = PAGE_SIZES[size]
    head, _, rest = dot_text.partition("\n")
    ratio = f", ratio={h / w:.4f}" if spread else ""
    return f'{head}\n  graph [size="{w / 72:.3f},{h / 72:.3f}!"{ratio}];\n{rest}'


def draw_pages(kind: str, model, fmt: str, *, board: bool = False) -> list[bytes]:
    """Like :func:`draw`, one picture per page: the board laid out for a page size
    (`--size`) splits over several pages when its columns are too tall; for PDF the
    pages are one document."""
    if not (board and getattr(model, "size", None)) or fmt in ("dot", "mermaid"):
        return [draw(kind, model, fmt, board=board)]
    mod = diagram_module(kind)
    pages = mod.board_pages(model)
    if fmt == "pdf" and len(pages) > 1:
        from kg.exports.diagrams import render
        return [render.render_svg([draw(kind, p, "svg", board=True).decode("utf-8") for p in pages], "pdf")]
    return [draw(kind, p, fmt, board=True) for p in pages]


def picture(ws, kind: str, lang: str = "nb", fmt: str = "png", *, size: str | None = None,
            title: str | None = None, network: str | None = None, gaps: str = "default",
            today: date | None = None) -> list[bytes]:
    """Any diagram of the workspace as pictures, one per page (the deck and the report
    use this): ``kind`` is dependencies, timeline, board, target-picture or map;
    ``size`` 16:9, 4:3 or A4; ``network`` a network's name or id; ``gaps`` none,
    default or all."""
    from kg.exports.diagrams.model import build_board, build_dependencies, build_target, build_timeline
    check_kind(kind)
    if kind == "vendors":
        from kg.exports.diagrams.vendors_model import build_vendors
        model = finish(build_vendors(ws, lang, network=network), title, size)
        return [draw("vendors", model, fmt)]
    if kind == "map":
        from kg.exports.diagrams.map_model import build_map, resolve_network
        model = build_map(ws, lang, network=resolve_network(ws, network) if network else None, title=title)
        model.size = size
        return [draw("map", model, fmt)]
    only = network_only(ws, network)
    g = diagram_gaps(ws, lang, gaps)
    build = {"dependencies": lambda: build_dependencies(ws, lang, gaps=g, only=only),
             "timeline": lambda: build_timeline(ws, lang, gaps=g, today=today, only=only),
             "board": lambda: build_board(ws, lang, gaps=g, only=only),
             "target-picture": lambda: build_target(ws, lang, gaps=g, only=only)}[kind]
    model = finish(build(), title, size)
    board = kind == "board"
    return draw_pages("timeline" if board else kind, model, fmt, board=board)


def check_kind(kind: str) -> None:
    """A usage error for a diagram kind that is not in the registry, listing those that are."""
    if kind not in DIAGRAMS:
        raise UsageError(f"unknown diagram '{kind}'; draw one of: {', '.join(DIAGRAMS)}",
                         f"ukjent diagram «{kind}»; tegn ett av: {', '.join(DIAGRAMS)}")


def municipality_map(ws, lang: str = "nb", *, network: str | None = None, service: str | None = None,
                     initiative: str | None = None, title: str | None = None):
    """`kg diagram map` with its filters as the user gives them (a name, id or IRI each;
    at most one): the :class:`kg.exports.diagrams.map_model.MapDiagram` both front doors draw."""
    from kg.ids import resolve
    from kg.exports.diagrams.map_model import build_map, resolve_network
    return build_map(ws, lang, network=resolve_network(ws, network) if network else None,
                     initiative=resolve(ws, initiative) if initiative else None,
                     service=resolve(ws, service) if service else None, title=title)


def map_svg(model, *, link=None) -> str:
    """The map as SVG text to put inline in a page: the exporter's drawing with each
    municipality wrapped in the link ``link(number, iri)`` gives (None: no link)."""
    svg = diagram_module("map").to_svg(model, size=getattr(model, "size", None), link=link)
    return svg.split("?>", 1)[1].lstrip() if svg.startswith("<?xml") else svg


def finish(model, title: str | None, size: str | None):
    """`--title` and `--size` on a built diagram."""
    if title:
        model.title = title
    model.size = size
    return model


def build_report_html(ws, lang: str, *, today: date | None = None, progress=None) -> str:
    """The whole HTML report of a workspace (diagrams rendered inline as SVG);
    ``progress(nb, en)`` hears each stage."""
    say = progress or (lambda nb, en: None)
    from kg.exports.diagrams.model import (
        TooBig,
        build_board,
        build_dependencies,
        build_report,
        build_target,
        build_timeline,
    )
    from kg.roadmap.words import tr
    from kg.exports import report
    from kg.exports.diagrams.map_model import build_map
    say("Sjekker arbeidsområdet …", "Checking the workspace …")
    gaps, checked = gaps_from_check(ws, lang)
    marks = [g for g in gaps if g.severity != "info"]  # the diagrams mark what `kg diagram` marks
    # the tables first: they read every link of the roadmap index at once (and write its
    # cache file once), so the diagrams after them find the links they need read already
    say("Samler tabellene …", "Gathering the tables …")
    data = build_report(ws, lang, gaps=gaps, checked=checked,
                        generated=(today or date.today()).isoformat())
    svgs = []
    for key, kind, build, board, title in (
            ("dependencies", "dependencies", lambda: build_dependencies(ws, lang, gaps=marks), False,
             tr(lang, ("Avhengigheter", "Dependencies"))),
            ("timeline", "timeline", lambda: build_timeline(ws, lang, gaps=marks, today=today), False,
             tr(lang, ("Tidslinje", "Timeline"))),
            ("board", "timeline", lambda: build_board(ws, lang, gaps=marks), True,
             tr(lang, ("Veikart i tre faser", "Roadmap in three phases"))),
            ("target-picture", "target-picture", lambda: build_target(ws, lang, gaps=marks), False,
             tr(lang, ("Felles målbilde", "Shared target picture"))),
            ("map", "map", lambda: build_map(ws, lang), False,
             tr(lang, ("Tiltak per kommune", "Initiatives per municipality")))):
        say(f"Tegner {title.lower()} …", f"Drawing the {title.lower()} …")
        try:
            svgs.append((key, title, draw(kind, build(), "svg", board=board).decode("utf-8")))
        except TooBig as e:  # the report still holds the rest; this figure says how to draw it
            svgs.append((key, title, None, e.message(lang)))
    say("Leverandører og bærekraft …", "Vendors and sustainability …")
    return report.render(data, svgs, lenses=report_lenses(ws, lang))


def report_lenses(ws, lang: str) -> dict:
    """The deck's two lenses for the report: vendors (with their diagram) and sustainability."""
    from kg.exports.diagrams.model import TooBig
    from kg.exports.diagrams.vendors_model import build_vendors
    from kg.roadmap.lenses import sustainability, vendor_landscape
    out = {"vendors": vendor_landscape(ws), "sustainability": sustainability(ws)}
    if out["vendors"]["vendors"]:
        try:
            out["vendors_svg"] = draw("vendors", build_vendors(ws, lang, data=out["vendors"]), "svg").decode("utf-8")
        except TooBig:
            pass
    return out


def sources_table(ws, lang: str) -> Table:
    """`kg sources`: the sources (named graphs) with kind, counts and dates."""
    from kg.i18n import best_label
    rows = []
    for s in ws.sources():
        if s.name == "catalog":
            continue
        rows.append({"name": s.name, "kind": s.kind, "title": best_label(s.title, lang),
                     "triples": s.triples, "modified": s.modified, "file": s.file, "iri": s.iri})
    return Table([col("name", "kilde", "source"), col("kind", "type", "kind"), col("triples", "tripler", "triples"),
                  col("modified", "skrevet", "written"), col("title", "tittel", "title")], rows,
                 title_nb="Kilder i arbeidsområdet", title_en="Sources in the workspace",
                 meta={"total_triples": sum(r["triples"] for r in rows)})


def snapshots_table(ws_path, lang: str) -> Table:
    """`kg snapshot --list`: the snapshots of a workspace, newest last."""
    from kg.store import snapshots
    rows = [{"name": i.name, "created": i.created, "message": i.message, "triples": i.triples,
             "initiatives": i.initiatives, "sources": len(i.sources)} for i in snapshots.list_snapshots(ws_path)]
    nb = lang == "nb"
    return Table(
        [col("name", "navn", "name"), col("created", "tatt", "taken"), col("triples", "tripler", "triples"),
         col("initiatives", "tiltak", "initiatives"), col("sources", "kilder", "sources"),
         col("message", "melding", "message")], rows,
        title_nb="Øyeblikksbilder", title_en="Snapshots",
        notes=[] if rows else ["Ingen øyeblikksbilder ennå; lag et med «kg snapshot NAVN»." if nb else
                               "No snapshots yet; make one with 'kg snapshot NAME'."])


def diff_versions(old: str, new: str = "@", *, data=None, lang: str = "nb", check: bool = True,
                  statements: bool = False, max_statements: int = 200, progress=None):
    """`kg diff OLD NEW`: what changed between two versions of the roadmap (``@`` the
    workspace, a snapshot name, a workspace folder or an RDF file), gaps included unless
    ``check`` is false; ``statements`` adds the RDF-level remainder (``--all``).
    ``progress(nb, en)`` hears what is being done. Returns a
    :class:`kg.diff.compare.RoadmapDiff`."""
    from kg.check import engine as checking
    from kg.diff import compare as diffing
    from kg.errors import KgError
    from kg.store.workspace import WORKSPACE_FILE, Workspace, default_path
    say = progress or (lambda nb, en: None)
    from kg.diff import indexed
    result = None
    if not statements and not indexed.full_wanted():
        # a snapshot against the workspace: from what changed or the roadmap both keep (None: not this path)
        result = indexed.snapshot_diff(old, new, data=data, lang=lang, check=check, progress=say)
    if result is None:
        say(f"Leser {old} …", f"Reading {old} …")
        with diffing.open_side(old, data=data) as a, diffing.open_side(new, data=data) as b:
            gaps = None
            if check:
                say("Kjører kg check på begge versjonene …", "Running kg check on both versions …")
                gaps = tuple(checking.check(side.ws).as_dict(lang)["results"] for side in (a, b))
            say("Sammenligner …", "Comparing …")
            extra = None
            if a.kind == "file" or b.kind == "file":  # labels that two bare RDF files do not carry
                path = default_path(data)
                if (path / WORKSPACE_FILE).is_file():
                    try:
                        extra = Workspace.open(path)
                    except KgError:
                        extra = None
            try:
                result = diffing.diff(a, b, lang=lang, gaps=gaps, max_statements=max_statements,
                                      statements=statements, label_views=[extra] if extra else [])
            finally:
                if extra:
                    extra.close()
    if not check:
        result.notes.append("Gap fra kg check er ikke sammenlignet (--no-check)." if lang == "nb" else
                            "Gaps from kg check were not compared (--no-check).")
    return result


def impact_of_changes(ws, changes: list[str]) -> dict:
    """What-if with one or more changes ``ID:VALUE`` (``ki-plattform:6m``,
    ``ki-loven:2027-H2``), all at once: exactly `kg query impact --change ID:VALUE …`
    (the same parser, :func:`kg.queries.impact.parse_changes`, and one scheduling model,
    :mod:`kg.roadmap.schedule`), as ``{"changes", "reports": [the ImpactReport], "moves", "conflicts"}``."""
    from kg.roadmap.schedule import parse_change_value, split_change
    changes = list(changes)
    report = ask(ws, "impact", changes=changes)
    parsed = []
    for c in changes:
        node, value = split_change(c)
        slip, to = parse_change_value(value)
        parsed.append({"id": node, "value": value, "slip": value if slip else None,
                       "to": value.lstrip("@").strip() if to else None})
    return {"changes": parsed, "reports": [report], "moves": list(report.data.get("moves", [])),
            "conflicts": list(report.data.get("conflicts", []))}


def network_iri(ws, name: str) -> str:
    """The IRI of the network NAME (id, label or IRI); NotFound lists the networks."""
    from kg.errors import NotFound, UsageError
    from kg.ids import resolve, slug
    from kg.roadmap.table import networks
    from kg.vocab import ONT
    nets = networks(ws, "nb")
    try:
        iri = resolve(ws, name, kinds=(str(ONT) + "Network",))
    except NotFound as e:
        raise NotFound(f"No network '{name}' in the workspace.", f"Ingen nettverk «{name}» i arbeidsområdet.",
                       suggestions=(e.suggestions or []) + [slug(i) for i, _ in nets][:8]) from None
    if iri not in {i for i, _ in nets}:
        raise UsageError(f"--network: '{name}' is {slug(iri)}, which is not a network (kg:Network).",
                         f"--network: «{name}» er {slug(iri)}, som ikke er et nettverk (kg:Network).")
    return iri


def _slide_dot(pic):
    """(DOT text, graphviz engine) of a deck picture drawn by graphviz; raises TooBig or
    KgError when it has no such drawing (the slide then says why)."""
    from kg.exports.diagrams.model import TooBig
    mod = diagram_module(pic.kind)
    bars = len(getattr(pic.model, "bars", ()))
    if bars > MAX_RASTER_BARS:
        raise TooBig(f"A timeline of {bars} bars is too tall for a slide (more than {MAX_RASTER_BARS}).",
                     f"En tidslinje med {bars} stolper er for høy for et lysbilde (mer enn {MAX_RASTER_BARS}).",
                     hint_en="kg diagram timeline --format svg draws it whole.",
                     hint_nb="kg diagram timeline --format svg tegner den hel.")
    if not hasattr(mod, "to_dot"):
        from kg.errors import KgError
        raise KgError(f"The {pic.kind} diagram has no PNG drawing for slides yet; use kg diagram {pic.kind}.",
                      f"Diagrammet {pic.kind} kan ikke tegnes som PNG for lysbilder ennå; bruk kg diagram {pic.kind}.")
    if pic.board:
        return mod.board_to_dot(pic.model), getattr(mod, "BOARD_ENGINE", "dot")
    return mod.to_dot(pic.model), getattr(mod, "ENGINE", "dot")


def draw_png(pic, dpi: int, fit: tuple[float, float] | None = None) -> bytes:
    """A deck picture as PNG at ``dpi``, with the diagram exports of `kg diagram` (a map
    is drawn by kg as SVG and converted). ``fit``
    (width, height in points): a graphviz diagram larger than that is drawn shrunk to it
    (graphviz's ``size``), so no more pixels are written than its place on the slide shows
    (writing the PNG is most of graphviz's time)."""
    from kg.exports.diagrams import render
    mod = diagram_module(pic.kind)
    if DIAGRAMS[pic.kind].svg_only:  # the map: SVG written by kg, converted by rsvg-convert (16:9 unless sized)
        return render.render_svg(mod.to_svg(pic.model, size=getattr(pic.model, "size", None) or "16:9"), "png", dpi=dpi)
    if hasattr(mod, "to_png") and len(getattr(pic.model, "bars", ())) <= MAX_RASTER_BARS:
        return mod.to_png(pic.model, dpi=dpi)
    text, engine = _slide_dot(pic)
    if fit:
        head, _, tail = text.rstrip().rpartition("}")
        text = f'{head}  graph [size="{fit[0] / 72:.3f},{fit[1] / 72:.3f}"];\n}}{tail}\n'
    return render.render_dot(text, "png", engine=engine, dpi=dpi)


def picture_points(pic) -> tuple[float, float] | None:
    """The size in points a deck picture is drawn at, when it is known before drawing
    (the map: its page), so that it is drawn once at the resolution its place needs."""
    if DIAGRAMS[pic.kind].svg_only:
        from kg.exports.diagrams.page_sizes import PAGE_SIZES
        return PAGE_SIZES[getattr(pic.model, "size", None) or "16:9"]
    return None


def deck_pptx(ws, fh, *, lang: str = "nb", network: str | None = None, title: str | None = None,
              template: str | None = None, gaps: bool = True) -> int:
    """`kg export pptx`: the slide deck of the workspace (or of one network) written to
    ``fh``; returns the number of slides."""
    from kg.exports.slides.model import build_deck
    from kg.exports.slides import pptx as deck_export
    net = network_iri(ws, network) if network else None
    found = None
    if gaps:
        found, checked = gaps_from_check(ws, lang)
        found = found if checked else None
    deck = build_deck(ws, lang, network=net, title=title, gaps=found)
    return deck_export.write_pptx(fh, deck, template=template, draw=draw_png, measure=picture_points)


def initiatives_file(ws, fh, *, lang: str = "nb", kind: str = "xlsx", network: str | None = None) -> int:
    """`kg export initiatives`: one initiative per row as ``kind`` (xlsx or csv) to ``fh``."""
    from kg.exports import initiatives as ini
    from kg.roadmap.table import initiative_rows, initiatives_table
    net = network_iri(ws, network) if network else None
    table = initiatives_table(ws, initiative_rows(ws, network=net), lang)
    return (ini.write_xlsx if kind == "xlsx" else ini.write_csv)(fh, table, lang)
