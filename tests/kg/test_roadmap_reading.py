"""One reading of the roadmap: the diagrams, the report, the deck's table, the diff and the
queries see the same initiatives (with the same dates and labels) and break ties the same
way, on the baseline and on a hand-made workspace with ties; a write is seen at once."""
from __future__ import annotations

import json
from datetime import date

import pytest

from kg.diff.compare import diff, memory_workspace
from kg.exports.diagrams.model import build_board, build_dependencies, build_report, build_timeline
from kg.roadmap import model
from kg.roadmap.index import load_index
from kg.roadmap.table import initiative_rows
from kg.store.workspace import Workspace

ID = "https://w3id.org/kommune-ki/id/"


def _window(s, e, prec="kvartal", note=""):
    n = f' ; skos:notation "{note}"' if note else ""
    return f'[ kg:earliest "{s}"^^xsd:date ; kg:latest "{e}"^^xsd:date ; kg:precision kgid:presisjon-{prec}{n} ]'


# tie-a and tie-b: the same labels in both languages, the same owner, phase and windows;
# tie-c hard-depends on both. tie-b is written before tie-a, so a reader that kept the
# store's order would put b first.
TIES = "".join(
    f"""kgid:{x} a kg:Initiative ; skos:prefLabel "Likt navn"@nb , "Same name"@en ; kg:owner kgid:ks ;
    kg:phase kgid:fase-planlagt ; kg:period [ time:hasBeginning {_window("2026-01-01", "2026-03-31", note="2026-Q1")} ;
    time:hasEnd {_window("2026-10-01", "2026-12-31", note="2026-Q4")} ] .
""" for x in ("tie-b", "tie-a")) + f"""
kgid:tie-c a kg:Initiative ; skos:prefLabel "Etterpå"@nb , "Afterwards"@en ; kg:owner kgid:ks ;
    kg:phase kgid:fase-planlagt ; kg:dependsOn kgid:tie-b , kgid:tie-a ;
    kg:period [ time:hasBeginning {_window("2027-01-01", "2027-03-31")} ; time:hasEnd {_window("2027-10-01", "2027-12-31")} ] .
"""
# a second source types tie-b again and states another phase: still three initiatives, and
# of the two phases the smallest IRI counts (fase-etablert < fase-planlagt) everywhere
EXTRA = "kgid:tie-b a kg:Initiative ; kg:phase kgid:fase-etablert .\n"


def _seen(path, cli_run, lang: str = "en") -> dict[str, list[str]]:
    """The initiatives (ids) each reader shows, in the order it shows them."""
    out: dict[str, list[str]] = {}
    with Workspace.open(path) as ws:
        recs = model.initiatives(ws)
        out["model"] = [r.id for r in recs.values()]
        out["report"] = [r.id for r in build_report(ws, lang).rows]
        out["deck"] = [r.id for r in initiative_rows(ws)]
        out["board"] = [it.id for c in build_board(ws, lang).columns for it in c.items]
        tl = build_timeline(ws, lang, start=date(1900, 1, 1), end=date(2199, 12, 31), group_by="none")
        out["timeline"] = [b for lane in tl.lanes for b in lane.bars]
        dd = build_dependencies(ws, lang, group_by="none", max_nodes=10_000)
        out["dependencies"] = [n.id for n in dd.nodes if n.kind == "initiative"]
        with memory_workspace("empty") as empty:
            out["diff"] = [c.id for c in diff(empty, ws, lang=lang, statements=False).changes if c.kind == "added"]
    r = cli_run(["--data", path, "--lang", lang, "query", "order", "--format", "json"])
    assert r.exit_code in (0, 1), r.output
    out["query-order"] = [x for w in json.loads(r.stdout)["waves"] for x in w]
    return out


def _expected(path, lang: str = "en") -> dict[str, list[str]]:
    """What each reader should show, worked out from the model's records with the order each
    one documents (equal labels and dates fall back to the id)."""
    with Workspace.open(path) as ws:
        recs = list(model.initiatives(ws).values())
        ix = load_index(ws)
        waves = _waves(ix)
    far = date.max

    def start(r):
        return r.start.earliest if r.start and r.start.earliest else far
    phase_rank = {"fase-etablert": 0, "fase-pagaende": 1, "fase-planlagt": 2}
    by_label = sorted(recs, key=lambda r: (r.label(lang).casefold(), r.id))
    board = []
    phases = ["fase-etablert", "fase-pagaende", "fase-planlagt"]
    for ph in phases + sorted({r.phase for r in recs if r.phase and r.phase not in phases}):
        board += [r.id for r in sorted((r for r in recs if r.phase == ph and not r.parent),
                                       key=lambda r: (start(r), r.label(lang).casefold(), r.id))]
    board += [r.id for r in sorted((r for r in recs if not r.phase and not r.parent),
                                   key=lambda r: (r.label(lang).casefold(), r.id))]
    return {
        "model": sorted(r.id for r in recs),
        "report": [r.id for r in by_label],
        "diff": [r.id for r in by_label],
        "deck": [r.id for r in sorted(recs, key=lambda r: (phase_rank.get(r.phase or "", 3), start(r),
                                                           r.label("nb").casefold(), r.id))],
        "board": board,
        "timeline": [r.id for r in sorted(recs, key=lambda r: (start(r), r.label(lang).casefold(), r.id))],
        "dependencies": sorted(r.id for r in recs),
        "query-order": waves,
    }


def _waves(ix) -> list[str]:
    """Kahn's waves over the hard and soft dependencies between initiatives, each wave in id
    order (what `kg query order` answers), as one list."""
    n = ix.n_init
    pre = {v: {b for a, b in zip(ix.dep_a, ix.dep_b) if a == v and b < n} for v in range(n)}
    done: set[int] = set()
    out: list[str] = []
    while len(done) < n:
        wave = sorted(v for v in range(n) if v not in done and pre[v] <= done)
        if not wave:
            break
        out += [ix.iris[v].removeprefix(ID) for v in wave]
        done |= set(wave)
    return out


def test_the_readers_agree_on_a_workspace_with_ties(make_ws, cli_run, tmp_path):
    path = make_ws(TIES)
    extra = tmp_path / "extra.ttl"
    from _support import PREFIXES_TTL
    extra.write_text(PREFIXES_TTL + EXTRA, encoding="utf-8")
    assert cli_run(["--data", path, "import", extra]).exit_code == 0
    seen = _seen(path, cli_run)
    # worked by hand: three initiatives (tie-b typed twice is one); tie-b's phase is
    # fase-etablert (the smaller of its two); "Afterwards" sorts before "Same name"; the
    # equal pair is a before b; tie-c waits on both, so it comes last in time and order
    assert seen["model"] == ["tie-a", "tie-b", "tie-c"]
    assert seen["report"] == seen["diff"] == ["tie-c", "tie-a", "tie-b"]
    assert seen["deck"] == ["tie-b", "tie-a", "tie-c"]          # established first, then planned
    assert seen["board"] == ["tie-b", "tie-a", "tie-c"]
    assert seen["timeline"] == ["tie-a", "tie-b", "tie-c"]
    assert seen["dependencies"] == ["tie-a", "tie-b", "tie-c"]
    assert seen["query-order"] == ["tie-a", "tie-b", "tie-c"]
    assert seen == _expected(path)
    with Workspace.open(path) as ws:
        recs = model.initiatives(ws)
        b = recs[ID + "tie-b"]
        assert b.phase == "fase-etablert" and b.sources == ["extra", "test"]
        assert b.start.text() == "2026-Q1" and b.start.precision == "kvartal"
        assert [d.target for d in recs[ID + "tie-c"].deps] == [ID + "tie-a", ID + "tie-b"]
        ix = load_index(ws)
        assert ix.n_init == 3 and ix.start(ix.pos(ID + "tie-b")) == b.start


def test_the_readers_agree_on_the_baseline(baseline_dir, cli_run):
    for lang in ("nb", "en"):
        seen, want = _seen(baseline_dir, cli_run, lang), _expected(baseline_dir, lang)
        assert len(seen["model"]) >= 10   # the KS baseline roadmap
        assert seen == want


def test_a_write_is_seen_by_the_next_read(make_ws):
    path = make_ws(TIES)
    with Workspace.open(path, write=True) as ws:
        first = load_index(ws)
        assert load_index(ws) is first          # read once per workspace state
        assert len(model.initiatives(ws)) == 3
        import pyoxigraph as ox
        new = ox.NamedNode(ID + "tie-new")
        ws.replace_source("later", [
            ox.Triple(new, ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"),
                      ox.NamedNode("https://w3id.org/kommune-ki/ont#Initiative")),
            ox.Triple(new, ox.NamedNode("http://www.w3.org/2004/02/skos/core#prefLabel"),
                      ox.Literal("Nytt", language="nb"))], {"kind": "test"})
        assert ID + "tie-new" in model.initiatives(ws)
        assert load_index(ws) is not first
    with Workspace.open(path) as ws:     # a new process' view: the cache file, rebuilt after the write
        recs = model.initiatives(ws)
        assert list(recs) == [ID + x for x in ("tie-a", "tie-b", "tie-c", "tie-new")]
        assert recs[ID + "tie-new"].label("en") == "Nytt"


@pytest.mark.parametrize("dup", ["kg:owner kgid:ks", "kg:phase kgid:fase-etablert"])
def test_a_second_source_changes_nothing_it_repeats(make_ws, cli_run, tmp_path, dup):
    """Repeating a fact in another source neither doubles a link nor moves an initiative."""
    path = make_ws(TIES)
    with Workspace.open(path) as ws:
        before = {i: (r.owners, r.phase) for i, r in model.initiatives(ws).items()}
    f = tmp_path / "again.ttl"
    from _support import PREFIXES_TTL
    f.write_text(PREFIXES_TTL + f"kgid:tie-a a kg:Initiative ; {dup} .\n", encoding="utf-8")
    assert cli_run(["--data", path, "import", f]).exit_code == 0
    with Workspace.open(path) as ws:
        after = {i: (r.owners, r.phase) for i, r in model.initiatives(ws).items()}
        ix = load_index(ws)
        owners = ix.link_map("owners")
    want = dict(before)
    if "fase-etablert" in dup:
        want[ID + "tie-a"] = (before[ID + "tie-a"][0], "fase-etablert")
    assert after == want
    assert all(len(v) == len(set(v)) for v in owners.values())
