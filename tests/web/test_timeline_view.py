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
