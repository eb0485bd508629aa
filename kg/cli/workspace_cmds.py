"""Workspace commands: init, sources, remove, export, demo."""
from __future__ import annotations

import time
from pathlib import Path

import click

from kg import exports
from kg.cli import cli
from kg.cli.common import FORMAT_OPTION, echo_result, open_ws, output_stream
from kg.results import Table, col
from kg.store.workspace import Workspace, default_path


def init_stage(t, i: int, n: int, name: str | None) -> str:
    """The progress line of one stage of Workspace.create (``t``: the language's chooser)."""
    if name is None:
        return t("Bygger navneregisteret …", "Building the label index …")
    return t(f"Laster kilde {i + 1} av {n}: {name} …", f"Loading source {i + 1} of {n}: {name} …")


@cli.command(epilog="""\b
Examples:
  kg init                    # ./kg-data with ontology, reference data and the KS baseline
  kg --data /tmp/ws init --empty
  kg init --force            # replace an existing workspace""")
@click.option("--empty", is_flag=True, help="Ontology and reference data only, no KS baseline roadmap.")
@click.option("--force", is_flag=True, help="Replace an existing workspace.")
@click.pass_obj
def init(obj, empty, force):
    """Create a workspace: ontology, reference data and the KS baseline roadmap.
    """
    from kg.progress import LateStatus
    path = default_path(obj.data)
    status = LateStatus()
    try:
        info = Workspace.create(path, baseline=not empty, force=force,
                                progress=lambda i, n, name: status.say(init_stage(obj.t, i, n, name)))
    finally:
        status.done()
    click.echo(obj.t(f"Opprettet arbeidsområde i {info['path']}: {info['triples']} tripler fra {info['sources']} kilder.",
                     f"Created workspace in {info['path']}: {info['triples']} triples from {info['sources']} sources."))


from kg.facade import ask, sources_table  # noqa: E402  (the library's; shared with kg.web)


@cli.command(epilog="""\b
Examples:
  kg sources
  kg sources --format json
  kg sources --verify        # integrity check: exit 1 if the catalog and the graphs disagree""")
@FORMAT_OPTION
@click.option("--verify", is_flag=True,
              help="Check the workspace's integrity (catalog counts equal graph contents, no orphan graphs).")
@click.pass_obj
@click.pass_context
def sources(ctx, obj, fmt, verify):
    """List the sources (named graphs) in the workspace with counts and dates."""
    with open_ws(obj) as ws:
        if not verify:
            echo_result(obj, sources_table(ws, obj.lang), fmt)
            return
        problems = ws.verify()
    rows = [{"source": name, "problem": nb if obj.lang == "nb" else en} for name, en, nb in problems]
    echo_result(obj, Table([col("source", "kilde", "source"), col("problem", "problem", "problem")], rows,
                           title_nb="Integritetssjekk av arbeidsområdet", title_en="Workspace integrity check",
                           notes=[obj.t("Alt stemmer: katalogen og grafene er like.",
                                        "All sound: the catalog and the graphs agree.")] if not rows else [],
                           meta={"sound": not rows}), fmt)
    ctx.exit(1 if rows else 0)


@cli.command(epilog="""\b
Examples:
  kg remove assumptions      # take out the modelling assumptions of the baseline
  kg remove digi-innlandet""")
@click.argument("source")
@click.pass_obj
def remove(obj, source):
    """Take one source (named graph) out of the workspace."""
    with open_ws(obj, write=True) as ws:
        info = ws.remove_source(source)
    click.echo(obj.t(f"Fjernet kilden {info.name} ({info.triples} tripler).",
                     f"Removed source {info.name} ({info.triples} triples)."))


@cli.command("export", epilog="""\b
Examples:
  kg export ttl -o graph.ttl           # the union of all sources
  kg export trig -o workspace.trig     # every source as its own named graph
  kg export jsonld --source seed       # one source
  kg export graphml -o roadmap.graphml # for Gephi or yEd
  kg --lang en export csv -o facts.csv # one row per fact, for spreadsheets
  kg export sparql http://localhost:3030/ds   # each source to its named graph in a SPARQL store
  kg export pptx -o veikart.pptx       # a 16:9 deck with editable text
  kg export pptx --network "Digi Innlandet" --template ks.pptx -o digi.pptx
  kg export initiatives -o tiltak.xlsx # one row per initiative (or .csv)""")
@click.argument("fmt", metavar="FORMAT", type=click.Choice(list(exports.REGISTRY)))
@click.argument("url", required=False, metavar="[URL]")
@click.option("-o", "--output", default=None, metavar="FILE", help="Write to FILE (default: standard output).")
@click.option("--source", default=None, help="Only this source.")
@click.option("--graph", default=None, metavar="IRI", help="sparql: put the union into this one named graph.")
@click.option("--network", default=None, metavar="NAME", help="pptx, initiatives: only this network's initiatives.")
@click.option("--title", default=None, help="pptx: the deck's title.")
@click.option("--template", default=None, metavar="FILE.pptx",
              help="pptx: an organisation's deck whose master, layouts and size are used.")
@click.option("--no-gaps", is_flag=True, help="pptx: no gap marks and no gap summary (the check is not run).")
@click.option("--lang", "xlang", type=click.Choice(["nb", "en"]), default=None,
              help="graphml, csv, pptx, initiatives: language of the text (default: the global --lang).")
@click.pass_obj
def export(obj, fmt, url, output, source, graph, network, title, template, no_gaps, xlang):
    """Write the graph out: RDF (ttl, trig, nq, nt, jsonld), GraphML for Gephi/yEd, CSV for
    spreadsheets (one row per fact, formula cells escaped), (sparql URL) into a SPARQL store,
    a slide deck (pptx) or one row per initiative (initiatives, XLSX or CSV)."""
    spec = exports.REGISTRY[fmt]
    given = {"source": source, "graph": graph, "network": network, "title": title, "template": template,
             "gaps": False if no_gaps else None, "lang": xlang}
    _refuse_options(obj, fmt, {k: v for k, v in given.items() if v is not None})
    if spec.to == "url":
        from kg.cli.neo4j_cmds import export_sparql
        return export_sparql(obj, url, graph, source)
    if url:
        raise click.UsageError(obj.t("URL gjelder bare «kg export sparql URL».", "URL only applies to 'kg export sparql URL'."))
    options = {k: v for k, v in given.items() if k in spec.options and v is not None}
    if "lang" in spec.options:
        options.setdefault("lang", obj.lang)
    if fmt == "pptx":
        from kg.cli.deck_cmds import check_pptx
        check_pptx(output, title, template)
    if fmt == "initiatives":
        from kg.cli.deck_cmds import initiatives_kind
        options["kind"] = initiatives_kind(output)
    with open_ws(obj) as ws:
        if source:
            ws.source(source)
        with output_stream(output) as fh:
            n = spec.write(ws, fh, **options)
    if output and output != "-":
        nb, en = spec.counts
        click.echo(obj.t(f"Skrev {output} ({n} {nb}).", f"Wrote {output} ({n} {en})."), err=True)


# `kg export` options by the writer keyword they fill
OPTION_FLAGS = {"source": "--source", "graph": "--graph", "network": "--network", "title": "--title",
                "template": "--template", "gaps": "--no-gaps", "lang": "--lang"}


def _refuse_options(obj, fmt: str, given: dict) -> None:
    """A usage error naming an option ``fmt`` does not take and the formats that do."""
    spec = exports.REGISTRY[fmt]
    for key in given:
        if key not in spec.options:
            takers = [name for name, e in exports.REGISTRY.items() if key in e.options]
            flag = OPTION_FLAGS[key]
            raise click.UsageError(obj.t(f"{flag} gjelder {', '.join(takers)}, ikke {fmt}.",
                                         f"{flag} applies to {', '.join(takers)}, not to {fmt}."))


from kg.cli.common import DEMO_STEPS  # noqa: E402  (the steps later work adds to kg demo)
DEMO_ORDER = ("check", "diagrams")    # the order they run in, whichever module was imported first


@cli.command(epilog="""\b
Examples:
  kg demo                    # writes into ./kg-demo
  kg --lang en demo -o /tmp/demo""")
@click.option("-o", "--output", "outdir", default="kg-demo", show_default=True, metavar="DIR",
              help="Where to write the results.")
@click.pass_obj
def demo(obj, outdir):
    """The main job in one step on the bundled baseline.

    Builds a workspace from the baseline, then runs every step that is available
    (checks, diagrams, report) and prints what it wrote.
    """
    out = Path(outdir)
    out.mkdir(parents=True, exist_ok=True)
    ws_path = out / "workspace"
    t0 = time.monotonic()
    info = Workspace.create(ws_path, force=True)
    click.echo(obj.t(f"Bygde arbeidsområdet {ws_path}: {info['triples']} tripler fra {info['sources']} kilder "
                     f"({time.monotonic() - t0:.1f} s).",
                     f"Built workspace {ws_path}: {info['triples']} triples from {info['sources']} sources "
                     f"({time.monotonic() - t0:.1f} s)."))
    with Workspace.open(ws_path) as ws:
        echo_result(obj, ask(ws, "summary"), "table")
        click.echo()
        echo_result(obj, sources_table(ws, obj.lang), "table")
    written = []
    for name, step in sorted(DEMO_STEPS, key=lambda s: DEMO_ORDER.index(s[0]) if s[0] in DEMO_ORDER else len(DEMO_ORDER)):
        written += step(ws_path, out, obj.lang)
    if written:
        click.echo()
        click.echo(obj.t("Skrev:", "Wrote:"))
        for w in written:
            click.echo(f"  {w}")
    # where to go next: the report first, then the workspace the demo left behind
    report = next((w for w in written if str(w).endswith(".html")), None)
    click.echo()
    if report:
        click.echo(obj.t(f"Åpne rapporten først: {report}", f"Open the report first: {report}"))
    click.echo(obj.t(
        f"Arbeidsområdet demoen bygde: {ws_path} (prøv «kg --data {ws_path} query show ki-plattform»).\n"
        "kg ligger i .venv/bin: kjør «.venv/bin/kg …», eller «source .venv/bin/activate» først.\n"
        "Omvisningen i README.md starter med «kg init», som lager ./kg-data.",
        f"The workspace the demo built: {ws_path} (try 'kg --data {ws_path} query show ki-plattform').\n"
        "kg is in .venv/bin: run '.venv/bin/kg …', or 'source .venv/bin/activate' first.\n"
        "The tour in README.md starts with 'kg init', which makes ./kg-data."))
