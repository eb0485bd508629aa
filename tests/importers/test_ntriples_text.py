"""The importer writes N-Triples text itself where it can (kg.importers.tabular.contract.L,
_under) and the report's JSON with kg.json_text: each must be exactly what Oxigraph, and
json.dumps(…, ensure_ascii=False, indent=2), would have written (the content digest of a
source, and what a reader of the report sees, must not depend on which path wrote them)."""
from __future__ import annotations

import json
import random

import pyoxigraph as ox
import pytest

from kg.importers.tabular.contract import L, N, _under
from kg.json_text import dumps

XSD = "http://www.w3.org/2001/XMLSchema#"

ODD = ['', ' ', 'plain', 'Tromsø – Romsa', 'Unjárga', 'quote " inside', 'back\\slash', 'tab\there',
       'line\nbreak', 'cr\rreturn', 'bell\x07', 'del\x7f', 'nbsp\u00a0x', 'soft\u00adhyphen', 'zwj\u200d',
       'line sep\u2028', 'emoji 🤖', 'bom\ufeff', '\ufffd', 'U+FFFE \ufffe', 'ends with \\', '"', '\\"',
       'combining e\u0301', 'tall 𝔘', 'private \ue000', 'unassigned \u0378']


def _oxigraph(value, lang=None, dtype=None) -> str:
    if lang:
        return str(ox.Literal(str(value), language=lang))
    if dtype:
        return str(ox.Literal(str(value), datatype=ox.NamedNode(dtype)))
    return str(ox.Literal(str(value)))


@pytest.mark.parametrize("value", ODD)
def test_literal_text_is_oxigraphs(value):
    for lang, dtype in ((None, None), ("nb", None), ("en", None), (None, XSD + "integer"),
                        (None, XSD + "date"), (None, XSD + "string"), ("nb", XSD + "integer")):
        assert L(value, lang, dtype) == _oxigraph(value, lang, dtype), (value, lang, dtype)


def test_random_texts_are_written_as_oxigraph_writes_them():
    rnd = random.Random(18)
    alphabet = [chr(c) for c in list(range(0, 0x250)) + [0x2028, 0x2029, 0xfeff, 0xfffd, 0x1f916, 0xe000]]
    for _ in range(3000):
        value = "".join(rnd.choice(alphabet) for _ in range(rnd.randrange(12)))
        assert L(value, "nb") == _oxigraph(value, "nb")
        assert L(value) == _oxigraph(value)
    assert L(17, dtype=XSD + "integer") == '"17"^^<http://www.w3.org/2001/XMLSchema#integer>'


def test_a_refused_language_tag_is_still_refused():
    with pytest.raises(ValueError):
        L("x", "not a tag")


def test_an_iri_below_a_checked_one_is_what_oxigraph_writes():
    base = N("https://w3id.org/kommune-ki/id/digi-innlandet/r-00017")
    for path in ("/periode", "/start", "/slutt", "/system"):
        assert _under(base, path) == str(ox.NamedNode("https://w3id.org/kommune-ki/id/digi-innlandet/r-00017" + path))


REPORT = {"dry_run": False, "strict": False, "exit_code": 1, "files": [{
    "file": "ark.csv", "rows": 3, "network": None, "empty": [], "nothing": {}, "score": 7,
    "accepted_rows": [{"row": 2, "id": "a-1", "node": "https://w3id.org/kommune-ki/id/x/a-1"}],
    "errors": [{"row": 3, "column": "kommuner", "value": 'Tromsø "nord"\n\\x', "reason": "ukjent kommune «Atlantis»",
                "suggestions": ["Tromsø (kommune-5501)", "\u2028\x00\x1f🤖"]}],
    "nested": [[1, [2, []]], {"a": {"b": [True, None]}}]}]}


def test_report_json_is_json_dumps_text():
    assert dumps(REPORT) == json.dumps(REPORT, ensure_ascii=False, indent=2)
    assert json.loads(dumps(REPORT)) == REPORT


@pytest.mark.parametrize("odd", [1.5, float("nan"), {1: "x"}, ("t", "u"), True, None, "s", [], {}])
def test_values_it_leaves_to_json_dumps_come_out_the_same(odd):
    doc = {"x": [odd, {"y": odd}]}
    assert dumps(doc) == json.dumps(doc, ensure_ascii=False, indent=2)


def test_a_writer_without_blank_nodes_says_so():
    from kg.store.workspace import Content
    lines = ['<https://x.org/a> <https://x.org/p> "text with _: inside" .', '<https://x.org/a> <https://x.org/q> <https://x.org/b> .']
    searched, told = Content.from_lines(lines), Content.from_lines(lines, blank_nodes=False)
    assert searched.blank and not told.blank          # a literal's "_:" is taken for one when searched
    assert (searched.digest, searched.data, searched.count) == (told.digest, told.data, told.count)
