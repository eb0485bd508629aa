"""Loading a large file in pieces on every core (kg.store.bulk) gives the store exactly what
Oxigraph's bulk loader gives it reading the file in one piece, or loads it in one piece."""
from __future__ import annotations

import random

import pyoxigraph as ox
import pytest

from kg.store import bulk

G = ox.NamedNode("urn:x:g")
HEAD = "@prefix ex: <urn:ex:> .\n@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n\n"


def _plain(path, fmt=ox.RdfFormat.TURTLE) -> set[str]:
    s = ox.Store()
    s.bulk_load(path=str(path), format=fmt, to_graph=G)
    return {str(q) for q in s}


def _pieces(path, fmt=ox.RdfFormat.TURTLE, **kw) -> tuple[int, set[str]]:
    s = ox.Store()
    n = bulk.load_file(s, path, fmt, G, workers=2, min_bytes=0, **kw)
    return n, {str(q) for q in s}


def _statement(rng: random.Random, i: int) -> str:
    """One Turtle statement in one of the shapes people write: one line; several lines with
    ';' and ','; literals that hold ' .' and '#'; language tags and datatypes; `a`."""
    s = f"ex:s{i}"
    kind = rng.randrange(5)
    if kind == 0:
        return f"{s} ex:p{rng.randrange(9)} ex:o{rng.randrange(50)} .\n"
    if kind == 1:
        return (f"{s} a ex:C{rng.randrange(3)} ;\n    ex:label \"navn {i} .\"@nb ,\n"
                f"        \"name {i} # not a comment .\"@en ;\n    ex:n {rng.randrange(1000)} .\n")
    if kind == 2:
        return f"{s} ex:when \"2026-0{rng.randrange(1, 9)}-01\"^^xsd:date .   # a comment after the dot\n"
    if kind == 3:
        return f"# a comment line before a statement .\n{s} ex:p ex:o{i}, ex:o{i + 1} .\n"
    return f"{s}\n    ex:p \"x\" ;\n    ex:q 1.5 .\n\n"


def _doc(rng: random.Random, n: int) -> str:
    return HEAD + "".join(_statement(rng, i) for i in range(n))


@pytest.mark.parametrize("seed", range(6))
def test_turtle_in_pieces_equals_one_piece(tmp_path, seed):
    rng = random.Random(seed)
    path = tmp_path / "g.ttl"
    path.write_text(_doc(rng, 400), encoding="utf-8")
    n, got = _pieces(path, piece_bytes=rng.choice([500, 2000, 9000]))
    assert n > 1, "the file should have been cut"
    assert got == _plain(path)
    assert len(got) > 400


def test_ntriples_cut_at_any_line(tmp_path):
    rng = random.Random(7)
    lines = [f"<urn:ex:s{i}> <urn:ex:p{rng.randrange(5)}> \"v {i} .\"@nb .\n" for i in range(500)]
    path = tmp_path / "g.nt"
    path.write_text("".join(lines), encoding="utf-8")
    n, got = _pieces(path, ox.RdfFormat.N_TRIPLES, piece_bytes=1000)
    assert n > 5
    assert got == _plain(path, ox.RdfFormat.N_TRIPLES)


def test_each_piece_starts_and_ends_at_a_statement(tmp_path):
    data = _doc(random.Random(3), 300).encode()
    header, bounds = bulk.pieces(data, ox.RdfFormat.TURTLE, 2, piece_bytes=700)
    assert header == HEAD.encode()
    assert bounds[0][0] == len(HEAD) and bounds[-1][1] == len(data)
    for (a, b), (c, _) in zip(bounds, bounds[1:]):
        assert b == c                                   # nothing left out, nothing twice
        assert data[:b].rstrip().endswith(b".")         # a piece ends at a statement's end
        assert data[b:b + 1] not in (b" ", b"\t", b"#")   # and the next starts one at the margin
    for a, b in bounds:   # each piece parses alone with the header
        list(ox.parse(header + data[a:b], format=ox.RdfFormat.TURTLE))


@pytest.mark.parametrize("text,why", [
    (HEAD + "_:a ex:p ex:o .\n" * 50 + "_:a ex:q ex:o .\n", "a named blank node is one node in the whole file"),
    (HEAD + 'ex:s ex:p """long\nliteral .\nex:t ex:p ex:o .""" .\n' * 40, "a long literal can hold a line end"),
    (HEAD + "ex:s ex:p ex:o .\n" * 40 + "@prefix ex: <urn:other:> .\n" + "ex:s ex:p ex:o .\n" * 40,
     "a directive further down changes what follows it"),
    (HEAD + "ex:s ex:p ex:o .\n" * 40 + "PREFIX ex: <urn:other:>\n" + "ex:s ex:p ex:o .\n" * 40,
     "a SPARQL-style directive further down"),
    (HEAD + "ex:s ex:p ex:o .\n" * 40 + "ex:z ex:p ex:z . @prefix ex: <urn:other:> .\n" + "ex:s ex:p ex:o .\n" * 40,
     "a directive after a statement on the same line"),
    (HEAD + "ex:s ex:p ex:o .\n" * 40 + "PREFIX\nex: <urn:other:>\n" + "ex:s ex:p ex:o .\n" * 40,
     "a SPARQL-style keyword that ends its line"),
    (HEAD + "ex:s ex:p ex:o .\n" * 40 + "base # a comment between the tokens\n <urn:other:>\n" + "ex:s ex:p <o> .\n" * 40,
     "BASE with a comment before its IRI"),
    ("@prefix ex: <urn:ex:> . ex:root ex:has [ ex:v 1 ] .\n" + "ex:s ex:p ex:o .\n" * 80,
     "a statement on a directive's line would be repeated in every piece"),
])
def test_not_cut_where_a_cut_could_change_the_graph(tmp_path, text, why):
    assert bulk.pieces(text.encode(), ox.RdfFormat.TURTLE, 2, piece_bytes=100) is None, why
    path = tmp_path / "g.ttl"
    path.write_text(text, encoding="utf-8")
    s = ox.Store()
    assert bulk.load_file(s, path, ox.RdfFormat.TURTLE, G, workers=2, min_bytes=0, piece_bytes=100) == 1
    assert len(s) == len(_plain(path))


def test_a_wrong_cut_is_noticed_and_the_file_loaded_whole(tmp_path):
    # a comment ending in '.' followed by the statement's next line at the margin looks
    # like a boundary to the cutter; the piece before it then ends inside a statement,
    # fails to parse, and the file is loaded again in one piece
    body = "".join(f"ex:s{i} ex:p ex:o{i} ; # the first part.\nex:q ex:o .\n" for i in range(300))
    path = tmp_path / "g.ttl"
    path.write_text(HEAD + body, encoding="utf-8")
    n, got = _pieces(path, piece_bytes=400)
    assert n == 1
    assert got == _plain(path)
    assert len(got) == 600


def test_anonymous_blank_nodes_stay_distinct(tmp_path):
    body = "".join(f"ex:s{i} ex:has [ ex:v {i} ] .\n" for i in range(300))
    path = tmp_path / "g.ttl"
    path.write_text(HEAD + body, encoding="utf-8")
    s = ox.Store()
    assert bulk.load_file(s, path, ox.RdfFormat.TURTLE, G, workers=2, min_bytes=0, piece_bytes=500) > 1
    nodes = {q.object for q in s.quads_for_pattern(None, ox.NamedNode("urn:ex:has"), None)}
    assert len(nodes) == 300
    assert all(len(list(s.quads_for_pattern(b, None, None))) == 1 for b in nodes)


def test_a_syntax_error_names_the_line_of_the_whole_file(tmp_path):
    lines = ["ex:s%d ex:p ex:o .\n" % i for i in range(400)]
    lines[350] = "ex:s350 ex:p ex:o ex:broken .\n"
    path = tmp_path / "g.ttl"
    path.write_text(HEAD + "".join(lines), encoding="utf-8")
    with pytest.raises(SyntaxError) as plain:
        ox.Store().bulk_load(path=str(path), format=ox.RdfFormat.TURTLE, to_graph=G)
    s = ox.Store()
    with pytest.raises(SyntaxError) as cut:
        bulk.load_file(s, path, ox.RdfFormat.TURTLE, G, workers=2, min_bytes=0, piece_bytes=500)
    assert str(cut.value) == str(plain.value)
    assert "354" in str(cut.value)   # line 351 of the statements, after the 3 header lines


def test_a_graph_that_holds_triples_is_loaded_in_one_piece(tmp_path):
    path = tmp_path / "g.ttl"
    path.write_text(_doc(random.Random(1), 300), encoding="utf-8")
    s = ox.Store()
    s.add(ox.Quad(ox.NamedNode("urn:ex:kept"), ox.NamedNode("urn:ex:p"), ox.Literal("x"), G))
    assert bulk.load_file(s, path, ox.RdfFormat.TURTLE, G, fresh=False, workers=2, min_bytes=0,
                          piece_bytes=500) == 1
    assert {str(q) for q in s} == _plain(path) | {str(next(iter(s.quads_for_pattern(ox.NamedNode("urn:ex:kept"), None, None))))}


def test_workspace_create_loads_a_large_source_in_pieces(tmp_path, monkeypatch):
    """`kg init`'s loader (Workspace.create) takes the pieces route for a large file and
    builds the same source graph as the plain route."""
    from kg.store import workspace as wsmod
    path = tmp_path / "big.ttl"
    path.write_text(_doc(random.Random(11), 2000), encoding="utf-8")
    monkeypatch.setattr(wsmod, "SMALL_LOAD", 0)
    monkeypatch.setattr(bulk, "MIN_SPLIT_BYTES", 0)
    monkeypatch.setattr(bulk, "PIECE_BYTES", 4000)
    calls = []
    orig = bulk.pieces
    monkeypatch.setattr(bulk, "pieces", lambda *a, **k: calls.append(1) or orig(*a, **k))

    def graph(ws_path):
        with wsmod.Workspace.open(ws_path) as ws:
            return {str(q) for q in ws.store.quads_for_pattern(None, None, None, ox.NamedNode(wsmod.source_iri("big")))}

    monkeypatch.setattr(bulk, "cores", lambda: 2)
    wsmod.Workspace.create(tmp_path / "a", baseline=False, extra=[("big", path, {})])
    assert calls, "the large file should have gone through the pieces route"
    monkeypatch.setattr(bulk, "cores", lambda: 1)
    wsmod.Workspace.create(tmp_path / "b", baseline=False, extra=[("big", path, {})])
    a, b = graph(tmp_path / "a"), graph(tmp_path / "b")
    assert a == b
    assert len(a) == len(_plain(path))


def test_a_prefix_named_base_is_a_statement_not_a_header(tmp_path):
    # `base:root base:has ( 1 2 ) .` right after the directives is a statement with a
    # collection: were it taken into the header, each piece would make its own list
    text = "@prefix base: <urn:b:> .\n@prefix ex: <urn:ex:> .\nbase:root base:has ( 1 2 ) .\n" + \
        "".join(f"ex:s{i} base:p ex:o{i} .\n" for i in range(400))
    header, _ = bulk.pieces(text.encode(), ox.RdfFormat.TURTLE, 2, piece_bytes=2000)
    assert header == b"@prefix base: <urn:b:> .\n@prefix ex: <urn:ex:> .\n"
    path = tmp_path / "g.ttl"
    path.write_text(text, encoding="utf-8")
    n, got = _pieces(path, piece_bytes=2000)
    assert n > 1
    assert len(got) == len(_plain(path)) == 400 + 1 + 4   # the statements, the list's two cells
