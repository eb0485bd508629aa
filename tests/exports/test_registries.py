"""The registries of exports are the one list: `kg export` offers kg.exports.REGISTRY and
nothing else, every writer has the one signature, every format writes a non-empty file that
its own reader (pyoxigraph, networkx, csv, python-pptx, openpyxl) parses back; `kg diagram`
has one subcommand per kind of kg.exports.diagrams.REGISTRY, and every kind draws through
kg.api. (`kg export sparql URL` writes to a store: tests/stores runs it against Fuseki.)"""
from __future__ import annotations

import csv
import inspect
import io
import xml.etree.ElementTree as ET

import pyoxigraph as ox
import pytest

from _support import need_tool
from kg import exports
from kg.exports import diagrams

FILE_FORMATS = [name for name, e in exports.REGISTRY.items() if e.to == "file"]
PLATFORM = "https://w3id.org/kommune-ki/id/ki-plattform"
INITIATIVE = "https://w3id.org/kommune-ki/ont#Initiative"


def _rdf(syntax, per_source=False):
    def read(path):
        quads = list(ox.parse(path=str(path), format=syntax))
        assert any(q.subject.value == PLATFORM and q.object == ox.NamedNode(INITIATIVE) for q in quads)
        if per_source:  # one named graph per source
            graphs = {q.graph_name.value for q in quads if not isinstance(q.graph_name, ox.DefaultGraph)}
            assert "https://w3id.org/kommune-ki/source/seed" in graphs
        return len(quads)
    return read


def _graphml(path):
    import networkx as nx
    g = nx.read_graphml(path)
    ids = {d.get("id") for _, d in g.nodes(data=True)}
    assert "ki-plattform" in ids
    return g.number_of_edges()


def _facts_csv(path):
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))
    assert any(r["subject_id"] == "ki-plattform" and r["value"] == "KI-plattform for alle kommuner" for r in rows)
    return len(rows)


def _pptx(path):
    from pptx import Presentation
    prs = Presentation(str(path))
    text = " ".join(sh.text_frame.text for s in prs.slides for sh in s.shapes if sh.has_text_frame)
    assert "10 initiatives" in text   # the title slide counts the baseline's initiatives
    return len(prs.slides)


def _initiatives(path):
    from openpyxl import load_workbook
    sheet = load_workbook(path, read_only=True).worksheets[0]
    ids = [r[0] for r in sheet.iter_rows(min_row=2, values_only=True) if r and r[0]]
    assert "ki-plattform" in ids
    return len(ids)


# each file format's own reader: it parses the file and returns how many things it holds
READERS = {"ttl": _rdf(ox.RdfFormat.TURTLE), "trig": _rdf(ox.RdfFormat.TRIG, True),
           "nq": _rdf(ox.RdfFormat.N_QUADS, True),
           "nt": _rdf(ox.RdfFormat.N_TRIPLES), "jsonld": _rdf(ox.RdfFormat.JSON_LD), "graphml": _graphml,
           "csv": _facts_csv, "pptx": _pptx, "initiatives": _initiatives}


def test_kg_export_offers_exactly_the_registry():
    from kg.cli.workspace_cmds import export
    fmt = next(p for p in export.params if p.name == "fmt")
    assert list(fmt.type.choices) == list(exports.REGISTRY)
    assert set(READERS) == set(FILE_FORMATS)   # a new file format needs its reader here


@pytest.mark.parametrize("name", list(exports.REGISTRY))
def test_every_writer_has_the_one_signature(name):
    entry = exports.REGISTRY[name]
    params = list(inspect.signature(entry.function()).parameters.values())
    positional = [p for p in params if p.kind == inspect.Parameter.POSITIONAL_OR_KEYWORD]
    keyword = [p.name for p in params if p.kind == inspect.Parameter.KEYWORD_ONLY]
    assert len(positional) == 2 and len(params) == 2 + len(keyword), params   # (ws, target, *, …)
    assert set(keyword) == set(entry.options) | set(entry.fixed)


@pytest.mark.parametrize("name", FILE_FORMATS)
def test_every_export_format_writes_a_file_its_own_reader_parses(name, cli_run, baseline_dir, tmp_path):
    if name == "pptx":
        need_tool("dot")   # the deck's diagrams
    out = tmp_path / f"out.{exports.REGISTRY[name].suffix}"
    res = cli_run(["--data", baseline_dir, "--lang", "en", "export", name, "-o", out])
    assert res.exit_code == 0, res.output
    assert out.stat().st_size > 0
    n = READERS[name](out)
    # what the command says it wrote is what the file holds
    assert f"Wrote {out} (" in res.stderr
    if exports.REGISTRY[name].counts[1] == "bytes":
        assert f"({out.stat().st_size} bytes)" in res.stderr
    else:
        assert f"({n} {exports.REGISTRY[name].counts[1]})" in res.stderr


REFUSED = [(name, key) for name, e in exports.REGISTRY.items()
           for key in ("source", "graph", "network", "title", "template", "gaps", "lang") if key not in e.options]


@pytest.mark.parametrize("name,key", REFUSED)
def test_an_option_a_format_does_not_take_is_refused_naming_those_that_do(name, key, cli_run, baseline_dir, tmp_path):
    from kg.cli.workspace_cmds import OPTION_FLAGS
    flag = OPTION_FLAGS[key]
    args = [flag] if key == "gaps" else [flag, "en" if key == "lang" else "x"]
    out = tmp_path / "out.bin"
    res = cli_run(["--data", baseline_dir, "--lang", "en", "export", name, "-o", out, *args])
    assert res.exit_code == 2
    takers = [n for n, e in exports.REGISTRY.items() if key in e.options]
    assert f"{flag} applies to {', '.join(takers)}, not to {name}." in res.stderr
    assert not out.exists()


def test_kg_diagram_has_one_subcommand_per_kind():
    from kg.cli import cli
    diagram = cli.commands["diagram"]   # as `kg diagram` finds it: every module adding a kind loaded
    # the board is the timeline's other style (kg diagram timeline --style board)
    assert set(diagram.commands) == {k for k, v in diagrams.REGISTRY.items() if not v.board}
    assert all(diagrams.REGISTRY[k].module == "timeline" for k, v in diagrams.REGISTRY.items() if v.board)


def test_each_diagram_command_offers_its_kinds_formats():
    from kg.cli import cli
    diagram = cli.commands["diagram"]   # every kind's command loaded, as `kg diagram` does
    for name, cmd in diagram.commands.items():
        fmt = next(p for p in cmd.params if p.name == "fmt")
        assert tuple(fmt.type.choices) == diagrams.REGISTRY[name].formats, name


@pytest.mark.parametrize("kind", list(diagrams.REGISTRY))
def test_every_diagram_writer_takes_its_model_then_keywords_only(kind):
    import importlib
    mod = importlib.import_module(f"kg.exports.diagrams.{diagrams.REGISTRY[kind].module}")
    names = ("to_svg",) if diagrams.REGISTRY[kind].svg_only else ("to_dot", "to_mermaid")
    if diagrams.REGISTRY[kind].board:
        names = ("board_to_dot", "board_to_mermaid")
    for name in names:
        params = list(inspect.signature(getattr(mod, name)).parameters.values())
        assert params[0].kind == inspect.Parameter.POSITIONAL_OR_KEYWORD, (kind, name)
        assert all(p.kind == inspect.Parameter.KEYWORD_ONLY for p in params[1:]), (kind, name, params)


def test_a_subcommand_outside_the_registry_is_refused():
    import click

    from kg.cli.diagram_cmds import diagram
    with pytest.raises(RuntimeError, match="in no registry"):
        diagram.add_command(click.Command("pie-chart"))
    assert "pie-chart" not in diagram.commands


@pytest.mark.parametrize("kind", list(diagrams.REGISTRY))
def test_every_diagram_kind_draws_through_kg_api(kind, baseline_dir):
    import kg
    need_tool("rsvg-convert" if diagrams.REGISTRY[kind].svg_only else "dot")
    pic = kg.open(baseline_dir).diagram(kind)
    svg = ET.fromstring(pic.svg("en").encode("utf-8"))
    assert svg.tag.endswith("svg")
    assert pic.png("nb").startswith(b"\x89PNG")
    if "dot" in diagrams.REGISTRY[kind].formats:
        dot = pic.dot("en")
        assert dot.lstrip().startswith(("digraph", "graph")) and dot.rstrip().endswith("}")
        assert pic.mermaid("en").strip()


def test_an_unknown_kind_names_the_registry(baseline_dir):
    import kg
    from kg.errors import UsageError
    with pytest.raises(UsageError) as e:
        kg.open(baseline_dir).diagram("pie-chart")
    assert all(k in e.value.en for k in diagrams.REGISTRY)


@pytest.mark.parametrize("module,command", [("check_report", ["check"]), ("diff_report", ["diff"]),
                                            ("import_report", ["import", "files"])])
def test_every_report_renderer_has_one_signature_and_its_command_offers_its_formats(module, command):
    import importlib

    from kg.cli import cli
    mod = importlib.import_module(f"kg.exports.{module}")
    params = list(inspect.signature(mod.render).parameters.values())
    assert [(p.name, p.kind) for p in params[1:]] == [("fmt", inspect.Parameter.KEYWORD_ONLY),
                                                      ("lang", inspect.Parameter.KEYWORD_ONLY)]
    cmd = cli
    for name in command:
        cmd = cmd.commands[name]
    fmt = next(p for p in cmd.params if p.name == "fmt")
    assert tuple(fmt.type.choices) == tuple(mod.FORMATS)
