"""Fixtures for the importer tests: a small graph with the names a network sheet uses,
and helpers that write real CSV files (csv module, several encodings) and XLSX (openpyxl)."""
from __future__ import annotations

import csv
import io


TTL = """
kgid:competence a kg:Challenge ; skos:prefLabel "Kompetanse og kapasitet"@nb , "Competence and capacity"@en .
kgid:technical a kg:Challenge ; skos:prefLabel "Tekniske forutsetninger"@nb , "Technical prerequisites"@en .
kgid:prinsipp-1 a kg:Principle ; kg:principleNumber 1 ; skos:prefLabel "Beslutningsstøtte"@nb , "Decision support"@en .
kgid:prinsipp-4 a kg:Principle ; kg:principleNumber 4 ; skos:prefLabel "Deling og gjenbruk"@nb , "Sharing and reuse"@en .
kgid:ki-plattform a kg:Initiative ; skos:prefLabel "KI-plattform for alle kommuner"@nb , "AI platform for all municipalities"@en .
kgid:tale-til-tekst a kg:Service ; skos:prefLabel "Tale til tekst"@nb , "Speech to text"@en .
kgid:digi-innlandet a kg:Network ; skos:prefLabel "Digi Innlandet"@nb , "Digi Innlandet"@en .
"""

HEADER = ["id", "tittel", "tittel_en", "eier", "kommuner", "status", "start", "slutt", "avhenger_av",
          "utfordringer", "prinsipper", "regelverk", "tjeneste", "leverandør", "personopplysninger", "dpia",
          "risikonivå", "bærekraftsmål", "kilde"]
GOOD = [
    ["hamar-tale-01", "Tale til tekst i hjemmetjenesten", "Speech to text in home care", "Hamar", "3403; Løten",
     "pågående", "2026-Q1", "2026-Q3/2026-Q4", "hamar-plattform", "competence", "1; 4", "gdpr", "tale-til-tekst",
     "Eksempel AS", "ja", "ja", "begrenset", "9.c", "https://example.org/sak/1"],
    ["hamar-plattform", "Felles plattform", "Shared platform", "0301", "Unjárga", "planlagt", "2026", "2027",
     "KI-plattform for alle kommuner", "Tekniske forutsetninger", "prinsipp-4", "ai-act", "", "", "", "", "", "", ""],
]


def write_csv(path, rows, *, delimiter=";", encoding="utf-8", bom=False, header=HEADER):
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=delimiter, lineterminator="\r\n")
    w.writerow(header)
    for r in rows:
        w.writerow(r)
    data = buf.getvalue().encode(encoding)
    if bom:
        data = b"\xef\xbb\xbf" + data
    path.write_bytes(data)
    return path


def write_xlsx(path, rows, header=HEADER, title="Tiltak"):
    from openpyxl import Workbook
    wb = Workbook()
    ws = wb.active
    ws.title = title
    ws.append(header)
    for r in rows:
        ws.append(r)
    wb.save(path)
    return path


def graph_of(ws_path, source):
    """The set of triples (as N-Triples strings) of one source."""
    from kg.store.workspace import Workspace
    with Workspace.open(ws_path) as ws:
        return {str(q.triple) for q in ws.source_quads(source)}
