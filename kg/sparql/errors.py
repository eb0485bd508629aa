"""A SPARQL syntax error as the user can act on it: the position in *their* text.

kg puts its PREFIX lines in front of every query, so Oxigraph counts lines from the top of
that block ("error at 24:1" for a one-line query). :func:`syntax_error` takes the lines
back off, names line and column of the user's own text, shows that line with a caret, and
turns Oxigraph's list of expected characters into a sentence where it can.

Example::

    >>> e = syntax_error(SyntaxError("error at 24:27: expected OPTIONAL"), "SELECT …", 23)
    >>> e.en.splitlines()[0]
    'SPARQL syntax error at line 1, column 27: expected OPTIONAL'
"""
from __future__ import annotations

import re

from kg.errors import InputError

_AT = re.compile(r"^error at (\d+):(\d+)(?:-(\d+):(\d+))?:\s*", re.S)


def _expected(rest: str) -> tuple[str, str]:
    """Oxigraph's 'expected …' tail in plain words (en, nb)."""
    if "Prefix not found" in rest:
        return ("an unknown prefix (declare it with PREFIX, or use one of kg's: kg, kgid, kgsrc, skos, dct, …)",
                "et ukjent prefiks (deklarer det med PREFIX, eller bruk et av kgs: kg, kgid, kgsrc, skos, dct, …)")
    rest = " ".join(rest.split())
    if len(rest) > 160:
        rest = rest[:157] + "…"
    nb = rest.replace("expected one of", "forventet ett av").replace("expected", "forventet")
    return rest, nb


def syntax_error(err: SyntaxError, text: str, skip_lines: int = 0) -> InputError:
    """An InputError for ``err`` raised on ``skip_lines`` prefix lines followed by ``text``."""
    msg = str(err)
    m = _AT.match(msg)
    if not m:
        en, nb = _expected(msg)
        return InputError(f"SPARQL syntax error: {en}", f"Syntaksfeil i SPARQL: {nb}")
    line, column = int(m.group(1)) - skip_lines, int(m.group(2))
    en, nb = _expected(msg[m.end():])
    lines = text.splitlines() or [""]
    if line < 1:   # cannot happen with kg's own prefixes; say what Oxigraph said
        return InputError(f"SPARQL syntax error: {en}", f"Syntaksfeil i SPARQL: {nb}")
    shown = ""
    if line > len(lines) and column == 1:   # the text ended too early: point after its last line
        line, column = len(lines), len(lines[-1]) + 1
    if line <= len(lines):
        src = lines[line - 1].expandtabs(1)
        if len(src) > 120:   # keep the caret in view on a long line
            start = max(0, column - 60)
            src, col = ("…" if start else "") + src[start:start + 120], column - start + (1 if start else 0)
        else:
            col = column
        shown = f"\n  {src}\n  {' ' * (max(col, 1) - 1)}^"
    return InputError(f"SPARQL syntax error at line {line}, column {column}: {en}{shown}",
                      f"Syntaksfeil i SPARQL på linje {line}, kolonne {column}: {nb}{shown}")
