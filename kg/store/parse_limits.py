"""Bounds on what one input file may make kg do, beyond its size on disk (kg.store.limits):

=================  =========  ==================  =====================================
limit              default    environment         where
=================  =========  ==================  =====================================
triples            5 000 000  ``KG_MAX_TRIPLES``  every RDF format
literal length     1 000 000  ``KG_MAX_LITERAL``  every RDF literal, in characters
nesting depth          1 000  ``KG_MAX_DEPTH``    RDF/XML elements (Oxigraph's RDF/XML
                                                  parser slows with the square of depth)
cells              5 000 000  ``KG_MAX_CELLS``    rows × columns of a spreadsheet
columns                1 000  ``KG_MAX_COLUMNS``  of a spreadsheet
=================  =========  ==================  =====================================

RDF/XML entity declarations (a DTD's ``<!ENTITY …>``) are checked before Oxigraph sees
the file, with the standard library's expat: an internal entity whose value is plain
text (how Protégé abbreviates namespaces) is allowed; one that refers to another entity
(the "billion laughs"), a parameter entity and an external entity are refused; and the
text an element expands to may not pass the literal limit. Turtle, TriG, N-Triples and
JSON-LD are parsed by Oxigraph without recursion (measured: 100 000 nested blank nodes
in 1 s; JSON-LD stops itself at 65 536 levels with a syntax error).

Every check raises :class:`kg.errors.InputError` (exit 2) naming the file, the figure
and the environment variable that changes it.
"""
from __future__ import annotations

import os
from pathlib import Path

from kg.errors import InputError
from kg.i18n import number

DEFAULTS = {"KG_MAX_TRIPLES": 5_000_000, "KG_MAX_LITERAL": 1_000_000, "KG_MAX_DEPTH": 1_000,
            "KG_MAX_CELLS": 5_000_000, "KG_MAX_COLUMNS": 1_000}
MAX_ENTITY_VALUE = 4096   # characters of one internal entity's text


def limit(name: str) -> int:
    """The limit in force: the environment variable, else the default."""
    from kg.store.limits import _count
    raw = os.environ.get(name)
    return _count(raw, name) if raw else DEFAULTS[name]


def _n(x: int) -> str:
    return number(x, " ")


def refuse(file, en: str, nb: str, env: str) -> InputError:
    return InputError(en, nb, file=str(file),
                      hint_en=f"If the file is right, raise the limit with {env} (e.g. {env}={_n(limit(env) * 2)}).",
                      hint_nb=f"Er filen riktig, hev grensen med {env} (f.eks. {env}={_n(limit(env) * 2)}).")


def check_rdfxml(path: str | os.PathLike) -> None:
    """Entity declarations, expanded text and element depth of an RDF/XML file, judged by
    expat before Oxigraph parses it (expat never fetches anything: external entities
    are refused here, not resolved)."""
    import xml.parsers.expat as expat
    path = Path(path)
    max_depth, max_lit = limit("KG_MAX_DEPTH"), limit("KG_MAX_LITERAL")
    p = expat.ParserCreate()
    p.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    state = {"depth": 0, "text": 0}

    class Stop(Exception):
        pass

    def entity(name, is_param, value, base, system_id, public_id, notation):
        if is_param or system_id or public_id:
            raise Stop(("an external or parameter entity", "en ekstern entitet eller parameterentitet", name))
        if value is not None and ("&" in value or "%" in value or len(value) > MAX_ENTITY_VALUE):
            raise Stop(("an entity built from other entities (or longer than "
                        f"{_n(MAX_ENTITY_VALUE)} characters)",
                        f"en entitet bygd av andre entiteter (eller lengre enn {_n(MAX_ENTITY_VALUE)} tegn)", name))

    def start(name, attrs):
        state["depth"] += 1
        state["text"] = 0
        if state["depth"] > max_depth:
            raise Stop("depth")

    def end(name):
        state["depth"] -= 1
        state["text"] = 0

    def chars(data):
        state["text"] += len(data)
        if state["text"] > max_lit:
            raise Stop("text")

    p.EntityDeclHandler = entity
    p.StartElementHandler = start
    p.EndElementHandler = end
    p.CharacterDataHandler = chars
    try:
        with open(path, "rb") as fh:
            p.ParseFile(fh)
    except Stop as s:
        what = s.args[0]
        if what == "depth":
            raise refuse(path, f"the XML nests elements more than {_n(max_depth)} levels deep; kg does not read it.",
                         f"XML-en nøster elementer mer enn {_n(max_depth)} nivåer dypt; kg leser den ikke.",
                         "KG_MAX_DEPTH") from None
        if what == "text":
            raise refuse(path, f"an element holds more than {_n(max_lit)} characters of text (after its "
                               "entities are expanded); kg does not read it.",
                         f"et element har mer enn {_n(max_lit)} tegn tekst (når entitetene er satt inn); "
                         "kg leser det ikke.", "KG_MAX_LITERAL") from None
        en, nb, name = what
        raise InputError(f"the DTD declares {en} ('{name}'); kg reads only entities that stand for plain text.",
                         f"DTD-en deklarerer {nb} («{name}»); kg leser bare entiteter som står for ren tekst.",
                         file=str(path),
                         hint_en="Remove the <!DOCTYPE …> block (or write the text out) and import again.",
                         hint_nb="Fjern <!DOCTYPE …>-blokken (eller skriv teksten ut) og importer igjen.") from None
    except expat.ExpatError:
        return   # Oxigraph reports the syntax error with its line and column
    except OSError:
        return   # the reader reports a file it cannot open


def bounded(quads, path) -> list:
    """The parsed quads as a list, refused past the triple limit or with a literal past
    the literal limit (the literal's subject and predicate are named)."""
    import pyoxigraph as ox
    max_triples, max_lit = limit("KG_MAX_TRIPLES"), limit("KG_MAX_LITERAL")
    out = []
    add = out.append
    Literal = ox.Literal
    for q in quads:
        add(q)
        o = q.object
        if type(o) is Literal and len(o.value) > max_lit:
            raise refuse(path, f"a literal of {_n(len(o.value))} characters (the limit is {_n(max_lit)}) "
                               f"at {q.subject} {q.predicate}.",
                         f"en literal på {_n(len(o.value))} tegn (grensen er {_n(max_lit)}) "
                         f"ved {q.subject} {q.predicate}.", "KG_MAX_LITERAL")
        if len(out) > max_triples:
            raise refuse(path, f"the file holds more than {_n(max_triples)} triples (the limit).",
                         f"filen har mer enn {_n(max_triples)} tripler (grensen).", "KG_MAX_TRIPLES")
    return out


def check_columns(n: int, file, sheet: str = "") -> None:
    """Refuse a table whose header has more than KG_MAX_COLUMNS columns."""
    lim = limit("KG_MAX_COLUMNS")
    if n > lim:
        raise refuse(file, f"the table has {_n(n)} columns (the limit is {_n(lim)}); kg does not read it.",
                     f"tabellen har {_n(n)} kolonner (grensen er {_n(lim)}); kg leser den ikke.", "KG_MAX_COLUMNS")


def check_cells(n: int, file, row: int | None = None) -> None:
    """Refuse a table with more than KG_MAX_CELLS cells (counted as they are read)."""
    lim = limit("KG_MAX_CELLS")
    if n > lim:
        where = f" (reached at row {row})" if row else ""
        where_nb = f" (nådd ved rad {row})" if row else ""
        raise refuse(file, f"the table has more than {_n(lim)} cells{where}; kg does not read it.",
                     f"tabellen har mer enn {_n(lim)} celler{where_nb}; kg leser den ikke.", "KG_MAX_CELLS")
