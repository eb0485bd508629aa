"""`kg query deps ID`: what ID depends on (up) and what depends on it (down), as a tree
with each edge's type (requires / enables / informs), strength (hard / soft) and source.

Walks the graph from ID with targeted SPARQL lookups, level by level, so it answers at
once on a sector-scale workspace.

Example::

    kg query deps ki-plattform --up
    kg query deps ki-plattform --down --hard-only --format json
"""
from __future__ import annotations

from kg.errors import InputError
from kg.ids import resolve
from kg.query_results import DependencyTree
from kg.results import col
from kg.roadmap.index import TYPES, fast_slug, label_map, walk

TYPE_LABELS = {"requires": ("krever", "requires"), "enables": ("muliggjør", "enables"),
               "informs": ("informerer", "informs")}
STRENGTH_LABELS = {"hard": ("hard", "hard"), "soft": ("myk", "soft")}


def run(ws, id: str, direction: str = "both", depth: int | None = None,
        types: list[str] | tuple[str, ...] | None = None, hard_only: bool = False,
        lang: str = "nb") -> DependencyTree:
    """The dependency tree around ``id``. ``direction``: up, down or both."""
    if direction not in ("up", "down", "both"):
        raise InputError(f"direction must be up, down or both, not '{direction}'.",
                         f"retning må være up, down eller both, ikke «{direction}».")
    if depth is not None and depth < 1:
        raise InputError("--depth must be 1 or more.", "--depth må være 1 eller mer.")
    for t in types or ():
        if t not in TYPES:
            raise InputError(f"unknown dependency type '{t}'; use requires, enables or informs.",
                             f"ukjent avhengighetstype «{t}»; bruk requires, enables eller informs.")
    root = resolve(ws, id)

    def keep(d):
        return (not hard_only or d.hard) and (not types or d.type in types)

    dirs = ["up", "down"] if direction == "both" else [direction]
    edges = []  # (direction, level, dep)
    for dr in dirs:
        edges += [(dr, lvl, d) for lvl, d in walk(ws, root, dr, depth, keep)]
    labels = label_map(ws, [root] + [x for _, _, d in edges for x in (d.dependent, d.target)], lang)
    rows, data_edges = [], []
    for dr in dirs:
        # depth-first order under each parent, so the text reads as a tree
        children: dict[str, list] = {}
        for d_, lvl, d in edges:
            if d_ != dr:
                continue
            parent = d.dependent if dr == "up" else d.target
            children.setdefault(parent, []).append((lvl, d))
        order = _preorder(root, children, dr, labels, depth)
        for lvl, d, other, repeat in order:
            arrow = "↑" if dr == "up" else "↓"
            t_nb, t_en = TYPE_LABELS[d.type]
            s_nb, s_en = STRENGTH_LABELS[d.strength]
            name = labels[other] + (" (↺)" if repeat else "")
            rows.append({
                "direction": dr, "level": lvl,
                "node": "  " * (lvl - 1) + f"{arrow} {name}",
                "id": fast_slug(other), "type": t_nb if lang == "nb" else t_en,
                "strength": s_nb if lang == "nb" else s_en, "source": d.source,
                "via": fast_slug(d.dependent if dr == "up" else d.target)})
            data_edges.append({"direction": dr, "level": lvl, "dependent": fast_slug(d.dependent),
                               "target": fast_slug(d.target), "type": d.type, "strength": d.strength,
                               "source": d.source, "repeat": repeat})
    title = labels[root]
    n_up = len({e["target"] for e in data_edges if e["direction"] == "up"})
    n_down = len({e["dependent"] for e in data_edges if e["direction"] == "down"})
    res = DependencyTree(
        [col("node", "node", "node"), col("id", "id"), col("type", "type", "type"),
         col("strength", "styrke", "strength"), col("source", "kilde", "source")], rows,
        title_nb=f"Avhengigheter for {title} ({fast_slug(root)}): ↑ {n_up} den avhenger av, ↓ {n_down} avhenger av den",
        title_en=f"Dependencies of {title} ({fast_slug(root)}): ↑ {n_up} it depends on, ↓ {n_down} depend on it",
        kind="deps",
        data={"root": fast_slug(root), "iri": root, "label": title, "direction": direction,
              "depth": depth, "edges": data_edges})
    if not rows:
        res.notes.append("Ingen avhengigheter." if lang == "nb" else "No dependencies.")
    elif any(e["repeat"] for e in data_edges):
        res.notes.append("↺ = allerede vist lenger opp" if lang == "nb" else "↺ = already shown above")
    return res


def _preorder(root, children, dr, labels, depth=None):
    out = []
    shown = {root}

    def key(item):
        d = item[1]
        return labels[d.target if dr == "up" else d.dependent].lower()

    stack = [(root, 0, iter(sorted(children.get(root, []), key=key)))]
    while stack:
        node, lvl, it = stack[-1]
        for _, d in it:
            l2 = lvl + 1
            other = d.target if dr == "up" else d.dependent
            repeat = other in shown
            out.append((l2, d, other, repeat))
            if not repeat and (depth is None or l2 < depth):
                shown.add(other)
                stack.append((other, l2, iter(sorted(children.get(other, []), key=key))))
                break
        else:
            stack.pop()
    return out
