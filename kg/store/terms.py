"""Literals in N-Triples syntax, as Oxigraph writes them (N-Triples, N-Quads, and the TSV
of query results): their lexical form, language and datatype without building term
objects, which costs more than the rest of reading a large result."""
from __future__ import annotations

import re

import pyoxigraph as ox

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_ECHAR = {"t": "\t", "b": "\b", "n": "\n", "r": "\r", "f": "\f", '"': '"', "'": "'", "\\": "\\"}
_ESCAPE = re.compile(r'\\(?:u([0-9A-Fa-f]{4})|U([0-9A-Fa-f]{8})|(.))', re.S)


def _unescape_match(m) -> str:
    if m.group(3) is not None:
        return _ECHAR.get(m.group(3), m.group(0))
    return chr(int(m.group(1) or m.group(2), 16))


def literal_parts(text: str) -> tuple[str, str | None, str | None]:
    """(lexical form, language, datatype IRI) of a literal in N-Triples syntax (``"v"``,
    ``"v"@nb``, ``"v"^^<dt>``; a plain literal is an xsd:string).

    >>> literal_parts('"a\\\\tb"@nb')
    ('a\\tb', 'nb', None)
    """
    j = text.rfind('"')
    lex = text[1:j]
    if "\\" in lex:
        lex = _ESCAPE.sub(_unescape_match, lex)
    rest = text[j + 1:]
    if not rest:
        return lex, None, XSD_STRING
    if rest[0] == "@":
        return lex, rest[1:], None
    return lex, None, rest[3:-1]


def tsv_rows(ws, sparql: str) -> list[list[str]]:
    """SELECT rows as raw terms via Oxigraph's TSV writer (IRIs without <>, literals in
    N-Triples form): far cheaper than building Python term objects for 100k rows."""
    raw = ws.query(sparql).serialize(format=ox.QueryResultsFormat.TSV).decode("utf-8")
    out = []
    for line in raw.split("\n")[1:]:
        if not line:
            continue
        out.append([c[1:-1] if c.startswith("<") and c.endswith(">") else c for c in line.split("\t")])
    return out


def term_value(term: str) -> str:
    """The value of a raw term from :func:`tsv_rows`: an IRI as is, a literal's text."""
    return literal_parts(term)[0] if term.startswith('"') else term


def term_lang(term: str) -> str:
    """The language tag of a raw literal term ("" if none)."""
    return (literal_parts(term)[1] or "") if term.startswith('"') else ""
