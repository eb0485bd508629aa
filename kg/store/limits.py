"""Limits that protect the machine from an input file: its size on disk, its number of
rows, and (for XLSX, a ZIP archive) the size it unpacks to.

Defaults are far above any real roadmap spreadsheet (the KS baseline is ~50 rows) and
below what would exhaust a laptop. Each can be raised (or lowered) per command with
``kg import --max-size SIZE --max-rows N`` or for a whole session with the environment
variables ``KG_MAX_BYTES``, ``KG_MAX_ROWS`` and ``KG_MAX_UNZIPPED``. Sizes take a unit:
``500M``, ``2G``, ``300000`` (bytes).

Every check raises :class:`kg.errors.InputError` (exit code 2) naming the file, the
figure and the flag that raises the limit, in nb and en, before the file is parsed.
"""
from __future__ import annotations

import os
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

from kg.errors import InputError, UsageError
from kg.i18n import number

DEFAULT_MAX_BYTES = 200 * 1024 * 1024        # 200 MB on disk
DEFAULT_MAX_ROWS = 100_000                   # data rows of a spreadsheet (a 100k-row import takes GBs)
DEFAULT_MAX_UNZIPPED = 1024 * 1024 * 1024    # 1 GB: what an XLSX's members unpack to

_overrides: dict[str, int] = {}
_UNITS = {"": 1, "b": 1, "k": 1024, "kb": 1024, "m": 1024 ** 2, "mb": 1024 ** 2,
          "g": 1024 ** 3, "gb": 1024 ** 3}


@dataclass(frozen=True)
class Limits:
    max_bytes: int
    max_rows: int
    max_unzipped: int


def parse_size(text: str | int, what: str = "--max-size") -> int:
    """``'500M'`` → 524288000. Raises UsageError for anything else."""
    if isinstance(text, int):
        return text
    m = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([kKmMgG]?[bB]?)\s*", str(text))
    if not m or m.group(2).lower() not in _UNITS:
        raise UsageError(f"{what}: '{text}' is not a size (examples: 500M, 2G, 300000).",
                         f"{what}: «{text}» er ikke en størrelse (eksempler: 500M, 2G, 300000).")
    return int(float(m.group(1)) * _UNITS[m.group(2).lower()])


def _count(text: str, what: str) -> int:
    try:
        n = int(str(text).replace("_", "").strip())
    except ValueError:
        n = -1
    if n < 0:
        raise UsageError(f"{what}: '{text}' is not a whole number.", f"{what}: «{text}» er ikke et heltall.")
    return n


def configure(*, max_bytes: str | int | None = None, max_rows: str | int | None = None,
              max_unzipped: str | int | None = None) -> None:
    """Set limits for this process (the command-line flags); None leaves a limit as it is."""
    if max_bytes is not None:
        _overrides["max_bytes"] = parse_size(max_bytes, "--max-size")
    if max_rows is not None:
        _overrides["max_rows"] = _count(max_rows, "--max-rows")
    if max_unzipped is not None:
        _overrides["max_unzipped"] = parse_size(max_unzipped, "KG_MAX_UNZIPPED")


def reset() -> None:
    _overrides.clear()


def current() -> Limits:
    """The limits in force: flags, then environment, then defaults."""
    env = os.environ
    return Limits(
        max_bytes=_overrides.get("max_bytes") or (parse_size(env["KG_MAX_BYTES"], "KG_MAX_BYTES")
                                                   if env.get("KG_MAX_BYTES") else DEFAULT_MAX_BYTES),
        max_rows=_overrides.get("max_rows") or (_count(env["KG_MAX_ROWS"], "KG_MAX_ROWS")
                                                 if env.get("KG_MAX_ROWS") else DEFAULT_MAX_ROWS),
        max_unzipped=_overrides.get("max_unzipped") or (parse_size(env["KG_MAX_UNZIPPED"], "KG_MAX_UNZIPPED")
                                                         if env.get("KG_MAX_UNZIPPED") else DEFAULT_MAX_UNZIPPED),
    )


def _mb(n: int) -> str:
    return f"{n / (1024 * 1024):.1f} MB" if n >= 1024 * 1024 else f"{n} bytes"


def check_file_size(path: str | os.PathLike) -> None:
    """Refuse a file larger than ``max_bytes`` before reading it."""
    lim = current().max_bytes
    try:
        size = Path(path).stat().st_size
    except OSError:
        return  # the reader reports a missing or unreadable file itself
    if size > lim:
        raise InputError(
            f"the file is too large ({_mb(size)}; the limit is {_mb(lim)}).",
            f"filen er for stor ({_mb(size)}; grensen er {_mb(lim)}).", file=str(path),
            hint_en="If the file is right, raise the limit with --max-size (e.g. --max-size 2G) or KG_MAX_BYTES.",
            hint_nb="Er filen riktig, hev grensen med --max-size (f.eks. --max-size 2G) eller KG_MAX_BYTES.")


def check_rows(n: int, path: str | os.PathLike) -> None:
    """Refuse a table with more than ``max_rows`` data rows (call with the count so far)."""
    lim = current().max_rows
    if n > lim:
        raise InputError(
            f"the file has more than {number(lim, ' ')} rows (the limit).",
            f"filen har mer enn {number(lim, ' ')} rader (grensen).", file=str(path),
            hint_en="If the file is right, raise the limit with --max-rows N or KG_MAX_ROWS.",
            hint_nb="Er filen riktig, hev grensen med --max-rows N eller KG_MAX_ROWS.")


def check_zip(path: str | os.PathLike) -> None:
    """Refuse a ZIP (XLSX) whose members would unpack to more than ``max_unzipped`` bytes,
    judged from the sizes in its central directory before anything is decompressed (a
    "zip bomb": a few kB that expand to gigabytes). Python's zipfile never yields more
    than a member's declared size, so a directory that lies only makes the read fail."""
    lim = current().max_unzipped
    try:
        with zipfile.ZipFile(path) as z:
            infos = z.infolist()
    except Exception as e:  # noqa: BLE001 - zipfile raises BadZipFile, NotImplementedError, struct.error …
        raise InputError(f"not a readable Excel workbook (damaged ZIP: {type(e).__name__}: {e}).",
                         f"ikke en lesbar Excel-arbeidsbok (skadet ZIP: {type(e).__name__}: {e}).", file=str(path)) from None
    total = sum(max(i.file_size, 0) for i in infos)
    if len(infos) > 10_000:
        raise InputError(f"the workbook holds {len(infos)} parts; that is not a spreadsheet kg will open.",
                         f"arbeidsboken har {len(infos)} deler; det er ikke et regneark kg åpner.", file=str(path))
    if total > lim:
        raise InputError(
            f"the workbook would unpack to {_mb(total)} (the limit is {_mb(lim)}); kg does not open it.",
            f"arbeidsboken ville pakket seg ut til {_mb(total)} (grensen er {_mb(lim)}); kg åpner den ikke.",
            file=str(path),
            hint_en="If the workbook is genuine, raise the limit with KG_MAX_UNZIPPED (e.g. KG_MAX_UNZIPPED=4G).",
            hint_nb="Er arbeidsboken ekte, hev grensen med KG_MAX_UNZIPPED (f.eks. KG_MAX_UNZIPPED=4G).")
