"""``text``: ``path:line:col: level rule message``, the source line with a caret, a summary."""

from __future__ import annotations

from . import Reporter, Summary

_COLORS = {"error": "\033[31m", "warning": "\033[33m", "suggestion": "\033[36m"}
_BOLD, _DIM, _RESET = "\033[1m", "\033[2m", "\033[0m"
_MAX_SOURCE = 160  # columns of a long line shown around the finding


class TextReporter(Reporter):
    name = "text"
    # Its output follows from the files' names, findings and options alone, and it writes
    # nothing before the first file: a run's report may be kept and written again
    # (lint/result_replay.py).
    replayable = True

    def _c(self, code: str, text: str) -> str:
        return f"{code}{text}{_RESET}" if self.options.color else text

    def file(self, path, doc, findings) -> None:
        if not findings:
            return
        parts = []  # one write per file: a write per line was a fifth of a warm run
        color = self.options.color
        source = self.options.show_source and doc is not None
        for f in findings:
            if color:
                level = self._c(_COLORS.get(f.level, ""), f.level)
                parts.append(f"{self._c(_BOLD, f'{path}:{f.line}:{f.column}')}: {level} {self._c(_DIM, f.rule)} {f.message}\n")
            else:  # the same line, without a call per part (a warm run prints thousands)
                parts.append(f"{path}:{f.line}:{f.column}: {f.level} {f.rule} {f.message}\n")
            if source:
                parts.append(self._source(doc, f))
        self.stream.write("".join(parts))

    def _source(self, doc, f) -> str:
        line = doc.line_text(f.line).replace("\t", " ")
        width = (f.end_column - f.column) if f.end_line == f.line else len(line) - f.column + 1
        col = f.column - 1
        # Long lines (a paragraph per line is common) are cut to a window around the span.
        offset = max(0, col - 60) if len(line) > _MAX_SOURCE else 0
        shown = line[offset : offset + _MAX_SOURCE]
        prefix = "…" if offset else ""
        suffix = "…" if offset + _MAX_SOURCE < len(line) else ""
        caret = " " * (col - offset + len(prefix)) + "^" * max(1, min(width, _MAX_SOURCE - (col - offset)))
        if self.options.color:
            caret = self._c(_COLORS.get(f.level, ""), caret)
        return f"  {prefix}{shown}{suffix}\n  {caret}\n"

    def finish(self, summary: Summary) -> None:
        total = sum(summary.levels.values())
        self.stream.write(("\n" if total else "") + summary.line() + "\n")
