"""What `kg diagram vendors` draws, as data: vendors ↔ services ↔ municipalities, each
box sized by its reach, built from :func:`kg.roadmap.lenses.vendor_landscape`.

Three columns: the vendors (widest reach first; beyond ``top`` they are summed up in one
box), the services they deliver, and the municipalities they serve (the most
vendor-dependent first; beyond ``MAX_MUNICIPALITIES`` summed up). A vendor → service
edge carries how many municipalities that vendor reaches with that service; a service →
municipality edge says the municipality gets that service from a vendor. A vendor that
delivers no recorded service is joined to its municipalities directly. The title carries
the sector's concentration (HHI over municipalities served). Labels come out in one
language; ``exports/diagrams/vendors.py`` writes DOT or Mermaid.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from kg.roadmap.words import tr
from kg.roadmap.lenses import EXIT_WORDS, LEVELS, vendor_landscape

MAX_MUNICIPALITIES = 40


@dataclass
class VNode:
    id: str
    label: str
    kind: str            # vendor | service | municipality | more
    reach: int = 0       # municipalities served (vendor, service) or vendors (municipality)
    note: str = ""       # a second line: systems, exit plan, data location
    warn: bool = False   # depends on one vendor / data outside the EEA


@dataclass
class VEdge:
    src: str
    dst: str
    weight: int = 1
    label: str = ""


@dataclass
class VendorDiagram:
    title: str
    subtitle: str
    lang: str
    vendors: list[VNode] = field(default_factory=list)
    services: list[VNode] = field(default_factory=list)
    municipalities: list[VNode] = field(default_factory=list)
    edges: list[VEdge] = field(default_factory=list)
    max_reach: int = 1


def _n_vendors(n: int, lang: str) -> str:
    return tr(lang, (f"{n} leverandør" + ("er" if n != 1 else ""), f"{n} vendor" + ("s" if n != 1 else "")))


def build_vendors(ws, lang: str = "nb", *, service: str | None = None, network: str | None = None,
                  municipality: str | None = None, top: int = 15, data: dict | None = None) -> VendorDiagram:
    """The vendor diagram's model; ``data``: the unfiltered :func:`vendor_landscape` when
    the caller has it already (the report)."""
    if data is None or service or network or municipality:
        data = vendor_landscape(ws, service=service, network=network, municipality=municipality)
    nb = lang == "nb"
    c = data["concentration"]["municipalities"]
    hhi = f"{c['hhi']:.0f}"
    title = tr(lang, ("Leverandører, tjenester og kommuner", "Vendors, services and municipalities"))
    if data["filters"]:
        title += " (" + ", ".join(data["filters"].values()) + ")"
    subtitle = (f"{len(data['vendors'])} leverandører · HHI over kommuner betjent {hhi} ({LEVELS[c['level']][0]})" if nb else
                f"{len(data['vendors'])} vendors · HHI over municipalities served {hhi} ({LEVELS[c['level']][1]})")
    d = VendorDiagram(title, subtitle, lang)
    shown = data["vendors"][:top]
    rest = data["vendors"][top:]
    single_s = {s["id"] for s in data["single_vendor_services"]}
    single_m = {m["id"] for m in data["single_vendor_municipalities"]}
    for v in shown:
        outside = "lagring-utenfor-eos" in v["data_location"]
        n_sys = len(v["systems"])
        note = tr(lang, (f"{n_sys} KI-system" + ("er" if n_sys != 1 else ""), f"{n_sys} AI system" + ("s" if n_sys != 1 else "")))
        note += " · " + tr(lang, ("exit-plan: ", "exit plan: ")) + tr(lang, EXIT_WORDS[v["exit_plan"]])
        if outside:
            note += " · " + tr(lang, ("data utenfor EØS", "data outside the EEA"))
        d.vendors.append(VNode("v:" + v["id"], v["label"][lang], "vendor", len(v["municipalities"]), note, outside))
    if rest:
        d.vendors.append(VNode("v:more", tr(lang, (f"+ {len(rest)} leverandører til", f"+ {len(rest)} more vendors")),
                               "more", len({m for v in rest for m in v["municipalities"]})))
    shown_ids = {v["id"] for v in shown}
    svc_ids = set()
    for s in data["services"]:
        if not (set(s["vendors"]) & shown_ids) and not rest:
            continue
        svc_ids.add(s["id"])
        d.services.append(VNode("s:" + s["id"], s["label"][lang], "service", len(s["municipalities"]),
                                _n_vendors(len(s["vendors"]), lang),
                                s["id"] in single_s))
    munis = data["municipalities"][:MAX_MUNICIPALITIES]
    m_ids = {m["id"] for m in munis}
    for m in munis:
        d.municipalities.append(VNode("m:" + m["id"], m["label"][lang], "municipality", len(m["vendors"]),
                                      _n_vendors(len(m["vendors"]), lang),
                                      m["id"] in single_m))
    if len(data["municipalities"]) > MAX_MUNICIPALITIES:
        n = len(data["municipalities"]) - MAX_MUNICIPALITIES
        d.municipalities.append(VNode("m:more", tr(lang, (f"+ {n} kommuner til", f"+ {n} more municipalities")), "more"))
    for v in data["vendors"]:
        src = "v:" + v["id"] if v["id"] in shown_ids else "v:more"
        for s, n in v["reach_by_service"].items():
            if s in svc_ids:
                d.edges.append(VEdge(src, "s:" + s, max(n, 1), str(n) if n else ""))
        if not v["services"]:
            for m in v["municipalities"]:
                d.edges.append(VEdge(src, "m:" + m if m in m_ids else "m:more"))
    for s in data["services"]:
        if s["id"] not in svc_ids:
            continue
        for m in s["municipalities"]:
            d.edges.append(VEdge("s:" + s["id"], "m:" + m if m in m_ids else "m:more"))
    # one edge per pair: the "more" boxes gather many
    merged: dict[tuple[str, str], VEdge] = {}
    for e in d.edges:
        if (e.src, e.dst) in merged:
            old = merged[(e.src, e.dst)]
            old.weight += e.weight
            old.label = str(old.weight) if old.label else ""
        else:
            merged[(e.src, e.dst)] = e
    d.edges = list(merged.values())
    d.max_reach = max([x.reach for x in d.vendors + d.services + d.municipalities] + [1])
    return d
