"""The network spreadsheet contract (SPEC.md "The network spreadsheet"): rows of cells
to RDF, row by row, with a report of what was accepted and what was rejected and why.

The CSV and XLSX importers only read cells into a :class:`RawTable`; everything about
columns, names, dates and ids is here, so both formats (and foreign tables read through a
:class:`Mapping`) behave the same.

Ids are stable: row ``id`` ``Hamar-TALE-01`` imported by network Digi Innlandet becomes
``kgid:digi-innlandet/hamar-tale-01`` on every re-import.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

import pyoxigraph as ox

from kg import __version__
from kg.errors import InputError
from kg.i18n import fold
from kg.import_results import ImportContext, ImportReport, ImportResult, Issue, RowReport
from kg.importers.tabular.names import Resolver, Unresolved, _fold, slugify
from kg.roadmap.date_phrases import read_when
from kg.roadmap.timewin import When
from kg.store.workspace import Content, source_iri
from kg.vocab import DCAT, ID, ONT, ORG, PROV, SOURCE, TIME

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
SKOS = "http://www.w3.org/2004/02/skos/core#"
DCT = "http://purl.org/dc/terms/"
XSD = "http://www.w3.org/2001/XMLSchema#"
_ID = str(ID)


@dataclass(frozen=True)
class Col:
    """One template column: Norwegian header (the key), English alias, what it holds."""

    key: str
    en: str
    kind: str
    many: bool = False
    required: bool = False
    help_nb: str = ""
    help_en: str = ""
    example: str = ""


COLUMNS: tuple[Col, ...] = (
    Col("id", "id", "id", required=True, help_nb="Nettverkets egen, faste id for raden; ny import oppdaterer etter den.",
        help_en="The network's own stable id for the row; re-imports update by it.", example="hamar-tale-01"),
    Col("tittel", "title", "title", required=True, help_nb="Navnet på tiltaket (bokmål).", help_en="The name (Norwegian).",
        example="Tale til tekst i hjemmetjenesten"),
    Col("tittel_en", "title_en", "title_en", help_nb="Navnet på engelsk.", help_en="The name in English.",
        example="Speech to text in home care"),
    Col("beskrivelse", "description", "text", help_nb="Fritekst.", help_en="Free text.",
        example="Pilot med tale til tekst for dokumentasjon i hjemmetjenesten."),
    Col("eier", "owner", "owner", many=True, help_nb="Kommune (navn eller nummer) eller organisasjon som eier tiltaket.",
        help_en="Municipality (name or number) or organisation that owns it.", example="Hamar"),
    Col("kommuner", "municipalities", "municipalities", many=True,
        help_nb="Deltakende kommuner, navn eller firesifret nummer, skilt med ;.",
        help_en="Participating municipalities, name or 4-digit number, separated by ;.", example="3403; Løten; 3405"),
    Col("status", "status", "status", help_nb="idé, planlagt, pågående, etablert, avsluttet eller stanset.",
        help_en="idea, planned, ongoing, established, completed or stopped.", example="pågående"),
    Col("start", "start", "date", help_nb="2026, 2026-Q3, 2026-H2, 2026-09, 2026-09-15 eller vindu 2026-Q3/2026-Q4.",
        help_en="2026, 2026-Q3, 2026-H2, 2026-09, 2026-09-15 or a window 2026-Q3/2026-Q4.", example="2026-Q1"),
    Col("slutt", "end", "date", help_nb="Som start.", help_en="As start.", example="2026-Q3/2026-Q4"),
    Col("avhenger_av", "depends_on", "deps", many=True,
        help_nb="Det som må være på plass først: id-er i samme fil, eller id/navn på tiltak i grafen.",
        help_en="What must be done first: ids in the same file, or ids/names of initiatives in the graph.",
        example="ki-plattform"),
    Col("utfordringer", "challenges", "challenge", many=True, help_nb="Utfordringer tiltaket adresserer.",
        help_en="Challenges it addresses.", example="competence; technical"),
    Col("prinsipper", "principles", "principle", many=True, help_nb="Prinsippnummer 1–5, id eller navn.",
        help_en="Principle numbers 1–5, ids or titles.", example="1; 4"),
    Col("regelverk", "regulations", "regulation", many=True, help_nb="gdpr, forvaltningsloven, ai-act, ki-loven …",
        help_en="gdpr, forvaltningsloven, ai-act, ki-loven …", example="gdpr; ai-act"),
    Col("tjeneste", "service", "service", many=True, help_nb="Tjenesten tiltaket leverer eller bruker.",
        help_en="The service it delivers or uses.", example="tale-til-tekst"),
    Col("leverandør", "vendor", "vendor", many=True, help_nb="Leverandørens navn.", help_en="The vendor's name.",
        example="Eksempel AS"),
    Col("personopplysninger", "personal_data", "bool", help_nb="ja/nei", help_en="yes/no", example="ja"),
    Col("dpia", "dpia", "assessment", help_nb="ja, nei, ikke relevant", help_en="yes, no, not relevant", example="ja"),
    Col("ros", "ros", "assessment", help_nb="ja, nei, ikke relevant", help_en="yes, no, not relevant", example="ja"),
    Col("fria", "fria", "assessment", help_nb="ja, nei, ikke relevant", help_en="yes, no, not relevant",
        example="ikke relevant"),
    Col("risikonivå", "risk_level", "risk", help_nb="forbudt, høy, begrenset, minimal",
        help_en="prohibited, high, limited, minimal", example="begrenset"),
    Col("menneskelig_kontroll", "human_oversight", "bool", help_nb="ja/nei", help_en="yes/no", example="ja"),
    Col("forklaring", "explanation", "text", help_nb="Lenke til, eller tekst om, hvordan resultatene forklares.",
        help_en="A link to, or text of, how the results are explained.", example="https://example.org/forklaring"),
    Col("gjenbruk", "reuse", "reuse", help_nb="ja (delt med andre), plan, nei", help_en="yes (shared), plan, no",
        example="plan"),
    Col("datalagring", "data_location", "location", help_nb="norge, eøs, utenfor-eøs", help_en="norway, eea, outside-eea",
        example="norge"),
    Col("bærekraftsmål", "sdg_targets", "sdg", many=True,
        help_nb="Bærekraftsmål, delmål eller indikator: nummer (9; 9.c; 11.3.1), notasjon i et importert nasjonalt indikatorsett, eller IRI",
        help_en="SDG goal, target or indicator: number (9; 9.c; 11.3.1), notation in an imported national indicator set, or IRI",
        example="9.c"),
    Col("kilde", "source", "source", help_nb="Lenke eller dokumentreferanse.", help_en="A link or document reference.",
        example="https://example.org/sak/123"),
    # the shared requirements for AI vendors (kg check --profile leverandorkrav); optional
    Col("exitplan", "exit_plan", "bool", help_nb="Finnes en plan for å bytte leverandør? ja/nei (prinsipp 5)",
        help_en="Is there a plan to leave the vendor? yes/no (principle 5)", example="ja"),
    Col("åpne_formater", "open_formats", "bool",
        help_nb="Kan data og resultater hentes ut i åpne formater og via åpne API-er? ja/nei (prinsipp 3)",
        help_en="Can data and results be taken out in open formats and through open APIs? yes/no (principle 3)",
        example="ja"),
    Col("leverandørinformasjon", "provider_information", "bool",
        help_nb="Har leverandøren gitt bruksanvisning og informasjon til oss som bruker (KI-forordningen art. 13 og 26)? ja/nei",
        help_en="Has the provider given instructions for use and information to us as deployer (AI Act art. 13 and 26)? yes/no",
        example="ja"),
    Col("databehandleravtale", "data_processing_agreement", "bool",
        help_nb="Er det inngått databehandleravtale med leverandøren (GDPR art. 28)? ja/nei",
        help_en="Is a data processing agreement with the vendor in place (GDPR art. 28)? yes/no", example="ja"),
)
BY_KEY = {c.key: c for c in COLUMNS}
SYSTEM_KINDS = ("personopplysninger", "dpia", "ros", "fria", "risikonivå", "menneskelig_kontroll",
                "forklaring", "gjenbruk", "datalagring", "exitplan", "åpne_formater", "leverandørinformasjon",
                "databehandleravtale")
BOOL_PREDICATES = {"personopplysninger": "processesPersonalData", "menneskelig_kontroll": "humanOversight",
                   "exitplan": "exitPlan", "åpne_formater": "openFormats", "leverandørinformasjon": "providerInformation",
                   "databehandleravtale": "dataProcessingAgreement"}
SYSTEM_PREDICATES = {"dpia": "dpia", "ros": "ros", "fria": "fria", "risikonivå": "riskLevel",
                     "gjenbruk": "reuse", "datalagring": "dataLocation"}
REQUIRED = [c.key for c in COLUMNS if c.required]


def header_key(text: str) -> str:
    """Normalise a header: case, accents, spaces, and a bracketed alias are ignored."""
    t = re.sub(r"\s*[\(\[].*?[\)\]]\s*", " ", str(text or ""))
    t = fold(t).strip().replace("-", "_")
    return re.sub(r"[\s_]+", "_", t).strip("_")


_HEADER_INDEX: dict[str, str] = {}
for _c in COLUMNS:
    _HEADER_INDEX[header_key(_c.key)] = _c.key
    _HEADER_INDEX.setdefault(header_key(_c.en), _c.key)


def column_for(header: str) -> str | None:
    """The template column a header names (nb or en), or None."""
    return _HEADER_INDEX.get(header_key(header))


def display(key: str) -> str:
    c = BY_KEY[key]
    return c.key if c.key == c.en else f"{c.key} ({c.en})"


@dataclass
class RawTable:
    """Cells as read from a file: headers and (spreadsheet row number, cells) pairs."""

    file: str
    headers: list[str]
    rows: list[tuple[int, list[str]]]
    format: str = ""
    sheet: str = ""
    warnings: list[Issue] = field(default_factory=list)


def cell_text(v) -> str:
    """A cell value as text: dates as ISO dates, whole floats as integers."""
    if v is None:
        return ""
    if isinstance(v, bool):
        return "ja" if v else "nei"
    if isinstance(v, datetime):
        return v.date().isoformat() if (v.hour, v.minute, v.second) == (0, 0, 0) else v.isoformat()
    if isinstance(v, date):
        return v.isoformat()
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v).strip()


# ----------------------------------------------------------------------------- mapping
@dataclass
class Mapping:
    """A YAML mapping for a foreign table (SPEC.md "Foreign spreadsheets")."""

    file: str
    columns: dict[str, str | None] = field(default_factory=dict)   # header_key(foreign) -> template key
    values: dict[str, dict[str, str]] = field(default_factory=dict)  # template key -> fold(word) -> our word
    split: dict[str, re.Pattern] = field(default_factory=dict)      # template key -> regex
    defaults: dict[str, str] = field(default_factory=dict)          # template key -> value
    id: list[str] = field(default_factory=list)                     # header_key of id column(s)
    id_headers: list[str] = field(default_factory=list)             # as written


DEFAULT_SPLIT = re.compile(r"\s*(?:;|\r?\n)\s*")


@dataclass
class _Row:
    num: int
    values: dict[str, str] = field(default_factory=dict)
    items: dict[str, list[str]] = field(default_factory=dict)
    headers: dict[str, str] = field(default_factory=dict)   # template key -> the file's header
    notes: list[tuple[str, str]] = field(default_factory=list)


def _plan(table: RawTable, mapping: Mapping | None, report: ImportReport) -> tuple[list[tuple[int, str | None]], dict[str, str]]:
    """Which file column feeds which template column. Returns [(index, key or None)] and
    {template key: header as written}. Raises InputError when a required column is missing."""
    plan: list[tuple[int, str | None]] = []
    seen: dict[str, str] = {}
    for i, h in enumerate(table.headers):
        hk = header_key(h)
        if not hk:
            plan.append((i, None))
            continue
        key = None
        if mapping is not None and hk in mapping.id and hk not in mapping.columns and not column_for(h):
            plan.append((i, "__id__"))
            continue
        if mapping is not None and hk in mapping.columns:
            key = mapping.columns[hk]
        elif mapping is None or hk not in mapping.columns:
            key = column_for(h)
        if key and key in seen and not (BY_KEY[key].many and mapping is not None):
            report.warnings.append(Issue(table.file, 1, h, None,
                                         f"column '{h}' repeats '{seen[key]}' ({display(key)}); kept as notes",
                                         f"kolonnen «{h}» gjentar «{seen[key]}» ({display(key)}); tatt vare på som merknader",
                                         code="column-repeated"))
            key = None
        if key:
            seen.setdefault(key, h)
        elif hk:
            report.warnings.append(Issue(table.file, 1, h, None,
                                         f"column '{h}' is not a template column; its values are kept as notes (kg:note)",
                                         f"kolonnen «{h}» er ikke en malkolonne; verdiene tas vare på som merknader (kg:note)",
                                         code="column-unmapped"))
        plan.append((i, key))
    found = ", ".join(h for h in table.headers if str(h).strip()) or "(ingen / none)"
    missing = []
    for req in REQUIRED:
        if req == "id" and mapping is not None and mapping.id:
            absent = [h for h, k in zip(mapping.id_headers, mapping.id)
                      if k not in {header_key(x) for x in table.headers}]
            if absent:
                raise InputError(
                    f"the id column(s) named in the mapping are not in the file: {', '.join(absent)}; headers found: {found}",
                    f"id-kolonnen(e) i tilordningen finnes ikke i filen: {', '.join(absent)}; overskrifter funnet: {found}",
                    file=table.file)
            continue
        if req not in seen and not (mapping is not None and req in mapping.defaults):
            missing.append(display(req))
    if missing:
        raise InputError(
            f"missing required column(s): {', '.join(missing)}; headers found: {found}",
            f"mangler påkrevd(e) kolonne(r): {', '.join(missing)}; overskrifter funnet: {found}",
            file=table.file,
            hint_en="The first row must hold the column names; 'kg import template' writes a blank template.",
            hint_nb="Første rad må ha kolonnenavnene; «kg import template» lager en tom mal.")
    return plan, seen


def _rows(table: RawTable, mapping: Mapping | None, plan, seen) -> list[_Row]:
    out = []
    id_idx = []
    if mapping is not None and mapping.id:
        keys = [header_key(h) for h in table.headers]
        id_idx = [keys.index(k) for k in mapping.id]
    headers = table.headers
    width = len(headers)
    # what each planned column is, looked up once: (index, key, header, note name)
    cols = [(i, key, headers[i], str(headers[i]).strip() or f"#{i + 1}") for i, key in plan if key != "__id__"]
    many = {c.key: c.many for c in COLUMNS}
    split = {c.key: ((mapping.split.get(c.key) if mapping is not None else None) or DEFAULT_SPLIT).split
             for c in COLUMNS if c.many}
    default_split = DEFAULT_SPLIT.split
    for num, cells in table.rows:
        vals = [c.strip() if type(c) is str else str(c).strip() for c in cells]
        if not any(vals):
            continue
        n = len(vals)
        r = _Row(num)
        values, notes, rheaders = r.values, r.notes, r.headers
        for i, key, h, note_name in cols:
            v = vals[i] if i < n else ""
            if not v:
                continue
            if key is None:
                notes.append((note_name, v))
                continue
            if key not in rheaders:
                rheaders[key] = h
            if key in values:
                if many[key]:
                    values[key] += "\n" + v
                else:
                    notes.append((str(h).strip(), v))
            else:
                values[key] = v
        for j in range(width, n):
            if vals[j]:
                notes.append((f"#{j + 1}", vals[j]))
        if id_idx:
            parts = [vals[i] if i < n else "" for i in id_idx]
            joined = "-".join(p for p in parts if p)
            if joined:
                values["id"] = joined
                rheaders["id"] = "+".join(headers[i] for i in id_idx)
            else:
                values.pop("id", None)
        if mapping is not None:
            for key, v in mapping.defaults.items():
                if not values.get(key):
                    values[key] = v
                    rheaders.setdefault(key, seen.get(key, key))
        items = r.items
        for key, v in values.items():
            if many[key]:
                sp = split[key]
                if sp is default_split and ";" not in v and "\n" not in v and "\r" not in v:
                    items[key] = [v.strip()] if v.strip() else []   # one item: nothing to split
                else:
                    items[key] = [x.strip() for x in sp(v) if x and x.strip()]
            else:
                items[key] = [v]
            if mapping is not None and key in mapping.values:
                vm = mapping.values[key]
                mapped = []
                for x in items[key]:
                    m = vm.get(fold(" ".join(x.split())))
                    if m is None:
                        mapped.append(x)
                    elif m != "":
                        mapped += [y.strip() for y in DEFAULT_SPLIT.split(m) if y.strip()] if many[key] else [m]
                items[key] = mapped
        out.append(r)
    return out


# ----------------------------------------------------------------------------- RDF terms
# A term is its N-Triples text (``<iri>``, ``"tekst"@nb``), written by Oxigraph (an IRI is
# checked, a literal escaped), and a triple is one N-Triples line: the form the workspace
# sorts, digests and loads (kg.store.workspace.Content). A 10,000-row sheet makes ~450,000
# triples, and a line costs a fraction of a pyoxigraph Triple (which copies its terms).


def N(iri: str) -> str:
    """``<iri>``; ValueError if ``iri`` is not a valid IRI."""
    return str(ox.NamedNode(iri))


_NC = functools.lru_cache(maxsize=65536)(N)   # IRIs that repeat (vocabulary, names)


def L(value, lang: str | None = None, dtype: str | None = None) -> str:
    """A literal's N-Triples text, as Oxigraph writes it. Oxigraph escapes only ``"``,
    ``\\`` and the ASCII control characters, all of which Python counts as not printable:
    a printable text without ``"`` or ``\\`` is written as it is, between quotes, with the
    tag or datatype Oxigraph writes for it (:func:`_suffix`)."""
    v = value if type(value) is str else str(value)
    if '"' in v or "\\" in v or not v.isprintable():
        if lang:
            return str(ox.Literal(v, language=lang))
        if dtype:
            return str(ox.Literal(v, datatype=ox.NamedNode(dtype)))
        return str(ox.Literal(v))
    return f'"{v}"{_suffix(lang or None, None if lang else dtype or None)}'


@functools.lru_cache(maxsize=256)
def _suffix(lang: str | None, dtype: str | None) -> str:
    """What Oxigraph writes after a literal's closing quote: ``@nb``, ``^^<…#integer>`` or
    nothing (a plain string); ValueError for a tag or datatype it refuses."""
    if lang:
        return str(ox.Literal("x", language=lang))[3:]
    if dtype:
        return str(ox.Literal("x", datatype=ox.NamedNode(dtype)))[3:]
    return ""


def T(s: str, p: str, o: str) -> str:
    """One N-Triples line (without its line break)."""
    return f"{s} {p} {o} ."


A = N(RDF_TYPE)
P = {
    "label": N(SKOS + "prefLabel"), "notation": N(SKOS + "notation"), "description": N(DCT + "description"),
    "source": N(DCT + "source"), "title": N(DCT + "title"), "created": N(DCT + "created"),
    "format": N(DCT + "format"), "derived": N(str(PROV) + "wasDerivedFrom"), "download": N(str(DCAT) + "downloadURL"),
    "begin": N(str(TIME) + "hasBeginning"), "end": N(str(TIME) + "hasEnd"),
    "member": N(str(ORG) + "member"), "organization": N(str(ORG) + "organization"),
    "memberDuring": N(str(ORG) + "memberDuring"), "Membership": N(str(ORG) + "Membership"),
    "Interval": N(str(TIME) + "Interval"), "Entity": N(str(PROV) + "Entity"),
}


@functools.lru_cache(maxsize=None)
def K(term: str) -> str:
    """A term of kg's own ontology (the same few, asked for on every row)."""
    return N(ONT + term)


_PHASE_OF_STATUS = {"status-etablert": "fase-etablert", "status-pagaende": "fase-pagaende",
                    "status-planlagt": "fase-planlagt", "status-ide": "fase-planlagt"}
_URL = re.compile(r"^https?://[^\s<>\"{}|\\^`]+$")


def _link_or_text(v: str):
    v = v.strip()
    if _URL.match(v):
        try:
            return N(v)
        except ValueError:
            pass
    return L(v)


def _instant(s: str, w: When) -> list[str]:
    """The lines of instant ``s`` (its N-Triples term) with the window ``w``."""
    return [f"{s} {p} {o} ." for p, o in _instant_facts(w)]


def _under(term: str, path: str) -> str:
    """The term of an IRI below the IRI of ``term`` (``<…/r-1>`` → ``<…/r-1/periode>``):
    ``term`` was checked by Oxigraph, and ``path`` is made of letters, digits and '/', '-'
    (valid anywhere in an IRI), so the result needs no check of its own."""
    return term[:-1] + path + ">"


@functools.lru_cache(maxsize=4096)   # a sheet repeats the same few windows on thousands of rows
def _instant_facts(w: When) -> tuple:
    """(predicate, object) of an instant with the window ``w`` (a frozen When)."""
    out = [(A, K("UncertainInstant"))]
    if w.earliest:
        out.append((K("earliest"), L(w.earliest.isoformat(), dtype=XSD + "date")))
    if w.latest:
        out.append((K("latest"), L(w.latest.isoformat(), dtype=XSD + "date")))
    out.append((K("precision"), _NC(_ID + "presisjon-" + w.precision)))
    if w.notation:
        out.append((P["notation"], L(w.notation)))
    return tuple(out)


# ----------------------------------------------------------------------------- conversion
class _Converter:
    def __init__(self, table: RawTable, ctx: ImportContext, report: ImportReport):
        self.table = table
        self.ctx = ctx
        self.report = report
        if ctx.resolver is None:
            ctx.resolver = Resolver(ctx.ws, exclude=source_iri(ctx.source))
        self.res = ctx.resolver
        self.fuzzy = ctx.mapping is not None
        self.ns = ctx.namespace or slugify(ctx.source)
        self.created_nodes: dict[str, list[str]] = {}
        self.new_warning: dict[str, tuple[str, str, str]] = {}   # iri -> (code, en, nb)
        self.warned: set[str] = set()
        self.members: set[str] = set()
        self.used_created: set[str] = set()
        self._clean: dict[tuple[str, str], str] = {}   # resolve's answers that warn of nothing
        self._clean_gen = -1                           # the resolver's generation they belong to

    @functools.cached_property
    def _municipalities(self) -> set[str]:
        return self.res.members("municipality")   # the resolver's own set: it sees every addition

    def iri_for(self, local_slug: str) -> str:
        return f"{_ID}{self.ns}/{local_slug}"

    def run(self, rows: list[_Row]) -> list[str]:
        file = self.table.file
        # pass 1: ids, duplicates
        first: dict[str, int] = {}
        self.local: dict[str, str] = {}   # fold(raw id) / slug -> IRI, for avhenger_av
        for r in rows:
            rid = r.values.get("id", "")
            if rid:
                s = slugify(rid)
                if s not in first:
                    first[s] = r.num
                    self.local[s] = self.iri_for(s)
                    self.local.setdefault(_fold(rid), self.iri_for(s))
        self.first = first
        triples: list[str] = []
        for i, r in enumerate(rows):
            if i % 200 == 0:
                self.ctx.tell("rows", i, len(rows), file)
            rep = RowReport(r.num, r.values.get("id", ""))
            out = self._row(r, rep)
            self.report.rows.append(rep)
            if rep.accepted:
                triples += out
                for iri in self._new_refs:
                    if iri not in self.warned:
                        code, en, nb = self.new_warning[iri]
                        rep.warnings.append(Issue(file, r.num, self._new_cols[iri], self._new_vals[iri], en, nb, code=code))
                        self.warned.add(iri)
                self.members |= self._row_members
                self.used_created.update(self._row_created)
        self.ctx.tell("rows", len(rows), len(rows), file)
        rejected_nodes = {rep.node for rep in self.report.rows if not rep.accepted and rep.node}
        accepted_nodes = {rep.node for rep in self.report.rows if rep.accepted}
        for rep in self.report.rows:
            if rep.accepted:
                for t in self._deps_of.get(rep.node, ()):
                    if t in rejected_nodes and t not in accepted_nodes:
                        row = next(x.row for x in self.report.rows if x.node == t)
                        rep.warnings.append(Issue(file, rep.row, self._deps_col.get(rep.node), slug_short(t),
                                                  f"depends on row {row}, which was rejected",
                                                  f"avhenger av rad {row}, som ble avvist", code="dependency-rejected"))
        for iri, ts in self.created_nodes.items():
            if iri in self.used_created:
                triples += ts
        if self.ctx.network:
            triples += self._memberships()
        return triples

    def _read_when(self, text: str):
        """read_when of a cell's text, remembered for this file: a sheet repeats the same
        few windows (2026-Q3, 2027) on thousands of rows. The answer (a frozen When, a
        Reading) is shared; a text it refuses is read again, so each row gets its error."""
        memo = self.__dict__.setdefault("_whens", {})
        hit = memo.get(text)
        if hit is None:
            hit = memo[text] = read_when(text)
        return hit

    # one row ---------------------------------------------------------------
    def _row(self, r: _Row, rep: RowReport) -> list[str]:
        file = self.table.file
        self._new_refs: list[str] = []
        self._new_cols: dict[str, str] = getattr(self, "_new_cols", {})
        self._new_vals: dict[str, str] = getattr(self, "_new_vals", {})
        self._deps_of: dict[str, list[str]] = getattr(self, "_deps_of", {})
        self._deps_col: dict[str, str] = getattr(self, "_deps_col", {})
        self._row_members: set[str] = set()
        self._row_created: list[str] = []

        def col(key):
            return r.headers.get(key, key)

        def err(key, value, en, nb, code, suggestions=()):
            rep.errors.append(Issue(file, r.num, col(key), value, en, nb, code=code, suggestions=list(suggestions)))

        def warn(key, value, en, nb, code):
            rep.warnings.append(Issue(file, r.num, col(key), value, en, nb, code=code))

        rid = r.values.get("id", "").strip()
        title = " ".join(r.values.get("tittel", "").split())
        if not rid:
            err("id", "", "the id is empty; every row needs its own stable id",
                "id-en er tom; hver rad trenger sin egen faste id", "id-missing")
        if not title:
            err("tittel", "", "the title is empty", "tittelen er tom", "title-missing")
        if not rid:
            return []
        s = slugify(rid)
        node = self.iri_for(s)
        if self.first.get(s) != r.num:
            err("id", rid, f"duplicate id: row {self.first[s]} has the same id",
                f"dobbel id: rad {self.first[s]} har samme id", "id-duplicate")
            return []
        rep.node = node
        I = N(node)
        out = [T(I, A, K("Initiative")), T(I, K("localId"), L(rid)),
               T(I, K("sourceRow"), L(r.num, dtype=XSD + "integer"))]
        if title:
            out.append(T(I, P["label"], L(title, "nb")))
        if r.values.get("tittel_en"):
            out.append(T(I, P["label"], L(" ".join(r.values["tittel_en"].split()), "en")))
        if r.values.get("beskrivelse"):
            out.append(T(I, P["description"], L(r.values["beskrivelse"].strip(), "nb")))
        if r.values.get("kilde"):
            out.append(T(I, P["source"], _link_or_text(r.values["kilde"])))

        clean = self._clean   # (kind, text) -> node, for answers with nothing to warn of
        if self.res.generation != self._clean_gen:
            clean.clear()
            self._clean_gen = self.res.generation

        def resolve(kind, key, text):
            hit = clean.get((kind, text))
            if hit is not None and self._clean_gen == self.res.generation:
                return hit
            try:
                hit = self.res.find(kind, text, fuzzy=self.fuzzy)
                if self.res.last_fuzzy:
                    warn(key, text, f"'{text}' is not a known word; read as '{self.res.last_fuzzy}'",
                         f"«{text}» er ikke et kjent ord; lest som «{self.res.last_fuzzy}»", "value-guessed")
                self._warn_note(warn, key, text)
                if self.res.last_fuzzy is None and self.res.last_note is None:
                    if self._clean_gen != self.res.generation:
                        clean.clear()
                        self._clean_gen = self.res.generation
                    clean[(kind, text)] = hit
                return hit
            except Unresolved as u:
                en, nb = u.reason()
                err(key, text, en, nb, _unresolved_code(kind, u), u.suggestions)
                return None

        items = r.items
        # owner: municipality or organisation; unknown names become new organisations
        for text in items.get("eier", []):
            hit = self._owner(text, col("eier"), err, warn)
            if hit:
                out.append(T(I, K("owner"), _NC(hit)))
                if hit in self._municipalities:
                    self._row_members.add(hit)   # the owner reported it: a member of the network
        for text in items.get("kommuner", []):
            hit = resolve("municipality", "kommuner", text)
            if hit:
                out.append(T(I, K("participant"), _NC(hit)))
        for text in items.get("status", []):
            hit = resolve("status", "status", text)
            if hit:
                out.append(T(I, K("status"), _NC(hit)))
                ph = _PHASE_OF_STATUS.get(hit[len(_ID):]) if hit.startswith(_ID) else None
                if ph:
                    out.append(T(I, K("phase"), _NC(_ID + ph)))
        whens = {}
        for key in ("start", "slutt"):
            if r.values.get(key):
                try:
                    w, how = self._read_when(r.values[key])
                except InputError as e:
                    err(key, r.values[key], e.en, e.nb, "date-malformed")
                    continue
                years = [d.year for d in (w.earliest, w.latest) if d is not None]
                if any(y < YEAR_MIN or y > YEAR_MAX for y in years):
                    err(key, r.values[key], f"the year is outside {YEAR_MIN}–{YEAR_MAX}; leave the cell empty "
                        "for an open end", f"året er utenfor {YEAR_MIN}–{YEAR_MAX}; la cellen stå tom for en "
                        "åpen slutt", "date-out-of-range")
                    continue
                whens[key] = w
                if how is not None:
                    warn(key, r.values[key], how.en, how.nb, "date-read")
        if whens:
            per = _under(I, "/periode")
            out += [T(I, K("period"), per), T(per, A, K("Period"))]
            for key, pred in (("start", "begin"), ("slutt", "end")):
                if key in whens:
                    inst = _under(I, "/start" if key == "start" else "/slutt")
                    out.append(T(per, P[pred], inst))
                    out += _instant(inst, whens[key])
        deps = []
        for text in items.get("avhenger_av", []):
            target = self.local.get(slugify(text)) or self.local.get(_fold(text))
            if target is None:
                target = resolve("initiative", "avhenger_av", text)
            if target is None:
                continue
            if target == node:
                err("avhenger_av", text, "the row depends on itself", "raden avhenger av seg selv", "dependency-self")
                continue
            deps.append(target)
            q = N(node + "/avh-" + slug_short(target).replace("/", "-"))
            out += [T(I, K("dependsOn"), N(target)), T(I, K("qualifiedDependency"), q),
                    T(q, A, K("Dependency")), T(q, K("dependencyOn"), N(target)),
                    T(q, K("dependencyType"), _NC(_ID + "avh-krever")),
                    T(q, K("strength"), _NC(_ID + "styrke-hard"))]
        if deps:
            self._deps_of[node] = deps
            self._deps_col[node] = col("avhenger_av")
        for key, kind, pred in (("utfordringer", "challenge", "addresses"), ("prinsipper", "principle", "follows"),
                                ("regelverk", "regulation", "subjectTo"), ("bærekraftsmål", "sdg", "contributesTo")):
            for text in items.get(key, []):
                hit = resolve(kind, key, text)
                if hit and kind == "sdg" and self.res.indicator_targets(hit):
                    # an indicator: the initiative contributes to the target(s) it measures
                    out.append(T(I, K("measuredBy"), _NC(hit)))
                    out += [T(I, K("contributesTo"), _NC(t)) for t in self.res.indicator_targets(hit)]
                elif hit:
                    out.append(T(I, K(pred), _NC(hit)))
        for text in items.get("tjeneste", []):
            hit = self._new_or_existing("service", text, col("tjeneste"), "tjeneste-", "Service", warn_always=True)
            out.append(T(I, K("delivers"), _NC(hit)))
        for text in items.get("leverandør", []):
            hit = self._vendor(text, col("leverandør"), err, warn)
            if hit:
                out.append(T(I, K("vendor"), _NC(hit)))
        # the AI system, only if one of its columns has a value
        sysvals = {k: items[k] for k in SYSTEM_KINDS if items.get(k)}
        if sysvals:
            S = _under(I, "/system")
            title_en = " ".join(r.values.get("tittel_en", "").split()) or title
            sys_t = [T(I, K("usesSystem"), S), T(S, A, K("AISystem")),
                     T(S, P["label"], L(f"KI-system: {title}", "nb")),
                     T(S, P["label"], L(f"AI system: {title_en}", "en")),
                     T(S, K("sourceRow"), L(r.num, dtype=XSD + "integer"))]
            for key, vals in sysvals.items():
                v = vals[0]
                kind = BY_KEY[key].kind
                if kind == "bool":
                    try:
                        b = self.res.boolean(v, fuzzy=self.fuzzy)
                        if self.res.last_fuzzy:
                            warn(key, v, f"'{v}' is not a known word; read as '{self.res.last_fuzzy}'",
                                 f"«{v}» er ikke et kjent ord; lest som «{self.res.last_fuzzy}»", "value-guessed")
                    except Unresolved as u:
                        en, nb = u.reason()
                        err(key, v, en, nb, "bool-invalid")
                        continue
                    pred = BOOL_PREDICATES[key]
                    sys_t.append(T(S, K(pred), L("true" if b else "false", dtype=XSD + "boolean")))
                elif kind == "text":
                    sys_t.append(T(S, K("explanation"), L(v)))
                else:
                    hit = resolve(kind, key, v)
                    if hit:
                        sys_t.append(T(S, K(SYSTEM_PREDICATES[key]), _NC(hit)))
            out += sys_t
        for h, v in r.notes:
            out.append(T(I, K("note"), L(f"{h}: {v}")))
        return out

    def _warn_note(self, warn, key: str, text: str) -> None:
        """The warning for a name read as something else (a former name, a close spelling)."""
        note = self.res.last_note
        if note is not None:
            warn(key, text, note.en, note.nb, note.code)

    def _owner(self, text: str, colname: str, err, warn) -> str | None:
        try:
            hit = self.res.find("organisation", text, fuzzy=False)
            self._warn_note(warn, "eier", text)
            return hit
        except Unresolved as u:
            if u.ambiguous or u.divided:
                en, nb = u.reason()
                err("eier", text, en, nb, _unresolved_code("organisation", u), u.suggestions)
                return None
            t = " ".join(text.split())
            if t.isdigit():
                u2 = Unresolved("municipality", t, u.suggestions)
                en, nb = u2.reason()
                err("eier", text, en, nb, "municipality-unknown", u.suggestions)
                return None
        return self._new_named("organisation", text, colname, "organisasjon-", "Organisation", err)

    def _vendor(self, text: str, colname: str, err, warn) -> str | None:
        t = " ".join(text.split())
        for kind, close in (("vendor", True), ("organisation", False)):
            try:   # a vendor may already be in the graph as an organisation
                hit = self.res.find(kind, t, close=close)
            except Unresolved as u:
                if u.ambiguous:
                    en, nb = u.reason()
                    err("leverandør", text, en, nb, "vendor-ambiguous", u.suggestions)
                    return None
                continue
            if hit in self.created_nodes:
                break   # made by an earlier row of this file: warned there
            self._warn_note(warn, "leverandør", text)
            return hit
        return self._new_named("vendor", text, colname, "leverandor-", "Vendor", err)

    def _new_named(self, kind: str, text: str, colname: str, prefix: str, cls: str, err) -> str | None:
        """A name close to nothing known: a new organisation or vendor (with a warning),
        or with --strict-names a row error."""
        t = " ".join(text.split())
        if self.ctx.strict_names and _ID + prefix + slugify(t) not in self.created_nodes:
            key = "eier" if kind == "organisation" else "leverandør"
            u = Unresolved(kind, t, strict=True)
            en, nb = u.reason()
            err(key, text, en, nb, f"{kind}-unknown", self.res.closest("organisation" if kind == "vendor" else kind, t))
            return None
        return self._new_or_existing(kind, text, colname, prefix, cls, warn_always=True)

    def _new_or_existing(self, kind: str, text: str, colname: str, prefix: str, cls: str, warn_always: bool) -> str:
        t = " ".join(text.split())
        hit = None
        for k in ((kind, "organisation") if kind == "vendor" else (kind,)):
            try:   # a vendor may already be in the graph as an organisation
                hit = self.res.find(k, t, close=False)
                break
            except Unresolved:
                pass
        if hit is not None and hit not in self.created_nodes:
            return hit
        if hit is not None:
            self._row_created.append(hit)   # made by an earlier row of this file
        if hit is None:
            hit = _ID + prefix + slugify(t)
            closest = self.res.closest("organisation" if kind == "vendor" else kind, t)
            S = N(hit)
            ts = [T(S, A, K(cls)), T(S, P["label"], L(t, "nb"))]
            if kind != "service":
                ts.append(T(S, P["label"], L(t, "en")))   # a name is the same in both languages
            self.created_nodes[hit] = ts
            self._row_created.append(hit)
            self.res.add(kind, hit, t)
            if kind == "vendor":
                self.res.add("organisation", hit, t)
            nb_kind, en_kind = {"organisation": ("organisasjon", "organisation"), "service": ("tjeneste", "service"),
                                "vendor": ("leverandør", "vendor")}[kind]
            if warn_always or closest:
                en = f"'{t}' is not in the graph; a new {en_kind} {slug_short(hit)} was added"
                nb = f"«{t}» finnes ikke i grafen; ny {nb_kind} {slug_short(hit)} ble lagt til"
                if closest:
                    en += "; closest existing: " + ", ".join(closest)
                    nb += "; nærmeste som finnes: " + ", ".join(closest)
                self.new_warning[hit] = (f"{kind}-new", en, nb)
        self._note_new(hit, colname, t)
        return hit

    def _note_new(self, iri: str, colname: str, value: str) -> None:
        if iri in self.new_warning:
            self._new_refs.append(iri)
            self._new_cols.setdefault(iri, colname)
            self._new_vals.setdefault(iri, value)

    def _memberships(self) -> list[str]:
        # Only what the sheet says: the member and the network. No date: the day of the
        # import is provenance (the source's dct:created), and a membership dated with it
        # would make the same sheet give other triples on another day.
        net = self.ctx.network
        nslug = slug_short(net)
        out = []
        for m in sorted(self.members):
            ms = N(f"{_ID}{nslug}/medlem-{slug_short(m).replace('/', '-')}")
            out += [T(ms, A, P["Membership"]), T(ms, P["member"], N(m)),
                    T(ms, P["organization"], N(net))]
        return out


def _unresolved_code(kind: str, u: Unresolved) -> str:
    if u.divided:
        return "municipality-divided"
    return f"{kind}-ambiguous" if u.ambiguous else f"{kind}-unknown"


def slug_short(iri: str) -> str:
    return iri[len(_ID):] if iri.startswith(_ID) else iri


def source_triples(ctx: ImportContext, *, path: str, sha256: str, fmt: str) -> list[ox.Triple]:
    """The kg:Source node inside the import's own graph: who, when, from what."""
    lines = source_lines(ctx, path=path, sha256=sha256, fmt=fmt)
    return list(ox.parse("\n".join(lines).encode("utf-8"), format=ox.RdfFormat.N_TRIPLES))


def source_lines(ctx: ImportContext, *, path: str, sha256: str, fmt: str) -> list[str]:
    """:func:`source_triples` as N-Triples lines."""
    S = N(str(SOURCE) + ctx.source)
    p = Path(path)
    out = [T(S, A, K("Source")), T(S, A, P["Entity"]),
           T(S, P["title"], L(p.name)),
           T(S, K("sourceKind"), L("import")), T(S, K("sha256"), L(sha256)),
           T(S, K("toolVersion"), L(__version__)), T(S, P["format"], L(fmt)),
           T(S, P["download"], L(p.name))]
    try:
        out.append(T(S, P["derived"], N(p.resolve().as_uri())))
    except ValueError:
        pass
    if ctx.created:
        out.append(T(S, P["created"], L(ctx.created, dtype=XSD + "dateTime")))
    if ctx.network:
        out.append(T(S, K("network"), N(ctx.network)))
        if ctx.network_new:
            nn = N(ctx.network)
            out += [T(nn, A, K("Network")), T(nn, P["label"], L(ctx.network_new["label"], "nb")),
                    T(nn, P["label"], L(ctx.network_new["label"], "en"))]
    return out


def _clean_cells(table: RawTable, report: ImportReport) -> None:
    """Control characters and noncharacters (U+0007, U+FFFE …) break every XML output
    (graphviz, GraphML, XLSX) and mean nothing in a label: each is replaced by U+FFFD,
    and the cell is reported by row and column, so nothing changes unseen."""
    from kg.textsafe import ODD_CHARS, ODD_SET, clean_text, odd_characters
    try:   # the usual case first: no odd character in the whole table (a line break is not odd)
        if ODD_SET.isdisjoint("\n".join(["\n".join(cells) for _, cells in table.rows])):
            return
    except TypeError:   # a cell that is not text: each is looked at
        pass
    search = ODD_CHARS.search   # one scan in C per cell; the names only for a cell that has one
    for rownum, cells in table.rows:
        for j, cell in enumerate(cells):
            if isinstance(cell, str) and cell and search(cell):
                odd = ", ".join(odd_characters(cell))
                cells[j] = clean_text(cell)
                column = table.headers[j] if j < len(table.headers) else str(j + 1)
                report.warnings.append(Issue(
                    table.file, rownum, column, cells[j],
                    f"the cell held control characters or noncharacters ({odd}); each was replaced by \ufffd",
                    f"cellen hadde kontrolltegn eller ikke-tegn ({odd}); hvert ble erstattet med \ufffd",
                    code="odd-characters"))


# a roadmap date outside these years is a typing error (9999 for "open", 20266 for 2026)
YEAR_MIN, YEAR_MAX = 1900, 2200


def convert(table: RawTable, ctx: ImportContext, *, path: str, sha256: str) -> ImportResult:
    """Turn the cells of one file into the triples of one source, row by row.

    A file that cannot be used (missing required columns) raises InputError; a row that
    cannot be understood is rejected in the report and contributes nothing.
    """
    report = ImportReport(file=table.file, source=ctx.source, format=table.format, sheet=table.sheet,
                          sha256=sha256, network=ctx.network or "", headers=list(table.headers))
    report.warnings += table.warnings
    _clean_cells(table, report)
    plan, seen = _plan(table, ctx.mapping, report)
    rows = _rows(table, ctx.mapping, plan, seen)
    conv = _Converter(table, ctx, report)
    lines = source_lines(ctx, path=path, sha256=sha256, fmt=table.format) + conv.run(rows)
    meta = {"kind": "import", "title": {"": Path(path).name}, "file": Path(path).name, "sha256": sha256,
            "network": ctx.network or ""}
    # every term is an IRI (N) or a literal (L): no blank node
    return ImportResult(Content.from_lines(lines, blank_nodes=False), report, meta)
