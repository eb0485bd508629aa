"""``python -m bench.loadws BENCH.ttl WORKSPACE``: build a workspace (ontology, reference
data, KS baseline and the generated file as source ``bench``) and print its summary as
JSON. Run as its own process so the bench measures its time and peak memory alone."""
from __future__ import annotations

import json
import sys
from pathlib import Path


def main(argv=None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if len(argv) != 2:
        print("usage: python -m bench.loadws BENCH.ttl WORKSPACE", file=sys.stderr)
        return 2
    from kg.progress import LateStatus
    from kg.store.workspace import Workspace
    status = LateStatus()   # as `kg init` shows it: on a terminal, or with KG_PROGRESS=1
    try:
        summary = Workspace.create(argv[1], force=True, extra=[("bench", Path(argv[0]), {
            "kind": "import", "title": {"nb": "Generert benkmerkingsdata", "en": "Generated benchmark data"}})],
            progress=lambda i, n, name: status.say(
                "Building the label index …" if name is None else f"Loading source {i + 1} of {n}: {name} …"))
    finally:
        status.done()
    print(json.dumps(summary))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
