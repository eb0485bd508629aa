"""What `kg serve` builds behind its first answer: the label index (parsed, with its
search haystack and its distinct spellings for close matches), the roadmap index with the links the pages read, and the whole check
(kg.check.cache). Each is what a page would otherwise build on its first request; here
it is built once, in a background thread that starts when the first answer has gone out
(or after a couple of seconds without a request), so the server answers at once and the
pages are quick from then on. A failure here is no error: the page that needs the thing
builds it (and reports any problem) itself.

Once warm, everything built so far is moved out of the garbage collector's way
(``gc.freeze``): the indexes are long-lived, and a full collection walking them would
otherwise pause a request now and then.
"""
from __future__ import annotations

import gc
import logging
import threading

log = logging.getLogger("kg.serve")
FIRST_ANSWER_WAIT = 2.0  # seconds the warm-up waits for the first answer before it starts anyway
first_answer = threading.Event()


def warm(data) -> None:
    from kg.check.cache import cached_check
    from kg.ids import label_search, labels_for, spellings
    from kg.roadmap.index import load_index
    from kg.store.workspace import Workspace
    with Workspace.open(data, reuse=True) as ws:
        label_search(ws, "a")  # reads the label index and builds the search haystack
        ix = load_index(ws)
        for name in ("owners", "participants", "challenges"):
            ix.link_map(name)
        ix.up()
        labels_for(ws, ix.iris[:301], "nb")  # the label table (many names at once)
        spellings(ws)  # the distinct spellings a typo is compared with
    with Workspace.open(data, reuse=True) as ws:
        cached_check(ws)
    gc.collect()
    gc.freeze()


def start(data) -> threading.Thread:
    def run():
        first_answer.wait(FIRST_ANSWER_WAIT)
        try:
            warm(data)
        except Exception as e:  # noqa: BLE001  (the pages build what they need themselves)
            log.warning("kg serve: warming up failed (%s); pages build what they need on request", e)
    t = threading.Thread(target=run, name="kg-serve-warm", daemon=True)
    t.start()
    return t
