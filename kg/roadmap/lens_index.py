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
catalog and kg.json), so an import or a removed source builds it again. It is built from
the raw facts of each source (:mod:`kg.roadmap.lens_parts`, cached with the roadmap
index's parts), so a write reads again only the source it changed; the joins and the
links taken from the roadmap index are made here, over the merged facts. A cache that
cannot be written is skipped and the facts are read each time.
"""
from __future__ import annotations

from collections import defaultdict

from kg.store.cache import cache_dir, read_stamped, workspace_key, write_stamped
from kg.roadmap.lens_parts import lens_raw
from kg.roadmap.index import load_index
from kg.store.cache import on_disk

LENS_VERSION = 4


def _sets(pairs) -> dict[str, list[str]]:
    """subject -> its objects, in the order met (``pairs`` holds each pair once)."""
    out: dict[str, list[str]] = {}
    for a, b in pairs:
        got = out.get(a)
        if got is None:
            out[a] = [b]
        else:
            got.append(b)
    return out


def _initiative_test(ix):
    def is_init(x: str) -> bool:
        p = ix.pos(x)
        return p is not None and p < ix.n_init
    return is_init


def _first_of(pairs) -> dict[str, str]:
    """subject -> its smallest object (pairs sorted, so the first met)."""
    out: dict[str, str] = {}
    for a, b in pairs:
        if a not in out:
            out[a] = b
    return out


def _vendor_facts(ws, ix, raw: dict) -> dict:
    from kg.roadmap.lenses import _labels, _value
    iris, is_init = ix.iris, _initiative_test(ix)
    muni_set = set(raw["muni"])
    vendors_typed = raw["vendor_t"]
    init_vendors, sys_own = [], []
    for a, v in raw["vendor"]:
        (init_vendors if is_init(a) else sys_own).append((a, v))
    systems = raw["system"]
    uses = raw["uses"]
    reused = [(s, m) for s, m in raw["reused"] if m in muni_set]
    location = _first_of(raw["location"])
    # an xsd:boolean is written bare (true) by Oxigraph's TSV, other forms quoted
    exit_plan = {s: _value(e).strip() in ("true", "1") for s, e in _first_of(raw["exit"]).items()}
    relevant = {a for a, _ in init_vendors} | {a for a, _ in uses if is_init(a)}

    rel_pos = {ix.pos(a) for a in relevant}

    def links(name) -> dict[str, list[str]]:
        out: dict[str, list[str]] = {}
        for a, b in zip(*ix.link_pairs(name)):
            if a in rel_pos:
                out.setdefault(iris[a], []).append(iris[b])
        return out
    owners, parts, services = links("owners"), links("participants"), links("services")
    # the municipalities each such initiative reaches (owner or participant)
    muni_of = {i: sorted({o for o in owners.get(i, []) + parts.get(i, []) if o in muni_set}) for i in relevant}
    labelled = (muni_set | set(vendors_typed) | {v for _, v in init_vendors} | {v for _, v in sys_own}
                | set(location.values()) | {s for ss in services.values() for s in ss})
    return {"vendors_typed": vendors_typed, "relevant": sorted(relevant), "init_vendors": _sets(init_vendors),
            "sys_own": _sets(sys_own), "systems": systems, "uses": _sets(uses), "reused": _sets(reused),
            "location": location, "exit_plan": exit_plan, "owners": owners, "participants": parts,
            "services": services, "muni_of": muni_of, "labels": _labels(ws, labelled)}


def _sdg_facts(ws, ix, raw: dict) -> dict:
    from kg.roadmap.lenses import _labels, _value, sdr_context
    iris, is_init = ix.iris, _initiative_test(ix)
    goals = raw["goal"]
    goal_set = set(goals)
    # a target's goal: its sdgo:isTargetOf, else its skos:broader (the smallest of each)
    targets = set(raw["target"])
    target_goal: dict[str, str] = {}
    for key in ("target_of", "broader"):
        for t, g in raw[key]:
            if t in targets and g in goal_set and t not in target_goal:
                target_goal[t] = g
    ind_target = _sets((x, t) for x, t in raw["indicator_of"] if t in target_goal)
    indicators = {x for x, _ in raw["indicator_of"]}
    scheme = {x: s for x, s in _first_of(raw["scheme"]).items() if x in indicators}
    notation: dict[str, str] = {}
    for x, n_ in raw["notation"]:
        # the UN's compact code (1.a.1) over its other notations (01.0a.01, C010a01)
        if x in indicators and (x not in notation or (n_.endswith("SDGCodeCompact>") and not notation[x][1])):
            notation[x] = (n_, n_.endswith("SDGCodeCompact>"))
    notation = {x: _value(n_) for x, (n_, _) in notation.items()}
    sdg_nodes = goal_set | set(target_goal) | set(ind_target)

    def sdg_links(name) -> dict[str, list[str]]:
        src, dst = ix.link_pairs(name)   # read first: a link's targets join the index's IRIs
        sdg_pos = {p for p in map(ix.pos, sdg_nodes) if p is not None}
        out: dict[str, list[str]] = {}
        for a, b in zip(src, dst):
            if b in sdg_pos:
                out.setdefault(iris[a], []).append(iris[b])
        return out
    contrib, against = sdg_links("sdgs"), sdg_links("sdgs_against")
    measured = _sets((a, x) for a, x in raw["measured"] if is_init(a) and x in sdg_nodes)
    # the municipalities each contributing initiative reaches: owners and participants,
    # and the members of a network that owns or takes part
    muni_set = set(raw["muni"])
    networks = set(raw["network"])
    members: dict[str, set[str]] = defaultdict(set)
    org_of = defaultdict(list)   # a membership -> its organisations
    for ms, n_ in raw["organization"]:
        org_of[ms].append(n_)
    for ms, m in raw["member"]:
        for n_ in org_of.get(ms, ()):
            if n_ in networks and m in muni_set:
                members[n_].add(m)
    for m, n_ in raw["member_of"]:
        if n_ in networks and m in muni_set:
            members[n_].add(m)
    reach: dict[str, list[str]] = {}
    involved = set(contrib) | set(measured)
    if involved:
        o_map, p_map = ix.link_map("owners"), ix.link_map("participants")
        of_org: dict[int, set[str]] = {}   # an owner or participant -> the municipalities it stands for

        def reached(o: int) -> set[str]:
            got = of_org.get(o)
            if got is None:
                o_iri = iris[o]
                got = of_org[o] = ({o_iri} if o_iri in muni_set else set()) | members.get(o_iri, set())
            return got
        for i in involved:
            p = ix.pos(i)
            ms: set[str] = set()
            for o in o_map.get(p, []) + p_map.get(p, []):
                ms |= reached(o)
            reach[i] = sorted(ms)
    return {"goals": goals, "target_goal": target_goal, "ind_target": ind_target, "scheme": scheme,
            "notation": notation, "contrib": contrib, "against": against, "measured": measured, "reach": reach,
            "labels": _labels(ws, sdg_nodes | set(scheme.values())), "sdr": sdr_context(ws)}


PARTS = {"vendors": _vendor_facts, "sdgs": _sdg_facts}


def build_facts(ws, part: str, use_cache: bool = True) -> dict:
    """Read one lens's facts (``part``: vendors | sdgs) from the graph, uncached."""
    ix = load_index(ws, use_cache=use_cache)
    data = PARTS[part](ws, ix, lens_raw(ws, ix))
    data["v"] = LENS_VERSION
    return data


def load_facts(ws, part: str, use_cache: bool = True) -> dict:
    """One lens's facts (``part``: vendors | sdgs) of ``ws``: from the cache when its
    stamp is current, else read (and cached). ``use_cache=False`` reads everything from
    the graph and writes nothing."""
    if not use_cache or not on_disk(ws):   # an in-memory view (a snapshot, a file) is read each time
        return build_facts(ws, part, use_cache=use_cache)
    stamp = ws.catalog_stamp()
    path = cache_dir() / f"lens-{part}-{workspace_key(ws)}.marshal"
    data = read_stamped(path, stamp)   # a stale file is told by its first line, not loaded
    if isinstance(data, dict) and data.get("v") == LENS_VERSION:
        return data
    data = build_facts(ws, part)
    data["stamp"] = stamp
    write_stamped(path, stamp, data)
    return data
