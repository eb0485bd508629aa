"""kg for Python users (kg.api, docs/api.md): the documented example runs as written, and
each method gives the answer the matching command gives."""
from __future__ import annotations

import contextlib
import io
import json
import re
from pathlib import Path

import pytest

import kg
from kg.errors import KgError, NotFound, UsageError

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def ws(tmp_path_factory):
    return kg.init(tmp_path_factory.mktemp("api") / "ws")


def test_the_documented_example_runs_as_written(tmp_path, monkeypatch):
    text = (ROOT / "docs" / "api.md").read_text(encoding="utf-8")
    code = re.search(r"```python\n(.*?)```", text, re.S).group(1)
    monkeypatch.chdir(tmp_path)
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(code, "docs/api.md", "exec"), {})
    # by hand, from ontology/baseline/assumptions.ttl: the three Dependency records whose
    # dependent is ki-plattform are ki-plattform-avh-felles-okosystem (requires),
    # -avh-juridisk-stotte (enables) and -avh-ki-plan (informs)
    assert out.getvalue() == "['felles-okosystem', 'juridisk-stotte', 'ki-plan']\n"
    assert (tmp_path / "kg-api-demo" / "kg.json").is_file()


def test_open_names_what_is_missing(tmp_path):
    with pytest.raises(KgError) as e:
        kg.open(tmp_path / "nowhere")
    assert "nowhere" in e.value.message("en")
    assert e.value.exit_code in (1, 2)


def test_query_takes_values_in_order_and_options_by_name(ws):
    a = ws.query("deps", "ki-plattform", direction="up")
    b = ws.query("deps", id="ki-plattform", direction="up")
    assert a.as_dict() == b.as_dict()
    assert {e["dependent"] for e in a.data["edges"]} >= {"ki-plattform"}
    with pytest.raises(UsageError):
        ws.query("deps", "ki-plattform", id="ki-plattform")
    with pytest.raises(UsageError) as e:
        ws.query("no-such-question")
    assert "deps" in e.value.message("en")
    with pytest.raises(NotFound):
        ws.query("deps", "ki-plattfrom")
    # a question with a parameter called "name" (kg query run NAME): by name and in order;
    # the baseline's two initiatives without an owner (see kg query run's help)
    by_name = ws.query("run", name="initiatives-without-owner")
    assert by_name.as_dict("en") == ws.query("run", "initiatives-without-owner").as_dict("en")
    assert {"ki-fabrikk", "ki-plattform"} <= {str(v) for r in by_name.rows for v in r.values()}


def test_the_answer_is_the_commands_answer(ws):
    from click.testing import CliRunner

    from kg.cli import cli
    res = CliRunner().invoke(cli, ["--data", str(ws.path), "--lang", "nb", "query", "deps", "ki-plattform",
                                   "--format", "json"])
    assert res.exit_code == 0, res.output
    answer = ws.query("deps", "ki-plattform")
    assert json.loads(res.output) == json.loads(json.dumps(answer.as_dict("nb")))
    # without a language, each text is there in both
    assert answer.as_dict()["label"] == {"nb": "KI-plattform for alle kommuner", "en": "AI platform for all municipalities"}


def test_sparql_is_guarded(ws):
    t = ws.sparql("PREFIX kg: <https://w3id.org/kommune-ki/ont#> "
                  "SELECT (COUNT(?i) AS ?n) WHERE { ?i a kg:Initiative }")
    # the same count by another road: the snapshot's own tally of initiatives
    assert int(t.rows[0]["n"]) == ws.snapshot("telling").initiatives > 0
    with pytest.raises(KgError):
        ws.sparql("DELETE WHERE { ?s ?p ?o }")


def test_import_dry_run_writes_nothing_and_the_real_one_shows_in_diff(ws, tmp_path):
    sheet = tmp_path / "nett.csv"
    sheet.write_text("id,tittel,tittel_en,eier,kommuner,status,start,slutt,avhenger_av\n"
                     "api-1,Chat for innbyggere,Chat for residents,Hamar,Hamar,planlagt,2027,2027,ki-plattform\n",
                     encoding="utf-8")
    ws.snapshot("før-import")
    run = ws.import_file(sheet, network="Digi Innlandet", dry_run=True)
    assert run.dry_run and len(run.reports[0].accepted) == 1
    assert ws.diff("før-import").equal
    run = ws.import_file(sheet, network="Digi Innlandet")
    assert not run.dry_run and len(run.reports[0].accepted) == 1
    d = ws.diff("før-import")
    assert not d.equal
    assert "api-1" in json.dumps(d.as_dict(), ensure_ascii=False)


def test_check_report_is_data(ws):
    r = ws.check()
    d = r.as_dict("en")
    assert d["results"] and {"code", "severity"} <= set(d["results"][0])
    assert len(ws.check(codes=[d["results"][0]["code"]]).results) >= 1


def test_diagram_draws_in_either_language(ws):
    tl = ws.diagram("timeline")
    assert tl.dot("en").startswith("digraph")
    svg_en, svg_nb = tl.svg("en"), tl.svg("nb")
    assert "<svg" in svg_en and svg_en != svg_nb
    assert ws.diagram("map").svg().lstrip().startswith("<?xml")
    with pytest.raises(UsageError):
        ws.diagram("pie-chart")


def test_text_picks_a_language_and_falls_back():
    t = kg.Text("Tiltak", "Initiative")
    assert (t("en"), t.get("nb"), str(t)) == ("Initiative", "Tiltak", "Tiltak")
    assert kg.Text("Bare norsk").get("en") == "Bare norsk"
    assert kg.Text.of({"en": "Only English"}).nb == "Only English"
    from kg.i18n import render
    assert render({"a": [t, 1]}, "en") == {"a": ["Initiative", 1]}
