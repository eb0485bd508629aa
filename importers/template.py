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
from kg.importers.tabular.contract import COLUMNS

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
              "risikonivå": "limited", "menneskelig_kontroll": "yes", "gjenbruk": "plan", "datalagring": "norway",
              "exitplan": "yes", "åpne_formater": "yes", "leverandørinformasjon": "yes", "databehandleravtale": "yes"}


def shipped_workspace():
    """An in-memory, read-only view of the shipped ontology and reference data, for when
    there is no workspace (the template's lists)."""
    from kg.store.workspace import RDF_FORMATS, Workspace, shipped_sources, source_iri
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
        "sdgs": _sdg_codes(ws),
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


def _sdg_codes(ws) -> list[str]:
    """What the bærekraftsmål column offers: goals (9), targets (9.c) and indicators by
    notation (9.c.1, and those of any national set imported), in UN order."""
    import re
    codes = set()
    for r in ws.select("SELECT ?x WHERE { { ?x a sdgo:Goal } UNION { ?x a sdgo:Target } }"):
        codes.add(r["x"].value.rsplit("/", 1)[-1])
    for r in ws.select("""SELECT ?x (SAMPLE(?n) AS ?code) WHERE { ?x sdgo:isIndicatorOf ?t ; skos:notation ?n
                          FILTER(DATATYPE(?n) != sdgo:SDGCode && DATATYPE(?n) != sdgo:SDGCodePerm) } GROUP BY ?x"""):
        codes.add(r["code"].value)

    def key(c):
        return [(0, int(p), "") if p.isdigit() else (1, 0, p) for p in re.split(r"[.\-]", c)]
    return sorted(codes, key=lambda c: (not c[:1].isdigit(), key(c)))


def headers(lang: str) -> list[str]:
    return [c.key if lang == "nb" else c.en for c in COLUMNS]


def write_csv(fh, lang: str = "nb") -> None:
    """The header row only, UTF-8 with BOM and ';' as Excel in Norway expects."""
    buf = io.StringIO()
    csv.writer(buf, delimiter=";", lineterminator="\r\n").writerow(headers(lang))
    fh.write(("\ufeff" + buf.getvalue()).encode("utf-8"))


def write_xlsx(fh, ws, lang: str = "nb", rows: int = 2000, network: str | None = None) -> int:
    """Write the workbook to a binary stream. With ``network`` (an IRI), the data sheet is
    pre-filled with the rows that network imported (:func:`network_rows`) and a hidden
    sheet records where they came from, so importing the file again with the same
    ``--network`` replaces that source and, unedited, changes nothing. Returns the number
    of rows written."""
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
    prefilled, sources, extra = network_rows(ws, network, lang) if network else ([], [], [])
    if prefilled:
        keys = [c.key for c in COLUMNS] + extra
        for j, h in enumerate(extra, start=len(COLUMNS) + 1):
            data.cell(row=1, column=j, value=h).font = bold
            data.column_dimensions[get_column_letter(j)].width = max(12, min(40, len(h) + 6))
        rows = max(rows, fill_rows(data, prefilled, keys))
    if network:
        meta = wb.create_sheet(ORIGIN_SHEET)
        for j, (k, val) in enumerate((("network", network), ("sources", ";".join(sources)),
                                      ("rows", str(len(prefilled)))), start=1):
            meta.cell(row=j, column=1, value=k)
            meta.cell(row=j, column=2, value=val).data_type = "s"
        meta.sheet_state = "hidden"

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
    return len(prefilled)


# ------------------------------------------------------------------ a network's own rows
ORIGIN_SHEET = "kg"   # hidden sheet: which source and network a pre-filled template came from (read by xlsx.origin)


def _closed_words(kind: str, lang: str) -> dict[str, str]:
    """Slug of a closed value (status-pagaende, vurdering-ja, …) → the template's word."""
    from kg.i18n import fold
    from kg.importers.tabular.names import CLOSED
    table = CLOSED.get({"bool": ""}.get(kind, kind), {})
    words = WORDS[kind][0 if lang == "nb" else 1]
    out = {}
    for w in words:
        s = table.get(w) or table.get(fold(w))
        if s:
            out.setdefault(s, w)
    return out


def network_rows(ws, network: str, lang: str = "nb") -> tuple[list[tuple[int | None, dict[str, str]]], list[str], list[str]]:
    """The rows a network imported, as kg holds them, in the template's columns.

    Returns (rows, sources, extra headers): each row is (its row number in the file it
    came from, or None; {column key or extra header: cell text}); ``sources`` names the
    import sources the rows came from; extra headers are the columns the network's file
    had beyond the template (kept by the import as notes). Dates are written in the form
    they were given (``2026-Q3/2026-Q4``); a municipality by name unless the name is
    shared by two, then by number; a linked node by its id, or by its name when the import
    itself created it (a new organisation, vendor or service)."""
    from kg.ids import slug
    from kg.store.terms import term_lang, term_value, tsv_rows
    from kg.importers.tabular.names import Resolver
    from kg.roadmap.table import initiative_rows, when_text
    from kg.store.workspace import source_iri

    rows = initiative_rows(ws, network=network, imported_only=True)
    sources = sorted({name for r in rows for name, _, _ in r.origins
                      if any(s.name == name and s.network == network for s in ws.sources())})
    graphs = [source_iri(n) for n in sources]
    if not rows:
        return [], sources, []
    iris = [r.iri for r in rows]
    values = " ".join(f"<{i}>" for i in iris)
    gvalues = " ".join(f"<{g}>" for g in graphs) or "<urn:none>"

    def pairs(where: str, select: str = "?x") -> dict[str, list[list[str]]]:
        got: dict[str, list[list[str]]] = {}
        for r in tsv_rows(ws, "SELECT ?i %s WHERE { VALUES ?i { %s } %s }" % (select, values, where)):
            got.setdefault(r[0], []).append(r[1:])
        return got

    created = {x for (x,) in tsv_rows(ws, "SELECT DISTINCT ?x WHERE { VALUES ?g { %s } GRAPH ?g { ?x a ?t } "
                                          "FILTER(?t IN (kg:Organisation, kg:Vendor, kg:Service)) }" % gvalues)}
    labels: dict[str, dict[str, str]] = {}
    for x, l in tsv_rows(ws, "SELECT ?x ?l WHERE { VALUES ?i { %s } ?i kg:owner|kg:participant|kg:vendor|kg:delivers ?x . "
                             "?x skos:prefLabel ?l }" % values):
        labels.setdefault(x, {}).setdefault(term_lang(l), term_value(l))
    numbers = {x: term_value(n) for x, n in tsv_rows(
        ws, "SELECT ?x ?n WHERE { VALUES ?i { %s } ?i kg:owner|kg:participant ?x . ?x a kg:Municipality ; "
            "kg:organisationNumber ?n }" % values)}
    pnum = {x: term_value(n) for x, n in tsv_rows(ws, "SELECT ?x ?n WHERE { ?x a kg:Principle ; kg:principleNumber ?n }")}
    res = Resolver(ws)

    def org(x: str) -> str:
        lab = labels.get(x, {})
        name = lab.get("nb") or lab.get("") or lab.get("en") or ""
        if x in numbers:
            try:
                if name and res.find("municipality", name) == x:
                    return name
            except Exception:  # noqa: BLE001 - ambiguous or unknown: the number is certain
                pass
            return numbers[x]
        if x in created and name:
            return name
        return slug(x)

    def named(x: str) -> str:
        lab = labels.get(x, {})
        return (lab.get("nb") or lab.get("") or slug(x)) if x in created else slug(x)

    desc = pairs("?i dct:description ?x FILTER(lang(?x) = 'nb' || lang(?x) = '')")
    src = pairs("?i dct:source ?x")
    vendors = pairs("?i kg:vendor ?x")
    notes = pairs("?i kg:note ?x")
    plain = pairs("?i kg:dependsOn ?x")
    system = pairs("?i kg:usesSystem ?s . ?s ?p ?o", "?p ?o")
    local = {r.iri: r.local_id for r in rows}
    words = {k: _closed_words(k, lang) for k in ("status", "assessment", "risk", "reuse", "location")}
    yes, no = WORDS["bool"][0 if lang == "nb" else 1]
    extra: list[str] = []
    out = []
    for r in rows:
        rec = r.rec
        v: dict[str, str] = {"id": r.local_id or rec.id.rsplit("/", 1)[-1]}
        v["tittel"] = rec.labels.get("nb", "")
        v["tittel_en"] = rec.labels.get("en", "")
        v["beskrivelse"] = "\n".join(sorted(term_value(d[0]) for d in desc.get(r.iri, [])))
        v["eier"] = "; ".join(org(x) for x in rec.owners)
        v["kommuner"] = "; ".join(org(x) for x in rec.participants)
        v["status"] = words["status"].get(slug(rec.status or "") if rec.status else "", rec.status or "")
        v["start"], v["slutt"] = when_text(rec.start), when_text(rec.end)
        targets = sorted({term_value(t[0]) for t in plain.get(r.iri, [])} | {d.target for d in rec.deps})
        v["avhenger_av"] = "; ".join(local.get(t) or slug(t) for t in targets)
        v["utfordringer"] = "; ".join(slug(x) for x in rec.challenges)
        v["prinsipper"] = "; ".join(pnum.get(x, slug(x)) for x in rec.principles)
        v["regelverk"] = "; ".join(slug(x) for x in rec.regulations)
        v["tjeneste"] = "; ".join(named(x) for x in rec.services)
        v["leverandør"] = "; ".join(named(term_value(x[0])) for x in vendors.get(r.iri, []))
        v["bærekraftsmål"] = "; ".join(slug(x).removeprefix("sdg-") for x in rec.sdgs)
        v["kilde"] = "; ".join(term_value(x[0]) for x in src.get(r.iri, []))
        for p, o in system.get(r.iri, []):
            key = p.rsplit("#", 1)[-1]
            val = term_value(o)
            if key in ("processesPersonalData", "humanOversight"):
                col = "personopplysninger" if key == "processesPersonalData" else "menneskelig_kontroll"
                v[col] = yes if val == "true" else no
            elif key == "explanation":
                v["forklaring"] = val
            elif key in ("dpia", "ros", "fria", "riskLevel", "reuse", "dataLocation"):
                col = {"riskLevel": "risikonivå", "reuse": "gjenbruk", "dataLocation": "datalagring"}.get(key, key)
                kind = {"riskLevel": "risk", "reuse": "reuse", "dataLocation": "location"}.get(key, "assessment")
                v[col] = words[kind].get(slug(val), slug(val))
        for (n,) in notes.get(r.iri, []):
            h, _, text = term_value(n).partition(": ")
            if h and h not in extra:
                extra.append(h)
            v[h] = text
        rownums = [n for name, _, n in r.origins if name in sources and n is not None]
        out.append((rownums[0] if len(rownums) == 1 else None, {k: x for k, x in v.items() if x}))
    return out, sources, extra


def fill_rows(sheet, rows, heads_keys: list[str]) -> int:
    """Put the rows on the data sheet: at the row number each came from when that is
    free (so a re-import finds each row where it was), the rest after. Returns the last
    row used."""
    used: set[int] = set()
    placed = []
    for num, v in rows:
        if num is not None and num >= 2 and num not in used:
            used.add(num)
            placed.append((num, v))
        else:
            placed.append((None, v))
    nxt = max(used, default=1) + 1
    last = max(used, default=1)
    for num, v in placed:
        if num is None:
            num = nxt
            nxt += 1
        last = max(last, num)
        for i, key in enumerate(heads_keys, start=1):
            if v.get(key):
                cell = sheet.cell(row=num, column=i, value=clean_text(v[key]))
                cell.data_type = "s"   # text as given: never a formula, a date or a number
    return last
