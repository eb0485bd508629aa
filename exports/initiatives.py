"""`kg export initiatives`: one row per initiative, as XLSX or CSV.

The XLSX has a bold header row, an auto filter over every column and frozen panes (the
header and the id column stay in view). It is formula-safe: every cell holds a value,
and a text that starts with ``=``, ``+``, ``-`` or ``@`` is stored as text (a string
cell), never as a formula. The CSV is UTF-8 with a BOM and ``;`` as Excel in Norway
expects, with such texts prefixed by ``'`` (:func:`kg.textsafe.csv_safe`).

Example::

    from kg.roadmap.table import initiative_rows, initiatives_table
    table = initiatives_table(ws, initiative_rows(ws), "nb")
    with open("tiltak.xlsx", "wb") as fh:
        write_xlsx(fh, table, "nb")
"""
from __future__ import annotations

import csv
import io

from kg.results import Table
from kg.textsafe import csv_safe

FORMATS = ("xlsx", "csv")


def _value(key: str, v):
    if key == "row" and isinstance(v, str) and v.isdigit():
        return int(v)
    return v if v not in (None, "") else None


def write_xlsx(fh, table: Table, lang: str = "nb") -> int:
    """Write the table as one sheet; returns the number of data rows."""
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill
    from openpyxl.utils import get_column_letter

    wb = Workbook()
    sh = wb.active
    sh.title = table.title(lang)[:31] or "Tiltak"
    heads = [c.header(lang) for c in table.columns]
    sh.append(heads)
    bold, fill = Font(bold=True), PatternFill("solid", fgColor="DDEBF7")
    widths = [len(h) for h in heads]
    for i in range(1, len(heads) + 1):
        sh.cell(row=1, column=i).font = bold
        sh.cell(row=1, column=i).fill = fill
    for r, row in enumerate(table.rows, start=2):
        for i, c in enumerate(table.columns, start=1):
            v = _value(c.key, row.get(c.key))
            cell = sh.cell(row=r, column=i, value=v)
            if isinstance(v, str):
                # openpyxl takes a string that starts with '=' for a formula: say it is text
                cell.data_type = "s"
                widths[i - 1] = max(widths[i - 1], min(60, len(v)))
    for i, w in enumerate(widths, start=1):
        sh.column_dimensions[get_column_letter(i)].width = max(8, min(60, w + 2))
    last = get_column_letter(len(heads))
    sh.auto_filter.ref = f"A1:{last}{max(1, len(table.rows) + 1)}"
    sh.freeze_panes = "B2"
    out = io.BytesIO()
    wb.save(out)
    fh.write(out.getvalue())
    return len(table.rows)


def write_csv(fh, table: Table, lang: str = "nb") -> int:
    """UTF-8 with BOM, ';'-separated; returns the number of data rows."""
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=";", lineterminator="\r\n")
    w.writerow([c.header(lang) for c in table.columns])
    for row in table.rows:
        w.writerow([csv_safe(str(row.get(c.key) or "")) for c in table.columns])
    fh.write(("\ufeff" + buf.getvalue()).encode("utf-8"))
    return len(table.rows)
