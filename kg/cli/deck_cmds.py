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


def network_iri(ws, name: str) -> str:
    """The IRI of the network NAME (id, label or IRI); NotFound lists the networks."""
    from kg.errors import NotFound
    from kg.ids import resolve, slug
    from kg.roadmap_table import networks
    from kg.vocab import ONT
    nets = networks(ws, "nb")
    try:
        iri = resolve(ws, name, kinds=(str(ONT) + "Network",))
    except NotFound as e:
        raise NotFound(f"No network '{name}' in the workspace.", f"Ingen nettverk «{name}» i arbeidsområdet.",
                       suggestions=(e.suggestions or []) + [slug(i) for i, _ in nets][:8]) from None
    if iri not in {i for i, _ in nets}:
        raise UsageError(f"--network: '{name}' is {slug(iri)}, which is not a network (kg:Network).",
                         f"--network: «{name}» er {slug(iri)}, som ikke er et nettverk (kg:Network).")
    return iri


def draw_png(pic, dpi: int) -> bytes:
    """A deck picture as PNG at ``dpi``, with the diagram exports of `kg diagram` (the
    map too: `kg diagram map`)."""
    from kg.cli.diagram_cmds import MAX_RASTER_BARS, SVG_KINDS, _module
    from kg.diagram_model import TooBig
    from kg.exports import render
    mod = _module(pic.kind)
    if pic.kind in SVG_KINDS:  # the map: SVG written by kg, converted by rsvg-convert (16:9 unless sized)
        return render.render_svg(mod.to_svg(pic.model, size=getattr(pic.model, "size", None) or "16:9"), "png", dpi=dpi)
    bars = len(getattr(pic.model, "bars", ()))
    if bars > MAX_RASTER_BARS:
        raise TooBig(f"A timeline of {bars} bars is too tall for a slide (more than {MAX_RASTER_BARS}).",
                     f"En tidslinje med {bars} stolper er for høy for et lysbilde (mer enn {MAX_RASTER_BARS}).",
                     hint_en="kg diagram timeline --format svg draws it whole.",
                     hint_nb="kg diagram timeline --format svg tegner den hel.")
    if hasattr(mod, "to_png"):
        return mod.to_png(pic.model, dpi=dpi)
    if not hasattr(mod, "to_dot"):
        from kg.errors import KgError
        raise KgError(f"The {pic.kind} diagram has no PNG drawing for slides yet; use kg diagram {pic.kind}.",
                      f"Diagrammet {pic.kind} kan ikke tegnes som PNG for lysbilder ennå; bruk kg diagram {pic.kind}.")
    if pic.board:
        return render.render_dot(mod.board_to_dot(pic.model), "png", engine=getattr(mod, "BOARD_ENGINE", "dot"), dpi=dpi)
    return render.render_dot(mod.to_dot(pic.model), "png", engine=getattr(mod, "ENGINE", "dot"), dpi=dpi)


def export_pptx(obj, lang: str, output: str | None, network: str | None, title: str | None,
                template: str | None, no_gaps: bool) -> None:
    from kg.exports import deck as deck_export
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
