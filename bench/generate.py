"""Generate a sector-scale roadmap workspace, deterministic by seed, with planted gaps.

Every municipality gets local initiatives (IRIs ``kgid:bench/<n>``) with labels in nb and
en, a description, phase, status, an owner (the municipality, a vendor or a national
organisation), participants, a period whose ends are uncertain instants (year, half,
quarter, month, day or window precision), 0–3 dependencies (qualified form plus
``kg:dependsOn``; always acyclic and strictly ordered in time), challenges, principles,
regulations, services, vendors, SDG targets and, for some, an AI system with every
property the checks read.

Every initiative that is not planted is clean for every gap code of SPEC.md; the planted
gaps are listed in ``planted.json`` (``[{"code", "focus", "initiative", "variant"}]``) so
``kg check`` can be compared with them. AI-system codes have the AI system as focus (and
the initiative that uses it in ``initiative``); every other code has the initiative.
A dependency cycle is planted with hard *requires* edges between initiatives that all
have the same exact dates, so each member is also a ``dependency-order`` violation, and
both are listed.

Output is written as plain Turtle strings (no rdflib), then loaded with
``Workspace.create(path, extra=[("bench", file, {"kind": "import"})])``.

Usage::

    python -m bench.generate --size 100k --seed 1 -o /tmp/b     # files only
"""
from __future__ import annotations

import argparse
import bisect
import calendar
import csv
import hashlib
import json
import random
import time
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

# Bump when the output changes: cached workspaces of another version are rebuilt.
GENERATOR_VERSION = 5

BASE = "https://w3id.org/kommune-ki/"
ONT = BASE + "ont#"
ID = BASE + "id/"
BENCH = ID + "bench/"
SDG = "http://metadata.un.org/sdg/"

PREFIXES = {
    "kg": ONT, "kgid": ID, "b": BENCH,
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "dct": "http://purl.org/dc/terms/",
    "time": "http://www.w3.org/2006/time#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "sdg": SDG,
}

# The reference IRIs the generator links to (slugs under kgid:). Checked against the
# shipped reference data when it is there (meta.json lists any that are missing).
CHALLENGES = ["competence", "regulation", "organisation", "economy", "technical", "procurement"]
PRINCIPLES = [f"prinsipp-{i}" for i in range(1, 6)]
SERVICES = ["tale-til-tekst", "bemanningsplanlegging", "ki-i-saksbehandling"]
NATIONAL_ORGS = ["ks", "ki-norge", "digdir", "uib", "ntnu", "sintef"]
PHASES = {"etablert": "fase-etablert", "pagaende": "fase-pagaende", "planlagt": "fase-planlagt"}
STATUS = {"ide": "status-ide", "planlagt": "status-planlagt", "pagaende": "status-pagaende",
          "etablert": "status-etablert"}
DEP_TYPES = ["avh-krever", "avh-muliggjor", "avh-informerer"]
STRENGTHS = ["styrke-hard", "styrke-myk"]
RISK_HIGH, RISK_LIMITED, RISK_MINIMAL = "risiko-hoy", "risiko-begrenset", "risiko-minimal"
YES, NO, NOT_RELEVANT = "vurdering-ja", "vurdering-nei", "vurdering-ikke-relevant"
REUSE_YES, REUSE_NO = "gjenbruk-ja", "gjenbruk-nei"
LOC_NO, LOC_EEA, LOC_OUTSIDE = "lagring-norge", "lagring-eos", "lagring-utenfor-eos"
KI_LOVEN = "ki-loven"
REGULATIONS = ["gdpr", "forvaltningsloven", "ai-act"]
PRECISION = {"ar": "presisjon-ar", "halvar": "presisjon-halvar", "kvartal": "presisjon-kvartal",
             "maned": "presisjon-maned", "dag": "presisjon-dag", "vindu": "presisjon-vindu"}
SDG_TARGETS = ["3.8", "4.4", "4.7", "5.5", "8.2", "8.5", "9.1", "9.5", "9.c", "10.2", "11.2",
               "11.3", "12.5", "13.3", "16.6", "16.7", "16.10", "17.17"]

# Codes the generator plants, in a fixed order (the order of SPEC.md's table).
CODES = ["owner-missing", "dates-missing", "dates-reversed", "dependency-order",
         "dependency-cycle", "dependency-dangling", "challenge-missing", "principle-missing",
         "dpia-missing", "fria-missing", "ros-missing", "human-oversight-missing",
         "explanation-missing", "reuse-missing", "sovereignty-risk", "regulation-timing",
         "label-missing"]
AI_CODES = {"dpia-missing", "fria-missing", "ros-missing", "human-oversight-missing",
            "explanation-missing", "reuse-missing", "sovereignty-risk"}

ACTIONS = [  # (nb, en, service slug or None, AI system likely)
    ("Tale til tekst i", "Speech to text in", "tale-til-tekst", True),
    ("Bemanningsplanlegging i", "Staff planning in", "bemanningsplanlegging", True),
    ("KI i saksbehandlingen for", "AI in case processing for", "ki-i-saksbehandling", True),
    ("KI-assistent for", "AI assistant for", None, True),
    ("Chatbot for innbyggere i", "Citizen chatbot for", None, True),
    ("Dokumentanalyse i", "Document analysis in", None, True),
    ("Prediktivt vedlikehold i", "Predictive maintenance in", None, True),
    ("Klarspråk og oversettelse i", "Plain language and translation in", None, True),
    ("Kompetanseløft om KI i", "AI competence programme in", None, False),
    ("Datadeling for", "Data sharing for", None, False),
    ("Innføringsplan for KI i", "AI adoption plan for", None, False),
    ("Felles anskaffelse av KI for", "Joint AI procurement for", None, False),
]
DOMAINS = [
    ("helse og omsorg", "health and care"), ("skole", "schools"), ("barnehage", "kindergartens"),
    ("byggesak", "building permits"), ("barnevern", "child welfare"), ("NAV-kontoret", "the NAV office"),
    ("teknisk drift", "technical operations"), ("økonomi", "finance"), ("arkiv", "archives"),
    ("innbyggerdialog", "citizen dialogue"), ("plan og miljø", "planning and environment"),
    ("vann og avløp", "water and sewage"), ("kultur", "culture"), ("HR", "HR"),
]
VENDOR_A = ["Nordlys", "Fjord", "Vidde", "Polar", "Kyst", "Skog", "Bre", "Elv", "Myr", "Fjell",
            "Sol", "Havn", "Lysning", "Nordkapp", "Trollheim", "Vestland", "Saga", "Norrøn", "Tinde", "Kvitfjell"]
VENDOR_B = ["Data", "Analyse", "Innsikt", "Digital", "Systemer", "Teknologi", "Rådgivning", "AI",
            "Software", "Labs"]
VENDOR_C = ["AS", "AS", "ASA", "SA"]

HERE = Path(__file__).resolve().parent


def parse_size(size: str) -> int:
    """'100k' → 100000, '1m' → 1000000, '5000' → 5000 (triples)."""
    s = str(size).strip().lower()
    mult = 1
    if s.endswith("k"):
        mult, s = 1_000, s[:-1]
    elif s.endswith("m"):
        mult, s = 1_000_000, s[:-1]
    return int(float(s) * mult)


# ----------------------------------------------------------------------- reference data
@dataclass
class Reference:
    municipalities: list[tuple[str, str]]        # (number, name)
    known: set[str] | None                        # subjects in the shipped data (None: not read)
    ki_loven: tuple[date, date]
    triples: int                                  # triples in the shipped files
    fingerprint: str                              # changes when the shipped files change
    sdg_targets: list[str] = field(default_factory=list)


def shipped_files() -> list[Path]:
    try:
        from kg.store.workspace import shipped_sources
        return [p for _, p in shipped_sources(True)]
    except Exception:  # noqa: BLE001 — kg not importable: generate from the bundled CSV
        return []


def load_reference() -> Reference:
    """Municipalities, SDG targets and KI-loven's window from the shipped Turtle files
    (so the IRIs match what `kg init` loads), the bundled CSV when they are not there."""
    files = shipped_files()
    h = hashlib.sha256()
    for f in files:
        h.update(f.name.encode())
        h.update(f.read_bytes())
    munis: dict[str, str] = {}
    known: set[str] | None = None
    ki = (date(2026, 7, 1), date(2026, 12, 31))
    targets: list[str] = []
    triples = 0
    if files:
        import pyoxigraph as ox
        store = ox.Store()
        for f in files:
            store.bulk_load(path=str(f), format=ox.RdfFormat.TURTLE, to_graph=ox.NamedNode("urn:x:" + f.name))
        triples = len(store)
        known = {r[0].value for r in store.query("SELECT DISTINCT ?s WHERE { GRAPH ?g { ?s ?p ?o } FILTER(isIRI(?s)) }")}
        pre = "".join(f"PREFIX {k}: <{v}>\n" for k, v in PREFIXES.items())
        for r in store.query(pre + """SELECT ?m ?n ?l WHERE { ?m a kg:Municipality ; kg:organisationNumber ?n .
                  OPTIONAL { ?m skos:prefLabel ?l FILTER(lang(?l) = "nb") } }""", use_default_graph_as_union=True):
            num = r["n"].value
            munis.setdefault(num, r["l"].value if r["l"] is not None else num)
        for r in store.query(pre + """SELECT ?e ?l WHERE { kgid:ki-loven kg:entryIntoForce ?x .
                  ?x kg:earliest ?e ; kg:latest ?l }""", use_default_graph_as_union=True):
            ki = (date.fromisoformat(r["e"].value[:10]), date.fromisoformat(r["l"].value[:10]))
        for r in store.query(pre + "SELECT ?t WHERE { ?t a <http://metadata.un.org/sdg/ontology#Target> }",
                             use_default_graph_as_union=True):
            targets.append(r["t"].value[len(SDG):])
    if len(munis) < 300:  # reference data not there yet: the bundled copy of NAV's list
        munis = {}
        with open(HERE / "data" / "municipalities.csv", encoding="utf-8") as fh:
            for row in csv.DictReader(fh):
                munis[row["kommunenummer"]] = row["kommunenavn"]
    h.update(json.dumps(sorted(munis.items())).encode())
    ok_targets = [t for t in SDG_TARGETS if not targets or t in targets]
    return Reference(sorted(munis.items()), known, ki, triples, h.hexdigest()[:16], ok_targets)


# ----------------------------------------------------------------------- time
def _month_end(y: int, m: int) -> date:
    return date(y, m, calendar.monthrange(y, m)[1])


def _window(rnd: random.Random, anchor: date, prec: str) -> tuple[date, date, str]:
    """A (earliest, latest, notation) of precision ``prec`` around ``anchor``."""
    y, m = anchor.year, anchor.month
    if prec == "ar":
        return date(y, 1, 1), date(y, 12, 31), f"{y}"
    if prec == "halvar":
        h = 1 if m <= 6 else 2
        return (date(y, 1, 1), date(y, 6, 30), f"{y}-H1") if h == 1 else (date(y, 7, 1), date(y, 12, 31), f"{y}-H2")
    if prec == "kvartal":
        q = (m - 1) // 3 + 1
        return date(y, 3 * q - 2, 1), _month_end(y, 3 * q), f"{y}-Q{q}"
    if prec == "maned":
        return date(y, m, 1), _month_end(y, m), f"{y}-{m:02d}"
    if prec == "dag":
        d = date(y, m, min(anchor.day, 28))
        return d, d, d.isoformat()
    # a window of two consecutive quarters, as the seed's "Q3/Q4 2026"
    q = (m - 1) // 3 + 1
    y2, q2 = (y, q + 1) if q < 4 else (y + 1, 1)
    return date(y, 3 * q - 2, 1), _month_end(y2, 3 * q2), f"{y}-Q{q}/{y2}-Q{q2}"


def _add_months(d: date, n: int) -> date:
    y, m = divmod(d.month - 1 + n, 12)
    return date(d.year + y, m + 1, min(d.day, 28))


PREC_WEIGHTS = (["ar"] * 2 + ["halvar"] * 2 + ["kvartal"] * 4 + ["maned"] * 3 + ["dag"] * 2 + ["vindu"] * 2)


@dataclass
class Span:
    s: tuple[date, date, str, str]   # earliest, latest, notation, precision
    e: tuple[date, date, str, str]


def _span(rnd: random.Random, start_anchor: date, months: int) -> Span:
    p1 = rnd.choice(PREC_WEIGHTS)
    s = _window(rnd, start_anchor, p1) + (p1,)
    p2 = rnd.choice(PREC_WEIGHTS)
    anchor = _add_months(s[1], months)
    while True:
        e = _window(rnd, anchor, p2) + (p2,)
        if e[0] > s[1]:
            return Span(s, e)
        anchor = _add_months(anchor, 6)


def _exact(d1: date, d2: date) -> Span:
    return Span((d1, d1, d1.isoformat(), "dag"), (d2, d2, d2.isoformat(), "dag"))


# ----------------------------------------------------------------------- writing
def _esc(s: str) -> str:
    return s.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")


def _str(s: str, lang: str | None = None) -> str:
    return f'"{_esc(s)}"@{lang}' if lang else f'"{_esc(s)}"'


def _date(d: date) -> str:
    return f'"{d.isoformat()}"^^xsd:date'


TRUE, FALSE = '"true"^^xsd:boolean', '"false"^^xsd:boolean'


class Writer:
    """Turtle by plain string writing; counts triples as it goes."""

    def __init__(self):
        self.parts: list[str] = ["".join(f"@prefix {k}: <{v}> .\n" for k, v in PREFIXES.items()), "\n"]
        self.triples = 0

    def node(self, subject: str, pos: list[tuple[str, str]]) -> None:
        if not pos:
            return
        self.triples += len(pos)
        self.parts.append(subject + " " + " ;\n    ".join(f"{p} {o}" for p, o in pos) + " .\n")

    def text(self) -> str:
        return "".join(self.parts)


# ----------------------------------------------------------------------- the model
@dataclass
class Init:
    n: int
    muni: int                      # index into municipalities
    local: int                     # its number within the municipality
    action: int
    domain: int
    span: Span | None
    status: str
    phase: str
    owner: str | None
    participants: list[str]
    challenges: list[str]
    principles: list[str]
    regulations: list[str]
    requires_in_force: bool = False
    service: str | None = None
    vendor: str | None = None
    sdgs: list[str] = field(default_factory=list)
    deps: list[tuple[str, str, str]] = field(default_factory=list)  # (target IRI, type, strength)
    ai: dict | None = None
    labels: tuple[bool, bool] = (True, True)      # has nb, has en
    planted: str | None = None


def _kg(slug: str) -> str:
    return f"kgid:{slug}"


def _b(local: str) -> str:
    return f"b:{local}"


class Generator:
    def __init__(self, seed: int, n_init: int, ref: Reference, planted_rate: float = 0.004):
        self.rnd = random.Random(f"kg-bench-{seed}-{n_init}")
        self.seed = seed
        self.n_init = n_init
        self.ref = ref
        self.munis = ref.municipalities
        self.rate = planted_rate
        self.planted: list[dict] = []
        self.vendors = [f"vendor-{i:03d}" for i in range(200)]

    # -- building the initiatives --------------------------------------------------
    def _home_counts(self) -> list[int]:
        """Initiatives per municipality: every one at least one, the rest weighted
        (a few large municipalities have many)."""
        r = self.rnd
        k = len(self.munis)
        weights = [r.paretovariate(1.3) for _ in range(k)]
        counts = [1] * k
        rest = max(0, self.n_init - k)
        total = sum(weights)
        for i, w in enumerate(weights):
            counts[i] += int(rest * w / total)
        i = 0
        while sum(counts) < self.n_init:
            counts[i % k] += 1
            i += 1
        return counts

    def _clean(self, n: int, muni: int, local: int) -> Init:
        r = self.rnd
        action = r.randrange(len(ACTIONS))
        start_anchor = date(2023, 1, 1) + timedelta(days=r.randrange(0, 365 * 7))
        span = _span(r, start_anchor, r.randint(4, 36))
        today = date(2026, 11, 1)
        if span.e[1] < today:
            phase, status = "etablert", "etablert"
        elif span.s[1] < today:
            phase, status = "pagaende", "pagaende"
        else:
            phase, status = "planlagt", r.choice(["planlagt", "planlagt", "ide"])
        num = self.munis[muni][0]
        x = r.random()
        owner = _kg(f"kommune-{num}") if x < 0.62 else _b(r.choice(self.vendors)) if x < 0.85 else _kg(r.choice(NATIONAL_ORGS))
        parts = {_kg(f"kommune-{num}")} if owner != _kg(f"kommune-{num}") else set()
        for _ in range(r.choice([0, 0, 1, 1, 2, 3])):
            parts.add(_kg(f"kommune-{r.choice(self.munis)[0]}"))
        regs = r.sample(REGULATIONS, r.randint(1, 2))
        init = Init(n=n, muni=muni, local=local, action=action, domain=r.randrange(len(DOMAINS)), span=span,
                    status=status, phase=phase, owner=owner, participants=sorted(parts),
                    challenges=r.sample(CHALLENGES, r.choice([1, 1, 2, 2, 3])),
                    principles=r.sample(PRINCIPLES, r.choice([1, 2, 2, 3])), regulations=regs,
                    service=ACTIONS[action][2], vendor=_b(r.choice(self.vendors)) if r.random() < 0.4 else None,
                    sdgs=r.sample(self.ref.sdg_targets, r.choice([1, 1, 2])))
        if span.s[0] > self.ref.ki_loven[1] and r.random() < 0.08:
            init.requires_in_force = True
        if ACTIONS[action][3] and r.random() < 0.7:
            init.ai = self._clean_ai(init)
        return init

    def _clean_ai(self, init: Init) -> dict:
        r = self.rnd
        pd = r.random() < 0.6
        risk = RISK_HIGH if r.random() < 0.2 else r.choice([RISK_LIMITED, RISK_MINIMAL])
        # AI in case processing is used in decisions (and the check reads the service)
        decisions = init.service == "ki-i-saksbehandling" or r.random() < 0.4
        reused = {f"kommune-{r.choice(self.munis)[0]}" for _ in range(r.randint(1, 4))}
        reused.discard(f"kommune-{self.munis[init.muni][0]}")
        if not reused:
            reused = {f"kommune-{self.munis[(init.muni + 1) % len(self.munis)][0]}"}
        if pd and "gdpr" not in init.regulations:
            init.regulations.append("gdpr")
        if "ai-act" not in init.regulations:
            init.regulations.append("ai-act")
        return {
            "pd": pd, "risk": risk, "decisions": decisions,
            "oversight": True if decisions else r.random() < 0.7,
            "explanation": True, "reuse": REUSE_YES, "reused_by": sorted(reused),
            "location": r.choice([LOC_NO, LOC_NO, LOC_EEA]), "exit": True,
            "dpia": YES if pd else NOT_RELEVANT, "ros": YES,
            "fria": YES if risk == RISK_HIGH else NOT_RELEVANT,
            "vendor": _b(r.choice(self.vendors)),
            "openness": r.choice(["åpen kildekode", "proprietær", "åpen modell"]),
        }

    def build(self) -> list[Init]:
        r = self.rnd
        counts = self._home_counts()
        inits: list[Init] = []
        n = 0
        for muni, c in enumerate(counts):
            for local in range(1, c + 1):
                n += 1
                inits.append(self._clean(n, muni, local))
        # the planted gaps: a random set of initiatives, each with exactly one defect
        # (the members of a cycle: a cycle and its order violations); none of them is the
        # target of a clean dependency, so a defect never spreads to a clean node
        k = max(2, round(self.n_init * self.rate))
        order = list(range(len(inits)))
        # keep each municipality's first initiative clean: every municipality has one
        first = {i for i, x in enumerate(inits) if x.local == 1}
        if len(order) - len(first) > k * (len(CODES) + 2):
            order = [i for i in order if i not in first]
        r.shuffle(order)
        cursor = 0

        def take(m: int) -> list[Init]:
            nonlocal cursor
            out = [inits[i] for i in order[cursor:cursor + m]]
            cursor += m
            return out

        plan: dict[str, list[Init]] = {}
        for code in CODES:
            if code == "dependency-cycle":
                sizes = [2 + (j % 2) for j in range(max(2, k // 3))]
                plan[code] = take(sum(sizes))
                self._cycle_sizes = sizes
            else:
                plan[code] = take(k)
        for code, group in plan.items():
            for x in group:
                x.planted = code
        self._clean_deps(inits)
        for code, group in plan.items():
            getattr(self, "_plant_" + code.replace("-", "_"))(group, inits)
        return inits

    def _clean_deps(self, inits: list[Init]) -> None:
        """0–3 dependencies per clean initiative, each on a clean initiative that ends
        (latest) strictly before the dependent starts (earliest): acyclic, never late."""
        r = self.rnd
        clean = [x for x in inits if x.planted is None]
        ends = sorted((x.span.e[1], x.n) for x in clean)
        end_dates = [e for e, _ in ends]
        by_muni: dict[int, list[Init]] = {}
        for x in clean:
            by_muni.setdefault(x.muni, []).append(x)
        for x in clean:
            want = r.choice([0, 0, 0, 1, 1, 1, 1, 2, 2, 3])
            if not want:
                continue
            s = x.span.s[0]
            cut = bisect.bisect_left(end_dates, s)
            if cut == 0:
                continue
            local = [y for y in by_muni[x.muni] if y.span.e[1] < s]
            chosen: set[int] = set()
            for _ in range(want * 3):
                if len(chosen) >= want:
                    break
                if local and r.random() < 0.5:
                    t = r.choice(local).n
                else:
                    t = ends[r.randrange(cut)][1]
                chosen.add(t)
            for t in sorted(chosen):
                typ = r.choice(["avh-krever", "avh-krever", "avh-muliggjor", "avh-informerer"])
                strength = "styrke-hard" if typ == "avh-krever" and r.random() < 0.8 else "styrke-myk"
                x.deps.append((_b(str(t)), typ, strength))

    # -- one method per planted code ---------------------------------------------------
    def _mark(self, code: str, x: Init, variant: str = "", focus: str | None = None) -> None:
        self.planted.append({"code": code, "focus": focus or BENCH + str(x.n),
                             "initiative": BENCH + str(x.n), "variant": variant})

    def _plant_owner_missing(self, group, inits):
        for x in group:
            home = _kg(f"kommune-{self.munis[x.muni][0]}")
            x.owner = None
            x.participants = sorted(set(x.participants) | {home})  # still a local initiative
            self._mark("owner-missing", x)

    def _plant_dates_missing(self, group, inits):
        for j, x in enumerate(group):
            x.status, x.phase = ("planlagt", "planlagt") if j % 2 else ("pagaende", "pagaende")
            if j % 3 == 0:
                x.span = None
                self._mark("dates-missing", x, "no-period")
            else:
                x.span = Span(x.span.s, None)  # a start and no end
                self._mark("dates-missing", x, "no-end")
            x.requires_in_force = False

    def _plant_dates_reversed(self, group, inits):
        for x in group:
            y = 2026 + self.rnd.randint(0, 3)
            x.span = Span(_window(self.rnd, date(y + 1, 5, 1), "kvartal") + ("kvartal",),
                          _window(self.rnd, date(y, 10, 1), "kvartal") + ("kvartal",))
            x.phase, x.status = "planlagt", "planlagt"
            x.requires_in_force = False
            self._mark("dates-reversed", x)

    def _plant_dependency_order(self, group, inits):
        """x hard-requires a clean initiative that cannot end before x starts, even at
        the most favourable ends of both windows."""
        clean = [y for y in inits if y.planted is None and y.span.e[0] > date(2024, 6, 1)]
        for x in group:
            t = self.rnd.choice(clean)
            start = _window(self.rnd, _add_months(t.span.e[0], -3), "maned") + ("maned",)
            if start[1] >= t.span.e[0]:
                start = _window(self.rnd, t.span.e[0] - timedelta(days=40), "dag") + ("dag",)
            end = _window(self.rnd, _add_months(t.span.e[1], 12), "kvartal") + ("kvartal",)
            x.span = Span(start, end)
            x.phase, x.status = ("planlagt", "planlagt") if start[0] > date(2026, 11, 1) else ("pagaende", "pagaende")
            x.requires_in_force = False
            x.deps = [(_b(str(t.n)), "avh-krever", "styrke-hard")]
            self._mark("dependency-order", x, f"requires {t.n}")

    def _plant_dependency_cycle(self, group, inits):
        i = 0
        for size in self._cycle_sizes:
            members = group[i:i + size]
            i += size
            d1 = date(2027, 1, 1) + timedelta(days=self.rnd.randrange(0, 700))
            d2 = d1 + timedelta(days=self.rnd.randint(120, 500))
            for j, x in enumerate(members):
                nxt = members[(j + 1) % size]
                x.deps = [(_b(str(nxt.n)), "avh-krever", "styrke-hard")]
                x.span = _exact(d1, d2)
                x.phase, x.status = "planlagt", "planlagt"
                x.requires_in_force = False
            ids = ",".join(str(m.n) for m in members)
            for x in members:
                self._mark("dependency-cycle", x, f"cycle {ids}")
                self._mark("dependency-order", x, f"cycle {ids}")

    def _plant_dependency_dangling(self, group, inits):
        for j, x in enumerate(group):
            x.deps = [(_b(f"finnes-ikke-{x.n}"), "avh-krever", "styrke-hard" if j % 2 else "styrke-myk")]
            self._mark("dependency-dangling", x)

    def _plant_challenge_missing(self, group, inits):
        for x in group:
            x.challenges = []
            self._mark("challenge-missing", x)

    def _plant_principle_missing(self, group, inits):
        for x in group:
            x.principles = []
            self._mark("principle-missing", x)

    def _plant_label_missing(self, group, inits):
        for j, x in enumerate(group):
            x.labels = (True, False) if j % 2 == 0 else (False, True)
            self._mark("label-missing", x, "no-en" if j % 2 == 0 else "no-nb")

    def _plant_regulation_timing(self, group, inits):
        """Needs KI-loven in force, but starts (latest) before its earliest date."""
        e0 = self.ref.ki_loven[0]
        for x in group:
            anchor = _add_months(e0, -self.rnd.randint(3, 14))
            prec = self.rnd.choice(["maned", "kvartal", "dag"])
            s = _window(self.rnd, anchor, prec) + (prec,)
            if s[1] >= e0:
                s = _window(self.rnd, _add_months(e0, -4), "maned") + ("maned",)
            x.span = Span(s, _window(self.rnd, _add_months(s[1], 18), "ar") + ("ar",))
            x.phase, x.status = ("pagaende", "pagaende") if s[1] < date(2026, 11, 1) else ("planlagt", "planlagt")
            x.requires_in_force = True
            self._mark("regulation-timing", x, s[2])

    def _ai_gap(self, group, code, mutate):
        for j, x in enumerate(group):
            x.action = self.rnd.choice([i for i, a in enumerate(ACTIONS) if a[3]])
            x.service = ACTIONS[x.action][2]
            ai = self._clean_ai(x)
            variant = mutate(x, ai, j) or ""
            x.ai = ai
            self._mark(code, x, variant, focus=BENCH + f"{x.n}-system")

    def _plant_dpia_missing(self, group, inits):
        def m(x, ai, j):
            ai["pd"] = True
            if "gdpr" not in x.regulations:
                x.regulations.append("gdpr")
            ai["dpia"] = None if j % 2 == 0 else NO
            return "absent" if j % 2 == 0 else "nei"
        self._ai_gap(group, "dpia-missing", m)

    def _plant_fria_missing(self, group, inits):
        def m(x, ai, j):
            x.owner = _kg(f"kommune-{self.munis[x.muni][0]}")
            x.participants = [p for p in x.participants if p != x.owner]
            ai["risk"] = RISK_HIGH
            ai["fria"] = None if j % 2 == 0 else NO
            return "absent" if j % 2 == 0 else "nei"
        self._ai_gap(group, "fria-missing", m)

    def _plant_ros_missing(self, group, inits):
        def m(x, ai, j):
            ai["ros"] = None if j % 2 == 0 else NO
            return "absent" if j % 2 == 0 else "nei"
        self._ai_gap(group, "ros-missing", m)

    def _plant_human_oversight_missing(self, group, inits):
        def m(x, ai, j):
            ai["decisions"] = True
            ai["oversight"] = None if j % 2 == 0 else False
            return "absent" if j % 2 == 0 else "false"
        self._ai_gap(group, "human-oversight-missing", m)

    def _plant_explanation_missing(self, group, inits):
        def m(x, ai, j):
            ai["explanation"] = False
        self._ai_gap(group, "explanation-missing", m)

    def _plant_reuse_missing(self, group, inits):
        def m(x, ai, j):
            # users = reusers + the owner and participants of the initiatives using it
            # (kg/roadmap/solution_facts.py): one owner and no one else
            x.owner = _kg(f"kommune-{self.munis[x.muni][0]}")
            x.participants = []
            ai["reused_by"] = []
            ai["reuse"] = REUSE_NO if j % 2 == 0 else None
            return "nei" if j % 2 == 0 else "absent"
        self._ai_gap(group, "reuse-missing", m)

    def _plant_sovereignty_risk(self, group, inits):
        def m(x, ai, j):
            if j % 2 == 0:
                ai["location"] = LOC_OUTSIDE
                return "outside-eea"
            ai["exit"] = False
            return "no-exit-plan"
        self._ai_gap(group, "sovereignty-risk", m)

    # -- writing -------------------------------------------------------------------
    def write(self, inits: list[Init], w: Writer) -> None:
        r = self.rnd
        for i, v in enumerate(self.vendors):
            name = f"{VENDOR_A[i % len(VENDOR_A)]} {VENDOR_B[(i // len(VENDOR_A)) % len(VENDOR_B)]} {VENDOR_C[i % len(VENDOR_C)]}"
            w.node(_b(v), [("a", "kg:Vendor"), ("skos:prefLabel", _str(name, "nb")), ("skos:prefLabel", _str(name, "en"))])
        for x in inits:
            num, mname = self.munis[x.muni]
            a_nb, a_en, _, _ = ACTIONS[x.action]
            d_nb, d_en = DOMAINS[x.domain]
            me = _b(str(x.n))
            po: list[tuple[str, str]] = [("a", "kg:Initiative")]
            if x.labels[0]:
                po.append(("skos:prefLabel", _str(f"{a_nb} {d_nb}, {mname} {x.local}", "nb")))
            if x.labels[1]:
                po.append(("skos:prefLabel", _str(f"{a_en} {d_en}, {mname} {x.local}", "en")))
            po.append(("dct:description", _str(
                f"{mname} kommune: {a_nb.lower()} {d_nb}. Lokalt tiltak nr. {x.local} i veikartet for KI.", "nb")))
            po.append(("kg:phase", _kg(PHASES[x.phase])))
            po.append(("kg:status", _kg(STATUS[x.status])))
            if x.owner:
                po.append(("kg:owner", x.owner))
            po += [("kg:participant", p) for p in x.participants]
            if x.span:
                po.append(("kg:period", _b(f"{x.n}-periode")))
            for target, typ, strength in x.deps:
                tn = target[2:]
                po.append(("kg:dependsOn", target))
                po.append(("kg:qualifiedDependency", _b(f"{x.n}-avh-{tn}")))
            po += [("kg:addresses", _kg(c)) for c in x.challenges]
            po += [("kg:follows", _kg(p)) for p in x.principles]
            po += [("kg:subjectTo", _kg(g)) for g in x.regulations]
            if x.requires_in_force:
                po += [("kg:subjectTo", _kg(KI_LOVEN)), ("kg:requiresInForce", _kg(KI_LOVEN))]
            if x.service:
                po.append(("kg:delivers", _kg(x.service)))
            if x.vendor:
                po.append(("kg:vendor", x.vendor))
            po += [("kg:contributesTo", f"sdg:{t}") for t in x.sdgs]
            if x.ai:
                po.append(("kg:usesSystem", _b(f"{x.n}-system")))
            w.node(me, po)
            if x.span:
                ends = [("time:hasBeginning", x.span.s, "start")] + ([("time:hasEnd", x.span.e, "slutt")] if x.span.e else [])
                w.node(_b(f"{x.n}-periode"), [("a", "kg:Period")] + [(p, _b(f"{x.n}-{nm}")) for p, _, nm in ends])
                for _, (e, l, note, prec), nm in ends:
                    w.node(_b(f"{x.n}-{nm}"), [("a", "kg:UncertainInstant"), ("kg:earliest", _date(e)),
                                                ("kg:latest", _date(l)), ("kg:precision", _kg(PRECISION[prec])),
                                                ("skos:notation", _str(note))])
            for target, typ, strength in x.deps:
                w.node(_b(f"{x.n}-avh-{target[2:]}"), [("a", "kg:Dependency"), ("kg:dependencyOn", target),
                                                       ("kg:dependencyType", _kg(typ)), ("kg:strength", _kg(strength))])
            if x.ai:
                ai = x.ai
                po = [("a", "kg:AISystem"),
                      ("skos:prefLabel", _str(f"KI-system: {a_nb.lower()} {d_nb}, {mname} {x.local}", "nb")),
                      ("skos:prefLabel", _str(f"AI system: {a_en.lower()} {d_en}, {mname} {x.local}", "en")),
                      ("kg:processesPersonalData", TRUE if ai["pd"] else FALSE),
                      ("kg:riskLevel", _kg(ai["risk"])),
                      ("kg:usedInDecisions", TRUE if ai["decisions"] else FALSE)]
                if ai["oversight"] is not None:
                    po.append(("kg:humanOversight", TRUE if ai["oversight"] else FALSE))
                if ai["explanation"]:
                    po.append(("kg:explanation", _str(
                        f"Resultatene forklares i brukerveiledningen for {mname} kommune, kapittel {r.randint(1, 9)}.", "nb")))
                if ai["reuse"]:
                    po.append(("kg:reuse", _kg(ai["reuse"])))
                po += [("kg:reusedBy", _kg(m)) for m in ai["reused_by"]]
                po.append(("kg:dataLocation", _kg(ai["location"])))
                po.append(("kg:exitPlan", TRUE if ai["exit"] else FALSE))
                for k in ("dpia", "ros", "fria"):
                    if ai[k]:
                        po.append((f"kg:{k}", _kg(ai[k])))
                po.append(("kg:vendor", ai["vendor"]))
                po.append(("kg:openness", _str(ai["openness"])))
                w.node(_b(f"{x.n}-system"), po)


def referenced_iris() -> set[str]:
    """Every kgid: reference IRI the generator may link to (for checking them against
    the shipped data)."""
    slugs = (CHALLENGES + PRINCIPLES + SERVICES + NATIONAL_ORGS + list(PHASES.values()) + list(STATUS.values())
             + DEP_TYPES + STRENGTHS + [RISK_HIGH, RISK_LIMITED, RISK_MINIMAL, YES, NO, NOT_RELEVANT, REUSE_YES,
                                        REUSE_NO, LOC_NO, LOC_EEA, LOC_OUTSIDE, KI_LOVEN] + REGULATIONS
             + list(PRECISION.values()))
    return {ID + s for s in slugs}


def _render(seed: int, n_init: int, ref: Reference) -> tuple[str, int, list[dict], list[Init]]:
    g = Generator(seed, n_init, ref)
    inits = g.build()
    w = Writer()
    g.write(inits, w)
    planted = sorted(g.planted, key=lambda p: (CODES.index(p["code"]), p["focus"]))
    return w.text(), w.triples, planted, inits


def initiatives_for(triples: int, ref: Reference, seed: int) -> int:
    """How many initiatives give about ``triples`` in the whole workspace (shipped data
    included), from a small calibration run."""
    want = max(triples - ref.triples, 2000)
    probe = 1500
    _, t, _, _ = _render(seed, probe, ref)
    per = (t - 200 * 3) / probe
    return max(len(ref.municipalities), round((want - 200 * 3) / per))


def generate(out_dir: str | Path, size: str, seed: int = 1, n_init: int | None = None) -> dict:
    """Write ``bench.ttl``, ``planted.json`` and ``meta.json`` into ``out_dir``; return the meta."""
    t0 = time.perf_counter()
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    ref = load_reference()
    target = parse_size(size)
    n = n_init or initiatives_for(target, ref, seed)
    text, triples, planted, inits = _render(seed, n, ref)
    (out / "bench.ttl").write_text(text, encoding="utf-8")
    (out / "planted.json").write_text(json.dumps(planted, indent=1, ensure_ascii=False), encoding="utf-8")
    missing = sorted(referenced_iris() - ref.known) if ref.known else []
    clean = [x for x in inits if x.planted is None and x.ai and x.deps]
    sample = clean[len(clean) // 2] if clean else inits[0]
    num, mname = ref.municipalities[sample.muni]
    meta = {
        "generator_version": GENERATOR_VERSION, "seed": seed, "size": size, "target_triples": target,
        "initiatives": n, "bench_triples": triples, "shipped_triples": ref.triples,
        "municipalities": len(ref.municipalities), "planted": len(planted),
        "planted_by_code": {c: sum(1 for p in planted if p["code"] == c) for c in CODES},
        "reference_fingerprint": ref.fingerprint, "unknown_reference_iris": missing,
        "sample_initiative": BENCH + str(sample.n),
        "sample_label_nb": f"{ACTIONS[sample.action][0]} {DOMAINS[sample.domain][0]}, {mname} {sample.local}",
        "sample_text": mname.split(" ")[0],
        "generate_seconds": round(time.perf_counter() - t0, 3),
    }
    (out / "meta.json").write_text(json.dumps(meta, indent=1, ensure_ascii=False), encoding="utf-8")
    return meta


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.generate", description=__doc__.split("\n")[0])
    ap.add_argument("--size", default="100k", help="about this many triples: 100k, 1m, 20k, 5000")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--initiatives", type=int, default=None, help="exactly this many initiatives")
    ap.add_argument("-o", "--out", required=True, help="output folder")
    a = ap.parse_args(argv)
    meta = generate(a.out, a.size, a.seed, a.initiatives)
    print(json.dumps(meta, indent=1, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
