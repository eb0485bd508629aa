"""The tabular importer writes its triples as N-Triples lines (kg.store.workspace.Content
.from_lines), not as pyoxigraph objects: what it writes must be exactly what Oxigraph
would have written for the same triples, or the digest that says "unchanged" and the
per-source comparisons of kg diff would drift. And a command that only imports, or only
keys a kept check result, starts without rdflib."""
from __future__ import annotations

import json
import subprocess
import sys

import pyoxigraph as ox

from kg.store.workspace import Content, Workspace

from import_helpers import GOOD, write_csv

# literals that need escaping, a language tag, datatypes, non-ASCII in an IRI and a
# literal, a character outside the BMP, and lines given twice and out of order
_S = ox.NamedNode("https://w3id.org/kommune-ki/id/x/ø-1")
_P = ox.NamedNode("http://www.w3.org/2004/02/skos/core#prefLabel")
AWKWARD = [
    ox.Triple(_S, _P, ox.Literal('a "sitat"\nlinje\tfane \\ bak \u0007 \U0001F600', language="nb")),
    ox.Triple(_S, _P, ox.Literal("2026-01-01", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#date"))),
    ox.Triple(_S, _P, ox.Literal("x", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#string"))),
    ox.Triple(_S, _P, ox.Literal("Åse")),
    ox.Triple(_S, _P, ox.Literal("Zebra")),
    ox.Triple(_S, ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"), _P),
]


def test_lines_give_the_content_oxigraph_gives():
    lines = [f"{t} ." for t in AWKWARD]
    mine = Content.from_lines(list(reversed(lines)) + lines[:3])
    theirs = Content.of(AWKWARD)
    assert mine.digest == theirs.digest and mine.lines == theirs.lines and len(mine) == len(theirs) == 6
    assert mine.data == b"\n".join(theirs.lines)
    # sorted as text = sorted as UTF-8 bytes: 'Å' (U+00C5) after 'Z', as its bytes are
    assert mine.lines.index(b'<%s> <%s> "Zebra" .' % (_S.value.encode(), _P.value.encode())) < \
        mine.lines.index(b'<%s> <%s> "\xc3\x85se" .' % (_S.value.encode(), _P.value.encode()))
    empty = Content.from_lines([])
    assert (len(empty), empty.lines, empty.digest) == (0, [], Content.of([]).digest)


def test_an_import_stores_what_its_digest_says(net_ws, tmp_path, run_import):
    """The digest the import computed from its own lines (kept in the catalog) is the digest
    of what the store holds, read back and written by Oxigraph: the same file again is
    'unchanged', and nothing is written."""
    rows = GOOD + [["a-3", 'Tittel med "sitat" og \\', "", "Hamar", "Løten", "idé", "2026-H2", "", "", "", "",
                    "", "", "Ny Leverandør AS", "", "", "", "", "sak 7"]]
    f = write_csv(tmp_path / "linjer.csv", rows)
    res, rep = run_import(net_ws, f, "--network", "digi-innlandet")
    assert res.exit_code == 0, res.stdout + res.stderr
    assert rep["files"][0]["status"] == "imported"
    with Workspace.open(net_ws) as ws:
        kept = ws.select("SELECT ?d WHERE { GRAPH kgsrc:catalog { ?g kg:contentDigest ?d } }",
                         g="https://w3id.org/kommune-ki/source/linjer")[0]["d"].value
        stored = Content.of(ws.source_quads("linjer"))
    assert kept == stored.digest and len(stored) == rep["files"][0]["triples"]
    res, rep = run_import(net_ws, f, "--network", "digi-innlandet")
    assert rep["files"][0]["status"] == "unchanged"


def _modules_after(code: str, *args: str) -> dict:
    """Run ``code`` in a fresh interpreter; which heavy modules it imported."""
    probe = code + "\nimport json, sys\nprint(json.dumps({m: m in sys.modules for m in ('rdflib', 'pyshacl')}))"
    out = subprocess.run([sys.executable, "-c", probe, *args], capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_the_key_of_a_kept_check_needs_no_rdflib(net_ws):
    code = ("import sys\nfrom kg.store.workspace import Workspace\nfrom kg.check.cache import report_key\n"
            "with Workspace.open(sys.argv[1]) as ws:\n    assert len(report_key(ws)) == 64\n"
            "from kg.check.shape_files import profile_files, shipped_shape_files\n"
            "assert shipped_shape_files() and profile_files('leverandorkrav')[1].stem == 'leverandorkrav'\n")
    assert _modules_after(code, str(net_ws)) == {"rdflib": False, "pyshacl": False}


def test_kg_import_starts_without_rdflib(net_ws, tmp_path):
    f = write_csv(tmp_path / "uten.csv", GOOD)
    code = ("import sys\nfrom kg.cli import main\n"
            "try:\n    main(['--data', sys.argv[1], 'import', sys.argv[2], '--format', 'json'])\n"
            "except SystemExit as e:\n    assert e.code == 0, e.code\n")
    assert _modules_after(code, str(net_ws), str(f)) == {"rdflib": False, "pyshacl": False}


def test_the_odd_character_set_is_the_odd_character_class():
    """The whole-table check (a set) and the per-cell one (a regex) name the same characters."""
    from kg.textsafe import ODD_CHARS, ODD_SET
    every = "".join(chr(c) for c in range(0x110000))
    assert set(ODD_CHARS.findall(every)) == ODD_SET and len(ODD_SET) == 2176


def test_remembered_closest_names_follow_new_names(net_ws):
    """closest() is remembered (--strict-names asks it on every row) but forgets when a name
    is added: a vendor made by an earlier row is offered to the next."""
    from kg.importers.tabular.names import Resolver
    with Workspace.open(net_ws) as ws:
        r = Resolver(ws)
        before = r.closest("organisation", "Eksempel Konsult AS")
        assert r.closest("organisation", "Eksempel Konsult AS") == before
        assert not any("Eksempel Konsulent AS" in x for x in before)
        r.add("vendor", "https://w3id.org/kommune-ki/id/leverandor-eksempel-konsulent-as", "Eksempel Konsulent AS")
        r.add("organisation", "https://w3id.org/kommune-ki/id/leverandor-eksempel-konsulent-as", "Eksempel Konsulent AS")
        after = r.closest("organisation", "Eksempel Konsult AS")
        assert after[0] == "Eksempel Konsulent AS (leverandor-eksempel-konsulent-as)"
