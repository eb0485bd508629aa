"""kg query sustainability on a small sheet and a hand-written national indicator set
(lens_sheets.SDG_ROWS, NATIONAL_TTL), worked out by hand:

  goal 9 : s2 (the goal itself) and s1 (9.c) → 2 initiatives; municipalities Hamar (s1),
           Løten and Stange (s2) → 3
    9.c  : s1; Hamar; indicators: the UN's 9.c.1 and the national NO-9.c.1 → 2 (1 national)
  goal 11: 11.3 ← s2, s3 (national indicator NO-11.3.1), s4 (UN indicator 11.3.1) → 3;
           municipalities Løten, Stange (s2), Elverum (s3), and s4's owner is the network
           Digi Innlandet, whose members (made by the import: the owners Hamar, Løten) it
           reaches → Elverum, Hamar, Løten, Stange = 4
    11.3 : indicators 11.3.1, 11.3.2 (UN) and NO-11.3.1 → 3; NO-11.3.1 measures s3, 11.3.1 s4
  goal 4 : 4.4 ← s5 (by IRI); Hamar
  uncovered: 17 − 3 = 14 goals; 169 − 3 = 166 targets.
The national set joins the view with no step beyond `kg import national.ttl`.
"""
from __future__ import annotations

import pytest

from lens_sheets import NATIONAL_TTL, SDG_HEADER, SDG_ROWS, import_sheet, write_sheet


@pytest.fixture
def sdg_ws(make_ws, tmp_path, cli_run):
    ws = make_ws()
    national = tmp_path / "nasjonale-indikatorer.ttl"
    national.write_text(NATIONAL_TTL, encoding="utf-8")
    import_sheet(cli_run, ws, national)
    sheet = write_sheet(tmp_path / "baerekraft.csv", SDG_HEADER, SDG_ROWS)
    import_sheet(cli_run, ws, sheet, "--network", "Digi Innlandet")
    return ws


def _goal(data, code):
    return next(g for g in data["goals"] if g["code"] == code)


def _target(goal, code):
    return next(t for t in goal["targets"] if t["code"] == code)


def _tail(ids):
    return [i.rsplit("/", 1)[-1] for i in ids]


def test_sustainability_by_hand(sdg_ws, q):
    data = q(sdg_ws, "sustainability")
    g9, g11, g4 = _goal(data, "9"), _goal(data, "11"), _goal(data, "4")
    assert _tail(g9["initiatives"]) == ["s1", "s2"] and _tail(g9["direct"]) == ["s2"]
    assert g9["municipalities"] == ["kommune-3403", "kommune-3412", "kommune-3413"]
    t9c = _target(g9, "9.c")
    assert _tail(t9c["initiatives"]) == ["s1"] and t9c["municipalities"] == ["kommune-3403"]
    assert [(x["notation"], x["national"]) for x in t9c["indicators"]] == [("9.c.1", False), ("NO-9.c.1", True)]
    t113 = _target(g11, "11.3")
    assert _tail(t113["initiatives"]) == ["s2", "s3", "s4"]
    assert t113["municipalities"] == ["kommune-3403", "kommune-3412", "kommune-3413", "kommune-3420"]
    inds = {x["notation"]: x for x in t113["indicators"]}
    assert set(inds) == {"11.3.1", "11.3.2", "NO-11.3.1"}
    assert _tail(inds["NO-11.3.1"]["initiatives"]) == ["s3"] and _tail(inds["11.3.1"]["initiatives"]) == ["s4"]
    assert inds["NO-11.3.1"]["scheme"].endswith("indikatorer")
    assert inds["NO-11.3.1"]["label"]["nb"] == "Andel kommuner med oppdatert arealplan"
    assert g11["indicators"] >= 3 and g11["national_indicators"] == 1
    assert _tail(_target(g4, "4.4")["initiatives"]) == ["s5"]
    assert len(data["uncovered_goals"]) == 14 and "9" not in data["uncovered_goals"]
    assert len(data["uncovered_targets"]) == 166 and "11.3" not in data["uncovered_targets"]
    assert sorted((s["label"]["en"], s["indicators"]) for s in data["indicator_sets"]) == [
        ("National SDG indicators", 2), ("Sustainable Development Goals Taxonomy", 232)]


def test_sustainability_table_and_filters(sdg_ws, cli_run, q):
    r = cli_run(["--data", sdg_ws, "--lang", "en", "query", "sustainability"])
    assert r.exit_code == 0
    assert "The SDGs: 3 of 17 goals and 3 of 169 targets have contributions" in r.stdout
    assert "Goals nothing contributes to: 1, 2, 3, 5, 6, 7, 8, 10, 12, 13, 14, 15, 16, 17" in r.stdout
    assert "NO-11.3.1 Share of municipalities with an up-to" in r.stdout
    r = cli_run(["--data", sdg_ws, "query", "sustainability"])
    assert "Bærekraftsmålene: 3 av 17 mål og 3 av 169 delmål har bidrag" in r.stdout
    data = q(sdg_ws, "sustainability", "--goal", "11")
    assert [g["code"] for g in data["goals"]] == ["11"] and len(data["goals"][0]["targets"]) == 10
    assert len(data["rows"]) == 11
    data = q(sdg_ws, "sustainability", "--uncovered")
    assert not any(row["sdg"].strip() in ("9", "9.c", "11.3", "4.4") for row in data["rows"])
    assert sum(1 for row in data["rows"] if not row["sdg"].startswith(" ")) == 14
    r = cli_run(["--data", sdg_ws, "query", "sustainability", "--goal", "18"])
    assert r.exit_code == 2 and "1–17" in r.stderr


def test_sdg_column_goal_target_indicator(make_ws, tmp_path, cli_run, q):
    """The bærekraftsmål column takes a goal, a target or an indicator by notation or IRI;
    an unknown one is a row error naming file, row and column."""
    ws = make_ws()
    rows = [["x1", "X", "", "", "NO-99.9.9"], ["x2", "Y", "", "", "C110301"], ["x3", "Z", "", "", "sdg 13"]]
    sheet = write_sheet(tmp_path / "feil.csv", SDG_HEADER, rows)
    r = cli_run(["--data", ws, "--lang", "en", "import", sheet])
    assert r.exit_code == 1
    assert "feil.csv:2:bærekraftsmål 'NO-99.9.9': unknown SDG goal, target or indicator 'NO-99.9.9'" in r.stdout + r.stderr
    data = q(ws, "sustainability")
    assert _tail(_target(_goal(data, "11"), "11.3")["initiatives"]) == ["x2"]
    assert _tail(_goal(data, "13")["direct"]) == ["x3"]


def test_sdr_context_on_the_baseline(baseline_dir, q, cli_run):
    data = q(baseline_dir, "sustainability")
    sdr = data["context"]["sdr"]
    assert sdr["index"]["rank"] == 7 and sdr["index"]["score"] == 82.72
    assert (sdr["spillover"]["score"], sdr["spillover"]["rank"], sdr["spillover"]["of"]) == (55.41, 157, 167)
    r = cli_run(["--data", baseline_dir, "--lang", "en", "query", "sustainability"])
    assert "Norway in SDR 2025: SDG Index rank 7 (82.72 points); spillover score 55.41, rank 157 of 167" in r.stdout
    r = cli_run(["--data", baseline_dir, "query", "sustainability"])
    assert "Norge i SDR 2025: SDG-indeksen nr. 7 (82,72 poeng); ringvirkningsindeksen 55,41 poeng, nr. 157 av 167" in r.stdout


def test_sustainability_csv_is_whole(sdg_ws, cli_run):
    # target 11.3 has three initiatives (s2, s3, s4): --limit 1 shortens only the text table
    import csv
    import io
    r = cli_run(["--data", sdg_ws, "--lang", "en", "query", "sustainability", "--limit", "1", "--format", "csv"])
    row = next(x for x in csv.DictReader(io.StringIO(r.stdout)) if x["sdg"].strip() == "11.3")
    assert r.exit_code == 0 and "…" not in row["names"] and len(row["names"].split(", ")) == 3
    # the labels are whole too: target 11.3's UN text is longer than any table column
    assert "…" not in r.stdout
    assert row["label"].startswith("By 2030, enhance inclusive and sustainable urbanization") and len(row["label"]) > 90
    r = cli_run(["--data", sdg_ws, "--lang", "en", "query", "sustainability", "--limit", "1"])
    assert "… +2" in r.stdout and "the table shows 1 names per cell" in r.stdout
