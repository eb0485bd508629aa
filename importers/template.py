"""The blank network spreadsheet (``kg import template``): XLSX with drop-down lists for
every closed column, a sheet of instructions with an example row, and a sheet of the
municipalities with their numbers; or a CSV with just the header row.

The lists come from the graph (the workspace, or the shipped reference data when there
is no workspace), so a new regulation or service in the graph shows up in the template.
"""
from __future__ import annotations

import csv
import io
from pathlib import Path

import pyoxigraph as ox

from kg.i18n import best_label
from kg.textsafe import clean_text, workbook_values_only
from kg.tabular import COLUMNS

# closed columns: template kind -> (nb words, en words)
WORDS = {
    "status": (["idé", "planlagt", "pågående", "etablert", "avsluttet", "stanset"],
               ["idea", "planned", "ongoing", "established", "completed", "stopped"]),
    "bool": (["ja", "nei"], ["yes", "no"]),
    "assessment": (["ja", "nei", "ikke relevant"], ["yes", "no", "not relevant"]),
    "risk": (["forbudt", "høy", "begrenset", "minimal"], ["prohibited", "high", "limited", "minimal"]),
    "reuse": (["ja", "plan", "nei"], ["yes", "plan", "no"]),
    "location": (["norge", "eøs", "utenfor-eøs"], ["norway", "eea", "outside-eea"]),
}
EXAMPLE_EN = {"status": "ongoing", "personopplysninger": "yes", "dpia": "yes", "ros": "yes", "fria": "not relevant",
              "risikonivå": "limited", "menneskelig_kontroll": "yes", "gjenbruk": "plan", "datalagring": "norway"}


def shipped_workspace():
    """An in-memory, read-only view of the shipped ontology and reference data, for when
    there is no workspace (the template's lists)."""
    from kg.workspace import RDF_FORMATS, Workspace, shipped_sources, source_iri
    store = ox.Store()
    for name, f in shipped_sources(baseline=True):
        fmt = RDF_FORMATS.get(Path(f).suffix.lstrip(".").lower(), ox.RdfFormat.TURTLE)
        store.bulk_load(path=str(f), format=fmt, to_graph=ox.NamedNode(source_iri(name)))
    return Workspace(Path("."), store, None, False)


def _labelled(ws, cls: str, lang: str) -> list[tuple[str, str]]:
    rows = ws.select("SELECT ?s ?l WHERE { ?s a %s . OPTIONAL { ?s skos:prefLabel ?l } }" % cls)
    labels: dict[str, dict[str, str]] = {}
    for r in rows:
        d = labels.setdefault(r["s"].value, {})
        if "l" in r:
            d.setdefault(r["l"].language or "", r["l"].value)
    from kg.ids import slug
    return sorted((slug(s), best_label(l, lang, slug(s))) for s, l in labels.items())


def vocab(ws, lang: str) -> dict:
    """The lists the template offers, read from the graph."""
    munis = []
    for r in ws.select("""SELECT ?s ?n ?l ?c WHERE { ?s a kg:Municipality ; kg:organisationNumber ?n .
                          OPTIONAL { ?s skos:prefLabel ?l } OPTIONAL { ?s kg:county/skos:prefLabel ?c } }"""):
        munis.append((r["n"].value, r["l"].value if "l" in r else "", r["c"].value if "c" in r else ""))
    seen = {}
    for n, l, c in sorted(munis):
        seen.setdefault(n, (n, l, c))
    principles = []
    for r in ws.select("SELECT ?n ?l WHERE { ?s a kg:Principle ; kg:principleNumber ?n . OPTIONAL { ?s skos:prefLabel ?l FILTER(lang(?l) = '%s') } }" % lang):
        principles.append((r["n"].value, r["l"].value if "l" in r else ""))
    return _clean({
        "municipalities": list(seen.values()),
        "challenges": _labelled(ws, "kg:Challenge", lang),
        "principles": sorted(set(principles), key=lambda x: int(x[0]) if x[0].isdigit() else 99) or
        [(str(i), "") for i in range(1, 6)],
        "regulations": _labelled(ws, "kg:Regulation", lang),
        "services": _labelled(ws, "kg:Service", lang),
        "sdgs": [s.removeprefix("sdg-") for s, _ in _labelled(ws, "sdgo:Target", lang)],
    })


def _clean(v):
    """Labels from the graph without the control characters XLSX cannot hold."""
    if isinstance(v, str):
        return clean_text(v)
    if isinstance(v, dict):
        return {k: _clean(x) for k, x in v.items()}
    if isinstance(v, (list, tuple)):
        return type(v)(_clean(x) for x in v)
    return v


def headers(lang: str) -> list[str]:
    return [c.key if lang == "nb" else c.en for c in COLUMNS]


def write_csv(fh, lang: str = "nb") -> None:
    """The header row only, UTF-8 with BOM and ';' as Excel in Norway expects."""
    buf = io.StringIO()
    csv.writer(buf, delimiter=";", lineterminator="\r\n").writerow(headers(lang))
    fh.write(("\ufeff" + buf.getvalue()).encode("utf-8"))


def write_xlsx(fh, ws, lang: str = "nb", rows: int = 2000) -> None:
    """Write the workbook to a binary stream."""
    from openpyxl import Workbook
    from openpyxl.comments import Comment
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    nb = lang == "nb"
    v = vocab(ws, lang)
    wb = Workbook()
    data = wb.active
    data.title = "Tiltak" if nb else "Initiatives"
    heads = headers(lang)
    data.append(heads)
    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor="DDEBF7")
    req_fill = PatternFill("solid", fgColor="FCE4D6")
    for i, c in enumerate(COLUMNS, start=1):
        cell = data.cell(row=1, column=i)
        cell.font = bold
        cell.fill = req_fill if c.required else fill
        cell.comment = Comment((c.help_nb if nb else c.help_en) + ("\n(påkrevd)" if nb and c.required else
                                                                   "\n(required)" if c.required else ""), "kg")
        data.column_dimensions[get_column_letter(i)].width = max(12, min(40, len(heads[i - 1]) + 6))
    data.freeze_panes = "B2"

    # the lists sheet the drop-downs point at
    lists = wb.create_sheet("Lister" if nb else "Lists")
    columns_of_lists: dict[str, str] = {}

    def add_list(name: str, values: list[str]) -> str | None:
        if not values:
            return None
        col = get_column_letter(len(columns_of_lists) + 1)
        lists[f"{col}1"] = name
        lists[f"{col}1"].font = bold
        for j, x in enumerate(values, start=2):
            lists[f"{col}{j}"] = x
        ref = f"'{lists.title}'!${col}$2:${col}${len(values) + 1}"
        columns_of_lists[name] = ref
        return ref

    for kind, (w_nb, w_en) in WORDS.items():
        add_list(kind, w_nb if nb else w_en)
    add_list("utfordringer" if nb else "challenges", [s for s, _ in v["challenges"]])
    add_list("prinsipper" if nb else "principles", [n for n, _ in v["principles"]])
    add_list("regelverk" if nb else "regulations", [s for s, _ in v["regulations"]])
    add_list("tjeneste" if nb else "service", [s for s, _ in v["services"]])
    add_list("kommuner" if nb else "municipalities", [l or n for n, l, _ in v["municipalities"]])
    add_list("bærekraftsmål" if nb else "sdg_targets", v["sdgs"])
    lists.sheet_state = "hidden"

    last = rows + 1
    for i, c in enumerate(COLUMNS, start=1):
        letter = get_column_letter(i)
        ref, single = None, True
        if c.kind in WORDS:
            ref = columns_of_lists.get(c.kind)
        elif c.kind in ("challenge", "principle", "regulation", "service", "sdg", "municipalities"):
            name = {"challenge": "utfordringer", "principle": "prinsipper", "regulation": "regelverk",
                    "service": "tjeneste", "sdg": "bærekraftsmål", "municipalities": "kommuner"}[c.kind]
            if not nb:
                name = {"utfordringer": "challenges", "prinsipper": "principles", "regelverk": "regulations",
                        "tjeneste": "service", "bærekraftsmål": "sdg_targets", "kommuner": "municipalities"}[name]
            ref, single = columns_of_lists.get(name), False
        elif c.kind == "owner":
            ref = columns_of_lists.get("kommuner" if nb else "municipalities")
            single = False
        if not ref:
            continue
        dv = DataValidation(type="list", formula1=ref, allow_blank=True)
        if single:
            dv.error = "Velg en verdi fra listen." if nb else "Choose a value from the list."
            dv.errorTitle = "Ugyldig verdi" if nb else "Invalid value"
            dv.errorStyle = "stop"
        else:
            # list columns take several values separated by ';' and free names: warn, don't stop
            dv.errorStyle = "information"
            dv.error = ("Flere verdier skilles med ; – andre navn er også lov." if nb else
                        "Separate several values with ; – other names are allowed too.")
        dv.showErrorMessage = True
        dv.add(f"{letter}2:{letter}{last}")
        data.add_data_validation(dv)

    # instructions with an example row
    guide = wb.create_sheet("Veiledning" if nb else "Instructions")
    guide["A1"] = ("Mal for nettverkenes KI-tiltak (kg import)" if nb else
                   "Template for the networks' AI initiatives (kg import)")
    guide["A1"].font = Font(bold=True, size=14)
    intro = ([
        "Én rad per lokalt tiltak i arket «Tiltak». Bare id og tittel må ha verdi; en tom celle er et hull som «kg check» rapporterer.",
        "Lister skilles med semikolon (;) eller linjeskift i cellen. Datoer: 2026, 2026-Q3, 2026-H2, 2026-09, 2026-09-15 eller vindu 2026-Q3/2026-Q4.",
        "Kommuner oppgis med navn eller firesifret nummer (se arket «Kommuner»). ja/nei godtar også yes/no, true/false og 1/0.",
        "Importer med: kg import FIL.xlsx --network \"Digi Innlandet\". En ny import av samme fil erstatter den forrige.",
    ] if nb else [
        "One row per local initiative in the sheet 'Initiatives'. Only id and title must have a value; an empty cell is a gap that 'kg check' reports.",
        "Separate list items with a semicolon (;) or a line break in the cell. Dates: 2026, 2026-Q3, 2026-H2, 2026-09, 2026-09-15 or a window 2026-Q3/2026-Q4.",
        "Municipalities by name or 4-digit number (see the sheet 'Municipalities'). yes/no also accepts ja/nei, true/false and 1/0.",
        "Import with: kg import FILE.xlsx --network \"Digi Innlandet\". Importing the same file again replaces the previous import.",
    ])
    for j, line in enumerate(intro, start=3):
        guide.cell(row=j, column=1, value=line)
    r0 = len(intro) + 4
    guide.cell(row=r0, column=1, value="Kolonne" if nb else "Column").font = bold
    guide.cell(row=r0, column=2, value="Påkrevd" if nb else "Required").font = bold
    guide.cell(row=r0, column=3, value="Betydning" if nb else "Meaning").font = bold
    guide.cell(row=r0, column=4, value="Eksempel" if nb else "Example").font = bold
    for j, c in enumerate(COLUMNS, start=r0 + 1):
        guide.cell(row=j, column=1, value=c.key if nb else c.en)
        guide.cell(row=j, column=2, value=("ja" if nb else "yes") if c.required else "")
        guide.cell(row=j, column=3, value=c.help_nb if nb else c.help_en)
        guide.cell(row=j, column=4, value=c.example if nb else EXAMPLE_EN.get(c.key, c.example))
    r1 = r0 + len(COLUMNS) + 2
    guide.cell(row=r1, column=1, value="Eksempelrad (kan kopieres til «Tiltak»):" if nb else
               "Example row (copy it to 'Initiatives'):").font = bold
    for i, c in enumerate(COLUMNS, start=1):
        guide.cell(row=r1 + 1, column=i, value=heads[i - 1]).font = bold
        guide.cell(row=r1 + 2, column=i, value=c.example if nb else EXAMPLE_EN.get(c.key, c.example))
    guide.column_dimensions["A"].width = 24
    guide.column_dimensions["C"].width = 80
    guide.column_dimensions["D"].width = 30
    for j in range(3, 3 + len(intro)):
        guide.cell(row=j, column=1).alignment = Alignment(wrap_text=False)

    munis = wb.create_sheet("Kommuner" if nb else "Municipalities")
    munis.append(["kommunenummer", "kommune", "fylke"] if nb else ["number", "municipality", "county"])
    for c in munis[1]:
        c.font = bold
    for n, l, county in v["municipalities"]:
        munis.append([n, l, county])
    munis.column_dimensions["A"].width = 16
    munis.column_dimensions["B"].width = 36
    munis.column_dimensions["C"].width = 24
    munis.freeze_panes = "A2"

    wb.move_sheet(lists, offset=len(wb.sheetnames) - 1 - wb.sheetnames.index(lists.title))
    # a label such as =HYPERLINK(…) from the graph stays text in every cell and list
    workbook_values_only(wb)
    out = io.BytesIO()
    wb.save(out)
    fh.write(out.getvalue())
