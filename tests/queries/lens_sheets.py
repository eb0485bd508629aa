"""Small network sheets for the two lenses (vendors, sustainability), written as real CSV
files and imported with `kg import`, so the answers go through the whole chain.

VENDOR_ROWS, by hand (municipality numbers: Hamar 3403, Løten 3412, Stange 3413,
Elverum 3420). A row gets an AI system when one of the system columns has a value:

  row  owner    participants  service                vendor(s)      system: location, exit plan, other
  t1   Hamar    Løten         tale-til-tekst         Alfa AS        S1: norge, ja; forklaring, åpne formater,
                                                                        leverandørinformasjon, menneskelig kontroll
  t2   Stange                 tale-til-tekst         Alfa AS        S2: eøs, nei
  t3   Elverum                bemanningsplanlegging  Beta AS        S3: utenfor-eøs, —
  t4   Hamar                  bemanningsplanlegging  Beta; Gamma    S4: —, —, personal data ja
  t5   Løten                  ki-i-saksbehandling    Alfa AS        (no system)
  t6   Hamar                                         —              S6: norge (no vendor)
"""
from __future__ import annotations

import csv
import io

VENDOR_HEADER = ["id", "tittel", "eier", "kommuner", "tjeneste", "leverandør", "datalagring", "exitplan",
                 "personopplysninger", "forklaring", "åpne_formater", "leverandørinformasjon",
                 "databehandleravtale", "menneskelig_kontroll", "bærekraftsmål"]
VENDOR_ROWS = [
    ["t1", "Tale Hamar", "Hamar", "Løten", "tale-til-tekst", "Alfa AS", "norge", "ja", "", "https://example.org/doc",
     "ja", "ja", "", "ja", "9.c"],
    ["t2", "Tale Stange", "Stange", "", "tale-til-tekst", "Alfa AS", "eøs", "nei", "", "", "", "", "", "", ""],
    ["t3", "Bemanning Elverum", "Elverum", "", "bemanningsplanlegging", "Beta AS", "utenfor-eøs", "", "", "", "",
     "", "", "", ""],
    ["t4", "Bemanning Hamar", "Hamar", "", "bemanningsplanlegging", "Beta AS; Gamma AS", "", "", "ja", "", "", "",
     "", "", ""],
    ["t5", "Saksbehandling Løten", "Løten", "", "ki-i-saksbehandling", "Alfa AS", "", "", "", "", "", "", "", "", ""],
    ["t6", "Egen løsning Hamar", "Hamar", "", "", "", "norge", "", "", "", "", "", "", "", ""],
]


def write_sheet(path, header, rows):
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=";", lineterminator="\r\n")
    w.writerow(header)
    for r in rows:
        w.writerow(r)
    path.write_bytes(buf.getvalue().encode("utf-8"))
    return path


def import_sheet(cli_run, ws, path, *extra):
    r = cli_run(["--data", ws, "import", path, *extra])
    assert r.exit_code == 0, r.stdout + r.stderr
    return r


def vendor_workspace(folder):
    """A workspace in ``folder``/ws holding the baseline and VENDOR_ROWS imported for Digi
    Innlandet (for module-scoped fixtures, which cannot use the cli_run fixture)."""
    from click.testing import CliRunner

    from kg.cli import cli
    from kg.store.workspace import Workspace
    path = folder / "ws"
    Workspace.create(path, baseline=True)
    runner = CliRunner()
    import_sheet(lambda a: runner.invoke(cli, [str(x) for x in a], catch_exceptions=False), path,
                 write_sheet(folder / "leverandorer.csv", VENDOR_HEADER, VENDOR_ROWS), "--network", "Digi Innlandet")
    return path


# SDG_ROWS, by hand (imported for Digi Innlandet, so the owners Hamar and Løten become members):
#   s1 Hamar              9.c
#   s2 Løten (+ Stange)   11.3; 9          (a target and a goal)
#   s3 Elverum            NO-11.3.1        (an indicator of the national set below → 11.3)
#   s4 Digi Innlandet     11.3.1           (the UN's indicator C110301 → 11.3; reaches the members)
#   s5 Hamar              http://metadata.un.org/sdg/4.4   (a target by IRI)
SDG_HEADER = ["id", "tittel", "eier", "kommuner", "bærekraftsmål"]
SDG_ROWS = [
    ["s1", "Bredbånd Hamar", "Hamar", "", "9.c"],
    ["s2", "Arealplan Løten", "Løten", "Stange", "11.3; 9"],
    ["s3", "Planverktøy Elverum", "Elverum", "", "NO-11.3.1"],
    ["s4", "Felles planbase", "Digi Innlandet", "", "11.3.1"],
    ["s5", "Digital kompetanse", "Hamar", "", "http://metadata.un.org/sdg/4.4"],
]

# A hand-written national indicator set: SKOS concepts pointing at the UN's target IRIs.
NATIONAL_TTL = """@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix sdgo: <http://metadata.un.org/sdg/ontology#> .
@prefix sdg: <http://metadata.un.org/sdg/> .
@prefix ssb: <https://example.org/ssb/sdg/> .

ssb:indikatorer a skos:ConceptScheme ;
    skos:prefLabel "Nasjonale indikatorer for bærekraftsmålene"@nb , "National SDG indicators"@en .
ssb:no-11-3-1 a skos:Concept ; skos:inScheme ssb:indikatorer ; skos:notation "NO-11.3.1" ;
    skos:prefLabel "Andel kommuner med oppdatert arealplan"@nb , "Share of municipalities with an up-to-date land-use plan"@en ;
    sdgo:isIndicatorOf sdg:11.3 .
ssb:no-9-c-1 a skos:Concept ; skos:inScheme ssb:indikatorer ; skos:notation "NO-9.c.1" ;
    skos:prefLabel "Andel husholdninger med 100 Mbit/s"@nb , "Share of households with 100 Mbit/s"@en ;
    sdgo:isIndicatorOf sdg:9.c .
"""
