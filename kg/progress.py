"""One line of progress on stderr for work that takes a while (an import of thousands of
rows, a check of a large workspace), for a person watching a terminal.

The line is rewritten in place (carriage return), at most ten times a second, and erased
when the work is done, so what a command prints on stdout, and what it writes to a file
or a pipe, never changes. It is shown only where stderr is a terminal; ``KG_PROGRESS=1``
shows it anyway (for a log), ``KG_PROGRESS=0`` never. The texts come in the language the
caller chose: this module only writes them.

Example::

    status = Status()
    for i, row in enumerate(rows):
        status.count(t("Rad", "Row"), i, len(rows))
    status.done()
"""
from __future__ import annotations

import os
import sys
import time
import unicodedata

from kg.i18n import number


def enabled(stream=None) -> bool:
    """Should progress be shown on ``stream`` (default stderr)?"""
    stream = stream or sys.stderr
    if stream is None:   # started with stderr closed
        return False
    flag = os.environ.get("KG_PROGRESS", "").strip().lower()
    if flag in ("0", "no", "false", "off"):
        return False
    if flag in ("1", "yes", "true", "on"):
        return True
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


class Status:
    """The progress line. Every method does nothing when it is not shown."""

    INTERVAL = 0.1   # seconds between two redraws of a counter

    def __init__(self, stream=None, show: bool | None = None):
        self.stream = stream or sys.stderr
        self.show = (enabled(self.stream) if show is None else show) and self.stream is not None
        self.width = 0      # length of the line now shown
        self.last = 0.0
        self.columns = 160  # never wider than the terminal: a wrapped line cannot be rewritten
        try:
            if self.show and self.stream.isatty():
                import shutil
                self.columns = max(20, min(160, shutil.get_terminal_size((80, 24)).columns - 1))
        except (AttributeError, ValueError, OSError):
            pass

    def say(self, text: str) -> None:
        """Show ``text`` in place of what the line said (a new stage of the work)."""
        if not self.show:
            return
        # one line: no control or format characters (a file name may hold any: escapes,
        # bidi overrides); the narrow no-break spaces between thousands stay
        text = "".join(" " if unicodedata.category(ch)[0] == "C" else ch for ch in text)
        if len(text) > self.columns:
            text = text[:self.columns - 1] + "…"
        pad = max(0, self.width - len(text))
        try:
            self.stream.write("\r" + text + " " * pad)
            self.stream.flush()
        except (OSError, ValueError, AttributeError):
            self.show = False
            return
        self.width = len(text)
        self.last = time.monotonic()

    def count(self, text: str, done: int, total: int | None = None) -> None:
        """``text done/total`` (or ``text done``), redrawn at most every INTERVAL seconds."""
        if not self.show:
            return
        final = total is not None and done >= total
        if not final and time.monotonic() - self.last < self.INTERVAL:
            return
        figures = number(done) + (" / " + number(total) if total is not None else "")
        self.say(f"{text} {figures}")

    def done(self) -> None:
        """Erase the line."""
        if not self.show or not self.width:
            return
        try:
            self.stream.write("\r" + " " * self.width + "\r")
            self.stream.flush()
        except (OSError, ValueError, AttributeError):
            pass
        self.width = 0


class LateStatus:
    """The progress line for work that is often quick: shown only once it has taken more
    than a second (``say`` keeps the latest stage until then), so a fast command prints
    nothing extra."""

    DELAY = 1.0

    def __init__(self):
        import threading
        self.status, self.text, self.lock = Status(), "", threading.Lock()
        self.shown = self.DELAY <= 0   # no delay: shown from the start
        self.timer = threading.Timer(self.DELAY, self._show)
        self.timer.daemon = True
        if self.status.show and not self.shown:
            self.timer.start()

    def _show(self):
        with self.lock:
            self.shown = True
            if self.text:
                self.status.say(self.text)

    def say(self, text: str) -> None:
        with self.lock:
            self.text = text
            if self.shown:
                self.status.say(text)

    def done(self) -> None:
        self.timer.cancel()
        with self.lock:
            self.shown = False
            self.status.done()
