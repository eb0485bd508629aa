"""Languages: Norwegian bokmål (nb, the default) and English (en).

Library code returns both languages or takes ``lang``; it never prints.
"""
from __future__ import annotations

import os
import unicodedata

LANGS = ("nb", "en")
DEFAULT_LANG = "nb"


def resolve_lang(lang: str | None = None) -> str:
    """The language to use: the argument, then ``KG_LANG``, then nb."""
    lang = (lang or os.environ.get("KG_LANG") or DEFAULT_LANG).lower()
    if lang in ("no", "nob", "nn", "no-nb", "nb-no"):
        lang = "nb"
    if lang.startswith("en"):
        lang = "en"
    return lang if lang in LANGS else DEFAULT_LANG


def pick(lang: str, nb: str, en: str) -> str:
    return nb if lang == "nb" else en


def number(n: int, sep: str = "\u202f") -> str:
    """A whole number with its thousands grouped as both languages may write them:
    10\u202f000 (a narrow no-break space, so a figure is never split over two lines)."""
    return f"{n:,}".replace(",", sep)


_FOLD = str.maketrans({"ø": "o", "æ": "ae", "å": "a", "đ": "d", "ŋ": "n", "ŧ": "t",
                       "ß": "ss", "þ": "th", "ð": "d", "ł": "l"})


def fold(text: str) -> str:
    """Case- and accent-insensitive key: 'Tromsø' and 'TROMSO' fold to the same string.

    ø/æ/å fold to o/ae/a and accents are stripped, so Sámi names (Unjárga) and names
    typed on an English keyboard match.
    """
    text = unicodedata.normalize("NFKD", text.casefold().translate(_FOLD))
    text = "".join(c for c in text if not unicodedata.combining(c))
    return " ".join(text.translate(_FOLD).split())


def best_label(labels: dict[str, str], lang: str, fallback: str = "") -> str:
    """Choose a label: the language asked for, then the other, then anything, then fallback."""
    for key in (lang, "en" if lang == "nb" else "nb", ""):
        if labels.get(key):
            return labels[key]
    return next(iter(labels.values()), fallback) if labels else fallback
