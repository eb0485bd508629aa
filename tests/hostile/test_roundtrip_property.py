"""Property tests (hypothesis): whatever rows a spreadsheet holds and whatever graph an
RDF file holds, import → export → import gives the same graph (isomorphic), every
accepted title is kept exactly, and the workspace stays sound."""
from __future__ import annotations

import csv
import io
import string

import pyoxigraph as ox
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook
from rdflib import Graph
from rdflib.compare import isomorphic

from kg import importers
from kg.store.workspace import SOURCE, Workspace, source_iri

SETTINGS = settings(max_examples=12, deadline=None, derandomize=True,
                    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])

# text as people type it: any letter, digit, punctuation, symbol or space (no control
# characters, which neither XLSX nor XML can hold), including quotes, braces, formula signs
TEXT = st.text(st.characters(blacklist_categories=("Cc", "Cs", "Cn", "Co", "Zl", "Zp")), min_size=1, max_size=30)
TITLE = TEXT.filter(lambda t: t.strip() != "" and not t.strip().startswith(("#",)))
ID = st.from_regex(r"[a-z][a-z0-9]{0,8}(-[a-z0-9]{1,4}){0,2}", fullmatch=True)
WHEN = st.sampled_from(["", "2026", "2026-Q3", "2026-H2", "2026-09", "2026-09-15", "2026-Q3/2026-Q4", "2027-H1"])
STATUS = st.sampled_from(["", "idé", "planlagt", "pågående", "etablert", "avsluttet", "stanset"])


@st.composite
def sheets(draw):
    ids = draw(st.lists(ID, min_size=1, max_size=12, unique=True))
    rows = []
    for i, rid in enumerate(ids):
        deps = draw(st.lists(st.sampled_from(ids[:i]), max_size=2, unique=True)) if i else []
        rows.append([rid, draw(TITLE), draw(STATUS), draw(WHEN), draw(WHEN), "; ".join(deps)])
    return rows


HEADER = ["id", "tittel", "status", "start", "slutt", "avhenger_av"]


def write_sheet(path_stem, rows, kind, delimiter, encoding):
    if kind == "xlsx":
        wb = Workbook()
        ws = wb.active
        ws.append(HEADER)
        for r in rows:
            ws.append(r)
        p = path_stem.with_suffix(".xlsx")
        wb.save(p)
        return p
    buf = io.StringIO()
    csv.writer(buf, delimiter=delimiter, lineterminator="\r\n").writerows([HEADER] + rows)
    p = path_stem.with_suffix(".csv")
    try:
        data = buf.getvalue().encode(encoding)
    except UnicodeEncodeError:
        data = buf.getvalue().encode("utf-8")
    p.write_bytes(data)
    return p


def graph_of(ws, name) -> Graph:
    g = Graph()
    g.parse(data=ws.dump("nt", source=name).decode("utf-8"), format="nt")
    return g


def without_provenance(g: Graph, name: str) -> Graph:
    from rdflib import URIRef
    out = Graph()
    s = URIRef(source_iri(name))
    for t in g:
        if t[0] != s:
            out.add(t)
    return out


def do_import(ws_path, f, source, fmt=None):
    with Workspace.open(ws_path, write=True) as ws:
        run = importers.import_files(ws, [f], source=source, fmt=fmt)
    return run.reports[0]


@SETTINGS
@given(rows=sheets(), kind=st.sampled_from(["csv", "xlsx"]), delimiter=st.sampled_from([";", ",", "\t"]),
       encoding=st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "cp1252"]))
def test_spreadsheet_import_export_import_isomorphic(hostile_ws, tmp_path, rows, kind, delimiter, encoding):
    f = write_sheet(tmp_path / "ark", rows, kind, delimiter, encoding)
    rep = do_import(hostile_ws, f, "ark")
    assert rep.status in ("imported", "unchanged"), (rep.status, rep.fatal)
    with Workspace.open(hostile_ws) as ws:
        assert ws.verify() == []
        first = graph_of(ws, "ark")
        labels = {str(o) for s, p, o in first if str(p).endswith("prefLabel") and getattr(o, "language", None) == "nb"}
        exported = ws.dump("ttl", source="ark")
    accepted = {r.row for r in rep.rows if r.accepted}
    assert len(accepted) >= 1
    for i, r in enumerate(rows):
        if (i + 2) in accepted:
            assert " ".join(r[1].split()) in labels or r[1].strip() in labels, (r[1], labels)
    ttl = tmp_path / "ark-ut.ttl"
    ttl.write_bytes(exported)
    rep2 = do_import(hostile_ws, ttl, "rundtur")
    assert rep2.status in ("imported", "unchanged"), rep2.fatal
    with Workspace.open(hostile_ws) as ws:
        assert ws.verify() == []
        second = without_provenance(graph_of(ws, "rundtur"), "rundtur")
    assert isomorphic(first, second)


IRI_CHARS = string.ascii_letters + string.digits + "-._~%"
IRI = st.builds(lambda a, b: f"http://ex.org/{a}/{b}", st.sampled_from(["n", "ting", "ø"]),
                st.text(IRI_CHARS, min_size=1, max_size=8).filter(lambda s: "%" not in s))
PRED = st.builds(lambda b: f"http://ex.org/p/{b}", st.text(string.ascii_letters, min_size=1, max_size=6))
BNODE = st.sampled_from(["b0", "b1", "b2"]).map(ox.BlankNode)
LIT = st.one_of(
    TEXT.map(ox.Literal),
    st.tuples(TEXT, st.sampled_from(["nb", "en", "se", "nn-no"])).map(lambda t: ox.Literal(t[0], language=t[1])),
    st.integers(-10**12, 10**12).map(lambda n: ox.Literal(str(n), datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer"))),
    st.dates().map(lambda d: ox.Literal(d.isoformat(), datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#date"))),
    st.booleans().map(lambda b: ox.Literal(str(b).lower(), datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#boolean"))),
)
TRIPLE = st.builds(ox.Triple, st.one_of(IRI.map(ox.NamedNode), BNODE), PRED.map(ox.NamedNode),
                   st.one_of(IRI.map(ox.NamedNode), BNODE, LIT))
FORMATS = {"ttl": ox.RdfFormat.TURTLE, "nt": ox.RdfFormat.N_TRIPLES, "jsonld": ox.RdfFormat.JSON_LD,
           "rdf": ox.RdfFormat.RDF_XML, "trig": ox.RdfFormat.TRIG}


@SETTINGS
@given(triples=st.lists(TRIPLE, min_size=1, max_size=25), fmt=st.sampled_from(sorted(FORMATS)))
def test_rdf_import_export_import_isomorphic(hostile_ws, tmp_path, triples, fmt):
    f = tmp_path / f"graf.{fmt}"
    f.write_bytes(ox.serialize(triples, format=FORMATS[fmt]))
    original = Graph()
    original.parse(data=ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES).decode("utf-8"), format="nt")
    rep = do_import(hostile_ws, f, "graf")
    assert rep.status in ("imported", "unchanged"), rep.fatal
    with Workspace.open(hostile_ws) as ws:
        assert ws.verify() == []
        first = without_provenance(graph_of(ws, "graf"), "graf")
        exported = ws.dump("ttl", source="graf")
    assert isomorphic(first, original)
    again = tmp_path / "graf-ut.ttl"
    again.write_bytes(exported)
    rep2 = do_import(hostile_ws, again, "graf2")
    assert rep2.status in ("imported", "unchanged"), rep2.fatal
    with Workspace.open(hostile_ws) as ws:
        second = without_provenance(without_provenance(graph_of(ws, "graf2"), "graf2"), "graf")
    assert isomorphic(second, original)
    assert str(SOURCE)  # the source namespace is what provenance is keyed by
