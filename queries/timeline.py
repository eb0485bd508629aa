"""`kg query timeline`: what starts, runs and ends in each period (year, quarter), or the
initiatives by phase, optionally in lanes (owner, phase, challenge, network), with the
regulation dates as milestones: the EU AI Act's application dates (original and amended
text) and regulations' entry-into-force windows (KI-loven: 2026-Q3/2026-Q4).

An initiative *starts* in the period holding its earliest start, *ends* in the period
holding its latest end, and *runs* in every period in between. One with no end date runs
to the end of the timeline. Without ``--from``/``--to`` the timeline covers the data (the
first and last date of the plan, :func:`kg.roadmap.schedule.plan_range`); either alone works.
Cells hold every name (CSV and JSON are whole); the text table shortens them to
``--limit`` and says so. Initiatives the scheduling model finds at risk are listed with
the chain that leaves them no slack.

Example::

    kg query timeline --from 2025 --to 2030
    kg query timeline --by quarter --from 2026 --to 2026 --lane owner
"""
from __future__ import annotations

import calendar
from bisect import bisect_right
from datetime import date

from kg.errors import InputError
from kg.query_results import Timeline
from kg.results import col
from kg.roadmap.index import PHASES, _date_ord, _tsv, fast_slug, label_map, load_index, window_text
from kg.roadmap.schedule import Schedule, plan_range
from kg.roadmap.timewin import parse_when

NONE = ("(ingen)", "(none)")


def _periods(by: str, start: date, end: date) -> list[tuple[str, date, date]]:
    out = []
    if by == "year":
        for y in range(start.year, end.year + 1):
            out.append((str(y), date(y, 1, 1), date(y, 12, 31)))
    else:
        y, q = start.year, (start.month - 1) // 3 + 1
        while (y, q) <= (end.year, (end.month - 1) // 3 + 1):
            m = 3 * (q - 1) + 1
            last = date(y, m + 2, calendar.monthrange(y, m + 2)[1])  # year 9999 too
            out.append((f"{y}-Q{q}", date(y, m, 1), last))
            q += 1
            if q == 5:
                y, q = y + 1, 1
    return out


def _networks(ws) -> dict[str, list[str]]:
    """organisation → the networks it is a member of (org:Membership or org:memberOf)."""
    out: dict[str, list[str]] = {}
    rows = _tsv(ws, """SELECT ?m ?n WHERE { ?n a kg:Network .
        { ?ms org:member ?m ; org:organization ?n } UNION { ?m org:memberOf ?n } }""")
    for m, n in rows:
        out.setdefault(m, []).append(n)
    for (n,) in _tsv(ws, "SELECT ?n WHERE { ?n a kg:Network }"):
        out.setdefault(n, []).append(n)
    return out


def milestones(ws, start: date, end: date, text: str = "both") -> list[dict]:
    """Regulation dates between ``start`` and ``end``: application dates and entry windows."""
    out = []
    rows = _tsv(ws, """SELECT ?ad ?d ?tv ?reg WHERE { ?ad a kg:ApplicationDate ; eli:date_applicability ?d .
        OPTIONAL { ?ad kg:textVersion ?tv } OPTIONAL { ?ad eli:is_part_of ?reg } }""")
    for ad, d, tv, reg in rows:
        o = _date_ord(d)
        if not o or not (start.toordinal() <= o <= end.toordinal()):
            continue
        version = "amended" if tv.endswith("tekst-endret") else "original"
        if text != "both" and version != text:
            continue
        out.append({"id": ad, "regulation": reg or None, "earliest": o, "latest": o, "kind": "application-date",
                    "text": version})
    for r, e, l in _tsv(ws, """SELECT ?r ?e ?l WHERE { ?r a kg:Regulation ; kg:entryIntoForce ?x .
            OPTIONAL { ?x kg:earliest ?e } OPTIONAL { ?x kg:latest ?l } }"""):
        eo, lo = _date_ord(e), _date_ord(l)
        eo, lo = eo or lo, lo or eo
        if not eo or lo < start.toordinal() or eo > end.toordinal():
            continue
        out.append({"id": r, "regulation": r, "earliest": eo, "latest": lo, "kind": "entry-into-force", "text": None})
    out.sort(key=lambda m: (m["earliest"], m["id"]))
    return out


def run(ws, from_: str | None = None, to: str | None = None, by: str = "year", lane: str | None = None,
        limit: int = 8, text: str = "both", lang: str = "nb") -> Timeline:
    """The timeline between ``from_`` and ``to`` (e.g. 2025, 2026-Q3), by year, quarter or
    phase, in lanes by owner, phase, challenge or network."""
    nb = lang == "nb"
    if by not in ("year", "quarter", "phase"):
        raise InputError(f"--by must be year, quarter or phase, not '{by}'.", f"--by må være year, quarter eller phase, ikke «{by}».")
    if lane not in (None, "owner", "phase", "challenge", "network"):
        raise InputError(f"--lane must be owner, phase, challenge or network, not '{lane}'.",
                         f"--lane må være owner, phase, challenge eller network, ikke «{lane}».")
    ix = load_index(ws)
    n = ix.n_init
    ends = [ix.eL[i] or ix.eE[i] for i in range(n)]
    dated = [i for i in range(n) if ix.sE[i]]
    lo_o, hi_o = plan_range(ix)
    lo = date.fromordinal(lo_o) if lo_o else date.today()
    hi = date.fromordinal(hi_o) if hi_o else lo
    w_from = parse_when(from_, column="--from") if from_ else None
    w_to = parse_when(to, column="--to") if to else None
    end = (w_to.latest or w_to.earliest) if w_to else max(hi, (w_from.latest or w_from.earliest) if w_from else hi)
    # --to alone: from the start of the data, or of --to's own period if the data begins later
    start = w_from.earliest if w_from else (lo if lo <= end else w_to.earliest)
    if end < start:
        raise InputError("--to is before --from.", "--to er før --from.")
    # lanes
    lane_of: dict[int, list[str]] = {}
    if lane == "owner":
        lane_of = {i: [ix.iris[o] for o in v] for i, v in ix.link_map("owners").items()}
    elif lane == "phase":
        lane_of = {i: [ix.iris[p]] for i, p in enumerate(ix.phase) if p >= 0}
    elif lane == "challenge":
        lane_of = {i: [ix.iris[c] for c in v] for i, v in ix.link_map("challenges").items()}
    elif lane == "network":
        nets = _networks(ws)
        orgs = ix.link_map("owners")
        for i, v in ix.link_map("participants").items():
            orgs.setdefault(i, []).extend(v)
        for i, v in orgs.items():
            found = sorted({net for o in v for net in nets.get(ix.iris[o], [])})
            if found:
                lane_of[i] = found
    none = NONE[0] if nb else NONE[1]

    def lanes(i):
        return lane_of.get(i) or [""] if lane is None else (lane_of.get(i) or [none])

    cells: dict[tuple[str, str], dict[str, list[int]]] = {}
    periods: list[tuple[str, date, date]]
    if by == "phase":
        periods = [(p, date.min, date.max) for p in PHASES]
        phase_ix = {ix.iris[p]: p for p in set(ix.phase) if p >= 0}
        for i in range(n):
            ph = fast_slug(ix.iris[ix.phase[i]]) if ix.phase[i] >= 0 else none
            for ln in lanes(i):
                cells.setdefault((ph, ln), {"starts": [], "runs": [], "ends": []})["runs"].append(i)
        if any(k[0] == none for k in cells):
            periods.append((none, date.min, date.max))
    else:
        periods = _periods(by, start, end)
        bounds = [(p, a.toordinal(), b.toordinal()) for p, a, b in periods]
        firsts = [a for _, a, _ in bounds]
        lo_o, hi_o = start.toordinal(), end.toordinal()
        for i in dated:
            s, e = ix.sE[i], ends[i] or hi_o
            if e < lo_o or s > hi_o:
                continue
            # only the periods the initiative overlaps
            for p, a, b in bounds[max(0, bisect_right(firsts, s) - 1):bisect_right(firsts, e)]:
                st, en = a <= s <= b, bool(ends[i]) and a <= e <= b
                whats = (["starts"] if st else []) + (["ends"] if en else []) or ["runs"]
                for ln in lanes(i):
                    c = cells.setdefault((p, ln), {"starts": [], "runs": [], "ends": []})
                    for what in whats:
                        c[what].append(i)
    ms = milestones(ws, start, end, text) if by != "phase" else milestones(ws, date(1900, 1, 1), date(2100, 12, 31), text)
    # labels: every item (cells are whole), or slugs when there are very many
    shown = set()
    for c in cells.values():
        for k in c.values():
            shown.update(ix.iris[i] for i in k)
    lane_iris = {ln for (_, ln) in cells if ln.startswith("http")}
    shown |= lane_iris | {m["id"] for m in ms}
    many = len(shown) > 1500
    labels = label_map(ws, shown if not many else lane_iris | {m["id"] for m in ms}, lang)
    phase_labels = label_map(ws, [ix.iris[p] for p in set(ix.phase) if p >= 0], lang) if by == "phase" or lane == "phase" else {}

    def name(i):
        return labels.get(ix.iris[i]) or fast_slug(ix.iris[i])

    def cell(items):
        # every name, by name: the text table shortens to --limit when it is rendered
        return [name(i) for i in sorted(set(items), key=lambda i: (name(i).lower(), ix.iris[i]))]

    def ms_text(m):
        if m["kind"] == "entry-into-force":
            w = window_text(date.fromordinal(m["earliest"]), date.fromordinal(m["latest"]))
            return (f"{labels.get(m['id'], fast_slug(m['id']))} trer i kraft ({w})" if nb
                    else f"{labels.get(m['id'], fast_slug(m['id']))} enters into force ({w})")
        return labels.get(m["id"], fast_slug(m["id"]))

    rows, data_periods = [], []
    ph_name = {fast_slug(k): v for k, v in phase_labels.items()}
    for p, a, b in periods:
        pms = [m for m in ms if by == "phase" or not (m["latest"] < a.toordinal() or m["earliest"] > b.toordinal())] if by != "phase" else []
        lanes_here = sorted({ln for (pp, ln) in cells if pp == p},
                            key=lambda ln: (ln == none, (labels.get(ln) or ph_name.get(fast_slug(ln)) or ln).lower()))
        entry = {"period": p, "from": a.isoformat() if by != "phase" else None,
                 "to": b.isoformat() if by != "phase" else None, "lanes": [],
                 "milestones": [{"id": fast_slug(m["id"]), "kind": m["kind"], "text": m["text"],
                                 "earliest": date.fromordinal(m["earliest"]).isoformat(),
                                 "latest": date.fromordinal(m["latest"]).isoformat(), "label": ms_text(m)} for m in pms]}
        period_label = ph_name.get(p, p) if by == "phase" else p
        if not lanes_here and pms:
            rows.append({"period": period_label, "lane": "", "starts": "", "runs": "", "ends": "",
                         "milestones": "; ".join(ms_text(m) for m in pms)})
        for k, ln in enumerate(lanes_here):
            c = cells[(p, ln)]
            ln_label = labels.get(ln) or ph_name.get(fast_slug(ln)) or (fast_slug(ln) if ln.startswith("http") else ln)
            rows.append({"period": period_label, "lane": ln_label,
                         "starts": cell(c["starts"]), "runs": cell(c["runs"]), "ends": cell(c["ends"]),
                         "n_starts": len(c["starts"]), "n_runs": len(c["runs"]), "n_ends": len(c["ends"]),
                         "milestones": "; ".join(ms_text(m) for m in pms) if k == 0 else ""})
            entry["lanes"].append({"lane": fast_slug(ln) if ln.startswith("http") else ln,
                                   "starts": sorted(fast_slug(ix.iris[i]) for i in c["starts"]),
                                   "runs": sorted(fast_slug(ix.iris[i]) for i in c["runs"]),
                                   "ends": sorted(fast_slug(ix.iris[i]) for i in c["ends"])})
        data_periods.append(entry)
    cols = [col("period", "periode" if by != "phase" else "fase", "period" if by != "phase" else "phase")]
    if lane:
        cols.append(col("lane", {"owner": "eier", "phase": "fase", "challenge": "utfordring", "network": "nettverk"}[lane], lane))
    if by == "phase":
        cols.append(col("runs", "tiltak", "initiatives"))
    else:
        cols += [col("starts", "starter", "starts"), col("runs", "pågår", "runs"), col("ends", "slutter", "ends"),
                 col("milestones", "regelverk", "regulation milestones")]
    span = f" {start.isoformat()}–{end.isoformat()}" if by != "phase" else ""
    res = Timeline(cols, rows,
                   title_nb=f"Tidslinje{span} per {dict(year='år', quarter='kvartal', phase='fase')[by]}"
                            + (f", spor: {cols[1].nb}" if lane else ""),
                   title_en=f"Timeline{span} by {by}" + (f", lanes: {lane}" if lane else ""),
                   kind="timeline",
                   data={"from": start.isoformat(), "to": end.isoformat(), "by": by, "lane": lane,
                         "periods": data_periods})
    sched = Schedule(ix)
    risky = sched.at_risk_list()
    res.data["at_risk"] = [{"id": fast_slug(ix.iris[v]), "chain": [fast_slug(ix.iris[x]) for x in ch]} for v, ch in risky]
    if risky:
        rl = label_map(ws, {ix.iris[x] for _, ch in risky for x in ch}, lang)
        for v, ch in risky:
            arrow = " → ".join(rl.get(ix.iris[x]) or fast_slug(ix.iris[x]) for x in ch)
            res.notes.append(f"i fare: {rl.get(ix.iris[v]) or fast_slug(ix.iris[v])} passer bare hvis alt før slutter tidligst mulig: {arrow}"
                             if nb else f"at risk: {rl.get(ix.iris[v]) or fast_slug(ix.iris[v])} fits only if everything before it ends at its earliest: {arrow}")
    undated = n - len(dated)
    if undated and by != "phase":
        res.notes.append(f"{undated} tiltak uten startdato er ikke med." if nb else f"{undated} initiatives without a start date are left out.")
    if many:
        res.notes.append("Mange tiltak: viser id-er i stedet for navn." if nb else "Many initiatives: showing ids instead of names.")
    return res
