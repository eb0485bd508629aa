"""kg imports a command's modules when the command is first used (kg.cli.LAZY_COMMANDS):
a command looked up alone has the same help, subcommands and Norwegian texts as when every
module is imported, and a command that needs little does not import the rest."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest

from kg.cli import LAZY_COMMANDS

# in a fresh process: the help of every command below NAME (nb and en) with only NAME
# looked up, then the same with every command module imported
PROBE = r"""
import json, sys
from click.testing import CliRunner
from kg.cli import cli
from kg.cli.help_nb import walk
name = sys.argv[1]

def helps():
    out = {}
    for path, _ in walk(cli.commands[name], name):
        for lang in ("nb", "en"):
            r = CliRunner().invoke(cli, ["--lang", lang, *path.split(), "--help"])
            out[lang + " " + path] = [r.exit_code, r.output]
    return out

alone = helps()
mods = sorted(m for m in sys.modules if m.startswith("kg.cli.") and m.endswith("_cmds"))
names = sorted(cli.commands)            # lists them all: imports every module
print(json.dumps({"alone": alone, "all": helps(), "mods": mods, "names": names}))
"""


def _probe(name: str) -> dict:
    r = subprocess.run([sys.executable, "-c", PROBE, name], capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    return json.loads(r.stdout)


@pytest.mark.parametrize("name", sorted(LAZY_COMMANDS))
def test_a_command_alone_is_the_command_with_everything_imported(name):
    got = _probe(name)
    assert got["alone"], f"kg {name} was not found"
    for key, (code, text) in got["alone"].items():
        assert code == 0, f"kg {key} --help: exit {code}: {text}"
        assert got["all"][key] == [code, text], f"kg {key} --help differs when every command is imported"
    assert set(got["all"]) == set(got["alone"]), "subcommands only there when every command is imported: " \
        f"{sorted(set(got['all']) - set(got['alone']))}"
    # every top-level command is in the map (a new command module must be added to it)
    assert set(got["names"]) == set(LAZY_COMMANDS)


def test_a_small_command_imports_no_other_command_module():
    code = ("import sys\nfrom kg.cli import main\n"
            "try:\n    main(['--lang', 'en', 'sources', '--help'])\nexcept SystemExit:\n    pass\n"
            "print(sorted(m for m in sys.modules if m.startswith(('kg.cli.', 'rdflib', 'kg.check.engine'))))")
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert r.returncode == 0, r.stderr
    assert "List the sources" in r.stdout
    loaded = eval(r.stdout.strip().splitlines()[-1])  # a list of module names, printed above
    assert "kg.cli.workspace_cmds" in loaded
    for m in ("kg.cli.check_cmds", "kg.cli.diagram_cmds", "kg.cli.neo4j_cmds", "kg.cli.import_cmds",
              "kg.cli.diff_cmds", "kg.cli.serve_cmds", "kg.cli.lens_cmds", "rdflib", "kg.check.engine"):
        assert m not in loaded, f"kg sources imported {m}"


def test_unknown_command_still_suggests_the_closest(cli_run):
    # the suggestion lists every command: it imports them all, as before the lazy import
    r = cli_run(["--lang", "en", "chek"])
    assert r.exit_code == 2
    assert "No such command 'chek'" in r.stderr and "Did you mean 'check'?" in r.stderr



@pytest.mark.parametrize("module,group,registry", [
    ("kg.cli.diagram_cmds", "diagram", "[k for k, v in __import__('kg.facade').facade.DIAGRAMS.items() if not v.board]"),
    ("kg.cli.query_cmds", "query", "list(__import__('kg.queries').queries.REGISTRY)")])
def test_a_group_has_every_kind_whichever_module_came_first(module, group, registry):
    """`kg diagram`'s kinds and `kg query`'s questions are defined in several modules
    (vendors with its lens, in kg.cli.lens_cmds; the dependency questions in
    kg.cli.query_analysis_cmds): the group imports them itself when its kinds are listed
    or looked up, so its help lists every kind of its registry also when only the group's
    own module was imported (as `kg report` and `kg demo` import the diagrams')."""
    code = (
        f"import sys\nfrom click.testing import CliRunner\nimport {module} as d\n"
        "before = 'kg.cli.lens_cmds' in sys.modules\n"
        f"r = CliRunner().invoke(d.{group}, ['--help'], obj=None)\n"
        f"print(before, r.exit_code, {registry})\n"
        "print(r.output)\n")
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert r.returncode == 0, r.stderr
    head, help_text = r.stdout.split("\n", 1)
    before, code_, kinds = head.split(" ", 2)
    assert before == "False" and code_ == "0"   # nothing had imported the vendors kind yet
    section = help_text.split("Commands:\n", 1)[1].split("\n\n", 1)[0]
    listed = [line.split()[0] for line in section.splitlines()]
    assert listed == eval(kinds) and "vendors" in listed   # every kind, in the registry's order
