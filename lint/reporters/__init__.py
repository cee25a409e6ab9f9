"""Reporters: a registry of small classes with a start / file / finish lifecycle.

Built-ins are registered by name exactly like third-party reporters, which use the
``copydesk.reporters`` entry point group (value ``module:Class``). A reporter's module is
imported only when it is chosen.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from importlib import import_module
from importlib.metadata import entry_points
from typing import TextIO

from ..document import Document
from ..findings import Finding

BUILTIN_REPORTERS = {
    "text": "lint.reporters.text:TextReporter",
    "json": "lint.reporters.json:JsonReporter",
}


@dataclass
class Summary:
    files: int = 0
    skipped: int = 0
    errors: int = 0  # input errors (unreadable files)
    levels: Counter = field(default_factory=Counter)


@dataclass
class ReporterOptions:
    show_source: bool = True
    color: bool = False


class Reporter:
    """Base class. ``stream`` receives the report; notices go to stderr, not here."""

    name = ""

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
    return {ep.name: ep.value for ep in entry_points(group="copydesk.reporters")}


def reporter_names() -> list[str]:
    return list(BUILTIN_REPORTERS) + sorted(set(_plugins()) - set(BUILTIN_REPORTERS))


def reporter_class(name: str) -> type[Reporter]:
    target = BUILTIN_REPORTERS.get(name) or _plugins()[name]
    module, _, attr = target.partition(":")
    return getattr(import_module(module), attr)
