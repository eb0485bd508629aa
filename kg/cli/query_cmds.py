"""`kg query`: questions to the graph. show, find and sparql live here; the dependency
and timeline questions register themselves on the same group."""
from __future__ import annotations

import click

from kg import queries
from kg.cli import cli
from kg.cli.common import FORMAT_OPTION, RegistryGroup, echo_result, open_ws, read_text_arg
from kg.facade import ask


# the questions other modules add to `kg query`: imported when one is looked up or the
# questions are listed, so the group has them all whichever module came first
_ANALYSIS, _LENSES = ("kg.cli.query_analysis_cmds",), ("kg.cli.lens_cmds",)
LAZY_QUERIES = {**dict.fromkeys(("deps", "path", "order", "critical-path", "impact", "timeline", "coverage",
                                 "obligations", "run"), _ANALYSIS),
                **dict.fromkeys(("vendors", "sustainability"), _LENSES)}


@cli.group(cls=RegistryGroup, registry=queries.REGISTRY, lazy=LAZY_QUERIES, epilog="""\b
Examples:
  kg query show ki-plattform
  kg query find "tale til tekst"
  echo 'SELECT (COUNT(*) AS ?n) WHERE { ?i a kg:Initiative }' | kg query sparql -""")
def query():
    """Ask the graph: one node, a search, SPARQL, dependencies and timelines."""


@query.command(epilog="""\b
Examples:
  kg query show ki-plattform
  kg query show ki-plattform --facts      # and every fact with its source
  kg query show "KI-plattform for alle kommuner"
  kg --lang en query show kommune-3403 --format json""")
@click.argument("id")
@FORMAT_OPTION
@click.option("--facts", "facts", is_flag=True,
              help="After an initiative's fact sheet, every fact about it with its source.")
@click.option("--no-incoming", is_flag=True, help="Leave out facts where the node is the value.")
@click.pass_obj
def show(obj, id, fmt, facts, no_incoming):
    """One node: an initiative as a fact sheet (dates, phase, status, owner, participants,
    dependencies, gaps); any other node as its facts, each with its source.

    With --facts an initiative's fact sheet is followed by every fact and its source.
    ID is a slug (ki-plattform), a full IRI or a label.
    """
    import shutil
    from kg.exports import table
    with open_ws(obj) as ws:
        view = ask(ws, "show", id=id, incoming=not no_incoming)
    width = shutil.get_terminal_size((100, 24)).columns
    click.echo(table.render_node(view, fmt, obj.lang, facts=facts, width=max(width, 60)), nl=False)


@query.command(epilog="""\b
Examples:
  kg query find tromso           # Tromsø
  kg query find nesseby          # Unjárga - Nesseby
  kg query find platform --type Initiative
  kg query find Lilehammer       # a typo: close spellings (Lillehammer)
  kg query find periode --all    # also periods, instants, dependency nodes""")
@click.argument("text")
@click.option("--limit", default=50, show_default=True, help="At most this many hits.")
@click.option("--type", "type_", default=None, help="Only nodes of this class (e.g. Initiative, Municipality).")
@click.option("--all", "all_", is_flag=True,
              help="Also internal nodes (periods, dated instants, dependency nodes, memberships).")
@FORMAT_OPTION
@click.pass_obj
def find(obj, text, limit, type_, all_, fmt):
    """Find nodes by label (case- and accent-tolerant, nb and en); a typo gives close spellings."""
    if type_ and ":" not in type_:
        type_ = "kg:" + type_
    with open_ws(obj) as ws:
        res = ask(ws, "find", text=text, top=limit, type=type_, all=all_)
    echo_result(obj, res, fmt, found=True)


@query.command(epilog="""\b
Examples:
  kg query sparql count.rq
  echo 'SELECT ?i ?l WHERE { ?i a kg:Initiative ; skos:prefLabel ?l FILTER(lang(?l)="nb") }' | kg query sparql -
  kg query sparql q.rq --format csv > out.csv

Prefixes kg, kgid, kgsrc, skos, dct, prov, org, time, sdg, sdgo, eli, dpv … are predefined.
The default graph is the union of all sources; GRAPH kgsrc:NAME reads one source.""")
@click.argument("file")
@FORMAT_OPTION
@click.pass_obj
def sparql(obj, file, fmt):
    """Run a SPARQL query (FILE or - for standard input) over the workspace. Read-only."""
    text = read_text_arg(file)
    with open_ws(obj) as ws:
        echo_result(obj, ask(ws, "sparql", text=text), fmt)


@query.command(epilog="""\b
Examples:
  kg query summary
  kg --lang en query summary --format json""")
@FORMAT_OPTION
@click.pass_obj
def summary(obj, fmt):
    """What the workspace holds: how many initiatives, principles, services, municipalities …"""
    with open_ws(obj) as ws:
        echo_result(obj, ask(ws, "summary"), fmt)
