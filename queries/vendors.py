"""`kg query vendors [--service S] [--network N] [--municipality M]`: who supplies the
sector's AI — per vendor its initiatives, AI systems, services, the municipalities it
serves, where the data is held and whether there is an exit plan — and how concentrated
the sector is on few vendors (Herfindahl–Hirschman index over AI systems and over
municipalities served, with the top vendors' shares), which services depend on a single
vendor and which municipalities' AI runs on one vendor only.

The answer is :func:`kg.roadmap.lenses.vendor_landscape` (definitions there); this module lays it
out as a table, its words in both languages (:class:`kg.i18n.Text`).

Example::

    kg query vendors
    kg query vendors --network digi-innlandet --format json
    kg query vendors --service tale-til-tekst --format csv
"""
from __future__ import annotations

from kg.i18n import Text
from kg.query_results import VendorReport
from kg.results import NameList, col
from kg.roadmap.lenses import concentration_lines, vendor_landscape, vendor_rows


def run(ws, *, service: str | None = None, network: str | None = None,
        municipality: str | None = None) -> VendorReport:
    """The vendor landscape, optionally of one ``service``, ``network`` or ``municipality``."""
    data = vendor_landscape(ws, service=service, network=network, municipality=municipality)
    rows = vendor_rows(data)
    where = ", ".join(f"{k}={v}" for k, v in data["filters"].items())
    where = f" ({where})" if where else ""
    res = VendorReport(
        [col("vendor", "leverandør", "vendor"), col("id", "id"), col("initiatives", "tiltak", "initiatives"),
         col("systems", "KI-systemer", "AI systems"), col("services", "tjenester", "services"),
         col("municipalities", "kommuner", "municipalities"),
         col("municipality_names", "hvilke kommuner", "which municipalities"),
         col("data_location", "datalagring", "data location"), col("exit_plan", "exit-plan", "exit plan")],
        rows,
        title_nb=f"Leverandører av KI i kommunesektoren: {len(rows)}{where}",
        title_en=f"Vendors of AI in the municipal sector: {len(rows)}{where}",
        kind="vendors", data=data)
    res.notes += concentration_lines(data)

    def named(x):   # "Hamar (Alfa AS)"
        return Text(f"{x['label']['nb']} ({x['vendor_label']['nb']})", f"{x['label']['en']} ({x['vendor_label']['en']})")
    ss = data["single_vendor_services"]
    if ss:
        res.notes.append(Text("Tjenester med én leverandør: " + "; ".join(named(s).nb for s in ss),
                              "Services with a single vendor: " + "; ".join(named(s).en for s in ss)))
    sm = data["single_vendor_municipalities"]
    if sm:
        of = f"{len(sm)} av {data['municipalities_with_vendor']}: ", f"{len(sm)} of {data['municipalities_with_vendor']}: "
        # every municipality: the text table shows the first few and counts the rest
        res.notes.append(NameList(Text("Kommuner der all KI kommer fra én leverandør: " + of[0],
                                       "Municipalities whose AI runs on one vendor only: " + of[1]),
                                  [named(m) for m in sm]))
    if data["systems_without_vendor"]:
        n = len(data["systems_without_vendor"])
        res.notes.append(Text(f"{n} KI-systemer uten registrert leverandør.", f"{n} AI systems with no vendor recorded."))
    return res
