"""Fuzz `kg query sparql`'s read-only guard on a real (small) workspace: whatever the
text, it may be refused (KgError) or answered, but the workspace never changes."""
import sys

import atheris

with atheris.instrument_imports():
    from _common import SCRATCH
    from kg.errors import KgError
    from kg.queries import sparql
    from kg.store.workspace import Workspace

WS = SCRATCH / "ws"
Workspace.create(WS, baseline=False)
ws = Workspace.open(WS)
BEFORE = len(ws.store)
SEEDS = ["SELECT * WHERE { ?s ?p ?o } LIMIT 1", "INSERT DATA { <http://x/a> <http://x/b> 1 }",
         "ASK { ?s a kg:Initiative }", "DROP ALL", "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o } LIMIT 2",
         "SELECT * WHERE { ?s ?p \"INSERT DATA\" } ; DROP ALL", "# INSERT DATA\nDELETE WHERE { ?s ?p ?o }"]


def TestOneInput(data: bytes) -> None:
    fdp = atheris.FuzzedDataProvider(data)
    pick = fdp.ConsumeIntInRange(0, len(SEEDS))
    text = fdp.ConsumeUnicodeNoSurrogates(200)
    if pick < len(SEEDS):
        cut = fdp.ConsumeIntInRange(0, len(SEEDS[pick]))
        text = SEEDS[pick][:cut] + text + SEEDS[pick][cut:]
    try:
        sparql.run(ws, text=text)
    except KgError:
        pass
    assert len(ws.store) == BEFORE, text


if __name__ == "__main__":
    atheris.Setup(sys.argv, TestOneInput)
    atheris.Fuzz()
