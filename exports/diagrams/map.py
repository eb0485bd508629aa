"""The municipality map (``kg diagram map``) as SVG, written here from the shipped
outlines; PNG and PDF are converted from it by :func:`kg.exports.diagrams.render.render_svg`.

The outlines (``kg.ontology.geo``: Kartverket's municipalities and counties of 2024,
projected to UTM zone 33, simplified; see its README) are drawn with north up and one
``<path class="municipality">`` per municipality whose ``<title>`` (the tooltip) is its
name, number and count; the county borders are drawn over them; a legend explains the
colours; the credit "© Kartverket (CC BY 4.0)" is on every map.

>>> svg = to_svg(build_map(ws, "nb"), size="16:9")   # doctest: +SKIP
"""
from __future__ import annotations

import json
import math
from functools import lru_cache
from importlib import resources
from xml.sax.saxutils import escape

from kg.exports.diagrams.model import CTRL_CHARS, FONT
from kg.exports.diagrams.page_sizes import PAGE_SIZES
from kg.roadmap.words import tr
from kg.exports.diagrams.map_model import MapDiagram

CREDIT = "© Kartverket (CC BY 4.0)"
NONE_FILL = "#eceff1"
# a sequential ramp, light to dark; a map with fewer classes takes evenly spaced steps
RAMP = ["#d4e9f7", "#a6cfee", "#6baed6", "#3d8cc4", "#1f5fa8", "#0b3a75"]
ROLE_FILLS = {"owner": "#0b3a75", "participant": "#6baed6"}
MEMBER_LINE = "#6a1b9a"
COUNTY_LINE = "#37474f"
DEFAULT_SIZE = (700.0, 860.0)  # without --size: a portrait page that fits Norway's shape


@lru_cache(maxsize=2)
def outlines(kind: str) -> dict:
    """The shipped outlines: ``kommuner`` (357) or ``fylker`` (15), in units of
    ``grid`` metres, UTM zone 33 (easting, northing)."""
    text = (resources.files("kg.ontology") / "geo" / f"{kind}.json").read_text(encoding="utf-8")
    return json.loads(text)


def classes(top: int) -> list[tuple[int, int]]:
    """Colour classes for counts 1…``top``: one per value up to six, else six classes
    whose upper bounds grow geometrically (many municipalities have one or two
    initiatives, a few have hundreds)."""
    if top <= 0:
        return []
    if top <= len(RAMP):
        return [(v, v) for v in range(1, top + 1)]
    bounds = []
    for k in range(1, len(RAMP) + 1):
        b = max(1, math.ceil(top ** (k / len(RAMP))))
        if not bounds or b > bounds[-1]:
            bounds.append(b)
    bounds[-1] = top
    out, lo = [], 1
    for b in bounds:
        out.append((lo, b))
        lo = b + 1
    return out


def _ramp(n: int) -> list[str]:
    if n <= 1:
        return RAMP[-2:-1] if n else []
    return [RAMP[round(i * (len(RAMP) - 1) / (n - 1))] for i in range(n)]


def fill_for(count: int, bins: list[tuple[int, int]]) -> str:
    if count <= 0:
        return NONE_FILL
    colours = _ramp(len(bins))
    for (lo, hi), c in zip(bins, colours):
        if lo <= count <= hi:
            return c
    return colours[-1]


def _x(s) -> str:
    """Text for SVG: escaped, and without control characters (they are not XML)."""
    return escape(CTRL_CHARS.sub("", str(s)))


def _path(rings, tx) -> str:
    parts = []
    for r in rings:
        pts = [tx(r[i], r[i + 1]) for i in range(0, len(r), 2)]
        parts.append("M" + " ".join(f"{x:.1f} {y:.1f}" for x, y in pts) + "Z")
    return "".join(parts)


def _text(x, y, s, size, *, weight="normal", colour="#1b1b1b", anchor="start", id_="") -> str:
    idattr = f' id="{id_}"' if id_ else ""
    return (f'<text{idattr} x="{x:.1f}" y="{y:.1f}" font-size="{size}" font-weight="{weight}" fill="{colour}" '
            f'text-anchor="{anchor}">{_x(s)}</text>')


def _fit_lines(s: str, width: float, size: float) -> list[str]:
    """Words wrapped to ``width`` (DejaVu Sans: about 0.58 em per character)."""
    per = max(8, int(width / (size * 0.58)))
    import textwrap
    return textwrap.wrap(s, per) or [s]


def to_svg(d: MapDiagram, *, size: str | None = None, link=None) -> str:
    """The map as an SVG document laid out for ``size`` (16:9, 4:3, A4) or a portrait page.
    ``link`` (number, IRI or None → href or None) wraps each municipality in a link
    (`kg serve`'s /map links each to its node page)."""
    lang = d.lang
    W, H = PAGE_SIZES[size] if size else DEFAULT_SIZE
    pad = 18.0
    kom, fyl = outlines("kommuner"), outlines("fylker")
    x0, y0, x1, y1 = kom["bbox"]
    title_lines = _fit_lines(d.title, W - 2 * pad, 20)[:2]
    sub_lines = _fit_lines(d.subtitle, W - 2 * pad, 10.5)[:2] if d.subtitle else []
    top = pad + 22 * len(title_lines) + 15 * len(sub_lines) + 6
    bottom = H - pad - 14  # room for the credit
    legend_w = 190.0
    avail_w, avail_h = W - 2 * pad, bottom - top
    # the map is centred; the legend sits in the south-east corner of Norway's bounding
    # box, which is Sweden: no municipality is drawn there
    scale = min(avail_w / (x1 - x0), avail_h / (y1 - y0))
    mw, mh = (x1 - x0) * scale, (y1 - y0) * scale
    ox = pad + (avail_w - mw) / 2
    oy = top + (avail_h - mh) / 2

    def tx(x, y):
        return ox + (x - x0) * scale, oy + (y1 - y) * scale

    bins = classes(max(d.counts.values(), default=0)) if d.mode == "count" else []
    unit_one, unit_many = tr(lang, ("tiltak", "initiative")), tr(lang, ("tiltak", "initiatives"))
    out = [f'<?xml version="1.0" encoding="UTF-8"?>',
           f'<svg xmlns="http://www.w3.org/2000/svg" width="{W:.0f}pt" height="{H:.0f}pt" viewBox="0 0 {W:.0f} {H:.0f}" '
           f'font-family="{FONT}, sans-serif" id="kg-map">',
           f"<title>{_x(d.title)}</title>",
           f'<rect x="0" y="0" width="{W:.0f}" height="{H:.0f}" fill="#ffffff"/>']
    y = pad + 18
    for i, line in enumerate(title_lines):
        out.append(_text(pad, y, line, 20, weight="bold", id_="map-title" if i == 0 else ""))
        y += 22
    for line in sub_lines:
        out.append(_text(pad, y - 4, line, 10.5, colour="#546e7a"))
        y += 15
    out.append('<g id="municipalities" stroke="#ffffff" stroke-width="0.35" stroke-linejoin="round" fill-rule="evenodd">')
    for f in kom["features"]:
        num = f["id"]
        name = d.names.get(num) or f["name"]
        if d.mode == "initiative":
            role = d.roles.get(num)
            fill = ROLE_FILLS.get(role, NONE_FILL)
            what = {"owner": tr(lang, ("eier", "owner")), "participant": tr(lang, ("deltar", "takes part"))}.get(
                role, tr(lang, ("deltar ikke", "does not take part")))
            data = f' data-role="{role or ""}"'
        else:
            n = d.counts.get(num, 0)
            fill = fill_for(n, bins)
            what = f"{n} {unit_one if n == 1 else unit_many}"
            data = f' data-count="{n}"'
        shape = (f'<path class="municipality" id="kommune-{num}" d="{_path(f["rings"], tx)}" fill="{fill}"{data}>'
                 f"<title>{_x(name)} ({num}): {_x(what)}</title></path>")
        href = link(num, d.iris.get(num)) if link else None
        out.append(f'<a href="{escape(CTRL_CHARS.sub("", href), {chr(34): "&quot;"})}">{shape}</a>' if href else shape)
    out.append("</g>")
    if d.members:
        by_num = {f["id"]: f for f in kom["features"]}
        out.append(f'<g id="members" fill="none" stroke="{MEMBER_LINE}" stroke-width="1.1" stroke-linejoin="round" '
                   'pointer-events="none">')
        for num in sorted(d.members):
            if num in by_num:
                out.append(f'<path d="{_path(by_num[num]["rings"], tx)}"/>')
        out.append("</g>")
    out.append(f'<g id="counties" fill="none" stroke="{COUNTY_LINE}" stroke-width="0.8" stroke-linejoin="round" '
               'pointer-events="none">')
    for f in fyl["features"]:
        out.append(f'<path class="county" id="fylke-{f["id"]}" d="{_path(f["rings"], tx)}"><title>{_x(f["name"])}</title></path>')
    out.append("</g>")
    # -- legend
    entries: list[tuple[str, str, str]] = []  # (fill, stroke, text)
    if d.mode == "initiative":
        entries += [(ROLE_FILLS["owner"], "none", tr(lang, ("Eier tiltaket", "Owns the initiative"))),
                    (ROLE_FILLS["participant"], "none", tr(lang, ("Deltar", "Takes part"))),
                    (NONE_FILL, "#b0bec5", tr(lang, ("Deltar ikke", "Does not take part")))]
        head = tr(lang, ("Kommunens rolle", "The municipality's role"))
    else:
        for (lo, hi), c in zip(bins, _ramp(len(bins))):
            entries.append((c, "none", str(lo) if lo == hi else f"{lo}–{hi}"))
        entries.append((NONE_FILL, "#b0bec5", tr(lang, ("Ingen", "None"))))
        head = tr(lang, ("Antall tiltak", "Initiatives"))
    if d.members:
        entries.append(("none", MEMBER_LINE, tr(lang, ("Medlem av nettverket", "Member of the network"))))
    entries.append(("none", COUNTY_LINE, tr(lang, ("Fylkesgrense", "County border"))))
    lh = 17.0
    leg_h = 22 + lh * len(entries) + 6
    lx, ly = max(ox + mw * 0.5, ox + mw - legend_w), oy + mh - leg_h
    out.append(f'<g id="legend"><rect x="{lx:.1f}" y="{ly:.1f}" width="{legend_w:.0f}" height="{leg_h:.1f}" '
               'fill="#ffffff" fill-opacity="0.9" stroke="#cfd8dc"/>')
    out.append(_text(lx + 8, ly + 16, head, 11, weight="bold"))
    yy = ly + 24
    for fill, stroke, text in entries:
        out.append(f'<rect x="{lx + 8:.1f}" y="{yy:.1f}" width="22" height="11" fill="{fill}" stroke="{stroke}" '
                   f'stroke-width="{1.2 if fill == "none" else 0.6}"/>')
        out.append(_text(lx + 36, yy + 9.5, text, 10))
        yy += lh
    out.append("</g>")
    out.append(_text(W - pad, H - pad + 4, CREDIT, 9, colour="#546e7a", anchor="end", id_="credit"))
    out.append("</svg>")
    return "\n".join(out) + "\n"
