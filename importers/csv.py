"""CSV as Excel and people write it: comma- or semicolon-separated (tab too), UTF-8 with
or without BOM, UTF-16 or Windows-1252, quoted cells with line breaks.

Rows are numbered as a spreadsheet numbers them (the header is row 1), so a quoted cell
spanning three lines still counts as one row.
"""
from __future__ import annotations

import csv
import io
import itertools
import re
from pathlib import Path

from kg.store import limits
from kg.errors import InputError
from kg.import_results import ImportContext, ImportResult, Issue, file_sha256
from kg.importers.tabular.contract import RawTable, convert


# a valid UTF-8 multi-byte sequence; in Windows-1252 text these byte pairs are rare
# (they read as Ã¸, Ã¥ …: mojibake), so one of them is evidence that the file is UTF-8
_UTF8_SEQ = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")
MIXED = "mixed"


def decode(data: bytes, file: str) -> tuple[str, str]:
    """(text, encoding name). UTF-8 (BOM or not), UTF-16 with BOM, else Windows-1252 when
    nothing in the file is UTF-8. A file with both UTF-8 sequences and bytes that are not
    UTF-8 is ``MIXED``: decoded with surrogate escapes, for read_table to report."""
    try:
        if data.startswith(b"\xef\xbb\xbf"):
            return data[3:].decode("utf-8", errors="strict"), "utf-8-sig"
        if data.startswith((b"\xff\xfe", b"\xfe\xff")):
            return data.decode("utf-16"), "utf-16"
    except UnicodeDecodeError as e:  # a BOM, then bytes that do not follow it (found by fuzzing)
        raise InputError(f"the file starts with a byte order mark but is not valid {e.encoding} (byte {e.start}).",
                         f"filen begynner med et byte order mark, men er ikke gyldig {e.encoding} (byte {e.start}).",
                         file=file) from None
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    if _UTF8_SEQ.search(data):
        # evidence of UTF-8 (a valid multi-byte sequence) beside bytes that are not: a
        # mixed file. Decoded with the bad bytes kept apart; read_table names their rows.
        return data.decode("utf-8", errors="surrogateescape"), MIXED
    try:
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError as e:
        raise InputError(f"the text is neither UTF-8 nor Windows-1252 (byte {e.start}).",
                         f"teksten er verken UTF-8 eller Windows-1252 (byte {e.start}).", file=file) from None


def delimiter(text: str) -> str:
    """The separator of the header line (outside quotes): ';', ',' or tab."""
    line = []
    quoted = False
    for ch in text:
        if ch == '"':
            quoted = not quoted
        elif ch in "\r\n" and not quoted:
            break
        elif not quoted:
            line.append(ch)
    head = "".join(line)
    counts = {d: head.count(d) for d in (";", ",", "\t")}
    best = max(counts, key=lambda d: (counts[d], d == ";"))
    return best if counts[best] else ","


def read_table(path: Path, *, mapping=None) -> RawTable:
    """The rows of the CSV file ``path``. ``mapping`` is there for the shared signature of
    the tabular importers: it picks a workbook's sheet, and a CSV file holds one table."""
    file = str(path)
    try:
        limits.check_file_size(path)
        data = path.read_bytes()
    except OSError as e:
        raise InputError(f"cannot read: {e.strerror}", f"kan ikke lese: {e.strerror}", file=file) from None
    text, enc = decode(data, file)
    delim = delimiter(text)
    warnings = []
    try:
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delim, quotechar='"', doublequote=True,
                            strict=False)
        records = _bounded_records(reader, file, warnings)
    except csv.Error as e:
        raise InputError(f"not readable as CSV: {e}", f"kan ikke leses som CSV: {e}", file=file) from None
    limits.check_rows(len(records) - 1, path)
    if enc == MIXED:
        _refuse_mixed(records, file)
    if not records:
        raise InputError("the file has no header row.", "filen har ingen overskriftsrad.", file=file)
    headers = [h.strip() for h in records[0]]
    if headers and headers[0].startswith("\ufeff"):
        headers[0] = headers[0].lstrip("\ufeff")
    if len(headers) == 1 and len(records) > 1 and any(len(r) > 1 for r in records[1:]):
        warnings.append(Issue(file, 1, None, None, "the header row has a single column; check the separator",
                              "overskriftsraden har bare én kolonne; sjekk skilletegnet", code="csv-one-column"))
    rows = [(i + 2, r) for i, r in enumerate(records[1:])]
    t = RawTable(file, headers, rows, format="csv", warnings=warnings)
    t.sheet = {";": "semicolon", ",": "comma", "\t": "tab"}[delim] + f", {enc}"  # the report names it in nb
    return t


def _bounded_records(reader, file: str, warnings: list) -> list[list[str]]:
    """The records, read one by one under the row, column and cell limits: a header wider
    than KG_MAX_COLUMNS or more than KG_MAX_CELLS cells in all is refused as soon as it is
    seen; cells of a data row beyond the header are counted, reported and not kept."""
    from kg.store.parse_limits import check_columns, check_cells, limit
    max_rows = limits.current().max_rows
    max_cells = limit("KG_MAX_CELLS")   # read once: check_cells refuses beyond it
    records: list[list[str]] = []
    width = cells = 0
    extra_rows = []
    for rec in itertools.islice(reader, max_rows + 2):
        cells += len(rec)
        if cells > max_cells:
            check_cells(cells, file, len(records) + 1)
        if not records:
            check_columns(len(rec), file)
            width = len(rec)
        elif len(rec) > width and any(c.strip() for c in rec[width:]):
            extra_rows.append(len(records) + 1)
            rec = rec[:width]
        records.append(rec)
    if extra_rows:
        rows = ", ".join(str(r) for r in extra_rows[:10]) + (" …" if len(extra_rows) > 10 else "")
        warnings.append(Issue(file, extra_rows[0], None, None,
                              f"{len(extra_rows)} row(s) have cells to the right of the last column; those cells "
                              f"were not read (rows {rows})",
                              f"{len(extra_rows)} rad(er) har celler til høyre for siste kolonne; de cellene ble "
                              f"ikke lest (rader {rows})", code="cells-beyond-header"))
    return records


def _refuse_mixed(records: list[list[str]], file: str) -> None:
    """Name the cells (row, column) whose bytes are not UTF-8 in a file that is otherwise."""
    headers = records[0] if records else []
    bad = []
    for i, rec in enumerate(records):
        for j, cell in enumerate(rec):
            if any("\udc80" <= ch <= "\udcff" for ch in cell):
                name = headers[j].strip() if i and j < len(headers) and headers[j].strip() else str(j + 1)
                bad.append(f"{file}:{i + 1}:{name}")
    shown = ", ".join(bad[:10]) + (f" (+{len(bad) - 10})" if len(bad) > 10 else "")
    raise InputError(f"the file is UTF-8 except in {len(bad)} cell(s) whose bytes are not (perhaps Windows-1252): "
                     f"{shown}. kg does not guess.",
                     f"filen er UTF-8 unntatt i {len(bad)} celle(r) der bytene ikke er det (kanskje Windows-1252): "
                     f"{shown}. kg gjetter ikke.", file=file,
                     hint_en="Save the file again as UTF-8 (in Excel: CSV UTF-8) after correcting those cells.",
                     hint_nb="Rett disse cellene og lagre filen på nytt som UTF-8 (i Excel: CSV UTF-8).")


def read(path: Path, *, ctx: ImportContext, fmt: str = "csv") -> ImportResult:
    table = read_table(Path(path))
    return convert(table, ctx, path=str(path), sha256=file_sha256(path))
