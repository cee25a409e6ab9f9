"""Reporters: a registry of small classes with a start / file / finish lifecycle.

Built-ins are registered by name exactly like third-party reporters, which use the
``copydesk.reporters`` entry point group (value ``module:Class``). A reporter's module is
imported only when it is chosen.

The runner sets ``reporter.rules`` before ``start()``: the rules that ran, by id, filled in as
files are linted (complete by ``finish()``). Formats that describe rules (SARIF, rdjson) read
their metadata from it; a reporter that ignores it keeps working unchanged.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from importlib import import_module
from types import MappingProxyType
from typing import TYPE_CHECKING, TextIO

from ..levels import LEVELS
from ..records import Record

if TYPE_CHECKING:  # the document model and the rules: a warm run's report needs neither
    from ..document import Document
    from ..findings import Finding
    from ..rules import Rule

# Where reports point readers for the tool (SARIF informationUri, rdjson source.url).
TOOL_NAME = "copydesk"
TOOL_URL = "https://example.org/your/copydesk"

BUILTIN_REPORTERS = {
    "text": "lint.reporters.text:TextReporter",
    "json": "lint.reporters.json:JsonReporter",
    "jsonl": "lint.reporters.jsonl:JsonLinesReporter",
    "sarif": "lint.reporters.sarif:SarifReporter",
    "github": "lint.reporters.github:GithubReporter",
    "gitlab": "lint.reporters.gitlab:GitlabReporter",
    "junit": "lint.reporters.junit:JunitReporter",
    "rdjson": "lint.reporters.rdjson:RdjsonReporter",
    "html": "lint.reporters.html:HtmlReporter",
}


class Summary(Record):
    """What a run counted: files, skipped files, input errors (unreadable files), findings per
    level, and the files whose findings came from the result cache."""

    _fields = ("files", "skipped", "errors", "levels", "cached")

    def __init__(self, files: int = 0, skipped: int = 0, errors: int = 0, levels: Counter | None = None,
                 cached: int = 0) -> None:
        self.files = files
        self.skipped = skipped
        self.errors = errors
        self.levels = Counter() if levels is None else levels
        self.cached = cached

    def line(self) -> str:
        """``Checked 4 files, 5 findings (2 errors, 3 warnings).``: the run in one sentence."""
        parts = [_plural(self.files, "file")]
        total = sum(self.levels.values())
        detail = ", ".join(_plural(self.levels[l], l) for l in reversed(LEVELS) if self.levels[l])
        parts.append(_plural(total, "finding") + (f" ({detail})" if detail else ""))
        if self.skipped:
            parts.append(f"{self.skipped} skipped")
        if self.errors:
            parts.append(_plural(self.errors, "error"))
        return "Checked " + ", ".join(parts) + "."


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


class ReporterOptions(Record):
    _fields = ("show_source", "color")

    def __init__(self, show_source: bool = True, color: bool = False) -> None:
        self.show_source = show_source
        self.color = color


class Reporter:
    """Base class. ``stream`` receives the report; notices go to stderr, not here."""

    name = ""
    # The rules that ran, by id (see the module docstring); the runner replaces this default.
    rules: Mapping[str, Rule] = MappingProxyType({})

    def __init__(self, stream: TextIO, options: ReporterOptions) -> None:
        self.stream = stream
        self.options = options

    def start(self) -> None:
        pass

    def file(self, path: str, doc: Document | None, findings: list[Finding]) -> None:
        pass

    def finish(self, summary: Summary) -> None:
        pass


def _plugins() -> dict[str, str]:
    from ..plugins import entry_points_of

    return dict(entry_points_of("copydesk.reporters"))


def reporter_names() -> list[str]:
    return list(BUILTIN_REPORTERS) + sorted(set(_plugins()) - set(BUILTIN_REPORTERS))


def reporter_class(name: str) -> type[Reporter]:
    target = BUILTIN_REPORTERS.get(name) or _plugins()[name]
    module, _, attr = target.partition(":")
    return getattr(import_module(module), attr)
