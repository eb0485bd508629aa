"""What the municipality map shows (``kg diagram map``), as data: for each of the 357
municipalities how many initiatives it takes part in (as owner or participant), or,
filtered, how many of one network's initiatives, of those delivering one service, or
its role in one initiative. :mod:`kg.exports.diagrams.map` draws it; nothing here renders.

A network's initiatives are :func:`kg.roadmap.network_scope.network_initiatives` (the one
rule: imported for the network, or owned by or with the network or a member as participant).
"""
from __future__ import annotations

from dataclasses import dataclass, field

from kg.errors import UsageError
from kg.ids import labels_for, resolve, slug
from kg.roadmap.network_scope import network_initiatives
from kg.vocab import ID, ONT

MUNICIPALITY_PREFIX = str(ID) + "kommune-"
LOOKUP_MAX = 5000  # a filter of at most this many initiatives is counted by lookups, more from the roadmap index


@dataclass
class MapDiagram:
    title: str
    lang: str
    mode: str  # "count" (initiatives per municipality) | "initiative" (role in one initiative)
    counts: dict[str, int]  # municipality number ("0301") → initiatives (mode "count")
    roles: dict[str, str] = field(default_factory=dict)  # number → "owner" | "participant" (mode "initiative")
    names: dict[str, str] = field(default_factory=dict)  # number → name from the graph, in ``lang``
    members: set[str] = field(default_factory=set)  # numbers of the network's member municipalities
    subtitle: str = ""  # what the colours count, in ``lang``
    total: int = 0  # initiatives counted (the filter's size)
    size: str | None = None  # `--size`: the page it is laid out for
    iris: dict[str, str] = field(default_factory=dict)  # number → the municipality's IRI in the graph


def _tr(lang: str, nb: str, en: str) -> str:
    return nb if lang == "nb" else en


def _typed(ws, iri: str, cls: str) -> bool:
    return ws.ask("ASK { ?s a %s }" % cls, s=iri)


def resolve_network(ws, name: str) -> str:
    """The IRI of the network (kg:Network) named by ``name`` (slug, IRI or label)."""
    iri = resolve(ws, name, kinds=(ONT + "Network",))
    if not _typed(ws, iri, "kg:Network"):
        nets = sorted(labels_for(ws, [r["n"].value for r in ws.select("SELECT ?n WHERE { ?n a kg:Network }")],
                                 "en").values())
        raise UsageError(f"--network: '{name}' is {slug(iri)}, which is not a network (kg:Network). "
                         f"Networks in the workspace: {', '.join(nets) or 'none'}.",
                         f"--network: «{name}» er {slug(iri)}, som ikke er et nettverk (kg:Network). "
                         f"Nettverk i arbeidsområdet: {', '.join(nets) or 'ingen'}.")
    return iri


def _participation(ws, iri_of: dict[str, str], only: set[str] | None = None,
                   service: str | None = None) -> tuple[dict[str, int], int]:
    """(municipality number → initiatives it owns or takes part in, initiatives counted)
    over every initiative, those in ``only`` or those delivering ``service``: what one
    COUNT(DISTINCT ?i) … GROUP BY ?m over the whole graph gives, without the pass. A
    filter of up to LOOKUP_MAX initiatives is looked up; the rest is counted from the
    roadmap index (kg.roadmap.index: cached until the workspace changes)."""
    if only is not None and len(only) <= LOOKUP_MAX and not any(i.startswith("_:") for i in only):
        # a network's few thousand: their owners and participants looked up directly, so a
        # network's map right after its import does not wait for the whole index to be rebuilt
        from kg.roadmap.network_scope import rows_for
        pairs = {(i, iri_of[m]) for pred in ("kg:owner", "kg:participant")
                 for i, m in rows_for(ws, only, "SELECT ?i ?m WHERE { VALUES ?i { %s } ?i " + pred + " ?m }")
                 if m in iri_of}
        counts: dict[str, int] = {}
        for _, num in pairs:
            counts[num] = counts.get(num, 0) + 1
        return counts, len(only)
    from kg.roadmap.index import load_index
    ix = load_index(ws)
    keep: set[int] | None = None
    if only is not None:
        keep = {p for p in (ix.pos(i) for i in only) if p is not None and p < ix.n_init}
    if service is not None:
        src, dst = ix.link_pairs("services")  # read first: it may add the service to the index's nodes
        sp = ix.pos(service)
        keep = {a for a, b in zip(src, dst) if b == sp} if sp is not None else set()
    links = [ix.link_pairs(name) for name in ("owners", "participants")]
    num_at = {p: num for m, num in iri_of.items() if (p := ix.pos(m)) is not None}
    taking = {(a, num_at[b]) for src, dst in links for a, b in zip(src, dst)
              if b in num_at and (keep is None or a in keep)}   # each initiative once per municipality
    counts = {}
    for _, num in taking:
        counts[num] = counts.get(num, 0) + 1
    total = len(set(ix.iris[:ix.n_init])) if keep is None else len(keep)
    return counts, total


def _number(iri: str, num) -> str | None:
    if num is not None and str(num.value).isdigit():
        return str(num.value).zfill(4)
    if iri.startswith(MUNICIPALITY_PREFIX):
        return iri[len(MUNICIPALITY_PREFIX):]
    return None


def build_map(ws, lang: str = "nb", *, network: str | None = None, initiative: str | None = None,
              service: str | None = None, title: str | None = None) -> MapDiagram:
    """Initiatives per municipality, or filtered to one network's initiatives
    (``network``), to those delivering one service (``service``), or the municipalities
    that own or take part in one initiative (``initiative``). Arguments are IRIs."""
    if sum(x is not None for x in (network, initiative, service)) > 1:
        raise UsageError("Give at most one of --network, --initiative and --service.",
                         "Oppgi høyst én av --network, --initiative og --service.")
    names: dict[str, str] = {}
    iri_of: dict[str, str] = {}
    for r in ws.select("SELECT ?m ?n WHERE { ?m a kg:Municipality OPTIONAL { ?m kg:organisationNumber ?n } }"):
        num = _number(r["m"].value, r.get("n"))
        if num:
            iri_of[r["m"].value] = num
    from kg.roadmap.index import label_map  # 357 names: lookups, not a pass over the whole label index
    labels = label_map(ws, sorted(iri_of), lang)
    for m, num in iri_of.items():
        names[num] = labels.get(m, num)
    d = MapDiagram("", lang, "count", {}, names=names, iris={num: m for m, num in iri_of.items()})
    head = labels_for(ws, [x for x in (network, initiative, service) if x], lang)
    if initiative:
        if not _typed(ws, initiative, "kg:Initiative"):
            raise UsageError(f"--initiative: {slug(initiative)} is not an initiative.",
                             f"--initiative: {slug(initiative)} er ikke et tiltak.")
        d.mode = "initiative"
        for r in ws.select("SELECT ?m ?p WHERE { VALUES ?p { kg:owner kg:participant } ?i ?p ?m . ?m a kg:Municipality }",
                           i=initiative):
            num = iri_of.get(r["m"].value)
            if num:
                role = "owner" if r["p"].value.endswith("#owner") else "participant"
                if d.roles.get(num) != "owner":
                    d.roles[num] = role
        d.total = 1
        d.title = title or _tr(lang, f"Kommuner i «{head.get(initiative, slug(initiative))}»",
                               f"Municipalities in '{head.get(initiative, slug(initiative))}'")
        n = len(d.roles)
        d.subtitle = _tr(lang, f"{n} {'kommune' if n == 1 else 'kommuner'} eier eller deltar i tiltaket",
                         f"{n} {'municipality owns or takes' if n == 1 else 'municipalities own or take'} part "
                         "in the initiative")
        return d
    if service:
        if not _typed(ws, service, "kg:Service"):
            raise UsageError(f"--service: {slug(service)} is not a service.",
                             f"--service: {slug(service)} er ikke en tjeneste.")
        name = head.get(service, slug(service))
        d.title = title or _tr(lang, f"Kommuner med tiltak for «{name}»", f"Municipalities with initiatives for '{name}'")
        unit = _tr(lang, f"tiltak som leverer «{name}»", f"initiatives delivering '{name}'")
    elif network:
        name = head.get(network, slug(network))
        d.title = title or _tr(lang, f"{name}: tiltak per kommune", f"{name}: initiatives per municipality")
        unit = _tr(lang, f"tiltak i {name}", f"initiatives of {name}")
        for r in ws.select("""SELECT DISTINCT ?m WHERE { ?m a kg:Municipality .
                                { ?m org:memberOf ?net } UNION { ?ms org:member ?m ; org:organization ?net } }""",
                           net=network):
            if r["m"].value in iri_of:
                d.members.add(iri_of[r["m"].value])
    else:
        d.title = title or _tr(lang, "KI-tiltak per kommune", "AI initiatives per municipality")
        unit = _tr(lang, "tiltak", "initiatives")
    d.counts, d.total = _participation(ws, iri_of, only=network_initiatives(ws, network) if network else None,
                                       service=service)
    taking = sum(1 for v in d.counts.values() if v)
    d.subtitle = _tr(lang, f"Antall {unit} hver kommune eier eller deltar i · {taking} av {len(names)} kommuner med",
                     f"Number of {unit} each municipality owns or takes part in · {taking} of {len(names)} "
                     "municipalities take part")
    return d
