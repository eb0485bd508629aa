"""The gaps the deck and the diagrams mark come from the last whole `kg check` while the
workspace is unchanged (kg.check.gap_cache), and from a new check as soon as it changes."""
from __future__ import annotations

import csv
import shutil

from kg.check import gap_cache
from kg.check import engine as checking
from kg.facade import gaps_from_check
from kg.store.workspace import Workspace


def _fresh(ws, lang):
    return sorted((r.code, r.severity, r.focus, r.message(lang)) for r in checking.check(ws).results)


def _as_tuples(gaps):
    return sorted((g.code, g.severity, g.focus, g.message) for g in gaps)


def test_cached_gaps_are_the_checks_and_a_change_is_seen(baseline_dir, tmp_path, monkeypatch, cli_run):
    monkeypatch.setenv("KG_CACHE_DIR", str(tmp_path / "cache"))
    ws_path = tmp_path / "ws"
    shutil.copytree(baseline_dir, ws_path)
    with Workspace.open(ws_path) as ws:
        assert gap_cache.cached_results(ws) is None        # nothing checked yet
        fresh_en = _fresh(ws, "en")                         # a whole check keeps its results
        rows = gap_cache.cached_results(ws)
        assert rows is not None and len(rows) == len(fresh_en) > 0
        gaps, checked = gaps_from_check(ws, "en")
        assert checked and _as_tuples(gaps) == fresh_en
        nb, _ = gaps_from_check(ws, "nb")
        assert _as_tuples(nb) == _fresh(ws, "nb")
        default, _ = gaps_from_check(ws, "nb", "default")   # `kg diagram --gaps`: no info level
        assert _as_tuples(default) == [g for g in _fresh(ws, "nb") if g[1] != "info"]
        # a check of some codes only is not the whole check: it leaves the entry alone
        checking.check(ws, codes=[fresh_en[0][0]])
        assert gap_cache.cached_results(ws) == rows
    # a row without an owner: a new gap the old entry does not hold
    f = tmp_path / "ny.csv"
    with open(f, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["id", "tittel", "status", "start"])
        w.writerow(["uten-eier", "Tiltak uten eier", "planlagt", "2027"])
    res = cli_run(["--data", ws_path, "import", f, "--network", "Digi Innlandet"])
    assert res.exit_code == 0, res.output
    with Workspace.open(ws_path) as ws:
        assert gap_cache.cached_results(ws) is None         # the workspace changed
        gaps, _ = gaps_from_check(ws, "en")
        now = _as_tuples(gaps)
        assert now == _fresh(ws, "en") and now != fresh_en
        assert any(focus.endswith("uten-eier") for _, _, focus, _ in now)
