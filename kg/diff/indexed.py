"""`kg diff SNAPSHOT @` from what each version keeps and what changed, without reading
the triples of either whole.

At roadmap level (no ``--all``) a diff needs of each version only its initiatives and
regulations (:mod:`kg.roadmap.model`), the gaps of its `kg check`, which sources it
holds, and a few labels. The sources are compared by their content digests first (the
snapshot's sidecar and the workspace's catalog): equal everywhere, the versions are
equal and nothing is read. Otherwise:

* **what changed, from the steps** (the usual case after imports through kg): each
  changed source's removed and added statements come from the write steps kg keeps
  (:mod:`kg.store.delta`), or, for a small source or one that only one version holds,
  from comparing its lines (:func:`kg.diff.changed.changed_quads`; a large one too when
  nothing is kept and the check is not compared). Only the
  initiatives and regulations those statements can touch are read, in both versions:
  the subjects of the statements and the initiatives that own a touched period,
  instant or qualified dependency, in either version
  (:func:`kg.diff.changed.delta_views`), so a period node or date stated in another
  source than its initiative is still followed;
* **from the kept roadmap** otherwise: the workspace's roadmap index and the
  snapshot's *kept roadmap* — the index data with every part read and the check result
  of that version, in the cache folder (:mod:`kg.store.cache`) as
  ``snapshot-<key>.marshal`` (the key: the sidecar's ``key``, or the SHA-256 of an older
  snapshot's TriG file). `kg snapshot` writes it when the workspace's index and check are
  current (it never builds them); otherwise the first diff against the snapshot works
  it out from the snapshot (its store checkpoint, read where it lies, or an older
  snapshot's TriG file) and keeps it. A cleared cache only costs that first diff again.
  The kept check is tied to kg's version and the shipped shapes: other shapes check the
  old version again.

The gaps compare the old version's kept check with the workspace's (kept per catalog
stamp, :func:`kg.check.cache.cached_check`, brought up to date after a write where it
can be). Labels come from the workspace first, then from the old version. The result is
the same :class:`~kg.diff.compare.RoadmapDiff` as the whole comparison
(:func:`kg.diff.compare.diff` of both versions, each checked whole), which differential
tests over random edits hold both routes to; ``KG_DIFF_FULL=1`` makes `kg diff` take the
whole comparison.
"""
from __future__ import annotations

import hashlib
import marshal
import mmap
import os
from pathlib import Path

import pyoxigraph as ox

from kg import __version__
from kg.diff.changed import changed_quads, delta_views, snapshot_against_workspace
from kg.diff.compare import (
    DCT, SKOS_PREF, RoadmapDiff, Side, _Labels, _has_node, _source_title, _ws_created, add_gaps,
    compare_initiatives, compare_regulations, load_rdf, memory_workspace, open_snapshot, sort_changes,
    source_set_changes,
)
from kg.store import snapshots
from kg.store.cache import cache_dir, write_atomic
from kg.store.workspace import CATALOG, Workspace, source_iri

FORMAT = 3
# a changed source with no kept write step is compared line by line up to this many
# triples (both versions together); a larger one is read through the kept roadmap
LINES_AT_MOST = 200_000
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
# what the labels and source titles of the old version are read from
_NAME_PREDICATES = (SKOS_PREF, RDFS_LABEL, DCT + "title")


def full_wanted() -> bool:
    """``KG_DIFF_FULL=1``: always the whole comparison (a check on the fast paths)."""
    return os.environ.get("KG_DIFF_FULL", "").strip().lower() in ("1", "yes", "true", "on")


# ---------------------------------------------------------------------- the kept roadmap
def _check_key() -> str:
    """What a kept check depends on beyond the version's content: kg and its shapes."""
    from kg.check import cache
    return hashlib.sha256(f"{cache.FORMAT}\n{__version__}\n{cache._shapes_digest()}".encode()).hexdigest()


def _file(info: snapshots.SnapshotInfo) -> Path | None:
    key = info.ident or ""
    if len(key) < 32 or not all(c in "0123456789abcdef" for c in key):
        return None
    return cache_dir() / f"snapshot-{key[:32]}.marshal"


def load(info: snapshots.SnapshotInfo) -> dict | None:
    """The kept roadmap of snapshot ``info``, not yet read: ``{"index": (stamp, marshal
    bytes) or None, "check": (key, marshal bytes) or None}`` (read them with
    :func:`kept_index` and :func:`kept_report`), or None when there is none (or it cannot
    be read)."""
    path = _file(info)
    if path is None:
        return None
    try:
        with open(path, "rb") as fh:
            d = marshal.loads(fh.read())
    except (OSError, EOFError, ValueError, TypeError):
        return None
    if not isinstance(d, dict) or d.get("format") != FORMAT or d.get("sha256") != info.ident:
        return None
    for part in ("index", "check"):
        v = d.get(part)
        if not (isinstance(v, tuple) and len(v) == 2 and isinstance(v[0], str) and isinstance(v[1], bytes)):
            d[part] = None
    if d.get("check_key") != _check_key():
        d["check"] = None   # another kg or other shapes: that check no longer answers
    return d


def kept_index(kept: dict | None) -> dict | None:
    """The old version's roadmap index data in ``kept`` (every part read), or None."""
    from kg.roadmap.index import records_data
    got = (kept or {}).get("index")
    return None if got is None else records_data(*got)


def kept_report(kept: dict | None):
    """The old version's `kg check` result in ``kept`` (a CheckReport), or None."""
    from kg.check.cache import from_bytes
    got = (kept or {}).get("check")
    return None if got is None else from_bytes(got[1], got[0])


def save(info: snapshots.SnapshotInfo, index: tuple | None, check: tuple[str, bytes] | None) -> bool:
    """Keep ``index`` (stamp, the index data or its marshal bytes) and ``check`` (key, the
    result's bytes, :func:`kg.check.cache.to_bytes`) as the roadmap of snapshot ``info``;
    either may be None."""
    path = _file(info)
    if path is None:
        return False
    try:
        if index is not None and not isinstance(index[1], bytes):
            index = (index[0], marshal.dumps(index[1]))
        body = marshal.dumps({"format": FORMAT, "sha256": info.ident, "check_key": _check_key(),
                              "index": index, "check": check})
    except ValueError:
        return False
    return write_atomic(path, body)


def forget(info: snapshots.SnapshotInfo) -> None:
    """Remove the kept roadmap of ``info`` (a version that is gone): a cache, so a file
    that cannot be removed is left, never an error."""
    path = _file(info)
    if path is not None:
        try:
            path.unlink(missing_ok=True)
        except OSError:
            pass


def keep_at_snapshot(ws, info: snapshots.SnapshotInfo) -> bool:
    """Keep the roadmap of the snapshot just taken of ``ws`` when the workspace keeps its
    index and its check for this version: their bytes as the cache holds them, read (and
    checked) only when a diff needs them. Nothing is built or read."""
    from kg.check.cache import kept_bytes
    from kg.roadmap.index import cached_records_bytes
    try:
        index, check = cached_records_bytes(ws), kept_bytes(ws)
    except Exception:  # noqa: BLE001  (a cache is never an error)
        return False
    if index is None and check is None:
        return False
    return save(info, index, check)


def _work_out(ws_path, info: snapshots.SnapshotInfo, kept: dict | None, check: bool, say,
              index: bool = True) -> tuple[dict | None, object]:
    """``(index data, check report)`` of the snapshot: from its kept roadmap, else made
    from the snapshot itself (the index only when ``index``, the check only when
    ``check``) and kept for the next diff."""
    from kg.check import engine as checking
    from kg.check.cache import to_bytes
    from kg.roadmap.index import load_index
    data = kept_index(kept) if index else None
    report = kept_report(kept) if check else None
    if (index and data is None) or (check and report is None):
        kept = dict(kept or {"index": None, "check": None})
        say(f"Leser øyeblikksbildet {info.name} …", f"Reading snapshot {info.name} …")
        old = open_snapshot(ws_path, info)
        try:
            if index and data is None:
                ix = load_index(old)
                ix.records()
                ix.regulation_records()
                data = ix._data
                kept["index"] = (data["stamp"], marshal.dumps(data))
            if check and report is None:
                say(f"Kjører kg check på {info.name} …", f"Running kg check on {info.name} …")
                report = checking.check(old)
                kept["check"] = (_check_key(), to_bytes(report, _check_key()))
        finally:
            old.close()
        save(info, kept.get("index"), kept.get("check"))
    return data, report


# ---------------------------------------------------------------------- the old version's names
def trig_names(path: Path, lines_per_source: bool = True):
    """A function of IRIs that returns a small in-memory view holding their labels and
    titles as the TriG file ``path`` states them (every graph), read from its lines.
    A snapshot written before its sources were kept as N-Triples lines
    (``lines_per_source`` false: abbreviated TriG) is loaded whole instead, once."""
    whole: list = []

    def view(iris):
        if not lines_per_source:
            if not whole:
                whole.append(load_rdf(path, name=f"snapshot-{path.stem}"))
            return whole[0]
        wanted = {f"<{i}>".encode("utf-8") for i in iris}
        lines: list[bytes] = []
        try:
            with open(path, "rb") as fh, mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ) as data:
                for p in _NAME_PREDICATES:
                    needle = f"> <{p}> ".encode("utf-8")
                    pos = data.find(needle)
                    while pos >= 0:
                        start = data.rfind(b"\n", 0, pos) + 1
                        end = data.find(b"\n", pos)
                        end = len(data) if end < 0 else end
                        if data[start:pos + 1] in wanted:
                            lines.append(data[start:end])
                        pos = data.find(needle, end)
        except (OSError, ValueError):  # an empty file cannot be mapped: it states nothing
            lines = []
        ws = memory_workspace(f"names-{path.stem}")
        if lines:
            ws.store.load(b"\n".join(lines), format=ox.RdfFormat.N_TRIPLES,
                          to_graph=ox.NamedNode(str(CATALOG) + "-names"))
        return ws
    return view


# ---------------------------------------------------------------------- the diff
def snapshot_diff(old_spec: str, new_spec: str = "@", *, data=None, lang: str = "nb", check: bool = True,
                  label_views=(), progress=None) -> RoadmapDiff | None:
    """Snapshot ``old_spec`` of the current workspace against the workspace (``@``) at
    roadmap level, from what changed or from the kept roadmap of both (see the module's
    notes); None when this path does not apply (another pair of versions, or ``check``
    is off, the change cannot be told from the steps or the lines and the snapshot
    keeps nothing yet: then the whole comparison answers).
    ``progress(nb, en)`` hears what is being done. The result's ``route`` attribute
    (not part of it) says which way it was found: ``equal``, ``steps`` or ``kept``."""
    found = None if full_wanted() else snapshot_against_workspace(old_spec, new_spec, data)
    if found is None:
        return None
    spec, _, _, info = found
    return version_diff(info, data=data, lang=lang, check=check, label_views=label_views, progress=progress,
                        spec=spec, new_spec=new_spec)


def version_diff(info: snapshots.SnapshotInfo, *, data=None, lang: str = "nb", check: bool = True,
                 label_views=(), progress=None, spec: str | None = None, new_spec: str = "@") -> RoadmapDiff | None:
    """A version of the workspace at ``data`` frozen by :func:`kg.store.snapshots.create`
    (``info``; a snapshot, or a version kept elsewhere, ``info.folder``) against the
    workspace now, as :func:`snapshot_diff` answers; None when this path does not apply."""
    from kg.check.cache import cached_check
    from kg.roadmap.index import _from_data
    from kg.roadmap.model import initiatives, regulations
    from kg.store.workspace import default_path
    say = progress or (lambda nb, en: None)
    ws_path, name = default_path(data), info.name
    ws = Workspace.open(data)
    old_view: list = []   # the old version, opened when a label or title is first needed from it
    try:
        # under the lock now: the snapshot as it is (`kg snapshot NAME --force` may have
        # replaced it since its sidecar was read), so its sidecar, kept roadmap and
        # checkpoint are of one version
        info = snapshots.current(ws_path, info)
        old_side = Side(spec or name, "snapshot", name, None, created=info.created, message=info.message,
                        _owned=False)
        new_side = Side(new_spec, "workspace", str(ws.path), None, created=_ws_created(ws.path), _owned=False)
        old_d = {k: v.get("digest") for k, v in info.sources.items()}
        new_d = {k: v for k, v in snapshots.source_digests(ws).items() if k != "catalog"}
        if None not in old_d.values() and None not in new_d.values() and old_d == new_d:
            # every source holds what it held: equal, gaps included (same triples, same check)
            result = RoadmapDiff(old=old_side.describe(), new=new_side.describe(), lang=lang, scope="roadmap",
                                 gaps_compared=check)
            result.route = "equal"
            return result
        kept = load(info)
        say("Leser det som er endret …", "Reading what changed …")
        changed = changed_quads(ws, ws_path, info, old_d, new_d, limit=LINES_AT_MOST)
        if changed is None and not check and kept_index(kept) is None:
            # nothing kept to read the old roadmap from and no check to run on it: every
            # changed line compared, however many (still less than both versions whole)
            changed = changed_quads(ws, ws_path, info, old_d, new_d)
            if changed is None:
                return None
        if changed is None:
            old_data, old_report = _work_out(ws_path, info, kept, check, say)
            say("Leser veikartet …", "Reading the roadmap …")
            old_ix = _from_data(old_data)
            a, b = dict(old_ix.records()), initiatives(ws)
            regs = (dict(old_ix.regulation_records()), regulations(ws))
        else:
            _, old_report = _work_out(ws_path, info, kept, check, say, index=False)
            # only what the changed statements can touch, in both versions
            oldv, newv = delta_views(ws, *changed)
            try:
                a, b = initiatives(oldv), initiatives(newv)
                regs = (regulations(oldv), regulations(newv))
            finally:
                oldv.close()
                newv.close()
        gaps = None
        if check:
            say("Kjører kg check på arbeidsområdet …", "Running kg check on the workspace …")
            gaps = (old_report.as_dict(lang)["results"], cached_check(ws).as_dict(lang)["results"])
        say("Sammenligner …", "Comparing …")
        if info.is_store:
            def names(iris):
                if not old_view:
                    old_view.append(open_snapshot(ws_path, info))
                return old_view[0]
        else:
            names = trig_names(snapshots.trig_file(ws_path, info.name),
                               all("offset" in v for v in info.sources.values()))
        labels = _Labels([ws, names, *label_views], lang)
        result = RoadmapDiff(old=old_side.describe(), new=new_side.describe(), lang=lang, scope="roadmap")
        result.changes = compare_initiatives(a, b, labels)
        result.changes += compare_regulations(regs[0], regs[1], labels)
        if gaps is not None:
            add_gaps(result, gaps, a, b, labels, lambda iri: _has_node(ws, iri))
        # the graphs each version holds (a source without triples holds no graph)
        so = {source_iri(n) for n, v in info.sources.items() if (v.get("length", v.get("triples")) or 0) > 0}
        cat = str(CATALOG)
        sn = {g.value for g in ws.store.named_graphs() if isinstance(g, ox.NamedNode) and g.value != cat
              and next(iter(ws.store.quads_for_pattern(None, None, None, g)), None) is not None}
        result.changes += source_set_changes(
            so, sn, lambda iri, new: _source_title(ws if new else names([iri]), iri, lang))
        sort_changes(result)
        result.route = "kept" if changed is None else "steps"
        return result
    finally:
        ws.close()
        for v in old_view:
            v.close()
