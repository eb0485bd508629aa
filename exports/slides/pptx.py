"""`kg export pptx`: the roadmap as a 16:9 PowerPoint deck whose text is all editable.

Every box is a native shape or text box (python-pptx); diagrams are PNG pictures drawn
by graphviz at slide resolution. Text never overflows its box: each line is measured
with the real font (DejaVu Sans, through Pillow's FreeType), boxes are sized to what
they hold, line spacing is fixed in points, and a column that does not fit continues on
a next slide ("(forts.)" / "(cont.)").

With ``template`` (an organisation's .pptx), its slide master, layouts and slide size
are used: the title slide layout for the title, a "Title Only" layout for the rest, with
each slide's title in the layout's title placeholder; slides already in the template are
left out.

Example::

    from kg.exports.slides.model import build_deck
    deck = build_deck(ws, "en")
    with open("roadmap.pptx", "wb") as fh:
        n_slides = write_pptx(fh, deck)
"""
from __future__ import annotations

import functools
import io
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from kg.exports.slides.model import Card, Deck, Picture
from kg.exports.diagrams.model import GAP_COLOUR, KIND_COLOURS, PHASE_COLOURS, NO_PHASE_COLOURS
from kg.roadmap.words import tr
from kg.errors import InputError, KgError, ToolMissing

EMU_PER_PT = 12700
_A = "http://schemas.openxmlformats.org/drawingml/2006/main"
_P = "http://schemas.openxmlformats.org/presentationml/2006/main"
EMU_PER_IN = 914400
WIDE = (int(13.333 * EMU_PER_IN), int(7.5 * EMU_PER_IN))   # 16:9
MARGIN = 0.45 * 72            # points
GAP = 0.14 * 72               # between boxes
INSET_X, INSET_Y = 6.0, 4.0   # text insets inside a box, points
LINE = 1.2                    # line spacing as a multiple of the font size (set exactly)
ROUND = 0.05                  # corner of a rounded box, as a fraction of its shorter side
# A rounded rectangle's text area is inset by 0.29289 * corner on each side (the preset
# geometry's text rectangle, ECMA-376 presetShapeDefinitions "roundRect"); the corner is
# ROUND * min(w, h) <= ROUND * w, so the width bounds it. Renderers shape text a little
# differently from Pillow (kerning, hinting): 2 % of the line is kept free for that.
RI = 0.29289 * ROUND
SLACK = 0.98
PICTURE_DPI = 200             # effective resolution of a diagram on the slide
FONT_NAME = "DejaVu Sans"
TITLE_SIZES = (28, 24, 20, 18, 16)
MAX_TITLE_CHARS = 200
# the lens slides (kg.exports.slides.lenses): vendors blue, SDGs green, a risk orange, notes grey
LENS_COLOURS = {"lens-vendor": ("#e3f2fd", "#1565c0"), "lens-sdg": ("#e8f5e9", "#2e7d32"),
                "lens-risk": ("#fff3e0", "#ef8f00"), "lens-note": ("#eceff1", "#607d8b")}



# ------------------------------------------------------------------ measuring text
def _font_file(bold: bool) -> str:
    name = "DejaVu Sans:bold" if bold else "DejaVu Sans"
    exe = shutil.which("fc-match")
    if exe:
        out = subprocess.run([exe, "-f", "%{file}", name], capture_output=True, text=True).stdout.strip()
        if out and "DejaVuSans" in Path(out).name:
            return out
    for d in ("/usr/share/fonts/truetype/dejavu", "/usr/share/fonts/dejavu", "/usr/local/share/fonts"):
        p = Path(d) / ("DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf")
        if p.exists():
            return str(p)
    raise ToolMissing("The font DejaVu Sans is not installed; kg measures slide text with it.",
                      "Skriften DejaVu Sans er ikke installert; kg måler lysbildetekst med den.",
                      hint_en="Install it: 'sudo apt-get install fonts-dejavu-core' (or scripts/system-deps.sh).",
                      hint_nb="Installer den: «sudo apt-get install fonts-dejavu-core» (eller scripts/system-deps.sh).")


@functools.lru_cache(maxsize=4)
def _font(bold: bool):
    from PIL import ImageFont
    return ImageFont.truetype(_font_file(bold), size=1000)


def text_width(text: str, size: float, bold: bool = False) -> float:
    """Width of ``text`` in points at ``size`` points."""
    return _font(bold).getlength(text) * size / 1000.0


# where a line may break: white space, except the no-break spaces (10\u202f000 stays whole)
_BREAKS = re.compile(r"[^\S\u00a0\u2007\u202f]+")


def wrap(text: str, width: float, size: float, bold: bool = False) -> list[str]:
    """Greedy word wrap to ``width`` points; a word wider than a line is broken."""
    return list(_wrap(text, width, size, bold))


@functools.lru_cache(maxsize=20000)
def _wrap(text: str, width: float, size: float, bold: bool) -> tuple[str, ...]:
    # Each line holds the most words that fit: a line's width grows with every word added
    # (an advance outweighs any kerning), so the longest fitting run is found by bisection,
    # a few measurements a line instead of one a word; each text is wrapped once (a
    # network's slides repeat status, time and owner lines).
    def fits(s: str) -> bool:
        return text_width(s, size, bold) <= width

    lines: list[str] = []
    for para in (text or "").split("\n"):
        words = [w for w in _BREAKS.split(para) if w]
        cur, i = "", 0
        while i < len(words):
            lo, hi = i, len(words)   # the longest run that fits after cur ends in lo..hi
            if fits(" ".join(([cur] if cur else []) + words[i:hi])):
                lo = hi
            while lo < hi:
                mid = (lo + hi + 1) // 2
                if fits(" ".join(([cur] if cur else []) + words[i:mid])):
                    lo = mid
                else:
                    hi = mid - 1
            if lo > i:
                cur, i = " ".join(([cur] if cur else []) + words[i:lo]), lo
                continue
            if cur:
                lines.append(cur)
            word = words[i]
            while not fits(word):   # a very long word: break it
                cut = len(word) - 1
                while cut > 1 and not fits(word[:cut]):
                    cut -= 1
                lines.append(word[:cut])
                word = word[cut:]
            cur, i = word, i + 1
        lines.append(cur)
    return tuple(lines)


@dataclass
class Style:
    title_size: float
    body_size: float


def avail(w: float) -> float:
    """The width text may take in a box ``w`` points wide."""
    return (w - 2 * (INSET_X + RI * w)) * SLACK


def _card_lines(card: Card, width: float, st: Style) -> list[tuple[str, bool, float]]:
    inner = avail(width)
    out = [(ln, True, st.title_size) for ln in wrap(card.title, inner, st.title_size, True)]
    for text in card.lines:
        out += [(ln, False, st.body_size) for ln in wrap(text, inner, st.body_size)]
    return out


def _height(lines, w: float) -> float:
    """The height of a box ``w`` wide holding ``lines``."""
    return sum(size * LINE for _, _, size in lines) + 2 * (INSET_Y + RI * w)


def _split(card: Card, lines, max_h: float, lang: str, width: float) -> list[list]:
    """The lines of a card too tall for one column, in pieces that fit; each piece after
    the first starts with the card's title and "(cont.)"."""
    size = lines[0][2]
    head = [(ln, True, size) for ln in wrap(f"{card.title} ({tr(lang, ('forts.', 'cont.'))})",
                                              avail(width), size, True)]
    pieces, cur = [], []
    for ln in lines:
        if cur and _height(cur + [ln], width) > max_h and len(cur) > (len(head) if pieces else 0):
            pieces.append(cur)
            cur = list(head)
        cur.append(ln)
    pieces.append(cur)
    return pieces


# ------------------------------------------------------------------ the writer
class _Writer:
    def __init__(self, deck: Deck, template: str | None):
        from pptx import Presentation
        self.deck = deck
        self.lang = deck.lang
        if template:
            try:
                self.prs = Presentation(template)
            except Exception as e:  # noqa: BLE001 - python-pptx raises anything for a bad file
                raise InputError(f"not a PowerPoint file kg can use as a template ({type(e).__name__}).",
                                 f"ikke en PowerPoint-fil kg kan bruke som mal ({type(e).__name__}).",
                                 file=str(template)) from None
            self._drop_slides()
        else:
            self.prs = Presentation()
            self.prs.slide_width, self.prs.slide_height = WIDE
        self.templated = bool(template)
        self.W = self.prs.slide_width / EMU_PER_PT
        self.H = self.prs.slide_height / EMU_PER_PT
        self.slides = 0

    def _drop_slides(self) -> None:
        ids = self.prs.slides._sldIdLst
        for s in list(ids):
            self.prs.part.drop_rel(s.rId)
            ids.remove(s)

    # layouts -------------------------------------------------------------
    def _layout(self, kind: str):
        layouts = list(self.prs.slide_layouts)
        if not self.templated:
            return layouts[6]   # Blank: every shape is ours
        want = {"title": ("title slide", "tittellysbilde"), "content": ("title only", "bare tittel")}[kind]
        for lay in layouts:
            if lay.name.strip().lower() in want:
                return lay
        for lay in layouts:   # any layout with a title placeholder and little else
            types = [ph.placeholder_format.type for ph in lay.placeholders]
            if kind == "content" and len(types) <= 4 and any("TITLE" in str(t) for t in types):
                return lay
        return layouts[0 if kind == "title" else min(5, len(layouts) - 1)]

    def new_slide(self, title: str, kind: str = "content"):
        slide = self.prs.slides.add_slide(self._layout(kind))
        self.slides += 1
        top = MARGIN
        ph = slide.shapes.title if self.templated else None
        if ph is not None and kind == "content":
            y, w, h = (ph.top / EMU_PER_PT, ph.width / EMU_PER_PT, ph.height / EMU_PER_PT)
            self._fill(ph, [(ln, True, s) for ln, s in self._title_lines(title, w, h)], align_left=True)
            top = y + h + GAP
        elif kind == "content":
            w, h = self.W - 2 * MARGIN, 0.95 * 72
            self._add_sp(slide, MARGIN, MARGIN, w, h, self._body_xml(
                [(ln, True, s) for ln, s in self._title_lines(title, w, h)], "1F3864"), "Title", None, None, textbox=True)
            top = MARGIN + h + GAP
        _drop_empty_placeholders(slide, keep=ph)
        return slide, top

    def content_area(self) -> tuple[float, float]:
        """Width and height (points) below a content slide's title, as new_slide lays it out."""
        if not self.templated:
            return _plain_area(self.W, self.H)
        top = MARGIN + 0.95 * 72 + GAP
        for ph in self._layout("content").placeholders:
            if "TITLE" in str(ph.placeholder_format.type):
                top = (ph.top + ph.height) / EMU_PER_PT + GAP
                break
        return self.W - 2 * MARGIN, self.H - MARGIN - top

    def _title_lines(self, title: str, w: float, h: float) -> list[tuple[str, float]]:
        for size in TITLE_SIZES:
            lines = wrap(title, avail(w), size, True)
            if len(lines) * size * LINE + 2 * INSET_Y <= h:
                return [(ln, size) for ln in lines]
        raise InputError(f"the title does not fit on a slide even at {TITLE_SIZES[-1]} pt; shorten it.",
                         f"tittelen får ikke plass på et lysbilde selv med {TITLE_SIZES[-1]} pt; gjør den kortere.")

    @staticmethod
    def _emu(x, y, w, h):
        from pptx.util import Emu
        return Emu(int(x * EMU_PER_PT)), Emu(int(y * EMU_PER_PT)), Emu(int(w * EMU_PER_PT)), Emu(int(h * EMU_PER_PT))

    def _body_xml(self, lines, colour: str, align_left: bool = True) -> str:
        """A text body of measured lines: one paragraph per line, exact line spacing, no
        autofit (the box was sized to the text). Written as XML in one go: python-pptx's
        shape-by-shape API costs ~20 ms a box, too slow for a network's hundred slides."""
        from xml.sax.saxutils import escape
        ins = int(INSET_X * EMU_PER_PT), int(INSET_Y * EMU_PER_PT)
        lang = "nb-NO" if self.lang == "nb" else "en-GB"
        paras = []
        for text, bold, size in lines:
            paras.append(
                f'<a:p><a:pPr algn="{"l" if align_left else "ctr"}"><a:lnSpc><a:spcPts val="{int(round(size * LINE * 100))}"/>'
                f'</a:lnSpc><a:spcBef><a:spcPts val="0"/></a:spcBef><a:spcAft><a:spcPts val="0"/></a:spcAft></a:pPr>'
                f'<a:r><a:rPr lang="{lang}" sz="{int(round(size * 100))}" b="{1 if bold else 0}" dirty="0">'
                f'<a:solidFill><a:srgbClr val="{colour}"/></a:solidFill>'
                f'<a:latin typeface="{FONT_NAME}"/><a:cs typeface="{FONT_NAME}"/></a:rPr>'
                f'<a:t>{escape(_xml_text(text))}</a:t></a:r></a:p>')
        return (f'<p:txBody><a:bodyPr wrap="square" lIns="{ins[0]}" tIns="{ins[1]}" rIns="{ins[0]}" bIns="{ins[1]}" '
                f'anchor="t" rtlCol="0"><a:noAutofit/></a:bodyPr><a:lstStyle/>{"".join(paras) or "<a:p/>"}</p:txBody>')

    def _fill(self, shape, lines, *, colour: str = "000000", align_left: bool = True) -> None:
        """Put measured lines into an existing shape (a template's placeholder)."""
        from pptx.oxml import parse_xml
        body = parse_xml(self._body_xml(lines, colour, align_left).replace(
            "<p:txBody>", f'<p:txBody xmlns:a="{_A}" xmlns:p="{_P}">', 1))
        old = shape._element.txBody
        old.getparent().replace(old, body)

    def _add_sp(self, slide, x, y, w, h, body: str, name: str, fill: str | None, line: str | None,
                textbox: bool = False) -> None:
        from pptx.oxml import parse_xml
        tree = slide.shapes._spTree
        sid = slide.shapes._next_shape_id
        X, Y, W, H = (int(v * EMU_PER_PT) for v in (x, y, w, h))
        geom = ('<a:prstGeom prst="rect"><a:avLst/></a:prstGeom>' if textbox else
                f'<a:prstGeom prst="roundRect"><a:avLst><a:gd name="adj" fmla="val {int(ROUND * 100000)}"/></a:avLst></a:prstGeom>')
        fill_xml = f'<a:solidFill><a:srgbClr val="{fill}"/></a:solidFill>' if fill else "<a:noFill/>"
        line_xml = (f'<a:ln w="{int(1.25 * EMU_PER_PT)}"><a:solidFill><a:srgbClr val="{line}"/></a:solidFill></a:ln>'
                    if line else "<a:ln><a:noFill/></a:ln>")
        from xml.sax.saxutils import quoteattr
        tx = ' txBox="1"' if textbox else ""
        sp = (f'<p:sp xmlns:a="{_A}" xmlns:p="{_P}"><p:nvSpPr><p:cNvPr id="{sid}" name={quoteattr(name)}/>'
              f"<p:cNvSpPr{tx}/><p:nvPr/></p:nvSpPr>"
              f'<p:spPr><a:xfrm><a:off x="{X}" y="{Y}"/><a:ext cx="{W}" cy="{H}"/></a:xfrm>{geom}{fill_xml}{line_xml}'
              f'<a:effectLst/></p:spPr>{body}</p:sp>')
        tree.append(parse_xml(sp))

    def box(self, slide, x, y, w, lines, kind: str = "") -> float:
        """A rounded box sized to ``lines``; returns its height."""
        h = _height(lines, w)
        fill, line = _colours(kind)
        body = self._body_xml(lines, "FFFFFF" if kind.startswith("head-") else "212121")
        self._add_sp(slide, x, y, w, h, body, f"Box {lines[0][0][:40]}", fill.lstrip("#"), line.lstrip("#"))
        return h

    def text(self, slide, x, y, w, lines, name: str = "", colour: str = "37474F") -> float:
        h = _height(lines, w)
        self._add_sp(slide, x, y, w, h, self._body_xml(lines, colour), name or f"Text {lines[0][0][:40]}",
                     None, None, textbox=True)
        return h

    # slide kinds ----------------------------------------------------------
    def title_slide(self) -> None:
        d = self.deck
        slide = self.prs.slides.add_slide(self._layout("title"))
        self.slides += 1
        w = self.W - 4 * MARGIN
        title_lines = [(ln, True, s) for ln, s in self._title_lines(d.title, w, 2.4 * 72)]
        sub = [(ln, False, 18.0) for ln in wrap(d.subtitle, avail(w), 18.0)]
        ph_title = slide.shapes.title if self.templated else None
        subs = [p for p in slide.placeholders if p is not ph_title and p.placeholder_format.idx == 1]
        if ph_title is not None:
            self._fill(ph_title, [(ln, True, s) for ln, s in self._title_lines(
                d.title, ph_title.width / EMU_PER_PT, ph_title.height / EMU_PER_PT)])
        else:
            self._add_sp(slide, 2 * MARGIN, self.H * 0.28, w, 2.4 * 72, self._body_xml(title_lines, "1F3864"),
                         "Title", None, None, textbox=True)
        if subs and _height(sub, w) <= subs[0].height / EMU_PER_PT:
            self._fill(subs[0], [(ln, False, 18.0) for ln in wrap(d.subtitle, avail(subs[0].width / EMU_PER_PT), 18.0)])
        else:
            for p in subs:
                p._element.getparent().remove(p._element)
            self.text(slide, 2 * MARGIN, self.H * 0.28 + 2.5 * 72, w, sub, name="Subtitle")
        _drop_empty_placeholders(slide, keep=ph_title)

    def grid(self, title: str, cards: list[Card], ncols: int, st: Style) -> None:
        """Cards row by row, ``ncols`` to a row; a next slide when the rows are full."""
        if not cards:
            return
        slide, top = self.new_slide(title)
        bottom = self.H - MARGIN
        cw = (self.W - 2 * MARGIN - (ncols - 1) * GAP) / ncols
        pieces = []
        for c in cards:
            lines = _card_lines(c, cw, st)
            for piece in _split(c, lines, bottom - top, self.lang, cw):
                pieces.append((piece, c.kind))
        y = top
        for i in range(0, len(pieces), ncols):
            row = pieces[i:i + ncols]
            rh = max(_height(p, cw) for p, _ in row)
            if y + rh > bottom and y > top:
                slide, top = self.new_slide(f"{title} ({tr(self.lang, ('forts.', 'cont.'))})")
                y = top
            for k, (lines, kind) in enumerate(row):
                self.box(slide, MARGIN + k * (cw + GAP), y, cw, lines, kind)
            y += rh + GAP

    def columns(self, title: str, cols: list[tuple[str, str, list[Card]]], st: Style, empty: str = "") -> None:
        """Fixed columns (heading, kind, cards), each stacked top down; when one is full,
        every column continues on a next slide."""
        n = len(cols)
        cw = (self.W - 2 * MARGIN - (n - 1) * GAP) / n
        queues = []
        for heading, kind, cards in cols:
            q = []
            for c in cards:
                q.append((_card_lines(c, cw, st), c))
            queues.append(q)
        first = True
        while first or any(queues):
            slide, top = self.new_slide(title if first else f"{title} ({tr(self.lang, ('forts.', 'cont.'))})")
            bottom = self.H - MARGIN
            for k, (heading, kind, _) in enumerate(cols):
                x = MARGIN + k * (cw + GAP)
                head = [(ln, True, st.title_size + 2) for ln in wrap(heading, avail(cw), st.title_size + 2, True)]
                y = top + self.box(slide, x, top, cw, head, f"head-{kind}") + GAP
                q = queues[k]
                if first and not q and empty:
                    self.text(slide, x, y, cw, [(ln, False, st.body_size) for ln in wrap(empty, avail(cw), st.body_size)])
                while q:
                    lines, card = q[0]
                    h = _height(lines, cw)
                    if y + h > bottom:
                        if y == top + _height(head, cw) + GAP:   # taller than an empty column: split it
                            pieces = _split(card, lines, bottom - y, self.lang, cw)
                            q[0] = (pieces[0], card)
                            q[1:1] = [(p, card) for p in pieces[1:]]
                            continue
                        break
                    self.box(slide, x, y, cw, lines, card.kind)
                    q.pop(0)
                    y += h + GAP
            first = False

    def picture(self, pic: Picture) -> None:
        slide, top = self.new_slide(pic.title)
        area_w, area_h = self.W - 2 * MARGIN, self.H - MARGIN - top
        if pic.model is None:
            note = pic.note or tr(self.lang, ("Diagrammet kan ikke tegnes.", "The diagram cannot be drawn."))
            self.text(slide, MARGIN, top, area_w, [(ln, False, 16.0) for ln in wrap(note, avail(area_w), 16.0)])
            return
        try:
            fut = self.drawn.get(pic.key)
            png, (pw, ph), dpi = fut.result() if fut is not None else _png(self.draw, pic, area_w, area_h, self.measure)
        except KgError as e:   # too big for a picture, or graphviz gave up: say so on the slide
            self.text(slide, MARGIN, top, area_w, [(ln, False, 16.0) for ln in wrap(e.message(self.lang), avail(area_w), 16.0)])
            return
        # fit the picture into the area, keeping its shape
        nat_w, nat_h = pw / dpi * 72, ph / dpi * 72
        scale = min(area_w / nat_w, area_h / nat_h)
        w, h = nat_w * scale, nat_h * scale
        x, y = MARGIN + (area_w - w) / 2, top + (area_h - h) / 2
        pic_shape = slide.shapes.add_picture(io.BytesIO(png), *self._emu(x, y, w, h))
        pic_shape.name = f"Diagram {pic.key}"

    def gaps(self) -> None:
        g = self.deck.gaps
        if g is None:
            return
        lang = self.lang
        title = tr(lang, (f"Gap i veikartet ({g.total})", f"Gaps in the roadmap ({g.total})"))
        counts = []   # one card per severity, a line per code
        for sev in ("violation", "warning", "info"):
            rows = [(code, name, n) for code, name, s, n in g.counts if s == sev]
            if rows:
                head = tr(lang, {"violation": ("Brudd", "Violations"), "warning": ("Advarsler", "Warnings"),
                                 "info": ("Merknader", "Notes")}[sev])
                counts.append(Card(f"{head}: {sum(n for _, _, n in rows)}",
                                   [f"{n} × {name} ({code})" for code, name, n in rows], kind=f"gap-{sev}"))
        self.columns(title, [(tr(lang, ("Antall per kode", "Count per code")), "gaps", counts),
                             (tr(lang, ("Det alvorligste", "Most serious")), "gaps", g.serious)],
                     Style(11, 9.5), empty=tr(lang, ("Ingen gap funnet.", "No gaps found.")))


def _plain_area(W: float, H: float) -> tuple[float, float]:
    """Width and height (points) below a content slide's title on a page without template."""
    return W - 2 * MARGIN, H - MARGIN - (MARGIN + 0.95 * 72 + GAP)


def _xml_text(text: str) -> str:
    """Characters XML 1.0 cannot hold (control characters) carry no meaning on a slide."""
    return "".join(ch for ch in text if ch in "\t" or ord(ch) >= 32 and ch not in "\ufffe\uffff")


def _drop_empty_placeholders(slide, keep=None) -> None:
    """Unused placeholders of a template's layout would show "Click to add text"."""
    for shp in list(slide.placeholders):
        if keep is not None and shp._element is keep._element:
            continue
        if not shp.has_text_frame or not shp.text_frame.text:
            shp._element.getparent().remove(shp._element)


def _colours(kind: str) -> tuple[str, str]:
    if kind in PHASE_COLOURS:
        return PHASE_COLOURS[kind]
    if kind.startswith("head-"):
        fill, line = _colours(kind[5:])
        return line, line
    if kind in ("challenge",):
        return KIND_COLOURS["challenge"]
    if kind == "principle":
        return ("#eceff1", "#37474f")
    if kind == "gap-violation":
        return ("#ffebee", GAP_COLOUR)
    if kind == "gap-warning":
        return ("#fff3e0", "#ef8f00")
    if kind == "gap-info":
        return ("#eceff1", "#607d8b")
    if kind == "gaps":
        return ("#eceff1", "#455a64")
    if kind in LENS_COLOURS:
        return LENS_COLOURS[kind]
    return NO_PHASE_COLOURS


def _png(draw, pic: Picture, area_w: float, area_h: float, measure=None) -> tuple[bytes, tuple[int, int], int]:
    """The diagram as PNG at PICTURE_DPI or more once fitted to the area. Writing the
    pixels (PNG compression) is the slow part, so a diagram whose size ``measure(pic)``
    tells (points) is drawn once at exactly the resolution its place needs, and the others
    are drawn at PICTURE_DPI no larger than the area (``fit``): sharp enough, and no more
    pixels than the slide shows. Only a small one, enlarged on the slide, is drawn again
    at the resolution the enlargement needs (and one larger than twice the area, from a
    drawer that does not fit, is scaled down in Pillow)."""
    from PIL import Image
    nat = measure(pic) if measure is not None else None
    if nat and nat[0] > 0 and nat[1] > 0:
        dpi = max(1, min(600, int(round(PICTURE_DPI * min(area_w / nat[0], area_h / nat[1]))) + 1))
        png = draw(pic, dpi)
        return png, Image.open(io.BytesIO(png)).size, dpi
    dpi = PICTURE_DPI
    png = draw(pic, dpi, fit=(area_w, area_h))
    im = Image.open(io.BytesIO(png))
    nat_w, nat_h = im.size[0] / dpi * 72, im.size[1] / dpi * 72
    scale = min(area_w / nat_w, area_h / nat_h)           # > 1: enlarged on the slide
    if scale > 1.1:
        dpi = min(600, int(round(PICTURE_DPI * scale)) + 1)
        png = draw(pic, dpi, fit=(area_w, area_h))
        im = Image.open(io.BytesIO(png))
    elif scale < 0.5:                                     # more than twice the pixels needed
        w, h = (max(1, int(round(x * scale * 1.05))) for x in im.size)
        out = io.BytesIO()
        im.convert("RGBA").resize((w, h), Image.LANCZOS).save(out, format="PNG", optimize=False)
        png, dpi = out.getvalue(), int(round(dpi * scale * 1.05))
        im = Image.open(io.BytesIO(png))
    return png, im.size, dpi


def write_pptx(fh, deck: Deck, *, template: str | None = None, draw=None, measure=None) -> int:
    """Write the deck to a binary stream; returns the number of slides.

    ``draw(picture, dpi, fit=None) -> PNG bytes`` draws a diagram (the command line passes
    one that uses the diagram exports and graphviz), no larger than ``fit`` (width, height
    in points) when it can; without it the diagram slides are left out.
    ``measure(picture) -> (width, height) | None``, the size in points a picture is drawn
    at when known beforehand, lets it be drawn once at the resolution the slide needs."""
    pool, drawn = None, {}

    def start(aw: float, ah: float) -> dict:
        return {p.key: pool.submit(_png, draw, p, aw, ah, measure) for p in deck.pictures if p.model is not None}
    if draw is not None and deck.pictures:
        # graphviz runs in its own processes: draw every diagram while the slides are built
        # (without a template the page is known: before python-pptx is even loaded)
        from concurrent.futures import ThreadPoolExecutor
        pool = ThreadPoolExecutor(max_workers=3)
        if not template:
            drawn = start(*_plain_area(WIDE[0] / EMU_PER_PT, WIDE[1] / EMU_PER_PT))
    w = _Writer(deck, template)
    w.draw = draw
    w.measure = measure
    w.drawn = drawn
    if pool is not None and template:
        w.drawn = start(*w.content_area())
    try:
        lang = deck.lang
        w.title_slide()
        if not deck.network:
            w.grid(tr(lang, ("Utfordringer med KI", "Challenges with AI")), deck.challenges, 3, Style(16, 13))
        board_title = tr(lang, ("Veikart: KI i kommunal sektor", "Roadmap: AI in the municipal sector"))
        w.columns(board_title, [(c.heading, c.key, c.cards) for c in deck.board], Style(11, 9.5),
                  empty=tr(lang, ("Ingen tiltak.", "No initiatives.")))
        w.grid(tr(lang, ("Felles prinsipper for KI i kommunal sektor", "Shared principles for AI in the municipal sector")),
               deck.principles, 3, Style(16, 13))
        if deck.network:
            w.grid(tr(lang, ("Utfordringer med KI", "Challenges with AI")), deck.challenges, 3, Style(16, 13))
        for pic in deck.pictures if draw is not None else ():
            w.picture(pic)
        w.gaps()
        for ls in deck.lenses:
            w.columns(ls.title, ls.columns, Style(11, 9.5), empty=ls.empty)
        for sec in deck.networks:
            title = f"{sec.label}: " + tr(lang, (f"{len(sec.cards)} tiltak", f"{len(sec.cards)} initiatives"))
            if sec.cards:
                w.grid(title, sec.cards, 3, Style(12, 10))
            else:
                slide, top = w.new_slide(title)
                msg = tr(lang, ("Ingen tiltak er knyttet til nettverket ennå.", "No initiatives are linked to the network yet."))
                w.text(slide, MARGIN, top, w.W - 2 * MARGIN, [(msg, False, 16.0)])
    finally:
        if pool is not None:
            pool.shutdown()
    out = io.BytesIO()
    w.prs.save(out)
    fh.write(out.getvalue())
    return w.slides
