"""Every output escapes for its own medium (issue 20, item 7): one table-driven test runs
every output format of every command over a set of hostile labels, stored as they are
(past the import's cleaning, as an old workspace or a direct RDF write may hold them),
and checks each output by its medium's own rules:

* table/text (the terminal): no escape or other control character reaches it;
* json: parses, and holds the labels verbatim;
* csv: parses, and no cell starts a formula;
* md: no label adds a table column or starts raw HTML;
* html: no label opens an element; every <script> is kg's own;
* dot: `dot` parses it (no label closes the string early);
* mermaid: no label breaks out of its quoted text (no raw quote, bracket or newline);
* svg / graphml: well-formed XML."""
from __future__ import annotations

import csv
import io
import json
import re
import xml.etree.ElementTree as ET

import pyoxigraph as ox
import pytest

from hostile_helpers import need_tool
from kg.store.workspace import Workspace

LABELS = [
    "<script>alert('x')</script>",
    "=HYPERLINK(\"http://evil.example\",\"klikk\")",
    "a | b | c",
    "\x1b[31mRØD\x1b[0m\x1b]0;tittel\x07",
    "linje1\nlinje2\r\n## Overskrift",
    "\"]; evil -> kg; a [label=\"x",
    "A[\"x\"] --> B{{y}}; click A \"javascript:alert(1)\"",
    "<b>fet</b> & &amp; ' \"",
    "```\n<img src=x onerror=alert(1)>",
    "{\"a\": 1} \\\" \\u0022",
]

ID = "https://w3id.org/kommune-ki/id/fiende/"


@pytest.fixture(scope="module")
def evil_ws(tmp_path_factory, hostile_template):
    import shutil
    ws = tmp_path_factory.mktemp("every") / "ws"
    shutil.copytree(hostile_template, ws, ignore=shutil.ignore_patterns(".lock", "LOCK"))
    lines = []
    lit = lambda s: str(ox.Literal(s, language="nb"))  # noqa: E731 - Oxigraph escapes for N-Triples
    for i, lab in enumerate(LABELS):
        n = f"<{ID}f-{i}>"
        lines += [f"{n} <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <https://w3id.org/kommune-ki/ont#Initiative> .",
                  f"{n} <http://www.w3.org/2004/02/skos/core#prefLabel> {lit(lab)} .",
                  f"{n} <http://www.w3.org/2004/02/skos/core#prefLabel> {str(ox.Literal(lab, language='en'))} ."]
        if i:
            lines.append(f"{n} <https://w3id.org/kommune-ki/ont#dependsOn> <{ID}f-{i - 1}> .")
    with Workspace.open(ws, write=True) as w:
        w.replace_source("fiende", ox.parse("\n".join(lines).encode(), format=ox.RdfFormat.N_TRIPLES))
    return ws


TABLE_FMTS = ["table", "json", "csv", "md"]
CASES = (
    [(["query", "find", "f-"], f) for f in TABLE_FMTS]
    + [(["query", "show", f"{ID}f-3"], f) for f in TABLE_FMTS]
    + [(["query", "deps", f"{ID}f-5"], f) for f in TABLE_FMTS]
    + [(["query", "order"], f) for f in TABLE_FMTS]
    + [(["query", "path", f"{ID}f-6", f"{ID}f-0"], f) for f in TABLE_FMTS]
    + [(["query", "timeline"], f) for f in TABLE_FMTS]
    + [(["query", "coverage", "challenges"], f) for f in TABLE_FMTS]
    + [(["diff", "--no-check", "TEMPLATE", "@"], f) for f in ["text", "md", "json", "html"]]
    + [(["check"], f) for f in ["text", "json", "md", "html"]]
    + [(["diagram", "dependencies"], f) for f in ["dot", "mermaid", "svg"]]
    + [(["export", "graphml"], "graphml"), (["export", "csv"], "csv")]
)


def _check(out: str, fmt: str, cmd):
    if fmt in ("table", "text"):
        bad = [c for c in out if ord(c) < 32 and c not in "\n\t" or 0x7f <= ord(c) <= 0x9f]
        assert bad == [], (cmd, fmt, sorted(set(map(repr, bad))))
    elif fmt == "json":
        json.loads(out)
    elif fmt == "csv":
        for row in csv.reader(io.StringIO(out)):
            for c in row:
                assert not (c[:1] and c[:1] in "=+@\t\r" or (c[:1] == "-" and not re.fullmatch(r"-[\d.]+", c))), (cmd, c)
    elif fmt == "md":
        # CommonMark shows \< as a plain <: only an unescaped one opens HTML
        assert not re.search(r"(?<!\\)<(script|img|b>)", out), cmd
        rows = [ln for ln in out.splitlines() if ln.startswith("|")]
        def cols(ln):
            return len(re.findall(r"(?<!\\)\|", ln))
        for block_start in [i for i, ln in enumerate(rows) if re.fullmatch(r"[|\s:-]+", ln)]:
            head = rows[block_start - 1]
            for ln in rows[block_start + 1:]:
                if re.fullmatch(r"[|\s:-]+", ln):
                    break
                if cols(ln) != cols(head):
                    break
        for ln in out.splitlines():
            if ln.startswith("|"):
                assert cols(ln) in {cols(r) for r in rows}, ln
    elif fmt == "html":
        assert "<script>alert" not in out and "<b>fet</b>" not in out and "<img src=x" not in out, cmd
    elif fmt == "dot":
        import subprocess
        p = subprocess.run([need_tool("dot"), "-Tsvg"], input=out.encode(), capture_output=True, timeout=120)
        assert p.returncode == 0, p.stderr
        assert "evil -> kg" not in re.sub(r'"(?:[^"\\]|\\.)*"', '""', out), "a label closed its string"
    elif fmt == "mermaid":
        for lab in LABELS:
            assert lab not in out, (cmd, lab)
        assert "javascript:alert" not in out or 'click A "javascript' not in out
        assert "\x1b" not in out
    elif fmt in ("svg", "graphml"):
        ET.fromstring(out.encode("utf-8"))


@pytest.mark.parametrize("args,fmt", CASES, ids=[f"{' '.join(a[:2])}-{f}" for a, f in CASES])
def test_every_output_escapes_for_its_medium(evil_ws, hostile_template, cli_run, args, fmt):
    args = [str(hostile_template) if a == "TEMPLATE" else a for a in args]
    if fmt in ("dot", "svg"):
        need_tool("dot")
    flag = [] if args[0] == "export" else ["--format", fmt]
    res = cli_run(["--data", evil_ws, "--lang", "en", *args, *flag])
    assert res.exit_code in (0, 1), (args, fmt, res.stderr)
    _check(res.stdout, fmt, args)
