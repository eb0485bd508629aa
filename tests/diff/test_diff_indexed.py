"""`kg diff SNAPSHOT @` (kg.diff.indexed) gives exactly what the whole comparison gives
(both versions read whole, kg check run on each), over random sequences of edits of the
KS baseline: RoadmapDiff.as_dict equal, with and without the gaps, both from what
changed (the kept write steps, route "steps") and from the kept roadmap of both versions
(route "kept"), whether the snapshot kept its roadmap when it was taken or the first
diff works it out from the snapshot, and for a snapshot written the way kg wrote them
before (abbreviated TriG, no digests or offsets)."""
from __future__ import annotations

import json
import random
from datetime import date, timedelta

import pyoxigraph as ox
import pytest

from kg import api
from kg.check.cache import cached_check
from kg.diff import indexed
from kg.facade import diff_versions
from kg.roadmap.model import initiatives
from kg.store import snapshots
from kg.store.workspace import Workspace

K = "https://w3id.org/kommune-ki/ont#"
ID = "https://w3id.org/kommune-ki/id/"
SKOS = "http://www.w3.org/2004/02/skos/core#prefLabel"
DCT_TITLE = "http://purl.org/dc/terms/title"
TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
KINDS = ["status", "phase", "remove", "date", "owner", "dep", "label", "principle", "unlabel", "new-source",
         "drop-source"]


def _edit(path, rng: random.Random) -> list[str]:
    """One to four random edits, each through kg's own write (replace_source)."""
    done = []
    with Workspace.open(path, write=True) as ws:
        names = [s.name for s in ws.sources() if s.name != "catalog"]
        for _ in range(rng.randint(1, 4)):
            kind = rng.choice(KINDS)
            if kind == "drop-source":
                extra = [n for n in names if n.startswith("extra-")]
                if extra:
                    ws.remove_source(extra[0])
                    names.remove(extra[0])
                    done.append(f"drop:{extra[0]}")
                continue
            if kind == "new-source":
                n = rng.randint(0, 999)
                s = ox.NamedNode(f"{ID}ny-{n}")
                quads = [ox.Triple(s, ox.NamedNode(TYPE), ox.NamedNode(K + "Initiative")),
                         ox.Triple(s, ox.NamedNode(SKOS), ox.Literal(f"Nytt tiltak {n}", language="nb")),
                         ox.Triple(s, ox.NamedNode(K + "owner"), ox.NamedNode(ID + "ks"))]
                ws.replace_source(f"extra-{n}", quads, {"kind": "test"})
                if f"extra-{n}" not in names:
                    names.append(f"extra-{n}")
                done.append(f"new:extra-{n}")
                continue
            if kind == "unlabel":  # an initiative goes, and its owner keeps its label
                # only in the old version (so the diff names it from the snapshot's file)
                links = [(q.subject.value, q.object.value) for q in ws.store.quads_for_pattern(
                    None, ox.NamedNode(K + "owner"), None, None)]
                if not links:
                    continue
                ini, x = rng.choice(sorted(links))
                for n in list(names):
                    quads = [q.triple for q in ws.source_quads(n)]
                    kept = [t for t in quads if t.subject.value != ini
                            and not (t.subject.value == x and t.predicate.value == SKOS)]
                    if len(kept) != len(quads):
                        ws.replace_source(n, kept, {"kind": ws.source(n).kind})
                done.append(f"unlabel:{x.rsplit('/', 1)[-1]}")
                continue
            with_inis = sorted({q.graph_name.value.rsplit("/", 1)[-1] for q in ws.store.quads_for_pattern(
                None, ox.NamedNode(TYPE), ox.NamedNode(K + "Initiative"), None)} & set(names))
            if not with_inis:
                continue
            name = rng.choice(with_inis)
            quads = [q.triple for q in ws.source_quads(name)]
            inis = sorted({t.subject.value for t in quads if t.predicate.value == TYPE
                           and t.object.value == K + "Initiative"})
            i = ox.NamedNode(rng.choice(inis))

            def drop(pred):
                return [t for t in quads if not (t.subject == i and t.predicate.value == pred)]
            if kind == "status":
                quads = drop(K + "status") + [ox.Triple(i, ox.NamedNode(K + "status"), ox.NamedNode(ID + "status-stanset"))]
            elif kind == "phase":
                quads = drop(K + "phase") + [ox.Triple(i, ox.NamedNode(K + "phase"), ox.NamedNode(ID + "fase-planlagt"))]
            elif kind == "remove":
                quads = [t for t in quads if t.subject != i]
            elif kind == "date":
                new = []
                for t in quads:
                    if t.predicate.value in (K + "earliest", K + "latest") and rng.random() < 0.3:
                        d = date.fromisoformat(t.object.value[:10]) + timedelta(days=rng.choice([30, 92, -31]))
                        t = ox.Triple(t.subject, t.predicate, ox.Literal(d.isoformat(), datatype=t.object.datatype))
                    new.append(t)
                quads = new
            elif kind == "owner":
                quads = drop(K + "owner") + [ox.Triple(i, ox.NamedNode(K + "owner"), ox.NamedNode(ID + "kommune-3403"))]
            elif kind == "dep":
                quads.append(ox.Triple(i, ox.NamedNode(K + "dependsOn"), ox.NamedNode(rng.choice(inis))))
            elif kind == "label":
                quads = drop(SKOS) + [ox.Triple(i, ox.NamedNode(SKOS), ox.Literal("Nytt navn", language="nb"))]
            elif kind == "principle":  # a gap may appear (principle-missing)
                quads = drop(K + "follows")
            ws.replace_source(name, quads, {"kind": ws.source(name).kind})
            done.append(f"{name}:{kind}:{i.value.rsplit('/', 1)[-1]}")
    return done


def _whole(path, lang: str, check: bool, monkeypatch) -> dict:
    """The whole comparison, as `kg diff` gives it with KG_DIFF_FULL=1."""
    with monkeypatch.context() as m:
        m.setenv("KG_DIFF_FULL", "1")
        return diff_versions("s", "@", data=path, lang=lang, check=check).as_dict()


ROUTES: list[str] = []   # the way each diff was found (equal, steps, kept)


def _fast(path, lang: str, check: bool) -> dict:
    d = indexed.snapshot_diff("s", "@", data=path, lang=lang, check=check)
    assert d is not None, "the kept-roadmap path did not apply"
    ROUTES.append(d.route)
    if not check:  # the note that `kg diff --no-check` adds, as the whole comparison has it
        d.notes.append("Gap fra kg check er ikke sammenlignet (--no-check)." if lang == "nb" else
                       "Gaps from kg check were not compared (--no-check).")
    return d.as_dict()


@pytest.mark.parametrize("seed,route", [(0, "steps"), (1, "steps"), (2, "kept"), (3, "kept")])
def test_kept_roadmap_diff_equals_the_whole_comparison(baseline_copy, seed, route, monkeypatch, tmp_path):
    monkeypatch.setenv("KG_CACHE_DIR", str(tmp_path / "cache"))  # the kept roadmap is keyed by content
    if route == "kept":   # as when what changed cannot be told (a large source written around kg)
        monkeypatch.setattr(indexed, "changed_quads", lambda *a, **kw: None)
    rng = random.Random(seed)
    warm = seed % 2 == 0
    if warm:  # the workspace was checked and read before the snapshot: the snapshot keeps both
        with Workspace.open(baseline_copy) as ws:
            cached_check(ws)
            initiatives(ws)
    info = api.Workspace(baseline_copy).snapshot("s")
    kept = indexed.load(info)
    assert (kept is not None) == warm
    if warm:   # the workspace's index and check, copied as bytes, read back for this version
        assert indexed.kept_index(kept) is not None and indexed.kept_report(kept) is not None
    ROUTES.clear()
    for step in range(3):
        edits = _edit(baseline_copy, rng)
        for check in (True, False):
            lang = rng.choice(["nb", "en"])
            fast = _fast(baseline_copy, lang, check)
            assert fast == _whole(baseline_copy, lang, check, monkeypatch), (step, edits)
        # the first diff with the check kept the old version's check
        kept = indexed.load(info)
        assert kept is not None and kept["check"] is not None
    # the edits are written through kg: their steps are kept, and the diff reads only them
    assert route in ROUTES and set(ROUTES) <= {route, "equal"}, ROUTES


def test_nothing_changed_is_equal_without_reading(baseline_copy, monkeypatch, tmp_path):
    monkeypatch.setenv("KG_CACHE_DIR", str(tmp_path / "cache"))
    api.Workspace(baseline_copy).snapshot("s")
    fast = indexed.snapshot_diff("s", "@", data=baseline_copy, lang="en", check=True)
    assert fast is not None and fast.equal and fast.gaps_compared
    assert indexed.load(snapshots.get(baseline_copy, "s")) is None   # nothing had to be worked out
    assert fast.as_dict() == _whole(baseline_copy, "en", True, monkeypatch)


def test_a_snapshot_written_before_the_kept_roadmap_diffs_the_same(baseline_copy, monkeypatch, cli_run):
    """An older snapshot: abbreviated TriG with prefixes, a sidecar without digests,
    offsets or SHA-256 (as kg wrote them before). Labels of the old version are then
    read from the whole file."""
    with Workspace.open(baseline_copy) as ws:
        trig = ws.dump("trig")
        sources = {s.name: {"triples": s.triples, "kind": s.kind, "title": s.title, "modified": s.modified,
                            "file": s.file} for s in ws.sources() if s.name != "catalog"}
    folder = baseline_copy / "snapshots"
    folder.mkdir()
    (folder / "s.trig").write_bytes(trig)
    (folder / "s.json").write_text(json.dumps({"name": "s", "created": "2026-01-01T00:00:00+00:00",
                                               "message": "old", "triples": 1, "initiatives": 1,
                                               "sources": sources, "kg_version": "0.0.9", "file": "snapshots/s.trig"}))
    assert b"@prefix" in trig   # really the older, abbreviated form
    rng = random.Random(7)
    for _ in range(2):
        edits = _edit(baseline_copy, rng)
        for check in (True, False):
            whole = _whole(baseline_copy, "nb", check, monkeypatch)
            d = diff_versions("s", "@", data=baseline_copy, lang="nb", check=check)
            assert d.as_dict() == whole, edits
    r = cli_run(["--data", baseline_copy, "diff", "s", "--format", "json"])
    assert r.exit_code in (0, 1) and json.loads(r.stdout)["old"]["name"] == "s"


def test_diff_and_snapshot_say_what_they_do(baseline_copy, cli_run, monkeypatch, tmp_path):
    """Past a second (here: at once), `kg snapshot` and `kg diff` show their stages on
    stderr in the language asked for; stdout stays the result alone."""
    from kg.progress import LateStatus
    monkeypatch.setenv("KG_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(LateStatus, "DELAY", 0.0)
    r = cli_run(["--data", baseline_copy, "--lang", "en", "snapshot", "s"], env={"KG_PROGRESS": "1"})
    assert r.exit_code == 0 and "Freezing the workspace as s" in r.stderr
    _edit(baseline_copy, random.Random(3))
    r = cli_run(["--data", baseline_copy, "--lang", "en", "diff", "s", "--format", "json"], env={"KG_PROGRESS": "1"})
    assert r.exit_code in (0, 1) and json.loads(r.stdout)["old"]["name"] == "s"
    assert "Running kg check on s" in r.stderr and "Comparing" in r.stderr
    r = cli_run(["--data", baseline_copy, "diff", "s", "--format", "json"], env={"KG_PROGRESS": "1"})
    assert "Sammenligner" in r.stderr and "Running" not in r.stderr
