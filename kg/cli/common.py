"""Helpers shared by the command modules: opening the workspace, output, formats."""
from __future__ import annotations

import contextlib
import os
import sys
import tempfile
from pathlib import Path

import click

from kg.errors import InputError
from kg.workspace import Workspace

FORMAT_OPTION = click.option("--format", "fmt", type=click.Choice(["table", "json", "csv", "md"]),
                             default="table", show_default=True, help="Output format.")


def open_ws(ctx_obj, write: bool = False) -> Workspace:
    return Workspace.open(ctx_obj.data, write=write)


def echo_result(ctx_obj, result, fmt: str, limit: int | None = None) -> None:
    """Print ``result``; ``limit``: names per list cell in the text table only."""
    from kg.exports import table
    click.echo(table.render(result, fmt, ctx_obj.lang, limit), nl=False)


@contextlib.contextmanager
def output_stream(path: str | None, binary: bool = True):
    """Write to ``path`` atomically (temp file renamed into place), or to stdout.

    Nothing is left behind if writing fails; an existing directory is refused.
    """
    if not path or path == "-":
        yield sys.stdout.buffer if binary else sys.stdout
        (sys.stdout.buffer if binary else sys.stdout).flush()
        return
    p = Path(path)
    if p.is_dir():
        raise InputError("is a directory; give a file name.", "er en mappe; oppgi et filnavn.", file=str(p))
    if not p.parent.exists():
        raise InputError("the folder does not exist.", "mappen finnes ikke.", file=str(p.parent))
    # a fresh temp file beside the target, created with O_CREAT|O_EXCL (mkstemp): a
    # symlink planted under a predictable temp name cannot redirect the write; the rename
    # replaces the path given (a symlink there is replaced, its target never written)
    fd, name = tempfile.mkstemp(dir=str(p.parent), prefix=f".{p.name}.", suffix=".tmp")
    tmp = Path(name)
    try:
        umask = os.umask(0)
        os.umask(umask)
        os.fchmod(fd, 0o666 & ~umask)
        with os.fdopen(fd, "wb" if binary else "w", **({} if binary else {"encoding": "utf-8"})) as fh:
            yield fh
        tmp.replace(p)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


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
