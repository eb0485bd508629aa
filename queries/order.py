"""`kg query order`: the initiatives in waves — wave 1 can start at once, wave 2 needs only
wave 1, and so on. A dependency cycle is reported naming every node in it (and a loop
through them); initiatives that wait on a cycle are listed as blocked.

Uses the cached roadmap index (see kg.roadmap.index), so it answers within a second on a
1M-triple workspace once the index is built.

Example::

    kg query order
    kg query order --hard-only --format json
"""
from __future__ import annotations

from kg.query_results import Waves
from kg.results import col
from kg.roadmap.index import cycle_in, fast_slug, label_map, load_index, strongly_connected


def run(ws, hard_only: bool = False, limit: int = 30, lang: str = "nb") -> Waves:
    """Waves of initiatives (only dependencies between initiatives count)."""
    ix = load_index(ws)
    n = ix.n_init
    prereq: list[list[int]] = [[] for _ in range(n)]
    dependents: list[list[int]] = [[] for _ in range(n)]
    missing = [0] * n
    # the index holds each (dependent, prerequisite) pair once
    for a, b, s in zip(ix.dep_a, ix.dep_b, ix.dep_s):
        if a < n and b < n and (not hard_only or s == 0):
            prereq[a].append(b)
            dependents[b].append(a)
            missing[a] += 1
    wave = [0] * n
    current = [i for i in range(n) if missing[i] == 0]
    waves: list[list[int]] = []
    while current:
        waves.append(current)
        nxt = []
        for i in current:
            for d in dependents[i]:
                missing[d] -= 1
                if missing[d] == 0:
                    wave[d] = len(waves) + 1
                    nxt.append(d)
        current = nxt
    left = [i for i in range(n) if missing[i] > 0]
    cycles: list[list[int]] = []
    blocked: list[int] = []
    if left:
        leftset = set(left)

        def succ(v):
            return [p for p in prereq[v] if p in leftset]
        comps = strongly_connected(left, succ)
        in_cycle = {v for c in comps for v in c}
        cycles = [cycle_in(c, succ) for c in comps]
        blocked = [v for v in left if v not in in_cycle]
        comps_members = comps
    else:
        comps_members = []
    ids = ix.iris
    picked = [list(w) for w in waves] + [list(c) for c in comps_members] + [list(blocked)]
    shown = {ids[i] for p in picked for i in p}
    labels = label_map(ws, shown, lang) if len(shown) <= 5000 else {x: fast_slug(x) for x in shown}

    def names(members):
        # every name: only the text table shortens (to --limit) when rendered
        items = sorted(set(members), key=lambda i: (labels.get(ids[i], fast_slug(ids[i])).lower(), ids[i]))
        return [f"{labels.get(ids[i], fast_slug(ids[i]))} ({fast_slug(ids[i])})" for i in items]

    rows = [{"wave": k, "count": len(w), "initiatives": names(w)} for k, w in enumerate(waves, 1)]
    nb = lang == "nb"
    for c, loop in zip(comps_members, cycles):
        rows.append({"wave": "sløyfe" if nb else "cycle", "count": len(c), "initiatives": names(c)})
    if blocked:
        rows.append({"wave": "blokkert" if nb else "blocked", "count": len(blocked), "initiatives": names(blocked)})
    res = Waves([col("wave", "bølge", "wave"), col("count", "antall", "count"),
                 col("initiatives", "tiltak", "initiatives")], rows,
                title_nb=f"Rekkefølge: {len(waves)} bølger, {n} tiltak" + (" (bare harde avhengigheter)" if hard_only else ""),
                title_en=f"Order: {len(waves)} waves, {n} initiatives" + (" (hard dependencies only)" if hard_only else ""),
                kind="order",
                data={"waves": [[fast_slug(ids[i]) for i in sorted(w)] for w in waves],
                      "cycles": [{"members": [fast_slug(ids[i]) for i in c], "loop": [fast_slug(ids[i]) for i in loop]}
                                 for c, loop in zip(comps_members, cycles)],
                      "blocked": sorted(fast_slug(ids[i]) for i in blocked), "hard_only": hard_only})
    for c, loop in zip(comps_members, cycles):
        text = " → ".join(labels.get(ids[i], fast_slug(ids[i])) for i in loop + loop[:1])
        res.notes.append(("Sløyfe (avhenger av): " if nb else "Cycle (depends on): ") + text)
    return res
