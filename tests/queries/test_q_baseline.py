"""The documented examples (docs/queries.md, each command's --help) on the KS baseline."""
from __future__ import annotations

import json

import pytest


@pytest.fixture
def bq(baseline_dir, cli_run):
    def _q(*args, code=0):
        r = cli_run(["--data", baseline_dir, "--lang", "en", "query", *args, "--format", "json"])
        assert r.exit_code == code, r.stdout + r.stderr
        return json.loads(r.stdout)
    return _q


def test_what_must_be_in_place_before_the_platform(bq):
    data = bq("deps", "ki-plattform", "--up")
    assert ("ki-plattform", "felles-okosystem", "requires", "hard") in {
        (e["dependent"], e["target"], e["type"], e["strength"]) for e in data["edges"]}


def test_path_order_and_critical_path(bq):
    paths = bq("path", "skalere-tjenester", "ki-plan")["paths"]
    assert paths and all(p[0]["dependent"] == "skalere-tjenester" and p[-1]["target"] == "ki-plan" for p in paths)
    assert [len(p) for p in paths] == sorted(len(p) for p in paths)
    waves = bq("order")["waves"]
    assert "ki-plan" in waves[0] and waves.index(next(w for w in waves if "ki-plattform" in w)) > 0
    chain = bq("critical-path", "skalere-tjenester")["chains"][0]["steps"]
    assert chain[-1]["id"] == "skalere-tjenester" and "ki-plattform" in [s["id"] for s in chain]


def test_impact_of_a_late_ki_loven(bq):
    data = bq("impact", "ki-loven", "--slip", "6m")
    assert data["origin_kind"] == "regulation"
    assert "skalere-tjenester" in {m["id"] for m in data["moves"]}


def test_coverage_and_obligations(bq):
    assert "economy" in bq("coverage", "challenges")["uncovered"]
    obl = {o["id"]: o for o in bq("obligations", "skalere-tjenester", "--on", "2027-01-01")["obligations"]}
    assert obl["plikt-dpia"]["applies"] == "yes" and not obl["plikt-dpia"]["met"]
    assert "plikt-fria" in obl


def test_timeline_milestones(bq):
    periods = bq("timeline", "--from", "2026", "--to", "2026")["periods"]
    assert any(m["id"] == "ki-loven" for m in periods[0]["milestones"])
