"""A source's index part (:mod:`kg.roadmap.index_parts`) brought up to date from the steps
kg kept of the writes since it was read (:mod:`kg.store.delta`), instead of read again
from the whole source.

Every fact of a part is about its subject (``?a`` in each of the part's patterns): the
initiatives and regulations, the one-value properties, the dependencies and their
qualifications, the links, the notes, the labels, parents and subjects of the records. So
the part of the new content is the old part without the facts about the subjects of the
changed triples, plus those subjects' facts read again from the store (the same patterns,
bound to them). The old part is used only when it was read from the same store and a
chain of kept steps leads from its content digest to the one the catalog states now;
``tests/kg/test_part_steps.py`` holds the result equal to a part read whole.
"""
from __future__ import annotations

from kg.roadmap import lens_parts
from kg.store import delta


def step_subjects(ws, graph: str, old_digest: str | None, new_digest: str | None) -> set[str] | None:
    """The subjects (IRIs) of every triple changed in ``graph`` from ``old_digest`` to
    ``new_digest``, or None when no chain of kept steps leads there."""
    step = delta.between(ws, graph, old_digest, new_digest)
    return None if step is None else delta.subjects(step)


def _subject_dict(old: dict, fresh: dict, subjects: set) -> dict:
    out = {k: v for k, v in old.items() if k not in subjects}
    out.update(fresh)
    return out


def _subject_list(old: list, fresh: list, subjects: set) -> list:
    # the old list is sorted and the fresh items are all about ``subjects``: two sorted
    # runs, which sorted() merges in one pass
    return sorted([x for x in old if x not in subjects] + sorted(set(fresh)))


def _rows(old: list, fresh: list, subjects: set) -> list:
    return [e for e in old if e[0] not in subjects] + list(fresh)


def core(old: dict, fresh: dict, subjects: set) -> dict:
    """The core part (:func:`kg.roadmap.index_parts.gather`) patched."""
    out = dict(old)
    for key, value in fresh.items():
        if key in ("init", "reg"):
            out[key] = _subject_list(old.get(key, []), value, subjects)
        elif key in ("qdep", "simple"):
            out[key] = _rows(old.get(key, []), value, subjects)
        elif isinstance(value, dict):
            out[key] = _subject_dict(old.get(key, {}), value, subjects)
        else:
            out[key] = value
    return out


def extra(name: str, old, fresh, subjects: set):
    """One lazy fact of a part (a link's pairs, the notes, the records' facts) patched."""
    if name.startswith("link-"):   # sorted pairs, as read_link gives them
        return sorted([tuple(e) for e in old if e[0] not in subjects] + sorted(set(map(tuple, fresh))))
    if name == "notes":
        return {key: _subject_dict(old.get(key, {}), fresh[key], subjects) for key in fresh}
    if name == "records":
        return {"labels": {p: _rows(old["labels"].get(p, []), rows, subjects) for p, rows in fresh["labels"].items()},
                "parent": _subject_dict(old["parent"], fresh["parent"], subjects),
                "subjects": _subject_list(old["subjects"], fresh["subjects"], subjects)}
    if name == lens_parts.LENS:
        return lens_parts.patch(old, fresh, subjects)
    return None
