"""A SPARQL syntax error names the line and column of the user's own text, not of the
text kg runs (its PREFIX lines put in front)."""
from __future__ import annotations


def test_one_line_query_error_is_on_line_1(make_ws, cli_run):
    ws = make_ws()
    # 'SELECT ?x WHERE { ?x a kg:Initiative ' is 37 characters; the brace is never closed,
    # so the parser stops at the end of the text: line 1, column 38.
    r = cli_run(["--data", ws, "--lang", "en", "query", "sparql", "-"],
                input="SELECT ?x WHERE { ?x a kg:Initiative ")
    assert r.exit_code == 2
    assert "line 1, column 38" in r.stderr
    assert "line 24" not in r.stderr
    assert "Traceback" not in r.stderr


def test_error_on_third_line_shows_that_line_with_a_caret(make_ws, cli_run):
    ws = make_ws()
    text = "SELECT ?x\nWHERE {\n  ?x foo:bar ?y }\n"
    r = cli_run(["--data", ws, "query", "sparql", "-"], input=text)
    assert r.exit_code == 2
    err = r.stderr
    assert "Syntaksfeil i SPARQL på linje 3," in err
    assert "ukjent prefiks" in err
    lines = err.splitlines()
    i = next(n for n, line in enumerate(lines) if line.strip() == "?x foo:bar ?y }")
    caret = lines[i + 1]
    assert caret.strip() == "^"
    # the caret sits under the column the message names
    col = int(err.split("kolonne ")[1].split(":")[0])
    assert caret.index("^") - 2 == col - 1
