"""Versions of the roadmap: `kg snapshot` and `kg diff`."""
from __future__ import annotations

import click

from kg.cli import cli
from kg.cli.common import FORMAT_OPTION, LazyChoice, echo_result, open_ws, output_stream
from kg.errors import InputError
from kg.progress import LateStatus


@cli.command("snapshot", epilog="""\b
Examples:
  kg snapshot deck-2026-03 -m "Presented to the KS board in March"
  kg snapshot --list
  kg snapshot --list --format json
  kg snapshot deck-2026-03 --force     # replace it with the workspace as it is now
  kg snapshot --remove deck-2026-03
  kg snapshot deck-2026-03 --export deck-2026-03.trig   # as one TriG file, to share
  kg diff deck-2026-03 @               # what changed since then""")
@click.argument("name", required=False)
@click.option("-m", "--message", default="", help="Why the snapshot was taken (shown in --list and in diffs).")
@click.option("--list", "list_", is_flag=True, help="List the snapshots of the workspace.")
@click.option("--remove", is_flag=True, help="Delete snapshot NAME.")
@click.option("--force", is_flag=True, help="Replace an existing snapshot with the same name.")
@click.option("--export", "export", metavar="FILE", default=None,
              help="Write snapshot NAME to FILE as TriG (every source its own named graph), to share it.")
@FORMAT_OPTION
@click.pass_obj
def snapshot(obj, name, message, list_, remove, force, export, fmt):
    """Freeze the workspace as it is now under NAME, or list the snapshots.

    Every source is kept under NAME (a checkpoint of the store: quick, and it shares the
    store's files on disk), with a date and a message. Snapshots live in the workspace
    (snapshots/) and survive later imports; compare with `kg diff NAME @`. --export
    writes one as a TriG file to share.
    """
    if list_:
        if name or remove or export:
            raise InputError("--list takes no NAME and cannot be combined with --remove or --export.",
                             "--list tar ikke noe NAVN og kan ikke kombineres med --remove eller --export.")
        from kg.facade import snapshots_table
        with open_ws(obj) as ws:
            echo_result(obj, snapshots_table(ws.path, obj.lang), fmt)
        return
    if not name:
        raise InputError("Give a NAME for the snapshot, or --list.",
                         "Oppgi et NAVN på øyeblikksbildet, eller --list.")
    if export is not None:
        if remove or force or message:
            raise InputError("--export writes an existing snapshot: it cannot be combined with --remove, "
                             "--force or -m.",
                             "--export skriver et eksisterende øyeblikksbilde: det kan ikke kombineres med "
                             "--remove, --force eller -m.")
        from kg.api import Workspace as KgWorkspace
        from kg.store.workspace import default_path
        with open_ws(obj):   # the workspace must exist (a clear error if not)
            pass
        status = LateStatus()
        status.say(obj.t(f"Skriver {name} til {export} …", f"Writing {name} to {export} …"))
        try:
            out = KgWorkspace(default_path(obj.data)).export_snapshot(name, export)
        finally:
            status.done()
        click.echo(obj.t(f"Skrev øyeblikksbildet {name} til {out} (TriG).",
                         f"Wrote snapshot {name} to {out} (TriG)."))
        return
    if remove:
        from kg.api import Workspace as KgWorkspace
        from kg.store.workspace import default_path
        info = KgWorkspace(default_path(obj.data)).remove_snapshot(name)
        click.echo(obj.t(f"Slettet øyeblikksbildet {info.name}.", f"Removed snapshot {info.name}."))
        return
    from kg.api import Workspace as KgWorkspace
    from kg.store.workspace import default_path
    kws = KgWorkspace(default_path(obj.data))
    status = LateStatus()
    status.say(obj.t(f"Fryser arbeidsområdet som {name} …", f"Freezing the workspace as {name} …"))
    try:
        info = kws.snapshot(name, message, force=force)
    finally:
        status.done()
    where = kws.path / info.file
    click.echo(obj.t(
        f"Tok øyeblikksbildet {info.name}: {info.triples} tripler, {info.initiatives} tiltak, "
        f"{len(info.sources)} kilder ({where}).",
        f"Took snapshot {info.name}: {info.triples} triples, {info.initiatives} initiatives, "
        f"{len(info.sources)} sources ({where})."))


@cli.command("diff", epilog="""\b
OLD and NEW are each one of:
  @                  the current workspace (--data / KG_DATA / ./kg-data)
  NAME, snapshot:NAME  a snapshot of the current workspace (kg snapshot NAME)
  DIR                another workspace directory
  FILE               an RDF file: .ttl .trig .nt .nq .jsonld .rdf
NEW defaults to @. Exit code: 0 equal, 1 different, 2 usage or input error.

\b
Examples:
  kg snapshot deck-2026-03            # before the deck
  kg diff deck-2026-03                # ... later: what changed since then
  kg --lang en diff deck-2026-03 @ --format md -o changes.md
  kg diff old.ttl new.ttl --format json
  kg diff /data/ws-2025 /data/ws-2026 --format html -o diff.html
  kg diff deck-2026-03 @ --no-check   # skip comparing the gaps of kg check
  kg diff deck-2026-03 --all          # also every statement outside the roadmap""")
@click.argument("old")
@click.argument("new", required=False, default="@")
@click.option("--format", "fmt", type=LazyChoice("kg.exports.diff_report:FORMATS"), default="text",
              show_default=True, help="Output format.")
@click.option("-o", "--output", default=None, metavar="FILE", help="Write to FILE (default: standard output).")
@click.option("--no-check", "no_check", is_flag=True,
              help="Do not run kg check on both versions (gaps appeared/closed are then left out).")
@click.option("--all", "all_", is_flag=True,
              help="Also compare every statement outside the roadmap (RDF level) and each source's provenance.")
@click.option("--max-statements", default=200, show_default=True, type=click.IntRange(0, 100000),
              help="With --all: at most this many other statements listed per direction.")
@click.pass_context
def diff_cmd(ctx, old, new, fmt, output, no_check, all_, max_statements):
    """What changed between two versions of the roadmap.

    Initiatives added and removed, moved in time (how much, the earliest and the latest
    date each), changed phase, status or owner; dependencies, challenges, principles,
    regulations and municipalities added or removed; and gaps of `kg check` that appeared
    or closed. Blank nodes, order and provenance timestamps do not count. With --all also
    every other statement (RDF level) and the sources' provenance.
    """
    from kg.exports import diff_report
    from kg.facade import diff_versions
    obj = ctx.obj
    status = LateStatus()
    try:
        result = diff_versions(old, new, data=obj.data, lang=obj.lang, check=not no_check, statements=all_,
                               max_statements=max_statements, progress=lambda nb, en: status.say(obj.t(nb, en)))
    finally:
        status.done()
    text = diff_report.render(result, fmt=fmt, lang=obj.lang)
    with output_stream(output, binary=False) as fh:
        fh.write(text)
    if output and output != "-":
        click.echo(obj.t(f"Skrev {output}.", f"Wrote {output}."), err=True)
    ctx.exit(0 if result.equal else 1)
