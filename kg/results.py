"""Result types: what queries return and exports render. Data only; nothing here prints.

Text in both languages is a :class:`kg.i18n.Text`, chosen when the result is rendered:
``as_dict(lang)`` gives one language (what ``--format json`` prints), ``as_dict()`` both
(each Text as ``{"nb", "en"}``); the table formatters (:mod:`kg.exports.table`) and the
web pages render ``display_rows(lang)`` and ``display_notes(lang)`` (every Text resolved
by :func:`kg.i18n.render`, every :class:`kg.i18n.Names` sorted in that language).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from kg.i18n import Text, render


def texts(make) -> Text:
    """A :class:`Text` from ``make(lang)``, called for nb and for en."""
    return Text(make("nb"), make("en"))


def plain(value):
    """``value`` as JSON-able data in both languages: every Text as ``{"nb", "en"}``."""
    if isinstance(value, Text):
        return value.as_dict()
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    return value


@dataclass
class Column:
    key: str
    nb: str
    en: str

    def header(self, lang: str) -> str:
        return self.nb if lang == "nb" else self.en


@dataclass
class Table:
    """Rows of plain values (str, int, float, bool, None, :class:`Text`, or lists of those).

    ``title`` and column headers carry both languages; ``notes`` are lines shown after
    the table in text output (str or :class:`Text`). A result holds everything it found:
    caps on what is shown (``--limit``) are the formatter's.
    """

    columns: list[Column]
    rows: list[dict[str, Any]] = field(default_factory=list)
    title_nb: str = ""
    title_en: str = ""
    notes: list = field(default_factory=list)
    meta: dict[str, Any] = field(default_factory=dict)

    def title(self, lang: str) -> str:
        return self.title_nb if lang == "nb" else self.title_en

    def display_rows(self, lang: str) -> list[dict[str, Any]]:
        """The rows as shown in ``lang`` (a result type may add display decoration here)."""
        return [render(r, lang) for r in self.rows]

    def display_notes(self, lang: str, names: int | None = None) -> list[str]:
        """The notes in ``lang``; a :class:`NameList` note shows at most ``names`` names
        (the renderer's choice; ``None``: all)."""
        return [n.text(lang, names) if isinstance(n, NameList) else render(n, lang) for n in self.notes]

    def as_dict(self, lang: str | None = None) -> dict:
        """With ``lang``: what ``--format json`` prints in that language; without: the data
        in both languages (each Text as ``{"nb", "en"}``)."""
        if lang is None:
            return {"columns": [c.key for c in self.columns], "rows": plain(self.rows), **plain(self.meta)}
        return {"columns": [c.key for c in self.columns], "rows": self.display_rows(lang), **render(self.meta, lang)}


@dataclass
class NameList:
    """A note that names things: ``head`` (:class:`Text` or str), then every name (Text or
    str) joined by "; ". It holds all of them; a renderer that shows fewer says how many
    it left out ("… +N")."""

    head: Any
    names: list

    def text(self, lang: str, limit: int | None = None) -> str:
        names = [render(n, lang) for n in self.names]
        more = ""
        if limit is not None and len(names) > limit:
            names, more = names[:limit], f" … +{len(names) - limit}"
        return render(self.head, lang) + "; ".join(names) + more


def col(key: str, nb: str, en: str | None = None) -> Column:
    return Column(key, nb, en or nb)


@dataclass
class NodeFact:
    """One fact about a node, with the source graph it came from (labels: :class:`Text`,
    a literal's ``value_label`` its value)."""

    predicate: str
    predicate_label: Any
    value: str
    value_label: Any
    is_iri: bool
    lang: str
    datatype: str
    source: str
    direction: str = "out"  # "out": node → value; "in": value → node


@dataclass
class NodeView:
    """A node with all its facts, as `kg query show` prints it; ``label``, the facts'
    labels and the sheet's words are :class:`Text`."""

    iri: str
    id: str
    label: Any
    types: list[str]
    facts: list[NodeFact]
    # for an initiative: its fact sheet (dates, phase, status, owner, participants,
    # dependencies, gaps), see kg.queries.show
    sheet: dict | None = None

    def shown(self, lang: str) -> "NodeView":
        """The view in ``lang``: every Text resolved, and the facts in reading order (labels
        in ``lang`` first, then by property and value)."""
        from dataclasses import replace
        facts = sorted((replace(f, predicate_label=render(f.predicate_label, lang),
                                value_label=render(f.value_label, lang)) for f in self.facts),
                       key=lambda f: fact_order(f, lang))
        return NodeView(self.iri, self.id, render(self.label, lang), list(self.types), facts,
                        render(self.sheet, lang) if self.sheet is not None else None)

    def as_dict(self, lang: str | None = None) -> dict:
        view = self.shown(lang) if lang else self
        d = {"iri": view.iri, "id": view.id, "label": plain(view.label), "types": view.types,
             "facts": [plain(f.__dict__) for f in view.facts]}
        if view.sheet is not None:
            d["sheet"] = plain(view.sheet)
        return d


RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"


def fact_order(f: NodeFact, lang: str) -> tuple:
    """The reading order of a node's facts in ``lang``: its own facts before those where it
    is the value, its types first, then by property; values in ``lang`` first."""
    return (f.direction != "out", f.predicate != RDF_TYPE, render(f.predicate_label, lang).lower(),
            f.lang not in ("", lang), render(f.value_label, lang).lower())
