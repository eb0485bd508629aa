"""Result types: what queries return and exports render. Data only; nothing here prints."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class Column:
    key: str
    nb: str
    en: str

    def header(self, lang: str) -> str:
        return self.nb if lang == "nb" else self.en


@dataclass
class Table:
    """Rows of plain values (str, int, float, bool, None, or lists of those).

    ``title`` and column headers carry both languages; ``notes`` are lines shown after
    the table in text output (already in the chosen language).
    """

    columns: list[Column]
    rows: list[dict[str, Any]] = field(default_factory=list)
    title_nb: str = ""
    title_en: str = ""
    notes: list[str] = field(default_factory=list)
    meta: dict[str, Any] = field(default_factory=dict)

    def title(self, lang: str) -> str:
        return self.title_nb if lang == "nb" else self.title_en

    def as_dict(self) -> dict:
        return {"columns": [c.key for c in self.columns], "rows": self.rows, **self.meta}


def col(key: str, nb: str, en: str | None = None) -> Column:
    return Column(key, nb, en or nb)


@dataclass
class NodeFact:
    """One fact about a node, with the source graph it came from."""

    predicate: str
    predicate_label: str
    value: str
    value_label: str
    is_iri: bool
    lang: str
    datatype: str
    source: str
    direction: str = "out"  # "out": node → value; "in": value → node


@dataclass
class NodeView:
    """A node with all its facts, as `kg query show` prints it."""

    iri: str
    id: str
    label: str
    types: list[str]
    facts: list[NodeFact]
    # for an initiative: its fact sheet (dates, phase, status, owner, participants,
    # dependencies, gaps), see kg.queries.show
    sheet: dict | None = None

    def as_dict(self) -> dict:
        d = {"iri": self.iri, "id": self.id, "label": self.label, "types": self.types,
             "facts": [f.__dict__ for f in self.facts]}
        if self.sheet is not None:
            d["sheet"] = self.sheet
        return d
