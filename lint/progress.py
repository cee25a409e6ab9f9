"""A progress bar on standard error for long runs at a terminal.

Shown only when it helps and cannot hurt: more than 50 files, standard error is a terminal, and
the ``CI`` variable is not set (CI logs capture every redraw as a line, and some CI runners give
jobs a pseudo-terminal). The bar is one line redrawn with a carriage return, plain ASCII so any
terminal and encoding shows it, and erased at the end so the terminal keeps only the report.
Anything written to standard error meanwhile (a skipped file, a configuration error that ends
the run) goes through :attr:`Progress.stream`, which erases the bar first; the bar comes back
below it with the next file, so a fatal error is the last thing on the screen.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from typing import TextIO

THRESHOLD = 50  # files; a shorter run finishes before a bar could say anything
_INTERVAL = 0.05  # seconds between redraws; the first and the last state are always drawn


def wanted(stream: TextIO, environ: dict[str, str] | os._Environ = os.environ) -> bool:
    """Whether a bar may be drawn on ``stream`` at all (the file count is checked later)."""
    if environ.get("CI", "").strip().lower() not in ("", "0", "false"):
        return False
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


class Progress:
    def __init__(self, stream: TextIO) -> None:
        self._out = stream
        self._shown = ""  # what the bar line currently holds
        self._state: tuple[int, int, str] | None = None
        self.stream = _AboveTheBar(self)

    def track(self, files: list[str]) -> Iterator[str]:
        """Yield the files, drawing ``[####......]  12/345  path`` before each and erasing at the end."""
        total = len(files)
        if total <= THRESHOLD:
            yield from files
            return
        last = 0.0
        try:
            for done, name in enumerate(files):
                self._state = (done, total, name)
                now = time.monotonic()
                if not self._shown or now - last >= _INTERVAL:
                    self._draw()
                    last = now
                yield name
            self._state = (total, total, "")
            self._draw()
        finally:
            self._state = None
            self._erase()

    def _width(self) -> int:
        try:
            columns = os.get_terminal_size(self._out.fileno()).columns
        except (AttributeError, OSError, ValueError):
            columns = 0
        return columns or 80  # a terminal without a size (a fresh pty) reports 0

    def _line(self) -> str:
        done, total, name = self._state  # type: ignore[misc]
        width = self._width() - 1  # never touch the last column: some terminals wrap there
        counter = f"{done:>{len(str(total))}}/{total}"
        bar_width = max(10, min(30, width - len(counter) - 16))
        filled = bar_width * done // total
        line = f"copydesk [{'#' * filled}{'.' * (bar_width - filled)}] {counter}"
        room = width - len(line) - 2
        if name and room > 5:
            line += "  " + (name if len(name) <= room else "..." + name[len(name) - room + 3 :])
        return line[:width]

    def _draw(self) -> None:
        line = self._line()
        # Spaces over the rest of a longer previous line: no ANSI codes, so dumb terminals work.
        self._out.write("\r" + line + " " * max(0, len(self._shown) - len(line)))
        self._out.flush()
        self._shown = line

    def _erase(self) -> None:
        if self._shown:
            self._out.write("\r" + " " * len(self._shown) + "\r")
            self._out.flush()
            self._shown = ""


class _AboveTheBar:
    """A stderr stand-in: text written while the bar is shown replaces it on its line."""

    def __init__(self, progress: Progress) -> None:
        self._progress = progress

    def write(self, text: str) -> int:
        self._progress._erase()
        return self._progress._out.write(text)

    def flush(self) -> None:
        self._progress._out.flush()

    def __getattr__(self, name: str):
        return getattr(self._progress._out, name)
