"""The deck's word wrap finds each line's longest fitting run of words by bisection; it
must break every text exactly where the plain greedy wrap (one measurement a word) does."""
from __future__ import annotations

import random
import re

from kg.exports.slides.pptx import text_width, wrap

WORDS = ("Felles regional plattform for tale til tekst, journalføring og oppfølging i hjemmetjenesten, "
         "sykehjemmene og legevakten · Pågående · 2026-Q3 – 2027-H2 Eier: Hamar, Elverum, Digi Innlandet "
         "KI-forordningen (EU) 2024/1689 «personvern» & <pilot> Ålesund Nord-Aurdal").split()


def greedy(text: str, width: float, size: float, bold: bool) -> list[str]:
    """The wrap as the slide checks think of it: add words while the line fits."""
    lines = []
    for para in text.split("\n"):
        cur = ""
        for word in [w for w in re.split(r"[^\S\u00a0\u2007\u202f]+", para) if w]:  # no-break spaces hold
            cand = f"{cur} {word}" if cur else word
            if text_width(cand, size, bold) <= width:
                cur = cand
                continue
            if cur:
                lines.append(cur)
            while text_width(word, size, bold) > width:
                cut = len(word) - 1
                while cut > 1 and text_width(word[:cut], size, bold) > width:
                    cut -= 1
                lines.append(word[:cut])
                word = word[cut:]
            cur = word
        lines.append(cur)
    return lines


def test_wrap_breaks_where_the_greedy_wrap_does():
    rnd = random.Random(16)
    texts = ["", "ett", "Supercalifragilistisk" * 5 + " a b " + "x" * 90, "to linjer\nher", "  mellomrom   her  ",
             "budsjett 10\u202f000 kroner og 2\u00a0500 timer i året for hver kommune i regionen"]
    texts += [" ".join(rnd.choice(WORDS) for _ in range(rnd.randrange(1, 40))) for _ in range(50)]
    multi = 0
    for text in texts:
        for width in (45.0, 120.0, 250.0, 420.0):
            for size, bold in ((9.5, False), (11.0, True), (16.0, True)):
                got = wrap(text, width, size, bold)
                assert got == greedy(text, width, size, bold), (text, width, size, bold)
                multi += len(got) > 2
    assert multi > 40   # most cases break over several lines: the bisection is exercised
