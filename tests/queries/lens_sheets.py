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
