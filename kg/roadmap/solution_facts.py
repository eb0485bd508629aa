"""One definition each of what the checks and the obligations ask about an AI solution.

* **who uses it** (``users(S, O)``): the organisations recorded as reusing the AI system
  (``kg:reusedBy``), and the owners and participating municipalities of every initiative
  that uses it (``kg:usesSystem``) — what the network spreadsheet's ``eier`` and
  ``kommuner`` columns say;
* **processes personal data** (``personal_data(S)``): ``kg:processesPersonalData true``
  (the ``personopplysninger`` column), whatever the ``regelverk`` column says;
* **is high-risk** (``high_risk(S)``): AI Act risk level ``risiko-hoy`` (the
  ``risikonivå`` column);
* **who supplies it** (``vendors(S, V)``): its own ``kg:vendor`` values, or, when it names
  none, the vendors of the initiatives that use it — the network spreadsheet writes the
  ``leverandør`` column on the row's initiative and the system's characteristics
  (``datalagring``, ``exitplan``, …) on the row's AI system. :mod:`kg.roadmap.lenses` reads
  vendors the same way.

The shipped SHACL shapes write ``kgdef:users($this, ?o)``, ``kgdef:personal_data($this)``,
``kgdef:high_risk($this)`` and ``kgdef:vendors($this, ?v)`` in their SPARQL; :func:`expand` replaces them by the
patterns below when the shapes are loaded (for both check engines), and
``kg query obligations`` uses :func:`implied_regulations` with the same patterns: a
solution that processes personal data is under GDPR, a high-risk one under the AI Act.
"""
from __future__ import annotations

import re

_PATTERNS = {
    # {0} the AI system, {1} an organisation that uses it
    # (one property path: Oxigraph walks it from a bound {0}; the same pattern as a UNION
    # of three joins, twice inside reuse-missing's FILTER NOT EXISTS, took 3 s at 1M)
    "users": "{0} kg:reusedBy|^kg:usesSystem/(kg:owner|kg:participant) {1} .",
    "personal_data": "{0} kg:processesPersonalData true .",
    "high_risk": "{0} kg:riskLevel kgid:risiko-hoy .",
    # {0} the AI system, {1} a vendor of it
    "vendors": ("{{ {0} kg:vendor {1} }} UNION {{ ?_u_i kg:usesSystem {0} ; kg:vendor {1} . "
                "FILTER NOT EXISTS {{ {0} kg:vendor ?_u_o }} }}"),
}

# what a solution being so brings into scope for `kg query obligations`
IMPLIED = (("personal_data", "gdpr"), ("high_risk", "ai-act"))

_CALL = re.compile(r"kgdef:(\w+)\(([^()]*)\)")


def pattern(name: str, *args: str) -> str:
    """The SPARQL group pattern of definition ``name`` over the variables/terms ``args``."""
    text = _PATTERNS[name].format(*args)
    # variables of the pattern's own are made unique per use, so two uses do not join
    suffix = "_" + "_".join(re.sub(r"\W", "", a) for a in args)
    return "{ " + re.sub(r"\?(_u_[a-z])\b", lambda m: "?" + m[1] + suffix, text) + " }"


def expand(sparql: str) -> str:
    """Replace every ``kgdef:name(args)`` in ``sparql`` by its pattern."""
    def one(m: re.Match) -> str:
        if m[1] not in _PATTERNS:
            raise KeyError(f"unknown definition kgdef:{m[1]}")
        return pattern(m[1], *[a.strip() for a in m[2].split(",")])
    return _CALL.sub(one, sparql)


def implied_regulations(ws, systems) -> dict[str, set[str]]:
    """{regulation IRI: {AI systems that bring it in}} for the AI systems ``systems``."""
    from kg.vocab import ID
    systems = sorted(systems)
    out: dict[str, set[str]] = {}
    if not systems:
        return out
    values = " ".join(f"<{s}>" for s in systems)
    for name, reg in IMPLIED:
        q = "SELECT DISTINCT ?s WHERE { VALUES ?s { %s } %s }" % (values, pattern(name, "?s"))
        for r in ws.query(q):
            out.setdefault(str(ID) + reg, set()).add(r["s"].value)
    return out
