"""`kg diff SNAPSHOT @` from what changed (kg.diff.indexed, route "steps"): only the
initiatives and regulations that the changed statements can touch are read, in both
versions. Worked small cases where a fact of an initiative sits in another source than
the one that changed (its period, its dates, its qualified dependency, its type), each
with the answer worked out by hand and the same answer as the whole comparison; and the
route the diff takes when steps are kept, when they are not, and when a changed source
is too large to compare line by line."""
from __future__ import annotations

import shutil

import pyoxigraph as ox
import pytest

from kg import api
from kg.diff import indexed
from kg.facade import diff_versions
from kg.store.cache import cache_dir, workspace_key
from kg.store.workspace import Workspace

PREFIXES = """@prefix kg: <https://w3id.org/kommune-ki/ont#> .
@prefix kgid: <https://w3id.org/kommune-ki/id/> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix time: <http://www.w3.org/2006/time#> .
"""
ID = "https://w3id.org/kommune-ki/id/"


def _write(path, sources: dict[str, str]) -> None:
    """Each source (name → Turtle) written through kg, as an import writes it."""
    with Workspace.open(path, write=True) as ws:
        for name, ttl in sources.items():
            ws.replace_source(name, list(ox.parse((PREFIXES + ttl).encode(), format=ox.RdfFormat.TURTLE)),
                              {"kind": "test"})


def _both(path, monkeypatch, lang: str = "en") -> dict:
    """The diff from what changed, checked against the whole comparison; its JSON."""
    for check in (True, False):
        d = indexed.snapshot_diff("s", "@", data=path, lang=lang, check=check)
        assert d is not None and d.route == "steps"
        if not check:
            d.notes.append("Gaps from kg check were not compared (--no-check).")
        with monkeypatch.context() as m:
            m.setenv("KG_DIFF_FULL", "1")
            whole = diff_versions("s", "@", data=path, lang=lang, check=check).as_dict()
        assert d.as_dict() == whole
    return indexed.snapshot_diff("s", "@", data=path, lang=lang, check=True).as_dict()


def _case(path, monkeypatch, before: dict[str, str], after: dict[str, str]) -> dict:
    """The sources ``before``, a snapshot, then the sources ``after`` written: the diff."""
    _write(path, before)
    api.Workspace(path).snapshot("s")
    _write(path, after)
    return _both(path, monkeypatch)


def _kinds(d: dict) -> list[tuple[str, str, str]]:
    return [(c["kind"], c["id"], c["field"] or "") for c in d["changes"] if not c["kind"].startswith("gap-")]


INI = """kgid:i a kg:Initiative ; skos:prefLabel "Initiative I"@en ; kg:period kgid:p .
"""
TIME = """kgid:p time:hasBeginning kgid:s ; time:hasEnd kgid:e .
kgid:s kg:earliest "{s1}"^^xsd:date ; kg:latest "{s2}"^^xsd:date .
kgid:e kg:earliest "2027-01-01"^^xsd:date ; kg:latest "2027-03-31"^^xsd:date .
"""


@pytest.fixture
def ws(make_ws, monkeypatch, tmp_path):
    monkeypatch.setenv("KG_CACHE_DIR", str(tmp_path / "cache"))   # the steps are kept here
    return make_ws("")


def test_dates_in_another_source_than_the_initiative(ws, monkeypatch):
    # source a holds the initiative and its period link, source b the period's dates;
    # only b changes: the start moves from 2026-Q3 to 2026-Q4
    d = _case(ws, monkeypatch, {"a": INI, "b": TIME.format(s1="2026-07-01", s2="2026-09-30")},
              {"b": TIME.format(s1="2026-10-01", s2="2026-12-31")})
    assert _kinds(d) == [("moved", "i", "start")]
    shift = d["changes"][0]["shift"]
    # 1 Jul -> 1 Oct: 31 + 31 + 30 = 92 days, 3 months; 30 Sep -> 31 Dec: 31 + 30 + 31 = 92
    # days, both the last day of their month: 3 months
    assert (shift["earliest_days"], shift["latest_days"], shift["earliest_months"], shift["latest_months"]) \
        == (92, 92, 3, 3)


def test_the_period_link_goes_while_the_dates_stay_in_another_source(ws, monkeypatch):
    # the link initiative -> period is only in the old version: the initiative is found
    # through the removed statement, and both ends lose their dates
    d = _case(ws, monkeypatch, {"a": INI, "b": TIME.format(s1="2026-07-01", s2="2026-09-30")},
              {"a": 'kgid:i a kg:Initiative ; skos:prefLabel "Initiative I"@en .\n'})
    assert _kinds(d) == [("moved", "i", "start"), ("moved", "i", "end")]
    start = d["changes"][0]
    assert start["old"]["earliest"] == "2026-07-01" and start["new"] is None
    assert start["shift"]["earliest_days"] is None


def test_an_instant_shared_by_two_initiatives_moves_both(ws, monkeypatch):
    two = """kgid:i a kg:Initiative ; skos:prefLabel "Initiative I"@en ; kg:period kgid:p .
kgid:j a kg:Initiative ; skos:prefLabel "Initiative J"@en ; kg:period kgid:q .
kgid:q time:hasBeginning kgid:s .
"""
    # the latest date of the instant both periods begin with: +31 days
    d = _case(ws, monkeypatch, {"a": two, "b": TIME.format(s1="2026-07-01", s2="2026-09-30")},
              {"b": TIME.format(s1="2026-07-01", s2="2026-10-31")})
    assert _kinds(d) == [("moved", "i", "start"), ("moved", "j", "start")]
    assert [c["shift"]["latest_days"] for c in d["changes"]] == [31, 31]
    assert [c["shift"]["earliest_days"] for c in d["changes"]] == [0, 0]


def test_a_qualified_dependency_stated_in_another_source(ws, monkeypatch):
    a = """kgid:i a kg:Initiative ; skos:prefLabel "Initiative I"@en ; kg:qualifiedDependency kgid:q .
kgid:j a kg:Initiative ; skos:prefLabel "Initiative J"@en .
"""
    b = "kgid:q kg:dependencyOn kgid:j ; kg:dependencyType kgid:avh-krever ; kg:strength kgid:{s} .\n"
    d = _case(ws, monkeypatch, {"a": a, "b": b.format(s="styrke-hard")}, {"b": b.format(s="styrke-myk")})
    # i still requires j; only the strength changed, hard -> soft
    assert _kinds(d) == [("dependency", "i", "dependencies")]
    assert d["changes"][0]["old"] == {"type": "requires", "strength": "hard"}
    assert d["changes"][0]["new"] == {"type": "requires", "strength": "soft"}


def test_the_type_goes_while_the_label_stays_in_another_source(ws, monkeypatch):
    d = _case(ws, monkeypatch, {"a": "kgid:i a kg:Initiative .\nkgid:j a kg:Initiative .\n",
                                "b": 'kgid:i skos:prefLabel "Initiative I"@en ; kg:status kgid:status-planlagt .\n'},
              {"a": "kgid:j a kg:Initiative .\n"})
    assert _kinds(d) == [("removed", "i", "")] and d["changes"][0]["label"] == "Initiative I"


def test_a_regulation_entry_date_in_another_source(ws, monkeypatch):
    entry = 'kgid:t kg:earliest "{d}"^^xsd:date ; kg:latest "{d}"^^xsd:date .\n'
    d = _case(ws, monkeypatch, {"a": 'kgid:r a kg:Regulation ; skos:prefLabel "Rule R"@en ; kg:entryIntoForce kgid:t .\n',
                                "b": entry.format(d="2026-08-02")},
              {"b": entry.format(d="2027-08-02")})
    assert _kinds(d) == [("regulation-moved", "r", "entry")]
    # 2 Aug 2026 -> 2 Aug 2027: 365 days (no 29 February between), 12 months
    assert (d["changes"][0]["shift"]["earliest_days"], d["changes"][0]["shift"]["earliest_months"]) == (365, 12)


def test_the_route_without_kept_steps_and_for_a_large_source(ws, monkeypatch):
    _write(ws, {"a": INI, "b": TIME.format(s1="2026-07-01", s2="2026-09-30")})
    with Workspace.open(ws) as w:   # the check and the roadmap of this version, as after kg check
        from kg.check.cache import cached_check
        from kg.roadmap.model import initiatives
        cached_check(w)
        initiatives(w)
    api.Workspace(ws).snapshot("s")
    _write(ws, {"b": TIME.format(s1="2026-10-01", s2="2026-12-31")})
    with Workspace.open(ws) as w:
        steps = cache_dir() / f"delta-{workspace_key(w)}"
    assert any(steps.iterdir())
    want = _both(ws, monkeypatch)
    # no step kept (a write around kg, a cleared cache): the changed source's lines are compared
    shutil.rmtree(steps)
    d = indexed.snapshot_diff("s", "@", data=ws, lang="en")
    assert d.route == "steps" and d.as_dict() == want
    # too large to compare line by line: the kept roadmap of both versions
    monkeypatch.setattr(indexed, "LINES_AT_MOST", 1)
    d = indexed.snapshot_diff("s", "@", data=ws, lang="en")
    assert d.route == "kept" and d.as_dict() == want


def test_blank_nodes_in_a_changed_source_take_the_kept_roadmap(ws, monkeypatch):
    _write(ws, {"a": 'kgid:i a kg:Initiative ; skos:prefLabel "I"@en ; kg:period [ time:hasBeginning '
                     '[ kg:earliest "2026-07-01"^^xsd:date ] ] .\n'})
    api.Workspace(ws).snapshot("s")
    _write(ws, {"a": 'kgid:i a kg:Initiative ; skos:prefLabel "I"@en ; kg:period [ time:hasBeginning '
                     '[ kg:earliest "2026-08-01"^^xsd:date ] ] .\n'})
    d = indexed.snapshot_diff("s", "@", data=ws, lang="en")
    assert d.route == "kept" and [(c.kind, c.id, c.field) for c in d.changes if c.kind == "moved"] \
        == [("moved", "i", "start")]
    assert d.changes[0].shift.earliest_days == 31
    with monkeypatch.context() as m:
        m.setenv("KG_DIFF_FULL", "1")
        assert d.as_dict() == diff_versions("s", "@", data=ws, lang="en").as_dict()

