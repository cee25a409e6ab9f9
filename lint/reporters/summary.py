"""What the terminal gets besides a report: the summary line, and ``--statistics``.

``SummaryReporter`` prints only ``Checked N files, M findings (…).``: it runs next to a report
written to a file or in a machine format (see :mod:`lint.reporters.tee`). ``StatisticsReporter``
prints one row per rule and level, most frequent first, then the summary line (like ruff's
``--statistics``)::

    12  warning  redundancy.pleonasm    Flags a redundant expression, one whose extra word …
     3  error    attribution.duplicate  Flags a source attributed twice within one sentence, …
"""

from __future__ import annotations

import os
from collections import Counter

from ..levels import level_rank
from . import Reporter, Summary
from .text import _COLORS, _RESET


class SummaryReporter(Reporter):
    name = "summary"
    # Its output follows from the files' names, findings and options alone, and it writes
    # nothing before the first file: a run's report may be kept and written again
    # (lint/result_replay.py).
    replayable = True

    def finish(self, summary: Summary) -> None:
        self.stream.write(summary.line() + "\n")


def statistics_rows(counts: Counter, texts: dict[str, str]) -> list[tuple[int, str, str, str]]:
    """(count, level, rule, text) per (rule, level), most frequent first, then by rule id."""
    rows = [(n, level, rule, texts.get(rule, "")) for (rule, level), n in counts.items()]
    rows.sort(key=lambda r: (-r[0], r[2], -level_rank(r[1])))
    return rows


class StatisticsReporter(SummaryReporter):
    name = "statistics"

    def start(self) -> None:
        self._counts: Counter[tuple[str, str]] = Counter()
        self._first_message: dict[str, str] = {}

    def file(self, path, doc, findings) -> None:
        for f in findings:
            self._counts[(f.rule, f.level)] += 1
            self._first_message.setdefault(f.rule, f.message)

    def _text(self, rule_id: str) -> str:
        """The rule's summary; a rule without metadata (a plug-in's finding) shows a message."""
        rule = self.rules.get(rule_id)
        return (rule.summary if rule is not None else "") or self._first_message.get(rule_id, "")

    def finish(self, summary: Summary) -> None:
        rows = statistics_rows(self._counts, {r: self._text(r) for r, _ in self._counts})
        if rows:
            n_width = len(str(rows[0][0]))
            l_width = max(len(r[1]) for r in rows)
            r_width = max(len(r[2]) for r in rows)
            width = self._width()
            for n, level, rule, text in rows:
                shown = f"{level:<{l_width}}"
                head_width = n_width + l_width + r_width + 6
                if width and head_width + len(text) > width:
                    text = text[: max(0, width - head_width - 1)] + "…"
                if self.options.color:
                    shown = f"{_COLORS.get(level, '')}{level}{_RESET}" + shown[len(level):]
                self.stream.write(f"{n:>{n_width}}  {shown}  {rule:<{r_width}}  {text}".rstrip() + "\n")
            self.stream.write("\n")
        super().finish(summary)

    def _width(self) -> int | None:
        """Columns of the terminal the table goes to; None (no cut) when it is not one."""
        try:
            if not self.stream.isatty():
                return None
            columns = os.get_terminal_size(self.stream.fileno()).columns
        except (AttributeError, OSError, ValueError):
            return None
        return columns - 1 if columns else None  # a terminal without a size reports 0
