"""The one-way flow of ARCHITECTURE.md, enforced: a wrong import arrow fails CI."""
from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# folder -> top-level modules it must not import (kg.* names, as installed)
FORBIDDEN = {
    "kg": {"kg.importers", "kg.queries", "kg.exports", "click"},
    "importers": {"kg.queries", "kg.exports", "click", "kg.cli"},
    "queries": {"kg.importers", "kg.exports", "click", "kg.cli"},
    "exports": {"kg.importers", "kg.queries", "click", "kg.cli"},
}
# kg.web never calls the CLI's code (shared logic lives in the library or kg.facade);
# the façade knows no front door
FRONT_DOORS = {
    "web": {"kg.cli", "click"},
    "facade.py": {"kg.cli", "kg.web", "click", "fastapi", "starlette", "uvicorn", "jinja2"},
}
SIBLING = {"importers": "kg.importers", "queries": "kg.queries", "exports": "kg.exports"}


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            names |= {f"{node.module}.{a.name}" for a in node.names}
    return names


def _violations():
    bad = []
    for folder, forbidden in FORBIDDEN.items():
        for f in sorted((ROOT / folder).rglob("*.py")):
            rel = f.relative_to(ROOT)
            if folder == "kg" and rel.parts[1] in ("cli", "web", "facade.py"):
                # the front doors (kg.cli, kg.web) and the façade compose everything; their
                # own rules are in FRONT_DOORS
                for name in _imports(f):
                    for fb in FRONT_DOORS.get(rel.parts[1], ()):
                        if name == fb or name.startswith(fb + "."):
                            bad.append(f"{rel} imports {name}")
                continue
            for name in _imports(f):
                for fb in forbidden:
                    if name == fb or name.startswith(fb + "."):
                        bad.append(f"{rel} imports {name}")
            if folder in SIBLING:
                own = SIBLING[folder]
                mod = own + "." + ".".join(rel.with_suffix("").parts[1:])
                for name in _imports(f):
                    # plug-ins of one folder must not import each other (the package's
                    # own __init__ registry is allowed)
                    if name.startswith(own + ".") and not mod.endswith("__init__"):
                        target = name.split(".")[2]
                        if target not in ("__init__",) and f"{own}.{target}" != mod and _is_module(folder, target):
                            bad.append(f"{rel} imports sibling {name}")
    return bad


def _is_module(folder: str, name: str) -> bool:
    return (ROOT / folder / f"{name}.py").exists() or (ROOT / folder / name).is_dir()


def test_import_rules_hold():
    assert _violations() == []


def test_rule_checker_catches_a_wrong_arrow(tmp_path, monkeypatch):
    bad = ROOT / "queries" / "_arch_probe.py"
    bad.write_text("from kg.exports import table\n", encoding="utf-8")
    try:
        assert any("_arch_probe" in v for v in _violations())
    finally:
        bad.unlink()
