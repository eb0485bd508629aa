"""Import: a 10,000-row network spreadsheet into the generated workspace (SPEC: within 15 s).

``import-rows``          kg import rows.xlsx --network digi-innlandet — 10,000 rows, XLSX
``import-rows-csv``      the same rows as a semicolon CSV (target ≤ 6 s at 1M); reference
                         ``oxigraph-bulk``: the bulk loader alone on the same triples
``import-rows-again``    the same XLSX again: nothing changes, nothing is written
``import-rows-100``      100 rows (make_rows(100)) as CSV into a fresh copy of the workspace
                         (target ≤ 1 s at 1M: the fixed costs of an import — opening, name
                         lookups, the write — not the rows)
``import-rows-1000``     1,000 of the rows (CSV) into a copy of its own (every size, 10M included;
                         the other steps run up to TEN_THOUSAND_MAX_SIZE)

Set-up (not timed): the rows are written with openpyxl / the csv module into a scratch
folder; a private copy of the workspace takes the imports. Every 50th row has an error
(an unknown municipality), so the row report is exercised too (exit code 1).
"""
from __future__ import annotations

import csv
import random

ROWS = 10_000
MAX_SIZE = None                      # import-rows-1000 runs at every size
TEN_THOUSAND_MAX_SIZE = "2m"
DUMP = ("import sys, pyoxigraph as ox; s = ox.Store.read_only(sys.argv[1]); open(sys.argv[2], 'wb').write("
        "s.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.NamedNode('https://w3id.org/kommune-ki/source/rows-csv')))")
BULK = ("import sys, pyoxigraph as ox; s = ox.Store(sys.argv[2]); "
        "s.bulk_load(path=sys.argv[1], format=ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode('urn:x:rows')); s.flush()")
HEADER = ["id", "tittel", "tittel_en", "beskrivelse", "eier", "kommuner", "status", "start", "slutt", "avhenger_av",
          "utfordringer", "prinsipper", "regelverk", "tjeneste", "leverandør", "personopplysninger", "dpia", "ros",
          "fria", "risikonivå", "menneskelig_kontroll", "forklaring", "gjenbruk", "datalagring", "bærekraftsmål", "kilde"]
MUNIS = ["3403", "3405", "3407", "Løten", "Stange", "Elverum", "Åmot", "Gjøvik", "Lillehammer", "0301", "Unjárga"]
STATUS = ["idé", "planlagt", "pågående", "etablert"]


def make_rows(n: int = ROWS, seed: int = 7) -> list[list]:
    rnd = random.Random(seed)
    rows = []
    for i in range(n):
        start = 2025 + rnd.randrange(3)
        row = [f"r-{i:05d}", f"Lokalt KI-tiltak {i}", f"Local AI initiative {i}", "Beskrivelse\nover to linjer",
               rnd.choice(MUNIS), "; ".join(rnd.sample(MUNIS, 2)), rnd.choice(STATUS), f"{start}-Q{rnd.randint(1, 4)}",
               f"{start + 1}", f"r-{i - 1:05d}" if i and rnd.random() < 0.3 else "ki-plattform" if rnd.random() < 0.1 else "",
               rnd.choice(["competence", "technical", "regulation; economy"]), rnd.choice(["1", "2; 4", "5"]),
               rnd.choice(["gdpr", "ai-act; gdpr", "ki-loven"]), rnd.choice(["tale-til-tekst", "bemanningsplanlegging", ""]),
               rnd.choice(["Leverandør A AS", "Leverandør B AS", ""]), rnd.choice(["ja", "nei", ""]),
               rnd.choice(["ja", "nei", "ikke relevant"]), "ja", "", rnd.choice(["høy", "begrenset", "minimal"]),
               "ja", "", rnd.choice(["ja", "plan", "nei"]), rnd.choice(["norge", "eøs"]), rnd.choice(["9.c", "11.3", ""]),
               "https://example.org/sak/%d" % i]
        if i % 50 == 49:
            row[5] = "Atlantis"
        rows.append(row)
    return rows


def write_files(folder, rows):
    from openpyxl import Workbook
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Tiltak")
    ws.append(HEADER)
    for r in rows:
        ws.append(r)
    xlsx = folder / "rows.xlsx"
    wb.save(xlsx)
    csvf = folder / "rows-csv.csv"
    with open(csvf, "w", encoding="utf-8-sig", newline="") as fh:
        w = csv.writer(fh, delimiter=";")
        w.writerow(HEADER)
        w.writerows(rows)
    return xlsx, csvf


def run(ctx):
    if not ctx.wants("import-rows"):
        return
    if ctx.selected("import-rows-1000"):
        _thousand(ctx)
    if ctx.larger_than(TEN_THOUSAND_MAX_SIZE):
        ctx.skip("import-rows", f"the 10,000- and 100-row imports run up to {TEN_THOUSAND_MAX_SIZE}; "
                               "at larger sizes import-rows-1000 times the import")
        return
    if not any(ctx.selected(s) for s in ("import-rows", "import-rows-again", "import-rows-csv", "import-rows-100")):
        return
    folder = ctx.scratch("import-rows-files")
    xlsx, csvf = write_files(folder, make_rows())
    ws = ctx.copy_workspace("import-rows-ws")
    args = ["import", xlsx, "--network", "digi-innlandet", "--format", "json"]
    note = f"{ROWS} rows into the {ctx.size} workspace"
    r = run_import(ctx, "import-rows", ws, xlsx)
    if r is None:
        return
    ctx.record("import-rows", r.seconds, r.peak_mb, note=f"{note}; {_counts(r)}")
    r2 = ctx.measure([ctx.kg, "--data", ws] + args)
    if r2.returncode in (0, 1) and r2.json()["files"][0]["status"] == "unchanged":
        ctx.record("import-rows-again", r2.seconds, r2.peak_mb, note="same file: unchanged, nothing written")
    else:
        ctx.fail("import-rows-again", f"exit {r2.returncode}: {r2.stdout[-300:]} {r2.stderr[-300:]}")
    r3 = run_import(ctx, "import-rows-csv", ws, csvf)
    if r3 is not None:
        # reference: Oxigraph's bulk loader alone, the same triples into an empty store (the
        # floor of the write; the N-Triples are dumped from the workspace, untimed)
        nt = folder / "rows-csv.nt"
        ctx.measure([ctx.python, "-c", DUMP, ws / "store", nt])
        ref = ctx.measure([ctx.python, "-c", BULK, nt, ctx.scratch("import-rows-ref") / "store"])
        ctx.record("import-rows-csv", r3.seconds, r3.peak_mb, "oxigraph-bulk", ref.seconds if not ref.returncode else None,
                   note=note + " (CSV)")
    if ctx.selected("import-rows-100"):
        _, small = write_files(ctx.scratch("import-rows-100-files"), make_rows(100))
        ws100 = ctx.copy_workspace("import-rows-100-ws")
        # reference: `kg sources` on the same workspace (start-up, opening it, one catalog read)
        ctx.run("import-rows-100", [ctx.kg, "--data", ws100, "import", small, "--network", "digi-innlandet",
                                    "--format", "json"], ok_codes=(0, 1),
                reference=("kg-sources", [ctx.kg, "--data", ws100, "sources"]),
                note=f"100 rows (CSV) into the {ctx.size} workspace")


def run_import(ctx, step: str, ws, path):
    """``kg import PATH --network digi-innlandet`` into ``ws``, measured (the rows with an
    unknown municipality make exit 1); None, with ``step`` recorded as failed, if it fails."""
    r = ctx.measure([ctx.kg, "--data", ws, "import", path, "--network", "digi-innlandet", "--format", "json"])
    if r.returncode not in (0, 1):
        ctx.fail(step, f"exit {r.returncode}: {r.stderr[-600:]}")
        return None
    return r


def _counts(r) -> str:
    """What the import's JSON report says it did with the rows."""
    rep = r.json()["files"][0]
    return f"{rep['accepted']} accepted, {rep['rejected']} rejected, {rep['triples']} triples"


def _thousand(ctx) -> None:
    _, csvf = write_files(ctx.scratch("import-rows-1000-files"), make_rows(1000))
    ws = ctx.copy_workspace("import-rows-1000-ws")
    r = run_import(ctx, "import-rows-1000", ws, csvf)
    if r is None:
        return
    ctx.record("import-rows-1000", r.seconds, r.peak_mb, note=f"1,000 rows (CSV) into the {ctx.size} workspace; "
               f"{_counts(r)}")
