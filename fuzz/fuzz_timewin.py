"""Fuzz the date/window parser (kg.roadmap.timewin): parse_when and parse_duration. A parsed
window must be ordered (earliest <= latest) and shiftable."""
import sys

import atheris

with atheris.instrument_imports():
    from kg.errors import KgError
    from kg.roadmap.timewin import parse_duration, parse_when


def TestOneInput(data: bytes) -> None:
    fdp = atheris.FuzzedDataProvider(data)
    text = fdp.ConsumeUnicodeNoSurrogates(64)
    try:
        w = parse_when(text)
    except KgError:
        w = None
    if w is not None:
        if w.earliest and w.latest:
            assert w.earliest <= w.latest, (text, w)
        try:
            months, days = parse_duration(fdp.ConsumeUnicodeNoSurrogates(8) or "1m")
            w.shifted(months, days)
        except KgError:  # a duration too long, or a shift off the calendar: said, not a crash
            return


if __name__ == "__main__":
    atheris.Setup(sys.argv, TestOneInput)
    atheris.Fuzz()
