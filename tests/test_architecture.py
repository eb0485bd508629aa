"""The one-way flow of docs/architecture.md, enforced: a wrong import arrow fails CI.

- The core (``kg/`` but its front doors) never imports the plug-in folders, the CLI, the web
  server, the façade or click.
- Plug-ins (importers/, queries/, exports/) never import another kind of plug-in or a front
  door, and a plug-in module never imports a sibling plug-in module. A plug-in folder may keep
  shared helpers in a subpackage (importers/tabular, exports/diagrams, exports/slides) that its
  modules import.
- Every import is absolute (``from kg.x import y``): a relative import hides where code lives.
"""
from __future__ import annotations

import ast
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# folder -> top-level modules it must not import (kg.* names, as installed)
FORBIDDEN = {
    "kg": {"kg.importers", "kg.queries", "kg.exports", "kg.cli", "kg.web", "kg.facade", "kg.api", "click"},
    "importers": {"kg.queries", "kg.exports", "click", "kg.cli", "kg.web", "kg.facade"},
    "queries": {"kg.importers", "kg.exports", "click", "kg.cli", "kg.web", "kg.facade"},
    "exports": {"kg.importers", "kg.queries", "click", "kg.cli", "kg.web", "kg.facade"},
}
# kg.web never calls the CLI's code (shared logic lives in the library or kg.facade);
# the façade knows no front door
FRONT_DOORS = {
    "cli": set(),  # the CLI composes everything, and starts the web server
    "web": {"kg.cli", "click"},
    "facade.py": {"kg.cli", "kg.web", "click", "fastapi", "starlette", "uvicorn", "jinja2"},
    "api.py": {"kg.cli", "kg.web", "click", "fastapi", "starlette", "uvicorn", "jinja2"},
    # `import kg; kg.open(...)`: the package names the Python front door, nothing else
    "__init__.py": {"kg.cli", "kg.web", "kg.facade", "kg.importers", "kg.queries", "kg.exports", "click"},
}
SIBLING = {"importers": "kg.importers", "queries": "kg.queries", "exports": "kg.exports"}


def _imports(path: Path) -> tuple[set[str], list[int]]:
    """The absolute module names a file imports, and the lines of its relative imports."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names, relative = set(), []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                relative.append(node.lineno)
            elif node.module:
                names.add(node.module)
                names |= {f"{node.module}.{a.name}" for a in node.names}
    return names, relative


def _hits(name: str, forbidden) -> bool:
    return any(name == fb or name.startswith(fb + ".") for fb in forbidden)


def _violations(root: Path = ROOT) -> list[str]:
    bad = []
    for folder, forbidden in FORBIDDEN.items():
        for f in sorted((root / folder).rglob("*.py")):
            rel = f.relative_to(root)
            names, relative = _imports(f)
            bad += [f"{rel}:{line} relative import" for line in relative]
            if folder == "kg" and rel.parts[1] in FRONT_DOORS:
                # the front doors (kg.cli, kg.web) and the façade compose everything
                bad += [f"{rel} imports {n}" for n in sorted(names) if _hits(n, FRONT_DOORS[rel.parts[1]])]
                continue
            bad += [f"{rel} imports {n}" for n in sorted(names) if _hits(n, forbidden)]
            if folder in SIBLING:
                bad += _sibling_imports(root, folder, rel, names)
    return bad


def _sibling_imports(root: Path, folder: str, rel: Path, names: set[str]) -> list[str]:
    own = SIBLING[folder]
    # the plug-in's own package: kg.exports for exports/x.py, kg.exports.diagrams for
    # exports/diagrams/x.py
    own_pkg = ".".join([own, *rel.parts[1:-1]])
    bad = []
    for name in sorted(names):
        if not name.startswith(own + "."):
            continue
        parts = name.split(".")
        target = parts[2]
        if (root / folder / target).is_dir():
            continue  # a shared helper package of this plug-in kind
        if not (root / folder / f"{target}.py").exists() or target == "__init__":
            continue  # a name from the folder's registry, not a module
        target_mod = f"{own}.{target}"
        if own_pkg == own and target_mod == ".".join([own, rel.stem]):
            continue  # itself
        if own_pkg != own or rel.stem == "__init__":
            # a shared package's modules serve the plug-ins, never the reverse; the
            # registry (__init__) names modules only lazily, by string
            if own_pkg != own:
                bad.append(f"{rel} imports plug-in {name}")
            continue
        bad.append(f"{rel} imports sibling {name}")
    return bad


def test_import_rules_hold():
    assert _violations() == []


def _copy_tree(tmp_path: Path) -> Path:
    root = tmp_path / "src"
    for folder in FORBIDDEN:
        shutil.copytree(ROOT / folder, root / folder, ignore=shutil.ignore_patterns("__pycache__", "static", "templates"))
    return root


def test_rule_checker_catches_a_wrong_arrow(tmp_path):
    # in a copy: the test writes nothing into the source tree
    root = _copy_tree(tmp_path)
    (root / "queries" / "_arch_probe.py").write_text("from kg.exports import table\n", encoding="utf-8")
    (root / "kg" / "roadmap" / "_arch_probe2.py").write_text("from kg.cli import common\n", encoding="utf-8")
    (root / "exports" / "_arch_probe3.py").write_text("from kg.exports import deck_sibling\n", encoding="utf-8")
    (root / "exports" / "deck_sibling.py").write_text("X = 1\n", encoding="utf-8")
    (root / "importers" / "_arch_probe4.py").write_text("from .csv import read\n", encoding="utf-8")
    found = _violations(root)
    assert any("queries/_arch_probe.py imports kg.exports" in v for v in found)
    assert any("kg/roadmap/_arch_probe2.py imports kg.cli" in v for v in found)
    assert any("exports/_arch_probe3.py imports sibling kg.exports.deck_sibling" in v for v in found)
    assert any("importers/_arch_probe4.py:1 relative import" in v for v in found)
    # the real tree is clean, so these four are all the copy reports
    assert len([v for v in found if "_arch_probe" in v]) == len(found)


def test_shared_helper_packages_may_be_imported_by_plugins(tmp_path):
    root = _copy_tree(tmp_path)
    (root / "exports" / "_arch_ok.py").write_text("from kg.exports.diagrams import model\n", encoding="utf-8")
    (root / "exports" / "diagrams" / "_arch_bad.py").write_text("from kg.exports import report\n", encoding="utf-8")
    found = _violations(root)
    assert not any("_arch_ok" in v for v in found)
    assert any("exports/diagrams/_arch_bad.py imports plug-in kg.exports.report" in v for v in found)



# the store is the bottom of kg's core: the layers that read it never come back into it
# (a cache one of them keeps is dropped by the caller, kg.api, not by the store)
STORE_FORBIDDEN = {"kg.diff", "kg.check", "kg.roadmap", "kg.neo4j"}


def _store_violations(root: Path = ROOT) -> list[str]:
    bad = []
    for f in sorted((root / "kg" / "store").rglob("*.py")):
        names, _ = _imports(f)
        bad += [f"{f.relative_to(root)} imports {n}" for n in sorted(names) if _hits(n, STORE_FORBIDDEN)]
    return bad


def test_the_store_imports_no_layer_built_on_it(tmp_path):
    assert _store_violations() == []
    root = _copy_tree(tmp_path)
    (root / "kg" / "store" / "_arch_probe5.py").write_text(
        "def f():\n    from kg.diff.indexed import forget\n", encoding="utf-8")
    found = _store_violations(root)
    assert found and all(v.startswith("kg/store/_arch_probe5.py imports kg.diff.indexed") for v in found)
