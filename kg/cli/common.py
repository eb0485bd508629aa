"""Helpers shared by the command modules: opening the workspace, output, formats."""
from __future__ import annotations

import contextlib
import errno
import os
import stat
import sys
import tempfile
from pathlib import Path

import click

from kg.errors import InputError
from kg.store.workspace import Workspace

# the steps of `kg demo` after building its workspace: (name, function(ws_path, outdir,
# lang) -> list[str]); the check and the diagrams add theirs (kg/cli/workspace_cmds.py)
DEMO_STEPS: list = []

FORMAT_OPTION = click.option("--format", "fmt", type=click.Choice(["table", "json", "csv", "md"]),
                             default="table", show_default=True, help="Output format.")


class LazyChoice(click.Choice):
    """A choice read from a plug-in's list (``module:NAME``) when it is first needed, so
    that starting kg does not import the plug-in: kg diff's formats live beside the diff."""

    def __init__(self, where: str, case_sensitive: bool = True):
        self._where, self._choices = where, None
        super().__init__((), case_sensitive=case_sensitive)

    @property
    def choices(self):
        if self._choices is None:
            import importlib
            module, _, name = self._where.partition(":")
            self._choices = tuple(getattr(importlib.import_module(module), name))
        return self._choices

    @choices.setter
    def choices(self, value):   # click.Choice sets it; the list is read when first needed
        pass


class RegistryGroup(click.Group):
    """A command group whose subcommands are the names of a registry (``registry``: the
    names, in order): a command under a name the registry lacks is refused when it is
    added, and the help lists the commands in the registry's order. Names in ``without``
    are registered but are no command of their own (the board: `timeline --style board`).
    ``lazy``: name -> the modules that add that command (imported when it is first looked
    up or the commands are listed, :class:`kg.cli.LazyCommands`), so the group has every
    command whichever module was imported first."""

    def __init__(self, *args, registry=(), without=(), lazy=None, **kwargs):
        self.registry = tuple(n for n in registry if n not in without)
        super().__init__(*args, **kwargs)
        if lazy:
            from kg.cli import LazyCommands
            self.commands = LazyCommands(lazy)

    def add_command(self, cmd, name=None):
        name = name or cmd.name
        if name not in self.registry:
            raise RuntimeError(f"'{self.name} {name}' is in no registry; register it first ({', '.join(self.registry)})")
        super().add_command(cmd, name)

    def list_commands(self, ctx):
        return [n for n in self.registry if n in self.commands]


def impact_options(f):
    """The what-if's arguments, the same for `kg query impact` and `kg neo4j query impact`."""
    for opt in reversed([
        click.argument("id", required=False),
        click.option("--slip", default=None, metavar="DURATION", help="How late ID is, e.g. 6m."),
        click.option("--to", "to", default=None, metavar="DATE",
                     help="ID's new end (a regulation: its new entry window)."),
        click.option("--change", "changes", multiple=True, metavar="ID:VALUE",
                     help="A change ID:DURATION or ID:DATE (repeatable), instead of ID --slip/--to."),
        click.option("--today", default=None, metavar="DATE",
                     help="What counts as started: a start before this day (default: today)."),
    ]):
        f = opt(f)
    return f


def open_ws(ctx_obj, write: bool = False) -> Workspace:
    return Workspace.open(ctx_obj.data, write=write)


def echo_result(ctx_obj, result, fmt: str, limit: int | None = None, *, found: bool = False) -> None:
    """Print ``result``; ``limit``: names per list cell in the text table only. ``found``:
    a search (a path, a saved query) that finds nothing exits 1 after printing."""
    from kg.exports import table
    click.echo(table.render(result, fmt, ctx_obj.lang, limit), nl=False)
    if found and not result.rows:
        raise click.exceptions.Exit(1)


# errors of writing (not of reading the workspace): a full disk, a quota, a read-only file
# system. Turned into exit 2 with a message, wherever they surface.
WRITE_ERRNOS = {errno.ENOSPC, errno.EDQUOT, errno.EFBIG, errno.EROFS}


def write_error(e: OSError, target: str | None, output: bool = True) -> InputError:
    """An OSError met while writing ``target`` (None: the workspace or a file kg chose)
    as the user's message (exit 2)."""
    target = None if target is None else str(target)
    if e.errno in (errno.ENOSPC, errno.EDQUOT) and target == "stdout":
        return InputError("no space left on the device standard output goes to; the output is incomplete.",
                          "ikke mer plass på enheten standard utdata går til; utdataene er ufullstendige.",
                          file=target)
    if e.errno in (errno.ENOSPC, errno.EDQUOT):
        return InputError("no space left on the device; nothing was written. Free some space and run again.",
                          "ikke mer plass på enheten; ingenting ble skrevet. Frigjør plass og kjør igjen.",
                          file=target)
    why = e.strerror or str(e)
    if not output:
        return InputError(f"cannot write here ({why}).", f"kan ikke skrive hit ({why}).", file=target)
    return InputError(f"cannot write here ({why}); choose another file with -o.",
                      f"kan ikke skrive hit ({why}); velg en annen fil med -o.", file=target)


@contextlib.contextmanager
def output_stream(path: str | None, binary: bool = True):
    """Write to ``path`` atomically (temp file renamed into place), or to stdout.

    Nothing is left behind if writing fails; an existing directory is refused. A target
    that is not a regular file (a device such as /dev/null, a FIFO, /proc/self/fd/N) is
    written through, never replaced; an existing file keeps its mode (and, as root, its
    owner). Anything that cannot be written is an InputError (exit 2).
    """
    if not path or path == "-":
        out = sys.stdout.buffer if binary else sys.stdout
        yield out
        try:
            out.flush()
        except OSError as e:
            if e.errno in WRITE_ERRNOS:
                raise write_error(e, "stdout") from None
            raise
        return
    p = Path(path)
    try:
        st = os.stat(p)          # follows links: /proc/self/fd/N, a link to a device
    except FileNotFoundError:
        st = None
    except OSError as e:
        raise write_error(e, str(p)) from None
    if st is not None and stat.S_ISDIR(st.st_mode):
        raise InputError("is a directory; give a file name.", "er en mappe; oppgi et filnavn.", file=str(p))
    if st is not None and not stat.S_ISREG(st.st_mode):
        if stat.S_ISSOCK(st.st_mode):
            raise InputError("is a socket, not a file kg can write; choose another file with -o.",
                             "er en socket, ikke en fil kg kan skrive; velg en annen fil med -o.", file=str(p))
        yield from _write_through(p, binary)
        return
    if not p.parent.exists():
        raise InputError("the folder does not exist.", "mappen finnes ikke.", file=str(p.parent))
    keep = None
    try:
        lst = os.lstat(p)
        if stat.S_ISREG(lst.st_mode):
            keep = lst            # an existing file: its mode and owner stay
    except OSError:
        pass
    # a fresh temp file beside the target, created with O_CREAT|O_EXCL (mkstemp): a
    # symlink planted under a predictable temp name cannot redirect the write; the rename
    # replaces the path given (a symlink there is replaced, its target never written)
    try:
        fd, name = tempfile.mkstemp(dir=str(p.parent), prefix=f".{p.name}.", suffix=".tmp")
    except OSError as e:
        raise write_error(e, str(p)) from None
    tmp = Path(name)
    try:
        if keep is not None:
            os.fchmod(fd, stat.S_IMODE(keep.st_mode))
            if os.geteuid() == 0:
                os.fchown(fd, keep.st_uid, keep.st_gid)
        else:
            umask = os.umask(0)
            os.umask(umask)
            os.fchmod(fd, 0o666 & ~umask)
        with os.fdopen(fd, "wb" if binary else "w", **({} if binary else {"encoding": "utf-8"})) as fh:
            yield from _hand_out(fh, p, sync=True)
        try:
            tmp.replace(p)
        except OSError as e:
            raise write_error(e, str(p)) from None
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def _hand_out(fh, p: Path, sync: bool):
    """Yield ``fh`` to the caller, then flush (and fsync) it; write errors become exit 2."""
    try:
        yield fh
    except OSError as e:
        if e.errno in WRITE_ERRNOS:
            raise write_error(e, str(p)) from None
        raise
    try:
        fh.flush()
        if sync:
            os.fsync(fh.fileno())
    except OSError as e:
        raise write_error(e, str(p)) from None


def _write_through(p: Path, binary: bool):
    """Write into an existing non-regular file (device, FIFO, pipe) in place."""
    try:
        fh = open(p, "wb" if binary else "w", **({} if binary else {"encoding": "utf-8"}))
    except OSError as e:
        raise write_error(e, str(p)) from None
    try:
        yield from _hand_out(fh, p, sync=False)   # a FIFO or device cannot be fsynced
    finally:
        try:
            fh.close()
        except OSError:
            pass


def read_text_arg(arg: str) -> str:
    """A FILE argument or '-' for standard input."""
    if arg == "-":
        return sys.stdin.read()
    p = Path(arg)
    try:
        return p.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise InputError("no such file.", "finner ikke filen.", file=arg) from None
    except UnicodeDecodeError:
        raise InputError("not UTF-8 text.", "ikke UTF-8-tekst.", file=arg) from None
    except OSError as e:
        raise InputError(f"cannot read: {e.strerror}", f"kan ikke lese: {e.strerror}", file=arg) from None
