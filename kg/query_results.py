"""Result types of the dependency and timeline questions (`kg query deps|path|order|
critical-path|impact|timeline|coverage|obligations|run`).

Each is a :class:`kg.results.Table` (so every table formatter renders it: text, CSV,
Markdown) that also carries the structured answer in ``data``; ``as_dict(lang)`` gives
both in one language, and is what ``--format json`` prints; ``as_dict()`` gives them with
every text in both languages. Rows hold data (ids, :class:`kg.i18n.Text` labels, plain
values); display decoration (a tree's arrows and indentation) is added by
``display_rows(lang)`` when the result is shown. Data only; nothing here prints.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from kg.i18n import render
from kg.results import Table, plain


@dataclass
class QueryResult(Table):
    """A table plus the structured answer (JSON-able values and Text)."""

    kind: str = ""
    data: dict[str, Any] = field(default_factory=dict)
    # Where the reading order depends on the language (siblings, lanes or items by name),
    # ``rows`` and ``data`` are in the order of the Norwegian names, and ``layouts[lang]``
    # holds the rows (``"rows"``) and the parts of data (``"data"``) in another language's
    # order: the same items, sorted as a reader of that language expects.
    layouts: dict[str, dict[str, Any]] = field(default_factory=dict, repr=False)

    def display_rows(self, lang: str) -> list[dict[str, Any]]:
        rows = self.layouts.get(lang, {}).get("rows", self.rows)
        return [render(r, lang) for r in rows]

    def display_data(self, lang: str) -> dict[str, Any]:
        """``data`` as shown in ``lang``."""
        return render({**self.data, **self.layouts.get(lang, {}).get("data", {})}, lang)

    def keep_rows(self, keep) -> None:
        """Keep only the rows for which ``keep(row)`` holds, in every layout."""
        self.rows = [r for r in self.rows if keep(r)]
        for lay in self.layouts.values():
            if "rows" in lay:
                lay["rows"] = [r for r in lay["rows"] if keep(r)]

    def as_dict(self, lang: str | None = None) -> dict:
        if lang is None:
            return {"query": self.kind, **plain(self.data),
                    "columns": [c.key for c in self.columns], "rows": plain(self.rows)}
        return {"query": self.kind, **self.display_data(lang),
                "columns": [c.key for c in self.columns], "rows": self.display_rows(lang)}


@dataclass
class DependencyTree(QueryResult):
    """`kg query deps`: the edges around a node, level by level, each with type,
    strength and source. data: root, direction, edges. A row's ``node`` is the label;
    shown, it gets the direction's arrow, two spaces of indentation per level, and
    " (↺)" when the node is already shown higher up (``repeat``)."""

    def display_rows(self, lang: str) -> list[dict[str, Any]]:
        out = []
        for r in super().display_rows(lang):
            arrow = "↑" if r["direction"] == "up" else "↓"
            repeat = r.pop("repeat", False)
            r["node"] = "  " * (r["level"] - 1) + f"{arrow} {r['node']}" + (" (↺)" if repeat else "")
            out.append(r)
        return out


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
    data: chains (each a list of steps). Shown, a row's label is indented two spaces per
    step, so each chain reads as a staircase."""

    def display_rows(self, lang: str) -> list[dict[str, Any]]:
        return [{**r, "label": "  " * (r["step"] - 1) + r["label"]} for r in super().display_rows(lang)]


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
