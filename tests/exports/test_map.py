"""`kg diagram map`: the shipped outlines, the counts behind the colours (a hand-made
case), the SVG's shapes, titles, legend and credit, and PNG/PDF through rsvg-convert."""
from __future__ import annotations

import struct
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from _support import need_tool, workspace_from_ttl
from kg.exports.diagrams import map as diagram_map
from kg.exports.diagrams.map_model import build_map
from kg.roadmap.network_scope import network_initiatives
from kg.store.workspace import Workspace

SVG = "{http://www.w3.org/2000/svg}"
ID = "https://w3id.org/kommune-ki/id/"

# Oslo (0301) owns t-a and t-b and takes part in t-c; Hamar (3403) takes part in t-a and
# t-b; Bergen (4601) takes part in t-a only. t-b delivers the service t-tale. The network
# t-nett has one member, Hamar, so its initiatives are those Hamar takes part in: t-a, t-b.
CASE = """
@prefix org: <http://www.w3.org/ns/org#> .
kgid:t-tale a kg:Service ; skos:prefLabel "Tale til tekst"@nb , "Speech to text"@en .
kgid:t-nett a kg:Network ; skos:prefLabel "Digi Test"@nb , "Digi Test"@en .
kgid:t-nett-hamar a org:Membership ; org:member kgid:kommune-3403 ; org:organization kgid:t-nett .
kgid:t-a a kg:Initiative ; skos:prefLabel "A"@nb , "A"@en ; kg:owner kgid:kommune-0301 ;
    kg:participant kgid:kommune-3403 , kgid:kommune-4601 .
kgid:t-b a kg:Initiative ; skos:prefLabel "B"@nb , "B"@en ; kg:owner kgid:kommune-0301 ;
    kg:participant kgid:kommune-3403 ; kg:delivers kgid:t-tale .
kgid:t-c a kg:Initiative ; skos:prefLabel "C"@nb , "C"@en ; kg:participant kgid:kommune-0301 .
"""


@pytest.fixture(scope="module")
def case(tmp_path_factory):
    return workspace_from_ttl(tmp_path_factory.mktemp("map"), CASE, "case")


def _shapes(svg: str) -> dict[str, ET.Element]:
    root = ET.fromstring(svg.encode("utf-8"))
    return {p.get("id"): p for p in root.iter(SVG + "path") if p.get("class") == "municipality"}


def test_outlines_match_the_register(case):
    kom = diagram_map.outlines("kommuner")
    fyl = diagram_map.outlines("fylker")
    assert len(kom["features"]) == 357 and len(fyl["features"]) == 15
    assert "Kartverket" in kom["source"] and "CC BY 4.0" in kom["licence"]
    with Workspace.open(case) as ws:
        register = {r["n"].value for r in ws.select("SELECT ?n WHERE { ?m a kg:Municipality ; kg:organisationNumber ?n }")}
    assert {f["id"] for f in kom["features"]} == register
    assert all(f["rings"] and all(len(r) >= 6 for r in f["rings"]) for f in kom["features"])


def test_counts_follow_the_hand_made_case(case):
    with Workspace.open(case) as ws:
        d = build_map(ws, "nb")
        assert {k: v for k, v in d.counts.items() if v} == {"0301": 3, "3403": 2, "4601": 1}
        svc = build_map(ws, "nb", service=ID + "t-tale")
        assert {k: v for k, v in svc.counts.items() if v} == {"0301": 1, "3403": 1}
        one = build_map(ws, "en", initiative=ID + "t-a")
        assert one.roles == {"0301": "owner", "3403": "participant", "4601": "participant"}
        assert network_initiatives(ws, ID + "t-nett") == {ID + "t-a", ID + "t-b"}
        net = build_map(ws, "nb", network=ID + "t-nett")
        assert {k: v for k, v in net.counts.items() if v} == {"0301": 2, "3403": 2, "4601": 1}
        assert net.members == {"3403"}
    # three counts (1, 2, 3) → one class each; the darkest colour for the most
    assert diagram_map.classes(3) == [(1, 1), (2, 2), (3, 3)]
    svg = diagram_map.to_svg(d)
    shapes = _shapes(svg)
    fills = {k[len("kommune-"):]: p.get("fill") for k, p in shapes.items()}
    assert fills["0301"] == diagram_map.RAMP[-1]
    assert fills["4601"] == diagram_map.RAMP[0]
    assert fills["3403"] not in (diagram_map.RAMP[0], diagram_map.RAMP[-1], diagram_map.NONE_FILL)
    assert sum(1 for v in fills.values() if v == diagram_map.NONE_FILL) == 357 - 3
    assert shapes["kommune-0301"].get("data-count") == "3"


def test_classes_for_large_counts_cover_every_value():
    bins = diagram_map.classes(175)
    assert len(bins) <= len(diagram_map.RAMP) and bins[0][0] == 1 and bins[-1][1] == 175
    assert all(b[0] == a[1] + 1 for a, b in zip(bins, bins[1:]))  # no gap, no overlap


def test_svg_has_357_named_shapes_a_legend_and_the_credit(case):
    with Workspace.open(case) as ws:
        d = build_map(ws, "nb")
        names = {r["n"].value: r["l"].value for r in ws.select(
            'SELECT ?n ?l WHERE { ?m a kg:Municipality ; kg:organisationNumber ?n ; skos:prefLabel ?l '
            'FILTER(lang(?l) = "nb") }')}
    svg = diagram_map.to_svg(d, size="16:9")
    shapes = _shapes(svg)
    assert len(shapes) == 357
    for sid, p in shapes.items():
        num = sid[len("kommune-"):]
        title = p.find(SVG + "title").text
        assert title.startswith(f"{names[num]} ({num}): "), title
    assert shapes["kommune-0301"].find(SVG + "title").text == "Oslo - Oslove (0301): 3 tiltak"
    root = ET.fromstring(svg.encode("utf-8"))
    legend = [g for g in root.iter(SVG + "g") if g.get("id") == "legend"][0]
    texts = [t.text for t in legend.iter(SVG + "text")]
    assert texts[:5] == ["Antall tiltak", "1", "2", "3", "Ingen"] and "Fylkesgrense" in texts
    credit = [t for t in root.iter(SVG + "text") if t.get("id") == "credit"][0]
    assert credit.text == "© Kartverket (CC BY 4.0)"
    assert len([p for p in root.iter(SVG + "path") if p.get("class") == "county"]) == 15
    assert root.get("viewBox") == "0 0 960 540"


def test_initiative_map_in_english(case):
    with Workspace.open(case) as ws:
        svg = diagram_map.to_svg(build_map(ws, "en", initiative=ID + "t-a"))
    shapes = _shapes(svg)
    assert shapes["kommune-0301"].get("fill") == diagram_map.ROLE_FILLS["owner"]
    assert shapes["kommune-4601"].find(SVG + "title").text.endswith(": takes part")
    assert "The municipality's role" in svg and "Owns the initiative" in svg


def _png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])


def test_cli_writes_svg_png_and_pdf(cli_run, case, tmp_path):
    need_tool("rsvg-convert")
    r = cli_run(["--data", case, "diagram", "map", "--size", "16:9", "-o", tmp_path / "m.png"])
    assert r.exit_code == 0, r.stderr
    assert _png_size((tmp_path / "m.png").read_bytes()) == (1920, 1080)
    r = cli_run(["--data", case, "diagram", "map", "--network", "Digi Test", "--size", "A4", "-o", tmp_path / "m.pdf"])
    assert r.exit_code == 0, r.stderr
    assert (tmp_path / "m.pdf").read_bytes()[:5] == b"%PDF-"
    r = cli_run(["--data", case, "--lang", "en", "diagram", "map", "--service", "t-tale", "--title", "Speech",
                 "-o", tmp_path / "m.svg"])
    assert r.exit_code == 0, r.stderr
    svg = (tmp_path / "m.svg").read_text(encoding="utf-8")
    assert "<title>Speech</title>" in svg and 'id="kommune-3403"' in svg


def test_cli_refuses_what_a_map_cannot_be(cli_run, case, tmp_path):
    r = cli_run(["--data", case, "diagram", "map", "--format", "mermaid"])
    assert r.exit_code == 2
    r = cli_run(["--data", case, "diagram", "map", "--service", "t-tale", "--initiative", "t-a"])
    assert r.exit_code == 2 and "--network, --initiative" in r.stderr
    r = cli_run(["--data", case, "diagram", "map", "--network", "t-a"])
    assert r.exit_code == 2 and "kg:Network" in r.stderr
    assert not list(tmp_path.iterdir())


def test_hostile_title_stays_text(case):
    with Workspace.open(case) as ws:
        d = build_map(ws, "nb", title='<script>x</script>\x07 "&"')
    svg = diagram_map.to_svg(d)
    root = ET.fromstring(svg.encode("utf-8"))  # still well-formed XML
    assert root.find(SVG + "title").text == '<script>x</script> "&"'
    assert "<script>" not in svg
