"""Malformed and hostile input files for every importer: each is refused with a clear
message (exit 2: nothing written) or imported as far as it is valid, and a refused file
leaves the workspace byte for byte as it was (tree_hash of every file)."""
from __future__ import annotations

import csv
import io
import json
import struct
import zipfile

import pytest
from openpyxl import Workbook

from hostile_helpers import tree_hash
from kg.store.workspace import Workspace

HEADER = ["id", "tittel", "status", "start", "avhenger_av"]


def xlsx_bytes(rows, header=HEADER) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.append(header)
    for r in rows:
        ws.append(r)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def csv_text(rows, header=HEADER, delimiter=";") -> str:
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=delimiter, lineterminator="\n")
    w.writerow(header)
    w.writerows(rows)
    return buf.getvalue()


GOOD_ROWS = [["h-1", "Første tiltak", "planlagt", "2026-Q1", ""], ["h-2", "Andre tiltak", "pågående", "2026", "h-1"]]


def lying_zip() -> bytes:
    """A small XLSX-like ZIP whose central directory claims a member unpacks to ~4 GB."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/worksheets/sheet1.xml", b"\0" * 1000)
    data = bytearray(buf.getvalue())
    pos = 0
    while True:  # patch "uncompressed size" (offset 24) of every central directory entry
        pos = data.find(b"PK\x01\x02", pos)
        if pos < 0:
            break
        struct.pack_into("<I", data, pos + 24, 0xFFFF0000)
        pos += 4
    return bytes(data)


def real_bomb(megabytes: int) -> bytes:
    """A genuine zip bomb: ``megabytes`` MB of zeros in the sheet, ~1000x compressed."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        with z.open("xl/worksheets/sheet1.xml", "w") as f:
            chunk = b"\0" * (1 << 20)
            for _ in range(megabytes):
                f.write(chunk)
    return buf.getvalue()


def corrupt_sheet_xlsx() -> bytes:
    """A well-formed ZIP with every XLSX part, but the sheet's XML is garbage."""
    src = zipfile.ZipFile(io.BytesIO(xlsx_bytes(GOOD_ROWS)))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for info in src.infolist():
            data = src.read(info)
            if info.filename.startswith("xl/worksheets/sheet"):
                data = b"<worksheet><sheetData><row><c r='A1' t='s'><v>99999</v></c></row>&&& <<<"
            z.writestr(info, data)
    return buf.getvalue()


# name, file name, content (bytes), words the message must contain (en)
UNUSABLE = [
    ("truncated-xlsx", "tiltak.xlsx", lambda: xlsx_bytes(GOOD_ROWS)[:700], ["not a readable Excel workbook"]),
    ("truncated-xlsx-late", "tiltak.xlsx", lambda: xlsx_bytes(GOOD_ROWS)[:-200], ["Excel workbook"]),
    ("corrupt-sheet-xml", "tiltak.xlsx", corrupt_sheet_xlsx, ["Excel workbook"]),
    ("zip-directory-lies", "tiltak.xlsx", lying_zip, ["would unpack to", "KG_MAX_UNZIPPED"]),
    ("xlsx-named-text", "tiltak.xlsx", lambda: b"id;tittel\nx;y\n", ["not an Excel workbook"]),
    ("old-xls", "tiltak.xls", lambda: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, [".xls"]),
    ("binary-junk-csv", "tiltak.csv", lambda: bytes(range(256)) * 40, ["binary"]),
    ("png-named-csv", "tiltak.csv", lambda: b"\x89PNG\r\n\x1a\n" + b"\x01" * 200, ["binary"]),
    ("gzip-named-csv", "tiltak.csv", lambda: b"\x1f\x8b\x08\x00" + b"\x07" * 200, ["binary"]),
    ("neither-utf8-nor-cp1252", "tiltak.csv", lambda: "id;tittel\nx;Tromsø\n".encode("utf-8")[:-4] + b"\x81\x8d\x90\n",
     ["neither UTF-8 nor Windows-1252"]),
    ("utf16-without-bom", "tiltak.csv", lambda: csv_text(GOOD_ROWS).encode("utf-16-le"), ["binary"]),
    ("empty-csv", "tiltak.csv", lambda: b"", ["empty"]),
    ("whitespace-csv", "tiltak.csv", lambda: b"   \n\n\t\n", ["empty"]),
    ("empty-xlsx", "tiltak.xlsx", lambda: b"", ["empty"]),
    ("empty-ttl", "tiltak.ttl", lambda: b"", ["empty"]),
    ("enormous-cell", "tiltak.csv", lambda: csv_text([["h-1", "x" * 300_000, "", "", ""]]).encode(),
     ["not readable as CSV", "field"]),
    ("turtle-syntax", "data.ttl", lambda: b"@prefix ex: <http://ex/> .\nex:a ex:b ex:c .\nex:a ex:b \"open .\n",
     ["RDF syntax error", "line 3 column"]),
    ("turtle-bad-iri", "data.ttl", lambda: b"@prefix ex: <http://ex/> .\n\nex:a ex:b <not an iri> .\n",
     ["RDF syntax error", "line 3 between columns 11 and 23"]),
    ("jsonld-syntax", "data.jsonld", lambda: b'{\n  "@id": "http://ex/a",\n  "http://ex/b": [1,\n}\n',
     ["RDF syntax error", "line 4 column"]),
    ("jsonld-not-json", "data.json", lambda: b'{"@context": {"ex": "http://ex/"}, "@id": ex:a}\n',
     ["RDF syntax error", "line 1 column"]),
    ("rdfxml-syntax", "data.rdf", lambda: b'<?xml version="1.0"?>\n<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">\n<rdf:Description rdf:about="http://ex/a"><x></rdf:RDF>\n',
     ["RDF syntax error"]),
    ("nt-syntax", "data.nt", lambda: b"<http://ex/a> <http://ex/b> <http://ex/c> .\n<http://ex/a> <http://ex/b> .\n",
     ["RDF syntax error", "line 2"]),
]


@pytest.mark.parametrize("name,fname,make,words", UNUSABLE, ids=[u[0] for u in UNUSABLE])
def test_unusable_file_exit_2_workspace_untouched(hostile_ws, tmp_path, cli_run, name, fname, make, words):
    f = tmp_path / fname
    f.write_bytes(make())
    before = tree_hash(hostile_ws)
    res = cli_run(["--data", hostile_ws, "--lang", "en", "import", f])
    assert res.exit_code == 2, res.stdout + res.stderr
    assert "Traceback" not in res.stdout + res.stderr
    err = res.stderr
    assert err.startswith("kg: ") and fname in err, err
    for w in words:
        assert w in err, (w, err)
    assert "nothing written" in res.stdout
    assert tree_hash(hostile_ws) == before


def test_unusable_file_message_in_norwegian(hostile_ws, tmp_path, cli_run):
    f = tmp_path / "data.ttl"
    f.write_bytes(b"@prefix ex: <http://ex/> .\nex:a ex:b \"open .\n")
    res = cli_run(["--data", hostile_ws, "--lang", "nb", "import", f])
    assert res.exit_code == 2
    assert "syntaksfeil i RDF" in res.stderr and "line 2 column" in res.stderr
    assert "ingenting skrevet" in res.stdout


def test_real_zip_bomb_refused_before_unpacking(hostile_ws, tmp_path, cli_run):
    """100 MB of zeros packed into ~100 kB; with the unpack limit at 20 MB it is refused
    from the ZIP directory alone (openpyxl never sees it)."""
    f = tmp_path / "bomb.xlsx"
    f.write_bytes(real_bomb(100))
    assert f.stat().st_size < 1_000_000
    before = tree_hash(hostile_ws)
    res = cli_run(["--data", hostile_ws, "--lang", "en", "import", f], env={"KG_MAX_UNZIPPED": "20M"})
    assert res.exit_code == 2
    assert "would unpack to 100.0 MB (the limit is 20.0 MB)" in res.stderr
    assert tree_hash(hostile_ws) == before


def test_one_bad_file_blocks_the_good_one(hostile_ws, tmp_path, cli_run):
    good = tmp_path / "god.csv"
    good.write_text(csv_text(GOOD_ROWS), encoding="utf-8")
    bad = tmp_path / "bad.ttl"
    bad.write_bytes(b"this is not turtle")
    before = tree_hash(hostile_ws)
    res = cli_run(["--data", hostile_ws, "--lang", "en", "import", good, bad, "--format", "json"])
    assert res.exit_code == 2
    rep = json.loads(res.stdout)
    assert {r["status"] for r in rep["files"]} >= {"failed", "blocked"}
    assert tree_hash(hostile_ws) == before


def test_enormous_row_many_columns(hostile_ws, tmp_path, cli_run):
    """A row with 50 000 extra cells: the known columns are read, the rest reported or
    ignored, nothing crashes, and the workspace stays sound."""
    f = tmp_path / "wide.csv"
    f.write_text(csv_text([["w-1", "Bred rad", "planlagt", "2026", ""] + ["x"] * 50_000]), encoding="utf-8")
    res = cli_run(["--data", hostile_ws, "--lang", "en", "import", f])
    assert res.exit_code in (0, 1), res.stdout + res.stderr
    assert "Traceback" not in res.stdout + res.stderr
    with Workspace.open(hostile_ws) as ws:
        assert ws.verify() == []
        assert ws.count("?s skos:prefLabel \"Bred rad\"@nb") == 1


def big_csv(path, n):
    with open(path, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, delimiter=";")
        w.writerow(HEADER)
        for i in range(n):
            w.writerow([f"r{i}", f"Tiltak {i}", "planlagt", "2026-Q1", ""])


def test_100k_rows_refused_at_the_row_limit(hostile_ws, tmp_path, cli_run):
    """100 001 data rows: over the default limit (100 000), refused before any row is
    converted, with the flag that raises the limit named; nothing written."""
    f = tmp_path / "stor.csv"
    big_csv(f, 100_001)
    before = tree_hash(hostile_ws)
    res = cli_run(["--data", hostile_ws, "--lang", "en", "import", f])
    assert res.exit_code == 2
    assert "more than 100 000 rows" in res.stderr and "--max-rows" in res.stderr
    assert tree_hash(hostile_ws) == before
    res = cli_run(["--data", hostile_ws, "--lang", "nb", "import", f])
    assert "mer enn 100 000 rader" in res.stderr


def test_row_and_size_limits_flags_and_env(hostile_ws, tmp_path, cli_run):
    f = tmp_path / "rader.csv"
    big_csv(f, 300)
    before = tree_hash(hostile_ws)
    res = cli_run(["--data", hostile_ws, "--lang", "en", "import", f, "--max-rows", "299"])
    assert res.exit_code == 2 and "more than 299 rows" in res.stderr
    res = cli_run(["--data", hostile_ws, "--lang", "en", "import", f], env={"KG_MAX_ROWS": "100"})
    assert res.exit_code == 2 and "more than 100 rows" in res.stderr
    res = cli_run(["--data", hostile_ws, "--lang", "en", "import", f, "--max-size", "2K"])
    assert res.exit_code == 2 and "too large" in res.stderr and "--max-size" in res.stderr
    res = cli_run(["--data", hostile_ws, "--lang", "en", "import", f], env={"KG_MAX_BYTES": "1000"})
    assert res.exit_code == 2 and "too large" in res.stderr
    res = cli_run(["--data", hostile_ws, "--lang", "en", "import", f, "--max-size", "lots"])
    assert res.exit_code == 2 and "not a size" in res.stderr
    assert tree_hash(hostile_ws) == before
    # the flags raise a limit too: the same file with a generous limit imports
    res = cli_run(["--data", hostile_ws, "--lang", "en", "import", f, "--max-rows", "300"],
                  env={"KG_MAX_ROWS": "100"})
    assert res.exit_code == 0, res.stdout + res.stderr
    # and a limit set by one command does not stick to the next (in one process)
    res = cli_run(["--data", hostile_ws, "--lang", "en", "import", f, "--source", "igjen"])
    assert res.exit_code == 0, res.stdout + res.stderr


def test_xlsx_row_limit(hostile_ws, tmp_path, cli_run):
    f = tmp_path / "rader.xlsx"
    f.write_bytes(xlsx_bytes([[f"x{i}", f"T {i}", "", "", ""] for i in range(50)]))
    before = tree_hash(hostile_ws)
    res = cli_run(["--data", hostile_ws, "--lang", "en", "import", f, "--max-rows", "20"])
    assert res.exit_code == 2 and "more than 20 rows" in res.stderr
    assert tree_hash(hostile_ws) == before


def test_header_only_imports_nothing_but_is_no_error(hostile_ws, tmp_path, cli_run):
    f = tmp_path / "tom.csv"
    f.write_text(";".join(HEADER) + "\n", encoding="utf-8")
    res = cli_run(["--data", hostile_ws, "--lang", "en", "--", "import", f])
    assert res.exit_code == 0
    assert "0 rows" in res.stdout


def test_duplicate_ids_rejected_row_named_strict_writes_nothing(hostile_ws, tmp_path, cli_run):
    f = tmp_path / "dobbel.csv"
    f.write_text(csv_text([["d-1", "Alfa", "", "", ""], ["d-1", "Beta", "", "", ""]]), encoding="utf-8")
    before = tree_hash(hostile_ws)
    res = cli_run(["--data", hostile_ws, "--lang", "en", "import", f, "--strict"])
    assert res.exit_code == 1
    assert "dobbel.csv:3:id" in res.stdout and "duplicate id" in res.stdout
    assert tree_hash(hostile_ws) == before
    res = cli_run(["--data", hostile_ws, "--lang", "en", "import", f])
    assert res.exit_code == 1
    with Workspace.open(hostile_ws) as ws:
        assert ws.count('?s skos:prefLabel "Alfa"@nb') == 1
        assert ws.count('?s skos:prefLabel "Beta"@nb') == 0
        assert ws.verify() == []


def test_dependency_cycle_in_one_file_is_imported_and_flagged_by_check(hostile_ws, tmp_path, cli_run):
    """A loop inside one file is what the network wrote, so it is imported; `kg check`
    reports it as a violation naming the file and row, and the roadmap commands keep
    working on it."""
    f = tmp_path / "sirkel.csv"
    f.write_text(csv_text([["c1", "Alfa", "", "", "c3"], ["c2", "Beta", "", "", "c1"], ["c3", "Gamma", "", "", "c2"]]),
                 encoding="utf-8")
    res = cli_run(["--data", hostile_ws, "--lang", "en", "import", f])
    assert res.exit_code == 0, res.stdout
    chk = cli_run(["--data", hostile_ws, "--lang", "en", "check", "--format", "json", "--code", "dependency-cycle"])
    assert chk.exit_code == 1
    found = [r for r in json.loads(chk.stdout)["results"] if r["code"] == "dependency-cycle"]
    assert {r["id"] for r in found} == {"sirkel/c1", "sirkel/c2", "sirkel/c3"}
    assert {(r["source"], r["row"]) for r in found} == {("sirkel.csv", 2), ("sirkel.csv", 3), ("sirkel.csv", 4)}
    order = cli_run(["--data", hostile_ws, "--lang", "en", "query", "order"])
    assert order.exit_code in (0, 1) and "Traceback" not in order.stdout + order.stderr
