"""`kg query sustainability [--goal N] [--uncovered]`: per SDG goal and target, the
initiatives contributing, the municipalities they reach and the indicators that measure
the target (the UN's and any national indicator set imported as SKOS with
``sdgo:isIndicatorOf``), with Norway's SDR 2025 standing as context; which goals and
targets nothing contributes to.

The answer is :func:`kg.roadmap.lenses.sustainability` (definitions there); this module lays it
out as a table, its words in both languages (:class:`kg.i18n.Text`): every goal, and under it the targets something
contributes to or a national indicator measures (``--goal N``: all of that goal's
targets; ``--uncovered``: only the goals and targets nothing contributes to).

Example::

    kg query sustainability
    kg query sustainability --goal 11
    kg query sustainability --uncovered --format csv
"""
from __future__ import annotations

from kg.i18n import Text
from kg.query_results import SustainabilityReport
from kg.results import col, texts
from kg.roadmap.index import label_map
from kg.roadmap.lenses import sdr_text, sustainability

ID = "https://w3id.org/kommune-ki/id/"
LEVEL = {"goal": Text("mål", "goal"), "target": Text("delmål", "target")}


def run(ws, *, goal: str | None = None, uncovered_only: bool = False) -> SustainabilityReport:
    """Every SDG goal and its targets (``goal``: that one, with all its targets;
    ``uncovered_only``: what nothing contributes to)."""
    data = sustainability(ws, goal=goal)
    shown_ids = set()
    for g in data["goals"]:
        shown_ids |= set(g["initiatives"])
        for t in g["targets"]:
            shown_ids |= set(t["initiatives"])
    many = len(shown_ids) > 1500
    names = {} if many else label_map(ws, [ID + i for i in shown_ids])

    def inits(xs):
        # every name (CSV and JSON are whole); the text table shortens to --limit when rendered
        return [names.get(ID + x, x) for x in xs]

    def label(x):
        return Text(" ".join(x["label"]["nb"].split()), " ".join(x["label"]["en"].split()))

    def indicators(t):
        un = sum(1 for x in t["indicators"] if not x["national"])
        nat = [f"{x['notation'] or x['id']} " for x in t["indicators"] if x["national"]]
        nat_labels = [x["label"] for x in t["indicators"] if x["national"]]
        return texts(lambda lang: "; ".join(([f"{un} FN" if lang == "nb" else f"{un} UN"] if un else [])
                                           + [n + " ".join(lab[lang].split()) for n, lab in zip(nat, nat_labels)]))
    rows = []
    for g in data["goals"]:
        if not uncovered_only or not g["covered"]:
            k = g["national_indicators"]
            rows.append({"sdg": g["code"], "label": label(g), "initiatives": len(g["initiatives"]),
                         "names": inits(g["initiatives"]), "municipalities": len(g["municipalities"]),
                         "indicators": (Text(f"{g['indicators']} ({k} nasjonale)", f"{g['indicators']} ({k} national)")
                                        if k else f"{g['indicators']}"),
                         "against": len(g["against"]), "level": LEVEL["goal"]})
        for t in g["targets"]:
            national = any(x["national"] for x in t["indicators"])
            if uncovered_only:
                keep = not t["covered"]
            else:
                keep = goal is not None or t["covered"] or national or bool(t["against"])
            if keep:
                rows.append({"sdg": "  " + t["code"], "label": label(t),
                             "initiatives": len(t["initiatives"]), "names": inits(t["initiatives"]),
                             "municipalities": len(t["municipalities"]), "indicators": indicators(t),
                             "against": len(t["against"]), "level": LEVEL["target"]})
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
    sdr = data["context"].get("sdr", {})
    if sdr:
        res.notes.append(texts(lambda lang: sdr_text(sdr, lang)))
    if data["uncovered_goals"]:
        codes = ", ".join(data["uncovered_goals"])
        res.notes.append(Text("Mål uten bidrag: " + codes, "Goals nothing contributes to: " + codes))
    for s in data["indicator_sets"]:
        res.notes.append(Text(f"Indikatorsett: {s['label']['nb']} ({s['indicators']})",
                              f"Indicator set: {s['label']['en']} ({s['indicators']})"))
    if many:
        res.notes.append(Text("Mange tiltak: viser id-er i stedet for navn.", "Many initiatives: showing ids instead of names."))
    return res
