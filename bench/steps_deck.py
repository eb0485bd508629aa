"""The files people pass around: the slide deck and the table of initiatives.

``export-pptx``          kg export pptx of the KS baseline (issue 16: within 3 s): title,
                         challenges, board, principles, three diagrams as PNG, gaps, networks
``export-pptx-network``  kg export pptx --network "Digi Innlandet" on the generated workspace
                         with 500 of the network's rows imported (issue 16: within 10 s at 1M);
                         its initiatives are the imported rows and those its member
                         municipalities own or take part in
``export-initiatives``   kg export initiatives -o x.xlsx: every initiative of the generated
                         workspace, one row each

Reference of both deck steps: python-pptx alone writing as many blank slides as kg's deck
has (``FLOOR``), so the ratio says how much of the time is kg's own reading and drawing.

Set-up (not timed): a baseline workspace made with kg init; a private copy of the
generated workspace that takes the network's rows (bench/steps_import.py's generator);
one `kg check` on each, so the check cache is warm as after any earlier command.
"""
from __future__ import annotations

from bench.steps_import import make_rows, write_files

NETWORK_ROWS = 500
# the reference: python-pptx alone writing as many blank slides as kg's deck has (start-up,
# the library's import, adding the slides, saving): what any deck written in Python pays
FLOOR = ("import sys; from pptx import Presentation; p = Presentation(); "
         "[p.slides.add_slide(p.slide_layouts[6]) for _ in range(int(sys.argv[1]))]; p.save(sys.argv[2])")


def pptx_floor(ctx, deck):
    """("python-pptx", a function timing the floor for ``deck``'s slide count once it exists)."""
    def run():
        from pptx import Presentation
        n = len(Presentation(str(deck)).slides)
        return ctx.measure([ctx.python, "-c", FLOOR, str(n), deck.with_name(f"floor-{n}.pptx")])
    return ("python-pptx", run)


def run(ctx):
    if ctx.selected("export-pptx"):
        d = ctx.scratch("deck-baseline")
        ctx.measure([ctx.kg, "--data", d / "ws", "init"])
        ctx.measure([ctx.kg, "--data", d / "ws", "check"])
        ctx.run_kg("export-pptx", ["export", "pptx", "-o", d / "veikart.pptx"], data=d / "ws", repeat=3,
                   reference=pptx_floor(ctx, d / "veikart.pptx"), note="the KS baseline, whatever the size")
    if ctx.wants("export-pptx-network") or ctx.wants("export-initiatives"):
        ws = ctx.copy_workspace("deck-network")
        d = ctx.scratch("deck-network-files")
        xlsx, _ = write_files(d, make_rows(NETWORK_ROWS))
        ctx.measure([ctx.kg, "--data", ws, "import", xlsx, "--network", "Digi Innlandet"])
        ctx.measure([ctx.kg, "--data", ws, "check"])
        ctx.run_kg("export-pptx-network", ["export", "pptx", "--network", "Digi Innlandet", "-o", d / "digi.pptx"],
                   data=ws, repeat=3, reference=pptx_floor(ctx, d / "digi.pptx"),
                   note=f"{NETWORK_ROWS} rows imported for the network; warm check cache")
        ctx.run_kg("export-initiatives", ["export", "initiatives", "-o", d / "tiltak.xlsx"], data=ws, repeat=1)
