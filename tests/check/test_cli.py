"""`kg check` through the real CLI: formats, filters, exit codes, bad input, the demo step."""
from __future__ import annotations

import json

import rdflib
from rdflib.namespace import SH

from tests.check.helpers import HEADER

GAPS = """kgid:x a kg:Initiative ; skos:prefLabel "Tiltak X"@nb , "Initiative X"@en ; kg:sourceRow 5 ;
  kg:dependsOn kgid:finnes-ikke .
kgid:y a kg:Initiative ; skos:prefLabel "Tiltak Y"@nb , "Initiative Y"@en ; kg:owner kgid:ks ;
  kg:addresses kgid:competence ; kg:follows kgid:prinsipp-1 .
"""
KEYS = {"code", "severity", "focus", "id", "label", "path", "value", "message", "shape", "source", "row", "graph"}


def _ws(make_ws):
    return make_ws(GAPS, name="nettverk")


def test_json_contract_and_exit_code(make_ws, cli_run):
    ws = _ws(make_ws)
    r = cli_run(["--data", ws, "--lang", "en", "check", "--format", "json"])
    assert r.exit_code == 1                      # a dangling dependency is a violation
    data = json.loads(r.stdout)
    assert set(data) == {"conforms", "counts", "results"} and data["conforms"] is False
    assert set(data["counts"]) == {"violation", "warning", "info"}
    assert all(set(x) == KEYS for x in data["results"])
    dangling = [x for x in data["results"] if x["code"] == "dependency-dangling"]
    assert dangling == [{
        "code": "dependency-dangling", "severity": "violation", "focus": "https://w3id.org/kommune-ki/id/x",
        "id": "x", "label": "Initiative X", "path": "kg:dependsOn", "value": "finnes-ikke",
        "message": dangling[0]["message"], "shape": "https://w3id.org/kommune-ki/shapes#dependency-dangling",
        "source": None, "row": 5, "graph": "nettverk"}]
    assert "not in the graph" in dangling[0]["message"]
    assert data["counts"]["violation"] == sum(1 for x in data["results"] if x["severity"] == "violation")


def test_text_groups_by_code_in_both_languages(make_ws, cli_run):
    ws = _ws(make_ws)
    nb = cli_run(["--data", ws, "--lang", "nb", "check"]).stdout
    en = cli_run(["--data", ws, "--lang", "en", "check"]).stdout
    assert "dependency-dangling — Avhengighet til noe som ikke finnes (brudd, 1)" in nb
    assert "dependency-dangling — Dependency on something that is not in the graph (violation, 1)" in en
    assert "Tiltak X (x)" in nb and "Initiative X (x)" in en
    assert "[nettverk, rad 5]" in nb and "[nettverk, row 5]" in en


def test_filters_severity_code_focus(make_ws, cli_run):
    ws = _ws(make_ws)
    only_v = json.loads(cli_run(["--data", ws, "check", "--format", "json", "--severity", "violation"]).stdout)
    assert {x["severity"] for x in only_v["results"]} == {"violation"}
    warn = json.loads(cli_run(["--data", ws, "check", "--format", "json", "--severity", "warning"]).stdout)
    assert {x["severity"] for x in warn["results"]} == {"violation", "warning"}
    r = cli_run(["--data", ws, "check", "--format", "json", "--code", "owner-missing"])
    assert r.exit_code == 0                      # only warnings left: no violation
    data = json.loads(r.stdout)
    assert data["conforms"] is True and {x["code"] for x in data["results"]} == {"owner-missing"}
    assert {x["id"] for x in data["results"]} == {"x"}
    foc = json.loads(cli_run(["--data", ws, "check", "--format", "json", "--focus", "Tiltak X"]).stdout)
    assert foc["results"] and {x["id"] for x in foc["results"]} == {"x"}
    clean = cli_run(["--data", ws, "check", "--format", "json", "--focus", "y"])
    assert clean.exit_code == 0 and json.loads(clean.stdout)["results"] == []


def test_unknown_code_and_focus_are_usage_errors(make_ws, cli_run):
    ws = _ws(make_ws)
    r = cli_run(["--data", ws, "check", "--code", "owner-mising"])
    assert r.exit_code == 2 and "owner-missing" in r.stderr and not r.stdout
    r = cli_run(["--data", ws, "check", "--focus", "finnes-ikke-heller"])
    assert r.exit_code == 1 and "finnes-ikke-heller" in r.stderr


def test_ttl_is_a_shacl_validation_report(make_ws, cli_run):
    ws = _ws(make_ws)
    r = cli_run(["--data", ws, "check", "--format", "ttl"])
    g = rdflib.Graph().parse(data=r.stdout, format="turtle")
    rep = next(g.subjects(rdflib.RDF.type, SH.ValidationReport))
    assert g.value(rep, SH.conforms).toPython() is False
    results = list(g.objects(rep, SH.result))
    n = json.loads(cli_run(["--data", ws, "check", "--format", "json"]).stdout)
    assert len(results) == len(n["results"])
    langs = {m.language for res in results for m in g.objects(res, SH.resultMessage)}
    assert langs == {"nb", "en"}


def test_md_and_html(make_ws, cli_run, tmp_path):
    ws = _ws(make_ws)
    md = cli_run(["--data", ws, "--lang", "en", "check", "--format", "md"]).stdout
    assert "### `dependency-dangling`" in md and "| Initiative X | `x` |" in md
    out = tmp_path / "gaps.html"
    r = cli_run(["--data", ws, "check", "--format", "html", "-o", out])
    assert r.exit_code == 1 and out.is_file()
    html = out.read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>") and 'id="dependency-dangling"' in html and "Tiltak X" in html


def test_user_shapes_run_through_pyshacl(make_ws, cli_run, tmp_path):
    ws = _ws(make_ws)
    shapes = tmp_path / "mine.ttl"
    shapes.write_text(HEADER + """@prefix sh: <http://www.w3.org/ns/shacl#> .
    @prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
    @prefix dct: <http://purl.org/dc/terms/> .
    <urn:mine:desc> a sh:NodeShape ; dct:identifier "description-missing" ; sh:targetClass kg:Initiative ;
      sh:severity sh:Warning ; sh:message "Mangler beskrivelse."@nb , "No description."@en ;
      sh:property [ sh:path dct:description ; sh:minCount 1 ; sh:datatype rdf:langString ] .
    """, encoding="utf-8")
    r = cli_run(["--data", ws, "--lang", "en", "check", "--format", "json", "--shapes", shapes,
                 "--code", "description-missing"])
    assert r.exit_code == 1, r.stderr      # the nested property shape has no severity: Violation
    data = json.loads(r.stdout)
    assert {x["id"] for x in data["results"]} == {"x", "y"}
    assert {x["message"] for x in data["results"]} == {"No description."}


def test_bad_shapes_file_is_an_input_error(make_ws, cli_run, tmp_path):
    ws = _ws(make_ws)
    bad = tmp_path / "bad.ttl"
    bad.write_text("this is not turtle <<<", encoding="utf-8")
    r = cli_run(["--data", ws, "check", "--shapes", bad])
    assert r.exit_code == 2 and "bad.ttl" in r.stderr and "Traceback" not in r.stderr
    r = cli_run(["--data", ws, "check", "--shapes", tmp_path / "missing.ttl"])
    assert r.exit_code == 2


def test_engines_agree_through_the_cli(make_ws, cli_run):
    ws = _ws(make_ws)
    a = json.loads(cli_run(["--data", ws, "check", "--format", "json"]).stdout)
    b = json.loads(cli_run(["--data", ws, "check", "--format", "json", "--engine", "pyshacl"]).stdout)
    assert a == b


def test_help_has_examples(cli_run):
    r = cli_run(["check", "--help"])
    assert r.exit_code == 0 and "kg check --format json" in r.stdout


def test_demo_step_writes_gap_reports(baseline_dir, tmp_path):
    from kg.cli.check_cmds import demo_step
    from kg.cli.workspace_cmds import DEMO_STEPS
    assert ("check", demo_step) in DEMO_STEPS
    written = demo_step(baseline_dir, tmp_path, "en")
    assert sorted(p.rsplit("/", 1)[-1] for p in written) == ["gaps.json", "gaps.md"]
    data = json.loads((tmp_path / "gaps.json").read_text(encoding="utf-8"))
    assert data["results"]


def test_baseline_lists_its_real_gaps(baseline_dir, cli_run):
    r = cli_run(["--data", baseline_dir, "--lang", "en", "check", "--format", "json"])
    data = json.loads(r.stdout)
    codes = {x["code"] for x in data["results"]}
    # the seed's own gaps: planned initiatives with no owner or end date, and a challenge
    # (economy) that no initiative addresses
    assert {"owner-missing", "dates-missing", "challenge-unaddressed"} <= codes
    ids = {(x["code"], x["id"]) for x in data["results"]}
    assert ("challenge-unaddressed", "economy") in ids
    assert ("owner-missing", "ki-plattform") in ids
    assert r.exit_code == (0 if data["conforms"] else 1)
