"""The command line. This package is the composition root: the only code that imports
importers, queries and exports. Each command parses options, calls one library function,
renders the result, and turns known errors into a message and an exit code.

Exit codes: 0 success; 1 violations found or the thing asked for is not there;
2 usage or input error (message on stderr, no traceback).
"""
from __future__ import annotations

import errno
import importlib
import os
import sys

import click

from kg import __version__
from kg.cli import click_nb
from kg.errors import KgError
from kg.i18n import resolve_lang

# command modules; each defines click commands and registers them on `cli` (or on a group
# another module defines). They are imported when their command is first looked up, so
# `kg sources` does not pay for the diagrams or Neo4j: top-level command -> the modules
# that define it and add subcommands to it, in import order. A module that is not there
# (a part not built yet) is left out. tests/test_cli_lazy.py holds this map to the tree.
LAZY_COMMANDS = {
    "init": ("kg.cli.workspace_cmds",),
    "sources": ("kg.cli.workspace_cmds",),
    "remove": ("kg.cli.workspace_cmds",),
    "export": ("kg.cli.workspace_cmds",),
    "demo": ("kg.cli.workspace_cmds", "kg.cli.check_cmds", "kg.cli.diagram_cmds"),
    "query": ("kg.cli.query_cmds",),   # the group imports the modules of its other questions (LAZY_QUERIES)
    "check": ("kg.cli.check_cmds",),
    "diagram": ("kg.cli.diagram_cmds",),   # the group imports the modules of its other kinds (LAZY_DIAGRAMS)
    "report": ("kg.cli.diagram_cmds",),
    "import": ("kg.cli.import_cmds", "kg.cli.neo4j_cmds"),
    "neo4j": ("kg.cli.neo4j_cmds",),
    "snapshot": ("kg.cli.diff_cmds",),
    "diff": ("kg.cli.diff_cmds",),
    "serve": ("kg.cli.serve_cmds",),
}


class LazyCommands(dict):
    """A group's commands (``cli.commands``, and a subgroup's whose commands other modules
    define): a command's modules (``lazy``: name -> modules) are imported when the command
    is first looked up by name; anything that lists the commands (help, "did you mean")
    imports them all."""

    def __init__(self, lazy: dict[str, tuple[str, ...]]):
        super().__init__()
        self.lazy = lazy
        self._done: set[str] = set()   # names (and "*") whose modules are imported

    def _load(self, names) -> None:
        todo = [n for n in names if n in self.lazy and n not in self._done]
        if not todo:
            return
        self._done.update(todo)
        for name in todo:
            for m in self.lazy[name]:
                try:
                    importlib.import_module(m)
                except ModuleNotFoundError as e:  # that part is not built yet
                    if e.name != m:
                        raise
        click_nb.localise_loaded()   # the new commands' help in the language of the run

    def _all(self) -> None:
        if "*" not in self._done:
            self._done.add("*")
            self._load(list(self.lazy))

    def loaded(self):
        """The commands imported so far (name, command), importing nothing."""
        return dict.items(self)

    def __getitem__(self, name):
        self._load((name,))
        return dict.__getitem__(self, name)

    def get(self, name, default=None):
        self._load((name,))
        return dict.get(self, name, default)

    def __contains__(self, name):
        self._load((name,))
        return dict.__contains__(self, name)

    def _listing(name: str):   # a way of listing them all: every module imported first
        def method(self, *args):
            self._all()
            return getattr(dict, name)(self, *args)
        return method

    __iter__, __len__ = _listing("__iter__"), _listing("__len__")
    keys, values, items = _listing("keys"), _listing("values"), _listing("items")
    del _listing


class Ctx:
    """What every command gets: the workspace path and the language."""

    def __init__(self, data: str | None, lang: str, debug: bool):
        self.data = data
        self.lang = lang
        self.debug = debug

    def t(self, nb: str, en: str) -> str:
        return nb if self.lang == "nb" else en


class KgGroup(click.Group):
    """A group that turns kg's own errors into a clear message and exit code."""

    def main(self, args=None, *a, **kw):
        # click's own messages (usage errors, help headings) in the language of the run
        from kg.cli import click_nb
        click_nb.use(click_nb.lang_of(sys.argv[1:] if args is None else args, os.environ.get("KG_LANG")))
        return super().main(args, *a, **kw)

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except KgError as e:
            lang = getattr(ctx.obj, "lang", None) or resolve_lang(None)
            click.echo(f"kg: {e.message(lang)}", err=True)
            ctx.exit(e.exit_code)
        except KeyboardInterrupt:
            click.echo("kg: avbrutt / interrupted", err=True)
            ctx.exit(130)
        except BrokenPipeError:
            sys.stderr.close()
            ctx.exit(0)


@click.group(cls=KgGroup, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
             epilog="""\b
Examples:
  kg init                         # a workspace with the KS baseline in ./kg-data
  kg sources                      # what the workspace holds, source by source
  kg query show ki-plattform      # one node, every fact and its source
  kg query find tromso            # search labels (case and accents ignored)
  kg --lang en query show prinsipp-1
  kg export ttl -o graph.ttl
  kg demo                         # the whole job on the bundled baseline

Progress of long work (import, check, neo4j) shows on stderr when it is a terminal;
KG_PROGRESS=1 shows it anyway, KG_PROGRESS=0 never.""")
@click.option("--data", "data", envvar="KG_DATA", metavar="DIR", default=None,
              help="The workspace directory (also KG_DATA; default ./kg-data).")
@click.option("--lang", type=click.Choice(["nb", "en"]), envvar="KG_LANG", default=None,
              help="Language of labels and messages: nb (default) or en. Also KG_LANG.")
@click.option("--debug", is_flag=True, hidden=True, help="Show tracebacks.")
@click.version_option(__version__, prog_name="kg", message=click_nb.VersionMessage())
@click.pass_context
def cli(ctx, data, lang, debug):
    """kg — knowledge graph and roadmap for AI in the Norwegian municipal sector.

    Initiatives, principles, challenges, regulations, municipalities and networks in one
    graph, with gap checks, dependency questions, diagrams and import from the networks'
    spreadsheets. Help and messages are in Norwegian (default) or English: --lang en.
    """
    ctx.obj = Ctx(data, resolve_lang(lang), debug)


cli.commands = LazyCommands(LAZY_COMMANDS)


def main(argv=None):
    """Console-script entry point."""
    debug = "--debug" in (argv or sys.argv[1:]) or os.environ.get("KG_DEBUG")
    try:
        try:
            cli.main(args=argv, prog_name="kg", standalone_mode=True)
        finally:
            try:
                sys.stdout.flush()   # stdout on a full device fails here, not at exit
            except OSError as e:
                e.kg_stdout = True
                raise
    except SystemExit:
        raise
    except OSError as e:
        if e.errno is None and "No space left on device" in str(e):   # RocksDB's IO error
            e = OSError(errno.ENOSPC, "No space left on device")
        if e.errno not in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG, errno.EROFS) or debug:
            if debug:
                raise
            _internal(e)
        _quiet_stdout()
        from kg.cli.common import write_error
        lang = _argv_lang(argv if argv is not None else sys.argv[1:])
        click.echo(f"kg: {write_error(e, 'stdout' if getattr(e, 'kg_stdout', False) else e.filename, output=False).message(lang)}", err=True)
        sys.exit(2)
    except Exception as e:  # a bug, not bad input: say so without a wall of traceback
        if debug:
            raise
        _internal(e)


def _internal(e: BaseException):
    click.echo(f"kg: internal error / intern feil: {type(e).__name__}: {e}\n"
               "Run again with --debug (or KG_DEBUG=1) for details, and report it.", err=True)
    sys.exit(70)


def _argv_lang(args) -> str:
    """The --lang of the command line, for messages given after click has finished."""
    value = None
    for i, a in enumerate(args):
        if a == "--lang" and i + 1 < len(args):
            value = args[i + 1]
        elif a.startswith("--lang="):
            value = a.split("=", 1)[1]
    try:
        return resolve_lang(value if value in ("nb", "en") else None)
    except Exception:  # noqa: BLE001 - a message about a message must not fail
        return "nb"


def _quiet_stdout():
    """After stdout failed (a full device), drop what is buffered so the interpreter's
    own flush at exit does not fail a second time."""
    try:
        sys.stdout = open(os.devnull, "w")
    except OSError:
        pass
