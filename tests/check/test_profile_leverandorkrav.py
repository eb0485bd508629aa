"""kg check --profile leverandorkrav on the vendor sheet of tests/queries/lens_sheets.py.

By hand, per AI system (S1..S4 have a vendor, S6 has none; the baseline's
ki-i-saksbehandling-system has none either):
  S1 norge, exit plan ja, explanation, open formats, provider information, human
     oversight, no personal data → meets every requirement
  S2 eøs, exit plan nei                       → exit-plan, documentation, open-formats,
                                                provider-information, human-oversight
  S3 utenfor-eøs                              → data-eea + the five above
  S4 nothing recorded, personal data ja       → data-eea, the five, data-processing-agreement
  S6, ki-i-saksbehandling-system              → req-vendor-unknown (info)
Per vendor, one result per system of theirs that falls short (value = the system):
  Alfa (S1, S2): S2 for the five; Beta (S3, S4); Gamma (S4).
Counts: violations = S4 + Beta + Gamma for the agreement = 3.
  warnings: data-eea S3 S4 + Beta×2 + Gamma = 5; each of the five others: S2 S3 S4 +
  Alfa + Beta×2 + Gamma = 7 → 35; total 40. infos: 2.
"""
from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "queries"))
from lens_sheets import VENDOR_HEADER, VENDOR_ROWS, import_sheet, write_sheet  # noqa: E402

FIVE = ("req-exit-plan", "req-documentation", "req-open-formats", "req-provider-information", "req-human-oversight")


@pytest.fixture(scope="module")
def ws(tmp_path_factory):
    from click.testing import CliRunner
    from kg.cli import cli
    from kg.store.workspace import Workspace
    d = tmp_path_factory.mktemp("profile")
    path = d / "ws"
    Workspace.create(path)
    sheet = write_sheet(d / "leverandorer.csv", VENDOR_HEADER, VENDOR_ROWS)
    runner = CliRunner()
    import_sheet(lambda a: runner.invoke(cli, [str(x) for x in a], catch_exceptions=False), path, sheet,
                 "--network", "Digi Innlandet")
    return path


def _check(cli_run, ws, *extra, lang="en"):
    r = cli_run(["--data", ws, "--lang", lang, "check", "--profile", "leverandorkrav", "--format", "json", *extra])
    return r, json.loads(r.stdout)


def _short(x):
    return x.replace("digi-innlandet/", "").replace("/system", "").replace("leverandor-", "").replace("-as", "")


def test_profile_by_hand(ws, cli_run):
    r, data = _check(cli_run, ws)
    assert r.exit_code == 1 and not data["conforms"]
    assert data["counts"] == {"violation": 3, "warning": 40, "info": 2}
    got = Counter((x["code"], _short(x["id"]), _short(x["value"] or "")) for x in data["results"])
    want = Counter()
    for s in ("t3", "t4"):
        want[("req-data-eea", s, "")] += 1
    want.update([("req-data-eea", "beta", "t3"), ("req-data-eea", "beta", "t4"), ("req-data-eea", "gamma", "t4")])
    for code in FIVE:
        for s in ("t2", "t3", "t4"):
            want[(code, s, "")] += 1
        want.update([(code, "alfa", "t2"), (code, "beta", "t3"), (code, "beta", "t4"), (code, "gamma", "t4")])
    want.update([("req-data-processing-agreement", "t4", ""), ("req-data-processing-agreement", "beta", "t4"),
                 ("req-data-processing-agreement", "gamma", "t4")])
    want.update([("req-vendor-unknown", "t6", ""), ("req-vendor-unknown", "ki-i-saksbehandling-system", "")])
    assert got == want
    # S1 meets every requirement; a system's result names its sheet row, a vendor's its file
    assert not any(_short(x["id"]) == "t1" or _short(x["value"] or "") == "t1" for x in data["results"])
    t4 = next(x for x in data["results"] if x["code"] == "req-data-processing-agreement" and _short(x["id"]) == "t4")
    assert (t4["severity"], t4["source"], t4["row"]) == ("violation", "leverandorer.csv", 5)
    assert "GDPR art. 28" in t4["message"] and t4["path"] == "kg:dataProcessingAgreement"


def test_profile_messages_nb_and_codes(ws, cli_run):
    _, data = _check(cli_run, ws, "--code", "req-data-eea", lang="nb")
    assert {x["code"] for x in data["results"]} == {"req-data-eea"}
    assert all("Krav K1" in x["message"] for x in data["results"])


def test_profile_same_as_pyshacl(ws, cli_run):
    _, fast = _check(cli_run, ws)
    _, ref = _check(cli_run, ws, "--engine", "pyshacl")
    # pyshacl names the focus node as the value when a constraint projects no ?value
    key = lambda d: sorted((x["code"], x["severity"], x["focus"], "" if x["value"] == x["id"] else x["value"] or "")  # noqa: E731
                           for x in d["results"])
    assert key(fast) == key(ref)


def test_unknown_profile(ws, cli_run):
    r = cli_run(["--data", ws, "--lang", "en", "check", "--profile", "nope"])
    assert r.exit_code == 2 and "leverandorkrav" in r.stderr and "Traceback" not in r.stderr


def test_requirements_as_skos(ws):
    """Every requirement is a SKOS concept with a principle, a challenge and a code that
    names a shape of the profile; every profile code is a requirement (or the info)."""
    from kg.check import engine as checking
    from kg.check.shape_files import profile_files
    from kg.store.workspace import Workspace
    with Workspace.open(ws) as w:
        rows = w.select("""SELECT ?r ?code ?p ?c WHERE { ?r a kg:VendorRequirement ; skos:inScheme kgid:leverandorkrav ;
                           dct:identifier ?code ; kg:principle ?p ; kg:challenge ?c ;
                           skos:prefLabel ?nb , ?en ; skos:definition ?d
                           FILTER(lang(?nb) = "nb" && lang(?en) = "en") }""")
        codes = {r["code"].value for r in rows}
        based = {r["r"].value for r in w.select("SELECT ?r WHERE { ?r a kg:VendorRequirement ; kg:restsOn ?b . ?b a ?t }")}
    g = checking.load_shapes_graph(profile_files("leverandorkrav"), shipped=False)
    shape_codes = {checking.shape_info(g, n).code for n in checking.shape_nodes(g)}
    assert len(codes) == 7 and shape_codes == codes | {"req-vendor-unknown"}
    assert len(based) == 6   # open formats rests on principle 3 only (its scope note says so)
