"""What `kg export pptx` and `kg export initiatives` check before they write (the formats
themselves are in :data:`kg.exports.REGISTRY`; `kg export` is in workspace_cmds)."""
from __future__ import annotations

from pathlib import Path

from kg.errors import InputError, UsageError


def check_pptx(output: str | None, title: str | None, template: str | None) -> None:
    """A deck is a file; its template must exist and its title fit on a slide."""
    from kg.exports.slides import pptx as deck_export
    if not output or output == "-":
        raise UsageError("A deck is a file: give -o FILE.pptx.", "En lysbildeserie er en fil: oppgi -o FIL.pptx.")
    if template and not Path(template).is_file():
        raise InputError("no such file.", "finner ikke filen.", file=template)
    if title is not None and not title.strip():
        raise UsageError("--title is empty.", "--title er tom.")
    if title and len(title) > deck_export.MAX_TITLE_CHARS:
        raise UsageError(f"--title is {len(title)} characters; a slide holds at most {deck_export.MAX_TITLE_CHARS}.",
                         f"--title har {len(title)} tegn; et lysbilde rommer høyst {deck_export.MAX_TITLE_CHARS}.")


def initiatives_kind(output: str | None) -> str:
    """xlsx or csv, from the file name (CSV to standard output)."""
    kind = "csv" if not output or output == "-" or output.lower().endswith((".csv", ".txt")) else "xlsx"
    if output and kind == "xlsx" and not output.lower().endswith((".xlsx", ".xlsm")):
        raise UsageError(f"Cannot tell the format from '{output}': name it .xlsx or .csv.",
                         f"Kan ikke se formatet av «{output}»: kall den .xlsx eller .csv.")
    return kind
