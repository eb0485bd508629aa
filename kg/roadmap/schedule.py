"""The scheduling model: one forward pass over the roadmap's time windows that impact,
critical path, timeline, the diagrams and the check's order rules all read, so they give
the same answer.

Every date is a window [earliest, latest] (a year, half, quarter, month or day, or an
explicit window; an open end such as "2026+" has no latest date). The constraints:

* a hard dependency (``A requires B``): A starts no earlier than B ends;
* ``kg:requiresInForce R``: A starts no earlier than R enters into force.

The pass visits the initiatives in dependency order (Kahn) and, for each, takes what its
constraints require of its start, once with every prerequisite ending at its earliest
(``req_e``) and once at its latest (``req_l``):

* the earliest dates move by ``req_e - earliest start`` when that is positive (slack
  absorbs the rest; a dependent never copies the origin's delta) — *must move at least*;
* the latest dates move by ``req_l - latest start`` when positive; measured from the
  planned earliest start, ``req_l`` is how far it *may have to move up to*;
* an initiative that has started (status or phase established/ongoing/completed, or a
  start window wholly before ``today``) keeps its start: only its end moves;
* it *fits* when ``req_e`` is not after its latest start; it is *at risk* when it fits
  but ``req_l`` is (it fits only if everything before it ends at its earliest); the
  chain of binding prerequisites is what leaves it no slack.

A latest date that is not known (an open end, no end date) bounds nothing: the latest
pass counts only known dates. A prerequisite with no end date can end no earlier than it
starts, which is what the earliest pass uses. Initiatives in a dependency cycle, and
what waits on them, are not scheduled (``blocked``).

Dates are day ordinals (0 = none) and are clamped to the calendar (year 9999 is safe).
"""
from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date

from kg.errors import InputError
from kg.roadmap.index import RoadmapIndex, cycle_in, fast_slug, strongly_connected, window_text
from kg.roadmap.timewin import When, parse_duration, parse_when

STARTED_STATUS = frozenset({"status-pagaende", "status-etablert", "status-avsluttet"})
STARTED_PHASE = frozenset({"fase-pagaende", "fase-etablert"})
MAX_ORD = date.max.toordinal()


# ---------------------------------------------------------------- ordinals
def clamp(o: int) -> int:
    """An ordinal kept inside the calendar (0 stays 0: no date)."""
    return 0 if not o else max(1, min(MAX_ORD, o))


def add_days(o: int, days: int) -> int:
    return clamp(o + days) if o else 0


def shift_months(o: int, months: int, days: int = 0) -> int:
    """``o`` moved by whole months (the last day of a month stays the last day, so a
    quarter stays a quarter) and then days; clamped to the calendar."""
    if not o:
        return 0
    d = date.fromordinal(o)
    y, m = divmod(d.month - 1 + months, 12)
    year, month = d.year + y, m + 1
    if year > 9999:
        return MAX_ORD
    if year < 1:
        return 1
    last = calendar.monthrange(year, month)[1]
    day = last if d.day == calendar.monthrange(d.year, d.month)[1] else min(d.day, last)
    return add_days(date(year, month, day).toordinal(), days)


def move(anchor: int, days: int, other: int) -> int:
    """``other`` moved as ``anchor`` moves by ``days``: by the same whole months when the
    move is a whole number of months at ``anchor`` (so a quarter end stays a quarter end),
    else by the days."""
    if not days or not other:
        return other
    if anchor:
        target = add_days(anchor, days)
        m0 = round(days / 30.4375)
        for m in (m0, m0 - 1, m0 + 1):
            if m > 0 and shift_months(anchor, m) == target:
                return shift_months(other, m)
    return add_days(other, days)


def text(e: int, l: int) -> str:
    """A window of ordinals as the ISO form kg shows (2026-Q3, 2026+, a/b)."""
    if not e and not l:
        return ""
    return window_text(date.fromordinal(e or l), date.fromordinal(l) if l else None)


def iso(o: int) -> str | None:
    return date.fromordinal(o).isoformat() if o else None


# ---------------------------------------------------------------- changes
@dataclass(frozen=True)
class Change:
    """A change to the plan: ``node`` (an IRI) slips by ``slip`` (months, days) or gets a
    new end (a regulation: a new entry window) ``to``. ``text`` is what the user typed."""

    node: str
    slip: tuple[int, int] | None = None
    to: When | None = None
    text: str = ""


def parse_change_value(value: str, what: str = "--change") -> tuple[tuple[int, int] | None, When | None]:
    """'6m' (a duration) or '2027-H2' (a date): (slip, None) or (None, to). '@2027-H2'
    is a date too (the '@' says so explicitly)."""
    v = str(value).strip()
    if v.startswith("@"):
        v = v[1:].strip()
    else:
        try:
            return parse_duration(v), None
        except InputError:
            pass
    try:
        return None, parse_when(v, column=what)
    except InputError:
        raise InputError(
            f"{what}: '{v}' is neither a duration (6m, 2q, 1y, 90d) nor a date (2027, 2027-H2, 2027-06-30).",
            f"{what}: «{v}» er verken en varighet (6m, 2q, 1y, 90d) eller en dato (2027, 2027-H2, 2027-06-30).") from None


def split_change(arg: str) -> tuple[str, str]:
    """'ki-loven:6m' → ('ki-loven', '6m'); the id may itself hold ':' (an IRI)."""
    node, sep, value = str(arg).rpartition(":")
    if not sep or not node.strip() or not value.strip():
        raise InputError(f"--change '{arg}': write ID:DURATION or ID:DATE, e.g. ki-loven:6m or ki-plattform:2027-H2.",
                         f"--change «{arg}»: skriv ID:VARIGHET eller ID:DATO, f.eks. ki-loven:6m eller ki-plattform:2027-H2.")
    return node.strip(), value.strip()


# ---------------------------------------------------------------- the model
class Schedule:
    """The roadmap index's initiatives scheduled by the forward pass, after ``changes``.

    Per initiative ``v`` (index < ix.n_init): the plan after the changes (``sE sL eE
    eL``), what the constraints require of its start (``req_e``, ``req_l``, 0 = nothing
    known) and which node sets each (``by_e``, ``by_l``: an initiative or regulation
    index, -1 none), the scheduled windows (``nsE nsL neE neL``), ``started``,
    ``at_least`` and ``up_to`` (days, from the planned earliest), ``fits`` and
    ``at_risk``. Regulations' entry windows (after changes) are in ``regs``.
    """

    def __init__(self, ix: RoadmapIndex, changes: list[Change] | tuple = (), today: date | None = None,
                 base: "Schedule | None" = None):
        """``base``: the same index scheduled without changes; its structure is reused and
        only what the changes can reach is computed again (the answer is the same)."""
        self.ix = ix
        n = self.n = ix.n_init
        self.today = (today or date.today()).toordinal()
        self.sE, self.sL, self.eE, self.eL = list(ix.sE[:n]), list(ix.sL[:n]), list(ix.eE[:n]), list(ix.eL[:n])
        self.regs: dict[int, tuple[int, int]] = {r: (e or l, l) for r, (e, l) in ix.regs.items()}
        if base is not None and base.today == self.today and not base.changes:
            self.started = base.started
        else:
            started_ix = {i for i, x in enumerate(ix.iris)
                          if fast_slug(x) in STARTED_STATUS or fast_slug(x) in STARTED_PHASE} if n else set()
            st, ph, today_o, sl = ix.status, ix.phase, self.today, self.sL
            self.started = [(v < len(st) and st[v] in started_ix) or (v < len(ph) and ph[v] in started_ix)
                            or (bool(sl[v]) and sl[v] < today_o) for v in range(n)]
        self.changes = list(changes)
        self.changed: dict[int, Change] = {}
        for ch in self.changes:
            self._apply(ch)
        if base is not None and not base.changes:
            self.prereq, self.needs_in_force = base.prereq, base.needs_in_force
            self.dependents, self.order, self.blocked = base.dependents, base.order, base.blocked
            self._forward(base)
            return
        # constraints
        self.prereq: list[list[int]] = [[] for _ in range(n)]
        for a, b, s in zip(ix.dep_a, ix.dep_b, ix.dep_s):
            if s == 0 and a < n and b < n:
                self.prereq[a].append(b)
        self.needs_in_force: list[list[int]] = [[] for _ in range(n)]
        for a, rs in ix.link_map("requires_in_force").items():
            if a < n:
                self.needs_in_force[a] = sorted(r for r in rs if r in self.regs)
        self._order()
        self._forward()

    # -- the plan after the changes
    def _apply(self, ch: Change) -> None:
        ix = self.ix
        p = ix.pos(ch.node)
        name = fast_slug(ch.node)
        if p is not None and p in self.regs and p >= self.n:
            e, l = self.regs[p]
            if ch.to is not None:
                self.regs[p] = (ch.to.earliest.toordinal() if ch.to.earliest else 0,
                                ch.to.latest.toordinal() if ch.to.latest else 0)
            else:
                if not e:
                    raise InputError(f"{name} has no entry-into-force date, so it cannot slip.",
                                     f"{name} har ingen ikrafttredelsesdato, så den kan ikke forskyves.")
                self.regs[p] = (shift_months(e, *ch.slip), shift_months(l, *ch.slip))
            self.changed[p] = ch
            return
        if p is None or p >= self.n:
            raise InputError(f"{name} is neither an initiative nor a regulation; a change needs one of them.",
                             f"{name} er verken et tiltak eller et regelverk; en endring trenger ett av dem.")
        v = p
        if ch.to is not None:
            te = ch.to.earliest.toordinal() if ch.to.earliest else 0
            tl = ch.to.latest.toordinal() if ch.to.latest else 0
            if self.sE[v] and (tl or te) < self.sE[v]:
                raise InputError(f"--to {ch.to.text()} is before {name} starts ({text(self.sE[v], self.sL[v])}).",
                                 f"--to {ch.to.text()} er før {name} starter ({text(self.sE[v], self.sL[v])}).")
            self.eE[v], self.eL[v] = te, tl
        else:
            if not (self.sE[v] or self.eE[v]):
                raise InputError(f"{name} has no start or end date, so it cannot slip.",
                                 f"{name} har ingen start- eller sluttdato, så den kan ikke forskyves.")
            if self.started[v] and not self.eE[v]:
                raise InputError(f"{name} is under way and has no end date: its start cannot move, so a slip has "
                                 f"nothing to move. Give its new end: {name}:DATE or --to DATE.",
                                 f"{name} er i gang og har ingen sluttdato: starten kan ikke flyttes, så en forskyvning "
                                 f"har ingenting å flytte. Oppgi ny slutt: {name}:DATO eller --to DATO.")
            if not self.started[v]:
                self.sE[v], self.sL[v] = shift_months(self.sE[v], *ch.slip), shift_months(self.sL[v], *ch.slip)
            self.eE[v], self.eL[v] = shift_months(self.eE[v], *ch.slip), shift_months(self.eL[v], *ch.slip)
        self.changed[v] = ch

    # -- the forward pass
    def _order(self) -> None:
        """Dependency order (Kahn); what is left is in or after a cycle (``blocked``).
        By hand, not networkx's ``topological_sort``: that refuses a graph with a cycle (this
        order goes on around it), and importing networkx and building its graph costs 50x
        this pass at 1M (measured: :func:`kg.roadmap.index.strongly_connected`)."""
        n = self.n
        dependents: list[list[int]] = [[] for _ in range(n)]
        missing = [0] * n
        for a in range(n):
            ps = self.prereq[a]
            if ps:
                for b in set(ps):
                    dependents[b].append(a)
                missing[a] = len(set(ps))
        ready = [v for v in range(n) if missing[v] == 0]
        ready.reverse()
        order = []
        while ready:
            v = ready.pop()
            order.append(v)
            for d in dependents[v]:
                missing[d] -= 1
                if missing[d] == 0:
                    ready.append(d)
        self.order = order
        self.dependents = dependents
        done = set(order)
        self.blocked = sorted(v for v in range(n) if v not in done)

    def _forward(self, base: "Schedule | None" = None) -> None:
        n = self.n
        if base is None:
            self.req_e, self.req_l = [0] * n, [0] * n
            self.by_e, self.by_l = [-1] * n, [-1] * n
            self.nsE, self.nsL, self.neE, self.neL = list(self.sE), list(self.sL), list(self.eE), list(self.eL)
            self.shift_e, self.shift_l = [0] * n, [0] * n
            self.end_e, self.end_l = [0] * n, [0] * n  # what a dependent sees as this one's end
            visit = self.order
        else:
            # only what the changes can reach differs from the base
            for k in ("req_e", "req_l", "by_e", "by_l", "nsE", "nsL", "neE", "neL", "shift_e", "shift_l", "end_e", "end_l"):
                setattr(self, k, list(getattr(base, k)))
            reach = self.downstream(self.changed)
            visit = [v for v in self.order if v in reach]
        sE, sL, eE, eL, started = self.sE, self.sL, self.eE, self.eL, self.started
        nsE, nsL, neE, neL = self.nsE, self.nsL, self.neE, self.neL
        end_e, end_l, regs = self.end_e, self.end_l, self.regs
        for v in visit:
            re_, rl, be, bl = 0, 0, -1, -1
            for p in self.prereq[v]:
                if end_e[p] > re_:
                    re_, be = end_e[p], p
                if end_l[p] > rl:
                    rl, bl = end_l[p], p
            for r in self.needs_in_force[v]:
                e, l = regs[r]
                if e > re_:
                    re_, be = e, r
                if l > rl:
                    rl, bl = l, r
            self.req_e[v], self.req_l[v], self.by_e[v], self.by_l[v] = re_, rl, be, bl
            anchor_e = sE[v] or eE[v]
            anchor_l = sL[v] or eL[v]
            se = re_ - anchor_e if anchor_e and re_ > anchor_e else 0
            sl = rl - anchor_l if anchor_l and rl > anchor_l else 0
            self.shift_e[v], self.shift_l[v] = se, sl
            if started[v]:
                nsE[v], nsL[v] = sE[v], sL[v]
            else:
                nsE[v], nsL[v] = add_days(sE[v], se), add_days(sL[v], sl)
            neE[v] = move(anchor_e, se, eE[v]) if sE[v] else add_days(eE[v], se)
            neL[v] = move(anchor_l, sl, eL[v]) if sL[v] else add_days(eL[v], sl)
            # a prerequisite with no end ends no earlier than it starts (or than its own
            # prerequisites end); with no end its latest end is unknown
            end_e[v] = neE[v] or nsE[v] or re_
            end_l[v] = neL[v]

    # -- answers
    def scheduled(self, v: int) -> bool:
        return v < self.n and v not in self._blocked_set

    @property
    def _blocked_set(self) -> set[int]:
        if not hasattr(self, "_bs"):
            self._bs = set(self.blocked)
        return self._bs

    def at_least(self, v: int) -> int:
        """Days the planned earliest end (no end: start) must move, everything before it
        ending at its earliest."""
        if self.eE[v]:
            return self.neE[v] - self.eE[v]
        return self.shift_e[v]

    def up_to(self, v: int) -> int:
        """Days the planned earliest date may have to move (everything before ends at its latest)."""
        anchor = self.sE[v] or self.eE[v]
        worst = max(0, self.req_l[v] - anchor) if anchor and self.req_l[v] else 0
        return max(self.at_least(v), worst)

    def fits(self, v: int) -> bool:
        """Its start can stay in its planned window when everything before it ends at its
        earliest (an open latest start always fits)."""
        lim = self.sL[v] if self.sE[v] else self.eL[v]
        return not (lim and self.req_e[v] > lim)

    def at_risk(self, v: int) -> bool:
        """It fits only if everything before it ends at its earliest."""
        lim = self.sL[v] if self.sE[v] else self.eL[v]
        return self.scheduled(v) and self.fits(v) and bool(lim) and self.req_l[v] > lim

    def chain(self, v: int, latest: bool = True) -> list[int]:
        """The chain of binding constraints that ends at ``v``, first node first: each step
        is the prerequisite (or regulation) whose end decides the next one's start."""
        by = self.by_l if latest else self.by_e
        shift = self.shift_l if latest else self.shift_e
        out = [v]
        seen = {v}
        p = by[v]
        while p >= 0 and p not in seen:
            out.append(p)
            seen.add(p)
            if p >= self.n or not shift[p]:
                break
            p = by[p]
        return list(reversed(out))

    def conflict_code(self, v: int) -> str | None:
        """For a started initiative that cannot fit (its start cannot move): the check code
        of the broken rule."""
        if not self.started[v] or self.fits(v) or not self.scheduled(v):
            return None
        return "regulation-timing" if self.by_e[v] >= self.n else "dependency-order"

    def cycles(self) -> list[list[int]]:
        left = self._blocked_set
        succ = lambda v: [p for p in self.prereq[v] if p in left]  # noqa: E731
        return [cycle_in(c, succ) for c in strongly_connected(self.blocked, succ)]

    def window(self, v: int, which: str, new: bool = True) -> tuple[int, int]:
        if which == "start":
            return (self.nsE[v], self.nsL[v]) if new else (self.sE[v], self.sL[v])
        return (self.neE[v], self.neL[v]) if new else (self.eE[v], self.eL[v])

    def downstream(self, nodes) -> set[int]:
        """The initiatives a change of ``nodes`` (initiatives or regulations) can move:
        those that need a regulation among them in force, and everything that hard-depends
        on what is reached."""
        nodes = set(nodes)
        start = {v for v in nodes if v < self.n}
        start |= {v for v in range(self.n) if nodes.intersection(self.needs_in_force[v])}
        seen, stack = set(start), list(start)
        while stack:
            for d in self.dependents[stack.pop()]:
                if d not in seen:
                    seen.add(d)
                    stack.append(d)
        return seen

    def at_risk_list(self) -> list[tuple[int, list[int]]]:
        """Every initiative at risk, with the chain that leaves it no slack."""
        return [(v, self.chain(v)) for v in self.order if self.at_risk(v)]


def plan_range(ix: RoadmapIndex) -> tuple[int, int]:
    """The first and last known date of the initiatives' plan (any bound of a start or
    end window), as ordinals: what a timeline covers by default. (0, 0) when nothing is
    dated."""
    n = ix.n_init
    known = [o for arr in (ix.sE, ix.sL, ix.eE, ix.eL) for o in arr[:n] if o]
    if not known:
        return 0, 0
    return min(known), max(known)


def dependency_cycles(edges) -> set[str]:
    """The nodes on a dependency cycle (a loop of any length, or a node depending on
    itself), from (dependent, prerequisite) pairs: the strongly connected components
    (Tarjan's algorithm), linear in the number of edges."""
    succ: dict[str, list[str]] = {}
    for a, b in edges:
        succ.setdefault(a, []).append(b)
    comps = strongly_connected(sorted(succ), lambda v: succ.get(v, ()))
    return {v for c in comps for v in c}
