"""One exception root. Every error says what failed, where, and what to do, in nb and en.

Exit codes (documented in the README): 0 success; 1 the check found violations or the
thing asked for is not there; 2 usage or input error.
"""
from __future__ import annotations


class KgError(Exception):
    """Root of every error kg raises on purpose. ``message(lang)`` is what the user reads."""

    exit_code = 2

    def __init__(self, en: str, nb: str | None = None, *, hint_en: str = "", hint_nb: str = ""):
        super().__init__(en)
        self.en = en
        self.nb = nb or en
        self.hint_en = hint_en
        self.hint_nb = hint_nb or hint_en

    def message(self, lang: str = "nb") -> str:
        text = self.nb if lang == "nb" else self.en
        hint = self.hint_nb if lang == "nb" else self.hint_en
        return f"{text}\n{hint}" if hint else text


class UsageError(KgError):
    """The command was called wrongly (unknown option value, missing argument)."""


class InputError(KgError):
    """A file or value the user gave cannot be used. Names file, row and column when known."""

    def __init__(self, en: str, nb: str | None = None, *, file: str | None = None,
                 row: int | None = None, column: str | None = None, **kw):
        where = ":".join(str(x) for x in (file, row, column) if x not in (None, ""))
        if where:
            en = f"{where}: {en}"
            nb = f"{where}: {nb or en.split(': ', 1)[-1]}"
        super().__init__(en, nb, **kw)
        self.file, self.row, self.column = file, row, column


class NotFound(KgError):
    """The thing asked for is not in the workspace. Carries the closest matches."""

    exit_code = 1

    def __init__(self, en: str, nb: str | None = None, *, suggestions: list[str] | None = None, **kw):
        self.suggestions = list(suggestions or [])
        if self.suggestions:
            en += "\nClosest matches: " + ", ".join(self.suggestions)
            nb = (nb or en) + "\nNærmeste treff: " + ", ".join(self.suggestions)
        super().__init__(en, nb, **kw)


class WorkspaceError(KgError):
    """The workspace is missing, damaged or busy."""


class WorkspaceBusy(WorkspaceError):
    """Another kg process is writing to the workspace."""


class ToolMissing(KgError):
    """An external program kg needs (such as graphviz's dot) is not installed."""
