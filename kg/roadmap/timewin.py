"""Uncertain time: a point known to a day, month, quarter, half-year or year, or a window.

``parse_when("2026-Q3/2026-Q4")`` gives ``When(earliest=2026-07-01, latest=2026-12-31)``.
Dependency reasoning uses the ends of the windows: something is *impossible* only if it
fails even at the most favourable ends, and *at risk* if it fits only at favourable ends
(see kg.roadmap.schedule, the scheduling model).
"""
from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

from kg.errors import InputError

MAX_DURATION_MONTHS = 1200  # a move of more than a hundred years is a typing error, not a plan

_YEAR = re.compile(r"^(\d{4})$")
_QUARTER = re.compile(r"^(\d{4})\s*-?\s*[QqKk]([1-4])$")
_HALF = re.compile(r"^(\d{4})\s*-?\s*[Hh]([12])$")
_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")
_DAY = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_NORDIC_DAY = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})$")
_OPEN = re.compile(r"^(.+?)\s*\+$")


@dataclass(frozen=True, order=True)
class When:
    """A point in time known only between ``earliest`` and ``latest`` (None: open end)."""

    earliest: date | None
    latest: date | None
    precision: str = "dag"   # dag, maned, kvartal, halvar, ar or vindu
    notation: str = ""

    @property
    def is_exact(self) -> bool:
        return self.earliest is not None and self.earliest == self.latest

    def shifted(self, months: int = 0, days: int = 0) -> "When":
        return When(_shift(self.earliest, months, days), _shift(self.latest, months, days),
                    self.precision, self.notation and f"{self.notation}{_delta_text(months, days)}")

    def text(self) -> str:
        if self.notation:
            return self.notation
        if self.is_exact:
            return self.earliest.isoformat()
        a = self.earliest.isoformat() if self.earliest else "…"
        b = self.latest.isoformat() if self.latest else "…"
        return f"{a}/{b}"


def _delta_text(months: int, days: int) -> str:
    parts = []
    if months:
        parts.append(f"{months:+d}m")
    if days:
        parts.append(f"{days:+d}d")
    return " (" + " ".join(parts) + ")" if parts else ""


def _shift(d: date | None, months: int, days: int) -> date | None:
    if d is None:
        return None
    from datetime import timedelta
    y, m = divmod(d.month - 1 + months, 12)
    year, month = d.year + y, m + 1
    try:
        last = calendar.monthrange(year, month)[1]
        # the last day of a month stays the last day: 2026-09-30 + 6m is 2027-03-31
        day = last if d.day == calendar.monthrange(d.year, d.month)[1] else min(d.day, last)
        return date(year, month, day) + timedelta(days=days)
    except (ValueError, OverflowError):
        raise InputError(f"{d.isoformat()} moved by {months} months and {days} days is outside the calendar.",
                         f"{d.isoformat()} flyttet {months} måneder og {days} dager er utenfor kalenderen.") from None


def _bounds(text: str) -> tuple[date, date, str]:
    t = text.strip()
    if m := _DAY.match(t):
        d = date(int(m[1]), int(m[2]), int(m[3]))
        return d, d, "dag"
    if m := _NORDIC_DAY.match(t):
        d = date(int(m[3]), int(m[2]), int(m[1]))
        return d, d, "dag"
    if m := _MONTH.match(t):
        y, mo = int(m[1]), int(m[2])
        return date(y, mo, 1), date(y, mo, calendar.monthrange(y, mo)[1]), "maned"
    if m := _QUARTER.match(t):
        y, q = int(m[1]), int(m[2])
        first = 3 * (q - 1) + 1
        return date(y, first, 1), date(y, first + 2, calendar.monthrange(y, first + 2)[1]), "kvartal"
    if m := _HALF.match(t):
        y, h = int(m[1]), int(m[2])
        return (date(y, 1, 1), date(y, 6, 30), "halvar") if h == 1 else (date(y, 7, 1), date(y, 12, 31), "halvar")
    if m := _YEAR.match(t):
        y = int(m[1])
        return date(y, 1, 1), date(y, 12, 31), "ar"
    raise ValueError(t)


def parse_when(text: str, *, file: str | None = None, row: int | None = None,
               column: str | None = None) -> When:
    """Parse '2026', '2026-Q3', '2026-H2', '2026-09', '2026-09-15', '2026-Q3/2026-Q4', '2026+'.

    >>> parse_when("2026-Q3/2026-Q4")
    When(earliest=datetime.date(2026, 7, 1), latest=datetime.date(2026, 12, 31), precision='vindu', notation='2026-Q3/2026-Q4')
    """
    raw = str(text).strip()
    try:
        if m := _OPEN.match(raw):
            a, _, p = _bounds(m[1])
            return When(a, None, "vindu", raw)
        if "/" in raw:
            left, right = (s.strip() for s in raw.split("/", 1))
            a, _, _ = _bounds(left)
            _, b, _ = _bounds(right)
            if b < a:
                raise ValueError(raw)
            return When(a, b, "vindu", raw)
        a, b, p = _bounds(raw)
        return When(a, b, p, raw)
    except ValueError:
        raise InputError(
            f"'{raw}' is not a date kg understands. Use 2026, 2026-Q3, 2026-H2, 2026-09, 2026-09-15 or a window 2026-Q3/2026-Q4.",
            f"«{raw}» er ikke en dato kg forstår. Bruk 2026, 2026-Q3, 2026-H2, 2026-09, 2026-09-15 eller et vindu 2026-Q3/2026-Q4.",
            file=file, row=row, column=column) from None


_DURATION = re.compile(r"^([+-]?\d+)\s*(d|dag|dager|days?|w|uker?|weeks?|m|mnd|md|måneder|months?|q|kv|kvartal|quarters?|h|halvår|y|år|years?)$", re.I)


def parse_duration(text: str) -> tuple[int, int]:
    """'6m' → (6 months, 0 days); also 2q, 1y, 90d, 3w, and Norwegian units ('6 mnd', '1 år')."""
    m = _DURATION.match(str(text).strip())
    if not m:
        raise InputError(
            f"'{text}' is not a duration. Use for example 6m, 2q, 1y, 90d.",
            f"«{text}» er ingen varighet. Bruk for eksempel 6m, 2q, 1y, 90d.")
    n, unit = int(m[1]), m[2].lower()
    if unit[0] == "d":
        out = 0, n
    elif unit[0] in "wu":
        out = 0, 7 * n
    elif unit[0] == "m":
        out = n, 0
    elif unit[0] in "qk":
        out = 3 * n, 0
    elif unit[0] == "h":
        out = 6 * n, 0
    else:
        out = 12 * n, 0
    if out[0] > MAX_DURATION_MONTHS or out[1] > MAX_DURATION_MONTHS * 31:
        raise InputError(
            f"'{text}' is longer than a roadmap can move ({MAX_DURATION_MONTHS // 12} years at most).",
            f"«{text}» er lenger enn et veikart kan flyttes (høyst {MAX_DURATION_MONTHS // 12} år).")
    return out
