"""A workbook is read by python-calamine when it is installed, else by openpyxl
(kg.importers.xlsx.read_table): both readers give the same table, row for row, and refuse
the same sheet that has more rows than the limit. A real workbook written by openpyxl."""
from __future__ import annotations

from datetime import date

import pytest

from kg.errors import InputError
from kg.importers import xlsx

pytest.importorskip("python_calamine")   # without it there is only the one reader


def _workbook(path, n_rows: int = 3):
    from openpyxl import Workbook
    wb = Workbook()
    notes = wb.active
    notes.title = "Notater"
    notes.append(["hva", "når"])
    notes.append(["ikke tiltak", "2026"])
    ws = wb.create_sheet("Tiltak")
    ws.append(["id", "tittel", "start", "dpia", None, None])   # empty header cells at the end
    rows = [["t-1", "Første", date(2026, 3, 1), True],
            [None, None, None, None],                          # an empty row: left out
            ["t-3", "Tredje", 2027, False]]
    rows += [[f"t-{k}", f"Nr. {k}", None, None] for k in range(4, n_rows + 1)]
    for r in rows:
        ws.append(r)
    wb.save(path)
    return path


def _trimmed(rows):
    """The rows without empty cells at their ends (openpyxl gives a row as wide as the
    sheet's widest, calamine as its used range: the empty cells past the last value say
    nothing either way)."""
    out = []
    for n, cells in rows:
        cells = list(cells)
        while cells and not cells[-1]:
            cells.pop()
        out.append((n, cells))
    return out


def test_both_readers_give_the_same_table(tmp_path):
    path = _workbook(tmp_path / "tiltak.xlsx")
    fast, plain = xlsx._read_calamine(path, None), xlsx._read_openpyxl(path, None)
    # worked by hand: the sheet with kg's columns wins over the first one; its header
    # without the empty cells; rows numbered as in the spreadsheet (1 is the header),
    # row 3 empty and left out; a date as an ISO date, a whole number as digits
    assert plain.sheet == fast.sheet == "Tiltak"
    assert plain.headers == fast.headers == ["id", "tittel", "start", "dpia"]
    assert [n for n, _ in plain.rows] == [n for n, _ in fast.rows] == [2, 4]
    assert _trimmed(plain.rows) == _trimmed(fast.rows)
    assert plain.rows[0][1][:3] == ["t-1", "Første", "2026-03-01"] and plain.rows[1][1][:3] == ["t-3", "Tredje", "2027"]


def test_both_readers_refuse_more_rows_than_the_limit(tmp_path, monkeypatch):
    path = _workbook(tmp_path / "tiltak.xlsx", n_rows=5)   # 5 data rows (one empty)
    monkeypatch.setenv("KG_MAX_ROWS", "4")
    for read in (xlsx._read_calamine, xlsx._read_openpyxl):
        with pytest.raises(InputError, match="more than 4 rows"):
            read(path, None)
    monkeypatch.setenv("KG_MAX_ROWS", "5")
    assert _trimmed(xlsx._read_calamine(path, None).rows) == _trimmed(xlsx._read_openpyxl(path, None).rows)
