"""The lenses' raw facts (:mod:`kg.roadmap.lens_index`) read per source, beside the
roadmap index's parts, so that a write reads again only the source it changed.

Why: the vendor and sustainability lenses read a dozen single-pattern scans of the whole
store (about 2 s at 1M triples), and every write used to throw all of them away. Here
each scan is restricted to one source (``GRAPH <g> { ?a kg:vendor ?b }``) and kept as a
lazy fact of that source's index part (:meth:`kg.roadmap.index_parts.Parts.extra`,
named ``lens-v1``): it shares the part's key (the source's catalog entry), its clean-up and
its steps (:mod:`kg.roadmap.part_steps`: a write kept as a step re-reads only the
subjects it changed).

Every fact is about its subject ``?a``: the typed nodes (``?a a kg:Vendor``) and the
pairs of one predicate (``?a kg:vendor ?b``), as raw terms. Joins over two patterns
(a target and its goal, an indicator and its notation, a membership and its network) are
made after the merge, in :mod:`kg.roadmap.lens_index`, so a type stated in one source
and a link in another are joined as they are in the store. The merge is the union: a
type or a pair stated in two sources is there once. Where the lenses take one value of a
property with several (a system's data location, an exit plan, a target's goal, an
indicator's set and notation) they take the smallest term, whichever source or order it
came in (:func:`kg.roadmap.index_parts.first`'s rule).

``tests/kg/test_lens_parts.py`` checks, over small cases worked by hand and random
series of edits across sources (with facts whose subject and object sit in different
sources), that the facts merged from the parts equal those read from the whole store.
"""
from __future__ import annotations

from kg.roadmap.index_parts import _query, bind_reader, sorted_union

# the typed nodes the lenses read: key -> class
TYPES = {"muni": "kg:Municipality", "vendor_t": "kg:Vendor", "system": "kg:AISystem", "goal": "sdgo:Goal",
         "target": "sdgo:Target", "network": "kg:Network"}
# the predicates the lenses read: key -> predicate (subject, raw object)
PAIRS = {"vendor": "kg:vendor", "uses": "kg:usesSystem", "reused": "kg:reusedBy", "location": "kg:dataLocation",
         "exit": "kg:exitPlan", "target_of": "sdgo:isTargetOf", "broader": "skos:broader",
         "indicator_of": "sdgo:isIndicatorOf", "scheme": "skos:inScheme", "notation": "skos:notation",
         "measured": "kg:measuredBy", "member": "org:member", "organization": "org:organization",
         "member_of": "org:memberOf"}
LENS_PART_VERSION = 1
LENS = f"lens-v{LENS_PART_VERSION}"   # the lazy fact's name in a part (its file's suffix)


def gather_lens(ws, graph: str | None, subjects=None) -> dict:
    """The lenses' raw facts of one source (``graph``), or of the union of every graph
    (``None``); with ``subjects``, the facts about those nodes only."""
    out: dict = {"v": LENS_PART_VERSION}
    for key, cls in TYPES.items():
        out[key] = sorted({r[0] for r in _query(ws, graph, "?a a %s" % cls, "?a", subjects)})
    for key, pred in PAIRS.items():
        out[key] = sorted({(a, b) for a, b in _query(ws, graph, "?a %s ?b" % pred, "?a ?b", subjects)})
    return out


def patch(old: dict, fresh: dict, subjects: set) -> dict:
    """A source's lens facts ``old`` with the facts about ``subjects`` replaced by
    ``fresh`` (those subjects' facts read again)."""
    out: dict = {"v": LENS_PART_VERSION}
    for key in TYPES:
        out[key] = sorted([x for x in old.get(key, ()) if x not in subjects] + fresh[key])
    for key in PAIRS:
        out[key] = sorted([tuple(e) for e in old.get(key, ()) if e[0] not in subjects] + fresh[key])
    return out


def merge(parts: list[dict]) -> dict:
    """The facts of several sources as one: each type and pair once, sorted."""
    out: dict = {"v": LENS_PART_VERSION}
    for key in (*TYPES, *PAIRS):
        some = [p[key] for p in parts if p[key]]
        if len(some) == 1:   # most facts come from one source: sorted and unique already
            out[key] = some[0]
        else:
            out[key] = sorted_union(some)
    return out


def lens_raw(ws, ix) -> dict:
    """The lenses' raw facts of ``ws``: merged from the per-source parts of its cached
    roadmap index ``ix`` when there are (once per parts: both lenses read them), else
    read over the union."""
    parts = ix.source_parts()
    if parts is None:
        return gather_lens(ws, None)
    bind_reader(parts, ws)   # the lazy reads go through the caller's open workspace, in this thread
    got = parts.memo.get(LENS)
    if got is None:
        got = parts.memo[LENS] = merge(parts.extra(LENS, gather_lens))
    return got
