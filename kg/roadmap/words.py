"""The roadmap's fixed words in both languages: phases (with the seed's board headings),
statuses, dependency types and strengths, and how one of them is named in a language."""
from __future__ import annotations


PHASES = {  # slug: (nb, en, board heading nb, board heading en)
    "fase-etablert": ("Etablert", "Established", "Etablerte initiativer 2025", "Established initiatives 2025"),
    "fase-pagaende": ("Pågående", "Ongoing", "Pågående tiltak 2026", "Ongoing measures 2026"),
    "fase-planlagt": ("Planlagt", "Planned", "Planlagte tiltak 2026+", "Planned measures 2026+"),
}
STATUSES = {
    "status-ide": ("Idé", "Idea"),
    "status-planlagt": ("Planlagt", "Planned"),
    "status-pagaende": ("Pågående", "Ongoing"),
    "status-etablert": ("Etablert", "Established"),
    "status-avsluttet": ("Avsluttet", "Completed"),
    "status-stanset": ("Stanset", "Stopped"),
}
DEP_TYPES = {"requires": ("krever", "requires"), "enables": ("muliggjør", "enables"),
             "informs": ("informerer", "informs")}
STRENGTHS = {"hard": ("hard", "hard"), "soft": ("myk", "soft")}


def phase_name(ph: str | None, lang: str) -> str:
    if ph in PHASES:
        return tr(lang, PHASES[ph][:2])
    return ph or tr(lang, ("Uten fase", "No phase"))


def status_name(st: str | None, lang: str) -> str:
    if st in STATUSES:
        return tr(lang, STATUSES[st])
    return st or tr(lang, ("Uten status", "No status"))


def tr(lang: str, pair) -> str:
    """The nb or en half of a (nb, en) pair."""
    return pair[0] if lang == "nb" else pair[1]
