"""The what-if timeline applies the scheduling model's rule: an initiative that is under way
keeps its start and only its end moves; a planned one moves whole (kg.roadmap.schedule)."""
from __future__ import annotations

from kg.web import timeline_view
from kg.store.workspace import Workspace


def _bar(view, bar_id):
    return next(b for b in view.bars if b.id == bar_id)


def test_started_initiative_keeps_its_start_on_the_what_if_timeline(baseline_dir):
    # by hand: a move of +200 d on ki-fabrikk ("2026+", open end in the baseline): the bar's
    # left edge moves right of its ghost (the old position). The same move marked
    # already_started: the left edge stays where it was, on the ghost's.
    with Workspace.open(baseline_dir) as ws:
        plain = timeline_view.build(ws, "en", moves=[{"id": "ki-fabrikk", "shift_days": 200}])
        started = timeline_view.build(ws, "en", moves=[{"id": "ki-fabrikk", "shift_days": 200,
                                                        "already_started": True}])
    p, s = _bar(plain, "ki-fabrikk"), _bar(started, "ki-fabrikk")
    assert p.moved and s.moved
    assert p.ghost[0] < p.x
    assert s.ghost[0] == s.x


def test_big_timeline_draws_the_diagrams_first_400_and_says_how_many(baseline_copy, cli_run, tmp_path):
    """450 imported initiatives in 2026 (owned by Hamar, Løten or nobody) and the seed: the
    page draws 400 bars, in the order `kg diagram timeline` has them (lanes by name,
    bars by start, name and id), and says how many there are and how to narrow."""
    from kg.exports.diagrams.model import build_timeline
    from kg.roadmap.timewin import parse_when
    owners = ["Hamar", "Løten", ""]
    rows = "".join(f"s-{i:03d};Stort tiltak {i:03d};planlagt;2026-Q{1 + i % 4};2026-Q4;{owners[i % 3]}\n"
                   for i in range(450))
    sheet = tmp_path / "stort.csv"
    sheet.write_text("id;tittel;status;start;slutt;eier\n" + rows, encoding="utf-8")
    r = cli_run(["--data", str(baseline_copy), "import", str(sheet), "--source", "stort"])
    assert r.exit_code == 0, r.stderr
    with Workspace.open(baseline_copy) as ws:
        view = timeline_view.build(ws, "nb", from_="2026", to="2026")
        diagram = build_timeline(ws, "nb", start=parse_when("2026").earliest, end=parse_when("2026").latest)
    expected = [(ln.label, b) for ln in diagram.lanes for b in ln.bars]
    assert view.total == len(expected) > 450
    assert len(view.bars) == 400 and view.capped == view.total - 400
    drawn = [b.id for b in view.bars]
    assert drawn == [b for _, b in expected][:400]
    assert [ln.label for ln in view.lanes] == list(dict.fromkeys(lab for lab, _ in expected[:400]))
    # the page, from a real `kg serve`: says so, and offers the filters that narrow it
    import html
    import re
    import urllib.request

    from web_support import Server
    server = Server(baseline_copy, token=None)
    try:
        with urllib.request.urlopen(server.url + "/timeline?from=2026&to=2026", timeout=120) as resp:
            page = html.unescape(resp.read().decode("utf-8"))
    finally:
        server.stop()
    note = re.search(r'<p class="note" role="status" id="tl-capped">(.*?)</p>', page, re.S)[1]
    assert f"Viser 400 av {view.total} stolper" in note
    assert "/timeline?from=2026&to=2026&phase=fase-planlagt" in note
    assert page.count('class="bar ') == 400
