"""Each command's --help is wholly in the language of the run: in nb mode the Norwegian
page (kg/cli/help_nb_pages.py), Norwegian usage words and metavars, no English prose; in
en mode the English docstring and examples, no Norwegian prose. Walks the whole command
tree in both languages."""
from __future__ import annotations

import inspect
import re

import pytest

from kg.cli import cli
from kg.cli.help_nb import METAVAR_WORDS, walk
from kg.cli.help_nb_pages import PAGES

# words that are not Norwegian and carry English prose (none of them is a bokmål word)
EN_WORDS = {"the", "and", "of", "with", "is", "are", "which", "what", "each", "every", "only",
            "from", "this", "that", "its", "it", "not", "when", "into", "your", "has", "have",
            "would", "other", "also", "one", "show", "shows", "where", "there"}
# words that are not English and carry Norwegian prose
NB_WORDS = {"og", "av", "med", "som", "ikke", "eller", "hva", "hver", "hvert", "bare", "alle",
            "kan", "fra", "til", "er", "på", "det", "den", "ett", "én", "når", "hvis", "også",
            "blir", "må", "uten", "etter", "før", "gjelder", "skal"}

# an example line: optional "Example: ", env assignments, then the command
EXAMPLE = re.compile(r"^(?:Examples?: |Eksempel: )?(?:[A-Z0-9_]+=\S* )*(?:kg|echo|export) ")
# a block of sample output, up to the next blank line
SAMPLE = re.compile(r"^(On the baseline|On a small sheet|På basisveikartet|På et lite regneark),")

# `kg import --help` shows the page of its hidden default command (kg import FILE…)
SHOWN = {"import": "import files"}
PATHS = [p for p, c in walk(cli) if not c.hidden or p == "import files"]


def _first_paragraph(text: str) -> str:
    return inspect.cleandoc(text).split("\n\n")[0]


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _en_help(path):
    cmd = dict(walk(cli))[SHOWN.get(path, path)]
    return getattr(cmd, "_kg_help_en", None) or cmd.help


def _prose(out: str) -> str:
    """The help text minus what is not prose: example commands (their comments stay),
    sample output, option names, metavars and choices, and command names."""
    keep, in_sample, in_commands = [], False, False
    for line in out.splitlines()[1:]:          # the usage line names the command
        s = line.strip()
        if in_sample:
            in_sample = bool(s)
            continue
        if SAMPLE.match(s):
            in_sample = True
            continue
        if line in ("Commands:", "Kommandoer:"):
            in_commands = True
        elif not line.startswith(" "):
            in_commands = False
        if EXAMPLE.match(s):
            s = s.split(" # ", 1)[1] if " # " in s else ""
        elif s.startswith("-") or (in_commands and re.match(r"\S+\s{2,}", s)):
            s = re.split(r"\s{2,}", s, maxsplit=1)[1] if re.search(r"\s{2,}", s) else ""
        keep.append(re.sub(r"\[[^\]]*\]", "", s))
    return "\n".join(keep)


def _words(text: str) -> set[str]:
    return {w.lower() for w in re.findall(r"[\w'’-]+", text) if not w.startswith("-")}


def _examples(epilog: str | None) -> list[str]:
    """The example commands of an epilog, without their comments, spaces squeezed."""
    out = []
    for line in (epilog or "").splitlines():
        s = line.strip()
        if EXAMPLE.match(s):
            s = re.sub(r"^(?:Examples?: |Eksempel: )", "", s)
            out.append(" ".join(s.split(" # ", 1)[0].split()))
    return out


def test_every_command_has_a_norwegian_page_and_no_page_is_stale():
    assert set(PAGES) == set(PATHS), (sorted(set(PATHS) - set(PAGES)), sorted(set(PAGES) - set(PATHS)))


@pytest.mark.parametrize("path", PATHS, ids=lambda p: p or "kg")
def test_examples_are_the_same_commands_in_both_languages(path):
    cmd = dict(walk(cli))[path]
    en = _examples(getattr(cmd, "_kg_epilog_en", cmd.epilog))
    nb = _examples(PAGES[path][1])
    assert en == nb
    if path != "import":        # the group's page is its default command's
        assert en, f"kg {path} --help has no example"


@pytest.mark.parametrize("path", PATHS, ids=lambda p: p or "kg")
def test_help_is_wholly_in_the_chosen_language(cli_run, path):
    args = path.split()
    nb = cli_run(["--lang", "nb", *args, "--help"])
    en = cli_run(["--lang", "en", *args, "--help"])
    assert nb.exit_code == 0 and en.exit_code == 0, nb.stderr + en.stderr
    page = PAGES[SHOWN.get(path, path)]
    en_first, nb_first = _squash(_first_paragraph(_en_help(path))), _squash(_first_paragraph(page[0]))
    assert nb_first != en_first
    # the page of the language, and not the other's
    assert nb_first in _squash(nb.stdout) and en_first not in _squash(nb.stdout)
    assert en_first in _squash(en.stdout) and nb_first not in _squash(en.stdout)

    # usage line and headings
    usage = nb.stdout.splitlines()[0]
    assert usage.startswith("Bruk: ") and "[VALG]" in usage, usage
    assert not set(re.findall(r"[A-Z]{2,}", usage)) & (set(METAVAR_WORDS) | {"OPTIONS", "COMMAND", "ARGS"}), usage
    assert en.stdout.startswith("Usage: ") and "[OPTIONS]" in en.stdout.splitlines()[0]
    for heading in ("Options:", "Commands:", "Usage:", "Examples:", "Example:"):
        assert heading not in nb.stdout
    for heading in ("Valg:", "Kommandoer:", "Bruk:", "Eksempler:", "Eksempel:"):
        assert heading not in en.stdout
    # no English metavar left in an option row (e.g. --source NAME)
    rows = [l for l in nb.stdout.splitlines() if l.lstrip().startswith("-")]
    left = {w for r in rows for w in re.findall(r"(?<![\w-])[A-Z]{2,}(?![\w-])", r.split("  ")[0] if "  " in r.strip() else r)}
    assert not left & set(METAVAR_WORDS), left

    # no prose of the other language
    assert not _words(_prose(nb.stdout)) & EN_WORDS, (_words(_prose(nb.stdout)) & EN_WORDS, nb.stdout)
    assert not _words(_prose(en.stdout)) & NB_WORDS, (_words(_prose(en.stdout)) & NB_WORDS, en.stdout)


def test_the_word_checks_can_fail():
    # the checks above see English and Norwegian prose when there is some
    assert _words(_prose("Usage: kg init\n  Examples:\n    kg init   # make the workspace with the baseline")) & EN_WORDS
    assert _words(_prose("Bruk: kg diff\n  Hva som er endret")) & NB_WORDS
    assert not _words(_prose("Bruk: kg query order\n  På basisveikartet, kg query order:\n    1  4  FoU: KI i helse og omsorg\n")) & NB_WORDS
    assert _examples("\b\nEksempler:\n  NEO4J_PASSWORD=… kg neo4j push   # x\n  kg a  b") == \
        ["NEO4J_PASSWORD=… kg neo4j push", "kg a b"]


def test_usage_errors_speak_the_language_of_the_run(cli_run):
    nb = cli_run(["query", "deps", "x", "--depth", "abc"], env={"KG_LANG": "nb"})
    assert nb.exit_code == 2
    assert "Bruk: cli query deps [VALG] ID" in nb.stderr
    assert "'abc' er ikke et gyldig heltall." in nb.stderr and "integer" not in nb.stderr
    en = cli_run(["query", "deps", "x", "--depth", "abc"], env={"KG_LANG": "en"})
    assert "Usage: cli query deps [OPTIONS] ID" in en.stderr and "is not a valid integer range" in en.stderr
    nb = cli_run(["remove"], env={"KG_LANG": "nb"})
    assert "Mangler argument 'KILDE'." in nb.stderr and "SOURCE" not in nb.stderr
    en = cli_run(["remove"], env={"KG_LANG": "en"})
    assert "Missing argument 'SOURCE'." in en.stderr


def test_version_speaks_the_language_of_the_run(cli_run):
    # click takes the --version message when the option is declared, before the language
    # of the run is known: the message still follows the language at the time it is shown
    assert cli_run(["--lang", "nb", "--version"]).stdout.startswith("kg, versjon ")
    assert cli_run(["--lang", "en", "--version"]).stdout.startswith("kg, version ")
    assert cli_run(["--version"], env={"KG_LANG": "nb"}).stdout.startswith("kg, versjon ")
