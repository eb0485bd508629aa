"""The deck's two lenses on the command line: `kg query vendors`, `kg query
sustainability` and `kg diagram vendors` (digital sovereignty and sustainability)."""
from __future__ import annotations

import click

from kg.cli.common import echo_result, open_ws
from kg.cli.diagram_cmds import OUTPUT_OPT, _format, _write, diagram, format_option, title_size_options
from kg.facade import ask, draw, finish
from kg.cli.query_analysis_cmds import FORMAT
from kg.cli.query_cmds import query


FILTERS = [
    click.option("--service", default=None, metavar="ID", help="Only initiatives delivering this service."),
    click.option("--network", default=None, metavar="ID", help="Only the initiatives of this network (Diginettverk)."),
    click.option("--municipality", default=None, metavar="ID",
                 help="Only initiatives this municipality owns or takes part in (name, number or id)."),
]


def _filters(f):
    for opt in reversed(FILTERS):
        f = opt(f)
    return f


@query.command("vendors", epilog="""\b
Examples:
  kg query vendors                              # every vendor, and the sector's concentration
  kg query vendors --network digi-innlandet
  kg query vendors --service tale-til-tekst --format csv
  kg query vendors --municipality Hamar --format json

\b
On a small sheet, kg --lang en query vendors:
  vendor   id                initiatives  AI systems  …  municipalities  …  exit plan
  Alfa AS  leverandor-alfa-as  3            2           …  3               …  partly (1/2)
  Concentration over AI systems: HHI 3 600.0 (high); 3 vendors; largest: Alfa AS 40.0 %, …""")
@_filters
@FORMAT
@click.pass_obj
def vendors(obj, service, network, municipality, fmt):
    """Vendors and lock-in: per vendor its initiatives, AI systems, services, the
    municipalities it serves, where the data is held and whether there is an exit plan;
    the sector's concentration (Herfindahl–Hirschman index over AI systems and over
    municipalities served), services with a single vendor and municipalities whose AI
    runs on one vendor only.
    """
    with open_ws(obj) as ws:
        res = ask(ws, "vendors", service=service, network=network, municipality=municipality)
    echo_result(obj, res, fmt, 8)  # the text table shows 8 names per cell and says so; CSV/JSON whole


@query.command("sustainability", epilog="""\b
Examples:
  kg query sustainability                  # every goal, and the targets something contributes to
  kg query sustainability --goal 11        # goal 11 with all its targets and indicators
  kg query sustainability --uncovered      # the goals and targets nothing contributes to
  kg query sustainability --format json

\b
On the baseline, kg --lang en query sustainability --goal 9:
  SDG  name                                  initiatives  …  indicators
  9    Build resilient infrastructure, …     3            …  12
    9.5  Enhance scientific research, …      2            …  2 UN
  Norway in SDR 2025: SDG Index rank 7 (82.72 points); spillover score 55.41, rank 157 of 167""")
@click.option("--goal", default=None, metavar="N", help="Only this goal (1–17), with all its targets.")
@click.option("--uncovered", is_flag=True, help="Only the goals and targets nothing contributes to.")
@click.option("--limit", type=click.IntRange(min=1), default=5, show_default=True,
              help="Names per cell in the text table (CSV, JSON and Markdown have all).")
@FORMAT
@click.pass_obj
def sustainability(obj, goal, uncovered, limit, fmt):
    """Sustainability: per SDG goal and target, the initiatives contributing, the
    municipalities they reach and the indicators measuring it (the UN's, and any national
    indicator set imported with kg import FILE.ttl), with Norway's SDR 2025 standing.
    """
    with open_ws(obj) as ws:
        res = ask(ws, "sustainability", goal=goal, uncovered_only=uncovered)
    echo_result(obj, res, fmt, limit)


@diagram.command("vendors", epilog="""\b
Examples:
  kg diagram vendors -o leverandorer.svg
  kg --lang en diagram vendors --network digi-innlandet -o vendors.png
  kg diagram vendors --service tale-til-tekst --format dot""")
@_filters
@click.option("--top", type=click.IntRange(min=1), default=15, show_default=True,
              help="Draw the vendors with the widest reach; the rest are summed up in one box.")
@title_size_options
@format_option("vendors")
@OUTPUT_OPT
@click.pass_obj
def vendors_cmd(obj, service, network, municipality, top, title, size, fmt, output):
    """Vendors ↔ services ↔ municipalities, each box sized by its reach (how many
    municipalities it serves), with the sector's concentration in the title.
    """
    from kg.exports.diagrams.vendors_model import build_vendors
    fmt = _format(fmt, output)
    with open_ws(obj) as ws:
        model = build_vendors(ws, obj.lang, service=service, network=network, municipality=municipality, top=top)
    _write(obj, draw("vendors", finish(model, title, size), fmt), output, fmt)
