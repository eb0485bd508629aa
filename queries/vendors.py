"""`kg query vendors [--service S] [--network N] [--municipality M]`: who supplies the
sector's AI — per vendor its initiatives, AI systems, services, the municipalities it
serves, where the data is held and whether there is an exit plan — and how concentrated
the sector is on few vendors (Herfindahl–Hirschman index over AI systems and over
municipalities served, with the top vendors' shares), which services depend on a single
vendor and which municipalities' AI runs on one vendor only.

The answer is :func:`kg.lenses.vendor_landscape` (definitions there); this module lays it
out as a table in one language.

Example::

    kg query vendors
    kg query vendors --network digi-innlandet --format json
    kg query vendors --service tale-til-tekst --format csv
"""
from __future__ import annotations

from kg.i18n import number
from kg.lenses import EXIT_WORDS, LEVELS, vendor_landscape
from kg.query_results import VendorReport
from kg.results import col

MAX_NAMES = 6


def _names(labels: list[dict], lang: str, limit: int = MAX_NAMES) -> str:
    names = [x[lang] for x in labels]
    t = ", ".join(names[:limit])
    return t + (f" … +{len(names) - limit}" if len(names) > limit else "")


def _number(x: float, lang: str) -> str:
    """One decimal, thousands grouped as kg.i18n.number does, a decimal comma in nb."""
    whole, _, dec = f"{x:.1f}".partition(".")
    return number(int(whole)) + ("," if lang == "nb" else ".") + dec


def concentration_lines(data: dict, lang: str) -> list[str]:
    """The sector figures as sentences (also used by the report)."""
    nb = lang == "nb"
    li = 0 if nb else 1
    out = []
    for key, (what_nb, what_en) in (("systems", ("KI-systemer", "AI systems")),
                                    ("municipalities", ("kommuner betjent", "municipalities served"))):
        c = data["concentration"][key]
        top = ", ".join(f"{t['label'][lang]} {_number(t['share'], lang)} %" for t in c["top"])
        level = LEVELS[c["level"]][li]
        out.append((f"Konsentrasjon over {what_nb}: HHI {_number(c['hhi'], lang)} ({level}); "
                    f"{c['vendors']} leverandører" if nb else
                    f"Concentration over {what_en}: HHI {_number(c['hhi'], lang)} ({level}); "
                    f"{c['vendors']} vendors") + (f"; {'størst' if nb else 'largest'}: {top}" if top else ""))
    return out


def run(ws, service: str | None = None, network: str | None = None, municipality: str | None = None,
        lang: str = "nb") -> VendorReport:
    nb = lang == "nb"
    li = 0 if nb else 1
    data = vendor_landscape(ws, service=service, network=network, municipality=municipality)
    rows = []
    for v in data["vendors"]:
        locs = []
        for lab, (k, c) in zip(v["data_location_labels"], [(k, c) for k, c in v["data_location"].items()
                                                            if k != "not-recorded"]):
            locs.append(f"{lab[lang]} ({c})")
        if v["data_location"].get("not-recorded"):
            locs.append(f"{'ikke registrert' if nb else 'not recorded'} ({v['data_location']['not-recorded']})")
        ec = v["exit_plan_counts"]
        exit_text = EXIT_WORDS[v["exit_plan"]][li]
        if v["exit_plan"] == "partly":
            exit_text += f" ({ec['yes']}/{len(v['systems'])})"
        rows.append({"vendor": v["label"][lang], "id": v["id"], "initiatives": len(v["initiatives"]),
                     "systems": len(v["systems"]), "services": _names(v["service_labels"], lang),
                     "municipalities": len(v["municipalities"]),
                     "municipality_names": _names(v["municipality_labels"], lang),
                     "data_location": ", ".join(locs), "exit_plan": exit_text})
    where = ", ".join(f"{k}={v}" for k, v in data["filters"].items())
    res = VendorReport(
        [col("vendor", "leverandør", "vendor"), col("id", "id"), col("initiatives", "tiltak", "initiatives"),
         col("systems", "KI-systemer", "AI systems"), col("services", "tjenester", "services"),
         col("municipalities", "kommuner", "municipalities"),
         col("municipality_names", "hvilke kommuner", "which municipalities"),
         col("data_location", "datalagring", "data location"), col("exit_plan", "exit-plan", "exit plan")],
        rows,
        title_nb=f"Leverandører av KI i kommunesektoren: {len(rows)}" + (f" ({where})" if where else ""),
        title_en=f"Vendors of AI in the municipal sector: {len(rows)}" + (f" ({where})" if where else ""),
        kind="vendors", data=data)
    res.notes += concentration_lines(data, lang)
    ss = data["single_vendor_services"]
    if ss:
        res.notes.append(("Tjenester med én leverandør: " if nb else "Services with a single vendor: ")
                         + "; ".join(f"{s['label'][lang]} ({s['vendor_label'][lang]})" for s in ss))
    sm = data["single_vendor_municipalities"]
    if sm:
        shown = "; ".join(f"{m['label'][lang]} ({m['vendor_label'][lang]})" for m in sm[:12])
        more = f" … +{len(sm) - 12}" if len(sm) > 12 else ""
        res.notes.append((f"Kommuner der all KI kommer fra én leverandør: {len(sm)} av {data['municipalities_with_vendor']}: "
                          if nb else
                          f"Municipalities whose AI runs on one vendor only: {len(sm)} of {data['municipalities_with_vendor']}: ")
                         + shown + more)
    if data["systems_without_vendor"]:
        n = len(data["systems_without_vendor"])
        res.notes.append(f"{n} KI-systemer uten registrert leverandør." if nb else f"{n} AI systems with no vendor recorded.")
    return res
