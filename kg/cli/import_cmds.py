"""`kg import FILE…` and `kg import template`: bring the networks' spreadsheets (and RDF)
into the workspace, with a row-by-row report.

`import` is a group whose default command takes files, so `kg import a.xlsx b.csv` and
`kg import template -o mal.xlsx` both work, and more subcommands (`kg import sparql URL`)
can be added with ``@import_group.command()``. A file literally named like a subcommand
is imported as ``./template``.

Exit codes: 0 every row imported; 1 some rows were rejected (the accepted rows were
imported, unless --strict or --dry-run); 2 a file could not be used at all, nothing was
written.
"""
from __future__ import annotations

from pathlib import Path

import click

from kg import importers
from kg.cli import cli
from kg.cli.common import LazyChoice, open_ws, output_stream
from kg.errors import InputError, WorkspaceError


class _FilesContext(click.Context):
    """The hidden default command speaks as `kg import` in usage and error messages."""

    @property
    def command_path(self) -> str:
        return self.parent.command_path if self.parent is not None else super().command_path


class _FilesCommand(click.Command):
    context_class = _FilesContext


class ImportGroup(click.Group):
    """A group whose first argument, unless it names a subcommand, is a file."""

    default = "files"

    def parse_args(self, ctx, args):
        if args and args[0] not in self.commands and args[0] not in ("-h", "--help"):
            args = [self.default] + list(args)
        return super().parse_args(ctx, args)

    def format_help(self, ctx, formatter):
        cmd = self.commands[self.default]
        sub = click.Context(cmd, info_name=ctx.info_name, parent=ctx.parent)
        cmd.format_help(sub, formatter)
        self.format_commands(ctx, formatter)


@cli.group("import", cls=ImportGroup, no_args_is_help=True)
def import_group():
    """Import spreadsheets and RDF files (see `kg import --help`)."""


@import_group.command("files", cls=_FilesCommand, hidden=True, epilog="""\b
Examples:
  kg import template -o mal.xlsx                     # the blank spreadsheet to fill in
  kg import tiltak.xlsx --network "Digi Innlandet"   # one named graph, source 'tiltak'
  kg import tiltak.xlsx --dry-run                    # the report only, nothing written
  kg import tiltak.csv --strict                      # all rows or nothing
  kg import tiltak.csv --strict-names                # unknown owners/vendors are errors
  kg import katalog.csv --mapping katalog.yaml       # a foreign table, columns mapped
  kg import ekstra.ttl data.jsonld                   # RDF, one source per file
  kg import tiltak.xlsx --format json                # the report for machines
  kg sources                                         # what is in the workspace
  kg remove tiltak                                   # take an import out again
\b
Exit codes:
  0 every row imported
  1 rows rejected (the good ones imported, unless --strict/--dry-run)
  2 a file could not be used; nothing written""")
@click.argument("files", nargs=-1, required=True, metavar="FILE...")
@click.option("--source", metavar="NAME", default=None,
              help="Name of the source (named graph); default: the file name without suffix.")
@click.option("--network", metavar="NAME", default=None,
              help="The network (Diginettverk) the rows come from, by id or name; ids become "
                   "kgid:<network>/<row id> and member municipalities get a dated membership.")
@click.option("--mapping", metavar="FILE", default=None, type=click.Path(dir_okay=False),
              help="A YAML mapping for a foreign table (columns, values, split, defaults, id).")
@click.option("--dry-run", is_flag=True, help="Check and report, write nothing.")
@click.option("--strict", is_flag=True, help="Write nothing if any row is rejected.")
@click.option("--strict-names", is_flag=True,
              help="An owner or vendor close to nothing known is a row error, not a new organisation.")
@click.option("--new-network", is_flag=True,
              help="--network names a new network even if it is close to an existing one.")
@click.option("--as", "as_format", type=click.Choice(list(importers.REGISTRY)),
              default=None, help="The file format, if guessing from content and suffix is wrong.")
@click.option("--format", "fmt", type=LazyChoice("kg.exports.import_report:FORMATS"), default="text", show_default=True,
              help="Report format.")
@click.option("--max-size", metavar="SIZE", default=None,
              help="Largest file to read, e.g. 500M or 2G (default 200M; env KG_MAX_BYTES).")
@click.option("--max-rows", metavar="N", default=None,
              help="Most data rows in a spreadsheet (default 100000; env KG_MAX_ROWS).")
@click.pass_obj
@click.pass_context
def import_files_cmd(ctx, obj, files, source, network, mapping, dry_run, strict, strict_names, new_network,
                     as_format, fmt, max_size, max_rows):
    """Import spreadsheets (CSV, XLSX) and RDF (Turtle, JSON-LD, N-Triples, TriG, RDF/XML).

    Each file becomes one source (a named graph) with its provenance; importing the same
    source again replaces it. Every row is checked: the report names file, row, column,
    value and reason for each rejected cell. By default the good rows are imported.
    """
    from kg.api import Workspace as KgWorkspace
    from kg.exports import import_report
    from kg.import_results import exit_code
    from kg.store import limits
    from kg.store.workspace import default_path

    limits.reset()
    limits.configure(max_bytes=max_size, max_rows=max_rows)

    from kg.i18n import number
    from kg.progress import Status
    status = Status()

    def progress(stage, done, total, name):
        if stage == "read":
            status.say(obj.t(f"Leser {Path(name).name} …", f"Reading {Path(name).name} …"))
        elif stage == "rows":
            status.count(obj.t(f"{Path(name).name}: rad", f"{Path(name).name}: row"), done, total)
        elif stage == "write":
            status.say(obj.t(f"Skriver {number(done)} tripler fra {Path(name).name} …",
                             f"Writing {number(done)} triples from {Path(name).name} …"))

    # a large import makes hundreds of thousands of objects in no cycle: without the cyclic
    # collector walking them (kg.gcpause.paused_gc) until the report is written, and not
    # after it either: the command ends
    from kg.gcpause import paused_gc
    with paused_gc(freeze=True):
        try:
            run = KgWorkspace(default_path(obj.data)).import_file(
                *files, source=source, network=network, mapping=mapping, dry_run=dry_run, strict=strict,
                format=as_format, strict_names=strict_names, new_network=new_network, progress=progress)
        finally:
            status.done()
        report = import_report.render(run, fmt=fmt, lang=obj.lang)
    click.echo(report, nl=False)
    code = exit_code(run)
    if code == 2:
        for r in run.reports:
            if r.fatal:
                click.echo(f"kg: {r.fatal.where()}: {r.fatal.reason(obj.lang)}", err=True)
    ctx.exit(code)


@import_group.command("template", epilog="""\b
Examples:
  kg import template                       # kg-import-mal.xlsx (nb) in this folder
  kg import template -o tiltak.xlsx
  kg --lang en import template -o initiatives.xlsx
  kg import template -o tiltak.csv         # CSV: header row only (UTF-8, ';')
  kg import template -o -                  # CSV to standard output
  kg import template --network "Digi Innlandet" -o digi.xlsx   # pre-filled with the network's rows
  kg import digi.xlsx --network "Digi Innlandet"               # …edited, back in: replaces those rows""")
@click.option("-o", "--output", metavar="FILE", default=None,
              help="Where to write: .xlsx (default) or .csv; '-' writes CSV to standard output.")
@click.option("--lang", "tlang", type=click.Choice(["nb", "en"]), default=None,
              help="Language of headers and instructions (default: the global --lang).")
@click.option("--format", "fmt", type=click.Choice(["xlsx", "csv"]), default=None,
              help="Force the format instead of taking it from the file name.")
@click.option("--network", metavar="NAME", default=None,
              help="Pre-fill the XLSX with the rows this network imported, as kg holds them.")
@click.pass_obj
def template_cmd(obj, output, tlang, fmt, network):
    """Write the blank network spreadsheet: XLSX with drop-down lists, instructions with an
    example row and the municipalities with numbers; or CSV with the header row.
    """
    tpl = importers.get("template")
    lang = tlang or obj.lang
    if output is None:
        output = "kg-import-mal.xlsx" if lang == "nb" else "kg-import-template.xlsx"
    kind = fmt or ("csv" if output == "-" or output.lower().endswith((".csv", ".txt")) else "xlsx")
    if kind == "xlsx" and output == "-":
        raise InputError("an XLSX cannot go to standard output; give -o FILE.xlsx, or use --format csv.",
                         "en XLSX kan ikke skrives til standard ut; oppgi -o FIL.xlsx, eller bruk --format csv.")
    if network:
        if kind != "xlsx":
            raise InputError("--network pre-fills the XLSX template (its drop-downs and where the rows came from); "
                             "give -o FILE.xlsx.",
                             "--network fyller ut XLSX-malen (med nedtrekkslister og hvor radene kom fra); "
                             "oppgi -o FIL.xlsx.")
        from kg.facade import network_iri
        with open_ws(obj) as ws:
            net = network_iri(ws, network)
            with output_stream(output) as fh:
                n = tpl.write_xlsx(fh, ws, lang, network=net)
        click.echo(obj.t(f"Skrev malen med {n} rader fra nettverket til {output}.",
                         f"Wrote the template with the network's {n} rows to {output}."), err=True)
        return
    if kind == "csv":
        with output_stream(output) as fh:
            tpl.write_csv(fh, lang)
    else:
        try:
            ws = open_ws(obj)
        except WorkspaceError:
            ws = tpl.shipped_workspace()
        with ws:
            with output_stream(output) as fh:
                tpl.write_xlsx(fh, ws, lang)
    if output != "-":
        click.echo(obj.t(f"Skrev malen til {output}.", f"Wrote the template to {output}."), err=True)
