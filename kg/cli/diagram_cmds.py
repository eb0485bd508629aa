"""`kg diagram dependencies|timeline|target-picture|map`, `kg report`, and their `kg demo` steps.

The library builds what to draw (:mod:`kg.diagram_model`), the exports write DOT or
Mermaid text and the HTML report, and :mod:`kg.exports.render` runs graphviz. When the
check module is there, its results are marked on the diagrams as gaps.
"""
from __future__ import annotations

from datetime import date
from pathlib import Path

import click

from kg.cli import cli
from kg.cli.common import open_ws, output_stream
from kg.cli.workspace_cmds import DEMO_STEPS
from kg.errors import UsageError

FORMATS = ("svg", "png", "pdf", "dot", "mermaid")
SUFFIXES = {".svg": "svg", ".png": "png", ".pdf": "pdf", ".dot": "dot", ".gv": "dot",
            ".mmd": "mermaid", ".mermaid": "mermaid"}
MAX_RASTER_BARS = 600  # a taller timeline exceeds what a PNG can hold at slide resolution
DIAGRAMS = {  # name -> export module (kg.exports.<module>)
    "dependencies": "diagram_dependencies",
    "timeline": "diagram_timeline",
    "target-picture": "diagram_target",
    "vendors": "diagram_vendors",
    "map": "diagram_map",  # SVG written by kg itself (no graphviz); PNG/PDF by rsvg-convert
}
SVG_KINDS = ("map",)


def _format(fmt: str | None, output: str | None) -> str:
    if fmt:
        return fmt
    if output and output != "-":
        suffix = Path(output).suffix.lower()
        if suffix in SUFFIXES:
            return SUFFIXES[suffix]
        raise UsageError(f"Cannot tell the format from the file name '{output}'; give --format svg|png|pdf|dot|mermaid.",
                         f"Kan ikke se formatet av filnavnet «{output}»; oppgi --format svg|png|pdf|dot|mermaid.")
    return "svg"


def gaps_from_check(ws, lang: str, level: str = "all"):
    """(gaps, checked): the results of `kg check` as diagram gaps, when the check module
    exists. ``level`` "default" leaves out info-level results (`kg diagram --gaps`)."""
    from kg.diagram_model import Gap
    try:
        from kg import checking
    except ModuleNotFoundError as e:
        if e.name not in ("kg.checking",):
            raise
        return [], False
    report = checking.check(ws)
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
    from kg.map_model import network_initiatives, resolve_network
    return network_initiatives(ws, resolve_network(ws, network))


def _module(name: str):
    import importlib
    return importlib.import_module(f"kg.exports.{DIAGRAMS[name]}")


def draw(kind: str, model, fmt: str, *, board: bool = False) -> bytes:
    """The diagram ``model`` in ``fmt`` as bytes (DOT/Mermaid text or a rendered picture).
    A model with ``size`` set is laid out for that page (`--size`)."""
    mod = _module(kind)
    size = getattr(model, "size", None)
    if kind in SVG_KINDS:
        if fmt not in ("svg", "png", "pdf"):
            raise UsageError(f"The {kind} is drawn as svg, png or pdf, not {fmt}.",
                             f"Kartet tegnes som svg, png eller pdf, ikke {fmt}.")
        from kg.exports import render
        return render.render_svg(mod.to_svg(model, size=size), fmt)
    bars = len(getattr(model, "bars", ()))
    if fmt in ("png", "pdf") and bars > MAX_RASTER_BARS:
        from kg.diagram_model import TooBig
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
    from kg.exports import render
    if size:  # exactly the page: graphviz's SVG placed on it, then converted
        from kg.diagram_model import PAGE_SIZES
        page = render.fit_page(render.render_dot(text, "svg", engine=engine), *PAGE_SIZES[size])
        return render.render_svg(page, fmt)
    return render.render_dot(text, fmt, engine=engine)


def page_attrs(dot_text: str, size: str, *, spread: bool = True) -> str:
    """DOT drawn to fill a page of ``size``: scaled to fit (size=…!) and, with ``spread``,
    given the page's aspect ratio (graphviz spreads the layout, never distorts the boxes).
    The other diagrams are laid out for the page's shape by their exporters."""
    from kg.diagram_model import PAGE_SIZES
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
    mod = _module(kind)
    pages = mod.board_pages(model)
    if fmt == "pdf" and len(pages) > 1:
        from kg.exports import render
        return [render.render_svg([draw(kind, p, "svg", board=True).decode("utf-8") for p in pages], "pdf")]
    return [draw(kind, p, fmt, board=True) for p in pages]


def picture(ws, kind: str, lang: str = "nb", fmt: str = "png", *, size: str | None = None,
            title: str | None = None, network: str | None = None, gaps: str = "default",
            today: date | None = None) -> list[bytes]:
    """Any diagram of the workspace as pictures, one per page (the deck and the report
    use this): ``kind`` is dependencies, timeline, board, target-picture or map;
    ``size`` 16:9, 4:3 or A4; ``network`` a network's name or id; ``gaps`` none,
    default or all."""
    from kg.diagram_model import build_board, build_dependencies, build_target, build_timeline
    if kind == "map":
        from kg.map_model import build_map, resolve_network
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


def finish(model, title: str | None, size: str | None):
    """`--title` and `--size` on a built diagram."""
    if title:
        model.title = title
    model.size = size
    return model


def _write(obj, data: bytes, output: str | None, fmt: str) -> None:
    import sys
    if (not output or output == "-") and fmt in ("png", "pdf") and sys.stdout.isatty():
        raise UsageError(f"Will not write {fmt.upper()} to the terminal; give -o FILE (or pipe it).",
                         f"Skriver ikke {fmt.upper()} til terminalen; oppgi -o FIL (eller send det videre i et rør).")
    with output_stream(output) as fh:
        fh.write(data)
    if output and output != "-":
        click.echo(obj.t(f"Skrev {output} ({fmt}, {len(data)} byte).", f"Wrote {output} ({fmt}, {len(data)} bytes)."),
                   err=True)


def _write_pages(obj, pages: list[bytes], output: str | None, fmt: str) -> None:
    """One page as usual; several (a board split over pages) as FILE-1.png, FILE-2.png …"""
    if len(pages) == 1:
        _write(obj, pages[0], output, fmt)
        return
    if not output or output == "-":
        raise UsageError(f"The board takes {len(pages)} pages at this size; give -o FILE (or --format pdf).",
                         f"Tavlen blir {len(pages)} sider i denne størrelsen; oppgi -o FIL (eller --format pdf).")
    p = Path(output)
    for i, data in enumerate(pages, 1):
        _write(obj, data, str(p.with_name(f"{p.stem}-{i}{p.suffix}")), fmt)


def _when_opt(text: str | None, end: bool, option: str) -> date | None:
    if not text:
        return None
    from kg.timewin import parse_when
    w = parse_when(text, column=option)
    return (w.latest or w.earliest) if end else w.earliest


def focus_options(f):
    """[ID] --depth --up/--down: draw only around one initiative."""
    f = click.option("--down", "direction", flag_value="down", help="Only what depends on ID.")(f)
    f = click.option("--up", "direction", flag_value="up", help="Only what ID depends on.")(f)
    f = click.option("--depth", type=click.IntRange(min=0), default=None,
                     help="How many dependency steps out from ID (default: all).")(f)
    return click.argument("node_id", metavar="[ID]", required=False)(f)


def _focus(ws, node_id, depth, direction) -> dict:
    from kg.ids import resolve
    if (depth is not None or direction) and not node_id:
        raise UsageError("--depth, --up and --down need an ID to start from.",
                         "--depth, --up og --down trenger en ID å starte fra.")
    if not node_id:
        return {}
    return {"focus": resolve(ws, node_id), "depth": depth, "up": direction != "down", "down": direction != "up"}


FORMAT_OPT = click.option("--format", "fmt", type=click.Choice(FORMATS), default=None,
                          help="svg, png, pdf (drawn with graphviz), dot or mermaid (text). "
                               "Default: from the file suffix of -o, else svg.")
OUTPUT_OPT = click.option("-o", "--output", default=None, metavar="FILE",
                          help="Write to FILE (default: standard output).")
NO_GAPS_OPT = click.option("--no-gaps", is_flag=True, help="Do not run the checks; draw no gap marks.")


def title_size_options(f):
    """--title and --size: every diagram takes them (`finish` applies them)."""
    from kg.page_sizes import PAGE_SIZES
    f = click.option("--size", type=click.Choice(list(PAGE_SIZES)), default=None,
                     help="Lay the picture out for a 16:9 or 4:3 slide or an A4 page.")(f)
    return click.option("--title", metavar="TEXT", default=None, help="The picture's title (default: its own).")(f)


def page_options(network_help: str):
    """--title, --size and --network: what every diagram (the map too) takes."""
    def deco(f):
        return title_size_options(click.option("--network", metavar="NAME", default=None, help=network_help)(f))
    return deco


def slide_options(f):
    """--title, --size, --network, --gaps and --no-gaps: what every diagram of boxes takes."""
    f = NO_GAPS_OPT(f)
    f = click.option("--gaps", "gaps_level", type=click.Choice(["default", "all"]), default="default",
                     show_default=True,
                     help="Which gaps from kg check to mark: violations and warnings (default), or all (info too).")(f)
    return page_options("Only this network's initiatives (name or id); what they depend on is drawn faded.")(f)


def _gap_choice(no_gaps: bool, level: str) -> str:
    return "none" if no_gaps else level


@cli.group("diagram", epilog="""\b
Examples / eksempler:
  kg diagram dependencies -o avhengigheter.svg
  kg diagram dependencies ki-plattform --up --depth 2 -o plattform.png
  kg --lang en diagram timeline -o timeline.pdf
  kg diagram timeline --style board -o veikart.png
  kg diagram target-picture --format mermaid
  kg diagram map --network "Digi Innlandet" -o kart.png
  kg diagram timeline --size 16:9 --title "Veikart 2026" -o lysbilde.png""")
def diagram():
    """Draw the roadmap: dependencies, timeline, target picture, map.

    Tegner veikartet: avhengigheter, tidslinje, felles målbilde og kart over kommunene,
    som SVG, PNG eller PDF (med graphviz), eller som DOT- eller Mermaid-tekst. Alle tar
    --title, --size 16:9|4:3|A4 (til lysbilder) og --network NAVN.
    """


@diagram.command("dependencies", epilog="""\b
Examples / eksempler:
  kg diagram dependencies -o deps.svg               # the whole roadmap
  kg diagram dependencies ki-plattform --up         # what the platform needs, all the way down
  kg diagram dependencies ki-plan --down --depth 1  # what builds directly on the AI plan
  kg diagram dependencies --group phase -o deps.png
  kg diagram dependencies --format mermaid > deps.mmd""")
@focus_options
@click.option("--group", "group_by", type=click.Choice(["owner", "phase", "network", "none"]), default="owner",
              show_default=True, help="Boxes around the initiatives of one owner, phase or network.")
@click.option("--no-services", is_flag=True, help="Leave out services and regulations.")
@slide_options
@FORMAT_OPT
@OUTPUT_OPT
@click.pass_obj
def dependencies_cmd(obj, node_id, depth, direction, group_by, no_services, title, size, network, gaps_level,
                     no_gaps, fmt, output):
    """Initiatives and their dependencies: hard solid, soft dashed, conflicts red.

    Tiltak og avhengigheter, farget etter fase og gruppert etter eier, med tjenester,
    regelverk som må være i kraft, og mangler fra «kg check». Uten ID: hele veikartet.
    """
    from kg.diagram_model import build_dependencies, refuse_big_dependencies
    fmt = _format(fmt, output)
    with open_ws(obj) as ws:
        focus = _focus(ws, node_id, depth, direction)
        only = network_only(ws, network)
        if only is None:  # a network's diagram is as big as its initiatives, checked when built
            refuse_big_dependencies(ws, **focus)   # before the checks: a refusal costs no work
        gaps = diagram_gaps(ws, obj.lang, _gap_choice(no_gaps, gaps_level))
        model = build_dependencies(ws, obj.lang, group_by=group_by, gaps=gaps, services=not no_services,
                                   only=only, **focus)
    _write(obj, draw("dependencies", finish(model, title, size), fmt), output, fmt)


@diagram.command("timeline", epilog="""\b
Examples / eksempler:
  kg diagram timeline -o tidslinje.svg               # 2025 onwards, one lane per owner
  kg diagram timeline --from 2026 --to 2027-Q2 -o t.png
  kg diagram timeline --lane phase --format pdf -o t.pdf
  kg diagram timeline --format mermaid               # a Mermaid gantt chart
  kg diagram timeline --style board -o veikart.png   # the three columns of the seed
  kg diagram timeline ki-plattform --up              # the platform and what it needs
  kg diagram timeline --since deck-2026-05 -o t.svg  # what moved and what is new since a snapshot""")
@focus_options
@click.option("--from", "from_", metavar="WHEN", default=None, help="Start of the axis (2025, 2026-Q3, 2026-09…). Default 2025.")
@click.option("--to", "to", metavar="WHEN", default=None, help="End of the axis. Default: the last date in the roadmap.")
@click.option("--lane", "group_by", type=click.Choice(["owner", "phase", "network"]), default="owner",
              show_default=True, help="One lane per owner, phase or network.")
@click.option("--group", "old_group", type=click.Choice(["owner", "phase", "network"]), hidden=True,
              default=None, help="The old name of --lane.")
@click.option("--style", type=click.Choice(["gantt", "board"]), default="gantt", show_default=True,
              help="gantt: bars on a time axis; board: the seed's three columns (2025 / 2026 / 2026+).")
@click.option("--today", metavar="DATE", default=None, help="Draw the today line at this date (default: today).")
@click.option("--since", metavar="SNAPSHOT", default=None,
              help="Show what moved (old position ghosted, an arrow to the new one) and what is new since a snapshot (kg snapshot).")
@slide_options
@FORMAT_OPT
@OUTPUT_OPT
@click.pass_obj
def timeline_cmd(obj, node_id, depth, direction, from_, to, group_by, old_group, style, today, since, title, size,
                 network, gaps_level, no_gaps, fmt, output):
    """Bars on a time axis: uncertain ends faded, regulation dates, today line.

    Tidslinje med år og kvartaler, ett felt per eier (fase, nettverk), en stolpe per
    tiltak der usikre start- og sluttvinduer er blekere, KI-lovens vindu og AI Act-datoer
    som milepæler, avhengighetspiler og rekkefølgekonflikter i rødt.
    """
    from kg.diagram_model import build_board, build_timeline
    group_by = old_group or group_by
    fmt = _format(fmt, output)
    start, end = _when_opt(from_, False, "--from"), _when_opt(to, True, "--to")
    when_today = _when_opt(today, False, "--today")
    with open_ws(obj) as ws:
        focus = _focus(ws, node_id, depth, direction)
        if style == "board" and focus:
            raise UsageError("--style board shows the whole roadmap; leave out the ID.",
                             "--style board viser hele veikartet; utelat ID-en.")
        if since and style == "board":
            raise UsageError("--since works with the gantt timeline, not --style board.",
                             "--since virker med tidslinjen, ikke med --style board.")
        only = network_only(ws, network)
        gaps = diagram_gaps(ws, obj.lang, _gap_choice(no_gaps, gaps_level))
        if style == "board":
            model = build_board(ws, obj.lang, gaps=gaps, only=only)
        else:
            model = build_timeline(ws, obj.lang, start=start, end=end, group_by=group_by, gaps=gaps,
                                   today=when_today, only=only, **focus)
            if since:
                from kg.diagram_model import mark_changes
                from kg.diffing import timeline_since
                mark_changes(model, timeline_since(ws, since), since)
    pages = draw_pages("timeline", finish(model, title, size), fmt, board=style == "board")
    _write_pages(obj, pages, output, fmt)


@diagram.command("target-picture", epilog="""\b
Examples / eksempler:
  kg diagram target-picture -o malbilde.svg
  kg --lang en diagram target-picture -o target.png
  kg diagram target-picture --format mermaid
  kg diagram target-picture skalere-tjenester --up   # the part one initiative builds on""")
@focus_options
@slide_options
@FORMAT_OPT
@OUTPUT_OPT
@click.pass_obj
def target_cmd(obj, node_id, depth, direction, title, size, network, gaps_level, no_gaps, fmt, output):
    """The shared target picture: principles, capabilities, services, challenges, SDGs.

    Felles målbilde: de fem prinsippene som fundament, de felles kapabilitetene over,
    tjenestene øverst, og utfordringene og bærekraftsmålene de svarer på rundt.
    """
    from kg.diagram_model import build_target
    fmt = _format(fmt, output)
    with open_ws(obj) as ws:
        focus = _focus(ws, node_id, depth, direction)
        only = network_only(ws, network)
        gaps = diagram_gaps(ws, obj.lang, _gap_choice(no_gaps, gaps_level))
        model = build_target(ws, obj.lang, gaps=gaps, only=only, **focus)
    _write(obj, draw("target-picture", finish(model, title, size), fmt), output, fmt)


@diagram.command("map", epilog="""\b
Examples / eksempler:
  kg diagram map -o kart.svg                          # initiatives per municipality
  kg diagram map --network "Digi Innlandet" -o innlandet.png
  kg diagram map --initiative ki-plattform --size 16:9 -o plattform.png
  kg diagram map --service tale-til-tekst --format pdf -o tale.pdf
  kg --lang en diagram map --size A4 -o map.pdf""")
@click.option("--initiative", metavar="ID", default=None,
              help="Only the municipalities that own or take part in this initiative.")
@click.option("--service", metavar="ID", default=None,
              help="Count only the initiatives that deliver this service.")
@page_options("Count only this network's initiatives (name or id), and outline its member municipalities.")
@click.option("--format", "fmt", type=click.Choice(["svg", "png", "pdf"]), default=None,
              help="svg, png or pdf. Default: from the file suffix of -o, else svg.")
@OUTPUT_OPT
@click.pass_obj
def map_cmd(obj, initiative, service, title, size, network, fmt, output):
    """The 357 municipalities coloured by how many initiatives each takes part in.

    Kart over de 357 kommunene med fylkesgrenser, farget etter hvor mange tiltak hver
    kommune eier eller deltar i – eller bare ett nettverks tiltak (--network), tiltakene
    som leverer én tjeneste (--service), eller kommunene i ett tiltak (--initiative).
    Hver kommune har navn og nummer som verktøytips. Kartgrunnlag © Kartverket (CC BY 4.0).
    """
    from kg.ids import resolve
    from kg.map_model import build_map, resolve_network
    fmt = _format(fmt, output)
    if fmt not in ("svg", "png", "pdf"):
        raise UsageError(f"The map is drawn as svg, png or pdf, not {fmt}.",
                         f"Kartet tegnes som svg, png eller pdf, ikke {fmt}.")
    with open_ws(obj) as ws:
        model = build_map(ws, obj.lang, network=resolve_network(ws, network) if network else None,
                          initiative=resolve(ws, initiative) if initiative else None,
                          service=resolve(ws, service) if service else None, title=title)
    model.size = size
    _write(obj, draw("map", model, fmt), output, fmt)


# ---------------------------------------------------------------- kg report

def build_report_html(ws, lang: str, *, today: date | None = None) -> str:
    """The whole HTML report of a workspace (diagrams rendered inline as SVG)."""
    from kg.diagram_model import (TooBig, build_board, build_dependencies, build_report, build_target,
                                  build_timeline, tr)
    from kg.exports import report
    from kg.map_model import build_map
    gaps, checked = gaps_from_check(ws, lang)
    marks = [g for g in gaps if g.severity != "info"]  # the diagrams mark what `kg diagram` marks
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
        try:
            svgs.append((key, title, draw(kind, build(), "svg", board=board).decode("utf-8")))
        except TooBig as e:  # the report still holds the rest; this figure says how to draw it
            svgs.append((key, title, None, e.message(lang)))
    data = build_report(ws, lang, gaps=gaps, checked=checked,
                        generated=(today or date.today()).isoformat())
    return report.render(data, svgs, lenses=report_lenses(ws, lang))


def report_lenses(ws, lang: str) -> dict:
    """The deck's two lenses for the report: vendors (with their diagram) and sustainability."""
    from kg.diagram_model import TooBig
    from kg.diagram_vendors import build_vendors
    from kg.lenses import sustainability, vendor_landscape
    out = {"vendors": vendor_landscape(ws), "sustainability": sustainability(ws)}
    if out["vendors"]["vendors"]:
        try:
            out["vendors_svg"] = draw("vendors", build_vendors(ws, lang), "svg").decode("utf-8")
        except TooBig:
            pass
    return out


@cli.command("report", epilog="""\b
Examples / eksempler:
  kg report                        # ./kg-report/report.html
  kg report -o rapport.html        # that file
  kg --lang en report -o /tmp/out  # /tmp/out/report.html, in English""")
@click.option("-o", "--output", "outdir", default="kg-report", show_default=True, metavar="FILE|DIR",
              help="The file to write (a name ending in .html), or a folder to write report.html into "
                   "(created if missing).")
@click.pass_obj
def report_cmd(obj, outdir):
    """One self-contained HTML report: diagrams, gaps, a searchable table of initiatives.

    Én selvstendig HTML-fil (virker uten nett): de tre diagrammene, mangellisten fra
    «kg check», en tabell over tiltakene med søk og filtre (fase, eier, utfordring,
    prinsipp, kommune), kildene til hver node og datoen den ble laget.
    """
    out = Path(outdir)
    as_file = out.suffix.lower() in (".html", ".htm") and not out.is_dir()
    if not as_file and out.exists() and not out.is_dir():
        raise UsageError(f"{out} is a file; give a folder, or a file name ending in .html.",
                         f"{out} er en fil; oppgi en mappe, eller et filnavn som slutter på .html.")
    if as_file and not out.parent.is_dir():
        raise UsageError(f"The folder {out.parent} does not exist.", f"Mappen {out.parent} finnes ikke.")
    with open_ws(obj) as ws:
        html_text = build_report_html(ws, obj.lang)
    if as_file:
        target = out
    else:
        out.mkdir(parents=True, exist_ok=True)
        target = out / "report.html"
    with output_stream(str(target)) as fh:
        fh.write(html_text.encode("utf-8"))
    click.echo(obj.t(f"Skrev {target}.", f"Wrote {target}."))


# ---------------------------------------------------------------- kg demo

def demo_step(ws_path, outdir, lang) -> list[str]:
    """`kg demo`: the three diagrams (and the board) and the map in SVG and PNG in both
    languages, and the HTML report. Files in ``lang`` have plain names; the other language gets a
    suffix (``dependencies.en.svg``)."""
    from kg.diagram_model import build_board, build_dependencies, build_target, build_timeline
    from kg.workspace import Workspace
    out = Path(outdir)
    written = []
    with Workspace.open(ws_path) as ws:
        for lg in (lang, "en" if lang == "nb" else "nb"):
            suffix = "" if lg == lang else f".{lg}"
            gaps = diagram_gaps(ws, lg)  # as `kg diagram` marks them: no info-level marks
            for name, kind, model, board in (
                    ("dependencies", "dependencies", build_dependencies(ws, lg, gaps=gaps), False),
                    ("timeline", "timeline", build_timeline(ws, lg, gaps=gaps), False),
                    ("timeline-board", "timeline", build_board(ws, lg, gaps=gaps), True),
                    ("target-picture", "target-picture", build_target(ws, lg, gaps=gaps), False)):
                for fmt in ("svg", "png"):
                    p = out / f"{name}{suffix}.{fmt}"
                    p.write_bytes(draw(kind, model, fmt, board=board))
                    written.append(str(p))
            from kg.map_model import build_map
            model = build_map(ws, lg)
            for fmt in ("svg", "png"):
                p = out / f"map{suffix}.{fmt}"
                p.write_bytes(draw("map", model, fmt))
                written.append(str(p))
        html_text = build_report_html(ws, lang)
    p = out / "report.html"
    p.write_text(html_text, encoding="utf-8")
    written.append(str(p))
    return written


DEMO_STEPS.append(("diagrams", demo_step))
