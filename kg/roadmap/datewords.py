"""Dates in the words a reader uses: "1. januar 1970" / "1 January 1970", and windows
("mellom 2. august og 31. desember 2026") where a date is not yet fixed.

Machine output (JSON, CSV) keeps ISO dates; these are for text a person reads.

Example::

    >>> long_date(date(1970, 1, 1), "nb"), long_date(date(1970, 1, 1), "en")
    ('1. januar 1970', '1 January 1970')
    >>> between(date(2026, 8, 2), date(2026, 12, 31), "en")
    'between 2 August and 31 December 2026'
"""
from __future__ import annotations

from datetime import date

MONTHS = {
    "nb": ("januar", "februar", "mars", "april", "mai", "juni", "juli", "august", "september",
           "oktober", "november", "desember"),
    "en": ("January", "February", "March", "April", "May", "June", "July", "August", "September",
           "October", "November", "December"),
}


def long_date(d: date, lang: str = "nb", *, year: bool = True) -> str:
    m = MONTHS["nb" if lang == "nb" else "en"][d.month - 1]
    if lang == "nb":
        return f"{d.day}. {m}" + (f" {d.year}" if year else "")
    return f"{d.day} {m}" + (f" {d.year}" if year else "")


def between(e: date, l: date, lang: str = "nb") -> str:
    """'between 2 August and 31 December 2026' (the year once when both share it)."""
    same = e.year == l.year
    a, b = long_date(e, lang, year=not same), long_date(l, lang)
    return f"mellom {a} og {b}" if lang == "nb" else f"between {a} and {b}"


def applies_since(e: date | None, l: date | None, on: date, lang: str = "nb") -> str:
    """When a rule applies, seen from ``on``: 'since 1 January 1970', 'from 2 August 2027',
    'from a date between 2 August and 31 December 2026', or '' without a date."""
    nb = lang == "nb"
    if e is None and l is None:
        return ""
    e, l = e or l, l or e
    if e == l:
        if e <= on:
            return f"siden {long_date(e, lang)}" if nb else f"since {long_date(e, lang)}"
        return f"fra {long_date(e, lang)}" if nb else f"from {long_date(e, lang)}"
    if l <= on:
        return (f"senest siden {long_date(l, lang)}" if nb else f"since {long_date(l, lang)} at the latest")
    return f"fra en dato {between(e, l, lang)}" if nb else f"from a date {between(e, l, lang)}"
