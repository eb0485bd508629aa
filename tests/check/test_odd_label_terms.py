"""Hand-made RDF may give a label as an IRI or a source row as text: `kg check` reports the
gaps as usual (labels and rows are only read where they are what they should be), never a
traceback."""
from __future__ import annotations

import json

ODD = """@prefix kg: <https://w3id.org/kommune-ki/ont#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
<https://w3id.org/kommune-ki/id/odd-1> a kg:Initiative ;
    skos:prefLabel <https://example.org/not-a-label> ;
    kg:sourceRow "row three" .
"""


def test_check_with_an_iri_label_and_a_text_row(baseline_copy, tmp_path, cli_run):
    f = tmp_path / "odd.ttl"
    f.write_text(ODD, encoding="utf-8")
    r = cli_run(["--data", baseline_copy, "import", str(f)])
    assert r.exit_code == 0, r.output
    r = cli_run(["--data", baseline_copy, "--lang", "en", "check", "--format", "json"])
    assert r.exit_code == 1, r.output   # odd-1 lacks what an initiative needs: gaps, not a crash
    out = json.loads(r.stdout)
    mine = [x for x in out["results"] if x["focus"].endswith("/odd-1")]
    assert {x["code"] for x in mine} >= {"label-missing"}   # an IRI is no label in a language
    assert all(x.get("row") in (None, "") for x in mine)
