"""The report's escaping (kg.exports.report.e, one translation table) gives what
html.escape(quote=True) gives after the control characters are dropped, and its JSON list
of names what json.dumps gives: checked over random strings of the characters that matter."""
from __future__ import annotations

import html
import json
import random
import re

from kg.exports.report import _json_list, e

CTRL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
ALPHABET = "ab &<>\"'\x00\x01\x08\t\n\x0b\x0c\r\x0e\x1f\x7f\\øÆ😀"


def test_escaping_equals_html_escape_without_control_characters():
    rnd = random.Random(7)
    for _ in range(5000):
        s = "".join(rnd.choice(ALPHABET) for _ in range(rnd.randint(0, 12)))
        assert e(s) == html.escape(CTRL.sub("", s), quote=True), repr(s)
    assert e(None) == "" and e(3) == "3"
    assert e('<script>alert("x")</script>') == "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;"


def test_a_list_of_names_is_the_json_encoders_list():
    rnd = random.Random(8)
    for _ in range(2000):
        names = ["".join(rnd.choice(ALPHABET) for _ in range(rnd.randint(0, 6))) for _ in range(rnd.randint(0, 3))]
        assert _json_list(names) == json.dumps(names, ensure_ascii=False)
    assert _json_list(["a", 1]) == '["a", 1]'
