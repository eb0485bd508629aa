"""In nb mode click's own messages (usage errors, suggestions, help headings) are
Norwegian; in en mode they are click's English."""
from __future__ import annotations


def test_parser_messages_follow_the_language(cli_run):
    r = cli_run(["query", "shwo"])
    assert r.exit_code == 2
    assert "Bruk: cli query" in r.stderr and "Ukjent kommando 'shwo'. Mente du 'show'?" in r.stderr
    assert "Usage" not in r.stderr and "Did you mean" not in r.stderr
    r = cli_run(["query", "show"])
    assert "Feil: Mangler argument 'ID'." in r.stderr
    r = cli_run(["query", "show", "x", "--format", "xml"])
    assert "Ugyldig verdi for '--format'" in r.stderr
    r = cli_run(["--lang", "en", "query", "shwo"])
    assert "Usage: cli query" in r.stderr and "Did you mean 'show'?" in r.stderr
    r = cli_run(["query", "run", "--bogus"], env={"KG_LANG": "en"})
    assert "No such option" in r.stderr


def test_help_headings_in_norwegian(cli_run):
    r = cli_run(["query", "--help"])
    assert r.stdout.startswith("Bruk: cli query")
    assert "\nValg:\n" in r.stdout and "\nKommandoer:\n" in r.stdout
    assert "Vis denne hjelpeteksten og avslutt." in r.stdout
    r = cli_run(["--lang", "en", "query", "--help"])
    assert "\nOptions:\n" in r.stdout and "\nCommands:\n" in r.stdout


def test_saved_query_parameters_in_norwegian(cli_run):
    r = cli_run(["query", "run", "--list"])
    assert "bare avhengighetene til dette tiltaket" in r.stdout
    assert "only the dependencies" not in r.stdout
    r = cli_run(["--lang", "en", "query", "run", "--list"])
    assert "only the dependencies of this initiative" in r.stdout
