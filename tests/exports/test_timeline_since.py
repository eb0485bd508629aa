"""kg diagram timeline --since SNAPSHOT: the old position ghosted, an arrow, new marked."""
from __future__ import annotations

import pyoxigraph as ox

from kg.store.workspace import Workspace

PLAN = """@prefix kg: <https://w3id.org/kommune-ki/ont#> . @prefix kgid: <https://w3id.org/kommune-ki/id/> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> . @prefix time: <http://www.w3.org/2006/time#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
kgid:x a kg:Initiative ; skos:prefLabel "Flyttet"@nb , "Moved"@en ; kg:owner kgid:ks ; kg:phase kgid:fase-planlagt ;
  kg:period kgid:x-p . kgid:x-p time:hasBeginning kgid:x-s ; time:hasEnd kgid:x-e .
kgid:x-s kg:earliest "%s"^^xsd:date ; kg:latest "%s"^^xsd:date .
kgid:x-e kg:earliest "%s"^^xsd:date ; kg:latest "%s"^^xsd:date .
"""
NEW = """kgid:y a kg:Initiative ; skos:prefLabel "Nytt"@nb , "Brand new"@en ; kg:owner kgid:ks ."""


def _put(path, text):
    with Workspace.open(path, write=True) as ws:
        ws.replace_source("plan", ox.parse(text, format=ox.RdfFormat.TURTLE), {"kind": "import"})


def test_moved_is_ghosted_and_new_is_marked(cli_run, make_ws):
    path = make_ws()
    _put(path, PLAN % ("2026-01-01", "2026-03-31", "2026-10-01", "2026-12-31"))
    assert cli_run(["--data", path, "snapshot", "v1"]).exit_code == 0
    _put(path, PLAN % ("2026-07-01", "2026-09-30", "2027-04-01", "2027-06-30") + NEW)
    r = cli_run(["--data", path, "--lang", "en", "diagram", "timeline", "--since", "v1", "--format", "dot", "--no-gaps"])
    assert r.exit_code == 0, r.output
    dot = r.stdout
    assert "Before: 2026-01-01/2026-03-31 – 2026-10-01/2026-12-31 (snapshot v1)" in dot
    assert "New since v1" in dot and ">NEW<" in dot
    # without --since, none of it
    plain = cli_run(["--data", path, "--lang", "en", "diagram", "timeline", "--format", "dot", "--no-gaps"]).stdout
    assert "Before:" not in plain and "New since" not in plain


def test_unknown_snapshot_gives_closest_names(cli_run, make_ws):
    path = make_ws()
    assert cli_run(["--data", path, "snapshot", "deck-mai"]).exit_code == 0
    r = cli_run(["--data", path, "--lang", "en", "diagram", "timeline", "--since", "deck-mia", "--format", "dot"])
    assert r.exit_code == 1
    assert "deck-mai" in r.stderr


def test_since_with_board_is_a_usage_error(cli_run, make_ws):
    path = make_ws()
    r = cli_run(["--data", path, "diagram", "timeline", "--style", "board", "--since", "x", "--format", "dot"])
    assert r.exit_code == 2
