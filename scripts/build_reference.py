#!/usr/bin/env python3
"""Regenerate the converted reference data under ``ontology/reference/``.

Four files are generated from the public reference data in ``/work/shared/data``
(see its README for where each file came from):

* ``municipalities.ttl`` from ``municipalities/`` (NAV and SSB lists),
* ``municipality-history.ttl`` from ``municipalities/`` (SSB's former codes 1994–2024),
* ``ai-act.ttl`` from ``eu-ai-act/`` (articles, annexes and application dates of
  Regulation (EU) 2024/1689),
* ``sdg.ttl`` from ``sdg/`` (the UN SDG knowledge organisation system).

The other files in ``ontology/reference/`` and ``ontology/baseline/`` are written by hand.

Usage::

    python3 scripts/build_reference.py [DATA_DIR] [--out DIR] [--check]

``DATA_DIR`` defaults to ``../shared/data`` relative to the repository. ``--check``
writes nothing and exits 1 when a generated file differs from what is on disk.

The output is deterministic: subjects, predicates and objects are sorted, and nothing
depends on the time or on blank-node labels, so running the script twice gives
byte-identical files. It needs rdflib only to read the SDG Turtle file.
"""
from __future__ import annotations

import argparse
import csv
import re
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DEFAULT_DATA = REPO.parent / "shared" / "data"
DEFAULT_OUT = REPO / "ontology" / "reference"

# ----------------------------------------------------------------------------- terms
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
XSD = "http://www.w3.org/2001/XMLSchema#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
DCT = "http://purl.org/dc/terms/"
KG = "https://w3id.org/kommune-ki/ont#"
KGID = "https://w3id.org/kommune-ki/id/"
KGSRC = "https://w3id.org/kommune-ki/source/"
ELI = "http://data.europa.eu/eli/ontology#"
SDG = "http://metadata.un.org/sdg/"
SDGO = "http://metadata.un.org/sdg/ontology#"

PREFIXES = {
    "rdf": RDF,
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "xsd": XSD,
    "skos": SKOS,
    "dct": DCT,
    "time": "http://www.w3.org/2006/time#",
    "eli": ELI,
    "kg": KG,
    "kgid": KGID,
    "kgsrc": KGSRC,
    "sdg": SDG,
    "sdgo": SDGO,
    "eu-aiact": "https://w3id.org/dpv/legal/eu/aiact#",
    "legal-eu": "https://w3id.org/dpv/legal/eu#",
}

MIT = "https://opensource.org/licenses/MIT"
AI_ACT_ELI = "http://data.europa.eu/eli/reg/2024/1689/oj"


class IRI(str):
    """An IRI (as opposed to a literal string)."""


class Lit:
    """A literal with an optional language tag or datatype (an IRI string)."""

    __slots__ = ("value", "lang", "datatype")

    def __init__(self, value, lang: str | None = None, datatype: str | None = None):
        if isinstance(value, bool):
            value, datatype = ("true" if value else "false"), XSD + "boolean"
        elif isinstance(value, int):
            value, datatype = str(value), XSD + "integer"
        self.value = str(value)
        self.lang = lang
        self.datatype = datatype

    def key(self) -> tuple:
        return (self.value, self.lang or "", self.datatype or "")

    def __eq__(self, other) -> bool:
        return isinstance(other, Lit) and self.key() == other.key()

    def __hash__(self) -> int:
        return hash(self.key())


def nb(text: str) -> Lit:
    return Lit(text, lang="nb")


def en(text: str) -> Lit:
    return Lit(text, lang="en")


def date(text: str) -> Lit:
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        raise ValueError(f"not an ISO date: {text!r}")
    return Lit(text, datatype=XSD + "date")


def kgid(slug: str) -> IRI:
    return IRI(KGID + slug)


def kg(term: str) -> IRI:
    return IRI(KG + term)


def skos(term: str) -> IRI:
    return IRI(SKOS + term)


def dct(term: str) -> IRI:
    return IRI(DCT + term)


A = IRI(RDF + "type")

# ------------------------------------------------------------------------ serialiser
_PN_LOCAL = re.compile(r"^[A-Za-z0-9_]([A-Za-z0-9_.\-]*[A-Za-z0-9_\-])?$")
_NUM = re.compile(r"(\d+)")


def _natural(text: str) -> tuple:
    """Sort key that puts sdg/2 before sdg/10 and kommune-0301 before kommune-1101."""
    return tuple((0, int(p), "") if p.isdigit() else (1, 0, p) for p in _NUM.split(text) if p)


def _escape(text: str) -> str:
    return (text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
            .replace("\r", "\\r").replace("\t", "\\t"))


class Turtle:
    """A tiny deterministic Turtle writer: triples grouped by subject, everything sorted.

    Objects may be an :class:`IRI`, a :class:`Lit` or a Python list of IRIs/literals
    (written as a Turtle collection). Blank nodes are not supported otherwise, so the
    output never depends on blank-node labels.
    """

    # Predicates written first, in this order; the rest follow sorted by IRI.
    FIRST = [RDF + "type", SKOS + "prefLabel", SKOS + "altLabel", SKOS + "notation"]

    def __init__(self, prefixes: dict[str, str]):
        self.prefixes = prefixes
        self.triples: dict[str, dict[str, set]] = {}

    def add(self, s: str, p: str, o) -> None:
        if o is None:
            return
        if isinstance(o, list):
            o = tuple(o)
        self.triples.setdefault(str(s), {}).setdefault(str(p), set()).add(o)

    def __len__(self) -> int:
        return sum(len(objs) for preds in self.triples.values() for objs in preds.values())

    def iri(self, iri: str) -> str:
        best = None
        for prefix, ns in self.prefixes.items():
            if iri.startswith(ns) and (best is None or len(ns) > len(self.prefixes[best])):
                local = iri[len(ns):]
                if _PN_LOCAL.match(local):
                    best = prefix
        if best is not None:
            return f"{best}:{iri[len(self.prefixes[best]):]}"
        return "<" + iri.replace(">", "%3E") + ">"

    def term(self, o) -> str:
        if isinstance(o, tuple):
            return "( " + " ".join(self.term(x) for x in o) + " )"
        if isinstance(o, Lit):
            text = '"' + _escape(o.value) + '"'
            if o.lang:
                return f"{text}@{o.lang}"
            if o.datatype == XSD + "integer" and re.fullmatch(r"[+-]?\d+", o.value):
                return o.value
            if o.datatype == XSD + "decimal" and re.fullmatch(r"[+-]?\d*\.\d+", o.value):
                return o.value
            if o.datatype == XSD + "boolean" and o.value in ("true", "false"):
                return o.value
            if o.datatype and o.datatype != XSD + "string":
                return f"{text}^^{self.iri(o.datatype)}"
            return text
        return self.iri(str(o))

    def _okey(self, o):
        if isinstance(o, Lit):
            return (1, _natural(o.value), o.lang or "", o.datatype or "")
        if isinstance(o, tuple):
            return (2, ())
        return (0, _natural(str(o)), "", "")

    def _pkey(self, p: str):
        return (self.FIRST.index(p), "") if p in self.FIRST else (len(self.FIRST), p)

    def serialize(self, header: str, first: list[str] = ()) -> str:
        lines = [("# " + h).rstrip() for h in header.strip("\n").split("\n")]
        lines.append("")
        for prefix in sorted(self.prefixes):
            lines.append(f"@prefix {prefix}: <{self.prefixes[prefix]}> .")
        lines.append("")
        subjects = sorted(self.triples, key=lambda s: (0 if s in first else 1,
                                                        first.index(s) if s in first else 0,
                                                        _natural(s)))
        for s in subjects:
            preds = self.triples[s]
            parts = []
            for p in sorted(preds, key=self._pkey):
                ptext = "a" if p == RDF + "type" else self.iri(p)
                objs = [self.term(o) for o in sorted(preds[p], key=self._okey)]
                if sum(len(x) for x in objs) > 80 and len(objs) > 1:
                    joined = " ,\n        ".join(objs)
                else:
                    joined = " , ".join(objs)
                parts.append(f"{ptext} {joined}")
            lines.append(self.iri(s) + " " + " ;\n    ".join(parts) + " .")
            lines.append("")
        return "\n".join(lines)


def source_node(t: Turtle, name: str, *, title_nb: str, title_en: str, description_nb: str,
                description_en: str, sources: list, licenses: list, notes: list = ()) -> IRI:
    """Describe the file itself as a kg:Source (its named graph)."""
    s = IRI(KGSRC + name)
    t.add(s, A, kg("Source"))
    t.add(s, dct("title"), nb(title_nb))
    t.add(s, dct("title"), en(title_en))
    t.add(s, kg("sourceKind"), Lit("reference"))
    t.add(s, dct("description"), nb(description_nb))
    t.add(s, dct("description"), en(description_en))
    for src in sources:
        t.add(s, dct("source"), src)
    for lic in licenses:
        t.add(s, dct("license"), lic)
    for note in notes:
        t.add(s, skos("editorialNote"), note)
    t.add(s, skos("editorialNote"), nb("Generert av scripts/build_reference.py; endringer gjøres "
                                       "i skriptet, ikke i filen."))
    t.add(s, skos("editorialNote"), en("Generated by scripts/build_reference.py; change the "
                                       "script, not the file."))
    return s


def _read_csv(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8-sig", newline="") as fh:
        return [{k.strip(): (v or "").strip() for k, v in row.items()} for row in csv.DictReader(fh)]


# -------------------------------------------------------------------- municipalities
def build_municipalities(data: Path) -> str:
    folder = data / "municipalities"
    nav = _read_csv(folder / "nav_kommuner_per_fylke.csv")
    ssb = {r["kommunenummer"]: r for r in _read_csv(folder / "ssb_klass131_kommuner_2026-01-01.csv")}
    counties = _read_csv(folder / "nav_fylker_2024.csv")

    t = Turtle({k: PREFIXES[k] for k in ("rdf", "xsd", "skos", "dct", "kg", "kgid", "kgsrc")})
    src = source_node(
        t, "municipalities",
        title_nb="Norges kommuner og fylkeskommuner",
        title_en="Norway's municipalities and county municipalities",
        description_nb=(
            "De 357 kommunene og 15 fylkeskommunene med offisielt nummer og navn. "
            "Kommunenummer, kortnavn og fylke er hentet fra NAVs liste; offisielle navn, "
            "med samiske og kvenske parallellnavn, er fra SSBs klassifikasjon 131 per "
            "2026-01-01. SSBs kode 9999 «Uoppgitt» er ikke en kommune og er utelatt."),
        description_en=(
            "The 357 municipalities and 15 county municipalities with official number and "
            "name. Municipality number, short name and county come from NAV's list; official "
            "names, with Sámi and Kven parallel names, come from SSB's classification 131 as "
            "of 2026-01-01. SSB's code 9999 'Uoppgitt' (unspecified) is no municipality and is "
            "left out."),
        sources=[
            IRI("https://github.com/navikt/paw-arbeidssoekerregisteret-for-personbruker"),
            IRI("https://github.com/hogne67/321skole-translate"),
            IRI("https://www.ssb.no/klass/klassifikasjoner/131"),
            en("NAV IT, navikt/paw-arbeidssoekerregisteret-for-personbruker, "
               "src/components/styrkløft/fylker.ts (MIT), extracted to CSV: "
               "nav_kommuner_per_fylke.csv, nav_fylker_2024.csv"),
            en("SSB classification 131 (Klass) at 2026-01-01 via hogne67/321skole-translate, "
               "lib/geo/noMunicipalities.ts (states no licence): "
               "ssb_klass131_kommuner_2026-01-01.csv"),
        ],
        licenses=[IRI(MIT)],
        notes=[
            nb("Endret: konvertert fra CSV til RDF. Det offisielle SSB-navnet er "
               "foretrukket navn på begge språk; NAVs kortnavn og hver del av et "
               "parallellnavn er alternative navn. Fylkeskommunene har fått navnet "
               "«<fylke> fylkeskommune». NAV-listen er MIT-lisensiert; repositoriet "
               "SSB-navnene er hentet fra, oppgir ingen lisens."),
            en("Changed: converted from CSV to RDF. The official SSB name is the preferred "
               "label in both languages; NAV's short name and each part of a parallel name "
               "are alternative labels. County municipalities are named '<county> "
               "fylkeskommune' / '<county> County Municipality'. The NAV list is MIT-licensed; "
               "the repository the SSB names come from states no licence."),
        ])

    county_names = {}
    for row in counties:
        num, name = row["fylkesnummer"], row["fylkesnavn"]
        if not re.fullmatch(r"\d{2}", num):
            raise ValueError(f"bad county number {num!r}")
        county_names[num] = name
        c = kgid(f"fylke-{num}")
        t.add(c, A, kg("CountyMunicipality"))
        t.add(c, kg("organisationNumber"), Lit(num))
        t.add(c, skos("altLabel"), Lit(name))
        if num == "03":
            # Oslo is both a county and a municipality; Oslo kommune carries the
            # county-municipal tasks, there is no separate county municipality.
            t.add(c, skos("prefLabel"), nb("Oslo kommune (fylkeskommunale oppgaver)"))
            t.add(c, skos("prefLabel"), en("Oslo Municipality (county functions)"))
            t.add(c, skos("note"), nb("Oslo er både fylke og kommune. Oslo kommune ivaretar "
                                      "de fylkeskommunale oppgavene; det finnes ingen egen "
                                      "fylkeskommune."))
            t.add(c, skos("note"), en("Oslo is both a county and a municipality. Oslo "
                                      "Municipality carries out the county-municipal tasks; "
                                      "there is no separate county municipality."))
        else:
            t.add(c, skos("prefLabel"), nb(f"{name} fylkeskommune"))
            t.add(c, skos("prefLabel"), en(f"{name} County Municipality"))

    seen = set()
    for row in nav:
        num = row["kommunenummer"]
        if not re.fullmatch(r"\d{4}", num):
            raise ValueError(f"bad municipality number {num!r}")
        if num in seen:
            raise ValueError(f"duplicate municipality number {num}")
        seen.add(num)
        official = ssb[num]["kommunenavn"] if num in ssb else row["kommunenavn"]
        county = row["fylkesnummer"]
        if county not in county_names:
            raise ValueError(f"municipality {num} in unknown county {county}")
        if num in ssb and ssb[num]["fylkesnummer"] != county:
            raise ValueError(f"NAV and SSB disagree on the county of {num}")
        m = kgid(f"kommune-{num}")
        t.add(m, A, kg("Municipality"))
        t.add(m, kg("organisationNumber"), Lit(num))
        t.add(m, skos("prefLabel"), nb(official))
        t.add(m, skos("prefLabel"), en(official))
        alts = {row["kommunenavn"]} | {p.strip() for p in official.split(" - ")}
        for alt in sorted(alts - {official, ""}):
            t.add(m, skos("altLabel"), Lit(alt))
        t.add(m, kg("county"), kgid(f"fylke-{county}"))
    missing = set(ssb) - seen - {"9999"}
    if missing:
        raise ValueError(f"SSB codes missing from the NAV list: {sorted(missing)}")

    header = """\
municipalities.ttl — Norway's 357 municipalities and 15 county municipalities.
GENERATED by scripts/build_reference.py from data/municipalities/ — do not edit by hand;
change the script and run it again."""
    return t.serialize(header, first=[str(src)])


# ------------------------------------------------------------ former municipalities
_YEARS = re.compile(r"^(?P<name>.*?)\s*\((?P<a>\d{4})?-(?P<b>\d{4})?\)$")


def build_municipality_history(data: Path) -> str:
    """Every municipality number and name used 1994–2024 that is not today's, as a
    kg:FormerMunicipality that dct:isReplacedBy the municipality it is part of today."""
    folder = data / "municipalities"
    rows = _read_csv(folder / "ssb_kommuner_1994-2024_to_2024.csv")
    current = {r["kommunenummer"] for r in _read_csv(folder / "nav_kommuner_per_fylke.csv")}
    t = Turtle({k: PREFIXES[k] for k in ("rdf", "xsd", "skos", "dct", "kg", "kgid", "kgsrc")})
    src = source_node(
        t, "municipality-history",
        title_nb="Tidligere kommunenummer og -navn 1994–2024",
        title_en="Former municipality numbers and names 1994–2024",
        description_nb=(
            "Hvert kommunenummer og -navn brukt 1994–2024 som ikke er dagens, med kommunen det "
            "er en del av i dag (Førde → 4647 Sunnfjord). Kommuner som ble delt, har ingen "
            "etterfølger. Brukes til å lese gamle navn og nummer ved import."),
        description_en=(
            "Every municipality number and name used 1994–2024 that is not today's, with the "
            "municipality it is part of today (Førde → 4647 Sunnfjord). Municipalities that "
            "were divided have no successor. Used to read old names and numbers on import."),
        sources=[
            IRI("https://github.com/lauriejh/regtools"),
            IRI("https://www.ssb.no/klass/klassifikasjoner/131"),
            en("SSB's grouping of municipality codes 1994-2024 (classification 131), as shipped "
               "in lauriejh/regtools, data-raw/kommuner-1994-2024.xlsx (MIT), converted to CSV "
               "with the 'K.' prefix dropped: ssb_kommuner_1994-2024_to_2024.csv"),
        ],
        licenses=[IRI(MIT)],
        notes=[
            nb("Endret: konvertert fra CSV til RDF. Årstallene i SSB-teksten (\"Førde (-2019)\") "
               "er skilt ut som kg:validFrom/kg:validUntil. Svalbard, Jan Mayen, sokkelen og "
               "«uoppgitt» er utelatt."),
            en("Changed: converted from CSV to RDF. The years in SSB's text (\"Førde (-2019)\") "
               "are split out as kg:validFrom/kg:validUntil. Svalbard, Jan Mayen, the continental "
               "shelf and 'unspecified' are left out."),
        ])
    seen = set()
    for row in rows:
        target, code, text = row["kommunenummer_2024"], row["kode"], row["tekst"]
        if not re.fullmatch(r"\d{4}", code) or code == "9999" or target in ("21-22", "23"):
            continue
        m = _YEARS.match(text)
        if code == target and not m:
            continue   # today's municipality under today's number: municipalities.ttl has it
        if target != "Rest" and target not in current:
            raise ValueError(f"former municipality {code} points to unknown {target}")
        if code in current:
            raise ValueError(f"former code {code} is also a code of today")
        if code in seen:
            raise ValueError(f"duplicate former code {code}")
        seen.add(code)
        name = m["name"] if m else text
        f = kgid(f"tidligere-kommune-{code}")
        t.add(f, A, kg("FormerMunicipality"))
        t.add(f, skos("prefLabel"), nb(name))
        t.add(f, skos("prefLabel"), en(name))
        t.add(f, skos("notation"), Lit(code))
        if m and m["a"]:
            t.add(f, kg("validFrom"), Lit(m["a"], datatype=XSD + "gYear"))
        if m and m["b"]:
            t.add(f, kg("validUntil"), Lit(m["b"], datatype=XSD + "gYear"))
        if target != "Rest":
            t.add(f, dct("isReplacedBy"), kgid(f"kommune-{target}"))
        else:
            t.add(f, skos("note"), nb("Kommunen ble delt mellom flere av dagens kommuner."))
            t.add(f, skos("note"), en("The municipality was divided between several of today's municipalities."))
    header = """\
municipality-history.ttl — former municipality numbers and names 1994–2024 and what they are today.
GENERATED by scripts/build_reference.py from data/municipalities/ — do not edit by hand;
change the script and run it again."""
    return t.serialize(header, first=[str(src)])


# ---------------------------------------------------------------------------- AI Act
ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII"]

# Short Norwegian descriptions of what applies, keyed by (date, provision) of the CSV.
AI_ACT_DATES_NB = {
    ("2024-07-12", "Publication"):
        "Kunngjort i Den europeiske unions tidende (EUT L, 2024/1689, 12.7.2024).",
    ("2024-08-01", "Art. 113 first para."):
        "Forordningen trer i kraft (den 20. dagen etter kunngjøringen).",
    ("2025-02-02", "Art. 113(a)"):
        "Kapittel I og II gjelder (blant annet art. 4 om KI-kompetanse og art. 5 om "
        "forbudt praksis).",
    ("2025-08-02", "Art. 113(b)"):
        "Kapittel III avsnitt 4, kapittel V (KI-modeller for allmenne formål), kapittel VII "
        "(styring), kapittel XII (sanksjoner) og art. 78 gjelder, unntatt art. 101.",
    ("2026-08-02", "Art. 113 second para."):
        "Forordningen gjelder generelt fra denne datoen.",
    ("2027-08-02", "Art. 113(c)"):
        "Art. 6 nr. 1 og tilhørende forpliktelser gjelder.",
    ("2027-08-02", "Art. 111(3)"):
        "KI-modeller for allmenne formål som er brakt i omsetning før 2. august 2025, må "
        "oppfylle kravene.",
    ("2030-08-02", "Art. 111(2)"):
        "Tilbydere og idriftsettere av høyrisiko-KI-systemer som er ment å brukes av "
        "offentlige myndigheter, må oppfylle kravene.",
    ("2030-12-31", "Art. 111(1)"):
        "KI-komponenter i store IT-systemer (vedlegg X) som er brakt i omsetning før "
        "2. august 2027, må oppfylle kravene.",
    ("2026-07-27", "Art. 113(d) [amended]"):
        "Art. 102–110 gjelder; forordning (EU) 2026/1744 (Digital Omnibus on AI) er i kraft.",
    ("2026-12-02", "Art. 113(a) [amended]"):
        "De nye forbudene i art. 5 nr. 1 bokstav ba og bb og art. 5 nr. 1a og 1b gjelder.",
    ("2026-12-02", "Art. 111(4) [amended]"):
        "Generative systemer som er brakt i omsetning før 2. august 2026, må oppfylle "
        "art. 50 nr. 2.",
    ("2027-12-02", "Art. 113(c)(i) [amended]"):
        "Kapittel III avsnitt 1–3 (unntatt art. 6 nr. 5) gjelder for høyrisikosystemer etter "
        "art. 6 nr. 2 og vedlegg III.",
    ("2028-08-02", "Art. 113(c)(ii) [amended]"):
        "Kapittel III avsnitt 1–3 (unntatt art. 6 nr. 5) gjelder for høyrisikosystemer etter "
        "art. 6 nr. 1 og vedlegg I.",
}

# The editorial notes of the article table (corrections made in the research), in bokmål.
AI_ACT_ARTICLE_NOTES_NB = {
    ("28", 'Title corrected: source file has placeholder "Article 28"; title "Notifying '
           'authorities" per OJ text as quoted in other sources'):
        "Tittelen er rettet: kildefilen har plassholderen «Article 28»; tittelen «Notifying "
        "authorities» følger teksten i EU-tidende slik andre kilder siterer den.",
    ("94", "Chapter/section assigned by this research (CommonAccord Sec/Chapter.md omits Art. 94 "
           "from Ch. IX Sec. 5 list; Art. 88-94 form that section)"):
        "Kapittel og avsnitt er tilordnet i dette arbeidet (CommonAccord Sec/Chapter.md utelater "
        "art. 94 fra listen over kap. IX avsnitt 5; art. 88–94 utgjør det avsnittet).",
    ("111", 'Typo "marked" in source corrected to "market"'):
        "Skrivefeilen «marked» i kilden er rettet til «market».",
}

OMNIBUS = "ai-act-endring-2026-1744"


def _provision_slug(provision: str) -> str:
    text = provision.replace("[amended]", "")
    text = text.replace("first para.", "forste ledd").replace("second para.", "annet ledd")
    text = text.replace("Publication", "publisering")
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def _provision_nb(provision: str) -> str:
    text = provision.replace(" [amended]", "").replace("Art.", "art.")
    text = text.replace("first para.", "første ledd").replace("second para.", "annet ledd")
    return text.replace("Publication", "Kunngjøring")


def _legal_basis_nb(basis: str) -> str:
    """The legal basis column of the date table in bokmål: 'Art. 111(4) as amended' ->
    'art. 111(4) slik den er endret'. Anything else is an error, not English left in."""
    text = basis.replace("Art.", "art.")
    text = text.replace(" as amended by Reg. (EU) ", " slik den er endret ved forordning (EU) ")
    text = text.replace(" as amended", " slik den er endret")
    text = text.replace(" citation text / metadata", " (sitert tekst / metadata)")
    if not re.fullmatch(r"art\. \d+(\(\w+\))*( slik den er endret( ved forordning \(EU\) "
                        r"\d{4}/\d+)?)?( \(sitert tekst / metadata\))?", text):
        raise ValueError(f"no Norwegian wording for the legal basis {basis!r}")
    return text


def _annex_point(text: str, key: str) -> str:
    """The text of point ``key`` (e.g. ``5.1``) of a CommonAccord annex file, with the
    ``{_defined_term}`` placeholders written out."""
    m = re.search(rf"^{re.escape(key)}\.sec=(.+)$", text, flags=re.MULTILINE)
    if not m:
        raise ValueError(f"annex point {key} not found")
    body = re.sub(r"\{_([A-Za-z_]+)\}", lambda x: x.group(1).replace("_", " "), m.group(1))
    if "{" in body:
        raise ValueError(f"unresolved placeholder in annex point {key}: {body}")
    return body.strip().rstrip(";").strip()


def _versions(text_version: str) -> list[str]:
    tv = text_version.lower()
    if tv.startswith("original and amended"):
        return ["original", "amended"]
    if tv.startswith("original"):
        return ["original"]
    if tv.startswith("amended"):
        return ["amended"]
    raise ValueError(f"unknown text_version {text_version!r}")


def application_date_slug(date_text: str, provision: str, version: str) -> str:
    """The slug of one dated statement: ``ai-act-dato-<date>-<provision>[-endret]``."""
    slug = f"ai-act-dato-{date_text}-{_provision_slug(provision)}"
    return slug + ("-endret" if version == "amended" else "")


def build_ai_act(data: Path) -> str:
    folder = data / "eu-ai-act"
    articles = _read_csv(folder / "eu_ai_act_2024_1689_articles.csv")
    annexes = _read_csv(folder / "eu_ai_act_2024_1689_annexes.csv")
    dates = _read_csv(folder / "eu_ai_act_application_dates.csv")

    t = Turtle({k: PREFIXES[k] for k in ("rdf", "xsd", "skos", "dct", "kg", "kgid", "kgsrc",
                                         "time", "eli", "legal-eu")})
    src = source_node(
        t, "ai-act",
        title_nb="EUs KI-forordning (forordning (EU) 2024/1689): artikler, vedlegg og datoer",
        title_en="EU AI Act (Regulation (EU) 2024/1689): articles, annexes and dates",
        description_nb=(
            "De 113 artiklene og 13 vedleggene i KI-forordningen med titler, kapittel og "
            "avsnitt (opprinnelig tekst fra 2024), og de daterte bestemmelsene om når "
            "forordningen gjelder, både etter opprinnelig tekst og etter endringene i "
            "forordning (EU) 2026/1744 (Digital Omnibus on AI). Endrede datoer er ikke "
            "kontrollert mot EU-tidende. For Norge gjelder forordningen gjennom EØS-avtalen "
            "og KI-loven."),
        description_en=(
            "The 113 articles and 13 annexes of the AI Act with titles, chapter and section "
            "(original 2024 text), and the dated provisions on when the Regulation applies, "
            "both in the original text and as amended by Regulation (EU) 2026/1744 (Digital "
            "Omnibus on AI). Amended dates are not verified against the Official Journal. "
            "For Norway the Regulation applies through the EEA Agreement and KI-loven."),
        sources=[
            IRI("https://github.com/CommonAccord/Cmacc-Org/tree/master/Doc/G/EU/Artificial_Intelligence_Act"),
            IRI(AI_ACT_ELI),
            en("CommonAccord/Cmacc-Org, Doc/G/EU/Artificial_Intelligence_Act/ (MIT): "
               "eu_ai_act_2024_1689_articles.csv, eu_ai_act_2024_1689_annexes.csv, "
               "eu_ai_act_application_dates.csv, derived from Sec_Article.md, Sec_Chapter.md, "
               "Annex_*.md and 2026-Amended.md"),
        ],
        licenses=[IRI(MIT)],
        notes=[
            nb("Endret: konvertert fra CSV til RDF. Artikkel- og vedleggstitler er beholdt på "
               "engelsk. Hver rad i datotabellen er ett datert utsagn; rader merket «original "
               "and amended» er delt i to utsagn, ett for hver tekstversjon. Merknader fra "
               "tabellene (rettede titler, tildelt kapittel) er tatt vare på som "
               "skos:editorialNote."),
            en("Changed: converted from CSV to RDF. Article and annex titles are kept in "
               "English. Each row of the date table is one dated statement; rows marked "
               "'original and amended' are split into two statements, one per text version. "
               "Notes from the tables (corrected titles, assigned chapter) are kept as "
               "skos:editorialNote."),
        ])

    act = kgid("ai-act")
    t.add(act, A, kg("Regulation"))
    t.add(act, A, IRI(ELI + "LegalResource"))
    t.add(act, skos("prefLabel"), nb("EUs KI-forordning (AI Act)"))
    t.add(act, skos("prefLabel"), en("EU AI Act"))
    for alt in ("AI Act", "KI-forordningen", "Regulation (EU) 2024/1689"):
        t.add(act, skos("altLabel"), Lit(alt))
    t.add(act, skos("notation"), Lit("2024/1689"))
    t.add(act, skos("exactMatch"), IRI(AI_ACT_ELI))
    t.add(act, skos("exactMatch"), IRI(PREFIXES["legal-eu"] + "law-AIAct"))
    t.add(act, IRI(ELI + "title"), en("Regulation (EU) 2024/1689 of the European Parliament and "
                                      "of the Council of 13 June 2024 laying down harmonised "
                                      "rules on artificial intelligence (Artificial "
                                      "Intelligence Act)"))
    t.add(act, IRI(ELI + "date_document"), date("2024-06-13"))
    t.add(act, IRI(ELI + "date_publication"), date("2024-07-12"))
    t.add(act, IRI(ELI + "first_date_entry_in_force"), date("2024-08-01"))
    t.add(act, dct("description"), nb(
        "EUs forordning om harmoniserte regler for kunstig intelligens. Den deler KI-systemer "
        "inn etter risiko og gir plikter til tilbydere og idriftsettere, også offentlige "
        "virksomheter som tar i bruk KI."))
    t.add(act, dct("description"), en(
        "The EU regulation laying down harmonised rules on artificial intelligence. It sorts "
        "AI systems by risk and puts obligations on providers and deployers, including "
        "public bodies that deploy AI."))
    t.add(act, skos("note"), nb(
        "For Norge gjelder KI-forordningen gjennom EØS-avtalen og gjennomføres i norsk rett "
        "ved KI-loven. Datoene her er EUs datoer; når reglene gjelder i "
        "Norge, avhenger av når KI-loven trer i kraft."))
    t.add(act, skos("note"), en(
        "For Norway the AI Act applies through the EEA Agreement and is implemented in "
        "Norwegian law by KI-loven. The dates here are the EU's dates; when "
        "the rules apply in Norway depends on when KI-loven enters into force."))

    # Entry into force, as an uncertain instant known to the day.
    eif = kgid("ai-act-ikrafttredelse")
    t.add(act, kg("entryIntoForce"), eif)
    t.add(eif, A, kg("UncertainInstant"))
    t.add(eif, skos("prefLabel"), nb("Ikrafttredelse for EUs KI-forordning"))
    t.add(eif, skos("prefLabel"), en("Entry into force of the EU AI Act"))
    t.add(eif, kg("earliest"), date("2024-08-01"))
    t.add(eif, kg("latest"), date("2024-08-01"))
    t.add(eif, kg("precision"), kgid("presisjon-dag"))
    t.add(eif, skos("notation"), Lit("2024-08-01"))
    t.add(eif, IRI("http://www.w3.org/2006/time#inXSDDate"), date("2024-08-01"))
    t.add(eif, skos("note"), nb(
        "Datoen gjelder i EU (art. 113). I Norge gjelder forordningen først når den er tatt "
        "inn i EØS-avtalen og gjennomført ved KI-loven, som ifølge kildedokumentet ventes å "
        "tre i kraft i 3. eller 4. kvartal 2026."))
    t.add(eif, skos("note"), en(
        "This date applies in the EU (Art. 113). In Norway the Regulation applies only once "
        "it is incorporated into the EEA Agreement and implemented by KI-loven, which the "
        "seed expects to enter into force in Q3 or Q4 2026."))

    # Regulation (EU) 2026/1744 as named by the amended rows (not verified against OJ).
    om = kgid(OMNIBUS)
    t.add(om, A, kg("Regulation"))
    t.add(om, A, IRI(ELI + "LegalResource"))
    t.add(om, skos("prefLabel"), nb("Forordning (EU) 2026/1744 (Digital Omnibus on AI)"))
    t.add(om, skos("prefLabel"), en("Regulation (EU) 2026/1744 (Digital Omnibus on AI)"))
    t.add(om, skos("altLabel"), Lit("Digital Omnibus on AI"))
    t.add(om, skos("notation"), Lit("2026/1744"))
    t.add(om, IRI(ELI + "amends"), act)
    t.add(om, dct("description"), nb(
        "Endringsforordning til KI-forordningen som blant annet utsetter pliktene for "
        "høyrisikosystemer i vedlegg III til 2. desember 2027 og vedlegg I til 2. august 2028."))
    t.add(om, dct("description"), en(
        "Amending regulation to the AI Act that among other things moves the obligations for "
        "Annex III high-risk systems to 2 December 2027 and Annex I to 2 August 2028."))
    t.add(om, skos("note"), nb(
        "Kjent bare fra en konsolidert tekst i CommonAccord (2026-Amended.md); ikke "
        "kontrollert mot EU-tidende."))
    t.add(om, skos("note"), en(
        "Known only from a consolidated text in CommonAccord (2026-Amended.md); not verified "
        "against the Official Journal."))
    t.add(om, dct("source"), en("CommonAccord 2026-Amended.md (consolidated text of "
                                "Regulation (EU) 2024/1689 as amended by Regulation (EU) "
                                "2026/1744)"))

    article_numbers = set()
    for row in articles:
        n = row["article"]
        if not n.isdigit():
            raise ValueError(f"bad article number {n!r}")
        article_numbers.add(int(n))
        if row["act_eli"] != AI_ACT_ELI:
            raise ValueError(f"article {n} belongs to another act: {row['act_eli']}")
        a = kgid(f"ai-act-art-{n}")
        title = row["title"]
        t.add(a, A, kg("Provision"))
        t.add(a, skos("prefLabel"), nb(f"Artikkel {n}: {title}"))
        t.add(a, skos("prefLabel"), en(f"Article {n}: {title}"))
        t.add(a, skos("notation"), Lit(f"Art. {n}"))
        t.add(a, IRI(ELI + "number"), Lit(n))
        t.add(a, IRI(ELI + "title"), en(title))
        t.add(a, IRI(ELI + "is_part_of"), act)
        chap_en = f"Chapter {row['chapter']}: {row['chapter_title']}"
        chap_nb = f"Kapittel {row['chapter']}: {row['chapter_title']}"
        if row["section"]:
            chap_en += f"; Section {row['section']}: {row['section_title']}"
            chap_nb += f"; avsnitt {row['section']}: {row['section_title']}"
        t.add(a, dct("description"), en(f"Article {n} of the EU AI Act. {chap_en}."))
        t.add(a, dct("description"), nb(f"Artikkel {n} i EUs KI-forordning. {chap_nb}."))
        if row["note"]:
            if (n, row["note"]) not in AI_ACT_ARTICLE_NOTES_NB:
                raise ValueError(f"no Norwegian wording for the note on article {n}")
            t.add(a, skos("editorialNote"), en(row["note"]))
            t.add(a, skos("editorialNote"), nb(AI_ACT_ARTICLE_NOTES_NB[(n, row["note"])]))
    if article_numbers != set(range(1, 114)):
        raise ValueError("expected articles 1..113")

    seen_annexes = []
    for row in annexes:
        roman = row["annex"]
        if roman not in ROMAN:
            raise ValueError(f"bad annex number {roman!r}")
        seen_annexes.append(roman)
        x = kgid(f"ai-act-annex-{roman.lower()}")
        t.add(x, A, kg("Provision"))
        t.add(x, skos("prefLabel"), nb(f"Vedlegg {roman}: {row['title']}"))
        t.add(x, skos("prefLabel"), en(f"Annex {roman}: {row['title']}"))
        t.add(x, skos("notation"), Lit(f"Annex {roman}"))
        t.add(x, IRI(ELI + "number"), Lit(roman))
        t.add(x, IRI(ELI + "title"), en(row["title"]))
        t.add(x, IRI(ELI + "is_part_of"), act)
        t.add(x, dct("description"), en(f"Annex {roman} to the EU AI Act."))
        t.add(x, dct("description"), nb(f"Vedlegg {roman} til EUs KI-forordning."))
    if sorted(seen_annexes, key=ROMAN.index) != ROMAN:
        raise ValueError("expected annexes I..XIII")

    # Annex III point 5(a): what makes much "AI in case processing" high-risk.
    annex3 = (folder / "Annex_III.md").read_text(encoding="utf-8")
    heading = _annex_point(annex3, "5.0")
    point = _annex_point(annex3, "5.1")
    p5a = kgid("ai-act-annex-iii-5a")
    t.add(p5a, A, kg("Provision"))
    t.add(p5a, skos("prefLabel"), nb("Vedlegg III nr. 5 bokstav a: offentlige stønader og "
                                     "tjenester"))
    t.add(p5a, skos("prefLabel"), en("Annex III point 5(a): public assistance benefits and "
                                     "services"))
    t.add(p5a, skos("notation"), Lit("Annex III 5(a)"))
    t.add(p5a, IRI(ELI + "number"), Lit("5(a)"))
    t.add(p5a, IRI(ELI + "is_part_of"), kgid("ai-act-annex-iii"))
    t.add(p5a, dct("description"), en(f"{heading} (a) {point}"))
    t.add(p5a, dct("description"), nb(
        "Høyrisiko: KI-systemer som er ment å brukes av eller på vegne av offentlige "
        "myndigheter til å vurdere om personer har rett til vesentlige offentlige stønader og "
        "tjenester, også helsetjenester, og til å innvilge, redusere, trekke tilbake eller "
        "kreve tilbake slike stønader og tjenester. Mye bruk av KI i kommunal saksbehandling "
        "faller inn her."))
    t.add(p5a, dct("source"), Lit("CommonAccord Annex_III.md, points 5.0 and 5.1"))

    # Dated statements.
    superseded = []
    made: set[str] = set()
    for row in dates:
        d, prov_text = row["date"], row["provision"]
        key = (d, prov_text)
        if key not in AI_ACT_DATES_NB:
            raise ValueError(f"no Norwegian description for application date {key}")
        m = re.match(r"Art\.\s*(\d+)", prov_text)
        for version in _versions(row["text_version"]):
            slug = application_date_slug(d, prov_text, version)
            if slug in made:
                raise ValueError(f"duplicate application-date slug {slug}")
            made.add(slug)
            node = kgid(slug)
            t.add(act, kg("applicationDate"), node)
            t.add(node, A, kg("ApplicationDate"))
            v_nb = "opprinnelig tekst" if version == "original" else "endret tekst"
            v_en = "original text" if version == "original" else "amended text"
            t.add(node, skos("prefLabel"), nb(f"{d} – {_provision_nb(prov_text)} ({v_nb})"))
            t.add(node, skos("prefLabel"), en(f"{d} – {prov_text.replace(' [amended]', '')} ({v_en})"))
            t.add(node, IRI(ELI + "date_applicability"), date(d))
            t.add(node, kg("provision"), Lit(prov_text))
            t.add(node, dct("description"), en(row["what_applies"]))
            t.add(node, dct("description"), nb(AI_ACT_DATES_NB[key]))
            t.add(node, kg("textVersion"),
                  kgid("tekst-opprinnelig" if version == "original" else "tekst-endret"))
            t.add(node, dct("source"), Lit(row["source"]))
            t.add(node, skos("note"), en(f"Legal basis as given by the source table: "
                                         f"{row['legal_basis']}"))
            t.add(node, skos("note"), nb(f"Rettslig grunnlag slik kildetabellen oppgir det: "
                                         f"{_legal_basis_nb(row['legal_basis'])}"))
            t.add(node, IRI(ELI + "is_part_of"), act)
            if m:
                t.add(node, dct("references"), kgid(f"ai-act-art-{m.group(1)}"))
            if version == "amended":
                t.add(node, dct("relation"), om)
            if "not verified" in row["text_version"].lower():
                t.add(node, skos("note"), nb("Ikke kontrollert mot EU-tidende."))
                t.add(node, skos("note"), en("Not verified against the Official Journal."))
            if "superseded" in row["text_version"].lower():
                superseded.append(node)
                t.add(node, skos("note"), nb("Erstattet ifølge den endrede teksten "
                                             "(forordning (EU) 2026/1744)."))
                t.add(node, skos("note"), en("Superseded according to the amended text "
                                             "(Regulation (EU) 2026/1744)."))
    # The original Art. 113(c) date (Art. 6(1), Annex I systems) is replaced by the
    # amended Art. 113(c)(ii) date.
    replacement = kgid(application_date_slug("2028-08-02", "Art. 113(c)(ii) [amended]", "amended"))
    for node in superseded:
        t.add(node, dct("isReplacedBy"), replacement)

    header = """\
ai-act.ttl — the EU AI Act (Regulation (EU) 2024/1689): the regulation, its 113 articles,
13 annexes and dated application statements (original and amended text).
GENERATED by scripts/build_reference.py from data/eu-ai-act/ — do not edit by hand;
change the script and run it again."""
    return t.serialize(header, first=[str(src), str(act)])


# ------------------------------------------------------------------------------- SDG
SDG_GOALS_NB = {
    1: "Utrydde fattigdom",
    2: "Utrydde sult",
    3: "God helse og livskvalitet",
    4: "God utdanning",
    5: "Likestilling mellom kjønnene",
    6: "Rent vann og gode sanitærforhold",
    7: "Ren energi til alle",
    8: "Anstendig arbeid og økonomisk vekst",
    9: "Innovasjon, industri og infrastruktur",
    10: "Mindre ulikhet",
    11: "Bærekraftige byer og lokalsamfunn",
    12: "Ansvarlig forbruk og produksjon",
    13: "Stoppe klimaendringene",
    14: "Livet i havet",
    15: "Livet på land",
    16: "Fred, rettferdighet og velfungerende institusjoner",
    17: "Samarbeid for å nå målene",
}

SDG_CITATION = (
    "Amit Joshi, Luis Gonzalez Morales, Szymon Klarman, and Aaron Helton. 2019. A Knowledge "
    "Organization System for the United Nations Sustainable Development Goals. New York, NY. "
    "http://metadata.un.org/sdg")

# Labels in the UN file that are broken and dropped (subject, language, text).
SDG_DROPPED_LABELS = {(SDG + "12.3", "en", "By 2030,d")}


def build_sdg(data: Path) -> str:
    import rdflib
    from rdflib import BNode, Literal, URIRef
    from rdflib.collection import Collection

    folder = data / "sdg"
    g = rdflib.Graph()
    g.parse(folder / "sdg-kos-goals-targets-indicators.ttl", format="turtle")
    void = rdflib.Graph()
    void.parse(folder / "void.ttl", format="turtle")
    void_ds = URIRef("http://metadata.un.org/sdg/void.ttl#SDG")
    license_text = str(void.value(void_ds, URIRef(DCT + "license")))
    if SDG_CITATION not in license_text:
        raise ValueError("the citation in void.ttl changed; update SDG_CITATION")

    t = Turtle({k: PREFIXES[k] for k in ("rdf", "owl", "xsd", "skos", "dct", "kg", "kgsrc",
                                         "sdg", "sdgo")})
    src = source_node(
        t, "sdg",
        title_nb="FNs bærekraftsmål: mål, delmål og indikatorer",
        title_en="UN Sustainable Development Goals: goals, targets and indicators",
        description_nb=(
            "FNs kunnskapsorganiseringssystem for bærekraftsmålene: 17 mål, 169 delmål og "
            "232 indikatorer med FNs IRI-er (http://metadata.un.org/sdg/…). Engelske navn "
            "fra FN; norske navn på de 17 målene er lagt til."),
        description_en=(
            "The UN Knowledge Organization System for the Sustainable Development Goals: 17 "
            "goals, 169 targets and 232 indicators with the UN's IRIs "
            "(http://metadata.un.org/sdg/…). English labels from the UN; Norwegian labels for "
            "the 17 goals added."),
        sources=[IRI("https://github.com/UNStats/LOD4Stats/tree/master/sdg-data"),
                 IRI("http://metadata.un.org/sdg"),
                 en("UNStats/LOD4Stats, sdg-data/sdg-kos-goals-targets-indicators.ttl and "
                    "void.ttl (2020)")],
        licenses=[Lit(license_text)],
        notes=[
            nb("Endret: spanske og franske navn og merknader er fjernet for å spare plass; "
               "norske navn (skos:prefLabel@nb) på de 17 målene og på begrepssystemet er "
               "lagt til, og hver engelsk merknad («Target 1.5») har fått en norsk («Delmål 1.5»); delmål 12.3 hadde "
               "et ekstra, avkuttet engelsk navn («By 2030,d») som er fjernet, slik at hvert "
               "begrep har ett engelsk foretrukket navn. Alle andre tripler er uendret."),
            en("Changed: Spanish and French labels and notes dropped to save space; Norwegian "
               "labels (skos:prefLabel@nb) for the 17 goals and the scheme added, and every English note "
               "('Target 1.5') has a Norwegian one ('Delmål 1.5'); target 12.3 had an extra, "
               "truncated English label ('By 2030,d') that is dropped so that every concept has "
               "one English preferred label. Every other triple is unchanged."),
        ])
    t.add(src, dct("bibliographicCitation"), Lit(SDG_CITATION))

    def conv(term):
        if isinstance(term, URIRef):
            return IRI(str(term))
        if isinstance(term, Literal):
            return Lit(str(term), lang=term.language,
                       datatype=str(term.datatype) if term.datatype else None)
        raise TypeError(term)

    list_nodes = set()
    for s, p, o in g:
        if isinstance(o, BNode) and p != rdflib.RDF.rest:
            items = list(Collection(g, o))
            node = o
            while node != rdflib.RDF.nil:
                list_nodes.add(node)
                node = g.value(node, rdflib.RDF.rest)
            t.add(conv(s), str(p), [conv(x) for x in items])

    for s, p, o in g:
        if s in list_nodes:
            continue
        if isinstance(s, BNode):
            raise ValueError(f"unexpected blank node subject {s} {p} {o}")
        if isinstance(o, BNode):
            continue  # a collection, written above
        if isinstance(o, Literal) and o.language and o.language not in ("en",):
            continue
        if isinstance(o, Literal) and (str(s), o.language, str(o)) in SDG_DROPPED_LABELS:
            continue
        t.add(conv(s), str(p), conv(o))

    goals = set(g.subjects(rdflib.RDF.type, URIRef(SDGO + "Goal")))
    if {str(x) for x in goals} != {f"{SDG}{n}" for n in SDG_GOALS_NB}:
        raise ValueError("the goals in the UN file are not 1..17")
    for n, label in SDG_GOALS_NB.items():
        t.add(IRI(f"{SDG}{n}"), skos("prefLabel"), nb(label))
    scheme = URIRef(SDG.rstrip("/"))
    if str(g.value(scheme, URIRef(SKOS + "prefLabel"))) != "Sustainable Development Goals Taxonomy":
        raise ValueError("the name of the SDG concept scheme changed; give its Norwegian name")
    t.add(conv(scheme), SKOS + "prefLabel", nb("FNs taksonomi for bærekraftsmålene"))
    # The UN's notes name each concept ("Target 1.5"): the same in bokmål.
    kinds_nb = {"Goal": "Mål", "Target": "Delmål", "Indicator": "Indikator"}
    for s, o in g.subject_objects(URIRef(SKOS + "note")):
        if isinstance(o, Literal) and o.language == "en":
            m = re.fullmatch(r"(Goal|Target|Indicator) (\S+)", str(o))
            if not m:
                raise ValueError(f"no Norwegian wording for the note {str(o)!r} on {s}")
            t.add(conv(s), SKOS + "note", nb(f"{kinds_nb[m.group(1)]} {m.group(2)}"))

    # Every goal, target and indicator must have exactly one English preferred label.
    for cls in ("Goal", "Target", "Indicator"):
        for s in g.subjects(rdflib.RDF.type, URIRef(SDGO + cls)):
            labels = [o for o in t.triples.get(str(s), {}).get(SKOS + "prefLabel", ())
                      if isinstance(o, Lit) and o.lang == "en"]
            if len(labels) != 1:
                raise ValueError(f"{s} has {len(labels)} English preferred labels")

    header = """\
sdg.ttl — the UN Sustainable Development Goals: 17 goals, 169 targets, 232 indicators,
with Norwegian names for the goals. Copied from UNStats/LOD4Stats (sdg-data) with the
citation: Joshi, Gonzalez Morales, Klarman, Helton (2019), A Knowledge Organization System
for the United Nations Sustainable Development Goals. http://metadata.un.org/sdg
GENERATED by scripts/build_reference.py from data/sdg/ — do not edit by hand;
change the script and run it again."""
    return t.serialize(header, first=[str(src), SDG.rstrip("/")])


# ------------------------------------------------------------------------------ main
BUILDERS = {
    "municipalities.ttl": build_municipalities,
    "municipality-history.ttl": build_municipality_history,
    "ai-act.ttl": build_ai_act,
    "sdg.ttl": build_sdg,
}


def build_all(data: Path) -> dict[str, str]:
    """The generated files, as {file name: Turtle text}."""
    data = Path(data)
    if not data.is_dir():
        raise FileNotFoundError(f"no reference data directory at {data}")
    return {name: fn(data) for name, fn in BUILDERS.items()}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("data", nargs="?", default=str(DEFAULT_DATA),
                    help="the reference data directory (default: ../shared/data)")
    ap.add_argument("--out", default=str(DEFAULT_OUT), help="where to write the files")
    ap.add_argument("--check", action="store_true",
                    help="write nothing; exit 1 if a file on disk differs")
    args = ap.parse_args(argv)
    try:
        files = build_all(Path(args.data))
    except (FileNotFoundError, ValueError, KeyError) as e:
        print(f"build_reference: {e}", file=sys.stderr)
        return 2
    out = Path(args.out)
    differ = []
    for name, text in files.items():
        path = out / name
        old = path.read_text(encoding="utf-8") if path.exists() else None
        if old != text:
            differ.append(name)
            if not args.check:
                path.write_text(text, encoding="utf-8")
    if args.check:
        for name in differ:
            print(f"{name} is out of date", file=sys.stderr)
        return 1 if differ else 0
    for name in files:
        print(f"{'wrote' if name in differ else 'unchanged'} {out / name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
