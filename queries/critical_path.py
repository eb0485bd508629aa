"""`kg query critical-path [ID]`: the longest chain of hard dependencies ending at ID (or,
without ID, at every end point — an initiative that nothing hard-depends on), with each
step's start and end windows (earliest/latest) and the end the chain allows — earliest
and latest, from the scheduling model (:mod:`kg.roadmap.schedule`, the same forward pass as
impact): each step starts no earlier than its hard prerequisites end and the regulations
it needs are in force, keeps its planned duration, and an initiative under way keeps its
start.

Example::

    kg query critical-path skalere-tjenester
    kg query critical-path --limit 3
"""
from __future__ import annotations

from datetime import date

from kg.errors import InputError
from kg.ids import resolve
from kg.query_results import CriticalPath
from kg.results import col
from kg.roadmap.index import (
    DependencyCycle,
    cycle_in,
    fast_slug,
    label_map,
    load_index,
    strongly_connected,
    when_text,
    window_text,
)
from kg.roadmap.schedule import Schedule


def _longest(nodes, prereq, win, strict=True):
    """Longest chains (by number of steps) over a DAG given as prerequisite lists.
    Returns (length, best prerequisite, earliest possible end, cycles) per node. With
    ``strict`` a cycle raises DependencyCycle; otherwise nodes in or after a cycle are
    left out and the cycles returned."""
    missing = {v: len(prereq.get(v, ())) for v in nodes}
    dependents: dict = {}
    for v in nodes:
        for p in prereq.get(v, ()):
            dependents.setdefault(p, []).append(v)
    ready = sorted(v for v in nodes if missing[v] == 0)
    order = []
    while ready:
        v = ready.pop()
        order.append(v)
        for d in dependents.get(v, ()):
            missing[d] -= 1
            if missing[d] == 0:
                ready.append(d)
    cycles = []
    if len(order) < len(nodes):
        left = [v for v in nodes if missing[v] > 0]
        lset = set(left)
        succ = lambda v: [p for p in prereq.get(v, ()) if p in lset]  # noqa: E731
        comps = strongly_connected(left, succ)
        cycles = [cycle_in(c, succ) for c in comps]
        if strict:
            raise DependencyCycle([[str(x) for x in c] for c in cycles])
    # dates as ordinals (0 = none) so that 20k nodes cost little
    length, best, ef = {}, {}, {}
    for v in order:
        start, end = win(v)
        ps = prereq.get(v, ())
        if ps:
            p = max(ps, key=lambda p: (length[p], ef[p], str(p)))
            length[v], best[v] = length[p] + 1, p
            pre_end = max(ef[p] for p in ps)
        else:
            length[v], best[v] = 1, None
            pre_end = 0
        es = pre_end if (start and pre_end > start) else (start or pre_end)
        if end and start:
            ef[v] = end + (es - start)
        elif end:
            ef[v] = max(end, pre_end)
        else:
            ef[v] = pre_end
    return length, best, ef, cycles


def run(ws, id: str | None = None, limit: int = 10, lang: str = "nb", today: date | None = None) -> CriticalPath:
    """The longest hard-dependency chains, to ``id`` or to every end point (the ``limit``
    longest)."""
    nb = lang == "nb"
    ix = load_index(ws)
    n = ix.n_init
    sched = Schedule(ix, today=today)
    prereq_i: dict[int, list[int]] = {v: sorted(set(ps)) for v, ps in enumerate(sched.prereq) if ps}
    win = lambda v: (ix.sE[v], ix.eE[v])  # noqa: E731
    win_w = lambda v: (ix.start(v), ix.end(v))  # noqa: E731
    name = lambda v: ix.iris[v]  # noqa: E731
    if id:
        target = resolve(ws, id)
        t = ix.pos(target)
        if t is None or t >= n:
            raise InputError(f"{fast_slug(target)} is not an initiative.", f"{fast_slug(target)} er ikke et tiltak.")
        nodes_i, stack = {t}, [t]
        while stack:
            for p in prereq_i.get(stack.pop(), ()):
                if p not in nodes_i:
                    nodes_i.add(p)
                    stack.append(p)
        try:
            length, best, _, _ = _longest(sorted(nodes_i), prereq_i, win)
        except DependencyCycle as e:
            raise DependencyCycle([[fast_slug(ix.iris[int(x)]) for x in c] for c in e.cycles]) from None
        ends = [t]
    else:
        has_dep = [False] * n
        for ps in prereq_i.values():
            for b in ps:
                has_dep[b] = True
        nodes_i = list(range(n))
        length, best, _, cycles = _longest(nodes_i, prereq_i, win, strict=False)
        ends = [v for v in nodes_i if not has_dep[v] and v in prereq_i and v in length]
        ends.sort(key=lambda v: (-length[v], -sched.end_e[v], ix.iris[v]))
        total_ends = len(ends)
        ends = ends[:limit]
    # the ends the chain allows: the model's earliest and latest ends
    ef = {v: sched.neE[v] or sched.end_e[v] for v in range(n)}
    lf = {v: sched.neL[v] for v in range(n)}
    chains = []
    for e in ends:
        chain = []
        v = e
        while v is not None:
            chain.append(v)
            v = best[v]
        chains.append(list(reversed(chain)))
    iris = {name(v) for c in chains for v in c}
    labels = label_map(ws, iris, lang)
    rows, data = [], []
    for k, c in enumerate(chains, 1):
        steps = []
        for j, v in enumerate(c, 1):
            s, e = win_w(v)
            planned = e.earliest.toordinal() if e and e.earliest else 0
            late = ef[v] - planned if ef[v] and planned and ef[v] > planned else 0
            step = {"chain": k, "step": j, "id": fast_slug(name(v)), "label": labels[name(v)],
                    "start": when_text(s), "end": when_text(e),
                    "start_earliest": s.earliest.isoformat() if s and s.earliest else None,
                    "start_latest": s.latest.isoformat() if s and s.latest else None,
                    "end_earliest": e.earliest.isoformat() if e and e.earliest else None,
                    "end_latest": e.latest.isoformat() if e and e.latest else None,
                    "earliest_possible_end": date.fromordinal(ef[v]).isoformat() if ef[v] else None,
                    "latest_possible_end": date.fromordinal(lf[v]).isoformat() if lf.get(v) else None,
                    "late_days": late, "at_risk": sched.at_risk(v),
                    "at_risk_chain": [fast_slug(ix.iris[x]) for x in sched.chain(v)] if sched.at_risk(v) else []}
            steps.append(step)
            possible = window_text(date.fromordinal(ef[v]), date.fromordinal(lf[v]) if lf.get(v) else None) if ef[v] else ""
            rows.append({**step, "label": ("  " * (j - 1)) + labels[name(v)], "possible_end": possible,
                         "late": (f"+{late} d" if late else "")})
        data.append({"end": fast_slug(name(c[-1])), "length": len(c), "steps": steps})
    res = CriticalPath(
        [col("chain", "kjede", "chain"), col("step", "steg", "step"), col("label", "tiltak", "initiative"),
         col("id", "id"), col("start", "start"), col("end", "slutt", "end"),
         col("possible_end", "mulig slutt", "possible end"),
         col("late", "forsinket", "late")], rows,
        title_nb=("Kritisk sti til " + f"{labels[name(ends[0])]} ({fast_slug(name(ends[0]))})") if id else
                 f"Lengste kjeder av harde avhengigheter til hvert endepunkt",
        title_en=("Critical path to " + f"{labels[name(ends[0])]} ({fast_slug(name(ends[0]))})") if id else
                 f"Longest chains of hard dependencies to each end point",
        kind="critical-path", data={"target": fast_slug(target) if id else None, "chains": data})
    if not id and total_ends > limit:
        res.notes.append(f"… {total_ends - limit} endepunkter til (--limit)" if nb else f"… {total_ends - limit} more end points (--limit)")
    if not id and cycles:
        res.data["cycles"] = [[fast_slug(ix.iris[v]) for v in c] for c in cycles]
        res.notes.append((f"{len(cycles)} avhengighetssløyfer (og det som venter på dem) er utelatt; se kg query order."
                          if nb else f"{len(cycles)} dependency cycles (and what waits on them) are left out; see kg query order."))
    if not id and not ends:
        res.notes.append("Ingen harde avhengigheter." if nb else "No hard dependencies.")
    if any(s["late_days"] for c in data for s in c["steps"]):
        res.notes.append("forsinket = tidligst mulig slutt etter planlagt tidligste slutt, fordi forutsetninger slutter senere"
                         if nb else "late = the earliest possible end is after the planned earliest end, because prerequisites end later")
    return res
