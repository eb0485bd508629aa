"""The roadmap as Python objects, read from the workspace in a few SPARQL passes.

Queries, checks, diagrams and diffs share this reading so that an initiative's time,
dependencies and links mean the same everywhere.

Dependencies: ``kg:qualifiedDependency`` nodes carry type (requires / enables / informs)
and strength (hard / soft). A plain ``kg:dependsOn`` with no qualified form counts as a
hard *requires* dependency (the spreadsheet's ``avhenger_av``).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from .ids import slug
from .timewin import When
from .vocab import ID
from .workspace import source_name

_IDB = str(ID)  # plain strings: importing this module must not import rdflib (start-up time)
DEP_TYPES = {_IDB + "avh-krever": "requires", _IDB + "avh-muliggjor": "enables",
             _IDB + "avh-informerer": "informs"}
DEP_STRENGTHS = {_IDB + "styrke-hard": "hard", _IDB + "styrke-myk": "soft"}


@dataclass
class Dep:
    """``dependent`` depends on ``target``."""

    dependent: str
    target: str
    type: str = "requires"
    strength: str = "hard"
    source: str = ""

    @property
    def hard(self) -> bool:
        return self.strength == "hard"


@dataclass
class InitiativeRec:
    iri: str
    id: str
    labels: dict[str, str] = field(default_factory=dict)
    phase: str | None = None
    status: str | None = None
    owners: list[str] = field(default_factory=list)
    participants: list[str] = field(default_factory=list)
    start: When | None = None
    end: When | None = None
    deps: list[Dep] = field(default_factory=list)
    challenges: list[str] = field(default_factory=list)
    principles: list[str] = field(default_factory=list)
    regulations: list[str] = field(default_factory=list)
    requires_in_force: list[str] = field(default_factory=list)
    services: list[str] = field(default_factory=list)
    capabilities: list[str] = field(default_factory=list)
    sdgs: list[str] = field(default_factory=list)
    parent: str | None = None
    sources: list[str] = field(default_factory=list)

    def label(self, lang: str) -> str:
        return self.labels.get(lang) or self.labels.get("en" if lang == "nb" else "nb") or self.id


@dataclass
class RegulationRec:
    iri: str
    id: str
    labels: dict[str, str] = field(default_factory=dict)
    entry: When | None = None

    def label(self, lang: str) -> str:
        return self.labels.get(lang) or self.labels.get("en" if lang == "nb" else "nb") or self.id


def _d(lit) -> date | None:
    if lit is None:
        return None
    try:
        return date.fromisoformat(lit.value[:10])
    except ValueError:
        return None


def _when(row: dict, prefix: str) -> When | None:
    e, l = _d(row.get(prefix + "E")), _d(row.get(prefix + "L"))
    if e is None and l is None:
        return None
    prec = row.get(prefix + "P")
    p = prec.value.rsplit("presisjon-", 1)[-1] if prec is not None else ("dag" if e == l else "vindu")
    note = row.get(prefix + "N")
    return When(e, l, p, note.value if note is not None else "")


_SCALARS = """
SELECT ?i ?phase ?status ?parent ?sE ?sL ?sP ?sN ?eE ?eL ?eP ?eN WHERE {
  ?i a kg:Initiative .
  OPTIONAL { ?i kg:phase ?phase }
  OPTIONAL { ?i kg:status ?status }
  OPTIONAL { ?i kg:partOf ?parent }
  OPTIONAL { ?i kg:period ?per .
    OPTIONAL { ?per time:hasBeginning ?s .
      OPTIONAL { ?s kg:earliest ?sE } OPTIONAL { ?s kg:latest ?sL }
      OPTIONAL { ?s kg:precision ?sP } OPTIONAL { ?s skos:notation ?sN } }
    OPTIONAL { ?per time:hasEnd ?e .
      OPTIONAL { ?e kg:earliest ?eE } OPTIONAL { ?e kg:latest ?eL }
      OPTIONAL { ?e kg:precision ?eP } OPTIONAL { ?e skos:notation ?eN } } }
}"""

_LINKS = {
    "owners": "kg:owner", "participants": "kg:participant", "challenges": "kg:addresses",
    "principles": "kg:follows", "regulations": "kg:subjectTo", "requires_in_force": "kg:requiresInForce",
    "services": "kg:delivers", "capabilities": "kg:builds", "sdgs": "kg:contributesTo",
}


def initiatives(ws, only: set[str] | None = None) -> dict[str, InitiativeRec]:
    """Every kg:Initiative in the workspace, keyed by IRI."""
    out: dict[str, InitiativeRec] = {}
    for r in ws.select(_SCALARS):
        i = r["i"].value
        rec = out.get(i)
        if rec is None:
            rec = out[i] = InitiativeRec(iri=i, id=slug(i))
        if "phase" in r:
            rec.phase = slug(r["phase"].value)
        if "status" in r:
            rec.status = slug(r["status"].value)
        if "parent" in r:
            rec.parent = r["parent"].value
        rec.start = rec.start or _when(r, "s")
        rec.end = rec.end or _when(r, "e")
    for r in ws.select("SELECT ?i ?l WHERE { ?i a kg:Initiative ; skos:prefLabel ?l }"):
        rec = out[r["i"].value]
        rec.labels.setdefault(r["l"].language or "", r["l"].value)
    for r in ws.select("SELECT DISTINCT ?i ?g WHERE { ?i a kg:Initiative . GRAPH ?g { ?i ?p ?o } FILTER(?g != kgsrc:catalog) }"):
        out[r["i"].value].sources.append(source_name(r["g"].value))
    values = " ".join(f"({p} \"{k}\")" for k, p in _LINKS.items())
    for r in ws.select("SELECT ?i ?k ?o WHERE { VALUES (?p ?k) { %s } ?i a kg:Initiative ; ?p ?o }" % values):
        lst = getattr(out[r["i"].value], r["k"].value)
        if r["o"].value not in lst:
            lst.append(r["o"].value)
    for rec in out.values():
        for k in _LINKS:
            getattr(rec, k).sort()
        rec.sources.sort()
    for d in dependencies(ws):
        if d.dependent in out:
            out[d.dependent].deps.append(d)
    return out


def dependencies(ws) -> list[Dep]:
    """Every dependency edge, qualified where a qualified form exists."""
    deps: dict[tuple[str, str], Dep] = {}
    for r in ws.select("""
        SELECT ?a ?b ?t ?s ?g WHERE {
          GRAPH ?g { ?a kg:qualifiedDependency ?q . }
          ?q kg:dependencyOn ?b .
          OPTIONAL { ?q kg:dependencyType ?t } OPTIONAL { ?q kg:strength ?s } }"""):
        key = (r["a"].value, r["b"].value)
        deps[key] = Dep(key[0], key[1],
                        DEP_TYPES.get(r["t"].value, "requires") if "t" in r else "requires",
                        DEP_STRENGTHS.get(r["s"].value, "hard") if "s" in r else "hard",
                        source_name(r["g"].value))
    for r in ws.select("SELECT ?a ?b ?g WHERE { GRAPH ?g { ?a kg:dependsOn ?b } }"):
        key = (r["a"].value, r["b"].value)
        if key not in deps:
            deps[key] = Dep(key[0], key[1], "requires", "hard", source_name(r["g"].value))
    return sorted(deps.values(), key=lambda d: (d.dependent, d.target))


def regulations(ws) -> dict[str, RegulationRec]:
    """Every kg:Regulation with its entry-into-force window."""
    out: dict[str, RegulationRec] = {}
    for r in ws.select("""
        SELECT ?r ?l ?sE ?sL ?sP ?sN WHERE { ?r a kg:Regulation .
          OPTIONAL { ?r skos:prefLabel ?l }
          OPTIONAL { ?r kg:entryIntoForce ?x . OPTIONAL { ?x kg:earliest ?sE } OPTIONAL { ?x kg:latest ?sL }
                     OPTIONAL { ?x kg:precision ?sP } OPTIONAL { ?x skos:notation ?sN } } }"""):
        i = r["r"].value
        rec = out.setdefault(i, RegulationRec(iri=i, id=slug(i)))
        if "l" in r:
            rec.labels.setdefault(r["l"].language or "", r["l"].value)
        rec.entry = rec.entry or _when(r, "s")
    return out


def dependency_digraph(deps, hard_only: bool = False):
    """A networkx DiGraph with an edge prerequisite → dependent for each dependency
    (so a topological order starts with what must come first). Edge data: type,
    strength, source."""
    import networkx as nx
    g = nx.DiGraph()
    for d in deps:
        if hard_only and not d.hard:
            continue
        g.add_edge(d.target, d.dependent, type=d.type, strength=d.strength, source=d.source)
    return g
