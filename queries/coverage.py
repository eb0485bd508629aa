"""`kg query coverage challenges|principles|municipalities|sdgs|regulations`: for each
challenge, principle, municipality, SDG goal or regulation, what serves it — and what is
left uncovered.

* challenges: initiatives that address it (kg:addresses)
* principles: initiatives that follow it (kg:follows)
* regulations: initiatives subject to it (kg:subjectTo) or that need it in force
  (kg:requiresInForce)
* sdgs: per goal, the initiatives that contribute to it or one of its targets
  (kg:contributesTo), and those that work against it (kg:worksAgainst)
* municipalities: grouped by county, the initiatives a municipality owns or takes part in,
  the networks it is a member of (org:Membership), and the initiatives it reaches through
  a network; "uncovered" means it takes part in nothing

Example::

    kg query coverage challenges
    kg query coverage municipalities --uncovered --format csv
"""
from __future__ import annotations

from kg.errors import InputError
from kg.query_results import Coverage
from kg.results import col
from kg.roadmap.index import _tsv, fast_slug, label_map, load_index

KINDS = ("challenges", "principles", "municipalities", "sdgs", "regulations")
TITLES = {
    "challenges": ("Dekning av utfordringer", "Coverage of challenges"),
    "principles": ("Dekning av prinsipper", "Coverage of principles"),
    "municipalities": ("Kommuners deltakelse", "Municipalities taking part"),
    "sdgs": ("Bidrag til bærekraftsmålene", "Contributions to the SDGs"),
    "regulations": ("Regelverk og tiltakene de gjelder", "Regulations and the initiatives they bind"),
}


def run(ws, what: str, uncovered_only: bool = False, limit: int = 8, lang: str = "nb") -> Coverage:
    if what not in KINDS:
        raise InputError(f"coverage of '{what}' is not known; use one of {', '.join(KINDS)}.",
                         f"dekning av «{what}» finnes ikke; bruk en av {', '.join(KINDS)}.")
    nb = lang == "nb"
    ix = load_index(ws)
    if what == "municipalities":
        items, cols, groups = _municipalities(ws, ix, lang)
    else:
        items, cols, groups = _simple(ws, ix, what, lang)
    wanted = {ix.iris[i] for it in items for i in it["_inits"]} \
        | {ix.iris[i] for it in items for i in it.get("_against", [])}
    # at sector scale (thousands of names in the table) the cells show ids; JSON has all
    many = len(wanted) > 1500
    labels = {} if many else label_map(ws, wanted, lang)

    def names(idx):
        # every name, by label: only the text table shortens (to --limit) when rendered
        pick = sorted(set(idx), key=lambda i: (labels.get(ix.iris[i], fast_slug(ix.iris[i])).lower(), ix.iris[i]))
        return [labels.get(ix.iris[i], fast_slug(ix.iris[i])) for i in pick]

    rows, data_items = [], []
    for it in items:
        covered = bool(it["_inits"]) or bool(it.get("_via"))
        row = {k: v for k, v in it.items() if not k.startswith("_")}
        row["count"] = len(it["_inits"])
        row["initiatives"] = names(it["_inits"])
        if "_against" in it:
            row["against"] = names(it["_against"])
        row["covered"] = covered
        item = dict(row)
        row["covered"] = ("ja" if covered else "nei") if nb else ("yes" if covered else "no")
        data_items.append({**item, "initiatives": sorted(fast_slug(ix.iris[i]) for i in it["_inits"]),
                           **({"against": sorted(fast_slug(ix.iris[i]) for i in it["_against"])} if "_against" in it else {}),
                           **({"via_network": sorted(fast_slug(ix.iris[i]) for i in it["_via"]),
                               "network_ids": sorted(fast_slug(n) for n in it["_nets"])} if "_via" in it else {})})
        if not uncovered_only or not covered:
            rows.append(row)
    unc = [d for d in data_items if not d["covered"]]
    t_nb, t_en = TITLES[what]
    res = Coverage(cols + [col("covered", "dekket", "covered")], rows,
                   title_nb=f"{t_nb}: {len(data_items) - len(unc)} av {len(data_items)} dekket",
                   title_en=f"{t_en}: {len(data_items) - len(unc)} of {len(data_items)} covered",
                   kind="coverage", data={"what": what, "items": data_items,
                                          "uncovered": [d["id"] for d in unc], "groups": groups})
    if unc and what != "municipalities":
        res.notes.append(("Udekket: " if nb else "Uncovered: ") + ", ".join(f"{d['label']} ({d['id']})" for d in unc))
    if many:
        res.notes.append("Mange tiltak: viser id-er i stedet for navn." if nb else "Many initiatives: showing ids instead of names.")
    for g in groups:
        res.notes.append(f"{g['label']}: {g['covered']}/{g['total']}" + (" deltar" if nb else " take part"))
    return res


def _simple(ws, ix, what, lang):
    nb = lang == "nb"
    cls, link = {"challenges": ("kg:Challenge", ["challenges"]), "principles": ("kg:Principle", ["principles"]),
                 "regulations": ("kg:Regulation", ["regulations", "requires_in_force"]),
                 "sdgs": ("sdgo:Goal", ["sdgs"])}[what]
    nodes = [r[0] for r in _tsv(ws, "SELECT ?x WHERE { ?x a %s }" % cls)]
    labels = label_map(ws, nodes, lang)
    by_node: dict[str, set[int]] = {}
    against: dict[str, set[int]] = {}
    for name in link:
        for i, targets in ix.link_map(name).items():
            for t in targets:
                by_node.setdefault(ix.iris[t], set()).add(i)
    cols = [col("id", "id"), col("label", "navn", "name"), col("count", "antall", "count"),
            col("initiatives", "tiltak", "initiatives")]
    if what == "sdgs":
        broader = dict(_tsv(ws, "SELECT ?t ?g WHERE { ?t a sdgo:Target ; skos:broader ?g }"))
        for i, targets in ix.link_map("sdgs_against").items():
            for t in targets:
                against.setdefault(broader.get(ix.iris[t], ix.iris[t]), set()).add(i)
        served_targets: dict[str, set[str]] = {}
        goal_inits: dict[str, set[int]] = {}
        for node, inits in by_node.items():
            g = broader.get(node, node)
            goal_inits.setdefault(g, set()).update(inits)
            if node != g:
                served_targets.setdefault(g, set()).add(fast_slug(node).replace("sdg-", ""))
        by_node = goal_inits

        def num(x):
            tail = fast_slug(x).replace("sdg-", "")
            return int(tail) if tail.isdigit() else 999
        nodes.sort(key=lambda x: (num(x), x))
        cols.insert(3, col("targets", "delmål", "targets"))
        cols.append(col("against", "motvirker", "works against"))
    elif what == "principles":
        numbers = {r[0]: r[1] for r in _tsv(ws, "SELECT ?p ?n WHERE { ?p a kg:Principle ; kg:principleNumber ?n }")}
        nodes.sort(key=lambda x: (numbers.get(x, "\"99\"").strip('"').split('"')[0].zfill(3), x))
    else:
        nodes.sort(key=lambda x: labels[x].lower())
    rif_by: dict[str, set[int]] = {}
    for i, ts in ix.link_map("requires_in_force").items():
        for t in ts:
            rif_by.setdefault(ix.iris[t], set()).add(i)
    items = []
    for x in nodes:
        it = {"id": fast_slug(x), "label": labels[x], "_inits": sorted(by_node.get(x, ()))}
        if what == "sdgs":
            it["targets"] = ", ".join(sorted(served_targets.get(x, ()), key=lambda s: [(0, int(p), "") if p.isdigit() else (1, 0, p) for p in s.split(".")]))
            it["_against"] = sorted(against.get(x, ()))
        if what == "regulations":
            it["needs_in_force"] = len(rif_by.get(x, ()))
        items.append(it)
    if what == "regulations":
        cols.insert(3, col("needs_in_force", "krever i kraft", "need it in force"))
    return items, cols, []


def _municipalities(ws, ix, lang):
    nb = lang == "nb"
    rows = _tsv(ws, "SELECT ?m ?c WHERE { ?m a kg:Municipality . OPTIONAL { ?m kg:county ?c } }")
    county = {m: c for m, c in rows}
    members: dict[str, set[str]] = {}
    for m, n in _tsv(ws, """SELECT ?m ?n WHERE { ?n a kg:Network .
            { ?ms org:member ?m ; org:organization ?n } UNION { ?m org:memberOf ?n } }"""):
        members.setdefault(m, set()).add(n)
    networks = [r[0] for r in _tsv(ws, "SELECT ?n WHERE { ?n a kg:Network }")]
    labels = label_map(ws, list(county) + [c for c in county.values() if c] + networks, lang)
    direct: dict[str, set[int]] = {}
    for name in ("owners", "participants"):
        for i, orgs in ix.link_map(name).items():
            for o in orgs:
                direct.setdefault(ix.iris[o], set()).add(i)
    items = []
    for m in sorted(county, key=lambda m: (labels.get(county[m], "~").lower() if county[m] else "~", labels[m].lower())):
        nets = sorted(members.get(m, ()))
        via = set()
        for n in nets:
            via |= direct.get(n, set())
        own = direct.get(m, set())
        items.append({"id": fast_slug(m), "label": labels[m], "county": labels.get(county[m], "") if county[m] else "",
                      "networks": ", ".join(labels.get(n, fast_slug(n)) for n in nets),
                      "via_network": len(via - own), "_inits": sorted(own), "_via": sorted(via - own), "_nets": set(nets)})
    groups = []
    by_county: dict[str, list] = {}
    for it in items:
        by_county.setdefault(it["county"] or ("(uten fylke)" if nb else "(no county)"), []).append(it)
    for c, its in by_county.items():
        groups.append({"kind": "county", "label": c, "total": len(its),
                       "covered": sum(1 for it in its if it["_inits"] or it["_via"])})
    for n in sorted(networks, key=lambda n: labels.get(n, n).lower()):
        its = [it for it in items if n in it["_nets"]]
        groups.append({"kind": "network", "label": labels.get(n, fast_slug(n)), "total": len(its),
                       "covered": sum(1 for it in its if it["_inits"] or it["_via"]),
                       "initiatives": len(direct.get(n, ()))})
    cols = [col("county", "fylke", "county"), col("label", "kommune", "municipality"), col("id", "id"),
            col("networks", "nettverk", "networks"), col("count", "tiltak", "initiatives"),
            col("initiatives", "deltar i", "takes part in"), col("via_network", "via nettverk", "via network")]
    return items, cols, groups
