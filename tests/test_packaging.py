"""`pip install .` (not editable) gives a working kg with the ontology inside the wheel."""
from __future__ import annotations

import subprocess
import sys
import sysconfig
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
