"""kg query deps and kg query path on the small roadmap of qgraphs.py (answers by hand)."""
from __future__ import annotations


def _edges(data):
    return {(e["direction"], e["level"], e["dependent"], e["target"], e["type"], e["strength"]) for e in data["edges"]}


def test_deps_down_lists_every_edge_with_type_strength_and_level(roadmap, q):
    data = q(roadmap, "deps", "a", "--down")
    assert _edges(data) == {
        ("down", 1, "b", "a", "requires", "hard"),
        ("down", 1, "c", "a", "requires", "hard"),   # the simple kg:dependsOn edge
        ("down", 1, "d", "a", "informs", "soft"),
        ("down", 1, "e", "a", "requires", "hard"),
        ("down", 2, "c", "b", "requires", "hard"),
        ("down", 2, "e", "d", "enables", "soft"),
    }
    assert {e["source"] for e in data["edges"]} == {"test"}


def test_deps_up_and_both(roadmap, q):
    up = q(roadmap, "deps", "c", "--up")
    assert {(e["dependent"], e["target"]) for e in up["edges"]} == {("c", "a"), ("c", "b"), ("b", "a")}
    both = q(roadmap, "deps", "b")
    assert {(e["direction"], e["dependent"], e["target"]) for e in both["edges"]} == {
        ("up", "b", "a"), ("down", "c", "b")}


def test_deps_filters(roadmap, q):
    hard = q(roadmap, "deps", "a", "--down", "--hard-only")
    assert {(e["dependent"], e["target"]) for e in hard["edges"]} == {("b", "a"), ("c", "a"), ("e", "a"), ("c", "b")}
    informs = q(roadmap, "deps", "a", "--down", "--type", "informs")
    assert {(e["dependent"], e["target"]) for e in informs["edges"]} == {("d", "a")}
    one = q(roadmap, "deps", "a", "--down", "--depth", "1")
    assert {e["level"] for e in one["edges"]} == {1} and len(one["edges"]) == 4


def test_deps_by_label_and_table_in_both_languages(roadmap, cli_run):
    r = cli_run(["--data", roadmap, "--lang", "en", "query", "deps", "Alpha", "--down"])
    assert r.exit_code == 0
    assert "Dependencies of Alpha (a)" in r.stdout and "requires" in r.stdout and "informs" in r.stdout
    r = cli_run(["--data", roadmap, "query", "deps", "Alfa", "--down"])
    assert "Avhengigheter for Alfa (a)" in r.stdout and "krever" in r.stdout and "myk" in r.stdout
    csv = cli_run(["--data", roadmap, "query", "deps", "a", "--format", "csv"]).stdout.splitlines()
    assert csv[0] == "node,id,type,strength,source" and len(csv) == 7


def test_unknown_id_gives_closest_matches_and_exit_1(roadmap, cli_run):
    r = cli_run(["--data", roadmap, "--lang", "en", "query", "deps", "Alpa"])
    assert r.exit_code == 1
    assert "Closest matches" in r.stderr and "a" in r.stderr.split("Closest matches:")[1]


def test_path_every_path_shortest_first(roadmap, q):
    data = q(roadmap, "path", "c", "a")
    assert data["direction"] == "forward"
    assert [[s["dependent"] for s in p] + [p[-1]["target"]] for p in data["paths"]] == [["c", "a"], ["c", "b", "a"]]


def test_path_reverse_direction_and_none(roadmap, q, cli_run):
    data = q(roadmap, "path", "a", "c")
    assert data["direction"] == "reverse" and len(data["paths"]) == 2
    r = cli_run(["--data", roadmap, "--lang", "en", "query", "path", "a", "f"])
    assert r.exit_code == 1 and "No dependency path" in r.stdout


def test_path_hard_only(roadmap, q):
    data = q(roadmap, "path", "e", "a", "--hard-only")
    assert [[s["target"] for s in p] for p in data["paths"]] == [["a"]]
    data = q(roadmap, "path", "e", "a")
    assert [[s["target"] for s in p] for p in data["paths"]] == [["a"], ["d", "a"]]


def test_walk_in_the_index_gives_the_same_edges(roadmap):
    """Past a few thousand nodes the walk continues in the roadmap index: same answer."""
    from kg.roadmap.index import walk
    from kg.store.workspace import Workspace
    a = "https://w3id.org/kommune-ki/id/a"
    c = "https://w3id.org/kommune-ki/id/c"
    with Workspace.open(roadmap) as ws:
        for start, direction in ((a, "down"), (c, "up")):
            by_sparql = walk(ws, start, direction)
            by_index = walk(ws, start, direction, switch_at=0)
            key = lambda x: (x[0], x[1].dependent, x[1].target)  # noqa: E731
            assert sorted(by_sparql, key=key) == sorted(by_index, key=key)
            assert by_sparql
