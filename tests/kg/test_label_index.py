"""The label index behind `kg query find` and label lookups (kg.ids.label_index): built
with the workspace, current after every write, never used for another graph."""
from __future__ import annotations

import pyoxigraph as ox

from kg.ids import INDEX_FILE, label_index, label_search, resolve
from kg.store.workspace import Workspace

SKOS = "http://www.w3.org/2004/02/skos/core#prefLabel"


def _label(s, text, lang="nb"):
    return ox.Quad(ox.NamedNode("https://w3id.org/kommune-ki/id/" + s), ox.NamedNode(SKOS),
                   ox.Literal(text, language=lang))


def test_index_is_written_with_the_workspace_and_follows_writes(make_ws):
    ws_path = make_ws('kgid:a skos:prefLabel "Tale til tekst i Zebrafjordø"@nb .')
    assert (ws_path / INDEX_FILE).is_file()
    with Workspace.open(ws_path) as ws:
        assert [r[0] for r in label_search(ws, "zebrafjordo")] == ["https://w3id.org/kommune-ki/id/a"]
        assert label_search(ws, "qxbodo") == []
    with Workspace.open(ws_path, write=True) as ws:
        ws.replace_source("extra", [_label("b", "Chatbot i Qxbodø"), _label("c", "tab\there \\ and\nnewline")])
    with Workspace.open(ws_path) as ws:
        assert [r[0][-1] for r in label_search(ws, "qxbodo")] == ["b"]
        assert resolve(ws, "CHATBOT I QXBODØ").endswith("/b")
        # labels with tabs, backslashes and newlines survive the file
        assert ("https://w3id.org/kommune-ki/id/c", "tab\there \\ and\nnewline") in [(r[0], r[1]) for r in label_index(ws)]
        assert [r[0][-1] for r in label_search(ws, "here \\ and")] == ["c"]
    with Workspace.open(ws_path, write=True) as ws:
        ws.remove_source("extra")
    with Workspace.open(ws_path) as ws:
        assert label_search(ws, "qxbodo") == []


def test_a_stale_index_file_is_not_used(make_ws):
    ws_path = make_ws('kgid:a skos:prefLabel "Alfa"@nb .')
    f = ws_path / INDEX_FILE
    head, body = f.read_text(encoding="utf-8").split("\n", 1)
    f.write_text("kg-labels 1 not-the-key\nhttps://w3id.org/kommune-ki/id/z\tZulu\tzulu\tz\n", encoding="utf-8")
    with Workspace.open(ws_path) as ws:
        assert label_search(ws, "zulu") == []
        assert [r[0][-1] for r in label_search(ws, "alfa")] == ["a"]
    assert f.read_text(encoding="utf-8").split("\n", 1)[0] == head


def test_memory_workspace_is_not_cached(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "memory").mkdir()
    store = ox.Store()
    store.add(ox.Quad(ox.NamedNode("urn:x:a"), ox.NamedNode(SKOS), ox.Literal("Alfa"), ox.NamedNode("urn:g")))
    ws = Workspace(tmp_path / "memory", store, None, False)
    assert [r[0] for r in label_search(ws, "alfa")] == ["urn:x:a"]
    assert not (tmp_path / "memory" / INDEX_FILE).exists()


def test_a_direct_store_write_is_seen(make_ws):
    """Code that updates the store without replace_source still gets a current index."""
    ws_path = make_ws('kgid:a skos:prefLabel "Alfa"@nb .')
    with Workspace.open(ws_path, write=True) as ws:
        ws.store.update('INSERT DATA { GRAPH <https://w3id.org/kommune-ki/source/test> { '
                        '<https://w3id.org/kommune-ki/id/q> <http://www.w3.org/2004/02/skos/core#prefLabel> "Qwertzland"@nb } }')
    with Workspace.open(ws_path) as ws:
        assert [r[0][-1] for r in label_search(ws, "qwertz")] == ["q"]


def test_labels_for_many_nodes_reads_the_index_and_agrees(make_ws):
    """More than 300 nodes are labelled from the index; the result is what the store says."""
    from kg.ids import labels_for
    ws_path = make_ws('kgid:a skos:prefLabel "Alfa"@nb , "Alpha"@en .')
    with Workspace.open(ws_path) as ws:
        iris = [r["m"].value for r in ws.select("SELECT ?m WHERE { ?m a kg:Municipality }")]
        iris += ["https://w3id.org/kommune-ki/id/a", "https://w3id.org/kommune-ki/id/nothing-here"]
        assert len(iris) > 300
        for lang in ("nb", "en"):
            many = labels_for(ws, iris, lang)
            few = {}
            for i in range(0, len(iris), 20):
                few.update(labels_for(ws, iris[i:i + 20], lang))
            assert many == few
        assert many["https://w3id.org/kommune-ki/id/a"] == "Alpha"
        assert many["https://w3id.org/kommune-ki/id/nothing-here"] == "nothing-here"


def test_search_meets_names_not_iris_and_follows_a_write_in_the_same_process(make_ws):
    """Every IRI holds 'w3id' and 'kommune'; only names are searched. A process that keeps
    the parsed index (a server) sees a write: the index file's head changes with it."""
    ws_path = make_ws('kgid:a skos:prefLabel "Qzbot for kommunen"@nb . kgid:b skos:prefLabel "Zeta"@nb .')
    with Workspace.open(ws_path) as ws:
        # (a node outside kgid: has its whole IRI as its slug, so it may match; ours may not)
        w3 = label_search(ws, "w3id")
        assert all("w3id" in r[2] or "w3id" in r[3] for r in w3)
        assert not any(r[0].startswith("https://w3id.org/kommune-ki/id/") for r in w3)
        assert {r[0] for r in label_search(ws, "qzbot")} == {"https://w3id.org/kommune-ki/id/a"}
        rows = label_index(ws)
        first, last = rows[0], rows[-1]
        assert first[0] in {r[0] for r in label_search(ws, first[2], exact=True)}
        assert last[0] in {r[0] for r in label_search(ws, last[2], exact=True)}
    with Workspace.open(ws_path, write=True) as ws:
        ws.replace_source("extra", [_label("c", "Qzbot to")])
    with Workspace.open(ws_path) as ws:
        assert {r[0][-1] for r in label_search(ws, "qzbot")} == {"a", "c"}


def test_the_index_written_by_create_is_current_for_its_first_reader(make_ws):
    """Workspace.create reads the labels while the store counts itself, and keys the file by
    the closed store: the first reader takes the file as it is (no rebuild), and its lines
    are those read from the store now."""
    from kg.ids import label_index_body
    ws_path = make_ws('kgid:a skos:prefLabel "Alfa i Zebrafjordø"@nb .')
    f = ws_path / INDEX_FILE
    before = (f.stat().st_ino, f.stat().st_mtime_ns, f.read_bytes())
    with Workspace.open(ws_path) as ws:
        assert [r[0][-1] for r in label_search(ws, "zebrafjordo")] == ["a"]
        body = label_index_body(ws)
    assert (f.stat().st_ino, f.stat().st_mtime_ns, f.read_bytes()) == before   # not written again
    assert before[2].split(b"\n", 1)[1] == body
