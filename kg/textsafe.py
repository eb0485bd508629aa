"""Making user text safe for the places it ends up in."""
from __future__ import annotations

import re

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_safe(text: str) -> str:
    """A spreadsheet cell that starts with = + - @ (or tab/CR) would run as a formula in
    Excel or LibreOffice; prefix it with ' so it stays text. Plain numbers pass."""
    if text[:1] in _FORMULA_START:
        try:
            float(text)
            return text
        except ValueError:
            return "'" + text
    return text


# C0 controls other than tab, line feed and carriage return, DEL and C1 controls,
# surrogates, and the noncharacters (U+FDD0–U+FDEF and U+xFFFE/U+xFFFF of every plane):
# none is allowed in XML 1.0 (graphviz, GraphML, XLSX) and none belongs in a label.
ODD_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef"
                  + "".join(f"{chr(p + 0xFFFE)}{chr(p + 0xFFFF)}" for p in range(0, 0x110000, 0x10000)) + "]")
# the same characters as a set: ``ODD_SET.isdisjoint(text)`` looks at each character once
# with a hash, several times quicker than the class above on long clean text
ODD_SET = frozenset([chr(c) for lo, hi in ((0x00, 0x08), (0x0B, 0x0C), (0x0E, 0x1F), (0x7F, 0x9F), (0xD800, 0xDFFF),
                                           (0xFDD0, 0xFDEF)) for c in range(lo, hi + 1)]
                    + [chr(p + d) for p in range(0, 0x110000, 0x10000) for d in (0xFFFE, 0xFFFF)])


def odd_characters(text: str) -> list[str]:
    """The control characters and noncharacters in ``text``, as U+XXXX names."""
    return sorted({f"U+{ord(c):04X}" for c in ODD_CHARS.findall(text)})


def clean_text(text: str) -> str:
    """``text`` with every control character and noncharacter replaced by U+FFFD (the
    replacement character), so that it is still visible that something was there."""
    return ODD_CHARS.sub("\ufffd", text) if ODD_CHARS.search(text) else text


def workbook_values_only(wb) -> None:
    """Make every cell of an openpyxl workbook a value: a string that openpyxl took for a
    formula (it starts with '=') becomes a string cell again, and odd characters that
    XLSX cannot hold are replaced. Call it right before saving; duck-typed, so kg's core
    needs no openpyxl."""
    for sheet in wb.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.data_type == "f" or isinstance(cell.value, str):
                    value = clean_text(str(cell.value))
                    cell.value = None
                    cell._value = value   # set directly: the setter would read '=' as a formula
                    cell.data_type = "s"


_TERMINAL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def terminal_text(text: str) -> str:
    """Text for a terminal: every control character but tab and line feed (the escape
    that starts colour, cursor and window-title sequences; carriage return, which
    overwrites a line) becomes U+FFFD, so a label can never drive the terminal."""
    return _TERMINAL.sub("\ufffd", text) if _TERMINAL.search(text) else text


def md_text(text: str) -> str:
    """Text for one Markdown line or table cell: shown as written, never as markup (no
    table column, emphasis, link, code or raw HTML), on one line."""
    text = terminal_text(" ".join(str(text).splitlines()))
    return "".join("\\" + ch if ch in "\\`*_[]<>|#!&" else ch for ch in text)
