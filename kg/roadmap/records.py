"""The roadmap's records (an initiative, a regulation, a dependency) and the raw reading of
SPARQL rows they are built from. :mod:`kg.roadmap.index` builds them, :mod:`kg.roadmap.model`
hands them out; both import them from here (so neither imports the other's internals).
"""
from __future__ import annotations

from dataclasses import dataclass, field


from kg.i18n import best_label
from kg.roadmap.timewin import When
from kg.vocab import ID

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
class _Named:
    """A named node of the roadmap (IRI, id, labels by language). Its label: in the
    language asked for, else the other, else an untagged one, else any, else its id (:func:`kg.i18n.best_label`, the rule queries use too)."""

    iri: str
    id: str
    labels: dict[str, str] = field(default_factory=dict)

    def label(self, lang: str) -> str:
        return best_label(self.labels, lang) or self.id


@dataclass
class InitiativeRec(_Named):
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


@dataclass
class RegulationRec(_Named):
    entry: When | None = None


