"""`kg query impact ID --slip 6m` (or `--to 2027-Q2`, or several changes at once with
`--change ki-loven:6m --change ki-plattform:2027-H2`): what moves, and what then breaks,
if something is late. Each change names an initiative or a regulation.

The answer is the scheduling model's (:mod:`kg.roadmap.schedule`), the same one critical path,
timeline, the diagrams and the check read:

* ``--slip`` moves an initiative as a whole (start and end) — or, if it has started
  (established/ongoing by status or phase, or a start before ``--today``), only its end.
  ``--to DATE`` sets an initiative's new end (its start stays), or a regulation's new
  entry into force; a regulation that slips moves its entry window.
* A forward pass over the hard dependencies (start ≥ the prerequisite's end) and
  ``requiresInForce`` (start ≥ the regulation's entry into force) gives every
  initiative's new windows. A dependent moves only as far as its constraints force it:
  slack absorbs the rest. *Must move at least*: everything before it ends at its
  earliest; *may have to move up to*: everything before it ends at its latest (dates
  that are not known, such as an open end, bound nothing).
* Listed: what moves compared with the plan without the change; initiatives the change
  leaves *at risk* (they fit only if everything before them ends at its earliest) with
  the chain that leaves them no slack; conflicts: an initiative under way whose start
  cannot move and now starts before what it needs (``dependency-order``,
  ``regulation-timing``).

Example::

    kg query impact ki-loven --slip 6m
    kg query impact ki-plattform --to 2027-Q2
    kg query impact --change ki-loven:6m --change ki-plattform:2027-H2
"""
from __future__ import annotations

from datetime import date
from typing import Callable

from kg.errors import InputError
from kg.i18n import Text
from kg.ids import resolve
from kg.query_results import ImpactReport
from kg.results import col, texts
from kg.roadmap.index import RoadmapIndex, fast_slug, label_map, load_index
from kg.roadmap.schedule import Change, Schedule, iso, parse_change_value, shift_months, split_change, text
from kg.roadmap.timewin import parse_duration, parse_when

def _shift_text(days: int | None, anchor: int = 0) -> Text:
    """'+6 mnd (+184 d)' when the move is whole months at ``anchor``, else '+45 d (≈ +1.5 mnd)'."""
    if days is None:
        return Text("åpent", "open")
    if days == 0:
        return Text("0", "0")
    if anchor:
        m0 = round(days / 30.4375)
        for m in (m0, m0 - 1, m0 + 1):
            if m and shift_months(anchor, m) == anchor + days:
                return Text(f"{m:+d} mnd ({days:+d} d)", f"{m:+d} months ({days:+d} d)")
    months = days / 30.4375
    # Norwegian writes a decimal comma: ≈ +17,9 mnd
    return Text(f"{days:+d} d (≈ {months:+.1f} mnd)".replace(".", ","), f"{days:+d} d (≈ {months:+.1f} months)")


def check_args(slip: str | None, to: str | None, changes=()) -> None:
    """One change (``slip`` or ``to``) or several (``changes``: 'ID:VALUE'), each well
    formed (InputError otherwise)."""
    if changes:
        if slip or to:
            raise InputError("give either ID with --slip/--to or --change ID:VALUE (repeatable), not both.",
                             "oppgi enten ID med --slip/--to eller --change ID:VERDI (kan gjentas), ikke begge.")
        for c in changes:
            parse_change_value(split_change(c)[1])
        return
    if bool(slip) == bool(to):
        raise InputError("give either --slip DURATION or --to DATE (or --change ID:VALUE).",
                         "oppgi enten --slip VARIGHET eller --to DATO (eller --change ID:VERDI).")
    if slip:
        parse_duration(slip)
    else:
        parse_when(to, column="--to")


def parse_changes(resolve_id, id: str | None, slip: str | None, to: str | None, changes=()) -> list[Change]:
    """The changes asked for, with ids resolved by ``resolve_id``."""
    check_args(slip, to, changes)
    if not changes:
        if not id:
            raise InputError("name what changes: ID --slip DURATION, ID --to DATE or --change ID:VALUE.",
                             "oppgi hva som endres: ID --slip VARIGHET, ID --to DATO eller --change ID:VERDI.")
        return [Change(resolve_id(id), parse_duration(slip) if slip else None,
                       parse_when(to, column="--to") if to else None, slip or to)]
    out, seen = [], set()
    for c in changes:
        node, value = split_change(c)
        iri = resolve_id(node)
        if iri in seen:
            raise InputError(f"--change names {node} twice.", f"--change nevner {node} to ganger.")
        seen.add(iri)
        sl, t = parse_change_value(value)
        out.append(Change(iri, sl, t, value))
    return out


def run(ws, *, id: str | None = None, slip: str | None = None, to: str | None = None,
        changes=(), today: date | None = None) -> ImpactReport:
    """What moves if ``id`` slips by ``slip`` (6m) or ends at ``to``, or after several
    ``changes`` ('ID:6m', 'ID:2027-H2')."""
    chs = parse_changes(lambda x: resolve(ws, x), id, slip, to, changes)
    return compute(load_index(ws), chs, labels=lambda iris: label_map(ws, iris), today=today)


def compute(ix: RoadmapIndex, changes, slip: str | None = None, to: str | None = None,
            labels: Callable[[list[str]], dict[str, Text]] | None = None, today: date | None = None) -> ImpactReport:
    """The impact of ``changes`` (a list of :class:`kg.roadmap.schedule.Change`, or one origin IRI
    with ``slip``/``to``) on a roadmap index: the whole workspace's (``run``) or the
    subgraph a Neo4j server returns (``kg neo4j query impact``), so both answer with this
    one implementation. ``labels(iris)`` gives each IRI's label in both languages (a
    :class:`kg.i18n.Text`). Rows are ordered by Norwegian name, the same in both languages."""
    if isinstance(changes, str):
        changes = parse_changes(lambda x: x, changes, slip, to)
    changes = list(changes)
    labels = labels or (lambda iris: {i: Text(fast_slug(i), fast_slug(i)) for i in iris})
    base = Schedule(ix, [], today)
    new = Schedule(ix, changes, today, base=base)
    n = ix.n_init
    origins = [ix.pos(c.node) for c in changes]
    moved = [v for v in new.order if v not in new.changed and (
        new.window(v, "start") != base.window(v, "start") or new.window(v, "end") != base.window(v, "end")
        or new.up_to(v) != base.up_to(v))]
    risky = [v for v in new.order if new.at_risk(v) and not base.at_risk(v)]
    conflicts = [v for v in new.order if new.conflict_code(v) and not base.conflict_code(v)]
    blocked = sorted(set(new.blocked) & new.downstream(origins))  # waiting on a cycle: not scheduled
    iris = [ix.iris[v] for v in origins + moved + risky + conflicts]
    for v in moved + risky + conflicts:
        iris += [ix.iris[x] for x in new.chain(v) + new.chain(v, latest=False)]
    name_of = labels(iris)

    def name(v) -> Text:
        return name_of.get(ix.iris[v]) or Text(fast_slug(ix.iris[v]), fast_slug(ix.iris[v]))

    def sid(v):
        return fast_slug(ix.iris[v])

    rows, data_moves = [], []
    started_note = Text("i gang: starten står, bare slutten kan flyttes", "under way: its start stays, only its end can move")
    for c, o in zip(changes, origins):
        if o >= n:
            e0, l0 = base.regs[o]
            e1, l1 = new.regs[o]
            rows.append({"label": name(o), "id": sid(o), "at_least": _shift_text(e1 - e0 if e0 and e1 else None, e0),
                         "up_to": _shift_text(l1 - l0 if l0 and l1 else None, l0),
                         "start": f"{text(e0, l0)} → {text(e1, l1)}", "end": "",
                         "because": Text("ikrafttredelse", "entry into force"), "note": ""})
            data_moves.append({"id": sid(o), "kind": "regulation", "change": c.text,
                               "shift_days": (e1 - e0) if e0 and e1 else None,
                               "entry_old": text(e0, l0), "entry_new": text(e1, l1),
                               "entry_new_earliest": iso(e1), "entry_new_latest": iso(l1)})
        else:
            rows.append(_row(base, new, o, name, sid, c.text, started_note))
            data_moves.append(_move_data(base, new, o, sid, c.text))
    order = sorted(moved, key=lambda v: (-new.at_least(v), name(v)("nb").lower(), ix.iris[v]))
    for v in order:
        rows.append(_row(base, new, v, name, sid, None, started_note))
        data_moves.append(_move_data(base, new, v, sid, None))
    data_conf, notes = [], []
    for v in sorted(conflicts, key=lambda v: (name(v)("nb").lower(), ix.iris[v])):
        code, on = new.conflict_code(v), new.by_e[v]
        needs = text(*new.regs[on]) if on >= n else text(new.end_e[on], new.end_l[on])
        start = text(new.sE[v], new.sL[v])
        data_conf.append({"code": code, "id": sid(v), "on": sid(on), "start": start, "needs": needs})
        who, what = name(v), name(on)
        if code == "dependency-order":
            notes.append(Text(f"dependency-order: {who('nb')} er i gang ({start}), før {what('nb')} tidligst kan slutte ({needs})",
                              f"dependency-order: {who('en')} is under way ({start}), before {what('en')} can end ({needs})"))
        else:
            notes.append(Text(f"regulation-timing: {who('nb')} er i gang ({start}), før {what('nb')} tidligst trer i kraft ({needs})",
                              f"regulation-timing: {who('en')} is under way ({start}), before {what('en')} can be in force ({needs})"))
    data_risk = []
    for v in sorted(risky, key=lambda v: (name(v)("nb").lower(), ix.iris[v])):
        chain = new.chain(v)
        data_risk.append({"id": sid(v), "chain": [sid(x) for x in chain],
                          "start": text(new.sE[v], new.sL[v]), "needs_latest": iso(new.req_l[v])})
        notes.append(texts(lambda lang, v=v, chain=chain: (
            "i fare: {} ({}) passer bare hvis alt før slutter tidligst mulig: {}" if lang == "nb"
            else "at risk: {} ({}) fits only if everything before it ends at its earliest: {}").format(
                name(v)(lang), sid(v), " → ".join(name(x)(lang) for x in chain))))
    head = Text(f"Nye konflikter: {len(conflicts)}; nye i fare: {len(risky)}",
                f"New conflicts: {len(conflicts)}; newly at risk: {len(risky)}")

    def how_of(c, o, nb):
        lang = "nb" if nb else "en"
        if c.slip is not None:
            return f"{name(o)(lang)} ({sid(o)}) forskyves {c.text}" if nb else f"{name(o)(lang)} ({sid(o)}) slipping {c.text}"
        if o >= n:
            return f"{name(o)(lang)} ({sid(o)}) i kraft {c.text}" if nb else f"{name(o)(lang)} ({sid(o)}) in force {c.text}"
        return f"{name(o)(lang)} ({sid(o)}) med slutt {c.text}" if nb else f"{name(o)(lang)} ({sid(o)}) ending {c.text}"
    first = origins[0]
    shift0 = data_moves[0].get("shift_days") if data_moves else None
    res = ImpactReport(
        [col("label", "hva", "what"), col("id", "id"), col("at_least", "flyttes minst", "moves at least"),
         col("up_to", "kan måtte flyttes opptil", "may have to move up to"),
         col("start", "start"), col("end", "slutt", "end"), col("because", "på grunn av", "because of"),
         col("note", "merknad", "note")], rows,
        title_nb=f"Virkning av at {', '.join(how_of(c, o, True) for c, o in zip(changes, origins))}: {len(rows)} flyttes",
        title_en=f"Impact of {', '.join(how_of(c, o, False) for c, o in zip(changes, origins))}: {len(rows)} move",
        notes=[head] + notes, kind="impact",
        data={"origin": sid(first), "origin_kind": "initiative" if first < n else "regulation",
              "slip": changes[0].text if changes[0].slip else None, "to": changes[0].text if changes[0].to else None,
              "changes": [{"id": sid(o), "kind": "initiative" if o < n else "regulation", "value": c.text,
                           "slip": c.slip is not None} for c, o in zip(changes, origins)],
              "today": date.fromordinal(new.today).isoformat(),
              "shift_days": shift0, "moves": data_moves, "conflicts": data_conf, "at_risk": data_risk,
              "in_cycle": len(blocked)})
    if blocked:
        res.notes.append(Text(f"{len(blocked)} tiltak i eller etter en avhengighetssløyfe er ikke planlagt (se kg query order)",
                              f"{len(blocked)} initiatives in or after a dependency cycle are not scheduled (see kg query order)"))
    return res


def _because(new: Schedule, v: int) -> int:
    return new.by_e[v] if new.shift_e[v] else new.by_l[v]


def _row(base, new, v, name, sid, change, started_note) -> dict:
    s0, s1 = base.window(v, "start", new=False), new.window(v, "start")
    e0, e1 = base.window(v, "end", new=False), new.window(v, "end")
    anchor = e0[0] or s0[0]
    least = (e1[0] - e0[0]) if e0[0] else (s1[0] - s0[0])
    if change is None:
        least, up = new.at_least(v), new.up_to(v)
    elif e1[0] and not e0[0]:
        least = up = None  # a new end where there was none: nothing to measure from
    else:
        up = (e1[1] - e0[1]) if e0[1] and e1[1] else ((s1[1] - s0[1]) if s0[1] and s1[1] else least)
    b = _because(new, v)
    note = []
    if new.started[v]:
        note.append(started_note)
    if change is None and not new.fits(v):
        note.append(Text("må ut av planlagt vindu", "must leave its planned window"))
    elif new.at_risk(v):
        note.append(Text("i fare", "at risk"))
    # "up to" of a change: its latest date's move; of a dependent: from its planned earliest start
    up_anchor = (e0[1] or s0[1]) if change is not None else (s0[0] or e0[0])
    return {"label": name(v), "id": sid(v), "at_least": _shift_text(least, anchor) if least is not None else "",
            "up_to": _shift_text(up, up_anchor) if up is not None else "",
            "start": f"{text(*s0)} → {text(*s1)}" if s0[0] or s0[1] else "",
            "end": f"{text(*e0) or '–'} → {text(*e1)}" if e0[0] or e1[0] else "",
            "because": "" if change is not None or b < 0 else texts(lambda lang: f"{name(b)(lang)} ({sid(b)})"),
            "note": texts(lambda lang: "; ".join(x(lang) for x in note)) if note else ""}


def _move_data(base, new, v, sid, change) -> dict:
    s0, s1 = base.window(v, "start", new=False), new.window(v, "start")
    e0, e1 = base.window(v, "end", new=False), new.window(v, "end")
    b = _because(new, v)
    least = (e1[0] - e0[0]) if e0[0] else (None if e1[0] else s1[0] - s0[0])
    return {"id": sid(v), "kind": "initiative", "change": change,
            "shift_days": least if change is not None else new.at_least(v),
            "at_least_days": least if change is not None else new.at_least(v),
            "up_to_days": None if change is not None else new.up_to(v),
            "because": sid(b) if change is None and b >= 0 else None,
            "already_started": new.started[v], "fits": new.fits(v), "at_risk": new.at_risk(v),
            "start_old": text(*s0), "start_new": text(*s1), "end_old": text(*e0), "end_new": text(*e1),
            "start_new_earliest": iso(s1[0]), "start_new_latest": iso(s1[1]),
            "end_new_earliest": iso(e1[0]), "end_new_latest": iso(e1[1])}
