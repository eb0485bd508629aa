"""Excel workbooks (XLSX), read with python-calamine (Rust; ~15x faster than openpyxl on
a 10,000-row sheet), or with openpyxl in read-only mode when calamine is not installed.

The data sheet is the first sheet whose first row has an ``id`` and a ``tittel``/``title``
column (or the mapping's columns); the template's instruction and list sheets are skipped.
Dates typed as Excel dates become ISO dates; whole numbers lose their ``.0``.
"""
from __future__ import annotations

from pathlib import Path

from kg.store import limits
from kg.store.parse_limits import check_cells, check_columns
from kg.errors import InputError
from kg.import_results import ImportContext, ImportResult, file_sha256
from kg.importers.tabular.contract import RawTable, cell_text, column_for, convert, header_key


def _sheet_score(headers: list[str], mapping) -> int:
    keys = {column_for(h) for h in headers if h}
    score = len(keys - {None})
    if mapping is not None:
        score += sum(1 for h in headers if header_key(h) in mapping.columns)
    if "id" in keys:
        score += 5
    if "tittel" in keys:
        score += 5
    return score


def _headers(first) -> list[str]:
    headers = [cell_text(v) for v in first]
    while headers and not headers[-1]:
        headers.pop()
    return headers


def _read_calamine(path: Path, mapping) -> RawTable:
    from python_calamine import CalamineWorkbook
    file = str(path)
    limits.check_file_size(path)
    limits.check_zip(path)  # a zip bomb is refused before anything is unpacked
    try:
        wb = CalamineWorkbook.from_path(file)
        best = None
        for name in wb.sheet_names:
            sheet = wb.get_sheet_by_name(name)
            first = sheet.to_python(skip_empty_area=False, nrows=1)
            headers = _headers(first[0] if first else [])
            score = _sheet_score(headers, mapping)
            if best is None or score > best[0]:
                best = (score, name, sheet, headers)
        if best is None:
            raise InputError("the workbook has no sheets.", "arbeidsboken har ingen ark.", file=file)
        _, name, sheet, headers = best
        max_rows = limits.current().max_rows
        if sheet.height > max_rows + 1:
            limits.check_rows(sheet.height - 1, path)
        # the sheet's extent, before a cell is read
        check_columns(len(headers), file)
        check_cells(sheet.width * sheet.height, file)
        data = sheet.to_python(skip_empty_area=False)
    except InputError:
        raise
    except Exception as e:  # noqa: BLE001 - calamine's errors for a damaged or encrypted workbook
        raise _unreadable(e, file) from None
    return RawTable(file, headers, _data_rows(data[1:], path), format="xlsx", sheet=name)


def _data_rows(values, path: Path) -> list[tuple[int, list[str]]]:
    """(row number, cell texts) of each row below the header that is not empty; more
    rows than the limit are refused as soon as they are met."""
    max_rows = limits.current().max_rows
    rows = []
    for i, row in enumerate(values):
        if i >= max_rows:
            limits.check_rows(i + 1, path)
        cells = [cell_text(v) for v in row]
        if any(cells):
            rows.append((i + 2, cells))
    return rows


def read_table(path: Path, *, mapping=None) -> RawTable:
    try:
        import python_calamine  # noqa: F401
    except ImportError:
        return _read_openpyxl(path, mapping)
    return _read_calamine(path, mapping)


def _read_openpyxl(path: Path, mapping=None) -> RawTable:
    file = str(path)
    import openpyxl
    limits.check_file_size(path)
    limits.check_zip(path)  # a zip bomb is refused before openpyxl unpacks anything
    try:
        wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as e:  # noqa: BLE001 - whatever a damaged file makes openpyxl raise
        raise _unreadable(e, file) from None
    try:
        return _read_sheet(wb, file, path, mapping)
    except InputError:
        raise
    except Exception as e:  # noqa: BLE001 - a damaged sheet (bad XML, bad zlib data, bad CRC)
        raise _unreadable(e, file) from None
    finally:
        wb.close()


def _unreadable(e: Exception, file: str) -> InputError:
    """A damaged workbook: openpyxl, zipfile, zlib and the XML parser raise anything from
    KeyError to ParseError; the user gets one clear message (found by fuzzing, issue 8)."""
    what = f"{type(e).__name__}: {e}" if str(e) else type(e).__name__
    return InputError(f"not a readable Excel workbook (damaged: {what[:200]}).",
                      f"ikke en lesbar Excel-arbeidsbok (skadet: {what[:200]}).", file=file)


def _read_sheet(wb, file: str, path: Path, mapping) -> RawTable:
    best = None
    for ws in wb.worksheets:
        it = ws.iter_rows(min_row=1, max_row=1, values_only=True)
        headers = _headers(next(it, None) or ())
        score = _sheet_score(headers, mapping)
        if best is None or score > best[0]:
            best = (score, ws, headers)
    if best is None:
        raise InputError("the workbook has no sheets.", "arbeidsboken har ingen ark.", file=file)
    _, ws, headers = best
    check_columns(len(headers), file)
    check_cells((ws.max_column or 0) * (ws.max_row or 0), file)
    return RawTable(file, headers, _data_rows(ws.iter_rows(min_row=2, values_only=True), path), format="xlsx",
                    sheet=ws.title)


def read(path: Path, *, ctx: ImportContext, fmt: str = "xlsx") -> ImportResult:
    table = read_table(Path(path), mapping=ctx.mapping)
    res = convert(table, ctx, path=str(path), sha256=file_sha256(path))
    return res


ORIGIN_SHEET = "kg"   # the hidden sheet kg import template --network writes


def origin(path: Path) -> dict[str, str]:
    """What the hidden ``kg`` sheet of a pre-filled template says (``network``,
    ``sources``), or {} for any other workbook."""
    try:
        from python_calamine import CalamineWorkbook
        wb = CalamineWorkbook.from_path(str(path))
        if ORIGIN_SHEET not in wb.sheet_names:
            return {}
        data = wb.get_sheet_by_name(ORIGIN_SHEET).to_python()
    except ImportError:
        import openpyxl
        wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
        try:
            if ORIGIN_SHEET not in wb.sheetnames:
                return {}
            data = [list(r) for r in wb[ORIGIN_SHEET].iter_rows(values_only=True)]
        finally:
            wb.close()
    except Exception:  # noqa: BLE001 - a damaged workbook: read_table says so with a clear message
        return {}
    return {cell_text(r[0]): cell_text(r[1]) for r in data if len(r) >= 2 and r[0]}
