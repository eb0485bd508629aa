"""Languages: Norwegian bokmål (nb, the default) and English (en).

Library code returns both languages or takes ``lang``; it never prints.
"""
from __future__ import annotations

import os
import unicodedata
from dataclasses import dataclass

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


@dataclass(frozen=True)
class Text:
    """Text in both languages, chosen when it is rendered: ``Text("Tiltak", "Initiative")``.

    ``text("en")`` or ``text.get("en")`` gives one language (the other when that one is
    empty); ``str(text)`` is the Norwegian; ``as_dict()`` both, as JSON carries them.
    """

    nb: str
    en: str = ""

    def get(self, lang: str | None = None) -> str:
        first, other = (self.en, self.nb) if resolve_lang(lang) == "en" else (self.nb, self.en)
        return first or other

    __call__ = get

    def __str__(self) -> str:
        return self.get("nb")

    def as_dict(self) -> dict[str, str]:
        return {"nb": self.nb, "en": self.en}

    @classmethod
    def of(cls, labels: dict[str, str], fallback: str = "") -> "Text":
        """From a ``{lang: label}`` map (as the graph's labels come), each language falling
        back to the other, then to any label, then ``fallback``."""
        return cls(best_label(labels, "nb", fallback), best_label(labels, "en", fallback))


def render(value, lang: str | None):
    """``value`` with every :class:`Text` in it (also inside lists, tuples and dicts)
    resolved to one language: what a formatter does before it prints or writes JSON."""
    if isinstance(value, Text):
        return value.get(lang)
    if isinstance(value, dict):
        return {k: render(v, lang) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [render(v, lang) for v in value]
    return value
