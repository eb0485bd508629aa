"""What the workspace holds: counts of the main classes, for `kg demo` and `kg sources`."""
from __future__ import annotations

from kg.i18n import Text
from kg.results import Table, col

CLASSES = [
    ("kg:Initiative", "Initiativ", "Initiatives"),
    ("kg:Principle", "Prinsipper", "Principles"),
    ("kg:Challenge", "Utfordringer", "Challenges"),
    ("kg:Regulation", "Regelverk", "Regulations"),
    ("kg:Obligation", "Plikter", "Obligations"),
    ("kg:Provision", "Bestemmelser", "Provisions"),
    ("kg:Service", "Tjenester", "Services"),
    ("kg:AISystem", "KI-systemer", "AI systems"),
    ("kg:Municipality", "Kommuner", "Municipalities"),
    ("kg:CountyMunicipality", "Fylkeskommuner", "County municipalities"),
    ("kg:Network", "Nettverk", "Networks"),
    ("kg:Organisation", "Andre organisasjoner", "Other organisations"),
    ("kg:Vendor", "Leverandører", "Vendors"),
    ("sdgo:Goal", "Bærekraftsmål", "SDG goals"),
    ("sdgo:Target", "Delmål", "SDG targets"),
    ("sdgo:Indicator", "Indikatorer", "SDG indicators"),
]


def run(ws) -> Table:
    """How many nodes of each main class the workspace holds."""
    values = " ".join(c for c, _, _ in CLASSES)
    counts = {r["c"].value: int(r["n"].value) for r in ws.query(
        "SELECT ?c (COUNT(DISTINCT ?s) AS ?n) WHERE { VALUES ?c { %s } ?s a ?c } GROUP BY ?c" % values)}
    from kg.vocab import PREFIXES
    rows = []
    for c, nb, en in CLASSES:
        p, local = c.split(":")
        rows.append({"class": c, "what": Text(nb, en), "count": counts.get(PREFIXES[p] + local, 0)})
    return Table([col("what", "hva", "what"), col("count", "antall", "count")], rows,
                 title_nb="Innhold i arbeidsområdet", title_en="What the workspace holds")
