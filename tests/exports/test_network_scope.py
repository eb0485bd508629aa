"""A network's deck, spreadsheet and template read only the network's initiatives
(kg.roadmap.network_scope); what they show must be exactly what the whole-graph reading gives.

The workspace: the KS baseline, a second network (Vestlandsnettet, one member: Bergen),
three hand-made initiatives and one spreadsheet imported for each network. An import for
a network makes each row's owner a member (kg import --network), so afterwards Digi
Innlandet has Hamar and Vestlandsnettet has Bergen and Oslo. Worked out by hand from the
rule in kg.roadmap.table (imported for the network, or owned by / with the network or a
member as participant):

* Digi Innlandet: the baseline's kompetanse-spredning and t-v3 (Digi Innlandet takes
  part), t-v2 (owned by Hamar) and its three imported rows d1–d3.
* Vestlandsnettet: t-v1 (owned by Bergen), t-v2 (Bergen takes part), t-v3 (owned by
  Oslo) and its two imported rows v1 and v2.
* imported only (what the network's template holds): d1–d3, and v1–v2.
"""
from __future__ import annotations

import csv

import pytest
from pptx import Presentation

from _support import PREFIXES_TTL
from kg.roadmap import network_scope as scope_mod
from kg.roadmap.network_scope import network_scope
from kg.roadmap.table import initiative_rows
from kg.store.workspace import Workspace

ID = "https://w3id.org/kommune-ki/id/"
DIGI, VEST = ID + "digi-innlandet", ID + "t-vest"

TTL = """
@prefix org: <http://www.w3.org/ns/org#> .
kgid:t-vest a kg:Network ; skos:prefLabel "Vestlandsnettet"@nb , "The Vestland network"@en .
kgid:kommune-4601 org:memberOf kgid:t-vest .
kgid:t-v1 a kg:Initiative ; skos:prefLabel "Bergen-piloten"@nb , "The Bergen pilot"@en ;
    kg:owner kgid:kommune-4601 ; kg:phase kgid:fase-pagaende ;
    kg:period [ a kg:Period ; time:hasBeginning [ a kg:UncertainInstant ; kg:earliest "2026-01-01"^^xsd:date ;
                kg:latest "2026-03-31"^^xsd:date ; kg:precision kgid:presisjon-kvartal ; skos:notation "2026-Q1" ] ; time:hasEnd [ a kg:UncertainInstant ;
                kg:earliest "2027-01-01"^^xsd:date ; kg:latest "2027-12-31"^^xsd:date ] ] .
kgid:t-v2 a kg:Initiative ; skos:prefLabel "Felles talegjenkjenning"@nb , "Talegjenkjenning i fellesskap"@nb ;
    kg:owner kgid:kommune-3403 ; kg:participant kgid:kommune-4601 ; kg:phase kgid:fase-planlagt ;
    kg:dependsOn kgid:t-v1 .
kgid:t-v3 a kg:Initiative ; skos:prefLabel "Oslo alene"@nb ; kg:owner kgid:kommune-0301 ;
    kg:participant kgid:digi-innlandet .
"""
HEAD = ["id", "tittel", "tittel_en", "eier", "kommuner", "status", "start", "slutt", "utfordringer", "prinsipper"]


def _rows_file(path, rows):
    with open(path, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(HEAD)
        w.writerows(rows)
    return path


@pytest.fixture(scope="module")
def two_networks(tmp_path_factory):
    from click.testing import CliRunner
    from kg.cli import cli
    d = tmp_path_factory.mktemp("scope")
    (d / "vestnett.ttl").write_text(PREFIXES_TTL + TTL, encoding="utf-8")
    ws = d / "ws"
    Workspace.create(ws, extra=[("vestnett", d / "vestnett.ttl", {"kind": "test"})])
    digi = _rows_file(d / "digi.csv", [
        [f"d{i}", f"Digi-tiltak {i}", f"Digi initiative {i}", "Hamar", "Hamar;Elverum", "pågående",
         f"2026-Q{i}", "2027-H2", "competence", "1"] for i in (1, 2, 3)])
    vest = _rows_file(d / "vest.csv", [
        ["v1", "Vestlandsk språkmodell", "", "Bergen", "Bergen", "planlagt", "2027", "", "competence", "2"],
        ["v2", "Oslo hjelper Vestland", "Oslo helps", "Oslo", "Oslo", "pågående", "2026-09", "2026-12", "", ""]])
    for f, net in ((digi, "Digi Innlandet"), (vest, "Vestlandsnettet")):
        r = CliRunner().invoke(cli, ["--data", str(ws), "import", str(f), "--network", net])
        assert r.exit_code == 0, r.output
    return ws


def _names(rows) -> set[str]:
    return {r.local_id or r.id for r in rows}


def _whole_graph(monkeypatch):
    """The reading without the network scope: network_scope answering None is the
    documented way back to the whole graph."""
    monkeypatch.setattr(scope_mod, "network_scope", lambda *a, **kw: None)


def test_scope_is_the_hand_worked_set(two_networks):
    with Workspace.open(two_networks) as ws:
        assert _names(initiative_rows(ws, network=DIGI)) == {"kompetanse-spredning", "t-v2", "t-v3", "d1", "d2", "d3"}
        assert _names(initiative_rows(ws, network=VEST)) == {"t-v1", "t-v2", "t-v3", "v1", "v2"}
        assert _names(initiative_rows(ws, network=DIGI, imported_only=True)) == {"d1", "d2", "d3"}
        assert _names(initiative_rows(ws, network=VEST, imported_only=True)) == {"v1", "v2"}


@pytest.mark.parametrize("net", [DIGI, VEST])
@pytest.mark.parametrize("imported_only", [False, True])
def test_rows_equal_the_whole_graph_reading(two_networks, monkeypatch, net, imported_only):
    with Workspace.open(two_networks) as ws:
        scoped = initiative_rows(ws, network=net, imported_only=imported_only)
        chosen = network_scope(ws, net, imported_only=imported_only)
        assert chosen == {r.iri for r in scoped}
        _whole_graph(monkeypatch)
        whole = initiative_rows(ws, network=net, imported_only=imported_only)
    assert scoped == whole
    # what the rows carry, so the comparison is about something: time as given, two nb
    # titles (the first kept either way), dependencies, source file and row, networks
    by = {r.local_id or r.id: r for r in scoped}
    if net == VEST and not imported_only:
        assert by["t-v1"].rec.start.text() == "2026-Q1" and by["t-v2"].rec.deps[0].target == ID + "t-v1"
        assert by["t-v2"].rec.labels["nb"] in ("Felles talegjenkjenning", "Talegjenkjenning i fellesskap")
        assert by["v1"].origins[0][2] == 2 and by["v1"].networks == [VEST]
    if net == DIGI and not imported_only:
        assert by["d2"].rec.start.text() == "2026-Q2" and by["d2"].origins[0][1].endswith("digi.csv")


def _slide_texts(path) -> list[list[str]]:
    prs = Presentation(str(path))
    return [[shp.text_frame.text for shp in s.shapes if shp.has_text_frame] for s in prs.slides]


@pytest.mark.parametrize("name", ["Digi Innlandet", "Vestlandsnettet"])
def test_network_deck_equals_the_whole_graph_deck(cli_run, two_networks, tmp_path, monkeypatch, name):
    out = {}
    for how in ("scoped", "whole"):
        if how == "whole":
            _whole_graph(monkeypatch)
        f = tmp_path / f"{how}.pptx"
        res = cli_run(["--data", two_networks, "--lang", "en", "export", "pptx", "--network", name, "-o", f])
        assert res.exit_code == 0, res.output
        out[how] = _slide_texts(f)
    assert out["scoped"] == out["whole"]
    text = "\n".join(t for s in out["scoped"] for t in s)
    mine = {"Digi Innlandet": ("Digi initiative 2", "Oslo alene"),
            "Vestlandsnettet": ("The Bergen pilot", "Oslo helps")}[name]
    other = {"Digi Innlandet": "The Bergen pilot", "Vestlandsnettet": "Digi initiative 2"}[name]
    assert all(m in text for m in mine) and other not in text


def test_network_map_counts_by_lookup_equal_the_index(two_networks, monkeypatch):
    """A network's map counts its initiatives' municipalities by direct lookups; a larger
    filter is counted from the roadmap index: both give the same map. By hand for
    Vestlandsnettet: Bergen (4601) owns t-v1 and v1 and takes part in t-v2; Oslo (0301)
    owns t-v3 and v2; Hamar (3403) owns t-v2."""
    from kg.exports.diagrams import map_model
    with Workspace.open(two_networks) as ws:
        looked_up = map_model.build_map(ws, "nb", network=VEST)
        monkeypatch.setattr(map_model, "LOOKUP_MAX", 0)
        indexed = map_model.build_map(ws, "nb", network=VEST)
    assert {k: v for k, v in looked_up.counts.items() if v} == {"4601": 3, "0301": 2, "3403": 1}
    assert looked_up.counts == indexed.counts and looked_up.total == indexed.total == 5
