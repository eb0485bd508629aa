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
from kg.i18n import Names, Text
from kg.query_results import Coverage
from kg.results import col, texts
from kg.roadmap.index import _tsv, fast_slug, label_map, load_index

KINDS = ("challenges", "principles", "municipalities", "sdgs", "regulations")
TITLES = {
    "challenges": ("Dekning av utfordringer", "Coverage of challenges"),
    "principles": ("Dekning av prinsipper", "Coverage of principles"),
    "municipalities": ("Kommuners deltakelse", "Municipalities taking part"),
    "sdgs": ("Bidrag til bærekraftsmålene", "Contributions to the SDGs"),
    "regulations": ("Regelverk og tiltakene de gjelder", "Regulations and the initiatives they bind"),
}


def run(ws, *, what: str, uncovered_only: bool = False) -> Coverage:
    """What serves each item of ``what`` (challenges, principles, municipalities, sdgs,
    regulations). Items named by label are in the order of their Norwegian names
    (``layouts["en"]``: of their English names); cells name every initiative."""
    if what not in KINDS:
        raise InputError(f"coverage of '{what}' is not known; use one of {', '.join(KINDS)}.",
                         f"dekning av «{what}» finnes ikke; bruk en av {', '.join(KINDS)}.")
    ix = load_index(ws)
    if what == "municipalities":
        items, cols, sort_key, groups_of = _municipalities(ws, ix)
    else:
        items, cols, sort_key = _simple(ws, ix, what)
        groups_of = None
    wanted = {ix.iris[i] for it in items for i in it["_inits"]} \
        | {ix.iris[i] for it in items for i in it.get("_against", [])}
    # at sector scale (thousands of names in the table) the cells show ids; JSON has all
    many = len(wanted) > 1500
    labels = {} if many else label_map(ws, wanted)

    def names(idx):
        # every name, alphabetical in the language shown (ties by IRI): only the text
        # table shortens (to --limit) when rendered
        return Names(labels.get(ix.iris[i]) or fast_slug(ix.iris[i]) for i in sorted(set(idx), key=lambda i: ix.iris[i]))

    made = []
    for it in items:
        covered = bool(it["_inits"]) or bool(it.get("_via"))
        row = {k: v for k, v in it.items() if not k.startswith("_")}
        row["count"] = len(it["_inits"])
        row["initiatives"] = names(it["_inits"])
        if "_against" in it:
            row["against"] = names(it["_against"])
        row["covered"] = covered
        item = dict(row)
        row["covered"] = Text("ja", "yes") if covered else Text("nei", "no")
        item = {**item, "initiatives": sorted(fast_slug(ix.iris[i]) for i in it["_inits"]),
                **({"against": sorted(fast_slug(ix.iris[i]) for i in it["_against"])} if "_against" in it else {}),
                **({"via_network": sorted(fast_slug(ix.iris[i]) for i in it["_via"]),
                    "network_ids": sorted(fast_slug(n) for n in it["_nets"])} if "_via" in it else {})}
        made.append((it, row, item, covered))
    t_nb, t_en = TITLES[what]
    n_unc = sum(1 for m in made if not m[3])
    layouts, notes = {}, {}
    for lang in ("nb", "en"):
        ordered = sorted(made, key=lambda m: sort_key(m[0], lang))
        data_items = [m[2] for m in ordered]
        unc = [d for d in data_items if not d["covered"]]
        groups = groups_of([m[0] for m in ordered], lang) if groups_of else []
        layouts[lang] = {"rows": [m[1] for m in ordered if not uncovered_only or not m[3]],
                         "data": {"items": data_items, "uncovered": [d["id"] for d in unc], "groups": groups}}
        lines = []
        if unc and what != "municipalities":
            lines.append(("Udekket: " if lang == "nb" else "Uncovered: ")
                         + ", ".join(f"{d['label'](lang)} ({d['id']})" for d in unc))
        if many:
            lines.append("Mange tiltak: viser id-er i stedet for navn." if lang == "nb"
                         else "Many initiatives: showing ids instead of names.")
        for g in groups:
            lines.append(f"{g['label'](lang)}: {g['covered']}/{g['total']}" + (" deltar" if lang == "nb" else " take part"))
        notes[lang] = lines
    nb = layouts.pop("nb")
    res = Coverage(cols + [col("covered", "dekket", "covered")], nb["rows"],
                   title_nb=f"{t_nb}: {len(made) - n_unc} av {len(made)} dekket",
                   title_en=f"{t_en}: {len(made) - n_unc} of {len(made)} covered",
                   notes=[Text(a, b) for a, b in zip(notes["nb"], notes["en"])],
                   kind="coverage", data={"what": what, **nb["data"]}, layouts=layouts)
    return res


def _simple(ws, ix, what):
    cls, link = {"challenges": ("kg:Challenge", ["challenges"]), "principles": ("kg:Principle", ["principles"]),
                 "regulations": ("kg:Regulation", ["regulations", "requires_in_force"]),
                 "sdgs": ("sdgo:Goal", ["sdgs"])}[what]
    nodes = [r[0] for r in _tsv(ws, "SELECT ?x WHERE { ?x a %s }" % cls)]
    labels = label_map(ws, nodes)
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

        def sort_key(it, lang):
            return (num(it["_iri"]), it["_iri"])
        cols.insert(3, col("targets", "delmål", "targets"))
        cols.append(col("against", "motvirker", "works against"))
    elif what == "principles":
        numbers = {r[0]: r[1] for r in _tsv(ws, "SELECT ?p ?n WHERE { ?p a kg:Principle ; kg:principleNumber ?n }")}

        def sort_key(it, lang):
            return (numbers.get(it["_iri"], "\"99\"").strip('"').split('"')[0].zfill(3), it["_iri"])
    else:
        def sort_key(it, lang):
            return it["label"](lang).lower()
    rif_by: dict[str, set[int]] = {}
    for i, ts in ix.link_map("requires_in_force").items():
        for t in ts:
            rif_by.setdefault(ix.iris[t], set()).add(i)
    items = []
    # in IRI order, so that items with the same name keep one order
    for x in sorted(nodes):
        it = {"id": fast_slug(x), "label": labels[x], "_inits": sorted(by_node.get(x, ())), "_iri": x}
        if what == "sdgs":
            it["targets"] = ", ".join(sorted(served_targets.get(x, ()), key=lambda s: [(0, int(p), "") if p.isdigit() else (1, 0, p) for p in s.split(".")]))
            it["_against"] = sorted(against.get(x, ()))
        if what == "regulations":
            it["needs_in_force"] = len(rif_by.get(x, ()))
        items.append(it)
    if what == "regulations":
        cols.insert(3, col("needs_in_force", "krever i kraft", "need it in force"))
    return items, cols, sort_key


def _municipalities(ws, ix):
    rows = _tsv(ws, "SELECT ?m ?c WHERE { ?m a kg:Municipality . OPTIONAL { ?m kg:county ?c } }")
    county = {m: c for m, c in rows}
    members: dict[str, set[str]] = {}
    for m, n in _tsv(ws, """SELECT ?m ?n WHERE { ?n a kg:Network .
            { ?ms org:member ?m ; org:organization ?n } UNION { ?m org:memberOf ?n } }"""):
        members.setdefault(m, set()).add(n)
    networks = [r[0] for r in _tsv(ws, "SELECT ?n WHERE { ?n a kg:Network }")]
    labels = label_map(ws, list(county) + [c for c in county.values() if c] + networks)
    direct: dict[str, set[int]] = {}
    for name in ("owners", "participants"):
        for i, orgs in ix.link_map(name).items():
            for o in orgs:
                direct.setdefault(ix.iris[o], set()).add(i)

    def label(x):
        return labels.get(x) or Text(fast_slug(x), fast_slug(x))

    items = []
    for m in sorted(county):
        nets = sorted(members.get(m, ()))
        via = set()
        for n in nets:
            via |= direct.get(n, set())
        own = direct.get(m, set())
        items.append({"id": fast_slug(m), "label": labels[m], "county": labels.get(county[m], "") if county[m] else "",
                      "networks": texts(lambda lang, nets=nets: ", ".join(label(n)(lang) for n in nets)),
                      "via_network": len(via - own), "_inits": sorted(own), "_via": sorted(via - own), "_nets": set(nets),
                      "_county": county[m]})

    def sort_key(it, lang):
        return (labels[it["_county"]](lang).lower() if it["_county"] in labels else "~", it["label"](lang).lower())

    def groups_of(ordered, lang):
        groups = []
        by_county: dict = {}
        for it in ordered:
            by_county.setdefault(it["county"] or Text("(uten fylke)", "(no county)"), []).append(it)
        for c, its in by_county.items():
            groups.append({"kind": "county", "label": c, "total": len(its),
                           "covered": sum(1 for it in its if it["_inits"] or it["_via"])})
        for n in sorted(networks, key=lambda n: labels[n](lang).lower() if n in labels else n.lower()):
            its = [it for it in ordered if n in it["_nets"]]
            groups.append({"kind": "network", "label": label(n), "total": len(its),
                           "covered": sum(1 for it in its if it["_inits"] or it["_via"]),
                           "initiatives": len(direct.get(n, ()))})
        return groups

    cols = [col("county", "fylke", "county"), col("label", "kommune", "municipality"), col("id", "id"),
            col("networks", "nettverk", "networks"), col("count", "tiltak", "initiatives"),
            col("initiatives", "deltar i", "takes part in"), col("via_network", "via nettverk", "via network")]
    return items, cols, sort_key, groups_of
