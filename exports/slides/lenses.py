"""The deck's two lens slides as data (``kg export pptx``): vendors and lock-in (digital
sovereignty, principle 5) and sustainability (the SDGs, with Norway's SDR 2025 standing).

Each slide is a :class:`LensSlide` of fixed columns of :class:`kg.exports.slides.model.Card`, laid
out by ``exports/slides/pptx.py`` like the board (a column that does not fit continues on a
next slide). Long lists are cut to a few names with "+N" (``kg query vendors`` and
``kg query sustainability`` list them all). The figures are those of :mod:`kg.roadmap.lenses`.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from kg.roadmap.words import tr
from kg.roadmap.lenses import decimal_text

ID = "https://w3id.org/kommune-ki/id/"
TOP_VENDORS = 4        # vendors with a data-location / exit-plan card (a column holds about four)
NAMES = 10             # single-vendor services or municipalities named on a card
INITIATIVE_NAMES = 3   # initiatives named per target
TARGETS = 6            # covered targets listed per goal


@dataclass
class LensSlide:
    key: str
    title: str
    columns: list = field(default_factory=list)   # (heading, kind, [Card])
    empty: str = ""


def _more(n: int, lang: str) -> str:
    return tr(lang, (f"… og {n} til", f"… and {n} more"))


def vendor_slide(data: dict, lang: str, prefix: str = "") -> LensSlide:
    """The vendors/sovereignty slide from :func:`kg.roadmap.lenses.vendor_landscape`."""
    from kg.exports.slides.model import Card
    from kg.i18n import render
    from kg.roadmap.lenses import LEVELS, vendor_rows
    li = 0 if lang == "nb" else 1
    conc = []
    for key, what in (("systems", ("Over KI-systemer", "Over AI systems")),
                      ("municipalities", ("Over kommuner betjent", "Over municipalities served"))):
        c = data["concentration"][key]
        lines = [tr(lang, (f"{c['vendors']} leverandører", f"{c['vendors']} vendors"))]
        lines += [f"{t['label'][lang]}: {decimal_text(t['share'], lang)} %" for t in c["top"]]
        conc.append(Card(f"{tr(lang, what)}: HHI {decimal_text(c['hhi'], lang)} ({LEVELS[c['level']][li]})", lines,
                         kind="lens-vendor"))
    conc.append(Card(tr(lang, ("Slik leses HHI", "Reading the HHI")),
                     [tr(lang, ("Summen av leverandørenes andeler i annen (i prosent): 10\u202f000 er én leverandør. "
                                "Under 1\u202f000 lav, 1\u202f000–2\u202f000 moderat, over 2\u202f000 høy konsentrasjon.",
                                "The sum of the vendors' squared shares (in per cent): 10,000 is a single vendor. "
                                "Below 1,000 low, 1,000–2,000 moderate, above 2,000 high concentration."))],
                     kind="lens-note"))
    single = []
    for key, head in (("single_vendor_services", ("Tjenester med én leverandør", "Services with a single vendor")),
                      ("single_vendor_municipalities",
                       ("Kommuner der all KI kommer fra én leverandør", "Municipalities whose AI runs on one vendor"))):
        items = data[key]
        of = (tr(lang, (f" av {data['municipalities_with_vendor']}", f" of {data['municipalities_with_vendor']}"))
              if key == "single_vendor_municipalities" else "")
        lines = [f"{x['label'][lang]} – {x['vendor_label'][lang]}" for x in items[:NAMES]]
        if len(items) > NAMES:
            lines.append(_more(len(items) - NAMES, lang))
        if not items:
            lines = [tr(lang, ("Ingen.", "None."))]
        single.append(Card(f"{tr(lang, head)}: {len(items)}{of}", lines, kind="lens-risk" if items else "lens-vendor"))
    where = []
    rows = render(vendor_rows(data), lang)
    for r, v in list(zip(rows, data["vendors"]))[:TOP_VENDORS]:
        where.append(Card(r["vendor"], [
            tr(lang, (f"{r['municipalities']} {'kommune' if r['municipalities'] == 1 else 'kommuner'} · "
                      f"{r['systems']} KI-system{'' if r['systems'] == 1 else 'er'}",
                      f"{r['municipalities']} municipalit{'y' if r['municipalities'] == 1 else 'ies'} · "
                      f"{r['systems']} AI system{'' if r['systems'] == 1 else 's'}")),
            tr(lang, ("Data: ", "Data: ")) + (r["data_location"] or tr(lang, ("ikke registrert", "not recorded"))),
            tr(lang, ("Exit-plan: ", "Exit plan: ")) + r["exit_plan"]],
            # orange: a system of the vendor's without an exit plan, or with its data outside the EEA
            kind="lens-risk" if v["systems"] and (v["exit_plan"] != "yes" or "lagring-utenfor-eos" in v["data_location"])
            else "lens-vendor", id=v["id"]))
    # one note card at the foot: the vendors not shown, the systems with no vendor
    notes = []
    if len(rows) > TOP_VENDORS:
        notes.append(tr(lang, ("«kg query vendors» viser alle.", "'kg query vendors' lists them all.")))
    n = len(data["systems_without_vendor"])
    if n:
        notes.append(tr(lang, (f"{n} KI-system{'' if n == 1 else 'er'} uten registrert leverandør.",
                               f"{n} AI system{'' if n == 1 else 's'} with no vendor recorded.")))
    if notes:
        head = (_more(len(rows) - TOP_VENDORS, lang) if len(rows) > TOP_VENDORS
                else tr(lang, ("Uten leverandør", "No vendor")))
        where.append(Card(head, notes, kind="lens-note"))
    title = prefix + tr(lang, ("Leverandører og innlåsing (digital suverenitet)",
                               "Vendors and lock-in (digital sovereignty)"))
    if not data["vendors"]:
        return LensSlide("vendors", title, [(tr(lang, ("Leverandører", "Vendors")), "lens-vendor", [])],
                         empty=tr(lang, ("Ingen leverandører er registrert i grafen. Fyll ut kolonnen «leverandør» i "
                                         "importmalen (kg import template) og importer arket.",
                                         "No vendors are recorded in the graph. Fill in the 'leverandør' (vendor) "
                                         "column of the import template (kg import template) and import the sheet.")))
    return LensSlide("vendors", title, [
        (tr(lang, ("Konsentrasjon", "Concentration")), "lens-vendor", conc),
        (tr(lang, ("Avhengig av én leverandør", "Depending on one vendor")), "lens-vendor", single),
        (tr(lang, ("Datalagring og exit-plan", "Data location and exit plan")), "lens-vendor", where)])


def _sdr_cards(sdr: dict, lang: str) -> list:
    from kg.exports.slides.model import Card

    def num(x):
        s = str(x)
        return s.replace(".", ",") if lang == "nb" else s
    out = []
    ix, sp = sdr.get("index"), sdr.get("spillover")
    if ix:
        bits = []
        if "rank" in ix:
            bits.append(tr(lang, (f"nr. {ix['rank']}", f"rank {ix['rank']}"))
                        + (tr(lang, (f" av {ix['of']}", f" of {ix['of']}")) if "of" in ix else ""))
        if "score" in ix:
            bits.append(tr(lang, (f"{num(ix['score'])} poeng", f"score {num(ix['score'])}")))
        out.append(Card(tr(lang, ("SDG-indeksen", "SDG Index")), [" · ".join(bits)], kind="lens-sdg"))
    if sp:
        bits = []
        if "score" in sp:
            bits.append(tr(lang, (f"{num(sp['score'])} poeng", f"score {num(sp['score'])}")))
        if "rank" in sp:
            bits.append(tr(lang, (f"nr. {sp['rank']}", f"rank {sp['rank']}"))
                        + (tr(lang, (f" av {sp['of']}", f" of {sp['of']}")) if "of" in sp else ""))
        out.append(Card(tr(lang, ("Ringvirkninger for andre land", "Spillovers on other countries")),
                        [" · ".join(bits), tr(lang, ("Jo lavere poeng, jo større negative ringvirkninger.",
                                                      "The lower the score, the larger the negative spillovers."))],
                        kind="lens-risk"))
    return out


def sustainability_slide(data: dict, lang: str, names: dict[str, str], prefix: str = "",
                         short: dict[str, str] | None = None) -> LensSlide:
    """The sustainability slide from :func:`kg.roadmap.lenses.sustainability`; ``names``:
    initiative id → label for the initiatives named; ``short``: goal IRI → its short
    name (the UN's "Industry, innovation and infrastructure" for goal 9)."""
    short = short or {}
    from kg.exports.slides.model import Card
    sdr = data.get("context", {}).get("sdr", {})
    name = "SDR 2025" if sdr.get("source") == "sdr2025" else (sdr.get("source_label", {}).get(lang) or "SDR")
    first = _sdr_cards(sdr, lang)
    n_goals = len(data["goals"])
    n_targets = sum(len(g["targets"]) for g in data["goals"])
    cov_g, cov_t = n_goals - len(data["uncovered_goals"]), n_targets - len(data["uncovered_targets"])
    lines = [tr(lang, (f"{cov_g} av {n_goals} mål og {cov_t} av {n_targets} delmål har bidrag fra veikartet.",
                       f"{cov_g} of {n_goals} goals and {cov_t} of {n_targets} targets have contributions from the roadmap."))]
    if data["uncovered_goals"]:
        lines.append(tr(lang, ("Mål uten bidrag: ", "Goals nothing contributes to: ")) + ", ".join(data["uncovered_goals"]))
    first.append(Card(tr(lang, ("Dekning", "Coverage")), lines, kind="lens-risk" if data["uncovered_goals"] else "lens-sdg"))

    def goal_card(g) -> Card:
        ni, nm = len(g["initiatives"]), len(g["municipalities"])
        ls = [tr(lang, (f"{ni} tiltak · {nm} {'kommune' if nm == 1 else 'kommuner'}",
                        f"{ni} initiative{'' if ni == 1 else 's'} · {nm} municipalit{'y' if nm == 1 else 'ies'}"))]
        covered = [t for t in g["targets"] if t["covered"]]
        for t in covered[:TARGETS]:
            shown = [names.get(i, i) for i in t["initiatives"][:INITIATIVE_NAMES]]
            extra = len(t["initiatives"]) - len(shown)
            ls.append(f"{t['code']}: " + "; ".join(shown) + (f" +{extra}" if extra else ""))
        if len(covered) > TARGETS:
            ls.append(tr(lang, (f"… og {len(covered) - TARGETS} delmål til", f"… and {len(covered) - TARGETS} more targets")))
        if g["direct"] and not covered:
            shown = [names.get(i, i) for i in g["direct"][:INITIATIVE_NAMES]]
            extra = len(g["direct"]) - len(shown)
            ls.append(tr(lang, ("Hele målet: ", "The whole goal: ")) + "; ".join(shown) + (f" +{extra}" if extra else ""))
        label = short.get(g["iri"]) or g["label"][lang]
        return Card(f"{g['code']} {' '.join(label.split())}", ls, kind="lens-sdg", id=g["id"])
    low = [goal_card(g) for g in data["goals"] if g["covered"] and _goal_no(g) <= 9]
    high = [goal_card(g) for g in data["goals"] if g["covered"] and _goal_no(g) > 9]
    title = prefix + tr(lang, ("Bærekraft: bærekraftsmålene og veikartet", "Sustainability: the SDGs and the roadmap"))
    return LensSlide("sustainability", title, [
        (tr(lang, (f"Norge i {name}", f"Norway in {name}")), "lens-sdg", first),
        (tr(lang, ("Mål 1–9 med bidrag", "Goals 1–9 with contributions")), "lens-sdg", low),
        (tr(lang, ("Mål 10–17 med bidrag", "Goals 10–17 with contributions")), "lens-sdg", high)],
        empty=tr(lang, ("Ingen bidrag.", "No contributions.")))


def _goal_no(g) -> int:
    try:
        return int(g["code"])
    except ValueError:
        return 99


def lens_slides(ws, lang: str, *, network: str | None = None, initiatives=None, net_label: str = "") -> list[LensSlide]:
    """Both lens slides of the deck; with ``network`` (an IRI) about that network's
    initiatives (``initiatives``: their IRIs)."""
    from kg.roadmap.lenses import sustainability, vendor_landscape
    from kg.roadmap.index import label_map
    prefix = f"{net_label}: " if network else ""
    vendors = vendor_landscape(ws, network=network) if network else vendor_landscape(ws)
    sdgs = sustainability(ws, initiatives=initiatives if network else None)
    shown = set()
    for g in sdgs["goals"]:
        for t in [t for t in g["targets"] if t["covered"]][:TARGETS]:
            shown |= set(t["initiatives"][:INITIATIVE_NAMES])
        shown |= set(g["direct"][:INITIATIVE_NAMES])
    labels = label_map(ws, [ID + i for i in sorted(shown)], lang) if shown else {}
    names = {i: labels.get(ID + i, i) for i in shown}
    return [vendor_slide(vendors, lang, prefix),
            sustainability_slide(sdgs, lang, names, prefix, _short_names(ws, [g["iri"] for g in sdgs["goals"]], lang))]


def _short_names(ws, goals: list[str], lang: str) -> dict[str, str]:
    """skos:altLabel of each goal in ``lang`` (the UN's short goal names), where there is one."""
    from kg.store.terms import term_value, tsv_rows
    if not goals:
        return {}
    out: dict[str, str] = {}
    for g, lit in tsv_rows(ws, "SELECT ?g ?l WHERE { VALUES ?g { %s } ?g skos:altLabel ?l FILTER(langMatches(lang(?l), '%s')) }"
                           % (" ".join(f"<{x}>" for x in goals), lang)):
        out.setdefault(g, term_value(lit))
    return out
