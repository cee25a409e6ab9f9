"""``--output-file``: the report is written beside its target and renamed over it when done.

A reader (a CI upload step, an editor watching the file) never sees half a report, and a run
that stops on a configuration error leaves the previous report as it was. Missing parent
folders are created, as ruff does. A symlink is followed, so the file it points to is updated.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import TextIO

from ..atomic import new_file_mode


class ReportFile:
    def __init__(self, path: Path) -> None:
        self.path = Path(os.path.realpath(path))
        if self.path.is_dir():
            raise IsADirectoryError(21, "Is a directory")
        self._done = False
        try:
            self._direct = not stat.S_ISREG(self.path.stat().st_mode)
        except FileNotFoundError:
            self._direct = False
        if self._direct:
            # /dev/null, a FIFO, a terminal: renaming over it would replace the device with a
            # regular file (for /dev/null, breaking the whole machine). Write to it as it is.
            self._tmp = ""
            self.stream: TextIO = open(self.path, "w", encoding="utf-8", newline="\n")
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        import tempfile  # noqa: PLC0415 - 3 ms that a report to a device (/dev/null) never needs

        # A name no walk would lint (dot prefix, .tmp suffix) in the same folder, so the final
        # rename stays on one file system and is atomic.
        fd, self._tmp = tempfile.mkstemp(prefix=f".{self.path.name}.", suffix=".tmp", dir=self.path.parent)
        self.stream = os.fdopen(fd, "w", encoding="utf-8", newline="\n")

    def commit(self) -> None:
        """Put the finished report in place (OSError if it cannot be; the temporary file is gone)."""
        self.stream.close()
        if self._direct:
            self._done = True
            return
        try:
            try:
                mode = self.path.stat().st_mode & 0o7777  # keep the mode of the report it replaces
            except FileNotFoundError:
                mode = new_file_mode()  # what open() would have given a new file (mkstemp: 0600)
            os.chmod(self._tmp, mode)
            os.replace(self._tmp, self.path)
        except OSError:
            self.discard()
            raise
        self._done = True

    def discard(self) -> None:
        """Drop an unfinished report; after :meth:`commit`, nothing to do."""
        if self._done:
            return
        self._done = True
        self.stream.close()
        if self._direct:
            return
        try:
            os.unlink(self._tmp)
        except FileNotFoundError:
            pass
