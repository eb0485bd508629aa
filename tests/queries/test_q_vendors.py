"""kg query vendors on a small sheet (lens_sheets.VENDOR_ROWS), every figure worked out by
hand below before the code was trusted.

Vendors of each AI system (its own kg:vendor, else the vendors of the rows using it):
  S1 {Alfa}  S2 {Alfa}  S3 {Beta}  S4 {Beta, Gamma}  S6 {} (no vendor)
Per vendor:
  Alfa : initiatives t1 t2 t5; systems S1 S2; services tale-til-tekst, ki-i-saksbehandling;
         municipalities Hamar, Løten (t1), Stange (t2), Løten (t5) → 3;
         data: norge 1, eøs 1; exit plan S1 ja, S2 nei → partly (1 of 2)
  Beta : initiatives t3 t4; systems S3 S4; service bemanningsplanlegging; Elverum, Hamar → 2;
         data: utenfor-eøs 1, not recorded 1; exit plan: none recorded → not recorded
  Gamma: initiative t4; system S4; bemanningsplanlegging; Hamar → 1
HHI over AI systems: links Alfa 2, Beta 2, Gamma 1 = 5 → shares 40, 40, 20 %
  → 40² + 40² + 20² = 1600 + 1600 + 400 = 3600 (high: above 2000)
HHI over municipalities served: Alfa 3, Beta 2, Gamma 1 = 6 → 50, 33.33, 16.67 %
  → 2500 + 1111.1 + 277.8 = 3888.9 (high)
Services with a single vendor: tale-til-tekst (Alfa), ki-i-saksbehandling (Alfa);
  bemanningsplanlegging has two (Beta, Gamma).
Municipalities whose AI runs on one vendor: Elverum (Beta), Løten (Alfa), Stange (Alfa);
  Hamar has three; 4 municipalities have a vendor at all.
--service bemanningsplanlegging: t3, t4 → Beta 2 systems / 2 municipalities, Gamma 1 / 1
  → HHI 66.67² + 33.33² = 4444.4 + 1111.1 = 5555.6 for both.
--municipality Løten (3412): t1 (participant), t5 (owner) → Alfa only, system S1,
  municipalities Hamar and Løten → HHI 10000.
"""
from __future__ import annotations

import pytest

from lens_sheets import VENDOR_HEADER, VENDOR_ROWS, import_sheet, write_sheet


@pytest.fixture
def vendor_ws(make_ws, tmp_path, cli_run):
    ws = make_ws(baseline=True)
    sheet = write_sheet(tmp_path / "leverandorer.csv", VENDOR_HEADER, VENDOR_ROWS)
    import_sheet(cli_run, ws, sheet, "--network", "Digi Innlandet")
    return ws


def _by_id(data):
    return {v["id"]: v for v in data["vendors"]}


def test_vendors_by_hand(vendor_ws, q):
    data = q(vendor_ws, "vendors")
    v = _by_id(data)
    assert list(v) == ["leverandor-alfa-as", "leverandor-beta-as", "leverandor-gamma-as"]
    alfa, beta, gamma = v["leverandor-alfa-as"], v["leverandor-beta-as"], v["leverandor-gamma-as"]
    assert [i.rsplit("/", 1)[-1] for i in alfa["initiatives"]] == ["t1", "t2", "t5"]
    assert len(alfa["systems"]) == 2 and len(beta["systems"]) == 2 and len(gamma["systems"]) == 1
    assert alfa["services"] == ["ki-i-saksbehandling", "tale-til-tekst"]
    assert alfa["municipalities"] == ["kommune-3403", "kommune-3412", "kommune-3413"]
    assert beta["municipalities"] == ["kommune-3403", "kommune-3420"] and gamma["municipalities"] == ["kommune-3403"]
    assert alfa["data_location"] == {"lagring-eos": 1, "lagring-norge": 1}
    assert beta["data_location"] == {"lagring-utenfor-eos": 1, "not-recorded": 1}
    assert alfa["exit_plan"] == "partly" and alfa["exit_plan_counts"] == {"yes": 1, "no": 1, "not_recorded": 0}
    assert beta["exit_plan"] == "unknown"
    c = data["concentration"]
    assert c["systems"]["hhi"] == 3600.0 and c["systems"]["level"] == "high" and c["systems"]["total"] == 5
    assert [(t["id"], t["share"]) for t in c["systems"]["top"]] == [
        ("leverandor-alfa-as", 40.0), ("leverandor-beta-as", 40.0), ("leverandor-gamma-as", 20.0)]
    assert c["municipalities"]["hhi"] == 3888.9 and c["municipalities"]["total"] == 6
    assert [t["share"] for t in c["municipalities"]["top"]] == [50.0, 33.3, 16.7]
    assert [(s["id"], s["vendor"]) for s in data["single_vendor_services"]] == [
        ("ki-i-saksbehandling", "leverandor-alfa-as"), ("tale-til-tekst", "leverandor-alfa-as")]
    assert [(m["id"], m["vendor"]) for m in data["single_vendor_municipalities"]] == [
        ("kommune-3420", "leverandor-beta-as"), ("kommune-3412", "leverandor-alfa-as"),
        ("kommune-3413", "leverandor-alfa-as")]
    assert data["municipalities_with_vendor"] == 4
    # t6's system, and the baseline's AI system for case processing (no vendor in the seed)
    assert data["systems_without_vendor"] == ["digi-innlandet/t6/system", "ki-i-saksbehandling-system"]


def test_vendor_filters(vendor_ws, q):
    data = q(vendor_ws, "vendors", "--service", "bemanningsplanlegging")
    assert [v["id"] for v in data["vendors"]] == ["leverandor-beta-as", "leverandor-gamma-as"]
    assert data["concentration"]["systems"]["hhi"] == 5555.6 == data["concentration"]["municipalities"]["hhi"]
    assert data["filters"] == {"service": "bemanningsplanlegging"}
    data = q(vendor_ws, "vendors", "--municipality", "3412")
    assert [v["id"] for v in data["vendors"]] == ["leverandor-alfa-as"]
    assert data["vendors"][0]["municipalities"] == ["kommune-3403", "kommune-3412"]
    assert data["concentration"]["systems"]["hhi"] == 10000.0
    # every row was imported for Digi Innlandet: the network filter keeps all three vendors
    data = q(vendor_ws, "vendors", "--network", "digi-innlandet")
    assert len(data["vendors"]) == 3 and data["concentration"]["systems"]["hhi"] == 3600.0


def test_vendor_filter_errors(vendor_ws, cli_run):
    r = cli_run(["--data", vendor_ws, "query", "vendors", "--network", "kommune-3403"])
    assert r.exit_code == 2 and "nettverk" in r.stderr and "Traceback" not in r.stderr
    r = cli_run(["--data", vendor_ws, "--lang", "en", "query", "vendors", "--municipality", "ks"])
    assert r.exit_code == 2 and "not a municipality" in r.stderr
    r = cli_run(["--data", vendor_ws, "--lang", "en", "query", "vendors", "--service", "kommune-3403"])
    assert r.exit_code == 2 and "not a service" in r.stderr
    # an empty filter is not read as "no filter"
    r = cli_run(["--data", vendor_ws, "--lang", "en", "query", "vendors", "--service", ""])
    assert r.exit_code != 0 and "empty" in r.stderr and r.stdout == ""


def test_vendor_text_and_csv(vendor_ws, cli_run):
    r = cli_run(["--data", vendor_ws, "--lang", "en", "query", "vendors"])
    assert r.exit_code == 0
    out = r.stdout.replace("\u202f", " ")
    assert ("Concentration over AI systems: HHI 3 600.0 (high); 3 vendors; largest: Alfa AS 40.0 %, "
            "Beta AS 40.0 %, Gamma AS 20.0 %") in out
    assert "Services with a single vendor: AI in case processing (Alfa AS); Speech-to-text (Alfa AS)" in out
    assert "partly (1/2)" in out
    r = cli_run(["--data", vendor_ws, "query", "vendors"])
    out = r.stdout.replace("\u202f", " ")
    assert "Konsentrasjon over KI-systemer: HHI 3 600,0 (høy)" in out
    assert "Kommuner der all KI kommer fra én leverandør: 3 av 4: Elverum (Beta AS); Løten (Alfa AS); Stange (Alfa AS)" in out
    r = cli_run(["--data", vendor_ws, "query", "vendors", "--format", "csv"])
    lines = r.stdout.strip().splitlines()
    assert len(lines) == 4 and "leverandor-alfa-as" in lines[1]


def test_baseline_has_no_vendors(baseline_dir, q):
    data = q(baseline_dir, "vendors")
    assert data["vendors"] == [] and data["concentration"]["systems"]["level"] == "none"


def test_vendor_names_whole_in_csv_and_json_cut_only_in_the_text_table(make_ws, tmp_path, cli_run):
    # by hand: one vendor, Delta AS, on ten rows owned by ten different municipalities, so
    # its cell "which municipalities" holds ten names. The text table shows 8 and "… +2"
    # and says so; CSV and JSON hold all ten.
    towns = ["Hamar", "Løten", "Stange", "Elverum", "Ringsaker", "Gjøvik", "Lillehammer", "Kongsvinger",
             "Trysil", "Tynset"]
    rows = [[f"d{i}", f"Delta {t}", t, "", "tale-til-tekst", "Delta AS"] + [""] * 9 for i, t in enumerate(towns)]
    ws = make_ws(baseline=True)
    import_sheet(cli_run, ws, write_sheet(tmp_path / "delta.csv", VENDOR_HEADER, rows), "--network", "Digi Innlandet")
    r = cli_run(["--data", ws, "--lang", "en", "query", "vendors", "--format", "csv"])
    import csv as _csv
    import io
    got = list(_csv.DictReader(io.StringIO(r.stdout)))
    assert len(got) == 1 and "…" not in r.stdout
    assert sorted(x.strip() for x in got[0]["municipality_names"].split(",")) == sorted(towns)
    r = cli_run(["--data", ws, "--lang", "en", "query", "vendors", "--format", "json"])
    import json
    assert sorted(json.loads(r.stdout)["rows"][0]["municipality_names"]) == sorted(towns)
    r = cli_run(["--data", ws, "--lang", "en", "query", "vendors"])
    assert "… +2" in r.stdout and "the table shows 8 names per cell" in r.stdout


def test_the_single_vendor_note_holds_every_municipality(make_ws, tmp_path, cli_run):
    # by hand: fourteen rows, each owned by another municipality, seven on Alfa AS and seven
    # on Beta AS; every municipality's AI runs on one vendor: 14 of 14. The answer names all
    # fourteen; the text table's note shows the first 12 by Norwegian name and "… +2".
    from kg.i18n import Text
    from kg.queries import vendors
    from kg.store.workspace import Workspace
    towns = ["Hamar", "Løten", "Stange", "Elverum", "Ringsaker", "Gjøvik", "Lillehammer", "Kongsvinger",
             "Åmot", "Trysil", "Tynset", "Våler (Innlandet)", "Åsnes", "Eidskog"]
    rows = [[f"m{k}", f"Tiltak {t}", t, "", "tale-til-tekst", "Alfa AS" if k % 2 else "Beta AS"] + [""] * 9
            for k, t in enumerate(towns)]
    ws = make_ws(baseline=True)
    import_sheet(cli_run, ws, write_sheet(tmp_path / "many.csv", VENDOR_HEADER, rows), "--network", "Digi Innlandet")
    with Workspace.open(ws) as w:
        res = vendors.run(w)
    assert len(res.data["single_vendor_municipalities"]) == 14
    from kg.results import NameList
    [note] = [n for n in res.notes if isinstance(n, NameList)]
    assert len(note.names) == 14 and Text("Hamar (Beta AS)", "Hamar (Beta AS)") in note.names
    # Norwegian order: Eidskog, Elverum, Gjøvik, Hamar, Kongsvinger, Lillehammer, Løten, Ringsaker,
    # Stange, Trysil, Tynset, Våler (Innlandet) | Åmot, Åsnes left out
    r = cli_run(["--data", ws, "query", "vendors"])
    line = next(x for x in r.stdout.splitlines() if x.startswith("Kommuner der all KI"))
    assert line.startswith("Kommuner der all KI kommer fra én leverandør: 14 av 14: Eidskog (Alfa AS); ")
    assert line.endswith("; Våler (Innlandet) (Alfa AS) … +2") and "Åmot" not in line
    r = cli_run(["--data", ws, "query", "vendors", "--format", "json"])
    import json
    assert len(json.loads(r.stdout)["single_vendor_municipalities"]) == 14
