"""The incremental check (kg.check.incremental, kg.check.reach) is a full check: random
edits of a small workspace (initiatives, dates, owners and participants, municipalities
with and without an organisation number, dependencies plain and qualified, systems and
vendors, a source replaced or removed), and after each the check that starts from the
kept result of the previous one must equal a check of everything without any cache
(``KG_CHECK_CACHE=0``), result for result, message, label, source and row included.

More seeds: ``KG_CHECK_DIFF_SEEDS=40``."""
from __future__ import annotations

import os
import random

import pyoxigraph as ox
import pytest

from kg.check import engine as checking
from kg.check import incremental
from kg.store.workspace import Workspace

from tests.check.helpers import HEADER

SEEDS = int(os.environ.get("KG_CHECK_DIFF_SEEDS", "6"))
STEPS = 10
SOURCES = ("a", "b", "c")
STATUSES = ("status-planlagt", "status-pagaende", "status-etablert", "fase-planlagt")
MUNIS = ("kommune-0301", "kommune-3401", "kommune-9998", "ks", "org-x")


def _random_source(rnd: random.Random, name: str, inits: list[str], systems: list[str]) -> str:
    """A Turtle snippet: some initiatives, systems and municipalities of this source, with
    links to nodes of any source (so a change in one reaches results about another)."""
    out = []
    for x in rnd.sample(inits, k=rnd.randint(0, 4)):
        s = [f"kgid:{x} a kg:Initiative"]
        maybe = [(0.8, f'skos:prefLabel "{x} {name}"@nb'), (0.5, f'skos:prefLabel "{x} en"@en'),
                 (0.7, f"kg:status kgid:{rnd.choice(STATUSES)}"), (0.5, f"kg:owner kgid:{rnd.choice(MUNIS)}"),
                 (0.5, f"kg:participant kgid:{rnd.choice(MUNIS)}"),
                 (0.4, f"kg:dependsOn kgid:{rnd.choice(inits + ['gone'])}")]
        s += [fact for chance, fact in maybe if rnd.random() < chance]
        if rnd.random() < 0.3:
            s.append(f"kg:qualifiedDependency kgid:{x}-q")
            strength = " ; kg:strength kgid:styrke-myk" if rnd.random() < 0.3 else ""
            out.append(f"kgid:{x}-q kg:dependencyOn kgid:{rnd.choice(inits)}{strength} .")
        if rnd.random() < 0.3:
            s.append(f"kg:usesSystem kgid:{rnd.choice(systems)}")
        if rnd.random() < 0.3:
            s.append("kg:delivers kgid:ki-i-saksbehandling")
        if rnd.random() < 0.6:
            per = f"kgid:{x}-{name}-per" if rnd.random() < 0.9 else "_:p" + x.replace("-", "")
            s.append(f"kg:period {per}")
            y1, y2 = rnd.randint(2025, 2028), rnd.randint(2025, 2028)
            if rnd.random() < 0.8:
                out.append(f'{per} time:hasBeginning {per}s . {per}s kg:earliest "{y1}-01-01"^^xsd:date ; '
                           f'kg:latest "{y1}-06-30"^^xsd:date .')
            if rnd.random() < 0.8:
                out.append(f'{per} time:hasEnd {per}e . {per}e kg:earliest "{y2}-01-01"^^xsd:date ; '
                           f'kg:latest "{y2}-12-31"^^xsd:date .')
        if rnd.random() < 0.3:
            s.append("kg:addresses kgid:utfordring-1")
        out.append(" ; ".join(s) + " .")
    for y in rnd.sample(systems, k=rnd.randint(0, 2)):
        s = [f"kgid:{y} a kg:AISystem", f'skos:prefLabel "{y}"@nb']
        maybe = [(0.5, f"kg:vendor kgid:vendor-{rnd.randint(1, 3)}"), (0.3, "kg:dataLocation kgid:lagring-utenfor-eos"),
                 (0.4, "kg:processesPersonalData true"), (0.4, "kg:riskLevel kgid:risiko-hoy"),
                 (0.3, "kg:exitPlan true"), (0.3, f"kg:reusedBy kgid:{rnd.choice(MUNIS)}")]
        s += [fact for chance, fact in maybe if rnd.random() < chance]
        out.append(" ; ".join(s) + " .")
    for m in rnd.sample(MUNIS[:3], k=rnd.randint(0, 2)):
        num = f' ; kg:organisationNumber "{m[-4:]}"' if rnd.random() < 0.5 else ""
        out.append(f'kgid:{m} a kg:Municipality ; skos:prefLabel "{m}"@nb{num} .')
    if rnd.random() < 0.2:
        out.append("kgid:utfordring-1 a kg:Challenge .")
    return "\n".join(out)


def _write(ws_path, name: str, ttl: str | None) -> None:
    with Workspace.open(ws_path, write=True) as ws:
        if ttl is None:
            if any(s.name == name for s in ws.sources()):
                ws.remove_source(name)
            return
        quads = list(ox.parse((HEADER + ttl).encode("utf-8"), format=ox.RdfFormat.TURTLE))
        ws.replace_source(name, quads, meta={"kind": "import"})


def _check(ws_path) -> list[dict]:
    with Workspace.open(ws_path) as ws:
        report = checking.check(ws)
    return [r.as_dict("nb") | {"en": r.message("en"), "label_en": r.label("en")} for r in report.results]


@pytest.fixture(autouse=True)
def analyse_at_once(monkeypatch):
    """The queries are read after any whole check (on this small workspace a check is
    quicker than ANALYSE_AFTER, which would leave every check a whole one)."""
    monkeypatch.setattr(incremental, "ANALYSE_AFTER", -1.0)


@pytest.fixture(scope="module")
def base(tmp_path_factory):
    path = tmp_path_factory.mktemp("inc") / "ws"
    Workspace.create(path, baseline=False)
    return path


@pytest.mark.parametrize("seed", range(SEEDS))
def test_incremental_equals_full_over_random_edits(seed, base, tmp_path, monkeypatch):
    import shutil
    ws_path = tmp_path / "ws"
    shutil.copytree(base, ws_path)
    monkeypatch.setenv("KG_CACHE_DIR", str(tmp_path / "cache"))
    rnd = random.Random(seed)
    inits = [f"t-{i}" for i in range(8)]
    systems = [f"sys-{i}" for i in range(4)]
    ways = []
    _check(ws_path)   # the first: a full check, kept
    for step in range(STEPS):
        name = rnd.choice(SOURCES)
        ttl = None if rnd.random() < 0.15 else _random_source(rnd, name, inits, systems)
        _write(ws_path, name, ttl)
        monkeypatch.delenv("KG_CHECK_CACHE", raising=False)
        got = _check(ws_path)
        way = dict(incremental.last)
        ways.append(way.get("way"))
        monkeypatch.setenv("KG_CHECK_CACHE", "0")
        want = _check(ws_path)
        monkeypatch.delenv("KG_CHECK_CACHE", raising=False)
        assert got == want, f"seed {seed}, step {step} ({way}): incremental != full"
    # the edits must have exercised the incremental path, not only the fallbacks
    assert "incremental" in ways, ways


def test_unchanged_workspace_gives_the_kept_result(base, tmp_path, monkeypatch):
    import shutil
    ws_path = tmp_path / "ws"
    shutil.copytree(base, ws_path)
    monkeypatch.setenv("KG_CACHE_DIR", str(tmp_path / "cache"))
    _write(ws_path, "a", "kgid:t-1 a kg:Initiative .")
    first = _check(ws_path)
    assert incremental.last["way"] == "full"
    assert _check(ws_path) == first and incremental.last["way"] == "kept"
    _write(ws_path, "a", "kgid:t-1 a kg:Initiative ; kg:owner kgid:ks .")
    after = _check(ws_path)
    assert incremental.last["way"] == "incremental"
    # owner-missing is gone for t-1 (hand-worked: t-1 now has an owner), the rest stays
    assert not any(r["code"] == "owner-missing" and r["id"] == "t-1" for r in after)
    assert any(r["code"] == "owner-missing" and r["id"] == "t-1" for r in first)
