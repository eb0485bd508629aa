"""kg query coverage (answers by hand, see qgraphs.py)."""
from __future__ import annotations


def _items(data):
    return {i["id"]: i for i in data["items"]}


def test_challenges(roadmap, q):
    data = q(roadmap, "coverage", "challenges")
    items = _items(data)
    assert items["ch-kompetanse"]["initiatives"] == ["a", "b"] and items["ch-kompetanse"]["covered"]
    assert items["ch-okonomi"]["initiatives"] == [] and "ch-okonomi" in data["uncovered"]


def test_principles_and_regulations(roadmap, q):
    p = _items(q(roadmap, "coverage", "principles"))
    assert p["p1"]["initiatives"] == ["a"] and not p["p2"]["covered"]
    r = _items(q(roadmap, "coverage", "regulations"))
    assert r["ki-lov"]["initiatives"] == ["f"] and r["ki-lov"]["needs_in_force"] == 1


def test_sdgs_by_goal(make_ws, q):
    from qgraphs import init
    ws = make_ws(init("s1", "S1", contributesTo="sdg:9.c") + init("s2", "S2", contributesTo="sdg:9")
                 + init("s3", "S3", worksAgainst="sdg:7.3"))
    items = _items(q(ws, "coverage", "sdgs"))
    assert items["sdg-9"]["initiatives"] == ["s1", "s2"] and items["sdg-9"]["targets"] == "9.c"
    assert items["sdg-7"]["against"] == ["s3"] and not items["sdg-7"]["covered"]
    assert not items["sdg-1"]["covered"]


def test_municipalities_by_county_and_network(make_ws, q, cli_run):
    from qgraphs import init
    ws = make_ws(init("m1", "M1", owner="kgid:kommune-0301") + init("m2", "M2", participant="kgid:nett")
                 + """kgid:nett a kg:Network ; skos:prefLabel "Nett"@nb , "Net"@en .
                 kgid:ms1 a <http://www.w3.org/ns/org#Membership> ; <http://www.w3.org/ns/org#member> kgid:kommune-3401 ;
                     <http://www.w3.org/ns/org#organization> kgid:nett .""")
    data = q(ws, "coverage", "municipalities")
    items = _items(data)
    assert items["kommune-0301"]["initiatives"] == ["m1"] and items["kommune-0301"]["covered"]
    assert items["kommune-3401"]["initiatives"] == [] and items["kommune-3401"]["via_network"] == ["m2"]
    assert items["kommune-3401"]["covered"] and items["kommune-3401"]["network_ids"] == ["nett"]
    assert len(items) == 357 and len(data["uncovered"]) == 355
    net = next(g for g in data["groups"] if g["kind"] == "network" and g["label"] == "Net")
    assert (net["label"], net["total"], net["covered"]) == ("Net", 1, 1)
    counties = [g for g in data["groups"] if g["kind"] == "county"]
    assert sum(g["total"] for g in counties) == 357 and sum(g["covered"] for g in counties) == 2
    r = cli_run(["--data", ws, "query", "coverage", "municipalities", "--uncovered", "--format", "csv"])
    assert r.exit_code == 0 and len(r.stdout.splitlines()) == 356
