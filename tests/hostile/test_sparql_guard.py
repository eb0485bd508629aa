"""The SPARQL guard decides on the parsed query, not its text (issue 20, item 4): no
SERVICE, LOAD or update in `kg query sparql`, the saved queries and the SPARQL
constraints of `kg check --shapes` (kg.sparql.guard.check_query, which the web server
uses too). A local HTTP server counts every request: it must get none."""
from __future__ import annotations

import pytest

from hostile_helpers import tree_hash
from kg.errors import InputError
from kg.sparql.guard import check_query
from test_injection import web  # noqa: F401 - the recording HTTP server fixture

SNEAKY = [
    "SELECT * WHERE {{ FILTER(1<2)SERVICE<{url}/a>{{ ?s ?p ?o }} }}",
    "SELECT * WHERE {{ BIND(<x> AS ?y) SERVICE <{url}/b> {{ ?s ?p ?o }} }}",
    "SELECT * WHERE {{ ?s ?p '<' SERVICE<{url}/c>{{ ?s ?p ?o }} ?s ?p '>' }}",
    "SELECT * WHERE {{ {{ {{ SERVICE SILENT <{url}/d> {{ ?s ?p ?o }} }} }} }}",
    "SELECT * WHERE {{ OPTIONAL {{ SeRvIcE <{url}/e> {{ ?s ?p ?o }} }} }}",
    "PREFIX x: <{url}/> SELECT * WHERE {{ SERVICE x:f {{ ?s ?p ?o }} }}",
    "ASK {{ FILTER EXISTS {{ SERVICE <{url}/g> {{ ?s ?p ?o }} }} }}",
]


@pytest.mark.parametrize("text", SNEAKY)
def test_service_hidden_from_a_text_scan_is_refused(hostile_ws, cli_run, web, text):
    url, hits = web
    before = tree_hash(hostile_ws)
    res = cli_run(["--data", hostile_ws, "--lang", "en", "query", "sparql", "-"], input=text.format(url=url))
    assert res.exit_code == 2, res.stdout + res.stderr
    assert "SERVICE" in res.stderr
    assert hits == []
    assert tree_hash(hostile_ws) == before


def test_service_with_a_variable_is_exit_2(hostile_ws, kg_proc):
    res = kg_proc(["--data", hostile_ws, "--lang", "en", "query", "sparql", "-"],
                  input="SELECT * WHERE { ?i a kg:Initiative . BIND(<http://127.0.0.1:9/> AS ?x) SERVICE ?x { ?s ?p ?o } }")
    assert res.returncode == 2, res.stderr
    assert "SERVICE" in res.stderr and "internal error" not in res.stderr


def test_updates_and_load_refused_on_the_parse(hostile_ws, cli_run, web):
    url, hits = web
    for text in (f"LOAD <{url}/x>", f"LOAD SILENT <{url}/x> INTO GRAPH <http://x/g>",
                 "SELECT * WHERE { ?s ?p ?o } ; DROP ALL", "INSERT DATA { <http://x/a> <http://x/b> 1 }"):
        res = cli_run(["--data", hostile_ws, "--lang", "en", "query", "sparql", "-"], input=text)
        assert res.exit_code == 2, (text, res.stdout)
        assert "Update" in res.stderr or "syntax" in res.stderr, res.stderr
    assert hits == []


SHAPE = """@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix kg: <https://w3id.org/kommune-ki/ont#> .
@prefix ex: <http://example.org/> .
ex:Leak a sh:NodeShape ; sh:targetClass kg:Initiative ;
  sh:sparql [ sh:message "leak" ; sh:select \"\"\"{query}\"\"\" ] .
"""


@pytest.mark.parametrize("query", [
    "SELECT $this WHERE {{ SERVICE <{url}/shape> {{ ?s ?p ?o }} }}",
    "SELECT $this WHERE {{ FILTER(1<2)SERVICE<{url}/shape2>{{ ?s ?p ?o }} }}",
    "SELECT $this FROM <{url}/from> WHERE {{ ?s ?p ?o }}",
])
def test_shapes_constraints_go_through_the_guard(hostile_ws, tmp_path, cli_run, web, query):
    url, hits = web
    f = tmp_path / "leak.ttl"
    f.write_text(SHAPE.format(query=query.format(url=url)), encoding="utf-8")
    res = cli_run(["--data", hostile_ws, "--lang", "en", "check", "--shapes", f])
    assert res.exit_code == 2, res.stdout + res.stderr
    assert str(f) in res.stderr and ("SERVICE" in res.stderr or "FROM" in res.stderr)
    assert hits == []


def test_shapes_update_rule_refused(hostile_ws, tmp_path, cli_run):
    f = tmp_path / "rule.ttl"
    f.write_text("@prefix sh: <http://www.w3.org/ns/shacl#> .\n<http://ex/r> sh:update "
                 "\"DELETE WHERE { ?s ?p ?o }\" .\n", encoding="utf-8")
    res = cli_run(["--data", hostile_ws, "--lang", "en", "check", "--shapes", f])
    assert res.exit_code == 2 and "sh:update" in res.stderr


def test_a_harmless_shapes_constraint_still_runs(hostile_ws, tmp_path, cli_run):
    f = tmp_path / "ok.ttl"
    f.write_text(SHAPE.format(query="SELECT $this WHERE { $this a kg:Initiative }"), encoding="utf-8")
    res = cli_run(["--data", hostile_ws, "--lang", "en", "check", "--shapes", f])
    assert res.exit_code == 1 and "leak" in res.stdout, res.stdout + res.stderr


def test_guard_function_on_parsed_queries():
    check_query("SELECT ?s WHERE { ?s ?p 'SERVICE <http://x/> { }' }")     # text, not a pattern
    check_query("SELECT * WHERE { ?s <http://x/SERVICE> ?o } # SERVICE <http://x/>")
    check_query("SELECT * FROM kgsrc:seed WHERE { ?s ?p ?o }")
    for bad in ("SELECT * WHERE { SERVICE <http://x/> { ?s ?p ?o } }", "DROP ALL", "SELEKT ?x",
                "CLEAR DEFAULT", "SELECT * WHERE { ?s ?p ?o } ; LOAD <http://x/>"):
        with pytest.raises(InputError):
            check_query(bad)
    with pytest.raises(InputError, match="FROM"):
        check_query("SELECT * FROM <http://x/> WHERE { ?s ?p ?o }", allow_dataset=False)
    # deep nesting is judged or refused, never a RecursionError
    deep = "SELECT * WHERE { " + "{ " * 3000 + "?s ?p ?o " + "} " * 3000 + "}"
    try:
        check_query(deep)
    except InputError:
        pass


def test_saved_queries_pass_the_guard():
    from kg.queries.run import saved
    for name, meta in saved().items():
        check_query(meta["text"], what=name)
