"""Every option's help and every command's line in a group's command list is Norwegian
in nb mode and English in en mode (kg/cli/help_nb.py), for the whole command tree."""
from __future__ import annotations

import re

import pytest

from kg.cli import cli
from kg.cli.help_nb import COMMANDS, OPTIONS, walk


def _squash(text: str) -> str:
    # click wraps help text (also at hyphens); compare without any whitespace
    return re.sub(r"\s+", "", text)


def _helped(cmd):
    return [p for p in cmd.params if getattr(p, "_kg_help_en", getattr(p, "help", None))
            and not getattr(p, "hidden", False)]


def _en(p) -> str:
    return getattr(p, "_kg_help_en", None) or p.help


COMMAND_PATHS = [path for path, _ in walk(cli)]


def test_every_option_and_command_has_a_norwegian_text():
    missing, used = [], set()
    for path, cmd in walk(cli):
        for p in _helped(cmd):
            used.add(_en(p))
            if _en(p) not in OPTIONS:
                missing.append(f"kg {path} {p.opts[0] if getattr(p, 'opts', None) else p.name}: {_en(p)!r}")
        if path and not cmd.hidden and path not in COMMANDS:
            missing.append(f"kg {path}: no short help in COMMANDS")
    assert not missing, "no bokmål in kg/cli/help_nb.py for:\n" + "\n".join(missing)
    assert not set(OPTIONS) - used, f"texts no option has any more: {sorted(set(OPTIONS) - used)}"
    assert not set(COMMANDS) - set(COMMAND_PATHS), "commands that are gone: " \
        f"{sorted(set(COMMANDS) - set(COMMAND_PATHS))}"


def test_translations_are_not_the_english():
    same = [en for en, nb in OPTIONS.items() if en == nb and "://" not in en]
    # the only texts allowed to stay as they are: none but pure syntax (bolt://…)
    assert not same, same


@pytest.mark.parametrize("path", COMMAND_PATHS, ids=lambda p: p or "kg")
def test_help_follows_the_language(cli_run, path):
    cmd = dict(walk(cli))[path]
    args = path.split() if path else []
    nb = cli_run(["--lang", "nb", *args, "--help"])
    assert nb.exit_code == 0, nb.stderr
    nb_out = _squash(nb.stdout)
    en = cli_run(["--lang", "en", *args, "--help"])
    assert en.exit_code == 0, en.stderr
    en_out = _squash(en.stdout)
    for p in _helped(cmd):
        assert _squash(OPTIONS[_en(p)]) in nb_out, (path, p.name)
        assert _squash(_en(p)) in en_out, (path, p.name)
        if _squash(_en(p)) != _squash(OPTIONS[_en(p)]):
            assert _squash(_en(p)) not in nb_out, (path, p.name)
    for name, sub in getattr(cmd, "commands", {}).items():
        if sub.hidden:
            continue
        sub_path = f"{path} {name}".strip()
        assert _squash(COMMANDS[sub_path]) in nb_out, sub_path
        assert _squash(COMMANDS[sub_path]) not in en_out, sub_path


def test_kg_lang_env_and_default_give_norwegian_option_help(cli_run):
    r = cli_run(["query", "deps", "--help"], env={"KG_LANG": "nb"})
    assert "Bare harde avhengigheter." in r.stdout and "Only hard dependencies." not in r.stdout
    r = cli_run(["query", "deps", "--help"], env={"KG_LANG": "en"})
    assert "Only hard dependencies." in r.stdout and "Bare harde avhengigheter." not in r.stdout
    r = cli_run(["--help"], env={"KG_LANG": "en"})
    assert "Check the workspace for gaps" in r.stdout and "Sjekk arbeidsområdet" not in r.stdout
    r = cli_run(["--help"], env={"KG_LANG": "nb"})
    assert "Sjekk arbeidsområdet for mangler" in r.stdout
