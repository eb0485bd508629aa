"""The lenses read their links from a cache (kg.roadmap.lens_index) keyed by the workspace's
source catalog: the cached answer must be the answer read straight from the graph, and a
write (an import, a removed source) must reach the next answer.

By hand, on lens_sheets.VENDOR_ROWS plus one more sheet (source "ekstra", network
Digi Innlandet) with a row t7 owned by Elverum, vendor Delta AS, an AI system held outside
the EEA:
  before: AI-system links Alfa 2, Beta 2, Gamma 1 = 5 → HHI 3600 (test_q_vendors)
  after : Alfa 2, Beta 2, Gamma 1, Delta 1 = 6 → shares 33.33, 33.33, 16.67, 16.67 %
          → 1111.1 + 1111.1 + 277.8 + 277.8 = 2777.8
  municipalities served after: Alfa 3, Beta 2, Gamma 1, Delta 1 (Elverum) = 7
          → 42.86² + 28.57² + 14.29² + 14.29² = 1836.7 + 816.3 + 204.1 + 204.1 = 3061.2
  and Elverum now has two vendors (Beta, Delta): no longer single-vendor.
Sustainability: the extra row also contributes to 12.5 → goal 12 becomes covered.
After `kg remove ekstra` the answers are the first ones again.
"""
from __future__ import annotations

import pytest

from lens_sheets import VENDOR_HEADER, VENDOR_ROWS, import_sheet, write_sheet

from kg.store.cache import cache_dir, workspace_key
from kg.roadmap.lenses import sustainability, vendor_landscape
from kg.store.workspace import Workspace

EXTRA = [["t7", "Chat Elverum", "Elverum", "", "bemanningsplanlegging", "Delta AS", "utenfor-eøs", "nei",
          "", "", "", "", "", "", "12.5"]]


def _answers(path, use_cache=True):
    with Workspace.open(path) as ws:
        return vendor_landscape(ws, use_cache=use_cache), sustainability(ws, use_cache=use_cache)


@pytest.fixture
def vendor_ws(make_ws, tmp_path, cli_run):
    ws = make_ws(baseline=True)
    import_sheet(cli_run, ws, write_sheet(tmp_path / "leverandorer.csv", VENDOR_HEADER, VENDOR_ROWS),
                 "--network", "Digi Innlandet")
    return ws


def test_cached_answer_is_the_graph_answer_and_follows_writes(vendor_ws, tmp_path, cli_run):
    first = _answers(vendor_ws)             # builds the cache files
    with Workspace.open(vendor_ws) as ws:
        key = workspace_key(ws)
    assert sorted(p.name for p in cache_dir().glob(f"lens-*-{key}.marshal")) == [
        f"lens-sdgs-{key}.marshal", f"lens-vendors-{key}.marshal"]
    again = _answers(vendor_ws)             # read from the cache
    uncached = _answers(vendor_ws, use_cache=False)
    assert first == again == uncached
    assert first[0]["concentration"]["systems"]["hhi"] == 3600.0
    goal12 = next(g for g in first[1]["goals"] if g["code"] == "12")
    assert not goal12["covered"]

    # a write: one more sheet
    import_sheet(cli_run, vendor_ws, write_sheet(tmp_path / "ekstra.csv", VENDOR_HEADER, EXTRA),
                 "--network", "Digi Innlandet")
    after = _answers(vendor_ws)
    assert after == _answers(vendor_ws, use_cache=False)
    vendors, sdgs = after
    assert "delta-as" in [v["id"].rsplit("leverandor-", 1)[-1] for v in vendors["vendors"]]
    c = vendors["concentration"]
    assert c["systems"]["total"] == 6 and c["systems"]["hhi"] == 2777.8
    assert c["municipalities"]["total"] == 7 and c["municipalities"]["hhi"] == 3061.2
    assert "kommune-3420" not in [m["id"] for m in vendors["single_vendor_municipalities"]]
    goal12 = next(g for g in sdgs["goals"] if g["code"] == "12")
    assert goal12["covered"] and [i.rsplit("/", 1)[-1] for i in goal12["initiatives"]] == ["t7"]

    # another write: the source taken out again
    r = cli_run(["--data", vendor_ws, "remove", "ekstra"])
    assert r.exit_code == 0, r.stdout + r.stderr
    assert _answers(vendor_ws) == first == _answers(vendor_ws, use_cache=False)


def test_a_damaged_or_unwritable_cache_is_only_skipped(vendor_ws, tmp_path, monkeypatch):
    first = _answers(vendor_ws)
    with Workspace.open(vendor_ws) as ws:
        key = workspace_key(ws)
    for part in ("vendors", "sdgs"):
        (cache_dir() / f"lens-{part}-{key}.marshal").write_bytes(b"\x00not marshal")
    assert _answers(vendor_ws) == first            # read again from the graph, and rewritten
    # a cache folder that cannot be written: answered all the same
    blocked = tmp_path / "blocked"
    blocked.write_text("a file where the cache folder would be", encoding="utf-8")
    monkeypatch.setenv("KG_CACHE_DIR", str(blocked / "kg"))
    assert _answers(vendor_ws) == first
