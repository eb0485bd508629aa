"""Making user text safe for the places it ends up in."""
from __future__ import annotations

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
