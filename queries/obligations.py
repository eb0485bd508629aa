"""`kg query obligations ID [--on DATE] [--text original|amended]`: which obligations
(DPIA, ROS, FRIA, human oversight, registration, AI literacy, transparency, explanation)
apply to an initiative, a service or an AI system on a date, and which are recorded as met.

* The regulations in scope are those the initiative (or the initiatives delivering the
  service, or using the AI system) is subject to or needs in force, and those the AI
  systems are subject to. A Norwegian act that implements another (KI-loven →
  the AI Act, by dct:relation) brings it into scope, and gates it: an AI Act date applies
  in Norway only once KI-loven is in force, so the date becomes a window.
* Each obligation applies from its kg:appliesFrom dates (kg:ApplicationDate with
  eli:date_applicability and kg:textVersion). Per regulation the date of the chosen text
  version is used, the other version's where the chosen one has none; the obligation
  applies from the earliest of them. On DATE it applies (``yes``), may apply inside a
  window (``window``), or not yet (``no``).
* Met: the AI systems' value of the obligation's kg:recordedBy property (vurdering-ja /
  true / a text = met; vurdering-nei / false = not met; vurdering-ikke-relevant = not
  relevant; nothing = not recorded).

Example::

    kg query obligations skalere-tjenester --on 2027-01-01
    kg query obligations ki-i-saksbehandling --on 2027-06-30 --text amended
"""
from __future__ import annotations

from datetime import date

from kg.roadmap.datewords import applies_since
from kg.errors import InputError
from kg.ids import resolve
from kg.query_results import ObligationList
from kg.results import col
from kg.roadmap.index import _date_ord, _tsv, fast_slug, label_map, window_text
from kg.roadmap.timewin import parse_when

KG = "https://w3id.org/kommune-ki/ont#"
# in the words a municipality's lawyer uses: what is documented, not which property holds it
RECORD_WORDS = {"met": ("dokumentert", "documented"), "not-met": ("ikke gjennomført", "not carried out"),
                "not-relevant": ("vurdert som ikke relevant", "assessed as not applicable"),
                "not-recorded": ("ikke dokumentert", "not documented"),
                "no-property": ("følges ikke opp i kg", "not tracked in kg"),
                "no-system": ("ingen KI-system knyttet til", "no AI system linked")}
APPLY_WORDS = {"yes": ("ja", "yes"), "no": ("ikke ennå", "not yet"),
               "window": ("uavklart: datoen er ikke fastsatt", "unsettled: the date is not fixed"),
               "undated": ("ja (ingen dato registrert)", "yes (no date recorded)")}


def _v(x):
    return " ".join(f"<{i}>" for i in sorted(x))


def _value_status(v: str) -> str:
    if v.endswith("vurdering-ja") or v.startswith('"true"') or v == "true":
        return "met"
    if v.endswith("vurdering-nei") or v.startswith('"false"') or v == "false":
        return "not-met"
    if v.endswith("vurdering-ikke-relevant"):
        return "not-relevant"
    if v.startswith('"') and len(v.split('"')[1].strip()) > 0:
        return "met"
    return "not-met"


def run(ws, id: str, on: str | None = None, text: str = "original", lang: str = "nb") -> ObligationList:
    nb = lang == "nb"
    if text not in ("original", "amended"):
        raise InputError(f"--text must be original or amended, not '{text}'.",
                         f"--text må være original eller amended, ikke «{text}».")
    day = parse_when(on, column="--on").earliest if on else date.today()
    node = resolve(ws, id)
    types = {r[0] for r in _tsv(ws, "SELECT ?t WHERE { <%s> a ?t }" % node)}
    inits, systems = set(), set()
    if KG + "Initiative" in types:
        inits.add(node)
    if KG + "Service" in types:
        inits |= {r[0] for r in _tsv(ws, "SELECT ?i WHERE { ?i kg:delivers <%s> }" % node)}
        systems |= {r[0] for r in _tsv(ws, "SELECT ?y WHERE { ?y a kg:AISystem ; dct:relation <%s> }" % node)}
    if KG + "AISystem" in types:
        systems.add(node)
        inits |= {r[0] for r in _tsv(ws, "SELECT ?i WHERE { ?i kg:usesSystem <%s> }" % node)}
    if not (KG + "Initiative" in types or KG + "Service" in types or KG + "AISystem" in types):
        raise InputError(f"{fast_slug(node)} is not an initiative, a service or an AI system.",
                         f"{fast_slug(node)} er ikke et tiltak, en tjeneste eller et KI-system.")
    if inits:
        systems |= {r[0] for r in _tsv(ws, "SELECT ?y WHERE { VALUES ?i { %s } ?i kg:usesSystem ?y }" % _v(inits))}
    regs = set()
    # what the solution is (personal data, high-risk) brings its regulations into scope,
    # whatever the regelverk column says: the definitions the checks use (kg.roadmap.solution_facts)
    from kg.roadmap.solution_facts import implied_regulations
    implied = implied_regulations(ws, systems)
    regs |= set(implied)
    if inits:
        regs |= {r[0] for r in _tsv(ws, "SELECT ?r WHERE { VALUES ?i { %s } ?i kg:subjectTo|kg:requiresInForce ?r }" % _v(inits))}
    if systems:
        regs |= {r[0] for r in _tsv(ws, "SELECT ?r WHERE { VALUES ?y { %s } ?y kg:subjectTo ?r }" % _v(systems))}
    # implementing acts: X dct:relation R, X a regulation with an entry into force
    gates: dict[str, list[tuple[int, int, str]]] = {}
    for x, r, e, l in _tsv(ws, """SELECT ?x ?r ?e ?l WHERE { ?x a kg:Regulation ; dct:relation ?r ; kg:entryIntoForce ?w .
            ?r a kg:Regulation . OPTIONAL { ?w kg:earliest ?e } OPTIONAL { ?w kg:latest ?l } }"""):
        if x in regs or r in regs:
            regs |= {x, r}
            eo, lo = _date_ord(e), _date_ord(l)
            if eo or lo:
                gates.setdefault(r, []).append((eo or lo, lo or eo, x))
    obligations: dict[str, set[str]] = {}
    if regs:
        for r, o in _tsv(ws, "SELECT ?r ?o WHERE { VALUES ?r { %s } ?r kg:hasObligation ?o }" % _v(regs)):
            obligations.setdefault(o, set()).add(r)
    obs = sorted(obligations)
    dates: dict[str, list[tuple[int, str, str, str]]] = {}
    basis: dict[str, list[str]] = {}
    when: dict[str, dict[str, str]] = {}
    recorded_by: dict[str, str] = {}
    if obs:
        for o, ad, d, tv, part in _tsv(ws, """SELECT ?o ?ad ?d ?tv ?part WHERE { VALUES ?o { %s } ?o kg:appliesFrom ?ad .
                ?ad eli:date_applicability ?d . OPTIONAL { ?ad kg:textVersion ?tv } OPTIONAL { ?ad eli:is_part_of ?part } }""" % _v(obs)):
            dates.setdefault(o, []).append((_date_ord(d), "amended" if tv.endswith("tekst-endret") else "original", part, ad))
        for o, b in _tsv(ws, "SELECT ?o ?b WHERE { VALUES ?o { %s } ?o kg:legalBasis ?b }" % _v(obs)):
            basis.setdefault(o, []).append(b)
        for o, w in _tsv(ws, "SELECT ?o ?w WHERE { VALUES ?o { %s } ?o kg:appliesWhen ?w }" % _v(obs)):
            body, _, tag = w.rpartition("@")
            when.setdefault(o, {})[tag if body.endswith('"') else ""] = (body if body.endswith('"') else w).strip('"')
        for o, p in _tsv(ws, "SELECT ?o ?p WHERE { VALUES ?o { %s } ?o kg:recordedBy ?p }" % _v(obs)):
            recorded_by[o] = p
    entry = {r: (_date_ord(e), _date_ord(l)) for r, e, l in _tsv(
        ws, """SELECT ?r ?e ?l WHERE { VALUES ?r { %s } ?r kg:entryIntoForce ?w .
               OPTIONAL { ?w kg:earliest ?e } OPTIONAL { ?w kg:latest ?l } }""" % _v(regs))} if regs else {}
    values: dict[tuple[str, str], str] = {}
    props = set(recorded_by.values())
    if systems and props:
        for y, p, v in _tsv(ws, "SELECT ?y ?p ?v WHERE { VALUES ?y { %s } VALUES ?p { %s } ?y ?p ?v }" % (_v(systems), _v(props))):
            values[(y, p)] = v
    labels = label_map(ws, [node] + obs + list(regs) + list(systems) + [b for bs in basis.values() for b in bs]
                        + [ad for ds in dates.values() for *_, ad in ds], lang)
    rows, data = [], []
    for o in obs:
        # the chosen text version per regulation, else the other one
        per_reg: dict[str, list] = {}
        for d, tv, part, ad in dates.get(o, []):
            per_reg.setdefault(part or "", []).append((d, tv, ad))
        windows = []
        used = []
        for part, ds in per_reg.items():
            if part and part not in regs:
                continue
            chosen = [x for x in ds if x[1] == text] or ds
            d, tv, ad = min(chosen)
            e_, l_ = d, d
            gate_by = None
            for ge, gl, x in gates.get(part, []):
                if ge > e_ or gl > l_:
                    e_, l_, gate_by = max(e_, ge), max(l_, gl), x
            windows.append((e_, l_))
            used.append({"date": date.fromordinal(d).isoformat(), "text": tv, "statement": fast_slug(ad),
                         "regulation": fast_slug(part) if part else None, "gated_by": fast_slug(gate_by) if gate_by else None})
        dated_regs = {part for part in per_reg if part}
        for r in sorted(obligations[o]):
            if r not in dated_regs and "" not in per_reg:
                if r in entry and (entry[r][0] or entry[r][1]):
                    e_, l_ = entry[r][0] or entry[r][1], entry[r][1] or entry[r][0]
                    windows.append((e_, l_))
                    used.append({"date": None, "text": None, "statement": None, "regulation": fast_slug(r),
                                 "entry_into_force": window_text(date.fromordinal(e_), date.fromordinal(l_))})
        if windows:
            e_, l_ = min(w[0] for w in windows), min(w[1] for w in windows)
            d0 = day.toordinal()
            applies = "yes" if d0 >= l_ else ("window" if d0 >= e_ else "no")
            frm = applies_since(date.fromordinal(e_), date.fromordinal(l_), day, lang)
        else:
            applies, frm, e_, l_ = "undated", "", None, None
        prop = recorded_by.get(o)
        rec = []
        if not systems:
            status = ["no-system"]
        elif not prop:
            status = ["no-property"]
        else:
            status = []
            for y in sorted(systems):
                v = values.get((y, prop))
                st = _value_status(v) if v is not None else "not-recorded"
                status.append(st)
                rec.append({"system": fast_slug(y), "status": st, "_iri": y})
        li = 0 if nb else 1
        if rec:
            # with several AI systems, each is named before its status
            rec_text = "; ".join((f"{labels[r_['_iri']]}: " if len(systems) > 1 else "") + RECORD_WORDS[r_["status"]][li]
                                 for r_ in rec)
        else:
            rec_text = RECORD_WORDS[status[0]][li]
        rec = [{"system": r_["system"], "status": r_["status"]} for r_ in rec]
        cond = when.get(o, {})
        rows.append({"id": fast_slug(o), "obligation": labels[o],
                     "regulations": ", ".join(sorted(labels[r] for r in obligations[o])),
                     "applies_from": frm, "applies": APPLY_WORDS[applies][li], "recorded": rec_text,
                     "basis": ", ".join(sorted(labels[b] for b in basis.get(o, [])))})
        data.append({"id": fast_slug(o), "label": labels[o], "regulations": sorted(fast_slug(r) for r in obligations[o]),
                     "applies": applies, "applies_from_earliest": date.fromordinal(e_).isoformat() if e_ else None,
                     "applies_from_latest": date.fromordinal(l_).isoformat() if l_ else None,
                     "dates_used": used, "legal_basis": sorted(fast_slug(b) for b in basis.get(o, [])),
                     "condition": cond.get(lang) or cond.get("en") or cond.get("") or "",
                     "recorded_by": fast_slug(prop) if prop else None, "recorded": rec or [{"status": status[0]}],
                     "met": bool(rec) and all(r_["status"] in ("met", "not-relevant") for r_ in rec)})
    order = {"yes": 0, "window": 1, "undated": 2, "no": 3}
    pairs = sorted(zip(rows, data), key=lambda p: (order[p[1]["applies"]], p[0]["obligation"].lower()))
    rows, data = [p[0] for p in pairs], [p[1] for p in pairs]
    title = f"{labels[node]} ({fast_slug(node)})"
    res = ObligationList(
        [col("obligation", "plikt", "obligation"), col("id", "id"), col("regulations", "regelverk", "regulations"),
         col("applies", "gjelder nå", "applies now"), col("applies_from", "gjelder", "in force"),
         col("recorded", "dokumentert", "documented")], rows,
        title_nb=f"Plikter for {title} per {day.isoformat()} ({'opprinnelig' if text == 'original' else 'endret'} tekst)",
        title_en=f"Obligations of {title} on {day.isoformat()} ({text} text)",
        kind="obligations",
        data={"target": fast_slug(node), "on": day.isoformat(), "text": text, "initiatives": sorted(fast_slug(i) for i in inits),
              "systems": sorted(fast_slug(y) for y in systems), "regulations": sorted(fast_slug(r) for r in regs),
              "obligations": data})
    for r, ys in sorted(implied.items()):
        why = {"gdpr": ("behandler personopplysninger", "processes personal data"),
               "ai-act": ("er et høyrisikosystem", "is a high-risk system")}[fast_slug(r)]
        names = ", ".join(labels.get(y, fast_slug(y)) for y in sorted(ys))
        res.notes.append(f"{labels.get(r, fast_slug(r))} gjelder fordi {names} {why[0]}." if nb
                         else f"{labels.get(r, fast_slug(r))} applies because {names} {why[1]}.")
    if not regs:
        res.notes.append("Ikke knyttet til noe regelverk (kg:subjectTo)." if nb else "Not linked to any regulation (kg:subjectTo).")
    by_slug = {fast_slug(r): r for r in regs}
    gated = sorted({u["gated_by"] for d in data for u in d["dates_used"] if u.get("gated_by")})
    if gated:
        names = ", ".join(labels.get(by_slug.get(g, ""), g) for g in gated)
        res.notes.append(f"Datoene gjelder i Norge først når {names} er i kraft, derfor et vindu." if nb
                         else f"In Norway the dates apply only once {names} is in force, hence a window.")
    return res
