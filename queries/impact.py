"""`kg query impact ID --slip 6m` (or `--to 2027-Q2`): what moves, and what then breaks, if
ID is late. ID is an initiative or a regulation.

* An initiative that slips moves as a whole (start and end). A regulation that slips moves
  its entry-into-force window.
* The delay travels along hard dependencies: a dependent moves by the delay minus the slack
  it already had (its earliest start minus the prerequisite's earliest end, or, for an
  initiative that requires a regulation in force, minus the regulation's earliest entry
  date). Soft dependencies do not move anything.
* Conflicts are what the slip creates if nothing else is replanned, by the rules of
  ``kg check``: ``dependency-order`` (even the latest possible start of an initiative is
  before the earliest possible end of something it hard-depends on) and
  ``regulation-timing`` (even the latest possible start of an initiative that requires a
  regulation in force is before the regulation's earliest entry date). An open-ended
  start ("2026+") has no latest date, so it never conflicts for certain. Conflicts that
  existed before are not counted.
* Initiatives already under way (status ongoing, established or completed) are flagged:
  their start cannot move.

Example::

    kg query impact ki-plattform --slip 6m
    kg query impact ki-loven --slip 6m
    kg query impact ki-plattform --to 2027-Q2
"""
from __future__ import annotations

from typing import Callable

from kg.errors import InputError
from kg.ids import resolve
from kg.query_results import ImpactReport
from kg.results import col
from kg.roadmap_index import RoadmapIndex, fast_slug, from_ordinal, label_map, load_index, when_text
from kg.timewin import When, parse_duration, parse_when

STARTED = {"status-pagaende", "status-etablert", "status-avsluttet"}


def _days(a, b) -> int:
    return (a - b).days


def _month_delta(a, b) -> tuple[int, int]:
    """Whole months and remaining days from date a to date b."""
    months = (b.year - a.year) * 12 + (b.month - a.month)
    return months, b.day - a.day if a.day != 1 or b.day != 1 else 0


def _shift_ord(d_ord: int, months: int, days: int = 0) -> int:
    return When(from_ordinal(d_ord), None).shifted(months, days).earliest.toordinal()


def _months_covering(d_ord: int, need_days: int) -> int:
    """The fewest whole months that move a date at least ``need_days`` later, so a
    quarter stays a quarter."""
    if not d_ord:
        return max(1, -(-need_days // 31))
    m = max(0, need_days // 31)
    while _shift_ord(d_ord, m) - d_ord < need_days:
        m += 1
    return m


def _shift_text(days: int, lang: str, md: tuple[int, int] | None = None) -> str:
    if days == 0:
        return "0"
    if md and md[0] and not md[1]:
        return (f"{md[0]:+d} mnd ({days:+d} d)" if lang == "nb" else f"{md[0]:+d} months ({days:+d} d)")
    months = days / 30.4375
    return (f"{days:+d} d (≈ {months:+.1f} mnd)" if lang == "nb" else f"{days:+d} d (≈ {months:+.1f} months)")


def check_args(slip: str | None, to: str | None) -> None:
    """Exactly one of ``slip`` and ``to``, each well formed (InputError otherwise)."""
    if bool(slip) == bool(to):
        raise InputError("give either --slip DURATION or --to DATE.", "oppgi enten --slip VARIGHET eller --to DATO.")
    if slip:
        parse_duration(slip)
    else:
        parse_when(to, column="--to")


def run(ws, id: str, slip: str | None = None, to: str | None = None, lang: str = "nb") -> ImpactReport:
    """Propagate a delay of ``id`` (``slip`` such as 6m, or a new date ``to``)."""
    if bool(slip) == bool(to):
        raise InputError("give either --slip DURATION or --to DATE.", "oppgi enten --slip VARIGHET eller --to DATO.")
    origin = resolve(ws, id)
    return compute(load_index(ws), origin, slip, to, lang, lambda iris: label_map(ws, iris, lang))


def compute(ix: RoadmapIndex, origin: str, slip: str | None, to: str | None, lang: str,
            labels: Callable[[list[str]], dict[str, str]]) -> ImpactReport:
    """The impact arithmetic and conflict rules on a roadmap index: the whole workspace's
    (``run``) or the subgraph a Neo4j server returns (``kg neo4j query impact``), so both
    answer with this one implementation. ``ix`` must hold the origin, what requires it in
    force, everything reachable from them along hard dependencies with every dependency
    edge touching those nodes, and the origin's prerequisites and regulations.
    ``labels(iris)`` gives each IRI's display label."""
    nb = lang == "nb"
    if bool(slip) == bool(to):
        raise InputError("give either --slip DURATION or --to DATE.", "oppgi enten --slip VARIGHET eller --to DATO.")
    o = ix.pos(origin)
    n = ix.n_init
    is_init = o is not None and o < n
    is_reg = o is not None and o in ix.regs
    if not (is_init or is_reg):
        raise InputError(f"{fast_slug(origin)} is neither an initiative nor a regulation; impact needs one of them.",
                         f"{fast_slug(origin)} er verken et tiltak eller et regelverk; impact trenger ett av dem.")
    months, days = parse_duration(slip) if slip else (0, 0)
    new_to = parse_when(to, column="--to") if to else None
    status = {i: fast_slug(ix.iris[s]) for i, s in enumerate(ix.status) if s >= 0}
    moves: dict[int, dict] = {}
    shift: dict[int, int] = {}
    cause: dict[int, int] = {}
    conflicts: list[dict] = []
    rif = ix.link_map("requires_in_force")
    if is_init:
        s, e = ix.start(o), ix.end(o)
        if s is None and e is None:
            raise InputError(f"{fast_slug(origin)} has no start or end date, so it cannot slip.",
                             f"{fast_slug(origin)} har ingen start- eller sluttdato, så den kan ikke forskyves.")
        ref = e or s
        if new_to:
            mo, dy = _month_delta(ref.earliest, new_to.earliest)
            ns, ne = (s.shifted(mo, dy) if s else None), (new_to if e else None)
            if not e:
                ns = new_to
            delta = _days(new_to.earliest, ref.earliest)
        else:
            ns, ne = (s.shifted(months, days) if s else None), (e.shifted(months, days) if e else None)
            delta = _days((ne or ns).earliest, ref.earliest)
        shift[o] = delta
        origin_md = _month_delta(ref.earliest, new_to.earliest) if new_to else (months, days)
        moves[o] = {"old": (s, e), "new": (ns, ne)}
        seeds = [o]
    else:
        entry = ix.reg_entry(origin)
        if entry is None or entry.earliest is None:
            raise InputError(f"{fast_slug(origin)} has no entry-into-force date, so it cannot slip.",
                             f"{fast_slug(origin)} har ingen ikrafttredelsesdato, så den kan ikke forskyves.")
        new_entry = new_to if new_to else entry.shifted(months, days)
        delta = _days(new_entry.earliest, entry.earliest)
        origin_md = _month_delta(entry.earliest, new_entry.earliest) if new_to else (months, days)
        seeds = []
        # initiatives that need the regulation in force
        for i, regs in rif.items():
            if o not in regs:
                continue
            si = ix.sE[i]
            if not si:
                continue
            sl = ix.sL[i]  # as kg check: even the latest possible start is too early
            was = bool(sl) and sl < entry.earliest.toordinal()
            now = bool(sl) and sl < new_entry.earliest.toordinal()
            if now and not was:
                conflicts.append({"code": "regulation-timing", "node": i, "on": o,
                                  "start": when_text(ix.start(i)), "needs": when_text(new_entry)})
            need = delta - max(0, si - entry.earliest.toordinal())
            if need > 0:
                shift[i] = max(shift.get(i, 0), need)
                cause[i] = o
                seeds.append(i)
    # propagate along hard dependencies, in topological order of what is reached
    down = ix.down()
    reach = set(seeds)
    stack = list(seeds)
    while stack:
        v = stack.pop()
        for k in down[v]:
            if ix.dep_s[k] != 0:
                continue
            d = ix.dep_a[k]
            if d < n and d not in reach:
                reach.add(d)
                stack.append(d)
    indeg = {v: 0 for v in reach}
    for v in reach:
        for k in down[v]:
            d = ix.dep_a[k]
            if ix.dep_s[k] == 0 and d in reach:
                indeg[d] += 1
    ready = sorted((v for v in reach if indeg[v] == 0), reverse=True)  # by index (IRI order): same on any index
    done = 0
    end_shift: dict[int, int] = {}
    if is_init:
        ne0 = moves[o]["new"][1]
        if ne0 is not None and ix.eE[o]:
            end_shift[o] = ne0.earliest.toordinal() - ix.eE[o]
    months_of: dict[int, int] = {}
    while ready:
        p = ready.pop()
        done += 1
        if p != o or not is_init:
            need = shift.get(p, 0)
            if need > 0:
                # the full delay moves by the same calendar amount as the origin; a part
                # of it by the fewest whole months that cover it (a quarter stays a quarter)
                md = origin_md if need >= delta and origin_md else (_months_covering(ix.sE[p] or ix.eE[p], need), 0)
                months_of[p] = md
                if ix.eE[p]:
                    end_shift[p] = _shift_ord(ix.eE[p], *md) - ix.eE[p]
                else:
                    end_shift[p] = need
        for k in down[p]:
            d = ix.dep_a[k]
            if ix.dep_s[k] != 0 or d not in reach:
                continue
            sp = end_shift.get(p, shift.get(p, 0))
            if sp > 0:
                slack = (ix.sE[d] - ix.eE[p]) if ix.sE[d] and ix.eE[p] else 0
                need = sp - max(0, slack)
                if need > shift.get(d, 0):
                    shift[d] = need
                    cause[d] = p
            indeg[d] -= 1
            if indeg[d] == 0:
                ready.append(d)
    in_loop = len(reach) - done
    if is_init:
        # conflicts if nobody else is replanned: the origin against its neighbours
        # as kg check: a conflict is certain when even the latest possible start is before
        # the earliest possible end (or entry into force)
        ns, ne = moves[o]["new"]
        oe_old, os_old = ix.eE[o], ix.sL[o]
        ne_o = ne.earliest.toordinal() if ne and ne.earliest else 0
        ns_o = ns.latest.toordinal() if ns and ns.latest else 0
        for k in down[o]:
            d = ix.dep_a[k]
            if ix.dep_s[k] == 0 and d < n and ix.sL[d] and ne_o:
                if ix.sL[d] < ne_o and not (oe_old and ix.sL[d] < oe_old):
                    conflicts.append({"code": "dependency-order", "node": d, "on": o,
                                      "start": when_text(ix.start(d)), "needs": when_text(ne)})
        for k in ix.up()[o]:
            p = ix.dep_b[k]
            if ix.dep_s[k] == 0 and p < n and ix.eE[p] and ns_o:
                if ns_o < ix.eE[p] and not (os_old and os_old < ix.eE[p]):
                    conflicts.append({"code": "dependency-order", "node": o, "on": p,
                                      "start": when_text(ns), "needs": when_text(ix.end(p))})
        for r in rif.get(o, []):
            ent = ix.regs.get(r)
            if ent and ent[0] and ns_o and ns_o < ent[0] and not (os_old and os_old < ent[0]):
                conflicts.append({"code": "regulation-timing", "node": o, "on": r,
                                  "start": when_text(ns), "needs": when_text(ix.reg_entry(ix.iris[r]))})
    for v, dd in shift.items():
        if v == o and is_init:
            continue
        if dd > 0 and v < n:
            s, e = ix.start(v), ix.end(v)
            m = months_of.get(v)
            if m is not None:
                moves[v] = {"old": (s, e), "new": (s.shifted(*m) if s else None, e.shifted(*m) if e else None)}
                shift[v] = ((s.shifted(*m).earliest - s.earliest).days if s else dd)
            else:
                moves[v] = {"old": (s, e), "new": (s.shifted(0, dd) if s else None, e.shifted(0, dd) if e else None)}
    iris = [ix.iris[v] for v in moves] + [ix.iris[c["node"]] for c in conflicts] + [ix.iris[c["on"]] for c in conflicts] \
        + [ix.iris[c] for c in cause.values()] + [origin]
    labels = labels(iris)

    def name(v):
        return labels[ix.iris[v]]

    order = sorted(moves, key=lambda v: (v != o, -shift.get(v, 0), name(v).lower(), ix.iris[v]))
    rows, data_moves = [], []
    if is_reg:
        rows.append({"id": fast_slug(origin), "label": name(o), "shift": _shift_text(delta, lang, origin_md),
                     "start": f"{when_text(ix.reg_entry(origin))} → {when_text(new_entry)}", "end": "",
                     "because": ("ikrafttredelse" if nb else "entry into force"), "note": ""})
        data_moves.append({"id": fast_slug(origin), "kind": "regulation", "shift_days": delta,
                           "entry_old": when_text(ix.reg_entry(origin)), "entry_new": when_text(new_entry),
                           "entry_new_earliest": new_entry.earliest.isoformat() if new_entry.earliest else None,
                           "entry_new_latest": new_entry.latest.isoformat() if new_entry.latest else None})
    for v in order:
        (s0, e0), (s1, e1) = moves[v]["old"], moves[v]["new"]
        dd = shift.get(v, 0)
        started = status.get(v) in STARTED
        note = ("allerede i gang: starten kan ikke flyttes" if nb else "already under way: its start cannot move") if started and v != o else ""
        because = "" if v == o else (name(cause[v]) + f" ({fast_slug(ix.iris[cause[v]])})")
        md = origin_md if v == o else months_of.get(v)
        rows.append({"id": fast_slug(ix.iris[v]), "label": name(v), "shift": _shift_text(dd, lang, md),
                     "start": f"{when_text(s0)} → {when_text(s1)}" if s0 else "",
                     "end": f"{when_text(e0)} → {when_text(e1)}" if e0 else "",
                     "because": because, "note": note})
        data_moves.append({
            "id": fast_slug(ix.iris[v]), "kind": "initiative", "shift_days": dd,
            "because": fast_slug(ix.iris[cause[v]]) if v in cause else None, "already_started": started,
            "start_old": when_text(s0), "start_new": when_text(s1), "end_old": when_text(e0), "end_new": when_text(e1),
            "start_new_earliest": s1.earliest.isoformat() if s1 and s1.earliest else None,
            "start_new_latest": s1.latest.isoformat() if s1 and s1.latest else None,
            "end_new_earliest": e1.earliest.isoformat() if e1 and e1.earliest else None,
            "end_new_latest": e1.latest.isoformat() if e1 and e1.latest else None})
    data_conf = []
    notes = []
    for c in sorted(conflicts, key=lambda c: (c["code"], name(c["node"]).lower(), ix.iris[c["node"]], ix.iris[c["on"]])):
        data_conf.append({"code": c["code"], "id": fast_slug(ix.iris[c["node"]]), "on": fast_slug(ix.iris[c["on"]]),
                          "start": c["start"], "needs": c["needs"]})
        if c["code"] == "dependency-order":
            notes.append(f"dependency-order: {name(c['node'])} starter {c['start']}, før {name(c['on'])} tidligst kan slutte ({c['needs']})"
                         if nb else f"dependency-order: {name(c['node'])} starts {c['start']}, before {name(c['on'])} can end ({c['needs']})")
        else:
            notes.append(f"regulation-timing: {name(c['node'])} starter {c['start']}, før {name(c['on'])} tidligst trer i kraft ({c['needs']})"
                         if nb else f"regulation-timing: {name(c['node'])} starts {c['start']}, before {name(c['on'])} can be in force ({c['needs']})")
    head = (f"Nye konflikter hvis ingenting annet planlegges om: {len(conflicts)}" if nb
            else f"New conflicts if nothing else is replanned: {len(conflicts)}")
    how = slip or to
    res = ImpactReport(
        [col("label", "hva", "what"), col("id", "id"), col("shift", "flyttes", "moves by"),
         col("start", "start"), col("end", "slutt", "end"), col("because", "på grunn av", "because of"),
         col("note", "merknad", "note")], rows,
        title_nb=f"Virkning av at {name(o)} ({fast_slug(origin)}) forskyves {how}: {len(rows)} flyttes",
        title_en=f"Impact of {name(o)} ({fast_slug(origin)}) slipping {how}: {len(rows)} move",
        notes=[head] + notes, kind="impact",
        data={"origin": fast_slug(origin), "origin_kind": "initiative" if is_init else "regulation",
              "slip": slip, "to": to, "shift_days": delta, "moves": data_moves, "conflicts": data_conf,
              "in_cycle": in_loop})
    if in_loop:
        res.notes.append(f"{in_loop} tiltak i en avhengighetssløyfe ble ikke flyttet" if nb
                         else f"{in_loop} initiatives in a dependency cycle were not moved")
    return res
