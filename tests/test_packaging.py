"""`pip install .` (not editable) gives a working kg with the ontology inside the wheel, and
every dependency pyproject.toml declares is used."""
from __future__ import annotations

import ast
import importlib.metadata
import re
import subprocess
import sys
import sysconfig
import tomllib
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_wheel_holds_the_data_and_installs_a_working_kg(tmp_path):
    dist = tmp_path / "dist"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", dist, ROOT],
                   check=True, cwd=tmp_path)
    wheel = next(dist.glob("*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    assert "kg/ontology/kg.ttl" in names
    assert any(n.startswith("kg/ontology/reference/") and n.endswith(".ttl") for n in names)
    assert any(n.startswith("kg/ontology/baseline/") and n.endswith(".ttl") for n in names)
    assert "kg/ontology/geo/kommuner.json" in names and "kg/ontology/geo/README.md" in names
    assert "kg/queries/__init__.py" in names and "kg/exports/__init__.py" in names
    # kg serve: templates and the JavaScript it ships (no CDN at run time)
    assert "kg/web/templates/base.html" in names and "kg/web/static/app.css" in names
    assert "kg/web/static/vendor/htmx.min.js" in names and "kg/web/static/vendor/cytoscape.min.js" in names
    assert not any(n.startswith(("importers/", "queries/", "exports/", "ontology/")) for n in names)

    # a fresh venv; the dependencies come from this test environment through a .pth file
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", venv], check=True)
    site = Path(subprocess.check_output([venv / "bin" / "python", "-c",
                                         "import sysconfig; print(sysconfig.get_paths()['purelib'])"], text=True).strip())
    (site / "deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    with zipfile.ZipFile(wheel) as z:
        z.extractall(site)
    run = lambda *a: subprocess.run([venv / "bin" / "python", "-c", "from kg.cli import main; main()", *a],
                                    capture_output=True, text=True, cwd=tmp_path)
    r = run("--data", str(tmp_path / "ws"), "--lang", "en", "init")
    assert r.returncode == 0, r.stderr
    assert "Created workspace" in r.stdout
    r = run("--data", str(tmp_path / "ws"), "query", "show", "ki-plattform", "--format", "json")
    assert r.returncode == 0, r.stderr
    # the installed copy, not the source tree, answered
    r = subprocess.run([venv / "bin" / "python", "-c", "import kg.ontology, kg; print(kg.__file__)"],
                       capture_output=True, text=True, cwd=tmp_path)
    assert str(site) in r.stdout


# where each group of declared dependencies must be imported
USED_IN = {"dependencies": ("kg", "importers", "queries", "exports"), "test": ("tests", "bench"), "fuzz": ("fuzz",)}
# dependencies kg uses through another library, never by an import of its own: the text in
# kg's code that needs them, and why
THROUGH = {
    "jinja2": ("Jinja2Templates", "FastAPI's Jinja2Templates renders kg serve's pages with it"),
    "python-multipart": ("Form(", "FastAPI parses kg serve's form posts and uploads with it"),
    "rdflib-neo4j": ("from rdflib_neo4j import", "bench's neo4j step runs the reference loader as a script of its own"),
}


def _declared() -> list[tuple[str, str]]:
    """(distribution name, group) for every requirement in pyproject.toml."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    groups = {"dependencies": project["dependencies"], **project.get("optional-dependencies", {})}
    return [(re.match(r"[A-Za-z0-9._-]+", req)[0], group) for group, reqs in groups.items() for req in reqs]


def _import_names(dist: str) -> set[str]:
    """The top-level modules a distribution provides (from its installed files; else its
    name, as pip would spell the module)."""
    try:
        files = importlib.metadata.distribution(dist).files or []
    except importlib.metadata.PackageNotFoundError:
        return {dist.lower().replace("-", "_")}
    tops = {f.parts[0].removesuffix(".py") for f in files if not f.parts[0].endswith((".dist-info", ".data", ".libs"))}
    return {t for t in tops if t.isidentifier() and t != "__pycache__"}


def _imported(folders) -> tuple[set[str], str]:
    """The top-level modules the Python files under ``folders`` import, and their text."""
    names, text = set(), []
    for folder in folders:
        for f in sorted((ROOT / folder).rglob("*.py")):
            if "work" in f.relative_to(ROOT).parts:   # bench/work: generated data, not code
                continue
            source = f.read_text(encoding="utf-8")
            text.append(source)
            for node in ast.walk(ast.parse(source)):
                if isinstance(node, ast.Import):
                    names |= {a.name.split(".")[0] for a in node.names}
                elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                    names.add(node.module.split(".")[0])
    return names, "\n".join(text)


def test_every_declared_dependency_is_used():
    scanned = {group: _imported(folders) for group, folders in USED_IN.items()}
    unused = []
    for dist, group in _declared():
        names, text = scanned[group]
        if dist in THROUGH:
            if THROUGH[dist][0] not in text:
                unused.append(f"{dist} ({group}): no {THROUGH[dist][0]} left, which is what needed it")
        elif not _import_names(dist) & names:
            unused.append(f"{dist} ({group}): none of {sorted(_import_names(dist))} is imported in {USED_IN[group]}")
    assert unused == []


def test_the_unused_check_sees_a_dependency_nobody_imports():
    # the check can fail: a package kg declares nowhere is not found imported
    names, _ = _imported(USED_IN["dependencies"])
    assert not _import_names("graphviz") & names   # rendering runs the graphviz programs themselves
    assert _import_names("PyYAML") & names and _import_names("python-pptx") & names
