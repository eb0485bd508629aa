"""One reading of N-Triples literals (kg.store.terms) for the roadmap's raw terms and the
Neo4j push: every escape N-Triples allows, as Oxigraph's own parser reads it."""
from __future__ import annotations

import pyoxigraph as ox
import pytest

from kg.store.terms import term_lang, term_value
from kg.store.terms import literal_parts

CASES = [
    '"plain"',
    '"tab\\tand\\nnewline"@nb',
    '"quote \\" and backslash \\\\"@en',
    "\"apostrophe \\' here\"",
    '"\\u00e5 and \\U0001F600"@nb',
    '"2026-01-01"^^<http://www.w3.org/2001/XMLSchema#date>',
    '""',
]


@pytest.mark.parametrize("text", CASES)
def test_a_literal_reads_as_oxigraph_reads_it(text):
    [t] = list(ox.parse(f"<http://x/s> <http://x/p> {text} .".encode("utf-8"), format=ox.RdfFormat.N_TRIPLES))
    lit = t.object
    lex, lang, dt = literal_parts(text)
    assert lex == lit.value
    assert lang == lit.language
    assert dt == (None if lit.language else lit.datatype.value)
    assert term_value(text) == lit.value
    assert term_lang(text) == (lit.language or "")


def test_an_iri_is_its_own_value():
    assert term_value("http://x/a") == "http://x/a" and term_lang("http://x/a") == ""
