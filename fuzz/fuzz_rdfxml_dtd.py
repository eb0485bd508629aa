"""Fuzz RDF/XML with a DTD (entity declarations, references, nesting) through the
importer's parser (kg.store.workspace.parse_rdf_file: expat's entity check, then Oxigraph).
The result is a clear refusal (KgError) or triples within the limits: no literal longer
than KG_MAX_LITERAL, no more than KG_MAX_TRIPLES triples."""
import os
import sys

import atheris

with atheris.instrument_imports():
    from _common import env_limits, scratch_file
    from kg.errors import KgError
    from kg.store.workspace import parse_rdf_file

env_limits()
os.environ.setdefault("KG_MAX_LITERAL", "20000")
os.environ.setdefault("KG_MAX_TRIPLES", "5000")
os.environ.setdefault("KG_MAX_DEPTH", "200")
MAX_LIT, MAX_TRIPLES = int(os.environ["KG_MAX_LITERAL"]), int(os.environ["KG_MAX_TRIPLES"])
HEAD = '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:ex="http://ex/">'


def TestOneInput(data: bytes) -> None:
    fdp = atheris.FuzzedDataProvider(data)
    decls = []
    for i in range(fdp.ConsumeIntInRange(0, 6)):
        kind = fdp.ConsumeIntInRange(0, 4)
        ref = f"&e{fdp.ConsumeIntInRange(0, 5)};" * fdp.ConsumeIntInRange(0, 12)
        decls.append([f'<!ENTITY e{i} "{fdp.ConsumeUnicodeNoSurrogates(20)}{ref}">',
                      f'<!ENTITY e{i} "{"x" * fdp.ConsumeIntInRange(0, 5000)}">',
                      f'<!ENTITY % p{i} "{ref}"> %p{i};',
                      f'<!ENTITY e{i} SYSTEM "file:///etc/passwd">',
                      f'<!ENTITY e{i} "{fdp.ConsumeUnicodeNoSurrogates(30)}">'][kind])
    body = "".join(f"&e{fdp.ConsumeIntInRange(0, 6)};" for _ in range(fdp.ConsumeIntInRange(0, 50)))
    depth = fdp.ConsumeIntInRange(0, 400)
    text = (f'<?xml version="1.0"?>\n<!DOCTYPE rdf:RDF [{"".join(decls)}]>\n{HEAD}'
            f'<rdf:Description rdf:about="http://ex/a">' + "<ex:p><rdf:Description>" * depth
            + f"<ex:b>{body}{fdp.ConsumeUnicodeNoSurrogates(100)}</ex:b>" + "</rdf:Description></ex:p>" * depth
            + "</rdf:Description></rdf:RDF>")
    f = scratch_file("dtd.rdf", text.encode("utf-8", "surrogatepass"))
    try:
        quads = parse_rdf_file(f, "rdf")
    except KgError:
        return
    assert len(quads) <= MAX_TRIPLES
    for q in quads:
        assert not (type(q.object).__name__ == "Literal" and len(q.object.value) > MAX_LIT), len(q.object.value)


if __name__ == "__main__":
    atheris.Setup(sys.argv, TestOneInput)
    atheris.Fuzz()
