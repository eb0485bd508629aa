"""Diagrams: golden DOT/Mermaid text, real graphviz rendering, the CLI, escaping.

Regenerate the golden files with KG_REGEN_GOLDEN=1 after a deliberate change, and look
at the rendered pictures before committing them.
"""
from __future__ import annotations

import html
import os
import struct
from datetime import date
from pathlib import Path

import pytest

from _support import need_tool
from kg.exports.diagrams import model as dm
from kg.errors import ToolMissing
from kg.exports.diagrams import dependencies as diagram_dependencies
from kg.exports.diagrams import target as diagram_target
from kg.exports.diagrams import timeline as diagram_timeline
from kg.exports.diagrams import render
from kg.store.workspace import Workspace

HERE = Path(__file__).parent
GOLDEN = HERE / "golden"
MINI = (HERE / "data" / "mini.ttl").read_text(encoding="utf-8")
TODAY = date(2026, 5, 15)
ID = "https://w3id.org/kommune-ki/id/"
GAPS = [dm.Gap("owner-missing", "violation", ID + "t-fabrikk", "Tiltaket mangler eier."),
        dm.Gap("challenge-unaddressed", "warning", ID + "t-okonomi", "Ingen tiltak adresserer utfordringen.")]


@pytest.fixture(scope="module")
def mini(tmp_path_factory):
    from _support import PREFIXES_TTL
    d = tmp_path_factory.mktemp("mini")
    f = d / "mini.ttl"
    f.write_text(PREFIXES_TTL + MINI, encoding="utf-8")
    Workspace.create(d / "ws", baseline=False, extra=[("test", f, {"kind": "test"})])
    return d / "ws"


def _only_test_items(t: dm.TargetPicture) -> dm.TargetPicture:
    """Keep the target picture to this test's own nodes (shipped reference data may grow)."""
    keep = lambda xs: [x for x in xs if x.id.startswith("t-") or x.id.startswith("sdg-")]  # noqa: E731
    return dm.TargetPicture(t.title, t.lang, keep(t.services), keep(t.capabilities), keep(t.principles),
                            keep(t.challenges), keep(t.sdgs))


def models(ws_path, lang):
    with Workspace.open(ws_path) as ws:
        return {
            "dependencies": dm.build_dependencies(ws, lang, gaps=GAPS),
            "timeline": dm.build_timeline(ws, lang, gaps=GAPS, today=TODAY, application_dates=False),
            "board": dm.build_board(ws, lang, gaps=GAPS),
            "target": _only_test_items(dm.build_target(ws, lang, gaps=GAPS)),
        }


def texts(m) -> dict[str, str]:
    return {
        "dependencies.dot": diagram_dependencies.to_dot(m["dependencies"]),
        "dependencies.mmd": diagram_dependencies.to_mermaid(m["dependencies"]),
        "timeline.dot": diagram_timeline.to_dot(m["timeline"]),
        "timeline.mmd": diagram_timeline.to_mermaid(m["timeline"]),
        "board.dot": diagram_timeline.board_to_dot(m["board"]),
        "board.mmd": diagram_timeline.board_to_mermaid(m["board"]),
        "target.dot": diagram_target.to_dot(m["target"]),
        "target.mmd": diagram_target.to_mermaid(m["target"]),
    }


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_golden_dot_and_mermaid(mini, lang):
    got = texts(models(mini, lang))
    for name, text in got.items():
        path = GOLDEN / f"{lang}-{name}"
        if os.environ.get("KG_REGEN_GOLDEN"):
            path.write_text(text, encoding="utf-8")
        assert path.exists(), f"missing golden file {path}; run with KG_REGEN_GOLDEN=1"
        assert text == path.read_text(encoding="utf-8"), f"{path.name} differs from the golden file"


def test_output_is_deterministic(mini):
    assert texts(models(mini, "nb")) == texts(models(mini, "nb"))


def test_model_content(mini):
    m = models(mini, "nb")
    d = m["dependencies"]
    ids = {n.id: n for n in d.nodes}
    assert ids["t-plattform"].kind == "initiative" and ids["t-tjeneste-tale"].kind == "service"
    assert ids["t-kilov"].kind == "regulation"
    assert [g.code for g in ids["t-fabrikk"].gaps] == ["owner-missing"]
    dep = {(ids_[0], ids_[1]): e for e in d.edges
           for ids_ in [(e.src.rsplit("/", 1)[-1], e.dst.rsplit("/", 1)[-1])]}
    # hard vs soft, and the order conflict: the platform may start 2026-H2, legal support ends 2027-H1 at the earliest
    assert dep[("t-juss", "t-plattform")].strength == "hard" and dep[("t-juss", "t-plattform")].conflict
    assert dep[("t-plattform", "t-tale")].strength == "soft" and dep[("t-plattform", "t-tale")].type == "enables"
    assert not dep[("t-plan", "t-plattform")].conflict
    t = m["timeline"]
    assert [lane.label for lane in t.lanes] == ["Bærum kommune", "Tøyen-KS", "Uten eier"]
    assert t.bars["t-plattform"].conflict and not t.bars["t-plan"].conflict
    assert t.bars["t-plattform"].end is None  # an open end stays open: no invented date
    kilov = [x for x in t.milestones if x.id == "t-kilov"][0]
    assert (kilov.earliest, kilov.latest) == (date(2026, 7, 1), date(2026, 12, 31))
    b = m["board"]
    assert [c.key for c in b.columns] == ["fase-etablert", "fase-pagaende", "fase-planlagt"]
    assert b.columns[0].heading == "Etablerte initiativer 2025"
    tp = m["target"]
    assert [p.number for p in tp.principles] == [1, 5]
    okonomi = [c for c in tp.challenges if c.id == "t-okonomi"][0]
    assert okonomi.by == [] and okonomi.gaps
    plattform = [c for c in tp.capabilities if c.id == "t-kap-plattform"][0]
    assert "t-teknisk" in plattform.links and "sdg-3" in plattform.links


def test_focus_depth_and_direction(mini):
    with Workspace.open(mini) as ws:
        up = dm.build_dependencies(ws, "nb", focus=ID + "t-plattform", up=True, down=False)
        down1 = dm.build_dependencies(ws, "nb", focus=ID + "t-juss", up=False, down=True, depth=1)
        down2 = dm.build_dependencies(ws, "nb", focus=ID + "t-juss", up=False, down=True, depth=2)
        with pytest.raises(dm.TooBig) as e:
            dm.build_dependencies(ws, "nb", max_nodes=3)
    inits = lambda d: {n.id for n in d.nodes if n.kind == "initiative"}  # noqa: E731
    assert inits(up) == {"t-plattform", "t-plan", "t-juss"}
    assert inits(down1) == {"t-juss", "t-plattform", "t-fabrikk"}
    assert inits(down2) == {"t-juss", "t-plattform", "t-fabrikk", "t-tale"}
    assert "--depth" in e.value.message("en")


def test_script_label_is_escaped_everywhere(mini):
    got = texts(models(mini, "nb"))
    for name, text in got.items():
        if name.endswith(".mmd"):  # Mermaid renders labels as HTML: entity codes only
            assert "<script>" not in text, name
        else:  # DOT: HTML-like labels escaped; quoted tooltips are plain strings graphviz escapes
            for line in text.splitlines():
                if "<script>" in line:
                    assert "label=<" not in line.split("tooltip=")[0] or "&lt;script&gt;" in line, line
    assert "&lt;script&gt;" in got["dependencies.dot"]
    assert "#lt;script#gt;" in got["dependencies.mmd"]


def _png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])


@pytest.mark.dot
def test_render_svg_png_pdf_with_real_graphviz(mini):
    need_tool("dot")
    need_tool("neato")
    m = models(mini, "nb")
    t = texts(m)
    raw = render.render_dot(t["dependencies.dot"], "svg").decode("utf-8")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in raw and "<script" not in raw
    svg = html.unescape(raw)  # graphviz writes '-' as &#45;
    assert "<svg" in svg and "Bærum kommune" in svg and "Juridisk støtte og maler" in svg
    assert "Tøyen-KS" in svg and "DejaVu Sans" in svg
    # the dependency type is the edge's tooltip; soft edges are dashed
    assert "KI-plattform for alle kommuner krever Juridisk støtte og maler (hard)" in svg
    assert "Skalere tale-til-tekst <script>alert(1)</script> muliggjør KI-plattform for alle kommuner (myk)" in svg
    assert 'stroke-dasharray="5,2"' in raw
    tl = html.unescape(render.render_dot(t["timeline.dot"], "svg", engine="neato").decode("utf-8"))
    assert "Tøyen-KS" in tl and "2026" in tl and "K3" in tl and "KI-loven (test)" in tl
    target = html.unescape(render.render_dot(t["target.dot"], "svg").decode("utf-8"))
    assert "Økonomiske begrensninger" in target and "FELLES KAPABILITETER" in target
    board = html.unescape(render.render_dot(t["board.dot"], "svg").decode("utf-8"))
    assert "Pågående tiltak 2026" in board
    w, h = _png_size(render.render_dot(t["dependencies.dot"], "png"))
    assert w > 800 and h > 300
    w, h = _png_size(render.render_dot(t["timeline.dot"], "png", engine="neato"))
    assert w > 1500 and h > 300
    pdf = render.render_dot(t["target.dot"], "pdf")
    assert pdf[:5] == b"%PDF-" and len(pdf) > 2000
    assert b"DejaVuSans" in pdf  # the font with æ, ø, å is embedded, not a fallback without them


def test_missing_graphviz_says_how_to_install(monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path))  # a PATH with no graphviz on it
    with pytest.raises(ToolMissing) as e:
        render.render_dot("digraph { a -> b }", "svg")
    assert "apt-get install graphviz" in e.value.message("en")
    assert "Installer graphviz" in e.value.message("nb")


# ---------------------------------------------------------------- the command line

def test_cli_formats_and_errors(mini, cli_run, tmp_path):
    r = cli_run(["--data", mini, "diagram", "dependencies", "t-plattform", "--up", "--depth", "1", "--format", "dot",
                 "--no-gaps"])
    assert r.exit_code == 0, r.stderr
    assert "KI-plan for sektoren" in r.stdout and "Skalere tale" not in r.stdout
    r = cli_run(["--data", mini, "--lang", "en", "diagram", "timeline", "--format", "mermaid", "--no-gaps"])
    assert r.exit_code == 0 and r.stdout.startswith("gantt") and "AI platform for all municipalities" in r.stdout
    r = cli_run(["--data", mini, "diagram", "timeline", "--style", "board", "--format", "mermaid", "--no-gaps"])
    assert r.exit_code == 0 and "Planlagte tiltak 2026+" in r.stdout
    r = cli_run(["--data", mini, "diagram", "target-picture", "-o", tmp_path / "x.txt"])
    assert r.exit_code == 2 and "--format" in r.stderr
    r = cli_run(["--data", mini, "diagram", "dependencies", "--depth", "2"])
    assert r.exit_code == 2 and "ID" in r.stderr
    r = cli_run(["--data", mini, "diagram", "dependencies", "t-plattfrom"])
    assert r.exit_code == 1 and "t-plattform" in r.stderr
    r = cli_run(["--data", mini, "diagram", "timeline", "--from", "2026-Q5"])
    assert r.exit_code == 2 and "2026-Q5" in r.stderr
    r = cli_run(["--data", mini, "diagram", "dependencies", "--format", "mermaid", "-o", tmp_path / "d.mmd", "--no-gaps"])
    assert r.exit_code == 0 and (tmp_path / "d.mmd").read_text(encoding="utf-8").startswith("---")


@pytest.mark.dot
def test_cli_format_from_suffix(mini, cli_run, tmp_path):
    need_tool("dot")
    need_tool("neato")
    for name, args in (("d.svg", ["dependencies"]), ("t.png", ["timeline", "--from", "2025", "--to", "2027"]),
                       ("m.pdf", ["target-picture"]), ("b.png", ["timeline", "--style", "board"])):
        r = cli_run(["--data", mini, "diagram", *args, "-o", tmp_path / name])
        assert r.exit_code == 0, r.stderr
        data = (tmp_path / name).read_bytes()
        assert data[:4] in (b"<?xm", b"\x89PNG", b"%PDF"), name
    assert "Tøyen-KS" in html.unescape((tmp_path / "d.svg").read_text(encoding="utf-8"))


def test_timeline_and_target_around_an_id(mini, cli_run):
    with Workspace.open(mini) as ws:
        t = dm.build_timeline(ws, "nb", focus=ID + "t-plattform", up=True, down=False, today=TODAY)
        tp = dm.build_target(ws, "nb", focus=ID + "t-tale", up=False, down=True)
        with pytest.raises(dm.TooBig) as e:
            dm.build_timeline(ws, "nb", max_bars=2)
    assert set(t.bars) == {"t-plattform", "t-plan", "t-juss"}
    assert t.title.endswith("KI-plattform for alle kommuner")
    assert [c.id for c in tp.capabilities] == ["t-kap-plattform"]
    assert [s.id for s in tp.services] == ["t-tjeneste-tale"]
    assert tp.challenges == []  # t-tale addresses none: nothing is marked unaddressed around it
    assert "--from/--to" in e.value.message("en")
    r = cli_run(["--data", mini, "diagram", "timeline", "t-plattform", "--up", "--format", "mermaid", "--no-gaps"])
    assert r.exit_code == 0 and "KI-plan for sektoren" in r.stdout and "Skalere tale" not in r.stdout
    r = cli_run(["--data", mini, "diagram", "timeline", "t-plan", "--style", "board", "--format", "dot"])
    assert r.exit_code == 2


def test_board_and_target_stay_readable_with_many_initiatives():
    items = [dm.BoardItem(f"i{n}", f"Tiltak {n}") for n in range(40)]
    board = dm.BoardDiagram("Veikart", "nb", [dm.BoardColumn("fase-planlagt", "Planlagte tiltak 2026+", items)])
    text = diagram_timeline.board_to_dot(board)
    assert "Tiltak 13" in text and "Tiltak 14" not in text and "+ 26 tiltak til" in text
    cap = dm.TItem("k", ID + "k", "Plattform", by=[f"Tiltak {n}" for n in range(100)])
    tp = dm.TargetPicture("Målbilde", "nb", [], [cap], [], [], [])
    text = diagram_target.to_dot(tp)
    assert "Tiltak 5" in text and "Tiltak 6<" not in text and "+ 94 til" in text


HOSTILE = ["ctrl\x00\x01\x07\x1b[31m\x7fend", "x" * 5000, 'quote " back \\ nl\nand tab\t', "emoji 🚀 RTL שלום ‮rev",
           "]]><!-- --><![CDATA[", "&amp; &lt; &#0; %s {0}"]


@pytest.mark.dot
def test_hostile_labels_give_valid_svg():
    import xml.etree.ElementTree as ET
    need_tool("dot")
    need_tool("neato")
    from kg.roadmap.timewin import parse_when
    nodes = [dm.DNode(f"n{i}", ID + f"n{i}", lab, "initiative", "fase-planlagt", "status-ide", ID + "g",
                      "2026 – ?", [dm.Gap("owner-missing", "violation", ID + f"n{i}", lab)]) for i, lab in enumerate(HOSTILE)]
    edges = [dm.DEdge(ID + "n0", ID + f"n{i}", "dependency", "requires", "soft") for i in range(1, len(HOSTILE))]
    dep = dm.DependencyDiagram(HOSTILE[0], "nb", nodes, edges, [dm.DGroup(ID + "g", HOSTILE[2])])
    bars = {f"n{i}": dm.Bar(f"n{i}", ID + f"n{i}", lab, ID + "g", parse_when("2026-Q1"), parse_when("2027"))
            for i, lab in enumerate(HOSTILE)}
    tl = dm.TimelineDiagram(HOSTILE[3], "en", date(2025, 1, 1), date(2028, 12, 31), TODAY,
                            [dm.Lane(ID + "g", HOSTILE[1], list(bars))], bars,
                            [dm.Milestone("m", HOSTILE[4], date(2026, 7, 1), date(2026, 12, 31))],
                            [dm.Arrow("n0", "n1")])
    items = [dm.TItem(f"t{i}", ID + f"t{i}", lab, by=HOSTILE) for i, lab in enumerate(HOSTILE)]
    tp = dm.TargetPicture(HOSTILE[5], "nb", items[:2], items, items[:5], items, [])
    board = dm.BoardDiagram(HOSTILE[2], "nb", [dm.BoardColumn("fase-planlagt", HOSTILE[1],
                                                              [dm.BoardItem("b", HOSTILE[0], HOSTILE[1])])])
    for text, engine in ((diagram_dependencies.to_dot(dep), "dot"), (diagram_timeline.to_dot(tl), "neato"),
                         (diagram_target.to_dot(tp), "dot"), (diagram_timeline.board_to_dot(board), "dot")):
        svg = render.render_dot(text, "svg", engine=engine)
        root = ET.fromstring(svg)  # valid XML, whatever the labels held
        shown = html.unescape("".join(root.itertext()))
        assert "ctrlend" in shown.replace("[31m", "") or "quote" in shown or "emoji" in shown
    for text in (diagram_dependencies.to_mermaid(dep), diagram_timeline.to_mermaid(tl), diagram_target.to_mermaid(tp)):
        assert "\x00" not in text and "\x1b" not in text and "<!--" not in text


def test_grouping_by_phase_and_network(mini):
    with Workspace.open(mini) as ws:
        t = dm.build_timeline(ws, "nb", group_by="network", today=TODAY)
        d = dm.build_dependencies(ws, "en", group_by="phase")
    lanes = {lane.label: set(lane.bars) for lane in t.lanes}
    assert lanes["Digi Østfold"] == {"t-tale", "t-plattform"}  # owner or participant is a member
    assert "t-plan" in lanes["Uten nettverk"]
    assert [g.label for g in d.groups] == ["Established", "Ongoing", "Planned"]


def test_every_check_code_has_a_short_name_on_diagrams():
    checking = pytest.importorskip("kg.check.engine")
    missing = [c for c in checking.shipped_codes() if c not in dm.GAP_SHORT]
    assert missing == []
    assert dm.gap_names([dm.Gap("owner-missing", "violation", "x"), dm.Gap("dates-missing", "warning", "x")],
                        "nb") == "mangler datoer, mangler eier"


def test_a_very_tall_timeline_is_refused_as_png_but_not_as_text():
    from kg.facade import MAX_RASTER_BARS, draw
    from kg.roadmap.timewin import parse_when
    bars = {f"b{i}": dm.Bar(f"b{i}", ID + f"b{i}", f"Tiltak {i}", "", parse_when("2026"), parse_when("2027"))
            for i in range(MAX_RASTER_BARS + 1)}
    tl = dm.TimelineDiagram("T", "nb", date(2025, 1, 1), date(2028, 12, 31), TODAY,
                            [dm.Lane("", "Alle", list(bars))], bars, [], [])
    with pytest.raises(dm.TooBig) as e:
        draw("timeline", tl, "png")
    assert "--format svg" in e.value.message("en")
    assert draw("timeline", tl, "mermaid").decode("utf-8").count("Tiltak") == MAX_RASTER_BARS + 1
