"""One module per question, each a pure function ``run(ws, **params) -> result``.

The registry maps a stable name to its module; modules are imported lazily so a command
only pays for the query it runs. Saved SPARQL lives beside them as ``*.rq`` files.
"""
from __future__ import annotations

import importlib

REGISTRY: dict[str, str] = {
    "show": "kg.queries.show",
    "find": "kg.queries.find",
    "sparql": "kg.queries.sparql",
    "summary": "kg.queries.summary",
    "deps": "kg.queries.deps",
    "path": "kg.queries.path",
    "order": "kg.queries.order",
    "critical-path": "kg.queries.critical_path",
    "impact": "kg.queries.impact",
    "timeline": "kg.queries.timeline",
    "coverage": "kg.queries.coverage",
    "obligations": "kg.queries.obligations",
    "vendors": "kg.queries.vendors",
    "sustainability": "kg.queries.sustainability",
    "run": "kg.queries.run",
}


def get(name: str):
    """The module of query ``name`` (it has a ``run`` function)."""
    return importlib.import_module(REGISTRY[name])
