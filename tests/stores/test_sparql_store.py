"""kg export sparql / kg import sparql against a real Fuseki server."""
from __future__ import annotations

import rdflib
import pytest
from rdflib.compare import isomorphic

from kg.sparql.http import request, select
from kg.store.workspace import Workspace

pytestmark = pytest.mark.fuseki


def _graphs(path):
    with Workspace.open(path) as ws:
        data = ws.dump("nq")
    d = rdflib.Dataset()
    d.parse(data=data, format="nquads")
    return {str(g.identifier): g for g in d.graphs() if len(g)}


def _clear(url):
    request("POST", url + "/update",
            data=b"update=DROP+ALL", headers={"Content-Type": "application/x-www-form-urlencoded"})


def test_export_import_round_trip_named_graphs(baseline_dir, fuseki, cli_run, tmp_path):
    _clear(fuseki.url)
    r = cli_run(["--data", baseline_dir, "export", "sparql", fuseki.url])
    assert r.exit_code == 0, r.stderr
    names = {row["g"] for row in select(fuseki.url, "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")}
    assert "https://w3id.org/kommune-ki/source/seed" in names and "https://w3id.org/kommune-ki/source/ontology" in names
    # again: the same graphs replaced, nothing doubled
    assert cli_run(["--data", baseline_dir, "export", "sparql", fuseki.url]).exit_code == 0
    n = select(fuseki.url, "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")[0]["n"]
    with Workspace.open(baseline_dir) as ws:
        assert int(n) == sum(s.triples for s in ws.sources() if s.name != "catalog")
    out = tmp_path / "back"
    r = cli_run(["--data", out, "import", "sparql", fuseki.url])
    assert r.exit_code == 0, r.stderr
    a, b = _graphs(baseline_dir), _graphs(out)
    assert sorted(a) == sorted(b)
    for g in a:
        assert isomorphic(a[g], b[g]), g


def test_export_union_into_one_graph(baseline_dir, fuseki, cli_run, tmp_path):
    _clear(fuseki.url)
    r = cli_run(["--data", baseline_dir, "--lang", "en", "export", "sparql", fuseki.url, "--graph", "https://example.org/kg"])
    assert r.exit_code == 0 and "1 named graphs" in r.stdout
    out = tmp_path / "one"
    r = cli_run(["--data", out, "import", "sparql", fuseki.url, "--graph", "https://example.org/kg", "--source", "alt"])
    assert r.exit_code == 0, r.stderr
    with Workspace.open(baseline_dir) as ws:
        want = ws.dump("nt")
    with Workspace.open(out) as ws:
        got = ws.dump("nt", source="alt")
    assert isomorphic(rdflib.Graph().parse(data=want, format="nt"), rdflib.Graph().parse(data=got, format="nt"))


def test_store_errors(baseline_dir, cli_run, tmp_path):
    import socket
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    r = cli_run(["--data", baseline_dir, "--lang", "en", "export", "sparql", f"http://127.0.0.1:{port}/ds"])
    assert r.exit_code == 2 and "Cannot reach the SPARQL store" in r.stderr
    r = cli_run(["--data", baseline_dir, "export", "sparql", "ftp://x/y"])
    assert r.exit_code == 2 and "http(s)" in r.stderr
    r = cli_run(["--data", baseline_dir, "export", "sparql"])
    assert r.exit_code == 2
    r = cli_run(["--data", tmp_path / "n", "import", "sparql", f"http://127.0.0.1:{port}/ds"])
    assert r.exit_code == 2 and not (tmp_path / "n").exists()
