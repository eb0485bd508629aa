from datetime import date

import pytest

from kg.errors import InputError
from kg.roadmap.timewin import parse_duration, parse_when


@pytest.mark.parametrize("text,earliest,latest,precision", [
    ("2026", date(2026, 1, 1), date(2026, 12, 31), "ar"),
    ("2026-Q3", date(2026, 7, 1), date(2026, 9, 30), "kvartal"),
    ("2026-H2", date(2026, 7, 1), date(2026, 12, 31), "halvar"),
    ("2026-H1", date(2026, 1, 1), date(2026, 6, 30), "halvar"),
    ("2026-02", date(2026, 2, 1), date(2026, 2, 28), "maned"),
    ("2026-09-15", date(2026, 9, 15), date(2026, 9, 15), "dag"),
    ("15.09.2026", date(2026, 9, 15), date(2026, 9, 15), "dag"),
    ("2026-Q3/2026-Q4", date(2026, 7, 1), date(2026, 12, 31), "vindu"),
    ("2026+", date(2026, 1, 1), None, "vindu"),
])
def test_parse_when(text, earliest, latest, precision):
    w = parse_when(text)
    assert (w.earliest, w.latest, w.precision, w.notation) == (earliest, latest, precision, text)


@pytest.mark.parametrize("bad", ["2026-Q5", "26", "2026-13", "soon", "2027/2026", ""])
def test_bad_dates_name_the_place(bad):
    with pytest.raises(InputError) as e:
        parse_when(bad, file="x.csv", row=3, column="start")
    assert e.value.en.startswith("x.csv:3:start: ")
    assert "2026-Q3" in e.value.nb


def test_shift_keeps_month_ends():
    w = parse_when("2026-Q3").shifted(6)
    assert (w.earliest, w.latest) == (date(2027, 1, 1), date(2027, 3, 31))


@pytest.mark.parametrize("text,expected", [("6m", (6, 0)), ("2q", (6, 0)), ("1y", (12, 0)),
                                           ("90d", (0, 90)), ("6 mnd", (6, 0)), ("1 år", (12, 0)), ("-3m", (-3, 0))])
def test_parse_duration(text, expected):
    assert parse_duration(text) == expected


def test_bad_duration():
    with pytest.raises(InputError):
        parse_duration("half a year")


def test_a_duration_beyond_a_hundred_years_is_refused():
    # found by the timewin fuzz target: "50909q" (152,727 months) moved year 90 past 9999
    assert parse_duration("100y") == (1200, 0) and parse_duration("400q") == (1200, 0)
    for text in ("101y", "50909q", "40000d"):
        with pytest.raises(InputError) as e:
            parse_duration(text)
        assert "100" in e.value.message("en") and "100" in e.value.message("nb")
    # a shift that leaves the calendar is an input error, not a crash
    with pytest.raises(InputError):
        parse_when("9999").shifted(1200, 0)
