"""Dates as planners write them, read as the windows kg keeps (:mod:`kg.roadmap.timewin`).

``read_when("høst 2026")`` gives the window 2026-H2 and a note naming the reading, so
the import can warn "'høst 2026' read as 2026-H2 (2026-07-01–2026-12-31)". Every
date is kept in one ISO notation (``2026-H2``, ``2026-Q3``, ``2026-09``,
``2026-09-15``, ``2026-Q3/2026-Q4``, ``2026+``), whatever was typed, so tables,
diagrams, diffs and the board show one form.

Read (case and accents do not matter):

==========================================  ==================================
``høst 2026``, ``høsten 2026``, ``autumn``   ``2026-H2``
``vår 2026``, ``våren 2026``, ``spring``     ``2026-H1``
``sommer 2026``, ``summer``                  ``2026-06/2026-08``
``Q3 2026``, ``K3 2026``, ``2026 Q3``        ``2026-Q3``
``3. kvartal 2026``, ``tredje kvartal``      ``2026-Q3``
``1. halvår 2026``, ``H1 2026``              ``2026-H1``
``primo 2026`` / ``medio`` / ``ultimo``      ``2026-01/2026-02`` / ``2026-06/2026-07`` / ``2026-11/2026-12``
``uke 36 2026``, ``week 36 2026``, ``2026-W36``  ``2026-08-31/2026-09-06`` (ISO week, Monday–Sunday)
``september 2026``, ``sep. 2026``            ``2026-09``
``15.09.2026``                               ``2026-09-15``
``Q3/Q4 2026``, ``høst 2026/vår 2027``      a window of the two
==========================================  ==================================

Anything else is an error with a suggestion when one is near ("høsr 2026" → "høst 2026").
"""
from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from datetime import date

from kg.errors import InputError
from kg.i18n import fold
from kg.roadmap.timewin import When, parse_when

MONTHS = {"januar": 1, "jan": 1, "january": 1, "februar": 2, "feb": 2, "february": 2, "mars": 3, "mar": 3,
          "march": 3, "april": 4, "apr": 4, "mai": 5, "may": 5, "juni": 6, "jun": 6, "june": 6, "juli": 7,
          "jul": 7, "july": 7, "august": 8, "aug": 8, "september": 9, "sep": 9, "sept": 9, "oktober": 10,
          "okt": 10, "october": 10, "oct": 10, "november": 11, "nov": 11, "desember": 12, "des": 12,
          "december": 12, "dec": 12}
SEASONS = {**dict.fromkeys(("host", "hosten", "autumn", "fall"), "{y}-H2"),
           **dict.fromkeys(("var", "varen", "spring"), "{y}-H1"),
           **dict.fromkeys(("sommer", "sommeren", "summer"), "{y}-06/{y}-08"),
           **dict.fromkeys(("primo", "early", "tidlig", "begynnelsen av", "starten av"), "{y}-01/{y}-02"),
           **dict.fromkeys(("medio", "mid", "midten av", "mid-"), "{y}-06/{y}-07"),
           **dict.fromkeys(("ultimo", "late", "sent", "slutten av", "end of"), "{y}-11/{y}-12")}
ORDINAL = {"1": 1, "2": 2, "3": 3, "4": 4, "forste": 1, "andre": 2, "tredje": 3, "fjerde": 4,
           "first": 1, "second": 2, "third": 3, "fourth": 4}
_WORDS = sorted(set(MONTHS) | set(SEASONS) | {"kvartal", "halvar", "uke", "week", "quarter", "half"})
# folded words as a person writes them, for a suggestion
_SPELLED = {"host": "høst", "hosten": "høsten", "var": "vår", "varen": "våren", "halvar": "halvår",
            "forste": "første"}

_Y = r"(\d{4})"
_QUARTER_WORDS = r"(?:kvartal|kv|quarter)"
_HALF_WORDS = r"(?:halvar|halvaret|half|half-year|halvdel)"


@dataclass(frozen=True)
class Reading:
    """How a date phrase was read: the ISO notation, and (en, nb) for the warning."""

    notation: str
    en: str
    nb: str


def _canon(t: str) -> str | None:
    """The ISO notation of one phrase (folded text), or None."""
    t = t.strip().rstrip(".").strip()
    m = re.fullmatch(r"(.+?)\s+" + _Y, t)
    if m and m[1] in SEASONS:
        return SEASONS[m[1]].format(y=m[2])
    if m and m[1].rstrip(".") in MONTHS:
        return f"{m[2]}-{MONTHS[m[1].rstrip('.')]:02d}"
    if m := re.fullmatch(r"[qk]\s*([1-4])\s*[-/ ,]?\s*" + _Y, t):
        return f"{m[2]}-Q{m[1]}"
    if m := re.fullmatch(_Y + r"\s*[-/ ,]?\s*[qk]\s*([1-4])", t):
        return f"{m[1]}-Q{m[2]}"
    if m := re.fullmatch(r"h\s*([12])\s*[-/ ,]?\s*" + _Y, t):
        return f"{m[2]}-H{m[1]}"
    if m := re.fullmatch(_Y + r"\s*[-/ ,]?\s*h\s*([12])", t):
        return f"{m[1]}-H{m[2]}"
    if m := re.fullmatch(r"(\w+)\.?\s*" + _QUARTER_WORDS + r"\.?\s+" + _Y, t):
        if m[1] in ORDINAL and ORDINAL[m[1]] <= 4:
            return f"{m[2]}-Q{ORDINAL[m[1]]}"
    if m := re.fullmatch(r"(\w+)\.?\s*" + _HALF_WORDS + r"\.?\s+" + _Y, t):
        if m[1] in ORDINAL and ORDINAL[m[1]] <= 2:
            return f"{m[2]}-H{ORDINAL[m[1]]}"
    week = (re.fullmatch(r"(?:uke|veke|week|wk|u|w)\.?\s*(\d{1,2})\s*[-/ ,]?\s*(?:i\s+|in\s+)?" + _Y, t)
            or re.fullmatch(_Y + r"\s*[- ]?\s*(?:uke|week|w)\s*(\d{1,2})", t))
    if week:
        n, y = (int(week[1]), int(week[2])) if len(week[1]) <= 2 else (int(week[2]), int(week[1]))
        try:
            a, b = date.fromisocalendar(y, n, 1), date.fromisocalendar(y, n, 7)
        except ValueError:
            return None
        return f"{a.isoformat()}/{b.isoformat()}"
    if m := re.fullmatch(r"(\d{1,2})\.(\d{1,2})\.(\d{4})", t):
        try:
            return date(int(m[3]), int(m[2]), int(m[1])).isoformat()
        except ValueError:
            return None
    if m := re.fullmatch(_Y + r"\s*[-]?\s*([qh])\s*(\d)", t):
        return f"{m[1]}-{m[2].upper()}{m[3]}"
    if m := re.fullmatch(_Y + r"-(\d)", t):   # 2026-9
        return f"{m[1]}-0{m[2]}"
    return None


def _iso(t: str) -> str | None:
    """The notation if ``t`` already is one kg reads (2026, 2026-Q3, 2026-09 …), upper-cased."""
    t = t.strip()
    if re.fullmatch(r"\d{4}(?:-(?:[QqHh]\d|\d{2}(?:-\d{2})?))?\+?", t):
        return t.upper()
    return None


def _one(t: str) -> str | None:
    return _iso(t) or _canon(fold(t))


def reading(text: str) -> Reading | None:
    """How ``text`` is read, when it is not already in ISO notation; None when it is, or
    when it cannot be read (then :func:`read_when` raises with a suggestion)."""
    raw = " ".join(str(text).split())
    if _iso(raw):
        return None
    canon = _one(raw)
    if canon is None:
        # a window of two phrases: "Q3/Q4 2026", "høst 2026/vår 2027", "2026–2027"
        parts = [p.strip() for p in re.split(r"\s*(?:/|–|—|\s-\s|\bto\b|\btil\b)\s*", raw) if p.strip()]
        if len(parts) == 2:
            a, b = _one(parts[0]), _one(parts[1])
            if a is None and b is not None:   # "Q3/Q4 2026": the year is written once
                year = re.search(r"\d{4}", parts[1])
                a = _one(f"{parts[0]} {year[0]}") if year else None
            if a and b:
                left = a.split("/")[0]
                right = b.split("/")[-1]
                canon = f"{left}/{right}"
    if canon is None or canon == raw:
        return None
    try:
        w = parse_when(canon)
    except InputError:
        return None
    span = w.earliest.isoformat() + ("" if w.is_exact else f"–{w.latest.isoformat()}" if w.latest else "–")
    return Reading(canon, f"'{raw}' read as {canon} ({span})", f"«{raw}» lest som {canon} ({span})")


def suggestion(text: str) -> str | None:
    """A phrase close to ``text`` that kg reads, with its reading ("høst 2026 (2026-H2)")."""
    raw = " ".join(str(text).split())
    year = re.search(r"\d{4}", raw)
    words = [w for w in re.split(r"[\s.,]+", fold(raw)) if w and not w.isdigit()]
    if not year:
        return None
    for w in words:
        near = difflib.get_close_matches(w, _WORDS, n=1, cutoff=0.7)
        if near and near[0] != w:
            fixed = re.sub(re.escape(w), near[0], fold(raw), count=1)
            r = reading(fixed)
            if r:
                shown = " ".join(_SPELLED.get(x, x) for x in fixed.split())
                return f"'{shown}' ({r.notation})"
    return None


def read_when(text: str, *, file: str | None = None, row: int | None = None,
              column: str | None = None) -> tuple[When, Reading | None]:
    """The window ``text`` stands for, and how it was read when it was a phrase.

    The When's notation is the ISO form. Raises :class:`InputError` with a suggestion."""
    raw = " ".join(str(text).split())
    r = reading(raw)
    try:
        w = parse_when(r.notation if r else (_iso(raw) or raw), file=file, row=row, column=column)
    except InputError as e:
        hint = suggestion(raw)
        if hint:
            raise InputError(f"{e.en} Did you mean {hint}?", f"{e.nb} Mente du {hint.replace(chr(39), '«', 1).replace(chr(39), '»', 1)}?",
                             file=file, row=row, column=column) from None
        raise
    if r is None and w.notation != raw:
        return w, None
    return w, r
