"""click's own messages in Norwegian bokmål.

click writes its parser errors ("No such option", "Did you mean", "Missing argument")
and help headings ("Usage:", "Options:") through gettext, bound in each of its modules as
``_`` and ``ngettext``. :func:`use` points those names at this table for the language of
the run (``--lang`` / ``KG_LANG``, read before click parses), so everything kg prints in
nb mode is Norwegian. English passes through unchanged; a message missing here stays
English rather than breaking.
"""
from __future__ import annotations

import gettext
import importlib

MODULES = ("core", "exceptions", "parser", "formatting", "decorators", "types", "utils", "termui")

NB = {
    "Aborted!": "Avbrutt!",
    "deprecated": "foreldet",
    "Missing command.": "Mangler kommando.",
    "Options": "Valg",
    "Positional arguments": "Posisjonsargumenter",
    "Commands": "Kommandoer",
    "Value must be an iterable.": "Verdien må være en liste.",
    "env var: {var}": "miljøvariabel: {var}",
    "default: {default}": "standard: {default}",
    "(dynamic)": "(dynamisk)",
    "Missing argument": "Mangler argument",
    "unknown error": "ukjent feil",
    "Invalid value for {param_hint}: {message}": "Ugyldig verdi for {param_hint}: {message}",
    "Missing option": "Mangler valg",
    "Could not open file {filename!r}: {message}": "Kunne ikke åpne filen {filename!r}: {message}",
    "Error: {message}": "Feil: {message}",
    "Try '{command} {option}' for help.": "Prøv «{command} {option}» for hjelp.",
    "Missing parameter": "Mangler parameter",
    "required": "påkrevd",
    "Missing parameter: {param_name}": "Mangler parameter: {param_name}",
    "No such option {name!r}.": "Ukjent valg {name!r}.",
    "No such command {name!r}.": "Ukjent kommando {name!r}.",
    "Invalid value: {message}": "Ugyldig verdi: {message}",
    "Missing {param_type}": "Mangler {param_type}",
    "Invalid start character for option ({option})": "Ugyldig første tegn i valget ({option})",
    "Option {name!r} does not take a value.": "Valget {name!r} tar ingen verdi.",
    "Argument {name!r} takes {nargs} values.": "Argumentet {name!r} tar {nargs} verdier.",
    "Usage:": "Bruk:",
    "Do you want to continue?": "Vil du fortsette?",
    "Confirm the action without prompting.": "Bekreft handlingen uten å spørre.",
    "%(prog)s, version %(version)s": "%(prog)s, versjon %(version)s",
    "Show the version and exit.": "Vis versjonen og avslutt.",
    "Show this message and exit.": "Vis denne hjelpeteksten og avslutt.",
    "file": "fil",
    "directory": "mappe",
    "path": "sti",
    "Choose from:\n\t{choices}": "Velg blant:\n\t{choices}",
    "Choice({choices})": "Valg({choices})",
    "{value} is not in the range {range}.": "{value} er utenfor området {range}.",
    "{value!r} is not a valid boolean. Recognized values: {states}":
        "{value!r} er ikke en gyldig sannhetsverdi. Gyldige verdier: {states}",
    "{value!r} is not a valid {number_type}.": "{value!r} er ikke et gyldig {number_type}.",
    "{value!r} is not a valid UUID.": "{value!r} er ikke en gyldig UUID.",
    "{name} {filename!r} is a file.": "{name} {filename!r} er en fil.",
    "{name} {filename!r} is a directory.": "{name} {filename!r} er en mappe.",
    "{name} {filename!r} is not readable.": "{name} {filename!r} kan ikke leses.",
    "{name} {filename!r} is not writable.": "{name} {filename!r} kan ikke skrives.",
    "{name} {filename!r} is not executable.": "{name} {filename!r} kan ikke kjøres.",
    "{name} {filename!r} does not exist.": "{name} {filename!r} finnes ikke.",
    "Press any key to continue...": "Trykk en tast for å fortsette …",
    "Repeat for confirmation": "Gjenta for å bekrefte",
    "Error: The two entered values do not match.": "Feil: De to verdiene er ikke like.",
    "Error: invalid input": "Feil: ugyldig inndata",
    # click's words for the kind of parameter, and its number types
    "argument": "argument", "option": "valg", "parameter": "parameter",
    "integer": "heltall", "float": "desimaltall",
}
# (singular, plural) -> (singular, plural)
NB_PLURAL = {
    ("Got unexpected extra argument ({args})", "Got unexpected extra arguments ({args})"):
        ("Fikk et uventet ekstra argument ({args})", "Fikk uventede ekstra argumenter ({args})"),
    ("Takes {nargs} values but 1 was given.", "Takes {nargs} values but {len} were given."):
        ("Tar {nargs} verdier, men fikk 1.", "Tar {nargs} verdier, men fikk {len}."),
    ("Did you mean {possibility}?", "(Did you mean one of: {possibilities}?)"):
        ("Mente du {possibility}?", "(Mente du en av: {possibilities}?)"),
    ("Option {name!r} requires an argument.", "Option {name!r} requires {nargs} arguments."):
        ("Valget {name!r} krever en verdi.", "Valget {name!r} krever {nargs} verdier."),
    ("{value!r} is not {choice}.", "{value!r} is not one of {choices}."):
        ("{value!r} er ikke {choice}.", "{value!r} er ikke en av {choices}."),
    ("{value!r} does not match the format {format}.", "{value!r} does not match the formats {formats}."):
        ("{value!r} passer ikke med formatet {format}.", "{value!r} passer ikke med formatene {formats}."),
    ("{len_type} values are required, but {len_value} was given.",
     "{len_type} values are required, but {len_value} were given."):
        ("{len_type} verdier kreves, men fikk {len_value}.", "{len_type} verdier kreves, men fikk {len_value}."),
}

_lang = "en"
_used = False   # use() called: commands imported later are localised too


class VersionMessage(str):
    """The message of ``--version``: click formats it with ``%`` when the option is used,
    but takes it when the option is declared, before the language is known; this one
    picks its wording at the ``%``."""

    def __mod__(self, values):
        return _gettext("%(prog)s, version %(version)s") % values


def _gettext(message: str) -> str:
    if _lang == "nb":
        return NB.get(message, message)
    return gettext.gettext(message)


def _ngettext(singular: str, plural: str, n: int) -> str:
    if _lang == "nb" and (singular, plural) in NB_PLURAL:
        one, many = NB_PLURAL[(singular, plural)]
        return one if n == 1 else many
    return gettext.ngettext(singular, plural, n)


def use(lang: str) -> None:
    """Let click speak ``lang`` (nb or en) from now on in this process."""
    global _lang, _used
    _lang = lang
    for name in MODULES:
        mod = importlib.import_module(f"click.{name}")
        if hasattr(mod, "_"):
            mod._ = _gettext
        if hasattr(mod, "ngettext"):
            mod.ngettext = _ngettext
    # click names its number types in "'x' is not a valid integer" without gettext
    from click import types
    for cls, nb in ((types.IntParamType, "heltall"), (types.IntRange, "heltall"),
                    (types.FloatParamType, "desimaltall"), (types.FloatRange, "desimaltall")):
        en = cls.__dict__.get("_kg_name_en") or cls.__dict__["name"]
        cls._kg_name_en = en
        cls.name = nb if lang == "nb" else en
    _used = True
    localise_loaded()


def localise_loaded() -> None:
    """Give the commands imported so far their help in the language of the run (kg's
    commands are imported when first used: :class:`kg.cli.LazyCommands`). Nothing before
    :func:`use` has been called."""
    if not _used:
        return
    # click makes each command's --help option (and its help text) once and keeps it:
    # forget them, so they are made again in this language
    from kg.cli import cli
    from kg.cli.help_nb import walk
    for _, cmd in walk(cli, loaded=True):
        if getattr(cmd, "_help_option", None) is not None:
            cmd._help_option = None
    # and kg's own option help and command short help (kg/cli/help_nb.py)
    from kg.cli import help_nb
    help_nb.apply(_lang, cli)


def lang_of(args, env_lang: str | None) -> str:
    """The language a command line asks for, before click has parsed it."""
    from kg.i18n import resolve_lang
    args = list(args or [])
    chosen = None
    for i, a in enumerate(args):
        if a == "--":
            break
        if a == "--lang" and i + 1 < len(args):
            chosen = args[i + 1]
        elif a.startswith("--lang="):
            chosen = a.split("=", 1)[1]
    return resolve_lang(chosen if chosen in ("nb", "en") else env_lang)
