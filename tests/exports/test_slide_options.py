"""Diagrams ready for a slide: --title, --size, --network (prerequisites faded), --gaps,
--lane (with the old --group hidden), the board over pages, and the drawing fixes seen
on the demo pictures (open start windows pale, no repeated warnings, no gutter arcs)."""
from __future__ import annotations

import html
import struct
from datetime import date
from pathlib import Path

import pytest

from _support import need_tool, workspace_from_ttl
from kg.exports.diagrams import model as dm
from kg.exports.diagrams import dependencies as diagram_dependencies
from kg.exports.diagrams import target as diagram_target
from kg.exports.diagrams import timeline as diagram_timeline
from kg.roadmap.network_scope import network_initiatives
from kg.roadmap.timewin import When
from kg.store.workspace import Workspace

HERE = Path(__file__).parent
ID = "https://w3id.org/kommune-ki/id/"
TODAY = date(2026, 5, 15)


@pytest.fixture(scope="module")
def mini(tmp_path_factory):
    return workspace_from_ttl(tmp_path_factory.mktemp("slides"), (HERE / "data" / "mini.ttl").read_text(encoding="utf-8"))


def _png_size(p: Path | bytes) -> tuple[int, int]:
    data = p if isinstance(p, bytes) else p.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])


def test_network_keeps_its_initiatives_and_fades_what_they_need(mini):
    # Digi Østfold's one member, Bærum, takes part in t-plattform and owns t-tale: those are
    # the network's. t-plattform needs t-plan and t-juss: drawn, faded. t-fabrikk: left out.
    with Workspace.open(mini) as ws:
        only = network_initiatives(ws, ID + "t-nett")
        assert only == {ID + "t-plattform", ID + "t-tale"}
        d = dm.build_dependencies(ws, "nb", only=only, services=False)
        t = dm.build_timeline(ws, "nb", only=only, today=TODAY)
        b = dm.build_board(ws, "nb", only=only)
    faded = {n.id: n.faded for n in d.nodes}
    assert faded == {"t-plattform": False, "t-tale": False, "t-plan": True, "t-juss": True}
    assert {k: v.faded for k, v in t.bars.items()} == faded
    assert sorted(it.id for c in b.columns for it in c.items) == ["t-plattform", "t-tale"]
    dot = diagram_dependencies.to_dot(d)
    assert "Forutsetning utenfor nettverket" in dot and dot.count('style="rounded,filled,dashed"') == 2
    assert "Forutsetning utenfor nettverket" in diagram_timeline.to_dot(t)


def test_gaps_default_leaves_out_info(mini):
    from kg.facade import diagram_gaps
    with Workspace.open(mini) as ws:
        default, everything = diagram_gaps(ws, "nb"), diagram_gaps(ws, "nb", "all")
        assert diagram_gaps(ws, "nb", "none") == []
    assert {g.severity for g in everything} >= {"info"}
    assert default == [g for g in everything if g.severity != "info"] and default


def test_label_missing_says_which_is_missing():
    assert dm.gap_names([dm.Gap("label-missing", "info", "x")], "en") == "name missing in one language"


def test_open_start_window_is_pale_not_solid(mini):
    with Workspace.open(mini) as ws:
        t = dm.build_timeline(ws, "nb", today=TODAY, application_dates=False)
    bar = t.bars["t-fabrikk"]
    bar.start, bar.end = When(date(2026, 1, 1), None, "vindu", "2026+"), None  # "2026+", end unknown
    dot = diagram_timeline.to_dot(t)
    line = next(x for x in dot.splitlines() if 'id="bar-t-fabrikk"' in x)
    fill = dm.phase_colours("fase-planlagt")[1] + "40"
    assert 'style="filled,dashed"' in line and f'fillcolor="{fill}"' in line


def test_no_arcs_left_of_the_axis_and_untimed_dependencies_in_the_tooltip(mini):
    with Workspace.open(mini) as ws:
        t = dm.build_timeline(ws, "en", today=TODAY, application_dates=False)
    # t-plattform has no end: t-tale's dependency on it cannot be drawn in time
    dot = diagram_timeline.to_dot(t)
    x0 = diagram_timeline.PAD + diagram_timeline.LABEL_W + diagram_timeline.GUTTER
    import re
    for m in re.finditer(r'pos="e?,?([\d.]+),[\d.]+ ', dot):
        assert float(m.group(1)) >= x0 - 1, m.group(0)
    assert "Depends on (end unknown): AI platform for all municipalities" in dot


def test_target_picture_says_not_addressed_once(mini):
    gaps = [dm.Gap("challenge-unaddressed", "warning", ID + "t-okonomi", "Ingen tiltak adresserer utfordringen.")]
    with Workspace.open(mini) as ws:
        tp = dm.build_target(ws, "nb", gaps=gaps)
    dot = html.unescape(diagram_target.to_dot(tp))
    assert dot.count("ingen tiltak adresserer") == 1
    assert "⚠ ingen tiltak<" not in dot
    assert "rank=same" not in dot  # one top-aligned table, no vertically centred columns


def test_dependencies_on_a4_read_top_to_bottom(mini):
    with Workspace.open(mini) as ws:
        d = dm.build_dependencies(ws, "nb")
    assert "rankdir=LR" in diagram_dependencies.to_dot(d)
    d.size = "A4"
    assert "rankdir=TB" in diagram_dependencies.to_dot(d)


@pytest.mark.dot
@pytest.mark.parametrize("kind,args", [("dependencies", []), ("timeline", ["--today", "2026-05-15"]),
                                       ("target-picture", [])])
def test_title_and_size_give_the_page(cli_run, mini, tmp_path, kind, args):
    need_tool("dot")
    need_tool("neato")
    need_tool("rsvg-convert")
    png = tmp_path / "x.png"
    r = cli_run(["--data", mini, "diagram", kind, *args, "--title", "Mitt lysbilde", "--size", "16:9", "-o", png])
    assert r.exit_code == 0, r.stderr
    assert _png_size(png) == (1920, 1080)
    r = cli_run(["--data", mini, "diagram", kind, *args, "--title", "Mitt lysbilde", "--size", "A4", "-o",
                 tmp_path / "x.svg"])
    assert r.exit_code == 0, r.stderr
    svg = (tmp_path / "x.svg").read_text(encoding="utf-8")
    assert 'viewBox="0 0 595 842"' in svg and "Mitt lysbilde" in svg


@pytest.mark.dot
def test_network_option_on_the_command_line(cli_run, mini, tmp_path):
    need_tool("dot")
    r = cli_run(["--data", mini, "diagram", "dependencies", "--network", "Digi Østfold", "--format", "dot"])
    assert r.exit_code == 0, r.stderr
    assert "KI-fabrikk" not in r.stdout and "KI-plattform for alle kommuner" in r.stdout
    r = cli_run(["--data", mini, "diagram", "timeline", "--network", "t-plan", "--format", "dot"])
    assert r.exit_code == 2 and "kg:Network" in r.stderr


def test_lane_and_the_hidden_old_group_are_one_option(cli_run, mini):
    a = cli_run(["--data", mini, "diagram", "timeline", "--lane", "phase", "--today", "2026-05-15", "--no-gaps",
                 "--format", "dot"])
    b = cli_run(["--data", mini, "diagram", "timeline", "--group", "phase", "--today", "2026-05-15", "--no-gaps",
                 "--format", "dot"])
    assert a.exit_code == b.exit_code == 0 and a.stdout == b.stdout and "Planlagt" in a.stdout
    helptext = cli_run(["diagram", "timeline", "--help"]).stdout
    assert "--lane" in helptext and "--group" not in helptext


def test_board_splits_over_pages_when_too_tall(mini):
    with Workspace.open(mini) as ws:
        b = dm.build_board(ws, "nb")
    items = b.columns[2].items
    # 40 planned cards cannot stand in one 16:9 column: they run over pages, none lost
    b.columns[2].items = [dm.BoardItem(f"x{i}", f"Tiltak {i}", "En beskrivelse av tiltaket.") for i in range(40)] + items
    b.size = "16:9"
    pages = diagram_timeline.board_pages(b)
    assert len(pages) > 1 and pages[0].title.endswith(f"(1/{len(pages)})")
    assert sum(len(p.columns[2].items) for p in pages) == 40 + len(items)
    assert all(len(p.columns) == len(b.columns) for p in pages)
    b.size = None
    assert diagram_timeline.board_pages(b) == [b]


@pytest.mark.dot
def test_board_pages_on_the_command_line(cli_run, tmp_path):
    need_tool("dot")
    need_tool("rsvg-convert")
    # twelve planned initiatives: more than one 16:9 page holds in a column
    ws = workspace_from_ttl(tmp_path, "".join(
        f'kgid:p{i} a kg:Initiative ; skos:prefLabel "Planlagt tiltak {i}"@nb , "Planned {i}"@en ; '
        f'dct:description "Et tiltak med en beskrivelse på to linjer, slik kortene på tavlen har."@nb ; '
        f'kg:phase kgid:fase-planlagt .\n' for i in range(12)), "many")
    r = cli_run(["--data", ws, "diagram", "timeline", "--style", "board", "--size", "16:9", "--no-gaps",
                 "-o", tmp_path / "board.png"])
    assert r.exit_code == 0, r.stderr
    pages = sorted(tmp_path.glob("board-*.png"))  # the workspace is in tmp_path/ws
    assert len(pages) >= 2 and not (tmp_path / "board.png").exists()
    assert len(pages) >= 2 and all(_png_size(p) == (1920, 1080) for p in pages)
    r = cli_run(["--data", ws, "diagram", "timeline", "--style", "board", "--size", "16:9", "--no-gaps",
                 "-o", tmp_path / "board.pdf"])
    assert r.exit_code == 0, r.stderr
    pdf = (tmp_path / "board.pdf").read_bytes()
    assert pdf[:5] == b"%PDF-" and pdf.count(b"/Type /Page\n") + pdf.count(b"/Type/Page\n") + \
        pdf.count(b"/Type /Page ") + pdf.count(b"/Type /Page>") >= len(pages)


@pytest.mark.dot
def test_picture_gives_any_diagram_for_a_slide(mini):
    """The function the deck and other callers use: one call per picture, pages as a list."""
    need_tool("dot")
    need_tool("rsvg-convert")
    from kg.facade import picture
    with Workspace.open(mini) as ws:
        for kind in ("dependencies", "timeline", "board", "target-picture", "map"):
            pages = picture(ws, kind, "en", "png", size="16:9", title=f"Slide {kind}", today=TODAY)
            assert pages and all(_png_size(p) == (1920, 1080) for p in pages), kind
        svg = picture(ws, "map", "nb", "svg", network="Digi Østfold")[0].decode("utf-8")
    assert "Digi Østfold: tiltak per kommune" in svg
