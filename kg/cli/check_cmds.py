"""`kg check`: SHACL gap checks of the workspace, and the check step of `kg demo`."""
from __future__ import annotations

from pathlib import Path

import click

from kg.check.results import SEVERITIES
from kg.cli import cli
from kg.cli.common import DEMO_STEPS, LazyChoice, output_stream
from kg.store.workspace import default_path


@cli.command("check", epilog="""\b
Examples:
  kg check                             # every gap, grouped by code (exit 1 if a violation)
  kg --lang en check --format md -o gaps.md
  kg check --format json               # {"conforms", "counts", "results": [...]}
  kg check --severity warning          # violations and warnings, no infos
  kg check --code owner-missing --code dates-missing
  kg check --focus ki-plattform        # only what concerns one node
  kg check --shapes my-rules.ttl       # add your own SHACL shapes (run by pyshacl)
  kg check --engine pyshacl            # the reference engine (slow on big workspaces)
  kg check --profile leverandorkrav    # each AI system and vendor against the shared vendor requirements
  kg check --format ttl                # a standard SHACL validation report

\b
Exit codes: 0 no violation; 1 at least one violation; 2 usage or input error.
Codes and severities: ontology/shapes/README.md.""")
@click.option("--format", "fmt", type=LazyChoice("kg.exports.check_report:FORMATS"), default="text",
              show_default=True, help="Output format.")
@click.option("--severity", type=click.Choice(list(SEVERITIES)), default=None,
              help="Show only results at or above this severity (violation > warning > info).")
@click.option("--shapes", "shape_files", multiple=True, metavar="FILE",
              type=click.Path(dir_okay=False), help="Extra SHACL shapes (Turtle); may be repeated.")
@click.option("--code", "codes", multiple=True, metavar="CODE", help="Only this code; may be repeated.")
@click.option("--focus", default=None, metavar="ID", help="Only results about this node (slug, IRI or label).")
@click.option("--profile", default=None, metavar="NAME",
              help="Run a profile's shapes instead of the shipped ones: leverandorkrav (the shared requirements for AI vendors).")
@click.option("--engine", type=click.Choice(["fast", "pyshacl"]), default="fast", show_default=True,
              help="fast: compiled SPARQL on the store; pyshacl: the reference engine.")
@click.option("-o", "--output", default=None, metavar="FILE", help="Write to FILE (default: standard output).")
@click.pass_obj
@click.pass_context
def check_cmd(ctx, obj, fmt, severity, shape_files, codes, focus, profile, engine, output):
    """Check the workspace for gaps with the shipped SHACL shapes.

    Each finding names the node (label and id), what is wrong and what you can do about
    it, its severity, and for imported data the source file and row.
    """
    from kg.api import Workspace
    from kg.exports import check_report
    from kg.i18n import number
    from kg.progress import LateStatus
    status = LateStatus()   # shown once the check has taken a second (a kept result: never)
    stages = {"read": ("Leser dataene som sjekkes …", "Reading the data to check …"),
              "run": ("Kjører {n} sjekker …", "Running {n} checks …"),
              "pyshacl": ("pyshacl kjører {n} former (kan ta tid) …", "pyshacl runs {n} shapes (may take a while) …"),
              "enrich": ("Finner navn og kilder til {n} funn …", "Finding names and sources of {n} results …")}

    def progress(stage, done, total):
        nb, en = stages[stage]
        status.say(obj.t(nb, en).format(n=number(done)))
    try:
        report = Workspace(default_path(obj.data)).check(
            profile=profile, shapes=shape_files, codes=codes, engine=engine, severity=severity, focus=focus,
            progress=progress)
    finally:
        status.done()
    text = check_report.render(report, fmt=fmt, lang=obj.lang)
    with output_stream(output) as fh:
        fh.write(text.encode("utf-8"))
    if output and output != "-":
        click.echo(obj.t(f"Skrev {output}.", f"Wrote {output}."), err=True)
    ctx.exit(0 if report.conforms else 1)


def demo_step(ws_path, outdir, lang) -> list[str]:
    """`kg demo`: the gap report of the baseline as gaps.md (in ``lang``) and gaps.json."""
    from kg.check import engine as checking
    from kg.exports import check_report
    from kg.store.workspace import Workspace
    with Workspace.open(ws_path) as ws:
        report = checking.check(ws)
    out = Path(outdir)
    written = []
    for name, fmt in (("gaps.md", "md"), ("gaps.json", "json")):
        p = out / name
        p.write_text(check_report.render(report, fmt=fmt, lang=lang), encoding="utf-8")
        written.append(str(p))
    return written


if not any(name == "check" for name, _ in DEMO_STEPS):
    DEMO_STEPS.append(("check", demo_step))
