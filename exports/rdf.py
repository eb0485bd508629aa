"""The workspace in standard RDF formats (Turtle, TriG, N-Quads, N-Triples, JSON-LD)."""
from __future__ import annotations

from kg.exports import RDF_EXPORTS


def write(ws, fmt: str, stream, source: str | None = None) -> int:
    """Write the graph in ``fmt`` to a binary stream; returns the bytes written."""
    if fmt not in RDF_EXPORTS:
        raise ValueError(fmt)
    data = ws.dump(fmt, source=source)
    stream.write(data)
    return len(data)
