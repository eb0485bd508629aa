"""Property: diff(A, A) is empty, and diff(A, B) lists exactly the changes applied to make B.

A is a random roadmap; B is A with random known mutations, and both are written out with
random spellings (blank or IRI period nodes, date notations, statement order), which the
diff must not see.
"""
from __future__ import annotations

import random
from datetime import date, timedelta

from hypothesis import HealthCheck, given, settings, strategies as st

from diff_builder import (CHALLENGES, DEP_TYPES, DEP_STRENGTHS, MUNICIPALITIES, ORGS, PHASES, PRINCIPLES,
                          REGULATIONS, STATUSES, Ini, turtle)
from kg.diff.compare import diff, load_text, months_between

LINKS = {"challenges": CHALLENGES, "principles": PRINCIPLES, "regulations": REGULATIONS,
         "participants": MUNICIPALITIES}
MUTATIONS = ("move_start", "move_end", "phase", "status", "owner", "link", "dep_add", "dep_remove",
             "dep_retype", "rename", "parent")


def _window(rng: random.Random) -> tuple[date, date]:
    e = date(2025, 1, 1) + timedelta(days=rng.randrange(0, 1500))
    return e, e + timedelta(days=rng.choice([0, 0, 29, 91, 183, 364]))


def random_roadmap(rng: random.Random, n: int) -> list[Ini]:
    inis = []
    for k in range(n):
        ini = Ini(f"i{k}", f"Tiltak {k}", f"Initiative {k}" if rng.random() < 0.8 else "",
                  phase=rng.choice(PHASES + [None]), status=rng.choice(STATUSES + [None]),
                  owners=rng.sample(ORGS, rng.choice([0, 1, 1, 2])),
                  participants=rng.sample(MUNICIPALITIES, rng.randrange(0, 3)),
                  start=_window(rng) if rng.random() < 0.85 else None,
                  end=_window(rng) if rng.random() < 0.85 else None,
                  challenges=rng.sample(CHALLENGES, rng.randrange(0, 3)),
                  principles=rng.sample(PRINCIPLES, rng.randrange(0, 3)),
                  regulations=rng.sample(REGULATIONS, rng.randrange(0, 2)))
        inis.append(ini)
    for ini in inis:
        for t in rng.sample(inis, min(len(inis), rng.randrange(0, 3))):
            if t.slug != ini.slug:
                ini.deps[t.slug] = (rng.choice(list(DEP_TYPES)), rng.choice(list(DEP_STRENGTHS)))
    return inis


def _shift(w, rng):
    e, l = w
    de, dl = rng.choice([(30, 30), (0, 92), (-14, 0), (365, 365), (1, 2)])
    return (e + timedelta(days=de), l + timedelta(days=dl))


def mutate(rng: random.Random, a: list[Ini]) -> tuple[list[Ini], set]:
    """B and the exact set of changes (as signatures) that turn A into B."""
    b = [i.copy() for i in a]
    expected: set = set()
    slugs = [i.slug for i in a]
    removed = set(rng.sample(slugs, rng.randrange(0, min(2, len(slugs)) + 1))) if len(slugs) > 1 else set()
    for ini in b:
        if ini.slug in removed:
            continue
        for m in rng.sample(MUTATIONS, rng.randrange(0, 4)):
            if m in ("move_start", "move_end"):
                end = "start" if m == "move_start" else "end"
                old = getattr(ini, end)
                new = _shift(old, rng) if old else _window(rng)
                if rng.random() < 0.15 and old:
                    new = None
                setattr(ini, end, new)
                if old != new:
                    oe, ol = old or (None, None)
                    ne, nl = new or (None, None)
                    d = (lambda x, y: None if x is None or y is None else (y - x).days)
                    expected.add(("moved", ini.slug, end, d(oe, ne), d(ol, nl), months_between(oe, ne)))
            elif m in ("phase", "status"):
                pool = PHASES if m == "phase" else STATUSES
                old = getattr(ini, m)
                new = rng.choice([x for x in pool if x != old])
                setattr(ini, m, new)
                expected.add((m, ini.slug, m, old, new))
            elif m == "owner":
                old = frozenset(ini.owners)
                new = frozenset(rng.sample(ORGS, rng.choice([0, 1, 2])))
                if new != old:
                    ini.owners = sorted(new)
                    expected.add(("owner", ini.slug, "owners", old, new))
            elif m == "link":
                f = rng.choice(list(LINKS))
                cur = getattr(ini, f)
                x = rng.choice(LINKS[f])
                if x in cur:
                    cur.remove(x)
                    expected.add(("links", ini.slug, f, frozenset(), frozenset({x})))
                else:
                    cur.append(x)
                    expected.add(("links", ini.slug, f, frozenset({x}), frozenset()))
            elif m == "dep_add":
                cands = [s for s in slugs if s != ini.slug and s not in ini.deps]
                if cands and not any(e[:3] == ("links", ini.slug, "dependencies") for e in expected):
                    t = rng.choice(cands)
                    ini.deps[t] = ("requires", "hard")
                    expected.add(("links", ini.slug, "dependencies", frozenset({t}), frozenset()))
            elif m == "dep_remove":
                retyped = {e[2] for e in expected if e[:2] == ("dependency", ini.slug)}
                cands = [t for t in sorted(ini.deps) if t not in retyped]
                if cands and not any(e[:3] == ("links", ini.slug, "dependencies") for e in expected):
                    t = rng.choice(cands)
                    del ini.deps[t]
                    expected.add(("links", ini.slug, "dependencies", frozenset(), frozenset({t})))
            elif m == "dep_retype":
                stable = [t for t in sorted(ini.deps)
                          if not any(e[:3] == ("links", ini.slug, "dependencies") and t in (e[3] | e[4])
                                     for e in expected)]
                if stable:
                    t = rng.choice(stable)
                    old = ini.deps[t]
                    new = rng.choice([(ty, s) for ty in DEP_TYPES for s in DEP_STRENGTHS if (ty, s) != old])
                    ini.deps[t] = new
                    expected.add(("dependency", ini.slug, t, old, new))
            elif m == "rename":
                old = ini.nb
                ini.nb = old + " (ny)"
                expected.add(("renamed", ini.slug, "nb", old, ini.nb))
            elif m == "parent":
                cands = [s for s in slugs if s not in (ini.slug, ini.parent)]
                if cands:
                    old = ini.parent
                    ini.parent = rng.choice(cands)
                    expected.add(("parent", ini.slug, "parent", old, ini.parent))
    for s in removed:
        expected.add(("removed", s))
    b = [i for i in b if i.slug not in removed]
    for k in range(rng.randrange(0, 3)):
        new = random_roadmap(rng, 1)[0]
        new.slug, new.nb = f"new{k}", f"Nytt tiltak {k}"
        new.deps = {}
        b.append(new)
        expected.add(("added", new.slug))
    return b, expected


def signature(c) -> tuple:
    """A change as the same kind of tuple ``mutate`` expects."""
    if c.kind in ("added", "removed"):
        return (c.kind, c.id)
    if c.kind == "moved":
        return (c.kind, c.id, c.field, c.shift.earliest_days, c.shift.latest_days, c.shift.earliest_months)
    if c.kind in ("phase", "status"):
        return (c.kind, c.id, c.field, c.old.id if c.old else None, c.new.id if c.new else None)
    if c.kind == "owner":
        return (c.kind, c.id, c.field, frozenset(o.id for o in c.old), frozenset(o.id for o in c.new))
    if c.kind == "links":
        return (c.kind, c.id, c.field, frozenset(i.id for i in c.added), frozenset(i.id for i in c.removed))
    if c.kind == "dependency":
        return (c.kind, c.id, c.added[0].id, (c.old["type"], c.old["strength"]), (c.new["type"], c.new["strength"]))
    if c.kind == "renamed":
        return (c.kind, c.id, c.field, c.old, c.new)
    if c.kind == "parent":
        return (c.kind, c.id, c.field, c.old.id if c.old else None, c.new.id if c.new else None)
    return (c.kind, c.id, c.field)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 2**32 - 1), n=st.integers(1, 8))
def test_diff_of_a_roadmap_with_itself_is_empty(seed, n):
    rng = random.Random(seed)
    a = random_roadmap(rng, n)
    # the same meaning, spelt differently (blank/IRI nodes, notations, order)
    d = diff(load_text(turtle(a, rng=rng)), load_text(turtle(a, rng=rng)))
    assert d.equal, d.as_dict()


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 2**32 - 1), n=st.integers(1, 8))
def test_diff_lists_exactly_the_applied_changes(seed, n):
    rng = random.Random(seed)
    a = random_roadmap(rng, n)
    b, expected = mutate(rng, a)
    d = diff(load_text(turtle(a, rng=rng)), load_text(turtle(b, rng=rng, modified="2026-12-01T00:00:00Z")))
    got = {signature(c) for c in d.changes}
    assert len(got) == len(d.changes), "a change was reported twice"
    assert got == expected
    # nothing outside the roadmap fields changed, so nothing else may be reported
    assert d.other_added_count == 0 and d.other_removed_count == 0, d.as_dict()["other"]
    assert d.equal == (not expected)
