"""`kg query path A B`: every dependency path from A to what it (transitively) depends
on, B — shortest first. If A does not depend on B but B depends on A, the paths from B
to A are given (``direction`` says which).

Example::

    kg query path skalere-tjenester ki-plan
"""
from __future__ import annotations

from kg.ids import resolve
from kg.query_results import PathList
from kg.results import col
from kg.roadmap.index import fast_slug, label_map, walk

TYPE_WORD = {"requires": ("krever", "requires"), "enables": ("muliggjøres av", "enabled by"),
             "informs": ("informeres av", "informed by")}


def _paths(ws, a: str, b: str, hard_only: bool, max_paths: int):
    keep = (lambda d: d.hard) if hard_only else None
    edges = [d for _, d in walk(ws, a, "up", None, keep)]
    succ: dict[str, list] = {}
    pred: dict[str, list] = {}
    for d in edges:
        succ.setdefault(d.dependent, []).append(d)
        pred.setdefault(d.target, []).append(d)
    # only nodes from which b can be reached
    useful = {b}
    stack = [b]
    while stack:
        v = stack.pop()
        for d in pred.get(v, []):
            if d.dependent not in useful:
                useful.add(d.dependent)
                stack.append(d.dependent)
    if a not in useful:
        return [], False
    found = []
    truncated = False
    stack = [(a, [], {a})]
    while stack:
        v, path, on = stack.pop()
        if v == b:
            found.append(path)
            if len(found) >= max_paths:
                truncated = True
                break
            continue
        for d in sorted(succ.get(v, []), key=lambda d: d.target, reverse=True):
            if d.target in useful and d.target not in on:
                stack.append((d.target, path + [d], on | {d.target}))
    found.sort(key=lambda p: (len(p), [d.target for d in p]))
    return found, truncated


def run(ws, a: str, b: str, hard_only: bool = False, limit: int = 100, lang: str = "nb") -> PathList:
    """Every dependency path between ``a`` and ``b`` (at most ``limit``), shortest first."""
    ia, ib = resolve(ws, a), resolve(ws, b)
    paths, truncated = _paths(ws, ia, ib, hard_only, limit)
    direction = "forward"
    if not paths and ia != ib:
        paths, truncated = _paths(ws, ib, ia, hard_only, limit)
        direction = "reverse" if paths else "none"
    labels = label_map(ws, [ia, ib] + [x for p in paths for d in p for x in (d.dependent, d.target)], lang)
    li = 0 if lang == "nb" else 1
    rows, data = [], []
    for n, p in enumerate(paths, 1):
        text = labels[p[0].dependent]
        for d in p:
            word = TYPE_WORD[d.type][li] + ("" if d.hard else (" (myk)" if lang == "nb" else " (soft)"))
            text += f" —{word}→ {labels[d.target]}"
        rows.append({"n": n, "length": len(p), "path": text,
                     "ids": [fast_slug(p[0].dependent)] + [fast_slug(d.target) for d in p]})
        data.append([{"dependent": fast_slug(d.dependent), "target": fast_slug(d.target), "type": d.type,
                      "strength": d.strength, "source": d.source} for d in p])
    A, B = f"{labels[ia]} ({fast_slug(ia)})", f"{labels[ib]} ({fast_slug(ib)})"
    res = PathList([col("n", "#"), col("length", "steg", "steps"), col("path", "sti", "path")], rows,
                   title_nb=f"Avhengighetsstier mellom {A} og {B}",
                   title_en=f"Dependency paths between {A} and {B}", kind="path",
                   data={"from": fast_slug(ia), "to": fast_slug(ib), "direction": direction, "paths": data,
                         "truncated": truncated})
    if direction == "reverse":
        res.notes.append(f"{B} avhenger av {A} (ikke omvendt)." if lang == "nb"
                         else f"{B} depends on {A} (not the other way round).")
    if direction == "none":
        res.notes.append("Ingen avhengighetssti mellom dem." if lang == "nb" else "No dependency path between them.")
    if truncated:
        res.notes.append(f"… bare de {limit} første stiene (--limit)." if lang == "nb"
                         else f"… only the first {limit} paths (--limit).")
    return res
