"""`kg query find TEXT`: nodes whose label contains TEXT, case- and accent-insensitive,
in nb and en (also alternative labels: short municipality names, Sámi and Kven names).

Example::

    kg query find tromso      # finds Tromsø
"""
from __future__ import annotations

from kg.i18n import fold
from kg.ids import label_search, labels_for, slug
from kg.results import Table, col

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"


def run(ws, text: str, lang: str = "nb", limit: int = 50, type: str | None = None) -> Table:
    key = fold(text)
    scored: dict[str, tuple[int, str, str]] = {}  # IRI → (rank, label, folded label)
    # the workspace's label index holds every label already folded (kg.ids.label_index)
    for s, label, f, fs in label_search(ws, key):
        if key and key in f:
            rank = 0 if f == key else 1 if f.startswith(key) else 2
        elif key and key in fs:
            rank = 3
        else:
            continue
        if s not in scored or rank < scored[s][0]:
            scored[s] = (rank, label, f)
    hits = sorted(scored, key=lambda s: (scored[s][0], scored[s][2], s))
    types: dict[str, list[str]] = {}
    # the types of every hit are needed only to filter by type; else of those shown
    typed = hits if type else hits[:limit]
    if typed:
        for i in range(0, len(typed), 500):
            chunk = typed[i:i + 500]
            for r in ws.query("SELECT ?s ?t WHERE { VALUES ?s { %s } ?s a ?t }" % " ".join(f"<{h}>" for h in chunk)):
                types.setdefault(r["s"].value, []).append(r["t"].value)
    if type:
        hits = [h for h in hits if any(slug(t) == type or t.endswith("#" + type) or t.endswith("/" + type) for t in types.get(h, []))]
    total = len(hits)
    hits = hits[:limit]
    labels = labels_for(ws, hits + [t for h in hits for t in types.get(h, [])], lang)
    rows = [{"id": slug(h), "label": labels[h],
             "type": ", ".join(sorted({labels[t] for t in types.get(h, [])})),
             "matched": scored[h][1], "iri": h} for h in hits]
    t = Table([col("id", "id"), col("label", "navn", "label"), col("type", "type"),
               col("matched", "treff på", "matched")], rows,
              title_nb=f"Treff for «{text}»", title_en=f"Matches for '{text}'",
              meta={"total": total})
    if total > limit:
        t.notes.append(f"… {total - limit} more / flere (--limit)")
    return t
