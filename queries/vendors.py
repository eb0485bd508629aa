"""`kg query vendors [--service S] [--network N] [--municipality M]`: who supplies the
sector's AI — per vendor its initiatives, AI systems, services, the municipalities it
serves, where the data is held and whether there is an exit plan — and how concentrated
the sector is on few vendors (Herfindahl–Hirschman index over AI systems and over
municipalities served, with the top vendors' shares), which services depend on a single
vendor and which municipalities' AI runs on one vendor only.

The answer is :func:`kg.roadmap.lenses.vendor_landscape` (definitions there); this module lays it
out as a table in one language.

Example::

    kg query vendors
    kg query vendors --network digi-innlandet --format json
    kg query vendors --service tale-til-tekst --format csv
"""
from __future__ import annotations

from kg.roadmap.lenses import concentration_lines, vendor_landscape, vendor_rows
from kg.query_results import VendorReport
from kg.results import col


def run(ws, service: str | None = None, network: str | None = None, municipality: str | None = None,
        lang: str = "nb") -> VendorReport:
    nb = lang == "nb"
    data = vendor_landscape(ws, service=service, network=network, municipality=municipality)
    rows = vendor_rows(data, lang)
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
