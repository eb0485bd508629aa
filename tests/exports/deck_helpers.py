"""Checks on a written deck, independent of kg's own layout code: text measured again
with Pillow and DejaVu Sans, wrapped word by word."""
from __future__ import annotations

import functools
import subprocess

EMU_PER_PT = 12700


@functools.lru_cache(maxsize=4)
def _font(bold: bool):
    from PIL import ImageFont
    name = "DejaVu Sans:bold" if bold else "DejaVu Sans"
    path = subprocess.run(["fc-match", "-f", "%{file}", name], capture_output=True, text=True).stdout.strip()
    return ImageFont.truetype(path, size=1000)


def lines_needed(text: str, width_pt: float, size: float, bold: bool) -> int:
    f = _font(bold)
    n, cur = 0, ""
    for word in text.split():
        cand = f"{cur} {word}" if cur else word
        if f.getlength(cand) * size / 1000 <= width_pt + 0.01:
            cur = cand
        else:
            n += 1
            cur = word
    return n + 1


def _text_rect_inset(shp, w: float, h: float) -> float:
    """A rounded rectangle keeps its text 0.29289 * corner from each edge (ECMA-376
    presetShapeDefinitions, roundRect: corner = adj/100000 * min(w, h), adj 16667 unless set)."""
    geom = shp._element.find(".//{http://schemas.openxmlformats.org/drawingml/2006/main}prstGeom")
    if geom is None or geom.get("prst") != "roundRect":
        return 0.0
    gd = geom.find(".//{http://schemas.openxmlformats.org/drawingml/2006/main}gd")
    adj = int(gd.get("fmla").split()[1]) if gd is not None else 16667
    return 0.29289 * adj / 100000 * min(w, h)


def overflowing(prs) -> list[str]:
    """Every text box whose text needs more room than the box has, or that sticks out of
    the slide: 'slide N: text…' for each."""
    bad = []
    W, H = prs.slide_width / EMU_PER_PT, prs.slide_height / EMU_PER_PT
    for k, slide in enumerate(prs.slides, start=1):
        for shp in slide.shapes:
            x, y = shp.left / EMU_PER_PT, shp.top / EMU_PER_PT
            w, h = shp.width / EMU_PER_PT, shp.height / EMU_PER_PT
            if x < -0.5 or y < -0.5 or x + w > W + 0.5 or y + h > H + 0.5:
                bad.append(f"slide {k}: {shp.name} outside the slide")
            if not shp.has_text_frame or not shp.text_frame.text.strip():
                continue
            tf = shp.text_frame
            ri = _text_rect_inset(shp, w, h)
            inner = w - (tf.margin_left + tf.margin_right) / EMU_PER_PT - 2 * ri
            need = (tf.margin_top + tf.margin_bottom) / EMU_PER_PT + 2 * ri
            for p in tf.paragraphs:
                runs = [r for r in p.runs if r.text]
                if not runs:
                    continue
                size = runs[0].font.size.pt
                spacing = p.line_spacing.pt if hasattr(p.line_spacing, "pt") else 1.2 * size
                need += lines_needed(p.text, inner, size, bool(runs[0].font.bold)) * spacing
            if need > h + 0.5:
                bad.append(f"slide {k}: {tf.text[:60]!r} needs {need:.1f} pt, has {h:.1f}")
    return bad


def all_text(prs) -> str:
    return "\n".join(shp.text_frame.text for s in prs.slides for shp in s.shapes if shp.has_text_frame)


def words_outside(prs, pdf_path) -> list[str]:
    """Words LibreOffice drew outside every text shape of their slide (from
    ``pdftotext -bbox``; page coordinates are the slide's, in points)."""
    import html
    import re
    out = subprocess.run(["pdftotext", "-bbox", str(pdf_path), "-"], capture_output=True, text=True, check=True).stdout
    pages = out.split("<page ")[1:]
    bad = []
    for k, (page, slide) in enumerate(zip(pages, prs.slides), start=1):
        boxes = [(s.left / EMU_PER_PT, s.top / EMU_PER_PT, (s.left + s.width) / EMU_PER_PT, (s.top + s.height) / EMU_PER_PT)
                 for s in slide.shapes if s.has_text_frame and s.text_frame.text.strip()]
        for m in re.finditer(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>', page):
            x0, y0, x1, y1 = (float(m.group(i)) for i in range(1, 5))
            if not any(a - 1 <= x0 and x1 <= c + 1 and b - 1 <= y0 and y1 <= d + 1 for a, b, c, d in boxes):
                bad.append(f"slide {k}: {html.unescape(m.group(5))!r} at ({x0:.0f}, {y0:.0f})")
    return bad
