"""What the slide deck (``kg export pptx``) shows, as data built from the graph.

:func:`build_deck` decides the slides' content in one language: the title, the six
challenges, the board in the seed's three columns, the five principles, the diagrams to
draw (their models, built here; drawn by ``exports/``), a summary of the gaps, the two
lenses (vendors and lock-in, sustainability: :mod:`kg.exports.slides.lenses`) and one
section per network. :mod:`kg.exports.slides.pptx` lays it out on 16:9 slides. Nothing here
renders or prints.

With ``network``, the deck is about that network: its initiatives on the board and on
its own slides, the gaps of its initiatives, and the shared principles and challenges
as the frame. Diagrams of one network need diagram builders that take ``network=``; when
they do, the deck draws them (see :func:`_builder_takes`).
"""
from __future__ import annotations

import inspect
from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from kg.exports.diagrams.model import (
    GAP_SHORT,
    Gap,
    TooBig,
    build_dependencies,
    build_target,
    build_timeline,
    gaps_by_focus,
)
from kg.roadmap.words import PHASES, phase_name, status_name, tr
from kg.ids import labels_for, slug
from kg.roadmap.index import label_map
from kg.roadmap.table import InitiativeRow, initiative_rows, networks as all_networks, when_text

SEVERITY_ORDER = {"violation": 0, "warning": 1, "info": 2}
SEVERITY_NAMES = {"violation": ("brudd", "violation"), "warning": ("advarsel", "warning"), "info": ("info", "info")}
MOST_SERIOUS = 4   # gap items listed on the summary slide (the counts cover all)


@dataclass
class Card:
    """One box on a slide: a bold title and lines of text under it."""

    title: str
    lines: list[str] = field(default_factory=list)
    kind: str = ""        # a phase slug (colour), "challenge", "principle", "gap-violation", …
    id: str = ""


@dataclass
class BoardCol:
    key: str
    heading: str
    cards: list[Card]


@dataclass
class Picture:
    """A diagram to draw on its own slide: ``kind`` names the export module, ``model`` is
    what kg.exports.diagrams.model built; ``note`` replaces the picture when it cannot be drawn."""

    key: str
    title: str
    kind: str
    model: object = None
    board: bool = False
    note: str = ""


@dataclass
class GapSummary:
    counts: list[tuple[str, str, str, int]]    # (code, short name, severity, count)
    serious: list[Card]
    total: int
    checked: bool = True


@dataclass
class NetworkSection:
    iri: str
    label: str
    cards: list[Card]


@dataclass
class Deck:
    lang: str
    title: str
    subtitle: str
    challenges: list[Card]
    board: list[BoardCol]
    principles: list[Card]
    pictures: list[Picture]
    gaps: GapSummary | None
    networks: list[NetworkSection]
    network: str = ""          # the network the deck is about ("" = the whole roadmap)
    labels: dict[str, str] = field(default_factory=dict)
    lenses: list = field(default_factory=list)   # kg.exports.slides.lenses.LensSlide: vendors, sustainability

    def texts(self) -> list[str]:
        """Every card title (for tests and search)."""
        out = [c.title for c in self.challenges + self.principles]
        out += [c.title for col in self.board for c in col.cards]
        out += [c.title for n in self.networks for c in n.cards]
        return out


def _concepts(ws, cls: str, lang: str, number_pred: str) -> list[Card]:
    rows = ws.select("""SELECT ?c ?l ?d ?n WHERE { ?c a %s .
        OPTIONAL { ?c skos:prefLabel ?l } OPTIONAL { ?c dct:description ?d }
        OPTIONAL { ?c %s ?n } }""" % (cls, number_pred))
    by: dict[str, dict] = {}
    for r in rows:
        d = by.setdefault(r["c"].value, {"l": {}, "d": {}, "n": None})
        if "l" in r:
            d["l"].setdefault(r["l"].language or "", r["l"].value)
        if "d" in r:
            d["d"].setdefault(r["d"].language or "", r["d"].value)
        if "n" in r and d["n"] is None:
            d["n"] = r["n"].value
    from kg.i18n import best_label

    def num(x):
        try:
            return int(x)
        except (TypeError, ValueError):
            return 99
    out = []
    for iri, d in sorted(by.items(), key=lambda kv: (num(kv[1]["n"]), kv[0])):
        title = best_label(d["l"], lang, slug(iri))
        if d["n"] is not None and num(d["n"]) != 99:
            title = f"{d['n']}. {title}"
        desc = best_label(d["d"], lang, "")
        out.append(Card(title, [desc] if desc else [], kind=cls.split(":")[-1].lower(), id=slug(iri)))
    return out


def initiative_card(row: InitiativeRow, lang: str, labels: dict[str, str], by_focus: dict, *,
                    owner: bool = True) -> Card:
    rec = row.rec
    lines = []
    when = " – ".join(x for x in (when_text(rec.start), when_text(rec.end)) if x)
    bits = [b for b in (status_name(rec.status, lang) if rec.status else "", when) if b]
    if bits:
        lines.append(" · ".join(bits))
    if owner and rec.owners:
        lines.append(tr(lang, ("Eier: ", "Owner: ")) + ", ".join(labels.get(o, slug(o)) for o in rec.owners))
    gaps = by_focus.get(rec.iri, [])
    if gaps:
        codes = sorted({g.code for g in gaps})
        lines.append("⚠ " + ", ".join(tr(lang, GAP_SHORT[c]) if c in GAP_SHORT else c for c in codes))
    return Card(rec.label(lang), lines, kind=rec.phase or "", id=rec.id)


def _builder_takes(fn, name: str) -> bool:
    try:
        return name in inspect.signature(fn).parameters
    except (TypeError, ValueError):
        return False


def _map_builder():
    import importlib
    for mod in ("kg.exports.diagrams.map_model", "kg.exports.diagrams.model"):
        try:
            fn = getattr(importlib.import_module(mod), "build_map", None)
        except ModuleNotFoundError:
            continue
        if fn is not None:
            return fn
    return None


def _pictures(ws, lang: str, gaps: list[Gap], network: str, today: date | None) -> list[Picture]:
    """The diagrams: timeline, dependencies, target picture (and the map when the map
    diagram exists: see kg.exports.slides.pptx.MAP_HOOK)."""
    specs = [("timeline", ("Tidslinje", "Timeline"), "timeline",
              lambda **kw: build_timeline(ws, lang, gaps=gaps, today=today, **kw), build_timeline),
             ("dependencies", ("Avhengigheter", "Dependencies"), "dependencies",
              lambda **kw: build_dependencies(ws, lang, gaps=gaps, **kw), build_dependencies),
             ("target-picture", ("Felles målbilde", "Shared target picture"), "target-picture",
              lambda **kw: build_target(ws, lang, gaps=gaps, **kw), build_target)]
    # the map of municipalities: a slide of its own as soon as a map builder exists
    # (kg.exports.diagrams.map_model.build_map or kg.exports.diagrams.model.build_map, drawn by `kg diagram map`)
    map_fn = _map_builder()
    if map_fn is not None:
        specs.append(("map", ("Kart over kommunene", "Map of the municipalities"), "map",
                      lambda **kw: map_fn(ws, lang, **kw), map_fn))
    out = []
    for key, title, kind, build, fn in specs:
        p = Picture(key, tr(lang, title), kind)
        kw = {}
        if network:
            if not _builder_takes(fn, "network"):
                continue   # no per-network drawing of this diagram yet: leave the slide out
            kw["network"] = network
        try:
            p.model = build(**kw)
        except TooBig as e:
            p.note = e.message(lang)
        out.append(p)
    return out


def gap_summary(ws, gaps: list[Gap], lang: str, only: set[str] | None = None) -> GapSummary:
    """Counts per code and the most serious items (violations first)."""
    if only is not None:
        gaps = [g for g in gaps if g.focus in only]
    counts = Counter((g.code, g.severity) for g in gaps)
    rows = sorted(((c, tr(lang, GAP_SHORT[c]) if c in GAP_SHORT else c, s, n) for (c, s), n in counts.items()),
                  key=lambda x: (SEVERITY_ORDER.get(x[2], 3), -x[3], x[0]))
    ordered = sorted(gaps, key=lambda g: (SEVERITY_ORDER.get(g.severity, 3), g.code, g.focus))
    top = ordered[:MOST_SERIOUS]
    labels = labels_for(ws, sorted({g.focus for g in top}), lang) if top else {}
    serious = [Card(f"{labels.get(g.focus, slug(g.focus))} ({slug(g.focus)})",
                    [f"{tr(lang, SEVERITY_NAMES.get(g.severity, (g.severity, g.severity)))} · {g.code}", g.message],
                    kind=f"gap-{g.severity}", id=slug(g.focus)) for g in top]
    return GapSummary(rows, serious, len(gaps))


def build_deck(ws, lang: str = "nb", *, network: str | None = None, title: str | None = None,
               gaps: list[Gap] | None = None, today: date | None = None) -> Deck:
    """The deck's content. ``gaps``: the results of ``kg check`` as diagram gaps, or None
    for a deck without gap marks and without the gap summary (``--no-gaps``)."""
    today = today or date.today()
    rows = initiative_rows(ws, network=network)
    iris: set[str] = set()
    for r in rows:
        iris |= set(r.rec.owners) | set(r.networks)
    if network:
        iris.add(network)
    labels = label_map(ws, sorted(iris), lang) if iris else {}   # owners of a network's rows: lookups
    by_focus = gaps_by_focus(gaps or [])

    board = []
    extra = sorted({r.rec.phase for r in rows if r.rec.phase and r.rec.phase not in PHASES})
    for ph in list(PHASES) + extra:
        heading = tr(lang, PHASES[ph][2:]) if ph in PHASES else phase_name(ph, lang)
        board.append(BoardCol(ph, heading, [initiative_card(r, lang, labels, by_focus)
                                            for r in rows if r.rec.phase == ph and not r.rec.parent]))
    nophase = [r for r in rows if not r.rec.phase and not r.rec.parent]
    if nophase:
        board.append(BoardCol("", phase_name(None, lang), [initiative_card(r, lang, labels, by_focus) for r in nophase]))

    sections = []
    nets = all_networks(ws, lang)
    by_net: dict[str, list[InitiativeRow]] = {}
    for r in rows:
        for n in r.networks:
            by_net.setdefault(n, []).append(r)
    for iri, label in nets if not network else ():   # a network's own deck: its board is its slide
        members = by_net.get(iri, [])
        if members:
            sections.append(NetworkSection(iri, label, [initiative_card(r, lang, labels, by_focus) for r in members]))

    summary = None
    if gaps is not None:
        only = {r.iri for r in rows} if network else None
        summary = gap_summary(ws, gaps, lang, only)

    net_label = labels.get(network, slug(network)) if network else ""
    default_title = (tr(lang, ("KI i kommunesektoren – målbilde og veikart",
                               "AI in the municipal sector – target picture and roadmap")) if not network else
                     tr(lang, (f"{net_label}: KI-tiltak i veikartet", f"{net_label}: AI initiatives in the roadmap")))
    n = len(rows)
    subtitle = tr(lang, (f"{n} tiltak · laget med kg {today.isoformat()}",
                         f"{n} initiatives · made with kg {today.isoformat()}"))
    from kg.exports.slides.lenses import lens_slides
    lenses = lens_slides(ws, lang, network=network, initiatives=[r.rec.iri for r in rows], net_label=net_label)
    return Deck(lang, title or default_title, subtitle,
                _concepts(ws, "kg:Challenge", lang, "skos:notation"), board,
                _concepts(ws, "kg:Principle", lang, "kg:principleNumber"),
                _pictures(ws, lang, gaps or [], network or "", today), summary, sections,
                network=network or "", labels=labels, lenses=lenses)
