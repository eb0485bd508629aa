"""One definition of "a network's initiatives" (kg.roadmap.network_scope.network_initiatives),
and every reader that narrows to a network gives that set: the network's rows
(kg.roadmap.table.initiative_rows, its deck, spreadsheet and template), `--network` of the
diagrams (kg.facade.network_only), the map and the vendor lens.

The rule (docs/deck.md, docs/diagrams.md): an initiative belongs to a network when it was
imported for the network (it has facts in a source whose catalog entry names the network:
`kg import FILE --network NAME`) or when the network itself or one of its members
(org:memberOf, or an org:Membership) owns it or takes part in it.

The case, by hand. Network t-nett; members Hamar (3403, an org:Membership) and Løten
(3412, org:memberOf). Every initiative has a vendor (Alfa AS), so the vendor lens looks
at all of them.

Source "case" (no network):
  t-own    owned by Hamar, a member                           → in (a member owns it)
  t-part   owned by Oslo, Løten takes part                    → in (a member takes part)
  t-net    owned by Oslo, the network itself takes part       → in (the network takes part)
  t-out    owned by Oslo                                      → out (Oslo is no member)
  t-noted  owned by Oslo; the network's file adds a note      → in (it has facts in a
           about it                                                source imported for it)
Source "stray" (no network), which states `kgid:t-stray kg:network kgid:t-nett` about a
non-source subject:
  t-stray  owned by Oslo                                      → out (the catalog does not
           name the network for "stray"; a stray triple does not make a source the network's)
Source "nettfil", imported with `kg import nettfil.ttl --network t-nett`:
  t-imp    no owner, no participant                           → in (imported for it)

Expected: {t-own, t-part, t-net, t-noted, t-imp}; imported only: {t-imp, t-noted}.
"""
from __future__ import annotations

import pytest

from _support import PREFIXES_TTL
from kg.store.workspace import Workspace

ID = "https://w3id.org/kommune-ki/id/"
NET = ID + "t-nett"
EXPECTED = {ID + x for x in ("t-own", "t-part", "t-net", "t-noted", "t-imp")}
IMPORTED = {ID + "t-imp", ID + "t-noted"}

CASE = """
@prefix org: <http://www.w3.org/ns/org#> .
kgid:t-nett a kg:Network ; skos:prefLabel "Testnettet"@nb , "The test network"@en .
kgid:t-nett-hamar a org:Membership ; org:member kgid:kommune-3403 ; org:organization kgid:t-nett .
kgid:kommune-3412 org:memberOf kgid:t-nett .
kgid:leverandor-alfa a kg:Vendor ; skos:prefLabel "Alfa AS"@nb .
kgid:t-own a kg:Initiative ; skos:prefLabel "Eid av Hamar"@nb ; kg:owner kgid:kommune-3403 ; kg:vendor kgid:leverandor-alfa .
kgid:t-part a kg:Initiative ; skos:prefLabel "Løten deltar"@nb ; kg:owner kgid:kommune-0301 ;
    kg:participant kgid:kommune-3412 ; kg:vendor kgid:leverandor-alfa .
kgid:t-net a kg:Initiative ; skos:prefLabel "Nettverket deltar"@nb ; kg:owner kgid:kommune-0301 ;
    kg:participant kgid:t-nett ; kg:vendor kgid:leverandor-alfa .
kgid:t-out a kg:Initiative ; skos:prefLabel "Bare Oslo"@nb ; kg:owner kgid:kommune-0301 ; kg:vendor kgid:leverandor-alfa .
kgid:t-noted a kg:Initiative ; skos:prefLabel "Omtalt i nettverkets fil"@nb ; kg:owner kgid:kommune-0301 ;
    kg:vendor kgid:leverandor-alfa .
"""
STRAY = """
kgid:t-stray a kg:Initiative ; skos:prefLabel "Villfaren"@nb ; kg:owner kgid:kommune-0301 ;
    kg:vendor kgid:leverandor-alfa .
kgid:t-stray kg:network kgid:t-nett .
"""
NETTFIL = """
kgid:t-imp a kg:Initiative ; skos:prefLabel "Importert for nettverket"@nb ; kg:vendor kgid:leverandor-alfa .
kgid:t-noted kg:note "nevnt av nettverket" .
"""


@pytest.fixture(scope="module")
def case(tmp_path_factory):
    from click.testing import CliRunner

    from kg.cli import cli
    d = tmp_path_factory.mktemp("netrule")
    for name, ttl in (("case", CASE), ("stray", STRAY), ("nettfil", NETTFIL)):
        (d / f"{name}.ttl").write_text(PREFIXES_TTL + ttl, encoding="utf-8")
    ws = d / "ws"
    Workspace.create(ws, baseline=False, extra=[(n, d / f"{n}.ttl", {"kind": "test"}) for n in ("case", "stray")])
    r = CliRunner().invoke(cli, ["--data", str(ws), "import", str(d / "nettfil.ttl"), "--network", "t-nett"])
    assert r.exit_code == 0, r.output
    return ws


def test_the_rule_on_the_hand_worked_case(case):
    from kg.roadmap.network_scope import network_initiatives, network_scope
    with Workspace.open(case) as ws:
        assert network_initiatives(ws, NET) == EXPECTED
        assert network_initiatives(ws, NET, imported_only=True) == IMPORTED
        # the lookups are the rule here (no blank nodes): nothing falls back to the whole graph
        assert network_scope(ws, NET) == EXPECTED


def test_every_reader_narrows_to_the_same_set(case, monkeypatch):
    from kg import facade
    from kg.exports.diagrams.map_model import build_map
    from kg.roadmap import network_scope as scope_mod
    from kg.roadmap.lenses import vendor_landscape
    from kg.roadmap.table import initiative_rows
    with Workspace.open(case) as ws:
        assert {r.iri for r in initiative_rows(ws, network=NET)} == EXPECTED
        assert {r.iri for r in initiative_rows(ws, network=NET, imported_only=True)} == IMPORTED
        assert facade.network_only(ws, "t-nett") == EXPECTED
        [alfa] = vendor_landscape(ws, network="t-nett", use_cache=False)["vendors"]
        assert {ID + i for i in alfa["initiatives"]} == EXPECTED
        # the map counts each municipality's initiatives among them: Hamar owns t-own; Løten
        # takes part in t-part; Oslo owns t-part, t-net and t-noted (t-out is not the network's)
        m = build_map(ws, "nb", network=NET)
        assert m.total == 5
        assert {k: v for k, v in m.counts.items() if v} == {"3403": 1, "3412": 1, "0301": 3}
        # and the whole-graph reading (where lookups cannot be bound) gives the same set
        monkeypatch.setattr(scope_mod, "network_scope", lambda *a, **kw: None)
        assert scope_mod.network_initiatives(ws, NET) == EXPECTED
