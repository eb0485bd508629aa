"""The gaps the deck and the diagrams mark come from the last whole `kg check` while the
workspace is unchanged (kg.check.cache), and from a new check as soon as it changes."""
from __future__ import annotations

import csv
import shutil

from kg.check import cache as check_cache
from kg.check import engine as checking
from kg.facade import gaps_from_check
from kg.store.workspace import Workspace


def _fresh(ws, lang):
    return sorted((r.code, r.severity, r.focus, r.message(lang)) for r in checking.check(ws).results)


def _keys(report):
    return sorted((r.code, r.severity, r.focus) for r in report.results)


def _as_tuples(gaps):
    return sorted((g.code, g.severity, g.focus, g.message) for g in gaps)


def test_cached_gaps_are_the_checks_and_a_change_is_seen(baseline_dir, tmp_path, monkeypatch, cli_run):
    monkeypatch.setenv("KG_CACHE_DIR", str(tmp_path / "cache"))
    ws_path = tmp_path / "ws"
    shutil.copytree(baseline_dir, ws_path)
    with Workspace.open(ws_path) as ws:
        check_cache._KEPT.clear()
        assert check_cache.cached_check(ws, run=False) is None   # nothing checked yet
        fresh_en = _fresh(ws, "en")                         # a whole check keeps its results
        kept = check_cache.cached_check(ws, run=False)
        assert kept is not None and len(kept.results) == len(fresh_en) > 0
        gaps, checked = gaps_from_check(ws, "en")
        assert checked and _as_tuples(gaps) == fresh_en
        nb, _ = gaps_from_check(ws, "nb")
        assert _as_tuples(nb) == _fresh(ws, "nb")
        default, _ = gaps_from_check(ws, "nb", "default")   # `kg diagram --gaps`: no info level
        assert _as_tuples(default) == [g for g in _fresh(ws, "nb") if g[1] != "info"]
        # a check of some codes only is not the whole check: it leaves the entry alone
        checking.check(ws, codes=[fresh_en[0][0]])
        assert _keys(check_cache.cached_check(ws, run=False)) == _keys(kept)
    # a row without an owner: a new gap the old entry does not hold
    f = tmp_path / "ny.csv"
    with open(f, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["id", "tittel", "status", "start"])
        w.writerow(["uten-eier", "Tiltak uten eier", "planlagt", "2027"])
    res = cli_run(["--data", ws_path, "import", f, "--network", "Digi Innlandet"])
    assert res.exit_code == 0, res.output
    with Workspace.open(ws_path) as ws:
        assert check_cache.cached_check(ws, run=False) is None   # the workspace changed
        gaps, _ = gaps_from_check(ws, "en")
        now = _as_tuples(gaps)
        assert now == _fresh(ws, "en") and now != fresh_en
        assert any(focus.endswith("uten-eier") for _, _, focus, _ in now)
