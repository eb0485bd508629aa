"""`kg diagram dependencies|timeline|target-picture`, `kg report`, and their `kg demo` steps.

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
}


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


def gaps_from_check(ws, lang: str):
    """(gaps, checked): the results of `kg check` as diagram gaps, when the check module exists."""
    from kg.diagram_model import Gap
    try:
        from kg import checking
    except ModuleNotFoundError as e:
        if e.name not in ("kg.checking",):
            raise
        return [], False
    report = checking.check(ws)
    return [Gap(r.code, r.severity, r.focus, r.message(lang)) for r in report.results], True


def _module(name: str):
    import importlib
    return importlib.import_module(f"kg.exports.{DIAGRAMS[name]}")


def draw(kind: str, model, fmt: str, *, board: bool = False) -> bytes:
    """The diagram ``model`` in ``fmt`` as bytes (DOT/Mermaid text or a rendered picture)."""
    mod = _module(kind)
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
    if fmt in ("dot", "mermaid"):
        return text.encode("utf-8")
    from kg.exports import render
    return render.render_dot(text, fmt, engine=engine)


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


@cli.group("diagram", epilog="""\b
Examples / eksempler:
  kg diagram dependencies -o avhengigheter.svg
  kg diagram dependencies ki-plattform --up --depth 2 -o plattform.png
  kg --lang en diagram timeline -o timeline.pdf
  kg diagram timeline --style board -o veikart.png
  kg diagram target-picture --format mermaid""")
def diagram():
    """Draw the roadmap: dependencies, timeline, target picture.

    Tegner veikartet: avhengigheter, tidslinje og felles målbilde, som SVG, PNG eller PDF
    (med graphviz), eller som DOT- eller Mermaid-tekst.
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
@NO_GAPS_OPT
@FORMAT_OPT
@OUTPUT_OPT
@click.pass_obj
def dependencies_cmd(obj, node_id, depth, direction, group_by, no_services, no_gaps, fmt, output):
    """Initiatives and their dependencies: hard solid, soft dashed, conflicts red.

    Tiltak og avhengigheter, farget etter fase og gruppert etter eier, med tjenester,
    regelverk som må være i kraft, og mangler fra «kg check». Uten ID: hele veikartet.
    """
    from kg.diagram_model import build_dependencies
    fmt = _format(fmt, output)
    with open_ws(obj) as ws:
        focus = _focus(ws, node_id, depth, direction)
        gaps = [] if no_gaps else gaps_from_check(ws, obj.lang)[0]
        model = build_dependencies(ws, obj.lang, group_by=group_by, gaps=gaps, services=not no_services, **focus)
    _write(obj, draw("dependencies", model, fmt), output, fmt)


@diagram.command("timeline", epilog="""\b
Examples / eksempler:
  kg diagram timeline -o tidslinje.svg               # 2025 onwards, one lane per owner
  kg diagram timeline --from 2026 --to 2027-Q2 -o t.png
  kg diagram timeline --group phase --format pdf -o t.pdf
  kg diagram timeline --format mermaid               # a Mermaid gantt chart
  kg diagram timeline --style board -o veikart.png   # the three columns of the seed
  kg diagram timeline ki-plattform --up              # the platform and what it needs
  kg diagram timeline --since deck-2026-05 -o t.svg  # what moved and what is new since a snapshot""")
@focus_options
@click.option("--from", "from_", metavar="WHEN", default=None, help="Start of the axis (2025, 2026-Q3, 2026-09…). Default 2025.")
@click.option("--to", "to", metavar="WHEN", default=None, help="End of the axis. Default: the last date in the roadmap.")
@click.option("--group", "group_by", type=click.Choice(["owner", "phase", "network"]), default="owner",
              show_default=True, help="One lane per owner, phase or network.")
@click.option("--style", type=click.Choice(["gantt", "board"]), default="gantt", show_default=True,
              help="gantt: bars on a time axis; board: the seed's three columns (2025 / 2026 / 2026+).")
@click.option("--today", metavar="DATE", default=None, help="Draw the today line at this date (default: today).")
@click.option("--since", metavar="SNAPSHOT", default=None,
              help="Show what moved (old position ghosted, an arrow to the new one) and what is new since a snapshot (kg snapshot).")
@NO_GAPS_OPT
@FORMAT_OPT
@OUTPUT_OPT
@click.pass_obj
def timeline_cmd(obj, node_id, depth, direction, from_, to, group_by, style, today, since, no_gaps, fmt, output):
    """Bars on a time axis: uncertain ends faded, regulation dates, today line.

    Tidslinje med år og kvartaler, ett felt per eier (fase, nettverk), en stolpe per
    tiltak der usikre start- og sluttvinduer er blekere, KI-lovens vindu og AI Act-datoer
    som milepæler, avhengighetspiler og rekkefølgekonflikter i rødt.
    """
    from kg.diagram_model import build_board, build_timeline
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
        gaps = [] if no_gaps else gaps_from_check(ws, obj.lang)[0]
        if style == "board":
            model = build_board(ws, obj.lang, gaps=gaps)
        else:
            model = build_timeline(ws, obj.lang, start=start, end=end, group_by=group_by, gaps=gaps,
                                   today=when_today, **focus)
            if since:
                from kg.diagram_model import mark_changes
                from kg.diffing import timeline_since
                mark_changes(model, timeline_since(ws, since), since)
    _write(obj, draw("timeline", model, fmt, board=style == "board"), output, fmt)


@diagram.command("target-picture", epilog="""\b
Examples / eksempler:
  kg diagram target-picture -o malbilde.svg
  kg --lang en diagram target-picture -o target.png
  kg diagram target-picture --format mermaid
  kg diagram target-picture skalere-tjenester --up   # the part one initiative builds on""")
@focus_options
@NO_GAPS_OPT
@FORMAT_OPT
@OUTPUT_OPT
@click.pass_obj
def target_cmd(obj, node_id, depth, direction, no_gaps, fmt, output):
    """The shared target picture: principles, capabilities, services, challenges, SDGs.

    Felles målbilde: de fem prinsippene som fundament, de felles kapabilitetene over,
    tjenestene øverst, og utfordringene og bærekraftsmålene de svarer på rundt.
    """
    from kg.diagram_model import build_target
    fmt = _format(fmt, output)
    with open_ws(obj) as ws:
        focus = _focus(ws, node_id, depth, direction)
        gaps = [] if no_gaps else gaps_from_check(ws, obj.lang)[0]
        model = build_target(ws, obj.lang, gaps=gaps, **focus)
    _write(obj, draw("target-picture", model, fmt), output, fmt)


# ---------------------------------------------------------------- kg report

def build_report_html(ws, lang: str, *, today: date | None = None) -> str:
    """The whole HTML report of a workspace (diagrams rendered inline as SVG)."""
    from kg.diagram_model import (TooBig, build_board, build_dependencies, build_report, build_target,
                                  build_timeline, tr)
    from kg.exports import report
    gaps, checked = gaps_from_check(ws, lang)
    svgs = []
    for key, kind, build, board, title in (
            ("dependencies", "dependencies", lambda: build_dependencies(ws, lang, gaps=gaps), False,
             tr(lang, ("Avhengigheter", "Dependencies"))),
            ("timeline", "timeline", lambda: build_timeline(ws, lang, gaps=gaps, today=today), False,
             tr(lang, ("Tidslinje", "Timeline"))),
            ("board", "timeline", lambda: build_board(ws, lang, gaps=gaps), True,
             tr(lang, ("Veikart i tre faser", "Roadmap in three phases"))),
            ("target-picture", "target-picture", lambda: build_target(ws, lang, gaps=gaps), False,
             tr(lang, ("Felles målbilde", "Shared target picture")))):
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
  kg --lang en report -o /tmp/out  # /tmp/out/report.html, in English""")
@click.option("-o", "--output", "outdir", default="kg-report", show_default=True, metavar="DIR",
              help="The folder to write report.html into (created if missing).")
@click.pass_obj
def report_cmd(obj, outdir):
    """One self-contained HTML report: diagrams, gaps, a searchable table of initiatives.

    Én selvstendig HTML-fil (virker uten nett): de tre diagrammene, mangellisten fra
    «kg check», en tabell over tiltakene med søk og filtre (fase, eier, utfordring,
    prinsipp, kommune), kildene til hver node og datoen den ble laget.
    """
    out = Path(outdir)
    if out.exists() and not out.is_dir():
        raise UsageError(f"{out} is a file; give a folder.", f"{out} er en fil; oppgi en mappe.")
    with open_ws(obj) as ws:
        html_text = build_report_html(ws, obj.lang)
    out.mkdir(parents=True, exist_ok=True)
    target = out / "report.html"
    with output_stream(str(target)) as fh:
        fh.write(html_text.encode("utf-8"))
    click.echo(obj.t(f"Skrev {target}.", f"Wrote {target}."))


# ---------------------------------------------------------------- kg demo

def demo_step(ws_path, outdir, lang) -> list[str]:
    """`kg demo`: the three diagrams (and the board) in SVG and PNG in both languages,
    and the HTML report. Files in ``lang`` have plain names; the other language gets a
    suffix (``dependencies.en.svg``)."""
    from kg.diagram_model import build_board, build_dependencies, build_target, build_timeline
    from kg.workspace import Workspace
    out = Path(outdir)
    written = []
    with Workspace.open(ws_path) as ws:
        for lg in (lang, "en" if lang == "nb" else "nb"):
            suffix = "" if lg == lang else f".{lg}"
            gaps = gaps_from_check(ws, lg)[0]
            for name, kind, model, board in (
                    ("dependencies", "dependencies", build_dependencies(ws, lg, gaps=gaps), False),
                    ("timeline", "timeline", build_timeline(ws, lg, gaps=gaps), False),
                    ("timeline-board", "timeline", build_board(ws, lg, gaps=gaps), True),
                    ("target-picture", "target-picture", build_target(ws, lg, gaps=gaps), False)):
                for fmt in ("svg", "png"):
                    p = out / f"{name}{suffix}.{fmt}"
                    p.write_bytes(draw(kind, model, fmt, board=board))
                    written.append(str(p))
        html_text = build_report_html(ws, lang)
    p = out / "report.html"
    p.write_text(html_text, encoding="utf-8")
    written.append(str(p))
    return written


DEMO_STEPS.append(("diagrams", demo_step))
