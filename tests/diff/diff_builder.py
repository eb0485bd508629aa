"""Build small roadmaps as Turtle for the diff tests: one Python description, many spellings.

The same roadmap can be written with the period as a blank node or as an IRI, with the
statements in any order and with different date notations, so tests can check that the
diff sees only changes of meaning.
"""
from __future__ import annotations

import random
from dataclasses import dataclass, field, replace
from datetime import date

from kg.diff.compare import load_text

PREFIXES = """@prefix kg: <https://w3id.org/kommune-ki/ont#> .
@prefix kgid: <https://w3id.org/kommune-ki/id/> .
@prefix kgsrc: <https://w3id.org/kommune-ki/source/> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix dct: <http://purl.org/dc/terms/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix time: <http://www.w3.org/2006/time#> .
"""

PHASES = ["fase-etablert", "fase-pagaende", "fase-planlagt"]
STATUSES = ["status-ide", "status-planlagt", "status-pagaende", "status-etablert", "status-avsluttet", "status-stanset"]
CHALLENGES = ["competence", "regulation", "organisation", "economy", "technical", "procurement"]
PRINCIPLES = [f"prinsipp-{i}" for i in range(1, 6)]
REGULATIONS = ["gdpr", "forvaltningsloven", "ai-act", "ki-loven"]
ORGS = ["ks", "ki-norge", "digdir", "uib", "ntnu", "sintef"]
MUNICIPALITIES = ["kommune-0301", "kommune-4601", "kommune-5001", "kommune-3301", "kommune-1103"]
DEP_TYPES = {"requires": "avh-krever", "enables": "avh-muliggjor", "informs": "avh-informerer"}
DEP_STRENGTHS = {"hard": "styrke-hard", "soft": "styrke-myk"}


@dataclass
class Ini:
    slug: str
    nb: str
    en: str = ""
    phase: str | None = None
    status: str | None = None
    owners: list[str] = field(default_factory=list)
    participants: list[str] = field(default_factory=list)
    start: tuple[date, date] | None = None
    end: tuple[date, date] | None = None
    deps: dict[str, tuple[str, str]] = field(default_factory=dict)  # target -> (type, strength)
    challenges: list[str] = field(default_factory=list)
    principles: list[str] = field(default_factory=list)
    regulations: list[str] = field(default_factory=list)
    parent: str | None = None
    description: str = ""

    def copy(self) -> "Ini":
        return replace(self, owners=list(self.owners), participants=list(self.participants),
                       deps=dict(self.deps), challenges=list(self.challenges),
                       principles=list(self.principles), regulations=list(self.regulations))


def _instant(e: date, l: date, notation: str) -> str:
    n = f' ; skos:notation "{notation}"' if notation else ""
    return f'[ a kg:UncertainInstant ; kg:earliest "{e.isoformat()}"^^xsd:date ; kg:latest "{l.isoformat()}"^^xsd:date{n} ]'


def statements(ini: Ini, *, blank_period: bool = True, notation: str = "", qualified: bool = True) -> list[str]:
    """Turtle statements (one per list item) describing ``ini``."""
    s = f"kgid:{ini.slug}"
    out = [f"{s} a kg:Initiative .", f'{s} skos:prefLabel "{ini.nb}"@nb .']
    if ini.en:
        out.append(f'{s} skos:prefLabel "{ini.en}"@en .')
    if ini.phase:
        out.append(f"{s} kg:phase kgid:{ini.phase} .")
    if ini.status:
        out.append(f"{s} kg:status kgid:{ini.status} .")
    for p, vals in (("kg:owner", ini.owners), ("kg:participant", ini.participants),
                    ("kg:addresses", ini.challenges), ("kg:follows", ini.principles),
                    ("kg:subjectTo", ini.regulations)):
        for v in vals:
            out.append(f"{s} {p} kgid:{v} .")
    if ini.parent:
        out.append(f"{s} kg:partOf kgid:{ini.parent} .")
    if ini.description:
        out.append(f'{s} dct:description "{ini.description}"@nb .')
    if ini.start or ini.end:
        parts = []
        if ini.start:
            parts.append("time:hasBeginning " + _instant(*ini.start, notation))
        if ini.end:
            parts.append("time:hasEnd " + _instant(*ini.end, notation))
        body = " ; ".join(parts)
        if blank_period:
            out.append(f"{s} kg:period [ a kg:Period ; {body} ] .")
        else:
            out.append(f"{s} kg:period kgid:{ini.slug}-periode .")
            out.append(f"kgid:{ini.slug}-periode a kg:Period ; {body} .")
    for target, (typ, strength) in sorted(ini.deps.items()):
        out.append(f"{s} kg:dependsOn kgid:{target} .")
        if qualified:
            out.append(f"{s} kg:qualifiedDependency kgid:{ini.slug}-avh-{target} .")
            out.append(f"kgid:{ini.slug}-avh-{target} a kg:Dependency ; kg:dependencyOn kgid:{target} ; "
                       f"kg:dependencyType kgid:{DEP_TYPES[typ]} ; kg:strength kgid:{DEP_STRENGTHS[strength]} .")
    return out


def context(modified: str = "2026-01-01T00:00:00Z") -> list[str]:
    """Things that are not initiatives: labels of what initiatives point to, a source node
    with a provenance timestamp."""
    out = [f'kgid:{o} a kg:Organisation ; skos:prefLabel "{o.upper()}"@nb .' for o in ORGS]
    out += [f'kgid:{c} a kg:Challenge ; skos:prefLabel "Utfordring {c}"@nb, "Challenge {c}"@en .' for c in CHALLENGES]
    out.append(f'kgsrc:network a kg:Source ; dct:modified "{modified}"^^xsd:dateTime ; dct:title "Nettverk"@nb .')
    return out


def turtle(inis: list[Ini], *, rng: random.Random | None = None, modified: str = "2026-01-01T00:00:00Z",
           extra: list[str] = ()) -> str:
    """The roadmap as Turtle. With ``rng`` the spelling varies (blank or IRI period nodes,
    date notations, statement order), never the meaning."""
    lines: list[str] = []
    for ini in inis:
        blank = rng.random() < 0.5 if rng else True
        notation = rng.choice(["", "kv", "vindu"]) if rng else ""
        lines += statements(ini, blank_period=blank, notation=notation)
    lines += context(modified) + list(extra)
    if rng:
        rng.shuffle(lines)
    return PREFIXES + "\n".join(lines) + "\n"


def view(inis: list[Ini], **kw):
    return load_text(turtle(inis, **kw))
