"""kg export graphml|csv: the graph for Gephi/yEd and for spreadsheets."""
from __future__ import annotations

import csv
import io

import networkx as nx


def test_graphml_opens_in_networkx_with_labels_and_sources(cli_run, baseline_dir, tmp_path):
    out = tmp_path / "g.graphml"
    r = cli_run(["--data", baseline_dir, "--lang", "en", "export", "graphml", "-o", out])
    assert r.exit_code == 0, r.output
    g = nx.read_graphml(out)
    by_id = {d["id"]: n for n, d in g.nodes(data=True)}
    node = g.nodes[by_id["ki-fabrikk"]]
    assert node["label_nb"] == "KI-fabrikk" and node["label_en"] == "AI factory"
    assert node["type"] == "Initiative"
    edges = {(g.nodes[a]["id"], g.nodes[b]["id"]): d for a, b, d in g.edges(data=True)}
    dep = edges[("ki-fabrikk", "ki-plattform")]
    assert dep["property"] == "depends on" and dep["source"] == "assumptions"
    assert g.nodes[by_id["kommune-3403"]]["label"] == "Hamar"


def test_csv_has_one_row_per_fact_and_escapes_formulas(cli_run, make_ws):
    path = make_ws('kgid:x a kg:Initiative ; skos:prefLabel "=HYPERLINK(\\"http://evil\\")"@nb , "@SUM(A1)"@en ; '
                   'kg:owner kgid:ks .', baseline=False)
    r = cli_run(["--data", path, "export", "csv"])
    assert r.exit_code == 0
    rows = list(csv.DictReader(io.StringIO(r.stdout)))
    mine = [row for row in rows if row["subject_id"] == "x"]
    values = {row["value"] for row in mine}
    assert "'=HYPERLINK(\"http://evil\")" in values and "'@SUM(A1)" in values
    assert all(not row["subject"].startswith("=") for row in rows)
    owner = [row for row in mine if row["value_id"] == "ks"]
    assert owner and owner[0]["source"] == "test" and owner[0]["property"] == "eier"


def test_url_only_for_sparql(cli_run, baseline_dir):
    r = cli_run(["--data", baseline_dir, "export", "csv", "http://x"])
    assert r.exit_code == 2
