"""The formatters of exports/diff_report.py: every format, both languages, hostile labels."""
from __future__ import annotations

import json
from datetime import date

import pytest

from diff_builder import Ini, view
from kg.diff.compare import diff
from kg.exports import diff_report

D = date


def pair(label="KI-plan"):
    a = [Ini("plan", label, label, owners=["ks"], start=(D(2026, 1, 1), D(2026, 3, 31)))]
    b = [Ini("plan", label, label, owners=["ks", "digdir"], start=(D(2026, 4, 1), D(2026, 6, 30)))]
    return view(a), view(b)


@pytest.mark.parametrize("fmt", diff_report.FORMATS)
@pytest.mark.parametrize("lang", ["nb", "en"])
def test_every_format_renders_equal_and_different(fmt, lang):
    a, b = pair()
    same = diff_report.render(diff(a, a, lang=lang), fmt=fmt, lang=lang)
    other = diff_report.render(diff(a, b, lang=lang), fmt=fmt, lang=lang)
    assert same != other
    if fmt == "json":
        assert json.loads(same)["equal"] is True and json.loads(other)["counts"]["moved"] == 1
    else:
        assert ("Ingen endringer" if lang == "nb" else "No changes") in same
        assert ("Flyttet i tid" if lang == "nb" else "Moved in time") in other
        assert "KI-plan" in other and "[plan]" in other.replace("\\[", "[").replace("\\]", "]")
        assert ("+3 mnd" if lang == "nb" else "+3 months") in other


def test_output_is_deterministic():
    a, b = pair()
    assert diff_report.render(diff(a, b), fmt="html", lang="nb") == diff_report.render(diff(a, b), fmt="html", lang="nb")


def test_hostile_labels_are_escaped():
    evil = '<script>alert(1)</script> *x* | y'
    a, b = pair(evil)
    page = diff_report.render(diff(a, b), fmt="html", lang="en")
    assert "<script>" not in page and "&lt;script&gt;" in page
    md = diff_report.render(diff(a, b), fmt="md", lang="en")
    assert "<script>" not in md and "\\*x\\*" in md and "\\|" in md


def test_unknown_format():
    a, _ = pair()
    with pytest.raises(ValueError):
        diff_report.render(diff(a, a), fmt="pdf", lang="nb")
