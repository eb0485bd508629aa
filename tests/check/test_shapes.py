"""The shipped shapes: one stable code each, all codes of SPEC.md, nb and en messages,
a documented severity, and the shapes themselves valid against SHACL-for-SHACL."""
from __future__ import annotations

import re
from pathlib import Path

import pyshacl
import pytest
import rdflib
from rdflib.namespace import DCTERMS, RDFS, SH

from kg.check import engine as checking
from kg.check.shape_files import shipped_shape_files

SPEC_CODES = """owner-missing dates-missing dates-reversed dependency-order dependency-cycle
dependency-dangling challenge-missing principle-missing challenge-unaddressed dpia-missing
fria-missing ros-missing human-oversight-missing explanation-missing reuse-missing
sovereignty-risk regulation-timing municipality-unknown label-missing""".split()
# codes beyond SPEC.md's list, each with its fixtures too
MORE_CODES = ["dependency-undated"]

README = Path(shipped_shape_files()[0]).parent / "README.md"


def test_every_spec_code_has_a_shape():
    assert set(SPEC_CODES) <= set(checking.shipped_codes())


def test_every_shape_has_code_severity_and_both_languages():
    g = checking.load_shapes_graph()
    nodes = checking.shape_nodes(g)
    assert len(nodes) >= len(SPEC_CODES)
    for n in nodes:
        assert g.value(n, DCTERMS.identifier) is not None, n
        assert g.value(n, SH.severity) in (SH.Violation, SH.Warning, SH.Info), n
        for pred in (SH.message, RDFS.label):
            langs = {o.language for o in g.objects(n, pred)}
            assert {"nb", "en"} <= langs, (n, pred)


def test_the_fast_engine_compiles_every_shipped_shape():
    from tests.check.helpers import mem_ws
    ws = mem_ws("")
    comp = checking._Compiler(ws, checking.load_shapes_graph())
    for n in checking.shape_nodes(comp.g):
        s = comp.compile(n)
        assert not s.unsupported, (n, s.unsupported)
        assert s.queries


def test_shapes_conform_to_shacl_for_shacl():
    shacl_shacl = Path(pyshacl.__file__).parent / "assets" / "shacl-shacl.ttl"
    meta = rdflib.Graph().parse(shacl_shacl, format="turtle")
    conforms, _, text = pyshacl.validate(checking.load_shapes_graph(), shacl_graph=meta)
    assert conforms, text


def test_shacl_for_shacl_catches_a_broken_shape():
    # the meta-check is real: a shape with two different minCounts is rejected
    shacl_shacl = Path(pyshacl.__file__).parent / "assets" / "shacl-shacl.ttl"
    meta = rdflib.Graph().parse(shacl_shacl, format="turtle")
    bad = rdflib.Graph().parse(data="""@prefix sh: <http://www.w3.org/ns/shacl#> .
        <urn:s> a sh:PropertyShape ; sh:path <urn:p> ; sh:minCount 1, 2 ; sh:targetClass <urn:C> .""", format="turtle")
    conforms, _, _ = pyshacl.validate(bad, shacl_graph=meta)
    assert not conforms


def test_readme_documents_every_code_with_its_severity():
    text = README.read_text(encoding="utf-8")
    rows = dict(re.findall(r"^\|\s*`([a-z-]+)`\s*\|\s*(violation|warning|info)", text, re.M))
    for code, info in checking.shipped_shapes().items():
        assert code in rows, code
    g = checking.load_shapes_graph()
    for n in checking.shape_nodes(g):
        info = checking.shape_info(g, n)
        if info.code != "dependency-order":   # two shapes: violation and an at-risk warning
            assert rows[info.code] == info.severity, info.code


@pytest.mark.parametrize("code", sorted(set(SPEC_CODES + MORE_CODES)))
def test_every_code_has_both_fixtures(code):
    from tests.check.helpers import FIXTURES
    assert (FIXTURES / f"{code}-trigger.ttl").is_file()
    assert (FIXTURES / f"{code}-pass.ttl").is_file()
