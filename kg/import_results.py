"""What an import produces: the quads for one named graph and a row-by-row report.

Importers return an :class:`ImportResult`; the CLI writes the quads with
``Workspace.replace_source`` and hands the :class:`ImportReport` to a formatter
(``kg.exports.import_report``). Nothing here prints.

Exit codes of ``kg import`` (see :func:`exit_code`): 0 every row imported; 1 some rows
were rejected (the good ones were imported, or nothing with ``--strict``); 2 a file could
not be used at all (nothing written).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class Issue:
    """One problem with one cell (or row, or file): where, the value, and why, in nb and en."""

    file: str
    row: int | None
    column: str | None
    value: str | None
    reason_en: str
    reason_nb: str
    code: str = ""
    suggestions: list[str] = field(default_factory=list)

    def reason(self, lang: str) -> str:
        return self.reason_nb if lang == "nb" else self.reason_en

    def where(self) -> str:
        return ":".join(str(x) for x in (self.file, self.row, self.column) if x not in (None, ""))

    def as_dict(self, lang: str = "nb") -> dict:
        return {"file": self.file, "row": self.row, "column": self.column, "value": self.value,
                "code": self.code, "reason": self.reason(lang), "reason_nb": self.reason_nb,
                "reason_en": self.reason_en, "suggestions": list(self.suggestions)}


@dataclass
class RowReport:
    """One data row: accepted (maybe with warnings) or rejected with its errors."""

    row: int
    local_id: str = ""
    node: str = ""
    errors: list[Issue] = field(default_factory=list)
    warnings: list[Issue] = field(default_factory=list)

    @property
    def accepted(self) -> bool:
        return not self.errors


@dataclass
class ImportReport:
    """The report for one input file."""

    file: str
    source: str = ""
    format: str = ""
    sheet: str = ""
    rows: list[RowReport] = field(default_factory=list)
    warnings: list[Issue] = field(default_factory=list)   # about the file, not a row
    fatal: Issue | None = None                            # the file could not be used at all
    triples: int = 0
    status: str = "pending"   # imported | unchanged | dry-run | not-written | failed
    sha256: str = ""
    network: str = ""
    headers: list[str] = field(default_factory=list)

    @property
    def accepted(self) -> list[RowReport]:
        return [r for r in self.rows if r.accepted]

    @property
    def rejected(self) -> list[RowReport]:
        return [r for r in self.rows if not r.accepted]

    @property
    def errors(self) -> list[Issue]:
        return [e for r in self.rows for e in r.errors]

    @property
    def all_warnings(self) -> list[Issue]:
        return list(self.warnings) + [w for r in self.rows for w in r.warnings]

    def as_dict(self, lang: str = "nb") -> dict[str, Any]:
        return {
            "file": self.file, "source": self.source, "format": self.format, "sheet": self.sheet,
            "status": self.status, "sha256": self.sha256, "network": self.network or None,
            "rows": len(self.rows), "accepted": len(self.accepted), "rejected": len(self.rejected),
            "triples": self.triples,
            "fatal": self.fatal.as_dict(lang) if self.fatal else None,
            "accepted_rows": [{"row": r.row, "id": r.local_id, "node": r.node} for r in self.accepted],
            "errors": [e.as_dict(lang) for e in self.errors],
            "warnings": [w.as_dict(lang) for w in self.all_warnings],
        }


@dataclass
class ImportResult:
    """What an importer returns: quads (pyoxigraph Triples/Quads) for one source, the
    report, and the provenance meta for ``Workspace.replace_source``."""

    quads: list
    report: ImportReport
    meta: dict = field(default_factory=dict)


@dataclass
class ImportRun:
    """Every file of one ``kg import`` call."""

    reports: list[ImportReport] = field(default_factory=list)
    dry_run: bool = False
    strict: bool = False

    def as_dict(self, lang: str = "nb") -> dict:
        return {"dry_run": self.dry_run, "strict": self.strict, "exit_code": exit_code(self),
                "files": [r.as_dict(lang) for r in self.reports]}


def exit_code(run: ImportRun) -> int:
    """2 if any file was unusable; 1 if any row was rejected; 0 otherwise."""
    if any(r.fatal for r in run.reports):
        return 2
    if any(r.rejected for r in run.reports):
        return 1
    return 0


@dataclass
class ImportContext:
    """What an importer needs besides the file.

    ``ws`` is an open workspace (read access is enough: importers only resolve names);
    ``source`` the name of the named graph; ``namespace`` the slug that prefixes the ids
    of imported rows (the network's slug with ``--network``, else the source name);
    ``network`` the network's IRI or None; ``mapping`` a :class:`kg.importers.tabular.contract.Mapping` for
    foreign tables; ``created`` the ISO time recorded as the import's dct:created.
    """

    ws: Any
    source: str
    namespace: str = ""
    network: str | None = None
    network_new: dict | None = None      # {"iri", "label"} when --network names a new network
    mapping: Any = None
    created: str = ""
    resolver: Any = None   # a kg.importers.tabular.names.Resolver, made on first use
    strict_names: bool = False   # a name close to nothing known is a row error, not a new node
    progress: Any = None   # progress(stage, done, total, name): "read" | "rows" | "write"

    def tell(self, stage: str, done: int = 0, total: int | None = None, name: str = "") -> None:
        if self.progress is not None:
            self.progress(stage, done, total, name)



def file_sha256(path) -> str:
    """The SHA-256 of a file's bytes, recorded as the import's kg:sha256."""
    import hashlib
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()
