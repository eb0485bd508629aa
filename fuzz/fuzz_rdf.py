"""Fuzz RDF input through the importer registry: sniffing, then the parser the importer
uses (Turtle, TriG, N-Triples, N-Quads, JSON-LD, RDF/XML). The first byte picks the
file suffix, so each format's parser gets the rest."""
import sys

import atheris

with atheris.instrument_imports():
    from _common import env_limits, scratch_file
    from kg import importers
    from kg.errors import KgError
    from kg.store.workspace import parse_rdf_file

env_limits()
SUFFIXES = (".ttl", ".jsonld", ".rdf", ".nt", ".trig", ".nq", ".json", ".txt")


def TestOneInput(data: bytes) -> None:
    if not data:
        return
    suffix = SUFFIXES[data[0] % len(SUFFIXES)]
    p = scratch_file("in" + suffix, data[1:])
    try:
        fmt = importers.sniff(p)
        if fmt in importers.TABULAR:
            return
        quads = parse_rdf_file(p, fmt)
    except KgError:
        return
    assert isinstance(quads, list)


if __name__ == "__main__":
    atheris.Setup(sys.argv, TestOneInput)
    atheris.Fuzz()
