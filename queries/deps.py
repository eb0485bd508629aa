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
from kg.i18n import Text
from kg.ids import resolve
from kg.query_results import DependencyTree
from kg.results import col
from kg.roadmap.index import TYPES, fast_slug, label_map, walk

TYPE_LABELS = {"requires": ("krever", "requires"), "enables": ("muliggjør", "enables"),
               "informs": ("informerer", "informs")}
STRENGTH_LABELS = {"hard": ("hard", "hard"), "soft": ("myk", "soft")}


def run(ws, *, id: str, direction: str = "both", depth: int | None = None,
        types: list[str] | tuple[str, ...] | None = None, hard_only: bool = False) -> DependencyTree:
    """The dependency tree around ``id``. ``direction``: up, down or both. Rows are in
    tree order, siblings by name (``layouts["en"]``: by English name); the arrows and
    indentation are added when the tree is shown."""
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
    labels = label_map(ws, [root] + [x for _, _, d in edges for x in (d.dependent, d.target)])

    def layout(lang):
        rows, data_edges = [], []
        for dr in dirs:
            # depth-first order under each parent, so the text reads as a tree
            children: dict[str, list] = {}
            for d_, lvl, d in edges:
                if d_ != dr:
                    continue
                parent = d.dependent if dr == "up" else d.target
                children.setdefault(parent, []).append((lvl, d))
            for lvl, d, other, repeat in _preorder(root, children, dr, labels, depth, lang):
                rows.append({
                    "direction": dr, "level": lvl, "node": labels[other],
                    "id": fast_slug(other), "type": Text(*TYPE_LABELS[d.type]),
                    "strength": Text(*STRENGTH_LABELS[d.strength]), "source": d.source,
                    "via": fast_slug(d.dependent if dr == "up" else d.target), "repeat": repeat})
                data_edges.append({"direction": dr, "level": lvl, "dependent": fast_slug(d.dependent),
                                   "target": fast_slug(d.target), "type": d.type, "strength": d.strength,
                                   "source": d.source, "repeat": repeat})
        return rows, data_edges

    # siblings in the alphabetical order of each language: the same edges, read in another order
    rows, data_edges = layout("nb")
    rows_en, edges_en = layout("en")
    title = labels[root]
    n_up = len({e["target"] for e in data_edges if e["direction"] == "up"})
    n_down = len({e["dependent"] for e in data_edges if e["direction"] == "down"})
    res = DependencyTree(
        [col("node", "node", "node"), col("id", "id"), col("type", "type", "type"),
         col("strength", "styrke", "strength"), col("source", "kilde", "source")], rows,
        title_nb=f"Avhengigheter for {title('nb')} ({fast_slug(root)}): ↑ {n_up} den avhenger av, ↓ {n_down} avhenger av den",
        title_en=f"Dependencies of {title('en')} ({fast_slug(root)}): ↑ {n_up} it depends on, ↓ {n_down} depend on it",
        kind="deps",
        data={"root": fast_slug(root), "iri": root, "label": title, "direction": direction,
              "depth": depth, "edges": data_edges},
        layouts={"en": {"rows": rows_en, "data": {"edges": edges_en}}})
    if not rows:
        res.notes.append(Text("Ingen avhengigheter.", "No dependencies."))
    elif any(e["repeat"] for e in data_edges):
        res.notes.append(Text("↺ = allerede vist lenger opp", "↺ = already shown above"))
    return res


def _preorder(root, children, dr, labels, depth=None, lang="nb"):
    out = []
    shown = {root}

    def key(item):
        d = item[1]
        return labels[d.target if dr == "up" else d.dependent](lang).lower()

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
