"""`kg export pptx` and `kg export initiatives`: the files KS staff and the networks pass
around (called from `kg export` in workspace_cmds)."""
from __future__ import annotations

from pathlib import Path

import click

from kg.cli.common import open_ws, output_stream
from kg.errors import InputError, UsageError

# `kg export` formats handled here: name -> (description nb, description en)
DECK_EXPORTS = {
    "pptx": ("lysbildeserie (16:9, redigerbar tekst, diagrammer som PNG)",
             "slide deck (16:9, editable text, diagrams as PNG)"),
    "initiatives": ("ett tiltak per rad (XLSX eller CSV)", "one initiative per row (XLSX or CSV)"),
}


def export_pptx(obj, lang: str, output: str | None, network: str | None, title: str | None,
                template: str | None, no_gaps: bool) -> None:
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
    from kg.facade import deck_pptx
    with open_ws(obj) as ws, output_stream(output) as fh:
        n = deck_pptx(ws, lang, fh, network=network, title=title, template=template, gaps=not no_gaps)
    click.echo(obj.t(f"Skrev {output} ({n} lysbilder).", f"Wrote {output} ({n} slides)."), err=True)


def export_initiatives(obj, lang: str, output: str | None, network: str | None) -> None:
    kind = "csv" if not output or output == "-" or output.lower().endswith((".csv", ".txt")) else "xlsx"
    if output and kind == "xlsx" and not output.lower().endswith((".xlsx", ".xlsm")):
        raise UsageError(f"Cannot tell the format from '{output}': name it .xlsx or .csv.",
                         f"Kan ikke se formatet av «{output}»: kall den .xlsx eller .csv.")
    from kg.facade import initiatives_file
    with open_ws(obj) as ws, output_stream(output) as fh:
        n = initiatives_file(ws, lang, fh, kind, network=network)
    if output and output != "-":
        click.echo(obj.t(f"Skrev {output} ({n} tiltak).", f"Wrote {output} ({n} initiatives)."), err=True)
