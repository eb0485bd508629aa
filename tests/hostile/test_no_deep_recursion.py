"""Nothing recurses to the depth of user data (issue 20, item 8). `kg diff` signs blank
nodes by their content; an RDF list is a chain of blank nodes as long as the list."""
from __future__ import annotations

import pyoxigraph as ox

from kg.diff.compare import _sign_bnodes


def _chain(n: int, tail: str = "end") -> dict:
    """props of an RDF list of n cells, head first (the order that recursed deepest)."""
    first = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#first")
    rest = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#rest")
    cells = [ox.BlankNode() for _ in range(n)]
    props = {}
    for i, b in enumerate(cells):
        nxt = cells[i + 1] if i + 1 < n else ox.Literal(tail)
        props[b] = [(first, ox.Literal(f"i{i}")), (rest, nxt)]
    return props, cells


def test_signing_a_100k_item_list_does_not_recurse():
    props, cells = _chain(100_000)
    sigs = _sign_bnodes(props)
    assert len(sigs) == 100_000
    # content, not ids: the same list with fresh blank nodes signs the same; another tail does not
    props2, cells2 = _chain(100_000)
    assert _sign_bnodes(props2)[cells2[0]] == sigs[cells[0]]
    props3, cells3 = _chain(100_000, tail="other")
    assert _sign_bnodes(props3)[cells3[0]] != sigs[cells[0]]


def test_signatures_as_worked_out_by_hand():
    """Two cells: b2 = sha1('p "x"'), b1 = sha1(sorted(['q "y"', 'r ' + sig(b2)])); a cycle
    b3 → b4 → b3 cuts at the node already on the path."""
    import hashlib
    p, q, r = (ox.NamedNode(f"http://ex/{c}") for c in "pqr")
    b1, b2, b3, b4 = (ox.BlankNode() for _ in range(4))
    sigs = _sign_bnodes({b1: [(r, b2), (q, ox.Literal("y"))], b2: [(p, ox.Literal("x"))],
                         b3: [(p, b4)], b4: [(p, b3)]})
    h = lambda parts: "_:" + hashlib.sha1("\n".join(sorted(parts)).encode()).hexdigest()[:16]  # noqa: E731
    s2 = h([f'{p} "x"'])
    assert sigs[b2] == s2
    assert sigs[b1] == h([f'{q} "y"', f"{r} {s2}"])
    s4 = h([f"{p} _:cycle"])
    assert sigs[b4] == s4 and sigs[b3] == h([f"{p} {s4}"])


def test_kg_diff_of_two_long_lists(tmp_path, cli_run):
    items = " ".join(f'"i{i}"' for i in range(5000))
    a, b = tmp_path / "a.ttl", tmp_path / "b.ttl"
    a.write_text(f"<http://ex/a> <http://ex/list> ( {items} ) .\n", encoding="utf-8")
    b.write_text(f'<http://ex/a> <http://ex/list> ( {items} "extra" ) .\n', encoding="utf-8")
    res = cli_run(["--lang", "en", "diff", "--no-check", "--all", "--format", "json", a, b])  # --all: statements compared
    assert res.exit_code == 1, res.stderr
    import json
    assert json.loads(res.stdout)["equal"] is False
