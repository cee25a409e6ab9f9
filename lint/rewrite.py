"""Rewriting files during ``copydesk check``: ``--fix``, ``--unsafe-fixes``, ``--diff`` and
``--add-directives``.

:class:`Rewriter` is the runner's ``rewrite`` hook: given a file's bytes it fixes the text
(:mod:`lint.fixes`), then adds directives for what remains (:mod:`lint.add_directives`), and
hands the runner the final document and findings, so the report shows what is left. The new
text is written back atomically (a temporary file in the same folder, then a rename), with the
file's encoding (UTF-8, with its BOM if it had one), line endings (edits touch only their own
span) and mode bits; or, with ``--diff``, shown as a unified diff and not written; or, for
standard input, written to standard output.

Both act on every finding of the selected rules in the file: ``--baseline`` and
``--changed-since`` only choose which findings are reported.
"""

from __future__ import annotations

import difflib
import os
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from .atomic import replace_file
from .document import Document
from .findings import Finding
from .fixes import Relint, fix_document

_BOM = b"\xef\xbb\xbf"


class WriteError(Exception):
    pass


def write_atomically(path: Path, data: bytes, expected: bytes) -> None:
    """Replace the file's content with ``data``, all or nothing, keeping its mode bits.

    The file must still hold ``expected`` (what was linted): an editor that saved it in the
    meantime wins. A read-only file is refused even where the folder would allow the rename:
    a read-only article is not to be rewritten. A symbolic link is followed, so the link stays.
    """
    target = Path(os.path.realpath(path))
    try:
        st = target.stat()
        if not stat.S_ISREG(st.st_mode):
            raise WriteError("not a regular file")  # a device or FIFO must never be renamed over
        if not st.st_mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH) or not os.access(target, os.W_OK):
            raise WriteError("the file is read-only")
        if target.read_bytes() != expected:
            raise WriteError("the file changed while it was being fixed")
    except OSError as exc:
        raise WriteError(exc.strerror or str(exc)) from None
    try:
        replace_file(target, data)
    except OSError as exc:
        raise WriteError(exc.strerror or str(exc)) from None


def _split(text: str) -> list[str]:
    """Lines with their endings; only "\\n" ends a line, as for the line numbers."""
    lines = text.split("\n")
    out = [line + "\n" for line in lines[:-1]]
    if lines[-1]:
        out.append(lines[-1])
    return out


def unified_diff(display: str, old: str, new: str) -> str:
    """A unified diff of the file (``--- display`` / ``+++ display``, three lines of context),
    which ``patch -p0`` applies; a last line without a line ending is marked as ``diff`` does."""
    out = []
    for line in difflib.unified_diff(_split(old), _split(new), display, display):
        out.append(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n")
    return "".join(out)


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


@dataclass
class Rewriter:
    fix: bool = False
    unsafe: bool = False
    add_directives: bool = False
    diff: bool = False
    out: TextIO | None = None  # the diff, or the fixed standard input, goes here
    stdin: bytes | None = None  # the bytes read from '-': written back to ``out``, fixed
    run: object = None  # the Run, for notices and the error count
    fixed: int = 0
    fixed_files: int = 0
    added: int = 0
    added_files: int = 0
    changed_files: int = 0
    skipped: dict[str, int] = field(default_factory=dict)
    unsettled: list[str] = field(default_factory=list)
    would_remain: int = 0  # with --diff: the findings left after the changes shown
    _stdin_done: bool = False

    def attach(self, run) -> None:
        self.run = run
        run.rewrite = self

    def _notice(self, message: str) -> None:
        self.run.notice(message)

    def __call__(self, display: str, path: Path | None, data: bytes, doc: Document,
                 findings: list[Finding], relint: Relint) -> tuple[Document, list[Finding]]:
        from_stdin = self.stdin is not None and data is self.stdin and not self._stdin_done
        if from_stdin:
            self._stdin_done = True
        if doc.decode_errors:
            self._notice(f"{display}: left as it is: it holds bytes that are not UTF-8")
            self._emit_stdin(from_stdin, data)
            self.would_remain += len(findings)
            return doc, findings
        original = doc.source
        # Lint again rather than trust ``findings``: they may come from a cache of results.
        doc, findings = as_it_is = relint(original)
        fixed = 0
        if self.fix:
            result = fix_document(doc, findings, relint, self.unsafe)
            doc, findings, fixed = result.doc, result.findings, result.fixed
            if not result.settled:
                self.unsettled.append(display)
        added = 0
        if self.add_directives:
            doc, findings, added = self._add(display, doc, findings, relint)
        if doc.source == original:
            self._emit_stdin(from_stdin, data)
            self.would_remain += len(findings)
            return doc, findings
        new = (_BOM if data.startswith(_BOM) else b"") + doc.source.encode("utf-8")
        if self.diff:
            self.out.write(unified_diff(display, original, doc.source))
            self._count(fixed, added, len(findings))
            return as_it_is  # nothing was written: the report is of the file as it is
        if from_stdin:
            self._write_out(new)
        else:
            try:
                write_atomically(path, new, data)
            except WriteError as exc:
                self._notice(f"{display}: cannot write: {exc}; the file is unchanged")
                self.run.summary.errors += 1
                return as_it_is
        self._count(fixed, added)
        return doc, findings

    def _count(self, fixed: int, added: int, remaining: int = 0) -> None:
        self.changed_files += 1
        self.fixed += fixed
        self.fixed_files += bool(fixed)
        self.added += added
        self.added_files += bool(added)
        self.would_remain += remaining

    def _add(self, display, doc, findings, relint):
        from .add_directives import add_until_settled

        doc, findings, added, skipped = add_until_settled(doc, findings, relint)
        for reason, n in skipped.items():
            if reason.startswith("plain text"):
                self.skipped[reason] = self.skipped.get(reason, 0) + 1
            else:
                self._notice(f"{display}: {_plural(n, 'finding')} left without a directive: {reason}")
        return doc, findings, added

    def _emit_stdin(self, from_stdin: bool, data: bytes) -> None:
        """Standard input fixed with nothing to change still goes through to the output."""
        if from_stdin and not self.diff:
            self._write_out(data)

    def _write_out(self, data: bytes) -> None:
        """Bytes as they are to the output (a text stream without a buffer gets text)."""
        buffer = getattr(self.out, "buffer", None)
        if buffer is not None:
            self.out.flush()
            buffer.write(data)
        else:
            self.out.write(data.decode("utf-8", "replace"))

    def finish(self) -> None:
        """The closing notices; with ``--diff`` the exit code says whether there was a diff."""
        run = self.run
        if self.stdin is not None and not self._stdin_done:  # e.g. binary input, skipped
            self._emit_stdin(True, self.stdin)
        if hasattr(self.out, "flush"):
            self.out.flush()
        for display in self.unsettled:
            self._notice(f"{display}: fixes still applied after several passes; stopped (please report)")
        if self.skipped:
            n = next(iter(self.skipped.values()))
            self._notice(f"{_plural(n, 'plain-text file')} got no directives: plain text has no comment "
                         "that stays out of print (use a baseline or a per-file ignore for them)")
        # --diff reports the files as they are; what would remain is counted here instead
        remaining = self.would_remain if self.diff else sum(run.summary.levels.values())
        verb = "would " if self.diff else ""
        if self.fix:
            self._notice(f"{verb}{'fix' if self.diff else 'fixed'} {_plural(self.fixed, 'finding')}"
                         f" in {_plural(self.fixed_files, 'file')} ({remaining} remaining)")
        if self.add_directives:
            self._notice(f"{verb}{'add' if self.diff else 'added'} {_plural(self.added, 'directive')}"
                         f" to {_plural(self.added_files, 'file')}")
        if self.diff:  # like ruff: exit 1 when there is something to change
            run.failed = self.changed_files > 0
