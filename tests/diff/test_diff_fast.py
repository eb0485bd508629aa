"""kg diff of a snapshot against the workspace from what changed (per-source digests,
then only the changed sources' steps or lines: kg.diff.indexed.snapshot_diff) gives
exactly what the whole comparison gives, over random edits of the KS baseline; also when
a changed source is too large for the line limit and the snapshot keeps no roadmap to
read instead (--no-check): then its lines are compared however many."""
from __future__ import annotations

import random
from datetime import date, timedelta

import pyoxigraph as ox
import pytest

from kg.diff import compare as diffing
from kg.diff import indexed
from kg.store import snapshots
from kg.store.workspace import Workspace

K = "https://w3id.org/kommune-ki/ont#"
ID = "https://w3id.org/kommune-ki/id/"


def _edit(path, rng: random.Random) -> list[str]:
    """A few random edits of the seed and assumptions sources, and sometimes a new source."""
    done = []
    with Workspace.open(path, write=True) as ws:
        for name in ("seed", "assumptions"):
            quads = [q.triple for q in ws.source_quads(name)]
            inis = sorted({t.subject.value for t in quads if t.predicate.value.endswith("#type")
                           and t.object.value == K + "Initiative"})
            if not inis:
                continue
            for _ in range(rng.randint(1, 3)):
                kind = rng.choice(["status", "remove", "date", "owner", "dep"])
                i = ox.NamedNode(rng.choice(inis))
                if kind == "status":
                    quads = [t for t in quads if not (t.subject == i and t.predicate.value == K + "status")]
                    quads.append(ox.Triple(i, ox.NamedNode(K + "status"), ox.NamedNode(ID + "status-stanset")))
                elif kind == "remove":
                    quads = [t for t in quads if t.subject != i]
                elif kind == "date":
                    new = []
                    for t in quads:
                        if t.predicate.value == K + "earliest" and rng.random() < 0.5:
                            d = date.fromisoformat(t.object.value[:10]) + timedelta(days=rng.choice([30, 92, -31]))
                            t = ox.Triple(t.subject, t.predicate, ox.Literal(d.isoformat(), datatype=t.object.datatype))
                        new.append(t)
                    quads = new
                elif kind == "owner":
                    quads.append(ox.Triple(i, ox.NamedNode(K + "owner"), ox.NamedNode(ID + "kommune-3403")))
                else:
                    quads.append(ox.Triple(i, ox.NamedNode(K + "dependsOn"), ox.NamedNode(rng.choice(inis))))
                done.append(f"{name}:{kind}:{i.value.rsplit('/', 1)[-1]}")
            ws.replace_source(name, quads, {"kind": ws.source(name).kind})
        if rng.random() < 0.5:
            s = ox.NamedNode(ID + "ny-" + str(rng.randint(0, 999)))
            ws.replace_source("extra", [
                ox.Triple(s, ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"), ox.NamedNode(K + "Initiative")),
                ox.Triple(s, ox.NamedNode("http://www.w3.org/2004/02/skos/core#prefLabel"), ox.Literal("Nytt", language="nb"))],
                {"kind": "test"})
            done.append("extra")
    return done


def _plain(d):
    j = d.as_dict()
    return j["equal"], sorted((c["kind"], c["id"], c["field"] or "", str(c["old"]), str(c["new"]),
                               str(c["added"]), str(c["removed"])) for c in j["changes"])


@pytest.mark.parametrize("seed,lines_at_most", [(0, indexed.LINES_AT_MOST), (1, indexed.LINES_AT_MOST),
                                                (2, 0), (3, 0)])
def test_fast_path_equals_the_whole_comparison(baseline_copy, seed, lines_at_most, monkeypatch):
    rng = random.Random(seed)
    monkeypatch.setattr(indexed, "LINES_AT_MOST", lines_at_most)   # 0: every changed source "too large"
    with Workspace.open(baseline_copy, write=True) as ws:
        snapshots.create(ws, "s")   # (a snapshot without a kept roadmap)
    # nothing changed: equal without reading anything
    quick = indexed.snapshot_diff("s", "@", data=baseline_copy, lang="en", check=True)
    assert quick is not None and quick.equal and quick.route == "equal"
    edits = _edit(baseline_copy, rng)
    fast = indexed.snapshot_diff("s", "@", data=baseline_copy, lang="en", check=False)
    assert fast is not None and fast.route == "steps", edits
    with diffing.open_side("s", data=baseline_copy) as a, diffing.open_side("@", data=baseline_copy) as b:
        full = diffing.diff(a, b, lang="en", statements=False)
    assert _plain(fast) == _plain(full), edits
    assert not fast.equal


def test_older_snapshot_without_offsets_falls_back(baseline_copy, cli_run):
    import json
    from legacy import trig_snapshot
    trig_snapshot(baseline_copy, "s")   # as kg wrote snapshots before checkpoints
    side = baseline_copy / "snapshots" / "s.json"
    d = json.loads(side.read_text())
    for v in d["sources"].values():
        v.pop("offset"), v.pop("digest")
    side.write_text(json.dumps(d))
    assert indexed.snapshot_diff("s", "@", data=baseline_copy, check=False) is None
    r = cli_run(["--data", baseline_copy, "diff", "s", "--no-check"])
    assert r.exit_code == 0
