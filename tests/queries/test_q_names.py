"""The names and ids people type in queries: a unique local id resolves, suggestions read
'name (id)', `kg query find` tolerates typos and hides internal nodes unless --all;
snapshot and source names keep Norwegian letters."""
from __future__ import annotations

import json

import pytest

KGID = "https://w3id.org/kommune-ki/id/"

TTL = """
kgid:ki-plattform a kg:Initiative ; skos:prefLabel "KI-plattform for alle kommuner"@nb , "AI platform for all municipalities"@en ;
    kg:period kgid:ki-plattform-periode ; kg:qualifiedDependency kgid:ki-plattform-avh .
kgid:ki-plattform-periode a kg:Period ; skos:prefLabel "Periode: KI-plattform for alle kommuner"@nb .
kgid:ki-plattform-avh a kg:Dependency ; skos:prefLabel "KI-plattform krever noe"@nb .
kgid:digi-innlandet a kg:Network ; skos:prefLabel "Digi Innlandet"@nb .
"""


@pytest.fixture
def ws(make_ws, tmp_path, cli_run):
    path = make_ws(TTL)
    f = tmp_path / "di.csv"
    f.write_text("id;tittel;eier\ndi-05;Felles chatbot;Hamar\ndi-06;Chatbot to;Løten\n", encoding="utf-8")
    assert cli_run(["--data", path, "import", f, "--network", "Digi Innlandet"]).exit_code == 0
    g = tmp_path / "annen.csv"
    g.write_text("id;tittel\ndi-06;Et annet tiltak\n", encoding="utf-8")
    assert cli_run(["--data", path, "import", g]).exit_code == 0
    return path


def test_a_unique_local_id_resolves(ws, q):
    data = q(ws, "deps", "di-05")
    assert json.dumps(data).count("digi-innlandet/di-05") >= 1


def test_a_local_id_of_two_nodes_lists_both_as_name_and_id(ws, cli_run):
    r = cli_run(["--data", ws, "--lang", "en", "query", "deps", "di-06"])
    assert r.exit_code == 1
    assert ("'di-06' is the local id of several nodes; give the whole id.\n"
            "Closest matches: Et annet tiltak (annen/di-06), Chatbot to (digi-innlandet/di-06)") in r.stderr


def test_suggestions_read_name_and_id_without_internal_nodes(ws, cli_run):
    r = cli_run(["--data", ws, "--lang", "en", "query", "deps", "ki-platform"])
    assert r.exit_code == 1
    line = r.stderr.split("Closest matches: ", 1)[1].splitlines()[0]
    assert line.startswith("KI-plattform for alle kommuner (ki-plattform)")
    assert "periode" not in line and "ki-plattform-avh" not in line


def test_find_tolerates_typos(ws, q, cli_run):
    data = q(ws, "find", "Lilehammer")
    assert [r["id"] for r in data["rows"]][0] == "kommune-3405"
    assert data["close_spellings"] is True
    r = cli_run(["--data", ws, "--lang", "en", "query", "find", "Lilehammer"])
    assert "No name contains 'Lilehammer'; showing close spellings." in r.stdout
    r = cli_run(["--data", ws, "query", "find", "Lilehammer"])
    assert "Ingen navn inneholder «Lilehammer»; viser nære stavemåter." in r.stdout


def test_find_hides_internal_nodes_unless_all(ws, q):
    ids = {r["id"] for r in q(ws, "find", "plattform")["rows"]}
    assert ids == {"ki-plattform", "kapabilitet-plattform"}   # the second from the reference concepts
    ids = {r["id"] for r in q(ws, "find", "plattform", "--all")["rows"]}
    assert ids == {"ki-plattform", "kapabilitet-plattform", "ki-plattform-periode", "ki-plattform-avh"}


def test_snapshot_and_source_names_keep_norwegian_letters(ws, tmp_path, cli_run):
    f = tmp_path / "Før høstmøtet.csv"
    f.write_text("id;tittel\na;A\n", encoding="utf-8")
    r = cli_run(["--data", ws, "--lang", "en", "import", f])
    assert r.exit_code == 0 and "source før-høstmøtet" in r.stdout, r.stdout
    r = cli_run(["--data", ws, "snapshot", "før-høstmøtet"])
    assert r.exit_code == 0, r.stderr
    assert (ws / "snapshots" / "før-høstmøtet.store").is_dir() and (ws / "snapshots" / "før-høstmøtet.json").is_file()
    r = cli_run(["--data", ws, "--lang", "en", "remove", "før-høstmøtet"])
    assert r.exit_code == 0, r.stderr
    r = cli_run(["--data", ws, "--lang", "en", "diff", "før-høstmøtet", "--format", "json"])
    assert r.exit_code in (0, 1), r.stderr
    r = cli_run(["--data", ws, "--lang", "en", "snapshot", "../ut"])
    assert r.exit_code == 2 and "cannot be used as a snapshot name" in r.stderr
