"""`kg query sustainability [--goal N] [--uncovered]`: per SDG goal and target, the
initiatives contributing, the municipalities they reach and the indicators that measure
the target (the UN's and any national indicator set imported as SKOS with
``sdgo:isIndicatorOf``), with Norway's SDR 2025 standing as context; which goals and
targets nothing contributes to.

The answer is :func:`kg.roadmap.lenses.sustainability` (definitions there); this module lays it
out as a table in one language: every goal, and under it the targets something
contributes to or a national indicator measures (``--goal N``: all of that goal's
targets; ``--uncovered``: only the goals and targets nothing contributes to).

Example::

    kg query sustainability
    kg query sustainability --goal 11
    kg query sustainability --uncovered --format csv
"""
from __future__ import annotations

from kg.roadmap.lenses import sdr_text, sustainability
from kg.query_results import SustainabilityReport
from kg.results import col
from kg.roadmap.index import label_map

LIMIT = 5


def run(ws, goal: str | None = None, uncovered_only: bool = False, limit: int = LIMIT,
        lang: str = "nb") -> SustainabilityReport:
    nb = lang == "nb"
    data = sustainability(ws, goal=goal)
    ID = "https://w3id.org/kommune-ki/id/"
    shown_ids = set()
    for g in data["goals"]:
        shown_ids |= set(g["initiatives"])
        for t in g["targets"]:
            shown_ids |= set(t["initiatives"])
    many = len(shown_ids) > 1500
    names = {} if many else label_map(ws, [ID + i for i in shown_ids], lang)

    def inits(xs):
        # every name (CSV and JSON are whole); the text table shortens to --limit when rendered
        return [names.get(ID + x, x) for x in xs]

    def indicators(t):
        un = sum(1 for x in t["indicators"] if not x["national"])
        nat = [x for x in t["indicators"] if x["national"]]
        parts = [f"{un} FN" if nb else f"{un} UN"] if un else []
        parts += [f"{x['notation'] or x['id']} {' '.join(x['label'][lang].split())}" for x in nat]
        return "; ".join(parts)
    level_words = ("mål", "delmål") if nb else ("goal", "target")
    rows = []
    for g in data["goals"]:
        if not uncovered_only or not g["covered"]:
            rows.append({"sdg": g["code"], "label": " ".join(g["label"][lang].split()), "initiatives": len(g["initiatives"]),
                         "names": inits(g["initiatives"]), "municipalities": len(g["municipalities"]),
                         "indicators": (f"{g['indicators']}" + (f" ({g['national_indicators']} {'nasjonale' if nb else 'national'})"
                                                                 if g["national_indicators"] else "")),
                         "against": len(g["against"]), "level": level_words[0]})
        for t in g["targets"]:
            national = any(x["national"] for x in t["indicators"])
            if uncovered_only:
                keep = not t["covered"]
            else:
                keep = goal is not None or t["covered"] or national or bool(t["against"])
            if keep:
                rows.append({"sdg": "  " + t["code"], "label": " ".join(t["label"][lang].split()),
                             "initiatives": len(t["initiatives"]), "names": inits(t["initiatives"]),
                             "municipalities": len(t["municipalities"]), "indicators": indicators(t),
                             "against": len(t["against"]), "level": level_words[1]})
    n_goals = len(data["goals"])
    n_targets = sum(len(g["targets"]) for g in data["goals"])
    cov_g = n_goals - len(data["uncovered_goals"])
    cov_t = n_targets - len(data["uncovered_targets"])
    res = SustainabilityReport(
        [col("sdg", "mål", "SDG"), col("label", "navn", "name"), col("initiatives", "tiltak", "initiatives"),
         col("names", "hvilke tiltak", "which initiatives"), col("municipalities", "kommuner nådd", "municipalities reached"),
         col("indicators", "indikatorer", "indicators"), col("against", "motvirker", "work against"),
         col("level", "nivå", "level")],
        rows,
        title_nb=f"Bærekraftsmålene: {cov_g} av {n_goals} mål og {cov_t} av {n_targets} delmål har bidrag",
        title_en=f"The SDGs: {cov_g} of {n_goals} goals and {cov_t} of {n_targets} targets have contributions",
        kind="sustainability", data=data)
    ctx = sdr_text(data["context"].get("sdr", {}), lang)
    if ctx:
        res.notes.append(ctx)
    if data["uncovered_goals"]:
        res.notes.append(("Mål uten bidrag: " if nb else "Goals nothing contributes to: ") + ", ".join(data["uncovered_goals"]))
    for s in data["indicator_sets"]:
        res.notes.append((f"Indikatorsett: {s['label'][lang]} ({s['indicators']})" if nb
                          else f"Indicator set: {s['label'][lang]} ({s['indicators']})"))
    if many:
        res.notes.append("Mange tiltak: viser id-er i stedet for navn." if nb else "Many initiatives: showing ids instead of names.")
    return res
