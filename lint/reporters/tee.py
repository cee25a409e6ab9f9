"""One run, several reporters: the report for a file or a tool, the summary for the terminal."""

from __future__ import annotations

from collections.abc import Mapping

from . import Reporter, Summary


class Tee(Reporter):
    """Forwards every lifecycle call to each reporter, in order; ``rules`` is shared with them."""

    name = "tee"

    def __init__(self, *reporters: Reporter) -> None:
        self.reporters = reporters

    @property
    def rules(self) -> Mapping:  # type: ignore[override]
        return self.reporters[0].rules

    @rules.setter
    def rules(self, value: Mapping) -> None:
        for r in self.reporters:
            r.rules = value

    def start(self) -> None:
        for r in self.reporters:
            r.start()

    def file(self, path, doc, findings) -> None:
        for r in self.reporters:
            r.file(path, doc, findings)

    def finish(self, summary: Summary) -> None:
        for r in self.reporters:
            r.finish(summary)
