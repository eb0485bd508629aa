"""kg for Python users: open a workspace and ask it what the command line asks.

    import kg
    ws = kg.open("kg-data")                       # or kg.init("kg-data")
    up = ws.query("deps", "ki-plattform", direction="up")
    [e["from"] for e in up.data["edges"]]         # what the AI platform depends on

Every method returns data (the result types of :mod:`kg.results`, :mod:`kg.query_results`,
:mod:`kg.check.results`, :mod:`kg.import_results`), each with ``as_dict()``; text in both
languages is a :class:`kg.i18n.Text`, chosen when rendered. The command line (``kg.cli``)
and the web server (``kg.web``) answer through the same library functions.
"""
from __future__ import annotations

import inspect
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kg.i18n import resolve_lang


def open(path: str | os.PathLike | None = None) -> "Workspace":  # noqa: A001 (kg.open reads as intended)
    """The workspace at ``path`` (default: ``KG_DATA`` or ./kg-data). Raises
    :class:`kg.errors.NotFound` with what to do if there is none."""
    from kg.store.workspace import Workspace as Store, default_path
    p = default_path(path)
    with Store.open(p):  # a clear error now, not at the first question
        pass
    return Workspace(p)


def init(path: str | os.PathLike | None = None, *, baseline: bool = True, force: bool = False,
         progress=None) -> "Workspace":
    """Create a workspace (ontology, reference data and, unless ``baseline=False``, the KS
    baseline roadmap) and open it. ``force`` replaces an existing one."""
    from kg.store.workspace import Workspace as Store, default_path
    p = default_path(path)
    kwargs = {"progress": progress} if progress is not None and "progress" in inspect.signature(Store.create).parameters else {}
    Store.create(p, baseline=baseline, force=force, **kwargs)
    return Workspace(p)


@dataclass
class Diagram:
    """A diagram of a workspace, drawn on request: ``.svg()``, ``.png()``, ``.pdf()``,
    ``.dot()``, ``.mermaid()``; each takes ``lang`` (nb or en)."""

    workspace: "Workspace"
    kind: str
    options: dict[str, Any] = field(default_factory=dict)

    def pages(self, fmt: str = "svg", lang: str | None = None) -> list[bytes]:
        """Every page of the picture (a board laid out for a page size may need several)."""
        from kg import facade
        with self.workspace._store() as ws:
            return facade.picture(ws, self.kind, resolve_lang(lang), fmt, **self.options)

    def _bytes(self, fmt: str, lang: str | None) -> bytes:
        return self.pages(fmt, lang)[0]

    def svg(self, lang: str | None = None) -> str:
        return self._bytes("svg", lang).decode("utf-8")

    def png(self, lang: str | None = None) -> bytes:
        return self._bytes("png", lang)

    def pdf(self, lang: str | None = None) -> bytes:
        return self._bytes("pdf", lang)

    def dot(self, lang: str | None = None) -> str:
        return self._bytes("dot", lang).decode("utf-8")

    def mermaid(self, lang: str | None = None) -> str:
        return self._bytes("mermaid", lang).decode("utf-8")


class Workspace:
    """A kg workspace for Python code: the same questions, checks, imports, diagrams,
    diffs and snapshots as the command line, as data."""

    def __init__(self, path: str | os.PathLike):
        self.path = Path(path)

    def __repr__(self) -> str:
        return f"kg.open({str(self.path)!r})"

    def _store(self, write: bool = False):
        from kg.store.workspace import Workspace as Store
        return Store.open(self.path, write=write)

    # ------------------------------------------------------------------ questions
    def query(self, name: str, /, *args, **params):
        """Ask question ``name`` (``kg.queries.REGISTRY``: deps, path, impact, timeline,
        vendors, …). Positional arguments fill the question's parameters in order
        (``ws.query("deps", "ki-plattform", direction="up")``); the rest by name, as the
        command's options are named."""
        from kg.facade import ask
        with self._store() as ws:
            return ask(ws, name, *args, **params)

    def sparql(self, text: str):
        """A read-only SPARQL query, behind the same guard as ``kg query sparql``."""
        return self.query("sparql", text)

    def check(self, *, profile: str | None = None, codes=(), shapes=(), engine: str = "fast",
              severity: str | None = None, focus: str | None = None, progress=None):
        """``kg check``: the gaps, as a :class:`kg.check.results.CheckReport`.

        ``profile`` a shipped profile (``leverandorkrav``) instead of the shipped shapes;
        ``shapes`` more shape files; ``codes`` only these check codes (an unknown code is a
        :class:`kg.errors.UsageError` naming the closest); ``severity`` and ``focus`` (an id,
        IRI or label) narrow the report; ``progress(stage, done, total)`` hears the stages."""
        import difflib

        from kg.check.shape_files import profile_files
        from kg.errors import UsageError
        from kg.ids import resolve
        shape_files = tuple(profile_files(profile)) + tuple(shapes) if profile else tuple(shapes)
        # the default whole check starts from the kept result, re-checked where a change
        # reaches, without reading the shapes (kg.check.incremental); else the engine runs
        default = not shape_files and not codes and engine == "fast"
        if not default:
            from kg.check import engine as checking
            known = set() if profile else set(checking.shipped_codes())
            if shape_files:
                g = checking.load_shapes_graph(shape_files, shipped=False)
                known |= {checking.shape_info(g, n).code for n in checking.shape_nodes(g)}
            for c in codes:
                if c not in known:
                    close = difflib.get_close_matches(c, sorted(known), n=5, cutoff=0.4)
                    raise UsageError(
                        f"Unknown check code '{c}'." + (f" Closest: {', '.join(close)}." if close else ""),
                        f"Ukjent sjekkode «{c}»." + (f" Nærmeste: {', '.join(close)}." if close else ""),
                        hint_en="The codes are listed in ontology/shapes/README.md.",
                        hint_nb="Kodene står i ontology/shapes/README.md.")
        with self._store() as ws:
            focus_iri = resolve(ws, focus) if focus else None
            report = None
            if default:
                from kg.check import incremental
                report = incremental.check_kept(ws, progress=progress)
            if report is None:
                from kg.check import engine as checking
                report = checking.check(ws, shapes=shape_files, engine=engine, codes=codes, progress=progress,
                                        shipped=not profile)
        if severity or codes or focus_iri:
            report = report.filtered(severity=severity, codes=list(codes) or None, focus=focus_iri)
        return report

    # ------------------------------------------------------------------ writes
    def import_file(self, path: str | os.PathLike, *more: str | os.PathLike, network: str | None = None,
                    source: str | None = None, dry_run: bool = False, strict: bool = False,
                    strict_names: bool = False, new_network: bool = False, mapping=None,
                    format: str | None = None, progress=None):  # noqa: A002 (the CLI's --as)
        """``kg import``: one or more files; returns the :class:`kg.import_results.ImportRun`
        with the row-by-row report. ``dry_run`` checks without writing; ``mapping`` a
        mapping file for foreign headers; ``format`` one of ``kg.importers.REGISTRY`` when
        the suffix does not say; ``progress(stage, done, total, name)`` hears the stages.

        The files are read and checked under the shared lock, so readers keep working; the
        exclusive lock is held only for the final write (docs/security.md)."""
        from kg import importers
        from kg.store.workspace import Workspace as Store
        files = [str(path), *map(str, more)]
        mp = importers.get("mapping").load(mapping) if isinstance(mapping, (str, os.PathLike)) else mapping

        def work(ws):
            return importers.import_files(ws, files, source=source, network=network, mapping=mp, dry_run=dry_run,
                                          strict=strict, fmt=format, strict_names=strict_names,
                                          new_network=new_network, progress=progress)
        from kg.gcpause import paused_gc
        with paused_gc():   # a large sheet: many objects, no cycles (see paused_gc)
            if dry_run:
                with self._store() as ws:
                    return work(ws)
            return Store.staged_write(self.path, work)

    def snapshot(self, name: str, message: str = "", *, force: bool = False):
        """``kg snapshot NAME``: freeze the workspace (a checkpoint of its store, taken
        under the write lock: readers wait milliseconds); returns the snapshot's info."""
        from kg.store import snapshots
        name = snapshots.check_name(name)
        from kg.diff.indexed import forget, keep_at_snapshot
        from kg.errors import NotFound
        with self._store(write=True) as ws:
            snapshots.recover(snapshots.snapshot_dir(ws.path))   # a replacement cut short: the snapshot whole first
            try:
                replaced = snapshots.get(ws.path, name) if force else None
            except NotFound:
                replaced = None
            info = snapshots.create(ws, name, message, force=force)
            if replaced is not None and replaced.ident != info.ident:
                forget(replaced)   # the roadmap kept for the version that --force replaced
            keep_at_snapshot(ws, info)  # the roadmap of this version, when the workspace keeps it already
            return info

    def remove_snapshot(self, name: str):
        """``kg snapshot --remove NAME``: delete snapshot ``name`` and the roadmap and check
        kept for it (:mod:`kg.diff.indexed`), under the write lock (no diff is reading it
        meanwhile); returns the removed snapshot's info."""
        from kg.diff.indexed import forget
        from kg.store import snapshots
        with self._store(write=True) as ws:
            info = snapshots.remove(ws.path, name)
            forget(info)
            return info

    def export_snapshot(self, name: str, path: str | os.PathLike) -> Path:
        """``kg snapshot NAME --export FILE``: snapshot ``name`` as one TriG file (every
        source its own named graph), to share or keep outside kg; returns the path."""
        from kg.store import snapshots
        info = snapshots.get(self.path, snapshots.check_name(name))
        snapshots.export_trig(self.path, info, path)
        return Path(path)

    # ------------------------------------------------------------------ comparing and drawing
    def diff(self, old: str, new: str = "@", *, gaps: bool = True, statements: bool = False,
             lang: str | None = None):
        """``kg diff OLD NEW`` (``@`` is the workspace, else a snapshot name, a workspace
        folder or an RDF file): a :class:`kg.diff.compare.RoadmapDiff`; ``statements`` adds
        the RDF-level remainder (``--all``)."""
        from kg import facade
        return facade.diff_versions(old, new, data=self.path, lang=resolve_lang(lang), check=gaps,
                                    statements=statements)

    def diagram(self, kind: str, *, network: str | None = None, title: str | None = None,
                size: str | None = None, **options) -> Diagram:
        """``kg diagram KIND`` (``kg.exports.diagrams.REGISTRY``: dependencies, timeline, board,
        target-picture, map, vendors) as a
        :class:`Diagram`; ``network`` draws that network's initiatives only."""
        from kg.facade import check_kind
        check_kind(kind)
        opts = {k: v for k, v in {"network": network, "title": title, "size": size, **options}.items()
                if v is not None}
        return Diagram(self, kind, opts)
