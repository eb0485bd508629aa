"""Fuzz the SPARQL guard on parsed queries (kg.sparql.guard.check_query): every query it
lets through is then run by Oxigraph on a tiny store, and a local HTTP server that the
SERVICE clauses in the seeds point at must never get a request."""
import http.server
import sys
import threading

import atheris

with atheris.instrument_imports():
    import pyoxigraph as ox
    from kg.errors import KgError
    from kg.sparql.guard import check_query

HITS = []


class H(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        HITS.append(self.path)
        self.send_response(500)
        self.end_headers()

    do_POST = do_GET

    def log_message(self, *a):
        pass


SRV = http.server.ThreadingHTTPServer(("127.0.0.1", 0), H)
threading.Thread(target=SRV.serve_forever, daemon=True).start()
URL = f"http://127.0.0.1:{SRV.server_address[1]}/q"
STORE = ox.Store()
STORE.add(ox.Quad(ox.NamedNode("http://ex/a"), ox.NamedNode("http://ex/b"), ox.Literal("c")))
SEEDS = ["SELECT * WHERE { ?s ?p ?o }", f"SELECT * WHERE {{ SERVICE <{URL}> {{ ?s ?p ?o }} }}",
         f"SELECT * WHERE {{ FILTER(1<2)SERVICE<{URL}>{{ ?s ?p ?o }} }}",
         f"SELECT * WHERE {{ BIND(<{URL}> AS ?u) SERVICE ?u {{ ?s ?p ?o }} }}",
         f"ASK {{ FILTER EXISTS {{ SERVICE SILENT <{URL}> {{ ?s ?p ?o }} }} }}",
         f"LOAD <{URL}>", "SELECT * WHERE { ?s ?p ?o } ; DROP ALL", f"PREFIX x: <{URL}> SELECT * {{ SERVICE x: {{}} }}"]


def TestOneInput(data: bytes) -> None:
    fdp = atheris.FuzzedDataProvider(data)
    pick = fdp.ConsumeIntInRange(0, len(SEEDS) - 1)
    seed = SEEDS[pick]
    cut = fdp.ConsumeIntInRange(0, len(seed))
    text = seed[:cut] + fdp.ConsumeUnicodeNoSurrogates(40) + seed[cut + fdp.ConsumeIntInRange(0, 8):]
    try:
        check_query(text)
    except KgError:
        return
    try:
        res = STORE.query(text)
        if hasattr(res, "__iter__"):
            for _ in zip(range(10), res):
                pass
    except (SyntaxError, OSError, ValueError, RuntimeError):
        pass
    assert HITS == [], (text, HITS)
    assert len(STORE) == 1, text


if __name__ == "__main__":
    atheris.Setup(sys.argv, TestOneInput)
    atheris.Fuzz()
