"""The encoding of a CSV is decided with evidence (issue 20, item 10): a UTF-8 file with
one stray Windows-1252 byte used to be read entirely as Windows-1252 (every ø became
Ã¸, exit 0). Now a file that holds both is refused, naming the rows and columns whose
bytes are not UTF-8; a file that is Windows-1252 throughout is still read as such."""
from __future__ import annotations

import json

from hostile_helpers import tree_hash
from kg.store.workspace import Workspace


def test_mixed_file_names_the_rows_that_do_not_decode(hostile_ws, tmp_path, cli_run):
    f = tmp_path / "blandet.csv"
    f.write_bytes("id;tittel;status\nb-1;Tiltak for Bodø;planlagt\n".encode("utf-8")
                  + "b-2;Tiltak for Tromsø;planlagt\n".encode("cp1252")
                  + "b-3;Økt kompetanse i Ålesund;planlagt\n".encode("utf-8"))
    before = tree_hash(hostile_ws)
    res = cli_run(["--data", hostile_ws, "--lang", "en", "import", f])
    assert res.exit_code == 2, res.stdout + res.stderr
    assert f"{f}:3:tittel" in res.stderr, res.stderr
    assert "UTF-8" in res.stderr and ":2:" not in res.stderr and ":4:" not in res.stderr
    assert tree_hash(hostile_ws) == before


def test_windows_1252_throughout_is_read_as_windows_1252(hostile_ws, tmp_path, cli_run):
    f = tmp_path / "ansi.csv"
    f.write_bytes("id;tittel;status\nw-1;Tiltak for Tromsø – «test»;planlagt\nw-2;Økt bruk i Ålesund;planlagt\n"
                  .encode("cp1252"))
    res = cli_run(["--data", hostile_ws, "--lang", "en", "import", f, "--format", "json"])
    assert res.exit_code == 0, res.stdout + res.stderr
    assert json.loads(res.stdout)["files"][0]["accepted"] == 2
    with Workspace.open(hostile_ws) as ws:
        labels = {r["l"].value for r in ws.select("SELECT ?l WHERE { ?s skos:prefLabel ?l }")}
    assert "Tiltak for Tromsø – «test»" in labels and "Økt bruk i Ålesund" in labels


def test_utf8_is_still_utf8(hostile_ws, tmp_path, cli_run):
    f = tmp_path / "utf8.csv"
    f.write_bytes("id;tittel;status\nu-1;Tiltak for Tromsø;planlagt\n".encode("utf-8"))
    res = cli_run(["--data", hostile_ws, "--lang", "en", "import", f])
    assert res.exit_code == 0, res.stderr
    with Workspace.open(hostile_ws) as ws:
        assert ws.ask("ASK { ?s skos:prefLabel 'Tiltak for Tromsø'@nb }") or \
            ws.ask("ASK { ?s skos:prefLabel ?l FILTER(str(?l) = 'Tiltak for Tromsø') }")
