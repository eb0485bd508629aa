"""The foundation commands through click's CliRunner, with exact output for success and
for each user error."""
from __future__ import annotations

import json

import pytest

from kg.store.workspace import Workspace

COUNT = """SELECT ?what (COUNT(DISTINCT ?s) AS ?n) WHERE {
  VALUES (?what ?c) { ("initiatives" kg:Initiative) ("principles" kg:Principle) ("challenges" kg:Challenge)
    ("municipalities" kg:Municipality) ("counties" kg:CountyMunicipality) ("goals" sdgo:Goal) ("targets" sdgo:Target) }
  ?s a ?c } GROUP BY ?what ORDER BY ?what"""


def test_baseline_counts_through_sparql(cli_run, baseline_dir):
    r = cli_run(["--data", baseline_dir, "query", "sparql", "-", "--format", "json"], input=COUNT)
    assert r.exit_code == 0, r.output
    got = {row["what"]: int(row["n"]) for row in json.loads(r.stdout)["rows"]}
    assert got == {"initiatives": 10, "principles": 5, "challenges": 6, "municipalities": 357,
                   "counties": 15, "goals": 17, "targets": 169}


def test_every_class_and_property_has_nb_and_en_labels_in_the_workspace(cli_run, baseline_dir):
    q = """SELECT ?t WHERE { GRAPH kgsrc:ontology { ?t a ?k . VALUES ?k { owl:Class owl:ObjectProperty owl:DatatypeProperty } }
      FILTER NOT EXISTS { ?t rdfs:label ?nb FILTER(lang(?nb) = "nb") }
      UNION { } }"""
    q = """SELECT ?t WHERE { GRAPH kgsrc:ontology { ?t a ?k } VALUES ?k { owl:Class owl:ObjectProperty owl:DatatypeProperty }
      FILTER (NOT EXISTS { ?t rdfs:label ?a FILTER(lang(?a) = "nb") } || NOT EXISTS { ?t rdfs:label ?b FILTER(lang(?b) = "en") }) }"""
    r = cli_run(["--data", baseline_dir, "query", "sparql", "-", "--format", "json"], input=q)
    assert r.exit_code == 0
    assert json.loads(r.stdout)["rows"] == []


def test_init_and_init_again(cli_run, tmp_path):
    ws = tmp_path / "ws"
    r = cli_run(["--data", ws, "--lang", "en", "init", "--empty"])
    assert r.exit_code == 0
    assert r.stdout.startswith(f"Created workspace in {ws}: ")
    r = cli_run(["--data", ws, "--lang", "en", "init"])
    assert r.exit_code == 2
    assert r.stderr == (f"kg: A workspace already exists in {ws}.\n"
                        "Use --force to replace it, or --data to choose another directory.\n")
    r = cli_run(["--data", ws, "init"])
    assert r.stderr == (f"kg: Det finnes allerede et arbeidsområde i {ws}.\n"
                        "Bruk --force for å erstatte det, eller --data for å velge en annen mappe.\n")


def test_missing_workspace(cli_run, tmp_path):
    r = cli_run(["--data", tmp_path / "none", "--lang", "en", "sources"])
    assert r.exit_code == 2
    assert r.stderr == (f"kg: No workspace found in {tmp_path / 'none'}.\n"
                        "Create one with 'kg init', or choose another with --data DIR or KG_DATA.\n")


def test_show_unknown_id_gives_closest_matches(cli_run, baseline_dir):
    r = cli_run(["--data", baseline_dir, "--lang", "en", "query", "show", "ki-platform"])
    assert r.exit_code == 1
    first, second = r.stderr.splitlines()
    assert first == "kg: Nothing in the workspace has the id or label 'ki-platform'."
    assert second.startswith("Closest matches: KI-plattform for alle kommuner (ki-plattform)")


def test_show_by_slug_label_and_iri_agree(cli_run, baseline_dir):
    outs = []
    for ident in ("ki-plattform", "KI-plattform for alle kommuner", "https://w3id.org/kommune-ki/id/ki-plattform",
                  "ki-PLATTFORM for alle KOMMUNER"):
        r = cli_run(["--data", baseline_dir, "query", "show", ident, "--format", "json"])
        assert r.exit_code == 0, r.output
        outs.append(json.loads(r.stdout))
    assert all(o == outs[0] for o in outs)
    facts = outs[0]["facts"]
    assert {f["source"] for f in facts} >= {"seed"}
    assert any(f["predicate"].endswith("prefLabel") and f["lang"] == "en" for f in facts)


def test_show_text_names_sources(cli_run, baseline_dir):
    r = cli_run(["--data", baseline_dir, "--lang", "en", "query", "show", "prinsipp-5"])
    assert r.exit_code == 0
    lines = r.stdout.splitlines()
    assert lines[0].endswith("(prinsipp-5)")
    assert lines[1].split() == ["property", "value", "source"]
    assert any(l.startswith("type") and "Principle" in l and l.rstrip().endswith("seed") for l in lines)


@pytest.mark.parametrize("text,expect", [("tromso", "kommune-5501"), ("TROMSØ", "kommune-5501"),
                                         ("nesseby", "kommune-5636"), ("unjarga", "kommune-5636"),
                                         ("digital suverenitet", "prinsipp-5"), ("digital sovereignty", "prinsipp-5")])
def test_find_is_case_and_accent_tolerant(cli_run, baseline_dir, text, expect):
    r = cli_run(["--data", baseline_dir, "query", "find", text, "--format", "json"])
    assert r.exit_code == 0, r.output
    assert expect in [row["id"] for row in json.loads(r.stdout)["rows"]]


def test_find_nothing_exits_1(cli_run, baseline_dir):
    r = cli_run(["--data", baseline_dir, "query", "find", "xyzzy-nothing"])
    assert r.exit_code == 1


def test_sparql_formats(cli_run, baseline_dir):
    q = 'SELECT ?n WHERE { kgid:prinsipp-3 kg:principleNumber ?n }'
    r = cli_run(["--data", baseline_dir, "query", "sparql", "-", "--format", "csv"], input=q)
    assert (r.exit_code, r.stdout) == (0, "n\n3\n")
    r = cli_run(["--data", baseline_dir, "query", "sparql", "-", "--format", "table"], input=q)
    assert r.stdout == "n\n-\n3\n"
    r = cli_run(["--data", baseline_dir, "query", "sparql", "-", "--format", "json"], input=q)
    assert json.loads(r.stdout) == {"columns": ["n"], "rows": [{"n": "3"}]}


def test_sparql_reads_one_source_by_name(cli_run, baseline_dir):
    q = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH kgsrc:seed { ?i a kg:Initiative } }"
    r = cli_run(["--data", baseline_dir, "query", "sparql", "-", "--format", "csv"], input=q)
    assert r.stdout == "n\n10\n"


def test_sparql_errors(cli_run, baseline_dir, tmp_path):
    r = cli_run(["--data", baseline_dir, "--lang", "en", "query", "sparql", "-"], input="SELEKT ?x")
    assert r.exit_code == 2
    assert r.stderr.startswith("kg: SPARQL syntax error at line 1, column ")
    r = cli_run(["--data", baseline_dir, "--lang", "en", "query", "sparql", "-"], input="DROP ALL")
    assert r.exit_code == 2
    assert r.stderr == "kg: kg query sparql only reads; SPARQL Update is not allowed here.\n"
    r = cli_run(["--data", baseline_dir, "--lang", "en", "query", "sparql", tmp_path / "no.rq"])
    assert r.exit_code == 2
    assert r.stderr == f"kg: {tmp_path / 'no.rq'}: no such file.\n"


def test_sources_lists_every_source(cli_run, baseline_dir):
    r = cli_run(["--data", baseline_dir, "sources", "--format", "json"])
    names = [row["name"] for row in json.loads(r.stdout)["rows"]]
    assert {"ontology", "seed", "assumptions", "municipalities", "ai-act", "sdg"} <= set(names)


def test_remove_assumptions_leaves_seed_facts(cli_run, baseline_copy):
    r = cli_run(["--data", baseline_copy, "--lang", "en", "remove", "assumptions"])
    assert r.exit_code == 0 and r.stdout.startswith("Removed source assumptions (")
    with Workspace.open(baseline_copy) as ws:
        assert ws.count("?i a kg:Initiative") == 10
        assert ws.count("?a kg:dependsOn ?b") == 0
    r = cli_run(["--data", baseline_copy, "--lang", "en", "remove", "assumptions"])
    assert r.exit_code == 1
    assert r.stderr.startswith("kg: No source named 'assumptions' in the workspace.")


@pytest.mark.parametrize("fmt,rdflib_fmt", [("ttl", "turtle"), ("nt", "nt"), ("jsonld", "json-ld"), ("trig", "trig")])
def test_export_round_trips_the_whole_workspace(cli_run, baseline_dir, tmp_path, fmt, rdflib_fmt):
    from rdflib import Dataset, Graph
    from rdflib.compare import isomorphic
    out = tmp_path / f"g.{fmt}"
    r = cli_run(["--data", baseline_dir, "export", fmt, "-o", out])
    assert r.exit_code == 0, r.output
    if fmt == "trig":
        ds = Dataset()
        ds.parse(out, format="trig")
        seed = ds.graph("https://w3id.org/kommune-ki/source/seed")
        with Workspace.open(baseline_dir) as ws:
            expected = Graph().parse(data=ws.dump("nt", source="seed"), format="nt")
        assert isomorphic(Graph() + seed, expected)
        return
    got = Graph().parse(out, format=rdflib_fmt)
    r2 = cli_run(["--data", baseline_dir, "export", "nt"])
    expected = Graph().parse(data=r2.stdout_bytes, format="nt")
    assert len(got) == len(expected) > 5000
    assert isomorphic(got, expected)


def test_export_to_a_missing_folder_is_an_input_error(cli_run, baseline_dir, tmp_path):
    r = cli_run(["--data", baseline_dir, "--lang", "en", "export", "ttl", "-o", tmp_path / "no" / "g.ttl"])
    assert r.exit_code == 2
    assert r.stderr == f"kg: {tmp_path / 'no'}: the folder does not exist.\n"


def test_every_command_has_help_with_an_example(cli_run):
    from kg.cli import cli
    import click

    def walk(cmd, path):
        yield path, cmd
        if isinstance(cmd, click.Group):
            for name, sub in cmd.commands.items():
                yield from walk(sub, path + [name])
    missing = []
    for path, cmd in walk(cli, []):
        for lang, words in (("nb", ("Eksempler:", "Eksempel:")), ("en", ("Examples:", "Example:"))):
            r = cli_run(["--lang", lang, *path, "--help"])
            if r.exit_code != 0 or not any(w in r.stdout for w in words):
                missing.append(f"{lang}: {' '.join(path)}")
    assert missing == []


def test_kg_query_has_one_subcommand_per_registered_question():
    # kg.queries.REGISTRY is the one list of questions: kg.api's ws.query asks the same names
    from kg.cli import cli
    from kg.queries import REGISTRY
    query = cli.commands["query"]
    assert query.list_commands(None) == list(REGISTRY)


def test_kg_query_summary_counts_the_baseline(cli_run, baseline_dir):
    import json
    r = cli_run(["--data", baseline_dir, "--lang", "en", "query", "summary", "--format", "json"])
    assert r.exit_code == 0, r.output
    rows = {row["what"]: row["count"] for row in json.loads(r.stdout)["rows"]}
    assert rows["Initiatives"] == 10 and rows["Principles"] == 5   # the seed's ten initiatives, five principles
