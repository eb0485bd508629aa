"""kg query run (saved SPARQL) and what every analysis command shares: help with an
example, every format, both languages."""
from __future__ import annotations

import json

import pytest

from kg.queries import REGISTRY

COMMANDS = ["deps", "path", "order", "critical-path", "impact", "timeline", "coverage", "obligations", "run"]


def test_saved_queries_listed_with_descriptions(cli_run, roadmap):
    from kg.queries import run as saved
    names = saved.saved()
    assert {"initiatives-without-owner", "challenges-unaddressed", "dependencies"} <= set(names)
    assert all(v["nb"] and v["en"] for v in names.values())
    r = cli_run(["--data", roadmap, "--lang", "en", "query", "run", "--list"])
    assert r.exit_code == 0 and "Challenges that no initiative addresses" in r.stdout


def test_run_saved_query(cli_run, roadmap):
    r = cli_run(["--data", roadmap, "query", "run", "challenges-unaddressed", "--format", "json"])
    ids = {row["id"] for row in json.loads(r.stdout)["rows"]}
    assert "ch-okonomi" in ids and "ch-kompetanse" not in ids
    r = cli_run(["--data", roadmap, "query", "run", "dependencies", "--bind", "id=c", "--format", "json"])
    assert {(x["target"], x["type"]) for x in json.loads(r.stdout)["rows"]} == {("b", "avh-krever")}


def test_saved_query_labels_follow_the_language(cli_run, baseline_dir):
    # ?label_nb and ?label_en are one column "label" in the language asked for: by hand from
    # ontology/reference/ai-act.ttl, the publication date 2024-07-12 is "Kunngjøring" in nb
    # and "Publication" in en
    got = {}
    for lang in ("nb", "en"):
        r = cli_run(["--data", baseline_dir, "--lang", lang, "query", "run", "ai-act-dates", "--format", "json"])
        assert r.exit_code == 0, r.stderr
        d = json.loads(r.stdout)
        assert d["columns"] == ["date", "provision", "text", "label"]
        got[lang] = next(row["label"] for row in d["rows"] if row["date"] == "2024-07-12")
    assert "Kunngjøring" in got["nb"] and "Publication" in got["en"]


def test_run_unknown_exit_1(cli_run, roadmap):
    r = cli_run(["--data", roadmap, "--lang", "en", "query", "run", "challenges-unadressed"])
    assert r.exit_code == 1 and "challenges-unaddressed" in r.stderr


@pytest.mark.parametrize("cmd", COMMANDS)
def test_every_command_is_registered_and_has_help_with_example(cli_run, cmd):
    assert cmd in REGISTRY
    r = cli_run(["--lang", "en", "query", cmd, "--help"])
    assert r.exit_code == 0 and "Examples:" in r.stdout and f"kg query {cmd}" in r.stdout
    assert "On the baseline, kg --lang en query " in r.stdout
    r = cli_run(["--lang", "nb", "query", cmd, "--help"])
    assert r.exit_code == 0 and "Eksempler:" in r.stdout and f"kg query {cmd}" in r.stdout
    assert "På basisveikartet, kg query " in r.stdout


@pytest.mark.parametrize("args", [["deps", "a"], ["path", "c", "a"], ["order"], ["critical-path"],
                                  ["impact", "a", "--slip", "6m"], ["timeline"], ["coverage", "challenges"],
                                  ["obligations", "f", "--on", "2027-01-01"]])
def test_formats(cli_run, roadmap, args):
    for fmt in ("table", "json", "csv", "md"):
        r = cli_run(["--data", roadmap, "query", *args, "--format", fmt])
        assert r.exit_code == 0, r.stderr
        if fmt == "json":
            assert json.loads(r.stdout)["query"] == args[0]
        if fmt == "csv":
            assert "," in r.stdout.splitlines()[0]


def test_index_follows_a_changed_workspace(roadmap, q):
    """The cached roadmap index is rebuilt when a source changes."""
    from kg.store.workspace import Workspace, parse_rdf_file
    from qgraphs import dep
    assert q(roadmap, "order")["waves"][0] == ["a", "f"]
    import pathlib
    import tempfile
    f = pathlib.Path(tempfile.mkdtemp()) / "more.ttl"
    f.write_text("@prefix kg: <https://w3id.org/kommune-ki/ont#> .\n@prefix kgid: <https://w3id.org/kommune-ki/id/> .\n"
                 + dep("f", "c"), encoding="utf-8")
    with Workspace.open(roadmap, write=True) as ws:
        ws.replace_source("more", parse_rdf_file(f))
    assert q(roadmap, "order")["waves"] == [["a"], ["b", "d"], ["c", "e"], ["f"]]


@pytest.mark.parametrize("args, words", [
    (["timeline", "--from", "soon"], "--from"),
    (["timeline", "--from", "2027", "--to", "2026"], "--to"),
    (["obligations", "f", "--on", "31.02.2027x"], "--on"),
    (["impact", "a", "--to", "2027-Q5"], "--to"),
    (["impact", "a", "--slip", "6m", "--to", "2027"], "either"),
    (["deps", "a", "--depth", "0"], "depth"),
    (["run", "dependencies", "--bind", "novalue"], "VAR=VALUE"),
])
def test_bad_input_exit_2_with_a_message(roadmap, cli_run, args, words):
    r = cli_run(["--data", roadmap, "--lang", "en", "query", *args])
    assert r.exit_code == 2, r.stdout + r.stderr
    assert words in r.stderr and "Traceback" not in r.stderr
