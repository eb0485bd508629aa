"""DOT text → SVG, PNG or PDF with graphviz's own programs (``dot``, ``neato``).

The diagram modules write DOT (and Mermaid) text; this module runs the real graphviz
binary on it with a timeout (the graphviz Python package's ``pipe`` takes no timeout, so
kg does not depend on it). A missing binary raises :class:`~kg.errors.ToolMissing` with a
message that says how to install graphviz; a layout that takes too long stops with a hint
to narrow the diagram.

>>> svg = render_dot('digraph { a -> b }', "svg")   # doctest: +SKIP
"""
from __future__ import annotations

import shutil
import subprocess

from kg.errors import KgError, ToolMissing

FORMATS = ("svg", "png", "pdf")
# cairo gives anti-aliased PNG/PDF with the system fonts (DejaVu Sans)
_DEVICE = {"svg": "svg", "png": "png:cairo", "pdf": "pdf:cairo"}
PNG_DPI = 144  # sharp on slides and in documents

INSTALL_HINT_EN = ("Install graphviz: 'sudo apt-get install graphviz' (Debian/Ubuntu), 'brew install graphviz' "
                   "(macOS), or from https://graphviz.org/download/ — or ask for --format dot or mermaid, which need no graphviz.")
INSTALL_HINT_NB = ("Installer graphviz: «sudo apt-get install graphviz» (Debian/Ubuntu), «brew install graphviz» "
                   "(macOS), eller fra https://graphviz.org/download/ — eller be om --format dot eller mermaid, som ikke trenger graphviz.")


def find_engine(engine: str = "dot") -> str:
    path = shutil.which(engine)
    if not path:
        raise ToolMissing(f"The graphviz program '{engine}' is not installed, so kg cannot draw SVG, PNG or PDF.",
                          f"Graphviz-programmet «{engine}» er ikke installert, så kg kan ikke tegne SVG, PNG eller PDF.",
                          hint_en=INSTALL_HINT_EN, hint_nb=INSTALL_HINT_NB)
    return path


def render_dot(dot_text: str, fmt: str, *, engine: str = "dot", timeout: float = 60.0,
               dpi: int = PNG_DPI) -> bytes:
    """Lay out and draw ``dot_text`` with graphviz ``engine`` (``dot``; ``neato`` with
    ``-n2`` for drawings whose positions are fixed, such as the timeline)."""
    if fmt not in _DEVICE:
        raise KgError(f"Unknown picture format '{fmt}'; use svg, png or pdf.",
                      f"Ukjent bildeformat «{fmt}»; bruk svg, png eller pdf.")
    exe = find_engine(engine)
    args = [exe, f"-T{_DEVICE[fmt]}"]
    if engine == "neato":
        args.insert(1, "-n2")
    if fmt == "png":
        args.append(f"-Gdpi={dpi}")
    try:
        proc = subprocess.run(args, input=dot_text.encode("utf-8"), capture_output=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        raise KgError(f"graphviz did not finish drawing within {timeout:.0f} s: the diagram is too large.",
                      f"graphviz ble ikke ferdig med tegningen innen {timeout:.0f} s: diagrammet er for stort.",
                      hint_en="Narrow it: give an ID with --depth N, --up/--down, or --group.",
                      hint_nb="Avgrens det: oppgi en ID med --depth N, --up/--down eller --group.") from None
    return _output(proc, f"graphviz ({engine}) could not draw the diagram",
                   f"graphviz ({engine}) klarte ikke å tegne diagrammet")


def _output(proc, what_en: str, what_nb: str) -> bytes:
    """A converter's output, or its last line of complaint as an error."""
    if proc.returncode != 0 or not proc.stdout:
        err = proc.stderr.decode("utf-8", "replace").strip().splitlines()
        detail = err[-1] if err else f"exit code {proc.returncode}"
        raise KgError(f"{what_en}: {detail}", f"{what_nb}: {detail}")
    return proc.stdout


RSVG_HINT_EN = ("Install librsvg's converter: 'sudo apt-get install librsvg2-bin' (Debian/Ubuntu), 'brew install librsvg' "
                "(macOS) — or ask for --format svg, which needs nothing.")
RSVG_HINT_NB = ("Installer librsvg sitt konverteringsprogram: «sudo apt-get install librsvg2-bin» (Debian/Ubuntu), "
                "«brew install librsvg» (macOS) — eller be om --format svg, som ikke trenger noe.")


def render_svg(svg_pages: str | list[str], fmt: str, *, dpi: int = PNG_DPI, timeout: float = 60.0) -> bytes:
    """SVG text (ours, not graphviz's: the map) to PNG or PDF with ``rsvg-convert``
    (librsvg). A list of SVG pages gives a PDF with one page each."""
    import os
    import tempfile
    pages = [svg_pages] if isinstance(svg_pages, str) else list(svg_pages)
    if fmt == "svg" and len(pages) == 1:
        return pages[0].encode("utf-8")
    if fmt not in ("png", "pdf") or (fmt == "png" and len(pages) != 1):
        raise KgError(f"Cannot convert {len(pages)} SVG page(s) to '{fmt}'.",
                      f"Kan ikke gjøre om {len(pages)} SVG-side(r) til «{fmt}».")
    exe = shutil.which("rsvg-convert")
    if not exe:
        raise ToolMissing("The program 'rsvg-convert' is not installed, so kg cannot convert the map to PNG or PDF.",
                          "Programmet «rsvg-convert» er ikke installert, så kg kan ikke gjøre kartet om til PNG eller PDF.",
                          hint_en=RSVG_HINT_EN, hint_nb=RSVG_HINT_NB)
    with tempfile.TemporaryDirectory(prefix="kg-svg-") as tmp:
        files = []
        for i, text in enumerate(pages):
            p = os.path.join(tmp, f"page-{i}.svg")
            with open(p, "w", encoding="utf-8") as fh:
                fh.write(text)
            files.append(p)
        args = [exe, "-f", fmt, "-d", str(dpi), "-p", str(dpi)] + files
        try:
            proc = subprocess.run(args, capture_output=True, timeout=timeout)
        except subprocess.TimeoutExpired:
            raise KgError(f"rsvg-convert did not finish within {timeout:.0f} s.",
                          f"rsvg-convert ble ikke ferdig innen {timeout:.0f} s.") from None
    return _output(proc, "rsvg-convert could not convert the picture", "rsvg-convert klarte ikke å gjøre om bildet")


def fit_page(svg: str | bytes, width: float, height: float) -> str:
    """A graphviz SVG placed, scaled to fit and centred, on a white page of exactly
    ``width`` × ``height`` points (`kg diagram --size`): the nested <svg> keeps the
    drawing's own ids, links and tooltips."""
    import re
    text = svg.decode("utf-8") if isinstance(svg, bytes) else svg
    i = text.find("<svg")
    text = text[i:] if i >= 0 else text
    m = re.search(r'viewBox="([-\d.]+) ([-\d.]+) ([\d.]+) ([\d.]+)"', text[:2000])
    vw, vh = (float(m.group(3)), float(m.group(4))) if m else (width, height)
    k = min(width / vw, height / vh) if vw and vh else 1.0
    w, h = vw * k, vh * k
    inner = re.sub(r'<svg\b[^>]*?\swidth="[^"]*"\s+height="[^"]*"', lambda mm: mm.group(0).split(" width=")[0], text, count=1)
    inner = inner.replace("<svg", f'<svg x="{(width - w) / 2:.1f}" y="{(height - h) / 2:.1f}" width="{w:.1f}" height="{h:.1f}"', 1)
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            f'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
            f'width="{width:.0f}pt" height="{height:.0f}pt" viewBox="0 0 {width:.0f} {height:.0f}">\n'
            f'<rect width="{width:.0f}" height="{height:.0f}" fill="#ffffff"/>\n{inner}</svg>\n')
