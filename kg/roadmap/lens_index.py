"""What the two lenses (:mod:`kg.roadmap.lenses`) read from the graph, gathered once and cached.

Why: on a 1M-triple workspace the vendor lens's dozen single-predicate scans cost several
seconds, the sustainability lens's about one; the answers change only when the
workspace's sources do. The facts here are the links the lenses need, as plain IRIs:

vendors
    ``kg:vendor`` of initiatives and of other nodes (AI systems), the AI systems, the
    ``kg:usesSystem`` and ``kg:reusedBy`` links, data location, exit plan, and for each
    initiative that has a vendor or uses a system its owners, participants and services
    (no other initiative can change a vendor answer, filtered or not).
sustainability
    the SDG goals, targets and indicators with their schemes and notations, the
    initiatives' ``kg:contributesTo`` / ``kg:worksAgainst`` / ``kg:measuredBy`` links
    into them, the municipalities each such initiative reaches, the SDR context.
labels
    ``{"nb", "en"}`` of every vendor, service, municipality, data location, goal, target,
    indicator and indicator set.

Each lens has its own file (it reads only its own), beside the roadmap index's
(``lens-vendors-<workspace>.marshal``, ``lens-sdgs-…`` under
:func:`kg.store.cache.cache_dir`) and is keyed by the same stamp (the workspace's source
catalog and kg.json), so an import or a removed source rebuilds it; a cache that cannot
be written is skipped and the facts are read each time.
"""
from __future__ import annotations

import marshal
from collections import defaultdict

from kg.store.cache import cache_dir, workspace_key, write_atomic
from kg.roadmap.records import tsv_rows as _tsv
from kg.roadmap.index import load_index
from kg.store.cache import on_disk

LENS_VERSION = 3


def _sets(pairs) -> dict[str, list[str]]:
    out: dict[str, list[str]] = defaultdict(list)
    for a, b in pairs:
        if b not in out[a]:
            out[a].append(b)
    return dict(out)


def _initiative_test(ix):
    def is_init(x: str) -> bool:
        p = ix.pos(x)
        return p is not None and p < ix.n_init
    return is_init


def _vendor_facts(ws, ix) -> dict:
    from kg.roadmap.lenses import _labels, _value
    iris, is_init = ix.iris, _initiative_test(ix)
    municipalities = [r[0] for r in _tsv(ws, "SELECT ?m WHERE { ?m a kg:Municipality }")]
    muni_set = set(municipalities)
    vendors_typed = [r[0] for r in _tsv(ws, "SELECT ?v WHERE { ?v a kg:Vendor }")]
    init_vendors, sys_own = [], []
    for a, v in _tsv(ws, "SELECT ?a ?v WHERE { ?a kg:vendor ?v }"):
        (init_vendors if is_init(a) else sys_own).append((a, v))
    systems = [r[0] for r in _tsv(ws, "SELECT ?s WHERE { ?s a kg:AISystem }")]
    uses = _tsv(ws, "SELECT ?i ?s WHERE { ?i kg:usesSystem ?s }")
    reused = [(s, m) for s, m in _tsv(ws, "SELECT ?s ?m WHERE { ?s kg:reusedBy ?m }") if m in muni_set]
    location: dict[str, str] = {}
    for s, loc in _tsv(ws, "SELECT ?s ?l WHERE { ?s kg:dataLocation ?l }"):
        location.setdefault(s, loc)
    exit_plan: dict[str, bool] = {}
    for s, e in _tsv(ws, "SELECT ?s ?e WHERE { ?s kg:exitPlan ?e }"):
        # Oxigraph's TSV writes an xsd:boolean bare (true), other forms quoted
        exit_plan.setdefault(s, _value(e).strip() in ("true", "1"))
    relevant = {a for a, _ in init_vendors} | {a for a, _ in uses if is_init(a)}

    def links(name) -> dict[str, list[str]]:
        return {iris[a]: [iris[b] for b in bs] for a, bs in ix.link_map(name).items() if iris[a] in relevant}
    owners, parts, services = links("owners"), links("participants"), links("services")
    # the municipalities each such initiative reaches (owner or participant)
    muni_of = {i: sorted({o for o in owners.get(i, []) + parts.get(i, []) if o in muni_set}) for i in relevant}
    labelled = (muni_set | set(vendors_typed) | {v for _, v in init_vendors} | {v for _, v in sys_own}
                | set(location.values()) | {s for ss in services.values() for s in ss})
    return {"vendors_typed": vendors_typed, "relevant": sorted(relevant), "init_vendors": _sets(init_vendors),
            "sys_own": _sets(sys_own), "systems": systems, "uses": _sets(uses), "reused": _sets(reused),
            "location": location, "exit_plan": exit_plan, "owners": owners, "participants": parts,
            "services": services, "muni_of": muni_of, "labels": _labels(ws, labelled)}


def _sdg_facts(ws, ix) -> dict:
    from kg.roadmap.lenses import _labels, _value, sdr_context
    iris, is_init = ix.iris, _initiative_test(ix)
    goals = [r[0] for r in _tsv(ws, "SELECT ?g WHERE { ?g a sdgo:Goal }")]
    goal_set = set(goals)
    target_goal: dict[str, str] = {}
    for t, g in _tsv(ws, "SELECT ?t ?g WHERE { ?t a sdgo:Target . { ?t sdgo:isTargetOf ?g } UNION { ?t skos:broader ?g } }"):
        if g in goal_set:
            target_goal.setdefault(t, g)
    ind_target = _sets((x, t) for x, t in _tsv(ws, "SELECT ?x ?t WHERE { ?x sdgo:isIndicatorOf ?t }")
                       if t in target_goal)
    scheme: dict[str, str] = {}
    notation: dict[str, str] = {}
    for x, s in _tsv(ws, "SELECT ?x ?s WHERE { ?x sdgo:isIndicatorOf ?t ; skos:inScheme ?s }"):
        scheme.setdefault(x, s)
    for x, n_ in _tsv(ws, "SELECT ?x ?n WHERE { ?x sdgo:isIndicatorOf ?t ; skos:notation ?n }"):
        # the UN's compact code (1.a.1) over its other notations (01.0a.01, C010a01)
        if x not in notation or n_.endswith("SDGCodeCompact>"):
            notation[x] = _value(n_)
    sdg_nodes = goal_set | set(target_goal) | set(ind_target)

    def sdg_links(name) -> dict[str, list[str]]:
        out = {}
        for a, bs in ix.link_map(name).items():
            keep = [iris[b] for b in bs if iris[b] in sdg_nodes]
            if keep:
                out[iris[a]] = keep
        return out
    contrib, against = sdg_links("sdgs"), sdg_links("sdgs_against")
    measured = _sets((a, x) for a, x in _tsv(ws, "SELECT ?i ?x WHERE { ?i kg:measuredBy ?x }")
                     if is_init(a) and x in sdg_nodes)
    # the municipalities each contributing initiative reaches: owners and participants,
    # and the members of a network that owns or takes part
    muni_set = {r[0] for r in _tsv(ws, "SELECT ?m WHERE { ?m a kg:Municipality }")}
    members: dict[str, set[str]] = defaultdict(set)
    for m, n_ in _tsv(ws, """SELECT ?m ?n WHERE { ?n a kg:Network .
            { ?ms org:member ?m ; org:organization ?n } UNION { ?m org:memberOf ?n } }"""):
        if m in muni_set:
            members[n_].add(m)
    reach: dict[str, list[str]] = {}
    involved = set(contrib) | set(measured)
    if involved:
        o_map, p_map = ix.link_map("owners"), ix.link_map("participants")
        for i in involved:
            p = ix.pos(i)
            ms = set()
            for o in o_map.get(p, []) + p_map.get(p, []):
                o_iri = iris[o]
                if o_iri in muni_set:
                    ms.add(o_iri)
                ms |= members.get(o_iri, set())
            reach[i] = sorted(ms)
    return {"goals": goals, "target_goal": target_goal, "ind_target": ind_target, "scheme": scheme,
            "notation": notation, "contrib": contrib, "against": against, "measured": measured, "reach": reach,
            "labels": _labels(ws, sdg_nodes | set(scheme.values())), "sdr": sdr_context(ws)}


PARTS = {"vendors": _vendor_facts, "sdgs": _sdg_facts}


def build_facts(ws, part: str, use_cache: bool = True) -> dict:
    """Read one lens's facts (``part``: vendors | sdgs) from the graph, uncached."""
    data = PARTS[part](ws, load_index(ws, use_cache=use_cache))
    data["v"] = LENS_VERSION
    return _interned(data)


def load_facts(ws, part: str, use_cache: bool = True) -> dict:
    """One lens's facts (``part``: vendors | sdgs) of ``ws``: from the cache when its
    stamp is current, else read (and cached). ``use_cache=False`` reads everything from
    the graph and writes nothing."""
    if not use_cache or not on_disk(ws):   # an in-memory view (a snapshot, a file) is read each time
        return build_facts(ws, part, use_cache=use_cache)
    stamp = ws.catalog_stamp()
    path = cache_dir() / f"lens-{part}-{workspace_key(ws)}.marshal"
    try:
        with open(path, "rb") as fh:
            data = marshal.loads(fh.read())
        if data.get("stamp") == stamp and data.get("v") == LENS_VERSION:
            return data
    except (OSError, EOFError, ValueError, TypeError, KeyError, AttributeError):
        pass
    data = build_facts(ws, part)
    data["stamp"] = stamp
    write_atomic(path, marshal.dumps(data))
    return data


def _interned(data: dict) -> dict:
    """``data`` (a part's facts: lists, and dicts of strings or lists) with its IRIs
    interned: an IRI met in many links is then one object, which marshal writes once and
    refers back to (a smaller file, a faster load)."""
    import sys
    i = sys.intern

    def one(v):
        if isinstance(v, str):
            return i(v)
        if isinstance(v, list):
            return [i(x) if isinstance(x, str) else x for x in v]
        return v
    out = {}
    for k, v in data.items():
        if isinstance(v, dict):
            out[k] = {i(a): one(b) for a, b in v.items()}
        else:
            out[k] = one(v)
    return out
