"""reuse-missing and human-oversight-missing on every way a solution gets its users and
its use in decisions, against answers worked out by hand, with both engines (the fast
one's SPARQL is written for Oxigraph's planner: the users as one property path, the
systems used in decisions found once in a subquery) and with one focus node.

By hand (kgid: prefix left out):

  system  users (reusedBy / owner or participant of an initiative using it)  reuse  → reuse-missing
  s1      k1 (reusedBy) and k1 (owner of i1): one user, twice            —      yes
  s2      k1 (reusedBy), k2 (participant of i2): two                     —      no
  s3      k3 (owner of i3), k4 (participant of i3): two                  —      no
  s4      none                                                           —      yes
  s5      k5 (owner of i5) only                                          plan   no (a plan)
  s6      k6 (participant of i6) only                                    —      yes

  system  usedInDecisions  initiative using it delivers    humanOversight → human-oversight-missing
  s1      true             —                                —              yes
  s2      false            i2 delivers ki-i-saksbehandling  —              yes (through i2)
  s3      —                i3 delivers something else       —              no
  s4      true             —                                true           no
  s5      —                i5 delivers ki-i-saksbehandling  true           no
  s6      —                —                                —              no
"""
from __future__ import annotations

import pytest

from kg.check import engine as checking
from tests.check.helpers import ID, mem_ws

DATA = """
kgid:s1 a kg:AISystem ; kg:reusedBy kgid:k1 ; kg:usedInDecisions true .
kgid:i1 kg:usesSystem kgid:s1 ; kg:owner kgid:k1 .
kgid:s2 a kg:AISystem ; kg:reusedBy kgid:k1 ; kg:usedInDecisions false .
kgid:i2 kg:usesSystem kgid:s2 ; kg:participant kgid:k2 ; kg:delivers kgid:ki-i-saksbehandling .
kgid:s3 a kg:AISystem .
kgid:i3 kg:usesSystem kgid:s3 ; kg:owner kgid:k3 ; kg:participant kgid:k4 ; kg:delivers kgid:annet .
kgid:s4 a kg:AISystem ; kg:usedInDecisions true ; kg:humanOversight true .
kgid:s5 a kg:AISystem ; kg:reuse kgid:gjenbruk-plan ; kg:humanOversight true .
kgid:i5 kg:usesSystem kgid:s5 ; kg:owner kgid:k5 ; kg:delivers kgid:ki-i-saksbehandling .
kgid:s6 a kg:AISystem .
kgid:i6 kg:usesSystem kgid:s6 ; kg:participant kgid:k6 .
"""
EXPECTED = {"reuse-missing": {"s1", "s4", "s6"}, "human-oversight-missing": {"s1", "s2"}}


@pytest.mark.parametrize("engine", ["fast", "pyshacl"])
def test_users_and_decisions_as_worked_out_by_hand(engine):
    ws = mem_ws(DATA)
    report = checking.check(ws, engine=engine, codes=list(EXPECTED))
    got = {code: {r.focus[len(ID):] for r in report.results if r.code == code} for code in EXPECTED}
    assert got == EXPECTED


@pytest.mark.parametrize("system", ["s1", "s2", "s3", "s4", "s5", "s6"])
def test_one_focus_node_gives_the_same(system):
    ws = mem_ws(DATA)
    report = checking.check(ws, codes=list(EXPECTED), focus=ID + system)
    got = {r.code for r in report.results}
    assert got == {code for code, systems in EXPECTED.items() if system in systems}
