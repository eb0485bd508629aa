#!/usr/bin/env python3
"""Regenerate the map outlines under ``ontology/geo/`` from the public GeoJSON in
``/work/shared/data/geo/`` (Kartverket's administrative units, 2024 structure, via
repository robhop/fylker-og-kommuner; CC BY 4.0, credit "© Kartverket").

What is changed, and why (the same text is in ``ontology/geo/README.md``):

1. Projected from WGS84 longitude/latitude to UTM zone 33N (EPSG:25833, the projection
   Norway's national maps use), with the transverse Mercator series of Krüger (1912) as
   given by Karney (2011), so Norway keeps its shape on the page.
2. Rounded to whole units of ``GRID`` metres (100 m).
3. Simplified ring by ring with Douglas–Peucker at ``TOLERANCE`` metres (500 m): below
   a pixel on any page-sized map of the whole country (1 px ≈ 1.6 km on a slide, 0.8 km in its PNG).
   Consecutive repeated points are dropped; a ring left with fewer than 4 points (an
   islet smaller than the tolerance) is dropped.

The output is JSON: ``{"source": ..., "licence": ..., "grid": 100, "bbox": [x0, y0,
x1, y1], "features": [{"id": "0301", "name": "Oslo", "rings": [[x, y, x, y, ...],
...]}]}`` with coordinates in units of ``GRID`` metres (easting, northing). It is
deterministic: features are sorted by number.

Usage::

    python3 scripts/build_geo.py [DATA_DIR] [--out DIR] [--check]
"""
from __future__ import annotations

import argparse
import json
import math
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DEFAULT_DATA = REPO.parent / "shared" / "data"
DEFAULT_OUT = REPO / "ontology" / "geo"
GRID = 100.0
TOLERANCE = 500.0

# GRS80 (ETRS89), UTM zone 33
_A, _F = 6378137.0, 1 / 298.257222101
_K0, _E0, _LON0 = 0.9996, 500000.0, math.radians(15.0)
_N = _F / (2 - _F)
_AA = _A / (1 + _N) * (1 + _N ** 2 / 4 + _N ** 4 / 64)
_ALPHA = (_N / 2 - 2 * _N ** 2 / 3 + 5 * _N ** 3 / 16,
          13 * _N ** 2 / 48 - 3 * _N ** 3 / 5,
          61 * _N ** 3 / 240)
_E = math.sqrt(_F * (2 - _F))


def utm33(lon: float, lat: float) -> tuple[float, float]:
    """(easting, northing) in metres in UTM zone 33N for a WGS84/ETRS89 point."""
    phi, dl = math.radians(lat), math.radians(lon) - _LON0
    s = math.sin(phi)
    t = math.sinh(math.atanh(s) - _E * math.atanh(_E * s))
    xi = math.atan2(t, math.cos(dl))
    eta = math.atanh(math.sin(dl) / math.sqrt(1 + t * t))
    x = eta + sum(a * math.cos(2 * j * xi) * math.sinh(2 * j * eta) for j, a in enumerate(_ALPHA, 1))
    y = xi + sum(a * math.sin(2 * j * xi) * math.cosh(2 * j * eta) for j, a in enumerate(_ALPHA, 1))
    return _E0 + _K0 * _AA * x, _K0 * _AA * y


def _dp(pts: list[tuple[float, float]], tol: float) -> list[tuple[float, float]]:
    """Douglas–Peucker on an open polyline (iterative, keeps both ends)."""
    if len(pts) < 3:
        return pts
    keep = [False] * len(pts)
    keep[0] = keep[-1] = True
    stack = [(0, len(pts) - 1)]
    while stack:
        a, b = stack.pop()
        (ax, ay), (bx, by) = pts[a], pts[b]
        dx, dy = bx - ax, by - ay
        norm = math.hypot(dx, dy)
        best, idx = -1.0, -1
        for i in range(a + 1, b):
            px, py = pts[i]
            d = (abs(dy * px - dx * py + bx * ay - by * ax) / norm) if norm else math.hypot(px - ax, py - ay)
            if d > best:
                best, idx = d, i
        if idx > 0 and best > tol:
            keep[idx] = True
            stack += [(a, idx), (idx, b)]
    return [p for p, k in zip(pts, keep) if k]


def _ring(coords) -> list[int]:
    pts = [utm33(lon, lat) for lon, lat in coords]
    # split the closed ring at its farthest point so both halves keep their shape
    far = max(range(len(pts)), key=lambda i: math.hypot(pts[i][0] - pts[0][0], pts[i][1] - pts[0][1]))
    simple = _dp(pts[: far + 1], TOLERANCE)[:-1] + _dp(pts[far:], TOLERANCE)
    out: list[tuple[int, int]] = []
    for x, y in simple:
        p = (round(x / GRID), round(y / GRID))
        if not out or out[-1] != p:
            out.append(p)
    if len(out) > 1 and out[0] == out[-1]:
        out.pop()
    if len(out) < 3:
        return []
    return [v for p in out for v in p]


def _features(path: Path, num_key: str, name_key: str) -> list[dict]:
    data = json.loads(path.read_text(encoding="utf-8"))
    feats = []
    for f in data["features"]:
        g = f["geometry"]
        polys = g["coordinates"] if g["type"] == "MultiPolygon" else [g["coordinates"]]
        rings = [r for poly in polys for r in (_ring(x) for x in poly) if r]
        feats.append({"id": str(f["properties"][num_key]), "name": f["properties"][name_key], "rings": rings})
    feats.sort(key=lambda f: f["id"])
    return feats


SOURCE = ("Kartverket, administrative enheter (2024), via repository robhop/fylker-og-kommuner "
          "({file}); projected to UTM 33 (EPSG:25833), rounded to 100 m, simplified with "
          "Douglas-Peucker at 500 m by scripts/build_geo.py")
LICENCE = "CC BY 4.0 (https://creativecommons.org/licenses/by/4.0/); credit: © Kartverket"


def build(data_dir: Path) -> dict[str, str]:
    out = {}
    for name, src, num, nm in (("kommuner.json", "kommuner-2024-S.geojson", "kommunenummer", "kommunenavn"),
                               ("fylker.json", "fylker-2024-S.geojson", "fylkesnummer", "fylkesnavn")):
        feats = _features(data_dir / "geo" / src, num, nm)
        xs = [v for f in feats for r in f["rings"] for v in r[0::2]]
        ys = [v for f in feats for r in f["rings"] for v in r[1::2]]
        doc = {"source": SOURCE.format(file=src.replace("-2024-S.geojson", "-S.geojson")), "licence": LICENCE,
               "grid": int(GRID), "bbox": [min(xs), min(ys), max(xs), max(ys)], "features": feats}
        text = json.dumps(doc, ensure_ascii=False, separators=(",", ":"))
        # one feature per line: readable diffs when the outlines are regenerated
        text = text.replace(',{"id"', ',\n{"id"')
        out[name] = text + "\n"
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("data", nargs="?", default=str(DEFAULT_DATA))
    ap.add_argument("--out", default=str(DEFAULT_OUT))
    ap.add_argument("--check", action="store_true")
    a = ap.parse_args(argv)
    files = build(Path(a.data))
    out = Path(a.out)
    differ = []
    for name, text in files.items():
        p = out / name
        if a.check:
            if not p.exists() or p.read_text(encoding="utf-8") != text:
                differ.append(name)
        else:
            p.write_text(text, encoding="utf-8")
            print(f"wrote {p} ({len(text)} bytes)")
    if differ:
        print("differs: " + ", ".join(differ), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
