"""Hand-worked planning scenarios (tests/queries/scenarios/*.toml), run through the real
CLI on a real workspace: the scheduling model's answers in impact, critical path,
timeline and check.

A scenario file holds a few initiatives (``rows``: id, start, end, status, requires,
soft, in_force), regulations (``regulations``: id, entry), the question (``ask``: the kg
arguments, JSON output is added) and the expected answer (``expect``), worked out by hand
with the reasoning in comments. Keys of ``expect`` are paths into the JSON answer:
``moves[id=b].start_new`` picks the list item whose ``id`` is ``b``; ``len:moves`` is a
length; ``exit`` the exit code, ``stderr`` a text the error message must hold.
"""
from __future__ import annotations

import json
import re
import tomllib
from pathlib import Path

import pytest

from kg.roadmap.timewin import parse_when

SCENARIOS = sorted((Path(__file__).parent / "scenarios").glob("*.toml"))
STATUS = {"planlagt", "pagaende", "etablert", "avsluttet"}


def _instant(node: str, text: str) -> str:
    w = parse_when(text)
    out = f"kgid:{node} a kg:UncertainInstant"
    if w.earliest:
        out += f' ; kg:earliest "{w.earliest.isoformat()}"^^xsd:date'
    if w.latest:
        out += f' ; kg:latest "{w.latest.isoformat()}"^^xsd:date'
    return out + " .\n"


def turtle(sc: dict) -> str:
    """The scenario's rows and regulations as Turtle (the shapes the import writes)."""
    out = []
    for r in sc.get("rows", []):
        i = r["id"]
        out.append(f'kgid:{i} a kg:Initiative ; skos:prefLabel "{i.upper()}"@nb , "{i.upper()} en"@en .\n')
        if r.get("status"):
            assert r["status"] in STATUS, r["status"]
            out.append(f"kgid:{i} kg:status kgid:status-{r['status']} .\n")
        if r.get("start") or r.get("end"):
            out.append(f"kgid:{i} kg:period kgid:{i}-periode .\n")
            if r.get("start"):
                out.append(f"kgid:{i}-periode time:hasBeginning kgid:{i}-start .\n" + _instant(f"{i}-start", r["start"]))
            if r.get("end"):
                out.append(f"kgid:{i}-periode time:hasEnd kgid:{i}-slutt .\n" + _instant(f"{i}-slutt", r["end"]))
        for p in filter(None, r.get("requires", "").split(";")):
            out.append(f"kgid:{i} kg:dependsOn kgid:{p.strip()} .\n")
        for p in filter(None, r.get("soft", "").split(";")):
            p = p.strip()
            out.append(f"kgid:{i} kg:dependsOn kgid:{p} ; kg:qualifiedDependency kgid:{i}-avh-{p} .\n"
                       f"kgid:{i}-avh-{p} a kg:Dependency ; kg:dependencyOn kgid:{p} ; "
                       f"kg:dependencyType kgid:avh-muliggjor ; kg:strength kgid:styrke-myk .\n")
        for reg in filter(None, r.get("in_force", "").split(";")):
            out.append(f"kgid:{i} kg:requiresInForce kgid:{reg.strip()} .\n")
    for g in sc.get("regulations", []):
        out.append(f'kgid:{g["id"]} a kg:Regulation ; skos:prefLabel "{g["id"].upper()}"@nb , "{g["id"].upper()} en"@en ;'
                   f" kg:entryIntoForce kgid:{g['id']}-ikraft .\n" + _instant(f"{g['id']}-ikraft", g["entry"]))
    return "".join(out)


_STEP = re.compile(r"^([^\[]+)(?:\[(\w+)=([^\]]*)\])?$")


def lookup(data, path: str):
    """``moves[id=b].start_new`` → data["moves"][the item with id b]["start_new"]."""
    cur = data
    for part in path.split("."):
        m = _STEP.match(part)
        assert m, part
        key, field, value = m.groups()
        cur = cur[int(key)] if isinstance(cur, list) else cur[key]
        if field:
            hits = [x for x in cur if str(x.get(field)) == value]
            assert len(hits) == 1, f"{path}: {len(hits)} items with {field}={value} in {cur}"
            cur = hits[0]
    return cur


@pytest.mark.parametrize("path", SCENARIOS, ids=[p.stem for p in SCENARIOS])
def test_scenario(path, make_ws, cli_run):
    sc = tomllib.loads(path.read_text(encoding="utf-8"))
    ws = make_ws(turtle(sc))
    args = ["--data", ws, "--lang", "en", *sc["ask"], "--format", "json"]
    r = cli_run(args)
    expect = dict(sc["expect"])
    code = expect.pop("exit", 0)
    assert r.exit_code == code, r.stdout + r.stderr
    if "stderr" in expect:
        assert expect.pop("stderr") in r.stderr
    if not expect:
        return
    data = json.loads(r.stdout)
    for key, want in expect.items():
        got = len(lookup(data, key[4:])) if key.startswith("len:") else lookup(data, key)
        assert got == want, f"{path.name}: {key} is {got!r}, expected {want!r}"


def test_there_are_enough_scenarios():
    asked = {tomllib.loads(p.read_text(encoding="utf-8"))["ask"][0 if p.stem.startswith("check") else 1] for p in SCENARIOS}
    assert len(SCENARIOS) >= 25
    assert {"impact", "critical-path", "timeline"} <= asked
