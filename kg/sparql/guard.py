"""The guard on SPARQL that a user, a file or a web page gives kg: decided on the parsed
query, never on its text.

Used by ``kg query sparql``, the saved queries, the SPARQL constraints of ``kg check
--shapes`` and the web server. A query passes when it parses as a SPARQL 1.1 query
(SELECT, ASK, CONSTRUCT, DESCRIBE) and its parse tree holds no ``SERVICE`` (Oxigraph and
rdflib would both send the query, and data bound in it, to the server named). An update
(INSERT, DELETE, LOAD, CLEAR, DROP, …) does not parse as a query and is refused as such.
Where rdflib evaluates the query (SHACL-SPARQL run by pyshacl), ``FROM``/``FROM NAMED``
are refused as well: rdflib would fetch those graphs over HTTP.

The parser is rdflib's (pyparsing, SPARQL 1.1); a text it cannot parse is refused with
its line and column (fail closed: nothing that could not be checked is run).

Example::

    check_query(text)            # returns, or raises InputError (exit 2, HTTP 400)
"""
from __future__ import annotations

from kg.errors import InputError


def _walk(tree):
    """Every node of a pyparsing/rdflib parse tree, without recursion (a query nests as
    deep as its author likes)."""
    stack = [tree]
    while stack:
        node = stack.pop()
        yield node
        if isinstance(node, dict):          # CompValue is an OrderedDict
            stack.extend(node.values())
        elif isinstance(node, (list, tuple)):
            stack.extend(node)
        elif hasattr(node, "asList") and not isinstance(node, str):   # ParseResults
            stack.extend(list(node))
            try:
                stack.extend(node.asDict().values())
            except Exception:  # noqa: BLE001 - some results have no dict form
                pass


def check_query(text: str, *, what: str = "kg query sparql", allow_dataset: bool = True,
                file: str | None = None) -> None:
    """Raise :class:`InputError` unless ``text`` is a read-only query over the workspace."""
    from pyparsing import ParseException
    from rdflib.plugins.sparql.parser import parseQuery, parseUpdate
    try:
        tree = parseQuery(text)
    except ParseException as e:
        try:
            parseUpdate(text)
            is_update = bool(text.strip())
        except Exception:  # noqa: BLE001 - not an update either: a syntax error
            is_update = False
        if is_update:
            raise InputError(f"{what} only reads; SPARQL Update is not allowed here.",
                             f"{what} bare leser; SPARQL Update er ikke tillatt her.", file=file) from None
        # the same message, position and caret as Oxigraph's syntax errors get
        from kg.sparql.errors import syntax_error
        err = syntax_error(SyntaxError(f"error at {e.lineno}:{e.col}: {e.msg}"), text, 0)
        if file:
            err = InputError(err.en, err.nb, file=file)
        raise err from None
    except RecursionError:
        raise InputError("the SPARQL query nests too deeply to be checked.",
                         "SPARQL-spørringen er nøstet for dypt til å kunne sjekkes.", file=file) from None
    for node in _walk(tree):
        name = getattr(node, "name", None)
        if name == "ServiceGraphPattern":
            raise InputError(f"{what} only reads the workspace; federated queries (SERVICE) are not allowed.",
                             f"{what} leser bare arbeidsområdet; fødererte spørringer (SERVICE) er ikke tillatt.",
                             file=file)
        if not allow_dataset and name == "DatasetClause":
            raise InputError(f"{what}: FROM and FROM NAMED are not allowed here (they would load graphs from the web).",
                             f"{what}: FROM og FROM NAMED er ikke tillatt her (de ville hentet grafer fra nettet).",
                             file=file)


SH = "http://www.w3.org/ns/shacl#"


def check_shapes_graph(g, file: str | None = None) -> None:
    """Every SPARQL text in a SHACL shapes graph (sh:select, sh:ask, sh:construct) is a
    query the guard lets through; sh:update (SHACL-AF rules that write) is refused."""
    import rdflib
    for pred in ("select", "ask", "construct", "update"):
        for _s, text in g.subject_objects(rdflib.URIRef(SH + pred)):
            if pred == "update":
                raise InputError("kg check runs no SPARQL Update from a shapes file (sh:update).",
                                 "kg check kjører ingen SPARQL Update fra en formfil (sh:update).", file=file)
            check_query(str(text), what="kg check --shapes", allow_dataset=False, file=file)
