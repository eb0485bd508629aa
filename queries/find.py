"""`kg query find TEXT`: nodes whose label contains TEXT, case- and accent-insensitive,
in nb and en (also alternative labels: short municipality names, Sámi and Kven names).
When nothing contains TEXT, close spellings are shown instead (``find Lilehammer`` finds
Lillehammer). Internal nodes (periods, dated instants, qualified dependencies,
memberships) are left out unless ``all``.

Example::

    kg query find tromso      # finds Tromsø
    kg query find Lilehammer  # no exact hit: Lillehammer, as a close spelling
"""
from __future__ import annotations

import difflib

from kg.i18n import Text, fold
from kg.ids import INTERNAL_TYPES, internal, label_search, slug, spellings, texts_for
from kg.results import Table, col, texts

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
INTERNAL = INTERNAL_TYPES
_CLOSE = 0.8


def _types(ws, iris: list[str]) -> dict[str, list[str]]:
    from kg.store.terms import tsv_rows
    types: dict[str, list[str]] = {}
    for i in range(0, len(iris), 500):
        chunk = iris[i:i + 500]
        # the raw rows (Oxigraph's TSV writer): no Python term per value
        for s, t in tsv_rows(ws, "SELECT ?s ?t WHERE { VALUES ?s { %s } ?s a ?t }" % " ".join(f"<{h}>" for h in chunk)):
            types.setdefault(s, []).append(t)
    return types


def _close(ws, key: str) -> dict[str, tuple[int, str, str]]:
    """Labels (or one of their words) that are a close spelling of ``key``. Each distinct
    spelling is compared once (kg.ids.spellings: the same word stands in thousands of
    labels); a node is named by its first label (in the index's order) that matches."""
    out: dict[str, tuple[int, str, str]] = {}
    sm = difflib.SequenceMatcher()
    sm.set_seq2(key)
    one_word = " " not in key
    rows, full, words_spaced, words_hyphen = spellings(ws)
    first: dict[str, int] = {}
    for table in (full, words_spaced if one_word else words_hyphen):
        for c, at in table.items():
            if abs(len(c) - len(key)) > max(2, len(key) // 4):
                continue
            sm.set_seq1(c)
            if sm.real_quick_ratio() >= _CLOSE and sm.quick_ratio() >= _CLOSE and sm.ratio() >= _CLOSE:
                for k in at:
                    s = rows[k][0]
                    if k < first.get(s, len(rows)):
                        first[s] = k
    for s, k in sorted(first.items(), key=lambda x: x[1]):
        out[s] = (4, rows[k][1], rows[k][2])
    return out


def run(ws, *, text: str, top: int = 50, type: str | None = None, all: bool = False) -> Table:
    """Nodes whose label contains ``text``, best first: the ``top`` best (a ranking, and
    the cost of naming them; ``meta["total"]`` counts every hit). ``type``: only nodes
    of this class; ``all``: also internal nodes."""
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
    if type:
        types = _types(ws, sorted(scored))
        if not all:
            scored = {s: v for s, v in scored.items() if not INTERNAL & set(types.get(s, ()))}
    else:  # only whether a hit is internal matters for all of them; the types of those shown
        if not all:
            hidden = internal(ws, scored)
            scored = {s: v for s, v in scored.items() if s not in hidden}
        types = {}
    close = False
    if not scored and len(key) >= 4:
        scored = _close(ws, key)
        types = _types(ws, sorted(scored))
        if not all:
            scored = {s: v for s, v in scored.items() if not INTERNAL & set(types.get(s, ()))}
        close = bool(scored)
    hits = sorted(scored, key=lambda s: (scored[s][0], scored[s][2], s))
    if type:
        hits = [h for h in hits if any(slug(t) == type or t.endswith("#" + type) or t.endswith("/" + type) for t in types.get(h, []))]
    total = len(hits)
    hits = hits[:top]
    if not type:
        types = _types(ws, hits)
    labels = texts_for(ws, hits + [t for h in hits for t in types.get(h, [])])
    rows = [{"id": slug(h), "label": labels[h],
             "type": texts(lambda lang, h=h: ", ".join(sorted({labels[t](lang) for t in types.get(h, [])}))),
             "matched": scored[h][1], "iri": h} for h in hits]
    t = Table([col("id", "id"), col("label", "navn", "label"), col("type", "type"),
               col("matched", "treff på", "matched")], rows,
              title_nb=f"Treff for «{text}»", title_en=f"Matches for '{text}'",
              meta={"total": total, "close_spellings": close})
    if close:
        t.notes.append(Text(f"Ingen navn inneholder «{text}»; viser nære stavemåter.",
                            f"No name contains '{text}'; showing close spellings."))
    if total > top:
        t.notes.append(f"… {total - top} more / flere (--limit)")
    return t
