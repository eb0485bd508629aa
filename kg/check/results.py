"""Result types of `kg check`: one :class:`CheckResult` per gap, gathered in a :class:`CheckReport`.

Data only; the formatters (text, JSON, Markdown, HTML, SHACL Turtle) are in
``kg.exports.check_report``. The JSON form is the contract in SPEC.md, "Check results"::

    {"conforms": bool, "counts": {"violation": n, "warning": n, "info": n},
     "results": [{"code", "severity", "focus", "id", "label", "path", "value",
                  "message", "shape", "source", "row"}]}

``conforms`` is true when there is no result of severity *violation* (the same rule as the
exit code: 0 without violations, 1 with); warnings and infos are gaps worth knowing about,
not failures.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

SEVERITIES = ("violation", "warning", "info")
SEVERITY_RANK = {s: i for i, s in enumerate(SEVERITIES)}
SEVERITY_LABELS = {"violation": ("brudd", "violation"), "warning": ("advarsel", "warning"),
                   "info": ("info", "info")}


def severity_label(sev: str, lang: str) -> str:
    nb, en = SEVERITY_LABELS.get(sev, (sev, sev))
    return nb if lang == "nb" else en


def _pick(d: dict[str, str], lang: str) -> str:
    for k in (lang, "en" if lang == "nb" else "nb", ""):
        if d.get(k):
            return d[k]
    return next(iter(d.values()), "") if d else ""


@dataclass
class ShapeInfo:
    """What the report needs to know about one shape: its code, severity and titles."""

    iri: str
    code: str
    severity: str
    titles: dict[str, str] = field(default_factory=dict)
    messages: dict[str, str] = field(default_factory=dict)
    file: str = ""

    def title(self, lang: str) -> str:
        return _pick(self.titles, lang) or self.code


@dataclass
class CheckResult:
    """One gap. ``path`` is ``None``, an IRI, or ``^IRI`` for an inverse path; ``path_text``
    and ``value_text`` are the short forms shown to people (``kg:owner``, ``ki-loven``)."""

    code: str
    severity: str
    focus: str
    id: str
    path: str | None = None
    value: str | None = None
    shape: str = ""
    labels: dict[str, str] = field(default_factory=dict)
    messages: dict[str, str] = field(default_factory=dict)
    path_text: str | None = None
    value_text: str | None = None
    value_labels: dict[str, str] = field(default_factory=dict)
    value_iri: bool = False
    source: str | None = None  # the imported file the fact came from (null for shipped data)
    graph: str | None = None   # the source (named graph) it came from, always
    row: int | None = None

    def label(self, lang: str) -> str:
        return _pick(self.labels, lang) or self.id

    def message(self, lang: str) -> str:
        return _pick(self.messages, lang)

    def value_label(self, lang: str) -> str | None:
        if self.value_text is None:
            return None
        lab = _pick(self.value_labels, lang)
        return f"{lab} ({self.value_text})" if lab and lab != self.value_text else self.value_text

    def key(self) -> tuple:
        """What the differential test compares between engines."""
        return (self.focus, self.path, self.code, self.severity)

    def sort_key(self) -> tuple:
        return (SEVERITY_RANK.get(self.severity, 9), self.code, self.id, self.path or "", self.value or "",
                self.focus or "", self.shape or "")   # the last two: one order whichever engine found them

    def as_dict(self, lang: str) -> dict[str, Any]:
        return {"code": self.code, "severity": self.severity, "focus": self.focus, "id": self.id,
                "label": self.label(lang), "path": self.path_text, "value": self.value_text,
                "message": self.message(lang), "shape": self.shape, "source": self.source, "row": self.row,
                "graph": self.graph}


@dataclass
class CheckReport:
    """All results of one check run, sorted by severity, code and node."""

    results: list[CheckResult] = field(default_factory=list)
    shapes: dict[str, ShapeInfo] = field(default_factory=dict)   # code -> info (first shape of the code)
    engine: str = "fast"
    seconds: float = 0.0
    fallback_shapes: list[str] = field(default_factory=list)     # shapes the fast engine left to pyshacl

    def counts(self) -> dict[str, int]:
        c = {s: 0 for s in SEVERITIES}
        for r in self.results:
            c[r.severity] = c.get(r.severity, 0) + 1
        return c

    @property
    def conforms(self) -> bool:
        return not any(r.severity == "violation" for r in self.results)

    def filtered(self, *, severity: str | None = None, codes: list[str] | None = None,
                 focus: str | None = None) -> "CheckReport":
        """Results at or above ``severity``, of ``codes``, about ``focus`` (all optional)."""
        rank = SEVERITY_RANK.get(severity, 9) if severity else 9
        keep = [r for r in self.results
                if SEVERITY_RANK.get(r.severity, 9) <= rank
                and (not codes or r.code in codes)
                and (not focus or r.focus == focus)]
        return CheckReport(keep, self.shapes, self.engine, self.seconds, self.fallback_shapes)

    def as_dict(self, lang: str) -> dict[str, Any]:
        return {"conforms": self.conforms, "counts": self.counts(),
                "results": [r.as_dict(lang) for r in self.results]}

    def keys(self) -> set[tuple]:
        return {r.key() for r in self.results}
