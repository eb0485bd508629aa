"""The workspace in standard RDF formats (Turtle, TriG, N-Quads, N-Triples, JSON-LD)."""
from __future__ import annotations

SYNTAXES = ("ttl", "trig", "nq", "nt", "jsonld")


def write(ws, stream, *, fmt: str, source: str | None = None) -> int:
    """Write the graph (or one ``source``) in ``fmt`` to a binary stream; returns the bytes written."""
    if fmt not in SYNTAXES:
        raise ValueError(fmt)
    data = ws.dump(fmt, source=source)
    stream.write(data)
    return len(data)
