"""Where a diagram is drawn: what each shows as data (model, map_model, vendors_model), the
DOT/Mermaid/SVG writers (dependencies, timeline, target, map, vendors), page sizes, and
rendering with graphviz and rsvg-convert (render).

:data:`REGISTRY` is the one list of diagram kinds: `kg diagram` has one subcommand per kind
(the board is `kg diagram timeline --style board`), :mod:`kg.api` and the façade draw any of
them, and the tests draw each. A kind's writer module has ``to_dot(model, *, …)`` and
``to_mermaid(model)``, or, drawn as SVG by kg itself, ``to_svg(model, *, …)``.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Kind:
    """One kind of diagram."""

    module: str          # the writer, kg.exports.diagrams.<module>
    nb: str
    en: str
    formats: tuple[str, ...] = ("svg", "png", "pdf", "dot", "mermaid")
    board: bool = False  # the timeline's module drawn as the seed's three columns

    @property
    def svg_only(self) -> bool:
        """Drawn as SVG by kg (PNG and PDF converted from it), not laid out by graphviz."""
        return "dot" not in self.formats


REGISTRY: dict[str, Kind] = {
    "dependencies": Kind("dependencies", "avhengigheter mellom tiltakene", "the dependencies between initiatives"),
    "timeline": Kind("timeline", "tidslinje med stolper per tiltak", "a time axis with a bar per initiative"),
    "board": Kind("timeline", "veikart i tre faser (2025 / 2026 / 2026+)", "the roadmap in three phases",
                  board=True),
    "target-picture": Kind("target", "felles målbilde", "the shared target picture"),
    "map": Kind("map", "kart over kommunene", "the map of the municipalities", formats=("svg", "png", "pdf")),
    "vendors": Kind("vendors", "leverandørlandskapet", "the vendor landscape"),
}
