"""YAML mappings for foreign tables (SPEC.md "Foreign spreadsheets").

Example::

    columns:                      # their header -> our template column (nb or en name)
      Prosjektnavn: tittel
      Virksomhet: eier
      Fase: status
      Oppstartsår: start
      Samarbeidspartnere: kommuner
    values:                       # per template column: their word -> ours
      status:
        "I utvikling": pågående
        "Pilot": pågående
        "Ukjent": ""              # an empty word drops the value (a gap, reported by kg check)
    split:                        # per column: a regular expression between list items
      kommuner: '[,;\\n]|\\bog\\b'
    defaults:                     # for columns the table lacks, or empty cells
      regelverk: gdpr
    id: [Virksomhet, Prosjektnavn]   # the column(s) that identify a row, joined with '-'

Columns not named under ``columns`` are kept on each initiative as ``kg:note`` values.
Quote yes/no words in YAML ("yes": ja), or YAML reads them as booleans.
"""
from __future__ import annotations

import difflib
import re
from pathlib import Path

from kg.errors import InputError
from kg.i18n import fold
from kg.importers.tabular.contract import BY_KEY, COLUMNS, Mapping, column_for, header_key

KEYS = ("columns", "values", "split", "defaults", "id")


def _word(v) -> str:
    if v is True:
        return "ja"
    if v is False:
        return "nei"
    if v is None:
        return ""
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v)


def _key_word(v) -> str:
    if v is True:
        return "true"
    if v is False:
        return "false"
    return _word(v)


def _target(file: str, section: str, name, columns: dict[str, str | None]) -> str:
    key = column_for(str(name))
    if key:
        return key
    mapped = columns.get(header_key(str(name)))
    if mapped:
        return mapped
    names = [c.key for c in COLUMNS] + [c.en for c in COLUMNS]
    near = difflib.get_close_matches(str(name), names, n=3, cutoff=0.5)
    en = f"{section}: '{name}' is not a template column"
    nb = f"{section}: «{name}» er ikke en malkolonne"
    if near:
        en += "; closest: " + ", ".join(near)
        nb += "; nærmeste: " + ", ".join(near)
    raise InputError(en, nb, file=file,
                     hint_en="Template columns: " + ", ".join(c.key for c in COLUMNS),
                     hint_nb="Malkolonner: " + ", ".join(c.key for c in COLUMNS))


MAX_MAPPING_BYTES = 1024 * 1024
MAX_YAML_DEPTH = 20


def _plain_yaml(text: str, file: str) -> None:
    """A mapping is small, flat YAML: no anchors or aliases (an alias structure can stand
    for billions of nodes), at most MAX_YAML_DEPTH levels (PyYAML recurses per level),
    at most 1 MB. Judged on the parser's events, before anything is built."""
    import yaml
    if len(text) > MAX_MAPPING_BYTES:
        raise InputError("a mapping file is at most 1 MB; this one is larger.",
                         "en tilordningsfil er på høyst 1 MB; denne er større.", file=file)
    depth = 0
    for ev in yaml.parse(text, Loader=yaml.SafeLoader):
        if isinstance(ev, yaml.AliasEvent) or getattr(ev, "anchor", None):
            line = ev.start_mark.line + 1
            raise InputError(f"line {line}: YAML anchors and aliases (&name, *name) are not allowed in a mapping.",
                             f"linje {line}: YAML-ankere og -aliaser (&navn, *navn) er ikke tillatt i en tilordning.",
                             file=file, hint_en="Write the values out in full.", hint_nb="Skriv verdiene helt ut.")
        if isinstance(ev, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            depth += 1
            if depth > MAX_YAML_DEPTH:
                line = ev.start_mark.line + 1
                raise InputError(f"line {line}: the YAML nests more than {MAX_YAML_DEPTH} levels deep; "
                                 "a mapping needs three.",
                                 f"linje {line}: YAML-en er nøstet mer enn {MAX_YAML_DEPTH} nivåer dypt; "
                                 "en tilordning trenger tre.", file=file)
        elif isinstance(ev, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            depth -= 1


def safe_pattern(pattern: str, file: str, where: str) -> str:
    """``pattern`` if it cannot backtrack without bound, else InputError.

    A split pattern is what separates list items: characters, classes, words, ``\\b``,
    and alternatives of those, with quantifiers on single characters or classes
    (``\\s*``, ``[,;]+``). Refused: a quantifier on a group (``(a+)+``, ``(x|x)*``, the
    shapes of catastrophic backtracking), backreferences and lookarounds, and more than
    200 characters."""
    try:
        from re import _parser as sre_parse   # Python 3.11+
    except ImportError:  # pragma: no cover
        import sre_parse
    try:
        tree = sre_parse.parse(pattern)
    except re.error:
        return pattern   # re.compile reports it with its position
    bad = None
    nb_of = {"longer than 200 characters": "mer enn 200 tegn", "a quantifier on a group": "en kvantor på en gruppe",
             "a backreference": "en tilbakereferanse", "a lookahead or lookbehind": "et blikk forover eller bakover"}
    if len(pattern) > 200:
        bad = "longer than 200 characters"
    stack = [tree]
    while stack and not bad:
        for op, av in stack.pop():
            name = str(op)
            if name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"):
                body = av[2]
                if any(str(o) not in ("LITERAL", "NOT_LITERAL", "IN", "ANY", "CATEGORY") for o, _ in body):
                    bad = "a quantifier on a group"
            elif name in ("GROUPREF", "GROUPREF_EXISTS"):
                bad = "a backreference"
            elif name in ("ASSERT", "ASSERT_NOT"):
                bad = "a lookahead or lookbehind"
            elif name == "SUBPATTERN":
                stack.append(av[-1])
            elif name == "BRANCH":
                stack.extend(av[1])
            elif name == "ATOMIC_GROUP":
                stack.append(av)
    if bad:
        raise InputError(f"{where}: the pattern holds {bad}, which can make matching run for minutes; "
                         "use separators such as '[,;]' or '\\s*;\\s*|\\bog\\b'.",
                         f"{where}: mønsteret har {nb_of[bad]}, som kan "
                         "få matchingen til å gå i minutter; bruk skilletegn som '[,;]' eller '\\s*;\\s*|\\bog\\b'.",
                         file=file)
    return pattern


def load(path: str | Path) -> Mapping:
    """Read and check a mapping file; every mistake names the file and the key."""
    import yaml
    p = Path(path)
    file = str(p)
    try:
        text = p.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise InputError("no such file.", "finner ikke filen.", file=file) from None
    except (OSError, UnicodeDecodeError) as e:
        raise InputError(f"cannot read the mapping: {e}", f"kan ikke lese tilordningen: {e}", file=file) from None
    try:
        _plain_yaml(text, file)
        data = yaml.safe_load(text)
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        where = f" (line {mark.line + 1}, column {mark.column + 1})" if mark else ""
        where_nb = f" (linje {mark.line + 1}, kolonne {mark.column + 1})" if mark else ""
        raise InputError(f"not valid YAML{where}: {getattr(e, 'problem', e)}",
                         f"ikke gyldig YAML{where_nb}: {getattr(e, 'problem', e)}", file=file) from None
    if not isinstance(data, dict):
        raise InputError("a mapping must be a YAML dictionary with columns:, values:, split:, defaults:, id:",
                         "en tilordning må være en YAML-ordbok med columns:, values:, split:, defaults:, id:", file=file)
    unknown = [k for k in data if k not in KEYS]
    if unknown:
        raise InputError(f"unknown key(s) {', '.join(map(str, unknown))}; allowed: {', '.join(KEYS)}",
                         f"ukjent(e) nøkkel(er) {', '.join(map(str, unknown))}; tillatt: {', '.join(KEYS)}", file=file)
    m = Mapping(file=file)
    cols = data.get("columns") or {}
    if not isinstance(cols, dict):
        raise InputError("columns: must be a dictionary 'their header: our column'",
                         "columns: må være en ordbok «deres overskrift: vår kolonne»", file=file)
    for theirs, ours in cols.items():
        if ours is None or ours == "":
            m.columns[header_key(str(theirs))] = None
            continue
        m.columns[header_key(str(theirs))] = _target(file, "columns", ours, {})
    for section in ("values", "split", "defaults"):
        d = data.get(section) or {}
        if not isinstance(d, dict):
            raise InputError(f"{section}: must be a dictionary", f"{section}: må være en ordbok", file=file)
        for name, v in d.items():
            key = _target(file, section, name, m.columns)
            if section == "values":
                if not isinstance(v, dict):
                    raise InputError(f"values: {name}: must be a dictionary 'their word: our word'",
                                     f"values: {name}: må være en ordbok «deres ord: vårt ord»", file=file)
                m.values.setdefault(key, {}).update(
                    {fold(" ".join(_key_word(a).split())): _word(b) for a, b in v.items()})
            elif section == "split":
                try:
                    m.split[key] = re.compile(safe_pattern(str(v), file, f"split: {name}"))
                except re.error as e:
                    raise InputError(f"split: {name}: not a valid regular expression: {e}",
                                     f"split: {name}: ikke et gyldig regulært uttrykk: {e}", file=file) from None
                if not BY_KEY[key].many:
                    raise InputError(f"split: {name}: '{key}' holds a single value, not a list",
                                     f"split: {name}: «{key}» har én verdi, ikke en liste", file=file)
            else:
                m.defaults[key] = _word(v)
    ids = data.get("id")
    if ids is not None:
        ids = ids if isinstance(ids, list) else [ids]
        m.id_headers = [str(x) for x in ids]
        m.id = [header_key(x) for x in m.id_headers]
    return m
