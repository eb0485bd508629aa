"""`kg diagram dependencies|timeline|target-picture|map`, `kg report`, and their `kg demo` steps.

The library builds what to draw (:mod:`kg.exports.diagrams.model`), the exports write DOT or
Mermaid text and the HTML report, and :mod:`kg.exports.diagrams.render` runs graphviz. When the
check module is there, its results are marked on the diagrams as gaps.
"""
from __future__ import annotations

from datetime import date
from pathlib import Path

import click

from kg.cli import cli
from kg.cli.common import DEMO_STEPS, RegistryGroup, open_ws, output_stream
from kg.errors import UsageError
# the library's composition of a picture and the report, shared with kg.web
from kg.facade import DIAGRAMS, build_report_html, diagram_gaps, draw, draw_pages, finish, network_only

SUFFIXES = {".svg": "svg", ".png": "png", ".pdf": "pdf", ".dot": "dot", ".gv": "dot",
            ".mmd": "mermaid", ".mermaid": "mermaid"}


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
    from kg.roadmap.timewin import parse_when
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


def format_option(kind: str):
    """--format: the formats the diagram registry gives ``kind``."""
    formats = DIAGRAMS[kind].formats
    return click.option("--format", "fmt", type=click.Choice(formats), default=None,
                        help="svg, png or pdf. Default: from the file suffix of -o, else svg."
                        if DIAGRAMS[kind].svg_only else "svg, png, pdf (drawn with graphviz), dot or mermaid (text). "
                        "Default: from the file suffix of -o, else svg.")


OUTPUT_OPT = click.option("-o", "--output", default=None, metavar="FILE",
                          help="Write to FILE (default: standard output).")
NO_GAPS_OPT = click.option("--no-gaps", is_flag=True, help="Do not run the checks; draw no gap marks.")


def title_size_options(f):
    """--title and --size: every diagram takes them (`finish` applies them)."""
    from kg.exports.diagrams.page_sizes import PAGE_SIZES
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


# the kinds another module adds to `kg diagram` (with the commands of its lens)
LAZY_DIAGRAMS = {"vendors": ("kg.cli.lens_cmds",)}


@cli.group("diagram", cls=RegistryGroup, registry=DIAGRAMS, without=[k for k, v in DIAGRAMS.items() if v.board],
           lazy=LAZY_DIAGRAMS, epilog="""\b
Examples:
  kg diagram dependencies -o avhengigheter.svg
  kg diagram dependencies ki-plattform --up --depth 2 -o plattform.png
  kg --lang en diagram timeline -o timeline.pdf
  kg diagram timeline --style board -o veikart.png
  kg diagram target-picture --format mermaid
  kg diagram map --network "Digi Innlandet" -o kart.png
  kg diagram timeline --size 16:9 --title "Veikart 2026" -o lysbilde.png""")
def diagram():
    """Draw the roadmap: dependencies, timeline, target picture, map.

    As SVG, PNG or PDF (with graphviz), or as DOT or Mermaid text. Every diagram takes
    --title, --size 16:9|4:3|A4 (for slides) and --network NAME.
    """


@diagram.command("dependencies", epilog="""\b
Examples:
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
@format_option("dependencies")
@OUTPUT_OPT
@click.pass_obj
def dependencies_cmd(obj, node_id, depth, direction, group_by, no_services, title, size, network, gaps_level,
                     no_gaps, fmt, output):
    """Initiatives and their dependencies: hard solid, soft dashed, conflicts red.

    Coloured by phase and grouped by owner, with services, the regulations that must be in
    force, and the gaps of `kg check`. Without ID: the whole roadmap.
    """
    from kg.exports.diagrams.model import build_dependencies, refuse_big_dependencies
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
Examples:
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
@format_option("timeline")
@OUTPUT_OPT
@click.pass_obj
def timeline_cmd(obj, node_id, depth, direction, from_, to, group_by, old_group, style, today, since, title, size,
                 network, gaps_level, no_gaps, fmt, output):
    """Bars on a time axis: uncertain ends faded, regulation dates, today line.

    Years and quarters, one lane per owner (phase, network), one bar per initiative with
    uncertain start and end windows faded, KI-loven's window and the AI Act dates as
    milestones, dependency arrows and order conflicts in red.
    """
    from kg.exports.diagrams.model import build_board, build_timeline
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
                from kg.exports.diagrams.model import mark_changes
                from kg.diff.compare import timeline_since
                mark_changes(model, timeline_since(ws, since), since)
    pages = draw_pages("timeline", finish(model, title, size), fmt, board=style == "board")
    _write_pages(obj, pages, output, fmt)


@diagram.command("target-picture", epilog="""\b
Examples:
  kg diagram target-picture -o malbilde.svg
  kg --lang en diagram target-picture -o target.png
  kg diagram target-picture --format mermaid
  kg diagram target-picture skalere-tjenester --up   # the part one initiative builds on""")
@focus_options
@slide_options
@format_option("target-picture")
@OUTPUT_OPT
@click.pass_obj
def target_cmd(obj, node_id, depth, direction, title, size, network, gaps_level, no_gaps, fmt, output):
    """The shared target picture: principles, capabilities, services, challenges, SDGs.

    The five principles as the foundation, the shared capabilities above them, the
    services on top, and around them the challenges and SDGs they answer.
    """
    from kg.exports.diagrams.model import build_target
    fmt = _format(fmt, output)
    with open_ws(obj) as ws:
        focus = _focus(ws, node_id, depth, direction)
        only = network_only(ws, network)
        gaps = diagram_gaps(ws, obj.lang, _gap_choice(no_gaps, gaps_level))
        model = build_target(ws, obj.lang, gaps=gaps, only=only, **focus)
    _write(obj, draw("target-picture", finish(model, title, size), fmt), output, fmt)


@diagram.command("map", epilog="""\b
Examples:
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
@format_option("map")
@OUTPUT_OPT
@click.pass_obj
def map_cmd(obj, initiative, service, title, size, network, fmt, output):
    """The 357 municipalities coloured by how many initiatives each takes part in.

    With county borders, coloured by how many initiatives each municipality owns or takes
    part in – or only one network's initiatives (--network), the initiatives delivering one
    service (--service), or the municipalities of one initiative (--initiative). Each
    municipality has its name and number as a tooltip. Map data © Kartverket (CC BY 4.0).
    """
    from kg.facade import municipality_map
    fmt = _format(fmt, output)
    if fmt not in DIAGRAMS["map"].formats:
        raise UsageError(f"The map is drawn as svg, png or pdf, not {fmt}.",
                         f"Kartet tegnes som svg, png eller pdf, ikke {fmt}.")
    with open_ws(obj) as ws:
        model = municipality_map(ws, obj.lang, network=network, initiative=initiative, service=service,
                                 title=title)
    model.size = size
    _write(obj, draw("map", model, fmt), output, fmt)


# ---------------------------------------------------------------- kg report

@cli.command("report", epilog="""\b
Examples:
  kg report                        # ./kg-report/report.html
  kg report -o rapport.html        # that file
  kg --lang en report -o /tmp/out  # /tmp/out/report.html, in English""")
@click.option("-o", "--output", "outdir", default="kg-report", show_default=True, metavar="FILE|DIR",
              help="The file to write (a name ending in .html), or a folder to write report.html into "
                   "(created if missing).")
@click.pass_obj
def report_cmd(obj, outdir):
    """One self-contained HTML report: diagrams, gaps, a searchable table of initiatives.

    One HTML file that works offline: the three diagrams, the gap list of `kg check`, a
    table of the initiatives with search and filters (phase, owner, challenge, principle,
    municipality), the sources of each node and the date the report was made.
    """
    out = Path(outdir)
    as_file = out.suffix.lower() in (".html", ".htm") and not out.is_dir()
    if not as_file and out.exists() and not out.is_dir():
        raise UsageError(f"{out} is a file; give a folder, or a file name ending in .html.",
                         f"{out} er en fil; oppgi en mappe, eller et filnavn som slutter på .html.")
    if as_file and not out.parent.is_dir():
        raise UsageError(f"The folder {out.parent} does not exist.", f"Mappen {out.parent} finnes ikke.")
    from kg.gcpause import paused_gc
    from kg.progress import LateStatus
    status = LateStatus()
    try:
        # the roadmap's records, labels and rows: many objects, no cycles (see paused_gc);
        # the command ends once the report is written
        with paused_gc(freeze=True), open_ws(obj) as ws:
            html_text = build_report_html(ws, obj.lang, progress=lambda nb, en: status.say(obj.t(nb, en)))
    finally:
        status.done()
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
    from kg.exports.diagrams.model import build_board, build_dependencies, build_target, build_timeline
    from kg.store.workspace import Workspace
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
            from kg.exports.diagrams.map_model import build_map
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
