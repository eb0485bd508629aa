"""The deck's two lenses as plain data: digital sovereignty (who supplies the sector's AI,
how concentrated it is) and sustainability (what the roadmap does for each SDG goal and
target, measured by which indicators).

``vendor_landscape(ws, ...)`` and ``sustainability(ws, ...)`` return dicts of plain
JSON-able values (labels as ``{"nb": …, "en": …}``), so the command line
(``kg query vendors|sustainability``), the diagrams, the HTML report, the web pages and
the deck all read the same answer. Nothing here prints or chooses a language.

Vendors
    A vendor supplies an initiative (``I kg:vendor V``) or an AI system (``S kg:vendor V``).
    An AI system's vendors are its own ``kg:vendor`` values, or, when it names none, the
    vendors of the initiatives that use it (the network spreadsheet records the vendor
    on the row, the system's characteristics beside it). An initiative's vendors are its
    own and those of the systems it uses. A vendor *serves* a municipality that owns or
    takes part in one of its initiatives, or reuses (``kg:reusedBy``) one of its systems.

Concentration
    The Herfindahl–Hirschman index (HHI) is Σ (100·sᵢ)² over vendors, sᵢ a vendor's
    share: 10 000 is one vendor, 10 000/n is n equal vendors. Over AI systems the share is
    the vendor's (system, vendor) links over all such links (a system with two vendors
    counts once for each); over municipalities, the vendor's municipalities served over
    all (municipality, vendor) pairs. Levels follow the European Commission's horizontal
    merger guidelines (2004/C 31/03, §19–20): below 1 000 low, 1 000–2 000 moderate,
    above 2 000 high.
"""
from __future__ import annotations

from collections import Counter, defaultdict

from kg.errors import InputError
from kg.i18n import Text, number
from kg.ids import resolve
from kg.store.terms import term_value
from kg.store.terms import tsv_rows as _tsv
from kg.roadmap.index import fast_slug
from kg.roadmap.lens_index import load_facts
from kg.roadmap.network_scope import network_initiatives
from kg.results import texts

KG = "https://w3id.org/kommune-ki/ont#"
ID = "https://w3id.org/kommune-ki/id/"
SDG = "http://metadata.un.org/sdg/"
SDGO = "http://metadata.un.org/sdg/ontology#"
TOP = 5  # top vendors named in the concentration figures

LEVELS = {"low": ("lav", "low"), "moderate": ("moderat", "moderate"), "high": ("høy", "high"),
          "none": ("ingen data", "no data")}
EXIT_WORDS = {"yes": ("ja", "yes"), "no": ("nei", "no"), "partly": ("delvis", "partly"),
              "unknown": ("ikke registrert", "not recorded")}


def _known_labels(ws, facts: dict, iris) -> dict[str, dict[str, str]]:
    """The labels of ``iris``: those the lens facts hold, the rest read from the graph."""
    known = facts["labels"]
    missing = [x for x in set(iris) if x not in known]
    if not missing:
        return known
    return {**known, **_labels(ws, missing)}


def _labels(ws, iris) -> dict[str, dict[str, str]]:
    """{"nb": …, "en": …} of each IRI: skos:prefLabel, else rdfs:label, else the slug
    (as kg.ids.labels_for), both languages read in one query per 500 nodes."""
    from kg.i18n import best_label
    iris = sorted(set(iris))
    found: dict[str, dict[str, dict[str, str]]] = {}
    for k in range(0, len(iris), 500):
        chunk = " ".join(f"<{x}>" for x in iris[k:k + 500])
        for x, p, lit in _tsv(ws, "SELECT ?s ?p ?l WHERE { VALUES ?s { %s } { ?s skos:prefLabel ?l BIND(1 AS ?p) } "
                                  "UNION { ?s rdfs:label ?l BIND(2 AS ?p) } }" % chunk):
            tail = lit[lit.rfind('"') + 1:]
            found.setdefault(x, {}).setdefault(p, {})[tail[1:] if tail.startswith("@") else ""] = term_value(lit)
    out = {}
    for x in iris:
        per = found.get(x, {})
        texts = per.get("1") or per.get("2")
        out[x] = ({"nb": best_label(texts, "nb"), "en": best_label(texts, "en")} if texts
                  else {"nb": fast_slug(x), "en": fast_slug(x)})
    return out


class _SlugMemo(dict):
    """fast_slug of each IRI, computed once."""

    def __missing__(self, iri: str) -> str:
        self[iri] = out = fast_slug(iri)
        return out


def hhi(counts: dict[str, int | float]) -> float:
    """Σ (100·share)² over the counts; 0 when there is nothing to share."""
    total = sum(counts.values())
    if not total:
        return 0.0
    return sum((100.0 * c / total) ** 2 for c in counts.values())


def hhi_level(value: float, total: float) -> str:
    if not total:
        return "none"
    return "low" if value < 1000 else ("moderate" if value <= 2000 else "high")


def _concentration(counts: dict[str, int], labels) -> dict:
    total = sum(counts.values())
    value = hhi(counts)
    top = sorted(counts.items(), key=lambda kv: (-kv[1], labels[kv[0]]["nb"].casefold(), kv[0]))[:TOP]
    return {"hhi": round(value, 1), "level": hhi_level(value, total), "total": total,
            "vendors": sum(1 for c in counts.values() if c),
            "top": [{"id": fast_slug(v), "label": labels[v], "count": c,
                     "share": round(100.0 * c / total, 1) if total else 0.0} for v, c in top if c]}


def vendor_landscape(ws, *, service: str | None = None, network: str | None = None,
                     municipality: str | None = None, use_cache: bool = True) -> dict:
    """Who supplies the sector's AI, whom they serve, and how concentrated it is.

    ``service``, ``network``, ``municipality`` (ids, IRIs or labels) narrow the
    initiatives looked at: those delivering the service, those of the network, those the
    municipality owns or takes part in. Returns a dict: ``filters``, ``vendors`` (one per
    vendor with its initiatives, systems, services, municipalities, data locations and
    exit plans), ``concentration`` (``systems`` and ``municipalities``: hhi, level, total,
    top), ``single_vendor_services``, ``single_vendor_municipalities``,
    ``systems_without_vendor``, ``labels``-free ids everywhere else.

    The links come from :func:`kg.roadmap.lens_index.load_facts` (cached, keyed by the source
    catalog); ``use_cache=False`` reads them from the graph.
    """
    f = load_facts(ws, "vendors", use_cache=use_cache)
    init_vendors = f["init_vendors"]
    sys_own = f["sys_own"]
    uses = f["uses"]
    # the initiatives that can change the answer: with a vendor or a system of their own
    relevant = set(f["relevant"])
    owners, parts, services, muni_of = f["owners"], f["participants"], f["services"], f["muni_of"]
    filters = {}
    chosen: set[str] | None = None

    def narrow(keep: set[str]):
        nonlocal chosen
        chosen = keep if chosen is None else chosen & keep
    if service is not None:   # an empty filter is an error, never a silent "everything"
        s = resolve(ws, service)
        if not ws.ask("ASK { ?s a kg:Service }", s=s):
            raise InputError(f"{fast_slug(s)} is not a service.", f"{fast_slug(s)} er ikke en tjeneste.")
        filters["service"] = fast_slug(s)
        narrow({i for i, ss in services.items() if s in ss})
    if network is not None:
        net = resolve(ws, network)
        if not ws.ask("ASK { ?s a kg:Network }", s=net):
            raise InputError(f"{fast_slug(net)} is not a network.", f"{fast_slug(net)} er ikke et nettverk.")
        filters["network"] = fast_slug(net)
        narrow(network_initiatives(ws, net))
    muni = None
    if municipality is not None:
        muni = resolve(ws, municipality)
        if not ws.ask("ASK { ?s a kg:Municipality }", s=muni):
            raise InputError(f"{fast_slug(muni)} is not a municipality.", f"{fast_slug(muni)} er ikke en kommune.")
        filters["municipality"] = fast_slug(muni)
        narrow({i for i in relevant if muni in owners.get(i, ()) or muni in parts.get(i, ())})

    vendors_typed = f["vendors_typed"]
    systems = set(f["systems"])
    used_by: dict[str, set[str]] = defaultdict(set)
    for i, ss in uses.items():
        for s in ss:
            used_by[s].add(i)
            systems.add(s)
    reused = f["reused"]
    location: dict[str, str] = f["location"]
    exit_plan: dict[str, bool] = f["exit_plan"]

    # which initiatives and systems are looked at
    if chosen is None:
        inits = relevant
        in_scope_sys = set(systems)
    else:
        inits = chosen & relevant
        in_scope_sys = {s for i in inits for s in uses.get(i, ())}
        if muni:
            in_scope_sys |= {s for s, ms in reused.items() if muni in ms}
    sys_vendors: dict[str, set[str]] = {}
    for s in in_scope_sys:
        vs = set(sys_own.get(s, ()))
        if not vs:
            for i in used_by.get(s, ()):
                vs.update(init_vendors.get(i, ()))
        sys_vendors[s] = vs
    per_v: dict[str, dict[str, set]] = defaultdict(lambda: {"i": set(), "s": set(), "svc": set(), "m": set()})
    svc_m: dict[str, set[str]] = defaultdict(set)            # service -> municipalities it reaches with a vendor
    vs_m: dict[tuple[str, str], set[str]] = defaultdict(set)  # (vendor, service) -> municipalities
    for i in inits:
        vs = set(init_vendors.get(i, ()))
        for s in uses.get(i, ()):
            vs.update(sys_vendors.get(s, ()))
        if not vs:
            continue
        ms = set(muni_of.get(i, ()))
        svcs = services.get(i, ())
        for s in svcs:
            svc_m[s] |= ms
        for v in vs:
            d = per_v[v]
            d["i"].add(i)
            d["svc"].update(svcs)
            d["m"] |= ms
            for s in svcs:
                vs_m[(v, s)] |= ms
    for s, vs in sys_vendors.items():
        for v in vs:
            per_v[v]["s"].add(s)
            per_v[v]["m"].update(reused.get(s, ()))
    if chosen is None:
        for v in vendors_typed:
            per_v[v]   # a vendor in the graph with nothing recorded still shows, with zeros

    labels = _known_labels(ws, f, list(per_v) + [x for d in per_v.values() for x in d["svc"] | d["m"]]
                           + [x for x in location.values()])
    sl = _SlugMemo()     # the same municipalities and services recur under every vendor
    fold = {x: lab["nb"].casefold() for x, lab in labels.items()}
    vendors = []
    for v, d in per_v.items():
        locs = Counter(location.get(s, "") for s in d["s"])
        yes = sum(1 for s in d["s"] if exit_plan.get(s) is True)
        no = sum(1 for s in d["s"] if exit_plan.get(s) is False)
        ex = ("unknown" if not d["s"] or yes + no == 0 else "yes" if yes == len(d["s"])
              else "no" if yes == 0 and no == len(d["s"]) else "partly")
        vendors.append({
            "id": sl[v], "iri": v, "label": labels[v],
            "initiatives": sorted(sl[i] for i in d["i"]),
            "systems": sorted(sl[s] for s in d["s"]),
            "services": sorted(sl[s] for s in d["svc"]),
            "service_labels": [labels[s] for s in sorted(d["svc"], key=fold.__getitem__)],
            "municipalities": sorted(sl[m] for m in d["m"]),
            "municipality_labels": [labels[m] for m in sorted(d["m"], key=fold.__getitem__)],
            "data_location": {(sl[k] if k else "not-recorded"): c for k, c in sorted(locs.items())},
            "data_location_labels": [labels[k] for k in sorted(k for k in locs if k)],
            "exit_plan": ex, "exit_plan_counts": {"yes": yes, "no": no, "not_recorded": len(d["s"]) - yes - no},
            "reach_by_service": {sl[s]: len(vs_m.get((v, s), ())) for s in sorted(d["svc"])},
        })
    vendors.sort(key=lambda x: (-len(x["municipalities"]), -len(x["systems"]), -len(x["initiatives"]),
                                x["label"]["nb"].casefold(), x["id"]))
    conc = {"systems": _concentration({v: len(d["s"]) for v, d in per_v.items()}, labels),
            "municipalities": _concentration({v: len(d["m"]) for v, d in per_v.items()}, labels)}

    # services and municipalities that depend on one vendor
    svc_v: dict[str, set[str]] = defaultdict(set)
    mun_v: dict[str, set[str]] = defaultdict(set)
    for v, d in per_v.items():
        for s in d["svc"]:
            svc_v[s].add(v)
        for m in d["m"]:
            mun_v[m].add(v)
    single_s = sorted(({"id": sl[s], "label": labels[s], "vendor": sl[next(iter(vs))],
                        "vendor_label": labels[next(iter(vs))]} for s, vs in svc_v.items() if len(vs) == 1),
                      key=lambda x: (x["label"]["nb"].casefold(), x["id"]))
    single_m = sorted(({"id": sl[m], "label": labels[m], "vendor": sl[next(iter(vs))],
                        "vendor_label": labels[next(iter(vs))]} for m, vs in mun_v.items() if len(vs) == 1),
                      key=lambda x: (x["label"]["nb"].casefold(), x["id"]))
    services = sorted(({"id": sl[s], "label": labels[s], "vendors": sorted(sl[v] for v in vs),
                        "municipalities": sorted(sl[m] for m in svc_m.get(s, ()))}
                       for s, vs in svc_v.items()), key=lambda x: (x["label"]["nb"].casefold(), x["id"]))
    mun_list = sorted(({"id": sl[m], "label": labels[m],
                        "vendors": sorted(sl[v] for v in vs)} for m, vs in mun_v.items()),
                      key=lambda x: (-len(x["vendors"]), x["label"]["nb"].casefold(), x["id"]))
    return {"filters": filters, "vendors": vendors, "concentration": conc, "services": services,
            "municipalities": mun_list,
            "single_vendor_services": single_s, "single_vendor_municipalities": single_m,
            "municipalities_with_vendor": len(mun_v),
            "systems": len(in_scope_sys),
            "systems_without_vendor": sorted(sl[s] for s, vs in sys_vendors.items() if not vs)}


def decimal_text(x: float, lang: str) -> str:
    """One decimal, thousands grouped as kg.i18n.number does, a decimal comma in nb."""
    whole, _, dec = f"{x:.1f}".partition(".")
    return number(int(whole)) + ("," if lang == "nb" else ".") + dec


def concentration_lines(data: dict) -> list[Text]:
    """The sector's concentration figures as sentences, each a :class:`kg.i18n.Text`."""
    return [texts(lambda lang, key=key, what=what: _concentration_line(data["concentration"][key], what, lang))
            for key, what in (("systems", ("KI-systemer", "AI systems")),
                              ("municipalities", ("kommuner betjent", "municipalities served")))]


def _concentration_line(c: dict, what: tuple[str, str], lang: str) -> str:
    nb = lang == "nb"
    top = ", ".join(f"{t['label'][lang]} {decimal_text(t['share'], lang)} %" for t in c["top"])
    level = LEVELS[c["level"]][0 if nb else 1]
    return (f"Konsentrasjon over {what[0]}: HHI {decimal_text(c['hhi'], lang)} ({level}); "
            f"{c['vendors']} leverandører" if nb else
            f"Concentration over {what[1]}: HHI {decimal_text(c['hhi'], lang)} ({level}); "
            f"{c['vendors']} vendors") + (f"; {'størst' if nb else 'largest'}: {top}" if top else "")


def vendor_rows(data: dict) -> list[dict]:
    """One table row per vendor of :func:`vendor_landscape` (the query's table, the
    report's, the deck's), words as :class:`kg.i18n.Text`. Name cells are whole lists, in
    the order of the Norwegian names: only a text table shortens them."""
    rows = []
    texts: dict[int, tuple[dict, Text]] = {}   # the same services and municipalities recur under every vendor

    def text(labels: dict) -> Text:
        got = texts.get(id(labels))
        if got is None or got[0] is not labels:
            got = texts[id(labels)] = (labels, Text.of(labels))
        return got[1]
    for v in data["vendors"]:
        counts = [(k, c) for k, c in v["data_location"].items() if k != "not-recorded"]
        locs = [Text(f"{lab['nb']} ({c})", f"{lab['en']} ({c})") for lab, (_, c) in zip(v["data_location_labels"], counts)]
        if v["data_location"].get("not-recorded"):
            n = v["data_location"]["not-recorded"]
            locs.append(Text(f"ikke registrert ({n})", f"not recorded ({n})"))
        exit_text = Text(*EXIT_WORDS[v["exit_plan"]])
        if v["exit_plan"] == "partly":
            part = f" ({v['exit_plan_counts']['yes']}/{len(v['systems'])})"
            exit_text = Text(exit_text.nb + part, exit_text.en + part)
        rows.append({"vendor": Text.of(v["label"]), "id": v["id"], "initiatives": len(v["initiatives"]),
                     "systems": len(v["systems"]), "services": [text(x) for x in v["service_labels"]],
                     "municipalities": len(v["municipalities"]),
                     "municipality_names": [text(x) for x in v["municipality_labels"]],
                     "data_location": Text(", ".join(x.nb for x in locs), ", ".join(x.en for x in locs)),
                     "exit_plan": exit_text})
    return rows


# ---------------------------------------------------------------- sustainability

def _sdg_sort(code: str):
    return [(0, int(p), "") if p.isdigit() else (1, 0, p) for p in code.split(".")]


def _value(term: str) -> str:
    if term.startswith('"'):
        return term[1:term.rfind('"')]
    return term


def _number_of(term: str):
    v = _value(term)
    try:
        f = float(v)
    except ValueError:
        return None
    return int(f) if f.is_integer() and "." not in v else f


def sdr_context(ws) -> dict:
    """Norway's standing in the Sustainable Development Report as the graph holds it
    (the seed: SDG Index rank 7, score 82.72; spillover score 55.41, rank 157 of 167).
    Only what the graph states; {} when the observations are not there."""
    out: dict = {}
    rows = _tsv(ws, """SELECT ?o ?m ?score ?rank ?of ?src WHERE { ?o a kg:Observation ; kg:country "Norway" ; kg:measure ?m .
        OPTIONAL { ?o kg:score ?score } OPTIONAL { ?o kg:rank ?rank } OPTIONAL { ?o kg:rankOutOf ?of }
        OPTIONAL { ?o prov:wasDerivedFrom ?src } }""")
    keys = {ID + "sdg-indeks": "index", ID + "ringvirkningsindeks": "spillover"}
    srcs = set()
    for o, m, score, rank, of, src in rows:
        if m not in keys:
            continue
        d = {"observation": fast_slug(o)}
        if score:
            d["score"] = _number_of(score)
        if rank:
            d["rank"] = _number_of(rank)
        if of:
            d["of"] = _number_of(of)
        out[keys[m]] = d
        if src:
            srcs.add(src)
    if out and srcs:
        src = sorted(srcs)[0]
        out["source"] = fast_slug(src)
        lab = _labels(ws, [src])[src]
        out["source_label"] = lab
    return out


def sdr_text(ctx: dict, lang: str) -> str:
    """'Norge i SDR 2025: SDG-indeksen nr. 7 (82,72 poeng); ringvirkninger 55,41 poeng, nr. 157 av 167'."""
    if not ctx:
        return ""
    nb = lang == "nb"

    def num(x):
        s = str(x)
        return s.replace(".", ",") if nb else s
    parts = []
    ix, sp = ctx.get("index"), ctx.get("spillover")
    if ix:
        parts.append((f"SDG-indeksen nr. {ix.get('rank')}" if nb else f"SDG Index rank {ix.get('rank')}")
                     + (f" ({num(ix['score'])} {'poeng' if nb else 'points'})" if "score" in ix else ""))
    if sp:
        t = (f"ringvirkningsindeksen {num(sp['score'])} poeng" if nb else f"spillover score {num(sp['score'])}") \
            if "score" in sp else ("ringvirkningsindeksen" if nb else "spillover")
        if "rank" in sp:
            t += (f", nr. {sp['rank']}" if nb else f", rank {sp['rank']}") + \
                 (f" av {sp['of']}" if nb and "of" in sp else f" of {sp['of']}" if "of" in sp else "")
        parts.append(t)
    name = "SDR 2025" if ctx.get("source") == "sdr2025" else (ctx.get("source_label", {}).get(lang) or "SDR")
    return (f"Norge i {name}: " if nb else f"Norway in {name}: ") + "; ".join(parts)


def sustainability(ws, *, goal: str | None = None, initiatives=None, use_cache: bool = True) -> dict:
    """Per SDG goal and target: the initiatives contributing (kg:contributesTo the goal,
    the target or one of its indicators; kg:measuredBy an indicator of it), the
    municipalities they reach (owners and participants, and the members of a network
    that owns or takes part), the initiatives working against it (kg:worksAgainst), and
    the indicators measuring the target: every node with ``sdgo:isIndicatorOf`` the
    target — the UN's own and any national set imported as SKOS (their ``skos:inScheme``
    names the set). ``goal`` (a number 1–17) narrows to one goal. Norway's SDR 2025
    figures come along as ``context``; ``uncovered_goals`` and ``uncovered_targets``
    are what nothing contributes to. ``initiatives`` (IRIs; e.g. one network's) counts
    only those initiatives' contributions.

    The links come from :func:`kg.roadmap.lens_index.load_facts` (cached, keyed by the source
    catalog); ``use_cache=False`` reads them from the graph.
    """
    f = load_facts(ws, "sdgs", use_cache=use_cache)
    goals = set(f["goals"])
    target_goal: dict[str, str] = f["target_goal"]
    if goal is not None:
        want = SDG + str(goal).strip().lower().removeprefix("sdg").strip(" -:")
        if want not in goals:
            raise InputError(f"No SDG goal '{goal}' in the graph; give a number 1–17.",
                             f"Finner ikke bærekraftsmål «{goal}» i grafen; oppgi et tall 1–17.")
        goals = {want}
        target_goal = {t: g for t, g in target_goal.items() if g == want}
    ind_target: dict[str, set[str]] = {}
    for x, ts in f["ind_target"].items():
        keep = {t for t in ts if t in target_goal}
        if keep:
            ind_target[x] = keep
    # every indicator set and notation, as the graph has them (only when an indicator is shown)
    scheme: dict[str, str] = f["scheme"] if ind_target else {}
    notation: dict[str, str] = f["notation"] if ind_target else {}
    contrib_t: dict[str, set[str]] = defaultdict(set)    # target or goal -> initiatives
    against_t: dict[str, set[str]] = defaultdict(set)
    measured: dict[str, set[str]] = defaultdict(set)     # indicator -> initiatives

    def add(into, i, o):
        if o in target_goal or o in goals:
            into[o].add(i)
        elif o in ind_target:
            for t in ind_target[o]:
                into[t].add(i)
            if into is contrib_t:
                measured[o].add(i)
    only = None if initiatives is None else set(initiatives)
    for into, links in ((contrib_t, f["contrib"]), (against_t, f["against"]), (contrib_t, f["measured"])):
        for i, os_ in links.items():
            if only is None or i in only:
                for o in os_:
                    add(into, i, o)
    # the municipalities each contributing initiative reaches
    reach: dict[str, list[str]] = f["reach"]
    labels = _known_labels(ws, f, list(goals) + list(target_goal) + list(ind_target) + sorted(set(scheme.values())))

    def code(iri):
        return iri[len(SDG):] if iri.startswith(SDG) else fast_slug(iri)

    sl = _SlugMemo()   # the same initiatives recur under a goal and its targets

    def ids(xs):
        return sorted(sl[i] for i in xs)

    def munis(xs):
        out = set()
        for i in xs:
            out.update(reach.get(i, ()))
        return sorted(sl[m] for m in out)
    by_goal: dict[str, list[str]] = defaultdict(list)
    for t, g in target_goal.items():
        by_goal[g].append(t)
    inds_of: dict[str, list[str]] = defaultdict(list)
    for x, ts in ind_target.items():
        for t in ts:
            inds_of[t].append(x)
    out_goals, unc_goals, unc_targets = [], [], []
    for g in sorted(goals, key=lambda x: _sdg_sort(code(x))):
        g_inits = set(contrib_t.get(g, set()))
        g_against = set(against_t.get(g, set()))
        targets = []
        for t in sorted(by_goal.get(g, []), key=lambda x: _sdg_sort(code(x))):
            ti = contrib_t.get(t, set())
            g_inits |= ti
            g_against |= against_t.get(t, set())
            inds = []
            for x in sorted(inds_of.get(t, []), key=lambda x: (_sdg_sort(notation.get(x, fast_slug(x))), x)):
                inds.append({"id": fast_slug(x), "iri": x, "notation": notation.get(x, ""), "label": labels[x],
                             "scheme": fast_slug(scheme[x]) if x in scheme else None,
                             "scheme_label": labels[scheme[x]] if x in scheme else None,
                             "national": not x.startswith(SDG), "initiatives": ids(measured.get(x, ()))})
            targets.append({"id": fast_slug(t), "iri": t, "code": code(t), "label": labels[t],
                            "initiatives": ids(ti), "municipalities": munis(ti),
                            "against": ids(against_t.get(t, ())), "indicators": inds,
                            "covered": bool(ti)})
            if not ti:
                unc_targets.append(code(t))
        out_goals.append({"id": fast_slug(g), "iri": g, "code": code(g), "label": labels[g],
                          "initiatives": ids(g_inits), "municipalities": munis(g_inits),
                          "direct": ids(contrib_t.get(g, ())), "against": ids(g_against),
                          "indicators": sum(len(t["indicators"]) for t in targets),
                          "national_indicators": sum(1 for t in targets for x in t["indicators"] if x["national"]),
                          "targets": targets, "covered": bool(g_inits)})
        if not g_inits:
            unc_goals.append(code(g))
    schemes = sorted({s for s in scheme.values()})
    return {"goal": code(next(iter(goals))) if goal is not None else None,
            "goals": out_goals, "uncovered_goals": unc_goals, "uncovered_targets": unc_targets,
            "indicator_sets": [{"id": fast_slug(s), "label": labels[s],
                                "indicators": sum(1 for x in scheme if scheme[x] == s)} for s in schemes],
            "context": {"sdr": f["sdr"]}}
