"""`kg query deps|path|order|critical-path|impact|timeline|coverage|obligations|run`:
the dependency and timeline questions, registered on the `query` group.

Each command parses its options, asks one question (:func:`kg.facade.ask`, the path of
``kg.api``'s ``ws.query`` too) and renders the result.
"""
from __future__ import annotations

import click

from kg.cli.common import FORMAT_OPTION as FORMAT, echo_result, impact_options, open_ws
from kg.cli.query_cmds import query
from kg.facade import ask


@query.command(epilog="""\b
Examples:
  kg query deps ki-plattform              # both ways
  kg query deps ki-plattform --up         # what must be in place first
  kg query deps ki-plattform --down --hard-only
  kg query deps "KI-plattform" --type requires --depth 1 --format json

\b
On the baseline, kg --lang en query deps ki-plattform --down:
  node                           id                 type      strength  source
  ↓ AI factory                   ki-fabrikk         requires  hard      assumptions
  ↓ Scale 3 services nationally  skalere-tjenester  requires  hard      assumptions""")
@click.argument("id")
@click.option("--up", "direction", flag_value="up", help="Only what ID depends on (its prerequisites).")
@click.option("--down", "direction", flag_value="down", help="Only what depends on ID.")
@click.option("--depth", type=click.IntRange(min=1), default=None, help="At most this many steps away.")
@click.option("--type", "types", multiple=True, type=click.Choice(["requires", "enables", "informs"]),
              help="Only dependencies of this type (repeatable).")
@click.option("--hard-only", is_flag=True, help="Only hard dependencies.")
@FORMAT
@click.pass_obj
def deps(obj, id, direction, depth, types, hard_only, fmt):
    """The dependency tree around ID: what it depends on (↑) and what depends on it (↓),
    with each edge's type, strength and source.

    ID is a slug (ki-plattform), a full IRI or a label.
    """
    with open_ws(obj) as ws:
        res = ask(ws, "deps", id=id, direction=direction or "both", depth=depth, types=list(types), hard_only=hard_only)
    echo_result(obj, res, fmt)


@query.command(epilog="""\b
Examples:
  kg query path skalere-tjenester ki-plan
  kg query path ki-fabrikk ki-plattform --hard-only --format json

\b
On the baseline, kg --lang en query path skalere-tjenester ki-plan:
  1  2  Scale 3 services nationally —requires→ AI platform for all municipalities
          —informed by (soft)→ AI plan for the municipal sector
  2  3  … —requires→ Shared ecosystem —informed by (soft)→ AI plan …""")
@click.argument("a")
@click.argument("b")
@click.option("--hard-only", is_flag=True, help="Only through hard dependencies.")
@click.option("--limit", type=click.IntRange(min=1), default=100, show_default=True, help="At most this many paths.")
@FORMAT
@click.pass_obj
def path(obj, a, b, hard_only, limit, fmt):
    """Every dependency path between A and B, shortest first (exit 1 if there is none).

    A and B are slugs, IRIs or labels.
    """
    with open_ws(obj) as ws:
        res = ask(ws, "path", a=a, b=b, hard_only=hard_only, max_paths=limit)
    echo_result(obj, res, fmt, found=True)


@query.command(epilog="""\b
Examples:
  kg query order
  kg query order --hard-only
  kg query order --format json > waves.json

Exit code 1 when there is a dependency cycle; every node in it is named.

\b
On the baseline, kg --lang en query order:
  1  4  AI plan for the municipal sector (ki-plan), Legal support … (juridisk-stotte), …
  2  2  Competence and dissemination activities (kompetanse-spredning), …
  3  1  Shared ecosystem (felles-okosystem)
  4  1  AI platform for all municipalities (ki-plattform)
  5  2  AI factory (ki-fabrikk), Scale 3 services nationally (skalere-tjenester)""")
@click.option("--hard-only", is_flag=True, help="Only hard dependencies decide the order.")
@click.option("--limit", type=click.IntRange(min=1), default=30, show_default=True,
              help="Name at most this many initiatives per wave in the text table (CSV, JSON and Markdown have all).")
@FORMAT
@click.pass_obj
def order(obj, hard_only, limit, fmt):
    """The initiatives in waves: what can start first, what next, … .
    """
    with open_ws(obj) as ws:
        res = ask(ws, "order", hard_only=hard_only)
    echo_result(obj, res, fmt, limit)
    if res.data["cycles"]:
        raise click.exceptions.Exit(1)


@query.command("critical-path", epilog="""\b
Examples:
  kg query critical-path skalere-tjenester
  kg query critical-path                 # to every end point, longest first
  kg query critical-path --limit 3 --format csv

\b
On the baseline, kg --lang en query critical-path skalere-tjenester:
  1  1  Shared ecosystem                      felles-okosystem   2026
  1  2    AI platform for all municipalities  ki-plattform       2026+
  1  3      Scale 3 services nationally       skalere-tjenester  2026+""")
@click.argument("id", required=False)
@click.option("--limit", type=click.IntRange(min=1), default=10, show_default=True,
              help="Without ID: show the chains to at most this many end points.")
@click.option("--today", default=None, metavar="DATE",
              help="What counts as started (keeps its start): a start before this day (default: today).")
@FORMAT
@click.pass_obj
def critical_path(obj, id, limit, today, fmt):
    """The longest chain of hard dependencies to ID (or to every end point), with start
    and end windows and the earliest and latest end the chain allows (the scheduling
    model: hard dependencies and regulations needed in force).
    """
    from kg.roadmap.timewin import parse_when
    day = parse_when(today, column="--today").earliest if today else None
    with open_ws(obj) as ws:
        res = ask(ws, "critical-path", id=id, top=limit, today=day)
    echo_result(obj, res, fmt)


@query.command(epilog="""\b
Examples:
  kg query impact ki-loven --slip 6m        # a regulation: initiatives that need it in force
  kg query impact ki-plattform --slip 6m
  kg query impact ki-plattform --to 2027-Q2 # its new end; the start stays
  kg query impact --change ki-loven:6m --change ki-plattform:2027-H2
  kg query impact ki-plattform --slip 1y --today 2026-06-01 --format json

Durations: 6m, 2q, 1y, 90d, 3w (also 6 mnd, 1 år). Dates: 2027, 2027-Q2, 2027-06, 2027-06-30.
Must move at least: if everything before ends at its earliest; may have to move up to:
if everything before ends at its latest. Started initiatives keep their start.

\b
On the baseline, kg --lang en query impact ki-loven --slip 6m:
  The Norwegian AI Act (KI-loven)  ki-loven           +6 months (+184 d)   +6 months (+181 d)       2026-H2 → 2027-H1       entry into force
  Scale 3 services nationally      skalere-tjenester  +12 months (+365 d)  +545 d (≈ +17.9 months)  2026+ → 2027+           The Norwegian AI Act (KI-loven) (ki-loven)
  New conflicts: 0; newly at risk: 0""")
@impact_options
@FORMAT
@click.pass_obj
def impact(obj, id, slip, to, changes, today, fmt):
    """What moves (at least, and at most), what is left at risk, and which conflicts
    appear, if ID (an initiative or a regulation) is late — or after several changes.
    """
    from kg.roadmap.timewin import parse_when
    day = parse_when(today, column="--today").earliest if today else None
    with open_ws(obj) as ws:
        res = ask(ws, "impact", id=id, slip=slip, to=to, changes=changes, today=day)
    echo_result(obj, res, fmt)


@query.command(epilog="""\b
Examples:
  kg query timeline --from 2025 --to 2030
  kg query timeline --by quarter --from 2026 --to 2027
  kg query timeline --lane owner
  kg query timeline --by phase --lane challenge
  kg query timeline --text amended        # AI Act dates from the amended text only

\b
On the baseline, kg --lang en query timeline --from 2026 --to 2026:
  2026  AI factory, AI platform for all municipalities, …  (starts)
        KI-loven enters into force (2026-H2); 2026-08-02 – Art. 113 second para. …""")
@click.option("--from", "from_", default=None, metavar="WHEN", help="First period (2025, 2026-Q3, …); default: the first date of the data.")
@click.option("--to", "to", default=None, metavar="WHEN", help="Last period; default: the last date of the data.")
@click.option("--by", type=click.Choice(["year", "quarter", "phase"]), default="year", show_default=True)
@click.option("--lane", type=click.Choice(["owner", "phase", "challenge", "network"]), default=None,
              help="Split each period into lanes (the same option as kg diagram timeline --lane).")
@click.option("--text", type=click.Choice(["both", "original", "amended"]), default="both", show_default=True,
              help="Which AI Act text's dates to show as milestones.")
@click.option("--limit", type=click.IntRange(min=1), default=8, show_default=True, help="Names per cell in the text table (CSV, JSON and Markdown have all).")
@FORMAT
@click.pass_obj
def timeline(obj, from_, to, by, lane, text, limit, fmt):
    """What starts, runs and ends in each period, with regulation dates (AI Act
    application dates, KI-loven's window) as milestones.
    """
    with open_ws(obj) as ws:
        res = ask(ws, "timeline", from_=from_, to=to, by=by, lane=lane, text=text)
    echo_result(obj, res, fmt, limit)


@query.command(epilog="""\b
Examples:
  kg query coverage challenges          # which challenges nothing addresses
  kg query coverage principles
  kg query coverage sdgs
  kg query coverage regulations
  kg query coverage municipalities --uncovered --format csv > not-taking-part.csv

\b
On the baseline, kg --lang en query coverage challenges:
  Coverage of challenges: 5 of 6 covered
  economy  Financial constraints  0  no
  Uncovered: Financial constraints (economy)""")
@click.argument("what", type=click.Choice(["challenges", "principles", "municipalities", "sdgs", "regulations"]))
@click.option("--uncovered", is_flag=True, help="Only what nothing serves.")
@click.option("--limit", type=click.IntRange(min=1), default=8, show_default=True, help="Names per cell in the text table (CSV, JSON and Markdown have all).")
@FORMAT
@click.pass_obj
def coverage(obj, what, uncovered, limit, fmt):
    """What serves each challenge, principle, municipality, SDG goal or regulation, and
    what is left uncovered. Municipalities are grouped by county and network.
    """
    with open_ws(obj) as ws:
        res = ask(ws, "coverage", what=what, uncovered_only=uncovered)
    echo_result(obj, res, fmt, limit)


@query.command(epilog="""\b
Examples:
  kg query obligations skalere-tjenester --on 2027-01-01
  kg query obligations ki-i-saksbehandling --on 2027-06-30 --text amended
  kg query obligations ki-i-saksbehandling-system --format json

\b
On the baseline, kg --lang en query obligations skalere-tjenester --on 2027-01-01:
  Data protection impact assessment (DPIA)     plikt-dpia  …  2018-07-20             yes  not recorded
  Fundamental rights impact assessment (FRIA)  plikt-fria  …  2026-08-02/2026-12-31  yes  not recorded""")
@click.argument("id")
@click.option("--on", "on", default=None, metavar="DATE", help="The date (default: today).")
@click.option("--text", type=click.Choice(["original", "amended"]), default="original", show_default=True,
              help="Which text of the AI Act to take dates from.")
@FORMAT
@click.pass_obj
def obligations(obj, id, on, text, fmt):
    """Which obligations apply to an initiative, a service or an AI system on a date, and
    which are recorded as met.
    """
    with open_ws(obj) as ws:
        res = ask(ws, "obligations", id=id, on=on, text=text)
    echo_result(obj, res, fmt)


@query.command("run", epilog="""\b
Examples:
  kg query run --list
  kg query run initiatives-without-owner
  kg query run dependencies --bind id=ki-plattform --format csv

\b
On the baseline, kg --lang en query run initiatives-without-owner:
  ki-fabrikk    KI-fabrikk                      planlagt
  ki-plattform  KI-plattform for alle kommuner  planlagt""")
@click.argument("name", required=False)
@click.option("--list", "list_", is_flag=True, help="List the saved queries with their descriptions.")
@click.option("--bind", "binds", multiple=True, metavar="VAR=VALUE",
              help="Bind ?VAR to VALUE (an id, IRI or label; otherwise a literal). Repeatable.")
@FORMAT
@click.pass_obj
def run_saved(obj, name, list_, binds, fmt):
    """Run a saved SPARQL query (queries/NAME.rq), or list them with --list.
    """
    if list_ or not name:
        from kg.queries import run as saved
        echo_result(obj, saved.listing(), fmt)
        return
    bindings = {}
    for b in binds:
        if "=" not in b:
            raise click.BadParameter(obj.t(f"«{b}» må være VAR=VERDI.", f"'{b}' must be VAR=VALUE."), param_hint="--bind")
        k, v = b.split("=", 1)
        bindings[k.strip().lstrip("?")] = v.strip()
    with open_ws(obj) as ws:
        res = ask(ws, "run", name=name, bindings=bindings)
    echo_result(obj, res, fmt, found=True)
