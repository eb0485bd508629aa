"""Where the shipped SHACL shapes and profiles are: file paths only, no RDF library.

Kept apart from :mod:`kg.check.engine` (which parses shapes with rdflib) so that what only
needs the files — the key of a kept check result (:mod:`kg.check.cache`), the list of
profiles — does not pay for importing rdflib.
"""
from __future__ import annotations

from importlib import resources
from pathlib import Path

from kg.errors import InputError


def shipped_shape_files() -> list[Path]:
    """The shape files inside the package, in a stable order."""
    root = Path(str(resources.files("kg.ontology") / "shapes"))
    return sorted(root.glob("*.ttl"))


def profiles() -> dict[str, Path]:
    """name → file of each shipped profile (``ontology/shapes/profiles/NAME.ttl``): a set
    of shapes run instead of the shipped ones, e.g. ``leverandorkrav``."""
    root = Path(str(resources.files("kg.ontology") / "shapes" / "profiles"))
    return {f.stem: f for f in sorted(root.glob("*.ttl"))}


def profile_files(name: str) -> list[Path]:
    """The shape files of profile ``name`` (with the shared prefix declarations)."""
    found = profiles()
    if name not in found:
        raise InputError(f"Unknown profile '{name}'; the profiles are: {', '.join(found) or '(none)'}.",
                         f"Ukjent profil «{name}»; profilene er: {', '.join(found) or '(ingen)'}.")
    return [Path(str(resources.files("kg.ontology") / "shapes" / "_prefixes.ttl")), found[name]]
