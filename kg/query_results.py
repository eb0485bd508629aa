"""Result types of the dependency and timeline questions (`kg query deps|path|order|
critical-path|impact|timeline|coverage|obligations|run`).

Each is a :class:`kg.results.Table` (so every table formatter renders it: text, CSV,
Markdown) that also carries the structured answer in ``data``; ``as_dict()`` gives both,
and is what ``--format json`` prints. Data only; nothing here prints.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from kg.results import Table


@dataclass
class QueryResult(Table):
    """A table plus the structured answer (plain JSON-able values)."""

    kind: str = ""
    data: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict:
        return {"query": self.kind, **self.data,
                "columns": [c.key for c in self.columns], "rows": self.rows}


@dataclass
class DependencyTree(QueryResult):
    """`kg query deps`: the edges around a node, level by level, each with type,
    strength and source. data: root, direction, edges."""


@dataclass
class PathList(QueryResult):
    """`kg query path`: every dependency path between two nodes, shortest first.
    data: from, to, direction, paths (lists of edges)."""


@dataclass
class Waves(QueryResult):
    """`kg query order`: initiatives in waves; cycles named node by node.
    data: waves (list of lists of ids), cycles, blocked."""


@dataclass
class CriticalPath(QueryResult):
    """`kg query critical-path`: the longest chains of hard dependencies with dates.
    data: chains (each a list of steps)."""


@dataclass
class ImpactReport(QueryResult):
    """`kg query impact`: what moves and by how much, and the conflicts it creates.
    data: origin, shift, moves, conflicts."""


@dataclass
class Timeline(QueryResult):
    """`kg query timeline`: per period (and lane), what starts, runs and ends, with
    regulation milestones. data: periods, milestones."""


@dataclass
class Coverage(QueryResult):
    """`kg query coverage`: what serves each item and what is left uncovered.
    data: items, uncovered, groups."""


@dataclass
class ObligationList(QueryResult):
    """`kg query obligations`: the obligations that apply to an initiative or service on
    a date and whether each is recorded as met. data: target, on, text, obligations."""


@dataclass
class VendorReport(QueryResult):
    """`kg query vendors`: per vendor its initiatives, AI systems, services, municipalities,
    data locations and exit plans; the sector's concentration (HHI) and single-vendor
    dependencies. data: :func:`kg.roadmap.lenses.vendor_landscape`."""


@dataclass
class SustainabilityReport(QueryResult):
    """`kg query sustainability`: per SDG goal and target the initiatives contributing,
    the municipalities they reach and the indicators measuring it, with Norway's SDR 2025
    standing as context. data: :func:`kg.roadmap.lenses.sustainability`."""
