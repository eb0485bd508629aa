"""The roadmap as Python objects: views over the one reading of the store,
:func:`kg.roadmap.index.load_index` (built once per catalog stamp, cached outside the
workspace), so queries, the check's order rules, diagrams, report, deck, diff and the
scheduling model all see the same initiatives, dependencies and windows.

Dependencies: ``kg:qualifiedDependency`` nodes carry type (requires / enables / informs)
and strength (hard / soft). A plain ``kg:dependsOn`` with no qualified form counts as a
hard *requires* dependency (the spreadsheet's ``avhenger_av``).

The rules, where the two earlier readings (this module's own SPARQL passes and the
index) answered differently, and the answer both give now:

* **What counts as an initiative**: every subject typed ``kg:Initiative`` in any source,
  once (the index counted an initiative typed in two sources twice).
* **Order**: initiatives by IRI; dependencies by (dependent IRI, target IRI) (the index
  ordered a dependency on a non-initiative by when the scan met it); links as sets,
  each target once, in IRI order (the index kept duplicates and scan order); sources
  by name; regulations by IRI.
* **A property stated twice** (two sources disagree on a phase, status, period, an
  instant's earliest/latest date, precision or notation, a part-of, an entry into
  force): the smallest value counts, whatever order the store returns them in (the
  index took the last one it met, this module the smallest).
* **Windows**: precision from ``kg:precision`` (else a day when earliest = latest, else
  a window) and the notation as given ("2026-Q3"), so a window reads as it was
  written everywhere (the index knew only dates). A window with a latest but no
  earliest date keeps its earliest unknown (None); the scheduling model counts it from
  its latest date (the index's ordinals, as before).
* **Dependencies**: a qualified dependency wins over the simple edge between the same
  two nodes; each target of a qualified node counts (the index kept one); of several
  statements of one edge the strongest type and strength count (requires before enables
  before informs, hard before soft — so the scheduling model never misses a constraint),
  and the first source by name is named as its source (both took scan order).
* **Labels**: ``skos:prefLabel``, else ``rdfs:label`` (as :func:`kg.ids.labels_for`, which
  the queries use); in the language asked for, else the other, else untagged, else the
  id; of two labels in one language the smallest (this module ignored rdfs:label and
  untagged labels and kept the first it met).

Example::

    from kg.roadmap.model import initiatives, dependencies
    recs = initiatives(ws)          # {IRI: InitiativeRec}, in IRI order
    hard = [d for d in dependencies(ws) if d.hard]
"""
from __future__ import annotations

from kg.roadmap.index import load_index
from kg.roadmap.records import Dep, InitiativeRec, RegulationRec  # the records these views return


def initiatives(ws, only: set[str] | None = None) -> dict[str, InitiativeRec]:
    """Every kg:Initiative in the workspace (or those in ``only``), keyed by IRI in IRI
    order. The records are shared by every reader of this workspace state: read them,
    do not change them."""
    recs = load_index(ws).records()
    if only is None:
        return dict(recs)
    return {i: r for i, r in recs.items() if i in only}


def dependencies(ws) -> list[Dep]:
    """Every dependency edge, qualified where a qualified form exists, by (dependent,
    target) IRI."""
    ix = load_index(ws)
    return [ix.dep(k) for k in range(len(ix.dep_a))]


def regulations(ws) -> dict[str, RegulationRec]:
    """Every kg:Regulation with its entry-into-force window, keyed by IRI in IRI order."""
    return dict(load_index(ws).regulation_records())


def dependency_digraph(deps, hard_only: bool = False):
    """A networkx DiGraph with an edge prerequisite → dependent for each dependency
    (so a topological order starts with what must come first). Edge data: type,
    strength, source."""
    import networkx as nx
    g = nx.DiGraph()
    for d in deps:
        if hard_only and not d.hard:
            continue
        g.add_edge(d.target, d.dependent, type=d.type, strength=d.strength, source=d.source)
    return g
