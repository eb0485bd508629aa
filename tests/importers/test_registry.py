"""kg.importers.REGISTRY is the one list of input formats: `kg import --as` offers exactly
its names, every importer has the one signature, and every format round-trips a small
file through `kg import --as` (the file's name says nothing of its format, so --as decides)."""
from __future__ import annotations

import csv
import importlib
import inspect
import io

import pyoxigraph as ox
import pytest

from import_helpers import GOOD, write_csv, write_xlsx
from kg import importers

KG = "https://w3id.org/kommune-ki/"
# a tiny graph: one initiative with a label in each language and a start
TRIPLES = [
    ox.Triple(ox.NamedNode(KG + "id/rt-1"), ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"),
              ox.NamedNode(KG + "ont#Initiative")),
    ox.Triple(ox.NamedNode(KG + "id/rt-1"), ox.NamedNode("http://www.w3.org/2004/02/skos/core#prefLabel"),
              ox.Literal("Rundtur æøå", language="nb")),
    ox.Triple(ox.NamedNode(KG + "id/rt-1"), ox.NamedNode("http://www.w3.org/2004/02/skos/core#prefLabel"),
              ox.Literal("Round trip", language="en")),
]
# registry name -> pyoxigraph's syntax for writing the small file
RDF_SYNTAX = {"ttl": ox.RdfFormat.TURTLE, "nt": ox.RdfFormat.N_TRIPLES, "nq": ox.RdfFormat.N_QUADS,
              "trig": ox.RdfFormat.TRIG, "jsonld": ox.RdfFormat.JSON_LD, "rdf": ox.RdfFormat.RDF_XML}


def test_import_as_offers_exactly_the_registry():
    from kg.cli.import_cmds import import_files_cmd
    option = next(p for p in import_files_cmd.params if p.name == "as_format")
    assert list(option.type.choices) == list(importers.REGISTRY)


@pytest.mark.parametrize("name", list(importers.REGISTRY))
def test_every_importer_has_the_one_signature(name):
    mod = importlib.import_module(importers.REGISTRY[name][0])
    params = list(inspect.signature(mod.read).parameters.values())
    assert [p.kind for p in params[:1]] == [inspect.Parameter.POSITIONAL_OR_KEYWORD]
    assert [(p.name, p.kind) for p in params[1:]] == [("ctx", inspect.Parameter.KEYWORD_ONLY),
                                                       ("fmt", inspect.Parameter.KEYWORD_ONLY)]
    if name in importers.TABULAR:
        table = list(inspect.signature(mod.read_table).parameters.values())
        assert [(p.name, p.kind) for p in table[1:]] == [("mapping", inspect.Parameter.KEYWORD_ONLY)]


def test_every_rdf_format_has_a_small_file_here():
    # a format added to the registry needs its round trip below
    assert set(importers.RDF) == set(RDF_SYNTAX)
    assert set(importers.TABULAR) == {"csv", "xlsx"}


@pytest.mark.parametrize("name", importers.RDF)
def test_every_rdf_format_round_trips_through_import_as(name, make_ws, cli_run, tmp_path):
    syntax = RDF_SYNTAX[name]
    items = [ox.Quad(t.subject, t.predicate, t.object, ox.DefaultGraph()) for t in TRIPLES] \
        if syntax.supports_datasets else TRIPLES
    f = tmp_path / "liten.data"   # no suffix that names a format
    f.write_bytes(ox.serialize(items, format=syntax))
    ws = make_ws()
    res = cli_run(["--data", ws, "--lang", "en", "import", f, "--as", name, "--source", "liten"])
    assert res.exit_code == 0, res.output
    out = cli_run(["--data", ws, "export", "nt", "--source", "liten"])
    assert out.exit_code == 0, out.output
    back = {q.triple for q in ox.parse(out.stdout_bytes, format=ox.RdfFormat.N_TRIPLES)}
    assert set(TRIPLES) <= back


@pytest.mark.parametrize("name", importers.TABULAR)
def test_every_spreadsheet_format_round_trips_through_import_as(name, net_ws, cli_run, tmp_path):
    f = tmp_path / "tiltak.data"
    (write_csv if name == "csv" else write_xlsx)(f, GOOD)
    res = cli_run(["--data", net_ws, "--lang", "en", "import", f, "--as", name, "--source", "tiltak"])
    assert res.exit_code == 0, res.output
    # back out as one initiative per row: both rows (ids under the source's name), titles in both languages
    out = cli_run(["--data", net_ws, "--lang", "en", "export", "initiatives", "--lang", "en"])
    assert out.exit_code == 0, out.output
    rows = list(csv.DictReader(io.StringIO(out.stdout.lstrip("\ufeff")), delimiter=";"))
    by_id = {r["id"]: r for r in rows}
    assert by_id["tiltak/hamar-tale-01"]["title (en)"] == "Speech to text in home care"
    assert by_id["tiltak/hamar-plattform"]["title (nb)"] == "Felles plattform"
    assert by_id["tiltak/hamar-plattform"]["source file"] == "tiltak.data"


def test_the_wrong_as_is_refused_with_the_file_named(net_ws, cli_run, tmp_path):
    # a CSV read as Turtle: the Turtle reader's complaint, naming the file; nothing written
    f = write_csv(tmp_path / "tiltak.csv", GOOD)
    res = cli_run(["--data", net_ws, "--lang", "en", "import", f, "--as", "ttl"])
    assert res.exit_code == 2
    assert str(f) in res.stderr
